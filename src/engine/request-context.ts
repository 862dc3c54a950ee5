// The request context: keys AWS fills from the principal, the resource and the clock
// (aws:username, aws:PrincipalArn, aws:PrincipalAccount, aws:PrincipalType, aws:PrincipalTag/*,
// aws:ResourceAccount, aws:ResourceTag/*, aws:TokenIssueTime for sessions only,
// aws:CurrentTime, aws:EpochTime, aws:PrincipalIsAWSService, aws:PrincipalServiceName,
// aws:RequestedRegion, aws:userid, and the service-specific keys of service-keys.ts:
// kms:CallerAccount, s3:ResourceAccount, lambda:FunctionUrlAuthType) computed lazily on lookup;
// the request's own context overrides them (IAM User Guide, "AWS global condition context keys"). aws:ResourceTag/* of an S3 general purpose bucket
// (and its objects) only when ABAC is enabled on it (src/aws/s3-abac.ts): absent when disabled,
// present or absent when the inputs do not say.
//
// Keys present with a value known only after deploy have a shape instead of a value
// (conditions/shapes.ts): aws:userid of an IAM user (`AIDA…`) or a role session
// (`AROA…:session-name`), and aws:ResourceAccount of a resource whose account the inputs do not
// say (an S3 bucket outside the model: its ARN has no account), and a principal or resource tag
// the inputs set to a value known only at deployment (the tag is present: never taken as absent).
// aws:userid "is included in the request context for all requests, including anonymous requests" (aws:userid), so a default in
// `${aws:userid, 'x'}` never applies. aws:RequestedRegion when neither the service (global) nor the
// resource says (an ARN without a Region, or the stand-in Region of inputs given none) has the
// shape of a Region code. aws:RequestedRegion of a global service is the Region of
// its single endpoint (global-services.ts), otherwise the resource's Region.

import { DEFAULT_SESSION_NAME } from '../model/stand-ins.js';
import {
  isMayBeAbsentTag,
  OTHER_TAGS,
  otherTagsOf,
  type Resource,
  type Role,
  type Tags,
  type User,
} from '../model/types.js';
import { isUnknown, Unknown } from '../model/unknown.js';
import { NEW_UNIQUE_ID, principalUniqueIdKind } from '../model/unique-ids.js';
import type { EvalContext } from './conditions/index.js';
import {
  ACCOUNT_ID_SHAPE,
  REGION_SHAPE,
  roleSessionIdShape,
  TAG_VALUE_SHAPE,
  USER_ID_SHAPE,
  uniqueIdPrincipalShape,
  type ValueShape,
} from './conditions/shapes.js';
import { globalServiceRegion } from './global-services.js';
import { resourceTagsEvaluated } from '../aws/s3-abac.js';
import { iamResourceTagsApply } from './outside-resource-tags.js';
import { serviceKeyFill } from './service-keys.js';
import { roleMayHaveSessionTags } from './session-tags.js';
import type { RequestPrincipal } from './principal.js';
import type { RequestContext } from './types.js';
import type { CreatedElements } from '../model/created-elements.js';

export interface ResourceInfo {
  arn: string;
  /**
   * The resource's account when the inputs say (the ARN, or the model resource). Undefined for
   * an ARN without one (an S3 bucket outside the model): aws:ResourceAccount is then unknown.
   */
  account: string | undefined;
  /**
   * The resource's Region when the inputs say. Undefined when the ARN has none and the model
   * does not say, or when it is the stand-in Region of inputs given no region
   * (`Account.regionIsStandIn`): aws:RequestedRegion is then present with an unknown value.
   */
  region: string | undefined;
  resource: Resource | undefined;
  /**
   * The IAM user or role of the model the request is on (`iam:CreateAccessKey` on a user,
   * `iam:PutRolePolicy` on a role): "An IAM user or role can be both a resource and principal"
   * (IAM User Guide, "Controlling access to and for IAM users and roles using tags"), so its
   * tags are the request's `aws:ResourceTag/*` and `iam:ResourceTag/*`.
   */
  iamEntity?: User | Role;
  /**
   * The tags of a resource that is no resource, user or role of the model: an IAM managed policy's
   * or identity provider's of the model, else unknown (a resource the inputs do not define), or
   * undefined where AWS carries none: engine/outside-resource-tags.ts `OutsideResourceTags.tagsOf`.
   */
  outsideTags?: Tags;
}

