// The one description of each AWS resource-based policy iamspec knows, shared by both adapters:
// which resource type holds it, which CloudFormation property or Terraform attribute carries it
// (on the resource itself, or on a separate policy resource that names its target), the
// resource's ARN format, and whether the policy must allow (as a KMS key policy must) or, like
// most, is one of the policies that may allow. Handlers are generated from these entries or,
// for the resources with their own semantics (S3, SQS, SNS, KMS, Lambda, Secrets Manager), are
// dedicated but use the same entries. A resource type that carries a policy and has no entry
// here is not modelled: the adapters keep it with an unknown policy (see `keepUnmodelledPolicy`
// in each adapter's `handlers/resources.ts`).

import { unknownNamePart } from '../model/stand-ins.js';
import type { ResourceKind } from '../model/types.js';
import type { PolicyDocument } from '../policy/types.js';
import { expandExecuteApiShorthand } from './apigateway.js';
import { ARN, type AwsEnvironment, parseArn, streamOfConsumer } from './arn-formats.js';
import { defaultFileSystemPolicy } from './efs.js';
import { DEFAULT_EVENT_BUS } from './events.js';

/** How a separate policy resource names the resource its policy is for. */
export type TargetForm = 'arn' | 'name' | 'arn-or-name';

export interface CfnPolicyCarrier {
  /** The CloudFormation resource type. */
  type: string;
  /** Property path of the policy document (under `Properties`). */
  policy: readonly string[];
  /**
   * For a separate policy resource: the property naming the target, and how; `whenUnset`, the
   * target when the property is not given (an event bus policy's default event bus).
   */
  target?: { property: string; form: TargetForm; whenUnset?: string };
  /** Whether the document replaces the resource's policy (default) or adds its statements. */
  adds?: boolean;
}

export interface TfPolicyCarrier {
  /** The Terraform resource type of the AWS provider. */
  type: string;
  /** Attribute holding the policy JSON. */
  policy: string;
  /**
   * For a separate policy resource: the attribute naming the target, and how; `whenUnset`, the
   * target when the attribute is not set (an event bus policy's default event bus).
   */
  target?: { attribute: string; form: TargetForm; whenUnset?: string };
  adds?: boolean;
}

export interface ResourcePolicyDescription {
  kind: ResourceKind;
  /** What the resource is, for messages (`DynamoDB table`). */
  what: string;
  /** What AWS calls the policy (`resource-based policy`, `key policy`, `access policy`). */
  policyName: string;
  /** The AWS page that documents the policy. */
  page: string;
  /**
   * Whether the policy must allow for any principal, its own account's included, as a KMS key
   * policy must ("No AWS principal ... has any permissions to a KMS key unless that permission is
   * explicitly allowed in a key policy", AWS KMS Developer Guide, "Key policies in AWS KMS").
   */
  mustAllow: boolean;
  /**
   * The policy only narrows requests made through the resource (a VPC endpoint policy) and is not
   * a policy of the resources those requests target: kept for review, never used as the
   * endpoint's resource policy.
   */
  narrowsOnly?: boolean;
  /**
   * Why a policy resource of the inputs may set the policy of a resource of this kind in another
   * account (its target is a URL or ARN that names the account: a queue URL, a topic ARN, a
   * function, secret or file system ARN), from the AWS documentation: when the target is unknown,
   * its account is unknown too (`ModelBuilder.attachToUnknownResource` `anyAccount`). Unset: the
   * policy is written by the resource's own account only (a bucket policy: "belong to the bucket
   * owner's account"; a key policy: PutKeyPolicy "Cross-account use: No"; the quotes of each kind
   * left unset are in test/unknown-target-kinds.test.ts).
   */
  targetMayBeElsewhere?: string;
  /** The ARN of a resource of this kind from its name (or id). */
  arn(env: AwsEnvironment, name: string): string;
  /** Resource types that create the resource: CloudFormation (naming property) and Terraform (naming attribute). */
  cfnResource?: { type: string; nameProperty?: string };
  tfResource?: {
    type: string;
    nameAttribute: string;
    /**
     * The attribute holding the ARN `arn` above builds, when it is not `arn` (a REST API's `arn` is
     * its management ARN `arn:PARTITION:apigateway:REGION::/restapis/ID`; its policy is on its
     * `execution_arn`).
     */
    arnAttribute?: string;
  };
  /** Where the policy is written. */
  cfn: readonly CfnPolicyCarrier[];
  tf: readonly TfPolicyCarrier[];
  /** Handled by a dedicated handler of each adapter (its own semantics), not the generic one. */
  dedicated?: boolean;
  /**
   * The policy AWS applies to a resource of this kind while none is set (EFS's default file system
   * policy, src/aws/efs.ts), as a document for the resource `arn`; the handlers of both adapters
   * set it on a resource created without a policy, and a policy written for it replaces it.
   */
  defaultPolicy?: { document: (arn: string) => Record<string, unknown>; what: string };
  /** What the service does to a policy it stores (API Gateway expands `execute-api:/…`). */
  stored?: (doc: PolicyDocument, resourceArn: string) => PolicyDocument;
}

