// IAM resource handlers (Terraform AWS provider resources aws_iam_*): users, groups, roles
// (trust policy, inline_policy blocks, managed_policy_arns, permissions_boundary, tags, path),
// managed policies, inline policies of users/groups/roles, policy attachments, group
// memberships and instance profiles. Attributes the provider computes when the configuration
// does not set them (a role's inline_policy and managed_policy_arns) are ignored while unknown.

import { isUnknown, type Maybe } from '../../../model/unknown.js';
import { asList, isObject } from '../eval/values.js';
import type { TfInstance } from '../instances.js';
import { type HandlerContext, str, tagsOf } from './context.js';

function known(v: unknown): v is string {
  return typeof v === 'string' && v !== '';
}

/** An unknown attribute matters only when the configuration sets it. */
function usedUnknown(inst: TfInstance, attr: string): boolean {
  return isUnknown(inst.values[attr]) && inst.configured(attr) === true;
}

function arnOf(inst: TfInstance): string | undefined {
  const a = inst.values.arn;
  return known(a) ? a : undefined;
}

export function handleUser(ctx: HandlerContext, inst: TfInstance): void {
  const v = inst.values;
  const name = str(v, 'name') ?? ctx.standInName(inst, 'user');
  const id = ctx.builder.addUser({
    name,
    account: ctx.env.account,
    path: str(v, 'path'),
    tags: tagsOf(v),
    source: inst.source,
    ...(arnOf(inst) && str(v, 'name') ? { arn: arnOf(inst)! } : {}),
  });
  ctx.record(inst, { kind: 'user', id, name });
  boundary(ctx, inst, id);
}

export function handleGroup(ctx: HandlerContext, inst: TfInstance): void {
  const v = inst.values;
  const name = str(v, 'name') ?? ctx.standInName(inst, 'group');
  const id = ctx.builder.addGroup({
    name,
    account: ctx.env.account,
    path: str(v, 'path'),
    source: inst.source,
    ...(arnOf(inst) && str(v, 'name') ? { arn: arnOf(inst)! } : {}),
  });
  ctx.record(inst, { kind: 'group', id, name });
}

function boundary(ctx: HandlerContext, inst: TfInstance, id: string): void {
  const pb = inst.values.permissions_boundary;
  if (known(pb) || usedUnknown(inst, 'permissions_boundary')) {
    const arn = ctx.policyArn(inst, 'permissions_boundary');
    if (arn !== undefined) {
      ctx.builder.setPermissionsBoundary(id, {
        policyArn: arn,
        source: inst.attrSource('permissions_boundary'),
      });
    }
  }
}

export function handleRole(ctx: HandlerContext, inst: TfInstance): void {
  const v = inst.values;
  const name = str(v, 'name') ?? ctx.standInName(inst, 'role');
  const trustSource = inst.attrSource('assume_role_policy');
  const trustPolicy = ctx.policy(v.assume_role_policy, 'trust', trustSource);
  const id = ctx.builder.addRole({
    name,
    account: ctx.env.account,
    path: str(v, 'path'),
    tags: tagsOf(v),
    source: inst.source,
    ...(trustPolicy ? { trustPolicy } : {}),
    ...(arnOf(inst) && str(v, 'name') ? { arn: arnOf(inst)! } : {}),
  });
  ctx.record(inst, { kind: 'role', id, name });
  boundary(ctx, inst, id);

  // inline_policy blocks (an empty block means "no inline policies")
  const inline = v.inline_policy;
  if (isUnknown(inline)) {
    if (usedUnknown(inst, 'inline_policy')) {
      const doc = ctx.policy(inline, 'identity', inst.attrSource('inline_policy'));
      if (doc)
        ctx.builder.addInlinePolicy(id, {
          name: '(unknown)',
          document: doc,
          source: inst.attrSource('inline_policy'),
        });
    }
  } else {
    asList(inline).forEach((block, i) => {
      if (!isObject(block)) return;
      const policy = block.policy;
      if (policy === null || policy === undefined || policy === '') return;
      if (isUnknown(policy) && inst.configured('inline_policy') === false) return;
      const source = {
        ...inst.attrSource('inline_policy'),
        pointer: `${inst.attrSource('inline_policy').pointer ?? ''}/${i}/policy`,
      };
      const doc = ctx.policy(policy, 'identity', source);
      const pname = typeof block.name === 'string' ? block.name : `inline_policy[${i}]`;
      if (doc) ctx.builder.addInlinePolicy(id, { name: pname, document: doc, source });
    });
  }

  const managed = v.managed_policy_arns;
  if (isUnknown(managed)) {
    if (usedUnknown(inst, 'managed_policy_arns')) {
      ctx.builder.attachManagedPolicy(id, {
        policyArn: managed,
        source: inst.attrSource('managed_policy_arns'),
      });
    }
  } else {
    for (const arn of asList(managed)) {
      if (known(arn) || isUnknown(arn)) {
        ctx.builder.attachManagedPolicy(id, {
          policyArn: arn,
          source: inst.attrSource('managed_policy_arns'),
        });
      }
    }
  }
}

