// Accounts whose ids the inputs do not give, past the last stand-in id and around the accounts a
// plan creates (src/model/stand-ins.ts `STAND_IN_ACCOUNTS`, `standInsMayBeOne`,
// `deployingAccountAlternatives`, `mayBeNamedAccount`; src/model/builder.ts `noteNewAccount`).
// - Past the last stand-in id (000000000009) further unknown accounts share it. A stand-in is a
//   new account (`Account.newAccount`) only when every account it stands for is one: shared by a
//   member account the inputs create and a provider configuration's account (which may be the
//   deploying account or a created one), it is not, so the worlds where it is one of those are
//   looked at. The old code took the shared id for a new account: a role of the provider
//   configuration reading a bucket of the deploying account (or of another created account) with
//   an identity policy only was a plain deny, though the two may be one account.
// - An account the plan creates gets a new id (`Account.createdByPlan`): it is none of the
//   accounts the inputs name, so the worlds "were it that account" are not looked at (they made
//   principals of existing accounts indeterminate where the new account's SCPs deny). A member
//   account a configuration declares without a plan may be an invited one it imports: its worlds
//   stay.
// - A provider configuration key the plan does not follow (an older plan's `module.x:aws`) gets a
//   stand-in account of its own: sharing the unstated deploying account's, it could never be a
//   member account the plan creates, and a request between the two was decided cross-account.
// Pages:
// - AWS Organizations API Reference, CreateAccount: "Creates an AWS account that is automatically a
//   member of the organization whose credentials made the request."
//   https://docs.aws.amazon.com/organizations/latest/APIReference/API_CreateAccount.html
// - AWS Organizations User Guide, "Creating OrganizationAccountAccessRole for an invited account":
//   "member accounts that you invite to join your organization do not automatically get an
//   administrator role created" (an invited account exists before it joins).
// - IAM User Guide, "Cross-account policy evaluation logic": "The principal's identity-based
//   policy must allow the requested access to the resource in the trusting service"; within one
//   account an identity-based allow suffices ("Policy evaluation logic").

import { describe, expect, it } from 'vitest';
import { loadTerraformConfig, loadTerraformPlan } from '../src/adapters/terraform/index.js';
import { buildMatrix } from '../src/analysis/matrix/build.js';
import { whoCan } from '../src/analysis/who-can.js';
import type { Engine } from '../src/engine/engine.js';
import { compileModel } from '../src/engine/index.js';
import { STAND_IN_PARTS_REASON } from '../src/engine/stand-in-parts.js';
import { ModelBuilder } from '../src/model/builder.js';
import {
  deployingAccountAlternatives,
  PLACEHOLDER_ACCOUNT,
  standInAccountId,
} from '../src/model/stand-ins.js';
import type { Model } from '../src/model/types.js';
import { tempJson } from './fixtures/cli/run.js';
import { decide, verdict } from './helpers/engine-fixtures.js';
import { decidedOneByOne, matrixAnswers, nonDenyAnswers } from './helpers/matrix-oracle.js';
import { tempDir, writeFileIn } from './helpers/temp-inputs.js';

const CREATE_ACCOUNT =
  'AWS Organizations API Reference, CreateAccount: "Creates an AWS account that is automatically a member of the organization whose credentials made the request."';
const CROSS =
  'IAM User Guide, Cross-account policy evaluation logic: "The principal\'s identity-based policy must allow the requested access to the resource in the trusting service"';
const S0 = PLACEHOLDER_ACCOUNT;
const S1 = standInAccountId(1);
const S2 = standInAccountId(2);
const LAST = standInAccountId(9);
const CREATED = 9; // member accounts created, one per stand-in id past the deploying account's

const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: 'lambda.amazonaws.com' } }],
});
const READ_ANY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }],
});

// ---------------------------------------------------------------------------------------
// Plans written here: resource changes and the configuration's provider keys

interface PlanResource {
  address: string;
  type: string;
  provider: string;
  after: Record<string, unknown>;
  unknown: string[];
}

