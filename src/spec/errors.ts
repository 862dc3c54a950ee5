// The access spec's user error: a spec that cannot be read, does not follow the format, or names
// something the model does not have. It is an InputError, so the CLI prints it as one message
// with file:line:column and exits 2.

import { InputError } from '../model/input-error.js';
import type { SpecLocation } from './types.js';

export class SpecError extends InputError {
  /** JSON pointer of the offending element in the spec document (`/expect/0/can/1`). */
  readonly pointer: string;
  constructor(reason: string, at: SpecLocation, options?: { cause?: unknown }) {
    super(
      reason,
      {
        file: at.file,
        line: at.line,
        column: at.column,
      },
      options,
    );
    this.name = 'SpecError';
    this.pointer = at.pointer;
  }
}
