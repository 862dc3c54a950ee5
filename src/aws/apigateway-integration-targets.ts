// The resource an API Gateway AWS service integration acts on (the queue of SQS SendMessage, the
// state machine of Step Functions StartExecution, the topic of SNS Publish, the table of a DynamoDB
// action, the stream of Kinesis PutRecord), read from where the integration writes it: the queue
// path of a path-style SQS URI (`arn:aws:apigateway:REGION:sqs:path/ACCOUNT/QUEUE`), a request
// parameter (REST `integration.request.querystring.QueueUrl: "'https://…'"`; HTTP API
// `QueueUrl`), a mapping template (`"stateMachineArn": "arn:…"`, `TopicArn=arn:…`). Owns
// `integrationResource`, and `integrationRequest`, the one shape both adapters record the request
// in; aws/apigateway-methods.ts `integrationTarget` carries its answer, and
// analysis/api-integration-permission.ts decides the call on it.
//
// Amazon API Gateway Developer Guide:
// - "Method request behavior for payloads without mapping templates for REST APIs"
//   (https://docs.aws.amazon.com/apigateway/latest/developerguide/integration-passthrough-behaviors.html):
//   WHEN_NO_MATCH: "the method request body to pass through the integration request to the backend
//   without transformation when the method request content type does not match any content types
//   associated with the mapping templates"; WHEN_NO_TEMPLATES: "If a template is defined when this
//   option is selected, the method request with a payload and content type that doesn't match any
//   defined mapping template will be rejected"; NEVER likewise rejects. WHEN_NO_MATCH is the
//   default: a caller whose body passes through writes the request, target included.
// - REST request parameters: a static value is a string in single quotes (`'value'`); a
//   `method.request.…` value is the caller's (parameter mapping).
// - "Create AWS service integrations for HTTP APIs"
//   (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-aws-services.html):
//   "You can use static values or map parameters that are dynamically evaluated at runtime"
//   (`$request.header.name`, `$request.querystring.name`, `$request.path.name`, `$request.body.name`;
//   `$context.…`, `$stageVariables.…`); "Integration subtype reference": SQS-SendMessage
//   `QueueUrl`, StepFunctions-StartExecution `StateMachineArn`, Kinesis-PutRecord `StreamName`.

import { UNKNOWN_REGION } from '../model/stand-ins.js';
import type { ApiIntegration } from '../model/types.js';
import { isUnknown, type Maybe, Unknown } from '../model/unknown.js';
import { DEFAULT_EVENT_BUS } from './events.js';
import { escapeRegExp } from '../text/regexp.js';

/** What an integration writes into its request, as `ApiIntegration` records it. */
export type IntegrationRequest = Pick<
  ApiIntegration,
  'requestParameters' | 'requestTemplates' | 'passthroughBehavior'
>;

/** The request fields both adapters read (request parameters, mapping templates, passthrough behavior): those given. */
export function integrationRequest(
  requestParameters: IntegrationRequest['requestParameters'],
  requestTemplates: IntegrationRequest['requestTemplates'],
  passthroughBehavior: IntegrationRequest['passthroughBehavior'],
): IntegrationRequest {
  return {
    ...(requestParameters !== undefined ? { requestParameters } : {}),
    ...(requestTemplates !== undefined ? { requestTemplates } : {}),
    ...(passthroughBehavior !== undefined ? { passthroughBehavior } : {}),
  };
}

/**
 * The resource an integration acts on:
 * - `pinned`: the inputs name it (`arns`: every resource a call may act on, one per template or
 *   source that names it);
 * - `caller`: the caller names it (a `method.request.…` / `$request.…` value, a body that passes
 *   through, a template writing the caller's input unescaped): any resource, the caller's choice;
 * - an Unknown: a value the inputs leave unknown (a parameter, a stage variable);
 * - undefined: iamspec does not read this action's target (any resource stands for it).
 */
export type IntegrationResource = { kind: 'pinned'; arns: string[] } | { kind: 'caller'; why: string };

/**
 * The request key naming the target of an action (lower case), how its value becomes an ARN, and
 * the value the service takes when the request writes none (`whenUnset`; without it, a request
 * that writes no value is read as the caller's choice).
 */
interface TargetKey extends KeyReading {
  key: string;
  arn: (value: string, env: TargetEnv) => string | undefined;
}

