// Identity federation facts shared by the model, the engine, the request layer and the analyses:
// which principal strings are federated callers (an IAM OIDC or SAML identity provider ARN, or
// one of the web identity providers AWS names without a provider: Amazon Cognito, Google,
// Facebook, Login with Amazon), the prefix of their claim condition keys, the STS action that
// admits them, and the provider ARN formats.
//
// IAM User Guide, "AWS JSON policy elements: Principal", "Federated user principals"
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html):
// "Principal": { "Federated": "cognito-identity.amazonaws.com" } / "accounts.google.com" /
// "graph.facebook.com" / "www.amazon.com", or the ARN of an OIDC or SAML provider of the account.
// "Available keys for AWS web identity federation" (reference_policies_iam-condition-keys.html):
// "Define condition keys using the name of the OIDC provider followed by the claim (:aud, :azp,
// :amr, sub). For roles used by Amazon Cognito, keys are defined using
// cognito-identity.amazonaws.com followed by the claim." SAML keys are `saml:aud`, `saml:sub`...

import { parseArn } from './arns.js';
import { ANY_OIDC_PROVIDER_NAME, ANY_SAML_PROVIDER_NAME } from './stand-ins.js';

/** Web identity providers a trust policy names by their well-known name (no IAM provider). */
export const WELL_KNOWN_WEB_IDENTITY: ReadonlySet<string> = new Set([
  'cognito-identity.amazonaws.com',
  'accounts.google.com',
  'graph.facebook.com',
  'www.amazon.com',
]);

/** GitHub Actions' OIDC issuer (host of `https://token.actions.githubusercontent.com`). */
export const GITHUB_ISSUER = 'token.actions.githubusercontent.com';

/** The audience `aws-actions/configure-aws-credentials` and EKS service account tokens send. */
export const STS_AUDIENCE = 'sts.amazonaws.com';

/** The AWS sign-in SAML endpoint, the usual `SAML:aud` (IAM User Guide, "Create a role for SAML 2.0 federation"). */
export const SAML_SIGNIN_AUDIENCE = 'https://signin.aws.amazon.com/saml';

export const ASSUME_ROLE_WITH_WEB_IDENTITY = 'sts:AssumeRoleWithWebIdentity';
export const ASSUME_ROLE_WITH_SAML = 'sts:AssumeRoleWithSAML';

export type FederationKind = 'oidc' | 'saml';

/** True for a well-known web identity provider name (case-insensitive). */
export function isWellKnownWebIdentity(s: string): boolean {
  return WELL_KNOWN_WEB_IDENTITY.has(s.toLowerCase());
}

