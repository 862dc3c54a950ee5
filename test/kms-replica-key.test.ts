// A multi-Region replica key (AWS::KMS::ReplicaKey, Terraform aws_kms_replica_key) has its primary
// key's key spec, key usage and origin, and is multi-Region (src/aws/kms.ts `replicaKeyProperties`,
// `recordReplicaKey`; engine/service-keys.ts fills kms:KeySpec, kms:KeyUsage, kms:KeyOrigin and
// kms:MultiRegion from them).
//
// AWS KMS API Reference, "ReplicateKey": "A primary key and its replica keys share properties that
// make them interoperable. They have the same key ID and key material. They also have the same key
// spec, key usage, key material origin, and automatic key rotation status. AWS KMS automatically
// synchronizes these shared properties among related multi-Region keys." and, of its Policy
// parameter: "If you do not provide a key policy, KMS attaches the default key policy to the KMS
// key."
//
// Before, a replica's properties were never recorded (conditions on them were conditional), and
// Terraform's aws_kms_replica_key was not modelled at all: a tf/unhandled-resource-type warning
// and a key of unknown policy, so every access to it was indeterminate.

import { describe, expect, it } from 'vitest';
import { loadTerraformConfigObject, loadTerraformPlan } from '../src/adapters/terraform/index.js';
import { decideAnyContext } from '../src/analysis/free-decision.js';
import { compileModel } from '../src/engine/index.js';
import { ModelBuilder } from '../src/model/builder.js';
import type { Model } from '../src/model/types.js';
import { ACCOUNT, modelOf } from './fixtures/cfn/load.js';
import { tempDir, writeFileIn } from './helpers/temp-inputs.js';

/** A user `signer` allowed `kms:*` on every key when `condition` holds. */
function signerPolicy(condition: Record<string, unknown>): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: 'kms:*', Resource: '*', Condition: condition }],
  });
}

/** The access of `signer` to the key in Region `region` (the replica's). */
function access(model: Model, action: string, region = 'eu-west-1'): string {
  const key = model.resources.find((r) => r.kind === 'kms-key' && r.region === region)!;
  return decideAnyContext(compileModel(model), {
    principal: `arn:aws:iam::${ACCOUNT}:user/signer`,
    action,
    resource: key.arn,
  }).access;
}

describe('Terraform aws_kms_replica_key', () => {
  /** A primary key in us-west-2 (`primary`, or none) and its replica in eu-west-1. */
  function tfModel(
    primary: Record<string, unknown> | undefined,
    condition: Record<string, unknown>,
    replica: Record<string, unknown> = {},
  ): Model {
    const b = new ModelBuilder();
    loadTerraformConfigObject(
      {
        provider: {
          aws: [
            { region: 'us-west-2', allowed_account_ids: [ACCOUNT] },
            { alias: 'eu', region: 'eu-west-1', allowed_account_ids: [ACCOUNT] },
          ],
        },
        resource: {
          ...(primary ? { aws_kms_key: { primary: { multi_region: true, ...primary } } } : {}),
          aws_kms_replica_key: {
            replica: {
              provider: 'aws.eu',
              primary_key_arn: primary
                ? // biome-ignore lint/suspicious/noTemplateCurlyInString: a Terraform reference
                  '${aws_kms_key.primary.arn}'
                : `arn:aws:kms:us-west-2:${ACCOUNT}:key/mrk-1234abcd12ab34cd56ef1234567890ab`,
              ...replica,
            },
          },
          aws_iam_user: { signer: { name: 'signer' } },
          aws_iam_user_policy: {
            // biome-ignore lint/suspicious/noTemplateCurlyInString: a Terraform reference
            p: { user: '${aws_iam_user.signer.name}', policy: signerPolicy(condition) },
          },
        },
      },
      b,
    );
    return b.build();
  }

  const rsa = { customer_master_key_spec: 'RSA_2048', key_usage: 'SIGN_VERIFY' };

  it('is modelled: a KMS key with the default key policy, its primary key id, no unhandled-type warning', () => {
    const model = tfModel(rsa, { StringEquals: { 'kms:KeySpec': 'RSA_2048' } });
    expect(model.findings.filter((f) => f.code === 'tf/unhandled-resource-type')).toEqual([]);
    const [primary, replica] = ['us-west-2', 'eu-west-1'].map(
      (region) => model.resources.find((r) => r.kind === 'kms-key' && r.region === region)!,
    );
    // "They have the same key ID": the replica's ARN is the primary's key id in its own Region.
    expect(replica!.arn).toBe(primary!.arn.replace(':us-west-2:', ':eu-west-1:'));
    expect(replica!.policy?.statements.map((s) => s.sid)).toEqual(['Enable IAM User Permissions']);
  });

  it("has its primary's key spec and key usage (allowed: was indeterminate), and is multi-Region", () => {
    expect(access(tfModel(rsa, { StringEquals: { 'kms:KeySpec': 'RSA_2048' } }), 'kms:Sign')).toBe('allow');
    expect(access(tfModel(rsa, { StringEquals: { 'kms:KeyUsage': 'SIGN_VERIFY' } }), 'kms:Sign')).toBe(
      'allow',
    );
    expect(access(tfModel(rsa, { StringLike: { 'kms:KeySpec': 'ECC_*' } }), 'kms:Sign')).toBe('deny');
    expect(access(tfModel(rsa, { StringEquals: { 'kms:KeyOrigin': 'AWS_KMS' } }), 'kms:Sign')).toBe('allow');
    expect(access(tfModel({}, { Bool: { 'kms:MultiRegion': 'false' } }), 'kms:Decrypt')).toBe('deny');
  });

  it('its MultiRegionKeyType stays free (UpdatePrimaryRegion may make a replica the primary)', () => {
    expect(
      access(tfModel({}, { StringEquals: { 'kms:MultiRegionKeyType': 'REPLICA' } }), 'kms:Decrypt'),
    ).toBe('conditional');
  });

  it('a primary outside the inputs: multi-Region, its shared properties unknown (never denied)', () => {
    expect(access(tfModel(undefined, { Bool: { 'kms:MultiRegion': 'true' } }), 'kms:Decrypt')).toBe('allow');
    expect(
      access(tfModel(undefined, { StringEquals: { 'kms:KeySpec': 'SYMMETRIC_DEFAULT' } }), 'kms:Decrypt'),
    ).toBe('conditional');
    expect(access(tfModel(undefined, { StringEquals: { 'kms:KeyOrigin': 'EXTERNAL' } }), 'kms:Decrypt')).toBe(
      'conditional',
    );
  });

  it("the replica's own key policy is its own (not shared)", () => {
    const policy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'Own',
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
          Action: 'kms:*',
          Resource: '*',
        },
      ],
    });
    const model = tfModel(rsa, {}, { policy });
    const replica = model.resources.find((r) => r.kind === 'kms-key' && r.region === 'eu-west-1')!;
    expect(replica.policy?.statements.map((s) => s.sid)).toEqual(['Own']);
  });
});

