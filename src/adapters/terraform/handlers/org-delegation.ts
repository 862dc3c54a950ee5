// Delegation in AWS Organizations, Terraform side: aws_organizations_resource_policy (the
// organization's resource-based delegation policy, `content`) is kept as the resource policy of
// the management account's Organizations resources (src/aws/org-delegation.ts), so the engine
// decides a delegated principal's Organizations request as a cross-account one, and spec
// `noEscalation` sees a delegated principal that may change the SCPs/RCPs governing it;
// aws_organizations_delegated_administrator (a member account registered as delegated
// administrator of a service) is shown, not modelled. Each is a `tf/org-delegation` warning at
// its address.

import {
  delegatedAdministratorReach,
  orgDelegationArn,
  orgDelegationGoverns,
  orgDelegationMessage,
} from '../../../aws/org-delegation.js';
import { Unknown } from '../../../model/unknown.js';
import { parsePolicy } from '../../../policy/parse.js';
import type { TfInstance } from '../instances.js';
import type { TfLoadState } from './context.js';

/**
 * aws_organizations_resource_policy: "content - (Required) Content for the resource policy"
 * (Terraform Registry). PutResourcePolicy can only be called from the management account, so
 * its account is the deploying one.
 */
export function handleOrgResourcePolicy(ctx: TfLoadState, inst: TfInstance): void {
  const account = ctx.env.account;
  const partition = ctx.env.partition;
  const source = inst.attrSource('content');
  const policy =
    ctx.policy(inst.values.content, 'resource', source) ??
    parsePolicy(new Unknown(`the content of ${inst.address} is not set`, source), {
      kind: 'resource',
      source,
    });
  const arn = orgDelegationArn(partition, account, inst.values.arn, inst.address);
  ctx.builder.addResource({
    kind: 'other',
    arn,
    name: inst.address,
    account,
    region: undefined,
    tags: ctx.tags(inst.values),
    policy,
    source: inst.source,
    ...(inst.presence ? { presence: inst.presence } : {}),
    governs: orgDelegationGoverns(partition, account),
  });
  ctx.finding({
    code: 'tf/org-delegation',
    severity: 'warning',
    message: orgDelegationMessage(policy, inst.address, account),
    source,
  });
}

/**
 * aws_organizations_delegated_administrator: a member account (`account_id`) registered as
 * delegated administrator of a service (`service_principal`). AWS Organizations User Guide,
 * "AWS services that you can use with AWS Organizations": a delegated administrator account can
 * administer the service for the organization's accounts; what that lets its principals do in
 * other accounts is the service's and is not modelled.
 */
export function handleDelegatedAdministrator(ctx: TfLoadState, inst: TfInstance): void {
  const account = inst.values.account_id;
  const service = inst.values.service_principal;
  const show = (v: unknown) => (typeof v === 'string' ? v : '(known after apply)');
  const reach = delegatedAdministratorReach(service);
  ctx.finding({
    code: 'tf/org-delegation',
    severity: 'warning',
    message: `${inst.address} registers account ${show(account)} as a delegated administrator of ${show(service)}: ${reach ?? `that account's principals may administer ${show(service)} for the organization's member accounts, which iamspec does not model (what they can then do in other accounts is not decided)`}`,
    source: inst.attrSource('account_id'),
  });
}
