// IAM resource handlers: AWS::IAM::User, Group, Role (trust policy, inline policies, managed
// policy ARNs, permissions boundary, tags, path), ManagedPolicy (and its Users/Groups/Roles),
// Policy, RolePolicy, UserPolicy, GroupPolicy, UserToGroupAddition and InstanceProfile.
// Property semantics follow the AWS::IAM::* pages of the CloudFormation Template Reference.

import { iamArn } from '../../../model/arns.js';
import { addServiceLinkedRole } from '../../../model/service-linked-role.js';
import type { Source } from '../../../model/source.js';
import type { InlinePolicy, PolicyAttachment } from '../../../model/types.js';
import { Unknown } from '../../../model/unknown.js';
import { alternatives, bothPresent, listAlternatives } from '../branches.js';
import { documentAt } from '../policies.js';
import { isRecord, NO_VALUE, scalarString, type Value } from '../values.js';
import type { CfnResourceScope, ResourceHandler } from './scope.js';

type PrincipalKind = 'user' | 'group' | 'role';

/** Finds a principal by ARN, or by name in the stack's account (`ModelBuilder.findPrincipal`). */
export function findPrincipal(
  scope: CfnResourceScope,
  kind: PrincipalKind,
  nameOrArn: string,
): string | undefined {
  return scope.builder.findPrincipal(kind, nameOrArn, scope.account);
}

/**
 * Where a policy named by a list property (`Roles`, `Users`, `Groups`, `RoleName`...) goes: a
 * principal of the model (a principal defined outside the inputs is added as imported, see
 * `ModelBuilder.addImportedPrincipal`), or an unknown principal (a parameter without a value, an
 * import). `presence`: the target is named in one branch of an undecided `Fn::If`.
 */
type Target = { id: string; presence?: Unknown } | { unknown: Unknown; presence?: Unknown };

function targetsOf(scope: CfnResourceScope, property: string, kind: PrincipalKind, what: string): Target[] {
  const value = scope.prop(property);
  if (value === undefined || value === null) return [];
  const out: Target[] = [];
  for (const item of listAlternatives(value)) {
    const name = scalarString(item.value);
    if (name instanceof Unknown) {
      out.push({ unknown: name, presence: item.presence });
      continue;
    }
    if (typeof name !== 'string') continue;
    const id = findPrincipal(scope, kind, name) ?? importedPrincipal(scope, kind, name, property, what);
    out.push({ id, presence: item.presence });
  }
  return out;
}

/** A principal the inputs name but do not define (`Role.fromRoleName` + a grant). */
function importedPrincipal(
  scope: CfnResourceScope,
  kind: PrincipalKind,
  name: string,
  property: string,
  what: string,
): string {
  const reason = `${what} names ${kind} "${name}" in ${property}, which is not defined in the inputs`;
  const source = scope.sourceOf(property);
  // a name alone: its path is the one an ARN of the inputs writes, else unknown (model/named-principals.ts)
  if (!name.startsWith('arn:'))
    return scope.builder.addPrincipalNamed({ kind, account: scope.account, name, reason, source });
  return scope.builder.addImportedPrincipal({ kind, arn: name, reason, source });
}

/** Attaches an inline policy (or a managed policy) to each target. */
function attachToTargets(
  scope: CfnResourceScope,
  kind: PrincipalKind,
  targets: Target[],
  policy: { inline: InlinePolicy } | { managed: PolicyAttachment },
): void {
  for (const t of targets) {
    if ('id' in t) {
      if ('inline' in policy) {
        const p = policy.inline;
        scope.builder.addInlinePolicy(t.id, { ...p, presence: bothPresent(p.presence, t.presence) });
      } else {
        const a = policy.managed;
        scope.builder.attachManagedPolicy(t.id, { ...a, presence: bothPresent(a.presence, t.presence) });
      }
      continue;
    }
    scope.builder.attachToUnknownPrincipal({
      kind,
      account: scope.account,
      policy,
      reason: t.presence
        ? new Unknown(`${t.unknown.reason}; ${t.presence.reason}`, t.unknown.source)
        : t.unknown,
      hint: scope.logicalId,
      source: scope.source,
    });
  }
}

