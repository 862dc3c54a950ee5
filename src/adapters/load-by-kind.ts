// Loading for the CLI: the same as load.ts, but each adapter is imported when an input of its
// kind is given (dynamic import()), so a Terraform-only run never loads the CloudFormation/SAM
// modules or `yaml`, and a CloudFormation-only run never loads the Terraform modules. The
// template parser (YAML) is imported only when detection meets a YAML file or a directory of
// templates. The role chains of the deploy-time bounds (analysis/deploy-time-reach.ts) are given
// to the builder as load.ts does.

import { deployTimeRoleReach } from '../analysis/deploy-time-reach.js';
import { TemplateReaderNeeded } from '../model/deployed-template.js';
import type { Model } from '../model/types.js';
import { withInputLimitsAsync } from '../model/read-input.js';
import {
  type Adapters,
  adapterOf,
  buildModelWith,
  type DetectedInput,
  detectAll,
  detectInputWith,
  type LoadOptions,
  type LoadReport,
  loadSpellings,
  type ParseTemplateText,
  TemplateParserNeeded,
} from './load-core.js';

/** Stands in for the template parser until detection needs it. */
const parserNotLoaded: ParseTemplateText = () => {
  throw new TemplateParserNeeded('the template parser is not loaded');
};

async function detectLazily(
  inputs: readonly string[],
  options: LoadOptions,
): Promise<{ detected: DetectedInput[]; parseTemplateText?: ParseTemplateText }> {
  try {
    return { detected: detectAll(inputs, options, parserNotLoaded) };
  } catch (e) {
    if (!(e instanceof TemplateParserNeeded)) throw e;
  }
  const { parseTemplateText } = await import('./cloudformation/template-parser.js');
  return { detected: detectAll(inputs, options, parseTemplateText), parseTemplateText };
}

/**
 * What one input is (`detectInput` of load.ts), importing the template parser only when detection
 * needs it (a YAML template, a directory of templates).
 */
export async function detectInputByKind(path: string): Promise<DetectedInput> {
  try {
    return detectInputWith(path, parserNotLoaded);
  } catch (e) {
    if (!(e instanceof TemplateParserNeeded)) throw e;
  }
  const { parseTemplateText } = await import('./cloudformation/template-parser.js');
  return detectInputWith(path, parseTemplateText);
}

/** The adapters the detected inputs need, imported. */
async function adaptersFor(
  detected: readonly DetectedInput[],
  parsed: ParseTemplateText | undefined,
): Promise<Adapters> {
  const kinds = new Set(detected.map((d) => adapterOf(d.kind)));
  const [cfn, tfIndex, tfLoad] = await Promise.all([
    kinds.has('cfn') ? import('./cloudformation/index.js') : undefined,
    kinds.has('tf') ? import('./terraform/index.js') : undefined,
    kinds.has('tf') ? import('./terraform/load.js') : undefined,
  ]);
  return {
    cfn,
    tf: tfIndex && tfLoad ? { ...tfIndex, loadPlanValue: tfLoad.loadPlanValue } : undefined,
    parseTemplateText: cfn?.parseTemplateText ?? parsed ?? parserNotLoaded,
    roleReach: deployTimeRoleReach,
  };
}

/** Like loadModelWithReport (load.ts), importing only the adapters the inputs need. */
export async function loadModelByKind(
  inputs: readonly string[],
  options: LoadOptions = {},
): Promise<{ model: Model; report: LoadReport }> {
  return withInputLimitsAsync(
    { maxInputSize: options.maxInputSize, maxInstances: options.maxInstances },
    () =>
      loadSpellings(async (spellings) => {
        const { detected, parseTemplateText } = await detectLazily(inputs, options);
        const adapters = await adaptersFor(detected, parseTemplateText);
        try {
          return buildModelWith(detected, options, adapters, spellings);
        } catch (e) {
          // A Terraform input deploys a CloudFormation template it knows the text of
          // (model/deployed-template.ts): load again with the CloudFormation adapter.
          if (!(e instanceof TemplateReaderNeeded) || adapters.cfn) throw e;
          const cfn = await import('./cloudformation/index.js');
          return buildModelWith(
            detected,
            options,
            { ...adapters, cfn, parseTemplateText: cfn.parseTemplateText },
            spellings,
          );
        }
      }),
  );
}
