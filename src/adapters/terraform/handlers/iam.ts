// IAM resource handlers (Terraform AWS provider resources aws_iam_*): users, groups, roles
// (trust policy, inline_policy blocks, managed_policy_arns, permissions_boundary, tags, path),
// managed policies, inline policies of users/groups/roles, policy attachments, group
// memberships and instance profiles. An unknown inline_policy, managed_policy_arns or
// permissions_boundary is read as handlers/planned-unknown.ts says (the provider's computed value
// of a created role holds nothing of its own; a plan without configuration keeps it unknown,
// maybe-present).
// Nothing is dropped: an instance that might not exist makes what it creates maybe-present; a
// policy on a principal the inputs do not create goes to an imported principal, one on a
// principal that is not known to an unknown target (ModelBuilder.attachToUnknownPrincipal).

import { NEW_UNIQUE_ID } from '../../../model/unique-ids.js';
import { isStandInAccount, unknownNamePart } from '../../../model/stand-ins.js';
import { regionOf } from './instance-region.js';
import { iamArn, parseArn } from '../../../model/arns.js';
import type { Source } from '../../../model/source.js';
import type {
  InlinePolicy,
  InstanceProfileUse,
  LaunchTemplateUse,
  PolicyAttachment,
} from '../../../model/types.js';
import { LAUNCH_CONFIGURATION_USE, launchTemplateUse } from '../../../aws/launch-template-versions.js';
import { ec2InstanceArn } from '../../../aws/plain-resources.js';
import { autoScalingGroupsOf } from './autoscaling.js';
import { unknownResourceName } from '../eval/computed.js';
import { addServiceLinkedRole } from '../../../model/service-linked-role.js';
import { isUnknown, Unknown } from '../../../model/unknown.js';
import { Alternatives, andPresence, MaybeElement, optionsOf } from '../eval/branches.js';
import { asList, isObject } from '../eval/values.js';
import { makesNewObject, type TfInstance } from '../instances.js';
import { type TfLoadState, str } from './context.js';
import { plannedAttribute } from './planned-unknown.js';

function known(v: unknown): v is string {
  return typeof v === 'string' && v !== '';
}

/**
 * What a plan says of a user's or role's IAM unique id (src/model/unique-ids.ts): a create or
 * replace makes the principal anew (a new id); a plan of one that exists gives its `unique_id`.
 */
function uniqueIdOf(inst: TfInstance): { uniqueId?: string } {
  if (makesNewObject(inst.action)) return { uniqueId: NEW_UNIQUE_ID };
  const id = inst.values.unique_id;
  return inst.action !== 'config' && known(id) ? { uniqueId: id } : {};
}

function arnOf(inst: TfInstance): string | undefined {
  const a = inst.values.arn;
  return known(a) ? a : undefined;
}

/** The account of an element: the one its known ARN states, else the environment's. */
function accountOf(ctx: TfLoadState, inst: TfInstance): string {
  const a = arnOf(inst) ? parseArn(arnOf(inst)!)?.account : undefined;
  return a && /^\d{12}$/.test(a) ? a : ctx.env.account;
}

export function handleUser(ctx: TfLoadState, inst: TfInstance): void {
  const v = inst.values;
  const name = ctx.nameOf(inst, 'user');
  const id = ctx.builder.addUser({
    name,
    account: accountOf(ctx, inst),
    path: ctx.pathOf(inst, 'user'),
    tags: ctx.tags(v),
    source: inst.source,
    ...(arnOf(inst) && str(v, 'name') ? { arn: arnOf(inst)! } : {}),
    ...(inst.presence ? { presence: inst.presence } : {}),
    ...uniqueIdOf(inst),
  });
  ctx.record(inst, { kind: 'user', id, name });
}

/**
 * aws_iam_service_linked_role: a role whose name, trust and permissions the linked service
 * defines (model/service-linked-role.ts); a plan that knows the name and ARN gives them.
 */
