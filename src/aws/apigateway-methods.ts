// What an API Gateway method or route lets its callers do, both adapters' and the review's one
// reading of it: who may call it by its authorization type (`methodCallers`), and what AWS does
// for them by its integration (`integrationTarget`): act with the integration's credentials role
// for a service action, or run a Lambda function. The review's finding is
// analysis/risk-api-methods.ts's.
//
// Amazon API Gateway Developer Guide and API Reference:
// - authorization types (x-amazon-apigateway-auth, https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-swagger-extensions-auth.html):
//   "Specify \"NONE\" for open access. Specify \"AWS_IAM\" to use IAM permissions. Values are case
//   insensitive."; the CDK's AuthorizationType names the others: "CUSTOM | Use a custom
//   authorizer.", "COGNITO | Use an AWS Cognito user pool." (COGNITO_USER_POOLS); HTTP APIs add
//   JWT authorizers. A custom, Cognito or JWT authorizer lets in only the callers it accepts (a
//   token it validates, a policy a Lambda function returns): not anonymous callers by itself.
// - integration credentials (Integration.credentials, API Reference): "Specifies the credentials
//   required for the integration, if any. For AWS integrations, three options are available. To
//   specify an IAM Role for API Gateway to assume, use the role's Amazon Resource Name (ARN). To
//   require that the caller's identity be passed through from the request, specify the string
//   arn:aws:iam::\*:user/\*. To use resource-based permissions on supported Amazon Web Services
//   services, specify null."
// - AWS service integration URIs (CDK AwsIntegrationProps, after the API Reference's
//   `arn:aws:apigateway:{region}:{subdomain.service|service}:path|action/{service_api}`):
//   "action: The AWS action to perform in the integration"; "path: The path to use for path-base
//   APIs. For example, for S3 GET, you can set path to bucket/key. For lambda, you can set path to
//   2015-03-31/functions/${function-arn}/invocations".
// - HTTP API AWS service integrations name the action by `IntegrationSubtype` (`SQS-SendMessage`,
//   "Integration subtype reference", https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-aws-services-reference.html).

import type { ApiIntegration } from '../model/types.js';
import { callerFieldsOf, pathStyleAction } from './apigateway-integration-targets.js';
import { isPartlyKnown, isUnknown, type Maybe, Unknown } from '../model/unknown.js';

/** Who may call a method: anyone (`NONE`), IAM-signed callers, or whom an authorizer accepts. */
export type MethodCallers = 'anyone' | 'aws-iam' | 'authorizer';

const CALLERS: Readonly<Record<string, MethodCallers>> = {
  none: 'anyone',
  aws_iam: 'aws-iam',
  custom: 'authorizer',
  cognito_user_pools: 'authorizer',
  jwt: 'authorizer',
};

/**
 * Who may call a method of authorization type `authorization` (case insensitive, as documented);
 * Unknown when the type is unknown or no documented one (the method might be open).
 */
export function methodCallers(
  authorization: Maybe<string>,
  source?: ApiIntegration['source'],
): Maybe<MethodCallers> {
  if (isUnknown(authorization)) return authorization;
  const callers = CALLERS[authorization.toLowerCase()];
  return (
    callers ?? new Unknown(`the authorization type "${authorization}" is none API Gateway documents`, source)
  );
}

/** The service principal API Gateway calls AWS as (the trust policies and Lambda permissions name it). */
export const API_GATEWAY_PRINCIPAL = 'apigateway.amazonaws.com';

/**
 * The authorization a call of a WebSocket API route `routeKey` passes with: a client that
 * connected through `$connect` sends messages to every route, and a WebSocket API authorizes at
 * `$connect` only (Developer Guide, "Manage connected users and client apps: $connect and
 * $disconnect routes": "Because the WebSocket connection is a stateful connection, you can
 * configure authorization on the $connect route only. AuthN/AuthZ will be performed only at
 * connection time."), so a route other than `$connect` is as open as its API's `$connect` route
 * (`connect`: undefined when the API has no `$connect` route, which lets anyone connect; Unknown
 * when the API is outside the inputs), whatever its own type (`own`) says: a route behind an
 * `AWS_IAM` `$connect` is reached only by callers allowed `execute-api:Invoke` on `$connect`.
 */
