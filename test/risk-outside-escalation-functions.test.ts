// The review's outside-escalation findings for callers that get no session of a role but can make
// it run (analysis/risk-outside-escalation.ts `entryPoints`): anyone who may invoke a Lambda
// function (its function URL with AuthType NONE, an API Gateway method open to anyone that runs it,
// a resource policy for every principal or another account) makes the function run as its
// execution role; when that role can escalate, the caller can set it off ("an anonymous caller can
// make function F run as role R, which can ..."), severity the escalation's. And EKS Pod Identity
// associations (`AWS::EKS::PodIdentityAssociation`, `aws_eks_pod_identity_association`): the pods
// of the service account an association names get the role, as IRSA's pods do. Before, the
// public-access (or entry point) finding and the escalation finding stood apart and no finding
// said that together they let the caller climb.
// Pages:
// - AWS Lambda Developer Guide, "Control access to Lambda function URLs": "NONE – Lambda doesn't
//   perform any authentication before invoking your function."
// - AWS Lambda Developer Guide, "Defining Lambda function permissions with an execution role": "A
//   Lambda function's execution role is an AWS Identity and Access Management (IAM) role that
//   grants the function permission to access AWS services and resources."
// - Amazon EKS API Reference, CreatePodIdentityAssociation: "If a pod uses a service account that
//   has an association, Amazon EKS sets environment variables in the containers of the pod. The
//   environment variables configure the AWS SDKs, including the AWS Command Line Interface, to
//   use the EKS Pod Identity credentials."

import { describe, expect, it } from 'vitest';
import { reviewRisks } from '../src/analysis/risks.js';
import type { RiskFinding } from '../src/analysis/types.js';
import { compileModel } from '../src/engine/index.js';
import { ACCOUNT, modelOf } from './fixtures/cfn/load.js';
import { loadTerraformFiles } from './helpers/temp-inputs.js';

const ROLE = `arn:aws:iam::${ACCOUNT}:role/fnrole`;
const ATTACH = 'Rhino Security Labs method 9';
const outside = (risks: readonly RiskFinding[]) => risks.filter((f) => f.kind === 'outside-escalation');
const ways = (f: RiskFinding) => (f.ways ?? []).map((w) => w.detail);

/** Role fnrole, run by Lambda, that may (or not) attach any managed policy to itself; then `more` resources. */
function template(more: string, escalates = true): string {
  return `Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      RoleName: fnrole
      AssumeRolePolicyDocument: {Version: '2012-10-17', Statement: [{Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}]}
      Policies: [{PolicyName: p, PolicyDocument: {Version: '2012-10-17', Statement: [{Effect: Allow, Action: ${escalates ? 'iam:AttachRolePolicy' : 'iam:GetRole'}, Resource: !Sub 'arn:aws:iam::\${AWS::AccountId}:role/fnrole'}]}}]
  Fn: {Type: AWS::Lambda::Function, Properties: {FunctionName: web, Role: !GetAtt Role.Arn, Code: {ZipFile: x}}}
${more}`;
}

const URL = `  Url: {Type: AWS::Lambda::Url, Properties: {TargetFunctionArn: !GetAtt Fn.Arn, AuthType: NONE}}
  PublicUrl: {Type: AWS::Lambda::Permission, Properties: {FunctionName: !Ref Fn, Action: lambda:InvokeFunctionUrl, Principal: '*', FunctionUrlAuthType: NONE}}
  ViaUrl: {Type: AWS::Lambda::Permission, Properties: {FunctionName: !Ref Fn, Action: lambda:InvokeFunction, Principal: '*', InvokedViaFunctionUrl: true}}
`;

const review = (text: string) => reviewRisks(compileModel(modelOf(text)));

