// Terraform role literals the deploy-time tests share: an `aws_iam_role` whose trust policy lets
// one AWS service assume it (the shape every deploy-time fixture starts from).

/** HCL of `resource "aws_iam_role" "NAME"` named NAME, trusting `service` (e.g. lambda.amazonaws.com). */
export function tfServiceRole(name: string, service: string): string {
  return `resource "aws_iam_role" "${name}" {
  name = "${name}"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "${service}" }, Action = "sts:AssumeRole" }] })
}`;
}

/** `tfServiceRole(name, service)` with the AWS managed AdministratorAccess attached (`aws_iam_role_policy_attachment.admin`). */
export function tfAdminServiceRole(name: string, service: string): string {
  return `${tfServiceRole(name, service)}
resource "aws_iam_role_policy_attachment" "admin" {
  role = aws_iam_role.${name}.name
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}`;
}

/** An administrator ECS task role `aws_iam_role.task` and the task definition `td` that runs with it. */
export function tfAdminEcsTaskDefinition(): string {
  return `${tfAdminServiceRole('task', 'ecs-tasks.amazonaws.com')}
resource "aws_ecs_task_definition" "td" {
  family = "td"
  task_role_arn = aws_iam_role.task.arn
  container_definitions = jsonencode([{ name = "c", image = "x" }])
}`;
}

/**
 * HCL of the Lambda function `setup` (`aws_lambda_function.f`, running as `aws_iam_role.fn`) and
 * the `aws_lambda_invocation.run` that runs it at deployment time.
 */
export function tfInvokedSetupFunction(): string {
  return `resource "aws_lambda_function" "f" {
  function_name = "setup"
  role = aws_iam_role.fn.arn
  handler = "index.handler"
  runtime = "nodejs20.x"
  filename = "x.zip"
}
resource "aws_lambda_invocation" "run" {
  function_name = aws_lambda_function.f.function_name
  input = "{}"
}`;
}

/**
 * `tfAdminServiceRole('svc', 'ec2.amazonaws.com')` and the instance profile
 * `aws_iam_instance_profile.web` (named web) holding it: the administrator role EC2 instances of a
 * launch template or launch configuration run with.
 */
export function tfAdminInstanceProfile(): string {
  return `${tfAdminServiceRole('svc', 'ec2.amazonaws.com')}
resource "aws_iam_instance_profile" "web" {
  name = "web"
  role = aws_iam_role.svc.name
}`;
}

/** The user `dev` (`aws_iam_user.dev`) with the inline policy `p` allowing `actions` on `resource`. */
export function tfDevUser(actions: readonly string[], resource = '*'): string {
  return tfDevUserStatements([{ Action: actions, Resource: resource }]);
}

/**
 * The user `dev` (`aws_iam_user.dev`) with the inline policy `p` allowing each of `statements` (an
 * `Effect` of its own wins): `cfnDevUser`'s Terraform twin.
 */
export function tfDevUserStatements(statements: readonly object[]): string {
  const policy = {
    Version: '2012-10-17',
    Statement: statements.map((s) => ({ Effect: 'Allow', ...s })),
  };
  return `resource "aws_iam_user" "dev" { name = "dev" }
resource "aws_iam_user_policy" "p" {
  user = aws_iam_user.dev.name
  policy = ${JSON.stringify(JSON.stringify(policy))}
}`;
}

/**
 * The administrator role `admin` CloudFormation may assume (AdministratorAccess in
 * `managed_policy_arns`) and the user `dev` allowed cloudformation:UpdateStack on `stacks`: the
 * stack-role fixtures of the Terraform aws_cloudformation_stack tests.
 */
export function tfStackAdminAndDev(stacks: string): string {
  return `resource "aws_iam_role" "admin" {
  name                = "admin"
  assume_role_policy  = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "cloudformation.amazonaws.com" }, Action = "sts:AssumeRole" }] })
  managed_policy_arns = ["arn:aws:iam::aws:policy/AdministratorAccess"]
}
resource "aws_iam_user" "dev" { name = "dev" }
resource "aws_iam_user_policy" "dev" {
  user   = aws_iam_user.dev.name
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "cloudformation:UpdateStack", Resource = "${stacks}" }] })
}`;
}
