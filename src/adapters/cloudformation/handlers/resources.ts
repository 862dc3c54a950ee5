// Resource handlers for resources with resource-based policies: S3 buckets and bucket
// policies, SQS queues and queue policies, SNS topics and topic policies, KMS keys (key policy,
// or the default key policy when none is given), Lambda functions (their execution role recorded
// on the role) and Lambda permissions (turned into the statement AWS adds to the function
// policy), Secrets Manager secrets and their resource policies.

import type { Source } from '../../../model/source.js';
import type { ResourceKind } from '../../../model/types.js';
import { Unknown } from '../../../model/unknown.js';
import type { PolicyDocument } from '../../../policy/types.js';
import { synthesizedDocument } from '../policies.js';
import { scalarString, type Value } from '../values.js';
import { type HandlerScope, type ResourceHandler, resourceNameKey } from './scope.js';

// ---------------------------------------------------------------------------------------
// Shared helpers

function createResource(scope: HandlerScope, kind: ResourceKind, nameProperty: string | undefined): void {
  const id = scope.ctx.identity(scope.logicalId);
  if (!id.arn || !id.name) return;
  if (nameProperty) scope.reportUnresolvedName(id.nameUnresolved, nameProperty, id.name);
  const existing = scope.builder.getResource(id.arn);
  if (existing) {
    scope.finding(
      'cfn/duplicate-name',
      'error',
      `${scope.logicalId} creates ${id.arn}, which ${existing.source.logicalId ?? 'another resource'} also creates; AWS would reject the second`,
    );
  }
  const arn = scope.builder.addResource({
    kind,
    arn: id.arn,
    name: id.name,
    account: scope.account,
    region: scope.ctx.region,
    tags: scope.tags(),
    source: scope.source,
  });
  scope.setModelId(arn);
  scope.registerResourceName(kind, id.name, arn);
}

/** The model resource for a target named by a policy resource; created (as external) when missing. */
function targetResource(
  scope: HandlerScope,
  kind: ResourceKind,
  target: { arn: string; name: string; account: string; region: string | undefined },
  source: Source,
): string {
  const existing = scope.builder.getResource(target.arn);
  if (existing) return existing.id;
  scope.finding(
    'cfn/external-resource',
    'info',
    `${scope.resource.type} ${scope.logicalId} applies to ${target.arn}, which is not defined in the inputs; it is modelled with only this policy`,
  );
  const arn = scope.builder.addResource({
    kind,
    arn: target.arn,
    name: target.name,
    account: target.account,
    region: target.region,
    source,
  });
  scope.registry.resourcesByName.set(
    resourceNameKey(kind, kind === 's3-bucket' ? '' : target.account, target.name),
    arn,
  );
  scope.registry.accounts.add(target.account);
  return arn;
}

/**
 * Sets the resource policy of a bucket, queue, topic or secret. These services keep one policy per
 * resource; when two template resources set it, the later one wins (as the last write would) and
 * a finding says so.
 */
function setPolicy(scope: HandlerScope, resourceId: string, doc: PolicyDocument): void {
  const previous = scope.registry.policySetBy.get(resourceId);
  if (previous) {
    scope.finding(
      'cfn/duplicate-resource-policy',
      'warning',
      `${scope.logicalId} replaces the policy of ${resourceId} that ${previous} also sets; only one policy applies, the model keeps this one`,
    );
  }
  scope.registry.policySetBy.set(resourceId, `${scope.ctx.stackName}/${scope.logicalId}`);
  scope.builder.replaceResourcePolicy(resourceId, doc);
}

function eachTarget(
  scope: HandlerScope,
  property: string,
  what: string,
  visit: (value: string, index: number | undefined) => void,
): void {
  const v = scope.prop(property);
  if (v === undefined) {
    scope.finding('cfn/invalid-resource', 'error', `${what} ${scope.logicalId} has no ${property}`);
    return;
  }
  const items: { value: Value; index: number | undefined }[] = Array.isArray(v)
    ? v.map((value, index) => ({ value, index }))
    : [{ value: v as Value, index: undefined }];
  for (const { value, index } of items) {
    const s = scalarString(value);
    const path = index === undefined ? [property] : [property, index];
    if (s instanceof Unknown) {
      scope.finding(
        'cfn/unresolved-target',
        'warning',
        `${what} ${scope.logicalId}: the target at ${path.join('/')} is unknown (${s.reason}); its policy is not attached to any resource`,
        ...path,
      );
      continue;
    }
    if (typeof s === 'string') visit(s, index);
  }
}

