// What decides a principal's access to resources outside the inputs besides the Allow statement
// that grants it, and can take that access away or give it back: the principal's permissions
// boundary, every statement of its policies (its own, its groups') that is not a plain Allow (a
// Deny, an effect the inputs leave unknown, a document or an attached policy whose text is not in
// the inputs, an AWS managed policy that denies), its tags and presence, its accounts' SCPs and
// RCPs, and the policies the model holds for resources outside it (the stand-in resources of a
// policy with an unknown target, policies that govern ARN patterns). The access diff takes a
// statement of the new state that the base holds as it is as "no change" only when this is the
// same in both states: a permissions boundary, an SCP or a Deny removed under an unchanged
// `Allow * on *` widens what that statement grants. Another Allow added or removed changes no
// other statement's access (it is a statement of its own, compared or reported by itself).
//
// IAM User Guide, "Policy evaluation logic": "An explicit deny in any of these policies overrides
// the allow", and an identity-based policy's allow takes effect only within the permissions
// boundary and the SCPs and RCPs that apply.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
//
// As a short digest, so an access snapshot (`matrix --format json`, `outsideGrants[].context`)
// records it per statement and a snapshot diff compares it with the new state's.
//
// A diff of two models also takes as "no change" a new state whose policies for resources outside
// the inputs only lost plain Allow statements (or whole such policies without tags), the rest being
// the same (`ownContextOf`, `elsewhereNarrowed`): an Allow only grants, so removing one never
// widens what the unchanged statement grants (a pull request removing an Organizations delegation
// policy removes access, it reports no access that may be new). A snapshot records the digest
// only, so a snapshot diff still needs it equal.

import { createHash } from 'node:crypto';
import { awsManaged } from '../../engine/policy-sets.js';
import { isAwsManagedArn } from '../outside-grants.js';
import type { Group, Model, PolicyAttachment, Resource, Role, User } from '../../model/types.js';
import { isUnknown } from '../../model/unknown.js';
import type { PolicyDocument } from '../../policy/types.js';
import {
  accountText,
  documentText,
  iamResourceTagsText,
  type ManagedLookup,
  managedLookupOf,
  maybe,
  principalIdentityFields,
  resourceText,
  statementText,
  type TextMap,
} from './normalize.js';

/** The digest of what else decides a principal's access outside the inputs, by its ARN. */
export type OutsideContextOf = (principal: string) => string | undefined;

/** The parts of a document that may take an Allow's access away (not its plain Allows). */
function restrictingText(d: PolicyDocument, map: TextMap): string {
  if (d.unknown) return documentText(d, map);
  const kept = d.statements.filter((s) => s.effect !== 'Allow').map((s) => statementText(s, map));
  return JSON.stringify({ m: d.presence ? map(d.presence.reason) : undefined, s: [...new Set(kept)].sort() });
}

/**
 * Whether an AWS managed policy may deny: a statement of its document (the engine's parsed copy,
 * engine/policy-sets.ts `awsManaged`) that is not a plain Allow, or a policy the catalog lacks.
 */
function awsManagedMayDeny(arn: string): boolean {
  const doc = awsManaged(arn)?.document;
  return !doc || !!doc.unknown || doc.statements.some((s) => s.effect !== 'Allow');
}

function attachmentText(a: PolicyAttachment, lookup: ManagedLookup, map: TextMap): string | undefined {
  const presence = a.presence ? `?${map(a.presence.reason)}` : '';
  if (isUnknown(a.policyArn)) return `${maybe(a.policyArn, map)}${presence}`;
  const doc = lookup(a.policyArn);
  if (doc) return `${restrictingText(doc, map)}${presence}`;
  // An AWS managed policy that only allows, surely attached, restricts nothing; attached maybe, it
  // is kept (its own statements change with its presence: compared, or reported, by themselves).
  if (!a.presence && isAwsManagedArn(a.policyArn) && !awsManagedMayDeny(a.policyArn)) return undefined;
  return `${map(a.policyArn)}${presence}`;
}

function groupRestrictions(g: Group | undefined, lookup: ManagedLookup, map: TextMap): string[] {
  if (!g) return ['-'];
  const out: string[] = [];
  if (g.presence) out.push(`?${map(g.presence.reason)}`);
  if (g.imported) out.push(`!${map(g.imported.reason)}`);
  for (const p of g.inlinePolicies)
    out.push(`${restrictingText(p.document, map)}${p.presence ? `?${map(p.presence.reason)}` : ''}`);
  for (const a of g.managedPolicies) {
    const t = attachmentText(a, lookup, map);
    if (t !== undefined) out.push(t);
  }
  return out;
}

/** The text of what may restrict a user's or role's Allow statements (see the module comment). */
function restrictions(
  p: User | Role,
  groups: ReadonlyMap<string, Group>,
  lookup: ManagedLookup,
  map: TextMap,
) {
  const own: string[] = [];
  for (const ip of p.inlinePolicies)
    own.push(`${restrictingText(ip.document, map)}${ip.presence ? `?${map(ip.presence.reason)}` : ''}`);
  for (const a of p.managedPolicies) {
    const t = attachmentText(a, lookup, map);
    if (t !== undefined) own.push(t);
  }
  if (p.kind === 'user') {
    for (const g of p.groups) own.push(...groupRestrictions(groups.get(g), lookup, map));
    for (const m of p.maybeGroups)
      own.push(
        ...groupRestrictions(groups.get(m.group), lookup, map).map((t) => `${t}?${map(m.presence.reason)}`),
      );
    for (const a of p.unknownGroups) own.push(`group ${maybe(a.policyArn, map)}`);
  }
  return JSON.stringify({
    ...principalIdentityFields(p, map),
    boundary: p.permissionsBoundary
      ? JSON.stringify({
          a: maybe(p.permissionsBoundary.policyArn, map),
          d: isUnknown(p.permissionsBoundary.policyArn)
            ? undefined
            : documentText(lookup(p.permissionsBoundary.policyArn), map),
          m: p.permissionsBoundary.presence ? map(p.permissionsBoundary.presence.reason) : undefined,
        })
      : '-',
    own: [...new Set(own)].sort(),
  });
}