/**
 * The tags of the request's resource: a model resource, an IAM user or role of the model, or any
 * other (`outsideTags`). The one lookup every `aws:ResourceTag/*` read goes through.
 */
function resourceTags(info: ResourceInfo): Tags | undefined {
  return info.resource?.tags ?? info.iamEntity?.tags ?? info.outsideTags;
}

/**
 * The tags `iam:ResourceTag/*` reads: an IAM user's or role's, the model's or, for one outside the
 * model, unknown (`outsideTags`); none for any other resource.
 */
function iamResourceTags(info: ResourceInfo): Tags | undefined {
  if (info.iamEntity) return info.iamEntity.tags;
  return !info.resource && iamResourceTagsApply(info.arn) ? info.outsideTags : undefined;
}

/**
 * The tags `aws:ResourceTag/*` reads, and whether AWS puts them in the request context at all:
 * `no` for an S3 general purpose bucket (or its object) with ABAC disabled, where the keys are
 * absent; `maybe` for one whose ABAC status the inputs do not say (src/aws/s3-abac.ts).
 */
function resourceTagKeys(info: ResourceInfo): { tags: Tags | undefined; evaluated: 'yes' | 'no' | 'maybe' } {
  return { tags: resourceTags(info), evaluated: resourceTagsEvaluated(info.resource) };
}

/** True when the tag `key` (lowercased) is among `tags`, with a value known or not. */
function tagShown(tags: Tags | undefined, key: string): boolean {
  if (!tags || key === OTHER_TAGS_LOWER) return false;
  for (const k in tags) if (k.toLowerCase() === key) return true;
  return false;
}

const OTHER_TAGS_LOWER = OTHER_TAGS.toLowerCase();

/** True when the tag `key` (lowercased) of `tags` is set to a value known only at deployment. */
function tagIsUnknown(tags: Tags | undefined, key: string): boolean {
  if (!tags || key === OTHER_TAGS_LOWER) return false;
  for (const k in tags) if (k.toLowerCase() === key) return isUnknown(tags[k]) && !isMayBeAbsentTag(tags[k]);
  return false;
}

/**
 * True when the tag `key` (lowercased) is not among the tags the inputs show but tags they do not
 * show may exist (`OTHER_TAGS`), or is shown as a tag that may be absent (`mayBeAbsentTag`):
 * present with an unknown value, or absent.
 */
function tagMayBePresent(tags: Tags | undefined, key: string): boolean {
  if (!tags) return false;
  for (const k in tags) if (k.toLowerCase() === key && k !== OTHER_TAGS) return isMayBeAbsentTag(tags[k]);
  if (!otherTagsOf(tags)) return false;
  return true;
}

function tagValue(tags: Tags | undefined, key: string): readonly string[] | undefined {
  if (!tags || key === OTHER_TAGS_LOWER) return undefined;
  for (const k in tags) {
    if (k.toLowerCase() === key) {
      const v = tags[k];
      return typeof v === 'string' ? [v] : undefined;
    }
  }
  return undefined;
}

function tagKeys(tags: Tags | undefined): string[] {
  return tags ? Object.keys(tags).filter((k) => k !== OTHER_TAGS && !isUnknown(tags[k])) : [];
}

const outsidePrincipalTags = new WeakMap<RequestPrincipal, Tags>();

/**
 * The tags `aws:PrincipalTag/*` reads: a model user's or role's; for an IAM user or role (session)
 * the inputs do not define (another account's, one named by unique id), unknown (each tag present
 * with any value or absent, the reason naming the principal), as a resource's outside the inputs
 * (engine/outside-resource-tags.ts); none for any other caller (the root user, a service,
 * anonymous).
 */
