// API Gateway methods and routes, CloudFormation side: AWS::ApiGateway::Method (RestApiId,
// ResourceId, HttpMethod, AuthorizationType, Integration: Type, Uri, Credentials, RequestParameters,
// RequestTemplates, PassthroughBehavior), with its path
// from the AWS::ApiGateway::Resource chain (PathPart, ParentId) and the private endpoint from its
// AWS::ApiGateway::RestApi's EndpointConfiguration; AWS::ApiGatewayV2::Route (ApiId, RouteKey,
// AuthorizationType, Target `integrations/ID`) with its AWS::ApiGatewayV2::Integration
// (IntegrationType, IntegrationUri, IntegrationSubtype, CredentialsArn, RequestParameters), as the CloudFormation
// Template Reference documents them. Each becomes a model `ApiMethod`; what it means is
// src/aws/apigateway-methods.ts's.

import { type IntegrationRequest, integrationRequest } from '../../../aws/apigateway-integration-targets.js';
import { openApiMethods, webSocketRouteAuthorization } from '../../../aws/apigateway-methods.js';
import { ARN } from '../../../aws/arn-formats.js';
import { childPointer } from '../../../model/source.js';
import type { ApiIntegration } from '../../../model/types.js';
import { type Maybe, Unknown } from '../../../model/unknown.js';
import { artifactDir, readLocalDefinition } from '../local-artifacts.js';
import type { StackContext } from '../stack.js';
import { isRecord, NO_VALUE, type Resolved, scalarString } from '../values.js';
import type { CfnResourceScope, ResourceHandler } from './scope.js';

/** A string of a resolved value; Unknown when not a known string, `fallback` when absent. */
function text(
  scope: CfnResourceScope,
  v: Resolved | undefined,
  what: string,
  fallback?: string,
): Maybe<string> {
  if ((v === undefined || v === NO_VALUE || v === null) && fallback !== undefined) return fallback;
  const s = v === undefined || v === NO_VALUE ? undefined : scalarString(v);
  return typeof s === 'string' || s instanceof Unknown
    ? s
    : new Unknown(`${what} of ${scope.logicalId} is not a known string`, scope.source);
}

/** An optional string: undefined when absent. */
function optional(scope: CfnResourceScope, v: Resolved | undefined, what: string): Maybe<string> | undefined {
  return v === undefined || v === NO_VALUE || v === null ? undefined : text(scope, v, what);
}

/** A string map (RequestParameters, RequestTemplates): each value a string or Unknown; undefined when absent. */
function stringMap(
  scope: CfnResourceScope,
  v: Resolved | undefined,
  what: string,
): Maybe<Record<string, Maybe<string>>> | undefined {
  if (v === undefined || v === NO_VALUE || v === null) return undefined;
  if (v instanceof Unknown) return v;
  if (!isRecord(v)) return new Unknown(`${what} of ${scope.logicalId} is not a map`, scope.source);
  const out: Record<string, Maybe<string>> = {};
  for (const [k, x] of Object.entries(v)) out[k] = text(scope, x as Resolved, `${what}.${k}`);
  return out;
}

/**
 * What an integration writes into its request (request parameters, mapping templates, passthrough
 * behavior), under the property names `names` gives (CloudFormation's, or the OpenAPI extension's).
 */
function requestOf(
  scope: CfnResourceScope,
  raw: Record<string, unknown>,
  what: string,
  names: readonly [string, string, string] = ['RequestParameters', 'RequestTemplates', 'PassthroughBehavior'],
): IntegrationRequest {
  const [p, t, b] = names;
  return integrationRequest(
    stringMap(scope, raw[p] as Resolved, `${what}${p}`),
    stringMap(scope, raw[t] as Resolved, `${what}${t}`),
    optional(scope, raw[b] as Resolved, `${what}${b}`),
  );
}

