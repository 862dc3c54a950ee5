// What a matrix worker keeps smaller than this thread (issue 17: each worker adding at most ~100
// MB): its copy of the model without what no decision reads (`deserializeModel(bytes,
// { forDecisions: true })`, src/analysis/model-transfer.ts: every `valueSources` one shared empty
// array, the pointer strings left unshared), and its engine forgetting each user's compiled
// policies once the user's row is built (`MatrixOptions.releaseUsers`,
// `PolicySets.forgetIdentity`). Neither may change a cell: the matrices are compared whole,
// row order, grants and chains included, on the company1 scenario, models loaded from the
// fixtures (sources with lines and columns, Unknowns, stand-in accounts and Regions) and
// generated organisations of several seeds and shapes (a round trip through the shared-memory
// packing per model).

import { describe, expect, it } from 'vitest';
import { generateOrg } from '../bench/generate-org.js';
import { loadModelSync } from '../src/adapters/load.js';
import { buildMatrix } from '../src/analysis/matrix/build.js';
import {
  deserializeModel,
  packModel,
  restoreUnknowns,
  shareStrings,
  unknownPaths,
  unknownsOfPacking,
} from '../src/analysis/model-transfer.js';
import { compileModel } from '../src/engine/index.js';
import { builtWithoutUnknowns } from '../src/model/builder.js';
import { PLACEHOLDER_ACCOUNT } from '../src/model/stand-ins.js';
import type { Model } from '../src/model/types.js';
import { isUnknown } from '../src/model/unknown.js';
import { arn, buildCompany1 } from './helpers/company1.js';

const now = new Date('2026-11-23T00:00:00Z');

/** The copy a worker decides with: the packed bytes deserialized `forDecisions`, Unknowns restored. */
function workerCopy(model: Model): Model {
  const packed = packModel(model);
  const copy = deserializeModel(packed.bytes, { forDecisions: true });
  restoreUnknowns(copy, unknownsOfPacking(packed));
  return copy;
}

/** JSON of a model with every `valueSources` written as an empty list (what `forDecisions` drops). */
function withoutValueSources(model: Model): string {
  return JSON.stringify(model, (k, v) => (k === 'valueSources' ? [] : v));
}

function countValueSources(model: Model): number {
  let n = 0;
  JSON.stringify(model, (k, v) => {
    if (k === 'valueSources') n += (v as unknown[]).length;
    return v;
  });
  return n;
}

const models: [string, () => Model][] = [
  ['company1', () => buildCompany1({ githubDeployRole: true })],
  [
    'region-worlds fixture, no account stated (worlds of the unstated account)',
    () => loadModelSync(['test/fixtures/region-worlds/cfn/no-region.json']),
  ],
  [
    'region-worlds Terraform fixture',
    () => loadModelSync(['test/fixtures/region-worlds/tf'], { account: '123456789012' }),
  ],
  [
    'governed-arns fixture (unmodelled policies under stand-in ARNs)',
    () =>
      loadModelSync(['test/fixtures/governed-arns/aoss.yaml'], {
        account: '111122223333',
        region: 'us-east-1',
      }),
  ],
  ...[3, 8, 21].map(
    (seed) =>
      [
        `generated organisation, seed ${seed}`,
        () => generateOrg({ principals: 50, resources: 30, policies: 100, seed }).model,
      ] as [string, () => Model],
  ),
  [
    'generated organisation, unstated account and stand-in Region',
    () =>
      generateOrg({
        principals: 30,
        resources: 20,
        policies: 60,
        seed: 5,
        mainAccount: PLACEHOLDER_ACCOUNT,
        regionStandIn: true,
      }).model,
  ],
];

describe('a worker copy of the model (deserializeModel forDecisions)', () => {
  for (const [name, make] of models)
    it(`is the model without its values' places, and decides every cell the same (${name})`, () => {
      const model = make();
      const copy = workerCopy(model);
      // Something was dropped (the test would pass vacuously on a model without places).
      expect(countValueSources(model)).toBeGreaterThan(0);
      expect(countValueSources(copy)).toBe(0);
      // Everything else is kept, value for value, and every Unknown is an Unknown again.
      expect(withoutValueSources(copy)).toBe(withoutValueSources(model));
      expect(unknownPaths(copy)).toEqual(unknownPaths(model));
      for (const path of unknownPaths(copy)) {
        let v: unknown = copy;
        for (const k of path) v = (v as Record<string | number, unknown>)[k];
        expect(isUnknown(v)).toBe(true);
      }
      const expected = buildMatrix(compileModel(model, { now }));
      expect(JSON.stringify(buildMatrix(compileModel(copy, { now })))).toBe(JSON.stringify(expected));
    });

  it('keeps the element places decisions report (a statement, an Action element)', () => {
    const model = buildCompany1();
    const copy = workerCopy(model);
    const st = copy.users.flatMap((u) => u.inlinePolicies).flatMap((p) => p.document.statements)[0]!;
    const original = model.users.flatMap((u) => u.inlinePolicies).flatMap((p) => p.document.statements)[0]!;
    expect(st.source).toEqual(original.source);
    expect(st.action?.source).toEqual(original.action?.source);
    expect(original.action?.valueSources.length).toBeGreaterThan(0);
    expect(st.action?.valueSources).toEqual([]);
  });
});

