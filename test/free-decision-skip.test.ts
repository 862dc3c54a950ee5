// `decideAnyContext` makes the pessimistic decision only when the optimistic one met a free
// context key (`freeKeyReads`, src/engine/compile-policy.ts; the proof is in free-decision.ts).
// These tests fail if a skipped decision would have differed: for every request of company1, of
// generated organisations (also with an unstated account and a stand-in Region, whose decisions
// go through other worlds) and of randomised statements (conditions on free keys that Allow and
// Deny statements assume, a clause no value satisfies, policy variables in Resource, IfExists,
// NotResource, principals of resource policies), each request whose optimistic decision met no
// free key is decided pessimistically as well and must decide the same; `decideAnyContext`
// with and without `bothModes` must keep the same access, conditions and grants; and whole
// matrices built making both decisions every time must equal, as JSON, the matrices built with
// the shortcut.

import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { generateOrg } from '../bench/generate-org.js';
import { decideAnyContext } from '../src/analysis/free-decision.js';
import { buildMatrix } from '../src/analysis/matrix/build.js';
import type { FreeDecision } from '../src/analysis/types.js';
import { actionsOfService, arnMatchesResourceType, resourceTypesOfService } from '../src/catalog/index.js';
import { freeKeyReads } from '../src/engine/compile-policy.js';
import type { Engine } from '../src/engine/engine.js';
import { compileModel } from '../src/engine/index.js';
import type { Request } from '../src/engine/types.js';
import { formatMatrixJson } from '../src/report/matrix-json.js';
import { PLACEHOLDER_ACCOUNT } from '../src/model/stand-ins.js';
import type { Model } from '../src/model/types.js';
import { buildCompany1 } from './helpers/company1.js';
import { randomPolicies, randomPoliciesModel, randomStatements } from './helpers/random-statements.js';
import { ACCOUNT_A, ACCOUNT_B, arns } from './helpers/engine-fixtures.js';

/** While true, `freeKeyReads` moves on every call: `decideAnyContext` never skips. */
const force = vi.hoisted(() => ({ both: false, calls: 0 }));
vi.mock(import('../src/engine/compile-policy.js'), async (importOriginal) => {
  const mod = await importOriginal();
  return { ...mod, freeKeyReads: () => (force.both ? ++force.calls : mod.freeKeyReads()) };
});

interface Tally {
  /** Non-deny optimistic decisions that met no free key (the pessimistic one is skipped). */
  skipped: number;
  /** Non-deny optimistic decisions that met one, and whose pessimistic decision differs. */
  differing: number;
  compared: number;
}

const kept = (d: FreeDecision) =>
  JSON.stringify({ access: d.access, conditions: d.conditions, grants: d.grants, external: d.external });

/**
 * Decides `request` as `decideAnyContext` does; when the optimistic decision met no free key it
 * must equal the pessimistic one. Also compares `decideAnyContext` with and without `bothModes`.
 */
function check(engine: Engine, request: Request, tally: Tally): void {
  const reads = freeKeyReads();
  const optimistic = engine.decide(request, { conditions: 'optimistic', allows: true });
  const sure = freeKeyReads() === reads;
  tally.compared++;
  if (optimistic.decision !== 'deny') {
    const pessimistic = engine.decide(request, { conditions: 'pessimistic' });
    if (sure) {
      tally.skipped++;
      if (pessimistic.decision !== optimistic.decision)
        throw new Error(
          `skipped pessimistic decision differs for ${JSON.stringify(request)}: ${optimistic.decision} vs ${pessimistic.decision}`,
        );
    } else if (pessimistic.decision !== optimistic.decision) tally.differing++;
  }
  for (const options of [{ lean: true }, { trace: true }]) {
    const skipping = decideAnyContext(engine, request, options);
    const both = decideAnyContext(engine, request, { ...options, bothModes: true });
    if (kept(skipping) !== kept(both))
      throw new Error(
        `decideAnyContext differs for ${JSON.stringify(request)}: ${kept(skipping)} vs ${kept(both)}`,
      );
  }
}

/** Catalog actions whose resource types can name `arn` (of its service). */
function actionsFor(arn: string): string[] {
  const service = arn.split(':')[2]!;
  const types = new Set(
    resourceTypesOfService(service)
      .filter((rt) => arnMatchesResourceType(arn, rt))
      .map((rt) => rt.name),
  );
  return actionsOfService(service)
    .filter((a) => a.resourceTypes.some((t) => types.has(t.name)))
    .map((a) => a.name);
}

