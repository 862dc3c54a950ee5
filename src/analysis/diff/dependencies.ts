// Whether what a cell's decision on one action depends on differs between the two sides of an
// access diff: the statements that apply to the action (each written as if it named that action
// alone: a statement split in two, or one naming other actions too, is the same) of the
// principal's policies (identity, boundary, groups; and of every candidate policy when it names
// one by an unknown ARN; of a role's own trust policy only the statements that may allow
// sts:TagSession, as they apply to it: the rest decides none of its requests, but these decide
// whether its principal tags are free, engine/session-tags.ts) and of the
// resource's (a role's trust policy when the role is the column), with their tags and presence, and the
// accounts' SCPs and RCPs, each written semantically (normalize.ts: no sources, policy names,
// Sids or statement order; the base's renamed ARNs written as the new state's). An action `indeterminate` on both
// sides is no verdict on either: it is a change ("may have changed") when these differ, else none
// (compare-access.ts). Computed only for cells indeterminate on both sides, each text once. A role
// chain indeterminate on both sides depends on its principal's statements for sts:AssumeRole and
// on every role's (its identity as it acts, its trust policy as who may assume it): a new path
// through any role is a change of one of them. `modelTexts` writes these texts for one model by
// ARN: the access snapshot's `dependencies` record digests them (dependency-record.ts).

import { isUnknown } from '../../model/unknown.js';
import { mayAllowTagSession } from '../../engine/session-tags.js';
import { ASSUME_ROLE } from '../chains.js';
import {
  groupIdsOf,
  type Group,
  type ManagedPolicy,
  type Model,
  type Resource,
  type Role,
  type User,
} from '../../model/types.js';
import { compileGlobText, globMatches } from '../../policy/glob-match.js';
import type { PolicyDocument, Statement, ValueList } from '../../policy/types.js';
import { type IdentityMap, renameText } from './identity.js';
import { identityPolicySet } from './identity-policy-set.js';
import type { ModelSide } from './layout.js';
import {
  candidatePoliciesText,
  type ManagedLookup,
  managedLookupOf,
  namesUnknownPolicy,
  principalText,
  resourceText,
  type TextMap,
} from './normalize.js';

/**
 * Does what the decision of principal `principalKey` on column `columnKey` for `action` depends
 * on differ?
 */
export type CellDependsChanged = (principalKey: string, columnKey: string, action: string) => boolean;

/**
 * What cells and role chains indeterminate on both sides depend on, compared: `cells` as above;
 * `chains(principalKey, roleKey)`: does what the chain of that principal to that role depends on
 * differ (its identity for `sts:AssumeRole`, every role's identity and trust policy: a chain may
 * go through any role the principal reaches, and a new path is a change of one of them)?
 */
export interface DependsChanged {
  cells: CellDependsChanged;
  chains: (principalKey: string, roleKey: string) => boolean;
}

const programs = new Map<string, ReturnType<typeof compileGlobText>>();

function matches(list: ValueList, action: string): boolean | undefined {
  const lower = action.toLowerCase();
  let any = false;
  for (const v of list.values) {
    if (isUnknown(v)) return undefined;
    let prog = programs.get(v);
    if (!prog) {
      prog = compileGlobText(v.toLowerCase());
      programs.set(v, prog);
    }
    if (globMatches(prog, lower)) any = true;
  }
  return any;
}

/**
 * A statement as it applies to `action`: undefined when it does not (its Action does not match,
 * its NotAction does), else with Action naming `action` alone; as it is when that is unknown.
 */
function projectStatement(s: Statement, action: string): Statement | undefined {
  if (s.unknown) return s;
  const only = (list: ValueList): ValueList => ({ values: [action], source: list.source, valueSources: [] });
  if (s.action) {
    const m = matches(s.action, action);
    if (m === undefined) return s;
    return m ? { ...s, action: only(s.action) } : undefined;
  }
  if (s.notAction) {
    const m = matches(s.notAction, action);
    if (m === undefined) return s;
    return m ? undefined : { ...s, notAction: undefined, action: only(s.notAction) };
  }
  return s;
}

