// Escalation edges granted only by a resource-based policy: the review decides each method step
// in full (identity and resource policies, escalation-methods.ts / risk-escalation.ts), so a user
// with no identity policy at all escalates when a Lambda function's own policy lets it replace
// the function's code (Rhino Security Labs 17), and through the function onto its role's own
// escalations; and a role's trust policy naming a user lets the user in without an identity
// policy in the same account. Before, the review looked for a method, and followed the graph's
// method edges from a principal, only when some identity Allow of the principal could match the
// method's actions: the function-policy grant had no finding and `diff --fail-on risk` passed it,
// while the spec's `noEscalation` (escalation.ts, every edge decided in full) failed.
//
// Pages:
// - AWS Lambda Developer Guide, "Working with resource-based policies in Lambda": "With
//   resource-based permissions policies, you can grant other AWS accounts, users, organizations,
//   and AWS services access to your Lambda functions",
//   https://docs.aws.amazon.com/lambda/latest/dg/access-control-resource-based.html
// - Amazon DynamoDB Developer Guide, "Authorization with IAM identity-based policies and DynamoDB
//   resource-based policies": "If the IAM principal is from the same account as the resource
//   owner, a resource-based policy is sufficient to specify access permissions to the resource",
//   https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/rbac-auth-iam-id-based-policies-DDB.html
// - Rhino Security Labs, method 17, "Updating the code of an existing Lambda function",
//   https://rhinosecuritylabs.com/aws/aws-privilege-escalation-methods-mitigation/
// - IAM User Guide, "Switch from a user to an IAM role (AWS CLI)": "When you assume a role, you
//   give up your original permissions and take the permissions assigned to the role".

import { describe, expect, it } from 'vitest';
import { becomePaths } from '../src/analysis/escalation.js';
import { ACCOUNT_A, allow, arns, policy, REGION, TestModel, testSource } from './helpers/engine-fixtures.js';
import { escalationFindings, noEscalationCheck } from './helpers/escalation-findings.js';

const PAGE = {
  lambda:
    'AWS Lambda Developer Guide: "With resource-based permissions policies, you can grant other AWS accounts, users, organizations, and AWS services access to your Lambda functions"',
  sameAccount:
    'DynamoDB Developer Guide: "If the IAM principal is from the same account as the resource owner, a resource-based policy is sufficient to specify access permissions to the resource"',
  assume:
    'IAM User Guide: "When you assume a role, you give up your original permissions and take the permissions assigned to the role"',
};

const FN = `arn:aws:lambda:${REGION}:${ACCOUNT_A}:function:fn`;
const RHINO_17 = 'Rhino Security Labs method 17';

/**
 * User dev (no identity policy), a function `fn` running as role `runner` (with
 * `runnerStatements`), whose own policy grants dev `fnActions` when given.
 */
function model(runnerStatements: Record<string, unknown>[], fnActions?: string[]) {
  const t = new TestModel();
  t.user('dev');
  t.role('runner', {
    trust: policy(allow('sts:AssumeRole', undefined, { Principal: { Service: 'lambda.amazonaws.com' } })),
    inline: [policy(...runnerStatements)],
  });
  t.resource('lambda-function', FN, {
    name: 'fn',
    ...(fnActions ? { policy: policy(allow(fnActions, FN, { Principal: { AWS: arns.user('dev') } })) } : {}),
  });
  t.b.linkRoleUse(arns.role('runner'), {
    kind: 'lambda-function',
    name: 'fn',
    arn: FN,
    service: 'lambda.amazonaws.com',
    source: testSource('fn'),
  });
  return t.engine();
}

