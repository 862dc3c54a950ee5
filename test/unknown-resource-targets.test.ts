// Resource policies whose target resource is unknown (issue 10, "a policy whose target is
// unknown"): `Bucket: !Ref Param`, `Queues: [!Ref QueueUrl]`, a Lambda permission on an unknown
// function, `aws_s3_bucket_policy` whose bucket is known only after apply... The policy is kept:
// it may be the policy of any resource of that kind in the account, so it is added,
// maybe-present, to each of them and to a stand-in for one outside the inputs
// (`ModelBuilder.attachToUnknownResource`), and a `model/unknown-resource-target` warning says so.
//
// AWS rules pinned here:
// - "Bucket: The name of the Amazon S3 bucket to which the policy applies." (CloudFormation
//   Template Reference, AWS::S3::BucketPolicy): the policy is the policy of whatever bucket the
//   parameter names at deployment.
//   https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-s3-bucketpolicy.html
// - "An explicit deny in any of these policies overrides the allow." (IAM User Guide, "Policy
//   evaluation logic"): a policy that might apply makes what it allows or denies indeterminate.
//   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html

import { describe, expect, it } from 'vitest';
import { loadTemplateFile } from '../src/adapters/cloudformation/index.js';
import { loadTerraformConfig } from '../src/adapters/terraform/index.js';
import { whoCan } from '../src/analysis/who-can.js';
import { compileModel } from '../src/engine/index.js';
import { ModelBuilder } from '../src/model/builder.js';
import { couldChangeVerdict } from '../src/model/finding-codes.js';
import type { Model } from '../src/model/types.js';
import { onlyNobody } from './helpers/only-nobody.js';

const ACCOUNT = '111122223333';
const PARTNER = 'arn:aws:iam::999988887777:root';
const FILE = 'test/fixtures/cloudformation/unknown-resource-targets.yaml';

function cfn(parameters?: Record<string, string>): Model {
  const b = new ModelBuilder();
  loadTemplateFile(FILE, b, { account: ACCOUNT, region: 'us-east-1', parameters });
  return b.build();
}

const findings = (m: Model, code: string) => m.findings.filter((f) => f.code === code);

