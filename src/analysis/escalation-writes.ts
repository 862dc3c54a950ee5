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
// Owns `policyWriteTargets`, `policyWrites`, `deniedExplicitly`, `TAG_ACTIONS`, `tagRequests`,
// `selfTagMatters`. The callers choose the writers (the start, principals it can
// become) and decide the requests (with their caches and known denials).

import { POLICY_WRITERS, type PolicyWriter, probesOf } from '../aws/policy-writers.js';
import { PROBE_NAME } from '../model/stand-ins.js';
import { modelReadsPrincipalTags } from '../model/tag-reads.js';
import type { Model, Resource, Role, User } from '../model/types.js';
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
}

/**
 * The writes of `target`'s policy a writer may make that gain the start something, in the order
 * of the writer's actions (see the module comment):
 * - `decideWrite(action, arn)`: the writer's decision of a write (null: known to be denied);
 *   `accept` may skip a decided write before its gain is looked for (a caller's pruning);
 * - `startDenied(q)`: the start cannot make request `q` (deny);
 * - `writerDeniedExplicitly(q)`: an explicit Deny takes `q` from the writer (no grant lifts it).
 */
export function* policyWrites(
  target: PolicyWriteTarget,
  decideWrite: (action: string, resource: string) => FreeDecision | null,
  startDenied: (q: WriteRequest) => boolean,
  writerDeniedExplicitly: (q: WriteRequest) => boolean,
  accept: (write: FreeDecision) => boolean = () => true,
): Generator<PolicyWrite> {
  const arn = target.resource.arn;
  for (const action of target.writer.writes) {
    const write = decideWrite(action, arn);
    if (!write || write.access === 'deny' || !accept(write)) continue;
    for (const probe of probesOf(target.writer, action)) {
      const q = { action: probe.action, resource: probe.resource(arn, PROBE_NAME) };
      if (startDenied(q) && !writerDeniedExplicitly(q)) {
        yield { action, resource: arn, write, gain: q };
        break;
      }
    }
  }
}

/** A decision that is a deny by an explicit Deny statement. */
export function deniedExplicitly(d: FreeDecision): boolean {
  return d.access === 'deny' && d.decision.reason === 'explicit-deny';
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
