// Input errors of the CloudFormation adapter: a template or cloud assembly that cannot be read
// at all (malformed JSON/YAML, valid JSON that is not a template, a manifest without artifacts).
// The CLI prints the message and exits 2. Everything less severe becomes a Finding instead.

export class InputError extends Error {
  readonly file: string;
  readonly line: number | undefined;
  readonly column: number | undefined;
  /** The reason alone, without the location prefix. */
  readonly reason: string;
  constructor(file: string, reason: string, at?: { line: number; column: number }) {
    const where = at ? `${file}:${at.line}:${at.column}` : file;
    super(`${where}: ${reason}`);
    this.name = 'InputError';
    this.file = file;
    this.line = at?.line;
    this.column = at?.column;
    this.reason = reason;
  }
}
