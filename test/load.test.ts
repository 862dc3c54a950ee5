// loadModel: inputs detected by content (DESIGN.md "Contracts": INPUT), several inputs merged
// into one model, a plan and its configuration directory as one Terraform root, SCP/RCP files,
// and every unreadable input as one InputError with file, line and column.

import { describe, expect, it } from 'vitest';
import { detectInput, loadModel, loadModelSync, loadModelWithReport } from '../src/adapters/load.js';
import { InputError } from '../src/model/input-error.js';
import { findUnknown, Unknown } from '../src/model/unknown.js';
import { writeTempFile } from './helpers/temp-inputs.js';

const F = 'test/fixtures/cli';
const A = '111122223333';

function inputError(f: () => unknown): InputError {
  try {
    f();
  } catch (e) {
    if (e instanceof InputError) return e;
    throw new Error(`expected an InputError, got ${String(e)}`);
  }
  throw new Error('expected an InputError');
}

describe('input detection', () => {
  it.each([
    ['cfn/company.yaml', 'cloudformation-template'],
    ['cfn/sales.json', 'cloudformation-template'],
    ['cfn', 'cloudformation-directory'],
    ['assembly', 'cloud-assembly'],
    ['assembly/manifest.json', 'cloud-assembly'],
    ['tf/plan.json', 'terraform-plan'],
    ['tf/infra', 'terraform-config'],
    ['tf/standalone.tf.json', 'terraform-config'],
    ['cdktf.out', 'terraform-config'],
  ])('%s is a %s', (path, kind) => {
    expect(detectInput(`${F}/${path}`).kind).toBe(kind);
  });
});

describe('merging inputs into one model', () => {
  it('merges templates, a cloud assembly, a cdktf.out and a Terraform JSON configuration', () => {
    const model = loadModelSync(
      [`${F}/cfn/company.yaml`, `${F}/assembly`, `${F}/cdktf.out`, `${F}/tf/standalone.tf.json`],
      { account: A },
    );
    expect(model.users.map((u) => u.arn).sort()).toEqual([
      `arn:aws:iam::${A}:user/Sara-intern`,
      `arn:aws:iam::${A}:user/alice`,
      `arn:aws:iam::${A}:user/deployer`,
      `arn:aws:iam::${A}:user/john`,
      'arn:aws:iam::222233334444:user/auditor',
    ]);
    expect(model.accounts.map((a) => a.id).sort()).toEqual([A, '222233334444']);
  });

  it('resolves Fn::ImportValue and cross-template references across template inputs', () => {
    const model = loadModelSync([`${F}/cfn/company.yaml`, `${F}/cfn/sales.json`], { account: A });
    const sales = model.resources.find((r) => r.name === 'company1-sales');
    expect(sales?.policy?.statements[0]?.sid).toBe('JohnReadsSales');
    expect(model.resources.map((r) => r.arn).sort()).toEqual([
      'arn:aws:s3:::company1-logs',
      'arn:aws:s3:::company1-sales',
    ]);
  });

  it('passes --parameter values to templates and --var values to Terraform', () => {
    const model = loadModelSync([`${F}/cfn/params.yaml`, `${F}/tf/standalone.tf.json`], {
      account: A,
      region: 'eu-west-1',
      parameters: { QueueName: 'jobs' },
      vars: { user_name: 'bob' },
    });
    expect(model.resources.map((r) => r.arn)).toEqual([`arn:aws:sqs:eu-west-1:${A}:jobs`]);
    expect(model.users.map((u) => u.name)).toEqual(['bob']);
  });

  it('partition option reaches the builder', () => {
    const model = loadModelSync([`${F}/tf/standalone.tf.json`], { account: A, partition: 'aws-cn' });
    expect(model.partition).toBe('aws-cn');
    expect(model.users[0]!.arn).toBe(`arn:aws-cn:iam::${A}:user/alice`);
  });
});

