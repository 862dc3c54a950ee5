// Located JSON: pointer → line:column for every value, syntax errors with positions, BOMs and
// UTF-16, consistency on the real-world corpus and on generated JSON, speed on big plans.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { childPointer } from '../src/model/source.js';
import {
  decodeJsonBytes,
  LocatedSyntaxError,
  parseLocatedJson,
  parsePointer,
} from '../src/policy/located-json.js';
import { positionOf } from './policy-test-helpers.js';

const CORPUS = join(import.meta.dirname, '..', '..', 'shared', 'corpus');

/** Offsets where lines start (`\n`, `\r\n`, lone `\r`), computed independently of the module. */
function lineStarts(text: string): number[] {
  const starts = [0];
  const re = /\r\n|\r|\n/g;
  for (let m = re.exec(text); m; m = re.exec(text)) starts.push(m.index + m[0].length);
  return starts;
}

/** Offset of a 1-based line:column in `text`. */
function offsetOf(text: string, line: number, column: number, starts = lineStarts(text)): number {
  return starts[line - 1]! + column - 1;
}

/** The character a value of this kind starts with. */
function firstCharOk(v: unknown, c: string): boolean {
  if (v === null) return c === 'n';
  if (v === true) return c === 't';
  if (v === false) return c === 'f';
  if (typeof v === 'number') return c === '-' || (c >= '0' && c <= '9');
  if (typeof v === 'string') return c === '"';
  if (Array.isArray(v)) return c === '[';
  return c === '{';
}

/** Visits every value with its pointer; checks locate() points at its first character. */
function checkAllPositions(text: string, body: string = text): number {
  const { value, locate } = parseLocatedJson(text);
  const starts = lineStarts(body);
  let count = 0;
  const wrong: string[] = [];
  const visit = (v: unknown, pointer: string): void => {
    const at = locate(pointer);
    const c = at ? body[offsetOf(body, at.line, at.column, starts)] : undefined;
    if (!at || c === undefined || !firstCharOk(v, c)) wrong.push(`${pointer} → ${JSON.stringify(at)} '${c}'`);
    count++;
    if (Array.isArray(v)) {
      v.forEach((x, i) => {
        visit(x, childPointer(pointer, i));
      });
    } else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) visit(x, childPointer(pointer, k));
    }
  };
  visit(value, '');
  expect(wrong.slice(0, 5)).toEqual([]);
  return count;
}

