// Computed attributes derived from documented ARN formats (IAM User Guide, "IAM identifiers";
// each service's "Actions, resources, and condition keys" page) and from the data sources
// iamspec can answer offline (aws_caller_identity, aws_partition, aws_region,
// aws_iam_policy_document, aws_iam_policy by ARN, aws_elb_service_account in a known Region). Fills only attributes that are missing or unknown: a value the
// plan knows is never replaced. Identifiers AWS picks at random (KMS key ids, the suffix of a
// Secrets Manager ARN) are unknown parts of their length named after the Terraform address
// (src/aws/arn-formats.ts `unknownKeyId`, `ARN.secretOfName`).

import { lambdaInvocationUri } from '../../../aws/apigateway-methods.js';
import {
  ARN,
  consumerCreationTimestamp,
  kinesisConsumerArn,
  unknownKeyId,
} from '../../../aws/arn-formats.js';
import { identityPoolArn, newIdentityPoolId } from '../../../aws/cognito-identity-pools.js';
import { eksClusterArn, eksIssuerUrl } from '../../../aws/eks-clusters.js';
import { accessPointArn } from '../../../aws/s3-access-points.js';
import { elbAccountOfRegion } from '../../../aws/elb-log-delivery.js';
import { getAwsManagedPolicy } from '../../../catalog/managed-policies.js';
import { deepUnknown } from './values.js';
import { normalizePath, parseArn } from '../../../model/arns.js';
import {
  hasUnknownNamePart,
  partlyKnownName,
  PLACEHOLDER_REGION,
  partlyKnownPath,
  UNKNOWN_REGION,
  unknownNamePart,
} from '../../../model/stand-ins.js';
import { isPartlyKnown, isUnknown, Unknown } from '../../../model/unknown.js';
import { Alternatives } from './branches.js';
import { renderPolicyDocument } from './policy-document.js';
import type { TfObject } from './values.js';

export interface AwsEnv {
  partition: string;
  account: string;
  region: string;
}

function known(v: unknown): v is string {
  return typeof v === 'string' && v !== '';
}

/**
 * The region of a resource: its `region` (an aliased provider's, plan/provider-region.ts), else the
 * default provider's. An unknown `region` is the `UNKNOWN_REGION` stand-in, as in the model
 * resource's ARN (handlers/resources.ts): the engine never takes it as a known region
 * (src/engine/region-worlds.ts), and a policy naming the resource's own ARN still names it.
 */
function regionIn(v: TfObject, env: AwsEnv): string {
  if (isUnknown(v.region)) return UNKNOWN_REGION;
  return known(v.region) ? v.region : env.region;
}

function dnsSuffix(partition: string): string {
  if (partition === 'aws-cn') return 'amazonaws.com.cn';
  return 'amazonaws.com';
}

function iamPath(p: unknown): string {
  return normalizePath(known(p) ? p : undefined);
}

/** The IAM types with a `path` argument (Terraform AWS provider: "path - (Optional) Path to the ..."). */
const PATH_TYPES: ReadonlySet<string> = new Set([
  'aws_iam_user',
  'aws_iam_group',
  'aws_iam_role',
  'aws_iam_policy',
  'aws_iam_instance_profile',
]);

/** The resource type of an IAM ARN of each type with a path (`role` in `role/PATH/NAME`). */
const ARN_RESOURCE_TYPE: Readonly<Record<string, string>> = {
  aws_iam_user: 'user',
  aws_iam_group: 'group',
  aws_iam_role: 'role',
  aws_iam_policy: 'policy',
  aws_iam_instance_profile: 'instance-profile',
};

/**
 * The IAM path an element's known ARN holds (`arn:aws:iam::111122223333:role/svc/app` has `/svc/`:
 * IAM User Guide, "IAM identifiers", `arn:aws:iam::account:role/PATH/NAME`), for a managed
 * resource whose plan knows its `arn` but not its `path` (after_unknown `path`, a default the
 * provider computes): the path is the ARN's, not an unknown part beside a known ARN. Undefined
 * when the ARN is not a known IAM ARN of the type, or holds an unknown name part.
 */
function pathOfKnownArn(type: string, arn: unknown): string | undefined {
  const kind = ARN_RESOURCE_TYPE[type];
  if (!kind || typeof arn !== 'string' || hasUnknownNamePart(arn)) return undefined;
  const parsed = parseArn(arn);
  if (parsed?.service !== 'iam' || !parsed.resource.startsWith(`${kind}/`)) return undefined;
  const rest = parsed.resource.slice(kind.length);
  return rest.slice(0, rest.lastIndexOf('/') + 1);
}

