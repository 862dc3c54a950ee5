// An intrinsic function whose argument is unknown, when the result is not that argument
// (src/adapters/cloudformation/intrinsics.ts `opaque`). CloudFormation Template Reference:
// "The intrinsic function Fn::ImportValue returns the value of an output exported by another
// stack"; "The intrinsic function Fn::Select returns a single object from a list of objects by
// index"; Fn::Split splits "a string into a list of string values so that you can select an
// element from the resulting string list"; "The intrinsic function Fn::FindInMap returns the value
// corresponding to keys in a two-level map that's declared in the Mappings section". None of these
// results is its argument: an unknown export name, index, key or split string says nothing of the
// result. Before, the argument's unknown was returned as the result, its shape included: the
// known text of a partly known argument (`!ImportValue !Sub '${Env}-BucketArn'` read as a Resource
// `${?}-BucketArn`, `!Select [1, !Split [':::', !Sub 'arn:aws:s3:::${Name}']]` as
// `arn:aws:s3:::${?}`) or the branches of an undecided Fn::If (an export name `a-Arn` or `b-Arn`
// read as the value). A Deny naming such a value matched no request: the Deny silently did not
// apply and the Allow beside it decided `allow`.

import { describe, expect, it } from 'vitest';
import { decideAnyContext } from '../src/analysis/free-decision.js';
import { denyBesideAllow, engineOfTemplate, USER_U, userPolicyTemplate } from './helpers/cfn-user-policy.js';

const OBJECT = 'arn:aws:s3:::data/k';

/** `u` may s3:GetObject anything, except what the Deny's Resource names. */
function access(deniedResource: unknown, transform?: string): string {
  const template = userPolicyTemplate(denyBesideAllow(deniedResource), {
    ...(transform ? { Transform: transform } : {}),
    Parameters: { Env: { Type: 'String' }, Name: { Type: 'String' } },
    // two entries: a key the inputs leave unknown picks one of them (cfn-findinmap-unknown-key.test.ts)
    Mappings: {
      Buckets: { 'prod-key': { Arn: 'arn:aws:s3:::data/*' }, 'dev-key': { Arn: 'arn:aws:s3:::dev/*' } },
    },
    Conditions: { IsProd: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] } },
  });
  const engine = engineOfTemplate(template);
  return decideAnyContext(engine, { principal: USER_U, action: 's3:GetObject', resource: OBJECT }).access;
}

describe('an unknown argument makes the result wholly unknown (was the argument, read as the result)', () => {
  it('Fn::ImportValue of a partly known export name', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a CloudFormation Fn::Sub
    expect(access({ 'Fn::ImportValue': { 'Fn::Sub': '${Env}-BucketArn' } })).toBe('indeterminate');
  });

  it('Fn::ImportValue of an export name an undecided Fn::If picks', () => {
    expect(access({ 'Fn::ImportValue': { 'Fn::If': ['IsProd', 'prod-BucketArn', 'dev-BucketArn'] } })).toBe(
      'indeterminate',
    );
  });

  it('Fn::Select of Fn::Split on a partly known ARN', () => {
    const name = {
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a CloudFormation Fn::Sub
      'Fn::Select': [1, { 'Fn::Split': [':::', { 'Fn::Sub': 'arn:aws:s3:::${Name}' }] }],
    };
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a CloudFormation Fn::Sub
    expect(access({ 'Fn::Sub': ['arn:aws:s3:::${B}/*', { B: name }] })).toBe('indeterminate');
  });

  it('Fn::Select at an index an undecided Fn::If picks', () => {
    const list = ['arn:aws:s3:::data/*', 'arn:aws:s3:::other/*'];
    expect(access({ 'Fn::Select': [{ 'Fn::If': ['IsProd', 0, 1] }, list] })).toBe('indeterminate');
  });

  it('Fn::FindInMap with a partly known key', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a CloudFormation Fn::Sub
    expect(access({ 'Fn::FindInMap': ['Buckets', { 'Fn::Sub': '${Env}-key' }, 'Arn'] })).toBe(
      'indeterminate',
    );
  });

  it('known arguments still decide: the Deny applies', () => {
    expect(access({ 'Fn::FindInMap': ['Buckets', 'prod-key', 'Arn'] })).toBe('deny');
    expect(
      access({ 'Fn::Select': [1, { 'Fn::Split': [',', 'arn:aws:s3:::x/*,arn:aws:s3:::data/*'] }] }),
    ).toBe('deny');
  });
});
