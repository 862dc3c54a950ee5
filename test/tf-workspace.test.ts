// terraform.workspace is the workspace Terraform runs in, decided as Terraform decides it
// (src/adapters/terraform/config/workspace.ts), never pinned to "default":
// - "Every initialized working directory starts with one workspace named default." and "Use the
//   terraform workspace select command to change the currently selected workspace."
//   (Terraform CLI, "Manage Workspaces Overview", https://developer.hashicorp.com/terraform/cli/workspaces)
// - A working directory holds "A hidden .terraform directory, which Terraform uses to manage
//   cached provider plugins and modules, record which workspace is currently active, ..."
//   (Terraform CLI, "Initialize the Working Directory", https://developer.hashicorp.com/terraform/cli/init):
//   the `environment` file of the data directory (`.terraform`, or TF_DATA_DIR).
// - `terraform workspace show` "reflects the actual workspace being used, including when
//   overridden by the TF_WORKSPACE environment variable" (Terraform CLI, "terraform workspace
//   show", https://www.mintlify.com/hashicorp/terraform/cli/workspace-show); Terraform's own
//   reading (command/meta.go `WorkspaceOverridden`): a non-empty TF_WORKSPACE, else the trimmed
//   content of DATA_DIR/environment, else "default".
// Without TF_WORKSPACE and without a data directory (no `terraform init` ran: CI may select any
// workspace before planning) the workspace is unknown, and every verdict that depends on it is
// indeterminate with the reason.

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  loadTerraformConfig,
  loadTerraformPlan,
  readTerraformConfig,
  type TfLoadOptions,
} from '../src/adapters/terraform/index.js';
import { compileModel } from '../src/engine/index.js';
import { ModelBuilder } from '../src/model/builder.js';
import type { Model } from '../src/model/types.js';
import { checkSpecFile } from '../src/spec/run.js';
import { addLoadFindings } from '../src/validation/load-findings.js';
import { runCli } from './fixtures/cli/run.js';
import { tempDir, writeFileIn, writeFilesIn } from './helpers/temp-inputs.js';

const MAIN_TF = `
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111122223333"]
}

locals {
  trust = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ec2.amazonaws.com" } }]
  })
}

resource "aws_iam_role" "app" {
  name               = "app"
  assume_role_policy = local.trust
}

resource "aws_iam_role_policy" "app" {
  role = aws_iam_role.app.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "arn:aws:s3:::\${terraform.workspace}-data/*" }]
  })
}

resource "aws_iam_role" "vendor" {
  count              = terraform.workspace == "prod" ? 1 : 0
  name               = "vendor-debug"
  assume_role_policy = local.trust
}

resource "aws_iam_role_policy" "vendor" {
  count = terraform.workspace == "prod" ? 1 : 0
  role  = aws_iam_role.vendor[0].id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "arn:aws:s3:::prod-data/*" }]
  })
}
`;

const SPEC = `version: 1
account: "111122223333"
expect:
  - id: only-app-reads-prod-data
    resource: "arn:aws:s3:::prod-data/*"
    action: s3:GetObject
    onlyPrincipals: [role/app]
`;

/** A configuration directory, with the files of its data directory (paths relative to the root). */
function configDir(dataFiles: Record<string, string> = {}, dataDirs: string[] = []): string {
  const dir = tempDir('iamspec-tf-workspace-');
  writeFileIn(dir, 'main.tf', MAIN_TF);
  writeFileIn(dir, 'access.yaml', SPEC);
  for (const d of dataDirs) mkdirSync(join(dir, d), { recursive: true });
  writeFilesIn(dir, dataFiles);
  return dir;
}

function load(dir: string, options: TfLoadOptions = {}): Model {
  const b = new ModelBuilder();
  loadTerraformConfig(dir, b, { env: {}, ...options });
  return b.build();
}

function verdict(dir: string, options: TfLoadOptions = {}): string {
  const m = load(dir, options);
  const r = checkSpecFile(m, join(dir, 'access.yaml'), { engine: compileModel(m) });
  return r.expectations[0]!.status;
}

function appResources(m: Model): unknown[] {
  const role = m.roles.find((r) => r.name === 'app')!;
  return role.inlinePolicies.flatMap((p) => p.document.statements.flatMap((s) => s.resource?.values ?? []));
}