const role = (address: string, name: string, provider: string): PlanResource => ({
  address,
  type: 'aws_iam_role',
  provider,
  after: {
    name,
    path: '/',
    assume_role_policy: TRUST,
    inline_policy: [{ name: 'read', policy: READ_ANY }],
    managed_policy_arns: [],
    tags: null,
    permissions_boundary: null,
  },
  unknown: ['arn', 'id', 'unique_id'],
});
const bucket = (address: string, name: string, provider: string): PlanResource => ({
  address,
  type: 'aws_s3_bucket',
  provider,
  after: { bucket: name, tags: null },
  unknown: ['arn', 'id'],
});
const memberAccount = (name: string): PlanResource => ({
  address: `aws_organizations_account.${name}`,
  type: 'aws_organizations_account',
  provider: 'aws',
  after: { name, email: `${name}@example.com`, role_name: null, close_on_deletion: false },
  unknown: ['id', 'arn', 'status', 'parent_id'],
});
/** A provider configuration assuming a role whose ARN refers to `refs`. */
const assuming = (alias: string, refs: string[]) => ({
  name: 'aws',
  full_name: 'registry.terraform.io/hashicorp/aws',
  alias,
  expressions: { region: { constant_value: 'us-east-1' }, assume_role: [{ role_arn: { references: refs } }] },
});

/** A plan (no account stated) of `resources`, with the provider configurations `providers` (besides `aws`). */
function planJson(providers: Record<string, unknown>, resources: PlanResource[]): unknown {
  const inRoot = resources.filter((r) => !r.address.startsWith('module.'));
  const inModules = resources.filter((r) => r.address.startsWith('module.'));
  const moduleCalls: Record<string, unknown> = {};
  for (const r of inModules) {
    const [, name, rest] = /^module\.([^.]+)\.(.*)$/.exec(r.address)!;
    moduleCalls[name!] = {
      source: `./${name}`,
      module: {
        resources: [
          {
            address: rest,
            mode: 'managed',
            type: r.type,
            name: rest!.split('.')[1],
            provider_config_key: r.provider,
          },
        ],
      },
    };
  }
  return {
    format_version: '1.2',
    terraform_version: '1.9.5',
    planned_values: { root_module: { resources: [] } },
    resource_changes: resources.map((r) => ({
      address: r.address,
      ...(r.address.startsWith('module.')
        ? { module_address: r.address.split('.').slice(0, 2).join('.') }
        : {}),
      mode: 'managed',
      type: r.type,
      name: r.address.split('.').at(-1),
      provider_name: 'registry.terraform.io/hashicorp/aws',
      change: {
        actions: ['create'],
        before: null,
        after: r.after,
        after_unknown: Object.fromEntries(r.unknown.map((k) => [k, true])),
        before_sensitive: false,
        after_sensitive: {},
      },
    })),
    configuration: {
      provider_config: {
        aws: {
          name: 'aws',
          full_name: 'registry.terraform.io/hashicorp/aws',
          expressions: { region: { constant_value: 'us-east-1' } },
        },
        ...providers,
      },
      root_module: {
        resources: inRoot.map((r) => ({
          address: r.address,
          mode: 'managed',
          type: r.type,
          name: r.address.split('.')[1],
          provider_config_key: r.provider,
          expressions: {},
          schema_version: 0,
        })),
        ...(inModules.length ? { module_calls: moduleCalls } : {}),
      },
    },
  };
}

async function loadPlan(name: string, plan: unknown): Promise<Model> {
  const b = new ModelBuilder();
  loadTerraformPlan(await tempJson(name, plan), b, {});
  return b.build();
}

function account(m: Model, id: string) {
  return m.accounts.find((a) => a.id === id)!;
}

