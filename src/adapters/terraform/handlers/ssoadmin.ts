// IAM Identity Center in Terraform (AWS provider `aws_ssoadmin_*`): aws_ssoadmin_permission_set
// is recorded with what aws_ssoadmin_managed_policy_attachment,
// aws_ssoadmin_customer_managed_policy_attachment, aws_ssoadmin_permission_set_inline_policy and
// aws_ssoadmin_permissions_boundary_attachment add to it; each aws_ssoadmin_account_assignment to
// an AWS account adds the role IAM Identity Center creates there (see ../../identity-center.ts).
// Arguments follow the resources' pages of the Terraform AWS provider documentation.

import { isUnknown, type Maybe, Unknown } from '../../../model/unknown.js';
import {
  addAssignmentRole,
  type CustomerManagedPolicyRef,
  type PermissionSetSpec,
} from '../../identity-center.js';
import { stringOrUnknownWhy as str } from '../../string-values.js';
import { isObject } from '../eval/values.js';
import type { TfInstance } from '../instances.js';
import type { TfLoadState } from './context.js';
import { regionOf } from './instance-region.js';

type Handler = (ctx: TfLoadState, inst: TfInstance) => void;

interface Recorded {
  spec: PermissionSetSpec;
  arn: Maybe<string> | undefined;
}

/** Permission sets of one load, by instance address. */
const sets = new WeakMap<TfLoadState, Map<string, Recorded>>();

function setsOf(ctx: TfLoadState): Map<string, Recorded> {
  let m = sets.get(ctx);
  if (!m) {
    m = new Map();
    sets.set(ctx, m);
  }
  return m;
}

/**
 * Why the instance might not exist (`count`/`for_each` the inputs do not decide): what it
 * creates or adds to a permission set is then maybe-present, as for every Terraform resource.
 */
function presenceOf(inst: TfInstance): { presence?: Unknown } {
  return inst.presence ? { presence: inst.presence } : {};
}

/** The permission set `permission_set_arn` names: by ARN when known, else by configuration reference. */
function permissionSetOf(ctx: TfLoadState, inst: TfInstance): PermissionSetSpec | Unknown {
  const all = setsOf(ctx);
  const value = inst.values.permission_set_arn;
  if (typeof value === 'string') {
    for (const r of all.values()) if (r.arn === value) return r.spec;
  }
  for (const address of inst.references('permission_set_arn')) {
    const hit = all.get(address);
    if (hit) return hit.spec;
  }
  const why = isUnknown(value)
    ? `${value.reason}, and the configuration does not say which permission set it is`
    : `permission set ${typeof value === 'string' ? value : '(not set)'} is not in the inputs`;
  return new Unknown(`${inst.address}: ${why}`, inst.attrSource('permission_set_arn'));
}

function customerManaged(
  inst: TfInstance,
  block: unknown,
  attr: string,
  maybe: { presence?: Unknown },
): CustomerManagedPolicyRef {
  const b = Array.isArray(block) ? block[0] : block;
  const source = inst.attrSource(attr);
  if (!isObject(b))
    return {
      name: isUnknown(b) ? b : new Unknown(`${attr} is not set`, source),
      path: undefined,
      source,
      ...maybe,
    };
  const path =
    b.path === undefined || b.path === null ? undefined : str(b.path, 'path is not a string', source);
  return { name: str(b.name, `${attr}.name is not set`, source), path, source, ...maybe };
}

/**
 * Links a change to its permission set, with the presence what it adds has. A permission set the
 * configuration does not pin (`permission_set_arn` unknown, no reference to a permission set of
 * the inputs) may be any permission set of the inputs: the change is applied to each of them,
 * maybe-present, never dropped; a known ARN of a permission set outside the inputs is a warning.
 */
function withSet(
  ctx: TfLoadState,
  inst: TfInstance,
  change: (spec: PermissionSetSpec, maybe: { presence?: Unknown }) => void,
): void {
  const ps = permissionSetOf(ctx, inst);
  if (!(ps instanceof Unknown)) {
    change(ps, presenceOf(inst));
    return;
  }
  const candidates = isUnknown(inst.values.permission_set_arn) ? [...setsOf(ctx).values()] : [];
  ctx.finding({
    code: 'tf/unresolved-reference',
    severity: 'warning',
    message: candidates.length
      ? `${ps.reason}; what ${inst.type} adds is applied, maybe-present, to each of the ${candidates.length} permission set(s) of the inputs`
      : `${ps.reason}; what ${inst.type} adds to it is applied where that permission set is assigned only if it is in the inputs`,
    source: inst.attrSource('permission_set_arn'),
  });
  for (const r of candidates) {
    const why = new Unknown(
      `${ps.reason}; it may be permission set ${r.spec.name instanceof Unknown ? '(name unknown)' : r.spec.name}${inst.presence ? `; and ${inst.presence.reason}` : ''}`,
      ps.source,
    );
    change(r.spec, { presence: why });
  }
}

