// `lifecycle { ignore_changes }` in a Terraform configuration read without a plan
// (src/adapters/terraform/config/ignore-changes.ts): the ignored attributes of the deployed object
// may hold anything another process set, so they are unknown and every verdict depending on them
// is indeterminate. It was a silent pass: the configuration's value was taken as deployed (a
// `cannot` on an inline policy the configuration hands to another process passed).
//
// Terraform language, "The lifecycle Meta-Argument", ignore_changes: "In order to make Terraform
// share management responsibilities of a single object with a separate process, the
// `ignore_changes` meta-argument specifies resource attributes that Terraform should ignore when
// planning updates to the associated remote object." ... "The arguments corresponding to the
// given attribute names are considered when planning a *create* operation, but are ignored when
// planning an *update*." ... "Map and list elements can be referenced using index notation, like
// `tags["Name"]` and `list[0]` respectively." ... "Instead of a list, the special keyword `all`
// may be used to instruct Terraform to ignore *all* attributes, which means that Terraform can
// create and destroy the remote object but will never propose updates to it."
// https://developer.hashicorp.com/terraform/language/meta-arguments/lifecycle

import { describe, expect, it } from 'vitest';
import { compileModel } from '../src/engine/index.js';
import { unknownValueFindings } from '../src/model/unknown-inventory.js';
import type { Model } from '../src/model/types.js';
import { terraformConfigModel } from './helpers/temp-inputs.js';

const TRUST = `jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }] })`;
const READ = `jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "arn:aws:s3:::data/*" }] })`;

function load(files: Record<string, string>): Model {
  return terraformConfigModel(files, { env: {}, account: '111122223333', region: 'us-east-1' });
}

function decide(m: Model, principal: string, action: string, resource: string) {
  return compileModel(m).decide({ principal, action, resource });
}

const role = (lifecycle = '', extra = '') => `
resource "aws_iam_role" "app" {
  name = "app"
  assume_role_policy = ${TRUST}
  ${extra}
  ${lifecycle}
}`;

const APP = 'arn:aws:iam::111122223333:role/app';

