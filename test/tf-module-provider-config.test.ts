// Provider configurations a child module declares itself (config/provider-config.ts
// `awsProviderOf`, the account rule of plan/provider-accounts.ts). A module's own
// `provider "aws" { assume_role { ... } }` (and aliased ones its resources name) was not followed:
// with a root whose configurations all deploy into the deploying account, the module's resources
// were modelled there, so a role in the module's account trusting a user of the root's account was
// decided as a same-account trust. Now the block is evaluated in its module (its variables) and
// its resources are in its account and region, as a plan keys them (`module.m:aws`).
// Pages:
// - Terraform, "Providers Within Modules", Legacy Shared Modules with Provider Configurations:
//   "module authors commonly worked around this by writing `provider` blocks directly inside their
//   modules, making the module have its own separate provider configurations separate from those
//   declared in the root module"; "A module intended to be called by one or more other modules
//   must not contain any `provider` blocks" (yet "Terraform v0.13 continues to support the legacy
//   pattern for module blocks that do not use these new features");
//   Implicit Provider Inheritance: "a child module automatically inherits default (un-aliased)
//   provider configurations from its parent"; Proxy Configuration Blocks: "A proxy configuration
//   block is one that contains only the `alias` argument. It serves as a placeholder for provider
//   configurations passed between modules"
//   https://developer.hashicorp.com/terraform/language/modules/develop/providers
// - IAM User Guide, "Cross-account policy evaluation logic": "The principal's identity-based
//   policy must allow the requested access to the resource in the trusting service."
//   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html

import { describe, expect, it } from 'vitest';
import {
  loadTerraformConfig,
  loadTerraformPlan,
  readTerraformConfig,
} from '../src/adapters/terraform/index.js';
import { planProviderAccounts } from '../src/adapters/terraform/plan/provider-accounts.js';
import { compileModel } from '../src/engine/index.js';
import { ModelBuilder } from '../src/model/builder.js';
import { isStandInAccount } from '../src/model/stand-ins.js';
import type { Model } from '../src/model/types.js';
import { verdict } from './helpers/engine-fixtures.js';
import { writeTempFile } from './helpers/temp-inputs.js';

const DIR = 'test/fixtures/terraform/provider-accounts';
const A = '111111111111'; // the deploying account (the root's default configuration)
const B = '222222222222'; // the module's own default configuration assumes a role here
const C = '333333333333'; // the module's own aws.b
const DEV = `arn:aws:iam::${A}:user/dev`;
const CROSS =
  'IAM User Guide, Cross-account policy evaluation logic: "The principal\'s identity-based policy must allow the requested access to the resource in the trusting service"';

function config(dir: string): Model {
  const b = new ModelBuilder();
  loadTerraformConfig(`${DIR}/${dir}`, b, {});
  return b.build();
}
const roleArn = (m: Model, name: string) => m.roles.find((r) => r.name === name)?.arn;
const of = (m: Model, code: string) => m.findings.filter((f) => f.code === code);

describe('a module with its own provider blocks, the root deploying only into its own account', () => {
  const m = config('hcl-own-provider-single');
  it("the module's resources are in its configuration's account (the block's role_arn read in the module: var.account)", () => {
    expect(roleArn(m, 'legacy')).toBe(`arn:aws:iam::${B}:role/legacy`);
    expect(m.resources.find((r) => r.arn === 'arn:aws:s3:::legacy-data')?.account).toBe(B);
    // aliased: provider = aws.b of the module
    expect(roleArn(m, 'legacy-b')).toBe(`arn:aws:iam::${C}:role/legacy-b`);
    // a nested module without `providers` inherits the module's own default configuration
    expect(roleArn(m, 'legacy-inner')).toBe(`arn:aws:iam::${B}:role/legacy-inner`);
    expect(m.accounts.map((a) => a.id).sort()).toEqual([A, B, C]);
  });
  it("a role there trusting a user of the root account is a cross-account trust: it needs the user's own policy (none): deny; it was allowed as same-account", () => {
    const engine = compileModel(m);
    // the roles as modelled (the old code modelled them in A, where the trust alone allowed)
    for (const name of ['legacy', 'legacy-b', 'legacy-inner'])
      expect(verdict(engine, DEV, 'sts:AssumeRole', roleArn(m, name)!), `${name}: ${CROSS}`).toBe('deny');
  });
  it('the region of the aliased block (eu-west-1) is in the ARNs of its resources', () => {
    expect(m.resources.some((r) => r.arn === `arn:aws:sqs:eu-west-1:${C}:legacy-b`)).toBe(true);
  });
  it("the block's default_tags are the tags of its resources", () => {
    const bucket = m.resources.find((r) => r.arn === 'arn:aws:s3:::legacy-data') as unknown as {
      tags?: Record<string, unknown>;
    };
    expect(bucket.tags).toEqual({ team: 'legacy' });
  });
  it('one informational finding per configuration, keyed as a plan keys it (module.legacy:aws)', () => {
    const known = of(m, 'tf/provider-account-known').map((f) => f.message);
    expect(known.some((t) => t.startsWith('provider configuration module.legacy:aws assumes role'))).toBe(
      true,
    );
    expect(known.some((t) => t.startsWith('provider configuration module.legacy:aws.b assumes role'))).toBe(
      true,
    );
    expect(of(m, 'tf/provider-other-account')).toEqual([]);
  });
});

