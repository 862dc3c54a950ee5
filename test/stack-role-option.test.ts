// Stating the service role of a stack whose input does not show it (`--stack-role
// STACK=ROLE_ARN|none`, the `stackRoles` load option; src/aws/stack-roles.ts `statedStackRole`),
// a Terraform aws_cloudformation_stack whose iam_role_arn is known only after apply but is one
// role of the configuration, and a nested stack whose template is not found (it runs with its
// root's role). Before: a template given alone had an unknown stack role with no way to state it,
// so every principal allowed cloudformation:UpdateStack on its stack had an indeterminate
// escalation onto every role of the account; the plan's iam_role_arn reached every role of the
// account though the configuration named one; and a nested stack whose template was not found
// had no stack-role record at all (UpdateStack on it was no escalation: a silent pass).
//
// Pages:
// - AWS CloudFormation API Reference, UpdateStack / CreateChangeSet `RoleARN`: "If you don't
//   specify a value, CloudFormation uses the role that was previously associated with the stack.
//   If no role is available, CloudFormation uses a temporary session that is generated from your
//   user credentials." (`none`: no role runs the stack's updates).
// - AWS CloudFormation User Guide, "CloudFormation service role": "When you specify a service
//   role, CloudFormation always uses that role for all operations that are performed on that
//   stack." (a stated role: the escalation reaches that role only).
// - Terraform AWS provider, aws_cloudformation_stack: "iam_role_arn - (Optional) The ARN of an IAM
//   role that AWS CloudFormation assumes to create the stack."

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadModelSync } from '../src/adapters/load.js';
import {
  incompatibleOptions,
  snapshotOptionsFrom,
  snapshotOptionsOf,
} from '../src/analysis/diff/snapshot-options.js';
import { stackRoleEdges } from '../src/analysis/escalation.js';
import { nestedStackName } from '../src/adapters/cloudformation/generated-names.js';
import { compileModel } from '../src/engine/index.js';
import type { Model } from '../src/model/types.js';
import { isUnknown } from '../src/model/unknown.js';
import { parseSpec } from '../src/spec/parse.js';
import { runSpec } from '../src/spec/run.js';
import { runCli } from './fixtures/cli/run.js';
import { devUserResource } from './helpers/cfn-user-policy.js';
import { type FilesByPath, writeTempFiles } from './helpers/temp-inputs.js';

const ACCOUNT = '111122223333';
const APP_STACKS = 'arn:aws:cloudformation:*:*:stack/App/*';
const DEPLOYER_ARN = `arn:aws:iam::${ACCOUNT}:role/deployer`;
const ROOT_AT = {
  partition: 'aws',
  account: ACCOUNT,
  region: 'us-east-1',
  stackName: 'App',
  stackNameKnown: true,
};

const trust = (service: string) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }],
});

/** Template resources: user dev allowed `actions` on `resource`, an admin role and a deployer role (S3 only). */
function resources(actions: readonly string[], resource: string) {
  return {
    ...devUserResource(actions, resource),
    Admin: {
      Type: 'AWS::IAM::Role',
      Properties: {
        RoleName: 'admin',
        AssumeRolePolicyDocument: trust('ec2.amazonaws.com'),
        ManagedPolicyArns: ['arn:aws:iam::aws:policy/AdministratorAccess'],
      },
    },
    Deployer: {
      Type: 'AWS::IAM::Role',
      Properties: {
        RoleName: 'deployer',
        AssumeRolePolicyDocument: trust('cloudformation.amazonaws.com'),
        ManagedPolicyArns: ['arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess'],
      },
    },
  };
}

function check(m: Model, expectation: string) {
  const engine = compileModel(m);
  const r = runSpec(m, parseSpec(`version: 1\nexpect:\n  - ${expectation}\n`), { engine });
  return r.expectations[0]!.checks[0]!;
}

const appTemplate = () =>
  writeTempFiles({ 'App.json': { Resources: resources(['cloudformation:UpdateStack'], APP_STACKS) } });

