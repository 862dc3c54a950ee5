// Partly known Terraform values read where their known part decides (hprec13): the known keys of
// a partly known map in `tags`/`tags_all` and in a policy's Condition, `coalesce` and `transpose`
// of one, `element`/`slice` within a partly known list's known prefix, and a comparison of a
// partly known length with a number that its lower bound decides. The rest stays unknown.
//
// Terraform language (https://developer.hashicorp.com/terraform/language/functions):
// - merge: "If more than one given map or object defines the same key or attribute, then the one
//   that is later in the argument sequence takes precedence." (.../functions/merge)
// - concat: "concat takes two or more lists and combines them into a single list." (the first
//   list's elements come first: .../functions/concat)
// - element: "element retrieves a single element from a list." "If the given index is greater
//   than the length of the list then the index is 'wrapped around'" (.../functions/element)
// - slice: "slice extracts some consecutive elements from within a list." (.../functions/slice)
// - coalesce: "coalesce takes any number of arguments and returns the first one that isn't null
//   or an empty string." (.../functions/coalesce)
// - transpose: "transpose takes a map of lists of strings and swaps the keys and values to
//   produce a new map of lists of strings." (.../functions/transpose)
// IAM User Guide, "IAM JSON policy elements: Condition": "If there are multiple condition
// operators, or if there are multiple keys attached to a single condition operator, the
// conditions are evaluated using a logical AND."

import { describe, expect, it } from 'vitest';
import { loadModelSync } from '../src/adapters/load.js';
import { MaybeElement } from '../src/adapters/terraform/eval/branches.js';
import {
  PartlyKnownList,
  PartlyKnownMap,
  partlyKnownListCall,
} from '../src/adapters/terraform/eval/partial-list.js';
import { tagsAll } from '../src/adapters/terraform/config/default-tags.js';
import { tagsOf } from '../src/adapters/terraform/handlers/context.js';
import { compileModel } from '../src/engine/index.js';
import { OTHER_TAGS } from '../src/model/types.js';
import { isUnknown, Unknown } from '../src/model/unknown.js';
import { evalWithUnknowns, M, showPartlyKnown, X } from './helpers/partly-known-values.js';

const ev = (text: string): unknown => evalWithUnknowns(text);
const show = showPartlyKnown;

describe('element and slice within the known prefix of a partly known list', () => {
  it.each([
    ['element(concat(["a", "b"], x), 0)', 'a'],
    ['element(concat(["a", "b"], x), 1)', 'b'],
    ['slice(concat(["a", "b"], x), 0, 2)', ['a', 'b']],
    ['slice(concat(["a", "b"], x), 1, 2)', ['b']],
    ['slice(concat(["a", "b"], x), 1, 1)', []],
    ['element(tolist(concat(["a"], x)), 0)', 'a'],
    // a list of known length before the unknown one: its elements keep their places too
    ['element(concat(["a"], [m], x), 1)', M],
    ['element(concat(["a"], ["b"], x, ["c"]), 1)', 'b'],
    // a splat keeps the places
    ['element([for u in concat(["a"], x) : upper(u)], 0)', 'A'],
  ])('%s = %j', (expr, want) => {
    expect(show(ev(expr))).toEqual(want);
  });

  it.each([
    // past the known prefix: which element is there is not known
    'element(concat(["a", "b"], x), 2)',
    'slice(concat(["a", "b"], x), 1, 3)',
    'element(concat(["a"], x, ["c"]), 1)',
    // no known prefix: the unknown list comes first, or the order is not kept
    'element(concat(x, ["a"]), 0)',
    'element(toset(concat(["a"], x)), 0)',
    'element(sort(concat(["a"], x)), 0)',
    'element(reverse(concat(["a"], x)), 0)',
    'element(distinct(concat(["a"], x)), 0)',
    'element(setunion(["a"], x), 0)',
    'element(flatten(["a", x]), 0)',
    // a filter may drop elements of the prefix: positions not kept
    'element([for u in concat(["a", "b"], x) : u if u != "a"], 0)',
    // an unknown or negative index
    'element(concat(["a"], x), m)',
    'element(concat(["a"], x), -1)',
  ])('%s is unknown', (expr) => {
    expect(isUnknown(ev(expr))).toBe(true);
  });
});

