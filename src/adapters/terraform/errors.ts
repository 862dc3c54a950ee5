// InputError: the one error the Terraform adapter throws, for input that cannot be read at all
// (truncated JSON, a JSON file that is neither a plan nor a configuration, an HCL syntax
// error, a path that does not exist). The CLI prints its message and exits 2.

export class InputError extends Error {
  readonly file: string;
  readonly line: number | undefined;
  readonly column: number | undefined;
  constructor(message: string, file: string, line?: number, column?: number) {
    const where = line !== undefined ? `${file}:${line}${column !== undefined ? `:${column}` : ''}` : file;
    super(`${where}: ${message}`);
    this.name = 'InputError';
    this.file = file;
    this.line = line;
    this.column = column;
  }
}
