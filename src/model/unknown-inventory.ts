// The inventory of what a model leaves unknown: every Unknown value of its policies (a whole
// document, a statement, an effect, an action, resource, principal or condition value) and of
// its elements (a principal, policy, attachment, membership, resource or OIDC / SAML identity
// provider that might not exist, an imported principal, an attachment whose policy ARN is unknown,
// a provider whose ARN, issuer, name or client ids are unknown or whose generated name a policy
// value may tell apart: `providerNameMatters`, an
// unknown tag value, except the
// tags the deployment decides (`deploymentTag`: one finding per stack explains them)), and of the
// services that hand roles to callers outside IAM (a Cognito identity pool's settings and role
// attachments, an EKS Pod Identity association's fields). Each
// distinct unknown (reason and source) that no finding already explains becomes one
// `model/unknown-value` warning at its source, so the one summary of what iamspec could not pin
// down lists it, and verdicts that depend on it can name it (finding-links.ts).

import type { Finding } from './finding.js';
import { findingsAbout } from './finding-links.js';
import { formatSource, type Source } from './source.js';
import { hasUnknownNamePart } from './stand-ins.js';
import {
  type IdentityProvider,
  isDeploymentTag,
  type Model,
  type PolicyAttachment,
  type Tags,
} from './types.js';
import { isUnknown, Unknown } from './unknown.js';
import type { PolicyDocument, Statement, ValueList } from '../policy/types.js';
import { compileArnPattern } from '../policy/wildcard.js';

/** Every Unknown of the model, each object once, in model order. */
export function modelUnknowns(model: Model): Unknown[] {
  const out: Unknown[] = [];
  const seen = new Set<Unknown>();
  const docs = new Set<PolicyDocument>();
  const add = (u: unknown) => {
    if (isUnknown(u) && !seen.has(u)) {
      seen.add(u);
      out.push(u);
    }
  };
  const list = (l: ValueList | undefined) => {
    if (l) for (const x of l.values) add(x);
  };
  const statement = (st: Statement) => {
    add(st.unknown);
    add(st.presence);
    add(st.effect);
    list(st.action);
    list(st.notAction);
    list(st.resource);
    list(st.notResource);
    for (const p of [st.principal, st.notPrincipal]) {
      if (!p) continue;
      list(p.aws);
      list(p.service);
      list(p.federated);
      list(p.canonicalUser);
    }
    for (const c of st.conditions) for (const x of c.values) add(x);
  };
  const doc = (d: PolicyDocument | undefined) => {
    if (!d || docs.has(d)) return;
    docs.add(d);
    add(d.unknown);
    add(d.presence);
    for (const st of d.statements) statement(st);
  };
  const attachment = (a: PolicyAttachment | undefined) => {
    if (!a) return;
    add(a.presence);
    add(a.policyArn);
  };
  const tags = (t: Tags) => {
    for (const x of Object.values(t)) if (!isDeploymentTag(x)) add(x);
  };
  for (const p of [...model.users, ...model.groups, ...model.roles]) {
    add(p.presence);
    add(p.imported);
    for (const ip of p.inlinePolicies) {
      add(ip.presence);
      doc(ip.document);
    }
    for (const a of p.managedPolicies) attachment(a);
    if (p.kind !== 'group') {
      attachment(p.permissionsBoundary);
      tags(p.tags);
    }
    if (p.kind === 'user') {
      for (const a of p.unknownGroups) attachment(a);
      for (const m of p.maybeGroups) add(m.presence);
    }
    if (p.kind === 'role') doc(p.trustPolicy);
  }
  for (const mp of model.policies) {
    add(mp.presence);
    doc(mp.document);
    if (mp.tags) tags(mp.tags);
  }
  for (const p of model.identityProviders) {
    add(p.presence);
    add(p.arn);
    add(p.name);
    for (const c of p.clientIds) add(c);
    if (p.tags) tags(p.tags);
    if (providerNameMatters(model, p)) add(generatedProviderArn(p));
  }
  for (const r of model.resources) {
    add(r.presence);
    tags(r.tags);
    doc(r.policy);
  }
  for (const o of model.organizations) for (const d of [...o.scps, ...o.rcps]) doc(d);
  for (const t of model.unknownTargets) add(t.reason);
  for (const pool of model.cognitoIdentityPools ?? []) {
    add(pool.presence);
    add(pool.name);
    add(pool.allowUnauthenticated);
    add(pool.allowClassicFlow);
    for (const p of pool.providers) add(p);
  }
  for (const a of model.cognitoPoolRoles ?? []) {
    add(a.presence);
    add(a.pool);
    add(a.authenticated);
    add(a.unauthenticated);
    for (const r of a.mapped) add(r);
  }
  for (const a of model.podIdentityAssociations ?? []) {
    add(a.presence);
    add(a.cluster);
    add(a.namespace);
    add(a.serviceAccount);
    add(a.role);
  }
  for (const m of model.apiMethods ?? []) {
    add(m.presence);
    add(m.privateEndpoint);
    add(m.route);
    add(m.authorization);
    add(m.integration);
    if (m.integration && !isUnknown(m.integration)) {
      add(m.integration.type);
      add(m.integration.uri);
      add(m.integration.subtype);
      add(m.integration.credentials);
      add(m.integration.passthroughBehavior);
      for (const map of [m.integration.requestParameters, m.integration.requestTemplates]) {
        add(map);
        if (map && !isUnknown(map)) for (const v of Object.values(map)) add(v);
      }
    }
  }
  return out;
}