/** The logical id a raw `{"Ref": X}` (or `{"Fn::GetAtt": [X, ...]}`) names, when X is a resource of the stack. */
function referenced(ctx: StackContext, raw: unknown): string | undefined {
  if (!isRecord(raw as Resolved)) return undefined;
  const r = raw as Record<string, unknown>;
  const id =
    typeof r.Ref === 'string'
      ? r.Ref
      : Array.isArray(r['Fn::GetAtt'])
        ? r['Fn::GetAtt'][0]
        : typeof r['Fn::GetAtt'] === 'string'
          ? r['Fn::GetAtt'].split('.')[0]
          : undefined;
  return typeof id === 'string' && ctx.resources.has(id) ? id : undefined;
}

/** The logical id of the first resource of type `type` a raw value refers to anywhere inside. */
function referencedOfType(ctx: StackContext, raw: unknown, type: string): string | undefined {
  const stack: unknown[] = [raw];
  while (stack.length) {
    const x = stack.pop();
    const id = referenced(ctx, x);
    if (id && ctx.resources.get(id)?.type === type) return id;
    if (x && typeof x === 'object') stack.push(...Object.values(x as object));
  }
  return undefined;
}

/** The API a method or route belongs to: its label, model id and whether it is private. */
interface ApiOf {
  label: string;
  arn: string | undefined;
  privateEndpoint: Maybe<boolean>;
  /** An HTTP API's execution ARN (`ApiOf.arn` is a REST API's), when its id is known. */
  executeArn?: string;
}

/**
 * The execution ARN of the HTTP API `id` of the stack (`arn:aws:execute-api:REGION:ACCOUNT:ID`,
 * its `Ref` being the API id), what `aws:SourceArn` holds when it invokes a Lambda function.
 */
function httpApiExecuteArn(scope: CfnResourceScope, id: string): { executeArn?: string } {
  const ref = scope.ctx.ref(id, scope.pointer());
  if (typeof ref !== 'string') return {};
  const env = { partition: scope.ctx.partition, region: scope.ctx.region, account: scope.account };
  return { executeArn: ARN.restApi(env, ref) };
}

/**
 * True when an EndpointConfiguration names PRIVATE (`Types: [PRIVATE]`, or SAM's `Type: PRIVATE`
 * or plain `PRIVATE` before translation); absent: not private (EDGE is the default).
 */
function isPrivate(v: Resolved | undefined): Maybe<boolean> {
  if (v === undefined || v === NO_VALUE || v === null) return false;
  if (v instanceof Unknown) return v;
  const types = isRecord(v) ? (v.Types ?? v.Type) : v;
  const list = Array.isArray(types) ? types : [types];
  const unknown = list.find((t): t is Unknown => t instanceof Unknown);
  if (list.some((t) => typeof t === 'string' && t.toUpperCase() === 'PRIVATE')) return true;
  return unknown ?? false;
}

/** How an API of the stack is named in messages: its `Name` written as text, else its logical id. */
function apiLabel(ctx: StackContext, id: string): string {
  const name = ctx.resources.get(id)?.properties.Name;
  return typeof name === 'string' ? name : id;
}

function apiOf(scope: CfnResourceScope, property: string, type: string): ApiOf {
  const raw = scope.resource.properties[property];
  const id = referenced(scope.ctx, raw);
  if (!id || scope.ctx.resources.get(id)?.type !== type) {
    const shown = scope.str(property);
    return {
      label: typeof shown === 'string' ? shown : `the API ${property} of ${scope.logicalId} names`,
      arn: undefined,
      privateEndpoint:
        type === 'AWS::ApiGateway::RestApi'
          ? new Unknown(
              `the REST API ${scope.logicalId} belongs to is not in the inputs`,
              scope.sourceOf(property),
            )
          : false,
    };
  }
  return {
    label: apiLabel(scope.ctx, id),
    arn: scope.registry.modelIds.get(scope.registry.key(scope.ctx, id)),
    privateEndpoint:
      type === 'AWS::ApiGateway::RestApi'
        ? isPrivate(scope.ctx.property(id, 'EndpointConfiguration'))
        : false,
    ...(type === 'AWS::ApiGatewayV2::Api' ? httpApiExecuteArn(scope, id) : {}),
  };
}

