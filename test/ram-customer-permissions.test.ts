// AWS RAM shares, precision round (aws/ram.ts; CloudFormation AWS::RAM::ResourceShare and
// AWS::RAM::Permission; Terraform aws_ram_resource_share, aws_ram_permission,
// aws_ram_resource_share_permission_association, aws_ram_resource_share_associations_exclusive).
// Before: a share's actions were unknown whatever permission it named (over-stated:
// indeterminate); a Terraform share made with aws_ram_resource_share_associations_exclusive gave
// nothing (a silent denial); a shared resource group gave nothing on its Dedicated Hosts (a silent
// denial); a principal of no known form (an Organizations root ARN, an OU ARN of another form) was
// an ARN that names nobody (a silent denial).
//
// Pages quoted:
// - CloudFormation, AWS::RAM::Permission `PolicyTemplate`: "Effect: must be set to ALLOW.";
//   "Action: specifies the actions that are allowed by this customer managed permission.";
//   "Condition: (optional) specifies conditional parameters that must evaluate to true when a user
//   attempts an action for that action to be allowed."; "This template can't include either the
//   Resource or Principal elements. Those are both filled in by AWS RAM when it instantiates the
//   resource-based policy on each resource shared using this managed permission."
// - AWS RAM User Guide, "Terms and concepts for AWS RAM": "A managed permission for each type of
//   resource that you include in the share. Each managed permission applies to all resources of
//   that type in that resource share."
// - CloudFormation, AWS::RAM::ResourceShare `PermissionArns`: "If you do not specify an ARN for the
//   permission, AWS RAM automatically attaches the default version of the permission for each
//   resource type. You can associate only one permission with each resource type included in the
//   resource share."
// - AWS RAM User Guide, "Shareable AWS resources": "Resource groups `resource-groups:Group`: Create
//   and manage a host resource group centrally, and share it with other AWS accounts in your
//   organization. This lets multiple AWS accounts share a group of Amazon EC2 Dedicated Hosts
//   created using AWS License Manager."

import { describe, expect, it } from 'vitest';
import { anySharedResource, GLOBAL_SHAREABLE } from '../src/aws/ram.js';
import { compileModel } from '../src/engine/index.js';
import { modelOf } from './fixtures/cfn/load.js';
import { ANALYST, decide, type Engine, STRANGER, unknownResourceShare } from './helpers/ram-shares.js';
import { terraformConfigModel, terraformPlanModel } from './helpers/temp-inputs.js';

const RULE = 'arn:aws:route53resolver:us-west-2:111122223333:resolver-rule/rslvr-rr-1';
const SUBNET = 'arn:aws:ec2:us-west-2:111122223333:subnet/subnet-1';

const cfn = (share: string, extra = '') =>
  compileModel(
    modelOf(`
Resources:
  ReadRules:
    Type: AWS::RAM::Permission
    Properties:
      Name: read-rules
      ResourceType: route53resolver:ResolverRule
      PolicyTemplate:
        Effect: Allow
        Action: [ 'route53resolver:GetResolverRule' ]
        Condition: { Bool: { 'aws:SecureTransport': 'true' } }
${extra}
  Share:
    Type: AWS::RAM::ResourceShare
    Properties:
      Name: rules
${share}
`),
  );

