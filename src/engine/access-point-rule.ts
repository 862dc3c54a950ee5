// The engine's rule of requests through an S3 access point (the AWS facts: aws/s3-access-points.ts
// `bucketSideOf`, `throughBoth`): the underlying bucket must permit the same request too, decided
// here with the keys S3 sets through the point (`throughAccessPoint`). Owns how the engine
// applies that rule to one request after the policies.

import type { Resource } from '../model/types.js';
import type { Unknown } from '../model/unknown.js';
import { bucketSideOf, throughBoth } from '../aws/s3-access-points.js';
import type { RuleRequest, Verdict } from './rule-request.js';
import { worldOptionsOf } from './types.js';
import { noteUnknown } from './unknowns-met.js';

/**
 * The decision `ap` of a request, unchanged unless it is made through an S3 access point of the
 * model, which its underlying bucket must permit too (aws/s3-access-points.ts): the same
 * request on the bucket or object, with the access point keys S3 sets, decided here. A bucket
 * the inputs do not hold has an unknown policy: it may permit (an implicit deny there is not
 * sure), and one of another account must.
 */
export function throughAccessPoint(rq: RuleRequest, ap: Verdict): Verdict {
  const point = rq.res.info.resource;
  if (ap.decision === 'deny' || point?.kind !== 's3-access-point') return ap;
  return throughPoint(rq, ap, point);
}

/**
 * `throughAccessPoint` of a request through access point `point` (apart: V8 makes the context of
 * what its closure captures on every call, and most requests are on no access point).
 */
function throughPoint(rq: RuleRequest, ap: Verdict, point: Resource): Verdict {
  const { request, options, trace, met: unknowns } = rq;
  const side = bucketSideOf(point, request.resource);
  const unsure = (message: string, cause?: Unknown) => {
    noteUnknown(trace, unknowns, () => ({
      stage: 'resource',
      message,
      outcome: 'unknown',
      kind: 'unknown-value',
      source: point.source,
      ...(cause ? { cause: { reason: cause.reason, source: cause.source } } : {}),
    }));
    return { decision: 'indeterminate' as const, reason: 'unknown-value' as const };
  };
  if ('unknown' in side)
    return unsure(
      `Access point ${point.name}: ${side.unknown.reason}, so whether its bucket permits the request is unknown`,
      side.unknown,
    );
  const bucket = rq.host.decideHere(
    { ...request, resource: side.resource, context: { ...request.context, ...side.context } },
    {
      ...worldOptionsOf(options),
      ...(trace ? { trace: true } : {}),
      ...(unknowns ? { unknowns: true } : {}),
    },
  );
  trace?.push({
    stage: 'resource',
    message: `Through access point ${point.name}: the underlying ${side.resource} must permit the request too; there: ${bucket.decision}`,
  });
  for (const e of bucket.trace ?? []) trace?.push({ ...e, message: `(bucket side) ${e.message}` });
  const both = throughBoth(ap.decision, bucket.decision);
  const sureDeny = bucket.decision === 'deny' && bucket.reason === 'explicit-deny';
  const sameAccountAllow = bucket.decision === 'allow' && side.bucketAccount === point.account;
  if (!rq.host.findResource(side.resource) && !sureDeny && !sameAccountAllow)
    return unsure(
      `Access point ${point.name}: its bucket (${side.resource}, account ${side.bucketAccount}) is not in the inputs; whether the bucket policy permits the request is unknown`,
    );
  if (both === 'deny') return { decision: 'deny', reason: bucket.reason };
  if (both === 'indeterminate' && bucket.decision === 'indeterminate')
    unknowns?.push(...(bucket.unknowns ?? []));
  return both === ap.decision
    ? ap
    : { decision: both, reason: both === 'allow' ? 'allowed' : 'unknown-value' };
}
