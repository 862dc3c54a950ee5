// What a new-user trial of the packed tarball found (a Terraform root with an SCP, a template
// without a Region), each fixed at its root: the AWS Organizations default FullAWSAccess policy
// the Terraform adapter adds (it fails no --strict run, changes no verdict, and its source says
// what it is), SCPs named by their names, a plan with its configuration naming main.tf lines for
// the elements, the template file of `cfn/assumed-region`, and `--var` for an undeclared variable.
// Fixture: test/fixtures/trial-terraform (the trial's main.tf and the plan.json written for it).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadModelSync } from '../src/adapters/load.js';
import { compileModel } from '../src/engine/index.js';
import { couldChangeVerdict } from '../src/model/finding-codes.js';
import { formatSource } from '../src/model/source.js';
import { type Model, ORG_DEFAULT_LEVEL } from '../src/model/types.js';
import { positionOf, runCli, tempJson } from './fixtures/cli/run.js';
import { writeTempFile, writeTempFiles } from './helpers/temp-inputs.js';

const FX = 'test/fixtures/trial-terraform';
const PLAN = `${FX}/plan.json`;
const SPEC = `${FX}/access.yaml`;
const PROD = '123456789012';

/** The model without the SCPs/RCPs no input holds (the AWS Organizations defaults). */
function withoutDefaults(m: Model): Model {
  return {
    ...m,
    organizations: m.organizations.map((o) => ({
      ...o,
      scps: o.scps.filter((d) => d.orgLevel !== ORG_DEFAULT_LEVEL),
      rcps: o.rcps.filter((d) => d.orgLevel !== ORG_DEFAULT_LEVEL),
    })),
  };
}

/** Every decision of some requests in account PROD, as `principal action resource: decision reason`. */
function decisions(m: Model): string[] {
  const e = compileModel(m);
  const out: string[] = [];
  for (const principal of [`arn:aws:iam::${PROD}:user/alice`, `arn:aws:iam::${PROD}:role/acme-app`])
    for (const action of [
      's3:GetObject',
      's3:PutObject',
      's3:DeleteObject',
      'sqs:SendMessage',
      'iam:CreateUser',
    ])
      for (const resource of ['arn:aws:s3:::acme-data/x', `arn:aws:sqs:eu-west-1:${PROD}:acme-jobs`, '*']) {
        const d = e.decide({ principal, action, resource });
        out.push(`${principal} ${action} ${resource}: ${d.decision} ${d.reason}`);
      }
  return out;
}

/** The trial's main.tf with its SCP turned into an allow list (Allow s3:* only). */
function allowListConfig(): string {
  const tf = readFileSync(`${FX}/main.tf`, 'utf8')
    .replace('Effect   = "Deny"', 'Effect   = "Allow"')
    .replace('Action   = "s3:DeleteObject"', 'Action   = "s3:*"');
  return writeTempFiles({ 'main.tf': tf }, 'iamspec-allow-list-');
}

