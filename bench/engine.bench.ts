// Decisions per second on a compiled model (issue 2 target: >= 1,000,000 simple decisions per
// second on one core). Run: `npm run bench` (all benchmarks) or `npx tsx bench/engine.bench.ts`.

import { Bench } from 'tinybench';
import { compileModel } from '../src/engine/index.js';
import type { Request } from '../src/engine/types.js';
import { arn, buildCompany1, SESSION_POLICY } from '../test/helpers/company1.js';

async function runEngineBench(): Promise<{ name: string; opsPerSecond: number }[]> {
  const engine = compileModel(buildCompany1(), { now: new Date('2026-11-23T00:00:00Z') });
  const simple: Request = {
    principal: arn.user('Sara-intern'),
    action: 's3:ListBucket',
    resource: arn.bucket('company1-logs'),
  };
  const mixed: Request[] = [
    simple,
    {
      principal: arn.user('Sara-intern'),
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::company1-logs/app.log',
    },
    {
      principal: arn.user('john'),
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::company1-hr/a.txt',
      context: { 'aws:SecureTransport': 'true' },
    },
    { principal: arn.user('john'), action: 'ec2:StopInstances', resource: '*' },
    {
      principal: arn.role('JohnUploadRole'),
      action: 's3:PutObject',
      resource: 'arn:aws:s3:::company1-hr/new-file.txt',
      sessionPolicy: SESSION_POLICY,
    },
    { principal: 'ec2.amazonaws.com', action: 'sts:AssumeRole', resource: arn.role('Company1-Logs-Role') },
    { principal: arn.user('uploader'), action: 's3:PutObject', resource: 'arn:aws:s3:::company1-uploads/f' },
    { principal: arn.user('sarah'), action: 'iam:CreateUser', resource: arn.user('x') },
  ];
  // Warm caches (policy compilation is lazy per principal and resource).
  for (const r of mixed) engine.decide(r);

  const N = 10_000;
  // JIT warm-up outside the measurement, so the first task is not penalized.
  for (let k = 0; k < 200; k++) for (let i = 0; i < N; i++) engine.decide(mixed[i % mixed.length]!);
  for (let k = 0; k < 50; k++) for (let i = 0; i < N; i++) engine.decide(simple);
  const bench = new Bench({ time: 1500, warmupTime: 300 });
  bench
    .add(`simple identity request x${N}`, () => {
      for (let i = 0; i < N; i++) engine.decide(simple);
    })
    .add(`mixed set of ${mixed.length} requests x${N / mixed.length}`, () => {
      for (let i = 0; i < N; i++) engine.decide(mixed[i % mixed.length]!);
    })
    .add('simple request with trace x1000', () => {
      for (let i = 0; i < 1000; i++) engine.decide(simple, { trace: true });
    });
  await bench.run();
  return bench.tasks.map((t) => {
    const perCall = t.name.endsWith(' x1000') ? 1000 : N;
    const mean = t.result && 'latency' in t.result ? t.result.latency.mean : Number.NaN;
    return { name: t.name, opsPerSecond: Math.round((perCall * 1000) / mean) };
  });
}

{
  const rows = await runEngineBench();
  console.table(
    rows.map((r) => ({ benchmark: r.name, 'decisions/s': r.opsPerSecond.toLocaleString('en-US') })),
  );
}
