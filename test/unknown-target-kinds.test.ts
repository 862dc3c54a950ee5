// Which resource-policy kinds a deployment may write on another account's resource, reviewed kind
// by kind from the API that sets the policy (after `unknown-target-account.test.ts`, which covers
// SQS, SNS and Lambda). Where the API accepts an ARN naming another account and allows the call
// across accounts, a policy whose target is unknown may be another account's
// (`ResourcePolicyDescription.targetMayBeElsewhere`, `targetAccountOf`): before, a Secrets Manager
// policy, an EFS file system policy or a KMS grant on an unknown target was spread onto the
// deploying account's resources only, so another account's secret, file system or key of the
// inputs was read as untouched by it (deny where it must be indeterminate).
//
// AWS rules pinned here (may be another account's):
// - Secrets Manager: "Cross-account permission is effective only for the following operations:
//   ... PutResourcePolicy ..." (Secrets Manager User Guide, "Access AWS Secrets Manager secrets
//   from a different account"); PutResourcePolicy SecretId: "The ARN or name of the secret to
//   attach the resource-based policy." (Secrets Manager API Reference, PutResourcePolicy).
//   https://docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access_examples_cross.html
// - EFS: PutFileSystemPolicy FileSystemId, "Pattern: ^(arn:aws[-a-z]*:elasticfilesystem:
//   [0-9a-z-:]+:file-system/fs-[0-9a-f]{8,40}|fs-[0-9a-f]{8,40})$" (Amazon EFS API Reference,
//   PutFileSystemPolicy), and a file system policy may give another account "permission to perform
//   any API operation on the file system" (Lambda Developer Guide, "Using an Amazon EFS file
//   system in another AWS account").
//   https://docs.aws.amazon.com/efs/latest/ug/API_PutFileSystemPolicy.html
// - KMS grants: "Cross-account use: Yes. To perform this operation on a KMS key in a different AWS
//   account, specify the key ARN in the value of the KeyId parameter." (AWS KMS API Reference,
//   CreateGrant).
//   https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateGrant.html
//
// AWS rules pinned here (the caller's own resource only: left in the deploying account):
// - KMS key policy: "Cross-account use: No. You cannot perform this operation on a KMS key in a
//   different AWS account." (AWS KMS API Reference, PutKeyPolicy).
// - Kinesis: "the calling identity must have the PutResourcePolicy permissions on the specified
//   Kinesis Data Streams resource and belong to the owner's account in order to use this
//   operation." (Kinesis Data Streams API Reference, PutResourcePolicy).
// - DynamoDB: "Because table administrators configure internal table settings within the same
//   account, APIs, such as UpdateTimeToLive and DisableKinesisStreamingDestination, don't support
//   cross-account access through resource-based policies." and the table's row "Resource
//   policies: PutResourcePolicy Yes No" (DynamoDB Developer Guide, "DynamoDB API operations
//   supported by resource-based policies").
// - SES: "This API is for the identity owner only." / "To successfully call this API, you must own
//   the identity." (Amazon SES API Reference, PutIdentityPolicy).
// - ECR: SetRepositoryPolicy names the repository by "repositoryName ... Pattern: (?:[a-z0-9]+
//   (?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*" and "registryId ... If you do not specify
//   a registry, the default registry is assumed." (Amazon ECR API Reference); aws_ecr_repository_policy
//   sets `repository` only (the caller's default registry), AWS::ECR::Repository holds its own.
// - EventBridge: PutPermission "permits the specified AWS account or AWS organization to put
//   events to the specified event bus. Amazon EventBridge rules in your account are triggered by
//   these events arriving to an event bus in your account."; "EventBusName: The name of the event
//   bus associated with the rule." (Amazon EventBridge API Reference, PutPermission).
// - Lambda layers: AddLayerVersionPermission accepts "The name or Amazon Resource Name (ARN) of
//   the layer", but the only action a layer version policy grants is "Action ... Pattern:
//   lambda:GetLayerVersion" (Lambda API Reference, AddLayerVersionPermission): no policy of the
//   layer's account can let another account call AddLayerVersionPermission on it.
// - Backup vaults, OpenSearch domains, API Gateway REST APIs, CloudWatch Logs destinations, VPC
//   endpoints: the API names the resource by name or id only (PutBackupVaultAccessPolicy
//   BackupVaultName, UpdateDomainConfig DomainName, UpdateRestApi restapi_id,
//   PutDestinationPolicy destinationName, ModifyVpcEndpoint VpcEndpointId): the caller's own.

