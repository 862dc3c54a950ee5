// regex, regexall and replace with a /regex/ of a partly known string: a name with an unknown
// part (an ARN whose role or bucket name is known only after apply, an EKS issuer ID) or a
// template with an unknown interpolation (`"arn:aws:sqs:us-east-1:${var.account}:jobs"`).
// Before, every such call was unknown. Now the result is exact where the known text before the
// first unknown part fixes it: no way of matching the pattern, from a start at or before its first
// match, can read the unknown text (eval/fn-regex-head.ts `headMatch`); regexall and replace,
// which read every match, only for a pattern anchored with `^`. Anything else stays unknown with
// its reason, never a wrong literal.
//
// Terraform language, "regex Function" (https://developer.hashicorp.com/terraform/language/functions/regex):
// "regex applies a regular expression to a string and returns the matching substrings." "If the
// pattern has one or more unnamed capture groups, the result is a list of the captured substrings
// in the same order as the definition of the capture groups." "If the given pattern does not match
// at all, the regex raises an error."
// "regexall Function" (https://developer.hashicorp.com/terraform/language/functions/regexall):
// "regexall applies a regular expression to a string and returns a list of all matches."
// "replace Function" (https://developer.hashicorp.com/terraform/language/functions/replace): "If
// substring is wrapped in forward slashes, it is treated as a regular expression, using the same
// pattern syntax as regex."

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePattern } from '../src/adapters/terraform/eval/fn-regex-head.js';
import { unknownSegmentPart } from '../src/model/stand-ins.js';
import { isPartlyKnown, isUnknown, type PartlyKnown, Unknown } from '../src/model/unknown.js';
import { evalWithVars, ISSUER, ISSUER_ID as ID, NAME } from './helpers/partly-known-values.js';

const ROLE = `arn:aws:iam::123456789012:role/${NAME}`;
const ev = (text: string): unknown =>
  evalWithVars(text, [
    ['arn', ROLE],
    ['issuer', ISSUER],
    ['name', `logs-${NAME}`],
    ['x', new Unknown('var.x has no value')],
  ]);
/** The queue ARN of an unknown account, as a template. */
// biome-ignore lint/suspicious/noTemplateCurlyInString: a Terraform template, literal text
const QUEUE = '"arn:aws:sqs:us-east-1:${x}:jobs"';

describe('regex over a name with an unknown part: exact where the known head fixes the match', () => {
  it('an anchored pattern matched wholly in the known head, its groups there', () => {
    expect(ev('regex("^arn:aws:iam::(\\\\d+):role/", arn)')).toEqual(['123456789012']);
    expect(ev('regex("^arn:(?P<partition>[^:]+):iam::", arn)')).toEqual({ partition: 'aws' });
    expect(ev('regex("^arn:aws:iam::\\\\d{12}", arn)')).toBe('arn:aws:iam::123456789012');
    expect(ev('regex("^https://([^/]+)/id/", issuer)')).toEqual(['oidc.eks.us-west-2.amazonaws.com']);
  });

  it('an unanchored pattern: no start before its first match may reach the unknown part', () => {
    expect(ev('regex("[0-9]{12}", arn)')).toBe('123456789012');
    expect(ev('regex("iam|sts", arn)')).toBe('iam');
  });

  it('a match or a group that may take text of the part stays unknown, with the reason', () => {
    for (const call of [
      'regex("^arn:aws:iam::(\\\\d+):role/(.*)", arn)',
      'regex("role/[a-z]+", arn)',
      // a greedy run may go on into the part, whatever RE2 would pick
      'regex("^arn:aws:iam::\\\\d+:role/\\\\w*", arn)',
      // no match in the head: the part may hold one
      'regex("[A-Z]", arn)',
      // `$` and flags are not read
      'regex("^arn:aws:iam::(\\\\d+):role/$", arn)',
      'regex("(?i)^ARN:", arn)',
    ]) {
      const v = ev(call);
      expect(isUnknown(v), call).toBe(true);
      expect((v as Unknown).reason, call).toMatch(/regex\(\)/);
    }
  });
});

