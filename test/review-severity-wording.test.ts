// Two review wordings a security engineer reads: Resource "*" on the log-writing actions of
// AWSLambdaBasicExecutionRole is a low finding, not medium (AWS Lambda Developer Guide, "Defining
// Lambda function permissions with an execution role": AWSLambdaBasicExecutionRole, "Permission to
// upload logs to CloudWatch", https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html),
// while Resource "*" on SQS message actions stays medium; and an indeterminate decision whose other
// world is itself open says so instead of "would be indeterminate, not deny".

import { describe, expect, it } from 'vitest';
import { onlyWritesLogs } from '../src/aws/log-writing.js';
import { otherWorldWords } from '../src/engine/world-decision.js';
import { runCli } from './fixtures/cli/run.js';

describe('wildcard-resource severity', () => {
  it('the SAM example: low for AWSLambdaBasicExecutionRole alone, medium with the SQS execution role', async () => {
    const r = await runCli(['matrix', 'sam-example/template.yaml', '--format', 'json']);
    expect(r.code).toBe(0);
    const found: { kind: string; severity: string; message: string }[] = JSON.parse(r.stdout).risks.filter(
      (f: { kind: string }) => f.kind === 'wildcard-resource',
    );
    const basicOnly = found.filter((f) => !f.message.includes('AWSLambdaSQSQueueExecutionRole'));
    const sqs = found.filter((f) => f.message.includes('AWSLambdaSQSQueueExecutionRole'));
    expect(basicOnly.length).toBeGreaterThan(0);
    expect(sqs.length).toBeGreaterThan(0);
    for (const f of basicOnly) expect(f.severity).toBe('low');
    for (const f of sqs) expect(f.severity).toBe('medium');
  });

  it('only the three log-writing actions, spelled in any case, and no wildcard', () => {
    expect(onlyWritesLogs(['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'])).toBe(true);
    expect(onlyWritesLogs(['LOGS:putlogevents'])).toBe(true);
    expect(onlyWritesLogs(['logs:PutLogEvents', 'logs:GetLogEvents'])).toBe(false);
    expect(onlyWritesLogs(['logs:*'])).toBe(false);
    expect(onlyWritesLogs([])).toBe(false);
  });
});

describe('the words of another world', () => {
  it('an open decision there is not "would be indeterminate, not deny"', () => {
    expect(otherWorldWords('allow', 'deny')).toBe('the decision would be allow, not deny');
    const open = otherWorldWords('indeterminate', 'deny');
    expect(open).not.toContain('would be indeterminate');
    expect(open).toBe(
      'the decision would depend on what the inputs leave unknown there, where here it is deny',
    );
  });
});
