// Where in the inputs to look at a risk finding when its statements do not say. A statement of an
// AWS managed policy has no input file (the policy is the catalog's): it is changed where the
// inputs attach that policy to the finding's principal, directly or through a group (the spec's
// fix plan finds the same attachments: spec/fixes.ts `attachmentsOf`). A finding's own place
// (`RiskFinding.place`: the API Gateway method a public-access finding goes through) comes first,
// whatever its statements. A finding none of whose
// statements is in an input file is shown at its subject's definition, the principal or resource the finding names. The diff's
// SARIF locates its results there (code scanning annotates that line) and the reviews list them
// with the statements. Owns `findingPlaces`.

import type { RiskFinding } from '../analysis/types.js';
import type { Source } from '../model/source.js';
import type { Model } from '../model/types.js';
import { attachmentsOf, managedPolicyArnOf } from '../spec/fixes.js';
import { isInputFile } from './spec-details.js';

/** A place of the inputs for a finding, with what it is in words. */
export interface FindingPlace {
  source: Source;
  /** `AdministratorAccess is attached to role deploy`, `role deploy is defined` (then: at SOURCE, here). */
  text: string;
}

/** The places of a finding beyond its statements' own (none when every statement is in an input file). */
export type FindingPlaces = (f: RiskFinding) => FindingPlace[];

/** The name a policy reference shows first (`AdministratorAccess (arn:...)` → `AdministratorAccess`). */
function policyName(policy: string, arn: string): string {
  const name = policy.endsWith(`(${arn})`) ? policy.slice(0, -arn.length - 2).trim() : '';
  return name || arn.slice(arn.lastIndexOf('/') + 1);
}

/** `findingPlaces(model)(finding)`: the places of the finding in the inputs the model was read from. */
export function findingPlaces(model: Model): FindingPlaces {
  let defined: Map<string, { label: string; source: Source }> | undefined;
  const definitionOf = (arn: string) => {
    if (!defined) {
      defined = new Map();
      for (const r of model.resources) defined.set(r.arn, { label: `${r.kind} ${r.name}`, source: r.source });
      for (const p of [...model.users, ...model.roles])
        defined.set(p.arn, { label: `${p.kind} ${p.name}`, source: p.source });
    }
    return defined.get(arn);
  };
  const principals = new Set([...model.users, ...model.roles].map((p) => p.arn));
  return (f) => {
    const out: FindingPlace[] = [];
    const seen = new Set<string>();
    const add = (source: Source | undefined, text: string) => {
      if (!isInputFile(source)) return;
      const key = `${source.file}:${source.line ?? ''}:${source.column ?? ''}:${source.pointer ?? ''}`;
      if (seen.has(key)) return;
      seen.add(key);
      out.push({ source, text });
    };
    // the finding's own place first (the API Gateway method it goes through)
    if (f.place) add(f.place.source, f.place.text);
    let located = false;
    for (const s of f.statements) {
      if (isInputFile(s.source)) {
        located = true;
        continue;
      }
      const arn = managedPolicyArnOf(s.policy);
      if (!arn || !principals.has(f.subject)) continue;
      for (const a of attachmentsOf(model, f.subject, arn))
        add(a.source, `${policyName(s.policy ?? '', arn)} is attached to ${a.to}`);
    }
    if (!located && !out.length) {
      const subject = definitionOf(f.subject);
      if (subject) add(subject.source, `${subject.label} is defined`);
    }
    return out;
  };
}

/** A finding as the matrix JSON records it: with its places when it has any (`withPlaces`). */
export type PlacedFinding = RiskFinding & { places?: FindingPlace[] };

/**
 * The findings with their places recorded (`places` when non-empty), so a review merged from
 * shards (`matrix --merge`, which has no model) lists what one run lists: `recordedPlaces`.
 */
export function withPlaces(risks: readonly RiskFinding[], places: FindingPlaces): PlacedFinding[] {
  return risks.map((f) => {
    const at = places(f);
    return at.length ? { ...f, places: at } : f;
  });
}

/** The places `withPlaces` recorded on findings read back from JSON. */
export const recordedPlaces: FindingPlaces = (f) => (f as PlacedFinding).places ?? [];
