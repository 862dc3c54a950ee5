// The group memberships a diff's users gain or lose between the two states, with where each is
// written (src/model/types.ts `User.memberships`): access a user gains through a group is granted
// by the group's policy statements, and the membership that gives it is a separate element of the
// inputs (an `aws_iam_user_group_membership`, an `AWS::IAM::UserToGroupAddition`, a user's
// `Groups`). Owns `membershipChanges`, which labels the principals of a diff of two models with
// them (text renderers show them under the principal). An access snapshot records each user's
// memberships with their sources (`memberships`, optional: `membershipRecord`), so a snapshot diff
// names them too (`snapshotMembershipChanges`).

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

/** The memberships of one state only, between a user's groups before and after. */
function changesOf(before: Map<string, Source>, after: Map<string, Source>): MembershipChange[] {
  const changes: MembershipChange[] = [];
  for (const [group, source] of after)
    if (!before.has(group)) changes.push({ group, state: 'after', source });
  for (const [group, source] of before)
    if (!after.has(group)) changes.push({ group, state: 'before', source });
  return changes;
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
    const changes = changesOf(byGroup(base, baseUsers.get(key)), byGroup(next, nextUsers.get(key)));
    if (changes.length) label.memberships = changes;
  }
}

/** A snapshot's record of group memberships: by user ARN, each group (by name) and its source. */
export type MembershipRecord = Record<string, { group: string; source: Source }[]>;

/** The memberships of a model's users (`keep`: the snapshot's rows), as a snapshot records them. */
export function membershipRecord(model: Model, keep?: (user: string) => boolean): MembershipRecord {
  const out: MembershipRecord = {};
  for (const u of model.users) {
    if (keep && !keep(u.arn)) continue;
    const groups = [...byGroup(model, u)].map(([group, source]) => ({ group, source }));
    if (groups.length) out[u.arn] = groups;
  }
  return out;
}

/** Checks a parsed snapshot's `memberships` (undefined when absent). */
export function membershipRecordOf(
  value: unknown,
  fail: (why: string) => never,
): MembershipRecord | undefined {
  if (value === undefined) return undefined;
  const ok =
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every(
      (list) =>
        Array.isArray(list) &&
        list.every(
          (m) =>
            typeof m === 'object' &&
            m !== null &&
            typeof (m as { group?: unknown }).group === 'string' &&
            typeof (m as { source?: unknown }).source === 'object',
        ),
    );
  if (!ok) return fail('"memberships" is { USER-ARN: [{ "group", "source" }] }');
  return value as MembershipRecord;
}

/**
 * `membershipChanges` of a snapshot diff: the base's memberships as the snapshot records them
 * (users by diff key through `keyA`), the new state's from its model.
 */
export function snapshotMembershipChanges(
  record: MembershipRecord,
  keyA: (arn: string) => string,
  next: Model,
  labels: DiffLabels,
): void {
  const before = new Map(Object.entries(record).map(([arn, list]) => [keyA(arn), list]));
  const nextUsers = new Map(next.users.map((u) => [u.arn, u]));
  for (const [key, label] of Object.entries(labels.principals)) {
    if (label.kind !== 'user') continue;
    const was = new Map<string, Source>();
    for (const m of before.get(key) ?? []) if (!was.has(m.group)) was.set(m.group, m.source);
    const changes = changesOf(was, byGroup(next, nextUsers.get(key)));
    if (changes.length) label.memberships = changes;
  }
}

/** `member of group readers in the new state: the membership at main.tf:27:1 (…)`. */
export function membershipChangeText(m: MembershipChange): string {
  return m.state === 'after'
    ? `member of group ${m.group} in the new state: the membership at ${formatSource(m.source)}`
    : `no longer member of group ${m.group}: the base's membership at ${formatSource(m.source)}`;
}
