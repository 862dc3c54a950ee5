// Every kind of risk finding whose verdict can be indeterminate carries the structured
// `indeterminate: { reasons }` (analysis/indeterminate.ts) exactly when it is, each reason at the
// source of its unknown (the template's file:line) with the statement that depends on it (its
// logical id), and carries none once the inputs pin the value down (the same template with
// --parameter). The unknowns: CloudFormation parameters without a Default, in the Action or
// Resource of a statement. AWS CloudFormation User Guide, "Parameters": "Use the optional
// Parameters section to customize your templates. With parameters, you can input custom values
// to your template each time you create or update a stack." (the value is the stack's, not the
// template's: iamspec does not know it until given one).
// The HTML access review shows the same reasons on each such finding ("indeterminate because
// ..."), in the rows it writes and in the rows its script draws on request.

import { describe, expect, it } from 'vitest';
import type { RiskFinding } from '../src/analysis/types.js';
import { lineOf, runCli, tempJson } from './fixtures/cli/run.js';

const ACCOUNT = '111122223333';
const doc = (statements: object[]) => ({ Version: '2012-10-17', Statement: statements });

/** Parameters each deciding one finding, with the values that pin them down. */
const PINNED: Record<string, string> = {
  PublicAction: 's3:GetObject',
  PeerAction: 's3:GetObject',
  TopicAction: 'sns:Publish',
  FederatedAction: 'sts:AssumeRoleWithWebIdentity',
  WeakAction: 'sts:AssumeRoleWithWebIdentity',
  PassTarget: '*',
  AttachTarget: `arn:aws:iam::${ACCOUNT}:user/dev`,
  HopTarget: `arn:aws:iam::${ACCOUNT}:role/ops`,
};

const template = {
  Parameters: Object.fromEntries(Object.keys(PINNED).map((p) => [p, { Type: 'String' }])),
  Resources: {
    Data: { Type: 'AWS::S3::Bucket', Properties: { BucketName: 'iamspec-data' } },
    DataPolicy: {
      Type: 'AWS::S3::BucketPolicy',
      Properties: {
        Bucket: { Ref: 'Data' },
        PolicyDocument: doc([
          {
            Effect: 'Allow',
            Principal: '*',
            Action: { Ref: 'PublicAction' },
            Resource: 'arn:aws:s3:::iamspec-data/*',
          },
        ]),
      },
    },
    Shared: { Type: 'AWS::S3::Bucket', Properties: { BucketName: 'iamspec-shared' } },
    SharedPolicy: {
      Type: 'AWS::S3::BucketPolicy',
      Properties: {
        Bucket: { Ref: 'Shared' },
        PolicyDocument: doc([
          {
            Effect: 'Allow',
            Principal: { AWS: 'arn:aws:iam::444455556666:root' },
            Action: { Ref: 'PeerAction' },
            Resource: 'arn:aws:s3:::iamspec-shared/*',
          },
        ]),
      },
    },
    Alerts: { Type: 'AWS::SNS::Topic', Properties: { TopicName: 'alerts' } },
    AlertsPolicy: {
      Type: 'AWS::SNS::TopicPolicy',
      Properties: {
        Topics: [{ Ref: 'Alerts' }],
        PolicyDocument: doc([
          {
            Effect: 'Allow',
            Principal: { Service: 'events.amazonaws.com' },
            Action: { Ref: 'TopicAction' },
            Resource: { Ref: 'Alerts' },
          },
        ]),
      },
    },
    WebRole: {
      Type: 'AWS::IAM::Role',
      Properties: {
        RoleName: 'web',
        AssumeRolePolicyDocument: doc([
          {
            Effect: 'Allow',
            Principal: { Federated: 'cognito-identity.amazonaws.com' },
            Action: { Ref: 'FederatedAction' },
            Condition: {
              StringEquals: { 'cognito-identity.amazonaws.com:aud': 'us-east-1:pool' },
              'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': 'authenticated' },
            },
          },
        ]),
      },
    },
    OpenRole: {
      Type: 'AWS::IAM::Role',
      Properties: {
        RoleName: 'open',
        AssumeRolePolicyDocument: doc([
          {
            Effect: 'Allow',
            Principal: { Federated: 'cognito-identity.amazonaws.com' },
            Action: { Ref: 'WeakAction' },
          },
        ]),
      },
    },
    Dev: {
      Type: 'AWS::IAM::User',
      Properties: {
        UserName: 'dev',
        Policies: [
          {
            PolicyName: 'dev',
            PolicyDocument: doc([
              { Effect: 'Allow', Action: 'iam:PassRole', Resource: { Ref: 'PassTarget' } },
              { Effect: 'Allow', Action: 'iam:AttachUserPolicy', Resource: { Ref: 'AttachTarget' } },
              { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: { Ref: 'HopTarget' } },
            ]),
          },
        ],
      },
    },
    Ops: {
      Type: 'AWS::IAM::Role',
      Properties: {
        RoleName: 'ops',
        AssumeRolePolicyDocument: doc([
          {
            Effect: 'Allow',
            Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
            Action: 'sts:AssumeRole',
          },
        ]),
        Policies: [
          {
            PolicyName: 'ops',
            PolicyDocument: doc([
              {
                Effect: 'Allow',
                Action: 'iam:PutRolePolicy',
                Resource: `arn:aws:iam::${ACCOUNT}:role/ops`,
              },
            ]),
          },
        ],
      },
    },
  },
};

