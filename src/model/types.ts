// The account model: plain, immutable data describing what the infrastructure code will
// create (accounts, principals, policies, resources, attachments), each element with its
// source. Adapters build it through ModelBuilder; the engine compiles it.

import type { PolicyDocument } from '../policy/types.js';
import type { Finding } from './finding.js';
import type { Source } from './source.js';
import { type Maybe, Unknown } from './unknown.js';

export type Tags = Readonly<Record<string, Maybe<string>>>;

/**
 * The key of `Tags` saying that tags the inputs do not show may exist (`tags = var.x`, `Tags:
 * !Ref P`, a tag whose key is unknown): its value is the Unknown that says why. Any other key is
 * then present with an unknown value or absent. Tag keys allow only letters, digits, spaces and
 * `_ . : / = + - @` (Tagging AWS Resources, "Tag naming limits and requirements"), so no real
 * tag has this key.
 */
export const OTHER_TAGS = '(other tags)';

const mayBeAbsentTags = new WeakSet<Unknown>();

/**
 * A tag value for a key that may be absent, or present with `value` (unknown): a tag the deployment
 * may or may not add (CloudFormation's stack-level tags, whose propagation varies by resource
 * type). The engine treats the key as `OTHER_TAGS` treats keys the inputs do not show.
 */
export function mayBeAbsentTag(value: Unknown): Unknown {
  mayBeAbsentTags.add(value);
  return value;
}

const deploymentTags = new WeakSet<Unknown>();

/**
 * Marks a tag value (or `OTHER_TAGS` reason) that the deployment decides, not the inputs (a
 * CloudFormation stack's deploy-time tags, the `aws:cloudformation:*` tags): one finding per stack
 * explains them (`cfn/stack-tags-unknown`, kept when some policy reads tags: tag-reads.ts), so the
 * unknown inventory does not list each one.
 */
export function deploymentTag(value: Unknown): Unknown {
  deploymentTags.add(value);
  return value;
}

/** True for a tag value marked by `deploymentTag`. */
export function isDeploymentTag(value: unknown): boolean {
  return value instanceof Unknown && deploymentTags.has(value);
}

/**
 * Gives `to` (a copy of the tag value `from`) the marks of `from` (`mayBeAbsentTag`,
 * `deploymentTag`), which live outside its fields: every copy of a model's values calls it
 * (account-substitution.ts; the matrix workers' transfer restores them itself).
 */
export function copyTagMarks(from: Unknown, to: Unknown): void {
  if (mayBeAbsentTags.has(from)) mayBeAbsentTags.add(to);
  if (deploymentTags.has(from)) deploymentTags.add(to);
}

/** True for a tag value made by `mayBeAbsentTag`. */
export function isMayBeAbsentTag(value: unknown): boolean {
  return value instanceof Unknown && mayBeAbsentTags.has(value);
}

/** Why tags the inputs do not show may exist on an element with `tags`, if they may. */
export function otherTagsOf(tags: Tags | undefined): Unknown | undefined {
  const v = tags?.[OTHER_TAGS];
  return v !== undefined && typeof v !== 'string' ? v : undefined;
}

/**
 * Presence: an element whose existence the inputs do not decide (a Terraform `count` or
 * `for_each` whose value is unknown, a CloudFormation resource or policy behind a `Condition`
 * on a parameter without a default, an attachment whose target is unknown) carries the
 * `Unknown` that says why. It stays in the model: what it would grant or deny makes every
 * dependent decision `indeterminate`, with that reason and source. Absent means "exists".
 */
export interface MaybePresent {
  presence?: Unknown;
}

/**
 * Set on a principal that exists outside the inputs (an imported role such as
 * `Role.fromRoleName`, or `aws_iam_role_policy` on a role the configuration does not create):
 * only what the inputs attach to it is known; its trust policy and permissions boundary are
 * unknown (the builder sets them so), so what the known policies grant is indeterminate.
 */
export interface MaybeImported {
  imported?: Unknown;
}

/** An inline policy embedded in a user, group or role. */
export interface InlinePolicy extends MaybePresent {
  name: string;
  document: PolicyDocument;
  source: Source;
}

/**
 * A reference to a managed policy by ARN. AWS managed policies (`arn:aws:iam::aws:policy/...`)
 * are resolved from the catalog at compile time; customer managed ones from `Model.policies`.
 * An Unknown ARN (known only after apply) makes decisions that depend on it indeterminate.
 */
export interface PolicyAttachment extends MaybePresent {
  policyArn: Maybe<string>;
  source: Source;
}

interface PrincipalBase extends MaybePresent, MaybeImported {
  id: string;
  name: string;
  path: string;
  arn: string;
  account: string;
  tags: Tags;
  inlinePolicies: readonly InlinePolicy[];
  managedPolicies: readonly PolicyAttachment[];
  permissionsBoundary: PolicyAttachment | undefined;
  source: Source;
  /**
   * A stand-in of the open-account mode: any user or role of `account` that the inputs do not
   * define (src/model/open-accounts.ts).
   */
  openAccount?: boolean;
  /**
   * What the inputs say of its IAM unique id (src/model/unique-ids.ts): the id when they pin it (a
   * Terraform plan's `unique_id` of a principal that exists), `NEW_UNIQUE_ID` when they create
   * it anew (a plan's create or replace); unset when unknown (it may hold any id).
   */
  uniqueId?: string;
}

