// Amazon Cognito identity pools: who a pool's identities are, which of them are guests, and which
// roles they can become. The model keeps the pools (`Model.cognitoIdentityPools`) and the roles
// they hand out (`Model.cognitoPoolRoles`); both adapters read them through this module's
// helpers, and analysis/federated-trust.ts asks it who outside AWS a trust lets in.
//
// Amazon Cognito Developer Guide:
// - "IAM roles": "You can specify default IAM roles for authenticated and unauthenticated users."
//   and "Remember that unauthenticated identities will be assumed by users who do not log in to
//   your app." Guest access exists only when the pool allows unauthenticated identities
//   (AllowUnauthenticatedIdentities / allow_unauthenticated_identities).
// - "Role trust and permissions": the unauthenticated role's trust tests
//   `cognito-identity.amazonaws.com:aud` = the pool id and `ForAnyValue:StringLike`
//   `cognito-identity.amazonaws.com:amr` = `unauthenticated`: "the policy restricts the aud of the
//   token, in this case the identity pool ID, to match the identity pool. Finally, the policy
//   specifies that one of the array members of the multi-value amr claim of the token issued by
//   the Amazon Cognito GetOpenIdToken API operation has the value unauthenticated."
// - "Identity pools authentication flow": "Amazon Cognito has two different flows for
//   authentication with public providers: enhanced and basic." In the enhanced flow Cognito
//   calls AssumeRoleWithWebIdentity itself with the role the pool's configuration picks (AWS
//   Mobile blog, "Understanding Amazon Cognito Authentication Part 4: Enhanced Flow": "When
//   calling GetCredentialsForIdentity, Amazon Cognito is actually making the call to
//   AssumeRoleWithWebIdentity on your behalf. In order to do so, Amazon Cognito must have an
//   association between your identity pool and the roles the identities in that pool can
//   assume."). In the basic (classic) flow the caller gets the token (GetOpenIdToken) and calls
//   sts:AssumeRoleWithWebIdentity itself with any role ARN: every role whose trust admits the
//   token, whatever the pool's role attachment says. The classic flow is off when the pool sets
//   AllowClassicFlow false (Terraform AWS provider, aws_cognito_identity_pool: "allow_classic_flow
//   - (Optional) Enables or disables the classic / basic authentication flow. Default is false.",
//   which the provider always sends); a CloudFormation pool that leaves it out may have it on
//   (`classicFlowNotSet`).

import { CreatedElements } from '../model/created-elements.js';
import { principalMightBe } from '../model/name-tokens.js';
import { hasUnknownNamePart, unknownNamePart } from '../model/stand-ins.js';
import { GUEST_SESSION_POLICY } from './cognito-guest-session-policy.js';
import type { Source } from '../model/source.js';
import type { CognitoIdentityPool, CognitoPoolRoles, Model } from '../model/types.js';
import { isUnknown, type Maybe, Unknown } from '../model/unknown.js';

/** The web identity principal of Cognito identity pools (the trust's `Federated`, the request's principal). */
export const COGNITO_PRINCIPAL = 'cognito-identity.amazonaws.com';

/** The claim keys of Cognito identity pool tokens. */
export const COGNITO_AUD = 'cognito-identity.amazonaws.com:aud';
export const COGNITO_AMR = 'cognito-identity.amazonaws.com:amr';

/** The `amr` value of a guest's token, and of a signed-in identity's. */
export const UNAUTHENTICATED = 'unauthenticated';
export const AUTHENTICATED = 'authenticated';

/**
 * An identity pool id as AWS writes it (Amazon Cognito Federated Identities API Reference,
 * IdentityPoolShortDescription: "IdentityPoolId: An identity pool ID in the format REGION:GUID.
 * ... Pattern: [\w-]+:[0-9a-f-]+").
 */
export const IDENTITY_POOL_ID = /^[\w-]+:[0-9a-f-]+$/;

/**
 * allow_classic_flow's default in Terraform: off (the enhanced flow only). The AWS provider always
 * sends it (`AllowClassicFlow: aws.Bool(d.Get("allow_classic_flow").(bool))` in its create), and
 * an explicit `false` stops the basic flow: "if an identity's parent pool has `AllowClassicFlow =
 * false`, `get-open-id-token` will return the below error as expected: ... GetOpenIdToken
 * operation: Basic (classic) flow is not enabled, please use enhanced flow." (aws/aws-cli#7652).
 */
