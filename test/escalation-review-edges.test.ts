// The review follows every edge of the escalation graph (one list: src/analysis/escalation-methods.ts,
// read by the review, risk-escalation.ts / escalation-chains.ts, and by the spec's `noEscalation`,
// escalation.ts): rewriting a role's trust policy, then assuming it; another user's keys or console
// password; commands on an EC2 instance whose instance profile holds a role; new code for a
// function or a build of a project that runs with a role; policies of a group the user is in.
// Before, the review had no finding for ssm or CodeBuild, followed only role chains and passed
// roles to further principals, and `noEscalation` did not know group policies: a user who could
// reach an escalating role so had no finding, and `diff --fail-on risk` passed the PR adding the
// first hop.
//
// Pages (the effect of each action):
// - IAM API Reference, UpdateAssumeRolePolicy: "Updates the policy that grants an IAM entity
//   permission to assume a role",
//   https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateAssumeRolePolicy.html
// - IAM API Reference, CreateAccessKey: "Creates a new AWS secret access key and corresponding AWS
//   access key ID for the specified user",
//   https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateAccessKey.html
// - IAM API Reference, CreateLoginProfile: "Creates a password for the specified IAM user. A
//   password allows an IAM user to access AWS services through the AWS Management Console",
//   https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateLoginProfile.html
// - AWS Systems Manager API Reference, SendCommand: "Runs commands on one or more managed nodes",
//   https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_SendCommand.html
// - IAM User Guide, "Use an IAM role to grant permissions to applications running on Amazon EC2
//   instances": the applications on the instance get the role's temporary credentials,
//   https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_switch-role-ec2.html
// - AWS CodeBuild API Reference, StartBuild, buildspecOverride: "A buildspec file declaration that
//   overrides the latest one defined in the build project, for this build only",
//   https://docs.aws.amazon.com/codebuild/latest/APIReference/API_StartBuild.html
// - IAM API Reference, AttachGroupPolicy: "Attaches the specified managed policy to the specified
//   IAM group", https://docs.aws.amazon.com/IAM/latest/APIReference/API_AttachGroupPolicy.html;
//   IAM User Guide, "IAM user groups": users in the group "automatically have the permissions
//   that are assigned to the user group".

import { describe, expect, it } from 'vitest';
import { becomePaths } from '../src/analysis/escalation.js';
import { testSource } from './helpers/engine-fixtures.js';
import { ACCOUNT_A, allow, arns, policy, REGION, TestModel } from './helpers/engine-fixtures.js';
import { riskDiff } from './helpers/risk-diff.js';
import { escalationFindings, noEscalationCheck } from './helpers/escalation-findings.js';
import { tempDir, writeFileIn } from './helpers/temp-inputs.js';

const PAGE = {
  updateTrust:
    'IAM API Reference, UpdateAssumeRolePolicy: "Updates the policy that grants an IAM entity permission to assume a role"',
  createAccessKey:
    'IAM API Reference, CreateAccessKey: "Creates a new AWS secret access key and corresponding AWS access key ID for the specified user"',
  sendCommand: 'AWS Systems Manager API Reference, SendCommand: "Runs commands on one or more managed nodes"',
  startBuild:
    'AWS CodeBuild API Reference, StartBuild, buildspecOverride: "A buildspec file declaration that overrides the latest one defined in the build project, for this build only"',
  attachGroupPolicy:
    'IAM API Reference, AttachGroupPolicy: "Attaches the specified managed policy to the specified IAM group"',
};

const GROUP_DEVS = `arn:aws:iam::${ACCOUNT_A}:group/devs`;
const CHAINED_SELF = 'Rhino Security Labs method 12, through a chain';

const escalations = escalationFindings;
const noEscalation = noEscalationCheck;

/**
 * Role `ops` may write its own inline policies (Rhino Security Labs 12) and runs an EC2 instance,
 * a Lambda function and a CodeBuild project; user `dev` has `devStatements`.
 */
function model(devStatements: Record<string, unknown>[]) {
  const t = new TestModel();
  t.user('dev', { inline: [policy(...devStatements)] });
  t.user('other', { inline: [policy(allow('s3:ListAllMyBuckets', '*'))] });
  const ops = t.role('ops', {
    trust: policy(
      allow('sts:AssumeRole', undefined, {
        Principal: { Service: ['ec2.amazonaws.com', 'lambda.amazonaws.com', 'codebuild.amazonaws.com'] },
      }),
    ),
    inline: [policy(allow('iam:PutRolePolicy', arns.role('ops')))],
  });
  t.b.addInstanceProfile(ops, {
    name: 'ops-profile',
    arn: `arn:aws:iam::${ACCOUNT_A}:instance-profile/ops-profile`,
    source: testSource('ops-profile'),
    usedBy: [{ kind: 'ec2-instance', name: 'OpsHost', source: testSource('OpsHost') }],
  });
  const fn = `arn:aws:lambda:${REGION}:${ACCOUNT_A}:function:ops-fn`;
  t.resource('lambda-function', fn, { name: 'ops-fn' });
  t.b.linkRoleUse(arns.role('ops'), {
    kind: 'lambda-function',
    name: 'ops-fn',
    arn: fn,
    service: 'lambda.amazonaws.com',
    source: testSource('ops-fn'),
  });
  t.b.linkRoleUse(arns.role('ops'), {
    kind: 'codebuild-project',
    name: 'ops-build',
    arn: `arn:aws:codebuild:${REGION}:${ACCOUNT_A}:project/ops-build`,
    service: 'codebuild.amazonaws.com',
    source: testSource('ops-build'),
  });
  return t.engine();
}