describe('own blocks next to root configurations, in HCL and JSON modules; unknown role_arn; proxy blocks', () => {
  const m = config('hcl-own-provider');
  it('HCL and .tf.json modules alike', () => {
    expect(roleArn(m, 'legacy')).toBe(`arn:aws:iam::${B}:role/legacy`);
    expect(roleArn(m, 'legacy-json')).toBe(`arn:aws:iam::${B}:role/legacy-json`);
    const engine = compileModel(m);
    expect(verdict(engine, DEV, 'sts:AssumeRole', `arn:aws:iam::${B}:role/legacy-json`), CROSS).toBe('deny');
  });
  it("an unknown role_arn in a module's own block: the stand-in account of that configuration, with it as the reason", () => {
    const arn = roleArn(m, 'unknown')!;
    const account = arn.split(':')[4]!;
    expect(isStandInAccount(account)).toBe(true);
    const w = of(m, 'tf/provider-other-account');
    expect(w).toHaveLength(1);
    expect(w[0]!.message).toContain('provider configuration module.unknown:aws assumes a role whose account');
    expect(w[0]!.message).toContain('input variable "role" of module module.unknown has no value');
    expect(verdict(compileModel(m), DEV, 'sts:AssumeRole', arn)).toBe('indeterminate');
  });
  it('a proxy block (alias only) follows the configuration the call passes (aws.dst = aws.prod)', () => {
    expect(roleArn(m, 'proxy-dst')).toBe(`arn:aws:iam::${B}:role/proxy-dst`);
    expect(roleArn(m, 'proxy-src')).toBe(`arn:aws:iam::${A}:role/proxy-src`);
  });
});

