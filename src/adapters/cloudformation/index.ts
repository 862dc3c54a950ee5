// CloudFormation adapter: templates (JSON, YAML with short tags), intrinsics, resource handlers and
// cloud assemblies (cdk.out) into a ModelBuilder. See load.ts for the entry points.

export { cdkLogicalId } from './cdk-logical-id.js';
export { isCloudAssemblyDir, isCloudFormationTemplate } from './detect.js';
export { InputError } from './errors.js';
export {
  assemblyServiceRole,
  loadCloudAssembly,
  loadCloudFormationInputs,
  loadDeployedTemplate,
  loadTemplateFile,
  loadTemplateObject,
  parseEnvironment,
  type TemplateObjectOptions,
} from './load.js';
export {
  type CfnLoadOptions,
  type CfnLoadReport,
  CfnLoadSession,
} from './session.js';
export { type ParsedTemplate, parseTemplateText, readTemplateFile } from './template-parser.js';
export { countUnknowns } from './values.js';
