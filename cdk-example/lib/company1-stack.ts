// The company1 account (see SCENARIO.md) as one CDK stack: buckets and their policies, groups,
// users, roles, the instance profile on the EC2 instance `log-processor`. Every IAM and S3
// resource has an explicit physical name so its ARN is the scenario's. The optional mutations
// each break one intended access rule; tests use them to show the checks can turn red.

import { BootstraplessSynthesizer, Stack, type StackProps } from 'aws-cdk-lib';
import { CfnInstance } from 'aws-cdk-lib/aws-ec2';
import {
  AnyPrincipal,
  CompositePrincipal,
  Effect,
  Group,
  InstanceProfile,
  ManagedPolicy,
  OidcProviderNative,
  Policy,
  PolicyDocument,
  PolicyStatement,
  Role,
  ServicePrincipal,
  StarPrincipal,
  User,
  WebIdentityPrincipal,
} from 'aws-cdk-lib/aws-iam';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';

export const COMPANY1_ACCOUNT = '629470240201';
export const COMPANY1_REGION = 'us-west-2';
export const COMPANY1_STACK_NAME = 'Company1Stack';

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
  /** uploader joins the Developers group (a group membership added). */
  uploaderInDevelopers?: boolean;
  /**
   * The GitHub Actions deploy role's trust tests only the audience, not the `sub` claim: any
   * repository's workflow can assume it (breaks github-deploys-from-infra-main).
   */
  githubDeployWithoutSub?: boolean;
}

/** Every mutation's name (for `synth.ts --mutate` and the `mutations` context of bin/app.ts). */
export const COMPANY1_MUTATIONS: readonly (keyof Company1Mutations)[] = [
  'internBoundaryAllowsGetObject',
  'noInternBoundary',
  'ec2RoleWithS3ReadOnly',
  'publicSalesBucket',
  'lambdaTrustsLogsRole',
  'uploaderInDevelopers',
  'githubDeployWithoutSub',
];