describe('packing a model ModelBuilder knows to hold no Unknown (builtWithoutUnknowns)', () => {
  // packModel skips its walk for Unknowns when the builder found none while freezing the model:
  // the packing must list what the walk finds, on models with Unknowns and without.
  const flags: boolean[] = [];
  for (const [name, make] of models)
    it(`lists the Unknowns the walk finds, walked or not (${name})`, () => {
      const model = make();
      const walked = unknownPaths(model);
      flags.push(builtWithoutUnknowns(model));
      expect(builtWithoutUnknowns(model)).toBe(walked.length === 0);
      expect(packModel(model).unknowns).toEqual(walked);
      // A model the builder did not make (a copy) is walked: the same Unknowns.
      const copy = { ...model };
      expect(builtWithoutUnknowns(copy)).toBe(false);
      expect(packModel(copy).unknowns).toEqual(walked);
      const back = workerCopy(model);
      expect(unknownPaths(back)).toEqual(walked);
      expect(JSON.stringify(buildMatrix(compileModel(back, { now })))).toBe(
        JSON.stringify(buildMatrix(compileModel(model, { now }))),
      );
    });
  it('met models of both kinds above (the skip and the walk were both checked)', () => {
    expect(flags).toContain(true);
    expect(flags).toContain(false);
  });
});

describe('shareStrings options', () => {
  it("replaces a ValueList's valueSources without walking them and leaves the distinct strings unshared", () => {
    const inner = { pointer: 'p', file: 'f' };
    const value: Record<string, unknown> = {
      list: { values: ['a'], source: { file: 'x'.repeat(2), pointer: '/0' }, valueSources: [inner] },
      other: { file: 'xx' },
    };
    const EMPTY: never[] = [];
    shareStrings(value, 100, { valueSources: EMPTY, distinct: new Set(['pointer']) });
    const list = value.list as {
      values: string[];
      source: { file: string; pointer: string };
      valueSources: unknown;
    };
    expect(list.valueSources).toBe(EMPTY);
    expect(list.values).toEqual(['a']);
    expect(list.source).toEqual({ file: 'xx', pointer: '/0' });
    expect((value.other as { file: string }).file).toBe('xx');
    // The replaced value was not walked: the object it held is as it was.
    expect(inner).toEqual({ pointer: 'p', file: 'f' });
  });

  it('keeps a property named valueSources of anything but a ValueList (a tag of that name)', () => {
    const value = {
      tags: { valueSources: 'kept', values: 'x' },
      odd: { values: 'not a list', valueSources: ['kept'] },
      a: ['valueSources', 'x'],
    };
    shareStrings(value, 100, { valueSources: [] });
    expect(value).toEqual({
      tags: { valueSources: 'kept', values: 'x' },
      odd: { values: 'not a list', valueSources: ['kept'] },
      a: ['valueSources', 'x'],
    });
  });

  it('keeps a tag named valueSources in a worker copy, and decides on it as this thread does', () => {
    const { model } = generateOrg({ principals: 20, resources: 10, policies: 40, seed: 2 });
    const tagged: Model = {
      ...model,
      users: model.users.map((u) => ({ ...u, tags: { ...u.tags, valueSources: 'kept' } })),
    };
    const copy = workerCopy(tagged);
    expect(copy.users.every((u) => u.tags.valueSources === 'kept')).toBe(true);
    expect(withoutValueSources(copy)).toBe(withoutValueSources(tagged));
    expect(JSON.stringify(buildMatrix(compileModel(copy, { now })))).toBe(
      JSON.stringify(buildMatrix(compileModel(tagged, { now }))),
    );
  });
});

describe('buildMatrix releaseUsers (a worker engine forgets each user once its row is built)', () => {
  for (const [name, make] of models.filter(([n]) => !n.includes('fixture')))
    it(`builds the same matrix, chains included, and the engine decides the same afterwards (${name})`, () => {
      const model = make();
      const expected = buildMatrix(compileModel(model, { now }));
      const engine = compileModel(model, { now });
      const released = buildMatrix(engine, { releaseUsers: true });
      expect(JSON.stringify(released)).toBe(JSON.stringify(expected));
      // The same engine builds the same matrix again (the users' policies compiled anew).
      expect(JSON.stringify(buildMatrix(engine, { releaseUsers: true }))).toBe(JSON.stringify(expected));
      expect(JSON.stringify(buildMatrix(engine))).toBe(JSON.stringify(expected));
    });

  it("forgets a user's compiled identity policies and keeps a role's (roles are assumed in other rows' chains)", () => {
    const model = buildCompany1();
    const engine = compileModel(model, { now });
    const sets = engine.policySets;
    const user = model.users.find((u) => u.arn === arn.user('john'))!;
    const role = model.roles[0]!;
    const userIndex = sets.identityOf(user);
    const roleIndex = sets.identityOf(role);
    expect(sets.identityOf(user)).toBe(userIndex);
    buildMatrix(engine, { principals: [user.arn, role.arn], releaseUsers: true });
    expect(sets.identityOf(user)).not.toBe(userIndex);
    expect(sets.identityOf(role)).toBe(roleIndex);
    // Without the option nothing is forgotten.
    const kept = sets.identityOf(user);
    buildMatrix(engine, { principals: [user.arn] });
    expect(sets.identityOf(user)).toBe(kept);
  });
});
