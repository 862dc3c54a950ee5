// Which objects a configuration expression's value IS (configuration mode, and a plan read with
// its configuration directory): the one rule by which a value known only after apply (an ARN of
// a policy with `name_prefix`, any created resource's `arn` / `id`) is linked to the element it
// names. An expression refers to objects (Terraform, "References to Named Values": "Each named
// value is available as an expression"), but only some expressions evaluate to one of their
// attributes: `replace(aws_iam_policy.b.arn, "b", "c")`, `"${aws_iam_policy.b.arn}-x"`,
// `element(aws_iam_policy.p[*].arn, count.index + 1)` and `aws_iam_policy.p[count.index + 1].arn`
// refer to b / p as `aws_iam_policy.b.arn` does, and their value is another. So an expression
// links only when it is, after following locals, module input variables and module outputs:
// - a bare traversal `TYPE.NAME[KEY].ATTR` (`data.`…) or `module.NAME[KEY].OUTPUT`, its index
//   any expression whose value the configuration's evaluator knows (a literal, `count.index`,
//   `each.key`, `local.k`, `var.name` with a default or a tfvars value, `count.index + 1`: the
//   instance of that key; Terraform, "References to Resource Attributes": "<RESOURCE
//   TYPE>.<NAME>[<INDEX>]" for count, "[<KEY>]" for for_each), or a splat of one attribute over
//   every instance (`aws_iam_policy.p[*].arn`, a list);
// - a template that is exactly one interpolation (`"${aws_iam_policy.b.arn}"`; HCL native syntax
//   specification, "Template Interpolation Unwrapping": "a template that consists only of a single
//   interpolation, with no surrounding literals, directives or other interpolations, is
//   "unwrapped". In this case, the result of the interpolation expression is returned verbatim,
//   without conversion to string"; literal parts make another string);
// - a choice among such options: a conditional (`c ? a.arn : b.arn`), `coalesce` / `try` (their
//   result is one of their arguments), a tuple of them or `concat` and the like of such lists (a
//   list attribute: `CHOOSING_FUNCTIONS`); a literal option adds no link (its value is known).
// Anything else (another function, a `for` expression, a splat inside a function, a template
// with literal parts, `each.value` unless the for_each is a resource with for_each (then
// `each.value.ATTR` is that resource's instance of `each.key`), an index whose value is not
// known) throws NotLinked: the value stays unknown
// (the caller says why, naming the address and attribute). A root input variable without a value
// throws ReferencesOpen (when `complete`), a chain past MAX_REFERENCE_HOPS ReferencesTooDeep.

import { hasUnknownNamePart } from '../../../model/stand-ins.js';
import { isUnknown } from '../../../model/unknown.js';
import { evaluate } from '../eval/evaluator.js';
import { UNKNOWN_KEY } from '../eval/values.js';
import type { Expr } from '../hcl/ast.js';
import { exprText } from '../hcl/print.js';
import { literalTemplate } from '../hcl/parser.js';
import { instanceAddress } from '../instances.js';
import type { Key } from './expansion.js';
import { MAX_REFERENCE_HOPS, type ModuleInstance, ReferencesOpen, ReferencesTooDeep } from './world.js';

/** Thrown for an expression whose value is not an attribute of what it refers to. */
export class NotLinked extends Error {
  constructor(
    readonly part: string,
    why = `its value is computed by \`${part}\`, not one of the attributes it refers to`,
  ) {
    super(why);
    this.name = 'NotLinked';
  }
}

/**
 * Where an expression is evaluated: the key of the resource or module call instance it belongs
 * to, that instance's `count` / `each` (for an index expression), and its file.
 */
export interface LinkPlace {
  key: Key;
  vars: Record<string, unknown>;
  file: string | undefined;
  /** The `for_each` of the resource the expression belongs to (what `each.value` is an element of). */
  forEach?: Expr | undefined;
}

/**
 * Functions whose result is one of their arguments (`coalesce`, `try`), or a list of their
 * arguments' elements unchanged, for a list attribute (Terraform, "concat Function": "concat
 * takes two or more lists and combines them into a single list"; `tolist` / `toset` convert,
 * `compact` / `distinct` drop elements, `flatten` unnests).
 */
const CHOOSING_FUNCTIONS = new Set([
  'coalesce',
  'try',
  'concat',
  'tolist',
  'toset',
  'compact',
  'distinct',
  'flatten',
]);

/**
 * Addresses of the resource instances an expression's value is an attribute of (a union for a
 * choice or a list). Throws NotLinked, ReferencesOpen (with `complete`) or ReferencesTooDeep.
 */
