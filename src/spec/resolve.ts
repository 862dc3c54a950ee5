// Resolving the references of an access spec against a model: principal references (ARN,
// user/role/group NAME, logical id, Terraform address, service principal, anonymous, account)
// into request principals, resource references (with suffix, ARN patterns allowed) into ARNs,
// action patterns into catalog actions, and `can`/`cannot` entries into the concrete requests to
// decide. Anything that names nothing is a SpecError at the spec element, so a typo can never
// make a check pass vacuously: an unknown reference, an ARN of a user / role / group / bucket the
// model does not have, an action the catalog does not know, a group without members.

import { arnMatchesResourceType, getAction, getResourceType, matchActions } from '../catalog/index.js';
import type { CatalogAction } from '../catalog/types.js';
import { parseArn } from '../model/arns.js';
import {
  ModelReferenceError,
  type PrincipalResolution,
  type ReferenceOptions,
  resolvePrincipalRef,
  resolveResourceRef,
} from '../model/references.js';
import type { Model } from '../model/types.js';
import { compileArnPattern, hasWildcard, splitArnFields } from '../policy/wildcard.js';
import { SpecError } from './errors.js';
import type { AccessSpec, SpecLocation } from './types.js';

/** Resource names the witness instances of a pattern use (`company1-logs/*` → `company1-logs/iamspec-witness`). */
export const WITNESS_NAME = 'iamspec-witness';

export interface SpecScope {
  model: Model;
  options: ReferenceOptions;
  /** Account and region of witness resources (`*` in an ARN pattern's account / region field). */
  account: string | undefined;
  region: string | undefined;
}

export function scopeOf(model: Model, spec: AccessSpec): SpecScope {
  const account = spec.account ?? model.accounts[0]?.id;
  const region = model.accounts.find((a) => a.id === account)?.region ?? model.accounts[0]?.region;
  return { model, options: spec.account ? { account: spec.account } : {}, account, region };
}

function referenceError(e: unknown, at: SpecLocation): never {
  if (e instanceof ModelReferenceError) throw new SpecError(e.message, at, { cause: e });
  throw e;
}

// ---------------------------------------------------------------------------------------
// Principals

export interface SpecPrincipal {
  /** The request principal (ARN, service principal, `anonymous` or account id). */
  principal: string;
  /** How to name it in messages: the reference, or `group/HR member user/john`. */
  label: string;
}

function memberLabel(resolution: PrincipalResolution, principal: string): string {
  if (resolution.kind !== 'group') return resolution.ref;
  const name = principal.slice(principal.lastIndexOf('/') + 1);
  return `user/${name} (member of ${resolution.ref})`;
}

/** An IAM user/role ARN, or an assumed-role ARN, in an account of the model must name a model principal. */
function checkModelArn(scope: SpecScope, arn: string, at: SpecLocation, what: string): void {
  const parsed = parseArn(arn);
  if (!parsed || !scope.model.accounts.some((a) => a.id === parsed.account)) return;
  const { model } = scope;
  let exists = true;
  let kind = '';
  if (parsed.service === 'iam') {
    const m = /^(user|role|group)(\/.*)$/.exec(parsed.resource);
    if (!m) return;
    kind = m[1]!;
    const list = kind === 'user' ? model.users : kind === 'role' ? model.roles : model.groups;
    exists = list.some((x) => x.arn === arn);
  } else if (parsed.service === 'sts') {
    const m = /^assumed-role\/([^/]+)\//.exec(parsed.resource);
    if (!m) return;
    kind = 'role';
    exists = model.roles.some((r) => r.account === parsed.account && r.name === m[1]);
  }
  if (exists) return;
  const names = (kind === 'user' ? model.users : kind === 'role' ? model.roles : model.groups)
    .filter((x) => x.account === parsed.account)
    .map((x) => `${kind}/${x.name}`);
  throw new SpecError(
    `${what} "${arn}" names no ${kind} of account ${parsed.account} in the model${names.length ? ` (it has ${names.slice(0, 6).join(', ')}${names.length > 6 ? ', ...' : ''})` : ''}`,
    at,
  );
}

/**
 * The principals a reference stands for (a group: each member). `requireSome`: a group without
 * members is an error (nothing would be checked).
 */
