// biome-ignore-all lint/suspicious/noTemplateCurlyInString: IAM policy variables are written ${...} in plain strings.
// Property-based tests of the engine (fast-check), over models generated from a small alphabet
// of actions, resources, principals and conditions so that decisions are often allow and often
// deny: adding a Deny never widens access, adding an Allow never narrows it, a permissions
// boundary or a session policy never widens it, and decide() never throws on arbitrary JSON
// policies and requests. Each property counts how often the change actually flipped a decision,
// so a property that holds only vacuously fails.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Engine } from '../src/engine/index.js';
import type { DecisionValue, RequestContext } from '../src/engine/types.js';
import {
  ACCOUNT_A,
  ACCOUNT_B,
  arns,
  EXTERNAL_ACCOUNT,
  type StatementJson,
  TestModel,
} from './helpers/engine-fixtures.js';

const RUNS = 100;

// One fixed seed, so a run is repeatable and the "the change flipped some decisions" check cannot
// fail by chance (with a random seed, 100 runs of "add an Allow" once flipped none). Explore other
// seeds with IAMSPEC_PROPERTY_SEED=N; a failure prints its seed and path to replay it.
fc.configureGlobal({ seed: Number(process.env.IAMSPEC_PROPERTY_SEED ?? 20261205) });

// The alphabet.
const B1 = arns.bucket('b1'); // account A
const B2 = arns.bucket('b2'); // account B
const Q1 = arns.queue('q1'); // account A
const R1 = arns.role('r1');
const R1_SESSION = arns.session('r1', 'job');
const U1 = arns.user('u1');
const U2 = arns.user('u2');
const U3 = arns.user('u3', ACCOUNT_B);
const EXT = arns.user('partner', EXTERNAL_ACCOUNT);

