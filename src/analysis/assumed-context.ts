// The request context the reports assume (`--assume`, by default TLS: `aws:SecureTransport` =
// `true`) may settle conditions, never hide access. It is there so that a bucket's TLS-only Deny
// does not make every answer conditional; but Amazon S3 accepts plain HTTP too (Amazon S3 User
// Guide, "Protecting data in transit with encryption": "Amazon S3 supports both HTTP and HTTPS
// protocols for data transmission. ... While HTTP traffic is accepted, most implementations use
// encryption in transit", https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingEncryptionInTransit.html),
// so access granted only without TLS (an Allow on `Bool aws:SecureTransport: false`, the
// enforce-TLS statement written with the wrong Effect) is real. A request denied under the
// assumption is decided again with the assumed keys free: access that holds there is reported,
// conditional, with its conditions (`aws:SecureTransport is "false"`). Owns `assumedContext`,
// `reportedDecision` (the rule), `hopContexts` (the rule for a role chain's hops and any STS
// request: `againContexts`, `isStsRequest`) and `assumptionMayHide` (whether a model has a statement the rule
// can change a decision for: the matrix decides again only then). A statement uses an assumed key
// through a Condition clause on it or through a policy variable naming it (`${aws:SecureTransport}`
// in a Resource, NotResource or condition value: IAM User Guide, "IAM policy elements: Variables
// and tags": "When the policy is evaluated, the policy variables are replaced with values that come
// from the conditional context keys passed in the request",
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html); either counts.
//
// A role chain's hops (sts:AssumeRole and the other STS calls that make a session: chains.ts
// `decideHop`, for the matrix's chains, who-can's paths, the snapshot's and the review's) follow
// the same rule (`hopContexts`), with one fact: STS is called only over HTTPS (IAM User Guide,
// "Calling the IAM API using HTTP query requests": "You can access the IAM and AWS STS services
// programmatically using the Query API. Query API requests are HTTPS requests ..." and "Because
// the Query API returns sensitive information such as security credentials, you must use HTTPS
// with all API requests", https://docs.aws.amazon.com/IAM/latest/UserGuide/programming.html), so
// an assumed `aws:SecureTransport` = `true` is no assumption for a hop: it stays pinned when the
// hop is decided again, and a trust policy allowing sts:AssumeRole only on
// `Bool aws:SecureTransport: false` is rightly never satisfied. Any other assumed key (`--assume
// aws:RequestedRegion=us-east-1`, `aws:MultiFactorAuthPresent=true` ...) is an assumption there
// too: a hop it denies is decided again with it free, and the chain through it is conditional.
// The matrix's cells of STS requests (a role column's sts:AssumeRole) and the diff's STS requests
// on `*` (diff/resourceless-compare.ts: sts:DecodeAuthorizationMessage ...) follow the same rule
// (`againContexts`, `againContextOf`), so a cell agrees with the chains through that role.

import { compileClause, contextFromRecord } from '../engine/conditions/index.js';
import { parseTemplate } from '../engine/conditions/variables.js';
import { NO, YES } from '../engine/tri.js';
import type { RequestContext } from '../engine/types.js';
import type { Model } from '../model/types.js';
import type { Maybe } from '../model/unknown.js';
import type { PolicyDocument, Statement } from '../policy/types.js';
import { modelPolicyDocuments } from '../validation/validate-model.js';
import { awsManagedDocumentsOf } from './outside-grants.js';
import type { FreeDecision } from './types.js';

/** The contexts a request is decided under: with the assumption, and with the assumed keys free. */
export interface AssumedContext {
  /** `pinned` with the assumed keys the request does not pin itself. */
  assumed: RequestContext | undefined;
  /** `pinned` alone: the assumed keys free. */
  free: RequestContext | undefined;
}

/** The contexts of a request pinning `pinned` (`--context`, claims) under the assumption `assumed`. */
export function assumedContext(
  pinned: RequestContext | undefined,
  assumed: RequestContext | undefined,
): AssumedContext {
  const free = pinned && Object.keys(pinned).length ? pinned : undefined;
  if (!assumed || !Object.keys(assumed).length) return { assumed: free, free };
  const own = new Set(Object.keys(pinned ?? {}).map((k) => k.toLowerCase()));
  const added = Object.entries(assumed).filter(([k]) => !own.has(k.toLowerCase()));
  if (!added.length) return { assumed: free, free };
  return { assumed: { ...Object.fromEntries(added), ...pinned }, free };
}

