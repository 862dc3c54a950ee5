// The AWS CDK's auto-delete-objects custom resource (`new s3.Bucket(this, 'B', { autoDeleteObjects:
// true })`): a `Custom::S3AutoDeleteObjects` resource answered by the CDK's own provider function
// (logical id `CustomS3AutoDeleteObjectsCustomResourceProviderHandler…` unless renamed), whose role the bucket policy allows
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
// bucket being deleted. Only that exact shape is recognized, by content, not by logical ids (a
// construct id, a stack's own logical id allocation, or an override may rename them): the type;
// a ServiceToken that is the ARN of a Lambda function of the template; that function's role, which
// the bucket the resource empties (`BucketName`: a `Ref` of a bucket of the template) allows, in
// a bucket policy of the template, exactly what the CDK writes for it (`Bucket.enableAutoDeleteObjects`:
// Allow, that role alone, `s3:PutBucketPolicy`, `s3:GetBucket*`, `s3:List*`, `s3:DeleteObject*`
// on the bucket and its objects, no condition). Any other function behind the type is bounded by
// its role as before.

/** The CloudFormation type CDK gives the resource. */
export const CDK_AUTO_DELETE_OBJECTS_TYPE = 'Custom::S3AutoDeleteObjects';

/** The actions the CDK's bucket policy statement allows the provider's role. */
const PROVIDER_ACTIONS = ['s3:DeleteObject*', 's3:GetBucket*', 's3:List*', 's3:PutBucketPolicy'];

/** A template resource as the recognition reads it. */
export interface TemplateResourceShape {
  type: string;
  properties: Record<string, unknown>;
}

function record(v: unknown): Record<string, unknown> | undefined {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

/** The logical id a `Fn::GetAtt` of `Arn` names (`[id, 'Arn']` or `'id.Arn'`). */
function getAttArnOf(v: unknown): string | undefined {
  const g = record(v)?.['Fn::GetAtt'];
  if (Array.isArray(g) && g.length === 2 && g[1] === 'Arn' && typeof g[0] === 'string') return g[0];
  if (typeof g === 'string' && g.endsWith('.Arn')) return g.slice(0, -'.Arn'.length);
  return undefined;
}

/** The logical id a `Ref` names. */
function refOf(v: unknown): string | undefined {
  const r = record(v);
  return r && Object.keys(r).length === 1 && typeof r.Ref === 'string' ? r.Ref : undefined;
}

function list(v: unknown): unknown[] {
  return Array.isArray(v) ? v : v === undefined ? [] : [v];
}

/** `{"Fn::Join": ["", [{"Fn::GetAtt": [bucket, "Arn"]}, "/*"]]}`: the bucket's objects. */
function isObjectsOf(v: unknown, bucket: string): boolean {
  const j = record(v)?.['Fn::Join'];
  if (!Array.isArray(j) || j.length !== 2 || j[0] !== '' || !Array.isArray(j[1])) return false;
  const parts = j[1] as unknown[];
  return parts.length === 2 && getAttArnOf(parts[0]) === bucket && parts[1] === '/*';
}

/** Whether a statement is the one the CDK writes for the provider's `role` on `bucket`. */
function isProviderStatement(st: unknown, role: string, bucket: string): boolean {
  const s = record(st);
  if (s?.Effect !== 'Allow' || s.Condition !== undefined || s.NotAction || s.NotResource) return false;
  const principal = record(s.Principal);
  if (!principal || Object.keys(principal).length !== 1) return false;
  const aws = list(principal.AWS);
  if (aws.length !== 1 || getAttArnOf(aws[0]) !== role) return false;
  const actions = list(s.Action);
  if (actions.some((a) => typeof a !== 'string')) return false;
  const sorted = [...new Set(actions as string[])].sort();
  if (sorted.join() !== PROVIDER_ACTIONS.join()) return false;
  const resources = list(s.Resource);
  return (
    resources.length === 2 &&
    resources.some((r) => getAttArnOf(r) === bucket) &&
    resources.some((r) => isObjectsOf(r, bucket))
  );
}

/**
 * Whether a custom resource is CDK's auto-delete-objects one, by its content (the top of this
 * file): its type, its ServiceToken's Lambda function, and that function's role allowed on the
 * bucket it empties exactly what the CDK's bucket policy statement allows. `resources`: the
 * template's resources by logical id.
 */
export function isCdkAutoDeleteObjects(
  resource: TemplateResourceShape,
  resources: ReadonlyMap<string, TemplateResourceShape>,
): boolean {
  if (resource.type !== CDK_AUTO_DELETE_OBJECTS_TYPE) return false;
  const handler = getAttArnOf(resource.properties.ServiceToken);
  const fn = handler === undefined ? undefined : resources.get(handler);
  if (fn?.type !== 'AWS::Lambda::Function') return false;
  const role = getAttArnOf(fn.properties.Role);
  if (role === undefined || resources.get(role)?.type !== 'AWS::IAM::Role') return false;
  const bucket = refOf(resource.properties.BucketName);
  if (bucket === undefined || resources.get(bucket)?.type !== 'AWS::S3::Bucket') return false;
  for (const r of resources.values()) {
    if (r.type !== 'AWS::S3::BucketPolicy' || refOf(r.properties.Bucket) !== bucket) continue;
    const statements = list(record(r.properties.PolicyDocument)?.Statement);
    if (statements.some((st) => isProviderStatement(st, role, bucket))) return true;
  }
  return false;
}
