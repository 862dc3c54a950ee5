// `iamspec/jest`: importing this module (from a test file, or from a module listed in jest's
// `setupFilesAfterEnv`) registers the iamspec matchers (`toAllow`, `toDeny`, `toOnlyAllow`,
// `toSatisfySpec`, `toMatchAccessSnapshot`) with jest's global `expect` and declares their types
// on `jest.Matchers` (the global `jest` namespace of @types/jest, which `cdk init` projects use).
// `toMatchAccessSnapshot` calls jest's `toMatchSnapshot` with its matcher context, as jest
// documents for custom snapshot matchers (matchers.ts finds the one jest registered). Loaded by jest's
// CommonJS runtime from dist/cjs, and as an ES module under jest's ESM mode.

import { iamspecMatchers } from './matchers.js';
import type { IamspecMatchers } from './matcher-types.js';

export * from './matcher-exports.js';

interface ExtensibleExpect {
  extend(matchers: Record<string, unknown>): void;
}

const globalExpect = (globalThis as { expect?: Partial<ExtensibleExpect> }).expect;
if (typeof globalExpect?.extend !== 'function') {
  throw new Error(
    "iamspec/jest: there is no global `expect` to extend here. Import 'iamspec/jest' from a jest test " +
      'file or a setupFilesAfterEnv module; with injectGlobals: false, call ' +
      "expect.extend(iamspecMatchers) yourself (import { iamspecMatchers } from 'iamspec/matchers').",
  );
}
globalExpect.extend(iamspecMatchers);

declare global {
  namespace jest {
    // biome-ignore lint/complexity/noBannedTypes: the type parameters must match @types/jest's declaration
    interface Matchers<R, T = {}> extends IamspecMatchers<R> {}
    interface Expect extends IamspecMatchers {}
    interface InverseAsymmetricMatchers extends IamspecMatchers {}
  }
}
