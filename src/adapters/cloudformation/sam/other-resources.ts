// The SAM resource types that create no role of their own: AWS::Serverless::SimpleTable (a
// DynamoDB table, whose ARN policies and templates name), AWS::Serverless::LayerVersion (a Lambda
// layer version) and AWS::Serverless::Application (a nested stack: a local template is loaded as
// one, an application from the Serverless Application Repository or a remote URL cannot be read
// offline and is reported). Types iamspec does not expand (GraphQLApi, WebSocketApi,
// CapacityProvider) are kept as written, with a warning, a stand-in role for what they create and
// a Lambda permission for an unknown caller on each function of the template they name.

import { childPointer } from '../../../model/source.js';
import type { SamContext, SamResource } from './context.js';
import { standInPrincipalName, unknownPath } from '../../../model/stand-ins.js';
import { isObject, s3Location } from './intrinsics.js';
import { TEMPLATE_NOT_FOUND_REPORTED } from '../handlers/deployments.js';

function emitAs(
  ctx: SamContext,
  res: SamResource,
  type: string,
  props: Record<string, unknown>,
  extra: Record<string, unknown> = {},
): void {
  ctx.origins.at(props, childPointer(res.pointer, 'Properties'), true);
  ctx.emit(
    res.logicalId,
    { Type: type, Properties: props, ...ctx.passthrough(res), ...extra },
    res.pointer,
    res.logicalId,
  );
}

const ATTRIBUTE_TYPES: Record<string, string> = { String: 'S', Number: 'N', Binary: 'B' };

export function expandSimpleTable(ctx: SamContext, res: SamResource): void {
  const p = res.props;
  const pk = isObject(p.PrimaryKey) ? p.PrimaryKey : undefined;
  const name = pk?.Name ?? 'id';
  const type = pk ? (typeof pk.Type === 'string' ? (ATTRIBUTE_TYPES[pk.Type] ?? pk.Type) : pk.Type) : 'S';
  const props: Record<string, unknown> = {
    AttributeDefinitions: [{ AttributeName: name, AttributeType: type }],
    KeySchema: [{ AttributeName: name, KeyType: 'HASH' }],
  };
  if (p.ProvisionedThroughput !== undefined) props.ProvisionedThroughput = p.ProvisionedThroughput;
  else props.BillingMode = 'PAY_PER_REQUEST';
  for (const k of ['TableName', 'SSESpecification', 'PointInTimeRecoverySpecification'])
    if (p[k] !== undefined) props[k] = p[k];
  if (isObject(p.Tags)) props.Tags = Object.entries(p.Tags).map(([Key, Value]) => ({ Key, Value }));
  emitAs(ctx, res, 'AWS::DynamoDB::Table', props);
}

/**
 * The layer version keeps the SAM logical id (the translator appends a content hash so that a new
 * version is published on change; the name and permissions do not depend on it).
 */
export function expandLayerVersion(ctx: SamContext, res: SamResource): void {
  const p = res.props;
  const props: Record<string, unknown> = { LayerName: p.LayerName ?? res.logicalId };
  for (const k of ['Description', 'CompatibleRuntimes', 'CompatibleArchitectures', 'LicenseInfo'])
    if (p[k] !== undefined) props[k] = p[k];
  const uri = p.ContentUri;
  props.Content = s3Location(uri);
  emitAs(ctx, res, 'AWS::Lambda::LayerVersion', props);
}

/**
 * A local `Location` (a template path, before `sam package`) becomes a nested stack whose template
 * is loaded like any nested stack's; other locations cannot be read offline.
 */
export function expandApplication(ctx: SamContext, res: SamResource): void {
  const p = res.props;
  const loc = p.Location;
  const at = ctx.propPointer(res, 'Location');
  const props: Record<string, unknown> = {};
  if (p.Parameters !== undefined) props.Parameters = p.Parameters;
  if (p.NotificationARNs !== undefined) props.NotificationARNs = p.NotificationARNs;
  if (p.TimeoutInMinutes !== undefined) props.TimeoutInMinutes = p.TimeoutInMinutes;
  const local = typeof loc === 'string' && !/^(https?|s3):\/\//i.test(loc) ? loc : undefined;
  if (local !== undefined) {
    props.TemplateURL = local;
    emitAs(ctx, res, 'AWS::CloudFormation::Stack', props, { Metadata: { 'aws:asset:path': local } });
    return;
  }
  const what = isObject(loc)
    ? `application ${JSON.stringify(loc.ApplicationId ?? '?')} of the Serverless Application Repository`
    : `the template at ${typeof loc === 'string' ? loc : 'an unresolved Location'}`;
  ctx.finding(
    'sam/application-not-expanded',
    'warning',
    `${res.logicalId} deploys ${what}, which iamspec cannot read offline; the roles, policies and resources it creates are unknown (a stand-in role and user with unknown trust and policies; give its template as an input to check it)`,
    at,
  );
  props.TemplateURL =
    typeof loc === 'string' ? loc : ctx.unknown(`the template of application ${res.logicalId}`, at);
  // A nested stack whose template is not found: its stand-in principals are the loader's
  // (adapters/cloudformation/handlers/deployments.ts); the marker keeps the loader from
  // reporting the same missing template a second time (cfn/nested-template-not-found).
  emitAs(ctx, res, 'AWS::CloudFormation::Stack', props, {
    Metadata: { [TEMPLATE_NOT_FOUND_REPORTED]: 'sam/application-not-expanded' },
  });
}

