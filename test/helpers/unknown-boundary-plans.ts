// Terraform plans for the diff tests of cells and role chains indeterminate on both sides: a plan
// JSON builder (every resource created, `id` and `arn` known only after apply) and principals
// whose permissions boundary ARN is known only after apply (so their decisions are
// indeterminate: any managed policy of the account may be the boundary), and a deployer role
// whose inline policy may be known only after apply (the indeterminate findings' tests).

const AWS = 'registry.terraform.io/hashicorp/aws';

/** One resource of a plan: its values, and which of its attributes are known only after apply. */
export interface PlanResource {
  address: string;
  type: string;
  values: Record<string, unknown>;
  unknown?: Record<string, unknown>;
}

/** A plan JSON creating `resources`. */
export function plan(resources: PlanResource[]) {
  const name = (r: PlanResource) => r.address.split('.').pop()!;
  return {
    format_version: '1.2',
    terraform_version: '1.9.0',
    planned_values: {
      root_module: {
        resources: resources.map((r) => ({
          address: r.address,
          mode: 'managed',
          type: r.type,
          name: name(r),
          provider_name: AWS,
          schema_version: 0,
          values: r.values,
          sensitive_values: {},
        })),
      },
    },
    resource_changes: resources.map((r) => ({
      address: r.address,
      mode: 'managed',
      type: r.type,
      name: name(r),
      provider_name: AWS,
      change: {
        actions: ['create'],
        before: null,
        after: r.values,
        after_unknown: { id: true, arn: true, ...(r.unknown ?? {}) },
        before_sensitive: false,
        after_sensitive: {},
      },
    })),
  };
}

export const doc = (statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });

/** The deployer role (trusting EC2) and its inline policy: known, or known only after apply. */
export function deployerPlan(known: boolean) {
  const trust = doc([
    { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' },
  ]);
  const policy = doc([{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::iamspec-data/*' }]);
  return plan([
    { address: 'aws_s3_bucket.data', type: 'aws_s3_bucket', values: { bucket: 'iamspec-data' } },
    {
      address: 'aws_iam_role.deployer',
      type: 'aws_iam_role',
      values: { name: 'deployer', path: '/', assume_role_policy: trust },
      unknown: { unique_id: true },
    },
    {
      address: 'aws_iam_role_policy.deployer',
      type: 'aws_iam_role_policy',
      values: known ? { name: 'deploy', role: 'deployer', policy } : { name: 'deploy', role: 'deployer' },
      ...(known ? {} : { unknown: { policy: true } }),
    },
  ]);
}

/**
 * The intern (a user whose boundary ARN is known only after apply), its inline policy, the
 * policy its boundary may name, and a bucket; `rename`: other policy names and Sids, statements
 * and resources in reverse order (no access change).
 */
export function interns(opts: { boundary: object[]; rename?: boolean }) {
  const sid = opts.rename ? 'ReadAndWrite' : 'Data';
  const inline = [
    {
      Sid: sid,
      Effect: 'Allow',
      Action: ['s3:PutObject', 's3:GetObject'],
      Resource: 'arn:aws:s3:::iamspec-data/*',
    },
  ];
  const resources: PlanResource[] = [
    { address: 'aws_s3_bucket.data', type: 'aws_s3_bucket', values: { bucket: 'iamspec-data' } },
    {
      address: 'aws_iam_user.intern',
      type: 'aws_iam_user',
      values: { name: 'intern', path: '/', force_destroy: false },
      unknown: { unique_id: true, permissions_boundary: true },
    },
    {
      address: 'aws_iam_user_policy.intern',
      type: 'aws_iam_user_policy',
      values: { name: opts.rename ? 'intern-data' : 'intern', user: 'intern', policy: doc(inline) },
    },
    {
      address: 'aws_iam_policy.boundary',
      type: 'aws_iam_policy',
      values: {
        name: opts.rename ? 'InternLimits' : 'InternBoundary',
        path: '/',
        policy: doc(opts.rename ? [...opts.boundary].reverse() : opts.boundary),
      },
      unknown: { policy_id: true },
    },
  ];
  return plan(opts.rename ? [...resources].reverse() : resources);
}

export const LIST = {
  Sid: 'List',
  Effect: 'Allow',
  Action: 's3:ListBucket',
  Resource: 'arn:aws:s3:::iamspec-data',
};
export const READ = {
  Sid: 'Read',
  Effect: 'Allow',
  Action: 's3:GetObject',
  Resource: 'arn:aws:s3:::iamspec-data/*',
};
export const ACCOUNT_ID = '111122223333';
export const ACCOUNT = ['--account', ACCOUNT_ID, '--region', 'eu-west-1'];

const trust = (principal: string) =>
  doc([{ Effect: 'Allow', Principal: { AWS: principal }, Action: 'sts:AssumeRole' }]);

/**
 * A role chain: the user `dev` may assume the role `hop`, whose boundary ARN is known only after
 * apply; `hop` may assume `deploy`, so dev → hop → deploy is indeterminate. `boundary`: the
 * statements of the one managed policy that boundary may name.
 */
export function hopChain(opts: { boundary: object[]; rename?: boolean }) {
  const arn = (kind: string, name: string) => `arn:aws:iam::${ACCOUNT_ID}:${kind}/${name}`;
  const resources: PlanResource[] = [
    { address: 'aws_iam_user.dev', type: 'aws_iam_user', values: { name: 'dev', path: '/' } },
    {
      address: 'aws_iam_user_policy.dev',
      type: 'aws_iam_user_policy',
      values: {
        name: opts.rename ? 'dev-hop' : 'dev',
        user: 'dev',
        policy: doc([{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: arn('role', 'hop') }]),
      },
    },
    {
      address: 'aws_iam_role.hop',
      type: 'aws_iam_role',
      values: { name: 'hop', path: '/', assume_role_policy: trust(arn('user', 'dev')) },
      unknown: { unique_id: true, permissions_boundary: true },
    },
    {
      address: 'aws_iam_role_policy.hop',
      type: 'aws_iam_role_policy',
      values: {
        name: opts.rename ? 'hop-deploy' : 'hop',
        role: 'hop',
        policy: doc([{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: arn('role', 'deploy') }]),
      },
    },
    {
      address: 'aws_iam_role.deploy',
      type: 'aws_iam_role',
      values: { name: 'deploy', path: '/', assume_role_policy: trust(arn('role', 'hop')) },
      unknown: { unique_id: true },
    },
    {
      address: 'aws_iam_policy.limits',
      type: 'aws_iam_policy',
      values: { name: opts.rename ? 'HopLimits' : 'Limits', path: '/', policy: doc(opts.boundary) },
      unknown: { policy_id: true },
    },
  ];
  return plan(opts.rename ? [...resources].reverse() : resources);
}
