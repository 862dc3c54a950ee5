// KMS facts both adapters and the engine share: the default key policy KMS gives a key created
// without one, the access a KMS grant gives its grantee principal, a key's properties (with the
// defaults of CreateKey; a replica key's are its primary's) and which KMS requests carry
// `kms:CallerAccount` and the key's properties (the engine fills them: engine/service-keys.ts).

import { getAction } from '../catalog/actions.js';
import type { ModelBuilder } from '../model/builder.js';
import type { Source } from '../model/source.js';
import type { KmsKeyProperties } from '../model/types.js';
import { isUnknown, type Maybe, Unknown } from '../model/unknown.js';

/**
 * The default key policy: one statement allowing the owning account (and so its IAM policies)
 * `kms:*` on the key (AWS KMS Developer Guide, "Default key policy",
 * https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html: "The default key
 * policy gives the AWS account that owns the KMS key full access to the KMS key").
 */
export function defaultKeyPolicy(partition: string, account: string): Record<string, unknown> {
  return {
    Version: '2012-10-17',
    Id: 'key-default-1',
    Statement: [
      {
        Sid: 'Enable IAM User Permissions',
        Effect: 'Allow',
        Principal: { AWS: `arn:${partition}:iam::${account}:root` },
        Action: 'kms:*',
        Resource: '*',
      },
    ],
  };
}

/** Where the default key policy comes from, for sources and findings. */
export const DEFAULT_KEY_POLICY_PAGE =
  'https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html';

/**
 * The operations of a KMS grant that take an encryption context: a grant's constraints apply to
 * them only. "AWS KMS applies the grant constraints only to cryptographic operations that support
 * an encryption context, that is, all cryptographic operations with a symmetric KMS key. Grant
 * constraints are not applied to operations that do not support an encryption context, such as
 * cryptographic operations with asymmetric KMS keys and management operations, such as
 * DescribeKey or RetireGrant" (AWS KMS API Reference, "GrantConstraints",
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_GrantConstraints.html). The symmetric
 * operations are listed; an operation a constraint might not apply to (Sign, GenerateMac...)
 * is granted without it, which can only widen what the grant allows.
 */
const CONTEXT_OPERATIONS = new Set([
  'Encrypt',
  'Decrypt',
  'ReEncryptFrom',
  'ReEncryptTo',
  'GenerateDataKey',
  'GenerateDataKeyWithoutPlaintext',
]);

/**
 * Why a grant (unlike a key policy, "Cross-account use: No" for PutKeyPolicy) may be on a key of
 * another account: the account of a grant's unknown key is unknown too
 * (src/aws/resource-policies.ts `targetAccountOf`).
 */
export const GRANT_KEY_MAY_BE_ELSEWHERE =
  "CreateGrant: 'Cross-account use: Yes. To perform this operation on a KMS key in a different AWS account, specify the key ARN in the value of the KeyId parameter.' (AWS KMS API Reference, CreateGrant)";

/** A KMS grant as CreateGrant takes it (Terraform aws_kms_grant); undefined means not given. */
export interface KmsGrantInput {
  name?: Maybe<string>;
  /** The grantee principal's ARN (an account root, user, role, assumed-role session, service). */
  grantee: Maybe<string>;
  /** Grant operations (`Decrypt`, `GenerateDataKey`...), or Unknown as a whole. */
  operations: Maybe<readonly Maybe<string>[]>;
  /** Encryption context constraints (`EncryptionContextEquals`, `EncryptionContextSubset`). */
  equals?: Maybe<Record<string, Maybe<string>>>;
  subset?: Maybe<Record<string, Maybe<string>>>;
}

/**
 * The access a KMS grant gives, as key policy statements: the grantee principal may call the
 * grant's operations on the key ("When you create a grant for a KMS key, the grant allows the
 * grantee principal to call the specified grant operations on the KMS key provided that all
 * conditions specified in the grant are met", AWS KMS Developer Guide, "Grants in AWS KMS",
 * https://docs.aws.amazon.com/kms/latest/developerguide/grants.html). An encryption context
 * constraint becomes conditions on `kms:EncryptionContext:<key>` (EncryptionContextSubset: the
 * request's context includes each pair; EncryptionContextEquals: and has no other key,
 * `kms:EncryptionContextKeys`) on the operations that take a context; the others are granted
 * without. Unknown parts stay unknown (the statement then applies MAYBE).
 */