describe('ignore_changes makes the ignored attribute unknown', () => {
  it('an inline policy resource: its policy may be anything, so a request it decides is indeterminate', () => {
    const inline = (lifecycle: string) => `
resource "aws_iam_role_policy" "p" {
  name = "read"
  role = aws_iam_role.app.id
  policy = ${READ}
  ${lifecycle}
}`;
    const plain = load({ 'main.tf': role() + inline('') });
    expect(decide(plain, APP, 's3:PutObject', 'arn:aws:s3:::data/k').decision).toBe('deny');
    expect(decide(plain, APP, 's3:GetObject', 'arn:aws:s3:::data/k').decision).toBe('allow');
    const m = load({ 'main.tf': role() + inline('lifecycle {\n ignore_changes = [policy]\n }') });
    const put = decide(m, APP, 's3:PutObject', 'arn:aws:s3:::data/k');
    expect(put.decision).toBe('indeterminate');
    // the warning the user sees names the attribute and the lifecycle block
    const warning = unknownValueFindings(m).find((f) => f.message.includes('lifecycle ignore_changes'))!;
    expect(warning.message).toContain('policy');
    expect(warning.source?.address).toBe('aws_iam_role_policy.p');
    expect(decide(m, APP, 's3:GetObject', 'arn:aws:s3:::data/k').decision).toBe('indeterminate');
  });

  it('a trust policy: another account may have been let in', () => {
    const other = 'arn:aws:iam::444455556666:role/x';
    expect(decide(load({ 'main.tf': role() }), other, 'sts:AssumeRole', APP).decision).toBe('deny');
    const m = load({ 'main.tf': role('lifecycle {\n ignore_changes = [assume_role_policy]\n }') });
    expect(decide(m, other, 'sts:AssumeRole', APP).decision).toBe('indeterminate');
  });

  it('inline_policy / managed_policy_arns set by the configuration: what the role holds is unknown', () => {
    const own = `inline_policy {
    name = "own"
    policy = ${READ}
  }
  managed_policy_arns = []`;
    for (const attr of ['inline_policy', 'managed_policy_arns']) {
      const m = load({ 'main.tf': role(`lifecycle {\n ignore_changes = [${attr}]\n }`, own) });
      expect(decide(m, APP, 's3:PutObject', 'arn:aws:s3:::data/k').decision, attr).toBe('indeterminate');
    }
  });

  it('an attribute Terraform manages only when set: ignoring it unset changes nothing', () => {
    // aws_iam_role: "If no blocks are configured, Terraform will not manage any inline policies in
    // this resource" / "If this attribute is not configured, Terraform will ignore policy
    // attachments to this resource"; a bucket's own `policy` when an aws_s3_bucket_policy sets it
    const bucket = (lifecycle: string) => `
resource "aws_s3_bucket" "data" {
  bucket = "data"
  ${lifecycle}
}
resource "aws_s3_bucket_policy" "data" {
  bucket = aws_s3_bucket.data.id
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::444455556666:root" }, Action = "s3:GetObject", Resource = "arn:aws:s3:::data/*" }] })
}`;
    const m = load({
      'main.tf':
        role('lifecycle {\n ignore_changes = [inline_policy, managed_policy_arns]\n }') +
        bucket('lifecycle {\n ignore_changes = [policy, acl, grant]\n }'),
    });
    expect(decide(m, APP, 's3:PutObject', 'arn:aws:s3:::data/k').decision).toBe('deny');
    const reader = (account: string) =>
      decide(m, `arn:aws:iam::${account}:role/x`, 's3:GetObject', 'arn:aws:s3:::data/k').decision;
    expect([reader('444455556666'), reader('555555555555')]).toEqual(['allow', 'deny']);
  });

  it("an ignored inline_policy / managed_policy_arns is never updated, so it removes no other resource's policy", () => {
    // Terraform AWS provider, aws_iam_role: configuring inline_policy / managed_policy_arns makes
    // the role manage them exclusively ("you will get resource cycling"); ignored, the role never
    // updates them, so a separate resource's Deny stays and is credited
    const deny = `
resource "aws_iam_role_policy" "deny" {
  name = "deny"
  role = aws_iam_role.app.id
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Deny", Action = "s3:GetObject", Resource = "*" }] })
}
resource "aws_iam_policy" "denydelete" {
  name = "denydelete"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Deny", Action = "s3:ListBucket", Resource = "*" }] })
}
resource "aws_iam_role_policy_attachment" "denydelete" {
  role = aws_iam_role.app.name
  policy_arn = aws_iam_policy.denydelete.arn
}`;
    const managed = `inline_policy {
    name = "own"
    policy = ${READ}
  }
  managed_policy_arns = ["arn:aws:iam::aws:policy/ReadOnlyAccess"]`;
    const m = load({
      'main.tf':
        role('lifecycle {\n ignore_changes = [inline_policy, managed_policy_arns]\n }', managed) + deny,
    });
    const get = (model: Model) => decide(model, APP, 's3:GetObject', 'arn:aws:s3:::data/k').decision;
    const list = (model: Model) => decide(model, APP, 's3:ListBucket', 'arn:aws:s3:::data').decision;
    expect([get(m), list(m)]).toEqual(['deny', 'deny']);
    const all = load({ 'main.tf': role('lifecycle {\n ignore_changes = all\n }', managed) + deny });
    expect([get(all), list(all)]).toEqual(['deny', 'deny']);
    // not ignored: the role removes them, so the Denies are not credited against its own Allows
    const managing = load({ 'main.tf': role('', managed) + deny });
    expect([get(managing), list(managing)]).toEqual(['indeterminate', 'indeterminate']);
  });

  it('an element of a map (tags["Team"]) makes the whole attribute unknown', () => {
    const abac = `
resource "aws_iam_role_policy" "abac" {
  name = "abac"
  role = aws_iam_role.app.id
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "*", Condition = { StringEquals = { "aws:PrincipalTag/Team" = "red" } } }] })
}`;
    const tags = 'tags = { Team = "blue" }';
    const known = load({ 'main.tf': role('', tags) + abac });
    expect(decide(known, APP, 's3:GetObject', 'arn:aws:s3:::data/k').decision).toBe('deny');
    const m = load({ 'main.tf': role('lifecycle {\n ignore_changes = [tags["Team"]]\n }', tags) + abac });
    expect(decide(m, APP, 's3:GetObject', 'arn:aws:s3:::data/k').decision).toBe('indeterminate');
  });

  it('`all`: every configured argument but those naming the object, whose change replaces it', () => {
    const queue = (lifecycle: string) => `
resource "aws_sqs_queue" "q" {
  name = "jobs"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::111122223333:root" }, Action = "sqs:SendMessage", Resource = "*" }] })
  ${lifecycle}
}`;
    const q = 'arn:aws:sqs:us-east-1:111122223333:jobs';
    const other = 'arn:aws:iam::444455556666:role/x';
    expect(decide(load({ 'main.tf': queue('') }), other, 'sqs:SendMessage', q).decision).toBe('deny');
    const m = load({ 'main.tf': queue('lifecycle {\n ignore_changes = all\n }') });
    expect(m.resources.some((r) => r.arn === q)).toBe(true);
    expect(decide(m, other, 'sqs:SendMessage', q).decision).toBe('indeterminate');
  });

  it('JSON configuration syntax (CDKTF): the names are strings', () => {
    const json = {
      resource: {
        aws_iam_role: {
          app: {
            name: 'app',
            assume_role_policy:
              '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}',
          },
        },
        aws_iam_role_policy: {
          p: {
            name: 'read',
            // biome-ignore lint/suspicious/noTemplateCurlyInString: a Terraform JSON interpolation
            role: '${aws_iam_role.app.id}',
            policy:
              '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::data/*"}]}',
            lifecycle: { ignore_changes: ['policy'] },
          },
        },
      },
    };
    const m = load({ 'main.tf.json': JSON.stringify(json) });
    expect(decide(m, APP, 's3:PutObject', 'arn:aws:s3:::data/k').decision).toBe('indeterminate');
  });

  it('other lifecycle arguments, or ignoring an attribute that grants nothing, change nothing', () => {
    const m = load({
      'main.tf': `${role('lifecycle {\n create_before_destroy = true\n ignore_changes = [description]\n }')}
resource "aws_iam_role_policy" "p" {
  name = "read"
  role = aws_iam_role.app.id
  policy = ${READ}
}`,
    });
    expect(decide(m, APP, 's3:PutObject', 'arn:aws:s3:::data/k').decision).toBe('deny');
    expect(decide(m, APP, 's3:GetObject', 'arn:aws:s3:::data/k').decision).toBe('allow');
  });
});
