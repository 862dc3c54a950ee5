// CloudFormation resource types that grant or change access without a property named like a
// policy: each is modelled, or kept with an unknown policy, never reported only as a type "not
// modelled" (info) while every verdict on what it grants passes. Rule: "Whatever might exist or
// might grant access and cannot be pinned down from the inputs stays in the model as unknown"
// (ARCHITECTURE.md). Each case quotes the CloudFormation Template Reference page of its type
// (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-template-resource-type-ref.html).

import { describe, expect, it } from 'vitest';
import { compileModel } from '../src/engine/index.js';
import { ACCOUNT, findingsOf, modelOf } from './fixtures/cfn/load.js';

const NOBODY = `arn:aws:iam::${ACCOUNT}:user/nobody`;

/** A template with the user `nobody` (no policy) and `resource` (YAML at the resources' indent). */
function template(resource: string): string {
  return `
Resources:
  Nobody:
    Type: AWS::IAM::User
    Properties:
      UserName: nobody
${resource}`;
}

describe('types that grant access without a policy property are kept with an unknown policy', () => {
  // `finding`: the grant's own code where the type is modelled as a grant (aws/access-grants.ts)
  const cases: {
    type: string;
    quote: string;
    props: string;
    action: string;
    resource: string;
    finding?: string;
    /** Who asks (the grantee where the grant names one outside the account); else nobody. */
    principal?: string;
  }[] = [
    {
      type: 'AWS::ACMPCA::Permission',
      quote:
        'Grants permissions to the AWS Certificate Manager (ACM) service principal (acm.amazonaws.com) to perform IssueCertificate, GetCertificate, and ListPermissions actions on a CA.',
      props: `CertificateAuthorityArn: arn:aws:acm-pca:us-west-2:${ACCOUNT}:certificate-authority/1\n      Principal: acm.amazonaws.com\n      Actions: [IssueCertificate, GetCertificate, ListPermissions]`,
      action: 'acm-pca:IssueCertificate',
      resource: `arn:aws:acm-pca:us-west-2:${ACCOUNT}:certificate-authority/1`,
    },
    {
      type: 'AWS::EC2::NetworkInterfacePermission',
      quote:
        'you can grant an AWS authorized partner account permission to attach the specified network interface to an instance in their account.',
      props:
        'AwsAccountId: "444455556666"\n      NetworkInterfaceId: eni-1\n      Permission: INSTANCE-ATTACH',
      action: 'ec2:AttachNetworkInterface',
      resource: `arn:aws:ec2:us-west-2:${ACCOUNT}:network-interface/eni-1`,
    },
    {
      type: 'AWS::IoT::PolicyPrincipalAttachment',
      quote: 'attach an AWS IoT policy to a principal (an X.509 certificate or other credential).',
      props: `PolicyName: p\n      Principal: arn:aws:iot:us-west-2:${ACCOUNT}:cert/abc`,
      action: 'iot:Publish',
      resource: `arn:aws:iot:us-west-2:${ACCOUNT}:topic/t`,
    },
    {
      type: 'AWS::Redshift::EndpointAuthorization',
      quote:
        'Describes an endpoint authorization for authorizing Redshift-managed VPC endpoint access to a cluster across AWS accounts.',
      props: 'Account: "444455556666"\n      ClusterIdentifier: c',
      action: 'redshift:DescribeClusters',
      resource: `arn:aws:redshift:us-west-2:${ACCOUNT}:cluster:c`,
    },
    {
      type: 'AWS::S3::AccessGrant',
      quote: 'creates an access grant that gives a grantee access to your S3 data.',
      props: `AccessGrantsLocationId: default\n      Permission: READ\n      Grantee: {GranteeType: IAM, GranteeIdentifier: '${NOBODY}'}`,
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::data/k',
      finding: 'model/s3-access-grant',
    },
    {
      type: 'AWS::ServiceCatalog::PortfolioShare',
      quote: 'Shares a portfolio with the specified account.',
      props: 'PortfolioId: port-1\n      AccountId: "444455556666"',
      action: 'servicecatalog:DescribePortfolio',
      resource: `arn:aws:catalog:us-west-2:${ACCOUNT}:portfolio/port-1`,
      finding: 'model/service-catalog-association',
      principal: 'arn:aws:iam::444455556666:role/launcher',
    },
  ];
  for (const c of cases) {
    it(`${c.type}: "${c.quote}"`, () => {
      const m = modelOf(template(`  Grant:\n    Type: ${c.type}\n    Properties:\n      ${c.props}\n`));
      expect(findingsOf(m, c.finding ?? 'cfn/unhandled-resource-type').map((f) => f.severity)).toEqual([
        'warning',
      ]);
      // without it, the request is denied (no policy allows it): a pass where access may exist
      const d = compileModel(m).decide({
        principal: c.principal ?? NOBODY,
        action: c.action,
        resource: c.resource,
      });
      expect(d.decision).toBe('indeterminate');
    });
  }
});

