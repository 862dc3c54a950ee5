// `toMatchAccessSnapshot` through vitest's own snapshot mechanism, end to end: vitest runs a
// scratch test (in a temp directory, the checkout's node_modules linked) that snapshots the
// access of the diff fixtures' account. The first run writes the snapshot file; an access change
// fails the run with a diff naming the access gained; `-u` accepts it; a re-synthesized app
// (other logical ids, statements reordered) passes against the stored snapshot. (The jest side
// runs in the consumers project: test/fixtures/consumers/cdk-jest.)

import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir, writeFileIn } from './helpers/temp-inputs.js';

const ROOT = resolve(import.meta.dirname, '..');
const dir = tempDir('iamspec-access-snapshot-');

symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
// The five runs share one module cache (vitest's fsModuleCache, in the scratch directory): the
// first transforms the sources, the others read them (a transform of the whole of src/ a run was
// most of this file's time). The scratch test has the time of this file's tests, not vitest's
// 5 s (under load the model build and snapshot took longer, and the first run failed).
writeFileIn(
  dir,
  'vitest.config.mjs',
  `export default ${JSON.stringify({
    test: {
      include: ['*.test.ts'],
      testTimeout: 60_000,
      experimental: { fsModuleCache: true, fsModuleCachePath: '.vitest-cache' },
    },
  })};\n`,
);
writeFileIn(
  dir,
  'acme.test.ts',
  [
    `import { expect, it } from 'vitest';`,
    `import ${JSON.stringify(join(ROOT, 'src/testing/vitest.ts'))};`,
    `import { diffModel } from ${JSON.stringify(join(ROOT, 'test/helpers/diff-fixtures.ts'))};`,
    `it('acme', () => {`,
    `  expect(diffModel(JSON.parse(process.env.ACME_MUTATIONS ?? '{}'))).toMatchAccessSnapshot();`,
    `});`,
    '',
  ].join('\n'),
);
const snapFile = join(dir, '__snapshots__', 'acme.test.ts.snap');

function vitest(mutations: object, ...args: string[]) {
  const r = spawnSync(process.execPath, [join(ROOT, 'node_modules/vitest/vitest.mjs'), 'run', ...args], {
    cwd: dir,
    // CI unset: vitest writes new snapshots only outside CI.
    env: {
      ...process.env,
      CI: '',
      GITHUB_ACTIONS: '',
      NO_COLOR: '1',
      ACME_MUTATIONS: JSON.stringify(mutations),
    },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

describe('toMatchAccessSnapshot under vitest (a scratch project)', () => {
  // Five vitest runs one after the other: up to 4 minutes at load 20 on two cores.
  it('writes the snapshot, fails on an access change with a diff, -u accepts it', {
    timeout: 300_000,
  }, () => {
    const first = vitest({});
    expect(first.status, first.output).toBe(0);
    expect(existsSync(snapFile)).toBe(true);
    const stored = readFileSync(snapFile, 'utf8');
    expect(stored).toContain('exports[`acme > access 1`]');
    expect(stored).toContain('arn:aws:iam::111122223333:user/alice');

    // Re-synthesized under other logical ids, statements reordered: the same access.
    const resynthesized = vitest({ resynthesized: true });
    expect(resynthesized.status, resynthesized.output).toBe(0);

    // Devs' policy gains s3:PutObject on the logs bucket: alice (a member) gains it.
    const changed = vitest({ statementAdded: true });
    expect(changed.status, changed.output).toBe(1);
    expect(changed.output).toMatch(/Snapshot `acme > access 1` mismatched/);
    expect(changed.output).toMatch(/^\+ {5}s3:PutObject\n\+ {7}arn:aws:s3:::acme-\(generated\)\/\*$/m);
    expect(readFileSync(snapFile, 'utf8')).toBe(stored);

    const updated = vitest({ statementAdded: true }, '-u');
    expect(updated.status, updated.output).toBe(0);
    expect(readFileSync(snapFile, 'utf8')).not.toBe(stored);
    expect(vitest({ statementAdded: true }).status).toBe(0);
  });
});
