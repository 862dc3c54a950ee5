// Who may call AWS STS (and, with STS credentials, IAM) at all, including who may call
// AssumeRoleWithWebIdentity / AssumeRoleWithSAML and what a federated caller may call: rules that
// hold before any policy is read, kept as one table of per-action rules that `Engine.decide` consults first. A rule
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
// - AWS STS API Reference, "AssumeRoleWithWebIdentity"
//   (https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithWebIdentity.html):
//   "Calling AssumeRoleWithWebIdentity does not require the use of AWS security credentials.
//   ... Instead, the identity of the caller is validated by using a token from the web identity
//   provider." and "AssumeRoleWithSAML" ("Calling AssumeRoleWithSAML does not require the use of
//   AWS security credentials. The identity of the caller is validated by using keys in the
//   metadata document that is uploaded for the SAML provider entity for your identity provider").
//   The "Who can call" column: AssumeRoleWithWebIdentity: "Any user; caller must pass a web
//   identity token"; AssumeRoleWithSAML: "Any user; caller must pass a SAML authentication response".
// - IAM User Guide, "Create a role for OpenID Connect federation" and "... for SAML 2.0
//   federation": the trust policy names the provider as `Federated` principal and allows
//   sts:AssumeRoleWithWebIdentity / sts:AssumeRoleWithSAML (plus sts:TagSession for session tags).
//   So a federated caller (a web identity or SAML user, named by its provider) is decided by the
//   role's trust policy alone: it has no identity policies and no AWS credentials until then.

import { federationKindOf } from '../model/federation.js';
import type { PrincipalType, RequestPrincipal } from './principal.js';
import type { DecisionReason, DecisionValue } from './types.js';

/** What a caller rule decides, with the sentence the trace shows. */
export interface CallerVerdict {
  decision: Extract<DecisionValue, 'allow' | 'deny'>;
  reason: Extract<DecisionReason, 'allowed' | 'implicit-deny'>;
  message: string;
}

/**
 * A caller as the rules tell callers apart: its principal type, with a federated caller split by
 * its provider (`web-identity` for OIDC and the well-known web identity providers, `saml-user`,
 * or `federated` when the provider's kind is unknown).
 */
export type CallerKind = Exclude<PrincipalType, 'federated'> | 'web-identity' | 'saml-user' | 'federated';

/** A rule's answer for a kind: a verdict, or `POLICIES` to leave the request to the policies. */
type RuleAnswer = CallerVerdict | typeof POLICIES;

/** Stops the search: the policies decide (a later, wider rule does not apply). */
const POLICIES = 'policies';

interface CallerRule {
  /** Lower-cased action, `service:*` for every action of a service, or `*` for every action. */
  action: string;
  /** Answers per caller kind; kinds not listed fall to `others`, then to the next rule. */
  verdicts: Partial<Record<CallerKind, RuleAnswer>>;
  /** The answer for every kind not in `verdicts`. */
  others?: RuleAnswer;
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

/** Actions a federated caller makes while becoming a role (its trust policy decides them). */
const DURING_ASSUME = ['sts:tagsession', 'sts:setsourceidentity', 'sts:setcontext'];
const PAGE_WEB_IDENTITY = 'AWS STS API Reference, AssumeRoleWithWebIdentity; Compare AWS STS credentials';
const PAGE_SAML = 'AWS STS API Reference, AssumeRoleWithSAML; Compare AWS STS credentials';

/** A web identity or SAML user calling anything but the STS action that lets it in. */
function federatedOnlyAssumes(kind: 'web identity' | 'SAML'): CallerVerdict {
  const assume = kind === 'SAML' ? 'sts:AssumeRoleWithSAML' : 'sts:AssumeRoleWithWebIdentity';
  return deny(
    `a ${kind} caller has no AWS credentials until it assumes a role: it can only call ${assume} (with sts:TagSession / sts:SetSourceIdentity), and then acts as the role session`,
  );
}

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
    action: 'sts:assumerolewithwebidentity',
    verdicts: {
      'web-identity': POLICIES,
      'saml-user': deny(
        "sts:AssumeRoleWithWebIdentity takes a web identity token: a SAML provider's users call sts:AssumeRoleWithSAML",
      ),
    },
    others: deny(
      'sts:AssumeRoleWithWebIdentity is called with a web identity token, not AWS credentials: the caller is a user of an identity provider (a Federated principal), never an IAM user, a role session, a service or the root user ("AssumeRoleWithWebIdentity", AWS STS API Reference)',
    ),
    page: PAGE_WEB_IDENTITY,
  },
  {
    action: 'sts:assumerolewithsaml',
    verdicts: {
      'saml-user': POLICIES,
      'web-identity': deny(
        'sts:AssumeRoleWithSAML takes a SAML response: a web identity calls sts:AssumeRoleWithWebIdentity',
      ),
    },
    others: deny(
      'sts:AssumeRoleWithSAML is called with a SAML authentication response, not AWS credentials: the caller is a user of a SAML provider (a Federated principal) ("AssumeRoleWithSAML", AWS STS API Reference)',
    ),
    page: PAGE_SAML,
  },
  ...DURING_ASSUME.map(
    (action): CallerRule => ({
      action,
      verdicts: { 'web-identity': POLICIES, 'saml-user': POLICIES, federated: POLICIES },
      page: 'Create a role for OpenID Connect federation; Create a role for SAML 2.0 federation',
    }),
  ),
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
  {
    action: '*',
    verdicts: {
      'web-identity': federatedOnlyAssumes('web identity'),
      federated: federatedOnlyAssumes('web identity'),
      'saml-user': federatedOnlyAssumes('SAML'),
    },
    page: `${PAGE_WEB_IDENTITY}; ${PAGE_SAML}`,
  },
];

