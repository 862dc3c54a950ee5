// String and encoding functions that need more than a line: regular expressions (RE2 syntax,
// run by re2js, a port of RE2 that matches in time linear in the input, as Terraform's own Go
// regexp does), replace with a /regex/, csvdecode, urlencode, text encodings, YAML, uuidv5,
// parseint, title and trim. Each follows its Terraform language function page
// (https://developer.hashicorp.com/terraform/language/functions/regex and the others).
// Also replace, trimprefix, trimsuffix, regex and regexall of a partly known string (a name with
// `(unknown-…)` parts, model/stand-ins.ts): `partlyKnownTextCall`; regex, regexall and replace
// with a /regex/ of a template with an unknown interpolation: `partlyKnownTemplateRegex`.

import { createHash } from '../../../lazy-builtins.js';
import { createRequire } from 'node:module';
import type { RE2JS } from 're2js';
import { re2 } from './re2.js';
import { FnError, FnUnknown, graphemes } from './fn-core.js';
import { isObject, type TfObject } from './values.js';
import { hasUnknownNamePart, holdsStandInText, UNKNOWN_NAME_PART_OPEN } from '../../../model/stand-ins.js';
import { concatMaybe, isPartlyKnown } from '../../../model/unknown.js';
import { headMatch } from './fn-regex-head.js';
import {
  mayMeetUnknown,
  pieces,
  splitAroundUnknownParts,
  type UnknownPart,
} from '../../unknown-part-text.js';

let yamlModule: typeof import('yaml') | undefined;
/** The `yaml` package, required on the first yamldecode/yamlencode (most configurations use neither). */
function yaml(): typeof import('yaml') {
  yamlModule ??= createRequire(import.meta.url)('yaml') as typeof import('yaml');
  return yamlModule;
}

/** Longest pattern and input regex functions accept (RE2 is linear, but inputs stay bounded). */
const MAX_REGEX_INPUT = 1_000_000;

function compile(pattern: string): RE2JS {
  if (pattern.length > 10_000) throw new FnError('regular expression too long');
  try {
    return re2().compile(pattern);
  } catch (e) {
    throw new FnError(`invalid regular expression pattern: ${(e as Error).message}`);
  }
}

/** What one match gives: the match, the list of unnamed groups, or the map of named groups. */
function matchResult(re: RE2JS, m: ReturnType<RE2JS['matcher']>): unknown {
  const count = m.groupCount();
  if (count === 0) return m.group(0);
  const named = re.namedGroups() as Record<string, number>;
  const names = Object.keys(named);
  if (names.length && names.length !== count)
    throw new FnError('invalid regular expression pattern: cannot mix both named and unnamed capture groups');
  const group = (i: number) => {
    const g = m.group(i);
    return g === null || g === undefined ? null : g;
  };
  if (names.length) {
    const out: TfObject = {};
    for (const n of names) out[n] = group(named[n]!);
    return out;
  }
  return Array.from({ length: count }, (_x, i) => group(i + 1));
}

/** regex(pattern, string): the first match ("raises an error if there is no match"). */
export function regex(pattern: string, s: string): unknown {
  if (s.length > MAX_REGEX_INPUT) throw new FnUnknown('regex: input too long');
  const re = compile(pattern);
  const m = re.matcher(s);
  if (!m.find()) throw new FnError('pattern did not match any part of the given string');
  return matchResult(re, m);
}

/** regexall(pattern, string): every non-overlapping match. */
export function regexall(pattern: string, s: string): unknown[] {
  if (s.length > MAX_REGEX_INPUT) throw new FnUnknown('regexall: input too long');
  const re = compile(pattern);
  const m = re.matcher(s);
  const out: unknown[] = [];
  while (m.find()) out.push(matchResult(re, m));
  return out;
}

/** Go's regexp Expand: $1, ${1}, $name, ${name}, $$. */
function expand(template: string, m: ReturnType<RE2JS['matcher']>, named: Record<string, number>): string {
  return template.replace(
    /\$(\$|\{([A-Za-z0-9_]+)\}|([A-Za-z0-9_]+))/g,
    (_all, what: string, braced?: string, bare?: string) => {
      if (what === '$') return '$';
      const name = braced ?? bare!;
      const idx = /^\d+$/.test(name) ? Number(name) : named[name];
      if (idx === undefined || idx > m.groupCount()) return '';
      return m.group(idx) ?? '';
    },
  );
}

