// The access diff of generated organisations (bench/generate-org.ts, a few hundred principals)
// against naive oracles, unrelated and pull-request-shaped: the statements that explain removed
// access (the base's grants, then the new state's Deny statements a traced decision of the new
// state names: explain.ts looks only where deny-candidates.ts says a Deny may match, one
// principal at a time), the counts of the change list (change-list.ts counts each shared entry
// list once), and the incremental evaluation against evaluating every row and column (the same
// JSON). Written for issue 16's scale work on the unrelated diff.

import { describe, expect, it } from 'vitest';
import { generateOrg } from '../bench/generate-org.js';
import { diffModels } from '../src/analysis/diff/access-diff.js';
import { changeOf } from '../src/analysis/diff/change-list.js';
import { keyOfNew, layoutSide } from '../src/analysis/diff/layout.js';
import { textNumbering } from '../src/analysis/diff/normalize.js';
import type { AccessDiff, ChangeGrant, ChangeKind } from '../src/analysis/diff/types.js';
import { decideAnyContext, statementRefsOf } from '../src/analysis/free-decision.js';
import { compileModel } from '../src/engine/index.js';
import type { Model } from '../src/model/types.js';
import { parsePolicy } from '../src/policy/parse.js';
import { formatDiffJson } from '../src/report/diff-json.js';

const NOW = { now: new Date('2026-01-01T00:00:00Z') };
const SIZE = { principals: 200, resources: 80, policies: 400 };

/**
 * The base with a pull request's changes: some users gain a Deny statement (access removed and
 * blocked), some lose their inline policies (access removed, nothing blocks it), some gain an
 * Allow statement (access added).
 */
function pullRequest(model: Model): Model {
  const bucket = model.resources.find((r) => r.kind === 's3-bucket');
  if (!bucket) throw new Error('the organisation has no bucket');
  const inline = (name: string, statement: Record<string, unknown>) => ({
    name,
    document: parsePolicy(
      { Version: '2012-10-17', Statement: [statement] },
      { kind: 'identity', source: { file: 'pr.json', pointer: `/${name}` } },
    ),
    source: { file: 'pr.json', logicalId: name },
  });
  const users = model.users.map((u, i) => {
    if (i % 41 === 0)
      return {
        ...u,
        inlinePolicies: [
          ...u.inlinePolicies,
          inline(`deny-${i}`, { Effect: 'Deny', Action: ['s3:GetObject', 's3:PutObject'], Resource: '*' }),
        ],
      };
    if (i % 43 === 1) return { ...u, inlinePolicies: [] };
    if (i % 13 === 0)
      return {
        ...u,
        inlinePolicies: [
          ...u.inlinePolicies,
          inline(`allow-${i}`, { Effect: 'Allow', Action: 'sqs:*', Resource: '*' }),
        ],
      };
    return u;
  });
  return { ...model, users };
}

/** Removed access, as the naive oracle explains it: every change decided, no prefilter. */
function expectedRemovedGrants(d: AccessDiff, next: Model): Map<string, ChangeGrant[]> {
  const engine = compileModel(next, NOW);
  const principals = layoutSide(next, keyOfNew, textNumbering()).rows;
  const out = new Map<string, ChangeGrant[]>();
  d.changes.forEachEntry('removed', (run, i) => {
    if (run.via) return;
    const e = run.entries[i]!;
    let grants: ChangeGrant[] = [...e.grants];
    if (principals.has(run.principal)) {
      const decision = decideAnyContext(
        engine,
        { principal: run.principal, action: e.action, resource: run.resource },
        { trace: true },
      );
      const deny = statementRefsOf(decision.decision, 'Deny');
      if (deny.length) grants = [...grants, ...deny.map((r) => ({ ...r, state: 'after' as const }))];
    }
    out.set(`${run.principal} ${e.action} ${run.resource}`, grants);
  });
  return out;
}

/**
 * Checks the removed changes' statements against the oracle. Within the explanation's decision
 * budget every change is explained as the oracle explains it; past it (a note says how many were
 * not), a change either has the oracle's statements or lacks its Deny statements, and once one
 * lacks them every later one does (the budget runs out in the order of the changes).
 */
function check(d: AccessDiff, next: Model): { removed: number; blocked: number; unexplained: number } {
  const note = d.notes.find((n) => n.includes('not explained by a decision'));
  const skipped = note ? Number(note.split(' ')[0]) : 0;
  const expected = expectedRemovedGrants(d, next);
  let blocked = 0;
  let unexplained = 0;
  d.changes.forEachEntry('removed', (run, i) => {
    if (run.via) return;
    const c = changeOf(run, i);
    const where = `${c.principal} ${c.action} ${c.resource}`;
    const want = expected.get(where)!;
    const wantsDeny = want.some((g) => g.state === 'after');
    if (wantsDeny && !c.grants.some((g) => g.state === 'after')) {
      // Not explained: only past the budget, and then the base's grants alone.
      unexplained++;
      expect(c.grants, where).toEqual(run.entries[i]!.grants);
      return;
    }
    expect(c.grants, where).toEqual(want);
    if (!wantsDeny) return;
    expect(unexplained, `${where} explained after one that was not`).toBe(0);
    blocked++;
  });
  expect(unexplained).toBeLessThanOrEqual(skipped);
  if (!skipped) expect(unexplained).toBe(0);
  // The counts are those of the lists.
  for (const kind of ['added', 'removed', 'changed'] as ChangeKind[])
    expect(d.changes.count(kind)).toBe(d[kind].length);
  return { removed: expected.size, blocked, unexplained };
}

describe('the access diff of generated organisations against naive oracles', () => {
  it('small unrelated organisations: removed access explained as deciding every change explains it', async () => {
    const size = { principals: 40, resources: 20, policies: 80 };
    const a = generateOrg({ ...size, seed: 5 }).model;
    const b = generateOrg({ ...size, seed: 6 }).model;
    const d = await diffModels(a, b, { engine: NOW });
    const { removed, blocked, unexplained } = check(d, b);
    expect(removed).toBeGreaterThan(100);
    expect(blocked).toBeGreaterThan(0);
    expect(unexplained).toBe(0);
  });

  it('unrelated organisations: removed access explained as deciding every change explains it, up to the budget', async () => {
    const a = generateOrg({ ...SIZE, seed: 5 }).model;
    const b = generateOrg({ ...SIZE, seed: 6 }).model;
    const d = await diffModels(a, b, { engine: NOW });
    const { removed, blocked, unexplained } = check(d, b);
    expect(removed).toBeGreaterThan(1000);
    expect(blocked).toBeGreaterThan(0);
    // Past the budget (a diff of unrelated organisations of this size goes past it).
    expect(unexplained).toBeGreaterThan(0);
    expect(d.changes.count('added')).toBeGreaterThan(1000);
  });

  it('a pull request on an organisation: the same, and the same JSON as evaluating every row and column', async () => {
    const a = generateOrg({ ...SIZE, seed: 5 }).model;
    const b = pullRequest(generateOrg({ ...SIZE, seed: 5 }).model);
    const d = await diffModels(a, b, { engine: NOW });
    const { removed, blocked, unexplained } = check(d, b);
    expect(removed).toBeGreaterThan(10);
    expect(blocked).toBeGreaterThan(10);
    expect(d.notes.filter((n) => n.includes('not explained'))).toEqual([]);
    expect(unexplained).toBe(0);
    expect(d.changes.count('added')).toBeGreaterThan(0);
    const full = await diffModels(a, b, { engine: NOW, full: true });
    expect(formatDiffJson(d)).toBe(formatDiffJson(full));
  });
});
