// Model references: what `eval` requests, specs and matchers may write instead of an ARN.
// A principal reference is an ARN, `user/NAME`, `role/NAME`, `group/NAME` (the group's
// members), a CloudFormation logical id (optionally `Stack/LogicalId`), a CDK construct path,
// a Terraform address, a service principal (`ec2.amazonaws.com`), `anonymous`, a 12-digit
// account, or a federated caller (`github:acme/infra@refs/heads/main`, `oidc:ISSUER sub=...`,
// federated.ts), which resolves to its provider with the claims of its token. A resource
// reference is an ARN (or `*`), or a logical id, construct path or Terraform address of a
// resource, or a user/role/group/policy reference, with an optional suffix
// (`LogsBucket/reports/*`). A reference that names nothing (and is not an ARN) or that
// names several elements throws, with the close candidates, so a typo never becomes a silent
// deny. A reference may also be a value of the app (a CDK construct or token, app-values.ts): it is
// evaluated to the element of its stack and logical id (app-references.ts), and named in messages
// by its construct path. A resource may be a pair `[construct, 'suffix']` (`[bucket, 'reports/*']`).

import { principalUniqueIdKind } from '../model/unique-ids.js';
import { mayBeSpelled } from '../engine/name-worlds.js';
import { isCanonicalUserPrincipal, isCanonicalUserStandIn } from '../engine/principal.js';
import { isServicePrincipal, isValidArn, parseArn } from '../model/arns.js';
import { isWellKnownWebIdentity } from '../model/federation.js';
import { formatSource, type Source } from '../model/source.js';
import type { Group, ManagedPolicy, Model, Resource, Role, User } from '../model/types.js';
import { rankByCloseness } from '../text/suggest.js';
import { type FederatedCaller, FederatedRefError, isFederatedRef, parseFederatedRef } from './federated.js';
import { type AppLookup, type AppValue, evaluateAppExpression } from './app-references.js';
import {
  AppValueError,
  appExpressionOf,
  describeValue,
  isAppToken,
  type ReferenceInput,
  referenceText,
} from './app-values.js';

export { isServicePrincipal, isValidArn } from '../model/arns.js';

export interface ReferenceOptions {
  /** Account that disambiguates a name found in several accounts (`--account`). */
  account?: string;
  /** Claims of a federated caller may be patterns (`onlyPrincipals` entries; see federated.ts). */
  claimPatterns?: boolean;
}

export type PrincipalRefKind =
  | 'user'
  | 'role'
  | 'group'
  | 'arn'
  | 'service'
  | 'anonymous'
  | 'account'
  | 'federated'
  | 'canonical-user'
  | 'unique-id';

export interface ResolvedPrincipal {
  /**
   * The request principal for the engine: an ARN, a service principal, `anonymous`, an account id,
   * or a federated principal (an OIDC / SAML provider ARN or a well-known web identity name).
   */
  principal: string;
  /** The user or role of the model, when the principal is one. */
  element: User | Role | undefined;
  /** A federated caller (`github:...`, `oidc:...`): its provider and the claims of its token. */
  caller?: FederatedCaller;
}

export interface PrincipalResolution {
  ref: string;
  kind: PrincipalRefKind;
  /** The principals the reference stands for: one, or a group's members (possibly none). */
  principals: ResolvedPrincipal[];
  /** The group, for a group reference. */
  group: Group | undefined;
  /** How the reference matched, e.g. `name`, `logical id`, `Terraform address`, `ARN`. */
  matchedBy: string;
}

export type ReferencedElement = User | Group | Role | ManagedPolicy | Resource;

export interface ResourceResolution {
  ref: string;
  /** The resource ARN for the request (with the suffix appended). */
  arn: string;
  /** The model element the reference (without its suffix) names, when it is in the model. */
  element: ReferencedElement | undefined;
  /** The part after the element's reference (`reports/*` of `LogsBucket/reports/*`). */
  suffix: string | undefined;
  matchedBy: string;
}

/** Base class of the errors reference resolution throws. */
export class ModelReferenceError extends Error {
  readonly ref: string;
  readonly role: 'principal' | 'resource';
  constructor(message: string, ref: string, role: 'principal' | 'resource') {
    super(message);
    this.name = 'ModelReferenceError';
    this.ref = ref;
    this.role = role;
  }
}