export interface User extends PrincipalBase {
  kind: 'user';
  /** Group ids (see `Group.id`); unknown memberships are listed in `unknownGroups`. */
  groups: readonly string[];
  unknownGroups: readonly PolicyAttachment[];
  /** Memberships that might not exist (the membership's own presence is unknown). */
  maybeGroups: readonly { group: string; presence: Unknown }[];
  /**
   * Where each membership of a known group is written (`groups` and `maybeGroups` say what it
   * gives): the membership resource or the user's `Groups` property (logical id, Terraform
   * address, file:line), one entry per membership the inputs write.
   */
  memberships: readonly GroupMembership[];
}

/**
 * The groups of the model a user is in or might be in (`groups`, then `maybeGroups`: a membership
 * that might not exist), the one list every reader of a user's group policies takes; none for a
 * role. Memberships whose group the inputs do not pin down are `unknownGroups`, read apart.
 */
export function groupIdsOf(p: User | Role): readonly string[] {
  if (p.kind !== 'user') return [];
  return p.maybeGroups.length ? [...p.groups, ...p.maybeGroups.map((m) => m.group)] : p.groups;
}

/** One membership of a user in a group of the model, with where the inputs write it. */
export interface GroupMembership {
  /** The group's id (see `Group.id`). */
  group: string;
  source: Source;
  /** The membership might not exist. */
  presence?: Unknown;
}

export interface Group extends MaybePresent, MaybeImported {
  kind: 'group';
  id: string;
  name: string;
  path: string;
  arn: string;
  account: string;
  inlinePolicies: readonly InlinePolicy[];
  managedPolicies: readonly PolicyAttachment[];
  source: Source;
}

export interface InstanceProfile {
  name: string;
  arn: string;
  source: Source;
  /** Where the profile is used (EC2 instances, launch templates). */
  usedBy: readonly InstanceProfileUse[];
}

/** A use of an instance profile: an EC2 instance, launch template or launch configuration. */
export interface InstanceProfileUse {
  kind: string;
  name: string;
  source: Source;
  /** A launch template's id where pinned and its Auto Scaling groups (aws/launch-template-versions.ts). */
  launchTemplate?: LaunchTemplateUse;
  /**
   * An EC2 instance's id (`i-…`, an unknown name part where the inputs leave it to EC2, as its
   * `Ref`) and its Region (absent or a stand-in where the inputs leave it open): with the
   * profile's account, the instance's ARN, a resource of the inputs for a request on existing
   * compute (analysis/escalation-existing-starts.ts).
   */
  instance?: { id: string; region?: string };
  /**
   * Set when the use may be another profile's instead (a profile named by a name that profiles
   * of several accounts may hold, the inputs not telling which account): why, and where. The
   * link is indeterminate: a request through it is open, never sure.
   */
  maybe?: { reason: string; source?: Source };
}

/** An Auto Scaling group that launches instances from a launch template (adapters link it). */
export interface AutoScalingGroupLink {
  /** The group's name (generated by CloudFormation when left out: unknown). */
  name: Maybe<string>;
  /** The version it names (`$Default`, `$Latest`, a number; left out: undefined), unknown when not resolved. */
  version: Maybe<string> | undefined;
  source: Source;
  /**
   * Set when the group may launch another template instead (it names a template by a literal id or
   * a value the inputs do not pin down to one of theirs): why, and where. `byName`: the literal
   * template name it names, which no template of the inputs has but this one's (partly unknown)
   * name may be (analysis/escalation-launch-templates.ts decides that by engine/unknown-names.ts).
   */
  maybe?: { reason: string; source?: Source; byName?: string };
}

/**
 * An Auto Scaling group of the inputs (both adapters note every one, `Model.autoScalingGroups`):
 * its name and the launch configuration it launches from, when it names one. A principal that may
 * update it may point it at a launch configuration of its own (analysis/escalation-launch-templates.ts).
 */
export interface AutoScalingGroup {
  /** The group's name (generated by CloudFormation when left out: unknown). */
  name: Maybe<string>;
  /** The launch configuration's name (`LaunchConfigurationName`, `launch_configuration`), when set. */
  launchConfiguration?: Maybe<string>;
  source: Source;
}

/** What the model knows of a launch template besides its instance profile. */
export interface LaunchTemplateUse {
  /** Its id (`lt-...`) where the inputs pin it (a plan's known value); else undefined. */
  id?: string;
  /** Its name as modelled, with unknown name parts where the inputs leave it unknown (generated). */
  name?: string;
  /** The Auto Scaling groups of the inputs launching from it (filled while loading). */
  groups: AutoScalingGroupLink[];
}