describe('a policy under a name of one service, or given by a parameter, is found', () => {
  // A value the inputs leave unknown (a parameter) holds no `Statement` to find: the property's
  // name, or the type's table, must say it is a policy.
  const cases: { type: string; quote: string; props: string; action: string; resource: string }[] = [
    {
      type: 'AWS::Glue::ResourcePolicy',
      quote: 'PolicyInJson: Contains the policy document to set, in JSON format.',
      props: 'PolicyInJson: !Ref Doc',
      action: 'glue:GetTable',
      resource: `arn:aws:glue:us-west-2:${ACCOUNT}:table/sales/orders`,
    },
    {
      type: 'AWS::Logs::DeliveryDestination',
      quote:
        'DestinationPolicy: An IAM policy that grants permissions to CloudWatch Logs to deliver logs cross-account to a specified destination in this account.',
      props:
        'Name: d\n      DestinationResourceArn: arn:aws:s3:::b\n      DeliveryDestinationPolicy: {DeliveryDestinationName: d, DeliveryDestinationPolicy: !Ref Doc}',
      action: 'logs:CreateDelivery',
      resource: `arn:aws:logs:us-west-2:${ACCOUNT}:delivery-destination:d`,
    },
    {
      type: 'AWS::QuickSight::DataSet',
      quote:
        'Principal: The Amazon Resource Name (ARN) of the principal. Actions: The IAM action to grant or revoke permissions on.',
      props: 'AwsAccountId: "111122223333"\n      DataSetId: ds\n      Permissions: !Ref Doc',
      action: 'quicksight:DescribeDataSet',
      resource: `arn:aws:quicksight:us-west-2:${ACCOUNT}:dataset/ds`,
    },
    {
      type: 'AWS::Signer::ProfilePermission',
      quote:
        'Adds cross-account permissions to a signing profile. Principal: The AWS principal receiving cross-account permissions.',
      props:
        'ProfileName: p\n      Action: signer:StartSigningJob\n      Principal: "444455556666"\n      StatementId: s',
      action: 'signer:GetSigningProfile',
      resource: `arn:aws:signer:us-west-2:${ACCOUNT}:/signing-profiles/p`,
    },
  ];
  for (const c of cases) {
    it(`${c.type}: "${c.quote}"`, () => {
      const m = modelOf(
        `Parameters:\n  Doc:\n    Type: String\n${template(`  Grant:\n    Type: ${c.type}\n    Properties:\n      ${c.props}\n`)}`,
      );
      expect(findingsOf(m, 'cfn/unhandled-resource-type')).toHaveLength(1);
      const d = compileModel(m).decide({ principal: NOBODY, action: c.action, resource: c.resource });
      expect(d.decision).toBe('indeterminate');
    });
  }
});

describe('AWS::LakeFormation::DataLakeSettings', () => {
  // PutDataLakeSettings: "Sets the list of data lake administrators who have admin privileges on
  // all resources managed by Lake Formation."
  it('its administrators hold Lake Formation permissions on every database and table', () => {
    const m = modelOf(
      template(`  Settings:
    Type: AWS::LakeFormation::DataLakeSettings
    Properties:
      Admins:
        - DataLakePrincipalIdentifier: !GetAtt Nobody.Arn
`),
    );
    expect(findingsOf(m, 'model/lake-formation-grant')).toHaveLength(1);
    const d = compileModel(m).decide({
      principal: NOBODY,
      action: 'glue:GetTable',
      resource: `arn:aws:glue:us-west-2:${ACCOUNT}:table/sales/orders`,
    });
    expect(d.decision).toBe('indeterminate');
  });

  it('an administrator list the inputs leave unknown is an unknown principal', () => {
    const m = modelOf(`
Parameters:
  AdminArn:
    Type: String
Resources:
  Nobody:
    Type: AWS::IAM::User
    Properties:
      UserName: nobody
  Settings:
    Type: AWS::LakeFormation::DataLakeSettings
    Properties:
      Admins:
        - DataLakePrincipalIdentifier: !Ref AdminArn
      CreateDatabaseDefaultPermissions:
        - Principal: {DataLakePrincipalIdentifier: IAM_ALLOWED_PRINCIPALS}
          Permissions: [ALL]
`);
    // IAM_ALLOWED_PRINCIPALS leaves IAM alone to decide: no grant for it
    expect(findingsOf(m, 'model/lake-formation-grant')).toHaveLength(1);
    const d = compileModel(m).decide({
      principal: NOBODY,
      action: 'glue:GetDatabase',
      resource: `arn:aws:glue:us-west-2:${ACCOUNT}:database/sales`,
    });
    expect(d.decision).toBe('indeterminate');
  });
});