function principalTags(p: RequestPrincipal): Tags | undefined {
  const own = p.user?.tags ?? p.role?.tags;
  if (own || (p.type !== 'user' && p.type !== 'role-session' && p.type !== 'unique-id')) return own;
  let tags = outsidePrincipalTags.get(p);
  if (!tags) {
    const who = p.roleArn ?? p.arn ?? 'the principal';
    tags = {
      [OTHER_TAGS]: new Unknown(
        `the tags of ${who}, which the inputs do not define, are not known from the inputs`,
      ),
    };
    outsidePrincipalTags.set(p, tags);
  }
  return tags;
}

/** The value a key pinned as absent (`null` in the request context) has in the overrides. */
const PINNED_ABSENT: readonly string[] = Object.freeze([]);

/**
 * A context value element as text: strings as they are, numbers and Booleans as written, anything
 * else (an object a caller passed through the API) as its JSON, never a call to its own toString.
 */
function contextText(x: unknown): string {
  if (typeof x === 'string') return x;
  if (typeof x === 'number' || typeof x === 'boolean') return String(x);
  return JSON.stringify(x) ?? '';
}

export function normalizeContext(
  ctx: RequestContext | undefined,
): Map<string, readonly string[]> | undefined {
  if (!ctx) return undefined;
  const keys = Object.keys(ctx);
  if (keys.length === 0) return undefined;
  const m = new Map<string, readonly string[]>();
  for (const k of keys) {
    const v = ctx[k];
    if (typeof v === 'string') m.set(k.toLowerCase(), [v]);
    else if (Array.isArray(v)) m.set(k.toLowerCase(), v.map(contextText));
    else if (v === null) m.set(k.toLowerCase(), PINNED_ABSENT);
  }
  return m;
}

/** What the request is made to: the action's service prefix and the partition (for global services). */
export interface RequestTarget {
  service: string;
  partition: string;
  /** The request's action, lowercased (for keys only some actions carry). */
  action?: string;
}

/**
 * The session name of a role session the request names (`assumed-role/ROLE/SESSION`); undefined
 * when only the role was given (its session name is the invented `DEFAULT_SESSION_NAME`).
 */
function sessionNameOf(p: RequestPrincipal): string | undefined {
  if (p.type !== 'role-session' || !p.sessionArn) return undefined;
  const name = /:assumed-role\/[^/]+\/(.+)$/.exec(p.sessionArn)?.[1];
  return name === DEFAULT_SESSION_NAME ? undefined : name;
}

/**
 * True when the inputs pin the user's or role's IAM unique id (`PrincipalBase.uniqueId`): not
 * unknown, not created anew (`NEW_UNIQUE_ID`, an id known only after deploy).
 */
function pinnedUniqueId(entity: User | Role | undefined): boolean {
  return entity?.uniqueId !== undefined && entity.uniqueId !== NEW_UNIQUE_ID;
}

/**
 * The keys of the principal's organization. "This key is included in the request context only if
 * the principal is a member of an organization" (IAM User Guide, "AWS global condition context
 * keys", aws:PrincipalOrgID and aws:PrincipalOrgPaths): an anonymous caller, an AWS service
 * principal or a web identity / SAML federated principal belongs to no organization, so the keys
 * are absent, never free; an IAM principal's organization the model does not pin (free).
 */
const ORGANIZATION_KEYS = ['aws:principalorgid', 'aws:principalorgpaths'] as const;

/** Keys about the principal alone: what the model fills for them is `principalKeyValue`. */
const PRINCIPAL_KEYS: ReadonlySet<string> = new Set([
  'aws:principalarn',
  'aws:principalaccount',
  'aws:principaltype',
  'aws:userid',
  'aws:username',
  'aws:tokenissuetime',
  'aws:principalisawsservice',
  'aws:principalservicename',
  'aws:principaltagkeys',
  ...ORGANIZATION_KEYS,
]);

