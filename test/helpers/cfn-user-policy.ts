// CloudFormation template objects several tests build alike: user `u` of account A with one inline
// policy, most often a Deny of s3:GetObject on the value under test beside an Allow of it on
// everything (so `allow` means the Deny did not cover the object, `deny` that it did), loaded into
// an engine with the given parameter values.

import { loadTemplateObject } from '../../src/adapters/cloudformation/index.js';
import { compileModel, type Engine } from '../../src/engine/index.js';
import type { DecisionValue } from '../../src/engine/types.js';
import { ModelBuilder } from '../../src/model/builder.js';

export const ACCOUNT_A = '111122223333';
export const USER_U = `arn:aws:iam::${ACCOUNT_A}:user/u`;

/** The sections of a template besides Resources (Parameters, Mappings, Conditions, Transform). */
export type TemplateSections = Record<string, unknown>;

/** Statements: a Deny of s3:GetObject on `deniedResource`, then an Allow of it on `*`. */
export function denyBesideAllow(deniedResource: unknown): Record<string, unknown>[] {
  return [
    { Effect: 'Deny', Action: 's3:GetObject', Resource: deniedResource },
    { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' },
  ];
}

/** A template whose user `u` has the inline policy `p` with `statements`, and more `resources`. */
export function userPolicyTemplate(
  statements: unknown,
  sections: TemplateSections = {},
  resources: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    ...sections,
    Resources: {
      ...resources,
      U: {
        Type: 'AWS::IAM::User',
        Properties: {
          UserName: 'u',
          Policies: [{ PolicyName: 'p', PolicyDocument: { Version: '2012-10-17', Statement: statements } }],
        },
      },
    },
  };
}

/** The engine of `template` deployed as stack `s` in account A, eu-west-1, with `parameters`. */
export function engineOfTemplate(
  template: Record<string, unknown>,
  parameters?: Record<string, string>,
): Engine {
  const builder = new ModelBuilder();
  loadTemplateObject(template, builder, {
    stackName: 's',
    account: ACCOUNT_A,
    region: 'eu-west-1',
    ...(parameters ? { parameters } : {}),
  });
  return compileModel(builder.build());
}

/** Role `name` of account A. */
export const roleOfA = (name: string) => `arn:aws:iam::${ACCOUNT_A}:role/${name}`;

/**
 * Roles a, b and c of account A (empty trusts) and bucket `bucket`, whose policy lets the AWS
 * principals `principal` (the value under test) s3:GetObject its objects, in a template with
 * `sections`: the decision of role `name` reading object `k` of the bucket.
 */
export function roleReadsOfBucketPolicy(
  sections: TemplateSections,
  bucket: string,
  principal: unknown,
): (name: string) => DecisionValue {
  const role = (name: string) => ({
    Type: 'AWS::IAM::Role',
    Properties: { RoleName: name, AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [] } },
  });
  const engine = engineOfTemplate({
    AWSTemplateFormatVersion: '2010-09-09',
    ...sections,
    Resources: {
      A: role('a'),
      B: role('b'),
      C: role('c'),
      Bucket: { Type: 'AWS::S3::Bucket', Properties: { BucketName: bucket } },
      Policy: {
        Type: 'AWS::S3::BucketPolicy',
        Properties: {
          Bucket: { Ref: 'Bucket' },
          PolicyDocument: {
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Action: 's3:GetObject',
                Resource: `arn:aws:s3:::${bucket}/*`,
                Principal: { AWS: principal },
              },
            ],
          },
        },
      },
    },
  });
  return (name) =>
    engine.decide({ principal: roleOfA(name), action: 's3:GetObject', resource: `arn:aws:s3:::${bucket}/k` })
      .decision;
}

/** Template resources: user `dev` (logical id Dev) with one inline policy allowing `actions` on `resource`. */
export function devUserResource(actions: readonly string[], resource: string): Record<string, unknown> {
  return {
    Dev: {
      Type: 'AWS::IAM::User',
      Properties: {
        UserName: 'dev',
        Policies: [
          {
            PolicyName: 'deploy',
            PolicyDocument: {
              Version: '2012-10-17',
              Statement: [{ Effect: 'Allow', Action: actions, Resource: resource }],
            },
          },
        ],
      },
    },
  };
}

/** An AWS::IAM::Role named `roleName` that Lambda assumes, with inline policy `policyName` allowing s3:GetObject on `resource`. */
export function lambdaRoleReading(
  roleName: string,
  policyName: string,
  resource: unknown,
): Record<string, unknown> {
  return {
    Type: 'AWS::IAM::Role',
    Properties: {
      RoleName: roleName,
      AssumeRolePolicyDocument: {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
        ],
      },
      Policies: [
        {
          PolicyName: policyName,
          PolicyDocument: {
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: resource }],
          },
        },
      ],
    },
  };
}
