// Reads one `.tf` file into a ModuleConfig. The located native-syntax parser (hcl/parser.ts)
// gives every block and expression its line:column. When it rejects a file, hcl2-parser (the
// HCL reference grammar compiled to JavaScript) is asked: if it rejects the file too, the
// error is reported with the located parser's position; if it accepts it, its JSON rendering
// is read like a `.tf.json` file (block positions only) and a finding says so.

import { createRequire } from 'node:module';
import { exprText as printExpr } from '../hcl/print.js';
import type { Finding } from '../../../model/finding.js';
import { InputError } from '../errors.js';
import { type Attribute, type Block, type Body, bodyAttrs, type Expr, type Pos } from '../hcl/ast.js';
import {
  HclDepthError,
  HclSyntaxError,
  HclValidationError,
  literalTemplate,
  parseHcl,
} from '../hcl/parser.js';
import { addJsonConfig } from './read-json.js';
import { type Located, type ModuleConfig, resourceKey } from './types.js';

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

/** Labels each top-level block type takes (Terraform language, "Configuration Syntax"). */
const LABELS: Record<string, string[]> = {
  resource: ['type', 'name'],
  data: ['type', 'name'],
  ephemeral: ['type', 'name'],
  module: ['name'],
  variable: ['name'],
  output: ['name'],
  provider: ['name'],
  locals: [],
  terraform: [],
  moved: [],
  import: [],
  removed: [],
  check: ['name'],
};

const NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/**
 * A top-level block with the wrong number of labels, or an invalid name, is invalid Terraform:
 * `terraform validate` rejects it ("Missing name for resource", "Extraneous label for resource",
 * "Invalid resource name"), so iamspec does too, with the location, rather than skip it.
 */
function checkLabels(b: Block, file: string): void {
  const want = LABELS[b.type];
  if (!want) return;
  const fail = (msg: string) => {
    throw new InputError(msg, file, b.pos.line, b.pos.column);
  };
  if (b.labels.length < want.length) {
    fail(
      `Missing ${want[b.labels.length]} for ${b.type}: all ${b.type} blocks must have ${want.length} label${want.length === 1 ? '' : 's'} (${want.join(', ')})`,
    );
  }
  if (b.labels.length > want.length) {
    fail(
      `Extraneous label for ${b.type}: only ${want.length} label${want.length === 1 ? ' is' : 's are'} expected for ${b.type} blocks${want.length ? ` (${want.join(', ')})` : ''}`,
    );
  }
  const name = b.labels[want.indexOf('name')];
  if (name !== undefined && !NAME.test(name)) {
    fail(
      `Invalid ${b.type} name "${name}": a name must start with a letter or underscore and may contain only letters, digits, underscores, and dashes`,
    );
  }
}

/** A second declaration of the same resource, module, variable, output or local value in one module. */
function duplicate(what: string, first: Located | undefined, file: string, pos: Pos): void {
  if (!first) return;
  const where = `${first.file}${first.pos ? `:${first.pos.line}:${first.pos.column}` : ''}`;
  throw new InputError(
    `Duplicate ${what} configuration: it was already declared at ${where}; each must be declared once per module`,
    file,
    pos.line,
    pos.column,
  );
}

