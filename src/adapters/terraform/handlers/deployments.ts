// Terraform resources that deploy a template iamspec does not read (aws/template-deployments.ts):
// a CloudFormation stack, a StackSet's stack instance, a Service Catalog product. What they create
// is unknown: a tf/unmodelled-deployment warning and the stand-ins of model/unloaded-deployment.ts
// in the account they deploy into (a stack instance's `account_id`, else the provider's account;
// organizational-unit targets name no account of the inputs, so the provider's stands for them).

import { TF_TEMPLATE_DEPLOYMENTS } from '../../../aws/template-deployments.js';
import { addUnloadedDeploymentPrincipals } from '../../../model/unloaded-deployment.js';
import type { TfInstance } from '../instances.js';
import type { TfLoadState } from './context.js';

function handleTemplateDeployment(ctx: TfLoadState, inst: TfInstance): void {
  const what = TF_TEMPLATE_DEPLOYMENTS[inst.type]!.what;
  const target = inst.values.account_id;
  const account = typeof target === 'string' && /^\d{12}$/.test(target) ? target : ctx.env.account;
  ctx.finding({
    code: 'tf/unmodelled-deployment',
    severity: 'warning',
    message: `${inst.address} deploys ${what}, whose template iamspec does not read; the users, roles and policies it creates in account ${account} are unknown (a stand-in role and user with unknown trust and policies)`,
    source: inst.source,
  });
  addUnloadedDeploymentPrincipals(ctx.builder, {
    account,
    hint: inst.address,
    reason: `${inst.address} deploys ${what}, whose template is not read`,
    source: inst.source,
    presence: inst.presence,
  });
}

export const DEPLOYMENT_HANDLERS: Record<string, (ctx: TfLoadState, inst: TfInstance) => void> =
  Object.fromEntries(Object.keys(TF_TEMPLATE_DEPLOYMENTS).map((t) => [t, handleTemplateDeployment]));
