// One CloudFormation stack being evaluated: its template, parameters (defaults, overrides or the
// values a parent stack passes), pseudo parameters, conditions, resource identities and outputs.
// Implements the EvalContext the intrinsic evaluator needs; everything is computed lazily and
// cached, with cycle detection shared across the stacks of one load session.

import type { Severity } from '../../model/finding.js';
import type { Locator, Source } from '../../model/source.js';
import { childPointer } from '../../model/source.js';
import { Unknown } from '../../model/unknown.js';
import { InputError } from './errors.js';
import { type EvalContext, evaluate, evaluateCondition } from './intrinsics.js';
import { type Identity, type ResourceScope, resourceIdentity } from './resource-identity.js';
import {
  expandForEach,
  FOREACH_HOLE_PREFIX,
  type ForEachExpansion,
  usesLanguageExtensions,
} from './language-extensions.js';
import { isRecord, NO_VALUE, type OriginTable, type Resolved, scalarString } from './values.js';

/** What a stack needs from the load session it belongs to. */

/**
 * What gives a stack its parameter values: the command line (`--parameter`), a parent stack
 * (`AWS::CloudFormation::Stack` Parameters), or a Terraform `aws_cloudformation_stack` (its
 * `parameters` map: "parameters - (Optional) A map of Parameter structures that specify input
 * parameters for the stack", Terraform AWS provider).
 */
export type ParameterPasser = 'cli' | 'parent' | { terraform: string };

/** How the user gives parameter `name` a value, by what passes the stack's parameters. */
export function missingParameterHint(name: string, passer: ParameterPasser): string {
  if (passer === 'cli') return `pass --parameter ${name}=VALUE`;
  if (passer === 'parent') return 'the parent stack passes no value';
  return `set parameters["${name}"] in ${passer.terraform}`;
}

export interface StackSession {
  readonly origins: OriginTable;
  addFinding(code: string, severity: Severity, message: string, source: Source): void;
  /** Runs `compute` unless `key` is already being computed (a cycle): then `onCycle`. */
  guard<T>(key: string, compute: () => T, onCycle: () => T): T;
  importValue(name: string, from: StackContext, pointer: string): Resolved;
  stackOutput(
    stackName: string,
    outputName: string,
    region: string | undefined,
    roleAccount: string | Unknown | undefined,
    from: StackContext,
    pointer: string,
  ): Resolved;
  nestedChild(parent: StackContext, logicalId: string): StackContext | undefined;
}

/** A parameter whose `Default` decides a value: of this stack or of an ancestor that passes it down. */
export interface DefaultOrigin {
  stack: StackContext;
  param: string;
}

export interface StackInit {
  session: StackSession;
  template: Record<string, unknown>;
  file: string | undefined;
  locate: Locator | undefined;
  stackName: string;
  /** True when the stack name is the one AWS will use (a cloud assembly's, or one given); false for a file's name. */
  stackNameKnown?: boolean;
  /**
   * Why the name is not known when another input deploys the stack (a Terraform
   * aws_cloudformation_stack whose `name` is known only after apply); else a file's name.
   */
  stackNameUnknown?: Unknown;
  /** Stack-level tags from a cloud assembly; undefined when given at deployment (unknown). */
  stackTags?: Readonly<Record<string, string>>;
  account: string;
  region: string;
  partition: string;
  /** Parameter overrides (`--parameter K=V`); top-level stacks only. */
  parameterOverrides?: Record<string, string>;
  /** Parameters passed by a parent stack (`AWS::CloudFormation::Stack` Parameters), evaluated lazily. */
  parentParameter?: (name: string) => Resolved | undefined;
  /** What passes `parentParameter`'s values when it is not a parent stack (a Terraform stack resource). */
  parametersPassedBy?: ParameterPasser;
  /**
   * Set when the whole stack might not exist (a Terraform stack resource whose `count` /
   * `for_each` is unknown; the nested stacks of such a stack): every resource is maybe-present.
   */
  presence?: Unknown;
  /**
   * The Defaults of the ancestors' parameters that decide the value the parent passes for a
   * parameter (`Parameters: { X: !Ref ParentParam }`, ParentParam taking its Default): see
   * `StackContext.defaultOriginsOf`.
   */
  parentDefaults?: (name: string) => readonly DefaultOrigin[];
  /** Construct paths by logical id (cloud assembly metadata or tree.json). */
  constructPaths?: ReadonlyMap<string, string>;
  /** Construct path of this stack (`/App/Stack`), to derive nested stacks' paths. */
  stackConstructPath?: string;
  /** The parent stack, for nested stacks. */
  parent?: { stack: StackContext; logicalId: string };
  /** Directory to look for nested templates and asset manifests in. */
  baseDir?: string;
  /**
   * For a processed template (the SAM transform expanded): the original pointer a pointer of the
   * processed template comes from, so sources name the lines the user wrote.
   */
  originOf?: (pointer: string) => string | undefined;
  /**
   * Fn::ForEach already expanded before the SAM transform (`Transform` lists
   * AWS::LanguageExtensions first; AWS applies transforms in the order listed): the expansion, so
   * that its unknown loops stay known to the stack. `locate` then already maps its pointers.
   */
  forEach?: ForEachExpansion;
}

