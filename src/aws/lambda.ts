// Lambda facts both adapters share: the FunctionName forms the Lambda API accepts, and the
// policy statements AddPermission and AddLayerVersionPermission add to a function policy or a
// layer version policy. Handlers map their properties/attributes onto these fields. Also the
// function URL facts: the AuthType a call through a URL carries, whether Lambda rejects an
// unsigned call to it (`unsignedFunctionUrlCall`) and what a call through a URL needs besides
// `lambda:InvokeFunctionUrl` (`urlCallNeedsInvoke`), both applied by Engine.decideHere.

import { parseArn } from '../model/arns.js';
import type { FunctionUrl, Resource } from '../model/types.js';
import { unknownNamePart } from '../model/stand-ins.js';
import { isPartlyKnown, isUnknown, type Maybe, PartlyKnown, Unknown } from '../model/unknown.js';
import { ARN, type AwsEnvironment } from './arn-formats.js';

export interface FunctionTarget {
  functionArn: string;
  qualifiedArn: string;
  name: string;
  account: string;
  region: string;
  partition: string;
  qualifier: string | undefined;
}

/**
 * Splits a FunctionName as the Lambda API accepts it: a name, a partial ARN
 * (`123456789012:function:name`) or an ARN, optionally with a version or alias qualifier. The
 * pattern is the API's: `[arn:PARTITION:lambda:][REGION:][ACCOUNT:][function:]NAME[:QUALIFIER]`
 * (AWS Lambda API Reference, "AddPermission", FunctionName,
 * https://docs.aws.amazon.com/lambda/latest/api/API_AddPermission.html). What the value leaves out
 * comes from `defaults`. Undefined when the value is not of that form. A name the inputs leave
 * (partly) unknown holds `(unknown-…)` parts (src/model/stand-ins.ts `partlyKnownName`): each
 * stands for name characters, so such a name is of the form.
 */
export function parseFunctionName(value: string, defaults: AwsEnvironment): FunctionTarget | undefined {
  const m =
    /^(?:arn:(aws[a-zA-Z-]*):lambda:)?(?:([a-z]{2}(?:-gov|-iso[a-z]*)?-[a-z]+-\d):)?(?:(\d{12}):)?(?:function:)?((?:[a-zA-Z0-9_-]|\(unknown-[^():/]*\))+)(?::(\$LATEST|[a-zA-Z0-9_-]+))?$/.exec(
      value,
    );
  if (!m) return undefined;
  const env = {
    partition: m[1] ?? defaults.partition,
    region: m[2] ?? defaults.region,
    account: m[3] ?? defaults.account,
  };
  const name = m[4]!;
  const qualifier = m[5];
  const functionArn = ARN.function(env, name);
  return {
    functionArn,
    qualifiedArn: qualifier ? `${functionArn}:${qualifier}` : functionArn,
    name,
    account: env.account,
    region: env.region,
    partition: env.partition,
    qualifier,
  };
}

/**
 * A function's ARN with a qualifier the inputs leave unknown: a partly known value (src/model/
 * unknown.ts `PartlyKnown`) that is a function name or ARN, then `:`, then one unknown part (the
 * number of a version CloudFormation publishes, "Ref returns the ARN of the version, such as
 * arn:aws:lambda:us-west-2:123456789012:function:helloworld:1", CloudFormation Template
 * Reference, AWS::Lambda::Version; an alias name from a parameter). It names one of that
 * function's qualified ARNs: the function, and the qualifier unknown. Undefined for any other
 * value.
 */
export function functionOfUnknownQualifier(
  value: unknown,
  defaults: AwsEnvironment,
): (FunctionTarget & { qualifiedValue: PartlyKnown }) | undefined {
  if (!isPartlyKnown(value) || value.parts.length !== 2) return undefined;
  const [head, tail] = value.parts;
  if (typeof head !== 'string' || !head.endsWith(':') || typeof tail === 'string') return undefined;
  const target = parseFunctionName(head.slice(0, -1), defaults);
  if (!target || target.qualifier !== undefined) return undefined;
  return { ...target, qualifiedArn: `${target.functionArn}:${UNKNOWN_QUALIFIER}`, qualifiedValue: value };
}

