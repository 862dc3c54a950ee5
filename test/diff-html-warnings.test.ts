// The review built by `iamspec diff --format html` is the new state's access review: its header
// must say what iamspec could not pin down in the new state (the warnings about the inputs), as
// the matrix review does. It showed no such section, so a reviewer reading the page saw the
// access of a statement on an unknown import as if every value were known; stderr listed them.
// The section's counts agree with the stderr summary of the new state.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './fixtures/cli/run.js';
import { tempDir, writeFileIn } from './helpers/temp-inputs.js';

const dir = tempDir('iamspec-diff-html-warnings-');
const BASE = writeFileIn(
  dir,
  'base.yaml',
  `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Ops:
    Type: AWS::IAM::User
    Properties:
      UserName: ops
`,
);
const NEXT = writeFileIn(
  dir,
  'next.yaml',
  `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Ops:
    Type: AWS::IAM::User
    Properties:
      UserName: ops
      Policies:
        - PolicyName: p
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: s3:GetObject
                Resource: !ImportValue SharedBucketArn
`,
);

describe('html diff: the new state warnings about the inputs', () => {
  it('the review has the warnings section, with the counts stderr gives for the new state', async () => {
    const out = join(dir, 'review.html');
    const r = await runCli([
      'diff',
      '--base',
      BASE,
      NEXT,
      '--account',
      '123456789012',
      '--region',
      'us-east-1',
      '--format',
      'html',
      '--out',
      out,
    ]);
    expect(r.code, r.stderr).toBe(0);
    const summary =
      /iamspec \(new state\): the inputs have (.+?) \((\d+|it|all|none) (?:could change|changes) a verdict\): (.+)/.exec(
        r.stderr,
      );
    expect(summary, r.stderr).not.toBeNull();
    const [, severities, , codes] = summary!;
    expect(codes).toContain('cfn/import-not-found');
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('id="input-warnings"');
    const header =
      /What iamspec could not pin down:<\/strong> the inputs have ([^,]+), (\d+) of which could change a verdict \(([^)]+)\)/.exec(
        html,
      );
    expect(header).not.toBeNull();
    expect(header![1]).toBe(severities);
    expect(header![3]).toBe(codes);
    const total = /(\d+) warnings?/.exec(severities!)?.[1];
    expect(html).toContain(`Warnings about the inputs (${total})`);
    expect(html).toContain('SharedBucketArn');
  });
});