/** Every model principal × resource × action of the resource (every `every`-th request). */
function checkModel(model: Model, every = 1): Tally {
  const engine = compileModel(model);
  const tally: Tally = { skipped: 0, differing: 0, compared: 0 };
  let i = 0;
  for (const p of [...model.users, ...model.roles])
    for (const r of [...model.resources.map((x) => x.arn), ...model.roles.map((x) => x.arn)]) {
      const witnesses = r.startsWith('arn:aws:s3:::') && !r.includes('/') ? [r, `${r}/some-object`] : [r];
      for (const w of witnesses)
        for (const action of actionsFor(w))
          if (i++ % every === 0) check(engine, { principal: p.arn, action, resource: w }, tally);
    }
  return tally;
}

const generated = (variant: 'stated' | 'unstated account' | 'region stand-in', principals = 16) =>
  generateOrg({
    principals,
    resources: 20,
    policies: 2 * principals,
    seed: 11,
    ...(variant === 'stated' ? {} : { mainAccount: PLACEHOLDER_ACCOUNT }),
    ...(variant === 'region stand-in' ? { regionStandIn: true } : {}),
  }).model;

describe('the pessimistic decision is skipped only when it is the same', () => {
  it('on company1: every principal, resource and action', () => {
    const tally = checkModel(buildCompany1());
    // Not vacuous: decisions were skipped, and others (free keys met) did differ.
    expect(tally.skipped).toBeGreaterThan(100);
    expect(tally.differing).toBeGreaterThan(5);
  });

  for (const variant of ['stated', 'unstated account', 'region stand-in'] as const)
    it(`on a generated organisation (${variant})`, () => {
      const tally = checkModel(generated(variant), variant === 'stated' ? 2 : 9);
      expect(tally.skipped).toBeGreaterThan(20);
      if (variant === 'stated') expect(tally.differing).toBeGreaterThan(0);
    });

  // Random identity, boundary, resource, trust and organisation policies whose conditions are on
  // free keys (assumed either way), on keys the model determines, or can never hold.
  it('on randomised statements', () => {
    const B1 = arns.bucket('b1');
    const Q1 = arns.queue('q1');
    const R1 = arns.role('r1');
    const actions = ['s3:GetObject', 's3:PutObject', 's3:ListBucket', 'sqs:SendMessage', 'sts:AssumeRole'];
    const { statements: list, doc } = randomStatements({
      actions: [...actions, 's3:*', 's3:Get*', '*', 'sqs:*'],
      resources: [
        B1,
        `${B1}/*`,
        `${B1}/\${aws:username}/*`,
        `${B1}/\${aws:PrincipalTag/team}/*`,
        Q1,
        R1,
        '*',
      ],
      principals: ['*', { AWS: arns.user('u1') }, { AWS: ACCOUNT_A }, { AWS: R1 }],
      conditions: [
        undefined,
        undefined,
        { Bool: { 'aws:SecureTransport': 'true' } },
        { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
        { StringEquals: { 'aws:PrincipalTag/team': 'blue' } },
        { StringEqualsIfExists: { 'aws:RequestTag/env': 'prod' } },
        { StringEquals: { 'aws:PrincipalAccount': ACCOUNT_B } },
        { Null: { 'aws:TokenIssueTime': 'false' } },
        // No value satisfies it (satisfiable.ts): never assumed to hold.
        { NumericLessThan: { 'aws:TokenIssueTime': '5' } },
      ],
    });
    const tally: Tally = { skipped: 0, differing: 0, compared: 0 };
    fc.assert(
      fc.property(randomPolicies(list), (spec) => {
        const m = randomPoliciesModel(spec, doc, Q1);
        const engine = m.engine({ now: new Date('2024-05-01T00:00:00Z') });
        for (const principal of [arns.user('u1'), R1, arns.session('r1', 'job'), arns.root(ACCOUNT_A)])
          for (const action of actions)
            for (const resource of [B1, `${B1}/u1/x`, `${B1}/blue/y`, Q1, R1])
              check(engine, { principal, action, resource }, tally);
      }),
      { numRuns: 60, seed: 23 },
    );
    expect(tally.compared).toBeGreaterThan(1000);
    expect(tally.skipped).toBeGreaterThan(100);
    expect(tally.differing).toBeGreaterThan(20);
  });
});

describe('matrices with the shortcut equal matrices making both decisions', () => {
  const json = (model: Model, both: boolean) => {
    force.both = both;
    try {
      return formatMatrixJson(buildMatrix(compileModel(model)));
    } finally {
      force.both = false;
    }
  };

  it('company1 and generated organisations (stated, unstated account, region stand-in)', () => {
    const models = [
      buildCompany1(),
      generated('stated', 60),
      generated('unstated account', 30),
      generated('region stand-in', 30),
    ];
    for (const model of models) {
      const calls = force.calls;
      const both = json(model, true);
      // The mock took effect: every decision asked it.
      expect(force.calls).toBeGreaterThan(calls);
      expect(json(model, false)).toBe(both);
    }
  });
});
