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
import { compileModel } from '../src/engine/index.js';
import { ModelBuilder } from '../src/model/builder.js';
import { OTHER_TAGS, type Tags } from '../src/model/types.js';
import { isUnknown } from '../src/model/unknown.js';

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
