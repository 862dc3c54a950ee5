// Resource handlers: what each supported resource type becomes in the model. Property meanings
// follow each type's page in the CloudFormation Template Reference
// (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-template-resource-type-ref.html).

import { describe, expect, it } from 'vitest';
import { loadTemplateObject, parseTemplateText } from '../src/adapters/cloudformation/index.js';
import { PLACEHOLDER_ACCOUNT, PLACEHOLDER_REGION } from '../src/model/stand-ins.js';
import { compileModel } from '../src/engine/index.js';
import { ModelBuilder } from '../src/model/builder.js';
import type { Model } from '../src/model/types.js';
import type { Unknown } from '../src/model/unknown.js';
import type { Statement } from '../src/policy/types.js';
import { ACCOUNT, findingsOf, knownTags, modelOf } from './fixtures/cfn/load.js';

const TRUST_EC2 = `{Version: '2012-10-17', Statement: [{Effect: Allow, Principal: {Service: ec2.amazonaws.com}, Action: sts:AssumeRole}]}`;
const DOC = (action: string, resource: string) =>
  `{Version: '2012-10-17', Statement: [{Effect: Allow, Action: '${action}', Resource: '${resource}'}]}`;

function user(m: Model, name: string) {
  const u = m.users.find((x) => x.name === name);
  if (!u) throw new Error(`no user ${name}`);
  return u;
}
function role(m: Model, name: string) {
  const r = m.roles.find((x) => x.name === name);
  if (!r) throw new Error(`no role ${name}`);
  return r;
}
function resource(m: Model, name: string) {
  const r = m.resources.find((x) => x.name === name);
  if (!r) throw new Error(`no resource ${name}`);
  return r;
}
function conditionsOf(s: Statement): Record<string, unknown[]> {
  return Object.fromEntries(s.conditions.map((c) => [`${c.operator}:${c.key}`, c.values]));
}

// AWS::IAM::User, AWS::IAM::Group, AWS::IAM::UserToGroupAddition pages.
describe('IAM users and groups', () => {
  const m = modelOf(`Resources:
  Devs:
    Type: AWS::IAM::Group
    Properties:
      GroupName: Developers
      Path: /eng/
      ManagedPolicyArns: [arn:aws:iam::aws:policy/ReadOnlyAccess]
      Policies: [{PolicyName: ec2, PolicyDocument: ${DOC('ec2:*', '*')}}]
  Ops: {Type: AWS::IAM::Group, Properties: {GroupName: Ops}}
  Boundary: {Type: AWS::IAM::ManagedPolicy, Properties: {ManagedPolicyName: Boundary, PolicyDocument: ${DOC('s3:ListBucket', '*')}}}
  John:
    Type: AWS::IAM::User
    Properties:
      UserName: john
      Path: /people/
      Groups: [!Ref Devs, Legacy]
      ManagedPolicyArns: [!Sub "arn:\${AWS::Partition}:iam::aws:policy/IAMUserChangePassword"]
      PermissionsBoundary: !Ref Boundary
      Policies: [{PolicyName: own, PolicyDocument: ${DOC('iam:GetUser', '*')}}]
      Tags: [{Key: team, Value: web}]
  Add: {Type: AWS::IAM::UserToGroupAddition, Properties: {GroupName: !Ref Ops, Users: [!Ref John]}}`);

  it('creates users and groups with paths, ARNs and tags', () => {
    const john = user(m, 'john');
    expect(john.arn).toBe(`arn:aws:iam::${ACCOUNT}:user/people/john`);
    expect(knownTags(john.tags)).toEqual({ team: 'web' });
    expect(m.groups.map((g) => g.arn).sort()).toEqual([
      `arn:aws:iam::${ACCOUNT}:group/Ops`,
      `arn:aws:iam::${ACCOUNT}:group/eng/Developers`,
    ]);
  });

  it('adds memberships from Groups and UserToGroupAddition; a group outside the inputs is unknown', () => {
    const john = user(m, 'john');
    expect([...john.groups].sort()).toEqual([
      `arn:aws:iam::${ACCOUNT}:group/Ops`,
      `arn:aws:iam::${ACCOUNT}:group/eng/Developers`,
    ]);
    expect(john.unknownGroups).toHaveLength(1);
    expect((john.unknownGroups[0]!.policyArn as Unknown).reason).toContain('"Legacy"');
  });

  it('attaches inline policies, managed policy ARNs (AWS managed ones kept as ARNs) and the boundary', () => {
    const john = user(m, 'john');
    expect(john.inlinePolicies.map((p) => p.name)).toEqual(['own']);
    expect(john.managedPolicies.map((p) => p.policyArn)).toEqual([
      'arn:aws:iam::aws:policy/IAMUserChangePassword',
    ]);
    expect(john.permissionsBoundary?.policyArn).toBe(`arn:aws:iam::${ACCOUNT}:policy/Boundary`);
    const devs = m.groups.find((g) => g.name === 'Developers')!;
    expect(devs.managedPolicies.map((p) => p.policyArn)).toEqual(['arn:aws:iam::aws:policy/ReadOnlyAccess']);
    expect(devs.inlinePolicies[0]!.document.statements[0]!.action!.values).toEqual(['ec2:*']);
  });
});