/** True for a (lower-cased) key whose value depends on the principal alone. */
export function isPrincipalKey(key: string): boolean {
  return PRINCIPAL_KEYS.has(key) || key.startsWith('aws:principaltag/');
}

/**
 * What the model fills for a principal key (`isPrincipalKey`): the one place the engine and the
 * analyses read it from. Undefined when the key is absent or its value is not known from the
 * inputs (see `principalKeyIsFree`).
 */
export function principalKeyValue(
  p: RequestPrincipal,
  key: string,
  now: Date,
): readonly string[] | undefined {
  const isAws =
    p.type === 'user' || p.type === 'role-session' || p.type === 'root' || p.type === 'federated-user';
  switch (key) {
    case 'aws:principalarn':
      return isAws && p.arn ? [p.arn] : p.type === 'federated' && p.arn ? [p.arn] : undefined;
    case 'aws:principalaccount':
      return isAws && p.account ? [p.account] : undefined;
    case 'aws:principaltype':
      return p.type === 'user'
        ? ['User']
        : p.type === 'role-session'
          ? ['AssumedRole']
          : p.type === 'root'
            ? ['Account']
            : p.type === 'unique-id'
              ? [principalUniqueIdKind(p.arn ?? '') === 'user' ? 'User' : 'AssumedRole']
              : p.type === 'anonymous'
                ? ['Anonymous']
                : p.type === 'federated' || p.type === 'federated-user'
                  ? ['FederatedUser']
                  : undefined;
    case 'aws:userid':
      // IAM User Guide, "IAM policy elements: Variables and tags", principal key values: the
      // root user's is the account id, a federated user's `account:caller-specified-name`,
      // an anonymous caller's `anonymous`; users' and role sessions' have a shape (`shape`).
      if (p.type === 'root') return p.account ? [p.account] : undefined;
      if (p.type === 'anonymous') return ['anonymous'];
      // An IAM user's aws:userid is its unique id: the one the request names, or the one the
      // inputs pin (a Terraform plan's `unique_id` of a user that exists).
      if (p.type === 'unique-id' && principalUniqueIdKind(p.arn ?? '') === 'user') return [p.arn!];
      if (p.type === 'user') return pinnedUniqueId(p.user) ? [p.user!.uniqueId!] : undefined;
      // A role session's is `role-id:session-name`: a value when both are known.
      if (p.type === 'role-session' && pinnedUniqueId(p.role)) {
        const session = sessionNameOf(p);
        return session === undefined ? undefined : [`${p.role!.uniqueId}:${session}`];
      }
      if (p.type === 'federated-user' && p.arn && p.account)
        return [`${p.account}:${p.arn.slice(p.arn.indexOf('federated-user/') + 'federated-user/'.length)}`];
      return undefined;
    case 'aws:username':
      return p.type === 'user' && p.arn ? [p.arn.slice(p.arn.lastIndexOf('/') + 1)] : undefined;
    case 'aws:tokenissuetime':
      // Only temporary credentials carry a token issue time, never an IAM user's long-term keys.
      return p.type === 'role-session' || p.type === 'federated' || p.type === 'federated-user'
        ? [now.toISOString()]
        : undefined;
    case 'aws:principalisawsservice':
      return p.type === 'anonymous' ? undefined : [p.type === 'service' ? 'true' : 'false'];
    case 'aws:principalservicename':
      return p.type === 'service' && p.service ? [p.service] : undefined;
    case 'aws:principaltagkeys':
      return undefined;
  }
  if (key.startsWith('aws:principaltag/')) {
    // A federated user's tags are the session tags passed to GetFederationToken: not known.
    if (p.type === 'federated-user') return undefined;
    return tagValue(principalTags(p), key.slice('aws:principaltag/'.length));
  }
  return undefined;
}