/**
 * Why the IAM path of an instance is unknown, when it is: a managed resource's `path` the inputs
 * leave unknown (unset is `/`, the provider's default); a data source's (`data.aws_iam_role`,
 * `_user`, `_group`: an element outside the inputs, looked up by name) when its ARN and path are
 * not given (a configuration: Terraform reads them from AWS), as the element may have any path.
 */
function pathUnknown(
  mode: 'managed' | 'data',
  type: string,
  values: TfObject,
  address: string,
): Unknown | undefined {
  if (mode === 'managed') return PATH_TYPES.has(type) && isUnknown(values.path) ? values.path : undefined;
  if (!DATA_PATH_TYPES.has(type) || !missing(values.path) || !missing(values.arn)) return undefined;
  if (isUnknown(values.path)) return values.path;
  return new Unknown(
    `${address} looks up an IAM ${type.slice('aws_iam_'.length)} outside the inputs by name: its path is read from AWS`,
  );
}

/** The IAM data sources whose ARN is derived from their name and path (`DATA`). */
const DATA_PATH_TYPES: ReadonlySet<string> = new Set(['aws_iam_user', 'aws_iam_group', 'aws_iam_role']);

/**
 * The modelled path of the Terraform resource `address` whose `path` the inputs leave unknown (a
 * variable with no value, a value known only after apply, a conditional on one): its known
 * pieces where the inputs give them (`"/teams/${var.team}/"`, the common start and end of a
 * conditional's known options), each unknown piece an unknown path part (src/model/stand-ins.ts
 * `partlyKnownPath`), matched as any path by the engine; never `/`.
 */
export function unknownResourcePath(value: Unknown, address: string): string {
  const hint = address;
  if (value instanceof Alternatives) {
    const options = value.options.map((o) =>
      o === null || o === undefined ? '/' : typeof o === 'string' ? normalizePath(o) : undefined,
    );
    if (!options.every((o) => o !== undefined)) return partlyKnownPath([undefined], hint);
    const paths = options as string[];
    const shortest = Math.min(...paths.map((p) => p.length));
    let pre = 0;
    while (pre < shortest && paths.every((p) => p[pre] === paths[0]![pre])) pre++;
    let suf = 0;
    while (
      pre + suf < shortest &&
      paths.every((p) => p[p.length - 1 - suf] === paths[0]![paths[0]!.length - 1 - suf])
    )
      suf++;
    const first = paths[0]!;
    return partlyKnownPath([first.slice(0, pre), undefined, first.slice(first.length - suf)], hint);
  }
  if (isPartlyKnown(value))
    return partlyKnownPath(
      value.parts.map((p) => (typeof p === 'string' ? p : undefined)),
      hint,
    );
  return partlyKnownPath([undefined], hint);
}

type Deriver = (v: TfObject, env: AwsEnv, address: string) => TfObject;

const iam =
  (kind: 'user' | 'group' | 'role' | 'policy' | 'instance-profile', idIsArn = false): Deriver =>
  (v, env) => {
    if (!known(v.name)) return {};
    const arn = ARN.iam(env.partition, env.account, kind, v.name, iamPath(v.path));
    return { arn, id: idIsArn ? arn : v.name };
  };

/** The ARN of a regional resource from its name attribute (ARN formats: src/aws/arn-formats.ts). */
const regional =
  (arnOf: (env: AwsEnv, name: string) => string, nameAttr = 'name'): Deriver =>
  (v, env) => {
    const name = v[nameAttr];
    if (!known(name)) return {};
    const region = regionIn(v, env);
    return { arn: arnOf({ ...env, region }, name) };
  };

/**
 * A replica key (aws_kms_replica_key, aws_kms_replica_external_key) has its primary's key id ("They
 * have the same key ID and key material", AWS KMS API Reference, ReplicateKey; aws/kms.ts
 * `replicaKeyProperties`), in its own Region.
 */
function replicaKey(v: TfObject, env: AwsEnv, address: string): TfObject {
  const region = regionIn(v, env);
  const primary = known(v.primary_key_arn) ? /:key\/(.+)$/.exec(v.primary_key_arn)?.[1] : undefined;
  const keyId = primary ?? unknownKeyId(address);
  return { arn: ARN.key({ ...env, region }, keyId), key_id: keyId, id: keyId };
}

