// An organization policy attached by id but defined outside the inputs (issue 10's class: never
// drop a policy because it cannot be read). "SCPs restrict permissions for IAM users and roles in
// member accounts" and a Deny in any of them denies (AWS Organizations User Guide, "Service control
// policies (SCPs)", https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html):
// a policy of unknown type and content might be such an SCP, so decisions it could deny are
// indeterminate, never allowed, and the warning says why.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTerraformConfig } from '../src/adapters/terraform/index.js';
import { compileModel } from '../src/engine/index.js';
import { ModelBuilder } from '../src/model/builder.js';

const FX = join(import.meta.dirname, 'fixtures', 'terraform', 'org-policy-outside');

describe('aws_organizations_policy_attachment of a policy outside the inputs', () => {
  const b = new ModelBuilder();
  loadTerraformConfig(FX, b, { env: {}, account: '111111111111' });
  const model = b.build();
  const engine = compileModel(model);

  it('keeps the attachment: the allowed request becomes indeterminate, with the reason', () => {
    const d = engine.decide(
      {
        principal: 'arn:aws:iam::111111111111:user/alice',
        action: 's3:GetObject',
        resource: 'arn:aws:s3:::b/k',
      },
      { trace: true },
    );
    expect(d.decision).toBe('indeterminate');
    expect(JSON.stringify(d.trace)).toContain('p-examplescp');
  });

  it('warns where the policy is attached', () => {
    const f = model.findings.find((x) => x.code === 'tf/unresolved-reference');
    expect(f?.message).toContain('unknown SCP and RCP');
    expect(f?.source?.address).toBe('aws_organizations_policy_attachment.guardrails');
  });

  it('grants nothing: a request no identity policy allows stays denied', () => {
    const d = engine.decide({
      principal: 'arn:aws:iam::111111111111:user/alice',
      action: 's3:PutObject',
      resource: 'arn:aws:s3:::b/k',
    });
    expect(d.decision).toBe('deny');
  });
});