const page = {
  dynamodb:
    'https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/access-control-resource-based.html',
  ecr: 'https://docs.aws.amazon.com/AmazonECR/latest/userguide/repository-policies.html',
  kinesis: 'https://docs.aws.amazon.com/streams/latest/dev/controlling-access.html',
  vpce: 'https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html',
  opensearch: 'https://docs.aws.amazon.com/opensearch-service/latest/developerguide/ac.html',
  events: 'https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-bus-perms.html',
  backup: 'https://docs.aws.amazon.com/aws-backup/latest/devguide/create-a-vault-access-policy.html',
  efs: 'https://docs.aws.amazon.com/efs/latest/ug/iam-access-control-nfs-efs.html',
  glue: 'https://docs.aws.amazon.com/glue/latest/dg/glue-resource-policies.html',
  apigateway:
    'https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-resource-policies.html',
  layer: 'https://docs.aws.amazon.com/lambda/latest/dg/permissions-layer-cross-account.html',
  s3: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-policies.html',
  sqs: 'https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-using-identity-based-policies.html',
  sns: 'https://docs.aws.amazon.com/sns/latest/dg/sns-access-policy-use-cases.html',
  kms: 'https://docs.aws.amazon.com/kms/latest/developerguide/key-policies.html',
  lambda: 'https://docs.aws.amazon.com/lambda/latest/dg/access-control-resource-based.html',
  secrets:
    'https://docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access_resource-policies.html',
  logsDestination:
    'https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutDestinationPolicy.html',
  ses: 'https://docs.aws.amazon.com/ses/latest/dg/identity-authorization-policies-creating.html',
};

