// How the Allows of an account's SCPs (or RCPs) combine across the levels of the organization:
// OR within one level (root, an OU, the account), AND across levels. Owns `orgLevelAllow`, the
// one place of that rule; the engine (`Engine.orgOutcome`) and the exhaustive scan's pruning use
// it. Denies are not combined here: any SCP/RCP at any level can deny.
//
// AWS Organizations User Guide, "SCP evaluation"
// (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html):
// "For a permission to be allowed for a specific account, there must be an explicit Allow
// statement at every level from the root through each OU in the direct path to the account
// (including the target account itself)"; "If an allow statement is not present in the SCPs at
// any of the levels such as Root, Production OU or Account B, the access is denied" (an Allow in
// any of the SCPs of a level is that level's Allow: "the Sandbox OU has both "Full AWS access"
// and "Deny S3 access" policies"). "RCP evaluation"
// (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_evaluation.html)
// gives RCPs the same levels ("any RCP from the root through each OU in the direct path to the
// account (including the target account itself) can deny that permission").
//
// Only Allow-bearing policies are entries: a level whose policies carry no Allow (deny lists) has
// FullAWSAccess next to them (AWS attaches it by default), so it allows. A policy whose level
// the inputs do not give (an --scp file, a target known only after apply) may stand at its own
// level or share one with any other of the inputs (not the assumed default's); policies with the
// same unknown level (the same `Unknown` object: the maybe-present FullAWSAccess beside an --scp
// file or a target known after apply) are one level wherever it is. The verdict is the most
// restrictive reading when every reading agrees, MAYBE otherwise. A policy that might not exist (`maybeAbsent`) may be absent;
// policies whose presence is the same unknown fact (`presence`, the same object: every SCP of an
// account that may be the management account, aws/org-management-account.ts) are all present or
// all absent together, and the two readings are decided apart. An allow list of the inputs at a
// known or unknown level has FullAWSAccess beside it as a maybe-present entry of that level unless
// the inputs show it detached (aws/org-managed-policies.ts `fullAccessMaybeAttached`, added once at model
// build, so a per-level constant here): attaching an SCP does not detach FullAWSAccess.
//
// RCPs: "The RCPFullAWSAccess policy is an AWS managed policy. It is automatically attached to
// the root, every OU, and every account in your organization, when you enable resource control
// policies (RCPs). You cannot detach this policy." ("RCP evaluation", above): every level has an
// Allow of every request, so the Allows of RCPs never restrict and only their Denies count
// (`orgAllowsCanRestrict`). An RCP you write with Allow is rejected by AWS (policy/rcp-rules.ts,
// `policy/rcp-allow`); were it attached, it would add an Allow to a level that already allows.

import { orgDefaultPolicy } from '../aws/org-managed-policies.js';
import { ORG_DEFAULT_LEVEL } from '../model/types.js';
import type { Unknown } from '../model/unknown.js';
import { and3, MAYBE, NO, or3, type Tri, YES } from './tri.js';

/** One Allow-bearing SCP/RCP of an account, for one request. */
export interface OrgLevelEntry {
  /** The node it is attached at (account id, `ou-…`, `r-…`, the default's level); Unknown or unset when not known. */
  level: string | Unknown | undefined;
  /** What it allows for the request if it exists. */
  ifPresent: Tri;
  /** It might not exist. */
  maybeAbsent: boolean;
  /** Why it might not exist: entries with the same object exist together or not at all. */
  presence?: object;
}

export interface OrgLevelAllow {
  /** The Allow of the SCPs (RCPs) for the request. */
  allow: Tri;
  /** The most restrictive and the most permissive readings of unknown levels and presence. */
  lower: Tri;
  upper: Tri;
  /** Set when unknown-level policies make the readings differ (`allow` is then MAYBE). */
  levelUnknown: boolean;
}

const ALL_ALLOW: OrgLevelAllow = Object.freeze({ allow: YES, lower: YES, upper: YES, levelUnknown: false });

/**
 * Whether the Allows of the policies of `kind` can restrict a request at all: only when the
 * full-access policy AWS attaches at every level can be detached (SCPs: FullAWSAccess), not for
 * RCPs (RCPFullAWSAccess cannot be detached: see the module comment).
 */
export function orgAllowsCanRestrict(kind: 'scp' | 'rcp'): boolean {
  return orgDefaultPolicy(kind).detachable;
}

const rank = (t: Tri): number => (t === NO ? 0 : t === MAYBE ? 1 : 2);

/** The value range of one level (its entries may be absent). */
function levelRange(entries: readonly OrgLevelEntry[]): { min: Tri; max: Tri } {
  const present = entries.filter((e) => !e.maybeAbsent);
  if (present.length) {
    // Absent maybe-present policies leave the present ones; existing ones can only add an Allow.
    return {
      min: present.reduce<Tri>((a, e) => or3(a, e.ifPresent), NO),
      max: entries.reduce<Tri>((a, e) => or3(a, e.ifPresent), NO),
    };
  }
  // All might be absent: then the level has no Allow-bearing policy (FullAWSAccess stands).
  return { min: entries.reduce<Tri>((a, e) => and3(a, e.ifPresent), YES), max: YES };
}

