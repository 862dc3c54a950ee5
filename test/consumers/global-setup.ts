// Global setup of the consumer tests (the `consumers` project of vitest.config.ts), once per run: packs the
// package the way a release does (`npm run package`: build, then `npm pack`), then installs
// the tarball into copies of the fixture projects of test/fixtures/consumers, each in a temp
// directory of its own (so nothing resolves from this checkout's node_modules), all at once
// and from the npm cache when it has the packages (--prefer-offline):
//   cdk-init/             a `cdk init app --language typescript` project as the CDK CLI writes it
//                         today (aws-cdk 2.1149: jest 30 + @swc/jest, TypeScript 7, module
//                         NodeNext without "type": "module", i.e. CommonJS; its package.json,
//                         tsconfig and jest.config.js verbatim)
//   cdk-jest/             the same as earlier CDK CLI releases wrote it (jest 29 + ts-jest,
//                         TypeScript 5.6, module commonjs; tsconfig and jest.config.js verbatim)
//   vitest-esm/           an ES module project ("type": "module", nodenext) with vitest
//   typescript-versions/  TypeScript 5.9, 6 and 7 (compilers only), for the type matrix
// The test files use them through inject('consumers').

import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

export interface ConsumerInstall {
  dir: string;
  status: number;
  seconds: number;
  output: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** The packed package (absolute path of the .tgz). */
    tarball: string;
    /** A temp directory for the test files' own scratch files. */
    consumersDir: string;
    /** The installed fixture projects by name. */
    consumers: Record<string, ConsumerInstall>;
  }
}

const PROJECTS: [name: string, dependsOnIamspec: boolean][] = [
  ['cdk-init', true],
  ['cdk-jest', true],
  ['vitest-esm', true],
  ['typescript-versions', false],
];

function install(dir: string): Promise<ConsumerInstall> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund'], {
      cwd: dir,
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
      resolve({ dir, status: code ?? 1, seconds: (performance.now() - started) / 1000, output }),
    );
  });
}

export default async function setup(project: TestProject): Promise<() => void> {
  const repoRoot = join(import.meta.dirname, '..', '..');
  const dir = mkdtempSync(join(tmpdir(), 'iamspec-consumers-'));
  const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;

  let started = performance.now();
  // What `npm run package` does: build, then pack (the postpack script checks the build is there).
  execFileSync(process.execPath, [join(repoRoot, 'scripts', 'build.mjs')], {
    cwd: repoRoot,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const out = execFileSync('npm', ['pack', '--pack-destination', dir], {
    cwd: repoRoot,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const tarball = join(dir, out.trim().split('\n').at(-1)!);
  console.log(`consumers: npm pack (build included) ${seconds(started)}: ${tarball}`);

  started = performance.now();
  const projects = join(dir, 'projects');
  mkdirSync(projects);
  const installs = await Promise.all(
    PROJECTS.map(([name, dependsOnIamspec]) => {
      const target = join(projects, name);
      cpSync(join(repoRoot, 'test', 'fixtures', 'consumers', name), target, { recursive: true });
      if (dependsOnIamspec) {
        const manifest = JSON.parse(readFileSync(join(target, 'package.json'), 'utf8'));
        manifest.devDependencies = { ...manifest.devDependencies, iamspec: `file:${tarball}` };
        writeFileSync(join(target, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
      }
      return install(target);
    }),
  );
  const consumers: Record<string, ConsumerInstall> = {};
  PROJECTS.forEach(([name], i) => {
    consumers[name] = installs[i]!;
    console.log(
      `consumers: npm install ${name} ${installs[i]!.seconds.toFixed(1)} s (exit ${installs[i]!.status})`,
    );
  });
  console.log(`consumers: the ${PROJECTS.length} installs ${seconds(started)}`);

  project.provide('tarball', tarball);
  project.provide('consumersDir', dir);
  project.provide('consumers', consumers);
  return () => rmSync(dir, { recursive: true, force: true });
}
