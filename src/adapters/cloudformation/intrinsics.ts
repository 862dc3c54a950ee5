// Evaluation of CloudFormation intrinsic functions and condition functions over a template
// value, following the "Intrinsic function reference" of the CloudFormation User Guide
// (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference.html).
// What cannot be known offline becomes an Unknown carrying the reason and the source; unknown
// functions and malformed calls are findings with the JSON pointer. The stack-specific parts
// (Ref targets, GetAtt, conditions, imports) come from an EvalContext.

import { parseArn } from '../../model/arns.js';
import type { Severity } from '../../model/finding.js';
import type { Locator } from '../../model/source.js';
import { childPointer } from '../../model/source.js';
import { distinctFromBuiltStandIns, hasUnknownNamePart } from '../../model/stand-ins.js';
import { concatMaybe, isPartlyKnown, type PartlyKnown, Unknown } from '../../model/unknown.js';
import { couldMatch } from '../../policy/partly-known.js';
import { splitKeepsStandIns, StandInPieces, standInsHeld, transformedReason } from '../stand-in-functions.js';
import { splitAroundUnknownParts } from '../unknown-part-text.js';
import { MAX_CHOICES, UndecidedChoice, UndecidedIf } from './branches.js';
import { mayHoldDynamicReference, resolveDynamicReferences } from './dynamic-references.js';
import { InputError } from './errors.js';
import {
  intrinsicName,
  isRecord,
  NO_VALUE,
  type OriginTable,
  type Resolved,
  scalarString,
  type Value,
  valuesEqual,
} from './values.js';

export interface EvalContext {
  readonly origins: OriginTable;
  readonly locate: Locator | undefined;
  readonly region: string;
  /** `Ref` to a pseudo parameter, parameter or resource. */
  ref(name: string, pointer: string): Resolved;
  /** `Fn::GetAtt` of a resource attribute (`Arn`, `Outputs.X`, `Endpoint.Address`...). */
  getAtt(logicalId: string, attribute: string, pointer: string): Resolved;
  /** Value of a named condition of the `Conditions` section. */
  condition(name: string, pointer: string): boolean | Unknown;
  /** Told when `Fn::If` at `pointer` took a branch: condition `name` was `value`. */
  conditionTaken?(name: string, value: boolean, pointer: string): void;
  /** `Fn::ImportValue` against the exports of the loaded stacks. */
  importValue(name: string, pointer: string): Resolved;
  /** `Fn::GetStackOutput` against the outputs of the loaded stacks. */
  stackOutput(
    stackName: string,
    outputName: string,
    region: string | undefined,
    /** The account of `RoleArn` (unknown: not known; undefined: no RoleArn, the stack's own). */
    roleAccount: string | Unknown | undefined,
    pointer: string,
  ): Resolved;
  /** The template's `Mappings` section. */
  mappings(): Record<string, unknown> | undefined;
  unknown(reason: string, pointer: string): Unknown;
  finding(code: string, severity: Severity, message: string, pointer: string): void;
}

/**
 * Deepest evaluation: intrinsic functions inside one another plus references to other values
 * (`Ref`, `Fn::GetAtt`, conditions, exports), counted together. A template nested or chained
 * deeper is an input error at the place it goes too deep, never a stack overflow.
 */
export const MAX_EVALUATION_DEPTH = 400;

let depth = 0;

/** Runs `f` one level deeper; throws InputError past MAX_EVALUATION_DEPTH. */
function deeper<T>(ctx: EvalContext, pointer: string, f: () => T): T {
  if (depth >= MAX_EVALUATION_DEPTH) {
    const at = ctx.unknown('', pointer).source;
    throw new InputError(
      at?.file ?? '<template>',
      `intrinsic functions and references nested more than ${MAX_EVALUATION_DEPTH} levels deep (at ${pointer || '/'}; iamspec's limit)`,
      at?.line !== undefined ? { line: at.line, column: at.column ?? 1 } : undefined,
    );
  }
  depth++;
  try {
    return f();
  } finally {
    depth--;
  }
}

/** Evaluates a template value: intrinsics resolved, `AWS::NoValue` removed, Unknown kept. */
export function evaluate(ctx: EvalContext, node: unknown, pointer: string): Resolved {
  if (node === undefined) return null;
  const v =
    node === null || typeof node !== 'object'
      ? (node as string | number | boolean | null)
      : deeper(ctx, pointer, () => evaluateNode(ctx, node, pointer));
  // A string holding `{{resolve:...}}` is read at deployment (dynamic-references.ts).
  return mayHoldDynamicReference(v)
    ? resolveDynamicReferences(v as string | Unknown, (reason) => ctx.unknown(reason, pointer))
    : v;
}