describe('CloudFormation: a resource policy whose target is a parameter without a value', () => {
  const m = cfn();

  it('keeps the bucket policy on every bucket of the account: onlyPrincipals is indeterminate, not a pass', () => {
    const r = onlyNobody(m, 's3:GetObject', 'arn:aws:s3:::shop-data/orders.csv');
    expect(r.holds).toBe(false);
    expect(r.decisions).toEqual(new Set(['indeterminate']));
    const d = compileModel(m).decide({
      principal: PARTNER,
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::shop-data/orders.csv',
    });
    expect(d.decision).toBe('indeterminate');
  });

  it('a bucket policy that might be replaced keeps its Deny only maybe-present', () => {
    // Two bucket policies on one bucket: the later write replaces the earlier; which is later is
    // not known, so the Deny of LogsPolicy might not be in force.
    const logs = m.resources.find((r) => r.name === 'shop-logs')!;
    const deny = logs.policy!.statements.find((s) => s.sid === 'DenyOthers')!;
    expect(deny.presence?.reason).toMatch(/SomePolicy may replace this policy/);
    const partner = logs.policy!.statements.find((s) => s.sid === 'PartnerRead')!;
    expect(partner.presence?.reason).toMatch(/target of AWS::S3::BucketPolicy SomePolicy is unknown/);
  });

  it('the queue, topic, function, secret and stream policies too, and a stand-in of each kind', () => {
    const e = compileModel(m);
    const cases: [string, string][] = [
      ['sqs:SendMessage', 'arn:aws:sqs:us-east-1:111122223333:orders'],
      ['sns:Publish', 'arn:aws:sns:us-east-1:111122223333:alerts'],
      ['lambda:InvokeFunction', 'arn:aws:lambda:us-east-1:111122223333:function:handler'],
      ['secretsmanager:GetSecretValue', m.resources.find((r) => r.name === 'token')!.arn],
      ['kinesis:GetRecords', 'arn:aws:kinesis:us-east-1:111122223333:stream/clicks'],
    ];
    for (const [action, resource] of cases) {
      const d = e.decide({ principal: PARTNER, action, resource });
      expect(d.decision, `${action} on ${resource}`).toBe('indeterminate');
      expect(onlyNobody(m, action, resource).holds, `onlyPrincipals ${action}`).toBe(false);
    }
    for (const kind of [
      's3-bucket',
      'sqs-queue',
      'sns-topic',
      'lambda-function',
      'secretsmanager-secret',
      'kinesis-stream',
    ]) {
      const standIn = m.resources.find((r) => r.kind === kind && r.name.startsWith('(unknown-'));
      expect(standIn?.presence, kind).toBeDefined();
      expect(standIn?.policy?.statements.length, kind).toBeGreaterThan(0);
    }
    // The URL of an unknown function may be any function's: its AuthType is undecided.
    const handler = m.resources.find((r) => r.name === 'handler')!;
    expect(handler.functionUrls?.map((u) => [u.authType, u.presence !== undefined])).toEqual([
      ['NONE', true],
    ]);
  });

  it('a bucket outside the inputs may be the target too: the policy may be its own', () => {
    const d = compileModel(m).decide({
      principal: PARTNER,
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::company1-logs/x.log',
    });
    expect(d.decision).toBe('indeterminate');
    expect(onlyNobody(m, 's3:GetObject', 'arn:aws:s3:::company1-logs/x.log').holds).toBe(false);
    // With the target known, a bucket outside the inputs has no policy from the inputs.
    const known = cfn({
      BucketName: 'partner-drop',
      QueueUrl: 'https://sqs.us-east-1.amazonaws.com/111122223333/other',
      TopicArn: 'arn:aws:sns:us-east-1:111122223333:other',
      FunctionName: 'other',
      SecretArn: 'arn:aws:secretsmanager:us-east-1:111122223333:secret:other-AbCdEf',
      RepositoryName: 'other',
    });
    const k = compileModel(known).decide({
      principal: PARTNER,
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::company1-logs/x.log',
    });
    expect(k.decision).toBe('deny');
  });

  it('who-can names the partner account as indeterminate on a bucket of the model', () => {
    const r = whoCan(compileModel(m), 's3:GetObject', 'arn:aws:s3:::shop-data/orders.csv');
    const partner = r.entries.find((x) => x.principal === PARTNER);
    expect(partner?.access).toBe('indeterminate');
  });

  it('says so: a located warning that could change a verdict, per policy', () => {
    const f = findings(m, 'model/unknown-resource-target');
    expect(f.map((x) => x.source?.logicalId).sort()).toEqual(
      [
        'SomePermission',
        'SomePolicy',
        'SomeQueuePolicy',
        'SomeSecretPolicy',
        'SomeStreamPolicy',
        'SomeTopicPolicy',
        'SomeUrl',
      ].sort(),
    );
    expect(f.every((x) => x.severity === 'warning' && couldChangeVerdict(x.code))).toBe(true);
    expect(f.find((x) => x.source?.logicalId === 'SomePolicy')?.source?.pointer).toBe(
      '/Resources/SomePolicy/Properties/Bucket',
    );
  });

  it('with the targets known, nothing changes: the policy is on its target only', () => {
    const known = cfn({
      BucketName: 'partner-drop',
      QueueUrl: 'https://sqs.us-east-1.amazonaws.com/111122223333/other',
      TopicArn: 'arn:aws:sns:us-east-1:111122223333:other',
      FunctionName: 'other',
      SecretArn: 'arn:aws:secretsmanager:us-east-1:111122223333:secret:other-AbCdEf',
      RepositoryName: 'other',
    });
    expect(findings(known, 'model/unknown-resource-target')).toEqual([]);
    expect(onlyNobody(known, 's3:GetObject', 'arn:aws:s3:::shop-data/orders.csv').holds).toBe(true);
    expect(onlyNobody(known, 'sqs:SendMessage', 'arn:aws:sqs:us-east-1:111122223333:orders').holds).toBe(
      true,
    );
    // partner-drop is a bucket outside the inputs (only its policy names it): its default
    // encryption, and so the KMS key a cross-account read needs, is unknown
    // (src/aws/encryption-key-requirement.ts; was read as no key: allow)
    const drop = onlyNobody(known, 's3:GetObject', 'arn:aws:s3:::partner-drop/x');
    expect(drop.decisions).toEqual(new Set(['indeterminate']));
    expect(known.resources.some((r) => r.name.startsWith('(unknown-'))).toBe(false);
    const logs = known.resources.find((r) => r.name === 'shop-logs')!;
    expect(logs.policy!.statements.every((s) => s.presence === undefined)).toBe(true);
  });
});

