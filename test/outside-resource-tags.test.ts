// The tags of a resource the inputs never define (an S3 bucket or object, an SQS queue, a DynamoDB
// table, a Lambda function, an IAM role..., in a model account or another) are unknown, never
// none: `iamspec eval` of a request on one that a tag condition decides is indeterminate, naming
// the resource, unless the request itself states the tags (engine/outside-resource-tags.ts, read
// by engine/request-context.ts `resourceTags`). Before, `eval` took the tags as absent: an Allow
// under `StringEquals aws:ResourceTag/team: dev` was a plain deny and a Deny under such a
// condition a plain allow.
//
// - aws:ResourceTag/tag-key: "Use this key to compare the tag key-value pair that you specify in
//   the policy with the key-value pair that is attached to the resource." "Availability – This key
//   is included in the request context when the requested resource already has attached tags.
//   This key is returned only for resources that support authorization based on tags. There is
//   one context key for each tag key-value pair." (IAM User Guide, "AWS global condition context
//   keys", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html)
//   A resource outside the inputs may have any tags, so the key may be present with any value or
//   absent; a resource of a service that supports no authorization based on tags (its catalog
//   entry lists no aws:ResourceTag/${TagKey}: Route 53, DAX) never carries the key.
// - iam:ResourceTag/${TagKey}: "Filters access by the tags attached to an IAM entity (user or
//   role)" (Service Authorization Reference, "Actions, resources, and condition keys for AWS
//   Identity and Access Management (IAM)"): a user's or role's outside the inputs are unknown too.

import { describe, expect, it } from 'vitest';
import { checkOnlyPrincipals } from '../src/analysis/exhaustive.js';
import { whoCan } from '../src/analysis/who-can.js';
import { serviceMayCarryResourceTags } from '../src/catalog/condition-keys.js';
import { compileModel } from '../src/engine/index.js';
import type { Model } from '../src/model/types.js';
import { loadTemplate, loadTerraformFiles } from './helpers/temp-inputs.js';

const ACCOUNT = '123456789012';
const OTHER = '999999999999';
const DEV = `arn:aws:iam::${ACCOUNT}:user/dev`;
const OPS = `arn:aws:iam::${ACCOUNT}:user/ops`;
const ACTIONS = ['s3:GetObject', 'sqs:SendMessage', 'dynamodb:GetItem', 'lambda:InvokeFunction'];
const TEAM_DEV = { StringEquals: { 'aws:ResourceTag/team': 'dev' } };

/** Requests on resources no input defines, each with the action that reads it. */
const OUTSIDE: [action: string, resource: string][] = [
  ['s3:GetObject', 'arn:aws:s3:::elsewhere-bucket/report.csv'],
  ['sqs:SendMessage', `arn:aws:sqs:us-east-1:${ACCOUNT}:elsewhere-q`],
  ['dynamodb:GetItem', `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/elsewhere`],
  ['lambda:InvokeFunction', `arn:aws:lambda:us-east-1:${ACCOUNT}:function:elsewhere`],
  ['sqs:SendMessage', `arn:aws:sqs:us-east-1:${OTHER}:their-q`],
];

const template = {
  Resources: {
    Dev: {
      Type: 'AWS::IAM::User',
      Properties: {
        UserName: 'dev',
        Policies: [
          {
            PolicyName: 'tagged',
            PolicyDocument: {
              Version: '2012-10-17',
              Statement: [
                { Effect: 'Allow', Action: [...ACTIONS, 'iam:PassRole'], Resource: '*', Condition: TEAM_DEV },
                {
                  Effect: 'Allow',
                  Action: 'iam:GetRole',
                  Resource: '*',
                  Condition: { StringEquals: { 'iam:ResourceTag/team': 'dev' } },
                },
                {
                  Effect: 'Allow',
                  Action: 'route53:GetHostedZone',
                  Resource: '*',
                  Condition: TEAM_DEV,
                },
              ],
            },
          },
        ],
      },
    },
    Ops: {
      Type: 'AWS::IAM::User',
      Properties: {
        UserName: 'ops',
        Policies: [
          {
            PolicyName: 'all-but-prod',
            PolicyDocument: {
              Version: '2012-10-17',
              Statement: [
                { Effect: 'Allow', Action: ACTIONS, Resource: '*' },
                {
                  Effect: 'Deny',
                  Action: ACTIONS,
                  Resource: '*',
                  Condition: { StringEquals: { 'aws:ResourceTag/team': 'prod' } },
                },
              ],
            },
          },
        ],
      },
    },
  },
};

