// Readable names of the engine's evaluation steps (trace stages) and of its decisions
// (`DENY (explicit deny)`), shared by every report and by the CLI's explanations.

import type { Decision, TraceStage } from '../engine/types.js';

const STAGE_LABELS: Record<TraceStage, string> = {
  principal: 'request',
  scp: 'service control policy',
  rcp: 'resource control policy',
  resource: 'resource-based policy',
  identity: 'identity-based policy',
  boundary: 'permissions boundary',
  session: 'session policy',
  trust: 'role trust policy',
  'key-policy': 'KMS key policy',
  result: 'result',
};

/** `identity` → `identity-based policy`, ... (the stage itself when unknown). */
export function stageLabel(stage: TraceStage): string {
  return STAGE_LABELS[stage] ?? stage;
}

const REASON_TEXT: Record<Decision['reason'], string> = {
  allowed: 'allowed',
  'explicit-deny': 'explicit deny',
  'implicit-deny': 'implicit deny (no applicable policy allows it)',
  'unknown-value': 'depends on a value that is unknown until deploy',
};

/** `DENY (explicit deny)` plus a note when the principal or resource is outside the model. */
export function verdictOf(d: Decision): string {
  return `${d.decision.toUpperCase()} (${REASON_TEXT[d.reason] ?? d.reason})${d.external ? ' [external principal or resource]' : ''}`;
}
