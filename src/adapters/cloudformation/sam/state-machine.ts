// biome-ignore-all lint/suspicious/noTemplateCurlyInString: CloudFormation Fn::Sub text
// AWS::Serverless::StateMachine, as the SAM specification documents it
// (https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-resource-statemachine.html):
// the AWS::StepFunctions::StateMachine; its execution role `<StateMachine>Role` (trust
// `states.amazonaws.com`, `Policies`, the X-Ray policy with `Tracing.Enabled`, `RolePath`,
// `PermissionsBoundary`) unless `Role` names one; and its event sources, each with the role SAM
// generates for the caller (`<StateMachine><Event>Role`, allowed `states:StartExecution` on the
// state machine): Schedule, CloudWatchEvent / EventBridgeRule, Api, ScheduleV2.

import { childPointer } from '../../../model/source.js';
import type { ApiRegistry } from './api.js';
import { restApiOf } from './api.js';
import { ruleDeadLetterQueue } from './events-push.js';
import type { SamContext, SamResource } from './context.js';
import { isObject, ref } from './intrinsics.js';
import { generatedLogicalId } from './logical-id.js';
import { awsManagedPolicyArn } from './managed-policies.js';
import { applyPolicies } from './policies.js';
import { addInlinePolicy, addManagedPolicy, emitRole, newRole, serviceTrust, tagList } from './role.js';

export function expandStateMachine(ctx: SamContext, sm: SamResource, apis: ApiRegistry): void {
  const p = sm.props;
  const props: Record<string, unknown> = {};
  ctx.origins.at(props, childPointer(sm.pointer, 'Properties'), true);
  if (p.Name !== undefined) props.StateMachineName = p.Name;
  if (p.Type !== undefined) props.StateMachineType = p.Type;
  if (p.Definition !== undefined) props.Definition = p.Definition;
  if (p.DefinitionUri !== undefined) props.DefinitionS3Location = p.DefinitionUri;
  if (p.DefinitionSubstitutions !== undefined) props.DefinitionSubstitutions = p.DefinitionSubstitutions;
  if (p.Logging !== undefined) props.LoggingConfiguration = p.Logging;
  if (p.Tracing !== undefined) props.TracingConfiguration = p.Tracing;
  const tags = tagList(ctx, ['stateMachine:createdBy', 'SAM'], p.Tags, ctx.propPointer(sm, 'Tags'));
  props.Tags = tags;

  if (p.Role !== undefined) {
    props.RoleArn = p.Role;
    if (p.Policies !== undefined)
      ctx.finding(
        'sam/invalid-property',
        'warning',
        `${sm.logicalId} sets both Role and Policies (SAM rejects this); the model uses Role`,
        ctx.propPointer(sm, 'Policies'),
      );
  } else {
    const role = newRole(
      ctx,
      sm,
      `${sm.logicalId}Role`,
      serviceTrust(ctx, 'states.amazonaws.com', sm.pointer),
      sm.pointer,
    );
    applyPolicies(ctx, role, p.Policies, ctx.propPointer(sm, 'Policies'));
    if (isObject(p.Tracing) && p.Tracing.Enabled === true) {
      const name = ctx.partition === 'aws' ? 'AWSXrayWriteOnlyAccess' : 'AWSXRayDaemonWriteAccess';
      const at = ctx.propPointer(sm, 'Tracing');
      addManagedPolicy(
        ctx,
        role,
        awsManagedPolicyArn(name, ctx.partition) ?? `arn:${ctx.partition}:iam::aws:policy/${name}`,
        at,
      );
    }
    if (p.RolePath !== undefined) role.path = p.RolePath;
    if (p.PermissionsBoundary !== undefined) role.boundary = p.PermissionsBoundary;
    role.tags = tags;
    props.RoleArn = emitRole(ctx, role);
  }
  ctx.emit(
    sm.logicalId,
    { Type: 'AWS::StepFunctions::StateMachine', Properties: props, ...ctx.passthrough(sm) },
    sm.pointer,
    sm.logicalId,
  );
  const target = aliasTarget(ctx, sm);
  events(ctx, sm, target, apis);
}

/** With AutoPublishAlias, the version and alias; the alias is the events' target with UseAliasAsEventTarget. */
function aliasTarget(ctx: SamContext, sm: SamResource): unknown {
  const alias = sm.props.AutoPublishAlias;
  if (alias === undefined) return ref(sm.logicalId);
  const at = ctx.propPointer(sm, 'AutoPublishAlias');
  const attrs = ctx.passthrough(sm);
  ctx.emit(
    `${sm.logicalId}Version`,
    {
      Type: 'AWS::StepFunctions::StateMachineVersion',
      Properties: { StateMachineArn: ref(sm.logicalId) },
      ...attrs,
    },
    at,
    sm.logicalId,
  );
  const aliasId = `${sm.logicalId}Alias${typeof alias === 'string' ? alias : ''}`;
  ctx.emit(
    aliasId,
    { Type: 'AWS::StepFunctions::StateMachineAlias', Properties: { Name: alias }, ...attrs },
    at,
    sm.logicalId,
  );
  ctx.referables.set(`${sm.logicalId}.Alias`, aliasId);
  ctx.referables.set(`${sm.logicalId}.Version`, `${sm.logicalId}Version`);
  return sm.props.UseAliasAsEventTarget === true ? ref(aliasId) : ref(sm.logicalId);
}

