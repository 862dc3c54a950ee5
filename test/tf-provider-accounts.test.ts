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
import {
  loadTerraformConfig,
  loadTerraformPlan,
  readTerraformConfig,
} from '../src/adapters/terraform/index.js';
import {
  type ProviderSettings,
  planProviderAccounts,
  providerAccount,
} from '../src/adapters/terraform/plan/provider-accounts.js';
import { compileModel } from '../src/engine/index.js';
import { ModelBuilder } from '../src/model/builder.js';
import { isStandInAccount } from '../src/model/stand-ins.js';
import { couldChangeVerdict } from '../src/model/finding-codes.js';
import type { Model } from '../src/model/types.js';
import { runCli } from './fixtures/cli/run.js';
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
  for (const name of ['plan-known']) {
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
    it(`${name}: an info finding says where they are modelled, at the first instance; it cannot change a verdict (the account is known and modelled as AWS has it)`, () => {
      const f = of(m, 'tf/provider-account-known');
      expect(f).toHaveLength(1);
      expect(f[0]!.severity).toBe('info');
      expect(f[0]!.message).toContain(`deployed into account ${B} and modelled there`);
      expect(f[0]!.message).toContain('aws_iam_role.app, aws_s3_bucket.data, aws_s3_bucket_policy.data');
      expect(f[0]!.source?.address).toBe('aws_iam_role.app');
      expect(of(m, 'tf/provider-other-account')).toEqual([]);
      expect(couldChangeVerdict('tf/provider-account-known')).toBe(false);
      expect(couldChangeVerdict('tf/provider-other-account')).toBe(true);
    });
  }

  it('plan-known-var (role_arn = var.role_arn): read alone, an account whose id is unknown', () => {
    // the plan records which objects role_arn's expression refers to (var.role_arn), not the
    // expression: replace(var.role_arn, …) refers to it too (plan/references.ts); with the
    // configuration directory it is evaluated (reevaluatedAccounts)
    const m = plan('plan-known-var');
    expect(appRole(m).arn).toBe(`arn:aws:iam::${STAND_IN}:role/app`);
    expect(of(m, 'tf/provider-other-account')[0]?.message).toContain(
      'give the configuration directory next to the plan',
    );
    expect(verdict(compileModel(m), DEV, 'sts:AssumeRole', appRole(m).arn)).toBe('indeterminate');
  });

  it('the same plan with the role in the deploying account: unchanged, one account, same-account trust', () => {
    const m = plan('plan-same');
    const engine = compileModel(m);
    expect(appRole(m).arn).toBe(`arn:aws:iam::${A}:role/app`);
    expect(m.accounts.map((a) => a.id)).toEqual([A]);
    expect(of(m, 'tf/provider-other-account')).toEqual([]);
    expect(of(m, 'tf/provider-account-known')).toEqual([]);
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
    expect(of(m, 'tf/provider-account-known')[0]!.message).toContain(
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
      A,
      () => undefined,
    );
    expect(accounts.get('aws')).toBeUndefined();
    expect(accounts.get('module.m:aws')).toHaveProperty('unknown');
  });
});

