// The administrator probes of the risk review (analysis/risks.ts) are decided in order up to the
// first denied one (one denied probe makes a principal no administrator): the admin-equivalent
// findings and `adminEquivalence` are what deciding all ten probes for every principal gives.
// Checked on synthetic organisations (administrators through AdministratorAccess, principals
// with boundaries, Deny statements and conditions). Likewise the wildcard findings, whose "what
// the caps leave" of a statement is worked out once per Action list, boundary and SCP list: the
// same as reviewing each principal alone with an engine of its own.

import { describe, expect, it } from 'vitest';
import { generateOrg } from '../bench/generate-org.js';
import { combineAccess, mergeStatementRefs } from '../src/analysis/chains.js';
import { decideAnyContext } from '../src/analysis/free-decision.js';
import { adminEquivalence, adminProbes, reviewRisks } from '../src/analysis/risks.js';
import { compileModel } from '../src/engine/index.js';
import type { Engine } from '../src/engine/engine.js';
import type { Model } from '../src/model/types.js';
import { ACCOUNT_A, allow, arns, policy, TestModel } from './helpers/engine-fixtures.js';

/** Every probe decided, for every user and role (the review without the shortcut). */
function naiveAdmin(engine: Engine, model: Model) {
  return [...model.users, ...model.roles].map((p) => {
    const region =
      model.accounts.find((a) => a.id === p.account)?.region ?? model.accounts.find((a) => a.region)?.region;
    expect(region).toBeDefined();
    const decisions = adminProbes(model.partition, p.account, region!).map((probe) =>
      decideAnyContext(engine, { principal: p.arn, ...probe }),
    );
    return {
      arn: p.arn,
      access: combineAccess(decisions.map((d) => d.access)),
      statements: mergeStatementRefs(...decisions.map((d) => d.grants)),
    };
  });
}

describe('admin probes decided up to the first denied one', () => {
  it('synthetic organisations: the same admin-equivalent findings and equivalence as deciding every probe', () => {
    let admins = 0;
    let others = 0;
    for (const seed of [1, 2, 3, 4]) {
      const model = generateOrg({ principals: 150, resources: 40, policies: 300, seed }).model;
      const engine = compileModel(model);
      const naive = naiveAdmin(engine, model);
      const findings = reviewRisks(engine).filter((f) => f.kind === 'admin-equivalent');
      const expected = naive.filter((n) => n.access !== 'deny');
      admins += expected.length;
      others += naive.length - expected.length;
      expect(findings.map((f) => f.subject)).toEqual(expected.map((n) => n.arn));
      expect(findings.map((f) => f.severity)).toEqual(
        expected.map((n) => (n.access === 'allow' ? 'high' : 'medium')),
      );
      expect(findings.map((f) => f.statements)).toEqual(expected.map((n) => n.statements));
      const equivalence = adminEquivalence(compileModel(model));
      expect(naive.map((n) => equivalence(n.arn))).toEqual(naive.map((n) => n.access));
    }
    // Administrators (AdministratorAccess) and principals that are not.
    expect(admins).toBeGreaterThan(0);
    expect(others).toBeGreaterThan(admins);
  });
});

describe('wildcard findings with the caps of a statement worked out once', () => {
  it('synthetic organisation: the same findings as reviewing each principal with a fresh engine', () => {
    const model = generateOrg({ principals: 120, resources: 30, policies: 240, seed: 5 }).model;
    const wildcard = (f: { kind: string }) => f.kind === 'wildcard-action' || f.kind === 'wildcard-resource';
    const all = reviewRisks(compileModel(model)).filter(wildcard);
    const alone = [...model.users, ...model.roles].flatMap((p) =>
      reviewRisks(compileModel(model), undefined, { principals: [p.arn] }).filter(wildcard),
    );
    expect(all.length).toBeGreaterThan(0);
    const byKind = (list: typeof all) =>
      [...list].sort((x, y) => (x.kind === y.kind ? 0 : x.kind < y.kind ? -1 : 1));
    expect(byKind(all)).toEqual(byKind(alone));
  });

  it('one managed policy, principals with and without a boundary that caps it: each says what its own caps leave', () => {
    const t = new TestModel();
    const shared = t.managedPolicy('shared-s3', policy(allow('s3:*', '*')), ACCOUNT_A, 'identity');
    t.user('free', { managed: [shared] });
    t.user('capped', { managed: [shared], boundary: policy(allow('s3:GetObject', '*')) });
    t.user('free-too', { managed: [shared] });
    t.user('capped-otherwise', {
      managed: [shared],
      boundary: policy(allow(['s3:GetObject', 's3:PutObject'], '*')),
    });
    const wild = reviewRisks(t.engine()).filter((f) => f.kind === 'wildcard-action');
    expect(wild.map((f) => f.subject)).toEqual(
      ['free', 'capped', 'free-too', 'capped-otherwise'].map((n) => arns.user(n)),
    );
    expect(wild[0]!.message).not.toMatch(/capped/);
    expect(wild[1]!.message).toMatch(
      /capped by the permissions boundary capped-boundary: 1 of its \d+ actions remain/,
    );
    expect(wild[2]!.message).toBe(wild[0]!.message.replace('free', 'free-too'));
    expect(wild[3]!.message).toMatch(
      /capped by the permissions boundary capped-otherwise-boundary: 2 of its \d+ actions remain/,
    );
  });
});
