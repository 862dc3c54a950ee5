// Test helper: the files under a directory, recursively and in a fixed (sorted) order, optionally
// only those whose name ends with a suffix. The corpus tests walk ../shared/corpus with it, the
// source-layout tests walk src/.

import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export function filesUnder(dir: string, suffix = ''): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...filesUnder(full, suffix));
    else if (name.endsWith(suffix)) out.push(full);
  }
  return out;
}
