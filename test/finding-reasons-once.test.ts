// An indeterminate finding's message says why inline (`... (indeterminate: REASON)`, the message
// the JSON and README document), and the diff's Markdown and text and the HTML review list the
// same reasons under it (`indeterminate because REASON`): each reason was said twice. The renderers
// now show the message with `(indeterminate)` where its reasons are listed below
// (report/finding-message.ts); the JSON keeps the message as it is. The unknown: a Terraform plan
// whose inline role policy is known only after apply (Terraform, "JSON Output Format":
// "after_unknown": "An object value with similar structure to "after", but with all unknown leaf
// values replaced with "true", and all known leaf values omitted").

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { messageWithoutListedReasons } from '../src/report/finding-message.js';
import { runCli, tempJson } from './fixtures/cli/run.js';
import { tempDir } from './helpers/temp-inputs.js';
import { deployerPlan } from './helpers/unknown-boundary-plans.js';

const ACCOUNT = ['--account', '111122223333'];

const count = (text: string, part: string) => text.split(part).length - 1;

describe('an indeterminate finding: its reasons said once', () => {
  it('diff Markdown, text and HTML: the message says (indeterminate), the reasons are listed once; JSON keeps the message', async () => {
    const base = await tempJson('base.json', deployerPlan(true));
    const pr = await tempJson('pr.json', deployerPlan(false));
    const diff = (format: string, more: string[] = []) =>
      runCli(['diff', '--base', base, pr, ...ACCOUNT, '--format', format, ...more]);
    const json = JSON.parse((await diff('json')).stdout);
    const admin = json.risks.added.find((f: { kind: string }) => f.kind === 'admin-equivalent');
    expect(admin.message).toContain('(indeterminate: ');
    const reason = admin.message.slice(admin.message.indexOf('(indeterminate: ') + 16, -1) as string;
    expect(reason.length).toBeGreaterThan(0);
    for (const format of ['markdown', 'text']) {
      const out = (await diff(format)).stdout.replace(/\\/g, '');
      const lines = out.split('\n');
      const at = lines.findIndex((l) => l.includes('might be administrator-equivalent'));
      const finding = lines.slice(at, at + (format === 'text' ? 4 : 2)).join('\n');
      expect(lines[at], format).toContain('some depend on what the inputs do not pin down (indeterminate)');
      expect(finding, format).not.toContain('(indeterminate: ');
      expect(finding, format).toContain('indeterminate because');
      expect(count(finding, reason), format).toBe(1);
    }
    const file = join(tempDir('iamspec-reasons-once-'), 'review.html');
    await diff('html', ['--out', file]);
    const html = readFileSync(file, 'utf8');
    const row = html.slice(html.indexOf('some depend on what the inputs do not pin down'));
    expect(row.slice(0, 200)).toContain('pin down (indeterminate)');
    expect(html).toContain('<li>indeterminate because ');
  });

  it('a reason the list does not give stays in the message', () => {
    const v = {
      reasons: [{ kind: 'unknown-value' as const, text: 'the value of x', stage: 'result' as const }],
    };
    const listed = 'unknown value: the value of x';
    expect(messageWithoutListedReasons(`a might b (indeterminate: ${listed})`, v)).toBe(
      'a might b (indeterminate)',
    );
    expect(
      messageWithoutListedReasons(`a might b (indeterminate: ${listed}; something else (at f:1))`, v),
    ).toBe(`a might b (indeterminate: ${listed}; something else (at f:1))`);
    expect(messageWithoutListedReasons(`a might b (indeterminate: ${listed})`, undefined)).toBe(
      `a might b (indeterminate: ${listed})`,
    );
  });
});
