// What a principal gains by becoming another (spec `noEscalation`): whether the target has more
// access than the start, over the model's resources and roles (the access matrix of both: every
// action of every access level on every resource and role the inputs define): everything the
// start can do, and a request the start cannot make (the witness). A target that lacks some of
// the start's access is a lateral move, not a climb. Owns `accessGains`. Requests on resources
// outside the inputs are not compared here; access to everything (administrator equivalence) is
// checked separately by the caller. Also owns `groupGain` (joining a group whose Allows the user
// has already is no escalation: Rhino Security Labs 13 and the spec's rewrite, one rule).

import type { Engine } from '../engine/engine.js';
import { awsManaged } from '../engine/policy-sets.js';
import { NO } from '../engine/tri.js';
import { isUnknown } from '../model/unknown.js';
import type { Group, Model, User } from '../model/types.js';
import type { PolicyDocument, Statement } from '../policy/types.js';
import { decideAnyContext, LEAN } from './free-decision.js';
import { accessRank } from './chains.js';
import { reasonOfEntry, reasonsOfDecision } from './decision-reasons.js';
import { patternCovers, patternTokens, sampleMembers } from './glob-witness.js';
import { unknownPartsAsRuns } from '../engine/unknown-names.js';
import { buildMatrix } from './matrix/build.js';
import type { Access, MatrixCell, MatrixReason } from './types.js';

/** A request the target can make and the start cannot. */
export interface AccessGain {
  action: string;
  resource: string;
  /** allow / conditional: the target's access to it; indeterminate when that is unknown. */
  access: Exclude<Access, 'deny'>;
  /** For indeterminate: the reasons of the matrix cells it depends on (analysis/matrix/cell-reasons.ts). */
  reasons?: MatrixReason[];
}

/** The access to each action of a cell's levels, by action. */
function accessByAction(cells: MatrixCell[] | undefined): Map<string, Access> {
  const out = new Map<string, Access>();
  for (const cell of cells ?? []) for (const a of cell.actions) out.set(a.action, a.access);
  return out;
}

/** The reasons of the cell of `cells` that holds `action` (none when it has none). */
function cellReasons(cells: MatrixCell[] | undefined, action: string): MatrixReason[] {
  return cells?.find((c) => c.actions.some((a) => a.action === action))?.reasons ?? [];
}

/**
 * For each of `targets` (principal ARNs) with more access than `from` (see the module comment),
 * the strongest request it can make that `from` cannot: allowed (or conditional) for the target
 * where `from` is denied, or allowed where `from` has it only under conditions (a conditional
 * gain). Indeterminate when the target's access, or whether it keeps all of `from`'s, depends on
 * unknown values.
 */
export function accessGains(
  engine: Engine,
  from: string,
  targets: readonly string[],
): Map<string, AccessGain> {
  const out = new Map<string, AccessGain>();
  if (!targets.length) return out;
  const matrix = buildMatrix(engine, { principals: [from, ...targets], includeRoles: true, chains: false });
  const row = (arn: string) => matrix.principals.findIndex((p) => p.arn === arn);
  const start = row(from);
  if (start < 0) return out;
  const starts = matrix.resources.map((_, r) => accessByAction(matrix.cells.at(start, r)));
  for (const target of targets) {
    const t = row(target);
    if (t < 0) continue;
    let best: AccessGain | undefined;
    let keeps: 'yes' | 'maybe' | 'no' = 'yes';
    // Why the target may not keep the start's access (the start's undecided cells).
    const keepReasons: MatrixReason[] = [];
    for (let r = 0; r < matrix.resources.length; r++) {
      const resource = matrix.resources[r]!;
      const cells = matrix.cells.at(t, r);
      const theirs = accessByAction(cells);
      // Does the target keep what the start can do here? (On the resources: who may assume or
      // pass which role is the become graph itself, not access the climb must keep.)
      if (resource.kind !== 'iam-role')
        for (const [action, had] of starts[r]!) {
          const has = theirs.get(action) ?? 'deny';
          if (has !== 'deny' || had === 'deny') continue;
          if (had === 'indeterminate') {
            keeps = keeps === 'no' ? 'no' : 'maybe';
            if (!keepReasons.length) keepReasons.push(...cellReasons(matrix.cells.at(start, r), action));
          } else keeps = 'no';
        }
      for (const [action, has] of theirs) {
        if (has === 'deny') continue;
        const had = starts[r]!.get(action) ?? 'deny';
        let gain: AccessGain['access'] | undefined;
        if (had === 'deny') gain = has;
        else if (has === 'allow' && had !== 'allow') gain = 'conditional';
        if (!gain || (best && accessRank(best.access) >= accessRank(gain))) continue;
        const reasons = gain === 'indeterminate' ? cellReasons(cells, action) : [];
        best = { action, resource: resource.arn, access: gain, ...(reasons.length ? { reasons } : {}) };
      }
    }
    if (!best || keeps === 'no') continue;
    out.set(
      target,
      keeps === 'maybe'
        ? { ...best, access: 'indeterminate', reasons: [...(best.reasons ?? []), ...keepReasons] }
        : best,
    );
  }
  return out;
}

