// biome-ignore-all lint/suspicious/noTemplateCurlyInString: CloudFormation Fn::Sub text
// AWS::Serverless::Api and AWS::Serverless::HttpApi (explicit, and the implicit
// `ServerlessRestApi` / `ServerlessHttpApi` SAM creates for events that name no API), reduced to
// what matters for access: the API resources (so references resolve), the Lambda permissions for
// Lambda authorizers, and the REST API resource policy SAM writes from `Auth.ResourcePolicy`
// (API-wide and per event), per the SAM specification's "ApiAuth" / "ResourcePolicyStatement"
// pages (https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-property-api-resourcepolicystatement.html).
// SAM appends those statements to the `x-amazon-apigateway-policy` of the OpenAPI body (the one
// of `DefinitionBody`, or a new one) and passes `Policy` to the RestApi's `Policy`, as the
// translator does (samtranslator/model/api/api_generator.py, swagger/swagger.py); how
// CloudFormation reads the two is `aws/apigateway.ts` `restApiPolicyPlace`.

import { OPENAPI_POLICY_EXTENSION } from '../../../aws/apigateway.js';
import { childPointer } from '../../../model/source.js';
import type { Unknown } from '../../../model/unknown.js';
import { readLocalDefinition } from '../local-artifacts.js';
import type { SamContext, SamResource } from './context.js';
import type { GlobalsTable } from './globals.js';
import { mergeGlobals } from './globals.js';
import { isIntrinsic, isObject, ref, sub } from './intrinsics.js';
import { generatedLogicalId } from './logical-id.js';

export const IMPLICIT_REST_API = 'ServerlessRestApi';
export const IMPLICIT_HTTP_API = 'ServerlessHttpApi';

/** A route an event source adds to an API, with the event's own `Auth`. */
export interface ApiRoute {
  path: string;
  method: string;
  auth: unknown;
  /** Original pointer of the event. */
  pointer: string;
  /** The stage the event's resource policy names (the permission suffix). */
  stage: unknown;
  /**
   * The `x-amazon-apigateway-integration` SAM writes for the route (a function's `aws_proxy`
   * Lambda integration, a state machine's `aws` StartExecution with its role), when known.
   */
  integration?: Record<string, unknown>;
}

/** Routes by API logical id, gathered from the events of functions and state machines. */
export class ApiRegistry {
  readonly rest = new Map<string, ApiRoute[]>();
  readonly http = new Map<string, ApiRoute[]>();

  add(kind: 'rest' | 'http', api: string, route: ApiRoute): void {
    const m = kind === 'rest' ? this.rest : this.http;
    const list = m.get(api) ?? [];
    list.push(route);
    m.set(api, list);
  }
}

/**
 * The API an Api event refers to: its logical id (the implicit API when RestApiId is absent), and
 * the stage suffix SAM uses for the permission's logical id (`Prod` for the implicit API, the
 * explicit API's StageName, `Stage` when the StageName is an intrinsic, `AllStages` otherwise).
 */
export function restApiOf(
  ctx: SamContext,
  restApiId: unknown,
): { id: string | undefined; apiRef: unknown; suffix: string; stage: unknown } {
  if (restApiId === undefined)
    return { id: IMPLICIT_REST_API, apiRef: ref(IMPLICIT_REST_API), suffix: 'Prod', stage: 'Prod' };
  const id = isObject(restApiId) && typeof restApiId.Ref === 'string' ? restApiId.Ref : restApiId;
  if (typeof id !== 'string') return { id: undefined, apiRef: restApiId, suffix: 'AllStages', stage: '*' };
  const api = ctx.sam.get(id);
  const stage = api?.props.StageName;
  if (typeof stage === 'string' && stage) return { id, apiRef: restApiId, suffix: stage, stage };
  return { id, apiRef: restApiId, suffix: 'Stage', stage: stage ?? '*' };
}

