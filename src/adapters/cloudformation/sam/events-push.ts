// biome-ignore-all lint/suspicious/noTemplateCurlyInString: CloudFormation Fn::Sub text
// Push event sources of AWS::Serverless::Function: services that invoke the function, each
// through the AWS::Lambda::Permission SAM writes into the function policy (SAM specification,
// "EventSource" and its per-type pages,
// https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-property-function-eventsource.html),
// plus the resources whose policies matter: EventBridge rules and their dead-letter queue
// policies, SNS subscriptions through an SQS queue (queue policy and event source mapping), the
// EventBridge Scheduler role.

import { lambdaInvocationUri } from '../../../aws/apigateway-methods.js';
import { childPointer } from '../../../model/source.js';
import type { ApiRegistry } from './api.js';
import { IMPLICIT_HTTP_API, restApiOf } from './api.js';
import { emitPermission, type EventOwner, type EventScope, eventPropPointer } from './event-scope.js';
import { pullEventPolicies, emitEventSourceMapping } from './events-pull.js';
import { getAtt, isObject, logicalIdOf, ref, sub } from './intrinsics.js';
import { generatedLogicalId } from './logical-id.js';
import { addInlinePolicy, emitRole, newRole, serviceTrust } from './role.js';

/** API Gateway ignores a trailing slash; `{param}` and `{proxy+}` match any segment (SAM's path rule). */
export function permissionPath(path: string): string {
  return path.replace(/^(.+)\/$/, '$1').replace(/\{([a-zA-Z0-9._-]+|[a-zA-Z0-9._-]+\+|proxy\+)\}/g, '*');
}

function emitResource(
  s: EventOwner,
  id: string,
  type: string,
  props: Record<string, unknown>,
  at = s.pointer,
): void {
  s.ctx.origins.at(props, at);
  s.ctx.emit(id, { Type: type, Properties: props, ...s.ctx.passthrough(s.fn) }, at, s.fn.logicalId);
}

/** A required string property resolved by the transform; undefined (with a warning) when it is not. */
function literal(s: EventScope, name: string): string | undefined {
  const v = s.ctx.resolvedString(s.props[name]);
  if (v === undefined)
    s.ctx.finding(
      'sam/unresolved-event-property',
      'warning',
      `${name} of event ${s.eventId} is not a string the transform can read; the permission it implies is unknown`,
      eventPropPointer(s, name),
    );
  return v;
}

function unknownPermission(s: EventScope, principal: string, what: string): void {
  emitPermission(s, principal, { sourceArn: s.ctx.unknown(what, s.pointer) });
}

function api(s: EventScope, apis: ApiRegistry): void {
  const path = literal(s, 'Path');
  const method = literal(s, 'Method');
  const target = restApiOf(s.ctx, s.props.RestApiId);
  if (path === undefined || method === undefined)
    return void unknownPermission(
      s,
      'apigateway.amazonaws.com',
      `the path or method of API event ${s.eventId}`,
    );
  if (target.id)
    apis.add('rest', target.id, {
      path,
      method,
      auth: s.props.Auth,
      pointer: s.pointer,
      stage: target.suffix,
      // samtranslator/swagger/swagger.py `add_lambda_integration`: a Lambda proxy integration
      integration: {
        type: 'aws_proxy',
        httpMethod: 'POST',
        uri: sub(lambdaInvocationUri('${AWS::Partition}', '${AWS::Region}', '${__Fn__}'), {
          __Fn__: getAtt(s.fn.logicalId, 'Arn'),
        }),
      },
    });
  const m = method.toLowerCase() === 'any' ? '*' : method.toUpperCase();
  emitPermission(s, 'apigateway.amazonaws.com', {
    suffix: target.suffix,
    sourceArn: sub(
      `arn:${s.ctx.partition}:execute-api:\${AWS::Region}:\${AWS::AccountId}:\${__ApiId__}/\${__Stage__}/${m}${permissionPath(path)}`,
      { __ApiId__: target.apiRef, __Stage__: '*' },
    ),
  });
}

