// Located JSON parsing (used for every template, plan and policy file) against plain
// JSON.parse, on a multi-MB document built from the biggest plan of ../shared/corpus/tfplan.
// Run: npm run bench located-json

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Bench } from 'tinybench';
import { parseLocatedJson } from '../src/policy/located-json.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const dir = join(here, '..', '..', 'shared', 'corpus', 'tfplan');
const biggest = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => join(dir, f))
  .sort((a, b) => statSync(b).size - statSync(a).size)[0];
if (!biggest) throw new Error(`no plan in ${dir}`);
const one = readFileSync(biggest, 'utf8');
const big = `[${Array.from({ length: 20 }, () => one).join(',\n')}]`;
console.log(`document: ${(big.length / 1e6).toFixed(1)} MB (20 copies of ${biggest})`);

const bench = new Bench({ time: 1500, warmupTime: 200 });
let sink = 0;
bench
  .add('JSON.parse', () => {
    sink += JSON.parse(big).length;
  })
  .add('parseLocatedJson + one locate()', () => {
    const { locate } = parseLocatedJson(big);
    sink += locate('/19/format_version') ? 1 : 0;
  });
await bench.run();
console.table(
  bench.tasks.map((t) => ({
    task: t.name,
    'mean ms': t.result && 'latency' in t.result ? t.result.latency.mean.toFixed(1) : '?',
  })),
);
if (sink < 0) console.log(sink);