/** Every resource policy iamspec models, one entry per kind of resource that holds one. */
export const RESOURCE_POLICIES: readonly ResourcePolicyDescription[] = [
  {
    kind: 's3-bucket',
    what: 'S3 bucket',
    policyName: 'bucket policy',
    page: page.s3,
    mustAllow: false,
    arn: (env, name) => ARN.bucket(env.partition, name),
    cfnResource: { type: 'AWS::S3::Bucket', nameProperty: 'BucketName' },
    tfResource: { type: 'aws_s3_bucket', nameAttribute: 'bucket' },
    cfn: [
      {
        type: 'AWS::S3::BucketPolicy',
        policy: ['PolicyDocument'],
        target: { property: 'Bucket', form: 'arn-or-name' },
      },
    ],
    tf: [
      { type: 'aws_s3_bucket', policy: 'policy' },
      {
        type: 'aws_s3_bucket_policy',
        policy: 'policy',
        target: { attribute: 'bucket', form: 'arn-or-name' },
      },
    ],
    dedicated: true,
  },
  {
    kind: 'sqs-queue',
    what: 'SQS queue',
    policyName: 'queue policy',
    page: page.sqs,
    mustAllow: false,
    // Not `targetMayBeElsewhere`: only the queue's own account sets its policy. "Cross-account
    // permissions don't apply to the following actions: AddPermission, ... SetQueueAttributes"
    // (Amazon SQS Developer Guide, "Limitations of Amazon SQS custom policies"); "Only you, the
    // owner of the queue, can grant or deny permissions to the queue" (SQS API Reference,
    // AddPermission). A URL whose known head names an account still pins it (`targetAccountOf`).
    arn: ARN.queue,
    cfnResource: { type: 'AWS::SQS::Queue', nameProperty: 'QueueName' },
    tfResource: { type: 'aws_sqs_queue', nameAttribute: 'name' },
    cfn: [
      {
        type: 'AWS::SQS::QueuePolicy',
        policy: ['PolicyDocument'],
        target: { property: 'Queues', form: 'name' },
      },
      {
        type: 'AWS::SQS::QueueInlinePolicy',
        policy: ['PolicyDocument'],
        target: { property: 'Queue', form: 'name' },
      },
    ],
    tf: [
      { type: 'aws_sqs_queue', policy: 'policy' },
      { type: 'aws_sqs_queue_policy', policy: 'policy', target: { attribute: 'queue_url', form: 'name' } },
    ],
    dedicated: true,
  },
  {
    kind: 'sns-topic',
    what: 'SNS topic',
    policyName: 'topic policy',
    page: page.sns,
    mustAllow: false,
    targetMayBeElsewhere:
      "a topic ARN names the topic's account (arn:aws:sns:REGION:ACCOUNT:NAME): 'TopicArn: The ARN of the topic whose access control policy you wish to modify.' (Amazon SNS API Reference, AddPermission)",
    arn: ARN.topic,
    cfnResource: { type: 'AWS::SNS::Topic', nameProperty: 'TopicName' },
    tfResource: { type: 'aws_sns_topic', nameAttribute: 'name' },
    cfn: [
      {
        type: 'AWS::SNS::TopicPolicy',
        policy: ['PolicyDocument'],
        target: { property: 'Topics', form: 'arn' },
      },
      {
        type: 'AWS::SNS::TopicInlinePolicy',
        policy: ['PolicyDocument'],
        target: { property: 'TopicArn', form: 'arn' },
      },
    ],
    tf: [
      { type: 'aws_sns_topic', policy: 'policy' },
      { type: 'aws_sns_topic_policy', policy: 'policy', target: { attribute: 'arn', form: 'arn' } },
    ],
    dedicated: true,
  },
  {
    kind: 'kms-key',
    what: 'KMS key',
    policyName: 'key policy',
    page: page.kms,
    mustAllow: true,
    arn: ARN.key,
    cfnResource: { type: 'AWS::KMS::Key' },
    tfResource: { type: 'aws_kms_key', nameAttribute: 'key_id' },
    cfn: [
      { type: 'AWS::KMS::Key', policy: ['KeyPolicy'] },
      { type: 'AWS::KMS::ReplicaKey', policy: ['KeyPolicy'] },
    ],
    tf: [
      { type: 'aws_kms_key', policy: 'policy' },
      { type: 'aws_kms_replica_key', policy: 'policy' },
      { type: 'aws_kms_external_key', policy: 'policy' },
      { type: 'aws_kms_replica_external_key', policy: 'policy' },
      { type: 'aws_kms_key_policy', policy: 'policy', target: { attribute: 'key_id', form: 'arn-or-name' } },
    ],
    dedicated: true,
  },
  {
    kind: 'lambda-function',
    what: 'Lambda function',
    policyName: 'function policy',
    page: page.lambda,
    mustAllow: false,
    targetMayBeElsewhere:
      "AddPermission's FunctionName may be a 'Function ARN – arn:aws:lambda:us-west-2:123456789012:function:my-function' or a 'Partial ARN – 123456789012:function:my-function' (Lambda API Reference, AddPermission)",
    arn: ARN.function,
    cfnResource: { type: 'AWS::Lambda::Function', nameProperty: 'FunctionName' },
    tfResource: { type: 'aws_lambda_function', nameAttribute: 'function_name' },
    cfn: [
      {
        type: 'AWS::Lambda::Permission',
        policy: [],
        target: { property: 'FunctionName', form: 'arn-or-name' },
        adds: true,
      },
    ],
    tf: [
      {
        type: 'aws_lambda_permission',
        policy: '',
        target: { attribute: 'function_name', form: 'arn-or-name' },
        adds: true,
      },
    ],
    dedicated: true,
  },
  {
    kind: 'secretsmanager-secret',
    what: 'Secrets Manager secret',
    policyName: 'resource policy',
    page: page.secrets,
    mustAllow: false,
    targetMayBeElsewhere:
      "PutResourcePolicy's SecretId is 'The ARN or name of the secret to attach the resource-based policy.' (Secrets Manager API Reference, PutResourcePolicy), and 'Cross-account permission is effective only for the following operations: ... PutResourcePolicy ...' (Secrets Manager User Guide, 'Access AWS Secrets Manager secrets from a different account')",
    arn: ARN.secret,
    cfnResource: { type: 'AWS::SecretsManager::Secret', nameProperty: 'Name' },
    tfResource: { type: 'aws_secretsmanager_secret', nameAttribute: 'name' },
    cfn: [
      {
        type: 'AWS::SecretsManager::ResourcePolicy',
        policy: ['ResourcePolicy'],
        target: { property: 'SecretId', form: 'arn-or-name' },
      },
    ],
    tf: [
      { type: 'aws_secretsmanager_secret', policy: 'policy' },
      {
        type: 'aws_secretsmanager_secret_policy',
        policy: 'policy',
        target: { attribute: 'secret_arn', form: 'arn' },
      },
    ],
    dedicated: true,
  },
  {
    kind: 'dynamodb-table',
    what: 'DynamoDB table',
    policyName: 'resource-based policy',
    page: page.dynamodb,
    mustAllow: false,
    arn: ARN.table,
    cfnResource: { type: 'AWS::DynamoDB::Table', nameProperty: 'TableName' },
    tfResource: { type: 'aws_dynamodb_table', nameAttribute: 'name' },
    cfn: [{ type: 'AWS::DynamoDB::Table', policy: ['ResourcePolicy', 'PolicyDocument'] }],
    tf: [
      {
        type: 'aws_dynamodb_resource_policy',
        policy: 'policy',
        target: { attribute: 'resource_arn', form: 'arn' },
      },
    ],
  },
  {
    kind: 'dynamodb-stream',
    what: 'DynamoDB stream',
    policyName: 'resource-based policy',
    page: page.dynamodb,
    mustAllow: false,
    arn: (env, table) => ARN.tableStream(env, table, STREAM_LABEL),
    cfn: [
      { type: 'AWS::DynamoDB::Table', policy: ['StreamSpecification', 'ResourcePolicy', 'PolicyDocument'] },
    ],
    tf: [
      {
        type: 'aws_dynamodb_resource_policy',
        policy: 'policy',
        target: { attribute: 'resource_arn', form: 'arn' },
      },
    ],
  },
  {
    kind: 'ecr-repository',
    what: 'ECR repository',
    policyName: 'repository policy',
    page: page.ecr,
    mustAllow: false,
    arn: ARN.repository,
    cfnResource: { type: 'AWS::ECR::Repository', nameProperty: 'RepositoryName' },
    tfResource: { type: 'aws_ecr_repository', nameAttribute: 'name' },
    cfn: [{ type: 'AWS::ECR::Repository', policy: ['RepositoryPolicyText'] }],
    tf: [
      {
        type: 'aws_ecr_repository_policy',
        policy: 'policy',
        target: { attribute: 'repository', form: 'arn-or-name' },
      },
    ],
  },
  {
    kind: 'kinesis-stream',
    what: 'Kinesis data stream',
    policyName: 'resource-based policy',
    page: page.kinesis,
    mustAllow: false,
    arn: ARN.kinesisStream,
    cfnResource: { type: 'AWS::Kinesis::Stream', nameProperty: 'Name' },
    tfResource: { type: 'aws_kinesis_stream', nameAttribute: 'name' },
    cfn: [
      {
        type: 'AWS::Kinesis::ResourcePolicy',
        policy: ['ResourcePolicy'],
        target: { property: 'ResourceArn', form: 'arn' },
      },
    ],
    tf: [
      {
        type: 'aws_kinesis_resource_policy',
        policy: 'policy',
        target: { attribute: 'resource_arn', form: 'arn' },
      },
    ],
  },
  {
    kind: 'vpc-endpoint',
    what: 'VPC endpoint',
    policyName: 'endpoint policy',
    page: page.vpce,
    mustAllow: false,
    narrowsOnly: true,
    arn: ARN.vpcEndpoint,
    cfnResource: { type: 'AWS::EC2::VPCEndpoint' },
    tfResource: { type: 'aws_vpc_endpoint', nameAttribute: 'id' },
    cfn: [{ type: 'AWS::EC2::VPCEndpoint', policy: ['PolicyDocument'] }],
    tf: [
      { type: 'aws_vpc_endpoint', policy: 'policy' },
      {
        type: 'aws_vpc_endpoint_policy',
        policy: 'policy',
        target: { attribute: 'vpc_endpoint_id', form: 'name' },
      },
    ],
  },
  {
    kind: 'opensearch-domain',
    what: 'OpenSearch Service domain',
    policyName: 'access policy',
    page: page.opensearch,
    mustAllow: false,
    arn: ARN.opensearchDomain,
    cfnResource: { type: 'AWS::OpenSearchService::Domain', nameProperty: 'DomainName' },
    tfResource: { type: 'aws_opensearch_domain', nameAttribute: 'domain_name' },
    cfn: [
      { type: 'AWS::OpenSearchService::Domain', policy: ['AccessPolicies'] },
      { type: 'AWS::Elasticsearch::Domain', policy: ['AccessPolicies'] },
    ],
    tf: [
      { type: 'aws_opensearch_domain', policy: 'access_policies' },
      { type: 'aws_elasticsearch_domain', policy: 'access_policies' },
      {
        type: 'aws_opensearch_domain_policy',
        policy: 'access_policies',
        target: { attribute: 'domain_name', form: 'name' },
      },
      {
        type: 'aws_elasticsearch_domain_policy',
        policy: 'access_policies',
        target: { attribute: 'domain_name', form: 'name' },
      },
    ],
  },
  {
    kind: 'events-bus',
    what: 'EventBridge event bus',
    policyName: 'event bus policy',
    page: page.events,
    mustAllow: false,
    arn: ARN.eventBus,
    cfnResource: { type: 'AWS::Events::EventBus', nameProperty: 'Name' },
    tfResource: { type: 'aws_cloudwatch_event_bus', nameAttribute: 'name' },
    cfn: [
      { type: 'AWS::Events::EventBus', policy: ['Policy'] },
      {
        type: 'AWS::Events::EventBusPolicy',
        policy: ['Statement'],
        target: { property: 'EventBusName', form: 'arn-or-name', whenUnset: DEFAULT_EVENT_BUS },
        adds: true,
      },
    ],
    tf: [
      {
        type: 'aws_cloudwatch_event_bus_policy',
        policy: 'policy',
        target: { attribute: 'event_bus_name', form: 'arn-or-name', whenUnset: DEFAULT_EVENT_BUS },
      },
      {
        type: 'aws_cloudwatch_event_permission',
        policy: '',
        target: { attribute: 'event_bus_name', form: 'arn-or-name', whenUnset: DEFAULT_EVENT_BUS },
        adds: true,
      },
    ],
  },
  {
    kind: 'backup-vault',
    what: 'Backup vault',
    policyName: 'access policy',
    page: page.backup,
    mustAllow: false,
    arn: ARN.backupVault,
    cfnResource: { type: 'AWS::Backup::BackupVault', nameProperty: 'BackupVaultName' },
    tfResource: { type: 'aws_backup_vault', nameAttribute: 'name' },
    cfn: [{ type: 'AWS::Backup::BackupVault', policy: ['AccessPolicy'] }],
    tf: [
      {
        type: 'aws_backup_vault_policy',
        policy: 'policy',
        target: { attribute: 'backup_vault_name', form: 'name' },
      },
    ],
  },
  {
    kind: 'efs-file-system',
    what: 'EFS file system',
    policyName: 'file system policy',
    page: page.efs,
    mustAllow: false,
    targetMayBeElsewhere:
      "PutFileSystemPolicy's FileSystemId may be an ARN naming any account ('Pattern: ^(arn:aws[-a-z]*:elasticfilesystem:[0-9a-z-:]+:file-system/fs-[0-9a-f]{8,40}|fs-[0-9a-f]{8,40})$', Amazon EFS API Reference, PutFileSystemPolicy), and a file system policy may give another account 'permission to perform any API operation on the file system' (Lambda Developer Guide, 'Using an Amazon EFS file system in another AWS account')",
    arn: ARN.efsFileSystem,
    defaultPolicy: { document: defaultFileSystemPolicy, what: 'default file system policy' },
    cfnResource: { type: 'AWS::EFS::FileSystem' },
    tfResource: { type: 'aws_efs_file_system', nameAttribute: 'id' },
    cfn: [{ type: 'AWS::EFS::FileSystem', policy: ['FileSystemPolicy'] }],
    tf: [
      {
        type: 'aws_efs_file_system_policy',
        policy: 'policy',
        target: { attribute: 'file_system_id', form: 'name' },
      },
    ],
  },
  {
    kind: 'glue-catalog',
    what: 'Glue Data Catalog',
    policyName: 'resource policy',
    page: page.glue,
    mustAllow: false,
    arn: (env) => ARN.glueCatalog(env),
    cfn: [],
    tf: [{ type: 'aws_glue_resource_policy', policy: 'policy' }],
  },
  {
    // "An access policy is an IAM policy document that is used to authorize claims to register a
    // subscription filter against a given destination." (CloudWatch Logs API Reference,
    // PutDestinationPolicy): a sender account's PutSubscriptionFilter on the destination.
    kind: 'logs-destination',
    what: 'CloudWatch Logs destination',
    policyName: 'destination access policy',
    page: page.logsDestination,
    mustAllow: false,
    arn: ARN.logsDestination,
    cfnResource: { type: 'AWS::Logs::Destination', nameProperty: 'DestinationName' },
    tfResource: { type: 'aws_cloudwatch_log_destination', nameAttribute: 'name' },
    cfn: [{ type: 'AWS::Logs::Destination', policy: ['DestinationPolicy'] }],
    tf: [
      {
        type: 'aws_cloudwatch_log_destination_policy',
        policy: 'access_policy',
        target: { attribute: 'destination_name', form: 'name' },
      },
    ],
  },
  {
    // An SES identity's sending authorization policies: "An identity can have zero, one, or many
    // policies. However, a single policy can only be associated with a single identity." (SES
    // Developer Guide, "Creating an identity authorization policy"): each policy resource adds
    // its statements. CloudFormation has no resource for them (AWS::SES::EmailIdentity holds
    // none): only Terraform writes them (aws_ses_identity_policy names the identity by name or
    // ARN, aws_sesv2_email_identity_policy by name).
    kind: 'ses-identity',
    what: 'SES identity',
    policyName: 'sending authorization policy',
    page: page.ses,
    mustAllow: false,
    arn: ARN.sesIdentity,
    tfResource: { type: 'aws_ses_domain_identity', nameAttribute: 'domain' },
    cfn: [],
    tf: [
      {
        type: 'aws_ses_identity_policy',
        policy: 'policy',
        target: { attribute: 'identity', form: 'arn-or-name' },
        adds: true,
      },
      {
        type: 'aws_sesv2_email_identity_policy',
        policy: 'policy',
        target: { attribute: 'email_identity', form: 'name' },
        adds: true,
      },
    ],
  },
  {
    stored: expandExecuteApiShorthand,
    kind: 'apigateway-rest-api',
    what: 'API Gateway REST API',
    policyName: 'resource policy',
    page: page.apigateway,
    mustAllow: false,
    arn: ARN.restApi,
    cfnResource: { type: 'AWS::ApiGateway::RestApi' },
    tfResource: { type: 'aws_api_gateway_rest_api', nameAttribute: 'id', arnAttribute: 'execution_arn' },
    cfn: [{ type: 'AWS::ApiGateway::RestApi', policy: ['Policy'] }],
    tf: [
      { type: 'aws_api_gateway_rest_api', policy: 'policy' },
      {
        type: 'aws_api_gateway_rest_api_policy',
        policy: 'policy',
        target: { attribute: 'rest_api_id', form: 'name' },
      },
    ],
  },
  {
    kind: 'lambda-layer-version',
    what: 'Lambda layer version',
    policyName: 'layer version policy',
    page: page.layer,
    mustAllow: false,
    arn: (env, nameAndVersion) => {
      const [name, version] = nameAndVersion.split(':');
      return ARN.layerVersion(env, name!, version ?? LAYER_VERSION);
    },
    cfnResource: { type: 'AWS::Lambda::LayerVersion', nameProperty: 'LayerName' },
    tfResource: { type: 'aws_lambda_layer_version', nameAttribute: 'layer_name' },
    cfn: [
      {
        type: 'AWS::Lambda::LayerVersionPermission',
        policy: [],
        target: { property: 'LayerVersionArn', form: 'arn' },
        adds: true,
      },
    ],
    tf: [
      {
        type: 'aws_lambda_layer_version_permission',
        policy: '',
        target: { attribute: 'layer_name', form: 'arn-or-name' },
        adds: true,
      },
    ],
  },
];

