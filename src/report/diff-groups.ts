// Shared shaping of an access diff for the text formats: the headline ("3 principals gain access,
// 1 loses"), the changes of each principal grouped by kind (added, removed, changed), access
// level and resource, with their actions and statements, and the words for a before → after.

import type { AccessChange, AccessDiff, ChangeGrant, ChangeKind } from '../analysis/diff/types.js';
import type { Access } from '../analysis/types.js';
import { getAction } from '../catalog/index.js';
import { accessRank } from '../analysis/chains.js';
import { principalLabel } from './matrix-labels.js';
import { qualifiedLabel, sharedLabels } from '../model/same-names.js';

export type { ChangeKind };

/** Access levels in the order reports list them (role chains last). */
export const DIFF_LEVELS = [
  'Permissions management',
  'Write',
  'Tagging',
  'Read',
  'List',
  'Role chain',
  'Other',
];

/** The access level of a change's action (`Role chain` for roles reached through others). */
export function levelOf(c: AccessChange): string {
  if (c.via) return 'Role chain';
  return getAction(c.action)?.accessLevel ?? 'Other';
}

/** Does a change add or widen access? (What `--fail-on added` fails on.) */
export function widens(c: Pick<AccessChange, 'before' | 'after'>): boolean {
  if (accessRank(c.after) > accessRank(c.before)) return true;
  // Conditional under other conditions: the new ones may let more requests in. Indeterminate on
  // both sides with other inputs (compare-access.ts): the access may have been widened.
  // Conditional, then indeterminate: the unknown may allow it without the conditions, so it
  // may have been widened although `accessRank` puts indeterminate below conditional.
  return (
    (c.before === 'conditional' && (c.after === 'conditional' || c.after === 'indeterminate')) ||
    (c.before === 'indeterminate' && c.after === 'indeterminate')
  );
}

/**
 * Is a change an action indeterminate on both sides whose inputs differ (compare-access.ts)? Its
 * access may have been added or widened: `widens` holds.
 */
export function mayHaveChanged(c: Pick<AccessChange, 'before' | 'after'>): boolean {
  return c.before === 'indeterminate' && c.after === 'indeterminate';
}

/** Does a change remove or narrow access? (Conditional, then indeterminate, is said to widen.) */
export function narrows(c: Pick<AccessChange, 'before' | 'after'>): boolean {
  return (
    accessRank(c.after) < accessRank(c.before) && !(c.before === 'conditional' && c.after === 'indeterminate')
  );
}

/** Is a change conditional access under other conditions (neither clearly wider nor narrower)? */
export function reconditions(c: Pick<AccessChange, 'before' | 'after'>): boolean {
  return c.before === 'conditional' && c.after === 'conditional';
}

/**
 * What a change means for its principal's access, the one rule every format (text, markdown,
 * HTML headline and lines) says it by: `gains` (access added or widened), `loses` (removed or
 * narrowed), `reconditioned` (conditional under other conditions), `undecided` (allow →
 * indeterminate, or indeterminate on both sides with other inputs: the unknown decides, so the
 * access may have changed either way; no loss). Conditional → indeterminate gains: the unknown
 * may allow it without the conditions (`widens`, what `--fail-on added` reads, holds).
 */
export type ChangeCategory = 'gains' | 'loses' | 'reconditioned' | 'undecided';

export function categoryOf(c: Pick<AccessChange, 'before' | 'after'>): ChangeCategory {
  if (c.after === 'indeterminate' && (c.before === 'allow' || c.before === 'indeterminate'))
    return 'undecided';
  if (reconditions(c)) return 'reconditioned';
  return narrows(c) ? 'loses' : 'gains';
}

/** The words of a change's before → after in the lists (`was allow`, `allow → indeterminate, may have changed`). */
export function changeWords(
  g: Pick<ChangeGroup, 'kind' | 'before' | 'after'>,
  removedAs: (access: Access) => string,
): string {
  if (g.kind === 'added') return g.after;
  if (g.kind === 'removed') return removedAs(g.before);
  if (mayHaveChanged(g)) return 'indeterminate on both sides, may have changed';
  if (categoryOf(g) === 'undecided') return `${g.before} → ${g.after}, may have changed`;
  return `${g.before} → ${g.after}`;
}

/** A principal's changes in a few words (`gains access`, `loses access, access may have changed`). */
export function principalVerb(
  p: Pick<PrincipalChanges, 'gains' | 'loses' | 'reconditioned' | 'unsure'>,
): string {
  const parts: string[] = [];
  if (p.gains || p.loses)
    parts.push(p.gains && p.loses ? 'gains and loses access' : p.gains ? 'gains access' : 'loses access');
  if (p.reconditioned) parts.push('has access under other conditions');
  if (p.unsure) parts.push('access may have changed');
  return parts.join(', ');
}

