// Requests on a resource encrypted with a KMS key need that key too when the caller is of another
// account: the service makes the KMS request for the caller, and an AWS managed key's policy
// allows its own account only. This module owns the table of those services (which resource
// kind, which actions with which KMS operations, the AWS managed key's alias, the key when none
// is given, the request context of the KMS request and the documentation each entry comes from),
// which key a resource is encrypted with (`Resource.kmsKeyId`, recorded by both adapters, which
// read an S3 bucket's default encryption and a Kinesis stream's encryption through
// `s3DefaultEncryptionKey` and `streamEncryptionKey`; an alias of the inputs resolved through
// `Resource.kmsAliasArns` of its key), which key a request names itself (S3 PutObject's headers:
// `requestedKey`) and what a cross-account request then meets. The engine decides the KMS request itself
// (engine/encryption-key-rule.ts `encryptionKeyDecision`); the matrix keeps these actions apart
// (engine/decided-apart.ts).

import type { Resource, ResourceKind } from '../model/types.js';
import { isUnknown, type Maybe } from '../model/unknown.js';
import { ARN, parseArn, streamOfConsumer } from './arn-formats.js';

/** One service whose resources' KMS key a cross-account request needs. */
export interface EncryptionKeyRule {
  /** The kind of the encrypted resource. */
  readonly kind: ResourceKind;
  /** The service's name in explanations. */
  readonly service: string;
  /** The KMS operations each action (lower case) needs on the key. */
  readonly operations: ReadonlyMap<string, readonly string[]>;
  /** The alias of the service's AWS managed key. */
  readonly awsManagedAlias: string;
  /** What a resource without a key (`kmsKeyId` null) is encrypted with. */
  readonly unset: 'aws-managed' | 'none';
  /**
   * What a cross-account request meets under the AWS managed key: `deny` where the documentation
   * says its key policy allows its own account only, `unstated` where it does not say
   * (indeterminate).
   */
  readonly awsManaged: 'deny' | 'unstated';
  /** The service principal prefix of `kms:ViaService`. */
  readonly viaService: string;
  /** The encryption context key naming the resource (`kms:EncryptionContext:<key>`). */
  readonly contextKey: string;
  /** The documentation page and its sentence the entry comes from. */
  readonly page: string;
  readonly quote: string;
  /**
   * Actions (lower case) that read data the service may hold under other keys than the
   * resource's present one (objects written with a key the request chose, messages moved from a
   * source queue): a denial by the present key is indeterminate, an allow stands.
   */
  readonly storedUnderOtherKeys?: ReadonlySet<string>;
  /**
   * Actions (lower case) whose request may name its own key or encryption (S3 PutObject's
   * headers, `requestedS3Key`); the resource's key is the one used only when it names none.
   */
  readonly requestChoosesKey?: ReadonlySet<string>;
  /**
   * The encryption context's value is the requested ARN (an S3 object) or, under an S3 Bucket
   * Key (`Resource.s3BucketKey`), the resource's ARN (`encryptionKeyRequestContexts`).
   */
  readonly contextOfObject?: true;
  /**
   * The resource whose key a request on another ARN uses (a Kinesis enhanced fan-out consumer's
   * stream: `streamOfConsumer`), when the requested ARN is not the encrypted resource's.
   */
  readonly encryptedResourceOf?: (requestedArn: string) => string | undefined;
  /**
   * A key named by alias (other than the AWS managed one) is resolved in the caller's account,
   * not the resource's: not a key of the inputs (S3 default encryption).
   */
  readonly aliasInCallerAccount?: { page: string; quote: string };
}