export function webSocketRouteAuthorization(
  routeKey: Maybe<string>,
  own: Maybe<string>,
  connect: Maybe<string> | undefined,
): Maybe<string> {
  if (routeKey === '$connect') return own;
  // A route key the inputs do not give may be `$connect` itself: the weaker of both.
  if (isUnknown(routeKey) && !isUnknown(own) && own.toUpperCase() === 'NONE') return own;
  return connect ?? 'NONE';
}

/** The caller's own identity passed through (Integration.credentials `arn:aws:iam::*:user/*`). */
export const CALLER_CREDENTIALS = /^arn:[^:]+:iam::\*:user\/\*$/;

/** The IAM prefix of a service whose integration URI names it otherwise (endpoint prefix → IAM prefix). */
const IAM_PREFIX: Readonly<Record<string, string>> = {
  monitoring: 'cloudwatch',
  email: 'ses',
  'runtime.sagemaker': 'sagemaker',
};

/** The IAM prefix of an HTTP API integration subtype's service (`SQS-SendMessage` → sqs). */
const SUBTYPE_PREFIX: Readonly<Record<string, string>> = {
  sqs: 'sqs',
  eventbridge: 'events',
  kinesis: 'kinesis',
  stepfunctions: 'states',
  appconfig: 'appconfig',
};

/**
 * What a method's integration makes AWS do for its caller:
 * - `role`: API Gateway assumes `role` (the integration credentials) and calls `action` (an IAM
 *   action, or Unknown: a path-style URI, a subtype or URI known only at deployment; see
 *   `ServiceCall` for `callerFields`);
 * - `function`: a Lambda function runs (`function`: its ARN or Unknown), with its own execution role;
 *   API Gateway invokes it as the integration's credentials (`credentials`, when set: a role, or
 *   the caller's identity passed through), else as itself by the function's resource policy;
 * - `service`: no credentials: API Gateway calls `action` as itself (apigateway.amazonaws.com),
 *   allowed only by the target's resource policy ("To use resource-based permissions on supported
 *   Amazon Web Services services, specify null.");
 * - `none`: nothing in AWS for the caller (an HTTP or mock backend, the caller's own credentials
 *   passed through).
 */
export type IntegrationTarget =
  | ({ kind: 'role'; role: Maybe<string> } & ServiceCall)
  | { kind: 'function'; function: Maybe<string>; credentials?: Maybe<string> }
  | ({ kind: 'service' } & ServiceCall)
  | { kind: 'none' };

/**
 * The action an AWS service integration calls; `callerFields` when its request also lets the
 * caller add fields naming another action of the service (aws/apigateway-integration-targets.ts
 * `pathStyleAction`).
 */
export interface ServiceCall {
  action: Maybe<string>;
  callerFields?: string;
}

const LAMBDA_PATH = /^arn:[^:]+:apigateway:[^:]*:lambda:path\/[^/]+\/functions\/(.+)\/invocations$/;

/**
 * The URI of a Lambda proxy integration invoking `functionArn` (API Reference: "For lambda, you can
 * set path to 2015-03-31/functions/${function-arn}/invocations"): what SAM writes for its events'
 * integrations and Terraform's `aws_lambda_function.invoke_arn` holds; `LAMBDA_PATH` reads it.
 */
export function lambdaInvocationUri(partition: string, region: string, functionArn: string): string {
  return `arn:${partition}:apigateway:${region}:lambda:path/2015-03-31/functions/${functionArn}/invocations`;
}
const SERVICE_URI = /^arn:[^:]+:apigateway:[^:]*:([^:]+):(action|path)\/(.*)$/;
/** Stands for an unknown part of a partly known URI (no URI holds it). */
const HOLE = '\u0000';

/**
 * The text of a URI, an unknown part of a partly known one (`arn:${AWS::Partition}:apigateway:
 * ${AWS::Region}:sqs:action/SendMessage` before the Region is known) written `HOLE`; undefined
 * when nothing of it is known.
 */
