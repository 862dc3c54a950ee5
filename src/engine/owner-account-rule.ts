// The engine's rule of the actions only principals of the resource's own account can call,
// whatever the policies say (the table and its quotes: aws/owner-account-actions.ts), applied to
// one request before the policies (`ownerAccountOnly`). Owns how the engine applies that rule.

import { foreignCaller, ownerAccountRule, ownerAccountText } from '../aws/owner-account-actions.js';
import { principalLabel } from './principal.js';
import type { RuleRequest } from './rule-request.js';
import { MAYBE, NO, type Tri, YES } from './tri.js';
import { noteUnknown } from './unknowns-met.js';

/**
 * YES when the request's action is one only principals of the resource's account can call
 * (`ownerAccountRule`) and the caller is certainly of another account or anonymous, MAYBE when
 * either account is not known, with the trace's sentence quoting the page. Services and
 * federated callers (decided by the caller rules) are left to the policies.
 */
export function ownerAccountOnly(rq: RuleRequest): Tri {
  const { actionLower, p, resourceAccount } = rq;
  const rule = ownerAccountRule(actionLower);
  if (!rule || resourceAccount === undefined || p.type === 'service' || p.type === 'federated') return NO;
  const v = foreignCaller(p.type === 'anonymous' ? undefined : (p.account ?? ''), resourceAccount);
  if (v === 'no') return NO;
  if (v === 'yes') {
    rq.trace?.push({
      stage: 'resource',
      message: `only principals of the resource's account ${resourceAccount} can call ${actionLower}, whatever the policies say: "${rule.quote}" (${rule.url})`,
      outcome: 'match',
    });
    return YES;
  }
  noteUnsure(rq, resourceAccount, rule.url);
  return MAYBE;
}

/**
 * Notes that the caller may be of another account than the resource's (`ownerAccountOnly`; apart,
 * so that its closure, and the context V8 makes for what it captures, is made only then).
 */
function noteUnsure(rq: RuleRequest, resourceAccount: string, url: string): void {
  const { actionLower, p } = rq;
  noteUnknown(rq.trace, rq.met, () => ({
    stage: 'resource',
    message: `${actionLower} can be called only by principals of the resource's account, and the inputs do not say whether ${principalLabel(p)} is of ${ownerAccountText(resourceAccount)} (${url})`,
    outcome: 'unknown',
    kind: 'unknown-value',
  }));
}
