// Evaluates a Terraform configuration: module instances (local modules, count/for_each on
// modules), resource and data instances (count/for_each), variables (values, plan variables,
// defaults), locals, outputs and references between them, with computed attributes derived
// from documented ARN formats. With a plan overlay, instances take the plan's values and only
// what the plan leaves unknown is recomputed from the configuration's expressions (the plan
// and its configuration as one Terraform root).

import { inputLimits } from '../../../model/read-input.js';
import { relative, resolve, sep } from 'node:path';
import type { Finding } from '../../../model/finding.js';
import type { Source } from '../../../model/source.js';
import { isUnknown, Unknown } from '../../../model/unknown.js';
import { alternatives, andPresence, MaybeElement, optionsOf } from '../eval/branches.js';
import { type AwsEnv, fillComputed, keepUnknownNameReason, unknownNameReason } from '../eval/computed.js';
import { defaultTagsOf, tagsAll } from './default-tags.js';
import { changesIgnored, ignoredChanges, isIgnored, withIgnoredUnknown } from './ignore-changes.js';
import { providerAccountOf, providerRegionOf } from './provider-config.js';
import { envInAccount } from '../plan/provider-accounts.js';
import { unknownRegionDataFinding } from '../handlers/instance-region.js';
import { evaluate } from '../eval/evaluator.js';
import { PartlyKnownList, PartlyKnownMap } from '../eval/partial-list.js';
import { errorAt, isFailure, plain, type Resolver, type Scope, type Step, unknownAt } from '../eval/scope.js';
import {
  ConversionError,
  deepUnknown,
  isObject,
  markOpen,
  type TfObject,
  tfEquals,
  UNKNOWN_KEY,
} from '../eval/values.js';
import { exprText } from '../hcl/print.js';
import {
  type Attribute,
  type Block,
  type Body,
  bodyAttrs,
  bodyBlocks,
  type Expr,
  type Pos,
} from '../hcl/ast.js';
import { literalTemplate } from '../hcl/parser.js';
import { linkedInstances, NotLinked } from './linked-references.js';
import { instanceAddress, type TfInstance } from '../instances.js';
import {
  countExpansion,
  type Expansion,
  type ExpansionSet,
  forEachExpansion,
  type Key,
  SINGLE,
  tooManyInstances,
} from './expansion.js';
import type { Located, ModuleCallConfig, ModuleConfig, ResourceConfig, VariableConfig } from './types.js';
import type { TerraformWorkspace } from './workspace.js';
import {
  convertToType,
  parseTypeConstraint,
  TypeConstraintError,
  type TypeSpec,
} from '../eval/type-constraints.js';

export interface PlanOverlay {
  /** Instance keys the plan has for a resource of a module instance; undefined when it has none. */
  keys(moduleAddress: string, mode: 'managed' | 'data', type: string, name: string): Key[] | undefined;
  /** The plan's values for an instance (Unknowns in place); undefined when the plan lacks it. */
  values(address: string): TfObject | undefined;
  /** Root module variable values recorded in the plan. */
  variable(name: string): unknown;
}

const SKIPPED_BLOCKS = new Set(['lifecycle', 'provisioner', 'connection', 'timeouts']);

/**
 * The source of a configuration element (its line in the `.tf` file, else its pointer in a
 * `.tf.json` file): where every instance of a resource the configuration declares is said to be
 * defined, from HCL or from a plan loaded with its configuration (`load.ts` `planInstanceView`).
 */
export function located(at: Located, address: string | undefined, pos?: Pos): Source {
  const s: Source = { file: at.file };
  const p = pos && pos.line > 0 ? pos : at.pos;
  if (p && p.line > 0) {
    s.line = p.line;
    s.column = p.column;
  } else if (at.pointer) s.pointer = at.pointer;
  if (address) s.address = address;
  return s;
}

function exprName(e: Expr | undefined): string | undefined {
  if (!e) return undefined;
  if (e.k === 'var') return e.name;
  if (e.k === 'lit' && typeof e.v === 'string') return e.v;
  return literalTemplate(e);
}

export class ConfigEvaluator {
  /** Instances of each expanded resource and module call (by address), and their sum. */
  readonly instanceCounts = new Map<string, number>();
  instanceTotal = 0;
  env: AwsEnv;
  readonly root: ModuleInstance;
  readonly findings: Finding[] = [];
  private readonly reported = new Set<string>();

  constructor(
    readonly config: ModuleConfig,
    readonly varValues: ReadonlyMap<string, unknown>,
    env: AwsEnv,
    readonly overlay: PlanOverlay | undefined,
    /** The workspace `terraform.workspace` names (workspace.ts). */
    readonly workspace: TerraformWorkspace,
  ) {
    this.env = env;
    this.root = new ModuleInstance(this, config, '', undefined, undefined, undefined, {});
  }

  report(key: string, f: Finding): void {
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.findings.push(f);
  }

  /** Evaluates an expression of the root module (provider arguments). */
  evalRoot(expr: Expr, file: string): unknown {
    return this.root.evalExpr(expr, file);
  }

