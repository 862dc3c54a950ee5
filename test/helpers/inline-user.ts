// A ModelBuilder holding one account (in us-east-1) and one user whose one inline policy allows
// some actions on every resource: the start of the builder tests that add the rest themselves
// (escalation-name-candidates-side, session-policy-principals).

import { ModelBuilder } from '../../src/model/builder.js';
import type { Source } from '../../src/model/source.js';
import { parsePolicy } from '../../src/policy/parse.js';

/**
 * A builder of account `account` (us-east-1) with user `user.name` whose inline policy
 * `user.policy` allows `user.actions` on `*`, every element of source `source`.
 */
export function builderWithUser(
  account: string,
  user: { name: string; policy: string; actions: string[] },
  source: Source,
): { b: ModelBuilder; userId: string } {
  const b = new ModelBuilder();
  b.addAccount(account, 'us-east-1');
  const userId = b.addUser({ name: user.name, account, source });
  b.addInlinePolicy(userId, {
    name: user.policy,
    document: parsePolicy(
      { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: user.actions, Resource: '*' }] },
      { kind: 'identity', source },
    ),
    source,
  });
  return { b, userId };
}
