// An ES module project ("type": "module", nodenext; global-setup.ts installed the packed package
// into it) runs its vitest tests with `import 'iamspec/vitest'`, and a failure inside iamspec
// shows its stack in the shipped TypeScript sources.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { consumer, runSync, tsc } from './run.js';

describe('an ES module app: vitest', () => {
  it('runs its vitest tests with iamspec/vitest, iamspec/cdk, iamspec/matchers and iamspec', () => {
    const r = runSync('npx', ['vitest', 'run'], consumer('vitest-esm'), { NO_COLOR: '1', CI: 'true' });
    console.log(`consumers: vitest ${r.seconds.toFixed(1)} s`);
    expect(r.status, r.output).toBe(0);
    expect(r.output).toMatch(/Tests\s+7 passed \| 1 skipped \(8\)/);
    // CI set: vitest writes no snapshot, so the checked-in access snapshot had to match
    expect(r.output).not.toMatch(/Snapshots\s+\d+ (written|failed)/);
    expect(existsSync(join(consumer('vitest-esm'), 'node_modules', '.cache', 'iamspec'))).toBe(false);
  });

  it('type-checks as a whole, declarations included (nodenext, TypeScript 7)', () => {
    const r = runSync(process.execPath, [tsc('7'), '--noEmit', '-p', '.'], consumer('vitest-esm'));
    expect(r.status, r.output).toBe(0);
  });

  it('a failure inside iamspec shows a stack trace in the shipped TypeScript sources', () => {
    const r = runSync('npx', ['vitest', 'run', 'test/stack-trace.test.ts'], consumer('vitest-esm'), {
      IAMSPEC_STACK_TRACE_DEMO: '1',
      NO_COLOR: '1',
    });
    expect(r.status).toBe(1);
    const frame = /node_modules\/iamspec\/src\/testing\/matchers\.ts:(\d+):\d+/.exec(r.output);
    expect(frame, r.output).not.toBeNull();
    const source = readFileSync(
      join(consumer('vitest-esm'), 'node_modules/iamspec/src/testing/matchers.ts'),
      'utf8',
    );
    expect(source.split('\n')[Number(frame![1]) - 1]).toMatch(/throw new TypeError/);
  });
});
