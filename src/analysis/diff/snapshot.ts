// Access snapshots: the matrix JSON `iamspec matrix --format json --out access.json` writes (the
// Matrix contract of types.ts, with the risk findings when recorded), read back as the base of an
// access diff, so a team can keep its approved access in the repository and diff against it.
// Reading checks the shape (levels, principals, resources, cells of that many rows and columns)
// and says what is wrong with the file's name; the cells are taken as written (`cellsFromRows`).
// `outside` (optional: older snapshots do not have it) records the principals outside the rows;
// `outsideGrants` (optional too) the statements allowing access to resources outside the inputs,
// `outsideWitnesses` (optional) their principals' cells on witness columns (diff/outside-compare.ts).
// `scope` (optional) the rows / columns of `matrix --principal / --resource` (snapshot-scope.ts);
// `memberships` (optional) each user's group memberships with their sources (memberships.ts).
// `dependencies` (optional) digests of what its indeterminate cells and chains depend on
// (dependency-record.ts; without it, each one indeterminate on both sides may have changed).
// `reasons` (optional) what makes indeterminate cells so, which cells name by number: read back
// into the cells (matrix/cell-reasons.ts).

import { readFileSync } from 'node:fs';
import { InputError } from '../../model/input-error.js';
import { resolveMatrixJsonReasons } from '../matrix/cell-reasons.js';
import { cellsFromRows } from '../matrix/cell-store.js';
import type { RequestContext } from '../../engine/types.js';
import type { MatrixCell, MatrixCells, MatrixJson, OutsideRows } from '../types.js';
import type { AccessSnapshot } from './access-diff.js';
import { dependencyRecordFrom } from './dependency-record.js';
import { membershipRecordOf } from './memberships.js';
import type { OutsideWitnessRecord } from './outside-compare.js';
import { incompatibleOptions, type SnapshotOptions, snapshotOptionsFrom } from './snapshot-options.js';
import { scopeOf } from './snapshot-scope.js';

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Does a parsed JSON value look like an access snapshot (rather than a template or a plan)? */
export function isAccessSnapshot(value: unknown): boolean {
  return (
    isRecord(value) &&
    Array.isArray(value.levels) &&
    Array.isArray(value.principals) &&
    Array.isArray(value.resources) &&
    Array.isArray(value.cells)
  );
}

