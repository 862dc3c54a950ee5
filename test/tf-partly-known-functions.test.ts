// Terraform list functions over lists that hold unknowns (hflat12, eval/partial-list.ts): one
// rule for every function that splices, merges or drops elements: the result is a partly known
// list (its known elements certain, its length unknown) or wholly unknown, never a known list
// of the wrong length. Before, `flatten(["a", var.x])` was a 2-element list although var.x may
// hold any number of elements, and `toset(["a", var.s])` had length 2 although var.s may be "a".
//
// Terraform language, "Built-in Functions" (https://developer.hashicorp.com/terraform/language/functions):
// - flatten: "flatten takes a list and replaces any elements that are lists with a flattened
//   sequence of the list contents." ".../functions/flatten"
// - toset: "Pass a list value to toset to convert it to a set, which will remove any duplicate
//   elements and discard the ordering of the elements." ".../functions/toset"
// - distinct: "distinct takes a list and returns a new list with any duplicate elements
//   removed." ".../functions/distinct"
// - compact: "compact takes a list of strings and returns a new list with any null or empty
//   string elements removed." ".../functions/compact"
// - contains: "contains determines whether the list, tuple, or set given in its first argument
//   contains at least one element that is equal to the value in the second argument"
//   ".../functions/contains"
// - concat: "concat takes two or more lists and combines them into a single list."
//   ".../functions/concat"
// - "The for_each Meta-Argument": for_each "accepts a map or a set of strings, and creates an
//   instance for each item in that map or set" (https://developer.hashicorp.com/terraform/language/meta-arguments/for_each).

import { describe, expect, it } from 'vitest';
import { loadModelSync } from '../src/adapters/load.js';
import { EncodedJson, evaluate } from '../src/adapters/terraform/eval/evaluator.js';
import { BUILTIN_FUNCTIONS } from '../src/adapters/terraform/eval/functions.js';
import { PartlyKnownList, UnknownLength } from '../src/adapters/terraform/eval/partial-list.js';
import { parseHclExpression } from '../src/adapters/terraform/hcl/parser.js';
import { compileModel } from '../src/engine/index.js';
import { isPartlyKnown, isUnknown, Unknown } from '../src/model/unknown.js';

const ev = (text: string): unknown =>
  evaluate(parseHclExpression(text), {
    vars: new Map<string, unknown>([
      ['x', new Unknown('var.x has no value')],
      ['s', new Unknown('var.s has no value')],
      ['k', ['a', 'b']],
    ]),
    resolver: { moduleDir: '.', workDir: '.', resolve: () => undefined },
    file: 'test.tf',
    address: undefined,
  });

/** The known elements of a partly known list (unknown elements as their reason). */
const elementsOf = (v: unknown): unknown[] => {
  expect(v).toBeInstanceOf(PartlyKnownList);
  return (v as PartlyKnownList).elements.map((e) => (isUnknown(e) ? `?${e.reason}` : e));
};