describe('a public function whose execution role can escalate', () => {
  it('function URL with AuthType NONE: an anonymous caller can make the function run as the role, high (was no finding)', () => {
    const risks = review(template(URL));
    // the halves, as before
    expect(risks.some((f) => f.kind === 'public-access' && f.subject.endsWith(':function:web'))).toBe(true);
    expect(risks.some((f) => f.kind === 'privilege-escalation' && f.subject === ROLE)).toBe(true);
    const [f, ...rest] = outside(risks);
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ severity: 'high', subject: ROLE });
    expect(ways(f!)).toEqual([ATTACH]);
    expect(f!.message).toMatch(
      /^an anonymous caller \(through its function URL, AuthType NONE\) can make function web run as role fnrole, which can raise its privileges in account 111122223333\. The path: lambda:InvokeFunctionUrl on function web, allowed by /,
    );
    expect(f!.message).toContain('iam:AttachRolePolicy');
    const at = f!.statements.map((s) => `${s.stage} ${s.source?.logicalId}`);
    expect(at).toContain('resource PublicUrl');
    expect(at).toContain('identity Role');
    expect(f!.indeterminate).toBeUndefined();
  });

  it('a permission for every principal, and one for another account: their callers too', () => {
    const risks = review(
      template(`  Public: {Type: AWS::Lambda::Permission, Properties: {FunctionName: !Ref Fn, Action: lambda:InvokeFunction, Principal: '*'}}
  Other: {Type: AWS::Lambda::Function, Properties: {FunctionName: other, Role: !GetAtt Role.Arn, Code: {ZipFile: x}}}
  Xacct: {Type: AWS::Lambda::Permission, Properties: {FunctionName: !Ref Other, Action: lambda:InvokeFunction, Principal: '999988887777'}}
`),
    );
    const found = outside(risks);
    expect(found.map((f) => `${f.severity} ${f.message.split(' can make')[0]}`)).toEqual([
      'high any AWS account (the resource policy of function web lets every principal invoke it)',
      'high account 999988887777 (outside the inputs)',
    ]);
    expect(found[1]!.message).toContain('can make function other run as role fnrole');
  });

  it('near miss: the role cannot escalate, or the URL needs IAM authentication: no finding', () => {
    expect(outside(review(template(URL, false)))).toEqual([]);
    // the URL asks for IAM authentication: the permission for AuthType NONE never applies
    const iam = URL.replace('AuthType: NONE}', 'AuthType: AWS_IAM}')
      .split('\n')
      .filter((l) => !l.startsWith('  ViaUrl:'))
      .join('\n');
    expect(outside(review(template(iam)))).toEqual([]);
  });

  it('an API Gateway method open to anyone that runs the function (SAM Api event)', () => {
    const sam = `Transform: AWS::Serverless-2016-10-31
${template('').replace(
  '  Fn: {Type: AWS::Lambda::Function, Properties: {FunctionName: web, Role: !GetAtt Role.Arn, Code: {ZipFile: x}}}',
  `  Fn:
    Type: AWS::Serverless::Function
    Properties: {FunctionName: web, Role: !GetAtt Role.Arn, InlineCode: x, Handler: index.h, Runtime: nodejs20.x, Events: {Get: {Type: Api, Properties: {Path: /x, Method: get}}}}`,
)}`;
    const found = outside(review(sam));
    expect(found).toHaveLength(1);
    expect(found[0]!.message).toMatch(
      /^an anonymous caller \(API Gateway method GET \/x of .*\) can make function web run as role fnrole, which can raise its privileges/,
    );
    expect(found[0]!.severity).toBe('high');
  });
});

describe('EKS Pod Identity: the pods of the associated service account', () => {
  const tf = (trustCondition: string) => `
provider "aws" {
  region              = "us-west-2"
  allowed_account_ids = ["${ACCOUNT}"]
}

resource "aws_iam_role" "app" {
  name = "app"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "pods.eks.amazonaws.com" }
      Action    = ["sts:AssumeRole", "sts:TagSession"]${trustCondition}
    }]
  })
}

resource "aws_iam_role_policy" "app" {
  role   = aws_iam_role.app.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "iam:AttachRolePolicy", Resource = aws_iam_role.app.arn }]
  })
}

resource "aws_eks_pod_identity_association" "api" {
  cluster_name    = "prod"
  namespace       = "payments"
  service_account = "api"
  role_arn        = aws_iam_role.app.arn
}
`;

  it('Terraform: any pod of the service account can raise its privileges through the role, high (was no finding)', () => {
    const risks = reviewRisks(compileModel(loadTerraformFiles(tf(''))));
    expect(risks.some((f) => f.kind === 'federated-entry-point' && f.subject.endsWith(':role/app'))).toBe(
      true,
    );
    const [f, ...rest] = outside(risks);
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ severity: 'high', detail: 'EKS Pod Identity prod/payments/api' });
    expect(ways(f!)).toEqual([ATTACH]);
    expect(f!.message).toMatch(
      /^any pod of EKS cluster prod with service account api in namespace payments \(EKS Pod Identity association: whoever can run such a pod in the cluster\) can raise its privileges in account 111122223333 through role app\. The path: sts:AssumeRole into role app/,
    );
  });

  it('near miss: a trust pinned to another namespace lets the association in nowhere: no finding', () => {
    const other = `
      Condition = { StringEquals = { "aws:RequestTag/kubernetes-namespace" = "other" } }`;
    expect(outside(reviewRisks(compileModel(loadTerraformFiles(tf(other)))))).toEqual([]);
  });

  it('CloudFormation AWS::EKS::PodIdentityAssociation too', () => {
    const risks = review(`Resources:
  App:
    Type: AWS::IAM::Role
    Properties:
      RoleName: app
      AssumeRolePolicyDocument: {Version: '2012-10-17', Statement: [{Effect: Allow, Principal: {Service: pods.eks.amazonaws.com}, Action: [sts:AssumeRole, sts:TagSession]}]}
      ManagedPolicyArns: [arn:aws:iam::aws:policy/AdministratorAccess]
  Assoc: {Type: AWS::EKS::PodIdentityAssociation, Properties: {ClusterName: prod, Namespace: payments, ServiceAccount: api, RoleArn: !GetAtt App.Arn}}
`);
    const found = outside(risks);
    expect(found.map((f) => `${f.detail} ${ways(f)} ${f.severity}`)).toEqual([
      'EKS Pod Identity prod/payments/api administrator access high',
    ]);
    expect(found[0]!.message).toMatch(
      /^any pod of EKS cluster prod with service account api in namespace payments \(EKS Pod Identity association/,
    );
    expect(found[0]!.message).toContain('can become administrator-equivalent');
  });
});
