// AWS::LanguageExtensions: Fn::ForEach expanded as the transform does, so what it generates is
// modelled (issue 10, item 13a); a collection that is unknown generates a maybe-present stand-in.
//
// - "The Fn::ForEach intrinsic function takes a collection and a fragment, and applies the items
//   in the collection to the identifier in the provided fragment." ... "All instances of
//   ${Identifier} or &{Identifier} in the OutputKey and OutputValue parameters are replaced with
//   the values of the Collection parameter." ... "The &{} syntax allows non-alphanumeric
//   characters of the Collection to be used in OutputKey parameter." (Template Reference,
//   "Fn::ForEach").
//   https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference-foreach.html
// - "You can also use intrinsic functions in places where they're typically not allowed, such as
//   in Ref and Fn::GetAtt functions." (Template Reference, "AWS::LanguageExtensions transform").
//   https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/transform-aws-languageextensions.html

import { describe, expect, it } from 'vitest';
import { loadTemplateFile } from '../src/adapters/cloudformation/index.js';
import { checkOnlyPrincipals } from '../src/analysis/exhaustive.js';
import { compileModel } from '../src/engine/index.js';
import { ModelBuilder } from '../src/model/builder.js';
import type { Model } from '../src/model/types.js';
import { ACCOUNT, findingsOf, knownTags, modelOf } from './fixtures/cfn/load.js';

const FILE = 'test/fixtures/cloudformation/language-extensions.yaml';

function load(parameters?: Record<string, string>): Model {
  const b = new ModelBuilder();
  loadTemplateFile(FILE, b, { account: ACCOUNT, region: 'us-east-1', parameters });
  return b.build();
}

describe('Fn::ForEach', () => {
  it('generates a bucket and a public bucket policy per item; &{} strips non-alphanumerics from keys', () => {
    const m = load({ Teams: 'red' });
    expect(m.resources.map((r) => r.name).sort()).toEqual(['docs.shop-content', 'www.shop-content']);
    const www = m.resources.find((r) => r.name === 'www.shop-content')!;
    expect(www.source.logicalId).toBe('Bucketwwwshop');
    const st = www.policy!.statements[0]!;
    expect(st.sid).toBe('PublicRead');
    expect(st.resource!.values).toEqual(['arn:aws:s3:::www.shop-content/*']);
    // Located at the fragment the statement was copied from.
    expect(st.source.line).toBe(30);
    const r = checkOnlyPrincipals(compileModel(m), 's3:GetObject', 'arn:aws:s3:::docs.shop-content/x', []);
    expect(r.holds).toBe(false);
    expect(r.violations.map((v) => [v.principal, v.decision.decision])).toContainEqual([
      'anonymous',
      'allow',
    ]);
    expect(findingsOf(m, 'cfn/transform-not-applied')).toEqual([]);
  });

  it('a known list parameter generates one role per item (Fn::FindInMap with DefaultValue)', () => {
    const m = load({ Teams: 'logs,audit' });
    expect(m.roles.map((r) => r.name).sort()).toEqual(['reader-audit', 'reader-logs']);
    const cond = (name: string) =>
      m.roles.find((r) => r.name === name)!.inlinePolicies[0]!.document.statements[0]!.conditions[0]!.values;
    expect(cond('reader-logs')).toEqual(['30']);
    expect(cond('reader-audit')).toEqual(['7']);
    expect(findingsOf(m, 'cfn/unknown-foreach')).toEqual([]);
  });

  it('a collection that is unknown generates a maybe-present stand-in: verdicts are indeterminate', () => {
    const m = load();
    const standIn = m.roles.find((r) => r.source.logicalId === 'ReaderEach');
    expect(standIn?.presence?.reason).toMatch(
      /Fn::ForEach::Readers generates over a collection that is unknown/,
    );
    expect(standIn!.name).toMatch(/ReaderEach/);
    const w = findingsOf(m, 'cfn/unknown-foreach');
    expect(w.map((f) => f.severity)).toEqual(['warning']);
    expect(w[0]!.message).toMatch(/parameter Teams has no value/);
    const r = checkOnlyPrincipals(compileModel(m), 's3:GetObject', 'arn:aws:s3:::shared-logs/k', []);
    expect(r.holds).toBe(false);
    expect(r.violations.every((v) => v.decision.decision === 'indeterminate')).toBe(true);
  });

  it('Fn::ForEach without the transform is an error, not silence', () => {
    const m = modelOf(`Resources:
  Fn::ForEach::Users:
    - Name
    - [a, b]
    - 'User\${Name}': {Type: AWS::IAM::User, Properties: {UserName: !Ref Name}}`);
    expect(m.users).toEqual([]);
    expect(findingsOf(m, 'cfn/unknown-intrinsic')[0]?.severity).toBe('error');
  });

  it('nested loops and loops in properties expand', () => {
    const m = modelOf(`Transform: AWS::LanguageExtensions
Resources:
  Fn::ForEach::Envs:
    - Env
    - [dev, prod]
    - Fn::ForEach::Apps:
        - App
        - [api, web]
        - 'Role\${Env}\${App}':
            Type: AWS::IAM::Role
            Properties:
              RoleName: !Sub '\${App}-\${Env}'
              AssumeRolePolicyDocument: {Version: '2012-10-17', Statement: [{Effect: Allow, Principal: {Service: ec2.amazonaws.com}, Action: sts:AssumeRole}]}
              Tags:
                Fn::ForEach::Tags:
                  - Key
                  - [owner, stage]
                  - '\${Key}': !Ref Env`);
    expect(m.roles.map((r) => r.name).sort()).toEqual(['api-dev', 'api-prod', 'web-dev', 'web-prod']);
    expect(knownTags(m.roles.find((r) => r.name === 'api-prod')!.tags)).toEqual({
      owner: 'prod',
      stage: 'prod',
    });
  });
});
