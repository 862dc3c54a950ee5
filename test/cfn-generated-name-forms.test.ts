// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${...} is CloudFormation syntax here.
// The per-type facts of src/adapters/cloudformation/generated-names.ts, each from the AWS page
// cited there: which types CloudFormation names `<stack>-<LogicalId>-<random>` and the length
// limit under which nothing of that prefix can be cut. A type the pages do not vouch for keeps no
// prefix: its generated name is wholly unknown.
// - CloudFormation Template Reference, "CloudFormation resource custom naming"
//   (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-name.html):
//   "By default, CloudFormation generates a unique physical ID to name a resource. For example,
//   CloudFormation might name an Amazon S3 bucket with the following physical ID
//   MyStack-MyBucket-abcdefghijk1", and its list of the types that "support custom names"
//   (AWS::IAM::Role, AWS::IAM::User, AWS::IAM::Group, AWS::IAM::ManagedPolicy, AWS::S3::Bucket,
//   AWS::SQS::Queue, AWS::SNS::Topic, AWS::Lambda::Function, AWS::DynamoDB::Table,
//   AWS::Kinesis::Stream, AWS::Events::Rule...; not AWS::IAM::InstanceProfile nor
//   AWS::Logs::LogGroup, whose LogGroupName says only "CloudFormation generates a unique ID").
// - AWS::IAM::Role RoleName: "A name for the IAM role, up to 64 characters in length".
// - AWS::Events::Rule Name: "Maximum: 64". AWS::Kinesis::Stream Name: "Maximum: 128".
// - IAM API Reference, CreateGroup GroupName and CreatePolicy PolicyName: "Maximum length of 128".
// - SQS API Reference, CreateQueue QueueName: "A queue name can have up to 80 characters", "A
//   FIFO queue name must end with the .fifo suffix" (a given name carries it itself).
// - S3 User Guide, bucket naming rules: "between 3 (min) and 63 (max) characters long", lower case.

import { describe, expect, it } from 'vitest';
import {
  generatedNameForms,
  knownPrefix,
  RANDOM_MAX,
} from '../src/adapters/cloudformation/generated-names.js';
import { ModelBuilder } from '../src/model/builder.js';
import { loadTemplateObject, parseTemplateText } from '../src/adapters/cloudformation/index.js';
import { ACCOUNT, findingsOf, modelOf } from './fixtures/cfn/load.js';

const scope = (type: string, stackName: string, logicalId = 'Res') => ({
  type,
  logicalId,
  stackName,
  stackNameKnown: true,
});