/** Kinds of resources that run with a role (src/aws/role-uses.ts). */
export type RoleUseKind =
  | 'lambda-function'
  | 'ecs-task'
  | 'ecs-task-execution'
  | 'codebuild-project'
  | 'state-machine'
  | 'eventbridge-rule'
  | 'eventbridge-schedule'
  | 'apigateway-integration'
  | 'glue-job'
  | 'glue-dev-endpoint'
  | 'sagemaker-notebook-instance'
  | 'codepipeline-pipeline'
  // An instance profile whose role is outside the inputs (`OutsideRoleUse.instanceProfile`; a
  // role of the inputs keeps its profiles in `Role.instanceProfiles`): no entry of role-uses.ts.
  | 'ec2-instance-profile';

/**
 * A resource that a service runs with a role's credentials without an instance profile: a Lambda
 * function's execution role, an ECS task definition's task role, a CodeBuild project's service
 * role... (src/aws/role-uses.ts); the Lambda case: (AWS Lambda Developer Guide, "Defining Lambda function permissions
 * with an execution role", https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html).
 */
export interface RoleUse {
  /** What uses the role (src/aws/role-uses.ts describes each kind). */
  kind: RoleUseKind;
  /** The using resource's name (function name). */
  name: string;
  /** The using resource's ARN (its model id when it is a model resource). */
  arn: string;
  /** The service principal that assumes the role for it (`lambda.amazonaws.com`). */
  service: string;
  /**
   * The Region of the using resource, where the adapter knows it (its stack's, its provider's);
   * absent or a stand-in when the inputs leave it open (analysis/escalation-existing-starts.ts).
   */
  region?: string;
  /** Where the use is declared (the function's role property). */
  source: Source;
  /**
   * Resources that run the using resource (the ECS services that run an ECS task definition),
   * from `ModelBuilder.linkRoleUseRunner`; absent when none of the inputs does.
   */
  runBy?: readonly RoleUseRunner[];
}

/** A resource that runs a role-using resource: an ECS service running a task definition. */
export interface RoleUseRunner {
  /** How the runner is named (`ECS service`). */
  label: string;
  /** The runner's name (service name, else logical id or address): how messages name it. */
  name: string;
  /**
   * The name its ARN holds where it differs from `name`: a name the inputs leave to CloudFormation
   * (no ServiceName) or unknown, with unknown name parts (model/stand-ins.ts `unknownNamePart`),
   * never the logical id or address (analysis/escalation-existing-starts.ts, aws/role-uses.ts
   * `ecsExecRoutes`).
   */
  arnName?: string;
  /** Where it names the resource it runs (the service's task definition property). */
  source: Source;
  /**
   * Whether the tasks it runs have ECS Exec turned on (an ECS service's EnableExecuteCommand /
   * enable_execute_command; false when left out); unknown when the inputs do not pin it down
   * (aws/role-uses.ts `ecsExecRoutes`).
   */
  executeCommand?: Maybe<boolean>;
  /**
   * The name of the ECS cluster its tasks run in (`default` when left out); unknown when the
   * inputs do not pin it down (aws/role-uses.ts `ecsExecRoutes`).
   */
  cluster?: Maybe<string>;
}

export interface Role extends PrincipalBase {
  kind: 'role';
  trustPolicy: PolicyDocument | undefined;
  instanceProfiles: readonly InstanceProfile[];
  /** Resources that run with this role (Lambda functions, ECS tasks, CodeBuild projects...). */
  usedBy: readonly RoleUse[];
  /** Maximum session duration etc. are not modelled; service-linked roles are flagged. */
  serviceLinked: boolean;
}

export type Principal = User | Role;

export interface ManagedPolicy extends MaybePresent {
  id: string;
  arn: string;
  name: string;
  path: string;
  account: string;
  document: PolicyDocument;
  /**
   * A customer managed policy's tags: the request's `aws:ResourceTag/*` when it is the resource
   * (`iam:CreatePolicyVersion` on it; engine/request-context.ts `resourceTags`). Undefined: the
   * inputs cannot tell (tags free in the checks, never taken as none).
   */
  tags?: Tags;
  source: Source;
}

/** Resource kinds the model knows how to attach a resource policy to. */
export type ResourceKind =
  | 's3-bucket'
  | 'sqs-queue'
  | 'sns-topic'
  | 'kms-key'
  | 'lambda-function'
  | 'secretsmanager-secret'
  | 'dynamodb-table'
  | 'dynamodb-stream'
  | 'ecr-repository'
  | 'kinesis-stream'
  | 'vpc-endpoint'
  | 'opensearch-domain'
  | 'opensearch-collection'
  | 'events-bus'
  | 'backup-vault'
  | 'efs-file-system'
  | 'glue-catalog'
  | 'apigateway-rest-api'
  | 'lambda-layer-version'
  | 's3-access-point'
  | 'logs-destination'
  | 'ses-identity'
  | 'other';

/**
 * S3 Block Public Access settings of a bucket or an account (Amazon S3 User Guide, "Blocking
 * public access to your Amazon S3 storage",
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html).
 * A setting absent is not set (false); an Unknown one may be either.
 */
