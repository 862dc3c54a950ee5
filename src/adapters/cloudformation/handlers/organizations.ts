// AWS::Organizations::Policy handler: service control policies and resource control policies
// (Type SERVICE_CONTROL_POLICY / RESOURCE_CONTROL_POLICY, Content, TargetIds). Account targets get
// the policy directly; OU and root targets are applied to every account of the model once all
// inputs are loaded (membership of OUs is not in templates), with a finding saying so. Each copy
// records the level it is attached at (`PolicyDocument.orgLevel`; engine/org-levels.ts).

import { orgDelegationArn, orgDelegationGoverns, orgDelegationMessage } from '../../../aws/org-delegation.js';
import { orgPolicyOnDeployingAccount } from '../../../aws/org-management-account.js';
import {
  orgAccessRoleName,
  orgAccessRolePolicyArn,
  orgAccessRoleTrust,
} from '../../../aws/org-access-role.js';
import { standInAccountFor } from '../../../model/stand-ins.js';
import type { Source } from '../../../model/source.js';
import { Unknown } from '../../../model/unknown.js';
import { parsePolicy } from '../../../policy/parse.js';
import type { PolicyDocument } from '../../../policy/types.js';
import { scalarString } from '../values.js';
import { markedDocument } from './presence.js';
import type { CfnResourceScope, ModelRegistry, ResourceHandler } from './scope.js';

const KINDS: Record<string, 'scp' | 'rcp'> = {
  SERVICE_CONTROL_POLICY: 'scp',
  RESOURCE_CONTROL_POLICY: 'rcp',
};

const organizationPolicy: ResourceHandler = {
  attach(scope: CfnResourceScope) {
    const type = scope.str('Type');
    if (type instanceof Unknown || type === undefined) {
      // It may be an SCP or an RCP (or neither): it is kept as both, maybe-present, so that a
      // Deny it might carry does not vanish.
      const why = new Unknown(
        `the Type of organization policy ${scope.logicalId} is ${type instanceof Unknown ? `unknown (${type.reason})` : 'not set'}`,
        scope.sourceOf('Type'),
      );
      scope.finding(
        'cfn/unresolved-policy',
        'warning',
        `${why.reason}; it is applied, maybe-present, as a service control policy and as a resource control policy`,
        'Type',
      );
      applyAs(scope, 'scp', why);
      applyAs(scope, 'rcp', why);
      return;
    }
    const kind = KINDS[type];
    if (!kind) {
      scope.finding(
        'cfn/ignored-policy',
        'info',
        `organization policy ${scope.logicalId} of type ${type} does not grant or deny access; ignored`,
        'Type',
      );
      return;
    }
    applyAs(scope, kind, undefined);
  },
};

