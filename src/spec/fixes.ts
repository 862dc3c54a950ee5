// What to change for a failing check, said once: the witnesses of an exhaustive (`only`,
// `onlyPrincipals`) or `cannot` check grouped by the statement that grants them (the statement to
// change: an identity policy statement, or a resource policy statement that names the principal
// itself), and within a group by action family (service and access level), worst first:
// anonymous and external principals before the model's own, permissions management and writes
// before tagging, reads and lists. For a managed policy, where it is attached. Statements that
// only permit the access (a permissions boundary, a session policy, a key or resource policy
// that delegates to the account, an SCP) are context, listed once; a principal without a
// permissions boundary says so (nothing caps its identity policies). For a check without a fix
// plan (an escalation path), where the managed policies of its statements are attached.

import type { StatementRef, Witness } from '../analysis/types.js';
import { accessLevelOf, accessLevelRank } from '../catalog/index.js';
import { groupIdsOf, type Model, type PolicyAttachment } from '../model/types.js';
import { formatSource } from '../model/source.js';
import { isUnknown } from '../model/unknown.js';
import type { ActionFamily, FixContext, FixGroup, FixPlan, PolicyAttachmentPlace } from './types.js';

/** What kind of caller a witness principal is, worst first. */
export type CallerKind = 'anonymous' | 'external' | 'service' | 'model';
const CALLER_RANK: Record<CallerKind, number> = { anonymous: 0, external: 1, service: 2, model: 3 };

export function callerKind(w: Witness): CallerKind {
  if (w.principal === 'anonymous' || w.principal === '*') return 'anonymous';
  if (w.external || /^\d{12}$/.test(w.principal) || w.principal.includes(':saml-provider/'))
    return 'external';
  if (/\.amazonaws\.com(\.cn)?$/.test(w.principal)) return 'service';
  return 'model';
}

const ACCESS_RANK: Record<Witness['access'], number> = {
  allow: 0,
  conditional: 1,
  indeterminate: 2,
  deny: 3,
};

function byCommonName(a: string, b: string): number {
  return a.length - b.length || a.localeCompare(b);
}

/** How bad a witness is: lower is worse (caller kind, then access level, then certainty). */
function witnessRank(w: Witness): number {
  const level = accessLevelRank(w.action);
  return CALLER_RANK[callerKind(w)] * 100 + level * 10 + ACCESS_RANK[w.access];
}

const GRANT_STAGES = new Set(['identity', 'resource', 'trust', 'key-policy']);

/**
 * The statements of a witness to change: its identity Allows, and the resource-side Allows that
 * grant the principal itself (not the ones that delegate to its account). When neither exists
 * (a delegating statement alone, an unknown policy) the resource-side Allows.
 */
export function fixStatementsOf(w: Witness): StatementRef[] {
  const granting = w.grants.filter((g) => GRANT_STAGES.has(g.stage) && g.effect !== 'Deny');
  const own = granting.filter((g) => g.stage === 'identity' || !g.delegates);
  return own.length ? own : granting;
}

function refKey(r: StatementRef): string {
  return `${r.stage}|${r.policy ?? ''}|${r.statement ?? ''}`;
}

/** `ReaderPolicy (arn:aws:iam::1:policy/ReaderPolicy)` → the ARN (the engine's managed policy names). */
export function managedPolicyArnOf(policy: string | undefined): string | undefined {
  return policy ? /\((arn:[^)\s]+:policy\/[^)\s]+)\)$/.exec(policy)?.[1] : undefined;
}

function familyOf(action: string): { service: string; level: string } {
  const colon = action.indexOf(':');
  return {
    service: colon > 0 ? action.slice(0, colon).toLowerCase() : action,
    level: accessLevelOf(action) ?? 'Other',
  };
}

function push<T>(list: T[], x: T): void {
  if (!list.includes(x)) list.push(x);
}

