// Fuzzing the loaders and the engine (issue "Hostile input never hangs CI"): random and mutated
// templates, plans, HCL, specs and request files go through the CLI in-process. Whatever the
// input, the run ends with a decision (exit 0 or 1) or one input error (exit 2), never an
// internal error, and within a time budget per input (a generous bound, 2 s, not a speed
// measure: a backtracking matcher, an alias bomb or a deep recursion would blow through it). The
// budget is of the CPU time the run takes (process.cpuUsage), not of the wall clock: on a loaded
// machine the wall clock also counts the time other processes hold the CPU (the mutated spec
// inputs failed the budget at 3.6 s and 5.9 s of wall clock beside other test runs on two cores).

import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { F, runCli } from './fixtures/cli/run.js';
import { tempDir, writeFileIn } from './helpers/temp-inputs.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 25);
const BUDGET_MS = 2000;
const dir = tempDir('iamspec-fuzz-');
const COMPANY = `${F}/cfn/company.yaml`;
const REQUESTS = `${F}/requests/valid.json`;

const SEEDS = {
  template: { text: readFileSync(COMPANY, 'utf8'), ext: 'yaml' },
  json: { text: readFileSync(`${F}/cfn/sales.json`, 'utf8'), ext: 'json' },
  plan: { text: readFileSync(`${F}/tf/plan.json`, 'utf8'), ext: 'json' },
  hcl: { text: readFileSync(`${F}/tf/infra/main.tf`, 'utf8'), ext: 'tf' },
  spec: { text: readFileSync('test/fixtures/check/pass.yaml', 'utf8'), ext: 'yaml' },
  requests: { text: readFileSync(REQUESTS, 'utf8'), ext: 'json' },
};

/** Text pieces a mutation inserts: structure, wildcards, YAML tags and anchors, intrinsics. */
const PIECES = [
  '{',
  '}',
  '[',
  ']',
  ':',
  ',',
  '"',
  "'",
  '\n',
  '  ',
  '*',
  '?',
  '${',
  '}',
  '&a ',
  '*a',
  '!Ref ',
  '!Sub ',
  '- ',
  '#',
  '\\',
  'Fn::Join',
  'count = 3',
  'for_each = {}',
  '"*"',
  'null',
  '-1',
  '1e309',
  '<<EOT\nx\nEOT\n',
  '"Fn::If": ["C", 1, 2]',
  'arn:aws:s3:::*a*a*a*a*a*a*a*a*a*a*a*a*b',
  '%{ if true }x%{ endif }',
];

type Edit = { at: number; del: number; insert: string; repeat: number };
const edit: fc.Arbitrary<Edit> = fc.record({
  at: fc.nat(),
  del: fc.nat({ max: 12 }),
  insert: fc.oneof(fc.constantFrom(...PIECES), fc.string({ maxLength: 6 })),
  repeat: fc.integer({ min: 1, max: 40 }),
});

function mutate(text: string, edits: readonly Edit[]): string {
  let t = text;
  for (const e of edits) {
    const at = t.length ? e.at % (t.length + 1) : 0;
    t = t.slice(0, at) + e.insert.repeat(e.repeat) + t.slice(at + e.del);
  }
  return t;
}

let n = 0;
function file(text: string, ext: string): string {
  return writeFileIn(dir, `input-${n++}.${ext}`, text);
}

async function endsWell(argv: string[]): Promise<void> {
  const start = process.cpuUsage();
  const r = await runCli(argv);
  const used = process.cpuUsage(start);
  const ms = (used.user + used.system) / 1000;
  expect(r.stderr).not.toMatch(/internal error/);
  expect([0, 1, 2]).toContain(r.code);
  if (r.code === 2) expect(r.stderr).toMatch(/^iamspec/);
  expect(ms).toBeLessThan(BUDGET_MS);
}

describe('fuzz: mutated inputs end in a decision or one input error, in time', () => {
  // Warm the catalog and the loaders once, outside the per-input budget (a set-up, not a test:
  // it asserted nothing).
  beforeAll(async () => {
    await runCli(['eval', COMPANY, '--requests', REQUESTS]);
    // An HCL syntax error loads the fallback reader (hcl2-parser) once.
    await runCli(['eval', file('resource "a" {\n  x = \n}\n', 'tf'), '--requests', REQUESTS]);
  }, 30_000);

  for (const [kind, seed] of Object.entries(SEEDS)) {
    it(`mutated ${kind}`, async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(edit, { minLength: 1, maxLength: 4 }), async (edits) => {
          const f = file(mutate(seed.text, edits), seed.ext);
          if (kind === 'spec') await endsWell(['check', COMPANY, '--spec', f]);
          else if (kind === 'requests') await endsWell(['eval', COMPANY, '--requests', f]);
          else await endsWell(['eval', f, '--requests', REQUESTS]);
        }),
        { numRuns: RUNS },
      );
    }, 120_000);
  }

  it('random JSON values as templates and policies', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.jsonValue({ maxDepth: 6 }),
        fc.constantFrom('Resources', 'Statement', 'resource_changes'),
        async (v, key) => {
          const f = file(JSON.stringify({ [key]: v, AWSTemplateFormatVersion: '2010-09-09' }), 'json');
          await endsWell(['eval', f, '--requests', REQUESTS]);
        },
      ),
      { numRuns: RUNS },
    );
  }, 120_000);
});
