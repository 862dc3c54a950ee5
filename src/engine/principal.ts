// The request principal: turns the request's `principal` string (IAM user ARN, role ARN = a
// session of that role, assumed-role session ARN, account root / id, service principal,
// `anonymous`, identity provider ARN, federated user session ARN, S3 canonical user id, IAM
// unique id of a user or role) into what evaluation needs, looked up in the model.
//
// A federated user session (`arn:aws:sts::ACCOUNT:federated-user/NAME`, created by
// GetFederationToken) is its own principal type: "When a federated user makes a request, the
// principal making the request is the federated user ARN and not the ARN of the IAM user who
// federated" (IAM User Guide, "Policy evaluation logic",
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html).
// The IAM user who called GetFederationToken is its `caller` when the request names it
// (`Request.federatedBy`); otherwise the caller is unknown (any IAM user of the account, or its
// root user).

import { mayHaveUniqueId, principalUniqueIdKind, uniqueIdLabel } from '../model/unique-ids.js';
import { accountRootArn, assumedRoleArn, parseArn } from '../model/arns.js';
import { isWellKnownWebIdentity } from '../model/federation.js';
import { DEFAULT_SESSION_NAME } from '../model/stand-ins.js';
import type { Role, User } from '../model/types.js';
import type { Unknown } from '../model/unknown.js';

/**
 * `federated`: an identity provider (SAML / OIDC provider ARN) calling AssumeRoleWith*;
 * `federated-user`: a federated user session from GetFederationToken.
 */
export type PrincipalType =
  | 'user'
  | 'role-session'
  | 'root'
  | 'service'
  | 'anonymous'
  | 'federated'
  | 'federated-user'
  | 'canonical-user'
  | 'unique-id';

export interface RequestPrincipal {
  type: PrincipalType;
  /** User ARN, role ARN (for sessions), root ARN, federated provider ARN. */
  arn: string | undefined;
  /** For role sessions: the assumed-role session ARN. */
  sessionArn: string | undefined;
  /** For role sessions: the role ARN. */
  roleArn: string | undefined;
  account: string | undefined;
  rootArn: string | undefined;
  service: string | undefined;
  /** The model element, when the principal is defined in the inputs. */
  user: User | undefined;
  role: Role | undefined;
  /** The principal's account is not in the model: its identity side is assumed to allow. */
  external: boolean;
  /**
   * Federated user sessions: who called GetFederationToken. `user` when it is a model IAM user,
   * `root` for the account root user, `unknown` when the request does not say (or names a
   * user outside the model); `callerArn` is its ARN when known.
   */
  caller: 'user' | 'root' | 'unknown' | undefined;
  callerArn: string | undefined;
  hasBoundary: boolean;
  /**
   * The principal's permissions boundary may not exist (`boundaryMayBeAbsent`): a boundary that is
   * maybe-present, or the unknown boundary of a principal that exists outside the inputs (imported,
   * open-accounts stand-ins). Read by the NotPrincipal-with-Deny rule, which turns on whether a
   * boundary is attached at all.
   */
  boundaryMayBeAbsent: boolean;
  /** The S3 canonical user id of the principal's account, when the inputs pin it. */
  canonicalId: string | undefined;
  /**
   * The canonical user ids the inputs pin, by account (`PrincipalDirectory.canonicalIds`), for an
   * S3 canonical user (it is the account whose id it is, and none of the others) and a principal
   * with an account (an id pinned for another account is not its account's): src/engine/
   * compile-policy.ts `canonicalUserMatch`, `accountCanonicalMatch`. Undefined when none is.
   */
  pinnedCanonicalIds: ReadonlyMap<string, string> | undefined;
  /**
   * A user or role named by unique id (`unique-id`): whether a Principal value (a user or role
   * ARN, a role session ARN) names a user or role of the inputs that is surely another one: the
   * inputs create it anew or pin another id (src/model/unique-ids.ts `mayHaveUniqueId`).
   * Undefined for other principals.
   */
  namesOtherEntity: ((value: string) => boolean) | undefined;
  /**
   * Role sessions given as the role ARN: the session name is the stand-in `DEFAULT_SESSION_NAME`
   * (src/model/stand-ins.ts), so the request stands for a session of any name.
   */
  sessionNameStandIn?: boolean;
  /** Set when the string is not a principal at all. */
  error: string | undefined;
}

export { DEFAULT_SESSION_NAME };

