// A CloudFormation stack deployed by Terraform (`aws_cloudformation_stack`, read through
// model/deployed-template.ts): a template parameter without a Default to which the stack's
// `parameters` map gives no value is unknown, and its reason tells how to give it one the way
// the deploying input does: "set parameters["NAME"] in ADDRESS"
// (adapters/cloudformation/stack.ts `missingParameterHint`), not "pass --parameter NAME=VALUE",
// which sets the parameters of the templates given on the command line only. Terraform AWS
// provider, "Resource: aws_cloudformation_stack": "parameters - (Optional) A map of Parameter
// structures that specify input parameters for the stack."

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadModelSync } from '../src/adapters/load.js';
import { isUnknown } from '../src/model/unknown.js';
import { writeTempFiles } from './helpers/temp-inputs.js';

const ACCOUNT = '111122223333';

const TEMPLATE = `Parameters:
  Bucket:
    Type: String
Resources:
  Reader:
    Type: AWS::IAM::Role
    Properties:
      RoleName: reader
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement: [{ Effect: Allow, Principal: { Service: lambda.amazonaws.com }, Action: sts:AssumeRole }]
      Policies:
        - PolicyName: read
          PolicyDocument:
            Version: '2012-10-17'
            Statement: [{ Effect: Allow, Action: s3:GetObject, Resource: !Sub 'arn:aws:s3:::\${Bucket}/*' }]
`;

function load(stack: string) {
  const dir = writeTempFiles({
    'stack.yaml': TEMPLATE,
    'main.tf': `provider "aws" {\n  region = "us-west-2"\n}\n\n${stack}\n`,
  });
  return { model: loadModelSync([dir], { account: ACCOUNT }), dir };
}

/** The reason of the reader role's unknown Resource. */
function resourceReason(stack: string): string {
  const { model } = load(stack);
  const role = model.roles.find((r) => r.name === 'reader')!;
  const [resource] = role.inlinePolicies[0]!.document.statements[0]!.resource!.values;
  if (!isUnknown(resource)) throw new Error(`expected an unknown Resource, got ${String(resource)}`);
  return resource.reason;
}

describe('a parameter without a Default and without a value in parameters', () => {
  it('says to set it in the stack resource (was: pass --parameter Bucket=VALUE)', () => {
    const reason = resourceReason(
      'resource "aws_cloudformation_stack" "app" {\n  name          = "app"\n  template_body = file("stack.yaml")\n}',
    );
    expect(reason).toContain(
      'parameter Bucket has no value (no Default; set parameters["Bucket"] in aws_cloudformation_stack.app)',
    );
    expect(reason).not.toContain('--parameter');
  });

  it('given in parameters: known', () => {
    const { model, dir } = load(
      'resource "aws_cloudformation_stack" "app" {\n  name          = "app"\n  template_body = file("stack.yaml")\n  parameters    = { Bucket = "data" }\n}',
    );
    const role = model.roles.find((r) => r.name === 'reader')!;
    expect(role.inlinePolicies[0]!.document.statements[0]!.resource!.values).toEqual(['arn:aws:s3:::data/*']);
    expect(role.source?.file).toBe(join(dir, 'stack.yaml'));
  });
});

describe('a stack whose count or for_each is unknown', () => {
  // Terraform, "The count meta-argument": "count ... accepts a whole number, and creates that many
  // instances of the resource"; unknown, the stack may be deployed or not: its template is read
  // once, everything in it maybe-present for the count's reason (was: not read, only the stand-ins
  // of an unread deployment, so the roles it creates were not in the model).
  const stack = (meta: string) =>
    `variable "n" {\n  type = number\n}\nvariable "envs" {\n  type = set(string)\n}\nresource "aws_cloudformation_stack" "app" {\n  ${meta}\n  name          = "app"\n  template_body = file("stack.yaml")\n  parameters    = { Bucket = "data" }\n}`;

  for (const meta of ['count = var.n', 'for_each = var.envs']) {
    it(`${meta}: its roles are in the model, maybe-present, and the deployment is read`, () => {
      const { model } = load(stack(meta));
      const role = model.roles.find((r) => r.name === 'reader');
      expect(role, 'the role the template creates').toBeDefined();
      expect(role!.presence?.reason).toMatch(/count|for_each/);
      expect(role!.inlinePolicies[0]!.document.statements[0]!.resource!.values).toEqual([
        'arn:aws:s3:::data/*',
      ]);
      expect(model.findings.some((f) => f.code === 'tf/unmodelled-deployment')).toBe(false);
    });
  }
});
