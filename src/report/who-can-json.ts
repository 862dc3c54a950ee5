// The JSON rendering of a who-can answer: the WhoCanResult contract of src/analysis/types.ts
// (action, resource, entries with access, conditions, path hops and grants with their sources),
// with a readable `label` per entry (`user/john → role/JohnUploadRole`) for scripts that print,
// `openAccount` (kind, account, label, reason) on the entries of the open-account stand-ins, and
// the warnings about the inputs.

import type { WhoCanResult } from '../analysis/types.js';
import { openAccountFields } from '../model/open-accounts.js';
import { knownAsIn } from '../requests/element-names.js';
import type { SpecWarning } from '../spec/types.js';
import { whoCanLabeller, whoCanPathLabel } from './who-can-text.js';
import { jsonWarning } from './warnings.js';

/**
 * Renders a who-can result as JSON (2-space indentation, trailing newline), with the warnings
 * about the inputs (`warnings`: what iamspec could not pin down) when given, and `knownAs`: the
 * made-up names it mentions with their construct paths or Terraform addresses (from `names`,
 * `madeUpNames(model)`).
 */
export function formatWhoCanJson(
  result: WhoCanResult,
  warnings?: readonly SpecWarning[],
  names?: ReadonlyMap<string, string>,
): string {
  const label = whoCanLabeller(result);
  const out = {
    action: result.action,
    resource: result.resource,
    ...(result.assumed ? { assumed: result.assumed } : {}),
    entries: result.entries.map((e) => {
      const open = openAccountFields(e.principal);
      return { label: whoCanPathLabel(e, label), ...e, ...(open ? { openAccount: open } : {}) };
    }),
  };
  const knownAs = names ? knownAsIn(JSON.stringify(out), names) : undefined;
  const all = {
    ...out,
    ...(knownAs ? { knownAs } : {}),
    ...(warnings ? { warnings: warnings.map(jsonWarning) } : {}),
  };
  return `${JSON.stringify(all, null, 2)}\n`;
}
