// S3 Block Public Access (issue 10 item 14), as the Amazon S3 User Guide documents it in
// "Blocking public access to your Amazon S3 storage"
// (https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html),
// sections "Block public access settings" and "The meaning of \"public\"". Fixtures:
// test/fixtures/s3-public-access (a template, a bucket-level and an account-level Terraform block).

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadTerraformConfig } from '../src/adapters/terraform/index.js';
import { checkOnlyPrincipals } from '../src/analysis/exhaustive.js';
import { whoCan } from '../src/analysis/who-can.js';
import { applyBlockPublicPolicy, bucketPolicyPublicness } from '../src/aws/s3-public-access.js';
import { compileModel } from '../src/engine/index.js';
import { ModelBuilder } from '../src/model/builder.js';
import type { Model } from '../src/model/types.js';
import { Unknown } from '../src/model/unknown.js';
import { parsePolicy } from '../src/policy/parse.js';
import { modelOf } from './fixtures/cfn/load.js';

const DIR = 'test/fixtures/s3-public-access';
const ACCOUNT = '111122223333';
const PARTNER = '444455556666';
const src = { file: 'test' };

const doc = (...statements: unknown[]) =>
  parsePolicy({ Version: '2012-10-17', Statement: statements }, { kind: 'resource', source: src });
const publicness = (...statements: unknown[]) => bucketPolicyPublicness(doc(...statements)).public;

function fromTemplate(): Model {
  const file = `${DIR}/template.yaml`;
  return modelOf(readFileSync(file, 'utf8'), {
    account: ACCOUNT,
    region: 'us-west-2',
    stackName: 'bpa',
    file,
  });
}

function fromHcl(dir: string): Model {
  const b = new ModelBuilder();
  loadTerraformConfig(`${DIR}/${dir}`, b, {});
  return b.build();
}

describe('the meaning of "public" for bucket policies', () => {
  // "When evaluating a bucket policy, Amazon S3 begins by assuming that the policy is public. It
  // then evaluates the policy to determine whether it qualifies as non-public. To be considered
  // non-public, a bucket policy must grant access only to fixed values (values that don't contain
  // a wildcard or an AWS Identity and Access Management Policy Variable) for one or more of the
  // following: An AWS principal, user, role, or service principal (e.g. aws:PrincipalOrgID) ..."
  it("the page's public examples are public", () => {
    expect(publicness({ Principal: '*', Resource: '*', Action: 's3:PutObject', Effect: 'Allow' })).toBe(true);
    expect(
      publicness({
        Principal: '*',
        Resource: '*',
        Action: 's3:PutObject',
        Effect: 'Allow',
        Condition: { StringLike: { 'aws:SourceVpc': 'vpc-*' } },
      }),
    ).toBe(true);
  });

  // "you can make the last policy preceding non-public by setting aws:SourceVpc to a fixed value"
  it('a fixed aws:SourceVpc, a fixed principal, an organization make it non-public', () => {
    expect(
      publicness({
        Principal: '*',
        Resource: '*',
        Action: 's3:PutObject',
        Effect: 'Allow',
        Condition: { StringEquals: { 'aws:SourceVpc': 'vpc-91237329' } },
      }),
    ).toBe(false);
    expect(
      publicness({
        Principal: { AWS: `arn:aws:iam::${PARTNER}:root` },
        Action: 's3:*',
        Effect: 'Allow',
        Resource: '*',
      }),
    ).toBe(false);
    expect(
      publicness({
        Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: 's3:PutObject',
        Effect: 'Allow',
        Resource: '*',
      }),
    ).toBe(false);
    expect(
      publicness({
        Principal: '*',
        Action: 's3:GetObject',
        Effect: 'Allow',
        Resource: '*',
        Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } },
      }),
    ).toBe(false);
  });

  // "Bucket policies that grant access conditioned on the aws:SourceIp condition key with very
  // broad IP ranges (for example, 0.0.0.0/1) are evaluated as "public." This includes values
  // broader than /8 for IPv4 and /32 for IPv6"
  it('aws:SourceIp: a range broader than /8 (IPv4) or /32 (IPv6) is public', () => {
    const withIp = (ip: string) =>
      publicness({
        Principal: '*',
        Action: 's3:GetObject',
        Effect: 'Allow',
        Resource: '*',
        Condition: { IpAddress: { 'aws:SourceIp': ip } },
      });
    expect(withIp('0.0.0.0/1')).toBe(true);
    expect(withIp('10.0.0.0/8')).toBe(false);
    expect(withIp('203.0.113.0/24')).toBe(false);
    expect(withIp('2001:db8::/16')).toBe(true);
    expect(withIp('2001:db8::/48')).toBe(false);
  });

  it('a Deny never makes a policy public; a wildcard account in a principal does', () => {
    expect(publicness({ Principal: '*', Action: 's3:*', Effect: 'Deny', Resource: '*' })).toBe(false);
    expect(
      publicness({
        Principal: { AWS: 'arn:aws:iam::*:root' },
        Action: 's3:GetObject',
        Effect: 'Allow',
        Resource: '*',
      }),
    ).toBe(true);
  });

  it('what the inputs do not decide is "maybe", never "not public"', () => {
    const unknownPrincipal = new Unknown('known after apply');
    expect(
      publicness({
        Principal: { AWS: unknownPrincipal },
        Action: 's3:GetObject',
        Effect: 'Allow',
        Resource: '*',
      }),
    ).toBe('maybe');
    // aws:PrincipalAccount is not on the page's list: S3's reading of it is not documented.
    expect(
      publicness({
        Principal: '*',
        Action: 's3:GetObject',
        Effect: 'Allow',
        Resource: '*',
        Condition: { StringEquals: { 'aws:PrincipalAccount': ACCOUNT } },
      }),
    ).toBe('maybe');
  });
});