export function kmsGrantDocument(input: KmsGrantInput, partition: string): Record<string, unknown> {
  const principal = isUnknown(input.grantee)
    ? input.grantee
    : /^\d{12}$/.test(input.grantee)
      ? { AWS: `arn:${partition}:iam::${input.grantee}:root` }
      : input.grantee.startsWith('arn:')
        ? { AWS: input.grantee }
        : { Service: input.grantee };
  const sid =
    typeof input.name === 'string' ? input.name.replace(/[^A-Za-z0-9]/g, '') || undefined : undefined;
  const base = (suffix: string) => ({
    ...(sid ? { Sid: `Grant${sid}${suffix}` } : {}),
    Effect: 'Allow',
    Principal: principal,
    Resource: '*',
  });
  const ops = input.operations;
  const constrained = input.equals !== undefined || input.subset !== undefined;
  if (isUnknown(ops) || !constrained)
    return {
      Version: '2012-10-17',
      Statement: [{ ...base(''), Action: isUnknown(ops) ? ops : ops.map(action) }],
    };
  const withContext = ops.filter((o) => isUnknown(o) || CONTEXT_OPERATIONS.has(o));
  const without = ops.filter((o) => !isUnknown(o) && !CONTEXT_OPERATIONS.has(o));
  const statements: Record<string, unknown>[] = [];
  if (without.length) statements.push({ ...base('NoContext'), Action: without.map(action) });
  if (withContext.length)
    statements.push({ ...base(''), Action: withContext.map(action), Condition: contextCondition(input) });
  return { Version: '2012-10-17', Statement: statements };
}

function action(op: Maybe<string>): Maybe<string> {
  return isUnknown(op) ? op : `kms:${op}`;
}

function contextCondition(input: KmsGrantInput): unknown {
  const pairs = input.equals ?? input.subset!;
  if (isUnknown(pairs)) return pairs;
  const equals: Record<string, Maybe<string>> = {};
  for (const [k, v] of Object.entries(pairs)) equals[`kms:EncryptionContext:${k}`] = v;
  const condition: Record<string, unknown> = { StringEquals: equals };
  if (input.equals !== undefined)
    condition['ForAllValues:StringEquals'] = { 'kms:EncryptionContextKeys': Object.keys(pairs) };
  return condition;
}

/** `kms:CallerAccount`, lowercased as the engine keys context keys. */
export const CALLER_ACCOUNT_KEY = 'kms:calleraccount';

/**
 * Operations the catalog gives `kms:CallerAccount` but the AWS KMS Developer Guide once listed as
 * without it ("The `kms:CallerAccount` condition key exists for all AWS KMS operations *except*
 * for these: `CreateKey`, `GenerateRandom`, `ListAliases`, `ListKeys`, `ListRetirableGrants`,
 * `RetireGrant`", "Using Policy Conditions with AWS KMS"); the current page says "KMS key
 * resource operations" and "Custom key store operations", which CreateKey is not. Whether the
 * key is there is not sure: left to the analyses (free).
 */
const CALLER_ACCOUNT_DOUBTFUL: ReadonlySet<string> = new Set(['kms:createkey', 'kms:retiregrant']);

const carriesCallerAccount = new Map<string, boolean>();

/**
 * True when the KMS request `actionLower` surely carries `kms:CallerAccount`: an AWS KMS
 * operation whose row of the Service Authorization Reference lists the key ("Filters access to
 * specified AWS KMS operations based on the AWS account ID of the caller"), except the doubtful
 * ones above. Its value is the account of the calling principal: "You can use this condition key
 * to allow or deny access to all identities (IAM users and roles) in an AWS account" and "because
 * each API call can originate from only one AWS account, kms:CallerAccount is a single valued
 * condition key" (AWS KMS Developer Guide, "AWS KMS condition keys",
 * https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-caller-account).
 * No other service's actions list it. Memoized per action (the engine asks per request).
 */
export function requestCarriesCallerAccount(actionLower: string): boolean {
  if (!actionLower.startsWith('kms:')) return false;
  let carries = carriesCallerAccount.get(actionLower);
  if (carries === undefined) {
    carries =
      !CALLER_ACCOUNT_DOUBTFUL.has(actionLower) &&
      !!getAction(actionLower)?.conditionKeys.some((k) => k.toLowerCase() === CALLER_ACCOUNT_KEY);
    carriesCallerAccount.set(actionLower, carries);
  }
  return carries;
}

/**
 * A key's properties as the inputs give them (`undefined`: not given, so the default), with the
 * defaults of the CloudFormation Template Reference, AWS::KMS::Key (CreateKey's, which the
 * Terraform aws_kms_key arguments `customer_master_key_spec`, `key_usage`, `multi_region` share):
 * KeySpec "The default value, `SYMMETRIC_DEFAULT`"; KeyUsage "The default value is
 * `ENCRYPT_DECRYPT`"; MultiRegion "The default value is `false`"; Origin "The default is
 * `AWS_KMS`". None changes after creation ("You can't change the `KeySpec` value after the KMS key
 * is created", and likewise KeyUsage, MultiRegion, Origin). `multiRegion` may be written as text
 * (`"true"`); a value that is neither is unknown (`unreadable`). An Unknown stays unknown.
 */