// AWS::IAM::Role, AWS::IAM::ManagedPolicy, AWS::IAM::Policy, AWS::IAM::RolePolicy,
// AWS::IAM::UserPolicy, AWS::IAM::GroupPolicy pages.
describe('IAM roles and policies', () => {
  const m = modelOf(`Resources:
  AppRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: app
      Path: /svc/
      AssumeRolePolicyDocument: ${TRUST_EC2}
      PermissionsBoundary: arn:aws:iam::aws:policy/PowerUserAccess
      Tags: [{Key: env, Value: prod}]
  U: {Type: AWS::IAM::User, Properties: {UserName: u}}
  G: {Type: AWS::IAM::Group, Properties: {GroupName: g}}
  Shared:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument: ${DOC('sqs:SendMessage', '*')}
      Roles: [!Ref AppRole]
      Users: [!Ref U]
      Groups: [!Ref G]
  Inline:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: inline
      PolicyDocument: ${DOC('s3:GetObject', 'arn:aws:s3:::b/*')}
      Roles: [!Ref AppRole, ImportedRole]
      Users: [!Ref U]
  RP: {Type: AWS::IAM::RolePolicy, Properties: {RoleName: !Ref AppRole, PolicyName: rp, PolicyDocument: ${DOC('sns:Publish', '*')}}}
  UP: {Type: AWS::IAM::UserPolicy, Properties: {UserName: !Ref U, PolicyName: up, PolicyDocument: ${DOC('sns:Publish', '*')}}}
  GP: {Type: AWS::IAM::GroupPolicy, Properties: {GroupName: !Ref G, PolicyName: gp, PolicyDocument: ${DOC('sns:Publish', '*')}}}`);

  it('creates the role with its trust policy, boundary, path and tags', () => {
    const r = role(m, 'app');
    expect(r.arn).toBe(`arn:aws:iam::${ACCOUNT}:role/svc/app`);
    expect(r.trustPolicy?.kind).toBe('trust');
    expect(r.trustPolicy!.statements[0]!.principal?.service?.values).toEqual(['ec2.amazonaws.com']);
    expect(r.permissionsBoundary?.policyArn).toBe('arn:aws:iam::aws:policy/PowerUserAccess');
    expect(knownTags(r.tags)).toEqual({ env: 'prod' });
  });

  it('a managed policy is attached to its Users, Groups and Roles', () => {
    const arn = `arn:aws:iam::${ACCOUNT}:policy/test-Shared-(unknown-generated-487c5d)`;
    expect(m.policies.map((p) => p.arn)).toEqual([arn]);
    expect(role(m, 'app').managedPolicies.map((p) => p.policyArn)).toEqual([arn]);
    expect(user(m, 'u').managedPolicies.map((p) => p.policyArn)).toEqual([arn]);
    expect(m.groups[0]!.managedPolicies.map((p) => p.policyArn)).toEqual([arn]);
  });

  it('AWS::IAM::Policy and RolePolicy/UserPolicy/GroupPolicy become inline policies', () => {
    expect(role(m, 'app').inlinePolicies.map((p) => p.name)).toEqual(['inline', 'rp']);
    expect(user(m, 'u').inlinePolicies.map((p) => p.name)).toEqual(['inline', 'up']);
    expect(m.groups[0]!.inlinePolicies.map((p) => p.name)).toEqual(['gp']);
  });

  it('a policy naming a role outside the inputs attaches to that role, imported, with a warning', () => {
    const imported = role(m, 'ImportedRole');
    // named by name only: its path is unknown (src/model/named-principals.ts)
    expect(imported.arn).toBe(
      `arn:aws:iam::${ACCOUNT}:role/(unknown-path=role-${ACCOUNT}-ImportedRole)/ImportedRole`,
    );
    expect(imported.imported?.reason).toContain('"ImportedRole"');
    expect(imported.inlinePolicies.map((p) => p.name)).toEqual(['inline']);
    const f = findingsOf(m, 'model/imported-principal');
    expect(f).toHaveLength(1);
    expect(f[0]!.severity).toBe('warning');
    expect(f[0]!.source?.pointer).toBe('/Resources/Inline/Properties/Roles');
  });
});

