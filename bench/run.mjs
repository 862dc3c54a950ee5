// Runs the benchmarks on production-like code: each bench/*.bench.ts is bundled with esbuild
// (dependencies stay external) and run by plain node, without a TypeScript loader in the hot
// path. Usage: `npm run bench` or `node bench/run.mjs [name-filter]`.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = fileURLToPath(new URL('.', import.meta.url));
const filter = process.argv[2];
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => !filter || f.includes(filter))
  .sort();
const out = mkdtempSync(join(tmpdir(), 'iamspec-bench-'));
let failed = false;
try {
  for (const f of files) {
    const outfile = join(here, `.${f.replace(/\.ts$/, '')}.bundle.mjs`);
    await build({
      entryPoints: [join(here, f)],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      outfile,
      logLevel: 'error',
    });
    console.log(`\n# ${f}`);
    const r = spawnSync(process.execPath, [outfile], { stdio: 'inherit' });
    rmSync(outfile, { force: true });
    if (r.status !== 0) failed = true;
  }
} finally {
  rmSync(out, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
