// The review's `outside-escalation` finding (analysis/risk-outside-escalation.ts): an account
// outside the inputs that may assume a role through which it becomes administrator-equivalent is
// one finding, "account X can become administrator-equivalent in account A through role R", with
// every hop and its statements. Before, the review said only "role R lets account X in"
// (cross-account, medium) and "role R can become role exec, which is administrator-equivalent"
// (escalation, high), apart: no finding said that the outside account gets the account.
// Pages:
// - IAM User Guide, "Switch from a user to an IAM role (AWS CLI)": "When you assume a role, you
//   give up your original permissions and take the permissions assigned to the role" (a session
//   of the role the outside account assumes may make the role's escalation requests).
// - AWS STS API Reference, AssumeRole, ExternalId: "A unique identifier that might be required
//   when you assume a role in another account. If the administrator of the account to which the
//   role belongs provided you with an external ID, then provide that value in the ExternalId
//   parameter." The caller chooses to send one, so a trust allowing only requests without one
//   (`Null: { sts:ExternalId: true }`, the CDK bootstrap's DenyExternalId) limits no caller
//   (analysis/risk-severity.ts); an external ID the trust names (StringEquals) does.
// - AWS CDK Developer Guide, "cdk bootstrap": "The modern bootstrap template effectively grants
//   the permissions implied by the `--cloudformation-execution-policies` to any AWS account in the
//   `--trust` list".

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { reviewRisks } from '../src/analysis/risks.js';
import type { RiskFinding } from '../src/analysis/types.js';
import { compileModel } from '../src/engine/index.js';
import { runCli } from './fixtures/cli/run.js';
import { modelOf } from './fixtures/cfn/load.js';
import { deployExecTemplate } from './helpers/deploy-exec-template.js';
import { tempDir, writeFileIn } from './helpers/temp-inputs.js';

const ACCOUNT = '111122223333';
const PIPELINE = '999988887777';
const ROLE = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;
const ADMIN_DETAIL = `account ${PIPELINE}: administrator access`;

const template = deployExecTemplate;

const trustOf = (condition?: object, action: unknown = 'sts:AssumeRole') => ({
  Effect: 'Allow',
  Principal: { AWS: PIPELINE },
  Action: action,
  ...(condition ? { Condition: condition } : {}),
});

function review(t: object, parameters: Record<string, string> = {}): RiskFinding[] {
  const model = modelOf(JSON.stringify(t, null, 2), { file: 'deploy.json', parameters });
  return reviewRisks(compileModel(model));
}

const outside = (risks: RiskFinding[]) => risks.filter((f) => f.kind === 'outside-escalation');
/**
 * Each way of an outside-escalation finding as the finding's detail was before the review grouped
 * them (one finding per caller, role and way: `CALLER: WAY`), joined with `, `.
 */
const ways = (f: RiskFinding) => (f.ways ?? []).map((w) => `${f.detail}: ${w.detail}`).join(', ');