describe('the review follows every edge of the escalation graph to an escalating role', () => {
  const cases: [string, string, Record<string, unknown>, string, string][] = [
    [
      'ssm:SendCommand on its EC2 instances',
      PAGE.sendCommand,
      allow('ssm:SendCommand', '*'),
      'ssm:SendCommand on an EC2 instance with a role',
      'as user dev, ssm:SendCommand on its EC2 instances (running as role ops)',
    ],
    [
      'codebuild:StartBuild on its project',
      PAGE.startBuild,
      allow('codebuild:StartBuild', `arn:aws:codebuild:${REGION}:${ACCOUNT_A}:project/ops-build`),
      'codebuild:StartBuild with a buildspec of its own',
      'as user dev, codebuild:StartBuild on CodeBuild project ops-build (running as role ops)',
    ],
    [
      'lambda:UpdateFunctionCode on its function',
      'Rhino Security Labs 17, "Updating the code of an existing Lambda function"',
      allow('lambda:UpdateFunctionCode', '*'),
      'Rhino Security Labs method 17',
      'as user dev, lambda:UpdateFunctionCode on Lambda function ops-fn (running as role ops)',
    ],
    [
      'iam:UpdateAssumeRolePolicy on the role',
      PAGE.updateTrust,
      allow('iam:UpdateAssumeRolePolicy', arns.role('ops')),
      'Rhino Security Labs method 14',
      'as user dev, iam:UpdateAssumeRolePolicy on role ops, then sts:AssumeRole into it',
    ],
  ];
  it.each(cases)(
    '%s: its own finding, and the role’s escalation through it, naming the step (%s)',
    (_, page, grant, own, step) => {
      const engine = model([grant]);
      const found = escalations(engine);
      const dev = arns.user('dev');
      expect(found.get(`${dev} ${own}`), page).toBeDefined();
      const chained = found.get(`${dev} ${CHAINED_SELF}`)!;
      expect(chained, page).toBeDefined();
      expect(chained.severity).toBe('high');
      expect(chained.message).toContain(
        `user dev can become role ops, which can write an inline policy on its own role`,
      );
      expect(chained.message).toContain(
        `The path: ${step}, allowed by inline policy dev-inline-0 of user dev`,
      );
      // The step's statement and the role's own are the finding's statements.
      expect(chained.statements.map((s) => s.policy)).toEqual([
        'inline policy dev-inline-0 of user dev',
        'inline policy ops-inline-0 of role ops',
      ]);
      // The spec's noEscalation follows the same edge (escalation.ts, the same table).
      expect(noEscalation(engine, 'user/dev').status).not.toBe('pass');
      // Without the grant: nothing.
      const none = escalations(model([allow('s3:ListAllMyBuckets', '*')]));
      expect([...none.keys()].filter((k) => k.startsWith(dev))).toEqual([]);
    },
  );

  it(`another user's access key (${PAGE.createAccessKey}): that user's escalation through it`, () => {
    const t = new TestModel();
    t.user('dev', { inline: [policy(allow('iam:CreateAccessKey', arns.user('ops')))] });
    t.user('ops', { inline: [policy(allow('iam:PutUserPolicy', arns.user('ops')))] });
    const found = escalations(t.engine());
    const f = found.get(`${arns.user('dev')} Rhino Security Labs method 10, through a chain`)!;
    expect(f, PAGE.createAccessKey).toBeDefined();
    expect(f.message).toContain('The path: as user dev, iam:CreateAccessKey on user ops, allowed by');
    expect(f.severity).toBe('high');
  });
});

describe(`noEscalation knows group policies now (${PAGE.attachGroupPolicy})`, () => {
  it('a user who may attach a policy to its own group fails noEscalation, as the review says (Rhino 8)', () => {
    const t = new TestModel();
    const dev = t.user('dev');
    t.group('devs', [dev], { inline: [policy(allow('iam:AttachGroupPolicy', GROUP_DEVS))] });
    t.user('reader', { inline: [policy(allow('s3:ListAllMyBuckets', '*'))] });
    const engine = t.engine();
    const check = noEscalation(engine, 'user/dev');
    expect(check.status, PAGE.attachGroupPolicy).toBe('fail');
    expect(check.message).toContain(`iam:AttachGroupPolicy on ${GROUP_DEVS}`);
    expect(escalations(engine).has(`${arns.user('dev')} Rhino Security Labs method 8`)).toBe(true);
    expect(noEscalation(engine, 'user/reader').status).toBe('pass');
  });
});

