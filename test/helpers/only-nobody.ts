// Test helpers for checks that nobody may make one request (`onlyPrincipals: []`): the model of a
// Terraform configuration under test/fixtures/terraform, and the exhaustive check's answer with the
// decisions and principals of its violations.

import { loadTerraformConfig } from '../../src/adapters/terraform/index.js';
import { checkOnlyPrincipals } from '../../src/analysis/exhaustive.js';
import { compileModel, type Decision } from '../../src/engine/index.js';
import { ModelBuilder } from '../../src/model/builder.js';
import type { Model } from '../../src/model/types.js';

/** The model of test/fixtures/terraform/`dir` (no variables, no environment). */
export function terraformFixture(dir: string): Model {
  const b = new ModelBuilder();
  loadTerraformConfig(`test/fixtures/terraform/${dir}`, b, { vars: {}, env: {} });
  return b.build();
}

/** `onlyPrincipals: []` on (action, resource): whether it holds, its violations' decisions and principals. */
export function onlyNobody(
  m: Model,
  action: string,
  resource: string,
): { holds: boolean; decisions: Set<Decision['decision']>; principals: string[] } {
  const r = checkOnlyPrincipals(compileModel(m), action, resource, []);
  return {
    holds: r.holds,
    decisions: new Set(r.violations.map((v) => v.decision.decision)),
    principals: r.violations.map((v) => v.principal),
  };
}
