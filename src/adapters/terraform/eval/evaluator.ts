// Expression evaluator for the subset of Terraform IAM configurations need: literals,
// templates with directives, tuples/objects, references (resolved through a Resolver that knows
// resources, data sources, variables, locals and modules), operators, conditionals, `for`
// expressions, splats and the built-in functions of functions.ts. Whatever it cannot evaluate
// becomes an `Unknown` carrying the reason and the location (file:line and address); it never
// throws.

import { isUnknown, Unknown } from '../../../model/unknown.js';
import type { Expr, Pos, TemplatePart } from '../hcl/ast.js';
import { exprText } from '../hcl/print.js';
import { Alternatives, alternatives, lift, MaybeElement } from './branches.js';
import { accountArithmetic, accountEquality } from './fn-account.js';
import { callFunction, readPartlyKnownMap, standInKeyedRead } from './functions.js';
import {
  PartlyKnownList,
  UnknownLength,
  PartlyKnownMap,
  partlyKnown,
  partlyKnownMap,
  partlyKnownObject,
  prefixElement,
} from './partial-list.js';
import { convertToType, parseTypeConstraint, type TypeSpec } from './type-constraints.js';
import { distinctFromBuiltStandIns } from '../../../model/stand-ins.js';
import { errorAt, isFailure, plain, type Scope, type Step, unknownAt, withVars } from './scope.js';
import {
  ConversionError,
  openAddress,
  PartialTemplate,
  deepUnknown,
  holdsStandInRegion,
  holdsUnknownName,
  UNKNOWN_NAME_COMPARED,
  EncodedJson,
  isObject,
  type TfObject,
  tfEquals,
  toBool,
  toNum,
  toStr,
  typeName,
} from './values.js';

/** Evaluates an expression; never throws (errors become Unknown values with the location). */
export function evaluate(expr: Expr, scope: Scope): unknown {
  try {
    return ev(expr, scope, 0);
  } catch (e) {
    if (e instanceof RangeError) return errorAt(scope, expr.pos, 'expression too deeply nested');
    const msg = e instanceof Error ? e.message : String(e);
    return errorAt(scope, expr.pos, msg);
  }
}

class EvaluationError extends Error {}

function fail(msg: string): never {
  throw new EvaluationError(msg);
}

function ev(e: Expr, scope: Scope, depth: number): unknown {
  if (depth > 200) fail('expression too deeply nested');
  const d = depth + 1;
  switch (e.k) {
    case 'lit':
      return e.v;
    case 'bad':
      return errorAt(scope, e.pos, e.reason);
    case 'paren':
      return ev(e.e, scope, d);
    case 'tmpl':
      return evTemplate(e.parts, scope, d, e.pos);
    case 'tuple':
      return e.items.map((x) => ev(x, scope, d));
    case 'object': {
      const out: TfObject = {};
      for (const it of e.items) {
        const key = ev(it.key, scope, d);
        if (isUnknown(key)) return plain(key);
        const ks = safeStr(key, scope, it.key.pos);
        if (isUnknown(ks)) return ks;
        if (ks === null) return errorAt(scope, it.key.pos, 'object key is null');
        out[ks] = ev(it.value, scope, d);
      }
      return out;
    }
    case 'var':
    case 'attr':
    case 'index':
      return evTraversal(e, scope, d);
    case 'splatItem':
      return scope.vars.get('\u0000splat') ?? null;
    case 'splat':
      return lift([ev(e.obj, scope, d)], ([base]) => {
        // a partly known list: its known elements' values, the rest unknown (partial-list.ts)
        if (base instanceof PartlyKnownList)
          return partlyKnownMap(base, (item) => ev(e.each, withVars(scope, { '\u0000splat': item }), d));
        if (isUnknown(base)) return plain(base);
        if (base === null || base === undefined) return [];
        const items = Array.isArray(base) ? base : [base];
        return items.map((item) => ev(e.each, withVars(scope, { '\u0000splat': item }), d));
      });
    case 'call':
      return evCall(e, scope, d);
    case 'cond':
      // A condition nobody can evaluate keeps both branches (see branches.ts).
      return lift([ev(e.cond, scope, d)], ([c]) => {
        if (isUnknown(c)) {
          const why = `the condition ${exprText(e.cond)} is not known (${c.reason})`;
          const at = isFailure(c) ? errorAt(scope, e.cond.pos, why) : unknownAt(scope, e.cond.pos, why);
          return alternatives([ev(e.whenTrue, scope, d), ev(e.whenFalse, scope, d)], at);
        }
        const b = convert(() => toBool(c), scope, e.cond.pos);
        if (isUnknown(b)) return b;
        return b ? ev(e.whenTrue, scope, d) : ev(e.whenFalse, scope, d);
      });
    case 'unary':
      return lift([ev(e.e, scope, d)], ([v]) => {
        if (isUnknown(v)) return plain(v);
        if (e.op === '!') {
          const b = convert(() => toBool(v), scope, e.pos);
          return isUnknown(b) ? b : !b;
        }
        const n = convert(() => toNum(v), scope, e.pos);
        return isUnknown(n) ? n : -n;
      });
    case 'binary':
      return evBinary(e.op, e.l, e.r, scope, d, e.pos);
    case 'for':
      return evFor(e, scope, d);
  }
}