/**
 * The ARN of a function's version or alias whose qualifier the inputs leave unknown (a Terraform
 * aws_lambda_permission `qualifier`, an AWS::Lambda::Url `Qualifier` from a parameter): the
 * function's ARN, `:`, then the unknown (one part, whatever the qualifier's own shape), which
 * `functionOfUnknownQualifier` and `qualifiedFunctionArns` read as one of that function's
 * qualified ARNs, never the unqualified function nor another function.
 */
export function unknownQualifierArn(functionArn: string, qualifier: Unknown): PartlyKnown {
  return new PartlyKnown([`${functionArn}:`, new Unknown(qualifier.reason, qualifier.source)], qualifier);
}

/**
 * The text standing for a qualifier the inputs leave unknown in a request ARN the matrix
 * evaluates (`qualifiedFunctionArns`): a policy Resource `FUNCTION:` + unknown may match it.
 */
const UNKNOWN_QUALIFIER = unknownNamePart('qualifier');

/**
 * A version or alias of function `functionArn` the inputs do not name (its qualifier an unknown
 * name part): a policy Resource over the function's qualified ARNs (`function:fn:*`) matches it,
 * one naming another qualifier only may. What a request on some qualified ARN is decided on, since
 * "Functions–Actions that operate on a function can be restricted to a specific function by
 * function, version, or alias ARN" (AWS Lambda Developer Guide, "Fine-tuning the Resources and
 * Conditions sections of policies").
 */
export function someQualifiedArn(functionArn: string): string {
  return `${functionArn}:${UNKNOWN_QUALIFIER}`;
}

/**
 * The ARN patterns of the functions whose policies a request on an ARN `pattern` matches may be
 * decided by: the pattern itself, and for a version- or alias-qualified ARN the function it
 * qualifies. A function's versions and aliases have no policy of their own apart from it: "The
 * scope of that permission depends on whether you apply it to an alias, a version, or the entire
 * function" (AWS Lambda Developer Guide, "Using Lambda aliases in event sources and permissions
 * policies"); AddPermission takes "The name or ARN of the Lambda function, version, or alias"
 * and adds the statement to that function's policy. A wildcard in the function name is cut there
 * (`function:w*e` may match `function:web:live`, whose function is `web`): every function whose
 * name starts like it. Patterns of other resources are returned as they are.
 */
export function functionPolicyPatterns(pattern: string): string[] {
  const m = /^(arn:[^:]*:lambda:[^:]*:[^:]*:function:)(.+)$/.exec(pattern);
  if (!m) return [pattern];
  const rest = m[2]!;
  const colon = rest.indexOf(':');
  const wild = rest.search(/[*?]/);
  let holder: string | undefined;
  if (wild >= 0 && (colon < 0 || wild < colon)) holder = `${m[1]}${rest.slice(0, wild)}*`;
  else if (colon >= 0) holder = `${m[1]}${rest.slice(0, colon)}`;
  return holder && holder !== pattern ? [pattern, holder] : [pattern];
}

/**
 * The version- and alias-qualified ARNs of a Lambda function that its policy or its function URLs
 * name (exact ARNs; sorted): each is a target of requests the function's unqualified ARN does not
 * stand for, since "If you use an alias name (such as helloworld:PROD), the permission allows you
 * to invoke the helloworld function using the alias ARN (helloworld:PROD). If you attempt to
 * invoke the function without an alias or a specific version, then you get a permission error"
 * (AWS Lambda Developer Guide, "Using Lambda aliases in event sources and permissions policies"),
 * and a URL of an alias is called on the alias ARN. A pattern, a variable or an unknown value
 * names no ARN here (an unknown Resource already matches requests on the function itself); the
 * function's ARN then `:` and an unknown qualifier (`functionOfUnknownQualifier`) names a stand-in
 * qualified ARN, on which such a statement is indeterminate.
 */
