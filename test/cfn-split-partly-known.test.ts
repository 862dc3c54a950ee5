// Fn::Split of a partly known string (an Fn::Sub or Fn::Join with a parameter that has no value)
// and Fn::Select of it (src/adapters/cloudformation/intrinsics.ts `splitHead`, `SplitHead`): the
// pieces the delimiter ends inside the known text before the first unknown part are the same
// whatever that part is, so `!Select [0, !Split [',', !Sub 'arn:aws:s3:::data/*,${Name}']]` is
// `arn:aws:s3:::data/*`. Before, the whole list was unknown, and a Deny naming such a piece was
// indeterminate. A piece that holds or may hold unknown text (a later index, a delimiter the
// unknown text may complete at the boundary) stays unknown.
//
// AWS CloudFormation Template Reference, Fn::Split
// (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference-split.html):
// "To split a string into a list of string values so that you can select an element from the
// resulting string list, use the Fn::Split intrinsic function. Specify the location of splits with
// a delimiter, such as , (a comma). After you split a string, use the Fn::Select function to pick
// a specific element." "delimiter: A string value that determines where the source string is
// divided." "Return value: A list of string values." Example: `{ "Fn::Split" : [ "|" , "a|b|c" ] }`
// "The function returns ["a", "b", "c"]."
// Fn::Select: "The intrinsic function Fn::Select returns a single object from a list of objects by
// index."

import { describe, expect, it } from 'vitest';
import { decideAnyContext } from '../src/analysis/free-decision.js';
import { loadTemplateObject } from '../src/adapters/cloudformation/index.js';
import { compileModel } from '../src/engine/index.js';
import { ModelBuilder } from '../src/model/builder.js';
import {
  ACCOUNT_A,
  denyBesideAllow,
  engineOfTemplate,
  USER_U,
  userPolicyTemplate,
} from './helpers/cfn-user-policy.js';

const OBJECT = 'arn:aws:s3:::data/k';

/** `u` may s3:GetObject anything, except what the Deny's Resource names. */
function access(deniedResource: unknown): string {
  const template = userPolicyTemplate(denyBesideAllow(deniedResource), {
    Parameters: { Name: { Type: 'String' }, Sep: { Type: 'String' } },
  });
  const engine = engineOfTemplate(template);
  return decideAnyContext(engine, { principal: USER_U, action: 's3:GetObject', resource: OBJECT }).access;
}

const select = (i: number, delim: unknown, source: unknown) => ({
  'Fn::Select': [i, { 'Fn::Split': [delim, source] }],
});

describe('Fn::Select of Fn::Split of a partly known string', () => {
  it('a piece ended inside the known head: known, the Deny applies (was indeterminate)', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a CloudFormation Fn::Sub
    expect(access(select(0, ',', { 'Fn::Sub': 'arn:aws:s3:::data/*,${Name}' }))).toBe('deny');
    expect(access(select(1, ',', { 'Fn::Join': [',', ['x', 'arn:aws:s3:::data/*', { Ref: 'Name' }]] }))).toBe(
      'deny',
    );
  });

  it('a piece holding the unknown text, or after it: indeterminate', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a CloudFormation Fn::Sub
    expect(access(select(1, ',', { 'Fn::Sub': 'x,arn:aws:s3:::data/*${Name}' }))).toBe('indeterminate');
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a CloudFormation Fn::Sub
    expect(access(select(2, ',', { 'Fn::Sub': 'x,${Name},arn:aws:s3:::data/*' }))).toBe('indeterminate');
  });

  it('a delimiter the unknown text may complete at the boundary: the piece before stays unknown', () => {
    // ",," : `Name` may begin with ","
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a CloudFormation Fn::Sub
    expect(access(select(0, ',,', { 'Fn::Sub': 'arn:aws:s3:::data/*,${Name}' }))).toBe('indeterminate');
  });

  it('an unknown delimiter, or unknown text first: indeterminate', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a CloudFormation Fn::Sub
    expect(access(select(0, { Ref: 'Sep' }, { 'Fn::Sub': 'arn:aws:s3:::data/*,${Name}' }))).toBe(
      'indeterminate',
    );
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a CloudFormation Fn::Sub
    expect(access(select(0, ',', { 'Fn::Sub': '${Name}arn:aws:s3:::data/*,x' }))).toBe('indeterminate');
  });

  it('a head holding the deploying Region (not given), which the delimiter may cut: indeterminate', () => {
    // "deploying-region" is no Region code: split at "-" its pieces depend on the Region
    const piece = select(0, '-', {
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a CloudFormation Fn::Sub
      'Fn::Sub': '${AWS::Region}-${Name}',
    });
    const builder = new ModelBuilder();
    loadTemplateObject(
      userPolicyTemplate(
        // biome-ignore lint/suspicious/noTemplateCurlyInString: a CloudFormation Fn::Sub
        denyBesideAllow({ 'Fn::Sub': ['arn:aws:s3:::${P}/*', { P: piece }] }),
        { Parameters: { Name: { Type: 'String' } } },
      ),
      builder,
      { stackName: 's', account: ACCOUNT_A },
    );
    const engine = compileModel(builder.build());
    const d = decideAnyContext(engine, {
      principal: USER_U,
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::deploying/k',
    });
    expect(d.access).toBe('indeterminate');
  });
});

