// A new role of one's own is an escalation only if its creator may assume it: the trust it writes
// names it, so in its account no identity Allow of sts:AssumeRole is needed, but the SCPs still
// must allow the request. Before, analysis/escalation-new-principal.ts counted the creator in as
// soon as no explicit Deny stopped it, so a creator whose SCPs allow only IAM actions (an implicit
// deny of sts:AssumeRole) was reported (`iam:CreateRole with a policy and a trust of its own`,
// high; `noEscalation` failed): an over-report.
//
// Pages:
// - IAM User Guide, "Policy evaluation logic": "If a resource-based policy grants permission to a
//   principal in the same account, ... an implicit deny in an identity-based policy ... does not
//   prevent access"; IAM User Guide, "How AWS enforcement code logic evaluates requests to allow or
//   deny access", AWS Organizations SCPs: "If the enforcement code does not find any applicable
//   Allow statements in the SCPs, then the enforcement code returns a final decision of Deny"
//   (evaluated before the resource-based policies),
//   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html
// - AWS Organizations User Guide, "SCP evaluation": "there must be an explicit Allow statement at
//   every level from the root through each OU in the direct path to the account (including the
//   target account itself)",
//   https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html

import { describe, expect, it } from 'vitest';
import { ACCOUNT_A, allow, arns, policy, TestModel } from './helpers/engine-fixtures.js';
import { escalationFindings, noEscalationCheck } from './helpers/escalation-findings.js';

const PAGE = {
  sameAccount:
    'IAM User Guide, "Policy evaluation logic": "If a resource-based policy grants permission to a principal in the same account, ... an implicit deny in an identity-based policy ... does not prevent access"',
  enforcement:
    'IAM User Guide, "How AWS enforcement code logic evaluates requests to allow or deny access": "If the enforcement code does not find any applicable Allow statements in the SCPs, then the enforcement code returns a final decision of Deny"',
  scp: 'AWS Organizations User Guide, "SCP evaluation": "there must be an explicit Allow statement at every level from the root through each OU in the direct path to the account (including the target account itself)"',
};

const NEW_ROLES = `arn:aws:iam::${ACCOUNT_A}:role/new-*`;
const DETAIL = 'iam:CreateRole with a policy and a trust of its own';

/** dev may create role/new-* and write its inline policy; the account's SCP allows `scpActions`. */
function model(scpActions: string[]) {
  const t = new TestModel({ scpFullAccessDetached: [ACCOUNT_A] });
  t.scp(ACCOUNT_A, policy(allow(scpActions, '*')), ACCOUNT_A);
  t.user('dev', { inline: [policy(allow(['iam:CreateRole', 'iam:PutRolePolicy'], NEW_ROLES))] });
  return t.engine();
}

describe(`a new role's creator is let in by its trust, within its SCPs (${PAGE.sameAccount}; ${PAGE.enforcement}; ${PAGE.scp})`, () => {
  it('SCPs that allow IAM actions but not sts:AssumeRole: no new-role escalation, noEscalation passes', () => {
    const engine = model(['iam:*']);
    expect(escalationFindings(engine).get(`${arns.user('dev')} ${DETAIL}`)).toBeUndefined();
    expect(noEscalationCheck(engine, 'user/dev').status).toBe('pass');
  });

  it('near-miss: SCPs that allow sts:AssumeRole too: the escalation stands (high, noEscalation fails)', () => {
    const engine = model(['iam:*', 'sts:AssumeRole']);
    expect(escalationFindings(engine).get(`${arns.user('dev')} ${DETAIL}`)?.severity).toBe('high');
    expect(noEscalationCheck(engine, 'user/dev').status).toBe('fail');
  });
});
