// Federated entry points and weak federated trusts, for the access review: every role a web
// identity (OIDC) or SAML provider's users can assume, with the conditions that let them in
// (`federatedEntryPoints`), and the trusts that lack the conditions saying which of them
// (`weakFederatedTrusts`). Each finding names the trust statement; a statement counts only when the
// engine says the provider's callers can assume the role under some context (so a Deny, or a
// trust that the provider cannot satisfy, is no finding).
//
// - An OIDC trust without a `sub` condition: any subject of the provider (for GitHub Actions, any
//   repository's workflow on github.com) can assume the role. GitHub Docs, "Configuring OpenID
//   Connect in Amazon Web Services": "AWS Identity and Access Management (IAM) recommends that
//   users evaluate the IAM condition key, token.actions.githubusercontent.com:sub, in the trust
//   policy of any role that trusts GitHub's OIDC identity provider (IdP)."
//   For an EKS cluster's issuer (IRSA), any service account of the cluster, named when the cluster
//   is of the inputs (analysis/irsa-callers.ts, src/aws/eks-clusters.ts).
// - An OIDC trust without an `aud` condition: tokens minted for any client (audience) of the
//   provider. IAM User Guide, "Create a role for OpenID Connect federation": the trust tests the
//   provider's `aud` claim so that only the application's tokens are accepted.
// - A `sub` of an issuer many tenants share (GitHub Actions, HCP Terraform, GitLab.com:
//   `SHARED_ISSUERS`) tested with a wildcard over the tenant (`repo:acme/*`, `repo:*`,
//   `organization:*`, `*`) in a StringLike (a StringEquals compares `*` literally): any
//   repository of the owner, or (a wildcard in the owner or organization) of anyone.
// - Amazon Cognito without `cognito-identity.amazonaws.com:aud` (any identity pool of any account)
//   or without `...:amr` (unauthenticated identities too). IAM User Guide, "Available keys for AWS
//   web identity federation": the aud key "is the identity pool ID"; amr "contains the value
//   unauthenticated" for unauthenticated users.
// - A SAML trust without `SAML:aud`: IAM User Guide, "Create a role for a third-party identity
//   provider (SAML 2.0 federation)": the trust policy's `SAML:aud` condition is the sign-in
//   endpoint the assertion must be for.
//
// Conditions that test a key only through ForAllValues or IfExists (true when the key is absent)
// or a negated operator do not count as pinning it, nor a StringLike whose values include a
// pattern of only `*` ("matches any value": IAM User Guide, "IAM JSON policy elements: Condition
// operators", StringLike: "Case-sensitive matching. The values can include multi-character match
// wildcards (*)"). Cognito's amr counts as limited to authenticated identities only when the
// conditions reject the value `unauthenticated` (a pattern such as `*authenticated` matches it).

import { isEksIssuer, subSpansNamespaces } from '../aws/eks-pod-identity.js';
import { sameNameLabeller } from '../model/same-names.js';
import { COGNITO_PRINCIPAL, guestReach, userReach } from '../aws/cognito-identity-pools.js';
import { guestWeaknesses, type PoolCaller, poolCallers, type Weakness } from './cognito-guests.js';
import { indeterminateField } from './indeterminate.js';
import { entryConditionFacts, withEntryFacts } from './entry-condition-facts.js';
import { indeterminateSeverity } from './risk-severity.js';
import { clusterWords, irsaCallers } from './irsa-callers.js';
import type { Engine } from '../engine/engine.js';
import {
  claimPrefixOf,
  describeFederated,
  federationKindOf,
  GITHUB_ISSUER,
  standInProviders,
  WELL_KNOWN_WEB_IDENTITY,
} from '../model/federation.js';
import type { Model, Role } from '../model/types.js';
import { isUnknown } from '../model/unknown.js';
import type { Statement } from '../policy/types.js';
import { compileGlob } from '../policy/wildcard.js';
import { mergeStatementRefs } from './chains.js';
import { reasonLine } from './decision-reasons.js';
import { poolsNamedBy } from './cognito-flow.js';
import { decideAnyContext, decideByPolicies } from './free-decision.js';
import { pinningClauses } from './pinning-clauses.js';
import { podIdentityEntryPoints, podIdentityWeakTrusts } from './pod-identity-trust.js';
import type { ConditionFacts, FederatedEntry, MatrixReason, RiskFinding, StatementRef } from './types.js';