// A document as it applies to one action, made once per document and action.
const projected = new WeakMap<PolicyDocument, Map<string, PolicyDocument>>();

function projectDocument(d: PolicyDocument, action: string): PolicyDocument {
  let byAction = projected.get(d);
  if (!byAction) {
    byAction = new Map();
    projected.set(d, byAction);
  }
  let out = byAction.get(action);
  if (!out) {
    const statements: Statement[] = [];
    for (const s of d.statements) {
      const p = projectStatement(s, action);
      if (p) statements.push(p);
    }
    out = { ...d, statements };
    byAction.set(action, out);
  }
  return out;
}

const TAG_SESSION = 'sts:TagSession';

// A trust policy as it decides whether the role's sessions may carry session tags, made once per
// document: its statements that may allow sts:TagSession, as they apply to it.
const tagSessionTrusts = new WeakMap<PolicyDocument, PolicyDocument>();

/**
 * What of a role's own trust policy its requests depend on: whether its sessions may carry
 * session tags, which override its principal tags (engine/session-tags.ts), so the statements
 * that may allow sts:TagSession (written as if they named it alone; undefined stays undefined:
 * a trust policy not in the inputs may allow it).
 */
function actingTrust(trust: PolicyDocument | undefined): PolicyDocument | undefined {
  if (!trust || trust.unknown) return trust;
  let out = tagSessionTrusts.get(trust);
  if (!out) {
    const statements: Statement[] = [];
    for (const s of trust.statements) {
      if (!mayAllowTagSession(s)) continue;
      statements.push(projectStatement(s, TAG_SESSION) ?? s);
    }
    out = { ...trust, statements };
    tagSessionTrusts.set(trust, out);
  }
  return out;
}

/**
 * Inline policies as they apply to `action`, those surely there with a known document joined into
 * one: identity policies are decided as the union of their statements, so a policy split into two
 * (or two joined) is the same text; one that may be absent or is unknown stays on its own.
 */
function joinedInline<T extends { document: PolicyDocument; presence?: unknown }>(
  inline: readonly T[],
  action: string,
): T[] {
  const out: T[] = [];
  let joined: T | undefined;
  for (const x of inline) {
    const document = projectDocument(x.document, action);
    if (x.presence || document.unknown || document.presence) out.push({ ...x, document });
    else if (!joined) joined = { ...x, document: { ...document, statements: [...document.statements] } };
    else joined.document.statements.push(...document.statements);
  }
  if (joined) out.unshift(joined);
  return out;
}

/** A model element with its documents as they apply to `action` (read by normalize.ts only). */
function projectElement<T extends User | Role | Resource | Group>(e: T, action: string): T {
  const out: Record<string, unknown> = { ...e };
  if ('inlinePolicies' in e) out.inlinePolicies = joinedInline(e.inlinePolicies, action);
  if ('trustPolicy' in e && e.trustPolicy) out.trustPolicy = projectDocument(e.trustPolicy, action);
  if ('policy' in e && e.policy) out.policy = projectDocument(e.policy, action);
  return out as T;
}

/**
 * The managed policies of `own` as they apply to each action: one lookup per action (normalize.ts
 * keeps the texts of what a lookup resolves, so a policy attached to many principals is written
 * once per action), each policy projected once.
 */
function projectedLookups(own: ManagedLookup): (action: string) => ManagedLookup {
  const lookups = new Map<string, ManagedLookup>();
  return (action) => {
    let out = lookups.get(action);
    if (!out) {
      const docs = new Map<string, PolicyDocument | undefined>();
      out = (arn) => {
        if (docs.has(arn)) return docs.get(arn);
        const d = own(arn);
        const projected = d && projectDocument(d, action);
        docs.set(arn, projected);
        return projected;
      };
      lookups.set(action, out);
    }
    return out;
  };
}

