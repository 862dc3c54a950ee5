// A role whose OWN policy grants `*` only under aws:PrincipalTag/team = admin is administrator-
// equivalent under conditions; a caller that may assume it and tag its session (sts:TagSession
// allowed by its trust) sets team=admin and is an administrator. Before, the review's chain
// findings skipped every assume-only path to an administrator (an organisation lets its users
// assume roles), so `dev` had no finding; now it has a conditional `administrator access, through
// a chain` naming the session tag (src/analysis/escalation-caller-choices.ts `endTagChoice`).
//
// IAM User Guide, "Passing session tags in AWS STS",
// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html: "When you use the session
// credentials to make a subsequent request, the request context includes the aws:PrincipalTag
// context key", the tags coming from "Session tags – The tags passed when you assume the role"
// and "IAM tags – The tags attached to your IAM assumed role"; "If you pass a session tag with the
// same key as a tag that is already attached to the role, the value of the session tag overrides
// the role tag with the same key."

import { describe, expect, it } from 'vitest';
import { allow, arns, policy, TestModel } from './helpers/engine-fixtures.js';
import { escalationFindings } from './helpers/escalation-findings.js';
import { SESSION_TAG_ADMIN_DETAIL } from './helpers/session-tag-chain.js';

const REASON = 'session tag aws:PrincipalTag/team may be set by the caller (sts:TagSession)';

function model(o: { tagSessionTo?: 'dev' | 'ops' | 'none'; key?: string } = {}) {
  const to = o.tagSessionTo ?? 'dev';
  const t = new TestModel();
  t.user('dev', { inline: [policy(allow(['sts:AssumeRole', 'sts:TagSession'], '*'))] });
  t.user('ops');
  t.role('boss', {
    tags: { team: 'dev' },
    trust: policy(
      { Effect: 'Allow', Principal: { AWS: arns.user('dev') }, Action: 'sts:AssumeRole' },
      ...(to === 'none'
        ? []
        : [{ Effect: 'Allow', Principal: { AWS: arns.user(to) }, Action: 'sts:TagSession' }]),
    ),
    inline: [
      policy(
        allow('*', '*', { Condition: { StringEquals: { [o.key ?? 'aws:PrincipalTag/team']: 'admin' } } }),
      ),
    ],
  });
  return t.engine();
}

const devFinding = (engine: ReturnType<typeof model>) =>
  escalationFindings(engine).get(`${arns.user('dev')} ${SESSION_TAG_ADMIN_DETAIL}`);

describe("review: an administrator under a principal-tag condition, entered with the caller's session tag", () => {
  it('dev may assume boss and tag its session: conditional administrator access through a chain', () => {
    const dev = devFinding(model());
    expect(dev).toBeDefined();
    expect(dev!.message).toContain('into role boss');
    expect(dev!.message).toContain(REASON);
    // the administrator's own condition is stated
    expect(dev!.message).toContain('aws:PrincipalTag/team');
    expect(dev!.message).toContain('administrator-equivalent under conditions');
    expect(dev!.severity).not.toBe('high');
  });

  it('no finding when only another principal may tag the session', () => {
    expect(devFinding(model({ tagSessionTo: 'ops' }))).toBeUndefined();
  });

  it('no finding when no one may tag the session (the role tag team=dev decides: no administrator)', () => {
    expect(devFinding(model({ tagSessionTo: 'none' }))).toBeUndefined();
  });

  it("aws:RequestTag is each later request's own tags, not the session's: no session-tag finding", () => {
    expect(devFinding(model({ key: 'aws:RequestTag/team' }))).toBeUndefined();
  });
});
