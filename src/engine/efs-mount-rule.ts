// The engine's rule of EFS client requests under the default file system policy (the AWS fact:
// aws/efs.ts `iamMountUnderDefaultPolicy`): a denial the documentation leaves undecided is
// indeterminate (`efsMountDenied`). Owns how the engine applies that rule to a denied request.

import { iamMountUnderDefaultPolicy } from '../aws/efs.js';
import type { RuleRequest } from './rule-request.js';
import { noteUnknownText } from './unknowns-met.js';

/**
 * `'indeterminate'` when the denied request is a client request with IAM authorization on an EFS
 * file system whose default file system policy is or may be in effect, which the documentation
 * leaves undecided (aws/efs.ts `iamMountUnderDefaultPolicy`), with the trace's sentence;
 * undefined otherwise (the deny stands).
 */
export function efsMountDenied(rq: RuleRequest): 'indeterminate' | undefined {
  const why = iamMountUnderDefaultPolicy(rq.actionLower, rq.p.type === 'anonymous', rq.res.info.resource);
  if (!why) return undefined;
  noteUnknownText(rq.trace, rq.met, 'resource', why, 'undocumented-rule');
  return 'indeterminate';
}