/** replace(string, substring, replacement): a "/regex/" substring is a regular expression. */
export function replace(s: string, from: string, to: string): string {
  if (from.length > 1 && from.startsWith('/') && from.endsWith('/')) {
    if (s.length > MAX_REGEX_INPUT) throw new FnUnknown('replace: input too long');
    const re = compile(from.slice(1, -1));
    const named = re.namedGroups() as Record<string, number>;
    const m = re.matcher(s);
    let out = '';
    let last = 0;
    while (m.find()) {
      out += s.slice(last, m.start()) + expand(to, m, named);
      last = m.end();
    }
    return out + s.slice(last);
  }
  if (from === '') return s.split('').join(to).replace(/^/, to) + to;
  return s.split(from).join(to);
}

/** csvdecode: RFC 4180 CSV with a header row, to a list of maps of strings. */
export function csvdecode(text: string): TfObject[] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  let fieldStarted = false;
  while (i < text.length) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      field += c;
      i++;
      continue;
    }
    if (c === '"' && !fieldStarted) {
      quoted = true;
      fieldStarted = true;
      i++;
      continue;
    }
    if (c === ',') {
      row.push(field);
      field = '';
      fieldStarted = false;
      i++;
      continue;
    }
    if (c === '\n' || (c === '\r' && text[i + 1] === '\n')) {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      fieldStarted = false;
      i += c === '\r' ? 2 : 1;
      continue;
    }
    field += c;
    fieldStarted = true;
    i++;
  }
  if (quoted) throw new FnError('csvdecode: extraneous or missing " in quoted-field');
  if (fieldStarted || row.length) {
    row.push(field);
    rows.push(row);
  }
  const data = rows.filter((r) => !(r.length === 1 && r[0] === ''));
  if (!data.length) throw new FnError('missing header line');
  const header = data[0]!;
  return data.slice(1).map((r, n) => {
    if (r.length !== header.length)
      throw new FnError(`csvdecode: record on line ${n + 2}: wrong number of fields`);
    const o: TfObject = {};
    header.forEach((h, j) => {
      o[h] = r[j];
    });
    return o;
  });
}

/** Go's url.QueryEscape: letters, digits and -_.~ stay, space is "+", the rest %XX of UTF-8. */
export function urlencode(s: string): string {
  let out = '';
  for (const byte of Buffer.from(s, 'utf8')) {
    const c = String.fromCharCode(byte);
    if (/[A-Za-z0-9\-_.~]/.test(c)) out += c;
    else if (c === ' ') out += '+';
    else out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

const BUFFER_ENCODINGS: Record<string, BufferEncoding> = {
  'utf-8': 'utf8',
  utf8: 'utf8',
  'utf-16le': 'utf16le',
  'iso-8859-1': 'latin1',
  latin1: 'latin1',
  'us-ascii': 'ascii',
  ascii: 'ascii',
};

/** textencodebase64(string, encoding): the string encoded in an IANA character set, in Base64. */
export function textencodebase64(s: string, encoding: string): string {
  const enc = BUFFER_ENCODINGS[encoding.toLowerCase()];
  if (enc) {
    if (
      (enc === 'latin1' || enc === 'ascii') &&
      [...s].some((c) => c.codePointAt(0)! > (enc === 'ascii' ? 127 : 255))
    )
      throw new FnError(`the given string contains characters that cannot be represented in ${encoding}`);
    return Buffer.from(s, enc).toString('base64');
  }
  if (encoding.toLowerCase() === 'utf-16be') {
    const le = Buffer.from(s, 'utf16le');
    for (let i = 0; i + 1 < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1]!, le[i]!];
    return le.toString('base64');
  }
  throw new FnUnknown(`textencodebase64: the encoding ${encoding} is not available offline to iamspec`);
}

/** textdecodebase64(source, encoding). */
export function textdecodebase64(source: string, encoding: string): string {
  const bytes = base64Bytes(source);
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch (e) {
    if (e instanceof RangeError)
      throw new FnUnknown(`textdecodebase64: the encoding ${encoding} is not available offline to iamspec`);
    throw new FnError(`the given value is not valid ${encoding} text`);
  }
}

/** Strict Base64 (RFC 4648, with padding), as Terraform's base64decode requires. */
export function base64Bytes(s: string): Buffer {
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(s))
    throw new FnError('failed to decode base64 data: the string is not valid Base64');
  return Buffer.from(s, 'base64');
}

