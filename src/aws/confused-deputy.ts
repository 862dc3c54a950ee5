// The cross-service confused deputy: what a resource-based policy granting an AWS service
// principal must check for the grant to reach only the resources of the expected source. Owns the
// source condition keys and the request context of a service acting for a resource of another
// account (what the review's `confused-deputy` finding decides, analysis/risk-confused-deputy.ts).
//
// IAM User Guide, "The confused deputy problem", "Cross-service confused deputy prevention"
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html): "We recommend using the
// aws:SourceArn, aws:SourceAccount, aws:SourceOrgID, or aws:SourceOrgPaths global condition context
// keys in resource-based policies ..."; and, for a Lambda function's policy, AWS Lambda API Reference, AddPermission: "If you
// grant permission to a service principal without specifying the source, other accounts could
// potentially configure resources in their account to invoke your Lambda function"
// (https://docs.aws.amazon.com/lambda/latest/api/API_AddPermission.html; its SourceArn and
// SourceAccount are written as AWS:SourceArn and AWS:SourceAccount conditions, aws/lambda.ts).
// aws:SourceOwner is the older key SNS and SES set to the source's account: pinned too, so a
// policy that checks it is not taken for one that checks nothing.

/** The condition keys that say which resource, account or organization the service acts for. */
export const SOURCE_KEYS = [
  'aws:SourceArn',
  'aws:SourceAccount',
  'aws:SourceOrgID',
  'aws:SourceOrgPaths',
] as const;

/** An organization id no policy of the inputs is expected to name (`o-` and 10 to 32 characters). */
export const OTHER_ORG_ID = 'o-iamspecother';

/**
 * The request context of a service principal acting for the resource `sourceArn` of account
 * `account`, in an organization of its own (`OTHER_ORG_ID`): the account the analyses invent for
 * "some other account" (model/stand-ins.ts `unnamedAccount`) makes it the request of another
 * account's use of the service.
 */
export function otherSourceContext(
  sourceArn: string,
  account: string,
): Readonly<Record<string, string | readonly string[]>> {
  return {
    'aws:SourceArn': sourceArn,
    'aws:SourceAccount': account,
    'aws:SourceOwner': account,
    'aws:SourceOrgID': OTHER_ORG_ID,
    'aws:SourceOrgPaths': [`${OTHER_ORG_ID}/r-iams/ou-iams-otherunit/`],
  };
}
