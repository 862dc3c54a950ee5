// The places of risk findings whose statements do not say where to look (report/finding-places.ts):
// a statement of an AWS managed policy has no input file, so the finding is shown where the
// inputs attach that policy to its principal (directly or through a group); a finding with no
// statement in an input file is shown at its subject's definition. GitHub's SARIF support: "The
// location allows GitHub to show annotations in your code file." Before, the diff's SARIF gave an
// administrator through AdministratorAccess and an API Gateway method open to anyone no location
// at all (no annotation, no file in code scanning).

import { describe, expect, it } from 'vitest';
import { annotationsOf } from '../action/annotations.mjs';
import { runCli } from './fixtures/cli/run.js';
import { tempDir, writeFileIn } from './helpers/temp-inputs.js';

const dir = tempDir('iamspec-finding-places-');
const ENV = ['--account', '123456789012', '--region', 'us-east-1'];

const BASE = writeFileIn(dir, 'base.yaml', "AWSTemplateFormatVersion: '2010-09-09'\nResources: {}\n");
const NEXT = writeFileIn(
  dir,
  'next.yaml',
  `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Resources:
  PartnerRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: partner-admin
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal: { Service: ec2.amazonaws.com }
            Action: sts:AssumeRole
      ManagedPolicyArns:
        - arn:aws:iam::aws:policy/AdministratorAccess
  Admins:
    Type: AWS::IAM::Group
    Properties:
      GroupName: admins
      ManagedPolicyArns:
        - arn:aws:iam::aws:policy/AdministratorAccess
  Sarah:
    Type: AWS::IAM::User
    Properties:
      UserName: sarah
      Groups: [!Ref Admins]
  Hello:
    Type: AWS::Serverless::Function
    Properties:
      FunctionName: hello
      Runtime: nodejs20.x
      Handler: index.handler
      InlineCode: exports.handler = async () => ({})
      Events:
        Get:
          Type: Api
          Properties:
            Path: /hello
            Method: get
`,
);

const lineOf = (text: string) => NEXT_TEXT.split('\n').findIndex((l) => l.includes(text)) + 1;
let NEXT_TEXT = '';

interface SarifResult {
  ruleId: string;
  level: string;
  message: { text: string };
  locations?: {
    physicalLocation?: { artifactLocation: { uri: string }; region?: { startLine: number } };
    message?: { text: string };
  }[];
  properties: { kind: string; subject: string };
}

async function newRisks(): Promise<SarifResult[]> {
  const { readFileSync } = await import('node:fs');
  NEXT_TEXT = readFileSync(NEXT, 'utf8');
  const r = await runCli(['diff', '--base', BASE, NEXT, ...ENV, '--format', 'sarif']);
  const log = JSON.parse(r.stdout);
  return (log.runs[0].results as SarifResult[]).filter((x) => x.ruleId === 'risk-added');
}

describe('diff SARIF: every new risk finding is located in the inputs', () => {
  it('an administrator through an AWS managed policy: where the policy is attached (role, group)', async () => {
    const risks = await newRisks();
    const admin = (name: string) =>
      risks.find((x) => x.properties.kind === 'admin-equivalent' && x.properties.subject.endsWith(name));
    const role = admin(':role/partner-admin');
    const attachedToRole = lineOf('ManagedPolicyArns:') + 1;
    expect(role?.locations?.[0]?.physicalLocation?.region?.startLine).toBe(attachedToRole);
    expect(role?.locations?.[0]?.message?.text).toBe(
      'AdministratorAccess is attached to role partner-admin here',
    );
    const user = admin(':user/sarah');
    const attachedToGroup =
      NEXT_TEXT.split('\n').findIndex(
        (l, i) => i > lineOf('Admins:') && l.includes('- arn:aws:iam::aws:policy/AdministratorAccess'),
      ) + 1;
    expect(user?.locations?.[0]?.physicalLocation?.region?.startLine).toBe(attachedToGroup);
    expect(user?.locations?.[0]?.message?.text).toBe(
      'AdministratorAccess is attached to group admins (sarah is a member) here',
    );
  });

  it('every finding has a file location, so each is annotated on a line of the template', async () => {
    const risks = await newRisks();
    const open = risks.find((x) => x.properties.kind === 'public-access');
    expect(open?.message.text).toContain('API Gateway method GET /hello');
    // the method the finding goes through, not the function's definition (before: `Hello:`)
    expect(open?.locations?.[0]?.message?.text).toBe(
      'API Gateway method GET /hello of ServerlessRestApi is defined here',
    );
    expect(open?.locations?.[0]?.physicalLocation?.region?.startLine).toBe(lineOf('Type: Api'));
    for (const x of risks) {
      expect(x.locations?.[0]?.physicalLocation?.artifactLocation.uri, x.message.text).toMatch(/next\.yaml$/);
      expect(x.locations?.[0]?.physicalLocation?.region?.startLine, x.message.text).toBeGreaterThan(0);
    }
    const lines = annotationsOf({ runs: [{ results: risks }] });
    // notes (a low finding) are left to the reports, as for a check
    expect(lines).toHaveLength(risks.filter((x) => x.level !== 'note').length);
    expect(lines.find((l) => l.includes('user sarah is administrator-equivalent'))).toMatch(
      new RegExp(`^::error file=[^,]*next\\.yaml,line=${lineOf('Admins:') + 5},`),
    );
  });
});

describe('the review lists the same places with the statements', () => {
  it('the HTML review: the attachment line under an AWS managed policy statement, the definition of a subject without statements', async () => {
    const { readFileSync } = await import('node:fs');
    const out = `${dir}/review.html`;
    const r = await runCli(['matrix', NEXT, ...ENV, '--format', 'html', '--out', out]);
    expect(r.code).toBe(0);
    const html = readFileSync(out, 'utf8');
    const rowOf = (text: string) => html.split('<tr>').find((row) => row.includes(text)) ?? '';
    const role = rowOf('role partner-admin is administrator-equivalent');
    expect(role).toMatch(
      new RegExp(
        `<li>AdministratorAccess is attached to role partner-admin <span class="src">at [^<]*next\\.yaml:${lineOf('ManagedPolicyArns:') + 1}:`,
      ),
    );
    const open = rowOf('API Gateway method GET /hello');
    expect(open).not.toContain('(no statement recorded)');
    expect(open).toMatch(/next\.yaml:\d+:\d+ \(logical id Hello/);
  });
});

describe('the diff Markdown and text name the place too', () => {
  it('Markdown: the attachment line in place of the AWS managed policy; text: under the statements', async () => {
    const md = (await runCli(['diff', '--base', BASE, NEXT, ...ENV, '--format', 'markdown'])).stdout;
    const roleLine = md.split('\n').find((l) => l.includes('role partner-admin is administrator-equivalent'));
    expect(roleLine).toMatch(
      new RegExp(
        `\\(AdministratorAccess is attached to role partner-admin at \`[^\`]*next\\.yaml:${lineOf('ManagedPolicyArns:') + 1}:`,
      ),
    );
    expect(roleLine).not.toContain('AWS managed policy /AdministratorAccess');
    const text = (await runCli(['diff', '--base', BASE, NEXT, ...ENV])).stdout.split('\n');
    const at = text.findIndex((l) => l.includes('role partner-admin is administrator-equivalent'));
    expect(text.slice(at + 1, at + 3).join('\n')).toMatch(
      new RegExp(
        `AdministratorAccess is attached to role partner-admin at [^\\n]*next\\.yaml:${lineOf('ManagedPolicyArns:') + 1}:`,
      ),
    );
  });
});