/**
 * The table. Each entry quotes its documentation:
 *
 * Secrets Manager: "You must also allow the identity to use the KMS key that the secret is
 * encrypted with. This is because you can't use the AWS managed key (aws/secretsmanager) for
 * cross-account access." (Secrets Manager User Guide, "Access AWS Secrets Manager secrets from a
 * different account"); GetSecretValue decrypts ("To decrypt the secret, Secrets Manager first
 * decrypts the encrypted data key using the KMS key in AWS KMS"), PutSecretValue asks for a data
 * key ("Whenever the secret value in a secret changes, Secrets Manager requests a new data key
 * from AWS KMS to protect it"), "Secret encryption and decryption in AWS Secrets Manager"; the
 * encryption context is the secret's ARN (`SecretARN`).
 *
 * SQS: "Note that you cannot modify the key policy of an AWS managed KMS key for Amazon SQS. The
 * policy for this KMS key includes permissions for all principals in the account (that are
 * authorized to use Amazon SQS) to use encrypted queues." and "For a customer managed KMS key, you
 * must configure the key policy to add permissions for each queue producer and consumer." (SQS
 * Developer Guide, "Amazon SQS Key management"); its examples: "The producer must have the
 * kms:GenerateDataKey and kms:Decrypt permissions for the KMS key" and "The consumer must have
 * the kms:Decrypt permission for any KMS key that is used to encrypt the messages in the
 * specified queue". A queue without KmsMasterKeyId uses SSE-SQS or no encryption: no KMS key.
 * The encryption context is `aws:sqs:arn`.
 *
 * SNS: "Before you can use SSE, you must configure AWS KMS key policies to allow encryption of
 * topics and encryption and decryption of messages" (SNS Developer Guide, "Managing Amazon SNS
 * encryption keys and costs"); a publisher's key permissions are kms:GenerateDataKey and
 * kms:Decrypt (the key policy the AWS End User Messaging SMS User Guide gives for publishing to an
 * encrypted topic). The SNS guide does not state the key policy of the AWS managed key aws/sns,
 * so a cross-account Publish under it is indeterminate. The encryption context is
 * `aws:sns:topicArn`.
 *
 * S3 (general purpose buckets, default encryption SSE-KMS or DSSE-KMS): "To successfully make a
 * PutObject request to encrypt an object with an AWS KMS key to Amazon S3, you need
 * kms:GenerateDataKey permissions on the key. To download an object encrypted with an AWS KMS
 * key, you need kms:Decrypt permissions for the key." (S3 User Guide, "Using server-side
 * encryption with AWS KMS keys (SSE-KMS)", "Permissions"; a multipart upload needs kms:Decrypt
 * too, a single PUT does not, so PutObject needs kms:GenerateDataKey at least);
 * the default applies only to a request that names no encryption ("If a PUT Object request
 * doesn't specify any server-side encryption, this default encryption will be applied", API
 * Reference, ServerSideEncryptionRule), so objects may be under other keys (GetObject's denial by
 * the default key is indeterminate) and PutObject uses the key its headers name
 * (`requestedS3Key`); "If you use a KMS key alias instead, then AWS KMS resolves the key within
 * the requester's account" (ServerSideEncryptionByDefault). The S3 guide does not state the key
 * policy of aws/s3 for another account: indeterminate. The encryption context is `aws:s3:arn`:
 * "If you use SSE-KMS without enabling an S3 Bucket Key, the object ARN is used as the encryption
 * context." and "If you use SSE-KMS and enable an S3 Bucket Key, the bucket ARN is used as the
 * encryption context." (same page, "Encryption context"). A PutObject request without the
 * per-object header (the condition keys do not carry it) gets the bucket's setting ("If you don't
 * specify an S3 Bucket Key for your object, Amazon S3 applies the S3 Bucket Key settings for the
 * destination bucket to the object", "Configuring an S3 Bucket Key at the object level"), by
 * default not enabled ("By default, S3 Bucket Key is not enabled", API Reference,
 * ServerSideEncryptionRule); the requester's access is still checked ("Unique bucket-level keys
 * are fetched at least once per requester to ensure that the requester's access to the key is
 * captured in an AWS KMS CloudTrail event", "Reducing the cost of SSE-KMS with Amazon S3 Bucket
 * Keys"). GetObject reads objects written either way ("When you configure an S3 Bucket Key,
 * objects that are already in the bucket do not use the S3 Bucket Key", same page): both
 * contexts are tried, as for a bucket whose setting the inputs do not pin down
 * (`encryptionKeyRequestContexts`).
 *
 * Kinesis Data Streams: "Your Kinesis stream producers must have the kms:GenerateDataKey
 * permission." and "Your Kinesis stream consumers must have the kms:Decrypt permission." (Kinesis
 * Data Streams Developer Guide, "Permissions to use user-generated KMS keys"); the guide does not
 * state the key policy of alias/aws/kinesis ("The use of the default service key for encryption
 * does not require application of custom IAM permissions"): indeterminate across accounts. The
 * encryption context is `aws:kinesis:arn`, the stream's ARN ("Kinesis Data Streams uses the
 * stream ARN as the encryption context in all AWS KMS calls"). An enhanced fan-out consumer reads
 * the stream's records by SubscribeToShard on its consumer ARN: a consumer of the stream
 * (kms:Decrypt on the stream's key), whose events include KMSAccessDeniedException, "The
 * ciphertext references a key that doesn't exist or that you don't have access to." (Kinesis
 * Data Streams API Reference, SubscribeToShardEventStream).
 */