/**
 * One side's elements by ARN (`element`) and the text of what a decision on one of them depends
 * for `action` (`write`: a principal's projected identity policies, its groups' and managed
 * policies, with the candidate policies when it names a policy the inputs leave unknown; a
 * resource's projected policy), built lazily.
 */
function elementWriter(model: Model, map: TextMap) {
  let byArn: Map<string, User | Role | Resource> | undefined;
  let groups: Map<string, Group> | undefined;
  let lookup: ReturnType<typeof managedLookupOf> | undefined;
  let lookupFor: ((action: string) => ManagedLookup) | undefined;
  let candidates: Map<string, string> | undefined;
  let policies: Map<string, ManagedPolicy> | undefined;
  const groupMemo = new Map<string, Group>();
  // Each principal's and group's identity policy set, made once (not once per action).
  const sets = new WeakMap<object, unknown>();
  const ownSet = <T extends User | Role | Group>(x: T, set: ReadonlyMap<string, ManagedPolicy>): T => {
    let out = sets.get(x) as T | undefined;
    if (!out) {
      out = identityPolicySet(x, set);
      sets.set(x, out);
    }
    return out;
  };
  const element = (arn: string) => {
    byArn ??= new Map<string, User | Role | Resource>([
      ...model.resources.map((r) => [r.arn, r] as const),
      ...model.users.map((u) => [u.arn, u] as const),
      ...model.roles.map((r) => [r.arn, r] as const),
    ]);
    return byArn.get(arn);
  };
  const write = (e: User | Role | Resource, action: string, acting: boolean): string => {
    if (e.kind !== 'user' && e.kind !== 'role') return resourceText(projectElement(e, action), map);
    groups ??= new Map(model.groups.map((g) => [g.id, g]));
    lookup ??= managedLookupOf(model);
    lookupFor ??= projectedLookups(lookup);
    policies ??= new Map(model.policies.map((p) => [p.arn, p]));
    const set = policies;
    const all = groups;
    // Only the groups the principal names are read (normalize.ts principalText), each projected
    // once per action.
    const named = groupIdsOf(e);
    const projectedGroups = new Map<string, Group>();
    for (const id of named) {
      const k = `${id}\u0000${action}`;
      let g = groupMemo.get(k);
      if (g === undefined) {
        const group = all.get(id);
        if (!group) continue;
        g = projectElement(ownSet(group, set), action);
        groupMemo.set(k, g);
      }
      projectedGroups.set(id, g);
    }
    const projectedLookup = lookupFor(action);
    const projected = projectElement(ownSet(e, set), action);
    if (acting && e.kind === 'role' && projected.kind === 'role')
      projected.trustPolicy = actingTrust(e.trustPolicy);
    const text = principalText(projected, projectedGroups, projectedLookup, map);
    if (!namesUnknownPolicy(e, groups)) return text;
    candidates ??= new Map();
    let c = candidates.get(action);
    if (c === undefined) {
      c = candidatePoliciesText(
        {
          ...model,
          policies: model.policies.map((x) => ({ ...x, document: projectDocument(x.document, action) })),
        },
        map,
      );
      candidates.set(action, c);
    }
    return `${text} candidates ${c}`;
  };
  return { element, write };
}

/**
 * Lazily written dependency texts of one model's users, roles and resources, by this model's ARN
 * (undefined: not an element of the model): a principal's as the row (`acting`: of its own trust
 * policy only whether it lets sessions carry session tags, `actingTrust`; the rest decides only
 * requests on it as a column: who may assume it), an
 * element's as the column; and the text of what every role chain depends on (`assumeGraph`).
 */