// Plans: "Keys in the provider_configs map are to be considered opaque by callers, and used just
// for lookups using the "provider_config_key" property in each resource object"; "module_address"
// "is included only for provider configurations that are declared in a descendent module, and
// gives the opaque address for the module that contains the provider configuration" (Terraform,
// "JSON Output Format", https://developer.hashicorp.com/terraform/internals/json-format).
describe('plans: configurations a module declares (`module.m:aws`)', () => {
  const TRUST = JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { AWS: DEV } }],
  });
  const change = (address: string, type: string, after: object) => ({
    address,
    ...(address.startsWith('module.') ? { module_address: address.split('.').slice(0, 2).join('.') } : {}),
    mode: 'managed',
    type,
    name: address.split('.').slice(-1)[0],
    provider_name: 'registry.terraform.io/hashicorp/aws',
    change: { actions: ['create'], before: null, after, after_unknown: { arn: true, id: true } },
  });
  const configResource = (address: string, type: string, key: string) => ({
    address,
    mode: 'managed',
    type,
    name: address.split('.')[1],
    provider_config_key: key,
    expressions: {},
    schema_version: 0,
  });
  /** A plan of a root user `dev` and the roles (module, name, key) of modules. */
  function planFile(
    providerConfig: Record<string, unknown>,
    roles: { module: string; name: string; key: string }[],
    variables: Record<string, unknown> = {},
  ): string {
    const plan = {
      format_version: '1.2',
      terraform_version: '1.9.5',
      variables: Object.fromEntries(Object.entries(variables).map(([k, value]) => [k, { value }])),
      planned_values: { root_module: {} },
      resource_changes: [
        change('aws_iam_user.dev', 'aws_iam_user', { name: 'dev', path: '/' }),
        ...roles.map((r) =>
          change(`module.${r.module}.aws_iam_role.${r.name}`, 'aws_iam_role', {
            name: r.name,
            path: '/',
            assume_role_policy: TRUST,
          }),
        ),
      ],
      configuration: {
        provider_config: providerConfig,
        root_module: {
          resources: [configResource('aws_iam_user.dev', 'aws_iam_user', 'aws')],
          module_calls: Object.fromEntries(
            [...new Set(roles.map((r) => r.module))].map((mod) => [
              mod,
              {
                source: `./${mod}`,
                module: {
                  resources: roles
                    .filter((r) => r.module === mod)
                    .map((r) => configResource(`aws_iam_role.${r.name}`, 'aws_iam_role', r.key)),
                },
              },
            ]),
          ),
        },
      },
    };
    return writeTempFile('plan.json', plan, 'iamspec-module-provider-');
  }
  const ROOT = {
    aws: {
      name: 'aws',
      expressions: {
        region: { constant_value: 'us-east-1' },
        allowed_account_ids: { constant_value: [A] },
      },
    },
  };
  const LEGACY = {
    'module.legacy:aws': {
      name: 'aws',
      module_address: 'module.legacy',
      expressions: {
        region: { references: ['var.region'] },
        assume_role: [{ role_arn: { constant_value: `arn:aws:iam::${B}:role/deploy` } }],
      },
    },
  };
  const load = (file: string): Model => {
    const b = new ModelBuilder();
    loadTerraformPlan(file, b, {});
    return b.build();
  };

  it("a resource key written with the call name alone (older Terraform: `legacy:aws`) is its module's configuration (`module.legacy:aws`): B, cross-account (it was not followed: unknown)", () => {
    const m = load(
      planFile({ ...ROOT, ...LEGACY }, [{ module: 'legacy', name: 'legacy', key: 'legacy:aws' }]),
    );
    const arn = roleArn(m, 'legacy')!;
    expect(arn).toBe(`arn:aws:iam::${B}:role/legacy`);
    expect(verdict(compileModel(m), DEV, 'sts:AssumeRole', arn), CROSS).toBe('deny');
    expect(of(m, 'tf/provider-other-account')).toEqual([]);
  });

  // Terraform, "Providers Within Modules": "Providers can be passed down to descendant modules in
  // two ways: either implicitly through inheritance, or explicitly via the `providers` argument
  // within a `module` block"; "the values are the names of corresponding configurations in the
  // current module". https://developer.hashicorp.com/terraform/language/modules/develop/providers
  const PROXY = { 'module.proxy:aws.dst': { name: 'aws', alias: 'dst', module_address: 'module.proxy' } };
  const PROD = {
    'aws.prod': {
      name: 'aws',
      alias: 'prod',
      expressions: { assume_role: [{ role_arn: { constant_value: `arn:aws:iam::${B}:role/deploy` } }] },
    },
  };

  it('a proxy (alias only) whose callers can pass only configurations of one account deploys there: the root default (a sibling module own configuration is not passed to it)', () => {
    const m = load(
      planFile({ ...ROOT, ...LEGACY, ...PROXY }, [
        { module: 'legacy', name: 'legacy', key: 'module.legacy:aws' },
        { module: 'proxy', name: 'proxy-dst', key: 'module.proxy:aws.dst' },
      ]),
    );
    // old code: not followed (module.legacy:aws deploys elsewhere), a stand-in account: indeterminate
    const arn = roleArn(m, 'proxy-dst')!;
    expect(arn).toBe(`arn:aws:iam::${A}:role/proxy-dst`);
    expect(verdict(compileModel(m), DEV, 'sts:AssumeRole', arn)).toBe('allow');
  });

  it('a proxy whose callers may pass a root configuration of another account too: which one is not known from the plan', () => {
    const m = load(
      planFile({ ...ROOT, ...PROD, ...PROXY }, [
        { module: 'proxy', name: 'proxy-dst', key: 'module.proxy:aws.dst' },
      ]),
    );
    const arn = roleArn(m, 'proxy-dst')!;
    expect(isStandInAccount(arn.split(':')[4]!)).toBe(true);
    expect(verdict(compileModel(m), DEV, 'sts:AssumeRole', arn)).toBe('indeterminate');
  });

  it("a nested module's proxy: the configurations of every module above it may be passed to it", () => {
    const assumeB = { assume_role: [{ role_arn: { constant_value: `arn:aws:iam::${B}:role/deploy` } }] };
    const accounts = planProviderAccounts(
      {
        aws: { name: 'aws', expressions: assumeB },
        'module.a:aws.x': { name: 'aws', alias: 'x', module_address: 'module.a', expressions: assumeB },
        'module.a.module.b:aws.y': { name: 'aws', alias: 'y', module_address: 'module.a.module.b' },
        // a sibling's configuration is not passed to it
        'module.c:aws': { name: 'aws', module_address: 'module.c', expressions: {} },
      },
      A,
      () => undefined,
    );
    expect(accounts.get('module.a.module.b:aws.y')).toMatchObject({ account: B });
    const mixed = planProviderAccounts(
      {
        aws: { name: 'aws', expressions: assumeB },
        'module.a:aws.x': { name: 'aws', alias: 'x', module_address: 'module.a', expressions: {} },
        'module.a:aws': {
          name: 'aws',
          module_address: 'module.a',
          expressions: { profile: { constant_value: 'other' } },
        },
        'module.a.module.b:aws.y': { name: 'aws', alias: 'y', module_address: 'module.a.module.b' },
      },
      A,
      () => undefined,
    );
    // module.a:aws uses another profile (an unknown account): not followed
    expect(mixed.has('module.a.module.b:aws.y')).toBe(false);
  });

  it('a proxy-shaped module configuration (no arguments) may stand for a passed one the plan does not name: not followed, indeterminate (it was the deploying account: allowed as same-account)', () => {
    const m = load(
      planFile(
        {
          ...ROOT,
          ...LEGACY,
          ...PROD,
          ...PROXY,
        },
        [
          { module: 'legacy', name: 'legacy', key: 'module.legacy:aws' },
          { module: 'proxy', name: 'proxy-dst', key: 'module.proxy:aws.dst' },
        ],
      ),
    );
    const arn = roleArn(m, 'proxy-dst')!;
    expect(isStandInAccount(arn.split(':')[4]!)).toBe(true);
    expect(verdict(compileModel(m), DEV, 'sts:AssumeRole', arn)).toBe('indeterminate');
    expect(
      of(m, 'tf/provider-other-account')
        .map((f) => f.message)
        .join('\n'),
    ).toContain('the provider configuration module.proxy:aws.dst is not followed');
  });

  it("a module configuration's `var.region` is the module's variable, not the root variable of the same name", async () => {
    const { providerRegions } = await import('../src/adapters/terraform/plan/provider-region.js');
    const regions = providerRegions({ ...ROOT, ...LEGACY }, new Map([['region', 'eu-west-1']]));
    expect(regions.get('aws')).toBe('us-east-1');
    expect(regions.get('module.legacy:aws')).toHaveProperty('reason');
  });
});