function events(ctx: SamContext, sm: SamResource, target: unknown, apis: ApiRegistry): void {
  const evs = sm.props.Events;
  if (!isObject(evs)) return;
  const base = ctx.propPointer(sm, 'Events');
  for (const [eventId, e] of Object.entries(evs)) {
    const at = ctx.origins.pointerOf(evs, base, eventId);
    const id = sm.logicalId + eventId;
    if (!isObject(e) || typeof e.Type !== 'string') {
      ctx.finding(
        'sam/invalid-event',
        'warning',
        `event ${eventId} of ${sm.logicalId} has no Type: the SAM transform cannot expand it (the template does not deploy as written); the caller role SAM generates for an event is kept, trusted by an unknown service and allowed states:StartExecution on the state machine, so who can start executions is indeterminate`,
        at,
      );
      unknownCaller(ctx, sm, id, target, at, `event ${eventId} of ${sm.logicalId} has no Type`);
      continue;
    }
    const ep = isObject(e.Properties) ? e.Properties : {};
    const callerRole = (
      principal: string,
      roleId = `${id}Role`,
      policyName = `${roleId}StartExecutionPolicy`,
    ): unknown => {
      const role = newRole(ctx, sm, roleId, serviceTrust(ctx, principal, at), at);
      const statement = { Action: 'states:StartExecution', Effect: 'Allow', Resource: target };
      addInlinePolicy(ctx, role, { PolicyName: policyName, PolicyDocument: { Statement: [statement] } }, at);
      if (sm.props.PermissionsBoundary !== undefined) role.boundary = sm.props.PermissionsBoundary;
      return emitRole(ctx, role);
    };
    const emit = (type: string, props: Record<string, unknown>): void => {
      ctx.origins.at(props, at);
      ctx.emit(id, { Type: type, Properties: props, ...ctx.passthrough(sm) }, at, sm.logicalId);
    };
    switch (e.Type) {
      case 'Schedule':
      case 'CloudWatchEvent':
      case 'EventBridgeRule': {
        const schedule = e.Type === 'Schedule';
        const roleArn =
          schedule && ep.RoleArn !== undefined ? ep.RoleArn : callerRole('events.amazonaws.com');
        const props: Record<string, unknown> = schedule
          ? { ScheduleExpression: ep.Schedule }
          : {
              EventPattern: ep.Pattern,
              ...(ep.EventBusName !== undefined ? { EventBusName: ep.EventBusName } : {}),
            };
        const targetProps: Record<string, unknown> = {
          Arn: target,
          Id: `${id}StepFunctionsTarget`,
          RoleArn: roleArn,
        };
        const dlq = ruleDeadLetterQueue({ ctx, fn: sm, props: ep, pointer: at }, id);
        if (dlq !== undefined) targetProps.DeadLetterConfig = { Arn: dlq };
        props.Targets = [targetProps];
        emit('AWS::Events::Rule', props);
        break;
      }
      case 'Api': {
        const api = restApiOf(ctx, ep.RestApiId);
        const path = ctx.resolvedString(ep.Path);
        const method = ctx.resolvedString(ep.Method);
        const role = callerRole('apigateway.amazonaws.com');
        if (api.id && path !== undefined && method !== undefined)
          apis.add('rest', api.id, {
            path,
            method: method.toLowerCase(),
            auth: ep.Auth,
            pointer: at,
            stage: api.suffix,
            // samtranslator/model/stepfunctions/events.py `_add_swagger_integration`: an `aws`
            // StartExecution integration whose credentials are the event's role, with the
            // request template naming the state machine (`_generate_request_template`, or
            // `_generate_request_template_unescaped` with UnescapeMappingTemplate) and no
            // passthroughBehavior (swagger.py `add_state_machine_integration`)
            integration: {
              type: 'aws',
              httpMethod: 'POST',
              uri: {
                'Fn::Sub': 'arn:${AWS::Partition}:apigateway:${AWS::Region}:states:action/StartExecution',
              },
              credentials: role,
              requestTemplates: {
                'application/json': {
                  'Fn::Sub': startExecutionTemplate(sm.logicalId, ep.UnescapeMappingTemplate),
                },
              },
            },
          });
        break;
      }
      case 'ScheduleV2': {
        // samtranslator/model/eventsources/scheduler.py `_construct_execution_role`: the role
        // gets `<Event>SQSPolicy` (sqs:SendMessage on the dead-letter queue) with a
        // `DeadLetterConfig`, and the event's `PermissionsBoundary` (not the state machine's).
        const roleArn = ep.RoleArn ?? scheduleV2Role(ctx, sm, id, target, ep, at);
        emit('AWS::Scheduler::Schedule', {
          ScheduleExpression: ep.ScheduleExpression,
          FlexibleTimeWindow: ep.FlexibleTimeWindow ?? { Mode: 'OFF' },
          Target: { Arn: target, RoleArn: roleArn },
        });
        break;
      }
      default:
        ctx.finding(
          'sam/unsupported-event',
          'warning',
          `event type ${e.Type} of ${sm.logicalId} is not expanded by iamspec; the caller role SAM would generate for it is kept, trusted by an unknown service and allowed states:StartExecution on the state machine, so who can start executions is indeterminate`,
          at,
        );
        unknownCaller(ctx, sm, id, target, at, `event type ${e.Type} of ${sm.logicalId} is not expanded`);
    }
  }
}

