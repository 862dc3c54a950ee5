// The Terraform configuration of the delegated administrator tests (test/escalation-stack-roles,
// escalation-delegated-names): an organization's management account registering a member account
// as the delegated administrator of a service, a role of another member account, and the user ops
// of the delegated account with one inline policy.

/** The Region and the three accounts of a delegated administrator configuration. */
export const REGION = 'us-west-2';
export const MANAGEMENT = '111111111111';
export const DELEGATED = '222222222222';
export const MEMBER = '333333333333';

/** An `aws` provider of `account` in REGION, the default one when `alias` is undefined. */
const provider = (alias: string | undefined, account: string) => `provider "aws" {
  ${alias ? `alias               = "${alias}"` : ''}
  region              = "${REGION}"
  allowed_account_ids = ["${account}"]
}`;

/** Role `name` (its resource label with `_`), trusting EC2, of the provider `alias` (else the management account). */
const role = (name: string, alias?: string) => `resource "aws_iam_role" "${name.replace('-', '_')}" {
  ${alias ? `provider           = aws.${alias}` : ''}
  name               = "${name}"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "ec2.amazonaws.com" }, Action = "sts:AssumeRole" }] })
}`;

/**
 * main.tf: providers of MANAGEMENT (the default), DELEGATED (`aws.delegated`) and MEMBER
 * (`aws.member`); `aws_organizations_delegated_administrator.LABEL` registering DELEGATED for
 * `service`; role member-admin of MEMBER (and root-admin of MANAGEMENT when `rootAdmin`), both
 * trusting EC2; user ops of DELEGATED whose inline policy has `statements`.
 */
export function delegatedAdminConfig(o: {
  service: string;
  label: string;
  statements: readonly object[];
  rootAdmin?: boolean;
}): string {
  return [
    provider(undefined, MANAGEMENT),
    provider('delegated', DELEGATED),
    provider('member', MEMBER),
    `resource "aws_organizations_delegated_administrator" "${o.label}" {
  account_id        = "${DELEGATED}"
  service_principal = "${o.service}"
}`,
    ...(o.rootAdmin ? [role('root-admin')] : []),
    role('member-admin', 'member'),
    `resource "aws_iam_user" "ops" {
  provider = aws.delegated
  name     = "ops"
}
resource "aws_iam_user_policy" "ops" {
  provider = aws.delegated
  user     = aws_iam_user.ops.name
  policy   = ${JSON.stringify(JSON.stringify({ Version: '2012-10-17', Statement: o.statements }))}
}`,
  ].join('\n');
}
