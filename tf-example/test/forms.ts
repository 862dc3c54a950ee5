// The company1 scenario in each Terraform form the tests load: the plan alone, the plan with
// its configuration (one Terraform root), the HCL configuration alone, and the CDKTF app
// (in-memory `Testing.synth`, `Testing.fullSynth`, and a cdktf.out written by `app.synth()`).

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  loadTerraformConfig,
  loadTerraformPlan,
  readTerraformConfig,
} from '../../src/adapters/terraform/index.js';
import { ModelBuilder } from '../../src/model/builder.js';
import type { Model } from '../../src/model/types.js';
import { fromCdktfOutDir, fromCdktfStack } from '../../src/testing/cdktf.js';
import { type Company1Mutations, createCompany1App } from '../cdktf/main.js';

/** The tf-example directory (main.tf, plan.json, session-policy.json). */
export const EXAMPLE_DIR = fileURLToPath(new URL('..', import.meta.url));
export const PLAN_FILE = join(EXAMPLE_DIR, 'plan.json');
export const SESSION_POLICY_FILE = join(EXAMPLE_DIR, 'session-policy.json');

export type FormName = 'plan' | 'plan+config' | 'hcl' | 'cdktf' | 'cdktf-full-synth' | 'cdktf.out';

/** `terraform show -json` of a plan, without the configuration behind it. */
export function planAlone(): Model {
  const b = new ModelBuilder();
  loadTerraformPlan(PLAN_FILE, b);
  return b.build();
}

/** The plan and its configuration directory given together (`iamspec eval plan.json tf-example/`). */
export function planWithConfig(): Model {
  const b = new ModelBuilder();
  loadTerraformPlan(PLAN_FILE, b, {}, readTerraformConfig(EXAMPLE_DIR, {}));
  return b.build();
}

/** The `.tf` files of tf-example, read with hcl2-parser. */
export function hclAlone(): Model {
  const b = new ModelBuilder();
  loadTerraformConfig(EXAMPLE_DIR, b);
  return b.build();
}

export function cdktfSynth(mutations: Company1Mutations = {}): Model {
  return fromCdktfStack(createCompany1App({ mutations }).stack);
}

export function cdktfFullSynth(): Model {
  return fromCdktfStack(createCompany1App().stack, { fullSynth: true });
}

/** `app.synth()` into a fresh directory, read back as a cdktf.out directory. */
export function cdktfOutDir(): Model {
  const outdir = mkdtempSync(join(tmpdir(), 'iamspec-company1-cdktf-'));
  createCompany1App({ outdir }).app.synth();
  return fromCdktfOutDir(outdir);
}

export const FORMS: Record<FormName, () => Model> = {
  plan: planAlone,
  'plan+config': planWithConfig,
  hcl: hclAlone,
  cdktf: () => cdktfSynth(),
  'cdktf-full-synth': cdktfFullSynth,
  'cdktf.out': cdktfOutDir,
};

/** The forms that hold every value (no unknowns left by the plan). */
export const COMPLETE_FORMS: FormName[] = ['plan+config', 'hcl', 'cdktf', 'cdktf-full-synth', 'cdktf.out'];
