// The account of the AWS provider configuration each plan instance uses, when the plan says it is
// another one than the deploying account: a configuration whose `assume_role` `role_arn` names a
// role of another account (a constant ARN), or of a member account the plan creates (a reference
// to aws_organizations_account: its id is known only after apply; the usual way in is the role
// AWS Organizations creates there, aws/org-access-role.ts). iamspec models one account per
// Terraform input: such instances are modelled in the deploying account, so each is shown with a
// `tf/provider-other-account` warning (verdicts about them are not those of their account).
// "The provider meta-argument specifies which provider configuration to use for a resource"
// (https://developer.hashicorp.com/terraform/language/meta-arguments/provider); AWS provider,
// "assume_role ... role_arn - (Optional) ARN of the IAM Role to assume"
// (https://registry.terraform.io/providers/hashicorp/aws/latest/docs#assume-role-configuration-reference).

import type { Finding } from '../../../model/finding.js';
import { isObject } from '../eval/values.js';
import type { PlanInstance } from './read-plan.js';

/** Where a provider configuration's assume_role leads: another account's id, or the member account an address creates. */
type OtherAccount = { account: string } | { creates: string };

function assumedAccount(expressions: unknown, deploying: string): OtherAccount | undefined {
  if (!isObject(expressions)) return undefined;
  const blocks = Array.isArray(expressions.assume_role) ? expressions.assume_role : [expressions.assume_role];
  for (const b of blocks) {
    const arn = isObject(b) ? b.role_arn : undefined;
    if (!isObject(arn)) continue;
    const constant =
      typeof arn.constant_value === 'string' ? /^arn:[^:]+:iam::(\d{12}):/.exec(arn.constant_value) : null;
    if (constant && constant[1] !== deploying) return { account: constant[1]! };
    const refs = Array.isArray(arn.references) ? arn.references : [];
    const created = refs.find(
      (r) => typeof r === 'string' && /(^|\.)aws_organizations_account\.[^.]+/.test(r),
    );
    if (typeof created === 'string')
      return { creates: created.replace(/^(.*?aws_organizations_account\.[^.[]+(\[[^\]]*\])?).*$/, '$1') };
  }
  return undefined;
}

/** The `tf/provider-other-account` warnings of a plan's instances deployed into another account than `deploying`. */
export function otherAccountFindings(
  file: string,
  providerConfig: unknown,
  instances: readonly PlanInstance[],
  deploying: string,
): Finding[] {
  if (!isObject(providerConfig)) return [];
  const out: Finding[] = [];
  for (const [key, c] of Object.entries(providerConfig)) {
    if (!isObject(c) || c.name !== 'aws') continue;
    const other = assumedAccount(c.expressions, deploying);
    if (!other) continue;
    const placed = instances.filter(
      (i) => i.mode === 'managed' && i.action !== 'delete' && i.providerConfigKey === key,
    );
    if (!placed.length) continue;
    const where =
      'account' in other
        ? `account ${other.account}`
        : `the member account ${other.creates} creates (its id is known only after apply)`;
    out.push({
      code: 'tf/provider-other-account',
      severity: 'warning',
      message: `provider configuration ${key} assumes a role in ${where}; ${placed.map((i) => i.address).join(', ')} ${placed.length > 1 ? 'are' : 'is'} deployed there but modelled in the deploying account ${deploying} (iamspec models one account per Terraform input), so verdicts about ${placed.length > 1 ? 'them' : 'it'} are not those of ${where}: check that account with its own plan`,
      source: { file, pointer: placed[0]!.pointer, address: placed[0]!.address },
    });
  }
  return out;
}