describe('the AWS Organizations default FullAWSAccess policy the Terraform adapter assumes', () => {
  // AWS Organizations, "Service control policies (SCPs)": "By default, an AWS managed policy
  // named FullAWSAccess is attached to every root, OU, and account." The engine reads an SCP
  // without Allow as a deny list next to it (engine.ts orgOutcome), so the default in the model
  // allows what the other SCPs allow: it changes no decision.
  // https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html
  it('is in the model and changes no decision (a deny list, and an allow list next to it)', () => {
    for (const [inputs, allowList] of [
      [[PLAN, FX], false],
      [[FX], false],
      [[allowListConfig()], true],
    ] as const) {
      const m = loadModelSync(inputs, { account: PROD });
      const org = m.organizations.find((o) => o.account === PROD)!;
      expect(org.scps.filter((d) => d.orgLevel === ORG_DEFAULT_LEVEL)).toHaveLength(1);
      // Beside the allow list at the account, FullAWSAccess may still be attached (maybe-present).
      const besideAllowList = org.scps.filter((d) => d.orgLevel === PROD && d.name === 'FullAWSAccess');
      expect(besideAllowList.map((d) => !!d.presence)).toEqual(allowList ? [true] : []);
      expect(decisions(withoutDefaults(m))).toEqual(decisions(m));
    }
    // the requests tell the SCPs apart: the deny list denies s3:DeleteObject, the allow list sqs
    const deny = decisions(loadModelSync([FX], { account: PROD }));
    const allow = decisions(loadModelSync([allowListConfig()], { account: PROD }));
    const of = (list: string[], what: string) => list.find((d) => d.includes(`role/acme-app ${what}`));
    // The deny list is attached to the deploying account itself, which may be the management
    // account ("SCPs don't affect users or roles in the management account":
    // aws/org-management-account.ts): its Deny might apply.
    expect(of(deny, 's3:DeleteObject arn:aws:s3:::acme-data/x')).toContain(': indeterminate');
    expect(of(allow, 's3:DeleteObject arn:aws:s3:::acme-data/x')).toContain(': allow');
    // (the allow list's restriction likewise might not apply: indeterminate)
    expect(of(allow, `sqs:SendMessage arn:aws:sqs:eu-west-1:${PROD}:acme-jobs`)).toContain(': indeterminate');
    expect(of(deny, `sqs:SendMessage arn:aws:sqs:eu-west-1:${PROD}:acme-jobs`)).toContain(': allow');
  });

  it('its finding is informational: --strict passes on a Terraform root with an SCP', async () => {
    expect(couldChangeVerdict('tf/assumed-org-default-policy')).toBe(false);
    const m = loadModelSync([PLAN, FX], { account: '111122223333' });
    expect(m.findings.map((f) => f.code)).toContain('tf/assumed-org-default-policy');
    const r = await runCli(['check', PLAN, FX, '--spec', SPEC, '--account', '111122223333', '--strict']);
    expect(r.stderr).not.toContain('assumed-org-default-policy');
    expect(r.stdout).toContain('2 passed, 0 failed, 0 indeterminate');
    expect(r.code).toBe(0);
  });

  it('its source says what it is, with no file or pointer, in text, JSON and SARIF', async () => {
    const m = loadModelSync([PLAN, FX], { account: PROD });
    const full = m.organizations
      .find((o) => o.account === PROD)!
      .scps.find((d) => d.name === 'FullAWSAccess')!;
    const what =
      'the AWS Organizations default FullAWSAccess policy (not in the inputs: AWS attaches it to every account by default)';
    for (const s of [full.source, full.statements[0]!.source]) {
      expect(s).toEqual({ builtIn: what });
      expect(formatSource(s)).toBe(what);
    }
    const args = ['--account', PROD, '--principal', 'role/acme-app', '--action', 's3:DeleteObject'];
    const req = [...args, '--resource', 'arn:aws:s3:::acme-data/x'];
    const text = (await runCli(['explain', PLAN, FX, ...req])).stdout;
    expect(text).toContain(`SCP "FullAWSAccess" of account ${PROD}, Statement[0]\n      at ${what}\n`);
    expect(text).not.toMatch(/resource_changes\/\d+\/Statement|\(\(/);
    const requests = await tempJson('requests.json', [
      { principal: 'role/acme-app', action: 's3:DeleteObject', resource: 'arn:aws:s3:::acme-data/x' },
    ]);
    const evalArgs = ['eval', PLAN, FX, '--account', PROD, '--requests', requests, '--trace'];
    const json = (await runCli(evalArgs)).stdout;
    const trace = JSON.parse(json)[0].trace as { policy?: string; source?: unknown }[];
    expect(trace.find((t) => t.policy === `SCP "FullAWSAccess" of account ${PROD}`)?.source).toEqual({
      builtIn: what,
    });
    // SARIF: the check on s3:DeleteObject names the SCP that may deny by its name; its trace says what the
    // default is, which is no location (no file, no pointer into the plan)
    const sarif = (await runCli(['check', PLAN, FX, '--spec', SPEC, '--account', PROD, '--format', 'sarif']))
      .stdout;
    // resource_changes/11 is the SCP attachment: the structured indeterminate reasons may point at it
    // (the attachment's SCP may not apply), but no reason of the FullAWSAccess default does
    const reasons = (JSON.parse(sarif).runs[0].results as SarifWithReasons[]).flatMap(
      (r) => r.properties?.indeterminate?.reasons ?? [],
    );
    const atAttachment = reasons.filter((r) => r.source?.pointer?.startsWith('/resource_changes/11/'));
    expect(atAttachment.length).toBeGreaterThan(0);
    for (const r of atAttachment) {
      expect(r.source?.address).toBe('aws_organizations_policy_attachment.prod');
      expect(r.policy).not.toContain('FullAWSAccess');
    }
    const results = JSON.parse(sarif).runs[0].results as {
      message: { text: string };
      locations?: unknown[];
    }[];
    // indeterminate: the SCP's account deploys it and may be the management account
    const failed = results.find((r) => r.message.text.includes('may or may not s3:DeleteObject'))!;
    expect(failed.message.text).toContain(`SCP "no-object-delete" of account ${PROD}`);
    expect(failed.message.text).toContain(
      `SCP "FullAWSAccess" of account ${PROD}, Statement[0]\n    at ${what}`,
    );
    expect(JSON.stringify(results.map((r) => r.locations))).not.toContain('AWS Organizations');
  });
});

/** A SARIF result's structured indeterminate reasons (analysis/indeterminate.ts). */
interface SarifWithReasons {
  properties?: {
    indeterminate?: { reasons: { policy?: string; source?: { address?: string; pointer?: string } }[] };
  };
}

describe('SCPs are named by their names', () => {
  it('Terraform: the name attribute (the address when the name is not known)', async () => {
    const r = await runCli([
      'explain',
      FX,
      '--account',
      PROD,
      '--principal',
      'role/acme-app',
      '--action',
      's3:DeleteObject',
      '--resource',
      'arn:aws:s3:::acme-data/x',
    ]);
    expect(r.stdout).toContain(`SCP "no-object-delete" of account ${PROD}, Sid "NoDelete"`);
    expect(r.stdout).not.toContain('SCP #');
    const dir = writeTempFiles({
      'main.tf': readFileSync(`${FX}/main.tf`, 'utf8').replace(
        'name = "no-object-delete"',
        'name = var.scp_name',
      ),
      'variables.tf': 'variable "scp_name" {\n  type = string\n}\n',
    });
    const e = compileModel(loadModelSync([dir], { account: PROD }));
    const d = e.decide(
      {
        principal: `arn:aws:iam::${PROD}:role/acme-app`,
        action: 's3:DeleteObject',
        resource: 'arn:aws:s3:::acme-data/x',
      },
      { trace: true },
    );
    expect((d.trace ?? []).map((t) => t.policy)).toContain(
      `SCP aws_organizations_policy.no_delete of account ${PROD}`,
    );
  });

  it('CloudFormation: Name (the logical id without one)', () => {
    const policy = (name: string) => ({
      Type: 'AWS::Organizations::Policy',
      Properties: {
        ...(name ? { Name: name } : {}),
        Type: 'SERVICE_CONTROL_POLICY',
        TargetIds: [PROD],
        Content: {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Deny', Action: 's3:DeleteObject', Resource: '*' }],
        },
      },
    });
    const file = writeTempFile('template.json', {
      Resources: { NoDelete: policy('no-object-delete'), Unnamed: policy('') },
    });
    const e = compileModel(loadModelSync([file], { account: PROD, region: 'eu-west-1' }));
    const d = e.decide(
      { principal: `arn:aws:iam::${PROD}:root`, action: 's3:DeleteObject', resource: 'arn:aws:s3:::b/x' },
      { trace: true },
    );
    const names = (d.trace ?? []).filter((t) => t.stage === 'scp').map((t) => t.policy);
    expect(names).toEqual([`SCP "no-object-delete" of account ${PROD}`, `SCP Unnamed of account ${PROD}`]);
  });
});

describe('a plan with its configuration: elements are defined where the configuration declares them', () => {
  it('explain names main.tf:LINE for the principal and the resource (the plan alone: plan.json)', async () => {
    const req = ['--account', PROD, '--principal', 'role/acme-app', '--action', 's3:GetObject'];
    const args = [...req, '--resource', 'arn:aws:s3:::acme-data/x'];
    const role = await positionOf(`${FX}/main.tf`, 'resource "aws_iam_role" "app"');
    const bucket = await positionOf(`${FX}/main.tf`, 'resource "aws_s3_bucket" "data"');
    const both = (await runCli(['explain', PLAN, FX, ...args])).stdout;
    expect(both).toContain(`defined at ${FX}/main.tf:${role} (aws_iam_role.app)`);
    expect(both).toContain(`defined at ${FX}/main.tf:${bucket} (aws_s3_bucket.data)`);
    expect(both).not.toContain('defined at test/fixtures/trial-terraform/plan.json');
    const alone = (await runCli(['explain', PLAN, ...args])).stdout;
    expect(alone).toMatch(
      /defined at test\/fixtures\/trial-terraform\/plan\.json:\d+:\d+ \(aws_iam_role\.app\)/,
    );
  });

  it('findings about a resource point at the configuration too', () => {
    const m = loadModelSync([PLAN, FX], { account: PROD });
    const f = m.findings.find((x) => x.code === 'tf/assumed-org-default-policy')!;
    expect(f.source).toMatchObject({
      file: `${FX}/main.tf`,
      address: 'aws_organizations_policy_attachment.prod',
    });
  });
});

describe('cfn/assumed-region and cfn/assumed-account name the template file', () => {
  it('a template without Region or account', async () => {
    const file = 'test/fixtures/requests/central-logs.yaml';
    const m = loadModelSync([file]);
    for (const code of ['cfn/assumed-region', 'cfn/assumed-account'])
      expect(m.findings.find((f) => f.code === code)?.source).toEqual({ file });
    const r = await runCli(['check', file, '--spec', 'test/fixtures/requests/central-logs.access.yaml']);
    expect(r.stderr).toMatch(/\n {2}test\/fixtures\/requests\/central-logs\.yaml: info: no AWS region given/);
  });

  it('two templates: one finding each, at its file', () => {
    const template = readFileSync('test/fixtures/requests/central-logs.yaml', 'utf8');
    const dir = writeTempFiles({ 'a.yaml': template, 'b.yaml': template }, 'iamspec-two-stacks-');
    const m = loadModelSync([join(dir, 'a.yaml'), join(dir, 'b.yaml')], { account: PROD });
    expect(m.findings.filter((f) => f.code === 'cfn/assumed-region').map((f) => f.source)).toEqual([
      { file: join(dir, 'a.yaml') },
      { file: join(dir, 'b.yaml') },
    ]);
  });
});

describe('--var for a variable the configuration does not declare', () => {
  // Terraform, "Input Variables: Values for Undeclared Variables": "If you provide values for
  // undeclared variables on the command line, Terraform will return an error. To avoid this
  // error, either declare a variable block for the value, or remove the variable value from your
  // Terraform call."
  // https://developer.hashicorp.com/terraform/language/values/variables#values-for-undeclared-variables
  it('is an input error (exit 2) naming the variable and the closest declared one', async () => {
    const dir = writeTempFiles({
      'main.tf': readFileSync(`${FX}/main.tf`, 'utf8'),
      'variables.tf': 'variable "region" {\n  type    = string\n  default = "eu-west-1"\n}\n',
    });
    const r = await runCli([
      'check',
      dir,
      '--spec',
      SPEC,
      '--account',
      '111122223333',
      '--var',
      'regoin=us-east-1',
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      '--var regoin: the configuration declares no variable "regoin" (did you mean "region"?)',
    );
    expect(r.stderr).toContain('Value for undeclared variable');
    const ok = await runCli([
      'check',
      dir,
      '--spec',
      SPEC,
      '--account',
      '111122223333',
      '--var',
      'region=us-east-1',
    ]);
    expect(ok.code).toBe(0);
  });
});