export interface TemplateResource {
  logicalId: string;
  type: string;
  properties: Record<string, unknown>;
  metadata: Record<string, unknown>;
  condition: string | undefined;
  pointer: string;
}

let nextStackId = 1;

const PSEUDO_PARAMETERS = new Set([
  'AWS::AccountId',
  'AWS::Region',
  'AWS::Partition',
  'AWS::URLSuffix',
  'AWS::StackName',
  'AWS::StackId',
  'AWS::NotificationARNs',
  'AWS::NoValue',
]);

export class StackContext implements EvalContext {
  readonly id = nextStackId++;
  readonly session: StackSession;
  readonly template: Record<string, unknown>;
  readonly file: string | undefined;
  readonly locate: Locator | undefined;
  readonly stackName: string;
  readonly stackNameKnown: boolean;
  /** See `StackInit.stackNameUnknown`. */
  readonly stackNameUnknown: Unknown | undefined;
  readonly stackTags: Readonly<Record<string, string>> | undefined;
  readonly account: string;
  readonly region: string;
  readonly partition: string;
  readonly urlSuffix: string;
  readonly resources = new Map<string, TemplateResource>();
  readonly parent: { stack: StackContext; logicalId: string } | undefined;
  readonly baseDir: string | undefined;
  readonly stackConstructPath: string | undefined;
  /**
   * Set when the stack is deployed as processed by a transform iamspec does not expand: every
   * resource might not be deployed as written (unexpanded-transform.ts).
   */
  transformPresence: Unknown | undefined;
  /** Where `Fn::Transform` stands in place of resources (`AWS::Include` of resources), if it does. */
  resourcesTransform: string | undefined;
  private readonly init: StackInit;
  private readonly cache = new Map<string, Resolved>();
  private readonly conditionCache = new Map<string, boolean | Unknown>();
  /** Per condition, the parameters whose Default its value was decided from (see `parameter`). */
  private readonly conditionDefaults = new Map<string, ReadonlySet<string>>();
  /** The conditions being evaluated, innermost last: the defaults each read. */
  private readonly defaultsReading: Set<string>[] = [];
  /** Where a `cfn/condition-from-default` warning was given already. */
  private readonly defaultTaken = new Set<string>();
  /**
   * The Defaults of ancestors' parameters read here (through a parameter the parent passes), by
   * the key `defaultsReading` and `conditionDefaults` hold for them (`originKey`); this stack's
   * own parameters are held by their name.
   */
  private readonly inheritedOrigins = new Map<string, DefaultOrigin>();
  private readonly identities = new Map<string, Identity>();
  private forEach: ForEachExpansion | undefined;

  constructor(init: StackInit) {
    this.init = init;
    this.session = init.session;
    this.template = init.template;
    this.file = init.file;
    this.locate = init.locate;
    this.stackName = init.stackName;
    this.stackNameKnown = init.stackNameKnown ?? false;
    this.stackNameUnknown = init.stackNameUnknown;
    this.stackTags = init.stackTags;
    this.account = init.account;
    this.region = init.region;
    this.partition = init.partition;
    this.urlSuffix = init.partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com';
    this.parent = init.parent;
    this.baseDir = init.baseDir;
    this.stackConstructPath = init.stackConstructPath;
    if (init.forEach) this.expandLanguageExtensions(init.forEach);
    else if (usesLanguageExtensions(init.template)) this.expandLanguageExtensions();
    this.readResources();
  }

  /**
   * AWS::LanguageExtensions: Fn::ForEach expanded (see language-extensions.ts), or `before`, the
   * expansion made before the SAM transform (whose output is this stack's template).
   */
  private expandLanguageExtensions(before?: ForEachExpansion): void {
    const x = before ?? expandForEach(this.template, (node, pointer) => evaluate(this, node, pointer));
    if (!before) (this as { template: Record<string, unknown> }).template = x.template;
    this.forEach = x;
    for (const e of x.errors) this.finding('cfn/invalid-intrinsic', 'error', e.message, e.pointer);
    for (const [name, why] of x.holes) {
      const loop = name.slice(FOREACH_HOLE_PREFIX.length);
      this.finding(
        'cfn/unknown-foreach',
        'warning',
        `Fn::ForEach::${loop} iterates over a collection that is (or holds) an unknown value (${why.reason}); what it generates is modelled once with an unknown item, maybe-present, so dependent verdicts are indeterminate`,
        `/Resources`,
      );
    }
    if (x.origins.size && !before) {
      const original = this.locate;
      const origins = x.origins;
      (this as { locate: Locator | undefined }).locate = original
        ? (pointer) => original(originalPointer(origins, pointer))
        : undefined;
    }
  }

  /** The SAM resource a resource of the processed template was generated from, if any. */
  private samSourceOf(logicalId: string): string | undefined {
    const origin = this.init.originOf?.(childPointer('/Resources', logicalId));
    return origin === undefined ? undefined : logicalIdOf(origin);
  }

  get origins(): OriginTable {
    return this.session.origins;
  }

