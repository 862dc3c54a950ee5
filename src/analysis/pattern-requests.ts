// What a check on a resource pattern decides: one rule for the access spec's `can` / `cannot`
// (spec/resolve.ts `expandRequests`, spec/check-access.ts) and the test matchers' `toAllow` /
// `toDeny` (testing/matchers.ts). A request names one resource, so a pattern
// (`arn:aws:s3:::data-*`, `bucket/*`, `*`) stands for every resource it matches: the model's
// resources it matches (`patternInstances`), one instance of it outside the model (every `*` of
// the resource part `iamspec-witness`; `*` alone: the action's ARN templates filled in), and, per
// principal, one resource per class of the matching resources that the principal's policies tell
// apart (`searchedRequests` over analysis/exhaustive.ts `patternResources`): so `cannot` / `toDeny`
// on `data-*` finds the `data-prod/secret/*` a policy grants, and `can` / `toAllow` the
// `data-prod/private/*` a Deny takes away. A search that reached its state limit did not reach
// every class: the check is indeterminate (`searchLimitDecision`), never passed.

import { arnMatchesResourceType, getResourceType } from '../catalog/index.js';
import type { CatalogAction } from '../catalog/types.js';
import type { Engine } from '../engine/engine.js';
import { PLACEHOLDER_ACCOUNT, PLACEHOLDER_REGION, WITNESS_NAME } from '../model/stand-ins.js';
import type { Model } from '../model/types.js';
import { compileArnPattern, hasWildcard, splitArnFields } from '../policy/wildcard.js';
import { statedUnknownDecision } from './decision-reasons.js';
import { patternResources } from './exhaustive.js';
import type { AnalysisOptions, FreeDecision } from './types.js';

/** Account and region of the instances of a pattern (`*` in its account / region field). */
export interface PatternPlace {
  account: string | undefined;
  region: string | undefined;
}

/** The account (`account`, else the model's first) and its region, for instances of patterns. */
export function patternPlace(model: Model, account?: string): PatternPlace {
  const id = account ?? model.accounts[0]?.id;
  const region = model.accounts.find((a) => a.id === id)?.region ?? model.accounts[0]?.region;
  return { account: id, region };
}

/** Every ARN of the model a request could name (resources, users, roles, groups, managed policies). */
function modelArns(model: Model): string[] {
  return [
    ...model.resources.map((r) => r.arn),
    ...model.users.map((u) => u.arn),
    ...model.roles.map((r) => r.arn),
    ...model.groups.map((g) => g.arn),
    ...model.policies.map((p) => p.arn),
  ];
}

/** The model's ARNs a pattern matches (`*`: every one). */
export function modelMatches(model: Model, pattern: string): string[] {
  if (pattern === '*') return modelArns(model);
  const matcher = compileArnPattern(pattern);
  return modelArns(model).filter((a) => matcher.test(a));
}

function fillField(pattern: string, fallback: string | undefined): string {
  if (!hasWildcard(pattern)) return pattern;
  if (fallback !== undefined && compileArnPattern(pattern).test(fallback)) return fallback;
  return pattern.replace(/\*/g, '').replace(/\?/g, 'x');
}

/**
 * A concrete ARN the pattern matches that stands for "a resource outside the model": every
 * wildcard of the resource part becomes `iamspec-witness` (`?` → `x`); `*` in the region or
 * account field becomes the place's region / account.
 */
export function witnessInstance(pattern: string, model: Model, place: PatternPlace): string {
  const fields = splitArnFields(pattern);
  const resource = (s: string) => s.replace(/\*/g, WITNESS_NAME).replace(/\?/g, 'x');
  if (!fields) return resource(pattern);
  const [arn, partition, service, region, account, rest] = fields as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  return [
    arn,
    fillField(partition, model.partition),
    service,
    region === '' ? '' : fillField(region, place.region),
    account === '' ? '' : fillField(account, place.account),
    resource(rest),
  ].join(':');
}

