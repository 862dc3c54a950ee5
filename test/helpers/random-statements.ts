// Random policy statements over a small alphabet, for property tests that compare two ways of
// deciding (lean and traced decisions, the skipped pessimistic decision): each test gives its own
// pools of actions, resources, principals and conditions; this builds the statements from them
// (NotAction / NotResource one time in six, a Principal only where the policy kind takes one).
import fc from 'fast-check';
import { ACCOUNT_A, type StatementJson, TestModel } from './engine-fixtures.js';

export interface StatementPools {
  actions: string[];
  resources: string[];
  principals: unknown[];
  /** Condition blocks to draw from (`undefined` for none; repeat it to make it likelier). */
  conditions: (Record<string, Record<string, string>> | undefined)[];
}

/** `statements(withPrincipal)`: one to four statements; `doc(statements)`: a policy document. */
export function randomStatements(pools: StatementPools) {
  const statement = (withPrincipal: boolean) =>
    fc
      .record({
        effect: fc.constantFrom('Allow', 'Allow', 'Deny'),
        not: fc.integer({ min: 0, max: 5 }),
        actions: fc.subarray(pools.actions, { minLength: 1, maxLength: 3 }),
        resources: fc.subarray(pools.resources, { minLength: 1, maxLength: 2 }),
        principal: fc.constantFrom(...pools.principals),
        condition: fc.constantFrom(...pools.conditions),
      })
      .map((g) => {
        const s: StatementJson = { Effect: g.effect };
        s[g.not === 0 ? 'NotAction' : 'Action'] = g.actions;
        s[g.not === 1 ? 'NotResource' : 'Resource'] = g.resources;
        if (withPrincipal) s.Principal = g.principal;
        if (g.condition) s.Condition = g.condition;
        return s;
      });
  return {
    statements: (withPrincipal: boolean) =>
      fc.array(statement(withPrincipal), { minLength: 1, maxLength: 4 }),
    doc: (s: StatementJson[]) => ({ Version: '2012-10-17', Statement: s }),
  };
}

/** The drawn policies of `randomPoliciesModel` (`null`: the element has none of that kind). */
export interface RandomPolicySet {
  u1: StatementJson[];
  u2?: StatementJson[] | undefined;
  r1: StatementJson[];
  boundary: StatementJson[] | null;
  trust: StatementJson[];
  bucket: StatementJson[] | null;
  queue: StatementJson[] | null;
  scp: StatementJson[] | null;
}

/** The policies of `randomPoliciesModel`, each drawn from `list` (a Principal where the kind takes one). */
export function randomPolicies(
  list: (withPrincipal: boolean) => fc.Arbitrary<StatementJson[]>,
  options: { u2?: boolean } = {},
): fc.Arbitrary<RandomPolicySet> {
  return fc.record({
    u1: list(false),
    u2: options.u2 ? list(false) : fc.constant(undefined),
    r1: list(false),
    boundary: fc.option(list(false)),
    trust: list(true),
    bucket: fc.option(list(true)),
    queue: fc.option(list(true)),
    scp: fc.option(list(false)),
  });
}

/**
 * User u1 (tag team=blue, its statements as `u1Inline` makes them, and a boundary), user u2 when
 * drawn, role r1 (trust and inline), bucket b1 and queue `queue` with their policies, and an
 * allow-all SCP of ACCOUNT_A with the drawn statements after it.
 */
export function randomPoliciesModel(
  spec: RandomPolicySet,
  doc: ReturnType<typeof randomStatements>['doc'],
  queue: string,
  u1Inline: (statements: StatementJson[]) => StatementJson[][] = (s) => [s],
): TestModel {
  const m = new TestModel();
  m.user('u1', {
    tags: { team: 'blue' },
    inline: u1Inline(spec.u1).map(doc),
    ...(spec.boundary ? { boundary: doc(spec.boundary) } : {}),
  });
  if (spec.u2) m.user('u2', { inline: [doc(spec.u2)] });
  m.role('r1', { trust: doc(spec.trust), inline: [doc(spec.r1)] });
  m.bucket('b1', spec.bucket ? { policy: doc(spec.bucket) } : {});
  m.resource('sqs-queue', queue, spec.queue ? { policy: doc(spec.queue) } : {});
  if (spec.scp) m.scp(ACCOUNT_A, doc([{ Effect: 'Allow', Action: '*', Resource: '*' }, ...spec.scp]));
  return m;
}