describe('policy locations in YAML', () => {
  it('statements and their values keep line:column; sources name the logical id and construct path', () => {
    const m = modelOf(
      `Parameters: {Verb: {Type: String}}
Resources:
  Role:
    Type: AWS::IAM::Role
    Metadata:
      aws:cdk:path: App/Role/Resource
    Properties:
      AssumeRolePolicyDocument: ${TRUST_EC2}
      Policies:
        - PolicyName: read
          PolicyDocument:
            Version: '2012-10-17'
            Statement:
              - Sid: Read
                Effect: Allow
                Action:
                  - s3:GetObject
                  - !Sub "s3:\${Verb}Object"
                Resource: !Sub "arn:aws:s3:::\${AWS::AccountId}-logs/*"`,
      { parameters: { Verb: 'Put' } },
    );
    const doc = m.roles[0]!.inlinePolicies[0]!.document;
    const st = doc.statements[0]!;
    expect(doc.source.pointer).toBe('/Resources/Role/Properties/Policies/0/PolicyDocument');
    expect(doc.source.line).toBe(12);
    expect([st.source.line, st.source.column]).toEqual([14, 17]);
    expect(st.action!.values).toEqual(['s3:GetObject', 's3:PutObject']);
    expect(st.action!.valueSources.map((s) => [s.line, s.column])).toEqual([
      [17, 21],
      [18, 21],
    ]);
    expect(st.resource!.values).toEqual([`arn:aws:s3:::${ACCOUNT}-logs/*`]);
    expect(st.resource!.source.line).toBe(19);
    expect(st.source.file).toBe('template.yaml');
    expect(st.source.logicalId).toBe('Role');
    expect(st.source.constructPath).toBe('App/Role/Resource');
    expect(st.source.stack).toBe('test');
  });
});

// AWS::IAM::InstanceProfile, AWS::EC2::Instance (IamInstanceProfile), AWS::EC2::LaunchTemplate pages.
describe('instance profiles', () => {
  it('records the profile on its role with the instances and launch templates using it', () => {
    const m = modelOf(`Resources:
  LogsRole: {Type: AWS::IAM::Role, Properties: {RoleName: logs, AssumeRolePolicyDocument: ${TRUST_EC2}}}
  Profile: {Type: AWS::IAM::InstanceProfile, Properties: {Roles: [!Ref LogsRole]}}
  Box: {Type: AWS::EC2::Instance, Properties: {ImageId: ami-1, IamInstanceProfile: !Ref Profile}}
  LT:
    Type: AWS::EC2::LaunchTemplate
    Properties:
      LaunchTemplateName: workers
      LaunchTemplateData: {IamInstanceProfile: {Arn: !GetAtt Profile.Arn}}`);
    const ip = role(m, 'logs').instanceProfiles;
    expect(ip).toHaveLength(1);
    // no page gives the form of a generated instance profile name: wholly unknown
    // (test/cfn-generated-name-forms.test.ts)
    expect(ip[0]!.name).toBe('(unknown-generated-Profile-1db407)');
    expect(ip[0]!.arn).toBe(`arn:aws:iam::${ACCOUNT}:instance-profile/(unknown-generated-Profile-1db407)`);
    expect(ip[0]!.usedBy.map((u) => [u.kind, u.name])).toEqual([
      ['EC2 instance', 'Box'],
      ['EC2 launch template', 'workers'],
    ]);
  });
});