/** What joining a group gives a user (`groupGain`). */
export type GroupGain =
  /** Every Allow of the group is one the user has already, or explicitly denied to it: no climb. */
  | { gives: 'nothing' }
  /** Some Allow of the group gives the user `gain`, a request (its patterns) it cannot make now. */
  | { gives: 'more'; gain: { action: string; resource: string } }
  /** What the group gives depends on what the inputs do not pin down: indeterminate, with why. */
  | { gives: 'unknown'; why: string };

/** A statement's value list of known strings, or undefined when some value is unknown. */
function knownValues(list: { values: readonly unknown[] } | undefined): string[] | undefined {
  if (!list) return undefined;
  const out: string[] = [];
  for (const v of list.values) {
    if (typeof v !== 'string' || isUnknown(v)) return undefined;
    out.push(v);
  }
  return out;
}

/**
 * Whether every request value pattern `narrow` matches, pattern `wide` matches too: pattern
 * containment as the engine matches (glob-witness.ts `patternCovers`, exact: ARN-shaped patterns
 * keep their wildcards within a field). Actions compare without case (`ignoreCase`): "action
 * names are not case sensitive" (IAM User Guide, "IAM JSON policy elements: Action").
 */
export function valueCovers(wide: string, narrow: string, ignoreCase = false): boolean {
  if (wide === '*') return true;
  const w = ignoreCase ? wide.toLowerCase() : wide;
  // an unknown name part of `narrow` stands for any name: covered by a `*`, never by its marker text
  const n = unknownPartsAsRuns(ignoreCase ? narrow.toLowerCase() : narrow, w);
  if (!/[*?]/.test(w)) return w === n;
  const key = `${w}\n${n}`;
  let hit = coverAnswers.get(key);
  if (hit === undefined) {
    hit = patternCovers(w, n);
    if (coverAnswers.size > 50_000) coverAnswers.clear();
    coverAnswers.set(key, hit);
  }
  return hit;
}

/** `valueCovers`'s answers for wildcard patterns, by pattern pair. */
const coverAnswers = new Map<string, boolean>();

/** An Allow of the user's own policies that grants the same whatever the request's context. */
interface CoveringAllow {
  actions: string[];
  resources: string[];
}

function coveringAllows(docs: readonly { statements: readonly Statement[] }[]): CoveringAllow[] {
  const out: CoveringAllow[] = [];
  for (const doc of docs)
    for (const st of doc.statements) {
      if (st.unknown || st.presence || st.effect !== 'Allow' || st.conditions.length) continue;
      if (st.notAction || st.notResource) continue;
      const actions = knownValues(st.action);
      const resources = knownValues(st.resource);
      if (!actions || !resources || resources.some((r) => r.includes('${'))) continue;
      out.push({ actions, resources });
    }
  return out;
}

/**
 * Whether every Allow of `inner` is one of the unconditional Allows of `outer` (`valueCovers` on
 * each action and resource pattern): whatever `inner` allows, `outer` does. False when `inner`
 * has an unknown, NotAction or NotResource Allow (not shown).
 */
