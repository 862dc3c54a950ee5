// Reading the JSON files of `iamspec matrix --shard I/N --format json` and merging them (the
// partition and the merge itself are src/analysis/matrix/shards.ts): each file is an access snapshot (the
// matrix JSON) with a `shard` object saying which rows of which run it holds. Errors name the
// file; shards that cannot be merged (missing, repeated, from other inputs) are input errors.

import { readFileSync } from 'node:fs';
import { type DependencyRecord, mergeDependencyRecords } from '../analysis/diff/dependency-record.js';
import type { MembershipRecord } from '../analysis/diff/memberships.js';
import type { OutsideWitnessRecord } from '../analysis/diff/outside-compare.js';
import type { SnapshotOptions } from '../analysis/diff/snapshot-options.js';
import type { SnapshotScope } from '../analysis/diff/snapshot-scope.js';
import { accessSnapshotOf, readJsonFile } from '../analysis/diff/snapshot.js';
import {
  type MatrixShard,
  mergeShards,
  ShardMergeError,
  type ShardRecord,
} from '../analysis/matrix/shards.js';
import type { Matrix, OutsideRows, RiskFinding } from '../analysis/types.js';
import type { RequestContext } from '../engine/types.js';
import { InputError } from '../model/input-error.js';
import type { OutsideGrantRecord } from '../report/matrix-json.js';
import type { JsonWarning } from '../report/warnings.js';
import type { SpecWarning } from '../spec/types.js';

/** A merged run: the matrix, its risk findings, the warnings about the inputs, the inputs. */
export interface MergedShards {
  matrix: Matrix;
  risks: RiskFinding[] | undefined;
  warnings: SpecWarning[] | undefined;
  inputs: string[];
  /** The principals outside the rows, as the first shard records them (OutsideRows). */
  outside?: OutsideRows;
  /** The statements allowing access outside the inputs, as the first shard records them. */
  outsideGrants?: OutsideGrantRecord[];
  outsideWitnesses?: OutsideWitnessRecord;
  /** The `--principal / --resource` scope and the users' memberships, as the first shard records them. */
  scope?: SnapshotScope;
  /** The request context `--context` pinned, as the first shard records it. */
  context?: RequestContext;
  memberships?: MembershipRecord;
  /** What the indeterminate cells and chains depend on: every shard's joined. */
  dependencies?: DependencyRecord;
  /** The options that decide its rows and ARNs (diff/snapshot-options.ts), as the shards record them. */
  options?: SnapshotOptions;
}

function isShardRecord(v: unknown): v is ShardRecord {
  if (typeof v !== 'object' || v === null) return false;
  const s = v as Record<string, unknown>;
  return (
    Number.isSafeInteger(s.index) &&
    Number.isSafeInteger(s.count) &&
    Number.isSafeInteger(s.total) &&
    typeof s.fingerprint === 'string' &&
    Array.isArray(s.rows) &&
    s.rows.every((r) => Number.isSafeInteger(r)) &&
    Array.isArray(s.inputs) &&
    s.inputs.every((i) => typeof i === 'string')
  );
}

/** Whether a parsed JSON value is a matrix shard (has a `shard` object). */
export function isMatrixShard(value: unknown): boolean {
  return typeof value === 'object' && value !== null && 'shard' in value;
}

/** Whether a file is a matrix shard (a JSON file with a `shard` object); false when unreadable. */
export function isMatrixShardFile(file: string): boolean {
  if (!/\.json$/i.test(file)) return false;
  try {
    return isMatrixShard(JSON.parse(readFileSync(file, 'utf8')));
  } catch {
    return false;
  }
}

/** A warning about the inputs as the matrix JSON writes it, back as a SpecWarning. */
function specWarningOf(w: JsonWarning): SpecWarning {
  return {
    code: w.code,
    severity: w.severity,
    message: w.message,
    candidates: [],
    ...(w.source ? { source: w.source } : {}),
  };
}

/** Reads and merges shard files (any order); InputError when one is unreadable or they do not fit. */
export function mergeShardFiles(files: readonly string[]): MergedShards {
  const shards: (MatrixShard & {
    warnings: JsonWarning[] | undefined;
    inputs: string[];
    outside?: OutsideRows;
    outsideGrants?: OutsideGrantRecord[];
    outsideWitnesses?: OutsideWitnessRecord;
    scope?: SnapshotScope;
    context?: RequestContext;
    memberships?: MembershipRecord;
    dependencies?: DependencyRecord;
    options?: SnapshotOptions;
  })[] = [];
  for (const file of files) {
    const value = readJsonFile(file);
    const snapshot = accessSnapshotOf(value, file);
    const record = (value as { shard?: unknown }).shard;
    if (!isShardRecord(record))
      throw new InputError(
        'not a matrix shard: written by iamspec matrix --shard I/N --format json (a "shard" object with index, count, total, rows, fingerprint and inputs)',
        { file },
      );
    const warnings = (value as { warnings?: JsonWarning[] }).warnings;
    const matrix: Matrix = {
      levels: snapshot.levels,
      principals: snapshot.principals,
      resources: snapshot.resources,
      cells: snapshot.cells,
      chains: snapshot.chains,
      ...(snapshot.assumed ? { assumed: snapshot.assumed } : {}),
    };
    shards.push({
      name: file,
      matrix,
      risks: snapshot.risks,
      shard: record,
      warnings,
      inputs: record.inputs,
      ...(snapshot.outside ? { outside: snapshot.outside } : {}),
      ...(snapshot.outsideGrants ? { outsideGrants: snapshot.outsideGrants } : {}),
      ...(snapshot.outsideWitnesses ? { outsideWitnesses: snapshot.outsideWitnesses } : {}),
      ...(snapshot.scope ? { scope: snapshot.scope } : {}),
      ...(snapshot.context ? { context: snapshot.context } : {}),
      ...(snapshot.memberships ? { memberships: snapshot.memberships } : {}),
      ...(snapshot.dependencies ? { dependencies: snapshot.dependencies } : {}),
      ...(snapshot.options ? { options: snapshot.options } : {}),
    });
  }
  try {
    const { matrix, risks } = mergeShards(shards);
    const first = shards[0]!;
    // The first shard records the outside rows (`iamspec matrix --shard 1/N`).
    const firstShard = shards.find((s) => s.shard.index === 1);
    const outside = firstShard?.outside;
    const outsideGrants = firstShard?.outsideGrants;
    const outsideWitnesses = firstShard?.outsideWitnesses;
    const scope = firstShard?.scope;
    const context = firstShard?.context;
    const memberships = firstShard?.memberships;
    // The shards of one run share their options (the first's, like the other records).
    const options = first.options;
    const dependencies = mergeDependencyRecords(shards.map((s) => s.dependencies));
    return {
      ...(dependencies ? { dependencies } : {}),
      ...(scope ? { scope } : {}),
      ...(context ? { context } : {}),
      ...(memberships ? { memberships } : {}),
      ...(options ? { options } : {}),
      ...(outside ? { outside } : {}),
      ...(outsideGrants ? { outsideGrants } : {}),
      ...(outsideWitnesses ? { outsideWitnesses } : {}),
      matrix,
      risks,
      warnings: first.warnings?.map(specWarningOf),
      inputs: first.inputs,
    };
  } catch (e) {
    if (e instanceof ShardMergeError)
      throw new InputError(`cannot merge the shards: ${e.message}`, {}, { cause: e });
    throw e;
  }
}
