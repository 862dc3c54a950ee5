// Terraform's built-in function library (Terraform language, "Built-in Functions":
// https://developer.hashicorp.com/terraform/language/functions): every function of the
// reference that makes sense offline, with Terraform's semantics (numeric, string, collection,
// encoding, filesystem, date and time, hash, IP network and type conversion functions; `try`,
// `can` and `convert` are in the evaluator, which gives them their arguments unevaluated).
// What cannot be known offline is an unknown value, never an error that try() would skip:
// impure functions (timestamp, uuid, bcrypt), plantimestamp, provider-defined functions
// (provider::NAME::FN), base64gzip (Go's gzip output is not reproducible), rsadecrypt, and a
// function iamspec does not know (with a `tf/unknown-function` warning). Unknown arguments make
// the result unknown, except where a function only moves values around (concat, merge, flatten,
// ...), is jsonencode (which keeps the structure as an EncodedJson so that a policy's known
// statements survive) or renders a template (templatefile, templatestring: an unknown variable
// stays where the template uses it). An unknown argument never makes a call an evaluation error
// that it would not be for every value (coalesce's "same type" rule ignores the type of a
// wholly unknown argument): try() would move past it and can() be false, where Terraform gives
// a value. A list function whose result's length or order an unknown makes unknown
// (concat or setunion of an unknown list, flatten of an unknown element, which may be a list,
// toset/distinct/compact/sort of an unknown element, tolist/reverse of a partly known list) gives
// a partly known list (partial-list.ts: its known elements certain, never a known list of the
// wrong length); `contains` of one is true when a known element equals the value, else unknown.
// Maps likewise: merge with an unknown map, zipmap of partly known keys give a partly known map
// (partial-list.ts `PartlyKnownMap`: known keys certain, a key an unknown map may override has
// an unknown value), which keys/values/length/lookup/tomap read. A call Terraform rejects is an
// evaluation error naming the function.

import { AWS_PROVIDER_FUNCTIONS, AWS_PROVIDER_PLACES } from './fn-aws.js';
import { distinctFromBuiltStandIns, holdsStandInText } from '../../../model/stand-ins.js';
import { isPartlyKnown, isUnknown, type Unknown } from '../../../model/unknown.js';
import type { Expr, Pos } from '../hcl/ast.js';
import { parseTemplateText } from '../hcl/parser.js';
import {
  PartlyKnownList,
  PartlyKnownMap,
  partlyKnownContains,
  partlyKnownLength,
  partlyKnownIndex,
  partlyKnownListCall,
  partlyKnownMapCall,
  partlyKnownRead,
} from './partial-list.js';
import {
  bool,
  compareStrings,
  FnError,
  FnUnknown,
  graphemes,
  int,
  list,
  num,
  obj,
  str,
  toSet,
  uniq,
} from './fn-core.js';
import {
  abspath,
  basename,
  dirname,
  fileExists,
  fileset,
  hash,
  pathexpand,
  readBytes,
  readText,
} from './fn-files.js';
import { format, formatdate, formatlist, placesOnly, timeadd, timecmp } from './fn-format.js';
import { accountCall, accountKeyedRead, holdsAccountStandIn } from './fn-account.js';
import { holdsRegionStandIn, joinOfRegionPieces, regionCall, regionKeyedRead } from './fn-region.js';
import { cidrhost, cidrnetmask, cidrsubnet, cidrsubnets } from './fn-net.js';
import {
  base64decode,
  csvdecode,
  indent,
  parseint,
  partlyKnownTemplateRegex,
  partlyKnownTemplateSubstr,
  partlyKnownTextCall,
  regex,
  regexall,
  replace,
  substr,
  textdecodebase64,
  textencodebase64,
  title,
  trim,
  urlencode,
  uuidv5,
  yamldecode,
  yamlencode,
} from './fn-text.js';
import { errorAt, isFailure, plain, type Scope, unknownAt } from './scope.js';
import {
  ConversionError,
  deepUnknown,
  holdsUnknownName,
  UNKNOWN_NAME_COMPARED,
  EncodedJson,
  isObject,
  jsonEncode,
  type TfObject,
  tfEquals,
  toStr,
  typeName,
} from './values.js';

export interface CallContext {
  scope: Scope;
  pos: Pos;
  evaluate: (e: Expr, scope: Scope) => unknown;
}

type Fn = (args: unknown[], ctx: CallContext) => unknown;

