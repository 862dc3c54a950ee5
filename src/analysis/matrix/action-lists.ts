// The matrix's action lists: which catalog actions apply to a witness resource ARN (those of the
// resource's services whose resource types can name the ARN), interned as numbered lists so that
// per-statement results can be cached per list; which actions of a list a compiled statement's
// Action/NotAction can match (a bit per action, cached per statement, and a number per distinct
// answer); and the base classes the grouping step starts from (by service, trust actions apart,
// the actions the engine decides by a rule of their own apart, grouped by that rule).
// Owns the five access levels.

import {
  actionsOfService,
  allServicePrefixes,
  arnMatchesResourceType,
  resourceTypesOfService,
} from '../../catalog/index.js';
import type { CatalogAction, CatalogResourceType } from '../../catalog/types.js';
import type { CompiledStatement } from '../../engine/compile-policy.js';
import { decidedApart } from '../../engine/decided-apart.js';
import { serviceKeysCarried } from '../../engine/service-keys.js';
import { TRUST_ACTIONS } from '../../engine/engine.js';
import { NO } from '../../engine/tri.js';
import type { AccessLevelName } from '../types.js';

export const ACCESS_LEVELS: readonly AccessLevelName[] = [
  'List',
  'Read',
  'Write',
  'Permissions management',
  'Tagging',
];

export interface ActionRef {
  name: string;
  lower: string;
  service: string;
  level: number;
  /** sts:AssumeRole and the other actions the engine decides against a role's trust policy. */
  trust: boolean;
  /**
   * The rule the engine decides the action by besides its statements (engine/decided-apart.ts),
   * undefined for none: grouped only with the actions of the same rule.
   */
  apart: string | undefined;
  /** A number per action name (the same in every list), for numeric cache keys. */
  id: number;
}

/** An interned list of actions (the actions one witness resource can be the target of). */
export interface ActionList {
  id: number;
  actions: ActionRef[];
  services: Set<string>;
}

const actionLists = new Map<string, ActionList>();
let nextListId = 0;
const actionIds = new Map<string, number>();

function actionIdOf(name: string): number {
  let id = actionIds.get(name);
  if (id === undefined) {
    id = actionIds.size;
    actionIds.set(name, id);
  }
  return id;
}

function levelIndex(a: CatalogAction): number {
  return ACCESS_LEVELS.indexOf(a.accessLevel);
}

/** Per service, its catalog resource types (`resourceTypesOfService` copies them per call). */
const typesOfService = new Map<string, CatalogResourceType[]>();

/** Per ARN format of the catalog, its literal runs: the text between its variables and `*`s. */
const literalRuns = new Map<string, string[]>();

function literalRunsOf(template: string): string[] {
  let runs = literalRuns.get(template);
  if (!runs) {
    // As arn-template.ts `compileTemplate` reads a format: `${Variable}` and `*` match text.
    runs = template.split(/\$\{[^}]*\}|\*/);
    literalRuns.set(template, runs);
  }
  return runs;
}

/**
 * A quick test that an ARN without wildcards or variables cannot name a resource of type `rt`:
 * false when no ARN format of the type has its literal runs in the ARN in order (the first at its
 * start). Necessary for `arnMatchesResourceType`, which alone decides: a column's witness ARN is
 * tested against every resource type of every service acting on it, and most fail here.
 */
function mayNameConcrete(arn: string, rt: CatalogResourceType): boolean {
  for (const template of rt.arns) {
    const runs = literalRunsOf(template);
    if (!arn.startsWith(runs[0]!)) continue;
    let at = runs[0]!.length;
    let i = 1;
    for (; i < runs.length; i++) {
      const found = arn.indexOf(runs[i]!, at);
      if (found < 0) break;
      at = found + runs[i]!.length;
    }
    if (i === runs.length) return true;
  }
  return false;
}

/**
 * What an ARN's action list is made of: per service, the names of its resource types that can
 * name the ARN (`listRecipeFor`). A thread that has it makes the list without matching the ARN
 * against the catalog's formats (`actionListOf`: the matrix workers get their columns' recipes
 * from the calling thread, workers.ts).
 */
export type ListRecipe = readonly { service: string; types: readonly string[] }[];

/** The recipe of `actionListFor(arn, services)`. */
export function listRecipeFor(arn: string, services: readonly string[]): ListRecipe {
  const perService: { service: string; types: string[] }[] = [];
  // No `*`, `?` or `${`: every character of the ARN is literal (arnMatchesResourceType).
  const concrete = !arn.includes('*') && !arn.includes('?') && !arn.includes('$');
  for (const service of services) {
    let all = typesOfService.get(service);
    if (!all) {
      all = resourceTypesOfService(service);
      typesOfService.set(service, all);
    }
    const types = new Set<string>();
    for (const rt of all)
      if ((!concrete || mayNameConcrete(arn, rt)) && arnMatchesResourceType(arn, rt)) types.add(rt.name);
    perService.push({ service, types: [...types].sort() });
  }
  return perService;
}

/** Catalog actions of `services` whose resource types can name `arn`. */
export function actionListFor(arn: string, services: readonly string[]): ActionList {
  return actionListOf(listRecipeFor(arn, services));
}