  private readResources(): void {
    const res = this.template.Resources;
    if (res === undefined) return;
    if (!isRecord(res)) {
      this.finding('cfn/invalid-template', 'error', 'Resources must be an object', '/Resources');
      return;
    }
    for (const [logicalId, r] of Object.entries(res)) {
      const pointer = childPointer('/Resources', logicalId);
      if (logicalId === 'Fn::Transform') {
        // AWS::Include (or a macro) inserting resources: unexpanded-transform.ts.
        this.resourcesTransform = pointer;
        continue;
      }
      if (logicalId.startsWith('Fn::ForEach')) {
        this.finding(
          'cfn/unknown-intrinsic',
          'error',
          'Fn::ForEach needs the AWS::LanguageExtensions transform, which the template does not declare (CloudFormation would reject it); the resources it would generate are not modelled',
          pointer,
        );
        continue;
      }
      if (!isRecord(r) || typeof r.Type !== 'string') {
        this.finding('cfn/invalid-resource', 'error', `resource ${logicalId} has no Type`, pointer);
        continue;
      }
      const props = r.Properties;
      if (props !== undefined && !isRecord(props)) {
        this.finding(
          'cfn/invalid-resource',
          'error',
          `Properties of ${logicalId} must be an object`,
          childPointer(pointer, 'Properties'),
        );
      }
      this.resources.set(logicalId, {
        logicalId,
        type: r.Type,
        properties: isRecord(props) ? props : {},
        metadata: isRecord(r.Metadata) ? r.Metadata : {},
        condition: typeof r.Condition === 'string' ? r.Condition : undefined,
        pointer,
      });
    }
  }

  // -------------------------------------------------------------------------------------
  // Sources and findings

  constructPath(logicalId: string): string | undefined {
    const r = this.resources.get(logicalId);
    const fromMetadata = r?.metadata['aws:cdk:path'];
    if (typeof fromMetadata === 'string') return fromMetadata;
    return this.init.constructPaths?.get(logicalId);
  }

  /**
   * Source of an element at `pointer` (the owning resource's logical id filled in). In a processed
   * template, the element's original pointer and the logical id of the resource written there.
   */
  sourceAt(pointer: string, logicalId?: string): Source {
    const origin = this.init.originOf?.(pointer);
    if (origin !== undefined) {
      const s: Source = { pointer: origin };
      if (this.file !== undefined) s.file = this.file;
      const at = this.locate?.(origin);
      if (at) {
        s.line = at.line;
        s.column = at.column;
      }
      const id = logicalIdOf(origin);
      if (id !== undefined) s.logicalId = id;
      const generated = logicalId ?? logicalIdOf(pointer);
      if (generated !== undefined && generated !== id && this.resources.has(generated))
        s.generatedLogicalId = generated;
      s.stack = this.stackName;
      return s;
    }
    const id = logicalId ?? logicalIdOf(pointer);
    const s: Source = { pointer };
    if (this.file !== undefined) s.file = this.file;
    const at = this.locate?.(pointer);
    if (at) {
      s.line = at.line;
      s.column = at.column;
    }
    if (id !== undefined && this.resources.has(id)) {
      s.logicalId = id;
      const cp = this.constructPath(id);
      if (cp) s.constructPath = cp;
    }
    s.stack = this.stackName;
    return s;
  }

  finding(code: string, severity: Severity, message: string, pointer: string): void {
    this.session.addFinding(code, severity, message, this.sourceAt(pointer));
  }

  unknown(reason: string, pointer: string): Unknown {
    return new Unknown(reason, this.sourceAt(pointer));
  }

  // -------------------------------------------------------------------------------------
  // Evaluation

  /** Evaluates the template node at `pointer` (cached). Undefined when there is no such node. */
  valueAt(pointer: string, node: unknown): Resolved | undefined {
    if (node === undefined) return undefined;
    const cached = this.cache.get(pointer);
    if (cached !== undefined || this.cache.has(pointer)) return cached;
    const v = this.session.guard(
      `${this.id}:value:${pointer}`,
      () => this.evaluateSafely(node, pointer),
      () => this.cycle(pointer, `value at ${pointer}`),
    );
    this.cache.set(pointer, v);
    return v;
  }

  /**
   * Evaluates a value; an error other than an input error (a defect of iamspec) makes the value
   * unknown, with a finding, instead of dropping whatever it belongs to.
   */
  private evaluateSafely(node: unknown, pointer: string): Resolved {
    try {
      return evaluate(this, node, pointer);
    } catch (e) {
      if (e instanceof InputError) throw e;
      const message = e instanceof Error ? e.message : String(e);
      this.finding(
        'cfn/internal-error',
        'error',
        `could not evaluate this value (${message}); it is taken as unknown`,
        pointer,
      );
      return this.unknown(`could not be evaluated: ${message}`, pointer);
    }
  }

  /** Evaluated resource property; undefined when absent or `AWS::NoValue`. */
  property(logicalId: string, name: string): Resolved | undefined {
    const r = this.resources.get(logicalId);
    if (!r || !(name in r.properties)) return undefined;
    const v = this.valueAt(childPointer(r.pointer, 'Properties', name), r.properties[name]);
    return v === NO_VALUE ? undefined : v;
  }