export interface PublicAccessBlock {
  blockPublicAcls?: Maybe<boolean>;
  ignorePublicAcls?: Maybe<boolean>;
  blockPublicPolicy?: Maybe<boolean>;
  restrictPublicBuckets?: Maybe<boolean>;
  /**
   * True when the block is in force before any bucket policy of the inputs is written (set when
   * the bucket is created, as CloudFormation's `PublicAccessBlockConfiguration` is, before the
   * bucket policy resource that depends on the bucket). Otherwise the order is not known.
   */
  inForceBeforePolicies?: boolean;
  source: Source;
}

export interface Resource extends MaybePresent {
  id: string;
  kind: ResourceKind;
  /** ARN; S3 bucket ARNs carry no account, so `account` says whose it is. */
  arn: string;
  name: string;
  account: string;
  region: string | undefined;
  tags: Tags;
  /** Resource-based policy (bucket policy, queue policy, key policy, Lambda permissions...). */
  policy: PolicyDocument | undefined;
  /**
   * A VPC endpoint's policy: it narrows requests made through the endpoint and is not a policy of
   * the resource those requests target, nor of the endpoint (see README, "Resource policies").
   */
  endpointPolicy?: PolicyDocument;
  /** S3 buckets: the bucket's Block Public Access settings, when the inputs set them. */
  publicAccessBlock?: PublicAccessBlock;
  /**
   * S3 general purpose buckets: whether ABAC is enabled, so that S3 evaluates `aws:ResourceTag/*`
   * on the bucket and its objects (src/aws/s3-abac.ts). Undefined: the inputs do not say (the key
   * may hold the bucket's tag or be absent).
   */
  s3Abac?: 'enabled' | 'disabled';
  /**
   * S3 general purpose buckets: the bucket's Object Ownership (`BucketOwnerEnforced`,
   * `BucketOwnerPreferred`, `ObjectWriter`), unknown, or undefined when the inputs do not set it:
   * who may own its objects (src/aws/s3-object-ownership.ts).
   */
  s3ObjectOwnership?: Maybe<string>;
  /** S3 access points: the bucket and network origin (src/aws/s3-access-points.ts). */
  s3AccessPoint?: S3AccessPointFacts;
  /** Lambda functions: the function URLs the inputs create (AWS::Lambda::Url, aws_lambda_function_url). */
  functionUrls?: readonly FunctionUrl[];
  /**
   * KMS keys: the key's properties that kms:KeySpec, kms:KeyUsage, kms:KeyOrigin and
   * kms:MultiRegion read (aws/kms.ts `kmsKeyProperties`; a replica key's are its primary's,
   * `replicaKeyProperties`). Undefined when the inputs do not say (a key outside the inputs):
   * those keys are then unknown.
   */
  kmsKey?: KmsKeyProperties;
  /**
   * Resources a cross-account request needs the KMS key of (Secrets Manager secrets, SQS queues,
   * SNS topics, S3 buckets' default encryption, Kinesis streams): the KMS key the resource is
   * encrypted with as the inputs give it (key id, key ARN, alias name or alias ARN; a key of the
   * inputs by its ARN), `null` when none is given (the service's default: the AWS managed key
   * aws/secretsmanager, no KMS key for a queue, topic, SSE-S3 bucket or unencrypted stream),
   * Unknown when known only at deployment; undefined when the inputs do not say (a resource
   * outside them). Read by aws/encryption-key-requirement.ts.
   */
  kmsKeyId?: Maybe<string> | null;
  /**
   * S3 general purpose buckets: whether the default encryption enables an S3 Bucket Key
   * (`BucketKeyEnabled`, `bucket_key_enabled`), which decides the encryption context of the KMS
   * requests S3 makes (aws/encryption-key-requirement.ts `s3BucketKeyOf`); undefined when the
   * inputs do not pin it down.
   */
  s3BucketKey?: boolean;
  /**
   * KMS keys: the ARNs of the aliases of the inputs that name this key (AWS::KMS::Alias,
   * aws_kms_alias), through which aws/encryption-key-requirement.ts resolves a key named by alias.
   */
  kmsAliasArns?: string[];
  /**
   * ARN patterns (`*` any run of characters) of other resources this element's policy may be the
   * policy of, when the inputs do not pin down what it applies to: an OpenSearch Serverless access
   * policy (it names collections by name pattern, not ARN), a resource policy kept unmodelled
   * under a stand-in ARN, a DynamoDB global table replica in a Region the inputs do not say. The
   * engine decides a request on any matching ARN with this policy as well (it may allow or deny).
   */
  governs?: readonly string[];
  /**
   * The stand-in for the resource of its kind outside the inputs that a policy with an unknown
   * target may apply to (`ModelBuilder.attachToUnknownResource`): a request on a resource outside
   * the model is decided with the policies of the stand-ins of its kind (src/engine/engine.ts).
   */
  standIn?: true;
  source: Source;
}

