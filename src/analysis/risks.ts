// The access review's risk summary: grants reviewers worry about, each with the statements that
// cause it. Owns `reviewRisks`. Findings:
// - admin-equivalent: a principal allowed a set of probe requests across services (IAM, S3, EC2,
//   KMS, DynamoDB, Lambda, CloudTrail) on resources it was never given by name (what
//   `"Action": "*", "Resource": "*"`, e.g. AdministratorAccess, grants; a probe denied on a name
//   its policies name apart, `user/*-user`, is indeterminate: `probeNamed`): high when allowed
//   (also under a TLS-only condition: risk-severity.ts `fullGrant`), medium under another
//   condition or when indeterminate (risk-severity.ts `riskSeverity`);
// - wildcard-action / wildcard-resource: Allow statements of a principal's identity policies
//   with `*` or `service:*` in Action (or NotAction; a suffix wildcard such as `s3:GetObject*`
//   only on every resource) / Resource `*` (or NotResource), effective: a statement the
//   principal's permissions boundary, SCPs and unconditional Denies leave nothing of is no
//   finding, one they narrow says it is capped; an administrator-equivalent principal has no
//   wildcard findings (its administrator finding says it all);
// - public-access: a resource (or role trust) policy that lets anyone in (anonymous callers or an
//   unnamed account, as `"Principal": "*"` does): high whatever transport condition it has (a
//   TLS-only Deny limits how, not who), low under another condition, medium when indeterminate;
//   and an API Gateway method open to anyone that acts with a role or runs a function
//   (risk-api-methods.ts);
// - cross-account-access: resource or trust policies that let principals of an account outside
//   the model in (medium, also under a transport condition);
// - outside-escalation: a caller outside the account (an account outside the inputs, anyone by a
//   public trust, a web identity or SAML provider's users) that may become a role through which
//   it can become administrator-equivalent or raise its privileges: the cross-account, public or
//   federated-entry-point finding and the escalation findings joined (risk-outside-escalation.ts;
//   high when every hop is allowed);
// - confused-deputy: resource policies that let an AWS service principal in for any account's
//   use of that service, no aws:SourceArn / SourceAccount / SourceOrgID / SourceOrgPaths pinning
//   the source (medium; risk-confused-deputy.ts);
// - passrole-wildcard: iam:PassRole on any role of the account (Resource `*`), with the same
//   severity rule as admin-equivalent;
// - privilege-escalation: permissions that let a principal raise its own privileges, following
//   the escalation methods catalogued by Rhino Security Labs, "AWS IAM Privilege Escalation –
//   Methods and Mitigation" (https://rhinosecuritylabs.com/aws/aws-privilege-escalation-methods-mitigation/):
//   rewriting or attaching its own policies, joining groups, taking over other users' keys or
//   passwords, rewriting trust policies, and passing a role to new compute it controls
//   (EC2, Lambda, Glue, CloudFormation, Data Pipeline); and the escalations the spec's
//   `noEscalation` finds by a write (escalation-writes.ts): rewriting a resource-based policy to
//   grant itself a request it is denied, changing its own tags where policies read
//   aws:PrincipalTag. Open-account stand-ins have only these findings (risk-escalation.ts).
// - weak-federated-trust: role trusts that let an OIDC / SAML provider's users in without the
//   conditions that say which, and federated-entry-point: every role a federated caller can
//   assume, with its conditions (information; federated-trust.ts).
// Every finding comes from engine decisions under a free request context (the statements are
// the decisions' grants), so Deny statements, boundaries, SCPs and RCPs are taken into account.
// This module owns the admin probes, the PassRole check and the order of findings; the wildcard
// findings are risk-wildcards.ts's, the escalation findings risk-escalation.ts's, public and
// cross-account access risk-external-access.ts's, outside accounts' escalations
// risk-outside-escalation.ts's, confused deputies risk-confused-deputy.ts's, and every message's wording risk-messages.ts's.