/** The matrix of `principals` × `resources`, checked against deciding every action one by one. */
function matrixAsDecided(engine: Engine, principals: string[], resources: string[]): Record<string, string> {
  const m = buildMatrix(engine, { principals, resources });
  const expected = nonDenyAnswers(decidedOneByOne(engine, m));
  expect(Object.fromEntries([...matrixAnswers(m)].sort())).toEqual(expected);
  return expected;
}

// ---------------------------------------------------------------------------------------

describe('nine member accounts the plan creates and a provider configuration whose account is unknown: eleven unknown accounts, two sharing the last stand-in', () => {
  // each created account gets an id when what its provider configuration deploys is read, in
  // order: the ops configuration's account comes last and shares 000000000009 with member9
  const resources: PlanResource[] = [];
  const providers: Record<string, unknown> = {};
  for (let i = 1; i <= CREATED; i++) {
    resources.push(memberAccount(`member${i}`));
    providers[`aws.m${i}`] = assuming(`m${i}`, [
      `aws_organizations_account.member${i}.id`,
      `aws_organizations_account.member${i}`,
    ]);
    resources.push(bucket(`aws_s3_bucket.data${i}`, `data-${i}`, `aws.m${i}`));
  }
  resources.push(role('aws_iam_role.reader1', 'reader-1', 'aws.m1'));
  providers['aws.ops'] = assuming('ops', ['data.aws_ssm_parameter.ops_role.value']);
  resources.push(role('aws_iam_role.ops', 'reader-ops', 'aws.ops'));
  resources.push(bucket('aws_s3_bucket.home', 'home-data', 'aws'));
  const loaded = loadPlan('plan-overflow.json', planJson(providers, resources));
  const OPS = `arn:aws:iam::${LAST}:role/reader-ops`;
  const READER1 = `arn:aws:iam::${S1}:role/reader-1`;

  it('the last stand-in stands for the ninth member account and the ops account: not a new account, as the ops account is not', async () => {
    const m = await loaded;
    expect(m.roles.find((r) => r.name === 'reader-ops')!.arn).toBe(OPS);
    const last = account(m, LAST);
    expect(last.standInParts!.map((p) => [p.key, p.newAccount])).toEqual([
      ['aws_organizations_account.member9', 'created'],
      ['aws.ops', undefined],
    ]);
    expect(last.newAccount).toBe(false);
    expect(last.createdByPlan).toBe(false);
    expect(account(m, S1).newAccount).toBe(true);
    expect(account(m, S1).createdByPlan).toBe(true);
  });

  it(`the ops role reading a bucket of the deploying account with its identity policy only: indeterminate (the ops account may be the deploying one; the old code: deny, ${CROSS})`, async () => {
    const engine = compileModel(await loaded);
    const d = decide(engine, OPS, 's3:GetObject', 'arn:aws:s3:::home-data/k', { trace: true });
    expect(d.decision).toBe('indeterminate');
    expect(JSON.stringify(d.trace)).toContain(
      `were it ${LAST} (another account whose id the inputs do not give: the two may be one account)`,
    );
  });

  it('the ops role reading a bucket of the ninth member account, which shares its stand-in: indeterminate, both accounts named (the two are told apart as parts)', async () => {
    const engine = compileModel(await loaded);
    const d = decide(engine, OPS, 's3:GetObject', 'arn:aws:s3:::data-9/k', { trace: true });
    expect(d.decision).toBe('indeterminate');
    const text = JSON.stringify(d.trace);
    expect(text).toContain(STAND_IN_PARTS_REASON);
    expect(text).toContain('the principal is in the account of provider configuration aws.ops');
    expect(text).toContain('the resource in the member account aws_organizations_account.member9 creates');
  });

  it('the ops role reading a bucket of a created account: indeterminate (the ops account may be that account; the old code: deny)', async () => {
    const engine = compileModel(await loaded);
    expect(verdict(engine, OPS, 's3:GetObject', 'arn:aws:s3:::data-1/k')).toBe('indeterminate');
  });

  it(`a role of a created account stays decided: a new account is neither the deploying account nor another new one (${CREATE_ACCOUNT})`, async () => {
    const engine = compileModel(await loaded);
    expect(verdict(engine, READER1, 's3:GetObject', 'arn:aws:s3:::home-data/k')).toBe('deny');
    expect(verdict(engine, READER1, 's3:GetObject', 'arn:aws:s3:::data-2/k')).toBe('deny');
    expect(verdict(engine, READER1, 's3:GetObject', 'arn:aws:s3:::data-1/k')).toBe('allow');
  });

  it('the matrix gives every cell as deciding each action one by one, the ops row not pruned to deny', async () => {
    const engine = compileModel(await loaded);
    const answers = matrixAsDecided(
      engine,
      [OPS, READER1],
      ['arn:aws:s3:::home-data', 'arn:aws:s3:::data-1', 'arn:aws:s3:::data-9'],
    );
    expect(answers[`${OPS} arn:aws:s3:::data-9 s3:GetObject`]).toBe('indeterminate');
    expect(answers[`${OPS} arn:aws:s3:::home-data s3:GetObject`]).toBe('indeterminate');
    expect(answers[`${OPS} arn:aws:s3:::data-1 s3:GetObject`]).toBe('indeterminate');
    expect(answers[`${READER1} arn:aws:s3:::home-data s3:GetObject`]).toBeUndefined();
  });

  it("who-can on the deploying account's bucket lists the ops role, indeterminate", async () => {
    const engine = compileModel(await loaded);
    const r = whoCan(engine, 's3:GetObject', 'arn:aws:s3:::home-data/k', { direct: true });
    expect(r.entries.find((e) => e.principal === OPS)?.access).toBe('indeterminate');
    expect(r.entries.find((e) => e.principal === READER1)).toBeUndefined();
  });
});

