// `iamspec diff` (two plans, and `--base SNAPSHOT`) when a pull request lets a role's sessions
// carry session tags: the role `analyst` reads s3:GetObject only while its principal tag
// `team` is "a" (its own tag), and its permissions boundary ARN is known only after apply, so the
// cell is indeterminate on both sides. Adding `sts:TagSession` to its trust policy makes the tag
// free (a session tag overrides the role's tag: src/engine/session-tags.ts), which changes what
// the cell depends on. Before the fix an acting role's dependency text dropped its whole trust
// policy (a role's own trust decides none of its requests), so the pair read as "No access change"
// and `--fail-on added` passed silently. Its acting text now keeps the trust statements that may
// allow sts:TagSession (src/analysis/diff/dependencies.ts `modelTexts`, used by both diff kinds);
// a rename, reorder or split of them is still no change.
// Pages the rules come from:
// - AWS IAM User Guide, "Passing session tags in AWS STS": "If you pass a session tag with the
//   same key as a tag that is already attached to the role, the value of the session tag
//   overrides the role tag with the same key." and "The sts:TagSession action ... must be allowed
//   in the role's trust policy" (Permissions required to add session tags).
//   https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html
// - AWS IAM User Guide, "Permissions boundaries for IAM entities": "An entity's permissions
//   boundary allows it to perform only the actions that are allowed by both its identity-based
//   policies and its permissions boundaries." (a boundary ARN known only after apply: any of the
//   account's managed policies may be the one it names, so the cell is indeterminate).

import { describe, expect, it } from 'vitest';
import { runCli, tempJson } from './fixtures/cli/run.js';
import { ACCOUNT, ACCOUNT_ID, doc, type PlanResource, plan } from './helpers/unknown-boundary-plans.js';

const DEV = `arn:aws:iam::${ACCOUNT_ID}:user/dev`;
const ASSUME = { Sid: 'Assume', Effect: 'Allow', Principal: { AWS: DEV }, Action: 'sts:AssumeRole' };

/**
 * The user dev, the role analyst (tag team=a, boundary ARN known only after apply) reading the
 * bucket only while its principal tag team is "a", the policy its boundary may name, the bucket.
 * `trust`: analyst's trust statements; `rename`: other names and Sids, reversed resource order.
 */
function analysts(opts: { trust: object[]; rename?: boolean }) {
  const read = {
    Sid: opts.rename ? 'TeamRead' : 'Read',
    Effect: 'Allow',
    Action: 's3:GetObject',
    Resource: 'arn:aws:s3:::iamspec-data/*',
    Condition: { StringEquals: { 'aws:PrincipalTag/team': 'a' } },
  };
  const resources: PlanResource[] = [
    { address: 'aws_s3_bucket.data', type: 'aws_s3_bucket', values: { bucket: 'iamspec-data' } },
    { address: 'aws_iam_user.dev', type: 'aws_iam_user', values: { name: 'dev', path: '/' } },
    {
      address: 'aws_iam_role.analyst',
      type: 'aws_iam_role',
      values: {
        name: 'analyst',
        path: '/',
        assume_role_policy: doc(opts.trust),
        tags: { team: 'a' },
        tags_all: { team: 'a' },
      },
      unknown: { unique_id: true, permissions_boundary: true },
    },
    {
      address: 'aws_iam_role_policy.analyst',
      type: 'aws_iam_role_policy',
      values: { name: opts.rename ? 'analyst-read' : 'analyst', role: 'analyst', policy: doc([read]) },
    },
    {
      address: 'aws_iam_policy.limits',
      type: 'aws_iam_policy',
      values: {
        name: opts.rename ? 'AnalystLimits' : 'Limits',
        path: '/',
        policy: doc([{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }]),
      },
      unknown: { policy_id: true },
    },
  ];
  return plan(opts.rename ? [...resources].reverse() : resources);
}