/** Checks a parsed snapshot's shape; throws InputError naming `file` and what is wrong. */
export function accessSnapshotOf(value: unknown, file: string): AccessSnapshot & { cells: MatrixCells } {
  const fail = (why: string): never => {
    throw new InputError(`not an access snapshot (iamspec matrix --format json): ${why}`, { file });
  };
  if (!isAccessSnapshot(value)) return fail('expected "levels", "principals", "resources" and "cells"');
  const v = value as unknown as MatrixJson & { risks?: AccessSnapshot['risks'] };
  if (!v.principals.every((p) => isRecord(p) && typeof p.arn === 'string'))
    fail('every principal needs an "arn"');
  if (!v.resources.every((r) => isRecord(r) && typeof r.arn === 'string'))
    fail('every resource needs an "arn"');
  if (v.cells.length !== v.principals.length) fail('"cells" needs one row per principal');
  const checkRow = (row: unknown, name: string) => {
    if (!Array.isArray(row) || row.length !== v.resources.length)
      fail(`${name} needs one entry per resource`);
    for (const levels of row as unknown[])
      if (
        !Array.isArray(levels) ||
        !levels.every((c) => isRecord(c) && typeof c.access === 'string' && Array.isArray(c.actions))
      )
        fail(`${name}: every cell is a list of levels with "access" and "actions"`);
  };
  v.cells.forEach((row, i) => {
    checkRow(row, `row ${i} of "cells"`);
  });
  // The cells' reasons: numbers in the `reasons` table, read back as the reasons themselves.
  resolveMatrixJsonReasons(value, fail);
  if (v.chains !== undefined && !isRecord(v.chains)) fail('"chains" is an object by principal index');
  if (v.risks !== undefined && !Array.isArray(v.risks)) fail('"risks" is a list of findings');
  const outside = (value as { outside?: unknown }).outside;
  let outsideRows: OutsideRows | undefined;
  if (outside !== undefined) {
    const o = outside as { principals?: unknown; cells?: unknown; chains?: unknown };
    if (!isRecord(outside) || !Array.isArray(o.principals) || !Array.isArray(o.cells))
      return fail('"outside" needs "principals" and "cells"');
    const principals = o.principals as unknown[];
    const rows = o.cells as unknown[];
    if (!principals.every((p) => isRecord(p) && typeof p.arn === 'string'))
      fail('every principal of "outside" needs an "arn"');
    if (rows.length !== principals.length) fail('"outside.cells" needs one row per principal');
    rows.forEach((row, i) => {
      checkRow(row, `row ${i} of "outside.cells"`);
    });
    if (o.chains !== undefined && !isRecord(o.chains)) fail('"outside.chains" is an object by row index');
    outsideRows = {
      principals: principals as OutsideRows['principals'],
      cells: cellsFromRows(rows as MatrixCell[][][]),
      chains: (o.chains ?? {}) as OutsideRows['chains'],
    };
  }
  checkOutsideGrants((value as { outsideGrants?: unknown }).outsideGrants, fail);
  const witnessRecord = witnessRecordOf((value as { outsideWitnesses?: unknown }).outsideWitnesses, fail);
  const context = (value as { context?: unknown }).context;
  if (context !== undefined && !isRecord(context)) fail('"context" is an object of context keys');
  const scope = scopeOf((value as { scope?: unknown }).scope, fail);
  const memberships = membershipRecordOf((value as { memberships?: unknown }).memberships, fail);
  const dependencies = dependencyRecordFrom((value as { dependencies?: unknown }).dependencies, fail);
  const options = snapshotOptionsFrom((value as { options?: unknown }).options, fail);
  return {
    ...v,
    cells: cellsFromRows(v.cells),
    chains: v.chains ?? {},
    ...(outsideRows ? { outside: outsideRows } : {}),
    ...(witnessRecord ? { outsideWitnesses: witnessRecord } : {}),
    ...(scope ? { scope } : {}),
    ...(context ? { context: context as RequestContext } : {}),
    ...(memberships ? { memberships } : {}),
    ...(dependencies ? { dependencies } : {}),
    ...(options ? { options } : {}),
  };
}

/** Checks a snapshot's `outsideGrants` list (absent is fine). */
function checkOutsideGrants(grants: unknown, fail: (why: string) => never): void {
  if (grants === undefined) return;
  const ok =
    Array.isArray(grants) &&
    grants.every(
      (g) =>
        isRecord(g) &&
        typeof g.principal === 'string' &&
        typeof g.key === 'string' &&
        (g.context === undefined || typeof g.context === 'string'),
    );
  if (!ok) fail('"outsideGrants" is a list of { "principal", "key", "context"? }');
}

