// `iamspec eval --format text` and `iamspec explain` word an unknown a decision depends on as every
// other report words it (analysis/decision-reasons.ts `reasonLine`: KIND: WORDS (at SOURCE)), not
// as the engine's raw trace message: eval's text says it on a `why:` line under an indeterminate
// decision (in its trace when --trace is given), explain in "How it was decided" and in "What
// would change the outcome". JSON keeps its contract (the trace entries with their `kind`): the
// lines here are computed from those entries with the one formatter. Two unknowns: a Terraform
// policy known only after apply (plan alone), and the stand-in for an account the inputs do not
// state (the deploying account, 000000000000).
//
// The verdicts themselves (indeterminate) are pinned elsewhere: test/cli-eval.test.ts (plan
// alone) and test/unstated-account.test.ts (the stand-in account).

import { describe, expect, it } from 'vitest';
import { reasonLine, reasonOfEntry } from '../src/analysis/decision-reasons.js';
import type { TraceEntry } from '../src/engine/types.js';
import { ACCOUNT, F, runCli, tempJson } from './fixtures/cli/run.js';

interface Case {
  name: string;
  inputs: string[];
  principal: string;
  action: string;
  resource: string;
  /** The reason's kind in words (`REASON_KIND_WORDS`). */
  kindWords: string;
  /** The engine's raw message starts with this (the old text printed it alone). */
  raw: string;
}

const CASES: Case[] = [
  {
    name: 'a Terraform policy known only after apply',
    inputs: [`${F}/tf/plan.json`, '--account', ACCOUNT],
    principal: 'role/reader',
    action: 's3:GetObject',
    resource: 'aws_s3_bucket.reports/2025/report.csv',
    // the engine's words say the kind already: the line is not 'policy content unknown: policy content is unknown: ...'
    kindWords: 'policy content is unknown',
    raw: 'policy content is unknown: aws_iam_role_policy.read_reports.policy is known only after apply',
  },
  {
    name: 'a stand-in account (the deploying account is not stated)',
    inputs: ['test/fixtures/unstated-account/tf'],
    principal: 'user/dev',
    action: 'sqs:SendMessage',
    resource: 'arn:aws:sqs:us-east-1:000000000000:jobs',
    kindWords: 'account, Region or name not stated',
    raw: 'the deploying account is not stated, so account 000000000000 stands for "this account"',
  },
];

/** The unknown entries of the request's traced decision, from eval's JSON (the contract). */
async function unknownEntries(c: Case, requests: string): Promise<TraceEntry[]> {
  const r = await runCli(['eval', ...c.inputs, '--requests', requests, '--trace']);
  expect(r.code).toBe(0);
  const [entry] = JSON.parse(r.stdout) as { decision: string; trace: TraceEntry[] }[];
  expect(entry!.decision).toBe('indeterminate');
  const unknowns = entry!.trace.filter((e) => e.outcome === 'unknown');
  expect(unknowns.length).toBeGreaterThan(0);
  // JSON keeps its shape: each unknown entry says its kind, with the raw message
  for (const e of unknowns) expect(e.kind).toBeDefined();
  expect(unknowns.some((e) => e.message.includes(c.raw))).toBe(true);
  return unknowns;
}

/** The stdout lines that hold `text` after some prefix. */
const linesWith = (out: string, text: string) => out.split('\n').filter((l) => l.includes(text));

describe.each(CASES)('eval and explain text word the unknown with reasonLine: $name', (c) => {
  it('eval --format text: a `why:` line per reason, and the trace entry worded alike with --trace', async () => {
    const requests = await tempJson('requests.json', [
      { principal: c.principal, action: c.action, resource: c.resource },
    ]);
    const unknowns = await unknownEntries(c, requests);
    const lines = unknowns.map((e) => reasonLine(reasonOfEntry(e)));
    for (const line of lines) expect(line.startsWith(`${c.kindWords}: `)).toBe(true);

    const text = await runCli(['eval', ...c.inputs, '--requests', requests, '--format', 'text']);
    expect(text.code).toBe(0);
    const out = text.stdout.split('\n');
    expect(out[0]).toMatch(/^\[0\] INDETERMINATE unknown-value {2}/);
    expect(out.filter((l) => l.startsWith('      why: '))).toEqual(lines.map((l) => `      why: ${l}`));

    const traced = await runCli(['eval', ...c.inputs, '--requests', requests, '--format', 'text', '--trace']);
    expect(traced.code).toBe(0);
    for (const line of lines) expect(linesWith(traced.stdout, line)).toHaveLength(1);
    // no line says the engine's message alone (the old wording: `[stage] MESSAGE`)
    for (const l of linesWith(traced.stdout, c.raw)) expect(l).toContain(`${c.kindWords}: `);
    // the trace shows each reason once: no `why:` lines repeat it
    expect(linesWith(traced.stdout, 'why: ')).toEqual([]);
  });

  it('explain: "How it was decided" and "What would change the outcome" say the reason line', async () => {
    const requests = await tempJson('requests.json', [
      { principal: c.principal, action: c.action, resource: c.resource },
    ]);
    const lines = (await unknownEntries(c, requests)).map((e) => reasonLine(reasonOfEntry(e)));
    const r = await runCli([
      'explain',
      ...c.inputs,
      '--principal',
      c.principal,
      '--action',
      c.action,
      '--resource',
      c.resource,
    ]);
    expect(r.code).toBe(0);
    const [decided, change] = r.stdout.split('What would change the outcome\n');
    for (const line of lines) {
      expect(
        decided!.split('\n').some((l) => / {2}\d+\. \[[^\]]+\] /.test(l) && l.endsWith(`] ${line}`)),
      ).toBe(true);
      expect(change!.split('\n').some((l) => l.startsWith('  - ') && l.endsWith(line))).toBe(true);
    }
    for (const l of linesWith(r.stdout, c.raw)) expect(l).toContain(`${c.kindWords}: `);
  });
});