/** Changes with the same kind, level, resource and access before and after, with their actions. */
export interface ChangeGroup {
  kind: ChangeKind;
  level: string;
  resource: string;
  via: string[] | undefined;
  before: Access;
  after: Access;
  actions: string[];
  conditions: string[];
  /** What makes the actions indeterminate (a change that may have changed: `mayHaveChanged`). */
  reasons: string[];
  grants: ChangeGrant[];
}

export interface PrincipalChanges {
  principal: string;
  label: string;
  kind: string;
  groups: ChangeGroup[];
  added: number;
  removed: number;
  changed: number;
  /** Some access added or widened (deny → ..., conditional → allow...): `categoryOf` `gains`. */
  gains: boolean;
  /** Some access removed or narrowed: `categoryOf` `loses`. */
  loses: boolean;
  /** Some conditional access under other conditions. */
  reconditioned: boolean;
  /**
   * Some access that may have changed: indeterminate after the change, from some access
   * (`categoryOf` `undecided`; indeterminate on both sides too, `mayHaveChanged`).
   */
  unsure: boolean;
}

const KIND_ORDER: ChangeKind[] = ['added', 'changed', 'removed'];

function grantKey(g: ChangeGrant): string {
  return `${g.state}|${g.stage}|${g.policy}|${g.statement}|${g.effect}`;
}

function mergeGrants(into: ChangeGrant[], more: ChangeGrant[]): void {
  const seen = new Set(into.map(grantKey));
  for (const g of more)
    if (!seen.has(grantKey(g))) {
      seen.add(grantKey(g));
      into.push(g);
    }
}

/**
 * The changes of each principal, grouped; principals that gain access first (most changes
 * first), then by label.
 */
export function groupByPrincipal(diff: AccessDiff): PrincipalChanges[] {
  const byPrincipal = new Map<string, PrincipalChanges>();
  const groupIndex = new Map<string, ChangeGroup>();
  for (const kind of KIND_ORDER) {
    diff.changes.forEach(kind, (c) => {
      let p = byPrincipal.get(c.principal);
      if (!p) {
        p = {
          principal: c.principal,
          label: principalLabelOf(diff, c.principal),
          kind: diff.labels.principals[c.principal]?.kind ?? 'principal',
          groups: [],
          added: 0,
          removed: 0,
          changed: 0,
          gains: false,
          loses: false,
          reconditioned: false,
          unsure: false,
        };
        byPrincipal.set(c.principal, p);
      }
      p[kind]++;
      const category = categoryOf(c);
      if (category === 'reconditioned') p.reconditioned = true;
      else if (category === 'undecided') p.unsure = true;
      else if (category === 'gains') p.gains = true;
      else p.loses = true;
      const level = levelOf(c);
      const key = [c.principal, kind, level, c.resource, (c.via ?? []).join(','), c.before, c.after].join(
        '\u0000',
      );
      let g = groupIndex.get(key);
      if (!g) {
        g = {
          kind,
          level,
          resource: c.resource,
          via: c.via,
          before: c.before,
          after: c.after,
          actions: [],
          conditions: [],
          reasons: [],
          grants: [],
        };
        groupIndex.set(key, g);
        p.groups.push(g);
      }
      g.actions.push(c.action);
      for (const x of c.conditions ?? []) if (!g.conditions.includes(x)) g.conditions.push(x);
      for (const x of c.reasons ?? []) if (!g.reasons.includes(x)) g.reasons.push(x);
      mergeGrants(g.grants, c.grants);
    });
  }
  const out = [...byPrincipal.values()];
  for (const p of out)
    p.groups.sort(
      (a, b) =>
        KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) ||
        DIFF_LEVELS.indexOf(a.level) - DIFF_LEVELS.indexOf(b.level) ||
        (a.resource < b.resource ? -1 : a.resource > b.resource ? 1 : 0),
    );
  return out.sort(
    (a, b) =>
      Number(b.gains) - Number(a.gains) ||
      b.added + b.changed - (a.added + a.changed) ||
      (a.label < b.label ? -1 : a.label > b.label ? 1 : 0),
  );
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** "3 principals gain access, 1 loses" (or "No access change"), and the risk findings. */
export function headline(diff: AccessDiff): string {
  const groups = groupByPrincipal(diff);
  const gain = groups.filter((p) => p.gains).length;
  const lose = groups.filter((p) => p.loses).length;
  const other = groups.filter((p) => p.reconditioned && !p.gains && !p.loses).length;
  // Undecided (indeterminate after the change) is said apart from gains and losses: never a loss.
  const unsure = groups.filter((p) => p.unsure).length;
  const parts: string[] = [];
  if (gain) parts.push(`${plural(gain, 'principal gains', 'principals gain')} access`);
  if (lose)
    parts.push(
      gain
        ? `${lose} ${lose === 1 ? 'loses' : 'lose'}`
        : `${plural(lose, 'principal loses', 'principals lose')} access`,
    );
  if (other)
    parts.push(
      `${parts.length ? other : plural(other, 'principal', 'principals')} ${other === 1 ? 'has' : 'have'} access under other conditions`,
    );
  if (unsure)
    parts.push(
      `${plural(unsure, "principal's", "principals'")} access may have changed (indeterminate: it depends on what the inputs leave unknown)`,
    );
  let text = parts.length
    ? parts.join(', ')
    : diff.notCompared
      ? (diff.notCompared.rows ?? (diff.notCompared.outside ? [] : diff.notCompared.principals)).length
        ? 'No access change among the principals compared'
        : "No access change on the inputs' resources"
      : 'No access change';
  // Principals not compared (their access may be new) are never hidden behind the headline.
  const nc = diff.notCompared;
  if (nc) {
    const rows = nc.rows ?? (nc.outside ? [] : nc.principals);
    if (rows.length)
      text += `; ${plural(rows.length, 'principal', 'principals')} not compared (see the notes)`;
    if (nc.outside?.length) {
      const n = new Set(nc.outside.map((g) => g.principal)).size;
      text += `; access to resources outside the inputs not compared: ${plural(nc.outside.length, 'statement', 'statements')} of ${plural(n, 'principal', 'principals')} (see the notes)`;
    }
  }
  // A `matrix --principal / --resource` snapshot as the base: what was compared.
  const scope = diff.scope;
  if (scope?.principals)
    text += `; compared: the base snapshot's ${plural(scope.principals.length, 'principal', 'principals')} only`;
  if (scope?.resources)
    text += `; compared: the base snapshot's ${plural(scope.resources.length, 'resource', 'resources')} only`;
  const { added, removed } = diff.risks;
  if (added.length || removed.length) {
    const risk: string[] = [];
    if (added.length) risk.push(`${plural(added.length, 'new risk finding', 'new risk findings')}`);
    if (removed.length) risk.push(`${removed.length} resolved`);
    text += `; ${risk.join(', ')}`;
  }
  return text;
}