const COGNITO = COGNITO_PRINCIPAL;

/** Values a statement's positive conditions require of `key` (lower-cased), or undefined if none. */
function pinned(st: Statement, key: string): string[] | undefined {
  const clauses = pinningClauses(st, key);
  return clauses.length ? clauses.flatMap((c) => c.values.map((v) => (isUnknown(v) ? '*' : v))) : undefined;
}

/**
 * Does the statement admit the claim value `value` of `key`: no clause pins the key, or every
 * pinning clause has a value matching it (StringLike by its pattern, the others literally, an
 * unknown value may be it)?
 */
function admitsClaim(st: Statement, key: string, value: string): boolean {
  return pinningClauses(st, key).every((c) =>
    c.values.some((v) =>
      isUnknown(v)
        ? true
        : c.base === 'StringLike'
          ? compileGlob(v, false).test(value)
          : c.base === 'StringEqualsIgnoreCase'
            ? v.toLowerCase() === value.toLowerCase()
            : v === value,
    ),
  );
}

/**
 * OIDC issuers that many tenants share, with the claim prefix of the `sub` segment that names
 * the tenant. Whoever creates a repository, organization or project there gets tokens from the
 * same issuer, so a `sub` pattern with a wildcard in that segment lets other tenants in.
 *
 * - GitHub Actions, `repo:OWNER/REPO:...`: GitHub Docs, "Configuring OpenID Connect in Amazon
 *   Web Services": "IAM recommends that users evaluate the IAM condition key,
 *   token.actions.githubusercontent.com:sub, in the trust policy of any role that trusts GitHub's
 *   OIDC identity provider (IdP)."
 * - HCP Terraform, `organization:ORG:project:PROJECT:workspace:WORKSPACE:run_phase:PHASE`:
 *   HashiCorp, "Dynamic Credentials with the AWS Provider": "Warning: you should always check, at
 *   minimum, the audience and the name of the organization in order to prevent unauthorized
 *   access from other HCP Terraform organizations!"
 * - GitLab.com, `project_path:GROUP/PROJECT:ref_type:TYPE:ref:REF`: GitLab Docs, "Configure
 *   OpenID Connect in AWS to retrieve temporary credentials": the role's condition tests
 *   `gitlab.com:sub` against `project_path:mygroup/myproject:ref_type:branch:ref:main`.
 *
 * `over`, `anyOwner`, `sameOwner`: how messages say the tenants and who else gets in.
 */
const SHARED_ISSUERS: Readonly<
  Record<string, { tenant: string; over: string; anyOwner: string; sameOwner: string }>
> = {
  [GITHUB_ISSUER]: {
    tenant: 'repo',
    over: 'repositories',
    anyOwner: 'the workflows of repositories of any owner',
    sameOwner: "other repositories' workflows",
  },
  'app.terraform.io': {
    tenant: 'organization',
    over: 'organizations',
    anyOwner: 'the runs of any HCP Terraform organization',
    sameOwner: 'the runs of other organizations',
  },
  'gitlab.com': {
    tenant: 'project_path',
    over: 'projects',
    anyOwner: 'the pipelines of projects of any GitLab.com group',
    sameOwner: 'the pipelines of other projects of the group',
  },
};

/**
 * The `sub` patterns of a statement that admit more than one tenant of a shared issuer (see
 * `tenantWildcard`): only a StringLike value is a pattern (an unknown one may be `*`); a
 * StringEquals or StringEqualsIgnoreCase value is compared literally (IAM User Guide, "IAM JSON
 * policy elements: Condition operators": StringEquals "Exact matching, case sensitive";
 * StringLike "The values can include multi-character match wildcards (*) and single-character
 * match wildcards (?) anywhere in the string"), so `repo:acme/*` there admits that one string.
 * The clauses are ANDed: none when one clause admits single tenants only.
 */