export function linkedInstances(
  mi: ModuleInstance,
  e: Expr,
  here: LinkPlace,
  depth: number,
  complete = false,
): string[] {
  if (depth > MAX_REFERENCE_HOPS) throw new ReferencesTooDeep();
  const out = new Set<string>();
  const union = (es: Expr[]) => {
    for (const x of es) for (const a of linkedInstances(mi, x, here, depth, complete)) out.add(a);
  };
  switch (e.k) {
    case 'lit':
      return [];
    case 'paren':
      return linkedInstances(mi, e.e, here, depth, complete);
    case 'tmpl': {
      if (literalTemplate(e) !== undefined) return [];
      const parts = e.parts.filter((p) => !(p.k === 'str' && p.v === ''));
      const only = parts[0];
      if (parts.length === 1 && only?.k === 'interp')
        return linkedInstances(mi, only.e, here, depth, complete);
      throw new NotLinked(exprText(e));
    }
    case 'cond':
      union([e.whenTrue, e.whenFalse]);
      return [...out];
    case 'tuple':
      union(e.items);
      return [...out];
    case 'call':
      if (!CHOOSING_FUNCTIONS.has(e.name) || e.expandLast) throw new NotLinked(exprText(e));
      union(e.args);
      return [...out];
    case 'splat':
      return splatTargets(mi, e);
    case 'var':
    case 'attr':
    case 'index':
      return traversalTargets(mi, e, here, depth, complete);
    default:
      throw new NotLinked(exprText(e));
  }
}

/** A traversal `root.step…` as its root name and steps; undefined when it does not start at a name. */
function flatten(e: Expr): { root: string; steps: Expr[] } | undefined {
  const steps: Expr[] = [];
  let cur = e;
  while (cur.k === 'attr' || cur.k === 'index') {
    steps.unshift(cur);
    cur = cur.obj;
  }
  return cur.k === 'var' ? { root: cur.name, steps } : undefined;
}

function nameOf(s: Expr | undefined): string | undefined {
  return s?.k === 'attr' ? s.name : undefined;
}

/**
 * The key an index step selects: a literal, the current key for count.index / each.key, else the
 * value of the index expression as the configuration's evaluator gives it (`local.k`, `var.name`,
 * `count.index + 1`) when it is a known string or whole number; else NotLinked (a value not known
 * until apply, a variable without a value, a stand-in name part: the instance is not pinned).
 */
function keyOf(mi: ModuleInstance, s: Expr & { k: 'index' }, here: LinkPlace, whole: Expr): Key {
  const k = s.key;
  if (k.k === 'lit' && (typeof k.v === 'number' || typeof k.v === 'string')) return k.v;
  if (k.k === 'tmpl') {
    const lit = literalTemplate(k);
    if (lit !== undefined) return lit;
  }
  if (
    k.k === 'attr' &&
    k.obj.k === 'var' &&
    ((k.obj.name === 'count' && k.name === 'index') || (k.obj.name === 'each' && k.name === 'key'))
  )
    return here.key;
  const v = evaluate(k, mi.scope(here.vars, here.file, undefined));
  if (typeof v === 'string' && !hasUnknownNamePart(v)) return v;
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0) return v;
  const why = isUnknown(v) ? `: ${v.reason}` : '';
  throw new NotLinked(
    exprText(whole),
    `the key \`${exprText(k)}\` of \`${exprText(whole)}\` is not known${why}, so which instance it names is not pinned`,
  );
}

function instancesOf(
  mi: ModuleInstance,
  mode: 'managed' | 'data',
  type: string,
  name: string,
  key: Key | null,
): string[] {
  const rc = mi.config.resources.get(mode === 'data' ? `data.${type}.${name}` : `${type}.${name}`);
  if (!rc) return [];
  const exps = mi.expand(rc).list;
  let pick = key === null ? exps : exps.filter((x) => String(x.key) === String(key));
  // an instance key that no known instance has: the stand-in instance, when there is one
  if (!pick.length) pick = exps.filter((x) => x.key === UNKNOWN_KEY);
  return pick.map((x) => instanceAddress(mi.address, mode, type, name, x.key));
}

/**
 * `TYPE.NAME[KEY].ATTR` / `data.TYPE.NAME[KEY].ATTR` (the steps after the root); `key` null for
 * every instance, `index` the index step (its key decided by the caller). Undefined when the
 * steps are not that shape.
 */
function resourceSteps(
  root: string,
  steps: Expr[],
):
  | {
      mode: 'managed' | 'data';
      type: string;
      name: string;
      index: (Expr & { k: 'index' }) | undefined;
      rest: Expr[];
    }
  | undefined {
  const mode = root === 'data' ? 'data' : 'managed';
  const s = mode === 'data' ? steps : [undefined, ...steps];
  const type = mode === 'data' ? nameOf(s[0]) : root;
  const name = nameOf(s[1]);
  if (!type || !name) return undefined;
  const idx = s[2];
  if (idx?.k === 'index') return { mode, type, name, index: idx, rest: s.slice(3) as Expr[] };
  return { mode, type, name, index: undefined, rest: s.slice(2) as Expr[] };
}

