// The access diff's comparison of requests on `*` (issue 16): actions a request makes on `*`
// because they have no resource type (`s3:ListAllMyBuckets`, `ec2:DescribeInstances`,
// `sts:GetCallerIdentity`). The matrix has no column for them (its columns are
// resources: matrix/build.ts) and the witness columns of outside-compare.ts are ARNs, so a
// statement such as `Allow ec2:Describe* on *` or `ec2:* on *` was never compared. Here each
// principal of the witness comparison is decided on `*` for each such action its outside
// statements name (OutsideWitnesses.starActions), on both sides, by the engine under a free
// request context (free-decision.ts: the decision the matrix makes per action), into a one-column
// matrix that compare-access.ts compares as the diff's other cells. Bounded by MAX_DECISIONS per
// side: beyond, nothing is decided and those statements stay "not compared".
//
// "Actions, resources, and condition keys for AWS services": an action whose Resource types
// column is empty "does not support specifying a resource ARN in the Resource element": a policy
// must name "*" to allow it.
// https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html

import { getAction } from '../../catalog/index.js';
import type { Engine } from '../../engine/engine.js';
import type { RequestContext } from '../../engine/types.js';
import type { Model } from '../../model/types.js';
import { againContextOf, againContexts, assumedContext, reportedDecision } from '../assumed-context.js';
import { decideAnyContext } from '../free-decision.js';
import { ACCESS_LEVELS } from '../matrix/action-lists.js';
import { cellsFromRows } from '../matrix/cell-store.js';
import type { Access, Matrix, MatrixCell, MatrixPrincipal, StatementRef } from '../types.js';
import type { KeyOf } from './layout.js';
import type { OutsideCells, OutsideWitnesses } from './outside-compare.js';

/** At most this many decisions (principals x actions) per side. */
export const MAX_DECISIONS = 20_000;

/** The column of the requests on `*`, as changes and labels name it. */
export const STAR_COLUMN = '*';

/** The label of the `*` column (diff text, markdown, html). */
export const STAR_LABEL = 'actions without resource types (requested on "*")';

/** Whether the requests on `*` of these witnesses fit MAX_DECISIONS (else they are not decided). */
export function starDecidable(witnesses: OutsideWitnesses, rows: number): boolean {
  const n = witnesses.starActions?.length ?? 0;
  return n > 0 && n * rows <= MAX_DECISIONS;
}

const RANK: Record<Access, number> = { allow: 0, conditional: 1, indeterminate: 2, deny: 3 };

/** One level's cell from the decisions of its actions (deny: none of them has access). */
function levelCell(
  decided: { action: string; access: Access; conditions: string[]; grants: StatementRef[] }[],
) {
  const granted = decided.filter((d) => d.access !== 'deny');
  if (!granted.length) return { access: 'deny', actions: [], grants: [] } as MatrixCell;
  const access = granted.reduce<Access>((best, d) => (RANK[d.access] < RANK[best] ? d.access : best), 'deny');
  return {
    access,
    actions: granted.map((d) => ({
      action: d.action,
      access: d.access as Exclude<Access, 'deny'>,
      conditions: d.conditions,
    })),
    grants: granted[0]!.grants,
    actionGrants: granted.map((d) => d.grants),
  } satisfies MatrixCell;
}

/**
 * Decides a side's principals (of `witnesses.principals`) on `*` for `witnesses.starActions`:
 * a one-column matrix (levels as the matrix's), each action at its catalog access level.
 */
export function evaluateResourceless(
  witnesses: OutsideWitnesses,
  model: Model,
  keyOf: KeyOf,
  engine: Engine,
  options: { context?: RequestContext; assumed?: RequestContext } = {},
): OutsideCells {
  const principals: MatrixPrincipal[] = [...model.users, ...model.roles]
    .filter((p) => witnesses.principals.has(keyOf(p.arn)))
    .map((p) => ({ id: p.id, arn: p.arn, kind: p.kind, name: p.name, source: p.source }));
  const actions = (witnesses.starActions ?? []).map((name) => ({
    name,
    level: ACCESS_LEVELS.indexOf(getAction(name)?.accessLevel as (typeof ACCESS_LEVELS)[number]),
  }));
  // Under the assumed context (`--assume`), never hiding access granted without it
  // (assumed-context.ts: a denied request is decided again with the assumed keys free, an STS
  // request with the keys every STS request has still pinned: `againContextOf`, as the matrix's
  // cells and the chains' hops).
  const context = assumedContext(options.context, options.assumed).assumed;
  const again = againContexts(model, options.context, options.assumed);
  const rows = principals.map((p) => {
    const byLevel = ACCESS_LEVELS.map(() => [] as Parameters<typeof levelCell>[0]);
    for (const a of actions) {
      if (a.level < 0) continue;
      const request = { principal: p.arn, action: a.name, resource: STAR_COLUMN };
      const under = decideAnyContext(engine, { ...request, ...(context ? { context } : {}) });
      const redo = againContextOf(again, a.name);
      const d = redo
        ? reportedDecision(under, () =>
            decideAnyContext(engine, { ...request, ...(redo.context ? { context: redo.context } : {}) }),
          )
        : under;
      byLevel[a.level]!.push({
        action: a.name,
        access: d.access,
        conditions: d.conditions,
        grants: d.grants,
      });
    }
    return [byLevel.map(levelCell)];
  });
  const matrix = {
    levels: [...ACCESS_LEVELS],
    principals,
    resources: [{ arn: STAR_COLUMN, name: STAR_LABEL, kind: 'outside', source: undefined }],
    cells: cellsFromRows(rows),
    chains: {},
  } as unknown as Matrix;
  return { matrix, keyOf };
}
