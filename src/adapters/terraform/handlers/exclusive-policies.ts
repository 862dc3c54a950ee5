// Terraform's exclusive policy resources: `aws_iam_role_policies_exclusive`,
// `aws_iam_role_policy_attachments_exclusive` and their user and group twins. Each takes over the
// inline policies (`policy_names`) or managed policy attachments (`policy_arns`) of one principal
// and removes every one it does not list, so a policy another resource of the inputs adds to that
// principal without being listed may or may not be there after apply (Terraform AWS provider,
// aws_iam_role_policies_exclusive: "This resource takes exclusive ownership over inline policies
// assigned to a role. This includes removal of inline policies which are not explicitly
// configured. To prevent persistent drift, ensure any aws_iam_role_policy resources managed
// alongside this resource are included in the policy_names argument."; the same for
// aws_iam_role_policy_attachments_exclusive and "managed IAM policies ... policy_arns"). A Deny
// such a resource removes must not be credited: the policy stays, maybe-present (`removedBy`).

import { isUnknown, Unknown } from '../../../model/unknown.js';
import type { InlinePolicy, PolicyAttachment } from '../../../model/types.js';
import { PartlyKnownList } from '../eval/partial-list.js';
import type { TfInstance } from '../instances.js';
import type { TfLoadState } from './context.js';

type PrincipalKind = 'user' | 'group' | 'role';

interface ExclusiveType {
  kind: PrincipalKind;
  principalAttr: string;
  policies: 'inline' | 'managed';
  listAttr: string;
}

export const EXCLUSIVE_POLICY_TYPES: Readonly<Record<string, ExclusiveType>> = {
  aws_iam_role_policies_exclusive: {
    kind: 'role',
    principalAttr: 'role_name',
    policies: 'inline',
    listAttr: 'policy_names',
  },
  aws_iam_role_policy_attachments_exclusive: {
    kind: 'role',
    principalAttr: 'role_name',
    policies: 'managed',
    listAttr: 'policy_arns',
  },
  aws_iam_user_policies_exclusive: {
    kind: 'user',
    principalAttr: 'user_name',
    policies: 'inline',
    listAttr: 'policy_names',
  },
  aws_iam_user_policy_attachments_exclusive: {
    kind: 'user',
    principalAttr: 'user_name',
    policies: 'managed',
    listAttr: 'policy_arns',
  },
  aws_iam_group_policies_exclusive: {
    kind: 'group',
    principalAttr: 'group_name',
    policies: 'inline',
    listAttr: 'policy_names',
  },
  aws_iam_group_policy_attachments_exclusive: {
    kind: 'group',
    principalAttr: 'group_name',
    policies: 'managed',
    listAttr: 'policy_arns',
  },
};

interface ExclusiveSet {
  inst: TfInstance;
  type: ExclusiveType;
  /** The names / ARNs (or model ids of referenced aws_iam_policy) it keeps. */
  listed: Set<string>;
  /** Some listed entry is unknown (and not a referenced policy): any policy may be kept. */
  partlyUnknown: boolean;
}

/** The exclusive policy resources of a configuration, read once their principals are in the model. */
export class ExclusivePolicySets {
  private sets: ExclusiveSet[] | undefined;

  constructor(
    private readonly ctx: TfLoadState,
    private readonly instances: readonly TfInstance[],
  ) {}

  private read(): ExclusiveSet[] {
    return this.instances.map((inst) => {
      const type = EXCLUSIVE_POLICY_TYPES[inst.type]!;
      const listed = new Set<string>();
      const raw = inst.values[type.listAttr];
      const items = raw instanceof PartlyKnownList ? [...raw.elements, raw.rest] : raw;
      let unknownItems = 0;
      if (Array.isArray(items)) {
        for (const x of items) {
          if (typeof x === 'string') listed.add(x);
          else unknownItems++;
        }
      } else if (items !== null && items !== undefined) unknownItems = Number.POSITIVE_INFINITY;
      if (type.policies === 'managed' && unknownItems) {
        // policy_arns = [aws_iam_policy.x.arn]: the ARN is known after apply; the reference names it
        const refs = this.ctx.referenced(inst, type.listAttr, ['policy']);
        for (const r of refs) listed.add(r.id);
        unknownItems -= refs.length;
      }
      return { inst, type, listed, partlyUnknown: unknownItems > 0 };
    });
  }

  /**
   * The principals an exclusive resource governs; `any` when the inputs do not pin it down. Read
   * on every call (principals are added while the roles' own policies are read, ELEMENTS phase).
   */
  private principalsOf(s: ExclusiveSet): Set<string> | 'any' {
    const value = s.inst.values[s.type.principalAttr];
    if (typeof value === 'string' && value) {
      const id = this.ctx.findPrincipal(s.type.kind, value);
      return new Set(id ? [id] : []);
    }
    const refs = s.inst.references(s.type.principalAttr);
    if (refs.length !== 1) return 'any';
    // one element referred to; one not recorded yet is not the principal asked about (recorded)
    const ref = this.ctx.byAddress.get(refs[0]!);
    return new Set(ref && ref.kind === s.type.kind ? [ref.id] : []);
  }

  /**
   * Why a policy `inst` adds to principal `id` may be removed by an exclusive resource that does
   * not list it (or might not), else undefined.
   */
  removedBy(
    inst: TfInstance,
    kind: PrincipalKind,
    id: string,
    policy: { inline: InlinePolicy } | { managed: PolicyAttachment },
  ): Unknown | undefined {
    if (!this.instances.length) return undefined;
    this.sets ??= this.read();
    const inline = 'inline' in policy;
    const key: unknown = inline ? policy.inline.name : policy.managed.policyArn;
    for (const s of this.sets) {
      if (s.type.kind !== kind || (s.type.policies === 'inline') !== inline) continue;
      const principals = this.principalsOf(s);
      if (principals !== 'any' && !principals.has(id)) continue;
      const listed = typeof key === 'string' && s.listed.has(key);
      if (listed) continue;
      const certain = principals !== 'any' && !s.partlyUnknown && !isUnknown(key);
      return new Unknown(
        `${s.inst.address} manages the ${inline ? 'inline' : 'managed'} policies of this ${kind} exclusively and ${certain ? 'does not list' : 'may not list'} the one ${inst.address} adds, so it removes it (resource cycling): it may or may not be attached after apply`,
        s.inst.source,
      );
    }
    return undefined;
  }
}
