// The findings computed on a whole model once it is built, which every loader adds
// (src/adapters/load.ts, src/testing/cdk.ts, src/testing/cdktf.ts): the catalog validation of
// every policy document (validate-model.ts) and each unknown value that no finding explains
// (`model/unknown-value`, src/model/unknown-inventory.ts); and it drops the findings about tags
// the inputs do not show (`cfn/stack-tags-unknown`) when no policy of the whole model (SCPs and
// RCPs added after the build included) reads tags (src/model/tag-reads.ts). Cost: one pass over
// the policies.

import type { Finding } from '../model/finding.js';
import type { Model } from '../model/types.js';
import { modelReadsTags, TAG_DEPENDENT_FINDING_CODES } from '../model/tag-reads.js';
import { unknownValueFindings } from '../model/unknown-inventory.js';
import { modelPolicyFindings } from './validate-model.js';

function freezeFinding(f: Finding): Finding {
  if (f.source) Object.freeze(f.source);
  return Object.freeze(f);
}

/** The model with its load findings added (a new frozen model; the same model when there are none). */
export function addLoadFindings(model: Model): Model {
  const validation = modelPolicyFindings(model);
  const dropTagFindings =
    model.findings.some((f) => TAG_DEPENDENT_FINDING_CODES.has(f.code)) && !modelReadsTags(model);
  const kept = dropTagFindings
    ? model.findings.filter((f) => !TAG_DEPENDENT_FINDING_CODES.has(f.code))
    : model.findings;
  const withValidation = [...kept, ...validation];
  const unknowns = unknownValueFindings(model, withValidation);
  if (!dropTagFindings && !validation.length && !unknowns.length) return model;
  const findings = [...withValidation, ...unknowns].map(freezeFinding);
  return Object.freeze({ ...model, findings: Object.freeze(findings) });
}
