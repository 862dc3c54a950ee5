// who-can names the Lambda functions that act through their execution role. AWS Lambda Developer
// Guide, "Defining Lambda function permissions with an execution role"
// (https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html): Lambda assumes
// the function's execution role when the function is invoked, and the role's trust policy must
// name lambda.amazonaws.com. IAM User Guide, "Methods to assume a role"
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_manage-assume.html): the hop into the
// role is sts:AssumeRole allowed by the trust policy.

import { describe, expect, it } from 'vitest';
import { serviceAssumers } from '../src/analysis/chains.js';
import { whoCan } from '../src/analysis/who-can.js';
import { compileModel } from '../src/engine/index.js';
import { ACCOUNT, modelOf } from './fixtures/cfn/load.js';

const TRUST = (service: string) =>
  `{Version: '2012-10-17', Statement: [{Effect: Allow, Principal: {Service: ${service}}, Action: sts:AssumeRole}]}`;
const READ_REPORTS = `[{PolicyName: read, PolicyDocument: {Version: '2012-10-17', Statement: [{Effect: Allow, Action: s3:GetObject, Resource: 'arn:aws:s3:::acme-reports/*'}]}}]`;

const template = `Resources:
  Reports: {Type: AWS::S3::Bucket, Properties: {BucketName: acme-reports}}
  ExecRole: {Type: AWS::IAM::Role, Properties: {RoleName: report-exec, AssumeRolePolicyDocument: ${TRUST('lambda.amazonaws.com')}, Policies: ${READ_REPORTS}}}
  Render: {Type: AWS::Lambda::Function, Properties: {FunctionName: render, Role: !GetAtt ExecRole.Arn, Code: {ZipFile: x}}}
  Mail: {Type: AWS::Lambda::Function, Properties: {FunctionName: mail, Role: !GetAtt ExecRole.Arn, Code: {ZipFile: x}}}
  SpareRole: {Type: AWS::IAM::Role, Properties: {RoleName: spare, AssumeRolePolicyDocument: ${TRUST('lambda.amazonaws.com')}, Policies: ${READ_REPORTS}}}
  Writer: {Type: AWS::Lambda::Function, Properties: {FunctionName: writer, Role: !GetAtt WriteRole.Arn, Code: {ZipFile: x}}}
  WriteRole: {Type: AWS::IAM::Role, Properties: {RoleName: writer-exec, AssumeRolePolicyDocument: ${TRUST('lambda.amazonaws.com')}}}`;

describe('who-can with Lambda execution roles', () => {
  const engine = compileModel(modelOf(template));

  it('names each function reaching the bucket through its execution role, and keeps the generic wording for a role no function uses', () => {
    const r = whoCan(engine, 's3:GetObject', 'arn:aws:s3:::acme-reports/q1.pdf');
    const lambda = r.entries.filter((e) => e.principal === 'lambda.amazonaws.com');
    expect(lambda.map((e) => [e.kind, e.access, e.via, e.path.map((h) => h.role)])).toEqual([
      [
        'service',
        'allow',
        'Lambda function render (execution role report-exec)',
        [`arn:aws:iam::${ACCOUNT}:role/report-exec`],
      ],
      [
        'service',
        'allow',
        'Lambda function mail (execution role report-exec)',
        [`arn:aws:iam::${ACCOUNT}:role/report-exec`],
      ],
      [
        'service',
        'allow',
        'Lambda functions whose execution role is role spare (lambda.amazonaws.com)',
        [`arn:aws:iam::${ACCOUNT}:role/spare`],
      ],
    ]);
    // the hop into the role is granted by its trust policy; the read by the role's inline policy
    expect(lambda[0]!.path[0]!.grants.map((g) => g.stage)).toEqual(['trust']);
    expect(lambda[0]!.final.grants.map((g) => g.stage)).toEqual(['identity']);
    // writer's execution role grants nothing on the bucket: writer is not listed
    expect(lambda.map((e) => e.via).join(' ')).not.toContain('writer');
  });

  it('serviceAssumers lists one entry per function using the role', () => {
    const vias = serviceAssumers(engine)
      .filter((s) => s.service === 'lambda.amazonaws.com')
      .map((s) => s.via);
    expect(vias).toEqual([
      'Lambda function render (execution role report-exec)',
      'Lambda function mail (execution role report-exec)',
      'Lambda functions whose execution role is role spare (lambda.amazonaws.com)',
      'Lambda function writer (execution role writer-exec)',
    ]);
  });
});
