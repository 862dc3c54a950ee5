// The group memberships a diff's users gain or lose between the two states, with where each is
// written (src/model/types.ts `User.memberships`): access a user gains through a group is granted
// by the group's policy statements, and the membership that gives it is a separate element of the
// inputs (an `aws_iam_user_group_membership`, an `AWS::IAM::UserToGroupAddition`, a user's
// `Groups`). Owns `membershipChanges`, which labels the principals of a diff of two models with
// them (text renderers show them under the principal).

import { formatSource, type Source } from '../../model/source.js';
import type { Model, User } from '../../model/types.js';
import type { IdentityMap } from './identity.js';
import type { DiffLabels, DiffState } from './types.js';

/** A membership present in one state only. */
export interface MembershipChange {
  /** The group's name. */
  group: string;
  /** The state that has it (`after`: gained, `before`: lost). */
  state: DiffState;
  source: Source;
}

function byGroup(model: Model, user: User | undefined): Map<string, Source> {
  const names = new Map(model.groups.map((g) => [g.id, g.name]));
  const out = new Map<string, Source>();
  for (const m of user?.memberships ?? []) {
    const name = names.get(m.group) ?? m.group;
    if (!out.has(name)) out.set(name, m.source);
  }
  return out;
}

/**
 * Adds to each user of `labels` the memberships it has in one state only (groups compared by
 * name; a user renamed between the states is matched through `identity`).
 */
export function membershipChanges(base: Model, next: Model, identity: IdentityMap, labels: DiffLabels): void {
  const baseUsers = new Map(base.users.map((u) => [identity.baseToNew.get(u.arn) ?? u.arn, u]));
  const nextUsers = new Map(next.users.map((u) => [u.arn, u]));
  for (const [key, label] of Object.entries(labels.principals)) {
    if (label.kind !== 'user') continue;
    const before = byGroup(base, baseUsers.get(key));
    const after = byGroup(next, nextUsers.get(key));
    const changes: MembershipChange[] = [];
    for (const [group, source] of after)
      if (!before.has(group)) changes.push({ group, state: 'after', source });
    for (const [group, source] of before)
      if (!after.has(group)) changes.push({ group, state: 'before', source });
    if (changes.length) label.memberships = changes;
  }
}

/** `member of group readers in the new state: the membership at main.tf:27:1 (…)`. */
export function membershipChangeText(m: MembershipChange): string {
  return m.state === 'after'
    ? `member of group ${m.group} in the new state: the membership at ${formatSource(m.source)}`
    : `no longer member of group ${m.group}: the base's membership at ${formatSource(m.source)}`;
}