function evaluateNode(ctx: EvalContext, node: object, pointer: string): Resolved {
  if (node instanceof Unknown) return node;
  if (Array.isArray(node)) {
    const out: Value[] = [];
    let children: Map<string, string> | undefined;
    node.forEach((item, i) => {
      const itemPointer = childPointer(pointer, i);
      const v = evaluate(ctx, item, itemPointer);
      if (v === NO_VALUE) return;
      if (out.length !== i || (v !== null && typeof v === 'object' && !(v instanceof Unknown))) {
        if (!children) children = new Map();
        children.set(String(out.length), itemPointer);
      }
      out.push(v);
    });
    ctx.origins.record(out, pointer, ctx.locate, children);
    return out;
  }
  const fn = intrinsicName(node);
  if (fn) return evaluateIntrinsic(ctx, fn, (node as Record<string, unknown>)[fn], pointer);
  const out: Record<string, Value> = {};
  for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
    const r = evaluate(ctx, v, childPointer(pointer, k));
    if (r !== NO_VALUE) out[k] = r;
  }
  ctx.origins.record(out, pointer, ctx.locate);
  return out;
}

function invalid(ctx: EvalContext, fn: string, pointer: string, detail: string): Unknown {
  ctx.finding('cfn/invalid-intrinsic', 'error', `${fn}: ${detail}`, pointer);
  return ctx.unknown(`invalid ${fn}: ${detail}`, pointer);
}

/**
 * The account of `Fn::GetStackOutput`'s `RoleArn` (the role reads the referenced stack: "Use this
 * parameter when referencing stacks in different AWS accounts"): undefined without one, unknown
 * when the ARN or its account is not known (the role may be in any account). An ARN known up to
 * its account (`arn:aws:iam::111122223333:role/${Name}`) pins the account.
 */
function roleAccountOf(ctx: EvalContext, node: unknown, at: string): string | Unknown | undefined {
  if (node === undefined) return undefined;
  const pointer = childPointer(at, 'RoleArn');
  const arn = evalString(ctx, node, pointer);
  if (arn === undefined) return arn;
  if (arn instanceof Unknown) {
    const head = isPartlyKnown(arn) ? arn.parts[0] : undefined;
    const pinned = typeof head === 'string' ? /^arn:[^:]+:iam::(\d{12}):/.exec(head)?.[1] : undefined;
    return pinned ?? arn;
  }
  const account = parseArn(arn)?.account;
  return account && /^\d{12}$/.test(account)
    ? account
    : ctx.unknown(`RoleArn ${arn} names no account`, pointer);
}

/** Evaluates to a string (numbers and booleans as text); Unknown or undefined otherwise. */
function evalString(ctx: EvalContext, node: unknown, pointer: string): string | Unknown | undefined {
  const v = evaluate(ctx, node, pointer);
  if (v === NO_VALUE) return undefined;
  return scalarString(v);
}

function evalList(ctx: EvalContext, node: unknown, pointer: string): Value[] | Unknown | undefined {
  const v = evaluate(ctx, node, pointer);
  if (v instanceof Unknown) return v;
  if (Array.isArray(v)) return v;
  return undefined;
}

/**
 * The unknown result of a function whose argument is unknown, when the result is not that argument
 * (an `Fn::ImportValue` of an unknown export name, an `Fn::Select` at an unknown index, an element
 * or the length of an unknown list, the list an `Fn::Split` of an unknown string makes): wholly
 * unknown, for the argument's reason. The argument's own shape (the known text of a PartlyKnown
 * export name, the branches of an undecided `Fn::If`, the pieces of a split) says nothing of the
 * result; read as the result's, `!ImportValue !Sub '${Env}-RoleArn'` would be a Resource
 * `${?}-RoleArn`, which no ARN matches: a Deny naming it silently applied to nothing.
 */
function opaque(u: Unknown): Unknown {
  return u.constructor === Unknown ? u : new Unknown(u.reason, u.source);
}

/** What an element (or the length) of an unknown list is: unknown for the same reason (`opaque`). */
function element(list: Unknown): Unknown {
  return opaque(list);
}

/**
 * The list an `Fn::Split` of a partly known string makes (`!Split [',', !Sub 'a,b,${Name}']`):
 * unknown (how many pieces, and what each holding unknown text is, the unknown text decides), but
 * its first pieces, those the delimiter ends inside the known text before the first unknown part,
 * are the same whatever that text is: `head`, which `Fn::Select` reads (`!Select [0, …]` is `a`).
 */
class SplitHead extends Unknown {
  constructor(
    readonly head: readonly string[],
    why: Unknown,
  ) {
    super(why.reason, why.source);
  }
}

/**
 * `Fn::Split` of the partly known `source` at `delim`: the pieces each ended by an occurrence of
 * `delim` inside its first known text (an occurrence reaching into the unknown text after it
 * starts after them: leftmost occurrences come first), as a `SplitHead`; wholly unknown when there
 * are none, the delimiter is empty or may cut a stand-in of that text (`splitKeepsStandIns`). A
 * name the inputs leave unknown in that text ends the head where the delimiter may touch it.
 */
function splitHead(delim: string, source: PartlyKnown): Unknown {
  const first = source.parts[0];
  if (typeof first !== 'string' || delim === '' || !splitKeepsStandIns(delim, first)) return opaque(source);
  // names the inputs leave unknown in that text: split around them (`splitAroundUnknownParts`)
  const named = hasUnknownNamePart(first) ? splitAroundUnknownParts(delim, first) : undefined;
  if (hasUnknownNamePart(first) && !named) return opaque(source);
  const head = named ? (named.rest ? named.head : named.head.slice(0, -1)) : first.split(delim).slice(0, -1);
  return head.length ? new SplitHead(head, opaque(source)) : opaque(source);
}

