// biome-ignore-all lint/suspicious/noTemplateCurlyInString: IAM policy variables are written ${...} in plain strings.
// The tags CloudFormation gives a stack's resources that the template does not show (issue 10):
// stack-level tags and the automatic aws:cloudformation:* tags.
//
// "In addition to any tags you define, CloudFormation automatically creates the following
// stack-level tags with the aws: prefix: aws:cloudformation:logical-id, aws:cloudformation:stack-id,
// aws:cloudformation:stack-name ... The propagation of stack-level tags to resources, including
// tags with the aws: prefix, varies by resource type." (CloudFormation resource tagging,
// https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-resource-tags.html)
// A bare template's stack tags are given at deployment (`aws cloudformation deploy --tags`); a
// CDK cloud assembly's are in its manifest (`properties.tags`), which `cdk deploy` applies.

import { describe, expect, it } from 'vitest';
import { loadCloudAssembly, loadTemplateFile } from '../src/adapters/cloudformation/index.js';
import { loadModelSync } from '../src/adapters/load.js';
import { packModel, unpackModel } from '../src/analysis/model-transfer.js';
import { loadOptionsOf, parseCommandLine } from '../src/cli/options.js';
import { compileModel } from '../src/engine/index.js';
import { ModelBuilder } from '../src/model/builder.js';
import { modelInAccount } from '../src/model/account-substitution.js';
import { couldChangeVerdict } from '../src/model/finding-codes.js';
import { statementReadsTags } from '../src/model/tag-reads.js';
import { isDeploymentTag, isMayBeAbsentTag, OTHER_TAGS, type Tags } from '../src/model/types.js';
import { isUnknown } from '../src/model/unknown.js';
import { parsePolicy } from '../src/policy/parse.js';

const ACCOUNT = '111122223333';
const user = (name: string) => `arn:aws:iam::${ACCOUNT}:user/${name}`;
const role = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;

function reasonOf(tags: Tags, key: string): string {
  const v = tags[key];
  if (!isUnknown(v)) throw new Error(`tag ${key} is not unknown: ${String(v)}`);
  return v.reason;
}

