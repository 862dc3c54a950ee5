// The diff's comparison outside the inputs (diff/outside-compare.ts), where it was imprecise or
// missed a change:
// - a Deny limited by a condition on aws:RequestedRegion or aws:ResourceAccount: those keys come
//   from the resource's ARN, so the Regions and accounts the conditions name split the witness
//   columns as Resource patterns do (witness-resources.ts `conditionSplits`, the same rule as the
//   exhaustive checks). Removing `Deny dynamodb:* when aws:RequestedRegion = us-east-1` adds
//   access to the tables of us-east-1 only; it was "No access change".
// - the statements of a change shown on an ARN format are those of every witness of the format
//   (a statement allowing some of those resources only is one of them), not the first witness's;
// - a witness column is kept only when an outside statement may allow an action of its service
//   there (`logs:*` on `*` decides nothing on a DynamoDB table).
//
// AWS rules:
// - IAM User Guide, "AWS global condition context keys" (reference_policies_condition-keys.html):
//   aws:RequestedRegion "Use this key to compare the AWS Region that was called in the request";
//   aws:ResourceAccount "Use this key to compare the requested resource owner's AWS account ID".
// - IAM User Guide, "Policy evaluation logic" (reference_policies_evaluation-logic.html): "An
//   explicit deny in any of these policies overrides the allow"; "Permissions boundaries for IAM
//   entities": only what both the identity policies and the boundary allow.

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import {
  DEV,
  diffJson,
  failOn,
  snapshotOf,
  tfStates,
  tfUser,
  tfUserPolicy,
} from './helpers/outside-states.js';

const { dir, write } = tfStates('iamspec-outside-precision-');
const GET_ALL = '{ Effect = "Allow", Action = "dynamodb:GetItem", Resource = "*" }';
const denyWhen = (key: string, value: string) =>
  `{ Effect = "Deny", Action = "dynamodb:*", Resource = "*", Condition = { StringEquals = { "${key}" = "${value}" } } }`;

describe('a Deny on one Region or one account removed', () => {
  const OPEN = write('open', tfUser(false) + tfUserPolicy(GET_ALL));
  it.each([
    ['aws:RequestedRegion', 'us-east-1', ':us-east-1:123456789012:table/'],
    ['aws:ResourceAccount', '555555555555', ':555555555555:table/'],
  ])('%s = %s: access added on the tables there only; --fail-on added fails', async (key, value, where) => {
    const denied = write(
      `deny-${value}`,
      tfUser(false) + tfUserPolicy(`${GET_ALL}, ${denyWhen(key, value)}`),
    );
    const d = await diffJson(denied, OPEN);
    const added = d.added.filter((c) => c.principal === DEV && c.action === 'dynamodb:GetItem');
    expect(added.length).toBeGreaterThan(0);
    // Shown on the witnesses of that Region or account (the policies tell them apart).
    for (const c of added) expect(c.resource).toContain(where);
    expect(d.removed).toEqual([]);
    expect(await failOn(denied, OPEN)).toBe(1);
    // And the Deny added back removes it.
    const back = await diffJson(OPEN, denied);
    expect(back.removed.map((c) => c.resource).every((r) => r.includes(where))).toBe(true);
    expect(back.removed.length).toBeGreaterThan(0);
  });
});

describe('the statements of a change shown on an ARN format', () => {
  // Both allow dynamodb:GetItem on the tables of the account whose name starts with z; the first
  // on every other one too. The boundary (s3:* only) removed adds GetItem on every table of the
  // account: both statements explain it.
  const statements = `${GET_ALL}, { Effect = "Allow", Action = "dynamodb:GetItem", Resource = "arn:aws:dynamodb:*:123456789012:table/z*" }`;
  const BOUNDED = write('bounded', tfUser(true) + tfUserPolicy(statements));
  const UNBOUNDED = write('unbounded', tfUser(false) + tfUserPolicy(statements));

  it('list every statement that grants the action on some of those resources', async () => {
    const d = await diffJson(BOUNDED, UNBOUNDED);
    const onAccount = d.added.find(
      (c) => c.action === 'dynamodb:GetItem' && c.resource === 'arn:aws:dynamodb:*:123456789012:table/*',
    );
    expect(onAccount?.grants.map((g) => `${g.statement} ${g.state}`)).toEqual([
      'Statement[0] after',
      'Statement[1] after',
    ]);
    // The other accounts' tables: the first statement only (the second names this account).
    const elsewhere = d.added.find((c) => c.resource === 'arn:aws:dynamodb:*:*:table/*');
    expect(elsewhere?.grants.map((g) => g.statement)).toEqual(['Statement[0]']);
  });
});

// "Actions, resources, and condition keys for AWS services": sts:AssumeRole names a resource of
// type `role`, `arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}` (an IAM ARN); a role
// outside the inputs may trust the user (its trust policy is not in the inputs: indeterminate).
describe('actions on resources of another service', () => {
  it('sts:AssumeRole on "*" added: added on the IAM roles outside the inputs (it was "No access change")', async () => {
    const base = write('assume-base', tfUser(false));
    const next = write(
      'assume',
      tfUser(false) + tfUserPolicy('{ Effect = "Allow", Action = "sts:AssumeRole", Resource = "*" }'),
    );
    const d = await diffJson(base, next);
    expect(d.notCompared).toBeUndefined();
    expect(d.added.map((c) => `${c.action} ${c.resource} ${c.after}`)).toEqual([
      'sts:AssumeRole arn:aws:iam::*:role/* indeterminate',
      'sts:AssumeRole arn:aws:iam::123456789012:role/* indeterminate',
    ]);
    expect(await failOn(base, next)).toBe(1);
  });
});