// Terraform, "Providers Within Modules": "If the child module does not declare any configuration
// aliases, and the module call does not have a providers argument, the default provider
// configurations are inherited"; "Once the providers argument is used in a module block, it
// overrides all of the default inheritance behavior, so it is necessary to enumerate mappings for
// all of the required providers." https://developer.hashicorp.com/terraform/language/modules/develop/providers
describe('a module called with `providers = { aws = aws.prod }` deploys through aws.prod', () => {
  const ROLES = (m: Model) => Object.fromEntries(m.roles.map((r) => [r.name, r.arn]));
  const EXPECTED = {
    app: `arn:aws:iam::${B}:role/app`,
    shared: `arn:aws:iam::${A}:role/shared`,
    'pair-src': `arn:aws:iam::${A}:role/pair-src`,
    'pair-dst': `arn:aws:iam::${B}:role/pair-dst`,
  };
  const checkDecisions = (m: Model) => {
    const engine = compileModel(m);
    // a role of another account trusting dev needs dev's own policy (none): deny; same account: allow
    expect(verdict(engine, DEV, 'sts:AssumeRole', EXPECTED.app), CROSS).toBe('deny');
    expect(verdict(engine, DEV, 'sts:AssumeRole', EXPECTED['pair-dst']), CROSS).toBe('deny');
    expect(verdict(engine, DEV, 'sts:AssumeRole', EXPECTED.shared)).toBe('allow');
    expect(verdict(engine, DEV, 'sts:AssumeRole', EXPECTED['pair-src'])).toBe('allow');
  };
  it('HCL: the providers map is followed (aws = aws.prod; aws = aws, aws.dst = aws.prod; none: the default)', () => {
    const m = config('hcl-module');
    expect(ROLES(m)).toEqual(EXPECTED);
    expect(m.resources.find((r) => r.arn === 'arn:aws:s3:::app-data')?.account).toBe(B);
    expect(m.resources.find((r) => r.arn === 'arn:aws:s3:::shared-data')?.account).toBe(A);
    expect(m.accounts.map((a) => a.id).sort()).toEqual([A, B]);
    expect(of(m, 'tf/provider-other-account')).toEqual([]);
    expect(of(m, 'tf/provider-account-known')[0]!.message).toContain(
      'module.app.aws_iam_role.this, module.app.aws_s3_bucket.data, module.pair.aws_iam_role.dst',
    );
    checkDecisions(m);
  });
  it('CDKTF JSON: "providers": { "aws": "aws.prod" } likewise', () => {
    const m = config('cdktf-module');
    expect(ROLES(m)).toEqual({ app: EXPECTED.app, shared: EXPECTED.shared });
    expect(of(m, 'tf/provider-other-account')).toEqual([]);
  });
  it("a name the call does not pass is not followed: unknown; a module's own block is the one its resources use", async () => {
    const { awsProviderOf } = await import('../src/adapters/terraform/config/provider-config.js');
    const world = {
      config: { providers: [{ name: 'aws', alias: 'prod' }] },
      evalRoot: () => undefined,
    } as unknown as Parameters<typeof awsProviderOf>[0];
    const root = { parent: undefined, call: undefined };
    const rc = (provider?: string) => ({ type: 'aws_iam_role', ...(provider ? { provider } : {}) }) as never;
    const child = (call: object, providers: object[] = []) =>
      ({ parent: root, call, config: { providers } }) as unknown as Parameters<typeof awsProviderOf>[1];
    expect(
      awsProviderOf(world, child({ passesProviders: true, providerMap: { aws: 'aws.prod' } }), rc()),
    ).toEqual({
      alias: 'prod',
    });
    expect(awsProviderOf(world, child({}), rc())).toEqual({ alias: '' });
    expect(awsProviderOf(world, child({}), rc('aws.dst'))).toHaveProperty('unfollowed');
    expect(
      awsProviderOf(world, child({ passesProviders: true, providerMap: { aws: 'aws' } }), rc('aws.dst')),
    ).toHaveProperty('unfollowed');
    expect(awsProviderOf(world, child({ passesProviders: true }), rc())).toHaveProperty('unfollowed');
    // its own block (tf-module-provider-config.test.ts): that module's configuration; a proxy
    // block (alias only) stands for the one the call passes
    const own = { name: 'aws', body: { items: [{ kind: 'attr', name: 'region' }] } };
    const proxy = { name: 'aws', alias: 'dst', body: { items: [{ kind: 'attr', name: 'alias' }] } };
    const legacy = child({}, [own]);
    expect(awsProviderOf(world, legacy, rc())).toEqual({ alias: '', owner: legacy });
    expect(
      awsProviderOf(
        world,
        child({ passesProviders: true, providerMap: { 'aws.dst': 'aws.prod' } }, [proxy]),
        rc('aws.dst'),
      ),
    ).toEqual({ alias: 'prod' });
    expect(awsProviderOf(world, child({ passesProviders: true }, [proxy]), rc('aws.dst'))).toHaveProperty(
      'unfollowed',
    );
  });
});

