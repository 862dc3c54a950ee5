// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the strings hold CloudFormation Fn::Sub syntax
// Intrinsic functions, conditions, parameters and pseudo parameters, observed through the
// policy documents they end up in. Each block cites the CloudFormation page that pins the rule
// (Template Reference, https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/).

import { describe, expect, it } from 'vitest';
import {
  CfnLoadSession,
  loadTemplateObject,
  parseTemplateText,
} from '../src/adapters/cloudformation/index.js';
import { ModelBuilder } from '../src/model/builder.js';
import type { Model } from '../src/model/types.js';
import { type Maybe, Unknown } from '../src/model/unknown.js';
import { ACCOUNT, findingsOf, modelOf, REGION } from './fixtures/cfn/load.js';

/** Builds a template whose managed policy `P` has `Resource: <expr>` (YAML), plus extra sections. */
function template(expr: string, extra = '', resources = ''): string {
  return `${extra}
Resources:
  P:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      ManagedPolicyName: p
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Action: s3:GetObject
            Resource: ${expr}
${resources}`;
}

function resourceValues(model: Model): Maybe<string>[] {
  const p = model.policies.find((x) => x.name === 'p');
  if (!p) throw new Error('no policy p');
  return p.document.statements[0]!.resource!.values;
}

function evaluate(expr: string, extra = '', resources = '', options = {}): Maybe<string>[] {
  return resourceValues(modelOf(template(expr, extra, resources), options));
}

function unknownReason(v: Maybe<string> | undefined): string {
  if (!(v instanceof Unknown)) throw new Error(`expected an Unknown, got ${String(v)}`);
  return v.reason;
}

const ROLE = `
  R:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {Version: '2012-10-17', Statement: [{Effect: Allow, Principal: {Service: ec2.amazonaws.com}, Action: sts:AssumeRole}]}
`;

// "Pseudo parameters reference", .../TemplateReference/pseudo-parameter-reference.html
describe('pseudo parameters', () => {
  it('fills AccountId, Region, Partition, URLSuffix, StackName and StackId', () => {
    expect(evaluate('!Ref AWS::AccountId')).toEqual([ACCOUNT]);
    expect(evaluate('!Ref AWS::Region')).toEqual([REGION]);
    expect(evaluate('!Ref AWS::Partition')).toEqual(['aws']);
    expect(evaluate('!Ref AWS::URLSuffix')).toEqual(['amazonaws.com']);
    expect(evaluate('!Ref AWS::StackName')).toEqual(['test']);
  });

  // "AWS::StackName: Returns the name of the stack as specified with the aws cloudformation
  // create-stack command"; "AWS::StackId: Returns the ID (ARN) of the stack, such as
  // arn:aws:cloudformation:us-west-2:123456789012:stack/teststack/51af3dc0-da77-11e4-872e-1234567db123".
  it('the stack name is known only when given (a template file names no stack); the stack ID never is', () => {
    const byFile = resourceValues(
      modelOf(template('!Sub "arn:aws:s3:::${AWS::StackName}-logs/*"'), { stackName: undefined }),
    );
    expect(unknownReason(byFile[0])).toContain('AWS::StackName');
    expect(unknownReason(evaluate('!Ref AWS::StackId')[0])).toContain('unique identifier');
  });

  it('uses the partition option (aws-cn has its own URL suffix)', () => {
    expect(evaluate('!Sub "${AWS::Partition}/${AWS::URLSuffix}"', '', '', { partition: 'aws-cn' })).toEqual([
      'aws-cn/amazonaws.com.cn',
    ]);
  });

  it('leaves AWS::NotificationARNs unknown', () => {
    expect(unknownReason(evaluate('!Select [0, !Ref AWS::NotificationARNs]')[0])).toContain(
      'AWS::NotificationARNs',
    );
  });
});

