// The engine's rule of SES sending requests on a domain identity whose From address has an email
// address identity with policies (the AWS fact: aws/ses-identity-precedence.ts): that identity's
// sending authorization policies decide, not the domain's (`addressIdentityDecision`). Owns how
// the engine applies that rule to one request after the policies.

import { foreignCaller } from '../aws/owner-account-actions.js';
import {
  addressPrecedence,
  SES_PRECEDENCE_PAGE,
  SES_PRECEDENCE_QUOTE,
  sesSendingAction,
} from '../aws/ses-identity-precedence.js';
import type { Resource } from '../model/types.js';
import type { RuleRequest, Verdict } from './rule-request.js';
import { worldOptionsOf } from './types.js';
import { noteUnknown } from './unknowns-met.js';

const UNSURE: Verdict = { decision: 'indeterminate', reason: 'unknown-value' };

/**
 * The decision `d` of a request, unchanged unless it is an SES sending request on a domain
 * identity of the model that address identities with policies may take over
 * (`addressPrecedence`), and the resource policy is not taken as allowing
 * (`DecideOptions.resourcePolicyAllows`: then it does not matter which one decides). Then:
 * - the caller's own policies (decided with the resource policy as if it allowed: identity, SCP,
 *   boundary, session) deny on the domain's ARN: denied whatever the identities' policies say;
 * - the From address has its identity with policies: the same request on that identity decides,
 *   provided the caller's own policies decide alike on the domain's and the address's ARN (which
 *   of the two SES matches them against is not documented) and, for a caller maybe of the
 *   identities' account, that it does not turn the domain's allow into a deny (the allow may
 *   have come from the caller's own policies on the domain's ARN); else indeterminate;
 * - the From address is not known: indeterminate, with the address identities named.
 */
export function addressIdentityDecision(rq: RuleRequest, d: Verdict): Verdict {
  const domain = rq.res.info.resource;
  if (domain?.kind !== 'ses-identity' || !sesSendingAction(rq.actionLower)) return d;
  return onDomainIdentity(rq, d, domain);
}

/**
 * `addressIdentityDecision` of a sending request on domain identity `domain` (apart: V8 makes the
 * context of what its closure captures on every call, and most requests are not SES's).
 */
function onDomainIdentity(rq: RuleRequest, d: Verdict, domain: Resource): Verdict {
  const { request, options, trace, met, host } = rq;
  // the resource policy taken as allowing (`DecideOptions.resourcePolicyAllows`): whichever
  // identity's policies decide, they allow
  if (options.resourcePolicyAllows) return d;
  const precedence = addressPrecedence(host.model, request.resource, request.context);
  if (precedence.kind === 'domain') return d;
  const world = worldOptionsOf(options);
  const ownOnDomain = host.decideHere(request, { ...world, resourcePolicyAllows: true });
  if (ownOnDomain.decision === 'deny') return { decision: 'deny', reason: ownOnDomain.reason };
  const unsure = (message: string) => {
    noteUnknown(trace, met, () => ({
      stage: 'resource',
      message,
      outcome: 'unknown',
      kind: 'unknown-value',
      source: domain.source,
    }));
    return UNSURE;
  };
  if (precedence.kind === 'unknown')
    return unsure(`${request.action} on SES identity ${domain.name}: ${precedence.why}`);
  const address = precedence.identity;
  const onAddress = { ...request, resource: address.arn };
  const ownOnAddress = host.decideHere(onAddress, { ...world, resourcePolicyAllows: true });
  const decided = host.decideHere(onAddress, {
    ...world,
    ...(trace ? { trace: true } : {}),
    ...(met ? { unknowns: true } : {}),
  });
  const takesOver = `the From address ${address.name} has its own SES identity, whose sending authorization policies decide instead of ${domain.name}'s ("${SES_PRECEDENCE_QUOTE}", ${SES_PRECEDENCE_PAGE})`;
  if (ownOnAddress.decision !== ownOnDomain.decision)
    return unsure(
      `${request.action}: ${takesOver}; the caller's own policies decide differently on ${domain.arn} (${ownOnDomain.decision}) and ${address.arn} (${ownOnAddress.decision}), and which ARN SES matches them against is not documented`,
    );
  const sameAccountMaybe = foreignCaller(rq.p.account ?? '', address.account) !== 'yes';
  if (sameAccountMaybe && decided.decision === 'deny' && d.decision !== 'deny')
    return unsure(
      `${request.action}: ${takesOver}; there it is denied, but the caller may be of the identity's account, whose own policies on ${domain.arn} may allow it`,
    );
  trace?.push({ stage: 'resource', message: `${request.action}: ${takesOver}; there: ${decided.decision}` });
  for (const e of decided.trace ?? []) trace?.push({ ...e, message: `(address identity) ${e.message}` });
  if (decided.decision === 'indeterminate') met?.push(...(decided.unknowns ?? []));
  return { decision: decided.decision, reason: decided.reason };
}
