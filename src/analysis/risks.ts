// The access review's risk summary: grants reviewers worry about, each with the statements that
// cause it. Owns `reviewRisks`. Findings:
// - admin-equivalent: a principal allowed, unconditionally, a set of probe requests across
//   services (IAM, S3, EC2, KMS, DynamoDB, Lambda, CloudTrail) on resources it was never given
//   by name (what `"Action": "*", "Resource": "*"`, e.g. AdministratorAccess, grants);
// - wildcard-action / wildcard-resource: Allow statements of a principal's identity policies
//   with `*` or `service:*` in Action (or NotAction; a suffix wildcard such as `s3:GetObject*`
//   only on every resource) / Resource `*` (or NotResource), effective: a statement the
//   principal's permissions boundary, SCPs and unconditional Denies leave nothing of is no
//   finding, one they narrow says it is capped; an administrator-equivalent principal has no
//   wildcard findings (its administrator finding says it all);
// - public-access: a resource (or role trust) policy that lets anyone in (anonymous callers or an
//   unnamed account, as `"Principal": "*"` does): high whatever transport condition it has (a
//   TLS-only Deny limits how, not who), low under another condition, medium when indeterminate;
// - cross-account-access: resource or trust policies that let principals of an account outside
//   the model in (medium, also under a transport condition);
// - passrole-wildcard: iam:PassRole on any role of the account (Resource `*`);
// - privilege-escalation: permissions that let a principal raise its own privileges, following
//   the escalation methods catalogued by Rhino Security Labs, "AWS IAM Privilege Escalation –
//   Methods and Mitigation" (https://rhinosecuritylabs.com/aws/aws-privilege-escalation-methods-mitigation/):
//   rewriting or attaching its own policies, joining groups, taking over other users' keys or
//   passwords, rewriting trust policies, and passing a role to new compute it controls
//   (EC2, Lambda, Glue, CloudFormation, Data Pipeline).
// - weak-federated-trust: role trusts that let an OIDC / SAML provider's users in without the
//   conditions that say which, and federated-entry-point: every role a federated caller can
//   assume, with its conditions (information; federated-trust.ts).
// Every finding comes from engine decisions under a free request context (the statements are
// the decisions' grants), so Deny statements, boundaries, SCPs and RCPs are taken into account.

import type { Engine } from '../engine/engine.js';
import type { CompiledPolicy, CompiledStatement } from '../engine/compile-policy.js';
import type { PolicySets } from '../engine/policy-sets.js';
import { matchActions } from '../catalog/index.js';
import { NO, YES } from '../engine/tri.js';
import type { Request } from '../engine/types.js';
import { parseArn } from '../model/arns.js';
import type { Group, Role, User } from '../model/types.js';
import { compileArnPattern, type Matcher } from '../policy/wildcard.js';
import { isUnknown } from '../model/unknown.js';
import { anyPrincipalArn, PLACEHOLDER_REGION, PROBE_NAME, unnamedAccount } from '../model/stand-ins.js';
import { accessRank, identitiesOf, mergeStatementRefs, trustedServices } from './chains.js';
import { federatedEntryPoints, weakFederatedTrusts } from './federated-trust.js';
import { ESCALATION_METHODS, type EscalationMethod, type EscalationStep } from './escalation-methods.js';
import { decideAnyContext } from './free-decision.js';
import { buildMatrix } from './matrix/build.js';
import { candidatePrincipals } from './principals.js';
import type { Access, FreeDecision, Matrix, RiskFinding, StatementRef } from './types.js';

/** Resource names no model element has: "a resource it was never given by name". */
const ANY = PROBE_NAME;

interface Probe {
  action: string;
  resource: string;
}

