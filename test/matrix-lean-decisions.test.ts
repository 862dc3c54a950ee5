// The matrix decides without traces (issue 17: the allocations of deciding): `decideAnyContext`'s
// `lean` mode takes the grants from the engine's `Decision.allows` instead of reading them from
// the optimistic decision's trace. These tests compare the lean decision with the traced one
// (access, conditions, grants with their order and fields, external) on company1, on generated
// organisations (with an unstated account and a stand-in region too) and on randomised
// statements, and a whole matrix's cells with every action decided one by one with a trace, so
// that a fast path deciding otherwise than the traced path fails here.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateOrg } from '../bench/generate-org.js';
import { decideAnyContext } from '../src/analysis/free-decision.js';
import { buildMatrix } from '../src/analysis/matrix/build.js';
import type { FreeDecision, Matrix, StatementRef } from '../src/analysis/types.js';
import {
  actionsOfService,
  allServicePrefixes,
  arnMatchesResourceType,
  resourceTypesOfService,
} from '../src/catalog/index.js';
import type { Engine } from '../src/engine/engine.js';
import { compileModel } from '../src/engine/index.js';
import type { Request } from '../src/engine/types.js';
import { PLACEHOLDER_ACCOUNT } from '../src/model/stand-ins.js';
import type { Model } from '../src/model/types.js';
import { Unknown } from '../src/model/unknown.js';
import { buildCompany1 } from './helpers/company1.js';
import { randomPolicies, randomPoliciesModel, randomStatements } from './helpers/random-statements.js';
import { ACCOUNT_A, ACCOUNT_B, arns, EXTERNAL_ACCOUNT, TestModel } from './helpers/engine-fixtures.js';

/**
 * What the matrix keeps of a free decision, as JSON (key order and absent fields count): with
 * the reasons of an indeterminate one (analysis/decision-reasons.ts).
 */
function kept(d: FreeDecision): string {
  return JSON.stringify({
    access: d.access,
    conditions: d.conditions,
    grants: d.grants,
    external: d.external,
    reasons: d.reasons,
  });
}

/** Indeterminate decisions whose reasons were compared, and how many reasons they had. */
const reasonsCompared = { decisions: 0, kinds: new Set<string>() };

/**
 * Decides `request` traced and lean (the matrix's way: reasons from the unknowns the decision
 * noted, not from a trace); fails on any difference, reasons included. Returns the access.
 */
function expectSame(engine: Engine, request: Request): string {
  const traced = decideAnyContext(engine, request, { trace: true, reasons: true });
  const lean = decideAnyContext(engine, request, { lean: true, reasons: true });
  if (kept(lean) !== kept(traced))
    throw new Error(`lean differs for ${JSON.stringify(request)}:\n${kept(lean)}\n${kept(traced)}`);
  expect(lean.decision.trace).toBeUndefined();
  if (traced.access === 'indeterminate') {
    reasonsCompared.decisions++;
    for (const r of traced.reasons!) reasonsCompared.kinds.add(r.kind);
  } else expect(lean.reasons).toBeUndefined();
  return traced.access;
}

/** Catalog actions whose resource types can name `arn` (of its service). */
/**
 * Does a resource type's ARN format spell the ARN's service (a format whose service field is a
 * variable, `arn:${Partition}:${Service}:…` as AWS Backup's recovery points, is left out, as
 * matrix/action-lists.ts `servicesActingOn` leaves it).
 */
function namesService(formats: readonly string[], arn: string): boolean {
  const service = arn.split(':')[2]!.toLowerCase();
  return formats.some((f) => (f.split(':')[2] ?? '').toLowerCase() === service);
}

function actionsFor(arn: string): string[] {
  // Every service whose resource types name the ARN (ssm:SendCommand names a bucket).
  return allServicePrefixes().flatMap((service) => {
    const types = new Set(
      resourceTypesOfService(service)
        .filter((rt) => namesService(rt.arns, arn) && arnMatchesResourceType(arn, rt))
        .map((rt) => rt.name),
    );
    if (!types.size) return [];
    return actionsOfService(service)
      .filter((a) => a.resourceTypes.some((t) => types.has(t.name)))
      .map((a) => a.name);
  });
}

