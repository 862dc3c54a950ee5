// Resources with resource-based policies. Handlers map Terraform attributes onto the AWS facts of
// src/aws (ARN formats, the default key policy, the statements Lambda's AddPermission and
// AddLayerVersionPermission and EventBridge's PutPermission write, queue URLs, S3 Block Public
// Access) and the shared description of each resource policy (src/aws/resource-policies.ts),
// from which the handlers of DynamoDB, ECR, Kinesis, VPC endpoints, OpenSearch, EventBridge,
// Backup, EFS, Glue, API Gateway and Lambda layers are made. S3 buckets, SQS queues, SNS topics,
// KMS keys, Lambda functions and Secrets Manager secrets have dedicated handlers.

import { OPENAPI_POLICY_EXTENSION, restApiPolicyPlace } from '../../../aws/apigateway.js';
import { parseApiBody } from './api-methods.js';
import { addUnmodelledPolicy } from '../../../aws/governed-arns.js';
import {
  ARN,
  type AwsEnvironment,
  parseArn,
  streamOfConsumer,
  unknownKeyId,
} from '../../../aws/arn-formats.js';
import { addEcrRegistryPolicy } from '../../../aws/ecr-registry-policy.js';
import { addLogsResourcePolicy } from '../../../aws/logs-resource-policy.js';
import { eventBusPermissionDocument } from '../../../aws/events.js';
import {
  s3BucketKeyOf,
  s3DefaultEncryptionKey,
  streamEncryptionKey,
} from '../../../aws/encryption-key-requirement.js';
import {
  defaultKeyPolicy,
  GRANT_KEY_MAY_BE_ELSEWHERE,
  kmsGrantDocument,
  kmsKeyProperties,
  recordReplicaKey,
} from '../../../aws/kms.js';
import {
  lambdaPermissionDocument,
  layerPermissionDocument,
  parseFunctionName,
  publicFunctionUrlPermissions,
  unknownQualifierArn,
} from '../../../aws/lambda.js';
import {
  describeResourcePolicy,
  targetAccountOf,
  kindOfArn,
  LAYER_VERSION,
  nameFromArn,
  RESOURCE_POLICIES,
  type ResourcePolicyDescription,
  STREAM_LABEL,
  storedPolicy,
  type TfPolicyCarrier,
} from '../../../aws/resource-policies.js';
import { writerOf } from '../../../aws/cross-account-writes.js';
import {
  type AclGrant,
  type AclGrantee,
  aclOwnerCanonicalId,
  aclStatements,
  bucketPermissionActions,
  cannedAclGrants,
  cannedObjectAclGrants,
  effectiveBucketGrants,
  effectiveObjectAcl,
  granteePrincipal,
  objectPermissionActions,
} from '../../../aws/s3-acl.js';
import { s3AbacStatus } from '../../../aws/s3-abac.js';
import { directoryBucketArn, isDirectoryBucketName } from '../../../aws/s3-directory-buckets.js';
import { queueFromUrl } from '../../../aws/sqs.js';
import type { Source } from '../../../model/source.js';
import type { FunctionUrl, PublicAccessBlock, Resource, ResourceKind } from '../../../model/types.js';
import { isPartlyKnown, isUnknown, type Maybe, Unknown } from '../../../model/unknown.js';
import { parsePolicy } from '../../../policy/parse.js';
import type { PolicyDocument } from '../../../policy/types.js';
import type { TfObject } from '../eval/values.js';
import { andPresence } from '../eval/branches.js';
import { makesNewObject, type TfInstance } from '../instances.js';
import { plannedAttribute } from './planned-unknown.js';
import { hasUnknownNamePart, UNKNOWN_REGION } from '../../../model/stand-ins.js';
import { stringOrUnknown, type TfLoadState, str } from './context.js';
import { publicAccessBlockOf } from './public-access-block.js';
import { envOf, regionOf } from './instance-region.js';

type Handler = (ctx: TfLoadState, inst: TfInstance) => void;

function known(v: unknown): v is string {
  return typeof v === 'string' && v !== '';
}

/**
 * An attribute's policy; an unknown one as handlers/planned-unknown.ts reads it (none when the
 * provider computes it for a created resource; maybe-present when a plan cannot tell).
 */
function inlinePolicy(ctx: TfLoadState, inst: TfInstance, attr: string, kind: 'resource') {
  const planned = plannedAttribute(ctx, inst, attr);
  if (!planned) return undefined;
  const doc = ctx.policy(planned.value, kind, inst.attrSource(attr));
  return doc && planned.presence ? { ...doc, presence: andPresence(doc.presence, planned.presence) } : doc;
}

/**
 * A required policy attribute's document (`inlinePolicy`), or an unknown document when the
 * instance does not give it: the policy is kept as unknown, never dropped.
 */
function requiredPolicy(ctx: TfLoadState, inst: TfInstance, attr: string): PolicyDocument {
  return (
    inlinePolicy(ctx, inst, attr, 'resource') ??
    parsePolicy(new Unknown(`${inst.address} has no ${attr}`, inst.source), {
      kind: 'resource',
      source: inst.source,
    })
  );
}

/**
 * aws_api_gateway_rest_api's resource policy: `policy`, else the `x-amazon-apigateway-policy` of
 * the OpenAPI definition in `body` (JSON or YAML: api-methods.ts `parseApiBody`); a body known only
 * after apply, or neither, may carry one
 * (the rule: `aws/apigateway.ts` `restApiPolicyPlace`; `policy` overrides the body's, as the
 * provider documents).
 */
function restApiPolicy(ctx: TfLoadState, inst: TfInstance): PolicyDocument | undefined {
  const planned = plannedAttribute(ctx, inst, 'policy');
  const hasPolicy =
    planned !== undefined && planned.value !== undefined && planned.value !== null && planned.value !== '';
  const body = inst.values.body;
  let definition: unknown;
  let outside: string | undefined;
  if (isUnknown(body)) outside = 'body is known only after apply';
  else if (typeof body === 'string' && body.trim() !== '') {
    const read = parseApiBody(body);
    if ('definition' in read) definition = read.definition;
    else outside = read.why;
  }
  const own =
    definition !== null && typeof definition === 'object' && !Array.isArray(definition)
      ? (definition as Record<string, unknown>)[OPENAPI_POLICY_EXTENSION]
      : undefined;
  const place = restApiPolicyPlace({
    policy: hasPolicy,
    definitionPolicy: own !== undefined,
    definitionOutside: outside,
    propertyOverrides: true,
  });
  switch (place.from) {
    case 'none':
      return undefined;
    case 'property':
      return inlinePolicy(ctx, inst, 'policy', 'resource');
    case 'definition':
      return ctx.policy(own, 'resource', inst.attrSource('body'));
    case 'unknown': {
      const source = inst.attrSource('body');
      ctx.finding({
        code: 'tf/rest-api-policy-unknown',
        severity: 'warning',
        message: `${inst.address}: ${place.why}; its resource policy is unknown, so who may invoke it is indeterminate`,
        source,
      });
      return parsePolicy(new Unknown(`${inst.address}: ${place.why}`, source), { kind: 'resource', source });
    }
  }
}

function addResource(
  ctx: TfLoadState,
  inst: TfInstance,
  kind: ResourceKind,
  arn: string,
  name: string,
  policyAttr: string | undefined,
): string {
  const given =
    kind === 'apigateway-rest-api' && policyAttr
      ? restApiPolicy(ctx, inst)
      : policyAttr
        ? inlinePolicy(ctx, inst, policyAttr, 'resource')
        : undefined;
  const policy = given && storedPolicy(kind, given, arn);
  const endpoint = kind === 'vpc-endpoint';
  const id = ctx.builder.addResource({
    kind,
    arn,
    name,
    account: /^\d{12}$/.test(parseArn(arn)?.account ?? '') ? parseArn(arn)!.account : ctx.env.account,
    region: kind === 's3-bucket' ? undefined : regionOf(ctx, inst.values),
    tags: ctx.tags(inst.values),
    source: inst.source,
    ...(policy && !endpoint ? { policy } : {}),
    ...(inst.presence ? { presence: inst.presence } : {}),
  });
  if (policy && endpoint) ctx.builder.setEndpointPolicy(id, policy);
  ctx.record(inst, { kind: 'resource', id, name });
  return id;
}

/**
 * aws_kinesis_stream_consumer: the consumer, a holder of a Kinesis resource policy
 * (aws_kinesis_resource_policy on its ARN) of the stream's kind, at its `arn` (derived before
 * apply by eval/computed.ts: its stream's ARN, its name and an unknown creation timestamp), so a
 * policy on it names one consumer of a known stream, whose key decides its SubscribeToShard too
 * (aws/encryption-key-requirement.ts, `streamOfConsumer`). A consumer whose ARN is not known (its
 * stream unknown) is not added: a policy on it keeps an unknown target.
 */
export function handleStreamConsumer(ctx: TfLoadState, inst: TfInstance): void {
  const arn = inst.values.arn;
  if (!known(arn) || !streamOfConsumer(arn)) return;
  addResource(
    ctx,
    inst,
    'kinesis-stream',
    arn,
    arn.slice(arn.indexOf(':stream/') + ':stream/'.length),
    undefined,
  );
}

/**
 * aws_ses_email_identity (`email`) and aws_sesv2_email_identity (`email_identity`, an address or a
 * domain): an SES identity, the holder of the sending authorization policies aws_ses_identity_policy
 * and aws_sesv2_email_identity_policy add (aws/resource-policies.ts, kind `ses-identity`), at
 * `arn:PARTITION:ses:REGION:ACCOUNT:identity/NAME` (`ARN.sesIdentity`), so a policy naming its
 * `arn` or name is on it (was: an identity outside the inputs, or an unknown target).
 */
export function handleSesEmailIdentity(ctx: TfLoadState, inst: TfInstance): void {
  const d = describeResourcePolicy('ses-identity')!;
  const name = ctx.nameOf(inst, d.what, inst.type === 'aws_ses_email_identity' ? 'email' : 'email_identity');
  const arn = arnOrBuilt(inst, (n) => d.arn(envOf(ctx, inst.values), n), name);
  addResource(ctx, inst, 'ses-identity', arn, name, undefined);
}

/** The `arn` attribute when the plan knows it, else the ARN built from the name. */
function arnOrBuilt(inst: TfInstance, make: (name: string) => string, name: string, attr = 'arn'): string {
  const arn = inst.values[attr];
  return known(arn) ? arn : make(name);
}

export function handleBucket(ctx: TfLoadState, inst: TfInstance): void {
  const name = ctx.nameOf(inst, 'bucket', 'bucket');
  const id = addResource(ctx, inst, 's3-bucket', ARN.bucket(ctx.env.partition, name), name, 'policy');
  // ABAC is disabled until an aws_s3_bucket_abac enables it (src/aws/s3-abac.ts).
  const r = ctx.builder.getResource(id);
  if (r) r.s3Abac = 'disabled';
  // The default KMS key of objects: the (provider v3) inline server_side_encryption_configuration,
  // until an aws_s3_bucket_server_side_encryption_configuration sets it.
  if (r) setBucketEncryption(r, bucketDefaultKey(ctx, inst, 'server_side_encryption_configuration'));
}

/** The first block of a nested block list (`rule { … }`), the value itself when not a list. */
function firstBlock(value: unknown): unknown {
  return Array.isArray(value)
    ? value.length === 1
      ? value[0]
      : value.length === 0
        ? undefined
        : value
    : value;
}

