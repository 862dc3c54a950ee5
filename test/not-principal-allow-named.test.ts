// `NotPrincipal` with `"Effect": "Allow"`: the principal it names is not granted by the statement,
// named with its account or not (engine/compile-policy.ts `exactMatch`, `allowEffect`). Before,
// a user named without its account was left indeterminate, as under a Deny, where AWS may check
// the account first: the page describes that check for the Deny case only. NotPrincipal with
// Deny is unchanged (a user named without its account stays indeterminate).
//
// IAM User Guide, "IAM JSON Policy Elements: NotPrincipal", "NotPrincipal with Allow" (archived
// awsdocs/iam-user-guide, doc_source/reference_policies_elements_notprincipal.md): "We strongly
// recommend that you do not use NotPrincipal in the same policy statement as "Effect": "Allow".
// Doing so allows all principals except the one named in the NotPrincipal element. We do not
// recommend this because the permissions specified in the policy statement will be granted to
// all principals except for the ones specified."

import { describe, expect, it } from 'vitest';
import {
  ACCOUNT_A,
  ACCOUNT_B,
  allow,
  arns,
  deny,
  policy,
  REGION,
  TestModel,
  verdict,
} from './helpers/engine-fixtures.js';

const PAGE =
  'IAM User Guide, NotPrincipal with Allow: "Doing so allows all principals except the one named in the NotPrincipal element"';
const QUEUE = arns.queue('jobs');
const OTHER_QUEUE = `arn:aws:sqs:${REGION}:${ACCOUNT_A}:other`;
const PARTNER = arns.user('partner', ACCOUNT_B);
const SESSION = arns.session('ops', 'alice', ACCOUNT_B);

function model() {
  const t = new TestModel();
  t.user('dev');
  t.user('partner', { account: ACCOUNT_B, inline: [policy(allow('sqs:SendMessage', '*'))] });
  t.role('ops', { account: ACCOUNT_B, inline: [policy(allow('sqs:SendMessage', '*'))] });
  const except = { NotPrincipal: { AWS: [arns.user('dev'), PARTNER, SESSION] } };
  t.resource('sqs-queue', QUEUE, {
    name: 'jobs',
    kmsKeyId: null,
    policy: policy(allow('sqs:SendMessage', QUEUE, except)),
  });
  // NotPrincipal with Deny: unchanged (AWS may check the account first, and the account is not named)
  t.resource('sqs-queue', OTHER_QUEUE, {
    name: 'other',
    kmsKeyId: null,
    policy: policy(
      allow('sqs:SendMessage', OTHER_QUEUE, { Principal: { AWS: [arns.root(ACCOUNT_B)] } }),
      deny('sqs:SendMessage', OTHER_QUEUE, { NotPrincipal: { AWS: [PARTNER] } }),
    ),
  });
  return t.engine();
}

describe(`NotPrincipal with Allow excludes the principal it names (${PAGE})`, () => {
  const engine = model();

  it('a user of the same account named without its account: not granted (was indeterminate)', () => {
    expect(verdict(engine, arns.user('dev'), 'sqs:SendMessage', QUEUE), PAGE).toBe('deny');
  });

  it('a user of another account named without its account, whose identity policy allows: denied', () => {
    expect(verdict(engine, PARTNER, 'sqs:SendMessage', QUEUE), PAGE).toBe('deny');
  });

  it('a role session named by its session ARN: denied; another session of the role: allowed', () => {
    expect(verdict(engine, SESSION, 'sqs:SendMessage', QUEUE), PAGE).toBe('deny');
    expect(verdict(engine, arns.session('ops', 'bob', ACCOUNT_B), 'sqs:SendMessage', QUEUE)).toBe('allow');
  });

  it('everyone else is granted, anonymous callers included', () => {
    expect(verdict(engine, 'anonymous', 'sqs:SendMessage', QUEUE)).toBe('allow');
    expect(verdict(engine, arns.root(ACCOUNT_B), 'sqs:SendMessage', QUEUE)).toBe('allow');
  });

  it('NotPrincipal with Deny is unchanged: a user named without its account stays indeterminate', () => {
    expect(verdict(engine, PARTNER, 'sqs:SendMessage', OTHER_QUEUE)).toBe('indeterminate');
  });
});
