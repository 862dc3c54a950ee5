// Spec `noEscalation` and tagging oneself (spec/check-escalation.ts `selfTagEscalation`): a
// user's or role's tags are its aws:PrincipalTag/* values, so a principal allowed iam:TagRole /
// iam:TagUser (or Untag...) on itself can meet an ABAC condition it does not meet now
// (`aws:PrincipalTag/team = admin`) or leave a Deny's. `noEscalation` passed for such a role; it
// is now indeterminate (what new tags unlock is not computed), never a pass.
//
// IAM User Guide, "Controlling access for IAM principals" (access_iam-tags.html): "You can use
// the aws:PrincipalTag condition key to control what the principal is allowed to do based on the
// tags attached to the principal"; "Controlling access to and for IAM users and roles using tags":
// iam:TagUser / iam:TagRole add tags to a user or role,
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access_iam-tags.html

import { describe, expect, it } from 'vitest';
import { parseSpec } from '../src/spec/parse.js';
import { runSpec } from '../src/spec/run.js';
import { allow, arns, policy, TestModel } from './helpers/engine-fixtures.js';

const PAGE =
  'IAM User Guide, "Controlling access for IAM principals": aws:PrincipalTag is the tags attached to the principal, which iam:TagRole / iam:TagUser change';

function status(o: { tagSelf: boolean; abac: boolean }) {
  const t = new TestModel();
  const statements = [
    o.abac
      ? allow('s3:GetObject', '*', { Condition: { StringEquals: { 'aws:PrincipalTag/team': 'admin' } } })
      : allow('s3:GetObject', 'arn:aws:s3:::public/*'),
  ];
  if (o.tagSelf) statements.push(allow(['iam:TagRole', 'iam:UntagRole'], arns.role('abac')));
  t.role('abac', {
    tags: { team: 'dev' },
    trust: policy({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }),
    inline: [policy(...statements)],
  });
  const engine = t.engine();
  const r = runSpec(
    engine.model,
    parseSpec('version: 1\nexpect:\n  - { id: e, principal: role/abac, noEscalation: true }\n'),
    {
      engine,
    },
  );
  return { status: r.expectations[0]!.status, message: r.expectations[0]!.checks[0]!.message };
}

describe(`noEscalation: tagging oneself where policies read principal tags (${PAGE})`, () => {
  it('a role allowed iam:TagRole on itself, with an ABAC grant: indeterminate (was: pass)', () => {
    const r = status({ tagSelf: true, abac: true });
    expect(r.status, PAGE).toBe('indeterminate');
    expect(r.message).toContain('iam:TagRole on');
    expect(r.message).toContain('aws:PrincipalTag');
  });

  it('without the tag permission, or when no policy reads principal tags: pass', () => {
    expect(status({ tagSelf: false, abac: true }).status).toBe('pass');
    expect(status({ tagSelf: true, abac: false }).status).toBe('pass');
  });
});
