// What the escalation tests read: the review's privilege-escalation findings by subject and detail,
// and the first check of a spec `noEscalation` expectation of one principal; the details of the
// SageMaker lifecycle configuration paths and the requests restarting a notebook instance.

import { reviewRisks } from '../../src/analysis/risks.js';
import type { RiskFinding } from '../../src/analysis/types.js';
import type { Engine } from '../../src/engine/engine.js';
import { parseSpec } from '../../src/spec/parse.js';
import { runSpec } from '../../src/spec/run.js';

/** The review's escalation findings (of `principals` when given), by `subject detail`. */
export function escalationFindings(engine: Engine, principals?: string[]): Map<string, RiskFinding> {
  const out = new Map<string, RiskFinding>();
  for (const f of reviewRisks(engine, undefined, principals ? { principals } : {}))
    if (f.kind === 'privilege-escalation') out.set(`${f.subject} ${f.detail}`, f);
  return out;
}

/** The spec `noEscalation` expectation of `principal` (e.g. `user/dev`): its first check. */
export function noEscalationCheck(engine: Engine, principal: string) {
  const r = runSpec(
    engine.model,
    parseSpec(`version: 1\nexpect:\n  - { id: e, principal: ${principal}, noEscalation: true }\n`),
    { engine },
  );
  return r.expectations[0]!.checks[0]!;
}

/** The details of the paths through a notebook instance's lifecycle configuration, created or rewritten. */
export const LIFECYCLE_CREATE =
  'sagemaker:CreateNotebookInstanceLifecycleConfig + UpdateNotebookInstance on a notebook instance with a role';
export const LIFECYCLE_UPDATE =
  'sagemaker:UpdateNotebookInstanceLifecycleConfig + UpdateNotebookInstance on a notebook instance with a role';
/** The requests that restart a notebook instance on another lifecycle configuration. */
export const NOTEBOOK_RESTART = [
  'sagemaker:UpdateNotebookInstance',
  'sagemaker:StopNotebookInstance',
  'sagemaker:StartNotebookInstance',
];
