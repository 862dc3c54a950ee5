// IAM Identity Center permission sets and assignments become the roles Identity Center creates in
// each target account, with the permission set's policies (issue 10, item 13a), for both
// adapters.
//
// - "When you assign a permission set, IAM Identity Center creates corresponding IAM Identity
//   Center-controlled IAM roles in each account, and attaches the policies specified in the
//   permission set to those roles." (IAM Identity Center User Guide, "IAM roles created by IAM
//   Identity Center")
//   https://docs.aws.amazon.com/singlesignon/latest/userguide/identity-center-and-iam-roles.html
// - "AWSReservedSSO_permission-set-name_unique-suffix
//   arn:aws:iam::aws-account-ID:role/aws-reserved/sso.amazonaws.com/aws-region/AWSReservedSSO_permission-set-name_unique-suffix"
//   (IAM Identity Center User Guide, "Referencing permission sets in resource policies")
//   https://docs.aws.amazon.com/singlesignon/latest/userguide/referencingpermissionsets.html
// - "When you add customer managed policies ... IAM Identity Center doesn't create a policy in
//   any AWS accounts. You must instead create those policies in advance in each account" (IAM
//   Identity Center User Guide, "Use IAM policies in permission sets")
//   https://docs.aws.amazon.com/singlesignon/latest/userguide/howtocmp.html

import { describe, expect, it } from 'vitest';
import { loadTemplateFile } from '../src/adapters/cloudformation/index.js';
import { loadTerraformConfig } from '../src/adapters/terraform/index.js';
import { checkOnly, checkOnlyPrincipals } from '../src/analysis/exhaustive.js';
import { compileModel } from '../src/engine/index.js';
import { ModelBuilder } from '../src/model/builder.js';
import type { Model } from '../src/model/types.js';
import { findingsOf } from './fixtures/cfn/load.js';

const MEMBER = '222233334444';
// us-east-1: no Region in the path (identity-center-region.test.ts)
const path = '/aws-reserved/sso.amazonaws.com/';
const roleArn = (set: string) =>
  `arn:aws:iam::${MEMBER}:role${path}AWSReservedSSO_${set}_(unknown-sso-suffix-${set})`;

function cfn(): Model {
  const b = new ModelBuilder();
  loadTemplateFile('test/fixtures/cloudformation/identity-center.yaml', b, {
    account: '111122223333',
    region: 'us-east-1',
  });
  return b.build();
}

describe('CloudFormation AWS::SSO::PermissionSet + AWS::SSO::Assignment', () => {
  const m = cfn();
  const engine = compileModel(m);

  it('an AdministratorAccess permission set assigned to a group is a role in the target account', () => {
    const admin = m.roles.find((r) => r.arn === roleArn('Admins'));
    expect(admin?.path).toBe(path);
    expect(admin?.managedPolicies.map((a) => a.policyArn)).toEqual([
      'arn:aws:iam::aws:policy/AdministratorAccess',
    ]);
    expect(
      engine.decide({ principal: roleArn('Admins'), action: 'iam:CreateUser', resource: '*' }).decision,
    ).toBe('allow');
    const only = checkOnly(engine, roleArn('Admins'), [{ action: 's3:GetObject', resource: '*' }]);
    expect(only.holds).toBe(false);
  });

  it('the role is trusted through the SAML provider; the assigned group is reported', () => {
    const admin = m.roles.find((r) => r.arn === roleArn('Admins'))!;
    const st = admin.trustPolicy!.statements[0]!;
    expect(st.principal?.federated?.values).toEqual([
      `arn:aws:iam::${MEMBER}:saml-provider/AWSSSO_(unknown-sso-suffix)_DO_NOT_DELETE`,
    ]);
    const r = checkOnlyPrincipals(engine, 'sts:AssumeRoleWithSAML', roleArn('Admins'), []);
    expect(r.holds).toBe(false);
    expect(r.violations.map((v) => v.principal)).toContain(
      `arn:aws:iam::${MEMBER}:saml-provider/AWSSSO_(unknown-sso-suffix)_DO_NOT_DELETE`,
    );
    const info = findingsOf(m, 'sso/assignment').map((f) => f.message);
    expect(
      info.some((x) => x.includes('group 906754b2-70a1-7031-dc1e-8e7a0f6b1234') && x.includes('Admins')),
    ).toBe(true);
  });

  it('customer managed policies attach by name and path in the target account; inline Deny and boundary apply', () => {
    const readers = m.roles.find((r) => r.arn === roleArn('Readers'))!;
    expect(readers.managedPolicies.map((a) => a.policyArn)).toEqual([
      'arn:aws:iam::aws:policy/ReadOnlyAccess',
      `arn:aws:iam::${MEMBER}:policy/teams/team-extra`,
    ]);
    expect(readers.permissionsBoundary?.policyArn).toBe('arn:aws:iam::aws:policy/PowerUserAccess');
    const payroll = {
      principal: roleArn('Readers'),
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::payroll/x',
    };
    expect(engine.decide(payroll).decision).toBe('deny');
    // team-extra is not in the inputs: what it grants is unknown.
    expect(
      engine.decide({ principal: roleArn('Readers'), action: 'ec2:RunInstances', resource: '*' }).decision,
    ).toBe('indeterminate');
  });
});

describe('Terraform aws_ssoadmin_*', () => {
  const b = new ModelBuilder();
  loadTerraformConfig('test/fixtures/tf/identity-center', b, {});
  const m = b.build();
  const engine = compileModel(m);
  const tfRole = (set: string) =>
    `arn:aws:iam::${MEMBER}:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_${set}_(unknown-sso-suffix-${set})`;

  it('the AdministratorAccess permission set assigned to a group is a role in the target account', () => {
    const admin = m.roles.find((r) => r.arn === tfRole('Admins'));
    expect(admin?.managedPolicies.map((a) => a.policyArn)).toEqual([
      'arn:aws:iam::aws:policy/AdministratorAccess',
    ]);
    expect(
      engine.decide({ principal: tfRole('Admins'), action: 'iam:CreateUser', resource: '*' }).decision,
    ).toBe('allow');
    expect(findingsOf(m, 'sso/assignment').some((f) => /group .*Admins/.test(f.message))).toBe(true);
  });

  it('customer managed, inline and boundary policies of the permission set reach the role', () => {
    const readers = m.roles.find((r) => r.arn === tfRole('Readers'))!;
    expect(readers.managedPolicies.map((a) => a.policyArn)).toEqual([
      'arn:aws:iam::aws:policy/ReadOnlyAccess',
      `arn:aws:iam::${MEMBER}:policy/teams/team-extra`,
    ]);
    expect(readers.permissionsBoundary?.policyArn).toBe('arn:aws:iam::aws:policy/PowerUserAccess');
    const payroll = {
      principal: tfRole('Readers'),
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::payroll/x',
    };
    expect(engine.decide(payroll).decision).toBe('deny');
  });
});