/** Marks a scope as the inside of a template: templatefile/templatestring cannot be called there. */
const IN_TEMPLATE = '\u0000template';

function workDir(ctx: CallContext): string {
  return ctx.scope.resolver.workDir ?? ctx.scope.resolver.moduleDir ?? process.cwd();
}

/** The scope a template sees: only its variables (and the functions). */
function templateScope(ctx: CallContext, vars: unknown, file: string | undefined): Scope {
  const v = vars === undefined || vars === null ? {} : obj(vars, 'vars');
  for (const k of Object.keys(v)) {
    if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(k))
      throw new FnError(`invalid template variable name ${JSON.stringify(k)}`);
  }
  const resolver = ctx.scope.resolver;
  return {
    vars: new Map([...Object.entries(v), [IN_TEMPLATE, true]]),
    resolver: { moduleDir: resolver.moduleDir, workDir: resolver.workDir, resolve: () => undefined },
    file,
    address: ctx.scope.address,
  };
}

/** The first evaluation error inside a value (its lists' and objects' elements), if any. */
function failureIn(v: unknown, depth = 0): Unknown | undefined {
  if (isUnknown(v)) return isFailure(v) ? v : undefined;
  if (v === null || typeof v !== 'object' || depth > 32) return undefined;
  for (const x of Object.values(v)) {
    const f = failureIn(x, depth + 1);
    if (f) return f;
  }
  return undefined;
}

/**
 * A template rendered with its variables. A variable that is unknown stays unknown where the
 * template uses it (the template's known text kept, as for a template in the configuration: a
 * JSON policy written with templatefile keeps its known statements); one the template does not
 * use changes nothing. A variable whose evaluation failed fails the call.
 */
function render(text: string, ctx: CallContext, vars: unknown, file: string | undefined): unknown {
  if (ctx.scope.vars.has(IN_TEMPLATE))
    throw new FnError('templates cannot call templatefile or templatestring');
  const failed = failureIn(vars);
  if (failed) throw failed;
  let expr: Expr;
  try {
    expr = parseTemplateText(text, { line: 1, column: 1 });
  } catch (e) {
    throw new FnError(`failed to parse the template: ${(e as Error).message}`);
  }
  return ctx.evaluate(expr, templateScope(ctx, vars, file));
}

function numbers(args: unknown[], what: string): number[] {
  if (!args.length) throw new FnError(`${what} needs at least one argument`);
  return args.map((a) => num(a));
}

function setArgs(args: unknown[], min: number, what: string): unknown[][] {
  if (args.length < min) throw new FnError(`${what} needs at least ${min} argument${min === 1 ? '' : 's'}`);
  return args.map((a) => list(a, `${what} argument`));
}

/**
 * The type of a coalesce argument as far as iamspec knows it: a partly known list, map or string
 * has its type; a wholly unknown value's type is not known to iamspec (Terraform knows it: a
 * variable's type, an attribute's schema), so it is undefined and never makes the call a type
 * error: an error there would be one that `try()` moves past and `can()` says false to, where
 * Terraform gives a value.
 */
function knownType(v: unknown): string | undefined {
  if (v instanceof PartlyKnownList) return 'list';
  if (v instanceof PartlyKnownMap) return 'object';
  if (isPartlyKnown(v)) return 'string';
  return isUnknown(v) ? undefined : typeName(v);
}

/** A value of one of the "same type" coalesce arguments: numbers and bools to strings when mixed. */
function unify(values: unknown[]): unknown[] {
  const kinds = new Set(values.filter((v) => v !== null).map(knownType));
  kinds.delete(undefined);
  if (kinds.size <= 1) return values;
  if ([...kinds].every((k) => k === 'string' || k === 'number' || k === 'boolean'))
    return values.map((v) => (v === null ? v : toStr(v)));
  throw new FnError('all arguments must have the same type');
}