function httpApi(s: EventScope, apis: ApiRegistry, defaultRoute: Set<string>): void {
  let path = s.props.Path === undefined ? undefined : literal(s, 'Path');
  let method = s.props.Method === undefined ? undefined : literal(s, 'Method');
  if (
    path === undefined &&
    method === undefined &&
    s.props.Path === undefined &&
    s.props.Method === undefined
  ) {
    path = '$default';
    method = 'x-amazon-apigateway-any-method';
  }
  if (path === undefined || method === undefined)
    return void unknownPermission(
      s,
      'apigateway.amazonaws.com',
      `the path or method of HttpApi event ${s.eventId}`,
    );
  const apiRef = s.props.ApiId ?? ref(IMPLICIT_HTTP_API);
  const apiId = logicalIdOf(apiRef) ?? (typeof apiRef === 'string' ? apiRef : undefined);
  if (apiId)
    apis.add('http', apiId, {
      path,
      method,
      auth: s.props.Auth,
      pointer: s.pointer,
      stage: '*',
      // samtranslator/open_api/open_api.py `add_lambda_integration`: a Lambda proxy integration
      integration: {
        type: 'aws_proxy',
        httpMethod: 'POST',
        payloadFormatVersion: '2.0',
        uri: sub(lambdaInvocationUri('${AWS::Partition}', '${AWS::Region}', '${__Fn__}'), {
          __Fn__: getAtt(s.fn.logicalId, 'Arn'),
        }),
      },
    });
  const key = `${s.fn.logicalId}|${apiId ?? JSON.stringify(apiRef)}`;
  let p = permissionPath(path);
  if (path === '$default') {
    p = '';
    defaultRoute.add(key);
  } else if (defaultRoute.has(key)) return; // the $default route's permission already covers it
  const lower = method.toLowerCase();
  const m = lower === 'any' || lower === 'x-amazon-apigateway-any-method' ? '*' : method.toUpperCase();
  // Method `ANY` on the path `/$default`: SAM writes the path without a method
  // (`.../${__Stage__}/$default`, samtranslator/model/eventsources/push.py, HttpApi `_get_permission`).
  const route = lower === 'any' && p === '/$default' ? p : `/${m}${p}`;
  emitPermission(s, 'apigateway.amazonaws.com', {
    sourceArn: sub(
      `arn:\${AWS::Partition}:execute-api:\${AWS::Region}:\${AWS::AccountId}:\${__ApiId__}/\${__Stage__}${route}`,
      { __ApiId__: apiRef, __Stage__: '*' },
    ),
  });
}

function s3(s: EventScope): void {
  const bucket = logicalIdOf(s.props.Bucket);
  const res = bucket === undefined ? undefined : s.ctx.template.Resources;
  if (
    !bucket ||
    !isObject(res) ||
    !isObject(res[bucket]) ||
    (res[bucket] as Record<string, unknown>).Type !== 'AWS::S3::Bucket'
  ) {
    s.ctx.finding(
      'sam/invalid-event',
      'warning',
      `S3 event ${s.eventId} must reference an AWS::S3::Bucket of the template (SAM rejects it otherwise); the permission is modelled for any bucket of the account`,
      eventPropPointer(s, 'Bucket'),
    );
  }
  emitPermission(s, 's3.amazonaws.com', { sourceAccount: ref('AWS::AccountId') });
}

function sns(s: EventScope): void {
  const topic = s.props.Topic;
  const topicAt = eventPropPointer(s, 'Topic');
  const sqs = s.props.SqsSubscription;
  if (!sqs) {
    emitPermission(s, 'sns.amazonaws.com', { sourceArn: topic, at: { SourceArn: topicAt } });
    emitResource(s, s.logicalId, 'AWS::SNS::Subscription', {
      Protocol: 'lambda',
      Endpoint: s.target.arn,
      TopicArn: topic,
    });
    return;
  }
  let queueArn: unknown;
  let queueUrl: unknown;
  let policyId = `${s.logicalId}QueuePolicy`;
  const at = eventPropPointer(s, 'SqsSubscription');
  if (sqs === true || sqs === 'true') {
    emitResource(s, `${s.logicalId}Queue`, 'AWS::SQS::Queue', {}, at);
    queueArn = getAtt(`${s.logicalId}Queue`, 'Arn');
    queueUrl = ref(`${s.logicalId}Queue`);
  } else if (isObject(sqs)) {
    queueArn = sqs.QueueArn;
    queueUrl = sqs.QueueUrl;
    if (typeof sqs.QueuePolicyLogicalId === 'string') policyId = sqs.QueuePolicyLogicalId;
  } else {
    queueArn = s.ctx.unknown(`SqsSubscription of event ${s.eventId}`, at);
    queueUrl = queueArn;
  }
  const statement = {
    Action: 'sqs:SendMessage',
    Effect: 'Allow',
    Principal: '*',
    Resource: queueArn,
    Condition: { ArnEquals: { 'aws:SourceArn': topic } },
  };
  s.ctx.origins.at(statement, at);
  emitResource(
    s,
    policyId,
    'AWS::SQS::QueuePolicy',
    {
      PolicyDocument: { Version: '2012-10-17', Statement: [statement] },
      Queues: [queueUrl],
    },
    at,
  );
  emitResource(s, s.logicalId, 'AWS::SNS::Subscription', {
    Protocol: 'sqs',
    Endpoint: queueArn,
    TopicArn: topic,
  });
  const mapping = { ...s, logicalId: `${s.logicalId}EventSourceMapping`, type: 'SQS' };
  emitEventSourceMapping(mapping, queueArn);
  pullEventPolicies(mapping);
}

