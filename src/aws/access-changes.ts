// Which IAM actions change who may do what, and what each may change, when something runs them at
// deployment time where the inputs do not show the result (a CDK AwsCustomResource's SDK call,
// the code of a Lambda-backed custom resource, `aws_lambda_invocation`, a `local-exec` AWS CLI
// command): the one rule aws/sdk-calls.ts, aws/deploy-time-changes.ts and the adapters share.
// - An action of the catalog's "Permissions management" level (a policy written or attached, a
//   grant), or an IAM, Organizations or IAM Identity Center action that is not a read or a list
//   (a user, role or access key created, a tag a policy may read), may change access; an action
//   the catalog does not know may do anything.
// - What it changes: `iam:UpdateAssumeRolePolicy` rewrites a role's trust policy ("Updates the
//   policy that grants an IAM entity permission to assume a role", IAM API Reference,
//   UpdateAssumeRolePolicy), so who may assume a role becomes unknown; other IAM, Organizations and
//   Identity Center writes change principals (their policies, boundaries, groups: a boundary put
//   or removed, `iam:PutRolePermissionsBoundary`, is an unknown policy that may allow or deny);
//   any other service's writes change resource-based policies: of the kinds whose policy the
//   action writes (aws/policy-writers.ts: `s3:PutBucketPolicy` a bucket's, `kms:CreateGrant` a
//   key's; a writer there changes access whatever its catalog access level, as
//   `kinesis:PutResourcePolicy` and `es:UpdateDomainConfig` are `Write`), or of every kind when
//   the action writes none of them (`s3:PutBucketAcl`).
// - A CloudFormation resource type created where iamspec does not model it (an
//   `aws_cloudcontrolapi_resource`): an IAM, Organizations or Identity Center type changes
//   principals and trust; a type that holds a resource policy (aws/resource-policies.ts) the
//   policies of that kind; another type whose properties hold a policy document (a `Statement`),
//   or whose properties are unknown, any resource policy; other types change nothing.
// - Bounded by Resource (`narrowAccessChange`): an action whose resource is the element it changes
//   (`iam:PutRolePolicy` on a role: that role's policies; `iam:UpdateAssumeRolePolicy`: that role's
//   trust; a resource-policy writer whose kinds' ARNs are of the action's service,
//   `s3:PutBucketPolicy` on a bucket: that bucket's policy) changes only the elements whose ARN
//   the statement's Resource patterns match (IAM User Guide, "IAM JSON policy elements:
//   Resource": "The Resource element specifies the object or objects that the statement
//   applies to."). `*`, a policy variable or an unknown value: every element of the kind.
// - Bounded by the call's parameters (`narrowAccessChangeByParameters`: a CDK AwsCustomResource
//   call, an AWS CLI command) the same way: the parameter that names the element the action acts
//   on (IAM API Reference, PutRolePolicy `RoleName`: "The name of the role to associate the policy
//   with."; PutUserPolicy `UserName`: "The name of the user to associate the policy with."; Amazon
//   S3 API Reference, PutBucketPolicy `Bucket`: "The name of the bucket."; the resource-policy
//   writers of SNS, Lambda and KMS: `TopicArn`, `FunctionName`, `KeyId`, `RESOURCE_NAMING`) gives
//   the Resource pattern (`arn:aws:iam::ACCOUNT:role/NAME`, and `role/*/NAME` for a role with a
//   path; the bucket's ARN; the topic's, function's or key's ARN); a parameter not given or not
//   known (or a KMS alias): every element.

import { parseArn } from '../model/arns.js';
import { accessLevelOf } from '../catalog/actions.js';
import type { ResourceKind } from '../model/types.js';
import { isUnknown, type Maybe } from '../model/unknown.js';
import { POLICY_WRITERS, writesResourcePolicy } from './policy-writers.js';
import { functionPolicyPatterns } from './lambda.js';
import { GRANT_KEY_MAY_BE_ELSEWHERE } from './kms.js';
import { describeResourcePolicy, RESOURCE_POLICIES } from './resource-policies.js';

