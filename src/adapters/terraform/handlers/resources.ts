// Resources with resource-based policies: S3 buckets (aws_s3_bucket with the legacy inline
// `policy`, aws_s3_bucket_policy), SQS queues (+ aws_sqs_queue_policy), SNS topics
// (+ aws_sns_topic_policy), KMS keys (key policy, or the default key policy when none is
// given; aws_kms_key_policy), Lambda functions (their execution role recorded on the role;
// + aws_lambda_permission, turned into the policy statement Lambda's AddPermission generates)
// and Secrets Manager secrets (+ aws_secretsmanager_secret_policy).

import { parseArn, s3BucketArn } from '../../../model/arns.js';
import type { Source } from '../../../model/source.js';
import { isUnknown, type Maybe } from '../../../model/unknown.js';
import { parsePolicy } from '../../../policy/parse.js';
import type { ResourceKind } from '../../../model/types.js';
import type { TfObject } from '../eval/values.js';
import type { TfInstance } from '../instances.js';
import { type HandlerContext, str, tagsOf } from './context.js';

function known(v: unknown): v is string {
  return typeof v === 'string' && v !== '';
}

/** An attribute's policy, unless it is unknown and the configuration does not set it (computed). */
function inlinePolicy(ctx: HandlerContext, inst: TfInstance, attr: string, kind: 'resource') {
  const v = inst.values[attr];
  if (isUnknown(v) && inst.configured(attr) !== true) return undefined;
  return ctx.policy(v, kind, inst.attrSource(attr));
}

function regionOf(ctx: HandlerContext, values: TfObject): string {
  return str(values, 'region') ?? ctx.env.region;
}

function addResource(
  ctx: HandlerContext,
  inst: TfInstance,
  kind: ResourceKind,
  arn: string,
  name: string,
  policyAttr: string | undefined,
): string {
  const policy = policyAttr ? inlinePolicy(ctx, inst, policyAttr, 'resource') : undefined;
  const id = ctx.builder.addResource({
    kind,
    arn,
    name,
    account: /^\d{12}$/.test(parseArn(arn)?.account ?? '') ? parseArn(arn)!.account : ctx.env.account,
    region: kind === 's3-bucket' ? undefined : regionOf(ctx, inst.values),
    tags: tagsOf(inst.values),
    source: inst.source,
    ...(policy ? { policy } : {}),
    ...(inst.presence ? { presence: inst.presence } : {}),
  });
  ctx.record(inst, { kind: 'resource', id, name });
  return id;
}

function arnOrStandIn(inst: TfInstance, make: (name: string) => string, name: string): string {
  const arn = inst.values.arn;
  return known(arn) ? arn : make(name);
}

export function handleBucket(ctx: HandlerContext, inst: TfInstance): void {
  const name = str(inst.values, 'bucket') ?? ctx.standInName(inst, 'bucket', 'bucket');
  addResource(ctx, inst, 's3-bucket', s3BucketArn(ctx.env.partition, name), name, 'policy');
}

export function handleQueue(ctx: HandlerContext, inst: TfInstance): void {
  const name = str(inst.values, 'name') ?? ctx.standInName(inst, 'queue');
  const region = regionOf(ctx, inst.values);
  const arn = arnOrStandIn(
    inst,
    (n) => `arn:${ctx.env.partition}:sqs:${region}:${ctx.env.account}:${n}`,
    name,
  );
  addResource(ctx, inst, 'sqs-queue', arn, name, 'policy');
}

export function handleTopic(ctx: HandlerContext, inst: TfInstance): void {
  const name = str(inst.values, 'name') ?? ctx.standInName(inst, 'topic');
  const region = regionOf(ctx, inst.values);
  const arn = arnOrStandIn(
    inst,
    (n) => `arn:${ctx.env.partition}:sns:${region}:${ctx.env.account}:${n}`,
    name,
  );
  addResource(ctx, inst, 'sns-topic', arn, name, 'policy');
}

