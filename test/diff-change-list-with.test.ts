// ChangeList.with (analysis/diff/change-list.ts): the diff joins the runs on witness columns
// (outside-compare.ts) to the change list, and later replaces them, by merging sorted columns in
// one pass. Property: the result is what building one list from the kept runs followed by the
// new ones gives (a stable sort in the contract's order: principal, resource, then chain), with
// each run's entries (the same objects), chain and own statements.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ChangeListBuilder, type ChangeList } from '../src/analysis/diff/change-list.js';
import type { ChangeEntry, ChangeGrant, ChangeRun } from '../src/analysis/diff/types.js';

const entry = (action: string): ChangeEntry => ({
  kind: 'added',
  action,
  before: 'deny',
  after: 'allow',
  grants: [],
});
const LISTS = [
  [entry('s3:GetObject')],
  [entry('s3:GetObject'), entry('s3:PutObject')],
  [entry('sqs:SendMessage')],
];

const run = fc.record(
  {
    principal: fc.constantFrom('user/a', 'user/b', 'role/c', 'role/d'),
    resource: fc.constantFrom('arn:aws:s3:::x', 'arn:aws:s3:::y', 'arn:aws:sqs:r:1:q', 'witness-1'),
    list: fc.integer({ min: 0, max: LISTS.length - 1 }),
    via: fc.option(fc.constantFrom(['role/c'], ['role/d'], ['role/c', 'role/d']), { nil: undefined }),
    own: fc.boolean(),
  },
  { requiredKeys: ['principal', 'resource', 'list', 'own'] },
);

function toRun(r: {
  principal: string;
  resource: string;
  list: number;
  via?: readonly string[];
  own: boolean;
}): ChangeRun {
  const own = new Map<number, ChangeGrant[]>([[0, [{ effect: 'Allow' } as unknown as ChangeGrant]]]);
  return {
    principal: r.principal,
    resource: r.resource,
    entries: LISTS[r.list]!,
    ...(r.via ? { via: [...r.via] } : {}),
    ...(r.own ? { grants: own } : {}),
  };
}

function built(runs: readonly ChangeRun[]): ChangeList {
  const b = new ChangeListBuilder();
  for (const r of runs) b.add(r.principal, r.resource, r.entries, r.via, r.grants);
  return b.build();
}

describe('ChangeList.with', () => {
  it('equals one list built from the kept runs, then the new ones', () => {
    fc.assert(
      fc.property(
        fc.array(run, { maxLength: 30 }),
        fc.array(run, { maxLength: 10 }),
        fc.boolean(),
        (a, extra, dropping) => {
          const first = a.map(toRun);
          const more = extra.map(toRun);
          const drop = dropping ? (resource: string) => resource === 'witness-1' : undefined;
          const got = built(first).with(more, drop).runs;
          const want = built([...first.filter((r) => !drop?.(r.resource)), ...more]).runs;
          expect(got).toEqual(want);
          for (const [k, r] of got.entries()) expect(r.entries).toBe(want[k]!.entries);
          const list = built(first).with(more, drop);
          const total = want.reduce((n, r) => n + r.entries.length, 0);
          expect(list.count('added')).toBe(total);
        },
      ),
      { numRuns: 500 },
    );
  });
});