describe('a customer managed permission of the inputs: its template’s actions and condition', () => {
  it('CloudFormation, PermissionArns !GetAtt Perm.Arn: the template’s action is allowed under its condition, others are denied (were indeterminate)', () => {
    const e = cfn(`      ResourceArns: [ '${RULE}' ]
      Principals: [ '999988887777' ]
      PermissionArns: [ !GetAtt ReadRules.Arn ]`);
    const secure = { 'aws:SecureTransport': 'true' };
    expect(decide(e, ANALYST, 'route53resolver:GetResolverRule', RULE, secure)).toBe('allow');
    expect(
      decide(e, ANALYST, 'route53resolver:GetResolverRule', RULE, { 'aws:SecureTransport': 'false' }),
    ).toBe('deny');
    expect(decide(e, ANALYST, 'route53resolver:AssociateResolverRule', RULE, secure)).toBe('deny');
    expect(decide(e, STRANGER, 'route53resolver:GetResolverRule', RULE, secure)).toBe('deny');
  });

  it('CloudFormation, !Ref Perm and the ARN spelled out: the same permission', () => {
    for (const arn of ['!Ref ReadRules', "'arn:aws:ram:us-west-2:111122223333:permission/read-rules'"]) {
      const e = cfn(`      ResourceArns: [ '${RULE}' ]
      Principals: [ '999988887777' ]
      PermissionArns: [ ${arn} ]`);
      expect(decide(e, ANALYST, 'route53resolver:AssociateResolverRule', RULE)).toBe('deny');
    }
  });

  it('a resource of another type in the share keeps its default permission (unknown actions: indeterminate)', () => {
    const e = cfn(`      ResourceArns: [ '${RULE}', '${SUBNET}' ]
      Principals: [ '999988887777' ]
      PermissionArns: [ !GetAtt ReadRules.Arn ]`);
    expect(decide(e, ANALYST, 'ec2:RunInstances', SUBNET)).toBe('indeterminate');
    expect(decide(e, ANALYST, 'route53resolver:AssociateResolverRule', RULE)).toBe('deny');
  });

  it('an AWS managed permission, or a customer managed one not in the inputs: unknown actions, with the reason', () => {
    for (const arn of [
      'arn:aws:ram::aws:permission/AWSRAMDefaultPermissionResolverRule',
      'arn:aws:ram:us-west-2:111122223333:permission/elsewhere',
    ]) {
      const e = cfn(`      ResourceArns: [ '${RULE}' ]
      Principals: [ '999988887777' ]
      PermissionArns: [ '${arn}' ]`);
      const d = e.decide(
        { principal: ANALYST, action: 'route53resolver:AssociateResolverRule', resource: RULE },
        { trace: true },
      );
      expect(d.decision).toBe('indeterminate');
      expect(JSON.stringify(d)).toContain(
        arn.endsWith('elsewhere') ? 'not defined in the inputs' : 'AWS managed',
      );
    }
  });

  it('a template that is not of the documented form (a Resource element) stays unknown', () => {
    const e = compileModel(
      modelOf(`
Resources:
  Odd:
    Type: AWS::RAM::Permission
    Properties:
      Name: odd
      ResourceType: route53resolver:ResolverRule
      PolicyTemplate: { Effect: Allow, Action: 'route53resolver:GetResolverRule', Resource: '*' }
  Share:
    Type: AWS::RAM::ResourceShare
    Properties:
      Name: rules
      ResourceArns: [ '${RULE}' ]
      Principals: [ '999988887777' ]
      PermissionArns: [ !Ref Odd ]
`),
    );
    expect(decide(e, ANALYST, 'route53resolver:AssociateResolverRule', RULE)).toBe('indeterminate');
  });

  it('an organization principal: the template’s condition and the organization both apply', () => {
    const e = cfn(`      ResourceArns: [ '${RULE}' ]
      Principals: [ 'arn:aws:organizations::111122223333:organization/o-abc123def4' ]
      PermissionArns: [ !GetAtt ReadRules.Arn ]`);
    const inOrg = { 'aws:PrincipalOrgID': 'o-abc123def4' };
    expect(
      decide(e, STRANGER, 'route53resolver:GetResolverRule', RULE, {
        ...inOrg,
        'aws:SecureTransport': 'true',
      }),
    ).toBe('allow');
    expect(
      decide(e, STRANGER, 'route53resolver:GetResolverRule', RULE, {
        ...inOrg,
        'aws:SecureTransport': 'false',
      }),
    ).toBe('deny');
    expect(
      decide(e, STRANGER, 'route53resolver:GetResolverRule', RULE, {
        'aws:PrincipalOrgID': 'o-zzzzzzzzzz',
        'aws:SecureTransport': 'true',
      }),
    ).toBe('deny');
  });
});

const tf = (body: string) =>
  compileModel(
    terraformConfigModel(
      `
provider "aws" {
  region = "us-west-2"
}
resource "aws_ram_permission" "read" {
  name            = "read-rules"
  resource_type   = "route53resolver:ResolverRule"
  policy_template = jsonencode({ Effect = "Allow", Action = ["route53resolver:GetResolverRule"] })
}
${body}
`,
      { account: '111122223333', vars: {}, env: {} },
    ),
  );
const tfShare = (permissionArns: string) => `
resource "aws_ram_resource_share" "s" {
  name = "rules"
  ${permissionArns}
}
resource "aws_ram_principal_association" "p" {
  principal          = "999988887777"
  resource_share_arn = aws_ram_resource_share.s.arn
}
resource "aws_ram_resource_association" "r" {
  resource_arn       = "${RULE}"
  resource_share_arn = aws_ram_resource_share.s.arn
}`;