export const CLASSIC_FLOW_DEFAULT = false;

/**
 * A pool whose AllowClassicFlow the inputs leave out (CloudFormation's AllowClassicFlow is
 * optional and documents no default; the API Reference: "Enables or disables the Basic (Classic)
 * authentication flow."): the same report says "if a pool is created without an explicit
 * `AllowClassicFlow` value, `get-open-id-token` will allow the operation and return a token"
 * (aws/aws-cli#7652). So the basic flow may be on: unknown, with where the pool is.
 */
export function classicFlowNotSet(source: Source, name: string): Unknown {
  return new Unknown(
    `AllowClassicFlow of ${name} is not set: a pool created without it was reported to serve GetOpenIdToken (the basic flow), aws/aws-cli#7652`,
    source,
  );
}
/** AllowUnauthenticatedIdentities is required by CloudFormation; Terraform's default is false. */
export const GUESTS_DEFAULT = false;

/**
 * The id of a pool the inputs create: `REGION:GUID`, the GUID assigned by Cognito, an unknown
 * name part named after `hint` (the logical id or address), so that a trust policy that names the
 * pool by reference (`!Ref Pool`, `aws_cognito_identity_pool.p.id`) names it by the same text.
 */
export function newIdentityPoolId(region: string, hint: string): string {
  return `${region}:${unknownNamePart(`${hint}-identity-pool-id`)}`;
}

/** `arn:PARTITION:cognito-identity:REGION:ACCOUNT:identitypool/ID`. */
export function identityPoolArn(partition: string, region: string, account: string, id: string): string {
  return `arn:${partition}:cognito-identity:${region}:${account}:identitypool/${id}`;
}

/** What a pool's identity providers are, as the CloudFormation properties or Terraform arguments give them. */
export interface PoolProviderInputs {
  /** Cognito user pools: provider name (`cognito-idp.REGION.amazonaws.com/POOL_ID`) and app client id. */
  userPools: readonly { provider: Maybe<string>; client: Maybe<string> }[];
  /** SupportedLoginProviders' keys (`graph.facebook.com`, `accounts.google.com`, `www.amazon.com`...). */
  social: readonly Maybe<string>[];
  oidc: readonly Maybe<string>[];
  saml: readonly Maybe<string>[];
  developer: Maybe<string> | undefined;
}

/** How `poolProviderLabels` names a developer provider (read back by `userReach`). */
const DEVELOPER_IDENTITIES = 'developer-authenticated identities';

/** The pool's identity providers in words, for "users of identity pool X signed in through ...". */
export function poolProviderLabels(p: PoolProviderInputs): Maybe<string>[] {
  const word = (v: Maybe<string>, f: (s: string) => string): Maybe<string> => (isUnknown(v) ? v : f(v));
  return [
    ...p.userPools.map(({ provider, client }) =>
      word(
        provider,
        (s) => `Amazon Cognito user pool ${s}${typeof client === 'string' ? ` (app client ${client})` : ''}`,
      ),
    ),
    ...p.social.map((v) => word(v, (s) => `web identity provider ${s}`)),
    ...p.oidc.map((v) => word(v, (s) => `OIDC provider ${s}`)),
    ...p.saml.map((v) => word(v, (s) => `SAML provider ${s}`)),
    ...(p.developer === undefined ? [] : [word(p.developer, (s) => `${DEVELOPER_IDENTITIES} (${s})`)]),
  ];
}

/** A pool of the model in words: `Amazon Cognito identity pool NAME (ID)`. */
export function describePool(pool: CognitoIdentityPool): string {
  return `Amazon Cognito identity pool ${typeof pool.name === 'string' ? `${pool.name} (${pool.id})` : pool.id}`;
}

/** The model's pool whose id is `id`, if the inputs create it. */
export function poolOfId(model: Model, id: string): CognitoIdentityPool | undefined {
  return model.cognitoIdentityPools?.find((p) => p.id === id);
}

/** The role attachments of the inputs that name pool `id` (or a pool whose id is unknown). */
function attachmentsOf(model: Model, id: string): CognitoPoolRoles[] {
  return (model.cognitoPoolRoles ?? []).filter((r) => isUnknown(r.pool) || r.pool === id);
}

