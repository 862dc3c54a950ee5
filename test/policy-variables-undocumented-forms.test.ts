// biome-ignore-all lint/suspicious/noTemplateCurlyInString: IAM policy variables are written ${...} in plain strings.
// Policy variables AWS does not document. IAM User Guide, "IAM policy elements: Variables and
// tags" (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html):
// "To add a default value to a variable, surround the default value with single quotes (' '),
// and separate the variable text and the default value with a comma and space (, )." and "You
// can't use a multivalued condition key as a variable". The documented forms are `${key}` and
// `${key, 'default'}`; `${ aws:username }` (spaces inside) and `${key,'d'}` (no space) were read
// as the documented ones, and a key with several values took its default: guesses. Such a value
// is unknown now: a Deny with it is never skipped (indeterminate with the reason), an Allow is
// never sure.

import { describe, expect, it } from 'vitest';
import { allow, arns, decide, deny, policy, TestModel } from './helpers/engine-fixtures.js';

const BUCKET = 'bk';
const object = (key: string) => `${arns.bucket(BUCKET)}/${key}`;

function engineWith(statement: Record<string, unknown>, tags?: Record<string, string>) {
  const m = new TestModel();
  m.bucket(BUCKET);
  const alice = m.user('alice', { tags, inline: [policy(allow('s3:*', '*'), statement)] });
  return { e: m.engine(), alice };
}

function expectUndocumented(d: ReturnType<typeof decide>, text: string) {
  expect(d.decision).toBe('indeterminate');
  const entry = d.trace?.find((t) => t.outcome === 'unknown');
  expect(entry?.kind).toBe('undocumented-rule');
  expect(entry?.message).toContain(text);
}

describe('policy variables in forms AWS does not document', () => {
  it('a Deny whose Resource holds ${ aws:username } (spaces inside) is not skipped', () => {
    const { e, alice } = engineWith(deny('s3:GetObject', `${arns.bucket(BUCKET)}/\${ aws:username }/*`));
    // Before: read as ${aws:username}, the Deny named only alice/* and bob/x was allowed.
    expectUndocumented(
      decide(e, alice, 's3:GetObject', object('bob/x'), { trace: true }),
      '${ aws:username }',
    );
  });

  it("a Deny with NotResource ${aws:PrincipalTag/team,'shared'} (no space after the comma) is not skipped", () => {
    const { e, alice } = engineWith({
      Effect: 'Deny',
      Action: 's3:GetObject',
      NotResource: `${arns.bucket(BUCKET)}/\${aws:PrincipalTag/team,'shared'}/*`,
    });
    // Before: the default 'shared' was taken: shared/x was outside the Deny, allowed.
    expectUndocumented(
      decide(e, alice, 's3:GetObject', object('shared/x'), { trace: true }),
      "${aws:PrincipalTag/team,'shared'}",
    );
  });

  it('a Deny whose condition value holds ${ aws:PrincipalTag/owner } is not skipped', () => {
    const { e, alice } = engineWith(
      deny('s3:GetObject', '*', {
        Condition: { StringEquals: { 'aws:username': '${ aws:PrincipalTag/owner }' } },
      }),
      { owner: 'bob' },
    );
    expectUndocumented(
      decide(e, alice, 's3:GetObject', object('x'), { trace: true }),
      'aws:PrincipalTag/owner',
    );
  });

  it("a key with several values and a default (${aws:TagKeys, 'none'}): unknown, not the default", () => {
    const { e, alice } = engineWith({
      Effect: 'Deny',
      Action: 's3:PutObject',
      NotResource: `${arns.bucket(BUCKET)}/\${aws:TagKeys, 'none'}/*`,
    });
    const context = { 'aws:TagKeys': ['a', 'b'] };
    // Before: 'none' was taken: none/x was outside the Deny, allowed.
    const d = decide(e, alice, 's3:PutObject', object('none/x'), { context, trace: true });
    expect(d.decision).toBe('indeterminate');
    expect(JSON.stringify(d.trace)).toContain('multivalued');
  });

  it('guards: the documented forms decide as before', () => {
    const res = `${arns.bucket(BUCKET)}/\${aws:PrincipalTag/team, 'shared'}/*`;
    const { e, alice } = engineWith({ Effect: 'Deny', Action: 's3:GetObject', NotResource: res });
    expect(decide(e, alice, 's3:GetObject', object('shared/x')).decision).toBe('allow');
    expect(decide(e, alice, 's3:GetObject', object('other/x')).decision).toBe('deny');
    const d = engineWith(deny('s3:GetObject', `${arns.bucket(BUCKET)}/\${aws:username}/*`));
    expect(decide(d.e, d.alice, 's3:GetObject', object('bob/x')).decision).toBe('allow');
    expect(decide(d.e, d.alice, 's3:GetObject', object('alice/x')).decision).toBe('deny');
    // one value of the key: the variable is that value
    const one = engineWith({
      Effect: 'Deny',
      Action: 's3:PutObject',
      NotResource: `${arns.bucket(BUCKET)}/\${aws:TagKeys, 'none'}/*`,
    });
    expect(
      decide(one.e, one.alice, 's3:PutObject', object('a/x'), { context: { 'aws:TagKeys': ['a'] } }).decision,
    ).toBe('allow');
  });
});