  private cycle(pointer: string, what: string): Unknown {
    this.finding('cfn/cycle', 'error', `circular reference: ${what} depends on itself`, pointer);
    return this.unknown(`circular reference (${what})`, pointer);
  }

  mappings(): Record<string, unknown> | undefined {
    const m = this.template.Mappings;
    return isRecord(m) ? m : undefined;
  }

  ref(name: string, pointer: string): Resolved {
    if (PSEUDO_PARAMETERS.has(name)) return this.pseudo(name, pointer);
    const hole = this.forEach?.holes.get(name);
    if (hole) {
      return this.unknown(
        `an item of Fn::ForEach::${name.slice(FOREACH_HOLE_PREFIX.length)}, whose collection is unknown (${hole.reason})`,
        pointer,
      );
    }
    const params = this.template.Parameters;
    if (isRecord(params) && Object.hasOwn(params, name)) {
      // read directly (not by a condition, which `takenFromDefault` reports where it is taken)
      if (!this.defaultsReading.length && isPolicyText(pointer)) {
        const origins = this.defaultOriginsOf(name);
        if (origins.length) this.valueFromDefault(name, pointer, origins);
      }
      return this.parameter(name);
    }
    if (this.resources.has(name)) {
      const exists = this.exists(name);
      if (exists === false) {
        this.finding(
          'cfn/ref-to-absent-resource',
          'warning',
          `Ref to ${name}, which is not created (its condition is false)`,
          pointer,
        );
        return this.unknown(
          `${name} is not created (condition ${this.resources.get(name)!.condition} is false)`,
          pointer,
        );
      }
      return this.identity(name).ref;
    }
    this.finding(
      'cfn/unresolved-reference',
      'error',
      `Ref to ${name}: no parameter or resource of that name`,
      pointer,
    );
    return this.unknown(`Ref to undefined name ${name}`, pointer);
  }

  private pseudo(name: string, pointer: string): Resolved {
    switch (name) {
      case 'AWS::AccountId':
        return this.account;
      case 'AWS::Region':
        return this.region;
      case 'AWS::Partition':
        return this.partition;
      case 'AWS::URLSuffix':
        return this.urlSuffix;
      // "AWS::StackName: Returns the name of the stack as specified with the aws cloudformation
      // create-stack command" and "AWS::StackId: Returns the ID (ARN) of the stack" (Template
      // Reference, "Pseudo parameters reference"): both are chosen at deployment. The name is
      // known for a cloud assembly's stack or one given by name, never from a template's file
      // name; the ID ends in a unique identifier CloudFormation assigns, never in the inputs.
      case 'AWS::StackName':
        return this.stackNameKnown
          ? this.stackName
          : this.stackNameUnknown
            ? new Unknown(`${this.stackNameUnknown.reason} (AWS::StackName)`, this.stackNameUnknown.source)
            : this.unknown(
                `the name of stack ${this.stackName} (AWS::StackName) is chosen at deployment; the inputs name the template file, not the stack (give it with --stack-name NAME, the \`stackName\` load option)`,
                pointer,
              );
      case 'AWS::StackId':
        return this.unknown(
          `the ID of stack ${this.stackName} (AWS::StackId) ends in a unique identifier CloudFormation assigns at creation`,
          pointer,
        );
      case 'AWS::NoValue':
        return NO_VALUE;
      default:
        return this.unknown(`${name} is set at deployment`, pointer);
    }
  }

  /** The value of a declared parameter. */
  parameter(name: string): Resolved {
    const params = this.template.Parameters as Record<string, unknown>;
    const decl = isRecord(params[name]) ? (params[name] as Record<string, unknown>) : {};
    const declPointer = childPointer('/Parameters', name);
    const type = typeof decl.Type === 'string' ? decl.Type : 'String';
    let raw: Resolved | undefined;
    let from: 'parent' | 'override' | 'default' | undefined;
    if (this.init.parentParameter) {
      raw = this.init.parentParameter(name);
      if (raw !== undefined) {
        from = 'parent';
        const frame = this.defaultsReading.at(-1);
        if (frame) for (const o of this.init.parentDefaults?.(name) ?? []) frame.add(this.originKey(o));
      }
    } else if (this.init.parameterOverrides && Object.hasOwn(this.init.parameterOverrides, name)) {
      raw = this.init.parameterOverrides[name]!;
      from = 'override';
    }
    if (raw === undefined && decl.Default !== undefined) {
      raw = this.valueAt(childPointer(declPointer, 'Default'), decl.Default);
      from = 'default';
      this.defaultsReading.at(-1)?.add(name);
    }
    if (type.startsWith('AWS::SSM::Parameter::Value<')) {
      const key = raw === undefined || raw === NO_VALUE ? undefined : scalarString(raw);
      const what = typeof key === 'string' ? `SSM parameter ${key}` : 'an SSM parameter';
      return this.unknown(`parameter ${name} is read from ${what} at deployment`, declPointer);
    }
    if (raw === undefined || raw === NO_VALUE) {
      const passer: ParameterPasser = this.init.parametersPassedBy ?? (this.parent ? 'parent' : 'cli');
      return this.unknown(
        `parameter ${name} has no value (no Default; ${missingParameterHint(name, passer)})`,
        declPointer,
      );
    }
    if (raw instanceof Unknown) return raw;
    const isList = type === 'CommaDelimitedList' || type.startsWith('List<');
    if (isList) {
      if (Array.isArray(raw)) return raw;
      const s = scalarString(raw);
      if (typeof s !== 'string') return this.unknown(`parameter ${name} is not a list`, declPointer);
      const list = s === '' ? [] : s.split(',');
      this.origins.record(list, declPointer, this.locate);
      return list;
    }
    if (from !== 'parent' && Array.isArray(decl.AllowedValues)) {
      const s = scalarString(raw);
      if (typeof s === 'string' && !decl.AllowedValues.some((a) => String(a) === s)) {
        this.finding(
          'cfn/parameter-not-allowed',
          'warning',
          `parameter ${name} = "${s}" is not one of its AllowedValues`,
          declPointer,
        );
      }
    }
    return raw;
  }

