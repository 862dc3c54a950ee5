// Actions only principals of the resource's own account can call, whatever any policy says: a
// caller of another account (or an anonymous one) is refused before the policies are read, so a
// bucket policy, queue policy or key policy granting them to another account grants nothing. An
// AWS fact kept as data, in one place, each row quoting the page that says so. The engine applies
// it to every request (engine/owner-account-rule.ts `ownerAccountOnly`: deny when both accounts are known and differ,
// indeterminate when either is unknown, never a deny on an unknown account), so the writers of a
// resource policy (aws/policy-writers.ts, spec noEscalation, the review's escalation findings,
// `diff --fail-on risk`) are only principals that can really write it.
//
// Checked and NOT listed (their pages say no such thing; a cross-account writer stays decided by
// the policies, which may over-report but never under-report): SNS AddPermission /
// SetTopicAttributes ("Adds a statement to a topic's access control policy", SNS API Reference),
// Lambda AddPermission (the Developer Guide, "Granting Lambda function access to other accounts",
// says one can grant cross-account access for "most API actions that operate on an existing
// function", without naming the exceptions), Secrets Manager PutResourcePolicy, ECR
// SetRepositoryPolicy, EventBridge PutPermission, Backup PutBackupVaultAccessPolicy; S3
// PutBucketAcl and PutBucketPublicAccessBlock.

/** One row: lowercased actions, the page and its words. */
export interface OwnerAccountRule {
  actions: readonly string[];
  url: string;
  quote: string;
}

export const OWNER_ACCOUNT_RULES: readonly OwnerAccountRule[] = [
  {
    actions: ['s3:putbucketpolicy'],
    url: 'https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketPolicy.html',
    quote:
      "If you are using an identity other than the root user of the AWS account that owns the bucket, the calling identity must have the PutBucketPolicy permissions on the specified bucket and belong to the bucket owner's account in order to use this operation",
  },
  {
    actions: ['s3:deletebucketpolicy'],
    url: 'https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteBucketPolicy.html',
    quote:
      "the calling identity must have the DeleteBucketPolicy permissions on the specified bucket and belong to the bucket owner's account to use this operation",
  },
  {
    actions: ['s3:getbucketpolicy'],
    url: 'https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketPolicy.html',
    quote:
      "the calling identity must have the GetBucketPolicy permissions on the specified bucket and belong to the bucket owner's account in order to use this operation",
  },
  {
    actions: [
      'sqs:addpermission',
      'sqs:cancelmessagemovetask',
      'sqs:createqueue',
      'sqs:deletequeue',
      'sqs:listmessagemovetasks',
      'sqs:listqueuetags',
      'sqs:removepermission',
      'sqs:setqueueattributes',
      'sqs:startmessagemovetask',
      'sqs:tagqueue',
      'sqs:untagqueue',
    ],
    url: 'https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-limitations-of-custom-policies.html',
    quote:
      "Cross-account permissions don't apply to the following actions: AddPermission, CancelMessageMoveTask, CreateQueue, DeleteQueue, ListMessageMoveTask, ListQueues, ListQueueTags, RemovePermission, SetQueueAttributes, StartMessageMoveTask, TagQueue, UntagQueue",
  },
  {
    actions: ['kms:putkeypolicy'],
    url: 'https://docs.aws.amazon.com/kms/latest/APIReference/API_PutKeyPolicy.html',
    quote:
      'Cross-account use: No. You cannot perform this operation on a KMS key in a different AWS account.',
  },
  {
    // The "Cross-account use" column of the AWS KMS permissions reference, its No rows for an
    // operation on a KMS key (the API Reference page of each says the same words). Not listed:
    // the No rows without a key or alias resource (CreateKey, ListKeys, ListAliases, the custom
    // key store operations: Resource "*", no resource account to compare). ReplicateKey has a
    // row of its own below.
    actions: [
      'kms:cancelkeydeletion',
      'kms:deleteimportedkeymaterial',
      'kms:disablekey',
      'kms:disablekeyrotation',
      'kms:enablekey',
      'kms:enablekeyrotation',
      'kms:getkeylastusage',
      'kms:getkeypolicy',
      'kms:getparametersforimport',
      'kms:importkeymaterial',
      'kms:listkeypolicies',
      'kms:listkeyrotations',
      'kms:listresourcetags',
      'kms:rotatekeyondemand',
      'kms:tagresource',
      'kms:untagresource',
      'kms:updatealias',
      'kms:updatekeydescription',
    ],
    url: 'https://docs.aws.amazon.com/kms/latest/developerguide/kms-api-permissions-reference.html',
    quote:
      'Cross-account use: No. You cannot perform this operation on a KMS key in a different Amazon Web Services account.',
  },
  {
    actions: ['kms:createalias', 'kms:deletealias'],
    url: 'https://docs.aws.amazon.com/kms/latest/developerguide/kms-api-permissions-reference.html',
    quote:
      'Cross-account use: No. You cannot perform this operation on an alias in a different Amazon Web Services account.',
  },
  {
    // "A value of No means that principals can perform the operation only on resources in their
    // own AWS account" (AWS KMS Developer Guide, "AWS KMS permissions", column descriptions); a
    // replica is made in the primary key's account: "The key ARNs of related multi-Region keys
    // have the same partition, account, and key ID, but different Regions" ("Controlling access
    // to multi-Region keys").
    actions: ['kms:replicatekey'],
    url: 'https://docs.aws.amazon.com/kms/latest/APIReference/API_ReplicateKey.html',
    quote:
      'Cross-account use: No. You cannot use this operation to create a replica key in a different AWS account.',
  },
  {
    actions: ['kms:updateprimaryregion'],
    url: 'https://docs.aws.amazon.com/kms/latest/APIReference/API_UpdatePrimaryRegion.html',
    quote: 'Cross-account use: No. You cannot use this operation in a different Amazon Web Services account.',
  },
  {
    actions: ['kms:schedulekeydeletion'],
    url: 'https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-modifying-external-accounts.html',
    quote:
      "If you give a user in a different account permission to perform other operations, those permissions have no effect. For example, if you give a principal in a different account kms:ListKeys permission in an IAM policy, or kms:ScheduleKeyDeletion permission on a KMS key in a key policy, the user's attempts to call those operations on your resources still fail.",
  },
];

