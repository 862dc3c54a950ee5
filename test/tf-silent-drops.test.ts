// Terraform inputs the adapter used to drop without a word (found by the corpus accounting,
// test/corpus-accounting.test.ts); each is now in the model, as an unknown or with a finding.
//
// Rules pinned here:
// - A bucket has one policy, which each setter replaces as a whole. Amazon S3 API Reference,
//   PutBucketPolicy: "Applies an Amazon S3 bucket policy to an Amazon S3 bucket."
//   (https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketPolicy.html); AWS SDK,
//   SetBucketPolicyRequest: "Only one policy can be specified per-bucket." Two Terraform
//   resources setting it leave the one Terraform applies last, an order the inputs do not give.
// - IAM names are unique in an account: IAM API Reference, CreateRole, error EntityAlreadyExists:
//   "The request was rejected because it attempted to create a resource that already exists."
//   (https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html)
// - `policy` is required by aws_iam_role_policy and aws_sqs_queue_policy (Terraform AWS provider,
//   resources aws_iam_role_policy and aws_sqs_queue_policy: "policy - (Required) The inline policy
//   document. This is a JSON formatted string." / "policy - (Required) The JSON policy for the SQS
//   queue."): an input that holds none there does not show what the deployed resource grants.
// - AWS Organizations User Guide, "Managing organization policies": "Authorization policies help
//   you to centrally manage the security of the AWS accounts in your organization" (SCPs, RCPs);
//   "Management policies enable you to centrally configure and manage AWS services and their
//   features" (tag policies...): only the first grant or deny access.
//   https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies.html

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTerraformConfig } from '../src/adapters/terraform/index.js';
import { compileModel } from '../src/engine/index.js';
import { ModelBuilder } from '../src/model/builder.js';
import type { Model } from '../src/model/types.js';

const FX = join(import.meta.dirname, 'fixtures', 'terraform', 'silent-drops');

function load(dir: string): Model {
  const b = new ModelBuilder();
  loadTerraformConfig(join(FX, dir), b, { env: {} });
  return b.build();
}

const codes = (m: Model) => m.findings.map((f) => f.code);

describe('two resources set one bucket policy', () => {
  it('different documents: both kept maybe-present, so either account reading is indeterminate', () => {
    const m = load('two-bucket-policies');
    const bucket = m.resources.find((r) => r.arn === 'arn:aws:s3:::data')!;
    expect(bucket.policy!.statements).toHaveLength(2);
    for (const st of bucket.policy!.statements) expect(st.presence?.reason).toContain('both set the policy');
    const f = m.findings.find((x) => x.code === 'tf/duplicate-resource-policy')!;
    expect(f.severity).toBe('warning');
    expect(f.message).toContain('aws_s3_bucket.data and aws_s3_bucket_policy.data');
    const engine = compileModel(m);
    for (const account of ['222222222222', '333333333333'])
      expect(
        engine.decide({
          principal: `arn:aws:iam::${account}:root`,
          action: 's3:GetObject',
          resource: 'arn:aws:s3:::data/k',
        }).decision,
        account,
      ).toBe('indeterminate');
  });

  it('the same statements: one policy, decided', () => {
    const m = load('same-bucket-policy');
    const bucket = m.resources.find((r) => r.arn === 'arn:aws:s3:::data')!;
    expect(bucket.policy!.statements).toHaveLength(1);
    expect(bucket.policy!.statements[0]!.presence).toBeUndefined();
    expect(codes(m)).toContain('tf/same-resource-policy');
    expect(codes(m)).not.toContain('tf/duplicate-resource-policy');
  });
});

describe('two instances create one role name', () => {
  it('an error finding at the instance the model does not keep', () => {
    const m = load('same-role-name');
    expect(m.roles.filter((r) => r.name === 'worker')).toHaveLength(1);
    const f = m.findings.find((x) => x.code === 'model/duplicate-name')!;
    expect(f.severity).toBe('error');
    expect(f.source?.address).toBe('aws_iam_role.worker["a"]');
    expect(f.message).toContain('EntityAlreadyExists');
  });
});

describe('a required policy that holds no document', () => {
  const m = load('empty-policy');
  it('is an unknown document on the role and on the queue, with a warning each', () => {
    const role = m.roles.find((r) => r.name === 'worker')!;
    expect(role.inlinePolicies).toHaveLength(1);
    expect(role.inlinePolicies[0]!.document.unknown?.reason).toContain('holds no policy document');
    const queue = m.resources.find((r) => r.kind === 'sqs-queue')!;
    expect(queue.policy?.unknown).toBeDefined();
    expect(m.findings.filter((f) => f.code === 'tf/empty-policy').map((f) => f.source?.address)).toEqual([
      'aws_iam_role_policy.work',
      'aws_sqs_queue_policy.jobs',
    ]);
  });

  it('what the role may do is indeterminate, not denied', () => {
    const d = compileModel(m).decide({
      principal: 'arn:aws:iam::111111111111:role/worker',
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::b/k',
    });
    expect(d.decision).toBe('indeterminate');
  });
});

describe('organizations policies by type', () => {
  const m = load('org-policy-types');
  it('an unknown type: applied as an SCP and an RCP, each maybe-present', () => {
    const org = m.organizations.find((o) => o.account === '111111111111')!;
    const guard = (docs: typeof org.scps) =>
      docs.filter((d) => d.statements.some((s) => s.effect === 'Deny' && s.presence));
    expect(guard(org.scps)).toHaveLength(1);
    expect(guard(org.rcps)).toHaveLength(1);
    expect(m.findings.some((f) => f.code === 'tf/unresolved-reference' && f.message.includes('type'))).toBe(
      true,
    );
    // The Deny it might carry makes alice's read indeterminate.
    expect(
      compileModel(m).decide({
        principal: 'arn:aws:iam::111111111111:user/alice',
        action: 's3:GetObject',
        resource: 'arn:aws:s3:::b/k',
      }).decision,
    ).toBe('indeterminate');
  });

  it('a tag policy grants and denies nothing: ignored with a note, never taken for an unknown SCP', () => {
    const f = m.findings.find((x) => x.code === 'tf/ignored-policy')!;
    expect(f.source?.address).toBe('aws_organizations_policy.tags');
    expect(m.findings.some((x) => x.message.includes('aws_organizations_policy_attachment.tags'))).toBe(
      false,
    );
  });
});