describe('regexall and replace read every match: decided for an anchored pattern only', () => {
  it('regexall: the one match at the start, or none', () => {
    expect(ev('regexall("^arn:([^:]+):", arn)')).toEqual([['aws']]);
    expect(ev('regexall("^arn:aws:sts:", arn)')).toEqual([]);
    expect(isUnknown(ev('regexall("[0-9]+", arn)'))).toBe(true);
  });

  it('an unknown part that cannot begin with the literal the pattern reads there stops the match', () => {
    // the issuer ID is one URL path segment, never empty, no "/" (model/stand-ins.ts unknownSegmentPart)
    expect(ev('regexall("^https://[^/]+/id//", issuer)')).toEqual([]);
    // but a literal it may begin with, or a class, may go on into it
    expect(isUnknown(ev('regexall("^https://[^/]+/id/A", issuer)'))).toBe(true);
    expect(isUnknown(ev('regexall("^https://[^/]+/id/[/]", issuer)'))).toBe(true);
  });

  it('replace with an anchored /regex/: the head replaced, the unknown part kept', () => {
    expect(ev('replace(arn, "/^arn:aws:iam::\\\\d+:/", "")')).toBe(`role/${NAME}`);
    expect(ev('replace(issuer, "/^https:\\\\/\\\\//", "")')).toBe(
      `oidc.eks.us-west-2.amazonaws.com/id/${ID}`,
    );
    expect(ev('replace(arn, "/^arn:aws:sts:/", "x")')).toBe(ROLE);
    expect(isUnknown(ev('replace(arn, "/\\\\d+/", "N")'))).toBe(true);
    // never text that reads as an unknown part
    expect(isUnknown(ev('replace(name, "/^logs-/", "(")'))).toBe(true);
  });
});

describe('a template with an unknown interpolation: the unknown text may be anything', () => {
  it('the Region of a queue ARN whose account is unknown', () => {
    expect(ev(`regex("^arn:aws:sqs:([^:]+):", ${QUEUE})`)).toEqual(['us-east-1']);
    expect(ev(`regex("us-east-1", ${QUEUE})`)).toBe('us-east-1');
    expect(ev(`regexall("^arn:aws:sns:", ${QUEUE})`)).toEqual([]);
    const replaced = ev(`replace(${QUEUE}, "/^arn:aws:sqs:[^:]+:/", "")`);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: how a PartlyKnown shows its unknown part
    expect(isPartlyKnown(replaced) && replaced.shape).toBe('${?}:jobs');
  });

  it("the account itself, or any match reaching it, stays unknown with the variable's reason", () => {
    for (const call of [
      `regex("^arn:aws:sqs:[^:]+:([^:]+)", ${QUEUE})`,
      `regex("[0-9]{12}", ${QUEUE})`,
      `regexall("[a-z]+", ${QUEUE})`,
    ]) {
      const v = ev(call);
      expect(isUnknown(v), call).toBe(true);
      expect((v as Unknown).reason, call).toMatch(/var\.x has no value/);
    }
  });
});

describe('the pattern subset read', () => {
  it('reads literals, classes, groups, alternation, repetition and ^; leaves the rest', () => {
    for (const p of ['^a(b|c)*d{2,3}', '[[:alpha:]_]+\\.x', '(?:a)(?P<n>\\pL)\\x41', '[]a]'])
      expect(parsePattern(p), p).toBeDefined();
    for (const p of ['a$', '\\bword', '(?i)a', '\\Qa\\E', 'a{', '\\1', '(a'])
      expect(parsePattern(p), p).toBeUndefined();
  });
});

describe('a proof too long to follow is no proof', () => {
  it('nested repetitions over a long head stay unknown instead of taking long', () => {
    const head = 'a'.repeat(1_500);
    const t = Date.now();
    const v = evalWithVars('regex("^((((a|b)*)*)*)*c", s)', [['s', `${head}c${NAME}`]]);
    expect(Date.now() - t).toBeLessThan(5_000);
    expect(isUnknown(v) || (Array.isArray(v) && v.length === 4)).toBe(true);
  });
});

