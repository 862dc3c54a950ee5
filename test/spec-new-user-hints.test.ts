// What a new user trips over in specs and templates, and the messages that say how to fix it:
// - an unquoted `Null:` condition operator key in YAML is the null key (YAML 1.2.2, 10.3.2 "Tag
//   Resolution" of the core schema: `null | Null | NULL | ~` resolve to null), not the IAM
//   operator "Null" ("Condition operator to check existence of condition keys", IAM User Guide,
//   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Null):
//   both the spec reader (a sessionPolicy) and the CloudFormation template reader say to quote it;
// - a SAM function named as a principal: its principal is its execution role, which SAM generates
//   as `<Function>Role` ("AWS::Serverless::Function", generated resources, AWS SAM Developer
//   Guide, https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-specification-generated-resources-function.html),
//   and the message names it.

import { describe, expect, it } from 'vitest';
import { loadTemplateObject, parseTemplateText } from '../src/adapters/cloudformation/index.js';
import { ModelBuilder } from '../src/model/builder.js';
import { resolvePrincipalRef } from '../src/requests/references.js';
import { SpecError } from '../src/spec/errors.js';
import { parseSpec } from '../src/spec/parse.js';

function specWithCondition(operatorKey: string): string {
  return [
    'version: 1',
    'account: "111122223333"',
    'expect:',
    '  - principal: role/app',
    '    sessionPolicy:',
    '      Version: "2012-10-17"',
    '      Statement:',
    '        - Effect: Allow',
    '          Action: s3:GetObject',
    '          Resource: "*"',
    '          Condition:',
    `            ${operatorKey}:`,
    '              aws:TokenIssueTime: "false"',
    '    cannot: [ { action: s3:GetObject, resource: "arn:aws:s3:::b/k" } ]',
    '',
  ].join('\n');
}

describe('an unquoted Null condition operator key', () => {
  it('in a spec session policy: the spec fails at the key, saying to quote it', () => {
    let err: unknown;
    try {
      parseSpec(specWithCondition('Null'), 'spec.yaml');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SpecError);
    expect((err as SpecError).message).toContain('quote it ("Null":)');
    expect((err as SpecError).message).toMatch(/^spec\.yaml:12:13: /);
  });

  it('quoted, the spec reads', () => {
    const spec = parseSpec(specWithCondition('"Null"'), 'spec.yaml');
    expect(spec.expect).toHaveLength(1);
  });

  it('any other error of a spec session policy fails the spec too, not evaluated as written', () => {
    expect(() => parseSpec(specWithCondition('StringEqualz'), 'spec.yaml')).toThrow(
      /spec\.yaml:12:13: sessionPolicy: Unknown condition operator "StringEqualz"/,
    );
  });

  const template = (key: string) =>
    [
      'Resources:',
      '  R:',
      '    Type: AWS::IAM::Role',
      '    Properties:',
      '      AssumeRolePolicyDocument:',
      '        Version: "2012-10-17"',
      '        Statement:',
      '          - Effect: Allow',
      '            Principal: { Service: ec2.amazonaws.com }',
      '            Action: sts:AssumeRole',
      '            Condition:',
      `              ${key}:`,
      '                aws:TokenIssueTime: "false"',
      '',
    ].join('\n');
  const findings = (key: string) => {
    const { value, locate } = parseTemplateText(template(key), 't.yaml');
    const b = new ModelBuilder();
    loadTemplateObject(value, b, { account: '111122223333', region: 'us-east-1', file: 't.yaml', locate });
    return b.build().findings.filter((f) => f.code === 'policy/unknown-condition-operator');
  };

  it('in a CloudFormation YAML template: the finding says to quote it', () => {
    const f = findings('Null');
    expect(f).toHaveLength(1);
    expect(f[0]!.message).toContain('quote it ("Null":)');
    expect(f[0]!.message).not.toContain('did you mean');
    expect(findings('"Null"')).toEqual([]);
  });
});

describe('a SAM function named as a principal', () => {
  const { value, locate } = parseTemplateText(
    [
      'Transform: AWS::Serverless-2016-10-31',
      'Resources:',
      '  MyFunction:',
      '    Type: AWS::Serverless::Function',
      '    Properties:',
      '      Runtime: python3.12',
      '      Handler: app.handler',
      '      CodeUri: s3://code/app.zip',
      '',
    ].join('\n'),
    'sam.yaml',
  );
  const b = new ModelBuilder();
  loadTemplateObject(value, b, { account: '111122223333', region: 'us-east-1', file: 'sam.yaml', locate });
  const m = b.build();

  it('the error names its generated execution role, which resolves', () => {
    expect(() => resolvePrincipalRef(m, 'MyFunction')).toThrow(
      /it runs with the role MyFunctionRole: name that as the principal/,
    );
    expect(resolvePrincipalRef(m, 'MyFunctionRole').kind).toBe('role');
  });
});