  condition(name: string, pointer: string): boolean | Unknown {
    const cached = this.conditionCache.get(name);
    if (cached !== undefined) {
      for (const p of this.conditionDefaults.get(name) ?? []) this.defaultsReading.at(-1)?.add(p);
      return cached;
    }
    const conds = this.template.Conditions;
    if (!isRecord(conds) || !Object.hasOwn(conds, name)) {
      this.finding('cfn/unknown-condition', 'error', `no condition named ${name} in Conditions`, pointer);
      return this.unknown(`condition ${name} is not defined`, pointer);
    }
    const condPointer = childPointer('/Conditions', name);
    const defaults = new Set<string>();
    this.defaultsReading.push(defaults);
    let v: boolean | Unknown;
    try {
      v = this.session.guard(
        `${this.id}:condition:${name}`,
        () => evaluateCondition(this, conds[name], condPointer),
        () => this.cycle(condPointer, `condition ${name}`),
      );
    } finally {
      this.defaultsReading.pop();
    }
    this.conditionCache.set(name, v);
    this.conditionDefaults.set(name, defaults);
    for (const p of defaults) this.defaultsReading.at(-1)?.add(p);
    if (v instanceof Unknown) {
      this.finding(
        'cfn/unknown-condition',
        'warning',
        `condition ${name} cannot be decided (${v.reason}); resources and values that depend on it are kept in every branch, maybe-present, so what they grant or deny is indeterminate`,
        condPointer,
      );
    }
    return v;
  }

  /** Whether a resource is created: true, false (its condition is false) or Unknown. */
  exists(logicalId: string): boolean | Unknown {
    const r = this.resources.get(logicalId);
    if (!r) return false;
    if (r.condition === undefined) return true;
    const at = childPointer(r.pointer, 'Condition');
    const v = this.condition(r.condition, at);
    if (typeof v === 'boolean') this.takenFromDefault(r.condition, v, at, `resource ${logicalId}`);
    return v;
  }

  conditionTaken(name: string, value: boolean, pointer: string): void {
    if (isPolicyText(pointer)) this.takenFromDefault(name, value, pointer, 'this Fn::If');
  }

  /**
   * Whether parameter `name` gets its value from its `Default` here: no parent stack value, no
   * `--parameter` override, a Default (an SSM parameter type is read at deployment: unknown).
   */
  private defaultDecides(name: string): boolean {
    if (this.init.parentParameter?.(name) !== undefined) return false;
    if (this.init.parameterOverrides && Object.hasOwn(this.init.parameterOverrides, name)) return false;
    const params = this.template.Parameters as Record<string, unknown>;
    const decl = isRecord(params[name]) ? (params[name] as Record<string, unknown>) : {};
    const type = typeof decl.Type === 'string' ? decl.Type : 'String';
    return decl.Default !== undefined && !type.startsWith('AWS::SSM::Parameter::Value<');
  }

