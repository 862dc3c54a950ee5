// CloudFormation templates for the access diff tests: a small account (buckets with and without
// a fixed name, a group with a managed policy, users, a boundary, a role with a generated name,
// a role trusted by a user) and mutations that each change access in one way, plus a
// re-synthesized copy with other logical ids and statements in another order (no access change).

import { ModelBuilder } from '../../src/model/builder.js';
import type { Model } from '../../src/model/types.js';
import { loadTemplateObject } from '../../src/adapters/cloudformation/index.js';

export const ACCOUNT = '111122223333';
export const EXTERNAL = '999988887777';
export const REGION = 'us-east-1';

type Json = Record<string, unknown>;

export interface Mutations {
  /** Devs' policy also allows s3:PutObject on the logs bucket's objects. */
  statementAdded?: boolean;
  /** bob loses his permissions boundary. */
  boundaryRemoved?: boolean;
  /** The data bucket's policy lets anyone read. */
  bucketPublic?: boolean;
  /** Deployer's trust policy also names account 999988887777. */
  trustWidened?: boolean;
  /** bob joins Devs. */
  bobJoinsDevs?: boolean;
  /** Other logical ids for the generated-name role, bucket and policies, statements reordered. */
  resynthesized?: boolean;
  /** Deployer's s3:PutObject only from 10.0.0.0/8 (allow → conditional). */
  deployerFromNetwork?: string;
  /** Ops trusts Deployer (alice reaches Ops through Deployer: a role chain). */
  opsTrustsDeployer?: boolean;
  /** The CI role trusts GitHub's OIDC provider (a federated principal). */
  githubOidc?: boolean;
  /** Deployer's policy also denies s3:PutObject (access removed by an explicit Deny). */
  deployerDenied?: boolean;
}

