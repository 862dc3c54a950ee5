// A Secrets Manager secret read (or written) from another account needs the secret's KMS key too
// (aws/encryption-key-requirement.ts, decided by the engine): the AWS managed key aws/secretsmanager
// (no KmsKeyId / kms_key_id, or that alias) cannot be used across accounts, so the request is
// denied; a customer managed key of the inputs must allow kms:Decrypt (GetSecretValue) or
// kms:GenerateDataKey (PutSecretValue) to the caller, its key policy and the caller's identity
// policy deciding as for any KMS request; a key the inputs do not pin down leaves it
// indeterminate. Same-account requests are unaffected. Before, a secret policy and an identity
// policy granting a partner account GetSecretValue gave `allow` whatever the key: a pass where
// AWS denies, and the reverse risk (a grant believed blocked by the key) was not shown either.
//
// AWS Secrets Manager User Guide, "Access AWS Secrets Manager secrets from a different account"
// (https://docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access_examples_cross.html):
// "You must also allow the identity to use the KMS key that the secret is encrypted with. This
// is because you can't use the AWS managed key (aws/secretsmanager) for cross-account access.
// Instead, you must encrypt your secret with a KMS key that you create, and then attach a key
// policy to it."

import { describe, expect, it } from 'vitest';
import { buildMatrix } from '../src/analysis/matrix/build.js';
import { compileModel } from '../src/engine/index.js';
import type { Model } from '../src/model/types.js';
import { type PartnerInputs, partnerHclModel, partnerTemplateModel } from './helpers/partner-role.js';
import { decidedOneByOne, matrixAnswers, nonDenyAnswers } from './helpers/matrix-oracle.js';

const ACCOUNT = '111122223333';
const PARTNER_ACCOUNT = '444455556666';
const PARTNER = `arn:aws:iam::${PARTNER_ACCOUNT}:role/partner`;
const LOCAL = `arn:aws:iam::${ACCOUNT}:role/local`;
const QUOTE =
  'Secrets Manager User Guide: "You must also allow the identity to use the KMS key that the secret is encrypted with. This is because you can\'t use the AWS managed key (aws/secretsmanager) for cross-account access."';

const secretPolicy = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: { AWS: PARTNER },
      Action: [
        'secretsmanager:GetSecretValue',
        'secretsmanager:PutSecretValue',
        'secretsmanager:DescribeSecret',
      ],
      Resource: '*',
    },
  ],
};
/** A key policy letting its account and the partner decrypt through Secrets Manager. */
const sharedKeyPolicy = {
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' },
    {
      Effect: 'Allow',
      Principal: { AWS: PARTNER },
      Action: 'kms:Decrypt',
      Resource: '*',
      Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.us-east-1.amazonaws.com' } },
    },
  ],
};
const trust = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
};
const identity = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Action: [
        'secretsmanager:GetSecretValue',
        'secretsmanager:PutSecretValue',
        'secretsmanager:DescribeSecret',
        'kms:Decrypt',
        'kms:GenerateDataKey',
      ],
      Resource: '*',
    },
  ],
};

const INPUTS: PartnerInputs = {
  account: ACCOUNT,
  partner: { account: PARTNER_ACCOUNT, identity },
  local: { trust, policy: { name: 'read', document: identity } },
};

function fromTemplate(): Model {
  const secret = (name: string, extra: Record<string, unknown> = {}) => ({
    Type: 'AWS::SecretsManager::Secret',
    Properties: { Name: name, ...extra },
  });
  const policyOf = (id: string) => ({
    Type: 'AWS::SecretsManager::ResourcePolicy',
    Properties: { SecretId: { Ref: id }, ResourcePolicy: secretPolicy },
  });
  return partnerTemplateModel(INPUTS, 'secrets', {
    Parameters: { KeyParam: { Type: 'String' } },
    Resources: {
      Shared: { Type: 'AWS::KMS::Key', Properties: { KeyPolicy: sharedKeyPolicy } },
      Private: { Type: 'AWS::KMS::Key' },
      Managed: secret('managed'),
      ManagedPolicy: policyOf('Managed'),
      ManagedAlias: secret('managed-alias', { KmsKeyId: 'alias/aws/secretsmanager' }),
      ManagedAliasPolicy: policyOf('ManagedAlias'),
      Keyed: secret('keyed', { KmsKeyId: { Ref: 'Shared' } }),
      KeyedPolicy: policyOf('Keyed'),
      Closed: secret('closed', { KmsKeyId: { 'Fn::GetAtt': ['Private', 'Arn'] } }),
      ClosedPolicy: policyOf('Closed'),
      Aliased: secret('aliased', { KmsKeyId: 'alias/team-key' }),
      AliasedPolicy: policyOf('Aliased'),
      Param: secret('param', { KmsKeyId: { Ref: 'KeyParam' } }),
      ParamPolicy: policyOf('Param'),
    },
  });
}