/** Every model principal × resource × action of the resource (an S3 bucket also as objects). */
function expectSameOnModel(model: Model, every = 1): Record<string, number> {
  const engine = compileModel(model);
  const counts: Record<string, number> = {};
  let i = 0;
  for (const p of [...model.users, ...model.roles])
    for (const r of [...model.resources.map((x) => x.arn), ...model.roles.map((x) => x.arn)]) {
      const witnesses = r.startsWith('arn:aws:s3:::') && !r.includes('/') ? [r, `${r}/some-object`] : [r];
      for (const w of witnesses)
        for (const action of actionsFor(w)) {
          if (i++ % every) continue;
          const access = expectSame(engine, { principal: p.arn, action, resource: w });
          counts[access] = (counts[access] ?? 0) + 1;
        }
    }
  return counts;
}

describe('lean free decisions equal traced ones', () => {
  it('on company1: every principal, resource and action', () => {
    const counts = expectSameOnModel(buildCompany1());
    // Not vacuous: allowed, conditional and denied requests were compared.
    expect(counts.allow).toBeGreaterThan(100);
    expect(counts.conditional).toBeGreaterThan(5);
    expect(counts.deny).toBeGreaterThan(1000);
  });

  for (const variant of ['stated', 'unstated account', 'region stand-in'] as const)
    it(`on a generated organisation (${variant})`, () => {
      const { model } = generateOrg({
        principals: 16,
        resources: 20,
        policies: 32,
        seed: 11,
        ...(variant === 'stated' ? {} : { mainAccount: PLACEHOLDER_ACCOUNT }),
        ...(variant === 'region stand-in' ? { regionStandIn: true } : {}),
      });
      const before = reasonsCompared.decisions;
      const counts = expectSameOnModel(model, variant === 'stated' ? 2 : 9);
      expect(counts.allow).toBeGreaterThan(20);
      expect((counts.conditional ?? 0) + (counts.indeterminate ?? 0)).toBeGreaterThan(2);
      // Not vacuous: the other worlds made decisions indeterminate, and their reasons were compared.
      if (variant !== 'stated') expect(reasonsCompared.decisions - before).toBeGreaterThan(20);
    });

  // Random identity, boundary, resource, trust and organisation policies over a small alphabet
  // (conditions on free keys, account and role principals, NotAction/NotResource, duplicates).
  it('on randomised statements', () => {
    const B1 = arns.bucket('b1');
    const Q1 = arns.queue('q1');
    const R1 = arns.role('r1');
    const actions = ['s3:GetObject', 's3:PutObject', 's3:ListBucket', 'sqs:SendMessage', 'sts:AssumeRole'];
    const { statements: list, doc } = randomStatements({
      actions: [...actions, 's3:*', 's3:Get*', '*', 'sqs:*', 'sts:*'],
      resources: [B1, `${B1}/*`, `${B1}/x/*`, Q1, R1, '*', 'arn:aws:s3:::b?/*'],
      principals: [
        '*',
        { AWS: arns.user('u1') },
        { AWS: ACCOUNT_A },
        { AWS: arns.root(ACCOUNT_B) },
        { AWS: R1 },
        { AWS: arns.root(EXTERNAL_ACCOUNT) },
      ],
      conditions: [
        undefined,
        undefined,
        { Bool: { 'aws:SecureTransport': 'true' } },
        { StringEquals: { 'aws:PrincipalTag/team': 'blue' } },
        { StringEqualsIfExists: { 'aws:PrincipalAccount': ACCOUNT_A } },
        { Null: { 'aws:TokenIssueTime': 'false' } },
      ],
    });
    let compared = 0;
    const granted = new Set<string>();
    fc.assert(
      fc.property(randomPolicies(list, { u2: true }), (spec) => {
        // u1's statements, and its first one again (duplicates)
        const m = randomPoliciesModel(spec, doc, Q1, (s) => [s, s.slice(0, 1)]);
        const engine = m.engine({ now: new Date('2024-05-01T00:00:00Z') });
        for (const principal of [
          arns.user('u1'),
          arns.user('u2'),
          R1,
          arns.session('r1', 'job'),
          arns.root(ACCOUNT_A),
        ])
          for (const action of actions)
            for (const resource of [B1, `${B1}/x/y`, Q1, R1]) {
              const access = expectSame(engine, { principal, action, resource });
              compared++;
              if (access !== 'deny') granted.add(access);
            }
      }),
      { numRuns: 60, seed: 17 },
    );
    expect(compared).toBeGreaterThan(1000);
    expect([...granted].sort()).toEqual(['allow', 'conditional']);
  });

  // The same with values known only after apply in every element, SCPs whose level is unknown,
  // a federated user session (its caller and session policy unknown), a role and a KMS key
  // outside the inputs: the reasons of the indeterminate decisions, from the unknowns the lean
  // decision noted, must be those its trace gives (kind, words, step, policy, statement, places).
  it('on randomised statements with unknown values: the reasons too', () => {
    const at = (line: number) => ({ file: 'vars.tf', line });
    const u = (name: string, line: number) => new Unknown(`var.${name} is known only after apply`, at(line));
    const B1 = arns.bucket('b1');
    const Q1 = arns.queue('q1');
    const R1 = arns.role('r1');
    const actions = ['s3:GetObject', 's3:PutObject', 'sqs:SendMessage', 'sts:AssumeRole', 'kms:Decrypt'];
    const { statements: list, doc } = randomStatements({
      actions: [...actions, 's3:*', '*', u('action', 1) as unknown as string],
      resources: [B1, `${B1}/*`, Q1, R1, '*', u('arn', 2) as unknown as string],
      principals: ['*', { AWS: ACCOUNT_A }, { AWS: u('principal', 3) }, { AWS: R1 }, { AWS: ACCOUNT_B }],
      conditions: [
        undefined,
        undefined,
        { StringEquals: { 'aws:PrincipalAccount': u('account', 4) as unknown as string } },
        { StringEquals: { 'aws:PrincipalTag/team': 'blue' } },
        { Bool: { 'aws:SecureTransport': 'true' } },
      ],
    });
    reasonsCompared.kinds.clear();
    let compared = 0;
    let open = 0;
    fc.assert(
      fc.property(
        fc.record({
          u1: list(false),
          r1: list(false),
          boundary: fc.option(list(false)),
          trust: list(true),
          bucket: fc.option(list(true)),
          queue: fc.option(list(true)),
          scp: fc.option(list(false)),
          scpLevelKnown: fc.boolean(),
        }),
        (spec) => {
          const m = new TestModel();
          m.user('u1', {
            tags: { team: 'blue' },
            inline: [doc(spec.u1)],
            ...(spec.boundary ? { boundary: doc(spec.boundary) } : {}),
          });
          m.role('r1', { trust: doc(spec.trust), inline: [doc(spec.r1)] });
          m.bucket('b1', spec.bucket ? { policy: doc(spec.bucket) } : {});
          m.resource('sqs-queue', Q1, spec.queue ? { policy: doc(spec.queue) } : {});
          if (spec.scp) {
            const level = spec.scpLevelKnown ? undefined : u('ou', 5);
            m.scp(ACCOUNT_A, doc([{ Effect: 'Allow', Action: 's3:*', Resource: '*' }]), level);
            m.scp(ACCOUNT_A, doc([{ Effect: 'Allow', Action: '*', Resource: '*' }, ...spec.scp]), level);
          }
          const engine = m.engine({ now: new Date('2024-05-01T00:00:00Z') });
          for (const principal of [
            arns.user('u1'),
            arns.session('r1', 'job'),
            `arn:aws:sts::${ACCOUNT_A}:federated-user/fed`,
          ])
            for (const action of actions)
              for (const resource of [B1, `${B1}/x`, Q1, R1, arns.role('elsewhere'), arns.key('k9')]) {
                if (expectSame(engine, { principal, action, resource }) === 'indeterminate') open++;
                compared++;
              }
        },
      ),
      { numRuns: 40, seed: 23 },
    );
    expect(compared).toBeGreaterThan(1000);
    // Not vacuous: many decisions were open, for reasons of many kinds.
    expect(open).toBeGreaterThan(200);
    const kinds = [...reasonsCompared.kinds];
    for (const k of [
      'org-placement',
      'outside-policy',
      'unknown-action',
      'unknown-condition',
      'unknown-principal',
      'unknown-resource',
      'unknown-value',
    ])
      expect(kinds).toContain(k);
  });
});

