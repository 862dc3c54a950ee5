// Who can rewrite a resource-based policy: for each kind of resource whose policy the model
// holds, the API actions that replace it or add statements to it, and the requests a principal
// that writes it can then grant itself (the probes the escalation check tries). A principal
// allowed one of these actions on a resource can grant itself (or anyone) access to the resource
// through its policy: the resource-policy form of "rewriting one's own permissions"
// (spec `noEscalation`, spec/check-escalation.ts). Pages, AWS API references:
// - S3 PutBucketPolicy: "Applies an Amazon S3 bucket policy to an Amazon S3 bucket"
//   (https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketPolicy.html);
// - SQS SetQueueAttributes (`Policy`: "The queue's policy") and AddPermission ("Adds a permission to
//   a queue for a specific principal")
//   (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SetQueueAttributes.html);
// - SNS SetTopicAttributes (`Policy`) and AddPermission ("Adds a statement to a topic's access
//   control policy") (https://docs.aws.amazon.com/sns/latest/api/API_AddPermission.html);
// - KMS PutKeyPolicy ("Attaches a key policy to the specified KMS key") and CreateGrant ("Adds a
//   grant to a KMS key. A grant is a policy instrument that allows AWS principals to use KMS keys
//   in cryptographic operations"; only the grant operations)
//   (https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateGrant.html);
// - Lambda AddPermission ("Grants a principal permission to use a function")
//   (https://docs.aws.amazon.com/lambda/latest/api/API_AddPermission.html) and PutResourcePolicy
//   ("Adds a resource-based policy to a Lambda resource. ... This operation replaces any existing
//   policy on the Lambda resource.", API_PutResourcePolicy.html); a layer version's policy:
//   AddLayerVersionPermission ("Adds permissions to the resource-based policy of a version of an
//   Lambda layer. Use this action to grant layer usage permission to other accounts.",
//   API_AddLayerVersionPermission.html). RemovePermission, RemoveLayerVersionPermission and
//   DeleteResourcePolicy only take statements away (an Allow or a Deny): not writers here (the
//   deploy-time reading, aws/access-changes.ts, counts them as writes of every kind: Permissions
//   management). A function URL's AuthType (Create/UpdateFunctionUrlConfig) is no policy;
//   - Glue PutResourcePolicy ("Sets the Data Catalog resource policy for access control.",
//   https://docs.aws.amazon.com/glue/latest/webapi/API_PutResourcePolicy.html);
// - Secrets Manager PutResourcePolicy, DynamoDB PutResourcePolicy, ECR SetRepositoryPolicy,
//   Kinesis PutResourcePolicy, EventBridge PutPermission, Backup PutBackupVaultAccessPolicy, EFS
//   PutFileSystemPolicy, OpenSearch UpdateDomainConfig (`AccessPolicies`) and its Elasticsearch
//   API form UpdateElasticsearchDomainConfig (`AccessPolicies`: "IAM access policy as a
//   JSON-formatted string."): each sets the resource's resource-based policy.
// - API Gateway UpdateRestApiPolicy (Service Authorization Reference: "Grants permission to manage
//   resource policies for a REST API"), whose resource is the API's `apigateway` ARN
//   (`arn:aws:apigateway:REGION::/restapis/ID`, the catalog's RestApi type), not the
//   `execute-api` ARN the model keeps the API and its policy under (`writeArn`): a write is
//   decided on the former, what it grants (execute-api:Invoke) on the latter.
// Not listed: a VPC endpoint policy (ec2:ModifyVpcEndpoint) only narrows, so writing it grants no
// request by itself.
// Who may call a write is the engine's to decide: some writes only principals of the resource's
// own account can make, whatever the policies say (S3 PutBucketPolicy, SQS SetQueueAttributes /
// AddPermission, KMS PutKeyPolicy: aws/owner-account-actions.ts), so a principal of another
// account is no writer of those.

import { parseArn } from '../model/arns.js';
import type { ResourceKind } from '../model/types.js';
import { catalogArn } from './arn-formats.js';

/** A request on the resource (`resource` from its ARN and a name standing for any object). */
export interface PolicyWriterProbe {
  action: string;
  resource: (arn: string, anyName: string) => string;
}

export interface PolicyWriter {
  /** Actions that write the policy (replace it or add a statement). */
  writes: readonly string[];
  /**
   * Actions whose write grants only some actions (KMS CreateGrant: the grant operations): the
   * probes a write by such an action can give, by action.
   */
  limited?: Readonly<Record<string, readonly string[]>>;
  /** Requests the writer can then grant itself, most telling first. */
  probes: readonly PolicyWriterProbe[];
  /**
   * The ARN a write request names, from the ARN the model keeps the resource under, when the two
   * differ (an API Gateway REST API); otherwise the resource's ARN.
   */
  writeArn?: (arn: string) => string;
}

/** The ARN a write of `writer`'s policy names for the resource the model keeps under `arn`. */
export function writeArnOf(writer: PolicyWriter, arn: string): string {
  return writer.writeArn ? writer.writeArn(arn) : arn;
}