/** A bucket's default encryption: its KMS key and whether it uses an S3 Bucket Key (undefined: not pinned down). */
interface BucketEncryption {
  key: Maybe<string> | null;
  bucketKey?: boolean;
}

/** Records `encryption` on bucket `r` (`Resource.kmsKeyId`, `Resource.s3BucketKey`). */
function setBucketEncryption(r: Resource, encryption: BucketEncryption): void {
  r.kmsKeyId = encryption.key;
  if (encryption.bucketKey === undefined) delete r.s3BucketKey;
  else r.s3BucketKey = encryption.bucketKey;
}

/**
 * A bucket's default encryption in `attr` (a block holding `rule { bucket_key_enabled,
 * apply_server_side_encryption_by_default { sse_algorithm, kms_master_key_id } }`, or the rules
 * themselves when `attr` is `rule`): its KMS key (`s3DefaultEncryptionKey`: none, null; a
 * configuration known only after apply, unknown; a key known only after apply, the one key of the
 * configuration the block refers to) and whether it uses an S3 Bucket Key (`s3BucketKeyOf`).
 */
function bucketDefaultKey(ctx: TfLoadState, inst: TfInstance, attr: string): BucketEncryption {
  const unknown = (why: string) => ({
    key: new Unknown(`the default encryption of ${inst.address} ${why}`, inst.attrSource(attr)),
  });
  const given = inst.values[attr];
  if (given === undefined || given === null || (Array.isArray(given) && given.length === 0))
    return { key: null };
  // aws_s3_bucket's own block is computed by the provider (from the separate resource, read by
  // `handleBucketEncryption`, or S3's default: "Server-side encryption with Amazon S3 managed keys
  // (SSE-S3) is the default encryption configuration for every bucket in Amazon S3", S3 User
  // Guide) unless the configuration writes it: an unknown the configuration does not write is no
  // KMS key.
  if (isUnknown(given)) return { key: attr === 'rule' || inst.configured(attr) === true ? given : null };
  const holder = attr === 'rule' ? { rule: given } : firstBlock(given);
  if (isUnknown(holder)) return { key: holder };
  if (!holder || typeof holder !== 'object' || Array.isArray(holder))
    return unknown('has more than one block');
  const rule = firstBlock((holder as TfObject).rule);
  if (rule === undefined || rule === null) return { key: null };
  if (isUnknown(rule)) return { key: rule };
  if (typeof rule !== 'object' || Array.isArray(rule)) return unknown('has more than one rule');
  const byDefault = firstBlock((rule as TfObject).apply_server_side_encryption_by_default);
  if (byDefault === undefined || byDefault === null) return { key: null };
  if (isUnknown(byDefault)) return { key: byDefault };
  if (typeof byDefault !== 'object' || Array.isArray(byDefault)) return unknown('is not one block');
  const { sse_algorithm: algorithm, kms_master_key_id: keyId } = byDefault as TfObject;
  const text = (v: unknown): string | Unknown | undefined =>
    v === undefined || v === null
      ? undefined
      : typeof v === 'string'
        ? v
        : isUnknown(v)
          ? v
          : unknown('is not a string').key;
  const key = referencedKey(ctx, inst, attr);
  const bucketKey = s3BucketKeyOf(algorithm, (rule as TfObject).bucket_key_enabled);
  return {
    key: s3DefaultEncryptionKey(text(algorithm), typeof keyId === 'string' || !key ? text(keyId) : key.arn),
    ...(bucketKey === undefined ? {} : { bucketKey }),
  };
}

/**
 * aws_s3_bucket_server_side_encryption_configuration: the bucket's default KMS key
 * (`bucketDefaultKey`). One that might not be created, or whose bucket is unknown (then any bucket
 * of the inputs), leaves the key unknown unless it is the same either way.
 */
export function handleBucketEncryption(ctx: TfLoadState, inst: TfInstance): void {
  const encryption = bucketDefaultKey(ctx, inst, 'rule');
  const set = (r: Resource | undefined, maybe: boolean) => {
    if (r?.kind !== 's3-bucket') return;
    if (!maybe) return setBucketEncryption(r, encryption);
    if (r.kmsKeyId !== encryption.key)
      r.kmsKeyId = new Unknown(
        `the default encryption of ${r.arn} may be the one ${inst.address} sets`,
        inst.source,
      );
    if (r.s3BucketKey !== encryption.bucketKey) delete r.s3BucketKey;
  };
  const targets = bucketTargets(ctx, inst);
  if (!targets) return;
  for (const t of targets.known) set(ctx.builder.getResource(t.id), !!andPresence(t.presence, inst.presence));
  if (targets.unknown) for (const r of ctx.builder.resourceList()) set(r, true);
}

/**
 * aws_s3_bucket_abac: the bucket's ABAC status (`abac_status { status }`, Enabled or Disabled),
 * whether S3 evaluates aws:ResourceTag on it (src/aws/s3-abac.ts). A status known only after
 * apply, or one that might not be set (the resource might not exist), leaves the bucket's status
 * unknown unless it is the same either way; one whose bucket is unknown may be that of any bucket
 * of the inputs.
 */
export function handleBucketAbac(ctx: TfLoadState, inst: TfInstance): void {
  const block = inst.values.abac_status;
  const first = Array.isArray(block) ? block[0] : block;
  const raw =
    first && typeof first === 'object' && !Array.isArray(first) ? (first as TfObject).status : undefined;
  const status = s3AbacStatus(raw);
  const set = (r: Resource | undefined, maybe: boolean) => {
    if (r?.kind !== 's3-bucket') return;
    if (status && (!maybe || r.s3Abac === status)) r.s3Abac = status;
    else delete r.s3Abac;
  };
  const targets = bucketTargets(ctx, inst);
  if (!targets) return;
  for (const t of targets.known) set(ctx.builder.getResource(t.id), !!andPresence(t.presence, inst.presence));
  if (targets.unknown) for (const r of ctx.builder.resourceList()) set(r, true);
}

export function handleQueue(ctx: TfLoadState, inst: TfInstance): void {
  const name = ctx.nameOf(inst, 'queue');
  const arn = arnOrBuilt(inst, (n) => ARN.queue(envOf(ctx, inst.values), n), name);
  const id = addResource(ctx, inst, 'sqs-queue', arn, name, 'policy');
  // kms_master_key_id: SSE-KMS; not set, SSE-SQS or none (aws/encryption-key-requirement.ts).
  const r = ctx.builder.getResource(id);
  if (r) r.kmsKeyId = kmsKeyIdOf(ctx, inst, 'kms_master_key_id');
}

export function handleTopic(ctx: TfLoadState, inst: TfInstance): void {
  const name = ctx.nameOf(inst, 'topic');
  const arn = arnOrBuilt(inst, (n) => ARN.topic(envOf(ctx, inst.values), n), name);
  const id = addResource(ctx, inst, 'sns-topic', arn, name, 'policy');
  const r = ctx.builder.getResource(id);
  if (r) r.kmsKeyId = kmsKeyIdOf(ctx, inst, 'kms_master_key_id');
}

export function handleSecret(ctx: TfLoadState, inst: TfInstance): void {
  const name = ctx.nameOf(inst, 'secret');
  // Secrets Manager appends six random characters to the name: unknown (`ARN.secretOfName`).
  const arn = arnOrBuilt(inst, (n) => ARN.secretOfName(envOf(ctx, inst.values), n, inst.address), name);
  const id = addResource(ctx, inst, 'secretsmanager-secret', arn, name, 'policy');
  const r = ctx.builder.getResource(id);
  if (r) r.kmsKeyId = kmsKeyIdOf(ctx, inst, 'kms_key_id');
}

/**
 * The KMS key a resource names in `attr` (aws/encryption-key-requirement.ts): not set, null (the
 * service's default); a string as given; known only after apply, the one key of the
 * configuration it refers to (its model ARN), else unknown.
 */
function kmsKeyIdOf(ctx: TfLoadState, inst: TfInstance, attr: string): Maybe<string> | null {
  const value = inst.values[attr];
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') return value;
  const key = referencedKey(ctx, inst, attr);
  if (key) return key.arn;
  return isUnknown(value)
    ? value
    : new Unknown(`the ${attr} of ${inst.address} is not known before apply`, inst.attrSource(attr));
}

/** A string attribute as given, Unknown kept, undefined when not set; another value, Unknown. */
function stringOrUnknownAttr(inst: TfInstance, attr: string): string | Unknown | undefined {
  const v = inst.values[attr];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string' || isUnknown(v)) return v;
  return new Unknown(`the ${attr} of ${inst.address} is not a string`, inst.attrSource(attr));
}

/** The one KMS key of the configuration `attr` refers to, if it refers to exactly one. */
function referencedKey(ctx: TfLoadState, inst: TfInstance, attr: string): Resource | undefined {
  const refs = ctx.referenced(inst, attr, ['resource']);
  const key = refs.length === 1 ? ctx.builder.getResource(refs[0]!.id) : undefined;
  return key?.kind === 'kms-key' ? key : undefined;
}

/**
 * aws_kms_alias: the alias names its target_key_id (a key id or ARN, or a reference to a key of
 * the configuration); recorded on that key (`Resource.kmsAliasArns`) so a resource keyed by the
 * alias resolves to it. An alias name or target not known before apply records nothing: such an
 * alias stays unresolved.
 */
export function handleKmsAlias(ctx: TfLoadState, inst: TfInstance): void {
  const aliasArn = inst.values.arn;
  if (typeof aliasArn !== 'string' || inst.presence || hasUnknownNamePart(aliasArn)) return;
  const target = inst.values.target_key_id;
  const key =
    referencedKey(ctx, inst, 'target_key_id') ??
    (typeof target === 'string'
      ? ctx.builder.getResource(target.startsWith('arn:') ? target : ARN.key(envOf(ctx, inst.values), target))
      : undefined);
  if (key?.kind === 'kms-key') key.kmsAliasArns = [...(key.kmsAliasArns ?? []), aliasArn];
}

export function handleFunction(ctx: TfLoadState, inst: TfInstance): void {
  const name = ctx.nameOf(inst, 'function', 'function_name');
  const arn = arnOrBuilt(inst, (n) => ARN.function(envOf(ctx, inst.values), n), name);
  addResource(ctx, inst, 'lambda-function', arn, name, undefined);
}

/**
 * aws_lambda_function `role` (the execution role's ARN), linked once every role exists: the ARN
 * when known, else (unknown or empty) the one role the configuration refers to; otherwise the
 * builder reports the function as unlinked, or a finding says the role is not set (AWS Lambda
 * Developer Guide, "Defining Lambda function permissions with an execution role",
 * https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html).
 */
export function handleFunctionRole(ctx: TfLoadState, inst: TfInstance): void {
  const fn = ctx.byAddress.get(inst.address);
  if (fn?.kind !== 'resource') return;
  const value = inst.values.role;
  const source = inst.attrSource('role');
  let roleArn: Maybe<string> | undefined = known(value) || isUnknown(value) ? value : undefined;
  if (!known(value)) {
    const refs = ctx.referenced(inst, 'role', ['role']);
    if (refs.length === 1) roleArn = refs[0]!.id;
  }
  if (roleArn === undefined) {
    ctx.finding({
      code: 'tf/unresolved-reference',
      severity: 'warning',
      message: `${inst.address}: role (the function's execution role) is not set; what the function can do is not modelled`,
      source,
    });
    return;
  }
  ctx.builder.linkRoleUse(roleArn, {
    kind: 'lambda-function',
    name: fn.name,
    arn: fn.id,
    service: 'lambda.amazonaws.com',
    source,
  });
}