/** The template in a file of its own (one per run: pinned or not), pretty-printed (one element a line). */
const templateFile = () => tempJson('template.json', JSON.stringify(template, null, 2));
const pins = (pinned: boolean) =>
  pinned ? Object.entries(PINNED).flatMap(([k, v]) => ['--parameter', `${k}=${v}`]) : [];

/** The review's findings of the template: with every parameter open, or pinned by --parameter. */
async function findings(pinned: boolean): Promise<{ file: string; risks: RiskFinding[]; stderr: string }> {
  const file = await templateFile();
  const run = await runCli(['matrix', file, '--account', ACCOUNT, '--format', 'json', ...pins(pinned)]);
  return { file, risks: JSON.parse(run.stdout).risks as RiskFinding[], stderr: run.stderr };
}

/** The HTML access review of the template (`matrix --format html`). */
async function review(pinned: boolean): Promise<{ file: string; html: string }> {
  const file = await templateFile();
  const run = await runCli(['matrix', file, '--account', ACCOUNT, '--format', 'html', ...pins(pinned)]);
  return { file, html: run.stdout };
}

/** The summary section of the review about findings of `kind`. */
function section(html: string, kind: string): string {
  const start = html.indexOf(`<section class="risk" data-kind="${kind}">`);
  expect(start, kind).toBeGreaterThanOrEqual(0);
  return html.slice(start, html.indexOf('</section>', start));
}

/** What each finding of the open template depends on: its parameter and the statement's logical id. */
const CASES: {
  kind: RiskFinding['kind'];
  subject: string;
  detail?: string;
  parameter: string;
  logicalId: string;
}[] = [
  {
    kind: 'public-access',
    subject: 'arn:aws:s3:::iamspec-data',
    parameter: 'PublicAction',
    logicalId: 'DataPolicy',
  },
  {
    kind: 'cross-account-access',
    subject: 'arn:aws:s3:::iamspec-shared',
    parameter: 'PeerAction',
    logicalId: 'SharedPolicy',
  },
  { kind: 'confused-deputy', subject: ':alerts', parameter: 'TopicAction', logicalId: 'AlertsPolicy' },
  {
    kind: 'federated-entry-point',
    subject: `arn:aws:iam::${ACCOUNT}:role/web`,
    parameter: 'FederatedAction',
    logicalId: 'WebRole',
  },
  {
    kind: 'weak-federated-trust',
    subject: `arn:aws:iam::${ACCOUNT}:role/open`,
    parameter: 'WeakAction',
    logicalId: 'OpenRole',
  },
  {
    kind: 'passrole-wildcard',
    subject: `arn:aws:iam::${ACCOUNT}:user/dev`,
    parameter: 'PassTarget',
    logicalId: 'Dev',
  },
  {
    kind: 'privilege-escalation',
    subject: `arn:aws:iam::${ACCOUNT}:user/dev`,
    detail: 'Rhino Security Labs method 7',
    parameter: 'AttachTarget',
    logicalId: 'Dev',
  },
];