/** The reference names nothing in the model and is not an ARN. */
export class UnknownReferenceError extends ModelReferenceError {
  /** Close candidates (valid references), best first. */
  readonly candidates: string[];
  constructor(message: string, ref: string, role: 'principal' | 'resource', candidates: string[]) {
    super(message, ref, role);
    this.name = 'UnknownReferenceError';
    this.candidates = candidates;
  }
}

/** The reference names several elements (same name in two accounts or stacks). */
export class AmbiguousReferenceError extends ModelReferenceError {
  /** ARNs of the elements it names. */
  readonly matches: string[];
  constructor(message: string, ref: string, role: 'principal' | 'resource', matches: string[]) {
    super(message, ref, role);
    this.name = 'AmbiguousReferenceError';
    this.matches = matches;
  }
}

// ---------------------------------------------------------------------------------------
// Index of the names each model element can be referenced by

type EntryKind = 'user' | 'group' | 'role' | 'policy' | 'resource';

interface Entry {
  kind: EntryKind;
  element: ReferencedElement;
  arn: string;
  account: string;
  source: Source;
}

interface Key {
  entry: Entry;
  matchedBy: string;
}

interface ReferenceIndex {
  keys: Map<string, Key[]>;
  entries: Entry[];
  byArn: Map<string, Entry>;
  /** Entries by `stack\0logicalId` (the generated logical id of a SAM element too). */
  byStackId: Map<string, Entry[]>;
}

const indexes = new WeakMap<Model, ReferenceIndex>();

function addKey(index: ReferenceIndex, key: string | undefined, entry: Entry, matchedBy: string): void {
  if (!key) return;
  const list = index.keys.get(key) ?? [];
  if (list.some((k) => k.entry.arn === entry.arn)) return;
  list.push({ entry, matchedBy });
  index.keys.set(key, list);
}

/** `aws_iam_user.u[0]` → `aws_iam_user.u`; `module.m["a"].x.y` → unchanged (only a trailing index). */
function withoutTrailingIndex(address: string): string | undefined {
  const m = /^(.*)\[[^\]]*\]$/.exec(address);
  return m ? m[1] : undefined;
}

function addStackIdKey(index: ReferenceIndex, entry: Entry, logicalId: string | undefined): void {
  if (!logicalId) return;
  const key = `${entry.source.stack ?? ''}\0${logicalId}`;
  const list = index.byStackId.get(key) ?? [];
  if (!list.some((e) => e.arn === entry.arn)) list.push(entry);
  index.byStackId.set(key, list);
}

function addSourceKeys(index: ReferenceIndex, entry: Entry): void {
  const s = entry.source;
  addStackIdKey(index, entry, s.logicalId);
  if (s.generatedLogicalId) addStackIdKey(index, entry, s.generatedLogicalId);
  // A generated element (SAM's `<Function>Role`) is named by its processed logical id only: the
  // logical id written (`<Function>`) names the resource it was generated from.
  const id = s.generatedLogicalId ?? s.logicalId;
  if (id) {
    addKey(index, id, entry, 'logical id');
    if (s.stack) addKey(index, `${s.stack}/${id}`, entry, 'stack/logical id');
  }
  if (s.constructPath) {
    addKey(index, s.constructPath, entry, 'construct path');
    const trimmed = s.constructPath.replace(/\/(Resource|Default)$/, '');
    if (trimmed !== s.constructPath) addKey(index, trimmed, entry, 'construct path');
  }
  if (s.address) {
    addKey(index, s.address, entry, 'Terraform address');
    addKey(index, withoutTrailingIndex(s.address), entry, 'Terraform address');
  }
}

