// Names people recognise in reports (src/requests/element-names.ts, used by the matrix renderings
// and the access review): an element whose physical name iamspec made up (the name
// CloudFormation generates, `<stack>-<LogicalId>-(unknown-generated-…)`, a KMS key id derived from its logical id) is shown
// with its construct path (CDK) or Terraform address; the matrix has a column for every resource
// kind the model holds, DynamoDB tables included (Table and TableV2). Real aws-cdk-lib constructs.
//
// CloudFormation generates a name when the naming property is absent ("If you don't specify a
// name, AWS CloudFormation generates a unique physical ID"):
// https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-name.html

import { App, Stack } from 'aws-cdk-lib';
import { AttributeType, Table, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { describe, expect, it } from 'vitest';
import { reviewRisks } from '../src/analysis/risks.js';
import { runCli, tempJson } from './fixtures/cli/run.js';
import { buildMatrix } from '../src/analysis/index.js';
import { compileModel } from '../src/engine/index.js';
import { annotateMadeUpNames, isMadeUpName, knownAs, withKnownAs } from '../src/requests/element-names.js';
import { renderAccessReview } from '../src/report/html/access-review.js';
import { formatMatrixCsv } from '../src/report/matrix-csv.js';
import { formatMatrixMarkdown } from '../src/report/matrix-markdown.js';
import { formatMatrixText } from '../src/report/matrix-text.js';
import { parseSpec } from '../src/spec/parse.js';
import { runSpec } from '../src/spec/run.js';
import { fromApp } from '../src/testing/cdk.js';
import { iamspecMatchers } from '../src/testing/matchers.js';

function shopApp(): App {
  const a = new App({
    builtinCloudFormationValidation: false,
    context: { 'aws:cdk:disable-stack-trace': true },
  });
  const stack = new Stack(a, 'Shop', { env: { account: '111122223333', region: 'eu-west-1' } });
  const orders = new Table(stack, 'Orders', { partitionKey: { name: 'pk', type: AttributeType.STRING } });
  const carts = new TableV2(stack, 'Carts', { partitionKey: { name: 'pk', type: AttributeType.STRING } });
  const key = new Key(stack, 'DataKey');
  const named = new Bucket(stack, 'Named', { bucketName: 'shop-named-bucket' });
  const worker = new Role(stack, 'Worker', { assumedBy: new ServicePrincipal('ec2.amazonaws.com') });
  orders.grantReadData(worker);
  carts.grantReadWriteData(worker);
  key.grantDecrypt(worker);
  named.grantRead(worker);
  return a;
}

function app() {
  return fromApp(shopApp());
}

describe('element names', () => {
  it('made-up names: placeholders and template KMS key ids; real names are not', () => {
    expect(isMadeUpName('Shop-OrdersA9B65338-(unknown-generated-1a2b3c)', 'dynamodb-table', undefined)).toBe(
      true,
    );
    expect(isMadeUpName('shop-bucket1234-(unknown-generated-1a2b3c)', 's3-bucket', undefined)).toBe(true);
    expect(isMadeUpName('Shop-Q-(unknown-generated-1a2b3c).fifo', 'sqs-queue', undefined)).toBe(true);
    expect(isMadeUpName('1234abcd-12ab-34cd-56ef-1234567890ab', 'kms-key', { logicalId: 'DataKey' })).toBe(
      true,
    );
    expect(isMadeUpName('shop-named-bucket', 's3-bucket', { logicalId: 'Named' })).toBe(false);
    expect(knownAs({ constructPath: 'Shop/Worker/Resource' })).toBe('Shop/Worker');
    expect(knownAs({ address: 'module.x.aws_kms_key.k' })).toBe('module.x.aws_kms_key.k');
    expect(
      withKnownAs(
        'role/Shop-Worker-(unknown-generated-1a2b3c)',
        'Shop-Worker-(unknown-generated-1a2b3c)',
        'role',
        {
          constructPath: 'Shop/Worker/Resource',
        },
      ),
    ).toBe('role/Shop-Worker-(unknown-generated-1a2b3c) (Shop/Worker)');
  });
});

describe('the matrix and the review name generated elements by their construct paths', () => {
  const model = app();
  const matrix = buildMatrix(compileModel(model));

  it('has a column for every resource kind of the model, DynamoDB tables (Table and TableV2) included', () => {
    const kinds = new Set(model.resources.map((r) => r.kind));
    expect(kinds.has('dynamodb-table')).toBe(true);
    expect(new Set(matrix.resources.map((r) => r.kind))).toEqual(kinds);
    const tables = matrix.resources
      .filter((r) => r.kind === 'dynamodb-table')
      .map((r) => r.source?.constructPath);
    expect(tables.sort()).toEqual(['Shop/Carts/Resource', 'Shop/Orders/Resource']);
  });

  it('the Worker writes Carts only: the grant on Carts (its generated name wholly unknown) names no other table', () => {
    // Carts is a TableV2 (AWS::DynamoDB::GlobalTable): its name is `(unknown-generated-…)`, so its
    // ARN in the Worker's policy once might have been Orders' too, and Write on Orders was
    // indeterminate. Two tables of one stack are two tables: "table names must be unique within
    // each Region" of an account (DynamoDB quotas), so the grant names Carts and not Orders
    // (src/model/created-elements.ts, CreatedElements; test/distinct-elements.test.ts).
    const p = matrix.principals.findIndex((x) => x.source?.constructPath?.startsWith('Shop/Worker'));
    const column = (path: string) => matrix.resources.findIndex((r) => r.source?.constructPath === path);
    const level = (name: 'Read' | 'Write') => matrix.levels.indexOf(name);
    const access = (path: string, name: 'Read' | 'Write') =>
      matrix.cells.at(p, column(path))[level(name)]!.access;
    expect([access('Shop/Carts/Resource', 'Write'), access('Shop/Carts/Resource', 'Read')]).toEqual([
      'allow',
      'allow',
    ]);
    expect([access('Shop/Orders/Resource', 'Write'), access('Shop/Orders/Resource', 'Read')]).toEqual([
      'deny',
      'allow',
    ]);
  });

  it('text, markdown, CSV and HTML show the construct path next to made-up names only', () => {
    const outputs = [
      formatMatrixText(matrix),
      formatMatrixMarkdown(matrix),
      formatMatrixCsv(matrix),
      renderAccessReview({ matrix, risks: [] }),
    ];
    for (const out of outputs) {
      expect(out).toMatch(/Shop-OrdersA9B65338-\(unknown-generated-[0-9a-f]{6}\) \(Shop\/Orders\)/);
      // TableV2 is an AWS::DynamoDB::GlobalTable, whose generated names iamspec takes as wholly unknown
      expect(out).toMatch(/\(unknown-generated-Carts[0-9A-F]{8}-[0-9a-f]{6}\) \(Shop\/Carts\)/);
      expect(out).toMatch(/role\/Shop-Worker[0-9A-F]{8}-\(unknown-generated-[0-9a-f]{6}\) \(Shop\/Worker\)/);
      // the key id KMS assigns: 36 unknown characters (test/secret-arn-suffix.test.ts)
      expect(out).toMatch(/\(unknown-36-chars=[^)]+\) \(Shop\/DataKey\)/);
      expect(out).toContain('shop-named-bucket');
      expect(out).not.toContain('shop-named-bucket (Shop/Named)');
    }
  });
});