/**
 * The label of a DynamoDB stream, assigned when the stream is created, "A timestamp, in ISO 8601
 * format, for this stream" (DynamoDB Streams API Reference, Stream, StreamLabel): an unknown part
 * (src/model/stand-ins.ts) that may hold `:` (src/model/slashed-names.ts `partMayHoldColon`), so
 * `stream/*` names the stream, `stream/2024-*` may, and a request naming a real label may be on it.
 */
export const STREAM_LABEL = unknownNamePart('stream-label');
/**
 * A layer version number, known only after publishing (Lambda API Reference,
 * PublishLayerVersion: "Creates a Lambda layer from a ZIP archive. Each time you call
 * PublishLayerVersion with the same layer name, a new version is created"): an unknown name
 * part (src/model/stand-ins.ts), so `layer:NAME:1` may name it and `layer:NAME:*` does, never a
 * literal that no policy naming a number could match.
 */
export const LAYER_VERSION = unknownNamePart('layer-version');

const byKind = new Map(RESOURCE_POLICIES.map((d) => [d.kind, d]));

export function describeResourcePolicy(kind: ResourceKind): ResourcePolicyDescription | undefined {
  return byKind.get(kind);
}

/** A policy as the service stores it for a resource of `kind` (see `ResourcePolicyDescription.stored`). */
export function storedPolicy(kind: ResourceKind, doc: PolicyDocument, resourceArn: string): PolicyDocument {
  const stored = byKind.get(kind)?.stored;
  return stored ? stored(doc, resourceArn) : doc;
}

