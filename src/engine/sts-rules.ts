// Who may call AWS STS (and, with STS credentials, IAM) at all: rules that hold before any policy
// is read, kept as one table of per-action rules that `Engine.decide` consults first. A rule
// answers for a principal type with a decision that no policy changes (an authentication-only
// action is allowed even under an explicit Deny; a caller type the API does not accept is
// denied whatever the policies say), or leaves the request to the policies.
//
// Sources (IAM User Guide):
// - "Compare AWS STS credentials", the "Who can call" column
//   (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_sts-comparison.html):
//   AssumeRole: "IAM user or IAM role with existing temporary security credentials";
//   GetFederationToken and GetSessionToken: "IAM user or AWS account root user"; credentials from
//   AssumeRole* "Cannot call GetFederationToken or GetSessionToken"; credentials from
//   GetFederationToken "Cannot call IAM operations using the AWS CLI or AWS API" and "Cannot call
//   AWS STS operations except GetCallerIdentity".
// - "Switch to an IAM role (console)": "You cannot switch roles if you sign in as the AWS account
//   root user." (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_switch-role-console.html)
// - "Permissions for GetSessionToken": "No permissions are required for a user to get a session
//   token. ... You cannot use policies to control authentication operations."
//   (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_control-access_getsessiontoken.html)
// - AWS STS API Reference, "GetCallerIdentity": "No permissions are required to perform this
//   operation. If an administrator attaches a policy to your identity that explicitly denies
//   access to the sts:GetCallerIdentity action, you can still perform this operation."
//   (https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html)

import type { PrincipalType, RequestPrincipal } from './principal.js';
import type { DecisionReason, DecisionValue } from './types.js';

/** What a caller rule decides, with the sentence the trace shows. */
export interface CallerVerdict {
  decision: Extract<DecisionValue, 'allow' | 'deny'>;
  reason: Extract<DecisionReason, 'allowed' | 'implicit-deny'>;
  message: string;
}

interface CallerRule {
  /** Lower-cased action, or `service:*` for every action of a service. */
  action: string;
  /** Verdicts per principal type; types not listed are left to the policies. */
  verdicts: Partial<Record<PrincipalType, CallerVerdict>>;
  /** Where the rule comes from (page title), for the README and the trace. */
  page: string;
}

/** Principals with AWS credentials that can sign a request. */
const AUTHENTICATED: readonly PrincipalType[] = ['user', 'role-session', 'root', 'federated-user'];

function allowAll(
  types: readonly PrincipalType[],
  message: string,
): Partial<Record<PrincipalType, CallerVerdict>> {
  const out: Partial<Record<PrincipalType, CallerVerdict>> = {};
  for (const t of types) out[t] = { decision: 'allow', reason: 'allowed', message };
  return out;
}

function deny(message: string): CallerVerdict {
  return { decision: 'deny', reason: 'implicit-deny', message };
}

const NO_CREDENTIALS = deny('an anonymous caller has no AWS credentials to call AWS STS with');
const FEDERATED_STS = deny(
  'a federated user session (GetFederationToken) cannot call AWS STS operations except GetCallerIdentity ("Compare AWS STS credentials")',
);

/** The rules, first match wins (see the module comment for the sources). */
export const CALLER_RULES: readonly CallerRule[] = [
  {
    action: 'sts:getcalleridentity',
    verdicts: {
      ...allowAll(
        AUTHENTICATED,
        'sts:GetCallerIdentity needs no permission: no policy controls it, not even an explicit Deny (AWS STS API Reference, "GetCallerIdentity")',
      ),
      anonymous: NO_CREDENTIALS,
    },
    page: 'AWS STS API Reference, GetCallerIdentity',
  },
  {
    action: 'sts:getsessiontoken',
    verdicts: {
      ...allowAll(
        ['user', 'root'],
        'sts:GetSessionToken is an authentication operation that policies cannot control ("Permissions for GetSessionToken")',
      ),
      'role-session': deny(
        'a role session cannot call GetSessionToken: it needs the long-term credentials of an IAM user or the root user ("Compare AWS STS credentials")',
      ),
      'federated-user': FEDERATED_STS,
      anonymous: NO_CREDENTIALS,
    },
    page: 'Permissions for GetSessionToken; Compare AWS STS credentials',
  },
  {
    action: 'sts:getfederationtoken',
    verdicts: {
      'role-session': deny(
        'a role session cannot call GetFederationToken: only an IAM user or the root user can ("Compare AWS STS credentials")',
      ),
      'federated-user': FEDERATED_STS,
      anonymous: NO_CREDENTIALS,
    },
    page: 'Compare AWS STS credentials',
  },
  {
    action: 'sts:assumerole',
    verdicts: {
      root: deny(
        'the account root user cannot assume a role: AssumeRole is called by an IAM user or a role session ("Compare AWS STS credentials")',
      ),
      'federated-user': FEDERATED_STS,
      anonymous: deny(
        'sts:AssumeRole needs the credentials of an IAM user or a role session; an anonymous caller has none',
      ),
    },
    page: 'Compare AWS STS credentials; Switch to an IAM role (console)',
  },
  {
    action: 'sts:*',
    verdicts: { 'federated-user': FEDERATED_STS },
    page: 'Compare AWS STS credentials',
  },
  {
    action: 'iam:*',
    verdicts: {
      'federated-user': deny(
        'a federated user session (GetFederationToken) cannot call IAM operations through the AWS CLI or API ("Compare AWS STS credentials")',
      ),
    },
    page: 'Compare AWS STS credentials',
  },
];

/**
 * Lower-cased actions no policy controls for the principals that may call them (allowed even
 * under an explicit Deny): they are not permissions, so exhaustive checks leave them out.
 */
export const AUTHENTICATION_ONLY_ACTIONS: ReadonlySet<string> = new Set(
  CALLER_RULES.filter((r) => Object.values(r.verdicts).some((v) => v?.decision === 'allow')).map(
    (r) => r.action,
  ),
);

/**
 * The verdict of the caller rules for `actionLower` and principal `p`, or undefined when the
 * policies decide. A principal of an account outside the model is judged by its type too.
 */
export function callerVerdict(actionLower: string, p: RequestPrincipal): CallerVerdict | undefined {
  const colon = actionLower.indexOf(':');
  const serviceWide = colon > 0 ? `${actionLower.slice(0, colon)}:*` : undefined;
  for (const rule of CALLER_RULES) {
    if (rule.action !== actionLower && rule.action !== serviceWide) continue;
    const v = rule.verdicts[p.type];
    if (v) return v;
  }
  return undefined;
}