describe('Terraform: aws_ram_permission', () => {
  it('permission_arns = [aws_ram_permission.read.arn] (known after apply): the template is read (was indeterminate)', () => {
    const e = tf(tfShare('permission_arns = [aws_ram_permission.read.arn]'));
    expect(decide(e, ANALYST, 'route53resolver:GetResolverRule', RULE)).toBe('allow');
    expect(decide(e, ANALYST, 'route53resolver:AssociateResolverRule', RULE)).toBe('deny');
    expect(decide(e, STRANGER, 'route53resolver:GetResolverRule', RULE)).toBe('deny');
  });

  it('aws_ram_resource_share_permission_association adds its permission; the share’s own stays (both kept)', () => {
    const e = tf(`${tfShare('permission_arns = [aws_ram_permission.read.arn]')}
resource "aws_ram_permission" "assoc" {
  name            = "associate-rules"
  resource_type   = "route53resolver:ResolverRule"
  policy_template = jsonencode({ Effect = "Allow", Action = "route53resolver:AssociateResolverRule" })
}
resource "aws_ram_resource_share_permission_association" "a" {
  resource_share_arn = aws_ram_resource_share.s.arn
  permission_arn     = aws_ram_permission.assoc.arn
}`);
    expect(decide(e, ANALYST, 'route53resolver:AssociateResolverRule', RULE)).toBe('allow');
    expect(decide(e, ANALYST, 'route53resolver:GetResolverRule', RULE)).toBe('allow');
    expect(decide(e, ANALYST, 'route53resolver:DeleteResolverRule', RULE)).toBe('deny');
  });

  it('a permission association whose permission is not known: unknown actions', () => {
    const e = compileModel(
      terraformConfigModel(
        `${tfShare('')}
variable "perm" {
  type = string
}
resource "aws_ram_resource_share_permission_association" "a" {
  resource_share_arn = aws_ram_resource_share.s.arn
  permission_arn     = var.perm
}`,
        { account: '111122223333', vars: {}, env: {} },
      ),
    );
    expect(decide(e, ANALYST, 'route53resolver:DeleteResolverRule', RULE)).toBe('indeterminate');
  });
});

describe('Terraform plan updating a customer managed permission: shares made before keep their version', () => {
  // AWS RAM API Reference, CreatePermissionVersion (what the provider calls on an update): "The new
  // version is automatically set as the default version of the customer managed permission. New
  // resource shares automatically use the default permission. Existing resource shares continue to
  // use their original permission versions".
  const PERM = 'arn:aws:ram:us-west-2:111122223333:permission/read-rules';
  const SHARE = 'arn:aws:ram:us-west-2:111122223333:resource-share/s-1';
  const planWith = (permissionAction: 'update' | 'no-op') => {
    const change = (address: string, type: string, actions: string[], after: Record<string, unknown>) => ({
      address,
      mode: 'managed',
      type,
      name: address.split('.')[1],
      provider_name: 'registry.terraform.io/hashicorp/aws',
      change: { actions, before: after, after, after_unknown: {} },
    });
    return terraformPlanModel(
      {
        format_version: '1.2',
        terraform_version: '1.9.5',
        planned_values: { root_module: {} },
        resource_changes: [
          change('aws_ram_permission.read', 'aws_ram_permission', [permissionAction], {
            arn: PERM,
            name: 'read-rules',
            resource_type: 'route53resolver:ResolverRule',
            policy_template: JSON.stringify({ Effect: 'Allow', Action: ['route53resolver:GetResolverRule'] }),
          }),
          change('aws_ram_resource_share.s', 'aws_ram_resource_share', ['no-op'], {
            arn: SHARE,
            name: 'rules',
            permission_arns: [PERM],
          }),
          change('aws_ram_principal_association.p', 'aws_ram_principal_association', ['no-op'], {
            principal: '999988887777',
            resource_share_arn: SHARE,
          }),
          change('aws_ram_resource_association.r', 'aws_ram_resource_association', ['no-op'], {
            resource_arn: RULE,
            resource_share_arn: SHARE,
          }),
        ],
        configuration: {
          provider_config: { aws: { name: 'aws', expressions: { region: { constant_value: 'us-west-2' } } } },
          root_module: { resources: [] },
        },
      },
      { account: '111122223333' },
    );
  };

  it('an update: actions outside the new template are indeterminate; no update: denied', () => {
    const updated = compileModel(planWith('update'));
    expect(decide(updated, ANALYST, 'route53resolver:GetResolverRule', RULE)).toBe('allow');
    expect(decide(updated, ANALYST, 'route53resolver:AssociateResolverRule', RULE)).toBe('indeterminate');
    const unchanged = compileModel(planWith('no-op'));
    expect(decide(unchanged, ANALYST, 'route53resolver:AssociateResolverRule', RULE)).toBe('deny');
  });
});

