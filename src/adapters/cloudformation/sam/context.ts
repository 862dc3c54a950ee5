// The state of one SAM expansion: the original template and its locations, the processed
// resources emitted so far (each tagged with its origin), the findings (`sam/...` codes) and the
// values the transform itself resolves (template parameters, pseudo parameters), as the SAM
// translator resolves them before CloudFormation sees the processed template.

import type { Finding, Severity } from '../../../model/finding.js';
import { childPointer, type Locator, type Source } from '../../../model/source.js';
import { Unknown } from '../../../model/unknown.js';
import { isRecord } from '../values.js';
import { OriginTracker } from './origins.js';

export interface SamExpansionOptions {
  file?: string;
  /** The directory local paths (a `DefinitionUri` file) are relative to: the template's (`artifactDir`). */
  baseDir?: string;
  locate?: Locator;
  stackName: string;
  /**
   * True when `stackName` is not the name AWS will use (a template's file name, a nested stack's
   * logical id): `AWS::StackName` is then left to CloudFormation, where it stays unknown.
   */
  stackNameUnknown?: boolean;
  account: string;
  region: string;
  partition: string;
  /**
   * The value the transform sees for a template parameter (an override, the value a parent
   * stack passes, or the Default); undefined when none is known.
   */
  parameterValue?: (name: string) => unknown;
}

/** A SAM resource of the template, with its Globals merged. */
export interface SamResource {
  logicalId: string;
  type: string;
  /** `/Resources/<logicalId>` in the original template. */
  pointer: string;
  /** Properties after the Globals merge (original nodes where unchanged). */
  props: Record<string, unknown>;
  /** The resource as written. */
  raw: Record<string, unknown>;
  /** Attributes SAM passes to every resource it generates (Condition, DeletionPolicy, UpdateReplacePolicy). */
  passthrough: Record<string, unknown>;
}

/** One generated resource of the processed template. */
export interface EmittedResource {
  logicalId: string;
  type: string;
  /** The SAM resource it was generated from. */
  from: string;
}

const PASSTHROUGH_ATTRIBUTES = ['Condition', 'DeletionPolicy', 'UpdateReplacePolicy'];

export class SamContext {
  readonly origins: OriginTracker;
  readonly findings: Finding[] = [];
  /** Processed resources by logical id, in emission order. */
  readonly resources = new Map<string, Record<string, unknown>>();
  /** Conditions the expansion adds (`NOT<cond>` for conditional roles). */
  readonly conditions: Record<string, unknown> = {};
  readonly emitted: EmittedResource[] = [];
  /** `Logical.Property` references to generated resources (`MyFunction.Alias`) -> their logical ids. */
  readonly referables = new Map<string, string>();
  /** SAM resources by logical id (Globals merged). */
  readonly sam = new Map<string, SamResource>();

  constructor(
    readonly template: Record<string, unknown>,
    readonly options: SamExpansionOptions,
  ) {
    this.origins = new OriginTracker(template);
  }

  get partition(): string {
    return this.options.partition;
  }

  /** Source of the original element at `pointer`. */
  source(pointer: string): Source {
    const s: Source = { pointer, stack: this.options.stackName };
    if (this.options.file !== undefined) s.file = this.options.file;
    let p = pointer;
    for (;;) {
      const at = this.options.locate?.(p);
      if (at) {
        s.line = at.line;
        s.column = at.column;
        break;
      }
      if (p === '' || !this.options.locate) break;
      const cut = p.lastIndexOf('/');
      p = cut <= 0 ? '' : p.slice(0, cut);
    }
    const m = /^\/Resources\/([^/]+)/.exec(pointer);
    if (m) s.logicalId = m[1]!.replace(/~1/g, '/').replace(/~0/g, '~');
    return s;
  }

  unknown(reason: string, pointer: string): Unknown {
    return new Unknown(reason, this.source(pointer));
  }

