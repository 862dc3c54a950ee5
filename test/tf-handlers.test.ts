// biome-ignore-all lint/suspicious/noTemplateCurlyInString: IAM policy variables such as ${aws:username} are literal text here
// Resource handlers of the Terraform adapter, on test/fixtures/tf/handlers/main.tf, which uses
// every handled resource type of the AWS provider (Terraform registry,
// https://registry.terraform.io/providers/hashicorp/aws/latest/docs : aws_iam_user, aws_iam_group,
// aws_iam_group_membership, aws_iam_user_group_membership, aws_iam_role, aws_iam_policy,
// aws_iam_*_policy, aws_iam_*_policy_attachment, aws_iam_policy_attachment,
// aws_iam_instance_profile, aws_instance, aws_s3_bucket(+_policy), aws_sqs_queue(+_policy),
// aws_sns_topic(+_policy), aws_kms_key, aws_lambda_function, aws_lambda_permission,
// aws_secretsmanager_secret(+_policy), aws_organizations_policy(+_attachment)).

import { describe, expect, it } from 'vitest';
import { loadTerraformConfig } from '../src/adapters/terraform/index.js';
import { ModelBuilder } from '../src/model/builder.js';
import { type Model, ORG_DEFAULT_LEVEL, type Resource } from '../src/model/types.js';
import type { PrincipalSpec, Statement } from '../src/policy/types.js';

const ACCOUNT = '111122223333';
const b = new ModelBuilder();
loadTerraformConfig('test/fixtures/tf/handlers', b, {});
const m: Model = b.build();

const role = () => m.roles.find((r) => r.name === 'acme-app')!;
const user = (name: string) => m.users.find((u) => u.name === name)!;
const resource = (arn: string): Resource => {
  const r = m.resources.find((x) => x.arn === arn);
  if (!r) throw new Error(`no resource ${arn}; have ${m.resources.map((x) => x.arn).join(', ')}`);
  return r;
};
const values = (s: Statement | undefined, key: 'action' | 'resource' | 'notAction') => s?.[key]?.values;
const principals = (p: PrincipalSpec | undefined) => ({
  wildcard: p?.wildcard,
  aws: p?.aws?.values,
  service: p?.service?.values,
});

describe('environment', () => {
  it('takes the account from allowed_account_ids and the region from a variable default', () => {
    expect(m.accounts).toEqual([{ id: ACCOUNT, region: 'eu-west-1' }]);
    expect(m.findings.map((f) => f.code)).not.toContain('tf/assumed-account');
  });
});

