// `removed` blocks of a Terraform configuration read without a plan
// (src/adapters/terraform/handlers/forgotten-objects.ts). With `lifecycle { destroy = false }` the
// object leaves the state but stays deployed, so what it grants is unknown; the configuration no
// longer shows it. It was a silent pass: the block was skipped, and a role the configuration
// forgets (still in AWS, with its policies) was "no principal of the account"; a `.tf.json` file
// holding a `removed` (or `moved`, `import`, `check`) block was refused as not a configuration.
//
// Terraform, "Remove a resource from state": "To remove a resource from Terraform state without
// destroying it, replace the resource block with a removed block ... When you remove a resource
// from state, Terraform no longer manages that infrastructure's lifecycle." ... "Add a lifecycle
// block to the removed block and set the destroy argument to false. Setting destroy to true
// removes the resource from state and destroys it."
// https://developer.hashicorp.com/terraform/language/state/remove

import { describe, expect, it } from 'vitest';
import { compileModel } from '../src/engine/index.js';
import type { Model } from '../src/model/types.js';
import { terraformConfigModel } from './helpers/temp-inputs.js';

const BASE = `
resource "aws_iam_role" "app" {
  name = "app"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }] })
}
resource "aws_s3_bucket" "data" { bucket = "data-bucket" }
`;

function load(files: Record<string, string>): Model {
  return terraformConfigModel(files, { env: {}, account: '111122223333', region: 'us-east-1' });
}

const removed = (from: string, destroy: string | undefined) =>
  `removed {\n  from = ${from}\n${destroy === undefined ? '' : `  lifecycle {\n    destroy = ${destroy}\n  }\n`}}\n`;

const APP = 'arn:aws:iam::111122223333:role/app';
const OBJECT = 'arn:aws:s3:::data-bucket/k';

describe('removed blocks: an object kept deployed stays in the model as unknown', () => {
  it('a forgotten inline policy may be on any role: the role of the inputs is indeterminate', () => {
    const req = { principal: APP, action: 's3:GetObject', resource: OBJECT };
    expect(compileModel(load({ 'main.tf': BASE })).decide(req).decision).toBe('deny');
    const m = load({ 'main.tf': BASE + removed('aws_iam_role_policy.legacy', 'false') });
    expect(compileModel(m).decide(req).decision).toBe('indeterminate');
    const f = m.findings.find((x) => x.code === 'tf/removed-not-destroyed')!;
    expect(f.severity).toBe('warning');
    expect(f.message).toContain('aws_iam_role_policy.legacy');
  });

  it('a forgotten role or module: stand-in principals with unknown trust and policies', () => {
    for (const from of ['aws_iam_role.legacy', 'module.old']) {
      const m = load({ 'main.tf': BASE + removed(from, 'false') });
      expect(
        m.roles.some((r) => r.name.includes(from)),
        from,
      ).toBe(true);
      expect(
        m.users.some((u) => u.name.includes(from)),
        from,
      ).toBe(true);
    }
  });

  it('a forgotten module may have left policies on the principals and resources of the inputs (they were denied)', () => {
    // what the module was given (a role name, a bucket) is no longer in the configuration
    const own = { principal: APP, action: 's3:GetObject', resource: OBJECT };
    const outside = {
      principal: 'arn:aws:iam::444455556666:role/x',
      action: 's3:GetObject',
      resource: OBJECT,
    };
    const before = compileModel(load({ 'main.tf': BASE }));
    expect(before.decide(own).decision).toBe('deny');
    expect(before.decide(outside).decision).toBe('deny');
    const m = load({ 'main.tf': BASE + removed('module.old', 'false') });
    expect(compileModel(m).decide(own).decision).toBe('indeterminate');
    expect(compileModel(m).decide(outside).decision).toBe('indeterminate');
    expect(m.findings.find((f) => f.code === 'tf/removed-not-destroyed')?.message).toContain(
      'any user, group, role and resource of the account',
    );
  });

  it('a forgotten bucket policy may be the policy of any bucket of the account', () => {
    const req = { principal: 'arn:aws:iam::444455556666:role/x', action: 's3:GetObject', resource: OBJECT };
    expect(compileModel(load({ 'main.tf': BASE })).decide(req).decision).toBe('deny');
    const m = load({ 'main.tf': BASE + removed('aws_s3_bucket_policy.old', 'false') });
    expect(compileModel(m).decide(req).decision).toBe('indeterminate');
  });

  it('destroy = true, or no lifecycle block (the default): the object is destroyed, nothing added', () => {
    for (const destroy of ['true', undefined]) {
      const m = load({ 'main.tf': BASE + removed('aws_iam_role_policy.legacy', destroy) });
      expect(m.findings.some((x) => x.code === 'tf/removed-not-destroyed')).toBe(false);
      expect(
        compileModel(m).decide({ principal: APP, action: 's3:GetObject', resource: OBJECT }).decision,
      ).toBe('deny');
    }
  });

  it('JSON configuration syntax', () => {
    const json = {
      resource: {
        aws_iam_role: {
          app: {
            name: 'app',
            assume_role_policy:
              '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}',
          },
        },
      },
      removed: [{ from: 'aws_iam_role_policy.legacy', lifecycle: { destroy: false } }],
    };
    const m = load({ 'main.tf.json': JSON.stringify(json) });
    expect(
      compileModel(m).decide({ principal: APP, action: 's3:GetObject', resource: OBJECT }).decision,
    ).toBe('indeterminate');
  });
});
