// CDKTF helpers (`iamspec/cdktf`): an account Model from a CDKTF stack, synthesized in memory
// with `Testing.synth` (or `Testing.fullSynth`), or from a `cdktf.out` directory written by
// `cdktf synth` / `app.synth()`. This is the only module of iamspec that imports cdktf (an
// optional peer dependency); the Terraform adapter reads the synthesized JSON configuration.

import { fullAccessCompletion } from '../aws/org-managed-policies.js';
import { join } from 'node:path';
import { type TerraformStack, Testing } from 'cdktf';
import {
  loadTerraformConfig,
  loadTerraformConfigObject,
  type TfLoadOptions,
} from '../adapters/terraform/index.js';
import { deployTimeRoleReach } from '../analysis/deploy-time-reach.js';
import { ModelBuilder } from '../model/builder.js';
import { withOpenAccounts } from '../model/open-accounts.js';
import type { Model } from '../model/types.js';
import { addLoadFindings } from '../validation/load-findings.js';

export interface CdktfModelOptions extends TfLoadOptions {
  /**
   * Synthesize the whole app to a directory with `Testing.fullSynth` and read the stack's
   * `cdk.tf.json` from there (default: the stack's JSON from `Testing.synth`, in memory).
   */
  fullSynth?: boolean;
  /** Run the stack's CDKTF validations during synth (default false, as `Testing.synth` does). */
  runValidations?: boolean;
  /** Name used for the synthesized configuration in sources (default `<cdktf synth: PATH>`). */
  file?: string;
  /** The model holds the open-account stand-ins (src/model/open-accounts.ts), as `--open-accounts` does. */
  openAccounts?: boolean;
}

/** Options of `fromCdktfOutDir`: the Terraform adapter's, and `openAccounts`. */
export type CdktfOutDirOptions = TfLoadOptions & { openAccounts?: boolean };

/** The finished model of a builder (load findings added; the open-account stand-ins when asked). */
function finish(builder: ModelBuilder, options: { openAccounts?: boolean }): Model {
  const model = addLoadFindings(builder.build());
  return options.openAccounts ? withOpenAccounts(model) : model;
}

function builderFor(options: TfLoadOptions): ModelBuilder {
  // The role chains the deploy-time bounds follow, as the loaders give them (model/role-reach.ts).
  return new ModelBuilder({
    roleReach: deployTimeRoleReach,
    completeOrgLevels: fullAccessCompletion(),
    ...(options.partition ? { partition: options.partition } : {}),
  });
}

function loadOptions(options: CdktfModelOptions): TfLoadOptions {
  const {
    fullSynth: _fullSynth,
    runValidations: _runValidations,
    file: _file,
    openAccounts: _openAccounts,
    ...rest
  } = options;
  return rest;
}

/**
 * The model of one CDKTF stack. Throws `InputError` (from the Terraform adapter) when the
 * synthesized output is not a Terraform JSON configuration; what the adapter cannot resolve is
 * kept as unknown values and findings on the model.
 */
export function fromCdktfStack(stack: TerraformStack, options: CdktfModelOptions = {}): Model {
  if (options.fullSynth) {
    const outdir = Testing.fullSynth(stack);
    return fromCdktfOutDir(join(outdir, 'stacks', stack.node.id), {
      ...loadOptions(options),
      ...(options.openAccounts ? { openAccounts: true } : {}),
    });
  }
  const json = Testing.synth(stack, options.runValidations ?? false);
  const builder = builderFor(options);
  loadTerraformConfigObject(json, builder, {
    ...loadOptions(options),
    file: options.file ?? `<cdktf synth: ${stack.node.path}>`,
  });
  return finish(builder, options);
}

/**
 * The model of a `cdktf.out` directory (every stack in it), one stack's directory
 * (`cdktf.out/stacks/NAME`) or a `cdk.tf.json` file.
 */
export function fromCdktfOutDir(dir: string, options: CdktfOutDirOptions = {}): Model {
  const builder = builderFor(options);
  const { openAccounts: _openAccounts, ...tf } = options;
  loadTerraformConfig(dir, builder, tf);
  return finish(builder, options);
}
