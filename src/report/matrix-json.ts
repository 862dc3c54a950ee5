// The JSON rendering of an access matrix: the Matrix contract of src/analysis/types.ts as is
// (levels, principals, resources, cells[principal][resource][level] with actions, conditions
// and grants with their sources, role chains by principal index), the access review's risk
// findings and the warnings about the inputs when given. Written by `iamspec matrix --format
// json`, it is also an access snapshot: the base `iamspec diff --base access.json` compares a new
// state against. A shard (`iamspec matrix --shard I/N`) adds a `shard` object: which rows of
// which run it holds (src/cli/shard-files.ts merges shards). `outside` (when given): the rows of
// the principals outside the matrix's rows (`OutsideRows`), what a snapshot diff compares them by;
// `outsideGrants`: the statements allowing access to resources outside the inputs (outside-grants.ts),
// by principal and identifying text, what a snapshot diff compares the new state's against;
// `outsideWitnesses`: their principals' cells on witness columns (diff/outside-compare.ts);
// `scope`: the rows / columns of `--principal / --resource` (diff/snapshot-scope.ts);
// `memberships`: each user's group memberships with their sources (diff/memberships.ts);
// `dependencies`: digests of what its indeterminate cells and chains depend on
// (diff/dependency-record.ts). The rows
// of the open-account stand-ins carry `openAccount` (kind, account, label, reason) too.
// `reasons` (when some cell is indeterminate): what makes indeterminate cells so (kind, words,
// evaluation step, policy, statement, source), each once; a level's `reasons` are numbers in it
// (analysis/matrix/cell-reasons.ts), the cells of `outside` and `outsideWitnesses` included.

/** An outside grant as an access snapshot records it. */
/**
 * An outside grant as a snapshot records it, with `context`: the digest of what else decides its
 * access outside the inputs (analysis/diff/outside-context.ts; absent from older snapshots).
 */
export type OutsideGrantRecord = Pick<OutsideGrant, 'principal' | 'key'> & { context?: string };

import type { DependencyRecord } from '../analysis/diff/dependency-record.js';
import type { MembershipRecord } from '../analysis/diff/memberships.js';
import type { OutsideWitnessRecord } from '../analysis/diff/outside-compare.js';
import type { SnapshotOptions } from '../analysis/diff/snapshot-options.js';
import type { SnapshotScope } from '../analysis/diff/snapshot-scope.js';
import { ReasonNumbering } from '../analysis/matrix/cell-reasons.js';
import type { ShardRecord } from '../analysis/matrix/shards.js';
import type { OutsideGrant } from '../analysis/outside-grants.js';
import type { Matrix, MatrixPrincipal, MatrixReason, OutsideRows, RiskFinding } from '../analysis/types.js';
import type { RequestContext } from '../engine/types.js';
import { openAccountFields } from '../model/open-accounts.js';
import type { SpecWarning } from '../spec/types.js';
import { type JsonWarning, jsonWarning } from './warnings.js';

/** What else an access snapshot records (optional fields; older snapshots have none). */
export interface SnapshotExtras {
  scope?: SnapshotScope;
  /**
   * The request context `matrix --context` pinned: the cells hold under it only, so `diff --base`
   * refuses such a snapshot (diff/snapshot.ts `readAccessSnapshot`).
   */
  context?: RequestContext;
  memberships?: MembershipRecord;
  dependencies?: DependencyRecord;
  /** The options that decide its rows and ARNs (diff/snapshot-options.ts), checked by `diff --base`. */
  options?: SnapshotOptions;
}

/**
 * The rows as they are, with `openAccount` (kind, account, label, reason) added to the rows of
 * the open-account stand-ins; the same array when there are none (the default mode).
 */
function withOpenAccountFields(principals: MatrixPrincipal[]): MatrixPrincipal[] {
  if (!principals.some((p) => openAccountFields(p.arn))) return principals;
  return principals.map((p) => {
    const open = openAccountFields(p.arn);
    return open ? { ...p, openAccount: open } : p;
  });
}

/**
 * Renders a matrix as JSON (2-space indentation, trailing newline), with its risk findings and
 * the warnings about the inputs (`warnings`: what iamspec could not pin down) when given, and
 * what rows of which run it holds when it is a shard.
 */
export function formatMatrixJson(
  matrix: Matrix,
  risks?: RiskFinding[],
  warnings?: readonly SpecWarning[],
  shard?: ShardRecord,
  outside?: OutsideRows,
  outsideGrants?: OutsideGrantRecord[],
  outsideWitnesses?: OutsideWitnessRecord,
  extras: SnapshotExtras = {},
): string {
  // The reasons numbered in the order the JSON writes the cells.
  const numbering = new ReasonNumbering();
  const cells = numbering.cells(matrix.cells) as unknown as Matrix['cells'];
  const outsideOut: OutsideRows | undefined = outside && {
    ...outside,
    cells: numbering.cells(outside.cells) as unknown as OutsideRows['cells'],
  };
  const witnessesOut: OutsideWitnessRecord | undefined = outsideWitnesses && {
    ...outsideWitnesses,
    cells: numbering.cells(outsideWitnesses.cells) as unknown as OutsideWitnessRecord['cells'],
    ...(outsideWitnesses.star
      ? {
          star: {
            ...outsideWitnesses.star,
            cells: numbering.cells(outsideWitnesses.star.cells) as unknown as OutsideWitnessRecord['cells'],
          },
        }
      : {}),
  };
  const out: Matrix & {
    risks?: RiskFinding[];
    warnings?: JsonWarning[];
    shard?: ShardRecord;
    outside?: OutsideRows;
    outsideGrants?: OutsideGrantRecord[];
    outsideWitnesses?: OutsideWitnessRecord;
    reasons?: MatrixReason[];
  } & SnapshotExtras = {
    levels: matrix.levels,
    principals: withOpenAccountFields(matrix.principals),
    resources: matrix.resources,
    cells,
    chains: matrix.chains,
    ...(risks ? { risks } : {}),
    ...(matrix.assumed ? { assumed: matrix.assumed } : {}),
    ...(warnings ? { warnings: warnings.map(jsonWarning) } : {}),
    ...(shard ? { shard } : {}),
    ...(outsideOut ? { outside: outsideOut } : {}),
    ...(outsideGrants ? { outsideGrants } : {}),
    ...(witnessesOut ? { outsideWitnesses: witnessesOut } : {}),
    ...(extras.context && Object.keys(extras.context).length ? { context: extras.context } : {}),
    ...(extras.scope ? { scope: extras.scope } : {}),
    ...(extras.memberships ? { memberships: extras.memberships } : {}),
    ...(extras.dependencies ? { dependencies: extras.dependencies } : {}),
    ...(extras.options ? { options: extras.options } : {}),
    ...(numbering.table.length ? { reasons: numbering.table } : {}),
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}