function buildIndex(model: Model): ReferenceIndex {
  const index: ReferenceIndex = { keys: new Map(), entries: [], byArn: new Map(), byStackId: new Map() };
  const add = (kind: EntryKind, element: ReferencedElement, names: string[]) => {
    const entry: Entry = {
      kind,
      element,
      arn: element.arn,
      account: element.account,
      source: element.source,
    };
    index.entries.push(entry);
    if (!index.byArn.has(entry.arn)) index.byArn.set(entry.arn, entry);
    for (const n of names) addKey(index, n, entry, 'name');
    addSourceKeys(index, entry);
  };
  const iamNames = (kind: string, p: { name: string; path: string }) =>
    p.path && p.path !== '/' ? [`${kind}/${p.name}`, `${kind}${p.path}${p.name}`] : [`${kind}/${p.name}`];
  for (const u of model.users) add('user', u, iamNames('user', u));
  for (const g of model.groups) add('group', g, iamNames('group', g));
  for (const r of model.roles) add('role', r, iamNames('role', r));
  for (const p of model.policies) add('policy', p, iamNames('policy', p));
  for (const r of model.resources) add('resource', r, []);
  return index;
}

function indexOf(model: Model): ReferenceIndex {
  let index = indexes.get(model);
  if (!index) {
    index = buildIndex(model);
    indexes.set(model, index);
  }
  return index;
}

// ---------------------------------------------------------------------------------------
// App values (CDK constructs and tokens)

function appLookup(model: Model, index: ReferenceIndex): AppLookup {
  const stacks = () => [...new Set(index.entries.map((e) => e.source.stack).filter((s): s is string => !!s))];
  return {
    element(stack, logicalId, path) {
      const found = index.byStackId.get(`${stack ?? ''}\0${logicalId}`) ?? [];
      const owner = ownerOf(found);
      if (owner) return [owner];
      if (found.length) return found;
      if (stack === undefined) {
        // A model without stack names (one template): the logical id alone.
        const any = index.entries.filter(
          (e) => (e.source.generatedLogicalId ?? e.source.logicalId) === logicalId,
        );
        if (any.length) return any;
      }
      if (path) {
        const byPath = (index.keys.get(path) ?? []).filter((k) => k.matchedBy === 'construct path');
        return byPath.map((k) => k.entry);
      }
      return [];
    },
    hasStack: (stack) => index.entries.some((e) => e.source.stack === stack),
    stacks,
    partition: model.partition,
    regionOf: (account) => model.accounts.find((a) => a.id === account)?.region,
    accountOf(stack) {
      const accounts = new Set(
        index.entries.filter((e) => stack === undefined || e.source.stack === stack).map((e) => e.account),
      );
      if (accounts.size === 1) return [...accounts][0];
      return model.accounts.length === 1 ? model.accounts[0]!.id : undefined;
    },
  };
}

/** A reference input as a string (an app object: its token or ARN); throws UnknownReferenceError. */
function inputText(input: ReferenceInput, role: 'principal' | 'resource'): string {
  try {
    return referenceText(input, role);
  } catch (e) {
    if (e instanceof AppValueError)
      throw new UnknownReferenceError(e.message, describeValue(input), role, []);
    throw e;
  }
}

/** What a token string stands for in the model; throws UnknownReferenceError. */
function evaluateToken(model: Model, text: string, role: 'principal' | 'resource'): AppValue {
  try {
    return evaluateAppExpression(appExpressionOf(text), appLookup(model, indexOf(model)));
  } catch (e) {
    if (e instanceof AppValueError) {
      throw new UnknownReferenceError(`${role} ${e.message}`, text, role, []);
    }
    throw e;
  }
}

function entryOf(index: ReferenceIndex, arn: string): Entry | undefined {
  return index.byArn.get(arn);
}

// ---------------------------------------------------------------------------------------
// Matching

/** Keys for `ref` among entries of the given kinds; deduplicated by ARN, narrowed by account. */
function lookup(
  index: ReferenceIndex,
  ref: string,
  kinds: ReadonlySet<EntryKind>,
  options: ReferenceOptions,
): Key[] {
  const found = (index.keys.get(ref) ?? []).filter((k) => kinds.has(k.entry.kind));
  const seen = new Set<string>();
  let unique = found.filter((k) => {
    if (seen.has(k.entry.arn)) return false;
    seen.add(k.entry.arn);
    return true;
  });
  if (unique.length > 1 && options.account) {
    const inAccount = unique.filter((k) => k.entry.account === options.account);
    if (inAccount.length) unique = inAccount;
  }
  const owner = ownerOf(unique.map((k) => k.entry));
  return owner ? unique.filter((k) => k.entry === owner) : unique;
}