/** `deny → allow`, `allow → conditional`... */
export function transition(before: Access, after: Access): string {
  return `${before} → ${after}`;
}

/**
 * The resource's label, with `/*` kept for object patterns; a name two resources of the diff share
 * says the kind, account and Region of each (src/model/same-names.ts).
 */
export function resourceLabel(diff: AccessDiff, resource: string): string {
  const l = diff.labels.resources[resource];
  if (l) {
    const base = baseResourceLabel(l);
    return sharedOf(diff).resources.has(base) ? qualifiedLabel(base, resource, l.kind) : base;
  }
  if (resource.endsWith('/*')) {
    const bucket = diff.labels.resources[resource.slice(0, -2)];
    if (bucket) return `${bucket.name}/*`;
  }
  return resource.startsWith('arn:') && /:iam::/.test(resource) ? principalLabel(resource) : resource;
}

/** A short label for a principal of the diff: `user/alice`, `account 999988887777`, `ec2.amazonaws.com`. */
export function principalLabelOf(diff: AccessDiff, principal: string): string {
  const base = basePrincipalLabel(diff, principal);
  return sharedOf(diff).principals.has(base) ? qualifiedLabel(base, principal) : base;
}

function basePrincipalLabel(diff: AccessDiff, principal: string): string {
  const l = diff.labels.principals[principal];
  if (l?.name && (l.kind === 'user' || l.kind === 'role')) return `${l.kind}/${l.name}`;
  return principalLabel(principal);
}

function baseResourceLabel(l: { name: string; kind: string }): string {
  return l.kind === 'iam-role' ? `role/${l.name}` : l.name;
}

const shared = new WeakMap<AccessDiff, { principals: Set<string>; resources: Set<string> }>();

/** The labels two principals, or two resources, of the diff share. */
function sharedOf(diff: AccessDiff): { principals: Set<string>; resources: Set<string> } {
  let out = shared.get(diff);
  if (!out) {
    const res = Object.entries(diff.labels.resources);
    out = {
      principals: sharedLabels(
        Object.keys(diff.labels.principals),
        (p) => basePrincipalLabel(diff, p),
        (p) => p,
      ),
      resources: sharedLabels(
        res,
        ([, l]) => baseResourceLabel(l),
        ([arn]) => arn,
      ),
    };
    shared.set(diff, out);
  }
  return out;
}
