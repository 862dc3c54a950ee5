// Federated callers as front ends write them: a web identity (OIDC) or SAML user that becomes a
// role with sts:AssumeRoleWithWebIdentity / AssumeRoleWithSAML, named by its provider and the
// claims of its token, which are the request's context (IAM User Guide, "Available keys for AWS
// web identity federation" and "Available keys for SAML-based AWS STS federation",
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html).
// One syntax for every front end (eval request files, explain, who-can, matchers, specs):
//
//   oidc:ISSUER [CLAIM=VALUE]...   an OIDC provider by issuer (`token.actions.githubusercontent.com`,
//                                  `https://...` accepted) or a well-known web identity name
//                                  (`accounts.google.com`, `cognito-identity.amazonaws.com`...), or
//                                  by provider ARN; CLAIM is `sub`, `aud`, `amr`... or a full key
//   github:OWNER/REPO@REF          a GitHub Actions workflow: sub `repo:OWNER/REPO:ref:REF` (REF
//                                  `refs/heads/main`, `refs/tags/v1`, or a branch name), or
//                                  `@pull_request`, `@environment:NAME`; without `@` (in
//                                  onlyPrincipals) any workflow of the repository. aud defaults to
//                                  sts.amazonaws.com, as aws-actions/configure-aws-credentials sends
//   eks:NAMESPACE/SERVICEACCOUNT[@ISSUER]   an EKS service account: sub
//                                  `system:serviceaccount:NAMESPACE:SERVICEACCOUNT`, aud
//                                  sts.amazonaws.com; the issuer defaults to the one EKS provider
//   cognito:IDENTITY_POOL_ID[@authenticated|@unauthenticated]   an Amazon Cognito identity: aud =
//                                  the pool id (a pool of the inputs may be named by its logical
//                                  id, Terraform address or name), amr = [authenticated] unless
//                                  said otherwise
//   saml:PROVIDER [CLAIM=VALUE]... a SAML user of the provider (name or ARN); SAML:aud defaults to
//                                  https://signin.aws.amazon.com/saml
//
// GitHub's subject formats: GitHub Docs, "OpenID Connect", "Example subject claims"
// (https://docs.github.com/en/actions/reference/security/oidc#example-subject-claims).
// In `onlyPrincipals`, a claim value may hold `*` and `?` (any workflow of `acme/*`); in a request
// it must be a value.

import {
  claimKey,
  claimPrefixOf,
  GITHUB_ISSUER,
  isWellKnownWebIdentity,
  oidcIssuerOf,
  SAML_SIGNIN_AUDIENCE,
  STS_AUDIENCE,
} from '../model/federation.js';
import { IDENTITY_POOL_ID } from '../aws/cognito-identity-pools.js';
import type { RequestContext } from '../engine/types.js';
import { parseArn } from '../model/arns.js';
import type { Model } from '../model/types.js';
import { isUnknown } from '../model/unknown.js';
import { describeContext } from './context.js';

/** A federated caller: the provider principal and the claims its token carries. */
export interface FederatedCaller {
  /** The reference as written. */
  ref: string;
  /** The federated principal for the engine: an OIDC / SAML provider ARN or a well-known name. */
  principal: string;
  /**
   * Claims the reference pins (full condition keys → values). In an allowed list a value may be a
   * pattern; in a request, values only.
   */
  claims: Readonly<Record<string, string | readonly string[]>>;
  /** Claims a caller's token carries unless the reference says otherwise (GitHub's audience). */
  defaults: Readonly<Record<string, string | readonly string[]>>;
  /** A readable name: `GitHub Actions workflow repo:acme/infra:ref:refs/heads/main`. */
  label: string;
}

/** The prefixes of the syntax above. */
const PREFIXES = ['oidc:', 'github:', 'eks:', 'cognito:', 'saml:'] as const;

/** True when `ref` is written in the federated caller syntax. */
export function isFederatedRef(ref: string): boolean {
  return PREFIXES.some((p) => ref.startsWith(p));
}

/** A reference that does not read as a federated caller: the message says what was expected. */
export class FederatedRefError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FederatedRefError';
  }
}

export interface FederatedRefOptions {
  /** The account of a provider the model does not define (default: the model's only account). */
  account?: string;
  /** Claim values may be patterns (`onlyPrincipals`); otherwise a pattern is an error. */
  patterns?: boolean;
}