// AWS::S3::Bucket, AWS::S3::BucketPolicy, AWS::SQS::Queue, AWS::SQS::QueuePolicy, AWS::SNS::Topic,
// AWS::SNS::TopicPolicy, AWS::SecretsManager::Secret, AWS::SecretsManager::ResourcePolicy pages.
describe('resources and resource policies', () => {
  const m = modelOf(`Resources:
  Logs: {Type: AWS::S3::Bucket, Properties: {BucketName: company1-logs, Tags: [{Key: data, Value: logs}]}}
  LogsPolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref Logs
      PolicyDocument:
        Version: '2012-10-17'
        Statement: [{Effect: Deny, Principal: '*', Action: 's3:*', Resource: [!GetAtt Logs.Arn, !Sub "\${Logs.Arn}/*"], Condition: {Bool: {aws:SecureTransport: 'false'}}}]
  ElsewherePolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: existing-bucket
      PolicyDocument: {Version: '2012-10-17', Statement: [{Effect: Allow, Principal: {AWS: '444455556666'}, Action: s3:GetObject, Resource: arn:aws:s3:::existing-bucket/*}]}
  Q: {Type: AWS::SQS::Queue, Properties: {QueueName: jobs}}
  QP:
    Type: AWS::SQS::QueuePolicy
    Properties:
      Queues: [!Ref Q]
      PolicyDocument: {Version: '2012-10-17', Statement: [{Effect: Allow, Principal: {Service: sns.amazonaws.com}, Action: sqs:SendMessage, Resource: !GetAtt Q.Arn}]}
  T: {Type: AWS::SNS::Topic}
  TP:
    Type: AWS::SNS::TopicPolicy
    Properties:
      Topics: [!Ref T]
      PolicyDocument: {Version: '2012-10-17', Statement: [{Effect: Allow, Principal: {Service: events.amazonaws.com}, Action: sns:Publish, Resource: !Ref T}]}
  S: {Type: AWS::SecretsManager::Secret, Properties: {Name: db}}
  SP:
    Type: AWS::SecretsManager::ResourcePolicy
    Properties:
      SecretId: !Ref S
      ResourcePolicy: {Version: '2012-10-17', Statement: [{Effect: Deny, Principal: '*', Action: 'secretsmanager:*', Resource: '*'}]}`);

  it('a bucket gets its bucket policy, kind s3-bucket, the stack account and tags', () => {
    const b = resource(m, 'company1-logs');
    expect(b.kind).toBe('s3-bucket');
    expect(b.arn).toBe('arn:aws:s3:::company1-logs');
    expect(b.account).toBe(ACCOUNT);
    expect(knownTags(b.tags)).toEqual({ data: 'logs' });
    const st = b.policy!.statements[0]!;
    expect(st.effect).toBe('Deny');
    expect(st.resource!.values).toEqual(['arn:aws:s3:::company1-logs', 'arn:aws:s3:::company1-logs/*']);
    expect(st.source.logicalId).toBe('LogsPolicy');
  });

  it('a policy for a bucket outside the inputs creates it, with a finding', () => {
    const b = resource(m, 'existing-bucket');
    expect(b.policy?.statements).toHaveLength(1);
    expect(
      findingsOf(m, 'cfn/external-resource').some((f) => f.source?.logicalId === 'ElsewherePolicy'),
    ).toBe(true);
  });

  it('queue policies find their queue by URL; topic policies by ARN; secrets by ARN', () => {
    const q = resource(m, 'jobs');
    expect(q.arn).toBe(`arn:aws:sqs:us-west-2:${ACCOUNT}:jobs`);
    expect(q.policy!.statements[0]!.action!.values).toEqual(['sqs:SendMessage']);
    const t = resource(m, 'test-T-(unknown-generated-0ba1dd)');
    expect(t.kind).toBe('sns-topic');
    expect(t.policy!.statements[0]!.principal?.service?.values).toEqual(['events.amazonaws.com']);
    const s = resource(m, 'db');
    expect(s.kind).toBe('secretsmanager-secret');
    expect(s.policy!.statements[0]!.effect).toBe('Deny');
  });

  // A bucket keeps one policy, which each writer replaces (Amazon S3 API Reference,
  // PutBucketPolicy: "Applies an Amazon S3 bucket policy to an Amazon S3 bucket"; AWS SDK,
  // SetBucketPolicyRequest: "Only one policy can be specified per-bucket."): which of two it keeps
  // depends on the order CloudFormation writes them in.
  it('two policies for one bucket: both kept, each maybe-present, with a finding; the same statements are one policy', () => {
    const m2 = modelOf(`Resources:
  B: {Type: AWS::S3::Bucket, Properties: {BucketName: b}}
  P1: {Type: AWS::S3::BucketPolicy, Properties: {Bucket: !Ref B, PolicyDocument: {Version: '2012-10-17', Statement: [{Sid: one, Effect: Allow, Principal: '*', Action: s3:GetObject, Resource: 'arn:aws:s3:::b/*'}]}}}
  P2: {Type: AWS::S3::BucketPolicy, Properties: {Bucket: !Ref B, PolicyDocument: {Version: '2012-10-17', Statement: [{Sid: two, Effect: Allow, Principal: '*', Action: s3:GetObject, Resource: 'arn:aws:s3:::b/*'}]}}}`);
    const statements = resource(m2, 'b').policy!.statements;
    expect(statements.map((s) => s.sid)).toEqual(['one', 'two']);
    for (const st of statements) expect(st.presence?.reason).toContain('P1 and P2 both set the policy');
    expect(findingsOf(m2, 'cfn/duplicate-resource-policy')).toHaveLength(1);
    const m3 = modelOf(`Resources:
  B: {Type: AWS::S3::Bucket, Properties: {BucketName: b}}
  P1: {Type: AWS::S3::BucketPolicy, Properties: {Bucket: !Ref B, PolicyDocument: {Version: '2012-10-17', Statement: [{Sid: one, Effect: Allow, Principal: '*', Action: s3:GetObject, Resource: 'arn:aws:s3:::b/*'}]}}}
  P2: {Type: AWS::S3::BucketPolicy, Properties: {Bucket: !Ref B, PolicyDocument: {Version: '2012-10-17', Statement: [{Sid: one, Effect: Allow, Principal: '*', Action: s3:GetObject, Resource: 'arn:aws:s3:::b/*'}]}}}`);
    expect(resource(m3, 'b').policy!.statements.map((s) => s.presence)).toEqual([undefined]);
    expect(findingsOf(m3, 'cfn/duplicate-resource-policy')).toHaveLength(0);
  });
});

