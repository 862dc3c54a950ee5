// The company1 scenario (../shared/SCENARIO.md) built with the ModelBuilder API, with switches
// for the mutations that must turn checks red.

import { ModelBuilder } from '../../src/model/builder.js';
import type { Model } from '../../src/model/types.js';
import { parsePolicy } from '../../src/policy/parse.js';
import type { PolicyKind } from '../../src/policy/types.js';

export const ACCOUNT = '629470240201';
export const arn = {
  user: (n: string) => `arn:aws:iam::${ACCOUNT}:user/${n}`,
  role: (n: string) => `arn:aws:iam::${ACCOUNT}:role/${n}`,
  policy: (n: string) => `arn:aws:iam::${ACCOUNT}:policy/${n}`,
  bucket: (n: string) => `arn:aws:s3:::${n}`,
};

export const SESSION_POLICY = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::company1-hr/*' }],
};

export interface Company1Mutations {
  internBoundaryGetObject?: boolean;
  removeInternBoundary?: boolean;
  ec2RoleWithS3ReadOnly?: boolean;
  publicSalesBucket?: boolean;
  lambdaTrustsLogsRole?: boolean;
  /**
   * Not a mutation: the examples' GitHub Actions deploy role (GitHub's OIDC provider, a role
   * trusting company1/infra on main, CloudFormation change sets on company1-* stacks), which the
   * examples' specs check; left out by default so the scenario's tests see the seven intents only.
   */
  githubDeployRole?: boolean;
}

const doc = (kind: PolicyKind, value: unknown, name: string) =>
  parsePolicy(value, { kind, source: { file: 'company1.ts', pointer: `/${name}` } });

const stmt = (
  Effect: string,
  Action: string | string[],
  Resource: string | string[],
  extra: object = {},
) => ({
  Effect,
  Action,
  Resource,
  ...extra,
});
const policy = (...Statement: object[]) => ({ Version: '2012-10-17', Statement });

