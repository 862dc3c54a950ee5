// A single-valued condition operator (no ForAllValues / ForAnyValue) on a key the request gives
// several values of (aws:TagKeys, aws:PrincipalOrgPaths, any key given several values in `eval`
// context). IAM User Guide, "Single-valued vs. multivalued context keys"
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html):
// "Multivalued context keys require a condition set operator." The guide does not say what AWS
// computes without one, so when the request's values disagree the clause is unknown and the
// decision indeterminate, with a reason saying why (src/engine/conditions/clause.ts).

import { describe, expect, it } from 'vitest';
import { reasonLine, reasonsOfDecision } from '../src/analysis/decision-reasons.js';
import { ACCOUNT, runCli, tempJson } from './fixtures/cli/run.js';
import { allow, arns, decide, deny, policy, TestModel, verdict } from './helpers/engine-fixtures.js';

const BUCKET = arns.bucket('tagged');

/** A user allowed s3:PutBucketTagging, denied it unless the tag keys are "team" (single-valued). */
function model(operator: string) {
  const m = new TestModel();
  const u = m.user('tagger', {
    inline: [
      policy(
        allow('s3:PutBucketTagging', '*'),
        deny('s3:PutBucketTagging', '*', { Condition: { [operator]: { 'aws:TagKeys': 'team' } } }),
      ),
    ],
  });
  return { engine: m.engine(), user: u };
}

const tagKeys = (...keys: string[]) => ({ context: { 'aws:TagKeys': keys } });

describe('single-valued operator on a multivalued request key ("Multivalued context keys require a condition set operator")', () => {
  it('Deny StringNotEquals aws:TagKeys with mixed values: indeterminate (the old any-value reading said allow)', () => {
    const { engine, user } = model('StringNotEquals');
    // One reading ("no request value equals team") leaves the Deny out: allow. The other ("some
    // request value is not team") applies it: deny. AWS documents neither.
    expect(verdict(engine, user, 's3:PutBucketTagging', BUCKET, tagKeys('team', 'cost-center'))).toBe(
      'indeterminate',
    );
    // Values that agree: both readings give the same answer, kept.
    expect(verdict(engine, user, 's3:PutBucketTagging', BUCKET, tagKeys('team', 'team'))).toBe('allow');
    expect(verdict(engine, user, 's3:PutBucketTagging', BUCKET, tagKeys('owner', 'cost-center'))).toBe(
      'deny',
    );
    // One value: the ordinary single-valued rule.
    expect(verdict(engine, user, 's3:PutBucketTagging', BUCKET, tagKeys('team'))).toBe('allow');
    expect(verdict(engine, user, 's3:PutBucketTagging', BUCKET, tagKeys('owner'))).toBe('deny');
  });

  it('a set operator decides the same request: the documented rules are unchanged', () => {
    // "ForAllValues ... returns true if every context key value in the request matches at least one
    // context key value in the policy"; ForAnyValue: "at least one".
    const forAll = model('ForAllValues:StringNotEquals');
    expect(
      verdict(forAll.engine, forAll.user, 's3:PutBucketTagging', BUCKET, tagKeys('team', 'cost-center')),
    ).toBe('allow');
    const forAny = model('ForAnyValue:StringNotEquals');
    expect(
      verdict(forAny.engine, forAny.user, 's3:PutBucketTagging', BUCKET, tagKeys('team', 'cost-center')),
    ).toBe('deny');
  });

  it('the reason the user sees names the operator, the key and the page, traced or not', () => {
    const { engine, user } = model('StringNotEquals');
    const ctx = tagKeys('team', 'cost-center');
    const traced = decide(engine, user, 's3:PutBucketTagging', BUCKET, { ...ctx, trace: true });
    const untraced = engine.decide(
      { principal: user, action: 's3:PutBucketTagging', resource: BUCKET, ...ctx },
      { unknowns: true },
    );
    for (const d of [traced, untraced]) {
      expect(d.decision).toBe('indeterminate');
      const reasons = reasonsOfDecision(d);
      expect(reasons.map((r) => r.kind)).toEqual(['undocumented-rule']);
      const line = reasonLine(reasons[0]!);
      expect(line).toContain('AWS does not document the result');
      expect(line).toContain('single-valued operator StringNotEquals on aws:TagKeys');
      expect(line).toContain('Multivalued context keys require a condition set operator');
    }
  });

  it('positive operators too: an Allow StringEquals with mixed values is indeterminate, not allow', () => {
    const m = new TestModel();
    const u = m.user('u', {
      inline: [
        policy(allow('s3:PutBucketTagging', '*', { Condition: { StringEquals: { 'aws:TagKeys': 'team' } } })),
      ],
    });
    const e = m.engine();
    expect(verdict(e, u, 's3:PutBucketTagging', BUCKET, tagKeys('team', 'cost-center'))).toBe(
      'indeterminate',
    );
    expect(verdict(e, u, 's3:PutBucketTagging', BUCKET, tagKeys('team', 'team'))).toBe('allow');
    expect(verdict(e, u, 's3:PutBucketTagging', BUCKET, tagKeys('owner', 'cost-center'))).toBe('deny');
  });

  it('iamspec eval --format text: INDETERMINATE with a why: line saying so (one value: allow)', async () => {
    const template = await tempJson('tagging.json', {
      Resources: {
        Bucket: { Type: 'AWS::S3::Bucket', Properties: { BucketName: 'tagged' } },
        Tagger: {
          Type: 'AWS::IAM::User',
          Properties: {
            UserName: 'tagger',
            Policies: [
              {
                PolicyName: 'tagging',
                PolicyDocument: policy(
                  allow('s3:PutBucketTagging', '*'),
                  deny('s3:PutBucketTagging', '*', {
                    Condition: { StringNotEquals: { 'aws:TagKeys': 'team' } },
                  }),
                ),
              },
            ],
          },
        },
      },
    });
    const request = (keys: string[]) => ({
      principal: 'user/tagger',
      action: 's3:PutBucketTagging',
      resource: BUCKET,
      context: { 'aws:TagKeys': keys },
    });
    const requests = await tempJson('requests.json', [request(['team', 'cost-center']), request(['team'])]);
    const run = await runCli([
      'eval',
      template,
      '--account',
      ACCOUNT,
      '--region',
      'us-east-1',
      '--requests',
      requests,
      '--format',
      'text',
    ]);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toMatch(/^\[0\] INDETERMINATE /);
    expect(lines[1]).toContain(
      'why: AWS behaviour undocumented: Deny might apply: its condition uses the single-valued operator StringNotEquals on aws:TagKeys',
    );
    expect(run.stdout).toMatch(/\[1\] ALLOW /);
  });
});