describe('AWS::Organizations::Account', () => {
  // Template Reference, AWS::Organizations::Account, RoleName: "The name of an IAM role that AWS
  // Organizations automatically preconfigures in the new member account. This role trusts the
  // management account, allowing users in the management account to assume the role, as
  // permitted by the management account administrator. The role has administrator permissions in
  // the new member account." Default: OrganizationAccountAccessRole.
  const text = (roleName: string) => `
Parameters:
  RoleNameParam:
    Type: String
Resources:
  Ops:
    Type: AWS::IAM::User
    Properties:
      UserName: ops
      Policies:
        - PolicyName: assume
          PolicyDocument: {Version: '2012-10-17', Statement: [{Effect: Allow, Action: sts:AssumeRole, Resource: '*'}]}
  Member:
    Type: AWS::Organizations::Account
    Properties:
      AccountName: member
      Email: member@example.com
${roleName}`;

  it('the role it creates trusts the management account and has AdministratorAccess', () => {
    const m = modelOf(text(''));
    const role = m.roles.find((r) => r.name === 'OrganizationAccountAccessRole');
    expect(role).toBeDefined();
    expect(role!.account).not.toBe(ACCOUNT);
    expect(role!.managedPolicies.map((p) => p.policyArn)).toContain(
      'arn:aws:iam::aws:policy/AdministratorAccess',
    );
    expect(findingsOf(m, 'cfn/org-new-account')).toHaveLength(1);
    const d = compileModel(m).decide({
      principal: `arn:aws:iam::${ACCOUNT}:user/ops`,
      action: 'sts:AssumeRole',
      resource: role!.arn,
    });
    expect(d.decision).not.toBe('deny');
  });

  it('an SCP attached at the root reaches the new account ("SCPs affect all users and roles in attached accounts")', () => {
    const m = modelOf(
      `${text('')}  NoS3:
    Type: AWS::Organizations::Policy
    Properties:
      Name: no-s3
      Type: SERVICE_CONTROL_POLICY
      TargetIds: [r-abcd]
      Content: {Version: '2012-10-17', Statement: [{Effect: Deny, Action: 's3:*', Resource: '*'}]}
`,
    );
    const role = m.roles.find((r) => r.name === 'OrganizationAccountAccessRole')!;
    const d = compileModel(m).decide({
      principal: role.arn,
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::data/k',
    });
    // without the SCP the role's AdministratorAccess allows it
    expect(d.decision).toBe('deny');
  });

  it('Ref / GetAtt AccountId is the account the role is modelled in ("Ref returns the account ID")', () => {
    const m = modelOf(
      text('').replace(
        "Resource: '*'}]}",
        // biome-ignore lint/suspicious/noTemplateCurlyInString: a CloudFormation Fn::Sub string
        "Resource: !Sub 'arn:aws:iam::${Member.AccountId}:role/OrganizationAccountAccessRole'}]}",
      ),
    );
    const role = m.roles.find((r) => r.name === 'OrganizationAccountAccessRole')!;
    const d = compileModel(m).decide({
      principal: `arn:aws:iam::${ACCOUNT}:user/ops`,
      action: 'sts:AssumeRole',
      resource: role.arn,
    });
    expect(d.decision).toBe('allow');
  });

  it('a RoleName the inputs leave unknown gives the role an unknown name, never none', () => {
    const m = modelOf(text('      RoleName: !Ref RoleNameParam\n'));
    const role = m.roles.find((r) => r.name.includes('(unknown-'));
    expect(role).toBeDefined();
    expect(findingsOf(m, 'cfn/org-new-account')[0]!.message).toContain('RoleName is unknown');
  });
});