/**
 * True when a principal key (`isPrincipalKey`) is free for analyses: its value is not determined
 * by the model. An IAM user's aws:TokenIssueTime is free: the user may call with temporary
 * credentials (GetSessionToken); a role session always has one.
 */
export function principalKeyIsFree(p: RequestPrincipal, key: string): boolean {
  // An S3 canonical user is an account or an origin access identity: which one, and so its
  // principal keys, the id does not say.
  if (p.type === 'canonical-user')
    return key !== 'aws:principalisawsservice' && key !== 'aws:principalservicename';
  // A user or role named by unique id: its ARN, account and name are unknown.
  if (p.type === 'unique-id')
    return principalKeyValue(p, key, new Date(0)) === undefined && !key.startsWith('aws:principalservice');
  switch (key) {
    case 'aws:principalarn':
    case 'aws:principalaccount':
    case 'aws:principaltype':
    case 'aws:username':
    case 'aws:principalisawsservice':
    case 'aws:principalservicename':
      return false;
    case 'aws:tokenissuetime':
      return p.type === 'user' || p.type === 'root';
    case 'aws:userid':
      // Known for the root user, federated users and anonymous callers; a shape for the others.
      return principalKeyValue(p, key, new Date(0)) === undefined;
    case 'aws:principalorgid':
    case 'aws:principalorgpaths':
      return p.type !== 'anonymous' && p.type !== 'service' && p.type !== 'federated';
    case 'aws:principaltagkeys':
      return (
        !(p.user || p.role) ||
        p.type === 'federated-user' ||
        (p.type === 'role-session' && !!p.role && roleMayHaveSessionTags(p.role))
      );
  }
  const tags = p.user?.tags ?? p.role?.tags;
  const tagKey = key.slice('aws:principaltag/'.length);
  return (
    !(p.user || p.role) ||
    p.type === 'federated-user' ||
    // Session tags passed when the role was assumed add to and override its tags.
    (p.type === 'role-session' && !!p.role && roleMayHaveSessionTags(p.role)) ||
    tagIsUnknown(tags, tagKey) ||
    tagMayBePresent(tags, tagKey)
  );
}

export class RequestEvalContext implements EvalContext {
  /** See `EvalContext.namesUnknown`. */
  namesUnknown?: CreatedElements;

  /** See `EvalContext.resourceInModel`. */
  get resourceInModel(): boolean {
    // Only an element surely there: one that might not exist (an unknown count) leaves its name
    // free for an element whose name is unknown, and a stand-in's name is itself unknown.
    const r = this.resource.resource;
    if (r) return !r.presence && !r.standIn;
    const e = this.resource.iamEntity;
    return !!e && !e.presence;
  }

  /**
   * `clock`: the engine's clock, or undefined for the time of the first key that reads it (read
   * then, once per request: reading the system clock for every decision, when hardly any reads
   * it, was a visible share of a big matrix's time).
   */
  constructor(
    readonly principal: RequestPrincipal,
    readonly resource: ResourceInfo,
    private clock: Date | undefined,
    readonly overrides: Map<string, readonly string[]> | undefined,
    readonly target: RequestTarget | undefined = undefined,
  ) {}

  /** The request's time (aws:CurrentTime, aws:EpochTime, aws:TokenIssueTime). */
  get now(): Date {
    this.clock ??= new Date();
    return this.clock;
  }

  get(key: string): readonly string[] | undefined {
    if (this.overrides) {
      const o = this.overrides.get(key);
      if (o === PINNED_ABSENT) return undefined;
      if (o !== undefined) return o;
    }
    return this.filled(key);
  }

  shape(key: string): ValueShape | undefined {
    return this.overrides?.has(key) ? undefined : this.modelShape(key);
  }

