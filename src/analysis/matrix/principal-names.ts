// Who a resource or trust policy's Allow statements could name (an over-approximation: `*`,
// unknown values and NotPrincipal name anyone), and whether one Allow statement can grant a
// matrix row's principal by itself. The column index uses the first to find the columns whose
// policy might grant a row; the grouping step uses the second to tell grants from other
// statements.

import type { CompiledPolicy, CompiledStatement } from '../../engine/compile-policy.js';
import { collectPrincipalNames } from '../chains.js';

export interface PolicyNames {
  anyone: boolean;
  names: Set<string>;
  sessionPrefixes: string[];
}

/** What a row says about its principal for `grantsPrincipal` (see rows.ts, `RowState`). */
export interface RowNames {
  names: Set<string>;
  accountNames: Set<string>;
  session: string | undefined;
  external: boolean;
  noShortcut: boolean;
}

const statementNames = new WeakMap<CompiledStatement, PolicyNames>();

/** Can this resource-policy Allow statement grant the row's principal by itself? */
export function grantsPrincipal(st: CompiledStatement, state: RowNames): boolean {
  let names = statementNames.get(st);
  if (!names) {
    names = policyNamesOf({
      name: '',
      kind: 'resource',
      source: st.source,
      statements: [st],
      unknown: undefined,
    });
    statementNames.set(st, names);
  }
  if (names.anyone) return true;
  for (const n of state.names) if (names.names.has(n)) return true;
  if (state.session && names.sessionPrefixes.some((x) => state.session!.startsWith(x))) return true;
  // Naming the account delegates to the account's identity policies, which decide for principals
  // of the model (their identity statements are considered on their own); an account outside the
  // model is assumed to allow.
  if (state.external || state.noShortcut)
    for (const n of state.accountNames) if (names.names.has(n)) return true;
  return false;
}

/** Who an Allow of a resource or trust policy could name (over-approximation). */
export function policyNamesOf(policy: CompiledPolicy): PolicyNames {
  const out: PolicyNames = { anyone: false, names: new Set(), sessionPrefixes: [] };
  if (policy.unknown) {
    out.anyone = true;
    return out;
  }
  for (const st of policy.statements) {
    if (st.effect === 'Deny') continue;
    const s = st.statement;
    if (st.unknown || st.effect === 'Unknown' || s.notPrincipal) out.anyone = true;
    else if (s.principal) collectPrincipalNames(s.principal, out);
  }
  return out;
}
