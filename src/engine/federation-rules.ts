// Who may call sts:AssumeRoleWithWebIdentity and sts:AssumeRoleWithSAML, and what a federated
// caller (a web identity or SAML user, named by its identity provider) may call: rules that hold
// before any policy is read. The role's trust policy then decides alone: the caller has no
// identity policies, SCPs do not apply to it (it is no principal of an account yet), and its token
// claims are the request's context keys.
//
// Sources:
// - AWS STS API Reference, "AssumeRoleWithWebIdentity"
//   (https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithWebIdentity.html):
//   "Calling AssumeRoleWithWebIdentity does not require the use of AWS security credentials.
//   ... Instead, the identity of the caller is validated by using a token from the web identity
//   provider." and "AssumeRoleWithSAML" ("Calling AssumeRoleWithSAML does not require the use of
//   AWS security credentials. The identity of the caller is validated by using keys in the
//   metadata document that is uploaded for the SAML provider entity for your identity provider").
// - IAM User Guide, "Compare AWS STS credentials", the "Who can call" column
//   (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_sts-comparison.html):
//   AssumeRoleWithWebIdentity: "Any user; caller must pass a web identity token";
//   AssumeRoleWithSAML: "Any user; caller must pass a SAML authentication response".
// - IAM User Guide, "Create a role for OpenID Connect federation" and "... for SAML 2.0
//   federation": the trust policy names the provider as `Federated` principal and allows
//   sts:AssumeRoleWithWebIdentity / sts:AssumeRoleWithSAML (plus sts:TagSession for session tags).

import { federationKindOf } from '../model/federation.js';
import type { RequestPrincipal } from './principal.js';
import type { DecisionReason, DecisionValue } from './types.js';

/** A rule's verdict, with the sentence the trace shows. */
export interface FederationVerdict {
  decision: Extract<DecisionValue, 'deny'>;
  reason: Extract<DecisionReason, 'implicit-deny'>;
  message: string;
}

/** Actions a federated caller makes while becoming a role (its trust policy decides them). */
const DURING_ASSUME = new Set(['sts:tagsession', 'sts:setsourceidentity', 'sts:setcontext']);

function deny(message: string): FederationVerdict {
  return { decision: 'deny', reason: 'implicit-deny', message };
}

/**
 * The verdict for `actionLower` made by `p`, or undefined when the policies decide (the role's
 * trust policy, for a federated caller assuming a role).
 */
export function federationVerdict(actionLower: string, p: RequestPrincipal): FederationVerdict | undefined {
  const kind = p.type === 'federated' && p.arn ? federationKindOf(p.arn) : undefined;
  if (actionLower === 'sts:assumerolewithwebidentity') {
    if (kind === 'oidc') return undefined;
    return deny(
      kind === 'saml'
        ? "sts:AssumeRoleWithWebIdentity takes a web identity token: a SAML provider's users call sts:AssumeRoleWithSAML"
        : 'sts:AssumeRoleWithWebIdentity is called with a web identity token, not AWS credentials: the caller is a user of an identity provider (a Federated principal), never an IAM user, a role session, a service or the root user ("AssumeRoleWithWebIdentity", AWS STS API Reference)',
    );
  }
  if (actionLower === 'sts:assumerolewithsaml') {
    if (kind === 'saml') return undefined;
    return deny(
      kind === 'oidc'
        ? 'sts:AssumeRoleWithSAML takes a SAML response: a web identity calls sts:AssumeRoleWithWebIdentity'
        : 'sts:AssumeRoleWithSAML is called with a SAML authentication response, not AWS credentials: the caller is a user of a SAML provider (a Federated principal) ("AssumeRoleWithSAML", AWS STS API Reference)',
    );
  }
  if (p.type !== 'federated') return undefined;
  if (DURING_ASSUME.has(actionLower)) return undefined;
  return deny(
    `a ${kind === 'saml' ? 'SAML' : 'web identity'} caller has no AWS credentials until it assumes a role: it can only call ${kind === 'saml' ? 'sts:AssumeRoleWithSAML' : 'sts:AssumeRoleWithWebIdentity'} (with sts:TagSession / sts:SetSourceIdentity), and then acts as the role session`,
  );
}