/** Inline `Policies: [{PolicyName, PolicyDocument}]` of a user, group or role. */
function inlinePolicies(scope: CfnResourceScope, principalId: string): void {
  const list = scope.prop('Policies');
  if (list === undefined) return;
  // Follow the template list when there is one, so each entry keeps its own pointer even when
  // an earlier entry is removed by AWS::NoValue.
  const raw = scope.resource.properties.Policies;
  const entries: { entry: Value; index: number; presence: Unknown | undefined }[] = Array.isArray(raw)
    ? raw.flatMap((node, index) => {
        const entry = scope.ctx.valueAt(scope.pointer('Policies', index), node);
        if (entry === undefined) return [];
        return alternatives(entry).flatMap((a) =>
          a.value === NO_VALUE ? [] : [{ entry: a.value, index, presence: a.presence }],
        );
      })
    : listAlternatives(list).map((a) => ({ entry: a.value, index: a.index, presence: a.presence }));
  for (const { entry, index, presence } of entries) {
    const pointer = scope.pointer('Policies', index);
    if (entry instanceof Unknown) {
      // Unknown policies stay, as documents nobody can read: what they grant or deny is unknown.
      scope.finding(
        'cfn/unresolved-policy',
        'warning',
        `inline policy ${index} of ${scope.logicalId} is unknown (${entry.reason}); what it grants or denies is indeterminate`,
        'Policies',
        index,
      );
      scope.builder.addInlinePolicy(principalId, {
        name: `${scope.logicalId}-policy-${index}`,
        document: documentAt(scope.ctx, entry, pointer, 'identity', scope.logicalId),
        source: scope.sourceOf('Policies', index),
        ...(presence ? { presence } : {}),
      });
      continue;
    }
    if (!isRecord(entry)) continue;
    const name = scalarString(entry.PolicyName as Value);
    const docValue = entry.PolicyDocument as Value | undefined;
    if (docValue === undefined) {
      scope.finding(
        'cfn/invalid-resource',
        'error',
        `inline policy ${index} of ${scope.logicalId} has no PolicyDocument`,
        'Policies',
        index,
      );
      continue;
    }
    const document = documentAt(
      scope.ctx,
      docValue,
      scope.pointer('Policies', index, 'PolicyDocument'),
      'identity',
      scope.logicalId,
    );
    scope.builder.addInlinePolicy(principalId, {
      name: typeof name === 'string' ? name : `${scope.logicalId}-policy-${index}`,
      document,
      source: scope.sourceOf('Policies', index),
      ...(presence ? { presence } : {}),
    });
  }
}

function managedPolicyArns(scope: CfnResourceScope, principalId: string): void {
  const list = scope.prop('ManagedPolicyArns');
  if (list === undefined || list === null) return;
  for (const item of listAlternatives(list)) {
    const arn = scalarString(item.value);
    if (arn === undefined) continue;
    scope.builder.attachManagedPolicy(principalId, {
      policyArn: arn,
      source: scope.sourceOf('ManagedPolicyArns', ...(Array.isArray(list) ? [item.index] : [])),
      ...(item.presence ? { presence: item.presence } : {}),
    });
  }
}

function permissionsBoundary(scope: CfnResourceScope, principalId: string): void {
  const value = scope.prop('PermissionsBoundary');
  if (value === undefined) return;
  const alts = alternatives(value).filter((a) => a.value !== NO_VALUE);
  // One branch sets a boundary, the other none: a boundary that might not exist. Two different
  // boundaries: an unknown one.
  const only = alts.length === 1 ? alts[0]! : undefined;
  const arn = scalarString(only ? only.value : (value as Value));
  if (arn === undefined) return;
  scope.builder.setPermissionsBoundary(principalId, {
    policyArn: arn,
    source: scope.sourceOf('PermissionsBoundary'),
    ...(only?.presence ? { presence: only.presence } : {}),
  });
}

