// The engine's rule of S3 requests that set an ACL S3 rejects on their bucket (which ACLs and
// settings: engine/s3-block-public-access.ts `aclRequestRejected`), applied to one request after
// the policies (`aclRejected`): which account's settings apply and what the decision becomes.

import type { Resource } from '../model/types.js';
import { aclRequestRejected } from './s3-block-public-access.js';
import type { RuleRequest, Verdict } from './rule-request.js';
import { YES } from './tri.js';
import { noteUnknown } from './unknowns-met.js';

/**
 * The decision `d` of a request, unchanged unless it sets an ACL (pinned by its context) that
 * S3 rejects on its bucket: Block Public Access's BlockPublicAcls, Object Ownership
 * BucketOwnerEnforced (engine/s3-block-public-access.ts `aclRequestRejected`).
 */
export function aclRejected(rq: RuleRequest, d: Verdict): Verdict {
  const { request, actionLower, trace } = rq;
  if (d.decision === 'deny' || !request.context) return d;
  const bucket = rq.res.info.resource;
  // A bucket being created is the caller's account's: that account's settings apply to it.
  const owner =
    actionLower === 's3:createbucket'
      ? rq.host.model.accounts.find((a) => a.id === rq.p.account)
      : rq.host.blockingAccount(bucket);
  const rule = aclRequestRejected(actionLower, request.context, bucket, owner);
  if (!rule) return d;
  if (rule.rejected === YES) {
    trace?.push({ stage: 'resource', message: `S3 rejects the request: ${rule.why}` });
    return { decision: 'deny', reason: 'implicit-deny' };
  }
  noteMayReject(rq, rule.why, bucket);
  return { decision: 'indeterminate', reason: 'unknown-value' };
}

/** Notes that S3 may reject the request (`aclRejected`; apart: its closure made only then). */
function noteMayReject(rq: RuleRequest, why: string, bucket: Resource | undefined): void {
  noteUnknown(rq.trace, rq.met, () => ({
    stage: 'resource',
    message: `S3 may reject the request: ${why}`,
    outcome: 'unknown',
    kind: 'unknown-value',
    ...(bucket ? { source: bucket.source } : {}),
  }));
}
