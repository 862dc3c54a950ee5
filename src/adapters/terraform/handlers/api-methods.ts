// API Gateway methods and routes in Terraform: aws_api_gateway_method (rest_api_id, resource_id,
// http_method, authorization) with its aws_api_gateway_integration (the one of the same
// rest_api_id, resource_id and http_method: type, uri, credentials, request_parameters,
// request_templates, passthrough_behavior), its path from the
// aws_api_gateway_resource chain (path, else path_part and parent_id) and the private endpoint
// from its aws_api_gateway_rest_api's endpoint_configuration.types; aws_apigatewayv2_route
// (api_id, route_key, authorization_type, target `integrations/ID`) with its
// aws_apigatewayv2_integration (integration_type, integration_uri, integration_subtype,
// credentials_arn, request_parameters), as the Terraform AWS provider documents them. Each becomes a model
// `ApiMethod`; what it means is src/aws/apigateway-methods.ts's.

import { type IntegrationRequest, integrationRequest } from '../../../aws/apigateway-integration-targets.js';
import { openApiMethods, webSocketRouteAuthorization } from '../../../aws/apigateway-methods.js';
import type { ApiIntegration } from '../../../model/types.js';
import { isUnknown, type Maybe, Unknown } from '../../../model/unknown.js';
import { yamldecode } from '../eval/fn-text.js';
import type { TfInstance } from '../instances.js';
import { stringOrUnknown, type TfLoadState } from './context.js';

/** The API Gateway resource types this module reads from other instances. */
export const API_GATEWAY_TYPES: ReadonlySet<string> = new Set([
  'aws_api_gateway_rest_api',
  'aws_api_gateway_resource',
  'aws_api_gateway_integration',
  'aws_apigatewayv2_api',
  'aws_apigatewayv2_integration',
  'aws_apigatewayv2_route',
]);

function text(inst: TfInstance, attr: string, fallback?: string): Maybe<string> {
  const v = inst.values[attr];
  if ((v === undefined || v === null) && fallback !== undefined) return fallback;
  return (
    stringOrUnknown(v) ?? new Unknown(`${inst.address}: ${attr} is not a known string`, inst.attrSource(attr))
  );
}

function optional(inst: TfInstance, attr: string): Maybe<string> | undefined {
  const v = inst.values[attr];
  return v === undefined || v === null || v === '' ? undefined : text(inst, attr);
}

/**
 * A string map (`request_parameters`, `request_templates`, or a body's `requestParameters`): each
 * value a string or Unknown (`why` names what is not known); undefined when absent.
 */
function stringMap(
  v: unknown,
  why: (what: string) => Unknown,
  what: string,
): Maybe<Record<string, Maybe<string>>> | undefined {
  if (v === undefined || v === null) return undefined;
  if (isUnknown(v)) return v;
  if (typeof v !== 'object' || Array.isArray(v)) return why(`${what} is not a map`);
  const out: Record<string, Maybe<string>> = {};
  for (const [k, x] of Object.entries(v as Record<string, unknown>))
    out[k] = stringOrUnknown(x) ?? why(`${what}["${k}"] is not a known string`);
  return out;
}

/** What an integration writes into its request: request parameters, templates, passthrough behavior. */
function requestOf(inst: TfInstance): IntegrationRequest {
  const why = (attr: string) => (what: string) =>
    new Unknown(`${inst.address}: ${what}`, inst.attrSource(attr));
  return integrationRequest(
    stringMap(inst.values.request_parameters, why('request_parameters'), 'request_parameters'),
    stringMap(inst.values.request_templates, why('request_templates'), 'request_templates'),
    optional(inst, 'passthrough_behavior'),
  );
}

/** The instance of `type` an attribute refers to, among `instances`. */
function referencedOfType(
  instances: readonly TfInstance[],
  inst: TfInstance,
  attr: string,
  type: string,
): TfInstance | undefined {
  const refs = inst.references(attr);
  return instances.find(
    (i) => i.type === type && refs.some((r) => r === i.address || r.startsWith(`${i.address}.`)),
  );
}

/** Two instances name the same thing by `attr`: the same known value, else the same references. */
function same(a: TfInstance, b: TfInstance, attr: string): boolean {
  const x = a.values[attr];
  const y = b.values[attr];
  if (typeof x === 'string' && typeof y === 'string') return x === y;
  const rx = a.references(attr);
  const ry = b.references(attr);
  return rx.length > 0 && rx.length === ry.length && rx.every((r) => ry.includes(r));
}

