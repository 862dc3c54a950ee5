// A condition decided from a parameter's Default: iamspec uses the default (DESIGN.md: "a
// parameter without a default" is what stays unknown), but a deployer who passes a value
// decides the condition otherwise, so whenever such a condition removes or selects a policy
// statement, a policy or a resource the user is told (`cfn/condition-from-default`: the
// parameter, the condition, the template location) and can pin it with --parameter.
//
// AWS rules pinned here:
// - CloudFormation User Guide, "Parameters" (template section), Default: "A value of the
//   appropriate type for the template to use if no value is specified when a stack is created."
//   https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/parameters-section-structure.html
// - CloudFormation User Guide, "CloudFormation template Conditions syntax": "you can create a
//   condition and associate it with a resource or output so that CloudFormation creates the
//   resource or output only if the condition is true. Similarly, you can associate a condition
//   with a property so that CloudFormation sets the property to a specific value only if the
//   condition is true. If the condition is false, CloudFormation sets the property to an
//   alternative value that you specify."
//   https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/conditions-section-structure.html

import { describe, expect, it } from 'vitest';
import { loadModelSync } from '../src/adapters/load.js';
import type { Model } from '../src/model/types.js';
import { writeTempFile } from './helpers/temp-inputs.js';

const CORPUS =
  '../shared/corpus/cfn/aws-cloudformation__cfn-lint__managed-policy-fn-if-novalue-statement.template.yaml';
const OPTS = { account: '111122223333', region: 'us-east-1' };

const fromDefault = (m: Model) => m.findings.filter((f) => f.code === 'cfn/condition-from-default');
const statementsOf = (m: Model, name: string) =>
  m.policies.find((p) => p.source?.logicalId === name)?.document.statements ?? [];

function template(text: string): string {
  return writeTempFile('stack.yaml', text);
}

describe('a condition decided from a parameter Default', () => {
  it('removes a statement (the corpus template): kept as the default says, and the user is told where', () => {
    const m = loadModelSync([CORPUS], OPTS);
    // the default ("") decides SomeCondition false: the s3:PutObject statement is not there
    expect(statementsOf(m, 'SomeManagedPolicy')).toHaveLength(1);
    const [f, ...rest] = fromDefault(m);
    expect(rest).toEqual([]);
    expect(f!.severity).toBe('warning');
    expect(f!.message).toContain('condition SomeCondition is false');
    expect(f!.message).toContain('Default of parameter SomeOptionalParameter');
    expect(f!.message).toContain('--parameter SomeOptionalParameter=VALUE');
    // at the Fn::If in the policy document (line 23 of the template: `- Fn::If:`)
    expect(f!.source?.logicalId).toBe('SomeManagedPolicy');
    expect(f!.source?.line).toBe(23);
  });

  it('a value given with --parameter: no warning, and the value decides', () => {
    const m = loadModelSync([CORPUS], {
      ...OPTS,
      parameters: { SomeOptionalParameter: 'arn:aws:s3:::bucket/*' },
    });
    expect(fromDefault(m)).toEqual([]);
    expect(statementsOf(m, 'SomeManagedPolicy')).toHaveLength(2);
  });

  const TEMPLATE = `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  Env:
    Type: String
    Default: dev
  Given:
    Type: String
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  NotProd: !Not [!Condition IsProd]
  FromGiven: !Equals [!Ref Given, yes]
Resources:
  AdminPolicy:
    Type: AWS::IAM::ManagedPolicy
    Condition: NotProd
    Properties:
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Action: '*'
            Resource: '*'
  LogsPolicyBucket:
    Type: AWS::S3::Bucket
    Properties:
      VersioningConfiguration: !If [IsProd, { Status: Enabled }, !Ref AWS::NoValue]
  Reader:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
          - !If
            - FromGiven
            - { Effect: Allow, Action: 's3:GetObject', Resource: '*' }
            - !Ref AWS::NoValue
`;

  it('selects a resource through a condition on a condition; not for an Fn::If outside policies, nor for a given value', () => {
    const m = loadModelSync([template(TEMPLATE)], { ...OPTS, parameters: { Given: 'yes' } });
    const fs = fromDefault(m);
    // AdminPolicy is created because NotProd is true from Env's default (through IsProd)
    expect(fs.map((f) => f.source?.logicalId)).toEqual(['AdminPolicy']);
    expect(fs[0]!.message).toContain('condition NotProd is true');
    expect(fs[0]!.message).toContain('Default of parameter Env');
    expect(fs[0]!.message).toContain('resource AdminPolicy is created');
    expect(m.policies.some((p) => p.source?.logicalId === 'AdminPolicy')).toBe(true);
    // Reader's Fn::If is decided by the given value: no warning, statement kept
    expect(statementsOf(m, 'Reader')).toHaveLength(1);
  });
});