  /**
   * The direct use of a parameter's Default in policy text (`Resource: !Sub 'arn:aws:s3:::q-${Env}/*'`):
   * the same rule as a condition decided from one (`takenFromDefault`): the default is used, as
   * CloudFormation does when no value is passed (DESIGN.md: only a parameter without a default
   * is unknown), and never silently: a `cfn/value-from-default` warning names the parameter, its
   * default, its AllowedValues (the other values a deployer may pass) and how to pin it.
   */
  private valueFromDefault(name: string, pointer: string, origins: readonly DefaultOrigin[]): void {
    if (!isPolicyText(pointer) || this.defaultTaken.has(`${name}@${pointer}`)) return;
    this.defaultTaken.add(`${name}@${pointer}`);
    const shown = (v: unknown) => JSON.stringify(typeof v === 'string' ? v : String(v));
    const own = origins.length === 1 && origins[0]!.stack === this;
    if (!own) {
      // passed down by the parent stack from Defaults of its own (or of its ancestors)
      const list = origins.map((o) => `${this.originLabel(o)} (${shown(o.stack.parameterDefault(o.param))})`);
      this.finding(
        'cfn/value-from-default',
        'warning',
        `this policy text reads parameter ${name}, which the parent stack passes from the Default of ${list.join(', ')}, used only because no value is passed there; a deployer may pass another value, and the access it grants or denies then differs; iamspec uses the default (${origins.map((o) => this.originPin(o)).join('; ')})`,
        pointer,
      );
      return;
    }
    const decl = (this.template.Parameters as Record<string, Record<string, unknown>>)[name]!;
    const others = Array.isArray(decl.AllowedValues)
      ? decl.AllowedValues.filter((a) => String(a) !== String(decl.Default)).map(shown)
      : [];
    const may = others.length
      ? `a deployer may pass ${others.join(', ')} (its AllowedValues)`
      : 'a deployer may pass any value (it has no AllowedValues)';
    this.finding(
      'cfn/value-from-default',
      'warning',
      `this policy text reads parameter ${name}, whose value is its Default ${shown(decl.Default)} only because no value is passed; ${may}, and the access it grants or denies then differs; iamspec uses the default (${this.originPin(origins[0]!)})`,
      pointer,
    );
  }

  /** The `Default` declared for parameter `name` (undefined: none). */
  parameterDefault(name: string): unknown {
    const params = this.template.Parameters;
    const decl = isRecord(params) && isRecord(params[name]) ? params[name] : undefined;
    return decl?.Default;
  }

  /**
   * The parameters whose `Default` decides the value of parameter `name` here: itself when it
   * takes its own Default (`defaultDecides`); when the parent stack passes the value, the Defaults
   * the parent's expression reads (`Parameters: { X: !Ref ParentParam }`, ParentParam taking its
   * Default, or one passed down to the parent the same way; a condition of the parent decided
   * from one), so a nested template's policy text or condition decided by it is reported as the
   * parent's own would be ("Default: A value of the appropriate type for the template to use if
   * no value is specified when a stack is created", CloudFormation User Guide, "Parameters").
   */
  defaultOriginsOf(name: string): readonly DefaultOrigin[] {
    if (this.defaultDecides(name)) return [{ stack: this, param: name }];
    if (this.init.parentParameter?.(name) === undefined) return [];
    return this.init.parentDefaults?.(name) ?? [];
  }