export const ENCRYPTION_KEY_RULES: readonly EncryptionKeyRule[] = [
  {
    kind: 'secretsmanager-secret',
    service: 'Secrets Manager',
    operations: new Map([
      ['secretsmanager:getsecretvalue', ['kms:Decrypt']],
      ['secretsmanager:putsecretvalue', ['kms:GenerateDataKey']],
    ]),
    awsManagedAlias: 'alias/aws/secretsmanager',
    unset: 'aws-managed',
    awsManaged: 'deny',
    viaService: 'secretsmanager',
    contextKey: 'SecretARN',
    page: 'https://docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access_examples_cross.html',
    quote:
      "You must also allow the identity to use the KMS key that the secret is encrypted with. This is because you can't use the AWS managed key (aws/secretsmanager) for cross-account access.",
  },
  {
    kind: 'sqs-queue',
    service: 'SQS',
    operations: new Map([
      ['sqs:sendmessage', ['kms:GenerateDataKey', 'kms:Decrypt']],
      ['sqs:receivemessage', ['kms:Decrypt']],
    ]),
    awsManagedAlias: 'alias/aws/sqs',
    unset: 'none',
    awsManaged: 'deny',
    viaService: 'sqs',
    contextKey: 'aws:sqs:arn',
    page: 'https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-key-management.html',
    quote:
      'The policy for this KMS key includes permissions for all principals in the account (that are authorized to use Amazon SQS) to use encrypted queues. For a customer managed KMS key, you must configure the key policy to add permissions for each queue producer and consumer.',
    // "To receive messages from an encrypted queue, the consumer must have the kms:Decrypt
    // permission for any CMK that is used to encrypt the messages in the specified queue. If the
    // queue acts as a dead letter queue, the consumer must also have the kms:Decrypt permission for
    // any CMK that is used to encrypt the messages in the source queue." (Amazon SQS FAQs)
    storedUnderOtherKeys: new Set(['sqs:receivemessage']),
  },
  {
    kind: 'sns-topic',
    service: 'SNS',
    operations: new Map([['sns:publish', ['kms:GenerateDataKey', 'kms:Decrypt']]]),
    awsManagedAlias: 'alias/aws/sns',
    unset: 'none',
    awsManaged: 'unstated',
    viaService: 'sns',
    contextKey: 'aws:sns:topicArn',
    page: 'https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html',
    quote:
      'Before you can use SSE, you must configure AWS KMS key policies to allow encryption of topics and encryption and decryption of messages.',
  },
  {
    kind: 's3-bucket',
    service: 'S3',
    operations: new Map([
      ['s3:getobject', ['kms:Decrypt']],
      ['s3:putobject', ['kms:GenerateDataKey']],
    ]),
    awsManagedAlias: 'alias/aws/s3',
    unset: 'none',
    awsManaged: 'unstated',
    viaService: 's3',
    contextKey: 'aws:s3:arn',
    page: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html',
    quote:
      'To successfully make a PutObject request to encrypt an object with an AWS KMS key to Amazon S3, you need kms:GenerateDataKey permissions on the key. To download an object encrypted with an AWS KMS key, you need kms:Decrypt permissions for the key.',
    storedUnderOtherKeys: new Set(['s3:getobject']),
    requestChoosesKey: new Set(['s3:putobject']),
    contextOfObject: true,
    aliasInCallerAccount: {
      page: 'https://docs.aws.amazon.com/AmazonS3/latest/API/API_ServerSideEncryptionByDefault.html',
      quote:
        "If you use a KMS key alias instead, then AWS KMS resolves the key within the requester's account.",
    },
  },
  {
    kind: 'kinesis-stream',
    service: 'Kinesis Data Streams',
    operations: new Map([
      ['kinesis:putrecord', ['kms:GenerateDataKey']],
      ['kinesis:putrecords', ['kms:GenerateDataKey']],
      ['kinesis:getrecords', ['kms:Decrypt']],
      ['kinesis:subscribetoshard', ['kms:Decrypt']],
    ]),
    awsManagedAlias: 'alias/aws/kinesis',
    unset: 'none',
    awsManaged: 'unstated',
    viaService: 'kinesis',
    contextKey: 'aws:kinesis:arn',
    page: 'https://docs.aws.amazon.com/streams/latest/dev/permissions-user-key-KMS.html',
    quote:
      'Your Kinesis stream producers must have the kms:GenerateDataKey permission. Your Kinesis stream consumers must have the kms:Decrypt permission.',
    encryptedResourceOf: streamOfConsumer,
  },
];

