// The escalation graph (issue 15, "Escalation paths end to end"): "X can become Y" edges from
// assuming roles, passing a role to compute, rewriting a trust policy, taking over a user's
// credentials and rewriting one's own permissions; spec `cannotBecome` and `noEscalation` with the
// path as the witness.
//
// Rhino Security Labs, "AWS IAM Privilege Escalation – Methods and Mitigation"
// (https://rhinosecuritylabs.com/aws/aws-privilege-escalation-methods-mitigation/): "Passing a
// role to a new Lambda function, then invoking it" (iam:PassRole and lambda:CreateFunction);
// "Updating the AssumeRolePolicyDocument of a role" (iam:UpdateAssumeRolePolicy); "Creating a new
// user access key" (iam:CreateAccessKey). IAM User Guide, "Grant a user permissions to pass a role
// to an AWS service": "To pass a role (and its permissions) to an AWS service, a user must have
// permissions to pass the role to the service."

import { describe, expect, it } from 'vitest';
import { becomePaths } from '../src/analysis/escalation.js';
import { compileModel } from '../src/engine/index.js';
import { parseSpec } from '../src/spec/parse.js';
import { runSpec } from '../src/spec/run.js';
import { cfnFederationModel, role } from './federation-helpers.js';
import { modelOf } from './fixtures/cfn/load.js';
import { cfnAdminRole, cfnUser } from './helpers/cfn-templates.js';

const TEMPLATE = `
Resources:
${cfnAdminRole('Admin', 'LambdaAdmin', 'lambda.amazonaws.com')}
${cfnUser('Dev', 'dev', 'deploy', [
  '{ Effect: Allow, Action: iam:PassRole, Resource: !GetAtt Admin.Arn }',
  "{ Effect: Allow, Action: lambda:CreateFunction, Resource: '*' }",
])}
${cfnUser('Ops', 'ops', 'keys', [
  '{ Effect: Allow, Action: iam:CreateAccessKey, Resource: !GetAtt Dev.Arn }',
])}
${cfnUser('Reader', 'reader', 'read', [
  '{ Effect: Allow, Action: iam:PassRole, Resource: !GetAtt Admin.Arn }',
  "{ Effect: Allow, Action: s3:GetObject, Resource: '*' }",
])}
`;

function model(template = TEMPLATE) {
  return modelOf(template, { file: 'inline.yaml', stackName: 's' });
}

describe('the escalation graph', () => {
  const engine = compileModel(model());
  const user = (n: string) => `arn:aws:iam::111122223333:user/${n}`;
  const admin = 'arn:aws:iam::111122223333:role/LambdaAdmin';

  it('iam:PassRole + lambda:CreateFunction becomes the role Lambda is trusted to assume', () => {
    const p = becomePaths(engine, user('dev')).find((x) => x.to === admin)!;
    expect(p.access).toBe('allow');
    expect(p.path.map((e) => e.via)).toEqual(['iam:PassRole + lambda:CreateFunction (lambda.amazonaws.com)']);
  });

  it('multi-hop: a new access key of dev, then dev passes the role', () => {
    const p = becomePaths(engine, user('ops')).find((x) => x.to === admin)!;
    expect(p.path.map((e) => e.how)).toEqual(['credentials', 'pass-role']);
    expect(p.path[0]!.to).toBe(user('dev'));
  });

  it('PassRole without a way to start the compute is indeterminate, never a pass', () => {
    const p = becomePaths(engine, user('reader')).find((x) => x.to === admin)!;
    expect(p.access).toBe('indeterminate');
  });

  it('cannotBecome and noEscalation in a spec, the path as the witness', () => {
    const spec = parseSpec(`version: 1
expect:
  - { id: dev, principal: user/dev, cannotBecome: role/LambdaAdmin }
  - { id: ops, principal: user/ops, noEscalation: true }
  - { id: reader, principal: user/reader, noEscalation: true }
  - { id: admin, principal: role/LambdaAdmin, noEscalation: true }
`);
    const r = runSpec(engine.model, spec, { engine });
    const status = Object.fromEntries(r.expectations.map((e) => [e.id, e.status]));
    expect(status).toEqual({ dev: 'fail', ops: 'fail', reader: 'indeterminate', admin: 'pass' });
    const dev = r.expectations.find((e) => e.id === 'dev')!.checks[0]!;
    expect(dev.message).toBe(
      `user/dev can become role/LambdaAdmin: iam:PassRole + lambda:CreateFunction (lambda.amazonaws.com) → ${admin}`,
    );
    expect(dev.statements.length).toBeGreaterThan(0);
  });
});

