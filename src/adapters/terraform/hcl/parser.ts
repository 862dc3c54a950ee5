// HCL native syntax parser: turns `.tf` text into a Body of attributes and blocks whose values
// are expression trees with 1-based line:column positions, and parses template strings (the
// strings of `.tf.json` files). Follows the HCL native syntax specification (hclsyntax spec):
// comments, identifiers with dashes, quoted templates with escapes, heredocs (`<<EOT`,
// `<<-EOT`), interpolation and `%{if}`/`%{for}` directives with strip markers, operators
// with HCL's precedence, conditionals, function calls with `...`, tuple/object constructors,
// `for` expressions, attribute/index traversals and splats. Throws `HclSyntaxError` only.

import { MAX_DOCUMENT_DEPTH } from '../../../model/read-input.js';
import type { BinaryOp, Block, Body, Expr, Pos, TemplatePart } from './ast.js';

export class HclSyntaxError extends Error {
  readonly line: number;
  readonly column: number;
  readonly reason: string;
  constructor(reason: string, at: Pos) {
    super(`${at.line}:${at.column}: ${reason}`);
    this.name = 'HclSyntaxError';
    this.reason = reason;
    this.line = at.line;
    this.column = at.column;
  }
}

/**
 * HCL that parses but that HCL itself rejects (an argument set twice in one body: "Attribute
 * redefined"): a configuration error as `terraform validate` reports it, never a guess.
 */
export class HclValidationError extends HclSyntaxError {}
/** Nesting over MAX_HCL_DEPTH: a limit of iamspec, not a syntax error another reader could accept. */
export class HclDepthError extends HclSyntaxError {}

/** hclsyntax spec, "Identifiers": `ID_Start (ID_Continue | '-')*` (plus a leading `_`, as HCL takes it). */
/** hclsyntax's diagnostics for a closing brace on the line of an argument or a nested block. */
const MISSING_NEWLINE_AFTER_ARGUMENT =
  'Missing newline after argument: an argument definition must end with a newline; in a multi-line block, put the closing brace "}" on a line of its own';
const MISSING_NEWLINE_AFTER_BLOCK =
  'Missing newline after block definition: a block definition must end with a newline; put the closing brace "}" of the enclosing block on a line of its own';

const ID_START_RE = /[\p{ID_Start}_]/u;
const ID_CONT_RE = /[\p{ID_Continue}-]/u;

/** ASCII first (letters, `_`; then digits and `-`), the Unicode properties for the rest. */
const ID_START = {
  test(c: string): boolean {
    const k = c.charCodeAt(0);
    if (k < 128) return (k >= 97 && k <= 122) || (k >= 65 && k <= 90) || k === 95;
    return ID_START_RE.test(c);
  },
};
const ID_CONT = {
  test(c: string): boolean {
    const k = c.charCodeAt(0);
    if (k < 128)
      return (k >= 97 && k <= 122) || (k >= 65 && k <= 90) || (k >= 48 && k <= 57) || k === 95 || k === 45;
    return ID_CONT_RE.test(c);
  },
};

type TemplateEnd = 'quote' | 'eof';

interface Frame {
  kind: 'root' | 'if' | 'else' | 'for';
  parts: TemplatePart[];
  node?: TemplatePart;
}

/** Deepest nesting of blocks and expressions in HCL (real configurations stay far below). */
export const MAX_HCL_DEPTH = MAX_DOCUMENT_DEPTH;

class Parser {
  private i = 0;
  private nest = 0;
  /** Nesting of blocks and expressions: bounded, as the parser and the evaluator recurse. */
  private depth = 0;
  private readonly lineStarts: number[] = [0];

  constructor(
    private readonly src: string,
    private readonly base: Pos = { line: 1, column: 1 },
  ) {
    for (let k = 0; k < src.length; k++) if (src.charCodeAt(k) === 10) this.lineStarts.push(k + 1);
  }