const FUNCTIONS: Record<string, Fn> = {
  // ---- numeric
  abs: ([n]) => Math.abs(num(n)),
  ceil: ([n]) => Math.ceil(num(n)),
  floor: ([n]) => Math.floor(num(n)),
  log: ([n, b]) => Math.log(num(n)) / Math.log(num(b)),
  max: (args) => Math.max(...numbers(args, 'max')),
  min: (args) => Math.min(...numbers(args, 'min')),
  parseint: ([s, b]) => parseint(str(s), int(b, 'base')),
  pow: ([a, b]) => num(a) ** num(b),
  signum: ([n]) => Math.sign(num(n)) || 0,

  // ---- string
  chomp: ([s]) => str(s).replace(/(?:\r\n|\n|\r)+$/, ''),
  endswith: ([s, p]) => str(s).endsWith(str(p)),
  format: ([spec, ...rest]) => format(str(spec, 'format'), rest),
  formatlist: ([spec, ...rest]) => formatlist(str(spec, 'format'), rest),
  indent: ([n, s]) => indent(int(n, 'spaces'), str(s)),
  join: ([sep, ...ls]) => {
    if (!ls.length) throw new FnError('join needs at least one list');
    return ls
      .flatMap((l) => list(l))
      .map((x) => str(x, 'element'))
      .join(str(sep));
  },
  lower: ([s]) => str(s).toLowerCase(),
  regex: ([re, s]) => regex(str(re), str(s)),
  regexall: ([re, s]) => regexall(str(re), str(s)),
  replace: ([s, from, to]) => replace(str(s), str(from), str(to)),
  split: ([sep, s]) => {
    const text = str(s);
    const by = str(sep);
    return by === '' ? [...text] : text.split(by);
  },
  startswith: ([s, p]) => str(s).startsWith(str(p)),
  strcontains: ([s, p]) => str(s).includes(str(p)),
  strrev: ([s]) => graphemes(str(s)).reverse().join(''),
  substr: ([s, off, len]) => substr(str(s), int(off, 'offset'), int(len, 'length')),
  templatestring: ([t, vars], ctx) => render(str(t, 'template'), ctx, vars, ctx.scope.file),
  title: ([s]) => title(str(s)),
  trim: ([s, chars]) => trim(str(s), str(chars)),
  trimprefix: ([s, p]) => (str(s).startsWith(str(p)) ? str(s).slice(str(p).length) : str(s)),
  trimsuffix: ([s, p]) => (str(p) && str(s).endsWith(str(p)) ? str(s).slice(0, -str(p).length) : str(s)),
  trimspace: ([s]) => str(s).replace(/^[\s\u0085]+|[\s\u0085]+$/gu, ''),
  upper: ([s]) => str(s).toUpperCase(),

  // ---- collection
  alltrue: ([l]) => list(l).every((x) => bool(x, 'element')),
  anytrue: ([l]) => list(l).some((x) => bool(x, 'element')),
  chunklist: ([l, size]) => {
    const a = list(l);
    const n = int(size, 'size');
    if (n < 0) throw new FnError('the size argument must be positive');
    if (n === 0) return [a];
    const out: unknown[][] = [];
    for (let i = 0; i < a.length; i += n) out.push(a.slice(i, i + n));
    return out;
  },
  coalesce: (args) => {
    const vals = unify(args);
    for (const a of vals) {
      if (isUnknown(a)) return plain(a);
      if (a !== null && a !== '') return a;
    }
    throw new FnError('no non-null, non-empty-string arguments');
  },
  coalescelist: (args) => {
    for (const a of args) {
      // a partly known list with a known element is not empty: it is the result
      if (a instanceof PartlyKnownList && a.elements.length) return a;
      if (isUnknown(a)) return plain(a);
      if (list(a).length) return a;
    }
    return [];
  },
  compact: ([l]) =>
    list(l).filter((x) => {
      if (isUnknown(x)) return true;
      return x !== null && str(x, 'element') !== '';
    }),
  concat: (args) => args.flatMap((l) => list(l)),
  contains: ([l, v]) => {
    const u = deepUnknown(v) ?? deepUnknown(l);
    if (u) return plain(u);
    return list(l).some((x) => tfEquals(x, v));
  },
  distinct: ([l]) => uniq(list(l)),
  element: ([l, i]) => {
    const a = list(l);
    if (!a.length) throw new FnError('cannot use element function with an empty list');
    const n = int(i, 'index');
    return a[((n % a.length) + a.length) % a.length];
  },
  flatten: ([l]) => {
    const rec = (x: unknown[]): unknown[] => x.flatMap((y) => (Array.isArray(y) ? rec(y) : [y]));
    return rec(list(l));
  },
  index: ([l, v]) => {
    const at = list(l).findIndex((x) => tfEquals(x, v));
    if (at < 0) throw new FnError('item not found');
    return at;
  },
  keys: ([m]) => Object.keys(obj(m)).sort(compareStrings),
  length: ([v]) => {
    if (Array.isArray(v)) return v.length;
    if (isObject(v)) return Object.keys(v).length;
    if (v === null || v === undefined) throw new FnError('argument must not be null');
    return graphemes(str(v)).length;
  },
  lookup: ([m, k, def], ctx) => {
    const o = obj(m);
    const key = str(k, 'key');
    const byStandIn = standInKeyedRead(o, key, def, ctx.scope, ctx.pos);
    if (byStandIn) return byStandIn.value;
    if (key in o) return o[key];
    if (def === undefined)
      return errorAt(ctx.scope, ctx.pos, `lookup: the given key "${key}" does not exist in the map`);
    return def;
  },
  matchkeys: ([vs, ks, search]) => {
    const values = list(vs);
    const keys = list(ks);
    if (values.length !== keys.length) throw new FnError('length of keys and values should be equal');
    const s = list(search);
    return values.filter((_v, i) => s.some((x) => tfEquals(x, keys[i])));
  },
  merge: (args) => {
    const out: TfObject = {};
    for (const a of args) if (a !== null && a !== undefined) Object.assign(out, obj(a));
    return out;
  },
  one: ([l]) => {
    if (l === null) return null;
    const a = isObject(l) ? Object.values(l) : list(l);
    if (a.length > 1)
      throw new FnError('must be a list, set, or tuple value with either zero or one elements');
    return a.length ? a[0] : null;
  },
  range: (args) => {
    if (args.length < 1 || args.length > 3) throw new FnError('range needs one to three arguments');
    const n = args.map((a) => num(a));
    const [start, end, step] =
      n.length === 1 ? [0, n[0]!, 1] : [n[0]!, n[1]!, n[2] ?? (n[0]! <= n[1]! ? 1 : -1)];
    if (step === 0) throw new FnError('step must not be zero');
    if ((step > 0 && start > end) || (step < 0 && start < end))
      throw new FnError('step has the wrong sign for the range');
    const out: number[] = [];
    for (let x = start; step > 0 ? x < end : x > end; x += step) {
      out.push(x);
      // "Terraform imposes an artificial limit of 1024 numbers in the resulting list"
      if (out.length > 1024)
        throw new FnError(
          'more than 1024 values were generated; either decrease the difference between start and end or use a smaller step',
        );
    }
    return out;
  },
  reverse: ([l]) => [...list(l)].reverse(),
  setintersection: (args) => {
    const [first, ...rest] = setArgs(args, 1, 'setintersection');
    return toSet(first!.filter((x) => rest.every((l) => l.some((y) => tfEquals(x, y)))));
  },
  setproduct: (args) => {
    const sets = setArgs(args, 2, 'setproduct');
    let out: unknown[][] = [[]];
    for (const s of sets) {
      const next: unknown[][] = [];
      for (const prefix of out) for (const x of s) next.push([...prefix, x]);
      if (next.length > 100_000) throw new FnUnknown('setproduct: the product has too many elements');
      out = next;
    }
    return sets.length && sets.every((s) => s.length) ? out : [];
  },
  setsubtract: ([a, b]) => toSet(list(a).filter((x) => !list(b).some((y) => tfEquals(x, y)))),
  setunion: (args) => toSet(setArgs(args, 1, 'setunion').flat()),
  slice: ([l, a, b]) => {
    const arr = list(l);
    const from = int(a, 'start_index');
    const to = int(b, 'end_index');
    if (from < 0 || to > arr.length || from > to)
      throw new FnError(`slice indices ${from}:${to} out of range for a list of ${arr.length}`);
    return arr.slice(from, to);
  },
  sort: ([l]) =>
    list(l)
      .map((x) => str(x, 'element'))
      .sort(compareStrings),
  sum: ([l]) => {
    const a = list(l);
    if (!a.length) throw new FnError('cannot sum an empty list');
    return a.reduce<number>((acc, b) => acc + num(b, 'element'), 0);
  },
  transpose: ([m]) => {
    const out: Record<string, string[]> = {};
    const o = obj(m);
    for (const k of Object.keys(o).sort(compareStrings)) {
      for (const v of list(o[k])) {
        const s = str(v, 'element');
        out[s] ??= [];
        out[s].push(k);
      }
    }
    return out;
  },
  values: ([m]) => {
    const o = obj(m);
    return Object.keys(o)
      .sort(compareStrings)
      .map((k) => o[k]);
  },
  zipmap: ([ks, vs]) => {
    const out: TfObject = {};
    const keys = list(ks);
    const vals = list(vs);
    if (keys.length !== vals.length) throw new FnError('number of keys and values must be the same');
    keys.forEach((k, i) => {
      out[str(k, 'key')] = vals[i];
    });
    return out;
  },

  // ---- encoding
  base64decode: ([s]) => base64decode(str(s)),
  base64encode: ([s]) => Buffer.from(str(s), 'utf8').toString('base64'),
  base64gzip: () => {
    throw new FnUnknown("base64gzip: the bytes of Go's gzip output cannot be reproduced offline");
  },
  csvdecode: ([s]) => csvdecode(str(s)),
  jsondecode: ([v]) => {
    try {
      return JSON.parse(str(v));
    } catch (e) {
      if (e instanceof SyntaxError) throw new FnError(`jsondecode: invalid JSON: ${e.message}`);
      throw e;
    }
  },
  jsonencode: ([v]) => (deepUnknown(v) ? new EncodedJson(v) : jsonEncode(v)),
  textdecodebase64: ([s, enc]) => textdecodebase64(str(s), str(enc, 'encoding')),
  textencodebase64: ([s, enc]) => textencodebase64(str(s), str(enc, 'encoding')),
  urlencode: ([s]) => urlencode(str(s)),
  yamldecode: ([s]) => yamldecode(str(s)),
  yamlencode: ([v]) => yamlencode(v),

  // ---- filesystem (relative to the root module's directory)
  abspath: ([p], ctx) => abspath(str(p), workDir(ctx)),
  basename: ([p]) => basename(str(p)),
  dirname: ([p]) => dirname(str(p)),
  file: ([p], ctx) => readText(str(p, 'path'), workDir(ctx)),
  filebase64: ([p], ctx) => readBytes(str(p, 'path'), workDir(ctx)).toString('base64'),
  filebase64sha256: ([p], ctx) => hash('sha256', readBytes(str(p, 'path'), workDir(ctx)), 'base64'),
  filebase64sha512: ([p], ctx) => hash('sha512', readBytes(str(p, 'path'), workDir(ctx)), 'base64'),
  fileexists: ([p], ctx) => fileExists(str(p, 'path'), workDir(ctx)),
  filemd5: ([p], ctx) => hash('md5', readBytes(str(p, 'path'), workDir(ctx)), 'hex'),
  fileset: ([p, pattern], ctx) => fileset(str(p, 'path'), str(pattern, 'pattern'), workDir(ctx)),
  filesha1: ([p], ctx) => hash('sha1', readBytes(str(p, 'path'), workDir(ctx)), 'hex'),
  filesha256: ([p], ctx) => hash('sha256', readBytes(str(p, 'path'), workDir(ctx)), 'hex'),
  filesha512: ([p], ctx) => hash('sha512', readBytes(str(p, 'path'), workDir(ctx)), 'hex'),
  pathexpand: ([p]) => pathexpand(str(p)),
  templatefile: ([p, vars], ctx) => {
    const path = str(p, 'path');
    return render(readText(path, workDir(ctx)), ctx, vars, path);
  },

  // ---- date and time
  formatdate: ([spec, t]) => formatdate(str(spec, 'format'), str(t, 'time')),
  plantimestamp: () => {
    throw new FnUnknown('plantimestamp() is the time of the plan, which the inputs do not say');
  },
  timeadd: ([t, d]) => timeadd(str(t, 'timestamp'), str(d, 'duration')),
  timecmp: ([a, b]) => timecmp(str(a, 'timestamp_a'), str(b, 'timestamp_b')),
  timestamp: () => {
    throw new FnUnknown('timestamp() is known only at apply time');
  },

  // ---- hash and crypto
  base64sha256: ([s]) => hash('sha256', str(s), 'base64'),
  base64sha512: ([s]) => hash('sha512', str(s), 'base64'),
  bcrypt: () => {
    throw new FnUnknown('bcrypt() uses a random salt: its result is known only at apply time');
  },
  md5: ([s]) => hash('md5', str(s), 'hex'),
  rsadecrypt: () => {
    throw new FnUnknown('rsadecrypt(): PKCS #1 v1.5 decryption is not available offline to iamspec');
  },
  sha1: ([s]) => hash('sha1', str(s), 'hex'),
  sha256: ([s]) => hash('sha256', str(s), 'hex'),
  sha512: ([s]) => hash('sha512', str(s), 'hex'),
  uuid: () => {
    throw new FnUnknown('uuid() is random: its result is known only at apply time');
  },
  uuidv5: ([ns, name]) => uuidv5(str(ns, 'namespace'), str(name, 'name')),

  // ---- IP network
  cidrhost: ([p, n]) => cidrhost(str(p, 'prefix'), int(n, 'hostnum')),
  cidrnetmask: ([p]) => cidrnetmask(str(p, 'prefix')),
  cidrsubnet: ([p, b, n]) => cidrsubnet(str(p, 'prefix'), int(b, 'newbits'), int(n, 'netnum')),
  cidrsubnets: ([p, ...bits]) =>
    cidrsubnets(
      str(p, 'prefix'),
      bits.map((b) => int(b, 'newbits')),
    ),

  // ---- type conversion
  ephemeralasnull: ([v]) => v,
  issensitive: () => {
    throw new FnUnknown('issensitive(): iamspec does not track which values are sensitive');
  },
  nonsensitive: ([v]) => v,
  sensitive: ([v]) => v,
  tobool: ([v]) => (v === null ? null : bool(v)),
  tolist: ([l]) => (isObject(l) ? Object.values(l) : l === null ? null : list(l)),
  tomap: ([m]) => (m === null ? null : obj(m)),
  tonumber: ([v]) => (v === null ? null : num(v)),
  toset: ([l]) => (l === null ? null : toSet(list(l))),
  tostring: ([v]) => {
    if (v === null) return null;
    if (Array.isArray(v) || isObject(v)) throw new FnError(`cannot convert ${typeName(v)} to string`);
    return toStr(v);
  },
  type: (_a, ctx) => errorAt(ctx.scope, ctx.pos, 'type() is only available in terraform console'),
  list: (_a, ctx) =>
    errorAt(ctx.scope, ctx.pos, 'the "list" function was removed in Terraform v0.15; use tolist([...])'),
  map: (_a, ctx) =>
    errorAt(ctx.scope, ctx.pos, 'the "map" function was removed in Terraform v0.15; use tomap({...})'),
};

