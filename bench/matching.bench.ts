// Worst-case wildcard matching (src/policy/glob-match.ts): patterns built to make a backtracking
// matcher exponential (`*a*a*…*a`, ~50 segments) against long keys, next to typical patterns.
// The old RegExp-based matcher took minutes on the first rows; each row here is microseconds to
// a few milliseconds and grows linearly with the key. Run: node bench/run.mjs matching

import { Bench } from 'tinybench';
import { compileArnPattern, compileGlob } from '../src/policy/wildcard.js';
import { printThroughput } from './throughput-table.js';

const bucket = 'arn:aws:s3:::bucket/';
// Suffix and prefix match, the middle fails only at the end of the key.
const hostile = compileArnPattern(`${bucket}${'*a'.repeat(50)}*c*b`);
// A long segment with `?`s, tried at every position of the key.
const hostileQ = compileGlob(`*${'a?'.repeat(25)}c*`, false);
const typical = compileArnPattern('arn:aws:s3:::bucket/home/*/reports/*.csv');
const action = compileGlob('s3:get*acl', true);

const keys = [1_000, 10_000, 100_000].map((n) => ({ n, key: `${bucket}${'a'.repeat(n)}` }));
const check = compileArnPattern(`${bucket}${'*a'.repeat(50)}*b`);
if (!check.test(`${keys[0]!.key}b`) || hostile.test(`${keys[0]!.key}b`)) throw new Error('unexpected result');

const bench = new Bench({ time: 300, warmupTime: 50 });
let sink = 0;
for (const { n, key } of keys) {
  const size = `${n.toLocaleString('en-US')}-char key`;
  bench.add(`ARN *a ×50 *c*b vs ${size} + b, no match`, () => {
    if (hostile.test(`${key}b`)) sink++;
  });
  const as = 'a'.repeat(n);
  bench.add(`glob *(a?)×25c* vs ${size}, no match`, () => {
    if (hostileQ.test(as)) sink++;
  });
}
bench.add('typical ARN pattern vs typical key', () => {
  if (typical.test('arn:aws:s3:::bucket/home/ana/reports/2025-06.csv')) sink++;
});
bench.add('typical action glob', () => {
  if (action.test('s3:GetObjectAcl')) sink++;
});

await bench.run();
printThroughput(bench, 'µs');
if (sink < 0) console.log(sink);
