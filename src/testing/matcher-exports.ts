// What `iamspec/vitest` and `iamspec/jest` export besides registering the matchers: the matchers
// object, its configuration and snapshot hook, and the types of their arguments and results. One
// list for both entry points (each re-exports it with `export *`, which the ES module build and
// the CommonJS build of dist/cjs both keep).

export type { IamspecMatchers } from './matcher-types.js';
export {
  type AccessRequest,
  type AccessSnapshotOptions,
  configureIamspecMatchers,
  iamspecMatchers,
  type MatcherContext,
  type MatcherOptions,
  type MatcherResult,
  type OnlyAllowEntry,
  type OnlyAllowOptions,
  type PrincipalReference,
  type ResourceReference,
  type SpecDocument,
  type SnapshotAssertion,
  type SpecInput,
  setSnapshotAssertion,
} from './matchers.js';
