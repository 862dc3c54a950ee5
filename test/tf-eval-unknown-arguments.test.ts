// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Terraform templates and IAM policy variables are literal text here
// Red-team of the Terraform expression evaluator with unknown arguments (htfeval17): a function
// or construct given an unknown (or partly known) argument must give a value every completion
// of the unknown agrees with, or an unknown; never a value or an evaluation error that only the
// stand-in gives. Each case builds a Deny from the expression next to an Allow of everything
// (the request the Deny may cover must be indeterminate, never a plain allow), and an Allow from
// it (a request it may not cover must never be a plain allow; one it may cover never a plain deny).
//
// Terraform language, "Built-in Functions" (https://developer.hashicorp.com/terraform/language/functions):
// - coalesce: "coalesce takes any number of arguments and returns the first one that isn't null
//   or an empty string." "All of the arguments must be of the same type. Terraform will try to
//   convert mismatched arguments to the most general of the types that all arguments can convert
//   to, or return an error if the types are incompatible." (.../functions/coalesce)
// - try: "try evaluates all of its argument expressions in turn and returns the result of the
//   first one that does not produce any errors." (.../functions/try)
// - can: "can evaluates the given expression and returns a boolean value indicating whether the
//   expression produced a result without any errors." (.../functions/can)
// - templatefile: "templatefile reads the file at the given path and renders its content as a
//   template using a supplied set of template variables." (.../functions/templatefile)
// Terraform AWS provider, "Data Source: aws_iam_policy_document": "AWS's IAM policy document
// syntax allows for replacement of policy variables within a statement using ${...}-style
// notation, which conflicts with Terraform's interpolation syntax. In order to use AWS policy
// variables with this data source, use &{...} notation for interpolations that should be
// processed by AWS rather than by Terraform."

import { describe, expect, it } from 'vitest';
import { loadModelSync } from '../src/adapters/load.js';
import { evaluate } from '../src/adapters/terraform/eval/evaluator.js';
import { isFailure } from '../src/adapters/terraform/eval/scope.js';
import { parseHclExpression } from '../src/adapters/terraform/hcl/parser.js';
import { compileModel } from '../src/engine/index.js';
import { isPartlyKnown, isUnknown, type PartlyKnown, Unknown } from '../src/model/unknown.js';
import { writeTempFiles } from './helpers/temp-inputs.js';

const ev = (text: string): unknown =>
  evaluate(parseHclExpression(text), {
    vars: new Map<string, unknown>([['x', new Unknown('var.x has no value')]]),
    resolver: { moduleDir: '.', workDir: '.', resolve: () => undefined },
    file: 'test.tf',
    address: undefined,
  });

const ACCOUNT = '111122223333';
const HEAD = `
provider "aws" {
  region              = "us-east-1"
  allowed_account_ids = ["${ACCOUNT}"]
}
variable "env" { type = string }
resource "aws_iam_user" "u" { name = "u" }
`;

/** A user policy of the statements (HCL objects), written with jsonencode. */
function jsonencoded(statements: string[]): string {
  return `${HEAD}
resource "aws_iam_user_policy" "p" {
  name   = "p"
  user   = aws_iam_user.u.name
  policy = jsonencode({ Version = "2012-10-17", Statement = [${statements.join(', ')}] })
}`;
}

/** A user policy of an aws_iam_policy_document with the statement blocks. */
function documented(blocks: string[]): string {
  return `${HEAD}
data "aws_iam_policy_document" "d" {
  ${blocks.join('\n  ')}
}
resource "aws_iam_user_policy" "p" {
  name   = "p"
  user   = aws_iam_user.u.name
  policy = data.aws_iam_policy_document.d.json
}`;
}

/** The decision for user u, with var.env unknown (or given); `files`: more files of the directory. */
function decide(
  main: string,
  action: string,
  resource: string,
  vars?: Record<string, string>,
  files: Record<string, string> = {},
): string {
  const dir = writeTempFiles({ 'main.tf': main, ...files }, 'iamspec-tf-eval-unknown-');
  const engine = compileModel(loadModelSync([dir], vars ? { vars } : {}));
  return engine.decide({ principal: `arn:aws:iam::${ACCOUNT}:user/u`, action, resource }).decision;
}

const ALLOW_ALL = '{ Effect = "Allow", Action = "s3:*", Resource = "*" }';

