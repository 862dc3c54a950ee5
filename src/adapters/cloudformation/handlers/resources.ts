// Resource handlers for resources with resource-based policies. They map template properties
// onto the AWS facts of src/aws (ARN formats, the default key policy, the statements Lambda's
// AddPermission and AddLayerVersionPermission and EventBridge's PutPermission write, queue URLs,
// S3 Block Public Access) and the shared description of each resource policy
// (src/aws/resource-policies.ts), from which the handlers of DynamoDB, ECR, Kinesis, VPC
// endpoints, OpenSearch, EventBridge, Backup, EFS, API Gateway and Lambda layers are made. S3
// buckets, SQS queues, SNS topics, KMS keys, Lambda functions and Secrets Manager secrets have
// dedicated handlers. A type that carries a policy and is none of these is kept with an unknown
// policy (`keepUnmodelledPolicy`).

import { addEcrRegistryPolicy } from '../../../aws/ecr-registry-policy.js';
import { addLogsResourcePolicy } from '../../../aws/logs-resource-policy.js';
import { addUnmodelledPolicy } from '../../../aws/governed-arns.js';
import { ARN, type AwsEnvironment, parseArn, secretNameOfArn } from '../../../aws/arn-formats.js';
import { OPENAPI_POLICY_EXTENSION, restApiPolicyPlace } from '../../../aws/apigateway.js';
import { eventBusPermissionDocument } from '../../../aws/events.js';
import {
  s3BucketKeyOf,
  s3DefaultEncryptionKey,
  streamEncryptionKey,
} from '../../../aws/encryption-key-requirement.js';
import { defaultKeyPolicy, kmsKeyProperties, recordReplicaKey } from '../../../aws/kms.js';
import {
  type FunctionTarget,
  functionOfUnknownQualifier,
  lambdaPermissionDocument,
  layerPermissionDocument,
  parseFunctionName,
} from '../../../aws/lambda.js';
import {
  type CfnPolicyCarrier,
  cfnCarriers,
  describeResourcePolicy,
  targetAccountOf,
  kindOfArn,
  nameFromArn,
  RESOURCE_POLICIES,
  type ResourcePolicyDescription,
  STREAM_LABEL,
  storedPolicy,
} from '../../../aws/resource-policies.js';
import { writerOf } from '../../../aws/cross-account-writes.js';
import {
  anySharedResource,
  type CustomerManagedPermission,
  governedByShare,
  resourceShareDocument,
  type SharePermission,
} from '../../../aws/ram.js';
import { aclStatements, effectiveBucketAcl } from '../../../aws/s3-acl.js';
import { accessPoint } from './s3-access-points.js';
import { s3AbacStatus } from '../../../aws/s3-abac.js';
import { queueFromUrl } from '../../../aws/sqs.js';
import { parsePolicy } from '../../../policy/parse.js';
import type { Source } from '../../../model/source.js';
import type { FunctionUrl, ResourceKind } from '../../../model/types.js';
import { hasUnknownNamePart } from '../../../model/stand-ins.js';
import { isPartlyKnown, isUnknown, type Maybe, Unknown } from '../../../model/unknown.js';
import type { PolicyDocument } from '../../../policy/types.js';
import { listAlternatives } from '../branches.js';
import { artifactDir, readLocalDefinition } from '../local-artifacts.js';
import { synthesizedDocument } from '../policies.js';
import { markedDocument } from './presence.js';
import { isRecord, NO_VALUE, type Resolved, scalarString, type Value } from '../values.js';
import { publicAccessBlockOf } from './public-access-block.js';
import { type CfnResourceScope, type ModelRegistry, type ResourceHandler, resourceNameKey } from './scope.js';

// ---------------------------------------------------------------------------------------
// Shared helpers

function envOf(scope: CfnResourceScope): AwsEnvironment {
  return { partition: scope.ctx.partition, region: scope.ctx.region, account: scope.account };
}

function createResource(scope: CfnResourceScope, kind: ResourceKind, nameProperty: string | undefined): void {
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
  scope: CfnResourceScope,
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
 * resource; when two template resources set it, which one the resource keeps depends on the order
 * CloudFormation writes them in: the rule is the builder's (`ModelBuilder.setOnlyResourcePolicy`:
 * different documents both maybe-present, the same statements one policy), with a finding.
 */
function setPolicy(
  scope: CfnResourceScope,
  resourceId: string,
  given: PolicyDocument,
  presence?: Unknown,
): void {
  const r = scope.builder.getResource(resourceId);
  const doc = markedDocument(r ? storedPolicy(r.kind, given, r.arn) : given, presence);
  if (r?.kind === 'vpc-endpoint') {
    scope.builder.setEndpointPolicy(resourceId, doc);
    return;
  }
  // A policy of an undecided Fn::If branch might not be written: the one in place stays too.
  if (presence) {
    scope.builder.addResourcePolicy(resourceId, doc);
    return;
  }
  const previous = scope.registry.policySetBy.get(resourceId);
  const rival = previous
    ? new Unknown(
        `${previous} and ${scope.logicalId} both set the policy of ${resourceId}; a resource has one policy, and which of them it keeps depends on the order CloudFormation writes them in`,
        doc.source,
      )
    : undefined;
  scope.registry.policySetBy.set(resourceId, `${scope.ctx.stackName}/${scope.logicalId}`);
  if (scope.builder.setOnlyResourcePolicy(resourceId, doc, rival) === 'both')
    scope.finding(
      'cfn/duplicate-resource-policy',
      'warning',
      `${rival!.reason}: the statements of both are kept, each maybe-present (set the policy in one place)`,
    );
}

/**
 * The resource-based policy document at `path` (property names) of a policy resource (`what`:
 * "queue policy"); an error finding when it has none.
 */
function policyProperty(
  scope: CfnResourceScope,
  path: readonly string[],
  what: string,
): PolicyDocument | undefined {
  const doc = scope.policy([...path], 'resource');
  if (!doc)
    scope.finding('cfn/invalid-resource', 'error', `${what} ${scope.logicalId} has no ${path.join('.')}`);
  return doc;
}

/**
 * The resource-based policy document in `property`, or an unknown document when the resource does
 * not give one: the policy is kept as unknown, never dropped.
 */
function policyOrUnknown(scope: CfnResourceScope, property: string): PolicyDocument {
  return (
    scope.policy([property], 'resource') ??
    parsePolicy(new Unknown(`${scope.logicalId} has no ${property}`, scope.source), {
      kind: 'resource',
      source: scope.source,
    })
  );
}

/**
 * Visits each target a policy resource names in `property` (one value or a list): each known
 * name or ARN (with the presence of its `Fn::If` branch when the condition is undecided), and
 * each unknown one, for which the policy is kept on an unknown target (`policyOnUnknownTarget`).
 */
function eachTarget(
  scope: CfnResourceScope,
  property: string,
  what: string,
  visit: (value: string, index: number | undefined, presence: Unknown | undefined) => void,
  unknown: (reason: Unknown, path: (string | number)[], presence: Unknown | undefined) => void,
): void {
  const v = scope.prop(property);
  if (v === undefined) {
    scope.finding('cfn/invalid-resource', 'error', `${what} ${scope.logicalId} has no ${property}`);
    return;
  }
  const list = Array.isArray(v);
  for (const { value, index, presence } of listAlternatives(v)) {
    const s = scalarString(value);
    const path = list ? [property, index] : [property];
    if (s instanceof Unknown) {
      scope.finding(
        'cfn/unresolved-target',
        'warning',
        `${what} ${scope.logicalId}: the target at ${path.join('/')} is unknown (${s.reason}); the policy is kept on every resource of that kind, maybe-present`,
        ...path,
      );
      unknown(s, path, presence);
      continue;
    }
    if (typeof s === 'string') visit(s, list ? index : undefined, presence);
  }
}

