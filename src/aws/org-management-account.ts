// Owns the AWS fact that SCPs and RCPs do not affect the organization's management account, and
// how the adapters apply it to the account that deploys the organization's policies (the one
// place of that rule: Terraform `handlers/index.ts` `handleOrgAttachment`, CloudFormation
// `session.ts` `applyDeferredOrgPolicies` and `handlers/organizations.ts`).
//
// AWS Organizations User Guide, "Service control policies (SCPs)"
// (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html):
// "SCPs don't affect users or roles in the management account. They affect only the member
// accounts in your organization." "Resource control policies (RCPs)"
// (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html):
// "RCPs don't affect resources in the management account. They only affect resources in the
// member accounts in your organization."
//
// Organization policies and their attachments are created from the management account or a
// delegated administrator account, so the account that deploys them may be the management
// account. When the same inputs create the organization (`aws_organizations_organization`,
// `AWS::Organizations::Organization`), it is: CreateOrganization makes the calling account the
// management account. Then a policy attached at a root, an OU or the account itself does not
// reach it. When the inputs do not say, the policy reaches it maybe-present (a Deny gives
// `indeterminate`, an allow-list's restriction MAYBE). Other accounts keep the policy. The
// `--scp` / `--rcp` files (adapters/load-core.ts) go to every account of the inputs but the one
// the inputs create the organization in (`Account.managementAccount`, `orgFileTargets`); and
// whatever reaches that account otherwise (an attachment deployed from another account of the
// inputs, a delegated administrator's, to its id or to a root or OU) is not applied to it by the
// engine (`orgPoliciesApplyTo`, engine.ts), with an info finding (`managementAccountFindings`).

import type { Source } from '../model/source.js';
import type { Finding } from '../model/finding.js';
import { isStandInAccount } from '../model/stand-ins.js';
import type { Account, Model } from '../model/types.js';
import { Unknown } from '../model/unknown.js';
import type { PolicyDocument } from '../policy/types.js';

/**
 * What the inputs say of one deploying account: whether they create the organization. One object
 * per account and load: the policies it makes maybe-present share one unknown fact per kind
 * (`readings`), so that they are decided present together or absent together
 * (engine/org-levels.ts).
 */
export interface DeployingAccountOrg {
  /** The deploying account's id. */
  account: string;
  /** Where the inputs create the organization (then the account is its management account). */
  createsOrganization: Source | undefined;
  /** The unknown fact "it may be the management account", per kind, once made. */
  readings?: Partial<Record<'scp' | 'rcp', Unknown>>;
}

export interface OrgPolicyOnDeployingAccount {
  /** The policy as it reaches the deploying account; undefined when it does not. */
  document: PolicyDocument | undefined;
  /** Why (the message of the finding the adapter adds, severity warning). */
  message: string;
}

/**
 * How an SCP/RCP (`policy` names it) attached at a root, an OU or the deploying account itself
 * reaches the deploying account.
 */
export function orgPolicyOnDeployingAccount(
  kind: 'scp' | 'rcp',
  document: PolicyDocument,
  policy: string,
  org: DeployingAccountOrg,
  source: Source | undefined,
): OrgPolicyOnDeployingAccount {
  const what =
    kind === 'scp'
      ? "SCPs don't affect users or roles in the management account"
      : "RCPs don't affect resources in the management account";
  const KIND = kind.toUpperCase();
  if (org.createsOrganization)
    return {
      document: undefined,
      message: `the inputs create the organization, so account ${org.account} is its management account (${what}): ${KIND} ${policy} is not applied to it`,
    };
  org.readings ??= {};
  const why =
    org.readings[kind] ??
    new Unknown(
      `account ${org.account} deploys the organization's ${KIND}s and may be its management account, which they do not affect (${what}); the inputs do not create the organization, so they do not say`,
      source,
    );
  org.readings[kind] = why;
  return {
    document: {
      ...document,
      presence: document.presence
        ? new Unknown(`${document.presence.reason}; and ${why.reason}`, document.presence.source ?? source)
        : why,
    },
    message: `${KIND} ${policy} is applied to account ${org.account} maybe-present (a Deny it has makes verdicts indeterminate): ${why.reason}`,
  };
}

/**
 * The accounts the `--scp` / `--rcp` files reach among `accounts` (the `--account` given, else
 * every account of the inputs): all but the management account, which the inputs create the
 * organization in (`Account.managementAccount`); `skipped` says why each left out one is.
 */
export function orgFileTargets(
  accounts: readonly Account[],
  kinds: readonly ('scp' | 'rcp')[],
): { targets: string[]; skipped: { account: string; message: string }[] } {
  const targets: string[] = [];
  const skipped: { account: string; message: string }[] = [];
  for (const a of accounts) {
    if (!a.managementAccount) {
      targets.push(a.id);
      continue;
    }
    const what = kinds
      .map((k) =>
        k === 'scp'
          ? "SCPs don't affect users or roles in the management account"
          : "RCPs don't affect resources in the management account",
      )
      .join('; ');
    skipped.push({
      account: a.id,
      message: `the inputs create the organization in account ${a.id}, so it is the management account (${what}): the ${kinds.map((k) => `--${k}`).join(' / ')} files are not applied to it`,
    });
  }
  return { targets, skipped };
}

/**
 * Whether the SCPs and RCPs the model holds for `account` affect it: not when the inputs create the
 * organization in it (its management account). A stand-in account keeps them (the engine decides
 * it again as other accounts: account-worlds.ts).
 */
export function orgPoliciesApplyTo(account: Account): boolean {
  return !account.managementAccount || isStandInAccount(account.id);
}

/** One info finding per management account whose SCPs/RCPs in the model the engine does not apply. */
export function managementAccountFindings(model: Model): Finding[] {
  const out: Finding[] = [];
  for (const a of model.accounts) {
    if (orgPoliciesApplyTo(a)) continue;
    const o = model.organizations.find((x) => x.account === a.id);
    const docs = [...(o?.scps ?? []), ...(o?.rcps ?? [])].filter((d) => d.source.builtIn === undefined);
    if (!docs.length) continue;
    out.push({
      code: 'load/org-policy-management-account',
      severity: 'info',
      message: `the inputs create the organization in account ${a.id}, so it is the management account ("SCPs don't affect users or roles in the management account"; "RCPs don't affect resources in the management account"): ${[...new Set(docs.map((d) => d.name ?? 'an organization policy'))].join(', ')} attached to it ${docs.length > 1 ? 'are' : 'is'} not applied`,
      source: docs[0]!.source,
    });
  }
  return out;
}