/** The context a request of the caller carries: its defaults under its pinned claims. */
export function callerContext(c: FederatedCaller): Record<string, string | readonly string[]> {
  return { ...c.defaults, ...c.claims };
}

/** Reads a federated caller reference (see the module comment). Throws FederatedRefError. */
export function parseFederatedRef(
  model: Model,
  ref: string,
  options: FederatedRefOptions = {},
): FederatedCaller {
  const [head = '', ...tokens] = ref.trim().split(/\s+/);
  const colon = head.indexOf(':');
  const scheme = head.slice(0, colon);
  const body = head.slice(colon + 1);
  if (!body) throw new FederatedRefError(`"${ref}" names no provider after "${scheme}:"`);
  let caller: FederatedCaller;
  switch (scheme) {
    case 'oidc':
      caller = oidcCaller(model, ref, body, options);
      break;
    case 'github':
      caller = githubCaller(model, ref, body, options);
      break;
    case 'eks':
      caller = eksCaller(model, ref, body, options);
      break;
    case 'cognito':
      caller = cognitoCaller(model, ref, body);
      break;
    default:
      caller = samlCaller(model, ref, body, options);
  }
  const claims: Record<string, string | readonly string[]> = { ...caller.claims };
  // A claim written twice holds both values (a multi-valued claim such as Cognito's amr).
  const written = new Set<string>();
  for (const t of tokens) {
    const eq = t.indexOf('=');
    if (eq <= 0)
      throw new FederatedRefError(
        `"${t}" in "${ref}" is not a claim: write CLAIM=VALUE (sub=repo:acme/app:ref:refs/heads/main)`,
      );
    const name = t.slice(0, eq);
    const value = t.slice(eq + 1);
    const key = name.includes(':') ? name : claimKey(caller.principal, name)!;
    const prev = claims[key];
    claims[key] =
      written.has(key) && prev !== undefined ? [...(typeof prev === 'string' ? [prev] : prev), value] : value;
    written.add(key);
  }
  const out = { ...caller, claims };
  if (!options.patterns)
    for (const [k, v] of Object.entries(out.claims))
      for (const x of typeof v === 'string' ? [v] : v)
        if (/[*?]/.test(x))
          throw new FederatedRefError(
            `the claim ${k} of "${ref}" is a pattern (${x}); a request needs the value a token carries (patterns are for onlyPrincipals)`,
          );
  return out;
}

// ---------------------------------------------------------------------------------------
// Providers

/**
 * The principal of an OIDC issuer: the provider of the model with that URL (one account, or the
 * given one), else a provider ARN a trust policy names with that issuer, else the provider ARN in
 * the given (or the model's only) account.
 */
function oidcPrincipal(model: Model, issuer: string, ref: string, options: FederatedRefOptions): string {
  const found = new Set<string>();
  for (const p of model.identityProviders)
    if (p.kind === 'oidc' && !isUnknown(p.arn) && !isUnknown(p.name) && p.name === issuer) found.add(p.arn);
  if (!found.size)
    for (const r of model.roles)
      for (const st of r.trustPolicy?.statements ?? [])
        for (const v of st.principal?.federated?.values ?? [])
          if (typeof v === 'string' && claimPrefixOf(v) === issuer && v.startsWith('arn:')) found.add(v);
  return pickProvider(
    model,
    [...found],
    ref,
    options,
    (account) => `arn:${model.partition}:iam::${account}:oidc-provider/${issuer}`,
  );
}

function pickProvider(
  model: Model,
  found: string[],
  ref: string,
  options: FederatedRefOptions,
  make: (account: string) => string,
): string {
  const inAccount = options.account ? found.filter((a) => parseArn(a)?.account === options.account) : found;
  if (inAccount.length === 1) return inAccount[0]!;
  if (inAccount.length > 1)
    throw new FederatedRefError(
      `"${ref}" names a provider of several accounts (${inAccount.join(', ')}); give the account (--account) or the provider ARN`,
    );
  const account = options.account ?? (model.accounts.length === 1 ? model.accounts[0]!.id : undefined);
  if (!account)
    throw new FederatedRefError(
      `"${ref}" names a provider the inputs do not define, and the model has ${model.accounts.length} accounts: give the account (--account) or the provider ARN`,
    );
  return make(account);
}

