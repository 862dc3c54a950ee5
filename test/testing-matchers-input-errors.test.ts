// The matchers on a model with an error about the inputs that could change a verdict (a role
// without AssumeRolePolicyDocument: CloudFormation rejects the template, cfn/invalid-resource):
// every matcher throws, whatever `.not` and without `strict`, naming the error, as `iamspec
// check` exits 2 and the CDK validation plugin fails (src/spec/warnings.ts failingInputWarnings).
// A warning that could change a verdict still throws only with `strict`.

import { describe, expect, it } from 'vitest';
import '../src/testing/vitest.js';
import { loadTemplateFile } from '../src/adapters/cloudformation/index.js';
import { ModelBuilder } from '../src/model/builder.js';

const TEMPLATE = 'test/fixtures/check/role-without-trust.yaml';
const ACCOUNT = '111122223333';

function modelOf(region?: string) {
  const b = new ModelBuilder();
  loadTemplateFile(TEMPLATE, b, { account: ACCOUNT, ...(region ? { region } : {}) });
  return b.build();
}

const request = {
  principal: 'role/reader',
  action: 'sqs:SendMessage',
  resource: `arn:aws:sqs:us-east-1:${ACCOUNT}:q`,
};
const ERROR =
  /toAllow: 1 error about the inputs could change a verdict, so the run fails \(errors fail without strict\):\n[\s\S]*\n {2}[^\n]*role Reader has no AssumeRolePolicyDocument \[cfn\/invalid-resource\]/;

describe('matchers on a model with an error about the inputs', () => {
  it('toAllow and its .not throw without strict, naming the error and its place', () => {
    const model = modelOf('us-east-1');
    expect(model.findings.some((f) => f.code === 'cfn/invalid-resource' && f.severity === 'error')).toBe(
      true,
    );
    expect(() => expect(model).toAllow(request)).toThrow(ERROR);
    expect(() => expect(model).not.toAllow(request)).toThrow(ERROR);
    expect(() => expect(model).toAllow(request)).toThrow(
      /role-without-trust\.yaml:\d+:\d+ \(logical id Reader\)/,
    );
  });

  it('toSatisfySpec throws though the expectation holds', () => {
    const model = modelOf('us-east-1');
    const spec = {
      version: 1 as const,
      account: ACCOUNT,
      expect: [{ principal: 'role/reader', can: [{ action: request.action, resource: request.resource }] }],
    };
    expect(() => expect(model).toSatisfySpec(spec)).toThrow(
      /toSatisfySpec: 1 error about the inputs could change a verdict/,
    );
  });

  it('with strict, a warning that fails the run with it is said as strict', () => {
    const model = modelOf(); // no region: cfn/assumed-region, a warning that could change a verdict
    expect(() => expect(model).toAllow(request, { strict: true })).toThrow(
      /toAllow: strict: \d+ warnings about the inputs could change a verdict, so the run fails \(strict\)/,
    );
  });
});