/**
 * The matrix's answer for every action of every cell (`principal resource action` → access,
 * conditions and that action's grants), with `actionGrants`.
 */
function matrixCells(
  m: Matrix,
): Map<string, { access: string; conditions: string[]; grants: StatementRef[] }> {
  const out = new Map<string, { access: string; conditions: string[]; grants: StatementRef[] }>();
  m.principals.forEach((p, pi) => {
    m.cells.forEachGranted(pi, (ri, levels) => {
      for (const cell of levels)
        cell.actions.forEach((a, i) => {
          out.set(`${p.arn} ${m.resources[ri]!.arn} ${a.action}`, {
            access: a.access,
            conditions: a.conditions,
            grants: cell.actionGrants?.[i] ?? cell.grants,
          });
        });
    });
  });
  return out;
}

/** Statement references as JSON, sorted (the matrix's order is canonical, a trace's is not). */
const sorted = (grants: readonly StatementRef[]) => grants.map((g) => JSON.stringify(g)).sort();

const RANK: Record<string, number> = { allow: 3, conditional: 2, indeterminate: 1, deny: 0 };

/** Each matrix cell against deciding its actions one by one with a trace (see the module comment). */
function expectMatrixAsTraced(model: Model): number {
  const engine = compileModel(model);
  const m = buildMatrix(engine, { actionGrants: true, chains: false });
  const cells = matrixCells(m);
  const only = /^only objects matching (.+)$/;
  let checked = 0;
  for (const p of m.principals)
    for (const r of m.resources) {
      const witnesses = r.kind === 's3-bucket' ? [r.arn, `${r.arn}/*`] : [r.arn];
      // The first witness with the best access (as the matrix keeps it).
      const best = new Map<string, FreeDecision>();
      for (const w of witnesses)
        for (const action of actionsFor(w === r.arn ? w : `${r.arn}/some-object`)) {
          const d = decideAnyContext(engine, { principal: p.arn, action, resource: w }, { trace: true });
          const prev = best.get(action);
          if (!prev || RANK[d.access]! > RANK[prev.access]!) best.set(action, d);
        }
      for (const [action, d] of best) {
        const key = `${p.arn} ${r.arn} ${action}`;
        const got = cells.get(key);
        cells.delete(key);
        if (d.access === 'deny') {
          // Only a narrower object pattern the row's grants name may give access then.
          if (got) {
            const pattern = got.conditions.map((c) => only.exec(c)?.[1]).find(Boolean);
            expect(pattern, `${key}: denied on the witnesses`).toBeDefined();
            const alt = decideAnyContext(
              engine,
              { principal: p.arn, action, resource: pattern! },
              { trace: true },
            );
            expect(alt.access, key).not.toBe('deny');
            expect(sorted(got.grants), key).toEqual(sorted(alt.grants));
          }
          continue;
        }
        expect(got, key).toBeDefined();
        checked++;
        if (got!.conditions.some((c) => only.test(c))) continue;
        // The matrix keeps a decision's grants in a canonical order (interner.ts).
        expect(JSON.stringify({ ...got, grants: sorted(got!.grants) }), key).toBe(
          JSON.stringify({ access: d.access, conditions: d.conditions, grants: sorted(d.grants) }),
        );
      }
    }
  expect([...cells.keys()], 'matrix actions that no witness decides').toEqual([]);
  return checked;
}

describe('the matrix (grouped, shared, lean decisions) equals deciding each action with a trace', () => {
  for (const [seed, unstated] of [
    [4, false],
    [9, true],
  ] as const)
    it(`a generated organisation (seed ${seed}${unstated ? ', account unstated' : ''})`, () => {
      const { model } = generateOrg({
        principals: 14,
        resources: 16,
        policies: 28,
        seed,
        ...(unstated ? { mainAccount: PLACEHOLDER_ACCOUNT } : {}),
      });
      expect(expectMatrixAsTraced(model)).toBeGreaterThan(200);
    });

  it('company1', () => {
    expect(expectMatrixAsTraced(buildCompany1())).toBeGreaterThan(200);
  });
});
