// The access matrix: principals by resources, each cell one catalog access level (List, Read,
// Write, Permissions management, Tagging) with the actions of that level the principal can
// perform on the resource (allow / conditional / indeterminate, under a free request context)
// and the statements that grant them. Owns `buildMatrix` and its pruning indexes.
//
// What a cell evaluates: the catalog actions of the resource's service whose resource types can
// name the resource (catalog ARN formats). An S3 bucket is evaluated as the bucket ARN (bucket
// actions) and as `arn:aws:s3:::BUCKET/*`, a witness standing for any object of the bucket
// (object actions); when a principal's own statements grant only part of the objects
// (`BUCKET/reports/*`), that pattern is tried too and access found only there is reported as
// conditional ("only objects matching ..."). Actions without resource types (only `*`, e.g.
// s3:ListAllMyBuckets) belong to no resource and are not in the matrix. IAM roles are not
// resources of the default matrix: the roles a principal can reach are in `Matrix.chains`
// (`assumableRoles`); `includeRoles: true` adds every model role as a resource (iam actions on the
// role, and sts:AssumeRole and the other trust actions, decided against its trust policy).
//
// Speed (the matrix of a 5,000-principal organisation must take seconds): the engine decides only
// what could be allowed. A principal can reach a resource only through an Allow of its identity
// policies whose Resource can name the resource (per statement, cached: managed policies are shared
// by many principals) or through the resource's own policy naming it (indexed by principal ARN,
// account, `*`). Within a cell, actions that exactly the same statements match (of every policy
// that applies: identity, boundary, resource, SCP, RCP) get the same decision, so one of them is
// decided for all; groups that no Allow statement matches are denied without deciding. Deny cells
// and identical cells are shared objects. The result is a pure function of the engine and the
// options: slicing `principals` and concatenating rows gives the same matrix.

import { actionsOfService, arnMatchesResourceType, resourceTypesOfService } from '../catalog/index.js';
import type { CatalogAction } from '../catalog/types.js';
import { type CompiledPolicy, type CompiledStatement, compilePolicy } from '../engine/compile-policy.js';
import type { Engine } from '../engine/engine.js';
import type { PolicySets } from '../engine/policy-sets.js';
import type { RequestContext } from '../engine/types.js';
import { parseArn } from '../model/arns.js';
import { resolvePrincipalRef } from '../requests/references.js';
import type { Resource, Role, User } from '../model/types.js';
import { isUnknown } from '../model/unknown.js';
import { OBJECT_WITNESS_NAME } from '../model/stand-ins.js';
import type { PrincipalSpec } from '../policy/types.js';
import { compileArnPattern, hasWildcard } from '../policy/wildcard.js';
import { accessRank, assumableRoles, mergeStatementRefs, principalKindOf } from './chains.js';
import { TRUST_ACTIONS } from '../engine/engine.js';
import { NO } from '../engine/tri.js';
import { decideAnyContext } from './free-decision.js';
import type {
  Access,
  AccessLevelName,
  Matrix,
  MatrixCell,
  MatrixPrincipal,
  MatrixResource,
  StatementRef,
} from './types.js';

export const ACCESS_LEVELS: readonly AccessLevelName[] = [
  'List',
  'Read',
  'Write',
  'Permissions management',
  'Tagging',
];

export interface MatrixOptions {
  /**
   * Rows: request principals (user or role ARNs, service principals, account ids, `anonymous`) or
   * model references (`user/NAME`, `role/NAME`, `group/NAME` = its members). Default: every model
   * user, then every model role.
   */
  principals?: string[];
  /**
   * Columns: resource ARNs (model resources, or any ARN: evaluated as given). Default: every
   * model resource (and every model role with `includeRoles`).
   */
  resources?: string[];
  /** Pinned request context; every other key is free (access under some context = conditional). */
  context?: RequestContext;
  /** Called after each principal row. */
  onProgress?: (done: number, total: number) => void;
  /** Add model roles as resources (default false; see the module comment). */
  includeRoles?: boolean;
  /** Compute `chains` (roles each principal can reach), default true. */
  chains?: boolean;
  /**
   * Interned cells shared with other calls on the same engine (`createMatrixInterner`): a
   * worker building many slices of one matrix keeps one copy of each distinct cell and decision,
   * and equal cells of different slices are the same object. Default: a new one per call.
   */
  interner?: MatrixInterner;
}

/** Interned cells and decisions of matrix builds (see `MatrixOptions.interner`). */
export type MatrixInterner = Interner;

/** A fresh interner to share between `buildMatrix` calls on one engine. */
export function createMatrixInterner(): MatrixInterner {
  return new Interner();
}

// ---------------------------------------------------------------------------------------
// Catalog: applicable actions per resource ARN

interface ActionRef {
  name: string;
  lower: string;
  service: string;
  level: number;
  /** sts:AssumeRole and the other actions the engine decides against a role's trust policy. */
  trust: boolean;
}

/** An interned list of actions (the actions one witness resource can be the target of). */
interface ActionList {
  id: number;
  actions: ActionRef[];
  services: Set<string>;
}

const actionLists = new Map<string, ActionList>();
let nextListId = 0;

function levelIndex(a: CatalogAction): number {
  return ACCESS_LEVELS.indexOf(a.accessLevel);
}

