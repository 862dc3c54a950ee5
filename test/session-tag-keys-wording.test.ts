// The review's session-tag hops do not depend on how a condition is worded: with every clause
// described in words that never name its key (engine/conditions/describe.ts `describeClause`
// replaced), a hop into `admin` conditional on aws:PrincipalTag/team, met by a session tag dev may
// set on its `abac` session, is still found (escalation-chains.ts `sessionTagKeysOf` reads the keys
// the engine's condition evaluation reports, `AssumedCondition.keys`). Before, the keys were
// matched in the words (`aws:PrincipalTag/...` in the text) and this review had no finding.
//
// IAM User Guide, "Passing session tags in AWS STS",
// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html: "If you pass a session
// tag with the same key as a tag that is already attached to the role, the value of the session
// tag overrides the role tag with the same key."

import { describe, expect, it, vi } from 'vitest';
import { arns } from './helpers/engine-fixtures.js';
import { escalationFindings } from './helpers/escalation-findings.js';
import { SESSION_TAG_ADMIN_DETAIL, sessionTagChain } from './helpers/session-tag-chain.js';

vi.mock('../src/engine/conditions/describe.js', () => ({
  describeClause: (c: { operator: string }) => `a condition of the trust (${c.operator})`,
}));

describe('review: session-tag hops whatever the wording of conditions', () => {
  it.each([
    ['StringEquals', { StringEquals: { 'aws:PrincipalTag/team': 'admin' } }],
    ['ForAnyValue:StringEquals', { 'ForAnyValue:StringEquals': { 'aws:PrincipalTag/team': ['admin'] } }],
    ['StringLike with a wildcard', { StringLike: { 'aws:PrincipalTag/team': 'adm*' } }],
    ['a key in mixed case', { StringEquals: { 'aws:principalTAG/TEAM': 'admin' } }],
  ])('%s', (_, adminCondition) => {
    const dev = escalationFindings(sessionTagChain({ adminCondition })).get(
      `${arns.user('dev')} ${SESSION_TAG_ADMIN_DETAIL}`,
    );
    expect(dev).toBeDefined();
    expect(dev!.message).toContain('a condition of the trust');
    expect(dev!.message).toContain(
      'session tag aws:PrincipalTag/team may be set by the caller (sts:TagSession)',
    );
  });
});