  pos(at = this.i): Pos {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid]! <= at) lo = mid;
      else hi = mid - 1;
    }
    const column = at - this.lineStarts[lo]! + 1;
    return lo === 0
      ? { line: this.base.line, column: this.base.column + column - 1 }
      : { line: this.base.line + lo, column };
  }

  private enter(): void {
    if (++this.depth > MAX_HCL_DEPTH) {
      throw new HclDepthError(
        `blocks and expressions nested more than ${MAX_HCL_DEPTH} levels deep (iamspec's limit)`,
        this.pos(),
      );
    }
  }

  fail(reason: string, at = this.i): never {
    throw new HclSyntaxError(reason, this.pos(at));
  }

  private peek(n = 0): string {
    return this.src[this.i + n] ?? '';
  }

  private startsWith(s: string): boolean {
    return this.src.startsWith(s, this.i);
  }

  private eof(): boolean {
    return this.i >= this.src.length;
  }

  /** Skips spaces, tabs, carriage returns and comments; newlines too when `newlines`. */
  skip(newlines: boolean): void {
    for (;;) {
      const c = this.peek();
      if (c === ' ' || c === '\t' || c === '\r' || c === '\uFEFF') this.i++;
      else if (c === '\n' && newlines) this.i++;
      else if (c === '#' || (c === '/' && this.peek(1) === '/')) {
        while (!this.eof() && this.peek() !== '\n') this.i++;
      } else if (c === '/' && this.peek(1) === '*') {
        const end = this.src.indexOf('*/', this.i + 2);
        if (end < 0) this.fail('unterminated /* comment');
        this.i = end + 2;
      } else return;
    }
  }

  private ws(): void {
    this.skip(this.nest > 0);
  }

  private expect(s: string, what?: string): void {
    if (!this.startsWith(s)) this.fail(`expected ${what ?? `"${s}"`}`);
    this.i += s.length;
  }

  private ident(): string | undefined {
    const c = this.peek();
    if (!c || !ID_START.test(c)) return undefined;
    const start = this.i;
    this.i++;
    while (!this.eof() && ID_CONT.test(this.peek())) this.i++;
    return this.src.slice(start, this.i);
  }

  private isKeyword(word: string): boolean {
    if (!this.startsWith(word)) return false;
    const next = this.src[this.i + word.length] ?? '';
    return !ID_CONT.test(next);
  }

  // ---- bodies -------------------------------------------------------------------------

  parseFile(): Body {
    const body = this.parseBody(false);
    return body;
  }

  private parseBody(inBlock: boolean): Body {
    const pos = this.pos();
    const items: Body['items'] = [];
    const set = new Map<string, Pos>();
    for (;;) {
      this.skip(true);
      if (this.eof()) {
        if (inBlock) this.fail('unclosed block: expected "}"');
        return { items, pos };
      }
      if (this.peek() === '}') {
        if (!inBlock) this.fail('unexpected "}"');
        this.i++;
        return { items, pos };
      }
      const at = this.pos();
      const startOffset = this.i;
      const name = this.ident();
      if (name === undefined) this.fail(`expected an attribute or block name, found ${this.describeHere()}`);
      this.skip(false);
      if (this.peek() === '=' && this.peek(1) !== '=') {
        this.i++;
        this.skip(false);
        if (this.peek() === '\n' || this.eof()) this.fail(`missing value for attribute "${name}"`);
        const expr = this.parseExpr();
        this.skip(false);
        // HCL native syntax specification, "Structural Elements": `Attribute = Identifier "="
        // Expression Newline;`: in a multi-line block the closing brace is on a line of its own
        // (hclsyntax: "Missing newline after argument")
        if (this.peek() === '}') this.fail(MISSING_NEWLINE_AFTER_ARGUMENT);
        if (!this.eof() && this.peek() !== '\n') {
          this.fail(`unexpected ${this.describeHere()} after the value of attribute "${name}"`);
        }
        const before = set.get(name);
        if (before) {
          // HCL native syntax spec, "Bodies": "Within a structural body, ... an attribute name
          // ... must be unique" (terraform validate: "Attribute redefined").
          throw new HclValidationError(
            `Attribute redefined: the argument "${name}" was already set at line ${before.line}, column ${before.column}; each argument may be set only once`,
            at,
          );
        }
        set.set(name, at);
        items.push({ kind: 'attr', name, expr, pos: at });
        continue;
      }
      const labels: string[] = [];
      for (;;) {
        this.skip(false);
        if (this.peek() === '"') {
          const t = this.parseQuoted();
          const lit = literalTemplate(t);
          if (lit === undefined) this.fail('block labels cannot contain interpolation');
          labels.push(lit);
        } else if (this.peek() === '{') {
          break;
        } else {
          const l = this.ident();
          if (l === undefined) {
            this.fail(
              startOffset === this.i
                ? `expected "=" or a block`
                : `expected "=" after "${name}" or a block label or "{", found ${this.describeHere()}`,
            );
          }
          labels.push(l);
        }
      }
      this.i++; // {
      this.enter();
      // an argument on the line of the opening brace makes a single-line block
      this.skip(false);
      const singleLine = !this.eof() && this.peek() !== '\n' && this.peek() !== '}';
      const body = singleLine ? this.parseSingleLineBody() : this.parseBody(true);
      this.depth--;
      const block: Block = { kind: 'block', type: name, labels, body, pos: at };
      items.push(block);
      this.skip(false);
      // `Block = Identifier (StringLit|Identifier)* "{" Newline Body "}" Newline;` (hclsyntax:
      // "Missing newline after block definition")
      if (this.peek() === '}') this.fail(MISSING_NEWLINE_AFTER_BLOCK);
      if (!this.eof() && this.peek() !== '\n') {
        this.fail(`unexpected ${this.describeHere()} after block "${name}"`);
      }
    }
  }

  /**
   * The body of a single-line block, after its `{` (HCL native syntax specification, "Structural
   * Elements": `OneLineBlock = Identifier (StringLit|Identifier)* "{" (Identifier "=" Expression)?
   * "}" Newline;`): one argument, then the closing brace on the same line. Terraform (hclsyntax)
   * rejects the rest with "Invalid single-argument block definition", and so does this parser.
   */
  private parseSingleLineBody(): Body {
    const pos = this.pos();
    const at = this.pos();
    const invalid = (detail: string): never =>
      this.fail(`Invalid single-argument block definition: ${detail}`);
    const name = this.ident();
    if (name === undefined) this.fail(`expected an attribute name, found ${this.describeHere()}`);
    this.skip(false);
    if (this.peek() !== '=' || this.peek(1) === '=')
      invalid(
        `a single-line block definition can contain only a single argument. If you meant to define argument "${name}", use an equals sign to assign it a value. To define a nested block, place it on a line of its own within its parent block`,
      );
    this.i++;
    this.skip(false);
    if (this.peek() === '\n' || this.eof()) this.fail(`missing value for attribute "${name}"`);
    const expr = this.parseExpr();
    this.skip(false);
    const c = this.peek();
    if (c === '}') {
      this.i++;
      return { items: [{ kind: 'attr', name, expr, pos: at }], pos };
    }
    if (c === ',')
      invalid(
        'single-line block syntax can include only one argument definition. To define multiple arguments, use the multi-line block syntax with one argument definition per line',
      );
    if (c === '\n')
      invalid(
        "an argument definition on the same line as its containing block creates a single-line block definition, which must also be closed on the same line. Place the block's closing brace immediately after the argument definition",
      );
    if (this.eof()) this.fail('unclosed block: expected "}"');
    return invalid(
      'a single-line block definition must end with a closing brace immediately after its single argument definition',
    );
  }

  private describeHere(): string {
    if (this.eof()) return 'end of file';
    const c = this.peek();
    if (c === '\n') return 'end of line';
    return `"${c}"`;
  }

  // ---- expressions --------------------------------------------------------------------

  parseExpr(): Expr {
    this.enter();
    const e = this.parseConditional();
    this.depth--;
    return e;
  }

  private parseConditional(): Expr {
    const pos = this.pos();
    const cond = this.parseBinary(0);
    this.ws();
    if (this.peek() === '?') {
      this.i++;
      this.ws();
      const whenTrue = this.parseExpr();
      this.ws();
      this.expect(':', '":" of the conditional expression');
      this.ws();
      const els = this.parseExpr();
      return { k: 'cond', cond, whenTrue, whenFalse: els, pos };
    }
    return cond;
  }

  private static readonly LEVELS: BinaryOp[][] = [
    ['||'],
    ['&&'],
    ['==', '!='],
    ['<=', '>=', '<', '>'],
    ['+', '-'],
    ['*', '/', '%'],
  ];

  private parseBinary(level: number): Expr {
    if (level >= Parser.LEVELS.length) return this.parseUnary();
    let left = this.parseBinary(level + 1);
    for (;;) {
      const save = this.i;
      this.ws();
      const op = Parser.LEVELS[level]!.find((o) => this.startsWith(o) && !this.isOperatorPrefixOfLonger(o));
      if (!op) {
        this.i = save;
        return left;
      }
      const pos = this.pos();
      this.i += op.length;
      this.ws();
      const right = this.parseBinary(level + 1);
      left = { k: 'binary', op, l: left, r: right, pos };
    }
  }

  /** `<` must not eat `<=`/`<<`, `=` must not be `==` etc. */
  private isOperatorPrefixOfLonger(op: string): boolean {
    const next = this.src[this.i + op.length] ?? '';
    if ((op === '<' || op === '>') && (next === '=' || next === '<')) return true;
    if (op === '*' && next === '/') return true;
    if (op === '/' && (next === '/' || next === '*')) return true;
    return false;
  }

  private parseUnary(): Expr {
    const pos = this.pos();
    const c = this.peek();
    if ((c === '!' && this.peek(1) !== '=') || (c === '-' && !/[0-9]/.test(this.peek(1)))) {
      this.i++;
      this.ws();
      this.enter();
      const e = this.parseUnary();
      this.depth--;
      return { k: 'unary', op: c, e, pos };
    }
    return this.parsePostfix(this.parsePrimary());
  }

  private parsePostfix(base: Expr): Expr {
    let e = base;
    for (;;) {
      const pos = this.pos();
      if (this.peek() === '.' && this.peek(1) !== '.') {
        if (this.peek(1) === '*') {
          this.i += 2;
          let each: Expr = { k: 'splatItem', pos };
          while (this.peek() === '.' && this.peek(1) !== '*' && this.peek(1) !== '.') {
            this.i++;
            each = this.traversalStep(each, true);
          }
          e = { k: 'splat', obj: e, each, pos };
          continue;
        }
        this.i++;
        e = this.traversalStep(e, false);
        continue;
      }
      if (this.peek() === '[') {
        if (this.src.startsWith('[*]', this.i)) {
          this.i += 3;
          let each: Expr = { k: 'splatItem', pos };
          for (;;) {
            if (this.peek() === '.' && this.peek(1) !== '*' && this.peek(1) !== '.') {
              this.i++;
              each = this.traversalStep(each, false);
            } else if (this.peek() === '[' && !this.src.startsWith('[*]', this.i)) {
              each = this.indexStep(each);
            } else break;
          }
          e = { k: 'splat', obj: e, each, pos };
          continue;
        }
        e = this.indexStep(e);
        continue;
      }
      return e;
    }
  }

  private traversalStep(obj: Expr, attrOnly: boolean): Expr {
    const pos = this.pos();
    if (!attrOnly && /[0-9]/.test(this.peek())) {
      const start = this.i;
      while (/[0-9]/.test(this.peek())) this.i++;
      return { k: 'index', obj, key: { k: 'lit', v: Number(this.src.slice(start, this.i)), pos }, pos };
    }
    const name = this.ident();
    if (name === undefined) this.fail('expected an attribute name after "."');
    return { k: 'attr', obj, name, pos };
  }

  private indexStep(obj: Expr): Expr {
    const pos = this.pos();
    this.i++; // [
    this.nest++;
    this.ws();
    const key = this.parseExpr();
    this.ws();
    this.expect(']', '"]" closing the index');
    this.nest--;
    return { k: 'index', obj, key, pos };
  }

  private parsePrimary(): Expr {
    const pos = this.pos();
    const c = this.peek();
    if (this.eof()) this.fail('expected an expression, found end of file');
    if (/[0-9]/.test(c) || (c === '-' && /[0-9]/.test(this.peek(1)))) return this.parseNumber();
    if (c === '"') return this.parseQuoted();
    if (c === '<' && this.peek(1) === '<') return this.parseHeredoc();
    if (c === '(') {
      this.i++;
      this.nest++;
      this.ws();
      const e = this.parseExpr();
      this.ws();
      this.expect(')', '")"');
      this.nest--;
      return { k: 'paren', e, pos };
    }
    if (c === '[') return this.parseTuple();
    if (c === '{') return this.parseObject();
    const name = this.ident();
    if (name === undefined) this.fail(`expected an expression, found ${this.describeHere()}`);
    if (name === 'true' || name === 'false') return { k: 'lit', v: name === 'true', pos };
    if (name === 'null') return { k: 'lit', v: null, pos };
    let fname = name;
    while (this.startsWith('::')) {
      this.i += 2;
      const part = this.ident();
      if (part === undefined) this.fail('expected a function name after "::"');
      fname += `::${part}`;
    }
    if (this.peek() === '(') return this.parseCall(fname, pos);
    if (fname !== name) this.fail('expected "(" after a provider function name');
    return { k: 'var', name, pos };
  }

  private parseNumber(): Expr {
    const pos = this.pos();
    const m = /^-?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(this.src.slice(this.i, this.i + 64));
    if (!m) this.fail('invalid number');
    this.i += m[0].length;
    return { k: 'lit', v: Number(m[0]), pos };
  }

  private parseCall(name: string, pos: Pos): Expr {
    this.i++; // (
    this.nest++;
    const args: Expr[] = [];
    let expandLast = false;
    this.ws();
    while (this.peek() !== ')') {
      if (expandLast) this.fail('"..." may only follow the last argument');
      args.push(this.parseExpr());
      this.ws();
      if (this.startsWith('...')) {
        this.i += 3;
        expandLast = true;
        this.ws();
      }
      if (this.peek() === ',') {
        this.i++;
        this.ws();
      } else if (this.peek() !== ')') this.fail(`expected "," or ")" in the arguments of ${name}()`);
    }
    this.i++;
    this.nest--;
    return { k: 'call', name, args, expandLast, pos };
  }

  private forHeader(): { keyVar: string | undefined; valVar: string; coll: Expr } {
    this.i += 3; // for
    this.ws();
    const first = this.ident();
    if (first === undefined) this.fail('expected a variable name after "for"');
    this.ws();
    let keyVar: string | undefined;
    let valVar = first;
    if (this.peek() === ',') {
      this.i++;
      this.ws();
      const second = this.ident();
      if (second === undefined) this.fail('expected a second variable name in "for"');
      keyVar = first;
      valVar = second;
      this.ws();
    }
    if (!this.isKeyword('in')) this.fail('expected "in" in the for expression');
    this.i += 2;
    this.ws();
    const coll = this.parseExpr();
    this.ws();
    return { keyVar, valVar, coll };
  }

  private looksLikeFor(): boolean {
    return this.isKeyword('for') && /^for\s+[\p{L}_]/u.test(this.src.slice(this.i, this.i + 40));
  }

  private parseTuple(): Expr {
    const pos = this.pos();
    this.i++;
    this.nest++;
    this.ws();
    if (this.looksLikeFor()) {
      const h = this.forHeader();
      this.expect(':', '":" in the for expression');
      this.ws();
      const valExpr = this.parseExpr();
      this.ws();
      let cond: Expr | undefined;
      if (this.isKeyword('if')) {
        this.i += 2;
        this.ws();
        cond = this.parseExpr();
        this.ws();
      }
      this.expect(']', '"]" closing the for expression');
      this.nest--;
      return { k: 'for', ...h, keyExpr: undefined, valExpr, cond, group: false, pos };
    }
    const items: Expr[] = [];
    while (this.peek() !== ']') {
      if (this.eof()) this.fail('unclosed tuple: expected "]"');
      items.push(this.parseExpr());
      this.ws();
      if (this.peek() === ',') {
        this.i++;
        this.ws();
      } else if (this.peek() !== ']')
        this.fail(`expected "," or "]" in the tuple, found ${this.describeHere()}`);
    }
    this.i++;
    this.nest--;
    return { k: 'tuple', items, pos };
  }

  private parseObject(): Expr {
    const pos = this.pos();
    this.i++;
    this.nest++;
    this.ws();
    if (this.looksLikeFor()) {
      const h = this.forHeader();
      this.expect(':', '":" in the for expression');
      this.ws();
      const keyExpr = this.parseExpr();
      this.ws();
      this.expect('=>', '"=>" in the object for expression');
      this.ws();
      const valExpr = this.parseExpr();
      this.ws();
      let group = false;
      if (this.startsWith('...')) {
        this.i += 3;
        group = true;
        this.ws();
      }
      let cond: Expr | undefined;
      if (this.isKeyword('if')) {
        this.i += 2;
        this.ws();
        cond = this.parseExpr();
        this.ws();
      }
      this.expect('}', '"}" closing the for expression');
      this.nest--;
      return { k: 'for', ...h, keyExpr, valExpr, cond, group, pos };
    }
    const items: { key: Expr; value: Expr }[] = [];
    while (this.peek() !== '}') {
      if (this.eof()) this.fail('unclosed object: expected "}"');
      const keyPos = this.pos();
      let key = this.parseExpr();
      if (key.k === 'var') key = { k: 'lit', v: key.name, pos: keyPos };
      this.ws();
      if (this.peek() === '=' && this.peek(1) !== '=' && this.peek(1) !== '>') this.i++;
      else if (this.peek() === ':') this.i++;
      else this.fail(`expected "=" or ":" after the object key, found ${this.describeHere()}`);
      this.ws();
      const value = this.parseExpr();
      items.push({ key, value });
      this.ws();
      if (this.peek() === ',') {
        this.i++;
        this.ws();
      }
    }
    this.i++;
    this.nest--;
    return { k: 'object', items, pos };
  }

  // ---- templates ----------------------------------------------------------------------

  parseQuoted(): Expr {
    const pos = this.pos();
    this.i++; // "
    const parts = this.parseTemplateParts('quote', true);
    return { k: 'tmpl', parts, pos };
  }

  private parseHeredoc(): Expr {
    const pos = this.pos();
    this.i += 2;
    let indent = false;
    if (this.peek() === '-') {
      indent = true;
      this.i++;
    }
    const marker = this.ident();
    if (marker === undefined) this.fail('expected a heredoc marker after "<<"');
    while (this.peek() === ' ' || this.peek() === '\t' || this.peek() === '\r') this.i++;
    if (this.peek() !== '\n') this.fail('expected a newline after the heredoc marker');
    this.i++;
    const contentStart = this.i;
    const contentPos = this.pos();
    const lines: string[] = [];
    for (;;) {
      if (this.eof()) this.fail(`unterminated heredoc: expected "${marker}"`, contentStart);
      let end = this.src.indexOf('\n', this.i);
      if (end < 0) end = this.src.length;
      const line = this.src.slice(this.i, end).replace(/\r$/, '');
      if (line.trim() === marker) {
        this.i = end;
        break;
      }
      lines.push(line);
      this.i = end + 1;
    }
    let content = lines.map((l) => `${l}\n`);
    if (indent) {
      let min = Number.POSITIVE_INFINITY;
      for (const l of lines) {
        if (l.trim() === '') continue;
        const m = /^[ \t]*/.exec(l)![0].length;
        if (m < min) min = m;
      }
      if (!Number.isFinite(min)) min = 0;
      content = lines.map((l) => `${l.slice(Math.min(min, /^[ \t]*/.exec(l)![0].length))}\n`);
    }
    const sub = new Parser(content.join(''), contentPos);
    const parts = sub.parseTemplateParts('eof', false);
    return { k: 'tmpl', parts, pos };
  }

  /** Parses template parts up to the terminator (consumed). */
  parseTemplateParts(end: TemplateEnd, escapes: boolean): TemplatePart[] {
    const root: Frame = { kind: 'root', parts: [] };
    const stack: Frame[] = [root];
    let buf = '';
    let stripNext = false;
    const top = () => stack[stack.length - 1]!;
    const flush = () => {
      if (buf) {
        const text = stripNext ? buf.replace(/^\s+/, '') : buf;
        if (text) top().parts.push({ k: 'str', v: text });
        buf = '';
        stripNext = false;
      }
    };
    const stripPrev = () => {
      if (buf) buf = buf.replace(/\s+$/, '');
      else {
        const parts = top().parts;
        const last = parts[parts.length - 1];
        if (last && last.k === 'str') last.v = last.v.replace(/\s+$/, '');
      }
    };
    const startOffset = this.i;
    for (;;) {
      if (this.eof()) {
        if (end === 'quote') this.fail('unterminated string: expected a closing quote', startOffset - 1);
        break;
      }
      const c = this.peek();
      if (end === 'quote' && c === '"') {
        this.i++;
        break;
      }
      if (end === 'quote' && c === '\n') this.fail('unterminated string: newline inside a quoted string');
      if (c === '\\' && escapes) {
        buf += this.escape();
        continue;
      }
      if ((c === '$' || c === '%') && this.peek(1) === c && this.peek(2) === '{') {
        buf += `${c}{`;
        this.i += 3;
        continue;
      }
      if (c === '$' && this.peek(1) === '{') {
        this.i += 2;
        if (this.peek() === '~') {
          this.i++;
          stripPrev();
        }
        flush();
        this.nest++;
        this.skip(true);
        const e = this.parseExpr();
        this.skip(true);
        if (this.peek() === '~') {
          this.i++;
          stripNext = true;
        }
        this.expect('}', '"}" closing the interpolation');
        this.nest--;
        top().parts.push({ k: 'interp', e });
        continue;
      }
      if (c === '%' && this.peek(1) === '{') {
        const at = this.i;
        this.i += 2;
        if (this.peek() === '~') {
          this.i++;
          stripPrev();
        }
        flush();
        stripNext = false;
        this.nest++;
        this.skip(true);
        const word = this.ident();
        if (word === 'if') {
          this.skip(true);
          const cond = this.parseExpr();
          const node: TemplatePart = { k: 'if', cond, whenTrue: [], whenFalse: [] };
          top().parts.push(node);
          stack.push({ kind: 'if', parts: node.whenTrue, node });
        } else if (word === 'else') {
          const f = top();
          if (f.kind !== 'if' || f.node?.k !== 'if') this.fail('%{else} without %{if}', at);
          stack.pop();
          stack.push({ kind: 'else', parts: f.node.whenFalse, node: f.node });
        } else if (word === 'endif') {
          const f = top();
          if (f.kind !== 'if' && f.kind !== 'else') this.fail('%{endif} without %{if}', at);
          stack.pop();
        } else if (word === 'for') {
          this.skip(true);
          const first = this.ident();
          if (first === undefined) this.fail('expected a variable name after %{for');
          this.skip(true);
          let keyVar: string | undefined;
          let valVar = first;
          if (this.peek() === ',') {
            this.i++;
            this.skip(true);
            const second = this.ident();
            if (second === undefined) this.fail('expected a second variable name in %{for');
            keyVar = first;
            valVar = second;
            this.skip(true);
          }
          if (!this.isKeyword('in')) this.fail('expected "in" in %{for');
          this.i += 2;
          this.skip(true);
          const coll = this.parseExpr();
          const node: TemplatePart = { k: 'for', keyVar, valVar, coll, body: [] };
          top().parts.push(node);
          stack.push({ kind: 'for', parts: node.body, node });
        } else if (word === 'endfor') {
          if (top().kind !== 'for') this.fail('%{endfor} without %{for}', at);
          stack.pop();
        } else {
          this.fail(`unknown template directive "${word ?? ''}"`, at);
        }
        this.skip(true);
        if (this.peek() === '~') {
          this.i++;
          stripNext = true;
        }
        this.expect('}', '"}" closing the template directive');
        this.nest--;
        continue;
      }
      buf += c;
      this.i++;
    }
    flush();
    if (stack.length > 1) this.fail(`unclosed %{${top().kind === 'for' ? 'for' : 'if'}} directive`);
    return root.parts;
  }

  private escape(): string {
    const at = this.i;
    this.i++;
    const c = this.peek();
    this.i++;
    switch (c) {
      case 'n':
        return '\n';
      case 'r':
        return '\r';
      case 't':
        return '\t';
      case '"':
        return '"';
      case '\\':
        return '\\';
      case 'u':
      case 'U': {
        const len = c === 'u' ? 4 : 8;
        const hex = this.src.slice(this.i, this.i + len);
        if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== len) this.fail('invalid unicode escape', at);
        this.i += len;
        return String.fromCodePoint(Number.parseInt(hex, 16));
      }
      default:
        this.fail(`invalid escape sequence "\\${c}"`, at);
    }
  }
}