describe('an element that might not exist in the prefix (a dynamic block) moves the ones after it', () => {
  it('element and slice past it are unknown; before it, known', () => {
    const u = new Unknown('var.x has no value');
    const l = new PartlyKnownList(['a', new MaybeElement('b', new Unknown('for_each unknown')), 'c'], u, 3);
    expect(partlyKnownListCall('element', [l, 0])).toBe('a');
    expect(partlyKnownListCall('element', [l, 2])).toBeUndefined();
    expect(partlyKnownListCall('slice', [l, 0, 1])).toEqual(['a']);
    expect(partlyKnownListCall('slice', [l, 0, 3])).toBeUndefined();
  });
});

describe('a partly known length compared with a number its lower bound decides', () => {
  it.each([
    ['length(concat(["a"], x)) > 0', true],
    ['0 < length(concat(["a"], x))', true],
    ['length(concat(["a"], x)) >= 1', true],
    ['length(concat(["a"], x)) == 0', false],
    ['length(concat(["a"], x)) != 0', true],
    ['length(concat(["a"], x)) < 1', false],
    ['length(concat(["a"], x)) <= 0', false],
    ['length(merge(m, { ops = 1 })) > 0', true],
    ['length(concat(["a"], x)) > 0 ? "some" : "none"', 'some'],
  ])('%s = %j', (expr, want) => {
    expect(ev(expr)).toBe(want);
  });

  it.each([
    'length(concat(["a"], x)) > 1',
    'length(concat(["a"], x)) == 1',
    'length(concat(["a"], x)) <= 1',
    'length(concat(["a"], x)) < 2',
    'length(concat([], x)) > 0',
    'length(x) > 0',
    'length(concat(["a"], x)) + 1',
  ])('%s is unknown', (expr) => {
    expect(isUnknown(ev(expr))).toBe(true);
  });
});

describe('coalesce, transpose and one of a partly known map', () => {
  it.each([
    ['coalesce(merge(m, { ops = 1 }), {})', { ops: 1, '...': M }],
    ['coalesce(null, merge(m, { ops = 1 }))', { ops: 1, '...': M }],
    ['coalesce(concat(["a"], x), [])', ['a', `...${X}`]],
    ['one([merge(m, { ops = 1 })])', { ops: 1, '...': M }],
    [
      'transpose(merge(m, { a = ["x", "y"], b = ["x"] }))',
      { x: ['a', 'b', `...${M}`], y: ['a', `...${M}`], '...': M },
    ],
  ])('%s = %j', (expr, want) => {
    expect(show(ev(expr))).toEqual(want);
  });

  it.each([
    // the first argument may be null or "": which one is the result is not known
    'coalesce(m, { ops = 1 })',
    // a known key's list is unknown: any key of the result
    'transpose(merge({ a = ["x"] }, m))',
    'transpose(merge(m, { a = x }))',
  ])('%s is unknown', (expr) => {
    const v = ev(expr);
    expect(isUnknown(v)).toBe(true);
    expect(v).not.toBeInstanceOf(PartlyKnownMap);
  });
});

const ACCOUNT = '111122223333';
const queue = (name: string) => `arn:aws:sqs:us-east-1:${ACCOUNT}:${name}`;

