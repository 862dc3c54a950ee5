// IPv4 and IPv6 addresses and CIDR ranges for IpAddress / NotIpAddress. IAM User Guide, "IAM
// JSON policy elements: Condition operators", IP address condition operators: "The value must
// be in the standard CIDR format (for example, 203.0.113.0/24 or 2001:DB8:1234:5678::/64). If you
// specify an IP address without the associated routing prefix, IAM uses the default prefix
// value of /32" (and /128 for IPv6). An address is four 32-bit words (IPv4 uses the last one).

export interface IpRange {
  v6: boolean;
  /** Network bits, masked to the prefix. IPv4: only `w3` is used. */
  w0: number;
  w1: number;
  w2: number;
  w3: number;
  prefix: number;
}

function parseV4(s: string): number | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  let n = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return undefined;
    const b = Number(p);
    if (b > 255) return undefined;
    n = n * 256 + b;
  }
  return n >>> 0;
}

function parseV6(s: string): number[] | undefined {
  if (s.length === 0 || s.includes('%')) return undefined;
  let text = s;
  const lastColon = s.lastIndexOf(':');
  if (s.indexOf('.', lastColon) >= 0) {
    // Embedded IPv4 in the last 32 bits (`::ffff:203.0.113.1`): rewrite as two hex groups.
    const v4 = parseV4(s.slice(lastColon + 1));
    if (v4 === undefined) return undefined;
    text = `${s.slice(0, lastColon + 1)}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const dbl = text.indexOf('::');
  if (dbl >= 0 && text.indexOf('::', dbl + 1) >= 0) return undefined;
  let groups: string[];
  if (dbl >= 0) {
    const left = text.slice(0, dbl);
    const right = text.slice(dbl + 2);
    const l = left === '' ? [] : left.split(':');
    const r = right === '' ? [] : right.split(':');
    const fill = 8 - l.length - r.length;
    if (fill < 1) return undefined;
    groups = [...l, ...Array<string>(fill).fill('0'), ...r];
  } else groups = text.split(':');
  if (groups.length !== 8) return undefined;
  const words = [0, 0, 0, 0];
  for (let i = 0; i < 8; i++) {
    const g = groups[i]!;
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
    const v = Number.parseInt(g, 16);
    const w = i >> 1;
    words[w] = i % 2 === 0 ? v * 65536 : words[w]! + v;
  }
  return words;
}

function maskWord(word: number, bits: number): number {
  if (bits >= 32) return word >>> 0;
  if (bits <= 0) return 0;
  return (word & (0xffffffff << (32 - bits))) >>> 0;
}

/** Parses `a.b.c.d[/n]` or an IPv6 address `[/n]`; host bits are masked off. */
export function parseIpRange(s: string): IpRange | undefined {
  const t = s.trim();
  const slash = t.indexOf('/');
  const addr = slash >= 0 ? t.slice(0, slash) : t;
  const prefixText = slash >= 0 ? t.slice(slash + 1) : undefined;
  const v6 = addr.includes(':');
  const max = v6 ? 128 : 32;
  let prefix = max;
  if (prefixText !== undefined) {
    if (!/^\d{1,3}$/.test(prefixText)) return undefined;
    prefix = Number(prefixText);
    if (prefix > max) return undefined;
  }
  if (!v6) {
    const n = parseV4(addr);
    if (n === undefined) return undefined;
    return { v6: false, w0: 0, w1: 0, w2: 0, w3: maskWord(n, prefix), prefix };
  }
  const w = parseV6(addr);
  if (!w) return undefined;
  return {
    v6: true,
    w0: maskWord(w[0]!, prefix),
    w1: maskWord(w[1]!, prefix - 32),
    w2: maskWord(w[2]!, prefix - 64),
    w3: maskWord(w[3]!, prefix - 96),
    prefix,
  };
}

/** True when `inner` (an address or range from the request) lies within `outer`. */
export function rangeContains(outer: IpRange, inner: IpRange): boolean {
  if (outer.v6 !== inner.v6 || inner.prefix < outer.prefix) return false;
  const p = outer.prefix;
  if (!outer.v6) return maskWord(inner.w3, p) === outer.w3;
  return (
    maskWord(inner.w0, p) === outer.w0 &&
    maskWord(inner.w1, p - 32) === outer.w1 &&
    maskWord(inner.w2, p - 64) === outer.w2 &&
    maskWord(inner.w3, p - 96) === outer.w3
  );
}
