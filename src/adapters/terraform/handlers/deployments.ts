// Terraform resources that deploy a template iamspec does not read (aws/template-deployments.ts):
// a CloudFormation stack, a StackSet's stack instance, a Service Catalog product. What they create
// is unknown: a tf/unmodelled-deployment warning, the stand-ins of model/unloaded-deployment.ts and
// what the template may write in the policies already there (`addUnreadTemplateDeployment`) in the
// account they deploy into (a stack instance's `account_id`, else the provider's account;
// organizational-unit targets, or an `account_id` known only after apply, may be any account of
// the organization: every account of the inputs gets them, `ModelBuilder.forEveryAccount`; but
// for organizational-unit targets the management account, `ModelBuilder.noteManagementAccount`).

import { addUnreadTemplateDeployment, TF_TEMPLATE_DEPLOYMENTS } from '../../../aws/template-deployments.js';
import { isUnknown } from '../../../model/unknown.js';
import { isObject } from '../eval/values.js';
import type { TfInstance } from '../instances.js';
import type { TfLoadState } from './context.js';

/**
 * Whether a stack instance targets organizational units (`deployment_targets`), or an account the
 * inputs do not pin down: it may then deploy into any account of the organization. Terraform AWS
 * provider, `aws_cloudformation_stack_set_instance`: "deployment_targets - (Optional) AWS
 * Organizations accounts to which StackSets deploys. StackSets doesn't deploy stack instances to
 * the organization management account, even if the management account is in your organization or
 * in an OU in your organization."
 */
function targetsAnyAccount(inst: TfInstance): false | 'org-units' | 'unknown' {
  if (inst.type !== 'aws_cloudformation_stack_set_instance') return false;
  if (isUnknown(inst.values.account_id)) return 'unknown';
  const targets = inst.values.deployment_targets;
  if (isUnknown(targets)) return 'unknown';
  const blocks = Array.isArray(targets) ? targets : isObject(targets) ? [targets] : [];
  const ous = blocks.some(
    (b) =>
      !isObject(b) ||
      [b.organizational_unit_ids, b.accounts_url].some(
        (x) => isUnknown(x) || (Array.isArray(x) ? x.length > 0 : x !== undefined && x !== null && x !== ''),
      ),
  );
  return ous ? 'org-units' : false;
}

function handleTemplateDeployment(ctx: TfLoadState, inst: TfInstance): void {
  const what = TF_TEMPLATE_DEPLOYMENTS[inst.type]!.what;
  const target = inst.values.account_id;
  const account = typeof target === 'string' && /^\d{12}$/.test(target) ? target : ctx.env.account;
  const anyAccount = targetsAnyAccount(inst);
  const where = anyAccount
    ? 'in any account of the organizational units it targets, which may be any account of the inputs'
    : `in account ${account}`;
  ctx.finding({
    code: 'tf/unmodelled-deployment',
    severity: 'warning',
    message: `${inst.address} deploys ${what}, whose template iamspec does not read; the users, roles and policies it creates ${where} are unknown (a stand-in role and user with unknown trust and policies)`,
    source: inst.source,
  });
  const add = (acct: string) =>
    addUnreadTemplateDeployment(ctx.builder, {
      account: acct,
      partition: ctx.env.partition,
      region: ctx.env.region,
      hint: inst.address,
      reason: `${inst.address} deploys ${what}, whose template is not read`,
      source: inst.source,
      presence: inst.presence,
    });
  // Accounts the inputs do not name: principals of other accounts are outside the closed-accounts
  // reading already; each account of the inputs may be one of them.
  // Organizational-unit targets never reach the management account (`noteManagementAccount`).
  if (anyAccount) ctx.builder.forEveryAccount(add, { serviceManaged: anyAccount === 'org-units' });
  else add(account);
}

export const DEPLOYMENT_HANDLERS: Record<string, (ctx: TfLoadState, inst: TfInstance) => void> =
  Object.fromEntries(Object.keys(TF_TEMPLATE_DEPLOYMENTS).map((t) => [t, handleTemplateDeployment]));
