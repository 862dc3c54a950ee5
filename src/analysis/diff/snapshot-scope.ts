// The scope of an access snapshot (issue 16): `iamspec matrix --principal P --format json` holds
// the rows of those principals only, `--resource R` the columns of those resources only; the
// snapshot records which (`scope`, optional: a snapshot without it holds the whole model) so that
// `iamspec diff --base access.json` compares the new state over the same rows and columns and
// says so, instead of taking every other principal or resource of the new state for new access.
// Owns the record's shape, its check when read, and the diff's filter within it.

import { InputError } from '../../model/input-error.js';

/** The rows and columns a snapshot was limited to (ARNs as the matrix resolved them). */
export interface SnapshotScope {
  /** `matrix --principal`: the snapshot's rows are these principals only. */
  principals?: string[];
  /** `matrix --resource`: the snapshot's columns are these resources only. */
  resources?: string[];
}

function isStrings(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((s) => typeof s === 'string');
}

/** The `scope` of a parsed snapshot, checked (undefined when absent). */
export function scopeOf(value: unknown, fail: (why: string) => never): SnapshotScope | undefined {
  if (value === undefined) return undefined;
  const s = value as Record<string, unknown>;
  if (
    typeof value !== 'object' ||
    value === null ||
    Array.isArray(value) ||
    (s.principals !== undefined && !isStrings(s.principals)) ||
    (s.resources !== undefined && !isStrings(s.resources))
  )
    return fail('"scope" is { "principals"?: [ARN], "resources"?: [ARN] }');
  return {
    ...(s.principals ? { principals: s.principals as string[] } : {}),
    ...(s.resources ? { resources: s.resources as string[] } : {}),
  };
}

/** The scope `matrix --principal / --resource` gives a snapshot (undefined: the whole model). */
export function scopeRecord(
  principals: readonly string[] | undefined,
  resources: readonly string[] | undefined,
): SnapshotScope | undefined {
  if (!principals && !resources) return undefined;
  return {
    ...(principals ? { principals: [...principals] } : {}),
    ...(resources ? { resources: [...resources] } : {}),
  };
}

/**
 * A snapshot diff's `--principal` (or `--resource`) keys within the snapshot's scope: the scope
 * itself when none is given, the given keys when all are in it; an InputError naming those that
 * are not (the snapshot does not hold their access: nothing to compare them with).
 */
export function withinScope(
  scope: readonly string[] | undefined,
  given: Set<string> | undefined,
  kind: 'principal' | 'resource',
): Set<string> | undefined {
  if (!scope) return given;
  if (!given) return new Set(scope);
  const inScope = new Set(scope);
  const outside = [...given].filter((k) => !inScope.has(k));
  if (outside.length)
    throw new InputError(
      `--${kind}: ${outside.join(', ')} ${outside.length === 1 ? 'is' : 'are'} not in the base snapshot, written with iamspec matrix --${kind} ${scope.join(' ')}: it holds the access of ${kind === 'principal' ? 'those principals' : 'those resources'} only`,
    );
  return given;
}

/** The notes of a scoped snapshot diff: what it compares. */
export function scopeNotes(scope: SnapshotScope | undefined): string[] {
  const notes: string[] = [];
  if (scope?.principals)
    notes.push(
      `the base snapshot holds the access of ${scope.principals.length === 1 ? 'one principal' : `${scope.principals.length} principals`} only (iamspec matrix --principal): the diff compares ${scope.principals.length === 1 ? 'it' : 'them'} only: ${scope.principals.join(', ')}`,
    );
  if (scope?.resources)
    notes.push(
      `the base snapshot holds the access to ${scope.resources.length === 1 ? 'one resource' : `${scope.resources.length} resources`} only (iamspec matrix --resource): the diff compares ${scope.resources.length === 1 ? 'it' : 'them'} only: ${scope.resources.join(', ')}`,
    );
  return notes;
}