describe(`a function's own policy granting lambda:UpdateFunctionCode (${PAGE.lambda})`, () => {
  it('a user with no identity policy has the Rhino 17 finding when the function runs as an administrator', () => {
    const engine = model([allow('*', '*')], ['lambda:UpdateFunctionCode']);
    const dev = arns.user('dev');
    const f = escalationFindings(engine).get(`${dev} ${RHINO_17}`);
    expect(f, PAGE.sameAccount).toBeDefined();
    expect(f!.message).toContain('user dev can replace the code of an existing Lambda function');
    // The grant is the function policy's statement.
    expect(f!.statements.map((s) => s.policy)).toEqual(['resource policy of fn']);
    // The graph (noEscalation) and the review agree.
    expect(becomePaths(engine, dev).map((p) => [p.to, p.path.map((e) => e.how)])).toEqual([
      [arns.role('runner'), ['update-code']],
    ]);
    expect(noEscalationCheck(engine, 'user/dev').status).toBe('fail');
  });

  it("and the function's role's own escalation, through the function (a chain)", () => {
    const engine = model([allow('iam:PutRolePolicy', arns.role('runner'))], ['lambda:UpdateFunctionCode']);
    const dev = arns.user('dev');
    const f = escalationFindings(engine).get(`${dev} Rhino Security Labs method 12, through a chain`);
    expect(f, PAGE.lambda).toBeDefined();
    expect(f!.severity).toBe('high');
    expect(f!.message).toContain(
      'The path: as user dev, lambda:UpdateFunctionCode on Lambda function fn (running as role runner), allowed by resource policy of fn',
    );
  });

  it('without the grant (or with an invoke-only grant): no finding for dev', () => {
    for (const actions of [undefined, ['lambda:InvokeFunction']]) {
      const engine = model([allow('*', '*')], actions);
      const dev = arns.user('dev');
      expect([...escalationFindings(engine).keys()].filter((k) => k.startsWith(dev))).toEqual([]);
      expect(noEscalationCheck(engine, 'user/dev').status).toBe('pass');
    }
  });
});

describe('the resource-policy grant is for the principals it names', () => {
  it('a function policy naming user other: other has the Rhino 17 finding, dev none', () => {
    const t = new TestModel();
    t.user('dev');
    t.user('other');
    t.role('runner', {
      trust: policy(allow('sts:AssumeRole', undefined, { Principal: { Service: 'lambda.amazonaws.com' } })),
      inline: [policy(allow('*', '*'))],
    });
    t.resource('lambda-function', FN, {
      name: 'fn',
      policy: policy(allow('lambda:UpdateFunctionCode', FN, { Principal: { AWS: arns.user('other') } })),
    });
    t.b.linkRoleUse(arns.role('runner'), {
      kind: 'lambda-function',
      name: 'fn',
      arn: FN,
      service: 'lambda.amazonaws.com',
      source: testSource('fn'),
    });
    const found = escalationFindings(t.engine());
    expect(found.has(`${arns.user('other')} ${RHINO_17}`), PAGE.lambda).toBe(true);
    expect([...found.keys()].filter((k) => k.startsWith(arns.user('dev')))).toEqual([]);
  });
});

describe(`a role's trust policy naming a user in the same account (${PAGE.assume})`, () => {
  it("the user, with no identity policy, has the role's escalation through the chain", () => {
    const t = new TestModel();
    t.user('dev');
    t.role('ops', {
      trust: policy(allow('sts:AssumeRole', undefined, { Principal: { AWS: arns.user('dev') } })),
      inline: [policy(allow('iam:PutRolePolicy', arns.role('ops')))],
    });
    const engine = t.engine();
    const dev = arns.user('dev');
    const f = escalationFindings(engine).get(`${dev} Rhino Security Labs method 12, through a chain`);
    expect(f, PAGE.sameAccount).toBeDefined();
    expect(f!.message).toContain(
      'The path: sts:AssumeRole into role ops, allowed by trust policy of role ops',
    );
    expect(becomePaths(engine, dev).map((p) => [p.to, p.path.map((e) => e.how)])).toEqual([
      [arns.role('ops'), ['assume']],
    ]);
    expect(noEscalationCheck(engine, 'user/dev').status).toBe('fail');
  });
});