/** How a request's key is read beyond its value: its default, and where it sits. */
interface KeyReading {
  whenUnset?: string;
  /**
   * The key sits in each entry of a list (PutEvents `Entries`): a JSON value of the caller's
   * (`$input.json(…)` written as a value) may be an entry of the caller's, naming its own.
   */
  inEntries?: boolean;
}

/**
 * Where the integration calls: the URI's partition and region; an HTTP API subtype's `Region`
 * request parameter, else the API's own Region (undefined when the inputs do not give it).
 */
interface TargetEnv {
  partition: string;
  region: string | undefined;
  account: string;
}

const SQS_URL =
  /^https?:\/\/(?:sqs\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?|([a-z0-9-]+)\.queue\.amazonaws\.com(\.cn)?|queue\.amazonaws\.com)\/(\d{12})\/([^/?#]+)\/?$/;

/** The ARN of the queue a queue URL names (`https://sqs.us-east-1.amazonaws.com/111122223333/jobs`). */
function queueArnOfUrl(url: string): string | undefined {
  const m = SQS_URL.exec(url.trim());
  if (!m) return undefined;
  const region = m[1] ?? m[3] ?? 'us-east-1';
  const partition = m[2] || m[4] ? 'aws-cn' : 'aws';
  return `arn:${partition}:sqs:${region}:${m[5]}:${m[6]}`;
}

/** An ARN as written, else a name in the integration's region and the API's account. */
const arnOrName =
  (service: string, type: string) =>
  (value: string, env: TargetEnv): string | undefined => {
    if (value.startsWith('arn:')) return value;
    return env.region
      ? `arn:${env.partition}:${service}:${env.region}:${env.account}:${type}${value}`
      : undefined;
  };

const arnOnly = (value: string): string | undefined => (value.startsWith('arn:') ? value : undefined);

const QUEUE: TargetKey = { key: 'queueurl', arn: queueArnOfUrl };
const TABLE: TargetKey = { key: 'tablename', arn: arnOrName('dynamodb', 'table/') };

/** The target key of each action whose target iamspec reads (lower case IAM action). */
const TARGET_KEYS: Readonly<Record<string, TargetKey>> = {
  'sqs:sendmessage': QUEUE,
  'sqs:sendmessagebatch': QUEUE,
  'sqs:receivemessage': QUEUE,
  'sqs:deletemessage': QUEUE,
  'sqs:purgequeue': QUEUE,
  'sqs:changemessagevisibility': QUEUE,
  'states:startexecution': { key: 'statemachinearn', arn: arnOnly },
  'states:startsyncexecution': { key: 'statemachinearn', arn: arnOnly },
  'sns:publish': { key: 'topicarn', arn: arnOnly },
  'dynamodb:putitem': TABLE,
  'dynamodb:getitem': TABLE,
  'dynamodb:updateitem': TABLE,
  'dynamodb:deleteitem': TABLE,
  'dynamodb:query': TABLE,
  'dynamodb:scan': TABLE,
  'kinesis:putrecord': { key: 'streamname', arn: arnOrName('kinesis', 'stream/') },
  'kinesis:putrecords': { key: 'streamname', arn: arnOrName('kinesis', 'stream/') },
  // EventBridge API Reference, PutEventsRequestEntry, EventBusName: "The name or ARN of the event
  // bus to receive the event. [...] If you omit this, the default event bus is used."
  'events:putevents': {
    key: 'eventbusname',
    arn: arnOrName('events', 'event-bus/'),
    whenUnset: DEFAULT_EVENT_BUS,
    inEntries: true,
  },
};

/** What one value names: a literal, the caller's choice, or an unknown. */
type Value = { literal: string } | { caller: string } | Unknown;

/** A REST request parameter value: `'static'`, else a mapping from the request or the deployment. */
function restParameterValue(v: Maybe<string>, source: ApiIntegration['source']): Value {
  if (isUnknown(v)) return v;
  const t = v.trim();
  if (t.length >= 2 && t.startsWith("'") && t.endsWith("'")) return { literal: t.slice(1, -1) };
  if (t.startsWith('method.request.')) return { caller: `the request parameter maps ${t}` };
  return new Unknown(`the request parameter value ${t} is known only when the API is called`, source);
}

/** An HTTP API request parameter value: static text, or a `$request.…` / `$context.…` mapping. */
function httpParameterValue(v: Maybe<string>, source: ApiIntegration['source']): Value {
  if (isUnknown(v)) return v;
  if (/\$\{?request\./.test(v)) return { caller: `the request parameter maps ${v}` };
  if (v.includes('$'))
    return new Unknown(`the request parameter value ${v} is known only at runtime`, source);
  return { literal: v };
}

/** A value a mapping template writes: literal text, or a VTL expression. */
function templateValue(v: string, source: ApiIntegration['source']): Value {
  if (v.includes('$input') || v.includes('$method')) return { caller: `a mapping template writes ${v}` };
  if (v.includes('$') || v.includes('#'))
    return new Unknown(`a mapping template writes ${v}, known only when the API is called`, source);
  return { literal: v };
}

const CALLER_FIELDS = "a mapping template writes the caller's input where it may add fields";

/**
 * Whether `template` writes the caller's input where it may add fields: any `$input` not escaped
 * (`$util.escapeJavaScript`, `$input.json` in a JSON body unless the fields read sit in list
 * entries the caller's JSON may supply, `inEntries`; `$util.urlEncode` in a form body).
 */
function writesCallerInput(template: string, inEntries = false): boolean {
  const json = template.trimStart().startsWith('{');
  const escaped = template.replace(/\$util\.escapeJavaScript\([^)]*\)\)?/g, '');
  const safe = json
    ? inEntries
      ? escaped
      : escaped.replace(/\$input\.json\([^)]*\)/g, '')
    : template.replace(/\$util\.urlEncode\([^)]*\)\)?/g, '');
  return safe.includes('$input');
}

