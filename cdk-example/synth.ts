// Synthesizes the company1 example to cdk-example/cdk.out without the CDK CLI:
//   npx tsx cdk-example/synth.ts [--outdir DIR] [--mutate NAME,NAME...]
// The output is deterministic (no assets, no bootstrap version rule, no analytics metadata).
// The iamspec validation plugin checks access.yaml during synthesis: the script fails (exit 1,
// with the validation report) when the app grants access the spec does not intend. With
// --mutate (the mutations of lib/company1-stack.ts, e.g. publicSalesBucket), the mutated app is
// written without the plugin (it breaks the spec on purpose): the base of `iamspec diff` examples.

import { rmSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { addIamspecValidator } from '../src/testing/cdk.js';
import { createCompany1App } from './lib/app.js';
import { parseMutations } from './lib/company1-stack.js';

const here = dirname(fileURLToPath(import.meta.url));

function outdirFromArgs(argv: readonly string[]): string {
  const i = argv.indexOf('--outdir');
  if (i >= 0 && argv[i + 1]) return resolve(argv[i + 1]!);
  return join(here, 'cdk.out');
}

function mutationsFromArgs(argv: readonly string[]): string | undefined {
  const i = argv.indexOf('--mutate');
  return i >= 0 ? (argv[i + 1] ?? '') : undefined;
}

const outdir = outdirFromArgs(process.argv.slice(2));
const mutate = mutationsFromArgs(process.argv.slice(2));
rmSync(outdir, { recursive: true, force: true });
const { app } = createCompany1App({ outdir, mutations: parseMutations(mutate) });
if (mutate === undefined) addIamspecValidator(app, { spec: join(here, 'access.yaml') });
const assembly = app.synth();
for (const stack of assembly.stacks) {
  console.log(`${stack.displayName}: ${relative(process.cwd(), stack.templateFullPath)}`);
}