describe('the same eleven unknown accounts in a configuration (HCL) read without a plan', () => {
  const dir = tempDir('iamspec-stand-in-overflow-');
  const blocks = ['provider "aws" {\n  region = "us-east-1"\n}\n'];
  const roleTf = (name: string, provider: string) => `
resource "aws_iam_role" "${name}" {
  provider           = aws.${provider}
  name               = "${name}"
  assume_role_policy = ${JSON.stringify(TRUST)}
  inline_policy {
    name   = "read"
    policy = ${JSON.stringify(READ_ANY)}
  }
}
`;
  for (let i = 1; i <= CREATED; i++)
    blocks.push(`
resource "aws_organizations_account" "member${i}" {
  name  = "member${i}"
  email = "member${i}@example.com"
}

provider "aws" {
  alias  = "m${i}"
  region = "us-east-1"
  assume_role {
    role_arn = "arn:aws:iam::\${aws_organizations_account.member${i}.id}:role/OrganizationAccountAccessRole"
  }
}

resource "aws_s3_bucket" "data${i}" {
  provider = aws.m${i}
  bucket   = "data-${i}"
}
`);
  blocks.push(`
variable "ops_role" {
  type = string
}

provider "aws" {
  alias  = "ops"
  region = "us-east-1"
  assume_role {
    role_arn = var.ops_role
  }
}
${roleTf('reader-ops', 'ops')}
resource "aws_s3_bucket" "home" {
  bucket = "home-data"
}
`);
  writeFileIn(dir, 'main.tf', blocks.join(''));
  const b = new ModelBuilder();
  loadTerraformConfig(dir, b, {});
  const m = b.build();
  const engine = compileModel(m);
  const OPS = `arn:aws:iam::${LAST}:role/reader-ops`;

  it('the last stand-in is shared by the ninth member account (declared, may be imported) and the ops account: not new', () => {
    expect(m.roles.find((r) => r.name === 'reader-ops')!.arn).toBe(OPS);
    expect(account(m, LAST).standInParts!.map((p) => [p.key, p.newAccount])).toEqual([
      ['aws_organizations_account.member9', 'declared'],
      ['aws.ops', undefined],
    ]);
    expect(account(m, LAST).newAccount).toBe(false);
    expect(account(m, S1).newAccount).toBe(true);
    expect(account(m, S1).createdByPlan).toBe(false);
  });

  it('the ops role reading buckets of the deploying account and of a member account: indeterminate (the old code: deny)', () => {
    expect(verdict(engine, OPS, 's3:GetObject', 'arn:aws:s3:::home-data/k')).toBe('indeterminate');
    expect(verdict(engine, OPS, 's3:GetObject', 'arn:aws:s3:::data-1/k')).toBe('indeterminate');
  });
});