describe('IAM handlers', () => {
  it('aws_iam_user with count, path and tags; aws_iam_group_membership with a splat of names', () => {
    const sara = user('acme-sara');
    expect(sara.arn).toBe(`arn:aws:iam::${ACCOUNT}:user/interns/acme-sara`);
    expect(sara.tags).toEqual({ owner: 'platform', env: 'prod' });
    expect(sara.source.address).toBe('aws_iam_user.intern[0]');
    expect(sara.groups).toEqual([`arn:aws:iam::${ACCOUNT}:group/interns`]);
    expect(user('acme-tom').groups).toEqual([`arn:aws:iam::${ACCOUNT}:group/interns`]);
  });

  it('aws_iam_user_group_membership, aws_iam_user_policy, user attachments and permissions_boundary', () => {
    const admin = user('admin');
    // aws_iam_group_membership.interns owns the group's members and does not list admin: "will
    // conflict with itself if used more than once with the same group. To non-exclusively manage
    // the users in a group, see the aws_iam_user_group_membership resource" (maybe-present)
    expect(admin.groups).toEqual([]);
    expect(admin.maybeGroups.map((m) => m.group)).toEqual([`arn:aws:iam::${ACCOUNT}:group/interns`]);
    expect(admin.maybeGroups[0]!.presence.reason).toContain('aws_iam_group_membership.interns');
    expect(admin.inlinePolicies.map((p) => p.name)).toEqual(['all']);
    expect(admin.managedPolicies.map((p) => p.policyArn)).toEqual([
      'arn:aws:iam::aws:policy/IAMReadOnlyAccess',
      'arn:aws:iam::aws:policy/AmazonSQSReadOnlyAccess',
    ]);
    expect(admin.permissionsBoundary?.policyArn).toBe(`arn:aws:iam::${ACCOUNT}:policy/boundaries/boundary`);
  });

  it('aws_iam_group_policy from a policy document with a condition using &{aws:username}', () => {
    const g = m.groups.find((x) => x.name === 'interns')!;
    const st = g.inlinePolicies[0]!.document.statements[0]!;
    expect(st.sid).toBe('ListLogs');
    expect(values(st, 'resource')).toEqual(['arn:aws:s3:::acme-logs']);
    expect(st.conditions.map((c) => [c.operator, c.key, c.values])).toEqual([
      ['StringLike', 's3:prefix', ['home/${aws:username}/*']],
    ]);
    expect(g.managedPolicies.map((p) => p.policyArn)).toEqual([
      `arn:aws:iam::${ACCOUNT}:policy/read-logs`,
      'arn:aws:iam::aws:policy/AmazonSQSReadOnlyAccess',
    ]);
  });

  it('aws_iam_role: trust policy, inline_policy, managed_policy_arns, boundary, tags, path', () => {
    const r = role();
    expect(r.arn).toBe(`arn:aws:iam::${ACCOUNT}:role/apps/acme-app`);
    expect(r.path).toBe('/apps/');
    expect(r.tags).toEqual({ owner: 'platform', env: 'prod', app: 'yes' });
    const trust = r.trustPolicy!.statements[0]!;
    expect(principals(trust.principal)).toEqual({
      wildcard: false,
      aws: [`arn:aws:iam::${ACCOUNT}:root`],
      service: ['ec2.amazonaws.com'],
    });
    const inline = Object.fromEntries(r.inlinePolicies.map((p) => [p.name, p.document.statements[0]]));
    expect(values(inline.queue, 'resource')).toEqual([`arn:aws:sqs:eu-west-1:${ACCOUNT}:acme-jobs`]);
    // aws_iam_role_policy: the KMS key id is 36 unknown characters named after the key's address
    // (key ids are random; test/secret-arn-suffix.test.ts)
    expect(values(inline.kms, 'resource')).toEqual([
      `arn:aws:kms:eu-west-1:${ACCOUNT}:key/(unknown-36-chars=aws_kms_key.k-key-id)`,
    ]);
    expect(r.managedPolicies.map((p) => p.policyArn)).toEqual([
      'arn:aws:iam::aws:policy/ReadOnlyAccess',
      `arn:aws:iam::${ACCOUNT}:policy/read-logs`,
      'arn:aws:iam::aws:policy/AmazonSQSReadOnlyAccess',
    ]);
    expect(r.permissionsBoundary?.policyArn).toBe(`arn:aws:iam::${ACCOUNT}:policy/boundaries/boundary`);
  });

  it('aws_iam_policy from a heredoc; policy sources point at the attribute line', () => {
    const p = m.policies.find((x) => x.name === 'read-logs')!;
    expect(values(p.document.statements[0], 'resource')).toEqual(['arn:aws:s3:::acme-logs/*']);
    expect(p.source.address).toBe('aws_iam_policy.read_logs');
    expect(p.document.statements[0]!.source.line).toBeGreaterThan(p.source.line!);
  });

  it('aws_iam_instance_profile and aws_instance', () => {
    const profiles = role().instanceProfiles;
    expect(profiles.map((p) => p.name)).toEqual(['app-profile']);
    expect(profiles[0]!.arn).toBe(`arn:aws:iam::${ACCOUNT}:instance-profile/app-profile`);
    expect(profiles[0]!.usedBy.map((u) => u.name)).toEqual(['aws_instance.web']);
  });
});

