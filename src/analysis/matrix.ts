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
import { PolicySets } from '../engine/policy-sets.js';
import type { RequestContext } from '../engine/types.js';
import { parseArn } from '../model/arns.js';
import { resolvePrincipalRef } from '../model/references.js';
import type { Resource, Role, User } from '../model/types.js';
import { isUnknown } from '../model/unknown.js';
import type { PrincipalSpec } from '../policy/types.js';
import { compileArnPattern, hasWildcard } from '../policy/wildcard.js';
import { accessRank, assumableRoles, mergeStatementRefs, principalKindOf } from './chains.js';
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

const TRUST_ACTIONS = new Set([
  'sts:assumerole',
  'sts:assumerolewithsaml',
  'sts:assumerolewithwebidentity',
  'sts:tagsession',
  'sts:setsourceidentity',
  'sts:setcontext',
]);

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
      if (st.matchAction(a.lower) !== 0) bits[i] = 1;
    }
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
}

/** Which columns a statement's Resource can reach. */
interface StatementReach {
  all: boolean;
  cols: number[];
  /** Per S3 column: object patterns narrower than `BUCKET/*` the statement names. */
  narrower: Map<number, string[]> | undefined;
}

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

  /** Columns an identity statement's Resource/NotResource can name (cached per statement). */
  reachOf(st: CompiledStatement): StatementReach {
    let r = this.reach.get(st);
    if (r) return r;
    const s = st.statement;
    if (st.unknown || st.effect === 'Unknown' || !s.resource || s.notResource) {
      r = { all: !!(st.unknown || st.effect === 'Unknown' || s.notResource), cols: [], narrower: undefined };
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
      r = all ? { all, cols: [], narrower: undefined } : { all, cols: [...cols], narrower };
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
    if (v === '*') return { all: true, cols: [], narrower: undefined };
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
        return { all: false, cols, narrower };
      }
    }
    if (!hasWildcard(v)) return { all: false, cols, narrower };
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
    return { all: false, cols, narrower };
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
        list: actionListFor(`${objectPrefix}iamspec-object`, ['s3']),
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
  return { index, arn, meta, account, services, witnesses, policy, objectPrefix };
}

interface EngineData {
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

const engineData = new WeakMap<Engine, EngineData>();

function dataOf(engine: Engine): EngineData {
  let d = engineData.get(engine);
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
    sets: new PolicySets(model),
    users: new Map(model.users.map((u) => [u.arn, u])),
    roles: new Map(model.roles.map((r) => [r.arn, r])),
    resources: new Map(model.resources.map((r) => [r.arn, r])),
    scps,
    rcps,
    columnIndexes: new Map(),
    accounts: new Set(model.accounts.map((a) => a.id)),
  };
  engineData.set(engine, d);
  return d;
}