const terraform = `
provider "aws" {
  region              = "us-east-1"
  allowed_account_ids = ["${ACCOUNT}"]
}
resource "aws_iam_user" "dev" { name = "dev" }
resource "aws_iam_user_policy" "dev" {
  name   = "tagged"
  user   = aws_iam_user.dev.name
  policy = ${JSON.stringify(
    JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: ACTIONS, Resource: '*', Condition: TEAM_DEV }],
    }),
  )}
}
resource "aws_iam_user" "ops" { name = "ops" }
resource "aws_iam_user_policy" "ops" {
  name   = "all-but-prod"
  user   = aws_iam_user.ops.name
  policy = ${JSON.stringify(
    JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: ACTIONS, Resource: '*' },
        {
          Effect: 'Deny',
          Action: ACTIONS,
          Resource: '*',
          Condition: { StringEquals: { 'aws:ResourceTag/team': 'prod' } },
        },
      ],
    }),
  )}
}
# the one queue the inputs define, tagged: its tags decide
resource "aws_sqs_queue" "mine" {
  name = "mine"
  tags = { team = "dev" }
}
`;

const inputs: [string, () => Model][] = [
  // deployed without stack-level tags (else every resource's tags may hold more: cfn-stack-tags.test.ts)
  ['CloudFormation', () => loadTemplate(template, { account: ACCOUNT, region: 'us-east-1', stackTags: {} })],
  ['Terraform', () => loadTerraformFiles(terraform)],
];

describe.each(inputs)('%s: tags of resources the inputs do not define', (_name, load) => {
  const engine = compileModel(load());

  it.each(OUTSIDE)(
    'Allow under aws:ResourceTag: %s on %s is indeterminate (was: deny), naming the resource',
    (action, resource) => {
      const d = engine.decide({ principal: DEV, action, resource });
      expect(d.decision).toBe('indeterminate');
      expect(d.reason).toBe('unknown-value');
      const traced = engine.decide({ principal: DEV, action, resource }, { trace: true });
      expect(JSON.stringify(traced.trace)).toContain(
        `the tags of ${resource}, which the inputs do not define`,
      );
    },
  );

  it.each(OUTSIDE)(
    'Deny under aws:ResourceTag: %s on %s is indeterminate (was: allow)',
    (action, resource) => {
      expect(engine.decide({ principal: OPS, action, resource }).decision).toBe('indeterminate');
    },
  );

  it('the request states the tags: decided by them', () => {
    // (a resource of another account, or a bucket whose account is unknown, stays open for its
    // resource policy)
    for (const [action, resource] of OUTSIDE.filter(([, r]) => r.includes(`:${ACCOUNT}:`))) {
      const dev = { 'aws:ResourceTag/team': 'dev' };
      const prod = { 'aws:ResourceTag/team': 'prod' };
      expect(engine.decide({ principal: DEV, action, resource, context: dev }).decision).toBe('allow');
      expect(engine.decide({ principal: DEV, action, resource, context: prod }).decision).toBe('deny');
      expect(engine.decide({ principal: OPS, action, resource, context: prod }).decision).toBe('deny');
      expect(engine.decide({ principal: OPS, action, resource, context: dev }).decision).toBe('allow');
      // `null`: the request carries no such tag
      const none = { 'aws:ResourceTag/team': null } as never;
      expect(engine.decide({ principal: DEV, action, resource, context: none }).decision).toBe('deny');
      expect(engine.decide({ principal: OPS, action, resource, context: none }).decision).toBe('allow');
    }
  });

  it('the free analyses keep them open too: dev is a conditional caller of an outside queue', () => {
    const [, queue] = OUTSIDE[1]!;
    const entry = whoCan(engine, 'sqs:SendMessage', queue).entries.find((e) => e.principal === DEV);
    expect(entry?.access).not.toBe('deny');
    expect(checkOnlyPrincipals(engine, 'sqs:SendMessage', queue, [OPS]).holds).toBe(false);
  });
});

describe('decisions that read no tag of an outside resource are unchanged', () => {
  it('Terraform: a queue of the inputs is decided by its tags', () => {
    const engine = compileModel(loadTerraformFiles(terraform));
    const mine = `arn:aws:sqs:us-east-1:${ACCOUNT}:mine`;
    expect(engine.decide({ principal: DEV, action: 'sqs:SendMessage', resource: mine }).decision).toBe(
      'allow',
    );
    expect(engine.decide({ principal: OPS, action: 'sqs:SendMessage', resource: mine }).decision).toBe(
      'allow',
    );
  });

  it('CloudFormation: actions no statement reads a tag for stay decided', () => {
    const engine = compileModel(
      loadTemplate(template, { account: ACCOUNT, region: 'us-east-1', stackTags: {} }),
    );
    const queue = `arn:aws:sqs:us-east-1:${ACCOUNT}:elsewhere-q`;
    expect(engine.decide({ principal: DEV, action: 'sqs:DeleteQueue', resource: queue }).decision).toBe(
      'deny',
    );
    expect(engine.decide({ principal: OPS, action: 'sqs:DeleteQueue', resource: queue }).decision).toBe(
      'deny',
    );
  });
});

