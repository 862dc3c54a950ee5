// The compact storage of a matrix's cells (src/analysis/matrix/cell-store.ts) and the promise of
// the matrix's speed work (issue 17): a built matrix reads the same through every accessor, and
// its JSON is byte for byte what it was before the cells were stored compactly and the rows'
// allocations were cut.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateOrg } from '../bench/generate-org.js';
import { buildMatrix } from '../src/analysis/matrix/build.js';
import { CompactCells, cellsFromRows } from '../src/analysis/matrix/cell-store.js';
import { DENY_LEVELS } from '../src/analysis/matrix/interner.js';
import type { Matrix, MatrixCell } from '../src/analysis/types.js';
import { compileModel } from '../src/engine/index.js';

const now = new Date('2026-01-01T00:00:00Z');

const allow = (action: string): MatrixCell[] =>
  DENY_LEVELS.map((c, i) =>
    i === 1 ? { access: 'allow', actions: [{ action, access: 'allow', conditions: [] }], grants: [] } : c,
  );

describe('CompactCells', () => {
  it('keeps the non-deny columns of each row and reads them back by cell, row and JSON', () => {
    const a = allow('s3:GetObject');
    const b = allow('sqs:SendMessage');
    const cells = new CompactCells(4);
    cells.set(1, a);
    cells.set(3, b);
    cells.endRow();
    cells.endRow(); // a row with no access
    cells.pushRow([b, DENY_LEVELS, DENY_LEVELS, a]);
    expect(cells.length).toBe(3);
    expect(cells.at(0, 1)).toBe(a);
    expect(cells.at(0, 3)).toBe(b);
    expect(cells.at(0, 0)).toBe(DENY_LEVELS);
    expect(cells.at(0, 2)).toBe(DENY_LEVELS);
    expect(cells.at(1, 3)).toBe(DENY_LEVELS);
    expect(cells.row(2)).toEqual([b, DENY_LEVELS, DENY_LEVELS, a]);
    const seen: [number, MatrixCell[]][] = [];
    cells.forEachGranted(0, (r, levels) => seen.push([r, levels]));
    expect(seen).toEqual([
      [1, a],
      [3, b],
    ]);
    expect(JSON.stringify(cells)).toBe(
      JSON.stringify([
        [DENY_LEVELS, a, DENY_LEVELS, b],
        [DENY_LEVELS, DENY_LEVELS, DENY_LEVELS, DENY_LEVELS],
        [b, DENY_LEVELS, DENY_LEVELS, a],
      ]),
    );
    expect([...cells].length).toBe(3);
    expect(() => cells.at(3, 0)).toThrow(RangeError);
  });

  it('grows past its first buffers and refuses columns out of order', () => {
    const a = allow('s3:GetObject');
    const cells = new CompactCells(3000);
    for (let p = 0; p < 200; p++) {
      for (let c = p % 3; c < 3000; c += 3) cells.set(c, a);
      cells.endRow();
    }
    expect(cells.at(199, 199 % 3)).toBe(a);
    expect(cells.at(199, (199 % 3) + 1)).toBe(DENY_LEVELS);
    expect(cells.at(5, 2999)).toBe(a);
    cells.set(7, a);
    expect(() => cells.set(7, a)).toThrow(/out of order/);
    expect(() => cells.set(3000, a)).toThrow(/out of order or range/);
  });

  it('compares by content in toEqual (test/setup), also against nested arrays', () => {
    const a = allow('s3:GetObject');
    const compact = new CompactCells(2);
    compact.pushRow([a, DENY_LEVELS]);
    expect(compact).toEqual(cellsFromRows([[structuredClone(a), structuredClone(DENY_LEVELS)]]));
    expect(compact).toEqual([[a, DENY_LEVELS]]);
    expect(compact).not.toEqual(cellsFromRows([[DENY_LEVELS, a]]));
    expect(compact).not.toEqual(cellsFromRows([[allow('s3:PutObject'), DENY_LEVELS]]));
  });
});

function sha256(matrix: Matrix): string {
  return createHash('sha256').update(JSON.stringify(matrix)).digest('hex');
}

describe('the matrix of a generated organisation', () => {
  const { model } = generateOrg({ principals: 150, resources: 200, policies: 300 });

  it('reads the same through at, row, forEachGranted and JSON', () => {
    const m = buildMatrix(compileModel(model, { now }));
    const json = m.cells.toJSON();
    const wrong: string[] = [];
    let granted = 0;
    for (let p = 0; p < m.principals.length; p++) {
      const row = m.cells.row(p);
      if (row.length !== m.resources.length || row.some((levels, r) => levels !== json[p]![r]))
        wrong.push(`row ${p}`);
      const listed = new Set<number>();
      m.cells.forEachGranted(p, (r, levels) => {
        listed.add(r);
        if (levels !== row[r] || !levels.some((c) => c.access !== 'deny')) wrong.push(`granted ${p},${r}`);
      });
      granted += listed.size;
      for (let r = 0; r < row.length; r++) {
        if (m.cells.at(p, r) !== row[r]) wrong.push(`at ${p},${r}`);
        // Every column not listed is deny.
        if (!listed.has(r) && row[r] !== DENY_LEVELS) wrong.push(`unlisted ${p},${r}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(granted).toBeGreaterThan(500);
  });

  // Fingerprints of the matrix JSON, taken before the cells were stored compactly (main at
  // f975f21). The matrix's speed work must not change a byte; a change that means to change
  // results (a new rule, a catalog update) updates them, saying why. Updated by hcols9: every
  // column decides the actions of every service acting on its ARN (ssm:SendCommand on buckets,
  // ec2/ssm role actions on roles): actions added to levels, none removed.
  it('writes exactly the JSON it wrote before the speed work', () => {
    expect(sha256(buildMatrix(compileModel(model, { now })))).toBe(
      'fbf174141bb155e690bf93f807656d827bcbd34fb7b0fc97c3730c64fbe7c16c',
    );
    expect(
      sha256(buildMatrix(compileModel(model, { now }), { includeRoles: true, actionGrants: true })),
    ).toBe('282df315dd32aca58db58ce2297e150842cda0c5a29a4ce362d40c8a6f9fc9e9');
  });
});