/** Whether a pool's callers can get a role, and why (see `guestReach`, `userReach`). */
export interface PoolReach {
  reach: 'yes' | 'no' | 'maybe';
  why: string;
}

/**
 * Can the guests of `pool` get credentials for role `roleArn` (whose trust, the engine says,
 * admits the pool's unauthenticated tokens)? `yes` when the pool allows guests and either the
 * classic flow is on (the guest calls AssumeRoleWithWebIdentity with any role) or a role
 * attachment of the inputs makes the role the pool's unauthenticated role; `no` when the pool
 * allows no guests, or the classic flow is off and every attachment of the pool names another
 * unauthenticated role; else `maybe` with why (a setting known only at deployment, no attachment
 * in the inputs: one may be made outside them).
 */
export function guestReach(model: Model, pool: CognitoIdentityPool, roleArn: string): PoolReach {
  const guests = pool.allowUnauthenticated;
  if (guests === false) return { reach: 'no', why: 'the pool allows no unauthenticated identities' };
  const guestWhy = isUnknown(guests) ? ` if it allows unauthenticated identities (${guests.reason})` : '';
  const r = flowReach(model, pool, roleArn, 'guests', (a) => [a.unauthenticated]);
  if (r.reach === 'no' || !guestWhy) return r;
  return { reach: 'maybe', why: `${r.why}${guestWhy}` };
}

/**
 * Can the signed-in users of `pool` get credentials for role `roleArn`? In the enhanced flow the
 * pool hands them its authenticated role, a role its role-mapping rules pick, or (a mapping of
 * type Token) the role their token names, which the inputs do not say: `maybe` (Amazon Cognito
 * Developer Guide, "Using role-based access control": "You can define rules to choose the role
 * for each user based on claims in the user's ID token. You can define a default role for
 * authenticated users."). The classic flow lets them name any role.
 */
export function userReach(model: Model, pool: CognitoIdentityPool, roleArn: string): PoolReach {
  const r = flowReach(model, pool, roleArn, 'signed-in users', (a) =>
    a.tokenMapping ? [a.authenticated, ...a.mapped, ANY_ROLE] : [a.authenticated, ...a.mapped],
  );
  if (r.reach !== 'no') return r;
  // A developer provider's backend gets its users' tokens itself (Amazon Cognito Developer Guide,
  // "Developer-authenticated identities": "The GetOpenIdTokenForDeveloperIdentity API operation
  // can initiate developer authentication for both enhanced and basic authentication."), and
  // whether the pool's classic-flow setting stops the basic one is not documented.
  const developer = pool.providers.some((p) => isUnknown(p) || p.startsWith(DEVELOPER_IDENTITIES));
  if (!developer) return r;
  return {
    reach: 'maybe',
    why: `the pool's developer provider (or a provider not known from the inputs) may give its signed-in users tokens for the basic flow, whose role they name (${r.why})`,
  };
}

/** A role a token-based role mapping may pick: not known from the inputs. */
const ANY_ROLE = new Unknown('a role mapping of type Token takes the role from the user pool token');

/**
 * Whether the flow of `pool` can hand `roleArn` to its `who` (the roles each attachment hands
 * them: `rolesOf`): the classic flow any role; the enhanced flow the roles of the attachments,
 * any role while an attachment is unknown, might not exist, or none is in the inputs.
 */
function flowReach(
  model: Model,
  pool: CognitoIdentityPool,
  roleArn: string,
  who: string,
  rolesOf: (a: CognitoPoolRoles) => readonly (Maybe<string> | undefined)[],
): PoolReach {
  const classic = pool.allowClassicFlow;
  if (classic === true)
    return {
      reach: 'yes',
      why: `the pool's classic (basic) flow lets its ${who} call sts:AssumeRoleWithWebIdentity with any role that trusts it`,
    };
  const attachments = attachmentsOf(model, pool.id);
  const certain = attachments.filter((a) => !a.presence && !isUnknown(a.pool));
  if (certain.some((a) => rolesOf(a).includes(roleArn)))
    return { reach: 'yes', why: `a role attachment of the pool gives its ${who} this role` };
  const classicWhy = isUnknown(classic) ? `the classic flow may be on (${classic.reason})` : undefined;
  if (classicWhy) return { reach: 'maybe', why: classicWhy };
  if (!attachments.length)
    return {
      reach: 'maybe',
      why: `no role attachment of the inputs says which role the pool gives its ${who} (one may be set outside them)`,
    };
  const created = CreatedElements.of(model);
  const mayName = attachments.some(
    (a) =>
      a.presence ||
      isUnknown(a.pool) ||
      rolesOf(a).some(
        (r) => r === roleArn || isUnknown(r) || (r !== undefined && mayBeRole(r, roleArn, created)),
      ),
  );
  if (mayName) return { reach: 'maybe', why: `a role attachment of the pool may give its ${who} this role` };
  return {
    reach: 'no',
    why: `the classic flow is off and the pool's role attachment gives its ${who} other roles`,
  };
}

