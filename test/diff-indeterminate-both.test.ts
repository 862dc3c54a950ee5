// `iamspec diff` of two Terraform plans in which a user's permissions boundary ARN is known only
// after apply on both sides (so its cells are indeterminate on both sides): the pull request widens
// the policy the boundary names. Before the fix the diff said "No access change" and `--fail-on
// added` exited 0 (a silent pass). An action indeterminate on both sides is now a change
// (`changed`, before and after `indeterminate`: "may have changed") when what its cell depends on
// differs (src/analysis/diff/dependencies.ts, compare-access.ts); a pair that only renames and
// reorders stays no change.
// Pages the rules come from:
// - Terraform, "JSON Output Format": "after_unknown": "An object value with similar structure to
//   "after", but with all unknown leaf values replaced with "true", and all known leaf values
//   omitted". https://developer.hashicorp.com/terraform/internals/json-format
// - AWS IAM User Guide, "Permissions boundaries for IAM entities": "An entity's permissions
//   boundary allows it to perform only the actions that are allowed by both its identity-based
//   policies and its permissions boundaries." (an unknown boundary: any of the account's managed
//   policies may be the one it names, so a change of any of them may change the access).

import { describe, expect, it } from 'vitest';
import { loadTerraformPlan } from '../src/adapters/terraform/index.js';
import { diffModels } from '../src/analysis/diff/access-diff.js';
import { ModelBuilder } from '../src/model/builder.js';
import { runCli, tempJson } from './fixtures/cli/run.js';
import { ACCOUNT, interns, LIST, READ } from './helpers/unknown-boundary-plans.js';

describe('diff: cells indeterminate on both sides (a boundary ARN known only after apply)', () => {
  it('the pull request widens the boundary policy: changed, may have changed, --fail-on added exits 1', async () => {
    const base = await tempJson('plan.json', interns({ boundary: [LIST] }));
    const pr = await tempJson('pr-plan.json', interns({ boundary: [LIST, READ] }));
    const json = await runCli([
      'diff',
      '--base',
      base,
      pr,
      ...ACCOUNT,
      '--format',
      'json',
      '--fail-on',
      'added',
    ]);
    expect(json.code).toBe(1);
    const diff = JSON.parse(json.stdout);
    const get = diff.changed.find(
      (c: { action: string; resource: string; principal: string }) =>
        c.action === 's3:GetObject' &&
        c.resource === 'arn:aws:s3:::iamspec-data/*' &&
        c.principal.endsWith(':user/intern'),
    );
    expect(get).toMatchObject({ before: 'indeterminate', after: 'indeterminate' });
    expect(get.reasons.join(' ')).toContain('aws_iam_user.intern.permissions_boundary');
    expect(get.grants.map((g: { statement: string }) => g.statement)).toEqual(['Sid "Data"']);
    expect(diff.added).toEqual([]);

    const text = await runCli(['diff', '--base', base, pr, ...ACCOUNT, '--fail-on', 'added']);
    expect(text.code).toBe(1);
    expect(text.stdout).not.toContain('No access change');
    expect(text.stdout).toContain('may have changed');
    expect(text.stdout).toContain('unknown: ');
    const md = await runCli(['diff', '--base', base, pr, ...ACCOUNT, '--format', 'markdown']);
    expect(md.stdout).toContain('may have changed');
    const sarif = JSON.parse(
      (await runCli(['diff', '--base', base, pr, ...ACCOUNT, '--format', 'sarif'])).stdout,
    );
    const messages = sarif.runs[0].results
      .map((r: { message: { text: string } }) => r.message.text)
      .join('\n');
    expect(messages).toContain('may have changed');
  });

  it('the same plans renamed and reordered (policy names, Sids, statement and resource order): no change', async () => {
    const base = await tempJson('plan.json', interns({ boundary: [LIST, READ] }));
    const same = await tempJson('same-plan.json', interns({ boundary: [LIST, READ], rename: true }));
    const run = await runCli([
      'diff',
      '--base',
      base,
      same,
      ...ACCOUNT,
      '--format',
      'json',
      '--fail-on',
      'added',
    ]);
    const diff = JSON.parse(run.stdout);
    expect(diff.changed).toEqual([]);
    expect(diff.added).toEqual([]);
    expect(run.code).toBe(0);
    const again = await runCli(['diff', '--base', base, base, ...ACCOUNT, '--fail-on', 'added']);
    expect(again.stdout).toContain('No access change');
    expect(again.code).toBe(0);
  });

  it('evaluated on both sides (--full-like: every cell): indeterminate cells compare by what they depend on', async () => {
    const model = async (p: object) => {
      const b = new ModelBuilder();
      loadTerraformPlan(await tempJson('plan.json', p), b, { account: '111122223333', region: 'eu-west-1' });
      return b.build();
    };
    const base = await model(interns({ boundary: [LIST, READ] }));
    // Every cell evaluated on both sides, so each indeterminate pair is compared: equal inputs
    // (renamed and reordered) are no change; a widened boundary policy is.
    const same = await diffModels(base, await model(interns({ boundary: [LIST, READ], rename: true })), {
      full: true,
    });
    expect(same.changes.count('changed')).toBe(0);
    const narrower = await diffModels(base, await model(interns({ boundary: [LIST] })), { full: true });
    // Only the statements that apply to an action count: the boundary lost s3:GetObject, not
    // s3:PutObject (which no candidate policy names either way).
    const on = (action: string) =>
      narrower.changed.filter((c) => c.action === action && c.resource === 'arn:aws:s3:::iamspec-data/*');
    expect(on('s3:GetObject').map((c) => [c.before, c.after])).toEqual([['indeterminate', 'indeterminate']]);
    expect(on('s3:PutObject')).toEqual([]);
  });
});
