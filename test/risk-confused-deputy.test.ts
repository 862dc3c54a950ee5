// The review's confused-deputy finding (src/analysis/risk-confused-deputy.ts, the keys and the
// other account's request context: src/aws/confused-deputy.ts): a resource-based policy that lets
// an AWS service principal in without a condition pinning the source lets any account's use of
// that service reach the resource. Before, the review had no such finding and `diff --fail-on
// risk` passed a pull request that dropped the source condition of an SQS queue policy or a
// Lambda permission.
//
// Pages:
// - IAM User Guide, "The confused deputy problem", "Cross-service confused deputy prevention":
//   "We recommend using the aws:SourceArn, aws:SourceAccount, aws:SourceOrgID, or
//   aws:SourceOrgPaths global condition context keys in resource-based policies ...",
//   https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html
// - AWS Lambda API Reference, AddPermission: "If you grant permission to a service principal
//   without specifying the source, other accounts could potentially configure resources in their
//   account to invoke your Lambda function",
//   https://docs.aws.amazon.com/lambda/latest/api/API_AddPermission.html

import { describe, expect, it } from 'vitest';
import { loadTerraformConfigObject } from '../src/adapters/terraform/index.js';
import { reviewRisks } from '../src/analysis/risks.js';
import type { RiskFinding } from '../src/analysis/types.js';
import { compileModel } from '../src/engine/index.js';
import { ModelBuilder } from '../src/model/builder.js';
import { Unknown } from '../src/model/unknown.js';
import { ACCOUNT_A, allow, arns, policy, REGION, TestModel } from './helpers/engine-fixtures.js';
import { riskDiff } from './helpers/risk-diff.js';
import { runCli } from './fixtures/cli/run.js';
import { tempDir, writeFileIn } from './helpers/temp-inputs.js';

const PAGE = {
  iam: 'IAM User Guide, "The confused deputy problem": "We recommend using the aws:SourceArn, aws:SourceAccount, aws:SourceOrgID, or aws:SourceOrgPaths global condition context keys in resource-based policies ..."',
  lambda:
    'AWS Lambda API Reference, AddPermission: "If you grant permission to a service principal without specifying the source, other accounts could potentially configure resources in their account to invoke your Lambda function"',
};

const QUEUE = arns.queue('jobs');
const TOPIC = `arn:aws:sns:${REGION}:${ACCOUNT_A}:events`;

const deputies = (findings: RiskFinding[]) => findings.filter((f) => f.kind === 'confused-deputy');

/** The confused-deputy findings of a queue whose policy lets sns.amazonaws.com send, with `extra`. */
function queueFindings(extra: Record<string, unknown>, more: Record<string, unknown>[] = []) {
  const t = new TestModel();
  t.resource('sqs-queue', QUEUE, {
    name: 'jobs',
    policy: policy(
      allow('sqs:SendMessage', QUEUE, { Principal: { Service: 'sns.amazonaws.com' }, ...extra }),
      ...more,
    ),
  });
  return deputies(reviewRisks(t.engine()));
}

