// Node built-in modules that a run needs only now and then, loaded on their first use: importing
// `node:crypto` (Terraform's hash functions) and `node:net` (`isIP`, for IP address condition
// values) with their module graphs cost each command ~5 ms of CPU, mostly in runs that never
// call them (issue 17: whole-process speed). The functions behave as the built-ins do.

import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

let crypto: typeof import('node:crypto') | undefined;
let net: typeof import('node:net') | undefined;

/** node:crypto's `createHash`. */
export function createHash(algorithm: string): import('node:crypto').Hash {
  crypto ??= require('node:crypto') as typeof import('node:crypto');
  return crypto.createHash(algorithm);
}

/** node:net's `isIP`: 4, 6, or 0 when `input` is no IP address. */
export function isIP(input: string): number {
  net ??= require('node:net') as typeof import('node:net');
  return net.isIP(input);
}