/** The path of an AWS::ApiGateway::Resource (`/orders/{id}`); the API's root resource: `/`. */
function resourcePath(scope: CfnResourceScope, raw: unknown, seen = new Set<string>()): Maybe<string> {
  const r = raw as Record<string, unknown> | undefined;
  if (
    isRecord(raw as Resolved) &&
    Array.isArray(r?.['Fn::GetAtt']) &&
    r['Fn::GetAtt'][1] === 'RootResourceId'
  )
    return '/';
  const id = referenced(scope.ctx, raw);
  if (!id || seen.has(id) || scope.ctx.resources.get(id)?.type !== 'AWS::ApiGateway::Resource')
    return new Unknown(
      `the resource path of ${scope.logicalId} is not known from the inputs`,
      scope.sourceOf('ResourceId'),
    );
  seen.add(id);
  const part = scope.ctx.property(id, 'PathPart');
  if (typeof part !== 'string')
    return new Unknown(`PathPart of ${id} is not a known string`, scope.sourceOf('ResourceId'));
  const parent = resourcePath(scope, scope.ctx.resources.get(id)!.properties.ParentId, seen);
  if (parent instanceof Unknown) return parent;
  return `${parent === '/' ? '' : parent}/${part}`;
}

const restMethod: ResourceHandler = {
  attach(scope) {
    const api = apiOf(scope, 'RestApiId', 'AWS::ApiGateway::RestApi');
    const method = text(scope, scope.prop('HttpMethod'), 'HttpMethod');
    const path = resourcePath(scope, scope.resource.properties.ResourceId);
    const route =
      method instanceof Unknown ? method : path instanceof Unknown ? path : `${method.toUpperCase()} ${path}`;
    const raw = scope.prop('Integration');
    let integration: Maybe<ApiIntegration> | undefined;
    if (raw instanceof Unknown) integration = raw;
    else if (isRecord(raw)) {
      integration = {
        type: text(scope, raw.Type as Resolved, 'Integration.Type'),
        uri: optional(scope, raw.Uri as Resolved, 'Integration.Uri'),
        credentials: optional(scope, raw.Credentials as Resolved, 'Integration.Credentials'),
        ...requestOf(scope, raw, 'Integration.'),
        source: scope.sourceOf('Integration'),
      };
    }
    scope.builder.addApiMethod({
      api: api.label,
      protocol: 'rest',
      apiArn: api.arn,
      privateEndpoint: api.privateEndpoint,
      route,
      // AuthorizationType absent: NONE (the API's default for a method without authorization)
      authorization: text(scope, scope.prop('AuthorizationType'), 'AuthorizationType', 'NONE'),
      integration,
      account: scope.account,
      source: scope.source,
      ...(scope.presence ? { presence: scope.presence } : {}),
    });
  },
};

/** The AWS::ApiGatewayV2::Integration a route's Target (`integrations/ID`) names. */
function routeIntegration(scope: CfnResourceScope): Maybe<ApiIntegration> | undefined {
  const raw = scope.resource.properties.Target;
  if (raw === undefined) return undefined;
  const id = referencedOfType(scope.ctx, raw, 'AWS::ApiGatewayV2::Integration');
  if (!id)
    return new Unknown(
      `the integration the Target of ${scope.logicalId} names is not in the inputs`,
      scope.sourceOf('Target'),
    );
  const prop = (name: string) => scope.ctx.property(id, name);
  const subtype = optional(scope, prop('IntegrationSubtype'), `IntegrationSubtype of ${id}`);
  return {
    type: text(scope, prop('IntegrationType'), `IntegrationType of ${id}`),
    uri: optional(scope, prop('IntegrationUri'), `IntegrationUri of ${id}`),
    ...(subtype !== undefined ? { subtype } : {}),
    credentials: optional(scope, prop('CredentialsArn'), `CredentialsArn of ${id}`),
    ...requestOf(
      scope,
      {
        RequestParameters: prop('RequestParameters'),
        RequestTemplates: prop('RequestTemplates'),
        PassthroughBehavior: prop('PassthroughBehavior'),
      },
      `${id} `,
    ),
    source: scope.ctx.sourceAt(scope.ctx.resources.get(id)!.pointer, id),
  };
}

