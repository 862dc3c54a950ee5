// Why a matrix cell is indeterminate (analysis/matrix/cell-reasons.ts, `MatrixCell.reasons`): an
// indeterminate cell from an unknown bucket policy, from a statement that might not exist and from
// a condition comparing an unknown value each carries its own reason (kind, words, the source of
// the unknown) in the matrix, its JSON (a `reasons` table, cells naming numbers in it, read back
// by snapshots), CSV, text, Markdown and the HTML review; the matrix built in worker threads and
// the merged shards carry the same reasons as one run. Allow, conditional and deny cells carry none.
//
// The rule behind the three verdicts (a value the inputs leave unknown makes every decision that
// depends on it indeterminate) is DESIGN.md "Semantics"; the engine's own tests quote AWS for each
// (test/analysis-presence.test.ts, test/engine-unknowns.test.ts). This file checks only that the
// matrix says which unknown it was.

import { describe, expect, it } from 'vitest';
import { reasonsOfRequest } from '../src/analysis/decision-reasons.js';
import { accessSnapshotOf } from '../src/analysis/diff/snapshot.js';
import { buildMatrix } from '../src/analysis/matrix/build.js';
import { type MatrixShard, mergeShards, shardRows } from '../src/analysis/matrix/shards.js';
import { buildMatrixParallel } from '../src/analysis/matrix/workers.js';
import type { Matrix, MatrixCell, MatrixReason } from '../src/analysis/types.js';
import { compileModel } from '../src/engine/index.js';
import { decodeReviewCell, readReviewData, reviewData } from '../src/report/html/review-data.js';
import { renderAccessReview } from '../src/report/html/access-review.js';
import { formatMatrixCsv, MATRIX_CSV_COLUMNS } from '../src/report/matrix-csv.js';
import { formatMatrixJson } from '../src/report/matrix-json.js';
import { formatMatrixMarkdown } from '../src/report/matrix-markdown.js';
import { formatMatrixText } from '../src/report/matrix-text.js';
import { cellReasonsModel, UNKNOWN_AT } from './helpers/cell-reasons-model.js';

const model = cellReasonsModel();
const engine = compileModel(model);
const matrix = buildMatrix(engine);

const row = (m: Matrix, name: string) => m.principals.findIndex((p) => p.name === name);
const col = (m: Matrix, bucket: string) => m.resources.findIndex((r) => r.arn === `arn:aws:s3:::${bucket}`);
const READ = 1;
const level = (m: Matrix, user: string, bucket: string, l = READ): MatrixCell =>
  m.cells.at(row(m, user), col(m, bucket))[l]!;

/** The three cells and the reason each must carry. */
const CASES = [
  {
    name: 'an unknown bucket policy',
    user: 'bob',
    bucket: 'vault',
    kind: 'unknown-policy',
    text: 'policy content is unknown: aws_s3_bucket_policy.vault.policy is known only after apply',
    source: UNKNOWN_AT.vaultPolicy,
    csv: 'policy content is unknown',
    // the kind's words (the HTML mark), which the reason line leaves out when the text says them
    why: 'policy content unknown',
    where: 'main.tf:40 (aws_s3_bucket_policy.vault)',
  },
  {
    name: 'a statement that might not exist',
    user: 'ann',
    bucket: 'hr',
    kind: 'maybe-present',
    text: 'Allow might apply: it might not exist (count = var.enable_hr ? 1 : 0 is known only after apply)',
    source: UNKNOWN_AT.annStatement,
    csv: 'statement might not exist: Allow might apply',
    where: 'main.tf:12 (aws_iam_user_policy.ann)',
  },
  {
    name: 'a condition comparing an unknown value',
    user: 'bob',
    bucket: 'logs',
    kind: 'unknown-condition',
    text: 'Allow might apply: its condition depends on an unknown value (var.logs_account is known only after apply)',
    source: UNKNOWN_AT.bobAccount,
    csv: 'condition value unknown: Allow might apply',
    where: 'variables.tf:25 (var.logs_account)',
  },
] as const;

