// How a report names one group membership of a user with where the inputs write it (`explain`'s
// request block, the matchers' trace, `who-can`'s principal): `member of group HR, the membership
// at main.tf:204:1 (aws_iam_user_group_membership.john)`. The group by its name, never its id.

import { formatSource, type Source } from '../model/source.js';
import type { Model, User } from '../model/types.js';

const UNKNOWN = formatSource(undefined);

/** `member of group G[ (if the membership exists)][, the membership at SOURCE]`. */
export function membershipLine(group: string, source: Source | undefined, maybe: boolean): string {
  return `member of group ${group}${maybe ? ' (if the membership exists)' : ''}${source && formatSource(source) !== UNKNOWN ? `, the membership at ${formatSource(source)}` : ''}`;
}

/** Each group membership of a model user, the group named as the model names it. */
export function userMembershipLines(user: User, model: Model): string[] {
  const names = new Map(model.groups.map((g) => [g.id, g.name]));
  return user.memberships.map((ms) =>
    membershipLine(names.get(ms.group) ?? ms.group, ms.source, !!ms.presence),
  );
}
