// Code that runs at deployment time and may change access where the inputs do not show the result
// (src/aws/function-role-changes.ts, src/aws/access-changes.ts, src/aws/deploy-time-changes.ts):
// a Lambda-backed custom resource (bounded by its function's role), Terraform
// `aws_lambda_invocation` (resource and data source), and `aws_cloudcontrolapi_resource`, whose
// IAM types are modelled from their desired state. Before, each passed silently.
//
// CloudFormation User Guide, "Create custom provisioning logic with custom resources": "Custom
// resources enable you to write custom provisioning logic in templates that CloudFormation runs
// anytime you create, update (if you changed the custom resource), or delete stacks";
// `ServiceToken`: "The service token, such as an Amazon SNS topic ARN or Lambda function ARN."
// Terraform AWS provider, `aws_lambda_invocation`: "Use this resource to invoke a lambda function.
// The lambda function is invoked with the RequestResponse invocation type."; the data source: "Use
// this data source to invoke custom lambda functions as data source."
// `aws_cloudcontrolapi_resource`: "Manages a Cloud Control API Resource. The configuration and
// lifecycle handling of these resources is proxied through Cloud Control API handlers to the
// backend service."; `desired_state`: "JSON string matching the CloudFormation resource type
// schema with desired configuration". Cloud Control API User Guide, "Creating a resource": "The
// desired state consists of a listing of the resource properties that you want to specify, and
// their desired values."

import { describe, expect, it } from 'vitest';
import { ANY_ACCESS_CHANGE } from '../src/aws/access-changes.js';
import { shellCommandChange } from '../src/aws/cli-commands.js';
import {
  customResourceResources,
  firstInlineStatement,
  handlerResources,
} from './helpers/custom-resource-template.js';
import { tfServiceRole } from './helpers/terraform-roles.js';
import { checkTempFilesWithText } from './helpers/temp-inputs.js';

const ACCOUNT = '111122223333';

