// A `for` expression over a collection that is not known keeps the shape of its elements: `[for s
// in var.stmts : { Effect = "Allow", Action = s.actions, Resource = s.arns }]` is a list of any
// length (maybe none) whose every element is an object with Effect "Allow", not a wholly unknown
// list (whose unknown statements might Deny). Only where a value is read as a set (a Statement
// list, eval/partial-list.ts `listValues`); its length, an index, stay unknown.
//
// Terraform language, "for Expressions"
// (https://developer.hashicorp.com/terraform/language/expressions/for): "A for expression creates
// a complex type value by transforming another complex type value. Each element in the input
// value can correspond to either one or zero values in the result, and an arbitrary expression
// can be used to transform each input element into an output element." The dynamic-block
// counterpart (one maybe-present block standing for every iteration of an unknown for_each) is
// config/world.ts `dynamicEntries`.

import { describe, expect, it } from 'vitest';
import { PartlyKnownList } from '../src/adapters/terraform/eval/partial-list.js';
import { compileModel } from '../src/engine/index.js';
import type { ModelBuilder } from '../src/model/builder.js';
import { isUnknown } from '../src/model/unknown.js';
import { evalWithUnknowns } from './helpers/partly-known-values.js';
import { terraformConfigModel } from './helpers/temp-inputs.js';

const ACCOUNT = '111122223333';
const APP = `arn:aws:iam::${ACCOUNT}:role/app`;

function load(statements: string, extra = ''): ReturnType<ModelBuilder['build']> {
  return terraformConfigModel(
    `
variable "stmts" {
  type = list(object({ actions = list(string), arns = list(string), effect = string }))
}

resource "aws_iam_role" "app" {
  name = "app"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "ec2.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}

resource "aws_iam_role_policy" "p" {
  name   = "p"
  role   = aws_iam_role.app.name
  policy = jsonencode({ Version = "2012-10-17", Statement = ${statements} })
}
${extra}
`,
    { account: ACCOUNT, region: 'eu-west-1' },
  );
}

const decide = (m: ReturnType<typeof load>, action: string) =>
  compileModel(m).decide({ principal: APP, action, resource: 'arn:aws:s3:::data/k' }).decision;

const READ = '{ Effect = "Allow", Action = "s3:GetObject", Resource = "arn:aws:s3:::data/*" }';

describe('a for expression over an unknown collection', () => {
  it('Allow statements of unknown number: a known Allow still decides (it was indeterminate)', () => {
    const m = load(
      `concat([${READ}], [for s in var.stmts : { Effect = "Allow", Action = s.actions, Resource = s.arns }])`,
    );
    // old code: the list was wholly unknown, so its statements might Deny
    expect(decide(m, 's3:GetObject')).toBe('allow');
    // what they allow is unknown
    expect(decide(m, 's3:PutObject')).toBe('indeterminate');
  });

  it('Deny statements of unknown number never allow: a request nothing allows is denied (it was indeterminate)', () => {
    const m = load(
      `concat([${READ}], [for s in var.stmts : { Effect = "Deny", Action = s.actions, Resource = "*" }])`,
    );
    expect(decide(m, 's3:PutObject')).toBe('deny');
    // but they may deny what the known statement allows
    expect(decide(m, 's3:GetObject')).toBe('indeterminate');
  });

  it('the whole Statement list from the for expression, another policy allowing: allow', () => {
    const m = load(
      '[for s in var.stmts : { Effect = "Allow", Action = s.actions, Resource = s.arns }]',
      `resource "aws_iam_role_policy" "read" {
  name   = "read"
  role   = aws_iam_role.app.name
  policy = jsonencode({ Version = "2012-10-17", Statement = [${READ}] })
}`,
    );
    expect(decide(m, 's3:GetObject')).toBe('allow');
    expect(decide(m, 's3:PutObject')).toBe('indeterminate');
  });

  it('an Effect that depends on the element stays unknown', () => {
    const m = load(
      `concat([${READ}], [for s in var.stmts : { Effect = s.effect, Action = s.actions, Resource = s.arns }])`,
    );
    expect(decide(m, 's3:GetObject')).toBe('indeterminate');
  });

  it("the list's length and its elements by index stay unknown (there may be none, or many)", () => {
    const list = evalWithUnknowns('[for s in x : { Effect = "Allow", Action = s }]');
    expect(list).toBeInstanceOf(PartlyKnownList);
    expect((list as PartlyKnownList).elements).toEqual([]);
    expect(isUnknown(evalWithUnknowns('length([for s in x : { Effect = "Allow" }])'))).toBe(true);
    expect(isUnknown(evalWithUnknowns('[for s in x : { Effect = "Allow" }][0]'))).toBe(true);
    // not an object: as before, wholly unknown
    expect(evalWithUnknowns('[for s in x : upper(s)]')).not.toBeInstanceOf(PartlyKnownList);
  });
});