describe('functions that splice an unknown into a list give a partly known list', () => {
  it.each([
    // an unknown element of flatten's argument may be a list of any length
    ['flatten(["a", x])', ['a']],
    ['flatten([k, x, ["c", ["d"]]])', ['a', 'b', 'c', 'd']],
    ['flatten([concat(["a"], x), "b"])', ['a', 'b']],
    ['flatten(concat(["a"], x))', ['a']],
    ['flatten(["a", s == "1" ? ["b"] : []])', ['a']],
    // two elements may be one (sets, distinct), an unknown may be dropped (compact)
    ['toset(["a", s])', ['a', '?var.s has no value']],
    ['toset([s, x])', ['?var.s has no value', '?var.x has no value']],
    ['compact(["", s])', ['?var.s has no value']],
    ['toset(["b", "a", "b", s])', ['a', 'b', '?var.s has no value']],
    ['distinct(["a", "a", s])', ['a', '?var.s has no value']],
    ['compact(["a", "", null, s])', ['a', '?var.s has no value']],
    ['setunion(["a"], ["b", s])', ['a', 'b', '?var.s has no value']],
    // a conversion to a set (a variable or module input of type set(string)) likewise
    ['convert(["a", s], set(string))', ['a', '?var.s has no value']],
    // the order of an unknown element is unknown
    ['sort(["b", "a", s])', ['a', 'b', '?var.s has no value']],
    // partly known lists through the functions that keep their elements
    ['sort(concat(["b", "a"], x))', ['a', 'b']],
    ['reverse(concat(["a"], x))', ['a']],
    ['tolist(flatten(["a", x]))', ['a']],
    ['compact(concat(["a", ""], x))', ['a']],
    ['coalescelist(concat(["a"], x), ["b"])', ['a']],
    // for expressions and splats: the known elements mapped, the rest unknown
    [`[for u in flatten(["a", x]) : "user/\${u}"]`, ['user/a']],
    ['[for u in concat(["a", "bb"], x) : u if u != "a"]', ['bb']],
    ['concat([{ n = "a" }], x)[*].n', ['a']],
  ])('%s holds %j and an unknown rest', (expr, elements) => {
    expect(elementsOf(ev(expr))).toEqual(elements);
  });

  it.each([
    // the same functions with nothing unknown (or an unknown that is one string) stay known
    ['flatten(["a", ["b", ["c"]]])', ['a', 'b', 'c']],
    ['flatten([s == "1" ? "a" : "b", "c"])', 2],
    [`length(flatten(["a", "\${s}-b"]))`, 2],
    ['length(["a", x])', 2],
    ['length(concat(["a"], [x]))', 2],
    ['toset(["b", "a", "b"])', ['a', 'b']],
    ['reverse(["a", s])', 2],
    // one element cannot merge with another
    ['length(toset([s]))', 1],
  ])('%s is known: %j', (expr, want) => {
    const v = ev(expr);
    if (typeof want === 'number' && Array.isArray(v)) expect(v.length).toBe(want);
    else expect(v).toEqual(want);
  });

  it('a PartlyKnown string stays one element of flatten', () => {
    const v = ev(`flatten(["a", "\${s}-b"])`) as unknown[];
    expect(v[0]).toBe('a');
    expect(isPartlyKnown(v[1])).toBe(true);
  });

  it.each([
    // nothing known to keep: wholly unknown
    'flatten([x])',
    'flatten(x)',
    // where order, index or content cannot be bound
    'element(flatten(["a", x]), 0)',
    'flatten(["a", x])[0]',
    // (index of a value found in the known prefix: tf-partly-known-documents.test.ts)
    'index(concat(x, ["a"]), "a")',
    'chunklist(concat(["a"], x), 1)',
    'one(concat(["a"], x))',
    'tolist(setproduct(["a"], x))',
    'setintersection(["a"], concat(["a"], x))',
    'setsubtract(concat(["a"], x), ["b"])',
    // (a map, partly known: test/tf-partly-known-maps.test.ts, where its keys are a partly known list)
    'merge({ a = 1 }, x)',
    'join(",", concat(["a"], x))',
    '{ for u in concat(["a"], x) : u => u }',
    '[for i, u in concat(["a"], x) : u]',
  ])('%s is unknown', (expr) => {
    const v = ev(expr);
    expect(isUnknown(v)).toBe(true);
    expect(v).not.toBeInstanceOf(PartlyKnownList);
  });
});

describe('length and contains of a partly known list', () => {
  it.each([
    ['length(concat(["a", "b"], x))', 2],
    ['length(flatten(["a", x]))', 1],
    // "a" and var.s may be one element: at least 1
    ['length(toset(["a", s]))', 1],
    ['length(distinct(concat(["a", "a"], x)))', 1],
    ['length(flatten([x]))', undefined],
  ])('%s is unknown, at least %s', (expr, min) => {
    const v = ev(expr);
    expect(isUnknown(v)).toBe(true);
    if (min === undefined) expect(v).not.toBeInstanceOf(UnknownLength);
    else expect((v as UnknownLength).min).toBe(min);
  });

  it('arithmetic on such a length is unknown', () => {
    const v = ev('length(flatten(["a", x])) - 1');
    expect(isUnknown(v)).toBe(true);
  });

  it.each([
    ['contains(concat(["a"], x), "a")', true],
    ['contains(flatten(["a", x]), "a")', true],
    ['contains(["a", s], "a")', true],
    ['contains(["a", "c"], "b")', false],
    ['contains(concat(["a"], x), "b")', 'unknown'],
    ['contains(["a", s], "b")', 'unknown'],
    ['contains(["a"], s)', 'unknown'],
  ])('%s is %s', (expr, want) => {
    const v = ev(expr);
    if (want === 'unknown') expect(isUnknown(v)).toBe(true);
    else expect(v).toBe(want);
  });
});

