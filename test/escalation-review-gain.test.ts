// The review's Rhino Security Labs method 17 (lambda:UpdateFunctionCode) uses the gain rule of the
// escalation graph (escalation-gain.ts `accessGains`, what `noEscalation` asks): replacing the code
// of a function whose execution role has no access the principal lacks is no escalation. Before,
// the review reported it on any function ([medium]) while `noEscalation` passed.
//
// Pages: AWS Lambda Developer Guide, "Defining Lambda function permissions with an execution role":
// "A Lambda function's execution role is an AWS Identity and Access Management (IAM) role that
// grants the function permission to access AWS services and resources"; Rhino Security Labs,
// method 17, "Updating the code of an existing Lambda function".

import { describe, expect, it } from 'vitest';
import { reviewRisks } from '../src/analysis/risks.js';
import { parseSpec } from '../src/spec/parse.js';
import { runSpec } from '../src/spec/run.js';
import { ACCOUNT_A, allow, arns, policy, REGION, TestModel, testSource } from './helpers/engine-fixtures.js';

const FN = `arn:aws:lambda:${REGION}:${ACCOUNT_A}:function:worker`;
const LOGS = `arn:aws:logs:${REGION}:${ACCOUNT_A}:log-group:/aws/lambda/worker`;

/** How the inputs name the function that runs with the role (`usedBy`): its ARN, or a name only. */
type FunctionUse = { name: string; arn: string };

function verdicts(
  roleInline: unknown[],
  roleManaged: string[] = [],
  use: FunctionUse = { name: 'worker', arn: FN },
) {
  const t = new TestModel();
  t.user('dev', {
    inline: [policy(allow('lambda:UpdateFunctionCode', FN), allow('logs:PutLogEvents', LOGS))],
  });
  t.role('worker-role', {
    trust: policy(allow('sts:AssumeRole', undefined, { Principal: { Service: 'lambda.amazonaws.com' } })),
    inline: roleInline,
    managed: roleManaged,
  });
  t.resource('lambda-function', FN, { name: 'worker' });
  t.b.linkRoleUse(arns.role('worker-role'), {
    kind: 'lambda-function',
    ...use,
    service: 'lambda.amazonaws.com',
    source: testSource('worker'),
  });
  const engine = t.engine();
  const spec = parseSpec('version: 1\nexpect:\n  - { id: dev, principal: user/dev, noEscalation: true }\n');
  const check = runSpec(engine.model, spec, { engine }).expectations[0]!;
  const findings = reviewRisks(engine).filter(
    (f) => f.kind === 'privilege-escalation' && f.subject === arns.user('dev'),
  );
  return { check: check.status, details: findings.map((f) => f.detail) };
}

describe('Rhino 17 in the review: only when the function role gains something', () => {
  it('a role with only what the principal has already: no finding, and noEscalation passes', () => {
    const r = verdicts([policy(allow('logs:PutLogEvents', LOGS))]);
    expect(r.details).toEqual([]);
    expect(r.check).toBe('pass');
  });
  it('an administrator role: the finding, and noEscalation fails', () => {
    const r = verdicts([], ['arn:aws:iam::aws:policy/AdministratorAccess']);
    expect(r.details).toContain('Rhino Security Labs method 17');
    expect(r.check).toBe('fail');
  });
});

// The review indexes the roles of the functions once per review (risk-escalation.ts
// `functionRoleIndex`): a use the inputs name by ARN, or without one by the function's name (the
// part of the function ARN after `:function:`); a function no use names may run with any role.
describe('Rhino 17: which role a function runs with', () => {
  const HARMLESS = [policy(allow('logs:PutLogEvents', LOGS))];
  it('a use named without an ARN links its role by the function name', () => {
    const r = verdicts(HARMLESS, [], { name: 'worker', arn: 'WorkerFunction' });
    expect(r.details).toEqual([]);
    expect(r.check).toBe('pass');
  });
  it('a use of another function name links nothing: the function may run as any role', () => {
    for (const name of ['workers', 'work', 'er']) {
      const r = verdicts(HARMLESS, [], { name, arn: 'WorkerFunction' });
      expect(r.details).toContain('Rhino Security Labs method 17');
    }
  });
  it('a use naming another function ARN links nothing', () => {
    const r = verdicts(HARMLESS, [], { name: 'worker', arn: `${FN}-v2` });
    expect(r.details).toContain('Rhino Security Labs method 17');
  });
  it('each review indexes its own model: the same names with another role decide again', () => {
    const admin = verdicts([], ['arn:aws:iam::aws:policy/AdministratorAccess']);
    const harmless = verdicts(HARMLESS);
    const adminAgain = verdicts([], ['arn:aws:iam::aws:policy/AdministratorAccess']);
    expect(admin.details).toContain('Rhino Security Labs method 17');
    expect(harmless.details).toEqual([]);
    expect(adminAgain.details).toEqual(admin.details);
  });
});