export function allowsCoveredBy(inner: PolicyDocument, outer: readonly PolicyDocument[]): boolean {
  if (inner.unknown) return false;
  const covering = coveringAllows(outer);
  return inner.statements.every((st) => {
    if (st.effect === 'Deny') return true;
    if (st.unknown || st.effect !== 'Allow' || st.notAction || st.notResource) return false;
    const actions = knownValues(st.action);
    const resources = knownValues(st.resource);
    if (!actions || !resources) return false;
    return actions.every((a) =>
      resources.every((r) =>
        covering.some(
          (c) => c.actions.some((x) => valueCovers(x, a, true)) && c.resources.some((x) => valueCovers(x, r)),
        ),
      ),
    );
  });
}

/** The document of a managed policy ARN the model or the catalog knows, else undefined. */
export function managedDocument(model: Model, arn: string): PolicyDocument | undefined {
  return (model.policies.find((p) => p.arn === arn) ?? awsManaged(arn))?.document;
}

/**
 * What joining `group` gives `user` (Rhino Security Labs 13, iam:AddUserToGroup; the review's
 * finding and the spec's rewrite, one rule). "An IAM user group is a collection of IAM users.
 * User groups let you specify permissions for multiple users" (IAM User Guide, "IAM user
 * groups"): joining adds the group's policies and nothing else, and the user's Denies, boundary
 * and SCPs apply after as before. So joining gives nothing when every Allow of the group is
 * already the user's: a managed policy attached to the user already (to itself or a group it is
 * surely in), or a statement each of whose action and resource patterns an unconditional Allow of
 * the user's own policies covers (`valueCovers`), or, for a literal action and resource, a request
 * the engine already allows the user. A Deny only takes away. An unknown policy, ARN, effect,
 * statement or value of an Allow not covered: `unknown`, with why. Any other Allow not covered is
 * decided by the engine on the user's own request (`pairGain`): "an explicit deny in any of these
 * policies overrides the allow" (IAM User Guide, "Policy evaluation logic"), so a request the
 * user is denied explicitly in every context gains nothing from the group's Allow; one whose
 * access is not known is `unknown` with the decision's reasons; one the user is otherwise denied
 * or allowed only under conditions is the gain (`more`, with that request) unless the user's
 * permissions boundary or its SCPs keep it out whatever Allow the group adds (`capsKeepOut`: then
 * nothing; when that depends on unknown values, `unknown` with why). A wildcard
 * action or resource is decided on its shortest member (glob-witness.ts `sampleMembers`): a
 * gain there is the group's; explicitly denied or kept out by the boundary or SCPs there, what
 * the rest of the pattern gives is not decided (`unknown`).
 */
export function groupGain(engine: Engine, user: User, group: Group): GroupGain {
  return groupGainsOf(engine, user)(group);
}

/** `groupGain` of `user` for each group, the user's own Allows read once. */
export function groupGainsOf(engine: Engine, user: User): (group: Group) => GroupGain {
  let byUser = gainsMemo.get(engine);
  if (!byUser) {
    byUser = new Map();
    gainsMemo.set(engine, byUser);
  }
  let out = byUser.get(user.arn);
  if (!out) {
    const gains = new Map<string, GroupGain>();
    const of = userGroupGains(engine, user);
    out = (group) => {
      let g = gains.get(group.id);
      if (!g) {
        g = of(group);
        gains.set(group.id, g);
      }
      return g;
    };
    byUser.set(user.arn, out);
  }
  return out;
}

/** `groupGainsOf` of each user, by engine (the review and the spec ask again for the same). */
const gainsMemo = new WeakMap<Engine, Map<string, (group: Group) => GroupGain>>();