const MANAGED: Record<string, Deriver> = {
  aws_iam_user: iam('user'),
  aws_iam_group: iam('group'),
  aws_iam_role: iam('role'),
  aws_iam_policy: iam('policy', true),
  aws_iam_instance_profile: iam('instance-profile'),
  aws_iam_openid_connect_provider: (v, env) => {
    if (!known(v.url)) return {};
    const arn = `arn:${env.partition}:iam::${env.account}:oidc-provider/${v.url.replace(/^https:\/\//, '').replace(/\/+$/, '')}`;
    return { arn, id: arn };
  },
  aws_iam_saml_provider: (v, env) => {
    if (!known(v.name)) return {};
    const arn = `arn:${env.partition}:iam::${env.account}:saml-provider/${v.name}`;
    return { arn, id: arn };
  },
  aws_s3_bucket: (v, env) => {
    if (!known(v.bucket)) return {};
    return {
      id: v.bucket,
      arn: ARN.bucket(env.partition, v.bucket),
      bucket_domain_name: `${v.bucket}.s3.${dnsSuffix(env.partition)}`,
    };
  },
  // "id - For Access Point of an AWS Partition S3 Bucket, the AWS account ID and access point name
  // separated by a colon (:)"; its ARN: aws/s3-access-points.ts.
  aws_s3_access_point: (v, env) => {
    if (!known(v.name) || (known(v.bucket) && v.bucket.startsWith('arn:'))) return {};
    const account = known(v.account_id) && /^\d{12}$/.test(v.account_id) ? v.account_id : env.account;
    return {
      arn: accessPointArn(env.partition, regionIn(v, env), account, v.name),
      id: `${account}:${v.name}`,
    };
  },
  aws_sqs_queue: (v, env) => {
    if (!known(v.name)) return {};
    const region = regionIn(v, env);
    const url = `https://sqs.${region}.${dnsSuffix(env.partition)}/${env.account}/${v.name}`;
    return { arn: ARN.queue({ ...env, region }, v.name), id: url, url };
  },
  aws_sns_topic: (v, env) => {
    const d = regional(ARN.topic)(v, env, '');
    return d.arn ? { ...d, id: d.arn } : d;
  },
  aws_lambda_function: (v, env) => {
    const d = regional(ARN.function, 'function_name')(v, env, '');
    if (!d.arn) return d;
    const region = regionIn(v, env);
    return {
      ...d,
      id: v.function_name,
      invoke_arn: lambdaInvocationUri(env.partition, String(region), String(d.arn)),
    };
  },
  // An EKS cluster's OIDC issuer (`identity[0].oidc[0].issuer`): the host of its Region, the ID
  // picked by EKS (src/aws/eks-clusters.ts `eksIssuerUrl`, named after the address).
  aws_eks_cluster: (v, env, address) => {
    const region = regionIn(v, env);
    const issuer = eksIssuerUrl(env.partition, region, address);
    const name = known(v.name) ? v.name : undefined;
    return {
      ...(name ? { arn: eksClusterArn(env.partition, region, env.account, name), id: name } : {}),
      identity: [{ oidc: [{ issuer }] }],
    };
  },
  // The pool id is REGION:GUID, the GUID assigned by Cognito (src/aws/cognito-identity-pools.ts).
  aws_cognito_identity_pool: (v, env, address) => {
    const region = regionIn(v, env);
    const id = newIdentityPoolId(region, address);
    return { id, arn: identityPoolArn(env.partition, region, env.account, id) };
  },
  // A distribution's id is assigned by CloudFront (unknown before apply: an unknown part named
  // after the address, the same in `id` and `arn`); its ARN is in the account of the provider
  // that creates it (src/aws/arn-formats.ts `ARN.distribution`), so a bucket policy's
  // `AWS:SourceArn` = its `arn` names no distribution of another account.
  aws_cloudfront_distribution: (_v, env, address) => {
    const id = unknownNamePart(`${address}-distribution-id`);
    return { id, arn: ARN.distribution(env.partition, env.account, id) };
  },
  // An API's id is assigned by API Gateway: unknown before apply, the API's modelled name (an
  // unknown part named after the address, `NAME_ATTRIBUTE`), the same in `id`, `execution_arn`
  // and the model's REST API. Its execution ARN (what `aws:SourceArn` holds when API Gateway
  // invokes a Lambda function) is in the provider's account and Region (`ARN.restApi`), so a
  // Lambda permission's `source_arn = "${...execution_arn}/*/*"` names no API of another account.
  // Its management `arn` is `arn:PARTITION:apigateway:REGION::/restapis/ID` (the resource-policy
  // handler reads `execution_arn`: src/aws/resource-policies.ts `arnAttribute`).
  aws_api_gateway_rest_api: (v, env) => {
    if (!known(v.id)) return {};
    const region = regionIn(v, env);
    return {
      arn: ARN.restApiManagement({ ...env, region }, v.id),
      execution_arn: ARN.restApi({ ...env, region }, v.id),
    };
  },
  aws_apigatewayv2_api: (v, env) => {
    if (!known(v.id)) return {};
    const region = regionIn(v, env);
    return {
      arn: ARN.httpApi({ ...env, region }, v.id),
      execution_arn: ARN.restApi({ ...env, region }, v.id),
    };
  },
  aws_kms_key: (v, env, address) => {
    const region = regionIn(v, env);
    const keyId = unknownKeyId(address);
    return {
      arn: ARN.key({ ...env, region }, keyId),
      key_id: keyId,
      id: keyId,
    };
  },
  aws_kms_replica_key: (v, env, address) => replicaKey(v, env, address),
  aws_kms_replica_external_key: (v, env, address) => replicaKey(v, env, address),
  aws_kms_external_key: (v, env, address) => {
    const region = regionIn(v, env);
    const keyId = unknownKeyId(address);
    return { arn: ARN.key({ ...env, region }, keyId), id: keyId };
  },
  aws_kms_alias: (v, env) => {
    const d = regional(ARN.alias)(v, env, '');
    return d.arn ? { ...d, id: v.name } : d;
  },
  aws_secretsmanager_secret: (v, env, address) => {
    const d = regional((e, n) => ARN.secretOfName(e, n, address))(v, env, '');
    return d.arn ? { ...d, id: d.arn } : d;
  },
  aws_cloudwatch_log_group: (v, env) => {
    const d = regional(ARN.logGroup)(v, env, '');
    return d.arn ? { ...d, id: v.name } : d;
  },
  aws_dynamodb_table: (v, env) => {
    const d = regional(ARN.table)(v, env, '');
    return d.arn ? { ...d, id: v.name } : d;
  },
  aws_ecr_repository: (v, env) => {
    const d = regional(ARN.repository)(v, env, '');
    return d.arn ? { ...d, id: v.name } : d;
  },
  aws_kinesis_stream: (v, env) => {
    const d = regional(ARN.kinesisStream)(v, env, '');
    return d.arn ? { ...d, id: d.arn } : d;
  },
  // A stream consumer's ARN: its stream's, its name and the creation timestamp Kinesis sets when it
  // registers it (`kinesisConsumerArn`: an unknown part named after the address); "id - Amazon
  // Resource Name (ARN) of the stream consumer".
  aws_kinesis_stream_consumer: (v, _env, address) => {
    if (!known(v.stream_arn) || !known(v.name) || !v.stream_arn.startsWith('arn:')) return {};
    const arn = kinesisConsumerArn(v.stream_arn, v.name, consumerCreationTimestamp(address));
    return { arn, id: arn };
  },
  aws_sfn_state_machine: regional(ARN.stateMachine),
  // A trail's ARN from its name, in the provider's account and Region: a bucket policy's
  // `AWS:SourceArn` = its `arn` names no trail of another account.
  aws_cloudtrail: regional(ARN.trail),
  // Sources of SNS and Lambda invocations named by `aws:SourceArn`: their ARN from their name.
  aws_cloudwatch_metric_alarm: (v, env) => {
    const d = regional(ARN.alarm, 'alarm_name')(v, env, '');
    return d.arn ? { ...d, id: v.alarm_name } : d;
  },
  aws_cloudwatch_composite_alarm: (v, env) => {
    const d = regional(ARN.alarm, 'alarm_name')(v, env, '');
    return d.arn ? { ...d, id: v.alarm_name } : d;
  },
  aws_codebuild_project: (v, env) => {
    const d = regional(ARN.codebuildProject)(v, env, '');
    return d.arn ? { ...d, id: d.arn } : d;
  },
  aws_kinesis_firehose_delivery_stream: (v, env) => {
    const d = regional(ARN.deliveryStream)(v, env, '');
    return d.arn ? { ...d, id: d.arn } : d;
  },
  aws_codecommit_repository: (v, env) => {
    const d = regional(ARN.codecommitRepository, 'repository_name')(v, env, '');
    return d.arn ? { ...d, id: v.repository_name } : d;
  },
  // The ids AWS assigns (a target group's after its name, a user pool's): unknown parts named
  // after the address, in the provider's account and Region.
  aws_lb_target_group: (v, env, address) => {
    if (!known(v.name)) return {};
    const region = regionIn(v, env);
    const arn = ARN.targetGroup({ ...env, region }, v.name, unknownNamePart(`${address}-target-group-id`));
    return { arn, id: arn };
  },
  aws_cognito_user_pool: (v, env, address) => {
    const id = unknownNamePart(`${address}-user-pool-id`);
    return { id, arn: ARN.userPool({ ...env, region: regionIn(v, env) }, id) };
  },
  aws_ssm_parameter: (v, env) => {
    const d = regional(ARN.ssmParameter)(v, env, '');
    return d.arn ? { ...d, id: v.name } : d;
  },
  aws_cloudwatch_event_bus: (v, env) => {
    const d = regional(ARN.eventBus)(v, env, '');
    return d.arn ? { ...d, id: v.name } : d;
  },
  aws_opensearch_domain: (v, env) => {
    const d = regional(ARN.opensearchDomain, 'domain_name')(v, env, '');
    return d.arn ? { ...d, id: d.arn } : d;
  },
  aws_backup_vault: (v, env) => {
    const d = regional(ARN.backupVault)(v, env, '');
    return d.arn ? { ...d, id: v.name } : d;
  },
  // An AWS Config rule's ARN holds the id Config assigns (`ARN.configRule`: an unknown part named
  // after the address), its `id` the rule's name ("id - The name of the config rule"), `rule_id`
  // the assigned id: in the provider's account and Region, so a Lambda permission's
  // `source_arn = aws_config_config_rule.x.arn` names no rule of another account.
  aws_config_config_rule: (v, env, address) => {
    const ruleId = unknownNamePart(`${address}-config-rule-id`);
    const arn = ARN.configRule({ ...env, region: regionIn(v, env) }, ruleId);
    return known(v.name) ? { arn, rule_id: ruleId, id: v.name } : { arn, rule_id: ruleId };
  },
  // An IoT topic rule's ARN from its name (`ARN.iotRule`); "id - The name of the topic rule".
  aws_iot_topic_rule: (v, env) => {
    const d = regional(ARN.iotRule)(v, env, '');
    return d.arn ? { ...d, id: v.name } : d;
  },
  aws_cloudwatch_event_rule: (v, env) => {
    const d = regional((e, n) => ARN.eventRule(e, known(v.event_bus_name) ? v.event_bus_name : undefined, n))(
      v,
      env,
      '',
    );
    return d.arn ? { ...d, id: v.name } : d;
  },
};

