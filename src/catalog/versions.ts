// Versions of the data packages behind the catalog, for reports and cache keys.

import { IAM_DATA_PACKAGE, locatePackage, MANAGED_POLICIES_PACKAGE } from './data-paths.js';

export function catalogVersions(): { iamData: string; managedPolicies: string } {
  return {
    iamData: locatePackage(IAM_DATA_PACKAGE).version,
    managedPolicies: locatePackage(MANAGED_POLICIES_PACKAGE).version,
  };
}