export function handleServiceLinkedRole(ctx: TfLoadState, inst: TfInstance): void {
  const v = inst.values;
  const service = v.aws_service_name;
  const suffix = v.custom_suffix;
  const name = str(v, 'name');
  const arn = arnOf(inst);
  const id = addServiceLinkedRole(ctx.builder, {
    account: accountOf(ctx, inst),
    service:
      typeof service === 'string' || isUnknown(service)
        ? service
        : new Unknown(`aws_service_name of ${inst.address} is not set`, inst.source),
    ...(typeof suffix === 'string' || isUnknown(suffix) ? { customSuffix: suffix } : {}),
    hint: inst.address,
    ...(name && arn ? { name, arn } : {}),
    ...(inst.presence ? { presence: inst.presence } : {}),
    source: inst.source,
  });
  const roleName = ctx.builder.getRole(id)?.name ?? name ?? id;
  ctx.record(inst, { kind: 'role', id, name: roleName });
}

export function handleGroup(ctx: TfLoadState, inst: TfInstance): void {
  const v = inst.values;
  const name = ctx.nameOf(inst, 'group');
  const id = ctx.builder.addGroup({
    name,
    account: accountOf(ctx, inst),
    path: ctx.pathOf(inst, 'group'),
    source: inst.source,
    ...(arnOf(inst) && str(v, 'name') ? { arn: arnOf(inst)! } : {}),
    ...(inst.presence ? { presence: inst.presence } : {}),
  });
  ctx.record(inst, { kind: 'group', id, name });
}

/**
 * A user's or role's `permissions_boundary`, in the links pass: an ARN known only after apply
 * names the policy its configuration refers to (`TfLoadState.policyArns`), which must be modelled
 * by then whatever the order of the inputs (a plan lists `aws_iam_role.r` before
 * `module.p.aws_iam_policy.b`; a configuration in file order).
 */
export function handleBoundary(ctx: TfLoadState, inst: TfInstance): void {
  const ref = ctx.byAddress.get(inst.address);
  if (ref?.kind !== 'user' && ref?.kind !== 'role') return;
  boundary(ctx, inst, ref.id);
}

/**
 * aws_iam_role's links: its permissions boundary, and its managed_policy_arns, read once every
 * managed policy of the inputs is an element (an ARN known only after apply names one through the
 * configuration's references: `referencedElements`).
 */
export function handleRoleLinks(ctx: TfLoadState, inst: TfInstance): void {
  const ref = ctx.byAddress.get(inst.address);
  if (ref?.kind !== 'role') return;
  boundary(ctx, inst, ref.id);
  roleManagedPolicies(ctx, inst, ref.id);
}

function boundary(ctx: TfLoadState, inst: TfInstance, id: string): void {
  const pb = inst.values.permissions_boundary;
  const planned =
    isUnknown(pb) && !(pb instanceof Alternatives)
      ? plannedAttribute(ctx, inst, 'permissions_boundary')
      : undefined;
  if (planned && !isUnknown(planned.value)) {
    // an update that leaves it to the provider: the boundary it has now
    if (known(planned.value))
      ctx.builder.setPermissionsBoundary(id, {
        policyArn: planned.value,
        source: inst.attrSource('permissions_boundary'),
        ...(inst.presence ? { presence: inst.presence } : {}),
      });
    return;
  }
  if (known(pb) || pb instanceof Alternatives || planned) {
    const arns = ctx.policyArns(inst, 'permissions_boundary');
    // one boundary: when it is one of several, which one is unknown
    const one = arns.length === 1 ? arns[0]! : undefined;
    const arn = one ? one.arn : isUnknown(pb) ? pb : undefined;
    if (arn === undefined) return;
    const presence = andPresence(andPresence(inst.presence, one?.presence), planned?.presence);
    ctx.builder.setPermissionsBoundary(id, {
      policyArn: arns.length > 1 && isUnknown(pb) ? pb : arn,
      source: inst.attrSource('permissions_boundary'),
      ...(presence ? { presence } : {}),
    });
  }
}

