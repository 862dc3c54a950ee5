// `iamspec diff` of a pull request that moves a role's statement from an inline policy to a
// customer managed policy attached to the role (CloudFormation and Terraform), where the
// statement holds a value the inputs leave unknown, so the role's cell is indeterminate on both
// sides. Before the fix the diff said "may have changed": what the cell depends on was written
// with the kind of policy holding the statement, its ARN and name, and the unknown's reason
// naming the policy's Terraform address. Issue 16: "A change that only renames or moves a policy
// ... shows as no access change". The identity policies are now one set of statements whatever
// policy holds each, the unknown reasons read with the policy's own names masked
// (src/analysis/diff/identity-policy-set.ts); a moved statement that also widens is still a change.
// The rule (IAM User Guide, "Policy evaluation for requests within a single account"): "When
// access to a resource is requested, AWS evaluates all the permissions granted by the policies for
// at least one Allow within the same account. An explicit deny in any of the policies overrides
// the allow." (neither the kind nor the name of the identity policy decides a request).
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-basics.html

import { describe, expect, it } from 'vitest';
import { doc, plan } from './helpers/unknown-boundary-plans.js';
import { runCli, tempJson } from './fixtures/cli/run.js';
import { writeTempFiles } from './helpers/temp-inputs.js';

const ACCOUNT = ['--account', '111122223333', '--region', 'eu-west-1'];
const TRUST = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
};
// A statement whose resource is known only after deploy (an import from another stack).
const statement = (actions: string[]) => ({
  Effect: 'Allow',
  Action: actions,
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a CloudFormation Fn::Sub string
  Resource: { 'Fn::Sub': ['arn:aws:s3:::acme-${B}/*', { B: { 'Fn::ImportValue': 'shared-bucket' } }] },
});

function template(where: 'inline' | 'managed', actions = ['s3:GetObject']) {
  const document = { Version: '2012-10-17', Statement: [statement(actions)] };
  const role = {
    Type: 'AWS::IAM::Role',
    Properties: {
      RoleName: 'App',
      AssumeRolePolicyDocument: TRUST,
      ...(where === 'inline' ? { Policies: [{ PolicyName: 'AppData', PolicyDocument: document }] } : {}),
    },
  };
  return {
    Resources: {
      Data: { Type: 'AWS::S3::Bucket', Properties: { BucketName: 'acme-data' } },
      App: role,
      ...(where === 'managed'
        ? {
            DataAccessPolicy: {
              Type: 'AWS::IAM::ManagedPolicy',
              Properties: { Roles: [{ Ref: 'App' }], PolicyDocument: document },
            },
          }
        : {}),
    },
  };
}

const ROLE_TF = `
variable "bucket" {}
resource "aws_s3_bucket" "data" { bucket = "acme-data" }
resource "aws_iam_role" "app" {
  name               = "App"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }] })
}
`;
const tfPolicy = (actions: string) =>
  `jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ${actions}, Resource = "arn:aws:s3:::acme-\${var.bucket}/*" }] })`;
const tfInline = (actions = '"s3:GetObject"') => ({
  'main.tf': `${ROLE_TF}
resource "aws_iam_role_policy" "app_data" {
  name   = "AppData"
  role   = aws_iam_role.app.id
  policy = ${tfPolicy(actions)}
}
`,
});
const tfManaged = (actions = '"s3:GetObject"') => ({
  'main.tf': `${ROLE_TF}
resource "aws_iam_policy" "data_access" {
  name   = "DataAccess"
  policy = ${tfPolicy(actions)}
}
resource "aws_iam_role_policy_attachment" "app_data" {
  role       = aws_iam_role.app.name
  policy_arn = aws_iam_policy.data_access.arn
}
`,
});

async function diffJson(base: string, next: string) {
  const run = await runCli([
    'diff',
    '--base',
    base,
    next,
    ...ACCOUNT,
    '--format',
    'json',
    '--fail-on',
    'added',
  ]);
  return { code: run.code, diff: JSON.parse(run.stdout) };
}

const actions = (list: { action: string }[]) => [...new Set(list.map((c) => c.action))].sort();

const unsure = (diff: { changed: { action: string; before: string; after: string }[] }) =>
  diff.changed
    .filter((c) => c.before === 'indeterminate' && c.after === 'indeterminate')
    .map((c) => c.action);

