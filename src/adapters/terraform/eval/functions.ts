// Terraform built-in functions used in IAM configurations (string, collection, encoding,
// type-conversion and file functions), following the Terraform language "Functions" pages.
// Unknown arguments make the result unknown, except where a function only moves values around
// (concat, merge, flatten, tolist, ...) or is jsonencode (which keeps the structure as an
// EncodedJson so a policy's known statements survive). Unsupported functions evaluate to an
// EvalFailure naming the function.

import { isAbsolute, resolve as resolvePath } from 'node:path';
import { isUnknown } from '../../../model/unknown.js';
import type { Expr, Pos } from '../hcl/ast.js';
import { parseTemplateText } from '../hcl/parser.js';
import { linearRegExp, RegexpUnsupported } from './linear-regexp.js';
import { errorAt, plain, type Scope, withVars } from './scope.js';
import {
  ConversionError,
  deepUnknown,
  EncodedJson,
  isObject,
  jsonEncode,
  type TfObject,
  tfEquals,
  toBool,
  toNum,
  toStr,
  typeName,
} from './values.js';
import { readInputText } from '../../../model/read-input.js';

export interface CallContext {
  scope: Scope;
  pos: Pos;
  evaluate: (e: Expr, scope: Scope) => unknown;
}

type Fn = (args: unknown[], ctx: CallContext) => unknown;

class FnError extends Error {}

function str(v: unknown, what = 'argument'): string {
  const s = toStr(v);
  if (s === null) throw new FnError(`${what} must not be null`);
  if (isUnknown(s)) throw s;
  return s;
}

function num(v: unknown): number {
  const n = toNum(v);
  if (isUnknown(n)) throw n;
  return n;
}

function list(v: unknown, what = 'argument'): unknown[] {
  if (Array.isArray(v)) return v;
  if (v instanceof EncodedJson) throw new FnError(`${what} must be a list, got a string`);
  throw new FnError(`${what} must be a list, got a ${typeName(v)}`);
}

function obj(v: unknown, what = 'argument'): TfObject {
  if (isObject(v)) return v;
  throw new FnError(`${what} must be a map or object, got a ${typeName(v)}`);
}

function uniq(values: unknown[]): unknown[] {
  const out: unknown[] = [];
  for (const v of values) if (!out.some((o) => tfEquals(o, v))) out.push(v);
  return out;
}

function toSet(values: unknown[]): unknown[] {
  const u = uniq(values);
  if (u.every((x) => typeof x === 'string')) return (u as string[]).sort();
  return u;
}

