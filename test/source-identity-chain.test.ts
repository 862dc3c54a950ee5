// The review's chain findings and the source identity (src/analysis/escalation-caller-choices.ts
// `sourceIdentityChoices`): an administrator role whose trust requires a source identity value is
// entered by whoever may set that value. Before, the path was assume-only and the review skipped
// it (no finding), although dev can set any source identity it likes.
//
// IAM User Guide, "Monitor and control actions taken with assumed roles",
// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_control-access_monitor.html:
// "After a source identity is set, it is present in requests for any AWS action taken during the
// role session. The value that is set persists when a role is used to assume another role through
// the AWS CLI or AWS API, known as role chaining. The value that is set cannot be changed during
// the role session." AWS STS API Reference, AssumeRole, SourceIdentity: "You can require users to
// specify a source identity when they assume a role. You do this by using the sts:SourceIdentity
// condition key in a role trust policy."

import { describe, expect, it } from 'vitest';
import { ACCOUNT_A, allow, arns, policy, TestModel } from './helpers/engine-fixtures.js';
import { escalationFindings } from './helpers/escalation-findings.js';
import { SESSION_TAG_ADMIN_DETAIL as DETAIL } from './helpers/session-tag-chain.js';

const ALICE = { StringEquals: { 'sts:SourceIdentity': 'alice' } };

function adminRole(t: TestModel, o: { condition: Record<string, unknown>; setSourceIdentity: boolean }) {
  t.role('admin', {
    trust: policy({
      Effect: 'Allow',
      Principal: { AWS: ACCOUNT_A },
      Action: o.setSourceIdentity ? ['sts:AssumeRole', 'sts:SetSourceIdentity'] : 'sts:AssumeRole',
      Condition: o.condition,
    }),
    inline: [policy(allow('*', '*'))],
  });
}

function direct(setSourceIdentity: boolean) {
  const t = new TestModel();
  t.user('dev', { inline: [policy(allow(['sts:AssumeRole', 'sts:SetSourceIdentity'], '*'))] });
  adminRole(t, { condition: ALICE, setSourceIdentity });
  return t.engine();
}

describe('review: a source identity the caller sets meets an administrator trust', () => {
  it('sts:SourceIdentity: dev sets "alice" when it assumes admin (conditional finding)', () => {
    const dev = escalationFindings(direct(true)).get(`${arns.user('dev')} ${DETAIL}`);
    expect(dev).toBeDefined();
    expect(dev!.message).toContain(
      'source identity set by the caller (sts:SetSourceIdentity) into role admin',
    );
    expect(dev!.severity).not.toBe('high');
  });

  it('no finding when the trust does not allow sts:SetSourceIdentity (the value cannot be set)', () => {
    expect(escalationFindings(direct(false)).get(`${arns.user('dev')} ${DETAIL}`)).toBeUndefined();
  });

  it('aws:SourceIdentity: set by dev at the hop into mid, carried into admin', () => {
    const t = new TestModel();
    t.user('dev', { inline: [policy(allow(['sts:AssumeRole', 'sts:SetSourceIdentity'], arns.role('mid')))] });
    t.role('mid', {
      trust: policy({
        Effect: 'Allow',
        Principal: { AWS: arns.user('dev') },
        Action: ['sts:AssumeRole', 'sts:SetSourceIdentity'],
      }),
      inline: [policy(allow('sts:AssumeRole', arns.role('admin')))],
    });
    adminRole(t, {
      condition: { StringEquals: { 'aws:SourceIdentity': 'alice' } },
      setSourceIdentity: false,
    });
    const dev = escalationFindings(t.engine()).get(`${arns.user('dev')} ${DETAIL}`);
    expect(dev).toBeDefined();
    expect(dev!.message).toContain('into role mid');
    expect(dev!.message).toContain('source identity set by the caller (sts:SetSourceIdentity) into role mid');
  });

  it('a path from a role session is indeterminate: its source identity may be set already, by whoever made it', () => {
    const t = new TestModel();
    t.role('ops', {
      trust: policy({ Effect: 'Allow', Principal: { AWS: ACCOUNT_A }, Action: 'sts:AssumeRole' }),
      inline: [policy(allow(['sts:AssumeRole', 'sts:SetSourceIdentity'], arns.role('admin')))],
    });
    adminRole(t, { condition: ALICE, setSourceIdentity: true });
    const ops = escalationFindings(t.engine()).get(`${arns.role('ops')} ${DETAIL}`);
    expect(ops).toBeDefined();
    expect(ops!.indeterminate).toBeDefined();
    expect(JSON.stringify(ops!.indeterminate)).toContain('may carry one set by whoever made it');
  });
});
