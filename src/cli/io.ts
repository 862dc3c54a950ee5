// Where the CLI writes: stdout for results, stderr for diagnostics. Tests pass their own
// CliIo to run commands in-process and capture both streams.

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Environment (IAMSPEC_DEBUG); process.env by default. */
  env?: Readonly<Record<string, string | undefined>>;
}

export const processIo: CliIo = {
  stdout: (text) => {
    process.stdout.write(text);
  },
  stderr: (text) => {
    process.stderr.write(text);
  },
  env: process.env,
};

/** An io that collects everything written, for tests and programmatic use. */
export function bufferIo(env: Record<string, string | undefined> = {}): CliIo & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    env,
    stdout(text: string) {
      io.out += text;
    },
    stderr(text: string) {
      io.err += text;
    },
  };
  return io;
}