/**
 * `Fn::Split` of a string holding names the inputs leave unknown (`(unknown-…)` parts: a generated
 * name, a name built from an unknown stack name): the pieces where no occurrence of the delimiter
 * may touch a part (`splitAroundUnknownParts`: `!Split [':', !GetAtt Role.Arn]`); else the pieces
 * ended before the first part that may (a `SplitHead`), the rest unknown. Before, the part's text
 * was split as if it were the name: `!Split ['-', …]` gave pieces such as `(unknown`.
 */
function splitAroundNames(
  ctx: EvalContext,
  delim: string,
  source: string,
  pointer: string,
): string[] | Unknown {
  const r = splitAroundUnknownParts(delim, source);
  if (r && !r.rest) return r.head;
  const why = ctx.unknown(
    `Fn::Split: the delimiter may fall inside a name the inputs leave unknown (${source})`,
    pointer,
  );
  return r?.head.length ? new SplitHead(r.head, why) : why;
}

function firstUnknown(values: readonly unknown[]): Unknown | undefined {
  for (const v of values) if (v instanceof Unknown) return v;
  return undefined;
}

export function evaluateIntrinsic(ctx: EvalContext, fn: string, arg: unknown, pointer: string): Resolved {
  const at = childPointer(pointer, fn);
  switch (fn) {
    case 'Ref': {
      const name = typeof arg === 'string' ? arg : evalString(ctx, arg, at);
      if (name instanceof Unknown) return opaque(name);
      if (typeof name !== 'string')
        return invalid(ctx, 'Ref', pointer, 'expects the name of a parameter or resource');
      return ctx.ref(name, pointer);
    }
    case 'Fn::GetAtt':
      return evalGetAtt(ctx, arg, pointer, at);
    case 'Fn::Sub':
      return evalSub(ctx, arg, pointer, at);
    case 'Fn::Join': {
      if (!Array.isArray(arg) || arg.length !== 2)
        return invalid(ctx, fn, pointer, 'expects [delimiter, list]');
      const delim = evalString(ctx, arg[0], childPointer(at, 0));
      if (delim instanceof Unknown) return opaque(delim);
      if (typeof delim !== 'string') return invalid(ctx, fn, pointer, 'delimiter must be a string');
      const list = evalList(ctx, arg[1], childPointer(at, 1));
      // The pieces of an Fn::Split that may cut a stand-in, joined back with its delimiter: the
      // string split, as it was (`!Join ['-', !Split ['-', !Ref AWS::Region]]` is the Region).
      if (list instanceof StandInPieces && list.separator === delim) return list.whole;
      if (list instanceof Unknown) return opaque(list);
      if (!list) return invalid(ctx, fn, pointer, 'second argument must be a list');
      const parts = list.map((x) => scalarString(x));
      if (parts.some((p) => p === undefined))
        return invalid(ctx, fn, pointer, 'list elements must be strings');
      // Known parts are kept around unknown ones (a PartlyKnown value, see src/model/unknown.ts).
      if (firstUnknown(parts))
        return concatMaybe((parts as (string | Unknown)[]).flatMap((p, i) => (i ? [delim, p] : [p])));
      return builtString(
        ctx,
        (parts as string[]).flatMap((p, i) => (i ? [delim, p] : [p])),
        pointer,
      );
    }
    case 'Fn::Select': {
      if (!Array.isArray(arg) || arg.length !== 2) return invalid(ctx, fn, pointer, 'expects [index, list]');
      const index = evalString(ctx, arg[0], childPointer(at, 0));
      if (index instanceof Unknown) return opaque(index);
      const i = Number(index);
      if (index === undefined || !Number.isInteger(i) || i < 0)
        return invalid(ctx, fn, pointer, 'index must be a non-negative integer');
      const list = evalList(ctx, arg[1], childPointer(at, 1));
      if (list instanceof SplitHead && i < list.head.length) return list.head[i]!;
      if (list instanceof Unknown) return element(list);
      if (!list) return invalid(ctx, fn, pointer, 'second argument must be a list');
      if (i >= list.length)
        return invalid(ctx, fn, pointer, `index ${i} is out of range for a list of ${list.length}`);
      return list[i]!;
    }
    case 'Fn::Split': {
      if (!Array.isArray(arg) || arg.length !== 2)
        return invalid(ctx, fn, pointer, 'expects [delimiter, string]');
      const delim = evalString(ctx, arg[0], childPointer(at, 0));
      const source = evalString(ctx, arg[1], childPointer(at, 1));
      if (delim instanceof Unknown) return opaque(delim);
      if (typeof delim === 'string' && isPartlyKnown(source)) return splitHead(delim, source);
      if (source instanceof Unknown) return opaque(source);
      if (typeof delim !== 'string' || typeof source !== 'string')
        return invalid(ctx, fn, pointer, 'expects strings');
      // A stand-in (the deploying Region or account, not given) that the delimiter may cut: the
      // pieces depend on which Region or account it is (`us-gov-west-1` has four at `-`).
      if (!splitKeepsStandIns(delim, source))
        return new StandInPieces(
          delim,
          source,
          ctx.unknown(`Fn::Split: ${transformedReason(standInsHeld(source))}`, pointer),
        );
      const out = hasUnknownNamePart(source)
        ? splitAroundNames(ctx, delim, source, pointer)
        : source.split(delim);
      if (out instanceof Unknown) return out;
      ctx.origins.record(out, pointer, ctx.locate);
      return out;
    }
    case 'Fn::FindInMap':
      return evalFindInMap(ctx, arg, pointer, at);
    case 'Fn::If': {
      if (!Array.isArray(arg) || arg.length !== 3 || typeof arg[0] !== 'string') {
        return invalid(ctx, fn, pointer, 'expects [conditionName, valueIfTrue, valueIfFalse]');
      }
      const cond = ctx.condition(arg[0], childPointer(at, 0));
      if (typeof cond === 'boolean') ctx.conditionTaken?.(arg[0], cond, pointer);
      if (cond === true) return evaluate(ctx, arg[1], childPointer(at, 1));
      if (cond === false) return evaluate(ctx, arg[2], childPointer(at, 2));
      // Undecided: both branches are kept (see branches.ts); consumers that can, expand them.
      const a = evaluate(ctx, arg[1], childPointer(at, 1));
      const b = evaluate(ctx, arg[2], childPointer(at, 2));
      if (valuesEqual(a, b)) return a;
      const where = ctx.unknown('', pointer).source;
      return new UndecidedIf(
        `depends on condition ${arg[0]}, which is unknown (${cond.reason})`,
        where,
        arg[0],
        cond,
        a,
        b,
      );
    }
    case 'Fn::Equals':
    case 'Fn::And':
    case 'Fn::Or':
    case 'Fn::Not': {
      const r = evaluateCondition(ctx, { [fn]: arg }, pointer);
      return r;
    }
    case 'Fn::ImportValue': {
      const name = evalString(ctx, arg, at);
      if (name instanceof Unknown) return opaque(name);
      if (typeof name !== 'string') return invalid(ctx, fn, pointer, 'expects an export name');
      return ctx.importValue(name, pointer);
    }
    case 'Fn::GetStackOutput': {
      // { StackName, OutputName, Region?, RoleArn? } (Template Reference, "Fn::GetStackOutput").
      if (!isRecord(arg) || arg.StackName === undefined || arg.OutputName === undefined)
        return invalid(ctx, fn, pointer, 'expects {StackName, OutputName, Region, RoleArn}');
      const stack = evalString(ctx, arg.StackName, childPointer(at, 'StackName'));
      const output = evalString(ctx, arg.OutputName, childPointer(at, 'OutputName'));
      const region =
        arg.Region === undefined ? undefined : evalString(ctx, arg.Region, childPointer(at, 'Region'));
      const u = firstUnknown([stack, output, region]);
      if (u) return opaque(u);
      if (typeof stack !== 'string' || typeof output !== 'string')
        return invalid(ctx, fn, pointer, 'StackName and OutputName must be strings');
      return ctx.stackOutput(
        stack,
        output,
        region as string | undefined,
        roleAccountOf(ctx, arg.RoleArn, at),
        pointer,
      );
    }
    case 'Fn::GetAZs': {
      // The zones depend on the account, not only the Region: "Because customers have access to
      // different Availability Zones, the intrinsic function Fn::GetAZs enables template authors
      // to write templates that adapt to the calling user's access", and it "returns only
      // Availability Zones that have a default subnet unless none of the Availability Zones has
      // a default subnet" (Template Reference, "Fn::GetAZs"). Neither the names nor how many
      // there are is in the inputs: the list is unknown (never a guessed `<region>a`, `b`, `c`).
      const region = evalString(ctx, arg ?? '', at);
      if (region instanceof Unknown) return opaque(region);
      return ctx.unknown(
        `the Availability Zones of ${region || ctx.region} (Fn::GetAZs): which ones and how many depend on the account`,
        pointer,
      );
    }
    case 'Fn::Base64': {
      const s = evalString(ctx, arg, at);
      if (s instanceof Unknown) return opaque(s);
      if (typeof s !== 'string') return invalid(ctx, fn, pointer, 'expects a string');
      // The encoding of a stand-in is no Region's or account's encoding.
      const held = standInsHeld(s);
      if (held.region || held.account) return ctx.unknown(`Fn::Base64: ${transformedReason(held)}`, pointer);
      return Buffer.from(s, 'utf8').toString('base64');
    }
    case 'Fn::Cidr':
      return evalCidr(ctx, arg, pointer, at);
    case 'Fn::Length': {
      const list = evalList(ctx, arg, at);
      if (list instanceof Unknown) return element(list);
      if (!list) return invalid(ctx, fn, pointer, 'expects a list');
      return list.length;
    }
    case 'Fn::ToJsonString': {
      const v = evaluate(ctx, arg, at);
      if (v === NO_VALUE) return invalid(ctx, fn, pointer, 'expects a value');
      const u = findUnknownIn(v);
      if (u) return opaque(u);
      return JSON.stringify(v);
    }
    case 'Fn::Contains': {
      if (!Array.isArray(arg) || arg.length !== 2) return invalid(ctx, fn, pointer, 'expects [list, value]');
      const list = evalList(ctx, arg[0], childPointer(at, 0));
      const v = evaluate(ctx, arg[1], childPointer(at, 1));
      if (list instanceof Unknown) return opaque(list);
      if (v instanceof Unknown) return opaque(v);
      if (!list) return invalid(ctx, fn, pointer, 'first argument must be a list');
      if (list.some((x) => valuesEqual(x, v))) return true;
      const u = firstUnknown(list);
      if (u) return opaque(u);
      // `Fn::Contains [[us-east-1], !Ref AWS::Region]` with no region given: it may hold it.
      if (holdsStandIn(v) || list.some((x) => holdsStandIn(x)))
        return ctx.unknown(`Fn::Contains compares ${dependsOn(v, list)}`, pointer);
      return false;
    }
    case 'Fn::Transform':
      ctx.finding(
        'cfn/transform-not-applied',
        'warning',
        'Fn::Transform calls a macro, which iamspec cannot run; the value stays unknown',
        pointer,
      );
      return ctx.unknown('value produced by a macro (Fn::Transform)', pointer);
    default:
      ctx.finding('cfn/unknown-intrinsic', 'error', `unknown intrinsic function ${fn}`, pointer);
      return ctx.unknown(`unknown intrinsic function ${fn}`, pointer);
  }
}

