// The escalations whose last step is a write rather than becoming another principal, as one rule
// for every surface that reports escalation: the spec's `noEscalation` (spec/check-escalation.ts),
// the review's privilege-escalation findings (risk-escalation.ts) and so the access diff's
// `--fail-on risk` (diff/compare-risks.ts compares the review's findings of both sides).
// - Resource-policy write: a principal allowed to write the resource-based policy of a resource of
//   the model (s3:PutBucketPolicy, kms:PutKeyPolicy, kms:CreateGrant, lambda:AddPermission, SQS /
//   SNS policy writes...: aws/policy-writers.ts) can grant itself access to the resource through
//   it. It counts when that gives a request the start cannot make (a probe of the resource denied
//   to the start) and no explicit Deny takes it from the writer ("an explicit deny in any of these
//   policies overrides the allow", IAM User Guide, "Policy evaluation logic").
// - Self-tagging: a user's or a role's tags are its `aws:PrincipalTag/*` (IAM User Guide,
//   "Controlling access for IAM principals", access_iam-tags.html), so a principal allowed
//   iam:TagUser / TagRole (or Untag...) on itself may meet an ABAC condition it does not meet
//   now, or leave a Deny's. It counts only when some policy of the model reads principal tags;
//   what other tags would unlock is not computed (never more than indeterminate).
//   A writer in another account than the resource gains the request only if its own side allows
//   it too (identity policies, permissions boundary, its account's SCPs; decided in full by the
//   engine): "The principal's identity-based policy must allow the requested access to the
//   resource in the trusting service" (IAM User Guide, "Cross-account policy evaluation logic").
//   Not applied to a KMS grant (CreateGrant), which is not the key policy. Writes only the
//   resource's own account can make (S3 PutBucketPolicy, SQS SetQueueAttributes, KMS
//   PutKeyPolicy...: aws/owner-account-actions.ts) are denied to other accounts by the engine.
// - Organizations policy change: a principal of a member account whose SCPs/RCPs the inputs hold
//   (other than the assumed FullAWSAccess), allowed by the organization's delegation policy and its
//   own policies to update, detach or attach policies or disable a policy type
//   (aws/org-delegation.ts), may lift what they deny it ("From the organization's management
//   account, you can delegate policy management for Organizations to specified member accounts",
//   AWS Organizations User Guide, "Delegated administrator for AWS Organizations"; SCPs "affect
//   all users and roles in attached accounts, including the root user", "SCPs do not affect users
//   or roles in the management account", "Service control policies (SCPs)"). What it then has is
//   not computed. The management account is left out.
// Owns `policyWriteTargets`, `policyWrites`, `writeArnsOf`, `deniedExplicitly`, `crossAccountWriterLacks`,
// `TAG_ACTIONS`, `tagRequests`, `selfTagMatters`, `orgPolicyDelegations`, `orgPolicyChanges`.
// The callers choose the writers (the start, principals it can
// become) and decide the requests (with their caches and known denials).

import { qualifiedFunctionArns, someQualifiedArn } from '../aws/lambda.js';
import { isOrgDelegationArn, type OrgPolicyChange, orgPolicyChangeRequests } from '../aws/org-delegation.js';
import { POLICY_WRITERS, type PolicyWriter, probesOf, writeArnOf } from '../aws/policy-writers.js';
import type { Engine } from '../engine/engine.js';
import { parseArn } from '../model/arns.js';
import { PROBE_NAME } from '../model/stand-ins.js';
import { modelReadsPrincipalTags } from '../model/tag-reads.js';
import { ORG_DEFAULT_LEVEL, type Model, type Resource, type Role, type User } from '../model/types.js';
import type { Statement } from '../policy/types.js';
import { compileArnPattern, compileGlob } from '../policy/wildcard.js';
import { namesUnderNamed, patternResources } from './exhaustive.js';
import type { FreeDecision } from './types.js';

/** One request: an action on a resource ARN. */
export interface WriteRequest {
  action: string;
  resource: string;
}

/** A resource of the model whose policy some action writes. */
export interface PolicyWriteTarget {
  resource: Resource;
  writer: PolicyWriter;
}

/** The resources of the model whose resource-based policy can be written (not stand-ins). */
export function policyWriteTargets(model: Model): PolicyWriteTarget[] {
  const out: PolicyWriteTarget[] = [];
  for (const r of model.resources) {
    const writer = POLICY_WRITERS[r.kind];
    if (writer && !r.standIn) out.push({ resource: r, writer });
  }
  return out;
}