function columnIndexOf(data: EngineData, arns: string[]): ColumnIndex {
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

function resolveRows(engine: Engine, data: EngineData, principals: string[] | undefined): MatrixPrincipal[] {
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
// Interning (identical cells share one object: matrices of big organisations repeat a lot)

interface ActionEntry {
  action: string;
  access: Exclude<Access, 'deny'>;
  conditions: string[];
}

const DENY_CELL: MatrixCell = Object.freeze({
  access: 'deny',
  actions: Object.freeze([]) as unknown as MatrixCell['actions'],
  grants: Object.freeze([]) as unknown as StatementRef[],
}) as MatrixCell;
const DENY_LEVELS: MatrixCell[] = Object.freeze(ACCESS_LEVELS.map(() => DENY_CELL)) as MatrixCell[];

class Interner {
  private readonly entries = new Map<string, ActionEntry>();
  private readonly cells = new Map<string, MatrixCell>();
  private readonly rows = new Map<string, MatrixCell[]>();
  private readonly cellKeys = new WeakMap<MatrixCell, string>();

  entry(
    action: string,
    access: Exclude<Access, 'deny'>,
    conditions: string[],
  ): { e: ActionEntry; key: string } {
    const key = `${action}\u0001${access}\u0001${conditions.join('\u0002')}`;
    let e = this.entries.get(key);
    if (!e) {
      e = Object.freeze({ action, access, conditions: Object.freeze([...conditions]) as string[] });
      this.entries.set(key, e);
    }
    return { e, key };
  }

  cell(access: Access, entries: { e: ActionEntry; key: string }[], grants: StatementRef[]): MatrixCell {
    if (access === 'deny') return DENY_CELL;
    const gkey = grants.map((g) => `${g.stage}|${g.policy}|${g.statement}|${g.effect}`).join('\u0003');
    const key = `${access}\u0004${entries.map((x) => x.key).join('\u0005')}\u0004${gkey}`;
    let c = this.cells.get(key);
    if (!c) {
      c = Object.freeze({
        access,
        actions: Object.freeze(entries.map((x) => x.e)) as ActionEntry[],
        grants: Object.freeze(grants) as StatementRef[],
      }) as MatrixCell;
      this.cells.set(key, c);
      this.cellKeys.set(c, key);
    }
    return c;
  }

  levels(cells: MatrixCell[]): MatrixCell[] {
    if (cells.every((c) => c === DENY_CELL)) return DENY_LEVELS;
    const key = cells.map((c) => this.cellKeys.get(c) ?? 'deny').join('\u0006');
    let row = this.rows.get(key);
    if (!row) {
      row = Object.freeze(cells) as MatrixCell[];
      this.rows.set(key, row);
    }
    return row;
  }
}

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
}

function rowState(data: EngineData, p: MatrixPrincipal): RowState {
  const element: User | Role | undefined = data.users.get(p.arn) ?? data.roles.get(p.arn);
  const state: RowState = {
    principal: p.arn,
    identity: [],
    identityUnknown: false,
    boundary: [],
    boundaryUnknown: false,
    scp: [],
    // The root user of a model account needs no Allow statement in its own account.
    noShortcut: p.kind === 'account' && data.accounts.has(accountOf(p.arn) ?? ''),
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
    }
    if (!(element.kind === 'role' && element.serviceLinked)) state.scp = data.scps.get(element.account) ?? [];
  }
  return state;
}

/**
 * Builds the access matrix (see the module comment for what each cell evaluates and how it
 * stays fast). Rows: `options.principals` or every model user and role; columns:
 * `options.resources` or every model resource. `chains[i]`: the roles principal i can reach
 * through sts:AssumeRole, with paths (present only for principals that reach some role).
 */