export function buildCompany1(m: Company1Mutations = {}): Model {
  const b = new ModelBuilder();
  const src = (name: string) => ({ file: 'company1.ts', logicalId: name });
  b.addAccount(ACCOUNT, 'us-west-2');

  // Buckets.
  const hr = b.addBucket({
    bucketName: 'company1-hr',
    account: ACCOUNT,
    region: 'us-west-2',
    source: src('HrBucket'),
    kmsKeyId: null, // no default KMS encryption (src/aws/encryption-key-requirement.ts)
    policy: doc(
      'resource',
      policy({
        Sid: 'DenyInsecureTransport',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: ['arn:aws:s3:::company1-hr', 'arn:aws:s3:::company1-hr/*'],
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      }),
      'HrBucketPolicy',
    ),
  });
  void hr;
  b.addBucket({
    bucketName: 'company1-logs',
    account: ACCOUNT,
    region: 'us-west-2',
    source: src('LogsBucket'),
    kmsKeyId: null,
  });
  b.addBucket({
    bucketName: 'company1-sales',
    account: ACCOUNT,
    region: 'us-west-2',
    source: src('SalesBucket'),
    kmsKeyId: null,
    policy: doc(
      'resource',
      policy({
        Sid: 'JohnFullAccess',
        Effect: 'Allow',
        Principal: m.publicSalesBucket ? '*' : { AWS: arn.user('john') },
        Action: 's3:*',
        Resource: ['arn:aws:s3:::company1-sales', 'arn:aws:s3:::company1-sales/*'],
      }),
      'SalesBucketPolicy',
    ),
  });
  b.addBucket({
    bucketName: 'company1-uploads',
    account: ACCOUNT,
    region: 'us-west-2',
    source: src('UploadsBucket'),
    kmsKeyId: null,
  });

  // Managed policies.
  const mp = (name: string, value: unknown) =>
    b.addManagedPolicy({ name, account: ACCOUNT, document: doc('identity', value, name), source: src(name) });
  const hrPolicy = mp(
    'HRPolicy',
    policy(
      stmt('Allow', 's3:ListBucket', 'arn:aws:s3:::company1-hr'),
      stmt('Allow', 's3:GetObject', 'arn:aws:s3:::company1-hr/*'),
    ),
  );
  const devPolicy = mp(
    'Developers_Policy',
    policy(stmt('Allow', 'ec2:*', '*'), stmt('Allow', 's3:GetObject', 'arn:aws:s3:::company1-sales/*'), {
      Sid: 'DenyStop',
      ...stmt('Deny', 'ec2:StopInstances', '*'),
    }),
  );
  const logsPolicy = mp(
    'Company1-Logs-Policy',
    policy(
      stmt(
        'Allow',
        ['s3:ListBucket', 's3:GetObject', 's3:PutObject', 's3:DeleteObject'],
        ['arn:aws:s3:::company1-logs', 'arn:aws:s3:::company1-logs/*'],
      ),
    ),
  );
  const boundary = b.addManagedPolicy({
    name: 'InternBoundaryPolicy',
    account: ACCOUNT,
    source: src('InternBoundaryPolicy'),
    document: doc(
      'boundary',
      policy(
        stmt('Allow', 's3:ListBucket', 'arn:aws:s3:::company1-logs'),
        ...(m.internBoundaryGetObject ? [stmt('Allow', 's3:GetObject', 'arn:aws:s3:::company1-logs/*')] : []),
      ),
      'InternBoundaryPolicy',
    ),
  });
  const uploadPolicy = mp(
    'SessionPolicy-UploadFile',
    policy(
      stmt(
        'Allow',
        ['s3:ListBucket', 's3:GetObject', 's3:PutObject'],
        ['arn:aws:s3:::company1-hr', 'arn:aws:s3:::company1-hr/*'],
      ),
    ),
  );

  // Groups.
  const HR = b.addGroup({ name: 'HR', account: ACCOUNT, source: src('HR') });
  b.attachManagedPolicy(HR, { policyArn: hrPolicy, source: src('HR') });
  const IT = b.addGroup({ name: 'IT', account: ACCOUNT, source: src('IT') });
  b.attachManagedPolicy(IT, { policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess', source: src('IT') });
  const Dev = b.addGroup({ name: 'Developers', account: ACCOUNT, source: src('Developers') });
  b.attachManagedPolicy(Dev, { policyArn: devPolicy, source: src('Developers') });
  b.attachManagedPolicy(Dev, { policyArn: logsPolicy, source: src('Developers') });

  // Users.
  const john = b.addUser({ name: 'john', account: ACCOUNT, source: src('john') });
  b.addUserToGroup(john, HR, src('john'));
  b.addUserToGroup(john, Dev, src('john'));
  const sarah = b.addUser({ name: 'sarah', account: ACCOUNT, source: src('sarah') });
  b.addUserToGroup(sarah, IT, src('sarah'));
  const intern = b.addUser({ name: 'Sara-intern', account: ACCOUNT, source: src('SaraIntern') });
  b.addUserToGroup(intern, Dev, src('SaraIntern'));
  if (!m.removeInternBoundary)
    b.setPermissionsBoundary(intern, { policyArn: boundary, source: src('SaraIntern') });
  const uploader = b.addUser({ name: 'uploader', account: ACCOUNT, source: src('uploader') });
  const temp = { Null: { 'aws:TokenIssueTime': 'false' } };
  b.addInlinePolicy(uploader, {
    name: 'TemporaryCredentialsOnly',
    source: src('uploader'),
    document: doc(
      'identity',
      policy(
        {
          ...stmt(
            'Allow',
            ['s3:PutObject', 's3:GetObject', 's3:DeleteObject'],
            'arn:aws:s3:::company1-uploads/*',
          ),
          Condition: temp,
        },
        { ...stmt('Allow', 's3:ListBucket', 'arn:aws:s3:::company1-uploads'), Condition: temp },
      ),
      'uploader',
    ),
  });

  // Roles.
  const trust = (principal: object) =>
    doc('trust', policy({ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole' }), 'trust');
  const logsRole = b.addRole({
    name: 'Company1-Logs-Role',
    account: ACCOUNT,
    source: src('LogsRole'),
    trustPolicy: trust({
      Service: m.lambdaTrustsLogsRole ? ['ec2.amazonaws.com', 'lambda.amazonaws.com'] : 'ec2.amazonaws.com',
    }),
  });
  b.addInlinePolicy(logsRole, {
    name: 'ReadLogs',
    source: src('LogsRole'),
    document: doc(
      'identity',
      policy(stmt('Allow', 's3:GetObject', 'arn:aws:s3:::company1-logs/*')),
      'ReadLogs',
    ),
  });
  b.addInstanceProfile(logsRole, {
    name: 'Company1-Logs-Profile',
    arn: `arn:aws:iam::${ACCOUNT}:instance-profile/Company1-Logs-Profile`,
    source: src('LogsProfile'),
    usedBy: [{ kind: 'ec2-instance', name: 'log-processor', source: src('LogProcessor') }],
  });
  const uploadRole = b.addRole({
    name: 'JohnUploadRole',
    account: ACCOUNT,
    source: src('JohnUploadRole'),
    trustPolicy: trust({ AWS: arn.user('john') }),
  });
  b.attachManagedPolicy(uploadRole, { policyArn: uploadPolicy, source: src('JohnUploadRole') });

  if (m.githubDeployRole) {
    const github = b.addIdentityProvider({
      kind: 'oidc',
      arn: `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`,
      name: 'token.actions.githubusercontent.com',
      account: ACCOUNT,
      clientIds: ['sts.amazonaws.com'],
      thumbprints: [],
      source: src('GitHubOidcProvider'),
    });
    const deploy = b.addRole({
      name: 'Company1-GitHubDeploy-Role',
      account: ACCOUNT,
      source: src('GitHubDeployRole'),
      trustPolicy: doc(
        'trust',
        policy({
          Effect: 'Allow',
          Principal: { Federated: github },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: {
            StringEquals: {
              'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
              'token.actions.githubusercontent.com:sub': 'repo:company1/infra:ref:refs/heads/main',
            },
          },
        }),
        'trust',
      ),
    });
    b.addInlinePolicy(deploy, {
      name: 'Company1-Deploy',
      source: src('GitHubDeployRole'),
      document: doc(
        'identity',
        policy(
          stmt(
            'Allow',
            [
              'cloudformation:CreateChangeSet',
              'cloudformation:DescribeChangeSet',
              'cloudformation:DescribeStacks',
              'cloudformation:ExecuteChangeSet',
            ],
            `arn:aws:cloudformation:us-west-2:${ACCOUNT}:stack/company1-*/*`,
          ),
        ),
        'Company1-Deploy',
      ),
    });
  }

  if (m.ec2RoleWithS3ReadOnly) {
    const r = b.addRole({
      name: 'Reader',
      account: ACCOUNT,
      source: src('Reader'),
      trustPolicy: trust({ Service: 'ec2.amazonaws.com' }),
    });
    b.attachManagedPolicy(r, {
      policyArn: 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess',
      source: src('Reader'),
    });
  }
  return b.build();
}
