// Deployments a template makes that the inputs do not show (aws/template-deployments.ts): a nested
// stack whose template was not found (cfn/nested-template-not-found, reported by the loader), a
// StackSet's stack instances, a Service Catalog product. Each may create users and roles with any
// policy, and write the policies of principals and resources already there
// (aws/template-deployments.ts `addUnreadTemplateDeployment`): stand-ins of
// model/unloaded-deployment.ts and a deploy-time change in the accounts it deploys into (a StackSet
// targeting organizational units: every account of the inputs, `ModelBuilder.forEveryAccount`,
// as an OU may hold any of them, but the management account: `ModelBuilder.noteManagementAccount`),
// and, for a
// nested stack, an unknown maybe-present policy on every principal and resource of the parent its
// Parameters refer to (it may attach a policy to a role passed in, or set a bucket's policy), as a
// Terraform module that is not loaded does (adapters/terraform/handlers/missing-modules.ts).

import { addUnreadTemplateDeployment, CFN_TEMPLATE_DEPLOYMENTS } from '../../../aws/template-deployments.js';
import { addUnloadedDeploymentGrants } from '../../../model/unloaded-deployment.js';
import { intrinsicName, isRecord, NO_VALUE, type Resolved } from '../values.js';
import type { CfnResourceScope, ResourceHandler } from './scope.js';

/**
 * Metadata key of a nested stack whose missing template an expansion has already reported (SAM's
 * `AWS::Serverless::Application` from the Serverless Application Repository): the loader does
 * not report it a second time as cfn/nested-template-not-found.
 */
export const TEMPLATE_NOT_FOUND_REPORTED = 'iamspec:template-not-found-reported';

/** Logical ids an expression refers to (Ref, Fn::GetAtt, Fn::Sub `${X}` / `${X.Attr}`). */
function referencedLogicalIds(v: unknown, out: Set<string>, depth = 0): void {
  if (depth > 64) return;
  if (Array.isArray(v)) {
    for (const x of v) referencedLogicalIds(x, out, depth + 1);
    return;
  }
  if (!isRecord(v)) return;
  const fn = intrinsicName(v);
  if (fn === 'Ref' && typeof v.Ref === 'string') out.add(v.Ref);
  else if (fn === 'Fn::GetAtt') {
    const a = v['Fn::GetAtt'];
    if (Array.isArray(a) && typeof a[0] === 'string') out.add(a[0]);
    else if (typeof a === 'string') out.add(a.split('.')[0]!);
  } else if (fn === 'Fn::Sub') {
    const a = v['Fn::Sub'];
    const text = Array.isArray(a) ? a[0] : a;
    if (typeof text === 'string')
      for (const m of text.matchAll(/\$\{(?!!)([^}.]+)(?:\.[^}]*)?\}/g)) out.add(m[1]!.trim());
  }
  for (const x of Object.values(v)) referencedLogicalIds(x, out, depth + 1);
}

function nestedStack(scope: CfnResourceScope): void {
  if (scope.ctx.session.nestedChild(scope.ctx, scope.logicalId)) return;
  const reason = `the template of nested stack ${scope.logicalId} was not found`;
  addUnreadTemplateDeployment(scope.builder, {
    account: scope.account,
    partition: scope.ctx.partition,
    region: scope.ctx.region,
    hint: scope.logicalId,
    reason,
    source: scope.sourceOf('TemplateURL'),
  });
}

function nestedStackGrants(scope: CfnResourceScope): void {
  if (scope.ctx.session.nestedChild(scope.ctx, scope.logicalId)) return;
  const ids = new Set<string>();
  referencedLogicalIds(scope.resource.properties.Parameters, ids);
  const modelIds: string[] = [];
  for (const logicalId of ids) {
    const id = scope.registry.modelIds.get(scope.registry.key(scope.ctx, logicalId));
    if (id) modelIds.push(id);
  }
  addUnloadedDeploymentGrants(scope.builder, {
    ids: modelIds,
    hint: scope.logicalId,
    reason: `the template of nested stack ${scope.logicalId}, which is passed them, was not found`,
    source: scope.sourceOf('Parameters'),
  });
}

/**
 * The accounts a StackSet's `StackInstancesGroup` deploys into: the literal `Accounts`, and
 * `anyAccount` when a target is an organizational unit (any account of the organization may be
 * in it), an accounts file or unknown; `except` the accounts a `DIFFERENCE` filter leaves out of
 * the OUs. CloudFormation User Guide, "AWS::CloudFormation::StackSet DeploymentTargets":
 * `OrganizationalUnitIds`: "The organization root ID or organizational unit (OU) IDs to which
 * StackSets deploys."; `AccountFilterType`: "INTERSECTION: StackSet deploys to the accounts
 * specified in the Accounts parameter. DIFFERENCE: StackSet deploys to the OU, excluding the
 * accounts specified in the Accounts parameter. UNION StackSet deploys to the OU, and the
 * accounts specified in the Accounts parameter."
 */
