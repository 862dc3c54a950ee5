// Which statements on resources outside the inputs the access diff compares (issue 16), class by
// class. Actions a request makes on "*" (no resource type, or none required: ec2:Describe*,
// s3:ListAllMyBuckets, the List/Describe actions of `dynamodb:*`) are decided on "*" for the
// principals of the witness comparison (diff/resourceless-compare.ts), so a statement naming them
// is compared like the others: an equivalent rewrite is no change and nothing "not compared", a
// boundary removed adds them. `Action: "*"`, `NotAction` and attached policies whose document
// neither the inputs nor the catalog hold stay "not compared", each with why.
//
// AWS rules:
// - Service Authorization Reference, "Actions, resources, and condition keys for AWS services"
//   (reference_policies_actions-resources-contextkeys.html): an action without a resource type
//   "does not support specifying a resource ARN in the Resource element of an IAM policy
//   statement. To allow access ... specify "Resource": "*"".
// - IAM User Guide, "Permissions boundaries for IAM entities" (access_policies_boundaries.html):
//   the effective permissions are those "allowed by both its identity-based policies and its
//   permissions boundaries".

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './fixtures/cli/run.js';
import {
  DEV,
  type DiffJson,
  diffJson,
  ENV,
  failOn,
  tfAttachment,
  snapshotOf,
  tfStates,
  tfUser,
  tfUserPolicy,
} from './helpers/outside-states.js';

const { dir, write } = tfStates('iamspec-outside-classes-');

/** dev (with or without its boundary, s3:* only) and its inline `statements`, then `extra`. */
const state = (name: string, statements: string, extra = '', boundary = false): string =>
  write(name, tfUser(boundary) + tfUserPolicy(statements) + extra);

const S3_READ = '{ Effect = "Allow", Action = "s3:GetObject", Resource = "arn:aws:s3:::other/*" }';
const DESCRIBE =
  '{ Effect = "Allow", Action = ["ec2:DescribeInstances", "s3:ListAllMyBuckets"], Resource = "*" }';
const DESCRIBE_SPLIT =
  '{ Sid = "A", Effect = "Allow", Action = "s3:ListAllMyBuckets", Resource = "*" }, { Effect = "Allow", Action = "ec2:DescribeInstances", Resource = "*" }';

const failOnAdded = (base: string, next: string) => failOn(base, next);

