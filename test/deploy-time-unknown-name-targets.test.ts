// Deploy-time code that names the resource it writes by ARN (an AwsCustomResource's or Lambda
// custom resource's role bounded to one key ARN, an AWS CLI command of a local-exec provisioner)
// reaches every element of the inputs whose ARN that text may name. An element whose name or id
// the inputs leave unknown (a KMS key's id, a generated name: `key/(unknown-…)`) may be the one
// the text names: the ARN is matched by the rule for unknown name parts (src/model/name-tokens.ts
// `mightBeNamed`, the engine's rule), not literally. Before, `amongArns` compared the text with
// the ARN as written, so such a key was never reached and stayed a plain deny where the grant may
// apply to it.
//
// AWS rules pinned here:
// - AWS KMS API Reference, CreateGrant, KeyId: "Identifies the KMS key for the grant. The grant
//   gives principals permission to use this KMS key. Specify the key ID or key ARN of the KMS key."
//   https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateGrant.html
// - AWS CloudFormation User Guide, AWS::IAM::Role, RoleName: "If you don't specify a name, AWS
//   CloudFormation generates a unique physical ID and uses that ID for the role name": a bucket
//   policy may name the generated role by the ARN it has, which the template cannot spell.
// - AWS CloudFormation User Guide, AWS::KMS::Key, Return values, Ref: "When you pass the logical
//   ID of this resource to the intrinsic Ref function, Ref returns the key ID, such as
//   1234abcd-12ab-34cd-56ef-1234567890ab": AWS assigns it, the template cannot pin it.

import { describe, expect, it } from 'vitest';
import { loadTemplateObject } from '../src/adapters/cloudformation/index.js';
import { loadTerraformConfigObject } from '../src/adapters/terraform/index.js';
import { deployTimeRoleReach } from '../src/analysis/deploy-time-reach.js';
import { compileModel } from '../src/engine/index.js';
import { amongArns, ModelBuilder } from '../src/model/builder.js';
import type { Model } from '../src/model/types.js';
import { dataBucketWithPolicy } from './helpers/bucket-policy-resources.js';
import { accountKmsKey } from './helpers/cfn-resources.js';
import { customResourceResources } from './helpers/custom-resource-template.js';

const ACCOUNT = '111122223333';
const PARTNER = 'arn:aws:iam::999988887777:root';
const KEY_ID = '1234abcd-12ab-34cd-56ef-1234567890ab';
const KEY_ARN = `arn:aws:kms:us-east-1:${ACCOUNT}:key/${KEY_ID}`;

/** A key of the inputs whose id is unknown, its policy the account's only. */
const KEY = { Key: accountKmsKey(ACCOUNT) };

function build(load: (b: ModelBuilder) => void): Model {
  const b = new ModelBuilder({ roleReach: deployTimeRoleReach });
  load(b);
  return b.build();
}

const cfn = (resources: Record<string, unknown>) =>
  build((b) =>
    loadTemplateObject({ Resources: { ...KEY, ...resources } }, b, {
      account: ACCOUNT,
      region: 'us-east-1',
      stackName: 'ours',
    }),
  );

/** What PARTNER (outside the model) may do with the key of the inputs. */
function decrypt(m: Model) {
  const key = m.resources.find((r) => r.kind === 'kms-key' && !r.standIn)!;
  expect(key.arn).toContain('(unknown-');
  return compileModel(m).decide(
    { principal: PARTNER, action: 'kms:Decrypt', resource: key.arn },
    { trace: true },
  );
}