describe('the graph reads the same table: ssm edges from the ssm methods, in table order', () => {
  it('ssm:StartSession alone is an edge too (the second ssm method)', () => {
    const engine = model([allow('ssm:StartSession', '*')]);
    const p = becomePaths(engine, arns.user('dev')).find((x) => x.to === arns.role('ops'))!;
    expect(p.path.map((e) => [e.how, e.via])).toEqual([['ssm', 'ssm:StartSession on its EC2 instances']]);
    expect(
      escalations(engine).has(`${arns.user('dev')} ssm:StartSession on an EC2 instance with a role`),
    ).toBe(true);
  });
});

// --- diff --fail-on risk ----------------------------------------------------------------------

const ENV = ['--account', ACCOUNT_A, '--region', 'us-east-1'];
const statements = (...s: Record<string, unknown>[]) => ({ Version: '2012-10-17', Statement: s });

/**
 * User dev (with `devStatements`) and role ops (may write its own inline policies; EC2 may
 * assume it), with an EC2 instance running with ops's instance profile when `instance`.
 */
function template(devStatements: Record<string, unknown>[], instance: boolean): Record<string, unknown> {
  return {
    Resources: {
      Dev: {
        Type: 'AWS::IAM::User',
        Properties: {
          UserName: 'dev',
          Policies: [{ PolicyName: 'dev', PolicyDocument: statements(...devStatements) }],
        },
      },
      Ops: {
        Type: 'AWS::IAM::Role',
        Properties: {
          RoleName: 'ops',
          AssumeRolePolicyDocument: statements({
            Effect: 'Allow',
            Principal: { Service: 'ec2.amazonaws.com' },
            Action: 'sts:AssumeRole',
          }),
          Policies: [
            {
              PolicyName: 'ops',
              PolicyDocument: statements({
                Sid: 'SelfWrite',
                Effect: 'Allow',
                Action: 'iam:PutRolePolicy',
                Resource: `arn:aws:iam::${ACCOUNT_A}:role/ops`,
              }),
            },
          ],
        },
      },
      OpsProfile: {
        Type: 'AWS::IAM::InstanceProfile',
        Properties: { InstanceProfileName: 'ops-profile', Roles: [{ Ref: 'Ops' }] },
      },
      ...(instance
        ? {
            OpsHost: {
              Type: 'AWS::EC2::Instance',
              Properties: { ImageId: 'ami-12345678', IamInstanceProfile: { Ref: 'OpsProfile' } },
            },
          }
        : {}),
    },
  };
}

const dir = tempDir('iamspec-review-edges-');
function write(name: string, devStatements: Record<string, unknown>[], instance: boolean): string {
  return writeFileIn(
    dir,
    `${name}/acme.template.json`,
    JSON.stringify(template(devStatements, instance), null, 2),
  );
}
const READ = { Sid: 'Read', Effect: 'Allow', Action: 's3:ListAllMyBuckets', Resource: '*' };
const SEND = { Sid: 'Send', Effect: 'Allow', Action: 'ssm:SendCommand', Resource: '*' };
const BASE = write('base', [READ], true);
const WITH_SEND = write('send', [READ, SEND], true);
const SEND_NO_HOST = write('send-no-host', [READ, SEND], false);

describe(`diff --fail-on risk: the first hop onto a role through its EC2 instance (${PAGE.sendCommand})`, () => {
  it("a PR adding only ssm:SendCommand to dev exits 1 with dev's findings; the reverse exits 0", async () => {
    const r = await riskDiff(BASE, WITH_SEND, ...ENV);
    expect(r.code).toBe(1);
    // (and a wildcard-resource finding for ssm:SendCommand on `*`)
    const added = r.added.filter((f) => f.kind === 'privilege-escalation');
    expect(added.map((f) => [f.subject, f.detail, f.severity])).toEqual([
      [arns.user('dev'), 'ssm:SendCommand on an EC2 instance with a role', 'medium'],
      [arns.user('dev'), CHAINED_SELF, 'high'],
    ]);
    expect(added[1]!.message).toContain('Sid "Send"');
    // The step's statement and ops's own (Sid SelfWrite).
    expect(added[1]!.statements.map((x) => x.source?.logicalId)).toEqual(['Dev', 'Ops']);
    expect((await riskDiff(WITH_SEND, BASE, ...ENV)).code).toBe(0);
  });

  it('a PR adding only the EC2 instance that runs with ops exits 1: dev, unchanged, is reviewed again', async () => {
    const r = await riskDiff(SEND_NO_HOST, WITH_SEND, ...ENV);
    expect(r.code).toBe(1);
    expect(r.added.map((f) => f.detail)).toEqual([
      'ssm:SendCommand on an EC2 instance with a role',
      CHAINED_SELF,
    ]);
  });
});