/** A role `app` and a custom resource backed by function `setup`, whose role may do `actions`. */
function cfnTemplate(actions: string[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { Resources: { ...customResourceResources(actions), ...extra } };
}

const CANNOT_SPEC = `version: 1\naccount: "${ACCOUNT}"\nexpect:\n  - id: app-cannot-delete\n    principal: role/app\n    cannot: { action: s3:DeleteBucket, resource: "arn:aws:s3:::elsewhere" }\n`;
const TRUST_SPEC = `version: 1\naccount: "${ACCOUNT}"\nexpect:\n  - id: only-ec2\n    resource: role/app\n    action: sts:AssumeRole\n    onlyPrincipals: [ec2.amazonaws.com]\n`;

async function check(files: Record<string, string>, input: string, spec: string, extra: string[] = []) {
  const { text, expectations } = await checkTempFilesWithText(files, spec, {
    input,
    args: ['--account', ACCOUNT, ...extra],
  });
  return { run: text, statuses: expectations.map((e) => e.status) };
}

const cfn = (t: unknown, spec = CANNOT_SPEC) =>
  check({ 't.json': JSON.stringify(t) }, 't.json', spec, ['--region', 'us-east-1']);

describe('Lambda-backed custom resources', () => {
  it("a function whose role may attach policies: the account's principals are indeterminate", async () => {
    const { run, statuses } = await cfn(cfnTemplate(['iam:AttachRolePolicy', 'logs:CreateLogGroup']));
    expect(statuses).toEqual(['indeterminate']);
    expect(run.stderr).toContain('cfn/custom-resource-changes-access');
    expect(run.stderr).toContain(
      'custom resource Setup runs the function arn:aws:lambda:us-east-1:111122223333:function:setup',
    );
  });

  it('a function whose role changes no access (logs, S3 notifications, objects): the check passes, no warning', async () => {
    const { run, statuses } = await cfn(
      cfnTemplate([
        'logs:CreateLogGroup',
        'logs:PutRetentionPolicy',
        's3:PutBucketNotification',
        's3:DeleteObject',
      ]),
    );
    expect(statuses).toEqual(['pass']);
    expect(run.stderr).not.toContain('cfn/custom-resource-changes-access');
  });

  it('a role that may rewrite trust policies: who may assume a role is indeterminate, identity checks are not', async () => {
    const t = cfnTemplate(['iam:UpdateAssumeRolePolicy']);
    expect((await cfn(t, TRUST_SPEC)).statuses).toEqual(['indeterminate']);
    expect((await cfn(t)).statuses).toEqual(['pass']);
  });

  it('a role that may assume other roles, NotAction, or a function outside the inputs: anything', async () => {
    expect((await cfn(cfnTemplate(['sts:AssumeRole']), TRUST_SPEC)).statuses).toEqual(['indeterminate']);
    const imported = cfnTemplate(['logs:CreateLogGroup']);
    (imported.Resources as Record<string, { Properties: Record<string, unknown> }>)
      .Setup!.Properties.ServiceToken = {
      'Fn::ImportValue': 'ProviderArn',
    };
    const r = await cfn(imported, TRUST_SPEC);
    expect(r.statuses).toEqual(['indeterminate']);
    expect(r.run.stderr).toContain('runs a function the inputs do not pin down');
    const sns = cfnTemplate(['logs:CreateLogGroup']);
    (sns.Resources as Record<string, { Properties: Record<string, unknown> }>)
      .Setup!.Properties.ServiceToken = `arn:aws:sns:us-east-1:${ACCOUNT}:provisioning`;
    expect((await cfn(sns)).statuses).toEqual(['indeterminate']);
  });

  it("a provider framework function that invokes the handler: the handler's role bounds it", async () => {
    // The CDK Provider framework: the ServiceToken's function only invokes the user's handler.
    const t = cfnTemplate(['lambda:InvokeFunction'], handlerResources('iam:PutRolePolicy'));
    const statement = firstInlineStatement(t.Resources, 'FnRole');
    statement.Resource = [
      { 'Fn::GetAtt': ['Handler', 'Arn'] },
      { 'Fn::Join': ['', [{ 'Fn::GetAtt': ['Handler', 'Arn'] }, ':*']] },
    ];
    expect((await cfn(t)).statuses).toEqual(['indeterminate']);
    const handlerStatement = firstInlineStatement(t.Resources, 'HandlerRole');
    handlerStatement.Action = 's3:PutBucketPolicy';
    const bucketWriter = await cfn(t);
    expect(bucketWriter.run.stderr).toContain(
      'which may invoke code that runs the function arn:aws:lambda:us-east-1:111122223333:function:handler, whose role handler-role may call s3:PutBucketPolicy',
    );
    expect(bucketWriter.run.stderr).toContain('the policies of s3-bucket resources');
    // the same handler with a role that only writes logs: nothing changes
    handlerStatement.Action = 'logs:PutLogEvents';
    expect((await cfn(t)).statuses).toEqual(['pass']);
    // any function (a wildcard): anything
    statement.Resource = '*';
    expect((await cfn(t)).statuses).toEqual(['indeterminate']);
  });

  // The rule of the elements the inputs surely create (src/model/created-elements.ts): a text that
  // is exactly one function's ARN names that function only when the inputs surely create it; a
  // function that might not exist (a Condition the inputs leave open) leaves its name to whatever
  // function has it, code iamspec does not see: anything. "Amazon Resource Names (ARNs) uniquely
  // identify AWS resources" (AWS General Reference) holds between resources that exist.
  it('invoking a function by the exact ARN of one that might not exist: anything, not its role alone', async () => {
    const t = cfnTemplate(['lambda:InvokeFunction'], handlerResources('logs:PutLogEvents'));
    const res = t.Resources as Record<string, { Condition?: string }>;
    const statement = firstInlineStatement(res, 'FnRole');
    statement.Resource = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:handler`;
    // the handler surely created: its role's bound (logs only), the check passes
    expect((await cfn(t)).statuses).toEqual(['pass']);
    // the handler created only when a parameter says so
    t.Parameters = { Env: { Type: 'String' } };
    t.Conditions = { Prod: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] } };
    res.Handler!.Condition = 'Prod';
    const conditional = await cfn(t);
    expect(conditional.statuses).toEqual(['indeterminate']);
    expect(conditional.run.stderr).toContain('which might not exist');
  });
});

const tfRoles = `provider "aws" { region = "us-east-1" }
${tfServiceRole('app', 'ec2.amazonaws.com')}
${tfServiceRole('fn', 'lambda.amazonaws.com')}
resource "aws_lambda_function" "f" {
  function_name = "setup"
  role = aws_iam_role.fn.arn
  handler = "index.handler"
  runtime = "nodejs20.x"
  filename = "x.zip"
}
`;
const fnPolicy = (actions: string[]) => `resource "aws_iam_role_policy" "fn" {
  role = aws_iam_role.fn.id
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ${JSON.stringify(actions)}, Resource = "*" }] })
}
`;

describe('aws_lambda_invocation', () => {
  it('the data source and the resource run the function: bounded by its role', async () => {
    const data = `data "aws_lambda_invocation" "run" {
  function_name = aws_lambda_function.f.function_name
  input = "{}"
}
`;
    const resource = data.replace('data "aws_lambda_invocation"', 'resource "aws_lambda_invocation"');
    for (const [name, invoke] of Object.entries({ data, resource })) {
      const trust = await check(
        { 'main.tf': tfRoles + fnPolicy(['iam:UpdateAssumeRolePolicy']) + invoke },
        '.',
        TRUST_SPEC,
      );
      expect(trust.statuses, name).toEqual(['indeterminate']);
      expect(trust.run.stderr, name).toContain('tf/lambda-invocation-changes-access');
      expect(trust.run.stderr, name).toContain('may call iam:UpdateAssumeRolePolicy');
      const quiet = await check(
        { 'main.tf': tfRoles + fnPolicy(['logs:PutLogEvents']) + invoke },
        '.',
        TRUST_SPEC,
      );
      expect(quiet.statuses, name).toEqual(['pass']);
      expect(quiet.run.stderr, name).not.toContain('tf/lambda-invocation-changes-access');
    }
  });

  it('a function the configuration does not have may do anything', async () => {
    const invoke = `resource "aws_lambda_invocation" "run" {
  function_name = "elsewhere"
  input = "{}"
}
`;
    const r = await check(
      { 'main.tf': tfRoles + fnPolicy(['logs:PutLogEvents']) + invoke },
      '.',
      CANNOT_SPEC,
    );
    expect(r.statuses).toEqual(['indeterminate']);
    expect(r.run.stderr).toContain('whose role is not in the inputs');
  });
});

describe('aws_cloudcontrolapi_resource', () => {
  const bucket = `resource "aws_s3_bucket" "b" { bucket = "cc-data" }
resource "aws_s3_bucket_policy" "bp" {
  bucket = aws_s3_bucket.b.id
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::${ACCOUNT}:root" }, Action = "s3:GetObject", Resource = "\${aws_s3_bucket.b.arn}/*" }] })
}
`;
  const role = `resource "aws_cloudcontrolapi_resource" "role" {
  type_name = "AWS::IAM::Role"
  desired_state = jsonencode({
    RoleName = "cc-reader"
    AssumeRolePolicyDocument = { Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::444455556666:root" }, Action = "sts:AssumeRole" }] }
    Policies = [{ PolicyName = "read", PolicyDocument = { Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "arn:aws:s3:::cc-data/*" }] } }]
  })
}
resource "aws_cloudcontrolapi_resource" "pol" {
  type_name = "AWS::IAM::ManagedPolicy"
  desired_state = jsonencode({
    ManagedPolicyName = "put"
    Roles = ["cc-reader"]
    PolicyDocument = { Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:PutObject", Resource = "arn:aws:s3:::cc-data/*" }] }
  })
}
resource "aws_cloudcontrolapi_resource" "logs" {
  type_name = "AWS::Logs::LogGroup"
  desired_state = jsonencode({ LogGroupName = "x" })
}
`;
  const spec = `version: 1\naccount: "${ACCOUNT}"\nexpect:\n  - id: nobody-reads\n    resource: "arn:aws:s3:::cc-data/*"\n    action: s3:GetObject\n    onlyPrincipals: []\n  - id: reader-can-put\n    principal: role/cc-reader\n    can: [{ action: s3:PutObject, resource: "arn:aws:s3:::cc-data/k" }]\n  - id: who-assumes\n    resource: role/cc-reader\n    action: sts:AssumeRole\n    onlyPrincipals: ["444455556666"]\n`;

  it('AWS::IAM::Role and AWS::IAM::ManagedPolicy are modelled from the desired state', async () => {
    const { run, statuses } = await check(
      { 'main.tf': `provider "aws" { region = "us-east-1" }\n${bucket}${role}` },
      '.',
      spec,
    );
    // the role reads the bucket (a failure naming it), holds the attached policy, trusts the other account
    expect(statuses).toEqual(['fail', 'pass', 'pass']);
    expect(run.stdout).toContain('arn:aws:iam::111122223333:role/cc-reader');
    expect(run.stderr).not.toContain('tf/unhandled-resource-type');
    expect(run.stderr).not.toContain('tf/cloudcontrol-not-modelled');
  });

  it('a type not modelled that carries access, or an unknown desired state: indeterminate, warned', async () => {
    const queuePolicy = `resource "aws_cloudcontrolapi_resource" "q" {
  type_name = "AWS::S3::BucketPolicy"
  desired_state = jsonencode({ Bucket = "cc-data", PolicyDocument = { Statement = [] } })
}
`;
    const r = await check(
      { 'main.tf': `provider "aws" { region = "us-east-1" }\n${bucket}${queuePolicy}` },
      '.',
      spec.split('\n  - id: reader-can-put')[0]!,
    );
    expect(r.statuses).toEqual(['indeterminate']);
    expect(r.run.stderr).toContain(
      'aws_cloudcontrolapi_resource.q creates a AWS::S3::BucketPolicy resource through Cloud Control API',
    );
    const unknownState = `variable "state" {}
resource "aws_cloudcontrolapi_resource" "u" {
  type_name = "AWS::IAM::Role"
  desired_state = var.state
}
`;
    const u = await check(
      { 'main.tf': `provider "aws" { region = "us-east-1" }\n${bucket}${unknownState}` },
      '.',
      spec.split('\n  - id: reader-can-put')[0]!,
    );
    expect(u.statuses).toEqual(['indeterminate']);
    expect(u.run.stderr).toContain('tf/cloudcontrol-not-modelled');
  });
});

// Terraform documentation, "local-exec Provisioner": "The local-exec provisioner invokes a local
// executable after a resource is created. This invokes a process on the machine running
// Terraform, not on the resource." AWS CLI Command Reference: "aws [options] <command>
// <subcommand> [parameters]".
describe('local-exec provisioners', () => {
  it('what a command line may change', () => {
    const M = '\u0000';
    const E = { partition: 'aws', account: ACCOUNT };
    expect(
      shellCommandChange('aws iam attach-role-policy --role-name x --policy-arn y', M, E)?.change,
    ).toEqual({
      principals: true,
      trust: false,
      resources: false,
      principalArns: [`arn:aws:iam::${ACCOUNT}:role/x`, `arn:aws:iam::${ACCOUNT}:role/*/x`],
    });
    expect(
      shellCommandChange('aws --profile p s3api put-bucket-policy --bucket b --policy file://p.json', M, E)
        ?.change,
    ).toEqual({
      principals: false,
      trust: false,
      resources: true,
      resourceKinds: ['s3-bucket'],
      resourceArns: ['arn:aws:s3:::b'],
    });
    expect(
      shellCommandChange('echo hi && sleep 5; aws ssm put-parameter --name x --value y', M, E),
    ).toBeUndefined();
    expect(shellCommandChange('aws s3 sync ./site s3://b', M, E)).toBeUndefined();
    expect(shellCommandChange('aws s3 cp x s3://b/x --acl public-read', M, E)?.change.resourceKinds).toEqual([
      's3-bucket',
    ]);
    for (const anything of [
      './setup.sh',
      'python3 grant.py',
      `${M} run`,
      `aws iam ${M}`,
      'aws cloudformation deploy --template-file t.yaml',
    ])
      expect(shellCommandChange(anything, M, E)?.change, anything).toEqual(ANY_ACCESS_CHANGE);
  });

  const base = `provider "aws" { region = "us-east-1" }
${tfServiceRole('app', 'ec2.amazonaws.com')}
`;

  it('an aws iam call in a command: what its action changes, warned; harmless commands change nothing', async () => {
    const trust = `resource "null_resource" "trust" {
  provisioner "local-exec" {
    command = "aws iam update-assume-role-policy --role-name \${aws_iam_role.app.name} --policy-document file://trust.json"
  }
}
`;
    const r = await check({ 'main.tf': base + trust }, '.', TRUST_SPEC);
    expect(r.statuses).toEqual(['indeterminate']);
    expect(r.run.stderr).toContain(
      'the local-exec provisioner of null_resource.trust runs aws iam update-assume-role-policy',
    );
    const harmless = `resource "terraform_data" "hello" {
  provisioner "local-exec" {
    command = <<-EOT
      echo hello && sleep 3
      aws ssm put-parameter --name x --value y
    EOT
  }
}
`;
    const h = await check({ 'main.tf': base + harmless }, '.', TRUST_SPEC);
    expect(h.statuses).toEqual(['pass']);
    expect(h.run.stderr).not.toContain('tf/local-exec-changes-access');
  });

  it('a script in a JSON configuration may change anything', async () => {
    const json = {
      provider: { aws: { region: 'us-east-1' } },
      resource: {
        aws_iam_role: {
          app: {
            name: 'app',
            assume_role_policy: JSON.stringify({
              Version: '2012-10-17',
              Statement: [
                { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' },
              ],
            }),
          },
        },
        terraform_data: { setup: { provisioner: [{ 'local-exec': { command: './grant-access.sh' } }] } },
      },
    };
    const r = await check({ 'main.tf.json': JSON.stringify(json) }, '.', CANNOT_SPEC);
    expect(r.statuses).toEqual(['indeterminate']);
    expect(r.run.stderr).toContain('runs ./grant-access.sh');
  });
});
