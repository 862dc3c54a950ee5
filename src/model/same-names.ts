// Same-name labels: the one rule by which every short label of a review (matrix rows and
// columns, risk findings, who-can paths, role chains, access diffs) tells apart two elements
// that share a name in different accounts or Regions (`my-table` in two accounts): a label more
// than one element of the same listing would have says, after it, where each one is
// (`my-table (dynamodb-table, account 111122223333, us-east-1)`). Labels no two elements share
// stay as they are.

import { parseArn } from './arns.js';
/** The labels that more than one distinct key of `items` would have. */
export function sharedLabels<T>(
  items: Iterable<T>,
  label: (item: T) => string,
  key: (item: T) => string,
): Set<string> {
  const first = new Map<string, string>();
  const out = new Set<string>();
  for (const item of items) {
    const l = label(item);
    const k = key(item);
    const seen = first.get(l);
    if (seen === undefined) first.set(l, k);
    else if (seen !== k) out.add(l);
  }
  return out;
}

/** `account 111122223333`, `us-east-1`: where the element of `arn` is (what the ARN states). */
export function whereWords(arn: string): string[] {
  const parsed = parseArn(arn);
  return [parsed?.account ? `account ${parsed.account}` : '', parsed?.region ?? ''].filter((x) => x);
}

/** `label (kind, account A, region R)`: the label of an element whose name another shares. */
export function qualifiedLabel(label: string, arn: string, kind?: string): string {
  const where = [...(kind ? [kind] : []), ...whereWords(arn)];
  return where.length ? `${label} (${where.join(', ')})` : `${label} (${arn})`;
}

/**
 * The labeller of a listing of principal or resource ARNs: `label(arn)` as given, qualified by
 * where the element is when another ARN of the listing has the same label.
 */
export function sameNameLabeller(
  arns: Iterable<string>,
  label: (arn: string) => string,
): (arn: string) => string {
  const list = [...new Set(arns)];
  const shared = sharedLabels(list, label, (a) => a);
  return (arn) => {
    const l = label(arn);
    return shared.has(l) ? qualifiedLabel(l, arn) : l;
  };
}
