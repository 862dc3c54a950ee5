// biome-ignore-all lint/suspicious/noTemplateCurlyInString: IAM policy variables are written ${...} in plain strings.
// The matrix's pruning in the other worlds of `decide` (an unstated deploying account, a stand-in
// region: src/engine/account-worlds.ts, src/engine/region-worlds.ts): a statement, a resource
// policy's Principal or an SCP/RCP that names a column or a row only in some world must still
// count there (src/analysis/matrix/column-index.ts, rows.ts, statement-groups.ts), and the cells
// must be exactly what deciding every action one by one gives. Each case below is built so that
// a pruning that ignored that world would leave out an answer `decide` gives.
//
// IAM User Guide, "IAM identifiers": "arn:partition:service:region:account-id:resource" — the
// region and account-id fields are part of what a Resource element matches,
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html ; "AWS global condition
// context keys", aws:PrincipalAccount: "compare the account to which the requesting principal
// belongs with the account identifier that you specify in the policy",
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalaccount

import { describe, expect, it } from 'vitest';
import { generateOrg } from '../bench/generate-org.js';
import { buildMatrix, type MatrixOptions } from '../src/analysis/matrix/build.js';
import { matrixViewOf } from '../src/analysis/matrix/model-view.js';
import { compileModel } from '../src/engine/index.js';
import { ModelBuilder } from '../src/model/builder.js';
import { PLACEHOLDER_ACCOUNT, PLACEHOLDER_REGION } from '../src/model/stand-ins.js';
import type { Model } from '../src/model/types.js';
import { parsePolicy } from '../src/policy/parse.js';
import { decidedOneByOne, matrixAnswers, nonDenyAnswers } from './helpers/matrix-oracle.js';

const P = PLACEHOLDER_ACCOUNT;
const OTHER = '123456789012';
const source = { file: 'matrix-worlds.test.ts' };

/** The matrix of `model` equals deciding one by one; returns the non-deny answers. */
function expectAsDecided(model: Model, options: MatrixOptions = {}): Record<string, string> {
  const engine = compileModel(model);
  const m = buildMatrix(engine, options);
  const expected = nonDenyAnswers(decidedOneByOne(engine, m, options.context));
  expect(Object.fromEntries([...matrixAnswers(m)].sort())).toEqual(expected);
  return expected;
}

const doc = (kind: 'identity' | 'resource' | 'trust' | 'scp' | 'rcp', statements: unknown[]) =>
  parsePolicy({ Version: '2012-10-17', Statement: statements }, { kind, source });

/** A model whose deploying account is unstated (and, with `standIn`, its region a stand-in). */
function unstated(standIn = false): ModelBuilder {
  const b = new ModelBuilder();
  b.addAccount(P, standIn ? PLACEHOLDER_REGION : 'us-east-1');
  if (standIn) b.markRegionStandIn(P);
  return b;
}

function user(b: ModelBuilder, name: string, statements: unknown[], account = P): string {
  const id = b.addUser({ name, account, source });
  if (statements.length)
    b.addInlinePolicy(id, { name: `${name}-policy`, document: doc('identity', statements), source });
  return id;
}

const queue = (b: ModelBuilder, name: string, policy?: unknown[], account = P, region = 'us-east-1') =>
  b.addResource({
    kind: 'sqs-queue',
    arn: `arn:aws:sqs:${region}:${account}:${name}`,
    name,
    account,
    region,
    source,
    policy: policy ? doc('resource', policy) : undefined,
  });