describe('a plan read with its configuration evaluates a module block whose role_arn is a module variable', () => {
  it('the plan gives only `var.account` (unknown); the configuration evaluates it in the module: B', () => {
    const plan = {
      format_version: '1.2',
      terraform_version: '1.9.5',
      variables: {},
      planned_values: { root_module: {} },
      resource_changes: [
        {
          address: 'aws_iam_user.dev',
          mode: 'managed',
          type: 'aws_iam_user',
          name: 'dev',
          provider_name: 'registry.terraform.io/hashicorp/aws',
          change: { actions: ['create'], before: null, after: { name: 'dev', path: '/' }, after_unknown: {} },
        },
        {
          address: 'module.legacy.aws_iam_role.this',
          module_address: 'module.legacy',
          mode: 'managed',
          type: 'aws_iam_role',
          name: 'this',
          provider_name: 'registry.terraform.io/hashicorp/aws',
          change: {
            actions: ['create'],
            before: null,
            after: { name: 'legacy', path: '/' },
            after_unknown: { arn: true, assume_role_policy: true },
          },
        },
      ],
      configuration: {
        provider_config: {
          aws: {
            name: 'aws',
            expressions: {
              region: { constant_value: 'us-east-1' },
              allowed_account_ids: { constant_value: [A] },
            },
          },
          'module.legacy:aws': {
            name: 'aws',
            module_address: 'module.legacy',
            expressions: { assume_role: [{ role_arn: { references: ['var.account'] } }] },
          },
        },
        root_module: {
          resources: [
            {
              address: 'aws_iam_user.dev',
              mode: 'managed',
              type: 'aws_iam_user',
              name: 'dev',
              provider_config_key: 'aws',
              expressions: {},
              schema_version: 0,
            },
          ],
          module_calls: {
            legacy: {
              source: '../hcl-own-provider/legacy',
              module: {
                resources: [
                  {
                    address: 'aws_iam_role.this',
                    mode: 'managed',
                    type: 'aws_iam_role',
                    name: 'this',
                    provider_config_key: 'module.legacy:aws',
                    expressions: {},
                    schema_version: 0,
                  },
                ],
              },
            },
          },
        },
      },
    };
    const file = writeTempFile('plan.json', plan, 'iamspec-module-provider-');
    const load = (withConfig: boolean) => {
      const b = new ModelBuilder();
      loadTerraformPlan(
        file,
        b,
        {},
        withConfig ? readTerraformConfig(`${DIR}/hcl-own-provider-single`) : undefined,
      );
      return b.build();
    };
    const alone = load(false);
    expect(isStandInAccount(roleArn(alone, 'legacy')!.split(':')[4]!)).toBe(true);
    const both = load(true);
    const arn = roleArn(both, 'legacy')!;
    expect(arn).toBe(`arn:aws:iam::${B}:role/legacy`);
    expect(of(both, 'tf/provider-other-account')).toEqual([]);
    expect(verdict(compileModel(both), DEV, 'sts:AssumeRole', arn), CROSS).toBe('deny');
  });
});