export interface PrincipalDirectory {
  partition: string;
  accounts: ReadonlySet<string>;
  userByArn: ReadonlyMap<string, User>;
  roleByArn: ReadonlyMap<string, Role>;
  /** `account/roleName` → role (session ARNs carry the role name without its path). */
  roleByAccountAndName: ReadonlyMap<string, Role>;
  /** The S3 canonical user ids the inputs pin, by account (`Account.canonicalUserId`). */
  canonicalIds: ReadonlyMap<string, string>;
}

/**
 * A principal with every field set, in one order: every RequestPrincipal has one shape (one
 * hidden class), so the engine's hot functions that read them stay optimized (a field added to
 * some principals only made V8 deoptimize them; bench/RESULTS.md, hperf8).
 */
function base(type: PrincipalType): RequestPrincipal {
  return {
    type,
    arn: undefined,
    sessionArn: undefined,
    roleArn: undefined,
    account: undefined,
    rootArn: undefined,
    service: undefined,
    user: undefined,
    role: undefined,
    external: false,
    caller: undefined,
    callerArn: undefined,
    hasBoundary: false,
    boundaryMayBeAbsent: false,
    canonicalId: undefined,
    pinnedCanonicalIds: undefined,
    namesOtherEntity: undefined,
    sessionNameStandIn: false,
    error: undefined,
  };
}

function withAccount(p: RequestPrincipal, dir: PrincipalDirectory, partition: string, account: string) {
  p.account = account;
  p.rootArn = accountRootArn(partition, account);
  p.external = !dir.accounts.has(account);
  p.canonicalId = dir.canonicalIds.get(account);
  if (dir.canonicalIds.size) p.pinnedCanonicalIds = dir.canonicalIds;
  return p;
}

/**
 * How the engine reads a request principal: an account id, `anonymous`, a service or web
 * identity provider name (`nonArnPrincipal`), or an ARN (`arnPrincipal`). A principal the engine
 * cannot decide for carries `error`.
 */
export function resolveRequestPrincipal(raw: string, dir: PrincipalDirectory): RequestPrincipal {
  const s = raw.trim();
  if (!s.startsWith('arn:')) return nonArnPrincipal(raw, s, dir);
  const arn = parseArn(s);
  if (!arn) {
    const p = base('anonymous');
    p.error = `"${raw}" is not a valid ARN`;
    return p;
  }
  return arnPrincipal(raw, s, arn, dir);
}

/** `anonymous`, an account id, a web identity provider or a service principal. */
function nonArnPrincipal(raw: string, s: string, dir: PrincipalDirectory): RequestPrincipal {
  if (s === 'anonymous' || s === '*') return base('anonymous');
  // An S3 canonical user: an AWS account or a CloudFront origin access identity (which one the
  // id alone does not say), outside the inputs: its identity side is not in the model.
  if (isCanonicalUserPrincipal(s)) {
    const p = base('canonical-user');
    p.arn = isCanonicalUserStandIn(s) ? s : s.toLowerCase();
    p.external = true;
    if (dir.canonicalIds.size) p.pinnedCanonicalIds = dir.canonicalIds;
    return p;
  }
  // A user or role named by its IAM unique id (src/model/unique-ids.ts): one principal whose
  // account and name the id does not say, taken as outside the inputs (its identity side is not
  // in the model); a user or role of the inputs may be it (src/engine/compile-policy.ts).
  if (principalUniqueIdKind(s)) {
    const p = base('unique-id');
    p.arn = s;
    p.external = true;
    p.namesOtherEntity = (value) => {
      const session = /^arn:[^:]+:sts::(\d{12}):assumed-role\/([^/]+)\//.exec(value);
      const entity = session
        ? dir.roleByAccountAndName.get(`${session[1]}/${session[2]}`)
        : (dir.userByArn.get(value) ?? dir.roleByArn.get(value));
      return !!entity && mayHaveUniqueId(entity.uniqueId, s) === 'no';
    };
    return p;
  }
  if (/^\d{12}$/.test(s)) {
    const p = withAccount(base('root'), dir, dir.partition, s);
    p.arn = p.rootArn;
    return p;
  }
  // Web identity providers named without an IAM provider (Cognito, Google, Facebook, Login with
  // Amazon) are federated principals, not services (src/model/federation.ts).
  if (isWellKnownWebIdentity(s)) {
    const p = base('federated');
    p.arn = s.toLowerCase();
    return p;
  }
  if (/^[a-z0-9.-]+\.amazonaws\.com(\.cn)?$/i.test(s) || /^[a-z0-9.-]+\.amazon\.com$/i.test(s)) {
    const p = base('service');
    p.service = s.toLowerCase();
    return p;
  }
  const p = base('anonymous');
  p.error = `"${raw}" is not a principal: use an ARN, a service principal such as ec2.amazonaws.com, an account id or "anonymous"`;
  return p;
}

