// AWS::Serverless::Connector and the `Connectors` attribute embedded in resources, as the SAM
// specification documents them
// (https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-resource-connector.html):
// for a source, a destination and permissions (Read, Write), the connector profile table
// (data/connector-profiles.ts) names what SAM generates: an IAM managed policy on the source's (or
// destination's) role, an SQS queue policy, an SNS topic policy, or Lambda permissions. Connectors
// are expanded last, against the processed resources (a SAM function is then an
// AWS::Lambda::Function whose Role names the generated role), as the translator does. A connector
// SAM would reject stays visible: a `sam/connector` warning, and an unknown policy on the source's
// role when there is one.

import { childPointer } from '../../../model/source.js';
import type { SamContext } from './context.js';
import type { ConnectorProfile } from './connector-profile-types.js';
import { CONNECTOR_PROFILES } from './data/connector-profiles.js';
import { isObject, logicalIdOf, ref } from './intrinsics.js';

/** A connector to expand: its logical id, properties and original pointer. */
export interface ConnectorSpec {
  logicalId: string;
  source: unknown;
  destination: unknown;
  permissions: unknown;
  pointer: string;
  /** Attributes of the connector (Condition...). */
  attributes: Record<string, unknown>;
  /** Why SAM rejects the connector whatever it says (written where SAM reads no connector). */
  rejected?: string;
}

interface Reference {
  logicalId: string | undefined;
  type: string;
  arn: unknown;
  roleName: unknown;
  queueUrl: unknown;
  resourceId: unknown;
  name: unknown;
  qualifier: unknown;
}

const SAM_TO_CFN: Record<string, string> = {
  'AWS::Serverless::Function': 'AWS::Lambda::Function',
  'AWS::Serverless::StateMachine': 'AWS::StepFunctions::StateMachine',
  'AWS::Serverless::Api': 'AWS::ApiGateway::RestApi',
  'AWS::Serverless::HttpApi': 'AWS::ApiGatewayV2::Api',
  'AWS::Serverless::SimpleTable': 'AWS::DynamoDB::Table',
};

/** Replaces `%{Name}` placeholders: whole-string matches by the value, embedded ones through Fn::Sub. */
function replace(node: unknown, values: Record<string, unknown>, missing: Set<string>): unknown {
  if (Array.isArray(node)) return node.map((x) => replace(x, values, missing));
  if (isObject(node))
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, replace(v, values, missing)]));
  if (typeof node !== 'string') return node;
  let s = node;
  const vars: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(values)) {
    const pattern = `%{${k}}`;
    if (!s.includes(pattern)) continue;
    if (v === undefined || v === null) {
      missing.add(k);
      continue;
    }
    if (s === pattern) return v;
    const name = k.replace(/[^A-Za-z0-9]/g, '');
    s = s.split(pattern).join(`\${${name}}`);
    vars[name] = v;
  }
  if (/\$\{.+\}/.test(s)) return Object.keys(vars).length ? { 'Fn::Sub': [s, vars] } : { 'Fn::Sub': s };
  return s;
}

function resourceTypeOf(resources: Record<string, unknown>, id: string): string | undefined {
  const r = resources[id];
  return isObject(r) && typeof r.Type === 'string' ? r.Type : undefined;
}

/** The role property of an events rule target that points at `other`. */
function eventsRuleRole(props: Record<string, unknown>, other: Record<string, unknown>): unknown {
  const targets = Array.isArray(props.Targets) ? props.Targets : [];
  for (const t of targets) {
    if (!isObject(t)) continue;
    const id = logicalIdOf(t.Arn);
    if (
      (id && id === other.Id) ||
      (other.Arn !== undefined && JSON.stringify(t.Arn) === JSON.stringify(other.Arn))
    )
      return t.RoleArn;
  }
  return undefined;
}

