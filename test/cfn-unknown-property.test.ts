// Property: removing knowledge never turns a failing check into a pass. Over generated
// CloudFormation templates (statements behind Fn::If on parameter conditions, resources with a
// Condition, policies whose Users is a parameter), a check evaluated with every parameter known
// (defaults) is compared with the same check once one parameter loses its default: a failing
// `onlyPrincipals`, `only` or `cannot` must still fail (or become indeterminate), never pass.
// Rule: "Whatever might exist or might grant access and cannot be pinned down from the inputs
// stays in the model as unknown" (issue 10); AWS evaluates the template with the parameter value
// given at deployment, which may be any of the allowed values ("Parameters": "AllowedValues",
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/parameters-section-structure.html).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkOnly, checkOnlyPrincipals } from '../src/analysis/exhaustive.js';
import { compileModel } from '../src/engine/index.js';
import { modelOfTemplate } from './fixtures/cfn/load.js';

const ACCOUNT = '111122223333';
const ALICE = `arn:aws:iam::${ACCOUNT}:user/alice`;
const BOB = `arn:aws:iam::${ACCOUNT}:user/bob`;
const OBJECT = 'arn:aws:s3:::data/k';
const PARAMS = ['P0', 'P1', 'Who', 'Target'] as const;

const action = fc.constantFrom('s3:GetObject', 's3:PutObject', 's3:*');
const stmt = (resourcePolicy: boolean) =>
  fc.record({
    Effect: fc.constantFrom('Allow', 'Allow', 'Deny'),
    Action: action,
    ...(resourcePolicy ? { Principal: fc.constantFrom<unknown>('*', { AWS: BOB }, { AWS: ALICE }) } : {}),
  });
const cond = fc.constantFrom('C0', 'C1', 'NotC0');
/** A statement as written: plain, or one or two branches of an Fn::If. */
const written = (resourcePolicy: boolean) =>
  fc.oneof(
    stmt(resourcePolicy).map((s) => ({ ...s, Resource: 'arn:aws:s3:::data/*' })),
    fc.tuple(cond, stmt(resourcePolicy), fc.boolean()).map(([c, s, first]) => {
      const st = { ...s, Resource: 'arn:aws:s3:::data/*' };
      return { 'Fn::If': first ? [c, st, { Ref: 'AWS::NoValue' }] : [c, { Ref: 'AWS::NoValue' }, st] };
    }),
    fc.tuple(cond, stmt(resourcePolicy), stmt(resourcePolicy)).map(([c, a, b]) => ({
      'Fn::If': [c, { ...a, Resource: 'arn:aws:s3:::data/*' }, { ...b, Resource: 'arn:aws:s3:::data/*' }],
    })),
  );

const scenario = fc.record({
  defaults: fc.record({
    P0: fc.constantFrom('a', 'b'),
    P1: fc.constantFrom('a', 'b'),
    Who: fc.constantFrom('alice', 'bob'),
    Target: fc.constantFrom('data', 'other'),
  }),
  /** The bucket policy's Bucket: the bucket itself, or a parameter naming it or another bucket. */
  bucketTarget: fc.constantFrom<unknown>({ Ref: 'Data' }, { Ref: 'Target' }),
  bucketStatements: fc.array(written(true), { minLength: 0, maxLength: 3 }),
  policies: fc.array(
    fc.record({
      target: fc.constantFrom<unknown>(['alice'], ['bob'], [{ Ref: 'Who' }]),
      condition: fc.option(cond, { nil: undefined }),
      statements: fc.array(written(false), { minLength: 1, maxLength: 2 }),
    }),
    { minLength: 0, maxLength: 3 },
  ),
  forget: fc.constantFrom(...PARAMS),
});
type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

function template(s: Scenario, forget: string | undefined): Record<string, unknown> {
  const param = (name: string, allowed: string[]) => ({
    Type: 'String',
    AllowedValues: allowed,
    ...(name === forget ? {} : { Default: s.defaults[name as keyof Scenario['defaults']] }),
  });
  const resources: Record<string, unknown> = {
    Alice: { Type: 'AWS::IAM::User', Properties: { UserName: 'alice' } },
    Bob: { Type: 'AWS::IAM::User', Properties: { UserName: 'bob' } },
    Data: { Type: 'AWS::S3::Bucket', Properties: { BucketName: 'data' } },
  };
  if (s.bucketStatements.length)
    resources.DataPolicy = {
      Type: 'AWS::S3::BucketPolicy',
      Properties: {
        Bucket: s.bucketTarget,
        PolicyDocument: { Version: '2012-10-17', Statement: s.bucketStatements },
      },
    };
  s.policies.forEach((p, i) => {
    resources[`Policy${i}`] = {
      Type: 'AWS::IAM::Policy',
      ...(p.condition ? { Condition: p.condition } : {}),
      Properties: {
        PolicyName: `p${i}`,
        Users: p.target,
        PolicyDocument: { Version: '2012-10-17', Statement: p.statements },
      },
    };
  });
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Parameters: {
      P0: param('P0', ['a', 'b']),
      P1: param('P1', ['a', 'b']),
      Who: param('Who', ['alice', 'bob']),
      Target: param('Target', ['data', 'other']),
    },
    Conditions: {
      C0: { 'Fn::Equals': [{ Ref: 'P0' }, 'a'] },
      C1: { 'Fn::Equals': [{ Ref: 'P1' }, 'a'] },
      NotC0: { 'Fn::Not': [{ Condition: 'C0' }] },
    },
    Resources: resources,
  };
}

