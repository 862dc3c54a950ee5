// ARN formats of the AWS resources iamspec models, filled from the catalog's ARN templates (the
// resource types tables of "Actions, resources, and condition keys for AWS services",
// https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html):
// one source of truth for both adapters. Also the one parser of an ARN into the resource it
// names, and the key under which a resource's own policy governs requests on ARNs beneath it
// (an S3 object under its bucket, a Lambda version under its function, a DynamoDB index under
// its table). Pure functions: no CloudFormation, no Terraform.

import { getResourceType } from '../catalog/index.js';
import { parseArn } from '../model/arns.js';
import { unknownCharsPart, unknownNamePart } from '../model/stand-ins.js';
import { accessPointOfArn } from './s3-access-points.js';

/** Where a resource lives: partition, region and account. */
export interface AwsEnvironment {
  partition: string;
  region: string;
  account: string;
}

const templates = new Map<string, string>();

/** The catalog's ARN template of `service`'s resource type `type` (first template). */
export function arnTemplate(service: string, type: string): string {
  const key = `${service}:${type}`;
  let t = templates.get(key);
  if (t === undefined) {
    const rt = getResourceType(service, type);
    t = rt?.arns[0];
    if (!t) throw new Error(`catalog has no ARN format for ${service} resource type ${type}`);
    templates.set(key, t);
  }
  return t;
}

/**
 * Fills a catalog ARN template: `${Partition}`, `${Region}` and `${Account}` from `env`, every other
 * variable from `vars` (a missing variable is a programming error and throws).
 */
export function catalogArn(
  service: string,
  type: string,
  vars: Readonly<Record<string, string>>,
  env: Partial<AwsEnvironment> & { partition: string },
): string {
  return arnTemplate(service, type).replace(/\$\{([^}]+)\}/g, (_m, name: string) => {
    const v =
      name === 'Partition'
        ? env.partition
        : name === 'Region'
          ? env.region
          : name === 'Account'
            ? env.account
            : vars[name];
    if (v === undefined) throw new Error(`ARN of ${service}:${type} needs \${${name}}`);
    return v;
  });
}

/** How many random characters Secrets Manager appends to a secret's name in its ARN (`ARN.secretOfName`). */
export const SECRET_SUFFIX_LENGTH = 6;

/**
 * The secret name in a secret's ARN (`…:secret:NAME-AbCdEf` → `NAME`): the ARN without its hyphen
 * and six characters, known or unknown (`ARN.secretOfName`); undefined when it has neither.
 */
export function secretNameOfArn(arn: string): string | undefined {
  const p = parseArn(arn);
  if (p?.service !== 'secretsmanager' || !p.resource.startsWith('secret:')) return undefined;
  const m = /^(.+)-(?:[A-Za-z0-9]{6}|\(unknown-6-chars=[^)]*\))$/.exec(p.resource.slice('secret:'.length));
  return m?.[1];
}

/**
 * The id of a KMS key the inputs create, which KMS assigns at creation (AWS KMS Developer Guide,
 * "Key identifiers (KeyId)": "Key ID: A key identifier that uniquely identifies a KMS key within
 * an account and Region", e.g. `1234abcd-12ab-34cd-56ef-1234567890ab`, 36 characters): unknown
 * before deploy, 36 unknown characters (`unknownCharsPart`) named after `hint` (the element),
 * never an invented id a policy naming a deployed key's id could be decided against.
 */
export function unknownKeyId(hint: string): string {
  return unknownCharsPart(`${hint}-key-id`, 36);
}

/** IAM paths: `/`, or `/a/b/` (leading and trailing slash). */
export function iamPath(path: string | undefined): string {
  if (!path || path === '/') return '/';
  let p = path.startsWith('/') ? path : `/${path}`;
  if (!p.endsWith('/')) p += '/';
  return p;
}