export function resolveSpecPrincipal(
  scope: SpecScope,
  ref: string,
  at: SpecLocation,
  requireSome: boolean,
): SpecPrincipal[] {
  let resolution: PrincipalResolution;
  try {
    resolution = resolvePrincipalRef(scope.model, ref, scope.options);
  } catch (e) {
    referenceError(e, at);
  }
  if (resolution.kind === 'arn') checkModelArn(scope, resolution.principals[0]!.principal, at, 'principal');
  if (requireSome && resolution.principals.length === 0) {
    throw new SpecError(
      `${ref} has no members in the model, so this expectation would check nobody; name the principals directly or drop it`,
      at,
    );
  }
  return resolution.principals.map((p) => ({
    principal: p.principal,
    label: memberLabel(resolution, p.principal),
  }));
}

/** A `via` entry: exactly one model role. */
export function resolveViaRole(scope: SpecScope, ref: string, at: SpecLocation): string {
  let resolution: PrincipalResolution;
  try {
    resolution = resolvePrincipalRef(scope.model, ref, scope.options);
  } catch (e) {
    referenceError(e, at);
  }
  const p = resolution.principals[0];
  const isRole =
    resolution.kind === 'role' ||
    (resolution.kind === 'arn' && /^arn:[^:]+:iam::\d{12}:role\//.test(p?.principal ?? ''));
  if (!isRole || !p) {
    throw new SpecError(`"via" takes roles to assume; "${ref}" is ${describeKind(resolution)}`, at);
  }
  if (resolution.kind === 'arn') checkModelArn(scope, p.principal, at, 'via role');
  return p.principal;
}

function describeKind(r: PrincipalResolution): string {
  switch (r.kind) {
    case 'group':
      return 'a group';
    case 'user':
      return 'a user';
    case 'service':
      return 'a service principal';
    case 'account':
      return 'an account';
    case 'anonymous':
      return 'anonymous';
    default:
      return 'not a role ARN';
  }
}

/** Whether a reference names a role (for the sessionPolicy rule). */
export function isRolePrincipal(scope: SpecScope, principal: string): boolean {
  return (
    scope.model.roles.some((r) => r.arn === principal) || /^arn:[^:]+:iam::\d{12}:role\//.test(principal)
  );
}

/** `onlyPrincipals` entries: every principal each reference stands for (an empty group allows nobody). */
export function resolveAllowedPrincipals(
  scope: SpecScope,
  refs: string[],
  at: (i: number) => SpecLocation,
): string[] {
  const out: string[] = [];
  refs.forEach((ref, i) => {
    for (const p of resolveSpecPrincipal(scope, ref, at(i), false)) {
      if (!out.includes(p.principal)) out.push(p.principal);
    }
  });
  return out;
}

// ---------------------------------------------------------------------------------------
// Resources and actions

/** A resource reference as an ARN (or ARN pattern, or `*`). */
export function resolveSpecResource(scope: SpecScope, ref: string, at: SpecLocation): string {
  let arn: string;
  try {
    arn = resolveResourceRef(scope.model, ref, scope.options).arn;
  } catch (e) {
    referenceError(e, at);
  }
  checkResourceExists(scope, arn, at);
  return arn;
}

/**
 * A wildcard-free S3 bucket name or IAM user/role/group ARN of a model account must be in the
 * model (a typo in `cannot` would otherwise pass). Patterns may match nothing in the model: they
 * also stand for resources outside it, which the witness instance checks.
 */
function checkResourceExists(scope: SpecScope, arn: string, at: SpecLocation): void {
  const parsed = parseArn(arn);
  if (!parsed) return;
  if (parsed.service === 's3' && parsed.account === '' && parsed.region === '') {
    const bucket = parsed.resource.split('/')[0]!;
    if (hasWildcard(bucket) || bucket.startsWith('accesspoint') || bucket === '') return;
    const buckets = scope.model.resources.filter((r) => r.kind === 's3-bucket');
    if (buckets.some((b) => b.name === bucket || b.arn === `arn:${parsed.partition}:s3:::${bucket}`)) return;
    throw new SpecError(
      `resource "${arn}" names the bucket "${bucket}", which is not in the model${
        buckets.length
          ? ` (it has ${buckets
              .slice(0, 6)
              .map((b) => b.name)
              .join(', ')}${buckets.length > 6 ? ', ...' : ''})`
          : ''
      }; a bucket outside the inputs can be named with a pattern`,
      at,
    );
  }
  if (!hasWildcard(arn)) checkModelArn(scope, arn, at, 'resource');
}

/** Catalog actions an action (or pattern) of the spec stands for; an unknown action is an error. */
export function resolveSpecActions(action: string, at: SpecLocation): CatalogAction[] {
  if (hasWildcard(action)) {
    const found = matchActions(action);
    if (!found.length) throw new SpecError(`action pattern "${action}" matches no action of the catalog`, at);
    return found;
  }
  const one = getAction(action);
  if (!one) {
    const service = action.slice(0, action.indexOf(':'));
    const close = matchActions(`${service}:*`)
      .map((a) => a.name)
      .filter((n) =>
        n
          .toLowerCase()
          .includes(action.slice(action.indexOf(':') + 1, action.indexOf(':') + 5).toLowerCase()),
      )
      .slice(0, 3);
    throw new SpecError(
      `unknown action "${action}"${close.length ? `; did you mean ${close.join(', ')}?` : ' (not in the action catalog)'}`,
      at,
    );
  }
  return [one];
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

function fillField(pattern: string, fallback: string | undefined): string {
  if (!hasWildcard(pattern)) return pattern;
  if (fallback !== undefined && compileArnPattern(pattern).test(fallback)) return fallback;
  return pattern.replace(/\*/g, '').replace(/\?/g, 'x');
}

/**
 * A concrete ARN the pattern matches that stands for "a resource outside the model": every
 * wildcard of the resource part becomes `iamspec-witness` (`?` → `x`); `*` in the region or
 * account field becomes the spec's region / account.
 */
export function witnessInstance(pattern: string, scope: SpecScope): string {
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
    fillField(partition, scope.model.partition),
    service,
    region === '' ? '' : fillField(region, scope.region),
    account === '' ? '' : fillField(account, scope.account),
    resource(rest),
  ].join(':');
}

/** Witness ARNs of an action's resource types (for the resource `*`): its ARN templates filled in. */
function templateWitnesses(action: CatalogAction, scope: SpecScope): string[] {
  const out: string[] = [];
  for (const rt of action.resourceTypes) {
    const type = getResourceType(action.service, rt.name);
    for (const template of type?.arns ?? []) {
      const arn = template.replace(/\$\{([^}]+)\}/g, (_m, name: string) => {
        if (name === 'Partition') return scope.model.partition;
        if (name === 'Region') return scope.region ?? 'us-east-1';
        if (name === 'Account') return scope.account ?? '123456789012';
        return WITNESS_NAME;
      });
      if (!out.includes(arn)) out.push(arn);
    }
  }
  return out;
}

