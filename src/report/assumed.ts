// The request context the analyses assume (what nearly every request has: TLS), said once in
// every matrix and review report so that "conditional" is read as a real condition.

import type { RequestContext } from '../engine/types.js';

/** The default: requests use TLS (`aws:SecureTransport` = `true`). */
export const DEFAULT_ASSUMED: RequestContext = { 'aws:SecureTransport': 'true' };

/** `assumed: requests use TLS (aws:SecureTransport=true)`, or undefined when nothing is assumed. */
export function assumedText(assumed: RequestContext | undefined): string | undefined {
  const entries = Object.entries(assumed ?? {});
  if (!entries.length) return undefined;
  const pairs = entries.map(
    ([k, v]) => `${k}=${v === null ? '(absent)' : Array.isArray(v) ? v.join(',') : v}`,
  );
  const tls =
    entries.length === 1 &&
    entries[0]![0].toLowerCase() === 'aws:securetransport' &&
    entries[0]![1] === 'true';
  return `assumed: ${tls ? 'requests use TLS' : 'every request has'} (${pairs.join(', ')}; --assume none to drop)`;
}
