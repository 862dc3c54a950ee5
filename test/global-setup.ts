// Vitest global setup: builds the catalog cache (the compact action index and the managed policy
// index, src/catalog/catalog-cache.ts) once, before any test file runs, so the test workers read
// it instead of each building it on first use. A valid cache is left as it is.

import { buildCatalogIndexes } from '../src/catalog/catalog-cache.js';

export default function setup(): void {
  buildCatalogIndexes();
}