describe('spec results name generated elements by their construct paths', () => {
  it('an onlyPrincipals witness and an only witness show the construct paths of made-up names', () => {
    const model = app();
    const spec = parseSpec(
      'version: 1\nexpect:\n  - { id: nobody-reads-orders, resource: Shop/Orders, action: dynamodb:GetItem, onlyPrincipals: [] }\n  - { id: worker-nothing, principal: Shop/Worker, only: [] }\n',
    );
    const result = runSpec(model, spec, { engine: compileModel(model), inputs: [] });
    const [orders, worker] = result.expectations.map((e) => e.checks[0]!.message);
    expect(orders).toMatch(
      /role\/Shop-Worker[0-9A-F]{8}-\(unknown-generated-[0-9a-f]{6}\) \(Shop\/Worker\) can also dynamodb:GetItem on \S+-\(unknown-generated-[0-9a-f]{6}\) \(Shop\/Orders\)/,
    );
    expect(worker).toMatch(/Shop\/Worker can also .* \(Shop\/\w+\)/);
  });
});

// Issue 13 item 3: who-can, explain / eval (text and JSON) and the review's risk summary name
// generated elements by their construct paths too.
describe('who-can, explain, eval and the risk summary name generated elements by their construct paths', () => {
  const dir = shopApp().synth().directory;
  const WORKER = /role\/Shop-Worker[0-9A-F]{8}-\(unknown-generated-[0-9a-f]{6}\) \(Shop\/Worker\)/;
  const ORDERS = /Shop-OrdersA9B65338-\(unknown-generated-[0-9a-f]{6}\) \(Shop\/Orders\)/;

  it('who-can text and JSON', async () => {
    const text = await runCli(['who-can', dir, '--action', 'dynamodb:GetItem', '--resource', 'Shop/Orders']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(ORDERS);
    expect(text.stdout).toMatch(WORKER);
    const json = await runCli([
      'who-can',
      dir,
      '--action',
      'dynamodb:GetItem',
      '--resource',
      'Shop/Orders',
      '--format',
      'json',
    ]);
    const out = JSON.parse(json.stdout) as { knownAs: Record<string, string> };
    expect(Object.values(out.knownAs).sort()).toEqual(['Shop/Orders', 'Shop/Worker']);
    expect(Object.keys(out.knownAs).every((n) => n.includes('-(unknown-generated-'))).toBe(true);
  });

  it('explain text and JSON, eval text and JSON', async () => {
    const args = ['--principal', 'Shop/Worker', '--action', 'kms:Decrypt', '--resource', 'Shop/DataKey'];
    const text = await runCli(['explain', dir, ...args]);
    expect(text.code).toBe(0);
    expect(text.stdout.split('\n')[0]).toMatch(
      /^ALLOW .*role\/Shop-Worker[0-9A-F]{8}-\(unknown-generated-[0-9a-f]{6}\) \(Shop\/Worker\) kms:Decrypt arn:aws:kms:\S+ \(Shop\/DataKey\)$/,
    );
    const json = JSON.parse((await runCli(['explain', dir, ...args, '--format', 'json'])).stdout);
    expect(Object.values(json.knownAs).sort()).toEqual(['Shop/DataKey', 'Shop/Worker']);
    const requests = await tempJson('requests.json', [
      { principal: 'Shop/Worker', action: 'dynamodb:GetItem', resource: 'Shop/Orders' },
    ]);
    const line = (await runCli(['eval', dir, '--requests', requests, '--format', 'text'])).stdout;
    // the principal as the request names it (its construct path), the resource ARN with its path
    expect(line).toMatch(
      /^\[0\] ALLOW allowed {2}Shop\/Worker dynamodb:GetItem arn:aws:dynamodb:\S+-\(unknown-generated-[0-9a-f]{6}\) \(Shop\/Orders\)$/m,
    );
    const entries = JSON.parse(
      (await runCli(['eval', dir, '--requests', requests, '--format', 'json'])).stdout,
    );
    expect(Object.values(entries[0].knownAs).sort()).toEqual(['Shop/Orders', 'Shop/Worker']);
  });

  it("the review's risk summary (subjects and messages)", () => {
    const model = app();
    const engine = compileModel(model);
    const matrix = buildMatrix(engine);
    const risks = reviewRisks(engine, matrix);
    const html = renderAccessReview({
      matrix,
      risks: [
        ...risks,
        {
          kind: 'wildcard-resource',
          severity: 'low',
          subject: model.roles.find((r) => r.source.constructPath?.startsWith('Shop/Worker'))!.arn,
          message: `role ${model.roles.find((r) => r.source.constructPath?.startsWith('Shop/Worker'))!.name} may do something`,
          statements: [],
        },
      ],
    });
    const summary = html.slice(html.indexOf('id="summary"'), html.indexOf('id="access-matrix"'));
    expect(summary).toMatch(
      /role Shop-Worker[0-9A-F]{8}-\(unknown-generated-[0-9a-f]{6}\) \(Shop\/Worker\) may do something/,
    );
  });

  it("the matchers' failure messages", () => {
    const model = app();
    const only = iamspecMatchers.toOnlyAllow.call({ isNot: false }, model, 'Shop/Worker', []);
    expect(only.pass).toBe(false);
    expect(only.message()).toMatch(
      /of role Shop-Worker[0-9A-F]{8}-\(unknown-generated-[0-9a-f]{6}\) \(Shop\/Worker\)/,
    );
    expect(only.message()).toMatch(/-\(unknown-generated-[0-9a-f]{6}\) \(Shop\/Orders\)/);
    const allow = iamspecMatchers.toDeny.call({ isNot: false }, model, {
      principal: 'Shop/Worker',
      action: 'dynamodb:GetItem',
      resource: 'Shop/Orders',
    });
    expect(allow.pass).toBe(false);
    expect(allow.message()).toMatch(ORDERS);
  });

  it('leaves real names, and names already followed by their path, alone', () => {
    const names = new Map([['Shop-W-(unknown-generated-1a2b3c)', 'Shop/W']]);
    expect(
      annotateMadeUpNames(
        'role/Shop-W-(unknown-generated-1a2b3c) (Shop/W) and arn:aws:iam::1:role/Shop-W-(unknown-generated-1a2b3c), x',
        names,
      ),
    ).toBe(
      'role/Shop-W-(unknown-generated-1a2b3c) (Shop/W) and arn:aws:iam::1:role/Shop-W-(unknown-generated-1a2b3c) (Shop/W), x',
    );
    expect(annotateMadeUpNames('bucket shop-named-bucket', names)).toBe('bucket shop-named-bucket');
  });
});
