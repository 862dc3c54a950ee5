// Sharing that grants other accounts access WITHOUT a policy document, both adapters share it:
// AMI launch permissions, EBS snapshot create-volume permissions, SSM document sharing, VPC
// endpoint service allowed principals and RDS (cluster) snapshot sharing. Each kind's entry says
// which actions the accounts it is shared with get on the shared resource (quoting the AWS page),
// what its ARN is, and which value shares it publicly; `sharingGrantDocument` turns a share into
// resource policy statements, as `resourceShareDocument` (aws/ram.ts) does for AWS RAM.

import { isUnknown, type Maybe, Unknown } from '../model/unknown.js';
import { sharedWithStatements } from './ram.js';

export type SharingKind =
  | 'ami-launch'
  | 'ebs-snapshot-volume'
  | 'ssm-document'
  | 'endpoint-service'
  | 'rds-snapshot'
  | 'rds-cluster-snapshot';

export interface SharingGrant {
  /** What is shared, for messages. */
  what: string;
  /** The AWS page that documents what sharing gives. */
  page: string;
  /** The actions the accounts it is shared with get on the resource. */
  actions: readonly string[];
  /**
   * Set when the page names no complete list of actions: the share is also kept as a statement
   * whose Action is unknown, so any other action on the resource is indeterminate, never denied.
   */
  moreActions?: string;
  /** The value (compared case-insensitively) that shares with every AWS account. */
  publicValue: string;
  /** The ARN of the shared resource from its id (AMI and EBS snapshot ARNs carry no account). */
  arn: (partition: string, region: string, account: string, id: string) => string;
}

/**
 * The sharing kinds. Each sentence quoted is from the page in `page`:
 * - AMI: "Launch permissions can be used to configure which AWS accounts can use the AMI to launch
 *   instances"; "To make an AMI public, set the launch permission authorized accounts to all"
 *   (EC2 Image Builder API Reference, LaunchPermissionConfiguration). Launch permissions name "The
 *   AWS account ID, organization ARN, or OU ARN" (EC2 API Reference,
 *   LaunchPermissionModifications). Launching is ec2:RunInstances on the image; copying the AMI
 *   (ec2:CopyImage) names the image as its source. Block public access for AMIs (Terraform
 *   aws_ec2_image_block_public_access `block-new-sharing`) removes no public launch permission
 *   the inputs make: "This prevents the public sharing of your AMIs. However, if you already have
 *   public AMIs, they will remain publicly available." and "The API can take up to 10 minutes to
 *   configure this setting" (EC2 API Reference, EnableImageBlockPublicAccess): a deployment that
 *   succeeds made the AMI public before the block applied (or the AMI was public already), so the
 *   share stays public and the setting is not read.
 * - EBS snapshot: "explicit: The owner of the snapshot granted create volume permissions to a
 *   specific Amazon Web Services account"; "public: The owner of the snapshot granted create
 *   volume permissions for the snapshot to the all group" (EC2 API Reference, DescribeSnapshots):
 *   ec2:CreateVolume from the snapshot, and ec2:CopySnapshot of it.
 * - SSM document: "If you share a document privately, you must specify the Amazon Web Services user
 *   IDs for those people who can use the document. If you share a document publicly, you must
 *   specify All as the account ID" (SSM API Reference, ModifyDocumentPermission). "Use" is not a
 *   list of actions: the ones that name a document are granted, and the others stay unknown.
 * - VPC endpoint service: "You can add or remove permissions for service consumers (AWS accounts,
 *   users, and IAM roles) to connect to your endpoint service"; "To grant permissions to all
 *   principals, specify an asterisk (*)"; "If you grant permissions to all principals, the service
 *   is public" (EC2 API Reference, ModifyVpcEndpointServicePermissions): ec2:CreateVpcEndpoint
 *   naming the service.
 * - RDS snapshot: "use the ValuesToAdd parameter to add a list of IDs of the AWS accounts that are
 *   authorized to restore the manual DB snapshot. Uses the value all to make the manual DB snapshot
 *   public, which means it can be copied or restored by all AWS accounts" (RDS API Reference,
 *   ModifyDBSnapshotAttribute; ModifyDBClusterSnapshotAttribute for cluster snapshots).
 */
