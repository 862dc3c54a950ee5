// The administrator probes (analysis/risks.ts `adminProbes`) are requests on names no element has
// (`iamspec-any-user`, `iamspec-any-bucket`, ...): they stand for the resources a principal was
// never given by name. Reproduction: a principal allowed everything but denied one probe's action
// on a pattern its probe name happens to fall in (`user/*-user`) was taken for no administrator
// (no finding, and `adminEquivalence` deny for the escalation checks), though it may create any
// other user: the probe was not of the class of names its policies never name. Now a denied probe
// whose action some identity Allow may grant is decided too on one witness of every class of names
// the policies tell apart (analysis/exhaustive.ts `patternResources`, escalation-start-names.ts
// `witnessesOf`); one not denied makes the probe indeterminate, with why. Where the probe is sound
// already (a Deny on `prod-*`, a NotResource on `prod-*`: the probe is allowed; an Allow only on
// `team-*` names: the next probe is denied), the tests prove it.
//
// Pages:
// - IAM User Guide, "Policy evaluation logic": "an explicit deny in any of these policies overrides
//   the allow".
// - IAM User Guide, "IAM JSON policy elements: NotResource": "NotResource is an advanced policy
//   element that explicitly matches every resource except those specified."
// - IAM User Guide, "IAM JSON policy elements: Resource": "You can use wildcard characters (* and
//   ?) within any ARN segment".

import { describe, expect, it } from 'vitest';
import { adminEquivalence, reviewRisks } from '../src/analysis/risks.js';
import { ACCOUNT_A, allow, deny, policy, type StatementJson, TestModel } from './helpers/engine-fixtures.js';

function admin(statements: StatementJson[]) {
  const t = new TestModel();
  const arn = t.user('dev', { inline: [policy(...statements)] });
  const engine = t.engine();
  const findings = reviewRisks(engine).filter((f) => f.kind === 'admin-equivalent' && f.subject === arn);
  return { findings, equivalence: adminEquivalence(engine)(arn) };
}

const USERS = `arn:aws:iam::${ACCOUNT_A}:user/`;

describe('a probe name its policies name (the reproduction)', () => {
  it('everything allowed, iam:CreateUser denied on user/*-user: might be administrator, saying why (was no finding)', () => {
    const r = admin([allow('*', '*'), deny('iam:CreateUser', `${USERS}*-user`)]);
    expect(r.findings.map((f) => f.severity)).toEqual(['medium']);
    expect(r.equivalence).toBe('indeterminate');
    const why = r.findings[0]!.indeterminate?.reasons.map((x) => x.text).join(' ') ?? '';
    expect(why).toContain('iam:CreateUser');
    expect(why).toContain('iamspec-any-user');
  });

  it('near-miss: the Deny on user/* (every name): no finding, no administrator', () => {
    const r = admin([allow('*', '*'), deny('iam:CreateUser', `${USERS}*`)]);
    expect(r.findings).toEqual([]);
    expect(r.equivalence).toBe('deny');
  });
});

describe('where the probe is sound already', () => {
  it('everything allowed but a Deny on prod-*: administrator (the probe is allowed)', () => {
    const r = admin([allow('*', '*'), deny('*', [`${USERS}prod-*`, 'arn:aws:s3:::prod-*'])]);
    expect(r.findings.map((f) => f.severity)).toEqual(['high']);
    expect(r.equivalence).toBe('allow');
  });

  it('Allow * with NotResource prod-*: administrator (the probe is allowed)', () => {
    const r = admin([allow('*', undefined, { NotResource: [`${USERS}prod-*`, 'arn:aws:s3:::prod-*'] })]);
    expect(r.findings.map((f) => f.severity)).toEqual(['high']);
  });

  it('IAM only on user/team-* names and nothing else: no administrator (the next probe is denied)', () => {
    const r = admin([allow('iam:*', `${USERS}team-*`)]);
    expect(r.findings).toEqual([]);
    expect(r.equivalence).toBe('deny');
  });

  it('no Allow of the action at all: no witness search, no finding', () => {
    expect(admin([allow('s3:*', '*')]).findings).toEqual([]);
  });
});

// The passrole-wildcard finding's probe (`role/iamspec-any-role`) is one too: checked the same way.
describe('iam:PassRole on every role: the probe role name', () => {
  const ROLES = `arn:aws:iam::${ACCOUNT_A}:role/`;
  const pass = (statements: StatementJson[]) => {
    const t = new TestModel();
    const arn = t.user('dev', { inline: [policy(...statements)] });
    return reviewRisks(t.engine()).filter((f) => f.kind === 'passrole-wildcard' && f.subject === arn);
  };

  it('PassRole on *, denied on role/*-role: indeterminate with why (was no finding)', () => {
    const f = pass([allow('iam:PassRole', '*'), deny('iam:PassRole', `${ROLES}*-role`)]);
    expect(f.map((x) => x.severity)).toEqual(['medium']);
    expect(f[0]!.indeterminate?.reasons.map((x) => x.text).join(' ')).toContain('iamspec-any-role');
  });

  it('near-miss: PassRole only on role/team-*: no finding (the passrole-wildcard finding is for every role)', () => {
    expect(pass([allow('iam:PassRole', `${ROLES}team-*`)])).toEqual([]);
  });
});