function findUnknownIn(v: unknown): Unknown | undefined {
  if (v instanceof Unknown) return v;
  if (v === null || typeof v !== 'object') return undefined;
  for (const x of Array.isArray(v) ? v : Object.values(v)) {
    const u = findUnknownIn(x);
    if (u) return u;
  }
  return undefined;
}

function evalGetAtt(ctx: EvalContext, arg: unknown, pointer: string, at: string): Resolved {
  let logicalId: unknown;
  let attribute: unknown;
  if (typeof arg === 'string') {
    const dot = arg.indexOf('.');
    if (dot < 0) return invalid(ctx, 'Fn::GetAtt', pointer, 'expects "LogicalId.Attribute"');
    logicalId = arg.slice(0, dot);
    attribute = arg.slice(dot + 1);
  } else if (Array.isArray(arg) && arg.length === 2) {
    // With AWS::LanguageExtensions the logical id may itself be an intrinsic function.
    logicalId = typeof arg[0] === 'string' ? arg[0] : evalString(ctx, arg[0], childPointer(at, 0));
    if (logicalId instanceof Unknown) return opaque(logicalId);
    attribute = evalString(ctx, arg[1], childPointer(at, 1));
  } else if (Array.isArray(arg) && arg.length === 1 && typeof arg[0] === 'string' && arg[0].includes('.')) {
    const s = arg[0];
    logicalId = s.slice(0, s.indexOf('.'));
    attribute = s.slice(s.indexOf('.') + 1);
  } else {
    return invalid(ctx, 'Fn::GetAtt', pointer, 'expects [LogicalId, Attribute]');
  }
  if (attribute instanceof Unknown) return opaque(attribute);
  if (typeof logicalId !== 'string' || typeof attribute !== 'string') {
    return invalid(ctx, 'Fn::GetAtt', pointer, 'logical id and attribute must be strings');
  }
  return ctx.getAtt(logicalId, attribute, pointer);
}

