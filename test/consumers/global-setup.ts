// Global setup of the consumer tests (vitest.consumers.config.ts): packs the package once per
// run, the way a release does (`npm pack`, whose prepack script builds it), into a temp
// directory the test files install from.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The packed package (absolute path of the .tgz). */
    tarball: string;
    /** A temp directory for the test files' projects. */
    consumersDir: string;
  }
}

export default function setup(project: TestProject): () => void {
  const repoRoot = join(import.meta.dirname, '..', '..');
  const dir = mkdtempSync(join(tmpdir(), 'iamspec-consumers-'));
  const started = performance.now();
  const out = execFileSync('npm', ['pack', '--pack-destination', dir], {
    cwd: repoRoot,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const name = out.trim().split('\n').at(-1)!;
  console.log(
    `consumers: npm pack (build included) ${((performance.now() - started) / 1000).toFixed(1)} s: ${name}`,
  );
  project.provide('tarball', join(dir, name));
  project.provide('consumersDir', dir);
  return () => rmSync(dir, { recursive: true, force: true });
}
