// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${...} is CloudFormation / IAM syntax here.
// Elements whose name the inputs leave (partly) unknown: the model keeps the known parts with each
// unknown part written `(unknown-…)` (src/model/stand-ins.ts), and a policy's Resource or
// Principal decides a match with such an ARN only when it matches every name the element could
// have, or none (src/engine/unknown-names.ts).
// AWS pages the rules come from:
// - CloudFormation, AWS::IAM::Role, RoleName: "A name for the IAM role ... If you don't specify a
//   name, AWS CloudFormation generates a unique physical ID"; `${AWS::StackName}` is "the name of
//   the stack", chosen when the stack is created (AWS::StackName pseudo parameter).
// - IAM User Guide, "IAM JSON policy elements: Resource": "You can use wildcard characters (* and ?)
//   within any ARN segment ... An asterisk (*) represents any combination of zero or more
//   characters, and a question mark (?) represents any single character."
// - IAM User Guide, "AWS JSON policy elements: Principal": a role is named by its role ARN.
// - IAM API Reference, CreateRole, RoleName pattern `[\w+=,.@-]+`: no `/`, `:`, `(` or `)`.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadTerraformConfig } from '../src/adapters/terraform/index.js';
import { compileModel } from '../src/engine/index.js';
import { matchUnknownName, patternTokens } from '../src/engine/unknown-names.js';
import { ModelBuilder } from '../src/model/builder.js';
import { partlyKnownName } from '../src/model/stand-ins.js';
import { compileArnPattern } from '../src/policy/wildcard.js';
import { ACCOUNT, findingsOf, modelOf } from './fixtures/cfn/load.js';
import { runCli } from './fixtures/cli/run.js';
import { decide, verdict } from './helpers/engine-fixtures.js';
import { cfnUser } from './helpers/cfn-templates.js';

const FX = 'test/fixtures/unknown-name';

function stack(resource: string, extra = ''): string {
  return `Resources:
  AppRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: !Sub '\${AWS::StackName}-role'
      AssumeRolePolicyDocument:
        Statement:
          - {Effect: Allow, Principal: {AWS: !Sub 'arn:aws:iam::\${AWS::AccountId}:root'}, Action: sts:AssumeRole}
${cfnUser('Dev', 'dev', 'assume', [`{Effect: Allow, Action: sts:AssumeRole, Resource: ${resource}}`], { version: true })}${extra}`;
}

describe('a CloudFormation role whose RoleName is partly unknown', () => {
  it('the reproduction: a user allowed the same unknown name is indeterminate, never deny', () => {
    const m = modelOf(stack(`!Sub 'arn:aws:iam::\${AWS::AccountId}:role/\${AWS::StackName}-role'`), {
      stackName: undefined,
    });
    const role = m.roles[0]!;
    expect(role.name).toBe('(unknown-template-AppRole)-role');
    expect(findingsOf(m, 'cfn/unresolved-name')[0]?.message).toContain('(unknown-template-AppRole)-role');
    const e = compileModel(m);
    const d = decide(e, m.users[0]!.arn, 'sts:AssumeRole', role.arn, { trace: true });
    expect(d.decision).toBe('indeterminate');
    const entry = d.trace?.find((t) => t.outcome === 'unknown');
    expect(entry?.message).toContain('its resource might be an element whose name is unknown');
    expect(entry?.source?.logicalId).toBe('Dev');
  });

  it('a pattern that matches every name allows; one that matches none denies; else indeterminate', () => {
    const cases: [string, string][] = [
      ["'*'", 'allow'],
      [`!Sub 'arn:aws:iam::\${AWS::AccountId}:role/*'`, 'allow'],
      [`!Sub 'arn:aws:iam::\${AWS::AccountId}:role/*-role'`, 'allow'],
      [`!Sub 'arn:aws:iam::\${AWS::AccountId}:role/prod-*'`, 'indeterminate'],
      [`!Sub 'arn:aws:iam::\${AWS::AccountId}:role/prod-role'`, 'indeterminate'],
      // the known suffix contradicts the pattern
      [`!Sub 'arn:aws:iam::\${AWS::AccountId}:role/*-admin'`, 'deny'],
      // a role name holds no `/`: a path the role does not have
      [`!Sub 'arn:aws:iam::\${AWS::AccountId}:role/x/*'`, 'deny'],
      // another account, another service
      ["'arn:aws:iam::999988887777:role/*'", 'deny'],
      [`!Sub 'arn:aws:s3:::*'`, 'deny'],
    ];
    for (const [resource, expected] of cases) {
      const m = modelOf(stack(resource), { stackName: undefined });
      const e = compileModel(m);
      expect([resource, verdict(e, m.users[0]!.arn, 'sts:AssumeRole', m.roles[0]!.arn)]).toEqual([
        resource,
        expected,
      ]);
    }
  });

  it('the role by its own ARN (!GetAtt) is the role: decided', () => {
    const m = modelOf(stack('!GetAtt AppRole.Arn'), { stackName: undefined });
    const e = compileModel(m);
    expect(verdict(e, m.users[0]!.arn, 'sts:AssumeRole', m.roles[0]!.arn)).toBe('allow');
  });

  it('a resource-based policy naming a role the unknown one may be is indeterminate for it', () => {
    const bucket = `  Data:
    Type: AWS::S3::Bucket
    Properties: {BucketName: data}
  DataPolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref Data
      PolicyDocument:
        Statement:
          - {Effect: Allow, Principal: {AWS: ${'$'}PRINCIPAL}, Action: s3:GetObject, Resource: 'arn:aws:s3:::data/*'}
`;
    const of = (principal: string) => {
      const m = modelOf(stack("'*'", bucket.replace('$PRINCIPAL', principal)), { stackName: undefined });
      return verdict(compileModel(m), m.roles[0]!.arn, 's3:GetObject', 'arn:aws:s3:::data/k');
    };
    expect(of(`'arn:aws:iam::${ACCOUNT}:role/prod-role'`)).toBe('indeterminate');
    expect(of(`'arn:aws:iam::${ACCOUNT}:role/prod-admin'`)).toBe('deny');
    expect(of('!GetAtt AppRole.Arn')).toBe('allow');
  });
});