function uriText(uri: Maybe<string>): string | undefined {
  if (!isUnknown(uri)) return uri;
  return isPartlyKnown(uri) ? uri.parts.map((p) => (typeof p === 'string' ? p : HOLE)).join('') : undefined;
}

/** The function a Lambda integration URI (or an HTTP API's function ARN) invokes; undefined if none. */
function lambdaFunctionOf(uri: Maybe<string> | undefined): Maybe<string> | undefined {
  if (uri === undefined) return undefined;
  const text = uriText(uri);
  if (text === undefined) return uri as Unknown;
  const m = LAMBDA_PATH.exec(text);
  if (m) return m[1]!.includes(HOLE) ? (uri as Unknown) : m[1]!;
  if (/^arn:[^:]+:lambda:/.test(text)) return text.includes(HOLE) ? (uri as Unknown) : text;
  return isUnknown(uri) && !SERVICE_URI.test(text) ? uri : undefined;
}

/** The IAM action an AWS integration URI calls (`sqs:action/SendMessage` → `sqs:SendMessage`). */
function uriAction(uri: Maybe<string> | undefined, source: ApiIntegration['source']): Maybe<string> {
  if (uri === undefined) return new Unknown('the AWS integration has no URI the inputs give', source);
  const text = uriText(uri);
  const m = text === undefined ? undefined : SERVICE_URI.exec(text);
  if (isUnknown(uri) && (!m || m[1]!.includes(HOLE) || m[2] === 'path' || /^[^?&/]*\u0000/.test(m[3]!)))
    return uri;
  if (!m) return new Unknown(`the integration URI ${uri} is no AWS service URI`, source);
  const service = m[1]!.split('.').slice(-1)[0]!;
  const prefix = IAM_PREFIX[m[1]!] ?? IAM_PREFIX[service] ?? service;
  if (m[2] === 'action') return `${prefix}:${m[3]!.split(/[?&/]/)[0]}`;
  return new Unknown(
    `the ${prefix} action of the path-style integration URI ${uri} depends on the integration's HTTP method`,
    source,
  );
}

/** The IAM action an HTTP API integration subtype calls (`SQS-SendMessage` → `sqs:SendMessage`). */
function subtypeAction(subtype: Maybe<string>, source: ApiIntegration['source']): Maybe<string> {
  if (isUnknown(subtype)) return subtype;
  const [service, action] = subtype.split('-');
  const prefix = service ? SUBTYPE_PREFIX[service.toLowerCase()] : undefined;
  return prefix && action
    ? `${prefix}:${action}`
    : new Unknown(`the integration subtype "${subtype}" is none iamspec knows`, source);
}

/** What `integration` makes AWS do (see `IntegrationTarget`); Unknown when the inputs do not say. */
export function integrationTarget(integration: Maybe<ApiIntegration> | undefined): Maybe<IntegrationTarget> {
  if (integration === undefined) return { kind: 'none' };
  if (isUnknown(integration)) return integration;
  const { type, credentials, source } = integration;
  if (isUnknown(type)) return type;
  const t = type.toUpperCase();
  if (t !== 'AWS' && t !== 'AWS_PROXY') return { kind: 'none' };
  if (integration.subtype !== undefined) {
    if (credentials === undefined)
      return { kind: 'service', action: subtypeAction(integration.subtype, source) };
    if (!isUnknown(credentials) && CALLER_CREDENTIALS.test(credentials)) return { kind: 'none' };
    return { kind: 'role', role: credentials, action: subtypeAction(integration.subtype, source) };
  }
  const fn = lambdaFunctionOf(integration.uri);
  // REST AWS_PROXY and HTTP API AWS_PROXY without a subtype are Lambda proxy integrations.
  if (fn !== undefined && !(isUnknown(fn) && t === 'AWS'))
    return credentials === undefined
      ? { kind: 'function', function: fn }
      : { kind: 'function', function: fn, credentials };
  // An unknown URI of an AWS integration without a role may be a Lambda function's.
  if (credentials === undefined)
    return isUnknown(integration.uri) ? integration.uri : { kind: 'service', ...serviceAction(integration) };
  if (!isUnknown(credentials) && CALLER_CREDENTIALS.test(credentials)) return { kind: 'none' };
  return { kind: 'role', role: credentials, ...serviceAction(integration) };
}

