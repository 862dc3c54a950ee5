// What the matchers and the CDK validation plugin accept as an access spec: a file path (YAML or
// JSON), an `AccessSpec` already parsed (loadSpec / parseSpec), or a spec document as a plain
// object (the YAML's content written in TypeScript). Documents go through the same parser as
// files, so they get the same checks and errors.

import { loadSpec, parseSpec } from '../spec/parse.js';
import type { AccessSpec } from '../spec/types.js';

/** An access spec: a file path, a parsed `AccessSpec`, or a spec document object. */
export type SpecInput = string | AccessSpec | SpecDocument;

/** A spec document as written in YAML/JSON (`{ version: 1, account?, strict?, expect: [...] }`). */
export interface SpecDocument {
  version: 1;
  account?: string;
  strict?: boolean;
  description?: string;
  expect: readonly Record<string, unknown>[];
}

function isParsedSpec(value: object): value is AccessSpec {
  const v = value as Partial<AccessSpec>;
  return (
    'file' in v &&
    Array.isArray(v.expect) &&
    v.expect.every(
      (e) => typeof e === 'object' && e !== null && typeof e.location === 'object' && Array.isArray(e.can),
    )
  );
}

/** Reads a spec input; throws SpecError (file, line, column) for a spec that is not valid. */
export function readSpecInput(input: SpecInput): AccessSpec {
  if (typeof input === 'string') return loadSpec(input);
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new TypeError('an access spec is a file path, a parsed spec (loadSpec) or a spec document object');
  }
  if (isParsedSpec(input)) return input;
  return parseSpec(JSON.stringify(input, null, 2), undefined);
}
