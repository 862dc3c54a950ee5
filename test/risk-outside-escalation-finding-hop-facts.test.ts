// The outside-escalation finding through a function whose resource policy lets another account in
// under a real condition (the permission's SourceArn: aws:SourceArn): its first hop is the
// cross-account finding's (risk-outside-escalation.ts `findingHop`), conditional, worded "the
// conditions its cross-account-access finding names". That condition is about no context key, and
// its facts say so (no keys: a real condition, risk-severity.ts `limitsOnlyHow`), so the join stays
// one step below its sure severity (medium). A condition of no facts at all does not lower a
// finding (risk-severity-unknown-keys.test.ts): without its facts this hop would read as a full
// grant and the finding as high.
//
// AWS Lambda API Reference, AddPermission: "For AWS services, you can also specify the ARN of the
// associated resource as the SourceArn. If you grant permission to a service principal without
// specifying the source, other accounts could potentially configure resources in their account to
// invoke your Lambda function." (the SourceArn becomes an aws:SourceArn condition). IAM User Guide, "IAM
// JSON policy elements: Condition": "The Condition element (or Condition block) lets you specify
// conditions for when a policy is in effect."

import { describe, expect, it } from 'vitest';
import { reviewRisks } from '../src/analysis/risks.js';
import { compileModel } from '../src/engine/index.js';
import { modelOf } from './fixtures/cfn/load.js';

const TEMPLATE = `Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      RoleName: fnrole
      AssumeRolePolicyDocument: {Version: '2012-10-17', Statement: [{Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}]}
      Policies: [{PolicyName: p, PolicyDocument: {Version: '2012-10-17', Statement: [{Effect: Allow, Action: iam:AttachRolePolicy, Resource: !Sub 'arn:aws:iam::\${AWS::AccountId}:role/fnrole'}]}}]
  Fn: {Type: AWS::Lambda::Function, Properties: {FunctionName: web, Role: !GetAtt Role.Arn, Code: {ZipFile: x}}}
  Xacct: {Type: AWS::Lambda::Permission, Properties: {FunctionName: !Ref Fn, Action: lambda:InvokeFunction, Principal: '999988887777', SourceArn: 'arn:aws:s3:::b'}}
`;

describe('an outside escalation through a conditional cross-account finding', () => {
  it('the finding hop is a real condition: medium, not high', () => {
    const risks = reviewRisks(compileModel(modelOf(TEMPLATE)));
    const f = risks.find((x) => x.kind === 'outside-escalation');
    expect(f).toBeDefined();
    expect(f!.message).toContain('(conditional: the conditions its cross-account-access finding names)');
    expect(f!.severity).toBe('medium');
  });
});
