// Every stable code a finding (src/model/finding.ts), a spec warning or a request problem
// carries, in one table, each classified by what it means for verdicts:
// - `verdict`: could change a verdict. What AWS will have may differ from the model: a value,
//   an element or an attachment the inputs do not pin down; something iamspec does not model or
//   could not read; a guess (an assumed account or region); a document or template AWS would
//   reject. Every front end shows these (stderr summary, reports, matcher messages, the CDK
//   validation report), names them in the verdicts that depend on them, and `strict` fails the
//   run on any of them; one of severity `error` fails the run without `strict`
//   (src/spec/warnings.ts `failingInputWarnings`).
// - `info`: informational. iamspec decides exactly as AWS would (a policy lint such as an
//   unknown action, which grants nothing in AWS either; a default AWS applies), or it says how
//   the inputs were combined. Shown when its severity is `warning` or `error`; never fails a run.
//
// Adding a finding code anywhere in src/: add it here (test/finding-codes.test.ts fails for a
// code literal of src/ that is missing, and for an entry no code of src/ uses). A code that is not
// in the table is treated as `verdict` (the safe side).

export type FindingImpact = 'verdict' | 'info';

export interface FindingCodeInfo {
  impact: FindingImpact;
  /** What the code says, in a few words (for documentation and the SARIF rules). */
  about: string;
}

const v = (about: string): FindingCodeInfo => ({ impact: 'verdict', about });
const i = (about: string): FindingCodeInfo => ({ impact: 'info', about });

