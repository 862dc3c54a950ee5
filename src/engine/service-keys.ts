// Service-specific condition keys the request context fills from the principal or the resource:
// the one table of which key is filled from which model fact, and for which requests. Each
// service puts these keys in the request context of its own operations only, so each entry says
// which actions carry it; on any other request, and where the model does not determine the
// value, the key stays free (unknown to the analyses), never guessed.
//
// - `kms:CallerAccount`: the calling principal's account, on the KMS operations that carry it
//   (aws/kms.ts `requestCarriesCallerAccount`). An AWS service principal's (the service's own
//   account, or none), an S3 canonical user's, a unique id's or a web identity / SAML caller's
//   account the inputs do not say: free. A stand-in account is filled as itself, like
//   aws:PrincipalAccount: the account worlds decide it again as each id it may be
//   (engine/account-worlds.ts), so a decision resting on it is indeterminate.
// - `s3:ResourceAccount`: "restrict access to your buckets based on the AWS Account ID of the
//   bucket owner" (AWS What's New, "New IAM condition keys for Amazon S3 limit requests to
//   buckets owned by specific AWS accounts and using specific TLS versions", December 21, 2020),
//   on S3 operations whose row lists it, for a bucket or object ARN: read as aws:ResourceAccount
//   (the bucket's account; unknown for a bucket outside the inputs). On an access point (whose
//   bucket may be in another account) it stays free.
// - `kms:KeySpec`, `kms:KeyUsage`, `kms:KeyOrigin`, `kms:MultiRegion` (and the deprecated
//   `kms:CustomerMasterKeySpec` / `kms:CustomerMasterKeyUsage`: "work the same way. Only the names
//   differ"): the properties of the KMS key a KMS key resource operation uses (aws/kms.ts
//   `isKeyResourceOperation`), when the inputs create the key and say them (`Resource.kmsKey`,
//   defaults when not given; unknown when given only at deployment: free). "The `kms:KeyOrigin`
//   condition key controls access to operations based on the value of the `Origin` property of
//   the KMS key that is created by or used in the operation" (AWS KMS Developer Guide, "AWS KMS
//   condition keys"). `kms:MultiRegionKeyType` is absent on a single-Region key ("Only
//   multi-Region keys have a `MultiRegionKeyType` property") and free on a multi-Region one (it
//   can change: "a given multi-Region key can change to primary or replica"). On CreateKey they
//   are the request's parameters: free.
// - `s3:DataAccessPointArn`, `s3:DataAccessPointAccount`, `s3:AccessPointNetworkOrigin`: on a
//   request on a single-Region access point ARN (or an object under it), the access point's ARN
//   and account (from the ARN) and the network origin the inputs give the access point
//   (aws/s3-access-points.ts); the bucket side of such a request carries them in its context. On
//   a direct request on a bucket or object ARN they are absent (`accessPointKeyFill`).
// - `lambda:FunctionUrlAuthType`: the AuthType of the function URL a `lambda:InvokeFunctionUrl`
//   request goes through, when the inputs pin it (aws/lambda.ts `functionUrlAuthTypeOf`).
//
// Keys whose value depends on the request itself (kms:EncryptionContext:*, kms:ViaService,
// kms:GrantIsForAWSResource, kms:ReplicaRegion...) are not here: they stay free. Checked and not
// filled: SQS and SNS define no key of the principal or the resource of their own (the Service
// Authorization Reference lists none); kms:ResourceAliases (the key's aliases, which aliases
// outside the inputs may add to).
// Each lookup is one Map access and a constant amount of work (engine/request-context.ts asks
// per key a condition reads, on the matrix's hot path).

import { getAction } from '../catalog/actions.js';
import { CALLER_ACCOUNT_KEY, isKeyResourceOperation, requestCarriesCallerAccount } from '../aws/kms.js';
import { FUNCTION_URL_AUTH_TYPE_KEY, functionUrlAuthTypeOf, INVOKE_FUNCTION_URL } from '../aws/lambda.js';
import {
  ACCESS_POINT_NETWORK_ORIGIN_KEY,
  accessPointKeyFill,
  DATA_ACCESS_POINT_ACCOUNT_KEY,
  DATA_ACCESS_POINT_ARN_KEY,
} from '../aws/s3-access-points.js';
import type { KmsKeyProperties } from '../model/types.js';
import { isUnknown, type Maybe } from '../model/unknown.js';
import type { RequestPrincipal } from './principal.js';
import type { ResourceInfo, RequestTarget } from './request-context.js';