// "Ref", .../TemplateReference/intrinsic-function-reference-ref.html, and the "Return values"
// section of each resource type's page.
describe('Ref return values per resource type', () => {
  const resources = `${ROLE}
  U: {Type: AWS::IAM::User, Properties: {UserName: alice}}
  G: {Type: AWS::IAM::Group, Properties: {GroupName: devs}}
  IP: {Type: AWS::IAM::InstanceProfile, Properties: {InstanceProfileName: prof, Roles: [!Ref R]}}
  MP: {Type: AWS::IAM::ManagedPolicy, Properties: {ManagedPolicyName: mp, Path: /team/, PolicyDocument: {Version: '2012-10-17', Statement: [{Effect: Allow, Action: '*', Resource: '*'}]}}}
  B: {Type: AWS::S3::Bucket, Properties: {BucketName: my-bucket}}
  Q: {Type: AWS::SQS::Queue, Properties: {QueueName: q1}}
  T: {Type: AWS::SNS::Topic, Properties: {TopicName: t1}}
  K: {Type: AWS::KMS::Key, Properties: {KeyPolicy: {Version: '2012-10-17', Statement: [{Effect: Allow, Principal: {AWS: '*'}, Action: 'kms:*', Resource: '*'}]}}}
  F: {Type: AWS::Lambda::Function, Properties: {FunctionName: fn1, Role: !GetAtt R.Arn, Code: {ZipFile: x}, Handler: i.h, Runtime: nodejs20.x}}
  S: {Type: AWS::SecretsManager::Secret, Properties: {Name: sec1}}
`;
  const refs = (id: string) => evaluate(`!Ref ${id}`, '', resources)[0];

  it('IAM: role, user, group and instance profile names; managed policy ARN', () => {
    expect(refs('R')).toBe('test-R-(unknown-generated-9e4d97)');
    expect(refs('U')).toBe('alice');
    expect(refs('G')).toBe('devs');
    expect(refs('IP')).toBe('prof');
    expect(refs('MP')).toBe('arn:aws:iam::111122223333:policy/team/mp');
  });

  it('S3 bucket name, SQS queue URL, SNS topic ARN, KMS key id, Lambda function name, secret ARN', () => {
    expect(refs('B')).toBe('my-bucket');
    expect(refs('Q')).toBe('https://sqs.us-west-2.amazonaws.com/111122223333/q1');
    expect(refs('T')).toBe('arn:aws:sns:us-west-2:111122223333:t1');
    // the key id KMS assigns: 36 unknown characters, never an invented UUID
    expect(refs('K')).toMatch(/^\(unknown-36-chars=K-[0-9a-f]{6}-key-id\)$/);
    expect(refs('F')).toBe('fn1');
    // the six characters Secrets Manager appends are unknown (test/secret-arn-suffix.test.ts)
    expect(refs('S')).toMatch(
      /^arn:aws:secretsmanager:us-west-2:111122223333:secret:sec1-\(unknown-6-chars=S-[0-9a-f]{6}-suffix\)$/,
    );
  });

  it('a Ref to an undefined name is a finding with the pointer, and unknown', () => {
    const m = modelOf(template('!Ref Nope'));
    expect(unknownReason(resourceValues(m)[0])).toContain('Nope');
    const f = findingsOf(m, 'cfn/unresolved-reference')[0]!;
    expect(f.source?.pointer).toBe('/Resources/P/Properties/PolicyDocument/Statement/0/Resource');
    expect(f.source?.line).toBe(12);
  });
});

// "Fn::GetAtt", .../TemplateReference/intrinsic-function-reference-getatt.html
describe('Fn::GetAtt', () => {
  const resources = `${ROLE}
  B: {Type: AWS::S3::Bucket}
  Q: {Type: AWS::SQS::Queue, Properties: {FifoQueue: true}}
  K: {Type: AWS::KMS::Key}
  F: {Type: AWS::Lambda::Function, Properties: {Role: !GetAtt R.Arn, Code: {ZipFile: x}, Handler: i.h, Runtime: nodejs20.x}}
  C: {Type: Custom::Thing, Properties: {ServiceToken: arn:aws:lambda:us-west-2:111122223333:function:x}}
`;
  it('returns ARNs and the other modelled attributes', () => {
    const v = (e: string) => evaluate(e, '', resources)[0];
    expect(v('!GetAtt R.Arn')).toBe('arn:aws:iam::111122223333:role/test-R-(unknown-generated-9e4d97)');
    expect(v('{"Fn::GetAtt": "R.Arn"}')).toBe(
      'arn:aws:iam::111122223333:role/test-R-(unknown-generated-9e4d97)',
    );
    expect(v('!GetAtt B.Arn')).toBe('arn:aws:s3:::test-b-(unknown-generated-16ebfc)');
    expect(v('!GetAtt B.RegionalDomainName')).toBe(
      'test-b-(unknown-generated-16ebfc).s3.us-west-2.amazonaws.com',
    );
    expect(v('!GetAtt Q.Arn')).toBe(
      'arn:aws:sqs:us-west-2:111122223333:test-Q-(unknown-generated-569a84).fifo',
    );
    expect(v('!GetAtt Q.QueueName')).toBe('test-Q-(unknown-generated-569a84).fifo');
    expect(v('!Sub "${K.Arn}"')).toBe(`arn:aws:kms:us-west-2:111122223333:key/${v('!Ref K')}`);
    expect(v('!GetAtt F.Arn')).toBe(
      'arn:aws:lambda:us-west-2:111122223333:function:test-F-(unknown-generated-957ccb)',
    );
  });

  it('IDs AWS assigns at creation and custom resource attributes stay unknown', () => {
    expect(unknownReason(evaluate('!GetAtt R.RoleId', '', resources)[0])).toContain('RoleId');
    expect(unknownReason(evaluate('!GetAtt C.Out', '', resources)[0])).toContain('custom resource C');
    expect(unknownReason(evaluate('!Ref C', '', resources)[0])).toContain('custom resource C');
  });

  it('takes the attribute name from a Ref', () => {
    expect(
      evaluate('!GetAtt [R, !Ref Attr]', 'Parameters: {Attr: {Type: String, Default: Arn}}', resources)[0],
    ).toBe('arn:aws:iam::111122223333:role/test-R-(unknown-generated-9e4d97)');
  });
});