import type { CompiledPolicy } from '../engine/compile-policy.js';
import type { Engine } from '../engine/engine.js';
import { NO } from '../engine/tri.js';
import { covers, patternTokens } from '../model/name-tokens.js';
import { isUnknown } from '../model/unknown.js';
import { compileArnPattern } from '../policy/wildcard.js';
import { parseArn } from '../model/arns.js';
import { isOpenAccountStandIn } from '../model/open-accounts.js';
import { PLACEHOLDER_REGION, PROBE_NAME } from '../model/stand-ins.js';
import type { Model, Role, User } from '../model/types.js';
import { combineAccess, mergeStatementRefs } from './chains.js';
import { federatedEntryPoints, weakFederatedTrusts } from './federated-trust.js';
import { decideAnyContext, LEAN } from './free-decision.js';
import { escalationChains, type ReachedAdmin } from './escalation-chains.js';
import { identityResourcePatterns } from './escalation-new-principal.js';
import { witnessesOf } from './escalation-start-names.js';
import {
  type KnownDenied,
  type PrincipalEscalations,
  reviewContext,
  type EscalationReview,
  reviewEscalations,
} from './risk-escalation.js';
import { apiMethodCalls } from './risk-api-methods.js';
import { confusedDeputyFindings } from './risk-confused-deputy.js';
import { externalAccess, type IndeterminateWhy, whyIndeterminate } from './risk-external-access.js';
import { outsideEscalations } from './risk-outside-escalation.js';
import { indeterminateField } from './indeterminate.js';
import { adminMessage, passRoleMessage, principalLabel, qualifySharedNames } from './risk-messages.js';
import { rated, riskSeverity } from './risk-severity.js';
import { wildcardFindings } from './risk-wildcards.js';
import { scpsApplyTo } from '../engine/request-policies.js';
import type { Access, FreeDecision, Matrix, RiskFinding } from './types.js';

/** The escalations of an administrator-equivalent principal: its administrator finding says them. */
const NO_ESCALATIONS: PrincipalEscalations = { findings: [], edgeActions: [] };

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
 * The decisions of the admin probes for `principal`, in order, up to the first denied one: one
 * denied probe makes the principal no administrator (`combineAccess` is deny), whatever the others
 * decide, so the rest are not decided (most principals are denied the first probe). A denied probe
 * is checked against the names its policies tell apart (`probeNamed`).
 */
function decideProbes(engine: Engine, principal: string, probes: readonly Probe[]): FreeDecision[] {
  const out: FreeDecision[] = [];
  const p = modelPrincipal(engine.model, principal);
  for (const probe of probes) {
    let d = decideAnyContext(engine, { principal, ...probe }, LEAN);
    if (d.access === 'deny' && p) d = probeNamed(engine, p, probe, d);
    out.push(d);
    if (d.access === 'deny') break;
  }
  return out;
}

/** The users and roles of each model by ARN (`modelPrincipal`). */
const principalsByArn = new WeakMap<Model, Map<string, User | Role>>();

/** The user or role of `model` with ARN `arn`, if any (a map per model: the review asks for each). */
function modelPrincipal(model: Model, arn: string): User | Role | undefined {
  let map = principalsByArn.get(model);
  if (!map) {
    map = new Map<string, User | Role>([...model.users, ...model.roles].map((x) => [x.arn, x]));
    principalsByArn.set(model, map);
  }
  return map.get(arn);
}

/** At most this many witnesses of a denied probe's names are decided (`probeNamed`). */
const MAX_PROBE_NAMES = 16;

/**
 * A probe `p` is denied (`d`), checked against the names the policies tell apart: the probe name
 * stands for the resources `p` was never given by name only when no pattern of its policies names
 * it apart from the others (a Deny on `user/*-user` names `iamspec-any-user`; "an explicit deny in
 * any of these policies overrides the allow", IAM User Guide, "Policy evaluation logic"). Where an
 * identity Allow of `p` may match the action, one witness of every class of names of the probe's
 * format (exhaustive.ts `patternResources`, kept per engine: escalation-start-names.ts
 * `witnessesOf`) is decided: one not denied, or a search cut short, makes the probe indeterminate
 * with why; every one denied keeps `d`.
 */
function probeNamed(engine: Engine, p: User | Role, probe: Probe, d: FreeDecision): FreeDecision {
  if (!probe.resource.includes(ANY) || !identityResourcePatterns(engine, p, probe.action).length) return d;
  const format = probe.resource.replace(new RegExp(`${ANY}[^/:]*`, 'g'), '*');
  // No pattern names the probe apart from the other names of its format: it is of the names `p`
  // was never given by name (an Allow only on `role/team-*` leaves it denied, rightly).
  const by = patternNaming(engine, p, probe, format);
  if (by === undefined) return d;
  const found = witnessesOf(engine, p.arn, probe.action, format);
  const names = found.resources.filter((r) => r !== probe.resource && r !== '*');
  let why: string | undefined;
  for (const resource of names.slice(0, MAX_PROBE_NAMES)) {
    const w = decideAnyContext(engine, { principal: p.arn, action: probe.action, resource }, LEAN);
    if (w.access === 'deny') continue;
    why = `${probe.action} is denied on the probe ${probe.resource} but not on ${resource}: ${by}, a pattern of the policies, names the probe name apart from the resources ${principalLabel(p)} was never given by name`;
    break;
  }
  if (!why && (!found.complete || names.length > MAX_PROBE_NAMES))
    why = `${probe.action} is denied on the probe ${probe.resource}, and not every name of ${format} its policies tell apart was tried (a search limit)`;
  if (!why) return d;
  return {
    ...d,
    access: 'indeterminate',
    reasons: [{ kind: 'unknown-resource', text: why, stage: 'result' }],
  };
}

