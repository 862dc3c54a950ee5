// The effective-access summary of a model, for access snapshots in unit tests
// (`expect(model).toMatchAccessSnapshot()`, src/testing/matchers.ts): per principal, by access
// level, the actions it can perform with the resources (and the conditions) of each; the roles it
// can reach and through which roles; then the risk findings. The same rows and columns as the
// access diff (diff/layout.ts): every user and role, every other principal the policies name
// (services, other accounts, anonymous callers, federated identities), every resource and role.
// Deterministic and free of what does not change access: everything sorted, no statement
// sources, policy names or file paths, and the names the inputs do not fix (generated from
// logical ids or addresses) replaced by stable labels (diff/identity.ts `generatedNames`), so a
// re-synthesized app with renamed logical ids has the same summary; only an access change
// changes it. What the principals' identity policies allow on resources outside the inputs (which
// no column evaluates) is listed per principal as the statements read (outside-grants.ts), so
// adding such a statement changes the summary too. `report/access-summary.ts` writes it as text.

import { createHash } from 'node:crypto';
import type { Engine } from '../engine/engine.js';
import type { RequestContext } from '../engine/types.js';
import type { Model } from '../model/types.js';
import { resolvePrincipalRef } from '../requests/references.js';
import { ASSUME_ROLE, pathAccess } from './chains.js';
import { modelTexts } from './diff/dependencies.js';
import { accountText } from './diff/normalize.js';
import { conditionClauses, resourcePattern } from './diff/compare-access.js';
import { generatedNames } from './diff/identity.js';
import { buildMatrix } from './matrix/build.js';
import { outsideGrants } from './outside-grants.js';
import { candidatePrincipals } from './principals.js';
import { reviewRisks } from './risks.js';
import type { Access, AccessLevelName, Matrix } from './types.js';

/** One resource an action group reaches, with how. */
export interface SummaryTarget {
  resource: string;
  access: Exclude<Access, 'deny'>;
  conditions: string[];
  /**
   * For indeterminate access: what makes it so (the reasons' words, sorted) and a digest of what
   * the decision depends on (diff/dependencies.ts: the statements that apply to the action of the
   * principal's and the resource's policies, the accounts' SCPs/RCPs, written without names,
   * sources or order), so that access that stays indeterminate but depends on other inputs (a
   * widened policy an unknown ARN may name) changes the summary too.
   */
  unknown?: { reasons: string[]; depends: string };
}

/** Actions of one level that reach exactly the same targets in the same way. */
export interface SummaryActions {
  actions: string[];
  targets: SummaryTarget[];
}

/** A role a principal can reach (assume, directly or through other roles). */
export interface SummaryRole {
  role: string;
  access: Exclude<Access, 'deny'>;
  /** The roles assumed before it, in order (empty: assumed directly). */
  via: string[];
  conditions: string[];
  /** For an indeterminate chain: the digest of what every hop may depend on (as for targets). */
  depends?: string;
}

export interface SummaryPrincipal {
  principal: string;
  levels: { level: AccessLevelName; groups: SummaryActions[] }[];
  roles: SummaryRole[];
  /**
   * What its identity policies allow on resources outside the inputs (outside-grants.ts: `*`,
   * service wildcards, ARNs the inputs do not define), which the rows and columns above do not
   * evaluate: each statement as read, sorted (absent when none).
   */
  outside?: string[];
}

/**
 * A risk finding by what identifies it (as the access diff compares them, diff/compare-risks.ts):
 * its message names policies and statements, which are not access.
 */
export interface SummaryRisk {
  severity: string;
  kind: string;
  subject: string;
  detail?: string;
}

export interface AccessSummary {
  /** Context pinned for every request (e.g. TLS). */
  assumed: RequestContext;
  /** Principals with some access, sorted by name; principals without any are counted. */
  principals: SummaryPrincipal[];
  /** Principals evaluated that have no access at all. */
  withoutAccess: string[];
  risks: SummaryRisk[];
}

export interface AccessSummaryOptions {
  /**
   * Assumed for every request (the matrix's `--assume`; default none): it settles conditions but
   * never hides access (`MatrixOptions.assumed`).
   */
  context?: RequestContext;
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Absolute directories of the model's input files (never written: a snapshot is machine-free). */
function pathRewrite(model: Model): (text: string) => string {
  const dirs = new Set<string>();
  const elements = [...model.users, ...model.roles, ...model.groups, ...model.resources, ...model.policies];
  for (const e of elements) {
    const file = e.source?.file;
    if (!file || !/^([A-Za-z]:)?[\\/]/.test(file)) continue;
    dirs.add(file.replace(/[^\\/]*$/, ''));
  }
  const cwd = process.cwd();
  if (cwd.length > 1) dirs.add(`${cwd}/`);
  const list = [...dirs].sort((a, b) => b.length - a.length);
  return (text) => {
    let out = text;
    for (const d of list) if (out.includes(d)) out = out.split(d).join('');
    return out;
  };
}

/** The request principals of the summary: users, roles, then every other principal the policies name. */
function principalsOf(model: Model): string[] {
  const out = [...model.users, ...model.roles].map((p) => p.arn);
  const seen = new Set(out);
  for (const c of candidatePrincipals(model)) {
    if (c.element || seen.has(c.principal)) continue;
    try {
      resolvePrincipalRef(model, c.principal);
    } catch {
      continue; // not a principal a request can have (diff/layout.ts notes these)
    }
    seen.add(c.principal);
    out.push(c.principal);
  }
  return out;
}

/** Condition clauses without the statements they come from (names and Sids are not access). */
function clauses(conditions: readonly string[], name: (s: string) => string): string[] {
  return [...new Set(conditionClauses(conditions).map(name))].sort(byText);
}

/** What an indeterminate decision depends on, as a digest (see `SummaryTarget.unknown`). */
interface DependsOn {
  cell(principal: string, resource: string, action: string): string;
  chain(principal: string): string;
}

function dependsOn(model: Model, name: (s: string) => string): DependsOn {
  const texts = modelTexts(model, name);
  const accounts = accountText(model);
  const digest = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 12);
  return {
    cell: (principal, resource, action) =>
      digest(
        [
          texts.row(principal, action) ?? `principal ${name(principal)}`,
          texts.column(resource, action) ?? `column ${name(resource)}`,
          accounts,
        ].join('\u0000'),
      ),
    chain: (principal) =>
      digest(
        [
          texts.row(principal, ASSUME_ROLE) ?? `principal ${name(principal)}`,
          texts.assumeGraph(),
          accounts,
        ].join('\u0000'),
      ),
  };
}