// AWS::KMS::Key page (KeyPolicy), and AWS KMS Developer Guide, "Default key policy",
// https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html
describe('KMS keys', () => {
  it('the key policy is the key resource policy; without one, the default key policy applies', () => {
    const m = modelOf(`Resources:
  K1: {Type: AWS::KMS::Key, Properties: {KeyPolicy: {Version: '2012-10-17', Statement: [{Effect: Allow, Principal: {AWS: !Sub "arn:aws:iam::\${AWS::AccountId}:role/admin"}, Action: 'kms:*', Resource: '*'}]}}}
  K2: {Type: AWS::KMS::Key}`);
    const [k1, k2] = m.resources;
    expect(k1!.kind).toBe('kms-key');
    // the key id KMS assigns: 36 unknown characters (test/secret-arn-suffix.test.ts)
    expect(k1!.arn).toMatch(
      new RegExp(`^arn:aws:kms:us-west-2:${ACCOUNT}:key/\\(unknown-36-chars=[^)]+\\)$`),
    );
    expect(k1!.policy!.statements[0]!.principal!.aws!.values).toEqual([`arn:aws:iam::${ACCOUNT}:role/admin`]);
    const st = k2!.policy!.statements[0]!;
    expect(st.principal!.aws!.values).toEqual([`arn:aws:iam::${ACCOUNT}:root`]);
    expect(st.action!.values).toEqual(['kms:*']);
    expect(findingsOf(m, 'cfn/default-key-policy')).toHaveLength(1);
  });
});

// AWS::Lambda::Permission page, and AWS Lambda Developer Guide, "Granting Lambda function access
// to AWS services", https://docs.aws.amazon.com/lambda/latest/dg/permissions-function-services.html
// and "Granting Lambda function access to other accounts",
// https://docs.aws.amazon.com/lambda/latest/dg/permissions-function-cross-account.html
describe('Lambda functions and permissions', () => {
  const m = modelOf(`Resources:
  FnRole: {Type: AWS::IAM::Role, Properties: {AssumeRolePolicyDocument: ${TRUST_EC2}}}
  Fn: {Type: AWS::Lambda::Function, Properties: {FunctionName: worker, Role: !GetAtt FnRole.Arn, Code: {ZipFile: x}, Handler: i.h, Runtime: nodejs20.x}}
  FromS3:
    Type: AWS::Lambda::Permission
    Properties:
      FunctionName: !Ref Fn
      Action: lambda:InvokeFunction
      Principal: s3.amazonaws.com
      SourceArn: arn:aws:s3:::uploads
      SourceAccount: !Ref AWS::AccountId
  FromAccount: {Type: AWS::Lambda::Permission, Properties: {FunctionName: !GetAtt Fn.Arn, Action: lambda:InvokeFunction, Principal: '444455556666'}}
  FromOrg: {Type: AWS::Lambda::Permission, Properties: {FunctionName: worker:live, Action: lambda:InvokeFunction, Principal: '*', PrincipalOrgID: o-abc123}}
  Url: {Type: AWS::Lambda::Permission, Properties: {FunctionName: !Ref Fn, Action: lambda:InvokeFunctionUrl, Principal: '*', FunctionUrlAuthType: NONE}}`);
  const fn = resource(m, 'worker');
  const bySid = (sid: string) => fn.policy!.statements.find((s) => s.sid === sid)!;

  it('the function is a resource; each permission adds one statement to its policy', () => {
    expect(fn.kind).toBe('lambda-function');
    expect(fn.arn).toBe(`arn:aws:lambda:us-west-2:${ACCOUNT}:function:worker`);
    expect(fn.policy!.statements.map((s) => s.sid)).toEqual(['FromS3', 'FromAccount', 'FromOrg', 'Url']);
    expect(fn.policy!.statements.map((s) => s.index)).toEqual([0, 1, 2, 3]);
  });

  it('a service principal with SourceArn and SourceAccount gets ArnLike and StringEquals conditions', () => {
    const st = bySid('FromS3');
    expect(st.effect).toBe('Allow');
    expect(st.principal!.service!.values).toEqual(['s3.amazonaws.com']);
    expect(st.action!.values).toEqual(['lambda:InvokeFunction']);
    expect(st.resource!.values).toEqual([fn.arn]);
    expect(conditionsOf(st)).toEqual({
      'ArnLike:AWS:SourceArn': ['arn:aws:s3:::uploads'],
      'StringEquals:AWS:SourceAccount': [ACCOUNT],
    });
    expect(st.conditions[0]!.source.line).toBe(10);
    expect(st.principal!.source.line).toBe(9);
  });

  it('an account id principal becomes the account root ARN', () => {
    expect(bySid('FromAccount').principal!.aws!.values).toEqual(['arn:aws:iam::444455556666:root']);
  });

  it('PrincipalOrgID and an alias qualifier', () => {
    const st = bySid('FromOrg');
    expect(st.principal!.wildcard).toBe(true);
    expect(conditionsOf(st)).toEqual({ 'StringEquals:aws:PrincipalOrgID': ['o-abc123'] });
    expect(st.resource!.values).toEqual([`${fn.arn}:live`]);
  });

  it('FunctionUrlAuthType', () => {
    expect(conditionsOf(bySid('Url'))).toEqual({ 'StringEquals:lambda:FunctionUrlAuthType': ['NONE'] });
  });
});