/** base64decode: the bytes must be UTF-8 text. */
export function base64decode(s: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(base64Bytes(s));
  } catch (e) {
    if (e instanceof FnError) throw e;
    throw new FnError('the result of decoding the provided string is not valid UTF-8');
  }
}

/** yamldecode: one YAML document to a value (a stream of several is an error). */
export function yamldecode(s: string): unknown {
  try {
    const v = yaml().parse(s, { maxAliasCount: 100, uniqueKeys: true });
    return v === undefined ? null : v;
  } catch (e) {
    throw new FnError(`yamldecode: ${(e as Error).message.split('\n')[0]}`);
  }
}

/** yamlencode: YAML 1.2 block style, map keys sorted. */
export function yamlencode(v: unknown): string {
  const sorted = (x: unknown): unknown => {
    if (Array.isArray(x)) return x.map(sorted);
    if (isObject(x)) {
      const o: TfObject = {};
      for (const k of Object.keys(x).sort()) o[k] = sorted(x[k]);
      return o;
    }
    return x === undefined ? null : x;
  };
  return yaml().stringify(sorted(v), {
    lineWidth: 0,
    defaultStringType: 'QUOTE_DOUBLE',
    defaultKeyType: 'PLAIN',
    nullStr: 'null',
  });
}

const NAMESPACES: Record<string, string> = {
  dns: '6ba7b810-9dad-11d1-80b4-00c04fd430c8',
  url: '6ba7b811-9dad-11d1-80b4-00c04fd430c8',
  oid: '6ba7b812-9dad-11d1-80b4-00c04fd430c8',
  x500: '6ba7b814-9dad-11d1-80b4-00c04fd430c8',
};