function traversalTargets(
  mi: ModuleInstance,
  e: Expr,
  here: LinkPlace,
  depth: number,
  complete: boolean,
): string[] {
  const t = flatten(e);
  if (!t) throw new NotLinked(exprText(e));
  const { root, steps } = t;
  const one = (n: number) => steps.length === n;
  if (root === 'count' || root === 'path' || root === 'terraform') return [];
  if (root === 'each') {
    if (one(1) && nameOf(steps[0]) === 'key') return [];
    if (one(2) && nameOf(steps[0]) === 'value' && steps[1]?.k === 'attr')
      return eachValueTargets(mi, here, e);
    throw new NotLinked(exprText(e));
  }
  if (root === 'self') throw new NotLinked(exprText(e));
  if (root === 'local') {
    const n = nameOf(steps[0]);
    if (!n || !one(1)) throw new NotLinked(exprText(e));
    const decl = mi.config.locals.get(n);
    return decl ? linkedInstances(mi, decl.expr, { ...here, file: decl.at.file }, depth + 1, complete) : [];
  }
  if (root === 'var') {
    const n = nameOf(steps[0]);
    if (!n || !one(1)) throw new NotLinked(exprText(e));
    if (complete && mi.rootVariableWithoutValue(n)) throw new ReferencesOpen(n);
    if (!mi.call || !mi.parent) return [];
    const arg = mi.call.body.items.find((it) => it.kind === 'attr' && it.name === n);
    const inCall: LinkPlace = { key: mi.key, vars: mi.callVars, file: mi.call.at.file };
    return arg?.kind === 'attr' ? linkedInstances(mi.parent, arg.expr, inCall, depth + 1, complete) : [];
  }
  if (root === 'module') {
    const n = nameOf(steps[0]);
    const idx = steps[1]?.k === 'index' ? steps[1] : undefined;
    const rest = steps.slice(idx ? 2 : 1);
    const output = nameOf(rest[0]);
    if (!n || !output || rest.length !== 1) throw new NotLinked(exprText(e));
    const key = idx ? keyOf(mi, idx, here, e) : null;
    const kids = mi.children(n).filter((k) => key === null || String(k.key) === String(key));
    const out = new Set<string>();
    for (const k of kids) {
      const o = k.config.outputs.get(output);
      const inOutput: LinkPlace = { key: undefined, vars: {}, file: o?.at.file };
      if (o) for (const a of linkedInstances(k, o.expr, inOutput, depth + 1, complete)) out.add(a);
    }
    return [...out];
  }
  const r = resourceSteps(root, steps);
  if (r?.rest.length !== 1 || r.rest[0]?.k !== 'attr') throw new NotLinked(exprText(e));
  const key = r.index ? keyOf(mi, r.index, here, e) : null;
  return instancesOf(mi, r.mode, r.type, r.name, key);
}

/**
 * `each.value.ATTR` where the `for_each` is a resource with `for_each` itself (`for_each =
 * aws_ssoadmin_permission_set.x`): that resource as a map of its instances by their keys
 * (Terraform, "The for_each Meta-Argument": "If a resource or module has for_each set, then
 * references to it return a map of objects keyed by the for_each keys"; "each.value — The map
 * value corresponding to this instance"), so `each.value.ATTR` is `TYPE.NAME[each.key].ATTR`: the
 * instance of this key. Any other `for_each` (a variable, a local, a `for` expression): NotLinked.
 */
function eachValueTargets(mi: ModuleInstance, here: LinkPlace, e: Expr): string[] {
  let f = here.forEach;
  while (f?.k === 'paren') f = f.e;
  const t = f && (f.k === 'var' || f.k === 'attr') ? flatten(f) : undefined;
  const r =
    t && !['count', 'each', 'path', 'terraform', 'self', 'local', 'var', 'module'].includes(t.root)
      ? resourceSteps(t.root, t.steps)
      : undefined;
  const rc =
    r && !r.index && !r.rest.length
      ? mi.config.resources.get(r.mode === 'data' ? `data.${r.type}.${r.name}` : `${r.type}.${r.name}`)
      : undefined;
  if (!r || !rc?.forEach || here.key === undefined)
    throw new NotLinked(
      exprText(e),
      `\`${exprText(e)}\` is an element of a for_each that is not a resource with for_each, so which instance it names is not pinned`,
    );
  return instancesOf(mi, r.mode, r.type, r.name, here.key);
}

/** `TYPE.NAME[*].ATTR`: the attribute of every instance (a list); other splats NotLinked. */
function splatTargets(mi: ModuleInstance, e: Expr & { k: 'splat' }): string[] {
  const t = flatten(e.obj);
  const each = e.each;
  const attrOnly = each.k === 'attr' && each.obj.k === 'splatItem';
  if (
    !t ||
    !attrOnly ||
    ['count', 'each', 'path', 'terraform', 'self', 'local', 'var', 'module'].includes(t.root)
  )
    throw new NotLinked(exprText(e));
  const r = resourceSteps(t.root, t.steps);
  if (!r || r.rest.length || r.index) throw new NotLinked(exprText(e));
  return instancesOf(mi, r.mode, r.type, r.name, null);
}