/** The admin probes for a principal of `account` (see the module comment). */
export function adminProbes(partition: string, account: string, region: string): Probe[] {
  const a = `arn:${partition}`;
  return [
    { action: 'iam:CreateUser', resource: `${a}:iam::${account}:user/${ANY}-user` },
    { action: 'iam:AttachRolePolicy', resource: `${a}:iam::${account}:role/${ANY}-role` },
    { action: 'iam:PutUserPolicy', resource: `${a}:iam::${account}:user/${ANY}-user` },
    { action: 's3:GetObject', resource: `${a}:s3:::${ANY}-bucket/${ANY}-object` },
    { action: 's3:PutBucketPolicy', resource: `${a}:s3:::${ANY}-bucket` },
    { action: 'ec2:TerminateInstances', resource: `${a}:ec2:${region}:${account}:instance/i-0${ANY}` },
    // kms:CreateKey, not kms:Decrypt on some key: access to a key outside the inputs depends on
    // its key policy, which the inputs do not show (engine: indeterminate).
    { action: 'kms:CreateKey', resource: '*' },
    { action: 'dynamodb:DeleteTable', resource: `${a}:dynamodb:${region}:${account}:table/${ANY}-table` },
    { action: 'lambda:UpdateFunctionCode', resource: `${a}:lambda:${region}:${account}:function:${ANY}-fn` },
    { action: 'cloudtrail:StopLogging', resource: `${a}:cloudtrail:${region}:${account}:trail/${ANY}-trail` },
  ];
}

/**
 * Administrator equivalence of a principal ARN of the model, by the admin probes: `deny` when a
 * probe is denied, else the worst probe access (for escalation checks: does a path end in admin?).
 */
export function adminEquivalence(engine: Engine): (arn: string) => Access {
  const model = engine.model;
  const cache = new Map<string, Access>();
  return (arn) => {
    let a = cache.get(arn);
    if (a) return a;
    const account = parseArn(arn)?.account || model.accounts[0]?.id || '';
    const region =
      model.accounts.find((x) => x.id === account)?.region ??
      model.accounts.find((x) => x.region)?.region ??
      PLACEHOLDER_REGION;
    a = worst(
      adminProbes(model.partition, account, region).map(
        (probe) => decideAnyContext(engine, { principal: arn, ...probe }).access,
      ),
    );
    cache.set(arn, a);
    return a;
  };
}

export interface ReviewOptions {
  /** Longest list of actions or targets a message names before "and N more" (default 6). */
  listLimit?: number;
  /**
   * Review only these users and roles (ARNs) for principal findings; resource findings (public,
   * cross-account) still cover every resource and role. Used by the access diff, which reviews
   * again only the principals whose inputs changed.
   */
  principals?: readonly string[];
}

/**
 * Reviews the model behind `engine`. With `matrix`, principal findings (admin-equivalent,
 * wildcards, PassRole, escalation) cover the matrix's user and role rows; without, every model
 * user and role. Resource findings (public, cross-account) cover every model resource and role.
 * Order: by kind as listed in the module comment, then by subject as the model lists it.
 */