function userGroupGains(engine: Engine, user: User): (group: Group) => GroupGain {
  const model = engine.model;
  // The user's own policies as `decide` gathers them (Engine.principalSideOf: its own, its
  // groups'), those surely there and known: a policy that might not exist (its attachment, the
  // group membership or the policy itself) covers nothing for sure.
  const sure = engine.principalSideOf(user).identity!.policies.filter((p) => !p.presence && !p.unknown);
  // A managed policy the user holds: compiled as `NAME (ARN)` (policy-sets.ts `compileAttached`).
  const held = (arn: string) => sure.some((p) => p.name.endsWith(`(${arn})`));
  const covering = coveringAllows(sure.map((p) => ({ statements: p.statements.map((st) => st.statement) })));
  const covered = (action: string, resource: string) =>
    covering.some(
      (c) =>
        c.actions.some((a) => valueCovers(a, action, true)) &&
        c.resources.some((r) => valueCovers(r, resource)),
    );
  const pairGain = (action: string, resource: string): PairGain => {
    if (covered(action, resource)) return 'none';
    // A policy variable resolves per request: not decided here (the group's, as before).
    if (resource.includes('${')) return 'gain';
    const sample = (p: string) => (/[*?]/.test(p) ? sampleMembers(patternTokens(p))[0] : p);
    const wild = /[*?]/.test(action) || /[*?]/.test(resource);
    const d = decideAnyContext(
      engine,
      { principal: user.arn, action: sample(action), resource: sample(resource) },
      { ...LEAN, reasons: true },
    );
    if (d.access === 'deny' && d.decision.reason === 'explicit-deny')
      return wild
        ? {
            unknown: `what ${action} on ${resource} gives beyond user ${user.name}'s own is not decided: an explicit Deny keeps out its first request, the rest of the pattern is not weighed`,
          }
        : 'none';
    // Allowed already: the literal request is the user's; a pattern's other members may not be.
    if (d.access === 'allow') return wild ? 'gain' : 'none';
    if (d.access === 'indeterminate') return undecided(action, resource, d.reasons ?? []);
    // Denied for want of an Allow: a Deny the inputs do not pin down may still keep it out.
    if (d.access === 'deny') {
      const strict = engine.decide(
        { principal: user.arn, action: sample(action), resource: sample(resource) },
        { conditions: 'pessimistic', unknowns: true },
      );
      if (strict.reason === 'unknown-value' || strict.unknowns?.length)
        return undecided(action, resource, reasonsOfDecision(strict));
      // The group's Allow is one more identity Allow: the boundary and the SCPs still cap it.
      const capped = capsKeepOut(engine, user, sample(action), sample(resource));
      if (capped === 'out')
        return wild && !boundaryKeepsOutAction(engine, user, action)
          ? {
              unknown: `what ${action} on ${resource} gives user ${user.name} is not decided: its permissions boundary or the SCPs keep out its first request, the rest of the pattern is not weighed`,
            }
          : 'none';
      if (capped !== 'in') return undecided(action, resource, capped.reasons);
    }
    return 'gain';
  };
  return (group) => gainOfGroup(model, group, held, pairGain);
}

/**
 * Whether `user`'s permissions boundary or its account's SCPs keep a request out whatever identity
 * Allow it gets (a group's): "An entity's permissions boundary allows it to perform only the
 * actions that are allowed by both its identity-based policies and its permissions boundaries"
 * (IAM User Guide, "Permissions boundaries for IAM entities"); "SCPs do not grant permissions
 * ... an identity-based policy grants permissions; the SCP limits them" ("If the enforcement code
 * does not find any applicable Allow statements in the SCPs, then the enforcement code returns a
 * final decision of Deny", IAM User Guide, "Policy evaluation logic"). Read from the engine's trace
 * of the request under the most any context gives (free-decision.ts: optimistic): a boundary
 * (surely present) or SCP stage that does not allow it, `out`; one that depends on an unknown
 * (a statement, the SCPs' placement, a boundary that might not exist), `open` with the reasons;
 * else `in`. Made only for a request the user is now denied for want of an Allow.
 */
