// The fingerprints of a diff's two sides name the texts they embed (documents, attachments,
// groups) by number (`textNumbering` in src/analysis/diff/normalize.ts). The numbering belongs to
// one diff: both sides share it, so equal texts get equal numbers, and nothing outlives the diff.
import { describe, expect, it } from 'vitest';
import { generateOrg } from '../bench/generate-org.js';
import { keyOfNew, layoutSide, planRegions } from '../src/analysis/diff/layout.js';
import { textNumbering } from '../src/analysis/diff/normalize.js';

const SIZE = { principals: 40, resources: 12, policies: 80 };

describe('fingerprint numbering', () => {
  it('numbers a text once per numbering, in the order first seen', () => {
    const a = textNumbering();
    const b = textNumbering();
    expect([a('x'), a('y'), a('x')]).toEqual(['#0', '#1', '#0']);
    expect([b('y'), b('x')]).toEqual(['#0', '#1']);
  });

  it('two sides of equal models laid out with one numbering have equal fingerprints: nothing to evaluate', () => {
    const numbered = textNumbering();
    const a = layoutSide(generateOrg({ ...SIZE, seed: 7 }).model, keyOfNew, numbered);
    const b = layoutSide(generateOrg({ ...SIZE, seed: 7 }).model, keyOfNew, numbered);
    for (const [key, entry] of a.rows) expect(b.rows.get(key)?.fingerprint).toBe(entry.fingerprint);
    const regions = planRegions(a, b);
    expect(regions.rows.size + regions.columns.size).toBe(0);
  });

  it('a changed managed policy document changes the fingerprints of the principals it is attached to, and only theirs', () => {
    const numbered = textNumbering();
    const base = generateOrg({ ...SIZE, seed: 7 }).model;
    const next = generateOrg({ ...SIZE, seed: 7 }).model;
    const principals = [...next.users, ...next.roles];
    const policy = next.policies.find((p) =>
      principals.some((x) => x.managedPolicies.some((a) => a.policyArn === p.arn)),
    );
    expect(policy).toBeDefined();
    // A statement of the other effect: a change in meaning (a Sid alone is not one).
    const first = policy!.document.statements[0]!;
    const extra = { ...first, effect: first.effect === 'Deny' ? ('Allow' as const) : ('Deny' as const) };
    const changed = {
      ...policy!,
      document: { ...policy!.document, statements: [...policy!.document.statements, extra] },
    };
    const next2 = { ...next, policies: next.policies.map((p) => (p === policy ? changed : p)) };
    const a = layoutSide(base, keyOfNew, numbered);
    const b = layoutSide(next2, keyOfNew, numbered);
    for (const x of principals) {
      const attached = x.managedPolicies.some((m) => m.policyArn === policy!.arn);
      const same = b.rows.get(x.arn)?.fingerprint === a.rows.get(x.arn)?.fingerprint;
      expect({ principal: x.arn, same }).toEqual({ principal: x.arn, same: !attached });
    }
  });
});