/**
 * `data "aws_iam_policy"` looked up by ARN has that ARN (Terraform AWS provider, Data Source:
 * aws_iam_policy: "arn - ARN of the policy", "id - ARN of the policy"); an AWS managed policy's
 * name, path and document are those of the bundled default version (src/catalog/managed-policies.ts),
 * the document an attachment of that ARN is evaluated with, so a module that copies it
 * (`policy = data.aws_iam_policy.tracing[0].policy`, the lambda module's tracing and network
 * policies) keeps a known document. One looked up by name stays unknown (its path, and whether it
 * is AWS managed or the account's own, are read from AWS).
 */
const policyLookedUpByArn: Deriver = (v) => {
  if (!known(v.arn)) return {};
  const managed = getAwsManagedPolicy(v.arn);
  return {
    arn: v.arn,
    id: v.arn,
    ...(managed ? { name: managed.name, path: managed.path, policy: JSON.stringify(managed.document) } : {}),
  };
};

/**
 * `data "aws_elb_service_account"`: the Elastic Load Balancing account of its Region (its `region`
 * argument, else the provider's), `arn:PARTITION:iam::ACCOUNT:root` (src/aws/elb-log-delivery.ts).
 * A Region not known offline (the stand-in region, an unknown one) or without an account (the
 * provider fails there) leaves both unknown.
 */
