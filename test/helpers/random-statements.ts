// Random policy statements over a small alphabet, for property tests that compare two ways of
// deciding (lean and traced decisions, the skipped pessimistic decision): each test gives its own
// pools of actions, resources, principals and conditions; this builds the statements from them
// (NotAction / NotResource one time in six, a Principal only where the policy kind takes one).
import fc from 'fast-check';
import type { StatementJson } from './engine-fixtures.js';

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