function oidcCaller(model: Model, ref: string, body: string, options: FederatedRefOptions): FederatedCaller {
  if (body.startsWith('arn:')) {
    if (claimPrefixOf(body) === undefined || body.includes(':saml-provider/'))
      throw new FederatedRefError(
        `"${ref}": ${body} is not an OIDC provider ARN (arn:aws:iam::ACCOUNT:oidc-provider/ISSUER)`,
      );
    return { ref, principal: body, claims: {}, defaults: {}, label: `OIDC provider ${claimPrefixOf(body)}` };
  }
  const issuer = oidcIssuerOf(body);
  if (isWellKnownWebIdentity(issuer))
    return {
      ref,
      principal: issuer.toLowerCase(),
      claims: {},
      defaults: {},
      label: `web identity of ${issuer}`,
    };
  const principal = oidcPrincipal(model, issuer, ref, options);
  return { ref, principal, claims: {}, defaults: {}, label: `OIDC identity of ${issuer}` };
}

/** GitHub's `sub` for a repository and ref (GitHub Docs, "Example subject claims"). */
export function githubSubject(repository: string, at: string | undefined): string {
  // `acme/*` already ends in a wildcard that runs across the colons (any sub of the owner).
  if (at === undefined) return repository.endsWith('*') ? `repo:${repository}` : `repo:${repository}:*`;
  if (at === 'pull_request') return `repo:${repository}:pull_request`;
  if (at.startsWith('environment:')) return `repo:${repository}:${at}`;
  if (at.startsWith('refs/')) return `repo:${repository}:ref:${at}`;
  return `repo:${repository}:ref:refs/heads/${at}`;
}

function githubCaller(
  model: Model,
  ref: string,
  body: string,
  options: FederatedRefOptions,
): FederatedCaller {
  const at = body.indexOf('@');
  const repository = at < 0 ? body : body.slice(0, at);
  const where = at < 0 ? undefined : body.slice(at + 1);
  if (!/^[^/@\s]+\/[^/@\s]+$/.test(repository))
    throw new FederatedRefError(`"${ref}": write github:OWNER/REPO@REF (github:acme/infra@refs/heads/main)`);
  if (where === '') throw new FederatedRefError(`"${ref}" names no ref after "@"`);
  const principal = oidcPrincipal(model, GITHUB_ISSUER, ref, options);
  const sub = githubSubject(repository, where);
  if (where === undefined && !options.patterns)
    throw new FederatedRefError(
      `"${ref}" names every workflow of ${repository}; a request needs one: add @REF (@refs/heads/main), @pull_request or @environment:NAME`,
    );
  return {
    ref,
    principal,
    claims: { [`${GITHUB_ISSUER}:sub`]: sub },
    defaults: { [`${GITHUB_ISSUER}:aud`]: STS_AUDIENCE },
    label: `GitHub Actions workflow ${sub}`,
  };
}

const EKS_ISSUER = /^oidc\.eks\.[a-z0-9-]+\.amazonaws\.com(\.cn)?\/id\/[A-Za-z0-9]+$/;

function eksCaller(model: Model, ref: string, body: string, options: FederatedRefOptions): FederatedCaller {
  const at = body.indexOf('@');
  const account = at < 0 ? body : body.slice(0, at);
  const m = /^([^/\s]+)\/([^/\s]+)$/.exec(account);
  if (!m)
    throw new FederatedRefError(
      `"${ref}": write eks:NAMESPACE/SERVICEACCOUNT, optionally @ISSUER (eks:payments/api@oidc.eks.us-west-2.amazonaws.com/id/ABC)`,
    );
  let issuer: string;
  if (at >= 0) issuer = oidcIssuerOf(body.slice(at + 1));
  else {
    const issuers = new Set<string>();
    for (const p of model.identityProviders)
      if (p.kind === 'oidc' && typeof p.name === 'string' && EKS_ISSUER.test(p.name)) issuers.add(p.name);
    for (const r of model.roles)
      for (const st of r.trustPolicy?.statements ?? [])
        for (const v of st.principal?.federated?.values ?? []) {
          const prefix = typeof v === 'string' ? claimPrefixOf(v) : undefined;
          if (prefix && EKS_ISSUER.test(prefix)) issuers.add(prefix);
        }
    if (issuers.size !== 1)
      throw new FederatedRefError(
        issuers.size
          ? `"${ref}": the model has several EKS OIDC providers (${[...issuers].join(', ')}); add @ISSUER`
          : `"${ref}": the model has no EKS OIDC provider; add @ISSUER (oidc.eks.REGION.amazonaws.com/id/ID)`,
      );
    issuer = [...issuers][0]!;
  }
  const principal = oidcPrincipal(model, issuer, ref, options);
  const sub = `system:serviceaccount:${m[1]}:${m[2]}`;
  return {
    ref,
    principal,
    claims: { [`${issuer}:sub`]: sub },
    defaults: { [`${issuer}:aud`]: STS_AUDIENCE },
    label: `EKS service account ${m[1]}/${m[2]} (${issuer})`,
  };
}

