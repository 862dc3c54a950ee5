// format / formatlist and the date functions (formatdate, timeadd, timecmp), following the
// Terraform language function pages: "format Function" (verbs %v %#v %t %b %d %o %x %X %e %E
// %f %g %G %s %q %%, width, precision, flags, and [n] argument indexes) and "formatdate
// Function" (YYYY YY MMMM MMM MM M DD D EEEE EEE hh h HH H AA aa mm m ss s ZZZZZ ZZZZ ZZZ ZZ Z
// and 'literal' quoting), on RFC 3339 timestamps.
// https://developer.hashicorp.com/terraform/language/functions/format
// https://developer.hashicorp.com/terraform/language/functions/formatdate

import { bool, FnError, num, str } from './fn-core.js';
import { formatNumber, isObject, jsonEncode } from './values.js';

function pad(s: string, width: number | undefined, left: boolean, zero: boolean): string {
  if (width === undefined || s.length >= width) return s;
  if (left) return s + ' '.repeat(width - s.length);
  if (zero) {
    const sign = /^[+-]/.test(s) ? s[0]! : '';
    return sign + '0'.repeat(width - s.length) + s.slice(sign.length);
  }
  return ' '.repeat(width - s.length) + s;
}

/** Go's %e: mantissa with `prec` digits and an exponent of at least two digits. */
function exp(n: number, prec: number, upper: boolean): string {
  const [m, e] = n.toExponential(prec).split('e');
  const sign = e!.startsWith('-') ? '-' : '+';
  const digits = e!.replace(/^[+-]/, '').padStart(2, '0');
  const out = `${m}e${sign}${digits}`;
  return upper ? out.toUpperCase() : out;
}

/** Go's %g with the shortest representation (or `prec` significant digits). */
function general(n: number, prec: number | undefined, upper: boolean): string {
  if (n === 0) return '0';
  const e = Math.floor(Math.log10(Math.abs(n)));
  const limit = prec ?? 21;
  if (e < -4 || e >= limit) {
    const s =
      prec === undefined
        ? exp(n, Math.max(0, String(Math.abs(n)).replace(/^0\.0*|\.|e.*$/g, '').length - 1), upper)
        : exp(n, prec - 1, upper);
    return s.replace(/\.?0+e/, 'e').replace(/\.?0+E/, 'E');
  }
  if (prec === undefined) return formatNumber(n);
  return String(Number(n.toPrecision(prec)));
}

function sign(s: string, n: number, plus: boolean, space: boolean): string {
  if (n < 0 || Object.is(n, -0)) return s;
  return plus ? `+${s}` : space ? ` ${s}` : s;
}

function integer(v: unknown, verb: string): number {
  const n = num(v, `%${verb}`);
  if (!Number.isInteger(n)) throw new FnError(`%${verb} needs a whole number, got ${n}`);
  return n;
}

/** Formats one value with one verb (see the module comment). */
function formatOne(
  verb: string,
  flags: string,
  width: number | undefined,
  prec: number | undefined,
  a: unknown,
): string {
  const left = flags.includes('-');
  const zero = flags.includes('0') && !left;
  const plus = flags.includes('+');
  const space = flags.includes(' ');
  const sharp = flags.includes('#');
  let out: string;
  switch (verb) {
    case 'v':
      if (sharp || (a !== null && typeof a === 'object') || Array.isArray(a) || isObject(a))
        out = jsonEncode(a);
      else if (a === null || a === undefined) out = 'null';
      else if (typeof a === 'number') out = sign(general(a, prec, false), a, plus, space);
      else if (typeof a === 'boolean') out = String(a);
      else out = str(a);
      break;
    case 't':
      out = String(bool(a, '%t'));
      break;
    case 'b':
    case 'o':
    case 'x':
    case 'X':
    case 'd': {
      if (
        verb !== 'd' &&
        typeof a === 'string' &&
        (verb === 'x' || verb === 'X') &&
        Number.isNaN(Number(a))
      ) {
        out = Buffer.from(a, 'utf8').toString('hex');
        if (verb === 'X') out = out.toUpperCase();
        break;
      }
      const n = integer(a, verb);
      const base = verb === 'b' ? 2 : verb === 'o' ? 8 : verb === 'd' ? 10 : 16;
      let digits = Math.abs(n).toString(base);
      if (verb === 'X') digits = digits.toUpperCase();
      if (prec !== undefined) digits = digits.padStart(prec, '0');
      if (sharp && verb === 'o') digits = `0${digits}`;
      if (sharp && (verb === 'x' || verb === 'X')) digits = `0${verb}${digits}`;
      out = sign(n < 0 ? `-${digits}` : digits, n, plus, space);
      break;
    }
    case 'e':
    case 'E': {
      const n = num(a, `%${verb}`);
      out = sign(exp(n, prec ?? 6, verb === 'E'), n, plus, space);
      break;
    }
    case 'f':
    case 'F': {
      const n = num(a, `%${verb}`);
      out = sign(n.toFixed(prec ?? 6), n, plus, space);
      break;
    }
    case 'g':
    case 'G': {
      const n = num(a, `%${verb}`);
      out = sign(general(n, prec, verb === 'G'), n, plus, space);
      break;
    }
    case 's': {
      const s = str(a, '%s');
      out = prec === undefined ? s : [...s].slice(0, prec).join('');
      break;
    }
    case 'q':
      out = JSON.stringify(str(a, '%q'));
      break;
    default:
      throw new FnError(`unsupported format verb %${verb}`);
  }
  return pad(out, width, left, zero && verb !== 's' && verb !== 'q' && verb !== 'v' && verb !== 't');
}

