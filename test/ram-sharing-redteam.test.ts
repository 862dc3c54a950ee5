// Red team of AWS RAM resource shares (aws/ram.ts): what the principals a resource is shared with
// gain, on what, and that nothing is dropped when the shared resource is unknown. Before this
// file, two silent denials: a shared Glue database (or Data Catalog) gave nothing on its tables,
// and a shared App Mesh mesh nothing on the virtual nodes in it (the share's statement named the
// shared ARN only); and a share whose resource is unknown (a variable, a parameter) gave nothing on
// any resource outside the inputs (its stand-in was of the kind `other`, which no ARN outside the
// inputs is), so an onlyPrincipals check on a shared database, subnet or Resolver rule passed,
// even for the usual Terraform VPC sharing (`resource_arn = aws_subnet.s.arn`, known after apply).
//
// Pages:
// - AWS RAM User Guide, "Managed permissions in AWS RAM": "When you share a resource with other
//   accounts, those accounts can access the resource with the permissions that the managed
//   permission attached to the share allows" (the actions: not in the inputs, so indeterminate).
// - AWS Glue Developer Guide, "Specifying AWS Glue resource ARNs": "Data Catalog resources have a
//   hierarchical structure, with catalog as the root" (database/NAME, table/DATABASE/NAME).
// - AWS Lake Formation Developer Guide, troubleshooting cross-account access: the AWS RAM managed
//   permissions of a shared database include "AllTables ...
//   AWSRAMPermissionGlueAllTablesReadWriteForDatabase"; without one, "... is not authorized to
//   perform: glue:GetUserDefinedFunctions on resource: ... because no resource-based policy allows
//   the glue:GetUserDefinedFunctions action" (the share acts as the resource-based policy).
// - App Mesh API Reference, CreateVirtualNode meshOwner: "If the account ID is not your own, then
//   the account that you specify must share the mesh with your account before you can create the
//   resource in the service mesh".

import { describe, expect, it } from 'vitest';
import { checkOnlyPrincipals } from '../src/analysis/exhaustive.js';
import { compileModel } from '../src/engine/index.js';
import { modelOf } from './fixtures/cfn/load.js';
import { ANALYST, decide, STRANGER, unknownResourceShare } from './helpers/ram-shares.js';
import { terraformConfigModel } from './helpers/temp-inputs.js';

const DB = 'arn:aws:glue:us-east-1:111122223333:database/sales';
const TABLE = 'arn:aws:glue:us-east-1:111122223333:table/sales/orders';
const OTHER_TABLE = 'arn:aws:glue:us-east-1:111122223333:table/other/orders';
const MESH = 'arn:aws:appmesh:us-east-1:111122223333:mesh/shared';
const NODE = `${MESH}/virtualNode/vn`;
const RULE = 'arn:aws:route53resolver:us-east-1:111122223333:resolver-rule/rslvr-rr-1';

const share = (resources: string) => `
provider "aws" {
  region = "us-east-1"
}
variable "shared_arn" {
  type = string
}
resource "aws_ram_resource_share" "data" {
  name                      = "data"
  allow_external_principals = true
}
resource "aws_ram_principal_association" "partner" {
  principal          = "999988887777"
  resource_share_arn = aws_ram_resource_share.data.arn
}
${resources}
resource "aws_iam_role" "r" {
  name               = "r"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }] })
}
`;
const association = (name: string, arn: string) => `
resource "aws_ram_resource_association" "${name}" {
  resource_arn       = ${arn}
  resource_share_arn = aws_ram_resource_share.data.arn
}`;

function engineOf(resources: string, vars: Record<string, string> = {}) {
  return compileModel(terraformConfigModel(share(resources), { account: '111122223333', vars, env: {} }));
}