function capsKeepOut(
  engine: Engine,
  user: User,
  action: string,
  resource: string,
): 'out' | 'in' | { reasons: MatrixReason[] } {
  const d = engine.decide(
    { principal: user.arn, action, resource },
    { conditions: 'optimistic', trace: true },
  );
  const caps = (d.trace ?? []).filter((e) => e.stage === 'scp' || e.stage === 'boundary');
  const maybeBoundary = engine.policySets.boundaryOf(user)?.presence;
  const gaps = caps.filter((e) => e.outcome === undefined && !(e.stage === 'boundary' && maybeBoundary));
  if (gaps.length) return 'out';
  const open = caps.filter((e) => e.outcome === 'unknown');
  if (maybeBoundary && caps.some((e) => e.stage === 'boundary' && e.outcome === undefined))
    return {
      reasons: [
        ...open.map(reasonOfEntry),
        {
          kind: 'unknown-value',
          text: `the permissions boundary of user ${user.name} might not exist: ${maybeBoundary.reason}`,
          stage: 'boundary',
          ...(maybeBoundary.source ? { source: maybeBoundary.source } : {}),
        },
      ],
    };
  if (open.length) return { reasons: open.map(reasonOfEntry) };
  return 'in';
}

/**
 * Whether `user`'s permissions boundary keeps literal action `action` out on every resource: a
 * boundary surely present, every statement known, none of whose Allows may match the action (so
 * no resource of a wildcard Resource is allowed by it).
 */
function boundaryKeepsOutAction(engine: Engine, user: User, action: string): boolean {
  if (/[*?]/.test(action)) return false;
  const boundary = engine.policySets.boundaryOf(user);
  if (!boundary || boundary.presence || boundary.unknown) return false;
  const lower = action.toLowerCase();
  return boundary.statements.every(
    (st) => st.effect === 'Deny' || (!st.unknown && !st.presence && st.matchAction(lower) === NO),
  );
}

/** A pair's gain left open by a decision of the user's that depends on unknown values. */
function undecided(action: string, resource: string, reasons: readonly MatrixReason[]): PairGain {
  return {
    unknown: `whether the user can already make ${action} on ${resource} is not known${reasons.length ? `: ${reasons.map((r) => r.text).join('; ')}` : ''}`,
  };
}

/** What one action and resource of a group's Allow gives the user (`userGroupGains`). */
type PairGain = 'none' | 'gain' | { unknown: string };

/** What `group` gives a user holding the managed policies `held` and the Allows `covered` says. */
function gainOfGroup(
  model: Model,
  group: Group,
  held: (arn: string) => boolean,
  pairGain: (action: string, resource: string) => PairGain,
): GroupGain {
  let unknown: string | undefined;
  let more: { action: string; resource: string } | undefined;
  const read = (doc: PolicyDocument | undefined, name: string) => {
    if (!doc) {
      unknown ??= `the document of ${name} of group ${group.name} is not in the inputs`;
      return;
    }
    for (const st of doc.statements) {
      if (st.effect === 'Deny') continue;
      if (st.unknown || typeof st.effect !== 'string') {
        unknown ??= `a statement of ${name} of group ${group.name} is not known`;
        continue;
      }
      if (st.notAction || st.notResource) {
        more ??= { action: st.notAction ? 'NotAction' : '*', resource: st.notResource ? 'NotResource' : '*' };
        continue;
      }
      const actions = knownValues(st.action);
      const resources = knownValues(st.resource);
      if (!actions || !resources) {
        unknown ??= `an Action or Resource of ${name} of group ${group.name} is not known`;
        continue;
      }
      for (const a of actions)
        for (const r of resources) {
          if (more) return;
          const g = pairGain(a, r);
          if (g === 'gain') more = { action: a, resource: r };
          else if (g !== 'none') unknown ??= `${g.unknown} (${name} of group ${group.name})`;
        }
    }
  };
  for (const ip of group.inlinePolicies)
    read(ip.document.unknown ? undefined : ip.document, `inline policy ${ip.name}`);
  for (const a of group.managedPolicies) {
    if (typeof a.policyArn !== 'string' || isUnknown(a.policyArn)) {
      unknown ??= `a managed policy of group ${group.name} has an ARN the inputs do not pin down`;
      continue;
    }
    if (held(a.policyArn)) continue;
    read(managedDocument(model, a.policyArn), a.policyArn);
  }
  if (more) return { gives: 'more', gain: more };
  return unknown ? { gives: 'unknown', why: unknown } : { gives: 'nothing' };
}
