// The packed package (global-setup.ts): what the tarball holds and what it leaves out, source
// maps that resolve to shipped sources, and no install script.

import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { consumer, runSync } from './run.js';

const tarball = inject('tarball');

describe('the tarball', () => {
  const unpacked = join(inject('consumersDir'), 'unpacked');
  let files: string[];
  beforeAll(() => {
    mkdirSync(unpacked, { recursive: true });
    expect(runSync('tar', ['-xzf', tarball, '-C', unpacked], unpacked).status).toBe(0);
    const walk = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? walk(join(dir, e.name)) : [relative(join(unpacked, 'package'), join(dir, e.name))],
      );
    files = walk(join(unpacked, 'package'));
  });

  it('holds both builds, their declarations, the sources the maps point at and the catalog indexes', () => {
    for (const f of [
      'bin/iamspec.js',
      'dist/index.js',
      'dist/index.d.ts',
      'dist/cli/main.js',
      'dist/cli-bundle/main.js',
      'dist/cli-bundle/worker.js',
      'dist/testing/jest.js',
      'dist/testing/jest.d.ts',
      'dist/cjs/package.json',
      'dist/cjs/index.js',
      'dist/cjs/index.d.ts',
      'dist/cjs/testing/jest.js',
      'dist/cjs/testing/jest.d.ts',
      'dist/cjs/testing/vitest.d.ts',
      'src/testing/matchers.ts',
      'schema/access-spec.schema.json',
      'README.md',
      'LICENSE',
      'NOTICE',
    ]) {
      expect(files, f).toContain(f);
    }
    expect(files.filter((f) => f.startsWith('dist/catalog-cache/')).sort()).toEqual([
      expect.stringMatching(/^dist\/catalog-cache\/iam-data-.*\.catalog\.jsonl$/),
      expect.stringMatching(/^dist\/catalog-cache\/managed-policies-.*\.documents\.jsonl$/),
      expect.stringMatching(/^dist\/catalog-cache\/managed-policies-.*\.index\.json$/),
    ]);
    const cjsManifest = JSON.parse(readFileSync(join(unpacked, 'package', 'dist/cjs/package.json'), 'utf8'));
    expect(cjsManifest).toEqual({ type: 'commonjs' });
  });

  it('holds nothing else: no tests, fixtures, scripts, examples or build state', () => {
    const top = new Set(files.map((f) => f.split('/')[0]));
    expect([...top].sort()).toEqual([
      'LICENSE',
      'NOTICE',
      'README.md',
      'bin',
      'dist',
      'package.json',
      'schema',
      'src',
    ]);
    expect(files.filter((f) => /\.(test|spec)\.|tsbuildinfo|fixtures/.test(f))).toEqual([]);
    const packed = statSync(tarball).size;
    const unpackedSize = files.reduce((n, f) => n + statSync(join(unpacked, 'package', f)).size, 0);
    console.log(
      `consumers: tarball ${(packed / 1e6).toFixed(2)} MB packed, ${(unpackedSize / 1e6).toFixed(1)} MB unpacked, ${files.length} files`,
    );
  });

  it('every source map resolves to a source the package ships', () => {
    const maps = files.filter((f) => f.endsWith('.js.map'));
    expect(maps.length).toBeGreaterThan(300);
    const missing: string[] = [];
    for (const map of maps) {
      const { sources } = JSON.parse(readFileSync(join(unpacked, 'package', map), 'utf8')) as {
        sources: string[];
      };
      for (const s of sources) {
        const target = relative(join(unpacked, 'package'), join(unpacked, 'package', dirname(map), s));
        if (!files.includes(target)) missing.push(`${map} -> ${s}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('has no install script (npm runs none for it, and asks no one to allow one)', () => {
    const manifest = JSON.parse(readFileSync(join(unpacked, 'package', 'package.json'), 'utf8'));
    // build, prepack and prepare too: npm (pacote's git fetcher) installs every dev dependency of a
    // git dependency that has any of these scripts before packing it, ~90 s of CDK and CDKTF.
    for (const script of ['preinstall', 'install', 'postinstall', 'prepare', 'prepack', 'build']) {
      expect(manifest.scripts?.[script], script).toBeUndefined();
    }
    for (const name of ['cdk-jest', 'vitest-esm']) {
      const lock = JSON.parse(readFileSync(join(consumer(name), 'package-lock.json'), 'utf8'));
      expect(lock.packages['node_modules/iamspec'], name).toBeDefined();
      expect(lock.packages['node_modules/iamspec'].hasInstallScript, name).toBeUndefined();
      expect(inject('consumers')[name]!.output).not.toMatch(/install-scripts[^\n]*iamspec/);
    }
  });
});