describe('deploy-time writes naming an ARN that may be an element whose name is unknown', () => {
  it('amongArns: a literal key ARN may name a key whose id is unknown; another account’s or a queue’s never', () => {
    const unknownKey = `arn:aws:kms:us-east-1:${ACCOUNT}:key/(unknown-Key)`;
    expect(amongArns([KEY_ARN], unknownKey)).toBe(true);
    expect(amongArns([`arn:aws:kms:us-east-1:444455556666:key/${KEY_ID}`], unknownKey)).toBe(false);
    expect(amongArns([`arn:aws:kms:us-east-1:${ACCOUNT}:alias/x`], unknownKey)).toBe(false);
    expect(amongArns([`arn:aws:kms:us-east-1:${ACCOUNT}:key/*`], unknownKey)).toBe(true);
    expect(amongArns([KEY_ARN], KEY_ARN)).toBe(true);
    expect(amongArns([KEY_ARN], `arn:aws:kms:us-east-1:${ACCOUNT}:key/other`)).toBe(false);
  });

  it('without deploy-time code the partner is denied', () => {
    expect(decrypt(cfn({})).decision).toBe('deny');
  });

  it('a custom resource whose role may kms:CreateGrant on one key ARN: the key of unknown id may be it (was deny)', () => {
    const d = decrypt(cfn(customResourceResources(['kms:CreateGrant'], KEY_ARN)));
    expect(d.decision).toBe('indeterminate');
    expect(JSON.stringify(d.trace)).toMatch(/custom resource|Setup|setup/);
  });

  it('the same role bounded to another account’s key ARN: the key stays denied', () => {
    const d = decrypt(
      cfn(customResourceResources(['kms:CreateGrant'], `arn:aws:kms:us-east-1:444455556666:key/${KEY_ID}`)),
    );
    expect(d.decision).toBe('deny');
  });

  it('bounded to one key of the inputs by its ARN (GetAtt): that key may be granted, another key of unknown id is not it (two keys the inputs create are two keys)', () => {
    const m = cfn({
      Other: { ...KEY.Key },
      ...customResourceResources(['kms:CreateGrant'], { 'Fn::GetAtt': ['Key', 'Arn'] }),
    });
    const keys = m.resources.filter((r) => r.kind === 'kms-key' && !r.standIn);
    expect(keys).toHaveLength(2);
    const engine = compileModel(m);
    const decide = (id: string) =>
      engine.decide({
        principal: PARTNER,
        action: 'kms:Decrypt',
        resource: keys.find((k) => k.source?.logicalId === id)!.arn,
      }).decision;
    expect(decide('Key')).toBe('indeterminate');
    expect(decide('Other')).toBe('deny');
  });

  it('Terraform local-exec: aws kms create-grant --key-id KEY_ARN on a key the plan creates (was deny)', () => {
    const m = build((b) =>
      loadTerraformConfigObject(
        {
          provider: { aws: [{ region: 'us-east-1', allowed_account_ids: [ACCOUNT] }] },
          resource: {
            aws_kms_key: { k: { description: 'k' } },
            terraform_data: {
              setup: {
                provisioner: [
                  {
                    'local-exec': {
                      command: `aws kms create-grant --key-id ${KEY_ARN} --grantee-principal ${PARTNER} --operations Decrypt`,
                    },
                  },
                ],
              },
            },
          },
        },
        b,
      ),
    );
    expect(decrypt(m).decision).toBe('indeterminate');
  });

  it('a bucket policy naming a session of the custom resource’s generated role by a literal ARN may let the code rewrite that bucket’s policy (was deny)', () => {
    const resources = customResourceResources(['logs:CreateLogGroup'], '*');
    const fnRole = resources.FnRole as { Properties: Record<string, unknown> };
    delete fnRole.Properties.RoleName;
    const m = cfn({
      ...resources,
      ...dataBucketWithPolicy('data', [
        {
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:sts::${ACCOUNT}:assumed-role/ours-FnRole-ABC123DEF456/s` },
          Action: 's3:PutBucketPolicy',
          Resource: 'arn:aws:s3:::data',
        },
      ]),
    });
    const role = m.roles.find((r) => r.id.includes('FnRole'))!;
    expect(role.arn).toContain('(unknown-');
    const read = compileModel(m).decide({
      principal: PARTNER,
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::data/k',
    });
    expect(read.decision).toBe('indeterminate');
    expect(m.findings.map((f) => f.message).join('\n')).toContain(
      'is allowed to change access by the policy of arn:aws:s3:::data',
    );
  });
});
