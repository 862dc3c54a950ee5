// The access diff's risk review reads what its matrices decided (diff/evaluate.ts
// `deniedByCells`): an escalation step on a matrix column (a Lambda function, a role) whose
// action the side's cell does not list was decided deny by the matrix, so the review makes no
// decision for it (risk-escalation.ts `KnownDenied`). The findings must be exactly those of the
// review without that knowledge: checked on synthetic organisations (the stated account, the
// unstated deploying account with its worlds, the region stand-in), with every cell evaluated and
// with only some rows and columns evaluated (a pull request's diff: the other cells are not known).

import { describe, expect, it } from 'vitest';
import { generateOrg } from '../bench/generate-org.js';
import { evaluateSide } from '../src/analysis/diff/evaluate.js';
import { keyOfNew, layoutSide } from '../src/analysis/diff/layout.js';
import { textNumbering } from '../src/analysis/diff/normalize.js';
import { reviewRisks } from '../src/analysis/risks.js';
import { compileModel } from '../src/engine/index.js';
import { PLACEHOLDER_ACCOUNT } from '../src/model/stand-ins.js';
import type { Model } from '../src/model/types.js';

const SIZE = { principals: 120, resources: 50, policies: 240 };

async function sideRisks(model: Model, rows: Set<string>, columns: Set<string>, full: boolean) {
  const side = layoutSide(model, keyOfNew, textNumbering());
  const out = await evaluateSide(
    side,
    compileModel(model),
    { full, rows, columns, allChains: false, allRisks: true },
    keyOfNew,
  );
  return out.risks!;
}

function plainReview(model: Model) {
  const subjects = [...model.users, ...model.roles].map((p) => p.arn);
  return reviewRisks(compileModel(model), undefined, { principals: subjects });
}

describe('the diff risk review with the denials its matrices decided', () => {
  const orgs: [string, Model][] = [
    ['seed 1', generateOrg({ ...SIZE, seed: 1 }).model],
    ['seed 2', generateOrg({ ...SIZE, seed: 2 }).model],
    [
      'unstated account',
      generateOrg({ principals: 60, resources: 30, policies: 120, seed: 3, mainAccount: PLACEHOLDER_ACCOUNT })
        .model,
    ],
    ['region stand-in', generateOrg({ ...SIZE, seed: 4, regionStandIn: true }).model],
  ];

  it.each(orgs)('%s, every cell evaluated: the findings of the plain review', async (_, model) => {
    const expected = plainReview(model);
    // The escalation check does try Lambda functions and roles (the steps the matrix answers).
    expect(expected.some((f) => f.kind === 'privilege-escalation')).toBe(true);
    expect(await sideRisks(model, new Set(), new Set(), true)).toEqual(expected);
  });

  it.each(orgs)('%s, some rows and columns evaluated: the findings of the plain review', async (_, model) => {
    const rows = new Set([...model.users, ...model.roles].filter((_, i) => i % 3 === 0).map((p) => p.arn));
    const columns = new Set(
      [...model.resources.filter((r) => r.kind === 'lambda-function'), ...model.roles]
        .filter((_, i) => i % 2 === 0)
        .map((r) => r.arn),
    );
    expect(await sideRisks(model, rows, columns, false)).toEqual(plainReview(model));
  });
});
