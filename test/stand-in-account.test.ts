// An input that writes the placeholder account id itself (`000000000000`, src/model/stand-ins.ts
// `PLACEHOLDER_ACCOUNT`: "this account" when neither the inputs nor the options state one) is read
// as another account (`PLACEHOLDER_ACCOUNT_LITERAL`), with a `load/stand-in-spelled` warning; so
// are escaped spellings of the stand-ins (`deploying\u002dregion`), in-memory plans and
// configurations, and an access spec or request file read against a model whose inputs spelled
// one. Before, a trust policy naming `arn:aws:iam::000000000000:root` (LocalStack's default
// account, the dummy id of a test fixture such as checkov's oidc-trust-policy-documents.tf) was
// read as trusting the deploying account: a user of "this account" could assume the role.
//
// AWS rules pinned here:
// - IAM User Guide, "AWS JSON policy elements: Principal" (AWS account principals): "When you
//   specify an AWS account, you can use the account ARN (arn:aws:iam::account-ID:root) ... the
//   principal is the account" — the account that id names, whichever account deploys the stack.
//   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
// - IAM User Guide, "Cross account resource access in IAM": "the trusting account ... must
//   specify the trusted account as a principal": a role trusting another account does not trust
//   the principals of its own account by that statement.
//   https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies-cross-account-resource-access.html
// - RFC 8259 §7 (JSON strings): "\u002d" is the character "-" — an escaped spelling is the same
//   string once parsed.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadModelSync } from '../src/adapters/load.js';
import { loadTerraformConfigObject } from '../src/adapters/terraform/index.js';
import { loadPlanValue } from '../src/adapters/terraform/load.js';
import { compileModel } from '../src/engine/index.js';
import { ModelBuilder } from '../src/model/builder.js';
import {
  distinctAsInputsOf,
  distinctFromStandIns,
  PLACEHOLDER_ACCOUNT,
  PLACEHOLDER_ACCOUNT_LITERAL,
  StandInSpellings,
  withStandInSpellings,
} from '../src/model/stand-ins.js';
import { runCli } from './fixtures/cli/run.js';

const FX = 'test/fixtures/stand-in-account';
const LITERAL_ROOT = `arn:aws:iam::${PLACEHOLDER_ACCOUNT_LITERAL}:root`;
const spelled = (m: { findings: readonly { code: string; message: string; source?: { file?: string } }[] }) =>
  m.findings.filter((f) => f.code === 'load/stand-in-spelled');
const trustText = (m: ReturnType<typeof loadModelSync>) =>
  JSON.stringify(m.roles.find((r) => r.name === 'deployer')!.trustPolicy!.statements);

describe.each([
  ['a CloudFormation template', `${FX}/template.yaml`],
  ['a Terraform configuration', `${FX}/tf`],
  ['a Terraform plan', `${FX}/plan.json`],
  ['a JSON template with escaped spellings', `${FX}/escaped.json`],
])('%s whose trust policy names 000000000000, no account given', (_name, input) => {
  const model = loadModelSync([input]);

  it('the stack is in "this account" (the placeholder); the trust names another account', () => {
    expect(model.accounts.map((a) => a.id)).toEqual([PLACEHOLDER_ACCOUNT]);
    expect(model.users[0]!.arn).toBe(`arn:aws:iam::${PLACEHOLDER_ACCOUNT}:user/dev`);
    expect(trustText(model)).toContain(LITERAL_ROOT);
    expect(trustText(model)).not.toContain(`${PLACEHOLDER_ACCOUNT}:root`);
  });

  it('the developer of this account may assume the role only were this account that one: indeterminate', () => {
    const d = compileModel(model).decide({
      principal: `arn:aws:iam::${PLACEHOLDER_ACCOUNT}:user/dev`,
      action: 'sts:AssumeRole',
      resource: `arn:aws:iam::${PLACEHOLDER_ACCOUNT}:role/deployer`,
    });
    expect(d.decision).toBe('indeterminate');
  });

  it('with the account stated, the trust names another account: denied, as in AWS', () => {
    const stated = loadModelSync([input], { account: '111122223333' });
    const d = compileModel(stated).decide({
      principal: 'arn:aws:iam::111122223333:user/dev',
      action: 'sts:AssumeRole',
      resource: 'arn:aws:iam::111122223333:role/deployer',
    });
    expect(d.decision).toBe('deny');
  });

  it('the user is told which file writes it and how it is shown', () => {
    const f = spelled(model);
    expect(f).toHaveLength(1);
    expect(f[0]!.source?.file).toContain('stand-in-account');
    expect(f[0]!.message).toContain(`"${PLACEHOLDER_ACCOUNT}"`);
    expect(f[0]!.message).toContain(`shown as ${PLACEHOLDER_ACCOUNT_LITERAL}`);
  });
});

