// `iamspec check` on the examples, process start to exit (issue 6 target: < 1 s), and `iamspec
// eval` (the examples' request files, and 20,000 requests) and the bare CLI start for comparison. Owned by H7. Each task spawns
// `node bin/iamspec.js ...` and waits for it to exit; bin/iamspec.js runs the compiled CLI in
// dist/, so run `npm run compile` first (without dist/ it would time tsx compiling the sources).
// The CDK example needs cdk-example/cdk.out (`npx tsx cdk-example/synth.ts`).
//
// Each run also reports the CPU time of the whole process (user + system, every thread: the
// child writes its own process.cpuUsage() at exit), the measure issue 17's goals use on a shared
// machine. When NODE_EXTRA_CA_CERTS is set (as on the team's machines), Node parses those
// certificates at every start (~50 ms of CPU, before any of iamspec's code runs): the 20,000
// requests are also run without it, as on a machine that does not set it.
//
// Run: `node bench/run.mjs check-cli`.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Bench } from 'tinybench';

const root = fileURLToPath(new URL('..', import.meta.url));
const TARGET_MS = 1000;

interface Command {
  name: string;
  args: string[];
  /** Files the command needs (relative to the repository). */
  needs: string[];
  /** Exit codes that mean "ran" (check exits 1 when an expectation fails). */
  ok: number[];
  /** Environment variables removed for this command. */
  unset?: string[];
}

/**
 * 20,000 requests: the tf-example's request file repeated (issue 17: `iamspec eval` of 20,000
 * requests, whole process), written to a temporary file.
 */
function bigRequestFile(): string {
  const base = JSON.parse(readFileSync(`${root}/tf-example/requests.json`, 'utf8')) as unknown[];
  const requests = Array.from({ length: 20_000 }, (_, i) => base[i % base.length]);
  const file = join(mkdtempSync(join(tmpdir(), 'iamspec-eval-bench-')), 'requests-20000.json');
  writeFileSync(file, JSON.stringify(requests, null, 2));
  return file;
}
const bigRequests = bigRequestFile();

/**
 * 20,000 requests that are all distinct: tf-example's requests with each object resource (or,
 * for the others, the source IP of the context) varied, so that none repeats (eval decides a
 * repeated request once; this is the case that cannot share).
 */
function distinctRequestFile(): string {
  const base = JSON.parse(readFileSync(`${root}/tf-example/requests.json`, 'utf8')) as Record<
    string,
    unknown
  >[];
  const requests = Array.from({ length: 20_000 }, (_, i) => {
    const r = { ...base[i % base.length] };
    if (typeof r.resource === 'string' && /^arn:aws:s3:::[^/]+\/.+/.test(r.resource))
      r.resource = `${r.resource}-${i}`;
    else r.context = { 'aws:SourceIp': `10.0.${(i >> 8) & 255}.${i & 255}` };
    return r;
  });
  const file = join(mkdtempSync(join(tmpdir(), 'iamspec-eval-bench-')), 'requests-20000-distinct.json');
  writeFileSync(file, JSON.stringify(requests, null, 2));
  return file;
}
const distinctRequests = distinctRequestFile();

const bigEval = ['bin/iamspec.js', 'eval', 'tf-example/plan.json', 'tf-example', '--requests', bigRequests];