const permissionSet: Handler = (ctx, inst) => {
  const spec: PermissionSetSpec = {
    name: str(inst.values.name, 'name is not set', inst.attrSource('name')),
    managedPolicyArns: [],
    customerManagedPolicies: [],
    inlinePolicy: undefined,
    boundary: undefined,
    source: inst.source,
    ...presenceOf(inst),
  };
  const arn = inst.values.arn;
  setsOf(ctx).set(inst.address, { spec, arn: typeof arn === 'string' || isUnknown(arn) ? arn : undefined });
};

const managedPolicyAttachment: Handler = (ctx, inst) =>
  withSet(ctx, inst, (ps, maybe) => {
    ps.managedPolicyArns.push({
      arn: str(
        inst.values.managed_policy_arn,
        'managed_policy_arn is not set',
        inst.attrSource('managed_policy_arn'),
      ),
      source: inst.attrSource('managed_policy_arn'),
      ...maybe,
    });
  });

const customerManagedAttachment: Handler = (ctx, inst) =>
  withSet(ctx, inst, (ps, maybe) => {
    ps.customerManagedPolicies.push(
      customerManaged(
        inst,
        inst.values.customer_managed_policy_reference,
        'customer_managed_policy_reference',
        maybe,
      ),
    );
  });

const inlinePolicy: Handler = (ctx, inst) =>
  withSet(ctx, inst, (ps, maybe) => {
    const document = ctx.policy(inst.values.inline_policy, 'identity', inst.attrSource('inline_policy'));
    // A permission set has one inline policy. One the inputs may or may not write to this set
    // (its permission set not pinned: `withSet`'s warning) may replace the one the set has, or
    // not: it is kept as an alternative, maybe-present, and the set's own one becomes
    // maybe-present too (identity-center.ts `attachPermissionSet`), whichever is handled first,
    // so what either grants is indeterminate rather than one of them dropped (a silent deny).
    if (maybe.presence && maybe.presence !== inst.presence) {
      if (document)
        ps.inlinePolicyAlternatives = [
          ...(ps.inlinePolicyAlternatives ?? []),
          { document, presence: maybe.presence, by: inst.address },
        ];
      return;
    }
    ps.inlinePolicy = document;
    if (maybe.presence) ps.inlinePolicyPresence = maybe.presence;
    else delete ps.inlinePolicyPresence;
  });

const boundaryAttachment: Handler = (ctx, inst) =>
  withSet(ctx, inst, (ps, maybe) => {
    const raw = inst.values.permissions_boundary;
    const b = Array.isArray(raw) ? raw[0] : raw;
    const source = inst.attrSource('permissions_boundary');
    // A boundary that may be attached to this set in place of the one it has: the one it has may
    // be gone (maybe-present), and a set without one may get this one (maybe-present, it narrows).
    if (maybe.presence && maybe.presence !== inst.presence && ps.boundary) {
      const current = ps.boundary;
      if ('customerManaged' in current)
        current.customerManaged = { ...current.customerManaged, presence: maybe.presence };
      else ps.boundary = { ...current, presence: maybe.presence };
      return;
    }
    if (isObject(b) && typeof b.managed_policy_arn === 'string' && b.managed_policy_arn) {
      ps.boundary = { managedPolicyArn: b.managed_policy_arn, source, ...maybe };
    } else if (
      isObject(b) &&
      b.customer_managed_policy_reference !== undefined &&
      b.customer_managed_policy_reference !== null
    ) {
      ps.boundary = {
        customerManaged: customerManaged(
          inst,
          b.customer_managed_policy_reference,
          'permissions_boundary',
          maybe,
        ),
      };
    } else {
      ps.boundary = {
        managedPolicyArn: new Unknown(`${inst.address}: the permissions boundary is not known`, source),
        source,
        ...maybe,
      };
    }
  });

const accountAssignment: Handler = (ctx, inst) => {
  const targetType = inst.values.target_type;
  if (typeof targetType === 'string' && targetType !== 'AWS_ACCOUNT') return;
  addAssignmentRole(
    ctx.builder,
    { partition: ctx.env.partition, region: regionOf(ctx, inst.values), deployingAccount: ctx.env.account },
    {
      permissionSet: permissionSetOf(ctx, inst),
      account: str(inst.values.target_id, 'target_id is not set', inst.attrSource('target_id')),
      principalType: str(
        inst.values.principal_type,
        'principal_type is not set',
        inst.attrSource('principal_type'),
      ),
      principalId: str(inst.values.principal_id, 'principal_id is not set', inst.attrSource('principal_id')),
      source: inst.source,
      ...presenceOf(inst),
    },
  );
};

/** Handlers by pass (elements, links, late), merged into the dispatch table of index.ts. */
export const SSOADMIN_HANDLERS = {
  elements: { aws_ssoadmin_permission_set: permissionSet } as Record<string, Handler>,
  links: {
    aws_ssoadmin_managed_policy_attachment: managedPolicyAttachment,
    aws_ssoadmin_customer_managed_policy_attachment: customerManagedAttachment,
    aws_ssoadmin_permission_set_inline_policy: inlinePolicy,
    aws_ssoadmin_permissions_boundary_attachment: boundaryAttachment,
  } as Record<string, Handler>,
  late: { aws_ssoadmin_account_assignment: accountAssignment } as Record<string, Handler>,
};
