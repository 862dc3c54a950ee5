// An indeterminate spec check says each reason once in every report. Its message words the
// undecided decision with the first unknown (`...: indeterminate: REASON`, spec/check-result.ts
// `explainDecision`, kept as is in the JSON), and the text, Markdown and JUnit reports list every
// reason under it (`indeterminate because ...`): the JUnit failure message said the first reason
// twice (in the message and in its `indeterminate because`), and so did the text and Markdown
// (the heading and the list). Now they show `...: indeterminate` where the reasons are listed
// (report/finding-message.ts `checkMessageWithoutListedReasons`). And a reason line no longer
// says its kind twice (`policy content unknown: policy content is unknown: ...`,
// analysis/decision-reasons.ts `reasonLine`), in these reports and the stderr summary.
//
// The unknowns: a Terraform plan read without its configuration (Terraform, "JSON Output Format":
// "after_unknown": "An object value with similar structure to "after", but with all unknown leaf
// values replaced with "true", and all known leaf values omitted").

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkMessageWithoutListedReasons } from '../src/report/finding-message.js';
import { runCli } from './fixtures/cli/run.js';
import { tempDir } from './helpers/temp-inputs.js';

const REASON =
  'aws_iam_group_policy_attachment.developers.policy_arn is known only after apply; the plan records only what its expression refers to (aws_iam_policy.developers.arn)';
const count = (text: string, part: string) => text.split(part).length - 1;

describe('an indeterminate check: each reason once (tf-example plan without its configuration)', async () => {
  const dir = tempDir('iamspec-check-reasons-once-');
  const junit = join(dir, 'r.xml');
  const md = join(dir, 'r.md');
  const run = await runCli([
    'check',
    'tf-example/plan.json',
    '--spec',
    'tf-example/access.yaml',
    '--junit',
    junit,
    '--markdown',
    md,
  ]);

  it('JUnit: the failure message of intern-lists-logs-only says the reason once (was twice)', () => {
    const xml = readFileSync(junit, 'utf8');
    const message = /<testcase [^>]*name="intern-lists-logs-only[^>]*>\s*<failure message="([^"]*)"/.exec(
      xml,
    )?.[1];
    expect(message).toBeDefined();
    expect(message).toContain(': indeterminate because ');
    expect(count(message!, REASON)).toBe(1);
  });

  it('text: the check heading says indeterminate, the list below says why', () => {
    const heading = run.stdout
      .split('\n')
      .find((l) => l.includes('[can] aws_iam_user.sara_intern may or may not'));
    expect(heading).toContain(': indeterminate');
    expect(heading).not.toContain(REASON);
    expect(run.stdout).toContain(REASON);
  });

  it('Markdown: the heading says indeterminate, the list says why', () => {
    const text = readFileSync(md, 'utf8');
    const heading = text
      .split('\n')
      .find((l) => l.startsWith('#### ') && l.includes('may or may not s3:ListBucket'));
    expect(heading).toBeDefined();
    expect(heading).not.toContain('known only after apply');
  });

  it('no reason line says its kind twice, in the reports and the stderr summary', () => {
    for (const text of [run.stdout, run.stderr, readFileSync(junit, 'utf8'), readFileSync(md, 'utf8')])
      expect(text).not.toContain('policy content unknown: policy content is unknown');
    expect(run.stderr).toContain('intern-lists-logs-only [can]: because policy content is unknown: ');
  });
});

describe('checkMessageWithoutListedReasons', () => {
  const v = {
    reasons: [
      { kind: 'unknown-value' as const, text: 'x is known only after apply; y', stage: 'result' as const },
    ],
  };
  it('shortens the inline reason the list says, before [see ...]', () => {
    expect(
      checkMessageWithoutListedReasons(
        'a may or may not b: indeterminate: x is known only after apply; y [see w]',
        v,
      ),
    ).toBe('a may or may not b: indeterminate [see w]');
  });
  it('keeps a reason the list does not say, and any message without a verdict', () => {
    expect(checkMessageWithoutListedReasons('a: indeterminate: z', v)).toBe('a: indeterminate: z');
    expect(checkMessageWithoutListedReasons('a: indeterminate: x is known only after apply', undefined)).toBe(
      'a: indeterminate: x is known only after apply',
    );
  });
});
