// Tests of the CDKTF helpers (src/testing/cdktf.ts, `iamspec/cdktf`): fromCdktfStack builds the
// account model of a CDKTF stack synthesized in process (Testing.synth, or Testing.fullSynth),
// fromCdktfOutDir reads a cdktf.out directory; cdktf is imported by that module only.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document/index.js';
import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy/index.js';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role/index.js';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment/index.js';
import { IamUser } from '@cdktf/provider-aws/lib/iam-user/index.js';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider/index.js';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket/index.js';
import { App, TerraformStack, TerraformVariable } from 'cdktf';
import type { Construct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { InputError } from '../src/adapters/terraform/index.js';
import type { Model } from '../src/model/types.js';
import { findUnknown } from '../src/model/unknown.js';
import { fromCdktfOutDir, fromCdktfStack } from '../src/testing/cdktf.js';
import { tempDir } from './helpers/temp-inputs.js';

const ACCOUNT = '111122223333';

/** A bucket, a user, a role trusted by EC2 with a managed policy on the bucket's objects. */
class SmallStack extends TerraformStack {
  constructor(scope: Construct, id: string, options: { account?: string | false } = {}) {
    super(scope, id);
    new AwsProvider(this, 'aws', {
      region: 'eu-west-1',
      ...(options.account === false ? {} : { allowedAccountIds: [options.account ?? ACCOUNT] }),
    });
    const data = new S3Bucket(this, 'data', { bucket: 'small-data' });
    new IamUser(this, 'alice', { name: 'alice', path: '/staff/' });
    const trust = new DataAwsIamPolicyDocument(this, 'trust', {
      statement: [
        {
          actions: ['sts:AssumeRole'],
          principals: [{ type: 'Service', identifiers: ['ec2.amazonaws.com'] }],
        },
      ],
    });
    const reader = new IamRole(this, 'reader', { name: 'Reader', assumeRolePolicy: trust.json });
    const read = new IamPolicy(this, 'read', {
      name: 'ReadData',
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: `${data.arn}/*` }],
      }),
    });
    new IamRolePolicyAttachment(this, 'reader_read', { role: reader.name, policyArn: read.arn });
  }
}

function newStack(id = 'small', options: { account?: string | false } = {}): SmallStack {
  const app = new App({ skipValidation: true });
  return new SmallStack(app, id, options);
}

/** The parts of a model that say what it grants (sources aside). */
function essence(m: Model) {
  return {
    accounts: m.accounts,
    users: m.users.map((u) => u.arn),
    roles: m.roles.map((r) => ({
      arn: r.arn,
      trust: r.trustPolicy?.statements.map((s) => s.principal?.service?.values),
      managed: r.managedPolicies.map((a) => a.policyArn),
    })),
    policies: m.policies.map((p) => ({
      arn: p.arn,
      resources: p.document.statements.map((s) => s.resource?.values),
    })),
    buckets: m.resources.map((r) => r.arn),
  };
}

