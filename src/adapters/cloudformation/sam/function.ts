// biome-ignore-all lint/suspicious/noTemplateCurlyInString: CloudFormation Fn::Sub text
// AWS::Serverless::Function, as the SAM specification documents it
// (https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-resource-function.html)
// and the translator generates it: the AWS::Lambda::Function; its execution role `<Function>Role`
// (trust `lambda.amazonaws.com`, `AWSLambdaBasicExecutionRole`, the X-Ray policy with Tracing,
// `AWSLambdaVPCAccessExecutionRole` with VpcConfig, the dead-letter queue policy, the event
// invoke destination policies, `Policies`, `RolePath`, `PermissionsBoundary`, tags) unless `Role`
// names one; the version and alias of `AutoPublishAlias`; the function URL and its public
// permissions; the CodeDeploy role of `DeploymentPreference`; and the event sources.

import { childPointer } from '../../../model/source.js';
import type { ApiRegistry } from './api.js';
import type { SamContext, SamResource } from './context.js';
import { eventScopes, type FunctionTarget, unknownEventAccess } from './event-scope.js';
import { expandPullEvent, isPullEvent } from './events-pull.js';
import { expandPushEvent } from './events-push.js';
import { getAtt, ifOperands, isIf, isNoValue, isObject, ref, s3Location } from './intrinsics.js';
import { generatedLogicalId } from './logical-id.js';
import { samManagedPolicyArn } from './managed-policies.js';
import { applyPolicies } from './policies.js';
import {
  addInlinePolicy,
  addManagedPolicy,
  emitRole,
  newRole,
  type RoleDraft,
  serviceTrust,
  tagList,
} from './role.js';

/** Properties of AWS::Serverless::Function passed to AWS::Lambda::Function unchanged. */
const PASS_THROUGH = [
  'FunctionName',
  'Handler',
  'Runtime',
  'Description',
  'MemorySize',
  'Timeout',
  'VpcConfig',
  'Environment',
  'KmsKeyArn',
  'ReservedConcurrentExecutions',
  'Layers',
  'FileSystemConfigs',
  'ImageConfig',
  'PackageType',
  'Architectures',
  'SnapStart',
  'EphemeralStorage',
  'CodeSigningConfigArn',
  'RuntimeManagementConfig',
  'LoggingConfig',
  'TenancyConfig',
  'RecursiveLoop',
  'DurableConfig',
];

/** Shared state of the functions of one template (the CodeDeploy service role is made once). */
export interface FunctionsState {
  apis: ApiRegistry;
  /** Functions whose HttpApi `$default` route already grants API Gateway any route. */
  defaultRoutes: Set<string>;
  codeDeployRole: boolean;
}

export function expandFunction(ctx: SamContext, fn: SamResource, state: FunctionsState): void {
  const p = fn.props;
  const props: Record<string, unknown> = {};
  ctx.origins.at(props, childPointer(fn.pointer, 'Properties'), true);
  for (const k of PASS_THROUGH) {
    if (p[k] === undefined) continue;
    props[k] = p[k];
    ctx.origins.keyAt(props, k, ctx.propPointer(fn, k));
  }
  props.Code = code(p);
  const tracing = p.Tracing;
  if (tracing !== undefined && ctx.resolveParameters(tracing) !== 'Disabled')
    props.TracingConfig = { Mode: tracing };
  if (isObject(p.DeadLetterQueue)) props.DeadLetterConfig = { TargetArn: p.DeadLetterQueue.TargetArn };
  props.Tags = tagList(ctx, ['lambda:createdBy', 'SAM'], p.Tags, ctx.propPointer(fn, 'Tags'));

  const role = executionRole(ctx, fn);
  const roleProp = p.Role;
  let generated: RoleDraft | undefined = role;
  if (roleProp === undefined || roleProp === null) props.Role = getAtt(role.logicalId, 'Arn');
  else if (isIf(roleProp)) generated = conditionalRole(ctx, role, roleProp, props);
  else {
    props.Role = roleProp;
    generated = undefined;
  }
  ctx.emit(
    fn.logicalId,
    { Type: 'AWS::Lambda::Function', Properties: props, ...ctx.passthrough(fn) },
    fn.pointer,
    fn.logicalId,
  );

  const target = aliasTarget(ctx, fn);
  functionUrl(ctx, fn, target);
  eventInvokeConfig(ctx, fn, role);
  deploymentPreference(ctx, fn, state);
  const scopes = eventScopes(ctx, fn, target, generated).sort((a, b) =>
    orderKey(a) < orderKey(b) ? -1 : orderKey(a) > orderKey(b) ? 1 : 0,
  );
  for (const s of scopes) {
    if (expandPushEvent(s, state.apis, state.defaultRoutes)) continue;
    if (isPullEvent(s.type)) expandPullEvent(s);
    else {
      const why = `event type ${s.type} of ${fn.logicalId} is not expanded by iamspec`;
      ctx.finding(
        'sam/unsupported-event',
        'warning',
        `${why}; the permissions it implies are unknown`,
        s.pointer,
      );
      unknownEventAccess(s, why);
    }
  }
  if (generated) emitRole(ctx, generated);
}