/**
 * Keeps a policy whose target resource is unknown: it may apply to any resource of `kind` of the
 * stack's account, so the builder adds it, maybe-present, to each of them and to a stand-in for
 * one outside the inputs (`ModelBuilder.attachToUnknownResource`).
 */
function policyOnUnknownTarget(
  scope: CfnResourceScope,
  kind: ResourceKind,
  doc: PolicyDocument | undefined,
  why: Unknown,
  path: (string | number)[],
  presence: Unknown | undefined,
  extra: { replaces?: boolean; functionUrl?: FunctionUrl; governs?: readonly string[] } = {},
): void {
  const d = describeResourcePolicy(kind);
  const carrier = d?.cfn.find((c) => c.type === scope.resource.type);
  const source = scope.sourceOf(...path);
  // a queue URL, topic, function or secret ARN may name another account: the one its known text
  // names, or any (`targetAccountOf`)
  const head = isPartlyKnown(why) && typeof why.parts[0] === 'string' ? why.parts[0] : '';
  const where = targetAccountOf(kind, head, scope.account);
  scope.builder.attachToUnknownResource({
    kind,
    account: where === 'any' ? scope.account : where,
    ...(doc ? { policy: markedDocument(doc, presence) } : {}),
    replaces: extra.replaces ?? !carrier?.adds,
    ...(extra.functionUrl ? { functionUrl: extra.functionUrl } : {}),
    ...(extra.governs ? { governs: extra.governs } : {}),
    reason: new Unknown(
      `the target of ${scope.resource.type} ${scope.logicalId} is unknown: ${why.reason}`,
      source,
    ),
    ...(where === 'any' ? { anyAccount: true } : {}),
    // CloudFormation writes it with credentials of the stack's account (aws/cross-account-writes.ts)
    ...writerOf(kind, scope.account, where),
    arnOf: (name, account) =>
      d ? d.arn({ ...envOf(scope), account }, name) : `arn:${scope.ctx.partition}:${kind}:::${name}`,
    ...(kind === 's3-bucket' ? {} : { region: scope.ctx.region }),
    what: d?.what ?? kind,
    hint: scope.logicalId,
    source,
  });
}

// ---------------------------------------------------------------------------------------
// S3

/**
 * AWS::S3::Bucket, with its `PublicAccessBlockConfiguration` (S3 Block Public Access). The block
 * is set when CloudFormation creates the bucket, so it is in force before any
 * AWS::S3::BucketPolicy of the inputs (which refers to the bucket) is written.
 */
const bucket: ResourceHandler = {
  create(scope) {
    createResource(scope, 's3-bucket', 'BucketName');
    const id = scope.modelId();
    const r = id ? scope.builder.getResource(id) : undefined;
    // ABAC (aws:ResourceTag evaluated): `AbacStatus`, disabled when not set (src/aws/s3-abac.ts);
    // a value known only at deployment leaves it unknown.
    if (r) {
      const abac = scope.has('AbacStatus') ? scope.str('AbacStatus') : 'Disabled';
      const status = s3AbacStatus(abac);
      if (status) r.s3Abac = status;
      const ownership = objectOwnership(scope);
      if (ownership !== undefined) r.s3ObjectOwnership = ownership;
      // BucketEncryption: the default KMS key of objects and whether an S3 Bucket Key is used
      // (aws/encryption-key-requirement.ts).
      const encryption = bucketDefaultEncryption(scope);
      r.kmsKeyId = encryption.key;
      if (encryption.bucketKey !== undefined) r.s3BucketKey = encryption.bucketKey;
    }
    const pab = scope.prop('PublicAccessBlockConfiguration');
    if (!id || pab === undefined || pab === NO_VALUE || pab === null) return;
    scope.builder.setPublicAccessBlock(id, {
      ...publicAccessBlockOf(pab),
      inForceBeforePolicies: true,
      source: scope.sourceOf('PublicAccessBlockConfiguration'),
    });
  },
  // The canned ACL (`AccessControl`) after every bucket policy is set: its grants are not part of
  // the bucket policy a policy resource replaces. What takes effect (Object Ownership, Block Public
  // Access) is `effectiveBucketAcl`.
  late(scope) {
    const id = scope.modelId();
    const acl = scope.str('AccessControl');
    if (!id || acl === undefined) return;
    const r = scope.builder.getResource(id);
    const { parts, rejectedMaybe } = effectiveBucketAcl(acl, id, {
      ownership: objectOwnership(scope),
      bucketBlock: r?.publicAccessBlock,
      accountBlock: scope.builder.getAccount(scope.account)?.publicAccessBlock,
    });
    const source = scope.sourceOf('AccessControl');
    if (rejectedMaybe)
      scope.finding(
        's3/public-acl-maybe-rejected',
        'warning',
        `bucket ${scope.logicalId}: ${rejectedMaybe}; the public grants of its ACL are kept as maybe-present, so what they grant is indeterminate`,
        'AccessControl',
      );
    for (const part of parts) {
      const doc = synthesizedDocument(
        scope.ctx,
        part.document as Value,
        scope.pointer('AccessControl'),
        {},
        'resource',
        scope.logicalId,
      );
      const presence = part.maybe
        ? new Unknown(`bucket ${scope.logicalId}: ${part.maybe}`, source)
        : undefined;
      scope.builder.addResourcePolicy(id, markedDocument(aclStatements(doc), presence));
    }
  },
};

/** The bucket's Object Ownership setting (`OwnershipControls.Rules[0].ObjectOwnership`). */
function objectOwnership(scope: CfnResourceScope): Maybe<string> | undefined {
  const oc = scope.prop('OwnershipControls');
  if (oc instanceof Unknown) return oc;
  if (!isRecord(oc)) return undefined;
  const rules = oc.Rules as Resolved;
  if (rules instanceof Unknown) return rules;
  const first = Array.isArray(rules) ? rules[0] : undefined;
  if (!isRecord(first)) return undefined;
  const v = scalarString(first.ObjectOwnership as Value);
  return typeof v === 'string' || v instanceof Unknown ? v : undefined;
}

/** AWS::S3::BucketPolicy: Bucket is the bucket name (an ARN is accepted too). */
const bucketPolicy: ResourceHandler = {
  attach(scope) {
    const doc = policyProperty(scope, ['PolicyDocument'], 'bucket policy');
    if (!doc) return;
    eachTarget(
      scope,
      'Bucket',
      'bucket policy',
      (value, _index, presence) => {
        const name = parseArn(value)?.resource ?? value;
        const known = scope.registry.resourcesByName.get(resourceNameKey('s3-bucket', '', name));
        const id =
          known ??
          targetResource(
            scope,
            's3-bucket',
            {
              arn: ARN.bucket(scope.ctx.partition, name),
              name,
              account: scope.account,
              region: scope.ctx.region,
            },
            scope.sourceOf('Bucket'),
          );
        setPolicy(scope, id, doc, presence);
      },
      (why, path, presence) => policyOnUnknownTarget(scope, 's3-bucket', doc, why, path, presence),
    );
  },
};