describe('diff: a statement with an unknown moved from an inline policy to a managed policy', () => {
  it('CloudFormation: the same statement moved is no change; moved and widened may have changed', async () => {
    const inline = await tempJson('inline.json', template('inline'));
    const managed = await tempJson('managed.json', template('managed'));
    const moved = await diffJson(inline, managed);
    expect(moved.diff.changed).toEqual([]);
    expect(moved.diff.added).toEqual([]);
    expect(moved.code).toBe(0);
    const back = await diffJson(managed, inline);
    expect(back.diff.changed).toEqual([]);
    const widened = await diffJson(
      inline,
      await tempJson('wider.json', template('managed', ['s3:GetObject', 's3:PutObject'])),
    );
    // The moved s3:GetObject is the same; s3:PutObject is new (indeterminate: its resource is unknown).
    expect(unsure(widened.diff)).toEqual([]);
    expect(actions(widened.diff.added)).toEqual(['s3:PutObject']);
    expect(widened.code).toBe(1);
    // A moved statement whose unknown differs (another export) may have changed.
    const other = JSON.parse(JSON.stringify(template('managed')).replace('shared-bucket', 'other-bucket'));
    expect(unsure((await diffJson(inline, await tempJson('other.json', other))).diff)).toEqual([
      's3:GetObject',
    ]);
  });

  it('Terraform: aws_iam_role_policy -> aws_iam_policy + attachment is no change; a widened one may have changed', async () => {
    const inline = writeTempFiles(tfInline());
    const moved = await diffJson(inline, writeTempFiles(tfManaged()));
    expect(moved.diff.changed).toEqual([]);
    expect(moved.diff.added).toEqual([]);
    expect(moved.code).toBe(0);
    const widened = await diffJson(inline, writeTempFiles(tfManaged('["s3:GetObject", "s3:DeleteObject"]')));
    expect(unsure(widened.diff)).toEqual([]);
    expect(actions(widened.diff.added)).toEqual(['s3:DeleteObject']);
    // Another known part around the same unknown variable on the moved s3:GetObject (still
    // indeterminate): may have changed. Before the fix a partly known value was written as its
    // unknown's reason alone, so `acme-${?}/*` and `${?}/*` were the same: no change, even inline
    // to inline.
    const wider = (files: { 'main.tf': string }) => ({
      // biome-ignore lint/suspicious/noTemplateCurlyInString: Terraform interpolation, literal text
      'main.tf': files['main.tf'].replace('acme-${var.bucket}/*', '${var.bucket}/*'),
    });
    expect(unsure((await diffJson(inline, writeTempFiles(wider(tfManaged())))).diff)).toEqual([
      's3:GetObject',
    ]);
    const inlineWider = await diffJson(inline, writeTempFiles(wider(tfInline())));
    expect(unsure(inlineWider.diff)).toEqual(['s3:GetObject']);
    expect(inlineWider.code).toBe(1);
  });

  it('Terraform plans: a policy known only after apply moved (its reason names its own address) is no change', async () => {
    const trust = doc([
      { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
    ]);
    const role = {
      address: 'aws_iam_role.app',
      type: 'aws_iam_role',
      values: { name: 'App', path: '/', assume_role_policy: trust },
    };
    const bucket = { address: 'aws_s3_bucket.data', type: 'aws_s3_bucket', values: { bucket: 'acme-data' } };
    const inlinePolicy = {
      address: 'aws_iam_role_policy.app_data',
      type: 'aws_iam_role_policy',
      values: { name: 'AppData', role: 'App' },
      unknown: { policy: true },
    };
    const managedPolicy = {
      address: 'aws_iam_policy.data_access',
      type: 'aws_iam_policy',
      values: { name: 'DataAccess', path: '/' },
      unknown: { policy: true, policy_id: true },
    };
    const attachment = {
      address: 'aws_iam_role_policy_attachment.app_data',
      type: 'aws_iam_role_policy_attachment',
      values: { role: 'App', policy_arn: 'arn:aws:iam::111122223333:policy/DataAccess' },
    };
    const before = await tempJson('plan.json', plan([bucket, role, inlinePolicy]));
    const after = await tempJson('pr-plan.json', plan([bucket, role, managedPolicy, attachment]));
    const { diff } = await diffJson(before, after);
    // The cells of the role on the inputs' resources: none may have changed.
    expect(unsure(diff)).toEqual([]);
    expect(diff.added).toEqual([]);
    // Two unknown policies of two addresses are still two unknowns.
    const two = await tempJson(
      'two.json',
      plan([
        bucket,
        role,
        managedPolicy,
        attachment,
        { ...inlinePolicy, address: 'aws_iam_role_policy.more' },
      ]),
    );
    expect(unsure((await diffJson(before, two)).diff)).toContain('s3:GetObject');
  });
});