/** Whether an element is declared inside a property of a template resource (a table's stream). */
function isPartOfResource(s: Source): boolean {
  return /^\/Resources\/[^/]+\/Properties\//.test(s.pointer ?? '');
}

/**
 * Of several elements declared by one template resource (a table, its stream, the replicas of a
 * global table), the resource's own element: its logical id and construct path name it, the
 * others by their ARN. Undefined when there is no such one element.
 */
function ownerOf(entries: readonly Entry[]): Entry | undefined {
  if (entries.length < 2) return undefined;
  const declared = (e: Entry) =>
    `${e.source.file ?? ''}\0${e.source.stack ?? ''}\0${e.source.logicalId ?? ''}`;
  const first = declared(entries[0]!);
  if (!entries[0]!.source.logicalId || !entries.every((e) => declared(e) === first)) return undefined;
  const whole = entries.filter((e) => !isPartOfResource(e.source));
  return whole.length === 1 ? whole[0] : undefined;
}

function describeEntry(e: Entry): string {
  const where = formatSource(e.source);
  return where === '(unknown source)' ? e.arn : `${e.arn} (${where})`;
}

function ambiguous(ref: string, role: 'principal' | 'resource', keys: Key[]): AmbiguousReferenceError {
  const accounts = new Set(keys.map((k) => k.entry.account));
  const hint =
    accounts.size > 1
      ? 'give the account (--account) or the full ARN'
      : 'use the full ARN or a `Stack/LogicalId` reference';
  const list = keys
    .slice(0, 6)
    .map((k) => `  ${describeEntry(k.entry)}`)
    .join('\n');
  const more = keys.length > 6 ? `\n  ... and ${keys.length - 6} more` : '';
  return new AmbiguousReferenceError(
    `${role} reference "${ref}" is ambiguous: it names ${keys.length} elements; ${hint}:\n${list}${more}`,
    ref,
    role,
    keys.map((k) => k.entry.arn),
  );
}

// ---------------------------------------------------------------------------------------
// Suggestions

const KIND_PREFIX = /^(user|role|group|policy)(\/.*)$/;

/** `role/john` is as good as `user/john`: the same name after another kind. */
function sameNameOtherKind(want: string, have: string): boolean {
  const name = KIND_PREFIX.exec(want)?.[2];
  return name !== undefined && KIND_PREFIX.exec(have)?.[2] === name;
}

/**
 * Close valid references for `ref`, best first (at most `limit`): one key per element (its
 * best), and only the near-exact ones when there are such.
 */
function suggest(index: ReferenceIndex, ref: string, kinds: ReadonlySet<EntryKind>, limit = 3): string[] {
  const keys: { key: string; arns: string[] }[] = [];
  for (const [key, list] of index.keys) {
    const arns = list.filter((k) => kinds.has(k.entry.kind)).map((k) => k.entry.arn);
    if (arns.length) keys.push({ key, arns });
  }
  const ranked = rankByCloseness(ref, keys, (k) => k.key, { near: sameNameOtherKind });
  const best = ranked[0]?.score ?? 0;
  const seen = new Set<string>();
  const out: string[] = [];
  for (const { item, score } of ranked) {
    if (best <= 1 && score > 1) break;
    if (item.arns.every((a) => seen.has(a))) continue;
    for (const a of item.arns) seen.add(a);
    out.push(item.key);
    if (out.length >= limit) break;
  }
  return out;
}

/**
 * The roles a resource runs with (a function's execution role, SAM's generated `<Function>Role`
 * too: `Role.usedBy`), as references a spec can name (logical id, address, else role/NAME).
 */
function rolesRunning(index: ReferenceIndex, arn: string): string[] {
  const out: string[] = [];
  for (const e of index.entries) {
    if (e.kind !== 'role') continue;
    if (!(e.element as Role).usedBy.some((u) => u.arn === arn)) continue;
    out.push(
      e.source.generatedLogicalId ??
        e.source.logicalId ??
        e.source.address ??
        `role/${(e.element as Role).name}`,
    );
  }
  return out;
}