/**
 * For a route of a WebSocket API (`ProtocolType: WEBSOCKET`): the AuthorizationType of the API's
 * `$connect` route (undefined: none in the stack); `{}` for an HTTP API. An API outside the stack
 * may be a WebSocket API whose `$connect` is open: Unknown.
 */
function connectAuthorization(scope: CfnResourceScope): { connect?: Maybe<string> | undefined } {
  const apiId = referenced(scope.ctx, scope.resource.properties.ApiId);
  if (!apiId)
    return {
      connect: new Unknown(
        `the API of ${scope.logicalId} is not in the inputs: it may be a WebSocket API whose $connect route is open`,
        scope.sourceOf('ApiId'),
      ),
    };
  const protocol = scope.ctx.property(apiId, 'ProtocolType');
  if (typeof protocol === 'string' && protocol.toUpperCase() !== 'WEBSOCKET') return {};
  for (const [id, r] of scope.ctx.resources) {
    if (r.type !== 'AWS::ApiGatewayV2::Route' || referenced(scope.ctx, r.properties.ApiId) !== apiId)
      continue;
    if (scope.ctx.property(id, 'RouteKey') !== '$connect') continue;
    return {
      connect: text(scope, scope.ctx.property(id, 'AuthorizationType'), `AuthorizationType of ${id}`, 'NONE'),
    };
  }
  return { connect: undefined };
}

const httpRoute: ResourceHandler = {
  attach(scope) {
    const api = apiOf(scope, 'ApiId', 'AWS::ApiGatewayV2::Api');
    const routeKey = text(scope, scope.prop('RouteKey'), 'RouteKey');
    const own = text(scope, scope.prop('AuthorizationType'), 'AuthorizationType', 'NONE');
    const webSocket = connectAuthorization(scope);
    scope.builder.addApiMethod({
      api: api.label,
      protocol: 'http',
      apiArn: undefined,
      ...(api.executeArn ? { executeArn: api.executeArn } : {}),
      privateEndpoint: false,
      route: routeKey,
      authorization:
        'connect' in webSocket ? webSocketRouteAuthorization(routeKey, own, webSocket.connect) : own,
      integration: routeIntegration(scope),
      account: scope.account,
      source: scope.source,
      ...(scope.presence ? { presence: scope.presence } : {}),
    });
  },
};

/**
 * The OpenAPI definition a REST or HTTP API imports (`Body`, or a local `BodyS3Location` file
 * `aws cloudformation package` uploads), or why it is not in the inputs; undefined when it has none.
 */
function definitionOf(scope: CfnResourceScope): Record<string, unknown> | Unknown | undefined {
  const body = scope.prop('Body');
  if (body instanceof Unknown) return body;
  if (isRecord(body)) return body as Record<string, unknown>;
  if (!scope.has('BodyS3Location')) return undefined;
  const local = readLocalDefinition(
    scope.prop('BodyS3Location'),
    artifactDir(scope.ctx.file, scope.ctx.baseDir),
  );
  if (local?.read) return local.document as Record<string, unknown>;
  return new Unknown(
    `the OpenAPI definition of ${scope.logicalId} is not in the inputs (BodyS3Location${local && !local.read ? `: ${local.why}` : ''}): its methods are unknown`,
    scope.sourceOf('BodyS3Location'),
  );
}

