// The identity policies of a user, role or group as what its decisions depend on (the texts of
// dependencies.ts): its inline policies and the customer managed policies of the inputs surely
// attached to it are one set of statements, whatever kind of policy holds each and whatever its
// name. AWS evaluates "all the permissions granted by the policies for at least one Allow" and
// "an explicit deny in any of the policies overrides the allow" (IAM User Guide, Policy evaluation
// for requests within a single account): neither the kind nor the name of the policy decides a
// request. So moving a statement from an inline policy to a managed one (or renaming the policy)
// is no change of what a cell indeterminate on both sides depends on, and the reasons its unknown
// values give are read with the policy's own names (its logical id, Terraform address: see
// `ownNames`) masked: `aws_iam_role_policy.app.policy is known only after apply` and
// `aws_iam_policy.app.policy is known only after apply` are the same unknown of a moved policy.
// What stays apart: a managed policy that may not be attached, whose ARN is unknown, that is AWS
// managed (its ARN says what it is) or not in the inputs, and permissions boundaries.

import type { Group, ManagedPolicy, PolicyAttachment, Role, User } from '../../model/types.js';
import { isPartlyKnown, isUnknown, PartlyKnown, Unknown } from '../../model/unknown.js';
import type { Source } from '../../model/source.js';
import type { PolicyDocument } from '../../policy/types.js';
import { escapeRegExp } from '../../text/regexp.js';

/** The text every name of a policy is written as in the reasons of its unknown values. */
export const OWN_POLICY_NAME = '(this policy)';

/**
 * The names a policy is known by in reasons: its logical ids and Terraform address (unique in
 * their inputs: a CloudFormation logical id is no parameter's name, an address no variable's).
 * Not its policy name, which a parameter or variable may share: masking it could make two other
 * unknowns one.
 */
function ownNames(source: Source | undefined): string[] {
  const out = new Set<string>();
  for (const t of [source?.logicalId, source?.generatedLogicalId, source?.address])
    if (t && t.length > 1) out.add(t);
  // Longest first, so an address is masked before a name it holds.
  return [...out].sort((a, b) => b.length - a.length);
}

/** Rewrites a reason with the policy's own names masked (whole names only). */
function maskerOf(names: readonly string[]): ((reason: string) => string) | undefined {
  if (!names.length) return undefined;
  const key = names.join('\u0000');
  let mask = maskers.get(key);
  if (!mask) {
    const pattern = new RegExp(
      `(?<![A-Za-z0-9_.-])(?:${names.map(escapeRegExp).join('|')})(?![A-Za-z0-9_])`,
      'g',
    );
    mask = (reason) => reason.replace(pattern, OWN_POLICY_NAME);
    if (maskers.size > 100_000) maskers.clear();
    maskers.set(key, mask);
  }
  return mask;
}

// The masker of each list of names, compiled once (a diff asks for the same policies' names per
// principal and action).
const maskers = new Map<string, (reason: string) => string>();

/** A copy of a JSON-like value with each Unknown's reason rewritten (its source kept). */
function maskUnknowns<T>(value: T, mask: (reason: string) => string, seen: Map<object, unknown>): T {
  if (value === null || typeof value !== 'object') return value;
  if (isPartlyKnown(value)) {
    const parts = value.parts.map((p) => (typeof p === 'string' ? p : new Unknown(mask(p.reason), p.source)));
    return new PartlyKnown(parts, new Unknown(mask(value.reason), value.source)) as T;
  }
  if (isUnknown(value)) return new Unknown(mask(value.reason), value.source) as T;
  const done = seen.get(value);
  if (done !== undefined) return done as T;
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    seen.set(value, out);
    for (const x of value) out.push(maskUnknowns(x, mask, seen));
    return out as T;
  }
  const out: Record<string, unknown> = {};
  seen.set(value, out);
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = maskUnknowns(v, mask, seen);
  return out as T;
}

// A document with its policy's names masked, made once per document and names.
const masked = new WeakMap<PolicyDocument, Map<string, PolicyDocument>>();

function maskedDocument(d: PolicyDocument, names: readonly string[]): PolicyDocument {
  const mask = maskerOf(names);
  if (!mask) return d;
  let byNames = masked.get(d);
  if (!byNames) {
    byNames = new Map();
    masked.set(d, byNames);
  }
  const key = names.join('\u0000');
  let out = byNames.get(key);
  if (!out) {
    out = maskUnknowns(d, mask, new Map());
    byNames.set(key, out);
  }
  return out;
}

/** A presence reason (a policy that may not exist) with the policy's names masked. */
function maskedPresence(p: Unknown | undefined, names: readonly string[]): Unknown | undefined {
  const mask = maskerOf(names);
  return p && mask ? new Unknown(mask(p.reason), p.source) : p;
}

type Holder = User | Role | Group;

/**
 * The element with its identity policies as one set: every inline policy, and every customer
 * managed policy of the inputs surely attached by a known ARN, as inline policies whose unknown
 * reasons name no policy; the other attachments as they are.
 */
export function identityPolicySet<T extends Holder>(e: T, policies: ReadonlyMap<string, ManagedPolicy>): T {
  const inline: T['inlinePolicies'][number][] = e.inlinePolicies.map((p) => {
    const names = ownNames(p.source);
    return { ...p, document: maskedDocument(p.document, names), presence: maskedPresence(p.presence, names) };
  });
  const managed: PolicyAttachment[] = [];
  for (const a of e.managedPolicies) {
    const policy = !a.presence && !isUnknown(a.policyArn) ? policies.get(a.policyArn) : undefined;
    if (!policy) {
      managed.push(a);
      continue;
    }
    const names = ownNames(policy.source);
    inline.push({
      name: OWN_POLICY_NAME,
      document: maskedDocument(policy.document, names),
      presence: maskedPresence(policy.presence, names),
      source: policy.source,
    });
  }
  if (managed.length === e.managedPolicies.length && !inline.some((p, i) => p !== e.inlinePolicies[i]))
    return e;
  return { ...e, inlinePolicies: inline, managedPolicies: managed };
}
