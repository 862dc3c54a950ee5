// What `can` / `cannot` (specs) and `toAllow` / `toDeny` (matchers) mean, one rule for both
// (src/spec/expected-access.ts): the request must be allowed / denied under every request context
// the check does not pin. A `cannot` that some context allows fails and shows the conditions;
// a pinned `context:` (a key pinned absent with null) narrows it to the case it names.
//
// AWS rules these cases rest on (IAM User Guide, "AWS global condition context keys",
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html):
// - aws:SourceVpce: "Use this key to compare the VPC endpoint identifier of the request with the
//   endpoint ID that you specify in the policy." The request carries the endpoint it came
//   through, so an Allow conditioned on it allows requests made through that endpoint.
// - aws:TokenIssueTime: "This key is included in the request context only when the principal uses
//   temporary credentials to make the request. The key is not present in AWS CLI, AWS API, or
//   AWS SDK requests that are made using access keys." So a request pinned without the key is a
//   request signed with long-term access keys, and a Null: false condition on it fails.
// - "Policy evaluation logic": an Allow whose condition does not match does not apply, and with
//   no other Allow the request is implicitly denied,
//   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html

import { describe, expect, it } from 'vitest';
import { decideAnyContext } from '../src/analysis/free-decision.js';
import type { RequestContext } from '../src/engine/types.js';
import { expectedStatus } from '../src/spec/expected-access.js';
import { parseSpec } from '../src/spec/parse.js';
import { runSpec } from '../src/spec/run.js';
import { iamspecMatchers, type MatcherResult } from '../src/testing/matchers.js';
import { ACCOUNT_A, allow, arns, policy, TestModel } from './helpers/engine-fixtures.js';

const DATA = 'arn:aws:s3:::data-bucket/report.csv';

function vpceModel() {
  const m = new TestModel();
  m.bucket('data-bucket');
  m.role('App', {
    inline: [
      policy(
        allow('s3:GetObject', 'arn:aws:s3:::data-bucket/*', {
          Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-0a1b2c3d' } },
        }),
      ),
    ],
  });
  m.user('uploader', {
    inline: [
      policy(
        allow('s3:PutObject', 'arn:aws:s3:::data-bucket/*', {
          Condition: { Null: { 'aws:TokenIssueTime': 'false' } },
        }),
      ),
    ],
  });
  return m.model();
}

function specStatus(kind: 'can' | 'cannot', principal: string, context?: string): string {
  const yaml = `version: 1
expect:
  - principal: ${principal}
${context ? `    context: ${context}\n` : ''}    ${kind}: [ { action: ${principal.startsWith('role') ? 's3:GetObject' : 's3:PutObject'}, resource: "${DATA}" } ]
`;
  return runSpec(vpceModel(), parseSpec(yaml, 'access.yaml')).expectations[0]!.status;
}

function matcher(name: 'toAllow' | 'toDeny', principal: string, context?: RequestContext): MatcherResult {
  const action = principal.startsWith('role') ? 's3:GetObject' : 's3:PutObject';
  return iamspecMatchers[name].call({}, vpceModel(), {
    principal,
    action,
    resource: DATA,
    ...(context ? { context } : {}),
  });
}

describe('can / cannot and toAllow / toDeny agree', () => {
  it('one grading rule: only access under every context passes; indeterminate never passes nor fails', () => {
    expect(expectedStatus('deny', 'deny')).toBe('pass');
    expect(expectedStatus('deny', 'conditional')).toBe('fail');
    expect(expectedStatus('deny', 'allow')).toBe('fail');
    expect(expectedStatus('allow', 'conditional')).toBe('fail');
    expect(expectedStatus('allow', 'allow')).toBe('pass');
    expect(expectedStatus('allow', 'indeterminate')).toBe('indeterminate');
    expect(expectedStatus('deny', 'indeterminate')).toBe('indeterminate');
  });

  it('cannot means never: an Allow through a VPC endpoint fails it, with the condition, as toDeny', () => {
    expect(specStatus('cannot', 'role/App')).toBe('fail');
    expect(matcher('toDeny', 'role/App').pass).toBe(false);
    const r = runSpec(
      vpceModel(),
      parseSpec(
        `version: 1\nexpect:\n  - principal: role/App\n    cannot: [ { action: s3:GetObject, resource: "${DATA}" } ]\n`,
        'access.yaml',
      ),
    );
    const check = r.expectations[0]!.checks[0]!;
    expect(check.message).toContain(
      `role/App can s3:GetObject on ${DATA} when aws:SourceVpce is "vpce-0a1b2c3d"`,
    );
    expect(check.witnesses[0]!.conditions[0]).toContain('aws:SourceVpce');
    expect(matcher('toDeny', 'role/App').message()).toContain('aws:SourceVpce');
  });

  it('a pinned context narrows both: another endpoint is denied, the endpoint is allowed', () => {
    expect(specStatus('cannot', 'role/App', '{ aws:SourceVpce: vpce-ffffffff }')).toBe('pass');
    expect(matcher('toDeny', 'role/App', { 'aws:SourceVpce': 'vpce-ffffffff' }).pass).toBe(true);
    expect(specStatus('can', 'role/App', '{ aws:SourceVpce: vpce-0a1b2c3d }')).toBe('pass');
    expect(matcher('toAllow', 'role/App', { 'aws:SourceVpce': 'vpce-0a1b2c3d' }).pass).toBe(true);
    // Without the pin, a can fails like toAllow: some context (another endpoint) denies it.
    expect(specStatus('can', 'role/App')).toBe('fail');
    expect(matcher('toAllow', 'role/App').pass).toBe(false);
  });

  it('a key pinned absent (null) is not free: long-term access keys carry no aws:TokenIssueTime', () => {
    expect(specStatus('cannot', 'user/uploader')).toBe('fail');
    expect(specStatus('cannot', 'user/uploader', '{ aws:TokenIssueTime: null }')).toBe('pass');
    expect(matcher('toDeny', 'user/uploader', { 'aws:TokenIssueTime': null }).pass).toBe(true);
    expect(specStatus('can', 'user/uploader', '{ aws:TokenIssueTime: "2025-01-01T00:00:00Z" }')).toBe('pass');
  });
});

describe('the engine: a context key pinned absent', () => {
  it('is absent for conditions and not free for analyses, even where the model would fill it', () => {
    const m = new TestModel();
    const temporaryOnly = policy(
      allow('s3:PutObject', 'arn:aws:s3:::data-bucket/*', {
        Condition: { Null: { 'aws:TokenIssueTime': 'false' } },
      }),
    );
    m.bucket('data-bucket');
    const user = m.user('u', { inline: [temporaryOnly] });
    m.role('R', { inline: [temporaryOnly] });
    const engine = m.engine();
    const request = (principal: string, context?: RequestContext) => ({
      principal,
      action: 's3:PutObject',
      resource: 'arn:aws:s3:::data-bucket/x',
      ...(context ? { context } : {}),
    });
    // An IAM user may or may not use temporary credentials: free, so conditional...
    expect(decideAnyContext(engine, request(user)).access).toBe('conditional');
    // ...pinned absent, denied under every context.
    expect(decideAnyContext(engine, request(user, { 'aws:TokenIssueTime': null })).access).toBe('deny');
    // A role session always has temporary credentials (the model fills the key)...
    expect(engine.decide(request(arns.role('R', ACCOUNT_A))).decision).toBe('allow');
    // ...unless the request pins it absent.
    expect(engine.decide(request(arns.role('R', ACCOUNT_A), { 'aws:TokenIssueTime': null })).decision).toBe(
      'deny',
    );
  });
});
