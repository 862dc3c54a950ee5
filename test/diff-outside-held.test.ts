// A statement reaching outside the inputs that both states hold as it is is "no change" only when
// what else decides its access is the same too (analysis/diff/outside-context.ts): a permissions
// boundary or an SCP removed under an unchanged `Allow * on *` widens what it grants, and a
// statement the witness columns cannot compare (`Action: "*"` names the actions of every service)
// must then be reported "not compared", in a diff of two inputs and against an access snapshot.
//
// IAM User Guide, "Policy evaluation logic": "Permissions boundaries – ... the effective
// permissions are the intersection of the identity-based policy and the permissions boundary" and
// "an explicit deny in any of these policies overrides the allow".
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { NotCompared } from '../src/analysis/diff/types.js';
import { runCli } from './fixtures/cli/run.js';
import { ENV, tfStates, tfUser, tfUserPolicy } from './helpers/outside-states.js';

const { dir, write } = tfStates('iamspec-held-');

/** dev allowed `*` on `*`, under (`boundary`) a boundary allowing s3:GetObject only; then `extra`. */
const state = (name: string, boundary: boolean, extra = ''): string =>
  write(
    name,
    tfUser(boundary, 's3:GetObject') +
      tfUserPolicy('{ Effect = "Allow", Action = "*", Resource = "*" }', 'all') +
      extra,
  );

const BOUNDED = state('bounded', true);
const BOUNDED_AGAIN = state('bounded-again', true);
const UNBOUNDED = state('unbounded', false);
const extraStatement = (effect: string) =>
  tfUserPolicy(`{ Effect = "${effect}", Action = "sqs:SendMessage", Resource = "*" }`, 'more');
const MORE_ALLOW = state('more-allow', true, extraStatement('Allow'));
const MORE_DENY = state('more-deny', true, extraStatement('Deny'));

interface DiffJson {
  notCompared?: NotCompared;
}

async function diff(base: string, next: string, ...extra: string[]) {
  const r = await runCli(['diff', '--base', base, next, ...ENV, '--format', 'json', ...extra]);
  return { code: r.code, stderr: r.stderr, json: r.stdout ? (JSON.parse(r.stdout) as DiffJson) : undefined };
}

const whys = (j: DiffJson | undefined) => (j?.notCompared?.outside ?? []).map((g) => g.why ?? '');
const statements = (j: DiffJson | undefined) => (j?.notCompared?.outside ?? []).map((g) => g.statement);

describe('diff: an unchanged statement reaching outside the inputs', () => {
  it('the same boundary in both states: no change, nothing not compared', async () => {
    const r = await diff(BOUNDED, BOUNDED_AGAIN, '--fail-on', 'added');
    expect(r.code, r.stderr).toBe(0);
    expect(r.json?.notCompared).toBeUndefined();
  });

  it('the boundary removed under it: not compared, saying why, and --fail-on added fails', async () => {
    const r = await diff(BOUNDED, UNBOUNDED);
    expect(r.code, r.stderr).toBe(0);
    const w = whys(r.json);
    expect(w).toHaveLength(1);
    expect(w[0]).toMatch(/^the statement is the same in both states, but what else decides its access/);
    expect(w[0]).toContain('Action "*" or NotAction');
    expect((await diff(BOUNDED, UNBOUNDED, '--fail-on', 'added')).code).toBe(1);
  });

  it('another Allow added beside it changes nothing of its access; a Deny added does', async () => {
    // The added Allow is compared on the witness columns by itself; the held statement stays held.
    const allow = await diff(BOUNDED, MORE_ALLOW);
    expect(statements(allow.json)).not.toContain('Allow * on *');
    const deny = await diff(BOUNDED, MORE_DENY);
    expect(statements(deny.json)).toContain('Allow * on *');
  });

  it('against an access snapshot: the snapshot records the digest, and a change of it is seen', async () => {
    const snap = join(dir, 'bounded.json');
    const m = await runCli(['matrix', BOUNDED, ...ENV, '--format', 'json', '--out', snap]);
    expect(m.code, m.stderr).toBe(0);
    const recorded = JSON.parse(readFileSync(snap, 'utf8')) as { outsideGrants: { context?: string }[] };
    expect(recorded.outsideGrants.length).toBeGreaterThan(0);
    for (const g of recorded.outsideGrants) expect(g.context).toMatch(/^[0-9a-f]{24}$/);

    const same = await diff(snap, BOUNDED_AGAIN, '--fail-on', 'added');
    expect(same.code, same.stderr).toBe(0);
    expect(same.json?.notCompared?.outside ?? []).toEqual([]);

    const widened = await diff(snap, UNBOUNDED);
    expect(whys(widened.json)[0]).toMatch(/^the statement is the same in both states, but what else decides/);

    // An older snapshot (no digest): the statement is not taken as unchanged.
    const old = join(dir, 'old.json');
    const { outsideGrants, ...rest } = JSON.parse(readFileSync(snap, 'utf8')) as Record<string, unknown> & {
      outsideGrants: Record<string, unknown>[];
    };
    writeFileSync(
      old,
      JSON.stringify({ ...rest, outsideGrants: outsideGrants.map(({ context, ...g }) => g) }),
    );
    const legacy = await diff(old, BOUNDED_AGAIN);
    expect(whys(legacy.json)[0]).toMatch(/base snapshot does not record what else decides/);
  });
});