function tenantWildcards(st: Statement, key: string, tenant: string): string[] {
  const wide = pinningClauses(st, key).map((c) =>
    c.base === 'StringLike'
      ? c.values.map((v) => (isUnknown(v) ? '*' : v)).filter((v) => tenantWildcard(v, tenant) !== undefined)
      : [],
  );
  return wide.some((w) => !w.length) ? [] : wide.flat();
}

/**
 * How far a `sub` pattern reaches past one tenant (`repo:acme/app`, `organization:acme`):
 * `owner` when a wildcard is in the tenant's first part (`repo:*`, `repo:acme*`,
 * `organization:*`, `*`: anyone may create a matching owner, organization or group), `tenant`
 * when only in what follows it within the tenant segment (`repo:acme/*`: every repository of
 * owner acme), undefined when the pattern pins one tenant.
 */
function tenantWildcard(pattern: string, tenant: string): 'owner' | 'tenant' | undefined {
  const m = new RegExp(`^${tenant}:([^:]*)(:|$)`).exec(pattern);
  if (!m)
    return /[*?]/.test(pattern.split(':').slice(0, 2).join(':')) || pattern.startsWith('*')
      ? 'owner'
      : undefined;
  const [owner, ...rest] = m[1]!.split('/');
  if (/[*?]/.test(owner!)) return 'owner';
  return /[*?]/.test(rest.join('/')) ? 'tenant' : undefined;
}

/** The first condition clause of `st` whose key or operator is not known, as a reason. */
function unknownClause(st: Statement): MatrixReason | undefined {
  const c = st.conditions.find((x) => x.key === '' || x.base === undefined);
  if (!c) return undefined;
  const u = c.values.find(isUnknown);
  const text = u
    ? u.reason
    : `the condition ${c.operator || '(operator not known)'} ${c.key || '(key not known)'}`;
  return { kind: 'unknown-value', text, stage: 'trust', ...(c.source ? { source: c.source } : {}) };
}

/** What a trust statement of `role` naming federated principal `p` leaves open. */
function weaknessesOf(st: Statement, p: string, role: Role, engine: Engine): Weakness[] {
  const model = engine.model;
  const prefix = claimPrefixOf(p)?.toLowerCase();
  if (prefix === undefined) return [];
  const out: Weakness[] = [];
  const key = (claim: string) => `${prefix}:${claim}`;
  if (federationKindOf(p) === 'saml') {
    if (!pinned(st, 'saml:aud'))
      out.push({
        severity: 'medium',
        text: 'no SAML:aud condition: assertions for any service provider endpoint',
      });
    return out;
  }
  if (prefix === COGNITO) {
    const aud = pinningClauses(st, key('aud')).flatMap((c) => c.values);
    if (!aud.length)
      out.push({
        severity: 'high',
        text: `no ${COGNITO}:aud condition: identities of any identity pool, in any account`,
      });
    if (admitsClaim(st, key('amr'), 'unauthenticated'))
      out.push(...guestWeaknesses(engine, role, aud.length ? aud : undefined));
    return out;
  }
  const sub = pinned(st, key('sub'));
  if (sub && isEksIssuer(prefix)) {
    // the clauses are ANDed: wide only when each admits several namespaces
    const wide = pinningClauses(st, key('sub')).every((c) =>
      c.values.some((v) => !isUnknown(v) && c.base === 'StringLike' && subSpansNamespaces(v)),
    );
    if (wide)
      out.push({
        severity: 'high',
        text: `${key('sub')} is matched with a wildcard over namespaces (${sub.join(', ')}): any service account of ${clusterWords(model, claimPrefixOf(p)!)}, in any namespace, can assume it (whoever may run a pod there)`,
      });
  }
  const github = prefix === GITHUB_ISSUER;
  const shared = SHARED_ISSUERS[prefix];
  // a condition whose key or operator the inputs leave unknown may be the sub test
  const unpinned = sub ? undefined : unknownClause(st);
  if (!sub && unpinned)
    out.push({
      severity: 'high',
      text: `no ${key('sub')} condition the inputs pin down (a condition is not known: ${unpinned.text})${isEksIssuer(prefix) ? `: if it tests no sub, any service account of ${clusterWords(model, claimPrefixOf(p)!)} can assume it` : ''}`,
      reason: unpinned,
    });
  else if (!sub)
    out.push({
      severity: 'high',
      text: github
        ? `no ${key('sub')} condition: the workflows of any GitHub repository can assume it`
        : isEksIssuer(prefix)
          ? `no ${key('sub')} condition: any service account of ${clusterWords(model, claimPrefixOf(p)!)}, in any namespace, can assume it (whoever may run a pod there)`
          : `no ${key('sub')} condition: any subject the provider issues a token for`,
    });
  else if (shared) {
    const wide = tenantWildcards(st, key('sub'), shared.tenant);
    if (wide.length) {
      const anyOwner = wide.some((v) => tenantWildcard(v, shared.tenant) === 'owner');
      out.push({
        severity: anyOwner ? 'high' : 'medium',
        text: `${key('sub')} is matched with a wildcard over ${shared.over} (${wide.join(', ')}): ${anyOwner ? shared.anyOwner : shared.sameOwner} can assume it`,
      });
    }
  }
  if (!pinned(st, key('aud')))
    out.push({
      severity: 'medium',
      text: `no ${key('aud')} condition: tokens issued for any audience (client) of the provider`,
    });
  return out;
}

