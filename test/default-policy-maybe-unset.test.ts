// A policy AWS applies while none is set (KMS's default key policy, src/aws/kms.ts; EFS's default
// file system policy, src/aws/efs.ts) is kept, maybe-present, beside a written policy that an
// undecided condition may leave out (CloudFormation `Fn::If` with `AWS::NoValue`, Terraform
// `var.lock ? jsonencode(...) : null`). AWS KMS Developer Guide, "Default key policy": "When you
// create a KMS key without specifying a key policy, AWS KMS applies a default key policy"; "The
// default key policy gives the AWS account that owns the KMS key full access to the KMS key", so
// the account's IAM policies count. Before, the written policy alone was kept: a role its identity
// policy allows kms:Decrypt was denied, a pass where AWS, with no key policy written, allows.

import { describe, expect, it } from 'vitest';
import { loadTemplateObject } from '../src/adapters/cloudformation/index.js';
import { compileModel } from '../src/engine/index.js';
import { ModelBuilder } from '../src/model/builder.js';
import type { Model } from '../src/model/types.js';
import { terraformConfigModel } from './helpers/temp-inputs.js';

const ACCOUNT = '111122223333';
const ROLE = `arn:aws:iam::${ACCOUNT}:role/app`;
const PARTNER = 'arn:aws:iam::444455556666:role/partner';
const trust = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
};
const decryptAnything = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' }],
};
const partnerOnly = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { AWS: PARTNER }, Action: 'kms:Decrypt', Resource: '*' }],
};

function fromTemplate(): Model {
  const b = new ModelBuilder();
  loadTemplateObject(
    {
      Parameters: { Lock: { Type: 'String' } },
      Conditions: { Locked: { 'Fn::Equals': [{ Ref: 'Lock' }, 'yes'] } },
      Resources: {
        App: {
          Type: 'AWS::IAM::Role',
          Properties: {
            RoleName: 'app',
            AssumeRolePolicyDocument: trust,
            Policies: [{ PolicyName: 'kms', PolicyDocument: decryptAnything }],
          },
        },
        Key: {
          Type: 'AWS::KMS::Key',
          Properties: { KeyPolicy: { 'Fn::If': ['Locked', partnerOnly, { Ref: 'AWS::NoValue' }] } },
        },
      },
    },
    b,
    { account: ACCOUNT, region: 'us-east-1', stackName: 'kms' },
  );
  return b.build();
}

function fromHcl(): Model {
  return terraformConfigModel(
    `variable "lock" { type = bool }
resource "aws_iam_role" "app" {
  name               = "app"
  assume_role_policy = ${JSON.stringify(JSON.stringify(trust))}
  inline_policy {
    name   = "kms"
    policy = ${JSON.stringify(JSON.stringify(decryptAnything))}
  }
}
resource "aws_kms_key" "k" {
  policy = var.lock ? ${JSON.stringify(JSON.stringify(partnerOnly))} : null
}
`,
    { account: ACCOUNT, region: 'us-east-1' },
  );
}

describe.each([
  ['CloudFormation', fromTemplate],
  ['Terraform', fromHcl],
] as const)('%s: a key policy that may not be written', (_name, load) => {
  const model = load();
  const engine = compileModel(model);
  const key = model.resources.find((r) => r.kind === 'kms-key')!;
  const decide = (principal: string) =>
    engine.decide({ principal, action: 'kms:Decrypt', resource: key.arn }).decision;

  it('keeps the default key policy, maybe-present: the identity-allowed role is indeterminate, not denied', () => {
    expect(decide(ROLE)).toBe('indeterminate');
  });

  it('the written policy stays maybe-present too', () => {
    expect(decide(PARTNER)).toBe('indeterminate');
  });
});