export function handleRole(ctx: TfLoadState, inst: TfInstance): void {
  const v = inst.values;
  const name = ctx.nameOf(inst, 'role');
  const trustSource = inst.attrSource('assume_role_policy');
  const trustPolicy = ctx.policy(v.assume_role_policy, 'trust', trustSource);
  const id = ctx.builder.addRole({
    name,
    account: accountOf(ctx, inst),
    path: ctx.pathOf(inst, 'role'),
    tags: ctx.tags(v),
    source: inst.source,
    ...(trustPolicy ? { trustPolicy } : {}),
    ...(arnOf(inst) && str(v, 'name') ? { arn: arnOf(inst)! } : {}),
    ...(inst.presence ? { presence: inst.presence } : {}),
    ...uniqueIdOf(inst),
  });
  ctx.record(inst, { kind: 'role', id, name });
  // an attribute `ignore_changes` lists is never updated, so it removes no other resource's policy
  const manages = (attr: string) => inst.configured(attr) === true && !inst.ignoresChanges?.(attr);
  const exclusive = {
    ...(manages('managed_policy_arns') ? { managed: inst.address } : {}),
    ...(manages('inline_policy') ? { inline: inst.address } : {}),
  };
  if (exclusive.managed || exclusive.inline) ctx.exclusiveRolePolicies.set(id, exclusive);
  roleInlinePolicies(ctx, inst, id);
}

/** inline_policy blocks (an empty block means "no inline policies"); maybe-present blocks kept. */
function roleInlinePolicies(ctx: TfLoadState, inst: TfInstance, id: string): void {
  const inline = inst.values.inline_policy;
  const source = inst.attrSource('inline_policy');
  const add = (block: unknown, i: number, presence: Unknown | undefined): void => {
    if (block instanceof MaybeElement) {
      add(block.value, i, andPresence(presence, block.presence));
      return;
    }
    if (block instanceof Alternatives) {
      for (const o of optionsOf(block)) add(o, i, andPresence(presence, block.cause));
      return;
    }
    const at: Source = { ...source, pointer: `${source.pointer ?? ''}/${i}/policy` };
    if (isUnknown(block)) {
      const doc = ctx.policy(block, 'identity', at);
      if (doc)
        ctx.builder.addInlinePolicy(
          id,
          withPresence({ name: `inline_policy[${i}]`, document: doc, source: at }, presence),
        );
      return;
    }
    if (!isObject(block)) return;
    const policy = block.policy;
    if (policy === null || policy === undefined || policy === '') return;
    if (isUnknown(policy) && inst.configured('inline_policy') === false) return;
    const doc = ctx.policy(policy, 'identity', at);
    const pname = typeof block.name === 'string' ? block.name : `inline_policy[${i}]`;
    if (!doc) return;
    const inline: InlinePolicy = { name: pname, document: doc, source: at };
    const removed = ctx.exclusivePolicySets?.removedBy(inst, 'role', id, { inline });
    ctx.builder.addInlinePolicy(id, withPresence(inline, andPresence(presence, removed)));
  };
  if (isUnknown(inline) && !(inline instanceof Alternatives)) {
    const planned = plannedAttribute(ctx, inst, 'inline_policy');
    if (planned && isUnknown(planned.value)) add(planned.value, 0, planned.presence);
    else if (planned) readInlineBlocks(planned.value, undefined, add);
    return;
  }
  readInlineBlocks(inline, inline instanceof Alternatives ? inline.cause : undefined, add);
}

function readInlineBlocks(
  inline: unknown,
  cause: Unknown | undefined,
  add: (block: unknown, i: number, presence: Unknown | undefined) => void,
): void {
  const options = optionsOf(inline);
  for (const option of options) {
    asList(option).forEach((block, i) => {
      add(block, i, cause);
    });
  }
}

function withPresence<T extends InlinePolicy | PolicyAttachment>(p: T, presence: Unknown | undefined): T {
  return presence ? { ...p, presence: andPresence(p.presence, presence) } : p;
}

/** managed_policy_arns: every ARN of every option (maybe-present when not in all of them). */
function roleManagedPolicies(ctx: TfLoadState, inst: TfInstance, id: string): void {
  const managed = inst.values.managed_policy_arns;
  const source = inst.attrSource('managed_policy_arns');
  if (isUnknown(managed) && !(managed instanceof Alternatives)) {
    const planned = plannedAttribute(ctx, inst, 'managed_policy_arns');
    if (planned && isUnknown(planned.value))
      ctx.builder.attachManagedPolicy(
        id,
        withPresence({ policyArn: planned.value, source }, andPresence(inst.presence, planned.presence)),
      );
    else if (planned) managedArns(ctx, inst, id, planned.value);
    return;
  }
  managedArns(ctx, inst, id, managed);
}