  /** Finds a module instance by address (`module.a["x"].module.b`). */
  moduleInstance(address: string): ModuleInstance | undefined {
    if (!address) return this.root;
    const parts = address.match(/module\.[A-Za-z0-9_-]+(\[(?:"(?:[^"\\]|\\.)*"|\d+)\])?/g) ?? [];
    let cur: ModuleInstance | undefined = this.root;
    for (const p of parts) {
      const m = /^module\.([A-Za-z0-9_-]+)(?:\[(?:"((?:[^"\\]|\\.)*)"|(\d+))\])?$/.exec(p)!;
      const key: Key =
        m[2] !== undefined ? JSON.parse(`"${m[2]}"`) : m[3] !== undefined ? Number(m[3]) : undefined;
      const kids: ModuleInstance[] = cur!.children(m[1]!);
      cur = kids.find((k) => k.key === key);
      if (!cur) return undefined;
    }
    return cur;
  }

  /** Resolved values of one instance (plan values with unknowns recomputed), or undefined. */
  instanceValues(
    moduleAddress: string,
    mode: 'managed' | 'data',
    type: string,
    name: string,
    key: Key,
  ): TfObject | undefined {
    const mi = this.moduleInstance(moduleAddress);
    const rc = mi?.config.resources.get(mode === 'data' ? `data.${type}.${name}` : `${type}.${name}`);
    if (!mi || !rc) return undefined;
    return mi.instanceValue(rc, mi.expansionFor(rc, key));
  }

  /** Every module instance of the configuration (the root first). */
  moduleInstances(): ModuleInstance[] {
    const out: ModuleInstance[] = [];
    const visit = (mi: ModuleInstance) => {
      out.push(mi);
      for (const call of mi.config.moduleCalls.values()) for (const k of mi.children(call.name)) visit(k);
    };
    visit(this.root);
    return out;
  }

  /**
   * Every managed resource instance of the configuration, evaluated, and the data source instances
   * of `dataTypes` (data sources that run code while Terraform plans: `aws_lambda_invocation`).
   */
  managedInstances(dataTypes: ReadonlySet<string> = new Set()): TfInstance[] {
    const out: TfInstance[] = [];
    const visit = (mi: ModuleInstance) => {
      for (const rc of mi.config.resources.values()) {
        if (rc.mode !== 'managed' && !dataTypes.has(rc.type)) continue;
        const set = mi.expand(rc);
        const base = instanceAddress(mi.address, rc.mode, rc.type, rc.name, undefined);
        if (set.cause) this.reportUnknownInstances(base, set, rc.at);
        for (const e of set.list) out.push(mi.tfInstance(rc, e));
      }
      for (const call of mi.config.moduleCalls.values()) {
        const set = mi.childExpansion(call.name);
        const base = `${mi.address ? `${mi.address}.` : ''}module.${call.name}`;
        if (set?.cause) this.reportUnknownInstances(base, set, call.at);
        for (const k of mi.children(call.name)) visit(k);
      }
    };
    visit(this.root);
    return out;
  }

  /** The `tf/unknown-instances` warning for a resource or module call whose instances are not known. */
  private reportUnknownInstances(base: string, set: ExpansionSet, at: Located): void {
    const nameOf = (e: { key?: string | number }) =>
      `${base}${e.key === undefined ? '' : formatKeyOf(e.key)}`;
    const maybe = set.list.filter((e) => e.presence);
    const names = maybe.map(nameOf);
    // A partly known collection (eval/partial-list.ts): its known elements are certain instances.
    const certain = set.standIn ? set.list.filter((e) => !e.presence).map(nameOf) : [];
    const what = set.standIn
      ? `one stand-in instance ${names[0]} stands for ${certain.length ? 'the others' : 'them'}`
      : `${names.join(', ')} might exist`;
    const head = certain.length
      ? `not all the instances of ${base} are known (${certain.join(', ')} ${certain.length === 1 ? 'is' : 'are'} certain)`
      : `the instances of ${base} are not known`;
    this.report(`instances:${base}`, {
      code: 'tf/unknown-instances',
      severity: 'warning',
      message: `${head}: ${set.cause!.reason}; ${what} (maybe-present), so what ${maybe.length === 1 ? 'it grants or denies is' : 'they grant or deny is'} indeterminate`,
      source: set.cause!.source ?? located(at, base),
    });
  }
}

function formatKeyOf(key: string | number): string {
  return instanceAddress('', 'managed', 'x', 'y', key).slice(3);
}

export class ModuleInstance implements Resolver {
  readonly moduleDir: string;
  readonly workDir: string;
  private readonly localCache = new Map<string, unknown>();
  private readonly outputCache = new Map<string, unknown>();
  private readonly valueCache = new Map<string, TfObject>();
  private readonly inProgress = new Set<string>();
  private readonly childCache = new Map<string, { set: ExpansionSet; kids: ModuleInstance[] }>();
  private readonly expansionCache = new Map<ResourceConfig, ExpansionSet>();

  constructor(
    readonly world: ConfigEvaluator,
    readonly config: ModuleConfig,
    readonly address: string,
    readonly parent: ModuleInstance | undefined,
    readonly call: ModuleCallConfig | undefined,
    readonly key: Key,
    /** `count`/`each` of the module call instance, for evaluating the call's arguments. */
    readonly callVars: Record<string, unknown>,
    /** Set when this module instance might not exist (its call's count/for_each, or a parent's). */
    readonly presence?: Unknown,
  ) {
    this.moduleDir = config.dir;
    this.workDir = world.config.dir;
  }

  notice(finding: Finding): void {
    this.world.report(`${finding.code}:${finding.message}`, finding);
  }

  scope(vars: Record<string, unknown>, file: string | undefined, address: string | undefined): Scope {
    return { vars: new Map(Object.entries(vars)), resolver: this, file, address };
  }

  /** Evaluates an expression of this module instance (the arguments of its own provider blocks). */
  evalExpr(expr: Expr, file: string): unknown {
    return evaluate(expr, this.scope({}, file, undefined));
  }

  // ---- references -----------------------------------------------------------------------

  resolve(root: string, steps: Step[], pos: Pos, scope: Scope): { value: unknown; used: number } | undefined {
    const attr = (i: number) => {
      const s = steps[i];
      return s && s.k === 'attr' ? s.name : undefined;
    };
    const err = (msg: string) => ({ value: errorAt(scope, pos, msg), used: steps.length });
    switch (root) {
      case 'var': {
        const n = attr(0);
        return n
          ? { value: this.variable(n, pos, scope), used: 1 }
          : err('"var" must be followed by a variable name');
      }
      case 'local': {
        const n = attr(0);
        return n ? { value: this.local(n, pos, scope), used: 1 } : err('"local" must be followed by a name');
      }
      case 'path': {
        const n = attr(0);
        // relative to the directory Terraform runs in (the root module's): "." for the root
        if (n === 'module') return { value: relativePath(this.workDir, this.config.dir), used: 1 };
        if (n === 'root') return { value: '.', used: 1 };
        if (n === 'cwd') return { value: resolve(this.workDir).split(sep).join('/'), used: 1 };
        return err(`unknown path attribute "${n ?? ''}"`);
      }
      case 'terraform': {
        if (attr(0) !== 'workspace') return err('unsupported terraform attribute');
        const ws = this.world.workspace;
        return { value: 'name' in ws ? ws.name : unknownAt(scope, pos, ws.unknown), used: 1 };
      }
      case 'data': {
        const type = attr(0);
        const name = attr(1);
        if (!type || !name) return err('"data" must be followed by a type and a name');
        const rc = this.config.resources.get(`data.${type}.${name}`);
        if (!rc) return err(`reference to undeclared data source data.${type}.${name}`);
        return { value: this.resourceValue(rc), used: 2 };
      }
      case 'module': {
        const name = attr(0);
        if (!name) return err('"module" must be followed by a module name');
        return this.moduleValue(name, steps.slice(1), pos, scope);
      }
      case 'count':
        return err('count.index is only available in a resource or module with count');
      case 'each':
        return err('each.key/each.value are only available in a resource or module with for_each');
      case 'self':
        return err('self is only available in provisioners');
      default: {
        const name = attr(0);
        if (!name) return undefined;
        const rc = this.config.resources.get(`${root}.${name}`);
        if (rc) return { value: this.resourceValue(rc), used: 1 };
        if (/^[a-z][a-z0-9]*_/.test(root)) return err(`reference to undeclared resource ${root}.${name}`);
        return undefined;
      }
    }
  }

  variable(name: string, pos: Pos | undefined, scope: Scope): unknown {
    const decl = this.config.variables.get(name);
    const typed = (v: unknown) => (decl ? this.convertVariable(decl, v, scope, pos) : v);
    if (!this.parent) {
      if (this.world.varValues.has(name)) return typed(this.world.varValues.get(name));
      const fromPlan = this.world.overlay?.variable(name);
      if (fromPlan !== undefined) return typed(fromPlan);
    } else if (this.call) {
      const arg = bodyAttrs(this.call.body).get(name);
      if (arg) {
        const v = evaluate(arg.expr, this.parent.scope(this.callVars, this.call.at.file, `${this.address}`));
        // "nullable = false": a null argument takes the default
        if (!(v === null && decl?.nullable === false && decl.default)) return typed(v);
      }
    }
    if (!decl) {
      return errorAt(scope, pos, `reference to undeclared input variable "${name}"`);
    }
    if (decl.default) return typed(evaluate(decl.default, this.scope({}, decl.at.file, undefined)));
    if (this.parent) {
      return errorAt(
        scope,
        pos,
        `input variable "${name}" of module ${this.address} has no value: the module call does not set it and it has no default`,
      );
    }
    return unknownAt(
      scope,
      pos,
      `input variable "${name}" has no value: set it with --var ${name}=..., --var-file FILE, a terraform.tfvars or *.auto.tfvars file, or the environment variable TF_VAR_${name}`,
    );
  }

  /** Whether an input variable of the root module has no value (none given, no default). */
  rootVariableWithoutValue(name: string): boolean {
    if (this.parent) return false;
    const decl = this.config.variables.get(name);
    if (!decl || decl.default) return false;
    return !this.world.varValues.has(name) && this.world.overlay?.variable(name) === undefined;
  }

  /**
   * Converts a variable's value to its type constraint (Terraform language, "Type Constraints"):
   * optional object attributes defaulted, primitives converted. A value that does not conform is
   * an evaluation error naming the variable.
   */
  private convertVariable(decl: VariableConfig, value: unknown, scope: Scope, pos: Pos | undefined): unknown {
    if (!decl.typeExpr) return value;
    const where = `input variable "${decl.name}"${this.address ? ` of ${this.address}` : ''}`;
    let type: TypeSpec;
    try {
      type = parseTypeConstraint(decl.typeExpr, (e) => evaluate(e, this.scope({}, decl.at.file, undefined)));
    } catch (e) {
      if (e instanceof TypeConstraintError || e instanceof ConversionError)
        return errorAt(scope, decl.typeExpr.pos, `the type of ${where} is invalid: ${e.message}`);
      throw e;
    }
    try {
      return convertToType(value, type, `var.${decl.name}`, (reason) => unknownAt(scope, pos, reason));
    } catch (e) {
      if (e instanceof ConversionError)
        return errorAt(scope, pos, `invalid value for ${where}: ${e.message}`);
      throw e;
    }
  }

  local(name: string, pos: Pos, scope: Scope): unknown {
    if (this.localCache.has(name)) return this.localCache.get(name);
    const decl = this.config.locals.get(name);
    if (!decl) return errorAt(scope, pos, `reference to undeclared local value "${name}"`);
    const guard = `local.${name}`;
    if (this.inProgress.has(guard)) return errorAt(scope, pos, `local.${name} refers to itself`);
    this.inProgress.add(guard);
    const v = evaluate(decl.expr, this.scope({}, decl.at.file, undefined));
    this.inProgress.delete(guard);
    this.localCache.set(name, v);
    return v;
  }

  output(name: string, pos: Pos | undefined, scope: Scope): unknown {
    if (this.outputCache.has(name)) return this.outputCache.get(name);
    const decl = this.config.outputs.get(name);
    if (!decl) return errorAt(scope, pos, `module ${this.address} has no output "${name}"`);
    const guard = `output.${name}`;
    if (this.inProgress.has(guard)) return errorAt(scope, pos, `output ${name} refers to itself`);
    this.inProgress.add(guard);
    const v = evaluate(decl.expr, this.scope({}, decl.at.file, undefined));
    this.inProgress.delete(guard);
    this.outputCache.set(name, v);
    return v;
  }

  private outputsObject(pos: Pos | undefined, scope: Scope): TfObject {
    const out: TfObject = {};
    for (const n of this.config.outputs.keys()) out[n] = this.output(n, pos, scope);
    return out;
  }

  private moduleValue(name: string, steps: Step[], pos: Pos, scope: Scope): { value: unknown; used: number } {
    const call = this.config.moduleCalls.get(name);
    if (!call)
      return {
        value: errorAt(scope, pos, `reference to undeclared module "${name}"`),
        used: steps.length + 1,
      };
    const kids = this.children(name);
    const set = this.childExpansion(name);
    if (!call.module || !set) {
      return {
        value: unknownAt(scope, pos, `module "${name}" (source ${call.source ?? 'unknown'}) is not loaded`),
        used: steps.length + 1,
      };
    }
    if (set.cause) {
      // instances not known: the module's value is one of the options, or unknown
      return { value: this.maybeModuleValue(set, kids, steps, pos, scope), used: steps.length + 1 };
    }
    const expanded = call.count !== undefined || call.forEach !== undefined;
    if (!expanded) {
      const child = kids[0];
      if (!child)
        return { value: unknownAt(scope, pos, `module "${name}" is not loaded`), used: steps.length + 1 };
      const s0 = steps[0];
      if (s0 && s0.k === 'attr') return { value: child.output(s0.name, pos, scope), used: 2 };
      return { value: child.outputsObject(pos, scope), used: 1 };
    }
    const s0 = steps[0];
    const s1 = steps[1];
    if (s0 && s0.k === 'index' && !isUnknown(s0.key)) {
      const child = kids.find((k) => String(k.key) === String(s0.key));
      if (!child)
        return { value: errorAt(scope, pos, `module.${name}[${String(s0.key)}] does not exist`), used: 2 };
      if (s1 && s1.k === 'attr') return { value: child.output(s1.name, pos, scope), used: 3 };
      return { value: child.outputsObject(pos, scope), used: 2 };
    }
    if (call.count !== undefined) return { value: kids.map((k) => k.outputsObject(pos, scope)), used: 1 };
    const obj: TfObject = {};
    for (const k of kids) obj[String(k.key)] = k.outputsObject(pos, scope);
    return { value: obj, used: 1 };
  }

  // ---- expansion ------------------------------------------------------------------------

  private expandWith(
    count: Expr | undefined,
    forEach: Expr | undefined,
    scopeOf: () => Scope,
    key: string,
  ): ExpansionSet {
    const locate = (e: Expr) => unknownAt(scopeOf(), e.pos, exprText(e));
    let set = SINGLE;
    if (count !== undefined) set = countExpansion(evaluate(count, scopeOf()), count, locate);
    else if (forEach !== undefined) set = forEachExpansion(evaluate(forEach, scopeOf()), forEach, locate);
    else return set;
    // All instances together (every resource and module call, in every module instance), each
    // expansion counted once however often it is asked for.
    if (!this.world.instanceCounts.has(key)) {
      this.world.instanceCounts.set(key, set.list.length);
      this.world.instanceTotal += set.list.length;
      const total = 10 * inputLimits().maxInstances;
      if (this.world.instanceTotal > total) {
        const e = (count ?? forEach)!;
        throw tooManyInstances(
          `the configuration expands to more than ${total} resource and module instances in all (10 times the limit of ${inputLimits().maxInstances} per count or for_each)`,
          locate(e).source,
        );
      }
    }
    return set;
  }

  /** The instances of a resource of this module instance (see expansion.ts). */
  expand(rc: ResourceConfig): ExpansionSet {
    const hit = this.expansionCache.get(rc);
    if (hit) return hit;
    const set = this.expandUncached(rc);
    this.expansionCache.set(rc, set);
    return set;
  }

  private expandUncached(rc: ResourceConfig): ExpansionSet {
    const planKeys = this.world.overlay?.keys(this.address, rc.mode, rc.type, rc.name);
    const address = instanceAddress(this.address, rc.mode, rc.type, rc.name, undefined);
    const fromConfig = this.expandWith(
      rc.count,
      rc.forEach,
      () => this.scope({}, rc.at.file, address),
      address,
    );
    if (!planKeys) return fromConfig;
    // the plan says which instances exist
    const list = planKeys.map((key): Expansion => {
      const known = fromConfig.list.find((e) => e.key === key);
      if (known) return { key: known.key, vars: known.vars };
      if (typeof key === 'number') return { key, vars: { count: { index: key } } };
      if (typeof key === 'string') {
        return {
          key,
          vars: {
            each: {
              key,
              value: unknownAt(this.scope({}, rc.at.file, address), rc.forEach?.pos, 'each.value'),
            },
          },
        };
      }
      return { key, vars: {} };
    });
    return { meta: fromConfig.meta, list };
  }

  expansionFor(rc: ResourceConfig, key: Key): Expansion {
    const e = this.expand(rc).list.find((x) => x.key === key);
    if (e) return e;
    if (typeof key === 'number') return { key, vars: { count: { index: key } } };
    if (typeof key === 'string') return { key, vars: { each: { key, value: key } } };
    return { key, vars: {} };
  }

  private childEntry(name: string): { set: ExpansionSet; kids: ModuleInstance[] } | undefined {
    const cached = this.childCache.get(name);
    if (cached) return cached;
    const call = this.config.moduleCalls.get(name);
    if (!call?.module) return undefined;
    const base = `${this.address ? `${this.address}.` : ''}module.${name}`;
    const set = this.expandWith(call.count, call.forEach, () => this.scope({}, call.at.file, base), base);
    const kids = set.list.map(
      (e) =>
        new ModuleInstance(
          this.world,
          call.module!,
          e.key === undefined ? base : `${base}${formatKeyOf(e.key)}`,
          this,
          call,
          e.key,
          e.vars,
          andPresence(this.presence, e.presence),
        ),
    );
    const entry = { set, kids };
    this.childCache.set(name, entry);
    return entry;
  }

  /** The expansion of a module call's count/for_each, whether or not its module is loaded. */
  callExpansion(call: ModuleCallConfig): ExpansionSet {
    const base = `${this.address ? `${this.address}.` : ''}module.${call.name}`;
    return this.expandWith(call.count, call.forEach, () => this.scope({}, call.at.file, base), base);
  }

  /** The instances of a module call (none when its module is not loaded). */
  children(name: string): ModuleInstance[] {
    return this.childEntry(name)?.kids ?? [];
  }

  /** The expansion of a module call; undefined when its module is not loaded. */
  childExpansion(name: string): ExpansionSet | undefined {
    return this.childEntry(name)?.set;
  }

  /** A module call's value when its instances are not known: one of its options, or unknown. */
  private maybeModuleValue(
    set: ExpansionSet,
    kids: ModuleInstance[],
    steps: Step[],
    pos: Pos,
    scope: Scope,
  ): unknown {
    if (!set.options) return plain(set.cause!);
    const whole = (keys: Key[]) => {
      const chosen = keys.map((k) => kids.find((c) => c.key === k)!).filter(Boolean);
      if (set.meta === 'count') return chosen.map((k) => k.outputsObject(pos, scope));
      const obj: TfObject = {};
      for (const k of chosen) obj[String(k.key)] = k.outputsObject(pos, scope);
      return obj;
    };
    void steps;
    return alternatives(set.options.map(whole), set.cause!);
  }

  // ---- resource values ------------------------------------------------------------------

  resourceValue(rc: ResourceConfig): unknown {
    const set = this.expand(rc);
    const exps = set.list;
    if (set.cause) {
      // instances not known: the value is one of the options' values, or unknown
      if (!set.options) return plain(set.cause);
      return alternatives(
        set.options.map((keys) => this.collectionValue(rc, set, keys)),
        set.cause,
      );
    }
    if (
      rc.count === undefined &&
      rc.forEach === undefined &&
      exps.length === 1 &&
      exps[0]!.key === undefined
    ) {
      return this.instanceValue(rc, exps[0]!);
    }
    return this.collectionValue(
      rc,
      set,
      exps.map((e) => e.key),
    );
  }

  private collectionValue(rc: ResourceConfig, set: ExpansionSet, keys: Key[]): unknown {
    const exps = keys.map((k) => set.list.find((e) => e.key === k)!).filter(Boolean);
    if (rc.count !== undefined || (set.meta !== 'for_each' && exps.every((e) => typeof e.key === 'number'))) {
      return exps.map((e) => this.instanceValue(rc, e));
    }
    const obj: TfObject = {};
    for (const e of exps) obj[String(e.key)] = this.instanceValue(rc, e);
    return obj;
  }

  instanceValue(rc: ResourceConfig, e: Expansion): TfObject {
    const address = instanceAddress(this.address, rc.mode, rc.type, rc.name, e.key);
    const cached = this.valueCache.get(address);
    if (cached) return cached;
    const scope = this.scope(e.vars, rc.at.file, address);
    const planValues = this.world.overlay?.values(address);
    if (this.inProgress.has(address)) {
      // a reference cycle (or a self reference): the plan's values, or nothing known
      return planValues ?? { '\u0000cycle': errorAt(scope, rc.at.pos, `${address} refers to itself`) };
    }
    this.inProgress.add(address);
    let values: TfObject;
    if (planValues) {
      values = { ...planValues };
      const configured = configuredNames(rc.body);
      for (const name of configured) {
        const cur = values[name];
        if (cur !== undefined && cur !== null && !deepUnknown(cur)) continue;
        if (cur === null && !deepUnknown(cur)) continue;
        const re = evalBodyItem(rc.body, name, scope);
        if (re === undefined) continue;
        if (isUnknown(re) && (cur === undefined || isUnknown(cur))) {
          values[name] = cur === undefined ? re : cur;
          continue;
        }
        values[name] = re;
      }
    } else {
      values = evalBody(rc.body, scope);
      // attributes `lifecycle { ignore_changes }` leaves to others: unknown (ignore-changes.ts)
      const ignored = ignoredChanges(rc.body);
      if (ignored)
        values = withIgnoredUnknown(
          rc.type,
          values,
          ignored,
          configuredNames(rc.body),
          located(rc.at, address, ignored.pos),
        );
    }
    if (values.region === undefined || values.region === null) {
      // An aliased provider configuration in another region (provider-config.ts).
      const region = providerRegionOf(this.world, this, rc);
      if (region !== undefined) values = { ...values, region };
      // A data.aws_region there reads the stand-in region (eval/computed.ts): say so.
      if (rc.mode === 'data' && rc.type === 'aws_region' && isUnknown(region))
        this.notice(unknownRegionDataFinding(address, region.reason, located(rc.at, address)));
    }
    // The account of its provider configuration (provider-config.ts, plan/provider-accounts.ts).
    const account = providerAccountOf(this.world, this, rc, this.world.env.account);
    values = fillComputed(rc.mode, rc.type, values, envInAccount(this.world.env, account?.where), address);
    // A data source of an IAM element outside the inputs: its path is unknown (eval/computed.ts).
    const pathReason = rc.mode === 'data' ? unknownNameReason(values, 'path') : undefined;
    if (pathReason !== undefined)
      this.notice({
        code: 'tf/unknown-path',
        severity: 'warning',
        message: `the path of ${address} is not known (${pathReason}); the model writes its path "${String(values.path)}", any path where the (unknown-path=…) part stands, so a decision that depends on the path is indeterminate`,
        source: located(rc.at, address),
      });
    if (!planValues && values.tags_all === undefined) {
      const all = tagsAll(defaultTagsOf(this.world, this, rc), values.tags);
      if (all !== undefined) values = keepUnknownNameReason(values, { ...values, tags_all: all });
    }
    values = markOpen(values, address);
    this.inProgress.delete(address);
    this.valueCache.set(address, values);
    return values;
  }

  /**
   * A `tf/value-unpinned` notice for an attribute whose expression refers to resources but is not
   * one of their attributes (config/linked-references.ts): a value of it known only after apply
   * stays unknown. Nothing when it refers to no resource (its value links to nothing anyway).
   */
  private notLinked(
    address: string,
    attr: string,
    expr: Expr,
    key: Key,
    err: NotLinked,
    source: Source,
  ): void {
    let refs: string[];
    try {
      refs = referencedInstances(this, expr, key, 0);
    } catch {
      return;
    }
    if (!refs.length) return;
    const shown =
      refs.length > 3 ? `${refs.slice(0, 3).join(', ')} and ${refs.length - 3} more` : refs.join(', ');
    this.notice({
      code: 'tf/value-unpinned',
      severity: 'warning',
      message: `${address}.${attr} refers to ${shown}, but ${err.message}: a value of it known only after apply is not linked to them and stays unknown, so decisions that depend on it are indeterminate`,
      source,
    });
  }

  tfInstance(rc: ResourceConfig, e: Expansion): TfInstance {
    const address = instanceAddress(this.address, rc.mode, rc.type, rc.name, e.key);
    const values = this.instanceValue(rc, e);
    const presence = andPresence(this.presence, e.presence);
    const account = providerAccountOf(this.world, this, rc, this.world.env.account);
    const attrs = bodyAttrs(rc.body);
    const blocks = new Map<string, Block>();
    for (const it of rc.body.items) if (it.kind === 'block' && !blocks.has(it.type)) blocks.set(it.type, it);
    const attrSource = (name: string): Source => {
      const a = attrs.get(name);
      const b = blocks.get(name);
      return located(rc.at, address, a?.pos ?? b?.pos);
    };
    return {
      address,
      moduleAddress: this.address,
      mode: rc.mode,
      type: rc.type,
      name: rc.name,
      key: e.key,
      action: 'config',
      values,
      source: located(rc.at, address),
      ...(presence ? { presence } : {}),
      ...(account ? { providerAccount: account } : {}),
      attrSource,
      references: (name) => {
        const a = attrs.get(name) ?? nestedAttr(rc.body, name);
        if (!a) return [];
        try {
          return linkedInstances(
            this,
            a.expr,
            { key: e.key, vars: e.vars, file: rc.at.file, forEach: rc.forEach },
            0,
            true,
          );
        } catch (err) {
          // a variable without a value may name anything: no reference is the whole answer
          // (the unknown value's reason names the variable)
          if (err instanceof ReferencesOpen) return [];
          // computed from what it refers to, not one of its attributes: linked to nothing
          if (err instanceof NotLinked) {
            this.notLinked(address, name, a.expr, e.key, err, attrSource(name));
            return [];
          }
          if (!(err instanceof ReferencesTooDeep)) throw err;
          // nothing known is referred to: the caller keeps the target unknown
          this.notice({
            code: 'tf/reference-too-deep',
            severity: 'warning',
            message: `${address}: the ${err.message} from ${name} and are not followed; what it refers to is unknown`,
            source: attrSource(name),
          });
          return [];
        }
      },
      // an attribute `ignore_changes` lists holds what was set outside: as if configured unknown
      configured: (name) =>
        attrs.has(name) || blocks.has(name) || hasDynamic(rc.body, name) || isIgnored(rc.type, rc.body, name),
      ignoresChanges: (name) => changesIgnored(rc.body, name),
    };
  }
}

function hasDynamic(body: Body, name: string): boolean {
  return body.items.some((it) => it.kind === 'block' && it.type === 'dynamic' && it.labels[0] === name);
}

function configuredNames(body: Body): string[] {
  const names = new Set<string>();
  for (const it of body.items) {
    if (it.kind === 'attr') names.add(it.name);
    else if (it.type === 'dynamic') names.add(it.labels[0] ?? '');
    else if (!SKIPPED_BLOCKS.has(it.type)) names.add(it.type);
  }
  names.delete('');
  return [...names];
}

/** Evaluates one attribute (or all blocks of one type) of a body. */
function evalBodyItem(body: Body, name: string, scope: Scope): unknown {
  const attr = bodyAttrs(body).get(name);
  if (attr) return evaluate(attr.expr, scope);
  const sub: Body = {
    items: body.items.filter(
      (it) => it.kind === 'block' && (it.type === name || (it.type === 'dynamic' && it.labels[0] === name)),
    ),
    pos: body.pos,
  };
  if (!sub.items.length) return undefined;
  return evalBody(sub, scope)[name];
}

/** Evaluates a body: attributes by name, nested blocks as lists of objects, dynamic blocks expanded. */
export function evalBody(body: Body, scope: Scope): TfObject {
  const out: TfObject = {};
  for (const it of body.items) {
    if (it.kind === 'attr') {
      out[it.name] = evaluate(it.expr, scope);
      continue;
    }
    if (SKIPPED_BLOCKS.has(it.type)) continue;
    if (it.type === 'dynamic') {
      const type = it.labels[0];
      if (!type) continue;
      const attrs = bodyAttrs(it.body);
      const iter = exprName(attrs.get('iterator')?.expr) ?? type;
      const forEach = attrs.get('for_each');
      const content = it.body.items.find((x): x is Block => x.kind === 'block' && x.type === 'content');
      if (!forEach || !content) continue;
      const coll = evaluate(forEach.expr, scope);
      out[type] ??= [];
      const list = out[type] as unknown[];
      if (!Array.isArray(list)) continue;
      for (const { key, value, presence } of dynamicEntries(coll, type, forEach.expr, scope)) {
        const inner: Scope = { ...scope, vars: new Map([...scope.vars, [iter, { key, value }]]) };
        const block = evalBody(content.body, inner);
        list.push(presence ? new MaybeElement(block, presence) : block);
      }
      continue;
    }
    out[it.type] ??= [];
    const list = out[it.type];
    if (Array.isArray(list)) list.push(evalBody(it.body, scope));
  }
  return out;
}

/**
 * The iterations of a `dynamic` block (Terraform language, "dynamic Blocks"). When its
 * for_each is one of several collections (an undecided condition), the iterations of every
 * option are kept, those not in every option maybe-present; when it is unknown, one
 * maybe-present iteration with an unknown key and value stands for them all; when it is a partly
 * known list or map (eval/partial-list.ts), an iteration per known element or key and that one.
 */
function dynamicEntries(
  coll: unknown,
  type: string,
  expr: Expr,
  scope: Scope,
): { key: unknown; value: unknown; presence?: Unknown }[] {
  if (coll instanceof PartlyKnownList || coll instanceof PartlyKnownMap) {
    // `for_each = concat(local.base, var.extra)` / `merge({ a = ... }, var.extra)`: a block per
    // known element (its key unknown: its index or place is not known) or known key for sure,
    // one maybe-present block for the rest
    const presence = unknownAt(
      scope,
      expr.pos,
      `the for_each of dynamic "${type}" = ${exprText(expr)} is partly known (${coll.reason})`,
    );
    const u = (what: string) =>
      unknownAt(scope, expr.pos, `${type}.${what} of a dynamic block whose for_each is partly known`);
    const known =
      coll instanceof PartlyKnownList
        ? coll.elements.map((value) => ({ key: u('key') as unknown, value }))
        : Object.keys(coll.entries)
            .sort()
            .map((key) => ({ key: key as unknown, value: coll.entries[key] }));
    return [...known, { key: u('key'), value: u('value'), presence }];
  }
  const options = optionsOf(coll);
  const entriesOf = (c: unknown): [unknown, unknown][] | undefined => {
    if (Array.isArray(c))
      return c.some((x) => x instanceof MaybeElement) ? undefined : c.map((v, i) => [i, v]);
    if (isObject(c))
      return Object.keys(c)
        .sort()
        .map((k) => [k, c[k]]);
    return undefined;
  };
  const sets = options.map(entriesOf);
  if (options.length === 1 && sets[0]) return sets[0].map(([key, value]) => ({ key, value }));
  const cause =
    (coll instanceof Unknown ? coll : options.find((o) => o instanceof Unknown)) ??
    unknownAt(
      scope,
      expr.pos,
      `it is ${coll === null || coll === undefined ? 'null' : `a ${typeof coll}`}, not a collection`,
    );
  const why = isFailure(cause) ? `cannot be evaluated (${cause.reason})` : `is not known (${cause.reason})`;
  const presence = unknownAt(scope, expr.pos, `the for_each of dynamic "${type}" = ${exprText(expr)} ${why}`);
  if (sets.some((x) => x === undefined)) {
    const u = (what: string) =>
      unknownAt(scope, expr.pos, `${type}.${what} of a dynamic block whose for_each is unknown`);
    return [{ key: u('key'), value: u('value'), presence }];
  }
  const known = sets as [unknown, unknown][][];
  const out: { key: unknown; value: unknown; presence?: Unknown }[] = [];
  const seen: [unknown, unknown][] = [];
  for (const set of known) {
    for (const [key, value] of set) {
      if (seen.some(([k, v]) => tfEquals(k, key) && tfEquals(v, value))) continue;
      seen.push([key, value]);
      const inAll = known.every((s) => s.some(([k, v]) => tfEquals(k, key) && tfEquals(v, value)));
      out.push(inAll ? { key, value } : { key, value, presence });
    }
  }
  return out;
}

/** Root traversals of an expression: root name and the steps that follow it. */
function traversals(e: Expr, out: { root: string; steps: Expr[] }[] = []): { root: string; steps: Expr[] }[] {
  const walk = (x: Expr): void => {
    if (x.k === 'attr' || x.k === 'index' || x.k === 'var') {
      const steps: Expr[] = [];
      let cur: Expr = x;
      while (cur.k === 'attr' || cur.k === 'index') {
        steps.unshift(cur);
        if (cur.k === 'index') walk(cur.key);
        cur = cur.obj;
      }
      if (cur.k === 'var') out.push({ root: cur.name, steps });
      else walk(cur);
      return;
    }
    switch (x.k) {
      case 'tmpl':
        for (const p of x.parts) walkPart(p);
        return;
      case 'tuple':
        x.items.forEach(walk);
        return;
      case 'object':
        for (const it of x.items) {
          walk(it.key);
          walk(it.value);
        }
        return;
      case 'splat':
        walk(x.obj);
        walk(x.each);
        return;
      case 'call':
        x.args.forEach(walk);
        return;
      case 'cond':
        walk(x.cond);
        walk(x.whenTrue);
        walk(x.whenFalse);
        return;
      case 'unary':
        walk(x.e);
        return;
      case 'binary':
        walk(x.l);
        walk(x.r);
        return;
      case 'for':
        walk(x.coll);
        if (x.keyExpr) walk(x.keyExpr);
        walk(x.valExpr);
        if (x.cond) walk(x.cond);
        return;
      case 'paren':
        walk(x.e);
        return;
      default:
        return;
    }
  };
  const walkPart = (p: import('../hcl/ast.js').TemplatePart): void => {
    if (p.k === 'interp') walk(p.e);
    else if (p.k === 'if') {
      walk(p.cond);
      p.whenTrue.forEach(walkPart);
      p.whenFalse.forEach(walkPart);
    } else if (p.k === 'for') {
      walk(p.coll);
      p.body.forEach(walkPart);
    }
  };
  walk(e);
  return out;
}

function stepName(s: Expr | undefined): string | undefined {
  return s && s.k === 'attr' ? s.name : undefined;
}

/** The instance key an index step selects: a literal, or the current key for count.index/each.key. */
function stepKey(s: Expr | undefined, currentKey: Key): Key | null {
  if (s?.k !== 'index') return null;
  const k = s.key;
  if (k.k === 'lit' && (typeof k.v === 'number' || typeof k.v === 'string')) return k.v;
  if (k.k === 'tmpl') {
    const lit = literalTemplate(k);
    if (lit !== undefined) return lit;
  }
  if (k.k === 'attr' && k.obj.k === 'var' && (k.obj.name === 'count' || k.obj.name === 'each'))
    return currentKey;
  return undefined;
}

/** Most locals, variables and outputs followed from one expression (locals chains included). */
export const MAX_REFERENCE_HOPS = 64;

/**
 * Thrown by `referencedInstances` (when asked to be `complete`) for an expression that uses a
 * root input variable without a value: the value may name anything, so the resources the
 * expression refers to are not all it can be (`coalesce(var.role, aws_iam_role.a.name)`).
 */
export class ReferencesOpen extends Error {
  constructor(readonly variable: string) {
    super(`the expression uses input variable "${variable}", which has no value`);
    this.name = 'ReferencesOpen';
  }
}

/**
 * Thrown by `referencedInstances` when a chain of references is longer than MAX_REFERENCE_HOPS
 * (or a cycle Terraform would reject): what the expression refers to is then unknown as a whole,
 * never a partial list.
 */
export class ReferencesTooDeep extends Error {
  constructor() {
    super(`references go through more than ${MAX_REFERENCE_HOPS} locals, variables and module outputs`);
    this.name = 'ReferencesTooDeep';
  }
}

/**
 * Addresses of the resource instances an expression refers to, following locals, variables and
 * outputs. Throws ReferencesTooDeep past MAX_REFERENCE_HOPS, and with `complete` ReferencesOpen
 * when a root input variable without a value takes part.
 */
export function referencedInstances(
  mi: ModuleInstance,
  e: Expr,
  currentKey: Key,
  depth: number,
  complete = false,
): string[] {
  if (depth > MAX_REFERENCE_HOPS) throw new ReferencesTooDeep();
  const out = new Set<string>();
  const addResource = (mode: 'managed' | 'data', type: string, name: string, key: Key | null) => {
    const rc = mi.config.resources.get(mode === 'data' ? `data.${type}.${name}` : `${type}.${name}`);
    if (!rc) return;
    const exps = mi.expand(rc).list;
    let pick = key === null ? exps : exps.filter((x) => key === undefined || String(x.key) === String(key));
    // an instance key that no known instance has: the stand-in instance, when there is one
    if (!pick.length) pick = exps.filter((x) => x.key === UNKNOWN_KEY);
    for (const x of pick) out.add(instanceAddress(mi.address, mode, type, name, x.key));
  };
  for (const t of traversals(e)) {
    if (t.root === 'data') {
      const type = stepName(t.steps[0]);
      const name = stepName(t.steps[1]);
      if (type && name) addResource('data', type, name, stepKey(t.steps[2], currentKey));
    } else if (t.root === 'var') {
      const n = stepName(t.steps[0]);
      if (complete && n && mi.rootVariableWithoutValue(n)) throw new ReferencesOpen(n);
      const arg = n && mi.call ? bodyAttrs(mi.call.body).get(n) : undefined;
      if (arg && mi.parent) {
        for (const a of referencedInstances(mi.parent, arg.expr, mi.key, depth + 1, complete)) out.add(a);
      }
    } else if (t.root === 'module') {
      const n = stepName(t.steps[0]);
      if (!n) continue;
      const kids = mi.children(n);
      const outName = stepName(t.steps[1]) ?? stepName(t.steps[2]);
      for (const k of kids) {
        const o = outName ? k.config.outputs.get(outName) : undefined;
        if (o) for (const a of referencedInstances(k, o.expr, undefined, depth + 1, complete)) out.add(a);
      }
    } else if (!['local', 'each', 'count', 'path', 'terraform', 'self'].includes(t.root)) {
      const name = stepName(t.steps[0]);
      if (name) addResource('managed', t.root, name, stepKey(t.steps[1], currentKey));
    } else if (t.root === 'local') {
      const n = stepName(t.steps[0]);
      const decl = n ? mi.config.locals.get(n) : undefined;
      if (decl)
        for (const a of referencedInstances(mi, decl.expr, currentKey, depth + 1, complete)) out.add(a);
    }
  }
  return [...out];
}

/** A module directory as Terraform's path.module gives it: relative to the working directory, "/"-separated. */
function relativePath(workDir: string, dir: string): string {
  const r = relative(resolve(workDir), resolve(dir));
  return r === '' ? '.' : r.split(sep).join('/');
}

/**
 * The attribute a dotted path names inside nested blocks (`launch_template.id`: attribute `id` of
 * the first `launch_template` block; `override[1].id`: of the second `override` block), if any; a
 * top-level attribute's name holds no dot.
 */
function nestedAttr(body: Body, path: string): Attribute | undefined {
  const parts = path.split('.');
  if (parts.length < 2) return undefined;
  let at: Body | undefined = body;
  for (const part of parts.slice(0, -1)) {
    const m = /^(.*)\[(\d+)\]$/.exec(part);
    at = at && bodyBlocks(at, m ? m[1]! : part)[m ? Number(m[2]) : 0]?.body;
  }
  return at ? bodyAttrs(at).get(parts.at(-1)!) : undefined;
}