describe('IAM and tagless services', () => {
  const engine = compileModel(
    loadTemplate(template, { account: ACCOUNT, region: 'us-east-1', stackTags: {} }),
  );

  it('aws:ResourceTag and iam:ResourceTag of a role the inputs do not define are unknown', () => {
    const role = `arn:aws:iam::${ACCOUNT}:role/elsewhere`;
    expect(engine.decide({ principal: DEV, action: 'iam:PassRole', resource: role }).decision).toBe(
      'indeterminate',
    );
    expect(engine.decide({ principal: DEV, action: 'iam:GetRole', resource: role }).decision).toBe(
      'indeterminate',
    );
  });

  it("iam:ResourceTag is an IAM user's or role's only: absent on a policy, whose aws:ResourceTag is unknown", () => {
    const d = engine.decide({
      principal: DEV,
      action: 'iam:GetRole',
      resource: `arn:aws:iam::${ACCOUNT}:policy/elsewhere`,
    });
    expect(d.decision).toBe('deny');
  });

  it('a service whose resources carry no tags in the request context (Route 53): the key is absent', () => {
    expect(serviceMayCarryResourceTags('route53')).toBe(false);
    expect(serviceMayCarryResourceTags('sqs')).toBe(true);
    expect(serviceMayCarryResourceTags('no-such-service')).toBe(true);
    const zone = 'arn:aws:route53:::hostedzone/Z1R8UBAEXAMPLE';
    expect(engine.decide({ principal: DEV, action: 'route53:GetHostedZone', resource: zone }).decision).toBe(
      'deny',
    );
  });
});

// The same class on the caller's side: aws:PrincipalTag/tag-key: "Use this key to compare the tag
// attached to the principal making the request with the tag that you specify in the policy."
// (IAM User Guide, "AWS global condition context keys"). A role of another account the inputs do
// not define may carry any tags (request-context.ts `principalTags`): a queue policy allowing
// `aws:PrincipalTag/team = dev` gives it access or not. Before, its tags were taken as absent: a
// plain deny.
describe('tags of a principal the inputs do not define', () => {
  const queuePolicy = (effect: string, action: string) => ({
    Effect: effect,
    Principal: { AWS: '*' },
    Action: action,
    Resource: '*',
    Condition: { StringEquals: { 'aws:PrincipalTag/team': effect === 'Allow' ? 'dev' : 'prod' } },
  });
  const engine = compileModel(
    loadTemplate(
      {
        Resources: {
          Q: { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'q' } },
          QP: {
            Type: 'AWS::SQS::QueuePolicy',
            Properties: {
              Queues: [{ Ref: 'Q' }],
              PolicyDocument: {
                Version: '2012-10-17',
                Statement: [queuePolicy('Allow', 'sqs:SendMessage')],
              },
            },
          },
        },
      },
      { account: ACCOUNT, region: 'us-east-1', stackTags: {} },
    ),
  );
  const queue = `arn:aws:sqs:us-east-1:${ACCOUNT}:q`;
  const theirs = `arn:aws:iam::${OTHER}:role/x`;

  it("another account's role: indeterminate (was: deny), naming it; decided when the request states the tag", () => {
    const d = engine.decide(
      { principal: theirs, action: 'sqs:SendMessage', resource: queue },
      { trace: true },
    );
    expect(d.decision).toBe('indeterminate');
    expect(JSON.stringify(d.trace)).toContain(`the tags of ${theirs}, which the inputs do not define`);
    const stated = { 'aws:PrincipalTag/team': 'dev' };
    expect(
      engine.decide({ principal: theirs, action: 'sqs:SendMessage', resource: queue, context: stated })
        .decision,
    ).toBe('allow');
  });

  it('the account root and anonymous callers carry no principal tags: unchanged', () => {
    expect(
      engine.decide({ principal: `arn:aws:iam::${OTHER}:root`, action: 'sqs:SendMessage', resource: queue })
        .decision,
    ).toBe('deny');
    expect(
      engine.decide({ principal: 'anonymous', action: 'sqs:SendMessage', resource: queue }).decision,
    ).toBe('deny');
  });
});