describe('a template given alone with its stack role stated (stackRoles / --stack-role)', () => {
  it('without it: indeterminate onto every role of the account, and the reason says how to state it', () => {
    const m = loadModelSync([join(appTemplate(), 'App.json')], { account: ACCOUNT });
    const c = check(m, '{ id: d, principal: user/dev, cannotBecome: role/admin }');
    expect(c.status).toBe('indeterminate');
    expect(c.indeterminate?.reasons.map((r) => r.text).join(' ')).toContain(
      'pass --stack-role App=ROLE_ARN|none to state it',
    );
  });

  it('none: the stack runs with its callers’ credentials, no stack-role escalation (was indeterminate)', () => {
    const m = loadModelSync([join(appTemplate(), 'App.json')], {
      account: ACCOUNT,
      stackRoles: { App: 'none' },
    });
    expect(m.stackRoles ?? []).toEqual([]);
    expect(check(m, '{ id: d, principal: user/dev, cannotBecome: role/admin }').status).toBe('pass');
    expect(check(m, '{ id: d, principal: user/dev, noEscalation: true }').status).toBe('pass');
  });

  it('a role ARN: the escalation reaches that role only (was indeterminate onto admin too)', () => {
    // The stack named App (--stack-name): named only after its file, its stack may have any
    // name, so the edge would be indeterminate (test/stack-name-unknown.test.ts).
    const m = loadModelSync([join(appTemplate(), 'App.json')], {
      account: ACCOUNT,
      stackName: 'App',
      stackRoles: { App: DEPLOYER_ARN },
    });
    expect(check(m, '{ id: d, principal: user/dev, cannotBecome: role/admin }').status).toBe('pass');
    const c = check(m, '{ id: d, principal: user/dev, cannotBecome: role/deployer }');
    expect(c.status).toBe('fail');
    expect(c.message).toContain('cloudformation:UpdateStack on CloudFormation stack App');
  });

  it('a role the inputs do not hold: its permissions are unknown, indeterminate, with the option in the reason', () => {
    const m = loadModelSync([join(appTemplate(), 'App.json')], {
      account: ACCOUNT,
      stackRoles: { App: `arn:aws:iam::${ACCOUNT}:role/elsewhere` },
    });
    const c = check(m, '{ id: d, principal: user/dev, cannotBecome: role/admin }');
    expect(c.status).toBe('indeterminate');
    expect(c.indeterminate?.reasons.map((r) => r.text).join(' ')).toContain('--stack-role App=');
  });

  it('input errors: a malformed value, a stack the inputs do not hold, no CloudFormation input', () => {
    const file = join(appTemplate(), 'App.json');
    expect(() => loadModelSync([file], { stackRoles: { App: 'deployer' } })).toThrow(
      /--stack-role.*STACK=ROLE_ARN/,
    );
    expect(() => loadModelSync([file], { stackRoles: { Other: 'none' } })).toThrow(
      /names stack Other, which no CloudFormation template given alone deploys as \(the stacks whose service role the inputs do not state: App/,
    );
    // the base of a diff is given the new state's options: a stack the change adds is not there
    expect(() =>
      loadModelSync([file], { stackRoles: { Other: 'none' }, unmatchedStackRoles: 'ignore' }),
    ).not.toThrow();
    const tf = writeTempFiles({ 'main.tf': 'resource "aws_iam_user" "u" { name = "u" }\n' });
    // a Terraform configuration may name the stack (tf-stack-roles.test.ts); this one does not
    expect(() => loadModelSync([tf], { stackRoles: { App: 'none' } })).toThrow(
      /--stack-role names stack App, which .*no Terraform aws_cloudformation_stack/,
    );
  });

  it('the snapshot options record the stated roles; a snapshot written with others is refused', () => {
    const run = snapshotOptionsOf({ stackRoles: { App: 'none', Api: DEPLOYER_ARN } });
    expect(run.stackRoles).toEqual([`Api=${DEPLOYER_ARN}`, 'App=none']);
    const fail = (why: string): never => {
      throw new Error(why);
    };
    expect(snapshotOptionsFrom(JSON.parse(JSON.stringify(run)), fail)).toEqual(run);
    expect(incompatibleOptions(run, run)).toBeUndefined();
    expect(incompatibleOptions(snapshotOptionsOf({}), run)).toContain(
      `--stack-role: snapshot not given, this run Api=${DEPLOYER_ARN} App=none`,
    );
    // an older snapshot (no record) is no base for a run that states stack roles
    expect(incompatibleOptions(undefined, run)).toContain('--stack-role');
  });
});

describe('iamspec --stack-role', () => {
  it('check passes with App=none, a usage error for a malformed value; matrix JSON records it', async () => {
    const dir = writeTempFiles({
      'App.json': { Resources: resources(['cloudformation:UpdateStack'], APP_STACKS) },
      'spec.yaml': 'version: 1\nexpect:\n  - { id: d, principal: user/dev, cannotBecome: role/admin }\n',
    });
    const args = ['check', join(dir, 'App.json'), '--spec', join(dir, 'spec.yaml'), '--account', ACCOUNT];
    const without = await runCli(args);
    expect(without.code).not.toBe(0);
    const none = await runCli([...args, '--stack-role', 'App=none']);
    expect(none.code).toBe(0);
    const bad = await runCli([...args, '--stack-role', 'App=role/deployer']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--stack-role expects STACK=ROLE_ARN');
    const twice = await runCli([...args, '--stack-role', 'App=none', '--stack-role', `App=${DEPLOYER_ARN}`]);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toContain('gives stack App two roles');
    const out = join(dir, 'matrix.json');
    const matrix = await runCli([
      'matrix',
      join(dir, 'App.json'),
      '--account',
      ACCOUNT,
      '--stack-role',
      'App=none',
      '--principal',
      'user/dev',
      '--format',
      'json',
      '--out',
      out,
    ]);
    expect(matrix.code).toBe(0);
    const diff = await runCli(['diff', '--base', out, join(dir, 'App.json'), '--account', ACCOUNT]);
    expect(diff.code).toBe(2);
    expect(diff.stderr).toContain('--stack-role: snapshot App=none, this run not given');
  });
});

describe('the access spec’s stackRoles (as --stack-role, where iamspec check loads the inputs)', () => {
  const spec = (stackRoles: string) =>
    `version: 1\nstackRoles: ${stackRoles}\nexpect:\n  - { id: d, principal: user/dev, cannotBecome: role/admin }\n`;

  it('parsed as a mapping STACK: ROLE_ARN | none, each entry checked at its place', () => {
    expect(parseSpec(spec(`{ App: none, Api: "${DEPLOYER_ARN}" }`)).stackRoles).toEqual({
      App: 'none',
      Api: DEPLOYER_ARN,
    });
    expect(() => parseSpec(spec('{ App: role/deployer }'))).toThrow(
      /"stackRoles" expects STACK: ROLE_ARN \(arn:aws:iam::ACCOUNT:role\/NAME\) or STACK: none, got "App: role\/deployer"/,
    );
    expect(() => parseSpec(spec('{ app_stack: none }'))).toThrow(/"stackRoles" expects .* got "app_stack"/);
    expect(() => parseSpec(spec('[App=none]'))).toThrow(
      /"stackRoles" \(a mapping STACK: ROLE_ARN or STACK: none\)/,
    );
    expect(() => parseSpec(spec('{}'))).toThrow(/"stackRoles" names no stack/);
  });

  it('iamspec check applies it (was: unknown key); one stack given two roles by it and --stack-role is an error', async () => {
    const dir = writeTempFiles({
      'App.json': { Resources: resources(['cloudformation:UpdateStack'], APP_STACKS) },
      'none.yaml': spec('{ App: none }'),
      'deployer.yaml': spec(`{ App: "${DEPLOYER_ARN}" }`),
      'other.yaml': spec('{ Other: none }'),
    });
    const args = (file: string) => [
      'check',
      join(dir, 'App.json'),
      '--spec',
      join(dir, file),
      '--account',
      ACCOUNT,
    ];
    expect((await runCli(args('none.yaml'))).code).toBe(0);
    // only the deployer role is reached, not admin: the expectation holds
    expect((await runCli(args('deployer.yaml'))).code).toBe(0);
    const conflict = await runCli([...args('none.yaml'), '--stack-role', `App=${DEPLOYER_ARN}`]);
    expect(conflict.code).toBe(2);
    expect(conflict.stderr).toContain(
      `the spec's stackRoles gives stack App the role none, --stack-role App=${DEPLOYER_ARN}`,
    );
    // the same role both ways is no conflict
    expect((await runCli([...args('none.yaml'), '--stack-role', 'App=none'])).code).toBe(0);
    const other = await runCli(args('other.yaml'));
    expect(other.code).toBe(2);
    expect(other.stderr).toContain('names stack Other');
  });
});

describe('a nested stack whose template is not found runs with its root’s role', () => {
  const template = (resource: string) => ({
    Resources: {
      ...resources(['cloudformation:UpdateStack'], resource),
      Child: {
        Type: 'AWS::CloudFormation::Stack',
        Properties: { TemplateURL: 'https://s3.amazonaws.com/bucket/missing.json' },
      },
    },
  });

  it('UpdateStack on App-Child-*: an edge to the root’s stated role (was none: no record)', () => {
    const dir = writeTempFiles({
      'App.json': template('arn:aws:cloudformation:*:*:stack/App-Child-*/*'),
    });
    const m = loadModelSync([join(dir, 'App.json')], {
      account: ACCOUNT,
      stackName: 'App',
      stackRoles: { App: DEPLOYER_ARN },
    });
    const child = (m.stackRoles ?? []).find((s) => s.label === 'CloudFormation stack App-Child-*');
    expect(child?.role).toBe(DEPLOYER_ARN);
    // The unread template may write any policy of the account (aws/template-deployments.ts), so
    // the user's own decisions are indeterminate; the edge is there, to the stated role only.
    const edges = stackRoleEdges(compileModel(m), `arn:aws:iam::${ACCOUNT}:user/dev`);
    expect(edges.filter((e) => e.via.includes('App-Child-*')).map((e) => [e.to, e.via])).toEqual([
      [
        DEPLOYER_ARN,
        'cloudformation:UpdateStack on CloudFormation stack App-Child-* (runs with its service role)',
      ],
    ]);
  });

  it('UpdateStack on App-Child-abc* only (a name the generated part may have): an indeterminate edge (was none: the written name matched literally)', () => {
    // The nested stack's name is App-Child-<random> (`nestedStackName`): a policy on
    // App-Child-abc* may name it. With its template read and nothing else unknown, the written
    // ARN's unknown part was matched literally (not by App-Child-abc*): no edge, a silent pass.
    const dir = writeTempFiles({
      'App.json': {
        Resources: {
          ...resources(['cloudformation:UpdateStack'], 'arn:aws:cloudformation:*:*:stack/App-Child-abc*/*'),
          Child: { Type: 'AWS::CloudFormation::Stack', Properties: { TemplateURL: 'child.json' } },
        },
      },
      'child.json': { Resources: { Topic: { Type: 'AWS::SNS::Topic', Properties: { TopicName: 't' } } } },
    });
    const m = loadModelSync([join(dir, 'App.json')], {
      account: ACCOUNT,
      stackName: 'App',
      stackRoles: { App: DEPLOYER_ARN },
    });
    const edges = stackRoleEdges(compileModel(m), `arn:aws:iam::${ACCOUNT}:user/dev`).filter((e) =>
      e.via.includes('App-Child-*'),
    );
    expect(edges.map((e) => [e.to, e.access])).toEqual([[DEPLOYER_ARN, 'indeterminate']]);
    expect(edges[0]!.why?.join('\n')).toContain('generated parts of its name');
    // the name as written, allowed: a sure edge, as before
    const all = writeTempFiles({
      'App.json': {
        Resources: {
          ...resources(['cloudformation:UpdateStack'], 'arn:aws:cloudformation:*:*:stack/App-Child-*/*'),
          Child: { Type: 'AWS::CloudFormation::Stack', Properties: { TemplateURL: 'child.json' } },
        },
      },
      'child.json': { Resources: { Topic: { Type: 'AWS::SNS::Topic', Properties: { TopicName: 't' } } } },
    });
    const sure = stackRoleEdges(
      compileModel(
        loadModelSync([join(all, 'App.json')], {
          account: ACCOUNT,
          stackName: 'App',
          stackRoles: { App: DEPLOYER_ARN },
        }),
      ),
      `arn:aws:iam::${ACCOUNT}:user/dev`,
    ).filter((e) => e.via.includes('App-Child-*'));
    expect(sure.map((e) => [e.to, e.access])).toEqual([[DEPLOYER_ARN, 'allow']]);
  });

  it('the root’s role unknown: the nested stack’s is unknown with the root’s reason, never absent', () => {
    const dir = writeTempFiles({ 'App.json': template(APP_STACKS) });
    const m = loadModelSync([join(dir, 'App.json')], { account: ACCOUNT, stackName: 'App' });
    const child = (m.stackRoles ?? []).find((s) => s.label === 'CloudFormation stack App-Child-*');
    expect(child).toBeDefined();
    expect(isUnknown(child!.role) && child!.role.reason).toContain('stack App may have been deployed');
  });

  it('two levels down: Root-A-<random>-B-<random>, each random string unknown (was the literal App-Child-Grand-*)', () => {
    // Template Reference, "CloudFormation resource custom naming": "CloudFormation might name an
    // Amazon S3 bucket with the following physical ID MyStack-MyBucket-abcdefghijk1"; a nested
    // stack is named the same way, observed `<parent name>-<LogicalId>-<random>` at each level
    // (src/adapters/cloudformation/generated-names.ts `nestedStackName`): the grandchild of App
    // is App-Child-XXXX-Grand-YYYY, which the old literal App-Child-Grand-* did not name, so a
    // policy naming App-Child-*-Grand-* was no escalation (a silent pass).
    const dir = writeTempFiles({
      'App.json': {
        Resources: {
          ...resources(
            ['cloudformation:UpdateStack'],
            'arn:aws:cloudformation:*:*:stack/App-Child-*-Grand-*/*',
          ),
          Child: { Type: 'AWS::CloudFormation::Stack', Properties: { TemplateURL: 'child.json' } },
        },
      },
      'child.json': {
        Resources: {
          Grand: {
            Type: 'AWS::CloudFormation::Stack',
            Properties: { TemplateURL: 'https://s3.amazonaws.com/bucket/missing.json' },
          },
        },
      },
    });
    const m = loadModelSync([join(dir, 'App.json')], {
      account: ACCOUNT,
      stackName: 'App',
      stackRoles: { App: DEPLOYER_ARN },
    });
    const labels = (m.stackRoles ?? []).map((s) => s.label);
    expect(labels).toContain('CloudFormation stack App-Child-*-Grand-*');
    const edges = stackRoleEdges(compileModel(m), `arn:aws:iam::${ACCOUNT}:user/dev`);
    expect(edges.filter((e) => e.via.includes('Grand')).map((e) => [e.to, e.via])).toEqual([
      [
        DEPLOYER_ARN,
        'cloudformation:UpdateStack on CloudFormation stack App-Child-*-Grand-* (runs with its service role)',
      ],
    ]);
  });

  it('a name longer than a stack name may be (128) with the random strings: wholly unknown', () => {
    const short = nestedStackName(ROOT_AT, ['A', 'B']);
    expect(short.shown).toBe('App-A-*-B-*');
    expect(short.name).toMatch(
      /^App-A-\(unknown-generated-stack-[0-9a-f]{6}-1\)-B-\(unknown-generated-stack-[0-9a-f]{6}-2\)$/,
    );
    // CloudFormation API Reference, CreateStack, StackName: "It must start with an alphabetic
    // character and can't be longer than 128 characters." 3 + (1 + 50 + 1 + 13) * 2 = 133 > 128:
    // the generated name may be cut (how is undocumented), so no part of it is certain
    const long = nestedStackName(ROOT_AT, ['A'.repeat(50), 'B'.repeat(50)]);
    expect(long.name).toMatch(/^\(unknown-generated-stack-[0-9a-f]{6}\)$/);
    expect(long.shown).toContain('nested stack');
    // another root or another chain: another unknown
    expect(nestedStackName({ ...ROOT_AT, stackName: 'Api' }, ['A', 'B']).name).not.toBe(
      short.name.replace(/^App/, 'Api'),
    );
  });

  it('near miss: the root deploys with none: no record for the nested stack either', () => {
    const dir = writeTempFiles({ 'App.json': template(APP_STACKS) });
    const m = loadModelSync([join(dir, 'App.json')], { account: ACCOUNT, stackRoles: { App: 'none' } });
    expect(m.stackRoles ?? []).toEqual([]);
  });
});

describe('Terraform aws_cloudformation_stack whose iam_role_arn is known only after apply', () => {
  const assume = JSON.stringify(trust('cloudformation.amazonaws.com'));
  const updateApp = JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: 'cloudformation:UpdateStack', Resource: APP_STACKS }],
  });
  const roleArg = (role: string) => `iam_role_arn = ${role}`;
  const TOPIC_TEMPLATE = JSON.stringify({ Resources: { Topic: { Type: 'AWS::SNS::Topic' } } });
  const config = (role: string) => ({
    'main.tf': `resource "aws_iam_role" "admin" {
  name                = "admin"
  assume_role_policy  = ${JSON.stringify(assume)}
  managed_policy_arns = ["arn:aws:iam::aws:policy/AdministratorAccess"]
}
resource "aws_iam_role" "deploy" {
  name_prefix        = "deploy-"
  assume_role_policy = ${JSON.stringify(assume)}
}
resource "aws_iam_user" "dev" { name = "dev" }
resource "aws_iam_user_policy" "dev" {
  name   = "dev"
  user   = aws_iam_user.dev.name
  policy = ${JSON.stringify(updateApp)}
}
resource "aws_cloudformation_stack" "app" {
  name         = "App"
  template_body = ${JSON.stringify(TOPIC_TEMPLATE)}
  ${roleArg(role)}
}
`,
  });
  const change = (type: string, name: string, after: object, unknown: object = {}) => ({
    address: `${type}.${name}`,
    mode: 'managed',
    type,
    name,
    change: { actions: ['create'], before: null, after, after_unknown: unknown },
  });
  const plan = (roleRefs: string[]) => ({
    format_version: '1.2',
    terraform_version: '1.9.0',
    resource_changes: [
      change(
        'aws_iam_role',
        'admin',
        {
          name: 'admin',
          assume_role_policy: assume,
          managed_policy_arns: ['arn:aws:iam::aws:policy/AdministratorAccess'],
        },
        { arn: true },
      ),
      change(
        'aws_iam_role',
        'deploy',
        { name_prefix: 'deploy-', assume_role_policy: assume },
        { arn: true, name: true, id: true },
      ),
      change('aws_iam_user', 'dev', { name: 'dev' }, { arn: true }),
      change('aws_iam_user_policy', 'dev', { name: 'dev', user: 'dev', policy: updateApp }),
      change(
        'aws_cloudformation_stack',
        'app',
        { name: 'App', template_body: TOPIC_TEMPLATE },
        { iam_role_arn: true },
      ),
    ],
    configuration: {
      root_module: {
        resources: [
          {
            address: 'aws_cloudformation_stack.app',
            mode: 'managed',
            type: 'aws_cloudformation_stack',
            name: 'app',
            expressions: { iam_role_arn: { references: roleRefs } },
          },
        ],
      },
    },
  });
  const load = (files: FilesByPath) => {
    const dir = writeTempFiles(files);
    return loadModelSync(
      Object.hasOwn(files, 'main.tf') ? [join(dir, 'plan.json'), dir] : [join(dir, 'plan.json')],
      {
        account: ACCOUNT,
        region: 'us-east-1',
      },
    );
  };
  const DEPLOY_REFS = ['aws_iam_role.deploy.arn', 'aws_iam_role.deploy'];

  it('with the configuration directory: the role it computes (a name_prefix role), only', () => {
    const m = load({ 'plan.json': plan(DEPLOY_REFS), ...config('aws_iam_role.deploy.arn') });
    const deploy = m.roles.find((r) => r.arn.includes(':role/deploy-'))!;
    expect(m.stackRoles?.map((s) => s.role)).toEqual([deploy.arn]);
    expect(check(m, '{ id: d, principal: user/dev, cannotBecome: role/admin }').status).toBe('pass');
    expect(check(m, `{ id: d, principal: user/dev, cannotBecome: "${deploy.arn}" }`).status).toBe('fail');
  });

  it('near miss: the plan alone: unknown, indeterminate onto every role of the account', () => {
    const alone = load({ 'plan.json': plan(DEPLOY_REFS) });
    expect(alone.stackRoles?.map((s) => isUnknown(s.role))).toEqual([true]);
    expect(check(alone, '{ id: d, principal: user/dev, cannotBecome: role/admin }').status).toBe(
      'indeterminate',
    );
    // the reason says how to pin it (--stack-role by the stack's name: tf-stack-roles.test.ts)
    const role = alone.stackRoles?.[0]?.role;
    expect(isUnknown(role) && role.reason).toContain(
      'pin it with --stack-role App=ROLE_ARN|none, by giving the plan with its configuration directory',
    );
  });
});