const user: ResourceHandler = {
  create(scope) {
    const id = scope.iamIdentity('UserName');
    const arn = scope.builder.addUser({
      name: id.name!,
      account: scope.account,
      path: id.path,
      tags: scope.tags(),
      source: scope.source,
      arn: id.arn,
    });
    scope.setModelId(arn);
  },
  attach(scope) {
    const id = scope.modelId();
    if (!id) return;
    inlinePolicies(scope, id);
    managedPolicyArns(scope, id);
    permissionsBoundary(scope, id);
    const groups = scope.prop('Groups');
    if (groups !== undefined && groups !== null) {
      for (const g of listAlternatives(groups)) {
        const source = Array.isArray(groups) ? scope.sourceOf('Groups', g.index) : scope.sourceOf('Groups');
        addMembership(scope, id, g.value, source, g.presence);
      }
    }
  },
};

function addMembership(
  scope: CfnResourceScope,
  userId: string,
  group: Value,
  source: Source,
  presence?: Unknown,
): void {
  const name = scalarString(group);
  if (name instanceof Unknown) {
    scope.builder.addUserToGroup(userId, name, source);
    return;
  }
  if (typeof name !== 'string') return;
  const groupId = findPrincipal(scope, 'group', name);
  if (groupId) scope.builder.addUserToGroup(userId, groupId, source, presence);
  else {
    scope.ctx.session.addFinding(
      'cfn/unresolved-target',
      'warning',
      `a user is added to group "${name}", which is not defined in the inputs; its policies are unknown`,
      source,
    );
    scope.builder.addUserToGroup(
      userId,
      new Unknown(`group "${name}" is not defined in the inputs; its policies are unknown`, source),
      source,
    );
  }
}

const group: ResourceHandler = {
  create(scope) {
    const id = scope.iamIdentity('GroupName');
    const arn = scope.builder.addGroup({
      name: id.name!,
      account: scope.account,
      path: id.path,
      source: scope.source,
      arn: id.arn,
    });
    scope.setModelId(arn);
  },
  attach(scope) {
    const id = scope.modelId();
    if (!id) return;
    inlinePolicies(scope, id);
    managedPolicyArns(scope, id);
  },
};

const role: ResourceHandler = {
  create(scope) {
    const id = scope.iamIdentity('RoleName');
    const trustPolicy = scope.policy(['AssumeRolePolicyDocument'], 'trust');
    if (!trustPolicy)
      scope.finding(
        'cfn/invalid-resource',
        'error',
        `role ${scope.logicalId} has no AssumeRolePolicyDocument`,
      );
    const arn = scope.builder.addRole({
      name: id.name!,
      account: scope.account,
      path: id.path,
      tags: scope.tags(),
      source: scope.source,
      arn: id.arn,
      trustPolicy,
    });
    scope.setModelId(arn);
  },
  attach(scope) {
    const id = scope.modelId();
    if (!id) return;
    inlinePolicies(scope, id);
    managedPolicyArns(scope, id);
    permissionsBoundary(scope, id);
  },
};

const managedPolicy: ResourceHandler = {
  create(scope) {
    const id = scope.iamIdentity('ManagedPolicyName');
    const document = scope.policy(['PolicyDocument'], 'identity');
    if (!document) {
      scope.finding(
        'cfn/invalid-resource',
        'error',
        `managed policy ${scope.logicalId} has no PolicyDocument`,
      );
      return;
    }
    const arn = scope.builder.addManagedPolicy({
      name: id.name!,
      account: scope.account,
      path: id.path,
      document,
      // AWS::IAM::ManagedPolicy has no Tags property: only what CloudFormation may add from the
      // stack (stack-tags.ts), never taken as no tags.
      tags: scope.tags(),
      source: scope.source,
      arn: id.arn,
    });
    scope.setModelId(arn);
  },
  attach(scope) {
    const arn = scope.modelId();
    if (!arn) return;
    const what = `managed policy ${scope.logicalId}`;
    for (const [prop, kind] of [
      ['Users', 'user'],
      ['Groups', 'group'],
      ['Roles', 'role'],
    ] as const) {
      attachToTargets(scope, kind, targetsOf(scope, prop, kind, what), {
        managed: { policyArn: arn, source: scope.sourceOf(prop) },
      });
    }
  },
};

