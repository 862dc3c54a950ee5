// The JSON rendering of a who-can answer: the WhoCanResult contract of src/analysis/types.ts
// (action, resource, entries with access, conditions, path hops and grants with their sources),
// with a readable `label` per entry (`user/john → role/JohnUploadRole`) for scripts that print.

import type { WhoCanResult } from '../analysis/types.js';
import { whoCanPathLabel } from './who-can-text.js';

/** Renders a who-can result as JSON (2-space indentation, trailing newline). */
export function formatWhoCanJson(result: WhoCanResult): string {
  const out = {
    action: result.action,
    resource: result.resource,
    entries: result.entries.map((e) => ({ label: whoCanPathLabel(e), ...e })),
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}
