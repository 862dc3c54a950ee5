// Properties and attributes that are named like policies but hold no access policy: a Cognito
// user pool's password policy, a Classic Load Balancer's listener policies, CloudWatch Logs and
// SNS data protection policies, ECR lifecycle policies, OpenSearch Serverless encryption and
// network policies. They grant or deny nobody anything, so the adapters' scan for unmodelled
// policies (cfn/unhandled-resource-type, tf/unhandled-resource-type) skips them instead of
// keeping the resource with an unknown policy. Both adapters read this one list; each entry
// cites the reference page that says what the property holds. Also the Terraform resource types
// that manage no cloud object at all (`terraform_data`, `null_resource`): a policy-like value they
// store (`input`, `triggers`) grants nobody anything (their provisioners are read elsewhere:
// adapters/terraform/handlers/local-exec.ts).

export interface NotAccessPolicy {
  /** CloudFormation resource type and top-level property. */
  cfn?: { type: string; property: string };
  /** Terraform resource type (AWS provider) and attribute. */
  tf?: { type: string; attribute: string };
  /** What the property holds, in the reference's words, and where. */
  holds: string;
  url: string;
}

export const NOT_ACCESS_POLICIES: readonly NotAccessPolicy[] = [
  {
    cfn: { type: 'AWS::Cognito::UserPool', property: 'Policies' },
    holds:
      'Policies: A list of user pool policies. Contains the policy that sets password-complexity requirements.',
    url: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cognito-userpool.html',
  },
  {
    cfn: { type: 'AWS::ElasticLoadBalancing::LoadBalancer', property: 'Policies' },
    holds:
      'Policies: The policies defined for your Classic Load Balancer (SSL negotiation, stickiness, proxy protocol, back-end server authentication).',
    url: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-elasticloadbalancing-loadbalancer.html',
  },
  {
    cfn: { type: 'AWS::Logs::LogGroup', property: 'DataProtectionPolicy' },
    tf: { type: 'aws_cloudwatch_log_data_protection_policy', attribute: 'policy_document' },
    holds:
      'DataProtectionPolicy: Creates a data protection policy and assigns it to the log group. A data protection policy can help safeguard sensitive data that is ingested by the log group by auditing and masking the sensitive log data.',
    url: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-logs-loggroup.html',
  },
  {
    cfn: { type: 'AWS::Logs::AccountPolicy', property: 'PolicyDocument' },
    tf: { type: 'aws_cloudwatch_log_account_policy', attribute: 'policy_document' },
    holds:
      'Creates or updates an account-level data protection policy, subscription filter policy, field index policy, transformer policy or metric extraction policy that applies to all log groups or a subset of log groups in the account.',
    url: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-logs-accountpolicy.html',
  },
  {
    tf: { type: 'aws_sns_topic_data_protection_policy', attribute: 'policy' },
    holds:
      'Provides an SNS data protection topic policy resource (auditing, de-identifying or denying sensitive data in messages).',
    url: 'https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/sns_topic_data_protection_policy',
  },
  {
    tf: { type: 'aws_ecr_lifecycle_policy', attribute: 'policy' },
    holds:
      'Manages an ECR repository lifecycle policy: rules that expire images (Amazon ECR User Guide, "Automate the cleanup of images by using lifecycle policies in Amazon ECR").',
    url: 'https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/ecr_lifecycle_policy',
  },
  {
    cfn: { type: 'AWS::OpenSearchServerless::SecurityPolicy', property: 'Policy' },
    tf: { type: 'aws_opensearchserverless_security_policy', attribute: 'policy' },
    holds:
      'Specifies a security policy for OpenSearch Serverless: an encryption policy (the KMS key of collections) or a network policy (public or VPC endpoint reachability); data access is granted by access policies.',
    url: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-opensearchserverless-securitypolicy.html',
  },
];

/** A Terraform resource type that stores values and manages no cloud object. */
export interface NoCloudObjectType {
  type: string;
  /** What the reference says the type does, and where. */
  holds: string;
  url: string;
}

export const NO_CLOUD_OBJECT_TYPES: readonly NoCloudObjectType[] = [
  {
    type: 'terraform_data',
    holds:
      'The terraform_data resource type implements the standard resource lifecycle, but does not directly take any other actions. ... The terraform_data resource is useful for storing values which need to follow a manage resource lifecycle, and for triggering provisioners when there is no other logical managed resource in which to place them.',
    url: 'https://developer.hashicorp.com/terraform/language/resources/terraform-data',
  },
  {
    type: 'null_resource',
    holds:
      "Instances of null_resource are treated like normal resources, but they don't do anything. ... triggers - A map of values which should cause this set of provisioners to re-run.",
    url: 'https://developer.hashicorp.com/terraform/language/v1.2.x/resources/provisioners/null_resource',
  },
];

const NO_CLOUD_OBJECT = new Set(NO_CLOUD_OBJECT_TYPES.map((e) => e.type));

const CFN = new Set(
  NOT_ACCESS_POLICIES.flatMap((e) => (e.cfn ? [`${e.cfn.type}\u0000${e.cfn.property}`] : [])),
);
const TF = new Set(NOT_ACCESS_POLICIES.flatMap((e) => (e.tf ? [`${e.tf.type}\u0000${e.tf.attribute}`] : [])));

/** True when a CloudFormation resource type's top-level property holds no access policy. */
export function cfnPropertyHoldsNoAccessPolicy(type: string, property: string): boolean {
  return CFN.has(`${type}\u0000${property}`);
}

/**
 * True when a Terraform resource type's attribute holds no access policy: a listed attribute, or
 * any value of a type that manages no cloud object (`NO_CLOUD_OBJECT_TYPES`).
 */
export function tfAttributeHoldsNoAccessPolicy(type: string, attribute: string): boolean {
  return NO_CLOUD_OBJECT.has(type) || TF.has(`${type}\u0000${attribute}`);
}
