// The matrix's rows: the principals asked for (model references such as `group/NAME` resolved to
// their members, request principals kept as given, duplicates dropped), and per row what the
// column pruning and the grouping step need: its identity, boundary and SCP statements (as the
// engine compiled them), how a resource policy could name it, and when no shortcut is safe (an
// account's root, a federated user session, an unknown identity policy).

import { principalUniqueIdKind } from '../../model/unique-ids.js';
import type { CompiledStatement } from '../../engine/compile-policy.js';
import type { Engine } from '../../engine/engine.js';
import type { RequestContext } from '../../engine/types.js';
import { scpsApplyTo } from '../../engine/request-policies.js';
import { parseArn } from '../../model/arns.js';
import type { Role, User } from '../../model/types.js';
import { resolvePrincipalRef } from '../../requests/references.js';
import { arnKeys, principalKindOf } from '../chains.js';
import type { MatrixPrincipal } from '../types.js';
import { type MatrixModelView, orgAccountsInWorlds } from './model-view.js';
import type { RowNames } from './principal-names.js';
import { shareProfile } from './shared-decisions.js';
import type { ListStatements } from './statement-groups.js';

/** The rows: `principals` resolved (see the module comment), or every model user, then role. */
export function resolveRows(view: MatrixModelView, principals: string[] | undefined): MatrixPrincipal[] {
  const model = view.engine.model;
  if (!principals) {
    return [
      ...model.users.map(
        (u): MatrixPrincipal => ({ id: u.id, arn: u.arn, kind: 'user', name: u.name, source: u.source }),
      ),
      ...model.roles.map(
        (r): MatrixPrincipal => ({ id: r.id, arn: r.arn, kind: 'role', name: r.name, source: r.source }),
      ),
    ];
  }
  const out: MatrixPrincipal[] = [];
  const seen = new Set<string>();
  const add = (p: MatrixPrincipal) => {
    if (seen.has(p.arn)) return;
    seen.add(p.arn);
    out.push(p);
  };
  for (const ref of principals) {
    const element = view.users.get(ref) ?? view.roles.get(ref);
    if (element) {
      add({
        id: element.id,
        arn: element.arn,
        kind: element.kind,
        name: element.name,
        source: element.source,
      });
      continue;
    }
    for (const { principal, element: e } of resolvePrincipalRef(model, ref).principals) {
      if (e) add({ id: e.id, arn: e.arn, kind: e.kind, name: e.name, source: e.source });
      else
        add({
          id: principal,
          arn: principal,
          kind: principalKindOf(principal),
          name: principal,
          source: undefined,
        });
    }
  }
  return out;
}

const contextWorlds = new WeakMap<object, boolean>();

/**
 * Does a pinned request context name an account or region the model does not while `decide`
 * looks at other worlds (`Engine.worldsBeyond`)? Then every request is decided in worlds the
 * pruning does not follow: the rows do not prune (`withoutPruning`). Cached per context object.
 */
export function contextAddsWorlds(engine: Engine, context: RequestContext | undefined): boolean {
  if (!context) return false;
  let out = contextWorlds.get(context);
  if (out === undefined) {
    const strings: string[] = [];
    for (const v of Object.values(context)) {
      if (typeof v === 'string') strings.push(v);
      else if (Array.isArray(v)) for (const x of v) if (typeof x === 'string') strings.push(x);
    }
    out = engine.worldsBeyond(...strings);
    contextWorlds.set(context, out);
  }
  return out;
}

/** The row as one `decide` looks at in worlds the pruning does not follow (see `RowState.worlds`). */
export function withoutPruning(state: RowState): void {
  state.worlds = true;
  state.noShortcut = true;
  state.share = undefined;
}

/** `strings` and what they are in each other world (`maps`), without duplicates. */
function inWorlds(maps: readonly ((s: string) => string)[], strings: string[]): string[] {
  if (!maps.length) return strings;
  const out = new Set(strings);
  for (const into of maps) for (const x of strings) out.add(into(x));
  return [...out];
}

function accountOf(principal: string): string | undefined {
  if (/^\d{12}$/.test(principal)) return principal;
  return parseArn(principal)?.account || undefined;
}

export interface RowState extends RowNames {
  principal: string;
  /** `principal` lowercased (shared-decisions.ts `RowIdentity`). */
  principalLower: string;
  /** Identity statements (all effects), and whether some policy is unknown. */
  identity: CompiledStatement[];
  identityUnknown: boolean;
  boundary: CompiledStatement[];
  boundaryUnknown: boolean;
  scp: CompiledStatement[];
  /**
   * SCP statements of other accounts that are this row's account in some other world of `decide`
   * (`orgAccountsInWorlds`): they may apply there, and the row's own SCPs may not.
   */
  worldScp: CompiledStatement[];
  /** Access without any matching Allow is possible (account root): never shortcut. */
  noShortcut: boolean;
  /**
   * `decide` looks at other worlds (an unstated account, a stand-in region: `Engine.worldsMayMatter`)
   * that the pruning does not follow for this row: it is not a model user or role, names an account
   * the model does not (`Engine.worldsBeyond`), or is another model principal in some world
   * (`Engine.samePrincipalInWorlds`). Then a statement naming another account or region may name
   * any column: never shortcut, and every statement may matter. (The model's own worlds are
   * followed: column-index.ts, `RowNames.worldMaps`, `worldScp`.)
   */
  worlds: boolean;
  /** Has a permissions boundary (identity grants need its Allow too). */
  hasBoundary: boolean;
  // From RowNames: what a resource policy's Principal must name to grant this principal by itself
  // (`names`, `accountNames`, `session`), and `external`: outside the model's accounts, an Allow
  // naming its account grants (identity assumed to allow).
  /** Per action list id: the row's statements that match some action of it. */
  byList: Map<number, ListStatements>;
  /** The IAM user's name (the value of aws:username), for users. */
  userName: string | undefined;
  /** The row's profile for decisions shared with other rows (shared-decisions.ts), if any. */
  share: string | undefined;
}

