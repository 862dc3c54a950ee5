// Expression evaluator for the subset of Terraform IAM configurations need: literals,
// templates with directives, tuples/objects, references (resolved through a Resolver that knows
// resources, data sources, variables, locals and modules), operators, conditionals, `for`
// expressions, splats and the built-in functions of functions.ts. Whatever it cannot evaluate
// becomes an `Unknown` carrying the reason and the location (file:line and address); it never
// throws.

import { isUnknown, type Unknown } from '../../../model/unknown.js';
import type { Expr, Pos, TemplatePart } from '../hcl/ast.js';
import { callFunction } from './functions.js';
import { errorAt, EvalFailure, type Scope, type Step, unknownAt, withVars } from './scope.js';
import {
  ConversionError,
  openAddress,
  PartialTemplate,
  deepUnknown,
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
        if (isUnknown(key)) return key;
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
    case 'splat': {
      const base = ev(e.obj, scope, d);
      if (isUnknown(base)) return base;
      if (base === null || base === undefined) return [];
      const items = Array.isArray(base) ? base : [base];
      return items.map((item) => ev(e.each, withVars(scope, { '\u0000splat': item }), d));
    }
    case 'call':
      return evCall(e, scope, d);
    case 'cond': {
      const c = ev(e.cond, scope, d);
      if (isUnknown(c)) return c;
      const b = convert(() => toBool(c), scope, e.cond.pos);
      if (isUnknown(b)) return b;
      return b ? ev(e.whenTrue, scope, d) : ev(e.whenFalse, scope, d);
    }
    case 'unary': {
      const v = ev(e.e, scope, d);
      if (isUnknown(v)) return v;
      if (e.op === '!') {
        const b = convert(() => toBool(v), scope, e.pos);
        return isUnknown(b) ? b : !b;
      }
      const n = convert(() => toNum(v), scope, e.pos);
      return isUnknown(n) ? n : -n;
    }
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
  let out = '';
  const pieces: (string | Unknown)[] = [];
  let first: Unknown | undefined;
  for (const p of parts) {
    const r = evTemplatePart(p, scope, d, pos);
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

function evTemplatePart(p: TemplatePart, scope: Scope, d: number, pos: Pos): string | Unknown {
  switch (p.k) {
    case 'str':
      return p.v;
    case 'interp': {
      const v = ev(p.e, scope, d);
      if (isUnknown(v)) return v;
      if (v === null || v === undefined)
        return errorAt(scope, p.e.pos, 'template interpolation of a null value');
      const s = safeStr(v, scope, p.e.pos);
      if (s === null) return errorAt(scope, p.e.pos, 'template interpolation of a null value');
      return s;
    }
    case 'if': {
      const c = ev(p.cond, scope, d);
      if (isUnknown(c)) return c;
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
      if (isUnknown(coll)) return coll;
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
    if (e.k === 'attr') return applyStep(ev(e.obj, scope, d), { k: 'attr', name: e.name }, scope, e.pos);
    if (e.k === 'index') {
      const key = ev(e.key, scope, d);
      return applyStep(ev(e.obj, scope, d), { k: 'index', key }, scope, e.pos);
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
  for (let i = used; i < steps.length; i++) {
    value = applyStep(value, steps[i]!, scope, flat.steps[i]!.pos);
    if (isUnknown(value)) return value;
  }
  return value;
}

export function applyStep(value: unknown, step: Step, scope: Scope, pos: Pos): unknown {
  if (isUnknown(value)) return value;
  if (step.k === 'attr') {
    if (isObject(value)) {
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
  if (isUnknown(key)) return key;
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
    if (k !== null && k in value) return value[k];
    return errorAt(scope, pos, `no element "${String(k)}"`);
  }
  return errorAt(scope, pos, `cannot index a ${typeName(value)}`);
}

function evCall(e: Extract<Expr, { k: 'call' }>, scope: Scope, d: number): unknown {
  // try() and can() evaluate their arguments lazily
  if (e.name === 'try') {
    let last: unknown = errorAt(scope, e.pos, 'try() with no arguments');
    for (const a of e.args) {
      const v = ev(a, scope, d);
      const u = deepUnknown(v);
      // an unknown that is only "known after apply" makes try() itself unknown
      if (!(u instanceof EvalFailure)) return v;
      last = v;
    }
    return last;
  }
  if (e.name === 'can') {
    const v = ev(e.args[0] ?? { k: 'lit', v: null, pos: e.pos }, scope, d);
    const u = deepUnknown(v);
    if (!u) return true;
    return u instanceof EvalFailure ? false : u;
  }
  let args = e.args.map((a) => ev(a, scope, d));
  if (e.expandLast && args.length) {
    const last = args[args.length - 1];
    if (isUnknown(last)) return last;
    if (!Array.isArray(last)) return errorAt(scope, e.pos, `"..." needs a list, got a ${typeName(last)}`);
    args = [...args.slice(0, -1), ...last];
  }
  return callFunction(e.name, args, { scope, pos: e.pos, evaluate: (x, sc) => ev(x, sc, d) });
}

function evBinary(op: string, le: Expr, re: Expr, scope: Scope, d: number, pos: Pos): unknown {
  const l = ev(le, scope, d);
  if (op === '&&' || op === '||') {
    if (isUnknown(l)) return l;
    const lb = convert(() => toBool(l), scope, le.pos);
    if (isUnknown(lb)) return lb;
    const r = ev(re, scope, d);
    if (isUnknown(r)) return r;
    const rb = convert(() => toBool(r), scope, re.pos);
    if (isUnknown(rb)) return rb;
    return op === '&&' ? lb && rb : lb || rb;
  }
  const r = ev(re, scope, d);
  if (op === '==' || op === '!=') {
    const u = deepUnknown(l) ?? deepUnknown(r);
    if (u) return u;
    const eq = tfEquals(l, r);
    return op === '==' ? eq : !eq;
  }
  if (isUnknown(l)) return l;
  if (isUnknown(r)) return r;
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
  const coll = ev(e.coll, scope, d);
  if (isUnknown(coll)) return coll;
  const pairs = iterate(coll, scope, e.coll.pos);
  const list: unknown[] = [];
  const obj: TfObject = {};
  const groups: Record<string, unknown[]> = {};
  for (const [k, v] of pairs) {
    const inner = withVars(scope, e.keyVar ? { [e.keyVar]: k, [e.valVar]: v } : { [e.valVar]: v });
    if (e.cond) {
      const c = ev(e.cond, inner, d);
      if (isUnknown(c)) return c;
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
    if (isUnknown(key)) return key;
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
