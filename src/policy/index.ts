// Public API of the policy grammar: parse and normalize documents (with located findings),
// validate them against the AWS catalog, locate JSON values, ARN checks and wildcard patterns.

export {
  type ArnIssue,
  checkAwsPrincipal,
  checkOtherPrincipal,
  checkResourceArn,
  checkServicePrincipal,
  KNOWN_PARTITIONS,
  withoutPolicyVariables,
} from './arn-validation.js';
export {
  type DecodedOperator,
  decodeConditionOperator,
  suggestConditionOperator,
} from './condition-operators.js';
export {
  decodeJsonBytes,
  type LocatedJson,
  LocatedSyntaxError,
  parseLocatedJson,
  parsePointer,
} from './located-json.js';
export {
  type ParsePolicyOptions,
  parsePolicy,
  UNKNOWN_CONDITION_KEY,
  unknownConditionClause,
} from './parse.js';
export * from './types.js';
export {
  applySeverityOverrides,
  type PolicyCatalog,
  parseAndValidatePolicy,
  type SeverityOverrides,
  type ValidateOptions,
  validatePolicy,
} from './validate.js';
export * from './wildcard.js';
