// Runs catalog validation (unknown services and actions, action/resource mismatches, condition
// key types, malformed ARNs) and the size quota checks over every policy document of a model
// once, and returns a model
// whose findings include them. Adapters only parse; the loaders (src/adapters/load.ts,
// src/testing/cdk.ts, src/testing/cdktf.ts) call this once after building the model.

import type { Finding } from '../model/finding.js';
import type { Model } from '../model/types.js';
import { policySizeFindings } from './policy-size.js';
import type { PolicyDocument } from '../policy/types.js';
import { applySeverityOverrides, type ValidateOptions, validatePolicy } from './validate-policy.js';

/**
 * Every policy document in the model (inline, managed, trust, resource, SCP, RCP), each once: a
 * document shared by several principals (a policy attached to many roles) is validated once.
 */
export function modelPolicyDocuments(model: Model): PolicyDocument[] {
  const docs = new Set<PolicyDocument>();
  for (const p of [...model.users, ...model.groups, ...model.roles]) {
    for (const ip of p.inlinePolicies) docs.add(ip.document);
  }
  for (const r of model.roles) if (r.trustPolicy) docs.add(r.trustPolicy);
  for (const p of model.policies) docs.add(p.document);
  for (const r of model.resources) if (r.policy) docs.add(r.policy);
  for (const o of model.organizations) for (const d of [...o.scps, ...o.rcps]) docs.add(d);
  return [...docs];
}

function findingKey(f: Finding): string {
  const s = f.source;
  return [f.code, f.message, s?.file, s?.pointer, s?.line, s?.column, s?.address, s?.logicalId].join('\0');
}

/**
 * The validation findings of every policy document of the model, and the size quota findings
 * (src/validation/policy-size.ts), deduplicated, in model order.
 */
export function modelPolicyFindings(model: Model, options: ValidateOptions = {}): Finding[] {
  const seen = new Set(model.findings.map(findingKey));
  const out: Finding[] = [];
  const add = (f: Finding) => {
    const key = findingKey(f);
    if (seen.has(key)) return;
    seen.add(key);
    out.push(f);
  };
  for (const doc of modelPolicyDocuments(model)) {
    if (!doc.unknown) for (const f of validatePolicy(doc, options)) add(f);
  }
  for (const f of policySizeFindings(model)) add(f);
  return out;
}

/** The model with the validation findings of its policies added (a new frozen model). */
export function validateModelPolicies(model: Model, options: ValidateOptions = {}): Model {
  const extra = modelPolicyFindings(model, options);
  if (!extra.length && !options.severityOverrides) return model;
  const findings = applySeverityOverrides([...model.findings, ...extra], options.severityOverrides);
  for (const f of findings) {
    if (f.source) Object.freeze(f.source);
    Object.freeze(f);
  }
  return Object.freeze({ ...model, findings: Object.freeze(findings) });
}