describe('which types keep the prefix <stack>-<LogicalId>-, and their limits', () => {
  it('the types the "Name type" page lists, with the limits of their pages', () => {
    const limits = Object.fromEntries(Object.entries(generatedNameForms()).map(([t, f]) => [t, f.max]));
    expect(limits).toEqual({
      'AWS::IAM::Role': 64,
      'AWS::IAM::User': 64,
      'AWS::IAM::Group': 128,
      'AWS::IAM::ManagedPolicy': 128,
      'AWS::S3::Bucket': 63,
      'AWS::SQS::Queue': 80,
      'AWS::SNS::Topic': 256,
      'AWS::Lambda::Function': 64,
      'AWS::DynamoDB::Table': 255,
      'AWS::Kinesis::Stream': 128,
      'AWS::Events::Rule': 64,
    });
  });

  it('an instance profile or a log group: not in the list, so the whole generated name is unknown', () => {
    for (const type of ['AWS::IAM::InstanceProfile', 'AWS::Logs::LogGroup', 'AWS::ECR::Repository'])
      expect(knownPrefix(scope(type, 'app'))).toBeUndefined();
    const m = modelOf(
      `Resources:
  Prof: {Type: AWS::IAM::InstanceProfile, Properties: {Roles: []}}
  Logs: {Type: AWS::Logs::LogGroup}
  Probe:
    Type: AWS::IAM::User
    Properties:
      UserName: probe
      Tags:
        - {Key: prof, Value: !Ref Prof}
        - {Key: logs, Value: !Ref Logs}
`,
      { stackName: 'app' },
    );
    const tags = m.users.find((u) => u.name === 'probe')!.tags;
    expect(tags.prof).toMatch(/^\(unknown-generated-Prof-[0-9a-f]{6}\)$/);
    expect(tags.logs).toMatch(/^\(unknown-generated-Logs-[0-9a-f]{6}\)$/);
  });

  it('each limit decides: the prefix is kept exactly while it and the longest random string fit', () => {
    for (const [type, form] of Object.entries(generatedNameForms())) {
      const suffix = type === 'AWS::SQS::Queue' ? '.fifo' : '';
      const room = form.max - RANDOM_MAX - suffix.length - '-Res-'.length;
      const fits = 's'.repeat(room);
      expect(knownPrefix(scope(type, fits), suffix), type).toBe(
        form.lowercase ? `${fits}-res-` : `${fits}-Res-`,
      );
      expect(knownPrefix(scope(type, `${fits}s`), suffix), type).toBeUndefined();
    }
  });

  it('an Events rule in a stack of 50 characters: 50 + "-Rule-" + 13 > 64, so nothing is kept', () => {
    expect(knownPrefix(scope('AWS::Events::Rule', 'x'.repeat(50), 'Rule'))).toBeUndefined();
    expect(knownPrefix(scope('AWS::Events::Rule', 'x'.repeat(10), 'Rule'))).toBe(`${'x'.repeat(10)}-Rule-`);
  });
});

describe('a FIFO queue whose given name is partly unknown carries `.fifo` once', () => {
  it('QueueName !Sub "${Prefix}-jobs.fifo" with an unknown Prefix', () => {
    const m = modelOf(
      `Parameters: {Prefix: {Type: String}}
Resources:
  Q: {Type: AWS::SQS::Queue, Properties: {FifoQueue: true, QueueName: !Sub '\${Prefix}-jobs.fifo'}}
`,
      { stackName: 'app' },
    );
    const q = m.resources.find((r) => r.kind === 'sqs-queue')!;
    expect(q.arn).toMatch(/^arn:aws:sqs:us-west-2:111122223333:\(unknown-[^)]*\)-jobs\.fifo$/);
  });

  it('with no name the generated one gets `.fifo` (the suffix the type adds)', () => {
    const m = modelOf(`Resources:\n  Q: {Type: AWS::SQS::Queue, Properties: {FifoQueue: true}}\n`, {
      stackName: 'app',
    });
    expect(m.resources.find((r) => r.kind === 'sqs-queue')!.name).toMatch(
      /^app-Q-\(unknown-generated-[0-9a-f]{6}\)\.fifo$/,
    );
  });
});

describe('SAM resolves AWS::StackName only when the stack name is the one AWS will use', () => {
  const template = `Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      Runtime: nodejs20.x
      InlineCode: 'exports.handler = async () => {}'
      AutoPublishAlias: !Ref AWS::StackName
`;
  const load = (stackName: string | undefined) => {
    const { value, locate } = parseTemplateText(template, 'fn.yaml');
    const b = new ModelBuilder();
    loadTemplateObject(value, b, {
      account: ACCOUNT,
      region: 'us-west-2',
      file: 'fn.yaml',
      locate,
      stackName,
    });
    return b.build();
  };

  it('a template loaded without its stack name: the alias named after it is unknown, not "fn"', () => {
    const m = load(undefined);
    expect(
      findingsOf(m, 'sam/unresolved-parameter')
        .map((f) => f.message)
        .join('\n'),
    ).toContain('AutoPublishAlias of Fn');
  });

  it('with the stack name given, the transform resolves it', () => {
    expect(findingsOf(load('prod'), 'sam/unresolved-parameter')).toEqual([]);
  });
});