/** Catalog actions of `services` whose resource types can name `arn`. */
function actionListFor(arn: string, services: readonly string[]): ActionList {
  const parts: string[] = [];
  const perService: { service: string; types: Set<string> }[] = [];
  for (const service of services) {
    const types = new Set(
      resourceTypesOfService(service)
        .filter((rt) => arnMatchesResourceType(arn, rt))
        .map((rt) => rt.name),
    );
    perService.push({ service, types });
    parts.push(`${service}:${[...types].sort().join(',')}`);
  }
  const key = parts.join('|');
  let list = actionLists.get(key);
  if (list) return list;
  const actions: ActionRef[] = [];
  for (const { service, types } of perService) {
    if (!types.size) continue;
    for (const a of actionsOfService(service)) {
      if (!a.resourceTypes.some((rt) => types.has(rt.name))) continue;
      const level = levelIndex(a);
      if (level < 0) continue;
      const lower = a.name.toLowerCase();
      actions.push({ name: a.name, lower, service, level, trust: TRUST_ACTIONS.has(lower) });
    }
  }
  actions.sort((x, y) => x.level - y.level || (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
  list = { id: nextListId++, actions, services: new Set(actions.map((a) => a.service)) };
  actionLists.set(key, list);
  return list;
}

/** Per statement and action list: which actions the statement's Action/NotAction can match. */
/** Shared result for statements that match none of a list's actions. */
const NO_MATCH = new Uint8Array(0);

const actionMatchCache = new WeakMap<CompiledStatement, Map<number, Uint8Array>>();

function actionMatches(st: CompiledStatement, list: ActionList): Uint8Array {
  let byList = actionMatchCache.get(st);
  if (!byList) {
    byList = new Map();
    actionMatchCache.set(st, byList);
  }
  let bits = byList.get(list.id);
  if (!bits) {
    bits = new Uint8Array(list.actions.length);
    const services = st.services;
    for (let i = 0; i < list.actions.length; i++) {
      const a = list.actions[i]!;
      if (services && !services.includes(a.service)) continue;
      if (st.matchAction(a.lower) !== NO) bits[i] = 1;
    }
    if (!bits.includes(1)) bits = NO_MATCH;
    byList.set(list.id, bits);
  }
  return bits;
}

// ---------------------------------------------------------------------------------------
// Columns and the per-engine index

interface Witness {
  arn: string;
  list: ActionList;
  /** The "any object of the bucket" witness (narrower object patterns are tried with it). */
  objects: boolean;
}

interface Column {
  index: number;
  arn: string;
  meta: MatrixResource;
  account: string | undefined;
  services: Set<string>;
  witnesses: Witness[];
  /** The resource's policy (a role's trust policy for role columns). */
  policy: CompiledPolicy | undefined;
  /** For S3 buckets: `arn:aws:s3:::BUCKET/`. */
  objectPrefix: string | undefined;
  /**
   * A role or KMS key the inputs do not define: its trust / key policy is unknown (the engine
   * decides it indeterminate for principals outside the model), so the column is never shortcut.
   */
  outsideInputs: boolean;
}

/** Which columns a statement's Resource can reach. */
interface StatementReach {
  all: boolean;
  cols: number[];
  colSet: Set<number>;
  /** Per S3 column: object patterns narrower than `BUCKET/*` the statement names. */
  narrower: Map<number, string[]> | undefined;
}

const NONE: Set<number> = new Set();

interface PolicyNames {
  anyone: boolean;
  names: Set<string>;
  sessionPrefixes: string[];
}

class ColumnIndex {
  readonly columns: Column[];
  private readonly byArn = new Map<string, number>();
  private readonly byService = new Map<string, number[]>();
  private readonly buckets = new Map<string, number>();
  private readonly reach = new WeakMap<CompiledStatement, StatementReach>();
  private readonly patternReach = new Map<string, StatementReach>();
  /** Resource-policy candidates: columns whose policy could allow anyone / names a principal. */
  readonly rpAnyone: number[] = [];
  readonly rpByName = new Map<string, number[]>();
  readonly rpSessions: { prefix: string; col: number }[] = [];
  /** Columns whose policy is unknown or unreadable: never shortcut. */
  readonly opaque = new Set<number>();

  constructor(columns: Column[]) {
    this.columns = columns;
    for (const c of columns) {
      if (!this.byArn.has(c.arn)) this.byArn.set(c.arn, c.index);
      for (const s of c.services) {
        let l = this.byService.get(s);
        if (!l) {
          l = [];
          this.byService.set(s, l);
        }
        l.push(c.index);
      }
      if (c.objectPrefix) this.buckets.set(c.arn, c.index);
      if (c.outsideInputs) this.opaque.add(c.index);
      if (c.policy) {
        if (c.policy.unknown || c.policy.statements.some((s) => s.unknown || s.effect === 'Unknown'))
          this.opaque.add(c.index);
        const names = policyNamesOf(c.policy);
        if (names.anyone) this.rpAnyone.push(c.index);
        else {
          for (const n of names.names) {
            let l = this.rpByName.get(n);
            if (!l) {
              l = [];
              this.rpByName.set(n, l);
            }
            l.push(c.index);
          }
          for (const prefix of names.sessionPrefixes) this.rpSessions.push({ prefix, col: c.index });
        }
      }
    }
  }

  /** Columns grouped by the action lists of their witnesses (same lists: same actions apply). */
  private shapes: { lists: ActionList[]; services: Set<string>; cols: number[] }[] | undefined;

  private shapesOf() {
    if (!this.shapes) {
      const byKey = new Map<string, { lists: ActionList[]; services: Set<string>; cols: number[] }>();
      for (const c of this.columns) {
        const key = c.witnesses.map((w) => w.list.id).join(',');
        let shape = byKey.get(key);
        if (!shape) {
          shape = { lists: c.witnesses.map((w) => w.list), services: c.services, cols: [] };
          byKey.set(key, shape);
        }
        shape.cols.push(c.index);
      }
      this.shapes = [...byKey.values()];
    }
    return this.shapes;
  }

  /** Columns where the statement's Action matches an action that applies (Resource aside). */
  columnsMatchingActions(st: CompiledStatement): number[] {
    const out: number[] = [];
    for (const shape of this.shapesOf()) {
      if (st.services && !st.services.some((s) => shape.services.has(s))) continue;
      if (shape.lists.some((l) => actionMatches(st, l) !== NO_MATCH)) for (const c of shape.cols) out.push(c);
    }
    return out;
  }

  /** Does the statement's Action match an action that applies to column `c`? */
  matchesActionsOf(st: CompiledStatement, c: number): boolean {
    const col = this.columns[c]!;
    if (st.services && !st.services.some((s) => col.services.has(s))) return false;
    return col.witnesses.some((w) => actionMatches(st, w.list) !== NO_MATCH);
  }

  /** Columns an identity statement's Resource/NotResource can name (cached per statement). */
  reachOf(st: CompiledStatement): StatementReach {
    let r = this.reach.get(st);
    if (r) return r;
    const s = st.statement;
    if (st.unknown || st.effect === 'Unknown' || !s.resource || s.notResource) {
      r = {
        all: !!(st.unknown || st.effect === 'Unknown' || s.notResource),
        cols: [],
        colSet: NONE,
        narrower: undefined,
      };
    } else {
      const cols = new Set<number>();
      let narrower: Map<number, string[]> | undefined;
      let all = false;
      for (const v of s.resource.values) {
        if (isUnknown(v)) {
          all = true;
          break;
        }
        const pr = this.patternReachOf(v);
        if (pr.all) {
          all = true;
          break;
        }
        for (const c of pr.cols) cols.add(c);
        if (pr.narrower)
          for (const [c, pats] of pr.narrower) {
            narrower ??= new Map();
            const l = narrower.get(c) ?? [];
            for (const p of pats) if (!l.includes(p)) l.push(p);
            narrower.set(c, l);
          }
      }
      r = all
        ? { all, cols: [], colSet: NONE, narrower: undefined }
        : { all, cols: [...cols], colSet: cols, narrower };
    }
    this.reach.set(st, r);
    return r;
  }

  /** Columns one Resource value can name (an over-approximation; the engine decides exactly). */
  private patternReachOf(raw: string): StatementReach {
    let r = this.patternReach.get(raw);
    if (r) return r;
    r = this.computePatternReach(raw);
    if (this.patternReach.size > 100_000) this.patternReach.clear();
    this.patternReach.set(raw, r);
    return r;
  }

  private computePatternReach(raw: string): StatementReach {
    // Policy variables take request-time values: treat them as wildcards here.
    const v = raw.includes('${') ? raw.replace(/\$\{[^}]*\}/g, '*') : raw;
    if (v === '*') return { all: true, cols: [], colSet: NONE, narrower: undefined };
    const cols: number[] = [];
    let narrower: Map<number, string[]> | undefined;
    const addNarrower = (c: number) => {
      const col = this.columns[c]!;
      if (raw === `${col.objectPrefix}*`) return;
      narrower ??= new Map();
      narrower.set(c, [raw]);
    };
    const exact = this.byArn.get(v);
    if (exact !== undefined) cols.push(exact);
    const arn = parseArn(v);
    // S3 objects: `arn:aws:s3:::BUCKET/KEY` names the bucket's object witness.
    if (arn && arn.service === 's3' && !arn.region && !arn.account) {
      const slash = arn.resource.indexOf('/');
      const bucketPart = slash < 0 ? arn.resource : arn.resource.slice(0, slash);
      if (slash >= 0 && !hasWildcard(bucketPart)) {
        const c = this.buckets.get(`arn:${arn.partition}:s3:::${bucketPart}`);
        if (c !== undefined) {
          cols.push(c);
          addNarrower(c);
        }
        return { all: false, cols, colSet: new Set(cols), narrower };
      }
    }
    if (!hasWildcard(v)) return { all: false, cols, colSet: new Set(cols), narrower };
    // A pattern: test the columns of its service (all columns when the service is a wildcard).
    const fields = v.split(':');
    const service = fields[2];
    const candidates =
      service && !hasWildcard(service)
        ? [
            ...(this.byService.get(service) ?? []),
            ...(service === 'iam' ? (this.byService.get('sts') ?? []) : []),
          ]
        : this.columns.map((c) => c.index);
    const m = compileArnPattern(v);
    const firstWild = v.search(/[*?]/);
    const literal = v.slice(0, firstWild);
    for (const c of new Set(candidates)) {
      const col = this.columns[c]!;
      let hit = false;
      for (const w of col.witnesses) if (m.test(w.arn)) hit = true;
      if (col.objectPrefix) {
        // Could the pattern name some object of the bucket?
        const objects = literal.startsWith(col.objectPrefix) || col.objectPrefix.startsWith(literal);
        if (objects) {
          hit = true;
          if (!m.test(`${col.objectPrefix}*`) && literal.startsWith(col.objectPrefix)) addNarrower(c);
        }
      }
      if (hit && !cols.includes(c)) cols.push(c);
    }
    return { all: false, cols, colSet: new Set(cols), narrower };
  }

  /** Columns whose resource policy could allow `principal` (plus the opaque ones). */
  resourcePolicyColumns(principal: string, partition: string): number[] {
    const out = new Set<number>(this.rpAnyone);
    const arn = principal.startsWith('arn:') ? parseArn(principal) : undefined;
    const keys = [arn ? principal : principal.toLowerCase()];
    if (arn?.account) keys.push(arn.account, `arn:${arn.partition}:iam::${arn.account}:root`);
    if (/^\d{12}$/.test(principal)) keys.push(`arn:${partition}:iam::${principal}:root`);
    for (const k of keys) for (const c of this.rpByName.get(k) ?? []) out.add(c);
    let session: string | undefined;
    if (arn?.service === 'iam' && arn.resource.startsWith('role/'))
      session = `arn:${arn.partition}:sts::${arn.account}:assumed-role/${arn.resource.slice(arn.resource.lastIndexOf('/') + 1)}/`;
    else if (arn?.service === 'sts') session = principal;
    if (session) for (const s of this.rpSessions) if (session.startsWith(s.prefix)) out.add(s.col);
    for (const c of this.opaque) out.add(c);
    return [...out];
  }
}

const statementNames = new WeakMap<CompiledStatement, PolicyNames>();

/** Can this resource-policy Allow statement grant the row's principal by itself? */
function grantsPrincipal(st: CompiledStatement, state: RowState): boolean {
  let names = statementNames.get(st);
  if (!names) {
    names = policyNamesOf({
      name: '',
      kind: 'resource',
      source: st.source,
      statements: [st],
      unknown: undefined,
    });
    statementNames.set(st, names);
  }
  if (names.anyone) return true;
  for (const n of state.names) if (names.names.has(n)) return true;
  if (state.session && names.sessionPrefixes.some((x) => state.session!.startsWith(x))) return true;
  // Naming the account delegates to the account's identity policies, which decide for principals
  // of the model (their identity statements are considered on their own); an account outside the
  // model is assumed to allow.
  if (state.external || state.noShortcut)
    for (const n of state.accountNames) if (names.names.has(n)) return true;
  return false;
}

/** Who an Allow of a resource or trust policy could name (over-approximation). */
function policyNamesOf(policy: CompiledPolicy): PolicyNames {
  const out: PolicyNames = { anyone: false, names: new Set(), sessionPrefixes: [] };
  if (policy.unknown) {
    out.anyone = true;
    return out;
  }
  const take = (spec: PrincipalSpec) => {
    if (spec.wildcard) out.anyone = true;
    for (const list of [spec.aws, spec.federated, spec.canonicalUser])
      for (const v of list?.values ?? []) {
        if (isUnknown(v) || v === '*') {
          out.anyone = true;
          continue;
        }
        out.names.add(v);
        const arn = parseArn(v);
        if (arn?.service === 'sts' && arn.resource.startsWith('assumed-role/'))
          out.sessionPrefixes.push(
            `arn:${arn.partition}:sts::${arn.account}:assumed-role/${arn.resource.split('/')[1]}/`,
          );
      }
    for (const v of spec.service?.values ?? []) {
      if (isUnknown(v)) out.anyone = true;
      else out.names.add(v.toLowerCase());
    }
  };
  for (const st of policy.statements) {
    if (st.effect === 'Deny') continue;
    const s = st.statement;
    if (st.unknown || st.effect === 'Unknown' || s.notPrincipal) out.anyone = true;
    else if (s.principal) take(s.principal);
  }
  return out;
}

function resourceKindName(r: Resource): string {
  return r.kind;
}

function columnFor(
  index: number,
  arn: string,
  resource: Resource | undefined,
  role: Role | undefined,
): Column {
  const parsed = parseArn(arn);
  const service = parsed?.service ?? '';
  const witnesses: Witness[] = [];
  let objectPrefix: string | undefined;
  let policy: CompiledPolicy | undefined;
  if (role) {
    witnesses.push({ arn, list: actionListFor(arn, ['iam', 'sts']), objects: false });
    if (role.trustPolicy) policy = compilePolicy(role.trustPolicy, `trust policy of role ${role.name}`);
  } else {
    witnesses.push({ arn, list: actionListFor(arn, service ? [service] : []), objects: false });
    if (resource?.kind === 's3-bucket' && parsed) {
      objectPrefix = `${arn}/`;
      witnesses.push({
        arn: `${objectPrefix}*`,
        list: actionListFor(`${objectPrefix}${OBJECT_WITNESS_NAME}`, ['s3']),
        objects: true,
      });
    }
    if (resource?.policy) policy = compilePolicy(resource.policy, `resource policy of ${resource.name}`);
  }
  const services = new Set<string>();
  for (const w of witnesses) for (const s of w.list.services) services.add(s);
  const meta: MatrixResource = role
    ? { arn, name: role.name, kind: 'iam-role', source: role.source }
    : resource
      ? { arn, name: resource.name, kind: resourceKindName(resource), source: resource.source }
      : { arn, name: parsed?.resource || arn, kind: service || 'unknown', source: undefined };
  const account = role?.account ?? resource?.account ?? (parsed?.account || undefined);
  const outsideInputs =
    !role &&
    !resource &&
    ((parsed?.service === 'iam' && parsed.resource.startsWith('role/')) ||
      (parsed?.service === 'kms' && parsed.resource.startsWith('key/')));
  return { index, arn, meta, account, services, witnesses, policy, objectPrefix, outsideInputs };
}

interface MatrixModelIndex {
  sets: PolicySets;
  users: Map<string, User>;
  roles: Map<string, Role>;
  resources: Map<string, Resource>;
  scps: Map<string, CompiledStatement[]>;
  rcps: Map<string, CompiledStatement[]>;
  columnIndexes: Map<string, ColumnIndex>;
  accounts: Set<string>;
}

function accountOf(principal: string): string | undefined {
  if (/^\d{12}$/.test(principal)) return principal;
  return parseArn(principal)?.account || undefined;
}

const matrixIndexes = new WeakMap<Engine, MatrixModelIndex>();

function matrixIndexOf(engine: Engine): MatrixModelIndex {
  let d = matrixIndexes.get(engine);
  if (d) return d;
  const model = engine.model;
  const scps = new Map<string, CompiledStatement[]>();
  const rcps = new Map<string, CompiledStatement[]>();
  for (const o of model.organizations) {
    scps.set(
      o.account,
      o.scps.flatMap((doc, i) => compilePolicy(doc, `SCP #${i + 1} of account ${o.account}`).statements),
    );
    rcps.set(
      o.account,
      o.rcps.flatMap((doc, i) => compilePolicy(doc, `RCP #${i + 1} of account ${o.account}`).statements),
    );
  }
  d = {
    sets: engine.policySets,
    users: new Map(model.users.map((u) => [u.arn, u])),
    roles: new Map(model.roles.map((r) => [r.arn, r])),
    resources: new Map(model.resources.map((r) => [r.arn, r])),
    scps,
    rcps,
    columnIndexes: new Map(),
    accounts: new Set(model.accounts.map((a) => a.id)),
  };
  matrixIndexes.set(engine, d);
  return d;
}

function columnIndexOf(data: MatrixModelIndex, arns: string[]): ColumnIndex {
  const key = arns.join('\n');
  let idx = data.columnIndexes.get(key);
  if (!idx) {
    const columns = arns.map((arn, i) => columnFor(i, arn, data.resources.get(arn), data.roles.get(arn)));
    idx = new ColumnIndex(columns);
    if (data.columnIndexes.size > 8) data.columnIndexes.clear();
    data.columnIndexes.set(key, idx);
  }
  return idx;
}

// ---------------------------------------------------------------------------------------
// Rows

function resolveRows(
  engine: Engine,
  data: MatrixModelIndex,
  principals: string[] | undefined,
): MatrixPrincipal[] {
  const model = engine.model;
  if (!principals) {
    return [
      ...model.users.map(
        (u): MatrixPrincipal => ({ id: u.id, arn: u.arn, kind: 'user', name: u.name, source: u.source }),
      ),
      ...model.roles.map(
        (r): MatrixPrincipal => ({ id: r.id, arn: r.arn, kind: 'role', name: r.name, source: r.source }),
      ),
    ];
  }
  const out: MatrixPrincipal[] = [];
  const seen = new Set<string>();
  const add = (p: MatrixPrincipal) => {
    if (seen.has(p.arn)) return;
    seen.add(p.arn);
    out.push(p);
  };
  for (const ref of principals) {
    const element = data.users.get(ref) ?? data.roles.get(ref);
    if (element) {
      add({
        id: element.id,
        arn: element.arn,
        kind: element.kind,
        name: element.name,
        source: element.source,
      });
      continue;
    }
    for (const { principal, element: e } of resolvePrincipalRef(model, ref).principals) {
      if (e) add({ id: e.id, arn: e.arn, kind: e.kind, name: e.name, source: e.source });
      else
        add({
          id: principal,
          arn: principal,
          kind: principalKindOf(principal),
          name: principal,
          source: undefined,
        });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// Interning (identical results, entries and rows share one object: matrices of big
// organisations repeat a lot)

interface ActionEntry {
  action: string;
  access: Exclude<Access, 'deny'>;
  conditions: string[];
}

/** The decision of one group of actions (interned: same access, conditions and grants). */
interface GroupResult {
  id: number;
  access: Access;
  conditions: string[];
  grants: StatementRef[];
}

const DENY_CELL: MatrixCell = Object.freeze({
  access: 'deny',
  actions: Object.freeze([]) as unknown as MatrixCell['actions'],
  grants: Object.freeze([]) as unknown as StatementRef[],
}) as MatrixCell;
const DENY_LEVELS: MatrixCell[] = Object.freeze(ACCESS_LEVELS.map(() => DENY_CELL)) as MatrixCell[];

const refKey = (g: StatementRef) => `${g.stage}|${g.policy}|${g.statement}|${g.effect}`;

/** Evaluation steps in the order the engine's trace lists them. */
const STAGE_ORDER: readonly StatementRef['stage'][] = [
  'principal',
  'scp',
  'rcp',
  'resource',
  'identity',
  'boundary',
  'session',
  'trust',
  'key-policy',
  'result',
];

const compareStrings = (a: string | undefined, b: string | undefined): number =>
  a === b ? 0 : a === undefined ? -1 : b === undefined ? 1 : a < b ? -1 : 1;

/** `Statement[10]` after `Statement[9]`: runs of digits compare as numbers. */
function compareLabels(a: string | undefined, b: string | undefined): number {
  if (a === undefined || b === undefined || a === b) return compareStrings(a, b);
  const pa = a.split(/(\d+)/);
  const pb = b.split(/(\d+)/);
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const x = pa[i]!;
    const y = pb[i]!;
    if (x === y) continue;
    // Odd parts are the digit runs.
    if (i % 2 === 1 && x.length !== y.length) return x.length - y.length;
    return x < y ? -1 : 1;
  }
  return pa.length - pb.length;
}

/**
 * The canonical order of a cell's grants: by evaluation step, policy, statement, effect, then
 * source. It depends only on the statements, never on which decisions a run met first, so rows
 * built in slices (or in worker threads) equal the rows of the whole matrix.
 */
function compareStatementRefs(a: StatementRef, b: StatementRef): number {
  return (
    STAGE_ORDER.indexOf(a.stage) - STAGE_ORDER.indexOf(b.stage) ||
    compareStrings(a.policy, b.policy) ||
    compareLabels(a.statement, b.statement) ||
    compareStrings(a.effect, b.effect) ||
    compareStrings(a.source?.file, b.source?.file) ||
    (a.source?.line ?? 0) - (b.source?.line ?? 0) ||
    (a.source?.column ?? 0) - (b.source?.column ?? 0) ||
    compareStrings(a.source?.pointer, b.source?.pointer)
  );
}

class Interner {
  private readonly results = new Map<string, GroupResult>();
  readonly resultById: GroupResult[] = [];
  private readonly entries = new Map<string, ActionEntry>();
  private readonly rows = new Map<string, MatrixCell[]>();
  private readonly grantUnions = new Map<string, StatementRef[]>();

  result(access: Access, conditions: string[], unordered: StatementRef[]): GroupResult {
    const grants = [...unordered].sort(compareStatementRefs);
    const key = `${access}\u0001${conditions.join('\u0002')}\u0001${grants.map(refKey).join('\u0003')}`;
    let r = this.results.get(key);
    if (!r) {
      r = Object.freeze({
        id: this.resultById.length,
        access,
        conditions: Object.freeze([...conditions]) as string[],
        grants: Object.freeze(grants) as StatementRef[],
      });
      this.results.set(key, r);
      this.resultById.push(r);
    }
    return r;
  }

  entry(action: string, r: GroupResult): ActionEntry {
    const key = `${action}#${r.id}`;
    let e = this.entries.get(key);
    if (!e) {
      e = Object.freeze({
        action,
        access: r.access as Exclude<Access, 'deny'>,
        conditions: r.conditions,
      });
      this.entries.set(key, e);
    }
    return e;
  }

  /**
   * The union of the grants of several results (by result ids, sorted), in the canonical order
   * (`compareStatementRefs`): result ids follow the order in which a run first met each decision.
   */
  grants(ids: number[]): StatementRef[] {
    if (ids.length === 1) return this.resultById[ids[0]!]!.grants;
    const key = ids.join(',');
    let g = this.grantUnions.get(key);
    if (!g) {
      // Sorted before deduplicating: of two references to one statement, the first by source stays.
      const all = ids.flatMap((i) => this.resultById[i]!.grants).sort(compareStatementRefs);
      g = Object.freeze(mergeStatementRefs(all)) as StatementRef[];
      this.grantUnions.set(key, g);
    }
    return g;
  }

  row(key: string, build: () => MatrixCell[]): MatrixCell[] {
    let row = this.rows.get(key);
    if (!row) {
      row = build();
      if (row !== DENY_LEVELS) row = Object.freeze(row) as MatrixCell[];
      this.rows.set(key, row);
    }
    return row;
  }
}

/** Numeric ids of compiled statements, for grouping keys. */
const statementIds = new WeakMap<CompiledStatement, number>();
let nextStatementId = 1;

function statementId(st: CompiledStatement): number {
  let id = statementIds.get(st);
  if (id === undefined) {
    id = nextStatementId++;
    statementIds.set(st, id);
  }
  return id;
}

/** Actions of a list grouped by the statements matching them (those no Allow matches left out). */
interface Grouping {
  id: number;
  groups: number[][];
}

let nextGroupingId = 0;

/** Initial classes of a list's actions: by service, trust actions apart. */
const baseClasses = new WeakMap<ActionList, Int32Array>();

function baseClassesOf(list: ActionList): Int32Array {
  let cls = baseClasses.get(list);
  if (!cls) {
    cls = new Int32Array(list.actions.length);
    const ids = new Map<string, number>();
    list.actions.forEach((a, j) => {
      const k = `${a.service}${a.trust ? '!' : ''}`;
      let id = ids.get(k);
      if (id === undefined) {
        id = ids.size;
        ids.set(k, id);
      }
      cls![j] = id;
    });
    baseClasses.set(list, cls);
  }
  return cls;
}

const groupingCache = new Map<string, Grouping>();

// ---------------------------------------------------------------------------------------
// The matrix

interface RowState {
  principal: string;
  /** Identity statements (all effects), and whether some policy is unknown. */
  identity: CompiledStatement[];
  identityUnknown: boolean;
  boundary: CompiledStatement[];
  boundaryUnknown: boolean;
  scp: CompiledStatement[];
  /** Access without any matching Allow is possible (account root): never shortcut. */
  noShortcut: boolean;
  /** Has a permissions boundary (identity grants need its Allow too). */
  hasBoundary: boolean;
  /** What a resource policy's Principal must name to grant this principal by itself. */
  names: Set<string>;
  accountNames: Set<string>;
  session: string | undefined;
  /** Outside the model's accounts: an Allow naming its account grants (identity assumed to allow). */
  external: boolean;
  /** Per action list id: the row's statements that match some action of it. */
  byList: Map<number, ListStatements>;
  /** The IAM user's name (the value of aws:username), for users. */
  userName: string | undefined;
}

function rowState(data: MatrixModelIndex, p: MatrixPrincipal): RowState {
  const element: User | Role | undefined = data.users.get(p.arn) ?? data.roles.get(p.arn);
  const parsed = p.arn.startsWith('arn:') ? parseArn(p.arn) : undefined;
  const account = accountOf(p.arn);
  const names = new Set<string>([parsed ? p.arn : p.arn.toLowerCase()]);
  const accountNames = new Set<string>();
  if (account) {
    accountNames.add(account);
    accountNames.add(`arn:${parsed?.partition ?? 'aws'}:iam::${account}:root`);
  }
  let session: string | undefined;
  if (parsed?.service === 'iam' && parsed.resource.startsWith('role/'))
    session = `arn:${parsed.partition}:sts::${parsed.account}:assumed-role/${parsed.resource.slice(parsed.resource.lastIndexOf('/') + 1)}/`;
  else if (parsed?.service === 'sts') session = p.arn;
  const state: RowState = {
    principal: p.arn,
    identity: [],
    identityUnknown: false,
    boundary: [],
    boundaryUnknown: false,
    scp: [],
    // The root user of a model account needs no Allow statement in its own account; a federated
    // user session's identity side is its (unknown) caller's.
    noShortcut:
      (p.kind === 'account' && data.accounts.has(account ?? '')) ||
      (parsed?.service === 'sts' && parsed.resource.startsWith('federated-user/')),
    hasBoundary: !!element?.permissionsBoundary,
    names,
    accountNames,
    session,
    external: !!account && !data.accounts.has(account),
    byList: new Map(),
    userName: element?.kind === 'user' ? element.name : undefined,
  };
  if (element) {
    const idx = data.sets.identityOf(element);
    for (const pol of idx.policies) {
      if (pol.unknown) state.identityUnknown = true;
      for (const st of pol.statements) state.identity.push(st);
    }
    const b = data.sets.boundaryOf(element);
    if (b) {
      state.boundary = b.statements;
      state.boundaryUnknown = !!b.unknown;
      // A boundary that might not exist caps nothing for sure: an identity Allow alone may grant.
      if (b.presence) state.hasBoundary = false;
    }
  }
  // SCPs apply to the users, role sessions and root user of the account (not to service-linked
  // roles, services or anonymous callers), as in the engine.
  const serviceLinked = element?.kind === 'role' && element.serviceLinked;
  if (account && !serviceLinked && (p.kind === 'user' || p.kind === 'role' || p.kind === 'account'))
    state.scp = data.scps.get(account) ?? [];
  return state;
}

/**
 * Builds the access matrix (see the module comment for what each cell evaluates and how it
 * stays fast). Rows: `options.principals` or every model user and role; columns:
 * `options.resources` or every model resource. `chains[i]`: the roles principal i can reach
 * through sts:AssumeRole, with paths (present only for principals that reach some role).
 */
export function buildMatrix(engine: Engine, options: MatrixOptions = {}): Matrix {
  const data = matrixIndexOf(engine);
  const model = engine.model;
  const principals = resolveRows(engine, data, options.principals);
  const resourceArns = options.resources ?? [
    ...model.resources.map((r) => r.arn),
    ...(options.includeRoles ? model.roles.map((r) => r.arn) : []),
  ];
  const index = columnIndexOf(data, [...new Set(resourceArns)]);
  const interner = options.interner ?? new Interner();
  const cells: MatrixCell[][][] = [];
  const chains: Matrix['chains'] = {};
  const total = principals.length;

  for (let pi = 0; pi < principals.length; pi++) {
    const p = principals[pi]!;
    cells.push(buildRow(engine, data, index, interner, p, options.context));
    if (
      options.chains !== false &&
      (p.kind === 'user' || p.kind === 'role' || p.kind === 'service' || p.kind === 'account')
    ) {
      const reach = assumableRoles(engine, p.arn, options.context ? { context: options.context } : {});
      if (reach.length) chains[pi] = reach;
    }
    options.onProgress?.(pi + 1, total);
  }
  return {
    levels: [...ACCESS_LEVELS],
    principals,
    resources: index.columns.map((c) => c.meta),
    cells,
    chains,
  };
}

function buildRow(
  engine: Engine,
  data: MatrixModelIndex,
  index: ColumnIndex,
  interner: Interner,
  p: MatrixPrincipal,
  context: RequestContext | undefined,
): MatrixCell[][] {
  const state = rowState(data, p);
  const n = index.columns.length;
  const row: MatrixCell[][] = new Array(n).fill(DENY_LEVELS);

  // Candidate columns and the narrower object patterns this principal's grants name.
  const candidates = new Set<number>();
  const narrower = new Map<number, Set<string>>();
  const addNarrower = (m: Map<number, string[]> | undefined) => {
    if (!m) return;
    for (const [c, pats] of m) {
      let s = narrower.get(c);
      if (!s) {
        s = new Set();
        narrower.set(c, s);
      }
      for (const x of pats) s.add(x);
    }
  };
  const all = state.noShortcut || state.identityUnknown;
  for (const st of state.identity) {
    if (st.effect === 'Deny') continue;
    const r = index.reachOf(st);
    // The resources its Resource can name where its Action matches some action that applies.
    if (r.all) for (const c of index.columnsMatchingActions(st)) candidates.add(c);
    else for (const c of r.cols) if (index.matchesActionsOf(st, c)) candidates.add(c);
    addNarrower(r.narrower);
  }
  if (all) for (let c = 0; c < n; c++) candidates.add(c);
  else for (const c of index.resourcePolicyColumns(p.arn, engine.model.partition)) candidates.add(c);
  // Narrower object patterns the candidate buckets' own policies name.
  for (const c of candidates) {
    const col = index.columns[c]!;
    if (col.objectPrefix && col.policy)
      for (const st of col.policy.statements) {
        if (st.effect === 'Deny' || !st.statement.resource) continue;
        for (const v of st.statement.resource.values)
          if (typeof v === 'string' && v.startsWith(col.objectPrefix) && v !== `${col.objectPrefix}*`)
            addNarrower(new Map([[c, [v]]]));
      }
  }

  for (const c of [...candidates].sort((a, b) => a - b)) {
    const col = index.columns[c]!;
    row[c] = evaluateColumn(
      engine,
      data,
      index,
      state,
      col,
      index.opaque.has(c),
      narrower.get(c),
      interner,
      context,
    );
  }
  return row;
}

/**
 * The statements that can change decisions on one witness of a column, with a key that
 * identifies the set (for the grouping cache).
 */
// Roles of the statements relevant to one witness (see `groupingOf`).
const IDENTITY_ALLOW = 0;
const BOUNDARY_ALLOW = 1;
const RESOURCE_GRANT = 2;
const OTHER = 3;
const SURE_DENY = 4;

/**
 * A Deny that applies whatever the context and resource: no condition, Resource `*`, and not
 * one that might not exist (`presence`).
 */
function isSureDeny(st: CompiledStatement): boolean {
  const s = st.statement;
  return (
    st.effect === 'Deny' &&
    !st.unknown &&
    !st.presence &&
    s.conditions.length === 0 &&
    !s.principal &&
    !s.notPrincipal &&
    !!s.resource?.values.includes('*')
  );
}

/**
 * The statements that can change decisions on one witness of a column, their roles, and a key
 * that identifies both (for the grouping cache).
 */
interface ListStatements {
  /** Identity, boundary and SCP statements matching some action of the list, with their roles. */
  stmts: CompiledStatement[];
  roles: number[];
  reach: StatementReach[];
  ids: number[];
}

/** The row's statements that match some action of `list` (computed once per row and list). */
function rowStatementsFor(index: ColumnIndex, state: RowState, list: ActionList): ListStatements {
  let out = state.byList.get(list.id);
  if (out) return out;
  out = { stmts: [], roles: [], reach: [], ids: [] };
  const add = (st: CompiledStatement, role: number) => {
    if (actionMatches(st, list) === NO_MATCH) return;
    out!.stmts.push(st);
    out!.roles.push(role);
    out!.reach.push(index.reachOf(st));
    out!.ids.push(statementId(st));
  };
  for (const st of state.identity) {
    if (st.services && !st.services.some((s) => list.services.has(s))) continue;
    add(st, st.effect !== 'Deny' ? IDENTITY_ALLOW : isSureDeny(st) ? SURE_DENY : OTHER);
  }
  for (const st of state.boundary) add(st, st.effect !== 'Deny' ? BOUNDARY_ALLOW : OTHER);
  for (const st of state.scp) add(st, isSureDeny(st) ? SURE_DENY : OTHER);
  state.byList.set(list.id, out);
  return out;
}

/**
 * The statements that can change decisions on one witness of a column, their roles, and a key
 * that identifies both (for the grouping cache).
 */
function relevantStatements(
  index: ColumnIndex,
  data: MatrixModelIndex,
  state: RowState,
  col: Column,
  list: ActionList,
): { stmts: CompiledStatement[]; roles: number[]; key: string; anyGrant: boolean } {
  const stmts: CompiledStatement[] = [];
  const roles: number[] = [];
  let key = state.hasBoundary ? 'B|' : '|';
  let anyGrant = false;
  const add = (st: CompiledStatement, role: number, id: number) => {
    stmts.push(st);
    roles.push(role);
    key += `${role}.${id},`;
    if (role === IDENTITY_ALLOW || role === RESOURCE_GRANT) anyGrant = true;
  };
  // Statements whose Resource cannot name this column do not change its decisions, nor do
  // statements that match none of the witness's actions.
  const own = rowStatementsFor(index, state, list);
  for (let i = 0; i < own.stmts.length; i++) {
    const r = own.reach[i]!;
    if (r.all || r.colSet.has(col.index)) add(own.stmts[i]!, own.roles[i]!, own.ids[i]!);
  }
  for (const st of col.policy?.statements ?? []) {
    if (actionMatches(st, list) === NO_MATCH) continue;
    const grants = st.effect !== 'Deny' && grantsPrincipal(st, state);
    add(st, grants ? RESOURCE_GRANT : OTHER, statementId(st));
  }
  const rcp = col.account ? (data.rcps.get(col.account) ?? []) : [];
  for (const st of rcp) {
    if (actionMatches(st, list) === NO_MATCH) continue;
    const r = index.reachOf(st);
    if (r.all || r.colSet.has(col.index)) add(st, OTHER, statementId(st));
  }
  return { stmts, roles, key, anyGrant };
}

function groupingOf(
  list: ActionList,
  stmts: CompiledStatement[],
  roles: number[],
  key: string,
  hasBoundary: boolean,
  noShortcut: boolean,
): Grouping {
  const cacheKey = `${list.id}|${noShortcut ? 1 : 0}|${key}`;
  let g = groupingCache.get(cacheKey);
  if (g) return g;
  const n = list.actions.length;
  // Actions matched by exactly the same statements get the same decision (the engine looks at
  // the action only through each statement's Action match; trust actions and services differ).
  // Actions no statement could allow are implicitly denied: an identity Allow counts only when
  // the boundary (if any) allows too; a resource-policy Allow only when it names the principal.
  const cls = Int32Array.from(baseClassesOf(list));
  const remap = new Int32Array(2 * n + 2);
  const identity = new Uint8Array(n);
  const boundary = new Uint8Array(n);
  const resource = new Uint8Array(n);
  const denied = new Uint8Array(n);
  for (let i = 0; i < stmts.length; i++) {
    const bits = actionMatches(stmts[i]!, list);
    if (bits === NO_MATCH) continue;
    const role = roles[i]!;
    // Refine the classes: actions stay together only if this statement matches all or none.
    remap.fill(-1);
    let next = 0;
    for (let j = 0; j < n; j++) {
      const k = cls[j]! * 2 + bits[j]!;
      let c = remap[k]!;
      if (c < 0) {
        c = next++;
        remap[k] = c;
      }
      cls[j] = c;
      if (bits[j]) {
        if (role === IDENTITY_ALLOW) identity[j] = 1;
        else if (role === BOUNDARY_ALLOW) boundary[j] = 1;
        else if (role === RESOURCE_GRANT) resource[j] = 1;
        else if (role === SURE_DENY) denied[j] = 1;
      }
    }
  }
  const byClass = new Map<number, number[]>();
  for (let j = 0; j < n; j++) {
    if (!noShortcut) {
      if (denied[j]) continue;
      if (!resource[j] && !(identity[j] && (!hasBoundary || boundary[j]))) continue;
    }
    const members = byClass.get(cls[j]!);
    if (members) members.push(j);
    else byClass.set(cls[j]!, [j]);
  }
  g = { id: nextGroupingId++, groups: [...byClass.values()] };
  if (groupingCache.size > 50_000) groupingCache.clear();
  groupingCache.set(cacheKey, g);
  return g;
}

function evaluateColumn(
  engine: Engine,
  data: MatrixModelIndex,
  index: ColumnIndex,
  state: RowState,
  col: Column,
  opaque: boolean,
  narrower: Set<string> | undefined,
  interner: Interner,
  context: RequestContext | undefined,
): MatrixCell[] {
  const noShortcut = state.noShortcut || state.identityUnknown || state.boundaryUnknown || opaque;
  // Per witness, the result id of each action (-1: denied); the row key names the groupings and
  // the result of each group, which determine the cells.
  const perWitness: Int32Array[] = [];
  let rowKey = '';
  let any = false;
  for (const w of col.witnesses) {
    const list = w.list;
    const ids = new Int32Array(list.actions.length).fill(-1);
    perWitness.push(ids);
    if (!list.actions.length) continue;
    const { stmts, roles, key, anyGrant } = relevantStatements(index, data, state, col, list);
    if (!noShortcut && !anyGrant) continue;
    const grouping = groupingOf(list, stmts, roles, key, state.hasBoundary, noShortcut);
    rowKey += `${list.id}/${grouping.id}:`;
    for (const members of grouping.groups) {
      const rep = list.actions[members[0]!]!;
      let result = decide(engine, interner, state.principal, rep.name, w.arn, context);
      if (w.objects && narrower && accessRank(result.access) < 3) {
        for (const raw of [...narrower].sort()) {
          // A home-folder pattern (`bucket/${aws:username}/*`) names the row's own folder.
          const pattern = state.userName ? raw.replace(/\$\{aws:username\}/gi, state.userName) : raw;
          const alt = decide(engine, interner, state.principal, rep.name, pattern, context);
          if (alt.access === 'deny' || accessRank(alt.access) <= accessRank(result.access)) continue;
          result = interner.result(
            alt.access === 'indeterminate' ? 'indeterminate' : 'conditional',
            [...alt.conditions, `only objects matching ${pattern}`],
            alt.grants,
          );
          if (alt.access === 'allow') break;
        }
      }
      rowKey += `${result.id},`;
      if (result.access === 'deny') continue;
      any = true;
      for (const j of members) ids[j] = result.id;
    }
    rowKey += ';';
  }
  if (!any) return DENY_LEVELS;
  return interner.row(rowKey, () => buildLevels(col, perWitness, interner));
}

function buildLevels(col: Column, perWitness: Int32Array[], interner: Interner): MatrixCell[] {
  // Best result per action name (an action may apply to several witnesses).
  const best = new Map<string, { ref: ActionRef; result: GroupResult }>();
  col.witnesses.forEach((w, wi) => {
    const ids = perWitness[wi]!;
    for (let j = 0; j < ids.length; j++) {
      const id = ids[j]!;
      if (id < 0) continue;
      const result = interner.resultById[id]!;
      const ref = w.list.actions[j]!;
      const prev = best.get(ref.name);
      if (!prev || accessRank(prev.result.access) < accessRank(result.access))
        best.set(ref.name, { ref, result });
    }
  });
  const perLevel: { ref: ActionRef; result: GroupResult }[][] = ACCESS_LEVELS.map(() => []);
  for (const x of best.values()) perLevel[x.ref.level]!.push(x);
  return perLevel.map((xs) => {
    if (!xs.length) return DENY_CELL;
    xs.sort((a, b) => (a.ref.name < b.ref.name ? -1 : a.ref.name > b.ref.name ? 1 : 0));
    let access: Access = 'deny';
    const resultIds = new Set<number>();
    for (const x of xs) {
      if (accessRank(x.result.access) > accessRank(access)) access = x.result.access;
      resultIds.add(x.result.id);
    }
    return Object.freeze({
      access,
      actions: Object.freeze(xs.map((x) => interner.entry(x.ref.name, x.result))) as ActionEntry[],
      grants: interner.grants([...resultIds].sort((a, b) => a - b)),
    }) as MatrixCell;
  });
}

function decide(
  engine: Engine,
  interner: Interner,
  principal: string,
  action: string,
  resource: string,
  context: RequestContext | undefined,
): GroupResult {
  const d = decideAnyContext(
    engine,
    context ? { principal, action, resource, context } : { principal, action, resource },
    // Only groups some Allow statement matches get here, so most are allowed: tracing the first
    // (optimistic) decision spares deciding it twice.
    { trace: true },
  );
  return interner.result(d.access, d.conditions, d.grants);
}