describe('Terraform aws_kms_external_key and aws_kms_replica_external_key (imported key material)', () => {
  // AWS KMS API Reference, CreateKey, Origin: "To create a KMS key with no key material (for
  // imported key material), set this value to EXTERNAL."; the replica shares its
  // primary's "key material origin" (ReplicateKey, above).
  function model(condition: Record<string, unknown>): Model {
    const b = new ModelBuilder();
    loadTerraformConfigObject(
      {
        provider: {
          aws: [
            { region: 'us-west-2', allowed_account_ids: [ACCOUNT] },
            { alias: 'eu', region: 'eu-west-1', allowed_account_ids: [ACCOUNT] },
          ],
        },
        resource: {
          aws_kms_external_key: { primary: { multi_region: true, key_usage: 'ENCRYPT_DECRYPT' } },
          aws_kms_replica_external_key: {
            // biome-ignore lint/suspicious/noTemplateCurlyInString: a Terraform reference
            replica: { provider: 'aws.eu', primary_key_arn: '${aws_kms_external_key.primary.arn}' },
          },
          aws_iam_user: { signer: { name: 'signer' } },
          aws_iam_user_policy: {
            // biome-ignore lint/suspicious/noTemplateCurlyInString: a Terraform reference
            p: { user: '${aws_iam_user.signer.name}', policy: signerPolicy(condition) },
          },
        },
      },
      b,
    );
    return b.build();
  }

  it('both are KMS keys of origin EXTERNAL (were tf/unhandled-resource-type, unknown policies)', () => {
    const m = model({ StringEquals: { 'kms:KeyOrigin': 'EXTERNAL', 'kms:KeySpec': 'SYMMETRIC_DEFAULT' } });
    expect(m.findings.filter((f) => f.code === 'tf/unhandled-resource-type')).toEqual([]);
    expect(access(m, 'kms:Decrypt', 'us-west-2')).toBe('allow');
    expect(access(m, 'kms:Decrypt')).toBe('allow');
    expect(access(model({ StringEquals: { 'kms:KeyOrigin': 'AWS_KMS' } }), 'kms:Decrypt')).toBe('deny');
  });
});