describe('Terraform: aws_ram_resource_share_associations_exclusive (was ignored: nothing shared)', () => {
  it('its principals get the share’s permissions on its resource_arns; its sources do not narrow (service principals keep access)', () => {
    const e = tf(`
resource "aws_ram_resource_share" "s" {
  name            = "rules"
  permission_arns = [aws_ram_permission.read.arn]
}
resource "aws_ram_resource_share_associations_exclusive" "x" {
  resource_share_arn = aws_ram_resource_share.s.arn
  principals         = ["999988887777"]
  resource_arns      = ["${RULE}"]
}`);
    expect(decide(e, ANALYST, 'route53resolver:GetResolverRule', RULE)).toBe('allow');
    expect(decide(e, ANALYST, 'route53resolver:AssociateResolverRule', RULE)).toBe('deny');
    expect(decide(e, STRANGER, 'route53resolver:GetResolverRule', RULE)).toBe('deny');
  });
});

describe('a shared resource group: its Dedicated Hosts are unknown, so indeterminate (were denied)', () => {
  const GROUP = 'arn:aws:resource-groups:us-west-2:111122223333:group/hosts';
  const HOST = 'arn:aws:ec2:us-west-2:111122223333:dedicated-host/h-0abc';
  const check = (e: Engine) => {
    expect(decide(e, ANALYST, 'ec2:RunInstances', HOST)).toBe('indeterminate');
    expect(decide(e, STRANGER, 'ec2:RunInstances', HOST)).toBe('deny');
    expect(decide(e, ANALYST, 'ec2:RunInstances', HOST.replace('111122223333', '222233334444'))).toBe('deny');
    expect(decide(e, ANALYST, 'ec2:RunInstances', HOST.replace('us-west-2', 'eu-west-1'))).toBe('deny');
  };
  it('CloudFormation', () => {
    check(
      compileModel(
        modelOf(`
Resources:
  Share:
    Type: AWS::RAM::ResourceShare
    Properties:
      Name: hosts
      ResourceArns: [ '${GROUP}' ]
      Principals: [ '999988887777' ]
`),
      ),
    );
  });
  it('Terraform', () => {
    check(
      tf(`
resource "aws_ram_resource_share" "s" {
  name = "hosts"
}
resource "aws_ram_principal_association" "p" {
  principal          = "999988887777"
  resource_share_arn = aws_ram_resource_share.s.arn
}
resource "aws_ram_resource_association" "r" {
  resource_arn       = "${GROUP}"
  resource_share_arn = aws_ram_resource_share.s.arn
}`),
    );
  });
});

describe('share fields that only narrow are kept as over-statements; principals of no known form are unknown', () => {
  // CloudFormation, AWS::RAM::ResourceShare: AllowExternalPrincipals "A value of false only has
  // meaning if your account is a member of an AWS Organization" (whether it is, is not in the
  // inputs); Sources: the source accounts of a service principal (AWS RAM User Guide, customer
  // managed permissions: "The aws:SourceAccount value is automatically populated when sharing to
  // service principals") only narrow a service principal's access. Principals: "An AWS account ID",
  // "An Amazon Resource Name (ARN) of an organization in AWS Organizations", "An ARN of an
  // organizational unit (OU) in AWS Organizations", "An ARN of an IAM role", "An ARN of an IAM user".
  it('AllowExternalPrincipals: false does not remove an account outside the organization; Sources do not narrow a service principal', () => {
    const e = cfn(`      AllowExternalPrincipals: false
      ResourceArns: [ '${RULE}' ]
      Principals: [ '999988887777', 'logs.amazonaws.com' ]
      Sources: [ '555566667777' ]
      PermissionArns: [ !GetAtt ReadRules.Arn ]`);
    const secure = { 'aws:SecureTransport': 'true' };
    expect(decide(e, ANALYST, 'route53resolver:GetResolverRule', RULE, secure)).toBe('allow');
    expect(
      decide(e, 'logs.amazonaws.com', 'route53resolver:GetResolverRule', RULE, {
        ...secure,
        'aws:SourceAccount': '123412341234',
      }),
    ).toBe('allow');
  });

  it('an Organizations root ARN or a value of no form is an unknown principal: indeterminate for anyone (was nobody)', () => {
    for (const principal of [
      'arn:aws:organizations::111122223333:root/o-abc123def4/r-ab12',
      'o-abc123def4',
    ]) {
      const e = cfn(`      ResourceArns: [ '${RULE}' ]
      Principals: [ '${principal}' ]
      PermissionArns: [ !GetAtt ReadRules.Arn ]`);
      expect(
        decide(e, STRANGER, 'route53resolver:GetResolverRule', RULE, { 'aws:SecureTransport': 'true' }),
      ).toBe('indeterminate');
    }
  });
});

