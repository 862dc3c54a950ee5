// Partly known lists in Terraform (hprec11b, eval/partial-list.ts): `concat(["ops"], var.admins)`
// with `var.admins` unknown certainly holds "ops" and may hold any further elements. Before, the
// whole list was unknown, so the group membership of the known user ops was only maybe and its
// access indeterminate.
//
// Terraform language, "concat Function": "concat takes two or more lists and combines them into a
// single list"; "setunion Function": "The setunion function takes multiple sets and produces a
// single set containing the elements from all of the given sets"
// (https://developer.hashicorp.com/terraform/language/functions/concat, .../setunion). IAM User
// Guide, "IAM user groups": "Any user in that user group automatically has the permissions that
// are assigned to the user group."

import { describe, expect, it } from 'vitest';
import { loadModelSync } from '../src/adapters/load.js';
import { evaluate } from '../src/adapters/terraform/eval/evaluator.js';
import { PartlyKnownList } from '../src/adapters/terraform/eval/partial-list.js';
import { parseHclExpression } from '../src/adapters/terraform/hcl/parser.js';
import { compileModel } from '../src/engine/index.js';
import { isUnknown, Unknown } from '../src/model/unknown.js';

const ev = (text: string): unknown =>
  evaluate(parseHclExpression(text), {
    vars: new Map<string, unknown>([
      ['x', new Unknown('var.x has no value')],
      ['k', ['a', 'b']],
    ]),
    resolver: { moduleDir: '.', workDir: '.', resolve: () => undefined },
    file: 'test.tf',
    address: undefined,
  });

describe('the evaluator keeps the known elements of a list with an unknown part', () => {
  it.each([
    ['concat(["ops"], x)', ['ops']],
    ['concat(k, x, ["c"])', ['a', 'b', 'c']],
    ['setunion(["ops"], x)', ['ops']],
    ['tolist(concat(["ops"], x))', ['ops']],
    ['toset(concat(["ops"], x))', ['ops']],
    ['distinct(concat(["ops"], x))', ['ops']],
    ['concat(concat(["a"], x), ["b"])', ['a', 'b']],
    // hflat12: a for expression maps the known elements (tf-partly-known-functions.test.ts)
    ['[for u in concat(["ops"], x) : u]', ['ops']],
  ])('%s holds %j and unknown further elements', (expr, elements) => {
    const v = ev(expr);
    expect(v).toBeInstanceOf(PartlyKnownList);
    expect((v as PartlyKnownList).elements).toEqual(elements);
    expect((v as PartlyKnownList).rest.reason).toBe('var.x has no value');
  });

  it.each([
    // everything else reads it as wholly unknown: the length, an element, a for expression
    // with an index, contains of a value no known element equals
    'length(concat(["ops"], x))',
    // (an index within the known prefix is that element: tf-partly-known-documents.test.ts)
    'concat(["ops"], x)[1]',
    '[for i, u in concat(["ops"], x) : u]',
    'contains(concat(["ops"], x), "qa")',
    // nothing known to keep
    'concat([], x)',
    'concat(x)',
  ])('%s is unknown, not partly known', (expr) => {
    const v = ev(expr);
    expect(isUnknown(v)).toBe(true);
    expect(v).not.toBeInstanceOf(PartlyKnownList);
  });
});

describe('memberships and attachments of partly known lists', () => {
  const ACCOUNT = '111122223333';
  const dir = 'test/fixtures/tf/partly-known-list';
  const engine = compileModel(loadModelSync([dir], {}));
  const request = (user: string, action: string) => ({
    principal: `arn:aws:iam::${ACCOUNT}:user/${user}`,
    action,
    resource:
      action === 'iam:CreateUser' ? `arn:aws:iam::${ACCOUNT}:user/z` : `arn:aws:sqs:us-east-1:${ACCOUNT}:q`,
  });

  it('users = concat(["ops"], var.admins): ops is a member for sure (was indeterminate), qa maybe', () => {
    expect(engine.decide(request('ops', 'iam:CreateUser')).decision).toBe('allow');
    // var.admins may name qa: still indeterminate
    expect(engine.decide(request('qa', 'iam:CreateUser')).decision).toBe('indeterminate');
  });

  it('aws_iam_policy_attachment users = tolist(setunion([dev], var.admins)): dev is attached for sure, qa maybe', () => {
    expect(engine.decide(request('dev', 'sqs:SendMessage')).decision).toBe('allow');
    expect(engine.decide(request('qa', 'sqs:SendMessage')).decision).toBe('indeterminate');
  });

  it('admins given: decided for everyone', () => {
    const known = compileModel(loadModelSync([dir], { vars: { admins: '["qa"]' } }));
    expect(known.decide(request('qa', 'iam:CreateUser')).decision).toBe('allow');
    expect(known.decide(request('dev', 'iam:CreateUser')).decision).toBe('deny');
    expect(known.decide(request('ops', 'sqs:SendMessage')).decision).toBe('deny');
  });
});
