// A statement of an AWS managed policy is in no file of the repository (its source is the
// catalog's `AWS managed policy /IAMFullAccess`): the check's SARIF gave it as a physical location,
// so code scanning and the Action's annotations pointed at a file named
// "AWS managed policy /IAMFullAccess" (`::error file=AWS managed policy /IAMFullAccess`). GitHub's
// SARIF support: "The location allows GitHub to show annotations in your code file." Now such a
// statement has no physical location and the result is located at the spec element, with the
// statement named in its message.

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

describe('check SARIF: a statement of an AWS managed policy is no file location', () => {
  it('noEscalation through IAMFullAccess: located at the spec element, the statement in the message', async () => {
    const r = await runCli(['check', TEMPLATE, '--region', 'us-east-1', '--spec', SPEC, '--format', 'sarif']);
    expect(r.code).toBe(1);
    const log = JSON.parse(r.stdout);
    const uris = JSON.stringify(log).match(/"uri": ?"[^"]*"/g) ?? [];
    expect(uris.length).toBeGreaterThan(0);
    for (const u of uris) expect(u).not.toMatch(/AWS%20managed|AWS managed/);
    const result = log.runs[0].results.find((x: { ruleId: string }) => x.ruleId === 'noEscalation');
    expect(result.locations[0].physicalLocation.artifactLocation.uri).toMatch(/access\.yaml$/);
    expect(result.locations[0].physicalLocation.region.startLine).toBe(6);
    expect(result.message.text).toContain(
      'IAMFullAccess (arn:aws:iam::aws:policy/IAMFullAccess), Statement[0]',
    );
    const lines = annotationsOf(log);
    expect(lines.some((l: string) => /^::error file=[^,]*access\.yaml,line=6,/.test(l))).toBe(true);
    expect(lines.join('\n')).not.toContain('file=AWS managed');
  });
});