describe('CloudFormation AWS::KMS::ReplicaKey', () => {
  function cfnModel(primaryKeyArn: string, condition: string, primary = ''): Model {
    return modelOf(`
Resources:
${primary}
  Replica:
    Type: AWS::KMS::ReplicaKey
    Properties:
      PrimaryKeyArn: ${primaryKeyArn}
      KeyPolicy:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal: { AWS: !Sub 'arn:aws:iam::\${AWS::AccountId}:root' }
            Action: 'kms:*'
            Resource: '*'
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
                Resource: !GetAtt Replica.Arn
                Condition: ${condition}
`);
  }
  const outside = `arn:aws:kms:us-east-1:${ACCOUNT}:key/mrk-1234abcd12ab34cd56ef1234567890ab`;

  function replicaAccess(model: Model, action: string): string {
    return access(model, action, 'us-west-2');
  }

  it('a primary outside the template: multi-Region (was conditional), its key spec unknown', () => {
    expect(replicaAccess(cfnModel(outside, '{ Bool: { "kms:MultiRegion": "true" } }'), 'kms:Decrypt')).toBe(
      'allow',
    );
    expect(
      replicaAccess(
        cfnModel(outside, '{ StringEquals: { "kms:KeySpec": SYMMETRIC_DEFAULT } }'),
        'kms:Decrypt',
      ),
    ).toBe('conditional');
  });

  it("a primary the inputs hold (PrimaryKeyArn names its ARN): the primary's properties", () => {
    const primary = `  Primary:
    Type: AWS::KMS::Key
    Properties:
      MultiRegion: true
      KeySpec: ECC_NIST_P256
      KeyUsage: SIGN_VERIFY`;
    const model = (condition: string) => cfnModel('!GetAtt Primary.Arn', condition, primary);
    const replica = (m: Model) =>
      decideAnyContext(compileModel(m), {
        principal: `arn:aws:iam::${ACCOUNT}:user/signer`,
        action: 'kms:Sign',
        resource: m.resources.find((r) => r.name.includes('Replica'))!.arn,
      }).access;
    expect(replica(model('{ StringEquals: { "kms:KeySpec": ECC_NIST_P256 } }'))).toBe('allow');
    expect(replica(model('{ StringEquals: { "kms:KeySpec": RSA_2048 } }'))).toBe('deny');
  });
});

describe('Terraform plan: a replica key whose primary is created in the same apply', () => {
  // Terraform "JSON Output Format" (https://developer.hashicorp.com/terraform/internals/json-format):
  // a value known only after apply is listed in after_unknown; the configuration's expressions
  // list the references it is built from. The primary's ARN is such a value, so the replica's
  // `primary_key_arn` is unknown in the plan; the configuration says it is aws_kms_key.primary's.
  // Before, the replica's key spec, key usage and origin were then unknown (conditional access).
  function planModel(condition: Record<string, unknown>, refs: string[]): Model {
    const change = (address: string, type: string, after: object, afterUnknown: object) => ({
      address,
      mode: 'managed',
      type,
      name: address.split('.')[1],
      provider_name: 'registry.terraform.io/hashicorp/aws',
      change: { actions: ['create'], before: null, after, after_unknown: afterUnknown },
    });
    const plan = {
      format_version: '1.2',
      terraform_version: '1.9.5',
      planned_values: { root_module: {} },
      resource_changes: [
        change(
          'aws_kms_key.primary',
          'aws_kms_key',
          { multi_region: true, customer_master_key_spec: 'RSA_2048', key_usage: 'SIGN_VERIFY' },
          { arn: true, key_id: true, id: true, policy: true },
        ),
        change(
          'aws_kms_replica_key.replica',
          'aws_kms_replica_key',
          { region: 'eu-west-1' },
          { arn: true, key_id: true, id: true, primary_key_arn: true, policy: true },
        ),
        change('aws_iam_user.signer', 'aws_iam_user', { name: 'signer', path: '/' }, { arn: true }),
        change(
          'aws_iam_user_policy.p',
          'aws_iam_user_policy',
          { name: 'p', user: 'signer', policy: signerPolicy(condition) },
          {},
        ),
      ],
      configuration: {
        provider_config: { aws: { name: 'aws', expressions: { region: { constant_value: 'us-west-2' } } } },
        root_module: {
          resources: [
            {
              address: 'aws_kms_replica_key.replica',
              mode: 'managed',
              type: 'aws_kms_replica_key',
              name: 'replica',
              expressions: { primary_key_arn: { references: refs } },
            },
          ],
        },
      },
    };
    const dir = tempDir('iamspec-kms-replica-');
    const file = writeFileIn(dir, 'plan.json', JSON.stringify(plan));
    const b = new ModelBuilder();
    loadTerraformPlan(file, b, { account: ACCOUNT });
    return b.build();
  }
  const sign = (m: Model) => {
    const replica = m.resources.find((r) => r.kind === 'kms-key' && r.name.includes('replica'))!;
    return decideAnyContext(compileModel(m), {
      principal: `arn:aws:iam::${ACCOUNT}:user/signer`,
      action: 'kms:Sign',
      resource: replica.arn,
    }).access;
  };
  const PRIMARY = ['aws_kms_key.primary.arn', 'aws_kms_key.primary'];

  it('read alone, the plan does not link it to the primary its references name (conditional, never denied)', () => {
    // The plan records which objects an expression refers to, not the expression
    // (`replace(aws_kms_key.primary.arn, …)` refers to the same): src/adapters/terraform/plan/references.ts.
    // With the configuration directory the expression is evaluated (the configuration tests above).
    expect(sign(planModel({ StringEquals: { 'kms:KeySpec': 'RSA_2048' } }, PRIMARY))).toBe('conditional');
    expect(sign(planModel({ StringEquals: { 'kms:KeyUsage': 'ENCRYPT_DECRYPT' } }, PRIMARY))).toBe(
      'conditional',
    );
  });

  it('without a reference to a key of the inputs, they stay unknown (conditional, never denied)', () => {
    expect(sign(planModel({ StringEquals: { 'kms:KeySpec': 'SYMMETRIC_DEFAULT' } }, ['var.primary']))).toBe(
      'conditional',
    );
  });
});