/** `${Name}`, `${Name.Attribute}`, `${!Literal}`; both the string and the [string, map] forms. */
function evalSub(ctx: EvalContext, arg: unknown, pointer: string, at: string): Resolved {
  let template: unknown;
  let varsNode: Record<string, unknown> = {};
  let templatePointer = at;
  if (Array.isArray(arg)) {
    if (arg.length !== 2 || !isRecord(arg[1]))
      return invalid(ctx, 'Fn::Sub', pointer, 'expects a string or [string, {variables}]');
    template = arg[0];
    varsNode = arg[1];
    templatePointer = childPointer(at, 0);
  } else {
    template = arg;
  }
  if (typeof template !== 'string') {
    const t = evalString(ctx, template, templatePointer);
    if (t instanceof Unknown) return opaque(t);
    if (typeof t !== 'string') return invalid(ctx, 'Fn::Sub', pointer, 'the template must be a string');
    template = t;
  }
  const text = template as string;
  let out = '';
  // The texts and values of the result, for a stand-in spelled across them (`builtString`).
  const built: string[] = [];
  const add = (piece: string) => {
    out += piece;
    built.push(piece);
  };
  // Unknown variables: the known text around them is kept (a PartlyKnown value).
  const pieces: (string | Unknown)[] = [];
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf('${', i);
    if (open < 0) {
      add(text.slice(i));
      break;
    }
    add(text.slice(i, open));
    const close = text.indexOf('}', open + 2);
    if (close < 0) {
      add(text.slice(open));
      break;
    }
    const inner = text.slice(open + 2, close);
    i = close + 1;
    if (inner.startsWith('!')) {
      add('${' + inner.slice(1) + '}');
      continue;
    }
    const name = inner.trim();
    let value: Resolved;
    if (Object.hasOwn(varsNode, name)) {
      value = evaluate(ctx, varsNode[name], childPointer(at, 1, name));
    } else {
      const dot = name.indexOf('.');
      value =
        dot > 0 && !name.startsWith('AWS::')
          ? ctx.getAtt(name.slice(0, dot), name.slice(dot + 1), pointer)
          : ctx.ref(name, pointer);
    }
    const s = value === NO_VALUE ? undefined : scalarString(value);
    if (s instanceof Unknown) {
      pieces.push(out, s);
      out = '';
      continue;
    }
    if (s === undefined) return invalid(ctx, 'Fn::Sub', pointer, `variable \${${name}} is not a string`);
    add(s);
  }
  if (pieces.length) return concatMaybe([...pieces, out]);
  return builtString(ctx, built, pointer);
}

