// What a plan's destroyed aws_organizations_policy_attachment does to the organization after
// apply. Owns the two Terraform shapes: a destroyed attachment of `p-FullAWSAccess` (imported,
// then removed from the configuration: the way a team detaches the default SCP with Terraform)
// detaches FullAWSAccess from its target, so an allow list there is the level's only Allow
// (`ModelBuilder.noteFullAccessDetached`, aws/org-managed-policies.ts); and an attachment with
// `skip_destroy` is not detached at all, so it stays in the model as attached.
//
// Terraform AWS provider, aws_organizations_policy_attachment, `skip_destroy`: "If set to true,
// destroy will not detach the policy and instead just remove the resource from state. This can be
// useful in situations where the attachment must be preserved to meet the AWS minimum
// requirement of 1 attached policy." AWS Organizations API Reference, DetachPolicy: "Every root,
// OU, and account must have at least one SCP attached. If you want to replace the default
// FullAWSAccess policy with an SCP that limits the permissions that can be delegated, you must
// attach the replacement SCP before you can remove the default SCP."

import { FULL_AWS_ACCESS, isOrgNodeId } from '../../../aws/org-managed-policies.js';
import type { TfInstance } from '../instances.js';
import type { TfLoadState } from './context.js';

const ATTACHMENT = 'aws_organizations_policy_attachment';

/** A destroyed attachment that destroy leaves attached (`skip_destroy = true`): it stays in the model. */
export function staysAttached(inst: TfInstance): boolean {
  return inst.type === ATTACHMENT && inst.action === 'delete' && inst.values.skip_destroy === true;
}

/**
 * Notes the levels the plan detaches FullAWSAccess from: each destroyed attachment of
 * `p-FullAWSAccess` to a known root, OU or account (not one with `skip_destroy`, nor a `forget`,
 * which leaves it in place).
 */
export function noteFullAccessDetachments(ctx: TfLoadState, instances: readonly TfInstance[]): void {
  for (const inst of instances) {
    if (inst.mode !== 'managed' || inst.type !== ATTACHMENT || inst.action !== 'delete') continue;
    if (staysAttached(inst) || inst.values.policy_id !== FULL_AWS_ACCESS.id) continue;
    const target = inst.values.target_id;
    if (typeof target === 'string' && isOrgNodeId(target)) ctx.builder.noteFullAccessDetached(target);
  }
}
