// The access diff's change list kept per principal x resource (analysis/diff/change-list.ts) and
// the JSON written from it in chunks (report/diff-json.ts): the same changes, in the order of the
// JSON contract (principal, resource, action, chain), and the same bytes as JSON.stringify of the
// whole contract value; entries shared by the runs whose cells differ the same way.

import { describe, expect, it } from 'vitest';
import { generateOrg } from '../bench/generate-org.js';
import { diffModels } from '../src/analysis/diff/access-diff.js';
import type { AccessChange, AccessDiff, ChangeKind } from '../src/analysis/diff/types.js';
import { diffJsonValue, formatDiffJson, writeDiffJson } from '../src/report/diff-json.js';
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
}

describe('change list and streamed JSON', () => {
  it('two unrelated synthetic organisations: contract order, the bytes of JSON.stringify, shared entries', async () => {
    const size = { principals: 40, resources: 20, policies: 80 };
    const a = generateOrg({ ...size, seed: 1 }).model;
    const b = generateOrg({ ...size, seed: 2 }).model;
    const d = await diffModels(a, b, { engine: { now: new Date('2026-01-01T00:00:00Z') } });
    expect(d.changes.count('added')).toBeGreaterThan(100);
    expect(d.changes.count('removed')).toBeGreaterThan(100);
    checkList(d);
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
