// The JSON rendering of an access diff (`iamspec diff --format json`), kept stable:
// `{ added, removed, changed, risks: { added, removed }, renamed, notes }` where each change is
// `{ principal, action, resource, before, after, grants, conditions?, via? }` and each grant a
// statement reference with its source and the state it lives in (`before` / `after`).

import type { AccessDiff } from '../analysis/diff/types.js';

/** The JSON value of an access diff (see the module comment). */
export function diffJsonValue(diff: AccessDiff): Record<string, unknown> {
  return {
    added: diff.added,
    removed: diff.removed,
    changed: diff.changed,
    risks: { added: diff.risks.added, removed: diff.risks.removed },
    renamed: diff.renamed,
    notes: diff.notes,
  };
}

/** Renders an access diff as JSON (2-space indentation, trailing newline). */
export function formatDiffJson(diff: AccessDiff): string {
  return `${JSON.stringify(diffJsonValue(diff), null, 2)}\n`;
}