describe('terraform.workspace: the workspace Terraform runs in', () => {
  it('TF_WORKSPACE names it: the policy and the count are those of that workspace', () => {
    const dir = configDir();
    const m = load(dir, { env: { TF_WORKSPACE: 'prod' } });
    expect(appResources(m)).toEqual(['arn:aws:s3:::prod-data/*']);
    expect(m.roles.find((r) => r.name === 'vendor-debug')?.presence).toBeUndefined();
    // the vendor role reads prod data in the prod workspace: a pass on the "default" of the old code
    expect(verdict(dir, { env: { TF_WORKSPACE: 'prod' } })).toBe('fail');
  });

  it('TF_WORKSPACE overrides the workspace the data directory records', () => {
    const dir = configDir({ '.terraform/environment': 'staging' });
    expect(appResources(load(dir, { env: { TF_WORKSPACE: 'prod' } }))).toEqual(['arn:aws:s3:::prod-data/*']);
  });

  it('the workspace `terraform workspace select` recorded in .terraform/environment', () => {
    const dir = configDir({ '.terraform/environment': 'prod\n' });
    expect(appResources(load(dir))).toEqual(['arn:aws:s3:::prod-data/*']);
    expect(verdict(dir)).toBe('fail');
  });

  it('TF_DATA_DIR is honoured: the environment file of that data directory', () => {
    const dir = configDir({ 'tfdata/environment': 'prod', '.terraform/environment': 'staging' });
    expect(appResources(load(dir, { env: { TF_DATA_DIR: 'tfdata' } }))).toEqual(['arn:aws:s3:::prod-data/*']);
  });

  it('an initialised directory without a selected workspace is in "default"', () => {
    const dir = configDir({}, ['.terraform']);
    const m = load(dir);
    expect(appResources(m)).toEqual(['arn:aws:s3:::default-data/*']);
    expect(m.roles.some((r) => r.name === 'vendor-debug')).toBe(false);
    expect(verdict(dir)).toBe('pass');
    // an empty environment file is the default workspace too
    expect(appResources(load(configDir({ '.terraform/environment': '' })))).toEqual([
      'arn:aws:s3:::default-data/*',
    ]);
  });

  it('without TF_WORKSPACE nor a data directory the workspace is unknown: the verdict is indeterminate with the reason', () => {
    const dir = configDir();
    const m = load(dir);
    const vendor = m.roles.find((r) => r.name === 'vendor-debug');
    expect(vendor?.presence?.reason).toContain('the workspace (terraform.workspace) is unknown');
    // the literal parts of the template are kept
    const [resource] = appResources(m);
    expect(JSON.stringify(resource)).toContain('-data/*');
    expect(verdict(dir)).toBe('indeterminate');
    // the user sees where the configuration reads it and how to pin it (the stderr summary, JSON, SARIF)
    const warning = addLoadFindings(m).findings.find(
      (f) => f.code === 'model/unknown-value' && f.message.includes('terraform.workspace'),
    );
    expect(warning?.message).toContain(
      'set TF_WORKSPACE=NAME, or run `terraform init` and `terraform workspace select NAME`',
    );
    expect(warning?.source?.file).toBe(join(dir, 'main.tf'));
    expect(warning?.source?.line).toBe(MAIN_TF.split('\n').findIndex((l) => l.includes('-data/*')) + 1);
    const counted = m.findings.find(
      (f) => f.code === 'tf/unknown-instances' && f.source?.address === 'aws_iam_role.vendor',
    );
    expect(counted?.message).toContain('the workspace (terraform.workspace) is unknown');
  });
});