export function handlePolicy(ctx: HandlerContext, inst: TfInstance): void {
  const v = inst.values;
  const name = str(v, 'name') ?? ctx.standInName(inst, 'policy');
  const source = inst.attrSource('policy');
  const document = ctx.policy(v.policy ?? null, 'identity', source) ?? ctx.policy('{}', 'identity', source)!;
  const id = ctx.builder.addManagedPolicy({
    name,
    account: ctx.env.account,
    path: str(v, 'path'),
    document,
    source: inst.source,
    ...(arnOf(inst) && str(v, 'name') ? { arn: arnOf(inst)! } : {}),
  });
  ctx.record(inst, { kind: 'policy', id, name });
}

/** aws_iam_role_policy / aws_iam_user_policy / aws_iam_group_policy. */
export function handleInlinePolicy(
  ctx: HandlerContext,
  inst: TfInstance,
  kind: 'role' | 'user' | 'group',
): void {
  const principal = ctx.linkPrincipal(inst, kind, kind);
  if (!principal) return;
  const source = inst.attrSource('policy');
  const doc = ctx.policy(inst.values.policy, 'identity', source);
  if (!doc) return;
  const name = str(inst.values, 'name') ?? inst.address;
  ctx.builder.addInlinePolicy(principal, { name, document: doc, source });
}

/** aws_iam_role_policy_attachment / aws_iam_user_policy_attachment / aws_iam_group_policy_attachment. */
export function handleAttachment(
  ctx: HandlerContext,
  inst: TfInstance,
  kind: 'role' | 'user' | 'group',
): void {
  const principal = ctx.linkPrincipal(inst, kind, kind);
  if (!principal) return;
  const arn = ctx.policyArn(inst, 'policy_arn');
  if (arn === undefined) return;
  ctx.builder.attachManagedPolicy(principal, { policyArn: arn, source: inst.source });
}

/** aws_iam_policy_attachment: one policy to lists of users, roles and groups. */
export function handlePolicyAttachment(ctx: HandlerContext, inst: TfInstance): void {
  const arn: Maybe<string> | undefined = ctx.policyArn(inst, 'policy_arn');
  if (arn === undefined) return;
  for (const [attr, kind] of [
    ['users', 'user'],
    ['roles', 'role'],
    ['groups', 'group'],
  ] as const) {
    for (const p of ctx.linkPrincipals(inst, attr, kind)) {
      ctx.builder.attachManagedPolicy(p, { policyArn: arn, source: inst.source });
    }
  }
}

export function handleGroupMembership(ctx: HandlerContext, inst: TfInstance): void {
  const group = ctx.linkPrincipal(inst, 'group', 'group');
  if (!group) return;
  for (const u of ctx.linkPrincipals(inst, 'users', 'user'))
    ctx.builder.addUserToGroup(u, group, inst.source);
}

export function handleUserGroupMembership(ctx: HandlerContext, inst: TfInstance): void {
  const user = ctx.linkPrincipal(inst, 'user', 'user');
  if (!user) return;
  for (const g of ctx.linkPrincipals(inst, 'groups', 'group'))
    ctx.builder.addUserToGroup(user, g, inst.source);
}

export function handleInstanceProfile(ctx: HandlerContext, inst: TfInstance): void {
  const v = inst.values;
  const name = str(v, 'name') ?? ctx.standInName(inst, 'instance profile');
  if (v.role === null || v.role === undefined) {
    ctx.record(inst, { kind: 'instance-profile', id: name, name });
    return;
  }
  const role = ctx.linkPrincipal(inst, 'role', 'role');
  if (!role) return;
  const arn =
    arnOf(inst) ??
    `arn:${ctx.env.partition}:iam::${ctx.env.account}:instance-profile${str(v, 'path') ?? '/'}${name}`;
  const usedBy: { kind: string; name: string; source: import('../../../model/source.js').Source }[] = [];
  ctx.builder.addInstanceProfile(role, { name, arn, source: inst.source, usedBy });
  ctx.instanceProfiles.set(name, { roleId: role, usedBy });
  ctx.record(inst, { kind: 'instance-profile', id: name, name });
}

/** aws_instance: records that the instance uses its instance profile (and so the role). */
export function handleEc2Instance(ctx: HandlerContext, inst: TfInstance): void {
  const v = inst.values.iam_instance_profile;
  let profile: string | undefined;
  if (typeof v === 'string' && v) profile = v.includes(':instance-profile/') ? v.split('/').pop() : v;
  else if (isUnknown(v)) {
    const refs = ctx.referenced(inst, 'iam_instance_profile', ['instance-profile']);
    if (refs.length === 1) profile = refs[0]!.name;
  }
  if (!profile) return;
  const p = ctx.instanceProfiles.get(profile);
  if (!p) {
    ctx.finding({
      code: 'tf/unresolved-reference',
      severity: 'info',
      message: `${inst.address}: instance profile "${profile}" is not in the inputs`,
      source: inst.attrSource('iam_instance_profile'),
    });
    return;
  }
  p.usedBy.push({ kind: 'ec2-instance', name: inst.address, source: inst.source });
}