function convert<T>(f: () => T, scope: Scope, pos: Pos): T | Unknown {
  try {
    return f();
  } catch (err) {
    if (err instanceof ConversionError) return errorAt(scope, pos, err.message);
    throw err;
  }
}

function safeStr(v: unknown, scope: Scope, pos: Pos): string | null | Unknown {
  return convert(() => toStr(v), scope, pos);
}

function evTemplate(parts: TemplatePart[], scope: Scope, d: number, pos: Pos): unknown {
  if (parts.length === 1 && parts[0]!.k === 'interp') return ev(parts[0]!.e, scope, d);
  if (parts.every((p) => p.k === 'str' || p.k === 'interp')) {
    // interpolations first, so that undecided branches are distributed over the whole string
    const values = parts.map((p) => (p.k === 'interp' ? ev(p.e, scope, d) : p.v));
    if (values.some((v) => v instanceof Alternatives)) {
      return lift(values, (vs) => joinTemplate(parts, vs, scope));
    }
    return joinTemplate(parts, values, scope);
  }
  let out = '';
  const pieces: (string | Unknown)[] = [];
  let first: Unknown | undefined;
  for (const p of parts) {
    const r = evTemplatePart(p, scope, d, pos);
    if (isUnknown(r) && isFailure(r)) return r;
    if (isUnknown(r)) {
      first ??= r;
      if (out) pieces.push(out);
      out = '';
      pieces.push(r);
      continue;
    }
    out += r;
  }
  if (!first) return out;
  if (out) pieces.push(out);
  return new PartialTemplate(pieces, first);
}

/** A template of strings and interpolations whose values are given (Unknowns make a PartialTemplate). */
function joinTemplate(parts: TemplatePart[], values: unknown[], scope: Scope): unknown {
  let out = '';
  // each text and value, for a stand-in spelled across them (`distinctFromBuiltStandIns`)
  const built: string[] = [];
  const pieces: (string | Unknown)[] = [];
  let first: Unknown | undefined;
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    let r: string | Unknown;
    if (p.k === 'str') r = p.v;
    else {
      const v = values[i];
      const at = (p as { e: Expr }).e.pos;
      if (isUnknown(v)) r = v instanceof MaybeElement || v instanceof Alternatives ? plain(v) : v;
      else if (v === null || v === undefined)
        r = errorAt(scope, at, 'template interpolation of a null value');
      else {
        const s = safeStr(v, scope, at);
        r = s === null ? errorAt(scope, at, 'template interpolation of a null value') : s;
      }
    }
    if (isUnknown(r)) {
      if (isFailure(r)) return r;
      first ??= r;
      if (out) pieces.push(out);
      out = '';
      pieces.push(r);
      continue;
    }
    out += r;
    built.push(r);
  }
  if (!first)
    return distinctFromBuiltStandIns(built, () => unknownAt(scope, undefined, '').source?.file, out);
  if (out) pieces.push(out);
  return new PartialTemplate(pieces, first);
}

