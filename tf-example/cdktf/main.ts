// The company1 account (see SCENARIO.md) as a CDKTF app with @cdktf/provider-aws: the same
// scenario as ../main.tf. Policies are written the ways CDKTF code writes them: the
// aws_iam_policy_document data source, `Fn.jsonencode` and `JSON.stringify` over token strings,
// several referring to ARNs known only after apply. The optional mutations each break one
// intended access rule (SCENARIO.md "Mutations"); tests use them to show the checks turn red.
// Synthesized with `Testing.synth` / `Testing.fullSynth` (no cdktf CLI needed).

import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity/index.js';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document/index.js';
import { IamGroup } from '@cdktf/provider-aws/lib/iam-group/index.js';
import { IamGroupMembership } from '@cdktf/provider-aws/lib/iam-group-membership/index.js';
import { IamGroupPolicyAttachment } from '@cdktf/provider-aws/lib/iam-group-policy-attachment/index.js';
import { IamInstanceProfile } from '@cdktf/provider-aws/lib/iam-instance-profile/index.js';
import { IamOpenidConnectProvider } from '@cdktf/provider-aws/lib/iam-openid-connect-provider/index.js';
import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy/index.js';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role/index.js';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy/index.js';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment/index.js';
import { IamUser } from '@cdktf/provider-aws/lib/iam-user/index.js';
import { IamUserGroupMembership } from '@cdktf/provider-aws/lib/iam-user-group-membership/index.js';
import { IamUserPolicy } from '@cdktf/provider-aws/lib/iam-user-policy/index.js';
import { Instance } from '@cdktf/provider-aws/lib/instance/index.js';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider/index.js';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket/index.js';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy/index.js';
import { App, Fn, TerraformOutput, TerraformStack, TerraformVariable } from 'cdktf';
import type { Construct } from 'constructs';

export const COMPANY1_ACCOUNT = '629470240201';
export const COMPANY1_REGION = 'us-west-2';
export const COMPANY1_STACK_NAME = 'company1';

/** Changes that each break one intended access rule of SCENARIO.md ("Mutations"). */
export interface Company1Mutations {
  /** InternBoundaryPolicy also allows `s3:GetObject` on company1-logs/* (breaks intent 1). */
  internBoundaryAllowsGetObject?: boolean;
  /** Sara-intern has no permissions boundary (breaks intent 1). */
  noInternBoundary?: boolean;
  /** An extra role trusted by EC2 with AWS managed AmazonS3ReadOnlyAccess (breaks intent 4). */
  ec2RoleWithS3ReadOnly?: boolean;
  /** company1-sales's bucket policy names Principal `*` (a public bucket). */
  publicSalesBucket?: boolean;
  /** `lambda.amazonaws.com` is added to Company1-Logs-Role's trust policy (breaks intent 2). */
  lambdaTrustsLogsRole?: boolean;
  /**
   * The GitHub Actions deploy role's trust tests only the audience, not the `sub` claim: any
   * repository's workflow can assume it (breaks github-deploys-from-infra-main).
   */
  githubDeployWithoutSub?: boolean;
}

/** Name of the extra role added by the `ec2RoleWithS3ReadOnly` mutation. */
export const S3_READ_ONLY_ROLE_NAME = 'Company1-S3-ReadOnly-Role';

const temporaryCredentialsOnly = [{ test: 'Null', variable: 'aws:TokenIssueTime', values: ['false'] }];