describe('every built-in function given a partly known list is sound', () => {
  // The audit: each function, with a partly known list in each argument position (with
  // plausible other arguments), gives an unknown (a partly known list included) or one of the
  // sound known results below; never a known value computed as if the list were known.
  const P = 'concat(["a"], x)';
  const patterns = [
    `(${P})`,
    `(${P}, ${P})`,
    `(${P}, 1)`,
    `(${P}, "a")`,
    `("a", ${P})`,
    `(${P}, 0, 1)`,
    `(",", ${P})`,
    `(1, ${P})`,
    `([${P}])`,
    `({ k = ${P} })`,
  ];
  // Known results that are sound: contains finds "a" among the known elements; the functions
  // given `[P]` or `{ k = P }` return that one-element tuple or map (or its one value in a
  // list), its one key or its length 1, with the partly known list inside unchanged.
  const wraps = (v: unknown): boolean =>
    Array.isArray(v)
      ? v.length === 1 && v[0] instanceof PartlyKnownList
      : typeof v === 'object' && v !== null && Object.keys(v).join() === 'k' && wraps(Object.values(v));
  const SOUND_KNOWN: Record<string, (v: unknown) => boolean> = {
    contains: (v) => v === true,
    length: (v) => v === 1,
    keys: (v) => JSON.stringify(v) === '["k"]',
    jsonencode: (v) => v instanceof EncodedJson && wraps(v.value),
    // slice within the known prefix: concat(["a"], x) certainly starts with "a"
    slice: (v) => JSON.stringify(v) === '["a"]',
    // index of "a": its first element (tf-partly-known-documents.test.ts)
    index: (v) => v === 0,
  };
  for (const f of [
    'coalesce',
    'coalescelist',
    'concat',
    'distinct',
    'ephemeralasnull',
    'merge',
    'nonsensitive',
    'reverse',
    'sensitive',
    'tolist',
    'tomap',
    'toset',
    'values',
  ])
    SOUND_KNOWN[f] = wraps;
  const names = BUILTIN_FUNCTIONS.filter((n) => !['can', 'try', 'convert'].includes(n));

  it.each(names)('%s', (name) => {
    const known: string[] = [];
    for (const p of patterns) {
      const v = ev(`${name}${p}`);
      if (isUnknown(v)) continue;
      if (SOUND_KNOWN[name]?.(v)) continue;
      known.push(`${name}${p} = ${JSON.stringify(v)}`);
    }
    expect(known).toEqual([]);
  });
});

const ACCOUNT = '111122223333';
const arn = (user: string) => `arn:aws:iam::${ACCOUNT}:user/${user}`;