describe('the matrix follows the other worlds of decide (unstated account, stand-in region)', () => {
  it('the pruning follows the worlds at all: a row reaching no column here is not pruned to nothing', () => {
    // Guard against a vacuous pass: with the model's worlds the matrix has other worlds to follow.
    const b = unstated();
    user(b, 'dev', [
      { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: `arn:aws:sqs:us-east-1:${OTHER}:jobs` },
    ]);
    queue(b, 'jobs');
    const engine = compileModel(b.build());
    expect(matrixViewOf(engine).worldMaps.length).toBeGreaterThan(0);
    const answers = expectAsDecided(b.build());
    // In the world where "this account" is 123456789012 the Resource names the queue.
    expect(answers[`arn:aws:iam::${P}:user/dev arn:aws:sqs:us-east-1:${P}:jobs sqs:SendMessage`]).toBe(
      'indeterminate',
    );
  });

  it('a Resource naming another account and region (arn:aws:sqs:eu-*:ACCOUNT:q) names the queue in a world of both', () => {
    // Neither world alone makes it match: the region world's own account worlds do (composed).
    const b = unstated(true);
    user(b, 'dev', [
      { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: `arn:aws:sqs:eu-*:${OTHER}:jobs` },
      // Never an SQS column in any world: must not make the S3 actions of the queue appear.
      { Effect: 'Allow', Action: '*', Resource: 'arn:aws:s3:::*' },
    ]);
    queue(b, 'jobs', undefined, P, PLACEHOLDER_REGION);
    const answers = expectAsDecided(b.build());
    expect(
      answers[`arn:aws:iam::${P}:user/dev arn:aws:sqs:${PLACEHOLDER_REGION}:${P}:jobs sqs:SendMessage`],
    ).toBe('indeterminate');
    expect(Object.keys(answers).filter((k) => k.includes(':jobs ')).length).toBe(1);
  });

  it("a Resource naming this account's queues names a stated account's queue in the world where it is that account", () => {
    // The column does not change between worlds; the Resource does.
    const b = unstated();
    user(b, 'dev', [
      { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: `arn:aws:sqs:us-east-1:${P}:*` },
    ]);
    queue(b, 'jobs', undefined, OTHER);
    const answers = expectAsDecided(b.build());
    expect(answers[`arn:aws:iam::${P}:user/dev arn:aws:sqs:us-east-1:${OTHER}:jobs sqs:SendMessage`]).toBe(
      'indeterminate',
    );
  });

  it('an account pattern (1234*) names "this account" in the world of an id it matches', () => {
    const b = unstated();
    user(b, 'dev', [
      { Effect: 'Allow', Action: 'sqs:Receive*', Resource: 'arn:aws:sqs:us-east-1:1234*:jobs' },
    ]);
    queue(b, 'jobs');
    const answers = expectAsDecided(b.build());
    expect(answers[`arn:aws:iam::${P}:user/dev arn:aws:sqs:us-east-1:${P}:jobs sqs:ReceiveMessage`]).toBe(
      'indeterminate',
    );
  });

  it('a bucket named after the account: an object pattern with a policy variable names it in another world', () => {
    const b = unstated();
    user(b, 'dev', [
      { Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::data-${OTHER}/\${aws:username}/*` },
      { Effect: 'Allow', Action: 's3:ListBucket', Resource: `arn:aws:s3:::data-${OTHER}` },
    ]);
    b.addResource({
      kind: 's3-bucket',
      arn: `arn:aws:s3:::data-${P}`,
      name: `data-${P}`,
      account: P,
      source,
    });
    const answers = expectAsDecided(b.build());
    expect(answers[`arn:aws:iam::${P}:user/dev arn:aws:s3:::data-${P} s3:ListBucket`]).toBe('indeterminate');
  });

  it('NotResource naming another account applies everywhere but there, in every world', () => {
    const b = unstated();
    user(b, 'dev', [
      { Effect: 'Allow', Action: 'sqs:SendMessage', NotResource: `arn:aws:sqs:*:${OTHER}:*` },
      { Effect: 'Allow', Action: 'sqs:GetQueueUrl', Resource: `arn:aws:sqs:*:${P}:*` },
    ]);
    queue(b, 'jobs');
    const answers = expectAsDecided(b.build());
    expect(answers[`arn:aws:iam::${P}:user/dev arn:aws:sqs:us-east-1:${P}:jobs sqs:SendMessage`]).toBe(
      'indeterminate',
    );
    expect(answers[`arn:aws:iam::${P}:user/dev arn:aws:sqs:us-east-1:${P}:jobs sqs:GetQueueUrl`]).toBe(
      'allow',
    );
  });

  it('a queue policy naming a user of another account grants the same user here in that world', () => {
    // No identity statement reaches the queue: only the resource policy's Principal, in the world
    // where "this account" is that account, makes it a candidate and a grant.
    const b = unstated();
    user(b, 'dev', []);
    user(b, 'ops', []);
    queue(b, 'jobs', [
      {
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${OTHER}:user/dev` },
        Action: 'sqs:SendMessage',
        Resource: `arn:aws:sqs:us-east-1:${P}:jobs`,
      },
    ]);
    const answers = expectAsDecided(b.build());
    expect(answers[`arn:aws:iam::${P}:user/dev arn:aws:sqs:us-east-1:${P}:jobs sqs:SendMessage`]).toBe(
      'indeterminate',
    );
    expect(Object.keys(answers).some((k) => k.includes('user/ops'))).toBe(false);
  });

  it('a role whose trust policy names a role of another account (the role as a column)', () => {
    const b = unstated();
    const caller = b.addRole({ name: 'caller', account: P, source, trustPolicy: doc('trust', []) });
    b.addInlinePolicy(caller, {
      name: 'p',
      document: doc('identity', [
        { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${OTHER}:role/*` },
      ]),
      source,
    });
    b.addRole({
      name: 'target',
      account: P,
      source,
      trustPolicy: doc('trust', [
        {
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${OTHER}:role/caller` },
          Action: 'sts:AssumeRole',
        },
      ]),
    });
    const answers = expectAsDecided(b.build(), { resources: [`arn:aws:iam::${P}:role/target`] });
    expect(answers[`arn:aws:iam::${P}:role/caller arn:aws:iam::${P}:role/target sts:AssumeRole`]).toBe(
      'indeterminate',
    );
  });

  it("another account's SCPs apply to the row in the world where it is that account", () => {
    const b = unstated();
    user(b, 'dev', [
      { Effect: 'Allow', Action: ['sqs:SendMessage', 'sqs:ReceiveMessage'], Resource: '*' },
      // Names the other account, so that "this account" may be it (an SCP's account alone does not).
      { Effect: 'Allow', Action: 'sqs:ListQueues', Resource: `arn:aws:sqs:us-east-1:${OTHER}:elsewhere` },
    ]);
    queue(b, 'jobs');
    b.addScp(P, doc('scp', [{ Effect: 'Allow', Action: '*', Resource: '*' }]));
    // Only ReceiveMessage is denied there: the grouping must keep the two actions apart.
    b.addScp(
      OTHER,
      doc('scp', [
        { Effect: 'Allow', Action: '*', Resource: '*' },
        { Effect: 'Deny', Action: 'sqs:ReceiveMessage', Resource: '*' },
      ]),
    );
    const answers = expectAsDecided(b.build());
    const key = (a: string) => `arn:aws:iam::${P}:user/dev arn:aws:sqs:us-east-1:${P}:jobs ${a}`;
    expect(answers[key('sqs:SendMessage')]).toBe('allow');
    expect(answers[key('sqs:ReceiveMessage')]).toBe('indeterminate');
  });

  it("another account's RCPs apply to the column in the world where it is that account", () => {
    const b = unstated();
    user(b, 'dev', [
      {
        Effect: 'Allow',
        Action: ['sqs:SendMessage', 'sqs:ReceiveMessage'],
        Resource: `arn:aws:sqs:*:${P}:*`,
      },
    ]);
    queue(b, 'jobs');
    b.addRcp(
      OTHER,
      doc('rcp', [
        { Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' },
        {
          Effect: 'Deny',
          Principal: '*',
          Action: 'sqs:SendMessage',
          Resource: `arn:aws:sqs:*:${OTHER}:jobs`,
        },
      ]),
    );
    const answers = expectAsDecided(b.build());
    const key = (a: string) => `arn:aws:iam::${P}:user/dev arn:aws:sqs:us-east-1:${P}:jobs ${a}`;
    expect(answers[key('sqs:ReceiveMessage')]).toBe('allow');
    expect(answers[key('sqs:SendMessage')]).toBe('indeterminate');
  });

  it('a queue of a stated account and one of the unstated account that become one ARN in a world', () => {
    // In the world where "this account" is 123456789012 both queues have one ARN: the engine reads
    // one of their policies there, so these columns are decided without pruning.
    const b = unstated();
    user(b, 'dev', [
      { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: `arn:aws:sqs:us-east-1:${P}:jobs` },
    ]);
    queue(b, 'jobs');
    queue(b, 'jobs', [{ Effect: 'Deny', Principal: '*', Action: 'sqs:*', Resource: '*' }], OTHER);
    const answers = expectAsDecided(b.build());
    expect(answers[`arn:aws:iam::${P}:user/dev arn:aws:sqs:us-east-1:${P}:jobs sqs:SendMessage`]).toBe(
      'indeterminate',
    );
  });

  it('a queue policy naming a user of the unstated account grants the same user of a stated account in that world', () => {
    const b = unstated();
    user(b, 'dev', [], OTHER);
    queue(b, 'jobs', [
      {
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${P}:user/dev` },
        Action: 'sqs:SendMessage',
        Resource: `arn:aws:sqs:us-east-1:${P}:jobs`,
      },
    ]);
    const answers = expectAsDecided(b.build());
    expect(answers[`arn:aws:iam::${OTHER}:user/dev arn:aws:sqs:us-east-1:${P}:jobs sqs:SendMessage`]).toBe(
      'indeterminate',
    );
  });

  // In the world where "this account" is OTHER, both accounts' SCPs apply (they add up, as one
  // account's attached SCPs do): this account's Deny holds in every world, OTHER's adds one there.
  it("another account's SCPs add to the row's own in the world where this account is that one", () => {
    const b = unstated();
    user(b, 'dev', [
      { Effect: 'Allow', Action: ['sqs:SendMessage', 'sqs:ReceiveMessage'], Resource: '*' },
      { Effect: 'Allow', Action: 'sqs:ListQueues', Resource: `arn:aws:sqs:us-east-1:${OTHER}:elsewhere` },
    ]);
    queue(b, 'jobs');
    b.addScp(
      P,
      doc('scp', [
        { Effect: 'Allow', Action: '*', Resource: '*' },
        { Effect: 'Deny', Action: 'sqs:ReceiveMessage', Resource: '*' },
      ]),
    );
    b.addScp(
      OTHER,
      doc('scp', [
        { Effect: 'Allow', Action: '*', Resource: '*' },
        { Effect: 'Deny', Action: 'sqs:SendMessage', Resource: '*' },
      ]),
    );
    const answers = expectAsDecided(b.build());
    const key = (a: string) => `arn:aws:iam::${P}:user/dev arn:aws:sqs:us-east-1:${P}:jobs ${a}`;
    expect(answers[key('sqs:SendMessage')]).toBe('indeterminate');
    expect(answers[key('sqs:ReceiveMessage')]).toBeUndefined(); // deny in every world
  });

  it("a queue whose ARN becomes a stated account's queue in a world reads that queue's policy there", () => {
    // Nothing here grants dev the unstated account's queue; in the world where "this account" is
    // 123456789012 the engine reads the other queue (same ARN there), whose policy names dev.
    const b = unstated();
    user(b, 'dev', []);
    queue(b, 'jobs');
    queue(
      b,
      'jobs',
      [
        {
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${OTHER}:user/dev` },
          Action: 'sqs:SendMessage',
          Resource: '*',
        },
      ],
      OTHER,
    );
    const answers = expectAsDecided(b.build());
    expect(answers[`arn:aws:iam::${P}:user/dev arn:aws:sqs:us-east-1:${P}:jobs sqs:SendMessage`]).toBe(
      'indeterminate',
    );
  });

  it("a user whose ARN becomes a stated account's user in a world has that user's policies there", () => {
    const b = unstated();
    user(b, 'dev', []);
    user(b, 'dev', [{ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: '*' }], OTHER);
    queue(b, 'jobs');
    const answers = expectAsDecided(b.build());
    expect(answers[`arn:aws:iam::${P}:user/dev arn:aws:sqs:us-east-1:${P}:jobs sqs:SendMessage`]).toBe(
      'indeterminate',
    );
  });

  it('rows of one kind and account share decisions, but not with a row a Principal names in another world', () => {
    // bob and ann hold the same managed policy (one class of rows); the queue's policy names ann
    // only as a user of 123456789012, which she is in the world where "this account" is that id.
    const b = unstated();
    const common = b.addManagedPolicy({
      name: 'common',
      account: P,
      document: doc('identity', [{ Effect: 'Allow', Action: 'sqs:GetQueueUrl', Resource: '*' }]),
      source,
    });
    for (const name of ['bob', 'ann', 'cy'])
      b.attachManagedPolicy(user(b, name, []), { policyArn: common, source });
    queue(b, 'jobs', [
      {
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${OTHER}:user/ann` },
        Action: 'sqs:SendMessage',
        Resource: '*',
      },
    ]);
    const answers = expectAsDecided(b.build());
    const key = (u: string, a: string) => `arn:aws:iam::${P}:user/${u} arn:aws:sqs:us-east-1:${P}:jobs ${a}`;
    expect(answers[key('ann', 'sqs:SendMessage')]).toBe('indeterminate');
    expect(answers[key('bob', 'sqs:SendMessage')]).toBeUndefined();
    expect(answers[key('cy', 'sqs:GetQueueUrl')]).toBe('allow');
  });

  it('a pinned context naming an account the model does not: no pruning, as decided', () => {
    // The world where "this account" is the context's account is one the pruning does not follow.
    const b = unstated();
    user(b, 'dev', [
      { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: `arn:aws:sqs:us-east-1:${OTHER}:jobs` },
    ]);
    queue(b, 'jobs');
    const context = { 'aws:SourceAccount': '555566667777' };
    expect(compileModel(b.build()).worldsBeyond(...Object.values(context))).toBe(true);
    const answers = expectAsDecided(b.build(), { context });
    expect(answers[`arn:aws:iam::${P}:user/dev arn:aws:sqs:us-east-1:${P}:jobs sqs:SendMessage`]).toBe(
      'indeterminate',
    );
  });

  for (const [seed, standIn, principals, resources] of [
    [3, false, 10, 12],
    [8, true, 10, 12],
    // Many rows of one kind and account over few columns: decisions shared between rows.
    [5, false, 40, 6],
  ] as const)
    it(`a generated organisation whose account is unstated${standIn ? ' and region a stand-in' : ''} (seed ${seed}, ${principals} principals)`, () => {
      const { model } = generateOrg({
        principals,
        resources,
        policies: 2 * principals,
        seed,
        mainAccount: P,
        regionStandIn: standIn,
      });
      // The region worlds are there too (the second account is in eu-west-1), composed with the
      // account worlds.
      const into = compileModel(model)
        .otherWorlds()
        .map((w) => w.into(`arn:aws:sqs:${PLACEHOLDER_REGION}:${P}:q`));
      expect(into.some((arn) => arn.includes(':eu-west-1:') && !arn.includes(P))).toBe(standIn);
      const answers = expectAsDecided(model);
      expect(Object.values(answers)).toContain('indeterminate');
      expect(Object.values(answers)).toContain('allow');
    });
});