/** True when `endpoint_configuration.types` names PRIVATE; absent: EDGE, not private. */
function isPrivate(api: TfInstance): Maybe<boolean> {
  const conf = api.values.endpoint_configuration;
  if (conf === undefined || conf === null) return false;
  if (isUnknown(conf)) return conf;
  const first = Array.isArray(conf) ? conf[0] : conf;
  if (first === undefined || first === null) return false;
  if (isUnknown(first)) return first;
  const types = (first as Record<string, unknown>).types;
  if (isUnknown(types)) return types;
  const list = Array.isArray(types) ? types : [types];
  if (list.some((t) => typeof t === 'string' && t.toUpperCase() === 'PRIVATE')) return true;
  return list.find((t): t is Unknown => isUnknown(t)) ?? false;
}

/** The path of an aws_api_gateway_resource (its `path`, else its parent's and `path_part`). */
function resourcePath(ctx: TfLoadState, inst: TfInstance, seen = new Set<string>()): Maybe<string> {
  const known = inst.values.path;
  if (typeof known === 'string') return known;
  const instances = ctx.apiGatewayInstances;
  const part = inst.values.path_part;
  if (seen.has(inst.address) || typeof part !== 'string')
    return new Unknown(`${inst.address}: the resource path is not known`, inst.attrSource('path_part'));
  seen.add(inst.address);
  const parent = referencedOfType(instances, inst, 'parent_id', 'aws_api_gateway_resource');
  const root = referencedOfType(instances, inst, 'parent_id', 'aws_api_gateway_rest_api');
  const up = parent ? resourcePath(ctx, parent, seen) : root ? '/' : undefined;
  if (up === undefined)
    return new Unknown(
      `${inst.address}: the parent resource is not in the inputs`,
      inst.attrSource('parent_id'),
    );
  if (isUnknown(up)) return up;
  return `${up === '/' ? '' : up}/${part}`;
}

/** The path of the resource a method's resource_id names: the API's root, or a resource's. */
function methodPath(ctx: TfLoadState, method: TfInstance): Maybe<string> {
  const instances = ctx.apiGatewayInstances;
  const resource = referencedOfType(instances, method, 'resource_id', 'aws_api_gateway_resource');
  if (resource) return resourcePath(ctx, resource);
  if (referencedOfType(instances, method, 'resource_id', 'aws_api_gateway_rest_api')) return '/';
  return new Unknown(
    `${method.address}: the resource path is not known from the inputs`,
    method.attrSource('resource_id'),
  );
}

/**
 * An aws_apigatewayv2_api's `execution_arn` (what `aws:SourceArn` holds when it invokes a Lambda
 * function), when known.
 */
function executeArnOf(api: TfInstance): { executeArn?: string } {
  const arn = api.values.execution_arn;
  return typeof arn === 'string' ? { executeArn: arn } : {};
}

const presenceOf = (inst: TfInstance) => (inst.presence ? { presence: inst.presence } : {});

export function handleRestMethod(ctx: TfLoadState, inst: TfInstance): void {
  const instances = ctx.apiGatewayInstances;
  const api = referencedOfType(instances, inst, 'rest_api_id', 'aws_api_gateway_rest_api');
  const method = text(inst, 'http_method');
  const path = methodPath(ctx, inst);
  const route = isUnknown(method) ? method : isUnknown(path) ? path : `${method.toUpperCase()} ${path}`;
  const integrations = instances.filter(
    (i) =>
      i.type === 'aws_api_gateway_integration' &&
      same(i, inst, 'rest_api_id') &&
      same(i, inst, 'resource_id') &&
      same(i, inst, 'http_method'),
  );
  const found = integrations[0];
  // A method whose integration the inputs do not hold may have one made elsewhere.
  const integration: Maybe<ApiIntegration> = found
    ? {
        type: text(found, 'type'),
        uri: optional(found, 'uri'),
        credentials: optional(found, 'credentials'),
        ...requestOf(found),
        source: found.source,
      }
    : new Unknown(
        `no aws_api_gateway_integration of the inputs is the integration of ${inst.address}`,
        inst.source,
      );
  const name = api && typeof api.values.name === 'string' ? api.values.name : undefined;
  ctx.builder.addApiMethod({
    api: name ?? api?.address ?? `the REST API ${inst.address} names`,
    protocol: 'rest',
    apiArn: api ? ctx.byAddress.get(api.address)?.id : undefined,
    privateEndpoint: api
      ? isPrivate(api)
      : new Unknown(`${inst.address}: its REST API is not in the inputs`, inst.attrSource('rest_api_id')),
    route,
    authorization: text(inst, 'authorization'),
    integration,
    account: ctx.env.account,
    source: inst.source,
    ...presenceOf(inst),
  });
}