describe(`a service principal without a source condition (${PAGE.iam})`, () => {
  it('sns.amazonaws.com on an SQS queue policy with no condition: medium, naming the service, actions and statement', () => {
    const [f, ...rest] = queueFindings({});
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ severity: 'medium', subject: QUEUE, detail: 'sns.amazonaws.com' });
    expect(f!.message).toBe(
      "sqs-queue jobs lets sns.amazonaws.com in on behalf of any account's resources (a confused deputy: no aws:SourceArn, aws:SourceAccount, aws:SourceOrgID or aws:SourceOrgPaths condition pins the source): Write: sqs:SendMessage",
    );
    expect(f!.statements.map((s) => s.policy)).toEqual(['resource policy of jobs']);
  });

  it.each([
    ['aws:SourceArn of a topic of the account', { ArnEquals: { 'aws:SourceArn': TOPIC } }],
    ['aws:SourceAccount of the account', { StringEquals: { 'aws:SourceAccount': ACCOUNT_A } }],
    ['aws:SourceOrgID', { StringEquals: { 'aws:SourceOrgID': 'o-abcdef1234' } }],
    [
      'aws:SourceOrgPaths',
      { 'ForAnyValue:StringLike': { 'aws:SourceOrgPaths': ['o-abcdef1234/r-ab12/ou-ab12-11111111/*'] } },
    ],
    [
      'AWS:SourceArn written as Lambda writes it',
      { ArnLike: { 'AWS:SourceArn': `arn:aws:sns:*:${ACCOUNT_A}:*` } },
    ],
  ])('no finding with %s', (_, condition) => {
    expect(queueFindings({ Condition: condition }), PAGE.iam).toEqual([]);
  });

  it.each([
    ['a source ARN pattern of any account', { ArnLike: { 'aws:SourceArn': 'arn:aws:sns:*:*:*' } }],
    [
      'a source ARN pattern of any bucket (no account in the ARN)',
      { ArnLike: { 'aws:SourceArn': 'arn:aws:s3:::*' } },
    ],
    [
      'a source ARN pattern naming the service only',
      { ArnLike: { 'aws:SourceArn': 'arn:aws:events:*:*:rule/*' } },
    ],
  ])('a finding with %s: it does not pin the source', (_, condition) => {
    const found = queueFindings({ Condition: condition });
    expect(
      found.map((f) => [f.detail, f.severity]),
      PAGE.iam,
    ).toEqual([['sns.amazonaws.com', 'medium']]);
  });

  it('another condition only (aws:SourceIp): low, conditional on it', () => {
    const [f] = queueFindings({ Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } });
    expect(f!.severity).toBe('low');
    expect(f!.message).toContain('(conditional: aws:SourceIp is in "10.0.0.0/8"');
  });

  it('a source account known only after deploy: indeterminate ("might let"), low, saying why', () => {
    const later = new Unknown('SourceAccount is a parameter without a value', { file: 'template.yaml' });
    const [f] = queueFindings({ Condition: { StringEquals: { 'aws:SourceAccount': later } } });
    expect(f!.severity).toBe('low');
    expect(f!.message).toContain('sqs-queue jobs might let sns.amazonaws.com in');
    expect(f!.message).toContain('SourceAccount is a parameter without a value');
  });

  it('a grant to anyone is the public-access finding, not said again', () => {
    const t = new TestModel();
    t.resource('sqs-queue', QUEUE, {
      name: 'jobs',
      policy: policy(allow('sqs:SendMessage', QUEUE, { Principal: { Service: 'sns.amazonaws.com' } })),
    });
    t.resource('sqs-queue', arns.queue('open'), {
      name: 'open',
      policy: policy(
        allow('sqs:SendMessage', arns.queue('open'), {
          Principal: { AWS: '*', Service: 'sns.amazonaws.com' },
        }),
      ),
    });
    const risks = reviewRisks(t.engine());
    expect(risks.filter((f) => f.kind === 'public-access').map((f) => f.subject)).toEqual([
      arns.queue('open'),
    ]);
    expect(deputies(risks).map((f) => f.subject)).toEqual([QUEUE]);
  });

  it('cloudtrail.amazonaws.com on a bucket: each service of a policy is a finding of its own', () => {
    const t = new TestModel();
    const trail = `arn:aws:cloudtrail:${REGION}:${ACCOUNT_A}:trail/main`;
    t.bucket('logs', {
      policy: policy(
        allow('s3:PutObject', 'arn:aws:s3:::logs/*', { Principal: { Service: 'cloudtrail.amazonaws.com' } }),
        allow('s3:PutObject', 'arn:aws:s3:::logs/*', {
          Principal: { Service: 'config.amazonaws.com' },
          Condition: { StringEquals: { 'aws:SourceArn': trail } },
        }),
      ),
    });
    expect(deputies(reviewRisks(t.engine())).map((f) => [f.subject, f.detail])).toEqual([
      ['arn:aws:s3:::logs', 'cloudtrail.amazonaws.com'],
    ]);
  });
});