describe('an outside account that may assume a role that can become an administrator', () => {
  it('is one high finding with the trust hop, the pass-role step and their sources (was two findings apart)', () => {
    const risks = review(template(trustOf()));
    // the two halves, as before
    expect(risks.some((f) => f.kind === 'cross-account-access' && f.subject === ROLE('deploy'))).toBe(true);
    expect(risks.some((f) => f.kind === 'privilege-escalation' && f.subject === ROLE('deploy'))).toBe(true);
    const [f, ...rest] = outside(risks);
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ severity: 'high', subject: ROLE('deploy'), detail: `account ${PIPELINE}` });
    expect(ways(f!)).toBe(ADMIN_DETAIL);
    expect(f!.indeterminate).toBeUndefined();
    expect(f!.message).toMatch(
      new RegExp(
        `^account ${PIPELINE} \\(outside the inputs\\) can become administrator-equivalent in account ${ACCOUNT} through role deploy\\. The path: sts:AssumeRole into role deploy, allowed by trust policy of role deploy`,
      ),
    );
    expect(f!.message).toContain('iam:PassRole + cloudformation:CreateStack');
    expect(f!.message).toContain('role exec, which is administrator-equivalent');
    const at = f!.statements.map((s) => `${s.stage} ${s.source?.logicalId}`);
    expect(at).toContain('trust Deploy');
    expect(at).toContain('identity Deploy');
  });

  it('near miss: the deploy role trusts its own account only: no outside-escalation finding', () => {
    const own = { ...trustOf(), Principal: { AWS: ACCOUNT } };
    expect(outside(review(template(own)))).toEqual([]);
  });

  it('near miss: the deploy role may not pass the execution role: no finding (the trust alone stays cross-account)', () => {
    const risks = review(template(trustOf(), { passRole: false }));
    expect(outside(risks)).toEqual([]);
    expect(risks.some((f) => f.kind === 'cross-account-access')).toBe(true);
  });

  it('a trust that asks for no external ID limits no caller: high (the caller sends none)', () => {
    const f = outside(review(template(trustOf({ Null: { 'sts:ExternalId': 'true' } }))));
    expect(f.map((x) => x.severity)).toEqual(['high']);
  });

  it('near miss: a trust that asks for a given external ID, or a source IP, is a real limit: medium (one step lower, a possible takeover: risk-severity.ts conditionalSeverity; was low)', () => {
    const id = outside(review(template(trustOf({ StringEquals: { 'sts:ExternalId': 'secret' } }))));
    expect(id.map((x) => x.severity)).toEqual(['medium']);
    const ip = outside(review(template(trustOf({ IpAddress: { 'aws:SourceIp': '192.0.2.0/24' } }))));
    expect(ip.map((x) => x.severity)).toEqual(['medium']);
    // absent external ID together with another condition: the other one still limits
    const both = outside(
      review(
        template(
          trustOf({ Null: { 'sts:ExternalId': 'true' }, IpAddress: { 'aws:SourceIp': '192.0.2.0/24' } }),
        ),
      ),
    );
    expect(both.map((x) => x.severity)).toEqual(['medium']);
  });

  it('an undecided trust hop makes it indeterminate, with the reason at the trust statement; pinned: not', () => {
    const t = template(trustOf(undefined, { Ref: 'TrustAction' }), {
      parameters: { TrustAction: { Type: 'String' } },
    });
    const [f] = outside(review(t));
    expect(f).toMatchObject({ severity: 'medium', detail: `account ${PIPELINE}` });
    expect(ways(f!)).toBe(ADMIN_DETAIL);
    expect(f!.indeterminate?.reasons.length).toBeGreaterThan(0);
    // at the parameter that leaves the trust's action unknown, in the trust statement of Deploy
    const [reason] = f!.indeterminate!.reasons;
    expect(reason).toMatchObject({ kind: 'unknown-action', stage: 'trust' });
    expect(reason!.source).toMatchObject({ file: 'deploy.json', pointer: '/Parameters/TrustAction' });
    expect(reason!.statementSource).toMatchObject({ file: 'deploy.json', logicalId: 'Deploy' });
    const [pinned] = outside(review(t, { TrustAction: 'sts:AssumeRole' }));
    expect(pinned).toMatchObject({ severity: 'high' });
    expect(pinned!.indeterminate).toBeUndefined();
  });

  it('a role whose escalation is undecided (high if the unknown went the bad way): an indeterminate finding, medium, with the reasons of both parts (was none)', () => {
    // the deploy role may write its own inline policy (a high escalation, no administrator
    // path), by a statement that exists only if an undecided condition holds
    const t = template(trustOf(), { passRole: false }) as {
      Resources: Record<string, object> & {
        Deploy: { Properties: { Policies: { PolicyDocument: { Statement: object[] } }[] } };
      };
    };
    const statements = t.Resources.Deploy.Properties.Policies[0].PolicyDocument.Statement;
    const put = {
      Effect: 'Allow',
      Action: 'iam:PutRolePolicy',
      Resource: ROLE('deploy'),
    };
    statements[1] = { 'Fn::If': ['MayPass', put, { Ref: 'AWS::NoValue' }] };
    const undecided = {
      ...t,
      Parameters: { Pass: { Type: 'String' } },
      Conditions: { MayPass: { 'Fn::Equals': [{ Ref: 'Pass' }, 'yes'] } },
    };
    const risks = review(undecided);
    const esc = risks.find((f) => f.kind === 'privilege-escalation' && f.subject === ROLE('deploy'));
    expect(esc?.indeterminate).toBeDefined();
    expect(esc!.severity).toBe('medium');
    const [f, ...rest] = outside(risks);
    expect(rest).toEqual([]);
    expect(f).toMatchObject({
      severity: 'medium',
      subject: ROLE('deploy'),
      detail: `account ${PIPELINE}`,
    });
    expect(ways(f!)).toBe(`account ${PIPELINE}: ${esc!.detail}`);
    // the end's reasons are the escalation's own
    expect(f!.indeterminate?.reasons).toEqual(expect.arrayContaining(esc!.indeterminate!.reasons));
    // the trust hop undecided too: the reasons of both parts
    const both = review({
      ...undecided,
      Parameters: { ...undecided.Parameters, TrustAction: { Type: 'String' } },
      Resources: {
        ...undecided.Resources,
        Deploy: {
          ...undecided.Resources.Deploy,
          Properties: {
            ...undecided.Resources.Deploy.Properties,
            AssumeRolePolicyDocument: {
              Version: '2012-10-17',
              Statement: [trustOf(undefined, { Ref: 'TrustAction' })],
            },
          },
        },
      },
    });
    const [g] = outside(both);
    expect(g?.severity).toBe('medium');
    const kinds = g!.indeterminate!.reasons.map((r) => `${r.kind} ${r.stage}`);
    expect(kinds).toContain('unknown-action trust');
    expect(g!.indeterminate!.reasons.length).toBeGreaterThan(1);
    // pinned: a sure high escalation, a high finding
    const [pinned] = outside(review(undecided, { Pass: 'yes' }));
    expect(pinned).toMatchObject({ severity: 'high' });
    expect(pinned!.indeterminate).toBeUndefined();
  });

  it('an administrator role the outside account assumes, directly or through a role chain', () => {
    const doc = (Statement: object[]) => ({ Version: '2012-10-17', Statement });
    const t = {
      Resources: {
        Admin: {
          Type: 'AWS::IAM::Role',
          Properties: {
            RoleName: 'admin',
            AssumeRolePolicyDocument: doc([
              trustOf(),
              {
                Effect: 'Allow',
                Principal: { AWS: { 'Fn::GetAtt': ['Hop', 'Arn'] } },
                Action: 'sts:AssumeRole',
              },
            ]),
            ManagedPolicyArns: ['arn:aws:iam::aws:policy/AdministratorAccess'],
          },
        },
        Hop: {
          Type: 'AWS::IAM::Role',
          Properties: {
            RoleName: 'hop',
            AssumeRolePolicyDocument: doc([trustOf()]),
            Policies: [
              {
                PolicyName: 'hop',
                PolicyDocument: doc([
                  { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: { 'Fn::GetAtt': ['Admin', 'Arn'] } },
                ]),
              },
            ],
          },
        },
      },
    };
    const found = outside(review(t));
    expect(found.map((f) => `${f.subject} ${f.severity}`).sort()).toEqual([
      `${ROLE('admin')} high`,
      `${ROLE('hop')} high`,
    ]);
    const hop = found.find((f) => f.subject === ROLE('hop'))!;
    expect(hop.message).toContain('sts:AssumeRole into role hop');
    expect(hop.message).toContain('sts:AssumeRole into role admin');
    expect(hop.message).toContain('role admin is administrator-equivalent');
  });
});