/** The implicit APIs SAM creates as Serverless resources (before Globals are merged). */
export function implicitApi(ctx: SamContext, globals: GlobalsTable, kind: 'rest' | 'http'): SamResource {
  const logicalId = kind === 'rest' ? IMPLICIT_REST_API : IMPLICIT_HTTP_API;
  const type = kind === 'rest' ? 'AWS::Serverless::Api' : 'AWS::Serverless::HttpApi';
  const raw: Record<string, unknown> = {
    Type: type,
    Properties: kind === 'rest' ? { StageName: 'Prod' } : {},
  };
  const pointer = childPointer('/Resources', logicalId);
  const origin = '/Resources';
  ctx.origins.at(raw, origin);
  ctx.origins.at(raw.Properties as object, origin);
  const props = mergeGlobals(ctx, globals, type, logicalId, raw);
  return { logicalId, type, pointer, props, raw, passthrough: {} };
}

// ---------------------------------------------------------------------------------------------
// REST APIs

/** Emits the RestApi (with its resource policy), its deployment and stage, and authorizer permissions. */
export function expandRestApi(
  ctx: SamContext,
  api: SamResource,
  routes: readonly ApiRoute[],
  origin: string,
): void {
  const p = api.props;
  const props: Record<string, unknown> = {};
  ctx.origins.at(props, origin);
  for (const k of [
    'Name',
    'EndpointConfiguration',
    'BinaryMediaTypes',
    'MinimumCompressionSize',
    'Tags',
    'Policy',
  ])
    if (p[k] !== undefined) {
      props[k] = p[k];
      ctx.origins.keyAt(props, k, ctx.propPointer(api, k));
    }
  if (isObject(p.DefinitionBody)) props.Body = p.DefinitionBody;
  const local = p.DefinitionBody === undefined ? localDefinition(ctx, api) : undefined;
  if (local && 'body' in local) props.Body = local.body;
  else if (local) props.BodyS3Location = local.unknown;
  else if (p.DefinitionUri !== undefined) props.BodyS3Location = p.DefinitionUri;
  // SAM adds the statements of `Auth.ResourcePolicy` (the API's, the events') to the body it
  // edits, `DefinitionBody`: with `DefinitionUri` it adds none (`_add_swagger_integration`
  // returns without a `DefinitionBody`), so a definition read from a local file is the API's.
  const statements = local ? [] : restApiPolicyStatements(ctx, api, routes);
  if (statements.length) writeBodyPolicy(ctx, api, props, statements);
  if (!local) writeBodyPaths(ctx, api, props, routes);
  ctx.emit(
    api.logicalId,
    { Type: 'AWS::ApiGateway::RestApi', Properties: props, ...api.passthrough },
    origin,
    api.logicalId,
  );

  const stageName = p.StageName ?? 'Stage';
  const deployment = `${api.logicalId}Deployment`;
  ctx.emit(
    deployment,
    {
      Type: 'AWS::ApiGateway::Deployment',
      Properties: { RestApiId: ref(api.logicalId) },
      ...api.passthrough,
    },
    origin,
    api.logicalId,
  );
  const stageLiteral = ctx.resolvedString(stageName);
  const stageId =
    stageLiteral !== undefined && /^[A-Za-z0-9]+$/.test(stageLiteral)
      ? `${api.logicalId}${stageLiteral}Stage`
      : generatedLogicalId(`${api.logicalId}Stage`, stageLiteral ?? stageName);
  ctx.emit(
    stageId,
    {
      Type: 'AWS::ApiGateway::Stage',
      Properties: { RestApiId: ref(api.logicalId), DeploymentId: ref(deployment), StageName: stageName },
      ...api.passthrough,
    },
    origin,
    api.logicalId,
  );
  ctx.referables.set(`${api.logicalId}.Stage`, stageId);
  ctx.referables.set(`${api.logicalId}.Deployment`, deployment);
  authorizerPermissions(ctx, api, 'rest', ref(api.logicalId));
  privateDomain(ctx, api);
}