describe('BlockPublicPolicy', () => {
  // "Setting this option to TRUE for a bucket causes Amazon S3 to reject calls to PutBucketPolicy
  // if the specified bucket policy allows public access."
  it("CloudFormation: a public policy written after the bucket's block is rejected; the bucket keeps none", () => {
    const m = fromTemplate();
    const site = m.resources.find((r) => r.name === 'bpa-site')!;
    expect(site.publicAccessBlock?.blockPublicPolicy).toBe(true);
    expect(site.policy).toBeUndefined();
    const f = m.findings.find((x) => x.code === 's3/public-policy-rejected');
    expect(f?.severity).toBe('error');
    expect(f?.message).toContain('bpa-site');
    expect(f?.source?.logicalId).toBe('SitePolicy');
    const anon = compileModel(m).decide({
      principal: 'anonymous',
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::bpa-site/a',
    });
    expect(anon.decision).toBe('deny');
  });

  it('a non-public policy is stored as written', () => {
    const m = fromTemplate();
    const internal = m.resources.find((r) => r.name === 'bpa-internal')!;
    expect(internal.policy?.statements[0]?.sid).toBe('FromVpc');
    expect(internal.policy?.presence).toBeUndefined();
  });

  // "Enabling this setting doesn't affect existing access point or bucket policies": when the
  // inputs do not order the block before the policy, the policy might exist.
  it('Terraform: a block the configuration does not order first leaves the policy maybe-present', () => {
    const m = fromHcl('bucket-block');
    const site = m.resources.find((r) => r.name === 'bpa-tf-site')!;
    expect(site.policy?.presence?.reason).toContain('BlockPublicPolicy');
    expect(
      m.findings.some((f) => f.code === 's3/public-policy-maybe-rejected' && f.severity === 'warning'),
    ).toBe(true);
    const anon = compileModel(m).decide({
      principal: 'anonymous',
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::bpa-tf-site/a',
    });
    expect(anon.decision).toBe('indeterminate');
  });

  it('an unknown setting makes a public policy maybe-present', () => {
    const b = new ModelBuilder();
    const id = b.addBucket({
      bucketName: 'b',
      account: ACCOUNT,
      source: src,
      policy: doc({
        Sid: 'P',
        Effect: 'Allow',
        Principal: '*',
        Action: 's3:GetObject',
        Resource: 'arn:aws:s3:::b/*',
      }),
    });
    b.setPublicAccessBlock(id, {
      blockPublicPolicy: new Unknown('a parameter without a default'),
      inForceBeforePolicies: true,
      source: src,
    });
    applyBlockPublicPolicy(b);
    expect(b.build().resources[0]!.policy?.presence?.reason).toContain('a parameter without a default');
  });
});