/**
 * The decision to report: the one under the assumption, unless it denies what the request allows
 * (or may allow) with the assumed keys free; then that one (decided only when needed).
 */
export function reportedDecision(
  underAssumption: FreeDecision,
  withKeysFree: () => FreeDecision,
): FreeDecision {
  if (underAssumption.access !== 'deny') return underAssumption;
  const free = withKeysFree();
  return free.access === 'deny' ? underAssumption : free;
}

/**
 * The assumed keys every STS request has whatever its caller does (its transport: STS is called
 * over HTTPS only, see the module comment), lowercased, with the value it always has.
 */
const STS_REQUEST_FACTS: Readonly<Record<string, string>> = { 'aws:securetransport': 'true' };

/** Is `[key, value]` of an assumption what every STS request has anyway? */
function isStsFact([key, value]: [string, RequestContext[string]]): boolean {
  const fact = STS_REQUEST_FACTS[key.toLowerCase()];
  return fact !== undefined && typeof value === 'string' && value.toLowerCase() === fact;
}

/** The contexts a role chain's hop (an STS request) is decided under; `again`: decide a denied hop again. */
export interface HopContexts extends AssumedContext {
  /** Whether a hop denied under `assumed` may be allowed under `free` (decide it again then). */
  again: boolean;
}

/**
 * The contexts of the hops (sts:AssumeRole, AssumeRoleWithWebIdentity, AssumeRoleWithSAML) of
 * a chain followed under `pinned` and the assumption `assumed`: `assumed` as for any request;
 * `free` keeps `pinned` and the assumed keys every STS request has (`aws:SecureTransport` =
 * `true`), the other assumed keys free; `again` only when some statement of `model` could grant
 * more with those free (`assumptionMayHide` on them), so the default TLS assumption never decides
 * a hop twice. Decide a hop with `reportedDecision(under assumed, () => under free)` when `again`.
 */
export function hopContexts(
  model: Model,
  pinned: RequestContext | undefined,
  assumed: RequestContext | undefined,
): HopContexts {
  const contexts = assumedContext(pinned, assumed);
  if (contexts.assumed === contexts.free) return { ...contexts, again: false };
  const own = new Set(Object.keys(pinned ?? {}).map((k) => k.toLowerCase()));
  const entries = Object.entries(assumed ?? {}).filter(([k]) => !own.has(k.toLowerCase()));
  const others = entries.filter((e) => !isStsFact(e));
  const facts = assumedContext(pinned, Object.fromEntries(entries.filter(isStsFact))).assumed;
  if (!others.length) return { assumed: contexts.assumed, free: contexts.assumed, again: false };
  return {
    assumed: contexts.assumed,
    free: facts,
    again: assumptionMayHide(model, Object.fromEntries(others)),
  };
}

/** Whether `action` is an STS request (`sts:AssumeRole`, `sts:TagSession`...): STS_REQUEST_FACTS hold. */
export function isStsRequest(action: string): boolean {
  return action.length > 4 && action.charAt(3) === ':' && action.slice(0, 3).toLowerCase() === 'sts';
}

/** A context to decide a denied request in again (`reportedDecision`). */
export interface AgainContext {
  context: RequestContext | undefined;
}

/**
 * Where a request denied under the assumption is decided again, for every request of a build
 * (the matrix's cells): `any` for a request of any service but STS, the assumed keys free (when
 * some statement could grant more with them free: `assumptionMayHide`); `sts` for an STS request
 * (a role column's sts:AssumeRole), which keeps the assumed keys every STS request has, as a
 * chain's hops do (`hopContexts`). Undefined: never decided again. Read with `againContextOf`.
 */
export interface AgainContexts {
  any: AgainContext | undefined;
  sts: AgainContext | undefined;
}

