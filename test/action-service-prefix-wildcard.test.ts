// A wildcard in an Action's service prefix. IAM User Guide, "IAM JSON policy elements: Action"
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html):
// "You can use multi-character match wildcards (*) and single-character match wildcards (?) to
// give access to all actions the specific AWS product offers" ("Action": "s3:*") and "You can
// also use wildcards (* or ?) as part of the action name" ("iam:*AccessKey*"); the policy grammar
// (reference_policies_grammar) has "*" for every action. A wildcard in the service prefix
// (`*:GetObject`, `s3*:Get*`) is not documented: where its glob matches, the statement only
// might apply (indeterminate with the reason, kind undocumented-rule). Before, it was read as a
// glob: an Allow `s3*:Get*` was a sure allow, a Deny `*:GetObject` a sure deny.

import { describe, expect, it } from 'vitest';
import { allow, arns, decide, deny, policy, TestModel } from './helpers/engine-fixtures.js';

const OBJECT = arns.object('bk', 'k');

function decideWith(action: string, ...statements: Record<string, unknown>[]) {
  const m = new TestModel();
  m.bucket('bk');
  const u = m.user('alice', { inline: [policy(...statements)] });
  return decide(m.engine(), u, action, OBJECT, { trace: true });
}

function expectUndocumented(d: ReturnType<typeof decideWith>, value: string) {
  expect(d.decision).toBe('indeterminate');
  const entry = d.trace?.find((t) => t.outcome === 'unknown');
  expect(entry?.kind).toBe('undocumented-rule');
  expect(entry?.message).toContain(value);
}

describe('a wildcard in the service prefix of an Action', () => {
  it('an Allow s3*:Get* is not a sure allow of s3:GetObject', () => {
    expectUndocumented(decideWith('s3:GetObject', allow('s3*:Get*', '*')), 's3*:Get*');
  });

  it('a Deny *:GetObject is not skipped, nor sure: indeterminate beside an Allow s3:*', () => {
    expectUndocumented(
      decideWith('s3:GetObject', allow('s3:*', '*'), deny('*:GetObject', '*')),
      '*:GetObject',
    );
  });

  it('NotAction ?3:Get* in an Allow: s3:GetObject only might be excluded', () => {
    const d = decideWith('s3:GetObject', { Effect: 'Allow', NotAction: '?3:Get*', Resource: '*' });
    expectUndocumented(d, '?3:Get*');
  });

  it('guards: "*", "s3:*", "s3:Get*" and an action the glob cannot match decide as before', () => {
    expect(decideWith('s3:GetObject', allow('*', '*')).decision).toBe('allow');
    expect(decideWith('s3:GetObject', allow('s3:*', '*')).decision).toBe('allow');
    expect(decideWith('s3:GetObject', allow('s3:Get*', '*')).decision).toBe('allow');
    expect(decideWith('s3:PutObject', allow('s3*:Get*', '*')).decision).toBe('deny');
    expect(decideWith('s3:PutObject', allow('s3:*', '*'), deny('*:GetObject', '*')).decision).toBe('allow');
  });
});
