// Deploy-time code bounded by what its function role may write, not by everything of a kind
// (src/aws/access-changes.ts `narrowAccessChange`, src/aws/function-role-changes.ts resource
// grants, `among` of src/model/builder.ts).
//
// IAM User Guide, "IAM JSON policy elements: Resource": "The Resource element specifies the object
// or objects that the statement applies to." An action allowed only on the resources a statement
// names changes only those: `s3:PutBucketPolicy` on one bucket its policy, `iam:PutRolePolicy` on
// one role its policies. `Resource: "*"`, a policy variable or an unknown value: every one.
// IAM User Guide, "Policy evaluation logic": "Within an account, ... an identity-based policy or a
// resource-based policy can grant access": CDK's auto-delete-objects handler is allowed
// `s3:PutBucketPolicy` by the bucket's own policy (its role has only AWSLambdaBasicExecutionRole).
// CloudFormation User Guide, "Lambda-backed custom resources": "When you associate a Lambda
// function with a custom resource, the function is invoked whenever the custom resource is
// created, updated, or deleted."

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { accessChangeOf, narrowAccessChange } from '../src/aws/access-changes.js';
import { customResourceResources } from './helpers/custom-resource-template.js';
import { tfInvokedSetupFunction, tfServiceRole } from './helpers/terraform-roles.js';
import { checkTempFiles, checkTempFilesWithText, statusesById } from './helpers/temp-inputs.js';

const ACCOUNT = '111122223333';

async function check(template: object, spec: string) {
  const { text, expectations } = await checkTempFilesWithText({ 't.json': template }, spec, {
    input: 't.json',
    args: ['--account', ACCOUNT, '--region', 'us-east-1'],
  });
  return { run: text, statuses: statusesById(expectations) };
}

/** Only the account may GetObject in each bucket of `buckets`. */
const bucketSpec = (buckets: string[]) =>
  `version: 1\naccount: "${ACCOUNT}"\nexpect:\n${buckets
    .map(
      (b) =>
        `  - id: ${b}\n    resource: arn:aws:s3:::${b}/x\n    action: s3:GetObject\n    onlyPrincipals: ["${ACCOUNT}"]\n`,
    )
    .join('')}`;

/** Buckets `buckets` with a policy each, and a custom resource whose role may do `actions` on `resource`. */
function template(buckets: string[], actions: string[], resource: unknown): Record<string, unknown> {
  const resources: Record<string, unknown> = {};
  buckets.forEach((name, i) => {
    resources[`B${i}`] = { Type: 'AWS::S3::Bucket', Properties: { BucketName: name } };
    resources[`P${i}`] = {
      Type: 'AWS::S3::BucketPolicy',
      Properties: {
        Bucket: { Ref: `B${i}` },
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
              Action: 's3:GetObject',
              Resource: `arn:aws:s3:::${name}/*`,
            },
          ],
        },
      },
    };
  });
  return { Resources: { ...resources, ...customResourceResources(actions, resource) } };
}

describe('a custom resource bounded by the resources its role may write', () => {
  it("CDK autoDeleteObjects (synthesized by aws-cdk-lib): decided; behind another custom resource type the bucket's own policy lets the handler change it, another bucket stays decided", async () => {
    // test/fixtures/cdk-auto-delete/synth.mjs synthesized it: buckets app-scratch
    // (autoDeleteObjects: true) and app-data; the handler's role has AWSLambdaBasicExecutionRole only.
    const synthesized = readFileSync('test/fixtures/cdk-auto-delete/template.json', 'utf8');
    // As synthesized, the CDK provider's documented code grants nothing
    // (src/aws/s3-cdk-auto-delete-objects.ts): both buckets are decided.
    const cdk = await check(JSON.parse(synthesized), bucketSpec(['app-data', 'app-scratch']));
    expect(cdk.statuses).toEqual({ 'app-data': 'pass', 'app-scratch': 'pass' });
    // The same resources behind another custom resource type: code the inputs do not show.
    const t = JSON.parse(synthesized.replace('"Custom::S3AutoDeleteObjects"', '"Custom::Cleanup"'));
    const { run, statuses } = await check(t, bucketSpec(['app-data', 'app-scratch']));
    expect(statuses).toEqual({ 'app-data': 'pass', 'app-scratch': 'indeterminate' });
    expect(run.stderr).toContain('cfn/custom-resource-changes-access');
    expect(run.stderr).toContain('is allowed to change access by the policy of arn:aws:s3:::app-scratch');
    expect(run.stderr).toContain('the policies of s3-bucket resources (arn:aws:s3:::app-scratch)');
  });

  it("s3:PutBucketPolicy on one bucket (a GetAtt): that bucket's policy only", async () => {
    const t = template(['app-data', 'app-scratch'], ['s3:PutBucketPolicy'], { 'Fn::GetAtt': ['B1', 'Arn'] });
    const { statuses } = await check(t, bucketSpec(['app-data', 'app-scratch']));
    expect(statuses).toEqual({ 'app-data': 'pass', 'app-scratch': 'indeterminate' });
  });

  it('Resource "*", or a policy variable: every bucket of the account', async () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable
    for (const resource of ['*', 'arn:aws:s3:::${aws:PrincipalTag/bucket}']) {
      const t = template(['app-data', 'app-scratch'], ['s3:PutBucketPolicy'], resource);
      const { statuses } = await check(t, bucketSpec(['app-data', 'app-scratch']));
      expect(statuses).toEqual({ 'app-data': 'indeterminate', 'app-scratch': 'indeterminate' });
    }
  });

  it('a pattern arn:aws:s3:::app-*: the buckets it matches, and a stand-in for one outside the inputs', async () => {
    const t = template(['app-data', 'app-scratch', 'logs'], ['s3:PutBucketPolicy'], 'arn:aws:s3:::app-*');
    const { statuses } = await check(t, bucketSpec(['app-data', 'app-scratch', 'logs']));
    expect(statuses).toEqual({ 'app-data': 'indeterminate', 'app-scratch': 'indeterminate', logs: 'pass' });
  });

  it("iam:PutRolePolicy on one role: that role's policies only", async () => {
    const spec = `version: 1\naccount: "${ACCOUNT}"\nexpect:\n  - id: app-cannot-delete\n    principal: role/app\n    cannot: { action: s3:DeleteBucket, resource: "arn:aws:s3:::elsewhere" }\n`;
    const other = template([], ['iam:PutRolePolicy'], `arn:aws:iam::${ACCOUNT}:role/other`);
    expect((await check(other, spec)).statuses).toEqual({ 'app-cannot-delete': 'pass' });
    const app = template([], ['iam:PutRolePolicy'], { 'Fn::GetAtt': ['App', 'Arn'] });
    expect((await check(app, spec)).statuses).toEqual({ 'app-cannot-delete': 'indeterminate' });
    // A group's policy reaches its members, a managed policy's version its holders: not bounded.
    const group = template([], ['iam:PutGroupPolicy'], `arn:aws:iam::${ACCOUNT}:group/admins`);
    expect((await check(group, spec)).statuses).toEqual({ 'app-cannot-delete': 'indeterminate' });
  });

  it("iam:UpdateAssumeRolePolicy on one role: that role's trust only", async () => {
    const spec = `version: 1\naccount: "${ACCOUNT}"\nexpect:\n  - id: only-ec2\n    resource: role/app\n    action: sts:AssumeRole\n    onlyPrincipals: [ec2.amazonaws.com]\n`;
    const other = template([], ['iam:UpdateAssumeRolePolicy'], `arn:aws:iam::${ACCOUNT}:role/other-*`);
    expect((await check(other, spec)).statuses).toEqual({ 'only-ec2': 'pass' });
    const app = template([], ['iam:UpdateAssumeRolePolicy'], `arn:aws:iam::${ACCOUNT}:role/a*`);
    expect((await check(app, spec)).statuses).toEqual({ 'only-ec2': 'indeterminate' });
  });
});