const commands: Command[] = [
  { name: 'node (empty script)', args: ['-e', ''], needs: [], ok: [0] },
  { name: 'iamspec --help', args: ['bin/iamspec.js', '--help'], needs: ['dist/cli/main.js'], ok: [0] },
  {
    name: 'check cdk-example (cdk.out + access.yaml)',
    args: ['bin/iamspec.js', 'check', 'cdk-example/cdk.out', '--spec', 'cdk-example/access.yaml'],
    needs: ['dist/cli/commands/check.js', 'cdk-example/cdk.out/manifest.json', 'cdk-example/access.yaml'],
    ok: [0, 1],
  },
  {
    name: 'check tf-example (plan.json + HCL + access.yaml)',
    args: [
      'bin/iamspec.js',
      'check',
      'tf-example/plan.json',
      'tf-example',
      '--spec',
      'tf-example/access.yaml',
    ],
    needs: ['dist/cli/commands/check.js', 'tf-example/plan.json', 'tf-example/access.yaml'],
    ok: [0, 1],
  },
  {
    name: 'eval cdk-example (requests.json)',
    args: ['bin/iamspec.js', 'eval', 'cdk-example/cdk.out', '--requests', 'cdk-example/requests.json'],
    needs: ['dist/cli/commands/eval.js', 'cdk-example/cdk.out/manifest.json'],
    ok: [0],
  },
  {
    name: 'eval tf-example (requests.json)',
    args: [
      'bin/iamspec.js',
      'eval',
      'tf-example/plan.json',
      'tf-example',
      '--requests',
      'tf-example/requests.json',
    ],
    needs: ['dist/cli/commands/eval.js', 'tf-example/plan.json'],
    ok: [0],
  },
  {
    name: 'eval tf-example, 20,000 requests',
    args: bigEval,
    needs: ['dist/cli/commands/eval.js', 'tf-example/plan.json'],
    ok: [0],
  },
  ...(process.env.NODE_EXTRA_CA_CERTS
    ? [
        {
          name: 'eval tf-example, 20,000 requests, without NODE_EXTRA_CA_CERTS',
          args: bigEval,
          needs: ['dist/cli/commands/eval.js', 'tf-example/plan.json'],
          ok: [0],
          unset: ['NODE_EXTRA_CA_CERTS'],
        },
      ]
    : []),
  {
    name: 'eval tf-example, 20,000 distinct requests',
    args: ['bin/iamspec.js', 'eval', 'tf-example/plan.json', 'tf-example', '--requests', distinctRequests],
    needs: ['dist/cli/commands/eval.js', 'tf-example/plan.json'],
    ok: [0],
  },
];

/** Loaded first in each child: writes the process's CPU time (ms) to stderr at exit. */
const CPU_AT_EXIT = `data:text/javascript,process.on('exit',()=>{const u=process.cpuUsage();process.stderr.write('\\niamspec-bench-cpu '+((u.user+u.system)/1000)+'\\n')})`;

/** CPU time (ms) of each command's timed runs. */
const cpuTimes = new Map<string, number[]>();

function run(c: Command): { status: number | null; stderr: string; cpuMs: number | undefined } {
  const env = { ...process.env };
  for (const name of c.unset ?? []) delete env[name];
  const r = spawnSync(process.execPath, ['--import', CPU_AT_EXIT, ...c.args], {
    cwd: root,
    encoding: 'utf8',
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const cpu = /iamspec-bench-cpu ([\d.]+)/.exec(r.stderr);
  return { status: r.status, stderr: r.stderr, cpuMs: cpu ? Number(cpu[1]) : undefined };
}

const skipped: string[] = [];
const bench = new Bench({ iterations: 10, time: 0, warmupIterations: 1, warmupTime: 0 });
for (const c of commands) {
  const missing = c.needs.filter((f) => !existsSync(`${root}/${f}`));
  if (missing.length) {
    skipped.push(`${c.name}: missing ${missing.join(', ')} (npm run compile / synth first)`);
    continue;
  }
  const probe = run(c);
  if (!c.ok.includes(probe.status ?? -1)) {
    skipped.push(`${c.name}: exit ${probe.status}: ${probe.stderr.trim().split('\n')[0]}`);
    continue;
  }
  bench.add(c.name, () => {
    const r = run(c);
    if (!c.ok.includes(r.status ?? -1)) throw new Error(`${c.name}: exit ${r.status}`);
    if (r.cpuMs !== undefined) cpuTimes.set(c.name, [...(cpuTimes.get(c.name) ?? []), r.cpuMs]);
  });
}
await bench.run();
console.table(
  bench.tasks.map((t) => {
    const r = t.result;
    if (!('latency' in r)) return { command: t.name, error: String('error' in r ? r.error : r.state) };
    const l = r.latency;
    const isCheck = t.name.startsWith('check');
    const cpu = cpuTimes.get(t.name) ?? [];
    return {
      command: t.name,
      'mean (ms)': Math.round(l.mean),
      'p50 (ms)': Math.round(l.p50 ?? l.mean),
      'max (ms)': Math.round(l.max),
      'CPU mean (ms)': cpu.length ? Math.round(cpu.reduce((a, b) => a + b, 0) / cpu.length) : '',
      'CPU min (ms)': cpu.length ? Math.round(Math.min(...cpu)) : '',
      runs: l.samplesCount,
      ...(isCheck ? { target: l.max < TARGET_MS ? '< 1 s: meets' : '< 1 s: MISSES' } : {}),
    };
  }),
);
for (const s of skipped) console.log(`skipped ${s}`);
