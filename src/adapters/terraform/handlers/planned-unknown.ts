// What an attribute a plan leaves unknown (`after_unknown`) means for the model: the one rule the
// handlers read an Optional+Computed attribute through (a role's `inline_policy`,
// `managed_policy_arns`, `permissions_boundary`, a bucket's `acl`, a resource's `policy`...).
//
// Terraform plans an attribute the configuration does not set, and the provider computes
// (Optional+Computed), as unknown when the resource is created, and as the prior state's value
// when it is updated; an attribute the configuration sets to a value known only after apply is
// unknown too. So an unknown planned value is:
// - set by the configuration (it says so): the unknown value, whatever it grants;
// - not set, the resource created (or replaced): what AWS holds after the apply, which is only
//   what other resources of the inputs attach (already in the model): nothing of its own;
// - not set, the resource updated: what exists now, the plan's `before` value;
// - a plan without its `configuration` section (trimmed by a tool), or without the resource's
//   entry in it: a created resource's unknown attribute may be either, so it is kept as an
//   unknown value that might exist, with a `tf/plan-without-configuration` warning naming the
//   address and the attribute; an updated
//   one is set by the configuration (not set, it would stay the prior value, which is known); an
//   attribute the provider never computes (`NOT_COMPUTED`) is set by the configuration.
// Instances evaluated from a configuration always know what it sets.

import { Unknown } from '../../../model/unknown.js';
import { isUnknown } from '../../../model/unknown.js';
import type { TfInstance } from '../instances.js';
import type { TfLoadState } from './context.js';

/**
 * Attributes the AWS provider does not compute (Optional only): a planned unknown value can only
 * come from the configuration. Terraform AWS provider, aws_iam_role / aws_iam_user:
 * "permissions_boundary - (Optional) ARN of the policy that is used to set the permissions
 * boundary for the role" (no default, not read back into an unset argument).
 */
const NOT_COMPUTED: Readonly<Record<string, readonly string[]>> = {
  aws_iam_role: ['permissions_boundary'],
  aws_iam_user: ['permissions_boundary'],
};

/** How the model reads an attribute: its value, and a reason it might not exist. */
export interface PlannedAttribute {
  value: unknown;
  presence?: Unknown;
}

const warned = new WeakMap<TfLoadState, Set<string>>();

/**
 * The value the model reads for `attr` of `inst` (see the module comment); undefined when the
 * attribute holds nothing of its own (an unknown the provider computes for a created resource).
 * A known value is returned as it is.
 */
export function plannedAttribute(
  ctx: TfLoadState,
  inst: TfInstance,
  attr: string,
): PlannedAttribute | undefined {
  const value = inst.values[attr];
  if (!isUnknown(value)) return { value };
  const configured = inst.configured(attr);
  if (configured === true) return { value };
  const created = inst.action !== 'update' && inst.action !== 'no-op';
  if (configured === false) {
    if (created) return undefined;
    // an update keeps what exists now: the plan's `before` (where it lacks the attribute, the
    // prior state holds none); a plan without `before` cannot say
    if (!inst.prior) return { value };
    const prior = inst.prior[attr];
    return prior === undefined || prior === null ? undefined : { value: prior };
  }
  if (!created || NOT_COMPUTED[inst.type]?.includes(attr)) return { value };
  const source = inst.attrSource(attr);
  const presence = new Unknown(
    `${inst.address}: ${attr} is known only after apply and the plan does not show its configuration to tell whether the configuration sets it`,
    source,
  );
  const seen = warned.get(ctx) ?? new Set<string>();
  warned.set(ctx, seen);
  const key = `${inst.address}\0${attr}`;
  if (!seen.has(key)) {
    seen.add(key);
    ctx.finding({
      code: 'tf/plan-without-configuration',
      severity: 'warning',
      message: `${inst.address}: ${attr} is known only after apply and the plan does not show its configuration (no \`configuration\` section, or no entry for ${inst.address} in it) to tell whether the configuration sets it (then what it grants is not in the plan) or leaves it to the provider (then it holds only what other resources attach); it is kept as an unknown value that might exist, so what it could grant or deny is indeterminate: give the plan as \`terraform show -json\` writes it, or the configuration directory with it`,
      source,
    });
  }
  return { value, presence };
}