/**
 * Why the caller's input may add fields of its own to a request (a Query protocol form, where a
 * second `Action` may follow the one the integration names): its body passes through
 * (`PassthroughBehavior`), or a template writes it unescaped (`writesCallerInput`); templates or a
 * behavior the inputs leave unknown may do either. Undefined when it may not.
 */
export function callerFieldsOf(integration: ApiIntegration): string | undefined {
  const { requestTemplates: templates, passthroughBehavior } = integration;
  if (isUnknown(templates)) return `the mapping templates are unknown (${templates.reason})`;
  if (isUnknown(passthroughBehavior))
    return `the passthrough behavior is unknown (${passthroughBehavior.reason})`;
  const list = Object.values(templates ?? {});
  const passthrough = (passthroughBehavior ?? 'WHEN_NO_MATCH').toUpperCase();
  if (passthrough === 'WHEN_NO_MATCH' || (passthrough === 'WHEN_NO_TEMPLATES' && !list.length))
    return `the caller's request body passes through to the integration (${passthrough})`;
  for (const t of list) {
    if (isUnknown(t)) return `a mapping template is unknown (${t.reason})`;
    if (writesCallerInput(t)) return CALLER_FIELDS;
  }
  return undefined;
}

/**
 * The values a template writes for `key` (a JSON member `"key": "v"`, a form field `key=v`, any
 * case), and the caller's choice too when the template writes the caller's input where it may add
 * fields (`writesCallerInput`).
 */
function templateValues(
  template: string,
  key: string,
  source: ApiIntegration['source'],
  inEntries = false,
): Value[] | undefined {
  const json = template.trimStart().startsWith('{');
  const injected: Value[] = writesCallerInput(template, inEntries) ? [{ caller: CALLER_FIELDS }] : [];
  const k = escapeRegExp(key);
  const re = json
    ? new RegExp(`"${k}"\\s*:\\s*"([^"]*)"`, 'gi')
    : new RegExp(`(?:^|[&\\s?])${k}=([^&\\s]*)`, 'gi');
  const out: Value[] = [];
  for (const m of template.matchAll(re)) {
    let v = m[1]!;
    if (!json)
      try {
        v = decodeURIComponent(v);
      } catch {
        /* kept as written */
      }
    out.push(templateValue(v, source));
  }
  if (injected.length) return [...out, ...injected];
  if (!out.length && new RegExp(k, 'i').test(template))
    return [new Unknown(`a mapping template writes ${key} in a form iamspec does not read`, source)];
  return out.length ? out : undefined;
}

