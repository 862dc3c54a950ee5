// The AWS CDK's auto-delete-objects custom resource (`new s3.Bucket(this, 'B', { autoDeleteObjects:
// true })`): a `Custom::S3AutoDeleteObjects` resource answered by the CDK's own provider function
// (`CustomS3AutoDeleteObjectsCustomResourceProviderHandler…`), whose role the bucket policy allows
// `s3:PutBucketPolicy`, `s3:GetBucket*`, `s3:List*` and `s3:DeleteObject*` on the bucket. As any
// custom resource, its code runs at deployment and is bounded by what its role may do
// (aws/function-role-changes.ts), which here includes rewriting the bucket's policy: the bucket
// was wholly indeterminate. The CDK documents what that code writes (AWS CDK API Reference,
// aws-cdk-lib.aws_s3.BucketProps, `autoDeleteObjects`): "Whether all objects should be
// automatically deleted when the bucket is removed from the stack or when the stack is deleted."
// and "Setting autoDeleteObjects to true on a bucket will add s3:PutBucketPolicy to the bucket
// policy. This is because during bucket deletion, the custom resource provider needs to update
// the bucket policy by adding a deny policy for s3:PutObject to prevent race conditions with
// external bucket writers." So its run grants nothing: it only denies writes to, and empties, a
// bucket being deleted. Only that exact shape is recognized: the type and the CDK provider's
// function; any other function behind the type is bounded by its role as before.

/** The CloudFormation type CDK gives the resource. */
export const CDK_AUTO_DELETE_OBJECTS_TYPE = 'Custom::S3AutoDeleteObjects';

/** The logical id prefix of the CDK's provider function (a `CfnResource` of the stack). */
const PROVIDER_HANDLER_PREFIX = 'CustomS3AutoDeleteObjectsCustomResourceProviderHandler';

/** The logical id a ServiceToken `Fn::GetAtt` names (`[id, 'Arn']` or `'id.Arn'`). */
function getAttArnOf(token: unknown): string | undefined {
  if (!token || typeof token !== 'object' || Array.isArray(token)) return undefined;
  const v = (token as Record<string, unknown>)['Fn::GetAtt'];
  if (Array.isArray(v) && v.length === 2 && v[1] === 'Arn' && typeof v[0] === 'string') return v[0];
  if (typeof v === 'string' && v.endsWith('.Arn')) return v.slice(0, -'.Arn'.length);
  return undefined;
}

/**
 * Whether a custom resource is CDK's auto-delete-objects one: its type, and a ServiceToken that is
 * the ARN of the CDK provider function of the same template (`functionType`: that resource's
 * type, `AWS::Lambda::Function`).
 */
export function isCdkAutoDeleteObjects(
  type: string,
  serviceToken: unknown,
  functionType: (logicalId: string) => string | undefined,
): boolean {
  if (type !== CDK_AUTO_DELETE_OBJECTS_TYPE) return false;
  const handler = getAttArnOf(serviceToken);
  if (!handler?.startsWith(PROVIDER_HANDLER_PREFIX)) return false;
  return functionType(handler) === 'AWS::Lambda::Function';
}