/** A document built from AWS facts, located at the instance. */
function builtDocument(value: unknown, source: Source): PolicyDocument {
  return parsePolicy(value, { kind: 'resource', source });
}

/** The pointer suffix of the default key policy's source (it is not written in the input). */
const DEFAULT_KEY_POLICY_POINTER = '(default key policy)';

/** The pointer suffix of a default policy's source (`ResourcePolicyDescription.defaultPolicy`). */
function defaultPolicyPointer(what: string): string {
  return `(${what})`;
}

/** Whether a policy is one AWS applies while none is set (replaced by a written one without a word). */
function isDefaultPolicy(doc: PolicyDocument): boolean {
  const pointer = doc.source.pointer ?? '';
  return (
    pointer.endsWith(DEFAULT_KEY_POLICY_POINTER) ||
    RESOURCE_POLICIES.some(
      (d) => d.defaultPolicy && pointer.endsWith(defaultPolicyPointer(d.defaultPolicy.what)),
    )
  );
}

/**
 * The policy AWS applies to a resource of `d`'s kind created without one (EFS's default file
 * system policy: `ResourcePolicyDescription.defaultPolicy`), set on resource `id` when it has none.
 */
function setDefaultPolicy(
  ctx: TfLoadState,
  inst: TfInstance,
  d: ResourcePolicyDescription,
  id: string,
): void {
  const r = ctx.builder.getResource(id);
  if (!d.defaultPolicy || !r) return;
  const pointer = defaultPolicyPointer(d.defaultPolicy.what);
  putDefaultPolicy(ctx, inst, id, d.defaultPolicy.document(r.arn), inst.source, pointer);
}

/**
 * Sets the policy AWS applies while none is set (`value`, its source marked with `pointer`) on
 * resource `id`: when it has no policy, or beside one that may not be set (a conditional whose
 * other branch is `null`), maybe-present then.
 */
function putDefaultPolicy(
  ctx: TfLoadState,
  inst: TfInstance,
  id: string,
  value: Record<string, unknown>,
  at: Source,
  pointer: string,
): void {
  const given = ctx.builder.getResource(id)?.policy;
  if (given && !given.presence) return;
  const source = { ...at, pointer: `${at.pointer ?? ''}${pointer}` };
  const doc = builtDocument(value, source);
  if (!given?.presence) return void ctx.builder.replaceResourcePolicy(id, doc);
  const absent = new Unknown(
    `the default policy applies when ${inst.address} sets none (${given.presence.reason})`,
    given.presence.source,
  );
  ctx.builder.addResourcePolicy(id, {
    ...doc,
    statements: doc.statements.map((st) => ({ ...st, presence: st.presence ?? absent })),
  });
}

/**
 * aws_kms_key, aws_kms_external_key, aws_kms_replica_key and aws_kms_replica_external_key: the key policy, or KMS's default key policy when none is
 * given (`defaultKeyPolicy`; ReplicateKey's `Policy`: "If you do not provide a key policy, KMS
 * attaches the default key policy to the KMS key"), and the key's properties (a replica's are its
 * primary's: aws/kms.ts `recordReplicaKey`).
 */
export function handleKey(ctx: TfLoadState, inst: TfInstance): void {
  const env = envOf(ctx, inst.values);
  const keyId = str(inst.values, 'key_id') ?? unknownKeyId(inst.address);
  const arn = known(inst.values.arn) ? inst.values.arn : ARN.key(env, keyId);
  const id = addResource(ctx, inst, 'kms-key', arn, keyId, 'policy');
  const keyPolicy = defaultKeyPolicy(ctx.env.partition, ctx.env.account);
  putDefaultPolicy(ctx, inst, id, keyPolicy, inst.attrSource('policy'), DEFAULT_KEY_POLICY_POINTER);
  const r = ctx.builder.getResource(id);
  if (r && (inst.type === 'aws_kms_replica_key' || inst.type === 'aws_kms_replica_external_key')) {
    const primary = inst.values.primary_key_arn;
    recordReplicaKey(
      ctx.builder,
      r.arn,
      known(primary) || isUnknown(primary)
        ? primary
        : new Unknown(`${inst.address} has no primary_key_arn`, inst.source),
      inst.address,
      inst.attrSource('primary_key_arn'),
      // known after apply (a plan creating the primary too): the key the configuration names
      () => {
        const refs = ctx.referenced(inst, 'primary_key_arn', ['resource']);
        return refs.length === 1 ? refs[0]!.id : undefined;
      },
    );
  } else if (r) r.kmsKey = tfKeyProperties(inst);
  if (keyId !== arn) ctx.byAddress.set(inst.address, { kind: 'resource', id, name: keyId });
}

/**
 * aws_kms_key's properties: `customer_master_key_spec`, `key_usage`, `multi_region` (defaults when
 * unset: aws/kms.ts `kmsKeyProperties`). Its origin is AWS_KMS unless it is in a custom key store
 * (`custom_key_store_id`: AWS_CLOUDHSM or EXTERNAL_KEY_STORE, by the store's type, which the key
 * does not say: unknown).
 */
function tfKeyProperties(inst: TfInstance) {
  // aws_kms_external_key: a key for imported key material (origin EXTERNAL), its spec `key_spec`
  if (inst.type === 'aws_kms_external_key')
    return kmsKeyProperties(
      {
        keySpec: stringOrUnknown(inst.values.key_spec),
        keyUsage: stringOrUnknown(inst.values.key_usage),
        origin: 'EXTERNAL',
        multiRegion: multiRegionValue(inst.values.multi_region),
      },
      (what) => new Unknown(`${what} of ${inst.address} is not a Boolean`, inst.attrSource('multi_region')),
    );
  const store = inst.values.custom_key_store_id;
  const source = inst.attrSource('custom_key_store_id');
  const inStore = isUnknown(store) || (typeof store === 'string' && store !== '');
  const multi = inst.values.multi_region;
  return kmsKeyProperties(
    {
      keySpec: stringOrUnknown(inst.values.customer_master_key_spec),
      keyUsage: stringOrUnknown(inst.values.key_usage),
      origin: inStore
        ? new Unknown(
            `the origin of ${inst.address}, a key in a custom key store (AWS_CLOUDHSM or EXTERNAL_KEY_STORE)`,
            source,
          )
        : undefined,
      multiRegion: multiRegionValue(multi),
    },
    (what) => new Unknown(`${what} of ${inst.address} is not a Boolean`, inst.attrSource('multi_region')),
  );
}

/** A `multi_region` value as `kmsKeyProperties` reads it (undefined: not set). */
function multiRegionValue(multi: unknown): Maybe<string | boolean> | undefined {
  return isUnknown(multi) || typeof multi === 'boolean' || typeof multi === 'string' ? multi : undefined;
}

/**
 * Sets a policy on a resource a policy resource names: it replaces the resource's policy, unless
 * it adds statements (`adds`) or might not exist (an undecided branch of the target, an instance
 * that might not exist), when the policy in place stays too.
 */
function putPolicy(
  ctx: TfLoadState,
  id: string,
  doc: PolicyDocument,
  presence: Unknown | undefined,
  adds = false,
): void {
  const marked = presence
    ? {
        ...doc,
        presence,
        statements: doc.statements.map((st) => ({ ...st, presence: st.presence ?? presence })),
      }
    : doc;
  if (ctx.builder.getResource(id)?.kind === 'vpc-endpoint') ctx.builder.setEndpointPolicy(id, marked);
  else if (adds || presence || doc.presence) ctx.builder.addResourcePolicy(id, marked);
  else replacePolicy(ctx, id, marked);
}

/**
 * Sets the policy of resource `id`, which another resource may have set already (the `policy`
 * argument of aws_s3_bucket and an aws_s3_bucket_policy, of aws_kms_key and an
 * aws_kms_key_policy, two aws_sqs_queue_policy on one queue): the rule is the builder's
 * (`ModelBuilder.setOnlyResourcePolicy`: different documents both maybe-present, the same
 * statements one policy); here, who set it before and the findings. KMS's default key policy,
 * which the adapter gives a key without one, is replaced without a word.
 */
function replacePolicy(ctx: TfLoadState, id: string, doc: PolicyDocument): void {
  const previous = ctx.builder.getResource(id)?.policy;
  const by = doc.source.address;
  const before = previous?.source.address;
  const rival =
    previous && by && before && before !== by && !isDefaultPolicy(previous)
      ? new Unknown(
          `${before} and ${by} both set the policy of ${id}; a resource has one policy, and which of them it keeps depends on the order Terraform applies them in`,
          doc.source,
        )
      : undefined;
  const done = ctx.builder.setOnlyResourcePolicy(id, doc, rival);
  if (done === 'same')
    ctx.finding({
      code: 'tf/same-resource-policy',
      severity: 'info',
      message: `${before} sets the policy of ${id} that ${by} also sets, with the same statements: one policy, the one of ${by}`,
      source: previous!.source,
    });
  else if (done === 'both')
    ctx.finding({
      code: 'tf/duplicate-resource-policy',
      severity: 'warning',
      message: `${rival!.reason}: the statements of both are kept, each maybe-present (set the policy in one place)`,
      source: doc.source,
    });
}

/**
 * Keeps a policy whose target resource is unknown: it may be the policy of any resource of `kind`
 * of the account, so the builder adds it, maybe-present, to each and to a stand-in
 * (`ModelBuilder.attachToUnknownResource`).
 */
function onUnknownTarget(
  ctx: TfLoadState,
  inst: TfInstance,
  attr: string,
  kind: ResourceKind,
  why: Unknown,
  what: {
    policy?: PolicyDocument;
    adds?: boolean;
    functionUrl?: FunctionUrl;
    /** Why this writer may name another account's resource when the kind's policy may not (a KMS grant). */
    mayBeElsewhere?: string;
  },
): void {
  const d = describeResourcePolicy(kind);
  if (d?.narrowsOnly)
    return void ctx.finding({
      code: 'tf/unresolved-reference',
      severity: 'warning',
      message: `${inst.address}: the ${d.what} in ${attr} is unknown (${why.reason}); its policy (which only narrows requests made through it) is not applied`,
      source: inst.attrSource(attr),
    });
  const env = envOf(ctx, inst.values);
  const p = inst.presence;
  const policy =
    what.policy && p
      ? {
          ...what.policy,
          statements: what.policy.statements.map((st) => ({ ...st, presence: st.presence ?? p })),
        }
      : what.policy;
  // a queue URL, topic, function, secret or file system ARN may name another account: the one its
  // known text names, or any
  const value = inst.values[attr];
  const head = isPartlyKnown(value) && typeof value.parts[0] === 'string' ? value.parts[0] : '';
  const where = targetAccountOf(kind, head, ctx.env.account, what.mayBeElsewhere ?? d?.targetMayBeElsewhere);
  ctx.builder.attachToUnknownResource({
    kind,
    account: where === 'any' ? ctx.env.account : where,
    ...(policy ? { policy } : {}),
    replaces: !what.adds,
    ...(what.functionUrl ? { functionUrl: what.functionUrl } : {}),
    reason: why,
    ...(where === 'any' ? { anyAccount: true } : {}),
    // Terraform writes it with the provider configuration's credentials (aws/cross-account-writes.ts)
    ...writerOf(kind, ctx.env.account, where),
    arnOf: (name, account) =>
      d ? d.arn({ ...env, account }, name) : `arn:${env.partition}:${kind}:${env.region}:${account}:${name}`,
    ...(kind === 's3-bucket' ? {} : { region: env.region }),
    what: d?.what ?? kind,
    hint: inst.address,
    source: inst.attrSource(attr),
  });
}

