// Physical identity of template resources: the name or ARN each resource type gets, and what
// `Ref` and `Fn::GetAtt` return for it, as the "Return values" section of each resource's page in
// the CloudFormation Template Reference documents
// (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-template-resource-type-ref.html).
// A name CloudFormation would generate is its certain prefix and an unknown part
// (`Stack-AppRole-(unknown-generated-1a2b3c)`, src/adapters/cloudformation/generated-names.ts);
// ids AWS assigns at creation (role ids, policy ids) are Unknown.

import { createHash } from 'node:crypto';
import {
  ARN,
  type AwsEnvironment,
  consumerCreationTimestamp,
  kinesisConsumerArn,
  unknownKeyId,
} from '../../aws/arn-formats.js';
import { identityPoolArn, newIdentityPoolId } from '../../aws/cognito-identity-pools.js';
import { eksClusterArn, eksIssuerUrl, issuerHost } from '../../aws/eks-clusters.js';
import { parseFunctionName } from '../../aws/lambda.js';
import { LAYER_VERSION } from '../../aws/resource-policies.js';
import { accessPointArn } from '../../aws/s3-access-points.js';
import { customerPermissionArn } from '../../aws/ram.js';
import {
  partlyKnownName,
  partlyKnownPath,
  standInAccountFor,
  unknownNamePart,
} from '../../model/stand-ins.js';
import { concatMaybe, isPartlyKnown, Unknown } from '../../model/unknown.js';
import { generatedName } from './generated-names.js';
import { NO_VALUE, type Resolved, scalarString } from './values.js';

export interface ResourceScope {
  readonly logicalId: string;
  readonly type: string;
  readonly account: string;
  readonly region: string;
  readonly partition: string;
  readonly urlSuffix: string;
  readonly stackName: string;
  /** True when `stackName` is the name AWS will use (a cloud assembly's, or one given). */
  readonly stackNameKnown?: boolean;
  /** Evaluated property; undefined when absent or `AWS::NoValue`. */
  prop(name: string): Resolved | undefined;
  unknown(reason: string): Unknown;
}

export interface Identity {
  /** What `Ref` returns. */
  ref: Resolved;
  /** What `Fn::GetAtt` returns; undefined for an attribute the type does not have (or not modelled). */
  attribute(name: string): Resolved | undefined;
  /** Physical name used in the model (with unknown name parts when generated or unresolved). */
  name?: string;
  arn?: string;
  path?: string;
  /** Set when the naming property exists but could not be resolved. */
  nameUnresolved?: Unknown;
  /** Set when the IAM `Path` property exists but could not be resolved. */
  pathUnresolved?: Unknown;
  /** True when CloudFormation generates the name (no naming property). */
  generated?: boolean;
}

/** Stable short hash of a resource's identity (placeholder ids and suffixes). */
export function stableHash(scope: ResourceScope, length: number, alphabet = '0123456789abcdef'): string {
  const digest = createHash('sha256')
    .update(`${scope.partition}/${scope.account}/${scope.region}/${scope.stackName}/${scope.logicalId}`)
    .digest();
  let out = '';
  for (let i = 0; out.length < length; i++) out += alphabet[digest[i % digest.length]! % alphabet.length];
  return out;
}

interface NameResult {
  name: string;
  generated: boolean;
  unresolved?: Unknown;
}

/**
 * Resolves a naming property; when it is absent CloudFormation generates the name (its certain
 * prefix and an unknown part, `generatedName`), when it is unknown its known parts are kept.
 */
export function physicalName(
  scope: ResourceScope,
  property: string | undefined,
  options: { lowercase?: boolean; suffix?: string } = {},
): NameResult {
  const v = property ? scope.prop(property) : undefined;
  const s = v === undefined || v === null || v === NO_VALUE ? undefined : scalarString(v);
  if (typeof s === 'string' && s !== '') return { name: s, generated: false };
  if (s instanceof Unknown) {
    // The name is unknown (its known parts kept): modelled as such, never as an invented name a
    // policy's pattern could decide a match with (src/engine/unknown-names.ts).
    const parts = isPartlyKnown(s)
      ? s.parts.map((p) => (typeof p === 'string' ? p : undefined))
      : [undefined];
    const lower = (n: string) => (options.lowercase ? n.toLowerCase().replace(/[^a-z0-9.-]/g, '-') : n);
    const known = partlyKnownName(parts, `${scope.stackName}-${scope.logicalId}`, lower);
    // a given FIFO name ends with `.fifo` itself (`!Sub '${Prefix}.fifo'`): not added twice
    const suffix = options.suffix && !known.endsWith(options.suffix) ? options.suffix : '';
    const name = known + suffix;
    return { name, generated: false, unresolved: s };
  }
  return { name: generatedName(scope, stableHash(scope, 6), options.suffix), generated: true };
}