export function reviewRisks(engine: Engine, matrix?: Matrix, options: ReviewOptions = {}): RiskFinding[] {
  const model = engine.model;
  const limit = options.listLimit ?? 6;
  const users = new Map(model.users.map((u) => [u.arn, u]));
  const roles = new Map(model.roles.map((r) => [r.arn, r]));
  const only = options.principals ? new Set(options.principals) : undefined;
  const subjects: (User | Role)[] = (
    matrix
      ? matrix.principals
          .map((p) => users.get(p.arn) ?? roles.get(p.arn))
          .filter((x): x is User | Role => x !== undefined)
      : [...model.users, ...model.roles]
  ).filter((p) => !only || only.has(p.arn));
  const region = (account: string) =>
    model.accounts.find((a) => a.id === account)?.region ??
    model.accounts.find((a) => a.region)?.region ??
    PLACEHOLDER_REGION;
  const sets = identitiesOf(engine).sets;
  const ctx = reviewContext(engine);
  const scpCache = new Map<string, CompiledPolicy[]>();
  const scpsOf = (account: string): CompiledPolicy[] => {
    let hit = scpCache.get(account);
    if (!hit) {
      hit = engine
        .scpsOf(account)
        .filter((c) => c.unknown || c.statements.some((st) => st.effect !== 'Deny'));
      scpCache.set(account, hit);
    }
    return hit;
  };

  const admin: RiskFinding[] = [];
  const wildcardAction: RiskFinding[] = [];
  const wildcardResource: RiskFinding[] = [];
  const passRole: RiskFinding[] = [];
  const escalation: RiskFinding[] = [];
  const admins = new Set<string>();

  for (const p of subjects) {
    const label = `${p.kind} ${p.name}`;
    // Admin-equivalent.
    const probes = adminProbes(model.partition, p.account, region(p.account)).map((probe) =>
      decideAnyContext(engine, { principal: p.arn, ...probe }),
    );
    const access = worst(probes.map((d) => d.access));
    if (access === 'allow' || access === 'conditional') {
      admins.add(p.arn);
      admin.push({
        kind: 'admin-equivalent',
        severity: access === 'allow' ? 'high' : 'medium',
        subject: p.arn,
        message:
          access === 'allow'
            ? `${label} is administrator-equivalent: it may perform any action on any resource (IAM, S3, EC2, KMS, DynamoDB, Lambda and CloudTrail probes on resources it was never given by name are all allowed)`
            : `${label} is administrator-equivalent under conditions: ${unique(probes.flatMap((d) => d.conditions)).join('; ')}`,
        statements: mergeStatementRefs(...probes.map((d) => d.grants)),
      });
    } else if (access === 'indeterminate') {
      // Every probe allowed or undecided (a principal or policy that might not exist, a value
      // known only after deploy): reported, never left out.
      admin.push({
        kind: 'admin-equivalent',
        severity: 'medium',
        subject: p.arn,
        message: `${label} might be administrator-equivalent: no probe is denied and some depend on what the inputs do not pin down${p.presence ? ` (${label} might not exist: ${p.presence.reason})` : ''}`,
        statements: mergeStatementRefs(...probes.map((d) => d.grants)),
      });
    }

    // Administrator access implies every wildcard: one finding says it.
    if (!admins.has(p.arn)) {
      const w = wildcardFindings(p, sets, scpsOf(p.account), limit);
      wildcardAction.push(...w.action);
      wildcardResource.push(...w.resource);
    }

    if (admins.has(p.arn)) continue; // everything below is implied by administrator access

    // iam:PassRole on any role.
    const pass = decideAnyContext(engine, {
      principal: p.arn,
      action: 'iam:PassRole',
      resource: `arn:${model.partition}:iam::${p.account}:role/${ANY}-role`,
    });
    if (pass.access !== 'deny')
      passRole.push({
        kind: 'passrole-wildcard',
        severity: pass.access === 'allow' ? 'high' : 'medium',
        subject: p.arn,
        message: `${label} may pass any role of account ${p.account} to a service (iam:PassRole on every role)${conditionText(pass)}`,
        statements: pass.grants,
      });

    escalation.push(...escalationsOf(engine, ctx, sets, p, region(p.account), limit));
  }

  const resourceFindings = externalAccess(engine, limit);
  const byKind: Record<RiskFinding['kind'], RiskFinding[]> = {
    'admin-equivalent': admin,
    'wildcard-action': wildcardAction,
    'wildcard-resource': wildcardResource,
    'public-access': resourceFindings.public,
    'cross-account-access': resourceFindings.crossAccount,
    'weak-federated-trust': weakFederatedTrusts(engine),
    'federated-entry-point': federatedEntryPoints(engine),
    'passrole-wildcard': passRole,
    'privilege-escalation': escalation,
  };
  return RISK_KIND_ORDER.flatMap((kind) => byKind[kind]);
}

/**
 * The order of `reviewRisks`'s findings, by kind (within a kind: by principal in matrix row
 * order, or by resource). The merge of matrix shards (matrix/shards.ts) keeps it.
 */
export const RISK_KIND_ORDER: readonly RiskFinding['kind'][] = [
  'admin-equivalent',
  'wildcard-action',
  'wildcard-resource',
  'public-access',
  'cross-account-access',
  'weak-federated-trust',
  'federated-entry-point',
  'passrole-wildcard',
  'privilege-escalation',
];

