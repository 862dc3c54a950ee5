// The spec's `noEscalation` reads the source-identity rule the review's chain findings read
// (analysis/escalation-caller-choices.ts `edgeSourceIdentityChoices`, `withChoices`, applied by
// spec/check-escalation.ts `withCallerChoices`). Before: the review said a path from a role
// session into an administrator whose trust reads the source identity is indeterminate (whoever
// made the session may have set one already), while `noEscalation` failed it as a plain
// conditional hop ("can escalate"); and a user's path met by setting the source identity itself
// did not say so in the check.
//
// IAM User Guide, "Monitor and control actions taken with assumed roles",
// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_control-access_monitor.html:
// "After a source identity is set, it is present in requests for any AWS action taken during the
// role session. The value that is set persists when a role is used to assume another role through
// the AWS CLI or AWS API, known as role chaining. The value that is set cannot be changed during
// the role session."

import { describe, expect, it } from 'vitest';
import { ACCOUNT_A, allow, arns, policy, TestModel } from './helpers/engine-fixtures.js';
import { escalationFindings, noEscalationCheck } from './helpers/escalation-findings.js';
import { SESSION_TAG_ADMIN_DETAIL as DETAIL } from './helpers/session-tag-chain.js';

const ALICE = { StringEquals: { 'sts:SourceIdentity': 'alice' } };

function adminRole(t: TestModel) {
  t.role('admin', {
    trust: policy({
      Effect: 'Allow',
      Principal: { AWS: ACCOUNT_A },
      Action: ['sts:AssumeRole', 'sts:SetSourceIdentity'],
      Condition: ALICE,
    }),
    inline: [policy(allow('*', '*'))],
  });
}

describe('noEscalation and the review read one source-identity rule', () => {
  it('a user that sets the source identity itself: the review finds it, the check fails saying so', () => {
    const t = new TestModel();
    t.user('dev', { inline: [policy(allow(['sts:AssumeRole', 'sts:SetSourceIdentity'], '*'))] });
    adminRole(t);
    const engine = t.engine();
    expect(escalationFindings(engine).get(`${arns.user('dev')} ${DETAIL}`)).toBeDefined();
    const check = noEscalationCheck(engine, 'user/dev');
    expect(check.status).toBe('fail');
    expect(check.message).toContain(
      'source identity set by the caller (sts:SetSourceIdentity) into role admin',
    );
  });

  it('a path from a role session: indeterminate in both, with the same reason (the check failed as sure)', () => {
    const t = new TestModel();
    t.role('ops', {
      trust: policy({ Effect: 'Allow', Principal: { AWS: ACCOUNT_A }, Action: 'sts:AssumeRole' }),
      inline: [policy(allow(['sts:AssumeRole', 'sts:SetSourceIdentity'], arns.role('admin')))],
    });
    adminRole(t);
    const engine = t.engine();
    const review = escalationFindings(engine).get(`${arns.role('ops')} ${DETAIL}`);
    expect(review?.indeterminate).toBeDefined();
    const check = noEscalationCheck(engine, 'role/ops');
    expect(check.status).toBe('indeterminate');
    expect(check.message).toMatch(/^role\/ops may escalate to administrator-equivalent access/);
    const why = 'may carry one set by whoever made it';
    expect(JSON.stringify(review!.indeterminate)).toContain(why);
    expect(JSON.stringify(check.indeterminate)).toContain(why);
  });
});
