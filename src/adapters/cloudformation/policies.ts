// Policy documents found in templates: evaluated (intrinsics resolved, Unknown kept) and handed
// to the policy grammar with the document's JSON pointer and a locator that follows evaluated
// values back to their line:column in the template (through Fn::If, Fn::Sub, AWS::NoValue...).

import { childPointer } from '../../model/source.js';
import { parsePolicy } from '../../policy/parse.js';
import type { PolicyDocument, PolicyKind } from '../../policy/types.js';
import type { StackContext } from './stack.js';
import { NO_VALUE, type Value } from './values.js';

/**
 * Reads the policy document at `Properties/<path>` of a resource. Undefined when the property is
 * absent (or `AWS::NoValue`).
 */
export function resourcePolicy(
  ctx: StackContext,
  logicalId: string,
  path: (string | number)[],
  kind: PolicyKind,
): PolicyDocument | undefined {
  const r = ctx.resources.get(logicalId);
  if (!r) return undefined;
  let node: unknown = r.properties;
  for (const t of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[t as string];
  }
  if (node === undefined) return undefined;
  const pointer = childPointer(r.pointer, 'Properties', ...path);
  const value = ctx.valueAt(pointer, node);
  if (value === undefined || value === NO_VALUE) return undefined;
  return documentAt(ctx, value, pointer, kind, logicalId);
}

/** Parses an evaluated document whose template position is `pointer`. */
export function documentAt(
  ctx: StackContext,
  value: Value,
  pointer: string,
  kind: PolicyKind,
  logicalId: string,
): PolicyDocument {
  const source = ctx.sourceAt(pointer, logicalId);
  const locate = ctx.origins.locatorFor(value, pointer, pointer, ctx.locate);
  return parsePolicy(value, { kind, source, locate });
}

/**
 * Parses a document the adapter builds itself (a Lambda permission's statement, a default key
 * policy). `origins` maps pointers inside the built document to template pointers.
 */
export function synthesizedDocument(
  ctx: StackContext,
  value: Value,
  basePointer: string,
  origins: Record<string, string>,
  kind: PolicyKind,
  logicalId: string,
): PolicyDocument {
  const source = ctx.sourceAt(basePointer, logicalId);
  const fileLocate = ctx.locate;
  const locate = (pointer: string) => {
    if (!fileLocate) return undefined;
    if (pointer === basePointer) return fileLocate(basePointer);
    if (!pointer.startsWith(basePointer + '/')) return fileLocate(pointer);
    const rest = pointer.slice(basePointer.length);
    // Longest mapped prefix wins.
    let best: string | undefined;
    for (const k of Object.keys(origins)) {
      if ((rest === k || rest.startsWith(k + '/')) && (best === undefined || k.length > best.length))
        best = k;
    }
    return fileLocate(best !== undefined ? origins[best]! : basePointer);
  };
  return parsePolicy(value, { kind, source, locate });
}
