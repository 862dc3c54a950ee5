// Located JSON: parses JSON text and maps every value's JSON pointer to its 1-based
// line:column, so findings can name the exact place in a policy, template or plan file.
// The value comes from the native JSON.parse (fast); positions come from a single-pass
// scanner that runs lazily, only when the first location is asked for. The same scanner
// explains syntax errors with a precise line:column (`LocatedSyntaxError`).

import { MAX_DOCUMENT_DEPTH } from '../model/read-input.js';
import type { Locator } from '../model/source.js';

/** A JSON syntax error with the file and 1-based line:column where it was found. */
export class LocatedSyntaxError extends Error {
  readonly file: string | undefined;
  readonly line: number;
  readonly column: number;
  /** 0-based offset into the text (after any byte-order mark). */
  readonly offset: number;
  /** The reason alone, without the location prefix. */
  readonly reason: string;
  constructor(reason: string, at: { line: number; column: number; offset: number }, file?: string) {
    super(`${file ?? '<input>'}:${at.line}:${at.column}: invalid JSON: ${reason}`);
    this.name = 'LocatedSyntaxError';
    this.file = file;
    this.line = at.line;
    this.column = at.column;
    this.offset = at.offset;
    this.reason = reason;
  }
}

export interface LocatedJson {
  value: unknown;
  /** Maps a JSON pointer (`/Statement/0/Action`) to the position of the value's first character. */
  locate: Locator;
}

/**
 * Parses JSON text. Throws `LocatedSyntaxError` on invalid JSON (the only exception this
 * module throws). A leading UTF-8 byte-order mark (U+FEFF) is ignored; positions are counted
 * after it. Columns count UTF-16 code units, as editors do.
 */