/** A resource policy resource (aws_s3_bucket_policy, ...): replaces the resource's policy. */
function attachPolicy(
  ctx: TfLoadState,
  inst: TfInstance,
  attr: string,
  kind: ResourceKind,
  toArn: (v: string) => string | undefined,
  create: ((v: string) => void) | undefined,
  policyAttr = 'policy',
): void {
  const resolve = (v: string) => {
    const arn = toArn(v);
    if (arn && create && !ctx.builder.getResource(arn)) create(v);
    return arn && ctx.builder.getResource(arn) ? arn : undefined;
  };
  const targets = ctx.resourceTargets(inst, attr, resolve);
  if (!targets) return;
  const doc = ctx.requiredPolicy(inst, policyAttr, 'resource');
  for (const t of targets.known) putPolicy(ctx, t.id, doc, t.presence);
  if (targets.unknown) onUnknownTarget(ctx, inst, attr, kind, targets.unknown, { policy: doc });
}

export function handleBucketPolicy(ctx: TfLoadState, inst: TfInstance): void {
  const bucket = inst.values.bucket;
  if (typeof bucket === 'string' && isDirectoryBucketName(bucket)) {
    keepDirectoryBucketPolicy(ctx, inst, bucket);
    return;
  }
  attachPolicy(
    ctx,
    inst,
    'bucket',
    's3-bucket',
    (v) => (v.startsWith('arn:') ? v : ARN.bucket(ctx.env.partition, v)),
    (v) => {
      const name = v.startsWith('arn:') ? v.split(':').pop()! : v;
      ctx.builder.addBucket({
        bucketName: name,
        account: ctx.env.account,
        source: inst.attrSource('bucket'),
      });
    },
  );
}

/** The queue ARN of a queue URL (`queueFromUrl`). */
export function queueUrlToArn(partition: string, url: string): string | undefined {
  return queueFromUrl(url, partition)?.arn;
}

export function handleQueuePolicy(ctx: TfLoadState, inst: TfInstance): void {
  attachPolicy(
    ctx,
    inst,
    'queue_url',
    'sqs-queue',
    (v) => queueUrlToArn(ctx.env.partition, v),
    (v) => {
      const q = queueFromUrl(v, ctx.env.partition);
      if (!q) return;
      ctx.builder.addResource({
        kind: 'sqs-queue',
        arn: q.arn,
        name: q.name,
        account: q.account,
        region: q.region,
        source: inst.attrSource('queue_url'),
      });
    },
  );
}

/** Adds the resource an ARN names (a policy's target outside the inputs). */
function addByArn(ctx: TfLoadState, inst: TfInstance, attr: string, kind: ResourceKind) {
  return (arn: string) => {
    const p = parseArn(arn);
    if (!p) return;
    ctx.builder.addResource({
      kind,
      arn,
      name: p.resource.replace(/^secret:/, ''),
      account: p.account || ctx.env.account,
      region: p.region || undefined,
      source: inst.attrSource(attr),
    });
  };
}

export function handleTopicPolicy(ctx: TfLoadState, inst: TfInstance): void {
  attachPolicy(
    ctx,
    inst,
    'arn',
    'sns-topic',
    (v) => (v.startsWith('arn:') ? v : undefined),
    addByArn(ctx, inst, 'arn', 'sns-topic'),
  );
}

export function handleSecretPolicy(ctx: TfLoadState, inst: TfInstance): void {
  attachPolicy(
    ctx,
    inst,
    'secret_arn',
    'secretsmanager-secret',
    (v) => (v.startsWith('arn:') ? v : undefined),
    addByArn(ctx, inst, 'secret_arn', 'secretsmanager-secret'),
  );
}

export function handleKeyPolicy(ctx: TfLoadState, inst: TfInstance): void {
  attachPolicy(
    ctx,
    inst,
    'key_id',
    'kms-key',
    (v) => {
      if (v.startsWith('arn:')) return v;
      for (const [, ref] of ctx.byAddress) if (ref.kind === 'resource' && ref.name === v) return ref.id;
      return undefined;
    },
    undefined,
  );
}

/** The unqualified function ARN for a function name, partial ARN or ARN (the API's pattern). */
function functionArn(ctx: TfLoadState, v: string, env: AwsEnvironment): string | undefined {
  const target = parseFunctionName(v, env);
  if (!target) return undefined;
  if (!v.startsWith('arn:') && !/^\d{12}:/.test(v)) {
    // A plain name: the function of that name in the configuration, wherever its region.
    for (const [, ref] of ctx.byAddress) {
      if (ref.kind === 'resource' && ref.id.includes(':function:') && ref.name === target.name) return ref.id;
    }
  }
  return target.functionArn;
}

interface LambdaTarget {
  fid: string;
  /** The ARN requests on it use (qualified when a qualifier is given). */
  resource: Maybe<string>;
  qualifier: Maybe<string> | undefined;
  /** The link might not exist (an undecided branch of `function_name`). */
  presence?: Unknown;
}

/**
 * The functions an aws_lambda_permission or aws_lambda_function_url names (`function_name`, with
 * `qualifier`): each model id (a function outside the configuration is added with only what is
 * attached to it) and the ARN requests on it use; `unknown` when the function is not known (what
 * is attached is then kept on an unknown target), with `resource`, the unknown ARN.
 */
function lambdaTargets(
  ctx: TfLoadState,
  inst: TfInstance,
): { known: LambdaTarget[]; unknown?: Unknown } | undefined {
  const v = inst.values;
  // A function name (not an ARN) names a function in the region of the instance's provider.
  const env = envOf(ctx, v);
  const targets = ctx.resourceTargets(inst, 'function_name', (name) => {
    const arn = functionArn(ctx, name, env);
    const p = arn ? parseArn(arn) : undefined;
    if (arn && p && !ctx.builder.getResource(arn)) {
      ctx.builder.addResource({
        kind: 'lambda-function',
        arn,
        name: p.resource.split(':')[1]!,
        account: p.account,
        region: p.region,
        source: inst.attrSource('function_name'),
      });
    }
    return arn;
  });
  if (!targets) return undefined;
  const qualifier = v.qualifier;
  const list = targets.known.map((t): LambdaTarget => {
    const fid = t.id;
    const presence = t.presence ? { presence: t.presence } : {};
    // an unknown qualifier: one of this function's versions or aliases, not any resource
    if (isUnknown(qualifier))
      return { fid, resource: unknownQualifierArn(fid, qualifier), qualifier, ...presence };
    const fromName = known(v.function_name)
      ? parseFunctionName(v.function_name, ctx.env)?.qualifier
      : undefined;
    const q = known(qualifier) ? qualifier : fromName;
    return { fid, resource: q ? `${fid}:${q}` : fid, qualifier: q, ...presence };
  });
  return { known: list, ...(targets.unknown ? { unknown: targets.unknown } : {}) };
}

/** A built function policy document, maybe-present when the instance might not exist. */
function permissionDocument(
  document: unknown,
  source: Source,
  presence: Unknown | undefined,
): PolicyDocument {
  const doc = builtDocument(document, source);
  return presence ? { ...doc, presence } : doc;
}

/**
 * aws_lambda_permission → the statement AddPermission adds to the function policy
 * (`lambdaPermissionDocument`), on the function (qualified when a qualifier is given).
 */
export function handleLambdaPermission(ctx: TfLoadState, inst: TfInstance): void {
  const v = inst.values;
  const targets = lambdaTargets(ctx, inst);
  if (!targets) return;
  const documentFor = (resource: Maybe<string>) =>
    permissionDocument(
      lambdaPermissionDocument(
        {
          statementId: stringOrUnknown(v.statement_id),
          principal: stringOrUnknown(v.principal),
          action: stringOrUnknown(v.action) ?? 'lambda:InvokeFunction',
          resource,
          sourceArn: stringOrUnknown(v.source_arn),
          sourceAccount: stringOrUnknown(v.source_account),
          principalOrgId: stringOrUnknown(v.principal_org_id),
          functionUrlAuthType: stringOrUnknown(v.function_url_auth_type),
          eventSourceToken: stringOrUnknown(v.event_source_token),
          invokedViaFunctionUrl: stringOrUnknown(v.invoked_via_function_url),
        },
        ctx.env.partition,
      ).document,
      inst.source,
      inst.presence,
    );
  for (const t of targets.known) putPolicy(ctx, t.fid, documentFor(t.resource), t.presence, true);
  if (targets.unknown)
    onUnknownTarget(ctx, inst, 'function_name', 'lambda-function', targets.unknown, {
      policy: documentFor(targets.unknown),
      adds: true,
    });
}

/**
 * aws_lambda_function_url → a function URL of the function (or alias), with its
 * `authorization_type`; with `NONE`, the statements the provider adds to the function policy
 * (`publicFunctionUrlPermissions`; the second only from the provider versions that write it, so
 * it is maybe-present).
 */
export function handleFunctionUrl(ctx: TfLoadState, inst: TfInstance): void {
  const targets = lambdaTargets(ctx, inst);
  if (!targets) return;
  const authType =
    stringOrUnknown(inst.values.authorization_type) ??
    new Unknown('the function URL has no authorization_type', inst.attrSource('authorization_type'));
  // A plan that creates or replaces the URL (actions ["create"], ["delete","create"],
  // ["create","delete"]) pins it new, made after October 2025 (aws/lambda.ts `urlCallNeedsInvoke`);
  // an update, a no-op or a configuration may keep an older one.
  const created = makesNewObject(inst.action);
  const url = (qualifier: Maybe<string> | undefined, presence: Unknown | undefined): FunctionUrl => ({
    qualifier,
    authType,
    source: inst.source,
    ...(created ? { created: true as const } : {}),
    ...(presence ? { presence } : {}),
  });
  /** With NONE, the provider's statements on `resource`, as one document. */
  const permissions = (resource: Maybe<string>): PolicyDocument | undefined => {
    if (authType !== 'NONE') return undefined;
    const source = inst.attrSource('authorization_type');
    const perms = publicFunctionUrlPermissions(resource);
    const statements = perms.flatMap(
      ({ input }) =>
        (lambdaPermissionDocument(input, ctx.env.partition).document as { Statement: unknown[] }).Statement,
    );
    const doc = permissionDocument({ Version: '2012-10-17', Statement: statements }, source, inst.presence);
    const providerVersion = new Unknown(
      'the AWS provider adds this statement from the versions that know invoked_via_function_url (hashicorp/terraform-provider-aws#44858); the provider version is not in the inputs',
      source,
    );
    return {
      ...doc,
      statements: doc.statements.map((st, i) =>
        perms[i]?.maybe ? { ...st, presence: providerVersion } : st,
      ),
    };
  };
  for (const t of targets.known) {
    ctx.builder.addFunctionUrl(t.fid, url(t.qualifier, andPresence(inst.presence, t.presence)));
    const doc = permissions(t.resource);
    if (doc) putPolicy(ctx, t.fid, doc, t.presence, true);
  }
  if (targets.unknown) {
    const qualifier = inst.values.qualifier;
    const q = isUnknown(qualifier) ? qualifier : known(qualifier) ? qualifier : undefined;
    const doc = permissions(targets.unknown);
    onUnknownTarget(ctx, inst, 'function_name', 'lambda-function', targets.unknown, {
      ...(doc ? { policy: doc } : {}),
      adds: true,
      functionUrl: url(q, inst.presence),
    });
  }
}

