// Sharding the access matrix across machines (CI job matrices): which rows shard I of N builds,
// the fingerprint that tells whether slices were built from the same inputs and assumptions, and
// the merge of the slices back into the matrix (and risk findings) one run would have built.
//
// Partition: the rows in matrix order (every model user, then every model role; or the
// `--principal` rows as resolved) are dealt round-robin: row r goes to shard `r mod N + 1`, so
// each shard gets users and roles alike (cheap and expensive rows spread evenly). Rows are
// independent (a cell depends on its principal and resource only), so the merge only puts the
// rows back in order; chains are keyed by row index, re-keyed from shard to merged. Risk findings
// are per principal (administrator-equivalent, wildcards, iam:PassRole, escalation: each shard
// reports its own rows') or about the whole model (public and cross-account access, federated
// trusts: every shard reports them alike, as a per-principal kind's finding on a subject that is no
// row, an outside escalation through a role outside the inputs); the merge keeps the review's order (by kind, then by
// row) and the model-wide ones once.

import { createHash } from 'node:crypto';
import type { Model } from '../../model/types.js';
import { RISK_KIND_ORDER } from '../risks.js';
import type { Matrix, MatrixCell, MatrixPrincipal, RiskFinding } from '../types.js';
import { cellsFromRows } from './cell-store.js';

export interface ShardSpec {
  /** 1-based shard number. */
  index: number;
  /** Number of shards. */
  count: number;
}

/** What a shard records about itself in its JSON (`shard`), for the merge. */
export interface ShardInfo extends ShardSpec {
  /** Row indexes of the unsharded matrix this shard holds, in order. */
  rows: number[];
  /** Rows of the unsharded matrix. */
  total: number;
  /** `matrixFingerprint` of the inputs and options the shard was built from. */
  fingerprint: string;
}

/** Parses `I/N` (1 <= I <= N); undefined when malformed. */
export function parseShardSpec(text: string): ShardSpec | undefined {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!m) return undefined;
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (!Number.isSafeInteger(count) || count < 1 || index < 1 || index > count) return undefined;
  return { index, count };
}

/** Row indexes (of `total` rows) that shard `spec` builds: round-robin, see the module comment. */
export function shardRows(total: number, spec: ShardSpec): number[] {
  const out: number[] = [];
  for (let r = spec.index - 1; r < total; r += spec.count) out.push(r);
  return out;
}

/**
 * A digest of the model and of what else decides the cells (the options: rows, columns, pinned
 * context, assumptions, the iamspec version). Two shards with the same fingerprint were built
 * from the same inputs the same way. The model is hashed element by element (JSON), so no one
 * string holds the whole model.
 */
export function matrixFingerprint(model: Model, options: unknown): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify(options ?? null));
  for (const [key, value] of Object.entries(model)) {
    hash.update(`\n${key}:`);
    if (Array.isArray(value)) for (const element of value) hash.update(`${JSON.stringify(element)}\n`);
    else hash.update(JSON.stringify(value) ?? 'undefined');
  }
  return hash.digest('hex');
}

/** What a shard file records besides the matrix (the `shard` object of its JSON). */
export interface ShardRecord extends ShardInfo {
  /** The inputs the shard was built from (for the merged html review's header). */
  inputs: string[];
}

/** A parsed shard: its matrix, risk findings (if recorded) and shard description. */
export interface MatrixShard {
  /** Where it came from (a file name), for error messages. */
  name: string;
  matrix: Matrix;
  risks: RiskFinding[] | undefined;
  shard: ShardInfo;
}

/** Shards that cannot be merged: missing, repeated or built from different inputs. */
export class ShardMergeError extends Error {}

/** Risk kinds about one principal (the rest are about the model: reported by every shard). */
const PER_PRINCIPAL: ReadonlySet<RiskFinding['kind']> = new Set([
  'admin-equivalent',
  'wildcard-action',
  'wildcard-resource',
  'passrole-wildcard',
  'privilege-escalation',
  'outside-escalation',
]);

/**
 * The matrix and risks of the unsharded run, from all N shards of one run (in any order). Throws
 * ShardMergeError when a shard is missing or given twice, or the shards differ in fingerprint,
 * shard count, row count or columns.
 */
