// Explicit S3 ACL grants the Terraform adapter reads, in one grant list with canned ACLs
// (src/aws/s3-acl.ts `granteePrincipal`, `bucketPermissionActions`, `effectiveBucketGrants`):
// the `grant` blocks of aws_s3_bucket (AWS provider v3's inline ACL, deprecated since v4),
// `access_control_policy { grant { grantee { ... } permission } owner { ... } }` of
// aws_s3_bucket_acl, and the `grant` blocks of aws_s3_object_copy. A grant whose grantee or
// permissions are known only after apply makes the bucket's policy unknown (maybe-present): the
// verdicts it could change are indeterminate, with the reason and its source.
//
// AWS rules pinned here (Amazon S3 User Guide, "Access control list (ACL) overview",
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html):
// - "Who is a grantee?": the AllUsers group "http://acs.amazonaws.com/groups/global/AllUsers":
//   "Access permission to this group allows anyone in the world access to the resource. The
//   requests can be signed (authenticated) or unsigned (anonymous)"; the Authenticated Users group
//   "http://acs.amazonaws.com/groups/global/AuthenticatedUsers": "This group represents all AWS
//   accounts. Access permission to this group allows any AWS account to access the resource.
//   However, all requests must be signed (authenticated)" (any account, not the bucket owner's
//   users only); the Log Delivery group "http://acs.amazonaws.com/groups/s3/LogDelivery": "WRITE
//   permission on a bucket enables this group to write server access logs"; a grantee by canonical
//   user ID, or by e-mail address ("Amazon S3 ... converts the email address to the canonical
//   user ID" of that AWS account).
// - "Mapping of ACL permissions and access policy permissions", on a bucket: READ "s3:ListBucket,
//   s3:ListBucketVersions, and s3:ListBucketMultipartUploads"; WRITE "s3:PutObject" (and
//   s3:DeleteObject for the owners of existing objects); READ_ACP "s3:GetBucketAcl"; WRITE_ACP
//   "s3:PutBucketAcl"; FULL_CONTROL "Equivalent to granting READ, WRITE, READ_ACP, and WRITE_ACP
//   ACL permissions".
// Terraform AWS provider: aws_s3_bucket_acl "access_control_policy - (Optional, either
// access_control_policy or acl is required) Configuration block that sets the ACL permissions for
// an object per grantee"; "grantee: email_address, id, type (Required) Type of grantee. Valid
// values: CanonicalUser, AmazonCustomerByEmail, Group, uri"; "permission - (Required) Logging
// permissions assigned to the grantee for the bucket. Valid values: FULL_CONTROL, WRITE,
// WRITE_ACP, READ, READ_ACP" (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3_bucket_acl).

import { describe, expect, it } from 'vitest';
import { loadTerraformPlan } from '../src/adapters/terraform/index.js';
import { checkOnlyPrincipals } from '../src/analysis/exhaustive.js';
import { bucketPermissionActions, effectiveBucketGrants, granteePrincipal } from '../src/aws/s3-acl.js';
import { compileModel } from '../src/engine/index.js';
import { ModelBuilder } from '../src/model/builder.js';
import { isUnknown, Unknown } from '../src/model/unknown.js';
import { runCli } from './fixtures/cli/run.js';

const FX = 'test/fixtures/terraform/acl-grants';
const ACCOUNT = '111122223333';
const OWNER = '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be';
const PARTNER = 'be2fe74dc7e8125d8f8fae89d90e6dfde9eabf8a1e69d55e94b009f900fd95a9';
const OTHER = 'arn:aws:iam::999999999999:root';

describe('S3 ACL facts (src/aws/s3-acl.ts)', () => {
  it('bucket permissions map to the S3 actions of the User Guide table', () => {
    expect(bucketPermissionActions('READ')).toEqual([
      's3:ListBucket',
      's3:ListBucketVersions',
      's3:ListBucketMultipartUploads',
    ]);
    expect(bucketPermissionActions('WRITE')).toEqual(['s3:PutObject', 's3:DeleteObject']);
    expect(bucketPermissionActions('READ_ACP')).toEqual(['s3:GetBucketAcl']);
    expect(bucketPermissionActions('WRITE_ACP')).toEqual(['s3:PutBucketAcl']);
    expect(new Set(bucketPermissionActions('FULL_CONTROL'))).toEqual(
      new Set(['READ', 'WRITE', 'READ_ACP', 'WRITE_ACP'].flatMap((p) => bucketPermissionActions(p)!)),
    );
    expect(bucketPermissionActions('SOMETHING')).toBeUndefined();
  });

  it('each grantee type becomes a principal; one that is not known is none', () => {
    const g = (uri: string) =>
      granteePrincipal({ type: 'Group', uri: `http://acs.amazonaws.com/groups/${uri}` });
    expect(g('global/AllUsers')).toBe('*');
    expect(g('global/AuthenticatedUsers')).toEqual({ AWS: '*' });
    expect(g('s3/LogDelivery')).toEqual({ Service: 'logging.s3.amazonaws.com' });
    expect(g('global/SomethingElse')).toBeUndefined();
    expect(granteePrincipal({ type: 'CanonicalUser', id: OWNER })).toEqual({ CanonicalUser: OWNER });
    const id = new Unknown(
      'aws_cloudfront_origin_access_identity.x.s3_canonical_user_id is known only after apply',
    );
    expect(granteePrincipal({ type: 'CanonicalUser', id })).toEqual({ CanonicalUser: id });
    const email = granteePrincipal({ type: 'AmazonCustomerByEmail', email: 'a@example.com' }) as {
      CanonicalUser: unknown;
    };
    expect(isUnknown(email.CanonicalUser) && email.CanonicalUser.reason).toContain('a@example.com');
    // a grantee whose type is unknown may be any of them: not read (the caller keeps it unknown)
    expect(granteePrincipal({ type: new Unknown('t'), id: OWNER })).toBeUndefined();
    expect(granteePrincipal({ type: 'Group', uri: new Unknown('u') })).toBeUndefined();
  });

  it('explicit grants and a canned ACL take effect by the same Object Ownership rule', () => {
    const grants = [{ principal: '*', actions: bucketPermissionActions('READ')! }];
    const arn = 'arn:aws:s3:::b';
    const none = { bucketBlock: undefined, accountBlock: undefined };
    expect(effectiveBucketGrants(grants, arn, { ownership: 'BucketOwnerEnforced', ...none }).parts).toEqual(
      [],
    );
    expect(effectiveBucketGrants(grants, arn, { ownership: 'ObjectWriter', ...none }).parts).toHaveLength(1);
    expect(effectiveBucketGrants(grants, arn, { ownership: undefined, ...none }).parts[0]?.maybe).toContain(
      'Object Ownership',
    );
  });
});