/** A SAM type iamspec does not expand: kept as written, with a warning and a stand-in role. */
export function keepUnexpanded(ctx: SamContext, res: SamResource): void {
  ctx.finding(
    'sam/unsupported-resource',
    'warning',
    `${res.type} ${res.logicalId} is not expanded by iamspec; the roles, permissions and policies SAM generates for it are unknown (a stand-in role with unknown trust and policies)`,
    res.pointer,
  );
  ctx.resources.set(res.logicalId, res.raw);
  standInRole(
    ctx,
    res,
    `SAM generates roles for ${res.type} ${res.logicalId}, which iamspec does not expand`,
    res.pointer,
  );
  unknownFunctionPermissions(ctx, res);
}

const FUNCTION_TYPES = new Set(['AWS::Serverless::Function', 'AWS::Lambda::Function']);

/** The functions of the template a node refers to (`Ref`, `Fn::GetAtt X.Arn`, `${X}` / `${X.Arn}` in `Fn::Sub`). */
function referencedFunctions(ctx: SamContext, node: unknown, out: Set<string>, depth = 0): void {
  if (depth > 64 || node === null || typeof node !== 'object') return;
  const resources = isObject(ctx.template.Resources) ? ctx.template.Resources : {};
  const note = (id: unknown): void => {
    const r = typeof id === 'string' ? resources[id] : undefined;
    if (isObject(r) && typeof r.Type === 'string' && FUNCTION_TYPES.has(r.Type)) out.add(id as string);
  };
  if (Array.isArray(node)) {
    for (const x of node) referencedFunctions(ctx, x, out, depth + 1);
    return;
  }
  const o = node as Record<string, unknown>;
  if (typeof o.Ref === 'string') note(o.Ref);
  const getAtt = o['Fn::GetAtt'];
  if (Array.isArray(getAtt)) note(getAtt[0]);
  else if (typeof getAtt === 'string') note(getAtt.split('.')[0]);
  const subText = Array.isArray(o['Fn::Sub']) ? o['Fn::Sub'][0] : o['Fn::Sub'];
  if (typeof subText === 'string')
    for (const m of subText.matchAll(/\$\{([A-Za-z0-9]+)(?:\.Arn)?\}/g)) note(m[1]);
  for (const v of Object.values(o)) referencedFunctions(ctx, v, out, depth + 1);
}

/**
 * SAM writes Lambda permissions for the functions a type it generates resources for names: a
 * WebSocketApi's routes and Lambda authorizer (`<Api><Route>Permission`, Principal
 * `apigateway.amazonaws.com`), a GraphQLApi's Lambda authorizers and data sources (Principal
 * `appsync.amazonaws.com`), as the translator's outputs show (tests/translator/output/
 * websocket_api_simple.json `MyApiConnectPermission`, graphqlapi_multiple_auth.json
 * `SuperCoolAPIToLambdaAuthConnector1WriteLambdaPermission`). For a type iamspec does not expand,
 * each function of the template it refers to gets a permission whose principal is unknown: who
 * may invoke it stays indeterminate, never only the callers the inputs show.
 */
function unknownFunctionPermissions(ctx: SamContext, res: SamResource): void {
  const functions = new Set<string>();
  referencedFunctions(ctx, res.props, functions);
  for (const fn of functions) {
    const props: Record<string, unknown> = {
      Action: 'lambda:InvokeFunction',
      FunctionName: { 'Fn::GetAtt': [fn, 'Arn'] },
      Principal: ctx.unknown(
        `the caller SAM may allow to invoke ${fn} for ${res.type} ${res.logicalId}, which iamspec does not expand`,
        res.pointer,
      ),
    };
    ctx.origins.at(props, res.pointer);
    ctx.emit(
      `${res.logicalId}${fn}UnknownPermission`,
      { Type: 'AWS::Lambda::Permission', Properties: props, ...ctx.passthrough(res) },
      res.pointer,
      res.logicalId,
    );
  }
}

/**
 * What a resource that is not expanded creates is unknown: it may create roles (SAM generates
 * them for GraphQL API data sources; an application's template may hold any) that anyone might
 * assume and that may hold any policy. A stand-in role with an unknown trust policy and an
 * unknown policy keeps the decisions that depend on them indeterminate instead of silently
 * absent. Its name and path are unknown (`standInPrincipalName`, `unknownPath`).
 */
export function standInRole(ctx: SamContext, res: SamResource, why: string, at: string): void {
  const props = {
    RoleName: standInPrincipalName(res.logicalId),
    Path: unknownPath(res.logicalId),
    AssumeRolePolicyDocument: ctx.unknown(why, at),
    Policies: [{ PolicyName: 'unknown', PolicyDocument: ctx.unknown(why, at) }],
  };
  ctx.origins.at(props, at);
  ctx.emit(
    `${res.logicalId}StandInRole`,
    { Type: 'AWS::IAM::Role', Properties: props, ...ctx.passthrough(res) },
    at,
    res.logicalId,
  );
}
