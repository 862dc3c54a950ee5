// Types of the packed package under TypeScript 5.9, 6 and 7 and each module setting: the
// entry-point files of the two consumer projects (cdk-jest/types/entry-points.ts, CommonJS, jest
// matchers; vitest-esm/types/entry-points.ts, ES module, vitest matchers) import every entry point
// they would use and call the matchers, with a wrong argument marked @ts-expect-error. TypeScript
// 7 checks every declaration file as well (skipLibCheck off, as the fixtures' tsconfigs say: fast,
// it is native); 5.9 and 6 check resolution and use with --skipLibCheck, on the settings that
// resolve differently. attw checks every entry point of the tarball under node10, node16 (from
// CommonJS and from ES modules) and bundler.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { consumer, runAsync, runSync, tsc } from './run.js';

interface TypeCase {
  project: 'cdk-jest' | 'vitest-esm';
  config: string;
  version: '5.9' | '6' | '7';
}

// cdk init's own tsconfig (module commonjs, no moduleResolution) resolves as node10 under 5.9 and
// as bundler (CommonJS conditions) under 6 and 7; node10 is deprecated in 6 and gone in 7.
const MATRIX: [TypeCase['project'], string, TypeCase['version'][]][] = [
  ['cdk-jest', 'tsconfig.json', ['5.9', '6', '7']],
  ['cdk-jest', 'tsconfig.node10.json', ['6']],
  ['cdk-jest', 'tsconfig.node16.json', ['7']],
  ['cdk-jest', 'tsconfig.nodenext.json', ['5.9', '6', '7']],
  ['vitest-esm', 'tsconfig.json', ['5.9', '6', '7']],
  ['vitest-esm', 'tsconfig.node16.json', ['7']],
  ['vitest-esm', 'tsconfig.bundler.json', ['5.9', '6', '7']],
];

function compile(c: TypeCase) {
  const args = [tsc(c.version), '-p', join('types', c.config)];
  if (c.version !== '7') args.push('--skipLibCheck');
  return runAsync(process.execPath, args, consumer(c.project));
}

describe('types: every entry point under TypeScript 5.9, 6 and 7 and each module setting', () => {
  it('compiles the entry-point files without errors', async () => {
    const cases = MATRIX.flatMap(([project, config, versions]) =>
      versions.map((version): TypeCase => ({ project, config, version })),
    );
    const started = performance.now();
    const failures: string[] = [];
    const queue = [...cases];
    const worker = async () => {
      for (let c = queue.shift(); c; c = queue.shift()) {
        const r = await compile(c);
        if (r.status !== 0)
          failures.push(`TypeScript ${c.version}, ${c.project}/types/${c.config}:\n${r.output}`);
      }
    };
    await Promise.all([worker(), worker()]);
    console.log(
      `consumers: ${cases.length} type checks ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    expect(failures).toEqual([]);
  });

  it('the compilers are the versions named', () => {
    for (const [v, re] of [
      ['5.9', /^Version 5\.9\./],
      ['6', /^Version 6\./],
      ['7', /^Version 7\./],
    ] as const) {
      expect(
        runSync(process.execPath, [tsc(v), '--version'], consumer('typescript-versions')).output,
      ).toMatch(re);
    }
  });

  it('a type error in a consumer is reported (the checks are not blind)', async () => {
    const file = join(consumer('cdk-jest'), 'types', 'entry-points.ts');
    const original = readFileSync(file, 'utf8');
    writeFileSync(file, original.replace('// @ts-expect-error toAllow takes a request object\n', ''));
    try {
      for (const version of ['6', '7'] as const) {
        const r = await compile({ project: 'cdk-jest', config: 'tsconfig.json', version });
        expect(r.status, version).not.toBe(0);
        expect(r.output).toMatch(/entry-points\.ts\(\d+,\d+\): error TS2345/);
      }
    } finally {
      writeFileSync(file, original);
    }
  });

  it('attw (are the types wrong): every entry point resolves to types of the right module kind', () => {
    const repoRoot = join(import.meta.dirname, '..', '..');
    const attw = join(repoRoot, 'node_modules', '@arethetypeswrong', 'cli', 'dist', 'index.js');
    // schema.json is a JSON file for editors: node10 has no exports map to find it under that name.
    const r = runSync(
      process.execPath,
      [attw, inject('tarball'), '--format', 'json', '--exclude-entrypoints', './schema.json'],
      inject('consumersDir'),
    );
    const report = JSON.parse(r.output.slice(r.output.indexOf('{')));
    expect(report.analysis.problems ?? [], JSON.stringify(report.analysis.problems, null, 2)).toEqual([]);
    const entries = Object.keys(report.analysis.entrypoints).sort();
    expect(entries).toEqual(['.', './cdk', './cdktf', './jest', './matchers', './package.json', './vitest']);
    expect(r.status).toBe(0);
  });
});