describe("eleven provider configurations in unknown accounts (HCL): a policy that writes the shared stand-in id may name another of its accounts than the principal's", () => {
  const dir = tempDir('iamspec-stand-in-written-');
  const blocks = ['provider "aws" {\n  region = "us-east-1"\n}\n'];
  for (let i = 1; i <= 11; i++)
    blocks.push(`
variable "role_${i}" {
  type = string
}

provider "aws" {
  alias  = "p${i}"
  region = "us-east-1"
  assume_role {
    role_arn = var.role_${i}
  }
}

resource "aws_s3_bucket" "p${i}" {
  provider = aws.p${i}
  bucket   = "data-p${i}"
}
`);
  blocks.push(`
data "aws_caller_identity" "p10" {
  provider = aws.p10
}

resource "aws_iam_role" "reader" {
  provider           = aws.p11
  name               = "reader"
  assume_role_policy = ${JSON.stringify(TRUST)}
  inline_policy {
    name   = "read"
    policy = ${JSON.stringify(READ_ANY)}
  }
}

resource "aws_s3_bucket" "shared" {
  bucket = "shared-data"
}

resource "aws_s3_bucket_policy" "shared" {
  bucket = aws_s3_bucket.shared.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "s3:GetObject"
      Principal = { AWS = "arn:aws:iam::\${data.aws_caller_identity.p10.account_id}:root" }
      Resource  = "\${aws_s3_bucket.shared.arn}/*"
    }]
  })
}

resource "aws_s3_bucket" "open" {
  bucket = "open-data"
}

resource "aws_s3_bucket_policy" "open" {
  bucket = aws_s3_bucket.open.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = "s3:GetObject", Principal = "*", Resource = "\${aws_s3_bucket.open.arn}/*" },
      {
        Effect    = "Deny"
        Action    = "s3:GetObject"
        Principal = "*"
        Resource  = "\${aws_s3_bucket.open.arn}/*"
        Condition = { StringEquals = { "aws:PrincipalAccount" = data.aws_caller_identity.p10.account_id } }
      }
    ]
  })
}
`);
  writeFileIn(dir, 'main.tf', blocks.join(''));
  const b = new ModelBuilder();
  loadTerraformConfig(dir, b, {});
  const m = b.build();
  const engine = compileModel(m);
  const READER = `arn:aws:iam::${LAST}:role/reader`; // aws.p11, sharing the last id with aws.p10

  it('the bucket policies write the last stand-in id, for the account of aws.p10', () => {
    expect(m.roles.find((r) => r.name === 'reader')!.arn).toBe(READER);
    expect(account(m, LAST).standInParts!.map((p) => p.key)).toEqual(['aws.p9', 'aws.p10', 'aws.p11']);
    expect(JSON.stringify(m.resources.find((r) => r.arn === 'arn:aws:s3:::shared-data')!.policy)).toContain(
      `arn:aws:iam::${LAST}:root`,
    );
  });

  it(`a bucket policy allowing the account of aws.p10 does not surely allow a role of aws.p11: indeterminate (the old code: allow; ${CROSS})`, () => {
    const d = decide(engine, READER, 's3:GetObject', 'arn:aws:s3:::shared-data/k', { trace: true });
    expect(d.decision).toBe('indeterminate');
    const text = JSON.stringify(d.trace);
    expect(text).toContain(STAND_IN_PARTS_REASON);
    expect(text).toContain(`a policy of the request writes ${LAST}`);
    expect(text).toContain("than the principal's (the account of provider configuration aws.p11)");
  });

  it('a Deny on aws:PrincipalAccount of the account of aws.p10 does not surely deny a role of aws.p11: indeterminate (the old code: deny)', () => {
    expect(verdict(engine, READER, 's3:GetObject', 'arn:aws:s3:::open-data/k')).toBe('indeterminate');
  });

  it('the matrix gives the cells as deciding each action one by one', () => {
    const answers = matrixAsDecided(engine, [READER], ['arn:aws:s3:::shared-data', 'arn:aws:s3:::open-data']);
    expect(answers[`${READER} arn:aws:s3:::shared-data s3:GetObject`]).toBe('indeterminate');
    expect(answers[`${READER} arn:aws:s3:::open-data s3:GetObject`]).toBe('indeterminate');
  });
});

