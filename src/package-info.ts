// The installed iamspec package: its root directory and version, found by walking up from this
// module to the nearest package.json named `iamspec`. The depth differs between the sources
// (src/ under vitest or tsx), the ES module build (dist/) and the CommonJS build (dist/cjs/), so
// nothing reads `../../package.json` at a fixed depth. Bundled into someone else's file, the
// walk finds no such package.json and callers fall back (version 0.0.0, no shipped cache).

import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface IamspecPackage {
  /** The package root (holds package.json). */
  root: string;
  version: string;
}

let found: IamspecPackage | null | undefined;

/** The iamspec package this module belongs to, or undefined when it cannot be found. */
export function iamspecPackage(): IamspecPackage | undefined {
  if (found === undefined) found = locate() ?? null;
  return found ?? undefined;
}

function locate(): IamspecPackage | undefined {
  let dir: string;
  try {
    dir = dirname(fileURLToPath(import.meta.url));
  } catch {
    return undefined; // not loaded from a file
  }
  for (;;) {
    const manifest = readManifest(join(dir, 'package.json'));
    if (manifest?.name === 'iamspec') {
      return { root: dir, version: typeof manifest.version === 'string' ? manifest.version : '0.0.0' };
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function readManifest(file: string): { name?: unknown; version?: unknown } | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown; version?: unknown };
  } catch {
    return undefined;
  }
}

/** The version of the installed iamspec package ('0.0.0' when it cannot be read). */
export function iamspecVersion(): string {
  return iamspecPackage()?.version ?? '0.0.0';
}