/** The action list a recipe stands for (interned: one list per recipe in a thread). */
export function actionListOf(recipe: ListRecipe): ActionList {
  const key = recipe.map(({ service, types }) => `${service}:${types.join(',')}`).join('|');
  let list = actionLists.get(key);
  if (list) return list;
  const actions: ActionRef[] = [];
  for (const { service, types: names } of recipe) {
    if (!names.length) continue;
    const types = new Set(names);
    for (const a of actionsOfService(service)) {
      if (!a.resourceTypes.some((rt) => types.has(rt.name))) continue;
      const level = levelIndex(a);
      if (level < 0) continue;
      const lower = a.name.toLowerCase();
      actions.push({
        name: a.name,
        lower,
        service,
        level,
        trust: TRUST_ACTIONS.has(lower),
        apart: decidedApart(lower),
        id: actionIdOf(a.name),
      });
    }
  }
  actions.sort((x, y) => x.level - y.level || (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
  list = { id: nextListId++, actions, services: new Set(actions.map((a) => a.service)) };
  actionLists.set(key, list);
  return list;
}

let actingOn: Map<string, string[]> | undefined;

/**
 * The services whose actions can name a resource of the ARN service `service`: itself, and those
 * whose resource types the catalog spells in its ARN format (sts and ssm for IAM roles, s3 for
 * `s3-object-lambda` access points, rds-data for RDS clusters). "Actions, resources, and condition
 * keys for AWS services" lists, per service, the resource types its actions name, with their ARN
 * formats: some are another service's.
 */
export function servicesActingOn(service: string): readonly string[] {
  if (!actingOn) {
    actingOn = new Map();
    for (const prefix of allServicePrefixes())
      for (const rt of resourceTypesOfService(prefix))
        for (const arn of rt.arns) {
          const field = (arn.split(':')[2] ?? '').toLowerCase();
          if (!field || field.includes('$') || field === prefix) continue;
          const list = actingOn.get(field) ?? [];
          if (!list.includes(prefix)) list.push(prefix);
          actingOn.set(field, list);
        }
    for (const list of actingOn.values()) list.sort();
  }
  const lower = service.toLowerCase();
  return [lower, ...(actingOn.get(lower) ?? [])];
}

/** Shared result for statements that match none of a list's actions. */
export const NO_MATCH = new Uint8Array(0);

const actionMatchCache = new WeakMap<CompiledStatement, Map<number, Uint8Array>>();

/** Which actions of `list` the statement's Action/NotAction can match (a bit each; cached). */
export function actionMatches(st: CompiledStatement, list: ActionList): Uint8Array {
  let byList = actionMatchCache.get(st);
  if (!byList) {
    byList = new Map();
    actionMatchCache.set(st, byList);
  }
  let bits = byList.get(list.id);
  if (!bits) {
    bits = new Uint8Array(list.actions.length);
    const services = st.services;
    for (let i = 0; i < list.actions.length; i++) {
      const a = list.actions[i]!;
      if (services && !services.includes(a.service)) continue;
      if (st.matchAction(a.lower) !== NO) bits[i] = 1;
    }
    if (!bits.includes(1)) bits = NO_MATCH;
    byList.set(list.id, bits);
  }
  return bits;
}

/** Ids of the distinct contents of `actionMatches` results, per list (`actionMatchesId`). */
const matchIds = new WeakMap<Uint8Array, number>();
const matchIdsByContent = new Map<string, number>();

/**
 * A number for which actions of `list` the statement can match (`actionMatches`): equal for two
 * statements that match the same actions of the list (0: none), so that what depends only on
 * those (the grouping of the list's actions) is cached across statements. Cached per result.
 */
export function actionMatchesId(st: CompiledStatement, list: ActionList): number {
  const bits = actionMatches(st, list);
  if (bits === NO_MATCH) return 0;
  let id = matchIds.get(bits);
  if (id === undefined) {
    const content = `${list.id}:${bits.join('')}`;
    id = matchIdsByContent.get(content);
    if (id === undefined) {
      id = matchIdsByContent.size + 1;
      matchIdsByContent.set(content, id);
    }
    matchIds.set(bits, id);
  }
  return id;
}

/**
 * Initial classes of a list's actions: by service, trust actions apart, and each action the engine
 * decides by a rule of its own in a class of its own (engine/decided-apart.ts).
 */
const baseClasses = new WeakMap<ActionList, Int32Array>();

export function baseClassesOf(list: ActionList): Int32Array {
  let cls = baseClasses.get(list);
  if (!cls) {
    cls = new Int32Array(list.actions.length);
    const ids = new Map<string, number>();
    list.actions.forEach((a, j) => {
      const k = `${a.service}${a.trust ? '!' : ''}${a.apart !== undefined ? `#${a.apart}` : ''}`;
      let id = ids.get(k);
      if (id === undefined) {
        id = ids.size;
        ids.set(k, id);
      }
      cls![j] = id;
    });
    baseClasses.set(list, cls);
  }
  return cls;
}

const keyClasses = new WeakMap<ActionList, Int32Array>();

/**
 * A class per set of action-dependent service keys the list's actions carry
 * (engine/service-keys.ts `serviceKeysCarried`: kms:CallerAccount, a KMS key's properties,
 * s3:ResourceAccount): the grouping keeps actions of different classes apart where a relevant
 * statement reads such a key (statement-groups.ts).
 */
export function serviceKeyClassesOf(list: ActionList): Int32Array {
  let cls = keyClasses.get(list);
  if (!cls) {
    cls = new Int32Array(list.actions.length);
    const ids = new Map<string, number>();
    list.actions.forEach((a, j) => {
      const k = serviceKeysCarried(a.lower);
      let id = ids.get(k);
      if (id === undefined) {
        id = ids.size;
        ids.set(k, id);
      }
      cls![j] = id;
    });
    keyClasses.set(list, cls);
  }
  return cls;
}
