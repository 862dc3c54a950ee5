// The role `partner` of another account that cross-account tests call from: its account added to
// a ModelBuilder, with one inline identity policy (the test's own document).

import type { ModelBuilder } from '../../src/model/builder.js';
import { parsePolicy } from '../../src/policy/parse.js';

/** Adds `account` and its role `partner` with the inline policy `identity` (a policy JSON object). */
export function withPartnerRole(b: ModelBuilder, account: string, identity: unknown): ModelBuilder {
  b.addAccount(account, 'us-east-1');
  const id = b.addRole({ name: 'partner', account, source: { file: 'partner' } });
  b.addInlinePolicy(id, {
    name: 'partner-access',
    document: parsePolicy(identity, { kind: 'identity', source: { file: 'partner' } }),
    source: { file: 'partner' },
  });
  return b;
}
