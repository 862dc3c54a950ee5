// The CLI on an AWS SAM application (sam-example/template.yaml): `check` with its spec passes,
// and a mutation of the template fails at the SAM line to fix; `who-can` names the roles SAM
// generates with the statements' SAM lines; `matrix` has the generated principals.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from './fixtures/cli/run.js';
import { writeTempFile } from './helpers/temp-inputs.js';

const APP = 'sam-example/template.yaml';
const ENV = ['--account', '629470240201', '--region', 'us-west-2'];
const SPEC = 'sam-example/access.yaml';

/** A copy of the SAM example with `edit` applied to its text. */
function mutated(edit: (text: string) => string): string {
  return writeTempFile('template.yaml', edit(readFileSync(APP, 'utf8')), 'iamspec-sam-');
}

describe('check on a SAM application', () => {
  it('passes the example spec', async () => {
    const r = await runCli(['check', APP, ...ENV, '--spec', SPEC]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.trimEnd().split('\n').pop()).toBe('7 passed, 0 failed, 0 indeterminate');
  });

  it('fails when a policy template grants more, naming the template line', async () => {
    const file = mutated((t) =>
      t.replace(
        '        - DynamoDBWritePolicy:\n            TableName: !Ref OrdersTable\n',
        '        - DynamoDBWritePolicy:\n            TableName: !Ref OrdersTable\n        - S3CrudPolicy:\n            BucketName: company1-receipts\n',
      ),
    );
    const r = await runCli(['check', file, ...ENV, '--spec', SPEC, '--format', 'json']);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as {
      expectations: {
        id: string;
        status: string;
        witnesses?: { grants: { source?: { line?: number; pointer?: string } }[] }[];
      }[];
    };
    const failed = out.expectations.filter((e) => e.status === 'fail').map((e) => e.id);
    expect(failed.sort()).toEqual([
      'create-order-writes-orders-and-queues-payments', // it may now read receipts
      'receipts-read-by-nobody',
      'receipts-written-by-the-payment-worker-only',
    ]);
    const text = (await runCli(['check', file, ...ENV, '--spec', SPEC])).stdout;
    // The statement is located at the template's parameters (the line after `- S3CrudPolicy:`).
    const line = readFileSync(file, 'utf8').split('\n').indexOf('        - S3CrudPolicy:') + 2;
    expect(text).toContain(
      `template.yaml:${line}:13 (logical id CreateOrderFunctionRole, generated from CreateOrderFunction)`,
    );
  });

  it('fails when an event source makes the function invocable by another service', async () => {
    const file = mutated((t) =>
      t.replace(
        '      Events:\n        Create:',
        '      Events:\n        Topic:\n          Type: SNS\n          Properties:\n            Topic: arn:aws:sns:us-west-2:629470240201:orders\n        Create:',
      ),
    );
    const r = await runCli(['check', file, ...ENV, '--spec', SPEC]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/✗ create-order-invoked-by-its-api-only/);
    expect(r.stdout).toContain('sns.amazonaws.com');
  });
});

describe('who-can and matrix on a SAM application', () => {
  it('who-can names the generated roles, with the SAM lines of their statements', async () => {
    const r = await runCli([
      'who-can',
      APP,
      ...ENV,
      '--action',
      's3:PutObject',
      '--resource',
      'arn:aws:s3:::company1-receipts/r1.pdf',
      '--format',
      'json',
    ]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as {
      entries: {
        label: string;
        final: {
          grants: { source?: { file?: string; logicalId?: string; pointer?: string; line?: number } }[];
        };
      }[];
    };
    expect(out.entries.map((e) => e.label).sort()).toEqual([
      'lambda.amazonaws.com → role/(unknown-generated-PaymentWorkerRole-0162e6)',
      'role/(unknown-generated-PaymentWorkerRole-0162e6)',
    ]);
    // Statement 0 of the policy the connector generates, located at the connector.
    const source = out.entries[0]!.final.grants[0]!.source!;
    expect(source).toMatchObject({ file: APP, logicalId: 'PaymentWorker', line: 76 });
    expect(source.pointer).toBe('/Resources/PaymentWorker/Connectors/WriteReceipts/Statement/0');
  });

  it('who-can on a function lists the services of its events', async () => {
    const r = await runCli([
      'who-can',
      APP,
      ...ENV,
      '--action',
      'lambda:InvokeFunction',
      '--resource',
      'arn:aws:lambda:us-west-2:629470240201:function:company1-get-order',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^apigateway\.amazonaws\.com: conditional/m);
    expect(r.stdout).toMatch(/^role\/\(unknown-generated-NightlyReportRole-[0-9a-f]{6}\): allow/m);
  });

  it('matrix has the principals SAM generates', async () => {
    const r = await runCli(['matrix', APP, ...ENV, '--format', 'json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { principals: { name: string }[] };
    expect(out.principals.map((p) => p.name).sort()).toEqual([
      '(unknown-generated-CreateOrderFunctionRole-c9ca09)',
      '(unknown-generated-GetOrderFunctionRole-b021f4)',
      '(unknown-generated-NightlyReportNightlyRole-4881fc)',
      '(unknown-generated-NightlyReportRole-19e125)',
      '(unknown-generated-PaymentWorkerRole-0162e6)',
    ]);
  });
});
