// The role `partner` of another account that cross-account tests call from: its account added to
// a ModelBuilder, with one inline identity policy (the test's own document); and the two loads
// of the cross-account key tests (test/encryption-key-requirement.test.ts,
// encryption-key-s3-kinesis.test.ts, secret-cross-account-key.test.ts): their resources beside the role `local` of the account under
// test (its trust, one inline policy), as a CloudFormation template or a Terraform configuration,
// loaded into a builder with the partner role; and the key policy of their KMS keys.

import { loadTemplateObject } from '../../src/adapters/cloudformation/index.js';
import { loadTerraformConfig } from '../../src/adapters/terraform/index.js';
import { ModelBuilder } from '../../src/model/builder.js';
import type { Model } from '../../src/model/types.js';
import { parsePolicy } from '../../src/policy/parse.js';
import { writeTempFiles } from './temp-inputs.js';

/** The account under test of the cross-account key tests, and its role `local`. */
export const ACCOUNT = '111122223333';
export const LOCAL = `arn:aws:iam::${ACCOUNT}:role/local`;
/** The other account, and its role `partner` (`withPartnerRole`). */
export const PARTNER_ACCOUNT = '444455556666';
export const PARTNER = `arn:aws:iam::${PARTNER_ACCOUNT}:role/partner`;

/** Adds `account` and its role `partner` with the inline policy `identity` (a policy JSON object). */
export function withPartnerRole(b: ModelBuilder, account: string, identity: unknown): ModelBuilder {
  b.addAccount(account, 'us-east-1');
  const id = b.addRole({ name: 'partner', account, source: { file: 'partner' } });
  b.addInlinePolicy(id, {
    name: 'partner-access',
    document: parsePolicy(identity, { kind: 'identity', source: { file: 'partner' } }),
    source: { file: 'partner' },
  });
  return b;
}

/** The inputs of a cross-account key test, in us-east-1. */
export interface PartnerInputs {
  account: string;
  partner: { account: string; identity: unknown };
  /** The role `local` of `account`: its trust policy and its one inline policy (`name`). */
  local: { trust: unknown; policy: { name: string; document: unknown } };
}

/**
 * The model of a CloudFormation stack `stackName` of `template` (its Parameters and Resources)
 * with the role `local` added to its Resources (logical id `Local`), and the partner role.
 */
export function partnerTemplateModel(
  inputs: PartnerInputs,
  stackName: string,
  template: { Parameters?: Record<string, unknown>; Resources: Record<string, unknown> },
): Model {
  const b = withPartnerRole(new ModelBuilder(), inputs.partner.account, inputs.partner.identity);
  const Local = {
    Type: 'AWS::IAM::Role',
    Properties: {
      RoleName: 'local',
      AssumeRolePolicyDocument: inputs.local.trust,
      Policies: [{ PolicyName: inputs.local.policy.name, PolicyDocument: inputs.local.policy.document }],
    },
  };
  loadTemplateObject({ ...template, Resources: { ...template.Resources, Local } }, b, {
    account: inputs.account,
    region: 'us-east-1',
    stackName,
  });
  return b.build();
}

/**
 * The model of a Terraform configuration of `hcl` (main.tf) with the role `local` appended
 * (`aws_iam_role.local`), and the partner role.
 */
export function partnerHclModel(inputs: PartnerInputs, hcl: string): Model {
  const json = (v: unknown) => JSON.stringify(JSON.stringify(v));
  const dir = writeTempFiles({
    'main.tf': `${hcl}
resource "aws_iam_role" "local" {
  name               = "local"
  assume_role_policy = ${json(inputs.local.trust)}
  inline_policy {
    name   = "${inputs.local.policy.name}"
    policy = ${json(inputs.local.policy.document)}
  }
}
`,
  });
  const b = withPartnerRole(new ModelBuilder(), inputs.partner.account, inputs.partner.identity);
  loadTerraformConfig(dir, b, { account: inputs.account, region: 'us-east-1' });
  return b.build();
}

/** A policy document of `statements`. */
export const policyDocument = (statements: unknown[]) => ({ Version: '2012-10-17', Statement: statements });

/**
 * The key policy of a cross-account key test's KMS key: its own account may do anything with it,
 * and `partner` may make `actions` through the services `via` (kms:ViaService in us-east-1), under
 * the `extra` conditions too.
 */
export function partnerKeyPolicy(
  account: string,
  partner: string,
  actions: string | string[],
  via: string[],
  extra: Record<string, unknown> = {},
) {
  return policyDocument([
    { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'kms:*', Resource: '*' },
    {
      Effect: 'Allow',
      Principal: { AWS: partner },
      Action: actions,
      Resource: '*',
      Condition: {
        StringEquals: { 'kms:ViaService': via.map((s) => `${s}.us-east-1.amazonaws.com`) },
        ...extra,
      },
    },
  ]);
}