function fromHcl(): Model {
  const secret = (name: string, key?: string) => `
resource "aws_secretsmanager_secret" "${name}" {
  name = "${name}"${key ? `\n  kms_key_id = ${key}` : ''}
}
resource "aws_secretsmanager_secret_policy" "${name}" {
  secret_arn = aws_secretsmanager_secret.${name}.arn
  policy     = ${JSON.stringify(JSON.stringify(secretPolicy))}
}`;
  return partnerHclModel(
    INPUTS,
    `
variable "key_param" { type = string }
resource "aws_kms_key" "shared" { policy = ${JSON.stringify(JSON.stringify(sharedKeyPolicy))} }
resource "aws_kms_key" "private" {}
${secret('managed')}
${secret('managed-alias', '"alias/aws/secretsmanager"')}
${secret('keyed', 'aws_kms_key.shared.key_id')}
${secret('closed', 'aws_kms_key.private.arn')}
${secret('aliased', '"alias/team-key"')}
${secret('param', 'var.key_param')}
`,
  );
}

describe.each([
  ['CloudFormation', fromTemplate],
  ['Terraform', fromHcl],
] as const)('%s: a secret from another account needs its KMS key', (_name, load) => {
  const model = load();
  const engine = compileModel(model);
  const arnOf = (name: string) =>
    model.resources.find((r) => r.kind === 'secretsmanager-secret' && r.name === name)!.arn;
  const decide = (principal: string, action: string, name: string) =>
    engine.decide({ principal, action, resource: arnOf(name) }, { trace: true });

  it('the AWS managed key (no key given, or its alias): denied across accounts (was allow)', () => {
    for (const name of ['managed', 'managed-alias']) {
      const d = decide(PARTNER, 'secretsmanager:GetSecretValue', name);
      expect(d.decision, `${name}: ${QUOTE}`).toBe('deny');
      expect(d.trace?.map((t) => t.message).join('\n')).toMatch(/AWS managed key aws\/secretsmanager/);
    }
  });

  it('a customer managed key whose key policy lets the partner decrypt: allowed', () => {
    expect(decide(PARTNER, 'secretsmanager:GetSecretValue', 'keyed').decision).toBe('allow');
  });

  it('the key policy does not allow the KMS operation: denied (was allow)', () => {
    // the default key policy of Private: its own account only
    expect(decide(PARTNER, 'secretsmanager:GetSecretValue', 'closed').decision, QUOTE).toBe('deny');
    // the shared key allows Decrypt, not GenerateDataKey, which writing a new value needs
    expect(decide(PARTNER, 'secretsmanager:PutSecretValue', 'keyed').decision, QUOTE).toBe('deny');
  });

  it('a key the inputs do not pin down (another alias, a parameter): indeterminate (was allow)', () => {
    for (const name of ['aliased', 'param'])
      expect(decide(PARTNER, 'secretsmanager:GetSecretValue', name).decision, name).toBe('indeterminate');
  });

  it('same-account requests are unaffected', () => {
    for (const name of ['managed', 'managed-alias', 'keyed', 'closed', 'aliased', 'param'])
      expect(decide(LOCAL, 'secretsmanager:GetSecretValue', name).decision, name).toBe('allow');
  });

  it('the access matrix agrees with the requests decided one by one (the rule keeps its actions apart)', () => {
    const m = buildMatrix(engine);
    expect(Object.fromEntries([...matrixAnswers(m)].sort())).toEqual(
      nonDenyAnswers(decidedOneByOne(engine, m)),
    );
  });

  it('actions that do not use the key are unaffected', () => {
    expect(decide(PARTNER, 'secretsmanager:DescribeSecret', 'managed').decision).toBe('allow');
  });
});