describe('a plan and its configuration directory are one Terraform root', () => {
  const inlinePolicy = (inputs: string[]) => {
    const { model, report } = loadModelWithReport(inputs, { account: A });
    const role = model.roles.find((r) => r.name === 'reader');
    expect(role).toBeDefined();
    expect(model.roles).toHaveLength(1);
    return { doc: role!.inlinePolicies[0]!.document, report, model };
  };

  it('a plan alone leaves the policy unknown (its JSON is known only after apply)', () => {
    const { doc, report } = inlinePolicy([`${F}/tf/plan.json`]);
    expect(doc.unknown ?? findUnknown(doc.statements)).toBeDefined();
    expect(report.pairs).toEqual([]);
  });

  it('with the configuration directory the policy is computed from the expressions', () => {
    const { doc, report, model } = inlinePolicy([`${F}/tf/plan.json`, `${F}/tf/infra`]);
    expect(doc.unknown).toBeUndefined();
    expect(doc.statements[0]?.resource?.values).toEqual(['arn:aws:s3:::acme-reports/*']);
    expect(report.pairs).toEqual([{ plan: `${F}/tf/plan.json`, config: `${F}/tf/infra` }]);
    expect(model.findings.some((f) => f.code === 'load/plan-with-config')).toBe(true);
    // one root, not two copies of the same resources
    expect(model.resources.filter((r) => r.name === 'acme-reports')).toHaveLength(1);
  });

  it('a configuration that declares none of the plan resources is loaded as its own root', () => {
    const { model, report } = loadModelWithReport([`${F}/tf/plan.json`, `${F}/tf/standalone.tf.json`], {
      account: A,
    });
    expect(report.pairs).toEqual([]);
    expect(model.users.map((u) => u.name)).toEqual(['alice']);
    expect(model.findings.some((f) => f.code === 'load/plan-config-unrelated')).toBe(true);
  });
});

describe('SCP and RCP files', () => {
  const inputs = [`${F}/cfn/company.yaml`, `${F}/assembly`];

  it('apply to every account of the model', () => {
    const model = loadModelSync(inputs, { scp: [`${F}/policies/deny-s3-delete.scp.json`] });
    const byAccount = new Map(model.organizations.map((o) => [o.account, o]));
    expect([...byAccount.keys()].sort()).toEqual(['000000000000', '222233334444']);
    for (const o of model.organizations) {
      expect(o.scps).toHaveLength(1);
      expect(o.scps[0]!.statements.map((s) => s.sid)).toEqual(['AllowAll', 'NoDeletes']);
      expect(o.rcps).toHaveLength(0);
      // The file does not say where it is attached (engine/org-levels.ts).
      expect(o.scps[0]!.orgLevel).toBeInstanceOf(Unknown);
      expect((o.scps[0]!.orgLevel as Unknown).reason).toContain('deny-s3-delete.scp.json');
    }
  });

  it('apply only to --account when it is given', () => {
    const model = loadModelSync(inputs, { account: A, rcp: [`${F}/policies/deny-s3-delete.scp.json`] });
    expect(model.organizations.map((o) => o.account)).toEqual([A]);
    expect(model.organizations[0]!.rcps).toHaveLength(1);
  });

  it('an SCP without any Allow is reported as a deny list next to FullAWSAccess', () => {
    const model = loadModelSync(inputs, { account: A, scp: [`${F}/policies/deny-only.scp.json`] });
    const f = model.findings.find((x) => x.code === 'load/org-policy-deny-list');
    expect(f?.message).toContain('FullAWSAccess');
    expect(f?.source?.file).toBe(`${F}/policies/deny-only.scp.json`);
  });

  it('a file that is not a policy is an input error', () => {
    const e = inputError(() => loadModelSync(inputs, { scp: [`${F}/requests/valid.json`] }));
    expect(e.file).toBe(`${F}/requests/valid.json`);
    expect(e.message).toContain('not a policy document');
  });
});