/**
 * The id of the identity pool `name` stands for: a pool of the inputs named by its logical id,
 * Terraform address or pool name (its id is known only after deployment), else `name` itself
 * when it is written as a pool id (an input error otherwise).
 */
function poolIdOf(model: Model, name: string): string {
  const named = (model.cognitoIdentityPools ?? []).filter(
    (p) => p.id === name || p.source.logicalId === name || p.source.address === name || p.name === name,
  );
  if (named.length > 1)
    throw new FederatedRefError(
      `"${name}" names ${named.length} identity pools of the inputs (${named.map((p) => p.source.logicalId ?? p.source.address ?? p.id).join(', ')}): name one by its logical id or Terraform address`,
    );
  if (named.length === 1) return named[0]!.id;
  // A name of no pool taken as an id would match no trust: a typo would pass every `cannot`.
  if (!IDENTITY_POOL_ID.test(name))
    throw new FederatedRefError(
      `"${name}" is no identity pool of the inputs (by logical id, Terraform address or name) and not an identity pool id (REGION:GUID)`,
    );
  return name;
}

function cognitoCaller(model: Model, ref: string, body: string): FederatedCaller {
  const at = body.lastIndexOf('@');
  const amr = at < 0 ? undefined : body.slice(at + 1);
  if (amr !== undefined && amr !== 'authenticated' && amr !== 'unauthenticated')
    throw new FederatedRefError(`"${ref}": after @ write authenticated or unauthenticated`);
  const pool = poolIdOf(model, at < 0 ? body : body.slice(0, at));
  const key = 'cognito-identity.amazonaws.com';
  const claims: Record<string, string | string[]> = { [`${key}:aud`]: pool };
  if (amr) claims[`${key}:amr`] = [amr];
  return {
    ref,
    principal: key,
    claims,
    defaults: { [`${key}:amr`]: ['authenticated'] },
    label: `Amazon Cognito identity of pool ${pool}${amr ? ` (${amr})` : ''}`,
  };
}

function samlCaller(model: Model, ref: string, body: string, options: FederatedRefOptions): FederatedCaller {
  let principal: string;
  if (body.startsWith('arn:')) {
    if (!body.includes(':saml-provider/'))
      throw new FederatedRefError(
        `"${ref}": ${body} is not a SAML provider ARN (arn:aws:iam::ACCOUNT:saml-provider/NAME)`,
      );
    principal = body;
  } else {
    const found = model.identityProviders
      .filter((p) => p.kind === 'saml' && p.name === body && !isUnknown(p.arn))
      .map((p) => p.arn as string);
    principal = pickProvider(
      model,
      found,
      ref,
      options,
      (account) => `arn:${model.partition}:iam::${account}:saml-provider/${body}`,
    );
  }
  const name = principal.slice(principal.indexOf(':saml-provider/') + ':saml-provider/'.length);
  return {
    ref,
    principal,
    claims: {},
    defaults: { 'saml:aud': SAML_SIGNIN_AUDIENCE },
    label: `SAML user of ${name}`,
  };
}

/** A witness's caller: its principal, with the claims of its token when it is a federated caller. */
export function witnessCaller(w: { principal: string; claims?: RequestContext }): string {
  const claims = w.claims && Object.keys(w.claims).length ? describeContext(w.claims) : '';
  return claims ? `${w.principal} with token ${claims}` : w.principal;
}