describe('the CDK bootstrap with --trust', () => {
  const TEMPLATE = readFileSync('test/fixtures/cloudformation/cdk-bootstrap-template.yaml', 'utf8');
  const bootstrap = (parameters: Record<string, string>) =>
    reviewRisks(compileModel(modelOf(TEMPLATE, { parameters, file: 'cdk-bootstrap-template.yaml' })));
  const DEPLOY = ROLE(`cdk-hnb659fds-deploy-role-${ACCOUNT}-us-west-2`);

  it('the trusted account can become administrator-equivalent through the deploy role and the execution role', () => {
    const found = outside(
      bootstrap({
        TrustedAccounts: PIPELINE,
        CloudFormationExecutionPolicies: 'arn:aws:iam::aws:policy/AdministratorAccess',
      }),
    );
    expect(found.map((f) => `${f.subject} ${ways(f)} ${f.severity}`)).toEqual([
      `${DEPLOY} ${ADMIN_DETAIL} high`,
    ]);
    expect(found[0]!.message).toContain(`cdk-hnb659fds-cfn-exec-role-${ACCOUNT}-us-west-2`);
    expect(
      found[0]!.statements.some((s) => s.stage === 'trust' && s.source?.logicalId === 'DeploymentActionRole'),
    ).toBe(true);
  });

  it('near miss: without --trust, no outside account', () => {
    expect(
      outside(bootstrap({ CloudFormationExecutionPolicies: 'arn:aws:iam::aws:policy/AdministratorAccess' })),
    ).toEqual([]);
  });
});

describe('the reports show it as the other findings', () => {
  const dir = tempDir('iamspec-outside-');
  const write = (name: string, t: object) => {
    return writeFileIn(dir, `${name}/deploy.template.json`, JSON.stringify(t, null, 2));
  };
  const own = write('base', template({ ...trustOf(), Principal: { AWS: ACCOUNT } }));
  const open = write('open', template(trustOf()));
  const ENV = ['--account', ACCOUNT, '--region', 'us-west-2'];

  it('matrix --format json and html', async () => {
    const json = await runCli(['matrix', open, ...ENV, '--format', 'json']);
    const risks = JSON.parse(json.stdout).risks as RiskFinding[];
    expect(risks.filter((f) => f.kind === 'outside-escalation').map(ways)).toEqual([ADMIN_DETAIL]);
    const html = (await runCli(['matrix', open, ...ENV, '--format', 'html'])).stdout;
    const start = html.indexOf('<section class="risk" data-kind="outside-escalation">');
    expect(start).toBeGreaterThanOrEqual(0);
    expect(html.slice(start, html.indexOf('</section>', start))).toContain(
      `account ${PIPELINE} (outside the inputs) can become administrator-equivalent`,
    );
  });

  it('diff: a new outside escalation in text, Markdown and SARIF', async () => {
    const text = (await runCli(['diff', '--base', own, open, ...ENV])).stdout;
    expect(text).toContain(
      `[high] account ${PIPELINE} (outside the inputs) can become administrator-equivalent`,
    );
    const md = (await runCli(['diff', '--base', own, open, ...ENV, '--format', 'markdown'])).stdout;
    expect(md).toContain(`account ${PIPELINE} (outside the inputs) can become administrator-equivalent`);
    const sarif = JSON.parse(
      (await runCli(['diff', '--base', own, open, ...ENV, '--format', 'sarif'])).stdout,
    );
    const results = sarif.runs[0].results as { message: { text: string }; properties?: { kind?: string } }[];
    expect(
      results.some((r) => r.message.text.includes(`account ${PIPELINE} (outside the inputs) can become`)),
    ).toBe(true);
  });
});