/** The `outsideWitnesses` record of a snapshot, checked (undefined when absent). */
function witnessRecordOf(witnesses: unknown, fail: (why: string) => never): OutsideWitnessRecord | undefined {
  if (witnesses === undefined) return undefined;
  const w = witnesses as Partial<Record<keyof OutsideWitnessRecord, unknown>>;
  if (
    !isRecord(witnesses) ||
    !Array.isArray(w.resources) ||
    !w.resources.every((r) => isRecord(r) && typeof r.arn === 'string' && typeof r.format === 'string') ||
    !Array.isArray(w.principals) ||
    !w.principals.every((p) => isRecord(p) && typeof p.arn === 'string') ||
    !Array.isArray(w.cells) ||
    w.cells.length !== w.principals.length ||
    typeof w.complete !== 'boolean'
  )
    return fail(
      '"outsideWitnesses" needs "resources" ({ "arn", "format" }), "principals", "cells" (one row per principal) and "complete"',
    );
  (w.cells as unknown[]).forEach((row, i) => {
    if (!Array.isArray(row) || row.length !== (w.resources as unknown[]).length)
      fail(`row ${i} of "outsideWitnesses.cells" needs one entry per witness`);
  });
  const star = w.star as { actions?: unknown; cells?: unknown } | undefined;
  if (
    star !== undefined &&
    !(
      isRecord(star) &&
      Array.isArray(star.actions) &&
      star.actions.every((a) => typeof a === 'string') &&
      Array.isArray(star.cells) &&
      star.cells.length === w.principals.length &&
      star.cells.every((row) => Array.isArray(row) && row.length === 1)
    )
  )
    fail('"outsideWitnesses.star" needs "actions" and "cells" (one row of one cell per principal)');
  if (
    w.leftOut !== undefined &&
    !(
      Array.isArray(w.leftOut) &&
      w.leftOut.every((r) => isRecord(r) && typeof r.arn === 'string' && typeof r.format === 'string')
    )
  )
    fail('"outsideWitnesses.leftOut" needs a list of { "arn", "format" }');
  // In the order `outsideWitnessRecord` writes them (merged shards write what one run writes).
  return {
    resources: w.resources as OutsideWitnessRecord['resources'],
    complete: w.complete,
    ...(w.leftOut ? { leftOut: w.leftOut as OutsideWitnessRecord['leftOut'] } : {}),
    principals: w.principals as OutsideWitnessRecord['principals'],
    cells: cellsFromRows(w.cells as MatrixCell[][][]),
    ...(star
      ? { star: { actions: star.actions as string[], cells: cellsFromRows(star.cells as MatrixCell[][][]) } }
      : {}),
  };
}

/**
 * Reads an access snapshot file as the base of a diff run with `run` (its options record,
 * snapshot-options.ts), refused when it is none (`checkSnapshotBase`).
 */
export function readAccessSnapshot(
  file: string,
  run: SnapshotOptions,
): AccessSnapshot & { cells: MatrixCells } {
  const snapshot = accessSnapshotOf(readJsonFile(file), file);
  checkSnapshotBase(snapshot, run, file);
  return snapshot;
}

/**
 * Refuses a snapshot (or merged shards) that is no base for a diff run with `run`: written with
 * matrix --context, or with other options that decide its rows and ARNs (snapshot-options.ts).
 */
export function checkSnapshotBase(
  snapshot: Pick<AccessSnapshot, 'context' | 'options'>,
  run: SnapshotOptions,
  file?: string,
): void {
  // Its cells hold under the pinned context only, the new state's are decided under every
  // context: comparing them would take access the context hid for no change.
  if (snapshot.context && Object.keys(snapshot.context).length)
    throw new InputError(
      `the access snapshot was written with matrix --context (${Object.keys(snapshot.context).sort().join(', ')}): its cells hold under that request context only, while the diff decides every request context; write it again without --context`,
      file ? { file } : {},
    );
  const why = incompatibleOptions(snapshot.options, run);
  if (why) throw new InputError(why, file ? { file } : {});
}

/** Reads and parses a JSON file; InputError naming the file when it cannot. */
export function readJsonFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError(`cannot read the file: ${(e as Error).message}`, { file });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new InputError(`invalid JSON: ${(e as Error).message}`, { file });
  }
  return value;
}

/** Whether a file is an access snapshot (a JSON file of that shape); false when unreadable. */
export function isAccessSnapshotFile(file: string): boolean {
  if (!/\.json$/i.test(file)) return false;
  try {
    return isAccessSnapshot(JSON.parse(readFileSync(file, 'utf8')));
  } catch {
    return false;
  }
}
