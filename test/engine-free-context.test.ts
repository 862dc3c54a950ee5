// Policy variables on free context keys in Resource / NotResource under the engine's analysis
// modes (DecideOptions.conditions 'optimistic' / 'pessimistic') and decideAnyContext.
//
// AWS rule pinned for strict mode: a policy variable with no value (the key is absent from the
// request context and has no default) makes the Resource value match nothing (IAM User Guide,
// "IAM policy elements: Variables and tags", section "Policy variables with no value").
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#policy-vars-no-value
// Analysis modes: a free key (neither pinned nor determined by the model) may take any value,
// so in optimistic mode an Allow's Resource variable takes the value that names the resource and
// a Deny's none; pessimistic mode the reverse. NotResource has the opposite polarity: its
// statement applies to resources the pattern does NOT name (IAM User Guide, "IAM JSON policy
// elements: NotResource").
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notresource.html

import { describe, expect, it } from 'vitest';
import { decideAnyContext } from '../src/analysis/free-decision.js';
import { compileModel } from '../src/engine/index.js';
import type { DecideOptions, Request } from '../src/engine/types.js';
import { ModelBuilder } from '../src/model/builder.js';
import { parsePolicy } from '../src/policy/parse.js';

const ACCOUNT = '111122223333';
const USER = `arn:aws:iam::${ACCOUNT}:user/ana`;

function engineWith(statements: unknown[], tags?: Record<string, string>) {
  const b = new ModelBuilder();
  b.addAccount(ACCOUNT, 'us-east-1');
  const u = b.addUser({ name: 'ana', account: ACCOUNT, source: { file: 't' }, ...(tags ? { tags } : {}) });
  b.addInlinePolicy(u, {
    name: 'home',
    source: { file: 't' },
    document: parsePolicy(
      { Version: '2012-10-17', Statement: statements },
      { kind: 'identity', source: { file: 't' } },
    ),
  });
  return compileModel(b.build());
}

const getObject = (resource: string, context?: Request['context']): Request => ({
  principal: USER,
  action: 's3:GetObject',
  resource,
  ...(context ? { context } : {}),
});

const modes: DecideOptions['conditions'][] = ['strict', 'optimistic', 'pessimistic'];
const decisions = (e: ReturnType<typeof engineWith>, r: Request) =>
  Object.fromEntries(modes.map((m) => [m, e.decide(r, { conditions: m }).decision]));

const HOME_OBJECT = 'arn:aws:s3:::bkt/AIDAEXAMPLE/f';

/** The object under user AIDAEXAMPLE's home: unknown strictly, allowed optimistically, denied pessimistically. */
const expectOpenOnHome = (e: ReturnType<typeof engineWith>) =>
  expect(decisions(e, getObject(HOME_OBJECT))).toEqual({
    strict: 'indeterminate',
    optimistic: 'allow',
    pessimistic: 'deny',
  });

/** The free decision on that object, checked conditional with its conditions matching `conditions`. */
function expectConditionalOnHome(e: ReturnType<typeof engineWith>, conditions: RegExp) {
  const fd = decideAnyContext(e, getObject(HOME_OBJECT));
  expect(fd.access).toBe('conditional');
  expect(fd.conditions.join(' ')).toMatch(conditions);
  return fd;
}

const userIdHome = {
  Sid: 'Home',
  Effect: 'Allow',
  Action: 's3:GetObject',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable
  Resource: 'arn:aws:s3:::bkt/${aws:userid}/*',
};

describe('Resource with a policy variable on a free key', () => {
  const e = engineWith([userIdHome]);

  // strict: aws:userid is present with a value known only after deploy (an AIDA… id that may
  // be AIDAEXAMPLE): indeterminate, no longer "no value, no match" (issue 9, item 4).
  it('strict: a value known only after deploy, indeterminate; optimistic: the variable names the resource; pessimistic: not', () => {
    expectOpenOnHome(e);
  });

  it('the variable is a wildcard within the pattern, not the whole ARN', () => {
    expect(
      e.decide(getObject('arn:aws:s3:::other/AIDAEXAMPLE/f'), { conditions: 'optimistic' }).decision,
    ).toBe('deny');
    // the literal `/` after the variable still has to be there
    expect(e.decide(getObject('arn:aws:s3:::bkt/AIDAEXAMPLE'), { conditions: 'optimistic' }).decision).toBe(
      'deny',
    );
  });

  it('the optimistic decision names the assumption', () => {
    const d = e.decide(getObject('arn:aws:s3:::bkt/AIDAEXAMPLE/f'), {
      conditions: 'optimistic',
      trace: true,
    });
    expect(d.assumed).toEqual([
      expect.objectContaining({
        effect: 'Allow',
        policy: 'inline policy home of user ana',
        statement: 'Sid "Home"',
        conditions: ['aws:userid is "AIDAEXAMPLE" (the value that names the resource)'],
      }),
    ]);
    expect(
      d.trace?.some((t) => t.statement === 'Sid "Home"' && /aws:userid is "AIDAEXAMPLE"/.test(t.message)),
    ).toBe(true);
  });

  it('decideAnyContext reports conditional access with the assumption', () => {
    const fd = expectConditionalOnHome(
      e,
      /aws:userid is "AIDAEXAMPLE" \(the value that names the resource\)/,
    );
    expect(fd.grants.map((g) => g.statement)).toContain('Sid "Home"');
  });

  it('a pinned key is not free: its value decides, in every mode', () => {
    const pinned = (id: string) => getObject('arn:aws:s3:::bkt/AIDAEXAMPLE/f', { 'aws:userid': id });
    expect(decisions(e, pinned('AIDAEXAMPLE'))).toEqual({
      strict: 'allow',
      optimistic: 'allow',
      pessimistic: 'allow',
    });
    expect(decisions(e, pinned('AIDAOTHER'))).toEqual({
      strict: 'deny',
      optimistic: 'deny',
      pessimistic: 'deny',
    });
    expect(decideAnyContext(e, pinned('AIDAEXAMPLE')).access).toBe('allow');
  });

  it('request keys (s3:prefix-like) are free too', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable
    const e2 = engineWith([{ ...userIdHome, Resource: 'arn:aws:s3:::bkt/${s3:prefix}' }]);
    expect(decisions(e2, getObject('arn:aws:s3:::bkt/reports/x'))).toEqual({
      strict: 'deny',
      optimistic: 'allow',
      pessimistic: 'deny',
    });
  });
});