const BY_ACTION: ReadonlyMap<string, OwnerAccountRule> = new Map(
  OWNER_ACCOUNT_RULES.flatMap((r) => r.actions.map((a) => [a, r] as const)),
);

/** The rule that makes `actionLower` owner-account-only, or undefined. */
export function ownerAccountRule(actionLower: string): OwnerAccountRule | undefined {
  return BY_ACTION.get(actionLower);
}

/** A known 12-digit account id (not an unknown or partly known one). */
const KNOWN_ACCOUNT = /^\d{12}$/;

/**
 * How a reason names the owner account `owner` of a resource: the id when it is a known 12-digit
 * one; else the resource's account with what its ARN holds there (an ARN of a resource outside the
 * inputs, whose account field a witness fills with a letter, or an unknown part), never the bare
 * text as if it were an account id (`account x`).
 */
export function ownerAccountText(owner: string | undefined): string {
  if (owner !== undefined && KNOWN_ACCOUNT.test(owner)) return `account ${owner}`;
  return owner
    ? `the resource's account (its ARN names no account id: "${owner}" in the account field)`
    : "the resource's account";
}

/**
 * Whether a caller of account `caller` (undefined: an anonymous caller, who belongs to no
 * account) is refused an owner-account-only action on a resource of account `owner`: `yes` when
 * both are known and differ (or the caller is anonymous and the owner known), `maybe` when either
 * is not a known id and they are not the same text, `no` when they are the same account.
 */
export function foreignCaller(caller: string | undefined, owner: string): 'yes' | 'maybe' | 'no' {
  if (caller === owner) return 'no';
  if (!KNOWN_ACCOUNT.test(owner)) return 'maybe';
  if (caller === undefined) return 'yes';
  return KNOWN_ACCOUNT.test(caller) ? 'yes' : 'maybe';
}
