// The region of a Terraform instance: the region of the provider configuration it uses (its
// `region`, which config/provider-config.ts and plan/provider-region.ts set from an aliased
// provider configuration, or the resource's own `region` argument of provider v6), else the
// default configuration's. Every handler that builds an ARN or a model region of an instance
// reads it here, never the default (`ctx.env.region`) directly. "The provider meta-argument
// specifies which provider configuration to use for a resource, overriding Terraform's default
// behavior of selecting one based on the resource type name"
// (https://developer.hashicorp.com/terraform/language/meta-arguments/provider).

import type { AwsEnvironment } from '../../../aws/arn-formats.js';
import type { Finding } from '../../../model/finding.js';
import type { Source } from '../../../model/source.js';
import { UNKNOWN_REGION } from '../../../model/stand-ins.js';
import { isUnknown } from '../../../model/unknown.js';
import type { TfObject } from '../eval/values.js';
import { type TfLoadState, str } from './context.js';

const regionWarned = new WeakMap<TfLoadState, Set<string>>();

/**
 * The region of a resource: its `region` (an aliased provider configuration's region,
 * plan/provider-region.ts, config/provider-config.ts), else the default provider's. An unknown
 * `region` is the `UNKNOWN_REGION` stand-in, never the default, with a `tf/unknown-region` warning.
 */
/** The tf/unknown-region warning of a data.aws_region whose provider configuration's region is unknown. */
export function unknownRegionDataFinding(address: string, reason: string, source: Source): Finding {
  return {
    code: 'tf/unknown-region',
    severity: 'warning',
    message: `the region of ${address} is not known (${reason}); it gives the stand-in region "${UNKNOWN_REGION}", and a decision that a policy naming a region could change is indeterminate: set the region of its provider configuration`,
    source,
  };
}

export function regionOf(ctx: TfLoadState, values: TfObject): string {
  const r = values.region;
  if (!isUnknown(r)) return str(values, 'region') ?? ctx.env.region;
  const inst = ctx.current;
  const warned = regionWarned.get(ctx) ?? new Set<string>();
  regionWarned.set(ctx, warned);
  if (inst && !warned.has(inst.address)) {
    warned.add(inst.address);
    ctx.finding({
      code: 'tf/unknown-region',
      severity: 'warning',
      message: `the region of ${inst.address} is not known (${r.reason}); its ARNs hold the stand-in region "${UNKNOWN_REGION}", and a decision that a policy naming a region (or aws:RequestedRegion) could change is indeterminate: set the region of its provider configuration`,
      source: inst.source,
    });
  }
  return UNKNOWN_REGION;
}

/** The partition, region (`regionOf`) and account the instance's ARNs are built with. */
export function envOf(ctx: TfLoadState, values: TfObject): AwsEnvironment {
  return { partition: ctx.env.partition, region: regionOf(ctx, values), account: ctx.env.account };
}