// AWS::Organizations::Policy page (Type, Content, TargetIds).
describe('organization policies', () => {
  it('SCPs and RCPs apply to target accounts; OU and root targets to every account, with a finding', () => {
    const m = modelOf(`Resources:
  U: {Type: AWS::IAM::User, Properties: {UserName: u}}
  Scp:
    Type: AWS::Organizations::Policy
    Properties:
      Name: deny-leave
      Type: SERVICE_CONTROL_POLICY
      TargetIds: ['444455556666']
      Content: {Version: '2012-10-17', Statement: [{Effect: Deny, Action: 'organizations:LeaveOrganization', Resource: '*'}]}
  Rcp:
    Type: AWS::Organizations::Policy
    Properties:
      Name: rcp
      Type: RESOURCE_CONTROL_POLICY
      TargetIds: [ou-ab12-cdef3456]
      Content: '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}'
  Tag: {Type: AWS::Organizations::Policy, Properties: {Name: t, Type: TAG_POLICY, TargetIds: [r-ab12], Content: {tags: {}}}}`);
    const byAccount = Object.fromEntries(m.organizations.map((o) => [o.account, o]));
    expect(byAccount['444455556666']!.scps[0]!.statements[0]!.effect).toBe('Deny');
    expect(byAccount['444455556666']!.scps[0]!.kind).toBe('scp');
    expect(Object.keys(byAccount).sort()).toEqual([ACCOUNT, '444455556666']);
    for (const o of m.organizations) expect(o.rcps[0]!.statements[0]!.action!.values).toEqual(['s3:*']);
    expect(findingsOf(m, 'cfn/org-target-assumed')[0]!.message).toContain('ou-ab12-cdef3456');
    expect(findingsOf(m, 'cfn/ignored-policy')).toHaveLength(1);
    // Each records the level it is attached at (engine/org-levels.ts).
    expect(byAccount['444455556666']!.scps[0]!.orgLevel).toBe('444455556666');
    for (const o of m.organizations) expect(o.rcps[0]!.orgLevel).toBe('ou-ab12-cdef3456');
  });

  it('allow-list SCPs at one target combine as one level: an Allow in any of them is enough', () => {
    // AWS Organizations User Guide, "SCP evaluation": "there must be an explicit Allow statement at
    // every level from the root through each OU in the direct path to the account (including the
    // target account itself)"; the SCPs attached at one level give that level's Allow together.
    const m = modelOf(`Resources:
  U: {Type: AWS::IAM::User, Properties: {UserName: u, Policies: [{PolicyName: all, PolicyDocument: {Version: '2012-10-17', Statement: [{Effect: Allow, Action: '*', Resource: '*'}]}}]}}
  S3:
    Type: AWS::Organizations::Policy
    Properties: {Name: s3, Type: SERVICE_CONTROL_POLICY, TargetIds: ['${ACCOUNT}'], Content: {Version: '2012-10-17', Statement: [{Effect: Allow, Action: 's3:*', Resource: '*'}]}}
  Ec2:
    Type: AWS::Organizations::Policy
    Properties: {Name: ec2, Type: SERVICE_CONTROL_POLICY, TargetIds: ['${ACCOUNT}', ou-ab12-cdef3456], Content: {Version: '2012-10-17', Statement: [{Effect: Allow, Action: 'ec2:*', Resource: '*'}]}}`);
    const org = m.organizations.find((o) => o.account === ACCOUNT)!;
    // ... and, maybe-present at each of those levels, FullAWSAccess: attaching an SCP does not
    // detach it (aws/org-managed-policies.ts fullAccessMaybeAttached).
    expect(
      org.scps.map((d) => [d.orgLevel, d.name === 'FullAWSAccess' ? 'maybe FullAWSAccess' : d.name]),
    ).toEqual([
      [ACCOUNT, 's3'],
      [ACCOUNT, 'ec2'],
      ['ou-ab12-cdef3456', 'ec2'],
      [ACCOUNT, 'maybe FullAWSAccess'],
      ['ou-ab12-cdef3456', 'maybe FullAWSAccess'],
    ]);
    expect(
      org.scps.slice(3).every((d) => d.presence?.reason.includes('FullAWSAccess may still be attached')),
    ).toBe(true);
    const e = compileModel(m);
    const user = `arn:aws:iam::${ACCOUNT}:user/u`;
    const d = (action: string, resource: string) => e.decide({ principal: user, action, resource }).decision;
    // The account level allows s3 (one SCP) and ec2 (the other); the OU only ec2.
    expect(d('ec2:StartInstances', `arn:aws:ec2:us-east-1:${ACCOUNT}:instance/i-1`)).toBe('allow');
    // s3: the OU denies it; but the stack's account deploys the SCPs and may be the management
    // account, which they do not affect (aws/org-management-account.ts): indeterminate.
    expect(d('s3:GetObject', 'arn:aws:s3:::b/k')).toBe('indeterminate');
  });
});

