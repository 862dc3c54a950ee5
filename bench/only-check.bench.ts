// Exhaustive `only` checks of one principal over the whole action catalog (DESIGN.md target:
// < 100 ms per principal on the company1 model). Run: `node bench/run.mjs only-check`.
// "fresh engine" compiles the model again for every check, so the per-engine witness caches are
// empty (the catalog itself loads once per process, as it does for `iamspec check`).

import { Bench } from 'tinybench';
import { checkOnly, checkOnlyPrincipals } from '../src/analysis/exhaustive.js';
import type { AllowedAccess } from '../src/analysis/types.js';
import { compileModel } from '../src/engine/index.js';
import { arn, buildCompany1 } from '../test/helpers/company1.js';

const NOW = new Date('2026-11-23T00:00:00Z');

async function runOnlyCheckBench(): Promise<{ name: string; ms: number; detail: string }[]> {
  const model = buildCompany1();
  const mutated = buildCompany1({ removeInternBoundary: true });
  const intern: AllowedAccess[] = [{ action: 's3:ListBucket', resource: 'arn:aws:s3:::company1-logs' }];
  const logsRole: AllowedAccess[] = [{ action: 's3:GetObject', resource: 'arn:aws:s3:::company1-logs/*' }];
  // john's own access, stated narrowly enough that every ec2 and s3 action is checked in full.
  const john: AllowedAccess[] = [
    { action: 'ec2:*', resource: 'arn:aws:ec2:*' },
    { action: 's3:*', resource: 'arn:aws:s3:::*' },
  ];
  const hrReaders = [arn.user('john'), arn.user('sarah'), arn.role('JohnUploadRole')];

  const first = performance.now();
  const coldResult = checkOnly(compileModel(model, { now: NOW }), arn.user('Sara-intern'), intern);
  const coldMs = performance.now() - first;

  const johnFirst = performance.now();
  const johnCold = checkOnly(compileModel(model, { now: NOW }), arn.user('john'), john, {
    maxWitnesses: 10_000,
  });
  const johnColdMs = performance.now() - johnFirst;

  const engine = compileModel(model, { now: NOW });
  const details = new Map<string, string>();
  const cases: { name: string; run: () => unknown }[] = [
    {
      name: 'Sara-intern only (holds), fresh engine',
      run: () => checkOnly(compileModel(model, { now: NOW }), arn.user('Sara-intern'), intern),
    },
    { name: 'Sara-intern only (holds)', run: () => checkOnly(engine, arn.user('Sara-intern'), intern) },
    {
      name: 'Company1-Logs-Role only (holds), fresh engine',
      run: () => checkOnly(compileModel(model, { now: NOW }), arn.role('Company1-Logs-Role'), logsRole),
    },
    {
      name: 'Sara-intern without boundary (fails, 20 witnesses), fresh engine',
      run: () => checkOnly(compileModel(mutated, { now: NOW }), arn.user('Sara-intern'), intern),
    },
    {
      name: 'john, ec2 + s3 + trust checked in full, fresh engine',
      run: () =>
        checkOnly(compileModel(model, { now: NOW }), arn.user('john'), john, { maxWitnesses: 10_000 }),
    },
    {
      name: 'sarah (AdministratorAccess) only * on *, fresh engine',
      run: () =>
        checkOnly(compileModel(model, { now: NOW }), arn.user('sarah'), [{ action: '*', resource: '*' }]),
    },
    {
      name: 'onlyPrincipals s3:GetObject on company1-hr/* (holds), fresh engine',
      run: () =>
        checkOnlyPrincipals(
          compileModel(model, { now: NOW }),
          's3:GetObject',
          'arn:aws:s3:::company1-hr/*',
          hrReaders,
        ),
    },
  ];
  for (const c of cases) {
    const r = c.run() as { holds: boolean; violations: unknown[]; checked: Record<string, number> };
    details.set(
      c.name,
      `${r.holds ? 'holds' : `fails (${r.violations.length})`}; ${Object.entries(r.checked)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}`,
    );
  }

  const bench = new Bench({ time: 1000, warmupTime: 200 });
  for (const c of cases) bench.add(c.name, c.run);
  await bench.run();
  const rows = bench.tasks.map((t) => ({
    name: t.name,
    ms: t.result && 'latency' in t.result ? t.result.latency.mean : Number.NaN,
    detail: details.get(t.name) ?? '',
  }));
  rows.unshift({
    name: 'first check in the process (loads the catalog)',
    ms: coldMs,
    detail: coldResult.holds ? 'holds' : 'fails',
  });
  rows.splice(1, 0, {
    name: 'first john check in the process (search caches empty)',
    ms: johnColdMs,
    detail: johnCold.holds ? 'holds' : `fails (${johnCold.violations.length})`,
  });
  return rows;
}

{
  const rows = await runOnlyCheckBench();
  console.table(rows.map((r) => ({ benchmark: r.name, 'ms per check': r.ms.toFixed(2), result: r.detail })));
}
