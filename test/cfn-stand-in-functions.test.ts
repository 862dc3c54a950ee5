// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the strings hold CloudFormation Fn::Sub syntax
// CloudFormation intrinsic functions of a Region or account the inputs and options do not give
// (the stand-ins `deploying-region` and `000000000000`, src/model/stand-ins.ts). A stand-in is no
// value AWS gives, so a function reading its characters gave a concrete string no Region or
// account gives: `!Select [0, !Split ['-', !Ref AWS::Region]]` was "deploying" and
// `!Join ['', !Split ['-', !Ref AWS::Region]]` "deployingregion", and a policy built from them
// decided plainly. The rule both adapters apply (src/adapters/stand-in-functions.ts; the Terraform
// side is test/tf-region-functions.test.ts): a result is kept where it is the Region or account
// (a join of the split with its delimiter) or the same for every Region (a split at `:`), else
// unknown with the reason. Comparisons and map lookups keyed by the stand-in are unknown or
// branch over every key, never one arbitrary entry.
// Pages the rules come from (CloudFormation Template Reference,
// https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/):
// - "Fn::Split": "To split a string into a list of string values so that you can select an element
//   from the resulting string list, use the Fn::Split intrinsic function. Specify the location of
//   splits with a delimiter, such as , (a comma)."
// - "Fn::Select": "returns a single object from a list of objects by index".
// - "Fn::Join": "appends a set of values into a single value, separated by the specified delimiter".
// - "Fn::Base64": "returns the Base64 representation of the input string".
// - "Fn::FindInMap": "returns the value corresponding to keys in a two-level map that's declared in
//   the Mappings section"; "Mappings" section: a map keyed by Region names is its common use
//   ("RegionMap" with `!Ref "AWS::Region"` as the top-level key).
// - "Condition functions", Fn::Equals: "Compares if two values are equal"; "Fn::Contains"
//   (AWS::LanguageExtensions): "Returns true if a specified string matches at least one value in
//   a list of strings".
// - "Fn::Length" (AWS::LanguageExtensions): "returns the number of elements within an array".
// - "Pseudo parameters reference": AWS::Region "Returns a string representing the Region in which
//   the encompassing resource is being created, such as us-west-2"; AWS::AccountId "Returns the
//   AWS account ID of the account in which the stack is being created, such as 123456789012".
// - AWS General Reference, "AWS Regions": codes such as `us-east-1`, `us-gov-west-1` (a varying
//   number of parts at `-`). https://docs.aws.amazon.com/general/latest/gr/rande.html

import { describe, expect, it } from 'vitest';
import { compileModel } from '../src/engine/index.js';
import { PLACEHOLDER_ACCOUNT, PLACEHOLDER_REGION } from '../src/model/stand-ins.js';
import type { Model } from '../src/model/types.js';
import { type Maybe, Unknown } from '../src/model/unknown.js';
import { modelOf } from './fixtures/cfn/load.js';
import { cfnUser } from './helpers/cfn-templates.js';
import { verdict } from './helpers/engine-fixtures.js';

function template(expr: string, extra = ''): string {
  return `${extra}
Resources:
${cfnUser('U', 'dev', 'p', [`{Effect: Allow, Action: s3:GetObject, Resource: ${expr}}`], { version: true })}`;
}

const NONE = { account: undefined, region: undefined };

function load(expr: string, extra = '', options: { account?: string; region?: string } = NONE) {
  const m = modelOf(template(expr, extra), options);
  const user = m.users.find((u) => u.name === 'dev')!;
  return { m, user: user.arn, value: resource(m) };
}

/**
 * The first Resource value of the policy's first statement; where an undecided Fn::If made the
 * statement one maybe-present statement per branch (hcfn19, cfn-if-in-statement.test.ts), the
 * Unknown that says when the first one exists (its reason is the condition's).
 */
function resource(m: Model): Maybe<string> {
  const first = m.users.find((u) => u.name === 'dev')!.inlinePolicies[0]!.document.statements[0]!;
  return first.presence ?? first.resource!.values[0]!;
}

function reasonOf(v: unknown): string {
  if (!(v instanceof Unknown)) throw new Error(`expected an Unknown, got ${JSON.stringify(v)}`);
  return v.reason;
}

const LE = 'Transform: AWS::LanguageExtensions';