describe('Terraform: a resource policy whose target is not known', () => {
  const DIR = 'test/fixtures/terraform/unknown-resource-targets';
  function tf(vars: Record<string, string> = {}): Model {
    const b = new ModelBuilder();
    loadTerraformConfig(DIR, b, { vars, env: {} });
    return b.build();
  }
  const m = tf();

  it('aws_s3_bucket_policy on var.bucket_name: on every bucket, maybe-present; onlyPrincipals indeterminate', () => {
    const r = onlyNobody(m, 's3:GetObject', 'arn:aws:s3:::shop-logs/x.log');
    expect(r.holds).toBe(false);
    expect(r.decisions.has('allow')).toBe(false);
    const logs = m.resources.find((x) => x.name === 'shop-logs')!;
    expect(logs.policy!.statements.find((s) => s.sid === 'DenyOthers')!.presence?.reason).toMatch(
      /aws_s3_bucket_policy\.some may replace this policy/,
    );
    expect(logs.policy!.statements.find((s) => s.sid === 'PartnerRead')!.presence).toBeDefined();
  });

  it('a conditional between two buckets: the policy is on each, maybe-present, not on a stand-in', () => {
    for (const name of ['shop-data', 'shop-archive']) {
      const b = m.resources.find((x) => x.name === name)!;
      const st = b.policy!.statements.find((s) => s.sid === 'PublicRead');
      expect(st?.presence?.reason, name).toMatch(/use_archive/);
    }
    const standIns = m.resources.filter((r) => r.name.startsWith('(unknown-'));
    expect(standIns.some((r) => r.source.address === 'aws_s3_bucket_policy.chosen')).toBe(false);
    // With the variable given, the public read is on the archive bucket only (and certain).
    const decided = tf({ use_archive: 'true', bucket_name: 'partner-drop' });
    const data = decided.resources.find((x) => x.name === 'shop-data')!;
    expect(data.policy?.statements.some((s) => s.sid === 'PublicRead')).toBeFalsy();
    const archive = decided.resources.find((x) => x.name === 'shop-archive')!;
    expect(archive.policy!.statements.find((s) => s.sid === 'PublicRead')!.presence).toBeUndefined();
  });

  it('the queue, topic, function (under an unknown count) and table policies, and the function URL', () => {
    const e = compileModel(m);
    const cases: [string, string][] = [
      ['sqs:SendMessage', 'arn:aws:sqs:us-east-1:111122223333:orders'],
      ['sns:Publish', 'arn:aws:sns:us-east-1:111122223333:alerts'],
      ['lambda:InvokeFunction', 'arn:aws:lambda:us-east-1:111122223333:function:handler'],
      ['dynamodb:GetItem', 'arn:aws:dynamodb:us-east-1:111122223333:table/orders'],
    ];
    for (const [action, resource] of cases) {
      expect(e.decide({ principal: PARTNER, action, resource }).decision, action).toBe('indeterminate');
      expect(onlyNobody(m, action, resource).holds, `onlyPrincipals ${action}`).toBe(false);
    }
    // aws_lambda_function_url with NONE on an unknown function: the provider's public statement
    // may be on any function (decided under every context: the URL's AuthType is not pinned).
    const url = onlyNobody(
      m,
      'lambda:InvokeFunctionUrl',
      'arn:aws:lambda:us-east-1:111122223333:function:handler',
    );
    expect(url.holds).toBe(false);
    expect(url.decisions.has('allow')).toBe(false);
    const handler = m.resources.find((r) => r.name === 'handler')!;
    expect(handler.functionUrls?.[0]?.presence).toBeDefined();
    // The permission's instance might not exist (count over an unknown condition): still kept.
    const perm = handler.policy!.statements.find((s) =>
      s.source.address?.startsWith('aws_lambda_permission.some'),
    );
    expect(perm?.presence).toBeDefined();
  });

  it('says so, once per policy, with the attribute located', () => {
    const f = findings(m, 'model/unknown-resource-target');
    expect(f.map((x) => x.source?.address).sort()).toEqual(
      [
        'aws_dynamodb_resource_policy.some',
        'aws_lambda_function_url.some',
        'aws_lambda_permission.some[0]',
        'aws_s3_bucket_policy.some',
        'aws_sns_topic_policy.some',
        'aws_sqs_queue_policy.some',
      ].sort(),
    );
    expect(f.every((x) => couldChangeVerdict(x.code))).toBe(true);
  });

  it('with every target known, nothing changes', () => {
    const known = tf({
      bucket_name: 'partner-drop',
      queue_url: 'https://sqs.us-east-1.amazonaws.com/111122223333/other',
      topic_arn: 'arn:aws:sns:us-east-1:111122223333:other',
      function_name: 'other',
      table_arn: 'arn:aws:dynamodb:us-east-1:111122223333:table/other',
      use_archive: 'true',
      enable_partner: 'true',
    });
    expect(findings(known, 'model/unknown-resource-target')).toEqual([]);
    expect(known.resources.some((r) => r.name.startsWith('(unknown-'))).toBe(false);
    expect(onlyNobody(known, 's3:GetObject', 'arn:aws:s3:::shop-data/x').holds).toBe(true);
    expect(onlyNobody(known, 'sqs:SendMessage', 'arn:aws:sqs:us-east-1:111122223333:orders').holds).toBe(
      true,
    );
    expect(
      onlyNobody(known, 'dynamodb:GetItem', 'arn:aws:dynamodb:us-east-1:111122223333:table/orders').holds,
    ).toBe(true);
    const logs = known.resources.find((r) => r.name === 'shop-logs')!;
    expect(logs.policy!.statements.every((s) => s.presence === undefined)).toBe(true);
  });
});