function sampleOf(index: ReferenceIndex, kinds: ReadonlySet<EntryKind>): string {
  const names: string[] = [];
  for (const e of index.entries) {
    if (!kinds.has(e.kind)) continue;
    if (e.kind === 'resource')
      names.push(e.source.generatedLogicalId ?? e.source.logicalId ?? e.source.address ?? e.arn);
    else names.push(`${e.kind}/${(e.element as User).name}`);
    if (names.length >= 6) break;
  }
  if (!names.length) return 'the model has none';
  const total = index.entries.filter((e) => kinds.has(e.kind)).length;
  return `the model has ${names.join(', ')}${total > names.length ? ` and ${total - names.length} more` : ''}`;
}

/**
 * For a reference that starts with the name of a stack of the model (a construct path that names
 * nothing): what the model holds of that stack, and why a construct may be missing.
 */
function underStack(index: ReferenceIndex, ref: string): string | undefined {
  const stack = ref.slice(0, ref.indexOf('/'));
  if (!stack) return undefined;
  const paths = index.entries
    .filter((e) => e.kind === 'resource' && e.source.stack === stack && e.source.constructPath)
    .map((e) => e.source.constructPath!.replace(/\/(Resource|Default)$/, ''));
  if (!paths.length) return undefined;
  const shown = [...new Set(paths)].sort();
  return `the resources of stack ${stack} in the model are ${shown.slice(0, 8).join(', ')}${shown.length > 8 ? ` and ${shown.length - 8} more` : ''}; iamspec models IAM principals and policies and the resource types that can carry a resource policy (a construct of another type is not in the model: give its ARN)`;
}

// ---------------------------------------------------------------------------------------
// Principals

const PRINCIPAL_KINDS: ReadonlySet<EntryKind> = new Set(['user', 'group', 'role']);
const ALL_KINDS: ReadonlySet<EntryKind> = new Set(['user', 'group', 'role', 'policy', 'resource']);

function membersOf(model: Model, group: Group): ResolvedPrincipal[] {
  return model.users
    .filter((u) => u.groups.includes(group.id))
    .map((u) => ({ principal: u.arn, element: u }));
}

function fromEntry(model: Model, ref: string, entry: Entry, matchedBy: string): PrincipalResolution {
  if (entry.kind === 'group') {
    const group = entry.element as Group;
    return { ref, kind: 'group', principals: membersOf(model, group), group, matchedBy };
  }
  const element = entry.element as User | Role;
  return {
    ref,
    kind: entry.kind === 'user' ? 'user' : 'role',
    principals: [{ principal: element.arn, element }],
    group: undefined,
    matchedBy,
  };
}

/**
 * Resolves a principal reference. Throws UnknownReferenceError (names nothing and is not an
 * ARN, a service principal, `anonymous` or an account) or AmbiguousReferenceError.
 */
