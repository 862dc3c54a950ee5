// The principals of the session tag tests (test/session-tags, session-tags-review), added to a
// TestModel: user dev, who may assume roles and tag the sessions; role abac, tagged team=dev, that
// dev may assume; role admin, allowed everything, whose trust reads aws:PrincipalTag/team.

import { ACCOUNT_A, allow, arns, policy, type TestModel } from './engine-fixtures.js';

/** Adds user dev, allowed sts:AssumeRole and sts:TagSession on `resource`; returns its id. */
export function addTaggingDev(t: TestModel, resource = '*'): string {
  return t.user('dev', { inline: [policy(allow(['sts:AssumeRole', 'sts:TagSession'], resource))] });
}

/**
 * Adds role abac, tagged team=dev, with the inline policies `inline`, whose trust statement allows
 * user dev `trust` (default: `Action` sts:AssumeRole and sts:TagSession).
 */
export function addAbacRole(
  t: TestModel,
  inline: unknown[],
  trust: Record<string, unknown> = { Action: ['sts:AssumeRole', 'sts:TagSession'] },
): string {
  return t.role('abac', {
    tags: { team: 'dev' },
    trust: policy({ Effect: 'Allow', Principal: { AWS: arns.user('dev') }, ...trust }),
    inline,
  });
}

/**
 * Adds role admin, allowed `*` on `*`, that account A may assume under `condition` (default: the
 * caller's aws:PrincipalTag/team is admin).
 */
export function addTeamAdminRole(
  t: TestModel,
  condition: Record<string, unknown> = { StringEquals: { 'aws:PrincipalTag/team': 'admin' } },
): string {
  return t.role('admin', {
    trust: policy({
      Effect: 'Allow',
      Principal: { AWS: ACCOUNT_A },
      Action: 'sts:AssumeRole',
      Condition: condition,
    }),
    inline: [policy(allow('*', '*'))],
  });
}
