// kms:KeySpec, kms:KeyUsage, kms:KeyOrigin, kms:MultiRegion (and kms:MultiRegionKeyType, absent on
// a single-Region key) are filled from the properties of the KMS key the inputs create, on the
// KMS key resource operations (src/engine/service-keys.ts, src/aws/kms.ts `kmsKeyProperties`,
// `isKeyResourceOperation`; both adapters record `Resource.kmsKey`).
//
// AWS KMS Developer Guide, "AWS KMS condition keys": "Some AWS KMS condition keys can control
// access to operations based on a property of the KMS key that is used in the operation. For
// example, you can use the kms:KeyOrigin condition to allow principals to call GenerateDataKey on
// a KMS key only when the Origin of the KMS key is AWS_KMS." ... "The operation must be a KMS key
// resource operation, that is, an operation that is authorized for a particular KMS key." ...
// kms:MultiRegion: "All KMS keys have a MultiRegion property."; kms:MultiRegionKeyType: "Only
// multi-Region keys have a MultiRegionKeyType property." CloudFormation Template Reference,
// AWS::KMS::Key: KeySpec "The default value, SYMMETRIC_DEFAULT"; KeyUsage "The default value is
// ENCRYPT_DECRYPT"; MultiRegion "The default value is false"; Origin "The default is AWS_KMS".
//
// Before, these keys were free on every request: a condition on them made access `conditional`
// whatever the key was.

import { describe, expect, it } from 'vitest';
import { loadTerraformConfigObject } from '../src/adapters/terraform/index.js';
import { decideAnyContext } from '../src/analysis/free-decision.js';
import { compileModel } from '../src/engine/index.js';
import { ModelBuilder } from '../src/model/builder.js';
import type { Model } from '../src/model/types.js';
import { ACCOUNT, modelOf } from './fixtures/cfn/load.js';

/** A user allowed `kms:*` on every key when `condition` holds, and one key with `keyProperties`. */
function cfnModel(keyProperties: string, condition: string, parameters = ''): Model {
  return modelOf(`
${parameters}
Resources:
  Key:
    Type: AWS::KMS::Key
    Properties:
${keyProperties}
  Signer:
    Type: AWS::IAM::User
    Properties:
      UserName: signer
      Policies:
        - PolicyName: keys
          PolicyDocument:
            Version: '2012-10-17'
            Statement:
              - Effect: Allow
                Action: kms:*
                Resource: '*'
                Condition: ${condition}
`);
}

function access(model: Model, action: string): string {
  const key = model.resources.find((r) => r.kind === 'kms-key')!;
  return decideAnyContext(compileModel(model), {
    principal: `arn:aws:iam::${ACCOUNT}:user/signer`,
    action,
    resource: key.arn,
  }).access;
}

