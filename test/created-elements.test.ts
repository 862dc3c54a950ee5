// The one rule for the elements the inputs surely create (src/model/created-elements.ts
// `CreatedElements`): two of them are two resources, so a text that is exactly one's ARN (or a
// session of that role) names no other. It was written three times (the engine's
// `InputElements`, the builder's `amongArns` set, function-role-changes' `otherRoles`); the three
// callers read the one module now, and these tests hold them to the same answers.
// AWS pages the rule comes from:
// - AWS General Reference, "Amazon Resource Names (ARNs)": "Amazon Resource Names (ARNs) uniquely
//   identify AWS resources."
// - IAM API Reference, CreateRole, RoleName: "IAM user, group, role, and policy names must be
//   unique within the account. Names are not distinguished by case."
// - CloudFormation User Guide, "Resources": "In addition to the logical ID, certain resources also
//   have a physical ID, which is the actual assigned name for that resource, such as an Amazon EC2
//   instance ID or an Amazon S3 bucket name."

import { describe, expect, it } from 'vitest';
import { matchUnknownName, patternTokens } from '../src/engine/unknown-names.js';
import { NO } from '../src/engine/tri.js';
import { amongArns } from '../src/model/builder.js';
import { CreatedElements, isSurelyCreated, sessionPrefixOf } from '../src/model/created-elements.js';
import { Unknown } from '../src/model/unknown.js';

const K = 'arn:aws:kms:eu-west-1:111122223333:key/';
const A = `${K}(unknown-36-chars=KeyA)`;
const B = `${K}(unknown-36-chars=KeyB)`;
const R = 'arn:aws:iam::111122223333:role/';
const RA = `${R}(unknown-generated-RoleA)`;
const RB = `${R}(unknown-generated-RoleB)`;
const maybe = new Unknown('a condition');

function lists(opts: { bPresence?: boolean } = {}) {
  return {
    users: [],
    groups: [],
    roles: [
      { arn: RA, name: '(unknown-generated-RoleA)' },
      { arn: RB, name: '(unknown-generated-RoleB)', ...(opts.bPresence ? { presence: maybe } : {}) },
    ],
    resources: [{ arn: A }, { arn: B, ...(opts.bPresence ? { presence: maybe } : {}) }],
  };
}

describe('isSurelyCreated', () => {
  it('takes an element the inputs create, not one that might not exist, an imported one or a stand-in', () => {
    expect(isSurelyCreated({})).toBe(true);
    expect(isSurelyCreated({ presence: maybe })).toBe(false);
    expect(isSurelyCreated({ imported: maybe })).toBe(false);
    expect(isSurelyCreated({ standIn: true })).toBe(false);
    // an open-account stand-in is none of the inputs' principals, if it exists at all
    expect(isSurelyCreated({ presence: maybe, imported: maybe, openAccount: true })).toBe(true);
  });
});

describe('CreatedElements.of', () => {
  it('is built once per model', () => {
    const model = lists();
    expect(CreatedElements.of(model)).toBe(CreatedElements.of(model));
    expect(CreatedElements.of(model, false)).not.toBe(CreatedElements.of(model));
  });

  it("holds each surely created element's ARN and each such role's session prefix", () => {
    const c = CreatedElements.of(lists({ bPresence: true }), false);
    expect(c.has(A)).toBe(true);
    expect(c.has(RA)).toBe(true);
    expect(c.has(sessionPrefixOf(RA, '(unknown-generated-RoleA)'))).toBe(true);
    expect(c.has(B)).toBe(false);
    expect(c.has(RB)).toBe(false);
  });
});

describe('the engine and the builder read the one rule', () => {
  const patterns = [A, B, `${K}*`, `${K}1234abcd-12ab-34cd-56ef-1234567890ab`, `${B}/x`, RA, RB];

  it('amongArns bounds an element exactly where the engine matches it (NO is out of the bound)', () => {
    for (const bPresence of [false, true]) {
      const created = CreatedElements.of(lists({ bPresence }), false);
      for (const p of patterns)
        for (const arn of [A, B]) {
          const engine = matchUnknownName(patternTokens([p]), arn, false, created);
          expect(amongArns([p], arn, created), `${p} / ${arn} (B maybe present: ${bPresence})`).toBe(
            engine !== NO,
          );
        }
    }
  });

  it("a key's exact ARN (a `!GetAtt` of key B) is no other surely created key; one that might not exist may be", () => {
    expect(amongArns([B], A, CreatedElements.of(lists(), false))).toBe(false);
    expect(amongArns([B], A, CreatedElements.of(lists({ bPresence: true }), false))).toBe(true);
    // without the elements: the broader match, MAYBE
    expect(amongArns([B], A)).toBe(true);
  });

  it('a Principal value naming role B or a session of it is not role A, nor a session of A', () => {
    const c = CreatedElements.of(lists(), false);
    const sessionA = `${sessionPrefixOf(RA, '(unknown-generated-RoleA)')}/`;
    const sessionB = `${sessionPrefixOf(RB, '(unknown-generated-RoleB)')}/s1`;
    expect(c.principalNamesOther(RB, RA)).toBe(true);
    expect(c.principalNamesOther(sessionB, sessionA)).toBe(true);
    expect(c.principalNamesOther(RA, RA)).toBe(false);
    const maybeB = CreatedElements.of(lists({ bPresence: true }), false);
    expect(maybeB.principalNamesOther(RB, RA)).toBe(false);
    expect(maybeB.principalNamesOther(sessionB, sessionA)).toBe(false);
  });
});