import { describe, expect, it } from 'vitest';
import { loadTemplateObject } from '../src/adapters/cloudformation/index.js';
import { loadTerraformConfig } from '../src/adapters/terraform/index.js';
import { describeResourcePolicy, targetAccountOf } from '../src/aws/resource-policies.js';
import { compileModel } from '../src/engine/index.js';
import { ModelBuilder } from '../src/model/builder.js';
import { isStandInAccount } from '../src/model/stand-ins.js';
import type { Model, ResourceKind } from '../src/model/types.js';
import { accountKmsKey } from './helpers/cfn-resources.js';
import { writeTempFiles } from './helpers/temp-inputs.js';

const OURS = '111122223333';
const OTHER = '444455556666';
const PARTNER = 'arn:aws:iam::999988887777:root';

// DescribeSecret: GetSecretValue across accounts also needs a customer managed key ("you can't use
// the AWS managed key (aws/secretsmanager) for cross-account access"), which the secret has not.
const GRANT = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { AWS: PARTNER }, Action: '*', Resource: '*' }],
};

/** The other account's template: a secret, a file system, a KMS key; no policies of ours. */
const OTHER_TEMPLATE = {
  Resources: {
    Secret: { Type: 'AWS::SecretsManager::Secret', Properties: { Name: 'db' } },
    Files: { Type: 'AWS::EFS::FileSystem', Properties: {} },
    Key: accountKmsKey(OTHER),
  },
};

function withOther(load: (b: ModelBuilder) => void): Model {
  const b = new ModelBuilder();
  loadTemplateObject(OTHER_TEMPLATE, b, { account: OTHER, region: 'us-east-1', stackName: 'other' });
  load(b);
  return b.build();
}

const decide = (m: Model, action: string, resource: string) =>
  compileModel(m).decide({ principal: PARTNER, action, resource }).decision;

const otherOf = (m: Model, kind: ResourceKind) =>
  m.resources.find((r) => r.kind === kind && r.account === OTHER && !r.standIn)!;

