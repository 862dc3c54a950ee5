// Builds the company1 CDK app: one App holding the Company1Stack, optionally with mutations.
// Used by bin/app.ts (the CDK entry point), synth.ts and the tests.

import { App } from 'aws-cdk-lib';
import { type Company1Mutations, Company1Stack } from './company1-stack.js';

export interface Company1AppOptions {
  /** Where `app.synth()` writes the cloud assembly (default: CDK_OUTDIR or a temporary directory). */
  outdir?: string;
  mutations?: Company1Mutations;
}

export function createCompany1App(options: Company1AppOptions = {}): { app: App; stack: Company1Stack } {
  const app = new App({
    ...(options.outdir ? { outdir: options.outdir } : {}),
    // Deterministic output: no stack traces (absolute file paths) in the assembly metadata.
    // The built-in CloudFormation Validate plugin lints the template (e.g. the literal AMI id of
    // log-processor); this example is about IAM, so it is off. iamspec checks the access.
    builtinCloudFormationValidation: false,
    context: { 'aws:cdk:disable-stack-trace': true, 'aws:cdk:disable-creation-stack-traces': true },
  });
  const stack = new Company1Stack(app, undefined, { mutations: options.mutations });
  return { app, stack };
}