export function kmsKeyProperties(
  given: {
    keySpec: Maybe<string> | undefined;
    keyUsage: Maybe<string> | undefined;
    origin: Maybe<string> | undefined;
    multiRegion: Maybe<string | boolean> | undefined;
  },
  unreadable: (what: string) => Unknown,
): KmsKeyProperties {
  const m = given.multiRegion;
  const multiRegion: Maybe<boolean> =
    m === undefined
      ? false
      : isUnknown(m)
        ? m
        : typeof m === 'boolean'
          ? m
          : /^(true|false)$/i.test(m)
            ? m.toLowerCase() === 'true'
            : unreadable(`MultiRegion ${JSON.stringify(m)}`);
  return {
    keySpec: given.keySpec ?? 'SYMMETRIC_DEFAULT',
    keyUsage: given.keyUsage ?? 'ENCRYPT_DECRYPT',
    origin: given.origin ?? 'AWS_KMS',
    multiRegion,
  };
}

/**
 * A multi-Region replica key's properties: its primary key's key spec, key usage and origin, and
 * multi-Region (a replica is a multi-Region key). AWS KMS API Reference, "ReplicateKey"
 * (https://docs.aws.amazon.com/kms/latest/APIReference/API_ReplicateKey.html): "A primary key and
 * its replica keys share properties that make them interoperable. They have the same key ID and
 * key material. They also have the same key spec, key usage, key material origin, and automatic
 * key rotation status. AWS KMS automatically synchronizes these shared properties among related
 * multi-Region keys." `primary`: the primary's properties when the inputs create it; otherwise the
 * shared ones are unknown (`unknownShared`).
 */
export function replicaKeyProperties(
  primary: KmsKeyProperties | undefined,
  unknownShared: (what: string) => Unknown,
): KmsKeyProperties {
  return {
    keySpec: primary ? primary.keySpec : unknownShared('key spec'),
    keyUsage: primary ? primary.keyUsage : unknownShared('key usage'),
    origin: primary ? primary.origin : unknownShared('origin'),
    multiRegion: true,
  };
}

/**
 * Records the properties of the replica key `replicaArn` (AWS::KMS::ReplicaKey,
 * aws_kms_replica_key) of the primary key `primaryArn` (`PrimaryKeyArn`, `primary_key_arn`):
 * `replicaKeyProperties` of the primary the inputs create, looked up once every input is loaded
 * (the primary may come from another input, or after the replica); unknown otherwise. An ARN
 * known only after apply (the primary is created in the same apply: Terraform
 * `primary_key_arn = aws_kms_key.p.arn` in a plan) names the key `referenced` gives then (the
 * one key element the input's own references name), if any.
 */
export function recordReplicaKey(
  builder: ModelBuilder,
  replicaArn: string,
  primaryArn: Maybe<string>,
  what: string,
  source: Source,
  referenced?: () => string | undefined,
): void {
  builder.onBuild(() => {
    const replica = builder.getResource(replicaArn);
    if (!replica) return;
    const arn = isUnknown(primaryArn) ? referenced?.() : primaryArn;
    const primary = arn === undefined ? undefined : builder.getResource(arn);
    replica.kmsKey = replicaKeyProperties(
      primary?.kind === 'kms-key' ? primary.kmsKey : undefined,
      (property) =>
        isUnknown(primaryArn)
          ? new Unknown(
              `the ${property} of replica key ${what}, its primary key's (${primaryArn.reason})`,
              source,
            )
          : new Unknown(
              `the ${property} of replica key ${what}, its primary key's (${primaryArn}), which the inputs do not give`,
              source,
            ),
    );
  });
}

const onKey = new Map<string, boolean>();

/**
 * True for a KMS key resource operation: "an operation that is authorized for a particular KMS
 * key. To identify the KMS key resource operations, in the Actions and Resources Table, look for
 * a value of KMS key in the Resources column for the operation" (AWS KMS Developer Guide, "AWS KMS
 * condition keys"): the catalog's resource types of the action hold `key`. Only on those do the
 * key's properties fill kms:KeySpec, kms:KeyUsage, kms:KeyOrigin and kms:MultiRegion ("controls
 * access to operations based on the value of the KeySpec property of the KMS key that is created
 * by or used in the operation", kms:KeySpec); CreateKey's come from its request.
 */
export function isKeyResourceOperation(actionLower: string): boolean {
  if (!actionLower.startsWith('kms:')) return false;
  let on = onKey.get(actionLower);
  if (on === undefined) {
    on = !!getAction(actionLower)?.resourceTypes.some((r) => r.name === 'key');
    onKey.set(actionLower, on);
  }
  return on;
}