/**
 * The aws_apigatewayv2_integration a route's `target` (`integrations/ID`) names: the one whose id
 * it holds, when both are known (a plan); else the only integration of the route's API (the
 * target is an interpolation, `"integrations/${aws_apigatewayv2_integration.x.id}"`, whose text
 * links to no attribute); undefined when that does not pin one down.
 */
function routeTarget(instances: readonly TfInstance[], route: TfInstance): TfInstance | undefined {
  const target = route.values.target;
  const ofApi = instances.filter(
    (i) => i.type === 'aws_apigatewayv2_integration' && same(i, route, 'api_id'),
  );
  if (typeof target === 'string') {
    const byId = ofApi.find(
      (i) => typeof i.values.id === 'string' && target === `integrations/${i.values.id}`,
    );
    if (byId) return byId;
  }
  return ofApi.length === 1 ? ofApi[0] : undefined;
}

/**
 * For a route of a WebSocket API (`protocol_type = "WEBSOCKET"`): the authorization_type of the
 * API's `$connect` route (undefined: none in the inputs); `{}` for an HTTP API. An API outside the
 * inputs may be a WebSocket API whose `$connect` is open: Unknown.
 */
function connectAuthorization(
  instances: readonly TfInstance[],
  inst: TfInstance,
  api: TfInstance | undefined,
): { connect?: Maybe<string> | undefined } {
  if (!api)
    return {
      connect: new Unknown(
        `${inst.address}: its API is not in the inputs: it may be a WebSocket API whose $connect route is open`,
        inst.attrSource('api_id'),
      ),
    };
  const protocol = api.values.protocol_type;
  if (typeof protocol === 'string' && protocol.toUpperCase() !== 'WEBSOCKET') return {};
  const connect = instances.find(
    (i) =>
      i.type === 'aws_apigatewayv2_route' && same(i, inst, 'api_id') && i.values.route_key === '$connect',
  );
  return { connect: connect ? text(connect, 'authorization_type', 'NONE') : undefined };
}

export function handleHttpRoute(ctx: TfLoadState, inst: TfInstance): void {
  const instances = ctx.apiGatewayInstances;
  const api = referencedOfType(instances, inst, 'api_id', 'aws_apigatewayv2_api');
  const routeKey = text(inst, 'route_key');
  const own = text(inst, 'authorization_type', 'NONE');
  const webSocket = connectAuthorization(instances, inst, api);
  const target = routeTarget(instances, inst);
  let integration: Maybe<ApiIntegration> | undefined;
  if (target) {
    const subtype = optional(target, 'integration_subtype');
    integration = {
      type: text(target, 'integration_type'),
      uri: optional(target, 'integration_uri'),
      ...(subtype !== undefined ? { subtype } : {}),
      credentials: optional(target, 'credentials_arn'),
      ...requestOf(target),
      source: target.source,
    };
  } else if (inst.values.target !== undefined && inst.values.target !== null)
    integration = new Unknown(
      `${inst.address}: which integration its target names is not known from the inputs`,
      inst.attrSource('target'),
    );
  const name = api && typeof api.values.name === 'string' ? api.values.name : undefined;
  ctx.builder.addApiMethod({
    api: name ?? api?.address ?? `the API ${inst.address} names`,
    protocol: 'http',
    apiArn: undefined,
    ...(api ? executeArnOf(api) : {}),
    privateEndpoint: false,
    route: routeKey,
    authorization:
      'connect' in webSocket ? webSocketRouteAuthorization(routeKey, own, webSocket.connect) : own,
    integration,
    account: ctx.env.account,
    source: inst.source,
    ...presenceOf(inst),
  });
}

/** The request parameters, templates and passthrough behavior of a body's integration object. */
function bodyRequest(inst: TfInstance, r: Record<string, unknown>): IntegrationRequest {
  const why = (what: string) => new Unknown(`${inst.address}: body ${what}`, inst.attrSource('body'));
  const b = r.passthroughBehavior;
  return integrationRequest(
    stringMap(r.requestParameters, why, 'requestParameters'),
    stringMap(r.requestTemplates, why, 'requestTemplates'),
    b === undefined || b === null
      ? undefined
      : (stringOrUnknown(b) ?? why('passthroughBehavior is not a known string')),
  );
}