/**
 * Lower-cased actions no policy controls for the principals that may call them (allowed even
 * under an explicit Deny): they are not permissions, so exhaustive checks leave them out.
 */
export const AUTHENTICATION_ONLY_ACTIONS: ReadonlySet<string> = new Set(
  CALLER_RULES.filter((r) =>
    Object.values(r.verdicts).some((v) => v !== undefined && v !== POLICIES && v.decision === 'allow'),
  ).map((r) => r.action),
);

/** The kind the rules know `p` by. */
export function callerKindOf(p: RequestPrincipal): CallerKind {
  if (p.type !== 'federated') return p.type;
  const kind = p.arn ? federationKindOf(p.arn) : undefined;
  return kind === 'oidc' ? 'web-identity' : kind === 'saml' ? 'saml-user' : 'federated';
}

/**
 * The verdict of the caller rules for `actionLower` and principal `p`, or undefined when the
 * policies decide. A principal of an account outside the model is judged by its type too.
 */
export function callerVerdict(actionLower: string, p: RequestPrincipal): CallerVerdict | undefined {
  const colon = actionLower.indexOf(':');
  const kind = callerKindOf(p);
  for (const rule of RULE_ANSWERS) {
    if (rule.action !== actionLower && rule.action !== '*' && !serviceWideOf(rule, actionLower, colon))
      continue;
    const v = rule.verdicts.get(kind) ?? rule.others;
    if (v) return v === POLICIES ? undefined : v;
  }
  return undefined;
}

/**
 * True when `rule` is `SERVICE:*` of the service of `actionLower` (whose first `:` is at
 * `colon`): the rule's action equals `${service}:*`, compared without making that string.
 */
function serviceWideOf(
  rule: { servicePrefix: string | undefined },
  actionLower: string,
  colon: number,
): boolean {
  const prefix = rule.servicePrefix;
  return colon > 0 && prefix !== undefined && prefix.length === colon + 1 && actionLower.startsWith(prefix);
}

/**
 * CALLER_RULES as `callerVerdict` reads them on every decision: objects of one shape, each rule's
 * answers in a Map (the rules' `verdicts` are records of a dozen different shapes, and reading
 * them made V8 deoptimize the decision's code: bench/RESULTS.md, hperf8).
 */
const RULE_ANSWERS: readonly {
  action: string;
  /**
   * `SERVICE:` of a rule `SERVICE:*` whose service holds no `:` (`serviceWideOf`), else undefined.
   */
  servicePrefix: string | undefined;
  verdicts: ReadonlyMap<CallerKind, RuleAnswer>;
  others: RuleAnswer | undefined;
}[] = CALLER_RULES.map((r) => ({
  action: r.action,
  servicePrefix:
    r.action.endsWith(':*') && r.action.indexOf(':') === r.action.length - 2
      ? r.action.slice(0, -1)
      : undefined,
  verdicts: new Map(
    (Object.entries(r.verdicts) as [CallerKind, RuleAnswer | undefined][]).flatMap(([k, v]) =>
      v === undefined ? [] : [[k, v] as [CallerKind, RuleAnswer]],
    ),
  ),
  others: r.others,
}));