/** Two names an unknown part may be (IAM API Reference, CreateSAMLProvider, Name: `[\w._-]+`). */
const SAMPLE_NAMES = ['a', 'Zq9_x.y-w'] as const;
const UNKNOWN_PART = /\(unknown-[^)]*\)/g;

/** The string values of the model's policies (principals, resources, condition values), once per model. */
const policyValues = new WeakMap<Model, readonly string[]>();

function valuesOfPolicies(model: Model): readonly string[] {
  let out = policyValues.get(model);
  if (out) return out;
  const values = new Set<string>();
  const list = (l: ValueList | undefined) => {
    if (l) for (const x of l.values) if (typeof x === 'string') values.add(x);
  };
  const doc = (d: PolicyDocument | undefined) => {
    for (const st of d?.statements ?? []) {
      list(st.resource);
      list(st.notResource);
      for (const pr of [st.principal, st.notPrincipal]) {
        list(pr?.aws);
        list(pr?.federated);
      }
      for (const c of st.conditions) for (const x of c.values) if (typeof x === 'string') values.add(x);
    }
  };
  for (const p of [...model.users, ...model.groups, ...model.roles]) {
    for (const ip of p.inlinePolicies) doc(ip.document);
    if (p.kind === 'role') doc(p.trustPolicy);
  }
  for (const mp of model.policies) doc(mp.document);
  for (const r of model.resources) doc(r.policy);
  for (const o of model.organizations) for (const d of [...o.scps, ...o.rcps]) doc(d);
  out = [...values];
  policyValues.set(model, out);
  return out;
}

/**
 * Whether a policy value of the model may tell apart the names a provider whose ARN holds an
 * unknown part may have: a value other than the provider's own ARN (a trust naming it by `Ref` /
 * `.arn` writes that very ARN, the same unknown part, so it names it whatever the name) that
 * matches the ARN under one name and not under another (`saml-provider/corp`, `saml-provider/a*`;
 * `*` or `saml-provider/*` names every name). A value not known (an Unknown) is its own warning.
 */
function providerNameMatters(model: Model, p: IdentityProvider): boolean {
  if (typeof p.arn !== 'string' || !hasUnknownNamePart(p.arn)) return false;
  const arn = p.arn;
  const named = (name: string) => arn.replace(UNKNOWN_PART, name);
  // the ARN with each unknown part any run: matched by a value that may be one of its names
  const anyName = compileArnPattern(arn.replace(UNKNOWN_PART, '*'));
  return valuesOfPolicies(model).some((v) => {
    if (v === arn) return false;
    const [a, b] = SAMPLE_NAMES.map((name) =>
      compileArnPattern(v.replace(UNKNOWN_PART, name)).test(named(name)),
    );
    if (a && b) return false; // names every name (`*`, `saml-provider/*`)
    // some name: a sample, or the value with its wildcards taken as short as they may be
    return a || b || anyName.test(v.replace(UNKNOWN_PART, 'a').replaceAll('*', '').replaceAll('?', 'x'));
  });
}

const generatedArns = new WeakMap<IdentityProvider, Unknown>();

/**
 * For an identity provider whose ARN holds a part the inputs leave open (a name CloudFormation
 * generates, IAM Identity Center's `AWSSSO_…_DO_NOT_DELETE` provider), why: a trust policy naming a
 * provider by ARN may or may not name it. One object per provider, so the inventory lists it once.
 */
function generatedProviderArn(p: IdentityProvider): Unknown | undefined {
  if (typeof p.arn !== 'string' || !hasUnknownNamePart(p.arn)) return undefined;
  let u = generatedArns.get(p);
  if (!u) {
    u = new Unknown(
      `the ARN of the ${p.kind === 'oidc' ? 'OIDC' : 'SAML'} identity provider ${p.arn} is known only after deployment (its (unknown-…) part is a name the inputs do not pin down), so whether a trust policy naming a provider by ARN names it is unknown`,
      p.source,
    );
    generatedArns.set(p, u);
  }
  return u;
}

/**
 * Whether a finding of `findings` explains the unknown at `source`: one about the same element
 * (finding-links.ts), but not one about a part inside the unknown's location (a CanonicalUser
 * warning on grant 1 of an ACL does not explain the ACL's e-mail grantee: each distinct reason
 * of an element is listed).
 */
function explained(findings: readonly Finding[], source: Source): boolean {
  return findingsAbout(findings, [source]).some((f) => !strictlyInside(f.source!, source));
}

/** `inner`'s JSON pointer is strictly inside `outer`'s, in the same file. */
function strictlyInside(inner: Source, outer: Source): boolean {
  return (
    inner.file === outer.file &&
    !!inner.pointer &&
    !!outer.pointer &&
    inner.pointer.startsWith(`${outer.pointer}/`)
  );
}

/**
 * One `model/unknown-value` warning per distinct unknown (reason and source) of the model that
 * no finding of `findings` already explains.
 */
export function unknownValueFindings(model: Model, findings: readonly Finding[] = model.findings): Finding[] {
  const out: Finding[] = [];
  const keys = new Set<string>();
  for (const u of modelUnknowns(model)) {
    const key = `${u.reason}\0${formatSource(u.source)}`;
    if (keys.has(key)) continue;
    keys.add(key);
    if (u.source && explained(findings, u.source)) continue;
    out.push({
      code: 'model/unknown-value',
      severity: 'warning',
      message: u.reason,
      ...(u.source ? { source: u.source } : {}),
    });
  }
  return out;
}
