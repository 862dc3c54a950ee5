// biome-ignore-all lint/suspicious/noTemplateCurlyInString: IAM policy variables are written ${...} in plain strings.
// A policy variable reading a tag the inputs may not show (`OTHER_TAGS`: a bare template's
// deploy-time stack tags, `tags = var.x`) has an unknown value, or, when the tag is absent, its
// default: a condition or Resource holding it is indeterminate, never decided as "no value".
//
// AWS rules pinned here (IAM User Guide, "IAM policy elements: Variables and tags",
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html):
// - "When the policy is evaluated, the policy variables are replaced with values that come from
//   the conditional context keys passed in the request." (`${aws:PrincipalTag/team}` is the
//   principal's tag `team`, which a stack tag of that key gives it);
// - "Policy variables with no value": a variable whose key is absent and that has no default
//   makes the value match nothing; with a default (`${aws:PrincipalTag/team, 'none'}`, "Specifying
//   default values") the default is used.
// The red-team case (hqa11): a user of a bare template (stack tags unknown) with
// `StringLike s3:prefix ${aws:PrincipalTag/team}/*` was decided DENY for s3:prefix "x/y" although
// a stack tag team=x allows it; the condition-key form (`aws:PrincipalTag/team: x`) was already
// indeterminate.

import { describe, expect, it } from 'vitest';
import { compileModel } from '../src/engine/index.js';
import { ModelBuilder } from '../src/model/builder.js';
import { OTHER_TAGS, type Tags } from '../src/model/types.js';
import { Unknown } from '../src/model/unknown.js';
import { parsePolicy } from '../src/policy/parse.js';

const source = { file: 'policy-variables-unknown-tags.test.ts' };
const ACCOUNT = '111122223333';
const DEV = `arn:aws:iam::${ACCOUNT}:user/dev`;
const otherTags: Tags = { [OTHER_TAGS]: new Unknown("the stack's tags are given at deployment") };

function engineWith(statement: Record<string, unknown>, tags: Tags) {
  const b = new ModelBuilder();
  b.addAccount(ACCOUNT, 'us-east-1');
  const user = b.addUser({ name: 'dev', account: ACCOUNT, source, tags });
  b.addInlinePolicy(user, {
    name: 'p',
    document: parsePolicy(
      { Version: '2012-10-17', Statement: [{ Effect: 'Allow', ...statement }] },
      { kind: 'identity', source },
    ),
    source,
  });
  b.addBucket({ bucketName: 'data', account: ACCOUNT, region: 'us-east-1', tags: {}, source });
  return compileModel(b.build());
}

const listWithPrefix = (prefix: string) => ({
  principal: DEV,
  action: 's3:ListBucket',
  resource: 'arn:aws:s3:::data',
  context: { 's3:prefix': prefix },
});

describe('a policy variable on a tag that may be present', () => {
  const prefixStatement = {
    Action: 's3:ListBucket',
    Resource: 'arn:aws:s3:::data',
    Condition: { StringLike: { 's3:prefix': '${aws:PrincipalTag/team}/*' } },
  };

  it('in a condition value (StringLike): indeterminate, not deny', () => {
    const e = engineWith(prefixStatement, otherTags);
    expect(e.decide(listWithPrefix('x/y')).decision).toBe('indeterminate');
    // An empty tag value (AWS allows one) gives the prefix "/y" too.
    expect(e.decide(listWithPrefix('/y')).decision).toBe('indeterminate');
  });

  it('tags known whole: decided as before (no tag: no value, no match; a shown tag: its value)', () => {
    expect(engineWith(prefixStatement, {}).decide(listWithPrefix('x/y')).decision).toBe('deny');
    const shown = engineWith(prefixStatement, { ...otherTags, team: 'x' });
    expect(shown.decide(listWithPrefix('x/y')).decision).toBe('allow');
    expect(shown.decide(listWithPrefix('z/y')).decision).toBe('deny');
  });

  it('in StringEquals with a default: the default or an unknown value, so indeterminate either way', () => {
    const statement = {
      Action: 's3:ListBucket',
      Resource: 'arn:aws:s3:::data',
      Condition: { StringEquals: { 's3:prefix': "${aws:PrincipalTag/team, 'none'}" } },
    };
    const e = engineWith(statement, otherTags);
    expect(e.decide(listWithPrefix('none')).decision).toBe('indeterminate');
    expect(e.decide(listWithPrefix('web')).decision).toBe('indeterminate');
    const known = engineWith(statement, {});
    expect(known.decide(listWithPrefix('none')).decision).toBe('allow');
    expect(known.decide(listWithPrefix('web')).decision).toBe('deny');
  });

  it('in a Resource: indeterminate, not deny', () => {
    const statement = { Action: 's3:GetObject', Resource: 'arn:aws:s3:::data/${aws:PrincipalTag/team}/*' };
    const get = { principal: DEV, action: 's3:GetObject', resource: 'arn:aws:s3:::data/x/report.csv' };
    expect(engineWith(statement, otherTags).decide(get).decision).toBe('indeterminate');
    expect(engineWith(statement, {}).decide(get).decision).toBe('deny');
    expect(engineWith(statement, { team: 'x' }).decide(get).decision).toBe('allow');
  });

  it('a Deny on the variable is not decided as not applying', () => {
    const b = new ModelBuilder();
    b.addAccount(ACCOUNT, 'us-east-1');
    const user = b.addUser({ name: 'dev', account: ACCOUNT, source, tags: otherTags });
    b.addInlinePolicy(user, {
      name: 'p',
      document: parsePolicy(
        {
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' },
            {
              Effect: 'Deny',
              Action: 's3:GetObject',
              Resource: '*',
              Condition: { StringEquals: { 's3:ExistingObjectTag/owner': '${aws:PrincipalTag/team}' } },
            },
          ],
        },
        { kind: 'identity', source },
      ),
      source,
    });
    const e = compileModel(b.build());
    const d = e.decide({
      principal: DEV,
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::other/k',
      context: { 's3:ExistingObjectTag/owner': 'x' },
    });
    expect(d.decision).toBe('indeterminate');
  });
});