/**
 * The federated principals a trust statement names (OIDC / SAML providers, well-known names); for
 * a statement that lets any principal in (`"Principal": "*"`), every identity provider the role's
 * account may have: the well-known web identity providers, the account's providers in the model
 * and a stand-in OIDC and SAML provider of it (as who-can's candidates, analysis/principals.ts).
 * The engine then says which of them the statement lets in.
 */
function federatedPrincipals(st: Statement, role: Role, model: Model): string[] {
  const named = (st.principal?.federated?.values ?? []).filter(
    (v): v is string => typeof v === 'string' && federationKindOf(v) !== undefined,
  );
  if (!st.principal?.wildcard) return named;
  const ofAccount = model.identityProviders.flatMap((p) =>
    p.account === role.account && typeof p.arn === 'string' ? [p.arn] : [],
  );
  return [
    ...new Set([
      ...named,
      ...WELL_KNOWN_WEB_IDENTITY,
      ...ofAccount,
      ...standInProviders(model.partition, role.account),
    ]),
  ];
}

/** Review findings for the role trusts of the model behind `engine` (see the module comment). */
export function weakFederatedTrusts(
  engine: Engine,
  roles: readonly Role[] = engine.model.roles,
): RiskFinding[] {
  const out: RiskFinding[] = [];
  for (const role of roles) {
    const trust = role.trustPolicy;
    if (!trust || trust.unknown) continue;
    for (const st of trust.statements) {
      if (st.effect !== 'Allow' || st.unknown) continue;
      for (const p of federatedPrincipals(st, role, engine.model)) {
        const weak = weaknessesOf(st, p, role, engine);
        if (!weak.length) continue;
        const action =
          federationKindOf(p) === 'saml' ? 'sts:AssumeRoleWithSAML' : 'sts:AssumeRoleWithWebIdentity';
        const d = decideAnyContext(engine, { principal: p, action, resource: role.arn }, WITH_REASONS);
        if (d.access === 'deny') continue;
        const grants: StatementRef[] = d.grants.filter(
          (g) => g.statement === undefined || g.stage === 'trust',
        );
        // a trust the caller might not get through (an unknown value decides it) says so, and
        // why; so does a weakness that depends on such a value (an identity pool id)
        const unknowns = weak.flatMap((w) => (w.reason ? [w.reason] : []));
        const access = unknowns.length ? 'indeterminate' : d.access;
        const reasons = unknowns.length ? [...(d.reasons ?? []), ...unknowns] : d.reasons;
        const open =
          d.access === 'indeterminate'
            ? ` (indeterminate: ${(d.reasons ?? []).map(reasonLine).join('; ')})`
            : '';
        const sure = weak.some((w) => w.severity === 'high')
          ? 'high'
          : weak.some((w) => w.severity === 'medium')
            ? 'medium'
            : 'low';
        out.push({
          kind: 'weak-federated-trust',
          // a trust decision left undecided: one step lower (risk-severity.ts
          // `indeterminateSeverity`); a weakness that depends on an unknown (cognito-guests.ts)
          // states its severity for that already
          severity: d.access === 'indeterminate' ? indeterminateSeverity(sure, false) : sure,
          subject: role.arn,
          message: `role ${role.name} trusts ${p} (${action}) with ${weak.map((w) => w.text).join('; ')}${open}`,
          statements: grants.length ? grants : d.grants,
          ...indeterminateField(access, reasons, {
            text: `${p} entering role ${role.name} depends on what the inputs do not pin down`,
            source: st.source ?? role.source,
          }),
        });
      }
    }
  }
  return [...out, ...podIdentityWeakTrusts(engine, roles)];
}