describe('parseLocatedJson positions', () => {
  const text = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["s3:GetObject", "s3:PutObject"],
      "Resource": "arn:aws:s3:::b/*",
      "Condition": { "Bool": { "aws:SecureTransport": true } }
    }
  ],
  "a/b": { "c~d": 1 }
}`;
  const { value, locate } = parseLocatedJson(text, 'p.json');

  it('returns the same value as JSON.parse', () => {
    expect(value).toEqual(JSON.parse(text));
  });

  it('locates the root, members and array elements at the first character of the value', () => {
    expect(locate('')).toEqual({ line: 1, column: 1 });
    expect(locate('/Version')).toEqual(positionOf(text, '"2012-10-17"'));
    expect(locate('/Statement')).toEqual(positionOf(text, '['));
    expect(locate('/Statement/0')).toEqual(positionOf(text, '{', 1));
    expect(locate('/Statement/0/Action/1')).toEqual(positionOf(text, '"s3:PutObject"'));
    expect(locate('/Statement/0/Condition/Bool/aws:SecureTransport')).toEqual(positionOf(text, 'true'));
  });

  it('decodes RFC 6901 escapes (~1 for /, ~0 for ~)', () => {
    expect(locate('/a~1b/c~0d')).toEqual(positionOf(text, '1 }'));
  });

  it('returns undefined for pointers that address nothing', () => {
    expect(locate('/Nope')).toBeUndefined();
    expect(locate('/Statement/1')).toBeUndefined();
    expect(locate('/Statement/01')).toBeUndefined();
    expect(locate('/Version/0')).toBeUndefined();
    expect(locate('Version')).toBeUndefined();
  });

  it('parses pointers', () => {
    expect(parsePointer('')).toEqual([]);
    expect(parsePointer('/a~1b/~0/0')).toEqual(['a/b', '~', '0']);
    expect(parsePointer('a')).toBeUndefined();
  });

  it('skips a UTF-8 byte-order mark and counts columns after it', () => {
    const withBom = `\uFEFF{"a": [1, 2]}`;
    const r = parseLocatedJson(withBom);
    expect(r.value).toEqual({ a: [1, 2] });
    expect(r.locate('/a/1')).toEqual({ line: 1, column: 11 });
  });

  it('counts \\r\\n and lone \\r as line ends', () => {
    const crlf = '{\r\n  "a": 1,\r  "b": 2\n}';
    const r = parseLocatedJson(crlf);
    expect(r.locate('/a')).toEqual({ line: 2, column: 8 });
    expect(r.locate('/b')).toEqual({ line: 3, column: 8 });
  });

  it('keeps the last of duplicate keys, like JSON.parse', () => {
    const dup = '{"a": 1,\n "a": 2}';
    const r = parseLocatedJson(dup);
    expect(r.value).toEqual({ a: 2 });
    expect(r.locate('/a')).toEqual({ line: 2, column: 7 });
  });

  it('handles escaped quotes and backslashes inside strings and keys', () => {
    const t = '{"k\\"ey": "va\\\\", "x\\u0041": ["\\\\\\"", 5]}';
    const r = parseLocatedJson(t);
    expect(r.value).toEqual(JSON.parse(t));
    expect(r.locate('/k"ey')).toEqual({ line: 1, column: 11 });
    expect(r.locate('/xA/1')).toEqual({ line: 1, column: t.indexOf('5') + 1 });
  });

  it('locates values nested to the document depth limit, and rejects deeper ones at their place', () => {
    const depth = 100;
    const t = `${'['.repeat(depth)}1${']'.repeat(depth)}`;
    const r = parseLocatedJson(t);
    expect(r.locate(`/0`.repeat(depth))).toEqual({ line: 1, column: depth + 1 });
    // Deeper documents (built to exhaust the recursive walkers that follow) are a located error.
    const deep = `${'['.repeat(20000)}1${']'.repeat(20000)}`;
    expect(() => parseLocatedJson(deep, 'deep.json')).toThrow(
      /deep\.json:1:101: invalid JSON: arrays and objects nested more than 100 levels deep/,
    );
  });
});

describe('LocatedSyntaxError', () => {
  const cases: [string, string, RegExp][] = [
    ['trailing comma', '{\n  "a": 1,\n}', /trailing comma/],
    ['missing colon', '{\n  "a" 1\n}', /expected ':'/],
    ['missing comma', '[1\n 2]', /expected ',' or '\]'/],
    ['raw line break in a string', '{"a": "x\ny"}', /inside a string/],
    ['single quotes', "{'a': 1}", /double quotes/],
    ['unclosed object', '{"a": [1]', /never closed/],
    ['bad literal', '{"a": tru}', /invalid literal/],
    ['garbage after the value', '{} x', /after the end/],
    ['empty input', '   ', /empty input/],
  ];
  for (const [name, text, reason] of cases) {
    it(`reports ${name} with file, line and column`, () => {
      let err: unknown;
      try {
        parseLocatedJson(text, 'bad.json');
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(LocatedSyntaxError);
      const e = err as LocatedSyntaxError;
      expect(e.file).toBe('bad.json');
      expect(e.reason).toMatch(reason);
      expect(e.message).toBe(`bad.json:${e.line}:${e.column}: invalid JSON: ${e.reason}`);
      expect(offsetOf(text, e.line, e.column)).toBe(e.offset);
    });
  }

  it('points at the offending character', () => {
    const text = '{\n  "Effect": "Allow",\n  "Action": "s3:*",\n}';
    try {
      parseLocatedJson(text, 'p.json');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(LocatedSyntaxError);
      expect({ line: (e as LocatedSyntaxError).line, column: (e as LocatedSyntaxError).column }).toEqual(
        positionOf(text, '}'),
      );
    }
  });

  it('counts positions after a byte-order mark', () => {
    try {
      parseLocatedJson('\uFEFF[1,]');
      expect.unreachable();
    } catch (e) {
      expect((e as LocatedSyntaxError).column).toBe(4);
    }
  });

  it('agrees with JSON.parse on what is valid (generated strings)', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.json(),
          fc.string(),
          fc.json().map((j) => j.slice(0, -1)),
        ),
        (text) => {
          let nativeOk = true;
          try {
            JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
          } catch {
            nativeOk = false;
          }
          let ours: unknown;
          try {
            parseLocatedJson(text);
          } catch (e) {
            ours = e;
          }
          if (nativeOk) expect(ours).toBeUndefined();
          else expect(ours).toBeInstanceOf(LocatedSyntaxError);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('decodeJsonBytes', () => {
  it('decodes UTF-8 with and without a byte-order mark', () => {
    const json = '{"a":"é"}';
    const utf8 = new TextEncoder().encode(json);
    expect(decodeJsonBytes(utf8)).toBe(json);
    expect(decodeJsonBytes(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8]))).toBe(json);
  });

  it('decodes UTF-16 LE and BE, with a byte-order mark or detected from zero bytes', () => {
    const json = '{"a":1}';
    const le = new Uint8Array(json.length * 2);
    const be = new Uint8Array(json.length * 2);
    for (let i = 0; i < json.length; i++) {
      le[2 * i] = json.charCodeAt(i);
      be[2 * i + 1] = json.charCodeAt(i);
    }
    expect(decodeJsonBytes(new Uint8Array([0xff, 0xfe, ...le]))).toBe(json);
    expect(decodeJsonBytes(new Uint8Array([0xfe, 0xff, ...be]))).toBe(json);
    expect(decodeJsonBytes(le)).toBe(json);
    expect(decodeJsonBytes(be)).toBe(json);
  });

  it('reads the UTF-16LE plan of the corpus', () => {
    const dir = join(CORPUS, 'tfplan', 'non-utf8');
    for (const f of readdirSync(dir)) {
      const text = decodeJsonBytes(readFileSync(join(dir, f)));
      const { value } = parseLocatedJson(text, f);
      expect(value).toHaveProperty('format_version');
    }
  });
});

describe('positions are consistent', () => {
  it('on generated JSON printed with different layouts', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom(0, 1, 2, '\t', ' \r\n '), (v, indent) => {
        const text =
          typeof indent === 'string' && indent.includes('\r')
            ? JSON.stringify(v, null, 1).replace(/\n/g, '\r\n')
            : JSON.stringify(v, null, indent);
        checkAllPositions(text);
      }),
      { numRuns: 300 },
    );
  });

  it('on every JSON file of the corpus', () => {
    const files: string[] = [];
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        const p = join(dir, name);
        if (statSync(p).isDirectory()) {
          if (name !== 'non-utf8') walk(p);
        } else if (name.endsWith('.json')) files.push(p);
      }
    };
    walk(CORPUS);
    expect(files.length).toBeGreaterThan(20);
    let values = 0;
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
      values += checkAllPositions(text, body);
    }
    expect(values).toBeGreaterThan(10000);
  });
});
