// How a report names one group membership of a user with where the inputs write it (`explain`'s
// request block, `who-can`'s principal): `member of group HR, the membership at main.tf:204:1
// (aws_iam_user_group_membership.john)`.

import { formatSource, type Source } from '../model/source.js';

const UNKNOWN = formatSource(undefined);

/** `member of group G[ (if the membership exists)][, the membership at SOURCE]`. */
export function membershipLine(group: string, source: Source | undefined, maybe: boolean): string {
  return `member of group ${group}${maybe ? ' (if the membership exists)' : ''}${source && formatSource(source) !== UNKNOWN ? `, the membership at ${formatSource(source)}` : ''}`;
}
