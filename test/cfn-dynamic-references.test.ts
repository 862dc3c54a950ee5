// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the strings hold CloudFormation dynamic references and Fn::Sub syntax
// CloudFormation dynamic references (`{{resolve:ssm:...}}`, `{{resolve:secretsmanager:...}}`) are
// read at deployment: src/adapters/cloudformation/dynamic-references.ts makes each an unknown
// value, the text around it known. "When you use a dynamic reference, CloudFormation retrieves
// the value of the specified reference when necessary during stack and change set operations."
// "CloudFormation currently supports the following dynamic reference patterns: ssm, for plaintext
// values stored in AWS Systems Manager Parameter Store; ssm-secure, for secure strings stored in
// AWS Systems Manager Parameter Store; secretsmanager, for entire secrets or secret values stored
// in AWS Secrets Manager." (CloudFormation User Guide, "Get values stored in other services using
// dynamic references", https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/dynamic-references.html)
//
// CDK writes one for `StringParameter.valueForStringParameter(scope, name, version)`: before the
// fix the reference was taken as literal text, so a policy `Resource` holding one was an invalid
// ARN (dropped: deny) and a trust policy's account from one named no account (deny).

import { App, Fn, Stack } from 'aws-cdk-lib';
import { AccountPrincipal, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { StringParameter } from 'aws-cdk-lib/aws-ssm';
import { describe, expect, it } from 'vitest';
import { resolveDynamicReferences } from '../src/adapters/cloudformation/dynamic-references.js';
import { compileModel } from '../src/engine/index.js';
import { isPartlyKnown, PartlyKnown, Unknown } from '../src/model/unknown.js';
import { fromApp } from '../src/testing/cdk.js';
import { modelOf } from './fixtures/cfn/load.js';

const ACCOUNT = '111122223333';
const env = { account: ACCOUNT, region: 'eu-west-1' };

function buildApp() {
  const app = new App({
    builtinCloudFormationValidation: false,
    context: { 'aws:cdk:disable-stack-trace': true },
  });
  const stack = new Stack(app, 'Deploy', { env });
  // A version makes CDK write `{{resolve:ssm:/org/tooling-account:3}}`, not an SSM parameter.
  const tooling = StringParameter.valueForStringParameter(stack, '/org/tooling-account', 3);
  const deployer = new Role(stack, 'Deployer', {
    roleName: 'deployer',
    assumedBy: new AccountPrincipal(tooling),
  });
  const worker = new Role(stack, 'Worker', {
    roleName: 'worker',
    assumedBy: new ServicePrincipal('ec2.amazonaws.com'),
  });
  worker.addToPolicy(
    new PolicyStatement({
      actions: ['sns:Publish'],
      resources: [Fn.sub('arn:aws:sns:eu-west-1:111122223333:{{resolve:ssm:/app/topic-name:2}}')],
    }),
  );
  worker.addToPolicy(
    new PolicyStatement({ actions: ['s3:DeleteObject'], resources: ['{{resolve:ssm:/app/bucket-arn:1}}/*'] }),
  );
  return { app, deployer, worker };
}

describe('dynamic references in a CDK app', () => {
  const { app } = buildApp();
  const model = fromApp(app);
  const engine = compileModel(model);
  const decide = (principal: string, action: string, resource: string) =>
    engine.decide({ principal, action, resource }).decision;

  it('a trust policy whose account is read from Parameter Store: who may assume the role is indeterminate (was deny)', () => {
    expect(
      decide(
        'arn:aws:iam::444455556666:role/pipeline',
        'sts:AssumeRole',
        `arn:aws:iam::${ACCOUNT}:role/deployer`,
      ),
    ).toBe('indeterminate');
  });

  it('a policy Resource that holds a reference is indeterminate for what it may name (was deny)', () => {
    const worker = `arn:aws:iam::${ACCOUNT}:role/worker`;
    expect(decide(worker, 'sns:Publish', `arn:aws:sns:eu-west-1:${ACCOUNT}:alerts`)).toBe('indeterminate');
    expect(decide(worker, 's3:DeleteObject', 'arn:aws:s3:::data/k')).toBe('indeterminate');
    // the known text still decides: another Region's topic is never `arn:aws:sns:eu-west-1:…`
    expect(decide(worker, 'sns:Publish', `arn:aws:sns:us-east-1:${ACCOUNT}:alerts`)).toBe('deny');
  });

  it('each reference is a model/unknown-value warning naming it and the store, and no invalid-ARN error', () => {
    const messages = model.findings.filter((f) => f.code === 'model/unknown-value').map((f) => f.message);
    expect(messages).toContainEqual(
      expect.stringContaining('{{resolve:ssm:/org/tooling-account:3}} is a dynamic reference'),
    );
    expect(messages).toContainEqual(expect.stringContaining('{{resolve:ssm:/app/topic-name:2}}'));
    expect(messages.join('\n')).toContain('Systems Manager Parameter Store');
    expect(model.findings.filter((f) => f.severity === 'error')).toEqual([]);
  });
});

describe('resolveDynamicReferences', () => {
  const at = (reason: string) => new Unknown(reason);

  it('keeps the text around each reference, one unknown per reference', () => {
    const v = resolveDynamicReferences(
      'arn:aws:s3:::{{resolve:ssm:/b}}/{{resolve:secretsmanager:s:SecretString:k}}',
      at,
    );
    expect(isPartlyKnown(v)).toBe(true);
    const parts = (v as PartlyKnown).parts;
    expect(parts.map((p) => (typeof p === 'string' ? p : '?'))).toEqual(['arn:aws:s3:::', '?', '/', '?']);
    expect((parts[3] as Unknown).reason).toContain('Secrets Manager');
  });

  it('a reference whose name is itself unknown is one unknown; text that never closes stays text', () => {
    const name = new Unknown('a parameter');
    const partly = new PartlyKnown(['x-{{resolve:ssm:', name, '}}-y'], name);
    const v = resolveDynamicReferences(partly, at) as PartlyKnown;
    expect(v.parts.map((p) => (typeof p === 'string' ? p : '?'))).toEqual(['x-', '?', '-y']);
    expect(resolveDynamicReferences('{{resolve:ssm:/open', at)).toBe('{{resolve:ssm:/open');
    expect(resolveDynamicReferences('no reference', at)).toBe('no reference');
  });
});

describe('dynamic references in a template', () => {
  it('a Parameter Default, a Sub and a Join holding one are unknown where a policy reads them', () => {
    const m = modelOf(`
Parameters:
  Topic:
    Type: String
    Default: '{{resolve:ssm:/app/topic:1}}'
Resources:
  P:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      ManagedPolicyName: p
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Action: sns:Publish
            Resource:
              - !Ref Topic
              - !Sub 'arn:aws:sns:us-west-2:111122223333:{{resolve:ssm:/app/other}}'
              - !Join ['', ['arn:aws:sqs:us-west-2:111122223333:', '{{resolve:', 'ssm:/q}}']]
`);
    const values = m.policies[0]!.document.statements[0]!.resource!.values;
    expect(values.every((v) => v instanceof Unknown)).toBe(true);
    expect(isPartlyKnown(values[1])).toBe(true);
    expect(isPartlyKnown(values[2])).toBe(true);
  });
});