interface Change {
  principal: string;
  resource: string;
  action: string;
  before: string;
  after: string;
}

const ANALYST = `arn:aws:iam::${ACCOUNT_ID}:role/analyst`;
const analystGets = (changes: Change[]) =>
  changes
    .filter((c) => c.principal === ANALYST && c.action === 's3:GetObject')
    .map((c) => [c.resource, c.before, c.after]);

/** Both diff kinds of a base and a pull request plan: two plans, and the base's snapshot. */
async function diffs(base: object, next: object) {
  const basePlan = await tempJson('plan.json', base);
  const prPlan = await tempJson('pr-plan.json', next);
  const snapshot = `${basePlan}.access.json`;
  const m = await runCli(['matrix', basePlan, ...ACCOUNT, '--format', 'json', '--out', snapshot]);
  expect(m.code).toBe(0);
  const out = [];
  for (const b of [basePlan, snapshot]) {
    const r = await runCli([
      'diff',
      '--base',
      b,
      prPlan,
      ...ACCOUNT,
      '--format',
      'json',
      '--fail-on',
      'added',
    ]);
    out.push({ code: r.code, diff: JSON.parse(r.stdout) as { changed: Change[]; added: Change[] } });
  }
  return out;
}

describe('diff: a trust policy newly allowing sts:TagSession frees the acting role principal tags', () => {
  it('the pull request adds sts:TagSession: may have changed in both diff kinds, --fail-on added exits 1', async () => {
    const results = await diffs(
      analysts({ trust: [ASSUME] }),
      analysts({ trust: [{ ...ASSUME, Action: ['sts:AssumeRole', 'sts:TagSession'] }] }),
    );
    for (const { code, diff } of results) {
      expect(analystGets(diff.changed)).toEqual([
        ['arn:aws:s3:::iamspec-data/*', 'indeterminate', 'indeterminate'],
      ]);
      expect(code).toBe(1);
    }
  });

  it('renamed, reordered and split trust statements that allow the same sts:TagSession: no change', async () => {
    const tagging = { Sid: 'Tag', Effect: 'Allow', Principal: { AWS: DEV }, Action: 'sts:TagSession' };
    const results = await diffs(
      analysts({ trust: [{ ...ASSUME, Action: ['sts:AssumeRole', 'sts:TagSession'] }] }),
      analysts({
        trust: [
          { ...tagging, Sid: 'Tags' },
          { ...ASSUME, Sid: 'Assumption' },
        ],
        rename: true,
      }),
    );
    for (const { code, diff } of results) {
      expect(analystGets(diff.changed)).toEqual([]);
      expect(diff.added).toEqual([]);
      expect(code).toBe(0);
    }
  });

  it('a trust change that does not touch sts:TagSession (who may assume the role): no change of its cells', async () => {
    // Who may assume the role decides requests on it as a column, not its own (commit 5307115).
    const tagging = { Sid: 'Tag', Effect: 'Allow', Principal: { AWS: DEV }, Action: 'sts:TagSession' };
    const wider = { ...ASSUME, Principal: { AWS: [DEV, `arn:aws:iam::${ACCOUNT_ID}:root`] } };
    const results = await diffs(
      analysts({ trust: [ASSUME, tagging] }),
      analysts({ trust: [wider, tagging] }),
    );
    for (const { diff } of results) expect(analystGets(diff.changed)).toEqual([]);
  });

  it('the text report says may have changed, not No access change', async () => {
    const base = await tempJson('plan.json', analysts({ trust: [ASSUME] }));
    const pr = await tempJson('pr-plan.json', analysts({ trust: [{ ...ASSUME, Action: 'sts:*' }] }));
    const text = await runCli(['diff', '--base', base, pr, ...ACCOUNT, '--fail-on', 'added']);
    expect(text.stdout).not.toContain('No access change');
    expect(text.stdout).toContain('may have changed');
    expect(text.code).toBe(1);
  });
});