describe('CloudFormation AWS::KMS::Key: its properties decide conditions on them', () => {
  const rsa = `      KeySpec: RSA_2048
      KeyUsage: SIGN_VERIFY`;

  it('KeySpec and KeyUsage given: allowed when they match (was conditional), denied when not', () => {
    const match = '{ StringEquals: { "kms:KeySpec": RSA_2048, "kms:KeyUsage": SIGN_VERIFY } }';
    expect(access(cfnModel(rsa, match), 'kms:Sign')).toBe('allow');
    const other = '{ StringLike: { "kms:KeySpec": "ECC_*" } }';
    expect(access(cfnModel(rsa, other), 'kms:Sign')).toBe('deny');
  });

  it('the deprecated kms:CustomerMasterKeySpec works the same way ("Only the names differ")', () => {
    expect(
      access(cfnModel(rsa, '{ StringEquals: { "kms:CustomerMasterKeySpec": RSA_2048 } }'), 'kms:Sign'),
    ).toBe('allow');
  });

  it('not given: the defaults (SYMMETRIC_DEFAULT, ENCRYPT_DECRYPT, AWS_KMS, single-Region)', () => {
    const none = '      Description: data';
    const defaults =
      '{ StringEquals: { "kms:KeySpec": SYMMETRIC_DEFAULT, "kms:KeyUsage": ENCRYPT_DECRYPT, "kms:KeyOrigin": AWS_KMS }, Bool: { "kms:MultiRegion": "false" } }';
    expect(access(cfnModel(none, defaults), 'kms:Decrypt')).toBe('allow');
    // "Only multi-Region keys have a MultiRegionKeyType property": absent on this one.
    expect(
      access(cfnModel(none, '{ StringEquals: { "kms:MultiRegionKeyType": PRIMARY } }'), 'kms:Decrypt'),
    ).toBe('deny');
    expect(access(cfnModel(none, '{ StringEquals: { "kms:KeyOrigin": EXTERNAL } }'), 'kms:Decrypt')).toBe(
      'deny',
    );
  });

  it('a multi-Region key: kms:MultiRegion true, its MultiRegionKeyType left free (primary or replica)', () => {
    const multi = '      MultiRegion: true';
    expect(access(cfnModel(multi, '{ Bool: { "kms:MultiRegion": "true" } }'), 'kms:Decrypt')).toBe('allow');
    expect(
      access(cfnModel(multi, '{ StringEquals: { "kms:MultiRegionKeyType": PRIMARY } }'), 'kms:Decrypt'),
    ).toBe('conditional');
  });

  it('a property known only at deployment leaves the key free', () => {
    const model = cfnModel(
      '      KeySpec: !Ref Spec',
      '{ StringEquals: { "kms:KeySpec": RSA_2048 } }',
      'Parameters:\n  Spec:\n    Type: String',
    );
    expect(access(model, 'kms:Sign')).toBe('conditional');
  });

  it('CreateKey: the key spec is the request parameter, free', () => {
    const model = cfnModel(rsa, '{ StringEquals: { "kms:KeySpec": RSA_2048 } }');
    const d = decideAnyContext(compileModel(model), {
      principal: `arn:aws:iam::${ACCOUNT}:user/signer`,
      action: 'kms:CreateKey',
      resource: '*',
    });
    expect(d.access).toBe('conditional');
  });
});

describe('Terraform aws_kms_key: customer_master_key_spec, key_usage, multi_region, custom_key_store_id', () => {
  function tfModel(key: Record<string, unknown>, condition: Record<string, unknown>): Model {
    const b = new ModelBuilder();
    loadTerraformConfigObject(
      {
        provider: { aws: [{ region: 'us-west-2', allowed_account_ids: [ACCOUNT] }] },
        resource: {
          aws_kms_key: { k: key },
          aws_iam_user: { signer: { name: 'signer' } },
          aws_iam_user_policy: {
            p: {
              // biome-ignore lint/suspicious/noTemplateCurlyInString: a Terraform reference
              user: '${aws_iam_user.signer.name}',
              policy: JSON.stringify({
                Version: '2012-10-17',
                Statement: [{ Effect: 'Allow', Action: 'kms:*', Resource: '*', Condition: condition }],
              }),
            },
          },
        },
      },
      b,
    );
    return b.build();
  }

  it('an HMAC key: its spec and usage decide', () => {
    const hmac = { customer_master_key_spec: 'HMAC_256', key_usage: 'GENERATE_VERIFY_MAC' };
    expect(access(tfModel(hmac, { StringEquals: { 'kms:KeySpec': 'HMAC_256' } }), 'kms:GenerateMac')).toBe(
      'allow',
    );
    expect(
      access(tfModel(hmac, { StringEquals: { 'kms:KeyUsage': 'ENCRYPT_DECRYPT' } }), 'kms:GenerateMac'),
    ).toBe('deny');
  });

  it('multi_region = true', () => {
    expect(
      access(tfModel({ multi_region: true }, { Bool: { 'kms:MultiRegion': 'true' } }), 'kms:Decrypt'),
    ).toBe('allow');
  });

  it('a key in a custom key store: its origin (AWS_CLOUDHSM or EXTERNAL_KEY_STORE) is unknown', () => {
    const inStore = { custom_key_store_id: 'cks-1234567890abcdef0' };
    expect(
      access(tfModel(inStore, { StringEquals: { 'kms:KeyOrigin': 'AWS_CLOUDHSM' } }), 'kms:Decrypt'),
    ).toBe('conditional');
    expect(access(tfModel({}, { StringEquals: { 'kms:KeyOrigin': 'AWS_KMS' } }), 'kms:Decrypt')).toBe(
      'allow',
    );
  });
});