describe('resource-policy kinds whose unknown target may be another account', () => {
  it('the facts: which kinds may be set on another account, which only on the caller', () => {
    for (const kind of ['secretsmanager-secret', 'efs-file-system'] as const)
      expect(describeResourcePolicy(kind)?.targetMayBeElsewhere, kind).toBeTruthy();
    const own: ResourceKind[] = [
      'kms-key',
      'kinesis-stream',
      'dynamodb-table',
      'dynamodb-stream',
      'ses-identity',
      'ecr-repository',
      'events-bus',
      'lambda-layer-version',
      'backup-vault',
      'opensearch-domain',
      'apigateway-rest-api',
      'logs-destination',
      'vpc-endpoint',
      'glue-catalog',
    ];
    for (const kind of own) expect(describeResourcePolicy(kind)?.targetMayBeElsewhere, kind).toBeFalsy();
  });

  it('targetAccountOf: a name or id (no ARN) is the caller’s; an ARN names its account', () => {
    const cases: [ResourceKind, string, string, string?][] = [
      ['secretsmanager-secret', '', 'any'],
      ['secretsmanager-secret', 'arn:aws:secretsmanager:us-east-1:', 'any'],
      ['secretsmanager-secret', `arn:aws:secretsmanager:us-east-1:${OTHER}:secret:`, OTHER],
      ['secretsmanager-secret', 'app/', OURS],
      ['efs-file-system', '', 'any'],
      ['efs-file-system', 'fs-', OURS],
      ['efs-file-system', `arn:aws:elasticfilesystem:us-east-1:${OTHER}:file-system/`, OTHER],
      ['kms-key', '', OURS],
      // a grant (CreateGrant) may name another account's key by its ARN
      ['kms-key', '', 'any', 'a KMS grant'],
      ['kms-key', '1234abcd-', OURS, 'a KMS grant'],
      ['kms-key', `arn:aws:kms:us-east-1:${OTHER}:key/`, OTHER, 'a KMS grant'],
    ];
    for (const [kind, head, where, elsewhere] of cases)
      expect(targetAccountOf(kind, head, OURS, elsewhere), `${kind} ${head} ${elsewhere ?? ''}`).toBe(where);
  });

  it('CloudFormation: AWS::SecretsManager::ResourcePolicy on a parameter may be another account’s secret (was deny)', () => {
    const m = withOther((b) =>
      loadTemplateObject(
        {
          Parameters: { SecretArn: { Type: 'String' } },
          Resources: {
            Policy: {
              Type: 'AWS::SecretsManager::ResourcePolicy',
              Properties: { SecretId: { Ref: 'SecretArn' }, ResourcePolicy: GRANT },
            },
          },
        },
        b,
        { account: OURS, region: 'us-east-1', stackName: 'ours' },
      ),
    );
    expect(decide(m, 'secretsmanager:DescribeSecret', otherOf(m, 'secretsmanager-secret').arn)).toBe(
      'indeterminate',
    );
    const standIn = m.resources.find((r) => r.kind === 'secretsmanager-secret' && r.standIn);
    expect(standIn && isStandInAccount(standIn.account)).toBe(true);
  });

  it('CloudFormation: a SecretId that is a name (no ARN) stays in the deploying account', () => {
    const m = withOther((b) =>
      loadTemplateObject(
        {
          Parameters: { Name: { Type: 'String' } },
          Resources: {
            Policy: {
              Type: 'AWS::SecretsManager::ResourcePolicy',
              // biome-ignore lint/suspicious/noTemplateCurlyInString: a CloudFormation Fn::Sub string
              Properties: { SecretId: { 'Fn::Sub': 'app/${Name}' }, ResourcePolicy: GRANT },
            },
          },
        },
        b,
        { account: OURS, region: 'us-east-1', stackName: 'ours' },
      ),
    );
    expect(decide(m, 'secretsmanager:DescribeSecret', otherOf(m, 'secretsmanager-secret').arn)).toBe('deny');
  });

  const tf = (main: string) =>
    withOther((b) =>
      loadTerraformConfig(writeTempFiles({ 'main.tf': main }), b, {
        account: OURS,
        region: 'us-east-1',
        env: {},
      }),
    );

  it('Terraform: aws_secretsmanager_secret_policy on a variable may be another account’s secret (was deny)', () => {
    const m = tf(`
variable "secret_arn" { type = string }
resource "aws_secretsmanager_secret_policy" "p" {
  secret_arn = var.secret_arn
  policy     = <<EOF
${JSON.stringify(GRANT)}
EOF
}
`);
    expect(decide(m, 'secretsmanager:DescribeSecret', otherOf(m, 'secretsmanager-secret').arn)).toBe(
      'indeterminate',
    );
  });

  it('Terraform: aws_efs_file_system_policy on a variable may be another account’s file system (was deny)', () => {
    const m = tf(`
variable "file_system_id" { type = string }
resource "aws_efs_file_system_policy" "p" {
  file_system_id = var.file_system_id
  policy         = <<EOF
${JSON.stringify(GRANT)}
EOF
}
`);
    expect(decide(m, 'elasticfilesystem:DeleteFileSystem', otherOf(m, 'efs-file-system').arn)).toBe(
      'indeterminate',
    );
  });

  it('Terraform: aws_kms_grant on a variable may be on another account’s key (was deny)', () => {
    const m = tf(`
variable "key_arn" { type = string }
resource "aws_kms_grant" "g" {
  key_id            = var.key_arn
  grantee_principal = "${PARTNER}"
  operations        = ["Decrypt"]
}
`);
    expect(decide(m, 'kms:Decrypt', otherOf(m, 'kms-key').arn)).toBe('indeterminate');
  });

  it('Terraform: an aws_kms_key_policy on a variable stays in the deploying account (PutKeyPolicy is not cross-account)', () => {
    const m = tf(`
variable "key_arn" { type = string }
resource "aws_kms_key_policy" "p" {
  key_id = var.key_arn
  policy = <<EOF
${JSON.stringify(GRANT)}
EOF
}
`);
    expect(decide(m, 'kms:Decrypt', otherOf(m, 'kms-key').arn)).toBe('deny');
  });
});