/**
 * The string `pieces` join to (an `Fn::Join`, an `Fn::Sub` without unknown parts), with a stand-in
 * spelled across them read as a distinct literal (src/model/stand-ins.ts `distinctFromBuiltStandIns`).
 */
function builtString(ctx: EvalContext, pieces: string[], pointer: string): string {
  return distinctFromBuiltStandIns(pieces, () => ctx.unknown('', pointer).source?.file);
}

function evalFindInMap(ctx: EvalContext, arg: unknown, pointer: string, at: string): Resolved {
  if (!Array.isArray(arg) || arg.length < 3 || arg.length > 4) {
    return invalid(ctx, 'Fn::FindInMap', pointer, 'expects [MapName, TopLevelKey, SecondLevelKey]');
  }
  const keys = [0, 1, 2].map((i) => evalString(ctx, arg[i], childPointer(at, i)));
  const defaultNode = arg.length === 4 && isRecord(arg[3]) ? arg[3].DefaultValue : undefined;
  const fallback = (why: string): Resolved => {
    if (defaultNode !== undefined) return evaluate(ctx, defaultNode, childPointer(at, 3, 'DefaultValue'));
    return invalid(ctx, 'Fn::FindInMap', pointer, why);
  };
  const u = firstUnknown(keys);
  if (u)
    return findInMapUnknownKey(ctx, keys, u, pointer, () =>
      defaultNode === undefined ? undefined : evaluate(ctx, defaultNode, childPointer(at, 3, 'DefaultValue')),
    );
  if (keys.some((k) => typeof k !== 'string'))
    return invalid(ctx, 'Fn::FindInMap', pointer, 'keys must be strings');
  const [map, top, second] = keys as string[];
  const mappings = ctx.mappings();
  const m = mappings?.[map!];
  if (!isRecord(m)) return fallback(`no mapping named ${map}`);
  if (holdsStandIn(top) || holdsStandIn(second))
    return findInMapAnyStandIn(ctx, m, [map!, top!, second!], pointer, () =>
      defaultNode === undefined ? undefined : evaluate(ctx, defaultNode, childPointer(at, 3, 'DefaultValue')),
    );
  const level1 = m[top!];
  if (!isRecord(level1)) return fallback(`mapping ${map} has no key ${top}`);
  if (!Object.hasOwn(level1, second!)) return fallback(`mapping ${map}.${top} has no key ${second}`);
  return evaluate(ctx, level1[second!], `/Mappings/${esc(map!)}/${esc(top!)}/${esc(second!)}`);
}

/**
 * `Fn::FindInMap` whose top-level or second-level key the inputs leave unknown (a parameter
 * without a value): "Returns the value corresponding to keys in a two-level map", so the value is
 * one of the map's entries at the levels the unknown keys choose (a key holding the stand-in
 * Region or account, too), or the `DefaultValue` (a key no entry has; without one the stack does
 * not deploy): an `UndecidedChoice` of them, each present only for its keys; the value itself
 * when they all agree. Wholly unknown (`opaque`) when the map name is unknown, the map is not in
 * the template, or the choices are more than MAX_CHOICES.
 */