/**
 * The IAM path of a user, group, role, instance profile or managed policy (`Path`, `/` when
 * absent). A path the template leaves unknown (`!Ref` of a parameter without a value, an import)
 * is an unknown path part with its known segments kept (`partlyKnownPath`), never `/`: a policy
 * on `role/app/*` or `ArnLike aws:PrincipalArn …:role/service-role/*` then decides the element
 * indeterminate, not a plain allow or deny.
 */
function pathProp(scope: ResourceScope): { path: string; unresolved?: Unknown } {
  const v = scope.prop('Path');
  const s = v === undefined || v === null || v === NO_VALUE ? undefined : scalarString(v);
  if (s instanceof Unknown) {
    const parts = isPartlyKnown(s)
      ? s.parts.map((p) => (typeof p === 'string' ? p : undefined))
      : [undefined];
    return { path: partlyKnownPath(parts, `${scope.stackName}-${scope.logicalId}-path`), unresolved: s };
  }
  if (typeof s !== 'string' || s === '' || s === '/') return { path: '/' };
  let p = s.startsWith('/') ? s : `/${s}`;
  if (!p.endsWith('/')) p += '/';
  return { path: p };
}

function attrs(table: Record<string, () => Resolved>): (name: string) => Resolved | undefined {
  return (name) => table[name]?.();
}

/**
 * The ARN of a version or alias: its `FunctionName` (a name, a partial ARN or an ARN:
 * `parseFunctionName`) then `:QUALIFIER`; a qualifier the inputs leave unknown makes it a partly
 * known value, the function's ARN and `:` then the unknown (src/aws/lambda.ts
 * `functionOfUnknownQualifier` reads it: one of that function's qualified ARNs). An Unknown when
 * the function is unknown or not a function name.
 */
function qualifiedFunction(
  s: ResourceScope,
  qualifier: Resolved | undefined,
  what: string,
): string | Unknown {
  const fn = s.prop('FunctionName');
  const f = fn === undefined || fn === NO_VALUE ? undefined : scalarString(fn);
  if (f instanceof Unknown) return f;
  const target = typeof f === 'string' ? parseFunctionName(f, env(s)) : undefined;
  if (!target || target.qualifier !== undefined)
    return s.unknown(`${s.type} ${s.logicalId}: FunctionName is not an unqualified function name or ARN`);
  if (qualifier instanceof Unknown) return concatMaybe([`${target.functionArn}:`, qualifier]);
  if (typeof qualifier === 'string' && qualifier !== '') return `${target.functionArn}:${qualifier}`;
  return concatMaybe([`${target.functionArn}:`, s.unknown(`${what} is not set`)]);
}

function named(
  scope: ResourceScope,
  nameProp: string | undefined,
  arnOf: (name: string) => string,
  ref: 'name' | 'arn',
  extra: Record<string, (n: string, arn: string) => Resolved> = {},
  options: { lowercase?: boolean; suffix?: string } = {},
): Identity {
  const n = physicalName(scope, nameProp, options);
  const arn = arnOf(n.name);
  const table: Record<string, () => Resolved> = { Arn: () => arn };
  for (const [k, f] of Object.entries(extra)) table[k] = () => f(n.name, arn);
  return {
    ref: ref === 'name' ? n.name : arn,
    attribute: attrs(table),
    name: n.name,
    arn,
    nameUnresolved: n.unresolved,
    generated: n.generated,
  };
}

function iamPrincipal(
  scope: ResourceScope,
  kind: 'role' | 'user' | 'group' | 'instance-profile',
  nameProp: string,
): Identity {
  const n = physicalName(scope, nameProp);
  const { path, unresolved: pathUnresolved } = pathProp(scope);
  const arn = ARN.iam(scope.partition, scope.account, kind, n.name, path);
  const table: Record<string, () => Resolved> = { Arn: () => arn };
  if (kind === 'role')
    table.RoleId = () => scope.unknown(`RoleId of ${scope.logicalId} is assigned by IAM at creation`);
  if (kind === 'user')
    table.UserId = () => scope.unknown(`UserId of ${scope.logicalId} is assigned by IAM at creation`);
  if (kind === 'group')
    table.GroupId = () => scope.unknown(`GroupId of ${scope.logicalId} is assigned by IAM at creation`);
  return {
    ref: n.name,
    attribute: attrs(table),
    name: n.name,
    arn,
    path,
    nameUnresolved: n.unresolved,
    pathUnresolved,
    generated: n.generated,
  };
}