// "Fn::Sub", .../TemplateReference/intrinsic-function-reference-sub.html
describe('Fn::Sub', () => {
  it('substitutes pseudo parameters, parameters, resources and attributes; ${!Literal} stays literal', () => {
    const v = evaluate(
      '!Sub "arn:${AWS::Partition}:s3:::${Env}-${B}/${!aws:username}/${R.Arn}"',
      'Parameters: {Env: {Type: String, Default: prod}}',
      `${ROLE}\n  B: {Type: AWS::S3::Bucket, Properties: {BucketName: data}}`,
    );
    expect(v).toEqual([
      'arn:aws:s3:::prod-data/${aws:username}/arn:aws:iam::111122223333:role/test-R-(unknown-generated-9e4d97)',
    ]);
  });

  it('takes a variable map in the list form (variables win over names)', () => {
    expect(
      evaluate(
        '!Sub ["${Env}/${X}", {X: !Join ["-", [a, b]], Env: local}]',
        'Parameters: {Env: {Type: String, Default: prod}}',
      ),
    ).toEqual(['local/a-b']);
  });
});

// "Fn::Join", "Fn::Select", "Fn::Split", "Fn::FindInMap" pages of the Template Reference.
describe('Fn::Join, Fn::Select, Fn::Split, Fn::FindInMap', () => {
  it('joins, selects and splits', () => {
    expect(evaluate('!Join ["", ["arn:aws:s3:::", !Ref AWS::Region, "/*"]]')).toEqual([
      'arn:aws:s3:::us-west-2/*',
    ]);
    expect(evaluate('!Select [1, [a, b, c]]')).toEqual(['b']);
    expect(evaluate('!Split [",", "x,y"]')).toEqual(['x', 'y']);
    expect(evaluate('!Select ["2", !Split ["/", "a/b/c"]]')).toEqual(['c']);
  });

  it('reads a two-level mapping, with keys from Refs', () => {
    const mappings =
      "Mappings:\n  Buckets:\n    us-west-2: {Name: 'west-bucket'}\n    us-east-1: {Name: 'east-bucket'}";
    expect(evaluate('!FindInMap [Buckets, !Ref AWS::Region, Name]', mappings)).toEqual(['west-bucket']);
  });

  it('reports a missing mapping key with its pointer', () => {
    const m = modelOf(
      template('!FindInMap [Buckets, nowhere, Name]', 'Mappings:\n  Buckets:\n    us-west-2: {Name: x}'),
    );
    expect(resourceValues(m)[0]).toBeInstanceOf(Unknown);
    expect(findingsOf(m, 'cfn/invalid-intrinsic')[0]?.source?.pointer).toBe(
      '/Resources/P/Properties/PolicyDocument/Statement/0/Resource',
    );
  });

  it('an out-of-range Select is a finding', () => {
    const m = modelOf(template('!Select [5, [a]]'));
    expect(findingsOf(m, 'cfn/invalid-intrinsic')[0]?.message).toContain('out of range');
  });
});