/** SAM sorts events by Path (so HttpApi `$default` comes first), else by id. */
function orderKey(s: { eventId: string; type: string; props: Record<string, unknown> }): string {
  if (typeof s.props.Path === 'string') return s.props.Path;
  // SAM gives an HttpApi event without Path and Method the `$default` route before translating.
  if (s.type === 'HttpApi' && s.props.Path === undefined && s.props.Method === undefined) return '$default';
  return s.eventId;
}

function code(p: Record<string, unknown>): unknown {
  if (p.InlineCode !== undefined) return { ZipFile: p.InlineCode };
  if (p.ImageUri !== undefined) return { ImageUri: p.ImageUri };
  return s3Location(p.CodeUri);
}

/** The role SAM would generate (`<Function>Role`), without event source additions yet. */
function executionRole(ctx: SamContext, fn: SamResource): RoleDraft {
  const p = fn.props;
  const at = fn.pointer;
  const trust = p.AssumeRolePolicyDocument ?? serviceTrust(ctx, 'lambda.amazonaws.com', at);
  const role = newRole(ctx, fn, `${fn.logicalId}Role`, trust, at);
  const base = p.DurableConfig
    ? 'service-role/AWSLambdaBasicDurableExecutionRolePolicy'
    : 'service-role/AWSLambdaBasicExecutionRole';
  addManagedPolicy(ctx, role, samManagedPolicyArn(base, ctx.partition), at);
  if (p.Tracing !== undefined) {
    const tracingAt = ctx.propPointer(fn, 'Tracing');
    const xray = samManagedPolicyArn(
      ctx.partition === 'aws' ? 'AWSXrayWriteOnlyAccess' : 'AWSXRayDaemonWriteAccess',
      ctx.partition,
    );
    const t = ctx.resolveParameters(p.Tracing);
    if (
      isObject(t) &&
      typeof t.Ref === 'string' &&
      isObject(ctx.template.Parameters) &&
      t.Ref in ctx.template.Parameters
    ) {
      // SAM reads the parameter's value at deployment: the X-Ray policy is attached unless it is
      // Disabled. The processed template says so with a condition on the parameter.
      ctx.finding(
        'sam/unresolved-parameter',
        'warning',
        `Tracing of ${fn.logicalId} is parameter ${t.Ref}, which has no value here (pass --parameter ${t.Ref}=...): whether SAM attaches the X-Ray policy is unknown`,
        tracingAt,
      );
      const condition = `${fn.logicalId}TracingNotDisabled`;
      ctx.conditions[condition] = { 'Fn::Not': [{ 'Fn::Equals': [{ Ref: t.Ref }, 'Disabled'] }] };
      addManagedPolicy(ctx, role, { 'Fn::If': [condition, xray, { Ref: 'AWS::NoValue' }] }, tracingAt);
    } else if (t !== 'Disabled') addManagedPolicy(ctx, role, xray, tracingAt);
  }
  if (p.VpcConfig)
    addManagedPolicy(
      ctx,
      role,
      samManagedPolicyArn('service-role/AWSLambdaVPCAccessExecutionRole', ctx.partition),
      ctx.propPointer(fn, 'VpcConfig'),
    );
  applyPolicies(ctx, role, p.Policies, ctx.propPointer(fn, 'Policies'));
  deadLetterQueuePolicy(ctx, fn, role);
  if (p.RolePath !== undefined) role.path = p.RolePath;
  if (p.PermissionsBoundary !== undefined) role.boundary = p.PermissionsBoundary;
  role.tags = tagList(ctx, ['lambda:createdBy', 'SAM'], p.Tags, ctx.propPointer(fn, 'Tags'));
  return role;
}