/**
 * A row's own names for `RowNames.names`: an ARN as written and lowercased (a Principal may name it
 * in other letter case, chains.ts `arnKeys`); an IAM unique id as written (compared so); any other
 * principal (a service) lowercased.
 */
function ownNames(principal: string, isArn: boolean): string[] {
  if (isArn) return arnKeys(principal, true);
  return [principalUniqueIdKind(principal) ? principal : principal.toLowerCase()];
}

/** What the pruning and grouping steps need to know about row `p` (see the module comment). */
export function rowState(view: MatrixModelView, p: MatrixPrincipal): RowState {
  const element: User | Role | undefined = view.users.get(p.arn) ?? view.roles.get(p.arn);
  const parsed = p.arn.startsWith('arn:') ? parseArn(p.arn) : undefined;
  const account = accountOf(p.arn);
  const names = new Set<string>(ownNames(p.arn, !!parsed));
  const accountNames = new Set<string>();
  if (account) {
    accountNames.add(account);
    accountNames.add(`arn:${parsed?.partition ?? 'aws'}:iam::${account}:root`);
  }
  let session: string | undefined;
  if (parsed?.service === 'iam' && parsed.resource.startsWith('role/'))
    session = `arn:${parsed.partition}:sts::${parsed.account}:assumed-role/${parsed.resource.slice(parsed.resource.lastIndexOf('/') + 1)}/`;
  else if (parsed?.service === 'sts') session = p.arn;
  const engine = view.engine;
  // A row of a stand-in account standing for several unknown accounts (src/engine/stand-in-parts.ts):
  // `decide` makes a cell between two of them indeterminate whatever its policies say, so no
  // cell may be pruned to deny.
  const worlds =
    (engine.worldsMayMatter(p.arn) &&
      (!element || engine.worldsBeyond(p.arn) || !engine.samePrincipalInWorlds(p.arn))) ||
    engine.standInSharedBy(account);
  const maps = view.worldMaps;
  const state: RowState = {
    principal: p.arn,
    principalLower: p.arn.toLowerCase(),
    sessionLower: session?.toLowerCase(),
    identity: [],
    identityUnknown: false,
    boundary: [],
    boundaryUnknown: false,
    scp: [],
    worldScp: [],
    // The root user of a model account needs no Allow statement in its own account; a federated
    // user session's identity side is its (unknown) caller's.
    noShortcut:
      worlds ||
      (p.kind === 'account' && view.accounts.has(account ?? '')) ||
      (parsed?.service === 'sts' && parsed.resource.startsWith('federated-user/')),
    worlds,
    hasBoundary: false,
    names: new Set(inWorlds(maps, [...names])),
    accountNames: new Set(inWorlds(maps, [...accountNames])),
    session,
    worldSessions: session && maps.length ? inWorlds(maps, [session, session.toLowerCase()]) : [],
    worldMaps: maps,
    external: !!account && !view.accounts.has(account),
    byList: new Map(),
    userName: element?.kind === 'user' ? element.name : undefined,
    share: undefined,
  };
  if (element) {
    // Its principal side as `decide` gathers it (Engine.principalSideOf: identity, boundary).
    const side = engine.principalSideOf(element);
    for (const pol of side.identity?.policies ?? []) {
      if (pol.unknown) state.identityUnknown = true;
      for (const st of pol.statements) state.identity.push(st);
    }
    const b = side.boundary;
    if (b) {
      state.boundary = b.statements;
      state.boundaryUnknown = !!b.unknown;
      // A boundary that might not exist caps nothing for sure: an identity Allow alone may grant.
      state.hasBoundary = !b.presence;
    }
  }
  // SCPs apply to the users, role sessions and root user of the account (not to service-linked
  // roles, services or anonymous callers), as in the engine (engine/request-policies.ts).
  if (
    account &&
    (!element || scpsApplyTo(element)) &&
    (p.kind === 'user' || p.kind === 'role' || p.kind === 'account')
  ) {
    state.scp = view.scps.get(account) ?? [];
    for (const o of orgAccountsInWorlds(view, account)) state.worldScp.push(...(view.scps.get(o) ?? []));
  }
  state.share = state.worldScp.length ? undefined : shareProfile(p, element, account, state);
  return state;
}
