// Synthesizes the company1 example to cdk-example/cdk.out without the CDK CLI:
//   npx tsx cdk-example/synth.ts [--outdir DIR]
// The output is deterministic (no assets, no bootstrap version rule, no analytics metadata).
// The iamspec validation plugin checks access.yaml during synthesis: the script fails (exit 1,
// with the validation report) when the app grants access the spec does not intend.

import { rmSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { addIamspecValidator } from '../src/testing/cdk.js';
import { createCompany1App } from './lib/app.js';

const here = dirname(fileURLToPath(import.meta.url));

function outdirFromArgs(argv: readonly string[]): string {
  const i = argv.indexOf('--outdir');
  if (i >= 0 && argv[i + 1]) return resolve(argv[i + 1]!);
  return join(here, 'cdk.out');
}

const outdir = outdirFromArgs(process.argv.slice(2));
rmSync(outdir, { recursive: true, force: true });
const { app } = createCompany1App({ outdir });
addIamspecValidator(app, { spec: join(here, 'access.yaml') });
const assembly = app.synth();
for (const stack of assembly.stacks) {
  console.log(`${stack.displayName}: ${relative(process.cwd(), stack.templateFullPath)}`);
}