/** What the model knows of an S3 access point besides its ARN (src/aws/s3-access-points.ts). */
export interface S3AccessPointFacts {
  /** The underlying bucket's name. */
  bucket: Maybe<string>;
  /** The account that owns the bucket (the access point's unless the inputs say another). */
  bucketAccount: Maybe<string>;
  /** `Internet`, or `VPC` when the access point has a VPC configuration. */
  networkOrigin: Maybe<'Internet' | 'VPC'>;
  /**
   * The underlying bucket's own Block Public Access settings, when the inputs hold the bucket (set
   * at build, after the spreads: aws/s3-access-points.ts `linkAccessPointBuckets`); undefined when
   * they do not or it sets none.
   */
  bucketPublicAccessBlock?: PublicAccessBlock;
}

/** The properties of a KMS key the request context reads (each unknown when given only at deployment). */
export interface KmsKeyProperties {
  keySpec: Maybe<string>;
  keyUsage: Maybe<string>;
  origin: Maybe<string>;
  multiRegion: Maybe<boolean>;
}

/**
 * A Lambda function URL: an HTTPS endpoint of a function (or of one alias), whose `AuthType` is
 * `NONE` (no authentication; the function policy must grant public access) or `AWS_IAM` (AWS
 * Lambda Developer Guide, "Control access to Lambda function URLs",
 * https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html). It might not exist (`presence`).
 */
export interface FunctionUrl extends MaybePresent {
  /** The alias the URL belongs to; undefined for the unqualified function. */
  qualifier: Maybe<string> | undefined;
  authType: Maybe<string>;
  /**
   * Set when the inputs' deployment certainly creates the URL (a Terraform plan's
   * `resource_changes` entry with actions ["create"]): it is made now, so after October 2025
   * (aws/lambda.ts `urlCallNeedsInvoke`). Unset when it may be older (a template or configuration:
   * a stack update may keep an existing URL).
   */
  created?: true;
  source: Source;
}

/**
 * An IAM identity provider of the inputs (`AWS::IAM::OIDCProvider`, CDK's OpenIdConnectProvider
 * custom resource, `aws_iam_openid_connect_provider`; `AWS::IAM::SAMLProvider`,
 * `aws_iam_saml_provider`). Trust policies name it as `Federated` by ARN; its callers (web
 * identities, SAML users) assume roles with sts:AssumeRoleWithWebIdentity / AssumeRoleWithSAML
 * (IAM User Guide, "Identity providers and federation into AWS"). A provider a trust policy names
 * that is not here is outside the inputs: taken to exist, and reported
 * (`model/external-identity-provider`).
 */
export interface IdentityProvider extends MaybePresent {
  kind: 'oidc' | 'saml';
  /** The ARN when known, else a stand-in id made from the source. */
  id: string;
  /** `arn:aws:iam::ACCOUNT:oidc-provider/ISSUER` / `...:saml-provider/NAME`; Unknown until deployment. */
  arn: Maybe<string>;
  /** OIDC: the issuer (URL without `https://`, the prefix of its claim keys); SAML: the provider name. */
  name: Maybe<string>;
  account: string;
  /** OIDC: the client ids (audiences) the provider accepts. */
  clientIds: readonly Maybe<string>[];
  /** OIDC: server certificate thumbprints. */
  thumbprints: readonly Maybe<string>[];
  /** Its tags, `aws:ResourceTag/*` of a request on it (see `ManagedPolicy.tags`); undefined: not known. */
  tags?: Tags;
  source: Source;
}

/**
 * An Amazon Cognito identity pool of the inputs (`AWS::Cognito::IdentityPool`,
 * `aws_cognito_identity_pool`): whose identities get tokens whose `cognito-identity.amazonaws.com:aud`
 * is `id`, and which of them are guests. What the pool means for a role that trusts it is
 * src/aws/cognito-identity-pools.ts's.
 */
export interface CognitoIdentityPool extends MaybePresent {
  /** The identity pool id (`REGION:GUID`; the GUID an unknown name part until deployment). */
  id: string;
  name: Maybe<string>;
  account: string;
  /** AllowUnauthenticatedIdentities / allow_unauthenticated_identities (guest access). */
  allowUnauthenticated: Maybe<boolean>;
  /** AllowClassicFlow / allow_classic_flow (the basic authentication flow). */
  allowClassicFlow: Maybe<boolean>;
  /** The identity providers its authenticated identities sign in with, in words. */
  providers: readonly Maybe<string>[];
  source: Source;
}

/**
 * The roles an identity pool hands out in the enhanced flow (`AWS::Cognito::IdentityPoolRoleAttachment`,
 * `aws_cognito_identity_pool_roles_attachment`): the default authenticated and unauthenticated
 * roles, the roles of role-mapping rules, and whether a mapping takes the role from the token.
 */
export interface CognitoPoolRoles extends MaybePresent {
  /** The identity pool id (as the pool's `id`), or unknown. */
  pool: Maybe<string>;
  authenticated: Maybe<string> | undefined;
  unauthenticated: Maybe<string> | undefined;
  /** Role ARNs of role-mapping rules. */
  mapped: readonly Maybe<string>[];
  /** A role mapping of type Token (the role comes from the user pool token's cognito:roles). */
  tokenMapping: boolean;
  source: Source;
}