/** Functions that keep unknown elements inside their arguments (they move values around). */
const STRUCTURAL = new Set([
  'alltrue',
  'anytrue',
  'chunklist',
  'coalesce',
  'coalescelist',
  'compact',
  'concat',
  'contains',
  'distinct',
  'element',
  'ephemeralasnull',
  'flatten',
  'jsonencode',
  'keys',
  'length',
  'lookup',
  'merge',
  'nonsensitive',
  'one',
  'reverse',
  'sensitive',
  'setunion',
  'slice',
  // the template evaluator keeps an unknown variable where it is used (render)
  'templatefile',
  'templatestring',
  'tolist',
  'tomap',
  'toset',
  'tostring',
  'values',
  'zipmap',
]);

/**
 * A map read (`m.k`, `m[k]`, `lookup(m, k, default)`: `fallback`, undefined for none) whose key or
 * map keys hold a stand-in: the region's rule (fn-region.ts `regionKeyedRead`), then the
 * account's (fn-account.ts `accountKeyedRead`). Undefined when neither applies: read as usual.
 */
export const standInKeyedRead: typeof regionKeyedRead = (m, key, fallback, scope, pos) =>
  regionKeyedRead(m, key, fallback, scope, pos) ?? accountKeyedRead(m, key, fallback, scope, pos);