/** What the model fills for a service key on one request. */
export type ServiceKeyFill =
  /** The key is read as another key the request context fills (`aws:resourceaccount`). */
  | { sameAs: string }
  /** The value the model determines; undefined with `free` false: the key is absent. */
  | { value: readonly string[] | undefined; free: boolean };

/** Free: present or absent with any value, as far as the inputs say. */
const FREE: ServiceKeyFill = Object.freeze({ value: undefined, free: true });
/** Surely absent. */
const ABSENT: ServiceKeyFill = Object.freeze({ value: undefined, free: false });

type Filler = (
  p: RequestPrincipal,
  resource: ResourceInfo,
  target: RequestTarget | undefined,
) => ServiceKeyFill;

/** `kms:CallerAccount`: the account of an IAM principal (user, role session, root, federated user). */
function callerAccount(
  p: RequestPrincipal,
  _r: ResourceInfo,
  target: RequestTarget | undefined,
): ServiceKeyFill {
  if (!target?.action || !requestCarriesCallerAccount(target.action)) return FREE;
  switch (p.type) {
    case 'user':
    case 'role-session':
    case 'root':
    case 'federated-user':
      return p.account ? { value: [p.account], free: false } : FREE;
    // An anonymous caller belongs to no account (aws:PrincipalAccount is absent too).
    case 'anonymous':
      return ABSENT;
    default:
      return FREE;
  }
}

/** `s3:ResourceAccount`, lowercased. */
export const S3_RESOURCE_ACCOUNT_KEY = 's3:resourceaccount';

/** A general purpose bucket or object ARN (`arn:aws:s3:::bucket[/key]`), not an access point. */
const BUCKET_OR_OBJECT = /^arn:[\w-]+:s3:::[^/]/;

const carriesResourceAccount = new Map<string, boolean>();

/** True when the S3 operation's row of the Service Authorization Reference lists s3:ResourceAccount. */
function s3CarriesResourceAccount(actionLower: string): boolean {
  if (!actionLower.startsWith('s3:')) return false;
  let carries = carriesResourceAccount.get(actionLower);
  if (carries === undefined) {
    carries = !!getAction(actionLower)?.conditionKeys.some(
      (k) => k.toLowerCase() === S3_RESOURCE_ACCOUNT_KEY,
    );
    carriesResourceAccount.set(actionLower, carries);
  }
  return carries;
}

function s3ResourceAccount(
  _p: RequestPrincipal,
  r: ResourceInfo,
  target: RequestTarget | undefined,
): ServiceKeyFill {
  if (!target?.action || !s3CarriesResourceAccount(target.action) || !BUCKET_OR_OBJECT.test(r.arn))
    return FREE;
  return { sameAs: 'aws:resourceaccount' };
}

/** The properties of the KMS key a KMS key resource operation uses, when the inputs say them. */
function keyPropertiesOf(r: ResourceInfo, target: RequestTarget | undefined): KmsKeyProperties | undefined {
  if (!target?.action || !isKeyResourceOperation(target.action)) return undefined;
  const key = r.resource;
  return key?.kind === 'kms-key' && key.arn === r.arn ? key.kmsKey : undefined;
}

/** A key that reads one property of the key. */
function keyProperty(read: (k: KmsKeyProperties) => Maybe<string | boolean>): Filler {
  return (_p, r, target) => {
    const props = keyPropertiesOf(r, target);
    const v = props && read(props);
    if (v === undefined || isUnknown(v)) return FREE;
    return { value: [String(v)], free: false };
  };
}

/** `kms:MultiRegionKeyType`: absent on a single-Region key, free on a multi-Region one. */
function multiRegionKeyType(
  _p: RequestPrincipal,
  r: ResourceInfo,
  target: RequestTarget | undefined,
): ServiceKeyFill {
  return keyPropertiesOf(r, target)?.multiRegion === false ? ABSENT : FREE;
}

/** `lambda:FunctionUrlAuthType` of a `lambda:InvokeFunctionUrl` request, when the model pins it. */
function functionUrlAuthType(
  _p: RequestPrincipal,
  r: ResourceInfo,
  target: RequestTarget | undefined,
): ServiceKeyFill {
  if (target?.action !== INVOKE_FUNCTION_URL) return FREE;
  const fn = r.resource;
  const t = fn?.kind === 'lambda-function' ? functionUrlAuthTypeOf(fn.functionUrls, r.arn) : undefined;
  return t === undefined ? FREE : { value: [t], free: false };
}

