// An undecided `Fn::If` inside a policy statement (its condition on a parameter without a value):
// the statement is one maybe-present statement per branch, each decided precisely, beside one
// certain statement covering what every branch covers (src/adapters/cloudformation/policies.ts
// `statementChoices`, src/policy/common-statement.ts): a request is indeterminate only where the
// branches disagree. Before, the `Fn::If` was one unknown value, so a Deny whose Resource was
// `!If [IsProd, a, b]` made every request indeterminate and an Allow whose Action was `!If [IsProd,
// [get, put], [get]]` every action.
//
// CloudFormation Template Reference, "Condition functions" (Fn::If): "Returns one value if the
// specified condition evaluates to true and another value if the specified condition evaluates to
// false." and "You can use the AWS::NoValue pseudo parameter as a return value to remove the
// corresponding property."
// https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference-conditions.html
// IAM User Guide, "IAM JSON policy elements: NotAction": "NotAction is an advanced policy element
// that explicitly matches everything except the specified list of actions" (so the common part of
// NotAction lists is their union).

import { describe, expect, it } from 'vitest';
import {
  denyBesideAllow,
  engineOfTemplate,
  roleOfA,
  roleReadsOfBucketPolicy,
  USER_U,
  userPolicyTemplate,
} from './helpers/cfn-user-policy.js';

const SECTIONS = {
  Parameters: { Env: { Type: 'String' }, Extra: { Type: 'String' } },
  Conditions: {
    IsProd: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] },
    HasExtra: { 'Fn::Equals': [{ Ref: 'Extra' }, 'yes'] },
  },
};
const ifProd = (whenTrue: unknown, whenFalse: unknown) => ({ 'Fn::If': ['IsProd', whenTrue, whenFalse] });
const NO_VALUE = { Ref: 'AWS::NoValue' };

function decisionOf(
  statements: unknown,
  action: string,
  resource: string,
  parameters?: Record<string, string>,
) {
  return engineOfTemplate(userPolicyTemplate(statements, SECTIONS), parameters).decide({
    principal: USER_U,
    action,
    resource,
  }).decision;
}
const read = (statements: unknown, object: string, parameters?: Record<string, string>) =>
  decisionOf(statements, 's3:GetObject', object, parameters);

describe('Fn::If in a Resource', () => {
  const deny = denyBesideAllow(ifProd('arn:aws:s3:::prod/*', 'arn:aws:s3:::dev/*'));

  it('a Deny covers what a branch names (indeterminate), not what none does (before: indeterminate)', () => {
    expect(read(deny, 'arn:aws:s3:::prod/k')).toBe('indeterminate');
    expect(read(deny, 'arn:aws:s3:::dev/k')).toBe('indeterminate');
    expect(read(deny, 'arn:aws:s3:::other/k')).toBe('allow');
  });

  it('the condition decided: that branch only', () => {
    expect(read(deny, 'arn:aws:s3:::prod/k', { Env: 'prod' })).toBe('deny');
    expect(read(deny, 'arn:aws:s3:::dev/k', { Env: 'prod' })).toBe('allow');
  });

  it('an element AWS::NoValue removes: the other elements are certain', () => {
    const allow = [
      {
        Effect: 'Allow',
        Action: 's3:GetObject',
        Resource: ['arn:aws:s3:::common/*', ifProd('arn:aws:s3:::prod/*', NO_VALUE)],
      },
    ];
    expect(read(allow, 'arn:aws:s3:::common/k')).toBe('allow');
    expect(read(allow, 'arn:aws:s3:::prod/k')).toBe('indeterminate');
    expect(read(allow, 'arn:aws:s3:::other/k')).toBe('deny');
  });
});

describe('Fn::If in an Action', () => {
  const allow = [
    { Effect: 'Allow', Action: ifProd(['s3:GetObject', 's3:PutObject'], ['s3:GetObject']), Resource: '*' },
  ];
  const act = (action: string) => decisionOf(allow, action, 'arn:aws:s3:::b/k');

  it('the action both branches allow is allowed; one branch only: indeterminate; neither: denied (before: all indeterminate)', () => {
    expect(act('s3:GetObject')).toBe('allow');
    expect(act('s3:PutObject')).toBe('indeterminate');
    expect(act('s3:DeleteObject')).toBe('deny');
  });

  it('NotAction branches: what neither excludes is covered', () => {
    const deny = [
      { Effect: 'Allow', Action: 's3:*', Resource: '*' },
      {
        Effect: 'Deny',
        NotAction: ifProd(['s3:GetObject'], ['s3:GetObject', 's3:PutObject']),
        Resource: '*',
      },
    ];
    expect(decisionOf(deny, 's3:GetObject', 'arn:aws:s3:::b/k')).toBe('allow');
    expect(decisionOf(deny, 's3:PutObject', 'arn:aws:s3:::b/k')).toBe('indeterminate');
    expect(decisionOf(deny, 's3:DeleteObject', 'arn:aws:s3:::b/k')).toBe('deny');
  });
});

