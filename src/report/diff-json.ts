// The JSON rendering of an access diff (`iamspec diff --format json`), kept stable:
// `{ added, removed, changed, risks: { added, removed }, renamed, notes, notCompared?, scope? }` (the
// principals that could not be compared and why, when there are: their access may be new; the base
// snapshot's `matrix --principal / --resource` rows and columns, the only ones compared) where each change is
// `{ principal, action, resource, openAccount?, via?, before, after, grants, conditions? }`
// (`openAccount`: kind, account, label and reason of an open-account stand-in) and each grant a
// statement reference with its source and the state it lives in (`before` / `after`).
// Written as a stream of chunks, one change at a time from the diff's runs (a diff of two
// unrelated organisations has millions of changes: the text of the whole would not fit in one
// string): the same bytes as `JSON.stringify(diffJsonValue(diff), null, 2)`.

import type { AccessChange, AccessDiff, ChangeEntry, ChangeKind, ChangeRun } from '../analysis/diff/types.js';
import { openAccountFields } from '../model/open-accounts.js';

/** A change as the JSON has it: `openAccount` after `resource` for an open-account stand-in. */
function jsonChange(c: AccessChange): AccessChange | Record<string, unknown> {
  const open = openAccountFields(c.principal);
  if (!open) return c;
  const { principal, action, resource, ...rest } = c;
  return { principal, action, resource, openAccount: open, ...rest };
}

/** The JSON value of an access diff (see the module comment). */
export function diffJsonValue(diff: AccessDiff): Record<string, unknown> {
  return {
    added: diff.added.map(jsonChange),
    removed: diff.removed.map(jsonChange),
    changed: diff.changed.map(jsonChange),
    risks: { added: diff.risks.added, removed: diff.risks.removed },
    renamed: diff.renamed,
    notes: diff.notes,
    ...(diff.notCompared ? { notCompared: diff.notCompared } : {}),
    ...(diff.scope ? { scope: diff.scope } : {}),
  };
}

/** `JSON.stringify(value, null, 2)` with every line after the first indented by `pad` more. */
function indented(value: unknown, pad: string): string {
  return JSON.stringify(value, null, 2).replaceAll('\n', `\n${pad}`);
}

const MAX_TAILS = 50_000;

/**
 * The text of each change at its place in the document (four spaces in). What follows the
 * resource and chain (access, statements, conditions) is the same for every run sharing an
 * entry: its text is kept (for the last 50,000 entries written) and reused.
 */
function changeWriter(): (run: ChangeRun, i: number) => string {
  // Bounded: the entries of a diff of unrelated organisations run into millions.
  const tails = new Map<ChangeEntry, string>();
  const tailOf = (run: ChangeRun, i: number): string => {
    const e = run.entries[i]!;
    const own = run.grants?.get(i);
    let tail = own ? undefined : tails.get(e);
    if (tail === undefined) {
      const value: Record<string, unknown> = { before: e.before, after: e.after, grants: own ?? e.grants };
      if (e.conditions) value.conditions = e.conditions;
      if (e.reasons) value.reasons = e.reasons;
      // `{\n  "before": ...\n}` → the lines between the braces, six spaces in.
      const text = indented(value, '    ');
      tail = text.slice(1, -6);
      if (!own) {
        if (tails.size >= MAX_TAILS) tails.clear();
        tails.set(e, tail);
      }
    }
    return tail;
  };
  return (run, i) => {
    const e = run.entries[i]!;
    let head = `    {\n      "principal": ${JSON.stringify(run.principal)},\n      "action": ${JSON.stringify(e.action)},\n      "resource": ${JSON.stringify(run.resource)},`;
    const open = openAccountFields(run.principal);
    if (open) head += `\n      "openAccount": ${indented(open, '      ')},`;
    if (run.via) head += `\n      "via": ${indented(run.via, '      ')},`;
    return `${head}${tailOf(run, i)}\n    }`;
  };
}

const CHUNK = 1 << 16;

/**
 * Writes the JSON text of an access diff to `sink` in chunks of about 64 KB, in order (2-space
 * indentation, trailing newline); joined, they are `formatDiffJson(diff)`.
 */
export function writeDiffJson(diff: AccessDiff, sink: (chunk: string) => void): void {
  const write = changeWriter();
  let buffer = '{';
  for (const kind of ['added', 'removed', 'changed'] as ChangeKind[]) {
    buffer += `${kind === 'added' ? '' : ','}\n  "${kind}": `;
    if (!diff.changes.count(kind)) {
      buffer += '[]';
      continue;
    }
    buffer += '[';
    let first = true;
    diff.changes.forEachEntry(kind, (run, i) => {
      buffer += `${first ? '' : ','}\n${write(run, i)}`;
      first = false;
      if (buffer.length >= CHUNK) {
        sink(buffer);
        buffer = '';
      }
    });
    buffer += '\n  ]';
  }
  // The rest as JSON.stringify writes it, without its braces.
  const rest = JSON.stringify(
    {
      risks: { added: diff.risks.added, removed: diff.risks.removed },
      renamed: diff.renamed,
      notes: diff.notes,
      ...(diff.notCompared ? { notCompared: diff.notCompared } : {}),
      ...(diff.scope ? { scope: diff.scope } : {}),
    },
    null,
    2,
  );
  sink(`${buffer},${rest.slice(1, -2)}\n}\n`);
}

/** Renders an access diff as JSON (2-space indentation, trailing newline). */
export function formatDiffJson(diff: AccessDiff): string {
  const chunks: string[] = [];
  writeDiffJson(diff, (c) => chunks.push(c));
  return chunks.join('');
}