const elbServiceAccount: Deriver = (v, env) => {
  const region = regionIn(v, env);
  if (region === PLACEHOLDER_REGION || region === UNKNOWN_REGION) return {};
  const account = elbAccountOfRegion(region);
  return account ? { id: account, arn: `arn:${env.partition}:iam::${account}:root` } : {};
};

const DATA: Record<string, Deriver> = {
  aws_caller_identity: (_v, env) => ({ account_id: env.account, id: env.account }),
  aws_partition: (_v, env) => ({
    partition: env.partition,
    id: env.partition,
    dns_suffix: dnsSuffix(env.partition),
    reverse_dns_prefix: env.partition === 'aws-cn' ? 'cn.com.amazonaws' : 'com.amazonaws',
  }),
  aws_region: (v, env) => {
    // The data source of an aliased provider configuration reads that configuration's region
    // (`region`, set by provider-config.ts / plan/provider-region.ts); unknown: the stand-in.
    const name = known(v.name) ? v.name : regionIn(v, env);
    return { name, region: name, id: name, endpoint: `ec2.${name}.${dnsSuffix(env.partition)}` };
  },
  aws_iam_policy_document: (v) => {
    const r = renderPolicyDocument(v);
    return { json: r.json, minified_json: r.json };
  },
  aws_iam_role: iam('role'),
  aws_iam_user: iam('user'),
  aws_iam_group: iam('group'),
  aws_iam_policy: policyLookedUpByArn,
  aws_elb_service_account: elbServiceAccount,
  // A provider looked up by URL (or ARN) exists outside the inputs; its ARN follows the format.
  aws_iam_openid_connect_provider: (v, env) =>
    known(v.arn)
      ? { arn: v.arn, url: v.arn.split(':oidc-provider/')[1] ?? '' }
      : MANAGED.aws_iam_openid_connect_provider!(v, env, ''),
  aws_s3_bucket: MANAGED.aws_s3_bucket!,
  aws_sqs_queue: MANAGED.aws_sqs_queue!,
  aws_sns_topic: MANAGED.aws_sns_topic!,
  aws_lambda_function: MANAGED.aws_lambda_function!,
};

