// The rows and columns an access diff compares on each side, keyed by one name for both states
// (the new state's ARN; a base element matched under a generated name takes its new ARN), each
// with the fingerprint of what its decisions depend on (normalize.ts). Rows: every user and role,
// and every other principal the policies name (service and federated principals, accounts outside
// the model and their users and roles, anonymous callers, any other account: see
// principals.ts). Columns: every resource and every role (who may pass, read or assume it).
// `planRegions` says which rows and columns must be evaluated: those whose fingerprint differs
// (or that exist on one side only); every other cell is the same on both sides.

import { isOpenAccountStandIn } from '../../model/open-accounts.js';
import type { InstanceProfileUse, Model } from '../../model/types.js';
import { isUnknown, type Maybe } from '../../model/unknown.js';
import { resolvePrincipalRef } from '../../requests/references.js';
import { inputGroups } from '../escalation-launch-templates.js';
import { orgPolicyDelegations, policyWriteTargets, selfTagMatters } from '../escalation-writes.js';
import { candidatePrincipals } from '../principals.js';
import type { IdentityMap } from './identity.js';
import {
  accountText,
  candidatePoliciesText,
  managedLookupOf,
  namesUnknownPolicy,
  principalText,
  resourceText,
} from './normalize.js';

export interface LayoutEntry {
  /** The name on this side (ARN, service principal...). */
  arn: string;
  fingerprint: string;
  /** A model user or role (rows), a model role (columns). */
  role: boolean;
  element: boolean;
}

/** One side of the diff: a model and its rows and columns by diff key. */
export interface ModelSide {
  model: Model;
  /** Diff key → this side's entry, in model order. */
  rows: Map<string, LayoutEntry>;
  columns: Map<string, LayoutEntry>;
  /** The fingerprint of what every decision depends on (accounts, SCPs, RCPs). */
  accounts: string;
  /** What the risk review of every principal depends on besides the principal itself. */
  riskContext: string;
  /** Principals the policies name that the engine cannot take as a request principal. */
  skipped: string[];
}

/** Diff key of this side's ARN (base elements renamed to their new ARN). */
export type KeyOf = (arn: string) => string;

export function keyOfBase(identity: IdentityMap): KeyOf {
  return (arn) => identity.baseToNew.get(arn) ?? arn;
}

export const keyOfNew: KeyOf = (arn) => arn;

/**
 * The rows of a model besides its users and roles: every other principal its policies name
 * (candidatePrincipals: services, federated and OIDC/SAML callers, other accounts and their users
 * and roles, anonymous...) that the engine can take as a request principal, once each, in a
 * stable order; `skipped`: those it cannot (said in a note, never compared). The access diff's
 * rows of either side, and what an access snapshot records for them (`matrix --format json`,
 * `outside`), so a snapshot diff compares the same principals as a diff of two models.
 */
export function outsidePrincipals(model: Model): { principals: string[]; skipped: string[] } {
  const elements = new Set<string>();
  for (const p of model.users) elements.add(p.arn);
  for (const p of model.roles) elements.add(p.arn);
  const principals: string[] = [];
  const skipped: string[] = [];
  const seen = new Set<string>();
  for (const c of candidatePrincipals(model)) {
    if (c.element || elements.has(c.principal) || seen.has(c.principal)) continue;
    seen.add(c.principal);
    try {
      resolvePrincipalRef(model, c.principal);
    } catch {
      skipped.push(c.principal);
      continue;
    }
    principals.push(c.principal);
  }
  return { principals, skipped };
}

/**
 * `own` (this model's `outsidePrincipals`) with the other state's outside principals this model
 * does not name but can take as a request principal: a diff decides the principals of both states
 * in each (a service only the base's trust policy names, whose trust is unknown in the new state,
 * may still get in: its access there is the engine's, never an absent row's deny).
 */
export function withOtherOutside(
  model: Model,
  own: { principals: string[]; skipped: string[] },
  other: readonly string[],
): { principals: string[]; skipped: string[] } {
  const known = new Set(own.principals);
  for (const p of model.users) known.add(p.arn);
  for (const p of model.roles) known.add(p.arn);
  const principals = [...own.principals];
  for (const principal of other) {
    if (known.has(principal)) continue;
    known.add(principal);
    try {
      resolvePrincipalRef(model, principal);
    } catch {
      continue;
    }
    principals.push(principal);
  }
  return { principals, skipped: own.skipped };
}

/**
 * Lays out one side (see the module comment). `numbered` names the texts the fingerprints embed by
 * number: give both sides of one diff the same `textNumbering()`.
 */
export function layoutSide(
  model: Model,
  keyOf: KeyOf,
  numbered: (text: string) => string,
  outsideRows: { principals: string[]; skipped: string[] } = outsidePrincipals(model),
): ModelSide {
  const lookup = managedLookupOf(model);
  const groups = new Map(model.groups.map((g) => [g.id, g]));
  const rows = new Map<string, LayoutEntry>();
  const columns = new Map<string, LayoutEntry>();
  const roleTexts = new Map<string, string>();
  // A principal naming a policy by an unknown ARN depends on every candidate policy (made once).
  let candidates: string | undefined;
  for (const p of [...model.users, ...model.roles]) {
    let text = principalText(p, groups, lookup, undefined, numbered);
    if (namesUnknownPolicy(p, groups)) {
      candidates ??= numbered(candidatePoliciesText(model));
      text += ` candidates ${candidates}`;
    }
    if (p.kind === 'role') roleTexts.set(p.arn, text);
    rows.set(keyOf(p.arn), { arn: p.arn, fingerprint: text, role: p.kind === 'role', element: true });
  }
  const { principals: outside, skipped } = outsideRows;
  for (const principal of outside) {
    if (rows.has(keyOf(principal))) continue;
    rows.set(keyOf(principal), {
      arn: principal,
      fingerprint: `candidate ${principal}`,
      role: false,
      element: false,
    });
  }
  for (const r of model.resources)
    columns.set(keyOf(r.arn), { arn: r.arn, fingerprint: resourceText(r), role: false, element: true });
  // an open-account stand-in (model/open-accounts.ts) is a row, never a column
  for (const r of model.roles)
    if (!isOpenAccountStandIn(r))
      columns.set(keyOf(r.arn), {
        arn: r.arn,
        fingerprint: roleTexts.get(r.arn)!,
        role: true,
        element: true,
      });
  return {
    model,
    rows,
    columns,
    accounts: accountText(model),
    riskContext: riskContextOf(model, keyOf, roleTexts),
    skipped,
  };
}