export function handleSecret(ctx: HandlerContext, inst: TfInstance): void {
  const name = str(inst.values, 'name') ?? ctx.standInName(inst, 'secret');
  const region = regionOf(ctx, inst.values);
  const arn = arnOrStandIn(
    inst,
    (n) => `arn:${ctx.env.partition}:secretsmanager:${region}:${ctx.env.account}:secret:${n}-??????`,
    name,
  );
  addResource(ctx, inst, 'secretsmanager-secret', arn, name, 'policy');
}

export function handleFunction(ctx: HandlerContext, inst: TfInstance): void {
  const name = str(inst.values, 'function_name') ?? ctx.standInName(inst, 'function', 'function_name');
  const region = regionOf(ctx, inst.values);
  const arn = arnOrStandIn(
    inst,
    (n) => `arn:${ctx.env.partition}:lambda:${region}:${ctx.env.account}:function:${n}`,
    name,
  );
  addResource(ctx, inst, 'lambda-function', arn, name, undefined);
}

/**
 * aws_lambda_function `role` (the execution role's ARN), linked once every role exists: the ARN
 * when known, else (unknown or empty) the one role the configuration refers to; otherwise the
 * builder reports the function as unlinked, or a finding says the role is not set (AWS Lambda
 * Developer Guide, "Defining Lambda function permissions with an execution role",
 * https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html).
 */
export function handleFunctionRole(ctx: HandlerContext, inst: TfInstance): void {
  const fn = ctx.byAddress.get(inst.address);
  if (fn?.kind !== 'resource') return;
  const value = inst.values.role;
  const source = inst.attrSource('role');
  let roleArn: Maybe<string> | undefined = known(value) || isUnknown(value) ? value : undefined;
  if (!known(value)) {
    const refs = ctx.referenced(inst, 'role', ['role']);
    if (refs.length === 1) roleArn = refs[0]!.id;
  }
  if (roleArn === undefined) {
    ctx.finding({
      code: 'tf/unresolved-reference',
      severity: 'warning',
      message: `${inst.address}: role (the function's execution role) is not set; what the function can do is not modelled`,
      source,
    });
    return;
  }
  ctx.builder.linkRoleUse(roleArn, {
    kind: 'lambda-function',
    name: fn.name,
    arn: fn.id,
    service: 'lambda.amazonaws.com',
    source,
  });
}

/**
 * AWS KMS Developer Guide, "Default key policy": a key created without a policy gets a policy
 * that allows the account (its IAM policies) to use the key.
 */
function defaultKeyPolicy(ctx: HandlerContext, source: Source) {
  return parsePolicy(
    {
      Version: '2012-10-17',
      Id: 'key-default-1',
      Statement: [
        {
          Sid: 'Enable IAM User Permissions',
          Effect: 'Allow',
          Principal: { AWS: `arn:${ctx.env.partition}:iam::${ctx.env.account}:root` },
          Action: 'kms:*',
          Resource: '*',
        },
      ],
    },
    { kind: 'resource', source: { ...source, pointer: `${source.pointer ?? ''}(default key policy)` } },
  );
}

export function handleKey(ctx: HandlerContext, inst: TfInstance): void {
  const arn = known(inst.values.arn)
    ? inst.values.arn
    : `arn:${ctx.env.partition}:kms:${regionOf(ctx, inst.values)}:${ctx.env.account}:key/${inst.address}`;
  const keyId = str(inst.values, 'key_id') ?? inst.address;
  const id = addResource(ctx, inst, 'kms-key', arn, keyId, 'policy');
  const hasPolicy = ctx.builder.getResource(id)?.policy !== undefined;
  if (!hasPolicy) ctx.builder.replaceResourcePolicy(id, defaultKeyPolicy(ctx, inst.attrSource('policy')));
  if (keyId !== arn) ctx.byAddress.set(inst.address, { kind: 'resource', id, name: keyId });
}

