// Service-linked roles (issue 9, item 6): AWS::IAM::ServiceLinkedRole and
// aws_iam_service_linked_role create them (src/model/service-linked-role.ts); only the linked
// service may assume them, their permissions are the service's, and SCPs and RCPs do not apply
// to them (src/engine/engine.ts).

import { describe, expect, it } from 'vitest';
import { loadTerraformConfig } from '../src/adapters/terraform/index.js';
import { ModelBuilder } from '../src/model/builder.js';
import { compileModel } from '../src/engine/index.js';
import { ACCOUNT_A, allow, arns, deny, policy, TestModel, verdict } from './helpers/engine-fixtures.js';
import { modelOf } from './fixtures/cfn/load.js';

const DOC = {
  slr: 'IAM User Guide, "Using service-linked roles", https://docs.aws.amazon.com/IAM/latest/UserGuide/using-service-linked-roles.html',
  scp: 'AWS Organizations User Guide, "Service control policies (SCPs)", https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html',
  rcp: 'AWS Organizations User Guide, "Resource control policies (RCPs)", https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html',
  cfn: 'CloudFormation Template Reference, "AWS::IAM::ServiceLinkedRole", https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-iam-servicelinkedrole.html',
};

describe(`SCPs and RCPs do not apply to service-linked roles (${DOC.scp}; ${DOC.rcp})`, () => {
  // SCPs: "SCPs don't affect any service-linked role." RCPs: "RCPs do not impact the effective
  // permissions of any service-linked role ... RCPs also do not impact AWS services' ability to
  // assume a service-linked role; that is, the service-linked role's trust policy is also not
  // impacted by RCPs."
  function model() {
    const m = new TestModel();
    const trust = policy(
      allow('sts:AssumeRole', undefined, { Principal: { Service: 'elasticbeanstalk.amazonaws.com' } }),
    );
    const slr = m.role('AWSServiceRoleForElasticBeanstalk', {
      path: '/aws-service-role/elasticbeanstalk.amazonaws.com/',
      trust,
      serviceLinked: true,
      inline: [policy(allow('s3:GetObject', '*'))],
    });
    const plain = m.role('Plain', { trust, inline: [policy(allow('s3:GetObject', '*'))] });
    m.bucket('data');
    return { m, slr, plain };
  }
  const OBJ = arns.object('data', 'k');

  it('an SCP denying everything stops a role but not the service-linked role', () => {
    const { m, slr, plain } = model();
    m.scp(ACCOUNT_A, policy(deny('*', '*')));
    const e = m.engine();
    expect(verdict(e, plain, 's3:GetObject', OBJ)).toBe('deny');
    expect(verdict(e, slr, 's3:GetObject', OBJ)).toBe('allow');
  });

  it('an RCP denying everything stops a role but not the service-linked role, nor the service assuming it', () => {
    const { m, slr, plain } = model();
    m.rcp(ACCOUNT_A, policy(deny('*', '*', { Principal: '*' })));
    const e = m.engine();
    expect(verdict(e, plain, 's3:GetObject', OBJ)).toBe('deny');
    expect(verdict(e, slr, 's3:GetObject', OBJ)).toBe('allow');
    expect(verdict(e, 'elasticbeanstalk.amazonaws.com', 'sts:AssumeRole', slr)).toBe('allow');
    expect(verdict(e, 'elasticbeanstalk.amazonaws.com', 'sts:AssumeRole', plain)).toBe('deny');
  });
});

describe(`AWS::IAM::ServiceLinkedRole creates a service-linked role (${DOC.cfn}; ${DOC.slr})`, () => {
  // "The linked service defines the permissions of its service-linked roles, and unless defined
  // otherwise, only that service can assume the roles."
  const template = `
Resources:
  BeanstalkRole:
    Type: AWS::IAM::ServiceLinkedRole
    Properties:
      AWSServiceName: elasticbeanstalk.amazonaws.com
      CustomSuffix: blue
  Admin:
    Type: AWS::IAM::User
    Properties:
      UserName: admin
      Policies:
        - PolicyName: all
          PolicyDocument:
            Version: '2012-10-17'
            Statement: [{ Effect: Allow, Action: '*', Resource: '*' }]
`;

  it('models the role: service-linked, its path names the service, only the service may assume it, permissions unknown', () => {
    const model = modelOf(template);
    const role = model.roles.find((r) => r.serviceLinked)!;
    expect(role).toBeDefined();
    expect(role.path).toBe('/aws-service-role/elasticbeanstalk.amazonaws.com/');
    expect(role.name).toBe('(unknown-AWSServiceRoleFor-elasticbeanstalk.amazonaws.com_blue)');
    expect(model.findings.some((f) => f.code === 'model/service-linked-role')).toBe(true);
    const e = compileModel(model);
    expect(verdict(e, 'elasticbeanstalk.amazonaws.com', 'sts:AssumeRole', role.arn)).toBe('allow');
    expect(verdict(e, 'ec2.amazonaws.com', 'sts:AssumeRole', role.arn)).toBe('deny');
    expect(verdict(e, 'arn:aws:iam::111122223333:user/admin', 'sts:AssumeRole', role.arn)).toBe('deny');
    // Its permissions are the service's: unknown to the inputs.
    expect(verdict(e, role.arn, 's3:GetObject', 'arn:aws:s3:::any/k')).toBe('indeterminate');
  });
});

describe(`aws_iam_service_linked_role creates a service-linked role (${DOC.slr})`, () => {
  it('models the role from the configuration', () => {
    const b = new ModelBuilder();
    loadTerraformConfig('test/fixtures/service-linked-role', b, {});
    const model = b.build();
    const role = model.roles.find((r) => r.serviceLinked)!;
    expect(role).toBeDefined();
    expect(role.account).toBe('111122223333');
    expect(role.path).toBe('/aws-service-role/elasticbeanstalk.amazonaws.com/');
    const e = compileModel(model);
    expect(verdict(e, 'elasticbeanstalk.amazonaws.com', 'sts:AssumeRole', role.arn)).toBe('allow');
    expect(verdict(e, 'lambda.amazonaws.com', 'sts:AssumeRole', role.arn)).toBe('deny');
  });
});