describe('nothing skipped silently', () => {
  it('an unhandled type carrying a policy is a finding naming the type, logical id and property', () => {
    const m = modelOf(`Resources:
  Repo:
    Type: AWS::CodeArtifact::Domain
    Properties:
      DomainName: d
      PermissionsPolicyDocument: {Version: '2012-10-17', Statement: [{Effect: Allow, Principal: '*', Action: 'codeartifact:*'}]}
  Vpc: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.0.0.0/16}}
  Acl:
    Type: AWS::WAFv2::WebACL
    Properties:
      Rules: [{Name: r, Statement: {ManagedRuleGroupStatement: {Name: x, VendorName: AWS}}}]`);
    const f = findingsOf(m, 'cfn/unhandled-resource-type');
    expect(f).toHaveLength(1);
    expect(f[0]!.message).toContain('AWS::CodeArtifact::Domain Repo');
    expect(f[0]!.message).toContain('PermissionsPolicyDocument');
    expect(f[0]!.source?.pointer).toBe('/Resources/Repo/Properties/PermissionsPolicyDocument');
    // The resource stays, with an unknown policy: decisions on it are indeterminate, never a pass.
    const kept = m.resources.find((r) => r.source.logicalId === 'Repo');
    expect(kept?.policy?.unknown?.reason).toContain('does not model');
    const info = findingsOf(m, 'cfn/unmodelled-resource-types');
    expect(info[0]!.message).toContain('AWS::EC2::VPC');
    expect(info[0]!.message).toContain('AWS::WAFv2::WebACL');
  });

  it('a policy property given by !Ref or !ImportValue under a name the scan did not know is a policy too (was dropped)', () => {
    // CodeArtifact `PermissionsPolicyDocument`, SageMaker `ModelPackageGroupPolicy`, an
    // Organizations resource policy's `Content` ("The policy text of the organization resource
    // policy"), and the modelled Logs::Destination `DestinationPolicy` ("An IAM policy document
    // that governs which AWS accounts can create subscription filters against this
    // destination"): unresolved, each may grant anyone access, so the resource is kept with an
    // unknown policy, never "nobody".
    const m = modelOf(`Parameters:
  DomainPolicy: {Type: String}
Resources:
  Domain:
    Type: AWS::CodeArtifact::Domain
    Properties: {DomainName: corp, PermissionsPolicyDocument: !Ref DomainPolicy}
  Dest:
    Type: AWS::Logs::Destination
    Properties:
      DestinationName: d1
      RoleArn: arn:aws:iam::111122223333:role/x
      TargetArn: arn:aws:kinesis:us-east-1:111122223333:stream/s
      DestinationPolicy: !ImportValue SharedDestPolicy
  Group:
    Type: AWS::SageMaker::ModelPackageGroup
    Properties: {ModelPackageGroupName: g, ModelPackageGroupPolicy: !Ref DomainPolicy}
  OrgPolicy:
    Type: AWS::Organizations::ResourcePolicy
    Properties: {Content: !Ref DomainPolicy}
  Doc:
    Type: AWS::SSM::Document
    Properties: {Content: {schemaVersion: '2.2', mainSteps: []}}`);
    const f = findingsOf(m, 'cfn/unhandled-resource-type');
    const text = f.map((x) => x.message).join('\n');
    for (const p of ['PermissionsPolicyDocument', 'ModelPackageGroupPolicy']) expect(text).toContain(p);
    // a modelled resource policy (src/aws/resource-policies.ts)
    expect(text).not.toContain('DestinationPolicy');
    // the Organizations delegation policy is modelled (test/org-delegation.test.ts), its unknown
    // Content kept as an unknown policy
    expect(text).not.toContain('AWS::Organizations::ResourcePolicy');
    // an SSM document's Content is no policy
    expect(text).not.toContain('AWS::SSM::Document');
    for (const id of ['Domain', 'Dest', 'Group', 'OrgPolicy'])
      expect(m.resources.find((r) => r.source.logicalId === id)?.policy?.unknown).toBeDefined();
  });

  it('a template Transform other than SAM (a macro) is reported, not applied', () => {
    const m = modelOf(
      'Transform: ExecutionRoleBuilder\nResources:\n  R: {Type: AWS::IAM::Role, Properties: {AssumeRolePolicyDocument: {Statement: []}}}',
    );
    expect(findingsOf(m, 'cfn/transform-not-applied')).toHaveLength(1);
    expect(findingsOf(m, 'cfn/transform-not-applied')[0]!.message).toContain('ExecutionRoleBuilder');
  });

  it('the SAM transform is expanded: no transform warning, the function role exists', () => {
    const m = modelOf(
      'Transform: AWS::Serverless-2016-10-31\nResources:\n  F: {Type: AWS::Serverless::Function, Properties: {Handler: a.b, Runtime: python3.12, CodeUri: src/, Policies: [AmazonS3ReadOnlyAccess]}}',
    );
    expect(findingsOf(m, 'cfn/transform-not-applied')).toHaveLength(0);
    const role = m.roles.find((r) => r.source.logicalId === 'F')!;
    expect(role.managedPolicies.map((p) => p.policyArn)).toContain(
      'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess',
    );
  });
});