/** Witness ARNs of an action's resource types (for the resource `*`): its ARN templates filled in. */
function templateWitnesses(action: CatalogAction, model: Model, place: PatternPlace): string[] {
  const out: string[] = [];
  for (const rt of action.resourceTypes) {
    const type = getResourceType(action.service, rt.name);
    for (const template of type?.arns ?? []) {
      const arn = template.replace(/\$\{([^}]+)\}/g, (_m, name: string) => {
        if (name === 'Partition') return model.partition;
        if (name === 'Region') return place.region ?? PLACEHOLDER_REGION;
        if (name === 'Account') return place.account ?? PLACEHOLDER_ACCOUNT;
        return WITNESS_NAME;
      });
      if (!out.includes(arn)) out.push(arn);
    }
  }
  return out;
}

/** Whether an action can name the resource (by the catalog's resource types). */
export function fitsAction(action: CatalogAction, arn: string): boolean {
  if (action.resourceTypes.length === 0) return arn === '*';
  return action.resourceTypes.some((rt) => {
    const type = getResourceType(action.service, rt.name);
    return !type || arnMatchesResourceType(arn, type);
  });
}

/** A resource a pattern stands for; `witness`: it stands for resources outside the model. */
export interface PatternInstance {
  arn: string;
  witness: boolean;
}

/**
 * The resources a pattern stands for with one action, whoever asks: the model's resources it
 * matches (`matches`, from `modelMatches`), then one instance outside the model (`*` alone: the
 * action's ARN templates filled in, or `*` itself for an action without resource types); only
 * those the action can name (its resource types). A resource without wildcards is itself.
 */
export function patternInstances(
  model: Model,
  action: CatalogAction,
  pattern: string,
  place: PatternPlace,
  matches: readonly string[] = hasWildcard(pattern) ? modelMatches(model, pattern) : [],
): PatternInstance[] {
  const out: PatternInstance[] = [];
  if (!hasWildcard(pattern)) out.push({ arn: pattern, witness: false });
  else {
    for (const arn of matches) out.push({ arn, witness: false });
    if (pattern === '*') {
      if (action.resourceTypes.length === 0) out.push({ arn: '*', witness: false });
      else for (const w of templateWitnesses(action, model, place)) out.push({ arn: w, witness: true });
    } else {
      const instance = witnessInstance(pattern, model, place);
      if (!matches.includes(instance)) out.push({ arn: instance, witness: true });
    }
  }
  return out.filter((r) => fitsAction(action, r.arn));
}

/** One request of a pattern check: an action on a concrete resource. */
export interface PatternRequest {
  action: string;
  resource: string;
}

/**
 * The requests of a check on `pattern` for one principal: `requests` (the pattern's instances,
 * `patternInstances`), then for each of their actions one resource per class of matching
 * resources the principal's policies tell apart (exhaustive.ts `patternResources`), each request
 * once. `incomplete`: the actions whose search reached its state limit (the check cannot pass).
 * A resource without wildcards gives `requests` back as they are.
 */
export function searchedRequests(
  engine: Engine,
  principal: string,
  pattern: string,
  requests: readonly PatternRequest[],
  options: Pick<AnalysisOptions, 'context' | 'sessionPolicy'> = {},
): { requests: PatternRequest[]; incomplete: string[] } {
  if (!hasWildcard(pattern)) return { requests: [...requests], incomplete: [] };
  const out = [...requests];
  const incomplete: string[] = [];
  const seen = new Set(out.map((r) => `${r.action}\u0000${r.resource}`));
  for (const action of new Set(requests.map((r) => r.action))) {
    const set = patternResources(engine, principal, action, pattern, options);
    for (const resource of set.resources) {
      const key = `${action}\u0000${resource}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ action, resource });
    }
    if (!set.complete) incomplete.push(action);
  }
  return { requests: out, incomplete };
}

/** The indeterminate verdict of a check whose search for `action` within `pattern` was cut short. */
export function searchLimitDecision(action: string, pattern: string): FreeDecision {
  const message = `the resource search for ${action} within ${pattern} reached its state limit: not every matching resource was checked`;
  return {
    access: 'indeterminate',
    conditions: [message],
    grants: [],
    decision: statedUnknownDecision({ stage: 'result', message }),
    external: false,
  };
}