/**
 * `m[key]`, `m.key`, `lookup(m, key, default)` of a partly known map (partial-list.ts
 * `partlyKnownRead`); unknown when the key or a known key holds a stand-in Region or account or
 * a name the inputs leave unknown (two keys that differ in text may be one key in some world).
 */
export function readPartlyKnownMap(m: PartlyKnownMap, key: unknown, scope: Scope, pos: Pos): unknown {
  const standIn = (x: unknown) => holdsUnknownName(x) || holdsRegionStandIn(x) || holdsAccountStandIn(x);
  if (standIn(key) || Object.keys(m.entries).some(standIn))
    return unknownAt(scope, pos, `a read of a partly known map: ${UNKNOWN_NAME_COMPARED}`);
  return partlyKnownRead(m, key);
}

/** Names of Terraform's built-in functions (the reference), for tests and documentation. */
export const BUILTIN_FUNCTIONS: readonly string[] = [
  ...Object.keys(FUNCTIONS),
  'can',
  'convert',
  'try',
].sort();

/** Every string in `values` (deeply: list elements, object keys and values). */
function stringsIn(values: unknown[], depth = 0, out: string[] = []): string[] {
  for (const v of values) {
    if (typeof v === 'string') out.push(v);
    else if (v !== null && typeof v === 'object' && depth < 32) {
      if (!Array.isArray(v)) out.push(...Object.keys(v));
      stringsIn(Object.values(v), depth + 1, out);
    }
  }
  return out;
}

