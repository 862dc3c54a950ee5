// Who outside reaches a Lambda function through a function URL with AuthType AWS_IAM, in the
// review's public-access and outside-escalation findings (analysis/risk-external-access.ts
// `urlOnlyInvokes`, function-url-channel.ts `onlyThroughUrl`, risk-outside-escalation.ts
// `publicCaller`). A `lambda:InvokeFunction` permission for every principal conditional on
// `lambda:InvokedViaFunctionUrl` grants only calls through the URL, and every such call is a
// `lambda:InvokeFunctionUrl` request: who gets through the URL is what that request's decision
// says. Before, the conditional invoke alone made a low public-access finding ("open to anyone
// (anonymous callers or any AWS account)") and a medium outside-escalation finding for a function
// no outside caller can invoke; and a URL open to every principal with AuthType AWS_IAM was worded
// as open to anonymous callers.
// Pages:
// - AWS Lambda Developer Guide, "Control access to Lambda function URLs"
//   (https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html): "AWS_IAM – Lambda uses AWS
//   Identity and Access Management (IAM) to authenticate and authorize requests based on the IAM
//   principal's identity policy and the function's resource-based policy. Choose this option if
//   you want only authenticated users and roles to invoke your function using the function URL."
//   "Starting in October 2025, new function URLs will require both lambda:InvokeFunctionUrl and
//   lambda:InvokeFunction permissions." Using the AWS_IAM auth type: "If the principal making the
//   request is in a different AWS account than the function URL, then the principal must have
//   both an identity-based policy that gives them lambda:InvokeFunctionUrl and
//   lambda:InvokeFunction permissions and permissions granted in a resource-based policy on the
//   function that they are trying to invoke."
//   So a resource-based policy granting `*` with AuthType AWS_IAM lets in any authenticated
//   principal of any account whose own identity-based policy (which that account writes) allows
//   the call: outside callers, not anonymous ones.

import { describe, expect, it } from 'vitest';
import { reviewRisks } from '../src/analysis/risks.js';
import type { RiskFinding } from '../src/analysis/types.js';
import { compileModel } from '../src/engine/index.js';
import { modelOf } from './fixtures/cfn/load.js';

const template = (more: string) => `Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      RoleName: fnrole
      AssumeRolePolicyDocument: {Version: '2012-10-17', Statement: [{Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}]}
      Policies: [{PolicyName: p, PolicyDocument: {Version: '2012-10-17', Statement: [{Effect: Allow, Action: iam:AttachRolePolicy, Resource: !Sub 'arn:aws:iam::\${AWS::AccountId}:role/fnrole'}]}}]
  Fn: {Type: AWS::Lambda::Function, Properties: {FunctionName: web, Role: !GetAtt Role.Arn, Code: {ZipFile: x}}}
${more}`;

const IAM_URL = `  Url: {Type: AWS::Lambda::Url, Properties: {TargetFunctionArn: !GetAtt Fn.Arn, AuthType: AWS_IAM}}
`;
const VIA_URL = `  ViaUrl: {Type: AWS::Lambda::Permission, Properties: {FunctionName: !Ref Fn, Action: lambda:InvokeFunction, Principal: '*', InvokedViaFunctionUrl: true}}
`;
const URL_FOR_ALL = `  PublicUrl: {Type: AWS::Lambda::Permission, Properties: {FunctionName: !Ref Fn, Action: lambda:InvokeFunctionUrl, Principal: '*', FunctionUrlAuthType: AWS_IAM}}
`;

const review = (more: string) => reviewRisks(compileModel(modelOf(template(more))));
const outsideOf = (risks: readonly RiskFinding[]) =>
  risks.filter((f) => f.kind === 'public-access' || f.kind === 'outside-escalation');

describe('a function URL with AuthType AWS_IAM', () => {
  it('an invoke for every principal only through the URL, and no URL permission: no outside caller, no finding (was a low public and a medium outside finding)', () => {
    expect(outsideOf(review(IAM_URL + VIA_URL))).toEqual([]);
    // no URL in the inputs either: the same
    expect(outsideOf(review(VIA_URL))).toEqual([]);
  });

  it('the URL granted to every principal too: any authenticated principal of any account, high, said so', () => {
    const risks = review(IAM_URL + URL_FOR_ALL + VIA_URL);
    const pub = risks.filter((f) => f.kind === 'public-access');
    expect(pub).toHaveLength(1);
    expect(pub[0]!.severity).toBe('high');
    expect(pub[0]!.message).toMatch(
      /^lambda-function web is open to any authenticated AWS principal of any account \(not anonymous callers\) through its function URL \(AuthType AWS_IAM: .*identity-based policy must allow it too\): Write: lambda:InvokeFunctionUrl$/,
    );
    const out = risks.filter((f) => f.kind === 'outside-escalation');
    expect(out.map((f) => `${f.severity} ${f.detail}`)).toEqual([
      'high any authenticated principal: function URL of arn:aws:lambda:us-west-2:111122223333:function:web',
    ]);
    expect(out[0]!.message).toMatch(
      /^any authenticated AWS principal of any account \(through its function URL, AuthType AWS_IAM, with an identity-based policy of its own that allows the call\) can make function web run as role fnrole, which can raise its privileges in account 111122223333\. The path: lambda:InvokeFunctionUrl on function web, allowed by /,
    );
    expect(out[0]!.indeterminate).toBeUndefined();
  });

  it('near miss: a direct invoke for every principal stays open to any AWS account', () => {
    const direct = `  Public: {Type: AWS::Lambda::Permission, Properties: {FunctionName: !Ref Fn, Action: lambda:InvokeFunction, Principal: '*'}}
`;
    const risks = review(IAM_URL + direct);
    expect(risks.filter((f) => f.kind === 'public-access').map((f) => f.severity)).toEqual(['high']);
    expect(risks.filter((f) => f.kind === 'outside-escalation').map((f) => f.detail)).toEqual([
      'anyone: invoke arn:aws:lambda:us-west-2:111122223333:function:web',
    ]);
  });
});
