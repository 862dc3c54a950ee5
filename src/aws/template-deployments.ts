// Resource types that deploy a template of their own (stacks the inputs do not show): whatever that
// template creates (users, roles and their policies) lands in an account without being in the
// inputs. Each adapter models them with model/unloaded-deployment.ts (a stand-in role and user)
// and a warning, never as nothing. Nested stacks whose template is found (`AWS::CloudFormation::Stack`,
// a local `AWS::Serverless::Application`) and Terraform modules that are loaded are read instead.
//
// - AWS::CloudFormation::StackSet (CloudFormation User Guide, "AWS::CloudFormation::StackSet"):
//   "The AWS::CloudFormation::StackSet resource contains information about a StackSet. With
//   StackSets, you can provision stacks across AWS accounts and Regions from a single
//   CloudFormation template." Its stack instances are created in `StackInstancesGroup` ->
//   `DeploymentTargets` (`Accounts`, or `OrganizationalUnitIds`: accounts the inputs do not name).
// - AWS::ServiceCatalog::CloudFormationProvisionedProduct ("Provisions the specified product. A
//   provisioned product is a resourced instance of a product. For example, provisioning a product
//   that's based on an AWS CloudFormation template launches an AWS CloudFormation stack and its
//   underlying resources."), Terraform `aws_servicecatalog_provisioned_product`.
// - Terraform `aws_cloudformation_stack` ("Provides a CloudFormation Stack resource": its
//   `template_body` or `template_url` is deployed as a stack of the provider's account) and
//   `aws_cloudformation_stack_set_instance` ("Manages a CloudFormation StackSet Instance ...
//   account_id - (Optional) Target AWS Account ID to create a Stack based on the StackSet.
//   Defaults to current account.", or `deployment_targets` organizational units).

/** What a deploying type is, for the warning: "deploys ... (what)". */
export interface TemplateDeployment {
  what: string;
}

export const CFN_TEMPLATE_DEPLOYMENTS: Readonly<Record<string, TemplateDeployment>> = {
  'AWS::CloudFormation::StackSet': { what: 'the stack instances of a StackSet' },
  'AWS::ServiceCatalog::CloudFormationProvisionedProduct': {
    what: 'the stack of a Service Catalog product',
  },
};

export const TF_TEMPLATE_DEPLOYMENTS: Readonly<Record<string, TemplateDeployment>> = {
  aws_cloudformation_stack: { what: 'a CloudFormation stack' },
  aws_cloudformation_stack_set_instance: { what: 'a stack instance of a CloudFormation StackSet' },
  aws_servicecatalog_provisioned_product: { what: 'the stack of a Service Catalog product' },
};
