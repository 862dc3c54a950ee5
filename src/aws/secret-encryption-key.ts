// Secrets Manager across accounts needs the secret's KMS key too. AWS Secrets Manager User Guide,
// "Access AWS Secrets Manager secrets from a different account"
// (https://docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access_examples_cross.html):
// "You must also allow the identity to use the KMS key that the secret is encrypted with. This
// is because you can't use the AWS managed key (aws/secretsmanager) for cross-account access.
// Instead, you must encrypt your secret with a KMS key that you create, and then attach a key
// policy to it." This module owns which secret requests use the key (and with which KMS
// operation), which key a secret is encrypted with (`Resource.kmsKeyId`, recorded by both
// adapters from KmsKeyId / kms_key_id) and what a cross-account request then meets; the engine
// decides the KMS request itself (engine/engine.ts `secretKeyDecision`).

import type { Resource } from '../model/types.js';
import { isUnknown, type Maybe } from '../model/unknown.js';
import { ARN, parseArn } from './arn-formats.js';

/** The page the rule comes from, for traces. */
export const SECRET_CROSS_ACCOUNT_PAGE =
  'https://docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access_examples_cross.html';

/**
 * The KMS operation Secrets Manager calls for the caller on a secret action: "Whenever the secret
 * value in a secret changes, Secrets Manager requests a new data key from AWS KMS to protect it"
 * (GenerateDataKey, PutSecretValue) and "To decrypt the secret, Secrets Manager first decrypts
 * the encrypted data key using the KMS key in AWS KMS" (Decrypt, GetSecretValue) (Secrets Manager
 * User Guide, "Secret encryption and decryption in AWS Secrets Manager").
 */
const KMS_OPERATION: ReadonlyMap<string, string> = new Map([
  ['secretsmanager:getsecretvalue', 'kms:Decrypt'],
  ['secretsmanager:putsecretvalue', 'kms:GenerateDataKey'],
]);

/** The alias of the AWS managed key of Secrets Manager. */
const AWS_MANAGED_ALIAS = 'alias/aws/secretsmanager';

/** The key a secret is encrypted with, as far as the inputs say. */
export type SecretKey =
  | { kind: 'aws-managed' }
  | { kind: 'key'; arn: string }
  | { kind: 'unknown'; why: string };

/** The KMS operation `actionLower` on a secret needs, or undefined when it uses no key. */
export function secretKmsOperation(actionLower: string): string | undefined {
  return KMS_OPERATION.get(actionLower);
}

/**
 * The key `secret` is encrypted with: none given (`null`) or `alias/aws/secretsmanager` is the AWS
 * managed key; a key ARN, or a key id (a key of the secret's account and Region), is that key;
 * another alias (aliases are not modelled), a value known only at deployment or a secret whose
 * key the inputs do not record (one outside the inputs) is unknown.
 */
export function secretKey(secret: Resource): SecretKey {
  const given: Maybe<string> | null | undefined = secret.kmsKeyId;
  if (given === null) return { kind: 'aws-managed' };
  if (given === undefined)
    return { kind: 'unknown', why: `the inputs do not say which KMS key encrypts ${secret.arn}` };
  if (isUnknown(given))
    return { kind: 'unknown', why: `the KMS key of ${secret.arn} is not known (${given.reason})` };
  const alias = aliasName(given);
  if (alias === AWS_MANAGED_ALIAS) return { kind: 'aws-managed' };
  if (alias !== undefined)
    return {
      kind: 'unknown',
      why: `${secret.arn} is encrypted with the KMS key of alias ${alias}, which the model does not resolve`,
    };
  if (given.startsWith('arn:')) return { kind: 'key', arn: given };
  const parsed = parseArn(secret.arn);
  const env = {
    partition: parsed?.partition ?? 'aws',
    region: secret.region ?? parsed?.region ?? '',
    account: secret.account,
  };
  return { kind: 'key', arn: ARN.key(env, given) };
}

/** The alias name (`alias/…`) a KmsKeyId value gives, from an alias name or alias ARN. */
function aliasName(value: string): string | undefined {
  if (value.startsWith('alias/')) return value;
  const at = value.indexOf(':alias/');
  return value.startsWith('arn:') && at > 0 ? value.slice(at + 1) : undefined;
}

/** Why a cross-account request on a secret encrypted with the AWS managed key is denied. */
export function awsManagedKeyDenial(secretArn: string, action: string): string {
  return `${secretArn} is encrypted with the AWS managed key aws/secretsmanager, which cannot be used across accounts, so ${action} from another account is denied whatever the policies say: "you can't use the AWS managed key (aws/secretsmanager) for cross-account access" (${SECRET_CROSS_ACCOUNT_PAGE})`;
}

/**
 * The request context of the KMS request Secrets Manager makes for the caller on the secret:
 * through Secrets Manager in the secret's Region (`kms:ViaService`), with the secret's ARN in its
 * encryption context (`SecretARN`, the same page's "Secrets Manager encryption context").
 */
export function secretKeyRequestContext(secret: Resource): Record<string, string> {
  const region = secret.region ?? parseArn(secret.arn)?.region;
  return {
    ...(region ? { 'kms:ViaService': `secretsmanager.${region}.amazonaws.com` } : {}),
    'kms:EncryptionContext:SecretARN': secret.arn,
  };
}