const VERB = /%([-+ 0#]*)(\d+)?(?:\.(\d*))?(?:\[(\d+)\])?([a-zA-Z%])/g;

/**
 * Does `spec` only place its values' text (`%s`, `%v`, `%q`, `%[2]s`, `%%`)? A width, a precision
 * or a flag (`%.3s`, `%10s`, `%-5v`) cuts or pads it, and another verb converts it.
 */
export function placesOnly(spec: unknown): boolean {
  if (typeof spec !== 'string') return false;
  for (const m of spec.matchAll(VERB))
    if (m[1] || m[2] !== undefined || m[3] !== undefined || !'svq%'.includes(m[5]!)) return false;
  return true;
}

/** Terraform's format(spec, values...). */
export function format(spec: string, args: unknown[]): string {
  let next = 0;
  let used = 0;
  const out = spec.replace(
    VERB,
    (
      _m,
      flags: string,
      w: string | undefined,
      p: string | undefined,
      index: string | undefined,
      verb: string,
    ) => {
      if (verb === '%') return '%';
      if (index !== undefined) next = Number(index) - 1;
      if (next >= args.length || next < 0)
        throw new FnError(`not enough arguments for format ${JSON.stringify(spec)}`);
      const a = args[next++];
      used = Math.max(used, next);
      if (a === null && verb !== 'v')
        throw new FnError(`unsupported value for "%${verb}" at ${next}: null value cannot be formatted`);
      return formatOne(
        verb,
        flags,
        w === undefined ? undefined : Number(w),
        p === undefined ? undefined : Number(p || 0),
        a,
      );
    },
  );
  if (used < args.length) throw new FnError(`too many arguments; only ${used} used by format string`);
  return out;
}

/** Terraform's formatlist(spec, values...): one format per element of the list arguments. */
export function formatlist(spec: string, args: unknown[]): string[] {
  let n: number | undefined;
  for (const a of args) {
    if (!Array.isArray(a)) continue;
    if (n !== undefined && a.length !== n)
      throw new FnError('all lists given to formatlist must have the same length');
    n = a.length;
  }
  const count = n ?? 1;
  const out: string[] = [];
  for (let i = 0; i < count; i++)
    out.push(
      format(
        spec,
        args.map((a) => (Array.isArray(a) ? a[i] : a)),
      ),
    );
  return out;
}

// ---- dates -------------------------------------------------------------------------------

interface Time {
  /** Milliseconds since the epoch, UTC. */
  ms: number;
  /** The zone offset the timestamp was written with, in minutes east of UTC. */
  offset: number;
  /** Fractional seconds as written (nanosecond precision kept as digits). */
  fraction: string;
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/** Parses an RFC 3339 timestamp, as Terraform's date functions require. */
export function parseTimestamp(s: string): Time {
  const m = RFC3339.exec(s);
  if (!m) throw new FnError(`not a valid RFC3339 timestamp: ${JSON.stringify(s)}`);
  const [, y, mo, d, h, mi, se, frac, zone] = m;
  const offset =
    zone === 'Z' || zone === 'z'
      ? 0
      : (zone!.startsWith('-') ? -1 : 1) * (Number(zone!.slice(1, 3)) * 60 + Number(zone!.slice(4, 6)));
  const ms =
    Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(se)) - offset * 60_000;
  const check = new Date(ms + offset * 60_000);
  if (check.getUTCDate() !== Number(d) || check.getUTCMonth() !== Number(mo) - 1)
    throw new FnError(`not a valid date: ${JSON.stringify(s)}`);
  return { ms, offset, fraction: frac ? frac.slice(1) : '' };
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

function zoneText(offset: number, colon: boolean, utcName: boolean): string {
  if (offset === 0 && utcName) return 'UTC';
  const sgn = offset < 0 ? '-' : '+';
  const a = Math.abs(offset);
  const hh = String(Math.floor(a / 60)).padStart(2, '0');
  const mm = String(a % 60).padStart(2, '0');
  return colon ? `${sgn}${hh}:${mm}` : `${sgn}${hh}${mm}`;
}

/** Terraform's formatdate(spec, timestamp). */
export function formatdate(spec: string, timestamp: string): string {
  const t = parseTimestamp(timestamp);
  const local = new Date(t.ms + t.offset * 60_000);
  const Y = local.getUTCFullYear();
  const Mo = local.getUTCMonth();
  const D = local.getUTCDate();
  const h = local.getUTCHours();
  const mi = local.getUTCMinutes();
  const s = local.getUTCSeconds();
  const h12 = h % 12 === 0 ? 12 : h % 12;
  const p2 = (n: number) => String(n).padStart(2, '0');
  let out = '';
  let i = 0;
  while (i < spec.length) {
    const c = spec[i]!;
    if (c === "'") {
      const end = spec.indexOf("'", i + 1);
      if (end < 0) throw new FnError('unterminated literal in formatdate specification');
      out += end === i + 1 ? "'" : spec.slice(i + 1, end);
      i = end + 1;
      continue;
    }
    let j = i;
    while (j < spec.length && spec[j] === c) j++;
    const run = spec.slice(i, j);
    i = j;
    if (!/[A-Za-z]/.test(c)) {
      out += run;
      continue;
    }
    switch (run) {
      case 'YYYY':
        out += String(Y).padStart(4, '0');
        break;
      case 'YY':
        out += p2(Y % 100);
        break;
      case 'MMMM':
        out += MONTHS[Mo];
        break;
      case 'MMM':
        out += MONTHS[Mo]!.slice(0, 3);
        break;
      case 'MM':
        out += p2(Mo + 1);
        break;
      case 'M':
        out += String(Mo + 1);
        break;
      case 'DD':
        out += p2(D);
        break;
      case 'D':
        out += String(D);
        break;
      case 'EEEE':
        out += DAYS[local.getUTCDay()];
        break;
      case 'EEE':
        out += DAYS[local.getUTCDay()]!.slice(0, 3);
        break;
      case 'hh':
        out += p2(h);
        break;
      case 'h':
        out += String(h);
        break;
      case 'HH':
        out += p2(h12);
        break;
      case 'H':
        out += String(h12);
        break;
      case 'AA':
        out += h < 12 ? 'AM' : 'PM';
        break;
      case 'aa':
        out += h < 12 ? 'am' : 'pm';
        break;
      case 'mm':
        out += p2(mi);
        break;
      case 'm':
        out += String(mi);
        break;
      case 'ss':
        out += p2(s);
        break;
      case 's':
        out += String(s);
        break;
      case 'ZZZZZ':
        out += zoneText(t.offset, true, false);
        break;
      case 'ZZZZ':
        out += zoneText(t.offset, false, false);
        break;
      case 'ZZZ':
        out += zoneText(t.offset, false, true);
        break;
      case 'Z':
        out += t.offset === 0 ? 'Z' : zoneText(t.offset, true, false);
        break;
      default:
        throw new FnError(`invalid date format verb ${JSON.stringify(run)}`);
    }
  }
  return out;
}

const DURATION = /([0-9]*(?:\.[0-9]*)?)(ns|us|µs|ms|s|m|h)/g;
const UNIT_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

/** A Go duration string ("1h30m", "-720h", "10m") in milliseconds. */
function duration(s: string): number {
  const m = /^([+-]?)(.*)$/.exec(s)!;
  const body = m[2]!;
  if (body === '0') return 0;
  if (body?.replace(DURATION, '') !== '') throw new FnError(`invalid duration ${JSON.stringify(s)}`);
  let total = 0;
  for (const [, n, unit] of body.matchAll(DURATION)) {
    if (n === '' || n === '.') throw new FnError(`invalid duration ${JSON.stringify(s)}`);
    total += Number(n) * UNIT_MS[unit!]!;
  }
  return m[1] === '-' ? -total : total;
}

function rfc3339(ms: number, offset: number, fraction: string): string {
  const local = new Date(ms + offset * 60_000);
  const iso = local.toISOString().slice(0, 19);
  const zone = offset === 0 ? 'Z' : zoneText(offset, true, false);
  return `${iso}${fraction.replace(/0+$/, '') ? `.${fraction.replace(/0+$/, '')}` : ''}${zone}`;
}

/** Terraform's timeadd(timestamp, duration). */
export function timeadd(timestamp: string, d: string): string {
  const t = parseTimestamp(timestamp);
  const delta = duration(d);
  const whole = Math.trunc(delta);
  return rfc3339(t.ms + whole, t.offset, t.fraction);
}

/** Terraform's timecmp(a, b): -1, 0 or 1. */
export function timecmp(a: string, b: string): number {
  const x = parseTimestamp(a);
  const y = parseTimestamp(b);
  const fx = Number(`0.${x.fraction || '0'}`);
  const fy = Number(`0.${y.fraction || '0'}`);
  const d = x.ms - y.ms || fx - fy;
  return d < 0 ? -1 : d > 0 ? 1 : 0;
}
