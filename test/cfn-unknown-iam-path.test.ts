// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${...} is CloudFormation Fn::Sub syntax here.
// CloudFormation IAM elements whose `Path` the template leaves unknown (`!Ref` of a parameter
// without a value, `!Sub` of one, an `Fn::ImportValue`): the path is modelled with an unknown
// path part (`/(unknown-path=STACK-LOGICALID-path)/`, src/model/stand-ins.ts `partlyKnownPath`,
// src/adapters/cloudformation/resource-identity.ts `pathProp`), never as `/`, with a
// `cfn/unresolved-path` warning; the element's ARN and every `!GetAtt X.Arn` hold the same unknown
// path, so a pattern on a path (`role/app/*`, `ArnLike aws:PrincipalArn role/service-role/*`) is
// indeterminate for it while its own ARN still names it. The same rule as Terraform's
// (test/tf-unknown-iam-path.test.ts).
// Pages the rules come from:
// - IAM User Guide, "IAM identifiers", Friendly names and paths: the ARN is
//   `arn:aws:iam::account:role/PATH/NAME`.
//   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html
// - IAM API Reference, CreateRole, Path: "a string of characters consisting of either a forward
//   slash (/) by itself or a string that must begin and end with forward slashes. In addition, it
//   can contain any ASCII character from the ! (\u0021) through the DEL character (\u007F)".
//   https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html
// - CloudFormation User Guide, AWS::IAM::Role, Path: "The path to the role" (the same pattern);
//   Ref of a parameter without Default and without a value given is not known before deployment.

import { describe, expect, it } from 'vitest';
import { compileModel } from '../src/engine/index.js';
import { verdict } from './helpers/engine-fixtures.js';
import { modelOfTemplate } from './fixtures/cfn/load.js';
import { dataBucketWithPolicy } from './helpers/bucket-policy-resources.js';

const ACCOUNT = '111122223333';
const iam = (rest: string) => `arn:aws:iam::${ACCOUNT}:${rest}`;