/** A write of a resource's policy that gains the start a request, with the write's decision. */
export interface PolicyWrite {
  action: string;
  resource: string;
  write: FreeDecision;
  /** A request on the resource the start cannot make and the writer may grant itself. */
  gain: WriteRequest;
  /**
   * The write names a version or alias of a Lambda function the inputs do not name
   * (aws/lambda.ts `someQualifiedArn`): it gains something only if such a version or alias
   * exists, which the inputs do not show.
   */
  unnamedQualifier?: true;
}

/**
 * The writes of `target`'s policy a writer (`writer.arn`) may make that gain the start something,
 * in the order of the writer's actions (see the module comment):
 * - `decideWrite(action, arn)`: the writer's decision of a write (null: known to be denied);
 *   `accept` may skip a decided write before its gain is looked for (a caller's pruning);
 * - `startDenied(q)`: the start cannot make request `q` (deny);
 * - `writerDeniedExplicitly(q)`: an explicit Deny takes `q` from the writer (no grant lifts it);
 * - a writer of another account than the resource's whose identity policies cannot allow `q`
 *   gains nothing by granting it to itself (`crossAccountWriterLacks`).
 */
export function* policyWrites(
  target: PolicyWriteTarget,
  writer: { engine: Engine; arn: string },
  decideWrite: (action: string, resource: string) => FreeDecision | null,
  startDenied: (q: WriteRequest) => boolean,
  writerDeniedExplicitly: (q: WriteRequest) => boolean,
  accept: (write: FreeDecision) => boolean = () => true,
): Generator<PolicyWrite> {
  const arn = target.resource.arn;
  const writeArns = writeArnsOf(target);
  const unnamed = target.resource.kind === 'lambda-function' ? someQualifiedArn(arn) : undefined;
  for (const action of target.writer.writes) {
    // A version or alias the inputs do not name is tried only when no named ARN's write is
    // allowed: a write allowed on the function already says what writing its policy gains.
    let written = false;
    for (const writeArn of writeArns) {
      if (writeArn === unnamed && written) continue;
      const write = decideWrite(action, writeArn);
      if (!write || write.access === 'deny' || !accept(write)) continue;
      written = true;
      // A qualified function ARN's grant is on that version or alias: probed there.
      const on = writeArn === writeArns[0] ? arn : writeArn;
      const found = gainOfWrite(target, writer, action, on, startDenied, writerDeniedExplicitly);
      if (found) {
        yield {
          action,
          resource: writeArn,
          // A gain not found on the names tried, a search cut short: not known (`gainOfWrite`).
          write: found.cut ? namesCut(write, writer.arn, found.gain) : write,
          gain: found.gain,
          ...(writeArn === unnamed ? { unnamedQualifier: true } : {}),
        };
        break;
      }
    }
  }
}

/** At most this many names are tried per probe (the probe name first, then its witnesses). */
const MAX_GAIN_NAMES = 16;

/**
 * The first probe of `action`'s on `on` a write grants the writer that the start cannot make:
 * each probe on the probe name, then, for a probe naming something inside the resource (an
 * object of a bucket, a path of an API), on one name of each pattern of the model's policies
 * that tells the names inside apart (analysis/exhaustive.ts `namesUnderNamed`): a start denied
 * only `data/secret/*` (an Allow with NotResource) gains it (before, decided on the probe name
 * only: no finding). Past `MAX_GAIN_NAMES` such names with no gain found, the probe request
 * stands, `cut` (a name not tried may be a gain).
 */
function gainOfWrite(
  target: PolicyWriteTarget,
  writer: { engine: Engine; arn: string },
  action: string,
  on: string,
  startDenied: (q: WriteRequest) => boolean,
  writerDeniedExplicitly: (q: WriteRequest) => boolean,
): { gain: WriteRequest; cut?: true } | undefined {
  const gains = (q: WriteRequest) =>
    startDenied(q) &&
    !writerDeniedExplicitly(q) &&
    !(
      grantsByPolicy(target.writer, action) &&
      crossAccountWriterLacks(writer.engine, writer.arn, target.resource, q)
    );
  let cut: WriteRequest | undefined;
  for (const probe of probesOf(target.writer, action)) {
    const q = { action: probe.action, resource: probe.resource(on, PROBE_NAME) };
    if (gains(q)) return { gain: q };
    const names = probe.resource(on, '*');
    if (names === q.resource) continue;
    // The names under the resource the policies name apart (none: the probe stands for all).
    const named = namesUnderNamed(writer.engine, names.slice(0, names.indexOf('*')));
    for (const resource of named.slice(0, MAX_GAIN_NAMES)) {
      const r = { action: probe.action, resource };
      if (gains(r)) return { gain: r };
    }
    if (named.length > MAX_GAIN_NAMES) cut ??= q;
  }
  return cut ? { gain: cut, cut: true } : undefined;
}

