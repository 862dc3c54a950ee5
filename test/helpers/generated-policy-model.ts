// A model whose only name the inputs leave unknown is a managed policy's (CloudFormation
// generates it: `App-Pol-(unknown-generated-…)`), or the same model with the policy named, and
// requests of each of its users: for bench/unknown-name-switch.bench.ts and
// test/unknown-name-switch.test.ts.

import { loadTemplateObject, parseTemplateText } from '../../src/adapters/cloudformation/index.js';
import type { Request } from '../../src/engine/index.js';
import { ModelBuilder } from '../../src/model/builder.js';
import type { Model } from '../../src/model/types.js';

export const ACCOUNT = '111122223333';

/** A stack of `users` users, each with the managed policy Pol (named or not) and an inline policy. */
export function managedPolicyTemplate(users: number, named: boolean): string {
  const user = (i: number) => `  U${i}:
    Type: AWS::IAM::User
    Properties:
      UserName: user${i}
      Tags: [{Key: team, Value: t${i % 3}}]
      ManagedPolicyArns: [!Ref Pol]
      Policies:
        - PolicyName: p
          PolicyDocument:
            Version: '2012-10-17'
            Statement:
              - Effect: Allow
                Action: ['s3:GetObject', 's3:PutObject']
                Resource: 'arn:aws:s3:::data-${i}/*'
                Condition: {StringEquals: {'aws:PrincipalTag/team': 't0'}, Bool: {'aws:SecureTransport': 'true'}}
              - {Effect: Allow, Action: 'sqs:SendMessage', Resource: 'arn:aws:sqs:us-west-2:${ACCOUNT}:q-*', Condition: {ArnLike: {'aws:SourceArn': 'arn:aws:sns:*:${ACCOUNT}:topic-${i}'}}}
              - {Effect: Allow, Action: 'iam:CreatePolicyVersion', Resource: !Ref Pol}
              - {Effect: Deny, Action: 's3:DeleteObject', Resource: '*', Condition: {StringNotEquals: {'aws:RequestedRegion': 'us-west-2'}}}
`;
  return `Resources:
  Pol:
    Type: AWS::IAM::ManagedPolicy
    Properties:
${named ? '      ManagedPolicyName: AppPol\n' : ''}      PolicyDocument:
        Version: '2012-10-17'
        Statement:
          - {Effect: Allow, Action: 's3:ListAllMyBuckets', Resource: '*'}
          - {Effect: Allow, Action: 'iam:GetPolicy*', Resource: '*'}
${Array.from({ length: users }, (_, i) => user(i)).join('')}`;
}

export function managedPolicyModel(users: number, named: boolean): Model {
  const { value, locate } = parseTemplateText(managedPolicyTemplate(users, named), 'template.yaml');
  const builder = new ModelBuilder();
  loadTemplateObject(value, builder, {
    account: ACCOUNT,
    region: 'us-west-2',
    stackName: 'App',
    file: 'template.yaml',
    locate,
  });
  return builder.build();
}

/** The requests of each user: its buckets, a queue, a policy, with and without TLS. */
export function managedPolicyRequests(model: Model): Request[] {
  const out: Request[] = [];
  const policy = model.policies[0]!.arn;
  model.users.forEach((u, i) => {
    const tls = { 'aws:SecureTransport': 'true' };
    out.push(
      { principal: u.arn, action: 's3:GetObject', resource: `arn:aws:s3:::data-${i}/k`, context: tls },
      { principal: u.arn, action: 's3:PutObject', resource: `arn:aws:s3:::data-${i + 1}/k`, context: tls },
      { principal: u.arn, action: 's3:GetObject', resource: `arn:aws:s3:::data-${i}/k` },
      { principal: u.arn, action: 's3:DeleteObject', resource: `arn:aws:s3:::data-${i}/k` },
      {
        principal: u.arn,
        action: 'sqs:SendMessage',
        resource: `arn:aws:sqs:us-west-2:${ACCOUNT}:q-${i}`,
        context: { 'aws:SourceArn': `arn:aws:sns:us-west-2:${ACCOUNT}:topic-${i}` },
      },
      { principal: u.arn, action: 's3:ListAllMyBuckets', resource: '*' },
      { principal: u.arn, action: 'iam:GetPolicy', resource: policy },
    );
  });
  return out;
}