/** AWS::IAM::Policy: one inline policy embedded in each listed user, group and role. */
const policy: ResourceHandler = {
  attach(scope) {
    const document = scope.policy(['PolicyDocument'], 'identity');
    if (!document) {
      scope.finding('cfn/invalid-resource', 'error', `policy ${scope.logicalId} has no PolicyDocument`);
      return;
    }
    const name = scope.str('PolicyName');
    const policyName = typeof name === 'string' ? name : scope.logicalId;
    const what = `policy ${scope.logicalId}`;
    let targets = 0;
    for (const [prop, kind] of [
      ['Users', 'user'],
      ['Groups', 'group'],
      ['Roles', 'role'],
    ] as const) {
      const list = targetsOf(scope, prop, kind, what);
      attachToTargets(scope, kind, list, { inline: { name: policyName, document, source: scope.source } });
      targets += list.length;
    }
    if (targets === 0 && !scope.has('Users') && !scope.has('Groups') && !scope.has('Roles')) {
      scope.finding('cfn/unattached-policy', 'info', `${what} is attached to no user, group or role`);
    }
  },
};

function singlePrincipalPolicy(kind: PrincipalKind, nameProp: string): ResourceHandler {
  return {
    attach(scope) {
      const document = scope.policy(['PolicyDocument'], 'identity');
      if (!document) {
        scope.finding(
          'cfn/invalid-resource',
          'error',
          `${scope.resource.type} ${scope.logicalId} has no PolicyDocument`,
        );
        return;
      }
      const name = scope.str('PolicyName');
      const what = `${scope.resource.type} ${scope.logicalId}`;
      attachToTargets(scope, kind, targetsOf(scope, nameProp, kind, what), {
        inline: { name: typeof name === 'string' ? name : scope.logicalId, document, source: scope.source },
      });
    },
  };
}

/**
 * AWS::IAM::UserToGroupAddition. Users the inputs do not define are imported; users that are
 * unknown (a parameter without a value) may be any user: the group's policies reach every user
 * of the account and a stand-in for one outside the inputs, maybe-present (after every policy
 * is attached to the group, in the `late` phase).
 */
const userToGroupAddition: ResourceHandler = {
  attach(scope) {
    const what = `UserToGroupAddition ${scope.logicalId}`;
    const groups = listAlternatives(scope.prop('GroupName') ?? null);
    for (const u of targetsOf(scope, 'Users', 'user', what)) {
      if (!('id' in u)) continue;
      for (const g of groups)
        addMembership(scope, u.id, g.value, scope.sourceOf('GroupName'), bothPresent(u.presence, g.presence));
    }
  },
  late(scope) {
    const what = `UserToGroupAddition ${scope.logicalId}`;
    const unknownUsers = targetsOf(scope, 'Users', 'user', what).filter((t) => !('id' in t));
    if (!unknownUsers.length) return;
    const reason = (unknownUsers[0] as { unknown: Unknown }).unknown;
    for (const g of listAlternatives(scope.prop('GroupName') ?? null)) {
      const name = scalarString(g.value);
      const groupId = typeof name === 'string' ? findPrincipal(scope, 'group', name) : undefined;
      if (groupId && scope.builder.getGroup(groupId)) {
        scope.builder.groupPoliciesToUnknownUsers({
          group: groupId,
          reason,
          hint: scope.logicalId,
          source: scope.sourceOf('Users'),
          presence: g.presence,
        });
        continue;
      }
      scope.builder.attachToUnknownPrincipal({
        kind: 'user',
        account: scope.account,
        policy: {
          managed: {
            policyArn: new Unknown(
              `the policies of group ${typeof name === 'string' ? `"${name}", which is not defined in the inputs` : `(unknown: ${(name as Unknown | undefined)?.reason ?? 'no GroupName'})`}`,
              scope.sourceOf('GroupName'),
            ),
            source: scope.sourceOf('GroupName'),
          },
        },
        reason,
        hint: scope.logicalId,
        source: scope.sourceOf('Users'),
      });
    }
  },
};