/** A resource policy resource (aws_s3_bucket_policy, ...): replaces the resource's policy. */
function attachPolicy(
  ctx: HandlerContext,
  inst: TfInstance,
  attr: string,
  toArn: (v: string) => string | undefined,
  create: ((v: string) => void) | undefined,
): void {
  const value = inst.values[attr];
  if (known(value) && create) {
    const arn = toArn(value);
    if (arn && !ctx.builder.getResource(arn)) create(value);
  }
  const id = ctx.linkResource(inst, attr, (v) => {
    const arn = toArn(v);
    return arn && ctx.builder.getResource(arn) ? arn : undefined;
  });
  if (!id) return;
  const doc = ctx.policy(inst.values.policy, 'resource', inst.attrSource('policy'));
  if (doc) ctx.builder.replaceResourcePolicy(id, doc);
}

export function handleBucketPolicy(ctx: HandlerContext, inst: TfInstance): void {
  attachPolicy(
    ctx,
    inst,
    'bucket',
    (v) => (v.startsWith('arn:') ? v : s3BucketArn(ctx.env.partition, v)),
    (v) => {
      const name = v.startsWith('arn:') ? v.split(':').pop()! : v;
      ctx.builder.addBucket({
        bucketName: name,
        account: ctx.env.account,
        source: inst.attrSource('bucket'),
      });
    },
  );
}