function managedArns(ctx: TfLoadState, inst: TfInstance, id: string, managed: unknown): void {
  const source = inst.attrSource('managed_policy_arns');
  const options = optionsOf(managed).map((o) => referencedElements(ctx, inst, asList(o)));
  const cause = managed instanceof Alternatives ? managed.cause : undefined;
  const seen: unknown[] = [];
  for (const list of options) {
    for (const arn of list) {
      if (!(known(arn) || isUnknown(arn)) || seen.includes(arn)) continue;
      seen.push(arn);
      const inAll = options.every((l) => l.includes(arn));
      const attachment: PolicyAttachment = { policyArn: arn as PolicyAttachment['policyArn'], source };
      const removed = ctx.exclusivePolicySets?.removedBy(inst, 'role', id, { managed: attachment });
      const presence = andPresence(andPresence(inst.presence, inAll ? undefined : cause), removed);
      ctx.builder.attachManagedPolicy(id, withPresence(attachment, presence));
    }
  }
}

/**
 * A list of policy ARNs whose elements known only after apply (`[aws_iam_policy.app.arn]` in a
 * plan creating the policy) are the policies its expression refers to, when every reference is a
 * managed policy of the inputs and there are as many of them (not among the known elements) as
 * unknown elements (the rule of undecided branches, context.ts `branchTargets`); otherwise as it is.
 */
function referencedElements(ctx: TfLoadState, inst: TfInstance, list: unknown[]): unknown[] {
  const unknowns = list.filter(isUnknown).length;
  if (!unknowns) return list;
  const addresses = inst.references('managed_policy_arns');
  if (!addresses.every((a) => ctx.byAddress.get(a)?.kind === 'policy')) return list;
  const rest = ctx.referenced(inst, 'managed_policy_arns', ['policy']).filter((r) => !list.includes(r.id));
  if (rest.length !== unknowns) return list;
  return [...list.filter((x) => !isUnknown(x)), ...rest.map((r) => r.id)];
}

export function handlePolicy(ctx: TfLoadState, inst: TfInstance): void {
  const v = inst.values;
  const name = ctx.nameOf(inst, 'policy');
  const document = ctx.requiredPolicy(inst, 'policy', 'identity');
  const id = ctx.builder.addManagedPolicy({
    name,
    account: accountOf(ctx, inst),
    path: ctx.pathOf(inst, 'policy'),
    document,
    tags: ctx.tags(v),
    source: inst.source,
    ...(arnOf(inst) && str(v, 'name') ? { arn: arnOf(inst)! } : {}),
    ...(inst.presence ? { presence: inst.presence } : {}),
  });
  ctx.record(inst, { kind: 'policy', id, name });
}

/** aws_iam_role_policy / aws_iam_user_policy / aws_iam_group_policy. */
export function handleInlinePolicy(
  ctx: TfLoadState,
  inst: TfInstance,
  kind: 'role' | 'user' | 'group',
): void {
  const source = inst.attrSource('policy');
  const doc = ctx.requiredPolicy(inst, 'policy', 'identity');
  const name = str(inst.values, 'name') ?? inst.address;
  ctx.attachInline(inst, kind, kind, { name, document: doc, source });
}

/** aws_iam_role_policy_attachment / aws_iam_user_policy_attachment / aws_iam_group_policy_attachment. */
export function handleAttachment(ctx: TfLoadState, inst: TfInstance, kind: 'role' | 'user' | 'group'): void {
  const arns = ctx.policyArns(inst, 'policy_arn');
  if (!arns.length) return;
  const t = ctx.targets(inst, kind, kind);
  if (!t) return;
  for (const a of arns) {
    ctx.attachTo(inst, kind, kind, t, {
      managed: { policyArn: a.arn, source: inst.source, ...(a.presence ? { presence: a.presence } : {}) },
    });
  }
}