const RULE_BY_ACTION: ReadonlyMap<string, EncryptionKeyRule> = new Map(
  ENCRYPTION_KEY_RULES.flatMap((rule) => [...rule.operations.keys()].map((a) => [a, rule] as const)),
);

/** The rule of `actionLower` when it is an action that uses its resource's KMS key; else undefined. */
export function encryptionKeyRuleOf(actionLower: string): EncryptionKeyRule | undefined {
  return RULE_BY_ACTION.get(actionLower);
}

/** The key a resource is encrypted with, as far as the inputs say. */
export type EncryptionKey =
  | { kind: 'none' }
  | { kind: 'aws-managed' }
  | { kind: 'key'; arn: string }
  | { kind: 'unknown'; why: string };

/**
 * The key `resource` is encrypted with under `rule`: none given (`null`) is the rule's default;
 * the AWS managed key's alias is that key; a key ARN, or a key id (a key of the resource's account
 * and Region), is that key; an alias is the key of the inputs it names (`aliasTarget`, by the
 * alias ARN) or unknown; a value known only at deployment or a resource whose key the inputs do
 * not record (one outside them) is unknown.
 */
export function encryptionKeyOf(
  rule: EncryptionKeyRule,
  resource: Resource,
  aliasTarget: (aliasArn: string) => string | undefined,
): EncryptionKey {
  const given: Maybe<string> | null | undefined = resource.kmsKeyId;
  if (given === null) return { kind: rule.unset };
  if (given === undefined)
    return { kind: 'unknown', why: `the inputs do not say which KMS key encrypts ${resource.arn}` };
  if (isUnknown(given))
    return { kind: 'unknown', why: `the KMS key of ${resource.arn} is not known (${given.reason})` };
  return namedKey(rule, resource, given, aliasTarget);
}

/**
 * The key a value (key id, key ARN, alias name or alias ARN) names for `resource` under `rule`:
 * see `encryptionKeyOf`.
 */
function namedKey(
  rule: EncryptionKeyRule,
  resource: Resource,
  given: string,
  aliasTarget: (aliasArn: string) => string | undefined,
): EncryptionKey {
  const parsed = parseArn(resource.arn);
  const env = {
    partition: parsed?.partition ?? 'aws',
    region: resource.region ?? parsed?.region ?? '',
    account: resource.account,
  };
  const alias = aliasName(given);
  if (alias === rule.awsManagedAlias) return { kind: 'aws-managed' };
  if (alias !== undefined && rule.aliasInCallerAccount)
    return {
      kind: 'unknown',
      why: `${resource.arn} names its KMS key by the alias ${alias}, which is resolved in the caller's account: "${rule.aliasInCallerAccount.quote}" (${rule.aliasInCallerAccount.page})`,
    };
  if (alias !== undefined) {
    const aliasArn = given.startsWith('arn:') ? given : ARN.alias(env, alias);
    const target = aliasTarget(aliasArn);
    return target
      ? { kind: 'key', arn: target }
      : {
          kind: 'unknown',
          why: `${resource.arn} is encrypted with the KMS key of alias ${alias}, which is not an alias of the inputs`,
        };
  }
  if (given.startsWith('arn:')) return { kind: 'key', arn: given };
  return { kind: 'key', arn: ARN.key(env, given) };
}

