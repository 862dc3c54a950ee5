// AWS::S3::AccessPoint: an S3 access point of a general purpose bucket (src/aws/s3-access-points.ts):
// `Name` (generated when absent), `Bucket`, `BucketAccountId`, `Policy`, `VpcConfiguration`,
// `PublicAccessBlockConfiguration` (CloudFormation Template Reference, AWS::S3::AccessPoint).

import { accessPointBlock, addS3AccessPoint } from '../../../aws/s3-access-points.js';
import type { PublicAccessBlock } from '../../../model/types.js';
import { type Maybe, Unknown } from '../../../model/unknown.js';
import { parsePolicy } from '../../../policy/parse.js';
import { NO_VALUE } from '../values.js';
import { publicAccessBlockOf } from './public-access-block.js';
import type { CfnResourceScope, ResourceHandler } from './scope.js';

/** `Bucket`: a bucket name (a bucket ARN is read as its name); unknown when not resolved. */
function bucketOf(scope: CfnResourceScope): Maybe<string> {
  const v = scope.str('Bucket');
  if (v instanceof Unknown) return v;
  if (v === undefined) return new Unknown(`${scope.logicalId} has no Bucket`, scope.source);
  return v.startsWith('arn:') ? (v.split(':::')[1] ?? v) : v;
}

/** `VpcConfiguration` present: requests come only from that VPC ("VPC"); absent: "Internet". */
function networkOriginOf(scope: CfnResourceScope): Maybe<'Internet' | 'VPC'> {
  const v = scope.prop('VpcConfiguration');
  if (v === undefined || v === null || v === NO_VALUE) return 'Internet';
  return v instanceof Unknown ? v : 'VPC';
}

/** `PublicAccessBlockConfiguration`: each setting left out is on (`accessPointBlock`). */
function blockOf(scope: CfnResourceScope): PublicAccessBlock {
  const source = scope.has('PublicAccessBlockConfiguration')
    ? scope.sourceOf('PublicAccessBlockConfiguration')
    : scope.source;
  return accessPointBlock(publicAccessBlockOf(scope.prop('PublicAccessBlockConfiguration')), source);
}

export const accessPoint: ResourceHandler = {
  create(scope) {
    const id = scope.ctx.identity(scope.logicalId);
    if (!id.arn || !id.name) return;
    scope.reportUnresolvedName(id.nameUnresolved, 'Name', id.name);
    const account = scope.str('BucketAccountId');
    const policy = scope.has('Policy')
      ? (scope.policy(['Policy'], 'resource') ??
        parsePolicy(new Unknown(`the Policy of ${scope.logicalId} is not a policy document`, scope.source), {
          kind: 'resource',
          source: scope.sourceOf('Policy'),
        }))
      : undefined;
    const arn = addS3AccessPoint(scope.builder, {
      arn: id.arn,
      name: id.name,
      account: scope.account,
      region: scope.ctx.region,
      bucket: bucketOf(scope),
      bucketAccount: account ?? scope.account,
      networkOrigin: networkOriginOf(scope),
      ...(policy ? { policy } : {}),
      publicAccessBlock: blockOf(scope),
      source: scope.source,
    });
    scope.setModelId(arn);
  },
};