/**
 * An EKS Pod Identity association of the inputs (`AWS::EKS::PodIdentityAssociation`,
 * `aws_eks_pod_identity_association`): EKS hands `role` to the pods of `serviceAccount` in
 * `namespace` of `cluster` (src/aws/eks-pod-identity.ts).
 */
export interface PodIdentityAssociation extends MaybePresent {
  cluster: Maybe<string>;
  namespace: Maybe<string>;
  serviceAccount: Maybe<string>;
  role: Maybe<string>;
  account: string;
  source: Source;
}

/**
 * An EKS cluster of the inputs (`AWS::EKS::Cluster`, CDK's `Custom::AWSCDK-EKS-Cluster`,
 * `aws_eks_cluster`) with its OIDC issuer (`oidc.eks.REGION.amazonaws.com/id/ID`, no `https://`;
 * the ID an unknown name part until EKS creates the cluster), the issuer of the service-account
 * tokens IRSA trusts (src/aws/eks-clusters.ts).
 */
/**
 * A resource of the inputs that holds no policy and runs nothing by itself, kept by ARN (a SageMaker
 * notebook instance lifecycle configuration): a request on a resource that exists already may name
 * it (analysis/escalation-existing-starts.ts). Its ARN has unknown name parts where the inputs
 * leave the name to the deploy.
 */
export interface PlainResource extends MaybePresent {
  /** The CloudFormation or Terraform type it was read from. */
  type: string;
  arn: string;
  source: Source;
}

export interface EksCluster extends MaybePresent {
  name: Maybe<string>;
  arn: Maybe<string>;
  issuer: Maybe<string>;
  account: string;
  source: Source;
}

/**
 * An API Gateway method of the inputs (`AWS::ApiGateway::Method`, a path of a REST API's OpenAPI
 * body, `AWS::ApiGatewayV2::Route`, `aws_api_gateway_method`, `aws_apigatewayv2_route`): a way in
 * that callers on the internet use without AWS credentials when its authorization is `NONE`
 * (src/aws/apigateway-methods.ts says what each value means).
 */
export interface ApiMethod extends MaybePresent {
  /** How the API is named in messages (its name, else logical id or address). */
  api: string;
  /** `rest` (API Gateway REST API) or `http` (API Gateway v2 HTTP API). */
  protocol: 'rest' | 'http';
  /**
   * The model id (ARN) of the REST API resource whose resource policy applies, when it is a
   * resource of the model; undefined for an HTTP API (no resource policy) or an API outside it.
   */
  apiArn: string | undefined;
  /**
   * The API's execution ARN (`arn:aws:execute-api:REGION:ACCOUNT:API-ID`), what `aws:SourceArn`
   * holds (followed by `/stage/METHOD/path`) when API Gateway invokes a Lambda function, when the
   * inputs give it and it is not `apiArn` (an HTTP API's); undefined otherwise.
   */
  executeArn?: string;
  /** The REST API's endpoint is PRIVATE (reached only through interface VPC endpoints). */
  privateEndpoint: Maybe<boolean>;
  /** The HTTP method (`GET`, `ANY`...) and resource path (`/orders`), or the HTTP API route key. */
  route: Maybe<string>;
  /** The authorization type as written (`NONE`, `AWS_IAM`, `CUSTOM`, `COGNITO_USER_POOLS`, `JWT`). */
  authorization: Maybe<string>;
  /** The integration, when the inputs give one (undefined: none of the inputs). */
  integration: Maybe<ApiIntegration> | undefined;
  account: string;
  source: Source;
}

/** The backend an API Gateway method sends its requests to (src/aws/apigateway-methods.ts). */
export interface ApiIntegration {
  /** `AWS`, `AWS_PROXY`, `HTTP`, `HTTP_PROXY`, `MOCK` (any case). */
  type: Maybe<string>;
  /** The integration URI (`arn:aws:apigateway:REGION:sqs:action/SendMessage`, a function ARN). */
  uri: Maybe<string> | undefined;
  /** HTTP APIs: the AWS service integration's subtype (`SQS-SendMessage`). */
  subtype?: Maybe<string>;
  /** The integration credentials: the role API Gateway assumes, when set. */
  credentials: Maybe<string> | undefined;
  /**
   * The request parameters as written (REST: `integration.request.querystring.QueueUrl` →
   * `'https://…'` or `method.request.…`; HTTP API: `QueueUrl` → a value or `$request.…`), when
   * set: where the target resource of an AWS service integration may be named.
   */
  requestParameters?: Maybe<Readonly<Record<string, Maybe<string>>>>;
  /** REST: the mapping templates by content type, when set (`stateMachineArn` in a template). */
  requestTemplates?: Maybe<Readonly<Record<string, Maybe<string>>>>;
  /** REST: `PassthroughBehavior` as written, when set (absent: `WHEN_NO_MATCH`). */
  passthroughBehavior?: Maybe<string>;
  source: Source;
}