/** A KMS key's id, which KMS assigns at creation: 36 unknown characters (`unknownKeyId`). */
function kmsKeyId(scope: ResourceScope): string {
  return unknownKeyId(`${scope.logicalId}-${stableHash(scope, 6)}`);
}

function truthy(v: Resolved | undefined): boolean {
  return v === true || v === 'true';
}

type IdentityFactory = (scope: ResourceScope) => Identity;

const env = (scope: ResourceScope): AwsEnvironment => ({
  partition: scope.partition,
  region: scope.region,
  account: scope.account,
});

/**
 * An id the service assigns at creation (`fs-…`, `vpce-…`, an API id, a distribution id): its
 * documented prefix, then an unknown part (`unknownNamePart`, any run of characters without `/`
 * or `:`), never an invented id a policy naming the deployed one could be decided against. The
 * part is the resource's own (`what`, the logical id and a hash of the stack's identity).
 */
function assignedId(scope: ResourceScope, prefix: string, what: string): string {
  return `${prefix}${unknownNamePart(`${scope.logicalId}-${what}-${stableHash(scope, 6)}`)}`;
}

/** Identity per resource type. Types not listed: Ref and GetAtt are Unknown. */
const IDENTITIES: Record<string, IdentityFactory> = {
  // IAM (AWS::IAM::Role Ref = RoleName; GetAtt Arn, RoleId) ...
  'AWS::IAM::Role': (s) => iamPrincipal(s, 'role', 'RoleName'),
  'AWS::IAM::User': (s) => iamPrincipal(s, 'user', 'UserName'),
  'AWS::IAM::Group': (s) => iamPrincipal(s, 'group', 'GroupName'),
  'AWS::IAM::InstanceProfile': (s) => iamPrincipal(s, 'instance-profile', 'InstanceProfileName'),
  // AWS::IAM::ManagedPolicy: Ref = ARN; GetAtt PolicyArn, PolicyId, DefaultVersionId...
  'AWS::IAM::ManagedPolicy': (s) => {
    const n = physicalName(s, 'ManagedPolicyName');
    const { path, unresolved: pathUnresolved } = pathProp(s);
    const arn = ARN.iam(s.partition, s.account, 'policy', n.name, path);
    return {
      ref: arn,
      attribute: attrs({
        PolicyArn: () => arn,
        PolicyId: () => s.unknown(`PolicyId of ${s.logicalId} is assigned by IAM at creation`),
        DefaultVersionId: () => 'v1',
        AttachmentCount: () => s.unknown('AttachmentCount is known only after deployment'),
        IsAttachable: () => true,
        PermissionsBoundaryUsageCount: () => s.unknown('known only after deployment'),
        CreateDate: () => s.unknown('known only after deployment'),
        UpdateDate: () => s.unknown('known only after deployment'),
      }),
      name: n.name,
      arn,
      path,
      nameUnresolved: n.unresolved,
      pathUnresolved,
      generated: n.generated,
    };
  },
  // AWS::IAM::Policy: Ref = an id CloudFormation generates.
  'AWS::IAM::Policy': (s) => ({
    ref: s.unknown(`physical id of AWS::IAM::Policy ${s.logicalId} is generated at deployment`),
    attribute: attrs({ Id: () => s.unknown('policy id is generated at deployment') }),
  }),
  'AWS::IAM::SAMLProvider': (s) =>
    named(s, 'Name', (n) => `arn:${s.partition}:iam::${s.account}:saml-provider/${n}`, 'arn'),
  'AWS::IAM::OIDCProvider': (s) => oidcProviderIdentity(s),
  // CDK's OpenIdConnectProvider (aws-cdk-lib/aws-iam), a custom resource whose provider returns
  // the ARN of the OIDC provider it creates from the Url property as its physical id (Ref).
  'Custom::AWSCDKOpenIdConnectProvider': (s) => oidcProviderIdentity(s),
  // AWS::S3::Bucket: Ref = bucket name; GetAtt Arn, DomainName, RegionalDomainName, ...
  // AWS::S3::AccessPoint: Ref = Name ("If you don't specify a name, AWS CloudFormation generates a
  // unique ID"); GetAtt Arn, Name, NetworkOrigin, Alias (aws/s3-access-points.ts).
  'AWS::S3::AccessPoint': (s) =>
    named(s, 'Name', (n) => accessPointArn(s.partition, s.region, s.account, n), 'name', {
      Name: (n) => n,
      NetworkOrigin: () => {
        const vpc = s.prop('VpcConfiguration');
        if (vpc instanceof Unknown) return vpc;
        return vpc === undefined || vpc === null || vpc === NO_VALUE ? 'Internet' : 'VPC';
      },
      Alias: () => s.unknown(`the alias of access point ${s.logicalId} is assigned by S3`),
    }),
  'AWS::S3::Bucket': (s) =>
    named(
      s,
      'BucketName',
      (n) => ARN.bucket(s.partition, n),
      'name',
      {
        DomainName: (n) => `${n}.s3.${s.urlSuffix}`,
        RegionalDomainName: (n) => `${n}.s3.${s.region}.${s.urlSuffix}`,
        DualStackDomainName: (n) => `${n}.s3.dualstack.${s.region}.${s.urlSuffix}`,
        WebsiteURL: (n) => `http://${n}.s3-website-${s.region}.${s.urlSuffix}`,
      },
      { lowercase: true },
    ),
  // AWS::SQS::Queue: Ref = queue URL; GetAtt Arn, QueueName, QueueUrl.
  'AWS::SQS::Queue': (s) => {
    const fifo = truthy(s.prop('FifoQueue'));
    const n = physicalName(s, 'QueueName', { suffix: fifo ? '.fifo' : '' });
    const arn = ARN.queue(env(s), n.name);
    const url = `https://sqs.${s.region}.${s.urlSuffix}/${s.account}/${n.name}`;
    return {
      ref: url,
      attribute: attrs({ Arn: () => arn, QueueName: () => n.name, QueueUrl: () => url }),
      name: n.name,
      arn,
      nameUnresolved: n.unresolved,
      generated: n.generated,
    };
  },
  // AWS::RAM::Permission: Ref = the customer managed permission's ARN; GetAtt Arn (aws/ram.ts).
  'AWS::RAM::Permission': (s) =>
    named(s, 'Name', (n) => customerPermissionArn(s.partition, s.region, s.account, n), 'arn'),
  // AWS::SNS::Topic: Ref = topic ARN; GetAtt TopicArn, TopicName.
  'AWS::SNS::Topic': (s) => {
    const fifo = truthy(s.prop('FifoTopic'));
    const n = physicalName(s, 'TopicName', { suffix: fifo ? '.fifo' : '' });
    const arn = ARN.topic(env(s), n.name);
    return {
      ref: arn,
      attribute: attrs({ TopicArn: () => arn, TopicName: () => n.name }),
      name: n.name,
      arn,
      nameUnresolved: n.unresolved,
      generated: n.generated,
    };
  },
  // AWS::KMS::Key: Ref = key id; GetAtt Arn, KeyId.
  'AWS::KMS::Key': (s) => {
    const id = kmsKeyId(s);
    const arn = ARN.key(env(s), id);
    return { ref: id, attribute: attrs({ Arn: () => arn, KeyId: () => id }), name: id, arn, generated: true };
  },
  'AWS::KMS::ReplicaKey': (s) => {
    const id = kmsKeyId(s);
    const arn = ARN.key(env(s), id);
    return { ref: id, attribute: attrs({ Arn: () => arn, KeyId: () => id }), name: id, arn, generated: true };
  },
  // AWS::KMS::Alias: Ref = alias name.
  'AWS::KMS::Alias': (s) => {
    const n = physicalName(s, 'AliasName');
    return { ref: n.name, attribute: () => undefined, name: n.name, arn: ARN.alias(env(s), n.name) };
  },
  // AWS::Lambda::Function: Ref = function name; GetAtt Arn.
  'AWS::Lambda::Function': (s) =>
    named(s, 'FunctionName', (n) => ARN.function(env(s), n), 'name', {
      'SnapStartResponse.ApplyOn': () => s.unknown('known only after deployment'),
    }),
  // AWS::Lambda::Alias: Ref = alias ARN; an alias name the inputs leave unknown is an unknown
  // qualifier of the function (`qualifiedFunction`).
  'AWS::Lambda::Alias': (s) => {
    const name = s.prop('Name');
    const q = qualifiedFunction(
      s,
      name instanceof Unknown ? name : scalarString(name ?? NO_VALUE),
      `the name of alias ${s.logicalId}`,
    );
    return { ref: q, attribute: attrs({ AliasArn: () => q }), ...(typeof q === 'string' ? { arn: q } : {}) };
  },
  // AWS::Lambda::Version: "When you pass the logical ID of this resource to the intrinsic Ref
  // function, Ref returns the ARN of the version, such as
  // arn:aws:lambda:us-west-2:123456789012:function:helloworld:1"; GetAtt Version, "The published
  // version of a Lambda version, such as 1" (CloudFormation Template Reference,
  // AWS::Lambda::Version). The number is assigned when the version is published: unknown.
  'AWS::Lambda::Version': (s) => {
    const number = s.unknown(`the number of version ${s.logicalId}, assigned when it is published`);
    const q = qualifiedFunction(s, number, '');
    return { ref: q, attribute: attrs({ Version: () => number }) };
  },
  // AWS::SecretsManager::Secret: Ref = secret ARN, the name then a hyphen and six random
  // characters Secrets Manager adds (`ARN.secretOfName`: unknown, never invented).
  'AWS::SecretsManager::Secret': (s) => {
    const n = physicalName(s, 'Name');
    const arn = ARN.secretOfName(env(s), n.name, `${s.logicalId}-${stableHash(s, 6)}`);
    return {
      ref: arn,
      attribute: attrs({ Id: () => arn }),
      name: n.name,
      arn,
      nameUnresolved: n.unresolved,
      generated: n.generated,
    };
  },
  'AWS::DynamoDB::Table': (s) =>
    named(s, 'TableName', (n) => ARN.table(env(s), n), 'name', {
      StreamArn: () => s.unknown('the stream label is assigned at creation'),
    }),
  'AWS::DynamoDB::GlobalTable': (s) =>
    named(s, 'TableName', (n) => ARN.table(env(s), n), 'name', {
      StreamArn: () => s.unknown('the stream label is assigned at creation'),
      TableId: () => s.unknown('assigned at creation'),
    }),
  'AWS::Logs::LogGroup': (s) => named(s, 'LogGroupName', (n) => `${ARN.logGroup(env(s), n)}:*`, 'name'),
  'AWS::Kinesis::Stream': (s) => named(s, 'Name', (n) => ARN.kinesisStream(env(s), n), 'name'),
  // AWS::Kinesis::StreamConsumer: "When you pass the logical ID of an AWS::Kinesis::StreamConsumer
  // resource to the intrinsic Ref function, the function returns the consumer ARN"; GetAtt
  // ConsumerARN, ConsumerName, StreamARN, ConsumerCreationTimestamp, ConsumerStatus. The ARN is
  // the stream's, the name and the creation timestamp (`kinesisConsumerArn`: an unknown part).
  'AWS::Kinesis::StreamConsumer': (s) => kinesisConsumerIdentity(s),
  // AWS::Logs::Destination: Ref = destination name; GetAtt Arn.
  'AWS::Logs::Destination': (s) => named(s, 'DestinationName', (n) => ARN.logsDestination(env(s), n), 'name'),
  'AWS::StepFunctions::StateMachine': (s) =>
    named(s, 'StateMachineName', (n) => ARN.stateMachine(env(s), n), 'arn', { Name: (n) => n }),
  'AWS::Events::EventBus': (s) =>
    named(s, 'Name', (n) => ARN.eventBus(env(s), n), 'name', { Name: (n) => n }),
  'AWS::Events::Rule': (s) => {
    const busProp = s.prop('EventBusName');
    const b = busProp === undefined || busProp === NO_VALUE ? undefined : scalarString(busProp);
    const bus = typeof b === 'string' && !b.startsWith('arn:') ? b : undefined;
    return named(s, 'Name', (n) => ARN.eventRule(env(s), bus, n), 'name');
  },
  'AWS::ECR::Repository': (s) =>
    named(
      s,
      'RepositoryName',
      (n) => ARN.repository(env(s), n),
      'name',
      {
        RepositoryUri: (n) => `${s.account}.dkr.ecr.${s.region}.${s.urlSuffix}/${n}`,
      },
      { lowercase: true },
    ),
  'AWS::CodeBuild::Project': (s) => named(s, 'Name', (n) => ARN.codebuildProject(env(s), n), 'name'),
  'AWS::SSM::Parameter': (s) =>
    named(s, 'Name', (n) => ARN.ssmParameter(env(s), n), 'name', {
      Type: () => s.prop('Type') ?? 'String',
      Value: () => s.prop('Value') ?? null,
    }),
  'AWS::EC2::Instance': (s) => {
    const id = assignedId(s, 'i-', 'instance-id');
    return {
      ref: id,
      attribute: () => s.unknown(`attributes of EC2 instance ${s.logicalId} are known only after launch`),
      name: id,
    };
  },
  // AWS::EKS::Cluster: Ref = Name; GetAtt Arn, OpenIdConnectIssuerUrl (the issuer's host known,
  // its ID picked by EKS: src/aws/eks-clusters.ts `eksIssuerUrl`); the others known only after
  // creation.
  'AWS::EKS::Cluster': (s) =>
    named(s, 'Name', (n) => eksClusterArn(s.partition, s.region, s.account, n), 'name', {
      OpenIdConnectIssuerUrl: () => eksIssuerUrl(s.partition, s.region, `${s.logicalId}-${stableHash(s, 6)}`),
    }),
  // CDK's eks.Cluster (Custom::AWSCDK-EKS-Cluster): its provider returns the cluster name as the
  // physical id (Config.name, else a name it generates) and the attributes Arn,
  // OpenIdConnectIssuerUrl and OpenIdConnectIssuer (the URL without https://).
  'Custom::AWSCDK-EKS-Cluster': (s) => cdkEksClusterIdentity(s),
  // AWS::Cognito::IdentityPool: Ref = the pool id (REGION:GUID, the GUID assigned by Cognito).
  // AWS::Organizations::Account: "Ref returns the account ID"; GetAtt AccountId. The account the
  // stack creates has an id known only after deployment: a stand-in account of its own
  // (model/stand-ins.ts), the one handlers/organizations.ts models it and its role in.
  'AWS::Organizations::Account': (s) => {
    const id = standInAccountFor(`cfn-org-account:${s.stackName}/${s.logicalId}`, s.account);
    return {
      ref: id,
      attribute: attrs({
        AccountId: () => id,
        Arn: () => s.unknown(`the ARN of member account ${s.logicalId} holds the organization id`),
        JoinedMethod: () => 'CREATED',
        JoinedTimestamp: () => s.unknown('known only after deployment'),
        Status: () => s.unknown('known only after deployment'),
      }),
    };
  },
  'AWS::Cognito::IdentityPool': (s) => {
    const id = newIdentityPoolId(s.region, `${s.logicalId}-${stableHash(s, 6)}`);
    const name = s.prop('IdentityPoolName');
    return {
      ref: id,
      attribute: attrs({
        Id: () => id,
        Name: () =>
          name === undefined || name === NO_VALUE ? s.unknown('the pool name Cognito generates') : name,
      }),
      name: id,
      arn: identityPoolArn(s.partition, s.region, s.account, id),
    };
  },
  'AWS::ApiGateway::RestApi': (s) => {
    const id = assignedId(s, '', 'api-id');
    return {
      ref: id,
      attribute: attrs({
        RestApiId: () => id,
        RootResourceId: () => s.unknown('RootResourceId is assigned by API Gateway at creation'),
      }),
      name: id,
      arn: ARN.restApi(env(s), id),
    };
  },
  'AWS::ApiGateway::Stage': (s) => {
    const stage = s.prop('StageName');
    const name = stage === undefined || stage === NO_VALUE ? undefined : scalarString(stage);
    if (name === undefined) {
      const u = s.unknown(`AWS::ApiGateway::Stage ${s.logicalId} has no StageName`);
      return { ref: u, attribute: () => undefined };
    }
    return { ref: name, attribute: () => undefined };
  },
  'AWS::ApiGateway::Deployment': (s) => {
    const id = assignedId(s, '', 'deployment-id');
    return { ref: id, attribute: attrs({ DeploymentId: () => id }), name: id };
  },
  'AWS::ApiGateway::Resource': (s) => {
    const id = assignedId(s, '', 'resource-id');
    return { ref: id, attribute: attrs({ ResourceId: () => id }), name: id };
  },
  'AWS::ApiGatewayV2::Api': (s) => {
    const id = assignedId(s, '', 'api-id');
    return {
      ref: id,
      attribute: attrs({
        ApiId: () => id,
        ApiEndpoint: () => `https://${id}.execute-api.${s.region}.${s.urlSuffix}`,
      }),
      name: id,
    };
  },
  // AWS::EC2::VPCEndpoint: Ref = endpoint id (assigned by EC2: a placeholder).
  'AWS::EC2::VPCEndpoint': (s) => {
    const id = assignedId(s, 'vpce-', 'endpoint-id');
    return {
      ref: id,
      attribute: attrs({
        Id: () => id,
        CreationTimestamp: () => s.unknown('known only after deployment'),
        DnsEntries: () => s.unknown('known only after deployment'),
        NetworkInterfaceIds: () => s.unknown('known only after deployment'),
      }),
      name: id,
      arn: ARN.vpcEndpoint(env(s), id),
    };
  },
  // AWS::OpenSearchService::Domain / AWS::Elasticsearch::Domain: Ref = domain name; GetAtt Arn, DomainArn.
  'AWS::OpenSearchService::Domain': domainIdentity,
  'AWS::Elasticsearch::Domain': domainIdentity,
  // AWS::Backup::BackupVault: Ref = vault name; GetAtt BackupVaultArn, BackupVaultName.
  'AWS::Backup::BackupVault': (s) =>
    named(s, 'BackupVaultName', (n) => ARN.backupVault(env(s), n), 'name', {
      BackupVaultArn: (_n, arn) => arn,
      BackupVaultName: (n) => n,
    }),
  // AWS::EFS::FileSystem: Ref = file system id (assigned by EFS: a placeholder); GetAtt Arn, FileSystemId.
  'AWS::EFS::FileSystem': (s) => {
    const id = assignedId(s, 'fs-', 'file-system-id');
    const arn = ARN.efsFileSystem(env(s), id);
    return { ref: id, attribute: attrs({ Arn: () => arn, FileSystemId: () => id }), name: id, arn };
  },
  // AWS::Lambda::LayerVersion: Ref = layer version ARN (the version number is assigned when published).
  'AWS::Lambda::LayerVersion': (s) => {
    const n = physicalName(s, 'LayerName');
    const arn = ARN.layerVersion(env(s), n.name, LAYER_VERSION);
    return {
      ref: arn,
      attribute: attrs({ LayerVersionArn: () => arn }),
      name: `${n.name}:${LAYER_VERSION}`,
      arn,
      nameUnresolved: n.unresolved,
      generated: n.generated,
    };
  },
  // AWS::CloudFront::Distribution: Ref = distribution id, GetAtt DomainName (`d111111abcdef8.cloudfront.net`,
  // not the id): both assigned by CloudFront, unknown parts.
  'AWS::CloudFront::Distribution': (s) => {
    const id = assignedId(s, '', 'distribution-id');
    const domain = `${assignedId(s, '', 'domain')}.cloudfront.net`;
    return {
      ref: id,
      attribute: attrs({ Id: () => id, DomainName: () => domain }),
      name: id,
      arn: ARN.distribution(s.partition, s.account, id),
    };
  },
  // CDK's CfnJson: the provider returns its Value property parsed as JSON.
  'Custom::AWSCDKCfnJson': (s) => {
    const value = (): Resolved => {
      const v = s.prop('Value');
      const text = v === undefined || v === NO_VALUE ? undefined : scalarString(v);
      if (text instanceof Unknown) return text;
      if (typeof text !== 'string') return s.unknown(`CfnJson ${s.logicalId} has no Value`);
      try {
        return JSON.parse(text) as Resolved;
      } catch {
        return s.unknown(`the Value of CfnJson ${s.logicalId} is not JSON`);
      }
    };
    return {
      ref: s.unknown(`physical id of custom resource ${s.logicalId} is returned by its provider`),
      attribute: attrs({ Value: value, ValueAsString: () => scalarString(s.prop('Value') ?? null) ?? null }),
    };
  },
};