/**
 * The functions that only place their arguments' strings (join, encode, pick, wrap in a
 * collection), never compare or transform them: a name the inputs leave unknown (an
 * `(unknown-…)` part, eval/computed.ts) passes through them as it is; `format` and `formatlist`
 * only with verbs that place (fn-format.ts `placesOnly`: not `%.3s`). Any other function given
 * such a name returns unknown (its result depends on the name's text), but replace, trimprefix,
 * trimsuffix, regex, regexall... where the name's text cannot change the result (`PARTLY_KNOWN_TEXT`).
 */
const PLACES_NAMES = new Set([
  ...AWS_PROVIDER_PLACES,
  'chunklist',
  'coalesce',
  'compact',
  'concat',
  'element',
  'ephemeralasnull',
  'flatten',
  'format',
  'formatlist',
  'join',
  'jsondecode',
  'jsonencode',
  'merge',
  'nonsensitive',
  'one',
  'reverse',
  'sensitive',
  'tolist',
  'tomap',
  'tostring',
  'values',
  'yamlencode',
]);

/**
 * String functions that keep a name the inputs leave unknown where its text cannot change their
 * result (fn-text.ts `partlyKnownTextCall`): `replace(issuer, "https://", "")`,
 * `split("/", issuer)`.
 */
const PARTLY_KNOWN_TEXT = new Set([
  'index',
  'regex',
  'regexall',
  'replace',
  'split',
  'substr',
  'trimprefix',
  'trimsuffix',
]);

