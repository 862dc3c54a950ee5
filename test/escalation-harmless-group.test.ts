// Rhino Security Labs 13 (iam:AddUserToGroup, "add itself to another group") gains the user only
// what the group's policies give it. Before, the review reported adding oneself to any other group
// as high and the spec's `noEscalation` failed, even for a group whose policies the user has
// already (ReadOnlyAccess on both) or that only denies: an over-report. Both now leave out a group
// that surely adds no Allow the user lacks (analysis/escalation-gain.ts `groupGivesNothingNew`,
// one rule for the review and the spec), and keep every other group, unknown policies included.
//
// Pages:
// - Rhino Security Labs, "AWS IAM Privilege Escalation – Methods and Mitigation", method 13:
//   "An attacker with the iam:AddUserToGroup permission can use it to add themselves to an
//   existing IAM Group in the AWS account",
//   https://rhinosecuritylabs.com/aws/aws-privilege-escalation-methods-mitigation/
// - IAM API Reference, AddUserToGroup: "Adds the specified user to the specified group",
//   https://docs.aws.amazon.com/IAM/latest/APIReference/API_AddUserToGroup.html
// - IAM User Guide, "IAM user groups": "An IAM user group is a collection of IAM users. User groups
//   let you specify permissions for multiple users",
//   https://docs.aws.amazon.com/IAM/latest/UserGuide/id_groups.html

import { describe, expect, it } from 'vitest';
import { ACCOUNT_A, allow, arns, deny, policy, TestModel } from './helpers/engine-fixtures.js';
import { escalationFindings, noEscalationCheck } from './helpers/escalation-findings.js';

const PAGE = {
  rhino:
    'Rhino Security Labs, method 13: "An attacker with the iam:AddUserToGroup permission can use it to add themselves to an existing IAM Group in the AWS account"',
  groups:
    'IAM User Guide, "IAM user groups": "An IAM user group is a collection of IAM users. User groups let you specify permissions for multiple users"',
};

const READ_ONLY = 'arn:aws:iam::aws:policy/ReadOnlyAccess';
const DETAIL = 'Rhino Security Labs method 13';
const TEAM = `arn:aws:iam::${ACCOUNT_A}:group/team`;

/** dev has ReadOnlyAccess and may add itself to group `team`, set up by `group`. */
function verdicts(group: (t: TestModel) => void) {
  const t = new TestModel();
  t.user('dev', {
    managed: [READ_ONLY],
    inline: [policy(allow('iam:AddUserToGroup', TEAM))],
  });
  group(t);
  const engine = t.engine();
  const found = [...escalationFindings(engine).values()].filter(
    (f) => f.subject === arns.user('dev') && f.detail?.startsWith(DETAIL),
  );
  return { findings: found, check: noEscalationCheck(engine, 'user/dev').status };
}

describe(`iam:AddUserToGroup counts only for a group that gives something (${PAGE.rhino}; ${PAGE.groups})`, () => {
  it('a group with ReadOnlyAccess only, which dev has: no finding, noEscalation passes', () => {
    const r = verdicts((t) => t.group('team', [], { managed: [READ_ONLY] }));
    expect(r.findings).toEqual([]);
    expect(r.check).toBe('pass');
  });

  it('a group whose inline policy only denies: no finding, noEscalation passes', () => {
    const r = verdicts((t) => t.group('team', [], { inline: [policy(deny('s3:*', '*'))] }));
    expect(r.findings).toEqual([]);
    expect(r.check).toBe('pass');
  });

  it('near-miss: a group that allows s3:PutObject (dev lacks it): high, noEscalation fails', () => {
    const r = verdicts((t) => t.group('team', [], { inline: [policy(allow('s3:PutObject', '*'))] }));
    expect(r.findings.map((f) => f.severity)).toEqual(['high']);
    expect(r.check).toBe('fail');
  });

  it('near-miss: a group with AdministratorAccess: high', () => {
    const r = verdicts((t) =>
      t.group('team', [], { managed: ['arn:aws:iam::aws:policy/AdministratorAccess'] }),
    );
    expect(r.findings.map((f) => f.severity)).toEqual(['high']);
    expect(r.check).toBe('fail');
  });
});