describe('partly known maps in tags and in a policy Condition (HCL alone)', () => {
  const dir = 'test/fixtures/tf/partly-known-tags';
  const model = loadModelSync([dir], {});
  const engine = compileModel(model);
  const decide = (user: string, action: string, q: string) =>
    engine.decide({ principal: `arn:aws:iam::${ACCOUNT}:user/${user}`, action, resource: queue(q) }).decision;

  it('tags = merge(var.extra_tags, { team = "ops" }): team = ops is a certain tag, other tags may exist', () => {
    const tags = model.resources.find((r) => r.arn === queue('ops-q'))!.tags;
    expect(tags.team).toBe('ops');
    expect(isUnknown(tags[OTHER_TAGS])).toBe(true);
    // the aws:ResourceTag/team condition decides (it was indeterminate: the tags were wholly unknown)
    expect(decide('dev', 'sqs:SendMessage', 'ops-q')).toBe('allow');
    expect(decide('dev', 'sqs:SendMessage', 'dev-q')).toBe('deny');
  });

  it('tags = merge({ team = "ops" }, var.extra_tags): the later map may override team, indeterminate', () => {
    const tags = model.resources.find((r) => r.arn === queue('maybe-q'))!.tags;
    expect(isUnknown(tags.team)).toBe(true);
    expect(decide('dev', 'sqs:SendMessage', 'maybe-q')).toBe('indeterminate');
  });

  it('Condition = { StringEquals = merge(var.extra_conditions, {...}) }: the known key failing denies, else indeterminate', () => {
    // team = dev fails the known key: the statement does not apply, whatever the other keys
    expect(decide('ci', 'sqs:ReceiveMessage', 'dev-q')).toBe('deny');
    // team = ops passes it: the unknown keys decide
    expect(decide('ci', 'sqs:ReceiveMessage', 'ops-q')).toBe('indeterminate');
  });

  it('Condition = merge(var.extra_conditions, { StringEquals = ... }): likewise for unknown further operators', () => {
    expect(decide('ci', 'sqs:DeleteMessage', 'dev-q')).toBe('deny');
    expect(decide('ci', 'sqs:DeleteMessage', 'ops-q')).toBe('indeterminate');
    // no policy/unknown-condition-operator error for the unknown rest
    expect(model.findings.filter((f) => f.code.startsWith('policy/'))).toEqual([]);
  });

  it('with the variables given, every request is decided', () => {
    const given = compileModel(
      loadModelSync([dir], {
        vars: { extra_tags: '{ env = "prod" }', extra_conditions: '{ "aws:ResourceTag/env" = "prod" }' },
      }),
    );
    const d = (user: string, action: string, q: string) =>
      given.decide({ principal: `arn:aws:iam::${ACCOUNT}:user/${user}`, action, resource: queue(q) })
        .decision;
    expect(d('dev', 'sqs:SendMessage', 'maybe-q')).toBe('allow');
    expect(d('ci', 'sqs:ReceiveMessage', 'ops-q')).toBe('allow');
    expect(d('ci', 'sqs:ReceiveMessage', 'dev-q')).toBe('deny');
  });
});

describe('tags_all of partly known tags under provider default_tags', () => {
  // "Setting default tags at the provider level ... Resource tags take precedence over default
  // tags" (AWS provider, "Resource Tagging": tags_all is the default tags, then the resource's).
  const tags = ev('merge(m, { team = "ops" })');

  it("the resource's known keys are certain; a default tag the rest may override is unknown", () => {
    const all = tagsAll({ env: 'prod', team: 'dev' }, tags);
    expect(show(all)).toEqual({ env: M, team: 'ops', '...': M });
    const t = tagsOf({ tags, tags_all: all }, false);
    expect(t.team).toBe('ops');
    expect(isUnknown(t.env)).toBe(true);
    // the rest may add any other tag, with or without provider default tags
    expect(isUnknown(t[OTHER_TAGS])).toBe(true);
  });

  it('a wholly unknown tags map stays unknown: no known key, other tags may exist', () => {
    const m = ev('m');
    const t = tagsOf({ tags: m, tags_all: tagsAll({ env: 'prod' }, m) }, false);
    expect(Object.keys(t)).toEqual([OTHER_TAGS]);
  });
});