/** Whether a resource of this kind needs its own policy to allow (a KMS key policy). */
export function policyMustAllow(kind: ResourceKind): boolean {
  return byKind.get(kind)?.mustAllow ?? false;
}

/** The entry whose CloudFormation carriers include `type`, with the carrier. */
export function cfnCarriers(
  type: string,
): { description: ResourcePolicyDescription; carrier: CfnPolicyCarrier }[] {
  const out: { description: ResourcePolicyDescription; carrier: CfnPolicyCarrier }[] = [];
  for (const d of RESOURCE_POLICIES)
    for (const c of d.cfn) if (c.type === type) out.push({ description: d, carrier: c });
  return out;
}

export function tfCarriers(
  type: string,
): { description: ResourcePolicyDescription; carrier: TfPolicyCarrier }[] {
  const out: { description: ResourcePolicyDescription; carrier: TfPolicyCarrier }[] = [];
  for (const d of RESOURCE_POLICIES)
    for (const c of d.tf) if (c.type === type) out.push({ description: d, carrier: c });
  return out;
}

/**
 * The name (or id) in an ARN of this kind, when `arn` has the kind's format: the ARN is rebuilt
 * from its own partition, Region and account and compared around the name.
 */
export function nameFromArn(d: ResourcePolicyDescription, arn: string): string | undefined {
  const p = parseArn(arn);
  if (!p) return undefined;
  // A layer version's name is `name:version`: both parts are marked.
  const marker = d.kind === 'lambda-layer-version' ? '\u0000:\u0000' : '\u0000';
  const shape = d.arn({ partition: p.partition, region: p.region, account: p.account }, marker);
  const at = shape.indexOf('\u0000');
  if (at < 0) return undefined;
  const prefix = shape.slice(0, at);
  const suffix = shape.slice(shape.lastIndexOf('\u0000') + 1);
  if (!arn.startsWith(prefix) || !arn.endsWith(suffix) || arn.length <= prefix.length + suffix.length)
    return undefined;
  const name = arn.slice(prefix.length, arn.length - suffix.length);
  // Names of these kinds never hold a slash (a DynamoDB stream or index is not its table).
  return name.includes('/') ? undefined : name;
}

