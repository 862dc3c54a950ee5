// The rule "two elements of the inputs are never the same element" (src/engine/unknown-names.ts
// `CreatedElements`) against parts that may hold `/` or `:`. A pattern that starts with element
// A's ARN and goes on after a `/` (`role/app/*`) names things inside A only when the `/` is where
// A's ARN ends in every string it matches; an unknown IAM path may hold `/` (and `:`), so
// element B's path may be A's name and more: B is then inside the pattern though it is not A.
// The rule is kept for a pattern that is exactly A's ARN (ARNs uniquely identify resources),
// and not drawn past the end of an ARN with such a part (`fixedDelimiters`). (Before, an element
// with an unknown path was never found at all: its path part's `/` was not spelled back.)
// AWS pages: IAM API Reference, CreateRole, Path: "This parameter allows (through its regex
// pattern) a string of characters consisting of either a forward slash (/) by itself or a string
// that must begin and end with forward slashes. In addition, it can contain any ASCII character
// from the ! (\u0021) through the DEL character (\u007F)"; IAM User Guide, "IAM identifiers":
// "Amazon Resource Names (ARNs) uniquely identify AWS resources" (so an ARN that is exactly A's
// is none of B's, whatever their paths).

import { describe, expect, it } from 'vitest';
import { compileModel } from '../src/engine/index.js';
import { CreatedElements } from '../src/model/created-elements.js';
import { matchUnknownName, patternTokens } from '../src/engine/unknown-names.js';
import { isStandInPrincipalArn, unknownPath } from '../src/model/stand-ins.js';
import { compileArnPattern } from '../src/policy/wildcard.js';
import { modelOf } from './fixtures/cfn/load.js';
import { cfnUser } from './helpers/cfn-templates.js';
import { verdict } from './helpers/engine-fixtures.js';

const ROLE = 'arn:aws:iam::111122223333:role/';

function match(pattern: string, value: string, elements: CreatedElements) {
  return matchUnknownName(patternTokens([pattern]), value, compileArnPattern(pattern).test(value), elements);
}

describe('an element with an unknown path', () => {
  const app = `${ROLE}app`;
  const standIn = `${ROLE.slice(0, -1)}${unknownPath('Graph')}(unknown-Graph)`;
  const both = new CreatedElements([app, standIn]);

  it('role/app/* may name the role whose path is unknown (its path may be /app/): MAYBE, not NO', () => {
    // the same count of `/` and `:` outside the unknown parts: by the count alone the rule answers NO
    expect(match(`${app}/*`, standIn, both)).toBe(2);
  });

  it("exactly A's ARN still names no other element, whatever the paths", () => {
    expect(match(app, standIn, both)).toBe(0);
    expect(match(standIn, app, both)).toBe(0);
    const other = `${ROLE.slice(0, -1)}${unknownPath('Other')}(unknown-Other)`;
    expect(match(standIn, other, new CreatedElements([standIn, other]))).toBe(0);
    // and a role session of one is none of the other (sessions carry the name, not the path)
    expect(both.principalNamesOther(standIn, app)).toBe(true);
  });

  it('the reproduction: a SAM stand-in role and a role named app, PassRole on role/app/*', () => {
    const m = modelOf(`Transform: AWS::Serverless-2016-10-31
Resources:
  Graph:
    Type: AWS::Serverless::GraphQLApi
    Properties: {SchemaInline: 'type Query { a: String }', Auth: {Type: AWS_IAM}}
  App:
    Type: AWS::IAM::Role
    Properties: {RoleName: app, AssumeRolePolicyDocument: {Statement: []}}
${cfnUser('Dev', 'dev', 'p', [`{Effect: Allow, Action: 'iam:PassRole', Resource: !Sub '\${App.Arn}/*'}`])}`);
    const e = compileModel(m);
    const stood = m.roles.find((r) => isStandInPrincipalArn(r.arn))!;
    expect(stood.path).toBe(unknownPath('Graph'));
    expect(
      CreatedElements.of(m).principalNamesOther(m.roles.find((r) => r.name === 'app')!.arn, stood.arn),
    ).toBe(!stood.presence);
    const dev = m.users.find((u) => u.name === 'dev')!.arn;
    expect(verdict(e, dev, 'iam:PassRole', stood.arn)).toBe('indeterminate');
  });
});