// ---------------------------------------------------------------------------------------
// SQS

const queue: ResourceHandler = {
  create: (scope) => {
    createResource(scope, 'sqs-queue', 'QueueName');
    // KmsMasterKeyId: SSE-KMS; none given, SSE-SQS or no encryption (aws/encryption-key-requirement.ts).
    recordKmsKeyId(scope, 'KmsMasterKeyId');
  },
};

function queuePolicyTargets(scope: CfnResourceScope, property: string, doc: PolicyDocument): void {
  eachTarget(
    scope,
    property,
    scope.resource.type,
    (url, index, presence) => {
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
      setPolicy(scope, id, doc, presence);
    },
    (why, path, presence) => policyOnUnknownTarget(scope, 'sqs-queue', doc, why, path, presence),
  );
}

const queuePolicy: ResourceHandler = {
  attach(scope) {
    const doc = policyProperty(scope, ['PolicyDocument'], 'queue policy');
    if (doc) queuePolicyTargets(scope, 'Queues', doc);
  },
};

const queueInlinePolicy: ResourceHandler = {
  attach(scope) {
    const doc = policyProperty(scope, ['PolicyDocument'], 'queue policy');
    if (doc) queuePolicyTargets(scope, 'Queue', doc);
  },
};

// ---------------------------------------------------------------------------------------
// SNS

const topic: ResourceHandler = {
  create: (scope) => {
    createResource(scope, 'sns-topic', 'TopicName');
    recordKmsKeyId(scope, 'KmsMasterKeyId');
  },
};

function topicPolicyTargets(scope: CfnResourceScope, property: string, doc: PolicyDocument): void {
  eachTarget(
    scope,
    property,
    scope.resource.type,
    (arn, index, presence) => {
      const p = parseArn(arn);
      if (!p) {
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
        { arn, name: p.resource, account: p.account, region: p.region },
        scope.sourceOf(property),
      );
      setPolicy(scope, id, doc, presence);
    },
    (why, path, presence) => policyOnUnknownTarget(scope, 'sns-topic', doc, why, path, presence),
  );
}

const topicPolicy: ResourceHandler = {
  attach(scope) {
    const doc = policyProperty(scope, ['PolicyDocument'], 'topic policy');
    if (doc) topicPolicyTargets(scope, 'Topics', doc);
  },
};