export function mergeShards(shards: readonly MatrixShard[]): {
  matrix: Matrix;
  risks: RiskFinding[] | undefined;
} {
  if (!shards.length) throw new ShardMergeError('no shards to merge');
  const first = shards[0]!;
  const count = first.shard.count;
  const bySlot: (MatrixShard | undefined)[] = Array.from({ length: count }, () => undefined);
  for (const s of shards) {
    const i = s.shard;
    if (i.fingerprint !== first.shard.fingerprint)
      throw new ShardMergeError(
        `${s.name} was built from other inputs or options than ${first.name} (fingerprints ${i.fingerprint.slice(0, 12)} and ${first.shard.fingerprint.slice(0, 12)})`,
      );
    if (i.count !== count || i.total !== first.shard.total)
      throw new ShardMergeError(
        `${s.name} is shard ${i.index}/${i.count} of ${i.total} rows; ${first.name} is ${first.shard.index}/${count} of ${first.shard.total}`,
      );
    const prev = bySlot[i.index - 1];
    if (prev)
      throw new ShardMergeError(`shard ${i.index}/${count} is given twice: ${prev.name} and ${s.name}`);
    const expected = shardRows(i.total, i);
    if (
      i.rows.length !== expected.length ||
      i.rows.some((r, k) => r !== expected[k]) ||
      s.matrix.principals.length !== expected.length ||
      s.matrix.cells.length !== expected.length
    )
      throw new ShardMergeError(`${s.name}: its rows are not those of shard ${i.index}/${count}`);
    if (JSON.stringify(s.matrix.resources) !== JSON.stringify(first.matrix.resources))
      throw new ShardMergeError(`${s.name} has other columns than ${first.name}`);
    if ((s.risks === undefined) !== (first.risks === undefined))
      throw new ShardMergeError(`${s.name} and ${first.name}: only one records risk findings`);
    bySlot[i.index - 1] = s;
  }
  const missing = bySlot.flatMap((s, i) => (s ? [] : [`${i + 1}/${count}`]));
  if (missing.length)
    throw new ShardMergeError(`missing shard${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`);
  const slots = bySlot as MatrixShard[];

  const total = first.shard.total;
  const principals = new Array<MatrixPrincipal>(total);
  const cells = new Array<MatrixCell[][]>(total);
  const chains: Matrix['chains'] = {};
  for (const s of slots) {
    s.shard.rows.forEach((r, k) => {
      principals[r] = s.matrix.principals[k]!;
      cells[r] = s.matrix.cells.row(k);
    });
    for (const [k, v] of Object.entries(s.matrix.chains)) chains[s.shard.rows[Number(k)]!] = v;
  }
  // Chains in row order, as buildMatrix inserts them.
  const orderedChains: Matrix['chains'] = {};
  for (const k of Object.keys(chains)
    .map(Number)
    .sort((a, b) => a - b))
    orderedChains[k] = chains[k]!;
  const matrix: Matrix = {
    levels: first.matrix.levels,
    principals,
    resources: first.matrix.resources,
    cells: cellsFromRows(cells),
    chains: orderedChains,
    ...(first.matrix.assumed ? { assumed: first.matrix.assumed } : {}),
  };
  return { matrix, risks: first.risks && mergeRisks(slots, principals) };
}

/** The review's risk findings of the whole matrix from the shards' (see the module comment). */
function mergeRisks(slots: readonly MatrixShard[], principals: readonly MatrixPrincipal[]): RiskFinding[] {
  const rowOf = new Map<string, number>();
  principals.forEach((p, i) => {
    if (!rowOf.has(p.arn)) rowOf.set(p.arn, i);
  });
  const out: RiskFinding[] = [];
  for (const kind of RISK_KIND_ORDER) {
    if (!PER_PRINCIPAL.has(kind)) {
      out.push(...(slots[0]!.risks ?? []).filter((f) => f.kind === kind));
      continue;
    }
    const found: { row: number; seq: number; f: RiskFinding }[] = [];
    for (const [i, s] of slots.entries())
      for (const f of s.risks ?? []) {
        if (f.kind !== kind) continue;
        const row = rowOf.get(f.subject) ?? -1;
        // a subject no shard holds (a role outside the inputs that a function runs as,
        // risk-outside-escalation.ts): every shard reports it alike, kept once
        if (row === -1 && i > 0) continue;
        found.push({ row, seq: found.length, f });
      }
    found.sort((a, b) => a.row - b.row || a.seq - b.seq);
    for (const x of found) out.push(x.f);
  }
  return out;
}