/**
 * The IAM action of an AWS integration: its URI's (`uriAction`); for a path-style URI of a
 * query-protocol service (SQS, SNS), the `Action` its request writes when the inputs pin it
 * (aws/apigateway-integration-targets.ts `pathStyleAction`); for either style of a query-protocol
 * service, `callerFields` when the caller may add fields of its own (`callerFieldsOf`).
 */
function serviceAction(integration: ApiIntegration): ServiceCall {
  const action = uriAction(integration.uri, integration.source);
  if (typeof integration.uri !== 'string') return { action };
  const [, service = '', style] = SERVICE_URI.exec(integration.uri) ?? [];
  if (!QUERY_PROTOCOL.has(service)) return { action };
  if (!isUnknown(action)) {
    // An action-style URI names the action; a form body the caller may add fields to may name
    // another after it, and which one the service takes is documented nowhere.
    const callerFields = callerFieldsOf(integration);
    return callerFields ? { action, callerFields } : { action };
  }
  if (style !== 'path') return { action };
  const named = pathStyleAction(integration);
  if (!named) return { action };
  const call = { action: `${service}:${named.action}` };
  return named.callerFields ? { ...call, callerFields: named.callerFields } : call;
}

/** Services whose requests name their action as a form field `Action=` (the Query protocol). */
const QUERY_PROTOCOL: ReadonlySet<string> = new Set(['sqs', 'sns']);

/**
 * The execute-api ARNs an anonymous call of `route` (`GET /orders`) on the REST API `apiArn`
 * targets, one per stage: the stages `policyResources` (the API's resource policy's Resource
 * values) name, and one no policy names (`execute-api:/stage/METHOD/path`, Developer Guide,
 * "Resource format of permissions for executing API in API Gateway"). `ANY` is decided as each
 * method the policy names and one it does not.
 */
export function invokeArns(apiArn: string, route: string, policyResources: readonly string[]): string[] {
  const [method = 'ANY', path = '/'] = route.split(' ');
  const named = policyResources
    .filter((r) => r.startsWith(`${apiArn}/`))
    .map((r) => r.slice(apiArn.length + 1).split('/'));
  const stages = new Set(['(stage)', ...named.map((s) => s[0]!).filter((s) => s && s !== '*')]);
  const methods =
    method.toUpperCase() === 'ANY'
      ? new Set(['(method)', ...named.map((s) => s[1] ?? '').filter((m) => m && m !== '*')])
      : new Set([method.toUpperCase()]);
  const out: string[] = [];
  for (const stage of stages) for (const m of methods) out.push(`${apiArn}/${stage}/${m}${path}`);
  return out;
}

/** A method of an OpenAPI definition (`openApiMethods`). */
export interface OpenApiMethod {
  /** `GET /orders` (`ANY` for `x-amazon-apigateway-any-method`). */
  route: string;
  authorization: Maybe<string>;
  /** The `x-amazon-apigateway-integration` object (or its unknown), undefined when absent. */
  integration: unknown;
  /** The JSON path of the operation in the definition. */
  at: string[];
}

const OPERATIONS = new Set([
  'get',
  'put',
  'post',
  'delete',
  'patch',
  'head',
  'options',
  'x-amazon-apigateway-any-method',
]);