const topicInlinePolicy: ResourceHandler = {
  attach(scope) {
    const doc = policyProperty(scope, ['PolicyDocument'], 'topic policy');
    if (doc) topicPolicyTargets(scope, 'TopicArn', doc);
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
    const defaultDoc = () =>
      synthesizedDocument(
        scope.ctx,
        defaultKeyPolicy(scope.ctx.partition, scope.account) as Value,
        scope.resource.pointer,
        {},
        'resource',
        scope.logicalId,
      );
    if (!doc) {
      doc = defaultDoc();
      scope.finding(
        'cfn/default-key-policy',
        'info',
        `key ${scope.logicalId} has no KeyPolicy; the default key policy (account ${scope.account} may use IAM policies) applies`,
      );
    }
    scope.builder.replaceResourcePolicy(id, doc);
    // A KeyPolicy an undecided condition may leave out: the default key policy then.
    if (doc.presence) addDefaultWhenAbsent(scope, id, defaultDoc(), 'default key policy', doc.presence);
    // AWS::KMS::Key: its KeySpec, KeyUsage, Origin and MultiRegion (defaults when not given). A
    // ReplicaKey's are its primary key's (`PrimaryKeyArn`), unknown when the inputs do not hold it.
    const r = scope.builder.getResource(id);
    if (r && scope.resource.type === 'AWS::KMS::ReplicaKey')
      recordReplicaKey(
        scope.builder,
        r.arn,
        scope.str('PrimaryKeyArn') ?? new Unknown(`${scope.logicalId} has no PrimaryKeyArn`, scope.source),
        scope.logicalId,
        scope.source,
      );
    if (r && scope.resource.type === 'AWS::KMS::Key')
      r.kmsKey = kmsKeyProperties(
        {
          keySpec: scope.str('KeySpec'),
          keyUsage: scope.str('KeyUsage'),
          origin: scope.str('Origin'),
          multiRegion: scope.str('MultiRegion'),
        },
        (what) => new Unknown(`${what} of ${scope.logicalId} is not a Boolean`, scope.source),
      );
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

/**
 * The Lambda function (or version/alias) a property names, read with the API's pattern
 * (`parseFunctionName`); an Unknown, with the finding said, when the function is unknown (the
 * caller keeps what it adds on an unknown target, `policyOnUnknownTarget`); undefined, with the
 * finding said, when it is missing or not a function name or ARN.
 */
function functionTarget(
  scope: CfnResourceScope,
  property: string,
  what: string,
): FunctionTarget | Unknown | undefined {
  const fn = scope.str(property);
  if (fn === undefined) {
    scope.finding('cfn/invalid-resource', 'error', `${what} has no ${property}`);
    return undefined;
  }
  if (fn instanceof Unknown) {
    scope.finding(
      'cfn/unresolved-target',
      'warning',
      `${what}: the function is unknown (${fn.reason}); it is kept on every Lambda function, maybe-present`,
      property,
    );
    return fn;
  }
  const target = parseFunctionName(fn, envOf(scope));
  if (!target)
    scope.finding('cfn/invalid-resource', 'error', `"${fn}" is not a Lambda function name or ARN`, property);
  return target;
}

/**
 * AWS::Lambda::Permission → the statement Lambda's AddPermission adds to the function policy
 * (`lambdaPermissionDocument`); FunctionName is read with the API's pattern (`parseFunctionName`).
 */
const lambdaPermission: ResourceHandler = {
  attach(scope) {
    // a version's or alias's Ref whose qualifier is unknown: that function, some qualifier
    const partly = functionOfUnknownQualifier(scope.prop('FunctionName'), envOf(scope));
    const target = partly ?? functionTarget(scope, 'FunctionName', `Lambda permission ${scope.logicalId}`);
    if (!target) return;
    const { document, origins } = lambdaPermissionDocument(
      {
        statementId: scope.logicalId,
        principal: scope.str('Principal'),
        action: scope.str('Action'),
        resource: target instanceof Unknown ? target : partly ? partly.qualifiedValue : target.qualifiedArn,
        sourceArn: scope.str('SourceArn'),
        sourceAccount: scope.str('SourceAccount'),
        principalOrgId: scope.str('PrincipalOrgID'),
        functionUrlAuthType: scope.str('FunctionUrlAuthType'),
        eventSourceToken: scope.str('EventSourceToken'),
        invokedViaFunctionUrl: scope.str('InvokedViaFunctionUrl'),
      },
      scope.ctx.partition,
    );
    const property: Record<string, string> = {
      invokedViaFunctionUrl: 'InvokedViaFunctionUrl',
      statementId: '',
      principal: 'Principal',
      action: 'Action',
      resource: 'FunctionName',
      sourceArn: 'SourceArn',
      sourceAccount: 'SourceAccount',
      principalOrgId: 'PrincipalOrgID',
      functionUrlAuthType: 'FunctionUrlAuthType',
      eventSourceToken: 'EventSourceToken',
    };
    const doc = synthesizedDocument(
      scope.ctx,
      document as Value,
      scope.pointer(),
      pointersOf(scope, origins, property),
      'resource',
      scope.logicalId,
    );
    if (target instanceof Unknown)
      return policyOnUnknownTarget(scope, 'lambda-function', doc, target, ['FunctionName'], undefined);
    const id = targetResource(
      scope,
      'lambda-function',
      { arn: target.functionArn, name: target.name, account: target.account, region: target.region },
      scope.sourceOf('FunctionName'),
    );
    scope.builder.addResourcePolicy(id, doc);
  },
};

/**
 * AWS::Lambda::Url → a function URL of the function (or alias) `TargetFunctionArn` and
 * `Qualifier` name, with its `AuthType`. CloudFormation adds no permission for it: the function
 * policy comes from AWS::Lambda::Permission resources (which CDK and SAM write for `NONE`).
 */
const lambdaUrl: ResourceHandler = {
  attach(scope) {
    // a version's Ref whose number is unknown: the URL of that function, of some qualifier
    const partly = functionOfUnknownQualifier(scope.prop('TargetFunctionArn'), envOf(scope));
    const target = partly ?? functionTarget(scope, 'TargetFunctionArn', `function URL ${scope.logicalId}`);
    if (!target) return;
    const url = (qualifier: Maybe<string> | undefined): FunctionUrl => ({
      qualifier,
      authType:
        scope.str('AuthType') ?? new Unknown('the function URL has no AuthType', scope.sourceOf('AuthType')),
      source: scope.source,
      ...(scope.presence ? { presence: scope.presence } : {}),
    });
    if (target instanceof Unknown) {
      // The URL of some function, of the alias Qualifier names (the function's own when none).
      policyOnUnknownTarget(scope, 'lambda-function', undefined, target, ['TargetFunctionArn'], undefined, {
        functionUrl: url(scope.str('Qualifier')),
      });
      return;
    }
    const id = targetResource(
      scope,
      'lambda-function',
      { arn: target.functionArn, name: target.name, account: target.account, region: target.region },
      scope.sourceOf('TargetFunctionArn'),
    );
    const unknownQualifier = partly?.qualifiedValue.parts[1];
    scope.builder.addFunctionUrl(
      id,
      url(
        scope.str('Qualifier') ?? (unknownQualifier instanceof Unknown ? unknownQualifier : target.qualifier),
      ),
    );
  },
};

/** Maps a built document's origins (pointer → input field) to template pointers. */
function pointersOf(
  scope: CfnResourceScope,
  origins: Record<string, string>,
  property: Record<string, string>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [at, field] of Object.entries(origins)) {
    const p = property[field];
    out[at] = p ? scope.pointer(p) : scope.pointer();
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// Secrets Manager

const secret: ResourceHandler = {
  create: (scope) => {
    createResource(scope, 'secretsmanager-secret', 'Name');
    recordKmsKeyId(scope, 'KmsKeyId');
  },
};

/**
 * The default encryption of the bucket just created (`BucketEncryption`
 * ServerSideEncryptionConfiguration's rule): its KMS key (ServerSideEncryptionByDefault:
 * `s3DefaultEncryptionKey`; none given, null; a configuration the inputs do not pin down, a value
 * known at deployment or more than one rule, unknown) and whether it enables an S3 Bucket Key
 * (`BucketKeyEnabled`: `s3BucketKeyOf`; undefined when not pinned down).
 */
function bucketDefaultEncryption(scope: CfnResourceScope): {
  key: Maybe<string> | null;
  bucketKey?: boolean;
} {
  const unknown = (why: string) =>
    new Unknown(`the default encryption of ${scope.logicalId} ${why}`, scope.sourceOf('BucketEncryption'));
  const encryption = scope.prop('BucketEncryption');
  if (encryption === undefined || encryption === null || encryption === NO_VALUE) return { key: null };
  if (encryption instanceof Unknown) return { key: encryption };
  const rules = isRecord(encryption) ? encryption.ServerSideEncryptionConfiguration : undefined;
  if (rules instanceof Unknown) return { key: rules };
  const list = Array.isArray(rules) ? rules : rules === undefined || rules === null ? [] : [rules];
  if (list.length === 0) return { key: null };
  if (list.length > 1) return { key: unknown('has more than one rule') };
  const rule = list[0];
  if (rule instanceof Unknown) return { key: rule };
  const byDefault = isRecord(rule) ? rule.ServerSideEncryptionByDefault : undefined;
  if (byDefault instanceof Unknown) return { key: byDefault };
  if (!isRecord(byDefault)) return { key: null };
  const text = (v: Value | undefined): string | Unknown | undefined =>
    v === undefined || v === null
      ? undefined
      : v instanceof Unknown
        ? v
        : (scalarString(v) ?? unknown('is not a string'));
  const algorithm = text(byDefault.SSEAlgorithm);
  const enabled = isRecord(rule) ? rule.BucketKeyEnabled : undefined;
  const bucketKey = s3BucketKeyOf(algorithm, enabled);
  return {
    key: s3DefaultEncryptionKey(algorithm, text(byDefault.KMSMasterKeyID)),
    ...(bucketKey === undefined ? {} : { bucketKey }),
  };
}

/**
 * AWS::Kinesis::Stream: the KMS key of its server-side encryption (`StreamEncryption`
 * EncryptionType and KeyId: `streamEncryptionKey`), recorded on the stream the description's
 * handler created.
 */
function recordStreamKey(scope: CfnResourceScope): void {
  const arn = scope.ctx.identity(scope.logicalId).arn;
  const r = arn ? scope.builder.getResource(arn) : undefined;
  if (r?.kind !== 'kinesis-stream') return;
  const encryption = scope.prop('StreamEncryption');
  const unknown = (why: string) =>
    new Unknown(`the StreamEncryption of ${scope.logicalId} ${why}`, scope.sourceOf('StreamEncryption'));
  if (encryption === undefined || encryption === null || encryption === NO_VALUE) r.kmsKeyId = null;
  else if (encryption instanceof Unknown) r.kmsKeyId = encryption;
  else if (!isRecord(encryption)) r.kmsKeyId = unknown('is not an object');
  else {
    const text = (v: Value | undefined): string | Unknown | undefined =>
      v === undefined || v === null
        ? undefined
        : v instanceof Unknown
          ? v
          : (scalarString(v) ?? unknown('has a value that is not a string'));
    r.kmsKeyId = streamEncryptionKey(text(encryption.EncryptionType), text(encryption.KeyId), () =>
      unknown('has EncryptionType KMS without a KeyId'),
    );
  }
}

/**
 * The KMS key the resource just created is encrypted with, from `property`
 * (aws/encryption-key-requirement.ts): none given, null (the service's default); not a string
 * the inputs pin down, unknown.
 */
function recordKmsKeyId(scope: CfnResourceScope, property: string): void {
  const arn = scope.ctx.identity(scope.logicalId).arn;
  const r = arn ? scope.builder.getResource(arn) : undefined;
  if (r)
    r.kmsKeyId = scope.has(property)
      ? (scope.str(property) ??
        new Unknown(`the ${property} of ${scope.logicalId} is not a string`, scope.source))
      : null;
}

/**
 * AWS::KMS::Alias: the alias names its TargetKeyId (a key id or ARN); recorded on that key of the
 * inputs (`Resource.kmsAliasArns`) so a resource keyed by the alias resolves to it. A target or
 * alias name the inputs do not pin down, or an alias that might not be created (a Condition),
 * records nothing: such an alias stays unresolved (indeterminate where it is used).
 */
const kmsAlias: ResourceHandler = {
  attach(scope) {
    const aliasArn = scope.ctx.identity(scope.logicalId).arn;
    const target = scope.str('TargetKeyId');
    if (!aliasArn || scope.presence || typeof target !== 'string' || hasUnknownNamePart(aliasArn)) return;
    const keyArn = target.startsWith('arn:') ? target : ARN.key(envOf(scope), target);
    const key = scope.builder.getResource(keyArn);
    if (key?.kind === 'kms-key') key.kmsAliasArns = [...(key.kmsAliasArns ?? []), aliasArn];
  },
};

/** AWS::SecretsManager::ResourcePolicy: SecretId is the secret's ARN (or name). */
const secretPolicy: ResourceHandler = {
  attach(scope) {
    const doc = policyProperty(scope, ['ResourcePolicy'], 'secret policy');
    if (!doc) return;
    eachTarget(
      scope,
      'SecretId',
      'secret resource policy',
      (value, _index, presence) => {
        let id: string | undefined;
        const p = parseArn(value);
        if (p) {
          const name = secretNameOfArn(value) ?? p.resource.split(':').slice(1).join(':');
          id =
            scope.builder.getResource(value)?.id ??
            targetResource(
              scope,
              'secretsmanager-secret',
              { arn: value, name, account: p.account, region: p.region },
              scope.sourceOf('SecretId'),
            );
        } else {
          id = scope.registry.resourcesByName.get(
            resourceNameKey('secretsmanager-secret', scope.account, value),
          );
          // A secret outside the inputs named by its name: Secrets Manager appends six random
          // characters to the name in its ARN, unknown (`ARN.secretOfName`).
          id ??= targetResource(
            scope,
            'secretsmanager-secret',
            {
              arn: ARN.secretOfName(envOf(scope), value, `${scope.ctx.stackName}-${scope.logicalId}`),
              name: value,
              account: scope.account,
              region: scope.ctx.region,
            },
            scope.sourceOf('SecretId'),
          );
        }
        setPolicy(scope, id, doc, presence);
      },
      (why, path, presence) =>
        policyOnUnknownTarget(scope, 'secretsmanager-secret', doc, why, path, presence),
    );
  },
};

// ---------------------------------------------------------------------------------------
// Resource policies made from their shared description (src/aws/resource-policies.ts)

/**
 * A resource type that holds its policy in a property (AWS::DynamoDB::Table `ResourcePolicy`,
 * AWS::ECR::Repository `RepositoryPolicyText`, AWS::EC2::VPCEndpoint `PolicyDocument`...). A
 * DynamoDB table's stream, with `StreamSpecification.ResourcePolicy`, is a resource of its own.
 */
function holderHandler(d: ResourcePolicyDescription): ResourceHandler {
  return {
    create(scope) {
      createResource(
        scope,
        d.kind,
        d.cfnResource?.type === scope.resource.type ? d.cfnResource.nameProperty : undefined,
      );
      const id = scope.modelId();
      if (!id) return;
      for (const { description, carrier } of cfnCarriers(scope.resource.type)) {
        if (carrier.target) continue;
        if (description.kind === 'dynamodb-stream') {
          tableStream(scope, id, carrier);
          continue;
        }
        const doc =
          description.kind === 'apigateway-rest-api'
            ? restApiPolicy(scope)
            : scope.policy([...carrier.policy], 'resource');
        if (doc) setPolicy(scope, id, doc);
      }
      defaultPolicy(scope, d, id);
    },
  };
}

/**
 * The policy AWS applies to a resource of `d`'s kind created without one (EFS's default file
 * system policy: `ResourcePolicyDescription.defaultPolicy`), set on resource `id` when it has none;
 * beside its policy, maybe-present, when that policy may not be written (an undecided `Fn::If`
 * with `AWS::NoValue`).
 */
function defaultPolicy(scope: CfnResourceScope, d: ResourcePolicyDescription, id: string): void {
  const r = scope.builder.getResource(id);
  const given = r?.policy;
  if (!d.defaultPolicy || !r || (given && !given.presence)) return;
  const doc = synthesizedDocument(
    scope.ctx,
    d.defaultPolicy.document(r.arn) as Value,
    scope.resource.pointer,
    {},
    'resource',
    scope.logicalId,
  );
  if (!given?.presence) return void scope.builder.replaceResourcePolicy(id, doc);
  addDefaultWhenAbsent(scope, id, doc, d.defaultPolicy.what, given.presence);
}

/**
 * A default policy (`what`) beside a written policy that may not be written (`written`, an
 * undecided `Fn::If` with `AWS::NoValue`): AWS applies the default then, so it is kept too,
 * maybe-present.
 */
function addDefaultWhenAbsent(
  scope: CfnResourceScope,
  id: string,
  doc: PolicyDocument,
  what: string,
  written: Unknown,
): void {
  const absent = new Unknown(
    `the ${what} applies when ${scope.logicalId}'s own policy is not written (${written.reason})`,
    written.source,
  );
  scope.builder.addResourcePolicy(id, markedDocument(doc, absent));
}

/**
 * AWS::ApiGateway::RestApi's resource policy: its `Policy`, or the `x-amazon-apigateway-policy`
 * of the OpenAPI definition in `Body`; unknown when the definition is in S3 (`BodyS3Location`) or
 * unknown, or when both set one (the rule: `aws/apigateway.ts` `restApiPolicyPlace`).
 */
function restApiPolicy(scope: CfnResourceScope): PolicyDocument | undefined {
  const body = scope.prop('Body');
  const inline = isRecord(body) ? body : undefined;
  // A local path in BodyS3Location is the file `aws cloudformation package` uploads (local-artifacts.ts)
  const local =
    scope.has('BodyS3Location') && !scope.has('Body')
      ? readLocalDefinition(scope.prop('BodyS3Location'), artifactDir(scope.ctx.file, scope.ctx.baseDir))
      : undefined;
  const fromFile = local?.read ? local.document : undefined;
  const outside =
    scope.has('BodyS3Location') && !fromFile
      ? local && !local.read
        ? `BodyS3Location: ${local.why}`
        : 'BodyS3Location'
      : body instanceof Unknown
        ? `Body: ${body.reason}`
        : undefined;
  const place = restApiPolicyPlace({
    policy: scope.has('Policy'),
    definitionPolicy: (fromFile ?? inline)?.[OPENAPI_POLICY_EXTENSION] !== undefined,
    definitionOutside: outside,
    propertyOverrides: false,
  });
  switch (place.from) {
    case 'none':
      return undefined;
    case 'property':
      return scope.policy(['Policy'], 'resource');
    case 'definition': {
      if (!fromFile) return scope.policy(['Body', OPENAPI_POLICY_EXTENSION], 'resource');
      const source = scope.sourceOf('BodyS3Location');
      return markedDocument(
        parsePolicy(fromFile[OPENAPI_POLICY_EXTENSION], { kind: 'resource', source }),
        scope.presence,
      );
    }
    case 'unknown': {
      const at = outside === 'BodyS3Location' ? 'BodyS3Location' : 'Body';
      scope.finding(
        'cfn/rest-api-policy-unknown',
        'warning',
        `REST API ${scope.logicalId}: ${place.why}; its resource policy is unknown, so who may invoke it is indeterminate`,
        at,
      );
      const source = scope.sourceOf(at);
      return markedDocument(
        parsePolicy(new Unknown(`REST API ${scope.logicalId}: ${place.why}`, source), {
          kind: 'resource',
          source,
        }),
        scope.presence,
      );
    }
  }
}

/** A table's stream (when `StreamSpecification` is set), with its own resource-based policy. */
function tableStream(scope: CfnResourceScope, tableId: string, carrier: CfnPolicyCarrier): void {
  const spec = scope.prop('StreamSpecification');
  if (spec === undefined || spec === null || spec === NO_VALUE) return;
  const table = scope.builder.getResource(tableId)!;
  const arn = ARN.tableStream(envOf(scope), table.name, STREAM_LABEL);
  const id = scope.builder.addResource({
    kind: 'dynamodb-stream',
    arn,
    name: `${table.name}/stream`,
    account: scope.account,
    region: scope.ctx.region,
    source: scope.sourceOf('StreamSpecification'),
  });
  const doc = scope.policy([...carrier.policy], 'resource');
  if (doc) setPolicy(scope, id, doc);
}

/** The model resource a policy resource names (by ARN or name), created as external when missing. */
function policyTarget(
  scope: CfnResourceScope,
  d: ResourcePolicyDescription,
  value: string,
  property: string,
): string | undefined {
  const parsed = parseArn(value);
  let target: { arn: string; name: string; account: string; region: string | undefined };
  if (parsed) {
    target = {
      arn: value,
      name: nameFromArn(d, value) ?? parsed.resource,
      account: parsed.account || scope.account,
      region: parsed.region || undefined,
    };
  } else {
    const known = scope.registry.resourcesByName.get(resourceNameKey(d.kind, scope.account, value));
    if (known) return known;
    target = {
      arn: d.arn(envOf(scope), value),
      name: value,
      account: scope.account,
      region: scope.ctx.region,
    };
  }
  return targetResource(scope, d.kind, target, scope.sourceOf(property));
}

/** A separate policy resource (AWS::Kinesis::ResourcePolicy, AWS::Events::EventBusPolicy, AWS::Lambda::LayerVersionPermission). */
function policyResourceHandler(d: ResourcePolicyDescription, carrier: CfnPolicyCarrier): ResourceHandler {
  const property = carrier.target!.property;
  return {
    attach(scope) {
      const visit = (value: string, _index?: number, presence?: Unknown) => {
        const id = policyTarget(scope, d, value, property);
        if (!id) return;
        const doc = policyResourceDocument(scope, d, carrier, id);
        if (!doc) return;
        if (carrier.adds) scope.builder.addResourcePolicy(id, markedDocument(doc, presence));
        else setPolicy(scope, id, doc, presence);
      };
      // A policy resource that names no target is for the one its description says (an event
      // bus policy without EventBusName: the account's default event bus).
      const whenUnset = carrier.target!.whenUnset;
      if (whenUnset !== undefined && !scope.has(property)) visit(whenUnset);
      else
        eachTarget(scope, property, `${d.what} ${d.policyName}`, visit, (why, path, presence) => {
          // The document names its target in places (a layer permission's Resource): unknown.
          const doc = policyResourceDocument(scope, d, carrier, why);
          if (doc) policyOnUnknownTarget(scope, d.kind, doc, why, path, presence);
        });
    },
  };
}

function policyResourceDocument(
  scope: CfnResourceScope,
  d: ResourcePolicyDescription,
  carrier: CfnPolicyCarrier,
  targetId: Maybe<string>,
): PolicyDocument | undefined {
  const type = scope.resource.type;
  if (type === 'AWS::Lambda::LayerVersionPermission') {
    const { document, origins } = layerPermissionDocument(
      {
        principal:
          scope.str('Principal') ??
          scope.ctx.unknown(`${scope.logicalId} has no Principal`, scope.resource.pointer),
        action: scope.str('Action'),
        layerVersionArn: targetId,
        organizationId: scope.str('OrganizationId'),
      },
      scope.ctx.partition,
    );
    const property = {
      principal: 'Principal',
      action: 'Action',
      layerVersionArn: 'LayerVersionArn',
      organizationId: 'OrganizationId',
    };
    return synthesizedDocument(
      scope.ctx,
      document as Value,
      scope.pointer(),
      pointersOf(scope, origins, property),
      'resource',
      scope.logicalId,
    );
  }
  if (type === 'AWS::Events::EventBusPolicy' && scope.prop('Statement') === undefined) {
    const condition = scope.prop('Condition');
    const c = isRecord(condition)
      ? {
          type: scalarString(condition.Type as Value) ?? 'StringEquals',
          key: scalarString(condition.Key as Value) ?? 'aws:PrincipalOrgID',
          value: scalarString(condition.Value as Value) ?? null,
        }
      : undefined;
    const document = eventBusPermissionDocument(
      {
        statementId: scope.str('StatementId'),
        principal:
          scope.str('Principal') ??
          scope.ctx.unknown(`${scope.logicalId} has no Principal`, scope.resource.pointer),
        action: scope.str('Action'),
        busArn: targetId,
        ...(c ? { condition: c as { type: Maybe<string>; key: Maybe<string>; value: Maybe<string> } } : {}),
      },
      scope.ctx.partition,
    );
    const origins = {
      '/Statement/0/Principal': scope.pointer('Principal'),
      '/Statement/0/Action': scope.pointer('Action'),
      '/Statement/0/Condition': scope.pointer('Condition'),
    };
    return synthesizedDocument(
      scope.ctx,
      document as Value,
      scope.pointer(),
      origins,
      'resource',
      scope.logicalId,
    );
  }
  if (type === 'AWS::Events::EventBusPolicy') {
    // `Statement`: one statement object; the bus policy is the statements of every such resource.
    const statement = scope.prop('Statement');
    if (statement instanceof Unknown)
      return parsePolicy(statement, { kind: 'resource', source: scope.sourceOf('Statement') });
    const origins = { '/Statement/0': scope.pointer('Statement') };
    return synthesizedDocument(
      scope.ctx,
      { Version: '2012-10-17', Statement: [statement as Value] },
      scope.pointer(),
      origins,
      'resource',
      scope.logicalId,
    );
  }
  return policyProperty(scope, carrier.policy, `${d.what} policy`);
}

/** Handlers for every described resource policy that has no dedicated handler. */
function describedHandlers(): Record<string, ResourceHandler> {
  const out: Record<string, ResourceHandler> = {};
  for (const d of RESOURCE_POLICIES) {
    if (d.dedicated) continue;
    for (const c of d.cfn) {
      if (c.target) out[c.type] = policyResourceHandler(d, c);
      else if (d.cfnResource || !out[c.type]) {
        // The holder's own type (a table's stream is handled with its table).
        if (d.kind !== 'dynamodb-stream') out[c.type] = holderHandler(d);
      }
    }
    if (d.cfnResource && !out[d.cfnResource.type]) out[d.cfnResource.type] = holderHandler(d);
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// DynamoDB global tables (CDK's TableV2)

/**
 * AWS::DynamoDB::GlobalTable: a table in each replica's region, each with the resource-based
 * policy of its replica (`Replicas[].ResourcePolicy`, and `ReplicaStreamSpecification.ResourcePolicy`
 * for its stream). "You must specify a replica for the region where you deploy the stack"
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-dynamodb-globaltable.html):
 * the table of the stack's region is the element of the logical id. A replica whose region is
 * unknown may be any of them: its policies make the stack region's table's policy unknown.
 */
const globalTable: ResourceHandler = {
  create(scope) {
    createResource(scope, 'dynamodb-table', 'TableName');
    const id = scope.modelId();
    if (!id) return;
    const table = scope.builder.getResource(id)!;
    const replicas = scope.prop('Replicas');
    if (replicas instanceof Unknown) {
      const doc = parsePolicy(
        new Unknown(`the replicas of ${scope.logicalId} are unknown: ${replicas.reason}`, scope.source),
        {
          kind: 'resource',
          source: scope.sourceOf('Replicas'),
        },
      );
      setPolicy(scope, id, doc);
      return;
    }
    if (!Array.isArray(replicas)) return;
    replicas.forEach((replica, i) => {
      if (!isRecord(replica)) return;
      const region = scalarString(replica.Region as Value);
      const policyPath = ['Replicas', i, 'ResourcePolicy', 'PolicyDocument'];
      const streamPath = ['Replicas', i, 'ReplicaStreamSpecification', 'ResourcePolicy', 'PolicyDocument'];
      const hasTablePolicy = isRecord(replica.ResourcePolicy);
      const hasStreamPolicy =
        isRecord(replica.ReplicaStreamSpecification) &&
        'ResourcePolicy' in replica.ReplicaStreamSpecification;
      if (typeof region !== 'string') {
        if (!hasTablePolicy && !hasStreamPolicy) return;
        const reason = `the region of replica ${i} of ${scope.logicalId} is unknown, so which table its resource-based policy applies to is unknown`;
        setPolicy(
          scope,
          id,
          parsePolicy(new Unknown(reason, scope.sourceOf('Replicas', i)), {
            kind: 'resource',
            source: scope.sourceOf('Replicas', i),
          }),
        );
        // The replica is the table of that name in some Region: its policy (and its stream's) may
        // be that of the table and stream of any Region.
        const anyRegion = ARN.table({ ...envOf(scope), region: '*' }, table.name);
        scope.builder.addGoverned(id, [anyRegion, `${anyRegion}/*`]);
        return;
      }
      const env = { ...envOf(scope), region };
      let tableId = id;
      if (region !== scope.ctx.region) {
        tableId = scope.builder.addResource({
          kind: 'dynamodb-table',
          arn: ARN.table(env, table.name),
          name: table.name,
          account: scope.account,
          region,
          tags: scope.tags(),
          source: scope.sourceOf('Replicas', i),
        });
      }
      const doc = hasTablePolicy ? scope.policy(policyPath, 'resource') : undefined;
      if (doc) setPolicy(scope, tableId, doc);
      if (hasStreamPolicy) {
        const streamId = scope.builder.addResource({
          kind: 'dynamodb-stream',
          arn: ARN.tableStream(env, table.name, STREAM_LABEL),
          name: `${table.name}/stream`,
          account: scope.account,
          region,
          source: scope.sourceOf('Replicas', i, 'ReplicaStreamSpecification'),
        });
        const streamDoc = scope.policy(streamPath, 'resource');
        if (streamDoc) setPolicy(scope, streamId, streamDoc);
      }
    });
  },
};

// ---------------------------------------------------------------------------------------
// AWS RAM resource shares

/**
 * A list property's strings, each possibly unknown (a list unknown as a whole is one unknown
 * element; the elements of undecided `Fn::If` branches are all kept).
 */
function stringsOf(scope: CfnResourceScope, property: string): Maybe<Maybe<string>[]> | undefined {
  const v = scope.prop(property);
  if (v === undefined || v === NO_VALUE || v === null) return undefined;
  return listAlternatives(v).map((a) => {
    const s = scalarString(a.value);
    return typeof s === 'string' || s instanceof Unknown
      ? s
      : new Unknown(`an element of ${property} is not a string`, scope.sourceOf(property));
  });
}

/**
 * AWS::RAM::ResourceShare: each resource of `ResourceArns` gets the statements
 * `resourceShareDocument` makes for `Principals` (the managed permissions' actions are not in the
 * inputs: unknown). A resource outside the inputs is added with only them; an unknown one may be
 * any resource (`policyOnUnknownTarget`).
 */
const resourceShare: ResourceHandler = {
  attach(scope) {
    const principals = stringsOf(scope, 'Principals');
    if (principals === undefined) return;
    const permissions = sharePermissions(scope);
    eachTarget(
      scope,
      'ResourceArns',
      `resource share`,
      (arn, index, presence) => {
        const p = parseArn(arn);
        const id =
          scope.builder.getResource(arn)?.id ??
          targetResource(
            scope,
            kindOfArn(arn)?.kind ?? 'other',
            {
              arn,
              name: p?.resource ?? arn,
              account: p?.account || scope.account,
              region: p?.region || undefined,
            },
            scope.sourceOf('ResourceArns', ...(index === undefined ? [] : [index])),
          );
        const doc = shareDocument(scope, principals, permissions, arn);
        scope.builder.addResourcePolicy(id, markedDocument(doc, presence));
        scope.builder.addGoverned(id, governedByShare(arn));
      },
      (why, path, presence) =>
        policyOnUnknownTarget(
          scope,
          'other',
          shareDocument(scope, principals, permissions, why),
          why,
          path,
          presence,
          {
            replaces: false,
            governs: anySharedResource(scope.ctx.partition, scope.account),
          },
        ),
    );
  },
};

/**
 * The customer managed permissions of the templates (AWS::RAM::Permission), by ARN (its identity
 * `customerPermissionArn`, which `Ref` / `Fn::GetAtt Arn` give), per load.
 */
const customerPermissions = new WeakMap<ModelRegistry, Map<string, CustomerManagedPermission>>();

/** AWS::RAM::Permission: recorded for the shares that name it (`PermissionArns`). */
const ramPermission: ResourceHandler = {
  create(scope) {
    const arn = scope.ctx.identity(scope.logicalId).arn;
    if (typeof arn !== 'string') return;
    const known = customerPermissions.get(scope.registry) ?? new Map<string, CustomerManagedPermission>();
    customerPermissions.set(scope.registry, known);
    const template = scope.prop('PolicyTemplate');
    known.set(arn, {
      label: `${arn} (${scope.logicalId})`,
      source: scope.source,
      resourceType: scope.str('ResourceType'),
      template:
        template === undefined || template === NO_VALUE
          ? new Unknown(`${scope.logicalId} has no PolicyTemplate`, scope.source)
          : template,
    });
  },
};

/**
 * A share's `PermissionArns`: each ARN of a customer managed permission of the templates is that
 * permission (its policy template read by aws/ram.ts); any other ARN or unknown value stays as is.
 */
function sharePermissions(scope: CfnResourceScope): Maybe<SharePermission[]> | undefined {
  const arns = stringsOf(scope, 'PermissionArns');
  if (arns === undefined || isUnknown(arns)) return arns;
  const known = customerPermissions.get(scope.registry);
  return arns.map((a) => (typeof a === 'string' ? (known?.get(a) ?? a) : a));
}

/** `ResourceShareConfiguration.RetainSharingOnAccountLeaveOrganization`: a boolean, Unknown, or undefined. */
function retainOnLeave(scope: CfnResourceScope): Maybe<boolean> | undefined {
  const config = scope.prop('ResourceShareConfiguration');
  if (config === undefined || config === NO_VALUE || config === null) return undefined;
  if (isUnknown(config)) return config;
  if (!isRecord(config)) return undefined;
  const v = config.RetainSharingOnAccountLeaveOrganization;
  if (v === undefined || v === null) return undefined;
  if (isUnknown(v)) return v;
  if (v === true || v === 'true') return true;
  if (v === false || v === 'false') return false;
  return new Unknown(
    'RetainSharingOnAccountLeaveOrganization is not a boolean',
    scope.sourceOf('ResourceShareConfiguration'),
  );
}

function shareDocument(
  scope: CfnResourceScope,
  principals: Maybe<Maybe<string>[]>,
  permissions: Maybe<SharePermission[]> | undefined,
  resource: Maybe<string>,
): PolicyDocument {
  const document = resourceShareDocument(
    { name: scope.str('Name'), principals, permissions, resource, retainOnLeave: retainOnLeave(scope) },
    scope.ctx.partition,
  );
  return synthesizedDocument(scope.ctx, document as Value, scope.pointer(), {}, 'resource', scope.logicalId);
}

// ---------------------------------------------------------------------------------------
// ECR registry policy

/**
 * AWS::ECR::RegistryPolicy: the registry policy (`PolicyText`) of the stack's account and Region,
 * governing its repositories (aws/ecr-registry-policy.ts), kept under a stand-in ARN named after
 * the stack and logical id.
 */
const ecrRegistryPolicy: ResourceHandler = {
  create(scope) {
    const policy = policyOrUnknown(scope, 'PolicyText');
    const { partition, region, stackName } = scope.ctx;
    addEcrRegistryPolicy(scope.builder, {
      arn: `arn:${partition}:cloudformation:${region}:${scope.account}:stack/${stackName}/${scope.logicalId}`,
      name: scope.logicalId,
      partition,
      account: scope.account,
      region,
      policy,
      source: scope.source,
    });
  },
};

// ---------------------------------------------------------------------------------------
// CloudWatch Logs resource policy

/**
 * AWS::Logs::ResourcePolicy (`PolicyName`, `PolicyDocument`: a JSON string, `ResourceArn`): a
 * resource policy of the stack's account and Region governing its log groups, or the one log
 * group `ResourceArn` names (a value the template does not pin: any of them, indeterminate),
 * scoped to what CloudWatch Logs enforces (aws/logs-resource-policy.ts); kept under a stand-in ARN
 * named after the stack and logical id.
 */
const logsResourcePolicy: ResourceHandler = {
  create(scope) {
    const policy = policyOrUnknown(scope, 'PolicyDocument');
    const { partition, region, stackName } = scope.ctx;
    const name = scope.str('PolicyName');
    const target = scope.str('ResourceArn');
    addLogsResourcePolicy(scope.builder, {
      arn: `arn:${partition}:cloudformation:${region}:${scope.account}:stack/${stackName}/${scope.logicalId}`,
      name: typeof name === 'string' ? name : scope.logicalId,
      partition,
      account: scope.account,
      region,
      policy,
      ...(target !== undefined ? { logGroupArn: target } : {}),
      source: scope.source,
    });
  },
};

// ---------------------------------------------------------------------------------------
// Resource policies iamspec does not model

/**
 * A resource of a type without a handler that carries a policy (`pointers`): it is kept, with an
 * unknown policy, so that every decision on it (who-can, onlyPrincipals) is indeterminate rather
 * than a pass. Its ARN is the one the template reference documents when iamspec knows it, else a
 * stand-in named after the stack and logical id, whose policy may then be that of any resource of
 * its service in the account (`mayGovernPatterns`: an OpenSearch Serverless access policy names
 * collections by name, not ARN), so decisions on those are indeterminate too.
 */
export function keepUnmodelledPolicy(scope: CfnResourceScope, properties: string): void {
  const id = scope.ctx.identity(scope.logicalId);
  addUnmodelledPolicy(scope.builder, {
    knownArn: id.arn,
    standInArn: `arn:${scope.ctx.partition}:cloudformation:${scope.ctx.region}:${scope.account}:stack/${scope.ctx.stackName}/${scope.logicalId}`,
    type: scope.resource.type,
    label: scope.logicalId,
    properties,
    name: id.name ?? scope.logicalId,
    partition: scope.ctx.partition,
    account: scope.account,
    region: scope.ctx.region,
    tags: scope.tags(),
    source: scope.source,
  });
}

const DESCRIBED_HANDLERS = describedHandlers();

export const RESOURCE_HANDLERS: Record<string, ResourceHandler> = {
  'AWS::S3::Bucket': bucket,
  'AWS::S3::BucketPolicy': bucketPolicy,
  'AWS::S3::AccessPoint': accessPoint,
  'AWS::SQS::Queue': queue,
  'AWS::SQS::QueuePolicy': queuePolicy,
  'AWS::SQS::QueueInlinePolicy': queueInlinePolicy,
  'AWS::SNS::Topic': topic,
  'AWS::SNS::TopicPolicy': topicPolicy,
  'AWS::SNS::TopicInlinePolicy': topicInlinePolicy,
  'AWS::KMS::Key': key,
  'AWS::KMS::Alias': kmsAlias,
  'AWS::KMS::ReplicaKey': key,
  'AWS::ECR::RegistryPolicy': ecrRegistryPolicy,
  'AWS::Logs::ResourcePolicy': logsResourcePolicy,
  'AWS::Lambda::Function': lambdaFunction,
  'AWS::Lambda::Permission': lambdaPermission,
  'AWS::Lambda::Url': lambdaUrl,
  'AWS::SecretsManager::Secret': secret,
  'AWS::SecretsManager::ResourcePolicy': secretPolicy,
  'AWS::RAM::ResourceShare': resourceShare,
  'AWS::RAM::Permission': ramPermission,
  'AWS::DynamoDB::GlobalTable': globalTable,
  ...DESCRIBED_HANDLERS,
  'AWS::Kinesis::Stream': withStreamKey(DESCRIBED_HANDLERS['AWS::Kinesis::Stream']),
  'AWS::Kinesis::StreamConsumer': streamConsumer(),
};

/**
 * AWS::Kinesis::StreamConsumer: the consumer, a holder of a Kinesis resource policy
 * (AWS::Kinesis::ResourcePolicy on its ARN) of the stream's kind, at its ARN under its stream's
 * (resource-identity.ts: the creation timestamp an unknown part), so a policy on it names one
 * consumer of a known stream, whose key decides its SubscribeToShard too
 * (aws/encryption-key-requirement.ts, `streamOfConsumer`). A consumer whose stream or name is
 * unknown is not added: a policy on it keeps an unknown target.
 */
function streamConsumer(): ResourceHandler {
  return {
    create(scope) {
      createResource(scope, 'kinesis-stream', 'ConsumerName');
    },
  };
}

/** The described handler of AWS::Kinesis::Stream, then the stream's KMS key (`recordStreamKey`). */
function withStreamKey(described: ResourceHandler | undefined): ResourceHandler {
  return {
    ...described,
    create(scope) {
      described?.create?.(scope);
      recordStreamKey(scope);
    },
  };
}