function families(witnesses: Witness[]): ActionFamily[] {
  const byName = new Map<string, ActionFamily & { rank: number }>();
  for (const w of [...witnesses].sort((a, b) => witnessRank(a) - witnessRank(b))) {
    const f = familyOf(w.action);
    const caller = callerKind(w);
    const name = `${f.service} ${f.level}`;
    const key = `${caller}|${name}`;
    let fam = byName.get(key);
    if (!fam) {
      fam = {
        name,
        service: f.service,
        level: f.level,
        caller,
        principals: [],
        actions: [],
        resources: [],
        access: w.access,
        conditions: [],
        requests: 0,
        rank: witnessRank(w),
      };
      byName.set(key, fam);
    }
    fam.requests++;
    push(fam.principals, w.principal);
    push(fam.actions, w.action);
    push(fam.resources, w.resource);
    for (const c of w.conditions) push(fam.conditions, c);
    if (ACCESS_RANK[w.access] < ACCESS_RANK[fam.access]) fam.access = w.access;
  }
  // Within a family the shorter (more common) action names first: s3:PutObject before
  // s3:InitiateReplication.
  return [...byName.values()]
    .sort((a, b) => a.rank - b.rank)
    .map(({ rank: _rank, ...f }) => ({ ...f, actions: [...f.actions].sort(byCommonName) }));
}

/**
 * Where a managed policy is attached to the principal (directly, or through its groups); with no
 * principal of the model by that ARN, every attachment of the policy.
 */
export function attachmentsOf(
  model: Model,
  principalArn: string | undefined,
  policyArn: string,
): FixGroup['attachedAt'] {
  const out: FixGroup['attachedAt'] = [];
  const matches = (a: PolicyAttachment) => !isUnknown(a.policyArn) && a.policyArn === policyArn;
  const p =
    model.users.find((u) => u.arn === principalArn) ?? model.roles.find((r) => r.arn === principalArn);
  if (p) {
    for (const a of p.managedPolicies)
      if (matches(a)) out.push({ to: `${p.kind} ${p.name}`, source: a.source });
    if (p.kind === 'user')
      for (const gid of groupIdsOf(p)) {
        const g = model.groups.find((x) => x.id === gid);
        if (!g) continue;
        for (const a of g.managedPolicies)
          if (matches(a)) out.push({ to: `group ${g.name} (${p.name} is a member)`, source: a.source });
      }
    return out;
  }
  // No one principal (onlyPrincipals): every attachment of the policy.
  for (const x of [...model.users, ...model.roles, ...model.groups])
    for (const a of x.managedPolicies)
      if (matches(a)) out.push({ to: `${x.kind} ${x.name}`, source: a.source });
  return out;
}

/**
 * Where the managed policies of statements are attached, for checks without a fix plan: each
 * `{ principal, grants }` is a step and the statements granting it to that principal (an
 * escalation path's edges). Each place once, in order.
 */
export function attachmentsOfGrants(
  model: Model,
  steps: readonly { principal: string; grants: readonly StatementRef[] }[],
): PolicyAttachmentPlace[] {
  const out: PolicyAttachmentPlace[] = [];
  const seen = new Set<string>();
  for (const step of steps)
    for (const g of step.grants) {
      const policyArn = managedPolicyArnOf(g.policy);
      if (!policyArn || !g.policy) continue;
      for (const a of attachmentsOf(model, principalArnOf(model, step.principal), policyArn)) {
        const key = `${g.policy}|${a.to}|${a.source ? formatSource(a.source) : ''}`;
        if (seen.has(key)) continue;
        seen.add(key);
        out.push({ policy: g.policy, ...a });
      }
    }
  return out;
}

/** The principal ARN a witness principal stands for (a role session → its role). */
function principalArnOf(model: Model, principal: string): string | undefined {
  const session = /^arn:([^:]+):sts::(\d{12}):assumed-role\/([^/]+)\//.exec(principal);
  if (session) return model.roles.find((r) => r.name === session[3] && r.account === session[2])?.arn;
  return principal;
}

