// aws_iam_role `managed_policy_arns` in a plan READ ALONE that creates the policies too: the list's
// elements that name them are known only after apply (Terraform "JSON Output Format",
// https://developer.hashicorp.com/terraform/internals/json-format: `after_unknown` "is an object
// value with similar structure to `after`, but with all known leaf values replaced with false
// and unknown values replaced with true"; the configuration's expressions list only the
// `references` a value is built from, not the expression). So an unknown element stays an
// unknown policy (src/adapters/terraform/plan/references.ts: a plan read alone links nothing),
// as does a list unknown as a whole; with the configuration directory the expression is
// evaluated (src/adapters/terraform/config/linked-references.ts, tf-config-linked-references.test.ts).

import { describe, expect, it } from 'vitest';
import { decideAnyContext } from '../src/analysis/free-decision.js';
import { compileModel } from '../src/engine/index.js';
import type { Model } from '../src/model/types.js';
import { terraformPlanModel } from './helpers/temp-inputs.js';

const ACCOUNT = '111122223333';
const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});
const READ = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::data/*' }],
});

const change = (address: string, type: string, after: object, afterUnknown: object) => ({
  address,
  mode: 'managed',
  type,
  name: address.split('.')[1],
  provider_name: 'registry.terraform.io/hashicorp/aws',
  change: { actions: ['create'], before: null, after, after_unknown: afterUnknown },
});

/** A plan creating role `r` (listed first) and policy `p`; `after` / `unknown`: its managed_policy_arns. */
function planModel(
  { unknown, ...after }: { unknown: object; managed_policy_arns?: unknown[] },
  refs: string[],
): Model {
  const plan = {
    format_version: '1.2',
    terraform_version: '1.9.5',
    planned_values: { root_module: {} },
    resource_changes: [
      change(
        'aws_iam_role.r',
        'aws_iam_role',
        { name: 'r', path: '/', assume_role_policy: TRUST, ...after },
        { arn: true, id: true, ...unknown },
      ),
      change(
        'aws_iam_policy.p',
        'aws_iam_policy',
        { name: 'p', path: '/', policy: READ },
        { arn: true, id: true },
      ),
    ],
    configuration: {
      provider_config: { aws: { name: 'aws', expressions: { region: { constant_value: 'us-east-1' } } } },
      root_module: {
        resources: [
          {
            address: 'aws_iam_role.r',
            mode: 'managed',
            type: 'aws_iam_role',
            name: 'r',
            expressions: { managed_policy_arns: { references: refs } },
          },
        ],
      },
    },
  };
  return terraformPlanModel(plan, { account: ACCOUNT });
}

function access(m: Model, action: string, resource: string): string {
  return decideAnyContext(compileModel(m), {
    principal: `arn:aws:iam::${ACCOUNT}:role/r`,
    action,
    resource,
  }).access;
}

const POLICY = ['aws_iam_policy.p.arn', 'aws_iam_policy.p'];

describe('managed_policy_arns known only after apply, in a plan', () => {
  it('[aws_iam_policy.p.arn]: an unknown policy, never taken to be p (p may be replace(p.arn, …))', () => {
    const m = planModel({ managed_policy_arns: [null], unknown: { managed_policy_arns: [true] } }, POLICY);
    expect(m.roles[0]!.managedPolicies.map((a) => typeof a.policyArn)).toEqual(['object']);
    expect(access(m, 's3:PutObject', 'arn:aws:s3:::data/x')).toBe('indeterminate');
  });

  it('a known AWS managed policy beside it: that one, and an unknown one', () => {
    const m = planModel(
      {
        managed_policy_arns: ['arn:aws:iam::aws:policy/ReadOnlyAccess', null],
        unknown: { managed_policy_arns: [false, true] },
      },
      POLICY,
    );
    const arns = m.roles[0]!.managedPolicies.map((a) => a.policyArn);
    expect(arns[0]).toBe('arn:aws:iam::aws:policy/ReadOnlyAccess');
    expect(arns.length).toBe(2);
    expect(typeof arns[1]).toBe('object');
  });

  it('more unknown elements than policies referred to, or a reference that is no policy: unknown', () => {
    const two = planModel(
      { managed_policy_arns: [null, null], unknown: { managed_policy_arns: [true, true] } },
      POLICY,
    );
    expect(access(two, 's3:PutObject', 'arn:aws:s3:::data/x')).toBe('indeterminate');
    const other = planModel({ managed_policy_arns: [null], unknown: { managed_policy_arns: [true] } }, [
      ...POLICY,
      'aws_iam_role.r',
    ]);
    expect(access(other, 's3:PutObject', 'arn:aws:s3:::data/x')).toBe('indeterminate');
  });

  it('a list unknown as a whole stays an unknown policy', () => {
    const m = planModel({ unknown: { managed_policy_arns: true } }, POLICY);
    expect(access(m, 's3:PutObject', 'arn:aws:s3:::data/x')).toBe('indeterminate');
  });
});