// ---------------------------------------------------------------------------------------
// Wildcards, effective: what the principal's permissions boundary, its account's SCPs and its
// unconditional identity Denies leave of a wildcard statement. `*` (high) and `service:*`
// (medium) are wildcards; a suffix wildcard (`s3:GetObject*`, `s3:List*`, what CDK's grant
// methods write) is one only on every resource (low): on named resources it is a grant of a
// few related actions. A statement whose wildcard the caps leave nothing of is no finding; one
// they narrow says it is capped.

/** Unconditional Denies on every resource of the principal's identity policies. */
function sureDenies(policies: readonly CompiledPolicy[]): CompiledStatement[] {
  return policies.flatMap((pol) =>
    pol.statements.filter(
      (st) =>
        st.effect === 'Deny' &&
        !st.presence &&
        !st.unknown &&
        st.statement.conditions.length === 0 &&
        !st.statement.notResource &&
        (st.statement.resource?.values ?? []).some((v) => v === '*'),
    ),
  );
}

function couldAllow(p: CompiledPolicy, lower: string): boolean {
  if (p.unknown || p.presence) return true;
  return p.statements.some((st) => st.effect !== 'Deny' && st.matchAction(lower) !== NO);
}

interface Effective {
  total: number;
  left: number;
  /** What capped it: `the permissions boundary X`, `the SCPs`, `Deny statements`. */
  cappedBy: string[];
}

function effectiveOf(
  patterns: string[],
  caps: { name: string; policy: CompiledPolicy }[],
  denies: CompiledStatement[],
): Effective {
  const names = new Set<string>();
  for (const v of patterns) for (const a of matchActions(v)) names.add(a.name.toLowerCase());
  const cappedBy = new Set<string>();
  let left = 0;
  for (const lower of names) {
    const cap = caps.find((c) => !couldAllow(c.policy, lower));
    if (cap) {
      cappedBy.add(cap.name);
      continue;
    }
    if (denies.some((d) => d.matchAction(lower) === YES)) {
      cappedBy.add('Deny statements');
      continue;
    }
    left++;
  }
  return { total: names.size, left, cappedBy: [...cappedBy] };
}

function cappedText(e: Effective): string {
  if (e.left === e.total) return '';
  return ` (capped by ${e.cappedBy.join(' and ')}: ${e.left} of its ${e.total} actions remain)`;
}

function wildcardFindings(
  p: User | Role,
  sets: PolicySets,
  scps: CompiledPolicy[],
  limit: number,
): { action: RiskFinding[]; resource: RiskFinding[] } {
  const label = `${p.kind} ${p.name}`;
  const policies = sets.identityOf(p).policies;
  const boundary = sets.boundaryOf(p);
  const caps = [
    ...(boundary
      ? [{ name: `the permissions boundary ${boundary.name.split(' (')[0]}`, policy: boundary }]
      : []),
    ...scps.map((policy) => ({ name: 'the SCPs', policy })),
  ];
  const denies = sureDenies(policies);
  const actionHits: { ref: StatementRef; text: string; severity: RiskFinding['severity'] }[] = [];
  const resourceHits: { ref: StatementRef; text: string }[] = [];
  for (const pol of policies) {
    for (const st of pol.statements) {
      if (st.effect !== 'Allow') continue;
      const s = st.statement;
      const ref: StatementRef = {
        stage: 'identity',
        policy: pol.name,
        statement: st.label,
        effect: 'Allow',
        source: st.source,
      };
      const where = `${pol.name} ${st.label}`;
      const anyResource = !!s.notResource || !!s.resource?.values.some((v) => v === '*');
      const actions = (s.action?.values ?? []).filter((v): v is string => typeof v === 'string');
      const effective = s.notAction ? undefined : effectiveOf(actions, caps, denies);
      if (effective && effective.total > 0 && effective.left === 0) continue; // capped away
      if (s.notAction) actionHits.push({ ref, text: `NotAction in ${where}`, severity: 'high' });
      else {
        const full = actions.filter((v) => v === '*' || /^[^:*?]+:\*$/.test(v));
        const suffix = actions.filter((v) => !full.includes(v) && /[*?]/.test(v));
        const flagged = [...full, ...(anyResource ? suffix : [])];
        if (flagged.length) {
          const severity = full.includes('*') ? 'high' : full.length ? 'medium' : 'low';
          actionHits.push({
            ref,
            text: `${flagged.map((v) => `"${v}"`).join(', ')} in ${where}${cappedText(effective!)}`,
            severity,
          });
        }
      }
      if (s.notResource) resourceHits.push({ ref, text: `NotResource in ${where}` });
      else if (anyResource)
        resourceHits.push({ ref, text: `Resource "*" in ${where}${effective ? cappedText(effective) : ''}` });
    }
  }
  const action: RiskFinding[] = actionHits.length
    ? [
        {
          kind: 'wildcard-action',
          severity: maxSeverity(actionHits.map((h) => h.severity)),
          subject: p.arn,
          message: `${label} is allowed wildcard actions: ${listed(
            actionHits.map((h) => h.text),
            limit,
          )}`,
          statements: mergeStatementRefs(actionHits.map((h) => h.ref)),
        },
      ]
    : [];
  const resource: RiskFinding[] = resourceHits.length
    ? [
        {
          kind: 'wildcard-resource',
          severity: 'medium',
          subject: p.arn,
          message: `${label} has Allow statements on every resource: ${listed(
            resourceHits.map((h) => h.text),
            limit,
          )}`,
          statements: mergeStatementRefs(resourceHits.map((h) => h.ref)),
        },
      ]
    : [];
  return { action, resource };
}