/**
 * Whether the trust of `role` lets every user of federated principal `caller` in: an Allow
 * statement naming it has a high weakness the inputs pin down (no `sub`, a `sub` wildcard over
 * the owners of a shared issuer, Cognito without `aud`: `weaknessesOf`) and tests nothing but the
 * provider's own claims (`PREFIX:KEY`), which say which of its users may enter while the weakness
 * says any may; and no Deny's condition limits the entry (`conditions`, its entry's, each a
 * Deny's by what the engine reports of it, `facts`: `ConditionFacts.deny`, never the words; a
 * condition of no facts may be a Deny's). Read by risk-outside-escalation.ts, which weighs such an
 * entry as allowed.
 */
export function opensToAnyone(
  engine: Engine,
  role: Role,
  caller: string,
  conditions: readonly string[],
  facts: readonly ConditionFacts[],
): boolean {
  const prefix = claimPrefixOf(caller)?.toLowerCase();
  const trust = role.trustPolicy;
  if (prefix === undefined || !trust || trust.unknown) return false;
  const denies = (c: string) => {
    const f = facts.find((x) => x.text === c);
    return !f || f.deny === true;
  };
  if (conditions.some(denies)) return false;
  return trust.statements.some(
    (st) =>
      st.effect === 'Allow' &&
      !st.unknown &&
      st.conditions.every((c) => c.key.toLowerCase().startsWith(`${prefix}:`)) &&
      federatedPrincipals(st, role, engine.model).includes(caller) &&
      weaknessesOf(st, caller, role, engine).some((w) => w.severity === 'high' && !w.reason),
  );
}

/** A way in from outside AWS: a federated principal that can assume a role, with the statements. */
export interface FederatedEntryPoint extends FederatedEntry {
  grants: StatementRef[];
}

/**
 * Every role of `roles` a federated principal its trust names can assume (AssumeRoleWithWebIdentity
 * / AssumeRoleWithSAML not denied under some context), with the conditions: the ways in from
 * outside AWS that the review and `matrix` list.
 */
export function listFederatedEntryPoints(
  engine: Engine,
  roles: readonly Role[] = engine.model.roles,
): FederatedEntryPoint[] {
  return entryPointGroups(engine, roles).flatMap((g) => [g.entry, ...g.pools]);
}

/**
 * The entry points by trust principal: each federated principal's entry into a role, with, for
 * `cognito-identity.amazonaws.com`, the entries of the identity pools of the inputs the same
 * trust lets in (their guests, their signed-in users: `poolEntryPoints`).
 */