const rangeValue = (r: { min: Tri; max: Tri }): Tri => (r.min === r.max ? r.min : MAYBE);

/**
 * The SCP (RCP) Allow of a request: OR within a level, AND across levels. With unknown levels,
 * `lower` puts each unknown-level policy at its own level and `upper` lets each join the level
 * where it helps most (each policy at one level); when they differ the Allow is MAYBE.
 */
export function orgLevelAllow(entries: readonly OrgLevelEntry[]): OrgLevelAllow {
  // Every policy there allows: every reading allows (the common case, decided without grouping).
  if (entries.every((e) => e.ifPresent === YES)) return ALL_ALLOW;
  const shared = sharedPresence(entries);
  if (shared) {
    // The policies of one unknown fact: all present, or all absent.
    const present = orgLevelAllow(
      entries.map((e) => (e.presence === shared ? { ...e, maybeAbsent: false, presence: undefined } : e)),
    );
    const absent = orgLevelAllow(entries.filter((e) => e.presence !== shared));
    const lower = rank(present.lower) <= rank(absent.lower) ? present.lower : absent.lower;
    const upper = rank(present.upper) >= rank(absent.upper) ? present.upper : absent.upper;
    const allow = present.allow === absent.allow ? present.allow : MAYBE;
    return { allow, lower, upper, levelUnknown: present.levelUnknown || absent.levelUnknown };
  }
  const byLevel = new Map<string, OrgLevelEntry[]>();
  // Entries of one unknown level (the same `Unknown` object) stand together wherever it is.
  const unknownLevels = new Map<object, OrgLevelEntry[]>();
  const unknownLevel: OrgLevelEntry[][] = [];
  for (const e of entries) {
    if (typeof e.level === 'string') byLevel.set(e.level, [...(byLevel.get(e.level) ?? []), e]);
    else if (e.level === undefined) unknownLevel.push([e]);
    else {
      const group = unknownLevels.get(e.level);
      if (group) group.push(e);
      else {
        const fresh = [e];
        unknownLevels.set(e.level, fresh);
        unknownLevel.push(fresh);
      }
    }
  }
  const levels = [...byLevel.values()].map(levelRange);
  let known: Tri = YES;
  for (const r of levels) known = and3(known, rangeValue(r));
  if (!unknownLevel.length) {
    let lower: Tri = YES;
    let upper: Tri = YES;
    for (const r of levels) {
      lower = and3(lower, r.min);
      upper = and3(upper, r.max);
    }
    return { allow: known, lower, upper, levelUnknown: false };
  }
  const unknownRanges = unknownLevel.map(levelRange);
  // Most restrictive: every unknown level a level of its own.
  let lower: Tri = YES;
  for (const r of levels) lower = and3(lower, r.min);
  for (const r of unknownRanges) lower = and3(lower, r.min);
  // The assumed default FullAWSAccess stands at the levels the inputs attach nothing to, so an
  // unknown-level policy of the inputs does not join it.
  const joinable = [...byLevel].filter(([l]) => l !== ORG_DEFAULT_LEVEL).map(([, es]) => levelRange(es).max);
  const fixed = byLevel.has(ORG_DEFAULT_LEVEL) ? levelRange(byLevel.get(ORG_DEFAULT_LEVEL)!).max : YES;
  const upper = and3(fixed, upperBound(joinable, unknownLevel, unknownRanges));
  if (lower === upper) return { allow: lower, lower, upper, levelUnknown: false };
  // Each unknown level on its own gives the same best case: presence alone (not the levels)
  // makes the readings differ.
  let ownUpper: Tri = YES;
  for (const r of levels) ownUpper = and3(ownUpper, r.max);
  for (const r of unknownRanges) ownUpper = and3(ownUpper, r.max);
  return { allow: MAYBE, lower, upper, levelUnknown: ownUpper !== upper };
}

/** A presence that more than one maybe-absent entry shares, if any. */
function sharedPresence(entries: readonly OrgLevelEntry[]): object | undefined {
  const seen = new Set<object>();
  for (const e of entries) {
    if (!e.maybeAbsent || !e.presence) continue;
    if (seen.has(e.presence)) return e.presence;
    seen.add(e.presence);
  }
  return undefined;
}

/**
 * The best Allow any placement of the unknown levels gives: each joins one known level (adding
 * its Allow there) or, with no known level, they share one. The value `t` or better is reachable
 * when the known levels below `t` are no more than the unknown levels that allow at `t` or better
 * (one unknown level lifts one known level).
 */
function upperBound(
  levelMax: readonly Tri[],
  unknownLevel: readonly (readonly OrgLevelEntry[])[],
  unknownRanges: readonly { max: Tri }[],
): Tri {
  if (!levelMax.length) return levelRange(unknownLevel.flat()).max;
  for (const t of [YES, MAYBE] as const) {
    const below = levelMax.filter((v) => rank(v) < rank(t)).length;
    const lifters = unknownRanges.filter((r) => rank(r.max) >= rank(t)).length;
    if (below <= lifters) return t;
  }
  return NO;
}
