// An escalation path whose step depends on an unknown says that unknown: the spec's `cannotBecome`
// and `noEscalation` results and the review's chained escalation findings carry, in
// `indeterminate.reasons`, the reasons of the undecided hop's decision (kind, the engine's words,
// the policy and statement, the source of the unknown: analysis/decision-reasons.ts), as the
// matrix, eval and who-can do; before, they said only "the step ... depends on what the inputs do
// not pin down" at the statement, or named the statements (spec checks).
//
// Pages:
// - IAM User Guide, "Methods to assume a role": a role session can assume a further role (role
//   chaining), https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_manage-assume.html
// - IAM User Guide, "IAM JSON policy elements: Condition": "The Condition element (or Condition
//   block) lets you specify conditions for when a policy is in effect",
//   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html

import { describe, expect, it } from 'vitest';
import { Unknown } from '../src/model/unknown.js';
import { reasonLine } from '../src/analysis/decision-reasons.js';
import { parseSpec } from '../src/spec/parse.js';
import { runSpec } from '../src/spec/run.js';
import { allow, arns, policy, TestModel, testSource } from './helpers/engine-fixtures.js';
import { escalationFindings, noEscalationCheck } from './helpers/escalation-findings.js';

const CHAINING =
  'IAM User Guide, "Methods to assume a role": a role session can assume a further role (role chaining)';
const CONDITION =
  'IAM User Guide, "IAM JSON policy elements: Condition": "The Condition element (or Condition block) lets you specify conditions for when a policy is in effect"';

const UNKNOWN_SOURCE = testSource('team-variable');

/**
 * alice may assume role hop (tagged team=platform), which may assume role admin; admin's trust
 * lets hop in only when its team tag equals a value the inputs leave unknown (a variable known
 * after apply); admin has every permission (or, for the review, `endStatement`).
 */
function model(endStatement = allow('*', '*')) {
  const t = new TestModel();
  t.bucket('data');
  t.user('alice', { inline: [policy(allow('sts:AssumeRole', arns.role('hop')))] });
  t.role('hop', {
    tags: { team: 'platform' },
    trust: policy(allow('sts:AssumeRole', undefined, { Principal: { AWS: arns.user('alice') } })),
    inline: [policy(allow('sts:AssumeRole', arns.role('admin')))],
  });
  t.role('admin', {
    trust: policy(
      allow('sts:AssumeRole', undefined, {
        Principal: { AWS: arns.role('hop') },
        Condition: {
          StringEquals: {
            'aws:PrincipalTag/team': new Unknown('var.team is known after apply', UNKNOWN_SOURCE),
          },
        },
      }),
    ),
    inline: [policy(endStatement)],
  });
  return t.engine();
}

const namesTheUnknown = (reasons: { text: string; source?: { logicalId?: string } }[]) =>
  reasons.some(
    (r) => r.text.includes('var.team is known after apply') && r.source?.logicalId === 'team-variable',
  );

describe(`an escalation path's undecided hop says its reasons (${CHAINING}; ${CONDITION})`, () => {
  it('cannotBecome: indeterminate, with the second hop’s unknown condition value and its source', () => {
    const engine = model();
    const r = runSpec(
      engine.model,
      parseSpec('version: 1\nexpect:\n  - { id: e, principal: user/alice, cannotBecome: [role/admin] }\n'),
      { engine },
    );
    const check = r.expectations[0]!.checks[0]!;
    expect(check.status).toBe('indeterminate');
    const reasons = check.indeterminate!.reasons;
    expect(namesTheUnknown(reasons), reasons.map(reasonLine).join('\n')).toBe(true);
    // The reason is the engine's (the hop's decision), not a generic one naming the statement.
    expect(reasons.every((x) => !x.text.includes('may or may not apply'))).toBe(true);
    expect(reasons[0]!.kind).toBe('unknown-condition');
  });

  it('noEscalation: indeterminate through the same hop, with its reason and source', () => {
    const check = noEscalationCheck(model(), 'user/alice');
    expect(check.status).toBe('indeterminate');
    expect(
      namesTheUnknown(check.indeterminate!.reasons),
      check.indeterminate!.reasons.map(reasonLine).join('\n'),
    ).toBe(true);
  });

  it('review: the chained finding of alice (the end role may rewrite a bucket policy) names the hop’s unknown', () => {
    const end = allow('s3:PutBucketPolicy', arns.bucket('data'));
    const found = [...escalationFindings(model(end)).values()].filter(
      (f) => f.subject === arns.user('alice') && f.indeterminate,
    );
    expect(found.length).toBeGreaterThan(0);
    for (const f of found)
      expect(
        namesTheUnknown(f.indeterminate!.reasons),
        f.indeterminate!.reasons.map(reasonLine).join('\n'),
      ).toBe(true);
  });
});
