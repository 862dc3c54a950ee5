// The combination step of a decision: given what each policy type said about one request (each
// three-valued, gathered by Engine.decide), whether AWS allows it. One rule per branch, each from
// the IAM User Guide's "Policy evaluation logic"
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html) and
// "Cross-account policy evaluation logic"
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html).
// The permissions boundary and session policy rule lives here, in `capped`, and nowhere else.
// Wording (trace messages) stays with the engine: this module returns which gap closed an allow.

import { and3, MAYBE, NO, or3, type Tri, YES } from './tri.js';
import type { DecisionReason } from './types.js';

/** The Allow results of a resource-based policy (trust and key policies included). */
export interface ResourceAllows {
  /** Allows naming the principal itself (`*`, the user ARN, the session ARN, a service). */
  allowDirect: Tri;
  /** Allows naming the role ARN of a role session. */
  allowRole: Tri;
  /** Allows naming the principal's account (delegation to its identity policies). */
  allowAccount: Tri;
}

/** What each policy type said about one request, as the combination step reads it. */
export interface PolicyVerdicts {
  /**
   * Whose identity policies count: `resource-only` (a service, anonymous or federated caller, or
   * a principal of an account outside the model, whose identity side is taken to allow: only the
   * resource-based policy decides), `root` (the account root user: no identity policies, full
   * access in its own account), `identity` (a user, role session or federated user session).
   */
  caller: 'resource-only' | 'root' | 'identity';
  /** The identity-based policies allow (for `identity` callers). */
  identityAllow: Tri;
  /** The permissions boundary allows (YES without a boundary; at least MAYBE if it might not exist). */
  boundaryAllow: Tri;
  /** The session policy allows (YES without one). */
  sessionAllow: Tri;
  resource: ResourceAllows;
  /** The resource-based policy must allow: a role's trust policy, a KMS key policy. */
  resourceRequired: boolean;
  /** The resource-based policy is a role's trust policy. */
  trust: boolean;
  /** The principal and the resource are in the same account. */
  sameAccount: boolean;
  /**
   * The resource's account: `model` (its policies are in the inputs, or it names none), `outside`
   * (another account, its resource-based policy unknown), `outside-no-policy` (another account,
   * and the resource type accepts no resource-based policy).
   */
  resourceAccount: 'model' | 'outside' | 'outside-no-policy';
  /** The SCPs and RCPs that apply allow. */
  orgAllow: Tri;
  /** The principal might not exist (maybe-present). */
  principalMaybeAbsent: boolean;
}

/** Why an allow came out NO, for the engine's trace. */
export type AllowGap =
  | 'resource-policy-does-not-allow'
  | 'required-policy-does-not-allow-account'
  | 'type-accepts-no-resource-policy'
  | 'outside-account-policy-unknown'
  | 'identity-side';

/**
 * The boundary and session rule: "an implicit deny in a permissions boundary or session policy"
 * limits identity-based permissions and resource-based grants to the role ARN (a resource-based
 * policy naming the user or the session ARN is not limited by them; "Policy evaluation logic",
 * "Permissions boundaries for IAM entities").
 */
export function capped(x: Tri, v: PolicyVerdicts): Tri {
  return and3(and3(x, v.boundaryAllow), v.sessionAllow);
}

