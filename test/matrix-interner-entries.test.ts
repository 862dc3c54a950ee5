// The matrix's interner (src/analysis/matrix/interner.ts) keeps one action entry per content
// (action, access, conditions): decisions that differ only in their grants share entries, and
// the matrix is the one its oracle gives (deciding every action on its own).

import { describe, expect, it } from 'vitest';
import { generateOrg } from '../bench/generate-org.js';
import { buildMatrix, createMatrixInterner } from '../src/analysis/matrix/build.js';
import type { Matrix, MatrixCell } from '../src/analysis/types.js';
import { compileModel } from '../src/engine/index.js';

const now = new Date('2026-11-23T00:00:00Z');
type Entry = MatrixCell['actions'][number];

function entriesOf(m: Matrix): {
  objects: Set<Entry>;
  contents: Set<string>;
  grantsPerContent: Map<string, Set<string>>;
} {
  const objects = new Set<Entry>();
  const grantsPerContent = new Map<string, Set<string>>();
  for (let p = 0; p < m.cells.length; p++)
    m.cells.forEachGranted(p, (_, levels) => {
      for (const cell of levels)
        for (const e of cell.actions) {
          objects.add(e);
          const content = JSON.stringify(e);
          const grants = grantsPerContent.get(content) ?? new Set<string>();
          grants.add(JSON.stringify(cell.grants));
          grantsPerContent.set(content, grants);
        }
    });
  return { objects, contents: new Set(grantsPerContent.keys()), grantsPerContent };
}

describe('matrix interner: action entries', () => {
  it('are one object per content, also where the decisions differ in their grants', () => {
    const { model } = generateOrg({ principals: 120, resources: 60, policies: 240, seed: 3 });
    const engine = compileModel(model, { now });
    const interner = createMatrixInterner();
    const rows = buildMatrix(engine).principals.map((p) => p.arn);
    const halves = [rows.slice(0, 60), rows.slice(60)].map((principals) =>
      buildMatrix(engine, { principals, interner }),
    );
    for (const m of [buildMatrix(engine), ...halves]) {
      const { objects, contents, grantsPerContent } = entriesOf(m);
      expect(objects.size).toBe(contents.size);
      // The case: one entry content in cells granted by different statements.
      expect([...grantsPerContent.values()].some((g) => g.size > 1)).toBe(true);
    }
  });
});