describe('account and region', () => {
  it('without an account the placeholder account is used and reported', () => {
    const { value } = parseTemplateText('Resources:\n  U: {Type: AWS::IAM::User, Properties: {UserName: u}}');
    const b = new ModelBuilder();
    loadTemplateObject(value, b, { stackName: 's' });
    const m = b.build();
    expect(m.users[0]!.arn).toBe(`arn:aws:iam::${PLACEHOLDER_ACCOUNT}:user/u`);
    expect(findingsOf(m, 'cfn/assumed-account')).toHaveLength(1);
    expect(findingsOf(m, 'cfn/assumed-region')).toHaveLength(1);
    expect(m.accounts).toEqual([
      { id: PLACEHOLDER_ACCOUNT, region: PLACEHOLDER_REGION, regionIsStandIn: true },
    ]);
  });

  it('an inline policy entry behind an undecided Fn::If keeps both branches, maybe-present', () => {
    const m = modelOf(`Parameters: {Doc: {Type: String}}
Conditions: {C: !Equals [!Ref Doc, x]}
Resources:
  U:
    Type: AWS::IAM::User
    Properties:
      UserName: u
      Policies: [!If [C, {PolicyName: a, PolicyDocument: ${DOC('s3:*', '*')}}, {PolicyName: b, PolicyDocument: ${DOC('ec2:*', '*')}}]]`);
    const policies = user(m, 'u').inlinePolicies;
    expect(policies.map((p) => p.name)).toEqual(['a', 'b']);
    expect(policies[0]!.presence?.reason).toMatch(
      /^exists only if condition C is true.*parameter Doc has no value/,
    );
    expect(policies[1]!.presence?.reason).toMatch(/^exists only if condition C is false/);
    expect(policies[0]!.presence?.source?.pointer).toBe('/Resources/U/Properties/Policies/0');
    expect(findingsOf(m, 'cfn/unknown-condition')[0]?.source?.pointer).toBe('/Conditions/C');
  });
});

describe('duplicate names', () => {
  it('two resources creating the same role name are a finding', () => {
    const m = modelOf(`Resources:
  A: {Type: AWS::IAM::Role, Properties: {RoleName: same, AssumeRolePolicyDocument: ${TRUST_EC2}}}
  B: {Type: AWS::IAM::Role, Properties: {RoleName: same, AssumeRolePolicyDocument: ${TRUST_EC2}}}`);
    expect(m.roles).toHaveLength(1);
    // The model builder's rule (src/model/builder.ts `noteDuplicate`): at the one not kept, both named.
    const f = findingsOf(m, 'model/duplicate-name');
    expect(f).toHaveLength(1);
    expect(f[0]!.severity).toBe('error');
    expect(f[0]!.source?.logicalId).toBe('A');
    expect(f[0]!.message).toContain('logical id A');
    expect(f[0]!.message).toContain('logical id B');
    expect(m.roles[0]!.source.logicalId).toBe('B');
  });
});