/** Applies an organization policy as `kind` to its targets (maybe-present when `presence` is set). */
function applyAs(scope: CfnResourceScope, kind: 'scp' | 'rcp', presence: Unknown | undefined): void {
  const name = scope.str('Name');
  const read = scope.policy(['Content'], kind);
  const document =
    read && markedDocument(typeof name === 'string' && name ? { ...read, name } : read, presence);
  if (!document) {
    scope.finding('cfn/invalid-resource', 'error', `organization policy ${scope.logicalId} has no Content`);
    return;
  }
  const targets = scope.list('TargetIds');
  if (targets === undefined || (Array.isArray(targets) && targets.length === 0)) {
    scope.finding(
      'cfn/unattached-policy',
      'info',
      `organization policy ${scope.logicalId} has no TargetIds; it applies to no account`,
    );
    return;
  }
  // A target nobody can name may be any account: the policy applies, maybe-present, to every
  // account of the inputs (a Deny that might apply must not vanish).
  const anyAccount = (why: Unknown, ...path: (string | number)[]) => {
    const where = new Unknown(
      `${scope.logicalId} may be attached at any level (${why.reason})`,
      scope.sourceOf('TargetIds', ...path),
    );
    scope.finding(
      'cfn/unresolved-target',
      'warning',
      `a target of ${scope.logicalId} is unknown (${why.reason}); the policy is applied, maybe-present, to every account of the inputs`,
      'TargetIds',
      ...path,
    );
    scope.registry.deferredOrgPolicies.push({
      type: kind,
      document: markedDocument(
        document,
        new Unknown(
          `${scope.logicalId} may target any account (${why.reason})`,
          scope.sourceOf('TargetIds', ...path),
        ),
      ),
      targets: ['(unknown target)'],
      levels: [where],
      source: scope.sourceOf('TargetIds', ...path),
      deployedFrom: scope.account,
      name: scope.logicalId,
    });
  };
  if (targets instanceof Unknown) {
    anyAccount(targets);
    return;
  }
  const deferred: string[] = [];
  targets.forEach((t, i) => {
    const id = scalarString(t);
    if (id instanceof Unknown) {
      anyAccount(id, i);
      return;
    }
    if (typeof id !== 'string') return;
    if (/^\d{12}$/.test(id)) {
      const on = reachingAccount(
        scope.registry,
        {
          kind,
          document,
          name: scope.logicalId,
          deployedFrom: scope.account,
          source: scope.sourceOf('TargetIds', i),
        },
        id,
      );
      if (on.message) scope.finding('cfn/org-management-account', 'warning', on.message, 'TargetIds', i);
      if (on.document && kind === 'scp') scope.builder.addScp(id, on.document, id);
      else if (on.document) scope.builder.addRcp(id, on.document, id);
      scope.builder.addAccount(id);
      scope.registry.accounts.add(id);
    } else if (/^(ou-|r-)/.test(id)) {
      deferred.push(id);
    } else {
      scope.finding(
        'cfn/invalid-resource',
        'error',
        `"${id}" is not an account, OU or root id`,
        'TargetIds',
        i,
      );
    }
  });
  if (deferred.length) {
    scope.registry.deferredOrgPolicies.push({
      type: kind,
      document,
      targets: deferred,
      levels: deferred,
      source: scope.sourceOf('TargetIds'),
      deployedFrom: scope.account,
      name: scope.logicalId,
    });
  }
}

/**
 * The policy as it reaches `account`: as it is for another account than the one deploying it;
 * for that one, which may be the management account, as aws/org-management-account.ts says (with
 * the message of the finding to add).
 */
export function reachingAccount(
  registry: ModelRegistry,
  p: { kind: 'scp' | 'rcp'; document: PolicyDocument; name: string; deployedFrom: string; source: Source },
  account: string,
): { document: PolicyDocument | undefined; message?: string } {
  if (account !== p.deployedFrom) return { document: p.document };
  return orgPolicyOnDeployingAccount(
    p.kind,
    p.document,
    p.document.name ?? p.name,
    registry.deployingOrg(account),
    p.source,
  );
}

/**
 * AWS::Organizations::Organization: CreateOrganization makes the calling account the management
 * account, so the stack's account is (aws/org-management-account.ts). One that might not exist
 * (an undecided Condition) says nothing.
 */
const organization: ResourceHandler = {
  create(scope: CfnResourceScope) {
    if (!scope.presence && !scope.registry.organizationCreatedIn.has(scope.account))
      scope.registry.organizationCreatedIn.set(scope.account, scope.source);
    if (!scope.presence) scope.builder.noteManagementAccount(scope.account);
  },
};

/**
 * AWS::Organizations::ResourcePolicy ("Creates or updates a resource-based delegation policy that
 * can be used to delegate policy management for AWS Organizations to specified member accounts";
 * "You can only call this operation from the organization's management account"): the resource
 * policy of the stack account's Organizations resources (aws/org-delegation.ts), with a
 * `cfn/org-delegation` warning.
 */
