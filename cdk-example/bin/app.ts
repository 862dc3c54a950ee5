#!/usr/bin/env -S npx tsx
// CDK entry point of the company1 example (`npx tsx cdk-example/bin/app.ts`, or `cdk synth` with
// cdk-example/cdk.json). Writes the cloud assembly to CDK_OUTDIR when the CDK CLI sets it.
// The iamspec validation plugin checks cdk-example/access.yaml at synthesis: `cdk synth` fails
// when the app grants access the spec does not intend. (In an app of your own:
// `import { IamspecValidator } from 'iamspec/cdk'`.)

import { fileURLToPath } from 'node:url';
import { App, Validations } from 'aws-cdk-lib';
import { IamspecValidator } from '../../src/testing/cdk.js';
import { createCompany1App } from '../lib/app.js';
import { parseMutations } from '../lib/company1-stack.js';

// `cdk synth -c mutations=publicSalesBucket,noInternBoundary` synthesizes a mutated app (without
// the validation plugin: it breaks the spec on purpose), e.g. to try `iamspec diff`.
const probe = new App();
const mutations = probe.node.tryGetContext('mutations') as string | undefined;
const { app } = createCompany1App({ mutations: parseMutations(mutations) });
if (mutations === undefined)
  Validations.of(app).addPlugins(
    new IamspecValidator({ spec: fileURLToPath(new URL('../access.yaml', import.meta.url)) }),
  );
app.synth();
