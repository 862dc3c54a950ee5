// Public API of the policy grammar: parse and normalize documents (with located findings),
// locate JSON values, wildcard patterns. Validation against the AWS catalog is src/validation
// (above the catalog, which uses the wildcard patterns of this folder).

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
export * from './wildcard.js';