/** The SQS dead-letter queue of a rule (created with a queue policy when `Type: SQS`); its ARN. */
export function ruleDeadLetterQueue(s: EventOwner, ruleId: string): unknown {
  const dlq = s.props.DeadLetterConfig;
  if (!isObject(dlq)) return undefined;
  if (dlq.Arn !== undefined) return dlq.Arn;
  const at = eventPropPointer(s, 'DeadLetterConfig');
  const queueId = typeof dlq.QueueLogicalId === 'string' ? dlq.QueueLogicalId : `${ruleId}Queue`;
  emitResource(s, queueId, 'AWS::SQS::Queue', {}, at);
  const statement = {
    Action: 'sqs:SendMessage',
    Effect: 'Allow',
    Principal: { Service: 'events.amazonaws.com' },
    Resource: getAtt(queueId, 'Arn'),
    Condition: { ArnEquals: { 'aws:SourceArn': getAtt(ruleId, 'Arn') } },
  };
  s.ctx.origins.at(statement, at);
  emitResource(
    s,
    `${ruleId}QueuePolicy`,
    'AWS::SQS::QueuePolicy',
    {
      PolicyDocument: { Version: '2012-10-17', Statement: [statement] },
      Queues: [ref(queueId)],
    },
    at,
  );
  return getAtt(queueId, 'Arn');
}

function rule(s: EventScope, schedule: boolean): void {
  const props: Record<string, unknown> = {};
  if (schedule) props.ScheduleExpression = s.props.Schedule;
  else {
    if (s.props.EventBusName !== undefined) props.EventBusName = s.props.EventBusName;
    if (s.props.Pattern !== undefined) props.EventPattern = s.props.Pattern;
    if (s.props.RuleName !== undefined) props.Name = s.props.RuleName;
  }
  if (schedule && s.props.Name !== undefined) props.Name = s.props.Name;
  const dlq = ruleDeadLetterQueue(s, s.logicalId);
  const target: Record<string, unknown> = { Arn: s.target.arn, Id: `${s.logicalId}LambdaTarget` };
  if (dlq !== undefined) target.DeadLetterConfig = { Arn: dlq };
  props.Targets = [target];
  emitResource(s, s.logicalId, 'AWS::Events::Rule', props);
  emitPermission(s, 'events.amazonaws.com', { sourceArn: getAtt(s.logicalId, 'Arn') });
}