function evTemplatePart(p: TemplatePart, scope: Scope, d: number, pos: Pos): string | Unknown {
  switch (p.k) {
    case 'str':
      return p.v;
    case 'interp': {
      const v = ev(p.e, scope, d);
      if (isUnknown(v)) return plain(v);
      if (v === null || v === undefined)
        return errorAt(scope, p.e.pos, 'template interpolation of a null value');
      const s = safeStr(v, scope, p.e.pos);
      if (s === null) return errorAt(scope, p.e.pos, 'template interpolation of a null value');
      return s;
    }
    case 'if': {
      const c = ev(p.cond, scope, d);
      if (isUnknown(c)) return plain(c);
      const b = convert(() => toBool(c), scope, p.cond.pos);
      if (isUnknown(b)) return b;
      let out = '';
      for (const q of b ? p.whenTrue : p.whenFalse) {
        const r = evTemplatePart(q, scope, d, pos);
        if (isUnknown(r)) return r;
        out += r;
      }
      return out;
    }
    case 'for': {
      const coll = ev(p.coll, scope, d);
      if (isUnknown(coll)) return plain(coll);
      let out = '';
      for (const [k, v] of iterate(coll, scope, p.coll.pos)) {
        const inner = withVars(scope, p.keyVar ? { [p.keyVar]: k, [p.valVar]: v } : { [p.valVar]: v });
        for (const q of p.body) {
          const r = evTemplatePart(q, inner, d, pos);
          if (isUnknown(r)) return r;
          out += r;
        }
      }
      return out;
    }
  }
}

/** Key/value pairs of a collection: lists by index, objects by sorted key. */
function iterate(coll: unknown, scope: Scope, pos: Pos): [unknown, unknown][] {
  if (Array.isArray(coll)) return coll.map((v, i) => [i, v]);
  if (isObject(coll)) {
    return Object.keys(coll)
      .sort()
      .map((k) => [k, coll[k]]);
  }
  if (coll === null || coll === undefined) fail('cannot iterate over a null value');
  void scope;
  void pos;
  fail(`cannot iterate over a ${typeName(coll)}`);
}

function flattenTraversal(e: Expr): { root: string; steps: Expr[]; rootPos: Pos } | undefined {
  const steps: Expr[] = [];
  let cur = e;
  while (cur.k === 'attr' || cur.k === 'index') {
    steps.unshift(cur);
    cur = cur.obj;
  }
  if (cur.k !== 'var') return undefined;
  return { root: cur.name, steps, rootPos: cur.pos };
}

function evTraversal(e: Expr, scope: Scope, d: number): unknown {
  const flat = flattenTraversal(e);
  if (!flat) {
    // traversal on a non-root expression: evaluate the base, then apply the steps
    if (e.k === 'attr') return applySteps(ev(e.obj, scope, d), [{ k: 'attr', name: e.name }], [e.pos], scope);
    if (e.k === 'index') {
      const key = ev(e.key, scope, d);
      return applySteps(ev(e.obj, scope, d), [{ k: 'index', key }], [e.pos], scope);
    }
    return ev(e, scope, d);
  }
  const steps: Step[] = flat.steps.map((s) =>
    s.k === 'attr'
      ? { k: 'attr', name: s.name }
      : { k: 'index', key: ev((s as { key: Expr }).key, scope, d) },
  );
  let value: unknown;
  let used = 0;
  if (scope.vars.has(flat.root)) {
    value = scope.vars.get(flat.root);
  } else {
    const r = scope.resolver.resolve(flat.root, steps, flat.rootPos, scope);
    if (!r) return errorAt(scope, flat.rootPos, `unknown reference "${flat.root}"`);
    value = r.value;
    used = r.used;
  }
  return applySteps(
    value,
    steps.slice(used),
    flat.steps.slice(used).map((s) => s.pos),
    scope,
  );
}

/**
 * Applies traversal steps in turn, distributing them over undecided branches (of the value or
 * of an index key). A step on an unknown value is that unknown, as a plain value.
 */
function applySteps(value: unknown, steps: Step[], positions: Pos[], scope: Scope): unknown {
  let v = value;
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i]!;
    const key = step.k === 'index' ? step.key : undefined;
    if (v instanceof Alternatives || key instanceof Alternatives) {
      return lift([v, key], ([vv, kk]) =>
        applySteps(
          applyStep(vv, step.k === 'index' ? { k: 'index', key: kk } : step, scope, positions[i]!),
          steps.slice(i + 1),
          positions.slice(i + 1),
          scope,
        ),
      );
    }
    if (
      isUnknown(v) &&
      !(v instanceof PartlyKnownMap) &&
      !(v instanceof PartlyKnownList && step.k === 'index')
    )
      return plain(v);
    v = applyStep(v, step, scope, positions[i]!);
  }
  return v instanceof MaybeElement ? plain(v) : v;
}