// ---------------------------------------------------------------------------------------
// S3

const bucket: ResourceHandler = {
  create: (scope) => createResource(scope, 's3-bucket', 'BucketName'),
};

/** AWS::S3::BucketPolicy: Bucket is the bucket name (an ARN is accepted too). */
const bucketPolicy: ResourceHandler = {
  attach(scope) {
    const doc = scope.policy(['PolicyDocument'], 'resource');
    if (!doc) {
      scope.finding(
        'cfn/invalid-resource',
        'error',
        `bucket policy ${scope.logicalId} has no PolicyDocument`,
      );
      return;
    }
    eachTarget(scope, 'Bucket', 'bucket policy', (value) => {
      const name = value.startsWith('arn:') ? value.split(':').slice(5).join(':') : value;
      const known = scope.registry.resourcesByName.get(resourceNameKey('s3-bucket', '', name));
      const id =
        known ??
        targetResource(
          scope,
          's3-bucket',
          {
            arn: `arn:${scope.ctx.partition}:s3:::${name}`,
            name,
            account: scope.account,
            region: scope.ctx.region,
          },
          scope.sourceOf('Bucket'),
        );
      setPolicy(scope, id, doc);
    });
  },
};

// ---------------------------------------------------------------------------------------
// SQS

const queue: ResourceHandler = {
  create: (scope) => createResource(scope, 'sqs-queue', 'QueueName'),
};

