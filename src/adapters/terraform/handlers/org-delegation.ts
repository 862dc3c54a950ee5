// Delegation in AWS Organizations, Terraform side: aws_organizations_resource_policy (the
// organization's resource-based delegation policy, `content`) is kept as the resource policy of
// the management account's Organizations resources (src/aws/org-delegation.ts), so the engine
// decides a delegated principal's Organizations request as a cross-account one, and spec
// `noEscalation` sees a delegated principal that may change the SCPs/RCPs governing it;
// aws_organizations_delegated_administrator (a member account registered as delegated
// administrator of a service) is modelled for StackSets and IAM Identity Center
// (aws/stack-roles.ts `noteDelegatedAdministrator`), shown for the others. Each is a
// `tf/org-delegation` warning at its address, as is each service's own delegated administrator
// resource (`SERVICE_DELEGATED_ADMINS`). aws_iam_organizations_features (centralized root
// access) is shown as `tf/root-sessions`: root sessions in member accounts are not modelled.

import { orgDelegationArn, orgDelegationGoverns, orgDelegationMessage } from '../../../aws/org-delegation.js';
import { delegatedAdministratorRole, noteDelegatedAdministrator } from '../../../aws/stack-roles.js';
import { isUnknown, Unknown } from '../../../model/unknown.js';
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
 * administer the service for the organization's accounts. For the services whose delegated
 * administrator deploys into member accounts (StackSets, IAM Identity Center:
 * aws/stack-roles.ts), its principals become, indeterminately, every role of the member accounts
 * (the escalation graph and the review follow it); an `account_id` known only after apply may be
 * any account of the inputs. Other services: shown, not modelled.
 */
export function handleDelegatedAdministrator(ctx: TfLoadState, inst: TfInstance): void {
  const account = inst.values.account_id;
  const service = inst.values.service_principal;
  const show = (v: unknown) => (typeof v === 'string' ? v : '(known after apply)');
  const source = inst.attrSource('account_id');
  const note = (acct: string, presence: Unknown | undefined) =>
    noteDelegatedAdministrator(ctx.builder, {
      service,
      account: acct,
      partition: ctx.env.partition,
      region: ctx.env.region,
      address: inst.address,
      management: ctx.env.account,
      source,
      presence,
    });
  const reach = delegatedAdministratorRole(service);
  if (reach && typeof account === 'string' && /^\d{12}$/.test(account)) note(account, inst.presence);
  else if (reach && isUnknown(account)) {
    const why = new Unknown(
      `${inst.address}: the delegated account is ${account.reason}; it may be this one`,
      source,
    );
    ctx.builder.forEveryAccount((acct) => note(acct, why));
  }
  const modelled = reach
    ? `its principals allowed ${reach.requests} may act as ${reach.what}: every role of the member accounts the inputs hold (not the management account) is one they may become, indeterminately (spec cannotBecome / noEscalation and the review's escalations follow it)`
    : `that account's principals may administer ${show(service)} for the organization's member accounts, which iamspec does not model (what they can then do in other accounts is not decided)`;
  ctx.finding({
    code: 'tf/org-delegation',
    severity: 'warning',
    message: `${inst.address} registers account ${show(account)} as a delegated administrator of ${show(service)}: ${modelled}`,
    source,
  });
}

/**
 * aws_iam_organizations_features `enabled_features`: RootSessions "Allows the management account or
 * delegated administrator to perform privileged tasks on member accounts in your organization"
 * (IAM API Reference, EnableOrganizationsRootSessions): a principal there allowed `sts:AssumeRoot`
 * acts as a member account's root user for a task policy's actions (deleting a bucket or queue
 * policy, the root user's credentials). iamspec does not model root sessions, so this is shown
 * (a warning when RootSessions is, or may be, enabled), never skipped.
 */
export function handleOrganizationsFeatures(ctx: TfLoadState, inst: TfInstance): void {
  const features = inst.values.enabled_features;
  const list = Array.isArray(features) ? features : [features];
  const sessions = list.some((f) => f === 'RootSessions' || isUnknown(f));
  ctx.finding({
    code: 'tf/root-sessions',
    severity: sessions ? 'warning' : 'info',
    message: sessions
      ? `${inst.address} ${list.includes('RootSessions') ? 'enables' : 'may enable'} RootSessions: principals of the management account (or the delegated administrator for IAM) allowed sts:AssumeRoot may act as the root user of member accounts for a task policy's actions (deleting a bucket or queue policy, the root user's credentials); iamspec does not model root sessions, so that access is not in the verdicts`
      : `${inst.address} enables centralized root access without RootSessions: no root sessions in member accounts`,
    source: inst.attrSource('enabled_features'),
  });
}

/**
 * The services' own resources that register a delegated administrator account (Terraform AWS
 * provider): the account attribute and the service principal, as aws_organizations_delegated_administrator
 * would name them. "a delegated administrator account can administer the service for the
 * organization's accounts": shown as that resource is (`handleDelegatedAdministrator`), never skipped.
 */
const SERVICE_DELEGATED_ADMINS: Readonly<Record<string, { attr: string; service: string }>> = {
  aws_guardduty_organization_admin_account: { attr: 'admin_account_id', service: 'guardduty.amazonaws.com' },
  aws_securityhub_organization_admin_account: {
    attr: 'admin_account_id',
    service: 'securityhub.amazonaws.com',
  },
  aws_macie2_organization_admin_account: { attr: 'admin_account_id', service: 'macie.amazonaws.com' },
  aws_detective_organization_admin_account: { attr: 'account_id', service: 'detective.amazonaws.com' },
  aws_inspector2_delegated_admin_account: { attr: 'account_id', service: 'inspector2.amazonaws.com' },
  aws_cloudtrail_organization_delegated_admin_account: {
    attr: 'account_id',
    service: 'cloudtrail.amazonaws.com',
  },
  aws_fms_admin_account: { attr: 'account_id', service: 'fms.amazonaws.com' },
  aws_vpc_ipam_organization_admin_account: {
    attr: 'delegated_admin_account_id',
    service: 'ipam.amazonaws.com',
  },
  aws_auditmanager_organization_admin_account_registration: {
    attr: 'admin_account_id',
    service: 'auditmanager.amazonaws.com',
  },
};

/** Handlers of `SERVICE_DELEGATED_ADMINS`: each read as aws_organizations_delegated_administrator. */
export const SERVICE_DELEGATION_HANDLERS: Record<string, (ctx: TfLoadState, inst: TfInstance) => void> =
  Object.fromEntries(
    Object.entries(SERVICE_DELEGATED_ADMINS).map(([type, { attr, service }]) => [
      type,
      (ctx: TfLoadState, inst: TfInstance) =>
        handleDelegatedAdministrator(ctx, {
          ...inst,
          values: { ...inst.values, account_id: inst.values[attr], service_principal: service },
          attrSource: (a) => inst.attrSource(a === 'account_id' ? attr : a),
        }),
    ]),
  );
