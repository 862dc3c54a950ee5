// Turns iam-data's raw action records (data/actions/<prefix>.json) into CatalogActions, and
// gives a service's actions: decoded from the catalog index when there is one, else from its file.

import { indexedService, type RawAction, rawActions } from './service-data.js';
import { serviceExists } from './services.js';
import type { AccessLevel, CatalogAction } from './types.js';

/**
 * iam-data writes the access level the way the service reference's JSON does: an action that
 * manages permissions or only tags is also flagged Write (`Permissions management, Write`,
 * `Tagging, Write`). The Service Authorization Reference tables show the specific level.
 */
export function toAccessLevel(raw: string): AccessLevel {
  if (raw.startsWith('Permissions management')) return 'Permissions management';
  if (raw.startsWith('Tagging')) return 'Tagging';
  if (raw === 'Read' || raw === 'List' || raw === 'Write') return raw;
  return 'Write';
}

/**
 * `conditionKeys` joins the keys of the action's own row and of its resource-type rows in the
 * service's actions table (not the resource types table's keys).
 */
export function toCatalogAction(prefix: string, raw: RawAction): CatalogAction {
  const resourceTypes = (raw.resourceTypes ?? []).map((rt) => ({
    name: rt.name,
    required: rt.required === true,
  }));
  const keys = new Set<string>(raw.conditionKeys ?? []);
  for (const rt of raw.resourceTypes ?? []) for (const k of rt.conditionKeys ?? []) keys.add(k);
  return {
    name: `${prefix}:${raw.name}`,
    service: prefix,
    accessLevel: toAccessLevel(raw.accessLevel),
    resourceTypes,
    conditionKeys: [...keys],
  };
}

/** The actions of one service (from the catalog index, else its data file); empty for unknown services. */
export function serviceActionsFromData(prefix: string): CatalogAction[] {
  const p = prefix.toLowerCase();
  if (!serviceExists(p)) return [];
  const indexed = indexedService(p);
  if (indexed) return indexed.actions;
  return Object.values(rawActions(p)).map((raw) => toCatalogAction(p, raw));
}