/** An `x-amazon-apigateway-integration` object of a body as an integration. */
function bodyIntegration(inst: TfInstance, raw: unknown): Maybe<ApiIntegration> | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (isUnknown(raw)) return raw;
  if (typeof raw !== 'object') return undefined;
  const r = raw as Record<string, unknown>;
  const str = (v: unknown, what: string): Maybe<string> | undefined =>
    v === undefined || v === null
      ? undefined
      : (stringOrUnknown(v) ??
        new Unknown(`${inst.address}: body ${what} is not a known string`, inst.attrSource('body')));
  const subtype = str(r.integrationSubtype, 'integrationSubtype');
  return {
    type:
      str(r.type, 'integration type') ??
      new Unknown(`${inst.address}: an integration of body has no type`, inst.attrSource('body')),
    uri: str(r.uri, 'integration uri'),
    ...(subtype !== undefined ? { subtype } : {}),
    credentials: str(r.credentials, 'integration credentials'),
    ...bodyRequest(inst, r),
    source: inst.attrSource('body'),
  };
}

/**
 * The OpenAPI definition a known `body` text holds: JSON, else YAML (`file("api.yaml")`; API
 * Gateway imports either: API Reference, ImportRestApi: "The POST request body containing external
 * API definitions. Currently, only OpenAPI definition JSON/YAML files are supported."), or why it
 * holds none. The one reading of a body for its methods and its `x-amazon-apigateway-policy`
 * (handlers/resources.ts).
 */
export function parseApiBody(body: string): { definition: Record<string, unknown> } | { why: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    try {
      parsed = yamldecode(body);
    } catch (e) {
      return { why: `body is neither JSON nor YAML (${(e as Error).message})` };
    }
  }
  return parsed && typeof parsed === 'object' && !Array.isArray(parsed)
    ? { definition: parsed as Record<string, unknown> }
    : { why: 'body is no OpenAPI object' };
}

/** `parseApiBody` of a known `body` value (text, or an object already decoded). */
function bodyDefinition(inst: TfInstance, body: unknown): Maybe<Record<string, unknown>> {
  if (body && typeof body === 'object' && !Array.isArray(body)) return body as Record<string, unknown>;
  const read = typeof body === 'string' ? parseApiBody(body) : { why: 'body is no OpenAPI object' };
  return 'definition' in read
    ? read.definition
    : new Unknown(`${inst.address}: ${read.why}`, inst.attrSource('body'));
}

/**
 * The methods of an API's OpenAPI `body` (aws/apigateway-methods.ts `openApiMethods`); a body
 * known only after apply, or neither JSON nor YAML: one method of unknown route, authorization and
 * integration.
 */
function handleApiBody(ctx: TfLoadState, inst: TfInstance, protocol: 'rest' | 'http'): void {
  const body = inst.values.body;
  if (body === undefined || body === null || body === '') return;
  const definition: Maybe<Record<string, unknown>> = isUnknown(body) ? body : bodyDefinition(inst, body);
  const methods = isUnknown(definition) ? definition : openApiMethods(definition);
  const base = {
    api: typeof inst.values.name === 'string' ? inst.values.name : inst.address,
    protocol,
    apiArn: protocol === 'rest' ? ctx.byAddress.get(inst.address)?.id : undefined,
    ...(protocol === 'http' ? executeArnOf(inst) : {}),
    privateEndpoint: protocol === 'rest' ? isPrivate(inst) : false,
    account: ctx.env.account,
    source: inst.attrSource('body'),
    ...presenceOf(inst),
  };
  if (isUnknown(methods)) {
    ctx.builder.addApiMethod({ ...base, route: methods, authorization: methods, integration: methods });
    return;
  }
  for (const m of methods)
    ctx.builder.addApiMethod({
      ...base,
      route: m.route,
      authorization: m.authorization,
      integration: bodyIntegration(inst, m.integration),
    });
}

export const handleRestApiBody = (ctx: TfLoadState, inst: TfInstance) => handleApiBody(ctx, inst, 'rest');
export const handleHttpApiBody = (ctx: TfLoadState, inst: TfInstance) => handleApiBody(ctx, inst, 'http');
