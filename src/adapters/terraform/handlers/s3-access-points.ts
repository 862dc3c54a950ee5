// Terraform S3 access points (src/aws/s3-access-points.ts): aws_s3_access_point (`name`, `bucket`,
// `account_id`, `bucket_account_id`, `policy`, `vpc_configuration`,
// `public_access_block_configuration`) and aws_s3control_access_point_policy (`access_point_arn`,
// `policy`) (Terraform Registry, hashicorp/aws). An access point of an S3 on Outposts bucket
// (`bucket` an ARN) is not modelled: its policy is kept unknown as before.

import {
  accessPointArn,
  accessPointBlock,
  accessPointOfArn,
  addS3AccessPoint,
} from '../../../aws/s3-access-points.js';
import type { PublicAccessBlock } from '../../../model/types.js';
import { isUnknown, type Maybe, Unknown } from '../../../model/unknown.js';
import { parsePolicy } from '../../../policy/parse.js';
import { andPresence } from '../eval/branches.js';
import type { TfObject } from '../eval/values.js';
import type { TfInstance } from '../instances.js';
import type { TfLoadState } from './context.js';
import { regionOf } from './instance-region.js';
import { publicAccessBlockOf } from './public-access-block.js';
import { plannedAttribute } from './planned-unknown.js';
import { keepUnmodelledPolicy } from './resources.js';

/** The first object of a nested block (a list of one object in both plan and configuration). */
function blockValue(v: unknown): TfObject | Unknown | undefined {
  if (isUnknown(v)) return v;
  const first = Array.isArray(v) ? v[0] : v;
  if (isUnknown(first)) return first;
  return first && typeof first === 'object' && !Array.isArray(first) ? (first as TfObject) : undefined;
}

/** `public_access_block_configuration`: each setting left out (or the block) is on (`accessPointBlock`). */
function blockOf(inst: TfInstance): PublicAccessBlock {
  const b = blockValue(inst.values.public_access_block_configuration);
  return accessPointBlock(publicAccessBlockOf(b), inst.attrSource('public_access_block_configuration'));
}

/** `vpc_configuration` set: "VPC"; not set: "Internet". */
function networkOriginOf(inst: TfInstance): Maybe<'Internet' | 'VPC'> {
  const v = inst.values.vpc_configuration;
  if (isUnknown(v)) return v;
  const b = blockValue(v);
  if (isUnknown(b)) return b;
  return b ? 'VPC' : 'Internet';
}

function stringOr(v: unknown, fallback: string, why: string, inst: TfInstance): Maybe<string> {
  if (typeof v === 'string' && v !== '') return v;
  if (isUnknown(v)) return v;
  if (v === undefined || v === null) return fallback;
  return new Unknown(why, inst.source);
}

/** aws_s3_access_point. */
export function handleAccessPoint(ctx: TfLoadState, inst: TfInstance): void {
  const bucket = inst.values.bucket;
  if (typeof bucket === 'string' && bucket.startsWith('arn:')) {
    // S3 on Outposts: not modelled.
    if (inst.values.policy) keepUnmodelledPolicy(ctx, inst, ['policy']);
    return;
  }
  const name = ctx.nameOf(inst, 'S3 access point');
  const account =
    typeof inst.values.account_id === 'string' && /^\d{12}$/.test(inst.values.account_id)
      ? inst.values.account_id
      : ctx.env.account;
  const region = regionOf(ctx, inst.values);
  const known =
    typeof inst.values.arn === 'string' && accessPointOfArn(inst.values.arn) ? inst.values.arn : undefined;
  const arn = known ?? accessPointArn(ctx.env.partition, region, account, name);
  const planned = plannedAttribute(ctx, inst, 'policy');
  const doc = planned ? ctx.policy(planned.value, 'resource', inst.attrSource('policy')) : undefined;
  const policy =
    doc && planned?.presence ? { ...doc, presence: andPresence(doc.presence, planned.presence) } : doc;
  const id = addS3AccessPoint(ctx.builder, {
    arn,
    name,
    account,
    region,
    bucket:
      stringOr(bucket, '', `${inst.address} has no bucket`, inst) ||
      new Unknown(`${inst.address} has no bucket`, inst.source),
    bucketAccount: stringOr(
      inst.values.bucket_account_id,
      account,
      `bucket_account_id of ${inst.address} is not an account id`,
      inst,
    ),
    networkOrigin: networkOriginOf(inst),
    ...(policy ? { policy } : {}),
    publicAccessBlock: blockOf(inst),
    source: inst.source,
    ...(inst.presence ? { presence: inst.presence } : {}),
  });
  ctx.record(inst, { kind: 'resource', id, name });
}

/**
 * aws_s3control_access_point_policy: the policy of the access point `access_point_arn` names (it
 * replaces the access point's); one whose access point is not known is kept unknown on a stand-in
 * that may govern any access point of the account, as before.
 */
export function handleAccessPointPolicy(ctx: TfLoadState, inst: TfInstance): void {
  const targets = ctx.resourceTargets(inst, 'access_point_arn', (v) =>
    accessPointOfArn(v)?.rest === undefined && ctx.builder.getResource(v)?.kind === 's3-access-point'
      ? v
      : undefined,
  );
  const doc =
    ctx.policy(inst.values.policy, 'resource', inst.attrSource('policy')) ??
    parsePolicy(new Unknown(`${inst.address} has no policy`, inst.source), {
      kind: 'resource',
      source: inst.source,
    });
  if (!targets || targets.unknown || targets.known.length !== 1 || targets.known[0]!.presence) {
    keepUnmodelledPolicy(ctx, inst, ['policy']);
    return;
  }
  const id = targets.known[0]!.id;
  const policy = inst.presence ? { ...doc, presence: andPresence(doc.presence, inst.presence) } : doc;
  ctx.builder.replaceResourcePolicy(id, policy);
}