/**
 * The OpenAPI document of a local `DefinitionUri` file, as the packaging commands upload it and
 * CloudFormation imports it (`local-artifacts.ts`), with its `x-amazon-apigateway-policy`; undefined
 * when the definition is not such a file or it cannot be read (a `sam/definition-not-read`
 * warning: the RestApi keeps `BodyS3Location`, so its resource policy stays unknown), and when the
 * API sets `Auth`, which SAM rejects with `DefinitionUri` ("Auth works only with inline Swagger
 * specified in 'DefinitionBody' property.", samtranslator/model/api/api_generator.py `_add_auth`).
 */
function localDefinition(
  ctx: SamContext,
  api: SamResource,
): { body: Record<string, unknown> } | { unknown: Unknown } | undefined {
  const at = ctx.propPointer(api, 'DefinitionUri');
  const definition = readLocalDefinition(api.props.DefinitionUri, ctx.options.baseDir);
  if (!definition) return undefined;
  const auth = api.props.Auth;
  if (isObject(auth) && Object.keys(auth).length) {
    const why = `${api.logicalId} sets Auth with DefinitionUri, which SAM rejects ("Auth works only with inline Swagger specified in 'DefinitionBody' property.")`;
    ctx.finding(
      'sam/invalid-property',
      'warning',
      `${why}; its resource policy is unknown`,
      ctx.propPointer(api, 'Auth'),
    );
    return { unknown: ctx.unknown(why, ctx.propPointer(api, 'Auth')) };
  }
  if (!definition.read) {
    ctx.finding(
      'sam/definition-not-read',
      'warning',
      `the OpenAPI definition of ${api.logicalId} (DefinitionUri) is not read: ${definition.why}; it may carry a resource policy, so who may invoke the API is indeterminate`,
      at,
    );
    return undefined;
  }
  ctx.origins.at(definition.document, at);
  return { body: definition.document };
}

/**
 * A private custom domain (`Domain.EndpointConfiguration: PRIVATE`): SAM makes an
 * AWS::ApiGateway::DomainNameV2 (`ApiGatewayDomainNameV2<hash of the domain name>`) with the
 * domain's `Policy`, its resource policy (samtranslator/model/api/api_generator.py
 * `_construct_api_domain_v2`, `_set_optional_domain_properties`); the CloudFormation reading keeps
 * it as it keeps every such resource.
 */
function privateDomain(ctx: SamContext, api: SamResource): void {
  const domain = api.props.Domain;
  if (!isObject(domain) || ctx.resolvedString(domain.EndpointConfiguration) !== 'PRIVATE') return;
  const at = ctx.propPointer(api, 'Domain');
  const props: Record<string, unknown> = {
    DomainName: domain.DomainName,
    CertificateArn: domain.CertificateArn,
    EndpointConfiguration: { Types: ['PRIVATE'] },
  };
  if (domain.Policy !== undefined) props.Policy = domain.Policy;
  ctx.origins.at(props, at);
  ctx.emit(
    generatedLogicalId('ApiGatewayDomainNameV2', ctx.resolveParameters(domain.DomainName)),
    { Type: 'AWS::ApiGateway::DomainNameV2', Properties: props, ...api.passthrough },
    at,
    api.logicalId,
  );
}

/** Paths (and methods) of an inline OpenAPI body, to apply the API-wide resource policy to. */
function bodyRoutes(body: unknown): { path: string; method: string }[] {
  if (!isObject(body) || !isObject(body.paths)) return [];
  const out: { path: string; method: string }[] = [];
  for (const [path, item] of Object.entries(body.paths))
    if (isObject(item)) for (const m of Object.keys(item)) out.push({ path, method: m });
  return out;
}

/** `execute-api:/<stage>/<METHOD>/<path>` for each method of a path, as SAM writes them. */
function methodResources(methods: readonly string[], path: string, stage: unknown): unknown[] {
  const clean = path.replace(/\{([a-zA-Z0-9._-]+|[a-zA-Z0-9._-]+\+|proxy\+)\}/g, '*');
  return methods.map((m) => {
    const method =
      m.toLowerCase() === 'any' || m.toLowerCase() === 'x-amazon-apigateway-any-method'
        ? '*'
        : m.toUpperCase();
    return sub(`execute-api:/\${__Stage__}/${method}${clean}`, { __Stage__: stage });
  });
}

