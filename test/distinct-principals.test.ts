// The Principal side of "two elements of the inputs are never the same element": a trust or
// resource policy whose Principal is exactly one role's ARN (a CDK `ArnPrincipal(role.roleArn)`,
// a `!GetAtt A.Arn`) names that role and no other role the inputs surely create, even when both
// names are generated (src/model/created-elements.ts `CreatedElements.principalNamesOther`); a
// session of role A (`arn:aws:sts::ACCOUNT:assumed-role/A/SESSION`) is no session of role B.
// AWS pages the rule comes from:
// - IAM User Guide, "IAM identifiers": "Amazon Resource Names (ARNs) uniquely identify AWS
//   resources"; friendly names: "names must be unique within an account. They are not
//   distinguished by case, for example, you cannot create groups named both "ADMINS" and
//   "admins"" (principal names compare ignoring case, the rule holds so too); "you cannot have
//   two roles with the same name, even with different paths".
// - IAM User Guide, "IAM JSON policy elements: Principal", role session principals:
//   `arn:aws:sts::AWS-account-ID:assumed-role/role-name/role-session-name` (the session ARN
//   carries the role's name, not its path: one role's sessions are no other role's).
// - CloudFormation, "Name type": "If you don't specify a name, AWS CloudFormation generates a
//   unique physical ID".
// The rule holds only between elements created for certain: a role that might not exist, is
// imported or is a stand-in may have the name the policy's value spells.

