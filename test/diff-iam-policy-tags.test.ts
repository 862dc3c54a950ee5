// The access diff and the tags of IAM customer managed policies: a policy is no column of the
// diff (its columns are the inputs' resources and roles), so a statement allowing
// `iam:CreatePolicyVersion` on `*` under `StringEquals aws:ResourceTag/team: dev` is an outside
// statement compared on witness columns, and the model's own policies are witnesses of their own
// where some policy reads tags (diff/outside-compare.ts `taggedIamWitnesses`). Before, a tag
// change on the policy that turns the condition from false to true was a silent pass: the
// statement was the same in both states and no witness was the policy.
//
// - aws:ResourceTag/tag-key: "Use this key to compare the tag key-value pair that you specify in
//   the policy with the key-value pair that is attached to the resource." (IAM User Guide, "AWS
//   global condition context keys",
//   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html)
// - The Service Authorization Reference lists aws:ResourceTag/${TagKey} for the IAM resource type
//   policy ("Actions, resources, and condition keys for AWS Identity and Access Management").
import { describe, expect, it } from 'vitest';
import { diffModels } from '../src/analysis/diff/access-diff.js';
import { DEV, POLICY, policyTagsTerraform, rewriteTeamDev } from './helpers/policy-tags.js';
import { loadTerraformFiles } from './helpers/temp-inputs.js';

const REWRITE = rewriteTeamDev(['iam:CreatePolicyVersion']);
const terraform = (team: string) => policyTagsTerraform(`tags   = { team = "${team}" }`, REWRITE);

describe('diff: a tag change on an IAM managed policy a condition reads', () => {
  it('team ops → dev: user dev may now rewrite policy app, reported as added (was: no change)', async () => {
    const d = await diffModels(loadTerraformFiles(terraform('ops')), loadTerraformFiles(terraform('dev')));
    expect(d.added.map((c) => [c.principal, c.action, c.resource, c.before, c.after])).toContainEqual([
      DEV,
      'iam:CreatePolicyVersion',
      POLICY,
      'deny',
      'allow',
    ]);
  });

  it('team dev → ops: the access is removed', async () => {
    const d = await diffModels(loadTerraformFiles(terraform('dev')), loadTerraformFiles(terraform('ops')));
    expect(d.removed.map((c) => [c.principal, c.action, c.resource])).toContainEqual([
      DEV,
      'iam:CreatePolicyVersion',
      POLICY,
    ]);
  });

  it('tags unchanged: no change', async () => {
    const d = await diffModels(loadTerraformFiles(terraform('dev')), loadTerraformFiles(terraform('dev')));
    expect([...d.added, ...d.removed, ...d.changed]).toEqual([]);
    expect(d.notCompared).toBeUndefined();
  });
});
