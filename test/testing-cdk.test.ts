// Tests of the CDK helpers (src/testing/cdk.ts): fromStack, fromApp and fromAssembly build the
// account model of CDK code synthesized in process, with environments, construct paths, stages,
// nested stacks and cross-stack references.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, NestedStack, Stack, Stage } from 'aws-cdk-lib';
import { ManagedPolicy, PolicyStatement, Role, ServicePrincipal, User } from 'aws-cdk-lib/aws-iam';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { describe, expect, it } from 'vitest';
import type { Model, Role as ModelRole } from '../src/model/types.js';
import { findUnknown } from '../src/model/unknown.js';
import { fromApp, fromAssembly, fromStack } from '../src/testing/cdk.js';
import { tempDir } from './helpers/temp-inputs.js';

const ACCOUNT = '111122223333';
const REGION = 'eu-west-1';
const env = { account: ACCOUNT, region: REGION };
const quietApp = (outdir?: string) =>
  new App({
    ...(outdir ? { outdir } : {}),
    builtinCloudFormationValidation: false,
    context: { 'aws:cdk:disable-stack-trace': true },
  });

function roleNamed(model: Model, name: string): ModelRole {
  const r = model.roles.find((x) => x.name === name);
  if (!r) throw new Error(`no role ${name} in the model: ${model.roles.map((x) => x.name).join(', ')}`);
  return r;
}

/** A stack with a user, a role with an inline policy on a bucket, and a managed policy. */
class SmallStack extends Stack {
  constructor(scope: App | Stage, id: string, props: { env?: { account: string; region: string } } = {}) {
    super(scope, id, props);
    const bucket = new Bucket(this, 'Data', { bucketName: 'small-data' });
    const reader = new Role(this, 'Reader', {
      roleName: 'Reader',
      assumedBy: new ServicePrincipal('ec2.amazonaws.com'),
    });
    bucket.grantRead(reader);
    new User(this, 'Alice', { userName: 'alice' });
    new ManagedPolicy(this, 'Ops', {
      managedPolicyName: 'Ops',
      roles: [reader],
      statements: [new PolicyStatement({ actions: ['ec2:DescribeInstances'], resources: ['*'] })],
    });
  }
}

describe('fromStack', () => {
  it('models the stack in its environment, with construct paths on every source', () => {
    const app = quietApp();
    const stack = new SmallStack(app, 'Small', { env });
    const model = fromStack(stack);
    expect(model.accounts.map((a) => a.id)).toEqual([ACCOUNT]);
    expect(model.accounts[0]!.region).toBe(REGION);
    expect(model.users.map((u) => u.arn)).toEqual([`arn:aws:iam::${ACCOUNT}:user/alice`]);
    const reader = roleNamed(model, 'Reader');
    expect(reader.arn).toBe(`arn:aws:iam::${ACCOUNT}:role/Reader`);
    expect(reader.source.constructPath).toBe('Small/Reader/Resource');
    expect(reader.source.stack).toBe('Small');
    // grantRead makes a DefaultPolicy (an AWS::IAM::Policy) on the role.
    const inline = reader.inlinePolicies[0]!;
    expect(inline.source.constructPath).toBe('Small/Reader/DefaultPolicy/Resource');
    expect(inline.document.statements[0]!.source.constructPath).toBe('Small/Reader/DefaultPolicy/Resource');
    expect(inline.document.statements[0]!.resource!.values).toContain('arn:aws:s3:::small-data');
    const ops = model.policies.find((p) => p.name === 'Ops')!;
    expect(ops.source.constructPath).toBe('Small/Ops/Resource');
    expect(reader.managedPolicies.map((a) => a.policyArn)).toContain(ops.arn);
    expect(model.resources.map((r) => r.arn)).toEqual(['arn:aws:s3:::small-data']);
    expect(model.resources[0]!.source.constructPath).toBe('Small/Data/Resource');
  });

  it('uses --account/--region options only for an environment-agnostic stack', () => {
    const app = quietApp();
    const agnostic = new SmallStack(app, 'Agnostic');
    const pinned = new SmallStack(app, 'Pinned', { env });
    const fromOptions = fromStack(agnostic, { account: '444455556666', region: 'ap-south-1' });
    expect(fromOptions.accounts).toEqual([{ id: '444455556666', region: 'ap-south-1' }]);
    expect(roleNamed(fromOptions, 'Reader').arn).toBe('arn:aws:iam::444455556666:role/Reader');
    // The stack's own environment wins over the options.
    const own = fromStack(pinned, { account: '444455556666', region: 'ap-south-1' });
    expect(own.accounts.map((a) => a.id)).toEqual([ACCOUNT]);
    // Without options the adapter assumes a placeholder account and says so.
    const assumed = fromStack(agnostic);
    expect(assumed.findings.map((f) => f.code)).toContain('cfn/assumed-account');
  });

  it('models only the given stack; a reference to another stack stays unknown', () => {
    const app = quietApp();
    const producer = new Stack(app, 'Producer', { env });
    const bucket = new Bucket(producer, 'Shared'); // generated name: only known after deploy
    const consumer = new Stack(app, 'Consumer', { env });
    const role = new Role(consumer, 'UsesShared', {
      roleName: 'UsesShared',
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
    });
    role.addToPolicy(
      new PolicyStatement({ actions: ['s3:GetObject'], resources: [bucket.arnForObjects('*')] }),
    );

    const alone = fromStack(consumer);
    expect(alone.resources).toEqual([]);
    const statement = roleNamed(alone, 'UsesShared').inlinePolicies[0]!.document.statements[0]!;
    expect(findUnknown(statement.resource!.values)).toBeDefined();

    // fromApp loads both stacks, so the export/import resolves to the producer's bucket.
    const together = fromApp(app);
    const bucketArn = together.resources.find((r) => r.kind === 's3-bucket')!.arn;
    const resolved = roleNamed(together, 'UsesShared').inlinePolicies[0]!.document.statements[0]!;
    expect(findUnknown(resolved.resource!.values)).toBeUndefined();
    expect(resolved.resource!.values).toEqual([`${bucketArn}/*`]);
  });

  it('loads a stack with its nested stacks, and a nested stack on its own', () => {
    const app = quietApp();
    const parent = new Stack(app, 'Parent', { env });
    new User(parent, 'Top', { userName: 'top' });
    const nested = new NestedStack(parent, 'Inner');
    new Role(nested, 'InnerRole', {
      roleName: 'InnerRole',
      assumedBy: new ServicePrincipal('ec2.amazonaws.com'),
    });

    const whole = fromStack(parent);
    expect(whole.users.map((u) => u.name)).toEqual(['top']);
    const inner = roleNamed(whole, 'InnerRole');
    expect(inner.arn).toBe(`arn:aws:iam::${ACCOUNT}:role/InnerRole`);
    expect(inner.source.constructPath).toBe('Parent/Inner/InnerRole/Resource');

    const onlyNested = fromStack(nested);
    expect(onlyNested.users).toEqual([]);
    const alone = roleNamed(onlyNested, 'InnerRole');
    expect(alone.arn).toBe(`arn:aws:iam::${ACCOUNT}:role/InnerRole`);
    expect(alone.source.constructPath).toBe('Parent/Inner/InnerRole/Resource');
  });
});

