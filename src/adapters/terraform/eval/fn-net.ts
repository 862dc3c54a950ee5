// IP network functions (cidrhost, cidrnetmask, cidrsubnet, cidrsubnets) on IPv4 and IPv6
// prefixes, with BigInt arithmetic, following the Terraform language pages "cidrsubnet
// Function" ("calculates a subnet address within given IP network address prefix"), "cidrhost",
// "cidrnetmask" (IPv4 only) and "cidrsubnets" (consecutive allocation, each aligned to its size).
// https://developer.hashicorp.com/terraform/language/functions/cidrsubnet

import { FnError } from './fn-core.js';

interface Prefix {
  v6: boolean;
  /** The network address (host bits cleared). */
  base: bigint;
  bits: number;
}

const WIDTH = (v6: boolean) => (v6 ? 128 : 32);

function parseV4(s: string): bigint | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  let n = 0n;
  for (const p of parts) {
    // Terraform (Go's net package, as Terraform patches it) rejects leading zeros
    if (!/^(0|[1-9]\d{0,2})$/.test(p) || Number(p) > 255) return undefined;
    n = (n << 8n) | BigInt(Number(p));
  }
  return n;
}

function parseV6(s: string): bigint | undefined {
  let text = s;
  let tail: bigint | undefined;
  const lastColon = text.lastIndexOf(':');
  if (text.includes('.') && lastColon >= 0) {
    tail = parseV4(text.slice(lastColon + 1));
    if (tail === undefined) return undefined;
    text = `${text.slice(0, lastColon + 1)}0:0`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const group = (h: string) => (h === '' ? [] : h.split(':'));
  const head = group(halves[0]!);
  const rest = halves.length === 2 ? group(halves[1]!) : [];
  const missing = 8 - head.length - rest.length;
  if ((halves.length === 1 && missing !== 0) || missing < 0) return undefined;
  const groups = [...head, ...Array(halves.length === 2 ? missing : 0).fill('0'), ...rest];
  let n = 0n;
  for (const g of groups) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
    n = (n << 16n) | BigInt(Number.parseInt(g, 16));
  }
  if (tail !== undefined) n = (n & ~0xffffffffn) | tail;
  return n;
}

function parsePrefix(s: string): Prefix {
  const m = /^([^/]+)\/(\d{1,3})$/.exec(s);
  if (!m) throw new FnError(`invalid CIDR address: ${s}`);
  const v6 = m[1]!.includes(':');
  const addr = v6 ? parseV6(m[1]!) : parseV4(m[1]!);
  const bits = Number(m[2]);
  if (addr === undefined || bits > WIDTH(v6)) throw new FnError(`invalid CIDR address: ${s}`);
  const host = BigInt(WIDTH(v6) - bits);
  return { v6, base: (addr >> host) << host, bits };
}

function formatV4(n: bigint): string {
  return [24n, 16n, 8n, 0n].map((s) => String((n >> s) & 255n)).join('.');
}

/** RFC 5952 text: lowercase, leading zeros dropped, the longest run of two or more zero groups as "::". */
function formatV6(n: bigint): string {
  const groups = Array.from({ length: 8 }, (_x, i) => Number((n >> BigInt(112 - i * 16)) & 0xffffn));
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best < 0) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
}

function formatAddr(p: { v6: boolean }, n: bigint): string {
  return p.v6 ? formatV6(n) : formatV4(n);
}

/** cidrsubnet(prefix, newbits, netnum). */
export function cidrsubnet(prefix: string, newbits: number, netnum: number): string {
  const p = parsePrefix(prefix);
  if (newbits < 0) throw new FnError('newbits must not be negative');
  const bits = p.bits + newbits;
  if (bits > WIDTH(p.v6))
    throw new FnError(`insufficient address space to extend prefix of ${p.bits} by ${newbits}`);
  if (netnum < 0 || BigInt(netnum) >= 1n << BigInt(newbits))
    throw new FnError(`prefix extension of ${newbits} does not accommodate a subnet numbered ${netnum}`);
  const base = p.base | (BigInt(netnum) << BigInt(WIDTH(p.v6) - bits));
  return `${formatAddr(p, base)}/${bits}`;
}

/** cidrhost(prefix, hostnum): negative numbers count from the end of the range. */
export function cidrhost(prefix: string, hostnum: number): string {
  const p = parsePrefix(prefix);
  const size = 1n << BigInt(WIDTH(p.v6) - p.bits);
  let h = BigInt(hostnum);
  if (h < 0n) h += size;
  if (h < 0n || h >= size)
    throw new FnError(`prefix of ${p.bits} does not accommodate a host numbered ${hostnum}`);
  return formatAddr(p, p.base + h);
}

/** cidrnetmask(prefix): IPv4 only. */
export function cidrnetmask(prefix: string): string {
  const p = parsePrefix(prefix);
  if (p.v6) throw new FnError('IPv6 addresses cannot have a netmask: ' + prefix);
  const mask = p.bits === 0 ? 0n : ((1n << 32n) - 1n) ^ ((1n << BigInt(32 - p.bits)) - 1n);
  return formatV4(mask);
}

/** cidrsubnets(prefix, newbits...): consecutive subnets, each aligned to its own size. */
export function cidrsubnets(prefix: string, newbits: number[]): string[] {
  const p = parsePrefix(prefix);
  const width = WIDTH(p.v6);
  const end = p.base + (1n << BigInt(width - p.bits));
  let next = p.base;
  const out: string[] = [];
  for (const nb of newbits) {
    if (nb < 1) throw new FnError('must extend prefix by at least one bit');
    const bits = p.bits + nb;
    if (bits > width)
      throw new FnError(
        `would extend prefix to ${bits} bits, which is too long for an ${p.v6 ? 'IPv6' : 'IPv4'} address`,
      );
    const size = 1n << BigInt(width - bits);
    const start = ((next + size - 1n) / size) * size;
    if (start + size > end)
      throw new FnError(
        `not enough remaining address space for a subnet with a prefix of ${bits} bits after ${out[out.length - 1] ?? prefix}`,
      );
    out.push(`${formatAddr(p, start)}/${bits}`);
    next = start + size;
  }
  return out;
}