describe('property: a decided result is the result for every completion of the unknown text', () => {
  // patterns of the subset over a small alphabet, heads and completions over it too (":" and "/"
  // among them, as in ARNs); a decided call must give what re2js gives on each completed string
  const atom = fc.constantFrom('a', 'b', ':', '/', '.', '[ab]', '[^:]', '\\w', '\\d', '1');
  const piece = fc
    .tuple(atom, fc.constantFrom('', '*', '+', '?', '{2}', '{1,3}', '*?'))
    .map(([a, q]) => a + q);
  const body: fc.Arbitrary<string> = fc.letrec<{ seq: string }>((tie) => ({
    seq: fc
      .array(
        fc.oneof(
          { depthSize: 'small' },
          piece,
          tie('seq').map((s) => `(${s})`),
          fc.constant('a|b'),
        ),
        {
          maxLength: 4,
        },
      )
      .map((xs) => xs.join('')),
  })).seq;
  const pattern = fc.tuple(fc.boolean(), body).map(([anchor, b]) => (anchor ? `^${b}` : b));
  const text = fc.string({ unit: fc.constantFrom('a', 'b', ':', '/', '1', 'c'), maxLength: 8 });

  it('regex, regexall and replace over a template "HEAD" then var.x', () => {
    let decided = 0;
    fc.assert(
      fc.property(pattern, text, fc.array(text, { minLength: 3, maxLength: 3 }), (p, head, completions) => {
        const pk = (call: string) =>
          evalWithVars(call.replace('S', `"${head}\${x}"`), [['x', new Unknown('var.x has no value')]]);
        const lit = JSON.stringify(p);
        for (const [fn, call] of [
          ['regex', `regex(${lit}, S)`],
          ['regexall', `regexall(${lit}, S)`],
          ['replace', `replace(S, ${JSON.stringify(`/${p}/`)}, "<$0>")`],
        ] as const) {
          const v = pk(call);
          if (isUnknown(v) || (v as { constructor?: { name?: string } })?.constructor?.name === 'EvalFailure')
            continue;
          decided++;
          for (const rest of completions) {
            const full = evalWithVars(call.replace('S', JSON.stringify(head + rest)), []);
            if (fn === 'replace') {
              expect(isPartlyKnown(v), call).toBe(true);
              const pkv = v as PartlyKnown;
              const filled = pkv.parts.map((x) => (typeof x === 'string' ? x : rest)).join('');
              expect(filled, `${call} / ${head + rest}`).toEqual(full);
            } else expect(v, `${call} / ${head + rest}`).toEqual(full);
          }
        }
      }),
      { numRuns: 400 },
    );
    // not vacuous: many calls are decided
    expect(decided).toBeGreaterThan(100);
  });

  it('over HEAD then a URL path segment part (never empty, no "/"): the literal rule too', () => {
    const part = unknownSegmentPart('p');
    const segment = fc.string({ unit: fc.constantFrom('a', 'b', ':', '1', 'c'), minLength: 1, maxLength: 6 });
    let decided = 0;
    fc.assert(
      fc.property(
        pattern,
        text,
        fc.array(segment, { minLength: 3, maxLength: 3 }),
        (p, head, completions) => {
          const lit = JSON.stringify(p);
          for (const call of [`regex(${lit}, s)`, `regexall(${lit}, s)`]) {
            const v = evalWithVars(call, [['s', `${head}${part}`]]);
            if (
              isUnknown(v) ||
              (v as { constructor?: { name?: string } })?.constructor?.name === 'EvalFailure'
            )
              continue;
            decided++;
            for (const rest of completions)
              expect(v, `${call} / ${head + rest}`).toEqual(evalWithVars(call, [['s', head + rest]]));
          }
        },
      ),
      { numRuns: 400 },
    );
    expect(decided).toBeGreaterThan(100);
  });
});