describe('escaped spellings (JSON \\u escapes) are the same strings once parsed', () => {
  it('deploying\\u002dregion is read as the region literal, not the stand-in', () => {
    const m = loadModelSync([`${FX}/escaped.json`]);
    const dev = JSON.stringify(m.users[0]!.inlinePolicies[0]!.document.statements);
    expect(dev).toContain('deploying\u2011region');
    expect(dev).not.toContain('"deploying-region"');
    expect(spelled(m)[0]!.message).toContain('"deploying-region"');
  });

  it('the rewrite keeps the escape form and the text length', () => {
    const text =
      '{"a": "deploying\\u002dregion", "b": "\\u0030\\u0030\\u0030000000000", "c": "1000000000000"}';
    const out = distinctFromStandIns(text, 'x.json');
    expect(out.length).toBe(text.length);
    expect(JSON.parse(out)).toEqual({
      a: 'deploying\u2011region',
      b: PLACEHOLDER_ACCOUNT_LITERAL,
      c: '1000000000000',
    });
  });
});

describe('other inputs that spell it', () => {
  it('an --scp file: its condition names the other account, told on its own model', () => {
    const m = loadModelSync([`${FX}/template.yaml`], { account: '111122223333', scp: [`${FX}/scp.json`] });
    const scp = m.organizations[0]!.scps.find((d) => d.source.file?.endsWith('scp.json'))!;
    expect(JSON.stringify(scp.statements)).toContain(PLACEHOLDER_ACCOUNT_LITERAL);
    expect(spelled(m).map((f) => f.source?.file)).toContain(`${FX}/scp.json`);
  });

  it('a plan given in memory (loadPlanValue) and a configuration object (loadTerraformConfigObject)', () => {
    const plan = JSON.parse(readFileSync(`${FX}/plan.json`, 'utf8'));
    const b = new ModelBuilder();
    loadPlanValue(plan, 'memory-plan.json', () => undefined, b, {});
    const m = b.build();
    expect(JSON.stringify(m.roles[0]!.trustPolicy!.statements)).toContain(LITERAL_ROOT);
    expect(spelled(m).map((f) => f.source?.file)).toEqual(['memory-plan.json']);

    const config = {
      provider: { aws: [{ region: 'us-east-1' }] },
      resource: {
        aws_iam_role: {
          deployer: {
            name: 'deployer',
            assume_role_policy: JSON.stringify({
              Version: '2012-10-17',
              Statement: [
                {
                  Effect: 'Allow',
                  Principal: { AWS: 'arn:aws:iam::000000000000:root' },
                  Action: 'sts:AssumeRole',
                },
              ],
            }),
          },
        },
      },
    };
    const c = new ModelBuilder();
    loadTerraformConfigObject(config, c, { file: 'cdktf.json' });
    const cm = c.build();
    expect(JSON.stringify(cm.roles[0]!.trustPolicy!.statements)).toContain(LITERAL_ROOT);
    expect(spelled(cm).map((f) => f.source?.file)).toEqual(['cdktf.json']);
  });

  it('an input that writes the literal id too: an error, the two cannot be told apart', () => {
    const m = loadModelSync([`${FX}/collision.yaml`]);
    const f = m.findings.filter((x) => x.code === 'load/stand-in-literal-written');
    expect(f).toHaveLength(1);
    expect(f[0]!.severity).toBe('error');
    expect(f[0]!.message).toContain(PLACEHOLDER_ACCOUNT_LITERAL);
    // Written alone, the literal id is just an account id.
    const spellings = new StandInSpellings();
    withStandInSpellings(spellings, () => distinctFromStandIns(`"${PLACEHOLDER_ACCOUNT_LITERAL}"`, 'y.json'));
    expect(spellings.take()).toEqual([]);
  });

  it('the account option cannot be the placeholder id', () => {
    expect(() => loadModelSync([`${FX}/template.yaml`], { account: PLACEHOLDER_ACCOUNT })).toThrow(
      /is the id iamspec gives an account the inputs and options do not state/,
    );
  });
});

describe('an access spec and a request file are read as the inputs were', () => {
  it('a spec naming 000000000000 means the account the inputs name so', async () => {
    const r = await runCli(['check', `${FX}/template.yaml`, '--spec', `${FX}/spec.yaml`]);
    expect(r.stdout).toContain('1 passed, 0 failed');
    expect(r.code).toBe(0);
  });

  it('a request file naming 000000000000 means that account too', async () => {
    const r = await runCli([
      'eval',
      `${FX}/template.yaml`,
      '--account',
      '111122223333',
      '--requests',
      `${FX}/requests.json`,
      '--format',
      'text',
    ]);
    const lines = r.stdout.split('\n').filter((l) => l.startsWith('['));
    expect(lines[0]).toMatch(/^\[0\] ALLOW .*arn:aws:iam::099999999990:role\/ci/);
    expect(lines[1]).toMatch(/^\[1\] DENY /);
  });

  it('only the stand-ins the inputs spelled: elsewhere a spec naming the placeholder means the placeholder', () => {
    const clean = loadModelSync(['test/fixtures/memberships/template.yaml']);
    const text = `principal: arn:aws:iam::${PLACEHOLDER_ACCOUNT}:user/alice`;
    expect(distinctAsInputsOf(clean, text)).toBe(text);
    const spelling = loadModelSync([`${FX}/template.yaml`]);
    expect(distinctAsInputsOf(spelling, text)).toBe(
      text.replace(PLACEHOLDER_ACCOUNT, PLACEHOLDER_ACCOUNT_LITERAL),
    );
  });
});