  /** The shape of the value AWS would fill for a key, ignoring overrides (see `shape`). */
  private modelShape(key: string): ValueShape | undefined {
    const p = this.principal;
    switch (key) {
      case 'aws:userid':
        // Unique ids are assigned at creation: known only after deploy.
        if (p.type === 'user') return USER_ID_SHAPE;
        if (p.type === 'role-session')
          // The session name is part of aws:userid only when the request names the session (read
          // here, not per request: a regular expression per decision, when few read the key).
          return roleSessionIdShape(sessionNameOf(p), pinnedUniqueId(p.role) ? p.role!.uniqueId : undefined);
        if (p.type === 'unique-id' && principalUniqueIdKind(p.arn ?? '') === 'role')
          return roleSessionIdShape(undefined, p.arn);
        return undefined;
      case 'aws:principalarn':
      case 'aws:principalaccount':
      case 'aws:username':
        // A user or role named by unique id: present, with a value the id does not say.
        return p.type === 'unique-id' ? uniqueIdPrincipalShape(key, p.arn ?? '') : undefined;
      case 'aws:resourceaccount':
        return this.resource.account === undefined && this.resource.arn.startsWith('arn:')
          ? ACCOUNT_ID_SHAPE
          : undefined;
      case 'aws:requestedregion':
        // Every request is made to some Region: when neither the service nor the resource says
        // which, the key is present with an unknown value, never absent.
        return this.filled(key) === undefined ? REGION_SHAPE : undefined;
    }
    const service = serviceKeyFill(key, p, this.resource, this.target);
    if (service) return 'sameAs' in service ? this.modelShape(service.sameAs) : undefined;
    // A tag the inputs set to a value known only at deployment: the key is present.
    const tag = this.tagOf(key);
    if (tag?.evaluated === 'no' || tag?.evaluated === 'maybe') return undefined;
    return tag && tagIsUnknown(tag.tags, tag.key) ? TAG_VALUE_SHAPE : undefined;
  }

  /**
   * A tag key of an element whose tags are not all known (`OTHER_TAGS`) that the inputs do not
   * show: present with an unknown value, or absent.
   */
  maybePresent(key: string): ValueShape | undefined {
    if (this.overrides?.has(key)) return undefined;
    const tag = this.tagOf(key);
    if (!tag || tag.evaluated === 'no') return undefined;
    // A bucket whose ABAC status is not known: a tag it has (or may have) is present or absent.
    if (tag.evaluated === 'maybe' && tagShown(tag.tags, tag.key)) return TAG_VALUE_SHAPE;
    return tagMayBePresent(tag.tags, tag.key) ? TAG_VALUE_SHAPE : undefined;
  }

  /** See `EvalContext.unknownBehind`: a tag's unknown value, else the unknown of tags not shown. */
  unknownBehind(key: string): Unknown | undefined {
    if (this.overrides?.has(key)) return undefined;
    const tag = this.tagOf(key);
    if (!tag?.tags || tag.evaluated === 'no') return undefined;
    for (const k in tag.tags) {
      const v = tag.tags[k];
      if (k !== OTHER_TAGS && k.toLowerCase() === tag.key) return isUnknown(v) ? v : undefined;
    }
    return otherTagsOf(tag.tags);
  }

  /** The tags a tag key (`aws:PrincipalTag/k`, `aws:ResourceTag/k`, `iam:ResourceTag/k`) reads. */
  private tagOf(
    key: string,
  ): { tags: Tags | undefined; key: string; evaluated?: 'yes' | 'no' | 'maybe' } | undefined {
    const p = this.principal;
    if (key.startsWith('aws:principaltag/'))
      return p.type === 'federated-user'
        ? undefined
        : { tags: principalTags(p), key: key.slice('aws:principaltag/'.length) };
    if (key.startsWith('aws:resourcetag/'))
      return { ...resourceTagKeys(this.resource), key: key.slice('aws:resourcetag/'.length) };
    if (key.startsWith('iam:resourcetag/'))
      return { tags: iamResourceTags(this.resource), key: key.slice('iam:resourcetag/'.length) };
    return undefined;
  }