/** aws_iam_policy_attachment: one policy to lists of users, roles and groups. */
export function handlePolicyAttachment(ctx: TfLoadState, inst: TfInstance): void {
  const arns = ctx.policyArns(inst, 'policy_arn');
  for (const [attr, kind] of [
    ['users', 'user'],
    ['roles', 'role'],
    ['groups', 'group'],
  ] as const) {
    const t = ctx.targetsList(inst, attr, kind);
    for (const a of arns) {
      ctx.attachTo(inst, attr, kind, t, {
        managed: { policyArn: a.arn, source: inst.source, ...(a.presence ? { presence: a.presence } : {}) },
      });
    }
  }
}

/**
 * A membership whose users the inputs cannot pin down: the group's policies may reach any user
 * (attached to an unknown user in the late phase, `lateGroupMembership`); a finding says so.
 */
function unknownMembers(ctx: TfLoadState, inst: TfInstance, attr: string, why: Unknown): void {
  ctx.finding({
    code: 'tf/unresolved-reference',
    severity: 'warning',
    message: `${inst.address}: ${why.reason}; the group's policies may reach any user of the account, so what they grant or deny is indeterminate`,
    source: inst.attrSource(attr),
  });
}

/**
 * aws_iam_group_membership: the users of `users` join `group` (a user another
 * aws_iam_group_membership of the group does not list may be removed: exclusive-group-members.ts). Unknown users may be any user (the
 * late phase spreads the group's policies); an unknown group may be any group (each known user
 * joins an unknown group, as an unknown `groups` of aws_iam_user_group_membership does).
 */
export function handleGroupMembership(ctx: TfLoadState, inst: TfInstance): void {
  const groups = ctx.targets(inst, 'group', 'group');
  if (!groups) return;
  const users = ctx.targetsList(inst, 'users', 'user');
  if (users.unknown) unknownMembers(ctx, inst, 'users', users.unknown);
  if (groups.unknown) {
    for (const u of users.known)
      ctx.builder.addUserToGroup(u.id, groups.unknown, inst.source, andPresence(inst.presence, u.presence));
  }
  for (const g of groups.known) {
    for (const u of users.known) {
      const removed = ctx.exclusiveGroupMembers?.removedBy(inst, u.id, g.id);
      const presence = andPresence(andPresence(andPresence(inst.presence, g.presence), u.presence), removed);
      ctx.builder.addUserToGroup(u.id, g.id, inst.source, presence);
    }
  }
}

export function handleUserGroupMembership(ctx: TfLoadState, inst: TfInstance): void {
  const users = ctx.targets(inst, 'user', 'user');
  if (!users) return;
  const groups = ctx.targetsList(inst, 'groups', 'group');
  if (users.unknown) unknownMembers(ctx, inst, 'user', users.unknown);
  if (groups.unknown) {
    for (const u of users.known) ctx.builder.addUserToGroup(u.id, groups.unknown, inst.source);
  }
  for (const u of users.known) {
    for (const g of groups.known) {
      const removed = ctx.exclusiveGroupMembers?.removedBy(inst, u.id, g.id);
      const presence = andPresence(andPresence(andPresence(inst.presence, g.presence), u.presence), removed);
      ctx.builder.addUserToGroup(u.id, g.id, inst.source, presence);
    }
  }
}

/**
 * The late phase of aws_iam_group_membership and aws_iam_user_group_membership, once every policy
 * of every group is attached: users the inputs do not pin down may be any user of the account, so
 * each known group's policies are attached to an unknown user
 * (`ModelBuilder.groupPoliciesToUnknownUsers`, the rule CloudFormation's UserToGroupAddition uses).
 */
export function lateGroupMembership(ctx: TfLoadState, inst: TfInstance): void {
  const single = inst.type === 'aws_iam_user_group_membership';
  // Not set: the link phase said so (a second call would say it again).
  const set = (attr: string) => ![null, undefined, ''].includes(inst.values[attr] as null);
  if (!set(single ? 'user' : 'users') || !set(single ? 'groups' : 'group')) return;
  const users = single ? ctx.targets(inst, 'user', 'user') : ctx.targetsList(inst, 'users', 'user');
  if (!users?.unknown) return;
  const groups = single ? ctx.targetsList(inst, 'groups', 'group') : ctx.targets(inst, 'group', 'group');
  for (const g of groups?.known ?? [])
    ctx.builder.groupPoliciesToUnknownUsers({
      group: g.id,
      reason: users.unknown,
      hint: inst.address,
      source: inst.attrSource(single ? 'user' : 'users'),
      presence: andPresence(inst.presence, g.presence),
      // the link phase's one tf/unresolved-reference finding says it (`unknownMembers`)
      quiet: true,
    });
}