function deadLetterQueuePolicy(ctx: SamContext, fn: SamResource, role: RoleDraft): void {
  const dlq = fn.props.DeadLetterQueue;
  if (dlq === undefined) return;
  const at = ctx.propPointer(fn, 'DeadLetterQueue');
  const type = isObject(dlq) ? ctx.resolvedString(dlq.Type) : undefined;
  const action = type === 'SQS' ? 'sqs:SendMessage' : type === 'SNS' ? 'sns:Publish' : undefined;
  const document = action
    ? {
        Version: '2012-10-17',
        Statement: [
          { Action: action, Resource: (dlq as Record<string, unknown>).TargetArn, Effect: 'Allow' },
        ],
      }
    : ctx.notExpanded(
        'sam/invalid-property',
        'DeadLetterQueue needs Type SQS or SNS and TargetArn (SAM rejects it otherwise); the dead-letter policy is unknown',
        'DeadLetterQueue without a Type SAM accepts',
        at,
      );
  addInlinePolicy(ctx, role, { PolicyName: 'DeadLetterQueuePolicy', PolicyDocument: document }, at);
}

/**
 * `Role: !If [cond, X, !Ref AWS::NoValue]` and the reverse: SAM generates the role for the
 * NoValue branch, under that condition (or `NOT<cond>`, a condition it adds).
 */
function conditionalRole(
  ctx: SamContext,
  role: RoleDraft,
  roleProp: unknown,
  props: Record<string, unknown>,
): RoleDraft | undefined {
  const ops = ifOperands(roleProp);
  const arn = getAtt(role.logicalId, 'Arn');
  if (!ops) {
    props.Role = roleProp;
    return undefined;
  }
  const [cond, a, b] = ops as [string, unknown, unknown];
  if (isNoValue(a) && isNoValue(b)) {
    props.Role = arn;
    return role;
  }
  if (isNoValue(a)) {
    props.Role = { 'Fn::If': [cond, arn, b] };
    role.attributes.Condition = cond;
    return role;
  }
  if (isNoValue(b)) {
    props.Role = { 'Fn::If': [cond, a, arn] };
    role.attributes.Condition = `NOT${cond}`;
    ctx.conditions[`NOT${cond}`] = { 'Fn::Not': [{ Condition: cond }] };
    return role;
  }
  props.Role = roleProp;
  return undefined;
}

/** The function or, with AutoPublishAlias, its alias (the version and alias are emitted here). */
function aliasTarget(ctx: SamContext, fn: SamResource): FunctionTarget {
  const id = fn.logicalId;
  const plain: FunctionTarget = { logicalId: id, name: ref(id), arn: getAtt(id, 'Arn') };
  const aliasProp = fn.props.AutoPublishAlias;
  if (aliasProp === undefined) return plain;
  const at = ctx.propPointer(fn, 'AutoPublishAlias');
  const name = ctx.resolvedString(aliasProp);
  if (name === undefined) {
    ctx.finding(
      'sam/unresolved-parameter',
      'warning',
      `AutoPublishAlias of ${id} is not a string or a parameter with a value here; the alias the events invoke is unknown`,
      at,
    );
    const u = ctx.unknown(`the alias name of ${id}`, at);
    return { logicalId: id, name: u, arn: u };
  }
  const versionId = generatedLogicalId(
    `${id}Version`,
    isObject(fn.props.CodeUri) || typeof fn.props.CodeUri === 'string' ? fn.props.CodeUri : id,
  );
  const aliasId = `${id}Alias${name.replace(/-/g, 'D').replace(/_/g, 'U')}`;
  const attrs = ctx.passthrough(fn);
  ctx.emit(
    versionId,
    { Type: 'AWS::Lambda::Version', Properties: { FunctionName: ref(id) }, ...attrs },
    at,
    id,
  );
  ctx.emit(
    aliasId,
    {
      Type: 'AWS::Lambda::Alias',
      Properties: { Name: name, FunctionName: ref(id), FunctionVersion: getAtt(versionId, 'Version') },
      ...attrs,
    },
    at,
    id,
  );
  ctx.referables.set(`${id}.Alias`, aliasId);
  ctx.referables.set(`${id}.Version`, versionId);
  return { logicalId: id, name: ref(aliasId), arn: ref(aliasId) };
}

