// Synthesizes the company1 CDKTF app without the cdktf CLI:
//   npx tsx tf-example/cdktf/synth.ts [outdir]   writes a cdktf.out directory (default tf-example/cdktf/cdktf.out)
//   npx tsx tf-example/cdktf/synth.ts -          prints the stack's JSON configuration (cdk.tf.json) to stdout

import { Testing } from 'cdktf';
import { createCompany1App } from './main.js';

const target = process.argv[2] ?? new URL('./cdktf.out', import.meta.url).pathname;
if (target === '-') {
  const { stack } = createCompany1App();
  process.stdout.write(`${Testing.synth(stack)}\n`);
} else {
  const { app } = createCompany1App({ outdir: target });
  app.synth();
  process.stdout.write(`wrote ${target}\n`);
}