/** The request parameter of `key` (REST: any `integration.request.*.KEY`; HTTP API: `KEY`), any case. */
function parameterOf(
  params: Readonly<Record<string, Maybe<string>>>,
  key: string,
  rest: boolean,
): Maybe<string> | undefined {
  for (const [name, v] of Object.entries(params)) {
    const last = rest ? name.split('.').slice(-1)[0]! : name;
    if (last.toLowerCase() === key) return v;
  }
  return undefined;
}

/** The path-style SQS URI's queue (`…:sqs:path/ACCOUNT/QUEUE`), when the URI is one. */
function sqsPathQueue(uri: Maybe<string> | undefined): string | undefined {
  if (uri === undefined || isUnknown(uri)) return undefined;
  const m = /^arn:([^:]+):apigateway:([^:]+):sqs:path\/(\d{12})\/([^/?]+)\/?$/.exec(uri);
  return m ? `arn:${m[1]}:sqs:${m[2]}:${m[3]}:${m[4]}` : undefined;
}

/**
 * The values a REST integration's request gives `key`: each template's, else the parameter's; a
 * template and parameter that write none give `whenUnset` when the service has a default.
 */
function restValues(
  integration: ApiIntegration,
  key: string,
  { whenUnset, inEntries }: KeyReading = {},
): Value[] | Unknown {
  const { requestParameters: params, requestTemplates: templates, passthroughBehavior, source } = integration;
  if (isUnknown(params)) return params;
  if (isUnknown(templates)) return templates;
  if (isUnknown(passthroughBehavior)) return passthroughBehavior;
  const list = Object.values(templates ?? {});
  const passthrough = (passthroughBehavior ?? 'WHEN_NO_MATCH').toUpperCase();
  if (passthrough === 'WHEN_NO_MATCH' || (passthrough === 'WHEN_NO_TEMPLATES' && !list.length))
    return [{ caller: `the caller's request body passes through to the integration (${passthrough})` }];
  // A key in the entries of a JSON body (PutEvents) is written by the template alone: a request
  // parameter goes to the URL or headers, not into an entry.
  const param = params && !inEntries ? parameterOf(params, key, true) : undefined;
  const fromParam = param === undefined ? undefined : restParameterValue(param, source);
  const out: Value[] = [];
  for (const t of list.length ? list : [undefined]) {
    if (isUnknown(t)) return t;
    const own = t === undefined ? undefined : templateValues(t, key, source, inEntries);
    const values =
      own ?? (fromParam ? [fromParam] : whenUnset !== undefined ? [{ literal: whenUnset }] : undefined);
    if (!values) return [{ caller: `no template or parameter of the integration writes ${key}` }];
    out.push(...values);
  }
  return out;
}

/** The action a path-style URI's request names, and whether the caller may add fields to it. */
export interface PathStyleAction {
  /** The `Action` the request writes (`SendMessage`). */
  action: string;
  /**
   * Why the caller may add fields of its own beside it (a form or JSON template writing the
   * caller's input unescaped): another `Action`, another queue; undefined when it may not.
   */
  callerFields?: string;
}

/**
 * The action a path-style URI of a query-protocol service (`…:sqs:path/ACCOUNT/QUEUE`) calls: the
 * `Action` its request writes (a form template `Action=SendMessage&…`, a request parameter
 * `'SendMessage'`), when the inputs pin one; undefined otherwise (the caller's, or unknown). A
 * template that also writes the caller's input unescaped (`MessageBody=$input.body`) still names
 * its action, with `callerFields` saying the caller may add fields to the form: which of two
 * `Action` (or queue) fields the service takes is documented nowhere, so the caller's fields are
 * decided as the caller's choice of the service's actions and resources
 * (analysis/api-integration-permission.ts).
 */
export function pathStyleAction(integration: ApiIntegration): PathStyleAction | undefined {
  const values = restValues(integration, 'action');
  if (isUnknown(values) || !values.length) return undefined;
  const literals = values.filter((v): v is { literal: string } => !isUnknown(v) && 'literal' in v);
  const callers = values.filter((v): v is { caller: string } => !isUnknown(v) && 'caller' in v);
  const first = literals[0]?.literal;
  if (!first || !/^[A-Za-z]+$/.test(first) || literals.length + callers.length !== values.length)
    return undefined;
  if (!literals.every((l) => l.literal === first)) return undefined;
  return callers.length ? { action: first, callerFields: callers[0]!.caller } : { action: first };
}

