// Which findings are about an element of the inputs: the link from a verdict that depends on an
// unknown value (a trace entry, with the source of the statement and of the unknown value) to
// the warning that explains it (`tf/unknown-instances` at main.tf:4:3, `model/imported-principal`
// ...). Two sources are about the same element when one is inside the other in the same file
// (JSON pointers), or they name the same Terraform address (instance keys ignored, a module
// address covers what is inside it), or the same CloudFormation stack and logical id.

import type { Finding } from './finding.js';
import { couldChangeVerdict } from './finding-codes.js';
import type { Source } from './source.js';

/** `a.b["k"].c[0]` → `a.b.c`: an address without its instance keys. */
function baseAddress(address: string): string {
  return address.replace(/\[[^\]]*\]/g, '');
}

function pointerDepth(pointer: string): number {
  return pointer.split('/').length - 1;
}

/** One pointer is the other or inside it; the outer one names at least a resource (depth 2). */
function nestedPointers(a: string, b: string): boolean {
  const [outer, inner] = a.length <= b.length ? [a, b] : [b, a];
  if (pointerDepth(outer) < 2) return false;
  return inner === outer || inner.startsWith(`${outer}/`);
}

function nestedAddresses(a: string, b: string): boolean {
  const x = baseAddress(a);
  const y = baseAddress(b);
  const [outer, inner] = x.length <= y.length ? [x, y] : [y, x];
  return inner === outer || inner.startsWith(`${outer}.`);
}

/** True when two sources are about the same element of the inputs (see the module comment). */
export function sameElement(a: Source, b: Source): boolean {
  if (a.address && b.address) return nestedAddresses(a.address, b.address);
  const sameFile = a.file !== undefined && a.file === b.file;
  if (sameFile && a.pointer && b.pointer && nestedPointers(a.pointer, b.pointer)) return true;
  if (a.logicalId && b.logicalId) {
    return a.logicalId === b.logicalId && a.stack === b.stack && (sameFile || !a.file || !b.file);
  }
  if (sameFile && a.line !== undefined && a.line === b.line && a.column === b.column) return true;
  return false;
}

/**
 * The findings that could change a verdict and are about one of `sources` (in the order of
 * `findings`, each once).
 */
export function findingsAbout(
  findings: readonly Finding[],
  sources: readonly (Source | undefined)[],
): Finding[] {
  const located = sources.filter((s): s is Source => !!s);
  if (!located.length) return [];
  return findings.filter(
    (f) => f.source && couldChangeVerdict(f.code) && located.some((s) => sameElement(f.source!, s)),
  );
}
