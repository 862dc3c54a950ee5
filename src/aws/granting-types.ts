// Resource types that grant access without a property or attribute holding a policy document, so
// the adapters' scan for unmodelled policies would find nothing in them: without a handler each is
// kept with an unknown policy (cfn/unhandled-resource-type, tf/unhandled-resource-type), never
// skipped while every verdict on what it grants passes. Both adapters read this one list; each
// entry says, in the reference's words, what the type grants.

export interface GrantingType {
  /** CloudFormation resource type. */
  cfn?: string;
  /** Terraform resource type (AWS provider). */
  tf?: string;
  /** What it grants, in the reference's words. */
  grants: string;
}

export const GRANTING_TYPES: readonly GrantingType[] = [
  {
    cfn: 'AWS::Lambda::LayerVersionPermission',
    grants: 'adds permissions to the resource-based policy of a layer (handled)',
  },
  {
    cfn: 'AWS::Events::EventBusPolicy',
    grants: 'lets other accounts or an organization send events to the bus (handled)',
  },
  { cfn: 'AWS::RAM::ResourceShare', grants: 'shares resources with principals (handled)' },
  { cfn: 'AWS::KMS::Grant', grants: 'a KMS grant' },
  {
    cfn: 'AWS::ACMPCA::Permission',
    tf: 'aws_acmpca_permission',
    grants:
      'Grants permissions to the AWS Certificate Manager (ACM) service principal (acm.amazonaws.com) to perform IssueCertificate, GetCertificate, and ListPermissions actions on a CA.',
  },
  {
    cfn: 'AWS::EC2::NetworkInterfacePermission',
    tf: 'aws_network_interface_permission',
    grants:
      'Specifies a permission for an Amazon EC2 network interface. For example, you can grant an AWS authorized partner account permission to attach the specified network interface to an instance in their account.',
  },
  {
    cfn: 'AWS::IoT::PolicyPrincipalAttachment',
    tf: 'aws_iot_policy_attachment',
    grants:
      'Use the AWS::IoT::PolicyPrincipalAttachment resource to attach an AWS IoT policy to a principal (an X.509 certificate or other credential). Principal: a certificate ARN or an Amazon Cognito ID.',
  },
  {
    cfn: 'AWS::Redshift::EndpointAuthorization',
    tf: 'aws_redshift_endpoint_authorization',
    grants:
      'Describes an endpoint authorization for authorizing Redshift-managed VPC endpoint access to a cluster across AWS accounts.',
  },
  {
    cfn: 'AWS::S3::AccessGrant',
    grants:
      'The AWS::S3::AccessGrant resource creates an access grant that gives a grantee access to your S3 data. The grantee can be an IAM user or role or a directory user, or group. (handled)',
  },
  {
    cfn: 'AWS::ServiceCatalog::PortfolioShare',
    grants: 'Shares a portfolio with the specified account. (handled)',
  },
  {
    cfn: 'AWS::Signer::ProfilePermission',
    tf: 'aws_signer_signing_profile_permission',
    grants:
      'Adds cross-account permissions to a signing profile. Principal: The AWS principal receiving cross-account permissions. This may be an IAM role or another AWS account ID.',
  },
  {
    cfn: 'AWS::EntityResolution::PolicyStatement',
    tf: 'aws_entityresolution_policy_statement',
    grants:
      'a statement (Effect, Action, Principal, Condition) of the resource-based policy of an Entity Resolution workflow or schema mapping',
  },
  {
    cfn: 'AWS::GlobalAccelerator::CrossAccountAttachment',
    tf: 'aws_globalaccelerator_cross_account_attachment',
    grants:
      'a cross-account attachment: the principals (accounts) allowed to add the listed resources as endpoints of their accelerators',
  },
];

const CFN = new Set(GRANTING_TYPES.flatMap((g) => (g.cfn ? [g.cfn] : [])));
const TF = new Set(GRANTING_TYPES.flatMap((g) => (g.tf ? [g.tf] : [])));

/** Whether a CloudFormation type grants access without a policy document property. */
export function cfnTypeGrantsWithoutPolicy(type: string): boolean {
  return CFN.has(type);
}

/** Whether a Terraform resource type grants access without a policy document attribute. */
export function tfTypeGrantsWithoutPolicy(type: string): boolean {
  return TF.has(type);
}

/** How the unhandled-resource-type finding names what such a type carries. */
export const GRANT_WITHOUT_DOCUMENT = 'a grant without a policy document';
