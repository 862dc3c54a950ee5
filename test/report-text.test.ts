// The text report of `iamspec check`: one block per expectation with ✓/✗/?, for failures the
// message, decision trace and witnesses with their sources, the notes once and the summary
// line; ANSI colour only when asked for, and the TTY / NO_COLOR / FORCE_COLOR rule.

import { describe, expect, it } from 'vitest';
import { renderSpecResult } from '../src/report/index.js';
import { colorEnabled, renderSummaryLine, renderText } from '../src/report/text.js';
import {
  allPassResult,
  failingCannot,
  failingOnly,
  indeterminateCan,
  mixedResult,
  passing,
  ROOT_NOTE,
  specResult,
} from './helpers/spec-results.js';

const ANSI = /\u001b\[[0-9;]*m/;

function blockOf(text: string, id: string): string {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.includes(` ${id}`));
  expect(start).toBeGreaterThanOrEqual(0);
  let end = start + 1;
  while (end < lines.length && lines[end]!.startsWith(' ')) end++;
  return lines.slice(start, end).join('\n');
}

describe('text report', () => {
  const text = renderText(mixedResult());

  it('has one block per expectation, with its status symbol and spec location', () => {
    expect(text).toMatch(
      /^✗ interns-list-logs-only — Interns may only list company1-logs {2}cdk-example\/access\.yaml:3:5$/m,
    );
    expect(text).toMatch(
      /^✓ ec2-role-reads-logs — The EC2 role may read company1-logs {2}cdk-example\/access\.yaml:10:5$/m,
    );
    expect(text).toMatch(/^✗ hr-bucket-closed /m);
    expect(text).toMatch(/^\? temp-creds {2}cdk-example\/access\.yaml:30:5$/m);
    expect(text).toMatch(/^✗ hr-readers /m);
  });

  it('keeps a passing expectation to one line', () => {
    expect(blockOf(text, 'ec2-role-reads-logs').split('\n')).toHaveLength(1);
  });

  it('shows an exhaustive failure with its witnesses, the conditions and the granting statement with its source', () => {
    const block = blockOf(text, 'interns-list-logs-only');
    expect(block).toContain(
      '✗ [only] user/Sara-intern can also s3:GetObject on arn:aws:s3:::company1-logs/x',
    );
    expect(block).toContain('spec: cdk-example/access.yaml:5:7');
    expect(block).toContain('witnesses (2 requests):');
    expect(block).toContain(
      's3:GetObject on arn:aws:s3:::company1-logs/x by arn:aws:iam::629470240201:user/Sara-intern: allowed',
    );
    expect(block).toContain(
      'allowed only under some request context: when aws:SourceIp IpAddress 10.0.0.0/8',
    );
    expect(block).toContain('granted by inline policy InternPolicy of user Sara-intern, Sid "ReadLogs"');
    expect(block).toContain(
      'at cdk-example/cdk.out/Company1Stack.template.json:42:17 (Company1Stack/SaraIntern/Resource, logical id SaraInternABC123)',
    );
  });

  it('shows a failing request with its decision and trace (policy, statement, Terraform address, file:line)', () => {
    const block = blockOf(text, 'hr-bucket-closed');
    expect(block).toContain('✓ [can] role/JohnUploadRole can s3:PutObject');
    expect(block).toContain('✗ [cannot] user/Sales-user can s3:GetObject on arn:aws:s3:::company1-hr/a.txt');
    expect(block).toContain('decision: ALLOW (allowed)');
    expect(block).toContain('[resource-based policy] Allow applies (Principal "*")');
    expect(block).toContain('bucket policy of company1-hr, Statement[0]');
    expect(block).toContain('at tf-example/main.tf:88:3 (aws_s3_bucket_policy.hr)');
    // the statement already shown in the trace is not listed again
    expect(block).not.toContain('statements to look at');
  });

  it('shows an indeterminate check with the unknown value and its source', () => {
    const block = blockOf(text, 'temp-creds');
    expect(block).toContain('? [can] user/john s3:GetObject');
    expect(block).toContain('INDETERMINATE (depends on a value that is unknown until deploy)');
    expect(block).toContain('at tf-example/plan.json:120:9 (aws_iam_policy.temp)');
  });

  it('prints the notes once and ends with the summary line', () => {
    expect(text.split(ROOT_NOTE)).toHaveLength(2);
    const lines = text.trimEnd().split('\n');
    expect(lines[lines.length - 1]).toBe('1 passed, 3 failed, 1 indeterminate');
  });

  it('counts come from the result (another result, other counts)', () => {
    expect(renderText(allPassResult()).trimEnd().split('\n').pop()).toBe(
      '1 passed, 0 failed, 0 indeterminate',
    );
    const r = specResult([failingOnly, indeterminateCan, passing, passing]);
    expect(renderSummaryLine(r)).toBe('2 passed, 1 failed, 1 indeterminate\n');
  });

  it('lists statements the trace and witnesses do not show', () => {
    const extra = {
      ...failingCannot,
      checks: [
        {
          ...failingCannot.checks[1]!,
          statements: [
            ...failingCannot.checks[1]!.statements,
            {
              stage: 'boundary' as const,
              policy: 'SalesBoundary',
              statement: undefined,
              effect: undefined,
              source: { file: 'x.json', line: 3, column: 1 },
            },
          ],
        },
      ],
    };
    const out = renderText(specResult([extra]));
    expect(out).toContain('statements to look at:');
    expect(out).toContain('SalesBoundary (permissions boundary)');
    expect(out).toContain('at x.json:3:1');
    expect(out.match(/bucket policy of company1-hr, Statement\[0\]/g)).toHaveLength(1);
  });
});

