// Terraform maps that hold unknowns (hmap12, eval/partial-list.ts `PartlyKnownMap`): the
// counterpart of partly known lists, one rule. A map whose known keys are certain and whose
// other keys are unknown; a known key's value is unknown where a later unknown map may override
// it. Before, `merge({ ops = ... }, var.extra)` and `{ for u in concat(["ops"], var.more) : u =>
// ... }` were wholly unknown: `for_each` over them lost the certain `ops` instance.
//
// Terraform language (https://developer.hashicorp.com/terraform/language):
// - merge: "merge takes an arbitrary number of maps or objects, and returns a single map or
//   object that contains a merged set of elements from all arguments. If more than one given map
//   or object defines the same key or attribute, then the one that is later in the argument
//   sequence takes precedence." ".../functions/merge"
// - zipmap: "zipmap constructs a map from a list of keys and a corresponding list of values."
//   ".../functions/zipmap"
// - lookup: "lookup retrieves the value of a single element from a map, given its key. If the
//   given key does not exist, the given default value is returned instead." ".../functions/lookup"
//   (an unknown rest may hold the key: the result is unknown, never the default)
// - keys / values: "keys takes a map and returns a list containing the keys from that map."
//   "values takes a map and returns a list containing the values of the elements in that map."
// - for expressions: "A for expression's input (given after the in keyword) can be a list, a
//   set, a tuple, a map, or an object." "Using braces, { and }, the result is an object and you
//   must provide two result expressions that are separated by a => symbol" ".../expressions/for"
// - "The for_each Meta-Argument": for_each "accepts a map or a set of strings, and creates an
//   instance for each item in that map or set"; "each.value — The map value corresponding to
//   this instance" (https://developer.hashicorp.com/terraform/language/meta-arguments/for_each).

import { describe, expect, it } from 'vitest';
import { loadModelSync } from '../src/adapters/load.js';
import { compileModel } from '../src/engine/index.js';
import { PLACEHOLDER_REGION } from '../src/model/stand-ins.js';
import { isUnknown, type Unknown } from '../src/model/unknown.js';
import { evalWithUnknowns, M, showPartlyKnown, X } from './helpers/partly-known-values.js';

const ev = (text: string): unknown => evalWithUnknowns(text, [['r', PLACEHOLDER_REGION]]);
const show = showPartlyKnown;

describe('functions and expressions that give a partly known map', () => {
  it.each([
    // a later unknown map may override ops: the key is certain, its value not
    ['merge({ ops = 1 }, m)', { ops: M, '...': M }],
    // a later known map sets ops for sure
    ['merge(m, { ops = 1 })', { ops: 1, '...': M }],
    ['merge({ a = 2 }, m, { ops = 1 })', { a: M, ops: 1, '...': M }],
    ['merge(merge(m, { ops = 1 }), { qa = 2 })', { ops: 1, qa: 2, '...': M }],
    ['tomap(merge(m, { ops = 1 }))', { ops: 1, '...': M }],
    // the object form of for over a partly known list: a key per known element
    ['{ for u in concat(["ops"], x) : u => { n = u } }', { ops: { n: 'ops' }, '...': X }],
    ['{ for u in concat(["ops", "qa"], x) : u => u if u != "qa" }', { ops: 'ops', '...': X }],
    // grouping: the rest may add values to any group
    ['{ for u in concat(["ops"], x) : "g" => u... }', { g: ['ops', `...${X}`], '...': X }],
    // for over a partly known map: the known entries
    ['{ for k, v in merge(m, { ops = 1 }) : k => v + 1 }', { ops: 2, '...': M }],
    // zipmap of partly known keys: the keys certain, which value each gets is not known
    ['zipmap(concat(["ops"], x), ["a", "b"])', { ops: X, '...': X }],
  ])('%s', (text, want) => {
    expect(show(ev(text))).toEqual(want);
  });

  it.each([
    ['merge({ a = 1 }, { b = 2 })', { a: 1, b: 2 }],
    // known keys, unknown values: a known map of unknown values
    ['zipmap(["a"], x)', { a: X }],
  ])('known keys stay a known map: %s', (text, want) => {
    expect(show(ev(text))).toEqual(want);
  });
});

describe('reading a partly known map', () => {
  it.each([
    ['merge(m, { ops = 1 })["ops"]', 1],
    ['merge(m, { ops = 1 }).ops', 1],
    ['lookup(merge(m, { ops = 1 }), "ops", 5)', 1],
    // a key not known: the rest may hold it, never the default, never an error
    ['merge(m, { ops = 1 })["qa"]', M],
    ['lookup(merge(m, { ops = 1 }), "qa", 5)', M],
    ['lookup(merge(m, { ops = 1 }), x, 5)', X],
    ['merge({ ops = 1 }, m)["ops"]', M],
    ['keys(merge(m, { ops = 1, a = 2 }))', ['a', 'ops', `...${M}`]],
    ['values(merge(m, { ops = 1, a = 2 }))', [2, 1, `...${M}`]],
    ['values(merge({ ops = 1 }, m))', [M, `...${M}`]],
    ['length(merge(m, { ops = 1, a = 2 }))', `>=2${M}`],
    ['length(merge(m, { ops = 1, a = 2 })) + 1', M],
    ['contains(keys(merge(m, { ops = 1 })), "ops")', true],
    ['contains(keys(merge(m, { ops = 1 })), "qa")', M],
    ['[for k, v in merge(m, { ops = 1 }) : format("%s=%d", k, v)]', ['ops=1', `...${M}`]],
    ['[for v in merge(m, { ops = 1 }) : v]', [1, `...${M}`]],
  ])('%s', (text, want) => {
    expect(show(ev(text))).toEqual(want);
  });

  it.each([
    'merge(m, { (r) = 1, "us-east-1" = 2 })[r]',
    'lookup(merge(m, { (r) = 1, "us-east-1" = 2 }), "us-east-1", 3)',
  ])('a key that holds the stand-in Region may be another key in some Region: %s is unknown', (text) => {
    const v = ev(text);
    expect(isUnknown(v)).toBe(true);
    expect((v as Unknown).reason).toContain('partly known map');
  });
});