/** The literal string of a template without interpolations, else undefined. */
export function literalTemplate(e: Expr): string | undefined {
  if (e.k !== 'tmpl') return undefined;
  let out = '';
  for (const p of e.parts) {
    if (p.k !== 'str') return undefined;
    out += p.v;
  }
  return out;
}

/** Parses a whole `.tf` file. Throws HclSyntaxError with the position of the first error. */
export function parseHcl(text: string): Body {
  return new Parser(text).parseFile();
}

/** Parses one expression (the whole text must be one expression). */
export function parseHclExpression(text: string, at: Pos = { line: 1, column: 1 }): Expr {
  const p = new Parser(text, at);
  p.skip(true);
  const e = p.parseExpr();
  p.skip(true);
  return e;
}

/**
 * Parses a template string (a `.tf.json` string value, or the text of a `${...}` string from
 * hcl2json). Literal-only text yields a literal; a single interpolation yields that expression
 * (HCL returns its value unconverted).
 */
export function parseTemplateText(text: string, at: Pos = { line: 1, column: 1 }): Expr {
  if (!text.includes('${') && !text.includes('%{')) return { k: 'lit', v: text, pos: at };
  const p = new Parser(text, at);
  const parts = p.parseTemplateParts('eof', false);
  return { k: 'tmpl', parts, pos: at };
}