function findInMapUnknownKey(
  ctx: EvalContext,
  keys: readonly (string | Unknown | undefined)[],
  u: Unknown,
  pointer: string,
  fallback: () => Resolved | undefined,
): Resolved {
  const [map, top, second] = keys;
  const anyKey = (k: string | Unknown | undefined) => k instanceof Unknown || holdsStandIn(k);
  const keyOk = (k: string | Unknown | undefined) => typeof k === 'string' || k instanceof Unknown;
  if (typeof map !== 'string' || !keyOk(top) || !keyOk(second)) return opaque(u);
  const m = ctx.mappings()?.[map];
  if (!isRecord(m)) return opaque(u);
  const shown = (k: string | Unknown | undefined) => (typeof k === 'string' && !anyKey(k) ? k : '?');
  const call = `Fn::FindInMap [${map}, ${shown(top)}, ${shown(second)}]`;
  const choices: { value: Resolved; presence: Unknown }[] = [];
  for (const t of anyKey(top) ? keysMayBe(top, m) : [top as string]) {
    const level1 = m[t];
    if (!isRecord(level1)) continue;
    for (const k of anyKey(second) ? keysMayBe(second, level1) : [second as string]) {
      if (!Object.hasOwn(level1, k)) continue;
      choices.push({
        value: evaluate(ctx, level1[k], `/Mappings/${esc(map)}/${esc(t)}/${esc(k)}`),
        presence: ctx.unknown(
          `${call} is the entry ${t}.${k} only if its keys are those (${u.reason})`,
          pointer,
        ),
      });
      if (choices.length > MAX_CHOICES) return opaque(u);
    }
  }
  const byDefault = fallback();
  if (byDefault !== undefined)
    choices.push({
      value: byDefault,
      presence: ctx.unknown(
        `${call} is its DefaultValue only if ${map} has no entry for its keys (${u.reason})`,
        pointer,
      ),
    });
  const first = choices[0]?.value;
  if (first === undefined || choices.length > MAX_CHOICES) return opaque(u);
  if (!(first instanceof Unknown) && choices.every((c) => valuesEqual(c.value, first))) return first;
  return new UndecidedChoice(
    `${call} is one of the entries of ${map}, its key unknown (${u.reason})`,
    ctx.unknown('', pointer).source,
    choices,
  );
}

/**
 * The keys of `level` an unknown key may be: those a partly known key (`!Sub '${Env}-key'`) may
 * complete to (its known text decides: policy/partly-known.ts `couldMatch`, case-sensitive as
 * mapping keys are), every key for a wholly unknown one.
 */
function keysMayBe(key: string | Unknown | undefined, level: Record<string, unknown>): string[] {
  const keys = Object.keys(level);
  return isPartlyKnown(key) ? keys.filter((k) => couldMatch(key, k, 'equals')) : keys;
}

/**
 * True when `v` holds the stand-in of a deploying Region or account the inputs and options do not
 * give (src/adapters/stand-in-functions.ts `standInsHeld`).
 */
function holdsStandIn(v: Resolved | undefined): boolean {
  const held = standInsHeld(v);
  return held.region || held.account;
}

/** What a value holding stand-ins depends on, for a reason: `region`, `account`, or both. */
function dependsOn(...values: (Resolved | undefined)[]): string {
  const held = values.map((v) => standInsHeld(v));
  const region = held.some((h) => h.region);
  const account = held.some((h) => h.account);
  const what = [region ? 'region' : '', account ? 'account' : ''].filter(Boolean);
  const pass = [region ? '--region' : '', account ? '--account' : ''].filter(Boolean);
  return `the deploying ${what.join(' and ')}, which ${what.length > 1 ? 'are' : 'is'} not given (pass ${pass.join(' and ')})`;
}

/**
 * `Fn::FindInMap` keyed by the deploying region or account when none is given (`[RegionMap, !Ref
 * AWS::Region, ami]`, `[AccountMap, !Ref AWS::AccountId, role]`): the entry of whichever region or
 * account the stack is deployed to, so the value when every entry a key holding the stand-in may
 * select (and the default) gives the same one, else unknown. A key holding the stand-in may be any
 * key of its level, or none (then the default, or no value: the stack fails to deploy there).
 */
function findInMapAnyStandIn(
  ctx: EvalContext,
  m: Record<string, unknown>,
  [map, top, second]: [string, string, string],
  pointer: string,
  fallback: () => Resolved | undefined,
): Resolved {
  const candidates: Resolved[] = [];
  const tops = holdsStandIn(top) ? Object.keys(m) : [top];
  for (const t of tops) {
    const level1 = m[t];
    if (!isRecord(level1)) continue;
    const seconds = holdsStandIn(second) ? Object.keys(level1) : [second];
    for (const k of seconds)
      if (Object.hasOwn(level1, k))
        candidates.push(evaluate(ctx, level1[k], `/Mappings/${esc(map)}/${esc(t)}/${esc(k)}`));
  }
  // A region without an entry takes the default (or the stack fails to deploy there).
  const byDefault = fallback();
  if (byDefault !== undefined) candidates.push(byDefault);
  const first = candidates[0];
  if (first !== undefined && !(first instanceof Unknown) && candidates.every((c) => valuesEqual(c, first)))
    return first;
  return ctx.unknown(
    `Fn::FindInMap on ${map} is keyed by ${dependsOn(top, second)}, and its entries differ`,
    pointer,
  );
}