describe('RestrictPublicBuckets (engine rule, src/engine/s3-block-public-access.ts)', () => {
  // "Setting this option to TRUE restricts access to an access point or bucket with a public
  // policy to only AWS service principals and authorized users within the bucket owner's account
  // ... This setting blocks all cross-account access to the access point or bucket (except by AWS
  // service principals)". The page's example: a policy granting CloudTrail, "Account-2" and the
  // public: "With this policy in place and RestrictPublicBuckets enabled, Amazon S3 allows access
  // only by CloudTrail. Even though statement 2 isn't public, Amazon S3 disables access by
  // "Account-2.""
  it("the page's example: CloudTrail keeps access; the other account and the public lose it", () => {
    const m = fromTemplate();
    const engine = compileModel(m);
    const decide = (principal: string, action: string) =>
      engine.decide({ principal, action, resource: 'arn:aws:s3:::bpa-logs/x' }).decision;
    expect(decide('cloudtrail.amazonaws.com', 's3:PutObject')).toBe('allow');
    expect(decide(`arn:aws:iam::${PARTNER}:root`, 's3:GetObject')).toBe('deny');
    expect(decide('anonymous', 's3:GetObject')).toBe('deny');
    const trace = engine.decide(
      { principal: 'anonymous', action: 's3:GetObject', resource: 'arn:aws:s3:::bpa-logs/x' },
      { trace: true },
    ).trace;
    expect(trace?.some((t) => t.message.includes('S3 Block Public Access'))).toBe(true);
  });

  // "But if you remove statement 3 from the policy, then the policy doesn't qualify as public, and
  // RestrictPublicBuckets no longer applies. Thus, "Account-2" regains access to the bucket"
  it('without the public statement the policy is not public and the other account keeps access', () => {
    const b = new ModelBuilder();
    const id = b.addBucket({
      bucketName: 'b',
      account: ACCOUNT,
      source: src,
      kmsKeyId: null, // no default KMS encryption (src/aws/encryption-key-requirement.ts)
      policy: doc({
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${PARTNER}:root` },
        Action: 's3:GetObject',
        Resource: 'arn:aws:s3:::b/*',
      }),
    });
    b.setPublicAccessBlock(id, { restrictPublicBuckets: true, source: src });
    const d = compileModel(b.build()).decide({
      principal: `arn:aws:iam::${PARTNER}:root`,
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::b/k',
    });
    expect(d.decision).toBe('allow');
  });

  it("the account's setting applies to its buckets (Terraform aws_s3_account_public_access_block)", () => {
    const m = fromHcl('account-block');
    expect(m.accounts[0]!.publicAccessBlock?.restrictPublicBuckets).toBe(true);
    const engine = compileModel(m);
    const only = checkOnlyPrincipals(engine, 's3:GetObject', 'arn:aws:s3:::bpa-tf-shared/*', [ACCOUNT]);
    expect(only.holds).toBe(true);
    const who = whoCan(engine, 's3:ListBucket', 'arn:aws:s3:::bpa-tf-shared', { direct: true });
    expect(who.entries.map((e) => e.principal)).not.toContain('anonymous');
  });

  it('without the block, the same grants are cross-account and public (the check fails)', () => {
    const b = new ModelBuilder();
    b.addBucket({
      bucketName: 'b',
      account: ACCOUNT,
      source: src,
      policy: doc({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }),
    });
    const only = checkOnlyPrincipals(compileModel(b.build()), 's3:GetObject', 'arn:aws:s3:::b/*', [ACCOUNT]);
    expect(only.holds).toBe(false);
    expect(only.violations.map((v) => v.principal)).toContain('anonymous');
  });

  it('an unknown setting makes a public, cross-account request indeterminate', () => {
    const b = new ModelBuilder();
    const id = b.addBucket({
      bucketName: 'b',
      account: ACCOUNT,
      source: src,
      policy: doc({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }),
    });
    b.setPublicAccessBlock(id, { restrictPublicBuckets: new Unknown('known after apply'), source: src });
    const d = compileModel(b.build()).decide({
      principal: 'anonymous',
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::b/k',
    });
    expect(d.decision).toBe('indeterminate');
  });
});
