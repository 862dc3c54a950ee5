// aws_iam_group_membership owns its group's members exclusively
// (src/adapters/terraform/handlers/exclusive-group-members.ts). Terraform AWS provider,
// aws_iam_group_membership: "WARNING: Multiple aws_iam_group_membership resources with the same
// group name will produce inconsistent behavior!" and "aws_iam_group_membership will conflict with
// itself if used more than once with the same group. To non-exclusively manage the users in a
// group, see the aws_iam_user_group_membership resource." A user that an
// aws_iam_user_group_membership (or a second aws_iam_group_membership) puts into a group whose
// aws_iam_group_membership does not list it is removed on apply: the group's Deny must not be
// credited to that user. It was: `cannot` passed (exit 0).

import { describe, expect, it } from 'vitest';
import { checkTempFiles, statusesById } from './helpers/temp-inputs.js';

const BASE = `provider "aws" { region = "us-east-1" }
resource "aws_iam_user" "alice" { name = "alice" }
resource "aws_iam_user" "bob" { name = "bob" }
resource "aws_iam_user_policy" "bob_all" {
  name = "all"
  user = aws_iam_user.bob.name
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:*", Resource = "*" }] })
}
resource "aws_iam_group" "deny" { name = "deny" }
resource "aws_iam_group_policy" "deny" {
  name = "deny"
  group = aws_iam_group.deny.name
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Deny", Action = "s3:DeleteObject", Resource = "*" }] })
}
resource "aws_s3_bucket" "b" { bucket = "data-b" }
`;

const SPEC = `version: 1
account: "111122223333"
expect:
  - id: bob-no-delete
    principal: user/bob
    cannot: { action: s3:DeleteObject, resource: "arn:aws:s3:::data-b/k" }
  - id: bob-get
    principal: user/bob
    can: { action: s3:GetObject, resource: "arn:aws:s3:::data-b/k" }
`;

async function statuses(extra: string): Promise<Record<string, string>> {
  return statusesById((await checkTempFiles({ 'main.tf': BASE + extra }, SPEC)).expectations);
}

const BOB_JOINS = `resource "aws_iam_user_group_membership" "bob" {
  user = aws_iam_user.bob.name
  groups = [aws_iam_group.deny.name]
}
`;

describe('aws_iam_group_membership is exclusive', () => {
  it('without one, the group Deny reaches bob (intended)', async () => {
    expect(await statuses(BOB_JOINS)).toEqual({ 'bob-no-delete': 'pass', 'bob-get': 'pass' });
  });

  it('one that lists bob keeps him in the group', async () => {
    const listsBob = `resource "aws_iam_group_membership" "deny" {
  name = "deny-members"
  group = aws_iam_group.deny.name
  users = [aws_iam_user.alice.name, aws_iam_user.bob.name]
}
`;
    expect(await statuses(BOB_JOINS + listsBob)).toEqual({ 'bob-no-delete': 'pass', 'bob-get': 'pass' });
  });

  it('one that does not list bob removes the membership aws_iam_user_group_membership adds (near miss)', async () => {
    const listsAlice = `resource "aws_iam_group_membership" "deny" {
  name = "deny-members"
  group = aws_iam_group.deny.name
  users = [aws_iam_user.alice.name]
}
`;
    expect(await statuses(BOB_JOINS + listsAlice)).toEqual({
      'bob-no-delete': 'indeterminate',
      'bob-get': 'pass',
    });
  });

  it('two of the same group remove each other’s users', async () => {
    const two = `resource "aws_iam_group_membership" "a" {
  name = "a"
  group = aws_iam_group.deny.name
  users = [aws_iam_user.alice.name]
}
resource "aws_iam_group_membership" "b" {
  name = "b"
  group = "deny"
  users = ["bob"]
}
`;
    expect(await statuses(two)).toEqual({ 'bob-no-delete': 'indeterminate', 'bob-get': 'pass' });
  });

  it('one of another group does not touch this one', async () => {
    const other = `resource "aws_iam_group" "other" { name = "other" }
resource "aws_iam_group_membership" "other" {
  name = "other"
  group = aws_iam_group.other.name
  users = [aws_iam_user.alice.name]
}
`;
    expect(await statuses(BOB_JOINS + other)).toEqual({ 'bob-no-delete': 'pass', 'bob-get': 'pass' });
  });

  it('one whose group is unknown may be this group', async () => {
    const unknownGroup = `variable "group" { type = string }
resource "aws_iam_group_membership" "any" {
  name = "any"
  group = var.group
  users = [aws_iam_user.alice.name]
}
`;
    expect((await statuses(BOB_JOINS + unknownGroup))['bob-no-delete']).toBe('indeterminate');
  });
});
