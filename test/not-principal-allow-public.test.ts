// `NotPrincipal` with `Effect: Allow` grants everyone except the principals it names, anonymous
// callers included: the engine lets anyone (anonymous, a principal of any other account) in, the
// review reports it as public access (high), and `diff --fail-on risk` fails a pull request that
// turns a `Principal` into a `NotPrincipal`. Checked, not changed: the engine (engine/compile-policy.ts
// NotPrincipal matching) and the review (risk-external-access.ts, from the engine's decisions for
// anyone) already did so; this test keeps it so.
//
// Pages:
// - IAM User Guide, "IAM JSON Policy Elements: NotPrincipal" (archived awsdocs/iam-user-guide,
//   doc_source/reference_policies_elements_notprincipal.md): "We strongly recommend that you do not
//   use NotPrincipal in the same policy statement as "Effect": "Allow". Doing so allows all
//   principals except the one named in the NotPrincipal element. ... By doing this, you might grant
//   access to anonymous (unauthenticated) users."
// - The current page, https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html:
//   "NotPrincipal must be used with "Effect":"Deny". Using it with "Effect":"Allow" is not
//   supported." (a policy AWS may reject is still read for what it would grant: the worst case.)

import { describe, expect, it } from 'vitest';
import { reviewRisks } from '../src/analysis/risks.js';
import {
  ACCOUNT_A,
  allow,
  arns,
  EXTERNAL_ACCOUNT,
  policy,
  REGION,
  TestModel,
  verdict,
} from './helpers/engine-fixtures.js';
import { riskDiff } from './helpers/risk-diff.js';
import { tempDir, writeFileIn } from './helpers/temp-inputs.js';

const PAGE =
  'IAM User Guide, NotPrincipal: "Doing so allows all principals except the one named in the NotPrincipal element. ... you might grant access to anonymous (unauthenticated) users"';

const QUEUE = arns.queue('jobs');
const FN = `arn:aws:lambda:${REGION}:${ACCOUNT_A}:function:fn`;

function model() {
  const t = new TestModel();
  t.user('dev');
  const except = { NotPrincipal: { AWS: arns.user('dev') } };
  t.resource('sqs-queue', QUEUE, {
    name: 'jobs',
    kmsKeyId: null,
    policy: policy(allow('sqs:SendMessage', QUEUE, except)),
  });
  t.resource('kms-key', arns.key('k1'), { policy: policy(allow('kms:Decrypt', '*', except)) });
  t.resource('lambda-function', FN, {
    name: 'fn',
    policy: policy(allow('lambda:InvokeFunction', FN, { NotPrincipal: { Service: 'sns.amazonaws.com' } })),
  });
  return t.engine();
}

describe(`NotPrincipal with Allow is a grant to everyone else (${PAGE})`, () => {
  it('the engine lets anonymous callers and any other account in, not the principal it names', () => {
    const engine = model();
    expect(verdict(engine, 'anonymous', 'sqs:SendMessage', QUEUE), PAGE).toBe('allow');
    expect(verdict(engine, arns.root(EXTERNAL_ACCOUNT), 'sqs:SendMessage', QUEUE)).toBe('allow');
    expect(verdict(engine, 'anonymous', 'kms:Decrypt', arns.key('k1'))).toBe('allow');
    // (Lambda's Invoke API takes signed requests only: any other account, not anonymous callers)
    expect(verdict(engine, arns.root(EXTERNAL_ACCOUNT), 'lambda:InvokeFunction', FN)).toBe('allow');
    // dev, the exception: not granted ("except the one named"; test/not-principal-allow-named.test.ts)
    expect(verdict(engine, arns.user('dev'), 'sqs:SendMessage', QUEUE)).toBe('deny');
  });

  it('the review reports each as public access (high)', () => {
    const pub = reviewRisks(model()).filter((f) => f.kind === 'public-access');
    expect(
      pub.map((f) => [f.subject, f.severity]),
      PAGE,
    ).toEqual([
      [QUEUE, 'high'],
      [arns.key('k1'), 'high'],
      [FN, 'high'],
    ]);
  });
});

// --- diff --fail-on risk (CloudFormation) -----------------------------------------------------

const ENV = ['--account', ACCOUNT_A, '--region', 'us-east-1'];

function template(principal: Record<string, unknown>): Record<string, unknown> {
  return {
    Resources: {
      Jobs: { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'jobs' } },
      JobsPolicy: {
        Type: 'AWS::SQS::QueuePolicy',
        Properties: {
          Queues: [{ Ref: 'Jobs' }],
          PolicyDocument: {
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                ...principal,
                Action: 'sqs:SendMessage',
                Resource: { 'Fn::GetAtt': ['Jobs', 'Arn'] },
              },
            ],
          },
        },
      },
    },
  };
}

const dir = tempDir('iamspec-not-principal-');
function write(name: string, principal: Record<string, unknown>): string {
  return writeFileIn(dir, `${name}/app.template.json`, JSON.stringify(template(principal), null, 2));
}

describe(`diff --fail-on risk: Principal turned into NotPrincipal (${PAGE})`, () => {
  it('exits 1 with a new public-access finding', async () => {
    const named = { AWS: `arn:aws:iam::${ACCOUNT_A}:role/producer` };
    const r = await riskDiff(
      write('principal', { Principal: named }),
      write('not', { NotPrincipal: named }),
      ...ENV,
    );
    expect(r.code).toBe(1);
    expect(r.added.map((f) => [f.kind, f.severity])).toEqual([['public-access', 'high']]);
    expect(r.added[0]!.message).toContain('is open to anyone');
  });
});