export function parseLocatedJson(text: string, file?: string): LocatedJson {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const tooDeep = depthExceeded(body, MAX_DOCUMENT_DEPTH);
  if (tooDeep >= 0) {
    const at = new LineTable(body).position(tooDeep);
    throw new LocatedSyntaxError(
      `arrays and objects nested more than ${MAX_DOCUMENT_DEPTH} levels deep (iamspec's limit for a document)`,
      { ...at, offset: tooDeep },
      file,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (e) {
    throw explainSyntaxError(body, file, e);
  }
  return { value, locate: lazyLocator(body) };
}

/**
 * The locator of valid JSON text (without a byte-order mark), its position index built on the
 * first call: for a reader that parsed the text in its own way (requests/array-items.ts).
 */
export function lazyLocator(body: string): Locator {
  let index: PositionIndex | undefined;
  let failed = false;
  return (pointer) => {
    if (failed) return undefined;
    if (!index) {
      try {
        index = new PositionIndex(body);
      } catch {
        failed = true; // cannot happen for text JSON.parse accepted; never throw from a locator
        return undefined;
      }
    }
    return index.locate(pointer);
  };
}

/**
 * The offset of the first `[` or `{` (outside strings) that opens level `max + 1`, or -1. One
 * pass, before JSON.parse and the recursive walkers that follow see a document built to be deep.
 */
function depthExceeded(text: string, max: number): number {
  let depth = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // Skip a string: to the next quote not escaped (an even run of backslashes before it; the
      // search is native, the loop over a string's characters ran cold on every input).
      let q = text.indexOf('"', i + 1);
      for (;;) {
        if (q < 0) return -1;
        let bs = 0;
        while (text.charCodeAt(q - 1 - bs) === 0x5c) bs++;
        if ((bs & 1) === 0) break;
        q = text.indexOf('"', q + 1);
      }
      i = q;
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return i;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return -1;
}

/**
 * Decodes the bytes of a JSON file: UTF-8 (with or without a byte-order mark) or UTF-16
 * LE/BE (with a byte-order mark, or detected from the zero bytes of the first characters,
 * as RFC 4627 section 3 describes). Returns the text without the byte-order mark.
 */
export function decodeJsonBytes(bytes: Uint8Array): string {
  const b0 = bytes[0];
  const b1 = bytes[1];
  if (b0 === 0xef && b1 === 0xbb && bytes[2] === 0xbf)
    return new TextDecoder('utf-8').decode(bytes.subarray(3));
  if (b0 === 0xff && b1 === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (b0 === 0xfe && b1 === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  if (bytes.length >= 2 && b0 !== 0 && b1 === 0) return new TextDecoder('utf-16le').decode(bytes);
  if (bytes.length >= 2 && b0 === 0 && b1 !== 0) return new TextDecoder('utf-16be').decode(bytes);
  return new TextDecoder('utf-8').decode(bytes);
}

// ---------------------------------------------------------------------------------------
// Line table

/** Offsets of the first character of every line; `\n`, `\r\n` and a lone `\r` end a line. */
class LineTable {
  private readonly starts: number[] = [0];
  constructor(text: string) {
    const starts = this.starts;
    if (!text.includes('\r')) {
      let at = text.indexOf('\n');
      while (at >= 0) {
        starts.push(at + 1);
        at = text.indexOf('\n', at + 1);
      }
      return;
    }
    const n = text.length;
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) starts.push(i + 1);
      else if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      }
    }
  }
  position(offset: number): { line: number; column: number } {
    const s = this.starts;
    let lo = 0;
    let hi = s.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (s[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - s[lo]! + 1 };
  }
}

function isWs(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

// ---------------------------------------------------------------------------------------
// Validator: finds the first syntax error and says what is wrong (error path only).

class ScanError {
  constructor(
    readonly reason: string,
    readonly offset: number,
  ) {}
}

function describeChar(text: string, i: number): string {
  if (i >= text.length) return 'end of input';
  const c = text[i]!;
  const code = c.charCodeAt(0);
  if (code < 0x20) return `control character U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  return `'${c}'`;
}

const SIMPLE_ESCAPES = new Set([0x22, 0x5c, 0x2f, 0x62, 0x66, 0x6e, 0x72, 0x74]);

/** Throws ScanError at the first syntax error; iterative, so deep nesting is fine. */
function validateJson(text: string): void {
  const n = text.length;
  let i = 0;
  const skipWs = (): void => {
    while (i < n && isWs(text.charCodeAt(i))) i++;
  };
  const readString = (): void => {
    const start = i;
    i++;
    while (true) {
      if (i >= n) throw new ScanError('unterminated string (missing closing ")', start);
      const c = text.charCodeAt(i);
      if (c === 0x22) break;
      if (c === 0x5c) {
        const e = text.charCodeAt(i + 1);
        if (e === 0x75) {
          for (let k = 2; k < 6; k++) {
            const h = text.charCodeAt(i + k);
            const hex = isDigit(h) || (h >= 65 && h <= 70) || (h >= 97 && h <= 102);
            if (!hex) throw new ScanError('invalid \\u escape in string (expected 4 hex digits)', i);
          }
          i += 6;
          continue;
        }
        if (SIMPLE_ESCAPES.has(e)) {
          i += 2;
          continue;
        }
        if (i + 1 >= n) throw new ScanError('unterminated string (missing closing ")', start);
        throw new ScanError(`invalid escape sequence '\\${text[i + 1]}' in string`, i);
      }
      if (c < 0x20) {
        throw new ScanError(
          `${describeChar(text, i)} inside a string (line breaks and tabs must be escaped)`,
          i,
        );
      }
      i++;
    }
    i++;
  };
  const readNumber = (): void => {
    const start = i;
    if (text.charCodeAt(i) === 0x2d) i++;
    const d0 = text.charCodeAt(i);
    if (d0 === 0x30) i++;
    else if (d0 >= 0x31 && d0 <= 0x39) {
      while (i < n && isDigit(text.charCodeAt(i))) i++;
    } else throw new ScanError('invalid number', start);
    if (text.charCodeAt(i) === 0x2e) {
      i++;
      if (!isDigit(text.charCodeAt(i))) throw new ScanError('invalid number (digit expected after ".")', i);
      while (i < n && isDigit(text.charCodeAt(i))) i++;
    }
    const e = text.charCodeAt(i);
    if (e === 0x65 || e === 0x45) {
      i++;
      const s = text.charCodeAt(i);
      if (s === 0x2b || s === 0x2d) i++;
      if (!isDigit(text.charCodeAt(i))) throw new ScanError('invalid number (digit expected in exponent)', i);
      while (i < n && isDigit(text.charCodeAt(i))) i++;
    }
    if (i < n && isDigit(text.charCodeAt(i))) throw new ScanError('invalid number (leading zero)', start);
  };
  const readLiteral = (word: string): void => {
    if (!text.startsWith(word, i)) throw new ScanError(`invalid literal (did you mean ${word}?)`, i);
    i += word.length;
  };
  /** Reads one value; returns the container kind it opens, if any. */
  const readValue = (): 'object' | 'array' | undefined => {
    const c = text.charCodeAt(i);
    if (c === 0x7b) {
      i++;
      return 'object';
    }
    if (c === 0x5b) {
      i++;
      return 'array';
    }
    if (c === 0x22) readString();
    else if (c === 0x74) readLiteral('true');
    else if (c === 0x66) readLiteral('false');
    else if (c === 0x6e) readLiteral('null');
    else if (c === 0x2d || isDigit(c)) readNumber();
    else if (i >= n) throw new ScanError('unexpected end of input (expected a JSON value)', i);
    else if (c === 0x27) throw new ScanError('strings must be in double quotes, found a single quote', i);
    else throw new ScanError(`unexpected ${describeChar(text, i)} (expected a JSON value)`, i);
    return undefined;
  };

  const stack: { kind: 'object' | 'array'; count: number; openedAt: number }[] = [];
  const open = (kind: 'object' | 'array' | undefined, at: number): void => {
    if (kind) stack.push({ kind, count: 0, openedAt: at });
  };

  skipWs();
  if (i >= n) throw new ScanError('empty input (expected a JSON value)', i);
  open(readValue(), i - 1);
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    skipWs();
    if (i >= n) {
      const bracket = frame.kind === 'object' ? "'{'" : "'['";
      throw new ScanError(`unexpected end of input: ${bracket} opened here is never closed`, frame.openedAt);
    }
    const close = frame.kind === 'object' ? 0x7d : 0x5d;
    if (text.charCodeAt(i) === close) {
      i++;
      stack.pop();
      continue;
    }
    if (frame.count > 0) {
      if (text.charCodeAt(i) !== 0x2c) {
        const what =
          frame.kind === 'object' ? "',' or '}' after a property value" : "',' or ']' after an array element";
        throw new ScanError(`expected ${what}, found ${describeChar(text, i)}`, i);
      }
      i++;
      skipWs();
      if (text.charCodeAt(i) === close) throw new ScanError(`trailing comma before '${text[i]}'`, i);
      if (i >= n) continue; // reported as never closed
    }
    frame.count++;
    if (frame.kind === 'object') {
      if (text.charCodeAt(i) !== 0x22) {
        const found = text.charCodeAt(i) === 0x27 ? 'a single quote' : describeChar(text, i);
        throw new ScanError(`expected a property name in double quotes, found ${found}`, i);
      }
      readString();
      skipWs();
      if (text.charCodeAt(i) !== 0x3a) {
        throw new ScanError(`expected ':' after a property name, found ${describeChar(text, i)}`, i);
      }
      i++;
      skipWs();
    }
    const at = i;
    open(readValue(), at);
  }
  skipWs();
  if (i < n) throw new ScanError(`unexpected ${describeChar(text, i)} after the end of the JSON value`, i);
}

function explainSyntaxError(text: string, file: string | undefined, cause: unknown): LocatedSyntaxError {
  try {
    validateJson(text);
  } catch (e) {
    if (e instanceof ScanError) {
      const at = new LineTable(text).position(e.offset);
      return new LocatedSyntaxError(e.reason, { ...at, offset: e.offset }, file);
    }
  }
  // The validator accepted what JSON.parse rejected (should not happen): keep the native message.
  const detail = cause instanceof Error ? cause.message : String(cause);
  return new LocatedSyntaxError(detail, { line: 1, column: 1, offset: 0 }, file);
}

// ---------------------------------------------------------------------------------------
// Position index over valid JSON: a flat tree in typed arrays (no per-value objects), with
// per-container child tables built only for containers that lookups actually visit.

const SCALAR = 0;
const OBJECT = 1;
const ARRAY = 2;

class PositionIndex {
  private count = 0;
  private offset: Int32Array;
  private keyAt: Int32Array;
  private firstChild: Int32Array;
  private nextSibling: Int32Array;
  private kind: Uint8Array;
  private readonly lines: LineTable;
  private readonly childTables = new Map<number, Int32Array | Map<string, number>>();

  constructor(private readonly text: string) {
    const cap = Math.max(16, text.length >>> 4);
    this.offset = new Int32Array(cap);
    this.keyAt = new Int32Array(cap);
    this.firstChild = new Int32Array(cap);
    this.nextSibling = new Int32Array(cap);
    this.kind = new Uint8Array(cap);
    this.build();
    this.lines = new LineTable(text);
  }

  private grow(): void {
    const cap = this.offset.length * 2;
    const g32 = (a: Int32Array): Int32Array => {
      const b = new Int32Array(cap);
      b.set(a);
      return b;
    };
    this.offset = g32(this.offset);
    this.keyAt = g32(this.keyAt);
    this.firstChild = g32(this.firstChild);
    this.nextSibling = g32(this.nextSibling);
    const k = new Uint8Array(cap);
    k.set(this.kind);
    this.kind = k;
  }

  /** Offset just past the string whose opening quote is at `i` (text is valid JSON). */
  private skipString(i: number): number {
    const text = this.text;
    let j = text.indexOf('"', i + 1);
    for (;;) {
      let bs = 0;
      while (text.charCodeAt(j - 1 - bs) === 0x5c) bs++;
      if ((bs & 1) === 0) return j + 1;
      j = text.indexOf('"', j + 1);
    }
  }

  private build(): void {
    const text = this.text;
    const n = text.length;
    let i = 0;
    const parents: number[] = [];
    const lastChild: number[] = [];
    let pendingKey = -1;
    while (i < n && isWs(text.charCodeAt(i))) i++;
    for (;;) {
      // A value starts at i.
      if (this.count === this.offset.length) this.grow();
      const id = this.count++;
      const c = text.charCodeAt(i);
      this.offset[id] = i;
      this.keyAt[id] = pendingKey;
      this.firstChild[id] = -1;
      this.nextSibling[id] = -1;
      const depth = parents.length;
      if (depth > 0) {
        const prev = lastChild[depth - 1]!;
        if (prev < 0) this.firstChild[parents[depth - 1]!] = id;
        else this.nextSibling[prev] = id;
        lastChild[depth - 1] = id;
      }
      let opened = false;
      if (c === 0x7b || c === 0x5b) {
        this.kind[id] = c === 0x7b ? OBJECT : ARRAY;
        parents.push(id);
        lastChild.push(-1);
        i++;
        opened = true;
      } else {
        this.kind[id] = SCALAR;
        if (c === 0x22) i = this.skipString(i);
        else {
          while (i < n) {
            const d = text.charCodeAt(i);
            if (d === 0x2c || d === 0x7d || d === 0x5d || isWs(d)) break;
            i++;
          }
        }
      }
      // Move to the start of the next value, closing containers on the way.
      let first = opened;
      for (;;) {
        while (i < n && isWs(text.charCodeAt(i))) i++;
        if (parents.length === 0) return;
        const d = text.charCodeAt(i);
        if (d === 0x7d || d === 0x5d) {
          parents.pop();
          lastChild.pop();
          i++;
          first = false;
          continue;
        }
        if (!first) {
          i++; // the comma
          while (i < n && isWs(text.charCodeAt(i))) i++;
        }
        break;
      }
      if (this.kind[parents[parents.length - 1]!] === OBJECT) {
        pendingKey = i;
        i = this.skipString(i);
        while (i < n && text.charCodeAt(i) !== 0x3a) i++;
        i++;
        while (i < n && isWs(text.charCodeAt(i))) i++;
      } else pendingKey = -1;
    }
  }

  private keyOf(id: number): string {
    const at = this.keyAt[id]!;
    const end = this.skipString(at);
    const raw = this.text.slice(at + 1, end - 1);
    return raw.includes('\\') ? (JSON.parse(this.text.slice(at, end)) as string) : raw;
  }

  private children(id: number): Int32Array | Map<string, number> {
    let table = this.childTables.get(id);
    if (table) return table;
    if (this.kind[id] === ARRAY) {
      const ids: number[] = [];
      for (let c = this.firstChild[id]!; c >= 0; c = this.nextSibling[c]!) ids.push(c);
      table = Int32Array.from(ids);
    } else {
      const map = new Map<string, number>();
      for (let c = this.firstChild[id]!; c >= 0; c = this.nextSibling[c]!) map.set(this.keyOf(c), c);
      table = map;
    }
    this.childTables.set(id, table);
    return table;
  }

  locate(pointer: string): { line: number; column: number } | undefined {
    const tokens = parsePointer(pointer);
    if (!tokens || this.count === 0) return undefined;
    let id = 0;
    for (const t of tokens) {
      const k = this.kind[id];
      if (k === SCALAR) return undefined;
      const table = this.children(id);
      let next: number | undefined;
      if (table instanceof Map) next = table.get(t);
      else if (/^(0|[1-9][0-9]*)$/.test(t)) next = table[Number(t)];
      if (next === undefined) return undefined;
      id = next;
    }
    return this.lines.position(this.offset[id]!);
  }
}

/** Decodes an RFC 6901 JSON pointer into reference tokens; undefined when malformed. */
export function parsePointer(pointer: string): string[] | undefined {
  if (pointer === '') return [];
  if (pointer[0] !== '/') return undefined;
  return pointer
    .slice(1)
    .split('/')
    .map((t) => (t.includes('~') ? t.replace(/~1/g, '/').replace(/~0/g, '~') : t));
}