describe('matchUnknownName agrees with every name the element could have', () => {
  // Names: known text and unknown parts; completions of an unknown part are IAM name characters
  // (no `/` or `:`); patterns are globs over the same alphabet.
  const known = fc
    .array(fc.constantFrom('a', 'b', '-', '/', 'r'), { minLength: 1, maxLength: 4 })
    .map((a) => a.join(''));
  const name = fc.array(fc.oneof(known, fc.constant(undefined)), { minLength: 1, maxLength: 4 });
  const pattern = fc
    .array(fc.constantFrom('a', 'b', '-', '/', 'r', '*', '?'), { maxLength: 7 })
    .map((a) => a.join(''));
  const fill = fc.array(fc.constantFrom('', 'a', 'b', '-', 'ab', 'r-', 'bbr'), {
    minLength: 4,
    maxLength: 4,
  });
  const PREFIX = `arn:aws:iam::${ACCOUNT}:role/`;

  it('YES holds for every completion, NO for none', () => {
    fc.assert(
      fc.property(name, pattern, fc.array(fill, { minLength: 1, maxLength: 6 }), (parts, p, fills) => {
        const arn = PREFIX + partlyKnownName(parts, 'X');
        const m = compileArnPattern(PREFIX + p);
        const r = matchUnknownName(patternTokens([PREFIX + p]), arn, m.test(arn));
        for (const f of fills) {
          let i = 0;
          const completed = PREFIX + parts.map((x) => x ?? f[i++]!).join('');
          if (r === 1) expect(m.test(completed)).toBe(true);
          if (r === 0) expect(m.test(completed)).toBe(false);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('the CLI shows the verdict as indeterminate, with the reason and its source', () => {
  const INPUT = [`${FX}/stack.yaml`, '--account', ACCOUNT, '--region', 'us-east-1'];

  it('explain', async () => {
    const r = await runCli([
      'explain',
      ...INPUT,
      '--principal',
      'user/dev',
      '--action',
      'sts:AssumeRole',
      '--resource',
      'AppRole',
    ]);
    expect(r.stdout).toMatch(/^INDETERMINATE/m);
    expect(r.stdout).toContain('its resource might be an element whose name is unknown');
    expect(r.stdout).toContain(
      'see the warning about the inputs cfn/unresolved-name at test/fixtures/unknown-name/stack.yaml:8:17',
    );
  });

  it('who-can', async () => {
    const r = await runCli(['who-can', ...INPUT, '--action', 'sts:AssumeRole', '--resource', 'AppRole']);
    expect(r.stdout).toContain('user/dev: indeterminate');
    expect(r.stdout).toContain('stack.yaml:24:17 (logical id Dev)');
  });

  it('matrix', async () => {
    const r = await runCli(['matrix', ...INPUT, '--principal', 'user/dev', '--resource', 'AppRole']);
    expect(r.stdout).toContain('sts:AssumeRole (indeterminate)');
    expect(r.stdout).toContain('user/dev → role/(unknown-stack-AppRole)-role (indeterminate)');
  });

  it('matrix: a pattern the unknown name may or may not spell (never pruned as deny)', async () => {
    const r = await runCli([
      'matrix',
      `${FX}/pattern.yaml`,
      ...INPUT.slice(1),
      '--principal',
      'user/dev',
      '--resource',
      'AppRole',
    ]);
    expect(r.stdout).toContain('sts:AssumeRole (indeterminate)');
  });

  it('check', async () => {
    const r = await runCli(['check', ...INPUT, '--spec', `${FX}/spec.yaml`]);
    expect(r.stdout + r.stderr).toContain('0 passed, 0 failed, 1 indeterminate');
    expect(r.stdout + r.stderr).toContain('cfn/unresolved-name');
  });
});

describe('a Terraform role whose name AWS picks after a known prefix (name_prefix)', () => {
  it('is the prefix and an unknown part: decided only where every or no name matches', () => {
    const b = new ModelBuilder();
    loadTerraformConfig(`${FX}/tf`, b, { account: ACCOUNT });
    const m = b.build();
    const role = m.roles[0]!;
    expect(role.name).toBe('svc-(unknown-aws_iam_role.r)');
    const e = compileModel(m);
    const dev = m.users[0]!.arn;
    expect(verdict(e, dev, 'sts:AssumeRole', role.arn)).toBe('indeterminate');
    expect(verdict(e, dev, 'iam:GetRole', role.arn)).toBe('allow');
    expect(verdict(e, dev, 'iam:PassRole', role.arn)).toBe('deny');
  });
});

// A name the request spells out may be the unknown name (CloudFormation Template Reference,
// AWS::S3::Bucket BucketName: "If you don't specify a name, AWS CloudFormation generates a unique
// physical ID and uses that ID for the bucket name"; `${AWS::StackName}` is any stack name): the
// request may be on that bucket, so its bucket policy may apply (IAM User Guide, "Policy
// evaluation logic": an explicit deny in a resource-based policy overrides any allow).
const BUCKET_STACK = `Resources:
  Data:
    Type: AWS::S3::Bucket
    Properties: {BucketName: !Sub 'data-\${AWS::StackName}'}
  DataPolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref Data
      PolicyDocument:
        Statement:
          - Effect: Deny
            Principal: '*'
            Action: 's3:*'
            Resource: !Sub 'arn:aws:s3:::\${Data}/*'
            Condition: {Bool: {'aws:SecureTransport': 'false'}}
${cfnUser('Dev', 'dev', 'p', [`{Effect: Allow, Action: 's3:GetObject', Resource: '*'}`])}`;

describe('a request on a name the unknown-named element may have (name-worlds.ts)', () => {
  const m = modelOf(BUCKET_STACK, { stackName: undefined });
  const e = compileModel(m);
  const dev = m.users[0]!.arn;
  const tls = (v: string) => ({ context: { 'aws:SecureTransport': v } });

  it('the reproduction: an object of data-prod may be in the bucket: its policy may deny', () => {
    expect(m.resources[0]!.arn).toBe('arn:aws:s3:::data-(unknown-template-Data)');
    const d = decide(e, dev, 's3:GetObject', 'arn:aws:s3:::data-prod/k', { ...tls('false'), trace: true });
    expect(d.decision).toBe('indeterminate');
    const entry = d.trace?.find((t) => t.outcome === 'unknown');
    expect(entry?.message).toContain('may be the element arn:aws:s3:::data-(unknown-template-Data)');
    expect(entry?.message).toContain(
      'were it arn:aws:s3:::data-prod/k, the decision would be deny, not allow',
    );
    expect(entry?.source?.logicalId).toBe('Data');
  });

  it('decided where the bucket policy decides the same (TLS), or the name cannot be it', () => {
    expect(verdict(e, dev, 's3:GetObject', 'arn:aws:s3:::data-prod/k', tls('true'))).toBe('allow');
    // no name `data-…` can be `logs`
    expect(verdict(e, dev, 's3:GetObject', 'arn:aws:s3:::logs/k', tls('false'))).toBe('allow');
    // the bucket itself, by its modelled ARN
    expect(verdict(e, dev, 's3:GetObject', `${m.resources[0]!.arn}/k`, tls('false'))).toBe('deny');
  });

  it('a name of another element of the inputs is not the unknown one (names are unique)', () => {
    const other = modelOf(
      `${BUCKET_STACK}  Prod:\n    Type: AWS::S3::Bucket\n    Properties: {BucketName: data-prod}\n`,
      { stackName: undefined },
    );
    const e2 = compileModel(other);
    expect(verdict(e2, other.users[0]!.arn, 's3:GetObject', 'arn:aws:s3:::data-prod/k', tls('false'))).toBe(
      'allow',
    );
  });

  it('who-can shows it indeterminate with the reason and the source', async () => {
    const r = await runCli([
      'who-can',
      `${FX}/bucket.yaml`,
      '--account',
      ACCOUNT,
      '--region',
      'us-east-1',
      '--action',
      's3:GetObject',
      '--resource',
      'arn:aws:s3:::data-prod/k',
      '--context',
      'aws:SecureTransport=false',
    ]);
    expect(r.stdout).toContain('user/dev: indeterminate');
    // the name world's reason, with the element's source, as explain and check show it
    expect(r.stdout).toContain(
      'open: account, Region or name not stated: the request names arn:aws:s3:::data-prod/k, which may be the element arn:aws:s3:::data-(unknown-bucket-Data)',
    );
    expect(r.stdout).toContain('(at test/fixtures/unknown-name/bucket.yaml:6:5 (logical id Data))');
    expect(r.stderr).toContain(
      'and as each bucket whose name is unknown that it may be ("data-(unknown-bucket-Data)")',
    );
    expect(r.stderr).toContain('bucket.yaml:8:19 (logical id Data)');
  });
});

// Condition operators compare a value naming the unknown element three-valued (IAM User Guide,
// "IAM JSON policy elements: Condition operators", ARN condition operators: "ArnLike ...
// Case-sensitive match of each part of the ARN ... Each of the six colon-delimited components of
// the ARN is checked separately and each can include multi-character match wildcards (*) or
// single-character match wildcards (?)"; String condition operators: StringEquals "Exact
// matching, case sensitive", StringLike "Case-sensitive matching. The values can include
// multi-character match wildcards (*) and single-character match wildcards (?)").
const CONDITION_STACK = `Resources:
  Data:
    Type: AWS::S3::Bucket
    Properties: {BucketName: !Sub 'data-\${AWS::StackName}'}
  Role:
    Type: AWS::IAM::Role
    Properties:
      RoleName: !Sub '\${AWS::StackName}-r'
      AssumeRolePolicyDocument: {Statement: [{Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: 'sts:AssumeRole'}]}
      Policies:
        - PolicyName: p
          PolicyDocument:
            Statement:
              - {Effect: Allow, Action: 's3:GetObject', Resource: '*', Condition: {ArnLike: {'aws:PrincipalArn': 'arn:aws:iam::*:role/prod-*'}}}
              - {Effect: Allow, Action: 's3:PutObject', Resource: '*', Condition: {StringEquals: {'aws:PrincipalArn': !GetAtt Role.Arn}}}
              - {Effect: Allow, Action: 's3:DeleteObject', Resource: '*', Condition: {ArnLike: {'aws:PrincipalArn': 'arn:aws:iam::*:role/*-r'}}}
              - {Effect: Allow, Action: 's3:ListBucket', Resource: '*', Condition: {StringLike: {'aws:PrincipalArn': '*:role/admin'}}}
              - {Effect: Allow, Action: 'sqs:SendMessage', Resource: '*', Condition: {ArnEquals: {'aws:SourceArn': !GetAtt Data.Arn}}}
`;

describe('condition keys holding a name that is unknown', () => {
  const m = modelOf(CONDITION_STACK, { stackName: undefined });
  const e = compileModel(m);
  const role = m.roles[0]!.arn;
  const queue = `arn:aws:sqs:us-west-2:${ACCOUNT}:q`;

  it('the reproduction: aws:PrincipalArn of the role against a pattern some names match', () => {
    expect(role).toBe(`arn:aws:iam::${ACCOUNT}:role/(unknown-template-Role)-r`);
    const d = decide(e, role, 's3:GetObject', 'arn:aws:s3:::other/k', { trace: true });
    expect(d.decision).toBe('indeterminate');
    const entry = d.trace?.find((t) => t.outcome === 'unknown');
    expect(entry?.message).toContain(
      'its condition compares a value that might name an element whose name is unknown',
    );
    expect(entry?.cause?.source?.logicalId).toBe('Role');
  });

  it('YES for every name (the same element, a pattern covering it), NO for none', () => {
    expect(verdict(e, role, 's3:PutObject', 'arn:aws:s3:::other/k')).toBe('allow');
    expect(verdict(e, role, 's3:DeleteObject', 'arn:aws:s3:::other/k')).toBe('allow');
    // the known suffix `-r` is not `admin`
    expect(verdict(e, role, 's3:ListBucket', 'arn:aws:s3:::other')).toBe('deny');
  });

  it('a request value the unknown-named bucket may be (aws:SourceArn) against its !GetAtt', () => {
    const src = (v: string) => ({ context: { 'aws:SourceArn': v } });
    expect(verdict(e, role, 'sqs:SendMessage', queue, src('arn:aws:s3:::data-prod'))).toBe('indeterminate');
    expect(verdict(e, role, 'sqs:SendMessage', queue, src('arn:aws:s3:::other'))).toBe('deny');
    expect(verdict(e, role, 'sqs:SendMessage', queue, src(m.resources[0]!.arn))).toBe('allow');
  });
});

// Names are unique (IAM User Guide, "IAM identifiers": names must be unique within the account;
// Amazon S3 User Guide, "Bucket naming rules": "Bucket names must be unique across all AWS
// accounts in all the AWS Regions within a partition"): a pattern or a Principal naming the
// unknown-named element names no other element of the inputs.
describe('a value naming the unknown-named element names no other element of the inputs', () => {
  const m = modelOf(
    `${BUCKET_STACK}  Logs:
    Type: AWS::S3::Bucket
    Properties: {BucketName: data-logs}
${cfnUser('Writer', 'writer', 'p', [`{Effect: Allow, Action: 's3:PutObject', Resource: !Sub '\${Data.Arn}/*'}`])}`,
    { stackName: undefined },
  );
  const e = compileModel(m);
  const writer = m.users.find((u) => u.name === 'writer')!.arn;

  it('decided for the other bucket of the inputs, open for a name outside them', () => {
    expect(verdict(e, writer, 's3:PutObject', 'arn:aws:s3:::data-logs/k')).toBe('deny');
    expect(verdict(e, writer, 's3:PutObject', `${m.resources[0]!.arn}/k`)).toBe('allow');
    expect(verdict(e, writer, 's3:PutObject', 'arn:aws:s3:::data-prod/k')).toBe('indeterminate');
  });
});

// AWS Lambda API Reference, AddPermission, FunctionName: "You can append a version number or alias
// to any of the formats" of the name, ARN or partial ARN: a permission on a function whose name is
// unknown (a Ref to it) is that function's, never dropped as "not a function name".
describe('a Lambda permission on a function whose name is partly unknown', () => {
  it('is the function policy of that function', () => {
    const m = modelOf(
      `Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      FunctionName: !Sub '\${AWS::StackName}-fn'
      Role: !Sub 'arn:aws:iam::\${AWS::AccountId}:role/exec'
  ByRef:
    Type: AWS::Lambda::Permission
    Properties: {Action: 'lambda:InvokeFunction', FunctionName: !Ref Fn, Principal: s3.amazonaws.com}
  ByPartialArn:
    Type: AWS::Lambda::Permission
    Properties: {Action: 'lambda:GetFunction', FunctionName: !Sub '\${AWS::AccountId}:\${Fn}', Principal: sns.amazonaws.com}
`,
      { stackName: undefined },
    );
    const fn = m.resources.find((r) => r.kind === 'lambda-function')!;
    expect(fn.name).toBe('(unknown-template-Fn)-fn');
    expect(fn.policy?.statements.map((s) => s.source.logicalId)).toEqual(['ByRef', 'ByPartialArn']);
    expect(findingsOf(m, 'cfn/invalid-resource')).toEqual([]);
    expect(verdict(compileModel(m), 's3.amazonaws.com', 'lambda:InvokeFunction', fn.arn)).toBe('allow');
  });
});