export function applyStep(value: unknown, step: Step, scope: Scope, pos: Pos): unknown {
  // `merge({ ops = ... }, var.extra)["ops"]`: the known key's value, any other key unknown
  if (value instanceof PartlyKnownMap)
    return readPartlyKnownMap(value, step.k === 'attr' ? step.name : step.key, scope, pos);
  // `concat(["a"], var.x)[0]`: an index within the known prefix is that element (partial-list.ts)
  if (value instanceof PartlyKnownList && step.k === 'index') {
    const known = prefixElement(value, step.key);
    return known !== undefined ? known : plain(value);
  }
  if (isUnknown(value)) return plain(value);
  if (step.k === 'attr') {
    if (isObject(value)) {
      const byStandIn = standInKeyedRead(value, step.name, undefined, scope, pos);
      if (byStandIn) return byStandIn.value;
      if (step.name in value) return value[step.name];
      const owner = openAddress(value);
      if (owner) return unknownAt(scope, pos, `${owner}.${step.name} is known only after apply`);
      return errorAt(scope, pos, `no attribute "${step.name}"`);
    }
    if (value === null || value === undefined)
      return errorAt(scope, pos, `attribute "${step.name}" of a null value`);
    return errorAt(scope, pos, `cannot read attribute "${step.name}" of a ${typeName(value)}`);
  }
  const key = step.key;
  if (isUnknown(key)) return plain(key);
  if (Array.isArray(value)) {
    const n = convert(() => toNum(key), scope, pos);
    if (isUnknown(n)) return n;
    if (!Number.isInteger(n) || n < 0 || n >= value.length) {
      return errorAt(scope, pos, `index ${n} out of range (length ${value.length})`);
    }
    return value[n];
  }
  if (isObject(value)) {
    const k = safeStr(key, scope, pos);
    if (isUnknown(k)) return k;
    if (k !== null) {
      const byStandIn = standInKeyedRead(value, k, undefined, scope, pos);
      if (byStandIn) return byStandIn.value;
    }
    if (k !== null && k in value) return value[k];
    if (holdsUnknownName(k)) return unknownAt(scope, pos, UNKNOWN_NAME_COMPARED);
    return errorAt(scope, pos, `no element "${String(k)}"`);
  }
  return errorAt(scope, pos, `cannot index a ${typeName(value)}`);
}

function evCall(e: Extract<Expr, { k: 'call' }>, scope: Scope, d: number): unknown {
  // try() and can() evaluate their arguments lazily
  if (e.name === 'try' || e.name === 'core::try') {
    if (!e.args.length) return errorAt(scope, e.pos, 'try() with no arguments');
    return evTry(e.args, 0, scope, d);
  }
  if (e.name === 'can' || e.name === 'core::can') {
    const v = ev(e.args[0] ?? { k: 'lit', v: null, pos: e.pos }, scope, d);
    const canOf = (x: unknown): unknown => {
      if (hasFailure(x)) return false;
      const u = deepUnknown(x);
      return u ? plain(u) : true;
    };
    if (v instanceof Alternatives && !isFailure(v.cause)) return alternatives(v.options.map(canOf), v.cause);
    return canOf(v);
  }
  if ((e.name === 'convert' || e.name === 'core::convert') && e.args.length === 2) {
    // convert(value, type): the second argument is a type constraint, not a value
    // (Terraform language, "convert Function"; the conversion rules of "Type Constraints")
    let type: TypeSpec;
    try {
      type = parseTypeConstraint(e.args[1]!, (x) => ev(x, scope, d));
    } catch (err) {
      return errorAt(scope, e.args[1]!.pos, `convert(): ${(err as Error).message}`);
    }
    const v = ev(e.args[0]!, scope, d);
    return convert(
      () => convertToType(v, type, 'convert()', (reason) => unknownAt(scope, e.pos, reason)),
      scope,
      e.pos,
    );
  }
  const args = e.args.map((a) => ev(a, scope, d));
  const ctx = { scope, pos: e.pos, evaluate: (x: Expr, sc: Scope) => ev(x, sc, d) };
  return lift(args, (vals) => {
    let as = vals;
    if (e.expandLast && as.length) {
      const last = as[as.length - 1];
      if (isUnknown(last)) return plain(last);
      if (!Array.isArray(last)) return errorAt(scope, e.pos, `"..." needs a list, got a ${typeName(last)}`);
      as = [...as.slice(0, -1), ...last];
    }
    return callFunction(e.name, as, ctx);
  });
}