/** The `AgainContexts` of requests pinning `pinned` under the assumption `assumed`. */
export function againContexts(
  model: Model,
  pinned: RequestContext | undefined,
  assumed: RequestContext | undefined,
): AgainContexts {
  const contexts = assumedContext(pinned, assumed);
  const hop = hopContexts(model, pinned, assumed);
  return {
    any:
      contexts.assumed !== contexts.free && assumptionMayHide(model, assumed)
        ? { context: contexts.free }
        : undefined,
    sts: hop.again ? { context: hop.free } : undefined,
  };
}

/** The context to decide a denied request for `action` in again; undefined: not again. */
export function againContextOf(again: AgainContexts, action: string): AgainContext | undefined {
  return isStsRequest(action) ? again.sts : again.any;
}

const mayHide = new WeakMap<Model, Map<string, boolean>>();

/**
 * Whether some statement of `model` (its documents and the AWS managed policies it attaches)
 * could grant more with the keys of `assumed` free than under them: an Allow with a clause on an
 * assumed key that is not YES under the assumption (`Bool aws:SecureTransport: false`), a Deny
 * with one that is not NO under it, a statement of unknown effect with one, a clause on an
 * assumed key whose values hold a policy variable (its value is the request's, not known here),
 * and any statement naming an assumed key in a policy variable (`${aws:SecureTransport}` in its
 * Resource, NotResource or a condition value: what it names changes with the key). Only then can
 * `reportedDecision` change a denied decision, so a model without one (a TLS-only Deny, an
 * Allow on `aws:SecureTransport: true`) is decided once. Computed once per model and assumption.
 *
 * Per model, not per row: every decision of every row (principal) reads only statements of the
 * model's documents (identity, group, boundary, trust, resource, key, SCP and RCP policies; a
 * resource outside the inputs gets its stand-ins' policies, which are model resources' own) and
 * of the AWS managed policies the model attaches; the matrix passes no session policy. Those are
 * the documents searched here, so when none could grant more with the keys free, no row's
 * decision can change: deciding again only where this is true skips no decision that could.
 */
export function assumptionMayHide(model: Model, assumed: RequestContext | undefined): boolean {
  const entries = Object.entries(assumed ?? {});
  if (!entries.length) return false;
  const key = JSON.stringify(entries);
  let byAssumed = mayHide.get(model);
  if (!byAssumed) {
    byAssumed = new Map();
    mayHide.set(model, byAssumed);
  }
  let out = byAssumed.get(key);
  if (out === undefined) {
    out = documentsMayHide([...modelPolicyDocuments(model), ...awsManagedDocumentsOf(model)], entries);
    byAssumed.set(key, out);
  }
  return out;
}

function documentsMayHide(docs: PolicyDocument[], entries: [string, RequestContext[string]][]): boolean {
  const keys = new Set(entries.map(([k]) => k.toLowerCase()));
  const record: Record<string, string | readonly string[]> = {};
  for (const [k, v] of entries) if (v !== null && v !== undefined) record[k] = v;
  const ctx = contextFromRecord(record);
  for (const doc of docs)
    for (const st of doc.statements) {
      if (namesKeyInVariable(st, keys)) return true;
      for (const clause of st.conditions) {
        if (!keys.has(clause.key.toLowerCase())) continue;
        if (st.effect !== 'Allow' && st.effect !== 'Deny') return true;
        if (clause.values.some((v) => variablesOf(v).length)) return true;
        const value = compileClause(clause)(ctx);
        if (st.effect === 'Allow' ? value !== YES : value !== NO) return true;
      }
    }
  return false;
}

/** The keys (lowercased) of the policy variables in `value` (`${aws:SecureTransport}`). */
function variablesOf(value: Maybe<string>): string[] {
  const tpl = typeof value === 'string' ? parseTemplate(value) : undefined;
  if (!tpl) return [];
  return tpl.parts.flatMap((p) => (p.kind === 'variable' ? [p.key] : []));
}

/** Does a policy variable of `st` (Resource, NotResource, condition values) name one of `keys`? */
function namesKeyInVariable(st: Statement, keys: ReadonlySet<string>): boolean {
  const values = [
    ...(st.resource?.values ?? []),
    ...(st.notResource?.values ?? []),
    ...st.conditions.flatMap((c) => c.values),
  ];
  return values.some((v) => variablesOf(v).some((k) => keys.has(k)));
}