/** Whether an action can name the resource (by the catalog's resource types). */
function fits(action: CatalogAction, arn: string): boolean {
  if (action.resourceTypes.length === 0) return arn === '*';
  return action.resourceTypes.some((rt) => {
    const type = getResourceType(action.service, rt.name);
    return !type || arnMatchesResourceType(arn, type);
  });
}

export interface ConcreteRequest {
  action: string;
  resource: string;
  /** The resource stands for resources outside the model matching the pattern. */
  witness: boolean;
}

/**
 * The requests a `can` / `cannot` entry stands for: every catalog action the action (pattern)
 * matches, on every model resource the resource pattern matches plus a witness instance of the
 * pattern (a resource outside the model). With a pattern on either side, only pairs whose
 * resource fits one of the action's resource types are kept. None at all is an error.
 */
export function expandRequests(
  scope: SpecScope,
  action: string,
  resourcePattern: string,
  at: SpecLocation,
): ConcreteRequest[] {
  const actions = resolveSpecActions(action, at);
  const exact = !hasWildcard(action) && !hasWildcard(resourcePattern);
  if (exact) return [{ action: actions[0]!.name, resource: resourcePattern, witness: false }];
  const out: ConcreteRequest[] = [];
  const modelMatches =
    resourcePattern === '*'
      ? modelArns(scope.model)
      : modelArns(scope.model).filter((a) => compileArnPattern(resourcePattern).test(a));
  const patternWitness = hasWildcard(resourcePattern) ? witnessInstance(resourcePattern, scope) : undefined;
  for (const a of actions) {
    const resources: { arn: string; witness: boolean }[] = [];
    if (!hasWildcard(resourcePattern)) resources.push({ arn: resourcePattern, witness: false });
    else {
      for (const arn of modelMatches) resources.push({ arn, witness: false });
      if (resourcePattern === '*') {
        if (a.resourceTypes.length === 0) resources.push({ arn: '*', witness: false });
        else for (const w of templateWitnesses(a, scope)) resources.push({ arn: w, witness: true });
      } else if (patternWitness && !modelMatches.includes(patternWitness)) {
        resources.push({ arn: patternWitness, witness: true });
      }
    }
    for (const r of resources) {
      if (fits(a, r.arn)) out.push({ action: a.name, resource: r.arn, witness: r.witness });
    }
  }
  if (!out.length) {
    throw new SpecError(
      `"${action}" on "${resourcePattern}" names no request: no resource it matches is of a type ${hasWildcard(action) ? 'those actions take' : `${action} takes`}`,
      at,
    );
  }
  return out;
}
