// Readable names of the engine's evaluation steps (trace stages), shared by every report and
// by the CLI's explanations.

import type { TraceStage } from '../engine/types.js';

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