/** The ARNs of the resources iamspec models, by resource kind. */
export const ARN = {
  iam: (
    partition: string,
    account: string,
    kind: 'user' | 'group' | 'role' | 'policy' | 'instance-profile',
    name: string,
    path?: string,
  ): string => {
    const type = kind === 'instance-profile' ? 'instance-profile' : kind;
    const variable = {
      user: 'UserNameWithPath',
      group: 'GroupNameWithPath',
      role: 'RoleNameWithPath',
      policy: 'PolicyNameWithPath',
      'instance-profile': 'InstanceProfileNameWithPath',
    }[kind];
    return catalogArn(
      'iam',
      type,
      { [variable]: `${iamPath(path).slice(1)}${name}` },
      { partition, account },
    );
  },
  bucket: (partition: string, name: string): string =>
    catalogArn('s3', 'bucket', { BucketName: name }, { partition }),
  queue: (env: AwsEnvironment, name: string): string => catalogArn('sqs', 'queue', { QueueName: name }, env),
  topic: (env: AwsEnvironment, name: string): string => catalogArn('sns', 'topic', { TopicName: name }, env),
  key: (env: AwsEnvironment, keyId: string): string => catalogArn('kms', 'key', { KeyId: keyId }, env),
  alias: (env: AwsEnvironment, aliasName: string): string =>
    catalogArn('kms', 'alias', { Alias: aliasName.replace(/^alias\//, '') }, env),
  function: (env: AwsEnvironment, name: string): string =>
    catalogArn('lambda', 'function', { FunctionName: name }, env),
  layerVersion: (env: AwsEnvironment, name: string, version: string): string =>
    catalogArn('lambda', 'layerVersion', { LayerName: name, LayerVersion: version }, env),
  /** A secret's ARN: its name and the six characters Secrets Manager appends. */
  secret: (env: AwsEnvironment, nameWithSuffix: string): string =>
    catalogArn('secretsmanager', 'Secret', { SecretId: nameWithSuffix }, env),
  /**
   * The ARN a secret named `name` gets: Secrets Manager API Reference, CreateSecret, Name
   * (https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_CreateSecret.html):
   * "Secrets Manager automatically adds a hyphen and six random characters after the secret name
   * at the end of the ARN". The six are unknown before deploy: `unknownCharsPart` (exactly six
   * characters, named after `hint`, the element), never invented ones, so `secret:NAME` names no
   * secret, `secret:NAME-??????` and `secret:NAME-*` name it, `secret:NAME-Ab*` may.
   */
  secretOfName: (env: AwsEnvironment, name: string, hint: string): string =>
    ARN.secret(env, `${name}-${unknownCharsPart(`${hint}-suffix`, SECRET_SUFFIX_LENGTH)}`),
  table: (env: AwsEnvironment, name: string): string =>
    catalogArn('dynamodb', 'table', { TableName: name }, env),
  tableStream: (env: AwsEnvironment, table: string, label: string): string =>
    catalogArn('dynamodb', 'stream', { TableName: table, StreamLabel: label }, env),
  repository: (env: AwsEnvironment, name: string): string =>
    catalogArn('ecr', 'repository', { RepositoryName: name }, env),
  kinesisStream: (env: AwsEnvironment, name: string): string =>
    catalogArn('kinesis', 'stream', { StreamName: name }, env),
  vpcEndpoint: (env: AwsEnvironment, id: string): string =>
    catalogArn('ec2', 'vpc-endpoint', { VpcEndpointId: id }, env),
  opensearchDomain: (env: AwsEnvironment, name: string): string =>
    catalogArn('es', 'domain', { DomainName: name }, env),
  opensearchCollection: (env: AwsEnvironment, id: string): string =>
    catalogArn('aoss', 'collection', { CollectionId: id }, env),
  eventBus: (env: AwsEnvironment, name: string): string =>
    catalogArn('events', 'event-bus', { EventBusName: name }, env),
  eventRule: (env: AwsEnvironment, busName: string | undefined, name: string): string =>
    busName === undefined || busName === 'default'
      ? catalogArn('events', 'rule-on-default-event-bus', { RuleName: name }, env)
      : catalogArn('events', 'rule-on-custom-event-bus', { EventBusName: busName, RuleName: name }, env),
  backupVault: (env: AwsEnvironment, name: string): string =>
    catalogArn('backup', 'backupVault', { BackupVaultName: name }, env),
  efsFileSystem: (env: AwsEnvironment, id: string): string =>
    catalogArn('elasticfilesystem', 'file-system', { FileSystemId: id }, env),
  /** The Data Catalog of an account and Region: what a Glue resource policy is attached to. */
  glueCatalog: (env: AwsEnvironment): string => catalogArn('glue', 'rootcatalog', {}, env),
  /**
   * A REST API as API Gateway resource policies name it: the `execute-api` ARN of the API without
   * its stage, method and path (`arn:aws:execute-api:us-east-1:111122223333:a1b2c3`). The catalog's
   * template continues with `/${Stage}/${Method}/${ApiSpecificResourcePath}`.
   */
  restApi: (env: AwsEnvironment, apiId: string): string =>
    catalogArn(
      'execute-api',
      'execute-api-general',
      { ApiId: apiId, Stage: '', Method: '', ApiSpecificResourcePath: '' },
      env,
    ).replace(/\/+$/, ''),
  /**
   * An HTTP or WebSocket API (API Gateway v2) as API Gateway's own management actions name it:
   * API Gateway Developer Guide, "API Gateway Amazon Resource Name (ARN) reference": Api
   * `arn:partition:apigateway:region::/apis/api-id` (no account). Its execution ARN, what
   * `aws:SourceArn` holds when it invokes a Lambda function, is `ARN.restApi`'s form.
   */
  /** A REST API as API Gateway's management actions name it: `arn:partition:apigateway:region::/restapis/api-id`. */
  restApiManagement: (env: AwsEnvironment, apiId: string): string =>
    catalogArn('apigateway', 'RestApi', { RestApiId: apiId }, env),
  httpApi: (env: AwsEnvironment, apiId: string): string =>
    catalogArn('apigateway', 'Api', { ApiId: apiId }, env),
  logGroup: (env: AwsEnvironment, name: string): string =>
    catalogArn('logs', 'log-group', { LogGroupName: name }, env),
  logsDestination: (env: AwsEnvironment, name: string): string =>
    catalogArn('logs', 'destination', { DestinationName: name }, env),
  sesIdentity: (env: AwsEnvironment, name: string): string =>
    catalogArn('ses', 'identity', { IdentityName: name }, env),
  stateMachine: (env: AwsEnvironment, name: string): string =>
    catalogArn('states', 'stateMachine', { StateMachineName: name }, env),
  ssmParameter: (env: AwsEnvironment, name: string): string =>
    catalogArn('ssm', 'parameter', { ParameterNameWithoutLeadingSlash: name.replace(/^\//, '') }, env),
  /** A CloudWatch alarm: `arn:${Partition}:cloudwatch:${Region}:${Account}:alarm:${AlarmName}`. */
  alarm: (env: AwsEnvironment, name: string): string =>
    catalogArn('cloudwatch', 'alarm', { AlarmName: name }, env),
  deliveryStream: (env: AwsEnvironment, name: string): string =>
    catalogArn('firehose', 'deliverystream', { DeliveryStreamName: name }, env),
  codecommitRepository: (env: AwsEnvironment, name: string): string =>
    catalogArn('codecommit', 'repository', { RepositoryName: name }, env),
  /** A target group: its name, then the id Elastic Load Balancing assigns. */
  targetGroup: (env: AwsEnvironment, name: string, id: string): string =>
    catalogArn('elasticloadbalancing', 'targetgroup', { TargetGroupName: name, TargetGroupId: id }, env),
  userPool: (env: AwsEnvironment, id: string): string =>
    catalogArn('cognito-idp', 'userpool', { UserPoolId: id }, env),
  codebuildProject: (env: AwsEnvironment, name: string): string =>
    catalogArn('codebuild', 'project', { ProjectName: name }, env),
  /**
   * An AWS Config rule: `arn:${Partition}:config:${Region}:${Account}:config-rule/${ConfigRuleId}`,
   * its id assigned by Config (AWS Config API Reference, ConfigRule, ConfigRuleId: "The ID of the
   * Config rule."), not its name.
   */
  configRule: (env: AwsEnvironment, id: string): string =>
    catalogArn('config', 'configrule', { ConfigRuleId: id }, env),
  /** An AWS IoT topic rule: `arn:${Partition}:iot:${Region}:${Account}:rule/${RuleName}`. */
  iotRule: (env: AwsEnvironment, name: string): string => catalogArn('iot', 'rule', { RuleName: name }, env),
  /**
   * A CloudTrail trail, in its home Region: IAM Access Analyzer API Reference, Trail,
   * cloudTrailArn: "The format of a trail ARN is arn:aws:cloudtrail:us-east-2:123456789012:trail/MyTrail."
   */
  trail: (env: AwsEnvironment, name: string): string =>
    catalogArn('cloudtrail', 'trail', { TrailName: name }, env),
  /**
   * A CloudFront distribution (global: no Region): Amazon CloudFront API Reference,
   * DistributionSummary, ARN: "The ARN (Amazon Resource Name) for the distribution. For example:
   * arn:aws:cloudfront::123456789012:distribution/EDFDVBD632BHDS5, where 123456789012 is your
   * Amazon Web Services account ID." The id is assigned by CloudFront (an unknown part before
   * deploy); the account is the one the distribution is created in.
   */
  distribution: (partition: string, account: string, id: string): string =>
    catalogArn('cloudfront', 'distribution', { DistributionId: id }, { partition, account }),
} as const;

// One ARN parser for the whole project (src/model/arns.ts), re-exported for src/aws users.
export { type ParsedArn, parseArn } from '../model/arns.js';

/**
 * ARN patterns (`*` any run of characters) of the resources a resource's own policy may govern
 * although their ARN does not name it, so that `policyHolderKey` cannot find it: the recovery
 * points of a Backup vault. "With AWS Backup, you can assign policies to backup vaults and the
 * resources they contain" (AWS Backup Developer Guide, "Vault access policies",
 * https://docs.aws.amazon.com/aws-backup/latest/devguide/create-a-vault-access-policy.html), and a
 * recovery point's ARN names no vault: `arn:aws:backup:REGION:ACCOUNT:recovery-point:ID`, or the
 * snapshot's own ARN for EBS and EC2 (`arn:aws:ec2:REGION::snapshot/ID`, `image/ID`), RDS and
 * Aurora (`arn:aws:rds:REGION:ACCOUNT:snapshot:awsbackup:ID`, `cluster-snapshot:awsbackup:ID`) and
 * DynamoDB (`arn:aws:dynamodb:REGION:ACCOUNT:table/NAME/backup/ID`) (AWS Backup Developer Guide,
 * "AWS Backup resource ARNs"). A recovery point of the vault's Region and account may be in it or
 * in another vault: the engine decides such a request with the vault's policy as maybe applying.
 * Empty for other resources.
 */
export function containedResourcePatterns(arn: string): string[] {
  // the service field is `backup`: no ARN without `:backup:` is a vault's (the engine asks of every resource)
  if (!arn.includes(':backup:')) return [];
  const p = parseArn(arn);
  if (p?.service !== 'backup' || !p.resource.startsWith('backup-vault:')) return [];
  const at = (service: string, account: string, resource: string) =>
    `arn:${p.partition}:${service}:${p.region}:${account}:${resource}`;
  return [
    at('backup', p.account, 'recovery-point:*'),
    at('ec2', '*', 'snapshot/*'),
    at('ec2', '*', 'image/*'),
    at('rds', p.account, 'snapshot:awsbackup:*'),
    at('rds', p.account, 'cluster-snapshot:awsbackup:*'),
    at('dynamodb', p.account, 'table/*/backup/*'),
  ];
}

/**
 * The ARN of a Kinesis enhanced fan-out consumer of the stream `streamArn` (Service Authorization
 * Reference, resource type `consumer`:
 * `arn:${Partition}:kinesis:${Region}:${Account}:${StreamType}/${StreamName}/consumer/${ConsumerName}:${ConsumerCreationTimpstamp}`),
 * `creationTimestamp` the time Kinesis registers it (Kinesis Data Streams API Reference, Consumer,
 * ConsumerARN: "When you register a consumer, Kinesis Data Streams generates an ARN for it." and
 * "consumer ARNs contain the creation timestamp"): an unknown part before deployment
 * (`consumerCreationTimestamp`). Read back by `streamOfConsumer`.
 */
export function kinesisConsumerArn(streamArn: string, name: string, creationTimestamp: string): string {
  return `${streamArn}/consumer/${name}:${creationTimestamp}`;
}

/** The creation timestamp in the ARN of a consumer the inputs register (an unknown part named after `hint`). */
export function consumerCreationTimestamp(hint: string): string {
  return unknownNamePart(`${hint}-consumer-creation-timestamp`);
}

/**
 * The stream ARN of a Kinesis enhanced fan-out consumer ARN
 * (`arn:PARTITION:kinesis:REGION:ACCOUNT:stream/NAME/consumer/CONSUMER:TIMESTAMP`, Service
 * Authorization Reference, resource type `consumer`); undefined for any other ARN. A consumer has
 * its own resource-based policy, not its stream's.
 */
export function streamOfConsumer(arn: string): string | undefined {
  const at = arn.indexOf('/consumer/');
  if (at < 0) return undefined;
  const stream = arn.slice(0, at);
  return /^arn:[^:]+:kinesis:[^:]*:[^:]*:stream\/[^/]+$/.test(stream) ? stream : undefined;
}

/**
 * The key of the resource whose own policy governs a request on `arn`: an S3 object's bucket (a
 * bucket policy covers its objects), an S3 access point for `…/accesspoint/NAME/object/KEY`, a Lambda function for a version or alias (the function
 * policy), a DynamoDB table for its indexes ("You can control index permissions using the base
 * table's policy", DynamoDB PutResourcePolicy), a DynamoDB stream without its label, a REST API
 * for `execute-api` ARNs of its stages, methods and paths, the Data Catalog of an account and
 * Region for Glue databases, tables and functions (a Glue resource policy is the catalog's). Other
 * ARNs are their own key.
 */
export function policyHolderKey(arn: string): string {
  const p = parseArn(arn);
  if (!p) return arn;
  const head = `arn:${p.partition}:${p.service}:${p.region}:${p.account}:`;
  const r = p.resource;
  switch (p.service) {
    case 's3': {
      const slash = r.indexOf('/');
      if (p.account === '' && p.region === '' && slash > 0) return head + r.slice(0, slash);
      // An access point's objects: its policy (src/aws/s3-access-points.ts).
      return accessPointOfArn(arn)?.accessPoint ?? arn;
    }
    case 'lambda': {
      const m = /^function:([^:]+)(?::.*)?$/.exec(r);
      return m ? `${head}function:${m[1]}` : arn;
    }
    case 'dynamodb': {
      const m = /^table\/([^/]+)(\/stream\/.*|\/index\/.*)?$/.exec(r);
      if (!m) return arn;
      return m[2]?.startsWith('/stream/') ? `${head}table/${m[1]}/stream` : `${head}table/${m[1]}`;
    }
    case 'execute-api': {
      const slash = r.indexOf('/');
      return slash > 0 ? head + r.slice(0, slash) : arn;
    }
    case 'es':
    case 'aoss': {
      // An OpenSearch domain's access policy covers its indexes and paths: `domain/NAME/…`.
      const m = /^(domain|collection)\/([^/]+)\/.+$/.exec(r);
      return m ? `${head}${m[1]}/${m[2]}` : arn;
    }
    case 'glue':
      return /^(catalog|database|table|userDefinedFunction)(\/|$)/.test(r) ? `${head}catalog` : arn;
    default:
      return arn;
  }
}
