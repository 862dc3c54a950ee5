// The Terraform configurations of the tests of the AWS managed organization policies
// (src/aws/org-managed-policies.ts): role app of account 111122223333 with an inline policy
// allowing s3:GetObject and s3:PutObject, alone or beside service control policies attached at
// that account (an allow list of s3:GetObject, with or without FullAWSAccess and RCPFullAWSAccess
// attached explicitly beside it; a deny list of s3:DeleteObject). Each is written as `main.tf` to
// a fresh temporary directory (test/helpers/temp-inputs.ts).

import { writeTempFiles } from './temp-inputs.js';

/** The provider (account 111122223333, us-east-1) and role app with its inline policy s3. */
const APP_ROLE_WITH_S3 = `provider "aws" {
  region              = "us-east-1"
  allowed_account_ids = ["111122223333"]
}

resource "aws_iam_role" "app" {
  name = "app"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "ec2.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}

resource "aws_iam_role_policy" "s3" {
  role = aws_iam_role.app.id
  name = "s3"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["s3:GetObject", "s3:PutObject"], Resource = "*" }]
  })
}
`;

/** An SCP `name` (resource `id`) of one statement `effect` `action` on `*`, attached at the account. */
const scpAtAccount = (id: string, name: string, effect: 'Allow' | 'Deny', action: string) => `
resource "aws_organizations_policy" "${id}" {
  name = "${name}"
  type = "SERVICE_CONTROL_POLICY"
  content = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "${effect}", Action = "${action}", Resource = "*" }]
  })
}

resource "aws_organizations_policy_attachment" "${id}" {
  policy_id = aws_organizations_policy.${id}.id
  target_id = "111122223333"
}
`;

/** An allow-list SCP attached at the account: only s3:GetObject. */
const GET_ONLY_ALLOW_LIST = scpAtAccount('get_only', 'get-only', 'Allow', 's3:GetObject');

/** FullAWSAccess and RCPFullAWSAccess attached explicitly at the account. */
const FULL_ACCESS_ATTACHED = `
# Beside an allow list, the AWS managed FullAWSAccess attached explicitly at the same level: the
# level allows everything (OR within a level).
resource "aws_organizations_policy_attachment" "full" {
  policy_id = "p-FullAWSAccess"
  target_id = "111122223333"
}

resource "aws_organizations_policy_attachment" "rcp_full" {
  policy_id = "p-RCPFullAWSAccess"
  target_id = "111122223333"
}
`;

/** A deny-list SCP attached at the account: s3:DeleteObject denied. */
const NO_DELETE_DENY_LIST = scpAtAccount('no_delete', 'no-delete', 'Deny', 's3:DeleteObject');

/** The configurations by what the account's SCPs are. */
const CONFIGS = {
  'role only': APP_ROLE_WITH_S3,
  'allow list': APP_ROLE_WITH_S3 + GET_ONLY_ALLOW_LIST,
  'allow list beside FullAWSAccess': APP_ROLE_WITH_S3 + GET_ONLY_ALLOW_LIST + FULL_ACCESS_ATTACHED,
  'deny list': APP_ROLE_WITH_S3 + NO_DELETE_DENY_LIST,
} as const;

/** Writes the configuration `which` as `main.tf` to a fresh temporary directory; returns the directory. */
export function orgManagedTerraform(which: keyof typeof CONFIGS): string {
  return writeTempFiles({ 'main.tf': CONFIGS[which] }, 'iamspec-org-managed-');
}