describe('Fn::Split of the deploying Region, no region given', () => {
  it('the reproduction: Fn::Select of a piece is unknown (was the concrete "deploying")', () => {
    const { value } = load("!Select [0, !Split ['-', !Ref AWS::Region]]");
    expect(reasonOf(value)).toContain('Fn::Split: it compares or transforms a region that is not given');
  });

  it('the reproduction: the pieces joined with another delimiter are unknown (was "deployingregion")', () => {
    const { value } = load("!Join ['', !Split ['-', !Ref AWS::Region]]");
    expect(reasonOf(value)).toContain('Fn::Split');
  });

  it('joined back with the same delimiter, it is the Region', () => {
    expect(load("!Join ['-', !Split ['-', !Ref AWS::Region]]").value).toBe(PLACEHOLDER_REGION);
    expect(load("!Join ['-', !Split ['-', !Sub 'arn:aws:s3:::b-${AWS::Region}/*']]").value).toBe(
      `arn:aws:s3:::b-${PLACEHOLDER_REGION}/*`,
    );
  });

  it('an element of the pieces is not the pieces: a (malformed) Fn::Join of it is not the Region', () => {
    const { value } = load("!Join ['-', !Select [0, !Split ['-', !Ref AWS::Region]]]");
    expect(reasonOf(value)).toContain('Fn::Split');
  });

  it('a policy built from a piece is indeterminate where a Region would name it (was deny)', () => {
    const { m, user, value } = load(
      "!Sub ['arn:aws:s3:::b-${x}/*', {x: !Select [0, !Split ['-', !Ref AWS::Region]]}]",
    );
    expect(reasonOf(value)).toContain('Fn::Split');
    const e = compileModel(m);
    expect(verdict(e, user, 's3:GetObject', 'arn:aws:s3:::b-us/k')).toBe('indeterminate');
    expect(verdict(e, user, 's3:GetObject', 'arn:aws:s3:::b-eu/k')).toBe('indeterminate');
    // the text around the piece stays: another bucket is not named
    expect(verdict(e, user, 's3:GetObject', 'arn:aws:s3:::other/k')).toBe('deny');
  });

  it('with --region the pieces are the Region’s', () => {
    const r = load("!Sub ['arn:aws:s3:::b-${x}/*', {x: !Select [0, !Split ['-', !Ref AWS::Region]]}]", '', {
      account: '111122223333',
      region: 'eu-west-1',
    });
    expect(r.value).toBe('arn:aws:s3:::b-eu/*');
    expect(verdict(compileModel(r.m), r.user, 's3:GetObject', 'arn:aws:s3:::b-eu/k')).toBe('allow');
  });

  it('a split that cuts no Region keeps its pieces (an ARN at ":")', () => {
    const { value } = load("!Select [3, !Split [':', !Sub 'arn:aws:sqs:${AWS::Region}:111122223333:q']]");
    expect(value).toBe(PLACEHOLDER_REGION);
    const { value: name } = load(
      "!Select [5, !Split [':', !Sub 'arn:aws:sqs:${AWS::Region}:111122223333:q']]",
    );
    expect(name).toBe('q');
  });

  it('Fn::Length of the pieces is unknown (us-east-1 has three, us-gov-west-1 four; was 2)', () => {
    const { value } = load("!Sub ['b-${n}', {n: {'Fn::Length': !Split ['-', !Ref AWS::Region]}}]", LE);
    expect(reasonOf(value)).toContain('Fn::Split');
    // the length of pieces that cut no Region is known
    const { value: known } = load(
      "!Sub ['b-${n}', {n: {'Fn::Length': !Split [':', !Sub 'arn:aws:sqs:${AWS::Region}:1:q']}}]",
      LE,
    );
    expect(known).toBe('b-6');
  });

  it('Fn::Base64 of the Region is unknown; Fn::ToJsonString places it as it is', () => {
    expect(reasonOf(load('!Base64 {Ref: AWS::Region}').value)).toContain('Fn::Base64');
    expect(load("{'Fn::ToJsonString': [!Ref AWS::Region]}", LE).value).toBe(`["${PLACEHOLDER_REGION}"]`);
  });
});

describe('Fn::Split of the deploying account, no account given', () => {
  it('a delimiter with a digit may cut it: unknown (was "000000000000" or "")', () => {
    for (const d of ['1', '0', '12'])
      expect(reasonOf(load(`!Select [0, !Split ['${d}', !Ref AWS::AccountId]]`).value)).toContain(
        'Fn::Split: it compares or transforms the deploying account, which is not given (pass --account)',
      );
  });

  it('a delimiter without a digit keeps the account whole', () => {
    const { value } = load("!Select [4, !Split [':', !Sub 'arn:aws:iam::${AWS::AccountId}:root']]");
    expect(value).toBe(PLACEHOLDER_ACCOUNT);
    expect(load("!Join ['1', !Split ['1', !Ref AWS::AccountId]]").value).toBe(PLACEHOLDER_ACCOUNT);
  });

  it('Fn::Base64 of the account is unknown', () => {
    expect(reasonOf(load('!Base64 {Ref: AWS::AccountId}').value)).toContain('--account');
  });
});

