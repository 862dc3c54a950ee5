// The names a new user, role or group of one's own may take (analysis/escalation-new-principal.ts
// `newPrincipalEscalations`): the cheap names (one common witness of the creator's identity Allow
// patterns, policy variables widened to `*`, and the probe name) and then one name of every class
// the policies that may apply tell apart (`searchedNames`, over exhaustive.ts `patternResources`
// for all the method's actions together). Reproduction: the requests were decided on the cheap
// names only, so a permissions boundary, an SCP or a Deny that left only `user/team-*` (or denied
// exactly the names tried), or an Allow on `user/${aws:PrincipalTag/team}-*`, gave no finding and a
// passing `noEscalation`, though creating user team-x escalates; and the search's limit was silent.
//
// Pages:
// - IAM User Guide, "Policy evaluation logic": "an explicit deny in any of these policies overrides
//   the allow".
// - IAM User Guide, "Permissions boundaries for IAM entities": "An entity's permissions boundary
//   allows it to perform only the actions that are allowed by both its identity-based policies and
//   its permissions boundaries."
// - IAM User Guide, "IAM JSON policy elements: NotResource": "NotResource is an advanced policy
//   element that explicitly matches every resource except those specified."
// - IAM User Guide, "IAM policy elements: Variables and tags": "Use AWS Identity and Access
//   Management (IAM) policy variables as placeholders when you don't know the exact value of a
//   resource or condition key when you write the policy"; "If AWS cannot resolve a variable this
//   might cause the entire statement to be invalid."
// - IAM API Reference, CreateUser: "Creates a new IAM user for your AWS account".

import { describe, expect, it } from 'vitest';
import { newPrincipalEscalations } from '../src/analysis/escalation-new-principal.js';
import { reviewRisks } from '../src/analysis/risks.js';
import { parseSpec } from '../src/spec/parse.js';
import { runSpec } from '../src/spec/run.js';
import {
  ACCOUNT_A,
  allow,
  deny,
  FULL_AWS_ACCESS,
  policy,
  type StatementJson,
  TestModel,
} from './helpers/engine-fixtures.js';

const USERS = `arn:aws:iam::${ACCOUNT_A}:user/`;
const ACTS = ['iam:CreateUser', 'iam:PutUserPolicy', 'iam:CreateAccessKey'];
const DETAIL = 'iam:CreateUser with a policy and credentials of its own';

interface Setup {
  boundary?: unknown;
  scp?: unknown;
  tags?: Record<string, string>;
  role?: boolean;
}

function run(statements: StatementJson[], o: Setup = {}) {
  const t = new TestModel();
  const opts = {
    inline: [policy(...statements)],
    ...(o.boundary ? { boundary: o.boundary as never } : {}),
    ...(o.tags ? { tags: o.tags } : {}),
  };
  const arn = o.role ? t.role('dev', opts) : t.user('dev', opts);
  if (o.scp) t.scp(ACCOUNT_A, o.scp);
  const engine = t.engine();
  const p = [...engine.model.users, ...engine.model.roles].find((x) => x.arn === arn)!;
  const found = newPrincipalEscalations(engine, p).filter((x) => x.method.detail === DETAIL);
  const spec = parseSpec(
    `version: 1\nexpect:\n  - { id: dev, principal: ${o.role ? 'role' : 'user'}/dev, noEscalation: true }\n`,
  );
  const check = runSpec(engine.model, spec, { engine }).expectations[0]!;
  const findings = reviewRisks(engine).filter((f) => f.subject === arn && f.detail === DETAIL);
  return { found, check: check.status, findings };
}