describe('fromCdktfStack', () => {
  it('models the synthesized stack, with Terraform addresses on every source', () => {
    const m = fromCdktfStack(newStack());
    expect(m.accounts).toEqual([{ id: ACCOUNT, region: 'eu-west-1' }]);
    expect(m.users.map((u) => u.arn)).toEqual([`arn:aws:iam::${ACCOUNT}:user/staff/alice`]);
    const reader = m.roles.find((r) => r.name === 'Reader');
    expect(reader?.trustPolicy?.statements[0]?.principal?.service?.values).toEqual(['ec2.amazonaws.com']);
    // the attachment's policy_arn (a token for aws_iam_policy.read.arn) resolves to the policy's ARN
    expect(reader?.managedPolicies.map((a) => a.policyArn)).toEqual([
      `arn:aws:iam::${ACCOUNT}:policy/ReadData`,
    ]);
    const read = m.policies.find((p) => p.name === 'ReadData');
    // the bucket ARN inside JSON.stringify (a token) is derived from the bucket name
    expect(read?.document.statements[0]?.resource?.values).toEqual(['arn:aws:s3:::small-data/*']);
    expect(m.resources.map((r) => r.arn)).toEqual(['arn:aws:s3:::small-data']);
    expect(m.users[0]?.source).toMatchObject({ address: 'aws_iam_user.alice', file: '<cdktf synth: small>' });
    expect(read?.source.address).toBe('aws_iam_policy.read');
    expect(m.findings.filter((f) => f.severity === 'error')).toEqual([]);
  });

  it('passes the Terraform load options (account, region), which take precedence over the inputs', () => {
    const assumed = fromCdktfStack(newStack('anon', { account: false }));
    expect(assumed.findings.map((f) => f.code)).toContain('tf/assumed-account');
    const given = fromCdktfStack(newStack('anon', { account: false }), {
      account: '444455556666',
      region: 'us-east-2',
    });
    expect(given.accounts).toEqual([{ id: '444455556666', region: 'us-east-2' }]);
    expect(given.users[0]?.arn).toBe('arn:aws:iam::444455556666:user/staff/alice');
    expect(given.findings.map((f) => f.code)).not.toContain('tf/assumed-account');
  });

  it('names the synthesized configuration as asked', () => {
    const m = fromCdktfStack(newStack(), { file: 'infra/cdk.tf.json' });
    expect(m.users[0]?.source.file).toBe('infra/cdk.tf.json');
  });

  it('with fullSynth reads the stack from the synthesized directory, to the same model', () => {
    const inMemory = fromCdktfStack(newStack());
    const full = fromCdktfStack(newStack(), { fullSynth: true });
    expect(essence(full)).toEqual(essence(inMemory));
    expect(full.users[0]?.source.file).toMatch(/stacks[/\\]small[/\\]cdk\.tf\.json$/);
  });

  it('keeps what the inputs cannot tell (a variable without a default) as unknown, without throwing', () => {
    class WithVariable extends TerraformStack {
      constructor(scope: Construct, id: string) {
        super(scope, id);
        new AwsProvider(this, 'aws', { region: 'eu-west-1', allowedAccountIds: [ACCOUNT] });
        const target = new TerraformVariable(this, 'target_role_arn', { type: 'string' });
        new IamPolicy(this, 'pass', {
          name: 'PassTarget',
          policy: JSON.stringify({
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Action: 'iam:PassRole', Resource: target.stringValue }],
          }),
        });
      }
    }
    const stack = new WithVariable(new App({ skipValidation: true }), 'variable');
    const pass = fromCdktfStack(stack).policies.find((p) => p.name === 'PassTarget');
    expect(pass).toBeDefined();
    const unknown = pass?.document.unknown ?? findUnknown(pass?.document.statements);
    expect(unknown?.reason).toMatch(/target_role_arn/);
    // with --var the value is known
    const given = fromCdktfStack(new WithVariable(new App({ skipValidation: true }), 'variable'), {
      vars: { target_role_arn: `arn:aws:iam::${ACCOUNT}:role/Target` },
    }).policies.find((p) => p.name === 'PassTarget');
    expect(given?.document.statements[0]?.resource?.values).toEqual([`arn:aws:iam::${ACCOUNT}:role/Target`]);
  });
});

describe('fromCdktfOutDir', () => {
  it('reads every stack of a cdktf.out directory, one stack directory, or its cdk.tf.json', () => {
    const outdir = tempDir();
    const app = new App({ outdir, skipValidation: true });
    new SmallStack(app, 'first');
    new SmallStack(app, 'second', { account: '444455556666' });
    app.synth();
    expect(readdirSync(join(outdir, 'stacks')).sort()).toEqual(['first', 'second']);

    const both = fromCdktfOutDir(outdir);
    expect(both.accounts.map((a) => a.id).sort()).toEqual([ACCOUNT, '444455556666']);
    expect(both.users.map((u) => u.arn).sort()).toEqual([
      `arn:aws:iam::${ACCOUNT}:user/staff/alice`,
      'arn:aws:iam::444455556666:user/staff/alice',
    ]);

    const one = fromCdktfOutDir(join(outdir, 'stacks', 'first'));
    expect(essence(one)).toEqual(essence(fromCdktfStack(newStack('first'))));
    const file = join(outdir, 'stacks', 'first', 'cdk.tf.json');
    expect(statSync(file).isFile()).toBe(true);
    expect(essence(fromCdktfOutDir(file))).toEqual(essence(one));
  });

  it('throws InputError for a directory without a Terraform configuration', () => {
    expect(() => fromCdktfOutDir(tempDir())).toThrow(InputError);
  });
});

describe('module boundaries', () => {
  it('cdktf is imported by src/testing/cdktf.ts only', () => {
    const importers: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const p = join(dir, name);
        if (statSync(p).isDirectory()) walk(p);
        else if (p.endsWith('.ts') && /from ['"](cdktf|@cdktf\/[^'"]+)['"]/.test(readFileSync(p, 'utf8')))
          importers.push(p.split(/[/\\]src[/\\]/)[1]!.replaceAll('\\', '/'));
      }
    };
    walk(join(import.meta.dirname, '..', 'src'));
    expect(importers).toEqual(['testing/cdktf.ts']);
  });
});
