// Bounded reading of input files. Inputs come from pull requests: a path may name a FIFO,
// `/dev/zero`, a character device or a file of gigabytes, and reading it as a whole would hang or
// exhaust memory. Every file iamspec reads as input (templates, plans, configurations, var files,
// specs, request files, session and organization policies, files read by Terraform's `file()`)
// goes through `readInputFile`: only regular files (symbolic links followed), at most
// `maxInputSize` bytes each. Directories are listed by the adapters; their entries are read here.
//
// The limit is a setting of the run: the CLI's `--max-input-size`, the API's `maxInputSize` load
// option, or `withInputLimits` around any other call; the default is DEFAULT_MAX_INPUT_SIZE.

import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';

/** 64 MiB: far above any template (CloudFormation's own limit is 1 MB) or a large plan. */
export const DEFAULT_MAX_INPUT_SIZE = 64 * 1024 * 1024;

/**
 * Deepest nesting of arrays and objects a JSON or YAML document may have (templates, plans,
 * policies, specs): real ones stay under 20 levels; the walkers that follow are recursive.
 */
export const MAX_DOCUMENT_DEPTH = 100;

/**
 * Most instances one Terraform `count` or `for_each` may expand to; a configuration may have at
 * most 10 times as many resource and module instances in all.
 */
export const DEFAULT_MAX_INSTANCES = 10_000;

export interface InputLimits {
  /** Largest file read as input, in bytes. */
  maxInputSize: number;
  /** Most instances of one Terraform `count`/`for_each` (10 times as many in all). */
  maxInstances: number;
}

let current: InputLimits = { maxInputSize: DEFAULT_MAX_INPUT_SIZE, maxInstances: DEFAULT_MAX_INSTANCES };

/** The limits in force. */
export function inputLimits(): InputLimits {
  return current;
}

/** Runs `fn` with these limits (restored afterwards, also when `fn` throws). */
export function withInputLimits<T>(limits: Partial<InputLimits>, fn: () => T): T {
  const saved = current;
  current = { ...current, ...definedOnly(limits) };
  try {
    return fn();
  } finally {
    current = saved;
  }
}

/** `withInputLimits` for an async function (one run at a time: the limits are process-wide). */
export async function withInputLimitsAsync<T>(
  limits: Partial<InputLimits>,
  fn: () => Promise<T>,
): Promise<T> {
  const saved = current;
  current = { ...current, ...definedOnly(limits) };
  try {
    return await fn();
  } finally {
    current = saved;
  }
}

function definedOnly(limits: Partial<InputLimits>): Partial<InputLimits> {
  const out: Partial<InputLimits> = {};
  if (limits.maxInputSize !== undefined) out.maxInputSize = limits.maxInputSize;
  if (limits.maxInstances !== undefined) out.maxInstances = limits.maxInstances;
  return out;
}

/** Why a file cannot be read as input; its message is the reason alone (callers add the file). */
export class InputReadError extends Error {
  /** `not-a-file`, `too-large`, or the system error code (`ENOENT`, `EACCES`...). */
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'InputReadError';
    this.code = code;
  }
}

/** `1.5 MiB`, `64 MiB`, `900 bytes`. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = bytes / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${Number.isInteger(v) ? v : v.toFixed(1)} ${units[u]}`;
}

/** Parses `--max-input-size`: bytes, or a number with K, M, G (KiB, MiB, GiB; `MB` is taken as MiB). */
export function parseSize(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(?:([kmg])i?b?|b)?\s*$/i.exec(text);
  if (!m) return undefined;
  const scale = { k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[(m[2] ?? '').toLowerCase()] ?? 1;
  const n = Math.floor(Number(m[1]) * scale);
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

function kindOf(stat: ReturnType<typeof fstatSync>): string {
  if (stat.isDirectory()) return 'a directory';
  if (stat.isFIFO()) return 'a FIFO (named pipe)';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  if (stat.isSocket()) return 'a socket';
  return 'not a regular file';
}

function tooLarge(size: number | undefined, limit: number): InputReadError {
  const what = size === undefined ? 'larger than' : `${formatSize(size)}, over`;
  return new InputReadError(
    'too-large',
    `the file is ${what} the input size limit of ${formatSize(limit)}; raise it with --max-input-size (API: the maxInputSize option)`,
  );
}

/**
 * Reads a regular file of at most the size limit. Throws InputReadError for anything else (a
 * FIFO, a device, a directory, a file over the limit), never blocking on a FIFO: it is opened
 * with O_NONBLOCK and rejected after `fstat`.
 */
export function readInputFile(file: string): Buffer {
  const limit = current.maxInputSize;
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO without a writer would otherwise wait forever.
    fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    throw new InputReadError((e as NodeJS.ErrnoException).code ?? 'io', (e as Error).message, { cause: e });
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) throw new InputReadError('not-a-file', 'a directory where a file is expected');
    if (!stat.isFile()) {
      throw new InputReadError(
        'not-a-file',
        `${kindOf(stat)}: iamspec reads only regular files and directories as input`,
      );
    }
    if (stat.size > limit) throw tooLarge(stat.size, limit);
    // Read up to limit + 1 bytes whatever the size says (files under /proc report 0).
    const chunks: Buffer[] = [];
    let total = 0;
    const chunk = Math.min(Math.max(stat.size, 64 * 1024), limit + 1);
    for (;;) {
      const buf = Buffer.allocUnsafe(Math.min(chunk, limit + 1 - total));
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      chunks.push(n === buf.length ? buf : buf.subarray(0, n));
      total += n;
      if (total > limit) throw tooLarge(undefined, limit);
    }
    return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total);
  } catch (e) {
    if (e instanceof InputReadError) throw e;
    throw new InputReadError((e as NodeJS.ErrnoException).code ?? 'io', (e as Error).message, { cause: e });
  } finally {
    closeSync(fd);
  }
}

/** `readInputFile` as UTF-8 text (a byte-order mark is kept: callers that care remove it). */
export function readInputText(file: string): string {
  return readInputFile(file).toString('utf8');
}