describe('map lookups and comparisons keyed by the stand-in', () => {
  const accountMap =
    "Mappings:\n  M:\n    '123456789012': {b: 'arn:aws:s3:::x/*'}\n    '210987654321': {b: 'arn:aws:s3:::y/*'}";

  it('Fn::FindInMap keyed by the account: unknown where entries differ (was an invalid-intrinsic error)', () => {
    const { m, value } = load('!FindInMap [M, !Ref AWS::AccountId, b]', accountMap);
    expect(reasonOf(value)).toContain('keyed by the deploying account, which is not given (pass --account)');
    expect(m.findings.filter((f) => f.code === 'cfn/invalid-intrinsic')).toEqual([]);
  });

  it('Fn::FindInMap keyed by the account: the value where every entry and the default agree', () => {
    const same =
      "Mappings:\n  M:\n    '123456789012': {b: 'arn:aws:s3:::x/*'}\n    '210987654321': {b: 'arn:aws:s3:::x/*'}";
    expect(
      load("!FindInMap [M, !Ref AWS::AccountId, b, {DefaultValue: 'arn:aws:s3:::x/*'}]", `${LE}\n${same}`)
        .value,
    ).toBe('arn:aws:s3:::x/*');
    // without a default, an account with no entry fails to deploy: the entries still agree
    expect(load('!FindInMap [M, !Ref AWS::AccountId, b]', same).value).toBe('arn:aws:s3:::x/*');
  });

  it('Fn::FindInMap keyed by the account, with --account: that entry', () => {
    expect(
      load('!FindInMap [M, !Ref AWS::AccountId, b]', accountMap, { account: '210987654321' }).value,
    ).toBe('arn:aws:s3:::y/*');
  });

  it('Fn::FindInMap keyed by the Region: unknown where the entries differ, never one entry', () => {
    const regionMap =
      "Mappings:\n  M:\n    us-east-1: {b: 'arn:aws:s3:::x/*'}\n    eu-west-1: {b: 'arn:aws:s3:::y/*'}";
    expect(reasonOf(load('!FindInMap [M, !Ref AWS::Region, b]', regionMap).value)).toContain(
      'keyed by the deploying region, which is not given (pass --region)',
    );
  });

  it('Fn::Equals on the account: unknown (was false: the statement dropped)', () => {
    const { value } = load(
      "!If [C, 'arn:aws:s3:::x/*', 'arn:aws:s3:::y/*']",
      "Conditions:\n  C: !Equals [!Ref AWS::AccountId, '123456789012']",
    );
    expect(reasonOf(value)).toContain(
      'it compares the deploying account, which is not given (pass --account)',
    );
    // equal to itself whatever it is
    expect(
      load(
        "!If [C, 'arn:aws:s3:::x/*', 'arn:aws:s3:::y/*']",
        'Conditions:\n  C: !Equals [!Ref AWS::AccountId, !Ref AWS::AccountId]',
      ).value,
    ).toBe('arn:aws:s3:::x/*');
  });

  it('Fn::Equals on a piece of the Region: unknown (was false)', () => {
    const { value } = load(
      "!If [C, 'arn:aws:s3:::x/*', 'arn:aws:s3:::y/*']",
      "Conditions:\n  C: !Equals [!Select [0, !Split ['-', !Ref AWS::Region]], 'us']",
    );
    expect(reasonOf(value)).toContain('Fn::Split');
  });

  it('Fn::Contains of the Region in a list: unknown (was false)', () => {
    const { value } = load(
      "!If [C, 'arn:aws:s3:::x/*', 'arn:aws:s3:::y/*']",
      `${LE}\nConditions:\n  C: {'Fn::Contains': [[us-east-1, eu-west-1], !Ref AWS::Region]}`,
    );
    expect(reasonOf(value)).toContain('Fn::Contains compares the deploying region');
    // with --region: decided
    expect(
      load(
        "!If [C, 'arn:aws:s3:::x/*', 'arn:aws:s3:::y/*']",
        `${LE}\nConditions:\n  C: {'Fn::Contains': [[us-east-1, eu-west-1], !Ref AWS::Region]}`,
        { region: 'eu-west-1' },
      ).value,
    ).toBe('arn:aws:s3:::x/*');
  });
});
