// Terraform resources of an aliased AWS provider configuration are in that configuration's region
// (issue 10): their ARNs (and the model resource's region) follow `provider = aws.<alias>`; a
// region the inputs do not pin down is a stand-in region with a tf/unknown-region warning, never
// the default configuration's region.
//
// Pages relied on:
// - Terraform, "provider reference" (https://developer.hashicorp.com/terraform/language/meta-arguments/provider):
//   "The provider meta-argument specifies which provider configuration to use for a resource,
//   overriding Terraform's default behavior of selecting one based on the resource type name."
// - Terraform, "JSON Output Format": a configuration resource's `provider_config_key` names the
//   entry of `configuration.provider_config` it uses.
// - Amazon SQS ARN format (Service Authorization Reference, "Actions, resources, and condition keys
//   for Amazon SQS"): arn:${Partition}:sqs:${Region}:${Account}:${QueueName}.

import { describe, expect, it } from 'vitest';
import { loadTerraformConfig, loadTerraformPlan } from '../src/adapters/terraform/index.js';
import { compileModel } from '../src/engine/index.js';
import { ModelBuilder } from '../src/model/builder.js';
import { UNKNOWN_REGION } from '../src/model/stand-ins.js';
import type { Model } from '../src/model/types.js';

const DIR = 'test/fixtures/terraform/provider-alias';
const ROLE = 'arn:aws:iam::111122223333:role/sender';

function queue(m: Model, name: string) {
  const q = m.resources.find((r) => r.kind === 'sqs-queue' && r.name === name);
  expect(q, name).toBeDefined();
  return q!;
}

for (const [label, load] of [
  ['plan JSON', (b: ModelBuilder) => loadTerraformPlan(`${DIR}/plan.json`, b, {})],
  ['HCL configuration', (b: ModelBuilder) => loadTerraformConfig(`${DIR}/config`, b, {})],
] as const) {
  describe(`${label}: the provider meta-argument picks the region`, () => {
    const b = new ModelBuilder();
    load(b);
    const m = b.build();
    const e = compileModel(m);
    const send = (arn: string) =>
      e.decide({ principal: ROLE, action: 'sqs:SendMessage', resource: arn }).decision;

    it('a resource of the default configuration is in its region', () => {
      expect(queue(m, 'orders').arn).toBe('arn:aws:sqs:us-east-1:111122223333:orders');
      expect(send(queue(m, 'orders').arn)).toBe('allow');
    });

    it('a resource of provider aws.dr is in eu-west-1, so a us-east-1 grant does not reach it', () => {
      const q = queue(m, 'orders-dr');
      expect(q.arn).toBe('arn:aws:sqs:eu-west-1:111122223333:orders-dr');
      expect(q.region).toBe('eu-west-1');
      expect(send(q.arn)).toBe('deny');
    });

    it('a provider whose region is not known gives a stand-in region and a tf/unknown-region warning, not the default', () => {
      const q = queue(m, 'orders-backup');
      expect(q.arn).toBe(`arn:aws:sqs:${UNKNOWN_REGION}:111122223333:orders-backup`);
      const f = m.findings.filter((x) => x.code === 'tf/unknown-region');
      expect(f).toHaveLength(1);
      expect(f[0]!.severity).toBe('warning');
      expect(f[0]!.message).toMatch(/aws_sqs_queue\.orders_backup/);
      expect(f[0]!.message).toMatch(/region/);
    });
  });
}
