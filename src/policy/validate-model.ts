// Runs catalog validation (unknown services and actions, action/resource mismatches, condition
// key types, malformed ARNs) over every policy document of a model and returns a model whose
// findings include them. Adapters only parse; loaders call this once after building.

import type { Finding } from '../model/finding.js';
import type { Model } from '../model/types.js';
import { policySizeFindings } from './policy-size.js';
import type { PolicyDocument } from './types.js';
import { applySeverityOverrides, type ValidateOptions, validatePolicy } from './validate.js';

/** Every policy document in the model (inline, managed, trust, resource, SCP, RCP). */
export function modelPolicyDocuments(model: Model): PolicyDocument[] {
  const docs: PolicyDocument[] = [];
  for (const p of [...model.users, ...model.groups, ...model.roles]) {
    for (const ip of p.inlinePolicies) docs.push(ip.document);
  }
  for (const r of model.roles) if (r.trustPolicy) docs.push(r.trustPolicy);
  for (const p of model.policies) docs.push(p.document);
  for (const r of model.resources) if (r.policy) docs.push(r.policy);
  for (const o of model.organizations) docs.push(...o.scps, ...o.rcps);
  return docs;
}

export function validateModelPolicies(model: Model, options: ValidateOptions = {}): Model {
  const extra: Finding[] = [];
  for (const doc of modelPolicyDocuments(model)) {
    if (!doc.unknown) extra.push(...validatePolicy(doc, options));
  }
  extra.push(...policySizeFindings(model));
  const findings = applySeverityOverrides([...model.findings, ...extra], options.severityOverrides);
  return Object.freeze({ ...model, findings: Object.freeze(findings) });
}