/** Calls a built-in function on evaluated arguments (see the module comment). */
export function callFunction(name: string, args: unknown[], ctx: CallContext): unknown {
  if (name.startsWith('provider::') && !Object.hasOwn(AWS_PROVIDER_FUNCTIONS, name)) {
    const u = unknownAt(
      ctx.scope,
      ctx.pos,
      `${name}() is a provider-defined function, evaluated by its provider`,
    );
    ctx.scope.resolver.notice?.({
      code: 'tf/unknown-function',
      severity: 'warning',
      message: `${name}() is a provider-defined function iamspec does not evaluate: its result is unknown, and so is what depends on it`,
      ...(u.source ? { source: u.source } : {}),
    });
    return u;
  }
  const base = name.startsWith('core::') ? name.slice('core::'.length) : name;
  const fn = Object.hasOwn(FUNCTIONS, base)
    ? FUNCTIONS[base]
    : Object.hasOwn(AWS_PROVIDER_FUNCTIONS, name)
      ? AWS_PROVIDER_FUNCTIONS[name]
      : undefined;
  if (!fn) {
    const u = unknownAt(ctx.scope, ctx.pos, `function ${name}() is not one iamspec knows`);
    ctx.scope.resolver.notice?.({
      code: 'tf/unknown-function',
      severity: 'warning',
      message: `function ${name}() is not one iamspec knows: its result is unknown, and so is what depends on it`,
      ...(u.source ? { source: u.source } : {}),
    });
    return u;
  }
  if (base === 'lookup' && args[0] instanceof PartlyKnownMap && (args.length === 2 || args.length === 3))
    return readPartlyKnownMap(args[0], args[1], ctx.scope, ctx.pos);
  const pieces = joinOfRegionPieces(base, args);
  if (pieces) return pieces.value;
  // concat(["ops"], var.admins), flatten(["a", var.x]): the known elements stay certain, the
  // length is unknown (partial-list.ts); a function that compares elements (sets, contains)
  // of a value holding a stand-in or an unknown name is unknown whole
  const partial =
    base === 'contains'
      ? partlyKnownContains(args[0], args[1])
      : base === 'length' && args[0] instanceof PartlyKnownList
        ? partlyKnownLength(args[0])
        : base === 'index' && args.length === 2
          ? partlyKnownIndex(args[0], args[1])
          : (partlyKnownListCall(base, args) ?? partlyKnownMapCall(base, args));
  if (partial !== undefined) {
    const standIn = args.some((a) => holdsUnknownName(a) || holdsRegionStandIn(a) || holdsAccountStandIn(a));
    const keeps = partial instanceof PartlyKnownList || partial instanceof PartlyKnownMap;
    if (!standIn || (PLACES_NAMES.has(base) && keeps)) return partial;
    const u = args.map(deepUnknown).find((x) => x);
    return u ? plain(u) : unknownAt(ctx.scope, ctx.pos, `${name}(): ${UNKNOWN_NAME_COMPARED}`);
  }
  // substr("app-${var.x}", 0, 3): inside the known head
  // regex("^arn:aws:sqs:([^:]+):", "arn:aws:sqs:us-east-1:${var.account}:q"): inside the known head
  const head =
    base === 'substr'
      ? partlyKnownTemplateSubstr(args)
      : base === 'regex' || base === 'regexall' || base === 'replace'
        ? partlyKnownTemplateRegex(base, args)
        : undefined;
  if (head !== undefined) return head;
  if (!STRUCTURAL.has(base)) {
    const u = args.map(deepUnknown).find((x) => x);
    if (u) return plain(u);
  } else {
    // jsonencode of a partly known map (`merge(var.extra, { Statement = ... })`) keeps its known
    // keys (an EncodedJson: the policy reader reads them, handlers/policy-input.ts)
    const top = args.find(
      (a) =>
        isUnknown(a) &&
        !(a instanceof EncodedJson) &&
        !(base === 'jsonencode' && a instanceof PartlyKnownMap),
    );
    if (top && base !== 'coalesce' && base !== 'coalescelist') return plain(top as Unknown);
  }
  // length of a list, map or object counts its elements, whatever text they hold
  const counts = base === 'length' && args.length === 1 && typeof args[0] !== 'string';
  const places =
    PLACES_NAMES.has(base) && ((base !== 'format' && base !== 'formatlist') || placesOnly(args[0]));
  if (!places && !counts && args.some((a) => holdsUnknownName(a))) {
    // replace(issuer, "https://", ""), trimprefix: known where the unknown parts cannot matter
    const exact =
      PARTLY_KNOWN_TEXT.has(base) &&
      !args.some((a) => holdsRegionStandIn(a) || holdsAccountStandIn(a) || holdsStandInText(String(a)))
        ? partlyKnownTextCall(base, args)
        : undefined;
    if (exact !== undefined && !holdsStandInText(JSON.stringify(exact))) return exact;
    return unknownAt(ctx.scope, ctx.pos, `${name}(): ${UNKNOWN_NAME_COMPARED}`);
  }
  if (args.some((a) => holdsRegionStandIn(a))) {
    const r = regionCall(base, name, args, (a) => fn(a, ctx), places, ctx.scope, ctx.pos);
    if (r) return r.value;
  }
  if (args.some((a) => holdsAccountStandIn(a))) {
    const r = accountCall(base, name, args, places, ctx.scope, ctx.pos);
    if (r) return r.value;
  }
  try {
    const out = fn(args, ctx);
    // a stand-in spelled across the arguments (`format("deploying-%s", var.x)`): a literal
    if (typeof out === 'string' && holdsStandInText(out))
      return distinctFromBuiltStandIns(
        stringsIn(args),
        () => unknownAt(ctx.scope, ctx.pos, '').source?.file,
        out,
      );
    return out === undefined ? null : out;
  } catch (e) {
    if (isUnknown(e)) return plain(e);
    if (e instanceof FnUnknown) {
      const u = unknownAt(ctx.scope, ctx.pos, e.message);
      ctx.scope.resolver.notice?.({
        code: 'tf/unknown-function',
        severity: 'info',
        message: `${name}(): ${e.message}; the result is unknown`,
        ...(u.source ? { source: u.source } : {}),
      });
      return u;
    }
    if (e instanceof FnError || e instanceof ConversionError) {
      return errorAt(ctx.scope, ctx.pos, `${name}(): ${e.message}`);
    }
    const msg = e instanceof Error ? e.message : String(e);
    return errorAt(ctx.scope, ctx.pos, `${name}(): ${msg}`);
  }
}