  finding(code: string, severity: Severity, message: string, pointer: string): void {
    this.findings.push({ code, severity, message, source: this.source(pointer) });
  }

  /** A warning that something is not expanded, and the Unknown that stands for it. */
  notExpanded(code: string, message: string, reason: string, pointer: string): Unknown {
    this.finding(code, 'warning', message, pointer);
    return this.unknown(reason, pointer);
  }

  /** Original pointer of a property (path under Properties) of a SAM resource. */
  propPointer(res: SamResource, ...path: (string | number)[]): string {
    return this.origins.pointerOf(res.props, childPointer(res.pointer, 'Properties'), ...path);
  }

  /** Adds a processed resource generated from SAM resource `from`; `origin` is the original pointer it stands for. */
  emit(
    logicalId: string,
    resource: { Type: string; Properties?: Record<string, unknown>; [attr: string]: unknown },
    origin: string,
    from: string,
  ): void {
    if (this.resources.has(logicalId)) {
      this.finding(
        'sam/duplicate-logical-id',
        'error',
        `the SAM transform generates ${logicalId} (${resource.Type}) twice, or it clashes with a resource of the template; AWS would reject the template, the model keeps the last`,
        origin,
      );
    }
    this.origins.at(resource, origin, origin === childPointer('/Resources', logicalId));
    this.resources.set(logicalId, resource);
    this.emitted.push({ logicalId, type: resource.Type, from });
  }

  /** Attributes copied to every resource generated from `res`. */
  passthrough(res: SamResource): Record<string, unknown> {
    return { ...res.passthrough };
  }

  static passthroughOf(raw: Record<string, unknown>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const a of PASSTHROUGH_ATTRIBUTES) if (raw[a] !== undefined) out[a] = raw[a];
    return out;
  }

  /**
   * What the transform resolves itself (its `resolve_parameter_refs`): `Ref` to a template
   * parameter with a known value or to a pseudo parameter. Anything else is returned unchanged
   * (an intrinsic the transform leaves to CloudFormation).
   */
  resolveParameters(node: unknown, depth = 0): unknown {
    if (depth > 64 || node === null || typeof node !== 'object' || node instanceof Unknown) return node;
    if (Array.isArray(node)) {
      const items = node.map((x) => this.resolveParameters(x, depth + 1));
      return items.every((x, i) => x === node[i]) ? node : items;
    }
    const rec = node as Record<string, unknown>;
    const keys = Object.keys(rec);
    if (keys.length === 1 && keys[0] === 'Ref' && typeof rec.Ref === 'string') {
      const v = this.parameter(rec.Ref);
      return v === undefined ? node : v;
    }
    let changed = false;
    const out: Record<string, unknown> = {};
    for (const k of keys) {
      out[k] = this.resolveParameters(rec[k], depth + 1);
      if (out[k] !== rec[k]) changed = true;
    }
    return changed ? out : node;
  }

  /** SAM-time value of a parameter or pseudo parameter; undefined when not known. */
  parameter(name: string): unknown {
    switch (name) {
      case 'AWS::Region':
        return this.options.region;
      case 'AWS::Partition':
        return this.options.partition;
      case 'AWS::AccountId':
        return this.options.account;
      case 'AWS::StackName':
        return this.options.stackNameUnknown ? undefined : this.options.stackName;
      case 'AWS::URLSuffix':
        return this.options.partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com';
    }
    const params = this.template.Parameters;
    if (!isRecord(params) || !Object.hasOwn(params, name)) return undefined;
    const given = this.options.parameterValue?.(name);
    if (given !== undefined && !(given instanceof Unknown)) return given;
    if (given instanceof Unknown) return undefined;
    const decl = params[name];
    return isRecord(decl) && decl.Default !== undefined ? decl.Default : undefined;
  }

  /** A SAM-time string: literal, or a parameter reference with a known value. */
  resolvedString(node: unknown): string | undefined {
    const v = this.resolveParameters(node);
    if (typeof v === 'string') return v;
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    return undefined;
  }
}