/**
 * A Resource or NotResource value of a statement that may match `probe`'s action, in a policy of
 * its request (`Engine.policiesOf`), that matches the probe's resource but not every name of its
 * `format` (model/name-tokens.ts `covers`): the first such, or undefined.
 */
function patternNaming(engine: Engine, p: User | Role, probe: Probe, format: string): string | undefined {
  const lower = probe.action.toLowerCase();
  const all = patternTokens([format]);
  for (const { policy } of engine.policiesOf({ principal: p.arn, ...probe }).policies)
    for (const st of policy.statements) {
      if (st.matchAction(lower) === NO) continue;
      const values = [...(st.statement.resource?.values ?? []), ...(st.statement.notResource?.values ?? [])];
      for (const v of values) {
        if (typeof v !== 'string' || isUnknown(v) || v.includes('${')) continue;
        if (compileArnPattern(v).test(probe.resource) && !covers(patternTokens([v]), all)) return v;
      }
    }
  return undefined;
}

/**
 * Why an administrator probe left undecided is so: the reasons of the first indeterminate one of
 * `decisions` (in the order of `probes`), each in one line with where its unknown is, and the
 * statements its unknowns name (risk-external-access.ts `whyIndeterminate`).
 */
function probeWhy(
  engine: Engine,
  principal: string,
  probes: readonly Probe[],
  decisions: readonly FreeDecision[],
): IndeterminateWhy | undefined {
  const i = decisions.findIndex((d) => d.access === 'indeterminate');
  const probe = probes[i];
  if (!probe) return undefined;
  // A probe made indeterminate by the names its policies tell apart (`probeNamed`) says so.
  const own = decisions[i]!.reasons;
  if (own?.length) return { reasons: own.map((r) => r.text), found: own, refs: [] };
  return whyIndeterminate(engine, principal, probe.action, { arn: probe.resource, kind: 'probe' });
}

