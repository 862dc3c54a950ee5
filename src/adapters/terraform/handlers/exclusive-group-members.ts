// `aws_iam_group_membership` manages the members of its group exclusively: on apply it removes
// every user of the group it does not list (Terraform AWS provider, aws_iam_group_membership:
// "WARNING: Multiple aws_iam_group_membership resources with the same group name will produce
// inconsistent behavior!" and "aws_iam_group_membership will conflict with itself if used more
// than once with the same group. To non-exclusively manage the users in a group, see the
// aws_iam_user_group_membership resource."). So a membership another resource of the inputs adds
// (an `aws_iam_user_group_membership`, a second `aws_iam_group_membership`) for a user the
// exclusive one does not list may or may not hold after apply: it stays maybe-present, and a
// Deny of the group is not credited to that user (a `cannot` resting on it is indeterminate).

import { Unknown } from '../../../model/unknown.js';
import type { TfInstance } from '../instances.js';
import type { TfLoadState, Targets } from './context.js';

interface ExclusiveMembers {
  inst: TfInstance;
  group: Targets;
  users: Targets;
}

function isSet(v: unknown): boolean {
  return v !== null && v !== undefined && v !== '';
}

/** The aws_iam_group_membership instances of a configuration, read once users and groups are in the model. */
export class ExclusiveGroupMembers {
  private read: ExclusiveMembers[] | undefined;

  constructor(
    private readonly ctx: TfLoadState,
    private readonly instances: readonly TfInstance[],
  ) {}

  private members(): ExclusiveMembers[] {
    this.read ??= this.instances
      // one whose group or users is not set is not applied (its own handler says so)
      .filter((inst) => isSet(inst.values.group) && isSet(inst.values.users))
      .map((inst) => ({
        inst,
        group: this.ctx.targets(inst, 'group', 'group') ?? { known: [] },
        users: this.ctx.targetsList(inst, 'users', 'user'),
      }));
    return this.read;
  }

  /**
   * Why the membership of user `userId` in group `groupId` that `inst` adds may be removed by an
   * aws_iam_group_membership of that group (another instance; an unknown group may be it) that
   * does not list the user for certain, else undefined.
   */
  removedBy(inst: TfInstance, userId: string, groupId: string): Unknown | undefined {
    if (!this.instances.length) return undefined;
    for (const m of this.members()) {
      if (m.inst.address === inst.address) continue;
      const group = m.group.known.find((g) => g.id === groupId);
      if (!group && !m.group.unknown) continue;
      const listed = m.users.known.find((u) => u.id === userId);
      if (listed && !listed.presence) continue;
      const certain = group && !group.presence && !listed && !m.users.unknown;
      return new Unknown(
        `${m.inst.address} (aws_iam_group_membership) manages the members of ${group ? 'this group' : 'a group the inputs do not pin down'} exclusively and ${certain ? 'does not list' : 'may not list'} the user ${inst.address} adds, so it removes it (resource cycling): the membership may or may not hold after apply`,
        inst.source,
      );
    }
    return undefined;
  }
}