// ---------------------------------------------------------------------------------------
// Resource policies made from their shared description (src/aws/resource-policies.ts)

/** A resource type of a described policy (aws_dynamodb_table, aws_ecr_repository, aws_vpc_endpoint...). */
function holderHandler(d: ResourcePolicyDescription, inlineAttr: string | undefined): Handler {
  const nameAttr = d.tfResource?.nameAttribute ?? 'name';
  return (ctx, inst) => {
    const env = envOf(ctx, inst.values);
    let name = ctx.nameOf(inst, d.what, nameAttr);
    if (d.kind === 'lambda-layer-version') name = `${name}:${str(inst.values, 'version') ?? LAYER_VERSION}`;
    const arn = arnOrBuilt(inst, (n) => d.arn(env, n), name, d.tfResource?.arnAttribute);
    const id = addResource(ctx, inst, d.kind, arn, name, inlineAttr);
    if (id) setDefaultPolicy(ctx, inst, d, id);
    const stream = d.kind === 'kinesis-stream' ? ctx.builder.getResource(id) : undefined;
    // encryption_type KMS and kms_key_id: the stream's key (aws/encryption-key-requirement.ts).
    if (stream)
      stream.kmsKeyId = streamEncryptionKey(
        stringOrUnknownAttr(inst, 'encryption_type'),
        inst.values.kms_key_id === undefined || inst.values.kms_key_id === null
          ? undefined
          : (kmsKeyIdOf(ctx, inst, 'kms_key_id') ?? undefined),
        () => new Unknown(`${inst.address} has encryption_type KMS without a kms_key_id`, inst.source),
      );
    if (d.kind === 'dynamodb-table' && inst.values.stream_enabled === true) {
      const label = str(inst.values, 'stream_label') ?? STREAM_LABEL;
      const streamArn = known(inst.values.stream_arn)
        ? inst.values.stream_arn
        : ARN.tableStream(env, name, label);
      ctx.builder.addResource({
        kind: 'dynamodb-stream',
        arn: streamArn,
        name: `${name}/stream`,
        account: ctx.env.account,
        region: env.region,
        source: inst.attrSource('stream_enabled'),
        ...(inst.presence ? { presence: inst.presence } : {}),
      });
    }
  };
}

/** The ARN a policy resource's target attribute names, by the description's form. */
function targetArn(
  ctx: TfLoadState,
  inst: TfInstance,
  d: ResourcePolicyDescription,
  value: string,
): { arn: string; description: ResourcePolicyDescription } | undefined {
  if (value.startsWith('arn:')) return { arn: value, description: kindOfArn(value) ?? d };
  for (const [, ref] of ctx.byAddress) {
    if (ref.kind !== 'resource' || ref.name !== value) continue;
    const r = ctx.builder.getResource(ref.id);
    if (r?.kind === d.kind) return { arn: r.arn, description: d };
  }
  return { arn: d.arn(envOf(ctx, inst.values), value), description: d };
}

/** A separate policy resource (aws_dynamodb_resource_policy, aws_ecr_repository_policy...). */
/**
 * aws_lambda_layer_version_permission names the layer (`layer_name`: a name or the layer's ARN)
 * and its version (`version_number`) apart: the layer version is both.
 */
function layerVersionOf(inst: TfInstance, layer: string): string {
  const version = stringOrUnknown(inst.values.version_number);
  const v = typeof version === 'string' ? version : LAYER_VERSION;
  if (/:layer:[^:]+$/.test(layer)) return `${layer}:${v}`;
  return layer.startsWith('arn:') ? layer : `${layer}:${v}`;
}

function policyResourceHandler(d: ResourcePolicyDescription, carrier: TfPolicyCarrier): Handler {
  const attr = carrier.target!.attribute;
  return (ctx, inst) => {
    const toTarget = (value: string): string | undefined => {
      const v = inst.type === 'aws_lambda_layer_version_permission' ? layerVersionOf(inst, value) : value;
      const t = targetArn(ctx, inst, d, v);
      if (!t) return undefined;
      if (!ctx.builder.getResource(t.arn)) {
        const p = parseArn(t.arn);
        ctx.finding({
          code: 'tf/external-resource',
          severity: 'info',
          message: `${inst.address} applies to ${t.arn}, which is not defined in the inputs; it is modelled with only this policy`,
          source: inst.attrSource(attr),
        });
        ctx.builder.addResource({
          kind: t.description.kind,
          arn: t.arn,
          name: nameFromArn(t.description, t.arn) ?? v,
          account: p?.account || ctx.env.account,
          region: p?.region || regionOf(ctx, inst.values),
          source: inst.attrSource(attr),
        });
      }
      return t.arn;
    };
    const targets = ctx.resourceTargets(inst, attr, toTarget, carrier.target!.whenUnset);
    if (!targets) return;
    const setters = overwritesAdditions(d) ? wholePolicySetters(ctx) : undefined;
    if (setters && !carrier.adds) {
      for (const { id } of targets.known) setters.byId.set(id, inst.address);
      if (targets.unknown) setters.unknownTarget ??= inst.address;
    }
    for (const { id, presence } of targets.known) {
      const given = policyResourceDocument(ctx, inst, carrier, id);
      if (!given) continue;
      const doc = storedPolicy(ctx.builder.getResource(id)?.kind ?? d.kind, given, id);
      const setter = carrier.adds ? (setters?.byId.get(id) ?? setters?.unknownTarget) : undefined;
      const overwritten = setter
        ? new Unknown(
            `${setter} sets the whole policy of ${id} and overwrites the statement ${inst.address} adds (${d.what}: the policy resource "is incompatible with" the permission resource "and will overwrite permissions"): it may or may not be there after apply`,
            inst.source,
          )
        : undefined;
      putPolicy(ctx, id, doc, andPresence(andPresence(presence, inst.presence), overwritten), carrier.adds);
    }
    if (targets.unknown) {
      // The document names its target in places (a permission's Resource): unknown there too.
      const given = policyResourceDocument(ctx, inst, carrier, targets.unknown);
      if (given)
        onUnknownTarget(ctx, inst, attr, d.kind, targets.unknown, {
          policy: given,
          ...(carrier.adds ? { adds: true } : {}),
        });
    }
  };
}

function policyResourceDocument(
  ctx: TfLoadState,
  inst: TfInstance,
  carrier: TfPolicyCarrier,
  targetId: Maybe<string>,
): PolicyDocument | undefined {
  const v = inst.values;
  if (inst.type === 'aws_lambda_layer_version_permission') {
    const { document } = layerPermissionDocument(
      {
        statementId: stringOrUnknown(v.statement_id),
        principal:
          stringOrUnknown(v.principal) ?? new Unknown(`${inst.address} has no principal`, inst.source),
        action: stringOrUnknown(v.action),
        layerVersionArn: targetId,
        organizationId: stringOrUnknown(v.organization_id),
      },
      ctx.env.partition,
    );
    return builtDocument(document, inst.source);
  }
  if (inst.type === 'aws_cloudwatch_event_permission') {
    const c = Array.isArray(v.condition) ? (v.condition[0] as TfObject | undefined) : undefined;
    const document = eventBusPermissionDocument(
      {
        statementId: stringOrUnknown(v.statement_id),
        principal:
          stringOrUnknown(v.principal) ?? new Unknown(`${inst.address} has no principal`, inst.source),
        action: stringOrUnknown(v.action),
        busArn: targetId,
        ...(c
          ? {
              condition: {
                type: stringOrUnknown(c.type) ?? 'StringEquals',
                key: stringOrUnknown(c.key) ?? 'aws:PrincipalOrgID',
                value: stringOrUnknown(c.value) ?? null,
              } as { type: Maybe<string>; key: Maybe<string>; value: Maybe<string> },
            }
          : {}),
      },
      ctx.env.partition,
    );
    return builtDocument(document, inst.source);
  }
  return ctx.policy(v[carrier.policy], 'resource', inst.attrSource(carrier.policy));
}

/**
 * A kind whose Terraform resources include one that adds a statement to the policy
 * (aws_cloudwatch_event_permission) and one that sets the whole policy
 * (aws_cloudwatch_event_bus_policy). Terraform AWS provider, aws_cloudwatch_event_bus_policy:
 * "The EventBridge bus policy resource (aws_cloudwatch_event_bus_policy) is incompatible with the
 * EventBridge permission resource (aws_cloudwatch_event_permission) and will overwrite
 * permissions." The statements the first adds to a policy the second sets may or may not be
 * there after apply (resource cycling); the second's own statements are (the adds run in the
 * LATE phase, once every whole policy is set, whatever the order of the configuration).
 */
function overwritesAdditions(d: ResourcePolicyDescription): boolean {
  return d.tf.some((c) => c.adds) && d.tf.some((c) => c.target && !c.adds);
}

/** Per load: the resources whose whole policy a resource of the inputs sets (by id), and one whose target is unknown. */
const WHOLE_POLICY_SETTERS = new WeakMap<
  TfLoadState,
  { byId: Map<string, string>; unknownTarget: string | undefined }
>();

function wholePolicySetters(ctx: TfLoadState): {
  byId: Map<string, string>;
  unknownTarget: string | undefined;
} {
  const known = WHOLE_POLICY_SETTERS.get(ctx);
  if (known) return known;
  const made = { byId: new Map<string, string>(), unknownTarget: undefined };
  WHOLE_POLICY_SETTERS.set(ctx, made);
  return made;
}

/**
 * The handlers of the described resource policies: holders first (elements), policy resources
 * after (links), a resource adding a statement to a policy another resource may set whole last
 * (late, `overwritesAdditions`).
 */
export function describedHandlers(): {
  elements: Record<string, Handler>;
  links: Record<string, Handler>;
  late: Record<string, Handler>;
} {
  const elements: Record<string, Handler> = {};
  const links: Record<string, Handler> = {};
  const late: Record<string, Handler> = {};
  for (const d of RESOURCE_POLICIES) {
    if (d.dedicated) continue;
    for (const c of d.tf) {
      if (c.target && c.adds && overwritesAdditions(d)) late[c.type] ??= policyResourceHandler(d, c);
      else if (c.target) links[c.type] ??= policyResourceHandler(d, c);
      else if (d.kind === 'glue-catalog') links[c.type] ??= glueResourcePolicy;
      else elements[c.type] ??= holderHandler(d, c.policy);
    }
    if (d.tfResource && !elements[d.tfResource.type])
      elements[d.tfResource.type] = holderHandler(d, undefined);
  }
  return { elements, links, late };
}

/**
 * aws_glue_resource_policy: the policy of the account's Data Catalog in the provider's Region (AWS
 * Glue Developer Guide, "AWS Glue resource policies for access control": "a resource policy ...
 * is attached to a Data Catalog").
 */
function glueResourcePolicy(ctx: TfLoadState, inst: TfInstance): void {
  const env = envOf(ctx, inst.values);
  const arn = ARN.glueCatalog(env);
  if (!ctx.builder.getResource(arn))
    ctx.builder.addResource({
      kind: 'glue-catalog',
      arn,
      name: 'catalog',
      account: env.account,
      region: env.region,
      source: inst.source,
    });
  ctx.builder.replaceResourcePolicy(arn, ctx.requiredPolicy(inst, 'policy', 'resource'));
}

// ---------------------------------------------------------------------------------------
// S3 Block Public Access

function blockOf(inst: TfInstance): PublicAccessBlock {
  return { ...publicAccessBlockOf(inst.values), source: inst.source };
}