/**
 * Appends the statements SAM makes from `Auth.ResourcePolicy` to the `x-amazon-apigateway-policy`
 * of the API's OpenAPI body, as the translator's swagger editor does (`add_resource_policy`: the
 * body's own policy, when it has one, keeps its statements first). A body SAM cannot edit (an
 * intrinsic, such as an `AWS::Include`) is left as it is, the statements written as `Policy`: the
 * body stays unknown to the CloudFormation reading, so the policy is unknown there.
 */
function writeBodyPolicy(
  ctx: SamContext,
  api: SamResource,
  props: Record<string, unknown>,
  statements: unknown[],
): void {
  const at = childPointer(ctx.propPointer(api, 'Auth'), 'ResourcePolicy');
  const body = props.Body;
  if (body !== undefined && (!isObject(body) || isIntrinsic(body))) {
    const doc = { Version: '2012-10-17', Statement: statements };
    ctx.origins.at(doc, at);
    props.Policy =
      props.Policy === undefined ? doc : ctx.unknown(`the resource policy of ${api.logicalId}`, at);
    return;
  }
  const own = isObject(body) ? body[OPENAPI_POLICY_EXTENSION] : undefined;
  const ownStatements =
    own === undefined
      ? []
      : isObject(own) && !isIntrinsic(own)
        ? Array.isArray(own.Statement)
          ? own.Statement
          : own.Statement === undefined
            ? []
            : [own.Statement]
        : [ctx.unknown(`the ${OPENAPI_POLICY_EXTENSION} of ${api.logicalId}'s DefinitionBody`, at)];
  const doc = {
    ...(isObject(own) && !isIntrinsic(own) ? own : {}),
    Version: '2012-10-17',
    Statement: [...ownStatements, ...statements],
  };
  ctx.origins.at(doc, at);
  const rebuilt = { ...(isObject(body) ? body : {}), [OPENAPI_POLICY_EXTENSION]: doc };
  props.Body = isObject(body) ? ctx.origins.inherit(rebuilt, body) : rebuilt;
  if (!isObject(body)) ctx.origins.at(rebuilt, api.pointer);
}

/**
 * The authorization of a route as SAM writes it into the OpenAPI body: the event's
 * `Auth.Authorizer`, else the API's `Auth.DefaultAuthorizer`, else none (SAM specification,
 * "ApiFunctionAuth": "Authorizer ... If you have specified a Global Authorizer on the API and want
 * to make a specific Function public, override with the following: Authorizer: 'NONE'"; "ApiAuth":
 * "DefaultAuthorizer: Specify a default authorizer for an API Gateway API, which will be used for
 * authorizing API calls by default"). `AWS_IAM` is the IAM scheme (`x-amazon-apigateway-authtype:
 * awsSigv4`); an `Auth.Authorizers` entry is a Cognito (`UserPoolArn`) or Lambda authorizer. An
 * authorizer given by an intrinsic is written as `x-amazon-apigateway-auth` with that value, so
 * that the CloudFormation reading sees it unknown.
 */
function routeSecurity(
  api: SamResource,
  route: ApiRoute,
  schemes: Record<string, unknown>,
  protocol: 'rest' | 'http',
): Record<string, unknown> {
  const apiAuth = isObject(api.props.Auth) ? api.props.Auth : {};
  const own = isObject(route.auth) ? route.auth.Authorizer : undefined;
  const name = own ?? apiAuth.DefaultAuthorizer;
  if (name === undefined || name === 'NONE') return {};
  if (typeof name !== 'string') return { 'x-amazon-apigateway-auth': { type: name } };
  if (name === 'AWS_IAM') {
    schemes.AWS_IAM = {
      type: 'apiKey',
      name: 'Authorization',
      in: 'header',
      'x-amazon-apigateway-authtype': 'awsSigv4',
    };
    return { security: [{ AWS_IAM: [] }] };
  }
  const authorizers = isObject(apiAuth.Authorizers) ? apiAuth.Authorizers : undefined;
  const authorizer = authorizers?.[name];
  if (isObject(authorizer) && !isIntrinsic(authorizer))
    schemes[name] =
      protocol === 'rest'
        ? {
            type: 'apiKey',
            name: 'Authorization',
            in: 'header',
            'x-amazon-apigateway-authtype':
              authorizer.UserPoolArn !== undefined ? 'cognito_user_pools' : 'custom',
          }
        : // HttpApiAuth: JwtConfiguration for a JWT authorizer, FunctionArn for a Lambda one
          {
            type: authorizer.JwtConfiguration !== undefined ? 'oauth2' : 'apiKey',
            'x-amazon-apigateway-authorizer': {
              type: authorizer.JwtConfiguration !== undefined ? 'jwt' : 'request',
            },
          };
  return { security: [{ [name]: [] }] };
}