/** A composite value's parts for `hasFailure`: all must fail (`every`) or any may. */
interface FailureFrame {
  node: object;
  kids: readonly unknown[];
  every: boolean;
  i: number;
  result: boolean;
}

/** A leaf's answer, or the frame that walks a composite value's parts. */
function failureStart(v: unknown, memo: Map<object, boolean>): boolean | FailureFrame {
  if (isFailure(v)) return true;
  if (v === null || typeof v !== 'object') return false;
  const hit = memo.get(v);
  if (hit !== undefined) return hit;
  // In progress (a cycle, which values never have): taken as no error until it is decided.
  memo.set(v, false);
  if (v instanceof Alternatives) return { node: v, kids: v.options, every: true, i: 0, result: true };
  if (v instanceof EncodedJson) return { node: v, kids: [v.value], every: false, i: 0, result: false };
  if (Array.isArray(v)) return { node: v, kids: v, every: false, i: 0, result: false };
  if (isObject(v)) return { node: v, kids: Object.values(v), every: false, i: 0, result: false };
  return false;
}

/**
 * Whether a value holds an evaluation error anywhere (try() moves past it, can() is false):
 * undecided branches (`Alternatives`) hold one only when every branch does. Iterative, with no
 * depth limit: an error nested however deep is found.
 */
function hasFailure(root: unknown): boolean {
  const memo = new Map<object, boolean>();
  const first = failureStart(root, memo);
  if (typeof first === 'boolean') return first;
  const stack: FailureFrame[] = [first];
  let last: boolean | undefined;
  while (stack.length) {
    const f = stack[stack.length - 1]!;
    if (last !== undefined) {
      // A part decides the whole: an error in any part, or (every) a branch without one.
      if (f.every ? !last : last) {
        f.result = last;
        f.i = f.kids.length;
      }
      last = undefined;
    }
    if (f.i >= f.kids.length) {
      stack.pop();
      memo.set(f.node, f.result);
      last = f.result;
      continue;
    }
    const next = failureStart(f.kids[f.i++], memo);
    if (typeof next === 'boolean') last = next;
    else stack.push(next);
  }
  return last ?? false;
}

/**
 * try(): the first argument that evaluates without an error (Terraform language, "try
 * Function"). A value known only after apply makes try() unknown; undecided branches that fail
 * take the value of the remaining arguments.
 */
function evTry(args: Expr[], i: number, scope: Scope, d: number): unknown {
  const v = ev(args[i]!, scope, d);
  const rest = () => (i + 1 < args.length ? evTry(args, i + 1, scope, d) : v);
  if (v instanceof Alternatives) {
    if (isFailure(v.cause)) return rest();
    return alternatives(
      v.options.map((o) => (hasFailure(o) ? rest() : o)),
      v.cause,
    );
  }
  return hasFailure(v) ? rest() : v;
}

function evBinary(op: string, le: Expr, re: Expr, scope: Scope, d: number, pos: Pos): unknown {
  const left = ev(le, scope, d);
  if (op === '&&' || op === '||') {
    return lift([left], ([l]) => {
      if (isUnknown(l)) return plain(l);
      const lb = convert(() => toBool(l), scope, le.pos);
      if (isUnknown(lb)) return lb;
      return lift([ev(re, scope, d)], ([r]) => {
        if (isUnknown(r)) return plain(r);
        const rb = convert(() => toBool(r), scope, re.pos);
        if (isUnknown(rb)) return rb;
        return op === '&&' ? lb && rb : lb || rb;
      });
    });
  }
  return lift([left, ev(re, scope, d)], ([l, r]) => evBinaryKnown(op, l, r, le, re, scope, pos));
}

