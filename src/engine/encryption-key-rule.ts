// The engine's rule of cross-account requests that use their resource's KMS key (the table, its
// quotes and the keys' facts: aws/encryption-key-requirement.ts): the key must allow too, each
// KMS request the service makes for the caller decided here (`encryptionKeyDecision`,
// `keyRequestsDecision`). Owns how the engine applies that rule to one request after the
// policies.

import { foreignCaller } from '../aws/owner-account-actions.js';
import {
  awsManagedKeyText,
  encryptionKeyOf,
  encryptionKeyRequestContexts,
  encryptionKeyRuleOf,
  requestedKey,
} from '../aws/encryption-key-requirement.js';
import type { RuleRequest, Verdict } from './rule-request.js';
import {
  type DecideOptions,
  type Decision,
  type DecisionReason,
  type Request,
  worldOptionsOf,
} from './types.js';
import { noteUnknownText } from './unknowns-met.js';

/** What the KMS requests a service makes for a caller come to, when not all are allowed. */
type KeyRequests = { decision: 'deny' | 'indeterminate'; reason: DecisionReason; action: string };

/**
 * The decision `d` of a request from another account, unchanged unless it is one that uses its
 * resource's KMS key (aws/encryption-key-requirement.ts: a secret's GetSecretValue, a queue's
 * SendMessage, a topic's Publish, an S3 object's GetObject and PutObject, a stream's records,
 * also through a consumer of the stream…): then the key must allow too. The key is the one the
 * request's headers name where they may (S3 PutObject: `requestedKey`), else the resource's. The
 * AWS managed key denies (or leaves it indeterminate where the documentation does not state its
 * policy); a key of the inputs decides each KMS request the service makes for the caller (same
 * principal, options and context, with `kms:ViaService` and the resource's ARN as encryption
 * context; each context the request may have, denied only when denied in all); an unknown key
 * leaves it indeterminate. A denial of an action that reads data the service may hold under
 * other keys, or of a caller whose account may be the resource's, is indeterminate.
 */
export function encryptionKeyDecision(rq: RuleRequest, d: Verdict): Verdict {
  const { request, actionLower, p, options, trace, met: unknowns, host } = rq;
  if (d.decision === 'deny') return d;
  const rule = encryptionKeyRuleOf(actionLower);
  if (!rule || p.type === 'anonymous' || p.type === 'service') return d;
  // the encrypted resource: the requested one, or the one a request on another ARN reads (a
  // stream's consumer)
  const holder = rule.encryptedResourceOf?.(request.resource);
  const resource = holder === undefined ? rq.res.info.resource : host.findResource(holder);
  if (resource?.kind !== rule.kind) return d;
  const foreign = foreignCaller(p.account ?? '', resource.account);
  if (foreign === 'no') return d;
  const requested = requestedKey(rule, actionLower, request.context, options.conditions === 'optimistic');
  const key =
    requested === undefined || requested === 'default'
      ? encryptionKeyOf(rule, resource, (alias) => host.aliasTarget(alias))
      : requested;
  if (key.kind === 'none') return d;
  const operations = rule.operations.get(actionLower) ?? [];
  let verdict: 'deny' | 'indeterminate';
  let why: string;
  let reason: DecisionReason = 'implicit-deny';
  let kind: 'unknown-value' | 'undocumented-rule' = 'unknown-value';
  if (key.kind === 'aws-managed') {
    verdict = rule.awsManaged === 'deny' ? 'deny' : 'indeterminate';
    if (rule.awsManaged !== 'deny') kind = 'undocumented-rule';
    why = awsManagedKeyText(rule, resource.arn, request.action);
  } else if (key.kind === 'unknown') {
    verdict = 'indeterminate';
    why = `${needsKey(request.action, operations, resource.arn)}, and ${key.why} (${rule.page})`;
  } else {
    const contexts = encryptionKeyRequestContexts(rule, resource, request.resource, key.arn, actionLower);
    const kms = keyRequestsDecision(rq, operations, key.arn, contexts);
    if (!kms) return d;
    verdict = kms.decision;
    reason = kms.reason;
    why = `${needsKey(request.action, operations, resource.arn)} (key ${key.arn}: "${rule.quote}", ${rule.page}), and ${kms.action} on it is ${verdict === 'deny' ? 'denied' : 'indeterminate'} (${kms.reason})`;
  }
  const otherKeys = verdict === 'deny' && rule.storedUnderOtherKeys?.has(actionLower);
  if (verdict === 'deny' && foreign === 'yes' && !otherKeys) {
    trace?.push({ stage: 'resource', message: why, outcome: 'match' });
    return { decision: 'deny', reason };
  }
  const message = otherKeys
    ? `${why}; but the data ${request.action} reads may be encrypted with other keys than the present one, whose policies the inputs do not pin down`
    : why;
  noteUnknownText(
    trace,
    unknowns,
    'resource',
    foreign === 'yes' ? message : `if the caller is of another account than the resource's: ${message}`,
    kind,
  );
  return { decision: 'indeterminate', reason: 'unknown-value' };
}

/**
 * What a request from another account needs of its resource's key, in words (made only when the
 * key does not allow it: most requests it allows).
 */
function needsKey(action: string, operations: readonly string[], resourceArn: string): string {
  return `${action} from another account needs ${operations.join(' and ')} on the KMS key of ${resourceArn} as well`;
}

/**
 * The KMS requests (`operations` on `keyArn`) the service makes for the caller of the request,
 * decided in each of the request contexts it may have: undefined when all are allowed; else the
 * first denied operation when every context denies one, or the first not allowed one
 * (indeterminate).
 */
function keyRequestsDecision(
  rq: RuleRequest,
  operations: readonly string[],
  keyArn: string,
  contexts: readonly Record<string, string>[],
): KeyRequests | undefined {
  const request: Request = rq.request;
  const options: DecideOptions = rq.options;
  let first: KeyRequests | undefined;
  let denials = 0;
  for (const keys of contexts) {
    const context = { ...keys, ...request.context };
    let worst: Decision | undefined;
    let worstAction = '';
    for (const action of operations) {
      const kms = rq.host.decideHere(
        { ...request, action, resource: keyArn, context },
        worldOptionsOf(options),
      );
      if (kms.decision === 'deny') {
        worst = kms;
        worstAction = action;
        break;
      }
      if (kms.decision === 'indeterminate' && !worst) {
        worst = kms;
        worstAction = action;
      }
    }
    if (worst?.decision === 'deny') denials++;
    if (worst && !first) first = { decision: 'indeterminate', reason: worst.reason, action: worstAction };
  }
  if (!first) return undefined;
  return denials === contexts.length ? { ...first, decision: 'deny' } : first;
}