/** The `x-amazon-apigateway-integration` of an OpenAPI operation as an integration. */
function openApiIntegration(
  scope: CfnResourceScope,
  raw: unknown,
  at: string[],
): Maybe<ApiIntegration> | undefined {
  if (raw === undefined || raw === NO_VALUE || raw === null) return undefined;
  if (raw instanceof Unknown) return raw;
  if (!isRecord(raw as Resolved)) return undefined;
  const r = raw as Record<string, Resolved>;
  const what = `x-amazon-apigateway-integration of ${at.slice(1).join(' ')}`;
  const subtype = optional(scope, r.integrationSubtype, `${what}: integrationSubtype`);
  return {
    type: text(scope, r.type, `${what}: type`),
    uri: optional(scope, r.uri, `${what}: uri`),
    ...(subtype !== undefined ? { subtype } : {}),
    credentials: optional(scope, r.credentials, `${what}: credentials`),
    ...requestOf(scope, r, `${what}: `, ['requestParameters', 'requestTemplates', 'passthroughBehavior']),
    source: scope.ctx.sourceAt(childPointer(scope.pointer('Body'), ...at), scope.logicalId),
  };
}

/**
 * An HTTP API made by quick create (`Target`, `CredentialsArn`): API Gateway makes a `$default`
 * route without authorization to that integration (AWS::ApiGatewayV2::Api, Target: "This
 * property is part of quick create. Quick create produces an API with an integration, a default
 * catch-all route, and a default stage").
 */
function quickCreateRoute(scope: CfnResourceScope): void {
  scope.builder.addApiMethod({
    api: apiLabel(scope.ctx, scope.logicalId),
    protocol: 'http',
    apiArn: undefined,
    ...httpApiExecuteArn(scope, scope.logicalId),
    privateEndpoint: false,
    route: '$default',
    authorization: 'NONE',
    integration: {
      type: 'AWS_PROXY',
      uri: optional(scope, scope.prop('Target'), 'Target'),
      credentials: optional(scope, scope.prop('CredentialsArn'), 'CredentialsArn'),
      source: scope.sourceOf('Target'),
    },
    account: scope.account,
    source: scope.sourceOf('Target'),
    ...(scope.presence ? { presence: scope.presence } : {}),
  });
}

/**
 * The methods of a REST or HTTP API's OpenAPI definition (aws/apigateway-methods.ts
 * `openApiMethods`); a definition outside the inputs: one method of unknown route, authorization
 * and integration, so that the API's methods may be open (indeterminate), never none.
 */
function definitionHandler(protocol: 'rest' | 'http'): ResourceHandler {
  return {
    attach(scope) {
      if (protocol === 'http' && scope.has('Target')) quickCreateRoute(scope);
      const definition = definitionOf(scope);
      if (definition === undefined) return;
      const label = apiLabel(scope.ctx, scope.logicalId);
      const base = {
        api: label,
        protocol,
        apiArn: protocol === 'rest' ? scope.modelId() : undefined,
        ...(protocol === 'http' ? httpApiExecuteArn(scope, scope.logicalId) : {}),
        privateEndpoint: protocol === 'rest' ? isPrivate(scope.prop('EndpointConfiguration')) : false,
        account: scope.account,
        ...(scope.presence ? { presence: scope.presence } : {}),
      };
      const methods = definition instanceof Unknown ? definition : openApiMethods(definition);
      if (methods instanceof Unknown) {
        scope.builder.addApiMethod({
          ...base,
          route: methods,
          authorization: methods,
          integration: methods,
          source: methods.source ?? scope.source,
        });
        return;
      }
      for (const m of methods)
        scope.builder.addApiMethod({
          ...base,
          route: m.route,
          authorization: m.authorization,
          integration: openApiIntegration(scope, m.integration, m.at),
          source: scope.ctx.sourceAt(childPointer(scope.pointer('Body'), ...m.at), scope.logicalId),
        });
    },
  };
}

export const API_METHOD_HANDLERS: Readonly<Record<string, ResourceHandler>> = {
  'AWS::ApiGateway::Method': restMethod,
  'AWS::ApiGatewayV2::Route': httpRoute,
  'AWS::ApiGateway::RestApi': definitionHandler('rest'),
  'AWS::ApiGatewayV2::Api': definitionHandler('http'),
};