/** The Region of `account` the probes name: its own, else the model's first, else the stand-in. */
function regionOf(model: Model, account: string): string {
  return (
    model.accounts.find((x) => x.id === account)?.region ??
    model.accounts.find((x) => x.region)?.region ??
    PLACEHOLDER_REGION
  );
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
    a = combineAccess(
      decideProbes(engine, arn, adminProbes(model.partition, account, regionOf(model, account))).map(
        (d) => d.access,
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
  /**
   * Requests known to be denied (risk-escalation.ts `KnownDenied`): the escalation check makes no
   * decision for them. The access diff passes what its matrices decided.
   */
  denied?: KnownDenied;
}

/**
 * The users and roles principal findings cover (see `reviewRisks`). The open-account stand-ins
 * (model/open-accounts.ts) only for escalation findings, on what the inputs grant them
 * (risk-escalation.ts): their own policies are unknown by definition, so every other principal
 * finding of theirs would only say so; what they can reach shows in the matrix, who-can and the
 * onlyPrincipals checks.
 */
function reviewSubjects(model: Model, matrix: Matrix | undefined, options: ReviewOptions): (User | Role)[] {
  const users = new Map(model.users.map((u) => [u.arn, u]));
  const roles = new Map(model.roles.map((r) => [r.arn, r]));
  const only = options.principals ? new Set(options.principals) : undefined;
  return (
    matrix
      ? matrix.principals
          .map((p) => users.get(p.arn) ?? roles.get(p.arn))
          .filter((x): x is User | Role => x !== undefined)
      : [...model.users, ...model.roles]
  ).filter((p) => !only || only.has(p.arn));
}

/** The administrator and PassRole findings are possible takeovers (risk-severity.ts `riskSeverity`). */
const TAKEOVER = true;

/**
 * The admin-equivalent finding of `p`, if any: high when every probe is allowed (also under
 * transport conditions only, risk-severity.ts `fullGrant`), medium when allowed under other
 * conditions or when every probe is allowed or undecided (a principal or policy
 * that might not exist, a value known only after deploy: reported, never left out).
 */
function adminFinding(
  engine: Engine,
  p: User | Role,
): { finding?: RiskFinding; admin: boolean; conditionKeys: string[] } {
  const model = engine.model;
  const asked = adminProbes(model.partition, p.account, regionOf(model, p.account));
  const probes = decideProbes(engine, p.arn, asked);
  const access = combineAccess(probes.map((d) => d.access));
  if (access === 'deny') return { admin: false, conditionKeys: [] };
  const conditions = [...new Set(probes.flatMap((d) => d.conditions))];
  const conditionKeys = [...new Set(probes.flatMap((d) => d.conditionKeys ?? []))];
  const facts = probes.flatMap((d) => d.conditionFacts ?? []);
  // An undecided administrator says why: the reasons of its first indeterminate probe, with the
  // statements its unknowns name (decided again with reasons only here: few principals).
  const open = access === 'indeterminate' ? probeWhy(engine, p.arn, asked, probes) : undefined;
  const finding: RiskFinding = {
    kind: 'admin-equivalent',
    severity: riskSeverity('high', access, conditions, TAKEOVER, facts),
    subject: p.arn,
    message: adminMessage(principalLabel(p), access, conditions, p.presence?.reason, open?.reasons),
    statements: mergeStatementRefs(...probes.map((d) => d.grants), open?.refs ?? []),
    ...indeterminateField(access, open?.found, {
      text: `the administrator probes of ${principalLabel(p)} depend on what the inputs do not pin down${p.presence?.reason ? ` (it might not exist: ${p.presence.reason})` : ''}`,
      source: p.source,
    }),
  };
  return { finding: rated(finding, 'high'), admin: access !== 'indeterminate', conditionKeys };
}

/**
 * The passrole-wildcard finding of `p`: iam:PassRole on a role the inputs do not name. High when
 * allowed (also under transport conditions only, risk-severity.ts `fullGrant`), medium otherwise.
 */
function passRoleFinding(engine: Engine, p: User | Role): RiskFinding | undefined {
  const request = {
    action: 'iam:PassRole',
    resource: `arn:${engine.model.partition}:iam::${p.account}:role/${ANY}-role`,
  };
  const asked = decideAnyContext(engine, { principal: p.arn, ...request }, LEAN);
  // Denied on the probe: checked on the role names its policies tell apart (`probeNamed`).
  const pass = asked.access === 'deny' ? probeNamed(engine, p, request, asked) : asked;
  if (pass.access === 'deny') return undefined;
  const open =
    pass.access !== 'indeterminate'
      ? undefined
      : pass.reasons?.length
        ? { reasons: pass.reasons.map((r) => r.text), found: pass.reasons, refs: [] }
        : whyIndeterminate(engine, p.arn, request.action, { arn: request.resource, kind: 'probe' });
  return rated<RiskFinding>(
    {
      kind: 'passrole-wildcard',
      severity: riskSeverity('high', pass.access, pass.conditions, TAKEOVER, pass.conditionFacts ?? []),
      subject: p.arn,
      message: passRoleMessage(principalLabel(p), p.account, pass, open?.reasons),
      statements: mergeStatementRefs(pass.grants, open?.refs ?? []),
      ...indeterminateField(pass.access, open?.found, {
        text: `iam:PassRole of ${principalLabel(p)} depends on what the inputs do not pin down`,
        source: p.source,
      }),
    },
    'high',
  );
}

/**
 * Reviews the model behind `engine`. With `matrix`, principal findings (admin-equivalent,
 * wildcards, PassRole, escalation) cover the matrix's user and role rows; without, every model
 * user and role. Resource findings (public, cross-account) cover every model resource and role.
 * Order: by kind as listed in the module comment, then by subject as the model lists it.
 * Long because: the principal findings share caches and maps (SCPs per account, the reviewed
 * escalations, the administrators) that the chain and resource findings read afterwards.
 */
export function reviewRisks(engine: Engine, matrix?: Matrix, options: ReviewOptions = {}): RiskFinding[] {
  const model = engine.model;
  const limit = options.listLimit ?? 6;
  const ctx = reviewContext(engine);
  const review: EscalationReview = {
    engine,
    ctx,
    limit,
    ...(options.denied ? { denied: options.denied } : {}),
  };
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
  const byKind = new Map<RiskFinding['kind'], RiskFinding[]>(RISK_KIND_ORDER.map((kind) => [kind, []]));
  const add = (kind: RiskFinding['kind'], findings: readonly (RiskFinding | undefined)[]) => {
    const list = byKind.get(kind)!;
    for (const f of findings) if (f) list.push(f);
  };
  // Each principal's own escalations, by ARN (an administrator's: none), then those it has
  // through the roles it can become (escalation-chains.ts), in subject order.
  const reviewed = new Map<string, PrincipalEscalations>();
  // The administrator-equivalent principals, with their findings (the ends of chains that take
  // one over: escalation-chains.ts).
  const admins = new Map<string, ReachedAdmin>();
  // Every administrator finding made (undecided ones too), by ARN; undefined: none (read by
  // the outside-escalation findings, risk-outside-escalation.ts).
  const adminFindings = new Map<string, RiskFinding | undefined>();
  const adminOf = (p: User | Role) => {
    const admin = adminFinding(engine, p);
    adminFindings.set(p.arn, admin.finding);
    return admin;
  };
  const escalations = (p: User | Role) => {
    const found = reviewEscalations(review, p, regionOf(model, p.account));
    reviewed.set(p.arn, found);
    return found;
  };
  const subjects = reviewSubjects(model, matrix, options);
  for (const p of subjects) {
    if (isOpenAccountStandIn(p)) {
      escalations(p);
      continue;
    }
    const admin = adminOf(p);
    add('admin-equivalent', [admin.finding]);
    // Administrator access implies every wildcard, PassRole and escalation: one finding says it.
    if (admin.admin) {
      reviewed.set(p.arn, NO_ESCALATIONS);
      admins.set(p.arn, { finding: admin.finding!, conditionKeys: admin.conditionKeys });
      continue;
    }
    const w = wildcardFindings(p, engine.principalSideOf(p), scpsApplyTo(p) ? scpsOf(p.account) : [], limit);
    add('wildcard-action', w.action);
    add('wildcard-resource', w.resource);
    add('passrole-wildcard', [passRoleFinding(engine, p)]);
    escalations(p);
  }
  // A user or role the review did not cover, reached through a chain: reviewed as it would be.
  const reviewPrincipal = (x: User | Role) => {
    if (isOpenAccountStandIn(x)) return escalations(x);
    const admin = adminOf(x);
    if (!admin.admin) return escalations(x);
    admins.set(x.arn, { finding: admin.finding!, conditionKeys: admin.conditionKeys });
    return NO_ESCALATIONS;
  };
  const chained = escalationChains(
    engine,
    subjects,
    reviewed,
    admins,
    reviewPrincipal,
    limit,
    options.denied,
  );
  for (const p of subjects)
    add('privilege-escalation', [...(reviewed.get(p.arn)?.findings ?? []), ...(chained.get(p.arn) ?? [])]);
  const external = externalAccess(engine, limit);
  const federated = federatedEntryPoints(engine);
  const apiCalls = apiMethodCalls(engine);
  const apiMethods = apiCalls.map((c) => c.finding);
  add('public-access', [...external.public, ...apiMethods]);
  add('cross-account-access', external.crossAccount);
  const byArn = new Map<string, User | Role>([...model.users, ...model.roles].map((p) => [p.arn, p]));
  add(
    'outside-escalation',
    outsideEscalations(
      engine,
      {
        crossAccount: external.crossAccount,
        publicAccess: [...external.public, ...apiMethods],
        apiCalls,
        federated,
        subjects,
        escalationsOf: (arn) => [...(reviewed.get(arn)?.findings ?? []), ...(chained.get(arn) ?? [])],
        adminOf: (arn) => {
          if (adminFindings.has(arn)) return adminFindings.get(arn);
          const p = byArn.get(arn);
          return p && !isOpenAccountStandIn(p) ? adminOf(p).finding : undefined;
        },
      },
      limit,
    ),
  );
  add('confused-deputy', confusedDeputyFindings(engine, limit, external.publicGrants));
  add('weak-federated-trust', weakFederatedTrusts(engine));
  add('federated-entry-point', federated);
  return qualifySharedNames(
    RISK_KIND_ORDER.flatMap((kind) => byKind.get(kind)!),
    model,
  );
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
  'outside-escalation',
  'confused-deputy',
  'weak-federated-trust',
  'federated-entry-point',
  'passrole-wildcard',
  'privilege-escalation',
];
