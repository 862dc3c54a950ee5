// The stand-in of a deploying region that neither the inputs nor the options give
// (`PLACEHOLDER_REGION`, src/model/stand-ins.ts) is not a region code, so a region the inputs write
// themselves is that region and never taken for the deploying one. Before, the stand-in was
// `us-east-1`: a Deny written on `arn:aws:sqs:us-east-1:…:jobs` or on aws:RequestedRegion
// us-east-1 was taken to cover the stack's own queue in every region, and `cannot` passed where,
// deployed to eu-west-1, the access exists. Region-dependent template logic (`Fn::Equals` on
// AWS::Region, `Fn::FindInMap` keyed by it, Terraform `data.aws_region.current.name == …`) was
// decided as in us-east-1; it is now unknown, the reason naming --region.
//
// AWS rules pinned here:
// - IAM User Guide, "IAM identifiers" (ARN format): "region – The Region code. For example,
//   us-east-2 for US East (Ohio)." — the region is part of what a Resource ARN matches.
//   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html
// - IAM User Guide, "AWS global condition context keys", aws:RequestedRegion: "Use this key to
//   compare the AWS Region that was called in the request with the Region that you specify in the
//   policy", and "Some global services, such as IAM, have a single endpoint. Because this endpoint
//   is physically located in the US East (N. Virginia) Region, IAM calls are always made to the
//   us-east-1 Region."
//   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-requestedregion
// - AWS CloudFormation User Guide, "Get AWS values using pseudo parameters": "Pseudo parameters are
//   built-in variables that provide access to important AWS environment information such as
//   account IDs, Region names, and stack details that can change between deployments or
//   environments." (AWS::Region is the Region the stack is deployed to.)
//   https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/pseudo-parameter-reference.html
// - Terraform AWS provider, data source aws_region: it "can be used to discover the name of the
//   Region configured within the provider".
//   https://registry.terraform.io/providers/hashicorp/aws/latest/docs/data-sources/region

import { describe, expect, it } from 'vitest';
import { loadModelSync } from '../src/adapters/load.js';
import { buildMatrix } from '../src/analysis/matrix/build.js';
import { compileModel } from '../src/engine/index.js';
import { ModelBuilder } from '../src/model/builder.js';
import { namedRegions } from '../src/model/region-substitution.js';
import { PLACEHOLDER_REGION } from '../src/model/stand-ins.js';
import { parsePolicy } from '../src/policy/parse.js';
import { runCli } from './fixtures/cli/run.js';
import { decidedOneByOne, matrixAnswers, nonDenyAnswers } from './helpers/matrix-oracle.js';

const FX = 'test/fixtures/region-stand-in';
const ACCOUNT = '111122223333';

interface CheckJson {
  summary: { passed: number; failed: number; indeterminate: number };
  warnings: { code: string }[];
  expectations: {
    id: string;
    status: string;
    checks: {
      message: string;
      resource: string;
      decision: { trace: { message: string; source?: unknown }[] };
    }[];
  }[];
}

async function check(inputs: string[], spec: string, extra: string[] = []) {
  const r = await runCli(['check', ...inputs, '--spec', `${FX}/${spec}`, ...extra, '--format', 'json']);
  const out = JSON.parse(r.stdout) as CheckJson;
  return { code: r.code, out, status: Object.fromEntries(out.expectations.map((e) => [e.id, e.status])) };
}