describe('the reasons of indeterminate matrix cells', () => {
  for (const c of CASES)
    it(`${c.name}: the cell names that unknown, its kind and where it is`, () => {
      const cell = level(matrix, c.user, c.bucket);
      expect(cell.access).toBe('indeterminate');
      expect(cell.reasons).toHaveLength(1);
      expect(cell.reasons![0]).toMatchObject({ kind: c.kind, text: c.text, source: c.source });
      // the same reason as the engine's trace of that request gives
      const arn = model.resources.find((r) => r.arn === `arn:aws:s3:::${c.bucket}`)!.arn;
      const principal = matrix.principals[row(matrix, c.user)]!.arn;
      expect(reasonsOfRequest(engine, { principal, action: 's3:GetObject', resource: `${arn}/x` })).toEqual(
        cell.reasons,
      );
    });

  it('statements: a reason about a statement names it and its own place too', () => {
    const r = level(matrix, 'bob', 'logs').reasons![0]!;
    expect(r).toMatchObject({ policy: 'inline policy bob-read of user bob', statement: 'Sid "LogsAccount"' });
    expect(r.statementSource).toMatchObject({ file: 'main.tf' });
  });

  it('allow, conditional and deny levels carry no reasons; reasons are shared objects', () => {
    for (let p = 0; p < matrix.principals.length; p++)
      for (let r = 0; r < matrix.resources.length; r++)
        for (const cell of matrix.cells.at(p, r))
          if (cell.access !== 'indeterminate' && !cell.actions.some((a) => a.access === 'indeterminate'))
            expect(cell.reasons).toBeUndefined();
    expect(level(matrix, 'ann', 'vault').reasons![0]).toBe(level(matrix, 'bob', 'vault').reasons![0]);
  });

  it("kinds are the engine's: each unknown entry of the traced decision says its kind", () => {
    for (const c of CASES) {
      const arn = `arn:aws:s3:::${c.bucket}/x`;
      const principal = matrix.principals[row(matrix, c.user)]!.arn;
      const d = engine.decide(
        { principal, action: 's3:GetObject', resource: arn },
        { conditions: 'optimistic', trace: true },
      );
      const unknown = d.trace!.filter((e) => e.outcome === 'unknown');
      expect(unknown.map((e) => e.kind)).toEqual([c.kind]);
      // no other entry has one
      expect(d.trace!.filter((e) => e.outcome !== 'unknown' && e.kind !== undefined)).toEqual([]);
    }
  });
});