  /**
   * The Defaults an expression of this stack reads (see `defaultOriginsOf`): its `Ref`s and
   * `Fn::Sub` names of parameters, and the conditions of its `Fn::If`s, read from the template
   * (an evaluated value is cached, so its reads are not seen again).
   */
  defaultOriginsOfValue(node: unknown): DefaultOrigin[] {
    const out = new Map<string, DefaultOrigin>();
    const params = isRecord(this.template.Parameters) ? this.template.Parameters : {};
    const param = (n: string) => {
      if (!Object.hasOwn(params, n)) return;
      for (const o of this.defaultOriginsOf(n)) out.set(this.originKey(o), o);
    };
    const walk = (v: unknown, depth: number): void => {
      if (depth > 64) return;
      if (Array.isArray(v)) {
        for (const x of v) walk(x, depth + 1);
        return;
      }
      if (!isRecord(v)) return;
      if (typeof v.Ref === 'string') param(v.Ref);
      const sub = v['Fn::Sub'];
      const text = Array.isArray(sub) ? sub[0] : sub;
      if (typeof text === 'string')
        for (const m of text.matchAll(/\$\{(?!!)([^}.]+)\}/g)) param(m[1]!.trim());
      const cond = v['Fn::If'];
      if (Array.isArray(cond) && typeof cond[0] === 'string') {
        this.condition(cond[0], '/Conditions');
        for (const key of this.conditionDefaults.get(cond[0]) ?? []) {
          const o = this.inheritedOrigins.get(key) ?? { stack: this, param: key };
          out.set(this.originKey(o), o);
        }
      }
      for (const x of Object.values(v)) walk(x, depth + 1);
    };
    walk(node, 0);
    return [...out.values()];
  }

  /** The key of a default origin in `defaultsReading` / `conditionDefaults`: a name for this stack's own. */
  private originKey(o: DefaultOrigin): string {
    if (o.stack === this) return o.param;
    const key = `${o.stack.id}:${o.param}`;
    this.inheritedOrigins.set(key, o);
    return key;
  }

  /** `parameter Env`, or `parameter Env of stack parent` for an ancestor's. */
  private originLabel(o: DefaultOrigin): string {
    return o.stack === this ? `parameter ${o.param}` : `parameter ${o.param} of stack ${o.stack.stackName}`;
  }

  /** How to pin a default origin: `--parameter` at a top-level stack. */
  private originPin(o: DefaultOrigin): string {
    if (!o.stack.parent)
      return `pin it with --parameter ${o.param}=VALUE${o.stack === this ? '' : ` for stack ${o.stack.stackName}`}`;
    return o.stack === this
      ? 'the parent stack passes no value for it'
      : `the parent of stack ${o.stack.stackName} passes no value for ${o.param}`;
  }

  /**
   * A `cfn/condition-from-default` warning when condition `name`, decided `value` from the
   * Default of a parameter, removes or selects `what`: "Default: A value of the appropriate type
   * for the template to use if no value is specified when a stack is created" (Parameters), so a
   * deployer who passes a value decides the condition otherwise. The default is used (DESIGN.md),
   * and the user told how to pin it.
   */
  private takenFromDefault(name: string, value: boolean, pointer: string, what: string): void {
    const keys = [...(this.conditionDefaults.get(name) ?? [])];
    if (!keys.length || this.defaultTaken.has(`${name}@${pointer}`)) return;
    this.defaultTaken.add(`${name}@${pointer}`);
    const origins = keys.map((k) => this.inheritedOrigins.get(k) ?? { stack: this, param: k });
    const list = origins.map((o) => this.originLabel(o)).join(', ');
    const own = origins.filter((o) => o.stack === this);
    const pins = [
      ...(own.length && !this.parent
        ? [`pin it with ${own.map((o) => `--parameter ${o.param}=VALUE`).join(' ')}`]
        : own.length
          ? ['the parent stack passes no value for it']
          : []),
      ...origins.filter((o) => o.stack !== this).map((o) => this.originPin(o)),
    ];
    const pin = pins.join('; ');
    const effect =
      what === 'this Fn::If'
        ? `${what} takes its ${value ? 'first (true)' : 'second (false)'} branch`
        : `${what} is ${value ? 'created' : 'not created'}`;
    this.finding(
      'cfn/condition-from-default',
      'warning',
      `condition ${name} is ${value} only because of the Default of ${list}, which a deployer can override: ${effect}; iamspec uses the default (${pin})`,
      pointer,
    );
  }

  identity(logicalId: string): Identity {
    const cached = this.identities.get(logicalId);
    if (cached) return cached;
    const r = this.resources.get(logicalId)!;
    const scope = this.scopeOf(r);
    const id = this.session.guard(
      `${this.id}:identity:${logicalId}`,
      () => resourceIdentity(scope),
      () => {
        const u = this.cycle(r.pointer, `the name of ${logicalId}`);
        return { ref: u, attribute: () => u };
      },
    );
    this.identities.set(logicalId, id);
    return id;
  }

  /** What the naming rules (resource-identity.ts) read of resource `r`, also for handlers. */
  scopeOf(r: TemplateResource): ResourceScope {
    return {
      logicalId: r.logicalId,
      type: r.type,
      account: this.account,
      region: this.region,
      partition: this.partition,
      urlSuffix: this.urlSuffix,
      stackName: this.stackName,
      stackNameKnown: this.stackNameKnown,
      prop: (name) => this.property(r.logicalId, name),
      unknown: (reason) => this.unknown(reason, r.pointer),
    };
  }

  getAtt(logicalId: string, attribute: string, pointer: string): Resolved {
    const r = this.resources.get(logicalId);
    if (!r) {
      this.finding(
        'cfn/unresolved-reference',
        'error',
        `Fn::GetAtt of ${logicalId}: no resource of that name`,
        pointer,
      );
      return this.unknown(`Fn::GetAtt of undefined resource ${logicalId}`, pointer);
    }
    if (this.exists(logicalId) === false) {
      this.finding(
        'cfn/ref-to-absent-resource',
        'warning',
        `Fn::GetAtt of ${logicalId}, which is not created (its condition is false)`,
        pointer,
      );
      return this.unknown(`${logicalId} is not created (condition ${r.condition} is false)`, pointer);
    }
    if (r.type === 'AWS::CloudFormation::Stack' && attribute.startsWith('Outputs.')) {
      const child = this.session.nestedChild(this, logicalId);
      if (!child)
        return this.unknown(
          `output ${attribute.slice(8)} of nested stack ${logicalId}, whose template was not found`,
          pointer,
        );
      return child.output(attribute.slice(8), pointer);
    }
    const v = this.identity(logicalId).attribute(attribute);
    if (v !== undefined) return v;
    return this.unknown(`attribute ${attribute} of ${r.type} ${logicalId} is not modelled`, pointer);
  }

  importValue(name: string, pointer: string): Resolved {
    return this.session.importValue(name, this, pointer);
  }

  stackOutput(
    stackName: string,
    outputName: string,
    region: string | undefined,
    roleAccount: string | Unknown | undefined,
    pointer: string,
  ): Resolved {
    return this.session.stackOutput(stackName, outputName, region, roleAccount, this, pointer);
  }

  hasOutput(key: string): boolean {
    const outputs = this.template.Outputs;
    return isRecord(outputs) && isRecord(outputs[key]);
  }

  // -------------------------------------------------------------------------------------
  // Outputs and exports

  /** The value of output `key`; `pointer` is where it is asked for (for findings). */
  output(key: string, pointer?: string): Resolved {
    const outputs = this.template.Outputs;
    const out = isRecord(outputs) ? outputs[key] : undefined;
    if (!isRecord(out)) {
      const where = this.parent ? `nested stack ${this.stackName}` : `stack ${this.stackName}`;
      if (pointer !== undefined && this.parent) {
        this.parent.stack.finding(
          'cfn/unresolved-reference',
          'error',
          `${where} has no output ${key}`,
          pointer,
        );
      }
      return new Unknown(`${where} has no output ${key}`, this.sourceAt('/Outputs'));
    }
    const outPointer = childPointer('/Outputs', key);
    if (typeof out.Condition === 'string') {
      const c = this.condition(out.Condition, childPointer(outPointer, 'Condition'));
      if (c === false)
        return this.unknown(`output ${key} is not created (condition ${out.Condition} is false)`, outPointer);
    }
    const v = this.valueAt(childPointer(outPointer, 'Value'), out.Value);
    return v === undefined || v === NO_VALUE ? this.unknown(`output ${key} has no Value`, outPointer) : v;
  }

  /** Export names of this stack's outputs (evaluated), with the output keys. */
  exports(): { name: string; key: string }[] {
    const outputs = this.template.Outputs;
    if (!isRecord(outputs)) return [];
    const out: { name: string; key: string }[] = [];
    for (const [key, o] of Object.entries(outputs)) {
      if (!isRecord(o) || !isRecord(o.Export) || o.Export.Name === undefined) continue;
      const v = this.valueAt(childPointer('/Outputs', key, 'Export', 'Name'), o.Export.Name);
      const s = v === undefined || v === NO_VALUE ? undefined : scalarString(v);
      if (typeof s === 'string') out.push({ name: s, key });
    }
    return out;
  }

  /**
   * Undefined when the resource is created (or not); when its `Condition` is undecided, the
   * Unknown that says it might not exist, naming the condition and why, at its `Condition`.
   */
  presenceOf(logicalId: string): Unknown | undefined {
    const r = this.resources.get(logicalId);
    if (!r) return undefined;
    const e = this.exists(logicalId);
    const generated =
      this.forEach?.maybePresent.get(logicalId) ??
      this.forEach?.maybePresent.get(this.samSourceOf(logicalId) ?? '');
    const byLoop = generated
      ? this.unknown(
          `${logicalId} stands for the resources Fn::ForEach::${generated.loop} generates over a collection that is unknown (${generated.why.reason}): there may be none or several`,
          r.pointer,
        )
      : undefined;
    const whole = bothUnknown(this.stackPresence, this.transformPresence);
    if (!(e instanceof Unknown)) return bothUnknown(byLoop, whole);
    const byCondition = this.unknown(
      `${logicalId} exists only if condition ${r.condition} is true, which the inputs do not decide (${e.reason})`,
      childPointer(r.pointer, 'Condition'),
    );
    return bothUnknown(
      byLoop ? new Unknown(`${byCondition.reason}; and ${byLoop.reason}`, byCondition.source) : byCondition,
      whole,
    );
  }

  /** Set when the whole stack might not exist (`StackInit.presence`). */
  get stackPresence(): Unknown | undefined {
    return this.init.presence;
  }

  /** Resources in template order that exist or may exist (condition true or unknown). */
  *liveResources(): Iterable<TemplateResource> {
    for (const r of this.resources.values()) {
      // The CDK's version-reporting resource grants nothing; its condition (CDKMetadataAvailable,
      // a list of regions) is undecided whenever no region is given.
      if (r.type === 'AWS::CDK::Metadata') continue;
      const e = this.exists(r.logicalId);
      if (e === false) continue;
      if (e instanceof Unknown) {
        this.finding(
          'cfn/unknown-condition',
          'warning',
          `whether ${r.logicalId} is created depends on condition ${r.condition}, which is unknown (${e.reason}); it is modelled as maybe-present: what it grants or denies is indeterminate`,
          childPointer(r.pointer, 'Condition'),
        );
      }
      yield r;
    }
  }
}