function missing(v: unknown): boolean {
  return v === undefined || v === null || isUnknown(v);
}

/**
 * The attribute that holds the name of a managed resource of each type whose ARN, id and name
 * `MANAGED` derives from it. When the inputs leave it unknown (known only after apply) or unset
 * (AWS picks the name), the element is modelled under an unknown name (`unknownResourceName`),
 * and the attribute, the ARN and the id are filled from that name, so that a policy that refers
 * to them (`${aws_s3_bucket.b.arn}/*`, `aws_s3_bucket.b.bucket`) names the element by the same
 * unknown: the engine matches the same unknown part as the same name (YES for the element) and
 * as any name for every other (MAYBE; src/engine/unknown-names.ts).
 */
const NAME_ATTRIBUTE: Readonly<Record<string, string>> = {
  aws_iam_user: 'name',
  aws_iam_group: 'name',
  aws_iam_role: 'name',
  aws_iam_policy: 'name',
  aws_iam_instance_profile: 'name',
  aws_s3_bucket: 'bucket',
  aws_s3_access_point: 'name',
  aws_sqs_queue: 'name',
  aws_sns_topic: 'name',
  aws_lambda_function: 'function_name',
  aws_secretsmanager_secret: 'name',
  aws_cloudwatch_log_group: 'name',
  aws_dynamodb_table: 'name',
  aws_ecr_repository: 'name',
  aws_kinesis_stream: 'name',
  aws_sfn_state_machine: 'name',
  aws_ssm_parameter: 'name',
  aws_cloudwatch_event_bus: 'name',
  aws_opensearch_domain: 'domain_name',
  aws_backup_vault: 'name',
  aws_api_gateway_rest_api: 'id',
  aws_apigatewayv2_api: 'id',
  aws_cloudwatch_metric_alarm: 'alarm_name',
  aws_cloudwatch_composite_alarm: 'alarm_name',
  aws_codebuild_project: 'name',
  aws_kinesis_firehose_delivery_stream: 'name',
  aws_codecommit_repository: 'repository_name',
  aws_lb_target_group: 'name',
  aws_eks_cluster: 'name',
};