/**
 * The `credentials` SAM writes into a function event's Lambda integration on a REST API when the
 * route's authorizer is AWS_IAM (the event's `Auth.Authorizer`, or the API's `DefaultAuthorizer`
 * when the event has no `Auth`): the event's, else the API's `InvokeRole`; `CALLER_CREDENTIALS`
 * or none: the caller's identity passed through (SAM specification, "ApiFunctionAuth":
 * "InvokeRole: Specifies the InvokeRole to use for AWS_IAM authorization. ... Default:
 * CALLER_CREDENTIALS ... CALLER_CREDENTIALS maps to arn:aws:iam::*:user/*, which uses the caller
 * credentials to invoke the endpoint."); `NONE` (or an empty value): none, as the translator
 * writes it (samtranslator/swagger/swagger.py `add_lambda_integration`, `_get_invoke_role`).
 */
function invokeCredentials(ctx: SamContext, api: SamResource, route: ApiRoute): unknown {
  if (route.integration?.type !== 'aws_proxy') return undefined;
  const apiAuth: Record<string, unknown> = isObject(api.props.Auth) ? api.props.Auth : {};
  const own: Record<string, unknown> = isObject(route.auth) ? route.auth : {};
  const iam =
    own.Authorizer === 'AWS_IAM' || (apiAuth.DefaultAuthorizer === 'AWS_IAM' && !Object.keys(own).length);
  if (!iam) return undefined;
  const invokeRole = (c: Record<string, unknown>): unknown =>
    c.InvokeRole || ('InvokeRole' in c ? 'NONE' : undefined);
  const role = invokeRole(own) ?? invokeRole(apiAuth);
  const credentials =
    role !== undefined && role !== 'CALLER_CREDENTIALS' ? role : `arn:${ctx.partition}:iam::*:user/*`;
  return credentials === 'NONE' ? undefined : credentials;
}

/**
 * Adds the routes of the API's events to the `paths` of its OpenAPI body, each with the
 * integration and security SAM writes (samtranslator/swagger/swagger.py `add_lambda_integration`,
 * `set_path_default_authorizer`), as the translator edits `DefinitionBody` or the body it makes.
 * A body SAM cannot edit (an intrinsic) is left as it is.
 */