describe.each([
  [
    'a CDK-synthesized template (env-agnostic)',
    [`${FX}/cdk-literal-region.template.json`],
    'cdk-literal-region.access.yaml',
    'cdk-literal-region.template.json',
    ['--account', ACCOUNT],
  ],
  [
    'a Terraform plan JSON whose provider names no region',
    [`${FX}/tf-no-region.plan.json`],
    'tf-no-region.access.yaml',
    'tf-no-region.plan.json',
    [],
  ],
] as const)('%s naming us-east-1 itself, no region given', (_name, inputs, spec, file, account) => {
  it('the queue ARN holds the stand-in, never us-east-1', () => {
    const m = loadModelSync([...inputs], account.length ? { account: ACCOUNT } : {});
    const queue = m.resources.find((r) => r.kind === 'sqs-queue');
    expect(queue?.arn).toBe(`arn:aws:sqs:${PLACEHOLDER_REGION}:${ACCOUNT}:jobs`);
  });

  it('cannot is indeterminate (it passed before), with the reason and the statement source', async () => {
    const { code, out, status } = await check([...inputs], spec, [...account]);
    expect(code).toBe(1);
    expect(status).toEqual({
      'worker-cannot-send': 'indeterminate',
      'worker-cannot-get-url': 'indeterminate',
    });
    for (const e of out.expectations) {
      const c = e.checks[0]!;
      expect(c.resource).toBe(`arn:aws:sqs:${PLACEHOLDER_REGION}:${ACCOUNT}:jobs`);
      expect(c.message).toContain('were it us-east-1');
      expect(c.message).toContain('pass --region');
      // The Allow that grants it elsewhere, located in the input.
      expect(JSON.stringify(c.decision.trace)).toContain(file);
    }
    expect(out.warnings.map((w) => w.code)).toContain(
      file.endsWith('.plan.json') ? 'tf/assumed-region' : 'cfn/assumed-region',
    );
  });

  it('--region decides it: us-east-1 denies both, eu-west-1 allows both', async () => {
    expect((await check([...inputs], spec, [...account, '--region', 'us-east-1'])).status).toEqual({
      'worker-cannot-send': 'pass',
      'worker-cannot-get-url': 'pass',
    });
    expect((await check([...inputs], spec, [...account, '--region', 'eu-west-1'])).status).toEqual({
      'worker-cannot-send': 'fail',
      'worker-cannot-get-url': 'fail',
    });
  });
});

describe('an env-agnostic CDK stack: its metadata resource names regions and grants nothing', () => {
  it('no cfn/unknown-condition for CDKMetadataAvailable', () => {
    const m = loadModelSync([`${FX}/cdk-literal-region.template.json`], { account: ACCOUNT });
    expect(m.findings.filter((f) => f.code === 'cfn/unknown-condition')).toEqual([]);
  });
});