interface Verdicts {
  onlyPrincipals: boolean;
  only: boolean;
  /** `cannot` bob s3:PutObject holds only on a definite deny. */
  cannot: boolean;
}

function verdicts(t: Record<string, unknown>): Verdicts {
  const e = compileModel(
    modelOfTemplate(t, { account: ACCOUNT, region: 'us-east-1', file: 'generated.json', stackName: 'gen' }),
  );
  return {
    onlyPrincipals: checkOnlyPrincipals(e, 's3:GetObject', OBJECT, [ALICE], { maxWitnesses: 1 }).holds,
    only: checkOnly(e, ALICE, [{ action: 's3:GetObject', resource: 'arn:aws:s3:::data/*' }], {
      maxWitnesses: 1,
    }).holds,
    cannot: e.decide({ principal: BOB, action: 's3:PutObject', resource: OBJECT }).decision === 'deny',
  };
}

describe('CloudFormation: making a value unknown never turns a failing check into a pass', () => {
  it('holds over generated templates', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const known = verdicts(template(s, undefined));
        const unknown = verdicts(template(s, s.forget));
        for (const k of ['onlyPrincipals', 'only', 'cannot'] as const) {
          if (!known[k]) expect(unknown[k], `${k} passed once ${s.forget} lost its default`).toBe(false);
        }
      }),
      { numRuns: 150, seed: 20261204 },
    );
  }, 120_000);

  it('the generator reaches failing checks that stay failing only through unknowns', () => {
    // A public read behind Fn::If on C0: failing with P0=b (the statement exists), and with P0
    // unknown it must still fail, through the maybe-present statement.
    const s: Scenario = {
      defaults: { P0: 'b', P1: 'a', Who: 'alice', Target: 'data' },
      bucketTarget: { Ref: 'Data' },
      bucketStatements: [
        {
          'Fn::If': [
            'C0',
            { Ref: 'AWS::NoValue' },
            { Effect: 'Allow', Action: 's3:GetObject', Principal: '*', Resource: 'arn:aws:s3:::data/*' },
          ],
        },
      ],
      policies: [],
      forget: 'P0',
    };
    expect(verdicts(template(s, undefined)).onlyPrincipals).toBe(false);
    expect(verdicts(template(s, 'P0')).onlyPrincipals).toBe(false);
    expect(verdicts(template({ ...s, defaults: { ...s.defaults, P0: 'a' } }, undefined)).onlyPrincipals).toBe(
      true,
    );
  });

  it('a bucket policy whose Bucket is a parameter without a value stays on the bucket, maybe-present', () => {
    // A public read on the bucket Target names: failing with Target=data, and with Target
    // unknown it must still fail (issue 10, "a policy whose target is unknown").
    const s: Scenario = {
      defaults: { P0: 'a', P1: 'a', Who: 'alice', Target: 'data' },
      bucketTarget: { Ref: 'Target' },
      bucketStatements: [
        { Effect: 'Allow', Action: 's3:GetObject', Principal: '*', Resource: 'arn:aws:s3:::data/*' },
      ],
      policies: [],
      forget: 'Target',
    };
    expect(verdicts(template(s, undefined)).onlyPrincipals).toBe(false);
    expect(verdicts(template(s, 'Target')).onlyPrincipals).toBe(false);
    expect(
      verdicts(template({ ...s, defaults: { ...s.defaults, Target: 'other' } }, undefined)).onlyPrincipals,
    ).toBe(true);
  });

  it('a Deny behind an undecided resource Condition does not make cannot pass', () => {
    const s: Scenario = {
      defaults: { P0: 'b', P1: 'a', Who: 'alice', Target: 'data' },
      bucketTarget: { Ref: 'Data' },
      bucketStatements: [],
      policies: [
        {
          target: ['bob'],
          condition: undefined,
          statements: [{ Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::data/*' }],
        },
        {
          target: ['bob'],
          condition: 'C0',
          statements: [{ Effect: 'Deny', Action: 's3:*', Resource: 'arn:aws:s3:::data/*' }],
        },
      ],
      forget: 'P0',
    };
    expect(verdicts(template(s, undefined)).cannot).toBe(false);
    expect(verdicts(template(s, 'P0')).cannot).toBe(false);
    expect(verdicts(template({ ...s, defaults: { ...s.defaults, P0: 'a' } }, undefined)).cannot).toBe(true);
  });
});
