// The one user-facing input error: input that cannot be read at all (a path that does not
// exist, malformed JSON/YAML/HCL, a file that is none of the supported inputs, a bad request
// file). It names the file and, when known, the line and column. The CLI prints its message
// and exits 2. The adapters throw their own InputError classes; `loadModel` (adapters/load.ts)
// converts them into this one, so front ends handle a single type.

export interface InputLocation {
  file?: string;
  line?: number;
  column?: number;
}

/** `file:line:column`, `file:line`, `file`, or '' when nothing is known. */
export function formatLocation(at: InputLocation): string {
  let out = at.file ?? '';
  if (at.line !== undefined) {
    out += `${out ? ':' : 'line '}${at.line}`;
    if (at.column !== undefined) out += `:${at.column}`;
  }
  return out;
}

export class InputError extends Error {
  readonly file: string | undefined;
  readonly line: number | undefined;
  readonly column: number | undefined;
  /** The reason alone, without the location prefix. */
  readonly reason: string;
  constructor(reason: string, at: InputLocation = {}, options?: { cause?: unknown }) {
    const where = formatLocation(at);
    super(where ? `${where}: ${reason}` : reason, options);
    this.name = 'InputError';
    this.file = at.file;
    this.line = at.line;
    this.column = at.column;
    this.reason = reason;
  }
}
