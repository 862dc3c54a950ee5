// Requests on a resource encrypted with a KMS key need that key too when the caller is of another
// account: the service makes the KMS request for the caller, and an AWS managed key's policy
// allows its own account only. This module owns the table of those services (which resource
// kind, which actions with which KMS operations, the AWS managed key's alias, the key when none
// is given, the request context of the KMS request and the documentation each entry comes from),
// which key a resource is encrypted with (`Resource.kmsKeyId`, recorded by both adapters; an
// alias of the inputs resolved through `Resource.kmsAliasArns` of its key) and what a
// cross-account request then meets. The engine decides the KMS request itself
// (engine/engine.ts `encryptionKeyDecision`); the matrix keeps these actions apart
// (engine/decided-apart.ts).

import type { Resource, ResourceKind } from '../model/types.js';
import { isUnknown, type Maybe } from '../model/unknown.js';
import { ARN, parseArn } from './arn-formats.js';

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
  const parsed = parseArn(resource.arn);
  const env = {
    partition: parsed?.partition ?? 'aws',
    region: resource.region ?? parsed?.region ?? '',
    account: resource.account,
  };
  const alias = aliasName(given);
  if (alias === rule.awsManagedAlias) return { kind: 'aws-managed' };
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
 * The request context of the KMS request the service makes for the caller on `resource`: through
 * the service in the resource's Region (`kms:ViaService`), with the resource's ARN in its
 * encryption context.
 */
export function encryptionKeyRequestContext(
  rule: EncryptionKeyRule,
  resource: Resource,
): Record<string, string> {
  const region = resource.region ?? parseArn(resource.arn)?.region;
  return {
    ...(region ? { 'kms:ViaService': `${rule.viaService}.${region}.amazonaws.com` } : {}),
    [`kms:EncryptionContext:${rule.contextKey}`]: resource.arn,
  };
}