/** An account root, IAM user, role, assumed-role session, federated user session or provider ARN. */
function arnPrincipal(
  raw: string,
  s: string,
  arn: NonNullable<ReturnType<typeof parseArn>>,
  dir: PrincipalDirectory,
): RequestPrincipal {
  const { partition, service, account, resource } = arn;
  if (service === 'iam' && resource === 'root') {
    const p = withAccount(base('root'), dir, partition, account);
    p.arn = s;
    return p;
  }
  if (service === 'iam' && resource.startsWith('user/')) {
    const p = withAccount(base('user'), dir, partition, account);
    p.arn = s;
    p.user = dir.userByArn.get(s);
    setBoundary(p, p.user);
    if (!p.user && !p.external) p.error = `no IAM user ${s} in the model`;
    return p;
  }
  if (service === 'iam' && resource.startsWith('role/'))
    return rolePrincipal(s, partition, account, resource, dir);
  if (service === 'sts' && resource.startsWith('assumed-role/'))
    return sessionPrincipal(s, partition, account, resource, dir);
  if (service === 'sts' && resource.startsWith('federated-user/')) {
    const p = withAccount(base('federated-user'), dir, partition, account);
    p.arn = s;
    p.caller = 'unknown';
    if (resource.length === 'federated-user/'.length) p.error = `"${raw}" names no federated user`;
    return p;
  }
  if (service === 'iam' && (resource.startsWith('saml-provider/') || resource.startsWith('oidc-provider/'))) {
    const p = withAccount(base('federated'), dir, partition, account);
    p.arn = s;
    return p;
  }
  const p = base('anonymous');
  p.error = `"${raw}" is not a principal ARN (expected an IAM user, role, assumed-role session, federated user session or account root)`;
  return p;
}

/** A role ARN: a session of the role (its session name a stand-in). */
function rolePrincipal(
  s: string,
  partition: string,
  account: string,
  resource: string,
  dir: PrincipalDirectory,
): RequestPrincipal {
  const p = withAccount(base('role-session'), dir, partition, account);
  const role = dir.roleByArn.get(s);
  const name = resource.slice(resource.lastIndexOf('/') + 1);
  p.arn = s;
  p.roleArn = s;
  p.role = role;
  p.sessionArn = assumedRoleArn(partition, account, role?.name ?? name, DEFAULT_SESSION_NAME);
  p.sessionNameStandIn = true;
  setBoundary(p, role);
  if (!role && !p.external) p.error = `no IAM role ${s} in the model`;
  return p;
}

/** An assumed-role session ARN: a session of the role it names. */
function sessionPrincipal(
  s: string,
  partition: string,
  account: string,
  resource: string,
  dir: PrincipalDirectory,
): RequestPrincipal {
  const parts = resource.split('/');
  const roleName = parts[1] ?? '';
  const p = withAccount(base('role-session'), dir, partition, account);
  const role = dir.roleByAccountAndName.get(`${account}/${roleName}`);
  p.role = role;
  p.roleArn = role?.arn ?? `arn:${partition}:iam::${account}:role/${roleName}`;
  p.arn = p.roleArn;
  p.sessionArn = s;
  setBoundary(p, role);
  if (!role && !p.external) p.error = `no IAM role ${roleName} in account ${account} in the model`;
  return p;
}

/**
 * The federated user session `p` with its caller (`Request.federatedBy`: the IAM user ARN, the
 * root ARN or account id that called GetFederationToken). A caller of another account than the
 * session's is an error: GetFederationToken creates the session in the caller's account.
 */