describe('a shared Glue database or catalog: its tables too', () => {
  it('the database’s tables are indeterminate for the share’s principals (was deny), other databases’ are not shared', () => {
    const e = engineOf(association('db', `"${DB}"`));
    expect(decide(e, ANALYST, 'glue:GetDatabase', DB)).toBe('indeterminate');
    expect(decide(e, ANALYST, 'glue:GetTable', TABLE)).toBe('indeterminate');
    expect(decide(e, ANALYST, 'glue:GetTable', OTHER_TABLE)).toBe('deny');
    expect(decide(e, STRANGER, 'glue:GetTable', TABLE)).toBe('deny');
    const only = checkOnlyPrincipals(e, 'glue:GetTable', TABLE, []);
    expect(only.holds).toBe(false);
    expect(only.violations.some((v) => v.principal.includes('999988887777'))).toBe(true);
  });

  it('a shared Data Catalog: every table of the account and Region', () => {
    const e = engineOf(association('catalog', '"arn:aws:glue:us-east-1:111122223333:catalog"'));
    expect(decide(e, ANALYST, 'glue:GetTable', OTHER_TABLE)).toBe('indeterminate');
    expect(decide(e, ANALYST, 'glue:GetTable', OTHER_TABLE.replace('us-east-1', 'eu-west-1'))).toBe('deny');
  });
});

describe('a shared App Mesh mesh: the resources in it', () => {
  it('a virtual node in the mesh is indeterminate (was deny); one in another mesh is not shared', () => {
    const e = engineOf(association('mesh', `"${MESH}"`));
    expect(decide(e, ANALYST, 'appmesh:DescribeVirtualNode', NODE)).toBe('indeterminate');
    expect(decide(e, ANALYST, 'appmesh:DescribeVirtualNode', NODE.replace('/shared/', '/private/'))).toBe(
      'deny',
    );
  });
});

describe('a share whose resource is unknown may share any resource of the account', () => {
  it('Terraform: resource_arn from a variable without a value (was deny everywhere outside the inputs)', () => {
    const e = engineOf(association('any', 'var.shared_arn'));
    expect(decide(e, ANALYST, 'glue:GetTable', TABLE)).toBe('indeterminate');
    expect(decide(e, ANALYST, 'route53resolver:AssociateResolverRule', RULE)).toBe('indeterminate');
    // Only the share's principals, and only the sharing account's resources.
    expect(decide(e, STRANGER, 'route53resolver:AssociateResolverRule', RULE)).toBe('deny');
    expect(
      decide(
        e,
        ANALYST,
        'route53resolver:AssociateResolverRule',
        RULE.replace('111122223333', '222233334444'),
      ),
    ).toBe('deny');
    // A role's trust policy is not a resource share.
    expect(decide(e, ANALYST, 'sts:AssumeRole', 'arn:aws:iam::111122223333:role/r')).toBe('deny');
    // Given the variable, the share is on that resource only.
    const known = engineOf(association('any', 'var.shared_arn'), { shared_arn: RULE });
    expect(decide(known, ANALYST, 'route53resolver:AssociateResolverRule', RULE)).toBe('indeterminate');
    expect(decide(known, ANALYST, 'glue:GetTable', TABLE)).toBe('deny');
  });

  it('Terraform: the ARN of a subnet the configuration creates (known after apply): the usual VPC sharing (was deny)', () => {
    const e = engineOf(`
resource "aws_subnet" "s" {
  vpc_id     = "vpc-123"
  cidr_block = "10.0.1.0/24"
}
${association('subnet', 'aws_subnet.s.arn')}`);
    const subnet = 'arn:aws:ec2:us-east-1:111122223333:subnet/subnet-0abc';
    expect(decide(e, ANALYST, 'ec2:RunInstances', subnet)).toBe('indeterminate');
    expect(decide(e, STRANGER, 'ec2:RunInstances', subnet)).toBe('deny');
  });

  it('CloudFormation: AWS::RAM::ResourceShare whose ResourceArns is a parameter without a value', () => {
    const e = unknownResourceShare();
    const rule = RULE.replace('us-east-1', 'us-west-2');
    expect(decide(e, ANALYST, 'route53resolver:AssociateResolverRule', rule)).toBe('indeterminate');
    expect(decide(e, STRANGER, 'route53resolver:AssociateResolverRule', rule)).toBe('deny');
  });
});

