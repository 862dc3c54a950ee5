// The access diff's change list kept per principal x resource (analysis/diff/change-list.ts) and
// the JSON written from it in chunks (report/diff-json.ts): the same changes, in the order of the
// JSON contract (principal, resource, action, chain), and the same bytes as JSON.stringify of the
// whole contract value; entries shared by the runs whose cells differ the same way; the SARIF log
// written in chunks too (report/diff-sarif.ts), checked against a naive grouping of the changes.

import { describe, expect, it } from 'vitest';
import { generateOrg } from '../bench/generate-org.js';
import { diffModels } from '../src/analysis/diff/access-diff.js';
import { compareAccess } from '../src/analysis/diff/compare-access.js';
import { evaluateSide, type SideAccess } from '../src/analysis/diff/evaluate.js';
import { matchIdentities } from '../src/analysis/diff/identity.js';
import { keyOfBase, keyOfNew, layoutSide, planRegions } from '../src/analysis/diff/layout.js';
import { textNumbering } from '../src/analysis/diff/normalize.js';
import { compileModel } from '../src/engine/index.js';
import type { AccessChange, AccessDiff, ChangeKind } from '../src/analysis/diff/types.js';
import { diffJsonValue, formatDiffJson, writeDiffJson } from '../src/report/diff-json.js';
import { widens } from '../src/report/diff-groups.js';
import { formatDiffSarif, writeDiffSarif } from '../src/report/diff-sarif.js';
import { formatDiffText, writeDiffText } from '../src/report/diff-text.js';
import { diffModel, type Mutations } from './helpers/diff-fixtures.js';

const KINDS: ChangeKind[] = ['added', 'removed', 'changed'];
const text = (x: string, y: string) => (x === y ? 0 : x < y ? -1 : 1);
/** The order the contract lists changes in. */
const contractOrder = (a: AccessChange, b: AccessChange) =>
  text(a.principal, b.principal) ||
  text(a.resource, b.resource) ||
  text(a.action, b.action) ||
  text((a.via ?? []).join(','), (b.via ?? []).join(','));