function reference(
  obj: unknown,
  other: Record<string, unknown>,
  resources: Record<string, unknown>,
): Reference | string {
  if (!isObject(obj)) return 'must be a map';
  const hasId = 'Id' in obj;
  const others = Object.keys(obj).filter((k) => k !== 'Id' && k !== 'Qualifier');
  if (hasId === others.length > 0)
    return "must give 'Id' (with an optional 'Qualifier') or the other reference properties";
  if (!hasId) {
    if (typeof obj.Type !== 'string' || !obj.Type) return "'Type' is missing";
    return {
      logicalId: undefined,
      type: SAM_TO_CFN[obj.Type] ?? obj.Type,
      arn: obj.Arn,
      roleName: obj.RoleName,
      queueUrl: obj.QueueUrl,
      resourceId: obj.ResourceId,
      name: obj.Name,
      qualifier: obj.Qualifier,
    };
  }
  const id = obj.Id;
  if (typeof id !== 'string' || !id) return "'Id' is not a string";
  const type = resourceTypeOf(resources, id);
  if (!type) return `no resource ${id} in the template`;
  const cfn = CONNECTOR_PROFILES.CfnResourceProperties[type] ?? {};
  const outputs = (replace(cfn.Outputs ?? {}, { logicalId: id }, new Set()) ?? {}) as Record<string, unknown>;
  const props = isObject((resources[id] as Record<string, unknown>).Properties)
    ? ((resources[id] as Record<string, unknown>).Properties as Record<string, unknown>)
    : {};
  const roleInput = cfn.Inputs?.Role;
  const roleValue =
    typeof roleInput === 'string'
      ? props[roleInput]
      : isObject(roleInput) && roleInput.Function === 'GetEventsRuleRole'
        ? eventsRuleRole(props, other)
        : undefined;
  const roleId = logicalIdOf(roleValue);
  return {
    logicalId: id,
    type,
    arn: outputs.Arn,
    roleName: roleId ? ref(roleId) : undefined,
    queueUrl: outputs.Url,
    resourceId: outputs.Id,
    name: outputs.Name,
    qualifier: 'Qualifier' in obj ? obj.Qualifier : outputs.Qualifier,
  };
}

/** Expands one connector (each destination of a list in turn). */
export function expandConnector(ctx: SamContext, c: ConnectorSpec, resources: Record<string, unknown>): void {
  const destinations = Array.isArray(c.destination) ? c.destination : [c.destination];
  const multi = Array.isArray(c.destination);
  if (c.rejected) {
    const s = reference(c.source, isObject(destinations[0]) ? destinations[0] : {}, resources);
    return void reject(ctx, c, c.rejected, typeof s === 'string' ? undefined : s);
  }
  if (!destinations.length) return void reject(ctx, c, "'Destination' is an empty list", undefined);
  destinations.forEach((dest, i) => {
    const at = multi ? childPointer(c.pointer, 'Properties', 'Destination', i) : c.pointer;
    const d = reference(dest, isObject(c.source) ? c.source : {}, resources);
    const s = reference(c.source, isObject(dest) ? dest : {}, resources);
    if (typeof d === 'string') reject(ctx, c, `Destination ${d}`, typeof s === 'string' ? undefined : s, at);
    else if (typeof s === 'string') reject(ctx, c, `Source ${s}`, undefined, at);
    else generate(ctx, c, s, d, multi ? i : undefined, at);
  });
}

function permissionsOf(c: ConnectorSpec, profile: ConnectorProfile): string[] | string {
  const perms = c.permissions;
  if (!Array.isArray(perms) || !perms.length || !perms.every((p) => typeof p === 'string'))
    return "'Permissions' must be a non-empty list of names";
  const unique = [...new Set(perms as string[])];
  const valid = Object.keys(profile.Properties.AccessCategories);
  const bad = unique.filter((p) => !valid.includes(p));
  if (bad.length) return `unsupported Permissions ${bad.join(', ')} (valid: ${valid.join(', ')})`;
  const combos = profile.Properties.ValidAccessCategories;
  if (combos && !combos.some((cmb) => cmb.length === unique.length && cmb.every((x) => unique.includes(x))))
    return `unsupported combination of Permissions ${unique.join(' + ')}`;
  return unique;
}