const ACTIONS = [
  's3:GetObject',
  's3:PutObject',
  's3:ListBucket',
  'ec2:StartInstances',
  'sqs:SendMessage',
  'sts:AssumeRole',
];
const ACTION_PATTERNS = [
  ...ACTIONS,
  's3:*',
  's3:Get*',
  '*',
  'ec2:Start?nstances',
  'S3:GETOBJECT',
  'sqs:*',
  'sts:*',
];
const RESOURCES = [B1, `${B1}/x`, `${B2}/x`, Q1, R1];
const RESOURCE_PATTERNS = [
  ...RESOURCES,
  '*',
  `${B1}/*`,
  'arn:aws:s3:::b?/*',
  'arn:aws:s3:::*',
  `arn:aws:sqs:*:${ACCOUNT_A}:*`,
  'arn:aws:iam::*:role/*',
];
const REQUEST_PRINCIPALS = [
  U1,
  U2,
  U3,
  R1,
  R1_SESSION,
  arns.root(ACCOUNT_A),
  EXT,
  'ec2.amazonaws.com',
  'anonymous',
];
const PRINCIPAL_SPECS: unknown[] = [
  '*',
  { AWS: '*' },
  { AWS: U1 },
  { AWS: U3 },
  { AWS: R1 },
  { AWS: R1_SESSION },
  { AWS: ACCOUNT_A },
  { AWS: arns.root(ACCOUNT_B) },
  { AWS: arns.root(EXTERNAL_ACCOUNT) },
  { Service: 'ec2.amazonaws.com' },
];
const CONDITIONS: (Record<string, Record<string, string>> | undefined)[] = [
  undefined,
  undefined,
  undefined,
  { StringEquals: { 'aws:PrincipalTag/team': 'blue' } },
  { Bool: { 'aws:SecureTransport': 'true' } },
  { StringNotEquals: { 'aws:username': 'u1' } },
  { Null: { 'aws:TokenIssueTime': 'false' } },
  { StringLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/*' } },
  { StringEqualsIfExists: { 'aws:PrincipalAccount': ACCOUNT_A } },
];
const CONTEXTS: (RequestContext | undefined)[] = [undefined, { 'aws:SecureTransport': 'true' }];

type PrincipalMode = 'none' | 'principal' | 'rcp';

const rarely = fc.integer({ min: 0, max: 4 }).map((n) => n === 0);

function statementArb(mode: PrincipalMode, effect?: 'Allow' | 'Deny'): fc.Arbitrary<StatementJson> {
  return fc
    .record({
      effect: effect ? fc.constant(effect) : fc.constantFrom('Allow', 'Deny'),
      notAction: rarely,
      actions: fc.subarray(ACTION_PATTERNS, { minLength: 1, maxLength: 3 }),
      notResource: rarely,
      resources: fc.subarray(RESOURCE_PATTERNS, { minLength: 1, maxLength: 2 }),
      principal: fc.constantFrom(...PRINCIPAL_SPECS),
      notPrincipal: rarely,
      condition: fc.constantFrom(...CONDITIONS),
    })
    .map((g) => {
      const s: StatementJson = { Effect: g.effect };
      s[g.notAction ? 'NotAction' : 'Action'] = g.actions;
      s[g.notResource ? 'NotResource' : 'Resource'] = g.resources;
      if (mode === 'rcp') s.Principal = '*';
      else if (mode === 'principal') {
        // NotPrincipal is only supported with Deny.
        s[g.notPrincipal && g.effect === 'Deny' ? 'NotPrincipal' : 'Principal'] = g.principal;
      }
      if (g.condition) s.Condition = g.condition;
      return s;
    });
}

const statements = (mode: PrincipalMode) => fc.array(statementArb(mode), { maxLength: 3 });
const ALLOW_ALL: StatementJson = { Effect: 'Allow', Action: '*', Resource: '*' };

/** The generated account: identity, boundary, resource, trust, SCP and RCP statements. */
interface Spec {
  u1: StatementJson[];
  u2: StatementJson[];
  u3: StatementJson[];
  r1: StatementJson[];
  u1Boundary?: StatementJson[];
  u2Boundary?: StatementJson[];
  r1Boundary?: StatementJson[];
  r1Trust: StatementJson[];
  b1Policy?: StatementJson[];
  b2Policy?: StatementJson[];
  q1Policy?: StatementJson[];
  scpA?: StatementJson[];
  rcpA?: StatementJson[];
  session?: StatementJson[];
}
type Slot = keyof Spec;

const SLOT_MODE: Record<Slot, PrincipalMode> = {
  u1: 'none',
  u2: 'none',
  u3: 'none',
  r1: 'none',
  u1Boundary: 'none',
  u2Boundary: 'none',
  r1Boundary: 'none',
  r1Trust: 'principal',
  b1Policy: 'principal',
  b2Policy: 'principal',
  q1Policy: 'principal',
  scpA: 'none',
  rcpA: 'rcp',
  session: 'none',
};
const GRANT_SLOTS: Slot[] = ['u1', 'u2', 'u3', 'r1', 'r1Trust', 'b1Policy', 'b2Policy', 'q1Policy'];
const CAP_SLOTS: Slot[] = ['u1Boundary', 'u2Boundary', 'r1Boundary', 'scpA', 'rcpA', 'session'];

const specArb: fc.Arbitrary<Spec> = fc.record(
  {
    u1: statements('none'),
    u2: statements('none'),
    u3: statements('none'),
    r1: statements('none'),
    u1Boundary: statements('none'),
    u2Boundary: statements('none'),
    r1Boundary: statements('none'),
    r1Trust: statements('principal'),
    b1Policy: statements('principal'),
    b2Policy: statements('principal'),
    q1Policy: statements('principal'),
    // Organization policies keep an allowing statement most of the time (FullAWSAccess).
    scpA: statements('none').map((s) => [ALLOW_ALL, ...s]),
    rcpA: statements('rcp').map((s) => [{ ...ALLOW_ALL, Principal: '*' }, ...s]),
    session: statements('none'),
  },
  { requiredKeys: ['u1', 'u2', 'u3', 'r1', 'r1Trust'] },
);

const doc = (s: StatementJson[]) => ({ Version: '2012-10-17', Statement: s });

function build(spec: Spec): Engine {
  const m = new TestModel();
  const inline = (s: StatementJson[]) => (s.length ? [doc(s)] : []);
  const boundary = (s: StatementJson[] | undefined) => (s ? { boundary: doc(s) } : {});
  m.user('u1', { tags: { team: 'blue' }, inline: inline(spec.u1), ...boundary(spec.u1Boundary) });
  m.user('u2', { inline: inline(spec.u2), ...boundary(spec.u2Boundary) });
  m.user('u3', { account: ACCOUNT_B, inline: inline(spec.u3) });
  m.role('r1', { trust: doc(spec.r1Trust), inline: inline(spec.r1), ...boundary(spec.r1Boundary) });
  m.bucket('b1', spec.b1Policy ? { policy: doc(spec.b1Policy) } : {});
  m.bucket('b2', { account: ACCOUNT_B, ...(spec.b2Policy ? { policy: doc(spec.b2Policy) } : {}) });
  m.resource('sqs-queue', Q1, spec.q1Policy ? { policy: doc(spec.q1Policy) } : {});
  if (spec.scpA) m.scp(ACCOUNT_A, doc(spec.scpA));
  if (spec.rcpA) m.rcp(ACCOUNT_A, doc(spec.rcpA));
  return m.engine({ now: new Date('2024-05-01T00:00:00Z') });
}

const RANK: Record<DecisionValue, number> = { deny: 0, indeterminate: 1, allow: 2 };

interface Counts {
  allow: number;
  deny: number;
  /** Requests whose decision the change moved (in the permitted direction). */
  changed: number;
}

/**
 * Decides every request of the alphabet against two variants and checks
 * `rank(narrower) <= rank(wider)` for each. Returns the counts for non-vacuity checks.
 */
function compare(
  wider: { engine: Engine; session?: StatementJson[] },
  narrower: { engine: Engine; session?: StatementJson[] },
  context: RequestContext | undefined,
  counts: Counts,
): void {
  // One document object per variant: the engine caches parsed session policies by identity.
  const wideSession = wider.session ? { sessionPolicy: doc(wider.session) } : {};
  const narrowSession = narrower.session ? { sessionPolicy: doc(narrower.session) } : {};
  for (const principal of REQUEST_PRINCIPALS)
    for (const action of ACTIONS)
      for (const resource of RESOURCES) {
        const req = { principal, action, resource, ...(context ? { context } : {}) };
        const w = wider.engine.decide({ ...req, ...wideSession }).decision;
        const n = narrower.engine.decide({ ...req, ...narrowSession }).decision;
        if (RANK[n] > RANK[w])
          throw new Error(`widened: ${JSON.stringify(req)} is ${w} before and ${n} after the change`);
        counts[w === 'allow' ? 'allow' : 'deny']++;
        if (n !== w) counts.changed++;
      }
}

const fresh = (): Counts => ({ allow: 0, deny: 0, changed: 0 });

function expectMeaningful(c: Counts) {
  expect(c.allow, 'some generated requests are allowed').toBeGreaterThan(0);
  expect(c.deny, 'some generated requests are denied').toBeGreaterThan(0);
  expect(c.changed, 'the change flipped some decisions').toBeGreaterThan(0);
}

function withStatement(spec: Spec, slot: Slot, s: StatementJson): Spec {
  return { ...spec, [slot]: [...(spec[slot] ?? []), s] };
}

describe('engine properties (DESIGN.md "Errors and bad input": properties that must hold)', () => {
  it('adding a Deny statement anywhere never widens access', () => {
    const c = fresh();
    const slotted = fc
      .constantFrom(...GRANT_SLOTS, ...CAP_SLOTS)
      .chain((slot) => fc.tuple(fc.constant(slot), statementArb(SLOT_MODE[slot], 'Deny')));
    fc.assert(
      fc.property(specArb, slotted, fc.constantFrom(...CONTEXTS), (spec, [slot, st], context) => {
        const after = withStatement(spec, slot, st);
        compare(
          { engine: build(spec), session: spec.session },
          { engine: build(after), session: after.session },
          context,
          c,
        );
      }),
      { numRuns: RUNS },
    );
    expectMeaningful(c);
  });

  it('adding an Allow statement never narrows access', () => {
    const c = fresh();
    // Adding to a boundary, session policy, SCP or RCP that does not exist would create one
    // (which narrows); add to those only when present.
    const slotted = fc
      .constantFrom(...GRANT_SLOTS, ...CAP_SLOTS)
      .chain((slot) => fc.tuple(fc.constant(slot), statementArb(SLOT_MODE[slot], 'Allow')));
    fc.assert(
      fc.property(specArb, slotted, fc.constantFrom(...CONTEXTS), (spec, [slot, st], context) => {
        const target = CAP_SLOTS.includes(slot) && spec[slot] === undefined ? 'u1' : slot;
        const s = { ...st };
        if (SLOT_MODE[target] === 'none') {
          delete s.Principal;
          delete s.NotPrincipal;
        }
        const after = withStatement(spec, target, s);
        compare(
          { engine: build(after), session: after.session },
          { engine: build(spec), session: spec.session },
          context,
          c,
        );
      }),
      { numRuns: RUNS },
    );
    expectMeaningful(c);
  });

  it('adding or replacing a permissions boundary never widens access (compared with no boundary)', () => {
    const c = fresh();
    fc.assert(
      fc.property(
        specArb,
        fc.constantFrom<Slot>('u1Boundary', 'u2Boundary', 'r1Boundary'),
        statements('none'),
        fc.constantFrom(...CONTEXTS),
        (spec, slot, boundary, context) => {
          const without = { ...spec, [slot]: undefined };
          const withB = { ...spec, [slot]: boundary };
          compare(
            { engine: build(without), session: spec.session },
            { engine: build(withB), session: spec.session },
            context,
            c,
          );
        },
      ),
      { numRuns: RUNS },
    );
    expectMeaningful(c);
  });

  it('a session policy never widens access', () => {
    const c = fresh();
    fc.assert(
      fc.property(specArb, statements('none'), fc.constantFrom(...CONTEXTS), (spec, session, context) => {
        const e = build(spec);
        compare({ engine: e }, { engine: e, session }, context, c);
      }),
      { numRuns: RUNS },
    );
    expectMeaningful(c);
  });
});

describe('decide() never throws on arbitrary JSON policies and requests', () => {
  const ELEMENT_KEYS = [
    'Sid',
    'Effect',
    'Principal',
    'NotPrincipal',
    'Action',
    'NotAction',
    'Resource',
    'NotResource',
    'Condition',
  ];
  const alphabetValue = fc.constantFrom<unknown>(
    ...ACTION_PATTERNS,
    ...RESOURCE_PATTERNS,
    ...PRINCIPAL_SPECS,
    ...CONDITIONS.filter(Boolean),
    'Allow',
    'Deny',
    "arn:aws:s3:::${aws:username}/${aws:PrincipalTag/x, 'd'}/*",
    '${',
  );
  const value = fc.oneof(
    fc.jsonValue({ maxDepth: 3 }),
    alphabetValue,
    fc.array(alphabetValue, { maxLength: 3 }),
  );
  const statementLike = fc.dictionary(fc.oneof(fc.constantFrom(...ELEMENT_KEYS), fc.string()), value, {
    maxKeys: 6,
  });
  const policyLike = fc.oneof(
    fc.jsonValue({ maxDepth: 4 }),
    fc.record(
      {
        Version: fc.oneof(fc.constantFrom('2012-10-17', '2008-10-17'), fc.jsonValue({ maxDepth: 1 })),
        Statement: fc.oneof(
          statementLike,
          fc.array(statementLike, { maxLength: 4 }),
          fc.jsonValue({ maxDepth: 2 }),
        ),
        Id: fc.jsonValue({ maxDepth: 1 }),
      },
      { requiredKeys: ['Statement'] },
    ),
    fc.string().map((s) => `{"Statement": ${s}`),
  );
  const requestArb = fc.record({
    principal: fc.oneof(
      fc.string(),
      fc.constantFrom(...REQUEST_PRINCIPALS, 'arn:aws:iam::', '123456789012', 'arn:aws:sts::1:assumed-role'),
    ),
    action: fc.oneof(fc.string(), fc.constantFrom(...ACTIONS, ':', 's3:', '')),
    resource: fc.oneof(fc.string(), fc.constantFrom(...RESOURCES, 'arn:aws:s3:::', 'arn:', '*')),
    context: fc.option(fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 2 })), { nil: undefined }),
    sessionPolicy: fc.option(policyLike, { nil: undefined }),
    trace: fc.boolean(),
  });

  it('for identity, boundary, resource, trust, SCP, RCP and session documents', () => {
    const seen = new Set<DecisionValue>();
    fc.assert(
      fc.property(
        fc.record({
          identity: policyLike,
          boundary: policyLike,
          resource: policyLike,
          trust: policyLike,
          scp: policyLike,
          rcp: policyLike,
        }),
        fc.array(requestArb, { minLength: 1, maxLength: 8 }),
        (docs, requests) => {
          const m = new TestModel();
          const u1 = m.user('u1', { inline: [docs.identity] });
          const boundaryArn = m.managedPolicy('u1-boundary', docs.boundary, ACCOUNT_A, 'boundary');
          m.b.setPermissionsBoundary(u1, { policyArn: boundaryArn, source: { file: 'property' } });
          m.role('r1', { trust: docs.trust, inline: [docs.identity] });
          m.bucket('b1', { policy: docs.resource });
          m.resource('kms-key', arns.key('k1'), { policy: docs.resource });
          m.scp(ACCOUNT_A, docs.scp);
          m.rcp(ACCOUNT_A, docs.rcp);
          const e = m.engine();
          for (const r of requests) {
            const { trace, context, ...rest } = r;
            const d = e.decide({ ...rest, context: context as RequestContext | undefined }, { trace });
            expect(['allow', 'deny', 'indeterminate']).toContain(d.decision);
            expect(['allowed', 'explicit-deny', 'implicit-deny', 'unknown-value']).toContain(d.reason);
            if (trace) expect(Array.isArray(d.trace)).toBe(true);
            seen.add(d.decision);
          }
        },
      ),
      { numRuns: 200 },
    );
    expect(seen.has('deny')).toBe(true);
  });
});