export function handleInstanceProfile(ctx: TfLoadState, inst: TfInstance): void {
  const v = inst.values;
  const name = ctx.nameOf(inst, 'instance profile');
  // An instance profile is its account's (IAM): by account and name (`profileKey`); the account
  // of its ARN where the plan knows it (the prior state's), whatever account the provider is
  // taken for, so a launch configuration naming that ARN finds it.
  const known = arnOf(inst);
  const id = profileKey((known && parseArn(known)?.account) || ctx.env.account, name);
  if (v.role === null || v.role === undefined) {
    ctx.record(inst, { kind: 'instance-profile', id, name });
    return;
  }
  const path = ctx.pathOf(inst, 'instance-profile');
  const roles = ctx.targets(inst, 'role', 'role');
  const role = roles?.known[0]?.id;
  if (!role) return;
  const arn = known ?? iamArn(ctx.env.partition, ctx.env.account, 'instance-profile', name, path);
  const usedBy: InstanceProfileUse[] = [];
  ctx.builder.addInstanceProfile(role, { name, arn, source: inst.source, usedBy });
  ctx.instanceProfiles.set(id, { roleId: role, usedBy });
  ctx.record(inst, { kind: 'instance-profile', id, name });
}

/**
 * `ACCOUNT:NAME`, how `TfLoadState.instanceProfiles` holds a profile: instance profiles are IAM
 * resources of one account (`arn:${Partition}:iam::${Account}:instance-profile/${Name}`), so a
 * name names the profile of the account of the instance naming it.
 */
function profileKey(account: string, name: string): string {
  return `${account}:${name}`;
}

/** aws_instance: records that the instance uses its instance profile (and so the role). */
export function handleEc2Instance(ctx: TfLoadState, inst: TfInstance): void {
  // Its id where a plan or state holds it, else EC2's at launch (an unknown name part).
  const known = str(inst.values, 'id');
  const id = known?.startsWith('i-') ? known : `i-${unknownNamePart(`${inst.address}-instance-id`)}`;
  const region = regionOf(ctx, inst.values);
  const profile = inst.values.iam_instance_profile;
  // An instance without a profile exists too: a profile may be associated with it later.
  if (profile === undefined || profile === null || profile === '')
    ctx.builder.notePlainResource({
      type: 'aws_instance',
      arn: ec2InstanceArn(id, { partition: ctx.env.partition, region, account: ctx.env.account }),
      source: inst.source,
      ...(inst.presence ? { presence: inst.presence } : {}),
    });
  recordProfileUse(ctx, inst, profile, 'ec2-instance', undefined, { id, region });
}

/**
 * aws_launch_configuration: records that the instances of the Auto Scaling groups launching it use
 * its instance profile (`iam_instance_profile`: "The name attribute of the IAM instance profile to
 * associate with launched instances"), as the CloudFormation adapter records
 * AWS::AutoScaling::LaunchConfiguration IamInstanceProfile (the escalation table's instance
 * methods read it).
 */
export function handleLaunchConfiguration(ctx: TfLoadState, inst: TfInstance): void {
  recordProfileUse(ctx, inst, inst.values.iam_instance_profile, LAUNCH_CONFIGURATION_USE);
}

/**
 * aws_launch_template: records that the template's instances use its instance profile
 * (`iam_instance_profile { name | arn }`: "The IAM Instance Profile to launch the instance with"),
 * as the CloudFormation adapter records LaunchTemplateData.IamInstanceProfile (the escalation
 * table's launch-template and instance methods read it).
 */
