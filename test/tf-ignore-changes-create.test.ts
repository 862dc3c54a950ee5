// `lifecycle { ignore_changes }` on an object a plan creates: Terraform deploys the configured
// value, so the plan's value stands (read alone, and with its configuration); a configuration read
// without a plan may describe an object that exists already, so there the ignored attribute stays
// unknown (config/ignore-changes.ts).
//
// Terraform, "The lifecycle Meta-Argument", ignore_changes
// (https://developer.hashicorp.com/terraform/language/meta-arguments/lifecycle): "The arguments
// corresponding to the given attribute names are considered when planning a create operation,
// but are ignored when planning an update."

import { describe, expect, it } from 'vitest';
import { compileModel } from '../src/engine/index.js';
import type { Model } from '../src/model/types.js';
import { terraformConfigModel, terraformPlanModel } from './helpers/temp-inputs.js';

const ACCOUNT = '111122223333';
const APP = `arn:aws:iam::${ACCOUNT}:role/app`;
const trust = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});
const read = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::data/*' }],
});

const MAIN_TF = `
resource "aws_iam_role" "app" {
  name               = "app"
  assume_role_policy = ${JSON.stringify(trust)}
}

resource "aws_iam_role_policy" "read" {
  name   = "read"
  role   = aws_iam_role.app.name
  policy = ${JSON.stringify(read)}
  lifecycle {
    ignore_changes = [policy]
  }
}
`;

function plan(action: 'create' | 'update') {
  const change = (address: string, type: string, name: string, after: object, unknown: object) => ({
    address,
    mode: 'managed',
    type,
    name,
    change: {
      actions: [action],
      before: action === 'create' ? null : after,
      after,
      after_unknown: action === 'create' ? unknown : {},
    },
  });
  return {
    format_version: '1.2',
    terraform_version: '1.9.0',
    variables: {},
    resource_changes: [
      change(
        'aws_iam_role.app',
        'aws_iam_role',
        'app',
        { name: 'app', assume_role_policy: trust },
        { arn: true },
      ),
      change(
        'aws_iam_role_policy.read',
        'aws_iam_role_policy',
        'read',
        { name: 'read', role: 'app', policy: read },
        { id: true },
      ),
    ],
    configuration: {
      root_module: {
        resources: [
          {
            address: 'aws_iam_role.app',
            mode: 'managed',
            type: 'aws_iam_role',
            name: 'app',
            expressions: { name: { constant_value: 'app' }, assume_role_policy: { constant_value: trust } },
          },
          {
            address: 'aws_iam_role_policy.read',
            mode: 'managed',
            type: 'aws_iam_role_policy',
            name: 'read',
            expressions: {
              name: { constant_value: 'read' },
              role: { references: ['aws_iam_role.app.name', 'aws_iam_role.app'] },
              policy: { constant_value: read },
            },
          },
        ],
      },
    },
  };
}

const options = { account: ACCOUNT, region: 'eu-west-1' };
const fromConfig = (): Model => terraformConfigModel(MAIN_TF, options);
const fromPlan = (action: 'create' | 'update', withConfig: boolean): Model =>
  terraformPlanModel(plan(action), options, withConfig ? { 'main.tf': MAIN_TF } : undefined);
const put = (m: Model) =>
  compileModel(m).decide({ principal: APP, action: 's3:PutObject', resource: 'arn:aws:s3:::data/k' })
    .decision;
const get = (m: Model) =>
  compileModel(m).decide({ principal: APP, action: 's3:GetObject', resource: 'arn:aws:s3:::data/k' })
    .decision;

describe('ignore_changes on an object the plan creates', () => {
  it('a configuration alone: the object may exist already, changed outside, so the policy is unknown', () => {
    expect(put(fromConfig())).toBe('indeterminate');
  });

  for (const withConfig of [false, true]) {
    it(`a create ${withConfig ? 'with its configuration' : 'in a plan read alone'}: the configured policy is deployed`, () => {
      const m = fromPlan('create', withConfig);
      expect(get(m)).toBe('allow');
      expect(put(m)).toBe('deny');
    });
  }

  it("an update with its configuration: the plan's value is what is deployed (Terraform read it)", () => {
    const m = fromPlan('update', true);
    expect(get(m)).toBe('allow');
    expect(put(m)).toBe('deny');
  });
});
