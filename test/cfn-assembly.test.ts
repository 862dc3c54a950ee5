// Cloud assemblies (cdk.out): every stack of manifest.json (and of nested assemblies/stages),
// environments, nested stacks found through the asset manifest, cross-stack references through
// exports, construct paths from metadata or tree.json. Fixture: test/fixtures/cfn/assembly.
// Manifest format: AWS CDK "Cloud assembly" schema (artifacts of type aws:cloudformation:stack with
// templateFile, environment aws://ACCOUNT/REGION, metadata aws:cdk:logicalId), see
// https://docs.aws.amazon.com/cdk/v2/guide/apps.html ("Cloud assemblies").

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  cdkLogicalId,
  InputError,
  loadCloudAssembly,
  loadCloudFormationInputs,
  parseEnvironment,
} from '../src/adapters/cloudformation/index.js';
import { ModelBuilder } from '../src/model/builder.js';
import type { Model } from '../src/model/types.js';
import { tempDir, writeFileIn } from './helpers/temp-inputs.js';

const ASSEMBLY = join(import.meta.dirname, 'fixtures/cfn/assembly');

function load(options = {}): Model {
  const b = new ModelBuilder();
  loadCloudAssembly(ASSEMBLY, b, options);
  return b.build();
}

describe('cloud assembly', () => {
  const m = load({ account: '999988887777', region: 'eu-central-1' });

  it('loads every stack, including stacks of nested assemblies (stages)', () => {
    expect(m.users.map((u) => u.arn)).toEqual(['arn:aws:iam::444455556666:user/stage-user']);
    expect(m.users[0]!.source.stack).toBe('Stage1-StackA');
    const stacks = new Set([...m.roles, ...m.resources, ...m.users].map((x) => x.source.stack));
    expect([...stacks].sort()).toEqual([
      'ConsumerStack',
      'Producer',
      'Producer-NestedReaderNestedStackNestedReaderNestedStackResource11112222',
      'Stage1-StackA',
    ]);
  });

  it('takes account and region from the environment; an unresolved one from the options', () => {
    expect(m.roles.find((r) => r.name === 'admin')!.account).toBe('111122223333');
    const queue = m.resources.find((r) => r.kind === 'sqs-queue')!;
    expect(queue.account).toBe('999988887777');
    expect(queue.region).toBe('eu-central-1');
    expect(queue.arn).toBe(
      'arn:aws:sqs:eu-central-1:999988887777:ConsumerStack-Queue-(unknown-generated-91346f)',
    );
    expect(m.findings.filter((f) => f.code === 'cfn/assumed-account')).toEqual([]);
  });

  it('follows nested stacks through the asset manifest and passes parameters to them', () => {
    const reader = m.roles.find((r) => r.source.logicalId === 'ReaderRole1A2B3C4D')!;
    expect(reader.source.file).toBe(join(ASSEMBLY, 'ProducerNestedReaderABCD1234.nested.template.json'));
    expect(reader.account).toBe('111122223333');
    expect(reader.inlinePolicies[0]!.document.statements[0]!.resource!.values).toEqual([
      'arn:aws:s3:::company-data/*',
    ]);
  });

  // Fn::ImportValue: "You can't create cross-stack references across Regions" (CloudFormation
  // User Guide, Fn::ImportValue); an export is read in its own account and Region only
  // (adapters/cloudformation/session.ts). The environment-agnostic Consumer imports from Producer
  // (aws://111122223333/us-west-2), so it resolves where the options put Consumer there too.
  const same = load({ account: '111122223333', region: 'us-west-2' });

  it('resolves cross-stack references, through a nested stack output', () => {
    const bucket = same.resources.find((r) => r.name === 'company-data')!;
    const reader = same.roles.find((r) => r.source.logicalId === 'ReaderRole1A2B3C4D')!;
    const st = bucket.policy!.statements[0]!;
    expect(st.sid).toBe('ReaderMayList');
    expect(st.principal!.aws!.values).toEqual([reader.arn]);
    expect(st.resource!.values).toEqual(['arn:aws:s3:::company-data']);
    expect(st.source.stack).toBe('ConsumerStack');
  });

  it('names construct paths from resource metadata, manifest metadata (nested too) and tree.json', () => {
    expect(m.roles.find((r) => r.name === 'admin')!.source.constructPath).toBe('Producer/AdminRole/Resource');
    expect(m.roles.find((r) => r.source.logicalId === 'ReaderRole1A2B3C4D')!.source.constructPath).toBe(
      'Producer/NestedReader/ReaderRole/Resource',
    );
    expect(m.resources.find((r) => r.name === 'company-data')!.source.constructPath).toBe(
      'Producer/DataBucket/Resource',
    );
    const policy = same.resources.find((r) => r.name === 'company-data')!.policy!;
    expect(policy.statements[0]!.source.constructPath).toBe('Consumer/DataPolicy');
  });

  it('without options, unresolved environments use the placeholder account, reported once', () => {
    const m2 = load();
    expect(m2.resources.find((r) => r.kind === 'sqs-queue')!.account).toBe('000000000000');
    const f = m2.findings.filter((x) => x.code === 'cfn/assumed-account');
    expect(f).toHaveLength(1);
    expect(f[0]!.message).toContain('ConsumerStack');
  });

  it('bad assemblies are input errors', () => {
    const dir = tempDir('iamspec-asm-');
    writeFileIn(dir, 'manifest.json', '{"version": "34.0.0"}');
    expect(() => loadCloudAssembly(dir, new ModelBuilder())).toThrow(InputError);
    writeFileIn(dir, 'manifest.json', '{"artifacts": {');
    try {
      loadCloudAssembly(dir, new ModelBuilder());
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      expect((e as InputError).line).toBe(1);
    }
  });

  it('loadCloudFormationInputs detects assemblies and reports what it loaded', () => {
    const b = new ModelBuilder();
    const report = loadCloudFormationInputs([ASSEMBLY], b, {});
    expect(report.stacks.map((s) => s.stackName)).toContain('ConsumerStack');
    expect(report.stacks.find((s) => s.nestedIn === 'Producer')).toBeDefined();
  });
});

