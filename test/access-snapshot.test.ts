// Access snapshots (issue 16, "In unit tests"): the effective-access summary that
// `expect(model).toMatchAccessSnapshot()` stores (analysis/access-summary.ts, written by
// report/access-summary.ts) is deterministic, does not change when an app is re-synthesized
// under other logical ids with its statements reordered, and changes when access does (a
// statement added, a bucket policy opened to `*`, a trust widened, a group membership added,
// a boundary removed). The matcher itself stores it in this file's snapshot through vitest
// (test/__snapshots__/access-snapshot.test.ts.snap, checked in); access-snapshot-runs.test.ts
// runs vitest on a scratch test to see a change fail with a diff and `-u` accept it.
//
// The AWS rules behind the expected entries are those of test/analysis-diff.test.ts (same
// fixtures): "An explicit deny in any of these policies overrides the allow" and a permissions
// boundary "sets the maximum permissions that an identity-based policy can grant to an IAM
// entity" (IAM User Guide, https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html).

import { isAbsolute, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { accessSummary } from '../src/analysis/access-summary.js';
import { compileModel } from '../src/engine/index.js';
import { loadModelSync } from '../src/index.js';
import type { Model } from '../src/model/types.js';
import { formatAccessSummary } from '../src/report/access-summary.js';
import { DEFAULT_ASSUMED } from '../src/report/assumed.js';
import '../src/testing/vitest.js';
import { ACCOUNT, diffModel, type Mutations } from './helpers/diff-fixtures.js';

const TLS = { context: DEFAULT_ASSUMED };
const summaryOf = (model: Model) => formatAccessSummary(accessSummary(compileModel(model), TLS));
const summaries = new Map<string, string>();
function summary(m: Mutations = {}): string {
  const key = JSON.stringify(m);
  if (!summaries.has(key)) summaries.set(key, summaryOf(diffModel(m)));
  return summaries.get(key)!;
}

/** The lines of `after` that `before` does not have (a set difference, enough for these checks). */
function addedLines(before: string, after: string): string[] {
  const old = new Set(before.split('\n'));
  return after.split('\n').filter((l) => !old.has(l));
}

/** The block of one principal (its line up to the next blank line). */
function blockOf(text: string, principal: string): string {
  const start = text.indexOf(`\n${principal}\n`);
  expect(start, `no block for ${principal} in:\n${text}`).toBeGreaterThanOrEqual(0);
  const end = text.indexOf('\n\n', start + 1);
  return text.slice(start + 1, end < 0 ? undefined : end);
}

const alice = `arn:aws:iam::${ACCOUNT}:user/alice`;
const bob = `arn:aws:iam::${ACCOUNT}:user/bob`;

describe('the access summary', () => {
  it('is deterministic: two loads of the same inputs give the same text', () => {
    expect(summaryOf(diffModel())).toBe(summaryOf(diffModel()));
  });

  it('does not change when the app is re-synthesized under other logical ids with statements reordered', () => {
    const base = summary();
    expect(summary({ resynthesized: true })).toBe(base);
    // The generated names read as stable labels, never as the logical ids they come from.
    expect(base).toContain(`arn:aws:iam::${ACCOUNT}:role/Acme-(generated)`);
    expect(base).toContain('arn:aws:s3:::acme-(generated)/*');
    expect(base).not.toMatch(/ReaderRole|LogsBucket|logsbucket/);
  });

  it('reads per principal: access level, actions, resources with their access and conditions', () => {
    const text = summary({ deployerFromNetwork: '10.0.0.0/8' });
    const deployer = blockOf(text, `arn:aws:iam::${ACCOUNT}:role/Deployer`);
    expect(deployer).toMatch(
      /\n {2}Write\n(?: {4}.*\n)*? {4}s3:PutObject\n {6}arn:aws:s3:::acme-data\/\* {2}\(conditional\)\n {8}when aws:SourceIp .*10\.0\.0\.0\/8/,
    );
    // Conditions without the statement they come from (a renamed policy is not an access change).
    expect(deployer).not.toMatch(/Allow of/);
  });

  it('shows a statement added: alice gains s3:PutObject on the logs bucket objects', () => {
    const before = blockOf(summary(), alice);
    const after = blockOf(summary({ statementAdded: true }), alice);
    expect(before).not.toMatch(/s3:PutObject/);
    expect(after).toMatch(/ {2}Write\n {4}s3:PutObject\n {6}arn:aws:s3:::acme-\(generated\)\/\*/);
  });

  it('shows a bucket policy opened to *: anonymous callers read the data, and a public-access risk', () => {
    const added = addedLines(summary(), summary({ bucketPublic: true }));
    expect(added).toContain('anonymous');
    expect(added).toContain('  high public-access: arn:aws:s3:::acme-data');
    expect(blockOf(summary({ bucketPublic: true }), 'anonymous')).toMatch(
      /s3:GetObject\n +arn:aws:s3:::acme-data\/\*/,
    );
  });

  it('shows a trust widened, a group membership added and a boundary removed', () => {
    // Any user or role of the other account (whose own policies are outside the inputs) may
    // now assume Deployer, and the role is reachable from another account (a risk).
    const trust = summary({ trustWidened: true });
    for (const who of ['role/(any-role)', 'user/(any-user)']) {
      expect(blockOf(trust, `arn:aws:iam::999988887777:${who}`)).toMatch(
        new RegExp(`sts:AssumeRole\\n +arn:aws:iam::${ACCOUNT}:role/Deployer\\n`),
      );
      expect(summary()).not.toContain(`\narn:aws:iam::999988887777:${who}\n  `);
    }
    expect(addedLines(summary(), trust)).toContain(
      `  medium cross-account-access: arn:aws:iam::${ACCOUNT}:role/Deployer (account 999988887777)`,
    );
    const joined = blockOf(summary({ bobJoinsDevs: true }), bob);
    expect(joined).not.toBe(blockOf(summary(), bob));
    // Devs' policy lists the logs bucket; bob's boundary lets only s3:ListBucket through.
    expect(addedLines(blockOf(summary(), bob), joined)).toEqual(['      arn:aws:s3:::acme-(generated)']);
    expect(joined).toMatch(/s3:ListBucket\n +arn:aws:s3:::acme-\(generated\)\n/);
    const unbounded = addedLines(blockOf(summary(), bob), blockOf(summary({ boundaryRemoved: true }), bob));
    expect(unbounded).toContain('      arn:aws:s3:::acme-data/*');
  });

  it('role chains show the roles reached and through which', () => {
    const text = summary({ opsTrustsDeployer: true });
    expect(blockOf(text, alice)).toContain(
      `    arn:aws:iam::${ACCOUNT}:role/Ops  via arn:aws:iam::${ACCOUNT}:role/Deployer`,
    );
  });

  it('holds no absolute path of the machine', () => {
    const file = join(import.meta.dirname, '..', 'tf-example', 'plan.json');
    expect(isAbsolute(file)).toBe(true);
    const text = summaryOf(loadModelSync([file]));
    expect(text).toContain('\n  ');
    expect(text).not.toContain(import.meta.dirname);
    expect(text).not.toContain(process.cwd());
  });
});

describe('expect(model).toMatchAccessSnapshot() under vitest', () => {
  it('stores the summary in the snapshot file and matches it', () => {
    expect(diffModel()).toMatchAccessSnapshot();
  });

  it('a re-synthesized app matches the same stored snapshot (hint names it)', () => {
    expect(diffModel({ resynthesized: true })).toMatchAccessSnapshot('acme');
    expect(diffModel()).toMatchAccessSnapshot('acme');
  });

  it('cannot be negated, and takes a compiled engine too', () => {
    expect(() => expect(diffModel()).not.toMatchAccessSnapshot()).toThrow(/cannot be used with \.not/);
    expect(compileModel(diffModel())).toMatchAccessSnapshot();
  });
});