function entryPointGroups(
  engine: Engine,
  roles: readonly Role[],
): { entry: FederatedEntryPoint; pools: FederatedEntryPoint[] }[] {
  const out: { entry: FederatedEntryPoint; pools: FederatedEntryPoint[] }[] = [];
  const pools = poolCallers(engine.model);
  for (const role of roles) {
    const trust = role.trustPolicy;
    if (!trust || trust.unknown) continue;
    const seen = new Set<string>();
    for (const st of trust.statements)
      for (const p of federatedPrincipals(st, role, engine.model)) {
        if (seen.has(p)) continue;
        seen.add(p);
        const action =
          federationKindOf(p) === 'saml' ? 'sts:AssumeRoleWithSAML' : 'sts:AssumeRoleWithWebIdentity';
        const d = decideAnyContext(engine, { principal: p, action, resource: role.arn }, WITH_REASONS);
        if (d.access === 'deny') continue;
        const irsa = irsaCallers(engine.model, role, p);
        const entry: FederatedEntryPoint = withEntryFacts(
          {
            caller: p,
            callerLabel: irsa ? `${irsa} (${describeFederated(p)})` : describeFederated(p),
            role: role.arn,
            roleName: role.name,
            action,
            access: d.access,
            conditions: d.conditions,
            ...(d.reasons ? { reasons: d.reasons } : {}),
            grants: d.grants,
          },
          d.conditionFacts,
        );
        out.push({ entry, pools: p === COGNITO ? poolEntryPoints(engine, role, pools) : [] });
      }
  }
  return [...out, ...podIdentityEntryPoints(engine, roles).map((entry) => ({ entry, pools: [] }))];
}

/**
 * Who of the identity pools of the inputs can assume `role` (their guests, their signed-in
 * users), in words, each with its access when it is not certain: what who-can says of a Cognito
 * caller's path into the role.
 */
export function cognitoCallersOf(engine: Engine, role: Role): string[] {
  return poolEntryPoints(engine, role, poolCallers(engine.model)).map(
    (e) => `${e.callerLabel}${e.access === 'allow' ? '' : ` (${e.access})`}`,
  );
}

/**
 * The entry points of the identity pools of the inputs into `role`: each pool's guests and
 * signed-in users the trust lets in, decided with the pool's `aud` and `amr`, when the pool's
 * flow can hand them the role (src/aws/cognito-identity-pools.ts `guestReach`, `userReach`, whose
 * reason is a condition of the entry when it is not certain).
 */
function poolEntryPoints(engine: Engine, role: Role, pools: readonly PoolCaller[]): FederatedEntryPoint[] {
  const out: FederatedEntryPoint[] = [];
  const action = 'sts:AssumeRoleWithWebIdentity';
  const named = poolsNamedBy(role);
  for (const pc of pools) {
    if (named !== 'any' && !named.has(pc.pool.id)) continue;
    const reach = (pc.guest ? guestReach : userReach)(engine.model, pc.pool, role.arn);
    if (reach.reach === 'no') continue;
    const request = { principal: COGNITO, action, resource: role.arn, context: pc.context };
    // The pool's flow is weighed here, as a condition of the entry (not joined again).
    const d = decideByPolicies(engine, request, WITH_REASONS);
    if (d.access === 'deny') continue;
    const flow = reach.reach === 'maybe' ? [`the identity pool hands it the role (${reach.why})`] : [];
    // The flow is about no context key: its facts have none (a real condition, risk-severity.ts).
    const facts = [...(d.conditionFacts ?? []), ...flow.map((text) => ({ text, keys: [], absent: false }))];
    out.push(
      withEntryFacts(
        {
          caller: COGNITO,
          callerLabel: pc.label,
          role: role.arn,
          roleName: role.name,
          action,
          access: flow.length && d.access === 'allow' ? 'conditional' : d.access,
          conditions: [...d.conditions, ...flow],
          ...(d.reasons ? { reasons: d.reasons } : {}),
          grants: d.grants,
        },
        facts,
      ),
    );
  }
  return out;
}

