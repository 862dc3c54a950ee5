// The review's indeterminate public and cross-account findings say why (risk-external-access.ts
// `whyIndeterminate`): the reasons of one of their requests, each worded by `reasonLine`, and the
// statements its unknowns name. They come from one untraced decision's noted unknowns
// (`Decision.unknowns`, engine/unknowns-met.ts), as the matrix reads its cells' reasons, not from
// a second, traced decision. Here they must equal what the traced decision gives (its trace's
// `outcome: 'unknown'` entries: the way the review read them before), request by request, over
// company1 and generated organisations whose unstated account or Region makes decisions
// indeterminate; and no decision `whyIndeterminate` makes builds a trace.

import { describe, expect, it } from 'vitest';
import { generateOrg } from '../bench/generate-org.js';
import { reasonLine } from '../src/analysis/decision-reasons.js';
import { decideAnyContext } from '../src/analysis/free-decision.js';
import { whyIndeterminate } from '../src/analysis/risk-external-access.js';
import type { MatrixReason, MatrixResource, StatementRef } from '../src/analysis/types.js';
import { actionsOfService } from '../src/catalog/index.js';
import type { Engine } from '../src/engine/engine.js';
import { compileModel } from '../src/engine/index.js';
import type { DecideOptions } from '../src/engine/types.js';
import {
  anyPrincipalArn,
  OBJECT_WITNESS_NAME,
  PLACEHOLDER_ACCOUNT,
  unnamedAccount,
} from '../src/model/stand-ins.js';
import type { Model } from '../src/model/types.js';
import { Unknown } from '../src/model/unknown.js';
import { buildCompany1 } from './helpers/company1.js';

/** The reference: the same request decided with a trace, its unknown entries read from the trace. */
function tracedWhy(
  engine: Engine,
  principal: string,
  action: string,
  r: Pick<MatrixResource, 'arn' | 'kind'>,
): { reasons: string[]; found: MatrixReason[]; refs: StatementRef[] } {
  const targets = r.kind === 's3-bucket' ? [r.arn, `${r.arn}/${OBJECT_WITNESS_NAME}`] : [r.arn];
  for (const resource of targets) {
    const d = decideAnyContext(engine, { principal, action, resource }, { trace: true, reasons: true });
    if (d.access !== 'indeterminate') continue;
    return {
      reasons: (d.reasons ?? []).map(reasonLine),
      found: d.reasons ?? [],
      refs: (d.decision.trace ?? [])
        .filter((e) => e.outcome === 'unknown' && e.policy !== undefined)
        .map((e) => ({
          stage: e.stage,
          policy: e.policy,
          statement: e.statement,
          effect: e.effect,
          source: e.source,
        })),
    };
  }
  return { reasons: [], found: [], refs: [] };
}

/** `engine` whose `decide` records the options of every call. */
function recording(engine: Engine): { engine: Engine; calls: (DecideOptions | undefined)[] } {
  const calls: (DecideOptions | undefined)[] = [];
  const decide = engine.decide.bind(engine);
  const spy = Object.create(engine) as Engine;
  spy.decide = (request, options) => {
    calls.push(options);
    return decide(request, options);
  };
  return { engine: spy, calls };
}

/**
 * Every model user and role and the review's outside callers (anyone, a principal of an unnamed
 * account) × every model resource and role × (every `every`-th) action of its service: the lean
 * `whyIndeterminate` equals the traced reference. Returns how many requests were indeterminate.
 */
function expectSameWhy(model: Model, every: number): { indeterminate: number; reasons: number } {
  const { engine, calls } = recording(compileModel(model));
  const principals = [
    ...model.users.map((u) => u.arn),
    ...model.roles.map((r) => r.arn),
    'anonymous',
    anyPrincipalArn(model.partition, unnamedAccount(model), 'user'),
  ];
  const columns = [
    ...model.resources.map((r) => ({ arn: r.arn, kind: r.kind })),
    ...model.roles.map((r) => ({ arn: r.arn, kind: 'iam-role' as const })),
  ];
  let indeterminate = 0;
  let reasons = 0;
  let i = 0;
  for (const column of columns) {
    const service = column.arn.split(':')[2]!;
    const actions = actionsOfService(service).map((a) => a.name);
    for (const action of actions)
      for (const principal of principals) {
        if (i++ % every) continue;
        const expected = tracedWhy(engine, principal, action, column);
        calls.length = 0;
        const got = whyIndeterminate(engine, principal, action, column);
        // one untraced decision (and its pessimistic twin) per target: no trace is built
        expect(calls.every((o) => !o?.trace)).toBe(true);
        if (JSON.stringify(got) !== JSON.stringify(expected))
          throw new Error(
            `whyIndeterminate differs for ${principal} ${action} ${column.arn}:\n${JSON.stringify(got)}\n${JSON.stringify(expected)}`,
          );
        if (expected.reasons.length) {
          indeterminate++;
          reasons += expected.reasons.length;
        }
      }
  }
  return { indeterminate, reasons };
}

describe('the review says why a finding is indeterminate from one untraced decision', () => {
  it('on company1: the same answers as the traced decision (none indeterminate)', () => {
    expect(expectSameWhy(buildCompany1(), 7).indeterminate).toBe(0);
  });

  it('on company1 whose resource policy statements might not exist: the same reasons and statements', () => {
    // each statement of a resource policy behind a `count` known only after apply
    const model = buildCompany1();
    const maybe: Model = {
      ...model,
      resources: model.resources.map((r) =>
        r.policy
          ? {
              ...r,
              policy: {
                ...r.policy,
                statements: r.policy.statements.map((st) => ({
                  ...st,
                  presence: new Unknown('count = var.enabled ? 1 : 0 is known only after apply', st.source),
                })),
              },
            }
          : r,
      ),
    };
    const { indeterminate, reasons } = expectSameWhy(maybe, 3);
    expect(indeterminate).toBeGreaterThan(10);
    expect(reasons).toBeGreaterThanOrEqual(indeterminate);
  });

  for (const variant of ['unstated account', 'region stand-in'] as const)
    it(`on a generated organisation (${variant}): the same reasons and statements`, () => {
      const { model } = generateOrg({
        principals: 12,
        resources: 16,
        policies: 24,
        seed: 7,
        mainAccount: PLACEHOLDER_ACCOUNT,
        ...(variant === 'region stand-in' ? { regionStandIn: true } : {}),
      });
      const { indeterminate, reasons } = expectSameWhy(model, 5);
      // Not vacuous: indeterminate requests were compared, reasons and all.
      expect(indeterminate).toBeGreaterThan(5);
      expect(reasons).toBeGreaterThanOrEqual(indeterminate);
    });
});