const template = {
  Parameters: { RolePath: { Type: 'String' }, Team: { Type: 'String' } },
  Resources: {
    App: {
      Type: 'AWS::IAM::Role',
      Properties: {
        RoleName: 'app',
        Path: { Ref: 'RolePath' },
        AssumeRolePolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
          ],
        },
        ManagedPolicyArns: [{ Ref: 'Shared' }],
      },
    },
    TeamRole: {
      Type: 'AWS::IAM::Role',
      Properties: {
        RoleName: 'team-role',
        Path: { 'Fn::Sub': '/teams/${Team}/' },
        AssumeRolePolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
          ],
        },
        ManagedPolicyArns: [{ Ref: 'Shared' }],
      },
    },
    Ops: { Type: 'AWS::IAM::User', Properties: { UserName: 'ops', Path: { Ref: 'RolePath' } } },
    Shared: {
      Type: 'AWS::IAM::ManagedPolicy',
      Properties: {
        ManagedPolicyName: 'shared',
        Path: { Ref: 'RolePath' },
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::data/*' }],
        },
      },
    },
    ...dataBucketWithPolicy('data', [
      {
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:GetObject',
        Resource: 'arn:aws:s3:::data/*',
        Condition: { ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${ACCOUNT}:role/service-role/*` } },
      },
    ]),
    Dev: {
      Type: 'AWS::IAM::User',
      Properties: {
        UserName: 'dev',
        Policies: [
          {
            PolicyName: 'dev',
            PolicyDocument: {
              Version: '2012-10-17',
              Statement: [
                { Effect: 'Allow', Action: 'iam:PassRole', Resource: { 'Fn::GetAtt': ['App', 'Arn'] } },
                {
                  Effect: 'Allow',
                  Action: ['iam:TagRole', 'iam:UpdateUser'],
                  Resource: [
                    `arn:aws:iam::${ACCOUNT}:role/app/*`,
                    `arn:aws:iam::${ACCOUNT}:role/teams/*`,
                    `arn:aws:iam::${ACCOUNT}:user/app/*`,
                  ],
                },
                { Effect: 'Allow', Action: 'iam:UntagRole', Resource: `arn:aws:iam::${ACCOUNT}:role/ops/*` },
              ],
            },
          },
        ],
      },
    },
  },
};

describe('a CloudFormation template whose IAM paths are parameters without a value', () => {
  const m = modelOfTemplate(template, {
    account: ACCOUNT,
    region: 'eu-west-1',
    stackName: 'prod',
    file: 'paths.yaml',
  });
  const e = compileModel(m);
  const dev = m.users.find((u) => u.name === 'dev')!.arn;
  const role = (name: string) => m.roles.find((r) => r.name === name)!;

  it('each element keeps an unknown path in its path and ARN, never /; known segments kept', () => {
    expect(role('app').arn).toBe(iam('role/(unknown-path=prod-App-path)/app'));
    expect(role('app').path).toBe('/(unknown-path=prod-App-path)/');
    expect(role('team-role').arn).toBe(iam('role/teams/(unknown-path=prod-TeamRole-path)/team-role'));
    expect(m.users.find((u) => u.name === 'ops')!.arn).toBe(iam('user/(unknown-path=prod-Ops-path)/ops'));
    expect(m.policies.find((p) => p.name === 'shared')!.arn).toBe(
      iam('policy/(unknown-path=prod-Shared-path)/shared'),
    );
    expect(m.users.find((u) => u.name === 'dev')!.arn).toBe(iam('user/dev'));
  });

  it('a cfn/unresolved-path warning names the element and why, at its Path', () => {
    const warnings = m.findings.filter((f) => f.code === 'cfn/unresolved-path');
    expect(warnings.map((f) => f.message.split(' ')[2]).sort()).toEqual(['App', 'Ops', 'Shared', 'TeamRole']);
    expect(warnings.every((f) => f.severity === 'warning')).toBe(true);
    expect(warnings.find((f) => f.message.includes('App'))!.message).toContain('RolePath');
  });

  it('the reproduction: role/app/* and user/app/* on elements whose path is a parameter are indeterminate (were deny)', () => {
    expect(verdict(e, dev, 'iam:TagRole', role('app').arn)).toBe('indeterminate');
    expect(verdict(e, dev, 'iam:UpdateUser', m.users.find((u) => u.name === 'ops')!.arn)).toBe(
      'indeterminate',
    );
  });

  it('ArnLike aws:PrincipalArn role/service-role/* in a bucket policy is indeterminate for it (was allow)', () => {
    expect(verdict(e, role('app').arn, 's3:GetObject', 'arn:aws:s3:::data/k')).toBe('indeterminate');
    // the partly known path /teams/…/ is never service-role/…: the Deny cannot apply
    expect(verdict(e, role('team-role').arn, 's3:GetObject', 'arn:aws:s3:::data/k')).toBe('allow');
  });

  it("the element's own ARN (GetAtt, Ref of the policy) still names it", () => {
    expect(verdict(e, dev, 'iam:PassRole', role('app').arn)).toBe('allow');
    expect(verdict(e, dev, 'iam:PassRole', role('team-role').arn)).toBe('deny');
  });

  it('known segments decide what they can: role/teams/* names it, role/ops/* does not', () => {
    expect(verdict(e, dev, 'iam:TagRole', role('team-role').arn)).toBe('allow');
    expect(verdict(e, dev, 'iam:UntagRole', role('team-role').arn)).toBe('deny');
  });

  it('a value given for the parameter decides it', () => {
    const m2 = modelOfTemplate(template, {
      account: ACCOUNT,
      region: 'eu-west-1',
      stackName: 'prod',
      parameters: { RolePath: '/app/', Team: 'x' },
    });
    const e2 = compileModel(m2);
    const app = m2.roles.find((r) => r.name === 'app')!.arn;
    expect(app).toBe(iam('role/app/app'));
    expect(m2.findings.some((f) => f.code === 'cfn/unresolved-path')).toBe(false);
    expect(verdict(e2, m2.users.find((u) => u.name === 'dev')!.arn, 'iam:TagRole', app)).toBe('allow');
  });
});
