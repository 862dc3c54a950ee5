// Deployments a template makes that the inputs do not show (aws/template-deployments.ts): a nested
// stack whose template was not found (cfn/nested-template-not-found, reported by the loader), a
// StackSet's stack instances, a Service Catalog product. Each may create users and roles with any
// policy: stand-ins of model/unloaded-deployment.ts in the accounts it deploys into, and, for a
// nested stack, an unknown maybe-present policy on every principal and resource of the parent its
// Parameters refer to (it may attach a policy to a role passed in, or set a bucket's policy), as a
// Terraform module that is not loaded does (adapters/terraform/handlers/missing-modules.ts).

import { CFN_TEMPLATE_DEPLOYMENTS } from '../../../aws/template-deployments.js';
import {
  addUnloadedDeploymentGrants,
  addUnloadedDeploymentPrincipals,
} from '../../../model/unloaded-deployment.js';
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
  addUnloadedDeploymentPrincipals(scope.builder, {
    account: scope.account,
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

/** The literal accounts of a StackSet's `StackInstancesGroup`; `unknown` when any target is not one. */
function stackSetAccounts(v: Resolved | undefined): { accounts: Set<string>; unknown: boolean } {
  const out = { accounts: new Set<string>(), unknown: false };
  if (v === undefined || v === null || v === NO_VALUE) return out; // no stack instances
  if (!Array.isArray(v)) {
    out.unknown = true;
    return out;
  }
  for (const group of v) {
    const targets = isRecord(group) ? group.DeploymentTargets : undefined;
    if (!isRecord(targets)) {
      out.unknown = true;
      continue;
    }
    const accounts = targets.Accounts;
    if (Array.isArray(accounts)) {
      for (const a of accounts)
        if (typeof a === 'string' && /^\d{12}$/.test(a)) out.accounts.add(a);
        else out.unknown = true;
    } else if (accounts !== undefined) out.unknown = true;
    // organizational units, an accounts file: accounts the inputs do not name
    const ous = targets.OrganizationalUnitIds;
    if (ous !== undefined || targets.AccountsUrl !== undefined) out.unknown = true;
    if (targets.AccountFilterType !== undefined && targets.AccountFilterType !== 'NONE') out.unknown = true;
  }
  return out;
}

function templateDeployment(scope: CfnResourceScope): void {
  const what = CFN_TEMPLATE_DEPLOYMENTS[scope.resource.type]!.what;
  let accounts = new Set([scope.account]);
  if (scope.resource.type === 'AWS::CloudFormation::StackSet') {
    const targets = stackSetAccounts(scope.prop('StackInstancesGroup'));
    accounts = targets.accounts;
    // Accounts the inputs do not name: this one stands for them (other accounts' principals are
    // outside the closed-accounts reading already).
    if (targets.unknown) accounts.add(scope.account);
    if (!accounts.size) return;
  }
  const list = [...accounts].sort();
  scope.finding(
    'cfn/unmodelled-deployment',
    'warning',
    `${scope.logicalId} deploys ${what}, whose template iamspec does not read; the users, roles and policies it creates in account ${list.join(', ')} are unknown (a stand-in role and user with unknown trust and policies)`,
  );
  for (const account of list)
    addUnloadedDeploymentPrincipals(scope.builder, {
      account,
      hint: scope.logicalId,
      reason: `${scope.logicalId} deploys ${what}, whose template is not read`,
      source: scope.source,
    });
}

export const DEPLOYMENT_HANDLERS: Record<string, ResourceHandler> = {
  'AWS::CloudFormation::Stack': { create: nestedStack, attach: nestedStackGrants },
  ...Object.fromEntries(
    Object.keys(CFN_TEMPLATE_DEPLOYMENTS).map((t) => [t, { create: templateDeployment }]),
  ),
};