describe('escalation from a federated caller', () => {
  // IAM User Guide, "Methods to assume a role": role chaining after AssumeRoleWithWebIdentity.
  it('a GitHub workflow becomes the admin role through the deploy role', () => {
    const m = cfnFederationModel();
    const spec = parseSpec(`version: 1
expect:
  - { id: gh, principal: "github:acme/infra@refs/heads/main", cannotBecome: role/AdminRole }
  - { id: deploy, principal: role/DeployRole, noEscalation: true }
`);
    const r = runSpec(m, spec);
    const gh = r.expectations.find((e) => e.id === 'gh')!;
    expect(gh.status).toBe('fail');
    expect(gh.checks[0]!.message).toContain(`sts:AssumeRoleWithWebIdentity → ${role('DeployRole')}`);
    expect(gh.checks[0]!.message).toContain(`sts:AssumeRole → ${role('AdminRole')}`);
    expect(r.expectations.find((e) => e.id === 'deploy')!.status).toBe('fail');
  });
});

// Issue 15: "report multi-hop paths that end in more access than the start". A role that can do
// everything the user can and more (on the model's resources) is a climb; a role that can do
// something else but not all the user can is a lateral move, not an escalation.
describe('noEscalation: paths to a principal with more access than the start', () => {
  const CLIMB = `
Resources:
  Data:
    Type: AWS::S3::Bucket
    Properties: { BucketName: data }
  Writer:
    Type: AWS::IAM::Role
    Properties:
      RoleName: DataWriter
      AssumeRolePolicyDocument:
        Statement: [{ Effect: Allow, Principal: { AWS: arn:aws:iam::111122223333:root }, Action: sts:AssumeRole }]
      Policies:
        - PolicyName: write
          PolicyDocument:
            Statement:
              - { Effect: Allow, Action: [s3:GetObject, s3:PutObject], Resource: arn:aws:s3:::data/* }
${cfnUser('Climber', 'climber', 'read', [
  '{ Effect: Allow, Action: s3:GetObject, Resource: arn:aws:s3:::data/* }',
  '{ Effect: Allow, Action: sts:AssumeRole, Resource: !GetAtt Writer.Arn }',
])}
${cfnUser('Sideways', 'sideways', 'delete', [
  '{ Effect: Allow, Action: s3:DeleteObject, Resource: arn:aws:s3:::data/* }',
  '{ Effect: Allow, Action: sts:AssumeRole, Resource: !GetAtt Writer.Arn }',
])}
`;
  const m = model(CLIMB);
  const spec = parseSpec(`version: 1
expect:
  - { id: climber, principal: user/climber, noEscalation: true }
  - { id: sideways, principal: user/sideways, noEscalation: true }
`);
  const r = runSpec(m, spec, { engine: compileModel(m) });
  const check = (id: string) => r.expectations.find((e) => e.id === id)!.checks[0]!;

  it('fails with the path and a request the role can make and the user cannot', () => {
    expect(check('climber').status).toBe('fail');
    expect(check('climber').message).toMatch(
      /^user\/climber can escalate to more access than it has \(arn:aws:iam::111122223333:role\/DataWriter can s3:PutObject on arn:aws:s3:::data, which user\/climber cannot\): sts:AssumeRole → arn:aws:iam::111122223333:role\/DataWriter$/,
    );
    expect(check('climber').statements.length).toBeGreaterThan(0);
  });

  it("passes for a lateral move (the role lacks some of the user's access)", () => {
    expect(check('sideways').status).toBe('pass');
    expect(check('sideways').message).toBe(
      'user/sideways cannot escalate to administrator-equivalent access or to more access than it has',
    );
  });
});