export function modelTexts(model: Model, map: TextMap) {
  const { element, write } = elementWriter(model, map);
  const rows = new Map<string, string | undefined>();
  const columns = new Map<string, string | undefined>();
  let graph: string | undefined;
  const texts = {
    row(arn: string, action: string): string | undefined {
      const k = `${arn}\u0000${action}`;
      if (rows.has(k)) return rows.get(k);
      const e = element(arn);
      const t = e && (e.kind === 'user' || e.kind === 'role') ? write(e, action, true) : undefined;
      rows.set(k, t);
      return t;
    },
    column(arn: string, action: string): string | undefined {
      const k = `${arn}\u0000${action}`;
      if (columns.has(k)) return columns.get(k);
      const e = element(arn);
      const t = e && write(e, action, false);
      columns.set(k, t);
      return t;
    },
    /**
     * What every role chain depends on besides its first principal: each role's identity as it
     * acts (`sts:AssumeRole` on the next role) and its trust policy (who may assume it), as a
     * sorted set (no names of policies, no order). A chain's hops are decided on these alone
     * (chains.ts `decideHop`), with the accounts' SCPs and RCPs.
     */
    assumeGraph(): string {
      graph ??= JSON.stringify(
        model.roles
          .map((r) => `${texts.row(r.arn, ASSUME_ROLE)}\u0000${texts.column(r.arn, ASSUME_ROLE)}`)
          .sort(),
      );
      return graph;
    },
  };
  return texts;
}

/** Lazily written dependency texts of one side's rows and columns, by diff key. */
function sideTexts(side: ModelSide, map: TextMap) {
  const texts = modelTexts(side.model, map);
  const rows = new Map<string, string>();
  const columns = new Map<string, string>();
  const row = (key: string, action: string): string => {
    const k = `${key}\u0000${action}`;
    let t = rows.get(k);
    if (t === undefined) {
      const entry = side.rows.get(key);
      t = entry ? (entry.element && texts.row(entry.arn, action)) || `principal ${key}` : '-';
      rows.set(k, t);
    }
    return t;
  };
  return {
    row,
    column(key: string, action: string): string {
      const k = `${key}\u0000${action}`;
      let t = columns.get(k);
      if (t === undefined) {
        const entry = side.columns.get(key);
        // A column outside the layout (a witness of resources outside the inputs) is the same
        // column on both sides: what the decision depends on is then the row's and the accounts'.
        t = entry ? (texts.column(entry.arn, action) ?? `column ${key}`) : '-';
        columns.set(k, t);
      }
      return t;
    },
    /** What a principal's role chains depend on: its identity for sts:AssumeRole, every role's. */
    chain(key: string): string {
      return `${row(key, ASSUME_ROLE)}\u0000${texts.assumeGraph()}`;
    },
  };
}

/** The comparison of what cells depend on between a base and a new state laid out by layout.ts. */
export function dependsChangedOf(base: ModelSide, next: ModelSide, identity: IdentityMap): DependsChanged {
  if (base.accounts !== next.accounts) return { cells: () => true, chains: () => true };
  const rename: TextMap = identity.baseToNew.size ? (t) => renameText(identity, t) : (t) => t;
  const a = sideTexts(base, rename);
  const b = sideTexts(next, (t) => t);
  // Each row's and column's texts compared once per action (a diff of two unrelated organisations
  // asks about millions of cells, a row's and a column's many times each).
  const rowChanged = comparedOnce((p, action) => a.row(p, action) !== b.row(p, action));
  const columnChanged = comparedOnce((r, action) => a.column(r, action) !== b.column(r, action));
  return {
    cells: (p, r, action) => rowChanged(p, action) || columnChanged(r, action),
    chains: (p) => a.chain(p) !== b.chain(p),
  };
}

/** `differ`, computed once per key and action (by action, then key: no key text made per call). */
function comparedOnce(
  differ: (key: string, action: string) => boolean,
): (key: string, action: string) => boolean {
  const byAction = new Map<string, Map<string, boolean>>();
  return (key, action) => {
    let byKey = byAction.get(action);
    if (!byKey) {
      byKey = new Map();
      byAction.set(action, byKey);
    }
    let out = byKey.get(key);
    if (out === undefined) {
      out = differ(key, action);
      byKey.set(key, out);
    }
    return out;
  };
}
