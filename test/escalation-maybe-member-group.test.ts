// Rhino Security Labs 13 (iam:AddUserToGroup) onto a group the user may be in: a membership that
// might not exist (`User.maybeGroups`: a CloudFormation Condition, a Terraform count known only
// after apply) may not be there, so the group's policies are not the user's for sure, and joining
// it may give them. Before, the review skipped every group of `groupIdsOf` (sure and maybe
// memberships alike: no finding, noEscalation passed) while the escalation graph skipped only the
// sure ones; both now skip only the sure memberships (analysis/risk-escalation.ts
// `joinGroupAlternatives`, analysis/escalation.ts `rewriteRequests`), the review's side being the
// unsound one.
//
// Pages:
// - IAM API Reference, AddUserToGroup: "Adds the specified user to the specified group",
//   https://docs.aws.amazon.com/IAM/latest/APIReference/API_AddUserToGroup.html
// - IAM User Guide, "IAM user groups": "any user in that user group automatically has the
//   permissions that are assigned to the user group",
//   https://docs.aws.amazon.com/IAM/latest/UserGuide/id_groups.html

import { describe, expect, it } from 'vitest';
import { Unknown } from '../src/model/unknown.js';
import { ACCOUNT_A, allow, arns, policy, TestModel } from './helpers/engine-fixtures.js';
import { escalationFindings, noEscalationCheck } from './helpers/escalation-findings.js';

const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';
const ADMINS = `arn:aws:iam::${ACCOUNT_A}:group/admins`;
const DETAIL = 'Rhino Security Labs method 13';

/** dev may add itself to group admins (AdministratorAccess); `member`: how dev is in it already. */
function verdicts(member: 'maybe' | 'sure') {
  const t = new TestModel();
  const dev = t.user('dev', { inline: [policy(allow('iam:AddUserToGroup', ADMINS))] });
  const group = t.group('admins', [], { managed: [ADMIN] });
  const src = { file: 'escalation-maybe-member-group.test.ts' };
  if (member === 'maybe')
    t.b.addUserToGroup(
      dev,
      group,
      src,
      new Unknown('the membership\u2019s count is known only after apply', src),
    );
  else t.b.addUserToGroup(dev, group, src);
  const engine = t.engine();
  const findings = [...escalationFindings(engine).values()].filter(
    (f) => f.subject === arns.user('dev') && f.detail?.startsWith(DETAIL),
  );
  return { findings, check: noEscalationCheck(engine, 'user/dev').status };
}

describe('iam:AddUserToGroup onto a group the user may be in already', () => {
  it('a maybe-membership: the review has the finding (was: no finding, noEscalation passed)', () => {
    const r = verdicts('maybe');
    expect(r.findings).toHaveLength(1);
    expect(r.check).not.toBe('pass');
  });

  it('near miss: a sure membership: neither (joining gives nothing new)', () => {
    const r = verdicts('sure');
    expect(r.findings).toEqual([]);
  });
});
