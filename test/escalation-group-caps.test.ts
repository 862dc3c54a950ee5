// Rhino Security Labs 13 (iam:AddUserToGroup): a group's Allow is one more identity Allow of the
// user, and the user's permissions boundary and its account's SCPs still cap it. Before round 6
// `groupGain` (analysis/escalation-gain.ts) counted a group's Allow the user lacked as a gain even
// when the boundary or the SCPs kept that request out whatever identity policy allowed it: a high
// finding and a failed `noEscalation` for a user who could gain nothing. Now the engine's decision
// of the request (its boundary and SCP stages, `capsKeepOut`) decides it: kept out, nothing; not
// known (a boundary statement or an SCP placement the inputs leave open), indeterminate with why.
// One rule for the review and the spec (`groupGainsOf`).
//
// Pages:
// - IAM User Guide, "Permissions boundaries for IAM entities": "An entity's permissions boundary
//   allows it to perform only the actions that are allowed by both its identity-based policies and
//   its permissions boundaries",
//   https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html
// - IAM User Guide, "Policy evaluation logic": "If the enforcement code does not find any
//   applicable Allow statements in the SCPs, then the enforcement code returns a final decision of
//   Deny", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
// - AWS Organizations User Guide, "Service control policies (SCPs)": "SCPs do not grant
//   permissions to the IAM users and IAM roles in your organization",
//   https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html

import { describe, expect, it } from 'vitest';
import { groupGain } from '../src/analysis/escalation-gain.js';
import { Unknown } from '../src/model/unknown.js';
import { ACCOUNT_A, allow, arns, policy, TestModel } from './helpers/engine-fixtures.js';
import { escalationFindings, noEscalationCheck } from './helpers/escalation-findings.js';

const DETAIL = 'Rhino Security Labs method 13';
const TEAM = `arn:aws:iam::${ACCOUNT_A}:group/team`;
const INSTANCE = `arn:aws:ec2:us-east-1:${ACCOUNT_A}:instance/i-0123`;

/** dev may add itself to group `team` (allowing `groupActions` on `resource`), under `boundary` / `scp`. */
function verdicts(
  groupActions: string[],
  o: { boundary?: string[]; scp?: string[]; boundaryArn?: Unknown; resource?: string } = {},
) {
  const t = new TestModel(o.scp ? { scpFullAccessDetached: [ACCOUNT_A] } : {});
  if (o.scp) t.scp(ACCOUNT_A, policy(allow(o.scp, '*')), ACCOUNT_A);
  t.user('dev', {
    inline: [policy(allow('iam:AddUserToGroup', TEAM))],
    ...(o.boundary ? { boundary: policy(allow(o.boundary, '*')) } : {}),
    ...(o.boundaryArn ? { boundary: o.boundaryArn } : {}),
  });
  t.group('team', [], { inline: [policy(allow(groupActions, o.resource ?? '*'))] });
  const engine = t.engine();
  const found = [...escalationFindings(engine).values()].filter(
    (f) => f.subject === arns.user('dev') && f.detail?.startsWith(DETAIL),
  );
  const dev = engine.model.users.find((u) => u.name === 'dev')!;
  const team = engine.model.groups.find((g) => g.name === 'team')!;
  return {
    findings: found,
    check: noEscalationCheck(engine, 'user/dev').status,
    gain: groupGain(engine, dev, team),
  };
}

describe('iam:AddUserToGroup: the permissions boundary caps what the group gives', () => {
  it('a group allowing ec2:RunInstances, dev bounded to IAM and S3: nothing gained, no finding, noEscalation passes (before: high, fail)', () => {
    const r = verdicts(['ec2:RunInstances'], { boundary: ['iam:AddUserToGroup', 's3:*'] });
    expect(r.gain).toEqual({ gives: 'nothing' });
    expect(r.findings).toEqual([]);
    expect(r.check).toBe('pass');
  });

  it('near-miss: the group allows s3:PutObject, within the boundary: a gain, high; noEscalation not a pass', () => {
    const r = verdicts(['s3:PutObject'], { boundary: ['iam:AddUserToGroup', 's3:*'] });
    expect(r.gain).toEqual({ gives: 'more', gain: { action: 's3:PutObject', resource: '*' } });
    expect(r.findings.map((f) => f.severity)).toEqual(['high']);
    // A bounded principal's rewrite is indeterminate in the spec (spec/check-escalation.ts
    // `permissionRewrite`: what it then has is "not computed" under a boundary), never a pass.
    expect(r.check).toBe('indeterminate');
  });

  it('SCPs keep out a request of a wildcard Resource on its first member: indeterminate (the rest of the pattern is not weighed)', () => {
    const r = verdicts(['ec2:RunInstances'], { scp: ['iam:*', 's3:*'] });
    expect(r.gain.gives).toBe('unknown');
    expect(r.check).toBe('indeterminate');
  });

  it('a wildcard action the boundary keeps out on its first request: indeterminate (the rest of the pattern is not weighed)', () => {
    const r = verdicts(['ec2:*'], { boundary: ['iam:AddUserToGroup', 's3:*'] });
    expect(r.gain.gives).toBe('unknown');
    expect(r.check).toBe('indeterminate');
  });

  it('a boundary whose policy the inputs do not pin down: what the group gives is unknown, with why', () => {
    const r = verdicts(['ec2:RunInstances'], { boundaryArn: new Unknown('from parameter BoundaryArn') });
    expect(r.gain.gives).toBe('unknown');
    expect(r.check).toBe('indeterminate');
  });
});

describe('iam:AddUserToGroup: the SCPs cap what the group gives', () => {
  it('SCPs allowing IAM and S3 only, the group allowing ec2:RunInstances on an instance: nothing gained (before: high, fail)', () => {
    const r = verdicts(['ec2:RunInstances'], { scp: ['iam:*', 's3:*'], resource: INSTANCE });
    expect(r.gain).toEqual({ gives: 'nothing' });
    expect(r.findings).toEqual([]);
    expect(r.check).toBe('pass');
  });

  it('near-miss: SCPs allowing EC2 too: high, noEscalation fails', () => {
    const r = verdicts(['ec2:RunInstances'], { scp: ['iam:*', 's3:*', 'ec2:*'], resource: INSTANCE });
    expect(r.gain.gives).toBe('more');
    expect(r.findings.map((f) => f.severity)).toEqual(['high']);
    expect(r.check).toBe('fail');
  });
});