/**
 * The `apigateway` ARN of the REST API whose `execute-api` ARN is `arn`
 * (`arn:aws:execute-api:REGION:ACCOUNT:ID` → `arn:aws:apigateway:REGION::/restapis/ID`).
 */
function restApiManagementArn(arn: string): string {
  const a = parseArn(arn);
  if (!a) return arn;
  return catalogArn(
    'apigateway',
    'RestApi',
    { RestApiId: a.resource },
    {
      partition: a.partition,
      region: a.region,
    },
  );
}

const self = (arn: string) => arn;

/** The policy writers of each resource kind the model attaches policies to. */
export const POLICY_WRITERS: Readonly<Partial<Record<ResourceKind, PolicyWriter>>> = {
  's3-bucket': {
    writes: ['s3:PutBucketPolicy'],
    probes: [
      { action: 's3:GetObject', resource: (arn, name) => `${arn}/${name}` },
      { action: 's3:PutObject', resource: (arn, name) => `${arn}/${name}` },
      { action: 's3:DeleteBucket', resource: self },
    ],
  },
  'sqs-queue': {
    writes: ['sqs:SetQueueAttributes', 'sqs:AddPermission'],
    probes: [
      { action: 'sqs:ReceiveMessage', resource: self },
      { action: 'sqs:SendMessage', resource: self },
    ],
  },
  'sns-topic': {
    writes: ['sns:SetTopicAttributes', 'sns:AddPermission'],
    probes: [
      { action: 'sns:Publish', resource: self },
      { action: 'sns:Subscribe', resource: self },
    ],
  },
  'kms-key': {
    writes: ['kms:PutKeyPolicy', 'kms:CreateGrant'],
    limited: { 'kms:CreateGrant': ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'] },
    probes: [
      { action: 'kms:Decrypt', resource: self },
      { action: 'kms:Encrypt', resource: self },
      { action: 'kms:ScheduleKeyDeletion', resource: self },
    ],
  },
  'lambda-function': {
    writes: ['lambda:AddPermission', 'lambda:PutResourcePolicy'],
    probes: [{ action: 'lambda:InvokeFunction', resource: self }],
  },
  'lambda-layer-version': {
    writes: ['lambda:AddLayerVersionPermission'],
    probes: [{ action: 'lambda:GetLayerVersion', resource: self }],
  },
  'glue-catalog': {
    writes: ['glue:PutResourcePolicy'],
    probes: [{ action: 'glue:GetDatabases', resource: self }],
  },
  'secretsmanager-secret': {
    writes: ['secretsmanager:PutResourcePolicy'],
    probes: [{ action: 'secretsmanager:GetSecretValue', resource: self }],
  },
  'dynamodb-table': {
    writes: ['dynamodb:PutResourcePolicy'],
    probes: [
      { action: 'dynamodb:GetItem', resource: self },
      { action: 'dynamodb:PutItem', resource: self },
    ],
  },
  'dynamodb-stream': {
    writes: ['dynamodb:PutResourcePolicy'],
    probes: [{ action: 'dynamodb:GetRecords', resource: self }],
  },
  'ecr-repository': {
    writes: ['ecr:SetRepositoryPolicy'],
    probes: [
      { action: 'ecr:BatchGetImage', resource: self },
      { action: 'ecr:PutImage', resource: self },
    ],
  },
  'kinesis-stream': {
    writes: ['kinesis:PutResourcePolicy'],
    probes: [
      { action: 'kinesis:GetRecords', resource: self },
      { action: 'kinesis:PutRecord', resource: self },
    ],
  },
  'events-bus': {
    writes: ['events:PutPermission'],
    probes: [{ action: 'events:PutEvents', resource: self }],
  },
  'backup-vault': {
    writes: ['backup:PutBackupVaultAccessPolicy'],
    probes: [{ action: 'backup:DeleteBackupVault', resource: self }],
  },
  'efs-file-system': {
    writes: ['elasticfilesystem:PutFileSystemPolicy'],
    probes: [
      { action: 'elasticfilesystem:ClientRootAccess', resource: self },
      { action: 'elasticfilesystem:ClientWrite', resource: self },
    ],
  },
  'apigateway-rest-api': {
    writes: ['apigateway:UpdateRestApiPolicy'],
    writeArn: restApiManagementArn,
    probes: [{ action: 'execute-api:Invoke', resource: (arn, name) => `${arn}/${name}/GET/${name}` }],
  },
  'opensearch-domain': {
    writes: ['es:UpdateDomainConfig', 'es:UpdateElasticsearchDomainConfig'],
    probes: [{ action: 'es:ESHttpGet', resource: (arn, name) => `${arn}/${name}` }],
  },
};

/** Whether `action` (as the catalog spells it) writes the policy of some kind of resource. */
export function writesResourcePolicy(action: string): boolean {
  return Object.values(POLICY_WRITERS).some((w) => w.writes.includes(action));
}

/** The probes a write by `action` can give (every probe, unless the write is limited). */
export function probesOf(writer: PolicyWriter, action: string): readonly PolicyWriterProbe[] {
  const only = writer.limited?.[action];
  return only ? writer.probes.filter((p) => only.includes(p.action)) : writer.probes;
}