describe('principal tags as Resource variables', () => {
  // biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable
  const tagHome = { ...userIdHome, Resource: 'arn:aws:s3:::bkt/${aws:PrincipalTag/team}/*' };

  it("a model principal's tag is resolved, not assumed (also when absent)", () => {
    const tagged = engineWith([tagHome], { team: 'blue' });
    expect(decisions(tagged, getObject('arn:aws:s3:::bkt/blue/f'))).toEqual({
      strict: 'allow',
      optimistic: 'allow',
      pessimistic: 'allow',
    });
    expect(decisions(tagged, getObject('arn:aws:s3:::bkt/red/f'))).toEqual({
      strict: 'deny',
      optimistic: 'deny',
      pessimistic: 'deny',
    });
    const fd = decideAnyContext(tagged, getObject('arn:aws:s3:::bkt/blue/f'));
    expect(fd.access).toBe('allow');
    expect(fd.conditions).toEqual([]);
    // A model user without the tag: the key has no value, and that is known, not free.
    const untagged = engineWith([tagHome]);
    expect(decisions(untagged, getObject('arn:aws:s3:::bkt/blue/f'))).toEqual({
      strict: 'deny',
      optimistic: 'deny',
      pessimistic: 'deny',
    });
  });
});

describe('Deny with a free variable in Resource', () => {
  const e = engineWith([
    { Sid: 'All', Effect: 'Allow', Action: 's3:GetObject', Resource: '*' },
    // biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable
    { Sid: 'NoHome', Effect: 'Deny', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bkt/${aws:userid}/*' },
  ]);

  it('optimistic: the Deny names no resource; pessimistic: it names this one', () => {
    // strict: the user's id is known only after deploy, so the Deny might name the resource
    expectOpenOnHome(e);
  });

  it('decideAnyContext: conditional on the Deny not naming the resource', () => {
    const fd = decideAnyContext(e, getObject('arn:aws:s3:::bkt/AIDAEXAMPLE/f'));
    expect(fd.access).toBe('conditional');
    expect(fd.conditions).toEqual([
      expect.stringMatching(
        /^not aws:userid takes the value that names the resource \(Deny of inline policy home of user ana, Sid "NoHome"\)/,
      ),
    ]);
  });

  it('a resource no value could name needs no assumption', () => {
    const fd = decideAnyContext(e, getObject('arn:aws:s3:::elsewhere/f'));
    expect(fd.access).toBe('allow');
    expect(fd.conditions).toEqual([]);
  });

  it('a Deny whose condition fails on its own records no Resource assumption', () => {
    const e2 = engineWith([
      { Sid: 'All', Effect: 'Allow', Action: 's3:GetObject', Resource: '*' },
      {
        Sid: 'NoHome',
        Effect: 'Deny',
        Action: 's3:GetObject',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable
        Resource: 'arn:aws:s3:::bkt/${aws:userid}/*',
        Condition: { StringEquals: { 'aws:username': 'somebody-else' } },
      },
    ]);
    const fd = decideAnyContext(e2, getObject('arn:aws:s3:::bkt/AIDAEXAMPLE/f'));
    expect(fd.access).toBe('allow');
    expect(fd.conditions).toEqual([]);
  });
});

describe('NotResource with a free variable', () => {
  it('Allow: optimistic applies as widely as it can (the pattern names nothing); pessimistic not', () => {
    const e = engineWith([
      {
        Sid: 'NotHome',
        Effect: 'Allow',
        Action: 's3:GetObject',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable
        NotResource: 'arn:aws:s3:::bkt/${aws:userid}/*',
      },
    ]);
    // strict: the user's id is known only after deploy: NotResource might name the resource
    expectOpenOnHome(e);
    expectConditionalOnHome(e, /aws:userid takes a value that leaves the resource outside NotResource/);
    // a resource outside the pattern whatever the value: allowed in every context
    expect(decideAnyContext(e, getObject('arn:aws:s3:::other/f')).access).toBe('allow');
  });

  it('Deny: optimistic keeps the Deny out (the pattern names the resource); pessimistic applies it', () => {
    const e = engineWith([
      { Sid: 'All', Effect: 'Allow', Action: 's3:GetObject', Resource: '*' },
      {
        Sid: 'OnlyHome',
        Effect: 'Deny',
        Action: 's3:GetObject',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable
        NotResource: 'arn:aws:s3:::bkt/${aws:userid}/*',
      },
    ]);
    expectOpenOnHome(e);
    expectConditionalOnHome(e, /^not aws:userid takes a value that leaves the resource outside NotResource/);
    // outside the home pattern the Deny applies whatever the value
    expect(decideAnyContext(e, getObject('arn:aws:s3:::other/f')).access).toBe('deny');
  });
});