/** `write` made indeterminate: what it gains was searched on some names only (`gainOfWrite`). */
function namesCut(write: FreeDecision, writer: string, q: WriteRequest): FreeDecision {
  return {
    ...write,
    access: 'indeterminate',
    reasons: [
      ...(write.reasons ?? []),
      {
        kind: 'unknown-resource',
        text: `not every name of ${q.action} on ${q.resource.replace(PROBE_NAME, '*')}, of those the policies of ${writer} tell apart, was tried (a search limit): writing the policy may grant one not tried`,
        stage: 'result',
      },
    ],
  };
}

/**
 * The ARNs a write of `target`'s policy may name, the resource's own first: for a Lambda
 * function, also each version- or alias-qualified ARN of it the model knows
 * (aws/lambda.ts `qualifiedFunctionArns`). AddPermission's FunctionName is "The name or ARN of
 * the Lambda function, version, or alias" and with a qualifier "the permission allows you to
 * invoke the helloworld function using the alias ARN" only (AWS Lambda Developer Guide, "Using
 * Lambda aliases in event sources and permissions policies"): a writer allowed AddPermission only
 * on `function:fn:live` grants itself invoke on the alias, whose code runs with the function's
 * role.
 */
export function writeArnsOf(target: PolicyWriteTarget): string[] {
  const qualified = qualifiedFunctionArns(target.resource);
  // A version or alias the inputs do not name: AddPermission's Qualifier "Specify a version or
  // alias to add permissions to a published version of the function" (AWS Lambda API Reference),
  // so a write granted on `function:fn:*` only writes the function's policy too.
  if (target.resource.kind === 'lambda-function') {
    const some = someQualifiedArn(target.resource.arn);
    if (!qualified.includes(some)) qualified.push(some);
  }
  return [writeArnOf(target.writer, target.resource.arn), ...qualified];
}

/** A decision that is a deny by an explicit Deny statement. */
export function deniedExplicitly(d: FreeDecision): boolean {
  return d.access === 'deny' && d.decision.reason === 'explicit-deny';
}

/**
 * Whether a write by `action` puts the grant in the resource's policy, which a cross-account
 * caller's identity policies must match: not a KMS grant (CreateGrant, the writer's `limited`
 * actions), a separate instrument whose cross-account use is not modelled here (kept: it may
 * over-report, never under-report).
 */
function grantsByPolicy(writer: PolicyWriter, action: string): boolean {
  return !writer.limited?.[action];
}

/**
 * Whether `writer`, a user or role of the model in another account than `resource`, is denied
 * `q` even once the resource's policy allows it, under the most permissive context: its own side
 * cannot allow it (no identity statement that may allow it, or its permissions boundary, session
 * or its account's SCPs do not, or an explicit Deny of its own side or of the resource account's
 * RCPs), decided by the engine in full (`DecideOptions.resourcePolicyAllows`). Then a grant to it
 * in the resource's policy gives it nothing ("The principal's identity-based policy must allow
 * the requested access", module comment; "If any of these policies [SCPs, permissions
 * boundaries] ... don't allow the action, the request is denied", IAM User Guide, "Cross-account
 * policy evaluation logic"). False for a writer of the resource's account, and for one that is
 * not a model user or role (its identity side is not the model's to read).
 */
export function crossAccountWriterLacks(
  engine: Engine,
  writer: string,
  resource: Resource,
  q: WriteRequest,
): boolean {
  const account = parseArn(writer)?.account;
  if (!account || account === resource.account) return false;
  const dir = engine.principalDirectory;
  if (!dir.userByArn.has(writer) && !dir.roleByArn.has(writer)) return false;
  const d = engine.decide(
    { principal: writer, ...q },
    { conditions: 'optimistic', resourcePolicyAllows: true },
  );
  return d.decision === 'deny';
}

/** The IAM actions that set or remove a user's or a role's tags, by kind. */
export const TAG_ACTIONS = {
  user: ['iam:TagUser', 'iam:UntagUser'],
  role: ['iam:TagRole', 'iam:UntagRole'],
} as const;

/** The requests that change the tags of `target`, a user or role of the model. */
export function tagRequests(target: User | Role): WriteRequest[] {
  return TAG_ACTIONS[target.kind].map((action) => ({ action, resource: target.arn }));
}

/**
 * Whether tagging oneself can matter in `model`: some policy reads principal tags (ABAC on the
 * caller). Without, no tag a principal gives itself changes a decision.
 */
