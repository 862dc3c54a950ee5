// What a principal gains by becoming another (spec `noEscalation`): whether the target has more
// access than the start, over the model's resources and roles (the access matrix of both: every
// action of every access level on every resource and role the inputs define): everything the
// start can do, and a request the start cannot make (the witness). A target that lacks some of
// the start's access is a lateral move, not a climb. Owns `accessGains`. Requests on resources
// outside the inputs are not compared here; access to everything (administrator equivalence) is
// checked separately by the caller. Also owns `groupGivesNothingNew` (joining a group that adds
// no Allow the user lacks is no escalation: Rhino Security Labs 13 and the spec's rewrite).

import type { Engine } from '../engine/engine.js';
import type { Group, User } from '../model/types.js';
import { accessRank } from './chains.js';
import { buildMatrix } from './matrix/build.js';
import type { Access, MatrixCell, MatrixReason } from './types.js';

/** A request the target can make and the start cannot. */
export interface AccessGain {
  action: string;
  resource: string;
  /** allow / conditional: the target's access to it; indeterminate when that is unknown. */
  access: Exclude<Access, 'deny'>;
  /** For indeterminate: the reasons of the matrix cells it depends on (analysis/matrix/cell-reasons.ts). */
  reasons?: MatrixReason[];
}

/** The access to each action of a cell's levels, by action. */
function accessByAction(cells: MatrixCell[] | undefined): Map<string, Access> {
  const out = new Map<string, Access>();
  for (const cell of cells ?? []) for (const a of cell.actions) out.set(a.action, a.access);
  return out;
}

/** The reasons of the cell of `cells` that holds `action` (none when it has none). */
function cellReasons(cells: MatrixCell[] | undefined, action: string): MatrixReason[] {
  return cells?.find((c) => c.actions.some((a) => a.action === action))?.reasons ?? [];
}

/**
 * For each of `targets` (principal ARNs) with more access than `from` (see the module comment),
 * the strongest request it can make that `from` cannot: allowed (or conditional) for the target
 * where `from` is denied, or allowed where `from` has it only under conditions (a conditional
 * gain). Indeterminate when the target's access, or whether it keeps all of `from`'s, depends on
 * unknown values.
 */
export function accessGains(
  engine: Engine,
  from: string,
  targets: readonly string[],
): Map<string, AccessGain> {
  const out = new Map<string, AccessGain>();
  if (!targets.length) return out;
  const matrix = buildMatrix(engine, { principals: [from, ...targets], includeRoles: true, chains: false });
  const row = (arn: string) => matrix.principals.findIndex((p) => p.arn === arn);
  const start = row(from);
  if (start < 0) return out;
  const starts = matrix.resources.map((_, r) => accessByAction(matrix.cells.at(start, r)));
  for (const target of targets) {
    const t = row(target);
    if (t < 0) continue;
    let best: AccessGain | undefined;
    let keeps: 'yes' | 'maybe' | 'no' = 'yes';
    // Why the target may not keep the start's access (the start's undecided cells).
    const keepReasons: MatrixReason[] = [];
    for (let r = 0; r < matrix.resources.length; r++) {
      const resource = matrix.resources[r]!;
      const cells = matrix.cells.at(t, r);
      const theirs = accessByAction(cells);
      // Does the target keep what the start can do here? (On the resources: who may assume or
      // pass which role is the become graph itself, not access the climb must keep.)
      if (resource.kind !== 'iam-role')
        for (const [action, had] of starts[r]!) {
          const has = theirs.get(action) ?? 'deny';
          if (has !== 'deny' || had === 'deny') continue;
          if (had === 'indeterminate') {
            keeps = keeps === 'no' ? 'no' : 'maybe';
            if (!keepReasons.length) keepReasons.push(...cellReasons(matrix.cells.at(start, r), action));
          } else keeps = 'no';
        }
      for (const [action, has] of theirs) {
        if (has === 'deny') continue;
        const had = starts[r]!.get(action) ?? 'deny';
        let gain: AccessGain['access'] | undefined;
        if (had === 'deny') gain = has;
        else if (has === 'allow' && had !== 'allow') gain = 'conditional';
        if (!gain || (best && accessRank(best.access) >= accessRank(gain))) continue;
        const reasons = gain === 'indeterminate' ? cellReasons(cells, action) : [];
        best = { action, resource: resource.arn, access: gain, ...(reasons.length ? { reasons } : {}) };
      }
    }
    if (!best || keeps === 'no') continue;
    out.set(
      target,
      keeps === 'maybe'
        ? { ...best, access: 'indeterminate', reasons: [...(best.reasons ?? []), ...keepReasons] }
        : best,
    );
  }
  return out;
}

/**
 * Whether joining `group` surely gives `user` no Allow it lacks: every inline policy of the group
 * is known and has no Allow statement (only Denies, which take away), and every managed policy
 * attached to it is attached to the user already (to itself or to a group it is surely in).
 * "An IAM user group is a collection of IAM users. User groups let you specify permissions for
 * multiple users" (IAM User Guide, "IAM user groups"): joining it adds its policies and nothing
 * else. An unknown policy, ARN or statement effect
 * may give something: false.
 */
export function groupGivesNothingNew(user: User, groups: readonly Group[], group: Group): boolean {
  const inlineAllows = group.inlinePolicies.some(
    (p) => p.document.unknown || p.document.statements.some((st) => st.effect !== 'Deny'),
  );
  if (inlineAllows) return false;
  const own = new Set<string>();
  const add = (arn: unknown) => {
    if (typeof arn === 'string') own.add(arn);
  };
  for (const a of user.managedPolicies) add(a.policyArn);
  for (const g of groups) if (user.groups.includes(g.id)) for (const a of g.managedPolicies) add(a.policyArn);
  return group.managedPolicies.every((a) => typeof a.policyArn === 'string' && own.has(a.policyArn));
}
