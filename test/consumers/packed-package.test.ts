// The packed package as users get it (`npm pack` in global-setup.ts), installed into the fixture
// projects of test/fixtures/consumers, each in a temp directory of its own (so nothing resolves
// from this checkout's node_modules):
//   cdk-jest/    a `cdk init app --language typescript` project as cdk init writes it (jest +
//                ts-jest, CommonJS, its tsconfig and jest.config.js verbatim) testing a stack
//                with `import 'iamspec/jest'`
//   vitest-esm/  an ES module project ("type": "module", nodenext) testing with `iamspec/vitest`
//   typescript-versions/  TypeScript 5.9, 6 and 7 (the compilers only), for the type matrix
// The three installs run at once, once per run, from the npm cache when it has the packages
// (--prefer-offline). Then: the tarball's contents, no install script, the jest and vitest runs,
// the projects' own type checks, every entry point compiled under each TypeScript version and
// module setting, attw on the tarball, and stack traces that end in the shipped sources.

import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';

const repoRoot = join(import.meta.dirname, '..', '..');
const fixtures = join(repoRoot, 'test', 'fixtures', 'consumers');
const tarball = inject('tarball');
const work = join(inject('consumersDir'), 'projects');

interface Ran {
  status: number;
  output: string;
  seconds: number;
}

/** Runs a command to its end (asynchronously, so several can run at once). */
function runAsync(
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

function runSync(command: string, args: string[], cwd: string, env: Record<string, string> = {}): Ran {
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

const project = (name: string) => join(work, name);
const installs = new Map<string, Ran>();

/** Copies a fixture project and makes it depend on the tarball. */
function prepare(name: string, dependOnIamspec: boolean): void {
  const dir = project(name);
  cpSync(join(fixtures, name), dir, { recursive: true });
  if (dependOnIamspec) {
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    manifest.devDependencies = { ...manifest.devDependencies, iamspec: `file:${tarball}` };
    writeFileSync(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  }
}

beforeAll(async () => {
  mkdirSync(work, { recursive: true });
  prepare('cdk-jest', true);
  prepare('vitest-esm', true);
  prepare('typescript-versions', false);
  const started = performance.now();
  const results = await Promise.all(
    ['cdk-jest', 'vitest-esm', 'typescript-versions'].map((name) =>
      runAsync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund'], project(name)),
    ),
  );
  for (const [i, name] of ['cdk-jest', 'vitest-esm', 'typescript-versions'].entries()) {
    installs.set(name, results[i]!);
    console.log(`consumers: npm install ${name} ${results[i]!.seconds.toFixed(1)} s`);
  }
  console.log(`consumers: installs together ${((performance.now() - started) / 1000).toFixed(1)} s`);
  for (const [name, r] of installs) expect(r.status, `npm install in ${name}:\n${r.output}`).toBe(0);
});

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
    ]) {
      expect(files, f).toContain(f);
    }
    expect(files.filter((f) => f.startsWith('dist/catalog-cache/')).sort()).toEqual([
      expect.stringMatching(/^dist\/catalog-cache\/iam-data-.*\.actions\.json$/),
      expect.stringMatching(/^dist\/catalog-cache\/managed-policies-.*\.documents\.jsonl$/),
      expect.stringMatching(/^dist\/catalog-cache\/managed-policies-.*\.index\.json$/),
    ]);
    const cjsManifest = JSON.parse(readFileSync(join(unpacked, 'package', 'dist/cjs/package.json'), 'utf8'));
    expect(cjsManifest).toEqual({ type: 'commonjs' });
  });

  it('holds nothing else: no tests, fixtures, scripts, examples or build state', () => {
    const top = new Set(files.map((f) => f.split('/')[0]));
    expect([...top].sort()).toEqual(['LICENSE', 'README.md', 'bin', 'dist', 'package.json', 'schema', 'src']);
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
    for (const script of ['preinstall', 'install', 'postinstall', 'prepare']) {
      expect(manifest.scripts?.[script], script).toBeUndefined();
    }
    for (const name of ['cdk-jest', 'vitest-esm']) {
      const lock = JSON.parse(readFileSync(join(project(name), 'package-lock.json'), 'utf8'));
      expect(lock.packages['node_modules/iamspec'], name).toBeDefined();
      expect(lock.packages['node_modules/iamspec'].hasInstallScript, name).toBeUndefined();
      expect(installs.get(name)!.output).not.toMatch(/install-scripts[^\n]*iamspec/);
    }
  });
});

describe('a cdk init app: jest + ts-jest, CommonJS', () => {
  it('runs its jest tests with iamspec/jest, iamspec/cdk, iamspec/matchers and iamspec', () => {
    // Source maps on, as a user who wants stack traces in TypeScript runs jest.
    const r = runSync('npx', ['jest', '--ci'], project('cdk-jest'), { NODE_OPTIONS: '--enable-source-maps' });
    console.log(`consumers: jest ${r.seconds.toFixed(1)} s`);
    expect(r.status, r.output).toBe(0);
    expect(r.output).toMatch(/Tests:\s+6 passed, 6 total/);
    // the CommonJS build found the catalog indexes shipped in the package: it built none
    expect(existsSync(join(project('cdk-jest'), 'node_modules', '.cache', 'iamspec'))).toBe(false);
  });

  it('type-checks as `npm run build` does (tsc with the cdk init tsconfig, TypeScript 5.6)', () => {
    const r = runSync('npx', ['tsc', '--noEmit'], project('cdk-jest'));
    console.log(`consumers: tsc cdk-jest ${r.seconds.toFixed(1)} s`);
    expect(r.status, r.output).toBe(0);
    expect(runSync('npx', ['tsc', '--version'], project('cdk-jest')).output).toMatch(/Version 5\.6\./);
  });
});