describe('environments', () => {
  it('parses aws://ACCOUNT/REGION and leaves unknown parts to the options', () => {
    expect(parseEnvironment('aws://111122223333/us-west-2')).toEqual({
      account: '111122223333',
      region: 'us-west-2',
    });
    expect(parseEnvironment('aws://unknown-account/unknown-region')).toEqual({});
    expect(parseEnvironment('aws://unknown-account/eu-west-1')).toEqual({ region: 'eu-west-1' });
    expect(parseEnvironment(undefined)).toEqual({});
  });
});

// AWS CDK Developer Guide, "Identifiers" (logical IDs: path components plus a hash of the path),
// https://docs.aws.amazon.com/cdk/v2/guide/identifiers.html. Expected ids are from the CDK
// integration snapshot in the corpus (nested/aws__aws-cdk__integ-nested-stack-assembly).
describe('CDK logical ids', () => {
  it('recomputes the ids CDK gives to construct paths', () => {
    expect(cdkLogicalId(['SubscriberQueue', 'Resource'])).toBe('SubscriberQueueC193DC66');
    expect(cdkLogicalId(['SubscriberQueue', 'Policy', 'Resource'])).toBe('SubscriberQueuePolicy25A0799E');
    expect(cdkLogicalId(['topic-0', 'Resource'])).toBe('topic096865AFD');
    expect(cdkLogicalId(['NestedStack1.NestedStack', 'NestedStack1.NestedStackResource'])).toBe(
      'NestedStack1NestedStackNestedStack1NestedStackResource7E64AD52',
    );
    expect(cdkLogicalId(['TopLevel'])).toBe('TopLevel');
  });
});

describe('nested assemblies (Stages) that cannot be followed are input errors, never skipped', () => {
  // A Stage's stacks are principals and policies of the model: dropping them silently would let
  // a check pass on access they grant.
  const assemblyChain = (levels: number, nested: Record<string, unknown> = { directoryName: 'sub' }) => {
    const root = tempDir('iamspec-stages-');
    let dir = root;
    for (let i = 0; i < levels; i++) {
      writeFileIn(
        dir,
        'manifest.json',
        JSON.stringify({
          version: '36.0.0',
          artifacts: { [`Stage${i}`]: { type: 'cdk:cloud-assembly', properties: nested } },
        }),
      );
      dir = join(dir, 'sub');
    }
    // the deepest Stage deploys one stack with one user
    writeFileIn(
      dir,
      'manifest.json',
      JSON.stringify({
        version: '36.0.0',
        artifacts: {
          Deep: {
            type: 'aws:cloudformation:stack',
            environment: 'aws://111122223333/us-east-1',
            properties: { templateFile: 'Deep.template.json' },
          },
        },
      }),
    );
    writeFileIn(
      dir,
      'Deep.template.json',
      JSON.stringify({ Resources: { U: { Type: 'AWS::IAM::User', Properties: { UserName: 'deep-user' } } } }),
    );
    return root;
  };

  it('Stages nested 12 deep are loaded (the old limit of 10 dropped them silently)', () => {
    const b = new ModelBuilder();
    loadCloudAssembly(assemblyChain(12), b);
    expect(b.build().users.map((u) => u.arn)).toEqual(['arn:aws:iam::111122223333:user/deep-user']);
  });

  it('a manifest that points back at itself is an input error naming the assembly', () => {
    const dir = tempDir('iamspec-loop-');
    writeFileIn(
      dir,
      'manifest.json',
      JSON.stringify({
        version: '36.0.0',
        artifacts: { Loop: { type: 'cdk:cloud-assembly', properties: { directoryName: '.' } } },
      }),
    );
    expect(() => loadCloudAssembly(dir, new ModelBuilder())).toThrow(InputError);
    expect(() => loadCloudAssembly(dir, new ModelBuilder())).toThrow(
      /nested assembly Loop is more than 32 stages deep/,
    );
  });

  it('a nested assembly without directoryName is an input error', () => {
    expect(() => loadCloudAssembly(assemblyChain(1, {}), new ModelBuilder())).toThrow(
      /nested assembly Stage0 has no directoryName/,
    );
  });
});