describe('coalesce over an unknown argument is unknown, never a type error that try() and can() skip', () => {
  it.each([
    'coalesce(x, "a")',
    'coalesce("", x)',
    'coalesce(x, "a", 1)',
    'coalesce(x, ["a"])',
    'try(coalesce(x, "a"), "b")',
    'can(coalesce(x, "a"))',
  ])('%s is unknown, not an error', (text) => {
    const v = ev(text);
    expect(isUnknown(v)).toBe(true);
    expect(isFailure(v)).toBe(false);
  });

  it('a known first argument that is not null nor "" is the result, whatever comes after', () => {
    expect(ev('coalesce("a", x)')).toBe('a');
    expect(ev('coalesce(null, "", "a", x)')).toBe('a');
    // the types still have to agree: a map and a string never do
    expect(isFailure(ev('coalesce({}, "a", x)'))).toBe(true);
    // a partly known list is a list, whatever its unknown elements: no string coalesces with it
    expect(isFailure(ev('coalesce("a", concat(["a"], x))'))).toBe(true);
  });

  const deny = (resource: string) =>
    jsonencoded([ALLOW_ALL, `{ Effect = "Deny", Action = "s3:GetObject", Resource = ${resource} }`]);

  it('Deny Resource = try(coalesce(var.env, X), X): var.env may be the requested object', () => {
    const main = deny('try(coalesce(var.env, "arn:aws:s3:::dev/*"), "arn:aws:s3:::dev/*")');
    // before: coalesce failed on the unknown, try() took "dev/*", the Deny missed prod: allow
    expect(decide(main, 's3:GetObject', 'arn:aws:s3:::prod/k')).toBe('indeterminate');
    expect(decide(main, 's3:GetObject', 'arn:aws:s3:::prod/k', { env: 'arn:aws:s3:::prod/*' })).toBe('deny');
    expect(decide(main, 's3:GetObject', 'arn:aws:s3:::prod/k', { env: '' })).toBe('allow');
  });

  it('Deny whose Action is chosen by can(coalesce(var.env, ...))', () => {
    const main = jsonencoded([
      ALLOW_ALL,
      '{ Effect = "Deny", Action = can(coalesce(var.env, "x")) ? "s3:GetObject" : "s3:PutObject", Resource = "*" }',
    ]);
    // coalesce succeeds for every value of var.env: the Deny is of s3:GetObject
    expect(decide(main, 's3:GetObject', 'arn:aws:s3:::prod/k')).not.toBe('allow');
  });

  it('Allow NotResource = try(coalesce(var.env, X), Y) may exclude the requested object', () => {
    const main = jsonencoded([
      '{ Effect = "Allow", Action = "s3:GetObject", NotResource = try(coalesce(var.env, "arn:aws:s3:::prod/*"), "x") }',
    ]);
    // before: NotResource "x": the request allowed, although var.env = "" excludes prod/*
    expect(decide(main, 's3:GetObject', 'arn:aws:s3:::prod/k')).toBe('indeterminate');
  });
});

describe('&{...} in a partly known value of aws_iam_policy_document is the policy variable', () => {
  const blocks = (effect: string, resources: string) => [
    ...(effect === 'Deny' ? ['statement {\n    actions = ["s3:*"]\n    resources = ["*"]\n  }'] : []),
    `statement {\n    effect = "${effect}"\n    actions = ["s3:GetObject"]\n    resources = ${resources}\n  }`,
  ];
  // the provider's own example: "arn:aws:s3:::${var.s3_bucket_name}/home/&{aws:username}"
  const HOME = '["arn:aws:s3:::${var.env}/home/&{aws:username}"]';

  it("Allow of a bucket not given: the user's own home may be allowed, never a plain deny", () => {
    // before: the known text kept "&{aws:username}" literally, which matches no object: deny
    expect(decide(documented(blocks('Allow', HOME)), 's3:GetObject', 'arn:aws:s3:::prod/home/u')).toBe(
      'indeterminate',
    );
    expect(
      decide(documented(blocks('Allow', HOME)), 's3:GetObject', 'arn:aws:s3:::prod/home/u', {
        env: 'prod',
      }),
    ).toBe('allow');
  });

  it("Deny of a bucket not given next to an Allow: the user's own home may be denied, never a plain allow", () => {
    expect(decide(documented(blocks('Deny', HOME)), 's3:GetObject', 'arn:aws:s3:::prod/home/u')).toBe(
      'indeterminate',
    );
    const prefix = '["arn:aws:s3:::&{aws:username}-${var.env}"]';
    expect(decide(documented(blocks('Deny', prefix)), 's3:GetObject', 'arn:aws:s3:::u-prod')).toBe(
      'indeterminate',
    );
  });

  it('a known "&" just before an unknown part may start "&{": it is no longer known text', () => {
    // var.env = "{aws:username}" renders "arn:aws:s3:::prod/${aws:username}"
    const main = documented(blocks('Deny', '["arn:aws:s3:::prod/&${var.env}"]'));
    expect(decide(main, 's3:GetObject', 'arn:aws:s3:::prod/u')).toBe('indeterminate');
  });
});