function scheduleV2(s: EventScope): void {
  const at = s.pointer;
  let roleArn = s.props.RoleArn;
  if (roleArn === undefined) {
    const role = newRole(
      s.ctx,
      s.fn,
      generatedLogicalId(`${s.logicalId}Role`),
      serviceTrust(s.ctx, 'scheduler.amazonaws.com', at),
      at,
    );
    const invoke = { Action: 'lambda:InvokeFunction', Effect: 'Allow', Resource: s.target.arn };
    addInlinePolicy(
      s.ctx,
      role,
      { PolicyName: `${s.logicalId}LambdaPolicy`, PolicyDocument: { Statement: [invoke] } },
      at,
    );
    const dlq = isObject(s.props.DeadLetterConfig) ? s.props.DeadLetterConfig : undefined;
    if (dlq) {
      const queue =
        dlq.Arn ??
        getAtt(typeof dlq.QueueLogicalId === 'string' ? dlq.QueueLogicalId : `${s.logicalId}Queue`, 'Arn');
      if (dlq.Arn === undefined)
        emitResource(
          s,
          typeof dlq.QueueLogicalId === 'string' ? dlq.QueueLogicalId : `${s.logicalId}Queue`,
          'AWS::SQS::Queue',
          {},
        );
      const send = { Action: 'sqs:SendMessage', Effect: 'Allow', Resource: queue };
      addInlinePolicy(
        s.ctx,
        role,
        { PolicyName: `${s.logicalId}SQSPolicy`, PolicyDocument: { Statement: [send] } },
        eventPropPointer(s, 'DeadLetterConfig'),
      );
    }
    if (s.props.PermissionsBoundary !== undefined) role.boundary = s.props.PermissionsBoundary;
    roleArn = emitRole(s.ctx, role);
  }
  emitResource(s, s.logicalId, 'AWS::Scheduler::Schedule', {
    ScheduleExpression: s.props.ScheduleExpression,
    FlexibleTimeWindow: s.props.FlexibleTimeWindow ?? { Mode: 'OFF' },
    Target: { Arn: s.target.arn, RoleArn: roleArn },
  });
}

function cloudWatchLogs(s: EventScope): void {
  emitPermission(s, 'logs.amazonaws.com', {
    sourceArn: sub(
      `arn:${s.ctx.partition}:logs:\${AWS::Region}:\${AWS::AccountId}:log-group:\${__LogGroupName__}:*`,
      {
        __LogGroupName__: s.props.LogGroupName,
      },
    ),
  });
  emitResource(s, s.logicalId, 'AWS::Logs::SubscriptionFilter', {
    LogGroupName: s.props.LogGroupName,
    FilterPattern: s.props.FilterPattern,
    DestinationArn: s.target.arn,
  });
}

function iotRule(s: EventScope): void {
  emitPermission(s, 'iot.amazonaws.com', {
    sourceArn: sub(`arn:${s.ctx.partition}:iot:\${AWS::Region}:\${AWS::AccountId}:rule/\${RuleName}`, {
      RuleName: ref(s.logicalId),
    }),
    sourceAccount: sub('${AWS::AccountId}'),
  });
  emitResource(s, s.logicalId, 'AWS::IoT::TopicRule', {
    TopicRulePayload: {
      Sql: s.props.Sql,
      RuleDisabled: false,
      Actions: [{ Lambda: { FunctionArn: s.target.arn } }],
    },
  });
}

function cognito(s: EventScope): void {
  const pool = logicalIdOf(s.props.UserPool);
  if (!pool || !isObject(s.props.UserPool) || typeof s.props.UserPool.Ref !== 'string') {
    s.ctx.finding(
      'sam/invalid-event',
      'warning',
      `Cognito event ${s.eventId} must reference a user pool of the template (SAM rejects it otherwise); the permission it implies is unknown`,
      eventPropPointer(s, 'UserPool'),
    );
    return void unknownPermission(s, 'cognito-idp.amazonaws.com', `the user pool of event ${s.eventId}`);
  }
  emitPermission(s, 'cognito-idp.amazonaws.com', {
    prefix: `${s.fn.logicalId}Cognito`,
    sourceArn: getAtt(pool, 'Arn'),
  });
}

/** Expands one push event; false when the type is not a push event source. */
export function expandPushEvent(s: EventScope, apis: ApiRegistry, defaultRoutes: Set<string>): boolean {
  switch (s.type) {
    case 'Api':
      api(s, apis);
      return true;
    case 'HttpApi':
      httpApi(s, apis, defaultRoutes);
      return true;
    case 'S3':
      s3(s);
      return true;
    case 'SNS':
      sns(s);
      return true;
    case 'Schedule':
      rule(s, true);
      return true;
    case 'CloudWatchEvent':
    case 'EventBridgeRule':
      rule(s, false);
      return true;
    case 'ScheduleV2':
      scheduleV2(s);
      return true;
    case 'CloudWatchLogs':
      cloudWatchLogs(s);
      return true;
    case 'IoTRule':
      iotRule(s);
      return true;
    case 'AlexaSkill':
      emitPermission(s, 'alexa-appkit.amazon.com', {
        eventSourceToken: s.props.SkillId,
        at: { EventSourceToken: childPointer(s.pointer, 'Properties', 'SkillId') },
      });
      return true;
    case 'Cognito':
      cognito(s);
      return true;
    default:
      return false;
  }
}
