// Public API of iamspec (`import ... from 'iamspec'`): load CloudFormation / CDK / Terraform
// inputs into one account model, compile it, decide requests with a trace, resolve model
// references, build models by hand, and parse policies. Test matchers and CDK / CDKTF helpers
// live in the `iamspec/vitest`, `iamspec/cdk` and `iamspec/cdktf` entry points.

// Loading inputs
export {
  type DetectedInput,
  detectInput,
  type InputKind,
  type LoadOptions,
  type LoadReport,
  loadInputs,
  loadModel,
  loadModelSync,
  loadModelWithReport,
  toInputError,
} from './adapters/load.js';
export { formatLocation, InputError, type InputLocation } from './model/input-error.js';
export {
  DEFAULT_MAX_INPUT_SIZE,
  DEFAULT_MAX_INSTANCES,
  type InputLimits,
  MAX_DOCUMENT_DEPTH,
  withInputLimits,
  withInputLimitsAsync,
} from './model/read-input.js';

// Deciding
export { compileModel, Engine, type EngineOptions } from './engine/index.js';
export type {
  ContextValue,
  DecideOptions,
  Decision,
  DecisionReason,
  DecisionValue,
  Request,
  RequestContext,
  TraceEntry,
  TraceStage,
} from './engine/types.js';

// The model
export {
  ModelBuilder,
  type OrgLevelCompletion,
  type PrincipalInit,
  type ResourceInit,
} from './model/builder.js';
// What the loaders complete a builder's organization levels with (FullAWSAccess may remain beside an allow list)
export { fullAccessCompletion } from './aws/org-managed-policies.js';
export { isOpenAccountStandIn, withOpenAccounts } from './model/open-accounts.js';
export type * from './model/types.js';
export type { Finding, Severity } from './model/finding.js';
export { formatSource, type Locator, type Source } from './model/source.js';
export { findUnknown, isUnknown, type Maybe, Unknown } from './model/unknown.js';
export {
  accountRootArn,
  assumedRoleArn,
  iamArn,
  type ParsedArn,
  parseArn,
  s3BucketArn,
} from './model/arns.js';

// Model references (user/NAME, logical ids, Terraform addresses...)
export {
  AmbiguousReferenceError,
  isServicePrincipal,
  isValidArn,
  ModelReferenceError,
  type PrincipalRefKind,
  type PrincipalResolution,
  type ReferencedElement,
  type ReferenceOptions,
  type ResolvedPrincipal,
  type ResourceResolution,
  resolvePrincipalRef,
  resolveResourceRef,
  UnknownReferenceError,
} from './requests/references.js';

// Policies
export {
  LocatedSyntaxError,
  parseLocatedJson,
  parsePolicy,
  type ParsePolicyOptions,
} from './policy/index.js';
export {
  parseAndValidatePolicy,
  type SeverityOverrides,
  type ValidateOptions,
  validateModelPolicies,
  validatePolicy,
} from './validation/index.js';
export {
  type ConditionClause,
  type Effect,
  type PolicyDocument,
  type PolicyKind,
  type PrincipalSpec,
  type Statement,
  statementLabel,
  type ValueList,
} from './policy/types.js';

// Analyses: free-context decisions, exhaustive checks, role chains, who-can, matrix, risks
export * from './analysis/index.js';

// Spec reports (text, json, sarif, junit, markdown)
export { renderSpecResult, SPEC_REPORT_FORMATS, type SpecReportFormat } from './report/index.js';

// Reports of the access matrix and who-can (text, JSON, CSV, Markdown) and the HTML access review
export { accessReviewHtml, type AccessReviewOptions } from './report/html/review-api.js';
export { type AccessReviewInput, renderAccessReview } from './report/html/access-review.js';
export { formatMatrixCsv } from './report/matrix-csv.js';
export { formatMatrixJson } from './report/matrix-json.js';
export { formatMatrixMarkdown } from './report/matrix-markdown.js';
export { formatMatrixText } from './report/matrix-text.js';
export { formatWhoCanJson } from './report/who-can-json.js';
export { formatWhoCanText } from './report/who-can-text.js';

// Access specs (YAML / JSON): parse, load, check against a model
export {
  type AccessSpec,
  type CheckKind,
  type CheckResult,
  checkSpecFile,
  type Expectation,
  type ExpectationResult,
  loadSpec,
  parseSpec,
  type RunSpecOptions,
  runSpec,
  type SpecAccess,
  SpecError,
  type SpecLocation,
  type SpecResult,
} from './spec/index.js';
