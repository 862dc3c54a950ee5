// The `Globals` section of a SAM template merged into each resource, as the SAM specification
// ("Globals section of the AWS SAM template",
// https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-specification-template-anatomy-globals.html)
// and the translator's GlobalProperties document it: a resource's own value wins for scalars and
// mismatched kinds (an intrinsic counts as a scalar), maps merge key by key, lists concatenate
// (Globals first). `IgnoreGlobals` (`*` or a list of property names) opts a resource out.
// Merged nodes are new objects whose keys are tagged with their original pointers.

import { childPointer } from '../../../model/source.js';
import type { SamContext } from './context.js';
import { isIntrinsic, isObject } from './intrinsics.js';

/** Globals sections and the properties each may set (the translator's supported_properties). */
const SUPPORTED: Record<string, readonly string[]> = {
  Function: [
    'Handler',
    'Runtime',
    'CodeUri',
    'DeadLetterQueue',
    'Description',
    'MemorySize',
    'Timeout',
    'VpcConfig',
    'Environment',
    'Tags',
    'PropagateTags',
    'Tracing',
    'KmsKeyArn',
    'AutoPublishAlias',
    'AutoPublishAliasAllProperties',
    'Layers',
    'DeploymentPreference',
    'RolePath',
    'PermissionsBoundary',
    'ReservedConcurrentExecutions',
    'ProvisionedConcurrencyConfig',
    'AssumeRolePolicyDocument',
    'EventInvokeConfig',
    'FileSystemConfigs',
    'CodeSigningConfigArn',
    'Architectures',
    'SnapStart',
    'EphemeralStorage',
    'FunctionUrlConfig',
    'RuntimeManagementConfig',
    'LoggingConfig',
    'RecursiveLoop',
    'SourceKMSKeyArn',
    'TenancyConfig',
    'DurableConfig',
    'CapacityProviderConfig',
    'FunctionScalingConfig',
    'PublishToLatestPublished',
    'VersionDeletionPolicy',
  ],
  Api: [
    'Auth',
    'Name',
    'DefinitionUri',
    'CacheClusterEnabled',
    'CacheClusterSize',
    'MergeDefinitions',
    'Variables',
    'EndpointConfiguration',
    'MethodSettings',
    'BinaryMediaTypes',
    'MinimumCompressionSize',
    'Cors',
    'GatewayResponses',
    'AccessLogSetting',
    'CanarySetting',
    'TracingEnabled',
    'OpenApiVersion',
    'Domain',
    'AlwaysDeploy',
    'PropagateTags',
    'SecurityPolicy',
    'EndpointAccessMode',
  ],
  HttpApi: [
    'Auth',
    'AccessLogSettings',
    'StageVariables',
    'Tags',
    'CorsConfiguration',
    'DefaultRouteSettings',
    'Domain',
    'RouteSettings',
    'FailOnWarnings',
    'PropagateTags',
  ],
  SimpleTable: ['SSESpecification'],
  StateMachine: ['PropagateTags'],
  LayerVersion: ['PublishLambdaVersion'],
  CapacityProvider: [
    'VpcConfig',
    'OperatorRole',
    'Tags',
    'InstanceRequirements',
    'ScalingConfig',
    'KmsKeyArn',
    'PropagateTags',
  ],
  WebSocketApi: [
    'AccessLogSettings',
    'ApiKeySelectionExpression',
    'DefaultRouteSettings',
    'DisableExecuteApiEndpoint',
    'DisableSchemaValidation',
    'Domain',
    'FailOnWarnings',
    'IpAddressType',
    'PropagateTags',
    'RouteSelectionExpression',
    'RouteSettings',
    'StageVariables',
    'Tags',
  ],
};

/** Per SAM resource type (`AWS::Serverless::Function`), the global properties and their pointers. */
export type GlobalsTable = Map<string, { values: Record<string, unknown>; pointer: string }>;