/**
 * aws_s3_bucket_public_access_block: the bucket's S3 Block Public Access settings. Terraform
 * orders it and the bucket policy only through a reference between them, so whether the block is
 * in force when the policy is written is not known (`applyBlockPublicPolicy`). A block that might
 * not exist (an undecided branch, unknown count) may leave the bucket's settings as they were: a
 * setting it may change is unknown. A block whose bucket is unknown may be any bucket's of the
 * account (`ModelBuilder.attachToUnknownResource`): kept maybe-present on each, never dropped.
 */
export function handleBucketPublicAccessBlock(ctx: TfLoadState, inst: TfInstance): void {
  const targets = ctx.resourceTargets(inst, 'bucket', (v) => externalBucket(ctx, inst, v));
  if (!targets) return;
  const block = blockOf(inst);
  for (const t of targets.known) {
    const maybe = andPresence(t.presence, inst.presence);
    ctx.builder.setPublicAccessBlock(t.id, block, maybe && { hint: inst.address, reason: maybe });
  }
  if (targets.unknown)
    ctx.builder.attachToUnknownResource({
      kind: 's3-bucket',
      account: ctx.env.account,
      replaces: false,
      publicAccessBlock: block,
      carries: 'Block Public Access setting',
      reason: targets.unknown,
      arnOf: (name) => ARN.bucket(ctx.env.partition, name),
      what: 'S3 bucket',
      hint: inst.address,
      source: inst.attrSource('bucket'),
    });
}

/** A bucket a setting names by a known name: the model's, or one added outside the configuration. */
function externalBucket(ctx: TfLoadState, inst: TfInstance, v: string): string {
  const arn = v.startsWith('arn:') ? v : ARN.bucket(ctx.env.partition, v);
  if (!ctx.builder.getResource(arn))
    ctx.builder.addBucket({
      bucketName: v.split(':').pop()!,
      account: ctx.env.account,
      source: inst.attrSource('bucket'),
    });
  return arn;
}

/**
 * aws_s3_bucket_ownership_controls: the bucket's Object Ownership (`rule.object_ownership`), which
 * decides whether its ACLs take effect (`effectiveBucketAcl`). Read by the ACL handler.
 */
export function handleOwnershipControls(ctx: TfLoadState, inst: TfInstance): void {
  const rule = inst.values.rule;
  const first = Array.isArray(rule) ? rule[0] : rule;
  const raw = isUnknown(rule)
    ? rule
    : first && typeof first === 'object' && !Array.isArray(first)
      ? (first as TfObject).object_ownership
      : undefined;
  const value: Maybe<string> | undefined = isUnknown(raw) ? raw : typeof raw === 'string' ? raw : undefined;
  if (value === undefined) return;
  const targets = bucketTargets(ctx, inst);
  if (!targets) return;
  for (const t of targets.known) {
    const maybe = andPresence(t.presence, inst.presence);
    ctx.bucketOwnership.set(
      t.id,
      maybe
        ? new Unknown(
            `${inst.address} may set Object Ownership ${String(value)} (${maybe.reason})`,
            maybe.source,
          )
        : value,
    );
  }
  if (targets.unknown) ctx.unknownOwnership.push(targets.unknown);
}

/** aws_s3_account_public_access_block: the account's settings (the provider's account unless `account_id`). */
export function handleAccountPublicAccessBlock(ctx: TfLoadState, inst: TfInstance): void {
  const id = inst.values.account_id;
  const account = str(inst.values, 'account_id') ?? ctx.env.account;
  // A block that might not exist, or whose account is unknown, may leave the settings as they are.
  const maybe = andPresence(
    inst.presence,
    isUnknown(id)
      ? new Unknown(`the account_id of ${inst.address} is unknown (${id.reason})`, id.source)
      : undefined,
  );
  ctx.builder.setAccountPublicAccessBlock(
    account,
    blockOf(inst),
    maybe && { hint: inst.address, reason: maybe },
  );
}

// ---------------------------------------------------------------------------------------
// Resource policies iamspec does not model

/**
 * An instance of a type without a handler that carries a policy (`attrs`): kept with an unknown
 * policy, so every decision on it (who-can, onlyPrincipals) is indeterminate rather than a pass.
 * Its ARN is the plan's `arn` when known, else a stand-in named after the address, whose policy
 * may then be that of any resource of its service in the account (`mayGovernPatterns`).
 */
export function keepUnmodelledPolicy(ctx: TfLoadState, inst: TfInstance, attrs: readonly string[]): void {
  addUnmodelledPolicy(ctx.builder, {
    knownArn: known(inst.values.arn) ? inst.values.arn : undefined,
    standInArn: `arn:${ctx.env.partition}:terraform:${regionOf(ctx, inst.values)}:${ctx.env.account}:${inst.address}`,
    type: inst.type,
    label: inst.address,
    properties: attrs.join(', '),
    name: str(inst.values, 'name') ?? inst.address,
    partition: ctx.env.partition,
    account: ctx.env.account,
    region: regionOf(ctx, inst.values),
    tags: ctx.tags(inst.values),
    ...(inst.presence ? { presence: inst.presence } : {}),
    source: inst.source,
  });
}

/**
 * An aws_s3_bucket_policy of an S3 directory bucket ("Policies can be attached to both S3 general
 * purpose buckets and S3 directory buckets", the provider's aws_s3_bucket_policy page): its
 * `s3express` policy is not modelled (src/aws/s3-directory-buckets.ts), so the directory bucket is
 * kept with an unknown policy, as CloudFormation's AWS::S3Express::BucketPolicy is, and never as
 * the policy of a general purpose bucket of that name (which cannot exist).
 */
function keepDirectoryBucketPolicy(ctx: TfLoadState, inst: TfInstance, bucket: string): void {
  const arn = directoryBucketArn(ctx.env.partition, regionOf(ctx, inst.values), ctx.env.account, bucket);
  const name = bucket.startsWith('arn:') ? bucket.slice(bucket.lastIndexOf('/') + 1) : bucket;
  const reason = `${inst.address} sets the policy of the S3 directory bucket ${name} (S3 Express One Zone), which iamspec does not model`;
  ctx.finding({
    code: 'tf/unhandled-resource-type',
    severity: 'warning',
    message: `${reason}; the directory bucket is kept with an unknown policy, so who can access it is indeterminate`,
    source: inst.attrSource('bucket'),
  });
  const policy = parsePolicy(new Unknown(reason, inst.source), { kind: 'resource', source: inst.source });
  if (ctx.builder.getResource(arn)) ctx.builder.replaceResourcePolicy(arn, policy);
  else
    ctx.builder.addResource({
      kind: 'other',
      arn,
      name,
      account: ctx.env.account,
      region: regionOf(ctx, inst.values),
      policy,
      source: inst.source,
      ...(inst.presence ? { presence: inst.presence } : {}),
    });
}

/**
 * aws_ecr_account_setting named REGISTRY_POLICY_SCOPE: the registry policy scope (V1 or V2) of
 * the provider's account and Region (aws/ecr-registry-policy.ts `registryPolicyInScope`); an
 * unknown name, value or presence makes it unknown. Other settings are no access.
 */
export function handleEcrAccountSetting(ctx: TfLoadState, inst: TfInstance): void {
  const name = inst.values.name;
  if (!isUnknown(name) && name !== 'REGISTRY_POLICY_SCOPE') return;
  const value = stringOrUnknown(inst.values.value);
  const maybe =
    inst.presence ??
    (isUnknown(name)
      ? new Unknown(`the name of ${inst.address} is unknown (${name.reason})`, inst.source)
      : undefined);
  ctx.ecrRegistryScopes.push({
    account: ctx.env.account,
    region: regionOf(ctx, inst.values),
    scope: maybe
      ? new Unknown(`${inst.address} may set it (${maybe.reason})`, maybe.source)
      : (value ?? new Unknown(`${inst.address} has no value`, inst.attrSource('value'))),
  });
}

/** The REGISTRY_POLICY_SCOPE the inputs set for the registry of `account` in `region` (or undefined). */
function ecrRegistryScope(ctx: TfLoadState, account: string, region: string): Maybe<string> | undefined {
  const set = ctx.ecrRegistryScopes.filter(
    (s) =>
      s.account === account &&
      (s.region === region || s.region === UNKNOWN_REGION || region === UNKNOWN_REGION),
  );
  if (!set.length) return undefined;
  const [first] = set;
  if (
    set.length === 1 &&
    ((first!.region === region && region !== UNKNOWN_REGION) || isUnknown(first!.scope))
  )
    return first!.scope;
  return new Unknown(
    `${set.length} aws_ecr_account_setting REGISTRY_POLICY_SCOPE of account ${account} may apply to Region ${region}`,
  );
}

/**
 * aws_ecr_registry_policy: the registry policy of the provider's account and Region, governing
 * its repositories, under the registry policy scope the inputs set (aws/ecr-registry-policy.ts),
 * kept under the instance's stand-in ARN. A link: the account settings are read first.
 */
export function handleEcrRegistryPolicy(ctx: TfLoadState, inst: TfInstance): void {
  const region = regionOf(ctx, inst.values);
  const policy = requiredPolicy(ctx, inst, 'policy');
  addEcrRegistryPolicy(ctx.builder, {
    arn: `arn:${ctx.env.partition}:terraform:${region}:${ctx.env.account}:${inst.address}`,
    name: inst.address,
    partition: ctx.env.partition,
    account: ctx.env.account,
    region,
    policy,
    scope: ecrRegistryScope(ctx, ctx.env.account, region),
    source: inst.source,
    ...(inst.presence ? { presence: inst.presence } : {}),
  });
}

/**
 * aws_cloudwatch_log_resource_policy: a CloudWatch Logs resource policy of the provider's account
 * and Region (`policy_document`), governing its log groups or the one of `resource_arn`, scoped to
 * what CloudWatch Logs enforces (aws/logs-resource-policy.ts); kept under the instance's stand-in
 * ARN. A `resource_arn` known only after apply: the policy may govern any log group.
 */
export function handleLogsResourcePolicy(ctx: TfLoadState, inst: TfInstance): void {
  const region = regionOf(ctx, inst.values);
  const policy = requiredPolicy(ctx, inst, 'policy_document');
  const target = inst.values.resource_arn;
  addLogsResourcePolicy(ctx.builder, {
    arn: `arn:${ctx.env.partition}:terraform:${region}:${ctx.env.account}:${inst.address}`,
    name: inst.address,
    partition: ctx.env.partition,
    account: ctx.env.account,
    region,
    policy,
    // Which log group it is the policy of may be known only after apply (the shared rule then makes it unknown).
    ...(isUnknown(target)
      ? {
          logGroupArn: new Unknown(
            `the log group ${inst.address} applies to (resource_arn) is known only after apply`,
            inst.source,
          ),
        }
      : known(target) && target
        ? { logGroupArn: target }
        : {}),
    source: inst.source,
    ...(inst.presence ? { presence: inst.presence } : {}),
  });
}

// ---------------------------------------------------------------------------------------
// Carriers of access that are not policies: KMS grants

/** A Terraform map of strings (a constraint's encryption context), or Unknown. */
function stringMap(v: unknown): Maybe<Record<string, Maybe<string>>> | undefined {
  if (isUnknown(v)) return v;
  if (v === null || v === undefined || typeof v !== 'object' || Array.isArray(v)) return undefined;
  const out: Record<string, Maybe<string>> = {};
  for (const [k, x] of Object.entries(v)) {
    const s = stringOrUnknown(x);
    if (s !== undefined) out[k] = s;
  }
  return Object.keys(out).length ? out : undefined;
}

