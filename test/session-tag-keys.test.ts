// The review's session-tag hops (src/analysis/escalation-chains.ts `sessionTagKeysOf`) read the
// keys a hop is conditional on from the engine's condition evaluation (engine/evaluate-statements.ts
// `AssumedCondition.keys`, analysis/chains.ts `hopConditionKeys`), not from the words of the
// conditions (engine/conditions/describe.ts): each operator form and spelling of the key, and a
// policy variable in a Resource, is found by the same rule. The wording itself is changed in
// test/session-tag-keys-wording.test.ts.
//
// IAM User Guide, "Passing session tags in AWS STS",
// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html: "If you pass a session
// tag with the same key as a tag that is already attached to the role, the value of the session
// tag overrides the role tag with the same key." IAM User Guide, "IAM JSON policy elements:
// Condition": "Condition key names are not case-sensitive."

import { describe, expect, it } from 'vitest';
import { decideHop, hopConditionKeys } from '../src/analysis/chains.js';
import { arns, policy } from './helpers/engine-fixtures.js';
import { escalationFindings } from './helpers/escalation-findings.js';
import { SESSION_TAG_ADMIN_DETAIL, sessionTagChain } from './helpers/session-tag-chain.js';

const REASON = 'session tag aws:PrincipalTag/team may be set by the caller (sts:TagSession)';

function devFinding(o: Parameters<typeof sessionTagChain>[0], subject = arns.user('dev')) {
  return escalationFindings(sessionTagChain(o)).get(`${subject} ${SESSION_TAG_ADMIN_DETAIL}`);
}

describe('review: the session-tag keys of a hop come from its compiled conditions', () => {
  it.each([
    [
      'ForAnyValue:StringEquals',
      { 'ForAnyValue:StringEquals': { 'aws:PrincipalTag/team': ['admin', 'ops'] } },
    ],
    ['StringLike with a wildcard', { StringLike: { 'aws:PrincipalTag/team': 'adm*' } }],
    ['a key in mixed case', { StringEquals: { 'aws:PRINCIPALTAG/Team': 'admin' } }],
    [
      'a policy variable in the values',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable
      { StringEquals: { 'aws:PrincipalTag/team': '${aws:ResourceTag/owner}' } },
    ],
  ])('%s', (_, adminCondition) => {
    const dev = devFinding({ adminCondition });
    expect(dev).toBeDefined();
    expect(dev!.message).toContain(REASON);
    expect(dev!.severity).not.toBe('high');
  });

  it('a policy variable in the Resource of the caller (abac may assume role/<its team tag>)', () => {
    // dev may assume admin itself (no trust condition): abac's own finding says it.
    const abac = devFinding(
      {
        abacPolicy: policy({
          Effect: 'Allow',
          Action: 'sts:AssumeRole',
          // biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable
          Resource: 'arn:aws:iam::111122223333:role/${aws:PrincipalTag/team}',
        }),
      },
      arns.role('abac'),
    );
    expect(abac).toBeDefined();
    expect(abac!.message).toContain(REASON);
  });

  it('a hop conditional on another key only is no session-tag hop', () => {
    expect(
      devFinding({ adminCondition: { StringEquals: { 'aws:RequestedRegion': 'us-east-1' } } }),
    ).toBeUndefined();
  });
});

describe('the engine reports the keys a conditional decision is about (AssumedCondition.keys)', () => {
  it('lowercased, with the keys of policy variables in the values, each once', () => {
    const engine = sessionTagChain({
      adminCondition: {
        StringEquals: {
          'aws:PRINCIPALTAG/Team': 'admin',
          // biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable
          'aws:PrincipalTag/dept': '${aws:RequestTag/Dept}',
        },
      },
    });
    const hop = decideHop(engine, arns.role('abac'), arns.role('admin'));
    expect(hop.access).toBe('conditional');
    expect([...hopConditionKeys(hop)].sort()).toEqual([
      'aws:principaltag/dept',
      'aws:principaltag/team',
      'aws:requesttag/dept',
    ]);
  });
});