/** The kind of model resource an ARN names, among the kinds described here. */
export function kindOfArn(arn: string): ResourcePolicyDescription | undefined {
  for (const d of RESOURCE_POLICIES) {
    // A Kinesis stream's consumer holds a policy of the same resource type (AWS::Kinesis::ResourcePolicy).
    if (d.kind === 'kinesis-stream' && streamOfConsumer(arn)) return d;
    if (d.kind === 'dynamodb-stream') {
      if (/^arn:[^:]+:dynamodb:[^:]*:[^:]*:table\/[^/]+\/stream\/[^/]+$/.test(arn)) return d;
      continue;
    }
    if (nameFromArn(d, arn) !== undefined) return d;
  }
  return undefined;
}

/**
 * Where a resource policy of `kind` whose target is known only in part is: the account its known
 * head (the text before the first unknown part) names, `deploying` for a target that is surely
 * in the deploying account, `'any'` for one that may be any account's (its URL or ARN names the
 * account, `targetMayBeElsewhere`, or `mayBeElsewhere` for a writer of the kind's policy whose API
 * differs from the kind's own, a KMS grant; and the head does not pin it). Pinned, for every kind
 * (a target the text places in another account is placed there, as a known target is): an ARN's
 * account field (`arn:aws:sns:us-east-1:444455556666:…`), a queue URL's path
 * (`https://sqs.…/444455556666/…`), a Lambda partial ARN (`444455556666:function:…`). A target
 * given by a name or id that is no ARN (a head that is not the start of `arn:`, nor of a Lambda
 * partial ARN's 12 digits and `:`) is the caller's account's: "Function name - my-function
 * (name-only)" (Lambda API Reference, AddPermission), a secret's name, an EFS `fs-` id, a KMS key
 * id ("To perform this operation on a KMS key in a different AWS account, specify the key ARN",
 * AWS KMS API Reference, CreateGrant). A topic is named by ARN only: a head that does not pin the
 * account leaves it any. A queue's policy is set by the queue's account only: the deploying one.
 */
