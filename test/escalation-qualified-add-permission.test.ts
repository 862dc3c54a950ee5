// Rewriting a Lambda function's policy on a version or alias is an escalation too: a principal
// allowed lambda:AddPermission only on the alias ARN `function:fn:live` adds a statement letting
// itself invoke the alias, whose code runs with the function's execution role. Before,
// escalation-writes.ts tried the write only on the unqualified function ARN (denied to it), so
// neither the review nor the spec's `noEscalation` found it; now it tries each version- or
// alias-qualified ARN of the function the model knows (aws/lambda.ts `qualifiedFunctionArns`).
//
// Pages:
// - AWS Lambda API Reference, AddPermission: "Grants a principal permission to use a function",
//   and FunctionName: "The name or ARN of the Lambda function, version, or alias",
//   https://docs.aws.amazon.com/lambda/latest/api/API_AddPermission.html
// - AWS Lambda Developer Guide, "Using Lambda aliases in event sources and permissions policies":
//   "if you use an alias name (such as helloworld:PROD), the permission allows you to invoke the
//   helloworld function using the alias ARN (helloworld:PROD)",
//   https://docs.aws.amazon.com/lambda/latest/dg/using-aliases.html

import { describe, expect, it } from 'vitest';
import { ACCOUNT_A, allow, arns, policy, REGION, TestModel } from './helpers/engine-fixtures.js';
import { escalationFindings, noEscalationCheck } from './helpers/escalation-findings.js';

const PAGE = {
  addPermission:
    'AWS Lambda API Reference, AddPermission: "Grants a principal permission to use a function"; FunctionName: "The name or ARN of the Lambda function, version, or alias"',
  alias:
    'AWS Lambda Developer Guide, "Using Lambda aliases in event sources and permissions policies": "if you use an alias name (such as helloworld:PROD), the permission allows you to invoke the helloworld function using the alias ARN (helloworld:PROD)"',
};

const FN = `arn:aws:lambda:${REGION}:${ACCOUNT_A}:function:fn`;
const LIVE = `${FN}:live`;

/**
 * Function fn, whose policy lets API Gateway invoke its alias `live` (so the model knows the
 * alias ARN); user dev may call lambda:AddPermission on `addPermissionOn` only.
 */
function model(addPermissionOn: string) {
  const t = new TestModel();
  t.resource('lambda-function', FN, {
    name: 'fn',
    policy: policy(
      allow('lambda:InvokeFunction', LIVE, { Principal: { Service: 'apigateway.amazonaws.com' } }),
    ),
  });
  t.user('dev', { inline: [policy(allow('lambda:AddPermission', addPermissionOn))] });
  return t.engine();
}

describe(`lambda:AddPermission on an alias ARN only is a resource-policy write (${PAGE.addPermission}; ${PAGE.alias})`, () => {
  it('review: dev has the resource-policy write finding, naming the alias', () => {
    const f = escalationFindings(model(LIVE)).get(`${arns.user('dev')} resource-policy write`);
    expect(f, PAGE.alias).toBeDefined();
    expect(f!.message).toContain('lambda:AddPermission on function:fn:live');
  });

  it('spec noEscalation: fails, the write on the alias being the last step', () => {
    const check = noEscalationCheck(model(LIVE), 'user/dev');
    expect(check.status).toBe('fail');
    expect(check.message).toContain(`lambda:AddPermission on ${LIVE}`);
  });

  it('AddPermission on another function’s alias gains nothing here (no finding, noEscalation passes)', () => {
    const other = `arn:aws:lambda:${REGION}:${ACCOUNT_A}:function:other:live`;
    expect(escalationFindings(model(other)).get(`${arns.user('dev')} resource-policy write`)).toBeUndefined();
    expect(noEscalationCheck(model(other), 'user/dev').status).toBe('pass');
  });
});