function stackSetAccounts(v: Resolved | undefined): {
  accounts: Set<string>;
  anyAccount: boolean;
  except: Set<string>;
  /** Every unnamed account comes from organizational-unit targets (service-managed permissions). */
  orgUnitsOnly: boolean;
} {
  const out = {
    accounts: new Set<string>(),
    anyAccount: false,
    except: new Set<string>(),
    orgUnitsOnly: true,
  };
  if (v === undefined || v === null || v === NO_VALUE) return out; // no stack instances
  if (!Array.isArray(v)) {
    out.anyAccount = true;
    out.orgUnitsOnly = false;
    return out;
  }
  let excepts: Set<string> | undefined;
  for (const group of v) {
    const targets = isRecord(group) ? group.DeploymentTargets : undefined;
    if (!isRecord(targets)) {
      out.anyAccount = true;
      out.orgUnitsOnly = false;
      continue;
    }
    const listed = new Set<string>();
    let listedKnown = true;
    const accounts = targets.Accounts;
    if (Array.isArray(accounts)) {
      for (const a of accounts)
        if (typeof a === 'string' && /^\d{12}$/.test(a)) listed.add(a);
        else listedKnown = false;
    } else if (accounts !== undefined) listedKnown = false;
    const filter = targets.AccountFilterType;
    // organizational units, an accounts file: accounts the inputs do not name
    const ous = targets.OrganizationalUnitIds !== undefined || targets.AccountsUrl !== undefined;
    if (ous && filter === 'INTERSECTION' && listedKnown) {
      for (const a of listed) out.accounts.add(a); // only listed accounts that are in the OUs
      continue;
    }
    if (ous && filter === 'DIFFERENCE' && listedKnown) {
      out.anyAccount = true;
      // an account is left out only when every group leaves it out
      excepts = excepts ? new Set([...excepts].filter((a) => listed.has(a))) : listed;
      continue;
    }
    for (const a of listed) out.accounts.add(a);
    if (!listedKnown || ous || (filter !== undefined && filter !== 'NONE' && filter !== 'UNION')) {
      out.anyAccount = true;
      if (!ous) out.orgUnitsOnly = false;
      excepts = new Set();
    }
  }
  out.except = excepts ?? new Set();
  for (const a of out.accounts) out.except.delete(a);
  return out;
}

function templateDeployment(scope: CfnResourceScope): void {
  const what = CFN_TEMPLATE_DEPLOYMENTS[scope.resource.type]!.what;
  let accounts = new Set([scope.account]);
  let anyAccount = false;
  let except = new Set<string>();
  let serviceManaged = false;
  if (scope.resource.type === 'AWS::CloudFormation::StackSet') {
    const targets = stackSetAccounts(scope.prop('StackInstancesGroup'));
    accounts = targets.accounts;
    anyAccount = targets.anyAccount;
    except = targets.except;
    serviceManaged = targets.orgUnitsOnly;
    if (!accounts.size && !anyAccount) return;
  }
  const list = [...accounts].sort();
  const where = anyAccount
    ? `in any account of the organizational units it targets, which may be any account of the inputs${except.size ? ` but ${[...except].sort().join(', ')}` : ''}${list.length ? ` (and in ${list.join(', ')})` : ''}`
    : `in account ${list.join(', ')}`;
  scope.finding(
    'cfn/unmodelled-deployment',
    'warning',
    `${scope.logicalId} deploys ${what}, whose template iamspec does not read; the users, roles and policies it creates ${where} are unknown (a stand-in role and user with unknown trust and policies)`,
  );
  const add = (account: string) =>
    addUnreadTemplateDeployment(scope.builder, {
      account,
      partition: scope.ctx.partition,
      region: scope.ctx.region,
      hint: scope.logicalId,
      reason: `${scope.logicalId} deploys ${what}, whose template is not read`,
      source: scope.source,
    });
  for (const account of list) add(account);
  // Accounts the inputs do not name: principals of other accounts are outside the closed-accounts
  // reading already; each account of the inputs may be one of them (model/unloaded-deployment.ts).
  // Organizational-unit targets never reach the management account (`noteManagementAccount`).
  if (anyAccount)
    scope.builder.forEveryAccount(
      (account) => {
        if (!accounts.has(account) && !except.has(account)) add(account);
      },
      { serviceManaged },
    );
}

export const DEPLOYMENT_HANDLERS: Record<string, ResourceHandler> = {
  'AWS::CloudFormation::Stack': { create: nestedStack, attach: nestedStackGrants },
  ...Object.fromEntries(
    Object.keys(CFN_TEMPLATE_DEPLOYMENTS).map((t) => [t, { create: templateDeployment }]),
  ),
};