/**
 * Whether a template pointer is policy text, where a value a parameter's Default decides is
 * reported (`cfn/condition-from-default`, `cfn/value-from-default`): a statement, a policy, a
 * policy's attachment, a permission's principal (in the properties: a logical id may say
 * "Policy" too).
 */
function isPolicyText(pointer: string): boolean {
  const at = pointer.indexOf('/Properties/');
  return /Polic|Statement|PermissionsBoundary|Principal/.test(at < 0 ? pointer : pointer.slice(at));
}

/** The template pointer a (possibly generated) pointer was copied from. */
export function originalPointer(origins: Map<string, string>, pointer: string): string {
  for (let p = pointer; p.length > 0; p = p.slice(0, p.lastIndexOf('/'))) {
    const o = origins.get(p);
    if (o !== undefined) return o + pointer.slice(p.length);
  }
  return pointer;
}

function logicalIdOf(pointer: string): string | undefined {
  const m = /^\/Resources\/([^/]+)/.exec(pointer);
  return m ? m[1]!.replace(/~1/g, '/').replace(/~0/g, '~') : undefined;
}

/** Two reasons an element might not exist, as one (either may be undefined). */
function bothUnknown(a: Unknown | undefined, b: Unknown | undefined): Unknown | undefined {
  if (!a || !b) return a ?? b;
  return new Unknown(`${a.reason}; and ${b.reason}`, a.source);
}
