// The access diff of two synthetic organisations (issue 16: "diff of two synthetic 5,000-principal
// organisations costs at most twice one matrix"), against one full matrix of the base on the same
// machine in the same run. Two pull requests:
//   pr      the base organisation (bench/generate-org.ts, seed 1) with a change the size of a pull
//           request: 10 principals get one more inline statement each (s3:PutObject on a bucket)
//   rewrite a second organisation of the same size (seed 2): every row and column differs, the
//           worst case (both sides evaluated whole)
// Each case runs in its own process (peak memory never goes down within one): it generates both
// organisations, then times one full matrix of the base (`buildMatrixParallel`, as `iamspec
// matrix` builds it, role columns included) or one `diffModels` (identity, regions, both sides,
// comparison, explanations: what `iamspec diff` does), and reports wall time, CPU time and peak RSS.
//
// Run: `node bench/run.mjs diff-scale` (DIFF_SCALE_PRINCIPALS / _RESOURCES / _POLICIES override the
// 5,000 x 2,000 x 10,000 default; DIFF_SCALE_CASES=matrix,pr,rewrite picks cases;
// DIFF_SCALE_DIGEST=1 adds a digest of each diff's JSON output and labels, taken after the timing;
// DIFF_SCALE_JSON=FILE writes each diff's JSON to FILE as `diff --format json --out FILE` does, after
// the timing, and reports that write's CPU time, garbage-collection time, size and sha256).

import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, createReadStream, openSync, writeSync } from 'node:fs';
import { PerformanceObserver } from 'node:perf_hooks';
import { diffModels } from '../src/analysis/diff/access-diff.js';
import { buildMatrixParallel } from '../src/analysis/matrix/workers.js';
import type { Model } from '../src/model/types.js';
import { parsePolicy } from '../src/policy/parse.js';
import { writeDiffJson } from '../src/report/diff-json.js';
import { DEFAULT_ORG_SIZE, generateOrg } from './generate-org.js';

type Case = 'matrix' | 'pr' | 'rewrite';

interface Size {
  principals: number;
  resources: number;
  policies: number;
}

interface Result {
  case: Case;
  ms: number;
  cpuMs: number;
  peakRssMB: number;
  added: number;
  /** DIFF_SCALE_DIGEST=1: sha256 of the diff's JSON output and its labels (after the timing). */
  digest?: string;
  /** DIFF_SCALE_JSON=FILE: the JSON write to FILE (after the timing). */
  json?: JsonWrite;
}

interface JsonWrite {
  cpuMs: number;
  gcMs: number;
  bytes: number;
  sha256: string;
}

/**
 * Writes the diff's JSON to `file` chunk by chunk with `writeSync`, as `iamspec diff --format json
 * --out FILE` does (cli/commands/diff.ts `writeOut`): its CPU time and the garbage collector's time
 * during it; then (not timed) the file's size and digest.
 */
async function writeJson(diff: Awaited<ReturnType<typeof diffModels>>, file: string): Promise<JsonWrite> {
  let gcMs = 0;
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) gcMs += e.duration;
  });
  observer.observe({ entryTypes: ['gc'] });
  const fd = openSync(file, 'w');
  const cpu0 = process.cpuUsage();
  try {
    writeDiffJson(diff, (chunk) => {
      writeSync(fd, chunk);
    });
  } finally {
    closeSync(fd);
  }
  const cpu = process.cpuUsage(cpu0);
  // The gc entries are delivered asynchronously.
  await new Promise((resolve) => setTimeout(resolve, 50));
  observer.disconnect();
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const data of createReadStream(file)) {
    hash.update(data as Buffer);
    bytes += (data as Buffer).length;
  }
  return { cpuMs: (cpu.user + cpu.system) / 1000, gcMs, bytes, sha256: hash.digest('hex') };
}

/** The base with `count` users given one more inline statement each (a pull request's change). */
function withPullRequest(model: Model, count: number): Model {
  const bucket = model.resources.find((r) => r.kind === 's3-bucket');
  if (!bucket) throw new Error('the organisation has no bucket');
  // The model is frozen: the changed users are copies with one more inline policy.
  const users = model.users.map((u, i) =>
    i >= count
      ? u
      : {
          ...u,
          inlinePolicies: [
            ...u.inlinePolicies,
            {
              name: `pr-${i}`,
              document: parsePolicy(
                {
                  Version: '2012-10-17',
                  Statement: [{ Effect: 'Allow', Action: 's3:PutObject', Resource: `${bucket.arn}/*` }],
                },
                { kind: 'identity', source: { file: 'pr.json', pointer: `/${i}` } },
              ),
              source: { file: 'pr.json', logicalId: `Pr${i}` },
            },
          ],
        },
  );
  return { ...model, users };
}

