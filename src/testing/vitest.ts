// `iamspec/vitest`: importing this module registers the iamspec matchers (`toAllow`, `toDeny`,
// `toOnlyAllow`, `toSatisfySpec`) with vitest's `expect.extend` and declares their types on
// vitest's `Assertion` and `AsymmetricMatchersContaining`. The matchers themselves live in
// ./matchers.ts (framework-neutral; jest users pass `iamspecMatchers` to jest's `expect.extend`).

import { expect } from 'vitest';
import {
  type AccessRequest,
  iamspecMatchers,
  type MatcherOptions,
  type OnlyAllowEntry,
  type OnlyAllowOptions,
  type SpecInput,
} from './matchers.js';

export {
  type AccessRequest,
  configureIamspecMatchers,
  iamspecMatchers,
  type MatcherContext,
  type MatcherOptions,
  type MatcherResult,
  type OnlyAllowEntry,
  type OnlyAllowOptions,
  type SpecDocument,
  type SpecInput,
} from './matchers.js';

expect.extend(iamspecMatchers);

/** The iamspec matchers as they appear on `expect(model)`. */
export interface IamspecMatchers<R = unknown> {
  /** The request is allowed under every request context the test did not pin (a group: every member). */
  toAllow(request: AccessRequest, options?: MatcherOptions): R;
  /** The request is denied under every request context the test did not pin (a group: every member). */
  toDeny(request: AccessRequest, options?: MatcherOptions): R;
  /**
   * The principal (a group: each member) has no access beyond `allowed`, over every action of the
   * catalog and every resource it could name (exhaustive; conditional access counts as access).
   */
  toOnlyAllow(principal: string, allowed: readonly OnlyAllowEntry[], options?: OnlyAllowOptions): R;
  /** Every expectation of the access spec (a file path, a parsed spec or a spec document) holds. */
  toSatisfySpec(spec: SpecInput, options?: MatcherOptions): R;
}

declare module 'vitest' {
  // biome-ignore lint/suspicious/noExplicitAny: the type parameter must match vitest's own declaration
  interface Assertion<T = any> extends IamspecMatchers<void> {}
  interface AsymmetricMatchersContaining extends IamspecMatchers {}
}
