// The resource search of a `can` / `cannot` check on a resource pattern (analysis/exhaustive.ts
// `patternResources`) with N overlapping wildcard statements: one witness per class of matching
// resources the statements tell apart. Run: `node bench/run.mjs pattern-search`
// (PATTERN_SEARCH_N=4,8,12 to choose the sizes). Prints CPU time per search, on a fresh engine
// each time (the witness caches of the engine are empty; the process-wide ones are not).

import { patternResources } from '../src/analysis/exhaustive.js';
import { compileModel } from '../src/engine/index.js';
import { ModelBuilder } from '../src/model/builder.js';
import { parsePolicy } from '../src/policy/parse.js';

const ACCOUNT = '111122223333';
const source = { file: 'bench' };

/** A user whose policy allows s3:GetObject on N overlapping patterns (`data-*` objects with `k<i>`). */
function model(n: number, effects: 'allow' | 'mixed') {
  const b = new ModelBuilder();
  b.addAccount(ACCOUNT, 'us-east-1');
  const id = b.addUser({ name: 'u', account: ACCOUNT, source });
  const Statement = Array.from({ length: n }, (_, i) => ({
    Effect: effects === 'mixed' && i % 3 === 2 ? 'Deny' : 'Allow',
    Action: 's3:GetObject',
    Resource: `arn:aws:s3:::data-*/*k${i}*`,
  }));
  b.addInlinePolicy(id, {
    name: 'p',
    document: parsePolicy({ Version: '2012-10-17', Statement }, { kind: 'identity', source }),
    source,
  });
  return b.build();
}

const sizes = (process.env.PATTERN_SEARCH_N ?? '4,8,12')
  .split(',')
  .map((x) => Number(x.trim()))
  .filter((x) => x > 0);
for (const effects of ['allow', 'mixed'] as const)
  for (const n of sizes) {
    const m = model(n, effects);
    const cpu = process.cpuUsage();
    const t = performance.now();
    const r = patternResources(
      compileModel(m),
      `arn:aws:iam::${ACCOUNT}:user/u`,
      's3:GetObject',
      'arn:aws:s3:::data-*',
    );
    const wall = performance.now() - t;
    const used = process.cpuUsage(cpu);
    console.log(
      `N=${String(n).padStart(2)} ${effects.padEnd(5)}: ${r.resources.length} witnesses, complete ${r.complete}, CPU ${((used.user + used.system) / 1000).toFixed(0)} ms, wall ${wall.toFixed(0)} ms`,
    );
  }
