// Public API of policy validation against the AWS catalog (IAM Access Analyzer-style checks):
// one document (validatePolicy, parseAndValidatePolicy), every document of a model
// (validateModelPolicies, run by the loaders), and the ARN and condition value checks they use.
// This folder sits above src/catalog and src/policy: policy → catalog → validation.

export {
  type ArnIssue,
  checkAwsPrincipal,
  checkOtherPrincipal,
  checkResourceArn,
  checkServicePrincipal,
  KNOWN_PARTITIONS,
  withoutPolicyVariables,
} from './arn-validation.js';
export { addLoadFindings } from './load-findings.js';
export { modelPolicyDocuments, modelPolicyFindings, validateModelPolicies } from './validate-model.js';
export {
  applySeverityOverrides,
  type PolicyCatalog,
  parseAndValidatePolicy,
  type SeverityOverrides,
  type ValidateOptions,
  validatePolicy,
} from './validate-policy.js';