import { App, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { ArnPrincipal, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { describe, expect, it } from 'vitest';
import { assumableRoles, buildMatrix, whoCan } from '../src/analysis/index.js';
import type { MatrixJson, WhoCanEntry } from '../src/analysis/types.js';
import { compilePolicy, PrincipalMatch } from '../src/engine/compile-policy.js';
import { compileModel } from '../src/engine/index.js';
import { resolveRequestPrincipal } from '../src/engine/principal.js';
import { CreatedElements } from '../src/model/created-elements.js';
import type { Model } from '../src/model/types.js';
import { fromApp } from '../src/testing/cdk.js';
import { modelOf } from './fixtures/cfn/load.js';
import { runCli } from './fixtures/cli/run.js';
import { verdict } from './helpers/engine-fixtures.js';

const ACCOUNT = '111122223333';
const STACK = 'PaymentsServiceProduction';

// The shape CDK synthesizes: every role's name generated, wholly unknown (a long stack name and
// nested constructs' logical ids: CloudFormation may cut the name, src/adapters/cloudformation/
// generated-names.ts); Target trusts only Caller, SessionTarget
// only Caller's session `ci`; the Jobs queue's policy lets only Caller send. Caller and Other may
// both call sts:AssumeRole on anything.
function pairApp(): App {
  const app = new App({
    builtinCloudFormationValidation: false,
    context: { 'aws:cdk:disable-stack-trace': true },
  });
  const stack = new Stack(app, STACK, { env: { account: ACCOUNT, region: 'eu-west-1' } });
  const pipeline = new Construct(stack, 'DeploymentPipeline');
  const ec2 = new ServicePrincipal('ec2.amazonaws.com');
  const caller = new Role(pipeline, 'Caller', { assumedBy: ec2 });
  const other = new Role(pipeline, 'Other', { assumedBy: ec2 });
  for (const r of [caller, other])
    r.addToPolicy(new PolicyStatement({ actions: ['sts:AssumeRole'], resources: ['*'] }));
  new Role(pipeline, 'Target', { assumedBy: new ArnPrincipal(caller.roleArn) });
  new Role(pipeline, 'SessionTarget', {
    assumedBy: new ArnPrincipal(`arn:aws:sts::${ACCOUNT}:assumed-role/${caller.roleName}/ci`),
  });
  const jobs = new Queue(stack, 'Jobs');
  jobs.addToResourcePolicy(
    new PolicyStatement({
      principals: [new ArnPrincipal(caller.roleArn)],
      actions: ['sqs:SendMessage'],
      resources: [jobs.queueArn],
    }),
  );
  return app;
}

describe('a CDK app with two generated-named roles, one trusted by the other roles', () => {
  const app = pairApp();
  const model = fromApp(app);
  const engine = compileModel(model);
  const roleOf = (id: string) =>
    model.roles.find((r) => r.source.constructPath === `${STACK}/DeploymentPipeline/${id}/Resource`)!;
  const arnOf = (id: string) => roleOf(id).arn;
  const sessionOf = (id: string, session: string) =>
    `arn:aws:sts::${ACCOUNT}:assumed-role/${roleOf(id).name}/${session}`;
  const jobs = model.resources.find((r) => r.source.constructPath === `${STACK}/Jobs/Resource`)!.arn;

  it('names are generated; the trust policy names Caller only: Other may not assume Target', () => {
    for (const id of ['Caller', 'Other', 'Target']) expect(arnOf(id)).toContain('(unknown-generated-');
    expect(verdict(engine, arnOf('Caller'), 'sts:AssumeRole', arnOf('Target'))).toBe('allow');
    // Without the rule: indeterminate (Other's generated name might have been Caller's).
    expect(verdict(engine, arnOf('Other'), 'sts:AssumeRole', arnOf('Target'))).toBe('deny');
  });

  it('without the elements of the inputs the Principal value might name Other (the rule decides)', () => {
    const other = resolveRequestPrincipal(arnOf('Other'), engine.principalDirectory);
    const st = compilePolicy(roleOf('Target').trustPolicy!, 'trust').statements[0]!;
    expect(st.matchPrincipal(other)).toBe(PrincipalMatch.Unknown);
    expect(st.matchPrincipal(other, engine.surelyCreated())).toBe(PrincipalMatch.None);
  });

  it("a session of Caller is trusted, a session of Other is not (its name is Other's)", () => {
    expect(verdict(engine, sessionOf('Caller', 'ci'), 'sts:AssumeRole', arnOf('SessionTarget'))).toBe(
      'allow',
    );
    expect(verdict(engine, sessionOf('Caller', 'ops'), 'sts:AssumeRole', arnOf('SessionTarget'))).toBe(
      'deny',
    );
    expect(verdict(engine, sessionOf('Other', 'ci'), 'sts:AssumeRole', arnOf('SessionTarget'))).toBe('deny');
    // a session of Other is not one of Caller for the role ARN either
    expect(verdict(engine, sessionOf('Other', 'ci'), 'sts:AssumeRole', arnOf('Target'))).toBe('deny');
    expect(verdict(engine, sessionOf('Caller', 'ci'), 'sts:AssumeRole', arnOf('Target'))).toBe('allow');
  });

  it('a resource policy naming Caller: Caller sends, Other does not (engine and matrix)', () => {
    expect(verdict(engine, arnOf('Caller'), 'sqs:SendMessage', jobs)).toBe('allow');
    expect(verdict(engine, arnOf('Other'), 'sqs:SendMessage', jobs)).toBe('deny');
    const matrix = buildMatrix(engine);
    const write = matrix.levels.indexOf('Write');
    const cell = (id: string) =>
      matrix.cells.at(
        matrix.principals.findIndex((p) => p.arn === arnOf(id)),
        matrix.resources.findIndex((r) => r.arn === jobs),
      )[write]!.access;
    expect([cell('Caller'), cell('Other')]).toEqual(['allow', 'deny']);
  });

  it('role chains and who-can: Target is reached from Caller only', () => {
    const reached = (id: string) => assumableRoles(engine, arnOf(id)).map((r) => r.role);
    expect(reached('Caller')).toContain(arnOf('Target'));
    expect(reached('Other')).not.toContain(arnOf('Target'));
    expect(reached('Other')).not.toContain(arnOf('SessionTarget'));
    const who = (action: string, resource: string) =>
      whoCan(engine, action, resource).entries.map((e: WhoCanEntry) => [e.principal, e.access]);
    expect(who('sts:AssumeRole', arnOf('Target'))).toContainEqual([arnOf('Caller'), 'allow']);
    expect(who('sts:AssumeRole', arnOf('Target')).map(([p]) => p)).not.toContain(arnOf('Other'));
    expect(who('sqs:SendMessage', jobs)).toContainEqual([arnOf('Caller'), 'allow']);
    expect(who('sqs:SendMessage', jobs).map(([p]) => p)).not.toContain(arnOf('Other'));
  });

  it('the CLI: who-can and matrix say the same', async () => {
    const dir = app.synth().directory;
    const target = await runCli([
      'who-can',
      dir,
      '--action',
      'sts:AssumeRole',
      '--resource',
      `${STACK}/DeploymentPipeline/Target`,
    ]);
    expect(target.code).toBe(0);
    expect(target.stdout).toContain(`${STACK}/DeploymentPipeline/Caller`);
    expect(target.stdout).not.toContain(`${STACK}/DeploymentPipeline/Other`);
    const matrix = JSON.parse((await runCli(['matrix', dir, '--format', 'json'])).stdout) as MatrixJson;
    const write = matrix.levels.indexOf('Write');
    const cell = (id: string) =>
      matrix.cells[matrix.principals.findIndex((p) => p.arn === arnOf(id))]![
        matrix.resources.findIndex((r) => r.arn === jobs)
      ]![write]!.access;
    expect([cell('Caller'), cell('Other')]).toEqual(['allow', 'deny']);
  });
});

describe('the rule holds only between roles created for certain', () => {
  // Target trusts A; B is a second role. Each variant makes B (or A) uncertain.
  const template = (b: string) => `Parameters:
  UseB: {Type: String}
Conditions:
  WithB: !Equals [!Ref UseB, 'yes']
Resources:
  A: {Type: AWS::IAM::Role, Properties: {AssumeRolePolicyDocument: {Statement: []}}}
  B:
    Type: AWS::IAM::Role
${b}
    Properties:
      AssumeRolePolicyDocument: {Statement: []}
      Policies:
        - PolicyName: assume
          PolicyDocument: {Statement: [{Effect: Allow, Action: 'sts:AssumeRole', Resource: '*'}]}
  Target:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement: [{Effect: Allow, Principal: {AWS: !GetAtt A.Arn}, Action: 'sts:AssumeRole'}]
  SessionTarget:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: {AWS: !Sub 'arn:aws:sts::\${AWS::AccountId}:assumed-role/\${A}/ci'}
            Action: 'sts:AssumeRole'
  Legacy:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement: [{Effect: Allow, Principal: {AWS: 'arn:aws:iam::111122223333:role/legacy'}, Action: 'sts:AssumeRole'}]
`;
  const decideB = (m: Model) => {
    const e = compileModel(m);
    const arn = (id: string) => m.roles.find((r) => r.source.logicalId === id)!.arn;
    return verdict(e, arn('B'), 'sts:AssumeRole', arn('Target'));
  };

  it('B created for certain: denied; B that might not exist or is imported: open', () => {
    const sure = modelOf(template(''), { stackName: undefined });
    expect(decideB(sure)).toBe('deny');
    // B behind a Condition: were it not created its name might be A's
    expect(decideB(modelOf(template('    Condition: WithB'), { stackName: undefined }))).toBe(
      'indeterminate',
    );
    // imported (its trust policy is unknown, but the statement on Target is what is asked here)
    const imported: Model = {
      ...sure,
      roles: sure.roles.map((r) => (r.source.logicalId === 'B' ? { ...r, imported: r.source as never } : r)),
    };
    expect(CreatedElements.of(imported).principalNamesOther(sure.roles[0]!.arn, imported.roles[1]!.arn)).toBe(
      false,
    );
    expect(CreatedElements.of(sure).principalNamesOther(sure.roles[0]!.arn, sure.roles[1]!.arn)).toBe(true);
  });

  it("a request as role B (any session name) may be A's session ci only when B might not exist", () => {
    const at = (m: Model) => {
      const e = compileModel(m);
      const arn = (id: string) => m.roles.find((r) => r.source.logicalId === id)!.arn;
      return [arn('A'), arn('B')].map((p) => verdict(e, p, 'sts:AssumeRole', arn('SessionTarget')));
    };
    // A as a role: its session may be ci (the session name is not given)
    expect(at(modelOf(template(''), { stackName: undefined }))).toEqual(['indeterminate', 'deny']);
    // without the rule's exception B was deny here too: its name might be A's
    expect(at(modelOf(template('    Condition: WithB'), { stackName: undefined }))).toEqual([
      'indeterminate',
      'indeterminate',
    ]);
  });

  it('role chains keep the hops the engine leaves open (their names differ as text: were missing)', () => {
    const maybe = modelOf(template('    Condition: WithB'), { stackName: undefined });
    const e = compileModel(maybe);
    const arn = (id: string) => maybe.roles.find((r) => r.source.logicalId === id)!.arn;
    const hops = (id: string) =>
      assumableRoles(e, arn(id)).map((r) => [r.role, r.path.map((h) => h.access).join()]);
    // B might not exist: its name might be A's (Target, SessionTarget); B's and A's might be legacy
    expect(verdict(e, arn('B'), 'sts:AssumeRole', arn('Target'))).toBe('indeterminate');
    expect(hops('B')).toEqual([
      [arn('Target'), 'indeterminate'],
      [arn('SessionTarget'), 'indeterminate'],
      [arn('Legacy'), 'indeterminate'],
      // role/legacy, which Legacy's trust names by exact ARN, exists outside the inputs (AWS rejects
      // a trust naming no role): its trust policy is unknown (model/principals-named-by-arn.ts)
      ['arn:aws:iam::111122223333:role/legacy', 'indeterminate'],
    ]);
    // for sure: B is not A, so no hop to Target nor SessionTarget
    const sure = modelOf(template(''), { stackName: undefined });
    const es = compileModel(sure);
    const sureArn = (id: string) => sure.roles.find((r) => r.source.logicalId === id)!.arn;
    expect(verdict(es, sureArn('B'), 'sts:AssumeRole', sureArn('Target'))).toBe('deny');
    expect(verdict(es, sureArn('B'), 'sts:AssumeRole', sureArn('SessionTarget'))).toBe('deny');
    // Target and SessionTarget stay reachable only through role/legacy (outside the inputs, so its
    // name may be A's generated one): never directly
    const reach = assumableRoles(es, sureArn('B'));
    expect(reach.map((r) => r.role)).toEqual([
      sureArn('Target'),
      sureArn('SessionTarget'),
      sureArn('Legacy'),
      'arn:aws:iam::111122223333:role/legacy',
    ]);
    for (const r of reach.slice(0, 2))
      expect(r.path.map((h) => h.role)).toContain('arn:aws:iam::111122223333:role/legacy');
  });
});
