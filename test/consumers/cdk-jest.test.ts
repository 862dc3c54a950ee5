// `cdk init app --language typescript` projects (global-setup.ts installed the packed package
// into them) run their jest tests with `import 'iamspec/jest'`: the project the CDK CLI writes
// today (jest 30 + @swc/jest, TypeScript 7, NodeNext/CommonJS) and the one earlier releases
// wrote (jest 29 + ts-jest, TypeScript 5.6, module commonjs).

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { consumer, runSync, tsc } from './run.js';

describe('a cdk init app as the CDK CLI writes it today: jest 30 + @swc/jest, TypeScript 7', () => {
  it('runs its jest tests with iamspec/jest, iamspec/cdk, iamspec/matchers and iamspec', () => {
    const r = runSync('npx', ['jest', '--ci'], consumer('cdk-init'), {
      NODE_OPTIONS: '--enable-source-maps',
    });
    console.log(`consumers: jest (cdk-init) ${r.seconds.toFixed(1)} s`);
    expect(r.status, r.output).toBe(0);
    expect(r.output).toMatch(/Tests:\s+9 passed, 9 total/);
    expect(r.output).toMatch(/Snapshots:\s+1 passed, 1 total/);
  });

  it("type-checks with the project's own build (tsc 7, the cdk init tsconfig unchanged)", () => {
    // @swc/jest strips types without checking them: `npm run build` is the project's type check.
    expect(runSync('npx', ['tsc', '--version'], consumer('cdk-init')).output).toMatch(/Version 7\./);
    const r = runSync('npm', ['run', 'build'], consumer('cdk-init'));
    expect(r.status, r.output).toBe(0);
  });
});

describe('a cdk init app of earlier CDK CLI releases: jest 29 + ts-jest, CommonJS', () => {
  it('runs its jest tests with iamspec/jest, iamspec/cdk, iamspec/matchers and iamspec', () => {
    // Source maps on, as a user who wants stack traces in TypeScript runs jest.
    const r = runSync('npx', ['jest', '--ci'], consumer('cdk-jest'), {
      NODE_OPTIONS: '--enable-source-maps',
    });
    console.log(`consumers: jest ${r.seconds.toFixed(1)} s`);
    expect(r.status, r.output).toBe(0);
    expect(r.output).toMatch(/Tests:\s+10 passed, 10 total/);
    // the checked-in access snapshot matched (jest --ci writes none)
    expect(r.output).toMatch(/Snapshots:\s+1 passed, 1 total/);
    // the CommonJS build found the catalog indexes shipped in the package: it built none
    expect(existsSync(join(consumer('cdk-jest'), 'node_modules', '.cache', 'iamspec'))).toBe(false);
  });

  it('type-checks as a whole, declarations included (the cdk init tsconfig, TypeScript 7)', () => {
    // `npm run build` (tsc) with every declaration file checked: iamspec/cdk's against
    // aws-cdk-lib's. TypeScript 7 for speed; ts-jest above type-checked the test with the
    // project's own TypeScript (5.6, as cdk init pins it).
    expect(runSync('npx', ['tsc', '--version'], consumer('cdk-jest')).output).toMatch(/Version 5\.6\./);
    // TypeScript 6 and later no longer include every @types package by default: name the two
    // that cdk init's tsconfig relies on (under 5.6 they come in by themselves).
    const r = runSync(
      process.execPath,
      [tsc('7'), '--noEmit', '-p', '.', '--types', 'node,jest'],
      consumer('cdk-jest'),
    );
    expect(r.status, r.output).toBe(0);
  });
});