describe('template logic on the deploying region is undecided without --region', () => {
  const F = `${FX}/region-conditions.yaml`;
  const decide = (action: string, resource: string, region?: string, context?: Record<string, string>) =>
    compileModel(loadModelSync([F], { account: ACCOUNT, ...(region ? { region } : {}) })).decide({
      principal: `arn:aws:iam::${ACCOUNT}:user/dev`,
      action,
      resource,
      ...(context ? { context } : {}),
    }).decision;

  it('Fn::Equals on AWS::Region: the statement behind it may exist (decided with --region)', () => {
    const q = `arn:aws:sqs:eu-west-1:${ACCOUNT}:q`;
    expect(decide('sqs:SendMessage', q)).toBe('indeterminate');
    expect(decide('sqs:SendMessage', q, 'eu-west-1')).toBe('allow');
    expect(decide('sqs:SendMessage', `arn:aws:sqs:us-east-1:${ACCOUNT}:q`, 'us-east-1')).toBe('deny');
    const m = loadModelSync([F], { account: ACCOUNT });
    const why = m.findings.find((f) => f.code === 'cfn/unknown-condition');
    expect(why?.message).toContain('pass --region');
    expect(why?.source?.line).toBe(4);
  });

  it('Fn::FindInMap keyed by AWS::Region: unknown where entries differ, the value where they agree', () => {
    // Before, the us-east-1 row was taken: logs-ireland was denied although deployed to eu-west-1
    // the user reads it.
    // (An S3 ARN names no region: the request says where it is made, for the Deny's condition.)
    const inIreland = { 'aws:RequestedRegion': 'eu-west-1' };
    expect(decide('s3:GetObject', 'arn:aws:s3:::logs-ireland/a', undefined, inIreland)).toBe('indeterminate');
    expect(decide('s3:GetObject', 'arn:aws:s3:::logs-ireland/a', 'eu-west-1', inIreland)).toBe('allow');
    const inVirginia = { 'aws:RequestedRegion': 'us-east-1' };
    expect(decide('s3:GetObject', 'arn:aws:s3:::logs-ireland/a', 'us-east-1', inVirginia)).toBe('deny');
    // Every row names shared-data: decided, though the region is not given (the Deny on another
    // aws:RequestedRegion than the deploying one is decided by the worlds: S3 names no region).
    const m = loadModelSync([F], { account: ACCOUNT });
    const doc = m.users[0]!.inlinePolicies[0]!.document;
    expect(JSON.stringify(doc.statements[2]!.resource?.values)).toContain('arn:aws:s3:::shared-data/*');
  });

  it('a Deny on aws:RequestedRegion other than the stack region (!Ref AWS::Region): an IAM call (made to us-east-1) depends on the region', () => {
    const user = `arn:aws:iam::${ACCOUNT}:user/dev`;
    expect(decide('iam:GetUser', user)).toBe('indeterminate');
    expect(decide('iam:GetUser', user, 'us-east-1')).toBe('allow');
    expect(decide('iam:GetUser', user, 'eu-west-1')).toBe('deny');
  });

  it('the matrix agrees with deciding each action one by one (the IAM user as a column included)', () => {
    const columns = [
      `arn:aws:iam::${ACCOUNT}:user/dev`,
      `arn:aws:sqs:eu-west-1:${ACCOUNT}:q`,
      'arn:aws:s3:::logs-ireland',
    ];
    for (const [file, resources] of [
      [F, columns],
      [`${FX}/cdk-literal-region.template.json`, undefined],
    ] as const) {
      const engine = compileModel(loadModelSync([file], { account: ACCOUNT }));
      const m = buildMatrix(engine, {
        includeRoles: true,
        ...(resources ? { resources: [...resources] } : {}),
      });
      const expected = nonDenyAnswers(decidedOneByOne(engine, m));
      expect(Object.fromEntries([...matrixAnswers(m)].sort())).toEqual(expected);
      expect(Object.values(expected)).toContain('indeterminate');
      // An IAM call is made to us-east-1: allowed deployed there, denied elsewhere.
      if (resources) expect(expected[`${columns[0]} ${columns[0]} iam:GetUser`]).toBe('indeterminate');
    }
  });

  it('Terraform: data.aws_region.current.name == "eu-west-1" is unknown without --region (it was false)', async () => {
    const args = [
      'explain',
      `${FX}/tf-region-compare`,
      '--principal',
      'user/dev',
      '--action',
      'sqs:SendMessage',
      '--resource',
      `arn:aws:sqs:eu-west-1:${ACCOUNT}:q`,
      '--format',
      'json',
    ];
    const unknown = await runCli(args);
    expect(JSON.parse(unknown.stdout).decision).toBe('indeterminate');
    expect(unknown.stderr).toContain('it compares the deploying region, which is not given (pass --region)');
    expect(unknown.stderr).toContain('main.tf:29');
    expect(JSON.parse((await runCli([...args, '--region', 'eu-west-1'])).stdout).decision).toBe('allow');
    expect(JSON.parse((await runCli([...args, '--region', 'us-west-2'])).stdout).decision).toBe('deny');
  });

  it('Terraform: a map read by the region (index, lookup): unknown where entries differ, the value where they agree', () => {
    const decideTf = (action: string, resource: string, region?: string) =>
      compileModel(loadModelSync([`${FX}/tf-region-compare`], region ? { region } : {})).decide({
        principal: `arn:aws:iam::${ACCOUNT}:user/dev`,
        action,
        resource,
      }).decision;
    expect(decideTf('s3:GetObject', 'arn:aws:s3:::logs-ireland/a')).toBe('indeterminate');
    expect(decideTf('s3:GetObject', 'arn:aws:s3:::logs-ireland/a', 'eu-west-1')).toBe('allow');
    expect(decideTf('s3:GetObject', 'arn:aws:s3:::logs-ireland/a', 'us-east-1')).toBe('deny');
    expect(decideTf('s3:PutObject', 'arn:aws:s3:::shared-data/a')).toBe('allow');
    const m = loadModelSync([`${FX}/tf-region-compare`], {});
    const why = m.findings.find((f) => f.message.startsWith('the key is the deploying region'));
    expect(why?.message).toContain('pass --region');
    expect(why?.source?.line).toBe(31);
  });
});

describe('the regions a model names are those its policies and ARNs write, never its sources', () => {
  it('a policy file named like a region names no region', () => {
    const source = { file: 'eu-west-1' };
    const b = new ModelBuilder();
    b.addAccount(ACCOUNT, PLACEHOLDER_REGION);
    b.markRegionStandIn(ACCOUNT);
    const user = b.addUser({ name: 'dev', account: ACCOUNT, source });
    const document = parsePolicy(
      { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sqs:*', Resource: '*' }] },
      { kind: 'identity', source },
    );
    b.addInlinePolicy(user, { name: 'p', document, source });
    expect([...namedRegions(b.build()).codes]).toEqual([]);
  });
});
