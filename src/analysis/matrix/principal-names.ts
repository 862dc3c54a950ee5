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
  /** The names (ARN; account id and root) as they are here and in every other world of `decide`. */
  names: Set<string>;
  accountNames: Set<string>;
  session: string | undefined;
  /** `session` lowercased: a Principal may name a session in other letter case (chains.ts `arnKeys`). */
  sessionLower: string | undefined;
  /** The session prefix as it is in every world (`session` included), when there are other worlds. */
  worldSessions: string[];
  /** The other worlds of `decide` (`MatrixModelView.worldMaps`): a statement's names are taken in each. */
  worldMaps: readonly ((s: string) => string)[];
  external: boolean;
  noShortcut: boolean;
}

const statementNames = new WeakMap<CompiledStatement, PolicyNames>();

/**
 * Who a statement names, here and (with `maps`) in every other world: a row whose names in some
 * world are among them may be granted there. Cached per statement (one engine's worlds).
 */
function namesOf(st: CompiledStatement, maps: readonly ((s: string) => string)[]): PolicyNames {
  let names = statementNames.get(st);
  if (!names) {
    names = policyNamesOf({
      name: '',
      kind: 'resource',
      source: st.source,
      statements: [st],
      unknown: undefined,
    });
    if (maps.length) {
      const all = new Set(names.names);
      const prefixes = new Set(names.sessionPrefixes);
      for (const into of maps) {
        for (const n of names.names) all.add(into(n));
        for (const x of names.sessionPrefixes) prefixes.add(into(x));
      }
      names = { anyone: names.anyone, names: all, sessionPrefixes: [...prefixes] };
    }
    statementNames.set(st, names);
  }
  return names;
}

/** Can this resource-policy Allow statement grant the row's principal by itself (in some world)? */
export function grantsPrincipal(st: CompiledStatement, state: RowNames): boolean {
  const names = namesOf(st, state.worldMaps);
  if (names.anyone) return true;
  for (const n of state.names) if (names.names.has(n)) return true;
  const sessions = state.worldSessions.length
    ? state.worldSessions
    : state.session
      ? [state.session, state.sessionLower!]
      : [];
  for (const s of sessions) if (names.sessionPrefixes.some((x) => s.startsWith(x))) return true;
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
