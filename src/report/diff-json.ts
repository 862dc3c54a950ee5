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
 * Writes the text of each change at its place in the document (four spaces in) as pieces pushed
 * to `parts` (joined once per chunk: no string per change). The pieces before and after the action
 * (principal; resource, open-account stand-in, chain) are made once per run, each action's JSON
 * once; what follows (access, statements, conditions) is the same for every run sharing an entry:
 * its text is kept (for the last 50,000 entries written) and reused. Returns the pieces' length.
 */
function changeWriter(): (run: ChangeRun, i: number, parts: string[]) => number {
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
  // The JSON of each action name (a catalog's worth at most).
  const actions = new Map<string, string>();
  // The pieces of the last principal and of the last run (runs come sorted by principal).
  let principal: string | undefined;
  let head = '';
  let open: string | undefined;
  let lastRun: ChangeRun | undefined;
  let mid = '';
  return (run, i, parts) => {
    if (run !== lastRun) {
      lastRun = run;
      if (run.principal !== principal) {
        principal = run.principal;
        head = `    {\n      "principal": ${JSON.stringify(principal)},\n      "action": `;
        const fields = openAccountFields(principal);
        open = fields ? `\n      "openAccount": ${indented(fields, '      ')},` : undefined;
      }
      mid = `,\n      "resource": ${JSON.stringify(run.resource)},`;
      if (open) mid += open;
      if (run.via) mid += `\n      "via": ${indented(run.via, '      ')},`;
    }
    const name = run.entries[i]!.action;
    let action = actions.get(name);
    if (action === undefined) {
      action = JSON.stringify(name);
      actions.set(name, action);
    }
    const tail = tailOf(run, i);
    parts.push(head, action, mid, tail, '\n    }');
    return head.length + action.length + mid.length + tail.length + 6;
  };
}

const CHUNK = 1 << 16;

/**
 * Writes the JSON text of an access diff to `sink` in chunks of about 64 KB, in order (2-space
 * indentation, trailing newline); joined, they are `formatDiffJson(diff)`.
 */
export function writeDiffJson(diff: AccessDiff, sink: (chunk: string) => void): void {
  const write = changeWriter();
  // The pieces of the chunk being written, and their length.
  const parts: string[] = ['{'];
  let length = 1;
  const flush = () => {
    sink(parts.join(''));
    parts.length = 0;
    length = 0;
  };
  for (const kind of ['added', 'removed', 'changed'] as ChangeKind[]) {
    parts.push(`${kind === 'added' ? '' : ','}\n  "${kind}": `);
    if (!diff.changes.count(kind)) {
      parts.push('[]');
      continue;
    }
    parts.push('[');
    let separator = '\n';
    diff.changes.forEachEntry(kind, (run, i) => {
      parts.push(separator);
      separator = ',\n';
      length += 2 + write(run, i, parts);
      if (length >= CHUNK) flush();
    });
    parts.push('\n  ]');
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
  parts.push(`,${rest.slice(1, -2)}\n}\n`);
  flush();
}

/** Renders an access diff as JSON (2-space indentation, trailing newline). */
export function formatDiffJson(diff: AccessDiff): string {
  const chunks: string[] = [];
  writeDiffJson(diff, (c) => chunks.push(c));
  return chunks.join('');
}