/**
 * The Region an HTTP API subtype's request names with its `Region` parameter ("Integration
 * subtype reference": every subtype takes an optional `Region`), else the API's own (`apiRegion`);
 * the caller's choice or an unknown when the parameter is mapped or unknown.
 */
function subtypeRegion(
  params: Readonly<Record<string, Maybe<string>>> | undefined,
  apiRegion: string | undefined,
  source: ApiIntegration['source'],
): { region: string | undefined } | { caller: string } | Unknown {
  const v = params ? parameterOf(params, 'region', false) : undefined;
  if (v === undefined) return { region: apiRegion };
  const value = httpParameterValue(v, source);
  return isUnknown(value) || 'caller' in value ? value : { region: value.literal };
}

/** The values an HTTP API subtype's request parameters give `target` (see `integrationResource`). */
function subtypeValues(integration: ApiIntegration, target: TargetKey): Value[] | Unknown {
  const params = integration.requestParameters;
  if (isUnknown(params)) return params;
  const v = params ? parameterOf(params, target.key, false) : undefined;
  if (v !== undefined) return [httpParameterValue(v, integration.source)];
  return target.whenUnset !== undefined
    ? [{ literal: target.whenUnset }]
    : [{ caller: `no request parameter of the integration writes ${target.key}` }];
}

/**
 * The resource `integration` acts on for `action` (see `IntegrationResource`); undefined when
 * iamspec does not read the target of the action. `account` is the API's: a name (a table, a
 * stream, an event bus) is in it, in the URI's Region (REST) or, for an HTTP API subtype, the
 * Region its `Region` parameter names, else the API's (`apiArn`: its execution ARN, when known).
 * A path-style SQS URI names its queue, unless the request lets the caller add fields of its own
 * (`MessageBody=$input.body`): then a `QueueUrl` field of the caller's may name another, and
 * which one SQS takes is documented nowhere (the caller's choice).
 */
export function integrationResource(
  integration: ApiIntegration,
  action: Maybe<string>,
  account: string,
  apiArn?: string,
): IntegrationResource | Unknown | undefined {
  if (isUnknown(action)) return undefined;
  const target = TARGET_KEYS[action.toLowerCase()];
  if (!target) return undefined;
  const queue = action.toLowerCase().startsWith('sqs:') ? sqsPathQueue(integration.uri) : undefined;
  if (queue) {
    const fields = pathStyleAction(integration)?.callerFields;
    return fields ? { kind: 'caller', why: fields } : { kind: 'pinned', arns: [queue] };
  }
  const uri =
    typeof integration.uri === 'string' ? /^arn:([^:]+):apigateway:([^:]*):/.exec(integration.uri) : null;
  const env: TargetEnv = { partition: uri?.[1] ?? 'aws', region: uri?.[2] || undefined, account };
  let values: Value[] | Unknown;
  if (integration.subtype !== undefined) {
    const params = integration.requestParameters;
    if (isUnknown(params)) return params;
    const [, partition, , apiRegion] = apiArn?.split(':') ?? [];
    // An API whose Region the inputs do not pin down (`unknown-region`): a name is in no known Region.
    const known = apiRegion && apiRegion !== UNKNOWN_REGION ? apiRegion : undefined;
    const region = subtypeRegion(params, known, integration.source);
    if (isUnknown(region)) return region;
    if ('caller' in region) return { kind: 'caller', why: region.caller };
    env.region = region.region;
    if (partition) env.partition = partition;
    values = subtypeValues(integration, target);
  } else values = restValues(integration, target.key, target);
  if (isUnknown(values)) return values;
  const caller = values.find((v): v is { caller: string } => !isUnknown(v) && 'caller' in v);
  if (caller) return { kind: 'caller', why: caller.caller };
  const unknown = values.find((v): v is Unknown => isUnknown(v));
  if (unknown) return unknown;
  const arns: string[] = [];
  for (const v of values as { literal: string }[]) {
    const arn = target.arn(v.literal, env);
    // A value iamspec cannot read as an ARN (a name without the region): any resource stands for it.
    if (!arn) return undefined;
    if (!arns.includes(arn)) arns.push(arn);
  }
  return { kind: 'pinned', arns };
}
