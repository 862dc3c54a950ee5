// The account each Terraform resource instance lives in: the account of its AWS provider
// configuration (src/adapters/terraform/plan/provider-accounts.ts, the one rule; plans through
// `provider_config_key`, configurations through the `provider` meta-argument,
// config/provider-config.ts). Resources deployed through a configuration that assumes a role in
// account B were modelled in the deploying account A: their ARNs carried A's id and a role in B
// trusting a user of A was decided as a same-account trust. Now they are B's, and the
// cross-account rules apply; an account the inputs do not pin down is the unknown-account
// stand-in, so a decision that depends on it is indeterminate.
// Pages:
// - Terraform, "provider" meta-argument: "The provider meta-argument specifies which provider
//   configuration to use for a resource" https://developer.hashicorp.com/terraform/language/meta-arguments/provider
// - AWS provider, assume_role: "role_arn - (Optional) ARN of the IAM Role to assume"
//   https://registry.terraform.io/providers/hashicorp/aws/latest/docs#assume-role-configuration-reference
// - IAM User Guide, "Cross-account policy evaluation logic": "To allow cross-account access, you
//   attach a resource-based policy to the resource that you want to share. You must also attach an
//   identity-based policy to the identity that acts as the principal in the request." ... "The
//   principal's identity-based policy must allow the requested access to the resource in the
//   trusting service." https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
//   Within one account: "If an action is allowed by an identity-based policy, a resource-based
//   policy, or both, then AWS allows the action." (IAM User Guide, "Policy evaluation logic")

import { describe, expect, it } from 'vitest';
import { loadTerraformConfig, loadTerraformPlan } from '../src/adapters/terraform/index.js';
import {
  type ProviderSettings,
  planProviderAccounts,
  providerAccount,
} from '../src/adapters/terraform/plan/provider-accounts.js';
import { compileModel } from '../src/engine/index.js';
import { ModelBuilder } from '../src/model/builder.js';
import { couldChangeVerdict } from '../src/model/finding-codes.js';
import type { Model } from '../src/model/types.js';
import { decide, verdict } from './helpers/engine-fixtures.js';

const DIR = 'test/fixtures/terraform/provider-accounts';
const A = '111111111111'; // the deploying account (data.aws_caller_identity / allowed_account_ids)
const B = '222222222222'; // the account the provider configuration aws.prod assumes a role in
const STAND_IN = '000000000000';
const DEV = `arn:aws:iam::${A}:user/dev`;
const OPS = `arn:aws:iam::${A}:user/ops`;
const CROSS =
  'IAM User Guide, Cross-account policy evaluation logic: "The principal\'s identity-based policy must allow the requested access to the resource in the trusting service"';

function plan(name: string): Model {
  const b = new ModelBuilder();
  loadTerraformPlan(`${DIR}/${name}.json`, b, {});
  return b.build();
}
function config(dir: string): Model {
  const b = new ModelBuilder();
  loadTerraformConfig(`${DIR}/${dir}`, b, {});
  return b.build();
}
const of = (m: Model, code: string) => m.findings.filter((f) => f.code === code);
const appRole = (m: Model) => m.roles.find((r) => r.name === 'app')!;

describe('a plan whose provider configuration assumes a role in a known account', () => {
  for (const name of ['plan-known', 'plan-known-var']) {
    const m = plan(name);
    const engine = compileModel(m);
    it(`${name}: the resources are modelled in that account, the others in the deploying one`, () => {
      expect(appRole(m).arn).toBe(`arn:aws:iam::${B}:role/app`);
      expect(appRole(m).account).toBe(B);
      expect(m.resources.find((r) => r.arn === 'arn:aws:s3:::prod-data')?.account).toBe(B);
      expect(m.users.map((u) => u.arn).sort()).toEqual([DEV, OPS]);
      expect(m.accounts.map((a) => a.id).sort()).toEqual([A, B]);
    });
    it(`${name}: a trust policy naming a user of the deploying account is a cross-account trust (${CROSS})`, () => {
      // dev has no identity policy: the trust policy alone would allow it within one account
      expect(verdict(engine, DEV, 'sts:AssumeRole', appRole(m).arn), CROSS).toBe('deny');
      // the bucket policy of B grants ops s3:GetObject; ops's own policies do not allow it
      expect(verdict(engine, OPS, 's3:GetObject', 'arn:aws:s3:::prod-data/k'), CROSS).toBe('deny');
    });
    it(`${name}: the warning says where they are modelled, at the first instance`, () => {
      const f = of(m, 'tf/provider-other-account');
      expect(f).toHaveLength(1);
      expect(f[0]!.message).toContain(`deployed into account ${B} and modelled there`);
      expect(f[0]!.message).toContain('aws_iam_role.app, aws_s3_bucket.data, aws_s3_bucket_policy.data');
      expect(f[0]!.source?.address).toBe('aws_iam_role.app');
      expect(couldChangeVerdict('tf/provider-other-account')).toBe(true);
    });
  }

  it('the same plan with the role in the deploying account: unchanged, one account, same-account trust', () => {
    const m = plan('plan-same');
    const engine = compileModel(m);
    expect(appRole(m).arn).toBe(`arn:aws:iam::${A}:role/app`);
    expect(m.accounts.map((a) => a.id)).toEqual([A]);
    expect(of(m, 'tf/provider-other-account')).toEqual([]);
    expect(verdict(engine, DEV, 'sts:AssumeRole', appRole(m).arn)).toBe('allow');
    expect(verdict(engine, OPS, 's3:GetObject', 'arn:aws:s3:::prod-data/k')).toBe('allow');
  });
});