describe('unreadable input is one InputError with file, line and column', () => {
  it('malformed JSON', () => {
    const e = inputError(() => loadModelSync([`${F}/bad/truncated.template`]));
    expect([e.file, e.line, e.column]).toEqual([`${F}/bad/truncated.template`, 4, 15]);
    expect(e.message).toMatch(/^test\/fixtures\/cli\/bad\/truncated\.template:4:15: invalid JSON/);
  });

  it('malformed YAML', () => {
    const e = inputError(() => loadModelSync([`${F}/bad/broken-yaml.template`]));
    expect(e.file).toBe(`${F}/bad/broken-yaml.template`);
    expect(e.line).toBeGreaterThan(0);
    expect(e.column).toBeGreaterThan(0);
    expect(e.reason).toContain('invalid YAML');
  });

  it('malformed YAML in a .yaml file', async () => {
    const file = writeTempFile(
      'stack.yaml',
      'Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n   Properties: x\n',
    );
    const e = inputError(() => loadModelSync([file]));
    expect([e.file, e.line]).toEqual([file, 4]);
    expect(e.column).toBeGreaterThan(0);
  });

  it('an HCL syntax error, as a file and as a directory', () => {
    for (const input of [`${F}/bad/hcl-error`, `${F}/bad/hcl-error/main.tf`]) {
      const e = inputError(() => loadModelSync([input]));
      expect([e.file, e.line, e.column]).toEqual([`${F}/bad/hcl-error/main.tf`, 5, 10]);
      expect(e.reason).toContain('HCL syntax error');
    }
  });

  it('valid JSON that is neither a template, a plan nor a configuration', () => {
    const e = inputError(() => loadModelSync([`${F}/bad/neither.json`]));
    expect(e.file).toBe(`${F}/bad/neither.json`);
    expect(e.reason).toContain('not an input iamspec can read');
  });

  it('a policy document given as an input says what to do with it', () => {
    const e = inputError(() => loadModelSync([`${F}/policies/deny-only.scp.json`]));
    expect(e.reason).toContain('--scp');
  });

  it('a path that does not exist, a directory with nothing readable, no inputs at all', () => {
    expect(inputError(() => loadModelSync([`${F}/no-such-file.json`])).reason).toBe(
      'no such file or directory',
    );
    expect(inputError(() => loadModelSync([`${F}/bad/nothing-here`])).reason).toContain(
      'nothing iamspec can read',
    );
    expect(inputError(() => loadModelSync([])).reason).toContain('no input given');
    expect(inputError(() => loadModelSync([`${F}/tf/infra`], { varFiles: [`${F}/none.tfvars`] })).file).toBe(
      `${F}/none.tfvars`,
    );
  });

  it('loadModel rejects with the same error', async () => {
    await expect(loadModel([`${F}/bad/truncated.template`])).rejects.toBeInstanceOf(InputError);
    const model = await loadModel([`${F}/tf/standalone.tf.json`], { account: A });
    expect(model.users).toHaveLength(1);
  });
});

describe('the public API (src/index.ts)', () => {
  it('loads, resolves references and decides', async () => {
    const api = await import('../src/index.js');
    await expect(api.loadModel([`${F}/no-such-file.json`])).rejects.toBeInstanceOf(api.InputError);
    const model = await api.loadModel([`${F}/cfn/company.yaml`, `${F}/cfn/sales.json`], { account: A });
    const engine = api.compileModel(model);
    const principal = api.resolvePrincipalRef(model, 'user/john').principals[0]!.principal;
    const resource = api.resolveResourceRef(model, 'SalesBucket/q1.csv').arn;
    expect(engine.decide({ principal, action: 's3:GetObject', resource })).toEqual({
      decision: 'allow',
      reason: 'allowed',
    });
    expect(() => api.resolvePrincipalRef(model, 'user/jon')).toThrow(api.UnknownReferenceError);
    expect(api.formatSource(model.users[0]!.source)).toMatch(/company\.yaml:\d+:\d+ \(logical id /);
  });
});
