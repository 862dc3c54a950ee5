// Whether a request could meet an explicit Deny in a model, without deciding it: the Deny
// statements whose Action matches, among the policies `Engine.decide` could read for it (the
// principal's identity policies and permissions boundary, every SCP and RCP of the model, the
// resource-based policies on the resource, a role's trust policy). An over-approximation used
// by explain.ts to skip the decisions that cannot find a blocking statement: a decision's trace
// names a Deny only when the statement's Action matched. A principal that is not a model user
// or role (an account, a service, a session) is always a candidate.

import type { CompiledStatement } from '../../engine/compile-policy.js';
import type { Engine } from '../../engine/engine.js';
import { NO } from '../../engine/tri.js';

interface DenyIndex {
  /** The Deny statements of every SCP and RCP of the model. */
  org: CompiledStatement[];
  byPrincipal: Map<string, CompiledStatement[] | undefined>;
  byResource: Map<string, CompiledStatement[]>;
  /** Lists of the same statements are one list (by the statements' numbers). */
  lists: Map<string, CompiledStatement[]>;
  numbers: Map<CompiledStatement, number>;
}

/** `list`, or the list of the same statements made earlier (one object per content). */
function interned(index: DenyIndex, list: CompiledStatement[]): CompiledStatement[] {
  const key = list
    .map((st) => {
      let n = index.numbers.get(st);
      if (n === undefined) {
        n = index.numbers.size;
        index.numbers.set(st, n);
      }
      return n;
    })
    .join(',');
  const known = index.lists.get(key);
  if (known) return known;
  index.lists.set(key, list);
  return list;
}

const indexes = new WeakMap<Engine, DenyIndex>();

const denies = (statements: readonly CompiledStatement[]) => statements.filter((st) => st.effect === 'Deny');

function indexOf(engine: Engine): DenyIndex {
  let index = indexes.get(engine);
  if (!index) {
    const accounts = new Set(engine.model.organizations.map((o) => o.account));
    const org = [...accounts].flatMap((a) =>
      [...engine.scpsOf(a), ...engine.rcpsOf(a)].flatMap((p) => denies(p.statements)),
    );
    index = { org, byPrincipal: new Map(), byResource: new Map(), lists: new Map(), numbers: new Map() };
    indexes.set(engine, index);
  }
  return index;
}

/** The Deny statements of a model user's or role's own policies; undefined for other principals. */
function principalDenies(engine: Engine, index: DenyIndex, principal: string) {
  if (index.byPrincipal.has(principal)) return index.byPrincipal.get(principal);
  const directory = engine.principalDirectory;
  const element = directory.userByArn.get(principal) ?? directory.roleByArn.get(principal);
  // Its principal side as `decide` gathers it (Engine.principalSideOf: identity, boundary).
  const side = element && engine.principalSideOf(element);
  const out = side
    ? interned(index, [
        ...(side.identity?.policies ?? []).flatMap((p) => denies(p.statements)),
        ...denies(side.boundary?.statements ?? []),
      ])
    : undefined;
  index.byPrincipal.set(principal, out);
  return out;
}

/** The Deny statements of the resource-based policies on `resource` (a role's trust policy too). */
function resourceDenies(engine: Engine, index: DenyIndex, resource: string): CompiledStatement[] {
  let out = index.byResource.get(resource);
  if (!out) {
    const role = engine.principalDirectory.roleByArn.get(resource);
    const trust = role && engine.trustPolicyOf(role);
    out = interned(
      index,
      [...engine.resourcePoliciesOn(resource), ...(trust ? [trust] : [])].flatMap((p) =>
        denies(p.statements),
      ),
    );
    index.byResource.set(resource, out);
  }
  return out;
}

const actionMatches = new WeakMap<readonly CompiledStatement[], Map<string, boolean>>();

/** Does some statement of `list` match `action`? (Cached per list: the lists are shared.) */
function someMatches(list: readonly CompiledStatement[], action: string): boolean {
  if (!list.length) return false;
  let byAction = actionMatches.get(list);
  if (!byAction) {
    byAction = new Map();
    actionMatches.set(list, byAction);
  }
  let found = byAction.get(action);
  if (found === undefined) {
    const lower = action.toLowerCase();
    found = list.some((st) => st.matchAction(lower) !== NO);
    byAction.set(action, found);
  }
  return found;
}

/** Any action could meet a Deny (a principal that is not a model user or role). */
const ANY_ACTION = (_action: string) => true;

// One test per pair of Deny lists (the lists are shared by principals and resources), so that a
// caller can memoise what a test said per test (explain.ts: per entry list and test).
const tests = new WeakMap<
  readonly CompiledStatement[],
  WeakMap<readonly CompiledStatement[], (a: string) => boolean>
>();

/**
 * For `principal`, as a function of the resource: which actions could meet an explicit Deny on
 * it (see the module comment); undefined when none can (no Deny statement among the policies that
 * could apply). The same function for every request whose principal and resource have the same
 * Deny lists. The principal's own list is looked up once (explain.ts asks for each resource of a
 * principal in turn).
 */
export function denyCandidatesOf(
  engine: Engine,
  principal: string,
): (resource: string) => ((action: string) => boolean) | undefined {
  const index = indexOf(engine);
  const own = principalDenies(engine, index, principal);
  if (!own) return () => ANY_ACTION;
  let byResource = tests.get(own);
  if (!byResource) {
    byResource = new WeakMap();
    tests.set(own, byResource);
  }
  const forOwn = byResource;
  return (resource) => {
    const onResource = resourceDenies(engine, index, resource);
    if (!own.length && !index.org.length && !onResource.length) return undefined;
    let test = forOwn.get(onResource);
    if (!test) {
      const org = index.org;
      test = (action) =>
        someMatches(own, action) || someMatches(org, action) || someMatches(onResource, action);
      forOwn.set(onResource, test);
    }
    return test;
  };
}