function writeBodyPaths(
  ctx: SamContext,
  api: SamResource,
  props: Record<string, unknown>,
  routes: readonly ApiRoute[],
  protocol: 'rest' | 'http' = 'rest',
): void {
  const withIntegration = routes.filter((r) => r.integration);
  if (!withIntegration.length) return;
  const body = props.Body;
  if (body !== undefined && (!isObject(body) || isIntrinsic(body))) return;
  const paths: Record<string, Record<string, unknown>> = {
    ...(isObject(body) && isObject(body.paths)
      ? (body.paths as Record<string, Record<string, unknown>>)
      : {}),
  };
  const components = isObject(body) && isObject(body.components) ? body.components : {};
  const schemes: Record<string, unknown> = {
    ...(protocol === 'rest'
      ? isObject(body) && isObject(body.securityDefinitions)
        ? body.securityDefinitions
        : {}
      : isObject(components.securitySchemes)
        ? components.securitySchemes
        : {}),
  };
  for (const r of withIntegration) {
    const method =
      r.method.toLowerCase() === 'any' ? 'x-amazon-apigateway-any-method' : r.method.toLowerCase();
    const credentials = protocol === 'rest' ? invokeCredentials(ctx, api, r) : undefined;
    const operation = {
      'x-amazon-apigateway-integration':
        credentials === undefined ? r.integration : { ...r.integration, credentials },
      ...routeSecurity(api, r, schemes, protocol),
    };
    ctx.origins.at(operation, r.pointer);
    paths[r.path] = { ...(paths[r.path] ?? {}), [method]: operation };
    ctx.origins.at(paths[r.path]!, r.pointer);
  }
  const hasSchemes = Object.keys(schemes).length > 0;
  const rebuilt: Record<string, unknown> =
    protocol === 'rest'
      ? {
          swagger: '2.0',
          ...(isObject(body) ? body : {}),
          paths,
          ...(hasSchemes ? { securityDefinitions: schemes } : {}),
        }
      : {
          openapi: '3.0.1',
          ...(isObject(body) ? body : {}),
          paths,
          ...(hasSchemes ? { components: { ...components, securitySchemes: schemes } } : {}),
        };
  ctx.origins.at(paths, api.pointer);
  props.Body = isObject(body) ? ctx.origins.inherit(rebuilt, body) : rebuilt;
  if (!isObject(body)) ctx.origins.at(rebuilt, api.pointer);
}

function restApiPolicyStatements(ctx: SamContext, api: SamResource, routes: readonly ApiRoute[]): unknown[] {
  const statements: unknown[] = [];
  const byPath = new Map<string, string[]>();
  for (const r of [...bodyRoutes(api.props.DefinitionBody), ...routes]) {
    const list = byPath.get(r.path) ?? [];
    if (!list.includes(r.method)) list.push(r.method);
    byPath.set(r.path, list);
  }
  const auth = api.props.Auth;
  const authPointer = ctx.propPointer(api, 'Auth');
  const apiPolicy = isObject(auth) ? auth.ResourcePolicy : undefined;
  const apiPolicyPointer = childPointer(authPointer, 'ResourcePolicy');
  if (apiPolicy !== undefined) {
    for (const [path, methods] of byPath)
      addResourcePolicy(
        ctx,
        statements,
        apiPolicy,
        apiPolicyPointer,
        methodResources(methods, path, api.props.StageName ?? 'Stage'),
      );
  }
  for (const r of routes) {
    const eventPolicy = isObject(r.auth) ? r.auth.ResourcePolicy : undefined;
    if (eventPolicy === undefined) continue;
    const at = childPointer(r.pointer, 'Properties', 'Auth', 'ResourcePolicy');
    addResourcePolicy(
      ctx,
      statements,
      eventPolicy,
      at,
      methodResources(byPath.get(r.path) ?? [r.method], r.path, r.stage),
    );
    addCustomStatements(ctx, statements, eventPolicy, at);
  }
  if (apiPolicy !== undefined) addCustomStatements(ctx, statements, apiPolicy, apiPolicyPointer);
  return statements;
}

function statement(ctx: SamContext, pointer: string, s: Record<string, unknown>): Record<string, unknown> {
  ctx.origins.at(s, pointer);
  return s;
}