/** FunctionUrlConfig: the URL, and with `AuthType: NONE` the two public permissions SAM adds. */
function functionUrl(ctx: SamContext, fn: SamResource, target: FunctionTarget): void {
  const cfg = fn.props.FunctionUrlConfig;
  if (!isObject(cfg)) return;
  const at = ctx.propPointer(fn, 'FunctionUrlConfig');
  const attrs = ctx.passthrough(fn);
  const aliased = fn.props.AutoPublishAlias !== undefined;
  const url: Record<string, unknown> = {
    TargetFunctionArn: aliased ? target.arn : ref(fn.logicalId),
    AuthType: cfg.AuthType,
  };
  ctx.emit(`${fn.logicalId}Url`, { Type: 'AWS::Lambda::Url', Properties: url, ...attrs }, at, fn.logicalId);
  if (cfg.AuthType !== 'NONE') return;
  const name = aliased ? target.arn : ref(fn.logicalId);
  const publicUrl = {
    Action: 'lambda:InvokeFunctionUrl',
    FunctionName: name,
    Principal: '*',
    FunctionUrlAuthType: 'NONE',
  };
  const viaUrl = {
    Action: 'lambda:InvokeFunction',
    FunctionName: name,
    Principal: '*',
    InvokedViaFunctionUrl: true,
  };
  ctx.origins.at(publicUrl, at);
  ctx.origins.at(viaUrl, at);
  ctx.emit(
    `${fn.logicalId}UrlPublicPermissions`,
    { Type: 'AWS::Lambda::Permission', Properties: publicUrl, ...attrs },
    at,
    fn.logicalId,
  );
  ctx.emit(
    `${fn.logicalId}URLInvokeAllowPublicAccess`,
    { Type: 'AWS::Lambda::Permission', Properties: viaUrl, ...attrs },
    at,
    fn.logicalId,
  );
}

const DESTINATION_POLICY: Record<string, { suffix: string; action: string }> = {
  SQS: { suffix: 'SQSPolicy', action: 'sqs:SendMessage' },
  SNS: { suffix: 'SNSPolicy', action: 'sns:publish' },
  EventBridge: { suffix: 'EventBridgePolicy', action: 'events:PutEvents' },
  Lambda: { suffix: 'LambdaPolicy', action: 'lambda:InvokeFunction' },
};