export function buildMatrix(engine: Engine, options: MatrixOptions = {}): Matrix {
  const data = dataOf(engine);
  const model = engine.model;
  const principals = resolveRows(engine, data, options.principals);
  const resourceArns = options.resources ?? [
    ...model.resources.map((r) => r.arn),
    ...(options.includeRoles ? model.roles.map((r) => r.arn) : []),
  ];
  const index = columnIndexOf(data, [...new Set(resourceArns)]);
  const interner = new Interner();
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
  data: EngineData,
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
  let all = state.noShortcut || state.identityUnknown;
  for (const st of state.identity) {
    if (st.effect === 'Deny') continue;
    const r = index.reachOf(st);
    if (r.all) all = true;
    else
      for (const c of r.cols) {
        if (st.services && !st.services.some((s) => index.columns[c]!.services.has(s))) continue;
        candidates.add(c);
      }
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

interface ActionResult {
  access: Access;
  conditions: string[];
  grants: StatementRef[];
}

function evaluateColumn(
  engine: Engine,
  data: EngineData,
  state: RowState,
  col: Column,
  opaque: boolean,
  narrower: Set<string> | undefined,
  interner: Interner,
  context: RequestContext | undefined,
): MatrixCell[] {
  const best = new Map<string, { ref: ActionRef; result: ActionResult }>();
  const rcp = col.account ? (data.rcps.get(col.account) ?? []) : [];
  const noShortcut = state.noShortcut || state.identityUnknown || state.boundaryUnknown || opaque;

  for (const w of col.witnesses) {
    const list = w.list;
    const nActions = list.actions.length;
    if (!nActions) continue;
    // Statements whose Action may vary the decision, and which of them can grant.
    const stmts: CompiledStatement[] = [];
    const grantCapable: boolean[] = [];
    for (const st of state.identity) {
      if (st.services && !st.services.some((s) => list.services.has(s))) continue;
      stmts.push(st);
      grantCapable.push(st.effect !== 'Deny');
    }
    for (const st of state.boundary) {
      stmts.push(st);
      grantCapable.push(false);
    }
    for (const st of col.policy?.statements ?? []) {
      stmts.push(st);
      grantCapable.push(st.effect !== 'Deny');
    }
    for (const st of state.scp) {
      stmts.push(st);
      grantCapable.push(false);
    }
    for (const st of rcp) {
      stmts.push(st);
      grantCapable.push(false);
    }
    // Group the actions by the statements that match them.
    const sig: string[] = list.actions.map((a) => `${a.service}${a.trust ? '!' : ''}:`);
    const canGrant = new Uint8Array(nActions);
    for (let i = 0; i < stmts.length; i++) {
      const bits = actionMatches(stmts[i]!, list);
      for (let j = 0; j < nActions; j++)
        if (bits[j]) {
          sig[j] += `${i},`;
          if (grantCapable[i]) canGrant[j] = 1;
        }
    }
    const groups = new Map<string, number[]>();
    for (let j = 0; j < nActions; j++) {
      if (!canGrant[j] && !noShortcut) continue; // nothing could allow it: implicit deny
      const g = groups.get(sig[j]!);
      if (g) g.push(j);
      else groups.set(sig[j]!, [j]);
    }
    for (const members of groups.values()) {
      const rep = list.actions[members[0]!]!;
      let result = decide(engine, state.principal, rep.name, w.arn, context);
      if (w.objects && narrower && accessRank(result.access) < 3) {
        for (const pattern of [...narrower].sort()) {
          const alt = decide(engine, state.principal, rep.name, pattern, context);
          if (accessRank(alt.access) <= accessRank(result.access) || alt.access === 'deny') continue;
          result = {
            access: alt.access === 'indeterminate' ? 'indeterminate' : 'conditional',
            conditions: [...alt.conditions, `only objects matching ${pattern}`],
            grants: alt.grants,
          };
          if (alt.access === 'allow') break;
        }
      }
      if (result.access === 'deny') continue;
      for (const j of members) {
        const ref = list.actions[j]!;
        const prev = best.get(ref.name);
        if (!prev || accessRank(prev.result.access) < accessRank(result.access))
          best.set(ref.name, { ref, result });
      }
    }
  }
  if (!best.size) return DENY_LEVELS;

  const perLevel: { ref: ActionRef; result: ActionResult }[][] = ACCESS_LEVELS.map(() => []);
  for (const x of best.values()) perLevel[x.ref.level]!.push(x);
  const levelCells = perLevel.map((xs) => {
    if (!xs.length) return DENY_CELL;
    xs.sort((a, b) => (a.ref.name < b.ref.name ? -1 : a.ref.name > b.ref.name ? 1 : 0));
    let access: Access = 'deny';
    for (const x of xs) if (accessRank(x.result.access) > accessRank(access)) access = x.result.access;
    const entries = xs.map((x) =>
      interner.entry(x.ref.name, x.result.access as Exclude<Access, 'deny'>, x.result.conditions),
    );
    const grants = mergeStatementRefs(...xs.map((x) => x.result.grants));
    return interner.cell(access, entries, grants);
  });
  return interner.levels(levelCells);
}

function decide(
  engine: Engine,
  principal: string,
  action: string,
  resource: string,
  context: RequestContext | undefined,
): ActionResult {
  const d = decideAnyContext(
    engine,
    context ? { principal, action, resource, context } : { principal, action, resource },
  );
  return { access: d.access, conditions: d.conditions, grants: d.grants };
}
