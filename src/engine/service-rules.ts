// The order in which `Engine.decideHere` applies the rules of single services to one request
// (`RuleRequest`, rule-request.ts): before the policies, the rules that deny whatever the
// policies say (`actionRules`: function-url-rules.ts, owner-account-rule.ts); after them, the
// rules that need more than the policies of the request's resource (`serviceRules`: a function
// URL's two permissions, an S3 access point's bucket, the KMS key a resource is encrypted with,
// an EFS mount under the default policy, an ACL S3 rejects, an SES address identity's policies
// over its domain's: function-url-rules.ts, access-point-rule.ts, encryption-key-rule.ts,
// efs-mount-rule.ts, s3-acl-rule.ts, ses-identity-rule.ts). Owns that order; each rule is in its
// module.

import { INVOKE_FUNCTION_URL } from '../aws/lambda.js';
import { throughAccessPoint } from './access-point-rule.js';
import { efsMountDenied } from './efs-mount-rule.js';
import { encryptionKeyDecision } from './encryption-key-rule.js';
import { anonymousInvoke, unsignedUrlCall, urlCallInvoke } from './function-url-rules.js';
import { ownerAccountOnly } from './owner-account-rule.js';
import type { RuleRequest, Verdict } from './rule-request.js';
import { aclRejected } from './s3-acl-rule.js';
import { addressIdentityDecision } from './ses-identity-rule.js';
import { type Tri, YES } from './tri.js';

/**
 * The rules of single actions (engine/decided-apart.ts), YES when one denies the request
 * whatever the policies say, MAYBE when one may: an unsigned call to a function URL that needs
 * IAM authentication, an anonymous direct lambda:InvokeFunction (strict evaluation: the
 * request's context is the whole context) (aws/lambda.ts), an owner-account-only action called
 * from another account (aws/owner-account-actions.ts).
 */
export function actionRules(rq: RuleRequest): Tri {
  if (rq.p.type === 'anonymous') {
    if (rq.actionLower === INVOKE_FUNCTION_URL) return unsignedUrlCall(rq);
    if (anonymousInvoke(rq) === YES) return YES;
  }
  return ownerAccountOnly(rq);
}

/**
 * The policies' decision `combined` after the rules of single services that need more than the
 * policies of the request's resource: a function URL's two permissions, an S3 access point's
 * bucket, the KMS key a resource is encrypted with, an EFS mount under the default policy, an
 * ACL S3 rejects, the sending authorization policies of an SES address identity instead of its
 * domain's.
 */
export function serviceRules(rq: RuleRequest, combined: Verdict): Verdict {
  const viaUrl = urlCallInvoke(rq, addressIdentityDecision(rq, combined));
  const viaPoint = throughAccessPoint(rq, viaUrl);
  const keyed = encryptionKeyDecision(rq, viaPoint);
  const efs = keyed.decision === 'deny' ? efsMountDenied(rq) : undefined;
  return efs ? { decision: efs, reason: 'unknown-value' } : aclRejected(rq, keyed);
}

/**
 * The decision of a request an explicit Deny of the policies denies, after the rules that may
 * lift it: an IAM-authorised EFS mount under the default file system policy (efs-mount-rule.ts),
 * an SES address identity whose policies decide instead of its domain's, which may hold the Deny
 * (ses-identity-rule.ts: a Deny of the caller's own policies still denies).
 */
export function explicitDenyRules(rq: RuleRequest): Verdict {
  const efs = efsMountDenied(rq);
  if (efs) return { decision: efs, reason: 'unknown-value' };
  return addressIdentityDecision(rq, EXPLICIT_DENY);
}

const EXPLICIT_DENY: Verdict = { decision: 'deny', reason: 'explicit-deny' };
