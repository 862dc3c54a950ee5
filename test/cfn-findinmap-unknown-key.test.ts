// Fn::FindInMap with an unknown key (htfmisc18): the value is one of the map's entries at the
// levels the unknown key chooses (or the DefaultValue), not a wholly unknown value
// (src/adapters/cloudformation/intrinsics.ts `findInMapUnknownKey`, an `UndecidedChoice`); a
// statement holding it is one maybe-present statement per entry
// (src/adapters/cloudformation/policies.ts `statementChoices`). A request no entry could cover is
// decided; one an entry covers stays indeterminate. Before, every request was indeterminate.
//
// CloudFormation Template Reference, "Fn::FindInMap": "The intrinsic function Fn::FindInMap
// returns the value corresponding to keys in a two-level map that's declared in the Mappings
// section." and, for DefaultValue (AWS::LanguageExtensions): "The value that will resolve to if
// the TopLevelKey and/or SecondLevelKey can not be found in the MapName map."
// https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference-findinmap.html

import { describe, expect, it } from 'vitest';
import {
  ACCOUNT_A as A,
  denyBesideAllow,
  engineOfTemplate,
  roleReadsOfBucketPolicy,
  USER_U,
  userPolicyTemplate,
} from './helpers/cfn-user-policy.js';

const findInMap = (map: string, extra: unknown[] = []) => ({
  'Fn::FindInMap': [map, { Ref: 'Env' }, 'Arn', ...extra],
});

const SECTIONS = {
  Parameters: { Env: { Type: 'String' } },
  Mappings: {
    Buckets: { dev: { Arn: 'arn:aws:s3:::dev/*' }, prod: { Arn: 'arn:aws:s3:::prod/*' } },
    Same: { dev: { Arn: 'arn:aws:s3:::prod/*' }, prod: { Arn: 'arn:aws:s3:::prod/*' } },
    Readers: { dev: { Arn: `arn:aws:iam::${A}:role/a` }, prod: { Arn: `arn:aws:iam::${A}:role/b` } },
  },
};

/** User u may read every object except those the Deny's Resource names. */
function userRead(
  deniedResource: unknown,
  object: string,
  parameters?: Record<string, string>,
  transform?: string,
) {
  const template = userPolicyTemplate(denyBesideAllow(deniedResource), {
    ...(transform ? { Transform: transform } : {}),
    ...SECTIONS,
  });
  return engineOfTemplate(template, parameters).decide({
    principal: USER_U,
    action: 's3:GetObject',
    resource: object,
  }).decision;
}

describe('a Deny whose Resource is Fn::FindInMap keyed by an unknown parameter', () => {
  it('covers what an entry names (indeterminate), not what none does (before: indeterminate)', () => {
    expect(userRead(findInMap('Buckets'), 'arn:aws:s3:::prod/k')).toBe('indeterminate');
    expect(userRead(findInMap('Buckets'), 'arn:aws:s3:::dev/k')).toBe('indeterminate');
    expect(userRead(findInMap('Buckets'), 'arn:aws:s3:::other/k')).toBe('allow');
  });

  it('entries that agree are the value', () => {
    expect(userRead(findInMap('Same'), 'arn:aws:s3:::prod/k')).toBe('deny');
    expect(userRead(findInMap('Same'), 'arn:aws:s3:::other/k')).toBe('allow');
  });

  it('the key given: that entry', () => {
    expect(userRead(findInMap('Buckets'), 'arn:aws:s3:::prod/k', { Env: 'prod' })).toBe('deny');
    expect(userRead(findInMap('Buckets'), 'arn:aws:s3:::dev/k', { Env: 'prod' })).toBe('allow');
  });

  it('the DefaultValue is one of the choices (a key no entry has)', () => {
    const withDefault = findInMap('Buckets', [{ DefaultValue: 'arn:aws:s3:::fallback/*' }]);
    const transform = 'AWS::LanguageExtensions';
    expect(userRead(withDefault, 'arn:aws:s3:::fallback/k', undefined, transform)).toBe('indeterminate');
    expect(userRead(withDefault, 'arn:aws:s3:::other/k', undefined, transform)).toBe('allow');
  });

  it('an unknown map name stays wholly unknown', () => {
    const unknownMap = { 'Fn::FindInMap': [{ Ref: 'Env' }, 'dev', 'Arn'] };
    expect(userRead(unknownMap, 'arn:aws:s3:::other/k')).toBe('indeterminate');
  });
});

describe('a bucket policy whose Principal is Fn::FindInMap keyed by an unknown parameter', () => {
  const read = roleReadsOfBucketPolicy(SECTIONS, 'prod', findInMap('Readers'));

  it('the roles an entry names may read; a third may not (before: indeterminate)', () => {
    expect([read('a'), read('b'), read('c')]).toEqual(['indeterminate', 'indeterminate', 'deny']);
  });
});

describe('a key partly known (`!Sub` of Env and "-eu"): only the entries it may be', () => {
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a CloudFormation Fn::Sub
  const partly = { 'Fn::FindInMap': ['ByRegion', { 'Fn::Sub': '${Env}-eu' }, 'Arn'] };
  const sections = {
    Parameters: { Env: { Type: 'String' } },
    Mappings: {
      ByRegion: {
        'dev-eu': { Arn: 'arn:aws:s3:::dev-eu/*' },
        'prod-eu': { Arn: 'arn:aws:s3:::prod-eu/*' },
        'prod-us': { Arn: 'arn:aws:s3:::prod-us/*' },
      },
    },
  };
  const read = (object: string) =>
    engineOfTemplate(userPolicyTemplate(denyBesideAllow(partly), sections)).decide({
      principal: USER_U,
      action: 's3:GetObject',
      resource: object,
    }).decision;

  it('an entry whose key ends "-eu" may be the value; one ending "-us" cannot (before: indeterminate)', () => {
    expect(read('arn:aws:s3:::dev-eu/k')).toBe('indeterminate');
    expect(read('arn:aws:s3:::prod-eu/k')).toBe('indeterminate');
    expect(read('arn:aws:s3:::prod-us/k')).toBe('allow');
  });

  it('the second-level key known: only that key of each entry (an entry without it is no choice)', () => {
    const byKind = { 'Fn::FindInMap': ['Kinds', { Ref: 'Env' }, 'Logs'] };
    const template = userPolicyTemplate(denyBesideAllow(byKind), {
      Parameters: { Env: { Type: 'String' } },
      Mappings: {
        Kinds: {
          dev: { Logs: 'arn:aws:s3:::dev-logs/*', Data: 'arn:aws:s3:::dev-data/*' },
          prod: { Data: 'arn:aws:s3:::prod-data/*' },
        },
      },
    });
    const engine = engineOfTemplate(template);
    const read = (object: string) =>
      engine.decide({ principal: USER_U, action: 's3:GetObject', resource: object }).decision;
    // only dev has Logs: with Env prod the stack does not deploy (no DefaultValue), so the value
    // is dev's wherever it deploys
    expect(read('arn:aws:s3:::dev-logs/k')).toBe('deny');
    expect(read('arn:aws:s3:::dev-data/k')).toBe('allow');
    expect(read('arn:aws:s3:::prod-data/k')).toBe('allow');
  });
});