// "Condition functions", .../TemplateReference/intrinsic-function-reference-conditions.html,
// and "Conditions" (template anatomy), .../UserGuide/conditions-section-structure.html
describe('conditions, Fn::If and AWS::NoValue', () => {
  const conditions = `Parameters:
  Env: {Type: String, Default: prod}
  Free: {Type: String}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  IsDev: !Not [!Condition IsProd]
  Both: !And [!Condition IsProd, !Equals [a, a]]
  Either: !Or [!Condition IsDev, !Equals [x, y]]
  FreeIsX: !Equals [!Ref Free, x]
  AlwaysTrue: true`;

  it('evaluates Fn::Equals, Fn::Not, Fn::And, Fn::Or and named conditions', () => {
    expect(
      evaluate(
        '[!If [IsProd, p, d], !If [IsDev, p, d], !If [Both, y, n], !If [Either, y, n], !If [AlwaysTrue, y, n]]',
        conditions,
      ),
    ).toEqual(['p', 'd', 'y', 'n', 'y']);
  });

  it('an overridden parameter flips the condition', () => {
    expect(evaluate('!If [IsProd, p, d]', conditions, '', { parameters: { Env: 'dev' } })).toEqual(['d']);
  });

  it('AWS::NoValue removes a list element and a property', () => {
    expect(evaluate('[a, !If [IsDev, b, !Ref AWS::NoValue], c]', conditions)).toEqual(['a', 'c']);
    const m = modelOf(
      `${conditions}
Resources:
  U:
    Type: AWS::IAM::User
    Properties:
      UserName: !If [IsDev, dev-user, !Ref AWS::NoValue]`,
    );
    expect(m.users[0]!.name).toBe('test-U-(unknown-generated-4544b2)');
  });

  it('a condition on an unknown parameter: differing branches are a maybe-present statement each, equal ones known', () => {
    // hcfn19: the statement is one maybe-present statement per branch, and a certain one with the
    // values every branch has (cfn-if-in-statement.test.ts); before, the Fn::If was one Unknown.
    const m = modelOf(template('[!If [FreeIsX, a, b], !If [FreeIsX, s, s]]', conditions));
    const statements = m.policies.find((x) => x.name === 'p')!.document.statements;
    expect(statements.map((st) => st.resource!.values)).toEqual([['s'], ['a', 's'], ['b', 's']]);
    expect(statements[0]!.presence).toBeUndefined();
    for (const st of statements.slice(1)) expect(st.presence?.reason).toContain('FreeIsX');
  });

  it('a resource whose Condition is false is not created', () => {
    const m = modelOf(`${conditions}
Resources:
  Prod: {Type: AWS::IAM::User, Condition: IsProd, Properties: {UserName: prod-user}}
  Dev: {Type: AWS::IAM::User, Condition: IsDev, Properties: {UserName: dev-user}}`);
    expect(m.users.map((u) => u.name)).toEqual(['prod-user']);
  });

  it('a resource whose Condition is unknown is modelled maybe-present, with a finding', () => {
    const m = modelOf(`${conditions}
Resources:
  Maybe: {Type: AWS::IAM::User, Condition: FreeIsX, Properties: {UserName: maybe}}`);
    expect(m.users.map((u) => u.name)).toEqual(['maybe']);
    expect(m.users[0]!.presence?.reason).toMatch(/condition FreeIsX is true, which the inputs do not decide/);
    const f = findingsOf(m, 'cfn/unknown-condition').find((x) => x.source?.logicalId === 'Maybe');
    expect(f?.severity).toBe('warning');
  });

  it('a whole statement wrapped in Fn::If with AWS::NoValue disappears', () => {
    const m = modelOf(`${conditions}
Resources:
  P:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      ManagedPolicyName: p
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
          - !If
            - IsDev
            - {Effect: Allow, Action: 's3:*', Resource: '*'}
            - !Ref AWS::NoValue
          - {Effect: Allow, Action: s3:GetObject, Resource: arn:aws:s3:::b/*}`);
    const st = m.policies[0]!.document.statements;
    expect(st).toHaveLength(1);
    expect(st[0]!.action!.values).toEqual(['s3:GetObject']);
    // The remaining statement keeps its own line: the second list entry (line 23), not the
    // first entry's line (19), although it is Statement[0] after evaluation.
    expect(st[0]!.source.line).toBe(23);
    expect(st[0]!.action!.source.line).toBe(23);
  });
});

