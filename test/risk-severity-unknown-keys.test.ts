// A condition whose keys no producer could know (no facts at all: only a matrix built elsewhere, a
// worker's or a shard's, could hold one; the review builds its own matrices in its thread and
// reads an outside matrix only for its rows) does not lower a finding below what it would be
// without the condition (src/analysis/risk-severity.ts `limitsOnlyHow`): it is not known to limit
// who gets in, and the direction that never hides a risk is to report the finding as if the
// condition were not there. A condition its producer knows limits the access but is about no
// context key (`only objects matching …`, the conditions another finding names, an identity
// pool's flow) has facts with no keys: a real condition. Every type that carries conditions to a
// finding requires their facts, so the compiler names every producer. Before, a condition of no
// facts lowered a possible takeover from high to medium and a public resource from high to low.
//
// IAM User Guide, "IAM JSON policy elements: Condition",
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html:
// "The Condition element (or Condition block) lets you specify conditions for when a policy is in
// effect." and "Context key names are not case-sensitive."; a condition limits access only by
// the context keys it tests.

import { describe, expect, it } from 'vitest';
import { fullGrant, riskSeverity, transportOnly } from '../src/analysis/risk-severity.js';

const PAGE =
  'IAM User Guide, "IAM JSON policy elements: Condition": "The Condition element (or Condition block) lets you specify conditions for when a policy is in effect."';

const SOMETHING = 'a condition worded elsewhere';

describe(`a condition of unknown keys never lowers a finding (${PAGE})`, () => {
  it('no facts: weighed as without the condition (was: a real condition, one step lower)', () => {
    expect(transportOnly([SOMETHING], [])).toBe(true);
    expect(fullGrant('conditional', [SOMETHING], [])).toBe(true);
    expect(riskSeverity('high', 'conditional', [SOMETHING], true, []), PAGE).toBe('high');
    expect(riskSeverity('high', 'conditional', [SOMETHING], false, []), PAGE).toBe('high');
  });

  it('facts with no keys (its producer knows it limits the access): a real condition', () => {
    const facts = [{ text: SOMETHING, keys: [], absent: false }];
    expect(transportOnly([SOMETHING], facts)).toBe(false);
    expect(riskSeverity('high', 'conditional', [SOMETHING], true, facts)).toBe('medium');
    expect(riskSeverity('high', 'conditional', [SOMETHING], false, facts)).toBe('low');
  });

  it('one known real condition beside one of unknown keys: still lowered by the known one', () => {
    const mfa = 'aws:MultiFactorAuthPresent is true';
    const facts = [{ text: mfa, keys: ['aws:multifactorauthpresent'], absent: false }];
    expect(riskSeverity('high', 'conditional', [mfa, SOMETHING], true, facts)).toBe('medium');
  });

  it('undecided and denied access are weighed as before', () => {
    expect(riskSeverity('high', 'indeterminate', [], true, [])).toBe('medium');
    expect(riskSeverity('high', 'deny', [], true, [])).toBe('low');
  });
});
