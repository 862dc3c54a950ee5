// Actions of the catalog: lookup by name, per service, all of them, and wildcard expansion.
// Action names and patterns match case-insensitively (IAM User Guide, "IAM JSON policy
// elements: Action", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html).

import { compileGlob, hasWildcard } from '../policy/wildcard.js';
import { catalogIndex, loadAllActions } from './catalog-index.js';
import { serviceActionsFromData } from './action-records.js';
import { allServicePrefixes } from './services.js';
import type { AccessLevel, CatalogAction } from './types.js';

const byService = new Map<string, Map<string, CatalogAction>>();

function keyed(actions: readonly CatalogAction[], prefix: string): Map<string, CatalogAction> {
  return new Map(actions.map((a) => [a.name.slice(prefix.length + 1).toLowerCase(), a]));
}

/** Lower-cased action name (without prefix) → action, for one service. */
function serviceActionMap(prefix: string): Map<string, CatalogAction> {
  const p = prefix.toLowerCase();
  let map = byService.get(p);
  if (!map) {
    map = keyed(serviceActionsFromData(p), p);
    byService.set(p, map);
  }
  return map;
}

/** `s3:GetObject`, case-insensitive; undefined for unknown services/actions and for patterns. */
export function getAction(name: string): CatalogAction | undefined {
  if (typeof name !== 'string') return undefined;
  const colon = name.indexOf(':');
  if (colon <= 0) return undefined;
  return serviceActionMap(name.slice(0, colon)).get(name.slice(colon + 1).toLowerCase());
}

export function actionsOfService(prefix: string): CatalogAction[] {
  if (typeof prefix !== 'string') return [];
  return [...serviceActionMap(prefix).values()];
}

let everything: CatalogAction[] | undefined;

/**
 * Every action of every service. The first call loads the compact action index (built on first
 * use, see catalog-index.ts); later calls reuse it.
 */
export function allActions(): CatalogAction[] {
  if (!everything) {
    everything = [];
    for (const [prefix, actions] of loadAllActions()) {
      if (!byService.has(prefix)) byService.set(prefix, keyed(actions, prefix));
      for (const a of byService.get(prefix)!.values()) everything.push(a);
    }
  }
  return [...everything];
}

/**
 * The actions of `allActions()`, in its order, each service's actions decoded only when the
 * iteration reaches it: a caller that stops early (an exhaustive check that found its 20
 * witnesses) does not decode the whole catalog. With `level`, only the actions of that access
 * level, and a service the catalog index says has none is not decoded.
 */
export function* iterateAllActions(level?: AccessLevel): Generator<CatalogAction> {
  if (everything) {
    for (const a of everything) if (level === undefined || a.accessLevel === level) yield a;
    return;
  }
  const index = level === undefined ? undefined : catalogIndex();
  for (const prefix of allServicePrefixes()) {
    if (level !== undefined && index?.serviceHasAccessLevel(prefix, level) === false) continue;
    for (const a of serviceActionMap(prefix).values())
      if (level === undefined || a.accessLevel === level) yield a;
  }
}

/**
 * The actions of `matchActions(pattern)`, in its order, produced lazily for `*` and patterns
 * with a wildcard in the service prefix (see `iterateAllActions`); with `level`, only those of
 * that access level.
 */
export function* iterateMatches(pattern: string, level?: AccessLevel): Generator<CatalogAction> {
  if (typeof pattern !== 'string') return;
  const key = pattern.toLowerCase();
  if (key === '*') {
    yield* iterateAllActions(level);
    return;
  }
  const colon = key.indexOf(':');
  if (colon >= 0 && hasWildcard(key.slice(0, colon))) {
    const glob = compileGlob(key, true);
    for (const a of iterateAllActions(level)) if (glob.test(a.name)) yield a;
    return;
  }
  for (const a of matchActions(pattern)) if (level === undefined || a.accessLevel === level) yield a;
}

const matchCache = new Map<string, CatalogAction[]>();
const MATCH_CACHE_LIMIT = 2000;

/**
 * Catalog actions an Action-element value matches: `s3:Get*`, `s3:*`, `*`, `iam:?ass*`,
 * `s3:getobject`. `*` and `?` are wildcards over the whole `service:action` string,
 * case-insensitive. A value without `:` (other than `*`) matches nothing.
 */
export function matchActions(pattern: string): CatalogAction[] {
  if (typeof pattern !== 'string') return [];
  const key = pattern.toLowerCase();
  const cached = matchCache.get(key);
  if (cached) return [...cached];
  const result = computeMatches(key);
  if (matchCache.size >= MATCH_CACHE_LIMIT) matchCache.clear();
  matchCache.set(key, result);
  return [...result];
}

function computeMatches(pattern: string): CatalogAction[] {
  if (pattern === '*') return allActions();
  const colon = pattern.indexOf(':');
  if (!hasWildcard(pattern)) {
    const action = getAction(pattern);
    return action ? [action] : [];
  }
  if (colon < 0) return [];
  const glob = compileGlob(pattern, true);
  const servicePart = pattern.slice(0, colon);
  const candidates = hasWildcard(servicePart) ? allActions() : actionsOfService(servicePart);
  return candidates.filter((a) => glob.test(a.name));
}

export function accessLevelOf(action: string): AccessLevel | undefined {
  return getAction(action)?.accessLevel;
}

/** Access levels, worst first: the order findings and fixes are ranked in. */
const ACCESS_LEVEL_RANK: Record<AccessLevel, number> = {
  'Permissions management': 0,
  Write: 1,
  Tagging: 2,
  Read: 3,
  List: 4,
};

/** The rank of an action's access level, worst first; actions the catalog does not know last (5). */
export function accessLevelRank(action: string): number {
  return accessLevelRankOf(accessLevelOf(action));
}

/** The rank of an access level (`accessLevelRank`); undefined (not in the catalog) ranks last. */
export function accessLevelRankOf(level: AccessLevel | undefined): number {
  return level === undefined ? UNKNOWN_ACCESS_LEVEL_RANK : ACCESS_LEVEL_RANK[level];
}

/** The rank of actions the catalog does not know: after every access level. */
export const UNKNOWN_ACCESS_LEVEL_RANK = 5;

const LEVELS_BY_RANK = Object.entries(ACCESS_LEVEL_RANK)
  .sort(([, a], [, b]) => a - b)
  .map(([level]) => level as AccessLevel);

/** The access level of a rank (`accessLevelRankOf`); undefined for the rank of unknown actions. */
export function accessLevelOfRank(rank: number): AccessLevel | undefined {
  return LEVELS_BY_RANK[rank];
}