export function handleLaunchTemplate(ctx: TfLoadState, inst: TfInstance): void {
  const block = inst.values.iam_instance_profile;
  const first = Array.isArray(block) ? block[0] : block;
  // its id where a plan or state holds it, and the Auto Scaling groups launching from it
  const id = str(inst.values, 'id');
  const named = inst.values.name;
  const name =
    typeof named === 'string' && named ? named : unknownResourceName(inst.values, 'name', inst.address);
  const use = launchTemplateUse(id?.startsWith('lt-') ? id : undefined, name);
  use.groups.push(...autoScalingGroupsOf(ctx, inst));
  if (!first || typeof first !== 'object' || isUnknown(first)) {
    if (isUnknown(first)) recordProfileUse(ctx, inst, first, 'EC2 launch template', use);
    return;
  }
  const b = first as Record<string, unknown>;
  const v = typeof b.arn === 'string' && b.arn ? b.arn : (b.name ?? b.arn);
  recordProfileUse(ctx, inst, v, 'EC2 launch template', use);
}

function recordProfileUse(
  ctx: TfLoadState,
  inst: TfInstance,
  v: unknown,
  kind: string,
  launchTemplate?: LaunchTemplateUse,
  instance?: InstanceProfileUse['instance'],
): void {
  let profile: string | undefined;
  let key: string | undefined;
  let byName = false;
  if (typeof v === 'string' && v) {
    const arn = v.includes(':instance-profile/') ? parseArn(v) : undefined;
    profile = arn ? v.split('/').pop() : v;
    byName = !arn;
    if (profile) key = profileKey(arn?.account || ctx.env.account, profile);
  } else if (isUnknown(v)) {
    const refs = ctx.referenced(inst, 'iam_instance_profile', ['instance-profile']);
    if (refs.length === 1) ({ name: profile, id: key } = refs[0]!);
  }
  if (!profile || !key) return;
  const found = profilesNamed(ctx, key);
  // Several profiles of the name, of accounts the inputs do not tell apart: each link a maybe. One
  // found by name alone in another account's text (the use's account or the profile's a
  // stand-in): EC2 uses the profile of that name in the instance's own account, which may be
  // another one (whose profile of the name the inputs do not hold): a maybe too.
  const other = found.length === 1 && byName && !ctx.instanceProfiles.has(key);
  const maybe =
    found.length > 1
      ? {
          reason: `${inst.address} names instance profile "${profile}", which ${found.length} profiles of the inputs are named, in accounts the inputs do not tell apart: which one it uses is not known`,
          source: inst.attrSource('iam_instance_profile'),
        }
      : other
        ? {
            reason: `${inst.address} names instance profile "${profile}" by name, which is its own account's profile; the one profile of the name the inputs hold is of an account that may be another one (the inputs do not give one of the two accounts), so it may be another account's profile`,
            source: inst.attrSource('iam_instance_profile'),
          }
        : undefined;
  if (!found.length) {
    ctx.finding({
      code: 'tf/unresolved-reference',
      severity: 'info',
      message: `${inst.address}: instance profile "${profile}" is not in the inputs`,
      source: inst.attrSource('iam_instance_profile'),
    });
    return;
  }
  const use: InstanceProfileUse = {
    kind,
    name:
      kind === 'EC2 launch template' || kind === LAUNCH_CONFIGURATION_USE
        ? (str(inst.values, 'name') ?? inst.address)
        : inst.address,
    source: inst.source,
    ...(launchTemplate ? { launchTemplate } : {}),
    ...(instance ? { instance } : {}),
    ...(maybe ? { maybe } : {}),
  };
  for (const p of found) p.usedBy.push({ ...use });
}

/**
 * The profiles `key` (`ACCOUNT:NAME`) may name: that account's profile of the name; else, where
 * either account is a stand-in (an account whose id the inputs do not give), every profile of the
 * name whose account may be that one, so a use is never dropped for an account that may match
 * (more than one: each link `InstanceProfileUse.maybe`, `recordProfileUse`).
 */
function profilesNamed(ctx: TfLoadState, key: string): { roleId: string; usedBy: InstanceProfileUse[] }[] {
  const exact = ctx.instanceProfiles.get(key);
  if (exact) return [exact];
  const at = key.indexOf(':');
  const [account, name] = [key.slice(0, at), key.slice(at + 1)];
  const out: { roleId: string; usedBy: InstanceProfileUse[] }[] = [];
  for (const [k, p] of ctx.instanceProfiles) {
    const i = k.indexOf(':');
    if (k.slice(i + 1) !== name) continue;
    if (isStandInAccount(account) || isStandInAccount(k.slice(0, i))) out.push(p);
  }
  return out;
}