/** What a deploy-time action may change; `resourceKinds` undefined means every kind. */
export interface AccessChange {
  principals: boolean;
  trust: boolean;
  resources: boolean;
  resourceKinds?: readonly ResourceKind[];
  /** ARN patterns bounding the principals whose policies change; undefined: every one. */
  principalArns?: readonly string[];
  /** ARN patterns bounding the roles whose trust changes; undefined: every one. */
  trustArns?: readonly string[];
  /** ARN patterns bounding the resources whose policy changes; undefined: every one. */
  resourceArns?: readonly string[];
  /**
   * A Lambda function URL may be created or its AuthType changed (`FUNCTION_URL_WRITES`, or
   * anything), on the functions `resourceArns` bounds (with `resources` and `lambda-function`).
   */
  functionUrls?: boolean;
  /**
   * Kinds (among those it changes) whose policy it may write on a resource of another account
   * although the kind's own policy API may not (`targetMayBeElsewhere` unset): a KMS grant
   * (`WRITES_ELSEWHERE`). The kinds whose policy API may name another account's resource always
   * may (aws/deploy-time-changes.ts).
   */
  grantsElsewhere?: readonly ResourceKind[];
}

/** Everything: an action the catalog does not know, code whose calls are not known. */
export const ANY_ACCESS_CHANGE: AccessChange = Object.freeze({
  principals: true,
  trust: true,
  resources: true,
  functionUrls: true,
  grantsElsewhere: ['kms-key'] as readonly ResourceKind[],
});

/**
 * The writes that may set a policy on another account's resource of a kind whose own policy API
 * may not: `kms:CreateGrant` (aws/kms.ts `GRANT_KEY_MAY_BE_ELSEWHERE`: "Cross-account use: Yes",
 * where PutKeyPolicy says "Cross-account use: No").
 */
const WRITES_ELSEWHERE: Readonly<Record<string, ResourceKind>> = { 'kms:CreateGrant': 'kms-key' };

/**
 * Why `change` may write the policy of a resource of `kind` in another account (undefined: it may
 * not): the kind's policy API may name one (`targetMayBeElsewhere`), or the change may make a
 * grant on it (`grantsElsewhere`).
 */
export function writesElsewhere(change: AccessChange, kind: ResourceKind): string | undefined {
  return (
    describeResourcePolicy(kind)?.targetMayBeElsewhere ??
    (change.grantsElsewhere?.includes(kind) ? GRANT_KEY_MAY_BE_ELSEWHERE : undefined)
  );
}

/**
 * The writes of a function URL's AuthType: Lambda API Reference, CreateFunctionUrlConfig:
 * "Creates a Lambda function URL with the specified configuration parameters. A function URL is a
 * dedicated HTTP(S) endpoint that you can use to invoke your function."; AuthType: "Set to NONE if
 * you want to bypass IAM authentication to create a public endpoint." UpdateFunctionUrlConfig:
 * "Updates the configuration for a Lambda function URL." No policy is written (the catalog level
 * is `Write`), but an unsigned call to the function is no longer rejected before its policy is
 * read (aws/lambda.ts `unsignedFunctionUrlCall`).
 */
const FUNCTION_URL_WRITES = new Set(['lambda:CreateFunctionUrlConfig', 'lambda:UpdateFunctionUrlConfig']);

const PRINCIPAL_SERVICES = new Set(['iam', 'organizations', 'sso', 'identitystore']);

/** The trust-policy writers (IAM API Reference, UpdateAssumeRolePolicy). */
const TRUST_WRITES = new Set(['iam:UpdateAssumeRolePolicy']);

/**
 * The writes of IAM identity providers (IAM API Reference, CreateOpenIDConnectProvider: "Creates
 * an IAM entity to describe an identity provider (IdP) that supports OpenID Connect (OIDC). The
 * OIDC provider that you create with this operation can be used as a principal in a role's trust
 * policy."; CreateSAMLProvider likewise). They write no policy: a trust policy naming a provider
 * is decided as written whether or not the provider exists, whatever its client IDs and
 * thumbprints (engine/principal.ts takes any `oidc-provider/` or `saml-provider/` ARN as a
 * federated principal), so no decision depends on them. These are the actions CDK's
 * OpenIdConnectProvider function role is given. Tagging a provider is not among them.
 */
const IDENTITY_PROVIDER_WRITES = new Set([
  'iam:CreateOpenIDConnectProvider',
  'iam:DeleteOpenIDConnectProvider',
  'iam:UpdateOpenIDConnectProviderThumbprint',
  'iam:AddClientIDToOpenIDConnectProvider',
  'iam:RemoveClientIDFromOpenIDConnectProvider',
  'iam:CreateSAMLProvider',
  'iam:UpdateSAMLProvider',
  'iam:DeleteSAMLProvider',
]);

/**
 * What `action` (`iam:AttachRolePolicy`, as the catalog spells it) may change when run at
 * deployment; undefined when it changes no access (a read, a data write such as
 * `ssm:PutParameter`). `undefined` for `action` (the catalog does not know it): anything.
 */
