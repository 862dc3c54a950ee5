// An indeterminate hop still says which caller choices its conditions read (free-decision.ts: an
// indeterminate decision keeps `conditionKeys`, the keys its optimistic run assumed; chains.ts
// `hopConditionKeys`; escalation-caller-choices.ts `hopTagChoice`, `sourceIdentityChoices`): a
// trust that reads aws:PrincipalTag/team (or sts:SourceIdentity) and also compares a value the
// inputs do not pin down (a parameter) is indeterminate, and the caller's session tag (source
// identity) is still what lets the caller in. Before, an indeterminate hop carried no keys, so the
// review saw an assume-only path to an administrator and made no finding at all.
//
// IAM User Guide, "Passing session tags in AWS STS",
// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html: "When you use the session
// credentials to make a subsequent request, the request context includes the aws:PrincipalTag
// context key"; "If you pass a session tag with the same key as a tag that is already attached to
// the role, the value of the session tag overrides the role tag with the same key."
// AWS STS API Reference, AssumeRole, SourceIdentity: "You can require users to specify a source
// identity when they assume a role. You do this by using the sts:SourceIdentity condition key in a
// role trust policy."

import { describe, expect, it } from 'vitest';
import { reviewRisks } from '../src/analysis/risks.js';
import { Unknown } from '../src/model/unknown.js';
import { ACCOUNT_A, allow, arns, policy, TestModel } from './helpers/engine-fixtures.js';
import { addAbacRole, addTaggingDev, addTeamAdminRole } from './helpers/session-tag-roles.js';

const DETAIL = 'administrator access, through a chain';

/** A trust condition reading `key` = `value` and an account the inputs do not pin down. */
const withUnknown = (key: string, value: string) => ({
  StringEquals: { [key]: value, 'aws:PrincipalAccount': new Unknown('a parameter') },
});

function devFinding(engine: ReturnType<TestModel['engine']>) {
  return reviewRisks(engine).find(
    (f) => f.kind === 'privilege-escalation' && f.detail === DETAIL && f.subject === arns.user('dev'),
  );
}

describe('review: an indeterminate hop whose trust reads a caller choice names the choice', () => {
  it('session tag: dev -> abac (tagged by dev) -> admin names the tag', () => {
    const t = new TestModel();
    addTaggingDev(t);
    addAbacRole(t, [policy(allow('sts:AssumeRole', '*'))]);
    addTeamAdminRole(t, withUnknown('aws:PrincipalTag/team', 'admin'));
    const dev = devFinding(t.engine());
    expect(dev).toBeDefined();
    expect(dev!.message).toContain(
      'session tag aws:PrincipalTag/team may be set by the caller (sts:TagSession)',
    );
    expect(dev!.severity).not.toBe('high');
  });

  it('source identity: dev sets it when it assumes admin', () => {
    const t = new TestModel();
    t.user('dev', { inline: [policy(allow(['sts:AssumeRole', 'sts:SetSourceIdentity'], '*'))] });
    t.role('admin', {
      trust: policy({
        Effect: 'Allow',
        Principal: { AWS: ACCOUNT_A },
        Action: ['sts:AssumeRole', 'sts:SetSourceIdentity'],
        Condition: withUnknown('sts:SourceIdentity', 'alice'),
      }),
      inline: [policy(allow('*', '*'))],
    });
    const dev = devFinding(t.engine());
    expect(dev).toBeDefined();
    expect(dev!.message).toContain(
      'source identity set by the caller (sts:SetSourceIdentity) into role admin',
    );
    expect(dev!.severity).not.toBe('high');
  });
});