/** A list of strings (grant operations), or Unknown as a whole. */
function stringList(v: unknown, what: Source): Maybe<Maybe<string>[]> {
  if (isUnknown(v)) return v;
  if (!Array.isArray(v)) return new Unknown('the grant has no operations', what);
  return v.map((x) => stringOrUnknown(x) ?? new Unknown('an operation of the grant is not a string', what));
}

/**
 * aws_kms_grant → the access it gives its grantee on the key, as key policy statements
 * (`kmsGrantDocument`). A grant "can allow access to a KMS key, but not deny access" (AWS KMS
 * Developer Guide, "Grants in AWS KMS"), so its statements are added to the key policy. A key of
 * the configuration gets them; a key outside it (an ARN the configuration does not create) is
 * added with an unknown key policy and the grant's statements; an unknown key (known after
 * apply, several references) gets them on every key, maybe-present.
 */
export function handleKmsGrant(ctx: TfLoadState, inst: TfInstance): void {
  const v = inst.values;
  const constraint = Array.isArray(v.constraints) ? (v.constraints[0] as TfObject | undefined) : undefined;
  const constraintsUnknown = isUnknown(v.constraints) ? v.constraints : undefined;
  const equals = constraintsUnknown ?? stringMap(constraint?.encryption_context_equals);
  const subset = stringMap(constraint?.encryption_context_subset);
  const document = kmsGrantDocument(
    {
      name: stringOrUnknown(v.name),
      grantee:
        stringOrUnknown(v.grantee_principal) ??
        new Unknown(`${inst.address} has no grantee_principal`, inst.attrSource('grantee_principal')),
      operations: stringList(v.operations, inst.attrSource('operations')),
      ...(equals !== undefined ? { equals } : {}),
      ...(subset !== undefined ? { subset } : {}),
    },
    ctx.env.partition,
  );
  const doc = permissionDocument(document, inst.source, inst.presence);
  const targets = ctx.resourceTargets(inst, 'key_id', (value) => {
    if (value.startsWith('arn:')) {
      if (!ctx.builder.getResource(value)) externalKey(ctx, inst, value);
      return value;
    }
    for (const [, ref] of ctx.byAddress) if (ref.kind === 'resource' && ref.name === value) return ref.id;
    // A key id of a key outside the configuration, in the provider's account and Region.
    const arn = ARN.key(envOf(ctx, inst.values), value);
    if (!ctx.builder.getResource(arn)) externalKey(ctx, inst, arn);
    return arn;
  });
  if (!targets) return;
  for (const t of targets.known) putPolicy(ctx, t.id, doc, t.presence, true);
  if (targets.unknown)
    onUnknownTarget(ctx, inst, 'key_id', 'kms-key', targets.unknown, {
      policy: doc,
      adds: true,
      mayBeElsewhere: GRANT_KEY_MAY_BE_ELSEWHERE,
    });
}

