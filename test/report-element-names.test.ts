// Names people recognise in reports (src/requests/element-names.ts, used by the matrix renderings
// and the access review): an element whose physical name iamspec made up (CloudFormation's
// `<stack>-<LogicalId>-generated` placeholder, a KMS key id derived from its logical id) is shown
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
import { buildMatrix } from '../src/analysis/index.js';
import { compileModel } from '../src/engine/index.js';
import { isMadeUpName, knownAs, withKnownAs } from '../src/requests/element-names.js';
import { renderAccessReview } from '../src/report/html/access-review.js';
import { formatMatrixCsv } from '../src/report/matrix-csv.js';
import { formatMatrixMarkdown } from '../src/report/matrix-markdown.js';
import { formatMatrixText } from '../src/report/matrix-text.js';
import { parseSpec } from '../src/spec/parse.js';
import { runSpec } from '../src/spec/run.js';
import { fromApp } from '../src/testing/cdk.js';

function app() {
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
  return fromApp(a);
}

describe('element names', () => {
  it('made-up names: placeholders and template KMS key ids; real names are not', () => {
    expect(isMadeUpName('Shop-OrdersA9B65338-generated', 'dynamodb-table', undefined)).toBe(true);
    expect(isMadeUpName('shop-bucket1234-generated', 's3-bucket', undefined)).toBe(true);
    expect(isMadeUpName('Shop-Q-generated.fifo', 'sqs-queue', undefined)).toBe(true);
    expect(isMadeUpName('1234abcd-12ab-34cd-56ef-1234567890ab', 'kms-key', { logicalId: 'DataKey' })).toBe(
      true,
    );
    expect(isMadeUpName('shop-named-bucket', 's3-bucket', { logicalId: 'Named' })).toBe(false);
    expect(knownAs({ constructPath: 'Shop/Worker/Resource' })).toBe('Shop/Worker');
    expect(knownAs({ address: 'module.x.aws_kms_key.k' })).toBe('module.x.aws_kms_key.k');
    expect(
      withKnownAs('role/Shop-Worker-generated', 'Shop-Worker-generated', 'role', {
        constructPath: 'Shop/Worker/Resource',
      }),
    ).toBe('role/Shop-Worker-generated (Shop/Worker)');
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

  it('text, markdown, CSV and HTML show the construct path next to made-up names only', () => {
    const outputs = [
      formatMatrixText(matrix),
      formatMatrixMarkdown(matrix),
      formatMatrixCsv(matrix),
      renderAccessReview({ matrix, risks: [] }),
    ];
    for (const out of outputs) {
      expect(out).toMatch(/Shop-OrdersA9B65338-generated \(Shop\/Orders\)/);
      expect(out).toMatch(/-generated \(Shop\/Carts\)/);
      expect(out).toMatch(/role\/Shop-Worker[0-9A-F]{8}-generated \(Shop\/Worker\)/);
      expect(out).toMatch(/[0-9a-f-]{36} \(Shop\/DataKey\)/);
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
      /role\/Shop-Worker[0-9A-F]{8}-generated \(Shop\/Worker\) can also dynamodb:GetItem on \S+-generated \(Shop\/Orders\)/,
    );
    expect(worker).toMatch(/Shop\/Worker can also .* \(Shop\/\w+\)/);
  });
});
