// Test helper for `iamspec diff --fail-on risk` (the escalation and delegation tests): runs the
// diff of two inputs as JSON and returns its exit code, the risk findings it added and what it
// could not compare.

import type { RiskFinding } from '../../src/analysis/types.js';
import { runCli } from '../fixtures/cli/run.js';

export interface RiskDiff {
  code: number;
  added: RiskFinding[];
  notCompared?: { principals: string[] };
}

/** `iamspec diff --base BASE NEXT ...ARGS --format json --fail-on risk`. */
export async function riskDiff(base: string, next: string, ...args: string[]): Promise<RiskDiff> {
  const r = await runCli(['diff', '--base', base, next, ...args, '--format', 'json', '--fail-on', 'risk']);
  const out = JSON.parse(r.stdout) as {
    risks: { added: RiskFinding[] };
    notCompared?: RiskDiff['notCompared'];
  };
  return {
    code: r.code,
    added: out.risks.added,
    ...(out.notCompared ? { notCompared: out.notCompared } : {}),
  };
}