const CHAINED = 'Rhino Security Labs method 12, through a chain';

function findingOf(risks: RiskFinding[], c: { kind: string; subject: string; detail?: string }) {
  const f = risks.find(
    (x) => x.kind === c.kind && x.subject.endsWith(c.subject) && (!c.detail || x.detail === c.detail),
  );
  expect(f, `${c.kind} ${c.subject}`).toBeDefined();
  return f!;
}

describe('indeterminate on every kind of risk finding (a template whose parameters have no value)', () => {
  it('each finding carries { reasons }: its parameter at its line, the statement by logical id', async () => {
    const { file, risks } = await findings(false);
    for (const c of CASES) {
      const f = findingOf(risks, c);
      const reasons = f.indeterminate?.reasons ?? [];
      expect(reasons.length, c.kind).toBeGreaterThan(0);
      const line = await lineOf(file, `"${c.parameter}": {`);
      const at = reasons.find((r) => r.source?.file === file && r.source.line === line);
      expect(at, `${c.kind}: a reason at ${file}:${line}`).toBeDefined();
      expect(at!.text, c.kind).toContain(`parameter ${c.parameter} has no value`);
      expect(at!.statementSource?.logicalId, c.kind).toBe(c.logicalId);
    }
  });

  it('a chained escalation: the indeterminate hop at its statement (logical id Dev), and its parameter', async () => {
    const { risks } = await findings(false);
    const chained = findingOf(risks, { kind: 'privilege-escalation', subject: ':user/dev', detail: CHAINED });
    const reasons = chained.indeterminate?.reasons ?? [];
    // the hop's own reason (its decision's: escalation-chains.ts), at the statement of Dev
    const hop = reasons.find((r) => (r.statementSource ?? r.source)?.logicalId === 'Dev');
    expect(hop?.text).toContain('parameter HopTarget has no value');
    // the end of the chain is decided: role ops's own escalation carries nothing
    const end = findingOf(risks, { kind: 'privilege-escalation', subject: ':role/ops' });
    expect(end.indeterminate).toBeUndefined();
  });

  it('with every parameter given: the same findings, decided, none carries indeterminate', async () => {
    const { risks, stderr } = await findings(true);
    for (const c of [...CASES, { kind: 'privilege-escalation', subject: ':user/dev', detail: CHAINED }]) {
      const f = findingOf(risks, c);
      expect(f.indeterminate, c.kind).toBeUndefined();
      expect(f.message, c.kind).not.toContain('indeterminate');
    }
    expect(stderr).not.toContain('risk findings');
  });

  it('the weak federated trust says in its message that it might not let the caller in, and why', async () => {
    const { risks } = await findings(false);
    const weak = findingOf(risks, CASES.find((c) => c.kind === 'weak-federated-trust')!);
    expect(weak.message).toContain('(indeterminate: action list unknown: ');
    expect(weak.message).toContain('parameter WeakAction has no value');
  });

  it('the HTML review: each such finding says "indeterminate because" with its parameter at its line; pinned, none does', async () => {
    const { file, html } = await review(false);
    for (const c of [...CASES, { kind: 'privilege-escalation', parameter: 'HopTarget' }]) {
      const part = section(html, c.kind);
      expect(part, c.kind).toContain('<ul class="why"><li>indeterminate because ');
      const line = await lineOf(file, `"${c.parameter}": {`);
      expect(part, c.kind).toContain(`(at ${file}:${line}:`);
    }
    const pinned = (await review(true)).html;
    expect(pinned).toContain('<section class="risk" data-kind="public-access">');
    // (the page's script has the words, to draw findings listed on request: no markup has them)
    expect(pinned).not.toContain('<ul class="why">');
    expect(pinned).not.toContain('<li>indeterminate because');
  });
});
