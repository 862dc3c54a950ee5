// Terraform resources that grant access without a policy document, the Terraform side of the
// CloudFormation types kept with an unknown policy (src/aws/granting-types.ts, one list for both
// adapters): before, each was skipped without a word, so who-can and onlyPrincipals on what it
// grants passed. Each case quotes the AWS page of what the resource grants.

import { describe, expect, it } from 'vitest';
import { compileModel } from '../src/engine/index.js';
import { loadTerraformFiles } from './helpers/temp-inputs.js';

const ACCOUNT = '111122223333';
const env = { account: ACCOUNT, region: 'us-east-1' };
const NOBODY = `arn:aws:iam::${ACCOUNT}:user/nobody`;

describe('Terraform types that grant without a policy document are kept with an unknown policy', () => {
  const cases: { type: string; quote: string; body: string; action: string; resource: string }[] = [
    {
      type: 'aws_acmpca_permission',
      quote:
        'ACM Private CA CreatePermission: "Grants one or more permissions on a private CA to the AWS Certificate Manager (ACM) service principal (acm.amazonaws.com)."',
      body: `certificate_authority_arn = "arn:aws:acm-pca:us-east-1:${ACCOUNT}:certificate-authority/1"\n  actions = ["IssueCertificate", "GetCertificate", "ListPermissions"]\n  principal = "acm.amazonaws.com"`,
      action: 'acm-pca:IssueCertificate',
      resource: `arn:aws:acm-pca:us-east-1:${ACCOUNT}:certificate-authority/1`,
    },
    {
      type: 'aws_network_interface_permission',
      quote:
        'EC2 CreateNetworkInterfacePermission: "Grants an Amazon Web Services-authorized account permission to attach the specified network interface to an instance in their account."',
      body: 'network_interface_id = "eni-1"\n  aws_account_id = "444455556666"\n  permission = "INSTANCE-ATTACH"',
      action: 'ec2:AttachNetworkInterface',
      resource: `arn:aws:ec2:us-east-1:${ACCOUNT}:network-interface/eni-1`,
    },
    {
      type: 'aws_iot_policy_attachment',
      quote:
        'IoT AttachPolicy: "Attaches the specified policy to the specified principal (certificate or other credential)."',
      body: `policy = "p"\n  target = "arn:aws:iot:us-east-1:${ACCOUNT}:cert/abc"`,
      action: 'iot:Publish',
      resource: `arn:aws:iot:us-east-1:${ACCOUNT}:topic/t`,
    },
    {
      type: 'aws_redshift_endpoint_authorization',
      quote: 'Redshift AuthorizeEndpointAccess: "Grants access to a cluster."',
      body: 'account = "444455556666"\n  cluster_identifier = "c"',
      action: 'redshift:DescribeClusters',
      resource: `arn:aws:redshift:us-east-1:${ACCOUNT}:cluster:c`,
    },
    {
      type: 'aws_signer_signing_profile_permission',
      quote: 'Signer AddProfilePermission: "Adds cross-account permissions to a signing profile."',
      body: 'profile_name = "p"\n  action = "signer:StartSigningJob"\n  principal = "444455556666"',
      action: 'signer:GetSigningProfile',
      resource: `arn:aws:signer:us-east-1:${ACCOUNT}:/signing-profiles/p`,
    },
    {
      type: 'aws_entityresolution_policy_statement',
      quote:
        'Entity Resolution AddPolicyStatement: "Adds a policy statement object. To retrieve a list of existing policy statements, use the GetPolicy API."',
      body: `arn = "arn:aws:entityresolution:us-east-1:${ACCOUNT}:matchingworkflow/w"\n  statement_id = "s"\n  effect = "Allow"\n  action = ["entityresolution:GetMatchingWorkflow"]\n  principal = ["444455556666"]`,
      action: 'entityresolution:GetMatchingWorkflow',
      resource: `arn:aws:entityresolution:us-east-1:${ACCOUNT}:matchingworkflow/w`,
    },
    {
      type: 'aws_globalaccelerator_cross_account_attachment',
      quote:
        'Global Accelerator CreateCrossAccountAttachment: "Create a cross-account attachment in Global Accelerator. You create a cross-account attachment to specify the principals who have permission to work with resources in accounts that you own."',
      body: 'name = "a"\n  principals = ["444455556666"]',
      action: 'globalaccelerator:DescribeCrossAccountAttachment',
      resource: `arn:aws:globalaccelerator::${ACCOUNT}:attachment/a`,
    },
  ];
  for (const c of cases) {
    it(`${c.type}: ${c.quote}`, () => {
      const m = loadTerraformFiles(
        `resource "aws_iam_user" "nobody" { name = "nobody" }\nresource "${c.type}" "g" {\n  ${c.body}\n}\n`,
        env,
      );
      const f = m.findings.filter((x) => x.code === 'tf/unhandled-resource-type');
      expect(f.map((x) => x.severity)).toEqual(['warning']);
      expect(f[0]!.source?.address).toBe(`${c.type}.g`);
      const d = compileModel(m).decide({ principal: NOBODY, action: c.action, resource: c.resource });
      expect(d.decision).toBe('indeterminate');
    });
  }
});

describe('aws_organizations_account role_name', () => {
  // AWS Organizations API Reference, CreateAccount, RoleName: "The name of an IAM role that
  // Organizations automatically preconfigures in the new member account. This role trusts the
  // management account ... The role has administrator permissions in the new member account. If
  // you do not specify this parameter, the role name defaults to OrganizationAccountAccessRole."
  const config = (roleName: string) => `
variable "role_name" { type = string }
resource "aws_organizations_account" "member" {
  name  = "member"
  email = "member@example.com"
  ${roleName}
}
`;

  it('unset: the role is OrganizationAccountAccessRole', () => {
    const m = loadTerraformFiles(config(''), env);
    expect(m.roles.map((r) => r.name)).toContain('OrganizationAccountAccessRole');
  });

  it('written: the role it names', () => {
    const m = loadTerraformFiles(config('role_name = "Admin"'), env);
    expect(m.roles.map((r) => r.name)).toEqual(['Admin']);
  });

  it('unknown: an unknown name, never the default (as CloudFormation RoleName)', () => {
    const m = loadTerraformFiles(config('role_name = var.role_name'), env);
    const names = m.roles.map((r) => r.name);
    expect(names).not.toContain('OrganizationAccountAccessRole');
    expect(names.some((n) => n.includes('(unknown-'))).toBe(true);
    const f = m.findings.find((x) => x.code === 'tf/org-new-account');
    expect(f?.message).toContain('role_name is unknown');
  });
});