/**
 * `s3:DataAccessPointArn`, `s3:DataAccessPointAccount`, `s3:AccessPointNetworkOrigin` on a request
 * through a single-Region access point (its ARN, its account, the network origin the inputs give
 * it); absent on a direct request on a bucket or its objects (the bucket side of a request through
 * an access point sets them in its context); elsewhere free (aws/s3-access-points.ts
 * `accessPointKeyFill`).
 */
function accessPointKey(key: string): Filler {
  return (_p, r) => {
    const value = accessPointKeyFill(key, r.arn, r.resource);
    if (value === 'absent') return ABSENT;
    return value ? { value, free: false } : FREE;
  };
}

const SERVICE_KEYS: ReadonlyMap<string, Filler> = new Map<string, Filler>([
  [DATA_ACCESS_POINT_ARN_KEY, accessPointKey(DATA_ACCESS_POINT_ARN_KEY)],
  [DATA_ACCESS_POINT_ACCOUNT_KEY, accessPointKey(DATA_ACCESS_POINT_ACCOUNT_KEY)],
  [ACCESS_POINT_NETWORK_ORIGIN_KEY, accessPointKey(ACCESS_POINT_NETWORK_ORIGIN_KEY)],
  [CALLER_ACCOUNT_KEY, callerAccount],
  [S3_RESOURCE_ACCOUNT_KEY, s3ResourceAccount],
  [FUNCTION_URL_AUTH_TYPE_KEY, functionUrlAuthType],
  ['kms:keyspec', keyProperty((k) => k.keySpec)],
  ['kms:customermasterkeyspec', keyProperty((k) => k.keySpec)],
  ['kms:keyusage', keyProperty((k) => k.keyUsage)],
  ['kms:customermasterkeyusage', keyProperty((k) => k.keyUsage)],
  ['kms:keyorigin', keyProperty((k) => k.origin)],
  ['kms:multiregion', keyProperty((k) => k.multiRegion)],
  ['kms:multiregionkeytype', multiRegionKeyType],
]);

/**
 * The keys of this table that the model fills on requests of `actionLower` and not on others of
 * its service, as a text that two actions share when they carry the same ones (empty: none).
 * Two actions the same statements match may be decided differently when one carries a key a
 * statement reads (`readsServiceKey`) and the other does not (kms:Decrypt, kms:RetireGrant), so
 * the matrix keeps actions of different texts apart where such a statement is relevant
 * (analysis/matrix/statement-groups.ts). lambda:InvokeFunctionUrl is decided apart already
 * (engine/decided-apart.ts).
 */
export function serviceKeysCarried(actionLower: string): string {
  if (actionLower.startsWith('kms:'))
    return `${requestCarriesCallerAccount(actionLower) ? CALLER_ACCOUNT_KEY : ''}${isKeyResourceOperation(actionLower) ? '+key' : ''}`;
  return s3CarriesResourceAccount(actionLower) ? S3_RESOURCE_ACCOUNT_KEY : '';
}

/**
 * What the model fills for the (lowercased) service key on this request; undefined when the key
 * is none of this table's (the caller treats it as before).
 */
export function serviceKeyFill(
  key: string,
  p: RequestPrincipal,
  resource: ResourceInfo,
  target: RequestTarget | undefined,
): ServiceKeyFill | undefined {
  return SERVICE_KEYS.get(key)?.(p, resource, target);
}

/** The keys whose filling depends on the action (`serviceKeysCarried`). */
const ACTION_DEPENDENT_KEYS: readonly string[] = [...SERVICE_KEYS.keys()].filter(
  (k) =>
    k !== FUNCTION_URL_AUTH_TYPE_KEY &&
    k !== DATA_ACCESS_POINT_ARN_KEY &&
    k !== DATA_ACCESS_POINT_ACCOUNT_KEY &&
    k !== ACCESS_POINT_NETWORK_ORIGIN_KEY,
);

/**
 * True when a condition key (lowercased) or a text holding policy variables may read a key of
 * this table whose filling depends on the action.
 */
export function readsServiceKey(conditionKey: string): boolean {
  return ACTION_DEPENDENT_KEYS.includes(conditionKey);
}

/** True when a policy text may hold a variable on such a key (`${kms:CallerAccount}`). */
export function variableReadsServiceKey(text: string): boolean {
  if (!text.includes('${')) return false;
  const lower = text.toLowerCase();
  return ACTION_DEPENDENT_KEYS.some((k) => lower.includes(`\${${k}`));
}
