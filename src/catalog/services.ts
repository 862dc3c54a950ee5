// AWS service prefixes and names ("Actions, resources, and condition keys for AWS services",
// https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html).
// Prefixes compare case-insensitively, as in IAM's Action element.

import { serviceNameMap } from './service-data.js';

export interface CatalogService {
  prefix: string;
  name: string;
}

export function getService(prefix: string): CatalogService | undefined {
  if (typeof prefix !== 'string') return undefined;
  const p = prefix.toLowerCase();
  const name = serviceNameMap().get(p);
  return name === undefined ? undefined : { prefix: p, name };
}

export function serviceExists(prefix: string): boolean {
  return typeof prefix === 'string' && serviceNameMap().has(prefix.toLowerCase());
}

/** Every service prefix of the catalog, lower case, sorted. */
export function allServicePrefixes(): string[] {
  return [...serviceNameMap().keys()].sort();
}
