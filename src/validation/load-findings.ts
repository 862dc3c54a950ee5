// The findings computed on a whole model once it is built, which every loader adds
// (src/adapters/load.ts, src/testing/cdk.ts, src/testing/cdktf.ts): the catalog validation of
// every policy document (validate-model.ts) and each unknown value that no finding explains
// (`model/unknown-value`, src/model/unknown-inventory.ts). Cost: one pass over the policies.

import type { Finding } from '../model/finding.js';
import type { Model } from '../model/types.js';
import { unknownValueFindings } from '../model/unknown-inventory.js';
import { modelPolicyFindings } from './validate-model.js';

function freezeFinding(f: Finding): Finding {
  if (f.source) Object.freeze(f.source);
  return Object.freeze(f);
}

/** The model with its load findings added (a new frozen model; the same model when there are none). */
export function addLoadFindings(model: Model): Model {
  const validation = modelPolicyFindings(model);
  const withValidation = [...model.findings, ...validation];
  const unknowns = unknownValueFindings(model, withValidation);
  if (!validation.length && !unknowns.length) return model;
  const findings = [...withValidation, ...unknowns].map(freezeFinding);
  return Object.freeze({ ...model, findings: Object.freeze(findings) });
}