function generate(
  ctx: SamContext,
  c: ConnectorSpec,
  s: Reference,
  d: Reference,
  index: number | undefined,
  at: string,
): void {
  const profile = CONNECTOR_PROFILES.Permissions[s.type]?.[d.type];
  if (!profile) return void reject(ctx, c, `a connector from ${s.type} to ${d.type} is not supported`, s, at);
  const perms = permissionsOf(c, profile);
  if (typeof perms === 'string') return void reject(ctx, c, perms, s, at);
  const missing = new Set<string>();
  const props = replace(
    profile.Properties,
    {
      'Source.Arn': s.arn,
      'Destination.Arn': d.arn,
      'Source.ResourceId': s.resourceId,
      'Destination.ResourceId': d.resourceId,
      'Source.Name': s.name,
      'Destination.Name': d.name,
      'Source.Qualifier': s.qualifier,
      'Destination.Qualifier': d.qualifier,
    },
    missing,
  ) as ConnectorProfile['Properties'];
  if (missing.size) return void reject(ctx, c, `${[...missing].join(', ')} is missing`, s, at);
  const suffix = index === undefined ? '' : `Destination${index}`;
  const side = props.SourcePolicy ? s : d;
  const sideName = props.SourcePolicy ? 'Source' : 'Destination';
  const statements = perms.flatMap((p) => {
    const st = props.AccessCategories[p]?.Statement;
    return Array.isArray(st) ? st : [];
  });
  const document = { Version: '2012-10-17', Statement: statements };
  const emit = (id: string, type: string, properties: Record<string, unknown>): void => {
    ctx.origins.at(properties, at);
    ctx.emit(id, { Type: type, Properties: properties, ...c.attributes }, at, c.logicalId);
  };
  switch (profile.Type) {
    case 'AWS_IAM_ROLE_MANAGED_POLICY':
      if (!side.roleName)
        return void reject(ctx, c, `the IAM role of the ${sideName} resource is not known`, undefined, at);
      return void emit(`${c.logicalId}Policy${suffix}`, 'AWS::IAM::ManagedPolicy', {
        PolicyDocument: document,
        Roles: [side.roleName],
      });
    case 'AWS_SQS_QUEUE_POLICY':
      if (!side.queueUrl)
        return void reject(ctx, c, `the queue URL of the ${sideName} resource is not known`, undefined, at);
      return void emit(`${c.logicalId}QueuePolicy${suffix}`, 'AWS::SQS::QueuePolicy', {
        PolicyDocument: document,
        Queues: [side.queueUrl],
      });
    case 'AWS_SNS_TOPIC_POLICY':
      if (!side.arn)
        return void reject(ctx, c, `the topic ARN of the ${sideName} resource is not known`, undefined, at);
      return void emit(`${c.logicalId}TopicPolicy${suffix}`, 'AWS::SNS::TopicPolicy', {
        PolicyDocument: document,
        Topics: [side.arn],
      });
    case 'AWS_LAMBDA_PERMISSION':
      if (!side.arn)
        return void reject(
          ctx,
          c,
          `the function ARN of the ${sideName} resource is not known`,
          undefined,
          at,
        );
      for (const p of perms) {
        const cat = props.AccessCategories[p] ?? {};
        const properties: Record<string, unknown> = {
          Action: cat.Action,
          FunctionName: side.arn,
          Principal: cat.Principal,
          SourceArn: cat.SourceArn,
        };
        if (cat.SourceAccount !== undefined) properties.SourceAccount = cat.SourceAccount;
        emit(`${c.logicalId}${p}LambdaPermission${suffix}`, 'AWS::Lambda::Permission', properties);
      }
      return;
    default:
      return void reject(ctx, c, `profile type ${profile.Type} is not supported`, s, at);
  }
}

/**
 * A connector SAM would reject: a warning; when the source has a role, an unknown managed policy
 * on it, so decisions about what the source may do stay indeterminate.
 */
function reject(
  ctx: SamContext,
  c: ConnectorSpec,
  why: string,
  source: Reference | undefined,
  at = c.pointer,
): void {
  ctx.finding(
    'sam/connector',
    'warning',
    `connector ${c.logicalId}: ${why} (SAM rejects the connector); the access it would grant is unknown`,
    at,
  );
  if (!source?.roleName) return;
  const properties = {
    PolicyDocument: ctx.unknown(`connector ${c.logicalId}: ${why}`, at),
    Roles: [source.roleName],
  };
  ctx.origins.at(properties, at);
  ctx.emit(
    `${c.logicalId}Policy`,
    { Type: 'AWS::IAM::ManagedPolicy', Properties: properties, ...c.attributes },
    at,
    c.logicalId,
  );
}