/**
 * Whether the role ARN an attachment names (`named`) may be the role `roleArn` though the texts
 * differ: one holds a name the inputs leave unknown (a generated `stack-AuthRole-(unknown-…)` may
 * be the `stack-AuthRole-ABC` the other spells: model/name-tokens.ts `principalMightBe`, the
 * engine's rule), unless it names exactly another role the inputs surely create
 * (model/created-elements.ts `CreatedElements`: IAM role names are unique in the account).
 */
function mayBeRole(named: string, roleArn: string, created: CreatedElements): boolean {
  if (!hasUnknownNamePart(named) && !hasUnknownNamePart(roleArn)) return false;
  return principalMightBe([named], roleArn) && !created.principalNamesOther(named, roleArn);
}

/** A request's Cognito token: the pool of the inputs its `aud` names, and whose token it is. */
export interface PoolRequestReach extends PoolReach {
  pool: CognitoIdentityPool;
}

/**
 * The pool flow a request of an Amazon Cognito identity depends on: principal
 * `cognito-identity.amazonaws.com` calling sts:AssumeRoleWithWebIdentity on `resource` with a
 * token whose `aud` is a pool of the inputs and whose `amr` says guest (`unauthenticated`:
 * `guestReach`) or signed-in user (`authenticated`: `userReach`). Undefined for any other request,
 * a pool outside the inputs, or an `amr` that says neither: the trust policy alone decides those.
 */
export function requestPoolReach(
  model: Model,
  request: {
    principal: string;
    action: string;
    resource: string;
    context?: Readonly<Record<string, unknown>>;
  },
): PoolRequestReach | undefined {
  if (
    request.principal !== COGNITO_PRINCIPAL ||
    request.action.toLowerCase() !== 'sts:assumerolewithwebidentity' ||
    !model.cognitoIdentityPools?.length
  )
    return undefined;
  const aud = request.context?.[COGNITO_AUD];
  const pool = typeof aud === 'string' ? poolOfId(model, aud) : undefined;
  if (!pool) return undefined;
  const amr = request.context?.[COGNITO_AMR];
  const values = typeof amr === 'string' ? [amr] : Array.isArray(amr) ? amr : [];
  if (values.includes(UNAUTHENTICATED)) return { ...guestReach(model, pool, request.resource), pool };
  if (values.includes(AUTHENTICATED)) return { ...userReach(model, pool, request.resource), pool };
  return undefined;
}

/**
 * The session policy on the credentials a request's token gets when it is a guest's
 * (`amr` = unauthenticated) of a pool of the inputs whose classic flow is off: the enhanced flow
 * is then the guests' only way to credentials, and it scopes them down to
 * AmazonCognitoUnAuthedIdentitiesSessionPolicy (aws/cognito-guest-session-policy.ts). Undefined
 * otherwise: the basic flow (on, or possibly on) applies none, and a signed-in user's
 * credentials have none.
 */
export function guestSessionPolicy(
  model: Model,
  principal: string,
  context: Readonly<Record<string, unknown>> | undefined,
): typeof GUEST_SESSION_POLICY | undefined {
  if (principal !== COGNITO_PRINCIPAL) return undefined;
  const aud = context?.[COGNITO_AUD];
  const amr = context?.[COGNITO_AMR];
  const values = typeof amr === 'string' ? [amr] : Array.isArray(amr) ? amr : [];
  if (typeof aud !== 'string' || !values.includes(UNAUTHENTICATED)) return undefined;
  const pool = poolOfId(model, aud);
  return pool && pool.allowClassicFlow === false ? GUEST_SESSION_POLICY : undefined;
}