describe('a bare template: stack tags are given at deployment', () => {
  const load = (stackTags?: Record<string, string>) => {
    const b = new ModelBuilder();
    loadTemplateFile('test/fixtures/cloudformation/iam-resource-tags.yaml', b, {
      account: ACCOUNT,
      ...(stackTags ? { stackTags } : {}),
    });
    const model = b.build();
    return { model, engine: compileModel(model) };
  };

  it('tags the template does not show may exist on every resource, so a condition on them is indeterminate', () => {
    const { model, engine } = load();
    const ops = model.users.find((u) => u.name === 'ops')!;
    expect(reasonOf(ops.tags, OTHER_TAGS)).toMatch(/stack's tags are given at deployment/);
    const d = engine.decide({
      principal: user('helpdesk'),
      action: 'iam:CreateAccessKey',
      resource: user('ops'),
    });
    expect(d.decision).toBe('indeterminate');
    // A condition on a tag the template shows is still decided.
    expect(
      engine.decide({ principal: user('helpdesk'), action: 'iam:CreateAccessKey', resource: user('dev') })
        .decision,
    ).toBe('allow');
  });

  it('stack tags given to the load (--tags of the deployment) are known: no tags beyond them', () => {
    const { model, engine } = load({});
    expect(model.users.find((u) => u.name === 'ops')!.tags[OTHER_TAGS]).toBeUndefined();
    expect(
      engine.decide({ principal: user('helpdesk'), action: 'iam:CreateAccessKey', resource: user('ops') })
        .decision,
    ).toBe('deny');
  });

  it('the stack name of a template file is not the deployed one: aws:cloudformation:stack-name has no known value', () => {
    const { model } = load({});
    const dev = model.users.find((u) => u.name === 'dev')!;
    expect(reasonOf(dev.tags, 'aws:cloudformation:stack-name')).toMatch(/set at deployment/);
    expect(reasonOf(dev.tags, 'aws:cloudformation:logical-id')).toMatch(/= Dev\b/);
    expect(reasonOf(dev.tags, 'aws:cloudformation:stack-id')).toMatch(/set at deployment/);
    expect(dev.tags.developer).toBe('true');
  });
});

describe('a CDK cloud assembly: the stack artifact tags are known', () => {
  const b = new ModelBuilder();
  loadCloudAssembly('test/fixtures/cloudformation/stack-tags-assembly', b);
  const model = b.build();
  const engine = compileModel(model);
  const job = model.roles.find((r) => r.name === 'job')!;
  const bucket = model.resources.find((r) => r.name === 'tagged-prod-raw')!;

  it('no tags beyond the manifest stack tags and the aws:cloudformation ones may exist', () => {
    expect(job.tags[OTHER_TAGS]).toBeUndefined();
    expect(bucket.tags[OTHER_TAGS]).toBeUndefined();
    // Condition on a key neither shows: decided (no stack tag can add it).
    expect(
      engine.decide({ principal: user('operator'), action: 'iam:PassRole', resource: role('job') }).decision,
    ).toBe('deny');
  });

  it('a stack tag the resource also sets to the same value is known; a different value is unknown', () => {
    expect(job.tags['cost-center']).toBe('data');
    expect(reasonOf(job.tags, 'team')).toMatch(/sets tag team to "platform" and its stack to "analytics"/);
    expect(
      engine.decide({ principal: user('operator'), action: 'iam:TagRole', resource: role('job') }).decision,
    ).toBe('allow');
  });

  it('a stack tag the template does not show on the resource may be propagated (varies by resource type)', () => {
    expect(reasonOf(bucket.tags, 'cost-center')).toMatch(
      /stack-level tag cost-center = data .*varies by resource type/,
    );
  });

  it('aws:cloudformation:stack-name names the assembly stack, but whether the resource carries it is unknown', () => {
    expect(reasonOf(job.tags, 'aws:cloudformation:stack-name')).toMatch(/= tagged-prod\b/);
    expect(reasonOf(job.tags, 'aws:cloudformation:logical-id')).toMatch(/= JobRole1A2B3C4D\b/);
    expect(
      engine.decide({ principal: user('operator'), action: 'iam:UntagRole', resource: role('job') }).decision,
    ).toBe('indeterminate');
  });
});

// The design (issue 10): the stack-tag unknowns are not listed one by one (model/unknown-value);
// one cfn/stack-tags-unknown warning per stack says what the deployment may add, and only when a
// policy of the whole model (SCPs given with --scp included) reads resource or principal tags.
describe('one cfn/stack-tags-unknown warning per stack, when a policy reads tags', () => {
  const codes = (m: { findings: readonly { code: string }[] }) => m.findings.map((f) => f.code);

  it('no policy reads tags: no stack-tag warning and no unknown-value warning for them', () => {
    const m = loadModelSync(['test/fixtures/cloudformation/stack-tags-no-abac.yaml'], { account: ACCOUNT });
    // The unknowns are still in the model (a verdict reading them stays indeterminate) ...
    expect(reasonOf(m.roles[0]!.tags, OTHER_TAGS)).toMatch(/given at deployment/);
    // ... but nothing can read them.
    expect(codes(m)).not.toContain('cfn/stack-tags-unknown');
    expect(codes(m)).not.toContain('model/unknown-value');
  });

  it('a condition on iam:ResourceTag: one warning for the stack, naming how to pin the tags', () => {
    const m = loadModelSync(['test/fixtures/cloudformation/iam-resource-tags.yaml'], { account: ACCOUNT });
    const f = m.findings.filter((x) => x.code === 'cfn/stack-tags-unknown');
    expect(f).toHaveLength(1);
    expect(f[0]!.severity).toBe('warning');
    expect(couldChangeVerdict('cfn/stack-tags-unknown')).toBe(true);
    expect(f[0]!.message).toMatch(/aws cloudformation deploy --tags/);
    expect(f[0]!.message).toMatch(/--stack-tag KEY=VALUE/);
    expect(f[0]!.source?.file).toBe('test/fixtures/cloudformation/iam-resource-tags.yaml');
    // The per-resource stack-tag unknowns are not listed one by one.
    const listed = m.findings.filter((x) => x.code === 'model/unknown-value').map((x) => x.message);
    expect(listed.filter((x) => /stack-level tag|stack's tags/.test(x))).toEqual([]);
    // The template's own unknown tag value (Team has no default) is still listed.
    expect(listed.some((x) => /Team/.test(x))).toBe(true);
  });

  it('an SCP given with the inputs that reads ${aws:PrincipalTag/...} keeps the warning', () => {
    const m = loadModelSync(['test/fixtures/cloudformation/stack-tags-no-abac.yaml'], {
      account: ACCOUNT,
      scp: ['test/fixtures/cloudformation/scp-principal-tag-variable.json'],
    });
    expect(codes(m).filter((c) => c === 'cfn/stack-tags-unknown')).toHaveLength(1);
  });

  it('which statements read tags', () => {
    const st = (json: object) =>
      parsePolicy({ Version: '2012-10-17', Statement: [json] }, { kind: 'identity', source: {} })
        .statements[0]!;
    const base = { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' };
    expect(statementReadsTags(st(base))).toBe(false);
    expect(
      statementReadsTags(st({ ...base, Condition: { StringEquals: { 'aws:RequestTag/a': 'x' } } })),
    ).toBe(false);
    for (const key of [
      'aws:ResourceTag/team',
      'iam:ResourceTag/team',
      'ec2:ResourceTag/x',
      'aws:PrincipalTag/t',
    ])
      expect(statementReadsTags(st({ ...base, Condition: { StringEquals: { [key]: 'x' } } }))).toBe(true);
    expect(statementReadsTags(st({ ...base, Resource: 'arn:aws:s3:::${aws:PrincipalTag/team}/*' }))).toBe(
      true,
    );
    expect(
      statementReadsTags(
        st({ ...base, Condition: { StringEquals: { 'aws:PrincipalAccount': '${aws:ResourceTag/acct}' } } }),
      ),
    ).toBe(true);
  });

  it('--stack-tag KEY=VALUE gives the stack tags (repeatable)', () => {
    const { values } = parseCommandLine('check', ['--stack-tag', 'team=data', '--stack-tag', 'env=prod'], {});
    expect(loadOptionsOf(values, 'check').stackTags).toEqual({ team: 'data', env: 'prod' });
    const m = loadModelSync(['test/fixtures/cloudformation/stack-tags-no-abac.yaml'], {
      account: ACCOUNT,
      stackTags: { env: 'prod' },
    });
    expect(m.roles[0]!.tags[OTHER_TAGS]).toBeUndefined();
    expect(reasonOf(m.roles[0]!.tags, 'env')).toMatch(/stack-level tag env = prod/);
  });
});

describe('the marks of the stack-tag values survive the move to matrix workers', () => {
  it('packModel / unpackModel keep mayBeAbsentTag and deploymentTag, so the decisions are the same', () => {
    const b = new ModelBuilder();
    loadCloudAssembly('test/fixtures/cloudformation/stack-tags-assembly', b);
    const model = b.build();
    const back = unpackModel(packModel(model));
    const job = back.roles.find((r) => r.name === 'job')!;
    const tag = job.tags['aws:cloudformation:logical-id'];
    expect(isMayBeAbsentTag(tag)).toBe(true);
    expect(isDeploymentTag(tag)).toBe(true);
    // Not every unknown is marked: the conflicting team tag is the inputs' unknown.
    expect(isDeploymentTag(job.tags.team)).toBe(false);
    const request = { principal: user('operator'), action: 'iam:UntagRole', resource: role('job') };
    expect(compileModel(back).decide(request).decision).toBe(compileModel(model).decide(request).decision);
    expect(compileModel(back).decide(request).decision).toBe('indeterminate');
  });

  it('and the copy of the model in another account (account worlds) keeps them too', () => {
    const b = new ModelBuilder();
    loadTemplateFile('test/fixtures/cloudformation/iam-resource-tags.yaml', b, {});
    const copy = modelInAccount(b.build(), ACCOUNT);
    const dev = copy.users.find((u) => u.name === 'dev')!;
    expect(isMayBeAbsentTag(dev.tags['aws:cloudformation:logical-id'])).toBe(true);
    expect(isDeploymentTag(dev.tags[OTHER_TAGS])).toBe(true);
  });
});
