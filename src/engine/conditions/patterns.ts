// Wildcard patterns whose text contains policy variables (StringLike, ArnLike, Resource). The
// policy's own `*` and `?` are wildcards; text that comes from a variable, and `${*}` / `${?}`,
// is matched literally. After substitution a pattern is compiled by src/policy/glob-match.ts (no
// regular expressions, so no pattern can make matching exponential), cached by the variables'
// values so that repeated requests by the same principal compile nothing.
//
// ARN patterns follow the ArnLike rule (IAM User Guide, "IAM JSON policy elements: Condition
// operators", ARN condition operators): each of the six colon-separated fields is matched on
// its own, so a `*` in the first five fields never crosses a colon. Resource/NotResource
// patterns (`compileResourcePatternTemplate`) let a `*` ending one of those fields cross it. A pattern with fewer than
// six fields is a plain glob over the whole value, as `compileArnPattern` in
// src/policy/wildcard.ts does.

import {
  arnMatches,
  compileArnPieces,
  compileGlobPieces,
  type GlobPiece,
  globMatches,
} from '../../policy/glob-match.js';
import type { EvalContext } from './context.js';
import { parseTemplate, resolveVariable, type Template } from './variables.js';

const CACHE_LIMIT = 512;

/** Pieces after substitution: policy text has active wildcards, variable values are literal. */
function substitute(tpl: Template, ctx: EvalContext): GlobPiece[] | undefined {
  const out: GlobPiece[] = [];
  for (const p of tpl.parts) {
    if (p.kind === 'variable') {
      const v = resolveVariable(p, ctx);
      if (v === undefined) return undefined;
      out.push({ kind: 'text', text: v, wild: false });
    } else out.push({ kind: 'text', text: p.text, wild: p.kind === 'text' });
  }
  return out;
}

type Test = (candidate: string) => boolean;

function globTest(pieces: readonly GlobPiece[]): Test {
  const glob = compileGlobPieces(pieces);
  return (c) => globMatches(glob, c);
}

function arnTest(pieces: readonly GlobPiece[]): Test {
  const arn = compileArnPieces(pieces);
  return (c) => arnMatches(arn, c);
}

/** The Resource element's rule: a `*` ending one of the first five fields may cross colons. */
function resourceTest(pieces: readonly GlobPiece[]): Test {
  const arn = compileArnPieces(pieces, { segmentEndStarCrosses: true });
  return (c) => arnMatches(arn, c);
}

/** A pattern with variables, compiled once; `test` substitutes and matches. */
export interface TemplatePattern {
  /** True/false, or undefined when a variable has no value and no default. */
  test(ctx: EvalContext, candidate: string): boolean | undefined;
}

function compilePattern(tpl: Template, compile: (pieces: readonly GlobPiece[]) => Test): TemplatePattern {
  // The matcher depends only on the variables' values: cache by them (one variable: its value;
  // several: each value prefixed by its length, so that no two value lists share a key).
  const cache = new Map<string, Test>();
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
      let test = cache.get(cacheKey);
      if (test === undefined) {
        const pieces = substitute(tpl, ctx);
        if (!pieces) return undefined;
        if (cache.size >= CACHE_LIMIT) cache.clear();
        test = compile(pieces);
        cache.set(cacheKey, test);
      }
      return test(candidate);
    },
  };
}

/** StringLike with variables (case-sensitive glob). */
export function compileGlobTemplate(tpl: Template): TemplatePattern {
  return compilePattern(tpl, globTest);
}

/** ArnLike/ArnEquals with variables (case-sensitive, field by field). */
export function compileArnPatternTemplate(tpl: Template): TemplatePattern {
  return compilePattern(tpl, arnTest);
}

/**
 * A Resource/NotResource pattern with variables: as `compileArnPatternTemplate`, except that a
 * `*` ending one of the first five fields may match beyond the colon (IAM User Guide, "IAM JSON
 * policy elements: Resource"), as `compileArnPattern` in src/policy/wildcard.ts.
 */
export function compileResourcePatternTemplate(tpl: Template): TemplatePattern {
  return compilePattern(tpl, resourceTest);
}

/**
 * An ARN pattern without variables (ArnLike/ArnEquals): the same matching as `compileArnPattern`
 * in src/policy/wildcard.ts.
 */
export function compileArnLiteral(pattern: string): (candidate: string) => boolean {
  if (pattern === '*') return () => true;
  if (!pattern.includes('*') && !pattern.includes('?')) return (c) => c === pattern;
  return arnTest([{ kind: 'text', text: pattern, wild: true }]);
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
  const pattern = compileResourcePatternTemplate(tpl);
  return (ctx, arn) => pattern.test(ctx, arn);
}