describe('the reasons in the reports', () => {
  it('JSON: a reasons table, each cell naming numbers in it; read back as the reasons', () => {
    const text = formatMatrixJson(matrix);
    const json = JSON.parse(text) as { reasons: MatrixReason[]; cells: { reasons?: number[] }[][][] };
    expect(json.reasons.map((r) => r.kind).sort()).toEqual([
      'maybe-present',
      'unknown-condition',
      'unknown-policy',
    ]);
    for (const c of CASES) {
      const ids = json.cells[row(matrix, c.user)]![col(matrix, c.bucket)]![READ]!.reasons!;
      expect(ids.every((id) => typeof id === 'number')).toBe(true);
      expect(ids.map((id) => json.reasons[id])).toEqual([
        expect.objectContaining({ kind: c.kind, source: c.source }),
      ]);
    }
    // one number for one reason, whoever's cell
    expect(json.cells[row(matrix, 'ann')]![col(matrix, 'vault')]![READ]!.reasons).toEqual(
      json.cells[row(matrix, 'bob')]![col(matrix, 'vault')]![READ]!.reasons,
    );
    const snapshot = accessSnapshotOf(JSON.parse(text), 'access.json');
    for (const c of CASES)
      expect(snapshot.cells.at(row(matrix, c.user), col(matrix, c.bucket))[READ]!.reasons).toEqual(
        level(matrix, c.user, c.bucket).reasons,
      );
    // a snapshot that names a reason its table does not hold is an error
    const broken = JSON.parse(text);
    broken.reasons = [];
    expect(() => accessSnapshotOf(broken, 'access.json')).toThrow(/reason 0/);
  });

  it('JSON without indeterminate cells has no reasons table', () => {
    const m = buildMatrix(engine, {
      principals: [matrix.principals[row(matrix, 'ann')]!.arn],
      resources: ['arn:aws:s3:::logs'],
    });
    expect(m.cells.length).toBe(1);
    expect(JSON.parse(formatMatrixJson(m)).reasons).toBeUndefined();
  });

  it('CSV: a reasons column with the kind, the words and the source', () => {
    const csv = formatMatrixCsv(matrix).split('\r\n');
    expect(csv[0]!.split(',')).toEqual([...MATRIX_CSV_COLUMNS]);
    expect(MATRIX_CSV_COLUMNS.at(-1)).toBe('reasons');
    for (const c of CASES) {
      const line = csv.find(
        (l) =>
          l.startsWith(`user/${c.user},`) && l.includes(`arn:aws:s3:::${c.bucket},`) && l.includes(',Read,'),
      )!;
      expect(line).toContain(',indeterminate,');
      expect(line).toContain(c.csv);
      expect(line).toContain(c.where);
    }
    const allowed = csv.filter((l) => l.includes(',deny,'));
    expect(allowed.length).toBeGreaterThan(0);
    for (const l of allowed) expect(l.endsWith(',')).toBe(true);
  });

  it('text and Markdown: each indeterminate cell points to footnotes that say why', () => {
    const text = formatMatrixText(matrix);
    const why = text.slice(text.indexOf('Why (what each indeterminate cell depends on):'));
    for (const c of CASES) {
      const n = why.split('\n').findIndex((l) => l.includes(c.where));
      expect(n).toBeGreaterThan(0);
      expect(text).toContain(`user/${c.user} on ${c.bucket}, Read: (why: [${n}]`);
    }
    const md = formatMatrixMarkdown(matrix);
    expect(md).toContain('### Why indeterminate');
    for (const c of CASES) expect(md).toMatch(new RegExp(`\\n\\d+\\. ${c.csv.split(':')[0]}`));
    const bobRow = md.split('\n').find((l) => l.startsWith('| user/bob |'))!;
    expect(bobRow).toMatch(/Read \(indeterminate \[\d\]\)/);
  });

  it('HTML review: the opened cell lists the reasons, the mark names their kinds', () => {
    const { core, explain } = reviewData(matrix);
    for (const c of CASES) {
      const cell = decodeReviewCell(core, explain, row(matrix, c.user), col(matrix, c.bucket))[READ]!;
      expect(cell.access).toBe('indeterminate');
      expect(cell.reasons).toHaveLength(1);
      expect(cell.reasons![0]).toContain(c.csv);
      expect(cell.reasons![0]).toContain(c.where);
      expect(cell.why).toBe(('why' in c ? c.why : undefined) ?? c.csv.split(':')[0]);
    }
    const page = renderAccessReview({ matrix, risks: [], generatedAt: '2026-12-06T00:00:00Z' });
    const read = readReviewData(page);
    expect(
      decodeReviewCell(read.core, read.explain, row(matrix, 'ann'), col(matrix, 'hr'))[READ]!.reasons,
    ).toEqual(decodeReviewCell(core, explain, row(matrix, 'ann'), col(matrix, 'hr'))[READ]!.reasons);
    expect(page).toContain('Indeterminate because:');
  });
});

describe('the reasons built elsewhere are the reasons of one run', () => {
  it('worker threads: the same matrix, reasons included', async () => {
    const parallel = await buildMatrixParallel(model, { workers: 2, onFallback: (r) => expect.fail(r) });
    expect(formatMatrixJson(parallel)).toBe(formatMatrixJson(matrix));
    expect(level(parallel, 'bob', 'logs').reasons).toEqual(level(matrix, 'bob', 'logs').reasons);
  });

  for (const count of [2, 3])
    it(`merged shards (${count}, through their JSON files): the same JSON, reasons included`, () => {
      const rows = matrix.principals.map((p) => p.arn);
      const shards: MatrixShard[] = [];
      for (let index = count; index >= 1; index--) {
        const mine = shardRows(rows.length, { index, count });
        const m = buildMatrix(compileModel(model), { principals: mine.map((r) => rows[r]!) });
        const read = accessSnapshotOf(JSON.parse(formatMatrixJson(m)), `shard-${index}.json`);
        shards.push({
          name: `shard-${index}.json`,
          matrix: { ...read, cells: read.cells },
          risks: undefined,
          shard: { index, count, rows: mine, total: rows.length, fingerprint: 'same' },
        });
      }
      const merged = mergeShards(shards).matrix;
      expect(formatMatrixJson(merged)).toBe(formatMatrixJson(matrix));
    });
});
