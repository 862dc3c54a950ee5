// Files of the catalog cache (compact indexes built from the data packages): find one in the
// candidate directories, write one atomically (temporary file + rename, so concurrent builders
// and readers never see half a file).

import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cacheDirCandidates, cacheReadCandidates } from './data-paths.js';

/**
 * The first directory to read from holding `name` with content `accept` approves (the file's
 * text, or with `as: 'bytes'` its bytes undecoded).
 */
export function findCacheFile<T>(
  name: string,
  accept: (text: string, dir: string) => T | undefined,
): { dir: string; value: T } | undefined;
export function findCacheFile<T>(
  name: string,
  accept: (bytes: Buffer, dir: string) => T | undefined,
  as: 'bytes',
): { dir: string; value: T } | undefined;
export function findCacheFile<T>(
  name: string,
  accept: (content: never, dir: string) => T | undefined,
  as: 'text' | 'bytes' = 'text',
): { dir: string; value: T } | undefined {
  for (const dir of cacheReadCandidates()) {
    let text: string | Buffer;
    try {
      text = as === 'bytes' ? readFileSync(join(dir, name)) : readFileSync(join(dir, name), 'utf8');
    } catch {
      continue;
    }
    try {
      const value = accept(text as never, dir);
      if (value !== undefined) return { dir, value };
    } catch {
      // a damaged file is as good as a missing one
    }
  }
  return undefined;
}

function writeAtomically(file: string, data: string | Buffer): void {
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, file);
}

/**
 * Writes the files (in order) into `dir`, or into the first candidate directory that accepts
 * them. Returns the directory; throws when none can be written.
 */
export function writeCacheFiles(
  files: readonly { name: string; data: string | Buffer }[],
  dir?: string,
): string {
  const errors: string[] = [];
  for (const candidate of dir ? [dir] : cacheDirCandidates()) {
    try {
      mkdirSync(candidate, { recursive: true });
      for (const f of files) writeAtomically(join(candidate, f.name), f.data);
      return candidate;
    } catch (e) {
      errors.push(`${candidate}: ${(e as Error).message}`);
    }
  }
  throw new Error(`iamspec: cannot write the catalog cache (${errors.join('; ')})`);
}