function levelsOf(
  matrix: Matrix,
  row: number,
  name: (s: string) => string,
  depends: DependsOn,
): SummaryPrincipal['levels'] {
  const out: SummaryPrincipal['levels'] = [];
  matrix.levels.forEach((level, li) => {
    // action → its targets (resource, access, conditions)
    const byAction = new Map<string, SummaryTarget[]>();
    matrix.resources.forEach((r, ri) => {
      const cell = matrix.cells.at(row, ri)[li];
      if (!cell || cell.access === 'deny') return;
      for (const a of cell.actions) {
        const targets = byAction.get(a.action) ?? [];
        targets.push({
          resource: name(resourcePattern(r, r.arn, a.action)),
          access: a.access,
          conditions: clauses(a.conditions, name),
          ...(a.access === 'indeterminate'
            ? {
                unknown: {
                  reasons: [...new Set((cell.reasons ?? []).map((x) => name(x.text)))].sort(byText),
                  depends: depends.cell(matrix.principals[row]!.arn, r.arn, a.action),
                },
              }
            : {}),
        });
        byAction.set(a.action, targets);
      }
    });
    if (!byAction.size) return;
    const groups = new Map<string, SummaryActions>();
    for (const [action, targets] of byAction) {
      targets.sort((a, b) => byText(a.resource, b.resource) || byText(a.access, b.access));
      const key = JSON.stringify(targets);
      const g = groups.get(key);
      if (g) g.actions.push(action);
      else groups.set(key, { actions: [action], targets });
    }
    const list = [...groups.values()];
    for (const g of list) g.actions.sort(byText);
    list.sort((a, b) => byText(a.actions[0]!, b.actions[0]!));
    out.push({ level, groups: list });
  });
  return out;
}

function rolesOf(
  matrix: Matrix,
  row: number,
  name: (s: string) => string,
  depends: DependsOn,
): SummaryRole[] {
  const out: SummaryRole[] = [];
  for (const reach of matrix.chains[row] ?? []) {
    const { access, conditions } = pathAccess(reach.path);
    if (access === 'deny') continue;
    out.push({
      role: name(reach.role),
      access,
      via: reach.path.slice(0, -1).map((h) => name(h.role)),
      conditions: clauses(conditions, name),
      ...(access === 'indeterminate' ? { depends: depends.chain(matrix.principals[row]!.arn) } : {}),
    });
  }
  return out.sort((a, b) => byText(a.role, b.role) || byText(a.via.join(' '), b.via.join(' ')));
}

/** The effective-access summary of the model behind `engine` (see the module comment). */
export function accessSummary(engine: Engine, options: AccessSummaryOptions = {}): AccessSummary {
  const model = engine.model;
  const generated = generatedNames(model);
  const paths = pathRewrite(model);
  const name = (s: string) => paths(generated.rewrite(s));
  const context = options.context ?? {};
  const matrix = buildMatrix(engine, {
    principals: principalsOf(model),
    includeRoles: true,
    ...(Object.keys(context).length ? { assumed: context } : {}),
  });
  const depends = dependsOn(model, name);
  const principals: SummaryPrincipal[] = [];
  const withoutAccess: string[] = [];
  const outside = new Map<string, Set<string>>();
  // An AWS managed policy as its ARN (its statements would change with each catalog update).
  for (const g of outsideGrants(model, undefined, { awsManaged: 'policy' })) {
    const set = outside.get(g.principal) ?? new Set<string>();
    set.add(name(g.statement));
    outside.set(g.principal, set);
  }
  matrix.principals.forEach((p, i) => {
    const statements = [...(outside.get(p.arn) ?? [])].sort(byText);
    const entry: SummaryPrincipal = {
      principal: name(p.arn),
      levels: levelsOf(matrix, i, name, depends),
      roles: rolesOf(matrix, i, name, depends),
      ...(statements.length ? { outside: statements } : {}),
    };
    if (entry.levels.length || entry.roles.length || entry.outside) principals.push(entry);
    else withoutAccess.push(entry.principal);
  });
  principals.sort((a, b) => byText(a.principal, b.principal));
  withoutAccess.sort(byText);
  const risks: SummaryRisk[] = reviewRisks(engine, matrix).map((f) => ({
    severity: f.severity,
    kind: f.kind,
    subject: name(f.subject),
    ...(f.detail !== undefined ? { detail: name(f.detail) } : {}),
  }));
  const rank = { high: 0, medium: 1, low: 2 } as Record<string, number>;
  risks.sort(
    (a, b) =>
      (rank[a.severity] ?? 3) - (rank[b.severity] ?? 3) ||
      byText(a.kind, b.kind) ||
      byText(a.subject, b.subject) ||
      byText(a.detail ?? '', b.detail ?? ''),
  );
  return { assumed: context, principals, withoutAccess, risks };
}