describe('an ES module app: vitest', () => {
  it('runs its vitest tests with iamspec/vitest, iamspec/cdk, iamspec/matchers and iamspec', () => {
    const r = runSync('npx', ['vitest', 'run'], project('vitest-esm'), { NO_COLOR: '1' });
    console.log(`consumers: vitest ${r.seconds.toFixed(1)} s`);
    expect(r.status, r.output).toBe(0);
    expect(r.output).toMatch(/Tests\s+5 passed \| 1 skipped \(6\)/);
    expect(existsSync(join(project('vitest-esm'), 'node_modules', '.cache', 'iamspec'))).toBe(false);
  });

  it('type-checks (tsc, nodenext)', () => {
    const r = runSync('npx', ['tsc', '--noEmit'], project('vitest-esm'));
    expect(r.status, r.output).toBe(0);
  });

  it('a failure inside iamspec shows a stack trace in the shipped TypeScript sources', () => {
    const r = runSync('npx', ['vitest', 'run', 'test/stack-trace.test.ts'], project('vitest-esm'), {
      IAMSPEC_STACK_TRACE_DEMO: '1',
      NO_COLOR: '1',
    });
    expect(r.status).toBe(1);
    const frame = /node_modules\/iamspec\/src\/testing\/matchers\.ts:(\d+):\d+/.exec(r.output);
    expect(frame, r.output).not.toBeNull();
    const source = readFileSync(
      join(project('vitest-esm'), 'node_modules/iamspec/src/testing/matchers.ts'),
      'utf8',
    );
    expect(source.split('\n')[Number(frame![1]) - 1]).toMatch(/throw new TypeError/);
  });
});

describe('types: every entry point under TypeScript 5.9, 6 and 7 and each module setting', () => {
  const tsc = (version: string) =>
    join(project('typescript-versions'), 'node_modules', `typescript-${version}`, 'bin', 'tsc');
  // [project, tsconfig under types/, TypeScript versions]. cdk init's own tsconfig (module
  // commonjs) resolves as node10 under 5.9 and as bundler (CommonJS) under 6 and 7; node10 is
  // deprecated in 6 (ignoreDeprecations) and gone in 7.
  const matrix: [string, string, string[]][] = [
    ['cdk-jest', 'tsconfig.json', ['5.9', '6', '7']],
    ['cdk-jest', 'tsconfig.node10.json', ['6']],
    ['cdk-jest', 'tsconfig.node16.json', ['5.9', '6', '7']],
    ['cdk-jest', 'tsconfig.nodenext.json', ['5.9', '6', '7']],
    ['vitest-esm', 'tsconfig.json', ['5.9', '6', '7']],
    ['vitest-esm', 'tsconfig.node16.json', ['5.9', '6', '7']],
    ['vitest-esm', 'tsconfig.bundler.json', ['5.9', '6', '7']],
  ];
  const cases = matrix.flatMap(([name, config, versions]) =>
    versions.map((v) => ({ name, config, version: v })),
  );

  it('compiles the entry-point files without errors (two compilers at a time)', async () => {
    const failures: string[] = [];
    const started = performance.now();
    const queue = [...cases];
    const worker = async () => {
      for (let c = queue.shift(); c; c = queue.shift()) {
        const r = await runAsync(
          process.execPath,
          [tsc(c.version), '-p', join('types', c.config)],
          project(c.name),
        );
        if (r.status !== 0)
          failures.push(`TypeScript ${c.version}, ${c.name}/types/${c.config}:\n${r.output}`);
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
      expect(runSync(process.execPath, [tsc(v), '--version'], work).output).toMatch(re);
    }
  });

  it('a type error in a consumer is reported (the checks are not blind)', () => {
    const dir = project('cdk-jest');
    const file = join(dir, 'types', 'entry-points.ts');
    const original = readFileSync(file, 'utf8');
    writeFileSync(file, original.replace('// @ts-expect-error toAllow takes a request object\n', ''));
    try {
      for (const v of ['5.9', '7']) {
        const r = runSync(process.execPath, [tsc(v), '-p', join('types', 'tsconfig.json')], dir);
        expect(r.status).not.toBe(0);
        expect(r.output).toMatch(/entry-points\.ts\(\d+,\d+\): error TS2345/);
      }
    } finally {
      writeFileSync(file, original);
    }
  });

  it('attw (are the types wrong): every entry point resolves to types of the right module kind', () => {
    const attw = join(repoRoot, 'node_modules', '@arethetypeswrong', 'cli', 'dist', 'index.js');
    // schema.json is a JSON file for editors: node10 has no exports map to find it under that name.
    const r = runSync(
      process.execPath,
      [attw, tarball, '--format', 'json', '--exclude-entrypoints', './schema.json'],
      work,
    );
    const report = JSON.parse(r.output.slice(r.output.indexOf('{')));
    expect(report.analysis.problems ?? [], JSON.stringify(report.analysis.problems, null, 2)).toEqual([]);
    const entries = Object.keys(report.analysis.entrypoints).sort();
    expect(entries).toEqual(['.', './cdk', './cdktf', './jest', './matchers', './package.json', './vitest']);
    expect(r.status).toBe(0);
  });
});
