// Test helper: the Terraform configuration of the tests on IAM customer managed policy tags
// (test/iam-policy-resource-tags.test.ts, test/diff-iam-policy-tags.test.ts): the policy app,
// tagged as a test says, and the user dev whose inline policy rewrites policies tagged team=dev.

export const ACCOUNT = '111122223333';
/** The user dev. */
export const DEV = `arn:aws:iam::${ACCOUNT}:user/dev`;
/** The customer managed policy app. */
export const POLICY = `arn:aws:iam::${ACCOUNT}:policy/app`;

/** A policy document allowing `actions` on `*` under `StringEquals aws:ResourceTag/team: dev`. */
export function rewriteTeamDev(actions: readonly string[]) {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Action: [...actions],
        Resource: '*',
        Condition: { StringEquals: { 'aws:ResourceTag/team': 'dev' } },
      },
    ],
  };
}

/**
 * Terraform text (us-east-1, ACCOUNT): the managed policy app with the attribute line `tags`
 * (`tags = { team = "dev" }`, or none: ''), the user dev with the inline policy p whose document
 * is `rewrite` (written as `policy = "<JSON>"`), and, with `attach`, app attached to dev.
 */
export function policyTagsTerraform(
  tags: string,
  rewrite: object,
  options: { attach?: boolean } = {},
): string {
  const attach = options.attach
    ? `resource "aws_iam_user_policy_attachment" "a" {
  user       = aws_iam_user.dev.name
  policy_arn = aws_iam_policy.app.arn
}
`
    : '';
  return `
provider "aws" {
  region              = "us-east-1"
  allowed_account_ids = ["${ACCOUNT}"]
}
resource "aws_iam_policy" "app" {
  name   = "app"
  ${tags}
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "*" }] })
}
resource "aws_iam_user" "dev" { name = "dev" }
${attach}resource "aws_iam_user_policy" "p" {
  name   = "p"
  user   = aws_iam_user.dev.name
  policy = ${JSON.stringify(JSON.stringify(rewrite))}
}
`;
}