/**
 * The level (`PolicyDocument.orgLevel`) of the AWS Organizations default FullAWSAccess /
 * RCPFullAWSAccess policy an adapter assumes: the levels from the root to the account that the
 * inputs attach no policy to. At a level where they attach an allow list, FullAWSAccess may remain
 * beside it, unless shown detached (aws/org-managed-policies.ts `fullAccessMaybeAttached`).
 */
export const ORG_DEFAULT_LEVEL = '(levels without a policy of the inputs)';

/**
 * Service control policies and resource control policies that apply to one account. Each
 * document's `orgLevel` is the node it is attached at, when the inputs say (engine/org-levels.ts).
 */
export interface OrganizationPolicies {
  account: string;
  scps: readonly PolicyDocument[];
  rcps: readonly PolicyDocument[];
}

export interface Account {
  id: string;
  /** Default region of the inputs for this account, when known. */
  region: string | undefined;
  /**
   * Set when some input of this account gave no region and the stand-in region
   * (`PLACEHOLDER_REGION`, src/model/stand-ins.ts) was used in its ARNs: a request on a resource
   * of the account in that region may be made to any region once deployed.
   */
  regionIsStandIn?: boolean;
  /** The account's S3 Block Public Access settings, when the inputs set them. */
  publicAccessBlock?: PublicAccessBlock;
  /**
   * The account's S3 canonical user id, when the inputs pin it (a Terraform plan's
   * `data.aws_canonical_user_id` of the account's provider): a `CanonicalUser` grant then names
   * the account or not (src/engine/compile-policy.ts `accountCanonicalMatch`).
   */
  canonicalUserId?: string;
  /**
   * For the stand-in account (`PLACEHOLDER_ACCOUNT`) when it stands for more than the unstated
   * deploying account: what else it stands for (a Terraform provider configuration assuming a role
   * whose account is not known, the account of a policy's target that may be another account's:
   * `ModelBuilder.attachToUnknownResource`), as the engine says when a decision depends on its id
   * (src/engine/account-worlds.ts).
   */
  standsFor?: readonly string[];
  /**
   * For the stand-in account: the accounts whose ids are unknown that it stands for at once, each
   * with the Terraform addresses of the elements modelled in it (a provider configuration assuming
   * a role in an unknown account, a member account the plan creates). Two of them (or one and an
   * unstated deploying account) may be two accounts: src/engine/stand-in-parts.ts decides a
   * request between them indeterminate.
   */
  standInParts?: readonly StandInPart[];
  /**
   * For a stand-in account: every account it stands for is a member account the inputs create
   * (`StandInPart.newAccount` set on each of its parts), so it is none of the accounts that exist
   * before (the deploying account, another new account): src/model/stand-ins.ts
   * `standInsMayBeOne`. Set by `ModelBuilder.build`; false for a stand-in that also stands for an
   * account that is not new (a provider configuration's, past the last stand-in id).
   */
  newAccount?: boolean;
  /**
   * For a stand-in account: every account it stands for is one the plan creates
   * (`StandInPart.newAccount` `'created'`), so its id is new, none of the ids the inputs name
   * (src/model/stand-ins.ts `deployingAccountAlternatives`). Set by `ModelBuilder.build`.
   */
  createdByPlan?: boolean;
  /**
   * The inputs create an organization in this account (`aws_organizations_organization`,
   * `AWS::Organizations::Organization`): CreateOrganization makes it the management account, which
   * SCPs and RCPs do not affect (src/aws/org-management-account.ts). Set by `ModelBuilder.build`
   * from `noteManagementAccount`, never on a stand-in account that also stands for others.
   */
  managementAccount?: boolean;
}

/** One account the stand-in account stands for (`Account.standInParts`). */
export interface StandInPart {
  /** What identifies it: the aws_organizations_account address it is, or the provider configuration key. */
  key: string;
  /** What it is, as a reason says. */
  what: string;
  /** Terraform addresses of the elements modelled in it. */
  addresses: readonly string[];
  /** Where the warning that says so points (tf/provider-other-account, tf/org-new-account). */
  source?: Source;
  /**
   * A member account the inputs create: `'created'` when the plan creates it (CreateAccount at
   * apply: a new account id), `'declared'` when the inputs declare it without saying it is
   * created now (a configuration read without a plan may import an invited account).
   */
  newAccount?: 'created' | 'declared';
}

/**
 * A policy attached to a principal the inputs do not pin down (`Users: [!Ref UserParam]`
 * without a default, an attachment whose role is known only after apply). It may attach to
 * any principal of that kind: the builder adds it, maybe-present, to every model principal of
 * the kind and to a stand-in principal for one outside the inputs. Kept here for reports.
 */
export interface UnknownTargetAttachment {
  kind: 'user' | 'group' | 'role';
  account: string;
  /** What is attached: an inline policy or a managed policy attachment. */
  policy: { inline: InlinePolicy } | { managed: PolicyAttachment };
  /** Why the target is unknown. */
  reason: Unknown;
  /** The stand-in principal created for a target outside the inputs (a user for a group). */
  standIn: string;
  /** The logical id or address the stand-in is named after. */
  hint: string;
  source: Source;
  /** ARN patterns bounding the principals it may attach to; undefined: any of the kind. */
  among?: readonly string[];
}

