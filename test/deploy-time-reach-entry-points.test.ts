// Every public entry point that loads inputs gives the deploy-time bounds the same role chains
// (model/role-reach.ts: the builder's `roleReach`): the package API (src/index.ts), the CLI, the
// CDK helpers and validation plugin, the CDKTF helpers. The fixture (test/helpers/trust-only-reach.ts)
// makes the access of role `app` indeterminate only through the trust-only reach: a same-account
// role whose trust policy names the function role. IAM User Guide, "Policy evaluation logic":
// "Within an account, ... an identity-based policy or a resource-based policy can grant access".
// A builder made by hand without the reach takes every role of the model as reached (sound).

import { App, Stack } from 'aws-cdk-lib';
import { CfnInclude } from 'aws-cdk-lib/cloudformation-include';
import { describe, expect, it } from 'vitest';
import { loadInputs, loadModel, loadModelSync, loadModelWithReport, ModelBuilder } from '../src/index.js';
import { parsePolicy } from '../src/policy/parse.js';
import { fromStack } from '../src/testing/cdk.js';
import { modelOfTemplates } from '../src/testing/cdk-validator.js';
import { fromCdktfOutDir } from '../src/testing/cdktf.js';
import { runCli } from './fixtures/cli/run.js';
import {
  ACCOUNT,
  appDeletesBucket,
  trustOnlyTemplate,
  trustOnlyTerraformJson,
  unreachedTemplate,
} from './helpers/trust-only-reach.js';
import { runSetupFunctionAs } from './helpers/setup-function-run.js';
import { writeTempFile } from './helpers/temp-inputs.js';

const options = { account: ACCOUNT, region: 'us-east-1' };
const reached = writeTempFile('t.json', trustOnlyTemplate());
const unreached = writeTempFile('t.json', unreachedTemplate());

describe('the package API (src/index.ts)', () => {
  it('loadModel, loadModelSync, loadModelWithReport, loadInputs: indeterminate; deny when admin trusts another role', async () => {
    expect(appDeletesBucket(await loadModel([reached], options))).toBe('indeterminate');
    expect(appDeletesBucket(loadModelSync([reached], options))).toBe('indeterminate');
    expect(appDeletesBucket(loadModelWithReport([reached], options).model)).toBe('indeterminate');
    const builder = new ModelBuilder();
    loadInputs([reached], builder, options);
    expect(appDeletesBucket(builder.build())).toBe('indeterminate');
    expect(appDeletesBucket(await loadModel([unreached], options))).toBe('deny');
  });
});

describe('the CLI', () => {
  it('check: indeterminate through the trust-only reach, pass without it', async () => {
    const spec = writeTempFile(
      'spec.yaml',
      `version: 1\naccount: "${ACCOUNT}"\nexpect:\n  - id: app-cannot-delete\n    principal: role/app\n    cannot: { action: s3:DeleteBucket, resource: "arn:aws:s3:::elsewhere" }\n`,
    );
    const status = async (file: string) => {
      const run = await runCli([
        'check',
        file,
        '--spec',
        spec,
        '--account',
        ACCOUNT,
        '--region',
        'us-east-1',
        '--format',
        'json',
      ]);
      return JSON.parse(run.stdout).expectations.map((e: { status: string }) => e.status);
    };
    expect(await status(reached)).toEqual(['indeterminate']);
    expect(await status(unreached)).toEqual(['pass']);
  });
});

describe('the CDK helpers and the validation plugin (iamspec/cdk)', () => {
  it('fromStack of a stack including the template: indeterminate', () => {
    const stack = new Stack(new App(), 'S', { env: { account: ACCOUNT, region: 'us-east-1' } });
    new CfnInclude(stack, 'T', { templateFile: reached });
    expect(appDeletesBucket(fromStack(stack))).toBe('indeterminate');
  });

  it('the validation plugin loads the synthesized templates with the same bound', () => {
    expect(appDeletesBucket(modelOfTemplates([reached], options))).toBe('indeterminate');
    expect(appDeletesBucket(modelOfTemplates([unreached], options))).toBe('deny');
  });
});

describe('the CDKTF helpers (iamspec/cdktf)', () => {
  it('fromCdktfOutDir of a synthesized configuration: indeterminate', () => {
    const file = writeTempFile('cdk.tf.json', trustOnlyTerraformJson());
    expect(appDeletesBucket(fromCdktfOutDir(file, { account: ACCOUNT }))).toBe('indeterminate');
  });
});

describe('a builder made by hand without the reach', () => {
  it('takes every role of the model as reached: the admin bounds the run (sound)', () => {
    const doc = (statement: Record<string, unknown>, kind: 'identity' | 'trust') =>
      parsePolicy({ Version: '2012-10-17', Statement: [statement] }, { kind, source: {} });
    const b = new ModelBuilder();
    b.addRole({ name: 'app', account: ACCOUNT, source: {} });
    const fnRole = b.addRole({
      name: 'setup-role',
      account: ACCOUNT,
      source: {},
    });
    b.addInlinePolicy(fnRole, {
      name: 'logs',
      source: {},
      document: doc({ Effect: 'Allow', Action: 'logs:PutLogEvents', Resource: '*' }, 'identity'),
    });
    const admin = b.addRole({ name: 'admin', account: ACCOUNT, source: {} });
    b.addInlinePolicy(admin, {
      name: 'all',
      source: {},
      document: doc({ Effect: 'Allow', Action: 'iam:*', Resource: '*' }, 'identity'),
    });
    runSetupFunctionAs(b, `arn:aws:iam::${ACCOUNT}:role/setup-role`, ACCOUNT);
    expect(appDeletesBucket(b.build())).toBe('indeterminate');
  });
});