  /** The value AWS would fill for a key, ignoring overrides. */
  filled(key: string): readonly string[] | undefined {
    if (isPrincipalKey(key)) return principalKeyValue(this.principal, key, this.now);
    switch (key) {
      case 'aws:currenttime':
        return [this.now.toISOString()];
      case 'aws:epochtime':
        return [String(Math.floor(this.now.getTime() / 1000))];
      case 'aws:resourceaccount':
        return this.resource.account ? [this.resource.account] : undefined;
      case 'aws:requestedregion': {
        const global = this.target && globalServiceRegion(this.target.partition, this.target.service);
        if (global) return [global];
        return this.resource.region ? [this.resource.region] : undefined;
      }
    }
    const service = serviceKeyFill(key, this.principal, this.resource, this.target);
    if (service) return 'sameAs' in service ? this.filled(service.sameAs) : service.value;
    if (key.startsWith('aws:resourcetag/')) {
      const { tags, evaluated } = resourceTagKeys(this.resource);
      return evaluated === 'yes' ? tagValue(tags, key.slice('aws:resourcetag/'.length)) : undefined;
    }
    // iam:ResourceTag/${TagKey}: "Filters access by the tags attached to an IAM entity (user or
    // role)" (Service Authorization Reference, "Actions, resources, and condition keys for AWS
    // Identity and Access Management (IAM)").
    if (key.startsWith('iam:resourcetag/'))
      return tagValue(iamResourceTags(this.resource), key.slice('iam:resourcetag/'.length));
    return undefined;
  }

  /**
   * True when the key is free for analyses: not pinned by the request's context and not
   * determined by the model (principal and resource identity, tags of model elements, clock).
   * An IAM user's aws:TokenIssueTime is free: the user may call with temporary credentials
   * (GetSessionToken); a role session always has one.
   */
  isFree(key: string): boolean {
    return !this.overrides?.has(key) && this.modelFree(key);
  }

  /** `isFree` ignoring overrides: the model does not determine the key. */
  private modelFree(key: string): boolean {
    if (isPrincipalKey(key)) return principalKeyIsFree(this.principal, key);
    switch (key) {
      case 'aws:currenttime':
      case 'aws:epochtime':
        return false;
      case 'aws:resourceaccount':
        return this.resource.account === undefined;
      case 'aws:requestedregion':
        return this.filled(key) === undefined;
    }
    const service = serviceKeyFill(key, this.principal, this.resource, this.target);
    if (service) return 'sameAs' in service ? this.modelFree(service.sameAs) : service.free;
    if (key.startsWith('aws:resourcetag/')) {
      const { tags, evaluated } = resourceTagKeys(this.resource);
      const k = key.slice('aws:resourcetag/'.length);
      if (evaluated === 'no') return false;
      if (evaluated === 'maybe' && tagShown(tags, k)) return true;
      return !tags || tagIsUnknown(tags, k) || tagMayBePresent(tags, k);
    }
    if (key.startsWith('iam:resourcetag/')) {
      const tags = iamResourceTags(this.resource);
      const k = key.slice('iam:resourcetag/'.length);
      return !tags || tagIsUnknown(tags, k) || tagMayBePresent(tags, k);
    }
    return true;
  }

  /** The keys filled from the model, for traces. */
  filledSummary(): Record<string, string | string[]> {
    const out: Record<string, string | string[]> = {};
    const keys = [
      'aws:PrincipalArn',
      'aws:PrincipalAccount',
      'aws:PrincipalType',
      'aws:username',
      'aws:TokenIssueTime',
      'aws:PrincipalIsAWSService',
      'aws:PrincipalServiceName',
      'aws:ResourceAccount',
    ];
    for (const k of keys) {
      const v = this.get(k.toLowerCase());
      if (v) out[k] = v.length === 1 ? v[0]! : [...v];
    }
    for (const k of tagKeys(this.principal.user?.tags ?? this.principal.role?.tags)) {
      const v = this.get(`aws:principaltag/${k.toLowerCase()}`);
      if (v) out[`aws:PrincipalTag/${k}`] = v[0]!;
    }
    return out;
  }
}
