// A short stderr summary of the model's error findings (invalid policies, cycles...): how
// many, and the first few with their location. Decisions still run; the summary says they
// may differ from what AWS would do where those errors are.

import type { Finding } from '../model/finding.js';
import { formatSource } from '../model/source.js';
import type { Model } from '../model/types.js';

const SHOWN = 5;

export function summarizeErrorFindings(model: Model): string | undefined {
  const errors = model.findings.filter((f: Finding) => f.severity === 'error');
  if (!errors.length) return undefined;
  const lines = [
    `iamspec: ${errors.length} error${errors.length === 1 ? '' : 's'} in the inputs; decisions that depend on them may differ from AWS:`,
  ];
  for (const f of errors.slice(0, SHOWN)) {
    const where = f.source ? formatSource(f.source) : '';
    lines.push(`  ${where && where !== '(unknown source)' ? `${where}: ` : ''}${f.message} [${f.code}]`);
  }
  if (errors.length > SHOWN) lines.push(`  ... and ${errors.length - SHOWN} more`);
  return `${lines.join('\n')}\n`;
}