export function accessChangeOf(action: string | undefined): AccessChange | undefined {
  if (action === undefined) return ANY_ACCESS_CHANGE;
  const level = accessLevelOf(action);
  if (level === undefined) return ANY_ACCESS_CHANGE;
  if (IDENTITY_PROVIDER_WRITES.has(action)) return undefined;
  if (FUNCTION_URL_WRITES.has(action))
    return {
      principals: false,
      trust: false,
      resources: true,
      resourceKinds: ['lambda-function'],
      functionUrls: true,
    };
  const prefix = action.slice(0, action.indexOf(':')).toLowerCase();
  const principalService = PRINCIPAL_SERVICES.has(prefix);
  // A resource-policy writer whatever the catalog's access level (kinesis:PutResourcePolicy and
  // es:UpdateDomainConfig are `Write`).
  const changes =
    level === 'Permissions management' ||
    (principalService && level !== 'Read' && level !== 'List') ||
    writesResourcePolicy(action);
  if (!changes) return undefined;
  if (TRUST_WRITES.has(action)) return { principals: false, trust: true, resources: false };
  if (principalService) return { principals: true, trust: false, resources: false };
  const kinds = (Object.keys(POLICY_WRITERS) as ResourceKind[]).filter((k) =>
    POLICY_WRITERS[k]!.writes.includes(action),
  );
  const elsewhere = WRITES_ELSEWHERE[action];
  return {
    principals: false,
    trust: false,
    resources: true,
    ...(kinds.length ? { resourceKinds: kinds } : {}),
    ...(elsewhere ? { grantsElsewhere: [elsewhere] } : {}),
  };
}

/**
 * The principal writes whose resource is the principal whose policies change (IAM Service
 * Authorization Reference, "Actions defined by AWS Identity and Access Management": their
 * resource type is `role` or `user`). Others (a group's policy reaches its members, a managed
 * policy's version its holders, tags the conditions of other policies) are not bounded.
 */
const SELF_PRINCIPAL_WRITES = new Set([
  'iam:PutRolePolicy',
  'iam:AttachRolePolicy',
  'iam:DeleteRolePolicy',
  'iam:DetachRolePolicy',
  'iam:PutRolePermissionsBoundary',
  'iam:DeleteRolePermissionsBoundary',
  'iam:PutUserPolicy',
  'iam:AttachUserPolicy',
  'iam:DeleteUserPolicy',
  'iam:DetachUserPolicy',
  'iam:PutUserPermissionsBoundary',
  'iam:DeleteUserPermissionsBoundary',
]);

const ENV = { partition: 'aws', account: '000000000000', region: 'us-east-1' };

/** Whether each of `kinds` has ARNs of `service` (the action's resource is the resource itself). */
function kindsOfService(kinds: readonly ResourceKind[], service: string): boolean {
  return kinds.every((k) => {
    const d = RESOURCE_POLICIES.find((x) => x.kind === k);
    return d !== undefined && parseArn(d.arn(ENV, 'x'))?.service === service;
  });
}

/**
 * `change` (what `action` may change) bounded by the Resource patterns of the statement that
 * allows it (see the module comment); `change` itself when they do not bound it.
 */
export function narrowAccessChange(
  action: string,
  change: AccessChange,
  patterns: readonly Maybe<string>[] | undefined,
): AccessChange {
  if (!patterns?.length || change === ANY_ACCESS_CHANGE) return change;
  const arns: string[] = [];
  for (const p of patterns) {
    if (typeof p !== 'string' || p === '*' || p.includes('${') || !p.startsWith('arn:')) return change;
    arns.push(p);
  }
  const service = action.slice(0, action.indexOf(':')).toLowerCase();
  if (change.trust && !change.principals && !change.resources && TRUST_WRITES.has(action))
    return { ...change, trustArns: arns };
  if (change.principals && !change.trust && !change.resources && SELF_PRINCIPAL_WRITES.has(action))
    return { ...change, principalArns: arns };
  if (
    change.resources &&
    !change.principals &&
    !change.trust &&
    change.resourceKinds &&
    kindsOfService(change.resourceKinds, service)
  )
    // A request on a function version or alias writes the function's policy (`functionPolicyPatterns`).
    return { ...change, resourceArns: [...new Set(arns.flatMap(functionPolicyPatterns))] };
  return change;
}

/** A plain name (no path, no ARN): the IAM and S3 naming parameters take only these. */
function plainName(value: string): boolean {
  return !value.includes('/') && !value.includes(':');
}