describe('actions without resource types, requested on "*"', () => {
  const BASE = state('base', S3_READ);
  const ONE = state('describe-one', `${S3_READ}, ${DESCRIBE}`);
  const SPLIT = state('describe-split', `${DESCRIBE_SPLIT}, ${S3_READ}`);

  it('a statement allowing them added: added on "*", compared (nothing not compared)', async () => {
    const json = await diffJson(BASE, ONE);
    expect(
      json.added.filter((c) => c.resource === '*').map((c) => `${c.principal} ${c.action} ${c.after}`),
    ).toEqual([`${DEV} ec2:DescribeInstances allow`, `${DEV} s3:ListAllMyBuckets allow`]);
    expect(json.added.every((c) => c.grants.some((g) => g.state === 'after' && g.effect === 'Allow'))).toBe(
      true,
    );
    expect(json.notCompared).toBeUndefined();
    expect(await failOnAdded(BASE, ONE)).toBe(1);
    const back = await diffJson(ONE, BASE);
    expect(back.removed.filter((c) => c.resource === '*').map((c) => c.action)).toEqual([
      'ec2:DescribeInstances',
      's3:ListAllMyBuckets',
    ]);
    expect(back.added).toEqual([]);
  });

  it('the same statement split in two (Sid, order): no access change, nothing not compared, --fail-on added passes', async () => {
    const json = await diffJson(ONE, SPLIT);
    expect([json.added, json.removed, json.changed]).toEqual([[], [], []]);
    expect(json.notCompared).toBeUndefined();
    expect(await failOnAdded(ONE, SPLIT)).toBe(0);
  });

  it('the text names the "*" requests for what they are', async () => {
    const r = await runCli(['diff', '--base', BASE, ONE, ...ENV]);
    expect(r.stdout).toContain('on actions without resource types (requested on "*"): ec2:DescribeInstances');
  });

  it('against an access snapshot: it records the "*" requests, and compares them as the two-input diff does', async () => {
    const snapshot = (input: string, name: string) => snapshotOf(input, join(dir, `${name}.json`));
    const one = await snapshot(ONE, 'one');
    const recorded = JSON.parse(readFileSync(one, 'utf8')).outsideWitnesses.star;
    expect(recorded.actions).toEqual(['ec2:DescribeInstances', 's3:ListAllMyBuckets']);
    const same = await diffJson(one, SPLIT);
    expect([same.added, same.removed, same.changed, same.notCompared]).toEqual([[], [], [], undefined]);
    expect(await failOnAdded(one, SPLIT)).toBe(0);
    // A boundary (s3:* only) removed after the snapshot: ec2:DescribeInstances added on "*".
    const bounded = state('describe-bounded', `${S3_READ}, ${DESCRIBE}`, '', true);
    const added = await diffJson(await snapshot(bounded, 'bounded'), ONE);
    const fromInputs = await diffJson(bounded, ONE);
    const star = (d: DiffJson) =>
      d.added.filter((c) => c.resource === '*').map((c) => `${c.action} ${c.after}`);
    expect(star(added)).toEqual(['ec2:DescribeInstances allow']);
    expect(star(added)).toEqual(star(fromInputs));
    expect(added.notCompared).toBeUndefined();
    // A base whose statements name none of those services did not decide them: not compared.
    const fresh = await diffJson(await snapshot(BASE, 'base'), ONE);
    expect(fresh.notCompared?.outside?.map((g) => g.why)).toEqual([
      "the snapshot's columns of resources outside the inputs are not those the new state needs (write the snapshot again)",
    ]);
    const WHY = 'it names actions requested on "*" (without resource types), not decided against this base';
    // A snapshot without the record (older): those statements stay not compared, and say why.
    const value = JSON.parse(readFileSync(one, 'utf8'));
    delete value.outsideWitnesses.star;
    const older = join(dir, 'one-older.json');
    writeFileSync(older, JSON.stringify(value));
    const json = await diffJson(older, SPLIT);
    expect(json.notCompared?.outside?.map((g) => g.why)).toEqual([WHY, WHY]);
    expect(await failOnAdded(older, SPLIT)).toBe(1);
  });

  it('a boundary removed from a user allowed dynamodb:* on *: its List actions on "*" are added too', async () => {
    const all = '{ Effect = "Allow", Action = "dynamodb:*", Resource = "*" }';
    const json = await diffJson(state('bounded', all, '', true), state('unbounded', all));
    const star = json.added.filter((c) => c.resource === '*').map((c) => c.action);
    expect(star).toContain('dynamodb:ListTables');
    expect(json.notCompared).toBeUndefined();
  });
});

describe('what stays not compared, with why', () => {
  const BASE = state('nc-base', S3_READ);
  it.each([
    [
      'Action "*"',
      state('star', `${S3_READ}, { Effect = "Allow", Action = "*", Resource = "*" }`),
      'Action "*" or NotAction names the actions of every service, those no policy of the inputs names too',
    ],
    [
      'NotAction',
      state('not-action', `${S3_READ}, { Effect = "Allow", NotAction = "iam:*", Resource = "*" }`),
      'Action "*" or NotAction names the actions of every service, those no policy of the inputs names too',
    ],
    [
      'a customer managed policy the inputs do not define',
      state('customer', S3_READ, tfAttachment('x', 'arn:aws:iam::123456789012:policy/elsewhere')),
      'the managed policy is not in the inputs (its document is unknown)',
    ],
    [
      'an AWS managed policy the catalog does not hold (those it holds: diff-outside-aws-managed.test.ts)',
      state('aws-managed', S3_READ, tfAttachment('x', 'arn:aws:iam::aws:policy/NoSuchPolicyIamspecTest')),
      'an AWS managed policy the catalog does not hold (its document is unknown)',
    ],
  ])('%s', async (_name, next, why) => {
    const json = await diffJson(BASE, next);
    expect(json.notCompared?.outside?.map((g) => g.why)).toEqual([why]);
    const r = await runCli(['diff', '--base', BASE, next, ...ENV, '--fail-on', 'added']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`not compared because ${why}`);
  });
});