/** Parses a queue URL `https://sqs.<region>.amazonaws.com/<account>/<name>` (or an ARN). */
export function queueFromUrl(
  url: string,
  partition: string,
): { arn: string; name: string; account: string; region: string | undefined } | undefined {
  if (url.startsWith('arn:')) {
    const p = url.split(':');
    if (p.length < 6) return undefined;
    return { arn: url, name: p.slice(5).join(':'), account: p[4]!, region: p[3] };
  }
  const m =
    /^https?:\/\/(?:sqs\.([a-z0-9-]+)\.[^/]+|queue\.amazonaws\.com|([a-z0-9-]+)\.queue\.[^/]+)\/(\d{12})\/([^/?#]+)\/?$/.exec(
      url,
    );
  if (!m) return undefined;
  const region = m[1] ?? m[2] ?? 'us-east-1';
  return { arn: `arn:${partition}:sqs:${region}:${m[3]}:${m[4]}`, name: m[4]!, account: m[3]!, region };
}

function queuePolicyTargets(scope: HandlerScope, property: string, doc: PolicyDocument): void {
  eachTarget(scope, property, scope.resource.type, (url, index) => {
    const q = queueFromUrl(url, scope.ctx.partition);
    if (!q) {
      scope.finding(
        'cfn/invalid-resource',
        'error',
        `"${url}" is not an SQS queue URL`,
        ...(index === undefined ? [property] : [property, index]),
      );
      return;
    }
    const id = targetResource(scope, 'sqs-queue', q, scope.sourceOf(property));
    setPolicy(scope, id, doc);
  });
}

const queuePolicy: ResourceHandler = {
  attach(scope) {
    const doc = scope.policy(['PolicyDocument'], 'resource');
    if (!doc)
      return void scope.finding(
        'cfn/invalid-resource',
        'error',
        `queue policy ${scope.logicalId} has no PolicyDocument`,
      );
    queuePolicyTargets(scope, 'Queues', doc);
  },
};

const queueInlinePolicy: ResourceHandler = {
  attach(scope) {
    const doc = scope.policy(['PolicyDocument'], 'resource');
    if (!doc)
      return void scope.finding(
        'cfn/invalid-resource',
        'error',
        `queue policy ${scope.logicalId} has no PolicyDocument`,
      );
    queuePolicyTargets(scope, 'Queue', doc);
  },
};

// ---------------------------------------------------------------------------------------
// SNS

const topic: ResourceHandler = {
  create: (scope) => createResource(scope, 'sns-topic', 'TopicName'),
};

function topicPolicyTargets(scope: HandlerScope, property: string, doc: PolicyDocument): void {
  eachTarget(scope, property, scope.resource.type, (arn, index) => {
    const p = arn.split(':');
    if (!arn.startsWith('arn:') || p.length < 6) {
      scope.finding(
        'cfn/invalid-resource',
        'error',
        `"${arn}" is not an SNS topic ARN`,
        ...(index === undefined ? [property] : [property, index]),
      );
      return;
    }
    const id = targetResource(
      scope,
      'sns-topic',
      { arn, name: p.slice(5).join(':'), account: p[4]!, region: p[3] },
      scope.sourceOf(property),
    );
    setPolicy(scope, id, doc);
  });
}

const topicPolicy: ResourceHandler = {
  attach(scope) {
    const doc = scope.policy(['PolicyDocument'], 'resource');
    if (!doc)
      return void scope.finding(
        'cfn/invalid-resource',
        'error',
        `topic policy ${scope.logicalId} has no PolicyDocument`,
      );
    topicPolicyTargets(scope, 'Topics', doc);
  },
};

const topicInlinePolicy: ResourceHandler = {
  attach(scope) {
    const doc = scope.policy(['PolicyDocument'], 'resource');
    if (!doc)
      return void scope.finding(
        'cfn/invalid-resource',
        'error',
        `topic policy ${scope.logicalId} has no PolicyDocument`,
      );
    topicPolicyTargets(scope, 'TopicArn', doc);
  },
};

// ---------------------------------------------------------------------------------------
// KMS

/**
 * AWS::KMS::Key: the key policy is the key's resource policy. Without KeyPolicy, KMS applies the
 * default key policy: one statement allowing the owning account (and so its IAM policies) `kms:*`
 * (AWS KMS Developer Guide, "Default key policy",
 * https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html).
 */
const key: ResourceHandler = {
  create(scope) {
    createResource(scope, 'kms-key', undefined);
    const id = scope.modelId();
    if (!id) return;
    let doc = scope.policy(['KeyPolicy'], 'resource');
    if (!doc) {
      const root = `arn:${scope.ctx.partition}:iam::${scope.account}:root`;
      doc = synthesizedDocument(
        scope.ctx,
        {
          Version: '2012-10-17',
          Id: 'key-default-1',
          Statement: [
            {
              Sid: 'Enable IAM User Permissions',
              Effect: 'Allow',
              Principal: { AWS: root },
              Action: 'kms:*',
              Resource: '*',
            },
          ],
        },
        scope.resource.pointer,
        {},
        'resource',
        scope.logicalId,
      );
      scope.finding(
        'cfn/default-key-policy',
        'info',
        `key ${scope.logicalId} has no KeyPolicy; the default key policy (account ${scope.account} may use IAM policies) applies`,
      );
    }
    scope.builder.replaceResourcePolicy(id, doc);
  },
};

// ---------------------------------------------------------------------------------------
// Lambda

/**
 * AWS::Lambda::Function: the function, and (once every role exists) its execution role `Role`
 * (an ARN, usually `Fn::GetAtt Role.Arn`) recorded on the role as used by the function (AWS Lambda
 * Developer Guide, "Defining Lambda function permissions with an execution role",
 * https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html).
 */
const lambdaFunction: ResourceHandler = {
  create: (scope) => createResource(scope, 'lambda-function', 'FunctionName'),
  attach(scope) {
    const id = scope.modelId();
    const fn = id ? scope.builder.getResource(id) : undefined;
    if (!fn) return;
    const role = scope.str('Role');
    if (role === undefined)
      return void scope.finding(
        'cfn/invalid-resource',
        'error',
        `Lambda function ${scope.logicalId} has no Role (its execution role is required)`,
      );
    scope.builder.linkRoleUse(role, {
      kind: 'lambda-function',
      name: fn.name,
      arn: fn.arn,
      service: 'lambda.amazonaws.com',
      source: scope.sourceOf('Role'),
    });
  },
};

/** Splits a FunctionName (name, ARN or partial ARN, optionally with a version or alias). */
export function lambdaFunctionTarget(
  value: string,
  defaults: { partition: string; region: string; account: string },
): { functionArn: string; qualifiedArn: string; name: string; account: string; region: string } | undefined {
  // The FunctionName pattern of the Lambda API: [arn:PARTITION:lambda:][REGION:][ACCOUNT:][function:]NAME[:QUALIFIER].
  const m =
    /^(?:arn:(aws[a-zA-Z-]*):lambda:)?(?:([a-z]{2}(?:-gov)?-[a-z]+-\d):)?(?:(\d{12}):)?(?:function:)?([a-zA-Z0-9_-]+)(?::(\$LATEST|[a-zA-Z0-9_-]+))?$/.exec(
      value,
    );
  if (!m) return undefined;
  const partition = m[1] ?? defaults.partition;
  const region = m[2] ?? defaults.region;
  const account = m[3] ?? defaults.account;
  const name = m[4]!;
  const qualifier = m[5];
  const functionArn = `arn:${partition}:lambda:${region}:${account}:function:${name}`;
  return {
    functionArn,
    qualifiedArn: qualifier ? `${functionArn}:${qualifier}` : functionArn,
    name,
    account,
    region,
  };
}

/**
 * AWS::Lambda::Permission → the statement Lambda adds to the function policy (AddPermission):
 * Principal (service, account id as `arn:...:root`, ARN, or `*`), Action, Resource (the function,
 * or the version/alias given in FunctionName), SourceArn → `ArnLike AWS:SourceArn`, SourceAccount
 * → `StringEquals AWS:SourceAccount`, PrincipalOrgID → `StringEquals aws:PrincipalOrgID`,
 * FunctionUrlAuthType → `StringEquals lambda:FunctionUrlAuthType`, EventSourceToken →
 * `StringEquals lambda:EventSourceToken`, InvokedViaFunctionUrl → `Bool lambda:InvokedViaFunctionUrl`
 * (AWS Lambda Developer Guide, "Granting Lambda function
 * access to AWS services", https://docs.aws.amazon.com/lambda/latest/dg/permissions-function-services.html).
 */
const lambdaPermission: ResourceHandler = {
  attach(scope) {
    const fn = scope.str('FunctionName');
    if (fn === undefined)
      return void scope.finding(
        'cfn/invalid-resource',
        'error',
        `Lambda permission ${scope.logicalId} has no FunctionName`,
      );
    if (fn instanceof Unknown) {
      scope.finding(
        'cfn/unresolved-target',
        'warning',
        `Lambda permission ${scope.logicalId}: the function is unknown (${fn.reason}); the permission is not attached to any function`,
        'FunctionName',
      );
      return;
    }
    const target = lambdaFunctionTarget(fn, {
      partition: scope.ctx.partition,
      region: scope.ctx.region,
      account: scope.account,
    });
    if (!target)
      return void scope.finding(
        'cfn/invalid-resource',
        'error',
        `"${fn}" is not a Lambda function name or ARN`,
        'FunctionName',
      );
    const principalValue = scope.str('Principal');
    const origins: Record<string, string> = {
      '/Statement/0/Action': scope.pointer('Action'),
      '/Statement/0/Principal': scope.pointer('Principal'),
      '/Statement/0/Resource': scope.pointer('FunctionName'),
    };
    const statement: Record<string, Value> = {
      Sid: scope.logicalId,
      Effect: 'Allow',
      Principal: lambdaPrincipal(principalValue, scope.ctx.partition),
      Action: scope.str('Action') ?? null,
      Resource: target.qualifiedArn,
    };
    const condition: Record<string, Record<string, Value>> = {};
    const add = (operator: string, key: string, property: string): void => {
      const v = scope.str(property);
      if (v === undefined) return;
      condition[operator] = { ...(condition[operator] ?? {}), [key]: v };
      origins[`/Statement/0/Condition/${operator}/${key}`] = scope.pointer(property);
    };
    add('ArnLike', 'AWS:SourceArn', 'SourceArn');
    add('StringEquals', 'AWS:SourceAccount', 'SourceAccount');
    add('StringEquals', 'aws:PrincipalOrgID', 'PrincipalOrgID');
    add('StringEquals', 'lambda:FunctionUrlAuthType', 'FunctionUrlAuthType');
    add('StringEquals', 'lambda:EventSourceToken', 'EventSourceToken');
    // InvokedViaFunctionUrl: "Indicates whether the permission applies when the function is
    // invoked through a function URL" (AWS::Lambda::Permission, CloudFormation Template
    // Reference); Lambda writes it as `Bool lambda:InvokedViaFunctionUrl true`.
    const viaUrl = scope.str('InvokedViaFunctionUrl');
    if (viaUrl instanceof Unknown || viaUrl === 'true')
      add('Bool', 'lambda:InvokedViaFunctionUrl', 'InvokedViaFunctionUrl');
    if (Object.keys(condition).length) statement.Condition = condition;
    const doc = synthesizedDocument(
      scope.ctx,
      { Version: '2012-10-17', Statement: [statement] },
      scope.pointer(),
      origins,
      'resource',
      scope.logicalId,
    );
    const id = targetResource(
      scope,
      'lambda-function',
      { arn: target.functionArn, name: target.name, account: target.account, region: target.region },
      scope.sourceOf('FunctionName'),
    );
    scope.builder.addResourcePolicy(id, doc);
  },
};

function lambdaPrincipal(p: string | Unknown | undefined, partition: string): Value {
  if (p === undefined) return null;
  if (p instanceof Unknown) return p;
  if (p === '*') return '*';
  if (/^\d{12}$/.test(p)) return { AWS: `arn:${partition}:iam::${p}:root` };
  if (p.startsWith('arn:')) return { AWS: p };
  return { Service: p };
}

// ---------------------------------------------------------------------------------------
// Secrets Manager

const secret: ResourceHandler = {
  create: (scope) => createResource(scope, 'secretsmanager-secret', 'Name'),
};

/** AWS::SecretsManager::ResourcePolicy: SecretId is the secret's ARN (or name). */
const secretPolicy: ResourceHandler = {
  attach(scope) {
    const doc = scope.policy(['ResourcePolicy'], 'resource');
    if (!doc)
      return void scope.finding(
        'cfn/invalid-resource',
        'error',
        `secret policy ${scope.logicalId} has no ResourcePolicy`,
      );
    eachTarget(scope, 'SecretId', 'secret resource policy', (value) => {
      let id: string | undefined;
      if (value.startsWith('arn:')) {
        const p = value.split(':');
        const name = p
          .slice(6)
          .join(':')
          .replace(/-[A-Za-z0-9]{6}$/, '');
        id =
          scope.builder.getResource(value)?.id ??
          targetResource(
            scope,
            'secretsmanager-secret',
            { arn: value, name, account: p[4]!, region: p[3] },
            scope.sourceOf('SecretId'),
          );
      } else {
        id = scope.registry.resourcesByName.get(
          resourceNameKey('secretsmanager-secret', scope.account, value),
        );
        if (!id) {
          scope.finding(
            'cfn/unresolved-target',
            'warning',
            `secret "${value}" is not defined in the inputs and its ARN is not known; the policy is not attached`,
            'SecretId',
          );
          return;
        }
      }
      setPolicy(scope, id, doc);
    });
  },
};

export const RESOURCE_HANDLERS: Record<string, ResourceHandler> = {
  'AWS::S3::Bucket': bucket,
  'AWS::S3::BucketPolicy': bucketPolicy,
  'AWS::SQS::Queue': queue,
  'AWS::SQS::QueuePolicy': queuePolicy,
  'AWS::SQS::QueueInlinePolicy': queueInlinePolicy,
  'AWS::SNS::Topic': topic,
  'AWS::SNS::TopicPolicy': topicPolicy,
  'AWS::SNS::TopicInlinePolicy': topicInlinePolicy,
  'AWS::KMS::Key': key,
  'AWS::KMS::ReplicaKey': key,
  'AWS::Lambda::Function': lambdaFunction,
  'AWS::Lambda::Permission': lambdaPermission,
  'AWS::SecretsManager::Secret': secret,
  'AWS::SecretsManager::ResourcePolicy': secretPolicy,
};
