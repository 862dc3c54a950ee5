// The first exhaustive `only` check of each company1 principal in a fresh process (issue 17:
// under 100 ms). Each case runs in its own `node` process, so nothing is loaded or cached before
// it: the model is built and compiled (timed apart), then one check runs, timed from the call
// to its answer, catalog loading and every lazily built index and search cache included.
// Cases: every principal's `only: []` (fails: stops at the default 20 witnesses, as a first draft
// of a spec does); the same without a witness limit (every candidate action and every witness
// resource decided: the work of an `only` that holds), except for sarah (AdministratorAccess:
// 22,000 violations); and the case the issue measured, john's `only` of ec2 and s3 checked in full.
// Measured per check: wall time, CPU time of the process (every thread: V8 compiles hot
// functions with TurboFan on background threads, about half of the process's CPU in a first
// check) and, on Linux, CPU time of the main thread alone (/proc/self/task/<pid>/schedstat): on
// a machine whose other cores are free the wall time is about the main thread's CPU time, and
// unlike wall time it can be measured on a shared machine.
// Run: `node bench/run.mjs only-first` (ONLY_FIRST_RUNS=N processes per case, default 5).

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { checkOnly } from '../src/analysis/exhaustive.js';
import type { AllowedAccess } from '../src/analysis/types.js';
import { compileModel } from '../src/engine/index.js';
import { buildCompany1 } from '../test/helpers/company1.js';

const NOW = new Date('2026-11-23T00:00:00Z');
const RUNS = Number(process.env.ONLY_FIRST_RUNS ?? 5);

interface Case {
  name: string;
  principal: string;
  allowed: AllowedAccess[];
  maxWitnesses?: number;
}

interface ChildResult {
  compileMs: number;
  checkMs: number;
  /** CPU time of the process during the check (steadier than wall time on a busy machine). */
  checkCpuMs: number;
  /** CPU time of the main thread during the check (Linux; undefined elsewhere). */
  checkMainMs: number | undefined;
  actions: number;
  decisions: number;
  violations: number;
}

function cases(): Case[] {
  const model = buildCompany1({ githubDeployRole: true });
  const principals = [...model.users, ...model.roles].map((p) => p.arn);
  const short = (arn: string) => arn.slice(arn.lastIndexOf(':') + 1);
  const out: Case[] = principals.map((principal) => ({
    name: `${short(principal)}, only [] (20 witnesses)`,
    principal,
    allowed: [],
  }));
  for (const principal of principals)
    if (!principal.endsWith(':user/sarah'))
      out.push({
        name: `${short(principal)}, only [], every witness`,
        principal,
        allowed: [],
        maxWitnesses: 1_000_000,
      });
  const john = principals.find((p) => p.endsWith(':user/john'))!;
  out.push({
    name: "john, only ec2:* and s3:* (10,000 witnesses; the issue's 192 ms case)",
    principal: john,
    allowed: [
      { action: 'ec2:*', resource: 'arn:aws:ec2:*' },
      { action: 's3:*', resource: 'arn:aws:s3:::*' },
    ],
    maxWitnesses: 10_000,
  });
  return out;
}

/** CPU time the main thread has run, in ms (Linux's schedstat, nanoseconds); undefined elsewhere. */
function mainThreadMs(): number | undefined {
  try {
    return Number(readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6;
  } catch {
    return undefined;
  }
}

function child(c: Case): void {
  const model = buildCompany1({ githubDeployRole: true });
  const t0 = performance.now();
  const engine = compileModel(model, { now: NOW });
  const t1 = performance.now();
  const main0 = mainThreadMs();
  const cpu0 = process.cpuUsage();
  const r = checkOnly(engine, c.principal, c.allowed, c.maxWitnesses ? { maxWitnesses: c.maxWitnesses } : {});
  const t2 = performance.now();
  const cpu = process.cpuUsage(cpu0);
  const main1 = mainThreadMs();
  const out: ChildResult = {
    compileMs: t1 - t0,
    checkMs: t2 - t1,
    checkCpuMs: (cpu.user + cpu.system) / 1000,
    checkMainMs: main0 !== undefined && main1 !== undefined ? main1 - main0 : undefined,
    actions: r.checked.actions,
    decisions: r.checked.decisions,
    violations: r.violations.length,
  };
  process.stdout.write(JSON.stringify(out));
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

const all = cases();
if (process.argv[2] === 'child') child(all[Number(process.argv[3])]!);
else {
  const rows = [];
  for (const [i, c] of all.entries()) {
    const runs: ChildResult[] = [];
    for (let k = 0; k < RUNS; k++) {
      const r = spawnSync(process.execPath, [process.argv[1]!, 'child', String(i)], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`${c.name}: exit ${r.status}: ${r.stderr}`);
      runs.push(JSON.parse(r.stdout) as ChildResult);
    }
    const checks = runs.map((r) => r.checkMs);
    rows.push({
      case: c.name,
      'first check, median (ms)': median(checks).toFixed(1),
      'max (ms)': Math.max(...checks).toFixed(1),
      'CPU, median (ms)': median(runs.map((r) => r.checkCpuMs)).toFixed(1),
      'main thread CPU, median (ms)':
        runs[0]!.checkMainMs === undefined ? '-' : median(runs.map((r) => r.checkMainMs!)).toFixed(1),
      'compile (ms)': median(runs.map((r) => r.compileMs)).toFixed(1),
      actions: runs[0]!.actions,
      decisions: runs[0]!.decisions,
      witnesses: runs[0]!.violations,
      target: median(checks) < 100 ? '< 100 ms: meets' : '< 100 ms: MISSES',
    });
  }
  console.table(rows);
}