const CONTEXT_WORDS: Partial<Record<StatementRef['stage'], string>> = {
  boundary:
    'the permissions boundary allows it (a cap that grants nothing: if it used to stop this, narrow it)',
  session: 'the session policy allows it (a cap that grants nothing: if it used to stop this, narrow it)',
  'key-policy': 'the KMS key policy allows it',
  resource: 'the resource policy allows it',
  trust: 'the trust policy allows it',
  scp: 'the SCP allows it',
  rcp: 'the RCP allows it',
};

function contextOf(
  model: Model,
  witnesses: Witness[],
  fixKeys: Set<string>,
  principal: string | undefined,
): FixContext[] {
  const out: FixContext[] = [];
  const seen = new Set<string>();
  for (const w of witnesses)
    for (const g of w.grants) {
      const k = refKey(g);
      if (fixKeys.has(k) || seen.has(k) || g.effect === 'Deny') continue;
      seen.add(k);
      const words =
        g.delegates && g.stage !== 'boundary'
          ? `${CONTEXT_WORDS[g.stage] ?? 'it allows it'} by delegating to the account's identity policies`
          : (CONTEXT_WORDS[g.stage] ?? 'it allows it');
      out.push({ kind: g.stage, text: words, statement: g });
    }
  // A principal without a boundary: nothing caps what its identity policies grant.
  const arn = principal ? principalArnOf(model, principal) : undefined;
  const p = arn
    ? (model.users.find((u) => u.arn === arn) ?? model.roles.find((r) => r.arn === arn))
    : undefined;
  if (
    p &&
    !p.permissionsBoundary &&
    witnesses.some((w) => fixStatementsOf(w).some((g) => g.stage === 'identity'))
  )
    out.unshift({
      kind: 'boundary',
      text: `${p.kind} ${p.name} has no permissions boundary: nothing caps what its identity policies allow`,
      statement: undefined,
    });
  return out;
}

/**
 * Groups the witnesses of a failing check (the failing ones: allowed, conditional, or for an
 * indeterminate check the indeterminate ones) into the statements to change, worst first.
 * `principal`: the check's principal, when it has one (not onlyPrincipals).
 */
export function planFix(
  model: Model,
  witnesses: Witness[],
  options: { principal?: string; truncated?: boolean } = {},
): FixPlan {
  const byStatement = new Map<string, { statement: StatementRef | undefined; witnesses: Witness[] }>();
  for (const w of witnesses) {
    const fix = fixStatementsOf(w);
    const targets = fix.length ? fix : [undefined];
    for (const statement of targets) {
      const key = statement ? refKey(statement) : '';
      let g = byStatement.get(key);
      if (!g) {
        g = { statement, witnesses: [] };
        byStatement.set(key, g);
      }
      g.witnesses.push(w);
    }
  }
  const principalArn = options.principal ? principalArnOf(model, options.principal) : undefined;
  const groups: (FixGroup & { rank: number })[] = [...byStatement.values()].map((g) => {
    const policyArn = managedPolicyArnOf(g.statement?.policy);
    return {
      statement: g.statement,
      attachedAt: policyArn ? attachmentsOf(model, principalArn, policyArn) : [],
      families: families(g.witnesses),
      requests: g.witnesses.length,
      rank: Math.min(...g.witnesses.map(witnessRank)),
    };
  });
  groups.sort((a, b) => a.rank - b.rank || b.requests - a.requests);
  const fixKeys = new Set(groups.flatMap((g) => (g.statement ? [refKey(g.statement)] : [])));
  return {
    groups: groups.map(({ rank: _rank, ...g }) => g),
    context: contextOf(model, witnesses, fixKeys, options.principal),
    truncated: options.truncated === true,
  };
}

/** The worst witness first (the headline of a check). */
export function worstFirst(witnesses: Witness[]): Witness[] {
  return [...witnesses].sort((a, b) => witnessRank(a) - witnessRank(b) || byCommonName(a.action, b.action));
}
