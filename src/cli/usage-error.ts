// UsageError: the command line itself is wrong (unknown option, missing argument, bad value).
// The CLI prints its message with a pointer to `--help` and exits 2.

export class UsageError extends Error {
  /** The command whose help to point at, when known. */
  readonly command: string | undefined;
  constructor(message: string, command?: string) {
    super(message);
    this.name = 'UsageError';
    this.command = command;
  }
}
