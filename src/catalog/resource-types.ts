// Resource types of the catalog and their ARN formats, and whether an ARN (or ARN pattern)
// could name a resource of a given type ("Actions, resources, and condition keys for AWS
// services", resource types tables).

import { hasWildcard } from '../policy/wildcard.js';
import {
  ambiguousSeparators,
  type ArnTokens,
  compileArnPattern,
  compileTemplate,
  tokensIntersect,
} from './arn-template.js';
import { indexedService, rawResourceTypes } from './service-data.js';
import { serviceExists } from './services.js';
import type { CatalogResourceType } from './types.js';

interface ServiceResourceTypes {
  byKey: Map<string, CatalogResourceType>;
  /** Template → separators its final variable excludes. */
  separators: Map<string, string>;
}

const byService = new Map<string, ServiceResourceTypes>();

function serviceResourceTypes(prefix: string): ServiceResourceTypes {
  const p = prefix.toLowerCase();
  let entry = byService.get(p);
  if (!entry) {
    const byKey = new Map<string, CatalogResourceType>();
    if (serviceExists(p)) {
      for (const [key, raw] of Object.entries(rawResourceTypes(p))) {
        byKey.set(key, { service: p, name: raw.key, arns: raw.arn ? [raw.arn] : [] });
      }
    }
    // Precomputed in the catalog index; computed from the service's formats otherwise.
    const separators =
      indexedService(p)?.separators ?? ambiguousSeparators([...byKey.values()].flatMap((rt) => rt.arns));
    entry = { byKey, separators };
    byService.set(p, entry);
  }
  return entry;
}

/** Resource type `name` (case-insensitive) of service `service`. */
export function getResourceType(service: string, name: string): CatalogResourceType | undefined {
  if (typeof service !== 'string' || typeof name !== 'string') return undefined;
  return serviceResourceTypes(service).byKey.get(name.toLowerCase());
}

/**
 * For each ARN format of the service, the separators its final variable excludes
 * (arn-template.ts `ambiguousSeparators` over the service's formats).
 */
export function arnSeparatorsOfService(prefix: string): ReadonlyMap<string, string> {
  if (typeof prefix !== 'string') return new Map();
  return serviceResourceTypes(prefix).separators;
}

export function resourceTypesOfService(prefix: string): CatalogResourceType[] {
  if (typeof prefix !== 'string') return [];
  return [...serviceResourceTypes(prefix).byKey.values()];
}

const templateCache = new Map<string, ArnTokens>();
const patternCache = new Map<string, ArnTokens>();
const PATTERN_CACHE_LIMIT = 5000;

function templateTokens(rt: CatalogResourceType, template: string): ArnTokens {
  const excludes = serviceResourceTypes(rt.service).separators.get(template) ?? '';
  const key = `${excludes}\u0000${template}`;
  let tokens = templateCache.get(key);
  if (!tokens) {
    tokens = compileTemplate(template, excludes);
    templateCache.set(key, tokens);
  }
  return tokens;
}

function patternTokens(arn: string): ArnTokens {
  let tokens = patternCache.get(arn);
  if (!tokens) {
    tokens = compileArnPattern(arn);
    if (patternCache.size >= PATTERN_CACHE_LIMIT) patternCache.clear();
    patternCache.set(arn, tokens);
  }
  return tokens;
}

/**
 * True when `arn` — an ARN, or an ARN pattern with `*`/`?` — could name a resource of type
 * `rt`: some concrete ARN matches both `arn` and one of the type's ARN templates. `*` matches
 * every type. ARNs compare case-sensitively. A policy variable (`${aws:username}`) in `arn`
 * is treated as a wildcard, since its value is only known per request.
 */
export function arnMatchesResourceType(arn: string, rt: CatalogResourceType): boolean {
  if (typeof arn !== 'string' || !rt) return false;
  if (arn === '*') return true;
  const subject = arn.includes('${') ? arn.replace(/\$\{[^}]*\}/g, '*') : arn;
  if (!hasWildcard(subject) && !subject.startsWith('arn:')) return false;
  const tokens = patternTokens(subject);
  return rt.arns.some((t) => tokensIntersect(templateTokens(rt, t), tokens));
}