/** A Kinesis stream consumer: its ARN under its stream's (`kinesisConsumerArn`); Unknown when the stream or name is. */
/**
 * An OpenSearch Service domain (AWS::OpenSearchService::Domain, and its older type
 * AWS::Elasticsearch::Domain, one ARN format `es:…:domain/NAME`): Ref = the domain name, GetAtt
 * Arn and DomainArn the ARN; a generated name is lower case.
 */
function domainIdentity(s: ResourceScope): Identity {
  return named(
    s,
    'DomainName',
    (n) => ARN.opensearchDomain(env(s), n),
    'name',
    { DomainArn: (_n, arn) => arn },
    { lowercase: true },
  );
}

function kinesisConsumerIdentity(s: ResourceScope): Identity {
  const prop = (name: string) => {
    const v = s.prop(name);
    return v === undefined || v === NO_VALUE ? undefined : scalarString(v);
  };
  const stream = prop('StreamARN');
  const name = prop('ConsumerName');
  const created = () =>
    s.unknown(`the creation time of stream consumer ${s.logicalId}, set when it is registered`);
  const status = () => s.unknown(`the status of stream consumer ${s.logicalId}`);
  if (typeof stream !== 'string' || typeof name !== 'string' || !stream.startsWith('arn:')) {
    const why = s.unknown(
      `the ARN of stream consumer ${s.logicalId}: its StreamARN or ConsumerName is not known`,
    );
    return {
      ref: why,
      attribute: attrs({
        ConsumerARN: () => why,
        ConsumerName: () => name ?? why,
        StreamARN: () => stream ?? why,
        ConsumerCreationTimestamp: created,
        ConsumerStatus: status,
      }),
    };
  }
  const arn = kinesisConsumerArn(
    stream,
    name,
    consumerCreationTimestamp(`${s.logicalId}-${stableHash(s, 6)}`),
  );
  return {
    ref: arn,
    attribute: attrs({
      ConsumerARN: () => arn,
      ConsumerName: () => name,
      StreamARN: () => stream,
      ConsumerCreationTimestamp: created,
      ConsumerStatus: status,
    }),
    name: arn.slice(arn.indexOf(':stream/') + ':stream/'.length),
    arn,
  };
}