export function targetAccountOf(
  kind: ResourceKind,
  head: string,
  deploying: string,
  mayBeElsewhere: string | undefined = byKind.get(kind)?.targetMayBeElsewhere,
): string {
  const arn = /^arn:[^:]*:[^:]*:[^:]*:(\d{12}):/.exec(head);
  if (arn) return arn[1]!;
  const url = /^https?:\/\/[^/]+\/(\d{12})\//.exec(head);
  if (url && kind === 'sqs-queue') return url[1]!;
  const partial = kind === 'lambda-function' ? /^(\d{12}):/.exec(head) : null;
  if (partial) return partial[1]!;
  if (!mayBeElsewhere) return deploying;
  if (kind === 'sns-topic') return 'any';
  const mayBeArn = 'arn:'.startsWith(head) || head.startsWith('arn:');
  const mayBePartial = kind === 'lambda-function' && /^\d{0,12}$/.test(head);
  return mayBeArn || mayBePartial ? 'any' : deploying;
}

/**
 * Where a resource policy of `kind` that deploy-time code may write on the resources an ARN
 * pattern names is (aws/deploy-time-changes.ts; the pattern bounds the write: a statement's
 * Resource, a call's naming parameter, aws/access-changes.ts): the account the pattern's account
 * field names when it is 12 digits (`arn:aws:lambda:*:444455556666:function:f`), else (a wildcard
 * there, or no account field, as a bucket's ARN) what `targetAccountOf` says of a target of which
 * nothing is known.
 */
export function patternAccountOf(
  kind: ResourceKind,
  pattern: string,
  deploying: string,
  mayBeElsewhere: string | undefined = byKind.get(kind)?.targetMayBeElsewhere,
): string {
  const account = pattern.split(':')[4];
  if (pattern.startsWith('arn:') && account && /^\d{12}$/.test(account)) return account;
  return targetAccountOf(kind, '', deploying, mayBeElsewhere);
}