/** The ARN of a resource of `service` named in full (`arn:PARTITION:SERVICE:REGION:ACCOUNT:...`). */
function fullArn(value: string, service: string): boolean {
  return new RegExp(`^arn:[a-z-]+:${service}:[a-z0-9-]*:\\d{12}:[^*?$]+$`).test(value);
}

type Env = { partition: string; account: string };

/**
 * The parameter naming the element an action acts on, and the ARN patterns of its value
 * (undefined: a value that names no element iamspec can pin, such as a KMS alias).
 */
interface NamingParameter {
  parameter: string;
  arns: (value: string) => string[] | undefined;
}

/**
 * The naming parameters of the resource-policy writers, by action (see the module comment for the
 * IAM and S3 ones). A value given as an ARN is that ARN; a name or key id is in the call's
 * account, in any Region (the call's Region may be another: `--region`).
 * - SNS API Reference, SetTopicAttributes `TopicArn`: "The ARN of the topic to modify.";
 *   AddPermission `TopicArn`: "The ARN of the topic whose access control policy you wish to
 *   modify."
 * - Lambda API Reference, AddPermission `FunctionName`: "The name or ARN of the Lambda function,
 *   version, or alias." ... "Function name – my-function (name-only), my-function:v1 (with alias).
 *   Function ARN – arn:aws:lambda:us-west-2:123456789012:function:my-function. Partial ARN –
 *   123456789012:function:my-function. You can append a version number or alias to any of the
 *   formats.": the function's ARN and its qualified ARNs (`:*`).
 * - AWS KMS API Reference, PutKeyPolicy `KeyId`: "Sets the key policy on the specified KMS key.
 *   Specify the key ID or key ARN of the KMS key."; CreateGrant `KeyId`: "Specify the key ID or
 *   key ARN of the KMS key. To specify a KMS key in a different AWS account, you must use the key
 *   ARN." (an alias names no key here: unbounded).
 */
const RESOURCE_NAMING: Readonly<Record<string, (env: Env) => NamingParameter>> = {
  'sns:SetTopicAttributes': () => topicArn,
  'sns:AddPermission': () => topicArn,
  'lambda:AddPermission': (env) => ({
    parameter: 'FunctionName',
    arns: (value) => {
      const m =
        /^(?:(?:arn:([a-z-]+):lambda:([a-z0-9-]+):)?(\d{12}):function:)?([A-Za-z0-9_-]+)(?::[A-Za-z0-9_$-]+)?$/.exec(
          value,
        );
      if (!m) return undefined;
      const base = `arn:${m[1] ?? env.partition}:lambda:${m[2] ?? '*'}:${m[3] ?? env.account}:function:${m[4]}`;
      return [base, `${base}:*`];
    },
  }),
  'kms:PutKeyPolicy': (env) => keyId(env),
  'kms:CreateGrant': (env) => keyId(env),
};

const topicArn: NamingParameter = {
  parameter: 'TopicArn',
  arns: (value) =>
    fullArn(value, 'sns') && !value.slice(value.lastIndexOf(':')).includes('/') ? [value] : undefined,
};

function keyId(env: Env): NamingParameter {
  return {
    parameter: 'KeyId',
    arns: (value) => {
      if (fullArn(value, 'kms')) return /:key\/[^/]+$/.test(value) ? [value] : undefined;
      return /^[A-Za-z0-9-]+$/.test(value)
        ? [`arn:${env.partition}:kms:*:${env.account}:key/${value}`]
        : undefined;
    },
  };
}

/** The parameter naming the element an action acts on, and the ARN patterns of its value. */
function namingParameter(action: string, env: Env): NamingParameter | undefined {
  const iam = (kind: 'role' | 'user') => (name: string) =>
    plainName(name)
      ? [
          `arn:${env.partition}:iam::${env.account}:${kind}/${name}`,
          `arn:${env.partition}:iam::${env.account}:${kind}/*/${name}`,
        ]
      : undefined;
  if (TRUST_WRITES.has(action) || (SELF_PRINCIPAL_WRITES.has(action) && action.includes('Role')))
    return { parameter: 'RoleName', arns: iam('role') };
  if (SELF_PRINCIPAL_WRITES.has(action)) return { parameter: 'UserName', arns: iam('user') };
  if (action.startsWith('s3:') && action.includes('Bucket'))
    return {
      parameter: 'Bucket',
      arns: (name) => (plainName(name) ? [`arn:${env.partition}:s3:::${name}`] : undefined),
    };
  return RESOURCE_NAMING[action]?.(env);
}

