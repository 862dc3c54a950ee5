// The loader's public, synchronous API (src/index.ts): every adapter imported up front
// (CloudFormation/SAM and Terraform), then load-core.ts does the work. The CLI loads through
// load-by-kind.ts instead, which imports only the adapters the inputs' kinds need. Both give the
// builder the role chains the deploy-time bounds follow (analysis/deploy-time-reach.ts), so they
// sit above the analyses (ARCHITECTURE.md, "Layers": the loaders).

import { deployTimeRoleReach } from '../analysis/deploy-time-reach.js';
import type { ModelBuilder } from '../model/builder.js';
import type { Model } from '../model/types.js';
import { withInputLimits } from '../model/read-input.js';
import {
  CfnLoadSession,
  loadCloudAssembly,
  loadDeployedTemplate,
  loadTemplateObject,
  parseTemplateText,
} from './cloudformation/index.js';
import {
  type Adapters,
  buildModelWith,
  type DetectedInput,
  detectAll,
  detectInputWith,
  type LoadOptions,
  type LoadReport,
  loadInputsWith,
  loadSpellings,
} from './load-core.js';
import { loadTerraformConfig, readTerraformConfig } from './terraform/index.js';
import { loadPlanValue } from './terraform/load.js';

export {
  type DetectedInput,
  type InputKind,
  type LoadOptions,
  type LoadReport,
  toInputError,
} from './load-core.js';

/** Every adapter, loaded, and the role chains of the deploy-time bounds. */
const ALL: Adapters = {
  cfn: { CfnLoadSession, loadCloudAssembly, loadTemplateObject, loadDeployedTemplate },
  tf: { readTerraformConfig, loadTerraformConfig, loadPlanValue },
  parseTemplateText,
  roleReach: deployTimeRoleReach,
};

/** Detects what an input path is, by content. Throws InputError when it is none of the inputs. */
export function detectInput(path: string): DetectedInput {
  return detectInputWith(path, parseTemplateText);
}

/**
 * Loads inputs into a builder (several inputs merge into one model). Throws InputError for an
 * input that cannot be read. Returns what each input was detected as. A builder made without
 * `roleReach` gets the role chains of the deploy-time bounds (`ModelBuilder.useRoleReach`).
 */
export function loadInputs(
  inputs: readonly string[],
  builder: ModelBuilder,
  options: LoadOptions = {},
): LoadReport {
  return loadInputsWith(inputs, builder, options, ALL);
}

/** Loads inputs into one model, synchronously. Throws InputError for an input that cannot be read. */
export function loadModelSync(inputs: readonly string[], options: LoadOptions = {}): Model {
  return loadModelWithReport(inputs, options).model;
}

/** Like loadModelSync, with what each input was detected as. */
export function loadModelWithReport(
  inputs: readonly string[],
  options: LoadOptions = {},
): { model: Model; report: LoadReport } {
  return withInputLimits({ maxInputSize: options.maxInputSize, maxInstances: options.maxInstances }, () =>
    loadSpellings((spellings) =>
      buildModelWith(detectAll(inputs, options, parseTemplateText), options, ALL, spellings),
    ),
  );
}

/**
 * Loads CloudFormation templates, cloud assemblies, Terraform plans and configurations into one
 * model. Rejects with InputError (file, line, column) for an input that cannot be read.
 */
export async function loadModel(inputs: readonly string[], options: LoadOptions = {}): Promise<Model> {
  return loadModelSync(inputs, options);
}