describe('resource policy handlers', () => {
  it('aws_s3_bucket with for_each and aws_s3_bucket_policy with a filtered for_each', () => {
    expect(resource('arn:aws:s3:::acme-logs').policy).toBeUndefined();
    const www = resource('arn:aws:s3:::acme-www').policy!.statements[0]!;
    expect(www.sid).toBe('Public');
    expect(www.principal?.wildcard).toBe(true);
    expect(values(www, 'resource')).toEqual(['arn:aws:s3:::acme-www/*']);
  });

  it('the legacy inline policy of aws_s3_bucket', () => {
    const st = resource('arn:aws:s3:::acme-legacy').policy!.statements[0]!;
    expect(st.effect).toBe('Deny');
    expect(st.conditions[0]!.key).toBe('aws:SecureTransport');
  });

  it('aws_sqs_queue_policy (queue_url) and aws_sns_topic_policy (arn)', () => {
    const q = resource(`arn:aws:sqs:eu-west-1:${ACCOUNT}:acme-jobs`).policy!.statements[0]!;
    expect(principals(q.principal).service).toEqual(['sns.amazonaws.com']);
    expect(q.conditions[0]!.values).toEqual([`arn:aws:sns:eu-west-1:${ACCOUNT}:acme-events`]);
    const t = resource(`arn:aws:sns:eu-west-1:${ACCOUNT}:acme-events`).policy!.statements[0]!;
    expect(principals(t.principal).aws).toEqual(['arn:aws:iam::444455556666:root']);
  });

  // AWS KMS Developer Guide, "Default key policy",
  // https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html
  it('aws_kms_key: the default key policy when none is given, else the given one', () => {
    const def = resource(`arn:aws:kms:eu-west-1:${ACCOUNT}:key/(unknown-36-chars=aws_kms_key.k-key-id)`)
      .policy!.statements[0]!;
    expect(def.sid).toBe('Enable IAM User Permissions');
    expect(principals(def.principal).aws).toEqual([`arn:aws:iam::${ACCOUNT}:root`]);
    expect(values(def, 'action')).toEqual(['kms:*']);
    const strict = resource(
      `arn:aws:kms:eu-west-1:${ACCOUNT}:key/(unknown-36-chars=aws_kms_key.strict-key-id)`,
    ).policy!.statements[0]!;
    expect(principals(strict.principal).aws).toEqual([`arn:aws:iam::${ACCOUNT}:role/apps/acme-app`]);
  });

  // Lambda Developer Guide, "Viewing resource-based IAM policies in Lambda",
  // https://docs.aws.amazon.com/lambda/latest/dg/access-control-resource-based.html
  it('aws_lambda_permission becomes the statement AddPermission generates', () => {
    const f = resource(`arn:aws:lambda:eu-west-1:${ACCOUNT}:function:acme-handler`);
    const [s3, other] = f.policy!.statements;
    expect(s3!.sid).toBe('AllowS3');
    expect(principals(s3!.principal).service).toEqual(['s3.amazonaws.com']);
    expect(values(s3, 'action')).toEqual(['lambda:InvokeFunction']);
    expect(s3!.conditions.map((c) => [c.operator, c.key, c.values])).toEqual([
      ['ArnLike', 'AWS:SourceArn', ['arn:aws:s3:::acme-logs']],
      ['StringEquals', 'AWS:SourceAccount', [ACCOUNT]],
    ]);
    // an account id principal becomes the account root ARN; a qualifier qualifies the resource
    expect(principals(other!.principal).aws).toEqual(['arn:aws:iam::444455556666:root']);
    expect(values(other, 'resource')).toEqual([
      `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:acme-handler:live`,
    ]);
  });

  it('aws_secretsmanager_secret_policy', () => {
    const s = m.resources.find((r) => r.kind === 'secretsmanager-secret')!;
    // the six characters Secrets Manager appends are unknown (test/secret-arn-suffix.test.ts)
    expect(s.arn).toBe(
      `arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:acme/db-(unknown-6-chars=aws_secretsmanager_secret.s-suffix)`,
    );
    expect(principals(s.policy!.statements[0]!.principal).aws).toEqual([
      `arn:aws:iam::${ACCOUNT}:role/apps/acme-app`,
    ]);
  });

  // AWS Organizations User Guide, "Service control policies (SCPs)": FullAWSAccess is attached
  // by default, https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html
  it('aws_organizations_policy and attachment to an account, next to the default FullAWSAccess', () => {
    const org = m.organizations.find((o) => o.account === ACCOUNT)!;
    expect(org.scps.map((d) => d.statements[0]!.effect)).toEqual(['Allow', 'Deny']);
    expect(values(org.scps[1]!.statements[0], 'action')).toEqual(['organizations:LeaveOrganization']);
    expect(m.findings.map((f) => f.code)).toContain('tf/assumed-org-default-policy');
    // The level each is attached at (engine/org-levels.ts): the default stands at the levels the
    // inputs attach nothing to; the attachment's target_id is the account.
    expect(org.scps.map((d) => d.orgLevel)).toEqual([ORG_DEFAULT_LEVEL, ACCOUNT]);
  });

  it('reports unhandled resource types that carry a policy', () => {
    const f = m.findings.find((x) => x.code === 'tf/unhandled-resource-type');
    expect(f?.message).toContain('aws_glacier_vault.unmodelled');
    expect(f?.source?.line).toBeGreaterThan(1);
    // Kept with an unknown policy: decisions on it are indeterminate, never a pass.
    const kept = m.resources.find((r) => r.source.address === 'aws_glacier_vault.unmodelled');
    expect(kept?.policy?.unknown?.reason).toContain('does not model');
  });
});

describe('linking through configuration references when names are unknown', () => {
  it('links a role policy to a role whose name is known only after apply', () => {
    const dir = 'test/fixtures/tf/handlers';
    void dir;
    const bb = new ModelBuilder();
    loadTerraformConfig('test/fixtures/tf/name-prefix', bb, { account: ACCOUNT });
    const mm = bb.build();
    const r = mm.roles[0]!;
    expect(r.name).toBe('svc-(unknown-aws_iam_role.r)'); // the prefix and an unknown part, with a finding
    expect(mm.findings.map((f) => f.code)).toContain('tf/unknown-name');
    expect(r.inlinePolicies.map((p) => p.name)).toEqual(['p']);
    expect(r.managedPolicies.map((p) => p.policyArn)).toEqual(['arn:aws:iam::aws:policy/ReadOnlyAccess']);
  });
});
