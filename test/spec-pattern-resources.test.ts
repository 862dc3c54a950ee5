// `can` / `cannot` on a resource pattern (README "Access specs", Patterns: "a resource pattern in
// `can` means every matching resource ...; in `cannot`, any matching one"): besides the model's
// matching resources and one instance of the pattern, each class of matching resources the
// principal's policies tell apart is decided (analysis/exhaustive.ts `patternResources`), so a
// Resource a policy names inside the pattern is never missed.
//
// IAM User Guide, "IAM JSON policy elements: Resource"
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html):
// "You can use wildcard characters (* and ?) within any ARN segment"; an Allow on
// `arn:aws:s3:::data-prod/secret/*` grants objects of the bucket data-prod, which the pattern
// `arn:aws:s3:::data-*/*` matches. "Policy evaluation logic"
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html):
// "An explicit deny in any of these policies overrides the allow", so `can` on `reports/*` fails
// where a Deny takes `reports/private/*` away.

import { describe, expect, it } from 'vitest';
import { compileModel } from '../src/engine/index.js';
import { parseSpec } from '../src/spec/parse.js';
import { runSpec } from '../src/spec/run.js';
import { modelOf } from './fixtures/cfn/load.js';
import { cfnUser } from './helpers/cfn-templates.js';

const TEMPLATE = `
Resources:
  Reports:
    Type: AWS::S3::Bucket
    Properties: { BucketName: reports }
${cfnUser(
  'U',
  'u',
  'p',
  [
    `{ Effect: Allow, Action: s3:GetObject, Resource: 'arn:aws:s3:::data-prod/secret/*' }`,
    `{ Effect: Allow, Action: s3:GetObject, Resource: 'arn:aws:s3:::reports/*' }`,
    `{ Effect: Deny, Action: s3:GetObject, Resource: 'arn:aws:s3:::reports/private/*' }`,
  ],
  { version: true },
)}`;

function check(expect: string) {
  const model = modelOf(TEMPLATE, {
    account: '111122223333',
    region: 'us-east-1',
    stackName: 's',
    file: 'inline.yaml',
  });
  const spec = parseSpec(`version: 1\naccount: "111122223333"\nexpect:\n${expect}`, 'access.yaml');
  return runSpec(model, spec, { engine: compileModel(model) }).expectations[0]!.checks[0]!;
}

describe('can / cannot on a resource pattern: every class of matching resources', () => {
  it('cannot on data-*/* fails where a policy grants an object of a bucket outside the model inside the pattern', () => {
    const c = check(`  - principal: user/u
    cannot: [ { action: s3:GetObject, resource: "arn:aws:s3:::data-*/*" } ]
`);
    expect(c.status).toBe('fail');
    expect(c.resource).toMatch(/^arn:aws:s3:::data-prod\/secret\//);
    expect(c.message).toContain('allowed by inline policy p of user u Statement[0]');
  });

  it('can on reports/* fails where a Deny takes a part of the pattern away', () => {
    const c = check(`  - principal: user/u
    can: [ { action: s3:GetObject, resource: "arn:aws:s3:::reports/*" } ]
`);
    expect(c.status).toBe('fail');
    expect(c.resource).toMatch(/^arn:aws:s3:::reports\/private\//);
  });

  it('holds when no matching resource is granted (or denied)', () => {
    expect(
      check(`  - principal: user/u
    cannot: [ { action: s3:GetObject, resource: "arn:aws:s3:::logs-*/*" } ]
`).status,
    ).toBe('pass');
    expect(
      check(`  - principal: user/u
    can: [ { action: s3:GetObject, resource: "arn:aws:s3:::reports/public/*" } ]
`).status,
    ).toBe('pass');
  });
});
