// The JSON rendering of a who-can answer: the WhoCanResult contract of src/analysis/types.ts
// (action, resource, entries with access, conditions, path hops and grants with their sources),
// with a readable `label` per entry (`user/john → role/JohnUploadRole`) for scripts that print,
// and the warnings about the inputs.

import type { WhoCanResult } from '../analysis/types.js';
import type { SpecWarning } from '../spec/types.js';
import { whoCanPathLabel } from './who-can-text.js';
import { jsonWarning } from './warnings.js';

/**
 * Renders a who-can result as JSON (2-space indentation, trailing newline), with the warnings
 * about the inputs (`warnings`: what iamspec could not pin down) when given.
 */
export function formatWhoCanJson(result: WhoCanResult, warnings?: readonly SpecWarning[]): string {
  const out = {
    action: result.action,
    resource: result.resource,
    entries: result.entries.map((e) => ({ label: whoCanPathLabel(e), ...e })),
    ...(warnings ? { warnings: warnings.map(jsonWarning) } : {}),
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}