/** The statements of one ResourcePolicy map for the given method resources (SAM's `add_resource_policy`). */
function addResourcePolicy(
  ctx: SamContext,
  out: unknown[],
  policy: unknown,
  pointer: string,
  resources: unknown[],
): void {
  if (!isObject(policy)) {
    ctx.finding(
      'sam/invalid-resource-policy',
      'warning',
      'ResourcePolicy is not a map; the API resource policy is unknown',
      pointer,
    );
    out.push(ctx.unknown('ResourcePolicy is not a map', pointer));
    return;
  }
  const at = (k: string): string => childPointer(pointer, k);
  const push = (s: Record<string, unknown>, k: string): void => {
    if (!out.some((x) => JSON.stringify(x) === JSON.stringify(s))) out.push(statement(ctx, at(k), s));
  };
  const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : [v]);
  const invoke = { Action: 'execute-api:Invoke', Resource: resources };
  if (policy.AwsAccountWhitelist !== undefined)
    push(
      { Effect: 'Allow', ...invoke, Principal: { AWS: list(policy.AwsAccountWhitelist) } },
      'AwsAccountWhitelist',
    );
  if (policy.AwsAccountBlacklist !== undefined)
    push(
      { Effect: 'Deny', ...invoke, Principal: { AWS: list(policy.AwsAccountBlacklist) } },
      'AwsAccountBlacklist',
    );
  for (const [key, operator] of [
    ['IpRangeWhitelist', 'NotIpAddress'],
    ['IpRangeBlacklist', 'IpAddress'],
  ] as const) {
    if (policy[key] === undefined) continue;
    push({ Effect: 'Allow', ...invoke, Principal: '*' }, key);
    push(
      {
        Effect: 'Deny',
        ...invoke,
        Principal: '*',
        Condition: { [operator]: { 'aws:SourceIp': list(policy[key]) } },
      },
      key,
    );
  }
  for (const [suffix, operator] of [
    ['Blacklist', 'StringEquals'],
    ['Whitelist', 'StringNotEquals'],
  ] as const) {
    const condition: Record<string, unknown[]> = {};
    const endpoints = policy[`SourceVpc${suffix}`];
    if (Array.isArray(endpoints)) {
      // SAM sorts each entry by its prefix after resolving parameters (a `!Ref` to a parameter
      // is its value); an entry that stays unresolved may be a VPC or an endpoint: the
      // statements this list makes are unknown rather than written without it.
      const resolved = endpoints.map((e) => ctx.resolvedString(e));
      if (resolved.some((e) => e === undefined)) {
        const why = `an entry of SourceVpc${suffix} is not known before deployment`;
        ctx.finding(
          'sam/unresolved-resource-policy',
          'warning',
          `${why}; the API resource policy statements SAM makes from it are unknown`,
          at(`SourceVpc${suffix}`),
        );
        out.push(ctx.unknown(why, at(`SourceVpc${suffix}`)));
        continue;
      }
      const vpc = resolved.filter((e) => e!.startsWith('vpc-'));
      const vpce = resolved.filter((e) => e!.startsWith('vpce-'));
      if (vpc.length) condition['aws:SourceVpc'] = vpc;
      if (vpce.length) condition['aws:SourceVpce'] = vpce;
    }
    const iv = policy[`IntrinsicVpc${suffix}`];
    const ive = policy[`IntrinsicVpce${suffix}`];
    if (iv !== undefined) condition['aws:SourceVpc'] = [...(condition['aws:SourceVpc'] ?? []), ...list(iv)];
    if (ive !== undefined)
      condition['aws:SourceVpce'] = [...(condition['aws:SourceVpce'] ?? []), ...list(ive)];
    if (!condition['aws:SourceVpc']?.length && !condition['aws:SourceVpce']?.length) continue;
    push({ Effect: 'Allow', ...invoke, Principal: '*' }, `SourceVpc${suffix}`);
    push(
      { Effect: 'Deny', ...invoke, Principal: '*', Condition: { [operator]: condition } },
      `SourceVpc${suffix}`,
    );
  }
}

function addCustomStatements(ctx: SamContext, out: unknown[], policy: unknown, pointer: string): void {
  if (!isObject(policy) || policy.CustomStatements === undefined) return;
  const custom = policy.CustomStatements;
  const at = childPointer(pointer, 'CustomStatements');
  for (const s of Array.isArray(custom) ? custom : [custom])
    if (!out.some((x) => JSON.stringify(x) === JSON.stringify(s)))
      out.push(s ?? ctx.unknown('an empty custom statement', at));
}

// ---------------------------------------------------------------------------------------------
// HTTP APIs