export function qualifiedFunctionArns(resource: Resource): string[] {
  if (resource.kind !== 'lambda-function') return [];
  const prefix = `${resource.arn}:`;
  const out = new Set<string>();
  const add = (v: unknown): void => {
    if (typeof v === 'string' && v.startsWith(prefix) && !/[*?]|\$\{/.test(v.slice(prefix.length)))
      out.add(v);
  };
  for (const st of resource.policy?.statements ?? [])
    for (const v of st.resource?.values ?? []) {
      add(v);
      // `FUNCTION:` + an unknown qualifier: some qualified ARN, decided on a stand-in one
      if (isPartlyKnown(v) && v.parts.length === 2 && v.parts[0] === prefix && typeof v.parts[1] !== 'string')
        out.add(`${prefix}${UNKNOWN_QUALIFIER}`);
    }
  for (const u of resource.functionUrls ?? [])
    if (typeof u.qualifier === 'string') add(`${prefix}${u.qualifier}`);
  return [...out].sort();
}

/**
 * The Principal element AddPermission writes for a principal parameter: `*` stays `*`, an
 * account id becomes its root ARN, an ARN is an AWS principal, anything else a service principal.
 * An unknown principal is an unknown Principal element: it may be any kind of principal (a
 * service, an account, `*`), so it must not be narrowed to `{AWS: ...}`.
 */
export function permissionPrincipal(principal: Maybe<string>, partition: string): unknown {
  if (isUnknown(principal)) return principal;
  if (principal === '*') return '*';
  if (/^\d{12}$/.test(principal)) return { AWS: `arn:${partition}:iam::${principal}:root` };
  if (principal.startsWith('arn:')) return { AWS: principal };
  return { Service: principal };
}

/** AddPermission's parameters; undefined means not given. */
export interface LambdaPermissionInput {
  statementId?: Maybe<string>;
  /** Required by the API; undefined is written as a missing principal (the parser reports it). */
  principal?: Maybe<string>;
  action?: Maybe<string>;
  /** The function (qualified when a version or alias is given). */
  resource: Maybe<string>;
  sourceArn?: Maybe<string>;
  sourceAccount?: Maybe<string>;
  principalOrgId?: Maybe<string>;
  functionUrlAuthType?: Maybe<string>;
  eventSourceToken?: Maybe<string>;
  /** `true` when the permission applies only to invocations through a function URL. */
  invokedViaFunctionUrl?: Maybe<string>;
}

/** Which input field each part of the statement comes from (for sources). */
export type PermissionOrigins = Record<string, keyof LambdaPermissionInput>;

/**
 * The statement AddPermission adds to the function policy: Allow `Action` on the function for the
 * principal, with `ArnLike AWS:SourceArn`, `StringEquals AWS:SourceAccount`,
 * `StringEquals aws:PrincipalOrgID`, `StringEquals lambda:FunctionUrlAuthType` and
 * `StringEquals lambda:EventSourceToken`, `Bool lambda:InvokedViaFunctionUrl` for the parameters given (AWS Lambda Developer Guide,
 * "Viewing resource-based IAM policies in Lambda" and "Granting Lambda function access to AWS
 * services", https://docs.aws.amazon.com/lambda/latest/dg/permissions-function-services.html).
 * `origins` maps JSON pointers inside the returned document to the input field they come from.
 */
export function lambdaPermissionDocument(
  input: LambdaPermissionInput,
  partition: string,
): { document: Record<string, unknown>; origins: PermissionOrigins } {
  const origins: PermissionOrigins = {
    '/Statement/0/Action': 'action',
    '/Statement/0/Principal': 'principal',
    '/Statement/0/Resource': 'resource',
  };
  const statement: Record<string, unknown> = {};
  if (input.statementId !== undefined) {
    statement.Sid = input.statementId;
    origins['/Statement/0/Sid'] = 'statementId';
  }
  statement.Effect = 'Allow';
  statement.Principal =
    input.principal === undefined ? null : permissionPrincipal(input.principal, partition);
  statement.Action = input.action ?? null;
  statement.Resource = input.resource;
  const condition: Record<string, Record<string, unknown>> = {};
  const add = (operator: string, key: string, field: keyof LambdaPermissionInput): void => {
    const v = input[field];
    if (v === undefined) return;
    condition[operator] = { ...(condition[operator] ?? {}), [key]: v };
    origins[`/Statement/0/Condition/${operator}/${key}`] = field;
  };
  add('ArnLike', 'AWS:SourceArn', 'sourceArn');
  add('StringEquals', 'AWS:SourceAccount', 'sourceAccount');
  add('StringEquals', 'aws:PrincipalOrgID', 'principalOrgId');
  add('StringEquals', 'lambda:FunctionUrlAuthType', 'functionUrlAuthType');
  add('StringEquals', 'lambda:EventSourceToken', 'eventSourceToken');
  // InvokedViaFunctionUrl: "Indicates whether the permission applies when the function is invoked
  // through a function URL" (AWS::Lambda::Permission, CloudFormation Template Reference); Lambda
  // writes it as `Bool lambda:InvokedViaFunctionUrl true`.
  const viaUrl = input.invokedViaFunctionUrl;
  if (isUnknown(viaUrl) || viaUrl === 'true')
    add('Bool', 'lambda:InvokedViaFunctionUrl', 'invokedViaFunctionUrl');
  if (Object.keys(condition).length) statement.Condition = condition;
  return { document: { Version: '2012-10-17', Statement: [statement] }, origins };
}

/** AddLayerVersionPermission's parameters. */
export interface LayerPermissionInput {
  statementId?: Maybe<string>;
  /** An account id or `*`. */
  principal: Maybe<string>;
  /** `lambda:GetLayerVersion` (the only action the API accepts). */
  action?: Maybe<string>;
  layerVersionArn: Maybe<string>;
  organizationId?: Maybe<string>;
}

/**
 * The statement AddLayerVersionPermission adds to a layer version's policy: Allow
 * `lambda:GetLayerVersion` on the layer version for an account (its root) or everyone (`*`),
 * limited to an organization with `StringEquals aws:PrincipalOrgID` when OrganizationId is given
 * (AWS Lambda API Reference, "AddLayerVersionPermission",
 * https://docs.aws.amazon.com/lambda/latest/api/API_AddLayerVersionPermission.html: "Adds
 * permissions to the resource-based policy of a version of an AWS Lambda layer ... To grant
 * permission to all accounts in an organization, specify an organization ID").
 */
export function layerPermissionDocument(
  input: LayerPermissionInput,
  partition: string,
): { document: Record<string, unknown>; origins: Record<string, keyof LayerPermissionInput> } {
  const origins: Record<string, keyof LayerPermissionInput> = {
    '/Statement/0/Principal': 'principal',
    '/Statement/0/Action': 'action',
    '/Statement/0/Resource': 'layerVersionArn',
  };
  const statement: Record<string, unknown> = {};
  if (input.statementId !== undefined) statement.Sid = input.statementId;
  statement.Effect = 'Allow';
  statement.Principal = permissionPrincipal(input.principal, partition);
  statement.Action = input.action ?? 'lambda:GetLayerVersion';
  statement.Resource = input.layerVersionArn;
  if (input.organizationId !== undefined) {
    statement.Condition = { StringEquals: { 'aws:PrincipalOrgID': input.organizationId } };
    origins['/Statement/0/Condition/StringEquals/aws:PrincipalOrgID'] = 'organizationId';
  }
  return { document: { Version: '2012-10-17', Statement: [statement] }, origins };
}

// ---------------------------------------------------------------------------------------
// Function URLs (AWS Lambda Developer Guide, "Control access to Lambda function URLs",
// https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html)

/** The AuthType values of a function URL (AWS Lambda API Reference, "FunctionUrlConfig"). */
export const FUNCTION_URL_AUTH_TYPES: readonly string[] = ['NONE', 'AWS_IAM'];

/** The action a caller needs to call a function URL. */
export const INVOKE_FUNCTION_URL = 'lambda:invokefunctionurl';
/** The action every invocation needs, through a function URL or not. */
export const INVOKE_FUNCTION = 'lambda:invokefunction';

/** `lambda:InvokedViaFunctionUrl`, lowercased as the engine keys context keys. */
export const INVOKED_VIA_FUNCTION_URL_KEY = 'lambda:invokedviafunctionurl';
/** `lambda:FunctionUrlAuthType`, lowercased. */
export const FUNCTION_URL_AUTH_TYPE_KEY = 'lambda:functionurlauthtype';

/** The qualifier (version or alias) of a function ARN, or undefined for the unqualified function. */
function qualifierOfArn(arn: string): string | undefined {
  const parts = parseArn(arn)?.resource.split(':') ?? [];
  return parts[0] === 'function' && parts.length > 2 ? parts.slice(2).join(':') : undefined;
}

/** The function URLs of a function resource that a request on `arn` (qualified or not) goes to. */
export function functionUrlsFor(
  urls: readonly FunctionUrl[] | undefined,
  arn: string,
): { known: FunctionUrl[]; undecided: boolean } {
  const q = qualifierOfArn(arn);
  const known: FunctionUrl[] = [];
  let undecided = false;
  for (const u of urls ?? []) {
    if (isUnknown(u.qualifier)) undecided = true;
    else if (u.qualifier === q) known.push(u);
  }
  return { known, undecided };
}

/**
 * The value of `lambda:FunctionUrlAuthType` in a `lambda:InvokeFunctionUrl` request on `arn`,
 * when the inputs pin it: the request goes through the URL of that function or alias, whose
 * AuthType is known and which certainly exists. "If your function has a function URL, you can
 * specify the FunctionUrlAuthType parameter. This adds a condition to your permission that only
 * applies when your function URL's AuthType matches the specified FunctionUrlAuthType"
 * (CloudFormation Template Reference, AWS::Lambda::Permission). Undefined when not pinned (no URL
 * in the inputs: one may be made outside them; an unknown AuthType, qualifier or presence).
 */
export function functionUrlAuthTypeOf(
  urls: readonly FunctionUrl[] | undefined,
  arn: string,
): string | undefined {
  const { known, undecided } = functionUrlsFor(urls, arn);
  if (undecided || known.length !== 1) return undefined;
  const u = known[0]!;
  return u.presence || isUnknown(u.authType) ? undefined : u.authType;
}

/**
 * The statements the Terraform AWS provider adds to the function policy when it creates an
 * `aws_lambda_function_url` with `authorization_type = "NONE"`: `FunctionURLAllowPublicAccess`
 * (Allow `*` `lambda:InvokeFunctionUrl` when `lambda:FunctionUrlAuthType` is `NONE`), and, from
 * the provider versions that know `invoked_via_function_url` (hashicorp/terraform-provider-aws
 * pull request 44858), `FunctionURLAllowInvokeAction` (Allow `*` `lambda:InvokeFunction` when
 * `lambda:InvokedViaFunctionUrl` is true). The provider version is not in the inputs, so the
 * second statement is marked `maybe` (the caller gives it a presence).
 */
export function publicFunctionUrlPermissions(
  resource: Maybe<string>,
): { input: LambdaPermissionInput; maybe: boolean }[] {
  return [
    {
      input: {
        statementId: 'FunctionURLAllowPublicAccess',
        principal: '*',
        action: 'lambda:InvokeFunctionUrl',
        resource,
        functionUrlAuthType: 'NONE',
      },
      maybe: false,
    },
    {
      input: {
        statementId: 'FunctionURLAllowInvokeAction',
        principal: '*',
        action: 'lambda:InvokeFunction',
        resource,
        invokedViaFunctionUrl: 'true',
      },
      maybe: true,
    },
  ];
}

/**
 * Whether Lambda rejects an unsigned (anonymous) call to the function URL of `arn` before any
 * policy is read. "AWS_IAM – Lambda uses AWS Identity and Access Management (IAM) to authenticate
 * and authorize requests ... Choose this option if you want only authenticated users and roles to
 * invoke your function via the function URL"; "NONE – Lambda doesn't perform any authentication
 * before invoking your function" (AWS Lambda Developer Guide, "Control access to Lambda function
 * URLs", https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html). `rejected` when the URL
 * the call goes to certainly exists with AuthType AWS_IAM; `maybe` when it may (an unknown
 * AuthType or qualifier, a URL that might not exist, several URLs for one target); undefined when
 * the policies decide (a NONE URL, or no URL in the inputs: one may be made outside them).
 */
export function unsignedFunctionUrlCall(
  urls: readonly FunctionUrl[] | undefined,
  arn: string,
): 'rejected' | 'maybe' | undefined {
  if (!urls?.length) return undefined;
  const { known, undecided } = functionUrlsFor(urls, arn);
  const candidates = undecided ? urls.filter((u) => isUnknown(u.qualifier) || known.includes(u)) : known;
  if (!candidates.some((u) => u.authType !== 'NONE')) return undefined;
  const only = candidates.length === 1 && !undecided ? candidates[0]! : undefined;
  return only && !only.presence && only.authType === 'AWS_IAM' ? 'rejected' : 'maybe';
}

/**
 * Whether the URL a `lambda:InvokeFunctionUrl` request on `arn` goes to is certainly one the
 * inputs' deployment creates (`FunctionUrl.created`): the only URL of that function or alias,
 * which certainly exists. A function or alias has one URL at most (CreateFunctionUrlConfig
 * fails with ResourceConflictException when it has one), so no older URL takes the call.
 */
export function urlCertainlyNew(urls: readonly FunctionUrl[] | undefined, arn: string): boolean {
  const { known, undecided } = functionUrlsFor(urls, arn);
  const only = known.length === 1 && !undecided ? known[0]! : undefined;
  return only?.created === true && !only.presence;
}

/**
 * Since October 2025 a call through a function URL also needs `lambda:InvokeFunction`: "Starting
 * in October 2025, new function URLs will require both lambda:InvokeFunctionUrl and
 * lambda:InvokeFunction permissions" (AWS Lambda Developer Guide, "Control access to Lambda
 * function URLs", https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html); the call is a
 * `lambda:InvokeFunction` request with `lambda:InvokedViaFunctionUrl` true (`viaUrlContext`).
 * When the URL is certainly new (`urlCertainlyNew`: a Terraform plan creates it) a call whose
 * `lambda:InvokeFunction` is denied is denied. Otherwise the inputs do not say when the URL was
 * made, so such a call is possible only through a URL made before then: indeterminate, never
 * allowed. One whose `lambda:InvokeFunction` is indeterminate is at most indeterminate. `url` is
 * the decision of the `lambda:InvokeFunctionUrl` request alone (not a deny), `invoke` that of the
 * `lambda:InvokeFunction` request through the URL.
 */
export function urlCallNeedsInvoke(
  url: 'allow' | 'indeterminate',
  invoke: 'allow' | 'deny' | 'indeterminate',
  isNew = false,
): { decision: 'allow' | 'deny' | 'indeterminate'; why?: string } {
  if (invoke === 'allow') return { decision: url };
  if (invoke === 'deny' && isNew)
    return {
      decision: 'deny',
      why: 'a call through the function URL also needs lambda:InvokeFunction ("Starting in October 2025, new function URLs will require both lambda:InvokeFunctionUrl and lambda:InvokeFunction permissions", AWS Lambda Developer Guide, "Control access to Lambda function URLs"), which the policies do not grant, and the URL is new: this Terraform plan creates it',
    };
  return {
    decision: 'indeterminate',
    why:
      invoke === 'deny'
        ? `a call through the function URL also needs lambda:InvokeFunction ("Starting in October 2025, new function URLs will require both lambda:InvokeFunctionUrl and lambda:InvokeFunction permissions", AWS Lambda Developer Guide, "Control access to Lambda function URLs"), which the policies do not grant: the call is possible only through a URL made before October 2025, and the inputs do not say when it was made`
        : 'a call through the function URL also needs lambda:InvokeFunction (URLs made since October 2025), which the policies may or may not grant',
  };
}

/** The request context of the `lambda:InvokeFunction` request a call through a function URL makes. */
export function viaUrlContext<T extends Record<string, unknown>>(context: T | undefined): T {
  return { ...(context ?? ({} as T)), [INVOKED_VIA_FUNCTION_URL_KEY]: 'true' };
}

/**
 * Whether `context` (a request's, keys in any case) says the call goes through a function URL
 * (`lambda:InvokedViaFunctionUrl` true).
 */
function viaUrlPinnedTrue(context: Readonly<Record<string, unknown>> | undefined): boolean {
  for (const [k, v] of Object.entries(context ?? {}))
    if (k.toLowerCase() === INVOKED_VIA_FUNCTION_URL_KEY)
      return (Array.isArray(v) ? v : [v]).some((x) => String(x).toLowerCase() === 'true');
  return false;
}

/**
 * Whether an anonymous `lambda:InvokeFunction` request is a direct call of the Invoke API, which
 * an anonymous caller cannot make: an AWS API request is signed with the caller's credentials
 * ("When you send API requests to AWS, you sign the requests so that AWS can identify who sent
 * them", IAM User Guide, "AWS Signature Version 4 for API requests"); anonymous callers reach a
 * function only through a function URL with AuthType NONE ("NONE – Lambda doesn't perform any
 * authentication before invoking your function", "Control access to Lambda function URLs"),
 * whose call carries `lambda:InvokedViaFunctionUrl` true. Only when the request's context is the
 * whole context (strict evaluation): with free keys the call may go through a URL.
 */
export function anonymousDirectInvoke(
  actionLower: string,
  context: Readonly<Record<string, unknown>> | undefined,
): boolean {
  return actionLower === INVOKE_FUNCTION && !viaUrlPinnedTrue(context);
}