/** uuidv5(namespace, name): RFC 4122 name-based UUID (SHA-1). */
export function uuidv5(namespace: string, name: string): string {
  const ns = NAMESPACES[namespace] ?? namespace;
  if (!/^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$/.test(ns))
    throw new FnError(`uuidv5: namespace ${JSON.stringify(namespace)} is not a UUID or dns, url, oid, x500`);
  const bytes = Buffer.from(ns.replace(/-/g, ''), 'hex');
  const h = createHash('sha1').update(bytes).update(name, 'utf8').digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

const DIGITS = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** parseint(string, base): bases 2 to 62 (above 36, lowercase letters before uppercase). */
export function parseint(s: string, base: number): number {
  if (!Number.isInteger(base) || base < 2 || base > 62)
    throw new FnError('base must be a whole number between 2 and 62 inclusive');
  const m = /^([+-]?)(.+)$/.exec(s);
  if (!m) throw new FnError(`cannot parse ${JSON.stringify(s)} as a base ${base} integer`);
  let n = 0n;
  for (const c of m[2]!) {
    let d = DIGITS.indexOf(c);
    if (base <= 36 && d >= 36) d -= 26;
    if (d < 0 || d >= base) throw new FnError(`cannot parse ${JSON.stringify(s)} as a base ${base} integer`);
    n = n * BigInt(base) + BigInt(d);
  }
  return Number(m[1] === '-' ? -n : n);
}

/** title: the first letter of each word in uppercase (Unicode letters; words split by non-letters). */
export function title(s: string): string {
  let prev = ' ';
  let out = '';
  for (const c of s) {
    const letterLike = /[\p{L}\p{N}_'’]/u.test(prev);
    out += !letterLike && /\p{L}/u.test(c) ? c.toUpperCase() : c;
    prev = c;
  }
  return out;
}

/** trim(string, cutset): every leading and trailing character that is in the cutset. */
export function trim(s: string, cutset: string): string {
  const set = new Set([...cutset]);
  const chars = [...s];
  let a = 0;
  let b = chars.length;
  while (a < b && set.has(chars[a]!)) a++;
  while (b > a && set.has(chars[b - 1]!)) b--;
  return chars.slice(a, b).join('');
}

/** substr(string, offset, length) in grapheme clusters; negative offset from the end, length -1 = rest. */
export function substr(s: string, offset: number, length: number): string {
  const g = graphemes(s);
  let off = offset;
  if (off < 0) off = g.length + off;
  if (off < 0 || off > g.length) throw new FnError('offset out of range');
  if (length === -1) return g.slice(off).join('');
  if (length < 0) throw new FnError('length must be -1 or a positive number');
  return g.slice(off, off + length).join('');
}

/** indent(spaces, string): every line but the first gets the spaces (each newline is followed by them). */
export function indent(spaces: number, s: string): string {
  return s.split('\n').join(`\n${' '.repeat(spaces)}`);
}

/** `ps` written back, each known piece through `known`; undefined when that would make up an unknown part. */
function rebuild(ps: (string | UnknownPart)[], map: (k: string, i: number) => string): string | undefined {
  const mapped = ps.map((p, i) => (typeof p === 'string' ? map(p, i) : p.text));
  if (mapped.some((p, i) => i % 2 === 0 && (p.includes('(') || p.includes(')')) && p !== ps[i]))
    return undefined;
  return mapped.join('');
}

/**
 * replace, trimprefix and trimsuffix of a string with unknown name parts (`s`; the other
 * arguments known), and split, substr and index (below): the result with the same unknown parts where it is the same for every text
 * the parts may be, else undefined (the caller's unknown). replace of a literal substring: when
 * no occurrence can take a character of an unknown part, or span one that may be empty, every
 * occurrence lies in known text and is replaced there; a /regex/ substring, and regex and
 * regexall, where the match is fixed by the text before the first part (`partlyKnownRegex`,
 * fn-regex-head.ts), else unknown (a pattern may match inside the part). trimprefix / trimsuffix: when the known text at that end
 * decides whether the string begins / ends with the prefix / suffix.
 */
export function partlyKnownTextCall(name: string, args: unknown[]): unknown {
  if (name === 'regex' || name === 'regexall' || isRegexReplace(name, args))
    return partlyKnownRegex(name, args);
  if (name === 'split') return partlyKnownSplit(args);
  if (name === 'substr') return partlyKnownSubstr(args);
  if (name === 'index') return partlyKnownIndexOf(args);
  const [s, a, b] = args;
  if (typeof s !== 'string' || typeof a !== 'string') return undefined;
  if (a.includes(UNKNOWN_NAME_PART_OPEN) || a.length > 1_000) return undefined;
  const ps = pieces(s);
  if (ps.length === 1) return undefined;
  if (name === 'replace') {
    if (args.length !== 3 || typeof b !== 'string' || b.includes('(') || b.includes(')')) return undefined;
    if (a === '' || (a.length > 1 && a.startsWith('/') && a.endsWith('/'))) return undefined;
    if (mayMeetUnknown(ps, a)) return undefined;
    return rebuild(ps, (k) => k.split(a).join(b));
  }
  if (args.length !== 2 || a === '') return args.length === 2 ? s : undefined;
  if (name === 'trimprefix') {
    const first = ps[0] as string;
    if (first.startsWith(a)) return rebuild(ps, (k, i) => (i === 0 ? k.slice(a.length) : k));
    if (!a.startsWith(first)) return s;
    const next = ps[1] as UnknownPart;
    return next.nonEmpty && next.excludes.includes(a[first.length]!) ? s : undefined;
  }
  if (name === 'trimsuffix') {
    const lastAt = ps.length - 1;
    const last = ps[lastAt] as string;
    if (last.endsWith(a)) return rebuild(ps, (k, i) => (i === lastAt ? k.slice(0, k.length - a.length) : k));
    if (!a.endsWith(last)) return s;
    const prev = ps[lastAt - 1] as UnknownPart;
    return prev.nonEmpty && prev.excludes.includes(a[a.length - last.length - 1]!) ? s : undefined;
  }
  return undefined;
}

/** Is this call `replace(s, "/re/", x)`, the regex form? */
function isRegexReplace(name: string, args: unknown[]): boolean {
  const from = args[1];
  return (
    name === 'replace' &&
    typeof from === 'string' &&
    from.length > 1 &&
    from.startsWith('/') &&
    from.endsWith('/')
  );
}

/**
 * regex, regexall and replace with a /regex/ (`name`, `args` as Terraform takes them) of a string
 * that is `head` then unknown text (`part`: the unknown name part right after it; undefined: any
 * text), as fn-regex-head.ts `headMatch` proves: the result on the head, for replace `head`
 * replaced then `rest` as it is (`join` puts them together); undefined when not proved.
 */
function regexOnHead<T>(
  name: string,
  args: unknown[],
  head: string,
  part: UnknownPart | undefined,
  join: (newHead: string) => T,
): unknown {
  if (name === 'replace') {
    const [, from, to] = args;
    if (args.length !== 3 || typeof from !== 'string' || typeof to !== 'string') return undefined;
    if (!headMatch(from.slice(1, -1), head, true, part)) return undefined;
    const out = replace(head, from, to);
    // never make up text that reads as an unknown part
    if (out !== head && (out.includes('(') || out.includes(')'))) return undefined;
    return join(out);
  }
  const [pattern] = args;
  if (args.length !== 2 || typeof pattern !== 'string') return undefined;
  const hm = headMatch(pattern, head, name === 'regexall', part);
  if (!hm) return undefined;
  if (name === 'regexall') return regexall(pattern, head);
  return hm.start === undefined ? undefined : regex(pattern, head);
}

/**
 * regex / regexall / replace(s, "/re/", x) of a string with unknown name parts: known where the
 * match lies in the text before the first part and no text the part may be can change it
 * (fn-regex-head.ts); else undefined.
 */
function partlyKnownRegex(name: string, args: unknown[]): unknown {
  const s = name === 'replace' ? args[0] : args[1];
  const pattern = name === 'replace' ? args[1] : args[0];
  if (typeof s !== 'string' || typeof pattern !== 'string' || pattern.includes(UNKNOWN_NAME_PART_OPEN))
    return undefined;
  const ps = pieces(s);
  if (ps.length === 1) return undefined;
  const head = ps[0] as string;
  return regexOnHead(name, args, head, ps[1] as UnknownPart, (h) => h + s.slice(head.length));
}

/**
 * regex / regexall / replace(s, "/re/", x) of a template with an unknown interpolation (a
 * PartlyKnown string, `"arn:aws:sqs:us-east-1:${var.account}:q"`): decided in its known head as
 * `partlyKnownRegex`, the unknown text being any text; replace keeps the rest as it is (a
 * PartlyKnown). Undefined when the head holds a stand-in or an unknown name (their own rules
 * decide), or otherwise.
 */
export function partlyKnownTemplateRegex(name: string, args: unknown[]): unknown {
  if (name !== 'regex' && name !== 'regexall' && !isRegexReplace(name, args)) return undefined;
  const s = name === 'replace' ? args[0] : args[1];
  if (!isPartlyKnown(s) || args.some((a) => a !== s && typeof a !== 'string')) return undefined;
  const first = s.parts[0];
  if (typeof first !== 'string' || holdsStandInText(first) || hasUnknownNamePart(first)) return undefined;
  return regexOnHead(name, args, first, undefined, (h) => concatMaybe([h, ...s.parts.slice(1)]));
}

/** split(separator, s) of a string with unknown name parts: `splitAroundUnknownParts`, exact or undefined. */
function partlyKnownSplit(args: unknown[]): string[] | undefined {
  const [sep, s] = args;
  if (args.length !== 2 || typeof sep !== 'string' || typeof s !== 'string') return undefined;
  const r = splitAroundUnknownParts(sep, s);
  return r && !r.rest ? r.head : undefined;
}

/**
 * substr(s, offset, length) of a string with unknown name parts, in grapheme clusters: known when
 * the substring ends before the last cluster of the known text before the first unknown part (that
 * cluster may join what the part begins with: a combining mark), or, with length -1, starts
 * before it (the rest of the string, its unknown parts kept). A negative offset counts from an end
 * whose distance is unknown: undefined, as is anything else.
 */
function partlyKnownSubstr(args: unknown[]): string | undefined {
  const [s, offset, length] = args;
  if (args.length !== 3 || typeof s !== 'string' || typeof offset !== 'number' || typeof length !== 'number')
    return undefined;
  if (!Number.isInteger(offset) || !Number.isInteger(length) || offset < 0) return undefined;
  const ps = pieces(s);
  if (ps.length === 1) return undefined;
  const first = graphemes(ps[0] as string);
  if (length === -1) {
    if (offset >= first.length) return undefined;
    return first.slice(offset).join('') + s.slice((ps[0] as string).length);
  }
  return headSubstr(first, offset, length);
}

/**
 * substr of a string whose known text begins with the clusters `head`, unknown text after it:
 * the substring when it ends before the last cluster of `head` (which may join what follows),
 * else undefined.
 */
function headSubstr(head: readonly string[], offset: number, length: number): string | undefined {
  if (length < 0 || offset + length >= head.length) return undefined;
  return head.slice(offset, offset + length).join('');
}

/**
 * substr(s, offset, length) of a template with an unknown interpolation (a PartlyKnown string,
 * `"app-${var.x}"`) with a known length: inside its known head, as `partlyKnownSubstr`; undefined
 * when the head holds a stand-in or an unknown name (their own rules decide), or otherwise.
 */
export function partlyKnownTemplateSubstr(args: unknown[]): string | undefined {
  const [s, offset, length] = args;
  if (args.length !== 3 || !isPartlyKnown(s) || typeof offset !== 'number' || typeof length !== 'number')
    return undefined;
  if (!Number.isInteger(offset) || !Number.isInteger(length) || offset < 0) return undefined;
  const first = s.parts[0];
  if (typeof first !== 'string' || holdsStandInText(first) || hasUnknownNamePart(first)) return undefined;
  return headSubstr(graphemes(first), offset, length);
}

/** Longest value `index` compares with partly known elements by a regular expression. */
const MAX_INDEX_VALUE = 1_000;
/** Most unknown parts of one element `index` compares (else it may be the value). */
const MAX_PARTS_COMPARED = 8;

/**
 * index(list, value) of a list of strings some of which hold unknown name parts, `value` known:
 * the first element that is `value` for certain when no element before it may be `value` for some
 * text of its parts (each part read as any run of the characters it may hold, `unknownPartShape`:
 * more texts than it may be, so a "may not" holds). Else undefined.
 */
function partlyKnownIndexOf(args: unknown[]): number | undefined {
  const [list, value] = args;
  if (args.length !== 2 || !Array.isArray(list) || typeof value !== 'string') return undefined;
  if (value.includes(UNKNOWN_NAME_PART_OPEN) || value.length > MAX_INDEX_VALUE) return undefined;
  for (let i = 0; i < list.length; i++) {
    const x = list[i];
    if (typeof x !== 'string') return undefined;
    const ps = pieces(x);
    if (ps.length === 1) {
      if (x === value) return i;
      continue;
    }
    if (mayBe(ps, value)) return undefined;
  }
  return undefined;
}

/** Whether a string of pieces `ps` may be `value` for some text of its unknown parts. */
function mayBe(ps: (string | UnknownPart)[], value: string): boolean {
  // many parts: a pattern of many `*` may take long; say it may
  if (ps.length > 2 * MAX_PARTS_COMPARED) return true;
  const source = ps
    .map((p) =>
      typeof p === 'string'
        ? p.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&')
        : `[^${p.excludes.replace(/[\\\]^-]/g, '\\$&')}]${p.nonEmpty ? '+' : '*'}`,
    )
    .join('');
  return new RegExp(`^${source}$`, 'su').test(value);
}