describe(`Terraform aws_lambda_permission (${PAGE.lambda})`, () => {
  const fn = 'arn:aws:lambda:eu-west-1:111122223333:function:f';
  function findings(permission: Record<string, unknown>) {
    const b = new ModelBuilder();
    loadTerraformConfigObject(
      {
        provider: { aws: { region: 'eu-west-1', allowed_account_ids: ['111122223333'] } },
        resource: {
          aws_lambda_function: {
            f: {
              function_name: 'f',
              role: 'arn:aws:iam::111122223333:role/r',
              handler: 'h',
              runtime: 'nodejs22.x',
            },
          },
          aws_lambda_permission: {
            p: {
              // biome-ignore lint/suspicious/noTemplateCurlyInString: Terraform interpolation, literal text
              function_name: '${aws_lambda_function.f.function_name}',
              action: 'lambda:InvokeFunction',
              ...permission,
            },
          },
        },
      },
      b,
    );
    return deputies(reviewRisks(compileModel(b.build())));
  }

  it('principal s3.amazonaws.com without source_arn / source_account: a finding', () => {
    const found = findings({ principal: 's3.amazonaws.com' });
    expect(found.map((f) => [f.subject, f.detail, f.severity])).toEqual([[fn, 's3.amazonaws.com', 'medium']]);
    expect(found[0]!.message).toContain('Write: lambda:InvokeFunction');
  });

  it('with source_account, or source_arn of a bucket of the inputs... no finding', () => {
    expect(findings({ principal: 's3.amazonaws.com', source_account: '111122223333' })).toEqual([]);
    expect(
      findings({
        principal: 'events.amazonaws.com',
        source_arn: 'arn:aws:events:eu-west-1:111122223333:rule/r',
      }),
    ).toEqual([]);
  });
});

// --- diff --fail-on risk (CloudFormation) -----------------------------------------------------

const ENV = ['--account', ACCOUNT_A, '--region', 'us-east-1'];

/** A function and an AWS::Lambda::Permission for s3.amazonaws.com, with `source` properties. */
function template(source: Record<string, unknown>): Record<string, unknown> {
  return {
    Resources: {
      FnRole: {
        Type: 'AWS::IAM::Role',
        Properties: {
          AssumeRolePolicyDocument: {
            Version: '2012-10-17',
            Statement: [
              { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
            ],
          },
        },
      },
      Fn: {
        Type: 'AWS::Lambda::Function',
        Properties: {
          FunctionName: 'thumbs',
          Handler: 'index.handler',
          Runtime: 'nodejs22.x',
          Role: { 'Fn::GetAtt': ['FnRole', 'Arn'] },
          Code: { ZipFile: 'exports.handler = async () => {}' },
        },
      },
      FromUploads: {
        Type: 'AWS::Lambda::Permission',
        Properties: {
          FunctionName: { Ref: 'Fn' },
          Action: 'lambda:InvokeFunction',
          Principal: 's3.amazonaws.com',
          ...source,
        },
      },
    },
  };
}

const dir = tempDir('iamspec-confused-deputy-');
function write(name: string, source: Record<string, unknown>): string {
  return writeFileIn(dir, `${name}/app.template.json`, JSON.stringify(template(source), null, 2));
}
const PINNED = write('pinned', { SourceAccount: ACCOUNT_A, SourceArn: 'arn:aws:s3:::uploads-bucket' });
const OPEN = write('open', {});

describe(`diff --fail-on risk: a Lambda permission losing its source (${PAGE.lambda})`, () => {
  it('exits 1 with the new confused-deputy finding (JSON and SARIF); the reverse exits 0', async () => {
    const r = await riskDiff(PINNED, OPEN, ...ENV);
    expect(r.code).toBe(1);
    expect(r.added.map((f) => [f.kind, f.detail, f.severity])).toEqual([
      ['confused-deputy', 's3.amazonaws.com', 'medium'],
    ]);
    expect(r.added[0]!.statements.map((s) => s.source?.logicalId)).toEqual(['FromUploads']);
    const sarif = await runCli([
      'diff',
      '--base',
      PINNED,
      OPEN,
      ...ENV,
      '--format',
      'sarif',
      '--fail-on',
      'risk',
    ]);
    expect(sarif.code).toBe(1);
    const results = JSON.parse(sarif.stdout).runs[0].results as {
      ruleId: string;
      properties: { kind: string };
    }[];
    expect(results.filter((x) => x.ruleId === 'risk-added').map((x) => x.properties.kind)).toEqual([
      'confused-deputy',
    ]);
    expect((await riskDiff(OPEN, PINNED, ...ENV)).code).toBe(0);
  });
});
