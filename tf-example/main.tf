# The company1 account (see SCENARIO.md) in Terraform: account 629470240201, region us-west-2.
# Buckets and their policies, groups, users, roles, the instance profile on the EC2 instance
# `log-processor`. Policies are written the way real code writes them: some with jsonencode(),
# some with data "aws_iam_policy_document", several referring to ARNs that are known only
# after apply (aws_s3_bucket.logs.arn, aws_iam_user.john.arn), so a plan has unknowns.

terraform {
  required_version = ">= 1.5.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.94"
    }
  }
}

provider "aws" {
  region              = "us-west-2"
  allowed_account_ids = ["629470240201"]
}

data "aws_caller_identity" "current" {}

variable "log_processor_ami" {
  description = "AMI of the log-processor instance (Amazon Linux 2023, us-west-2)"
  type        = string
  default     = "ami-05572e392e80aee89"
}

# ------------------------------------------------------------------------------------ buckets

resource "aws_s3_bucket" "hr" {
  bucket = "company1-hr"
}

resource "aws_s3_bucket" "logs" {
  bucket = "company1-logs"
}

resource "aws_s3_bucket" "sales" {
  bucket = "company1-sales"
}

resource "aws_s3_bucket" "uploads" {
  bucket = "company1-uploads"
}

data "aws_iam_policy_document" "hr_tls_only" {
  statement {
    sid     = "DenyWithoutTls"
    effect  = "Deny"
    actions = ["s3:*"]
    resources = [
      aws_s3_bucket.hr.arn,
      "${aws_s3_bucket.hr.arn}/*",
    ]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_s3_bucket_policy" "hr" {
  bucket = aws_s3_bucket.hr.id
  policy = data.aws_iam_policy_document.hr_tls_only.json
}

resource "aws_s3_bucket_policy" "sales" {
  bucket = aws_s3_bucket.sales.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "JohnFullAccess"
        Effect    = "Allow"
        Principal = { AWS = aws_iam_user.john.arn }
        Action    = "s3:*"
        Resource = [
          aws_s3_bucket.sales.arn,
          "${aws_s3_bucket.sales.arn}/*",
        ]
      },
    ]
  })
}

# ------------------------------------------------------------------------------------- groups

resource "aws_iam_group" "hr" {
  name = "HR"
}

resource "aws_iam_policy" "hr" {
  name        = "HRPolicy"
  description = "HR members list company1-hr and read its objects"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "ListHr"
        Effect   = "Allow"
        Action   = "s3:ListBucket"
        Resource = "arn:aws:s3:::${aws_s3_bucket.hr.bucket}"
      },
      {
        Sid      = "ReadHr"
        Effect   = "Allow"
        Action   = "s3:GetObject"
        Resource = "arn:aws:s3:::${aws_s3_bucket.hr.bucket}/*"
      },
    ]
  })
}

resource "aws_iam_group_policy_attachment" "hr" {
  group      = aws_iam_group.hr.name
  policy_arn = aws_iam_policy.hr.arn
}

resource "aws_iam_group" "it" {
  name = "IT"
}

resource "aws_iam_group_policy_attachment" "it_admin" {
  group      = aws_iam_group.it.name
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}

resource "aws_iam_group" "developers" {
  name = "Developers"
}