// "Parameters" (template anatomy), .../UserGuide/parameters-section-structure.html, including
// "CloudFormation-supplied parameter types" (SSM parameter types are resolved at deployment).
describe('parameters', () => {
  const params = `Parameters:
  WithDefault: {Type: String, Default: d}
  NoDefault: {Type: String}
  Names: {Type: CommaDelimitedList, Default: "a,b"}
  FromSsm: {Type: "AWS::SSM::Parameter::Value<String>", Default: /cfg/bucket}
  Choice: {Type: String, Default: x, AllowedValues: [x, y]}`;

  it('uses the default, or the override', () => {
    expect(evaluate('!Ref WithDefault', params)).toEqual(['d']);
    expect(evaluate('!Ref WithDefault', params, '', { parameters: { WithDefault: 'o' } })).toEqual(['o']);
    expect(evaluate('!Ref NoDefault', params, '', { parameters: { NoDefault: 'given' } })).toEqual(['given']);
  });

  it('a parameter without a value is unknown, saying how to give it', () => {
    expect(unknownReason(evaluate('!Ref NoDefault', params)[0])).toContain('--parameter NoDefault=');
  });

  it('list parameters split on commas', () => {
    expect(evaluate('!Ref Names', params)).toEqual(['a', 'b']);
    expect(evaluate('!Join ["-", !Ref Names]', params, '', { parameters: { Names: 'x,y,z' } })).toEqual([
      'x-y-z',
    ]);
  });

  it('SSM parameter types are unknown, even with a default', () => {
    expect(unknownReason(evaluate('!Ref FromSsm', params)[0])).toContain('SSM parameter /cfg/bucket');
  });

  it('a value outside AllowedValues is a finding', () => {
    const m = modelOf(template('!Ref Choice', params), { parameters: { Choice: 'z' } });
    expect(findingsOf(m, 'cfn/parameter-not-allowed')).toHaveLength(1);
  });
});

// "Fn::ImportValue", .../TemplateReference/intrinsic-function-reference-importvalue.html
describe('Fn::ImportValue', () => {
  const producer = `Resources:
  B: {Type: AWS::S3::Bucket, Properties: {BucketName: shared-bucket}}
Outputs:
  BucketArn:
    Value: !GetAtt B.Arn
    Export: {Name: !Sub "\${AWS::StackName}-BucketArn"}`;

  function load(texts: { text: string; name: string }[]): Model {
    const builder = new ModelBuilder();
    const shared = new CfnLoadSession();
    for (const { text, name } of texts) {
      const { value, locate } = parseTemplateText(text, `${name}.yaml`);
      loadTemplateObject(
        value,
        builder,
        { account: ACCOUNT, region: REGION, file: `${name}.yaml`, stackName: name, locate },
        shared,
      );
    }
    shared.finish();
    return builder.build();
  }

  it('resolves against another input, whichever order they are given in', () => {
    const consumer = {
      text: template('!Sub ["${Arn}/*", {Arn: !ImportValue producer-BucketArn}]'),
      name: 'consumer',
    };
    const prod = { text: producer, name: 'producer' };
    expect(resourceValues(load([consumer, prod]))).toEqual(['arn:aws:s3:::shared-bucket/*']);
    expect(resourceValues(load([prod, consumer]))).toEqual(['arn:aws:s3:::shared-bucket/*']);
  });

  it('an export no input provides stays unknown, with an info finding', () => {
    const m = load([{ text: template('!ImportValue other-BucketArn'), name: 'consumer' }]);
    expect(unknownReason(resourceValues(m)[0])).toContain('other-BucketArn');
    expect(findingsOf(m, 'cfn/import-not-found')).toHaveLength(1);
  });
});

