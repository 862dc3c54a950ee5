// `iamspec/vitest`: importing this module registers the iamspec matchers (`toAllow`, `toDeny`,
// `toOnlyAllow`, `toSatisfySpec`) with vitest's `expect.extend` and declares their types on
// vitest's `Matchers` (vitest >= 3.2) and `Assertion` (older versions). The matchers themselves live in
// ./matchers.ts (framework-neutral); `iamspec/jest` (./jest.ts) does the same for jest.

import { expect } from 'vitest';
import type { IamspecMatchers } from './matcher-types.js';
import { iamspecMatchers } from './matchers.js';

export type { IamspecMatchers } from './matcher-types.js';

export {
  type AccessRequest,
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
  type SpecInput,
} from './matchers.js';

expect.extend(iamspecMatchers);

// vitest 3.2 and later type expect(x).toX() and expect.toX() from one interface, `Matchers`; an
// augmentation of `Assertion` no longer reaches a consumer's expect() there, but older versions need it.
declare module 'vitest' {
  // biome-ignore lint/suspicious/noExplicitAny: the type parameter must match vitest's own declaration
  interface Matchers<T = any> extends IamspecMatchers<void> {}
  // biome-ignore lint/suspicious/noExplicitAny: the type parameter must match vitest's own declaration
  interface Assertion<T = any> extends IamspecMatchers<void> {}
}