describe('narrowAccessChange', () => {
  const bound = (action: string, resource: unknown[]) =>
    narrowAccessChange(action, accessChangeOf(action)!, resource as string[]);

  it('bounds an action whose resource is what it changes', () => {
    expect(bound('s3:PutBucketPolicy', ['arn:aws:s3:::a']).resourceArns).toEqual(['arn:aws:s3:::a']);
    expect(bound('iam:PutRolePolicy', ['arn:aws:iam::1:role/r']).principalArns).toEqual([
      'arn:aws:iam::1:role/r',
    ]);
    expect(bound('iam:UpdateAssumeRolePolicy', ['arn:aws:iam::1:role/r']).trustArns).toEqual([
      'arn:aws:iam::1:role/r',
    ]);
  });

  it('leaves every element for "*", variables, non-ARNs and writes whose resource is not the element changed', () => {
    expect(bound('s3:PutBucketPolicy', ['arn:aws:s3:::a', '*']).resourceArns).toBeUndefined();
    // biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable
    expect(bound('s3:PutBucketPolicy', ['arn:aws:s3:::${aws:username}']).resourceArns).toBeUndefined();
    expect(bound('iam:CreatePolicyVersion', ['arn:aws:iam::1:policy/p']).principalArns).toBeUndefined();
    expect(bound('iam:PutGroupPolicy', ['arn:aws:iam::1:group/g']).principalArns).toBeUndefined();
    expect(bound('iam:TagRole', ['arn:aws:iam::1:role/r']).principalArns).toBeUndefined();
    // An action that writes every kind's policy (no kinds): not bounded.
    expect(bound('s3:PutBucketAcl', ['arn:aws:s3:::a']).resourceArns).toBeUndefined();
  });
});

describe('aws_lambda_invocation bounded by the resources its role may write', () => {
  // Terraform AWS provider, `aws_lambda_invocation`: "Use this resource to invoke a lambda
  // function. The lambda function is invoked with the RequestResponse invocation type."
  const config = (target: string) => `provider "aws" { region = "us-east-1" }
${tfServiceRole('app', 'ec2.amazonaws.com')}
${tfServiceRole('other', 'ec2.amazonaws.com')}
${tfServiceRole('fn', 'lambda.amazonaws.com')}
resource "aws_iam_role_policy" "fn" {
  role = aws_iam_role.fn.id
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ["iam:UpdateAssumeRolePolicy"], Resource = ${target} }] })
}
${tfInvokedSetupFunction()}
`;
  const spec = `version: 1\naccount: "${ACCOUNT}"\nexpect:\n  - id: only-ec2\n    resource: role/app\n    action: sts:AssumeRole\n    onlyPrincipals: [ec2.amazonaws.com]\n`;

  async function tf(target: string): Promise<string> {
    const { expectations } = await checkTempFiles({ 'main.tf': config(target) }, spec, {
      args: ['--account', ACCOUNT],
    });
    return expectations[0]!.status;
  }

  it("a trust write on another role leaves this role's trust decided; on this role or on any, indeterminate", async () => {
    expect(await tf('aws_iam_role.other.arn')).toBe('pass');
    expect(await tf('aws_iam_role.app.arn')).toBe('indeterminate');
    expect(await tf('"*"')).toBe('indeterminate');
  });
});
