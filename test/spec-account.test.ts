// The spec's `account:` is the deploying account (src/spec/account.ts): inputs that do not state
// their account (a template without an environment, Terraform taking it from
// data.aws_caller_identity) are loaded into it, so the spec's real ARNs of the stack's own roles
// name the model's roles (they would otherwise be principals of an outside account, and `cannot`
// would pass vacuously); inputs that state another account, an --account (or `account` option)
// that differs, and a model built without any account are errors naming both accounts.
//
// AWS rules relied on: an IAM role's ARN is arn:aws:iam::ACCOUNT:role/NAME, so the same role name
// in another account is another principal ("IAM identifiers",
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html: "arn:aws:iam::account:role/role-name-with-path").

import { describe, expect, it } from 'vitest';
import { loadModelSync } from '../src/adapters/load.js';
import { SpecError } from '../src/spec/errors.js';
import { loadSpec, parseSpec } from '../src/spec/parse.js';
import { runSpec } from '../src/spec/run.js';
import { iamspecMatchers } from '../src/testing/matchers.js';
import { runCli } from './fixtures/cli/run.js';

const R = 'test/fixtures/requests';
const SPEC_ACCOUNT = '444455556666';

describe('check: the spec account is the deploying account', () => {
  it('loads a template that states no account into the spec account: own role ARNs are model roles', async () => {
    const r = await runCli(['check', `${R}/central-logs.yaml`, '--spec', `${R}/central-logs.access.yaml`]);
    expect(r.stdout).toContain('2 passed, 0 failed, 0 indeterminate');
    expect(r.code).toBe(0);
    const json = await runCli([
      'check',
      `${R}/central-logs.yaml`,
      '--spec',
      `${R}/central-logs.access.yaml`,
      '--format',
      'json',
    ]);
    const checks = JSON.parse(json.stdout).expectations[1].checks;
    expect(checks[0]).toMatchObject({
      kind: 'cannot',
      principal: `arn:aws:iam::${SPEC_ACCOUNT}:role/AppRole`,
    });
    // The same check from the library: the model is in the spec's account.
    const model = loadModelSync([`${R}/central-logs.yaml`], { account: SPEC_ACCOUNT });
    expect(model.roles.map((x) => x.arn)).toContain(`arn:aws:iam::${SPEC_ACCOUNT}:role/AppRole`);
  });

  it('Terraform taking its account from aws_caller_identity is loaded into the spec account', async () => {
    const r = await runCli(['check', `${R}/tf-caller`, '--spec', `${R}/app-role.access.yaml`]);
    expect(r.stdout).toContain('1 passed, 0 failed, 0 indeterminate');
    expect(r.code).toBe(0);
  });

  it('an --account that differs from the spec account is an error naming both', async () => {
    const r = await runCli([
      'check',
      `${R}/central-logs.yaml`,
      '--account',
      '111122223333',
      '--spec',
      `${R}/central-logs.access.yaml`,
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      `central-logs.access.yaml:5:10: the spec's account ${SPEC_ACCOUNT} and --account 111122223333 differ`,
    );
    // The same account twice is fine.
    const same = await runCli([
      'check',
      `${R}/central-logs.yaml`,
      '--account',
      SPEC_ACCOUNT,
      '--spec',
      `${R}/central-logs.access.yaml`,
    ]);
    expect(same.code).toBe(0);
  });

  it('Terraform that states another account (allowed_account_ids) is an error naming both', async () => {
    const r = await runCli(['check', `${R}/tf-stated`, '--spec', `${R}/app-role.access.yaml`]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`the spec's account ${SPEC_ACCOUNT} is not the account the inputs state`);
    expect(r.stderr).toContain('state account 111122223333');
  });

  it('a cloud assembly whose stack environment names another account is an error naming both', async () => {
    const spec = parseSpec(
      `version: 1\naccount: "${SPEC_ACCOUNT}"\nexpect:\n  - { principal: "${SPEC_ACCOUNT}", cannot: { action: s3:GetObject, resource: "*" } }\n`,
      'access.yaml',
    );
    const model = loadModelSync(['test/fixtures/cli/assembly'], { account: SPEC_ACCOUNT });
    expect(() => runSpec(model, spec)).toThrow(
      `access.yaml:2:10: the spec's account ${SPEC_ACCOUNT} is not an account of the inputs: they state 222233334444`,
    );
  });
});

describe('runSpec and the matchers: a model built without an account', () => {
  it('is an error naming the spec account and the stand-in, telling how to build it', () => {
    const model = loadModelSync([`${R}/central-logs.yaml`]);
    const spec = loadSpec(`${R}/central-logs.access.yaml`);
    let error: unknown;
    try {
      runSpec(model, spec);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SpecError);
    expect((error as Error).message).toMatch(
      /the spec's account 444455556666 is the deploying account, but the model was built without an account \(the inputs do not state one, so the stand-in 000000000000 was used\): build it with account 444455556666/,
    );
    expect(() => iamspecMatchers.toSatisfySpec.call({}, model, spec)).toThrow(SpecError);
    // Built with the account (loadModel / fromApp option), it holds.
    const inAccount = loadModelSync([`${R}/central-logs.yaml`], { account: SPEC_ACCOUNT });
    expect(iamspecMatchers.toSatisfySpec.call({}, inAccount, spec).pass).toBe(true);
  });
});