describe('a share whose resource is unknown holds no IAM resource (hcfn19)', () => {
  // AWS RAM User Guide, "Sharing Regional resources compared to global resources": "Most
  // resources that you can share with AWS RAM are Regional"; "You can use the fourth field in the
  // Amazon Resource Name (ARN) to identify whether a resource is Regional or global. Regional
  // resources show the AWS Region. If it's blank, then the resource is global." IAM is not among
  // the "Shareable AWS resources"; the global ones there are Cloud WAN core networks.
  const e = engineOf(association('any', 'var.shared_arn'));
  const ROLE = 'arn:aws:iam::111122223333:role/r';

  it("an IAM request of the share's principal on the sharing account is not the share's (was indeterminate)", () => {
    expect(decide(e, ANALYST, 'iam:GetRole', ROLE)).toBe('deny');
    expect(decide(e, ANALYST, 'iam:PassRole', ROLE)).toBe('deny');
    expect(decide(e, ANALYST, 'iam:GetPolicy', 'arn:aws:iam::111122223333:policy/p')).toBe('deny');
  });

  it('Regional resources of any service and the global Cloud WAN core networks stay indeterminate', () => {
    expect(decide(e, ANALYST, 'ec2:RunInstances', 'arn:aws:ec2:us-east-1:111122223333:subnet/subnet-1')).toBe(
      'indeterminate',
    );
    expect(
      decide(
        e,
        ANALYST,
        'networkmanager:GetCoreNetwork',
        'arn:aws:networkmanager::111122223333:core-network/c-1',
      ),
    ).toBe('indeterminate');
    expect(
      decide(e, STRANGER, 'ec2:RunInstances', 'arn:aws:ec2:us-east-1:111122223333:subnet/subnet-1'),
    ).toBe('deny');
  });
});

describe('sharing with an organization or an OU', () => {
  it('a principal of the OU (aws:PrincipalOrgPaths) may, one outside the organization may not', () => {
    const e = engineOf(
      `${association('rule', `"${RULE}"`)}
resource "aws_ram_principal_association" "ou" {
  principal          = "arn:aws:organizations::111122223333:ou/o-abc123def4/ou-ab12-34cd56ef"
  resource_share_arn = aws_ram_resource_share.data.arn
}`,
    );
    const inOu = e.decide({
      principal: STRANGER,
      action: 'route53resolver:AssociateResolverRule',
      resource: RULE,
      context: {
        'aws:PrincipalOrgID': 'o-abc123def4',
        'aws:PrincipalOrgPaths': ['o-abc123def4/r-ab12/ou-ab12-34cd56ef/'],
      },
    });
    expect(inOu.decision).toBe('indeterminate');
    const outside = e.decide({
      principal: STRANGER,
      action: 'route53resolver:AssociateResolverRule',
      resource: RULE,
      context: { 'aws:PrincipalOrgID': 'o-zzzzzzzzzz', 'aws:PrincipalOrgPaths': ['o-zzzzzzzzzz/r-zz99/'] },
    });
    expect(outside.decision).toBe('deny');
  });
});

describe('a customer managed permission on the share (hcfn19)', () => {
  // AWS RAM User Guide, "Managed permissions in AWS RAM": "When you share a resource with other
  // accounts, those accounts can access the resource with the permissions that the managed
  // permission attached to the share allows." A customer managed permission the inputs define
  // (AWS::RAM::Permission, its PolicyTemplate) is read since hram20 (was: unknown Action, every
  // action indeterminate): its template's actions only. More in ram-customer-permissions.test.ts.
  const e = compileModel(
    modelOf(`
Resources:
  ReadRules:
    Type: AWS::RAM::Permission
    Properties:
      Name: read-rules
      ResourceType: route53resolver:ResolverRule
      PolicyTemplate: { Effect: Allow, Action: [ 'route53resolver:GetResolverRule' ] }
  Share:
    Type: AWS::RAM::ResourceShare
    Properties:
      Name: rules
      ResourceArns: [ '${RULE.replace('us-east-1', 'us-west-2')}' ]
      Principals: [ '999988887777' ]
      PermissionArns: [ !GetAtt ReadRules.Arn ]
`),
  );
  const rule = RULE.replace('us-east-1', 'us-west-2');

  it('the template’s action is allowed, an action outside it is denied (was indeterminate), a stranger is denied', () => {
    expect(decide(e, ANALYST, 'route53resolver:GetResolverRule', rule)).toBe('allow');
    expect(decide(e, ANALYST, 'route53resolver:AssociateResolverRule', rule)).toBe('deny');
    expect(decide(e, STRANGER, 'route53resolver:GetResolverRule', rule)).toBe('deny');
  });
});
