// Reads one `.tf` file into a ModuleConfig. The located native-syntax parser (hcl/parser.ts)
// gives every block and expression its line:column. When it rejects a file, hcl2-parser (the
// HCL reference grammar compiled to JavaScript) is asked: if it rejects the file too, the
// error is reported with the located parser's position; if it accepts it, its JSON rendering
// is read like a `.tf.json` file (block positions only) and a finding says so.

import { createRequire } from 'node:module';
import type { Finding } from '../../../model/finding.js';
import { InputError } from '../errors.js';
import { type Attribute, type Block, type Body, bodyAttrs, type Expr } from '../hcl/ast.js';
import { HclSyntaxError, literalTemplate, parseHcl } from '../hcl/parser.js';
import { addJsonConfig } from './read-json.js';
import { type ModuleConfig, resourceKey } from './types.js';

type Hcl2Parser = { parseToString(input: string): [string, unknown] };
let hcl2: Hcl2Parser | undefined;

function hcl2json(text: string): unknown | undefined {
  try {
    hcl2 ??= createRequire(import.meta.url)('hcl2-parser') as Hcl2Parser;
    const [out, err] = hcl2.parseToString(text);
    if (err || !out) return undefined;
    return JSON.parse(out);
  } catch {
    return undefined;
  }
}

function exprText(e: Expr | undefined): string | undefined {
  if (!e) return undefined;
  if (e.k === 'lit' && typeof e.v === 'string') return e.v;
  if (e.k === 'var') return e.name;
  return literalTemplate(e);
}

function withoutMeta(body: Body, meta: string[]): Body {
  return {
    ...body,
    items: body.items.filter((it) => !(it.kind === 'attr' && meta.includes(it.name))),
  };
}

/** Adds the blocks of an HCL body (one file) to a module. */
export function addHclBody(mod: ModuleConfig, body: Body, file: string): void {
  for (const item of body.items) {
    if (item.kind !== 'block') continue;
    const b: Block = item;
    const at = { file, pos: b.pos };
    switch (b.type) {
      case 'resource':
      case 'data': {
        if (b.labels.length !== 2) continue;
        const mode = b.type === 'data' ? 'data' : 'managed';
        const attrs = bodyAttrs(b.body);
        mod.resources.set(resourceKey(mode, b.labels[0]!, b.labels[1]!), {
          mode,
          type: b.labels[0]!,
          name: b.labels[1]!,
          body: withoutMeta(b.body, ['count', 'for_each', 'depends_on', 'provider']),
          count: attrs.get('count')?.expr,
          forEach: attrs.get('for_each')?.expr,
          at,
        });
        break;
      }
      case 'module': {
        if (b.labels.length !== 1) continue;
        const attrs = bodyAttrs(b.body);
        mod.moduleCalls.set(b.labels[0]!, {
          name: b.labels[0]!,
          source: exprText(attrs.get('source')?.expr),
          body: withoutMeta(b.body, ['source', 'version', 'count', 'for_each', 'depends_on', 'providers']),
          count: attrs.get('count')?.expr,
          forEach: attrs.get('for_each')?.expr,
          at,
          module: undefined,
        });
        break;
      }
      case 'variable': {
        if (b.labels.length !== 1) continue;
        const attrs = bodyAttrs(b.body);
        const typeExpr = attrs.get('type')?.expr;
        mod.variables.set(b.labels[0]!, {
          name: b.labels[0]!,
          default: attrs.get('default')?.expr,
          type: typeExpr ? (typeExpr.k === 'var' ? typeExpr.name : typeExpr.k) : undefined,
          at,
        });
        break;
      }
      case 'locals':
        for (const a of b.body.items) {
          if (a.kind === 'attr')
            mod.locals.set(a.name, { name: a.name, expr: a.expr, at: { file, pos: a.pos } });
        }
        break;
      case 'output': {
        if (b.labels.length !== 1) continue;
        const value: Attribute | undefined = bodyAttrs(b.body).get('value');
        if (value)
          mod.outputs.set(b.labels[0]!, {
            name: b.labels[0]!,
            expr: value.expr,
            at: { file, pos: value.pos },
          });
        break;
      }
      case 'provider': {
        if (b.labels.length !== 1) continue;
        const alias = exprText(bodyAttrs(b.body).get('alias')?.expr);
        mod.providers.push({ name: b.labels[0]!, alias, body: b.body, at });
        break;
      }
      default:
        break;
    }
  }
}

/** Reads `.tf` text into `mod`; throws InputError on a syntax error. */
export function addHclFile(mod: ModuleConfig, text: string, file: string, findings: Finding[]): void {
  let body: Body;
  try {
    body = parseHcl(text);
  } catch (e) {
    if (!(e instanceof HclSyntaxError)) throw e;
    const fallback = hcl2json(text);
    if (fallback === undefined) throw new InputError(`HCL syntax error: ${e.reason}`, file, e.line, e.column);
    findings.push({
      code: 'tf/hcl-fallback',
      severity: 'info',
      message: `iamspec's HCL reader stopped at ${e.line}:${e.column} (${e.reason}); the file was read with hcl2-parser instead, so expressions in it have no line numbers`,
      source: { file, line: e.line, column: e.column },
    });
    addJsonConfig(mod, fallback, file, undefined, findings);
    return;
  }
  addHclBody(mod, body, file);
}
