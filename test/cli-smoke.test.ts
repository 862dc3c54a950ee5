// Smoke test of the installed command: `bin/iamspec.js` as a child process (the compiled CLI
// in dist/ when built, the TypeScript sources through tsx otherwise). Other CLI tests call
// `main()` in-process for speed.

import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ACCOUNT, F } from './fixtures/cli/run.js';

function iamspec(args: string[]) {
  const r = spawnSync(process.execPath, ['bin/iamspec.js', ...args], {
    encoding: 'utf8',
    env: { ...process.env, IAMSPEC_DEBUG: '' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('bin/iamspec.js', () => {
  it('runs eval (exit 0, JSON on stdout) and reports bad input (exit 2, one line, no stack)', () => {
    const ok = iamspec([
      'eval',
      `${F}/cfn/company.yaml`,
      `${F}/cfn/sales.json`,
      '--account',
      ACCOUNT,
      '--region',
      'us-east-1',
      '--requests',
      `${F}/requests/valid.json`,
    ]);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    const decisions = JSON.parse(ok.stdout) as { decision: string }[];
    expect(decisions.map((d) => d.decision)).toEqual([
      'deny',
      'deny',
      'deny',
      'allow',
      'allow',
      'deny',
      'allow',
      'deny',
    ]);

    const bad = iamspec(['eval', `${F}/bad/truncated.template`, '--requests', `${F}/requests/valid.json`]);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toMatch(
      /^iamspec: test\/fixtures\/cli\/bad\/truncated\.template:4:15: invalid JSON: .*\n$/,
    );
  });
});