// "Fn::GetAZs", "Fn::Base64", "Fn::Cidr", "Fn::Length", "Fn::ToJsonString" pages.
describe('other intrinsics', () => {
  // "Because customers have access to different Availability Zones, the intrinsic function
  // Fn::GetAZs enables template authors to write templates that adapt to the calling user's
  // access" and it "returns only Availability Zones that have a default subnet unless none of the
  // Availability Zones has a default subnet": the list depends on the account.
  it('Fn::GetAZs is unknown: which zones and how many depend on the account', () => {
    const [v] = evaluate('!Select [0, !GetAZs ""]');
    expect(unknownReason(v)).toContain('Availability Zones of us-west-2');
    const [n] = evaluate('!Sub ["${N}", {N: !Length {"Fn::GetAZs": us-east-1}}]');
    expect(unknownReason(n)).toContain('depend on the account');
  });
  it('Fn::Base64 encodes', () => {
    expect(evaluate('!Base64 "hello"')).toEqual(['aGVsbG8=']);
  });
  it('Fn::Cidr carves subnets of 2^cidrBits addresses', () => {
    expect(evaluate('!Cidr ["10.0.0.0/16", 3, 8]')).toEqual(['10.0.0.0/24', '10.0.1.0/24', '10.0.2.0/24']);
    expect(evaluate('!Select [1, !Cidr ["192.168.0.0/24", 2, 5]]')).toEqual(['192.168.0.32/27']);
  });
  it('Fn::Length and Fn::ToJsonString (AWS::LanguageExtensions)', () => {
    expect(evaluate('!Sub ["${N}", {N: !Length [a, b, c]}]')).toEqual(['3']);
    expect(evaluate('{"Fn::ToJsonString": {a: [1, "x"]}}')).toEqual(['{"a":[1,"x"]}']);
  });
  it('Fn::Transform stays unknown with a finding', () => {
    const m = modelOf(template('{"Fn::Transform": {Name: M}}'));
    expect(resourceValues(m)[0]).toBeInstanceOf(Unknown);
    expect(findingsOf(m, 'cfn/transform-not-applied')).toHaveLength(1);
  });
  it('an unknown intrinsic is a finding with the JSON pointer', () => {
    const m = modelOf(template('{"Fn::Frobnicate": [a]}'));
    expect(resourceValues(m)[0]).toBeInstanceOf(Unknown);
    const f = findingsOf(m, 'cfn/unknown-intrinsic')[0]!;
    expect(f.message).toContain('Fn::Frobnicate');
    expect(f.source?.pointer).toBe('/Resources/P/Properties/PolicyDocument/Statement/0/Resource');
  });
});

describe('cycles', () => {
  it('two resources naming each other are a finding with the pointer, not a hang', () => {
    const m = modelOf(`Resources:
  A: {Type: AWS::IAM::User, Properties: {UserName: !Sub "\${B}-a"}}
  B: {Type: AWS::IAM::User, Properties: {UserName: !Sub "\${A}-b"}}`);
    const cycles = findingsOf(m, 'cfn/cycle');
    expect(cycles.length).toBeGreaterThan(0);
    expect(cycles[0]!.source?.pointer).toMatch(/^\/Resources\/[AB]/);
    expect(m.users).toHaveLength(2);
  });

  it('a condition that depends on itself is a finding', () => {
    const m = modelOf(
      template('!If [C1, a, b]', 'Conditions:\n  C1: !Not [!Condition C2]\n  C2: !Condition C1'),
    );
    expect(findingsOf(m, 'cfn/cycle')[0]?.source?.pointer).toMatch(/^\/Conditions\/C[12]/);
    // each branch maybe-present, the condition's unknown (the cycle) its presence
    const statements = m.policies.find((x) => x.name === 'p')!.document.statements;
    expect(statements.map((st) => st.resource!.values)).toEqual([['a'], ['b']]);
    for (const st of statements) expect(st.presence).toBeInstanceOf(Unknown);
  });
});

describe('generated names', () => {
  // "By default, CloudFormation generates a unique physical ID to name a resource. For example,
  // CloudFormation might name an Amazon S3 bucket with the following physical ID
  // MyStack-MyBucket-abcdefghijk1" (.../TemplateReference/aws-properties-name.html); bucket names
  // are lower case. The random string is unknown (test/cfn-generated-names.test.ts).
  it('names without a naming property are the stack and logical id, then an unknown part; stable', () => {
    const text = `Resources:
  MyRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {Version: '2012-10-17', Statement: [{Effect: Allow, Principal: {Service: ec2.amazonaws.com}, Action: sts:AssumeRole}]}
  MyBucket: {Type: AWS::S3::Bucket}`;
    const a = modelOf(text, { stackName: 'App' });
    const b = modelOf(text, { stackName: 'App' });
    expect(a.roles[0]!.name).toBe('App-MyRole-(unknown-generated-37c88e)');
    expect(a.roles[0]!.source.logicalId).toBe('MyRole');
    expect(a.resources[0]!.name).toMatch(/^app-mybucket-\(unknown-generated-[0-9a-f]{6}\)$/);
    expect(a.resources[0]!.source.logicalId).toBe('MyBucket');
    expect(b.resources[0]!.arn).toBe(a.resources[0]!.arn);
  });

  it('a naming property that cannot be resolved gets a placeholder and a finding', () => {
    const m = modelOf(`Parameters: {Name: {Type: String}}
Resources:
  U: {Type: AWS::IAM::User, Properties: {UserName: !Ref Name}}`);
    expect(m.users[0]!.name).toBe('(unknown-test-U)');
    expect(findingsOf(m, 'cfn/unresolved-name')[0]?.message).toContain('parameter Name has no value');
  });
});