// ---------------------------------------------------------------------------------------
// Privilege escalation

type Step = EscalationStep;

interface Alternative {
  target: string;
  steps: Step[];
}

/** Facts about the model the escalation checks look up for every principal. */
interface ReviewContext {
  groups: Map<string, Group>;
  customerPolicies: Set<string>;
  rolesTrusting: Map<string, Role[]>;
  lambdaFunctions: string[];
  /** Resources with a resource-based policy (it may grant what identity policies do not). */
  withPolicy: Set<string>;
  patterns: Map<string, Matcher>;
}

function reviewContext(engine: Engine): ReviewContext {
  const model = engine.model;
  const rolesTrusting = new Map<string, Role[]>();
  for (const r of model.roles)
    for (const svc of trustedServices(r)) {
      const list = rolesTrusting.get(svc) ?? [];
      list.push(r);
      rolesTrusting.set(svc, list);
    }
  return {
    groups: new Map(model.groups.map((g) => [g.id, g])),
    customerPolicies: new Set(model.policies.map((mp) => mp.arn)),
    rolesTrusting,
    lambdaFunctions: model.resources.filter((r) => r.kind === 'lambda-function').map((r) => r.arn),
    withPolicy: new Set(model.resources.filter((r) => r.policy).map((r) => r.arn)),
    patterns: new Map(),
  };
}

