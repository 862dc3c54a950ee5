// Findings: located diagnostics about inputs (invalid policies, unresolved values, unhandled
// resource types). Produced by the policy grammar, the adapters and the model builder.

import type { Source } from './source.js';

export type Severity = 'error' | 'warning' | 'info';

export interface Finding {
  /** Stable machine code, e.g. `policy/unknown-action`, `cfn/unhandled-resource-type`. */
  code: string;
  severity: Severity;
  message: string;
  source?: Source;
}