// Rhino Security Labs, "AWS IAM Privilege Escalation – Methods and Mitigation", method 17,
// "Updating the code of an existing Lambda function": "An attacker with the
// lambda:UpdateFunctionCode permission could update the code in an existing Lambda function with
// an IAM role attached so that it would import the relevant AWS library in that programming
// language and use it to perform actions on behalf of that role." No iam:PassRole is needed: the
// role is already the function's (AWS Lambda Developer Guide, "Defining Lambda function
// permissions with an execution role": "A Lambda function's execution role is an AWS Identity and
// Access Management (IAM) role that grants the function permission to access AWS services").
describe('update-code: replacing the code of a Lambda function that runs with the role', () => {
  const FUNCTIONS = `
Parameters:
  OtherRoleArn: { Type: String }
Resources:
${cfnAdminRole('Admin', 'FnAdmin', 'lambda.amazonaws.com')}
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      FunctionName: ops-fn
      Runtime: python3.12
      Handler: index.handler
      Role: !GetAtt Admin.Arn
      Code: { ZipFile: "def handler(e, c): pass" }
  Other:
    Type: AWS::Lambda::Function
    Properties:
      FunctionName: other-fn
      Runtime: python3.12
      Handler: index.handler
      Role: !Ref OtherRoleArn
      Code: { ZipFile: "def handler(e, c): pass" }
${cfnUser('Dev', 'dev', 'deploy-code', [
  '{ Effect: Allow, Action: lambda:UpdateFunctionCode, Resource: !GetAtt Fn.Arn }',
])}
${cfnUser('OtherDev', 'other-dev', 'deploy-code', [
  '{ Effect: Allow, Action: lambda:UpdateFunctionCode, Resource: !GetAtt Other.Arn }',
])}
${cfnUser('Reader', 'reader', 'read', ["{ Effect: Allow, Action: lambda:GetFunction, Resource: '*' }"])}
${cfnAdminRole('BuildRole', 'BuildRole', 'codebuild.amazonaws.com')}
  Build:
    Type: AWS::CodeBuild::Project
    Properties:
      Name: deploy
      ServiceRole: !GetAtt BuildRole.Arn
      Artifacts: { Type: NO_ARTIFACTS }
      Environment: { Type: LINUX_CONTAINER, ComputeType: BUILD_GENERAL1_SMALL, Image: aws/codebuild/standard:7.0 }
      Source: { Type: NO_SOURCE, BuildSpec: "version: 0.2" }
${cfnUser('Builder', 'builder', 'build', [
  '{ Effect: Allow, Action: codebuild:StartBuild, Resource: !GetAtt Build.Arn }',
])}
`;
  const m = model(FUNCTIONS);
  const engine = compileModel(m);
  const admin = 'arn:aws:iam::111122223333:role/FnAdmin';

  it('lambda:UpdateFunctionCode on the function is an edge to its execution role', () => {
    const p = becomePaths(engine, 'arn:aws:iam::111122223333:user/dev').find((x) => x.to === admin)!;
    expect(p.access).toBe('allow');
    expect(p.path.map((e) => [e.how, e.via])).toEqual([
      ['update-code', 'lambda:UpdateFunctionCode on Lambda function ops-fn'],
    ]);
    expect(p.path[0]!.grants.length).toBeGreaterThan(0);
  });

  // AWS CodeBuild API Reference, StartBuild: buildspecOverride, "A buildspec file declaration that
  // overrides the latest one defined in the build project, for this build only".
  it('codebuild:StartBuild on a project is an edge to its service role (a buildspec of its own)', () => {
    const p = becomePaths(engine, 'arn:aws:iam::111122223333:user/builder').find(
      (x) => x.to === 'arn:aws:iam::111122223333:role/BuildRole',
    )!;
    expect(p.access).toBe('allow');
    expect(p.path.map((e) => [e.how, e.via])).toEqual([
      ['update-code', 'codebuild:StartBuild on CodeBuild project deploy'],
    ]);
    expect(
      becomePaths(engine, 'arn:aws:iam::111122223333:user/reader').some(
        (x) => x.to === 'arn:aws:iam::111122223333:role/BuildRole',
      ),
    ).toBe(false);
  });

  it('a function whose role is unknown may run as any role Lambda may assume: indeterminate', () => {
    const p = becomePaths(engine, 'arn:aws:iam::111122223333:user/other-dev').find((x) => x.to === admin)!;
    expect(p.access).toBe('indeterminate');
    expect(p.path[0]!.via).toContain('other-fn, whose execution role the inputs do not pin down');
  });

  it('cannotBecome and noEscalation fail (or are indeterminate); no update permission, no edge', () => {
    const spec = parseSpec(`version: 1
expect:
  - { id: dev, principal: user/dev, cannotBecome: role/FnAdmin }
  - { id: dev-esc, principal: user/dev, noEscalation: true }
  - { id: other, principal: user/other-dev, cannotBecome: role/FnAdmin }
  - { id: reader, principal: user/reader, cannotBecome: role/FnAdmin }
`);
    const r = runSpec(m, spec, { engine });
    const status = Object.fromEntries(r.expectations.map((e) => [e.id, e.status]));
    expect(status).toEqual({ dev: 'fail', 'dev-esc': 'fail', other: 'indeterminate', reader: 'pass' });
    expect(r.expectations.find((e) => e.id === 'dev')!.checks[0]!.message).toBe(
      `user/dev can become role/FnAdmin: lambda:UpdateFunctionCode on Lambda function ops-fn → ${admin}`,
    );
  });
});

