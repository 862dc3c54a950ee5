// The Markdown report of `iamspec check` (pull-request comments, GITHUB_STEP_SUMMARY): headline
// and summary line, a table with one row per expectation, <details> blocks for the failures with
// trace, witnesses and sources in code spans, and escaping of text that Markdown would interpret.

import { describe, expect, it } from 'vitest';
import { code, mdText, renderMarkdown } from '../src/report/markdown.js';
import { allPassResult, mixedResult, ROOT_NOTE } from './helpers/spec-results.js';

function detailsOf(md: string, id: string): string {
  const blocks = md.split('<details>').slice(1);
  const block = blocks.find((b) => b.includes(`<code>${id}</code>`));
  expect(block).toBeDefined();
  return block!.split('</details>')[0]!;
}

describe('markdown report', () => {
  const md = renderMarkdown(mixedResult());

  it('starts with the outcome and the summary line', () => {
    const lines = md.split('\n');
    expect(lines[0]).toBe('### ❌ iamspec: 4 of 5 expectations do not hold');
    expect(md).toContain('**1 passed, 3 failed, 1 indeterminate**');
    expect(md).toContain('spec `cdk-example/access.yaml` · inputs `cdk-example/cdk.out`');
  });

  it('has a table row per expectation with its status, and only header rows besides', () => {
    const rows = md.split('\n').filter((l) => l.startsWith('| '));
    expect(rows).toHaveLength(2 + 5);
    expect(rows[2]).toMatch(
      /^\| ❌ fail \| `interns-list-logs-only` \| Interns may only list company1-logs \| 0\/1 \|/,
    );
    expect(rows[3]).toMatch(/^\| ✅ pass \| `ec2-role-reads-logs` \|/);
    expect(rows[4]).toMatch(/^\| ❌ fail \| `hr-bucket-closed` \| .* \| 1\/2 \|/);
    expect(rows[5]).toMatch(/^\| ⚠️ indeterminate \| `temp-creds` \|/);
    // every row has the same number of cells: escaped pipes do not split cells
    const cells = (row: string) => row.replace(/\\\|/g, '').split('|').length;
    for (const r of rows) expect(cells(r)).toBe(cells(rows[0]!));
  });

  it('puts each expectation that did not pass in a details block, none for passing ones', () => {
    expect(md.match(/<details>/g)).toHaveLength(4);
    expect(md.match(/<\/details>/g)).toHaveLength(4);
    expect(md).not.toContain('<code>ec2-role-reads-logs</code>');
  });

  it('shows witnesses and granting statements with sources in code spans', () => {
    const d = detailsOf(md, 'interns-list-logs-only');
    expect(d).toContain('#### ❌ `only` user/Sara-intern can also s3:GetObject');
    expect(d).toContain('Witnesses (2):');
    expect(d).toContain(
      '- `s3:GetObject` on `arn:aws:s3:::company1-logs/x` by `arn:aws:iam::629470240201:user/Sara-intern`: allowed',
    );
    expect(d).toContain(
      'at `cdk-example/cdk.out/Company1Stack.template.json:42:17 (Company1Stack/SaraIntern/Resource, logical id SaraInternABC123)`',
    );
    expect(d).toContain('allowed only under some request context: when aws:SourceIp IpAddress 10.0.0.0/8');
  });

  it('shows the decision trace of a failing request', () => {
    const d = detailsOf(md, 'hr-bucket-closed');
    expect(d).toContain('Decision: **ALLOW (allowed)**');
    expect(d).toContain('2. \\[resource-based policy\\] Allow applies (Principal "\\*")');
    expect(d).toContain(
      'bucket policy of company1-hr, Statement\\[0\\] at `tf-example/main.tf:88:3 (aws_s3_bucket_policy.hr)`',
    );
    expect(d).toContain('- ✅ `can` role/JohnUploadRole can s3:PutObject');
  });

  it('escapes HTML in the summary and Markdown in text', () => {
    const d = detailsOf(md, 'hr-bucket-closed');
    expect(d).toContain(
      '<summary>❌ <code>hr-bucket-closed</code> Nobody reads &lt;HR&gt; data &amp; &quot;secrets&quot; | `raw`</summary>',
    );
    expect(md).not.toContain('<HR>');
    expect(mdText('a*b_c [x](y) <b> | `z`')).toBe('a\\*b\\_c \\[x\\](y) &lt;b&gt; \\| \\`z\\`');
    expect(code('plain')).toBe('`plain`');
    expect(code('has `tick`')).toBe('`` has `tick` ``');
  });

  it('prints the notes once', () => {
    expect(md.split(ROOT_NOTE)).toHaveLength(2);
  });

  it('says all hold for a passing run, without details', () => {
    const ok = renderMarkdown(allPassResult());
    expect(ok.split('\n')[0]).toBe('### ✅ iamspec: 1 expectation holds');
    expect(ok).toContain('**1 passed, 0 failed, 0 indeterminate**');
    expect(ok).not.toContain('<details>');
  });
});