export const SHARING_GRANTS: Readonly<Record<SharingKind, SharingGrant>> = {
  'ami-launch': {
    what: 'AMI',
    page: 'https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_LaunchPermissionModifications.html',
    actions: ['ec2:RunInstances', 'ec2:CopyImage'],
    publicValue: 'all',
    arn: (p, r, _a, id) => `arn:${p}:ec2:${r}::image/${id}`,
  },
  'ebs-snapshot-volume': {
    what: 'EBS snapshot',
    page: 'https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeSnapshots.html',
    actions: ['ec2:CreateVolume', 'ec2:CopySnapshot'],
    publicValue: 'all',
    arn: (p, r, _a, id) => `arn:${p}:ec2:${r}::snapshot/${id}`,
  },
  'ssm-document': {
    what: 'SSM document',
    page: 'https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_ModifyDocumentPermission.html',
    actions: [
      'ssm:DescribeDocument',
      'ssm:GetDocument',
      'ssm:ListDocumentVersions',
      'ssm:SendCommand',
      'ssm:StartAutomationExecution',
      'ssm:CreateAssociation',
    ],
    moreActions: 'AWS does not list the actions an account a document is shared with may use it in',
    publicValue: 'all',
    arn: (p, r, a, id) => `arn:${p}:ssm:${r}:${a}:document/${id}`,
  },
  'endpoint-service': {
    what: 'VPC endpoint service',
    page: 'https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ModifyVpcEndpointServicePermissions.html',
    actions: ['ec2:CreateVpcEndpoint'],
    publicValue: '*',
    arn: (p, r, a, id) => `arn:${p}:ec2:${r}:${a}:vpc-endpoint-service/${id}`,
  },
  'rds-snapshot': {
    what: 'RDS DB snapshot',
    page: 'https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_ModifyDBSnapshotAttribute.html',
    actions: ['rds:RestoreDBInstanceFromDBSnapshot', 'rds:CopyDBSnapshot'],
    publicValue: 'all',
    arn: (p, r, a, id) => `arn:${p}:rds:${r}:${a}:snapshot:${id}`,
  },
  'rds-cluster-snapshot': {
    what: 'RDS DB cluster snapshot',
    page: 'https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_ModifyDBClusterSnapshotAttribute.html',
    actions: ['rds:RestoreDBClusterFromSnapshot', 'rds:CopyDBClusterSnapshot'],
    publicValue: 'all',
    arn: (p, r, a, id) => `arn:${p}:rds:${r}:${a}:cluster-snapshot:${id}`,
  },
};

/** A share as the inputs give it. */
export interface SharingInput {
  kind: SharingKind;
  /** Account ids, principal ARNs, organization / OU ARNs, or the public value; Unknown as a whole. */
  sharedWith: Maybe<readonly Maybe<string>[]>;
  /** The shared resource's ARN. */
  resource: Maybe<string>;
}

/**
 * The resource policy statements a share amounts to: the kind's actions on the resource for each
 * principal it is shared with (an account id as its root, an ARN as given, an organization or OU
 * as a condition, as AWS RAM's), `Principal: "*"` for the public value (a public grant the review
 * flags), and an unknown principal for an unknown one, so what it gives is indeterminate, never
 * nothing.
 */
export function sharingGrantDocument(input: SharingInput, partition: string): Record<string, unknown> {
  const g = SHARING_GRANTS[input.kind];
  const bases: Record<string, unknown>[] = [
    { Effect: 'Allow', Action: [...g.actions], Resource: input.resource },
  ];
  if (g.moreActions)
    bases.push({ Effect: 'Allow', Action: new Unknown(g.moreActions), Resource: input.resource });
  const statements: Record<string, unknown>[] = [];
  for (const base of bases) {
    if (isUnknown(input.sharedWith)) {
      statements.push({ ...base, Principal: input.sharedWith });
      continue;
    }
    const named: Maybe<string>[] = [];
    for (const p of input.sharedWith) {
      if (typeof p === 'string' && p.toLowerCase() === g.publicValue)
        statements.push({ ...base, Principal: '*' });
      else if (typeof p === 'string' && !/^\d{12}$/.test(p) && !p.startsWith('arn:'))
        statements.push({
          ...base,
          Principal: new Unknown(`"${p}" is neither an account id nor an ARN the ${g.what} is shared with`),
        });
      else named.push(p);
    }
    statements.push(...sharedWithStatements(base, named, partition));
  }
  return { Version: '2012-10-17', Statement: statements };
}