export function withFederationCaller(
  p: RequestPrincipal,
  federatedBy: string,
  dir: PrincipalDirectory,
): RequestPrincipal {
  const caller = resolveRequestPrincipal(federatedBy, dir);
  const out: RequestPrincipal = { ...p, callerArn: caller.arn };
  if (caller.error || (caller.type !== 'user' && caller.type !== 'root')) {
    out.error = `federatedBy "${federatedBy}" must be the IAM user or account root user that called GetFederationToken`;
  } else if (caller.account !== p.account) {
    out.error = `federatedBy "${federatedBy}" is in account ${caller.account}, the federated user session in ${p.account}: GetFederationToken creates the session in the caller's account`;
  } else if (caller.type === 'root') out.caller = 'root';
  else if (caller.user) {
    out.caller = 'user';
    out.user = caller.user;
    setBoundary(out, caller.user);
  }
  return out;
}

/**
 * The request principal of an S3 canonical user the inputs leave unknown (a `CanonicalUser` value
 * known only after deploy): `canonical-user:(of OAI)` for the canonical user of an origin access
 * identity of the inputs (`Fn::GetAtt OAI.S3CanonicalUserId`, Terraform's
 * `aws_cloudfront_origin_access_identity.x.s3_canonical_user_id`), a stand-in whose id is
 * unknown; `UNKNOWN_CANONICAL_USER` for any other.
 */
export const UNKNOWN_CANONICAL_USER = 'canonical-user:(unknown)';
const STAND_IN_PREFIX = 'canonical-user:(';
const OF_OAI = 'canonical-user:(of ';

/** The stand-in request principal for an unknown `CanonicalUser` value (see UNKNOWN_CANONICAL_USER). */
export function unknownCanonicalUser(v: Unknown): string {
  const oai =
    /S3CanonicalUserId of AWS::CloudFront::CloudFrontOriginAccessIdentity (\S+)/.exec(v.reason)?.[1] ??
    /(aws_cloudfront_origin_access_identity\.[^\s]+?)\.s3_canonical_user_id\b/.exec(v.reason)?.[1];
  return oai ? `${OF_OAI}${oai})` : UNKNOWN_CANONICAL_USER;
}

/** A request principal naming an S3 canonical user: its 64-hex id or a stand-in (`unknownCanonicalUser`). */
export function isCanonicalUserPrincipal(s: string): boolean {
  return /^[0-9a-f]{64}$/i.test(s) || isCanonicalUserStandIn(s);
}

/** A stand-in for a canonical user whose id the inputs leave unknown. */
export function isCanonicalUserStandIn(s: string): boolean {
  return s.startsWith(STAND_IN_PREFIX) && s.endsWith(')');
}

/** "the S3 canonical user 79a5…, an AWS account or a CloudFront origin access identity". */
export function canonicalUserLabel(id: string): string {
  if (id.startsWith(OF_OAI))
    return `the S3 canonical user of the CloudFront origin access identity ${id.slice(OF_OAI.length, -1)} of the inputs (its id is known only after deploy)`;
  const who = isCanonicalUserStandIn(id)
    ? 'an S3 canonical user the inputs leave unknown'
    : `the S3 canonical user ${id}`;
  return `${who}, an AWS account or a CloudFront origin access identity`;
}

export function principalLabel(p: RequestPrincipal): string {
  switch (p.type) {
    case 'service':
      return p.service ?? 'service';
    case 'anonymous':
      return 'anonymous';
    case 'canonical-user':
      return canonicalUserLabel(p.arn ?? UNKNOWN_CANONICAL_USER);
    case 'unique-id':
      return uniqueIdLabel(p.arn ?? '');
    case 'role-session':
      return p.sessionArn ?? p.arn ?? 'role session';
    case 'federated-user':
      return p.callerArn ? `${p.arn} (federated by ${p.callerArn})` : (p.arn ?? 'federated user');
    default:
      return p.arn ?? p.type;
  }
}

/** Whether `element` has a permissions boundary, and whether that boundary may not exist. */
function setBoundary(p: RequestPrincipal, element: User | Role | undefined): void {
  const boundary = element?.permissionsBoundary;
  p.hasBoundary = boundary !== undefined;
  p.boundaryMayBeAbsent = boundaryMayBeAbsent(element);
}

/**
 * A boundary that is maybe-present, or the unknown one the builder gives a principal existing
 * outside the inputs (model/builder.ts addImportedPrincipal, model/open-accounts.ts): whether any
 * boundary is attached to it is not known.
 */
function boundaryMayBeAbsent(element: User | Role | undefined): boolean {
  const boundary = element?.permissionsBoundary;
  if (!boundary) return false;
  return boundary.presence !== undefined || element?.imported !== undefined;
}
