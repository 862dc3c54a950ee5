// Partly known values the Terraform evaluator reads where their known part decides (htf14): an
// index within the known prefix of a partly known list (`concat(["a"], var.x)[0]`), `index()` of
// a value found among known elements, and `jsonencode` of a whole policy document written as a
// partly known map whose known keys hold the Statement. Each unknown part stays unknown.
//
// Terraform language:
// - "Elements of list/tuple types are accessed using square-bracket index notation, like
//   local.list[3]" (Expressions, "References to Named Values"/"Indices and Attributes",
//   https://developer.hashicorp.com/terraform/language/expressions/types);
// - concat: "concat takes two or more lists and combines them into a single list." (the first
//   list's elements come first);
// - index: "index finds the element index for a given value in a list." (the first match:
//   .../functions/index_function);
// - merge: "If more than one given map or object defines the same key or attribute, then the one
//   that is later in the argument sequence takes precedence." (.../functions/merge)
// IAM User Guide, "Grammar of the IAM JSON policy language": "policy = { <version_block?>
// <id_block?> <statement_block> }".

import { describe, expect, it } from 'vitest';
import { loadModelSync } from '../src/adapters/load.js';
import { partlyKnownDocument, PartlyKnownMap } from '../src/adapters/terraform/eval/partial-list.js';
import { compileModel } from '../src/engine/index.js';
import { isUnknown, Unknown } from '../src/model/unknown.js';
import { evalWithUnknowns, showPartlyKnown } from './helpers/partly-known-values.js';

const ev = (text: string): unknown => evalWithUnknowns(text);

describe('an index within the known prefix of a partly known list', () => {
  it.each([
    ['concat(["a", "b"], x)[0]', 'a'],
    ['concat(["a", "b"], x)[1]', 'b'],
    ['concat(["a"], x)["0"]', 'a'],
    ['[for u in concat(["a"], x) : upper(u)][0]', 'A'],
  ])('%s = %j (it was unknown)', (expr, want) => {
    expect(showPartlyKnown(ev(expr))).toEqual(want);
  });
  it.each([
    'concat(["a"], x)[1]',
    'concat(x, ["a"])[0]',
    'toset(concat(["a"], x))[0]',
    'concat(["a"], x)[m]',
  ])('%s stays unknown', (expr) => {
    expect(isUnknown(ev(expr))).toBe(true);
  });
});

describe('index() of a value found among known elements', () => {
  it.each([
    ['index(concat(["a", "b"], x), "b")', 1],
    ['index(["a", m, "b"], "a")', 0],
  ])('%s = %j (it was unknown)', (expr, want) => {
    expect(ev(expr)).toBe(want);
  });
  it.each([
    // an unknown element before the match may be an earlier one
    'index(["a", m, "b"], "b")',
    // not among the known elements: the rest may hold it, or the call fails
    'index(concat(["a"], x), "b")',
    'index(concat(x, ["a"]), "a")',
    'index(concat(["a"], x), m)',
  ])('%s stays unknown', (expr) => {
    expect(isUnknown(ev(expr))).toBe(true);
  });
});

describe('jsonencode of a document written as a partly known map', () => {
  it('the known keys make the document when they hold its Statement; a missing Version is the unknown rest', () => {
    const rest = new Unknown('var.rest has no value');
    const statement = [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }];
    expect(
      partlyKnownDocument(new PartlyKnownMap({ Version: '2012-10-17', Statement: statement }, rest)),
    ).toEqual({ Version: '2012-10-17', Statement: statement });
    const noVersion = partlyKnownDocument(new PartlyKnownMap({ Statement: statement }, rest)) as {
      Version: unknown;
    };
    expect(isUnknown(noVersion.Version)).toBe(true);
    // no known Statement: the document stays unknown
    const none = new PartlyKnownMap({ Version: '2012-10-17' }, rest);
    expect(partlyKnownDocument(none)).toBe(none);
  });
});

describe('policies built from them: decided where the known part decides, indeterminate elsewhere', () => {
  const engine = compileModel(loadModelSync(['test/fixtures/tf/partly-known-documents'], {}));
  const decide = (user: string, action: string) =>
    engine.decide({
      principal: `arn:aws:iam::111111111111:user/${user}`,
      action,
      resource: 'arn:aws:s3:::bucket/key',
    }).decision;
  it('local.actions[0]: the known first element, s3:GetObject (it was indeterminate)', () => {
    expect(decide('first', 's3:GetObject')).toBe('allow');
    expect(decide('first', 's3:PutObject')).toBe('deny');
  });
  it('local.actions[1]: not known, indeterminate', () => {
    expect(decide('second', 's3:GetObject')).toBe('indeterminate');
  });
  it('index(local.actions, "s3:GetObject") is 0: its statement allows s3:GetObject; the other index is unknown', () => {
    expect(decide('indexed', 's3:GetObject')).toBe('allow');
    expect(decide('indexed', 's3:ListBucket')).toBe('indeterminate');
    expect(
      engine.decide({
        principal: 'arn:aws:iam::111111111111:user/indexed',
        action: 'sqs:SendMessage',
        resource: 'arn:aws:sqs:us-east-1:111111111111:q',
      }).decision,
    ).toBe('indeterminate');
  });
  it('jsonencode(merge(var.rest, { Version, Statement })): the known Statement decides (it was indeterminate)', () => {
    expect(decide('doc-last', 's3:GetObject')).toBe('allow');
    expect(decide('doc-last', 's3:PutObject')).toBe('deny');
  });
  it('jsonencode(merge({ Version, Statement }, var.rest)): the rest may replace the Statement, indeterminate', () => {
    expect(decide('doc-first', 's3:GetObject')).toBe('indeterminate');
  });
});
