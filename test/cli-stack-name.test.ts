// `--stack-name NAME`: the stack name a hand-written template is deployed as (AWS::StackName).
// Without it a template's stack name is unknown (its file name is not the stack's), so verdicts
// that depend on `${AWS::StackName}` are indeterminate and the finding names the option; with it
// they are decided. One name names one stack: several templates, or none, are an input error.

import { describe, expect, it } from 'vitest';
import { ACCOUNT, F, runCli, tempJson } from './fixtures/cli/run.js';

const TEMPLATE = `${F}/cfn/stack-name-role.yaml`;
const COMMON = ['--account', ACCOUNT, '--region', 'us-east-1', '--format', 'json'];

async function assumeProdRole(extra: string[]) {
  // "AWS::StackName: Returns the name of the stack as specified with the aws cloudformation
  // create-stack command, such as teststack." (CloudFormation User Guide, "Pseudo parameters
  // reference", https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/pseudo-parameter-reference.html)
  const requests = await tempJson('requests.json', [
    {
      principal: 'user/alice',
      action: 'sts:AssumeRole',
      resource: `arn:aws:iam::${ACCOUNT}:role/prod-role`,
    },
  ]);
  const r = await runCli(['eval', TEMPLATE, ...COMMON, '--requests', requests, ...extra]);
  expect(r.code).toBe(0);
  return { ...r, entries: JSON.parse(r.stdout) as { decision: string }[] };
}

describe('--stack-name', () => {
  it('a role named after its stack (AWS::StackName-role): indeterminate without it, decided with it', async () => {
    const without = await assumeProdRole([]);
    expect(without.entries[0]!.decision).toBe('indeterminate');
    // the finding that says the stack name is unknown names the option
    expect(without.stderr).toMatch(/AWS::StackName\)[^\n]*--stack-name NAME/);

    const named = await assumeProdRole(['--stack-name', 'prod']);
    expect(named.entries[0]!.decision).toBe('allow');
    expect(named.stderr).not.toContain('AWS::StackName');

    const other = await assumeProdRole(['--stack-name', 'other']);
    expect(other.entries[0]!.decision).toBe('deny');
  });

  it('is listed in --help', async () => {
    const r = await runCli(['eval', '--help']);
    expect(r.stdout + r.stderr).toContain('--stack-name NAME');
  });

  it('a malformed name is a usage error (exit 2)', async () => {
    // "A stack name can contain only alphanumeric characters (case-sensitive) and hyphens. It must
    // start with an alphabetic character and can't be longer than 128 characters."
    const r = await runCli([
      'eval',
      TEMPLATE,
      ...COMMON,
      '--requests',
      `${F}/requests/valid.json`,
      '--stack-name',
      '1-bad',
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--stack-name expects a CloudFormation stack name');
  });

  it('several templates, or none, are an input error naming them (exit 2)', async () => {
    const requests = `${F}/requests/valid.json`;
    const two = await runCli([
      'eval',
      TEMPLATE,
      `${F}/cfn/company.yaml`,
      ...COMMON,
      '--requests',
      requests,
      '--stack-name',
      'prod',
    ]);
    expect(two.code).toBe(2);
    expect(two.stderr).toContain(
      '--stack-name names one stack, but the inputs hold 2 CloudFormation templates',
    );
    expect(two.stderr).toContain('stack-name-role.yaml');
    const plan = `${F}/tf/infra`;
    const none = await runCli(['eval', plan, ...COMMON, '--requests', requests, '--stack-name', 'prod']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain(
      '--stack-name names the stack of a CloudFormation template, but the inputs hold none',
    );
  });
});