data "aws_iam_policy_document" "developers" {
  statement {
    sid       = "Ec2All"
    actions   = ["ec2:*"]
    resources = ["*"]
  }

  statement {
    sid       = "ReadSales"
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::company1-sales/*"]
  }

  statement {
    sid       = "NeverStop"
    effect    = "Deny"
    actions   = ["ec2:StopInstances"]
    resources = ["*"]
  }
}

resource "aws_iam_policy" "developers" {
  name        = "Developers_Policy"
  description = "Developers run EC2 (but never stop instances) and read company1-sales objects"
  policy      = data.aws_iam_policy_document.developers.json
}

resource "aws_iam_policy" "logs" {
  name        = "Company1-Logs-Policy"
  description = "Read and write the application logs in company1-logs"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid    = "Logs"
        Effect = "Allow"
        Action = ["s3:ListBucket", "s3:GetObject", "s3:PutObject", "s3:DeleteObject"]
        Resource = [
          aws_s3_bucket.logs.arn,
          "${aws_s3_bucket.logs.arn}/*",
        ]
      },
    ]
  })
}

resource "aws_iam_group_policy_attachment" "developers" {
  group      = aws_iam_group.developers.name
  policy_arn = aws_iam_policy.developers.arn
}

resource "aws_iam_group_policy_attachment" "developers_logs" {
  group      = aws_iam_group.developers.name
  policy_arn = aws_iam_policy.logs.arn
}

# -------------------------------------------------------------------------------------- users

resource "aws_iam_user" "john" {
  name = "john"
}

resource "aws_iam_user_group_membership" "john" {
  user = aws_iam_user.john.name
  groups = [
    aws_iam_group.hr.name,
    aws_iam_group.developers.name,
  ]
}

resource "aws_iam_user" "sarah" {
  name = "sarah"
}

# aws_iam_group_membership is exclusive for its group: IT has no other members.
resource "aws_iam_group_membership" "it" {
  name  = "it-members"
  group = aws_iam_group.it.name
  users = [aws_iam_user.sarah.name]
}

resource "aws_iam_policy" "intern_boundary" {
  name        = "InternBoundaryPolicy"
  description = "Permissions boundary of interns: list company1-logs, nothing else"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "ListLogs"
        Effect   = "Allow"
        Action   = "s3:ListBucket"
        Resource = "arn:aws:s3:::${aws_s3_bucket.logs.bucket}"
      },
    ]
  })
}

resource "aws_iam_user" "sara_intern" {
  name                 = "Sara-intern"
  permissions_boundary = aws_iam_policy.intern_boundary.arn
}

resource "aws_iam_user_group_membership" "sara_intern" {
  user   = aws_iam_user.sara_intern.name
  groups = [aws_iam_group.developers.name]
}

resource "aws_iam_user" "uploader" {
  name = "uploader"
}

# Temporary credentials only: aws:TokenIssueTime is present for role sessions and
# federated users, never for an IAM user's long-term access keys.
data "aws_iam_policy_document" "uploader" {
  statement {
    sid       = "ObjectsWithTemporaryCredentials"
    actions   = ["s3:PutObject", "s3:GetObject", "s3:DeleteObject"]
    resources = ["${aws_s3_bucket.uploads.arn}/*"]

    condition {
      test     = "Null"
      variable = "aws:TokenIssueTime"
      values   = ["false"]
    }
  }

  statement {
    sid       = "ListWithTemporaryCredentials"
    actions   = ["s3:ListBucket"]
    resources = [aws_s3_bucket.uploads.arn]

    condition {
      test     = "Null"
      variable = "aws:TokenIssueTime"
      values   = ["false"]
    }
  }
}

resource "aws_iam_user_policy" "uploader" {
  name   = "UploaderPolicy"
  user   = aws_iam_user.uploader.name
  policy = data.aws_iam_policy_document.uploader.json
}

# -------------------------------------------------------------------------------------- roles

data "aws_iam_policy_document" "logs_role_trust" {
  statement {
    sid     = "Ec2AssumesRole"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["ec2.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "logs" {
  name               = "Company1-Logs-Role"
  assume_role_policy = data.aws_iam_policy_document.logs_role_trust.json
}

resource "aws_iam_role_policy" "logs_read" {
  name = "Company1-Logs-Read"
  role = aws_iam_role.logs.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "ReadLogs"
        Effect   = "Allow"
        Action   = "s3:GetObject"
        Resource = "${aws_s3_bucket.logs.arn}/*"
      },
    ]
  })
}

resource "aws_iam_instance_profile" "log_processor" {
  name = "Company1-Logs-Profile"
  role = aws_iam_role.logs.name
}

resource "aws_instance" "log_processor" {
  ami                  = var.log_processor_ami
  instance_type        = "t3.micro"
  iam_instance_profile = aws_iam_instance_profile.log_processor.name

  tags = {
    Name = "log-processor"
  }
}

resource "aws_iam_role" "john_upload" {
  name = "JohnUploadRole"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "JohnAssumesRole"
        Effect    = "Allow"
        Principal = { AWS = aws_iam_user.john.arn }
        Action    = "sts:AssumeRole"
      },
    ]
  })
}

data "aws_iam_policy_document" "upload_file" {
  statement {
    sid     = "UploadFile"
    actions = ["s3:ListBucket", "s3:GetObject", "s3:PutObject"]
    resources = [
      "arn:aws:s3:::company1-hr",
      "arn:aws:s3:::company1-hr/*",
    ]
  }
}

resource "aws_iam_policy" "upload_file" {
  name        = "SessionPolicy-UploadFile"
  description = "What JohnUploadRole sessions may do in company1-hr (narrowed by the session policy)"
  policy      = data.aws_iam_policy_document.upload_file.json
}

resource "aws_iam_role_policy_attachment" "john_upload" {
  role       = aws_iam_role.john_upload.name
  policy_arn = aws_iam_policy.upload_file.arn
}

# ------------------------------------------------------------------------ GitHub Actions (OIDC)
# Workflows of company1/infra on main deploy the stacks: GitHub's OIDC provider, and a role whose
# trust pins the audience and the repository and branch (`sub`).

resource "aws_iam_openid_connect_provider" "github" {
  url            = "https://token.actions.githubusercontent.com"
  client_id_list = ["sts.amazonaws.com"]
}

data "aws_iam_policy_document" "github_deploy_trust" {
  statement {
    sid     = "GitHubInfraMain"
    actions = ["sts:AssumeRoleWithWebIdentity"]

    principals {
      type        = "Federated"
      identifiers = [aws_iam_openid_connect_provider.github.arn]
    }

    condition {
      test     = "StringEquals"
      variable = "token.actions.githubusercontent.com:aud"
      values   = ["sts.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "token.actions.githubusercontent.com:sub"
      values   = ["repo:company1/infra:ref:refs/heads/main"]
    }
  }
}

resource "aws_iam_role" "github_deploy" {
  name               = "Company1-GitHubDeploy-Role"
  assume_role_policy = data.aws_iam_policy_document.github_deploy_trust.json
}

resource "aws_iam_role_policy" "github_deploy" {
  name = "Company1-Deploy"
  role = aws_iam_role.github_deploy.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid    = "DeployCompany1Stacks"
        Effect = "Allow"
        Action = [
          "cloudformation:CreateChangeSet",
          "cloudformation:DescribeChangeSet",
          "cloudformation:DescribeStacks",
          "cloudformation:ExecuteChangeSet",
        ]
        Resource = "arn:aws:cloudformation:us-west-2:${data.aws_caller_identity.current.account_id}:stack/company1-*/*"
      },
    ]
  })
}

# ------------------------------------------------------------------------------------ outputs

output "account_id" {
  value = data.aws_caller_identity.current.account_id
}

output "john_upload_role_arn" {
  value = aws_iam_role.john_upload.arn
}
