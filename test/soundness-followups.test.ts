// Older soundness follow-ups (FOLLOWUPS.md, "Follow-ups noticed by helpers"), checked again on
// inputs shaped as real projects write them (CloudFormation templates, Terraform configurations):
// - a resource policy the inputs do not show (a Statement list or a whole PolicyDocument imported
//   from another stack; a Terraform policy or statement from an input variable without a value)
//   never lets `onlyPrincipals: []` pass: it is indeterminate, with the warning;
// - a tag whose value is known only at deployment is present with an unknown value, never absent:
//   a condition comparing it is indeterminate, `Null` on it is decided (the key is present).
// (Engine-level tests: test/unknown-statement.test.ts, test/engine-unknowns.test.ts.)
//
// AWS rules pinned here:
// - IAM User Guide, "Policy evaluation logic": "By default, all requests are implicitly denied"
//   unless an applicable policy allows them, and "An explicit deny in any of these policies
//   overrides the allow": a policy whose statements are unknown may do either.
//   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
// - IAM User Guide, "AWS global condition context keys", aws:ResourceTag/tag-key: "Use this key to
//   compare the tag key-value pair that you specify in the policy with the key-value pair attached
//   to the resource"; aws:PrincipalTag/tag-key: "Use this key to compare the tag attached to the
//   principal making the request with the tag that you specify in the policy".
//   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
// - IAM User Guide, "Condition operators": "Use a Null condition operator to check if a condition
//   key is absent at the time of authorization."
//   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Null

import { describe, expect, it } from 'vitest';
import { loadModelSync } from '../src/adapters/load.js';
import { checkOnlyPrincipals } from '../src/analysis/exhaustive.js';
import { compileModel } from '../src/engine/index.js';
import type { Model } from '../src/model/types.js';

const FX = 'test/fixtures/soundness-followups';
const ACCOUNT = '111122223333';
const QUEUE = `arn:aws:sqs:us-east-1:${ACCOUNT}:jobs`;

const cfn = (file: string): Model =>
  loadModelSync([`${FX}/${file}`], { account: ACCOUNT, region: 'us-east-1' });
const tf = (dir: string): Model => loadModelSync([`${FX}/${dir}`], { account: ACCOUNT });

/** onlyPrincipals: [] on (action, resource): whether it holds and its violations' decisions. */
function nobody(m: Model, action: string, resource: string) {
  const r = checkOnlyPrincipals(compileModel(m), action, resource, []);
  return { holds: r.holds, decisions: [...new Set(r.violations.map((v) => v.decision.decision))] };
}

describe('a resource policy the inputs do not show: onlyPrincipals is indeterminate, never a pass', () => {
  for (const [name, load, warning] of [
    ['CloudFormation imports', () => cfn('policy-imports.yaml'), 'cfn/import-not-found'],
    ['Terraform variables', () => tf('tf-policy'), 'model/unknown-value'],
  ] as const)
    it(name, () => {
      const m = load();
      expect(nobody(m, 's3:GetObject', 'arn:aws:s3:::company-data/report.csv')).toEqual({
        holds: false,
        decisions: ['indeterminate'],
      });
      expect(nobody(m, 'sqs:SendMessage', QUEUE)).toEqual({ holds: false, decisions: ['indeterminate'] });
      // The user sees why: a located warning per unknown policy.
      const seen = m.findings.filter((f) => f.code === warning);
      expect(seen).toHaveLength(2);
      expect(seen.every((f) => f.source?.line !== undefined)).toBe(true);
    });
});

describe('a tag whose value is known only at deployment is present, its value unknown', () => {
  for (const [name, load, principal] of [
    ['CloudFormation', () => cfn('tag-values.yaml'), `arn:aws:iam::${ACCOUNT}:role/worker`],
    ['Terraform', () => tf('tf-tags'), `arn:aws:iam::${ACCOUNT}:user/dev`],
  ] as const)
    it(name, () => {
      const engine = compileModel(load());
      const decide = (action: string) =>
        engine.decide({ principal, action, resource: 'arn:aws:s3:::company-data/report.csv' }).decision;
      // aws:ResourceTag/team = "blue" and aws:PrincipalTag/team = "blue": the values may be blue.
      expect(decide('s3:GetObject')).toBe('indeterminate');
      expect(decide('s3:PutObject')).toBe('indeterminate');
      // Null "true" (the tag is absent) is false: the tag exists, whatever its value.
      expect(decide('s3:DeleteObject')).toBe('deny');
    });
});

// A template naming a region itself while none is given: test/region-stand-in.test.ts.