/**
 * The modelled name of the Terraform resource `address` whose name attribute `attr` the inputs
 * leave unknown or unset: an unknown name part (src/model/stand-ins.ts `partlyKnownName`), after
 * the known `ATTR_prefix` when set (`name_prefix`, `bucket_prefix`: AWS appends a unique suffix).
 */
export function unknownResourceName(values: TfObject, attr: string, address: string): string {
  const prefix = values[`${attr}_prefix`];
  return partlyKnownName(typeof prefix === 'string' ? [prefix, undefined] : [undefined], address);
}

/** Why the name attribute (or `path`) of filled values was unknown (`fillComputed`), by values and attribute. */
const nameReasons = new WeakMap<object, Readonly<Record<string, string>>>();

/**
 * Why the inputs leave the name attribute `attr` (or the IAM `path`) of `values` unknown (`a
 * variable with no value`), when `fillComputed` filled it with an unknown name (path) in place of
 * an unknown value; else undefined.
 */
export function unknownNameReason(values: TfObject, attr: string): string | undefined {
  return nameReasons.get(values)?.[attr];
}

/** `to`, a copy of `from` with more attributes, keeping why its name was unknown (`unknownNameReason`). */
export function keepUnknownNameReason<T extends TfObject>(from: TfObject, to: T): T {
  const r = nameReasons.get(from);
  if (r) nameReasons.set(to, r);
  return to;
}

/**
 * Returns `values` with computed attributes filled in where they are missing or unknown.
 * A data source's own arguments (e.g. a policy document's statements) must be resolved first.
 */
export function fillComputed(
  mode: 'managed' | 'data',
  type: string,
  values: TfObject,
  env: AwsEnv,
  address: string,
): TfObject {
  const derive = (mode === 'data' ? DATA : MANAGED)[type];
  if (!derive) return values;
  // A plan that knows the ARN but not the path: the path is the ARN's (consistent with it).
  if (mode === 'managed' && PATH_TYPES.has(type) && isUnknown(values.path)) {
    const path = pathOfKnownArn(type, values.arn);
    if (path !== undefined) values = { ...values, path };
  }
  // The policy document renders from its arguments; when the plan already knows `json`, keep it.
  if (mode === 'data' && type === 'aws_iam_policy_document' && typeof values.json === 'string') return values;
  // A name the inputs leave unknown: the element's modelled name, filled with what derives from it.
  const nameAttr = mode === 'managed' ? NAME_ATTRIBUTE[type] : undefined;
  let named =
    nameAttr !== undefined && missing(values[nameAttr])
      ? { ...values, [nameAttr]: unknownResourceName(values, nameAttr, address) }
      : undefined;
  // A path the inputs leave unknown: the element's modelled path, which the ARN is built with.
  let unknownPath = pathUnknown(mode, type, values, address);
  let path = unknownPath ? unknownResourcePath(unknownPath, address) : undefined;
  if (path !== undefined) named = { ...(named ?? values), path };
  let derived: TfObject;
  try {
    derived = derive(named ?? values, env, address);
    if (named && nameAttr) derived = { ...derived, [nameAttr]: named[nameAttr] };
    // a data source whose ARN is not derived (its name unknown) is left as it is
    if (mode === 'data' && derived.arn === undefined) unknownPath = path = undefined;
    if (path !== undefined) derived = { ...derived, path };
  } catch {
    return values;
  }
  let out: TfObject | undefined;
  const reasons: Record<string, string> = {};
  if (named && nameAttr && isUnknown(values[nameAttr]))
    reasons[nameAttr] = (values[nameAttr] as Unknown).reason;
  if (unknownPath) reasons.path = unknownPath.reason;
  if (Object.keys(reasons).length) {
    out = { ...values };
    nameReasons.set(out, reasons);
  }
  for (const [k, v] of Object.entries(derived)) {
    // Data sources read at apply time can hold values with unknowns inside (a policy document's
    // `json`); recompute those too once the configuration can resolve them.
    const stale = mode === 'data' && deepUnknown(values[k]) !== undefined;
    if (v === undefined || (!missing(values[k]) && !stale)) continue;
    out ??= { ...values };
    out[k] = v;
  }
  return out ?? values;
}

/** Whether iamspec answers this data source offline (otherwise it is read from AWS). */
export function isOfflineDataSource(type: string): boolean {
  return type in DATA;
}