export function resolvePrincipalRef(
  model: Model,
  input: ReferenceInput,
  options: ReferenceOptions = {},
): PrincipalResolution {
  const ref = inputText(input, 'principal');
  if (isAppToken(ref)) return principalOfToken(model, ref, options);
  const index = indexOf(model);
  const one = (kind: PrincipalRefKind, principal: string, matchedBy: string): PrincipalResolution => ({
    ref,
    kind,
    principals: [{ principal, element: undefined }],
    group: undefined,
    matchedBy,
  });
  if (ref === 'anonymous') return one('anonymous', ref, 'anonymous');
  if (/^\d{12}$/.test(ref)) return one('account', ref, 'account id');
  // An S3 canonical user id (an account or a CloudFront origin access identity), or the stand-in
  // of one the inputs leave unknown (src/engine/principal.ts).
  // A user or role by its IAM unique id (src/model/unique-ids.ts).
  if (principalUniqueIdKind(ref)) return one('unique-id', ref, 'IAM unique id');
  if (isCanonicalUserPrincipal(ref))
    return one('canonical-user', isCanonicalUserStandIn(ref) ? ref : ref.toLowerCase(), 'S3 canonical user');
  if (isFederatedRef(ref)) {
    let caller: FederatedCaller;
    try {
      caller = parseFederatedRef(model, ref, {
        ...(options.account ? { account: options.account } : {}),
        ...(options.claimPatterns ? { patterns: true } : {}),
      });
    } catch (e) {
      if (e instanceof FederatedRefError) throw new UnknownReferenceError(e.message, ref, 'principal', []);
      throw e;
    }
    return {
      ref,
      kind: 'federated',
      principals: [{ principal: caller.principal, element: undefined, caller }],
      group: undefined,
      matchedBy: 'federated caller',
    };
  }
  if (isWellKnownWebIdentity(ref)) return one('federated', ref.toLowerCase(), 'web identity provider');
  if (isServicePrincipal(ref)) return one('service', ref, 'service principal');
  if (ref.startsWith('arn:')) {
    if (!isValidArn(ref)) {
      throw new UnknownReferenceError(
        `principal "${ref}" is not a valid ARN (expected arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE)`,
        ref,
        'principal',
        [],
      );
    }
    const service = parseArn(ref)!.service;
    if (service !== 'iam' && service !== 'sts') {
      throw new UnknownReferenceError(
        `principal "${ref}" is a ${service} ARN, not a principal: use an IAM user or role ARN, an assumed-role session ARN, an account, a service principal or anonymous`,
        ref,
        'principal',
        [],
      );
    }
    const entry = index.byArn.get(ref);
    if (entry && PRINCIPAL_KINDS.has(entry.kind)) return fromEntry(model, ref, entry, 'ARN');
    if (/^(oidc|saml)-provider\//.test(parseArn(ref)!.resource)) return one('federated', ref, 'ARN');
    // the one user or role whose path or name the inputs leave unknown that it may be (a role
    // named by name only: src/model/named-principals.ts); the engine decides the ARN as written,
    // in the world where it is that element (src/engine/name-worlds.ts)
    const maybe = index.entries.filter(
      (e) => (e.kind === 'user' || e.kind === 'role') && mayBeSpelled(e.arn, ref),
    );
    const resolved = one('arn', ref, 'ARN');
    if (maybe.length === 1) resolved.principals[0]!.element = maybe[0]!.element as User | Role;
    return resolved;
  }
  const keys = lookup(index, ref, PRINCIPAL_KINDS, options);
  if (keys.length === 1) return fromEntry(model, ref, keys[0]!.entry, keys[0]!.matchedBy);
  if (keys.length > 1) throw ambiguous(ref, 'principal', keys);
  const notPrincipal = lookup(index, ref, ALL_KINDS, options);
  if (notPrincipal.length) {
    const e = notPrincipal[0]!.entry;
    const roles = e.kind === 'resource' ? rolesRunning(index, e.arn) : [];
    throw new UnknownReferenceError(
      `principal "${ref}" names ${e.kind === 'policy' ? 'a managed policy' : 'a resource'} (${e.arn}), not a user, role or group${roles.length ? `; it runs with ${roles.length > 1 ? 'the roles' : 'the role'} ${roles.join(', ')}: name that as the principal` : ''}`,
      ref,
      'principal',
      roles,
    );
  }
  const candidates = suggest(index, ref, PRINCIPAL_KINDS);
  const hint = candidates.length
    ? `did you mean ${candidates.join(', ')}?`
    : `${sampleOf(index, PRINCIPAL_KINDS)}; a principal is an ARN, user/NAME, role/NAME, group/NAME, a logical id, a Terraform address, a service principal (ec2.amazonaws.com), anonymous, a 12-digit account, or a federated caller (github:OWNER/REPO@REF, oidc:ISSUER, eks:NS/SA, cognito:POOL, saml:PROVIDER)`;
  throw new UnknownReferenceError(
    `unknown principal "${ref}": it matches no user, role or group of the model and is not an ARN; ${hint}`,
    ref,
    'principal',
    candidates,
  );
}

/** A principal given as a CDK token (or construct): the user, role or group it names. */
function principalOfToken(model: Model, text: string, options: ReferenceOptions): PrincipalResolution {
  const value = evaluateToken(model, text, 'principal');
  if (value.kind === 'text') {
    if (isAppToken(value.text)) {
      throw new UnknownReferenceError(
        `principal "${text}" resolves to "${value.text}", which still holds tokens`,
        text,
        'principal',
        [],
      );
    }
    return { ...resolvePrincipalRef(model, value.text, options), ref: value.label };
  }
  const entry = value.element as Entry;
  if (!PRINCIPAL_KINDS.has(entry.kind)) {
    throw new UnknownReferenceError(
      `principal ${value.label} is ${entry.kind === 'policy' ? 'a managed policy' : 'a resource'} (${entry.arn}), not a user, role or group; a function's principal is its execution role (pass the function construct, or fn.role)`,
      text,
      'principal',
      [],
    );
  }
  return fromEntry(model, value.label, entry, 'CDK reference');
}

// ---------------------------------------------------------------------------------------
// Resources

function joinSuffix(arn: string, suffix: string | undefined): string {
  if (suffix === undefined) return arn;
  return `${arn}/${suffix}`;
}

/** Suggestions of ARNs when the reference starts with a resource's physical name (`company1-logs/x`). */
function byPhysicalName(model: Model, ref: string): string[] {
  const slash = ref.indexOf('/');
  const head = slash < 0 ? ref : ref.slice(0, slash);
  const tail = slash < 0 ? undefined : ref.slice(slash + 1);
  return model.resources.filter((r) => r.name === head).map((r) => joinSuffix(r.arn, tail));
}

/**
 * Resolves a resource reference to an ARN. Throws UnknownReferenceError (names nothing and is
 * not an ARN) or AmbiguousReferenceError.
 */
export function resolveResourceRef(
  model: Model,
  input: ResourceInput,
  options: ReferenceOptions = {},
): ResourceResolution {
  if (isResourcePair(input)) return resourceWithSuffix(model, input[0], input[1], options);
  const ref = inputText(input, 'resource');
  if (isAppToken(ref)) return resourceOfToken(model, ref, options);
  const index = indexOf(model);
  if (ref === '*') return { ref, arn: ref, element: undefined, suffix: undefined, matchedBy: 'wildcard' };
  if (ref.startsWith('arn:')) {
    if (!isValidArn(ref)) {
      throw new UnknownReferenceError(
        `resource "${ref}" is not a valid ARN (expected arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE)`,
        ref,
        'resource',
        [],
      );
    }
    const entry = index.byArn.get(ref);
    if (entry) return { ref, arn: ref, element: entry.element, suffix: undefined, matchedBy: 'ARN' };
    // An S3 object ARN names an object of a bucket of the model: that bucket is the element.
    const object = /^(arn:[^:]+:s3:::[^/]+)\/(.+)$/.exec(ref);
    const bucket = object ? index.byArn.get(object[1]!) : undefined;
    if (bucket) return { ref, arn: ref, element: bucket.element, suffix: object![2], matchedBy: 'ARN' };
    return { ref, arn: ref, element: undefined, suffix: undefined, matchedBy: 'ARN' };
  }
  // The whole reference first, then ever shorter heads with the rest as a suffix.
  const heads: { head: string; suffix: string | undefined }[] = [{ head: ref, suffix: undefined }];
  for (let i = ref.lastIndexOf('/'); i > 0; i = ref.lastIndexOf('/', i - 1)) {
    heads.push({ head: ref.slice(0, i), suffix: ref.slice(i + 1) });
  }
  for (const { head, suffix } of heads) {
    const keys = lookup(index, head, ALL_KINDS, options);
    if (keys.length > 1) throw ambiguous(head, 'resource', keys);
    if (keys.length === 1) {
      const { entry, matchedBy } = keys[0]!;
      return { ref, arn: joinSuffix(entry.arn, suffix), element: entry.element, suffix, matchedBy };
    }
  }
  const suggestions = [...byPhysicalName(model, ref)];
  for (const { head, suffix } of heads) {
    for (const c of suggest(index, head, ALL_KINDS)) {
      // A shorter head's candidate corrects the head; a path below the head (`DataStack/Handler`
      // for `DataStack`) with the rest appended names nothing (`DataStack/Handler/Orders`).
      if (suffix !== undefined && c.startsWith(`${head}/`)) continue;
      suggestions.push(joinSuffix(c, suffix));
    }
  }
  const candidates = [...new Set(suggestions)].slice(0, 3);
  const hint = candidates.length
    ? `did you mean ${candidates.join(', ')}?`
    : (underStack(index, ref) ??
      `${sampleOf(index, new Set(['resource']))}; a resource is an ARN, a logical id, a construct path or a Terraform address of a resource (with an optional /suffix), or user/, role/, group/, policy/NAME`);
  throw new UnknownReferenceError(
    `unknown resource "${ref}": it matches no element of the model and is not an ARN; ${hint}`,
    ref,
    'resource',
    candidates,
  );
}

// ---------------------------------------------------------------------------------------
// Resources given as app values

/**
 * A resource as a front end takes it: a reference (string or app value), or the pair
 * `[construct, 'suffix']`: the construct's resource with a suffix (`[bucket, 'reports/*']`).
 */
export type ResourceInput = ReferenceInput | readonly [ReferenceInput, string];

/**
 * Whether a value is the pair `[app value, 'suffix']`: two items, the first a construct or token,
 * the second a plain string that is not an ARN or a token.
 */
export function isResourcePair(value: unknown): value is readonly [ReferenceInput, string] {
  if (!Array.isArray(value) || value.length !== 2) return false;
  const [base, suffix] = value as unknown[];
  const appBase =
    (typeof base === 'object' && base !== null && !Array.isArray(base)) ||
    (typeof base === 'string' && isAppToken(base));
  return (
    appBase &&
    typeof suffix === 'string' &&
    suffix !== '' &&
    !suffix.startsWith('arn:') &&
    !isAppToken(suffix)
  );
}

/**
 * The resources of a field that takes one resource or a list (a spec entry's `resource`, a
 * `toOnlyAllow` entry's): a list of two that is a pair (`[bucket, 'reports/*']`) is one resource,
 * unless its string names something of the model by itself, which is ambiguous and throws (write
 * `[[bucket, 'x']]` for the pair, or two entries for two resources).
 */
export function resourceInputs(model: Model, value: unknown): ResourceInput[] {
  if (!Array.isArray(value)) return [value as ResourceInput];
  if (isResourcePair(value)) {
    const suffix = value[1];
    const alone = suffix === '*' ? [] : lookup(indexOf(model), suffix, ALL_KINDS, {});
    if (!alone.length) return [value];
    throw new AmbiguousReferenceError(
      `resource list [${describeValue(value[0])}, "${suffix}"] is ambiguous: "${suffix}" names ${alone[0]!.entry.arn} by itself; write [[construct, "${suffix}"]] for the construct's resource with that suffix, or list them in separate entries`,
      suffix,
      'resource',
      alone.map((k) => k.entry.arn),
    );
  }
  return value as ResourceInput[];
}

/** A resource given as a CDK token (or construct): its element's ARN, or the string it builds. */
function resourceOfToken(model: Model, text: string, options: ReferenceOptions): ResourceResolution {
  const value = evaluateToken(model, text, 'resource');
  if (value.kind === 'element') {
    return {
      ref: value.label,
      arn: value.element.arn,
      element: value.element.element,
      suffix: undefined,
      matchedBy: 'CDK reference',
    };
  }
  if (isAppToken(value.text)) {
    throw new UnknownReferenceError(
      `resource "${text}" resolves to "${value.text}", which still holds tokens`,
      text,
      'resource',
      [],
    );
  }
  return { ...resolveResourceRef(model, value.text, options), ref: value.label };
}

/** `[construct, 'suffix']`: the construct's resource (or ARN) with the suffix appended. */
function resourceWithSuffix(
  model: Model,
  base: ReferenceInput,
  suffix: string,
  options: ReferenceOptions,
): ResourceResolution {
  const head = resolveResourceRef(model, base, options);
  if (head.suffix !== undefined) {
    throw new UnknownReferenceError(
      `resource ${head.ref} already has a suffix (${head.suffix}); give the construct itself with "${suffix}"`,
      head.ref,
      'resource',
      [],
    );
  }
  const s = suffix.replace(/^\//, '');
  const arn = joinSuffix(head.arn, s);
  const index = indexOf(model);
  const element = head.element ?? entryOf(index, head.arn)?.element;
  return { ref: `${head.ref}/${s}`, arn, element, suffix: s, matchedBy: head.matchedBy };
}