describe('a provider configuration whose account the inputs do not pin down', () => {
  const m = plan('plan-unknown');
  const engine = compileModel(m);
  it('its resources are in the unknown-account stand-in, which says what it stands for', () => {
    expect(appRole(m).arn).toBe(`arn:aws:iam::${STAND_IN}:role/app`);
    const acct = m.accounts.find((a) => a.id === STAND_IN)!;
    expect(acct.standsFor?.[0]).toContain(
      'provider configuration aws.prod assumes a role whose account is not known',
    );
    expect(acct.standsFor?.[0]).toContain('data.aws_ssm_parameter.prod_role');
    expect(of(m, 'tf/assumed-account')).toEqual([]);
  });
  it('a decision that differs were it the deploying account is indeterminate, and the trace says why', () => {
    const d = decide(engine, DEV, 'sts:AssumeRole', appRole(m).arn, { trace: true });
    expect(d.decision).toBe('indeterminate');
    const text = JSON.stringify(d.trace);
    expect(text).toContain(`account ${STAND_IN} stands for an account whose id the inputs do not give`);
    expect(text).toContain('provider configuration aws.prod');
    expect(text).not.toContain('--account');
    expect(verdict(engine, OPS, 's3:GetObject', 'arn:aws:s3:::prod-data/k')).toBe('indeterminate');
  });
  it('a decision that is the same in every account stays decided', () => {
    // nobody is granted iam:CreateUser anywhere
    expect(verdict(engine, DEV, 'iam:CreateUser', `arn:aws:iam::${STAND_IN}:user/x`)).toBe('deny');
  });
  it('the warning names the reason and the stand-in', () => {
    const f = of(m, 'tf/provider-other-account');
    expect(f).toHaveLength(1);
    expect(f[0]!.message).toContain(`modelled in an account whose id is unknown (${STAND_IN})`);
  });
});

describe('configurations read without a plan follow the same rule (provider meta-argument)', () => {
  it('HCL: provider = aws.prod with assume_role in a known account', () => {
    const m = config('hcl-known');
    const engine = compileModel(m);
    expect(appRole(m).arn).toBe(`arn:aws:iam::${B}:role/app`);
    // aws_iam_role_policy (provider aws.prod, role by name) finds the role in B
    expect(appRole(m).inlinePolicies).toHaveLength(1);
    expect(verdict(engine, DEV, 'sts:AssumeRole', appRole(m).arn), CROSS).toBe('deny');
    expect(of(m, 'tf/provider-other-account')[0]!.message).toContain(
      'aws_iam_role.app, aws_iam_role_policy.app',
    );
  });
  it('HCL: a role_arn from a variable without a value is an unknown account', () => {
    const m = config('hcl-unknown');
    const engine = compileModel(m);
    expect(appRole(m).arn).toBe(`arn:aws:iam::${STAND_IN}:role/app`);
    expect(of(m, 'tf/provider-other-account')[0]!.message).toContain('prod_role_arn');
    expect(verdict(engine, DEV, 'sts:AssumeRole', appRole(m).arn)).toBe('indeterminate');
  });
  it('CDKTF (cdk.tf.json): provider list with an aliased assume_role configuration', () => {
    const m = config('cdktf');
    const engine = compileModel(m);
    expect(appRole(m).arn).toBe(`arn:aws:iam::${B}:role/app`);
    expect(m.resources.find((r) => r.arn === 'arn:aws:s3:::prod-data')?.account).toBe(B);
    expect(verdict(engine, DEV, 'sts:AssumeRole', appRole(m).arn), CROSS).toBe('deny');
  });
});

describe('the rule for each provider setting (providerAccount)', () => {
  const base = {
    key: 'aws.x',
    roleArns: [],
    allowedAccountIds: undefined,
    profile: undefined,
    defaultProfile: undefined,
  };
  const rule = (s: Partial<ProviderSettings>) => providerAccount({ ...base, ...s }, A);
  it('assume_role_with_web_identity role_arn in another account: that account', () => {
    expect(rule({ roleArns: [{ value: `arn:aws:iam::${B}:role/ci` }] })).toMatchObject({ account: B });
  });
  it('a role in the deploying account, or no setting: the deploying account', () => {
    expect(rule({ roleArns: [{ value: `arn:aws:iam::${A}:role/ci` }] })).toBeUndefined();
    expect(rule({})).toBeUndefined();
    expect(rule({ allowedAccountIds: [A] })).toBeUndefined();
    expect(rule({ profile: 'dev', defaultProfile: 'dev' })).toBeUndefined();
  });
  it('allowed_account_ids holding only another account: that account; several: unknown', () => {
    expect(rule({ allowedAccountIds: [B] })).toMatchObject({ account: B });
    expect(rule({ allowedAccountIds: [A, B] })).toHaveProperty('unknown');
  });
  it('another credentials profile, or a role ARN that is not one: unknown', () => {
    const p = rule({ profile: 'prod', defaultProfile: 'dev' });
    expect(p && 'unknown' in p ? p.unknown.reason : '').toContain('credentials profile "prod"');
    expect(rule({ roleArns: [{ value: 'deploy' }] })).toHaveProperty('unknown');
  });
});

describe('a child module declaring its own provider configuration', () => {
  it("reads its role_arn's variable in the module, not the root variable of the same name", () => {
    const accounts = planProviderAccounts(
      {
        aws: { name: 'aws' },
        'module.m:aws': {
          name: 'aws',
          module_address: 'module.m',
          expressions: { assume_role: [{ role_arn: { references: ['var.role'] } }] },
        },
      },
      new Map([['role', `arn:aws:iam::${B}:role/x`]]),
      A,
      () => undefined,
    );
    expect(accounts.get('aws')).toBeUndefined();
    expect(accounts.get('module.m:aws')).toHaveProperty('unknown');
  });
});
