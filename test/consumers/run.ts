// Running commands in the installed consumer projects (see global-setup.ts).

import { spawn, spawnSync } from 'node:child_process';
import { expect, inject } from 'vitest';

export interface Ran {
  status: number;
  output: string;
  seconds: number;
}

/** Runs a command to its end, asynchronously (so several can run at once). */
export function runAsync(
  command: string,
  args: string[],
  cwd: string,
  env: Record<string, string> = {},
): Promise<Ran> {
  const started = performance.now();
  return new Promise((resolveRun) => {
    const child = spawn(command, args, {
      cwd,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => {
      output += d;
    });
    child.stderr.on('data', (d) => {
      output += d;
    });
    child.on('close', (code) =>
      resolveRun({ status: code ?? 1, output, seconds: (performance.now() - started) / 1000 }),
    );
  });
}

export function runSync(command: string, args: string[], cwd: string, env: Record<string, string> = {}): Ran {
  const started = performance.now();
  const r = spawnSync(command, args, {
    cwd,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  return {
    status: r.status ?? 1,
    output: `${r.stdout}${r.stderr}`,
    seconds: (performance.now() - started) / 1000,
  };
}

/** The directory of an installed consumer project; fails the test when its install failed. */
export function consumer(name: string): string {
  const installed = inject('consumers')[name];
  expect(installed, `no consumer project ${name}`).toBeDefined();
  expect(installed!.status, `npm install in ${name}:\n${installed!.output}`).toBe(0);
  return installed!.dir;
}

/** The TypeScript compiler of a version installed in typescript-versions/ (5.9, 6 or 7). */
export function tsc(version: string): string {
  return `${consumer('typescript-versions')}/node_modules/typescript-${version}/bin/tsc`;
}