/** CDK's EKS cluster custom resource (see IDENTITIES). */
function cdkEksClusterIdentity(s: ResourceScope): Identity {
  const config = s.prop('Config');
  const given =
    config && typeof config === 'object' && !(config instanceof Unknown) && !Array.isArray(config)
      ? (config as Record<string, Resolved>).name
      : undefined;
  const text = given === undefined || given === NO_VALUE ? undefined : scalarString(given);
  const name =
    typeof text === 'string' && text !== ''
      ? text
      : partlyKnownName(
          text instanceof Unknown && isPartlyKnown(text)
            ? text.parts.map((p) => (typeof p === 'string' ? p : undefined))
            : [undefined],
          `${s.stackName}-${s.logicalId}`,
        );
  const arn = eksClusterArn(s.partition, s.region, s.account, name);
  const url = eksIssuerUrl(s.partition, s.region, `${s.logicalId}-${stableHash(s, 6)}`);
  return {
    ref: name,
    attribute: attrs({
      Name: () => name,
      Arn: () => arn,
      OpenIdConnectIssuerUrl: () => url,
      OpenIdConnectIssuer: () => issuerHost(url),
    }),
    name,
    arn,
  };
}

/** An OIDC provider: Ref and GetAtt Arn = `arn:PARTITION:iam::ACCOUNT:oidc-provider/ISSUER`. */
function oidcProviderIdentity(s: ResourceScope): Identity {
  const url = s.prop('Url');
  const u = url === undefined || url === NO_VALUE ? undefined : scalarString(url);
  if (u instanceof Unknown) return { ref: u, attribute: () => u };
  const host =
    typeof u === 'string'
      ? u.replace(/^https:\/\//, '').replace(/\/+$/, '')
      : generatedName(s, stableHash(s, 6));
  const arn = `arn:${s.partition}:iam::${s.account}:oidc-provider/${host}`;
  return { ref: arn, attribute: attrs({ Arn: () => arn }), arn };
}

const CUSTOM = /^(Custom::|AWS::CloudFormation::CustomResource$)/;

/** The identity of a resource; Unknown Ref/GetAtt for types not modelled and custom resources. */
export function resourceIdentity(scope: ResourceScope): Identity {
  const factory = IDENTITIES[scope.type];
  if (factory) return factory(scope);
  if (CUSTOM.test(scope.type)) {
    return {
      ref: scope.unknown(`physical id of custom resource ${scope.logicalId} is returned by its provider`),
      attribute: (name) =>
        scope.unknown(`attribute ${name} of custom resource ${scope.logicalId} is returned by its provider`),
    };
  }
  return {
    ref: scope.unknown(`physical id of ${scope.type} ${scope.logicalId} is known only after deployment`),
    attribute: (name) =>
      scope.unknown(`attribute ${name} of ${scope.type} ${scope.logicalId} is not modelled`),
  };
}

/** Types whose identity is modelled (Ref/GetAtt known). */
export function hasModelledIdentity(type: string): boolean {
  return type in IDENTITIES;
}
