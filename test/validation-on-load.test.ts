// Policy validation runs when a model is loaded (README: "model.findings: located findings:
// invalid policies, unknown actions..."): every policy document of the model once, its findings
// located at the element (template line:column and logical id, Terraform address). And the
// layering it lives in: src/validation sits above src/catalog, which sits above src/policy, so
// the folders form a line (no import loop between policy/ and catalog/).
//
// Access Analyzer's check this follows ("Access Analyzer policy check reference",
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html):
// "Unknown action: The action {action} is not recognized by the service" / "Invalid action".

import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadModelSync } from '../src/adapters/load.js';
import { ModelBuilder } from '../src/model/builder.js';
import { parsePolicy } from '../src/policy/parse.js';
import { modelPolicyFindings, validateModelPolicies } from '../src/validation/index.js';
import { positionOf } from './fixtures/cli/run.js';
import { filesUnder } from './helpers/files.js';

const W = 'test/fixtures/warnings';
const SRC = join(import.meta.dirname, '..', 'src');

describe('policy validation on load', () => {
  it('a misspelt action in a template is a located finding, once for a policy on two roles', async () => {
    const file = `${W}/misspelt-action.yaml`;
    const model = loadModelSync([file], { account: '111122223333' });
    const found = model.findings.filter((f) => f.code === 'policy/unknown-action');
    expect(found).toHaveLength(1);
    const f = found[0]!;
    expect(f.severity).toBe('error');
    expect(f.message).toBe('Unknown action "s3:GetObjet"; did you mean "s3:GetObject"?');
    const [line, column] = (await positionOf(file, 's3:GetObjet')).split(':').map(Number);
    expect(f.source).toMatchObject({ file, line, column, logicalId: 'ReadLogs' });
    // the policy is attached to both roles, one document: one finding
    expect(model.roles.filter((r) => r.inlinePolicies.length).map((r) => r.name)).toEqual([
      'reader',
      'auditor',
    ]);
  });

  it('a misspelt action in Terraform is a finding at the resource address', () => {
    const model = loadModelSync([`${W}/misspelt-tf`], { account: '111122223333' });
    const f = model.findings.find((x) => x.code === 'policy/unknown-action');
    expect(f?.message).toBe('Unknown action "s3:PutObjct"; did you mean "s3:PutObject"?');
    expect(f?.source).toMatchObject({
      file: `${W}/misspelt-tf/main.tf`,
      address: 'aws_iam_user_policy.upload',
      pointer: '/Statement/0/Action/0',
    });
  });

  it('an SCP file given with --scp is validated like the inputs, once', () => {
    const scp = `${W}/scp-typo.json`;
    const model = loadModelSync([`${W}/misspelt-action.yaml`, `${W}/misspelt-tf`], {
      account: '111122223333',
      scp: [scp],
    });
    const fromScp = model.findings.filter((f) => f.source?.file === scp);
    expect(fromScp.map((f) => f.code).sort()).toEqual(['load/org-policy-deny-list', 'policy/unknown-action']);
    const typo = fromScp.find((f) => f.code === 'policy/unknown-action');
    expect([typo?.message, typo?.source?.line]).toEqual([
      'Unknown action "s3:DeleteObjet"; did you mean "s3:DeleteObject"?',
      4,
    ]);
  });

  it('validateModelPolicies adds each document finding once and keeps the model frozen', () => {
    const b = new ModelBuilder();
    b.addAccount('111122223333');
    const doc = parsePolicy(
      {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 'sqs:SendMesage', Resource: '*' }],
      },
      { kind: 'identity', source: { file: 'p.json' } },
    );
    for (const name of ['a', 'b']) {
      const id = b.addUser({ name, account: '111122223333', source: { file: 'u.json' } });
      b.addInlinePolicy(id, { name: 'p', document: doc, source: { file: 'p.json' } });
    }
    const model = b.build();
    expect(model.findings).toEqual([]);
    const validated = validateModelPolicies(model);
    expect(validated.findings.map((f) => f.code)).toEqual(['policy/unknown-action']);
    expect(Object.isFrozen(validated.findings)).toBe(true);
    // already validated: nothing new
    expect(modelPolicyFindings(validated)).toEqual([]);
    expect(validateModelPolicies(validated)).toBe(validated);
  });
});

/** `file imports folder/` for each relative import of a folder in `forbidden`. */
function importsOf(folder: string, forbidden: string[]): string[] {
  return filesUnder(join(SRC, folder), '.ts').flatMap((file) => {
    const text = readFileSync(file, 'utf8');
    const out: string[] = [];
    for (const m of text.matchAll(/(?:from\s+|import\s*\(\s*)['"](\.[^'"]+)['"]/g)) {
      const target = relative(SRC, join(file, '..', m[1]!)).split(/[\\/]/)[0]!;
      if (forbidden.includes(target)) out.push(`${relative(SRC, file)} imports ${target}/`);
    }
    return out;
  });
}

describe('layering of validation', () => {
  it('policy/ imports neither catalog/ nor validation/; catalog/ does not import validation/', () => {
    expect(filesUnder(join(SRC, 'validation'), '.ts').length).toBeGreaterThan(2);
    expect(importsOf('policy', ['catalog', 'validation'])).toEqual([]);
    expect(importsOf('catalog', ['validation'])).toEqual([]);
  });
});