/**
 * `change` (what `action` may change) bounded by the parameters of the call that runs it (an SDK
 * call's `parameters`, an AWS CLI command's options as `RoleName`); see the module comment.
 * `change` itself when the naming parameter is absent or not a known string.
 */
export function narrowAccessChangeByParameters(
  action: string,
  change: AccessChange,
  parameters: unknown,
  env: Env,
): AccessChange {
  const naming = namingParameter(action, env);
  if (!naming || typeof parameters !== 'object' || parameters === null || isUnknown(parameters))
    return change;
  const value = (parameters as Record<string, unknown>)[naming.parameter];
  const arns = typeof value === 'string' && value !== '' ? naming.arns(value) : undefined;
  return arns ? narrowAccessChange(action, change, arns) : change;
}

/** The union of two bounds: undefined (every element) when either is. */
function unionArns(
  inA: boolean,
  inB: boolean,
  a: readonly string[] | undefined,
  b: readonly string[] | undefined,
): readonly string[] | undefined {
  if (inA && inB) return a && b ? [...new Set([...a, ...b])] : undefined;
  return inA ? a : inB ? b : undefined;
}

/** The union of two changes (undefined: none). */
export function unionAccessChange(
  a: AccessChange | undefined,
  b: AccessChange | undefined,
): AccessChange | undefined {
  if (!a) return b;
  if (!b) return a;
  const kinds =
    a.resources && b.resources
      ? a.resourceKinds && b.resourceKinds
        ? [...new Set([...a.resourceKinds, ...b.resourceKinds])]
        : undefined
      : a.resources
        ? a.resourceKinds
        : b.resourceKinds;
  const principalArns = unionArns(a.principals, b.principals, a.principalArns, b.principalArns);
  const trustArns = unionArns(a.trust, b.trust, a.trustArns, b.trustArns);
  const resourceArns = unionArns(a.resources, b.resources, a.resourceArns, b.resourceArns);
  const grantsElsewhere = [...new Set([...(a.grantsElsewhere ?? []), ...(b.grantsElsewhere ?? [])])];
  return {
    principals: a.principals || b.principals,
    trust: a.trust || b.trust,
    resources: a.resources || b.resources,
    ...(kinds ? { resourceKinds: kinds } : {}),
    ...(principalArns ? { principalArns } : {}),
    ...(trustArns ? { trustArns } : {}),
    ...(resourceArns ? { resourceArns } : {}),
    ...(a.functionUrls || b.functionUrls ? { functionUrls: true } : {}),
    ...(grantsElsewhere.length ? { grantsElsewhere } : {}),
  };
}

/** What a change reaches, in words: "identity policies, trust policies and resource policies". */
export function accessChangeWords(c: AccessChange): string {
  const parts: string[] = [];
  const among = (arns: readonly string[] | undefined) => (arns ? ` (${arns.join(', ')})` : '');
  if (c.principals) parts.push(`users' and roles' policies${among(c.principalArns)}`);
  if (c.trust) parts.push(`roles' trust policies${among(c.trustArns)}`);
  if (c.resources)
    parts.push(
      `${c.resourceKinds ? `the policies of ${c.resourceKinds.join(', ')} resources` : 'resource policies'}${among(c.resourceArns)}`,
    );
  return parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
}

/** Whether a value holds something shaped like a policy document (a `Statement`). */
function holdsPolicy(v: unknown, depth = 0): boolean {
  if (depth > 32) return true;
  if (typeof v === 'string') return /"Statement"\s*:/.test(v);
  if (Array.isArray(v)) return v.some((x) => holdsPolicy(x, depth + 1));
  if (typeof v === 'object' && v !== null)
    return 'Statement' in v || Object.values(v).some((x) => holdsPolicy(x, depth + 1));
  return false;
}

/**
 * What a resource of CloudFormation type `type` with properties `props` (an Unknown when not
 * known) may change when iamspec does not model it; undefined when it carries no access.
 */
export function accessChangeOfCfnType(type: string, props: unknown): AccessChange | undefined {
  if (/^AWS::(IAM|Organizations|SSO|IdentityStore)::/.test(type))
    return { principals: true, trust: true, resources: false };
  const kinds = RESOURCE_POLICIES.filter((d) => !d.narrowsOnly && d.cfn.some((c) => c.type === type)).map(
    (d) => d.kind,
  );
  if (kinds.length) return { principals: false, trust: false, resources: true, resourceKinds: kinds };
  const unknownProps = typeof props !== 'object' || props === null || isUnknown(props);
  if (unknownProps || holdsPolicy(props)) return { principals: false, trust: false, resources: true };
  return undefined;
}
