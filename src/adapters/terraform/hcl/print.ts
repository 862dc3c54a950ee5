// Prints an expression tree back as HCL text, for messages that name the expression a value
// came from (`count = var.enable ? 1 : 0`). Long output is shortened with an ellipsis.

import type { Expr, TemplatePart } from './ast.js';

const MAX = 120;

function quote(s: string): string {
  return JSON.stringify(s).replace(/\$\{/g, '$${').replace(/%\{/g, '%%{');
}

function part(p: TemplatePart): string {
  switch (p.k) {
    case 'str':
      return JSON.stringify(p.v).slice(1, -1);
    case 'interp':
      return `\${${print(p.e)}}`;
    case 'if':
      return `%{ if ${print(p.cond)} }${p.whenTrue.map(part).join('')}${p.whenFalse.length ? `%{ else }${p.whenFalse.map(part).join('')}` : ''}%{ endif }`;
    case 'for':
      return `%{ for ${p.keyVar ? `${p.keyVar}, ` : ''}${p.valVar} in ${print(p.coll)} }${p.body.map(part).join('')}%{ endfor }`;
  }
}

function print(e: Expr): string {
  switch (e.k) {
    case 'lit':
      return typeof e.v === 'string' ? quote(e.v) : String(e.v);
    case 'tmpl':
      return `"${e.parts.map(part).join('')}"`;
    case 'tuple':
      return `[${e.items.map(print).join(', ')}]`;
    case 'object':
      return `{ ${e.items.map((it) => `${print(it.key)} = ${print(it.value)}`).join(', ')} }`;
    case 'var':
      return e.name;
    case 'attr':
      return `${print(e.obj)}.${e.name}`;
    case 'index':
      return `${print(e.obj)}[${print(e.key)}]`;
    case 'splat':
      return `${print(e.obj)}[*]${print(e.each)}`;
    case 'splatItem':
      return '';
    case 'call':
      return `${e.name}(${e.args.map(print).join(', ')}${e.expandLast ? '...' : ''})`;
    case 'cond':
      return `${print(e.cond)} ? ${print(e.whenTrue)} : ${print(e.whenFalse)}`;
    case 'unary':
      return `${e.op}${print(e.e)}`;
    case 'binary':
      return `${print(e.l)} ${e.op} ${print(e.r)}`;
    case 'for': {
      const head = `for ${e.keyVar ? `${e.keyVar}, ` : ''}${e.valVar} in ${print(e.coll)} : `;
      const body = e.keyExpr
        ? `${print(e.keyExpr)} => ${print(e.valExpr)}${e.group ? '...' : ''}`
        : print(e.valExpr);
      const cond = e.cond ? ` if ${print(e.cond)}` : '';
      return e.keyExpr ? `{${head}${body}${cond}}` : `[${head}${body}${cond}]`;
    }
    case 'paren':
      return `(${print(e.e)})`;
    case 'bad':
      return '(unreadable)';
  }
}

/** The expression as HCL text (at most ~120 characters). */
export function exprText(e: Expr): string {
  const s = print(e);
  return s.length > MAX ? `${s.slice(0, MAX - 1)}…` : s;
}
