// Policy variables (`${aws:username}`, `${aws:PrincipalTag/team, 'default'}`, and the literal
// characters `${*}`, `${?}`, `${$}`): parsing a value once into parts, and resolving the parts
// against a request context. IAM User Guide, "IAM policy elements: Variables and tags".
//
// Rules implemented here:
// - the variable name is a context key, looked up case-insensitively (lowercased);
// - only a single-valued key can be a variable ("You can't use a multivalued condition key as a
//   variable"); what a key with several values resolves to (no value, or its default) is not
//   documented: its value is unknown (`variableShape`, shapes.ts SEVERAL_VALUES_SHAPE);
// - the documented forms are `${key}` and `${key, 'default'}` ("separate the variable text and
//   the default value with a comma and space (, )"): another spelling (`${ key }`, `${key,'d'}`)
//   is parsed but marked `undocumented`, and a value holding one is unknown to its callers
//   (`undocumentedVariable`), never read as we guess AWS reads it;
// - a variable with no value uses its default (`, 'default'`); with no default it has no value,
//   and the caller decides what that means (Resource: matches nothing; Condition: the value is
//   "effectively null", see operators.ts);
// - `${*}`, `${?}`, `${$}` are the literal characters, never wildcards;
// - a key that is present with a value known only after deploy (`EvalContext.shape`, e.g.
//   aws:userid of an IAM user) has a value, so its default does not apply: the variable
//   resolves to nothing and `hasShapedVariable` tells the caller the result is unknown;
// - so does a key that may be present or absent, the inputs cannot say which
//   (`EvalContext.maybePresent`: a tag of a principal or resource whose tags are not all known,
//   such as a stack's deploy-time tags): its value is unknown, or, when it is absent, its default
//   (`shapedTemplateCouldEqual` tries both). `${aws:PrincipalTag/team}` of a user whose tags the
//   template does not all show is never read as "no value".

import type { EvalContext } from './context.js';
import { escapeText, SEVERAL_VALUES_SHAPE, shapeSource, type ValueShape } from './shapes.js';

/** Policy text: `*` and `?` in it are wildcards for the operators that support them. */
export interface TextPart {
  kind: 'text';
  text: string;
}
/** Literal text that is never a wildcard: `${*}`, `${?}`, `${$}`. */
export interface LiteralPart {
  kind: 'literal';
  text: string;
}
/** A variable: context key (lowercased) and optional default. */
export interface VariablePart {
  kind: 'variable';
  key: string;
  defaultValue: string | undefined;
  /** As written, for traces. */
  source: string;
  /** Not one of the documented forms `${key}`, `${key, 'default'}` (module comment). */
  undocumented?: true;
}
export type TemplatePart = TextPart | LiteralPart | VariablePart;

/** A value with at least one `${...}` in it, parsed once. */
export interface Template {
  readonly value: string;
  readonly parts: readonly TemplatePart[];
}

const SPECIAL: Record<string, string> = { '*': '*', '?': '?', $: '$' };

/** Parses the inside of `${...}` starting after `${`; returns the part and the index after `}`. */
function parseVariable(value: string, start: number): { part: TemplatePart; end: number } | undefined {
  const close = value.indexOf('}', start);
  if (close < 0) return undefined;
  const comma = value.indexOf(',', start);
  if (comma < 0 || comma > close) {
    const inner = value.slice(start, close);
    const special = SPECIAL[inner];
    if (special !== undefined) return { part: { kind: 'literal', text: special }, end: close + 1 };
    const part: VariablePart = {
      kind: 'variable',
      key: inner.trim().toLowerCase(),
      defaultValue: undefined,
      source: value.slice(start - 2, close + 1),
    };
    if (/\s/.test(inner)) part.undocumented = true;
    return { part, end: close + 1 };
  }
  // `${key, 'default'}`: the default is single-quoted and may contain `}` or `,`.
  const rawKey = value.slice(start, comma);
  const key = rawKey.trim().toLowerCase();
  let i = comma + 1;
  while (i < value.length && value[i] === ' ') i++;
  if (value[i] !== "'") return undefined;
  const quoteEnd = value.indexOf("'", i + 1);
  if (quoteEnd < 0) return undefined;
  const defaultValue = value.slice(i + 1, quoteEnd);
  let j = quoteEnd + 1;
  while (j < value.length && value[j] === ' ') j++;
  if (value[j] !== '}') return undefined;
  const part: VariablePart = { kind: 'variable', key, defaultValue, source: value.slice(start - 2, j + 1) };
  // documented: `${key, 'default'}`, one space after the comma and none elsewhere
  if (/\s/.test(rawKey) || i !== comma + 2 || j !== quoteEnd + 1) part.undocumented = true;
  return { part, end: j + 1 };
}

/**
 * Parses a policy value into parts. Returns undefined when it has no policy variable (the
 * literal is used as is). A `${` without a well-formed closing `}` is ordinary text.
 */
