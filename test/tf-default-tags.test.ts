// Terraform provider default tags (issue 10 leftover 2): the tags a resource gets from the AWS
// provider's `default_tags` are its tags too (`tags_all`). When they are known only after apply
// (`tags_all` unknown while `tags` is known: a plan whose default_tags come from a value it does
// not know; a configuration whose default_tags is a variable without a value), tags the inputs do
// not show may exist (`OTHER_TAGS`), so a condition on such a tag is indeterminate, never "no such
// tag".
//
// Pages relied on:
// - HashiCorp, "Default Tags in the Terraform AWS Provider"
//   (https://www.hashicorp.com/blog/default-tags-in-the-terraform-aws-provider): "Setting default
//   tags at the provider level will not supersede tags set on individual resources as resource
//   tags take precedence."
// - IAM User Guide, "AWS global condition context keys", aws:ResourceTag/tag-key: "Use this key to
//   compare the tag key-value pair that you specify in the policy with the key-value pair attached
//   to the resource."
//   (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-resourcetag)

import { describe, expect, it } from 'vitest';
import { loadTerraformConfig, loadTerraformPlan } from '../src/adapters/terraform/index.js';
import { tagsOf } from '../src/adapters/terraform/handlers/context.js';
import { compileModel } from '../src/engine/index.js';
import { ModelBuilder } from '../src/model/builder.js';
import { OTHER_TAGS, type Model } from '../src/model/types.js';
import { isUnknown, Unknown } from '../src/model/unknown.js';

const DIR = 'test/fixtures/terraform/default-tags';
const ROLE = 'arn:aws:iam::111122223333:role/app';

function decideRead(m: Model, secretName: string) {
  const secret = m.resources.find((r) => r.kind === 'secretsmanager-secret' && r.name.startsWith(secretName));
  expect(secret, secretName).toBeDefined();
  return compileModel(m).decide({
    principal: ROLE,
    action: 'secretsmanager:GetSecretValue',
    resource: secret!.arn,
  }).decision;
}

describe('tagsOf', () => {
  it('tags_all unknown, tags known: other tags may exist', () => {
    const t = tagsOf({ tags: { Name: 'x' }, tags_all: new Unknown('known after apply') });
    expect(t.Name).toBe('x');
    expect(isUnknown(t[OTHER_TAGS])).toBe(true);
  });
  it('tags_all known: exactly those tags', () => {
    const t = tagsOf({ tags: { Name: 'x' }, tags_all: { Name: 'x', team: 'a' } });
    expect(t).toEqual({ Name: 'x', team: 'a' });
  });
});

describe('plan: tags_all known only after apply', () => {
  const b = new ModelBuilder();
  loadTerraformPlan(`${DIR}/plan/plan.json`, b, {});
  const m = b.build();

  it('an ABAC read on a tag the secret might get from default_tags is indeterminate', () => {
    expect(decideRead(m, 'db-password')).toBe('indeterminate');
  });

  it('no provider configuration sets default_tags: an unknown tags_all adds nothing (plans show it unknown for untagged resources)', () => {
    const b2 = new ModelBuilder();
    loadTerraformPlan(`${DIR}/plan/plan-no-default-tags.json`, b2, {});
    expect(decideRead(b2.build(), 'db-password')).toBe('deny');
  });
});

describe('configuration: default_tags', () => {
  it('from a variable without a value: indeterminate, not a deny', () => {
    const b = new ModelBuilder();
    loadTerraformConfig(`${DIR}/unknown`, b, { vars: {}, env: {} });
    expect(decideRead(b.build(), 'db-password')).toBe('indeterminate');
  });

  it('known default tags are the resource tags; an aliased provider configuration has its own', () => {
    const b = new ModelBuilder();
    loadTerraformConfig(`${DIR}/known`, b, { vars: {}, env: {} });
    const m = b.build();
    expect(decideRead(m, 'db-password-dr')).toBe('deny');
    const primary = m.resources.find(
      (r) => r.name.startsWith('db-password') && !r.name.startsWith('db-password-dr'),
    );
    expect(primary?.tags).toEqual({ Name: 'db-password', team: 'payments' });
    expect(
      compileModel(m).decide({
        principal: ROLE,
        action: 'secretsmanager:GetSecretValue',
        resource: primary!.arn,
      }).decision,
    ).toBe('allow');
  });
});
