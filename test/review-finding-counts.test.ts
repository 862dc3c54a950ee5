// The review's header counts the findings that might hold only (indeterminate) as stderr and the
// JSON do: before, stderr said "1 of 3 risk findings is indeterminate" while the page's header said
// "3 findings (1 high)" and nothing of the finding that depends on what the inputs leave open.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from './fixtures/cli/run.js';
import { tempDir, writeFileIn } from './helpers/temp-inputs.js';

const dir = tempDir('iamspec-finding-counts-');
const ENV = ['--account', '123456789012', '--region', 'us-east-1'];
const TEMPLATE = writeFileIn(
  dir,
  'template.yaml',
  `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  ExtraAction:
    Type: String
Resources:
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: hr21-data
  Dev:
    Type: AWS::IAM::User
    Properties:
      UserName: dev
      Policies:
        - PolicyName: dev
          PolicyDocument:
            Version: '2012-10-17'
            Statement:
              - Effect: Allow
                Action: [iam:PassRole, lambda:CreateFunction, lambda:InvokeFunction]
                Resource: '*'
              - Effect: Allow
                Action: [!Ref ExtraAction]
                Resource: arn:aws:s3:::hr21-data
`,
);

describe('indeterminate risk findings counted alike in stderr, the JSON and the review', () => {
  it('the header says how many findings are indeterminate', async () => {
    const json = await runCli(['matrix', TEMPLATE, ...ENV, '--format', 'json']);
    const risks = JSON.parse(json.stdout).risks as { severity: string; indeterminate?: unknown }[];
    const open = risks.filter((r) => r.indeterminate).length;
    const high = risks.filter((r) => r.severity === 'high').length;
    expect(open).toBeGreaterThan(0);
    expect(json.stderr).toContain(`${open} of ${risks.length} risk finding`);
    const out = `${dir}/review.html`;
    const html = await runCli(['matrix', TEMPLATE, ...ENV, '--format', 'html', '--out', out]);
    expect(html.stderr).toContain(`${open} of ${risks.length} risk finding`);
    expect(readFileSync(out, 'utf8')).toContain(
      `${risks.length} findings (${high} high; ${open} indeterminate: they might hold, each says why).`,
    );
  });
});