/**
 * A comparison of the length of a partly known list or map (`UnknownLength`: at least `min`) with
 * a known number, when the lower bound decides it (`length(l) > 0` with a known element: true);
 * undefined otherwise (the comparison is unknown).
 */
function lengthComparison(op: string, l: unknown, r: unknown): boolean | undefined {
  const flip: Record<string, string> = { '<': '>', '>': '<', '<=': '>=', '>=': '<=', '==': '==', '!=': '!=' };
  if (!(op in flip)) return undefined;
  if (r instanceof UnknownLength && typeof l === 'number') return lengthComparison(flip[op]!, r, l);
  if (!(l instanceof UnknownLength) || typeof r !== 'number') return undefined;
  // the length n is some integer with n >= min
  switch (op) {
    case '>':
      return l.min > r ? true : undefined;
    case '>=':
      return l.min >= r ? true : undefined;
    case '<':
      return l.min >= r ? false : undefined;
    case '<=':
      return l.min > r ? false : undefined;
    case '==':
      return l.min > r ? false : undefined;
    case '!=':
      return l.min > r ? true : undefined;
  }
  return undefined;
}

function evBinaryKnown(
  op: string,
  l: unknown,
  r: unknown,
  le: Expr,
  re: Expr,
  scope: Scope,
  pos: Pos,
): unknown {
  const bounded = lengthComparison(op, l, r);
  if (bounded !== undefined) return bounded;
  if (op === '==' || op === '!=') {
    const u = deepUnknown(l) ?? deepUnknown(r);
    if (u) return plain(u);
    const eq = tfEquals(l, r);
    // `data.aws_region.current.name == "us-east-1"` with no region given: it may be either.
    if (!eq && (holdsStandInRegion(l) || holdsStandInRegion(r)))
      return unknownAt(scope, pos, 'it compares the deploying region, which is not given (pass --region)');
    // `data.aws_caller_identity.current.account_id == "123456789012"` with no account given
    const byAccount = accountEquality(l, r, scope, pos);
    if (byAccount) return byAccount.value;
    // `aws_s3_bucket.b.bucket == "logs"` where AWS picks the name: it may be either.
    if (!eq && (holdsUnknownName(l) || holdsUnknownName(r)))
      return unknownAt(scope, pos, UNKNOWN_NAME_COMPARED);
    return op === '==' ? eq : !eq;
  }
  if (isUnknown(l)) return plain(l);
  if (isUnknown(r)) return plain(r);
  const asNumber = accountArithmetic(op, l, r, scope, pos);
  if (asNumber) return asNumber.value;
  const a = convert(() => toNum(l), scope, le.pos);
  if (isUnknown(a)) return a;
  const b = convert(() => toNum(r), scope, re.pos);
  if (isUnknown(b)) return b;
  switch (op) {
    case '<':
      return a < b;
    case '>':
      return a > b;
    case '<=':
      return a <= b;
    case '>=':
      return a >= b;
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      return b === 0 ? errorAt(scope, pos, 'division by zero') : a / b;
    case '%':
      return b === 0 ? errorAt(scope, pos, 'modulo by zero') : a % b;
  }
  return errorAt(scope, pos, `unknown operator ${op}`);
}

function evFor(e: Extract<Expr, { k: 'for' }>, scope: Scope, d: number): unknown {
  return lift([ev(e.coll, scope, d)], ([coll]) => {
    // `[for u in concat(["ops"], var.x) : "user/${u}"]`: the known elements mapped (a filter
    // that keeps or drops each for sure), the rest unknown; the index of an element, a key and
    // an object result are not known (partial-list.ts)
    if (coll instanceof PartlyKnownList && !e.keyVar) {
      const mapped = evForKnown(e, [...coll.elements], scope, d);
      // without a filter each element stays where it is: the known prefix too
      return partlyKnownResult(
        e,
        mapped,
        coll.rest,
        e.cond ? 0 : coll.prefix,
        restShape(e, coll.rest, scope, d),
      );
    }
    // `{ for k, v in merge({ ops = ... }, var.extra) : k => ... }`: the known entries mapped
    // (their keys are known), the rest unknown
    if (coll instanceof PartlyKnownMap) {
      const mapped = evForKnown(e, { ...coll.entries }, scope, d);
      return partlyKnownResult(e, mapped, coll.rest, 0, restShape(e, coll.rest, scope, d));
    }
    if (!isUnknown(coll)) return evForKnown(e, coll, scope, d);
    // a list over an unknown collection: any number of elements, each of the shape the value
    // expression gives for an unknown element (a dynamic block over an unknown for_each is read
    // the same way, config/world.ts `dynamicEntries`)
    const shape = coll.constructor === Unknown ? restShape(e, coll, scope, d) : undefined;
    return shape ? partlyKnown([], coll, 0, shape) : plain(coll);
  });
}