/** The API Gateway authorization type of a security scheme (`x-amazon-apigateway-authtype`...). */
function schemeAuthorization(scheme: unknown, name: string): Maybe<string> {
  if (isUnknown(scheme)) return scheme;
  if (!scheme || typeof scheme !== 'object')
    return new Unknown(`the security scheme ${name} is not in the definition`);
  const s = scheme as Record<string, unknown>;
  const authType = s['x-amazon-apigateway-authtype'];
  const authorizer = s['x-amazon-apigateway-authorizer'];
  if (isUnknown(authType)) return authType;
  if (typeof authType === 'string') {
    const t = authType.toLowerCase();
    if (t === 'awssigv4') return 'AWS_IAM';
    if (t === 'cognito_user_pools') return 'COGNITO_USER_POOLS';
    return 'CUSTOM';
  }
  if (authorizer !== undefined) {
    const type = isUnknown(authorizer) ? authorizer : (authorizer as Record<string, unknown>).type;
    if (isUnknown(type)) return type;
    return type === 'jwt' ? 'JWT' : 'CUSTOM';
  }
  // An API key (`type: apiKey`, `name: x-api-key`) identifies a usage plan's client, not a caller
  // AWS authenticates: the method stays open.
  if (s.type === 'apiKey') return 'NONE';
  return new Unknown(`the security scheme ${name} is none API Gateway documents`);
}

/**
 * The methods of an OpenAPI definition imported as a REST or HTTP API's body, with their
 * authorization: `x-amazon-apigateway-auth` ("Specify \"NONE\" for open access. Specify
 * \"AWS_IAM\" to use IAM permissions"), else the operation's (or the definition's) `security`
 * requirement by its scheme's `x-amazon-apigateway-authtype` / `x-amazon-apigateway-authorizer`
 * (Developer Guide, "x-amazon-apigateway-authtype property": "awsSigv4" for IAM, "cognito_user_pools"
 * for a Cognito user pool authorizer, a Lambda authorizer otherwise); no requirement: NONE. A
 * requirement that is empty (`{}`) among alternatives leaves the method open.
 */
export function openApiMethods(body: Record<string, unknown>): Maybe<OpenApiMethod[]> {
  const paths = body.paths;
  if (paths === undefined) return [];
  if (isUnknown(paths)) return paths;
  if (!paths || typeof paths !== 'object') return [];
  const components = body.components as Record<string, unknown> | undefined;
  const schemes = (components?.securitySchemes ?? body.securityDefinitions ?? {}) as Record<string, unknown>;
  const out: OpenApiMethod[] = [];
  for (const [path, item] of Object.entries(paths as Record<string, unknown>)) {
    if (!item || typeof item !== 'object' || isUnknown(item)) continue;
    for (const [op, operation] of Object.entries(item as Record<string, unknown>)) {
      if (!OPERATIONS.has(op.toLowerCase()) || !operation || typeof operation !== 'object') continue;
      const o = operation as Record<string, unknown>;
      const method = op.toLowerCase() === 'x-amazon-apigateway-any-method' ? 'ANY' : op.toUpperCase();
      out.push({
        route: `${method} ${path}`,
        authorization: operationAuthorization(o, body.security, schemes),
        integration: o['x-amazon-apigateway-integration'],
        at: ['paths', path, op],
      });
    }
  }
  return out;
}

function operationAuthorization(
  o: Record<string, unknown>,
  apiSecurity: unknown,
  schemes: Record<string, unknown>,
): Maybe<string> {
  const auth = o['x-amazon-apigateway-auth'];
  if (auth !== undefined) {
    if (isUnknown(auth)) return auth;
    const type = (auth as Record<string, unknown>).type;
    return isUnknown(type) || typeof type === 'string'
      ? type
      : new Unknown('x-amazon-apigateway-auth has no type');
  }
  const security = o.security ?? apiSecurity;
  if (security === undefined) return 'NONE';
  if (isUnknown(security)) return security;
  if (!Array.isArray(security) || security.length === 0) return 'NONE';
  const types: Maybe<string>[] = security.map((req) => {
    if (isUnknown(req)) return req;
    const names = Object.keys((req ?? {}) as Record<string, unknown>);
    if (!names.length) return 'NONE';
    // every scheme of one requirement applies: the strongest one decides who gets in
    const each = names.map((n) => schemeAuthorization(schemes[n], n));
    return each.find((t) => isUnknown(t)) ?? each.find((t) => t !== 'NONE') ?? 'NONE';
  });
  // alternatives: the weakest decides
  return types.find((t) => t === 'NONE') ?? types.find((t) => isUnknown(t)) ?? types[0]!;
}
