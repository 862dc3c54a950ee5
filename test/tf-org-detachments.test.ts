// A Terraform plan that destroys the attachment of FullAWSAccess detaches it from its target
// after apply; `skip_destroy` leaves an attachment attached (src/adapters/terraform/handlers/
// org-detachments.ts, aws/org-managed-policies.ts `fullAccessMaybeAttached`).
//
// - AWS Organizations API Reference, DetachPolicy: "Every root, OU, and account must have at least
//   one SCP attached. If you want to replace the default FullAWSAccess policy with an SCP that
//   limits the permissions that can be delegated, you must attach the replacement SCP before you
//   can remove the default SCP. This is the authorization strategy of an "allow list"."
//   https://docs.aws.amazon.com/organizations/latest/APIReference/API_DetachPolicy.html
// - Terraform AWS provider, aws_organizations_policy_attachment, skip_destroy: "If set to true,
//   destroy will not detach the policy and instead just remove the resource from state. This can
//   be useful in situations where the attachment must be preserved to meet the AWS minimum
//   requirement of 1 attached policy."

import { describe, expect, it } from 'vitest';
import { loadModelSync } from '../src/adapters/load.js';
import type { Model } from '../src/model/types.js';

const FX = 'test/fixtures/org-managed/plan-detach';
const ACCOUNT = '111122223333';
const OU = 'ou-ab12-11111111';

/** The SCPs of the deploying account: [name or address, level, maybe-present]. */
function scps(model: Model) {
  return model.organizations
    .find((o) => o.account === ACCOUNT)!
    .scps.filter((d) => typeof d.orgLevel === 'string' && d.orgLevel.startsWith('ou-'))
    .map((d) => [d.source.builtIn ? 'built-in FullAWSAccess' : d.name, d.orgLevel, !!d.presence]);
}

describe('a plan destroying the p-FullAWSAccess attachment of an OU', () => {
  it("after apply: FullAWSAccess is detached there, the allow list is the OU's only Allow", () => {
    const after = scps(loadModelSync([`${FX}/plan.json`]));
    expect(after.filter(([name, level]) => String(name).includes('FullAWSAccess') && level === OU)).toEqual(
      [],
    );
    expect(after.map(([name, level]) => [name, level])).toContainEqual(['get-only', OU]);
  });

  it('before (the diff base, the prior state): it is attached, as the inputs say', () => {
    const before = scps(loadModelSync([`${FX}/plan.json`], { planSide: 'prior' }));
    expect(before.map(([name, level]) => [name, level])).toContainEqual(['FullAWSAccess', OU]);
  });

  it('with skip_destroy the destroy does not detach it: FullAWSAccess stays, and so does a custom attachment', () => {
    const after = scps(loadModelSync([`${FX}/plan-skip-destroy.json`]));
    // The attachment of the inputs stays (read as attached), so no maybe-present copy is needed
    // beside it beyond what its own presence asks.
    expect(after.map(([name, level]) => [name, level])).toContainEqual(['FullAWSAccess', OU]);
    // The get-only attachment to another OU, destroyed with skip_destroy, is still attached.
    expect(after.map(([name, level]) => [name, level])).toContainEqual(['get-only', 'ou-ab12-22222222']);
    // Without skip_destroy on the FullAWSAccess attachment, the other OU keeps its get-only list
    // too (skip_destroy there), with FullAWSAccess maybe beside it.
    const detached = scps(loadModelSync([`${FX}/plan.json`]));
    expect(detached).toContainEqual(['built-in FullAWSAccess', 'ou-ab12-22222222', true]);
  });
});