async function child(kind: Case, size: Size): Promise<Result> {
  const base = generateOrg({ ...size, seed: 1 }).model;
  const next =
    kind === 'matrix'
      ? base
      : kind === 'rewrite'
        ? generateOrg({ ...size, seed: 2 }).model
        : withPullRequest(generateOrg({ ...size, seed: 1 }).model, 10);
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let added = 0;
  let result: Awaited<ReturnType<typeof diffModels>> | undefined;
  if (kind === 'matrix') {
    await buildMatrixParallel(base, { includeRoles: true });
  } else {
    // DIFF_SCALE_PHASES=1: the CPU time of each phase, on stderr.
    let phase = 'start';
    let mark = process.cpuUsage();
    const onPhase = process.env.DIFF_SCALE_PHASES
      ? (next: string) => {
          const used = process.cpuUsage(mark);
          process.stderr.write(`  ${phase}: ${((used.user + used.system) / 1e6).toFixed(2)} s CPU\n`);
          phase = next;
          mark = process.cpuUsage();
        }
      : undefined;
    const d = await diffModels(base, next, onPhase ? { onPhase } : {});
    onPhase?.('end');
    // The count, not `d.added` (that builds one object per change: renderers stream the runs).
    added = d.changes.count('added');
    result = d;
  }
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  clearInterval(sampler);
  const maxRss = process.resourceUsage().maxRSS / 1024;
  let digest: string | undefined;
  if (result && process.env.DIFF_SCALE_DIGEST) {
    // After the timing: what `iamspec diff --format json` writes, and the labels the text formats
    // show (an optimisation of the diff must keep both as they were).
    const hash = createHash('sha256');
    writeDiffJson(result, (chunk) => hash.update(chunk));
    hash.update(JSON.stringify(result.labels));
    digest = hash.digest('hex');
  }
  const json =
    result && process.env.DIFF_SCALE_JSON ? await writeJson(result, process.env.DIFF_SCALE_JSON) : undefined;
  return {
    case: kind,
    ms,
    cpuMs: (cpu.user + cpu.system) / 1000,
    peakRssMB: Math.max(peak / 2 ** 20, maxRss),
    added,
    ...(digest ? { digest } : {}),
    ...(json ? { json } : {}),
  };
}

function run(kind: Case, size: Size): Result {
  const r = spawnSync(process.execPath, [process.argv[1]!, '--child', kind, JSON.stringify(size)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', process.env.DIFF_SCALE_PHASES ? 'inherit' : 'pipe'],
    maxBuffer: 1 << 26,
  });
  if (r.status !== 0) throw new Error(`${kind} failed:\n${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as Result;
}

async function main(): Promise<void> {
  if (process.argv[2] === '--child') {
    const result = await child(process.argv[3] as Case, JSON.parse(process.argv[4]!) as Size);
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return;
  }
  const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
  const size: Size = {
    principals: env('DIFF_SCALE_PRINCIPALS', DEFAULT_ORG_SIZE.principals),
    resources: env('DIFF_SCALE_RESOURCES', DEFAULT_ORG_SIZE.resources),
    policies: env('DIFF_SCALE_POLICIES', DEFAULT_ORG_SIZE.policies),
  };
  const cases = (process.env.DIFF_SCALE_CASES ?? 'matrix,pr,rewrite').split(',') as Case[];
  console.log(
    `diff-scale: ${size.principals} principals x ${size.resources} resources x ${size.policies} policies`,
  );
  const results = cases.map((c) => run(c, size));
  const matrix = results.find((r) => r.case === 'matrix');
  console.table(
    results.map((r) => ({
      case: r.case,
      'wall s': (r.ms / 1000).toFixed(1),
      'cpu s': (r.cpuMs / 1000).toFixed(1),
      'peak MB': Math.round(r.peakRssMB),
      'x matrix': matrix ? (r.ms / matrix.ms).toFixed(2) : '',
      added: r.case === 'matrix' ? '' : r.added,
      ...(r.digest ? { digest: r.digest.slice(0, 16) } : {}),
    })),
  );
  for (const r of results)
    if (r.json)
      console.log(
        `${r.case}: JSON write ${(r.json.cpuMs / 1000).toFixed(2)} s CPU, GC ${(r.json.gcMs / 1000).toFixed(2)} s, ${r.json.bytes} bytes, sha256 ${r.json.sha256}`,
      );
}

await main();
