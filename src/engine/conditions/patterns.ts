// Wildcard patterns whose text contains policy variables (StringLike, ArnLike, Resource). The
// policy's own `*` and `?` are wildcards; text that comes from a variable, and `${*}` / `${?}`,
// is matched literally. After substitution a pattern is turned into one anchored RegExp, cached
// by its source so that repeated requests by the same principal compile nothing.
//
// ARN patterns follow the ArnLike rule (IAM User Guide, "IAM JSON policy elements: Condition
// operators", ARN condition operators): each of the six colon-separated fields is matched on
// its own, so a `*` in the first five fields never crosses a colon. A pattern with fewer than
// six fields is a plain glob over the whole value, as `compileArnPattern` in
// src/policy/wildcard.ts does.

import type { EvalContext } from './context.js';
import { parseTemplate, resolveVariable, type Template } from './variables.js';

const CACHE_LIMIT = 512;

function escapeChar(ch: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(ch) ? `\\${ch}` : ch;
}

function escapeText(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** Pieces after substitution: `wild` pieces have active wildcards, the others are literal. */
interface Piece {
  text: string;
  wild: boolean;
}

function substitute(tpl: Template, ctx: EvalContext): Piece[] | undefined {
  const out: Piece[] = [];
  for (const p of tpl.parts) {
    if (p.kind === 'variable') {
      const v = resolveVariable(p, ctx);
      if (v === undefined) return undefined;
      out.push({ text: v, wild: false });
    } else out.push({ text: p.text, wild: p.kind === 'text' });
  }
  return out;
}

/** RegExp source for a glob (`*`, `?`) over the whole value. */
function globSource(pieces: readonly Piece[]): string {
  let src = '^';
  for (const p of pieces) {
    if (!p.wild) {
      src += escapeText(p.text);
      continue;
    }
    for (const ch of p.text) {
      if (ch === '*') src += '.*';
      else if (ch === '?') src += '.';
      else src += escapeChar(ch);
    }
  }
  return `${src}$`;
}

/** RegExp source for an ARN pattern: fields 1-5 never cross a colon; field 6 takes the rest. */
function arnSource(pieces: readonly Piece[]): string {
  let colons = 0;
  for (const p of pieces) for (const ch of p.text) if (ch === ':') colons++;
  if (colons < 5) return globSource(pieces);
  let field = 0;
  let src = '^';
  for (const p of pieces) {
    for (const ch of p.text) {
      if (ch === ':' && field < 5) {
        field++;
        src += ':';
      } else if (p.wild && ch === '*') src += field < 5 ? '[^:]*' : '.*';
      else if (p.wild && ch === '?') src += field < 5 ? '[^:]' : '.';
      else src += escapeChar(ch);
    }
  }
  return `${src}$`;
}

/** A pattern with variables, compiled once; `test` substitutes and matches. */
export interface TemplatePattern {
  /** True/false, or undefined when a variable has no value and no default. */
  test(ctx: EvalContext, candidate: string): boolean | undefined;
}

function compilePattern(
  tpl: Template,
  sourceOf: (pieces: readonly Piece[]) => string,
  flags: string,
): TemplatePattern {
  // The RegExp depends only on the variables' values: cache by them (one variable: its value;
  // several: each value prefixed by its length, so that no two value lists share a key).
  const cache = new Map<string, RegExp>();
  const vars = tpl.parts.filter((p) => p.kind === 'variable');
  const single = vars.length === 1 ? vars[0]! : undefined;
  return {
    test(ctx, candidate) {
      let cacheKey: string;
      if (single) {
        const v = resolveVariable(single, ctx);
        if (v === undefined) return undefined;
        cacheKey = v;
      } else {
        cacheKey = '';
        for (let i = 0; i < vars.length; i++) {
          const v = resolveVariable(vars[i]!, ctx);
          if (v === undefined) return undefined;
          cacheKey += `${v.length}:${v}`;
        }
      }
      let re = cache.get(cacheKey);
      if (re === undefined) {
        const pieces = substitute(tpl, ctx);
        if (!pieces) return undefined;
        if (cache.size >= CACHE_LIMIT) cache.clear();
        re = new RegExp(sourceOf(pieces), flags);
        cache.set(cacheKey, re);
      }
      return re.test(candidate);
    },
  };
}

/** StringLike with variables (case-sensitive glob). */
export function compileGlobTemplate(tpl: Template): TemplatePattern {
  return compilePattern(tpl, globSource, 's');
}

/** ArnLike/ArnEquals with variables (case-sensitive, field by field). */
export function compileArnPatternTemplate(tpl: Template): TemplatePattern {
  return compilePattern(tpl, arnSource, 's');
}

/**
 * An ARN pattern without variables (ArnLike/ArnEquals): the same matching as `compileArnPattern`
 * in src/policy/wildcard.ts, as one RegExp so that matching splits nothing.
 */
export function compileArnLiteral(pattern: string): (candidate: string) => boolean {
  if (pattern === '*') return () => true;
  if (!pattern.includes('*') && !pattern.includes('?')) return (c) => c === pattern;
  const re = new RegExp(arnSource([{ text: pattern, wild: true }]), 's');
  return (c) => re.test(c);
}

/**
 * For the engine's Resource/NotResource matching: an ARN pattern with policy variables. Returns
 * undefined when the value has no variables (use `compileArnPattern` from src/policy/wildcard.ts).
 * The function returns undefined when a variable has no value and no default; the engine treats
 * that element as matching no resource (IAM User Guide, "Policy variables with no value").
 * `${*}` and `${?}` match the literal characters.
 */
export function compileArnTemplate(
  value: string,
): ((ctx: EvalContext, arn: string) => boolean | undefined) | undefined {
  const tpl = parseTemplate(value);
  if (!tpl) return undefined;
  const pattern = compileArnPatternTemplate(tpl);
  return (ctx, arn) => pattern.test(ctx, arn);
}
