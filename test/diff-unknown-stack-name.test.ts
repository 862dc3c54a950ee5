// `iamspec diff` of templates given alone, whose stack names are unknown: the stack ARN of each
// holds one unknown part, `(unknown-stack-name-App)` (src/adapters/cloudformation/generated-names.ts
// `stackNameInArn`), which the stack-role escalation of the review names
// (src/aws/stack-roles.ts `templateStackNameUnknown`). A template diffed against itself shows no
// change (the same unknown part on both sides is the same stack), and a change that reaches the
// stack of unknown name is shown, its finding indeterminate with why, never dropped; the name is
// among the reasons only where a policy names some stack names (the engine's rule for unknown
// name parts, src/engine/unknown-names.ts).
//
// AWS CloudFormation Template Reference, "Pseudo parameters reference": "AWS::StackName Returns
// the name of the stack as specified with the aws cloudformation create-stack command". AWS
// CloudFormation User Guide, "CloudFormation service role": "Other users that have permissions to
// perform operations on this stack are able to use this role, regardless of whether those users
// have the iam:PassRole permission or not."

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from './fixtures/cli/run.js';
import { devUserResource } from './helpers/cfn-user-policy.js';
import { tempDir, writeFileIn } from './helpers/temp-inputs.js';

const ENV = ['--account', '111122223333', '--region', 'us-east-1'];
const dir = tempDir('iamspec-diff-stack-name-');
const template = (side: string, actions: string[], resource: string) =>
  writeFileIn(dir, `${side}/App.json`, JSON.stringify({ Resources: devUserResource(actions, resource) }));
const UPDATES = template('updates', ['cloudformation:UpdateStack'], 'arn:aws:cloudformation:*:*:stack/*');
const LISTS = template('lists', ['s3:ListAllMyBuckets'], '*');

interface DiffJson {
  added: unknown[];
  removed: unknown[];
  changed: unknown[];
  risks: { added: { detail: string; message: string }[]; removed: unknown[] };
}

async function diff(base: string, next: string): Promise<{ json: DiffJson; text: string }> {
  const j = await runCli(['diff', '--base', base, next, ...ENV, '--format', 'json']);
  expect(j.code).toBe(0);
  const t = await runCli(['diff', '--base', base, next, ...ENV]);
  return { json: JSON.parse(j.stdout) as DiffJson, text: t.stdout };
}

describe('diff of a stack whose name is unknown', () => {
  it('the template against itself: no change, no risk change', async () => {
    const { json, text } = await diff(UPDATES, UPDATES);
    expect([json.added, json.removed, json.changed, json.risks.added, json.risks.removed]).toEqual([
      [],
      [],
      [],
      [],
      [],
    ]);
    expect(text).toMatch(/^Access diff: No access change\./);
  });

  it('the same template under another file name (another label of an unknown name): no change', async () => {
    const renamed = writeFileIn(dir, 'renamed/Web.json', readFileSync(UPDATES, 'utf8'));
    const { json, text } = await diff(UPDATES, renamed);
    expect([json.added, json.removed, json.risks.added, json.risks.removed]).toEqual([[], [], [], []]);
    expect(text).toMatch(/^Access diff: No access change\./);
  });

  it('a user newly allowed to update it: the access and the stack-role finding are shown, indeterminate with why', async () => {
    const { json, text } = await diff(LISTS, UPDATES);
    expect(json.added.length).toBeGreaterThan(0);
    const risk = json.risks.added.find(
      (r) => r.detail === 'cloudformation:UpdateStack on a stack with a service role',
    );
    expect(risk?.message).toContain('CloudFormation stack App (indeterminate');
    expect(text).toContain('1 new risk finding');
    // stack/* names the stack whatever its name: open only by its role, which the template does
    // not say (before, the unknown name was a reason too, though no name changes the verdict)
    expect(text).toContain('stack App may have been deployed with a service role');
    expect(text).not.toContain('stack App is named after its template file');
  });

  it('a user newly allowed to update stacks named App-…: the unknown name is why too', async () => {
    const prefixed = template(
      'prefixed',
      ['cloudformation:UpdateStack'],
      'arn:aws:cloudformation:*:*:stack/App-*',
    );
    const { text } = await diff(LISTS, prefixed);
    expect(text).toContain('1 new risk finding');
    expect(text).toContain('stack App is named after its template file');
  });
});