describe('a name only a boundary, an SCP or a Deny leaves (the reproduction)', () => {
  it('a boundary that allows CreateUser only on user/team-*: found on a team- name (was none)', () => {
    const r = run([allow(ACTS, '*')], {
      boundary: policy(allow('*', '*'), deny('iam:CreateUser', undefined, { NotResource: `${USERS}team-*` })),
    });
    expect(r.found.map((x) => [x.access, x.arn.startsWith(`${USERS}team-`)])).toEqual([['allow', true]]);
    expect(r.check).toBe('fail');
    expect(r.findings.map((f) => f.severity)).toEqual(['high']);
  });

  it('an SCP that denies IAM outside user/team-*: found on a team- name (was none)', () => {
    const r = run([allow(ACTS, '*')], {
      scp: policy(allow('*', '*'), deny('iam:*', undefined, { NotResource: `${USERS}team-*` })),
    });
    expect(r.found.map((x) => [x.access, x.arn.startsWith(`${USERS}team-`)])).toEqual([['allow', true]]);
    expect(r.check).toBe('fail');
  });

  it('an identity Deny on exactly the names tried before (x*, and the probe iamspec-*): another name (was none)', () => {
    const r = run([allow(ACTS, '*'), deny('iam:*', [`${USERS}x*`, `${USERS}i*`])]);
    expect(r.found.map((x) => x.access)).toEqual(['allow']);
    expect(r.found[0]!.arn).not.toMatch(/user\/[xi]/);
    expect(r.check).toBe('fail');
  });

  it('an Allow on user/ + the variable aws:PrincipalTag/team + -* of a principal tagged team=red: found on red-… (was none)', () => {
    const r = run([allow(ACTS, `${USERS}\${aws:PrincipalTag/team}-*`)], { tags: { team: 'red' } });
    expect(r.found.map((x) => [x.access, x.arn.startsWith(`${USERS}red-`)])).toEqual([['allow', true]]);
    expect(r.check).toBe('fail');
  });
});

describe('near-misses and what was sound already', () => {
  it('an Allow on user/ + the variable aws:username + -* (sound before: the name the user fixes is tried)', () => {
    const r = run([allow(ACTS, `${USERS}\${aws:username}-*`)]);
    expect(r.found.map((x) => [x.access, x.arn.startsWith(`${USERS}dev-`)])).toEqual([['allow', true]]);
  });

  it('the variable aws:username in a role creator\u2019s policy has no value: no name, no finding', () => {
    const r = run([allow(ACTS, `${USERS}\${aws:username}-*`)], { role: true });
    expect(r.found).toEqual([]);
  });

  it('a boundary that denies every user name, or an SCP Deny on user/*: nothing (every class denied)', () => {
    expect(run([allow(ACTS, '*')], { boundary: policy(allow('s3:*', '*')) }).found).toEqual([]);
    expect(
      run([allow(ACTS, '*')], { scp: policy(allow('*', '*'), deny('iam:CreateUser', `${USERS}*`)) }).found,
    ).toEqual([]);
  });

  it('no SCP of the inputs: FullAWSAccess stands (the fixture) and the cheap name is kept', () => {
    const r = run([allow(ACTS, '*')], { scp: FULL_AWS_ACCESS });
    expect(r.found.map((x) => x.access)).toEqual(['allow']);
  });
});

describe('the search limit is never a silent nothing', () => {
  // 80 exact names, each allowed by a statement of its own (a condition of its own, so no union
  // merges them: exhaustive.ts `resourceUnions`): every name its own class, more than are tried.
  const names = Array.from({ length: 80 }, (_, i) => `${USERS}n${String(i).padStart(2, '0')}`);
  const allows = names.map((n, i) =>
    allow(ACTS, n, { Condition: { NumericLessThan: { 'aws:MultiFactorAuthAge': String(1000 + i) } } }),
  );

  it('more classes than tried and none escalates: indeterminate, saying why (was nothing)', () => {
    const r = run([...allows, deny('iam:CreateAccessKey', names)]);
    expect(r.found.map((x) => x.access)).toEqual(['indeterminate']);
    expect(r.found[0]!.open).toContain('a search limit');
    expect(r.check).not.toBe('pass');
    expect(r.findings.map((f) => f.indeterminate?.reasons.map((x) => x.text).join(' '))).toEqual([
      expect.stringContaining('a search limit'),
    ]);
  });

  it('one name of the 80 escapes the Deny: an escalation or indeterminate, never nothing', () => {
    const r = run([...allows, deny('iam:CreateAccessKey', names.slice(1))]);
    expect(r.found.map((x) => x.access)).toEqual([expect.stringMatching(/^(conditional|indeterminate)$/)]);
    expect(r.check).not.toBe('pass');
  });

  it('the same 80 names in one statement: one class, decided, no limit (exhaustive.ts resourceUnions)', () => {
    const r = run([allow(ACTS, names), deny('iam:CreateAccessKey', names)]);
    expect(r.found).toEqual([]);
    expect(r.check).toBe('pass');
  });
});