/** A key outside the configuration that a grant names: its key policy is unknown. */
function externalKey(ctx: TfLoadState, inst: TfInstance, arn: string): void {
  const p = parseArn(arn);
  const source = inst.attrSource('key_id');
  ctx.finding({
    code: 'tf/external-resource',
    severity: 'info',
    message: `${inst.address} grants access to key ${arn}, which is not defined in the inputs; its key policy is unknown`,
    source,
  });
  ctx.builder.addResource({
    kind: 'kms-key',
    arn,
    name: p?.resource.replace(/^key\//, '') ?? arn,
    account: p?.account || ctx.env.account,
    region: p?.region || undefined,
    source,
    policy: parsePolicy(new Unknown(`the key policy of ${arn}, which is not defined in the inputs`, source), {
      kind: 'resource',
      source,
    }),
  });
}

// ---------------------------------------------------------------------------------------
// S3 bucket ACLs

/** The buckets of the inputs a resource's `bucket` argument names (a bucket name or ARN). */
function bucketTargets(ctx: TfLoadState, inst: TfInstance) {
  return ctx.resourceTargets(inst, 'bucket', (v) => {
    const arn = v.startsWith('arn:') ? v : ARN.bucket(ctx.env.partition, v);
    return ctx.builder.getResource(arn) ? arn : undefined;
  });
}

/**
 * Adds an ACL's grants (as a bucket policy document) to a bucket, maybe-present as far as the
 * grants' own reason (`why`) or the ACL resource's presence leave them.
 */
function aclPolicyAdder(
  ctx: TfLoadState,
  inst: TfInstance,
  aclPresence?: Unknown,
): (id: string, raw: PolicyDocument, why: Unknown | undefined) => void {
  return (id, raw, why) => {
    const all = andPresence(andPresence(why, aclPresence), inst.presence);
    ctx.builder.addResourcePolicy(
      id,
      all
        ? {
            ...raw,
            presence: all,
            statements: raw.statements.map((st) => ({ ...st, presence: st.presence ?? all })),
          }
        : raw,
    );
  };
}

/**
 * aws_s3_bucket_acl `acl` and `access_control_policy` (and the deprecated `acl` and `grant` blocks
 * of aws_s3_bucket): the canned ACL's grants and the explicit ones, one grant list, as bucket
 * policy statements, added after every bucket policy, as far as they take effect: the bucket's
 * Object Ownership (aws_s3_bucket_ownership_controls) and S3 Block Public Access settings (bucket
 * and account) decide (`effectiveBucketGrants`). A grant that is not known makes the bucket's
 * policy unknown (maybe-present); an `acl` or grants a plan cannot tell are set are maybe-present
 * (handlers/planned-unknown.ts).
 */
export function handleBucketAcl(ctx: TfLoadState, inst: TfInstance): void {
  const own = inst.type === 'aws_s3_bucket';
  // A computed `acl` (not in the configuration) is the provider's, not a grant
  // (handlers/planned-unknown.ts; maybe-present when a plan cannot tell).
  const planned = plannedAttribute(ctx, inst, 'acl');
  const acl = planned && stringOrUnknown(planned.value);
  const blocks = aclGrantBlocks(ctx, inst, own ? 'grant' : 'access_control_policy', 'bucket');
  if (acl === undefined && !blocks) return;
  const targets = own
    ? (() => {
        const ref = ctx.byAddress.get(inst.address);
        return ref ? { known: [{ id: ref.id, presence: undefined as Unknown | undefined }] } : undefined;
      })()
    : bucketTargets(ctx, inst);
  if (!targets) return;
  const source = inst.attrSource(acl !== undefined ? 'acl' : own ? 'grant' : 'access_control_policy');
  const grants: AclGrant[] = [...(acl !== undefined ? cannedAclGrants(acl) : []), ...(blocks?.grants ?? [])];
  if (!own) pinBucketOwner(ctx, inst, targets.known);
  const add = aclPolicyAdder(ctx, inst, andPresence(planned?.presence, blocks?.presence));
  for (const t of targets.known) {
    if (blocks?.unread)
      add(
        t.id,
        parsePolicy(blocks.unread, { kind: 'resource', source }),
        andPresence(blocks.unread, t.presence),
      );
    const r = ctx.builder.getResource(t.id);
    const { parts, rejectedMaybe } = effectiveBucketGrants(grants, t.id, {
      ownership: ownershipOf(ctx, t.id),
      bucketBlock: r?.publicAccessBlock,
      accountBlock: ctx.builder.getAccount(r?.account ?? ctx.env.account)?.publicAccessBlock,
    });
    if (rejectedMaybe)
      ctx.finding({
        code: 's3/public-acl-maybe-rejected',
        severity: 'warning',
        message: `${inst.address}: ${rejectedMaybe}; the public grants of the ACL are kept as maybe-present, so what they grant is indeterminate`,
        source,
      });
    for (const part of parts) {
      const why = part.maybe ? new Unknown(`${inst.address}: ${part.maybe}`, source) : undefined;
      add(t.id, aclStatements(builtDocument(part.document, source)), andPresence(why, t.presence));
    }
  }
  const unknownTarget = 'unknown' in targets ? targets.unknown : undefined;
  if (unknownTarget) aclOnUnknownBucket(ctx, inst, grants, blocks?.unread, unknownTarget, source);
}

/**
 * The `owner` of an aws_s3_bucket_acl's `access_control_policy` is the bucket owner, its
 * account's canonical user id (`aclOwnerCanonicalId`): pinned for the bucket's account
 * (`Account.canonicalUserId`), so that the owner's own FULL_CONTROL grant (every ACL S3 reads
 * back has one) is decided as a grant to that account, not as one that may be any account's.
 * A pin the plan's data.aws_canonical_user_id made already stays; the ACL must exist for sure.
 */
function pinBucketOwner(
  ctx: TfLoadState,
  inst: TfInstance,
  targets: { id: string; presence?: Unknown }[],
): void {
  const policy = inst.values.access_control_policy;
  const first = Array.isArray(policy) ? policy[0] : undefined;
  const id = first && typeof first === 'object' ? aclOwnerCanonicalId((first as TfObject).owner) : undefined;
  if (!id || inst.presence) return;
  for (const t of targets) {
    const account = ctx.builder.getResource(t.id)?.account;
    if (t.presence || !account || ctx.builder.getAccount(account)?.canonicalUserId !== undefined) continue;
    ctx.builder.setCanonicalUserId(account, id);
  }
}

/**
 * An ACL whose bucket is unknown may be any bucket's of the account: its grants (on any bucket,
 * under an Object Ownership that is then unknown too) are kept on an unknown target
 * (`ModelBuilder.attachToUnknownResource`), never dropped; `unread`: grants that are not known.
 */
function aclOnUnknownBucket(
  ctx: TfLoadState,
  inst: TfInstance,
  grants: AclGrant[],
  unread: Unknown | undefined,
  why: Unknown,
  source: Source,
): void {
  const { parts } = effectiveBucketGrants(grants, `arn:${ctx.env.partition}:s3:::*`, {
    ownership: new Unknown(`the Object Ownership of the bucket of ${inst.address} is not known`, source),
    bucketBlock: undefined,
    accountBlock: ctx.builder.getAccount(ctx.env.account)?.publicAccessBlock,
  });
  const docs = parts.map((part) => aclStatements(builtDocument(part.document, source)));
  if (unread) docs.push(parsePolicy(unread, { kind: 'resource', source }));
  if (!docs.length) return;
  const policy: PolicyDocument = { ...docs[0]!, statements: docs.flatMap((d) => d.statements) };
  onUnknownTarget(ctx, inst, 'bucket', 's3-bucket', why, { policy, adds: true });
}

// ---------------------------------------------------------------------------------------
// S3 object ACLs

/**
 * aws_s3_object, aws_s3_bucket_object and aws_s3_object_copy `acl` (and the `grant` blocks of
 * aws_s3_object_copy): the object ACL's grants as statements of its bucket's policy on the
 * object's ARN, added after every bucket policy, as far as they take effect
 * (`effectiveObjectAcl`: the bucket's Object Ownership and S3 Block Public Access settings, as for
 * a bucket ACL). A key that is unknown (or holds a policy wildcard character): the grants are on
 * every object of the bucket, maybe-present. A bucket that is unknown: an unknown target, as for
 * a bucket ACL. A `grant` that is not known (grantee or permissions) makes the bucket's policy
 * unknown (maybe-present); see `aclGrantBlocks`.
 */
export function handleObjectAcl(ctx: TfLoadState, inst: TfInstance): void {
  const planned = plannedAttribute(ctx, inst, 'acl');
  const acl = planned && stringOrUnknown(planned.value);
  const blocks = aclGrantBlocks(ctx, inst, 'grant', 'object');
  if (acl === undefined && !blocks) return;
  const source = inst.attrSource(acl !== undefined ? 'acl' : 'grant');
  const key = inst.values.key;
  const keyWhy =
    typeof key === 'string' && key && !/[*?]/.test(key)
      ? undefined
      : new Unknown(
          typeof key === 'string' && key
            ? `the key "${key}" of ${inst.address} holds a policy wildcard character, so its grants are written for every object it matches`
            : `the key of ${inst.address} is not known${isUnknown(key) ? ` (${key.reason})` : ''}, so its ACL may be on any object of the bucket`,
          inst.attrSource('key'),
        );
  const objectArn = (bucketArn: string) =>
    typeof key === 'string' && key ? `${bucketArn}/${key}` : `${bucketArn}/*`;
  const writer = envOf(ctx, inst.values).account;
  const grantsFor = (bucketAccount: string | undefined): AclGrant[] => [
    ...(acl !== undefined
      ? cannedObjectAclGrants(acl, bucketAccount && bucketAccount !== writer ? bucketAccount : undefined)
      : []),
    ...(blocks?.grants ?? []),
  ];
  const targets = bucketTargets(ctx, inst);
  if (!targets) return;
  // an acl or grants a plan cannot tell are set: maybe-present (handlers/planned-unknown.ts)
  const add = aclPolicyAdder(ctx, inst, andPresence(planned?.presence, blocks?.presence));
  const parts = (
    arn: string,
    grants: AclGrant[],
    ownership: Maybe<string> | undefined,
    r?: { publicAccessBlock?: PublicAccessBlock; account?: string },
  ) =>
    effectiveObjectAcl(grants, arn, {
      ownership,
      bucketBlock: r?.publicAccessBlock,
      accountBlock: ctx.builder.getAccount(r?.account ?? ctx.env.account)?.publicAccessBlock,
    });
  for (const t of targets.known) {
    if (blocks?.unread)
      add(
        t.id,
        parsePolicy(blocks.unread, { kind: 'resource', source }),
        andPresence(blocks.unread, t.presence),
      );
    const r = ctx.builder.getResource(t.id);
    const eff = parts(objectArn(t.id), grantsFor(r?.account), ownershipOf(ctx, t.id), r);
    if (eff.rejectedMaybe)
      ctx.finding({
        code: 's3/public-acl-maybe-rejected',
        severity: 'warning',
        message: `${inst.address}: ${eff.rejectedMaybe}; the public grants of the ACL are kept as maybe-present, so what they grant is indeterminate`,
        source,
      });
    for (const part of eff.parts) {
      const why = part.maybe ? new Unknown(`${inst.address}: ${part.maybe}`, source) : undefined;
      add(
        t.id,
        aclStatements(builtDocument(part.document, source)),
        andPresence(andPresence(why, keyWhy), t.presence),
      );
    }
  }
  const unknownTarget = 'unknown' in targets ? targets.unknown : undefined;
  if (!unknownTarget) return;
  // Any bucket of the account, under an Object Ownership that is then unknown too.
  const any = `arn:${ctx.env.partition}:s3:::*`;
  const eff = parts(
    objectArn(any),
    grantsFor(undefined),
    new Unknown(`the Object Ownership of the bucket of ${inst.address} is not known`, source),
  );
  const docs = eff.parts.map((part) => aclStatements(builtDocument(part.document, source)));
  if (blocks?.unread) docs.push(parsePolicy(blocks.unread, { kind: 'resource', source }));
  if (!docs.length) return;
  const policy = { ...docs[0]!, statements: docs.flatMap((d) => d.statements) };
  onUnknownTarget(ctx, inst, 'bucket', 's3-bucket', unknownTarget, { policy, adds: true });
}

/** One Terraform `grant` block as S3 reads it, or an unknown value in its place. */
type GrantEntry = { grantee: AclGrantee; permissions: unknown } | Unknown;

/** The entries of a list of blocks (a plan writes a nested block as a list, HCL may write one). */
/**
 * aws_s3_bucket_logging `target_grant` blocks (`grantee { type, uri, id, email_address }`,
 * `permission`): Amazon S3 API Reference, TargetGrant: "Container for granting information." on the
 * server access log objects S3 writes to `target_bucket` under `target_prefix`; they were skipped.
 * Read as the object ACL of every log object (`handleObjectAcl` on the key `PREFIX*`: a key holding
 * a wildcard, so the grants are maybe-present, never dropped), under the same Object Ownership and
 * Block Public Access rules.
 */
export function handleLoggingTargetGrants(ctx: TfLoadState, inst: TfInstance): void {
  const tg = inst.values.target_grant;
  if (tg === undefined || tg === null || (Array.isArray(tg) && !tg.length)) return;
  const grant = isUnknown(tg)
    ? tg
    : blockList(tg).map((b) => {
        if (!b || typeof b !== 'object' || isUnknown(b)) return b;
        const o = b as TfObject;
        const ge = isUnknown(o.grantee) ? o.grantee : blockList(o.grantee)[0];
        if (isUnknown(ge)) return ge;
        const g = (ge && typeof ge === 'object' ? ge : {}) as TfObject;
        const perm = o.permission;
        return {
          type: g.type,
          uri: g.uri,
          id: g.id,
          email: g.email_address,
          permissions: isUnknown(perm) ? perm : [perm],
        };
      });
  const prefix = inst.values.target_prefix;
  const key = isUnknown(prefix) ? prefix : `${typeof prefix === 'string' ? prefix : ''}*`;
  const rename: Record<string, string> = {
    bucket: 'target_bucket',
    grant: 'target_grant',
    key: 'target_prefix',
  };
  const to = (a: string) => rename[a] ?? a;
  handleObjectAcl(ctx, {
    ...inst,
    values: { bucket: inst.values.target_bucket, key, grant },
    prior: undefined,
    attrSource: (a) => inst.attrSource(to(a)),
    references: (a) => inst.references(to(a)),
    configured: (a) => (a === 'acl' ? false : inst.configured(to(a))),
  });
}

function blockList(v: unknown): unknown[] {
  if (v === undefined || v === null) return [];
  return Array.isArray(v) ? v : [v];
}

/**
 * The grants a resource's ACL blocks write, as `GrantEntry`s: `grant { id, type, uri, email,
 * permissions }` of aws_s3_bucket (provider v3's inline ACL, deprecated since v4) and
 * aws_s3_object_copy, or `access_control_policy { grant { grantee { type, id, uri, email_address },
 * permission } owner { ... } }` of aws_s3_bucket_acl (the owner holds FULL_CONTROL anyway).
 */
function grantEntries(attr: 'grant' | 'access_control_policy', v: unknown): GrantEntry[] {
  const obj = (x: unknown) => (x && typeof x === 'object' && !isUnknown(x) ? (x as TfObject) : undefined);
  const unknownOr = (x: unknown): Unknown => (isUnknown(x) ? x : new Unknown('a grant that is not known'));
  if (attr === 'grant')
    return blockList(v).map((b) => {
      const o = obj(b);
      if (!o) return unknownOr(b);
      return { grantee: { type: o.type, uri: o.uri, id: o.id, email: o.email }, permissions: o.permissions };
    });
  const out: GrantEntry[] = [];
  for (const p of isUnknown(v) ? [v] : blockList(v)) {
    const po = obj(p);
    if (!po) {
      out.push(unknownOr(p));
      continue;
    }
    const grants = po.grant;
    if (isUnknown(grants)) out.push(grants);
    else
      for (const g of blockList(grants)) {
        const go = obj(g);
        if (!go) {
          out.push(unknownOr(g));
          continue;
        }
        const ge = isUnknown(go.grantee) ? go.grantee : blockList(go.grantee)[0];
        if (isUnknown(ge)) {
          out.push(ge);
          continue;
        }
        const e = obj(ge) ?? {};
        out.push({
          grantee: { type: e.type, uri: e.uri, id: e.id, email: e.email_address },
          permissions: isUnknown(go.permission) ? go.permission : [go.permission],
        });
      }
  }
  return out;
}

/**
 * A resource's ACL blocks (`grantEntries`) as grants on a bucket or an object
 * (`granteePrincipal`; `bucketPermissionActions` / `objectPermissionActions`), read through
 * `plannedAttribute` (`presence`: a plan cannot tell they are set). `unread` when a grant's
 * grantee or permissions are not known: the caller adds an unknown policy, maybe-present.
 */
function aclGrantBlocks(
  ctx: TfLoadState,
  inst: TfInstance,
  attr: 'grant' | 'access_control_policy',
  on: 'bucket' | 'object',
): { grants: AclGrant[]; unread?: Unknown; presence?: Unknown } | undefined {
  const planned = plannedAttribute(ctx, inst, attr);
  const g = planned?.value;
  if (g === undefined || g === null || (Array.isArray(g) && !g.length)) return undefined;
  const source = inst.attrSource(attr);
  const presence = planned?.presence ? { presence: planned.presence } : {};
  if (isUnknown(g))
    return {
      grants: [],
      unread: new Unknown(`the ${attr} blocks of ${inst.address} are not known (${g.reason})`, source),
      ...presence,
    };
  const grants: AclGrant[] = [];
  let unread: Unknown | undefined;
  for (const e of grantEntries(attr, g)) {
    if (isUnknown(e)) {
      unread ??= new Unknown(`a grant of ${inst.address} is not known (${e.reason})`, source);
      continue;
    }
    const principal = granteePrincipal(e.grantee, source);
    const perms = e.permissions;
    const actions =
      Array.isArray(perms) && perms.every((p) => typeof p === 'string')
        ? (perms as string[]).map((p) =>
            on === 'bucket' ? bucketPermissionActions(p) : objectPermissionActions(p),
          )
        : undefined;
    if (principal !== undefined && actions?.every((a) => a !== undefined)) {
      grants.push({ principal, actions: actions.flat() as string[] });
      continue;
    }
    const type = e.grantee.type;
    unread ??= new Unknown(
      principal === undefined
        ? `a grant of ${inst.address} to ${typeof type === 'string' ? `a ${type} grantee` : 'a grantee'} that is not known${isUnknown(e.grantee.uri) ? ` (${e.grantee.uri.reason})` : isUnknown(type) ? ` (${type.reason})` : ''}`
        : `the permissions of a grant of ${inst.address} are not known${isUnknown(perms) ? ` (${perms.reason})` : ''}`,
      source,
    );
  }
  return { grants, ...(unread ? { unread } : {}), ...presence };
}

/**
 * Records on each bucket the Object Ownership the configuration's ownership controls give it
 * (`Resource.s3ObjectOwnership`, read by src/aws/s3-object-ownership.ts); a bucket no controls
 * name keeps what it has (not set, or another input's).
 */
export function noteObjectOwnership(ctx: TfLoadState): void {
  for (const r of ctx.builder.resourceList())
    if (r.kind === 's3-bucket' && (ctx.bucketOwnership.has(r.id) || ctx.unknownOwnership.length))
      r.s3ObjectOwnership = ownershipOf(ctx, r.id);
}

/** A bucket's Object Ownership: set by ownership controls, or unknown when one of unknown bucket may set it. */
function ownershipOf(ctx: TfLoadState, id: string): Maybe<string> | undefined {
  const known = ctx.bucketOwnership.get(id);
  const other = ctx.unknownOwnership[0];
  if (!other) return known;
  if (isUnknown(known)) return known;
  return new Unknown(
    `aws_s3_bucket_ownership_controls of an unknown bucket may set this bucket's Object Ownership (${other.reason})`,
    other.source,
  );
}