/** `https://sqs.<region>.amazonaws.com/<account>/<name>` → the queue ARN. */
export function queueUrlToArn(partition: string, url: string): string | undefined {
  const m =
    /^https?:\/\/(?:sqs\.)?([a-z0-9-]+)\.(?:queue\.)?amazonaws\.com(?:\.cn)?\/(\d{12})\/([^/?#]+)/.exec(url);
  if (m) return `arn:${partition}:sqs:${m[1]}:${m[2]}:${m[3]}`;
  if (url.startsWith('arn:')) return url;
  return undefined;
}

export function handleQueuePolicy(ctx: HandlerContext, inst: TfInstance): void {
  attachPolicy(
    ctx,
    inst,
    'queue_url',
    (v) => queueUrlToArn(ctx.env.partition, v),
    (v) => {
      const arn = queueUrlToArn(ctx.env.partition, v);
      if (!arn) return;
      const parts = arn.split(':');
      ctx.builder.addResource({
        kind: 'sqs-queue',
        arn,
        name: parts[5]!,
        account: parts[4]!,
        region: parts[3],
        source: inst.attrSource('queue_url'),
      });
    },
  );
}

function addByArn(ctx: HandlerContext, inst: TfInstance, attr: string, kind: ResourceKind) {
  return (arn: string) => {
    if (!arn.startsWith('arn:')) return;
    const parts = arn.split(':');
    ctx.builder.addResource({
      kind,
      arn,
      name: parts
        .slice(5)
        .join(':')
        .replace(/^secret:/, ''),
      account: parts[4] || ctx.env.account,
      region: parts[3] || undefined,
      source: inst.attrSource(attr),
    });
  };
}

export function handleTopicPolicy(ctx: HandlerContext, inst: TfInstance): void {
  attachPolicy(
    ctx,
    inst,
    'arn',
    (v) => (v.startsWith('arn:') ? v : undefined),
    addByArn(ctx, inst, 'arn', 'sns-topic'),
  );
}

export function handleSecretPolicy(ctx: HandlerContext, inst: TfInstance): void {
  attachPolicy(
    ctx,
    inst,
    'secret_arn',
    (v) => (v.startsWith('arn:') ? v : undefined),
    addByArn(ctx, inst, 'secret_arn', 'secretsmanager-secret'),
  );
}

export function handleKeyPolicy(ctx: HandlerContext, inst: TfInstance): void {
  attachPolicy(
    ctx,
    inst,
    'key_id',
    (v) => {
      if (v.startsWith('arn:')) return v;
      for (const [, ref] of ctx.byAddress) if (ref.kind === 'resource' && ref.name === v) return ref.id;
      return undefined;
    },
    undefined,
  );
}

/** The unqualified function ARN for a function name, partial ARN or ARN. */
function functionArn(ctx: HandlerContext, v: string): string | undefined {
  if (v.startsWith('arn:')) return v.split(':').slice(0, 7).join(':');
  const partial = /^(\d{12}):function:([^:]+)/.exec(v);
  if (partial)
    return `arn:${ctx.env.partition}:lambda:${ctx.env.region}:${partial[1]}:function:${partial[2]}`;
  const name = v.split(':')[0]!;
  for (const [, ref] of ctx.byAddress) {
    if (ref.kind === 'resource' && ref.id.includes(':function:') && ref.name === name) return ref.id;
  }
  return `arn:${ctx.env.partition}:lambda:${ctx.env.region}:${ctx.env.account}:function:${name}`;
}

/**
 * aws_lambda_permission → the statement AddPermission adds to the function policy (Lambda
 * Developer Guide, "Viewing resource-based IAM policies in Lambda"): Allow lambda action on
 * the function (qualified when a qualifier is given) for the principal (an account id becomes
 * its root ARN), with ArnLike AWS:SourceArn, StringEquals AWS:SourceAccount,
 * aws:PrincipalOrgID, lambda:EventSourceToken and lambda:FunctionUrlAuthType conditions.
 */
export function handleLambdaPermission(ctx: HandlerContext, inst: TfInstance): void {
  const v = inst.values;
  const fid = ctx.linkResource(inst, 'function_name', (name) => {
    const arn = functionArn(ctx, name);
    if (arn && !ctx.builder.getResource(arn)) {
      const parts = arn.split(':');
      ctx.builder.addResource({
        kind: 'lambda-function',
        arn,
        name: parts[6]!,
        account: parts[4]!,
        region: parts[3],
        source: inst.attrSource('function_name'),
      });
    }
    return arn;
  });
  if (!fid) return;
  const principal = v.principal;
  let principalElement: unknown;
  if (isUnknown(principal)) principalElement = { AWS: principal };
  else if (principal === '*') principalElement = '*';
  else if (typeof principal === 'string' && /^\d{12}$/.test(principal)) {
    principalElement = { AWS: `arn:${ctx.env.partition}:iam::${principal}:root` };
  } else if (typeof principal === 'string' && principal.startsWith('arn:'))
    principalElement = { AWS: principal };
  else if (typeof principal === 'string') principalElement = { Service: principal };
  else principalElement = undefined;
  const qualifier = v.qualifier;
  const resource = isUnknown(qualifier) ? qualifier : known(qualifier) ? `${fid}:${qualifier}` : fid;
  const condition: Record<string, Record<string, unknown>> = {};
  const add = (op: string, key: string, val: unknown) => {
    if (val === null || val === undefined || val === '') return;
    condition[op] ??= {};
    condition[op]![key] = val;
  };
  add('ArnLike', 'AWS:SourceArn', v.source_arn);
  add('StringEquals', 'AWS:SourceAccount', v.source_account);
  add('StringEquals', 'aws:PrincipalOrgID', v.principal_org_id);
  add('StringEquals', 'lambda:EventSourceToken', v.event_source_token);
  add('StringEquals', 'lambda:FunctionUrlAuthType', v.function_url_auth_type);
  const statement: Record<string, unknown> = {
    Effect: 'Allow',
    Principal: principalElement,
    Action: v.action ?? 'lambda:InvokeFunction',
    Resource: resource,
  };
  const sid = v.statement_id;
  if (known(sid)) statement.Sid = sid;
  if (Object.keys(condition).length) statement.Condition = condition;
  const doc = parsePolicy(
    { Version: '2012-10-17', Statement: [statement] },
    { kind: 'resource', source: inst.source },
  );
  ctx.builder.addResourcePolicy(fid, doc);
}