/** EventInvokeConfig destinations: the role may send to each (SAM creates a queue or topic when none is named). */
function eventInvokeConfig(ctx: SamContext, fn: SamResource, role: RoleDraft): void {
  const cfg = fn.props.EventInvokeConfig;
  const dc = isObject(cfg) ? cfg.DestinationConfig : undefined;
  if (!isObject(dc)) return;
  const base = `${fn.logicalId}EventInvokeConfig`;
  for (const which of ['OnSuccess', 'OnFailure']) {
    const d = dc[which];
    if (!isObject(d)) continue;
    const at = ctx.propPointer(fn, 'EventInvokeConfig', 'DestinationConfig', which);
    const type = ctx.resolvedString(d.Type);
    let dest = d.Destination;
    const chosen = conditionalDestination(ctx, fn, dest);
    if ((dest === undefined || chosen) && (type === 'SQS' || type === 'SNS')) {
      const id = `${base}${which}${type === 'SQS' ? 'Queue' : 'Topic'}`;
      const attributes = ctx.passthrough(fn);
      if (chosen) attributes.Condition = andCondition(ctx, attributes.Condition, chosen.condition);
      ctx.emit(
        id,
        {
          Type: type === 'SQS' ? 'AWS::SQS::Queue' : 'AWS::SNS::Topic',
          Properties: {},
          ...attributes,
        },
        at,
        fn.logicalId,
      );
      const created = type === 'SQS' ? getAtt(id, 'Arn') : ref(id);
      dest = chosen ? { 'Fn::If': [chosen.condition, created, chosen.other] } : created;
    }
    const policyId = `${base}${which}`;
    if (type === 'S3Bucket') {
      const statements = [
        { Action: 's3:PutObject', Effect: 'Allow', Resource: { 'Fn::Join': ['/', [dest, '*']] } },
        { Action: 's3:ListBucket', Effect: 'Allow', Resource: dest },
      ];
      addInlinePolicy(
        ctx,
        role,
        { PolicyName: `${policyId}S3Policy`, PolicyDocument: { Statement: statements } },
        at,
      );
      continue;
    }
    const kind = type === undefined ? undefined : DESTINATION_POLICY[type];
    if (!kind || dest === undefined) {
      ctx.finding(
        'sam/invalid-property',
        'warning',
        `the ${which} destination of ${fn.logicalId} needs a Type of SQS, SNS, EventBridge, Lambda or S3Bucket (and a Destination for the last three); the policy SAM adds is unknown`,
        at,
      );
      addInlinePolicy(
        ctx,
        role,
        { PolicyName: `${policyId}Policy`, PolicyDocument: ctx.unknown(`the ${which} destination`, at) },
        at,
      );
      continue;
    }
    const statement = { Action: kind.action, Effect: 'Allow', Resource: dest };
    addInlinePolicy(
      ctx,
      role,
      { PolicyName: `${policyId}${kind.suffix}`, PolicyDocument: { Statement: [statement] } },
      at,
    );
  }
}

/**
 * A destination `!If [C, !Ref AWS::NoValue, arn]` (or `!If [C, arn, !Ref AWS::NoValue]`): SAM
 * creates the queue or topic under the condition that picks the empty branch and sends to it there
 * (samtranslator/model/sam_resources.py `_get_or_make_condition`: "Only create the Queue/Topic if
 * the condition is true ... if the condition is false"), to `arn` otherwise.
 */
function conditionalDestination(
  ctx: SamContext,
  fn: SamResource,
  dest: unknown,
): { condition: string; other: unknown } | undefined {
  if (!isIf(dest)) return undefined;
  const ops = ifOperands(dest);
  if (!ops || typeof ops[0] !== 'string') return undefined;
  const [cond, a, b] = ops as [string, unknown, unknown];
  if (isNoValue(a) === isNoValue(b)) return undefined;
  if (isNoValue(a)) return { condition: cond, other: b };
  const not = `NOT${cond}${fn.logicalId}`;
  ctx.conditions[not] = { 'Fn::Not': [{ Condition: cond }] };
  return { condition: not, other: a };
}

/** The condition that holds when both hold (either alone when the other is absent). */
function andCondition(ctx: SamContext, resource: unknown, property: string): string {
  if (typeof resource !== 'string') return property;
  const name = `${resource}AND${property}`;
  ctx.conditions[name] = { 'Fn::And': [{ Condition: resource }, { Condition: property }] };
  return name;
}

/** DeploymentPreference: SAM's CodeDeploy service role (once per template) unless the preference names a Role. */
function deploymentPreference(ctx: SamContext, fn: SamResource, state: FunctionsState): void {
  const dp = fn.props.DeploymentPreference;
  if (
    !isObject(dp) ||
    dp.Enabled === false ||
    dp.Enabled === 'false' ||
    dp.Role !== undefined ||
    state.codeDeployRole
  )
    return;
  state.codeDeployRole = true;
  const at = ctx.propPointer(fn, 'DeploymentPreference');
  const role = newRole(
    ctx,
    fn,
    'CodeDeployServiceRole',
    serviceTrust(ctx, 'codedeploy.amazonaws.com', at),
    at,
  );
  role.attributes = {};
  const managed =
    ctx.partition === 'aws-iso' || ctx.partition === 'aws-iso-b'
      ? 'AWSCodeDeployRoleForLambdaLimited'
      : 'AWSCodeDeployRoleForLambda';
  addManagedPolicy(ctx, role, samManagedPolicyArn(`service-role/${managed}`, ctx.partition), at);
  emitRole(ctx, role);
}