/** The alias name (`alias/…`) a key value gives, from an alias name or alias ARN. */
function aliasName(value: string): string | undefined {
  if (value.startsWith('alias/')) return value;
  const at = value.indexOf(':alias/');
  return value.startsWith('arn:') && at > 0 ? value.slice(at + 1) : undefined;
}

/**
 * Why a cross-account request on a resource encrypted with the AWS managed key is denied (`deny`
 * rules) or may be (`unstated`).
 */
export function awsManagedKeyText(rule: EncryptionKeyRule, resourceArn: string, action: string): string {
  const name = rule.awsManagedAlias.slice('alias/'.length);
  return rule.awsManaged === 'deny'
    ? `${resourceArn} is encrypted with the AWS managed key ${name}, which cannot be used across accounts, so ${action} from another account is denied whatever the policies say: "${rule.quote}" (${rule.page})`
    : `${resourceArn} is encrypted with the AWS managed key ${name}, whose key policy the inputs do not hold and the ${rule.service} documentation does not state, so ${action} from another account may be denied: "${rule.quote}" (${rule.page})`;
}

/**
 * The request contexts the KMS request the service makes for the caller of `actionLower` on
 * `resource` may have: through the service in the resource's Region (`kms:ViaService`; a resource
 * whose Region the inputs do not give, an S3 bucket of Terraform, uses a key of its own Region:
 * the key's), with the resource's ARN in its encryption context, or, for S3 objects
 * (`contextOfObject`), the object's (`requestedArn`) without an S3 Bucket Key and the bucket's
 * with one: both for an action that reads objects written either way (`storedUnderOtherKeys`) or
 * a bucket whose setting the inputs do not pin down (see the S3 entry's comment).
 */
export function encryptionKeyRequestContexts(
  rule: EncryptionKeyRule,
  resource: Resource,
  requestedArn: string,
  keyArn: string,
  actionLower: string,
): Record<string, string>[] {
  const region = resource.region ?? (parseArn(resource.arn)?.region || parseArn(keyArn)?.region);
  const via: Record<string, string> = region
    ? { 'kms:ViaService': `${rule.viaService}.${region}.amazonaws.com` }
    : {};
  const bucketKey = rule.storedUnderOtherKeys?.has(actionLower) ? undefined : resource.s3BucketKey;
  const values =
    !rule.contextOfObject || requestedArn === resource.arn || bucketKey === true
      ? [resource.arn]
      : bucketKey === false
        ? [requestedArn]
        : [requestedArn, resource.arn];
  return values.map((value) => ({ ...via, [`kms:EncryptionContext:${rule.contextKey}`]: value }));
}

/** The request headers (condition keys) by which an S3 PutObject request names its encryption. */
const SSE_HEADER = 's3:x-amz-server-side-encryption';
const SSE_KEY_HEADER = 's3:x-amz-server-side-encryption-aws-kms-key-id';

/** The documentation of the headers `requestedS3Key` reads. */
export const S3_REQUEST_KEY_PAGE = 'https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html';
export const S3_REQUEST_KEY_QUOTE =
  'If you specify x-amz-server-side-encryption:aws:kms or x-amz-server-side-encryption:aws:kms:dsse, but do not provide x-amz-server-side-encryption-aws-kms-key-id, Amazon S3 uses the AWS managed key (aws/s3) to protect the data.';

/**
 * What the key of a request whose headers may choose it (`EncryptionKeyRule.requestChoosesKey`:
 * S3 PutObject) is, from its request context: the key its
 * `s3:x-amz-server-side-encryption-aws-kms-key-id` names (an alias or key id is one of the
 * caller's account: "If the KMS key doesn't exist in the same account that's issuing the command,
 * you must use the full Key ARN not the Key ID"); SSE-S3 (`AES256`), none; SSE-KMS without a key
 * id, the AWS managed key (`S3_REQUEST_KEY_QUOTE`); no header, the resource's default key
 * (`'default'`), or, when free context keys may take any value (`conditions: 'optimistic'`), none
 * (the caller may ask for SSE-S3). Undefined for an action whose request names no key.
 */