/** Terraform's format verbs %s %d %f %v %q %t and %%, with optional width/precision. */
function format(spec: string, args: unknown[]): string {
  let i = 0;
  return spec.replace(
    /%([-+ 0#]*)(\d+)?(?:\.(\d+))?([sdfvqtbxXeEgGo%])/g,
    (_m, _flags, _w, prec, verb: string) => {
      if (verb === '%') return '%';
      if (i >= args.length) throw new FnError('not enough arguments for format');
      const a = args[i++];
      switch (verb) {
        case 'd':
          return String(Math.trunc(num(a)));
        case 'f':
          return num(a).toFixed(prec === undefined ? 6 : Number(prec));
        case 'q':
          return JSON.stringify(str(a));
        case 't':
          return String(toBool(a));
        case 'v':
          if (Array.isArray(a) || isObject(a)) return jsonEncode(a);
          return str(a);
        default:
          return str(a);
      }
    },
  );
}

function readModuleFile(path: string, ctx: CallContext): string {
  const dir = ctx.scope.resolver.workDir ?? ctx.scope.resolver.moduleDir ?? process.cwd();
  const full = isAbsolute(path) ? path : resolvePath(dir, path);
  try {
    return readInputText(full);
  } catch (e) {
    throw new FnError(`file ${path} cannot be read (looked in ${dir}): ${(e as Error).message}`);
  }
}

const STRUCTURAL = new Set([
  'concat',
  'merge',
  'flatten',
  'tolist',
  'toset',
  'tomap',
  'compact',
  'coalesce',
  'coalescelist',
  'element',
  'lookup',
  'length',
  'keys',
  'values',
  'jsonencode',
  'one',
  'slice',
  'reverse',
  'zipmap',
  'distinct',
  'setunion',
  'contains',
  'tostring',
]);

const FUNCTIONS: Record<string, Fn> = {
  jsonencode: ([v]) => (deepUnknown(v) ? new EncodedJson(v) : jsonEncode(v)),
  jsondecode: ([v]) => {
    try {
      return JSON.parse(str(v));
    } catch (e) {
      if (e instanceof SyntaxError) throw new FnError(`jsondecode: invalid JSON: ${e.message}`);
      throw e;
    }
  },
  yamlencode: ([v]) => jsonEncode(v),
  format: ([spec, ...rest]) => format(str(spec), rest),
  formatlist: ([spec, ...rest]) => {
    const lists = rest.filter(Array.isArray) as unknown[][];
    const n = lists.length ? lists[0]!.length : 1;
    const out: string[] = [];
    for (let i = 0; i < n; i++)
      out.push(
        format(
          str(spec),
          rest.map((r) => (Array.isArray(r) ? r[i] : r)),
        ),
      );
    return out;
  },
  join: ([sep, ...ls]) =>
    ls
      .flatMap((l) => list(l))
      .map((x) => str(x))
      .join(str(sep)),
  split: ([sep, s]) => str(s).split(str(sep)),
  lower: ([s]) => str(s).toLowerCase(),
  upper: ([s]) => str(s).toUpperCase(),
  title: ([s]) => str(s).replace(/\b\p{L}/gu, (c) => c.toUpperCase()),
  trimspace: ([s]) => str(s).trim(),
  chomp: ([s]) => str(s).replace(/(\r?\n)+$/, ''),
  trim: ([s, chars]) => {
    const set = new Set(str(chars));
    let a = str(s);
    while (a && set.has(a[0]!)) a = a.slice(1);
    while (a && set.has(a[a.length - 1]!)) a = a.slice(0, -1);
    return a;
  },
  trimprefix: ([s, p]) => (str(s).startsWith(str(p)) ? str(s).slice(str(p).length) : str(s)),
  trimsuffix: ([s, p]) => (str(s).endsWith(str(p)) && str(p) ? str(s).slice(0, -str(p).length) : str(s)),
  startswith: ([s, p]) => str(s).startsWith(str(p)),
  endswith: ([s, p]) => str(s).endsWith(str(p)),
  strcontains: ([s, p]) => str(s).includes(str(p)),
  substr: ([s, off, len]) => {
    const chars = [...str(s)];
    let o = num(off);
    if (o < 0) o = chars.length + o;
    const l = num(len);
    return chars.slice(o, l < 0 ? undefined : o + l).join('');
  },
  replace: ([s, from, to]) => {
    const f = str(from);
    if (f.length > 1 && f.startsWith('/') && f.endsWith('/')) {
      return str(s).replace(linearRegExp(f.slice(1, -1), 'g'), str(to).replace(/\$\{(\d+)\}/g, '$$$1'));
    }
    return str(s).split(f).join(str(to));
  },
  regex: ([re, s]) => {
    const m = linearRegExp(str(re)).exec(str(s));
    if (!m) throw new FnError('regex: pattern did not match');
    if (m.groups) return { ...m.groups };
    return m.length > 1 ? m.slice(1) : m[0];
  },
  regexall: ([re, s]) =>
    [...str(s).matchAll(linearRegExp(str(re), 'g'))].map((m) => (m.length > 1 ? m.slice(1) : m[0])),
  concat: (args) => args.flatMap((l) => list(l)),
  merge: (args) => {
    const out: TfObject = {};
    for (const a of args) if (a !== null && a !== undefined) Object.assign(out, obj(a));
    return out;
  },
  flatten: ([l]) => {
    const rec = (x: unknown[]): unknown[] => x.flatMap((y) => (Array.isArray(y) ? rec(y) : [y]));
    return rec(list(l));
  },
  tolist: ([l]) => (isObject(l) ? Object.values(l) : list(l)),
  toset: ([l]) => toSet(list(l)),
  tomap: ([m]) => obj(m),
  tostring: ([v]) => toStr(v),
  tonumber: ([v]) => (v === null ? null : num(v)),
  tobool: ([v]) => (v === null ? null : toBool(v)),
  compact: ([l]) => list(l).filter((x) => x !== null && x !== ''),
  distinct: ([l]) => uniq(list(l)),
  length: ([v]) => {
    if (Array.isArray(v)) return v.length;
    if (isObject(v)) return Object.keys(v).length;
    return [...str(v)].length;
  },
  keys: ([m]) => Object.keys(obj(m)).sort(),
  values: ([m]) => {
    const o = obj(m);
    return Object.keys(o)
      .sort()
      .map((k) => o[k]);
  },
  lookup: ([m, k, def], ctx) => {
    const o = obj(m);
    const key = str(k);
    if (key in o) return o[key];
    if (def === undefined) return errorAt(ctx.scope, ctx.pos, `lookup: no key "${key}"`);
    return def;
  },
  element: ([l, i]) => {
    const a = list(l);
    if (!a.length) throw new FnError('element: empty list');
    return a[num(i) % a.length];
  },
  index: ([l, v]) => {
    const at = list(l).findIndex((x) => tfEquals(x, v));
    if (at < 0) throw new FnError('index: value not found');
    return at;
  },
  contains: ([l, v]) => {
    const u = deepUnknown(v) ?? deepUnknown(l);
    if (u) return u;
    return list(l).some((x) => tfEquals(x, v));
  },
  coalesce: (args) => {
    for (const a of args) {
      if (isUnknown(a)) return a;
      if (a !== null && a !== '') return a;
    }
    throw new FnError('coalesce: no non-null, non-empty argument');
  },
  coalescelist: (args) => {
    for (const a of args) {
      if (isUnknown(a)) return a;
      if (Array.isArray(a) && a.length) return a;
    }
    throw new FnError('coalescelist: no non-empty list');
  },
  one: ([l]) => {
    const a = list(l);
    if (a.length > 1) throw new FnError('one: more than one element');
    return a.length ? a[0] : null;
  },
  zipmap: ([ks, vs]) => {
    const out: TfObject = {};
    const vals = list(vs);
    list(ks).forEach((k, i) => {
      out[str(k)] = vals[i];
    });
    return out;
  },
  slice: ([l, a, b]) => list(l).slice(num(a), num(b)),
  reverse: ([l]) => [...list(l)].reverse(),
  sort: ([l]) =>
    list(l)
      .map((x) => str(x))
      .sort(),
  range: (args) => {
    const n = args.map(num);
    const [start, end, step] =
      n.length === 1 ? [0, n[0]!, 1] : [n[0]!, n[1]!, n[2] ?? (n[0]! <= n[1]! ? 1 : -1)];
    const out: number[] = [];
    if (step === 0) throw new FnError('range: step must not be zero');
    for (let x = start; step > 0 ? x < end : x > end; x += step) {
      out.push(x);
      if (out.length > 1024) throw new FnError('range: too many elements');
    }
    return out;
  },
  max: (args) => Math.max(...args.map(num)),
  min: (args) => Math.min(...args.map(num)),
  abs: ([n]) => Math.abs(num(n)),
  ceil: ([n]) => Math.ceil(num(n)),
  floor: ([n]) => Math.floor(num(n)),
  sum: ([l]) => list(l).reduce<number>((a, b) => a + num(b), 0),
  setunion: (args) => toSet(args.flatMap((l) => list(l))),
  setintersection: ([first, ...rest]) =>
    toSet(list(first).filter((x) => rest.every((l) => list(l).some((y) => tfEquals(x, y))))),
  setsubtract: ([a, b]) => toSet(list(a).filter((x) => !list(b).some((y) => tfEquals(x, y)))),
  base64encode: ([s]) => Buffer.from(str(s), 'utf8').toString('base64'),
  base64decode: ([s]) => Buffer.from(str(s), 'base64').toString('utf8'),
  file: ([p], ctx) => readModuleFile(str(p), ctx),
  fileexists: ([p], ctx) => {
    try {
      readModuleFile(str(p), ctx);
      return true;
    } catch {
      return false;
    }
  },
  templatefile: ([p, vars], ctx) => {
    const text = readModuleFile(str(p), ctx);
    const expr = parseTemplateText(text, { line: 1, column: 1 });
    const scope = withVars({ ...ctx.scope, file: str(p) }, vars === undefined ? {} : obj(vars));
    return ctx.evaluate(expr, scope);
  },
  abspath: ([p]) => resolvePath(str(p)),
  basename: ([p]) => str(p).split('/').pop() ?? '',
  dirname: ([p]) => str(p).split('/').slice(0, -1).join('/') || '.',
  sensitive: ([v]) => v,
  nonsensitive: ([v]) => v,
  timestamp: (_a, ctx) => errorAt(ctx.scope, ctx.pos, 'timestamp() is known only at apply time'),
  uuid: (_a, ctx) => errorAt(ctx.scope, ctx.pos, 'uuid() is known only at apply time'),
};

export function callFunction(name: string, args: unknown[], ctx: CallContext): unknown {
  const base = name.startsWith('provider::') ? name : name;
  const fn = FUNCTIONS[base];
  if (!fn) return errorAt(ctx.scope, ctx.pos, `function ${name}() is not supported by iamspec`);
  if (!STRUCTURAL.has(base)) {
    const u = args.map(deepUnknown).find((x) => x);
    if (u) return plain(u);
  } else {
    const top = args.find(isUnknown);
    if (top) return plain(top);
  }
  try {
    const out = fn(args, ctx);
    return out === undefined ? null : out;
  } catch (e) {
    if (isUnknown(e)) return plain(e);
    if (
      e instanceof FnError ||
      e instanceof ConversionError ||
      e instanceof SyntaxError ||
      e instanceof RegexpUnsupported
    ) {
      return errorAt(ctx.scope, ctx.pos, `${name}(): ${e.message}`);
    }
    const msg = e instanceof Error ? e.message : String(e);
    return errorAt(ctx.scope, ctx.pos, `${name}(): ${msg}`);
  }
}