export function selfTagMatters(model: Model): boolean {
  return modelReadsPrincipalTags(model);
}

/** What a self-tagging escalation lets the start do, as every surface words it. */
export const SELF_TAG_GAIN = 'policies read aws:PrincipalTag; what other tags would unlock is not computed';

/** The organization delegation policies of the model (aws/org-delegation.ts). */
export function orgPolicyDelegations(model: Model): Resource[] {
  return model.resources.filter((r) => isOrgDelegationArn(r.arn));
}

/** A change of the SCPs/RCPs governing a principal's account it may make, with its decision. */
export interface OrgPolicyChangeFound {
  change: OrgPolicyChange;
  /** The request's resource (a policy or root of the organization; ids not in the inputs unknown name parts). */
  resource: string;
  delegation: Resource;
  /** The governed account (the principal's). */
  account: string;
  d: FreeDecision;
  /**
   * The request's resource as the delegation policy writes it: its Resource values that match
   * it, or that ARN with its unknown ids as `*` when no value does (a NotResource, an unknown
   * value).
   */
  written: string[];
}

/**
 * The Organizations requests by which `principal` may relax the SCPs/RCPs governing its account
 * (see the module comment), each not denied, in delegation and change order: none when its
 * account's organization has no SCP/RCP besides the assumed FullAWSAccess, or when the
 * delegation is its own account's (the management account, which SCPs do not affect).
 * `decide(action, resource)` decides a request of the principal (null: known to be denied).
 * Each request names the ids the inputs do not give as unknown name parts
 * (aws/org-delegation.ts `orgPolicyChangeRequests`): decided on them, a request a policy allows
 * on some ids only is indeterminate (the engine's rule for unknown name parts, with why); it is
 * denied when every class of names the principal's policies tell apart is
 * (`denyOnEveryName`: a Deny on the pattern it is allowed on, a search that completes).
 */
export function* orgPolicyChanges(
  engine: Engine,
  delegations: readonly Resource[],
  principal: string,
  decide: (action: string, resource: string) => FreeDecision | null,
): Generator<OrgPolicyChangeFound> {
  if (!delegations.length) return;
  const model = engine.model;
  const account = parseArn(principal)?.account;
  const org = account ? model.organizations.find((o) => o.account === account) : undefined;
  if (!account || !org || ![...org.scps, ...org.rcps].some((d) => d.orgLevel !== ORG_DEFAULT_LEVEL)) return;
  for (const delegation of delegations) {
    if (delegation.account === account) continue;
    const statements = delegation.policy?.statements ?? [];
    const resources = (st: Statement) =>
      (st.resource?.values ?? []).filter((v): v is string => typeof v === 'string');
    for (const q of orgPolicyChangeRequests(delegation)) {
      const d = decide(q.change.action, q.resource);
      if (!d || d.access === 'deny') continue;
      if (
        d.access === 'indeterminate' &&
        denyOnEveryName(engine, principal, q.change.action, q.names, decide)
      )
        continue;
      // The Resource values of the Allow statements whose Action names the change.
      const action = q.change.action.toLowerCase();
      const matching = [
        ...new Set(
          statements
            .filter(
              (st) =>
                st.effect !== 'Deny' &&
                (st.action?.values ?? []).some(
                  (a) => typeof a === 'string' && compileGlob(a, true).test(action),
                ),
            )
            .flatMap(resources)
            .filter((v) => compileArnPattern(v).test(q.resource)),
        ),
      ];
      const written = matching.length ? matching : [q.resource.replace(/\(unknown-[^)]*\)/g, '*')];
      yield { change: q.change, resource: q.resource, delegation, account, d, written };
    }
  }
}

/**
 * Whether `principal` is denied `action` on one witness of every class of names within `names`
 * its policies tell apart (analysis/exhaustive.ts `patternResources`: the Allow and Deny patterns
 * of every policy that may apply, the delegation's too), a search that completed: then no id
 * the request's unknown parts may take is allowed.
 */
function denyOnEveryName(
  engine: Engine,
  principal: string,
  action: string,
  names: string,
  decide: (action: string, resource: string) => FreeDecision | null,
): boolean {
  const found = patternResources(engine, principal, action, names);
  if (!found.complete || !found.resources.length) return false;
  return found.resources.every((r) => {
    const d = decide(action, r);
    return !d || d.access === 'deny';
  });
}

/** What an Organizations policy change lets the start do, as every surface words it. */
export const ORG_POLICY_GAIN = 'what the SCPs/RCPs then allow is not computed';
