// IAM resource handlers: AWS::IAM::User, Group, Role (trust policy, inline policies, managed
// policy ARNs, permissions boundary, tags, path), ManagedPolicy (and its Users/Groups/Roles),
// Policy, RolePolicy, UserPolicy, GroupPolicy, UserToGroupAddition and InstanceProfile.
// Property semantics follow the AWS::IAM::* pages of the CloudFormation Template Reference.

import { parseArn } from '../../../model/arns.js';
import type { Source } from '../../../model/source.js';
import { Unknown } from '../../../model/unknown.js';
import { documentAt } from '../policies.js';
import { isRecord, scalarString, type Value } from '../values.js';
import type { HandlerScope, ResourceHandler } from './scope.js';

type PrincipalKind = 'user' | 'group' | 'role';

/** Finds a principal by name or ARN in the stack's account. */
export function findPrincipal(
  scope: HandlerScope,
  kind: PrincipalKind,
  nameOrArn: string,
): string | undefined {
  if (nameOrArn.startsWith('arn:')) {
    const b = scope.builder;
    const byArn =
      kind === 'user'
        ? b.getUser(nameOrArn)
        : kind === 'group'
          ? b.getGroup(nameOrArn)
          : b.getRole(nameOrArn);
    if (byArn) return byArn.id;
    const parsed = parseArn(nameOrArn);
    const m = parsed ? /^(?:user|group|role)(?:\/.*)?\/([^/]+)$/.exec(parsed.resource) : null;
    if (parsed && m) return b.findByName(kind, parsed.account, m[1]!);
    return undefined;
  }
  return scope.builder.findByName(kind, scope.account, nameOrArn);
}

/** Resolves the principals named by a list property (`Roles`, `Users`, `Groups`), reporting misses. */
function principalsOf(scope: HandlerScope, property: string, kind: PrincipalKind, what: string): string[] {
  const list = scope.list(property);
  if (list === undefined) return [];
  if (list instanceof Unknown) {
    scope.finding(
      'cfn/unresolved-target',
      'warning',
      `${what}: ${property} is unknown (${list.reason}); not attached`,
      property,
    );
    return [];
  }
  const out: string[] = [];
  list.forEach((item, i) => {
    const name = scalarString(item);
    if (name instanceof Unknown) {
      scope.finding(
        'cfn/unresolved-target',
        'warning',
        `${what}: the ${kind} at ${property}[${i}] is unknown (${name.reason}); not attached`,
        property,
        i,
      );
      return;
    }
    if (typeof name !== 'string') return;
    const id = findPrincipal(scope, kind, name);
    if (id) out.push(id);
    else {
      scope.finding(
        'cfn/unresolved-target',
        'warning',
        `${what}: ${kind} "${name}" is not defined in the inputs; the policy is not modelled for it`,
        property,
        i,
      );
    }
  });
  return out;
}

/** Inline `Policies: [{PolicyName, PolicyDocument}]` of a user, group or role. */
function inlinePolicies(scope: HandlerScope, principalId: string): void {
  const list = scope.prop('Policies');
  if (list === undefined) return;
  if (list instanceof Unknown) {
    scope.finding(
      'cfn/unresolved-policy',
      'warning',
      `Policies of ${scope.logicalId} are unknown (${list.reason})`,
      'Policies',
    );
    return;
  }
  if (!Array.isArray(list)) return;
  // Follow the template list when there is one, so each entry keeps its own pointer even when
  // an earlier entry is removed by AWS::NoValue.
  const raw = scope.resource.properties.Policies;
  const entries: { entry: Value; index: number }[] = Array.isArray(raw)
    ? raw.flatMap((node, index) => {
        const entry = scope.ctx.valueAt(scope.pointer('Policies', index), node);
        return entry === undefined || typeof entry === 'symbol' ? [] : [{ entry, index }];
      })
    : list.map((entry, index) => ({ entry, index }));
  for (const { entry, index } of entries) {
    if (entry instanceof Unknown) {
      scope.finding(
        'cfn/unresolved-policy',
        'warning',
        `inline policy ${index} of ${scope.logicalId} is unknown (${entry.reason})`,
        'Policies',
        index,
      );
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
    });
  }
}

function managedPolicyArns(scope: HandlerScope, principalId: string): void {
  const list = scope.list('ManagedPolicyArns');
  if (list === undefined) return;
  if (list instanceof Unknown) {
    scope.builder.attachManagedPolicy(principalId, {
      policyArn: list,
      source: scope.sourceOf('ManagedPolicyArns'),
    });
    return;
  }
  list.forEach((item, i) => {
    const arn = scalarString(item);
    if (arn === undefined) return;
    scope.builder.attachManagedPolicy(principalId, {
      policyArn: arn,
      source: scope.sourceOf('ManagedPolicyArns', i),
    });
  });
}

