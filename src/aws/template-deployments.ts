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
//   `template_body` or `template_url` is deployed as a stack of the provider's account; a known
//   `template_body` is read instead, model/deployed-template.ts) and
//   `aws_cloudformation_stack_set_instance` ("Manages a CloudFormation StackSet Instance ...
//   account_id - (Optional) Target AWS Account ID to create a Stack based on the StackSet.
//   Defaults to current account.", or `deployment_targets` organizational units).
//
// Such a template is not confined to what it creates: it may also write the policies of the
// principals and resources already in the accounts it deploys into, which the inputs hold as
// written (`addUnreadTemplateDeployment`): an `AWS::IAM::Policy` / `AWS::IAM::ManagedPolicy` on an
// existing role, user or group by name (CloudFormation User Guide, "AWS::IAM::Policy": "Roles: The
// name of the role to associate the policy with."), an `AWS::S3::BucketPolicy` on an existing
// bucket ("Bucket: The name of the Amazon S3 bucket to which the policy applies."), an
// `AWS::Lambda::Permission` on an existing function ("FunctionName: The name or ARN of the Lambda
// function, version, or alias."), `AWS::SQS::QueuePolicy` / `AWS::SNS::TopicPolicy` on existing
// queues and topics, and a custom resource whose code (run by a role the template creates, with
// any policy) may call any API, a trust policy rewrite included. So each account it deploys into
// gets the deploy-time change of code whose calls are not known (aws/deploy-time-changes.ts,
// `ANY_ACCESS_CHANGE`): unknown maybe-present policies on its users and roles, its roles' trust
// rewritable, unknown maybe-present statements in its resource policies, each naming the
// deployment, besides the stand-in principals of model/unloaded-deployment.ts; and that code may
// assume a role of another account of the model whose trust lets the account in, and change
// access there too (aws/function-role-changes.ts `addUnboundedChange`, aws/account-reach.ts).

import { addUnloadedDeploymentPrincipals } from '../model/unloaded-deployment.js';
import type { Source } from '../model/source.js';
import { Unknown } from '../model/unknown.js';
import { ANY_ACCESS_CHANGE } from './access-changes.js';
import { addUnboundedChange } from './function-role-changes.js';
import type { ModelBuilder } from '../model/builder.js';

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

/** A deployment of a template iamspec does not read, in one account. */
export interface UnreadTemplateDeployment {
  account: string;
  partition: string;
  /** The region of the stand-in resources' ARNs (which resources it reaches does not depend on it). */
  region: string;
  /** A readable hint that names the stand-ins (`module.app`, a logical id, a Terraform address). */
  hint: string;
  /** Why what it deploys is unknown (`X deploys ..., whose template is not read`). */
  reason: string;
  source: Source;
  /** The deployment itself might not exist (a condition, a count). */
  presence?: Unknown | undefined;
}

/**
 * Models a template deployment iamspec does not read into `d.account` (see the module comment):
 * the stand-in role and user of what it creates, and what it may write in the account's existing
 * principals, trust policies and resource policies. Returns the stand-ins' model ids.
 */
export function addUnreadTemplateDeployment(
  builder: ModelBuilder,
  d: UnreadTemplateDeployment,
): { role: string; user: string } {
  const created = addUnloadedDeploymentPrincipals(builder, d);
  const maybe = d.presence ? ` (if it exists: ${d.presence.reason})` : '';
  const why = new Unknown(
    `${d.reason}${maybe}, and that template may write the policies of principals and resources already in account ${d.account} (an AWS::IAM::Policy naming a role, an AWS::S3::BucketPolicy, an AWS::Lambda::Permission, a custom resource's code)`,
    d.source,
  );
  addUnboundedChange(
    builder,
    {
      account: d.account,
      partition: d.partition,
      region: d.region,
      why,
      hint: d.hint,
      source: d.source,
      change: ANY_ACCESS_CHANGE,
    },
    d.hint,
  );
  return created;
}