export class Company1Stack extends TerraformStack {
  constructor(scope: Construct, id: string = COMPANY1_STACK_NAME, mutations: Company1Mutations = {}) {
    super(scope, id);

    new AwsProvider(this, 'aws', { region: COMPANY1_REGION, allowedAccountIds: [COMPANY1_ACCOUNT] });
    const caller = new DataAwsCallerIdentity(this, 'current');
    const ami = new TerraformVariable(this, 'log_processor_ami', {
      type: 'string',
      default: 'ami-05572e392e80aee89',
      description: 'AMI of the log-processor instance (Amazon Linux 2023, us-west-2)',
    });

    // -------------------------------------------------------------------------- buckets
    const hrBucket = new S3Bucket(this, 'hr_bucket', { bucket: 'company1-hr' });
    const logsBucket = new S3Bucket(this, 'logs_bucket', { bucket: 'company1-logs' });
    const salesBucket = new S3Bucket(this, 'sales_bucket', { bucket: 'company1-sales' });
    const uploadsBucket = new S3Bucket(this, 'uploads_bucket', { bucket: 'company1-uploads' });

    const hrTlsOnly = new DataAwsIamPolicyDocument(this, 'hr_tls_only', {
      statement: [
        {
          sid: 'DenyWithoutTls',
          effect: 'Deny',
          actions: ['s3:*'],
          resources: [hrBucket.arn, `${hrBucket.arn}/*`],
          principals: [{ type: '*', identifiers: ['*'] }],
          condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }],
        },
      ],
    });
    new S3BucketPolicy(this, 'hr_bucket_policy', { bucket: hrBucket.id, policy: hrTlsOnly.json });

    // users come before the sales bucket policy that names john
    const john = new IamUser(this, 'john', { name: 'john' });
    new S3BucketPolicy(this, 'sales_bucket_policy', {
      bucket: salesBucket.id,
      policy: Fn.jsonencode({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'JohnFullAccess',
            Effect: 'Allow',
            Principal: mutations.publicSalesBucket ? '*' : { AWS: john.arn },
            Action: 's3:*',
            Resource: [salesBucket.arn, `${salesBucket.arn}/*`],
          },
        ],
      }),
    });

    // --------------------------------------------------------------------------- groups
    const hr = new IamGroup(this, 'hr_group', { name: 'HR' });
    const hrPolicy = new IamPolicy(this, 'hr_policy', {
      name: 'HRPolicy',
      description: 'HR members list company1-hr and read its objects',
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'ListHr',
            Effect: 'Allow',
            Action: 's3:ListBucket',
            Resource: `arn:aws:s3:::${hrBucket.bucket}`,
          },
          {
            Sid: 'ReadHr',
            Effect: 'Allow',
            Action: 's3:GetObject',
            Resource: `arn:aws:s3:::${hrBucket.bucket}/*`,
          },
        ],
      }),
    });
    new IamGroupPolicyAttachment(this, 'hr_policy_attachment', {
      group: hr.name,
      policyArn: hrPolicy.arn,
    });

    const it = new IamGroup(this, 'it_group', { name: 'IT' });
    new IamGroupPolicyAttachment(this, 'it_admin', {
      group: it.name,
      policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess',
    });

    const developers = new IamGroup(this, 'developers_group', { name: 'Developers' });
    const developersDocument = new DataAwsIamPolicyDocument(this, 'developers_document', {
      statement: [
        { sid: 'Ec2All', actions: ['ec2:*'], resources: ['*'] },
        { sid: 'ReadSales', actions: ['s3:GetObject'], resources: ['arn:aws:s3:::company1-sales/*'] },
        { sid: 'NeverStop', effect: 'Deny', actions: ['ec2:StopInstances'], resources: ['*'] },
      ],
    });
    const developersPolicy = new IamPolicy(this, 'developers_policy', {
      name: 'Developers_Policy',
      description: 'Developers run EC2 (but never stop instances) and read company1-sales objects',
      policy: developersDocument.json,
    });
    const logsPolicy = new IamPolicy(this, 'logs_policy', {
      name: 'Company1-Logs-Policy',
      description: 'Read and write the application logs in company1-logs',
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'Logs',
            Effect: 'Allow',
            Action: ['s3:ListBucket', 's3:GetObject', 's3:PutObject', 's3:DeleteObject'],
            Resource: [logsBucket.arn, `${logsBucket.arn}/*`],
          },
        ],
      }),
    });
    new IamGroupPolicyAttachment(this, 'developers_policy_attachment', {
      group: developers.name,
      policyArn: developersPolicy.arn,
    });
    new IamGroupPolicyAttachment(this, 'developers_logs_attachment', {
      group: developers.name,
      policyArn: logsPolicy.arn,
    });

    // ---------------------------------------------------------------------------- users
    new IamUserGroupMembership(this, 'john_groups', { user: john.name, groups: [hr.name, developers.name] });

    const sarah = new IamUser(this, 'sarah', { name: 'sarah' });
    // aws_iam_group_membership is exclusive for its group: IT has no other members.
    new IamGroupMembership(this, 'it_members', { name: 'it-members', group: it.name, users: [sarah.name] });

    const boundaryStatements: Record<string, unknown>[] = [
      {
        Sid: 'ListLogs',
        Effect: 'Allow',
        Action: 's3:ListBucket',
        Resource: `arn:aws:s3:::${logsBucket.bucket}`,
      },
    ];
    if (mutations.internBoundaryAllowsGetObject) {
      boundaryStatements.push({
        Sid: 'ReadLogs',
        Effect: 'Allow',
        Action: 's3:GetObject',
        Resource: `arn:aws:s3:::${logsBucket.bucket}/*`,
      });
    }
    const internBoundary = new IamPolicy(this, 'intern_boundary', {
      name: 'InternBoundaryPolicy',
      description: 'Permissions boundary of interns: list company1-logs, nothing else',
      policy: Fn.jsonencode({ Version: '2012-10-17', Statement: boundaryStatements }),
    });
    const saraIntern = new IamUser(this, 'sara_intern', {
      name: 'Sara-intern',
      ...(mutations.noInternBoundary ? {} : { permissionsBoundary: internBoundary.arn }),
    });
    new IamUserGroupMembership(this, 'sara_intern_groups', {
      user: saraIntern.name,
      groups: [developers.name],
    });

    const uploader = new IamUser(this, 'uploader', { name: 'uploader' });
    // Temporary credentials only: aws:TokenIssueTime is present for role sessions and
    // federated users, never for an IAM user's long-term access keys.
    const uploaderDocument = new DataAwsIamPolicyDocument(this, 'uploader_document', {
      statement: [
        {
          sid: 'ObjectsWithTemporaryCredentials',
          actions: ['s3:PutObject', 's3:GetObject', 's3:DeleteObject'],
          resources: [`${uploadsBucket.arn}/*`],
          condition: temporaryCredentialsOnly,
        },
        {
          sid: 'ListWithTemporaryCredentials',
          actions: ['s3:ListBucket'],
          resources: [uploadsBucket.arn],
          condition: temporaryCredentialsOnly,
        },
      ],
    });
    new IamUserPolicy(this, 'uploader_policy', {
      name: 'UploaderPolicy',
      user: uploader.name,
      policy: uploaderDocument.json,
    });

    // ---------------------------------------------------------------------------- roles
    const trustedServices = ['ec2.amazonaws.com'];
    if (mutations.lambdaTrustsLogsRole) trustedServices.push('lambda.amazonaws.com');
    const logsRoleTrust = new DataAwsIamPolicyDocument(this, 'logs_role_trust', {
      statement: [
        {
          sid: 'Ec2AssumesRole',
          actions: ['sts:AssumeRole'],
          principals: [{ type: 'Service', identifiers: trustedServices }],
        },
      ],
    });
    const logsRole = new IamRole(this, 'logs_role', {
      name: 'Company1-Logs-Role',
      assumeRolePolicy: logsRoleTrust.json,
    });
    new IamRolePolicy(this, 'logs_read', {
      name: 'Company1-Logs-Read',
      role: logsRole.id,
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Sid: 'ReadLogs', Effect: 'Allow', Action: 's3:GetObject', Resource: `${logsBucket.arn}/*` },
        ],
      }),
    });
    const profile = new IamInstanceProfile(this, 'log_processor_profile', {
      name: 'Company1-Logs-Profile',
      role: logsRole.name,
    });
    new Instance(this, 'log_processor', {
      ami: ami.stringValue,
      instanceType: 't3.micro',
      iamInstanceProfile: profile.name,
      tags: { Name: 'log-processor' },
    });

    const johnUpload = new IamRole(this, 'john_upload_role', {
      name: 'JohnUploadRole',
      assumeRolePolicy: Fn.jsonencode({
        Version: '2012-10-17',
        Statement: [
          { Sid: 'JohnAssumesRole', Effect: 'Allow', Principal: { AWS: john.arn }, Action: 'sts:AssumeRole' },
        ],
      }),
    });
    const uploadFileDocument = new DataAwsIamPolicyDocument(this, 'upload_file_document', {
      statement: [
        {
          sid: 'UploadFile',
          actions: ['s3:ListBucket', 's3:GetObject', 's3:PutObject'],
          resources: ['arn:aws:s3:::company1-hr', 'arn:aws:s3:::company1-hr/*'],
        },
      ],
    });
    const uploadFile = new IamPolicy(this, 'upload_file_policy', {
      name: 'SessionPolicy-UploadFile',
      description: 'What JohnUploadRole sessions may do in company1-hr (narrowed by the session policy)',
      policy: uploadFileDocument.json,
    });
    new IamRolePolicyAttachment(this, 'john_upload_policy_attachment', {
      role: johnUpload.name,
      policyArn: uploadFile.arn,
    });

    if (mutations.ec2RoleWithS3ReadOnly) {
      const readOnly = new IamRole(this, 's3_read_only_role', {
        name: S3_READ_ONLY_ROLE_NAME,
        assumeRolePolicy: logsRoleTrust.json,
      });
      new IamRolePolicyAttachment(this, 's3_read_only_attachment', {
        role: readOnly.name,
        policyArn: 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess',
      });
    }

    // ----------------------------------------------------------- GitHub Actions (OIDC)
    // Workflows of company1/infra on main deploy the stacks: GitHub's OIDC provider, and a role
    // whose trust pins the audience and the repository and branch (`sub`).
    const github = new IamOpenidConnectProvider(this, 'github', {
      url: 'https://token.actions.githubusercontent.com',
      clientIdList: ['sts.amazonaws.com'],
    });
    const githubConditions = [
      {
        test: 'StringEquals',
        variable: 'token.actions.githubusercontent.com:aud',
        values: ['sts.amazonaws.com'],
      },
    ];
    if (!mutations.githubDeployWithoutSub)
      githubConditions.push({
        test: 'StringEquals',
        variable: 'token.actions.githubusercontent.com:sub',
        values: ['repo:company1/infra:ref:refs/heads/main'],
      });
    const githubDeployTrust = new DataAwsIamPolicyDocument(this, 'github_deploy_trust', {
      statement: [
        {
          sid: 'GitHubInfraMain',
          actions: ['sts:AssumeRoleWithWebIdentity'],
          principals: [{ type: 'Federated', identifiers: [github.arn] }],
          condition: githubConditions,
        },
      ],
    });
    const githubDeploy = new IamRole(this, 'github_deploy', {
      name: 'Company1-GitHubDeploy-Role',
      assumeRolePolicy: githubDeployTrust.json,
    });
    new IamRolePolicy(this, 'github_deploy_policy', {
      name: 'Company1-Deploy',
      role: githubDeploy.id,
      policy: Fn.jsonencode({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'DeployCompany1Stacks',
            Effect: 'Allow',
            Action: [
              'cloudformation:CreateChangeSet',
              'cloudformation:DescribeChangeSet',
              'cloudformation:DescribeStacks',
              'cloudformation:ExecuteChangeSet',
            ],
            Resource: `arn:aws:cloudformation:us-west-2:${caller.accountId}:stack/company1-*/*`,
          },
        ],
      }),
    });

    // -------------------------------------------------------------------------- outputs
    new TerraformOutput(this, 'account_id', { value: caller.accountId });
    new TerraformOutput(this, 'john_upload_role_arn', { value: johnUpload.arn });
  }
}

/** A new CDKTF app holding the company1 stack (`outdir` defaults to cdktf's own default). */
export function createCompany1App(options: { outdir?: string; mutations?: Company1Mutations } = {}): {
  app: App;
  stack: Company1Stack;
} {
  const app = new App({ ...(options.outdir ? { outdir: options.outdir } : {}), skipValidation: true });
  const stack = new Company1Stack(app, COMPANY1_STACK_NAME, options.mutations);
  return { app, stack };
}