function esc(t: string): string {
  return t.replace(/~/g, '~0').replace(/\//g, '~1');
}

function evalCidr(ctx: EvalContext, arg: unknown, pointer: string, at: string): Resolved {
  if (!Array.isArray(arg) || arg.length !== 3)
    return invalid(ctx, 'Fn::Cidr', pointer, 'expects [ipBlock, count, cidrBits]');
  const parts = [0, 1, 2].map((i) => evalString(ctx, arg[i], childPointer(at, i)));
  const u = firstUnknown(parts);
  if (u) return opaque(u);
  const [block, countText, bitsText] = parts as (string | undefined)[];
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(block ?? '');
  const count = Number(countText);
  const bits = Number(bitsText);
  if (!m) {
    if (block?.includes(':')) return ctx.unknown('Fn::Cidr of an IPv6 block is not evaluated', pointer);
    return invalid(ctx, 'Fn::Cidr', pointer, `"${block}" is not an IPv4 CIDR block`);
  }
  const octets = m.slice(1, 5).map(Number);
  const prefix = Number(m[5]);
  if (octets.some((o) => o > 255) || prefix > 32)
    return invalid(ctx, 'Fn::Cidr', pointer, `"${block}" is not an IPv4 CIDR block`);
  if (!Number.isInteger(count) || count < 1 || count > 256)
    return invalid(ctx, 'Fn::Cidr', pointer, 'count must be 1 to 256');
  if (!Number.isInteger(bits) || bits < 1 || 32 - bits < prefix) {
    return invalid(ctx, 'Fn::Cidr', pointer, 'cidrBits does not fit in the block');
  }
  const newPrefix = 32 - bits;
  const base = ((octets[0]! << 24) >>> 0) + (octets[1]! << 16) + (octets[2]! << 8) + octets[3]!;
  const blockSize = 2 ** bits;
  const available = 2 ** (newPrefix - prefix);
  if (count > available)
    return invalid(ctx, 'Fn::Cidr', pointer, `the block holds only ${available} subnets of /${newPrefix}`);
  const start = base - (base % 2 ** (32 - prefix));
  const out: string[] = [];
  for (let k = 0; k < count; k++) {
    const a = start + k * blockSize;
    out.push(`${(a >>> 24) & 255}.${(a >>> 16) & 255}.${(a >>> 8) & 255}.${a & 255}/${newPrefix}`);
  }
  ctx.origins.record(out, pointer, ctx.locate);
  return out;
}

/**
 * Evaluates a condition expression (Conditions section, Fn::If's condition, Fn::And/Or/Not
 * operands): `Fn::Equals`, `Fn::And`, `Fn::Or`, `Fn::Not`, `{ "Condition": name }`, a boolean.
 * Three-valued: Unknown when the answer depends on an unknown value.
 */
export function evaluateCondition(ctx: EvalContext, node: unknown, pointer: string): boolean | Unknown {
  return deeper(ctx, pointer, () => evaluateConditionNode(ctx, node, pointer));
}

function evaluateConditionNode(ctx: EvalContext, node: unknown, pointer: string): boolean | Unknown {
  if (typeof node === 'boolean') return node;
  if (node === 'true' || node === 'false') return node === 'true';
  if (isRecord(node) && Object.keys(node).length === 1 && typeof node.Condition === 'string') {
    return ctx.condition(node.Condition, childPointer(pointer, 'Condition'));
  }
  const fn = intrinsicName(node);
  if (!fn) return conditionInvalid(ctx, pointer, 'expected a condition function');
  const arg = (node as Record<string, unknown>)[fn];
  const at = childPointer(pointer, fn);
  switch (fn) {
    case 'Fn::Equals': {
      if (!Array.isArray(arg) || arg.length !== 2)
        return conditionInvalid(ctx, pointer, 'Fn::Equals expects [value1, value2]');
      const a = evaluate(ctx, arg[0], childPointer(at, 0));
      const b = evaluate(ctx, arg[1], childPointer(at, 1));
      const u = findUnknownIn(a) ?? findUnknownIn(b);
      if (u) return opaque(u);
      if (valuesEqual(a, b)) return true;
      // `Fn::Equals [!Ref AWS::Region, us-east-1]` with no region given (`AWS::AccountId` with no
      // account): it may be either.
      if (holdsStandIn(a) || holdsStandIn(b)) return ctx.unknown(`it compares ${dependsOn(a, b)}`, pointer);
      return false;
    }
    case 'Fn::And':
    case 'Fn::Or': {
      if (!Array.isArray(arg) || arg.length < 1)
        return conditionInvalid(ctx, pointer, `${fn} expects a list of conditions`);
      const values = arg.map((c, i) => evaluateCondition(ctx, c, childPointer(at, i)));
      const decisive = fn !== 'Fn::And';
      if (values.includes(decisive)) return decisive;
      return firstUnknown(values) ?? !decisive;
    }
    case 'Fn::Not': {
      if (!Array.isArray(arg) || arg.length !== 1)
        return conditionInvalid(ctx, pointer, 'Fn::Not expects [condition]');
      const v = evaluateCondition(ctx, arg[0], childPointer(at, 0));
      return v instanceof Unknown ? v : !v;
    }
    default: {
      const v = evaluateIntrinsic(ctx, fn, arg, pointer);
      if (v instanceof Unknown) return opaque(v);
      if (typeof v === 'boolean') return v;
      if (v === 'true' || v === 'false') return v === 'true';
      return conditionInvalid(ctx, pointer, `${fn} does not evaluate to a boolean`);
    }
  }
}

function conditionInvalid(ctx: EvalContext, pointer: string, detail: string): Unknown {
  ctx.finding('cfn/invalid-condition', 'error', detail, pointer);
  return ctx.unknown(`invalid condition: ${detail}`, pointer);
}
