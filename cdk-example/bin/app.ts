#!/usr/bin/env -S npx tsx
// CDK entry point of the company1 example (`npx tsx cdk-example/bin/app.ts`, or `cdk synth` with
// cdk-example/cdk.json). Writes the cloud assembly to CDK_OUTDIR when the CDK CLI sets it.

import { createCompany1App } from '../lib/app.js';

createCompany1App().app.synth();