describe('witness columns', () => {
  it("only where a statement may allow an action of the column's service", async () => {
    const state = write(
      'logs',
      tfUser(false) +
        tfUserPolicy(
          '{ Effect = "Allow", Action = "logs:*", Resource = "*" }, { Effect = "Allow", Action = "dynamodb:GetItem", Resource = "arn:aws:dynamodb:eu-west-1:123456789012:table/x" }',
        ),
    );
    const file = await snapshotOf(state, join(dir, 'logs.json'));
    const columns = (
      JSON.parse(readFileSync(file, 'utf8')).outsideWitnesses.resources as { arn: string }[]
    ).map((r) => r.arn);
    expect(columns.some((a) => a.startsWith('arn:aws:logs:'))).toBe(true);
    // `logs:*` on `*` allows nothing on another table: the one the DynamoDB statement names only.
    expect(columns.filter((a) => a.startsWith('arn:aws:dynamodb:'))).toEqual([
      'arn:aws:dynamodb:eu-west-1:123456789012:table/x',
    ]);
  });
});

// Against an access snapshot, access added outside the inputs through a group's policy or a role's
// policy (a role the user can assume) is found as by a diff of the two inputs: added, or listed as
// not compared; `--fail-on added` fails either way. (The snapshot records the requests on "*" for
// the actions its outside statements name, its users' groups' statements among them; an action the
// new state's statements name beyond those leaves the statements naming it "not compared".)
describe('against an access snapshot: access added through a group or a role', () => {
  const GROUP = `resource "aws_iam_group" "devs" {
  name = "devs"
}
resource "aws_iam_user_group_membership" "dev" {
  user   = aws_iam_user.dev.name
  groups = [aws_iam_group.devs.name]
}
`;
  const groupPolicy = (statements: string) => `resource "aws_iam_group_policy" "g" {
  group  = aws_iam_group.devs.name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [${statements}]
  })
}
`;
  const ROLE = `resource "aws_iam_role" "worker" {
  name = "worker"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = aws_iam_user.dev.arn } }]
  })
}
`;
  const rolePolicy = (statements: string) => `resource "aws_iam_role_policy" "w" {
  role   = aws_iam_role.worker.name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [${statements}]
  })
}
`;
  const OWN = '{ Effect = "Allow", Action = ["ec2:DescribeInstances", "sts:AssumeRole"], Resource = "*" }';
  const DESCRIBE =
    '{ Effect = "Allow", Action = ["ec2:DescribeInstances", "s3:ListAllMyBuckets"], Resource = "*" }';
  const TABLES = '{ Effect = "Allow", Action = "dynamodb:GetItem", Resource = "*" }';
  const BASE = write('through-base', tfUser(false) + tfUserPolicy(OWN) + GROUP + ROLE);
  it.each([
    ['a group gains actions requested on "*"', GROUP + groupPolicy(DESCRIBE) + ROLE, DEV],
    ['a group gains access to resources outside the inputs', GROUP + groupPolicy(TABLES) + ROLE, DEV],
    [
      'a role the user can assume gains them',
      GROUP + ROLE + rolePolicy(`${DESCRIBE}, ${TABLES}`),
      'role/worker',
    ],
  ])('%s', async (name, extra, who) => {
    const next = write(
      `through-${name.replaceAll(/[^a-z]+/g, '-')}`,
      tfUser(false) + tfUserPolicy(OWN) + extra,
    );
    const snap = await snapshotOf(BASE, join(dir, `through-${name.length}.json`));
    const fromInputs = await diffJson(BASE, next);
    const fromSnapshot = await diffJson(snap, next);
    for (const d of [fromInputs, fromSnapshot]) {
      const seen =
        d.added.some((c) => c.principal.endsWith(who.replace(/^arn:aws:iam::\d+:/, ''))) ||
        (d.notCompared?.outside ?? []).length > 0;
      expect(seen).toBe(true);
    }
    expect(await failOn(snap, next)).toBe(1);
    expect(await failOn(BASE, next)).toBe(1);
  });
  it('a role gains an action the snapshot decided on "*" (for the user): compared, added for the role', async () => {
    const next = write(
      'through-role-recorded',
      tfUser(false) +
        tfUserPolicy(OWN) +
        GROUP +
        ROLE +
        rolePolicy('{ Effect = "Allow", Action = "ec2:DescribeInstances", Resource = "*" }'),
    );
    const snap = await snapshotOf(BASE, join(dir, 'through-recorded.json'));
    for (const d of [await diffJson(BASE, next), await diffJson(snap, next)]) {
      expect(d.notCompared).toBeUndefined();
      expect(d.added.map((c) => `${c.principal} ${c.action} ${c.resource}`)).toEqual([
        'arn:aws:iam::123456789012:role/worker ec2:DescribeInstances *',
      ]);
    }
  });
});
