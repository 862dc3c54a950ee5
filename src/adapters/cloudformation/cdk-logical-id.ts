// CDK logical ids from construct paths, used to map tree.json construct paths to template
// logical ids when an assembly has no `aws:cdk:path` / `aws:cdk:logicalId` metadata. CDK's rule
// (documented in the CDK Developer Guide, "Identifiers", https://docs.aws.amazon.com/cdk/v2/guide/identifiers.html):
// a top-level construct keeps its id; deeper ones get the path's alphanumeric characters
// (without `Default` and `Resource` components, consecutive duplicates merged) plus the first
// 8 hex digits, uppercase, of the MD5 of the path components joined with `/`.

import { createHash } from 'node:crypto';

const HIDDEN_ID = 'Default';
const HIDDEN_FROM_HUMAN_ID = 'Resource';
const MAX_HUMAN_LEN = 240;
const MAX_ID_LEN = 255;

function alphanumeric(s: string): string {
  return s.replace(/[^A-Za-z0-9]/g, '');
}

/** Logical id CDK gives to the construct at `components` (path relative to its stack). */
export function cdkLogicalId(components: readonly string[]): string | undefined {
  const parts = components.filter((c) => c !== HIDDEN_ID);
  if (parts.length === 0) return undefined;
  if (parts.length === 1) {
    const candidate = alphanumeric(parts[0]!);
    if (candidate.length <= MAX_ID_LEN) return candidate;
  }
  const hash = createHash('md5').update(parts.join('/')).digest('hex').slice(0, 8).toUpperCase();
  const human: string[] = [];
  for (const c of parts) {
    if (human.length === 0 || !human[human.length - 1]!.endsWith(c)) human.push(c);
  }
  return (
    human
      .filter((c) => c !== HIDDEN_FROM_HUMAN_ID)
      .map(alphanumeric)
      .join('')
      .slice(0, MAX_HUMAN_LEN) + hash
  );
}