/**
 * The mapping template SAM writes for a state machine Api event (samtranslator/model/stepfunctions/
 * events.py `_generate_request_template`: `json.dumps` of the execution input, the caller's body
 * escaped, and the state machine's ARN; `_generate_request_template_unescaped` with
 * `UnescapeMappingTemplate`, which unescapes single quotes after escaping).
 */
function startExecutionTemplate(logicalId: string, unescapeQuotes: unknown): string {
  const input =
    unescapeQuotes === true
      ? `$util.escapeJavaScript($input.json('$')).replaceAll("\\\\'","'")`
      : `$util.escapeJavaScript($input.json('$'))`;
  return `{"input": "${input}", "stateMachineArn": "\${${logicalId}}"}`;
}

/** The execution role SAM generates for a ScheduleV2 event of a state machine (see the caller). */
function scheduleV2Role(
  ctx: SamContext,
  sm: SamResource,
  id: string,
  target: unknown,
  ep: Record<string, unknown>,
  at: string,
): unknown {
  const role = newRole(
    ctx,
    sm,
    generatedLogicalId(`${id}Role`),
    serviceTrust(ctx, 'scheduler.amazonaws.com', at),
    at,
  );
  const start = { Action: 'states:StartExecution', Effect: 'Allow', Resource: target };
  addInlinePolicy(
    ctx,
    role,
    { PolicyName: `${id}StartExecutionPolicy`, PolicyDocument: { Statement: [start] } },
    at,
  );
  const dlq = isObject(ep.DeadLetterConfig) ? ep.DeadLetterConfig : undefined;
  if (dlq) {
    const queueId = typeof dlq.QueueLogicalId === 'string' ? dlq.QueueLogicalId : `${id}Queue`;
    if (dlq.Arn === undefined) {
      const props = {};
      ctx.origins.at(props, at);
      ctx.emit(
        queueId,
        { Type: 'AWS::SQS::Queue', Properties: props, ...ctx.passthrough(sm) },
        at,
        sm.logicalId,
      );
    }
    const send = {
      Action: 'sqs:SendMessage',
      Effect: 'Allow',
      Resource: dlq.Arn ?? { 'Fn::GetAtt': [queueId, 'Arn'] },
    };
    addInlinePolicy(
      ctx,
      role,
      { PolicyName: `${id}SQSPolicy`, PolicyDocument: { Statement: [send] } },
      childPointer(at, 'Properties', 'DeadLetterConfig'),
    );
  }
  if (ep.PermissionsBoundary !== undefined) role.boundary = ep.PermissionsBoundary;
  return emitRole(ctx, role);
}

/**
 * An event source that is not expanded still implies a caller: SAM generates a role
 * `<StateMachine><Event>Role` allowed `states:StartExecution` on the state machine for the service
 * that calls it. The service is unknown: the role is kept with an unknown trusted principal, never
 * dropped, so who can start executions is indeterminate.
 */
function unknownCaller(
  ctx: SamContext,
  sm: SamResource,
  id: string,
  target: unknown,
  at: string,
  why: string,
): void {
  const trust = {
    Version: '2012-10-17',
    Statement: [
      {
        Action: ['sts:AssumeRole'],
        Effect: 'Allow',
        Principal: { Service: [ctx.unknown(`the service that calls the state machine (${why})`, at)] },
      },
    ],
  };
  ctx.origins.at(trust, at);
  const role = newRole(ctx, sm, `${id}Role`, trust, at);
  const statement = { Action: 'states:StartExecution', Effect: 'Allow', Resource: target };
  addInlinePolicy(
    ctx,
    role,
    { PolicyName: `${id}RoleStartExecutionPolicy`, PolicyDocument: { Statement: [statement] } },
    at,
  );
  if (sm.props.PermissionsBoundary !== undefined) role.boundary = sm.props.PermissionsBoundary;
  emitRole(ctx, role);
}
