// Reads a Terraform JSON configuration (`*.tf.json`, CDKTF's `cdk.tf.json`, and hcl2-parser's
// rendering of `.tf` files) into a ModuleConfig, following Terraform's "JSON Configuration
// Syntax": strings are templates (`"${aws_iam_role.r.arn}"`), blocks are objects or arrays of
// objects, `dynamic` blocks are objects with `for_each`/`iterator`/`content`, and `//` keys
// are comments (CDKTF metadata). Positions come from the JSON locator when there is one.

import type { Finding } from '../../../model/finding.js';
import { childPointer, type Locator } from '../../../model/source.js';
import type { Block, Body, Expr, Pos } from '../hcl/ast.js';
import { HclSyntaxError, parseHclExpression, parseTemplateText } from '../hcl/parser.js';
import { type Located, type ModuleConfig, resourceKey } from './types.js';

const META = new Set(['//', 'count', 'for_each', 'depends_on', 'provider', 'provisioner', 'connection']);

interface Ctx {
  file: string;
  locate: Locator | undefined;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function posOf(ctx: Ctx, pointer: string): Pos | undefined {
  return ctx.locate?.(pointer);
}

function located(ctx: Ctx, pointer: string): Located {
  return { file: ctx.file, pos: posOf(ctx, pointer), pointer };
}

/** A JSON value as an expression: strings are templates, arrays tuples, objects objects. */
export function jsonToExpr(v: unknown, ctx: Ctx, pointer: string): Expr {
  const pos = posOf(ctx, pointer) ?? { line: 0, column: 0 };
  if (typeof v === 'string') {
    try {
      return parseTemplateText(v, pos);
    } catch (e) {
      const reason = e instanceof HclSyntaxError ? e.reason : String(e);
      return { k: 'bad', reason: `invalid template: ${reason}`, pos };
    }
  }
  if (v === null || typeof v === 'number' || typeof v === 'boolean') return { k: 'lit', v, pos };
  if (Array.isArray(v))
    return { k: 'tuple', items: v.map((x, i) => jsonToExpr(x, ctx, childPointer(pointer, i))), pos };
  if (isRecord(v)) {
    return {
      k: 'object',
      items: Object.entries(v)
        .filter(([k]) => k !== '//')
        .map(([k, x]) => ({
          key: k.includes('${') ? jsonToExpr(k, ctx, pointer) : { k: 'lit', v: k, pos },
          value: jsonToExpr(x, ctx, childPointer(pointer, k)),
        })),
      pos,
    };
  }
  return { k: 'bad', reason: 'unsupported JSON value', pos };
}

function jsonBody(v: Record<string, unknown>, ctx: Ctx, pointer: string): Body {
  const items: Body['items'] = [];
  for (const [k, x] of Object.entries(v)) {
    const p = childPointer(pointer, k);
    if (k === 'lifecycle') {
      // kept as a block (the evaluator skips it; config/ignore-changes.ts reads ignore_changes)
      for (const [spec, sp] of blockObjects(x, p))
        items.push({
          kind: 'block',
          type: 'lifecycle',
          labels: [],
          body: jsonBody(spec, ctx, sp),
          pos: posOf(ctx, sp) ?? { line: 0, column: 0 },
        });
      continue;
    }
    if (k === 'provisioner') {
      // kept as blocks (the evaluator skips them; handlers/local-exec.ts reads them)
      for (const [name, spec, sp] of namedEntries(x, p))
        items.push({
          kind: 'block',
          type: 'provisioner',
          labels: [name],
          body: jsonBody(spec, ctx, sp),
          pos: posOf(ctx, sp) ?? { line: 0, column: 0 },
        });
      continue;
    }
    if (META.has(k)) continue;
    if (k === 'dynamic') {
      for (const [name, spec, sp] of namedEntries(x, p)) items.push(dynamicBlock(name, spec, ctx, sp));
      continue;
    }
    items.push({
      kind: 'attr',
      name: k,
      expr: jsonToExpr(x, ctx, p),
      pos: posOf(ctx, p) ?? { line: 0, column: 0 },
    });
  }
  return { items, pos: posOf(ctx, pointer) ?? { line: 0, column: 0 } };
}

function dynamicBlock(name: string, spec: Record<string, unknown>, ctx: Ctx, pointer: string): Block {
  const items: Body['items'] = [];
  const pos = posOf(ctx, pointer) ?? { line: 0, column: 0 };
  for (const key of ['for_each', 'iterator', 'labels']) {
    if (key in spec) {
      const p = childPointer(pointer, key);
      items.push({ kind: 'attr', name: key, expr: jsonToExpr(spec[key], ctx, p), pos: posOf(ctx, p) ?? pos });
    }
  }
  for (const [, content, cp] of namedEntries({ content: spec.content }, pointer)) {
    items.push({ kind: 'block', type: 'content', labels: [], body: jsonBody(content, ctx, cp), pos });
  }
  return { kind: 'block', type: 'dynamic', labels: [name], body: { items, pos }, pos };
}

/** `{name: obj | [obj, ...]}` entries, each with its pointer. */
function namedEntries(v: unknown, pointer: string): [string, Record<string, unknown>, string][] {
  const out: [string, Record<string, unknown>, string][] = [];
  const visit = (x: unknown, p: string) => {
    if (Array.isArray(x)) {
      for (let i = 0; i < x.length; i++) visit(x[i], childPointer(p, i));
      return;
    }
    if (!isRecord(x)) return;
    for (const [name, body] of Object.entries(x)) {
      if (name === '//') continue;
      const bp = childPointer(p, name);
      if (Array.isArray(body)) {
        body.forEach((b, i) => {
          if (isRecord(b)) out.push([name, b, childPointer(bp, i)]);
        });
      } else if (isRecord(body)) out.push([name, body, bp]);
    }
  };
  visit(v, pointer);
  return out;
}

/** Objects of a block that may be given as an object or an array of objects. */
function blockObjects(v: unknown, pointer: string): [Record<string, unknown>, string][] {
  if (Array.isArray(v)) {
    return v.flatMap((x, i) =>
      isRecord(x) ? [[x, childPointer(pointer, i)] as [Record<string, unknown>, string]] : [],
    );
  }
  return isRecord(v) ? [[v, pointer]] : [];
}

function attrExpr(obj: Record<string, unknown>, key: string, ctx: Ctx, pointer: string): Expr | undefined {
  return key in obj ? jsonToExpr(obj[key], ctx, childPointer(pointer, key)) : undefined;
}

/** Adds a parsed JSON configuration to a module. */
export function addJsonConfig(
  mod: ModuleConfig,
  value: unknown,
  file: string,
  locate: Locator | undefined,
  findings: Finding[],
): void {
  const ctx: Ctx = { file, locate };
  if (!isRecord(value)) return;
  for (const mode of ['resource', 'data'] as const) {
    const m = mode === 'data' ? 'data' : 'managed';
    for (const [type, byName, tp] of namedEntries(value[mode], `/${mode}`)) {
      // byName is { name: body | [body] }
      for (const [name, body, bp] of namedEntries(byName, tp)) {
        mod.resources.set(resourceKey(m, type, name), {
          mode: m,
          type,
          name,
          body: jsonBody(body, ctx, bp),
          count: attrExpr(body, 'count', ctx, bp),
          forEach: attrExpr(body, 'for_each', ctx, bp),
          at: located(ctx, bp),
          ...(body.provider !== undefined
            ? { provider: String(body.provider).replace(/^\$\{(.*)\}$/s, '$1') }
            : {}),
        });
      }
    }
  }
  for (const [name, body, bp] of namedEntries(value.module, '/module')) {
    const src = body.source;
    const args: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(body)) {
      if (!['source', 'version', 'providers'].includes(k)) args[k] = x;
    }
    mod.moduleCalls.set(name, {
      name,
      source: typeof src === 'string' ? src : undefined,
      body: jsonBody(args, ctx, bp),
      count: attrExpr(body, 'count', ctx, bp),
      forEach: attrExpr(body, 'for_each', ctx, bp),
      at: located(ctx, bp),
      module: undefined,
      ...(body.providers !== undefined ? { passesProviders: true } : {}),
      ...jsonProviderMap(body.providers),
    });
  }
  for (const [name, body, bp] of namedEntries(value.variable, '/variable')) {
    const t = body.type;
    const typeText = typeof t === 'string' ? t.replace(/^\$\{(.*)\}$/s, '$1') : undefined;
    let typeExpr: Expr | undefined;
    try {
      typeExpr = typeText ? parseHclExpression(typeText) : undefined;
    } catch {
      typeExpr = undefined; // an unreadable type constraint is not applied
    }
    mod.variables.set(name, {
      name,
      default: attrExpr(body, 'default', ctx, bp),
      type: typeText,
      ...(typeExpr ? { typeExpr } : {}),
      ...(typeof body.nullable === 'boolean' ? { nullable: body.nullable } : {}),
      at: located(ctx, bp),
    });
  }
  for (const [obj, lp] of blockObjects(value.locals, '/locals')) {
    for (const [k, x] of Object.entries(obj)) {
      if (k === '//') continue;
      const p = childPointer(lp, k);
      mod.locals.set(k, { name: k, expr: jsonToExpr(x, ctx, p), at: located(ctx, p) });
    }
  }
  for (const [name, body, bp] of namedEntries(value.output, '/output')) {
    if ('value' in body) {
      const p = childPointer(bp, 'value');
      mod.outputs.set(name, { name, expr: jsonToExpr(body.value, ctx, p), at: located(ctx, p) });
    }
  }
  for (const [name, body, bp] of namedEntries(value.provider, '/provider')) {
    const alias = typeof body.alias === 'string' ? body.alias : undefined;
    mod.providers.push({ name, alias, body: jsonBody(body, ctx, bp), at: located(ctx, bp) });
  }
  for (const [obj, rp] of blockObjects(value.removed, '/removed')) {
    if (typeof obj.from !== 'string') continue;
    const lifecycle = blockObjects(obj.lifecycle, childPointer(rp, 'lifecycle'))[0]?.[0];
    const destroy = lifecycle?.destroy;
    mod.removed.push({
      from: obj.from.replace(/^\$\{(.*)\}$/s, '$1'),
      destroy: destroy === undefined ? true : typeof destroy === 'boolean' ? destroy : 'unknown',
      at: located(ctx, rp),
    });
  }
  void findings;
}

/**
 * A JSON module call's `"providers": { "aws": "aws.west" }` (CDKTF writes the values as
 * references, `"\${aws.west}"` in some versions) as names; nothing when it cannot be read.
 */
function jsonProviderMap(v: unknown): { providerMap?: Record<string, string> } {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return {};
  const map: Record<string, string> = {};
  for (const [k, x] of Object.entries(v)) {
    const name = typeof x === 'string' ? x.replace(/^\$\{(.*)\}$/s, '$1').trim() : undefined;
    if (!name || !/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)?$/.test(name)) return {};
    map[k] = name;
  }
  return { providerMap: map };
}