/** Parses a comma-separated list of mutation names (`publicSalesBucket,noInternBoundary`). */
export function parseMutations(text: string | undefined): Company1Mutations {
  const out: Company1Mutations = {};
  for (const name of (text ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    if (!(COMPANY1_MUTATIONS as readonly string[]).includes(name))
      throw new Error(`unknown mutation "${name}"; the mutations are ${COMPANY1_MUTATIONS.join(', ')}`);
    out[name as keyof Company1Mutations] = true;
  }
  return out;
}

export interface Company1StackProps extends StackProps {
  mutations?: Company1Mutations;
}

/** Name of the extra role added by the `ec2RoleWithS3ReadOnly` mutation. */
export const S3_READ_ONLY_ROLE_NAME = 'Company1-S3-ReadOnly-Role';

/** The role GitHub Actions workflows of company1/infra on main assume to deploy. */
export const GITHUB_DEPLOY_ROLE_NAME = 'Company1-GitHubDeploy-Role';
/** GitHub's `sub` claim for workflows of company1/infra on the main branch. */
export const GITHUB_DEPLOY_SUBJECT = 'repo:company1/infra:ref:refs/heads/main';

export class Company1Stack extends Stack {
  // The constructs tests name as references (`expect(model).toAllow({ principal: stack.intern, ... })`).
  readonly hrBucket: Bucket;
  readonly logsBucket: Bucket;
  readonly salesBucket: Bucket;
  readonly uploadsBucket: Bucket;
  readonly hr: Group;
  readonly developers: Group;
  readonly john: User;
  readonly intern: User;
  readonly uploader: User;
  readonly logsRole: Role;
  readonly johnUploadRole: Role;

  constructor(scope: Construct, id: string = COMPANY1_STACK_NAME, props: Company1StackProps = {}) {
    const { mutations = {}, ...stackProps } = props;
    super(scope, id, {
      env: { account: COMPANY1_ACCOUNT, region: COMPANY1_REGION },
      // No bootstrap stack, no BootstrapVersion parameter/rule, no assets: a deterministic template.
      synthesizer: new BootstraplessSynthesizer(),
      analyticsReporting: false,
      description: 'company1 example account for iamspec (see SCENARIO.md)',
      ...stackProps,
    });

    // ---------------------------------------------------------------- buckets
    const hrBucket = new Bucket(this, 'company1-hr', { bucketName: 'company1-hr' });
    this.hrBucket = hrBucket;
    hrBucket.addToResourcePolicy(
      new PolicyStatement({
        sid: 'DenyWithoutTls',
        effect: Effect.DENY,
        principals: [new AnyPrincipal()],
        actions: ['s3:*'],
        resources: [hrBucket.bucketArn, hrBucket.arnForObjects('*')],
        conditions: { Bool: { 'aws:SecureTransport': 'false' } },
      }),
    );
    const logsBucket = new Bucket(this, 'company1-logs', { bucketName: 'company1-logs' });
    const salesBucket = new Bucket(this, 'company1-sales', { bucketName: 'company1-sales' });
    const uploadsBucket = new Bucket(this, 'company1-uploads', { bucketName: 'company1-uploads' });
    this.logsBucket = logsBucket;
    this.salesBucket = salesBucket;
    this.uploadsBucket = uploadsBucket;

    // ---------------------------------------------------------------- groups
    const hr = new Group(this, 'HR', { groupName: 'HR' });
    this.hr = hr;
    new ManagedPolicy(this, 'HRPolicy', {
      managedPolicyName: 'HRPolicy',
      groups: [hr],
      statements: [
        new PolicyStatement({ sid: 'ListHr', actions: ['s3:ListBucket'], resources: [hrBucket.bucketArn] }),
        new PolicyStatement({
          sid: 'ReadHr',
          actions: ['s3:GetObject'],
          resources: [hrBucket.arnForObjects('*')],
        }),
      ],
    });

    const it = new Group(this, 'IT', {
      groupName: 'IT',
      managedPolicies: [ManagedPolicy.fromAwsManagedPolicyName('AdministratorAccess')],
    });

    const developers = new Group(this, 'Developers', { groupName: 'Developers' });
    this.developers = developers;
    new ManagedPolicy(this, 'Developers_Policy', {
      managedPolicyName: 'Developers_Policy',
      groups: [developers],
      statements: [
        new PolicyStatement({ sid: 'Ec2All', actions: ['ec2:*'], resources: ['*'] }),
        new PolicyStatement({
          sid: 'ReadSales',
          actions: ['s3:GetObject'],
          resources: [salesBucket.arnForObjects('*')],
        }),
        new PolicyStatement({
          sid: 'NeverStop',
          effect: Effect.DENY,
          actions: ['ec2:StopInstances'],
          resources: ['*'],
        }),
      ],
    });
    new ManagedPolicy(this, 'Company1-Logs-Policy', {
      managedPolicyName: 'Company1-Logs-Policy',
      groups: [developers],
      statements: [
        new PolicyStatement({
          sid: 'Logs',
          actions: ['s3:ListBucket', 's3:GetObject', 's3:PutObject', 's3:DeleteObject'],
          resources: [logsBucket.bucketArn, logsBucket.arnForObjects('*')],
        }),
      ],
    });

    // ---------------------------------------------------------------- users
    const john = new User(this, 'john', { userName: 'john', groups: [hr, developers] });
    this.john = john;
    new User(this, 'sarah', { userName: 'sarah', groups: [it] });

    const boundaryStatements = [
      new PolicyStatement({ sid: 'ListLogs', actions: ['s3:ListBucket'], resources: [logsBucket.bucketArn] }),
    ];
    if (mutations.internBoundaryAllowsGetObject) {
      boundaryStatements.push(
        new PolicyStatement({
          sid: 'ReadLogs',
          actions: ['s3:GetObject'],
          resources: [logsBucket.arnForObjects('*')],
        }),
      );
    }
    const internBoundary = new ManagedPolicy(this, 'InternBoundaryPolicy', {
      managedPolicyName: 'InternBoundaryPolicy',
      statements: boundaryStatements,
    });
    this.intern = new User(this, 'Sara-intern', {
      userName: 'Sara-intern',
      groups: [developers],
      permissionsBoundary: mutations.noInternBoundary ? undefined : internBoundary,
    });

    const uploader = new User(this, 'uploader', {
      userName: 'uploader',
      ...(mutations.uploaderInDevelopers ? { groups: [developers] } : {}),
    });
    this.uploader = uploader;
    const temporaryCredentialsOnly = { Null: { 'aws:TokenIssueTime': 'false' } };
    new Policy(this, 'UploaderPolicy', {
      policyName: 'UploaderPolicy',
      users: [uploader],
      statements: [
        new PolicyStatement({
          sid: 'ObjectsWithTemporaryCredentials',
          actions: ['s3:PutObject', 's3:GetObject', 's3:DeleteObject'],
          resources: [uploadsBucket.arnForObjects('*')],
          conditions: temporaryCredentialsOnly,
        }),
        new PolicyStatement({
          sid: 'ListWithTemporaryCredentials',
          actions: ['s3:ListBucket'],
          resources: [uploadsBucket.bucketArn],
          conditions: temporaryCredentialsOnly,
        }),
      ],
    });

    salesBucket.addToResourcePolicy(
      new PolicyStatement({
        sid: 'JohnReadsSales',
        principals: [mutations.publicSalesBucket ? new StarPrincipal() : john],
        actions: ['s3:*'],
        resources: [salesBucket.bucketArn, salesBucket.arnForObjects('*')],
      }),
    );

    // ---------------------------------------------------------------- roles
    const ec2 = new ServicePrincipal('ec2.amazonaws.com');
    const logsRole = new Role(this, 'Company1-Logs-Role', {
      roleName: 'Company1-Logs-Role',
      assumedBy: mutations.lambdaTrustsLogsRole
        ? new CompositePrincipal(ec2, new ServicePrincipal('lambda.amazonaws.com'))
        : ec2,
      inlinePolicies: {
        'Company1-Logs-Read': new PolicyDocument({
          statements: [
            new PolicyStatement({
              sid: 'ReadLogs',
              actions: ['s3:GetObject'],
              resources: [logsBucket.arnForObjects('*')],
            }),
          ],
        }),
      },
    });
    this.logsRole = logsRole;
    const logsProfile = new InstanceProfile(this, 'Company1-Logs-InstanceProfile', {
      instanceProfileName: 'Company1-Logs-Role',
      role: logsRole,
    });
    new CfnInstance(this, 'log-processor', {
      // A literal image id: no AMI lookup, no VPC; the instance only carries the profile.
      imageId: 'ami-0123456789abcdef0',
      instanceType: 't3.micro',
      iamInstanceProfile: logsProfile.instanceProfileName,
      tags: [{ key: 'Name', value: 'log-processor' }],
    });

    const uploadFile = new ManagedPolicy(this, 'SessionPolicy-UploadFile', {
      managedPolicyName: 'SessionPolicy-UploadFile',
      statements: [
        new PolicyStatement({
          sid: 'HrUpload',
          actions: ['s3:ListBucket', 's3:GetObject', 's3:PutObject'],
          resources: [hrBucket.bucketArn, hrBucket.arnForObjects('*')],
        }),
      ],
    });
    this.johnUploadRole = new Role(this, 'JohnUploadRole', {
      roleName: 'JohnUploadRole',
      assumedBy: john,
      managedPolicies: [uploadFile],
    });

    // ---------------------------------------------------------------- GitHub Actions (OIDC)
    // Workflows of company1/infra on main deploy the stacks: GitHub's OIDC provider, and a role
    // whose trust pins the audience and the repository and branch (`sub`).
    const github = new OidcProviderNative(this, 'GitHubOidcProvider', {
      url: 'https://token.actions.githubusercontent.com',
      clientIds: ['sts.amazonaws.com'],
    });
    const githubClaims: Record<string, string> = {
      'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
    };
    if (!mutations.githubDeployWithoutSub)
      githubClaims['token.actions.githubusercontent.com:sub'] = GITHUB_DEPLOY_SUBJECT;
    new Role(this, GITHUB_DEPLOY_ROLE_NAME, {
      roleName: GITHUB_DEPLOY_ROLE_NAME,
      assumedBy: new WebIdentityPrincipal(github.oidcProviderArn, { StringEquals: githubClaims }),
      inlinePolicies: {
        'Company1-Deploy': new PolicyDocument({
          statements: [
            new PolicyStatement({
              sid: 'DeployCompany1Stacks',
              actions: [
                'cloudformation:CreateChangeSet',
                'cloudformation:DescribeChangeSet',
                'cloudformation:DescribeStacks',
                'cloudformation:ExecuteChangeSet',
              ],
              resources: [`arn:aws:cloudformation:${COMPANY1_REGION}:${COMPANY1_ACCOUNT}:stack/company1-*/*`],
            }),
          ],
        }),
      },
    });

    if (mutations.ec2RoleWithS3ReadOnly) {
      new Role(this, S3_READ_ONLY_ROLE_NAME, {
        roleName: S3_READ_ONLY_ROLE_NAME,
        assumedBy: new ServicePrincipal('ec2.amazonaws.com'),
        managedPolicies: [ManagedPolicy.fromAwsManagedPolicyName('AmazonS3ReadOnlyAccess')],
      });
    }
  }
}