/** Reads the Globals section; unsupported sections and properties are reported (SAM rejects them). */
export function readGlobals(ctx: SamContext): GlobalsTable {
  const table: GlobalsTable = new Map();
  const g = ctx.template.Globals;
  if (g === undefined) return table;
  if (!isObject(g)) {
    ctx.finding(
      'sam/invalid-globals',
      'error',
      'Globals must be a map; AWS would reject the template',
      '/Globals',
    );
    return table;
  }
  for (const [section, props] of Object.entries(g)) {
    const pointer = childPointer('/Globals', section);
    const supported = SUPPORTED[section];
    if (!supported) {
      ctx.finding(
        'sam/invalid-globals',
        'error',
        `Globals section '${section}' is not supported by SAM (one of ${Object.keys(SUPPORTED).join(', ')}); AWS would reject the template`,
        pointer,
      );
      continue;
    }
    if (!isObject(props)) {
      ctx.finding('sam/invalid-globals', 'error', `Globals.${section} must be a map`, pointer);
      continue;
    }
    const values: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(props)) {
      if (!supported.includes(k)) {
        ctx.finding(
          'sam/invalid-globals',
          'error',
          `'${k}' is not a supported property of Globals.${section}; AWS would reject the template`,
          childPointer(pointer, k),
        );
        continue;
      }
      values[k] = v;
    }
    table.set(`AWS::Serverless::${section}`, { values, pointer });
  }
  return table;
}

type Kind = 'scalar' | 'map' | 'list';

function kindOf(v: unknown): Kind {
  if (Array.isArray(v)) return 'list';
  if (isObject(v) && !isIntrinsic(v)) return 'map';
  return 'scalar';
}

/**
 * The properties of a resource with the globals of its type merged in. `IgnoreGlobals` removes
 * all (`*`) or the listed global properties.
 */
export function mergeGlobals(
  ctx: SamContext,
  globals: GlobalsTable,
  type: string,
  logicalId: string,
  raw: Record<string, unknown>,
): Record<string, unknown> {
  const props = isObject(raw.Properties) ? raw.Properties : {};
  const g = globals.get(type);
  if (!g) return props;
  const resourcePointer = childPointer('/Resources', logicalId);
  let values = g.values;
  const ignore = raw.IgnoreGlobals;
  if (ignore === '*') return props;
  if (Array.isArray(ignore)) {
    values = { ...values };
    for (const k of ignore) {
      if (typeof k === 'string' && k in values) delete values[k];
      else
        ctx.finding(
          'sam/invalid-globals',
          'error',
          `IgnoreGlobals of ${logicalId} names '${String(k)}', which is not a global property`,
          childPointer(resourcePointer, 'IgnoreGlobals'),
        );
    }
  } else if (ignore !== undefined) {
    ctx.finding(
      'sam/invalid-globals',
      'error',
      `IgnoreGlobals of ${logicalId} must be "*" or a list of property names`,
      childPointer(resourcePointer, 'IgnoreGlobals'),
    );
  }
  if (!Object.keys(values).length) return props;
  return mergeMap(ctx, values, g.pointer, props, childPointer(resourcePointer, 'Properties'));
}

function mergeValue(
  ctx: SamContext,
  global: unknown,
  globalPointer: string,
  local: unknown,
  localPointer: string,
): { value: unknown; pointer: string | undefined } {
  const kg = kindOf(global);
  const kl = kindOf(local);
  if (kg !== kl || kg === 'scalar') return { value: local, pointer: localPointer };
  if (kg === 'map') {
    return {
      value: mergeMap(
        ctx,
        global as Record<string, unknown>,
        globalPointer,
        local as Record<string, unknown>,
        localPointer,
      ),
      pointer: undefined,
    };
  }
  const g = global as unknown[];
  const l = local as unknown[];
  const out = [...g, ...l];
  for (let i = 0; i < g.length; i++) ctx.origins.keyAt(out, i, childPointer(globalPointer, i));
  for (let i = 0; i < l.length; i++) ctx.origins.keyAt(out, g.length + i, childPointer(localPointer, i));
  ctx.origins.at(out, localPointer);
  return { value: out, pointer: undefined };
}

function mergeMap(
  ctx: SamContext,
  global: Record<string, unknown>,
  globalPointer: string,
  local: Record<string, unknown>,
  localPointer: string,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  ctx.origins.at(out, localPointer);
  for (const [k, v] of Object.entries(global)) {
    out[k] = v;
    ctx.origins.keyAt(out, k, childPointer(globalPointer, k));
  }
  for (const [k, v] of Object.entries(local)) {
    if (k in global) {
      const m = mergeValue(ctx, global[k], childPointer(globalPointer, k), v, childPointer(localPointer, k));
      out[k] = m.value;
      ctx.origins.keyAt(out, k, m.pointer ?? childPointer(localPointer, k));
    } else {
      out[k] = v;
      ctx.origins.keyAt(out, k, childPointer(localPointer, k));
    }
  }
  return out;
}
