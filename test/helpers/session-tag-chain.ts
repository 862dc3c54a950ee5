// The session-tag chain the review's tests share: `dev` may assume `abac` and tag its session
// (sts:TagSession in abac's trust), `abac` (tagged team=dev) may assume roles, `admin` grants `*`.
// Options: the admin trust's Condition, abac's own policy, admin's own policy.

import { ACCOUNT_A, allow, arns, type PolicyJson, policy, TestModel } from './engine-fixtures.js';

export const SESSION_TAG_ADMIN_DETAIL = 'administrator access, through a chain';

export function sessionTagChain(
  o: { adminCondition?: Record<string, unknown>; abacPolicy?: PolicyJson; adminPolicy?: PolicyJson } = {},
) {
  const t = new TestModel();
  t.user('dev', { inline: [policy(allow(['sts:AssumeRole', 'sts:TagSession'], '*'))] });
  t.role('abac', {
    tags: { team: 'dev' },
    trust: policy({
      Effect: 'Allow',
      Principal: { AWS: arns.user('dev') },
      Action: ['sts:AssumeRole', 'sts:TagSession'],
    }),
    inline: [o.abacPolicy ?? policy(allow('sts:AssumeRole', '*'))],
  });
  t.role('admin', {
    trust: policy({
      Effect: 'Allow',
      Principal: { AWS: ACCOUNT_A },
      Action: 'sts:AssumeRole',
      ...(o.adminCondition ? { Condition: o.adminCondition } : {}),
    }),
    inline: [o.adminPolicy ?? policy(allow('*', '*'))],
  });
  return t.engine();
}
