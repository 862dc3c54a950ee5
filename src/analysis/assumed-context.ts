// The request context the reports assume (`--assume`, by default TLS: `aws:SecureTransport` =
// `true`) may settle conditions, never hide access. It is there so that a bucket's TLS-only Deny
// does not make every answer conditional; but Amazon S3 accepts plain HTTP too (Amazon S3 User
// Guide, "Protecting data in transit with encryption": "Amazon S3 supports both HTTP and HTTPS
// protocols for data transmission. ... While HTTP traffic is accepted, most implementations use
// encryption in transit", https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingEncryptionInTransit.html),
// so access granted only without TLS (an Allow on `Bool aws:SecureTransport: false`, the
// enforce-TLS statement written with the wrong Effect) is real. A request denied under the
// assumption is decided again with the assumed keys free: access that holds there is reported,
// conditional, with its conditions (`aws:SecureTransport is "false"`). Owns `assumedContext`.

import type { RequestContext } from '../engine/types.js';
import type { FreeDecision } from './types.js';

/** The contexts a request is decided under: with the assumption, and with the assumed keys free. */
export interface AssumedContext {
  /** `pinned` with the assumed keys the request does not pin itself. */
  assumed: RequestContext | undefined;
  /** `pinned` alone: the assumed keys free. */
  free: RequestContext | undefined;
}

/** The contexts of a request pinning `pinned` (`--context`, claims) under the assumption `assumed`. */
export function assumedContext(
  pinned: RequestContext | undefined,
  assumed: RequestContext | undefined,
): AssumedContext {
  const free = pinned && Object.keys(pinned).length ? pinned : undefined;
  if (!assumed || !Object.keys(assumed).length) return { assumed: free, free };
  const own = new Set(Object.keys(pinned ?? {}).map((k) => k.toLowerCase()));
  const added = Object.entries(assumed).filter(([k]) => !own.has(k.toLowerCase()));
  if (!added.length) return { assumed: free, free };
  return { assumed: { ...Object.fromEntries(added), ...pinned }, free };
}

/**
 * The decision to report: the one under the assumption, unless it denies what the request allows
 * (or may allow) with the assumed keys free; then that one (decided only when needed).
 */
export function reportedDecision(
  underAssumption: FreeDecision,
  withKeysFree: () => FreeDecision,
): FreeDecision {
  if (underAssumption.access !== 'deny') return underAssumption;
  const free = withKeysFree();
  return free.access === 'deny' ? underAssumption : free;
}