/** An entry point's decision says why it is indeterminate, when it is (decision-reasons.ts). */
const WITH_REASONS = Object.freeze({ reasons: true });

/**
 * The labels of the roles of a listing of entry points: `role NAME`, or, for a name two roles of
 * the listing share (one per account or Region), `role NAME (account A)` (src/model/same-names.ts).
 */
export function entryPointRoleLabeller(entries: readonly FederatedEntry[]): (e: FederatedEntry) => string {
  const names = new Map(entries.map((e) => [e.role, e.roleName]));
  const label = sameNameLabeller(names.keys(), (arn) => names.get(arn) ?? arn);
  return (e) => `role ${names.has(e.role) ? label(e.role) : e.roleName}`;
}

/**
 * One line for an entry point: `X can assume role R (action, access) when ...` (`roleLabel`: the
 * role as the listing labels it, `entryPointRoleLabeller`), and for an indeterminate one why
 * (`; why: REASON; ...`, each reason worded by `reasonLine`).
 */
export function entryPointText(e: FederatedEntry, roleLabel = `role ${e.roleName}`): string {
  const when = e.conditions.length ? ` when ${e.conditions.join('; ')}` : ' (no condition)';
  const why = e.reasons?.length ? `; why: ${e.reasons.map(reasonLine).join('; ')}` : '';
  return `${e.callerLabel} can assume ${roleLabel} (${e.action}, ${e.access})${when}${why}`;
}

/**
 * The entry points as review findings (severity low: information, not a defect): one per trust
 * principal and role. A Cognito trust's entries of the identity pools of the inputs (guests,
 * signed-in users) are part of its finding (`callers`, and its message after `: through `),
 * not findings of their own: one trust, one finding, naming every way in it allows.
 */
export function federatedEntryPoints(
  engine: Engine,
  roles: readonly Role[] = engine.model.roles,
): RiskFinding[] {
  const groups = entryPointGroups(engine, roles);
  const roleLabel = entryPointRoleLabeller(groups.flatMap((g) => [g.entry, ...g.pools]));
  return groups.map(({ entry: withGrants, pools }) => {
    const { grants, ...plain } = withGrants;
    // the entry without its grants, still with what its conditions are about (entry-condition-facts.ts)
    const entry = withEntryFacts(plain, entryConditionFacts(withGrants));
    const callers = pools.map(({ grants: _, ...c }) => c);
    const through = callers.length
      ? `; through the identity pools of the inputs: ${callers.map((c) => entryPointText(c, roleLabel(c))).join('; ')}`
      : '';
    // undecided when the trust's entry is, else when a pool's is (its reasons)
    const open = entry.access === 'indeterminate' ? entry : callers.find((c) => c.access === 'indeterminate');
    return {
      kind: 'federated-entry-point',
      severity: 'low',
      subject: entry.role,
      message: `${entryPointText(entry, roleLabel(entry))}${through}`,
      statements: mergeStatementRefs(grants, ...pools.map((p) => p.grants)),
      entry,
      ...(callers.length ? { callers } : {}),
      ...indeterminateField(open?.access ?? entry.access, open?.reasons, {
        text: `${(open ?? entry).callerLabel} entering role ${entry.roleName} depends on what the inputs do not pin down`,
        source: grants.find((g) => g.source)?.source,
      }),
    };
  });
}

/**
 * The entry points of federated-entry-point findings (of a run, or read back from an access
 * snapshot) into the roles among `columns` (resource ARNs), by role name and caller.
 */
export function entryPointsOfRisks(
  risks: readonly RiskFinding[],
  columns: ReadonlySet<string>,
): FederatedEntryPoint[] {
  return risks
    .flatMap((r) =>
      r.kind === 'federated-entry-point' && r.entry && columns.has(r.entry.role)
        ? [r.entry, ...(r.callers ?? [])].map((e) => ({ ...e, grants: r.statements }))
        : [],
    )
    .sort((a, b) => a.roleName.localeCompare(b.roleName) || a.caller.localeCompare(b.caller));
}