describe('global resources a share may hold: Cloud WAN core networks only', () => {
  // AWS RAM User Guide, "Shareable AWS resources": the only global type listed is "Cloud WAN core
  // network `networkmanager:CoreNetwork`" (section "AWS Cloud WAN"); "Sharing Regional resources
  // compared to global resources": "Regional resources show the AWS Region. If it's blank, then the
  // resource is global." RAM ListResourceTypes gives each type's resourceRegionScope ("GLOBAL – The
  // resource can be accessed from any AWS Region", API Reference, ServiceNameAndResourceType).
  it('GLOBAL_SHAREABLE is networkmanager; any Regional ARN of the account is covered, IAM and CloudFront are not', () => {
    expect(GLOBAL_SHAREABLE).toEqual(['networkmanager']);
    const e = unknownResourceShare();
    expect(
      decide(
        e,
        ANALYST,
        'networkmanager:GetCoreNetwork',
        'arn:aws:networkmanager::111122223333:core-network/c-1',
      ),
    ).toBe('indeterminate');
    expect(
      decide(e, ANALYST, 'cloudfront:GetDistribution', 'arn:aws:cloudfront::111122223333:distribution/E1'),
    ).toBe('deny');
    expect(anySharedResource('aws', '123456789012')).toContain('arn:aws:networkmanager::123456789012:*');
  });
});

describe('RetainSharingOnAccountLeaveOrganization: accounts that left the organization keep the share', () => {
  // AWS RAM API Reference, ResourceShareConfiguration: retainSharingOnAccountLeaveOrganization
  // "Specifies whether the consumer account retains access to the resource share after leaving
  // the organization." Which accounts left is not in the inputs: any principal outside the
  // organization is indeterminate (was denied); without it, denied.
  const outside = { 'aws:PrincipalOrgID': 'o-zzzzzzzzzz', 'aws:SecureTransport': 'true' };
  const ORG = 'arn:aws:organizations::111122223333:organization/o-abc123def4';
  it('CloudFormation ResourceShareConfiguration', () => {
    const share = (retain: string) =>
      cfn(`      ResourceArns: [ '${RULE}' ]
      Principals: [ '${ORG}' ]
      PermissionArns: [ !GetAtt ReadRules.Arn ]
      ResourceShareConfiguration: { RetainSharingOnAccountLeaveOrganization: ${retain} }`);
    expect(decide(share('true'), STRANGER, 'route53resolver:GetResolverRule', RULE, outside)).toBe(
      'indeterminate',
    );
    expect(decide(share('false'), STRANGER, 'route53resolver:GetResolverRule', RULE, outside)).toBe('deny');
  });
  it('Terraform resource_share_configuration', () => {
    const e = tf(`
resource "aws_ram_resource_share" "s" {
  name            = "rules"
  permission_arns = [aws_ram_permission.read.arn]
  resource_share_configuration {
    retain_sharing_on_account_leave_organization = true
  }
}
resource "aws_ram_principal_association" "p" {
  principal          = "${ORG}"
  resource_share_arn = aws_ram_resource_share.s.arn
}
resource "aws_ram_resource_association" "r" {
  resource_arn       = "${RULE}"
  resource_share_arn = aws_ram_resource_share.s.arn
}`);
    expect(decide(e, STRANGER, 'route53resolver:GetResolverRule', RULE, outside)).toBe('indeterminate');
    expect(decide(e, STRANGER, 'route53resolver:AssociateResolverRule', RULE, outside)).toBe('deny');
  });
});