/**
 * What the risk review of one principal reads besides the principal's own inputs: the users,
 * groups and roles it could act on (escalation targets), the roles' trust policies (roles it
 * could pass to services), what runs with each role (EC2 instances, Lambda functions, CodeBuild
 * projects: the roles ssm and update-code escalations reach; a launch template's id, name and
 * Auto Scaling groups), the Auto Scaling groups of the inputs (a group update's targets), the
 * customer managed policies, the Lambda functions and their
 * policies, which resources have a policy, the resources whose policy a principal could rewrite
 * with their policies (what a write gains, escalation-writes.ts), whether some policy reads
 * aws:PrincipalTag (when tagging oneself matters) and the organization's delegation policies
 * (who may change the SCPs/RCPs that govern it; the SCPs/RCPs themselves are in `accounts`).
 * See risks.ts.
 */
function riskContextOf(model: Model, keyOf: KeyOf, roleTexts: Map<string, string>): string {
  return JSON.stringify({
    users: model.users.map((u) => keyOf(u.arn)).sort(),
    groups: model.groups.map((g) => g.arn).sort(),
    roles: model.roles.map((r) => `${keyOf(r.arn)} ${roleTexts.get(r.arn)}`).sort(),
    // What runs with each role (ssm, update-code and CodeBuild escalations reach it through them).
    roleUses: model.roles
      .map((r) =>
        JSON.stringify([
          keyOf(r.arn),
          r.instanceProfiles
            .flatMap((p) => p.usedBy.map((u) => `${u.kind} ${u.name}${templateText(u)}`))
            .sort(),
          r.usedBy.map((u) => `${u.kind} ${u.arn}`).sort(),
        ]),
      )
      .sort(),
    // The Auto Scaling groups a group update may name (escalation-launch-templates.ts `inputGroups`).
    autoScalingGroups: inputGroups(model)
      .map((g) => g.words)
      .sort(),
    policies: model.policies.map((p) => p.arn).sort(),
    functions: model.resources
      .filter((r) => r.kind === 'lambda-function')
      .map((r) => resourceText(r))
      .sort(),
    withPolicy: model.resources
      .filter((r) => r.policy)
      .map((r) => keyOf(r.arn))
      .sort(),
    writable: policyWriteTargets(model)
      .map((t) => resourceText(t.resource))
      .sort(),
    principalTags: selfTagMatters(model),
    orgDelegations: orgPolicyDelegations(model)
      .map((r) => resourceText(r))
      .sort(),
  });
}

/**
 * A launch template's id, name and the groups launching it (name, version, why it is open), which
 * the launch-template rows read (escalation-launch-templates.ts); nothing for another use.
 */
function templateText(u: InstanceProfileUse): string {
  const t = u.launchTemplate;
  if (!t) return '';
  const text = (v: Maybe<string> | undefined) => (isUnknown(v) ? `(unknown: ${v.reason})` : (v ?? ''));
  return ` ${JSON.stringify([
    t.id ?? '',
    t.name ?? '',
    t.groups.map((g) => [text(g.name), text(g.version), g.maybe?.reason ?? '']).sort(),
  ])}`;
}

/** What to evaluate on both sides. */
export interface DiffRegions {
  /** Every cell: the accounts or their SCPs/RCPs differ. */
  full: boolean;
  /** Rows to evaluate against every column (diff keys). */
  rows: Set<string>;
  /** Columns to evaluate for every row (diff keys). */
  columns: Set<string>;
  /** Role chains of every row (some role changed), or only of `rows`. */
  allChains: boolean;
  /** Risk review of every principal (what it reads besides the principal changed), or only of `rows`. */
  allRisks: boolean;
  /**
   * Principals (diff keys) whose risk review is made again besides `rows`: those that can take
   * over a changed user (risk-takeovers.ts), on either side.
   */
  risks?: Set<string>;
}

function changedKeys(a: Map<string, LayoutEntry>, b: Map<string, LayoutEntry>): Set<string> {
  const out = new Set<string>();
  for (const [k, x] of a) {
    const y = b.get(k);
    if (!y || y.fingerprint !== x.fingerprint || y.arn !== x.arn) out.add(k);
  }
  for (const k of b.keys()) if (!a.has(k)) out.add(k);
  return out;
}

/** The rows and columns whose cells can differ (see DiffRegions). */
export function planRegions(base: ModelSide, next: ModelSide): DiffRegions {
  const full = base.accounts !== next.accounts;
  const rows = changedKeys(base.rows, next.rows);
  const columns = changedKeys(base.columns, next.columns);
  const roleChanged = [...columns].some((k) => base.columns.get(k)?.role || next.columns.get(k)?.role);
  return {
    full,
    rows,
    columns,
    allChains: full || roleChanged,
    allRisks: full || base.riskContext !== next.riskContext,
  };
}