describe('witnesses of a check that carries its decision', () => {
  it('does not repeat the witness that is the decided request, and lists the others', () => {
    const cannot = failingCannot.checks[1]!;
    const same = {
      principal: 'arn:aws:iam::629470240201:user/Sales-user',
      action: cannot.action!,
      resource: cannot.resource!,
      access: 'allow' as const,
      conditions: [],
      grants: cannot.statements,
      decision: cannot.decision!,
      external: false,
    };
    const other = { ...same, resource: 'arn:aws:s3:::company1-hr/b.txt' };
    const r = specResult([{ ...failingCannot, checks: [{ ...cannot, witnesses: [same, other] }] }]);
    const out = renderText(r);
    expect(out).toContain('witnesses (1 request):');
    expect(out).toContain('s3:GetObject on arn:aws:s3:::company1-hr/b.txt by');
    expect(out).not.toContain('s3:GetObject on arn:aws:s3:::company1-hr/a.txt by');
  });
});

describe('colour', () => {
  it('is plain without the option and ANSI with it, with the same words', () => {
    const plain = renderText(mixedResult());
    const coloured = renderText(mixedResult(), { color: true });
    expect(plain).not.toMatch(ANSI);
    expect(coloured).toMatch(ANSI);
    // red cross, green tick
    expect(coloured).toContain('\u001b[31m✗\u001b[39m');
    expect(coloured).toContain('\u001b[32m✓\u001b[39m');
    expect(coloured.replace(/\u001b\[[0-9;]*m/g, '')).toBe(plain);
    expect(renderSpecResult(mixedResult(), 'text', { color: true })).toBe(coloured);
  });

  it('follows the TTY, NO_COLOR (https://no-color.org) and FORCE_COLOR', () => {
    expect(colorEnabled(true, {})).toBe(true);
    expect(colorEnabled(false, {})).toBe(false);
    expect(colorEnabled(undefined, {})).toBe(false);
    expect(colorEnabled(true, { NO_COLOR: '1' })).toBe(false);
    // no-color.org: only a non-empty NO_COLOR disables colour
    expect(colorEnabled(true, { NO_COLOR: '' })).toBe(true);
    expect(colorEnabled(false, { FORCE_COLOR: '1' })).toBe(true);
    expect(colorEnabled(false, { FORCE_COLOR: '' })).toBe(true);
    expect(colorEnabled(true, { FORCE_COLOR: '0' })).toBe(false);
    expect(colorEnabled(true, { FORCE_COLOR: 'false' })).toBe(false);
    expect(colorEnabled(false, { FORCE_COLOR: '1', NO_COLOR: '1' })).toBe(false);
  });
});
