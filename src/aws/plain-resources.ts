// Resources of the inputs that hold no policy and run nothing by themselves, kept by ARN so that a
// request on a resource that exists already may name one (model `PlainResource`,
// analysis/escalation-existing-starts.ts): per type, its CloudFormation and Terraform types, the
// property naming it and its ARN (the catalog's format, aws/arn-formats.ts `catalogArn`). Shared
// by both adapters. Owns `PLAIN_RESOURCES`, `plainResourceArn` and `ec2InstanceArn`.
// - EC2 instances without an instance profile (those with one are the profile's uses,
//   `InstanceProfileUse.instance`): named by the id EC2 gives at launch, noted by each adapter's
//   instance handler (their type's handler is the instance profile one), since
//   ec2:AssociateIamInstanceProfile gives such an instance a profile ("Associates an IAM instance
//   profile with a running or stopped instance", Amazon EC2 API Reference).
// - SageMaker notebook instance lifecycle configuration (Service Authorization Reference, Amazon
//   SageMaker AI, resource type notebook-instance-lifecycle-config:
//   `arn:${Partition}:sagemaker:${Region}:${Account}:notebook-instance-lifecycle-config/${NotebookInstanceLifecycleConfigName}`):
//   the one sagemaker:UpdateNotebookInstanceLifecycleConfig rewrites.

import { catalogArn } from './arn-formats.js';

export interface PlainResourceType {
  service: string;
  /** The catalog's resource type and the variable of its ARN format the name fills. */
  resourceType: string;
  nameVariable: string;
  cfn: { type: string; name: string };
  tf: { type: string; name: string };
}

export const PLAIN_RESOURCES: readonly PlainResourceType[] = [
  {
    service: 'sagemaker',
    resourceType: 'notebook-instance-lifecycle-config',
    nameVariable: 'NotebookInstanceLifecycleConfigName',
    cfn: {
      type: 'AWS::SageMaker::NotebookInstanceLifecycleConfig',
      name: 'NotebookInstanceLifecycleConfigName',
    },
    tf: { type: 'aws_sagemaker_notebook_instance_lifecycle_configuration', name: 'name' },
  },
];

/** The ARN of a resource of type `t` named `name` (unknown name parts kept) where `env` places it. */
export function plainResourceArn(
  t: PlainResourceType,
  name: string,
  env: { partition: string; region: string; account: string },
): string {
  return catalogArn(t.service, t.resourceType, { [t.nameVariable]: name }, env);
}

/**
 * The ARN of an EC2 instance of id `id` (`i-…`, an unknown name part where EC2 gives it) where
 * `env` places it (Service Authorization Reference, Amazon EC2, resource type instance:
 * `arn:${Partition}:ec2:${Region}:${Account}:instance/${InstanceId}`).
 */
export function ec2InstanceArn(
  id: string,
  env: { partition: string; region: string; account: string },
): string {
  return catalogArn('ec2', 'instance', { InstanceId: id }, env);
}