/** The template of the account with `mutations`. */
export function diffTemplate(m: Mutations = {}): Json {
  const id = (name: string) => (m.resynthesized ? `${name}R3nam3d` : name);
  const logs = id('LogsBucket');
  const reader = id('ReaderRole');
  const logsArn = { 'Fn::GetAtt': [logs, 'Arn'] };
  const logsObjects = { 'Fn::Join': ['', [logsArn, '/*']] };
  const devStatements: Json[] = [
    { Sid: 'ListLogs', Effect: 'Allow', Action: 's3:ListBucket', Resource: logsArn },
    { Sid: 'ReadLogs', Effect: 'Allow', Action: 's3:GetObject', Resource: logsObjects },
  ];
  if (m.statementAdded)
    devStatements.push({ Sid: 'WriteLogs', Effect: 'Allow', Action: 's3:PutObject', Resource: logsObjects });
  if (m.resynthesized) devStatements.reverse();
  const trustAws: unknown[] = [{ 'Fn::GetAtt': ['Alice', 'Arn'] }];
  if (m.trustWidened) trustAws.push(`arn:aws:iam::${EXTERNAL}:root`);
  const bobGroups = m.bobJoinsDevs ? [{ Ref: 'Devs' }] : [];
  const deployStatement: Json = {
    Effect: 'Allow',
    Action: 's3:PutObject',
    Resource: 'arn:aws:s3:::acme-data/*',
  };
  if (m.deployerFromNetwork)
    deployStatement.Condition = { IpAddress: { 'aws:SourceIp': m.deployerFromNetwork } };
  const opsTrust: Json[] = [
    { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' },
  ];
  if (m.opsTrustsDeployer)
    opsTrust.push({
      Effect: 'Allow',
      Principal: { AWS: { 'Fn::GetAtt': ['Deployer', 'Arn'] } },
      Action: 'sts:AssumeRole',
    });
  const oidc = `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`;
  const ciTrust: Json = m.githubOidc
    ? {
        Effect: 'Allow',
        Principal: { Federated: oidc },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: { StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' } },
      }
    : { Effect: 'Allow', Principal: { Service: 'codebuild.amazonaws.com' }, Action: 'sts:AssumeRole' };
  const resources: Json = {
    DataBucket: { Type: 'AWS::S3::Bucket', Properties: { BucketName: 'acme-data' } },
    DataBucketPolicy: {
      Type: 'AWS::S3::BucketPolicy',
      Properties: {
        Bucket: { Ref: 'DataBucket' },
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'ReaderReads',
              Effect: 'Allow',
              Principal: m.bucketPublic ? '*' : { AWS: { 'Fn::GetAtt': [reader, 'Arn'] } },
              Action: 's3:GetObject',
              Resource: 'arn:aws:s3:::acme-data/*',
            },
          ],
        },
      },
    },
    [logs]: { Type: 'AWS::S3::Bucket', Properties: {} },
    Devs: { Type: 'AWS::IAM::Group', Properties: { GroupName: 'Devs' } },
    [id('DevsPolicy')]: {
      Type: 'AWS::IAM::ManagedPolicy',
      Properties: {
        ManagedPolicyName: 'DevsPolicy',
        Groups: [{ Ref: 'Devs' }],
        PolicyDocument: { Version: '2012-10-17', Statement: devStatements },
      },
    },
    Alice: { Type: 'AWS::IAM::User', Properties: { UserName: 'alice', Groups: [{ Ref: 'Devs' }] } },
    BobBoundary: {
      Type: 'AWS::IAM::ManagedPolicy',
      Properties: {
        ManagedPolicyName: 'BobBoundary',
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 's3:ListBucket', Resource: '*' }],
        },
      },
    },
    Bob: {
      Type: 'AWS::IAM::User',
      Properties: {
        UserName: 'bob',
        Groups: bobGroups,
        ...(m.boundaryRemoved ? {} : { PermissionsBoundary: { Ref: 'BobBoundary' } }),
        Policies: [
          {
            PolicyName: 'DataAll',
            PolicyDocument: {
              Version: '2012-10-17',
              Statement: [
                {
                  Effect: 'Allow',
                  Action: ['s3:GetObject', 's3:ListBucket'],
                  Resource: ['arn:aws:s3:::acme-data', 'arn:aws:s3:::acme-data/*'],
                },
              ],
            },
          },
        ],
      },
    },
    [reader]: {
      Type: 'AWS::IAM::Role',
      Properties: {
        AssumeRolePolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' },
          ],
        },
      },
    },
    [id('ReaderPolicy')]: {
      Type: 'AWS::IAM::Policy',
      Properties: {
        PolicyName: id('ReaderPolicy'),
        Roles: [{ Ref: reader }],
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: m.resynthesized
            ? [
                { Effect: 'Allow', Action: 's3:ListBucket', Resource: logsArn },
                { Effect: 'Allow', Action: 's3:GetObject', Resource: logsObjects },
              ]
            : [
                { Effect: 'Allow', Action: 's3:GetObject', Resource: logsObjects },
                { Effect: 'Allow', Action: 's3:ListBucket', Resource: logsArn },
              ],
        },
      },
    },
    Deployer: {
      Type: 'AWS::IAM::Role',
      Properties: {
        RoleName: 'Deployer',
        AssumeRolePolicyDocument: {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { AWS: trustAws }, Action: 'sts:AssumeRole' }],
        },
        Policies: [
          {
            PolicyName: 'Deploy',
            PolicyDocument: {
              Version: '2012-10-17',
              Statement: [
                deployStatement,
                ...(m.deployerDenied
                  ? [{ Sid: 'Freeze', Effect: 'Deny', Action: 's3:PutObject', Resource: '*' }]
                  : []),
              ],
            },
          },
        ],
      },
    },
    Ops: {
      Type: 'AWS::IAM::Role',
      Properties: {
        RoleName: 'Ops',
        AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: opsTrust },
        ManagedPolicyArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'],
      },
    },
    Ci: {
      Type: 'AWS::IAM::Role',
      Properties: {
        RoleName: 'Ci',
        AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [ciTrust] },
        Policies: [
          {
            PolicyName: 'Deploy',
            PolicyDocument: {
              Version: '2012-10-17',
              Statement: [{ Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::acme-data/*' }],
            },
          },
        ],
      },
    },
    AliceAssumes: {
      Type: 'AWS::IAM::Policy',
      Properties: {
        PolicyName: 'AliceAssumes',
        Users: [{ Ref: 'Alice' }],
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: 'sts:AssumeRole',
              // biome-ignore lint/suspicious/noTemplateCurlyInString: a CloudFormation Fn::Sub string
              Resource: { 'Fn::Sub': 'arn:aws:iam::${AWS::AccountId}:role/Deployer' },
            },
          ],
        },
      },
    },
  };
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Resources: resources,
  };
}

/** The model of the account with `mutations` (stack `Acme`, account 111122223333). */
export function diffModel(m: Mutations = {}): Model {
  const builder = new ModelBuilder();
  loadTemplateObject(diffTemplate(m), builder, {
    file: 'acme.template.json',
    stackName: 'Acme',
    account: ACCOUNT,
    region: REGION,
  });
  return builder.build();
}
