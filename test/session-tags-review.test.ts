// The review's escalation chains and session tags (src/analysis/escalation-chains.ts
// `sessionTagKeysOf`): assuming an administrator role is no escalation in the review (an
// organisation lets its users assume roles), but a hop whose condition reads a principal tag the
// caller's session may carry as a session tag is met by the caller's choice, not by the trust's
// grant. Before, `dev` (allowed sts:AssumeRole + sts:TagSession into `abac`, tagged team=dev)
// could tag its `abac` session team=admin and assume `admin` (trust: aws:PrincipalTag/team =
// admin), and the review (`review`, `check --format json`, `diff --fail-on risk`) had no finding
// while the spec's `noEscalation` failed.
//
// IAM User Guide, "Passing session tags in AWS STS",
// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html:
// - "When you use the session credentials to make a subsequent request, the request context
//   includes the aws:PrincipalTag context key."
// - The tags of a principal using temporary credentials come from "Session tags – The tags passed
//   when you assume the role", "Incoming transitive session tags – The tags inherited from a
//   previous session in a role chain" and "IAM tags – The tags attached to your IAM assumed role".
// - "If you pass a session tag with the same key as a tag that is already attached to the role,
//   the value of the session tag overrides the role tag with the same key."
// So a session of `abac` assumed without tags has team=dev and cannot assume `admin`, and one
// its caller tagged team=admin can: the role `abac` escalates under conditions (its sessions'
// tags are chosen by whoever assumes it), as the spec's `noEscalation` for role/abac says.

import { describe, expect, it } from 'vitest';
import { reviewRisks } from '../src/analysis/risks.js';
import type { RiskFinding } from '../src/analysis/types.js';
import { allow, arns, policy, TestModel } from './helpers/engine-fixtures.js';
import { noEscalationCheck } from './helpers/escalation-findings.js';
import { addAbacRole, addTaggingDev, addTeamAdminRole } from './helpers/session-tag-roles.js';

const PAGE =
  'IAM User Guide, "Passing session tags in AWS STS": "If you pass a session tag with the same key as a tag that is already attached to the role, the value of the session tag overrides the role tag with the same key"';
const REASON = 'session tag aws:PrincipalTag/team may be set by the caller (sts:TagSession)';
const DETAIL = 'administrator access, through a chain';

function model(o: { tagSession?: boolean; adminCondition?: Record<string, unknown> } = {}) {
  const tagSession = o.tagSession ?? true;
  const t = new TestModel();
  addTaggingDev(t);
  addAbacRole(t, [policy(allow('sts:AssumeRole', '*'))], {
    Action: tagSession ? ['sts:AssumeRole', 'sts:TagSession'] : 'sts:AssumeRole',
  });
  addTeamAdminRole(t, o.adminCondition);
  return t.engine();
}

function escalations(engine: ReturnType<typeof model>): Map<string, RiskFinding> {
  const out = new Map<string, RiskFinding>();
  for (const f of reviewRisks(engine))
    if (f.kind === 'privilege-escalation') out.set(`${f.subject} ${f.detail}`, f);
  return out;
}

describe('review: a session tag the caller may set meets a trust condition on aws:PrincipalTag', () => {
  it('dev -> abac (tagged by dev) -> admin is an escalation of dev and of abac, conditional', () => {
    const engine = model();
    const found = escalations(engine);
    const dev = found.get(`${arns.user('dev')} ${DETAIL}`);
    expect(dev, PAGE).toBeDefined();
    expect(dev!.message).toContain('into role abac');
    expect(dev!.message).toContain('into role admin');
    expect(dev!.message).toContain(REASON);
    // conditional, not sure: never high
    expect(dev!.severity).not.toBe('high');
    const abac = found.get(`${arns.role('abac')} ${DETAIL}`);
    expect(abac, PAGE).toBeDefined();
    expect(abac!.message).toContain(REASON);
    expect(abac!.severity).not.toBe('high');
    // the spec's noEscalation says the same
    expect(noEscalationCheck(engine, 'user/dev').status).toBe('fail');
    expect(noEscalationCheck(engine, 'role/abac').status).toBe('fail');
  });

  it('no finding when abac sessions carry only the role tag (no sts:TagSession in its trust)', () => {
    const found = escalations(model({ tagSession: false }));
    expect([...found.keys()].filter((k) => k.endsWith(DETAIL))).toEqual([]);
  });

  it('a longer chain: the session tag of a later session (transitive, or set by its caller) counts too', () => {
    // IAM User Guide, "Passing session tags in AWS STS": "Incoming transitive session tags – The
    // tags inherited from a previous session in a role chain".
    const t = new TestModel();
    addTaggingDev(t, arns.role('abac'));
    t.role('abac', {
      trust: policy({ Effect: 'Allow', Principal: { AWS: arns.user('dev') }, Action: 'sts:AssumeRole' }),
      inline: [policy(allow(['sts:AssumeRole', 'sts:TagSession'], '*'))],
    });
    t.role('mid', {
      tags: { team: 'dev' },
      trust: policy({
        Effect: 'Allow',
        Principal: { AWS: arns.role('abac') },
        Action: ['sts:AssumeRole', 'sts:TagSession'],
      }),
      inline: [policy(allow('sts:AssumeRole', arns.role('admin')))],
    });
    addTeamAdminRole(t);
    const dev = escalations(t.engine()).get(`${arns.user('dev')} ${DETAIL}`);
    expect(dev, PAGE).toBeDefined();
    expect(dev!.message).toContain('into role mid');
    expect(dev!.message).toContain(REASON);
  });

  it('assuming an administrator role under another condition stays no escalation of the review', () => {
    const found = escalations(model({ adminCondition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }));
    expect([...found.keys()].filter((k) => k.endsWith(DETAIL))).toEqual([]);
  });
});