export const FINDING_CODES: Readonly<Record<string, FindingCodeInfo>> = {
  // --- CloudFormation / CDK adapter -------------------------------------------------------
  'cfn/assumed-account': v('no account given for a stack: a placeholder account is used (--account)'),
  'cfn/assumed-region': v('no region given for a stack: a default region is used (--region)'),
  'cfn/cycle': v('a circular reference: the value stays unknown'),
  'cfn/default-key-policy': i('a KMS key without KeyPolicy gets the default key policy, as in AWS'),
  'cfn/duplicate-name': v('two resources create the same resource ARN: AWS rejects the second'),
  'cfn/duplicate-resource-policy': v(
    'two policies set on one resource: which one it keeps is unknown (both maybe-present)',
  ),
  'cfn/external-resource': i('a policy applies to a resource outside the inputs'),
  'cfn/ignored-policy': i('an organization policy type that grants and denies nothing'),
  'cfn/import-not-found': v('Fn::ImportValue of an export no loaded stack has: unknown value'),
  'cfn/internal-error': v('a resource could not be modelled'),
  'cfn/invalid-condition': v('an invalid template condition'),
  'cfn/invalid-intrinsic': v('an invalid intrinsic function'),
  'cfn/include-too-deep': v(
    'AWS::Include inside included files deeper than iamspec follows: left unexpanded (unknown)',
  ),
  'cfn/invalid-nested-template': v('a nested stack template that cannot be read'),
  'cfn/invalid-resource': v('a resource CloudFormation would reject'),
  'cfn/invalid-template': v('a template CloudFormation would reject'),
  'cfn/nested-template-input': i('a template given as an input is also a nested stack of another'),
  'cfn/nested-template-not-found': v('a nested stack template is missing: its resources are not modelled'),
  'cfn/nested-template-guessed': v(
    'a nested stack template found by the end of its TemplateURL only: another file may be meant',
  ),
  'cfn/org-management-account': v(
    'an SCP/RCP reaches the deploying account, which may be (or is) the management account it does not affect',
  ),
  'cfn/org-delegation': v(
    'an Organizations delegation policy: a member account may change SCPs/RCPs organization-wide',
  ),
  'cfn/org-target-assumed': v('an SCP/RCP targets an OU or root: applied to every account of the inputs'),
  'cfn/org-new-account': v(
    'a member account the stack creates (AWS::Organizations::Account, id known after deployment): modelled as an account whose id is unknown, with its OrganizationAccountAccessRole',
  ),
  'cfn/parameter-not-allowed': v('a parameter value outside its AllowedValues: the deploy fails'),
  'cfn/ref-to-absent-resource': v('a Ref to a resource whose condition is false'),
  'cfn/custom-resource-changes-access': v(
    'a Lambda-backed (or SNS-backed) custom resource whose code may change access when deployed, bounded by its role',
  ),
  'cfn/sam-transform-missing': v(
    'AWS::Serverless resources without the SAM transform: AWS rejects the template',
  ),
  'cfn/sdk-call-changes-access': v(
    'a custom resource makes an AWS SDK call that may change policies when deployed (a CDK AwsCustomResource)',
  ),
  'cfn/stack-tags-unknown': v(
    'a stack whose deploy-time or aws:cloudformation:* tags may add tags the template does not show, while a policy reads tags',
  ),
  'cfn/transform-order': v('SAM listed before AWS::LanguageExtensions: SAM reads unexpanded loops'),
  'cfn/transform-not-applied': v('a template transform (macro, SAM) that iamspec does not expand'),
  'cfn/unattached-policy': i('an organization policy without targets applies to no account'),
  'cfn/unhandled-resource-type': v('a resource carries a policy iamspec does not model'),
  'cfn/condition-from-default': v(
    'a condition decided from a parameter Default removes or selects a statement, policy or resource',
  ),
  'cfn/rest-api-policy-unknown': v(
    'a REST API resource policy not known (an OpenAPI definition outside the inputs, or Policy and x-amazon-apigateway-policy both set)',
  ),
  'cfn/value-from-default': v(
    'policy text reads a parameter whose value is its Default, which a deployer can override',
  ),
  'cfn/unknown-condition': v('a condition name the template does not define'),
  'cfn/unknown-foreach': v('Fn::ForEach over an unknown collection: what it generates is maybe-present'),
  'cfn/unknown-intrinsic': v('an intrinsic function iamspec does not know: unknown value'),
  'cfn/unmodelled-deployment': v(
    'a StackSet or Service Catalog product deploys a template iamspec does not read: what it creates is unknown',
  ),
  'cfn/unmodelled-resource-types': i('resource types that hold no policy'),
  'cfn/unresolved-name': v('a resource name the inputs do not pin down'),
  'cfn/unresolved-path': v('an IAM path the inputs do not pin down: matched as any path where unknown'),
  'cfn/unresolved-policy': v('an organization policy of unknown type: kept as a maybe-present SCP and RCP'),
  'cfn/unresolved-reference': v('a Ref or GetAtt to nothing the template defines'),
  'cfn/unresolved-target': v('the targets of a policy or attachment are unknown'),
  // --- SAM transform (src/adapters/cloudformation/sam) ------------------------------------
  'sam/application-not-expanded': v('a nested SAM application not read: what it creates is unknown'),
  'sam/connector': v('a SAM connector SAM rejects: the access it would grant is unknown'),
  'sam/definition-not-read': v(
    'a local DefinitionUri file that is absent or not readable as written: unknown policy',
  ),
  'sam/duplicate-logical-id': v('the SAM transform generates a logical id twice: AWS rejects the template'),
  'sam/expanded': i('the SAM transform was expanded'),
  'sam/internal-error': v('a SAM resource could not be expanded: what it creates is unknown'),
  'sam/invalid-event': v('a SAM event source SAM rejects: invocation it would allow is unknown'),
  'sam/invalid-globals': v('a Globals section SAM rejects'),
  'sam/invalid-policy': v('a SAM Policies entry SAM rejects: the policy is unknown'),
  'sam/invalid-property': v('a SAM resource property SAM rejects'),
  'sam/invalid-resource-policy': v('an API resource policy SAM rejects: the policy is unknown'),
  'sam/policy-template-parameters': v('a SAM policy template without its parameters: the policy is unknown'),
  'sam/unknown-managed-policy': v('a managed policy name SAM looks up at deployment: unknown policy'),
  'sam/unresolved-resource-policy': v(
    'a SAM Auth.ResourcePolicy entry known only at deployment: the statements it builds are unknown',
  ),
  'sam/unknown-policy-template': v('a SAM policy template iamspec does not know: unknown policy'),
  'sam/unresolved-event-property': v('a SAM event property the inputs do not pin down'),
  'sam/unresolved-parameter': v('a SAM property from a parameter without a value'),
  'sam/unsupported-event': v('a SAM event source type iamspec does not expand: invocation is unknown'),
  'sam/unsupported-resource': v('a SAM resource type iamspec does not expand: what it creates is unknown'),
  // --- IAM Identity Center (src/adapters/identity-center.ts) ------------------------------
  'sso/assignment': i('an Identity Center assignment: identity-store users sign in to a role'),
  'sso/unknown-target-account': v('an Identity Center assignment to an unknown account'),
  // --- Terraform adapter ------------------------------------------------------------------
  'tf/external-resource': i('a policy applies to a resource outside the inputs'),
  'tf/undecided-branches': v('statements that might not exist (an undecided conditional or dynamic block)'),
  'tf/stack-role-prior-state': i(
    "a --stack-role for a Terraform stack whose prior state shows another role: the prior state's is taken",
  ),
  // Verdict: taken from a prior state that may be stale (a plan made with -refresh=false).
  'tf/stack-role-prior-none': v(
    "a Terraform stack taken to have no service role because the plan's prior state shows none",
  ),
  // Verdict: taken from a prior state that may be stale, as tf/stack-role-prior-none.
  'tf/stack-role-prior-role': v(
    "a Terraform stack taken to run with the service role the plan's prior state shows",
  ),
  'tf/account-overridden': v('the account given replaced the account the Terraform inputs state'),
  'tf/assumed-account': v('no account in the options or inputs: a placeholder account is used'),
  // Info, as `load/org-policy-deny-list`: the engine reads an SCP/RCP without Allow as a deny list
  // next to FullAWSAccess (engine.ts `orgOutcome`) whether or not the default is in the model, and
  // the default, which allows everything, changes no verdict (test/org-default-policy.test.ts).
  'tf/assumed-org-default-policy': i(
    'the default FullAWSAccess SCP/RCP is assumed attached, as AWS attaches it',
  ),
  'tf/assumed-region': v('no region in the options or the provider: a default region is used'),
  'tf/handler-error': v('a resource could not be modelled'),
  'tf/hcl-fallback': v('a .tf file read by the fallback parser: expressions are not evaluated'),
  'tf/module-not-loaded': v('a module whose source is not available: its resources are not modelled'),
  'tf/org-management-account': v(
    'an SCP/RCP reaches the deploying account, which may be (or is) the management account it does not affect',
  ),
  'tf/org-target-assumed': v('an SCP/RCP targets an OU or root: applied to every account of the inputs'),
  'tf/org-not-on-path': i(
    'the inputs place the deploying account outside the OU an SCP/RCP is attached at: not applied to it',
  ),
  'tf/org-access-role': v(
    'a member account may have the OrganizationAccountAccessRole AWS Organizations creates: modelled maybe-present',
  ),
  'tf/provider-other-account': v(
    'resources deployed through a provider configuration into an account whose id the inputs do not pin down: modelled in an account whose id is unknown',
  ),
  'tf/provider-account-known': i(
    'resources deployed through a provider configuration into another known account: modelled in that account',
  ),
  'tf/org-new-account': v(
    'a member account the plan creates (id known after apply): modelled as an account whose id is unknown, with its OrganizationAccountAccessRole',
  ),
  'tf/org-delegation': v(
    'an Organizations delegation policy or delegated administrator: a member account may change SCPs/RCPs or administer a service organization-wide',
  ),
  'tf/org-parent-unknown': v(
    'a member account may be under the root/OU an SCP/RCP is attached at: applied maybe-present',
  ),
  'tf/plan-incomplete': v(
    'an incomplete or errored plan (-target): resources outside it may grant access the model lacks',
  ),
  'tf/plan-value-unpinned': v(
    'a plan read alone (or with a configuration directory that does not declare the resource): values known only after apply are not linked to what their expressions refer to',
  ),
  'tf/value-unpinned': v(
    'a value known only after apply computed from what its expression refers to (a function, a template with literal parts, an index whose value is not known): not linked to them, it stays unknown',
  ),
  'tf/plan-without-configuration': v(
    'a plan without its configuration section: an unknown computed attribute may be set, kept maybe-present',
  ),
  'tf/unhandled-resource-type': v('a resource carries a policy iamspec does not model'),
  'tf/root-sessions': v('centralized root access: root sessions in member accounts are not modelled'),
  'tf/removed-not-destroyed': v(
    'a `removed` block keeps the object deployed, which the configuration no longer shows',
  ),
  'tf/reference-too-deep': v('references nested too deep to follow: the value stays unknown'),
  'tf/unknown-function': v('a function iamspec cannot evaluate (impure, provider-defined): unknown value'),
  'tf/unknown-instances': v('count / for_each cannot be determined: the instances are unknown'),
  'tf/unknown-name': v('a resource name the inputs do not pin down'),
  'tf/unknown-path': v('an IAM path the inputs do not pin down: matched as any path where unknown'),
  'tf/ignored-policy': i('an organization policy type that grants and denies nothing'),
  'tf/empty-policy': v('a required policy attribute holds no document: the policy is unknown'),
  'tf/duplicate-resource-policy': v(
    'two resources set the policy of one resource: which one it keeps is unknown (both maybe-present)',
  ),
  'tf/same-resource-policy': i('two resources set the same policy statements on one resource'),
  'tf/unknown-region': v(
    "the region of a resource (its aliased provider configuration's) is not known: its ARN holds a stand-in region",
  ),
  'tf/lambda-invocation-changes-access': v(
    'an aws_lambda_invocation (resource or data source) whose function may change access when run, bounded by its role',
  ),
  'tf/local-exec-changes-access': v(
    'a local-exec provisioner whose command (an AWS CLI call, a script) may change access with the credentials of the machine running Terraform',
  ),
  'tf/rest-api-policy-unknown': v(
    'an aws_api_gateway_rest_api body known only after apply or not JSON: its resource policy is unknown',
  ),
  'tf/remote-exec-changes-access': v(
    'a remote-exec provisioner whose commands may change access with the credentials of the host it runs on (an aws_instance: bounded by its instance profile role)',
  ),
  'tf/cloudcontrol-not-modelled': v(
    'an aws_cloudcontrolapi_resource of a type that carries access iamspec does not model: what it grants is unknown',
  ),
  'tf/unmodelled-deployment': v(
    'a CloudFormation stack, StackSet instance or Service Catalog product whose template is not read: what it creates is unknown',
  ),
  'tf/unresolved-reference': v('an attachment names a principal or policy that is not in the inputs'),
  // --- Loading ----------------------------------------------------------------------------
  'load/org-policy-deny-list': i('an SCP/RCP file without Allow is a deny list next to FullAWSAccess'),
  'load/org-policy-management-account': i(
    'SCPs/RCPs (files or attachments) are not applied to the management account the inputs create the organization in',
  ),
  'load/plan-config-unrelated': v('a plan and a configuration that do not match are loaded apart'),
  'load/stand-in-spelled': i(
    'an input writes a stand-in (a stand-in region, the placeholder account id): read as a distinct literal, as in AWS',
  ),
  'load/stand-in-literal-written': v(
    'an input writes the id the placeholder account id of the inputs is read as: the two read as one account',
  ),
  'load/plan-with-config': i('a plan and its configuration are loaded as one Terraform root'),
  // --- S3 Block Public Access (src/aws/s3-public-access.ts) --------------------------------
  's3/public-acl-maybe-rejected': v('a public bucket ACL that BlockPublicAcls might reject'),
  's3/public-policy-maybe-rejected': v('a public bucket policy that Block Public Access might reject'),
  's3/public-policy-rejected': v('a public bucket policy that BlockPublicPolicy rejects: the deploy fails'),
  // --- Model builder ----------------------------------------------------------------------
  'model/external-identity-provider': i('a trust policy names an identity provider outside the inputs'),
  'model/imported-principal': v(
    'a principal defined outside the inputs: unknown trust, boundary and other policies',
  ),
  'model/duplicate-name': v(
    'two elements create one IAM user, group, role or policy ARN: IAM rejects the second',
  ),
  'model/unknown-attachment-target': v('a policy whose user, group or role is unknown'),
  'model/lake-formation-grant': v('Lake Formation permissions: kept as unknown actions for the principal'),
  'model/service-catalog-association': v('a Service Catalog association: unknown actions for the principal'),
  'model/s3-access-grant': v('an S3 Access Grant: unknown S3 actions for the grantee on its location'),
  'model/observability-link': v(
    'a CloudWatch observability link: unknown actions for the monitoring account on the shared telemetry',
  ),
  'model/unknown-resource-target': v('a resource policy whose bucket, queue, topic, function... is unknown'),
  'model/unlinked-role-use': v('a role used by a resource that is not in the model'),
  'model/service-linked-role': v(
    'a service-linked role: its permissions are defined by the service, unknown',
  ),
  'model/unknown-value': v('a value the inputs do not pin down (known only after apply, a parameter)'),
  // --- Policy grammar (src/policy/parse.ts): AWS rejects the document, or a part is unknown ---
  'policy/action-and-notaction': v('a statement with both Action and NotAction'),
  'policy/duplicate-condition-key': v('a condition key given twice'),
  'policy/duplicate-sid': v('two statements with one Sid'),
  'policy/empty-condition': i('an empty Condition block'),
  'policy/empty-condition-values': i('a condition key without values'),
  'policy/empty-principal': i('an empty Principal'),
  'policy/empty-sid': i('an empty Sid'),
  'policy/internal-error': v('a policy that could not be read or validated'),
  'policy/invalid-action': v('an Action value that is not service:action'),
  'policy/invalid-arn': v('a malformed ARN'),
  'policy/invalid-condition': v('an unreadable Condition'),
  'policy/invalid-condition-key': v('a condition key that is not service:key'),
  'policy/invalid-condition-value': v('a condition value that is not a string, number or Boolean'),
  'policy/invalid-document': v('a policy document that is not an object'),
  'policy/invalid-effect': v('an Effect other than Allow or Deny: read as unknown'),
  'policy/invalid-json': v('policy text that is not JSON'),
  'policy/invalid-principal': v('a malformed principal'),
  'policy/invalid-service-principal': i('a service principal that is not of the service.amazonaws.com form'),
  'policy/invalid-sid': v('a Sid IAM rejects'),
  'policy/invalid-statement': v('a statement that is not an object'),
  'policy/invalid-value-type': v('an element value of the wrong type'),
  'policy/invalid-version': v('a Version that is not a string'),
  'policy/missing-action': v('a statement without Action or NotAction'),
  'policy/missing-effect': v('a statement without Effect: read as unknown'),
  'policy/missing-principal': v('a resource or trust statement without Principal'),
  'policy/missing-resource': v('a statement without Resource or NotResource'),
  'policy/missing-statement': v('a policy without Statement'),
  'policy/missing-tag-key': v('a tag condition key without its tag key'),
  'policy/missing-version': i('a policy without Version: read with the 2008-10-17 language, as AWS does'),
  'policy/rcp-action-wildcard': v('an RCP with a bare "*" Action, which AWS rejects'),
  'policy/rcp-allow': v('an RCP Allow other than RCPFullAWSAccess, which AWS rejects'),
  'policy/rcp-missing-version': v('an RCP without Version, which AWS rejects'),
  'policy/null-with-ifexists': v('Null...IfExists, which AWS rejects'),
  'policy/size-over-quota': v('a policy over its size quota: AWS rejects it'),
  'policy/principal-and-notprincipal': v('a statement with both Principal and NotPrincipal'),
  'policy/principal-canonical-user': v(
    "a CanonicalUser principal: an account's canonical user id, which may be any account's",
  ),
  'policy/principal-unique-id': v(
    'a principal given by IAM unique id: a user or role whose account and name are unknown',
  ),
  'policy/principal-wildcard': v('a wildcard inside a principal ARN'),
  'policy/rcp-unsupported-service': i(
    'an RCP statement on a service RCPs do not apply to: restricts nothing',
  ),
  'policy/resource-and-notresource': v('a statement with both Resource and NotResource'),
  'policy/unexpected-id': i('an Id element in a policy that does not use it'),
  'policy/unexpected-principal': v('a Principal in an identity-based policy'),
  'policy/unknown-condition-operator': v('a condition operator AWS does not have: read as unknown'),
  'policy/unknown-element': v('an element the policy language does not have'),
  'policy/unknown-version': i('a Version other than 2012-10-17 and 2008-10-17'),
  'policy/unsupported-element': v('an element this kind of policy does not support'),
  // --- Policy validation against the catalog (src/validation): lints, decided as AWS does ---
  'policy/action-matches-nothing': i('an action pattern that matches no action'),
  'policy/action-resource-mismatch': i('an action none of whose resource types the Resource can be'),
  'policy/condition-type-mismatch': i('an operator of another type than its condition key'),
  'policy/condition-value-type': v(
    'a condition value of another type than its operator: how AWS reads it is undocumented (unknown)',
  ),
  'policy/ip-range-host-bits': i('an IP range with bits set after the mask'),
  'policy/missing-set-operator': i('a multivalued condition key without ForAnyValue / ForAllValues'),
  'policy/null-with-set-operator': i('a set operator with Null'),
  'policy/set-operator-single-valued': i('a set operator on a single-valued key'),
  'policy/unknown-action': i('an action the catalog does not have (it grants nothing in AWS either)'),
  'policy/unknown-condition-key': i('a condition key the catalog does not have'),
  'policy/unknown-service': i('a service prefix the catalog does not have'),
  'policy/variable-unsupported': v('a policy variable with an operator that does not take one'),
  'policy/variable-unsupported-in-version': i('a policy variable in a policy without Version 2012-10-17'),
  'policy/wildcard-without-like': i('a wildcard with a StringEquals operator (compared literally)'),
  // --- Requests (src/requests) and specs (src/spec): what a request or spec names ------------
  'request/unknown-service': v('a request action of a service the catalog does not have'),
  'request/unknown-action': v('a request action the catalog does not have'),
  'request/principal-not-in-model': v('a request principal of a model account that the model lacks'),
  'request/not-a-principal': v('a request principal ARN that is no principal'),
  'request/resource-not-in-model': v('a request resource (bucket, IAM ARN) that is not in the model'),
  'request/unresolved-variable': v(
    'a request principal or resource with $-brace text (decided literally; an error in checks)',
  ),
  'request/resource-pattern': v(
    'a request resource with * or ? (eval / explain decide it as one name, not a pattern)',
  ),
  'spec/unknown-service': v('a spec action of a service the catalog does not have'),
  'spec/unknown-action': v('a spec action the catalog does not have'),
  'spec/principal-not-in-model': v('a spec principal of a model account that the model lacks'),
  'spec/not-a-principal': v('a spec principal ARN that is no principal'),
  'spec/resource-not-in-model': v('a spec resource that is not in the model (checked without its policy)'),
  'spec/unresolved-variable': v(
    'a spec principal or resource with $-brace text: an input error (nothing substitutes it)',
  ),
};

/** The impact of a finding code; a code missing from the table counts as `verdict`. */
export function findingImpact(code: string): FindingImpact {
  return Object.hasOwn(FINDING_CODES, code) ? FINDING_CODES[code]!.impact : 'verdict';
}

/** True when a finding with this code could change a verdict (see the table above). */
export function couldChangeVerdict(code: string): boolean {
  return findingImpact(code) === 'verdict';
}