/**
 * A request of a `StackRole`: on a resource the maker creates and names (a delegated
 * administrator's StackSet), `resource` holds the probe name and `names` the ARN pattern of the
 * names it may give instead (analysis/escalation-start-names.ts `withStartNames`).
 */
export interface StackRoleRequest {
  action: string;
  resource: string;
  names?: string;
}

/**
 * What runs with a CloudFormation service role that the inputs' principals may drive
 * (src/aws/stack-roles.ts owns the fact): a stack deployed with a service role, whose role runs
 * every later operation on it (`UpdateStack`, a change set), or a StackSets / Identity Center
 * delegated administrator account, whose principals may deploy into member accounts. Whoever may
 * make one of `requests` acts as `role`.
 */
export interface StackRole {
  /** How it is named in messages: `CloudFormation stack App`. */
  label: string;
  /** The account the requests go to. */
  account: string;
  /** The alternatives, each a list of requests all needed (`UpdateStack`; `CreateChangeSet` + `ExecuteChangeSet`). */
  requests: readonly (readonly StackRoleRequest[])[];
  /** The role's ARN when known, else why not. A role the model does not hold is unknown too. */
  role: Maybe<string>;
  /**
   * Where a role the model does not hold may act: its own account (`account`), or every account
   * of the inputs but the organization's management account (`members`: a delegated administrator).
   */
  reach: 'account' | 'members';
  /** Accounts it never reaches (a delegated administrator: the management account that registers it). */
  notIn?: readonly string[];
  /** What the role is, for a role the model does not hold (`the CDK bootstrap's cfn-exec-role`). */
  what: string;
  source: Source;
  /** Why the stack might not exist. */
  presence?: Unknown;
  /**
   * Why the stack's name is not known (a template given alone, named after its file; a delegated
   * administrator: why the ids its requests' ARNs hold are unknown parts): the
   * requests' stack ARNs hold it as an unknown part (`stack/(unknown-stack-name-app)/(unknown-stack-id-…)`), each
   * standing for a stack of any name (analysis/escalation.ts `stackRoleUses`).
   */
  nameUnknown?: Unknown;
}

export interface Model {
  partition: string;
  accounts: readonly Account[];
  users: readonly User[];
  groups: readonly Group[];
  roles: readonly Role[];
  policies: readonly ManagedPolicy[];
  resources: readonly Resource[];
  /** OIDC and SAML identity providers defined in the inputs. */
  identityProviders: readonly IdentityProvider[];
  /** Amazon Cognito identity pools of the inputs and the roles they hand out (absent: none). */
  cognitoIdentityPools?: readonly CognitoIdentityPool[];
  cognitoPoolRoles?: readonly CognitoPoolRoles[];
  /** EKS Pod Identity associations of the inputs (absent: none). */
  podIdentityAssociations?: readonly PodIdentityAssociation[];
  /** EKS clusters of the inputs (absent: none). */
  eksClusters?: readonly EksCluster[];
  /** Resources of the inputs that hold no policy, by ARN (see `PlainResource`; absent: none). */
  plainResources?: readonly PlainResource[];
  /** API Gateway methods and routes of the inputs (absent: none). */
  apiMethods?: readonly ApiMethod[];
  organizations: readonly OrganizationPolicies[];
  /** Policies attached to targets the inputs do not pin down (already spread, maybe-present). */
  unknownTargets: readonly UnknownTargetAttachment[];
  /** Stacks and delegated administrators that run with a service role (absent: none). */
  stackRoles?: readonly StackRole[];
  /**
   * Resources that run with a role the inputs do not pin down (its ARN unknown: `linkRoleUse`),
   * each with why (absent: none): they may run as any role their service may assume.
   */
  unlinkedRoleUses?: readonly UnlinkedRoleUse[];
  /**
   * Resources that run with a role the inputs name by a known ARN but do not define (`linkRoleUse`),
   * each with that ARN (absent: none): what the role may do is unknown to the inputs
   * (analysis/risk-outside-escalation.ts).
   */
  outsideRoleUses?: readonly OutsideRoleUse[];
  /** The Auto Scaling groups of the inputs (absent: none). */
  autoScalingGroups?: readonly AutoScalingGroup[];
  findings: readonly Finding[];
}

/** A use of a role the inputs name by ARN but do not define (`Model.outsideRoleUses`). */
export interface OutsideRoleUse extends RoleUse {
  /** The role's ARN as the inputs write it. */
  role: string;
  /** Kind `ec2-instance-profile`: the profile, with the EC2 instances and launch templates using it. */
  instanceProfile?: InstanceProfile;
}

/** A use of a role whose ARN is unknown (`Model.unlinkedRoleUses`): what runs, and why its role is not known. */
export interface UnlinkedRoleUse extends RoleUse {
  /** Why the role is not known (the unknown's reason). */
  why: string;
}