const ACCOUNT = '111122223333';
const arn = (user: string) => `arn:aws:iam::${ACCOUNT}:user/${user}`;

describe('for_each over partly known maps (HCL alone)', () => {
  const dir = 'test/fixtures/tf/partly-known-maps';
  const model = loadModelSync([dir], {});
  const engine = compileModel(model);
  const decide = (user: string, action: string, resource: string) =>
    engine.decide({ principal: arn(user), action, resource }, { trace: true });

  it('{ for u in concat(["ops"], var.extra_users) : u => ... }: the user ops and its policy for sure', () => {
    expect(model.users.filter((u) => u.arn === arn('ops')).map((u) => u.presence)).toEqual([undefined]);
    expect(decide('ops', 's3:GetObject', 'arn:aws:s3:::home-ops/k').decision).toBe('allow');
    // another user may be one of the stand-in instances
    const qa = decide('qa', 's3:GetObject', 'arn:aws:s3:::home-qa/k');
    expect(qa.decision).toBe('indeterminate');
    expect(JSON.stringify(qa.trace)).toContain('aws_iam_user.u');
    const w = model.findings.find(
      (f) => f.code === 'tf/unknown-instances' && f.source?.address === 'aws_iam_user.u',
    );
    expect(w?.message).toContain('input variable "extra_users" has no value');
    expect(w?.source?.line).toBe(22);
  });

  it('merge(var.extra_queues, { ops = ... }): ops sends to its queue for sure', () => {
    expect(decide('ops', 'sqs:SendMessage', `arn:aws:sqs:us-east-1:${ACCOUNT}:ops-q`).decision).toBe('allow');
    // the stand-in instance attaches a policy with an unknown queue to an unknown user
    expect(decide('ops', 'sqs:SendMessage', `arn:aws:sqs:us-east-1:${ACCOUNT}:other`).decision).toBe(
      'indeterminate',
    );
  });

  it('merge({ ops = ... }, var.extra_topics): var.extra_topics may override ops, indeterminate with its reason and source', () => {
    const d = decide('ops', 'sns:Publish', `arn:aws:sns:us-east-1:${ACCOUNT}:t`);
    expect(d.decision).toBe('indeterminate');
    const trace = JSON.stringify(d.trace);
    expect(trace).toContain('input variable \\"extra_topics\\" has no value');
    expect(trace).toContain('aws_iam_user_policy.publish[\\"ops\\"]');
    const u = model.findings.find(
      (f) => f.code === 'model/unknown-value' && f.message.includes('"extra_topics"'),
    );
    expect(u?.source?.line).toBe(18);
  });

  it('with the variables given, every request is decided', () => {
    const given = compileModel(
      loadModelSync([dir], {
        vars: {
          extra_users: '["qa"]',
          extra_queues: '{}',
          extra_topics: `{ ops = "arn:aws:sns:us-east-1:${ACCOUNT}:t2" }`,
        },
      }),
    );
    const d = (user: string, action: string, resource: string) =>
      given.decide({ principal: arn(user), action, resource }).decision;
    expect(d('qa', 's3:GetObject', 'arn:aws:s3:::home-qa/k')).toBe('allow');
    expect(d('ops', 'sqs:SendMessage', `arn:aws:sqs:us-east-1:${ACCOUNT}:other`)).toBe('deny');
    // the later map overrode ops's topic
    expect(d('ops', 'sns:Publish', `arn:aws:sns:us-east-1:${ACCOUNT}:t`)).toBe('deny');
    expect(d('ops', 'sns:Publish', `arn:aws:sns:us-east-1:${ACCOUNT}:t2`)).toBe('allow');
  });
});

describe('the plan path agrees with the HCL path where Terraform knows the keys', () => {
  const dir = 'test/fixtures/tf/partly-known-map-plan';
  const decisions = (inputs: string[]) => {
    const engine = compileModel(loadModelSync(inputs, {}));
    return ['t', 't2'].map(
      (t) =>
        engine.decide({
          principal: arn('ops'),
          action: 'sns:Publish',
          resource: `arn:aws:sns:us-east-1:${ACCOUNT}:${t}`,
        }).decision,
    );
  };

  it("configuration alone: ops's topic allowed, any other indeterminate (the stand-in)", () => {
    expect(decisions([dir])).toEqual(['allow', 'indeterminate']);
  });

  it('the plan, alone or with the configuration, knows the keys (ops and qa): both allowed', () => {
    expect(decisions([`${dir}/plan.json`])).toEqual(['allow', 'allow']);
    expect(decisions([`${dir}/plan.json`, dir])).toEqual(['allow', 'allow']);
  });
});
