// AWS::S3::AccessPoint: an S3 access point of a general purpose bucket (src/aws/s3-access-points.ts):
// `Name` (generated when absent), `Bucket`, `BucketAccountId`, `Policy`, `VpcConfiguration`,
// `PublicAccessBlockConfiguration` (CloudFormation Template Reference, AWS::S3::AccessPoint).

import { accessPointBlock, addS3AccessPoint } from '../../../aws/s3-access-points.js';
import type { PublicAccessBlock } from '../../../model/types.js';
import { type Maybe, Unknown } from '../../../model/unknown.js';
import { parsePolicy } from '../../../policy/parse.js';
import { isRecord, NO_VALUE, type Resolved } from '../values.js';
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

function flag(v: Resolved | undefined): Maybe<boolean> | undefined {
  if (v instanceof Unknown) return v;
  if (v === true || v === 'true') return true;
  if (v === false || v === 'false') return false;
  return undefined;
}

/** `PublicAccessBlockConfiguration`: each setting left out is on (`accessPointBlock`). */
function blockOf(scope: CfnResourceScope): PublicAccessBlock {
  const v = scope.prop('PublicAccessBlockConfiguration');
  const source = scope.has('PublicAccessBlockConfiguration')
    ? scope.sourceOf('PublicAccessBlockConfiguration')
    : scope.source;
  if (v instanceof Unknown)
    return accessPointBlock(
      { blockPublicAcls: v, ignorePublicAcls: v, blockPublicPolicy: v, restrictPublicBuckets: v },
      source,
    );
  const rec = isRecord(v) ? v : {};
  const get = (k: string) => flag(rec[k] as Resolved | undefined);
  const given: Partial<PublicAccessBlock> = {};
  const set = (
    k: 'blockPublicAcls' | 'ignorePublicAcls' | 'blockPublicPolicy' | 'restrictPublicBuckets',
    name: string,
  ) => {
    const x = get(name);
    if (x !== undefined) given[k] = x;
  };
  set('blockPublicAcls', 'BlockPublicAcls');
  set('ignorePublicAcls', 'IgnorePublicAcls');
  set('blockPublicPolicy', 'BlockPublicPolicy');
  set('restrictPublicBuckets', 'RestrictPublicBuckets');
  return accessPointBlock(given, source);
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
