// `iamspec/vitest`: importing this module registers the iamspec matchers (`toAllow`, `toDeny`,
// `toOnlyAllow`, `toSatisfySpec`, `toMatchAccessSnapshot`) with vitest's `expect.extend` and
// declares their types on vitest's `Matchers` (vitest >= 3.2) and `Assertion` (older versions).
// `toMatchAccessSnapshot` stores its summary through vitest's composable snapshot assertion for
// custom matchers (`Snapshots.toMatchSnapshot.call(this, ...)`, vitest 4.1 and later: "Custom
// Snapshot Matchers", https://vitest.dev/guide/snapshot.html#custom-snapshot-matchers); before
// 4.1, through `expect(summary).toMatchSnapshot()` of the running test. The matchers themselves
// live in ./matchers.ts (framework-neutral); `iamspec/jest` (./jest.ts) does the same for jest.

import * as vitest from 'vitest';
import type { IamspecMatchers } from './matcher-types.js';
import { iamspecMatchers, type MatcherResult, setSnapshotAssertion } from './matchers.js';

export * from './matcher-exports.js';

interface ComposableSnapshots {
  toMatchSnapshot(this: unknown, received: unknown, hint?: string): MatcherResult;
}

const snapshots = (vitest as { Snapshots?: ComposableSnapshots }).Snapshots;
setSnapshotAssertion(
  snapshots
    ? function (this: unknown, received: unknown, hint?: string) {
        return snapshots.toMatchSnapshot.call(this, received, hint);
      }
    : (received: unknown, hint?: string) => {
        // Older vitest: its own matcher on the running test's expect throws on a mismatch.
        vitest.expect(received).toMatchSnapshot(hint);
        return { pass: true, message: () => 'the access summary matches the snapshot' };
      },
);
vitest.expect.extend(iamspecMatchers);

// vitest 3.2 and later type expect(x).toX() and expect.toX() from one interface, `Matchers`; an
// augmentation of `Assertion` no longer reaches a consumer's expect() there, but older versions need it.
declare module 'vitest' {
  // biome-ignore lint/suspicious/noExplicitAny: the type parameter must match vitest's own declaration
  interface Matchers<T = any> extends IamspecMatchers<void> {}
  // biome-ignore lint/suspicious/noExplicitAny: the type parameter must match vitest's own declaration
  interface Assertion<T = any> extends IamspecMatchers<void> {}
}