function permissionsBoundary(scope: HandlerScope, principalId: string): void {
  const arn = scope.str('PermissionsBoundary');
  if (arn === undefined) return;
  scope.builder.setPermissionsBoundary(principalId, {
    policyArn: arn,
    source: scope.sourceOf('PermissionsBoundary'),
  });
}

/** Two template resources creating the same IAM name in one account: AWS would refuse the second. */
function reportDuplicate(scope: HandlerScope, existing: { source: Source } | undefined, arn: string): void {
  if (!existing) return;
  const where = existing.source.logicalId
    ? ` (${existing.source.stack ?? ''}/${existing.source.logicalId})`
    : '';
  scope.finding(
    'cfn/duplicate-name',
    'error',
    `${scope.logicalId} creates ${arn}, which another resource${where} also creates; AWS would reject the second, the model keeps this one`,
  );
}

const user: ResourceHandler = {
  create(scope) {
    const id = scope.ctx.identity(scope.logicalId);
    scope.reportUnresolvedName(id.nameUnresolved, 'UserName', id.name!);
    reportDuplicate(scope, scope.builder.getUser(id.arn!), id.arn!);
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
    const groups = scope.list('Groups');
    if (groups instanceof Unknown) {
      scope.builder.addUserToGroup(id, groups, scope.sourceOf('Groups'));
    } else if (groups) {
      groups.forEach((g, i) => {
        addMembership(scope, id, g, scope.sourceOf('Groups', i));
      });
    }
  },
};

function addMembership(scope: HandlerScope, userId: string, group: Value, source: Source): void {
  const name = scalarString(group);
  if (name instanceof Unknown) {
    scope.builder.addUserToGroup(userId, name, source);
    return;
  }
  if (typeof name !== 'string') return;
  const groupId = findPrincipal(scope, 'group', name);
  if (groupId) scope.builder.addUserToGroup(userId, groupId, source);
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
    const id = scope.ctx.identity(scope.logicalId);
    scope.reportUnresolvedName(id.nameUnresolved, 'GroupName', id.name!);
    reportDuplicate(scope, scope.builder.getGroup(id.arn!), id.arn!);
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
    const id = scope.ctx.identity(scope.logicalId);
    scope.reportUnresolvedName(id.nameUnresolved, 'RoleName', id.name!);
    reportDuplicate(scope, scope.builder.getRole(id.arn!), id.arn!);
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
    const id = scope.ctx.identity(scope.logicalId);
    scope.reportUnresolvedName(id.nameUnresolved, 'ManagedPolicyName', id.name!);
    reportDuplicate(scope, scope.builder.getManagedPolicy(id.arn!), id.arn!);
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
      for (const p of principalsOf(scope, prop, kind, what)) {
        scope.builder.attachManagedPolicy(p, { policyArn: arn, source: scope.sourceOf(prop) });
      }
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
      for (const p of principalsOf(scope, prop, kind, what)) {
        scope.builder.addInlinePolicy(p, { name: policyName, document, source: scope.source });
        targets++;
      }
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
      for (const p of principalsOf(scope, nameProp, kind, what)) {
        scope.builder.addInlinePolicy(p, {
          name: typeof name === 'string' ? name : scope.logicalId,
          document,
          source: scope.source,
        });
      }
    },
  };
}

const userToGroupAddition: ResourceHandler = {
  attach(scope) {
    const groupName = scope.str('GroupName');
    const users = principalsOf(scope, 'Users', 'user', `UserToGroupAddition ${scope.logicalId}`);
    for (const u of users) addMembership(scope, u, groupName ?? null, scope.sourceOf('GroupName'));
  },
};

/** AWS::IAM::InstanceProfile: the profile is recorded on its role, with the instances that use it. */
const instanceProfile: ResourceHandler = {
  attach(scope) {
    const id = scope.ctx.identity(scope.logicalId);
    const roles = principalsOf(scope, 'Roles', 'role', `instance profile ${scope.logicalId}`);
    const usedBy = [
      ...(scope.registry.profileUsage.get(`${scope.account}:${id.name}`) ?? []),
      ...(scope.registry.profileUsage.get(`${scope.account}:${id.arn}`) ?? []),
    ];
    for (const r of roles) {
      scope.builder.addInstanceProfile(r, { name: id.name!, arn: id.arn!, source: scope.source, usedBy });
    }
  },
};

export const IAM_HANDLERS: Record<string, ResourceHandler> = {
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