function checkList(d: AccessDiff): void {
  for (const kind of KINDS) {
    const list = d[kind];
    expect(d.changes.count(kind)).toBe(list.length);
    expect(list).toEqual([...list].sort(contractOrder));
    const keys = list.map((c) => `${c.principal} ${c.resource} ${c.action} ${(c.via ?? []).join(',')}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(d.changes.some(kind, () => true)).toBe(list.length > 0);
  }
  const chunks: string[] = [];
  writeDiffJson(d, (c) => chunks.push(c));
  const whole = `${JSON.stringify(diffJsonValue(d), null, 2)}\n`;
  expect(chunks.join('')).toBe(whole);
  expect(formatDiffJson(d)).toBe(whole);
  checkSarif(d);
}

/**
 * The SARIF log written in chunks (report/diff-sarif.ts) is the bytes of `JSON.stringify` of the
 * log it parses to, and its `access-added` results are what grouping the contract's changes
 * naively gives: one per Allow statement of the new state, in the order the widening changes
 * (added, then changed) first name them, each listing every widening change it grants, in order.
 */
function checkSarif(d: AccessDiff): void {
  const chunks: string[] = [];
  writeDiffSarif(d, (c) => chunks.push(c), { cwd: '/', toolVersion: '0' });
  const text = chunks.join('');
  expect(formatDiffSarif(d, { cwd: '/', toolVersion: '0' })).toBe(text);
  const log = JSON.parse(text) as {
    runs: {
      results: { ruleId: string; message: { text: string }; properties: { changes?: unknown[] } }[];
      properties: { summary: Record<string, number> };
    }[];
  };
  expect(text).toBe(`${JSON.stringify(log, null, 2)}\n`);
  const naive = new Map<string, AccessChange[]>();
  for (const c of [...d.added, ...d.changed]) {
    if (!widens(c)) continue;
    for (const g of c.grants) {
      if (g.state !== 'after' || g.effect === 'Deny') continue;
      const k = `${g.stage}|${g.policy}|${g.statement}|${g.source?.file ?? ''}|${g.source?.pointer ?? ''}`;
      naive.set(k, [...(naive.get(k) ?? []), c]);
    }
  }
  const run = log.runs[0]!;
  const access = run.results.filter((r) => r.ruleId === 'access-added');
  expect(access.map((r) => r.properties.changes)).toEqual(
    [...naive.values()].map((list) =>
      list.map((c) => ({
        principal: c.principal,
        action: c.action,
        resource: c.resource,
        before: c.before,
        after: c.after,
      })),
    ),
  );
  for (const [i, list] of [...naive.values()].entries())
    expect(access[i]!.message.text.endsWith(list.length > 10 ? `; and ${list.length - 10} more.` : '.')).toBe(
      true,
    );
  expect(run.results.length - access.length).toBe(d.risks.added.length);
  expect(run.properties.summary.added).toBe(d.added.length);
}

/** Each action's access and conditions in a cell (first listed wins), the way a reader sees it. */
function actionMap(side: SideAccess, n: number | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const cell of n === undefined ? [] : side.distinct[n]!)
    for (const a of cell.access === 'deny' ? [] : cell.actions)
      if (!out.has(a.action)) out.set(a.action, `${a.access} ${a.conditions.join(' & ')}`);
  return out;
}

/**
 * The cell changes of two sides, written naively: every principal, every column either side has
 * a cell with access on, every action of either cell, compared by access (conditions left out:
 * the compact comparison compares their clauses).
 */
function naiveCellChanges(before: SideAccess, after: SideAccess): string[] {
  const out: string[] = [];
  const rowOf = (side: SideAccess, p: string) => {
    const row = side.cells.get(p);
    return new Map(row ? row.keys.map((k, i) => [k, row.cells[i]!] as const) : []);
  };
  for (const p of new Set([...before.cells.keys(), ...after.cells.keys()])) {
    const a = rowOf(before, p);
    const b = rowOf(after, p);
    for (const r of new Set([...a.keys(), ...b.keys()])) {
      const x = actionMap(before, a.get(r));
      const y = actionMap(after, b.get(r));
      for (const action of new Set([...x.keys(), ...y.keys()])) {
        const from = x.get(action)?.split(' ')[0] ?? 'deny';
        const to = y.get(action)?.split(' ')[0] ?? 'deny';
        if (from !== to) out.push(`${p} ${r} ${action} ${from}->${to}`);
      }
    }
  }
  return out.sort();
}

describe('comparing the cells of two sides', () => {
  it('merged rows and level-wise comparison give what a naive comparison of every cell and action gives, and what comparing action lists gives', async () => {
    const size = { principals: 60, resources: 24, policies: 120 };
    const a = generateOrg({ ...size, seed: 3 }).model;
    const b = generateOrg({ ...size, seed: 4 }).model;
    const identity = matchIdentities(a, b);
    const keyA = keyOfBase(identity);
    const numbered = textNumbering();
    const sideA = layoutSide(a, keyA, numbered);
    const sideB = layoutSide(b, keyOfNew, numbered);
    const regions = { ...planRegions(sideA, sideB), full: true, allChains: true, allRisks: true };
    const before = await evaluateSide(sideA, compileModel(a), regions, keyA);
    const after = await evaluateSide(sideB, compileModel(b), regions, keyOfNew);
    const changes = compareAccess(before, after, identity, true);
    // The cell changes (not the role chains) whose access differs, one per principal x column x action.
    const column = (resource: string) =>
      after.resources.has(resource) || before.resources.has(resource) ? resource : resource.slice(0, -2);
    const seen: string[] = [];
    changes.forEachEntry(undefined, (run, i) => {
      const e = run.entries[i]!;
      if (!run.via && e.before !== e.after)
        seen.push(`${run.principal} ${column(run.resource)} ${e.action} ${e.before}->${e.after}`);
    });
    const expected = naiveCellChanges(before, after);
    expect(expected.length).toBeGreaterThan(1000);
    expect(seen.sort()).toEqual(expected);
    // The same list through the action lists any cell (an access snapshot's) is compared by.
    const generic = compareAccess(
      { ...before, exactGrants: false },
      { ...after, exactGrants: false },
      identity,
      true,
    );
    expect(generic.list('added')).toEqual(changes.list('added'));
    expect(generic.list('removed')).toEqual(changes.list('removed'));
    expect(generic.list('changed')).toEqual(changes.list('changed'));
    expect(changes.count('changed')).toBeGreaterThan(0);
  });
});

describe('change list and streamed JSON', () => {
  it('two unrelated synthetic organisations: contract order, the bytes of JSON.stringify, shared entries', async () => {
    const size = { principals: 40, resources: 20, policies: 80 };
    const a = generateOrg({ ...size, seed: 1 }).model;
    const b = generateOrg({ ...size, seed: 2 }).model;
    const d = await diffModels(a, b, { engine: { now: new Date('2026-01-01T00:00:00Z') } });
    expect(d.changes.count('added')).toBeGreaterThan(100);
    expect(d.changes.count('removed')).toBeGreaterThan(100);
    checkList(d);
    // The text is written in chunks of whole lines (more text than one string can hold at
    // organisation size); joined, the text.
    const text: string[] = [];
    writeDiffText(d, (c) => text.push(c), 50);
    expect(text.length).toBeGreaterThan(1);
    for (const c of text) expect(c.endsWith('\n')).toBe(true);
    expect(text.join('')).toBe(formatDiffText(d));
    expect(text.join('').split('\n')[0]).toMatch(/^Access diff: /);
    // Runs whose pair of cells is the same share one entry list.
    const lists = new Set(d.changes.runs.map((r) => r.entries));
    expect(lists.size).toBeLessThan(d.changes.runs.length);
    // Runs of one bucket: the bucket's actions on its ARN, the object actions on BUCKET/*.
    expect(d.added.some((c) => c.resource.endsWith('/*'))).toBe(true);
  });

  it('every mutation of the diff fixtures, both ways: chains, Deny blockers and conditions as JSON.stringify writes them', async () => {
    const all: Mutations = {
      statementAdded: true,
      boundaryRemoved: true,
      bucketPublic: true,
      trustWidened: true,
      bobJoinsDevs: true,
      deployerFromNetwork: '10.0.0.0/8',
      opsTrustsDeployer: true,
    };
    for (const [x, y] of [
      [diffModel(), diffModel(all)],
      [diffModel(all), diffModel()],
    ] as const) {
      const d = await diffModels(x, y);
      checkList(d);
      expect(KINDS.reduce((n, k) => n + d.changes.count(k), 0)).toBeGreaterThan(0);
    }
    const chained = await diffModels(diffModel(), diffModel(all));
    expect(chained.added.some((c) => c.via)).toBe(true);
  });
});
