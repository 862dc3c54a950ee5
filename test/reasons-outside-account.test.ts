// An indeterminate decision on a resource of an account outside the model names its unknown: the
// resource's resource-based policy (engine.ts `outsideAccountPolicy`, kind `outside-policy`), not
// the fallback "the decision depends on a value the inputs do not pin down" with no unknown (the
// Terraform example's JSON matrix gave john's ec2:* IPAM requests on outside witnesses that
// reason). And a reason about a resource whose ARN names no account id (a witness ARN of a
// resource outside the inputs, `arn:aws:sqs:x:x::`) does not read "of account x"
// (aws/owner-account-actions.ts `ownerAccountText`).
//
// IAM User Guide, "Cross-account policy evaluation logic"
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html):
// "To allow cross-account access, you attach a resource-based policy to the resource that you
// want to share. You must also attach an identity-based policy to the identity that acts as the
// principal in the request."

import { describe, expect, it } from 'vitest';
import { reasonLine, reasonsOfDecision } from '../src/analysis/decision-reasons.js';
import { ownerAccountText } from '../src/aws/owner-account-actions.js';
import { allow, arns, EXTERNAL_ACCOUNT, policy, TestModel } from './helpers/engine-fixtures.js';

function model() {
  const t = new TestModel();
  t.user('john', { inline: [policy(allow(['ec2:*', 'sqs:*'], '*'))] });
  return t.engine();
}

describe('reasons of decisions on resources of accounts outside the model', () => {
  it("an ec2 request on another account's IPAM pool: the unknown is that resource's policy", () => {
    const engine = model();
    const request = {
      principal: arns.user('john'),
      action: 'ec2:CreateIpamPool',
      resource: `arn:aws:ec2::${EXTERNAL_ACCOUNT}:ipam-pool/example`,
    };
    // lean (the matrix's way: unknowns noted, worded on demand) and traced: the same reason
    for (const d of [
      engine.decide(request, { conditions: 'optimistic', unknowns: true }),
      engine.decide(request, { conditions: 'optimistic', trace: true }),
    ]) {
      expect(d.decision).toBe('indeterminate');
      const reasons = reasonsOfDecision(d);
      expect(reasons.map((r) => [r.kind, r.stage])).toEqual([['outside-policy', 'resource']]);
      expect(reasonLine(reasons[0]!)).toBe(
        `policy outside the inputs: account ${EXTERNAL_ACCOUNT} is outside the model: the resource's resource-based policy is unknown`,
      );
    }
  });

  it('an owner-account-only request on a witness ARN with no account id names no account "x"', () => {
    const engine = model();
    const d = engine.decide(
      { principal: arns.user('john'), action: 'sqs:SetQueueAttributes', resource: 'arn:aws:sqs:x:x::' },
      { conditions: 'optimistic', trace: true },
    );
    expect(d.decision).toBe('indeterminate');
    const lines = reasonsOfDecision(d).map(reasonLine);
    expect(lines.join('\n')).not.toMatch(/account x\b/);
    expect(lines.join('\n')).toContain(
      `whether ${arns.user('john')} is of the resource's account (its ARN names no account id: "x" in the account field)`,
    );
    // a known account id is named as it is
    expect(ownerAccountText(EXTERNAL_ACCOUNT)).toBe(`account ${EXTERNAL_ACCOUNT}`);
    // and the resource's policy outside the model, in the same words
    expect(lines.join('\n')).toContain(
      `policy outside the inputs: the resource's account (its ARN names no account id: "x" in the account field) is outside the model: the resource's resource-based policy is unknown`,
    );
  });
});