/**
 * `principal` → the digest of what else decides its access outside the inputs (undefined: no user
 * or role of that ARN). `map` renames texts (a base matched under generated names takes the new
 * state's names). Each principal's digest is computed once, when first asked.
 */
export function outsideContextOf(model: Model, map: TextMap = (t) => t): OutsideContextOf {
  let shared: string | undefined;
  const sharedText = (): string => {
    shared ??=
      JSON.stringify({
        accounts: accountText(model),
        elsewhere: elsewhereResources(model)
          .map((r) => `${resourceText(r, map)}${JSON.stringify(r.governs ?? [])}`)
          .sort(),
      }) + iamResourceTagsText(model, map);
    return shared;
  };
  return principalDigests(model, map, sharedText);
}

/** The resources of the model whose policies decide access to resources outside it. */
function elsewhereResources(model: Model): Resource[] {
  return model.resources.filter((r) => r.standIn || r.governs?.length);
}

/**
 * `principal` → the digest of what else decides its access outside the inputs but the policies
 * the model holds for resources outside it: its own restrictions and its accounts' SCPs and RCPs.
 * Equal in both states with `elsewhereNarrowed`, a statement held as it is grants no more.
 */
export function ownContextOf(model: Model, map: TextMap = (t) => t): OutsideContextOf {
  let accounts: string | undefined;
  return principalDigests(model, map, () => {
    accounts ??= accountText(model) + iamResourceTagsText(model, map);
    return accounts;
  });
}

/**
 * Whether the policies `next` holds for resources outside the inputs grant no more than `base`'s
 * (under `map`, base names renamed to the new state's): each of `next`'s is one of `base`'s with
 * the same ARN, kind, account, region, tags, presence, governed patterns and statements other than
 * plain Allows, and its plain Allows are some of the base's; each of `base`'s that `next` lacks
 * governs ARN patterns of an account of `next` (not a stand-in: without it, the governed
 * resources are ones of the model's accounts with no resource-based policy, not ones whose policy
 * is unknown), is surely present, has no tags and only plain Allow statements (a policy of known
 * text). "By default, all requests are implicitly denied" and an Allow only grants (IAM User
 * Guide, "Policy evaluation logic").
 */
export function elsewhereNarrowed(base: Model, next: Model, map: TextMap = (t) => t): boolean {
  const accounts = new Set(next.accounts.map((a) => a.id));
  const parts = (m: Model, f: TextMap) => {
    const out = new Map<string, { allows: Set<string>; onlyGrants: boolean }>();
    for (const r of elsewhereResources(m)) {
      const d = r.policy;
      const allows = (d?.unknown ? [] : (d?.statements ?? []))
        .filter((s) => s.effect === 'Allow')
        .map((s) => statementText(s, f));
      const frame = JSON.stringify({
        r: resourceText({ ...r, policy: undefined }, f),
        g: r.governs ?? [],
        d: d ? restrictingText(d, f) : '-',
      });
      const onlyGrants =
        !r.standIn &&
        accounts.has(r.account) &&
        !!d &&
        !d.unknown &&
        !d.presence &&
        !r.presence &&
        !Object.keys(r.tags ?? {}).length &&
        d.statements.every((s) => s.effect === 'Allow');
      const known = out.get(frame);
      if (known) for (const a of allows) known.allows.add(a);
      else out.set(frame, { allows: new Set(allows), onlyGrants });
    }
    return out;
  };
  const before = parts(base, map);
  const after = parts(next, (t) => t);
  for (const [frame, a] of after) {
    const b = before.get(frame);
    if (!b || [...a.allows].some((x) => !b.allows.has(x))) return false;
  }
  for (const [frame, b] of before) if (!after.has(frame) && !b.onlyGrants) return false;
  return true;
}

/** Each principal's digest of its restrictions and `sharedText`, computed once, when first asked. */
function principalDigests(model: Model, map: TextMap, sharedText: () => string): OutsideContextOf {
  const lookup = managedLookupOf(model);
  const groups = new Map<string, Group>(model.groups.map((g) => [g.id, g]));
  const byArn = new Map<string, User | Role>();
  for (const u of model.users) byArn.set(u.arn, u);
  for (const r of model.roles) byArn.set(r.arn, r);
  const memo = new Map<string, string>();
  return (principal) => {
    const known = memo.get(principal);
    if (known !== undefined) return known;
    const p = byArn.get(principal);
    if (!p) return undefined;
    const digest = createHash('sha256')
      .update(restrictions(p, groups, lookup, map))
      .update('\u0000')
      .update(sharedText())
      .digest('hex')
      .slice(0, 24);
    memo.set(principal, digest);
    return digest;
  };
}