export function parseTemplate(value: string): Template | undefined {
  if (typeof value !== 'string' || !value.includes('${')) return undefined;
  const parts: TemplatePart[] = [];
  let text = '';
  let i = 0;
  let found = false;
  while (i < value.length) {
    const open = value.indexOf('${', i);
    if (open < 0) {
      text += value.slice(i);
      break;
    }
    const parsed = parseVariable(value, open + 2);
    if (!parsed) {
      text += value.slice(i, open + 2);
      i = open + 2;
      continue;
    }
    text += value.slice(i, open);
    if (text) parts.push({ kind: 'text', text });
    text = '';
    parts.push(parsed.part);
    found = true;
    i = parsed.end;
  }
  if (text) parts.push({ kind: 'text', text });
  return found ? { value, parts } : undefined;
}

/**
 * The undocumented spelling of a variable in `value` (`${ aws:username }`, `${key,'d'}`), if any:
 * AWS documents only `${key}` and `${key, 'default'}`, so a value holding another is unknown.
 */
export function undocumentedVariable(value: string): string | undefined {
  const tpl = parseTemplate(value);
  for (const p of tpl?.parts ?? []) if (p.kind === 'variable' && p.undocumented) return p.source;
  return undefined;
}

/** Why a value holding `undocumentedVariable`'s spelling is unknown, for traces and reasons. */
export function undocumentedVariableWhy(source: string): string {
  return `the policy variable ${source} is not written as AWS documents it (\${key} or \${key, 'default'}: "separate the variable text and the default value with a comma and space", IAM User Guide, "IAM policy elements: Variables and tags"), so what AWS reads it as is unknown`;
}

/**
 * The value of one variable: the key's single value, else the default, else undefined. A key
 * with several values has no value here: its value is unknown (`variableShape`).
 */
export function resolveVariable(part: VariablePart, ctx: EvalContext): string | undefined {
  const vals = ctx.get(part.key);
  if (vals !== undefined && vals.length === 1) return vals[0];
  if (vals !== undefined && vals.length > 1) return undefined;
  // Present with a value known only after deploy, or maybe present: not the default for sure.
  if (vals === undefined && variableShape(part.key, ctx)) return undefined;
  return part.defaultValue;
}

/**
 * The shape of a variable's value when the context has none now but the key is present with a
 * value known only after deploy (`shape`) or may be present (`maybePresent`); else undefined.
 * The one rule for "this variable may have a value the inputs do not show".
 */
export function variableShape(lowerKey: string, ctx: EvalContext): ValueShape | undefined {
  const vals = ctx.get(lowerKey);
  if (vals !== undefined) return vals.length > 1 ? SEVERAL_VALUES_SHAPE : undefined;
  return ctx.shape?.(lowerKey) ?? ctx.maybePresent?.(lowerKey);
}

/**
 * Could `tpl` (with a variable present but known only after deploy) equal `value`? The known
 * parts must match literally and each such variable a value of its shape.
 */
export function shapedTemplateCouldEqual(
  tpl: Template,
  ctx: EvalContext,
  value: string,
  ignoreCase: boolean,
): boolean {
  let src = '^';
  for (const p of tpl.parts) {
    if (p.kind !== 'variable') {
      src += escapeText(p.text);
      continue;
    }
    const v = resolveVariable(p, ctx);
    if (v !== undefined) src += escapeText(v);
    else {
      const shape = variableShape(p.key, ctx);
      if (!shape) return false;
      // A key that may be absent takes its default then (no default: the value matches nothing).
      const absent =
        !ctx.shape?.(p.key) && p.defaultValue !== undefined ? `|${escapeText(p.defaultValue)}` : '';
      src += `(?:${shapeSource(shape)}${absent})`;
    }
  }
  return new RegExp(`${src}$`, ignoreCase ? 'iu' : 'u').test(value);
}

/**
 * True when a variable of `tpl` is present with a value known only after deploy or several
 * values, or may be present (no value now).
 */
export function hasShapedVariable(tpl: Template, ctx: EvalContext): boolean {
  for (const p of tpl.parts) if (p.kind === 'variable' && variableShape(p.key, ctx)) return true;
  return false;
}

/** Substitutes every part; undefined when a variable has no value and no default. */
export function resolveTemplate(tpl: Template, ctx: EvalContext): string | undefined {
  const parts = tpl.parts;
  let out = '';
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    if (p.kind === 'variable') {
      const v = resolveVariable(p, ctx);
      if (v === undefined) return undefined;
      out += v;
    } else out += p.text;
  }
  return out;
}

/**
 * Compiles policy variables in a Resource/NotResource or condition value. Returns undefined when
 * the value has no variables (use the literal). The returned function gives the substituted
 * string, or undefined when a variable has no value and no default (IAM User Guide, "Policy
 * variables with no value": such a Resource element matches no resource).
 *
 * Note: `${*}` and `${?}` come back as plain `*` / `?`. Where wildcards matter (Resource
 * matching), use `compileArnTemplate` (patterns.ts), which keeps them literal.
 */
export function compileTemplate(value: string): ((ctx: EvalContext) => string | undefined) | undefined {
  const tpl = parseTemplate(value);
  if (!tpl) return undefined;
  return (ctx) => resolveTemplate(tpl, ctx);
}