describe('Fn::Split of a string holding a name the inputs leave unknown (a generated role name)', () => {
  // A role without RoleName: CloudFormation generates `<stack>-<LogicalId>-<random>` (AWS::IAM::Role,
  // RoleName: "If you don't specify a name, AWS CloudFormation generates a unique physical ID and
  // uses that ID for the role name."); the model writes the random part `(unknown-generated-…)`.
  /** `u` may s3:GetObject anything but the bucket named by piece `i` of the role's name or ARN split at `delim`. */
  function accessByPiece(
    i: number,
    delim: string,
    of: unknown,
    parameters?: Record<string, unknown>,
  ): string {
    const piece = select(i, delim, of);
    const template = userPolicyTemplate(
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a CloudFormation Fn::Sub
      denyBesideAllow({ 'Fn::Sub': ['arn:aws:s3:::${P}/*', { P: piece }] }),
      parameters ? { Parameters: parameters } : {},
    );
    (template.Resources as Record<string, unknown>).AppRole = {
      Type: 'AWS::IAM::Role',
      Properties: {
        AssumeRolePolicyDocument: {
          Statement: [
            { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
          ],
        },
      },
    };
    return decideAnyContext(engineOfTemplate(template), {
      principal: USER_U,
      action: 's3:GetObject',
      resource: OBJECT,
    }).access;
  }

  it('a piece inside the unknown part: indeterminate (was the literal "(unknown", the Deny applying to nothing: allow)', () => {
    expect(accessByPiece(2, '-', { Ref: 'AppRole' })).toBe('indeterminate');
    expect(accessByPiece(3, '-', { Ref: 'AppRole' })).toBe('indeterminate');
  });

  it('a piece of the known head, or the name out of its ARN at "/" (a role name holds no "/"): known', () => {
    // "s" and "AppRole" are no bucket "data": the Deny does not apply
    expect(accessByPiece(0, '-', { Ref: 'AppRole' })).toBe('allow');
    expect(accessByPiece(1, '/', { 'Fn::GetAtt': ['AppRole', 'Arn'] })).toBe('allow');
  });

  it('a partly known string holding the generated name before its unknown text: the head ends where the name may hold the delimiter', () => {
    const sub = {
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a CloudFormation Fn::Sub
      'Fn::Sub': ['${R}-${Name}', { R: { Ref: 'AppRole' } }],
    };
    // "s" is known; the pieces of the generated part are not (was "(unknown" before the fix)
    expect(accessByPiece(0, '-', sub, { Name: { Type: 'String' } })).toBe('allow');
    expect(accessByPiece(2, '-', sub, { Name: { Type: 'String' } })).toBe('indeterminate');
  });
});