describe('a plan with grant blocks and access_control_policy (Terraform JSON plan format)', () => {
  const b = new ModelBuilder();
  loadTerraformPlan(`${FX}/plan.json`, b, { account: ACCOUNT, region: 'us-east-1' });
  const model = b.build();
  const engine = compileModel(model);
  const only = (action: string, bucket: string) => {
    const r = checkOnlyPrincipals(engine, action, `arn:aws:s3:::${bucket}`, []);
    return {
      holds: r.holds,
      of: (p: string) => r.violations.find((v) => v.principal === p)?.decision,
    };
  };

  it('aws_s3_bucket grant to AllUsers READ: anyone may list the bucket', () => {
    const r = only('s3:ListBucket', 'legacy-site');
    expect(r.holds).toBe(false);
    expect(r.of('anonymous')?.decision).toBe('allow');
    // the owner's FULL_CONTROL grant is read as its canonical user
    expect(only('s3:PutBucketAcl', 'legacy-site').of(OWNER)?.decision).toBe('allow');
    expect(only('s3:PutBucketAcl', 'legacy-site').of('anonymous')).toBeUndefined();
  });

  it('aws_s3_bucket grant to AuthenticatedUsers WRITE: principals of any AWS account may write', () => {
    const r = only('s3:PutObject', 'partners-drop/x');
    expect(r.of(OTHER)?.decision).toBe('allow');
    expect(only('s3:ListBucket', 'partners-drop').holds).toBe(true);
  });

  it('access_control_policy: LogDelivery WRITE, a canonical user READ_ACP, an e-mail grantee READ', () => {
    expect(only('s3:PutObject', 'logs-bucket/x').of('logging.s3.amazonaws.com')?.decision).toBe('allow');
    expect(only('s3:PutObject', 'logs-bucket/x').of('anonymous')).toBeUndefined();
    expect(only('s3:GetBucketAcl', 'logs-bucket').of(PARTNER)?.decision).toBe('allow');
    // the e-mail's account has a canonical user the inputs do not hold: it may be any of them
    const list = only('s3:ListBucket', 'logs-bucket');
    expect(list.holds).toBe(false);
    expect(list.of('anonymous')).toBeUndefined();
    expect(list.of(OWNER)?.decision).toBe('indeterminate');
  });

  it('a grant whose grantee is known only after apply: indeterminate, with the reason', () => {
    const d = only('s3:ListBucket', 'shared-bucket').of('anonymous');
    expect(d?.decision).toBe('indeterminate');
    expect(JSON.stringify(d)).toContain('grantee[0].uri is known only after apply');
  });

  it('a bucket without grants grants nobody', () => {
    expect(only('s3:ListBucket', 'plain-bucket').holds).toBe(true);
  });
});

describe('check: a spec that passed before grant blocks were read now fails', () => {
  it('cannot anonymous s3:ListBucket fails on the grant, indeterminate on the unknown grant', async () => {
    const r = await runCli([
      'check',
      `${FX}/plan.json`,
      '--account',
      ACCOUNT,
      '--region',
      'us-east-1',
      '--spec',
      `${FX}/access.yaml`,
    ]);
    expect(r.code).not.toBe(0);
    expect(r.stdout).toMatch(/✗ \[cannot\] anonymous can s3:ListBucket on arn:aws:s3:::legacy-site/);
    expect(r.stdout).toContain('aws_s3_bucket.legacy');
    expect(r.stdout).toMatch(
      /\? \[cannot\] anonymous may or may not s3:ListBucket on arn:aws:s3:::shared-bucket/,
    );
    expect(r.stdout).toContain('✓ [cannot] anonymous cannot s3:ListBucket on arn:aws:s3:::plain-bucket');
    // the user sees that the ACL's canonical-user grantees may be any account's (the e-mail
    // grantee's own reason: the granteePrincipal test above; the summary lists one warning
    // per element: src/model/unknown-inventory.ts)
    expect(r.stderr).toMatch(
      /\(aws_s3_bucket_acl\.logs\): warning: CanonicalUser .*\[policy\/principal-canonical-user\]/,
    );
  });
});