/** AWS::IAM::InstanceProfile: the profile is recorded on its role, with the instances that use it. */
const instanceProfile: ResourceHandler = {
  attach(scope) {
    const id = scope.ctx.identity(scope.logicalId);
    scope.reportUnresolvedPath(id.pathUnresolved, id.path!);
    const usedBy = [
      ...(scope.registry.profileUsage.get(`${scope.account}:${id.name}`) ?? []),
      ...(scope.registry.profileUsage.get(`${scope.account}:${id.arn}`) ?? []),
    ];
    for (const item of listAlternatives(scope.prop('Roles') ?? null)) {
      const name = scalarString(item.value);
      const roleId = typeof name === 'string' ? findPrincipal(scope, 'role', name) : undefined;
      if (roleId) {
        scope.builder.addInstanceProfile(roleId, {
          name: id.name!,
          arn: id.arn!,
          source: scope.source,
          usedBy,
        });
      } else if (typeof name === 'string') {
        // A role the inputs do not define: commands on the profile's instances run as it.
        scope.builder.addOutsideInstanceProfile(
          name.startsWith('arn:') ? name : iamArn(scope.ctx.partition, scope.account, 'role', name, '/'),
          { name: id.name!, arn: id.arn!, source: scope.source, usedBy },
        );
        scope.finding(
          'cfn/unresolved-target',
          'warning',
          `instance profile ${scope.logicalId}: role "${name}" is not a role of the inputs; its instances run as a role whose permissions are unknown`,
          'Roles',
        );
      } else if (name !== undefined) {
        scope.finding(
          'cfn/unresolved-target',
          'warning',
          `instance profile ${scope.logicalId}: role ${name instanceof Unknown ? `(unknown: ${name.reason})` : `"${name}"`} is not a role of the inputs; the instances using the profile are not linked to it`,
          'Roles',
        );
      }
    }
  },
};

/**
 * AWS::IAM::ServiceLinkedRole: a role whose name, trust and permissions the linked service
 * defines (model/service-linked-role.ts); AWSServiceName is the service principal.
 */
const serviceLinkedRole: ResourceHandler = {
  create(scope) {
    const service = scope.str('AWSServiceName');
    const customSuffix = scope.str('CustomSuffix');
    const id = addServiceLinkedRole(scope.builder, {
      account: scope.account,
      service:
        service ??
        new Unknown(`AWSServiceName of ${scope.logicalId} is missing`, scope.sourceOf('AWSServiceName')),
      ...(customSuffix !== undefined ? { customSuffix } : {}),
      hint: scope.logicalId,
      source: scope.source,
    });
    scope.setModelId(id);
  },
};

export const IAM_HANDLERS: Record<string, ResourceHandler> = {
  'AWS::IAM::ServiceLinkedRole': serviceLinkedRole,
  'AWS::IAM::User': user,
  'AWS::IAM::Group': group,
  'AWS::IAM::Role': role,
  'AWS::IAM::ManagedPolicy': managedPolicy,
  'AWS::IAM::Policy': policy,
  'AWS::IAM::RolePolicy': singlePrincipalPolicy('role', 'RoleName'),
  'AWS::IAM::UserPolicy': singlePrincipalPolicy('user', 'UserName'),
  'AWS::IAM::GroupPolicy': singlePrincipalPolicy('group', 'GroupName'),
  'AWS::IAM::UserToGroupAddition': userToGroupAddition,
  'AWS::IAM::InstanceProfile': instanceProfile,
};