describe('terraform.workspace in a plan read with its configuration', () => {
  // The plan JSON does not record its workspace: what the plan leaves unknown and the
  // configuration computes is computed by the same rule.
  function planWithConfig(dir: string, env: Record<string, string>): Model {
    const trust = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
    });
    const change = (type: string, name: string, after: object, unknown: object) => ({
      address: `${type}.${name}`,
      mode: 'managed',
      type,
      name,
      provider_name: 'registry.terraform.io/hashicorp/aws',
      change: { actions: ['create'], before: null, after, after_unknown: unknown },
    });
    const plan = {
      format_version: '1.2',
      terraform_version: '1.9.0',
      variables: {},
      resource_changes: [
        change(
          'aws_iam_role',
          'app',
          { name: 'app', path: '/', assume_role_policy: trust },
          { arn: true, id: true },
        ),
        // the policy known only after apply (as a plan shows a value computed from another unknown)
        change('aws_iam_role_policy', 'app', { role: 'app' }, { id: true, policy: true }),
      ],
    };
    const file = writeFileIn(dir, 'plan.json', JSON.stringify(plan));
    const b = new ModelBuilder();
    loadTerraformPlan(file, b, { account: '111122223333', env }, readTerraformConfig(dir, { env }));
    return b.build();
  }

  it('TF_WORKSPACE names the workspace; without it nor a data directory it is unknown', () => {
    expect(appResources(planWithConfig(configDir(), { TF_WORKSPACE: 'prod' }))).toEqual([
      'arn:aws:s3:::prod-data/*',
    ]);
    expect(appResources(planWithConfig(configDir({ '.terraform/environment': 'prod' }), {}))).toEqual([
      'arn:aws:s3:::prod-data/*',
    ]);
    const [unknown] = appResources(planWithConfig(configDir(), {}));
    expect(JSON.stringify(unknown)).toContain('the workspace (terraform.workspace) is unknown');
  });
});

describe('the CLI reads TF_WORKSPACE from its environment, as terraform does', () => {
  it('iamspec check with TF_WORKSPACE=prod fails where the prod workspace grants the vendor role', async () => {
    const dir = configDir();
    const before = process.env.TF_WORKSPACE;
    process.env.TF_WORKSPACE = 'prod';
    try {
      const r = await runCli(['check', dir, '--spec', join(dir, 'access.yaml')]);
      expect(r.stdout.trimEnd().split('\n').pop()).toBe('0 passed, 1 failed, 0 indeterminate');
      delete process.env.TF_WORKSPACE;
      const unpinned = await runCli(['check', dir, '--spec', join(dir, 'access.yaml')]);
      expect(unpinned.stdout.trimEnd().split('\n').pop()).toBe('0 passed, 0 failed, 1 indeterminate');
      expect(unpinned.stderr).toContain('set TF_WORKSPACE=NAME');
    } finally {
      if (before === undefined) delete process.env.TF_WORKSPACE;
      else process.env.TF_WORKSPACE = before;
    }
  });
});

// Terraform rejects a TF_WORKSPACE it could not use as a state name (command/meta.go: "Invalid
// workspace name set using TF_WORKSPACE"; command/workspace_command.go `validWorkspaceName`:
// "Since most named states are accessed via a filesystem path or URL, check if escaping the name
// would be required", `name == url.PathEscape(name)`). Before, iamspec took any name, verifying a
// configuration in a workspace Terraform never runs.
describe('an invalid TF_WORKSPACE is an input error, as it is for Terraform', () => {
  it.each(['my workspace', 'team/prod', 'prod?', 'prod,dev', 'prod;x', 'prodé', 'a%20b'])(
    'TF_WORKSPACE=%j is rejected with the reason',
    (name) => {
      expect(() => load(configDir(), { env: { TF_WORKSPACE: name } })).toThrow(
        /Invalid workspace name set using TF_WORKSPACE/,
      );
    },
  );

  it.each(['prod', 'prod-1', 'a_b.c~d', 'x$&+:=@y'])('TF_WORKSPACE=%j is accepted', (name) => {
    expect(appResources(load(configDir(), { env: { TF_WORKSPACE: name } }))).toEqual([
      `arn:aws:s3:::${name}-data/*`,
    ]);
  });

  it('the CLI exits 2 with the error', async () => {
    const dir = configDir();
    const before = process.env.TF_WORKSPACE;
    process.env.TF_WORKSPACE = 'team/prod';
    try {
      const r = await runCli(['check', dir, '--spec', join(dir, 'access.yaml')]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('Invalid workspace name set using TF_WORKSPACE: "team/prod"');
    } finally {
      if (before === undefined) delete process.env.TF_WORKSPACE;
      else process.env.TF_WORKSPACE = before;
    }
  });
});