describe(`an account the plan creates is none of the accounts the inputs name (${CREATE_ACCOUNT})`, () => {
  const load = (name: string) => {
    const b = new ModelBuilder();
    loadTerraformPlan(`test/fixtures/terraform/org-provider-accounts/${name}.json`, b, {});
    return b.build();
  };
  const m = load('plan');
  const engine = compileModel(m);
  const NEW = S0; // the member account the plan creates, under the OU whose SCP denies s3:DeleteObject
  const OBJECT = 'arn:aws:s3:::data/k';

  it('its worlds are the other stand-ins and ids matching patterns only, never an id the inputs name', () => {
    expect(account(m, NEW).createdByPlan).toBe(true);
    const alternatives = deployingAccountAlternatives(m, NEW);
    for (const id of ['111111111111', '222222222222', '333333333333']) expect(alternatives).not.toContain(id);
  });

  it('a role of an existing member account (222222222222) and of the management account may delete: allow, no longer indeterminate', () => {
    expect(verdict(engine, 'arn:aws:iam::222222222222:role/prod_worker', 's3:DeleteObject', OBJECT)).toBe(
      'allow',
    );
    expect(verdict(engine, 'arn:aws:iam::111111111111:role/mgmt_worker', 's3:DeleteObject', OBJECT)).toBe(
      'allow',
    );
  });

  it('the matrix gives the cells as deciding each action one by one', () => {
    const PROD_WORKER = 'arn:aws:iam::222222222222:role/prod_worker';
    const APP = `arn:aws:iam::${NEW}:role/app`;
    const answers = matrixAsDecided(engine, [PROD_WORKER, APP], [OBJECT]);
    expect(answers[`${PROD_WORKER} ${OBJECT} s3:DeleteObject`]).toBe('allow');
    expect(answers[`${APP} ${OBJECT} s3:DeleteObject`]).toBeUndefined();
    expect(answers[`${APP} ${OBJECT} s3:PutObject`]).toBe('allow');
  });

  it("the new account's own role is still denied by its OU's SCP", () => {
    expect(verdict(engine, `arn:aws:iam::${NEW}:role/app`, 's3:DeleteObject', OBJECT)).toBe('deny');
  });

  it('a member account a configuration declares without a plan may be an invited one: its worlds stay', () => {
    const b = new ModelBuilder();
    loadTerraformConfig('test/fixtures/terraform/provider-accounts/hcl-org', b, {});
    const hcl = b.build();
    expect(account(hcl, NEW).newAccount).toBe(true);
    expect(account(hcl, NEW).createdByPlan).toBe(false);
    expect(deployingAccountAlternatives(hcl, NEW)).toContain('111111111111');
  });
});