/** An OIDC provider's URL as IAM keys it: without `https://` and without a trailing slash. */
export function oidcIssuerOf(url: string): string {
  return url.replace(/^https:\/\//i, '').replace(/\/+$/, '');
}

export function oidcProviderArn(partition: string, account: string, url: string): string {
  return `arn:${partition}:iam::${account}:oidc-provider/${oidcIssuerOf(url)}`;
}

export function samlProviderArn(partition: string, account: string, name: string): string {
  return `arn:${partition}:iam::${account}:saml-provider/${name}`;
}

/**
 * Witness identity providers of an account: "some OIDC (or SAML) provider of the account that no
 * policy names", for trust policies that let any principal (`*`) assume a role with
 * AssumeRoleWith*. Witnesses, not elements whose names are unknown (src/model/stand-ins.ts
 * `ANY_OIDC_PROVIDER_NAME`): the providers the policies name are probed by their own ARNs. `(`
 * and `)` appear in no issuer host name nor SAML provider name (IAM API Reference,
 * CreateSAMLProvider: `[\w._-]+`), so no real provider has these ARNs.
 */
export function standInProviders(partition: string, account: string): string[] {
  return [
    `arn:${partition}:iam::${account}:oidc-provider/${ANY_OIDC_PROVIDER_NAME}`,
    `arn:${partition}:iam::${account}:saml-provider/${ANY_SAML_PROVIDER_NAME}`,
  ];
}

/** What a federated principal string is: an OIDC / web identity or SAML provider, else undefined. */
export function federationKindOf(principal: string): FederationKind | undefined {
  if (isWellKnownWebIdentity(principal)) return 'oidc';
  const arn = parseArn(principal);
  if (arn?.service !== 'iam') return undefined;
  if (arn.resource.startsWith('oidc-provider/')) return 'oidc';
  if (arn.resource.startsWith('saml-provider/')) return 'saml';
  return undefined;
}

/**
 * The prefix of the claim condition keys of a federated principal: the issuer of an OIDC provider
 * ARN (`token.actions.githubusercontent.com`), the well-known name, or `saml` for SAML providers.
 */
export function claimPrefixOf(principal: string): string | undefined {
  if (isWellKnownWebIdentity(principal)) return principal.toLowerCase();
  const arn = parseArn(principal);
  if (arn?.service !== 'iam') return undefined;
  if (arn.resource.startsWith('oidc-provider/')) return arn.resource.slice('oidc-provider/'.length);
  if (arn.resource.startsWith('saml-provider/')) return 'saml';
  return undefined;
}

/** The STS action a federated caller makes to become a role (undefined for other principals). */
export function assumeActionOf(principal: string): string | undefined {
  const kind = federationKindOf(principal);
  if (kind === 'oidc') return ASSUME_ROLE_WITH_WEB_IDENTITY;
  if (kind === 'saml') return ASSUME_ROLE_WITH_SAML;
  return undefined;
}

/** The full condition key of a claim (`sub` of GitHub → `token.actions.githubusercontent.com:sub`). */
export function claimKey(principal: string, claim: string): string | undefined {
  const prefix = claimPrefixOf(principal);
  return prefix === undefined ? undefined : `${prefix}:${claim}`;
}

/** True when `key` (any case) is a claim key of the federated principal. */
export function isClaimKeyOf(principal: string, key: string): boolean {
  const prefix = claimPrefixOf(principal);
  return prefix !== undefined && key.toLowerCase().startsWith(`${prefix.toLowerCase()}:`);
}

/**
 * Claims a provider always puts in its tokens, so analyses never try them absent: an OIDC ID
 * token always has `sub` and `aud` (OpenID Connect Core 1.0, "ID Token"); Amazon Cognito tokens
 * always carry `amr` ("Available keys for AWS web identity federation": "If the user is
 * unauthenticated, the key contains only unauthenticated"); a SAML response always has a
 * Recipient (`saml:aud`) and a subject (`saml:sub`, `saml:sub_type`), an Issuer (`saml:iss`), and
 * IAM computes `saml:doc` and `saml:namequalifier`.
 */
export function alwaysPresentClaims(principal: string): string[] {
  const kind = federationKindOf(principal);
  if (kind === 'saml') return ['aud', 'sub', 'sub_type', 'iss', 'doc', 'namequalifier'];
  if (kind !== 'oidc') return [];
  const prefix = claimPrefixOf(principal);
  if (prefix === 'cognito-identity.amazonaws.com') return ['aud', 'sub', 'amr'];
  if (prefix === 'graph.facebook.com') return ['app_id', 'id'];
  if (prefix === 'www.amazon.com') return ['app_id', 'user_id'];
  return ['aud', 'sub'];
}

/** Claims that hold several values (a condition set operator tests them). */
export function isMultiValuedClaim(key: string): boolean {
  const k = key.toLowerCase();
  return k === 'cognito-identity.amazonaws.com:amr' || (k.startsWith('saml:') && SAML_MULTI.has(k.slice(5)));
}

/** SAML keys marked `[]` (a list) in "Available keys for SAML-based AWS STS federation". */
const SAML_MULTI = new Set([
  'commonname',
  'cn',
  'edupersonaffiliation',
  'edupersonassurance',
  'edupersonentitlement',
  'edupersonnickname',
  'edupersonorgunitdn',
  'edupersonscopedaffiliation',
  'edupersontargetedid',
  'eduorghomepageuri',
  'eduorgidentityauthnpolicyuri',
  'eduorglegalname',
  'eduorgsuperioruri',
  'eduorgwhitepagesuri',
  'givenname',
  'mail',
  'name',
  'organizationstatus',
  'primarygroupsid',
  'surname',
  'uid',
  'x500uniqueidentifier',
]);

/** A readable name of a federated principal: `GitHub Actions (OIDC provider token.actions.githubusercontent.com)`. */
export function describeFederated(principal: string): string {
  const kind = federationKindOf(principal);
  const prefix = claimPrefixOf(principal) ?? principal;
  if (kind === 'saml') {
    const name = parseArn(principal)?.resource.slice('saml-provider/'.length) ?? principal;
    return `SAML provider ${name}`;
  }
  if (prefix === GITHUB_ISSUER) return `GitHub Actions (OIDC provider ${prefix})`;
  if (/^oidc\.eks\.[a-z0-9-]+\.amazonaws\.com(\.cn)?\/id\//.test(prefix))
    return `EKS service accounts (OIDC provider ${prefix})`;
  if (prefix === 'cognito-identity.amazonaws.com')
    return 'Amazon Cognito identity pools (cognito-identity.amazonaws.com)';
  if (isWellKnownWebIdentity(principal)) return `web identity provider ${prefix}`;
  return `OIDC provider ${prefix}`;
}

/**
 * The claims a role session created by a federated caller carries into its own requests: the
 * "Cross-service AWS web identity federation context keys" (amr, aud, id, sub) and the
 * "Cross-service SAML-based AWS STS federation context keys" (saml:namequalifier, saml:sub,
 * saml:sub_type) of the caller's context, plus `aws:FederatedProvider` ("the request context
 * identifies the IdP that authenticated the original federated identity"). "No other web identity
 * based federation condition keys are available ... after ... the initial
 * AssumeRoleWithWebIdentity operation." Keys that are not claims of the caller are kept.
 */
export function federatedSessionContext<V>(
  principal: string,
  context: Readonly<Record<string, V>> | undefined,
): Record<string, V | string> {
  const out: Record<string, V | string> = {};
  const prefix = claimPrefixOf(principal)?.toLowerCase();
  const keep = federationKindOf(principal) === 'saml' ? SAML_CROSS_SERVICE : WIF_CROSS_SERVICE;
  for (const [k, v] of Object.entries(context ?? {})) {
    const lower = k.toLowerCase();
    if (prefix === undefined || !lower.startsWith(`${prefix}:`)) out[k] = v;
    else if (keep.has(lower.slice(prefix.length + 1))) out[k] = v;
  }
  if (prefix !== undefined) out['aws:FederatedProvider'] = principal;
  return out;
}

const WIF_CROSS_SERVICE = new Set(['amr', 'aud', 'id', 'sub']);
const SAML_CROSS_SERVICE = new Set(['namequalifier', 'sub', 'sub_type']);