const resourcePolicy: ResourceHandler = {
  create(scope: CfnResourceScope) {
    const partition = scope.ctx.partition;
    const account = scope.account;
    const source = scope.sourceOf('Content');
    const policy =
      scope.policy(['Content'], 'resource') ??
      parsePolicy(new Unknown(`the Content of ${scope.logicalId} is not set`, source), {
        kind: 'resource',
        source,
      });
    scope.builder.addResource({
      kind: 'other',
      arn: orgDelegationArn(partition, account, scope.ctx.identity(scope.logicalId).arn, scope.logicalId),
      name: scope.logicalId,
      account,
      region: undefined,
      tags: scope.tags(),
      policy,
      source: scope.source,
      ...(scope.presence ? { presence: scope.presence } : {}),
      governs: orgDelegationGoverns(partition, account),
    });
    scope.finding(
      'cfn/org-delegation',
      'warning',
      orgDelegationMessage(policy, scope.logicalId, account),
      'Content',
    );
  },
};

/**
 * AWS::Organizations::Account: the member account the stack creates, whose id is known only after
 * deployment (`Fn::GetAtt AccountId`), and the role AWS Organizations preconfigures in it
 * (aws/org-access-role.ts: "The name of an IAM role that AWS Organizations automatically
 * preconfigures in the new member account. This role trusts the management account, allowing
 * users in the management account to assume the role, ..." — CloudFormation Template Reference,
 * AWS::Organizations::Account `RoleName`; default OrganizationAccountAccessRole). CreateAccount
 * runs in the management account, the stack's. The account is a stand-in account of its own
 * (model/stand-ins.ts `standInAccountFor`), new, so a decision that depends on its id is
 * indeterminate; the role is present when the resource is. A RoleName the inputs leave unknown
 * gives the role an unknown name part. SCPs/RCPs attached at a root or OU reach the account as
 * they reach every account of the inputs.
 */
const memberAccount: ResourceHandler = {
  create(scope: CfnResourceScope) {
    const partition = scope.ctx.partition;
    const management = scope.account;
    const written = scope.str('RoleName');
    const roleName = orgAccessRoleName(written, scope.logicalId);
    const key = `cfn-org-account:${scope.ctx.stackName}/${scope.logicalId}`;
    // the stand-in account its Ref / GetAtt AccountId give (resource-identity.ts)
    const ref = scope.ctx.identity(scope.logicalId).ref;
    const account = typeof ref === 'string' ? ref : standInAccountFor(key, management);
    const what = `the member account ${scope.logicalId} (AWS::Organizations::Account) creates, whose id is known only after deployment`;
    scope.builder.noteAccountStandsFor(account, what);
    scope.builder.noteStandInPart(account, key, what, [], scope.source);
    scope.builder.noteNewAccount(account, key, 'created');
    // an account of the inputs: the SCPs/RCPs attached at a root or OU reach it too
    // (session.ts applyDeferredOrgPolicies), as they do every account of the inputs
    scope.registry.accounts.add(account);
    const source: Source = {
      ...scope.source,
      builtIn: `the role ${roleName} AWS Organizations creates in the member account ${scope.logicalId} creates (not in the inputs)`,
    };
    const roleId = scope.builder.addRole({
      name: roleName,
      account,
      source,
      ...(scope.presence ? { presence: scope.presence } : {}),
      trustPolicy: parsePolicy(orgAccessRoleTrust(partition, management), { kind: 'trust', source }),
    });
    scope.builder.attachManagedPolicy(roleId, { policyArn: orgAccessRolePolicyArn(partition), source });
    scope.finding(
      'cfn/org-new-account',
      'warning',
      `${scope.logicalId} creates a member account whose id is known only after deployment: it is modelled as an account whose id is unknown (${account}), with the role ${roleName} AWS Organizations creates there (trusting management account ${management}, with AdministratorAccess${written instanceof Unknown ? `; its RoleName is unknown: ${written.reason}` : ''}); a decision that depends on the account's id is indeterminate`,
      ...(written instanceof Unknown ? ['RoleName'] : []),
    );
  },
};

export const ORGANIZATIONS_HANDLERS: Record<string, ResourceHandler> = {
  'AWS::Organizations::Account': memberAccount,
  'AWS::Organizations::Policy': organizationPolicy,
  'AWS::Organizations::ResourcePolicy': resourcePolicy,
  'AWS::Organizations::Organization': organization,
};