function escalationsOf(
  engine: Engine,
  ctx: ReviewContext,
  sets: PolicySets,
  p: User | Role,
  region: string,
  limit: number,
): RiskFinding[] {
  const model = engine.model;
  const part = model.partition;
  const acct = p.account;
  const label = `${p.kind} ${p.name}`;
  // Prefilters (over-approximations; the engine decides): some identity Allow statement of the
  // principal must match the action, and its Resource must be able to name the target (IAM
  // users, groups, roles, policies and new compute have no resource-based policies).
  const identity = sets.identityOf(p);
  const unknownPolicies = identity.policies.some((pol) => !!pol.unknown);
  const allows = identity.policies.flatMap((pol) => pol.statements.filter((st) => st.effect !== 'Deny'));
  const mayAllow = (action: string) => {
    if (unknownPolicies) return true;
    const lower = action.toLowerCase();
    return allows.some((st) => st.matchAction(lower) !== NO);
  };
  const matcher = (v: string) => {
    const pattern = v
      .replace(/\$\{aws:username\}/gi, p.kind === 'user' ? p.name : '\u0000')
      .replace(/\$\{[^}]*\}/g, '*');
    let m = ctx.patterns.get(pattern);
    if (!m) {
      m = compileArnPattern(pattern);
      if (ctx.patterns.size > 10_000) ctx.patterns.clear();
      ctx.patterns.set(pattern, m);
    }
    return m;
  };
  const mayAllowOn = (step: Step) => {
    if (unknownPolicies || ctx.withPolicy.has(step.resource)) return true;
    const lower = step.action.toLowerCase();
    return allows.some((st) => {
      if (st.matchAction(lower) === NO) return false;
      const s = st.statement;
      if (st.unknown || s.notResource) return true;
      return (s.resource?.values ?? []).some((v) => isUnknown(v) || matcher(v).test(step.resource));
    });
  };

  // Groups the user is in, or might be in (a membership that might not exist).
  const groupsOfUser = p.kind === 'user' ? [...p.groups, ...p.maybeGroups.map((m) => m.group)] : [];
  const groupArn = (id: string) => ctx.groups.get(id)?.arn ?? id;
  const attachedCustomer = new Set<string>();
  const attachments = [
    ...p.managedPolicies,
    ...groupsOfUser.flatMap((g) => ctx.groups.get(g)?.managedPolicies ?? []),
  ];
  for (const a of attachments)
    if (!isUnknown(a.policyArn) && ctx.customerPolicies.has(a.policyArn)) attachedCustomer.add(a.policyArn);
  const rolesTrusting = (service: string) =>
    (ctx.rolesTrusting.get(service) ?? []).filter((r) => r.arn !== p.arn);
  const arnOf = (service: string, resource: string) => `arn:${part}:${service}:${region}:${acct}:${resource}`;
  const one = (target: string, action: string): Alternative => ({
    target,
    steps: [{ action, resource: target }],
  });
  const others = (list: readonly { arn: string }[], action: string) =>
    list.filter((x) => x.arn !== p.arn).map((x) => one(x.arn, action));
  /** The alternatives of a method for this principal: one per target (escalation-methods.ts). */
  const alternatives = (m: EscalationMethod): Alternative[] => {
    const t = m.targets;
    const action = m.actions[0]!;
    switch (t.kind) {
      case 'attached-customer-policies':
        return [...attachedCustomer].map((arn) => one(arn, action));
      case 'self':
        return [one(p.arn, action)];
      case 'own-groups':
        return groupsOfUser.map((g) => one(groupArn(g), action));
      case 'other-groups':
        return model.groups.filter((g) => !groupsOfUser.includes(g.id)).map((g) => one(g.arn, action));
      case 'other-users':
        return others(model.users, action);
      case 'other-roles':
        return others(model.roles, action);
      case 'lambda-functions':
        return ctx.lambdaFunctions.map((arn) => one(arn, action));
      case 'pass-role': {
        const start = t.start(arnOf, ANY);
        return rolesTrusting(t.service).map((r) => ({
          target: r.arn,
          steps: [{ action: 'iam:PassRole', resource: r.arn }, ...start],
        }));
      }
    }
  };
  const methods = ESCALATION_METHODS.filter((m) => m.appliesTo === 'any' || m.appliesTo === p.kind);

  const out: RiskFinding[] = [];
  const cache = new Map<string, FreeDecision>();
  const decideStep = (s: Step) => {
    const key = `${s.action} ${s.resource}`;
    let d = cache.get(key);
    if (!d) {
      const req: Request = { principal: p.arn, action: s.action, resource: s.resource };
      d = decideAnyContext(engine, req);
      cache.set(key, d);
    }
    return d;
  };
  for (const m of methods) {
    if (!m.actions.every(mayAllow)) continue;
    const found: { target: string; decisions: FreeDecision[]; access: Access }[] = [];
    for (const alt of alternatives(m)) {
      if (!alt.steps.every(mayAllowOn)) continue;
      const decisions: FreeDecision[] = [];
      for (const s of alt.steps) {
        const d = decideStep(s);
        decisions.push(d);
        if (d.access === 'deny') break;
      }
      const access = worst(decisions.map((d) => d.access));
      if (access === 'deny') continue;
      if (found.some((f) => f.target === alt.target && accessRank(f.access) >= accessRank(access))) continue;
      found.push({ target: alt.target, decisions, access });
      if (found.length > limit) break; // enough to make the point
    }
    if (!found.length) continue;
    const bestAccess = found.reduce<Access>(
      (a, f) => (accessRank(f.access) > accessRank(a) ? f.access : a),
      'deny',
    );
    const conditions = unique(found.flatMap((f) => f.decisions.flatMap((d) => d.conditions)));
    out.push({
      kind: 'privilege-escalation',
      severity: bestAccess === 'allow' ? m.severity : 'low',
      subject: p.arn,
      detail: `Rhino Security Labs method ${m.rhino}`,
      message: `${label} can ${m.describe}: ${listed(
        found.map((f) => shortName(f.target)),
        limit,
      )}${bestAccess === 'allow' ? '' : ` (${bestAccess}${conditions.length ? `: ${conditions.join('; ')}` : ''})`} [Rhino Security Labs method ${m.rhino}]`,
      statements: mergeStatementRefs(...found.flatMap((f) => f.decisions.map((d) => d.grants))),
    });
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// Public and cross-account access

function externalAccess(
  engine: Engine,
  limit: number,
): { public: RiskFinding[]; crossAccount: RiskFinding[] } {
  const model = engine.model;
  const part = model.partition;
  const modelAccounts = new Set(model.accounts.map((a) => a.id));
  const other = unnamedAccount(model);
  const anyone = ['anonymous', anyPrincipalArn(part, other, 'user')];
  const pub = buildMatrix(engine, { principals: anyone, includeRoles: true, chains: false });
  const publicFindings: RiskFinding[] = [];
  const publicGrants = new Map<string, Set<string>>();
  const refKey = (g: StatementRef) => `${g.stage}|${g.policy}|${g.statement}`;
  pub.resources.forEach((r, ri) => {
    const hits = accessSummary(pub, ri, [0, 1], limit);
    if (!hits) return;
    publicGrants.set(r.arn, new Set(hits.grants.map(refKey)));
    publicFindings.push({
      kind: 'public-access',
      severity: outsideSeverity(hits, 'high'),
      subject: r.arn,
      message: `${r.kind === 'iam-role' ? 'role' : r.kind} ${r.name} is open to anyone (anonymous callers or any AWS account)${publicUrlNote(model, r.arn, hits.actions)}: ${hits.actions}${hits.access === 'allow' ? '' : ` (${hits.access}${hits.conditions.length ? `: ${hits.conditions.join('; ')}` : ''})`}`,
      statements: hits.grants,
    });
  });

  // Accounts outside the model that policies name, each with the principals that stand for it.
  const byAccount = new Map<string, string[]>();
  for (const c of candidatePrincipals(model)) {
    if (c.element || !(c.kind === 'user' || c.kind === 'role' || c.kind === 'account')) continue;
    const account = parseArn(c.principal)?.account;
    if (!account || account === other || modelAccounts.has(account)) continue;
    const list = byAccount.get(account) ?? [];
    list.push(c.principal);
    byAccount.set(account, list);
  }
  const crossFindings: RiskFinding[] = [];
  for (const [account, principals] of byAccount) {
    const m = buildMatrix(engine, { principals, includeRoles: true, chains: false });
    m.resources.forEach((r, ri) => {
      const hits = accessSummary(
        m,
        ri,
        principals.map((_, i) => i),
        limit,
      );
      if (!hits) return;
      const pg = publicGrants.get(r.arn);
      if (pg && hits.grants.every((g) => pg.has(refKey(g)))) return; // already reported as public
      crossFindings.push({
        kind: 'cross-account-access',
        severity: outsideSeverity(hits, 'medium'),
        subject: r.arn,
        detail: `account ${account}`,
        message: `${r.kind === 'iam-role' ? 'role' : r.kind} ${r.name} lets account ${account} (outside the inputs) in: ${hits.actions}${hits.access === 'allow' ? '' : ` (${hits.access}${hits.conditions.length ? `: ${hits.conditions.join('; ')}` : ''})`}`,
        statements: hits.grants,
      });
    });
  }
  return { public: publicFindings, crossAccount: crossFindings };
}

/** Condition keys that limit how a request is made (its transport), not who makes it. */
const TRANSPORT_KEYS = /\b(aws:SecureTransport|s3:TlsVersion|s3:signatureversion|s3:authType)\b/i;

/**
 * Severity of access by anyone (`base` high) or by an account outside the inputs (medium): the
 * same whatever transport condition it has (a TLS-only Deny limits how, not who); low under
 * another condition (who, from where); indeterminate (unknown until deploy) one step lower.
 */
function outsideSeverity(
  hits: { access: Access; conditions: string[] },
  base: RiskFinding['severity'],
): RiskFinding['severity'] {
  if (hits.access === 'allow') return base;
  if (hits.access === 'conditional')
    return hits.conditions.every((c) => TRANSPORT_KEYS.test(c)) ? base : 'low';
  return base === 'high' ? 'medium' : 'low';
}

/**
 * ` through its function URL (AuthType NONE)` for a Lambda function whose public access includes
 * `lambda:InvokeFunctionUrl` and that has a URL without authentication: "NONE – Lambda doesn't
 * perform any authentication before invoking your function" (AWS Lambda Developer Guide,
 * "Control access to Lambda function URLs", https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html).
 */
function publicUrlNote(model: Engine['model'], arn: string, actions: string): string {
  if (!actions.includes('lambda:InvokeFunctionUrl')) return '';
  const fn = model.resources.find((x) => x.arn === arn && x.kind === 'lambda-function');
  const open = fn?.functionUrls?.some((u) => u.authType === 'NONE' || isUnknown(u.authType));
  return open ? ' through its function URL (AuthType NONE)' : '';
}

/** What the given matrix rows can do on column `ri`, or undefined when nothing. */
function accessSummary(
  m: Matrix,
  ri: number,
  rows: number[],
  limit: number,
): { access: Access; actions: string; conditions: string[]; grants: StatementRef[] } | undefined {
  let access: Access = 'deny';
  const perLevel: string[][] = m.levels.map(() => []);
  const conditions: string[] = [];
  const grants: StatementRef[][] = [];
  for (const pi of rows) {
    m.cells[pi]?.[ri]?.forEach((cell, li) => {
      if (cell.access === 'deny') return;
      if (accessRank(cell.access) > accessRank(access)) access = cell.access;
      for (const a of cell.actions) {
        if (!perLevel[li]!.includes(a.action)) perLevel[li]!.push(a.action);
        for (const c of a.conditions) if (!conditions.includes(c)) conditions.push(c);
      }
      grants.push(cell.grants);
    });
  }
  if (access === 'deny') return undefined;
  // Per level, the best-known actions first (the shortest names: s3:GetObject before
  // s3:GetObjectLegalHold).
  const actions = m.levels
    .map((level, li) => {
      const list = [...perLevel[li]!].sort((a, b) => a.length - b.length || (a < b ? -1 : 1));
      return list.length ? `${level}: ${listed(list, limit)}` : '';
    })
    .filter(Boolean)
    .join('; ');
  return { access, actions, conditions, grants: mergeStatementRefs(...grants) };
}

// ---------------------------------------------------------------------------------------
// Small helpers

/** The access every step must have: the weakest of them. */
function worst(list: Access[]): Access {
  let out: Access = 'allow';
  for (const a of list) if (accessRank(a) < accessRank(out)) out = a;
  return list.length ? out : 'deny';
}

function maxSeverity(list: RiskFinding['severity'][]): RiskFinding['severity'] {
  return list.includes('high') ? 'high' : list.includes('medium') ? 'medium' : 'low';
}

function unique(list: string[]): string[] {
  return [...new Set(list)];
}

function listed(items: string[], limit: number): string {
  if (items.length <= limit) return items.join(', ');
  return `${items.slice(0, limit).join(', ')} and ${items.length - limit} more`;
}

function conditionText(d: FreeDecision): string {
  if (d.access === 'allow') return '';
  return ` (${d.access}${d.conditions.length ? `: ${d.conditions.join('; ')}` : ''})`;
}

function shortName(arn: string): string {
  const parsed = parseArn(arn);
  if (!parsed) return arn;
  return parsed.resource.replace(/^(user|role|group|policy)\//, '$1 ');
}