/** Adds the blocks of an HCL body (one file) to a module. */
export function addHclBody(mod: ModuleConfig, body: Body, file: string): void {
  for (const item of body.items) {
    if (item.kind !== 'block') continue;
    const b: Block = item;
    const at = { file, pos: b.pos };
    checkLabels(b, file);
    switch (b.type) {
      case 'resource':
      case 'data': {
        const mode = b.type === 'data' ? 'data' : 'managed';
        const key = resourceKey(mode, b.labels[0]!, b.labels[1]!);
        duplicate(`${b.type} "${b.labels[0]}" "${b.labels[1]}"`, mod.resources.get(key)?.at, file, b.pos);
        const attrs = bodyAttrs(b.body);
        mod.resources.set(key, {
          mode,
          type: b.labels[0]!,
          name: b.labels[1]!,
          body: withoutMeta(b.body, ['count', 'for_each', 'depends_on', 'provider']),
          count: attrs.get('count')?.expr,
          forEach: attrs.get('for_each')?.expr,
          at,
          ...(attrs.has('provider') ? { provider: printExpr(attrs.get('provider')!.expr) } : {}),
        });
        break;
      }
      case 'module': {
        duplicate(`module "${b.labels[0]}"`, mod.moduleCalls.get(b.labels[0]!)?.at, file, b.pos);
        const attrs = bodyAttrs(b.body);
        mod.moduleCalls.set(b.labels[0]!, {
          name: b.labels[0]!,
          source: exprText(attrs.get('source')?.expr),
          body: withoutMeta(b.body, ['source', 'version', 'count', 'for_each', 'depends_on', 'providers']),
          count: attrs.get('count')?.expr,
          forEach: attrs.get('for_each')?.expr,
          at,
          module: undefined,
          ...(attrs.has('providers') ? { passesProviders: true } : {}),
          ...providerMapOf(attrs.get('providers')?.expr),
        });
        break;
      }
      case 'variable': {
        duplicate(`variable "${b.labels[0]}"`, mod.variables.get(b.labels[0]!)?.at, file, b.pos);
        const attrs = bodyAttrs(b.body);
        const typeExpr = attrs.get('type')?.expr;
        const nullable = attrs.get('nullable')?.expr;
        mod.variables.set(b.labels[0]!, {
          name: b.labels[0]!,
          default: attrs.get('default')?.expr,
          type: typeExpr ? (typeExpr.k === 'var' ? typeExpr.name : typeExpr.k) : undefined,
          ...(typeExpr ? { typeExpr } : {}),
          ...(nullable?.k === 'lit' && typeof nullable.v === 'boolean' ? { nullable: nullable.v } : {}),
          at,
        });
        break;
      }
      case 'locals':
        for (const a of b.body.items) {
          if (a.kind !== 'attr') continue;
          duplicate(`local value "${a.name}"`, mod.locals.get(a.name)?.at, file, a.pos);
          mod.locals.set(a.name, { name: a.name, expr: a.expr, at: { file, pos: a.pos } });
        }
        break;
      case 'output': {
        const value: Attribute | undefined = bodyAttrs(b.body).get('value');
        duplicate(`output "${b.labels[0]}"`, mod.outputs.get(b.labels[0]!)?.at, file, b.pos);
        if (value)
          mod.outputs.set(b.labels[0]!, {
            name: b.labels[0]!,
            expr: value.expr,
            at: { file, pos: value.pos },
          });
        break;
      }
      case 'provider': {
        const alias = exprText(bodyAttrs(b.body).get('alias')?.expr);
        mod.providers.push({ name: b.labels[0]!, alias, body: b.body, at });
        break;
      }
      case 'removed': {
        const from = bodyAttrs(b.body).get('from')?.expr;
        if (!from) break;
        const lifecycle = b.body.items.find((x): x is Block => x.kind === 'block' && x.type === 'lifecycle');
        mod.removed.push({
          from: printExpr(from).replace(/^"(.*)"$/, '$1'),
          destroy: destroyOf(lifecycle && bodyAttrs(lifecycle.body).get('destroy')?.expr),
          at,
        });
        break;
      }
      default:
        break;
    }
  }
}

/** A `removed` block's `lifecycle { destroy }`: Terraform takes only a literal; unset is `true`. */
function destroyOf(e: Expr | undefined): boolean | 'unknown' {
  if (!e) return true;
  return e.k === 'lit' && typeof e.v === 'boolean' ? e.v : 'unknown';
}

/** Reads `.tf` text into `mod`; throws InputError on a syntax error. */
export function addHclFile(mod: ModuleConfig, text: string, file: string, findings: Finding[]): void {
  let body: Body;
  try {
    body = parseHcl(text);
  } catch (e) {
    if (!(e instanceof HclSyntaxError)) throw e;
    if (e instanceof HclValidationError) throw new InputError(e.reason, file, e.line, e.column);
    const fallback = e instanceof HclDepthError ? undefined : hcl2json(text);
    if (fallback === undefined) {
      const reason = e instanceof HclDepthError ? e.reason : `HCL syntax error: ${e.reason}`;
      throw new InputError(reason, file, e.line, e.column);
    }
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

/**
 * A module call's `providers = { aws = aws.west, aws.dst = aws }` as names; nothing when it is not
 * an object of provider references (the configuration is then not followed).
 */
function providerMapOf(e: Expr | undefined): { providerMap?: Record<string, string> } {
  if (e?.k !== 'object') return {};
  const map: Record<string, string> = {};
  for (const { key, value } of e.items) {
    const k = printExpr(key).replace(/^"(.*)"$/, '$1');
    const v = printExpr(value);
    if (!/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)?$/.test(k) || !/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)?$/.test(v))
      return {};
    map[k] = v;
  }
  return { providerMap: map };
}