describe('partly known lists in policies, for_each and count (HCL alone)', () => {
  const dir = 'test/fixtures/tf/partly-known-policies';
  const model = loadModelSync([dir], {});
  const engine = compileModel(model);
  const decide = (user: string, action: string, resource: string) =>
    engine.decide({ principal: arn(user), action, resource });

  it('data.aws_iam_policy_document resources = flatten(["arn:aws:s3:::a/*", [for b in var.more_buckets : ...]])', () => {
    expect(decide('ops', 's3:GetObject', 'arn:aws:s3:::a/k').decision).toBe('allow');
    const other = engine.decide(
      { principal: arn('ops'), action: 's3:GetObject', resource: 'arn:aws:s3:::b/k' },
      { trace: true },
    );
    expect(other.decision).toBe('indeterminate');
    // the reason names the variable, the source its place
    const trace = JSON.stringify(other.trace);
    expect(trace).toContain('input variable \\"more_buckets\\" has no value');
    expect(trace).toContain('"line":19');
  });

  it('jsonencode Action = flatten([...]) and Resource = [for b in concat(["a"], ...) : ...]', () => {
    expect(decide('ops', 's3:PutObject', 'arn:aws:s3:::a/k').decision).toBe('allow');
    // var.more_actions may hold s3:DeleteObject, var.more_buckets any bucket
    expect(decide('ops', 's3:DeleteObject', 'arn:aws:s3:::a/k').decision).toBe('indeterminate');
    expect(decide('ops', 's3:PutObject', 'arn:aws:s3:::b/k').decision).toBe('indeterminate');
  });

  it('bucket policy principals identifiers = flatten([qa, var.more_readers])', () => {
    expect(decide('qa', 's3:ListBucket', 'arn:aws:s3:::shared').decision).toBe('allow');
    expect(decide('ops', 's3:ListBucket', 'arn:aws:s3:::shared').decision).toBe('indeterminate');
  });

  it('for_each = toset(concat(["ops"], var.extra_users)): ops for sure, a maybe-present stand-in for the rest', () => {
    expect(decide('ops', 'sqs:SendMessage', `arn:aws:sqs:us-east-1:${ACCOUNT}:q`).decision).toBe('allow');
    expect(decide('qa', 'sqs:SendMessage', `arn:aws:sqs:us-east-1:${ACCOUNT}:q`).decision).toBe(
      'indeterminate',
    );
    const w = model.findings.find(
      (f) => f.code === 'tf/unknown-instances' && f.message.includes('aws_iam_user_policy.each'),
    );
    expect(w?.message).toContain('aws_iam_user_policy.each[?]');
    // the known element is a certain instance, and the warning says so
    expect(w?.message).toMatch(
      /^not all the instances of aws_iam_user_policy\.each are known \(aws_iam_user_policy\.each\["ops"\] is certain\): .*one stand-in instance aws_iam_user_policy\.each\[\?\] stands for the others/,
    );
  });

  it('count = length(flatten(["ops", var.extra_users])): at least one instance for sure, a stand-in for the others', () => {
    expect(decide('ops', 'sns:Publish', `arn:aws:sns:us-east-1:${ACCOUNT}:t`).decision).toBe('allow');
    const w = model.findings.find(
      (f) => f.code === 'tf/unknown-instances' && f.message.includes('aws_iam_user_policy.counted'),
    );
    expect(w?.message).toContain('aws_iam_user_policy.counted[?]');
    expect(w?.source?.line).toBe(72);
  });

  it('dynamic "statement" { for_each = concat([known], var.extra_statements) }: the known statement for sure', () => {
    // the blocks' effect is not set: every statement Allows ("effect ... Defaults to Allow")
    expect(decide('dyn', 's3:GetObject', 'arn:aws:s3:::a/k').decision).toBe('allow');
    expect(decide('dyn', 's3:GetObject', 'arn:aws:s3:::b/k').decision).toBe('indeterminate');
  });

  it('with the variables given, every request is decided', () => {
    const known = compileModel(
      loadModelSync([dir], {
        vars: {
          more_buckets: '["b"]',
          more_actions: '[]',
          more_readers: '[]',
          extra_users: '["qa"]',
          extra_statements: '[]',
        },
      }),
    );
    const d = (user: string, action: string, resource: string) =>
      known.decide({ principal: arn(user), action, resource }).decision;
    expect(d('ops', 's3:GetObject', 'arn:aws:s3:::b/k')).toBe('allow');
    expect(d('ops', 's3:GetObject', 'arn:aws:s3:::c/k')).toBe('deny');
    expect(d('ops', 's3:DeleteObject', 'arn:aws:s3:::a/k')).toBe('deny');
    expect(d('ops', 's3:ListBucket', 'arn:aws:s3:::shared')).toBe('deny');
    expect(d('qa', 'sqs:SendMessage', `arn:aws:sqs:us-east-1:${ACCOUNT}:q`)).toBe('allow');
    expect(d('ops', 'sns:Publish', `arn:aws:sns:us-east-1:${ACCOUNT}:t`)).toBe('allow');
    expect(d('dyn', 's3:GetObject', 'arn:aws:s3:::b/k')).toBe('deny');
  });
});

describe('the plan path agrees with the HCL path', () => {
  // flatten(["arn:aws:s3:::a/*", terraform_data.more.output]): the output is known after apply;
  // the plan marks the data source's resources after_unknown, its document unknown
  const dir = 'test/fixtures/tf/partly-known-plan';
  const request = (resource: string) => ({ principal: arn('ops'), action: 's3:GetObject', resource });
  const decisions = (inputs: string[]) => {
    const engine = compileModel(loadModelSync(inputs, {}));
    return ['arn:aws:s3:::a/k', 'arn:aws:s3:::b/k'].map((r) => engine.decide(request(r)).decision);
  };

  it('configuration alone and plan with configuration: a allowed, any other resource indeterminate', () => {
    expect(decisions([dir])).toEqual(['allow', 'indeterminate']);
    expect(decisions([`${dir}/plan.json`, dir])).toEqual(['allow', 'indeterminate']);
  });

  it('the plan alone does not know the document: both indeterminate', () => {
    expect(decisions([`${dir}/plan.json`])).toEqual(['indeterminate', 'indeterminate']);
  });
});

describe('one unknown, one warning', () => {
  it('a membership whose users are partly known warns once, whatever the number of group policies', () => {
    const model = loadModelSync(['test/fixtures/tf/partly-known-list'], {});
    const about = model.findings.filter((f) => f.source?.address === 'aws_iam_group_membership.m');
    expect(about.map((f) => f.code)).toEqual(['tf/unresolved-reference']);
    expect(about[0]!.source?.line).toBe(19);
    expect(about[0]!.message).toContain('input variable "admins" has no value');
  });

  it('a policy value list with a partly known list says its unknown once', () => {
    const model = loadModelSync(['test/fixtures/tf/partly-known-policies'], {});
    const readers = model.findings.filter((f) => f.message.includes('"more_readers"'));
    expect(readers).toHaveLength(1);
    expect(readers[0]!.source?.address).toBe('data.aws_iam_policy_document.shared');
  });
});