export function requestedKey(
  rule: EncryptionKeyRule,
  actionLower: string,
  context: Readonly<Record<string, unknown>> | undefined,
  freeContext: boolean,
): EncryptionKey | 'default' | undefined {
  if (!rule.requestChoosesKey?.has(actionLower)) return undefined;
  const header = (name: string): string | undefined => {
    for (const [k, v] of Object.entries(context ?? {}))
      if (k.toLowerCase() === name)
        return typeof v === 'string' ? v : Array.isArray(v) ? String(v[0]) : undefined;
    return undefined;
  };
  const keyId = header(SSE_KEY_HEADER);
  const algorithm = header(SSE_HEADER);
  if (keyId !== undefined) {
    const alias = aliasName(keyId);
    if (alias === rule.awsManagedAlias) return { kind: 'aws-managed' };
    if (alias === undefined && keyId.startsWith('arn:')) return { kind: 'key', arn: keyId };
    return {
      kind: 'unknown',
      why: `the request names its KMS key ${keyId} by ${alias ? 'alias' : 'key id'}, a key of the caller's account (${S3_REQUEST_KEY_PAGE})`,
    };
  }
  if (algorithm !== undefined)
    return algorithm.startsWith('aws:kms') ? { kind: 'aws-managed' } : { kind: 'none' };
  return freeContext ? { kind: 'none' } : 'default';
}

/**
 * The value `Resource.kmsKeyId` records for an S3 bucket's default encryption (its
 * ServerSideEncryptionByDefault, `SSEAlgorithm` / `sse_algorithm` and `KMSMasterKeyID` /
 * `kms_master_key_id`): SSE-KMS or DSSE-KMS with a key, that key; without one, the AWS managed
 * key aws/s3 ("If you specify x-amz-server-side-encryption:aws:kms ..., but do not provide
 * x-amz-server-side-encryption-aws-kms-key-id, Amazon S3 uses the AWS managed key (aws/s3)");
 * SSE-S3 or none, null (no KMS key). An algorithm or key the inputs do not pin down is returned
 * as given (Unknown).
 */
export function s3DefaultEncryptionKey<U>(
  algorithm: string | U | undefined,
  keyId: string | U | undefined,
): string | U | null {
  if (algorithm === undefined || (typeof algorithm === 'string' && !algorithm.startsWith('aws:kms')))
    return null;
  if (typeof algorithm !== 'string') return algorithm;
  return keyId ?? 'alias/aws/s3';
}

/**
 * The value `Resource.s3BucketKey` records for an S3 bucket's default encryption rule
 * (`BucketKeyEnabled` / `bucket_key_enabled` beside its ServerSideEncryptionByDefault): true or
 * false when SSE-KMS (`aws:kms`) is the default and the setting is pinned down (not given: false,
 * "By default, S3 Bucket Key is not enabled"); undefined otherwise (a value known only at
 * deployment; DSSE-KMS, for which "S3 Bucket Keys aren't supported" while a request may still ask
 * for SSE-KMS; no KMS default, where a request naming SSE-KMS meets the setting as well).
 */
export function s3BucketKeyOf(algorithm: unknown, enabled: unknown): boolean | undefined {
  if (algorithm !== 'aws:kms') return undefined;
  if (enabled === undefined || enabled === null) return false;
  if (typeof enabled === 'boolean') return enabled;
  if (enabled === 'true' || enabled === 'false') return enabled === 'true';
  return undefined;
}

/**
 * The value `Resource.kmsKeyId` records for a Kinesis data stream's server-side encryption
 * (`StreamEncryption` EncryptionType and KeyId / `encryption_type` and `kms_key_id`): `KMS`, its
 * key (the AWS managed key alias/aws/kinesis when given by that alias); `NONE` or none, null. A
 * type or key the inputs do not pin down is returned as given (Unknown).
 */
export function streamEncryptionKey<U>(
  type: string | U | undefined,
  keyId: string | U | undefined,
  missingKey: () => U,
): string | U | null {
  if (type === undefined || (typeof type === 'string' && type.toUpperCase() !== 'KMS')) return null;
  if (typeof type !== 'string') return type;
  return keyId ?? missingKey();
}