/** Emits the HTTP API, its stage and authorizer permissions. */
export function expandHttpApi(
  ctx: SamContext,
  api: SamResource,
  origin: string,
  routes: readonly ApiRoute[] = [],
): void {
  const p = api.props;
  const props: Record<string, unknown> = {};
  ctx.origins.at(props, origin);
  if (isObject(p.DefinitionBody)) props.Body = p.DefinitionBody;
  else if (p.DefinitionUri !== undefined) {
    props.BodyS3Location = p.DefinitionUri;
    // samtranslator/model/api/http_api_generator.py `_add_auth`: "Auth works only with inline
    // OpenApi specified in the 'DefinitionBody' property." (a DefinitionUri, local or in S3).
    if (isObject(p.Auth) && Object.keys(p.Auth).length)
      ctx.finding(
        'sam/invalid-property',
        'warning',
        `${api.logicalId} sets Auth with DefinitionUri, which SAM rejects ("Auth works only with inline OpenApi specified in the 'DefinitionBody' property."); the model keeps the authorizer permissions it declares`,
        ctx.propPointer(api, 'Auth'),
      );
  } else {
    props.Name = p.Name ?? ref('AWS::StackName');
    props.ProtocolType = 'HTTP';
  }
  if (p.DefinitionUri === undefined) writeBodyPaths(ctx, api, props, routes, 'http');
  ctx.emit(
    api.logicalId,
    { Type: 'AWS::ApiGatewayV2::Api', Properties: props, ...api.passthrough },
    origin,
    api.logicalId,
  );
  const stageName = p.StageName;
  const literal = stageName === undefined ? '$default' : ctx.resolvedString(stageName);
  const stageId =
    literal === '$default'
      ? `${api.logicalId}ApiGatewayDefaultStage`
      : literal !== undefined && /^[A-Za-z0-9]+$/.test(literal)
        ? `${api.logicalId}${literal}Stage`
        : generatedLogicalId(`${api.logicalId}Stage`, literal ?? stageName);
  ctx.emit(
    stageId,
    {
      Type: 'AWS::ApiGatewayV2::Stage',
      Properties: { ApiId: ref(api.logicalId), StageName: stageName ?? '$default', AutoDeploy: true },
      ...api.passthrough,
    },
    origin,
    api.logicalId,
  );
  ctx.referables.set(`${api.logicalId}.Stage`, stageId);
  authorizerPermissions(ctx, api, 'http', ref(api.logicalId));
}

/**
 * Lambda permissions for Lambda authorizers (`Auth.Authorizers.<Name>.FunctionArn`): REST APIs
 * unless `DisableFunctionDefaultPermissions`, HTTP APIs only with `EnableFunctionDefaultPermissions`.
 */
function authorizerPermissions(
  ctx: SamContext,
  api: SamResource,
  kind: 'rest' | 'http',
  apiId: unknown,
): void {
  const auth = api.props.Auth;
  if (!isObject(auth) || !isObject(auth.Authorizers)) return;
  const base = ctx.propPointer(api, 'Auth', 'Authorizers');
  for (const [name, a] of Object.entries(auth.Authorizers)) {
    if (!isObject(a) || a.FunctionArn === undefined) continue;
    const enabled =
      kind === 'rest'
        ? a.DisableFunctionDefaultPermissions !== true
        : a.EnableFunctionDefaultPermissions === true;
    if (!enabled) continue;
    const partition = kind === 'rest' ? ctx.partition : '${AWS::Partition}';
    const props = {
      Action: 'lambda:InvokeFunction',
      FunctionName: a.FunctionArn,
      Principal: 'apigateway.amazonaws.com',
      SourceArn: sub(
        `arn:${partition}:execute-api:\${AWS::Region}:\${AWS::AccountId}:\${__ApiId__}/authorizers/*`,
        {
          __ApiId__: apiId,
        },
      ),
    };
    const at = childPointer(base, name);
    ctx.origins.at(props, at);
    ctx.emit(
      `${api.logicalId}${name}AuthorizerPermission`,
      { Type: 'AWS::Lambda::Permission', Properties: props, ...api.passthrough },
      at,
      api.logicalId,
    );
  }
}
