// A statement of an AWS managed policy is in no file of the repository (its source is the
// catalog's `AWS managed policy /IAMFullAccess`): the check's SARIF gave it as a physical location,
// so code scanning and the Action's annotations pointed at a file named
// "AWS managed policy /IAMFullAccess" (`::error file=AWS managed policy /IAMFullAccess`). GitHub's
// SARIF support: "The location allows GitHub to show annotations in your code file." Such a
// statement has no physical location; a `noEscalation` check through it (no fix plan) is located
// where the inputs attach the policy (spec/fixes.ts `attachmentsOf`, as a fix plan's `attachedAt`):
// the template's ManagedPolicyArns entry, the Terraform attachment resource. The spec element is
// a related location. (Before, the result and the annotation were at the spec line.)

import { describe, expect, it } from 'vitest';
import { annotationsOf } from '../action/annotations.mjs';
import { runCli } from './fixtures/cli/run.js';
import { tempDir, writeFileIn } from './helpers/temp-inputs.js';

const dir = tempDir('iamspec-sarif-managed-');
const TEMPLATE = writeFileIn(
  dir,
  'template.yaml',
  `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Ops:
    Type: AWS::IAM::User
    Properties:
      UserName: ops
      ManagedPolicyArns:
        - arn:aws:iam::aws:policy/IAMFullAccess
`,
);
const SPEC = writeFileIn(
  dir,
  'access.yaml',
  `version: 1
account: "123456789012"
expect:
  - id: ops-no-escalation
    principal: Ops
    noEscalation: true
`,
);

const tfDir = tempDir('iamspec-sarif-managed-tf-');
const TF = writeFileIn(
  tfDir,
  'main.tf',
  `resource "aws_iam_user" "ops" {
  name = "ops"
}

resource "aws_iam_user_policy_attachment" "ops_iam" {
  user       = aws_iam_user.ops.name
  policy_arn = "arn:aws:iam::aws:policy/IAMFullAccess"
}
`,
);
const TF_SPEC = writeFileIn(
  tfDir,
  'access.yaml',
  `version: 1
account: "123456789012"
expect:
  - id: ops-no-escalation
    principal: user/ops
    noEscalation: true
`,
);

type Log = {
  runs: {
    results: {
      ruleId: string;
      message: { text: string };
      locations: {
        physicalLocation: { artifactLocation: { uri: string }; region?: { startLine: number } };
      }[];
      relatedLocations?: {
        physicalLocation?: { artifactLocation: { uri: string }; region?: { startLine: number } };
      }[];
    }[];
  }[];
};

async function sarifOf(inputs: string, spec: string): Promise<Log> {
  const r = await runCli(['check', inputs, '--region', 'us-east-1', '--spec', spec, '--format', 'sarif']);
  expect(r.code).toBe(1);
  return JSON.parse(r.stdout);
}

describe('check SARIF: a statement of an AWS managed policy is located where the inputs attach it', () => {
  it('noEscalation through IAMFullAccess (CloudFormation): at the ManagedPolicyArns entry, the spec related', async () => {
    const log = await sarifOf(TEMPLATE, SPEC);
    const uris = JSON.stringify(log).match(/"uri": ?"[^"]*"/g) ?? [];
    expect(uris.length).toBeGreaterThan(0);
    for (const u of uris) expect(u).not.toMatch(/AWS%20managed|AWS managed/);
    const result = log.runs[0]!.results.find((x) => x.ruleId === 'noEscalation')!;
    const primary = result.locations[0]!.physicalLocation;
    expect(primary.artifactLocation.uri).toMatch(/template\.yaml$/);
    expect(primary.region?.startLine).toBe(8);
    expect(
      result.relatedLocations?.some(
        (l) =>
          /access\.yaml$/.test(l.physicalLocation?.artifactLocation.uri ?? '') &&
          l.physicalLocation?.region?.startLine === 6,
      ),
    ).toBe(true);
    expect(result.message.text).toContain(
      'IAMFullAccess (arn:aws:iam::aws:policy/IAMFullAccess), Statement[0]',
    );
    expect(result.message.text).toContain('attached to user ops at ');
    const lines = annotationsOf(log);
    expect(lines.some((l: string) => /^::error file=[^,]*template\.yaml,line=8,/.test(l))).toBe(true);
    expect(lines.join('\n')).not.toContain('file=AWS managed');
    // the Markdown report names the attachment under the statement too
    const md = await runCli([
      'check',
      TEMPLATE,
      '--region',
      'us-east-1',
      '--spec',
      SPEC,
      '--format',
      'markdown',
    ]);
    expect(md.stdout).toMatch(/- IAMFullAccess .*\n {3}- attached to user ops at `[^`]*template\.yaml:8:/);
  });

  it('noEscalation through IAMFullAccess (Terraform): at the aws_iam_user_policy_attachment resource', async () => {
    const log = await sarifOf(TF, TF_SPEC);
    const result = log.runs[0]!.results.find((x) => x.ruleId === 'noEscalation')!;
    const primary = result.locations[0]!.physicalLocation;
    expect(primary.artifactLocation.uri).toMatch(/main\.tf$/);
    expect(primary.region?.startLine).toBe(5);
    const lines = annotationsOf(log);
    expect(lines.some((l: string) => /^::error file=[^,]*main\.tf,line=5,/.test(l))).toBe(true);
  });
});
