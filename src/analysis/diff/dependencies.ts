// Whether what a cell's decision depends on differs between the two sides of an access diff: the
// principal's inputs (its policies, boundary, groups, tags; and every candidate policy when it
// names one by an unknown ARN), the resource's (its policy, tags...), and the accounts' SCPs and
// RCPs, each written semantically (normalize.ts: no sources, policy names, Sids or statement
// order; the base's renamed ARNs written as the new state's). An action `indeterminate` on both
// sides is no verdict on either: it is a change ("may have changed") when these differ, else none
// (compare-access.ts). Computed only for cells indeterminate on both sides, each text once.

import type { Group, Model, Resource, Role, User } from '../../model/types.js';
import { type IdentityMap, renameText } from './identity.js';
import type { ModelSide } from './layout.js';
import {
  candidatePoliciesText,
  managedLookupOf,
  namesUnknownPolicy,
  principalText,
  resourceText,
  type TextMap,
} from './normalize.js';

/** Does what the decisions of principal `principalKey` on column `columnKey` depend on differ? */
export type DependsChanged = (principalKey: string, columnKey: string) => boolean;

/** Lazily written dependency texts of one side's rows and columns, by diff key. */
function sideTexts(side: ModelSide, map: TextMap) {
  let byArn: Map<string, User | Role | Resource> | undefined;
  let groups: Map<string, Group> | undefined;
  let lookup: ReturnType<typeof managedLookupOf> | undefined;
  let candidates: string | undefined;
  const element = (arn: string) => {
    const m: Model = side.model;
    byArn ??= new Map<string, User | Role | Resource>([
      ...m.resources.map((r) => [r.arn, r] as const),
      ...m.users.map((u) => [u.arn, u] as const),
      ...m.roles.map((r) => [r.arn, r] as const),
    ]);
    return byArn.get(arn);
  };
  const write = (e: User | Role | Resource | undefined, fallback: string): string => {
    if (!e) return fallback;
    if (e.kind !== 'user' && e.kind !== 'role') return resourceText(e, map);
    groups ??= new Map(side.model.groups.map((g) => [g.id, g]));
    lookup ??= managedLookupOf(side.model);
    const text = principalText(e, groups, lookup, map);
    if (!namesUnknownPolicy(e, groups)) return text;
    candidates ??= candidatePoliciesText(side.model, map);
    return `${text} candidates ${candidates}`;
  };
  const rows = new Map<string, string>();
  const columns = new Map<string, string>();
  return {
    row(key: string): string {
      let t = rows.get(key);
      if (t === undefined) {
        const entry = side.rows.get(key);
        t = entry ? write(entry.element ? element(entry.arn) : undefined, `principal ${key}`) : '-';
        rows.set(key, t);
      }
      return t;
    },
    column(key: string): string {
      let t = columns.get(key);
      if (t === undefined) {
        const entry = side.columns.get(key);
        // A column outside the layout (a witness of resources outside the inputs) is the same
        // column on both sides: what the decision depends on is then the row's and the accounts'.
        t = entry ? write(element(entry.arn), `column ${key}`) : '-';
        columns.set(key, t);
      }
      return t;
    },
  };
}

/** The comparison of what cells depend on between a base and a new state laid out by layout.ts. */
export function dependsChangedOf(base: ModelSide, next: ModelSide, identity: IdentityMap): DependsChanged {
  if (base.accounts !== next.accounts) return () => true;
  const rename: TextMap = identity.baseToNew.size ? (t) => renameText(identity, t) : (t) => t;
  const a = sideTexts(base, rename);
  const b = sideTexts(next, (t) => t);
  return (p, r) => a.row(p) !== b.row(p) || a.column(r) !== b.column(r);
}
