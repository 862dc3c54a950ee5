// Public API of the Terraform adapter: plan JSON, JSON configuration (CDKTF) and HCL inputs
// into a ModelBuilder. Adapters know nothing of evaluation.

export type { TerraformConfig } from './config/types.js';
export { readTerraformConfig } from './config/read.js';
export { isTerraformJsonConfig, isTerraformPlan } from './detect.js';
export { InputError } from './errors.js';
export { readJsonFileWithBom } from './json-file.js';
export {
  loadTerraformConfig,
  loadTerraformConfigObject,
  loadTerraformPlan,
  type TfLoadOptions,
} from './load.js';
