// A Terraform plan pins what the IAM and S3 identifiers of its principals are: a role that exists
// (no-op, update) has its `unique_id`; one the plan creates gets a new id; the default provider's
// `data.aws_canonical_user_id` is the deploying account's canonical user id. A policy naming a
// unique id (`AROA…`) or a canonical user id is then decided for those principals; without them it
// is indeterminate (src/engine/compile-policy.ts `uniqueIdMatch`, `accountCanonicalMatch`).

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadPlanValue } from '../src/adapters/terraform/load.js';
import { compileModel } from '../src/engine/index.js';
import { ModelBuilder } from '../src/model/builder.js';

const DOC = {
  principal:
    'IAM User Guide, "AWS JSON policy elements: Principal": "When you save the policy, AWS transforms the ARN to a unique principal ID. ... if you delete the role or user, then the relationship is broken ... even if you recreate the user or role because it does not match the principal ID stored in the trust policy", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html',
  canonical:
    'Amazon S3 User Guide, "The Principal": "Amazon S3 also supports a canonical user ID, which is an obfuscated form of the AWS account ID"; Terraform AWS provider, data source aws_canonical_user_id: "The canonical user ID associated with the AWS account", https://registry.terraform.io/providers/hashicorp/aws/latest/docs/data-sources/canonical_user_id',
};

const FILE = 'test/fixtures/principal-forms/canonical-plan.json';

function engine(
  edit?: (plan: { prior_state: { values: { root_module: { resources: { type: string }[] } } } }) => void,
) {
  const plan = JSON.parse(readFileSync(FILE, 'utf8'));
  edit?.(plan);
  const b = new ModelBuilder();
  loadPlanValue(plan, FILE, undefined, b, {});
  return compileModel(b.build());
}

const withoutCanonicalId = (plan: Parameters<NonNullable<Parameters<typeof engine>[0]>>[0]) => {
  const r = plan.prior_state.values.root_module;
  r.resources = r.resources.filter((x) => x.type !== 'aws_canonical_user_id');
};

const decide = (e: ReturnType<typeof engine>, role: string, action: string, key: string) =>
  e.decide({
    principal: `arn:aws:iam::111122223333:role/${role}`,
    action,
    resource: `arn:aws:s3:::shared-data/${key}`,
  }).decision;

describe('identifiers a Terraform plan pins (DOC.principal, DOC.canonical)', () => {
  it('a role that exists has its unique id; one created has a new one', () => {
    const e = engine();
    const roles = Object.fromEntries(e.model.roles.map((r) => [r.name, r.uniqueId]));
    expect(roles).toEqual({
      existing: 'AROAEXAMPLEID1234567',
      'pinned-other': 'AROAOTHEREXAMPLE12345',
      fresh: 'new',
    });
    // a grant to AROAEXAMPLEID1234567 is a grant to role existing, none to the others
    expect(decide(e, 'existing', 's3:PutObject', 'k'), DOC.principal).toBe('allow');
    expect(decide(e, 'pinned-other', 's3:PutObject', 'k')).toBe('deny');
    expect(decide(e, 'fresh', 's3:PutObject', 'k'), DOC.principal).toBe('deny');
  });

  it("the deploying account's canonical user id: a Deny to it applies, one to another does not", () => {
    const e = engine();
    expect(e.model.accounts.find((a) => a.id === '111122223333')?.canonicalUserId).toMatch(/^79a59df9/);
    expect(decide(e, 'existing', 's3:GetObject', 'own/x'), DOC.canonical).toBe('deny');
    expect(decide(e, 'existing', 's3:GetObject', 'other/x'), DOC.canonical).toBe('allow');
  });

  it('without the data source the canonical user id may be the account: indeterminate', () => {
    const e = engine(withoutCanonicalId);
    expect(decide(e, 'existing', 's3:GetObject', 'own/x'), DOC.canonical).toBe('indeterminate');
    expect(decide(e, 'existing', 's3:GetObject', 'other/x')).toBe('indeterminate');
  });
});