describe('a provider configuration key the plan does not follow gets a stand-in account of its own', () => {
  // no account stated; the plan creates a member account and deploys a role there; a module's
  // bucket uses a provider key the plan's provider_config does not list (an older plan)
  const plan = planJson(
    {
      'aws.workload': assuming('workload', [
        'aws_organizations_account.workload.id',
        'aws_organizations_account.workload',
      ]),
    },
    [
      memberAccount('workload'),
      role('aws_iam_role.app', 'app', 'aws.workload'),
      bucket('module.member.aws_s3_bucket.legacy', 'legacy-data', 'module.member:aws'),
      bucket('aws_s3_bucket.home', 'home-data', 'aws'),
    ],
  );
  const loaded = loadPlan('plan-unfollowed-created.json', plan);
  const APP = `arn:aws:iam::${S1}:role/app`;

  it("the unfollowed key is modelled in a stand-in of its own, not the deploying account's", async () => {
    const m = await loaded;
    expect(m.resources.find((r) => r.arn === 'arn:aws:s3:::legacy-data')!.account).toBe(S2);
    expect(m.resources.find((r) => r.arn === 'arn:aws:s3:::home-data')!.account).toBe(S0);
    expect(account(m, S2).standInParts!.map((p) => p.key)).toEqual(['module.member:aws']);
  });

  it('the role of the created account reading the bucket of the unfollowed key: indeterminate, the two may be one account (the old code: deny, never looking at it)', async () => {
    const engine = compileModel(await loaded);
    const d = decide(engine, APP, 's3:GetObject', 'arn:aws:s3:::legacy-data/k', { trace: true });
    expect(d.decision).toBe('indeterminate');
    expect(JSON.stringify(d.trace)).toContain(
      `were it ${S2} (another account whose id the inputs do not give: the two may be one account)`,
    );
    // the created account is still not the deploying one
    expect(verdict(engine, APP, 's3:GetObject', 'arn:aws:s3:::home-data/k')).toBe('deny');
  });
});

describe('a module declaring its own provider configuration (HCL) in an account the inputs do not give: a stand-in account of its own', () => {
  const dir = tempDir('iamspec-unfollowed-');
  writeFileIn(
    dir,
    'main.tf',
    `provider "aws" {
  region = "us-east-1"
}

resource "aws_organizations_account" "workload" {
  name  = "workload"
  email = "workload@example.com"
}

provider "aws" {
  alias  = "workload"
  region = "us-east-1"
  assume_role {
    role_arn = "arn:aws:iam::\${aws_organizations_account.workload.id}:role/OrganizationAccountAccessRole"
  }
}

resource "aws_iam_role" "app" {
  provider           = aws.workload
  name               = "app"
  assume_role_policy = ${JSON.stringify(TRUST)}
  inline_policy {
    name   = "read"
    policy = ${JSON.stringify(READ_ANY)}
  }
}

variable "legacy_role" {
  type = string
}

module "legacy" {
  source = "./legacy"
  role   = var.legacy_role
}
`,
  );
  writeFileIn(
    dir,
    'legacy/main.tf',
    // the legacy pattern, followed since htf14: a module's own block (a role of an account the
    // inputs do not give, `var.role` has no value) is an account of its own, not the deploying one
    'variable "role" {\n  type = string\n}\n\nprovider "aws" {\n  region = "us-east-1"\n  assume_role {\n    role_arn = var.role\n  }\n}\n\nresource "aws_s3_bucket" "legacy" {\n  bucket = "legacy-data"\n}\n',
  );
  const b = new ModelBuilder();
  loadTerraformConfig(dir, b, {});
  const m = b.build();
  const APP = `arn:aws:iam::${S1}:role/app`;

  it("the module's bucket is in a stand-in of its own, keyed by the module", () => {
    expect(m.resources.find((r) => r.arn === 'arn:aws:s3:::legacy-data')!.account).toBe(S2);
    expect(account(m, S2).standInParts!.map((p) => p.key)).toEqual(['module.legacy:aws']);
  });

  it('the role of the member account reading it: indeterminate, the two may be one account (the old code: deny)', () => {
    expect(verdict(compileModel(m), APP, 's3:GetObject', 'arn:aws:s3:::legacy-data/k')).toBe('indeterminate');
  });
});