/** Whether the Allow side holds, before SCPs/RCPs and the principal's presence. */
export function allowOf(v: PolicyVerdicts): AllowResult {
  const r = v.resource;
  const resourceAny = or3(or3(r.allowDirect, r.allowRole), r.allowAccount);
  if (v.caller === 'resource-only') {
    // No identity policies in the model: the resource-based policy decides; a session policy the
    // request carries caps its grants to the role or the account, not one naming the session.
    const granted = or3(r.allowDirect, capped(or3(r.allowRole, r.allowAccount), v));
    return gapIfNo(granted, 'resource-policy-does-not-allow');
  }
  if (v.caller === 'root') {
    // The root user has full access in its own account, unless a trust/key policy must allow; in
    // another account the resource-based policy must name it or its account.
    const allowed = v.sameAccount && !v.resourceRequired ? YES : or3(r.allowDirect, r.allowAccount);
    return v.sameAccount && v.resourceRequired
      ? gapIfNo(allowed, 'required-policy-does-not-allow-account')
      : ALLOWED[allowed];
  }
  if (v.resourceAccount === 'outside-no-policy') {
    // A type that accepts no resource-based policy: its owner cannot grant another account.
    return NO_POLICY_TYPE;
  }
  if (v.resourceAccount === 'outside') {
    // The resource's account is outside the model: its resource-based policy is unknown.
    const id = capped(v.identityAllow, v);
    return id === NO ? GAPS['identity-side'] : OUTSIDE_UNKNOWN;
  }
  if (v.sameAccount) {
    // "Within a single account, an explicit allow in either an identity-based or a resource-based
    // policy" suffices, unless the resource-based policy must allow (trust / key policy) and
    // does not delegate to the account. A trust policy naming the user or the session is still
    // capped: "If the user has a permissions boundary, it must allow sts:AssumeRole" (IAM User
    // Guide, "Update a role trust policy").
    const identityCounts: Tri = v.resourceRequired ? r.allowAccount : YES;
    const viaIdentity = capped(or3(and3(v.identityAllow, identityCounts), r.allowRole), v);
    const direct = v.trust ? capped(r.allowDirect, v) : r.allowDirect;
    return gapIfNo(or3(direct, viaIdentity), 'identity-side');
  }
  // Across accounts both sides must allow.
  return gapIfNo(and3(resourceAny, capped(v.identityAllow, v)), 'identity-side');
}

/**
 * The decision: an explicit Deny wins; then SCPs/RCPs must allow and some policy must allow; a
 * principal that might not exist is allowed at most MAYBE; anything MAYBE is indeterminate.
 */
export function combine(
  deny: Tri,
  allowed: Tri,
  v: Pick<PolicyVerdicts, 'orgAllow' | 'principalMaybeAbsent'>,
): Combined {
  if (deny === YES) return EXPLICIT_DENY;
  let a = and3(allowed, v.orgAllow);
  if (v.principalMaybeAbsent && a !== NO) a = MAYBE;
  if (a === NO) return IMPLICIT_DENY;
  if (deny === MAYBE || a === MAYBE) return UNKNOWN_VALUE;
  return ALLOWED_DECISION;
}

/** What `combine` gives: one of four frozen results (none made per decision). */
type Combined = Readonly<{ decision: 'allow' | 'deny' | 'indeterminate'; reason: DecisionReason }>;
const EXPLICIT_DENY: Combined = Object.freeze({ decision: 'deny', reason: 'explicit-deny' });
const IMPLICIT_DENY: Combined = Object.freeze({ decision: 'deny', reason: 'implicit-deny' });
const UNKNOWN_VALUE: Combined = Object.freeze({ decision: 'indeterminate', reason: 'unknown-value' });
const ALLOWED_DECISION: Combined = Object.freeze({ decision: 'allow', reason: 'allowed' });

/** What `allowOf` gives: frozen, one per allow and gap (none made per decision). */
type AllowResult = Readonly<{ allowed: Tri; gap?: AllowGap }>;
/** An allow that is not NO, without a gap, by its value. */
const ALLOWED: Readonly<Record<Tri, AllowResult>> = Object.freeze({
  [NO]: Object.freeze({ allowed: NO }),
  [YES]: Object.freeze({ allowed: YES }),
  [MAYBE]: Object.freeze({ allowed: MAYBE }),
});
/** NO, by the gap that closed it. */
const GAPS: Readonly<Record<AllowGap, AllowResult>> = Object.freeze({
  'resource-policy-does-not-allow': Object.freeze({ allowed: NO, gap: 'resource-policy-does-not-allow' }),
  'required-policy-does-not-allow-account': Object.freeze({
    allowed: NO,
    gap: 'required-policy-does-not-allow-account',
  }),
  'type-accepts-no-resource-policy': Object.freeze({ allowed: NO, gap: 'type-accepts-no-resource-policy' }),
  'outside-account-policy-unknown': Object.freeze({ allowed: NO, gap: 'outside-account-policy-unknown' }),
  'identity-side': Object.freeze({ allowed: NO, gap: 'identity-side' }),
});
const NO_POLICY_TYPE = GAPS['type-accepts-no-resource-policy'];
const OUTSIDE_UNKNOWN: AllowResult = Object.freeze({ allowed: MAYBE, gap: 'outside-account-policy-unknown' });

function gapIfNo(allowed: Tri, gap: AllowGap): AllowResult {
  return allowed === NO ? GAPS[gap] : ALLOWED[allowed];
}