describe('fromApp', () => {
  it('models every stack of the app, including the stacks of nested Stages', () => {
    const app = quietApp();
    new SmallStack(app, 'Dev', { env });
    const prod = new Stage(app, 'Prod', { env: { account: '999988887777', region: 'us-east-2' } });
    const prodStack = new Stack(prod, 'Users');
    new User(prodStack, 'Bob', { userName: 'bob' });

    const model = fromApp(app);
    expect(model.accounts.map((a) => a.id).sort()).toEqual([ACCOUNT, '999988887777']);
    const bob = model.users.find((u) => u.name === 'bob')!;
    expect(bob.arn).toBe('arn:aws:iam::999988887777:user/bob');
    expect(bob.source.constructPath).toBe('Prod/Users/Bob/Resource');
    expect(model.users.find((u) => u.name === 'alice')!.account).toBe(ACCOUNT);
  });
});

describe('fromAssembly', () => {
  it('loads a synthesized cdk.out with file positions and the same principals as fromApp', () => {
    const outdir = tempDir('iamspec-cdk-');
    const app = quietApp(outdir);
    new SmallStack(app, 'Disk', { env });
    app.synth();
    expect(readdirSync(outdir)).toContain('manifest.json');

    const disk = fromAssembly(outdir);
    const memory = fromApp(app);
    const arns = (m: Model) => [...m.users, ...m.roles].map((p) => p.arn).sort();
    expect(arns(disk)).toEqual(arns(memory));
    expect(disk.policies.map((p) => p.arn)).toEqual(memory.policies.map((p) => p.arn));

    const reader = roleNamed(disk, 'Reader');
    expect(reader.source.constructPath).toBe('Disk/Reader/Resource');
    expect(reader.source.file).toBe(join(outdir, 'Disk.template.json'));
    expect(reader.source.line).toBeGreaterThan(0);
    // The pointer names the resource in the template, and the line is where it is.
    const lines = readFileSync(reader.source.file!, 'utf8').split('\n');
    expect(reader.source.logicalId).toMatch(/^Reader[0-9A-F]{8}$/);
    expect(lines[reader.source.line! - 1]).toContain(`"${reader.source.logicalId}"`);
  });
});

describe('packaging', () => {
  it('imports aws-cdk-lib (an optional peer dependency) only from the iamspec/cdk entry point (cdk.ts, the validation plugin it re-exports and the construct references both register)', () => {
    const offenders: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const p = join(dir, entry.name);
        if (entry.isDirectory()) walk(p);
        else if (p.endsWith('.ts') && /from ['"]aws-cdk-lib/.test(readFileSync(p, 'utf8'))) {
          offenders.push(p);
        }
      }
    };
    walk(join(import.meta.dirname, '..', 'src'));
    expect(offenders.map((p) => p.replace(/\\/g, '/').replace(/.*\/src\//, 'src/')).sort()).toEqual([
      'src/testing/cdk-references.ts',
      'src/testing/cdk-validator.ts',
      'src/testing/cdk.ts',
    ]);
  });
});
