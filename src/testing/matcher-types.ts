// The iamspec matchers' signatures as they appear on a test framework's `expect(...)`, shared by
// the declarations of `iamspec/vitest` (vitest's Assertion) and `iamspec/jest` (jest.Matchers).

import type {
  AccessRequest,
  AccessSnapshotOptions,
  MatcherOptions,
  OnlyAllowEntry,
  OnlyAllowOptions,
  PrincipalReference,
  SpecInput,
} from './matchers.js';

/** The iamspec matchers as they appear on `expect(model)`; `R` is the framework's result type. */
export interface IamspecMatchers<R = unknown> {
  /** The request is allowed under every request context the test did not pin (a group: every member). */
  toAllow(request: AccessRequest, options?: MatcherOptions): R;
  /** The request is denied under every request context the test did not pin (a group: every member). */
  toDeny(request: AccessRequest, options?: MatcherOptions): R;
  /**
   * The principal (a group: each member) has no access beyond `allowed`, over every action of the
   * catalog and every resource it could name (exhaustive; conditional access counts as access).
   */
  toOnlyAllow(
    principal: PrincipalReference,
    allowed: readonly OnlyAllowEntry[],
    options?: OnlyAllowOptions,
  ): R;
  /** Every expectation of the access spec (a file path, a parsed spec or a spec document) holds. */
  toSatisfySpec(spec: SpecInput, options?: MatcherOptions): R;
  /**
   * The model's effective-access summary (per principal: access level, actions, resources,
   * conditions, roles it can reach; risk findings) matches the one stored in the test's snapshot
   * file (written on the first run; `-u` accepts a change). `hint` names the snapshot.
   */
  toMatchAccessSnapshot(hint?: string, options?: AccessSnapshotOptions): R;
}
