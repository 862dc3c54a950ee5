// Failures that say what to fix, once (issue 13, item 4; src/spec/fixes.ts, src/report/fix-lines.ts):
// a widened grant (a customer managed policy allowing s3:* and kms:* where s3:GetObject and
// kms:Decrypt were meant) is one report per expectation, its witnesses grouped by the statement
// that grants them and by action family, worst first (permissions management and writes before
// reads; s3:PutObject visible, not "and 18 more"); the managed policy's attachment named; the
// permissions boundary and the key policy that merely permit are context, listed once, not
// statements to change; anonymous callers come first; a principal without a boundary says so.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadModelSync } from '../src/adapters/load.js';
import { compileModel } from '../src/engine/index.js';
import { renderSpecResult } from '../src/report/index.js';
import { loadSpec } from '../src/spec/parse.js';
import { runSpec } from '../src/spec/run.js';
import type { CheckResult } from '../src/spec/types.js';
import { runCli } from './fixtures/cli/run.js';
import { tempDir } from './helpers/temp-inputs.js';

const TEMPLATE = 'test/fixtures/fix-once/widened.template.yaml';
const SPEC = 'test/fixtures/fix-once/widened.yaml';
const OPTIONS = { account: '111122223333', region: 'us-west-2' };

const model = loadModelSync([TEMPLATE], OPTIONS);
const result = runSpec(model, loadSpec(SPEC), { engine: compileModel(model), inputs: [TEMPLATE] });
const check = (id: string): CheckResult => result.expectations.find((e) => e.id === id)!.checks[0]!;

function lineOf(text: string): number {
  return (
    readFileSync(TEMPLATE, 'utf8')
      .split('\n')
      .findIndex((l) => l.includes(text)) + 1
  );
}

describe('a widened grant: one report, grouped by the statement to change', () => {
  const c = check('reader-reads-data-only');

  it('names only the granting statements to change, not the boundary or the key policy', () => {
    expect(c.status).toBe('fail');
    expect(c.statements.map((s) => s.statement).sort()).toEqual(['Sid "ReadData"', 'Sid "UseKey"']);
    expect(c.statements.every((s) => s.stage === 'identity')).toBe(true);
    const groups = c.fix!.groups;
    expect(groups.map((g) => g.statement?.statement)).toEqual(['Sid "ReadData"', 'Sid "UseKey"']);
    // the managed policy's attachment (ManagedPolicyArns of the role)
    expect(groups[0]!.attachedAt).toEqual([
      expect.objectContaining({
        to: 'role Reader',
        source: expect.objectContaining({ logicalId: 'Reader' }),
      }),
    ]);
  });

  it('groups by action family, worst first, with the common actions visible', () => {
    const s3 = c.fix!.groups[0]!.families;
    expect(s3.map((f) => f.name)).toEqual([
      's3 Permissions management',
      's3 Write',
      's3 Tagging',
      's3 Read',
      's3 List',
    ]);
    const write = s3.find((f) => f.level === 'Write')!;
    expect(write.actions.slice(0, 4)).toContain('s3:PutObject');
    expect(c.fix!.groups[1]!.families[0]!.name).toBe('kms Permissions management');
    // the headline is the worst request of the first statement to change
    expect(c.message).toMatch(/^role\/Reader can also s3:\w+ on arn:aws:s3:::company1-data/);
    expect(c.message).toMatch(/Sid "ReadData"/);
    expect(c.message).not.toMatch(/ReaderBoundary|AccountAdmin/);
  });

  it('the boundary and the delegating key policy are context, once', () => {
    const context = c.fix!.context;
    expect(context.map((x) => x.kind).sort()).toEqual(['boundary', 'key-policy']);
    expect(context.find((x) => x.kind === 'key-policy')!.text).toMatch(/delegating to the account/);
    expect(context.find((x) => x.kind === 'boundary')!.statement!.policy).toMatch(/^ReaderBoundary/);
  });

  it('the text report says it once: no "granted by" per witness, each statement and source once', () => {
    const text = renderSpecResult(result, 'text');
    const block = text.slice(
      text.indexOf('✗ reader-reads-data-only'),
      text.indexOf('✗ data-reports-readers'),
    );
    expect(block).not.toContain('granted by');
    expect(block.split('\n').length).toBeLessThan(40);
    expect(block.match(/Sid "DataAndKeys"/g)).toHaveLength(1);
    expect(
      block.match(new RegExp(`${TEMPLATE}:${lineOf('Sid: ReadData')}:`, 'g'))!.length,
    ).toBeGreaterThanOrEqual(1);
    expect(block).toMatch(/s3 Write \(\d+ actions\): [^\n]*s3:PutObject/);
    expect(block).toContain('context (permits it without granting it):');
  });

  it('SARIF: one result per expectation, at the statement to change, the boundary as related context', () => {
    const sarif = JSON.parse(renderSpecResult(result, 'sarif'));
    const results = sarif.runs[0].results.filter(
      (r: { properties: { expectation?: string } }) => r.properties.expectation === 'reader-reads-data-only',
    );
    expect(results).toHaveLength(1);
    const r = results[0];
    expect(r.locations[0].physicalLocation.region.startLine).toBe(lineOf('Sid: ReadData'));
    expect(r.properties['security-severity']).toBe('8.0');
    const related = r.relatedLocations.map((l: { message: { text: string } }) => l.message.text);
    expect(related.some((t: string) => /^context .*permissions boundary/.test(t))).toBe(true);
    expect(related.some((t: string) => /is attached to role Reader here/.test(t))).toBe(true);
    const rule = sarif.runs[0].tool.driver.rules.find((x: { id: string }) => x.id === 'only');
    expect(rule.properties['security-severity']).toBe('8.0');
  });
});

describe('who gets it: anonymous first; a principal without a boundary', () => {
  it('onlyPrincipals puts the public grant first and rates it critical', () => {
    const c = check('data-reports-readers');
    const first = c.fix!.groups[0]!;
    expect(first.statement!.statement).toBe('Sid "PublicReports"');
    expect(first.families[0]!.caller).toBe('anonymous');
    expect(c.message).toMatch(/^anonymous can also s3:GetObject/);
    const sarif = JSON.parse(renderSpecResult(result, 'sarif'));
    const r = sarif.runs[0].results.find(
      (x: { properties: { expectation?: string } }) => x.properties.expectation === 'data-reports-readers',
    );
    expect(r.properties['security-severity']).toBe('9.5');
  });

  it('a principal without a permissions boundary: the context says nothing caps it', () => {
    const c = check('auditor-reads-nothing-else');
    expect(c.fix!.context[0]!.text).toBe(
      'user auditor has no permissions boundary: nothing caps what its identity policies allow',
    );
  });
});

describe('check --markdown and the CLI', () => {
  it('markdown lists what to change with the families, and the context', async () => {
    const dir = tempDir('iamspec-fix-');
    const r = await runCli([
      'check',
      TEMPLATE,
      '--account',
      OPTIONS.account,
      '--region',
      OPTIONS.region,
      '--spec',
      SPEC,
      '--markdown',
      join(dir, 'r.md'),
    ]);
    expect(r.code).toBe(1);
    const md = readFileSync(join(dir, 'r.md'), 'utf8');
    expect(md).toContain('What to change (worst access first):');
    expect(md).toMatch(/1\. ReaderPolicy [^\n]*Sid "ReadData"/);
    expect(md).toContain('Context (permits it without granting it):');
    expect(md).not.toContain('granted by');
  });
});