describe('a bucket policy whose Principal is not known may grant the user itself', () => {
  // IAM User Guide, "Policy evaluation for requests within a single account": "If either the
  // identity-based policy or the resource-based policy within the same account allows the request
  // and the other doesn't, the request is still allowed." A Principal that is wholly unknown (a
  // variable, a conditional between "*" and a list) may name the user's ARN: a grant to the user
  // itself, which needs no identity-based policy; it was read as a grant to the user's account
  // only (its unknown CanonicalUser may be the account's), which the user's identity policies
  // (none here) would have to complete: a plain deny.
  const bucketPolicy = (principal: string) => `${HEAD}
variable "flag" { type = bool }
variable "any" {}
resource "aws_s3_bucket" "b" { bucket = "prod" }
resource "aws_s3_bucket_policy" "b" {
  bucket = aws_s3_bucket.b.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "arn:aws:s3:::prod/*", Principal = ${principal} }]
  })
}`;

  it.each([
    'var.any',
    'var.flag ? "*" : { AWS = "arn:aws:iam::111122223333:user/v" }',
    'var.flag ? { AWS = "*" } : { AWS = "arn:aws:iam::111122223333:user/v" }',
  ])('Principal = %s: indeterminate, never a plain deny', (principal) => {
    expect(decide(bucketPolicy(principal), 's3:GetObject', 'arn:aws:s3:::prod/k')).toBe('indeterminate');
  });

  it('a known Principal naming another user still denies', () => {
    const main = bucketPolicy('{ AWS = "arn:aws:iam::111122223333:user/v" }');
    expect(decide(main, 's3:GetObject', 'arn:aws:s3:::prod/k')).toBe('deny');
  });
});

describe('templatefile with an unknown variable keeps the known text of the policy it renders', () => {
  it.each([
    ['templatestring("$${a}-k", { a = x })', 'unknown'],
    ['templatestring("k", { a = x })', 'k'],
    ['templatestring("k", { a = {}.missing })', 'failure'],
    ['try(templatestring("k", { a = {}.missing }), "fallback")', 'fallback'],
  ])('%s is %s', (text, want) => {
    const v = ev(text);
    if (want === 'unknown') expect(isUnknown(v) && !isFailure(v)).toBe(true);
    else if (want === 'failure') expect(isFailure(v)).toBe(true);
    else expect(v).toBe(want);
  });

  const main = `${HEAD}
resource "aws_iam_user_policy" "p" {
  name   = "p"
  user   = aws_iam_user.u.name
  policy = templatefile("\${path.module}/policy.json.tpl", { bucket = var.env, logs = "logs" })
}`;
  const template = (deny: boolean) =>
    JSON.stringify({
      Version: '2012-10-17',
      Statement: deny
        ? [
            { Effect: 'Allow', Action: 's3:*', Resource: '*' },
            { Effect: 'Deny', Action: 's3:GetObject', Resource: 'arn:aws:s3:::${bucket}/*' },
          ]
        : [
            { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::${bucket}/*' },
            { Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::${logs}/*' },
          ],
    });

  it('the statements that do not use the unknown variable decide; the one that does is indeterminate', () => {
    const files = { 'policy.json.tpl': template(false) };
    // before: the whole document unknown, every request indeterminate
    expect(decide(main, 's3:PutObject', 'arn:aws:s3:::logs/k', undefined, files)).toBe('allow');
    expect(decide(main, 's3:DeleteObject', 'arn:aws:s3:::logs/k', undefined, files)).toBe('deny');
    expect(decide(main, 's3:GetObject', 'arn:aws:s3:::prod/k', undefined, files)).toBe('indeterminate');
  });

  it('a Deny of the unknown bucket next to an Allow of everything is indeterminate, never a plain allow', () => {
    const files = { 'policy.json.tpl': template(true) };
    expect(decide(main, 's3:GetObject', 'arn:aws:s3:::prod/k', undefined, files)).toBe('indeterminate');
    expect(decide(main, 's3:PutObject', 'arn:aws:s3:::prod/k', undefined, files)).toBe('allow');
    expect(decide(main, 's3:GetObject', 'arn:aws:s3:::prod/k', { env: 'prod' }, files)).toBe('deny');
  });
});

describe('a partly known value converted to a type keeps only what the conversion keeps', () => {
  // Terraform language, "Type Constraints": "Terraform will automatically convert number and bool
  // values to string values when needed, and vice-versa as long as the string contains a valid
  // representation"; "toset Function": "Pass a list value to toset to convert it to a set, which
  // will remove any duplicate elements and discard the ordering of the elements."
  it('a partly known string converted to a number is wholly unknown (its text may change: "01" is 1)', () => {
    const v = ev('convert("0${x}", number)');
    expect(isUnknown(v)).toBe(true);
    expect(isPartlyKnown(v)).toBe(false);
    // and so is a template of it: never the pattern "0${?}"
    expect(isPartlyKnown(ev('"arn:aws:s3:::b${convert("0${x}", number)}"'))).toBe(true);
    expect((ev('"arn:aws:s3:::b${convert("0${x}", number)}"') as PartlyKnown).shape).toBe(
      'arn:aws:s3:::b${?}',
    );
  });

  it('a partly known list converted to a set has no known first element', () => {
    // concat(["b"], x) starts with "b"; as a set its order is the set's (x may hold "a")
    expect(ev('concat(["b"], x)[0]')).toBe('b');
    const first = ev('tolist(convert(concat(["b"], x), set(string)))[0]');
    expect(isUnknown(first)).toBe(true);
  });
});
