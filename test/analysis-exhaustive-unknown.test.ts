// Exhaustive `only` checks when policies are known only after apply (a Terraform plan alone):
// an unknown identity policy that nothing caps ends the check at once with an indeterminate
// violation naming the policy; so does one capped by a boundary the plan leaves unknown (a known
// boundary caps an unknown identity policy: candidate actions come from the boundary).
//
// AWS rules pinned here:
// - a permissions boundary caps identity-based permissions: an action is allowed only if both
//   the identity policy and the boundary allow it (IAM User Guide, "Permissions boundaries for
//   IAM entities").
//   https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html
// - a resource-based policy applies to requests on the resource it is attached to (IAM User
//   Guide, "Identity-based policies and resource-based policies").
//   https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_identity-vs-resource.html

import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadModelSync } from '../src/adapters/load.js';
import { checkOnly } from '../src/analysis/exhaustive.js';
import { compileModel } from '../src/engine/index.js';

const plan = fileURLToPath(new URL('../tf-example/plan.json', import.meta.url));
const engine = compileModel(loadModelSync([plan]));
const ACCOUNT = '629470240201';

describe('checkOnly with policies known only after apply (tf-example/plan.json alone)', () => {
  it('an unknown identity policy that nothing caps: one indeterminate violation naming it, at once', () => {
    const r = checkOnly(engine, `arn:aws:iam::${ACCOUNT}:role/Company1-Logs-Role`, [
      { action: 's3:GetObject', resource: 'arn:aws:s3:::company1-logs/*' },
    ]);
    expect(r.holds).toBe(false);
    expect(r.checked.decisions).toBe(0);
    expect(r.violations).toHaveLength(1);
    const w = r.violations[0]!;
    expect(w.access).toBe('indeterminate');
    expect(w.action).toBe('*');
    expect(w.resource).toBe('*');
    expect(w.decision.decision).toBe('indeterminate');
    expect(w.conditions.join(' ')).toMatch(
      /aws_iam_role_policy\.logs_read\.policy is known only after apply/,
    );
    expect(w.grants).toEqual([
      expect.objectContaining({ stage: 'identity', policy: expect.stringContaining('Company1-Logs-Read') }),
    ]);
    expect(w.grants[0]!.source).toBeDefined();
    expect(w.decision.trace?.[0]?.message).toMatch(/policy content is unknown/);
  });

  it('allowing everything leaves nothing an unknown policy could add: no early violation', () => {
    const r = checkOnly(engine, `arn:aws:iam::${ACCOUNT}:role/Company1-Logs-Role`, [
      { action: '*', resource: '*' },
    ]);
    expect(r.violations.some((v) => v.action === '*' && v.resource === '*')).toBe(false);
  });

  it('a boundary the plan alone leaves unknown caps nothing: an indeterminate violation for any action', () => {
    // Sara-intern: Company1-Logs-Policy is unknown in the plan, and so is her permissions_boundary
    // (aws_iam_policy.intern_boundary.arn): the plan records only what the expression refers to,
    // not the expression (src/adapters/terraform/plan/references.ts), so it is not taken to be
    // InternBoundaryPolicy; with the configuration directory it is.
    const r = checkOnly(engine, `arn:aws:iam::${ACCOUNT}:user/Sara-intern`, [
      { action: 's3:ListBucket', resource: 'arn:aws:s3:::company1-logs' },
    ]);
    expect(r.holds).toBe(false);
    expect(r.violations.map((v) => v.access)).not.toContain('allow');
    // nothing caps the candidates at the boundary's actions: any action may be granted
    expect(r.violations.some((v) => v.action === '*' && v.resource === '*')).toBe(true);
  });
});