/**
 * What each element of a `for` expression's list is for an unknown element of its collection:
 * the value expression evaluated with the iteration variables unknown, maybe-present, when that
 * is an object with known parts (a policy statement's Effect); undefined otherwise (an object
 * result, whose keys are unknown; a value that is wholly unknown or fails).
 */
function restShape(
  e: Extract<Expr, { k: 'for' }>,
  rest: Unknown,
  scope: Scope,
  d: number,
): MaybeElement | undefined {
  if (e.keyExpr) return undefined;
  const u = plain(rest);
  const inner = withVars(scope, e.keyVar ? { [e.keyVar]: u, [e.valVar]: u } : { [e.valVar]: u });
  const value = ev(e.valExpr, inner, d);
  if (!isObject(value) || hasFailure(value)) return undefined;
  return new MaybeElement(
    value,
    new Unknown(`each element of a list whose collection is not known (${rest.reason})`, rest.source),
  );
}

/**
 * The result of a `for` over a partly known collection from its known part's: a list is a
 * partly known list, an object (`{ for u in ... : u => ... }`) a partly known map, whose known
 * keys are certain (an unknown element giving one of them again is an error Terraform
 * reports, "duplicate object key", unless grouping with `...`, where the rest may add values to
 * any group: its values are partly known lists); an unknown is that unknown.
 */
function partlyKnownResult(
  e: Extract<Expr, { k: 'for' }>,
  mapped: unknown,
  rest: Unknown,
  prefix = 0,
  shape?: MaybeElement,
): unknown {
  if (Array.isArray(mapped)) return partlyKnown(mapped, rest, prefix, shape);
  if (!isObject(mapped)) return mapped;
  if (!e.group) return partlyKnownObject(mapped, rest);
  const groups: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(mapped)) groups[k] = partlyKnown(v as unknown[], rest);
  return partlyKnownObject(groups, rest);
}

function evForKnown(e: Extract<Expr, { k: 'for' }>, coll: unknown, scope: Scope, d: number): unknown {
  const pairs = iterate(coll, scope, e.coll.pos);
  const list: unknown[] = [];
  const obj: TfObject = {};
  const groups: Record<string, unknown[]> = {};
  for (const [k, v] of pairs) {
    const inner = withVars(scope, e.keyVar ? { [e.keyVar]: k, [e.valVar]: v } : { [e.valVar]: v });
    if (e.cond) {
      const c = ev(e.cond, inner, d);
      if (isUnknown(c)) return plain(c);
      const b = convert(() => toBool(c), inner, e.cond.pos);
      if (isUnknown(b)) return b;
      if (!b) continue;
    }
    const val = ev(e.valExpr, inner, d);
    if (!e.keyExpr) {
      list.push(val);
      continue;
    }
    const key = ev(e.keyExpr, inner, d);
    if (isUnknown(key)) return plain(key);
    const ks = safeStr(key, inner, e.keyExpr.pos);
    if (isUnknown(ks)) return ks;
    if (ks === null) return errorAt(scope, e.keyExpr.pos, 'for expression key is null');
    if (e.group) {
      groups[ks] ??= [];
      groups[ks].push(val);
    } else {
      if (ks in obj) return errorAt(scope, e.keyExpr.pos, `duplicate key "${ks}" in for expression`);
      obj[ks] = val;
    }
  }
  if (!e.keyExpr) return list;
  return e.group ? groups : obj;
}

export { EncodedJson };
export type { Resolver, Scope, Step } from './scope.js';
export { errorAt, EvalFailure, unknownAt, withVars } from './scope.js';