// Rhino Security Labs, "AWS IAM Privilege Escalation – Methods and Mitigation", method 10,
// "Creating/updating an inline policy for a user": "An attacker with the iam:PutUserPolicy
// permission can escalate privileges by creating or updating an inline policy for a user that
// they have access to, adding the permissions of their choice"; method 12 the same for a role
// (iam:PutRolePolicy). IAM User Guide, "Permissions boundaries for IAM entities": a boundary caps
// what any policy of the entity grants, so with a boundary the gain is not computed.
describe('noEscalation: rewriting permissions (its own, or those of a principal it can become)', () => {
  const REWRITE = `
Resources:
  Helper:
    Type: AWS::IAM::Role
    Properties:
      RoleName: Helper
      AssumeRolePolicyDocument:
        Statement: [{ Effect: Allow, Principal: { AWS: arn:aws:iam::111122223333:root }, Action: sts:AssumeRole }]
      Policies:
        - PolicyName: p
          PolicyDocument:
            Statement: [{ Effect: Allow, Action: s3:GetObject, Resource: 'arn:aws:s3:::data/*' }]
${cfnUser('Self', 'self', 'p', [`{ Effect: Allow, Action: iam:PutUserPolicy, Resource: 'arn:aws:iam::111122223333:user/self' }`])}  Capped:
    Type: AWS::IAM::User
    Properties:
      UserName: capped
      PermissionsBoundary: !Ref Cap
      Policies:
        - PolicyName: p
          PolicyDocument:
            Statement: [{ Effect: Allow, Action: iam:PutUserPolicy, Resource: 'arn:aws:iam::111122223333:user/capped' }]
  Cap:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Statement: [{ Effect: Allow, Action: ['iam:PutUserPolicy', 's3:*'], Resource: '*' }]
${cfnUser('Other', 'other', 'p', [
  "{ Effect: Allow, Action: s3:GetObject, Resource: 'arn:aws:s3:::data/*' }",
  '{ Effect: Allow, Action: sts:AssumeRole, Resource: !GetAtt Helper.Arn }',
  '{ Effect: Allow, Action: iam:PutRolePolicy, Resource: !GetAtt Helper.Arn }',
])}
${cfnUser('Plain', 'plain', 'p', [
  "{ Effect: Allow, Action: s3:GetObject, Resource: 'arn:aws:s3:::data/*' }",
  '{ Effect: Allow, Action: sts:AssumeRole, Resource: !GetAtt Helper.Arn }',
])}
`;
  const m = model(REWRITE);
  const r = runSpec(
    m,
    parseSpec(`version: 1
expect:
  - { id: self, principal: user/self, noEscalation: true }
  - { id: capped, principal: user/capped, noEscalation: true }
  - { id: other, principal: user/other, noEscalation: true }
  - { id: plain, principal: user/plain, noEscalation: true }
`),
    { engine: compileModel(m) },
  );
  const check = (id: string) => r.expectations.find((e) => e.id === id)!.checks[0]!;

  it('its own inline policy: fails (any permission the SCPs allow)', () => {
    expect(check('self').status).toBe('fail');
    expect(check('self').message).toBe(
      'user/self can escalate by rewriting the permissions of user/self (then it has any permission the SCPs allow): iam:PutUserPolicy on arn:aws:iam::111122223333:user/self → arn:aws:iam::111122223333:user/self',
    );
  });

  it('under a permissions boundary the gain is not computed: indeterminate, never a pass', () => {
    expect(check('capped').status).toBe('indeterminate');
  });

  it('a role it can assume and rewrite: fails, the path then the rewrite; a lateral move alone passes', () => {
    expect(check('other').status).toBe('fail');
    expect(check('other').message).toContain(
      'sts:AssumeRole → arn:aws:iam::111122223333:role/Helper, then iam:PutRolePolicy on arn:aws:iam::111122223333:role/Helper',
    );
    expect(check('plain').status).toBe('pass');
  });
});