describe('a plan read with its configuration re-evaluates a role_arn built from a local', () => {
  const D = 'test/fixtures/terraform/provider-accounts';
  const load = (withConfig: boolean) => {
    const b = new ModelBuilder();
    loadTerraformPlan(
      `${D}/plan-module-local.json`,
      b,
      {},
      withConfig ? readTerraformConfig(`${D}/hcl-module`) : undefined,
    );
    return b.build();
  };
  it('the plan alone gives only the references: an account whose id is unknown', () => {
    const m = load(false);
    expect(m.roles.find((r) => r.name === 'app')?.arn).toBe(`arn:aws:iam::${STAND_IN}:role/app`);
    expect(of(m, 'tf/provider-other-account')[0]!.message).toContain('local.prod_account');
    expect(verdict(compileModel(m), DEV, 'sts:AssumeRole', `arn:aws:iam::${STAND_IN}:role/app`)).toBe(
      'indeterminate',
    );
  });
  it('with the configuration: the local is evaluated, the module resources are in that account', () => {
    const m = load(true);
    expect(m.roles.find((r) => r.name === 'app')?.arn).toBe(`arn:aws:iam::${B}:role/app`);
    expect(m.roles.find((r) => r.name === 'pair-dst')?.arn).toBe(`arn:aws:iam::${B}:role/pair-dst`);
    expect(m.roles.find((r) => r.name === 'shared')?.arn).toBe(`arn:aws:iam::${A}:role/shared`);
    expect(of(m, 'tf/provider-other-account')).toEqual([]);
    expect(m.accounts.map((a) => a.id).sort()).toEqual([A, B]);
    expect(verdict(compileModel(m), DEV, 'sts:AssumeRole', `arn:aws:iam::${B}:role/app`), CROSS).toBe('deny');
  });
  it('`check plan.json dir --strict` passes on the fully known multi-account setup (the known-account finding is informational)', async () => {
    for (const inputs of [[`${D}/hcl-module`], [`${D}/plan-module-local.json`, `${D}/hcl-module`]]) {
      const r = await runCli(['check', ...inputs, '--spec', `${D}/strict.yaml`, '--strict']);
      expect(r.stdout).toContain('1 passed, 0 failed, 0 indeterminate');
      expect(r.stderr).not.toContain('provider-other-account');
      expect(r.code).toBe(0);
    }
    // the plan alone: the account is unknown, the check indeterminate, and --strict fails on it
    const alone = await runCli([
      'check',
      `${D}/plan-module-local.json`,
      '--spec',
      `${D}/strict.yaml`,
      '--strict',
    ]);
    expect(alone.stderr).toContain('tf/provider-other-account');
    expect(alone.code).not.toBe(0);
  });
});

// "An AWS account ID is a 12-digit number, such as 012345678901" (AWS Account Management
// Reference Guide, "View AWS account identifiers",
// https://docs.aws.amazon.com/accounts/latest/reference/manage-acct-identifiers.html).
describe('only a 12-digit account id is taken as an account', () => {
  const base = {
    key: 'aws.x',
    roleArns: [],
    allowedAccountIds: undefined,
    profile: undefined,
    defaultProfile: undefined,
  };
  it('a role_arn that is a bare account id, or names an account that is not 12 digits: unknown', () => {
    expect(providerAccount({ ...base, roleArns: [{ value: B }] }, A)).toHaveProperty('unknown');
    expect(providerAccount({ ...base, roleArns: [{ value: 'arn:aws:iam::2222:role/x' }] }, A)).toHaveProperty(
      'unknown',
    );
    expect(providerAccount({ ...base, allowedAccountIds: ['prod'] }, A)).toHaveProperty('unknown');
  });
  it('allowed_account_ids from a variable that is not an account id does not become the deploying account', () => {
    const load = (account: string) => {
      const b = new ModelBuilder();
      loadTerraformConfig(`${DIR}/hcl-var-account`, b, { vars: { account } });
      return b.build();
    };
    const named = load('prod');
    // an account whose id is unknown (a stand-in id of its own: model/stand-ins.ts)
    expect(isStandInAccount(named.users[0]!.account)).toBe(true);
    expect(named.users[0]!.arn).not.toBe(DEV);
    expect(of(named, 'tf/assumed-account')).toHaveLength(1);
    const id = load(A);
    expect(id.users[0]!.arn).toBe(DEV);
    expect(of(id, 'tf/assumed-account')).toEqual([]);
  });
});