describe('Fn::If in the Effect, a Condition value, or around a whole statement', () => {
  it('Effect Allow or Deny: what the statement covers is indeterminate, the rest is decided', () => {
    const statements = [
      { Effect: ifProd('Allow', 'Deny'), Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' },
      { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::other/*' },
    ];
    expect(read(statements, 'arn:aws:s3:::b/k')).toBe('indeterminate');
    expect(read(statements, 'arn:aws:s3:::other/k')).toBe('allow');
    expect(read(statements, 'arn:aws:s3:::b/k', { Env: 'prod' })).toBe('allow');
    expect(read(statements, 'arn:aws:s3:::b/k', { Env: 'dev' })).toBe('deny');
  });

  it('a Condition value: each branch compared (a request neither branch matches is not covered)', () => {
    const statements = [
      { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' },
      {
        Effect: 'Deny',
        Action: 's3:GetObject',
        Resource: '*',
        Condition: { StringEquals: { 's3:prefix': ifProd('prod/', 'dev/') } },
      },
    ];
    const engine = engineOfTemplate(userPolicyTemplate(statements, SECTIONS));
    const withPrefix = (prefix: string) =>
      engine.decide({
        principal: USER_U,
        action: 's3:GetObject',
        resource: 'arn:aws:s3:::b/k',
        context: { 's3:prefix': prefix },
      }).decision;
    expect(withPrefix('prod/')).toBe('indeterminate');
    expect(withPrefix('other/')).toBe('allow');
  });

  it('a whole statement or AWS::NoValue: maybe present', () => {
    const statements = [
      { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' },
      ifProd({ Effect: 'Deny', Action: 's3:GetObject', Resource: 'arn:aws:s3:::prod/*' }, NO_VALUE),
    ];
    expect(read(statements, 'arn:aws:s3:::prod/k')).toBe('indeterminate');
    expect(read(statements, 'arn:aws:s3:::dev/k')).toBe('allow');
  });
});

describe('Fn::If in a Principal', () => {
  const readAs = roleReadsOfBucketPolicy(
    SECTIONS,
    'data',
    ifProd([roleOfA('a'), roleOfA('b')], [roleOfA('a')]),
  );

  it('the role both branches name may read; one branch: indeterminate; neither: denied (before: a, b and c indeterminate)', () => {
    expect([readAs('a'), readAs('b'), readAs('c')]).toEqual(['allow', 'indeterminate', 'deny']);
  });
});

describe('bounded expansion', () => {
  it('past the cap of combinations, each undecided value is one unknown value saying so', () => {
    const conditions: Record<string, unknown> = {};
    const resources: unknown[] = [];
    for (let i = 0; i < 5; i++) {
      conditions[`C${i}`] = { 'Fn::Equals': [{ Ref: 'Env' }, `e${i}`] };
      resources.push({ 'Fn::If': [`C${i}`, `arn:aws:s3:::p${i}/*`, `arn:aws:s3:::q${i}/*`] });
    }
    const template = userPolicyTemplate(denyBesideAllow(resources), {
      Parameters: { Env: { Type: 'String' } },
      Conditions: conditions,
    });
    const engine = engineOfTemplate(template);
    const d = engine.decide({ principal: USER_U, action: 's3:GetObject', resource: 'arn:aws:s3:::other/k' });
    expect(d.decision).toBe('indeterminate');
    const u = engine.model.users.find((x) => x.name === 'u')!;
    const [deny] = u.inlinePolicies[0]!.document.statements;
    expect(deny!.presence).toBeUndefined();
    const reasons = deny!.resource!.values.map((v) => (typeof v === 'string' ? v : v.reason));
    expect(reasons).toHaveLength(5);
    for (const r of reasons)
      expect(r).toContain('make more than 16 combinations, which iamspec does not expand');
  });
});
