// The examples' access specs (cdk-example/access.yaml, tf-example/access.yaml) state SCENARIO.md's
// intended access 1-6 and must pass on their example: the CDK app (synthesized in memory), the
// Terraform plan with its configuration, and the HCL alone. Each SCENARIO.md mutation must turn a
// check red, with the statement and source to fix. Every example spec (and the parser's
// compact forms) validates against the shipped JSON Schema, which is itself valid draft 2020-12.
//
// Evaluation rules the expectations rely on (IAM User Guide):
// - "Permissions boundaries for IAM entities", https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html
// - "Session policies", https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies.html#policies_session
// - "Policy evaluation logic", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
// - "AWS global condition context keys" (aws:SecureTransport, aws:TokenIssueTime),
//   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html

import { copyFileSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { ValidateFunction } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { loadTerraformConfig } from '../src/adapters/terraform/index.js';
import { compileModel } from '../src/engine/index.js';
import { ModelBuilder } from '../src/model/builder.js';
import type { Model } from '../src/model/types.js';
import { SpecError } from '../src/spec/errors.js';
import { loadSpec, parseSpec } from '../src/spec/parse.js';
import { checkSpecFile, runSpec } from '../src/spec/run.js';
import type { SpecResult } from '../src/spec/types.js';
import { fromApp } from '../src/testing/cdk.js';
import { createCompany1App } from '../cdk-example/lib/app.js';
import type { Company1Mutations as CdkMutations } from '../cdk-example/lib/company1-stack.js';
import { hclAlone, planAlone, planWithConfig } from '../tf-example/test/forms.js';
import { tempDir, writeFileIn } from './helpers/temp-inputs.js';

const root = join(import.meta.dirname, '..');
const CDK_SPEC = join(root, 'cdk-example', 'access.yaml');
const TF_SPEC = join(root, 'tf-example', 'access.yaml');
const NOW = new Date('2025-06-01T12:00:00Z');

function check(model: Model, specFile: string): SpecResult {
  return checkSpecFile(model, specFile, { engine: compileModel(model, { now: NOW }) });
}

/** A readable summary of what failed, for assertion messages. */
function failures(r: SpecResult): string {
  return r.expectations
    .filter((e) => e.status !== 'pass')
    .flatMap((e) =>
      e.checks.filter((c) => c.status !== 'pass').map((c) => `${e.id} [${c.status}]: ${c.message}`),
    )
    .join('\n');
}
const failedIds = (r: SpecResult) => r.expectations.filter((e) => e.status === 'fail').map((e) => e.id);
/**
 * The statements a failure names: the statements to change, and the caps (a permissions
 * boundary, a session policy) it names as context with what they now allow.
 */
const statementsOf = (r: SpecResult, id: string) =>
  r.expectations
    .find((e) => e.id === id)!
    .checks.flatMap((c) =>
      c.status === 'fail'
        ? [
            ...c.statements,
            ...(c.fix?.context ?? []).flatMap((x) =>
              x.statement && (x.kind === 'boundary' || x.kind === 'session') ? [x.statement] : [],
            ),
          ]
        : [],
    );

const INTENDED = [
  'intern-lists-logs-only',
  'logs-role-reads-logs-only',
  'only-ec2-assumes-logs-role',
  'john-cannot-upload-to-hr-himself',
  'john-uploads-to-hr-through-role',
  'hr-files-readers',
  'hr-files-never-without-tls',
  'hr-reads-hr-files-over-tls',
  'developers-never-stop-instances',
  'developers-start-instances',
  'uploader-temporary-credentials-only',
  'sales-not-public',
  'github-deploys-from-infra-main',
  'github-main-deploys-company1-stacks',
];

describe('the example specs state SCENARIO.md intents 1-6 and the GitHub Actions deploy role (issue 15)', () => {
  it.each([CDK_SPEC, TF_SPEC])('%s', (file) => {
    const spec = loadSpec(file);
    expect(spec.expect.map((e) => e.id)).toEqual(INTENDED);
    // The session policy next to the spec is read and is the scenario's.
    const john = spec.expect.find((e) => e.id === 'john-uploads-to-hr-through-role')!;
    expect(john.sessionPolicy).toEqual(
      JSON.parse(readFileSync(join(file, '..', 'session-policy.json'), 'utf8')),
    );
    expect(john.via).toEqual(['role/JohnUploadRole']);
  });
});

// ---------------------------------------------------------------------------------------------
// CDK

describe('cdk-example/access.yaml', () => {
  const cdkModel = (mutations?: CdkMutations) => fromApp(createCompany1App({ mutations }).app);

  it('passes on the CDK app', () => {
    const r = check(cdkModel(), CDK_SPEC);
    expect(r.ok, failures(r)).toBe(true);
    expect(r.summary).toEqual({ expectations: 14, passed: 14, failed: 0, indeterminate: 0 });
    expect(r.notes).toHaveLength(2);
  });

  it('passes on the cloud assembly written to disk', async () => {
    const { fromAssembly } = await import('../src/testing/cdk.js');
    const outdir = tempDir('iamspec-spec-cdk-');
    createCompany1App({ outdir }).app.synth();
    const r = check(fromAssembly(outdir), CDK_SPEC);
    expect(r.ok, failures(r)).toBe(true);
  });

  const cases: [string, CdkMutations, string[], string][] = [
    [
      'InternBoundaryPolicy allows s3:GetObject on company1-logs/*',
      { internBoundaryAllowsGetObject: true },
      ['intern-lists-logs-only'],
      'Company1Stack/InternBoundaryPolicy/Resource',
    ],
    [
      "Sara-intern's permissions boundary is removed",
      { noInternBoundary: true },
      ['intern-lists-logs-only'],
      'Company1Stack/Developers_Policy/Resource',
    ],
    [
      'a role trusted by EC2 with AmazonS3ReadOnlyAccess',
      { ec2RoleWithS3ReadOnly: true },
      ['hr-files-readers', 'sales-not-public'],
      'AWS managed policy',
    ],
    [
      "company1-sales's bucket policy names * (public)",
      { publicSalesBucket: true },
      ['intern-lists-logs-only', 'logs-role-reads-logs-only', 'sales-not-public'],
      'Company1Stack/company1-sales/Policy/Resource',
    ],
    [
      'Company1-Logs-Role trusts lambda.amazonaws.com',
      { lambdaTrustsLogsRole: true },
      ['only-ec2-assumes-logs-role'],
      'Company1Stack/Company1-Logs-Role/Resource',
    ],
    [
      "the GitHub deploy role's trust drops its sub condition",
      { githubDeployWithoutSub: true },
      ['github-deploys-from-infra-main'],
      'Company1Stack/Company1-GitHubDeploy-Role/Resource',
    ],
  ];
  it.each(cases)('turns red when %s', (_label, mutations, expectedFailures, culprit) => {
    const r = check(cdkModel(mutations), CDK_SPEC);
    expect(r.ok).toBe(false);
    expect(failedIds(r), failures(r)).toEqual(expectedFailures);
    // The failure names the statement to fix and where it comes from.
    const sources = statementsOf(r, expectedFailures[0]!).map(
      (s) => `${s.source?.constructPath ?? s.source?.file}`,
    );
    expect(
      sources.some((s) => s.includes(culprit)),
      sources.join('\n'),
    ).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------
// Terraform

/** The HCL of tf-example copied to a temp dir with `edit` applied to main.tf. */
function mutatedHcl(edit: (mainTf: string) => string): Model {
  const dir = tempDir('iamspec-spec-tf-');
  const original = readFileSync(join(root, 'tf-example', 'main.tf'), 'utf8');
  const changed = edit(original);
  expect(changed).not.toBe(original);
  writeFileIn(dir, 'main.tf', changed);
  copyFileSync(join(root, 'tf-example', 'session-policy.json'), join(dir, 'session-policy.json'));
  const b = new ModelBuilder();
  loadTerraformConfig(dir, b);
  return b.build();
}

function replaceOnce(text: string, from: string | RegExp, to: string): string {
  const out = text.replace(from, to);
  if (out === text) throw new Error(`main.tf no longer contains ${from}`);
  return out;
}

describe('tf-example/access.yaml', () => {
  it('passes on the plan with its configuration', () => {
    const r = check(planWithConfig(), TF_SPEC);
    expect(r.ok, failures(r)).toBe(true);
    expect(r.summary.passed).toBe(14);
  });

  it('passes on the HCL alone', () => {
    const r = check(hclAlone(), TF_SPEC);
    expect(r.ok, failures(r)).toBe(true);
  });

  it('on the plan alone, checks that depend on values known only after apply are indeterminate, never pass', () => {
    // The non-exhaustive expectations (the exhaustive ones take longer and say the same).
    const spec = loadSpec(TF_SPEC);
    const model = planAlone();
    const quick = { ...spec, expect: spec.expect.filter((e) => !e.only && !e.onlyPrincipals) };
    const r = runSpec(model, quick, { engine: compileModel(model, { now: NOW }) });
    const status = Object.fromEntries(r.expectations.map((e) => [e.id, e.status]));
    expect(r.ok).toBe(false);
    expect(Object.values(status)).not.toContain('fail');
    // HRPolicy is known in the plan but Company1-Logs-Policy (also attached to john) is not.
    expect(status['john-cannot-upload-to-hr-himself']).toBe('indeterminate');
    // The Developers policy (its deny) is known in the plan, but the attachment's policy_arn is
    // known only after apply and the plan records only what its expression refers to, not the
    // expression (src/adapters/terraform/plan/references.ts): which policy it attaches is unknown.
    expect(status['developers-never-stop-instances']).toBe('indeterminate');
    const check = r.expectations.find((e) => e.id === 'john-cannot-upload-to-hr-himself')!.checks[0]!;
    expect(check.message).toContain('known only after apply');
  });

  const cases: [string, (tf: string) => string, string[], string][] = [
    [
      'InternBoundaryPolicy allows s3:GetObject on company1-logs/*',
      (tf) =>
        replaceOnce(
          tf,
          /(Sid\s+= "ListLogs"\s+Effect\s+= "Allow"\s+)Action\s+= "s3:ListBucket"\s+Resource = "arn:aws:s3:::\$\{aws_s3_bucket\.logs\.bucket\}"/,
          // biome-ignore lint/suspicious/noTemplateCurlyInString: an HCL interpolation, not a JS one
          '$1Action = ["s3:ListBucket", "s3:GetObject"]\n        Resource = ["arn:aws:s3:::${aws_s3_bucket.logs.bucket}", "arn:aws:s3:::${aws_s3_bucket.logs.bucket}/*"]',
        ),
      ['intern-lists-logs-only'],
      'aws_iam_policy.intern_boundary',
    ],
    [
      "Sara-intern's permissions boundary is removed",
      (tf) => replaceOnce(tf, /\n\s*permissions_boundary = aws_iam_policy\.intern_boundary\.arn/, ''),
      ['intern-lists-logs-only'],
      'aws_iam_policy.developers',
    ],
    [
      'a role trusted by EC2 with AmazonS3ReadOnlyAccess',
      (tf) =>
        `${tf}
resource "aws_iam_role" "s3_read_only" {
  name               = "Company1-S3-ReadOnly-Role"
  assume_role_policy = data.aws_iam_policy_document.logs_role_trust.json
}

resource "aws_iam_role_policy_attachment" "s3_read_only" {
  role       = aws_iam_role.s3_read_only.name
  policy_arn = "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"
}
`,
      ['hr-files-readers', 'sales-not-public'],
      'AWS managed policy',
    ],
    [
      "company1-sales's bucket policy names * (public)",
      (tf) => replaceOnce(tf, 'Principal = { AWS = aws_iam_user.john.arn }', 'Principal = "*"'),
      ['intern-lists-logs-only', 'logs-role-reads-logs-only', 'sales-not-public'],
      'aws_s3_bucket_policy.sales',
    ],
    [
      'Company1-Logs-Role trusts lambda.amazonaws.com',
      (tf) =>
        replaceOnce(
          tf,
          'identifiers = ["ec2.amazonaws.com"]',
          'identifiers = ["ec2.amazonaws.com", "lambda.amazonaws.com"]',
        ),
      ['only-ec2-assumes-logs-role'],
      'aws_iam_role.logs',
    ],
    [
      "the GitHub deploy role's trust drops its sub condition",
      (tf) =>
        replaceOnce(
          tf,
          /\n\s*condition \{\s*test\s*= "StringEquals"\s*variable = "token\.actions\.githubusercontent\.com:sub"[^}]*\}/,
          '',
        ),
      ['github-deploys-from-infra-main'],
      'aws_iam_role.github_deploy',
    ],
  ];
  it.each(cases)('turns red when %s (HCL)', (_label, edit, expectedFailures, culprit) => {
    const r = check(mutatedHcl(edit), TF_SPEC);
    expect(failedIds(r), failures(r)).toEqual(expectedFailures);
    const sources = statementsOf(r, expectedFailures[0]!).map(
      (s) => `${s.source?.address ?? s.source?.file}`,
    );
    expect(
      sources.some((s) => s.includes(culprit)),
      sources.join('\n'),
    ).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------
// JSON Schema

const require = createRequire(import.meta.url);
const schema = JSON.parse(readFileSync(join(root, 'schema', 'access-spec.schema.json'), 'utf8'));

function schemaValidator(): ValidateFunction {
  const Ajv2020 = require('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js').default;
  // strict mode: unknown keywords and other schema mistakes are errors (except `required` in the
  // oneOf branches, which name properties declared next to them).
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true });
  return ajv.compile(schema);
}

describe('schema/access-spec.schema.json', () => {
  const validate = schemaValidator();

  it('is a draft 2020-12 schema, shipped as iamspec/schema.json', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    expect(pkg.exports['./schema.json']).toBe('./schema/access-spec.schema.json');
    expect(pkg.files).toContain('schema');
  });

  it('describes every property, for editor completion', () => {
    const missing: string[] = [];
    const visit = (node: unknown, path: string) => {
      if (!node || typeof node !== 'object') return;
      const n = node as Record<string, unknown>;
      if (n.properties && typeof n.properties === 'object') {
        for (const [k, v] of Object.entries(n.properties as Record<string, Record<string, unknown>>)) {
          const desc = v.description ?? (v.$ref ? resolveRef(v.$ref as string).description : undefined);
          if (!desc && k !== 'Version' && k !== 'Statement') missing.push(`${path}/${k}`);
        }
      }
      for (const [k, v] of Object.entries(n)) visit(v, `${path}/${k}`);
    };
    const resolveRef = (ref: string) =>
      ref
        .replace(/^#\//, '')
        .split('/')
        .reduce<Record<string, unknown>>((o, k) => o[k] as Record<string, unknown>, schema);
    visit(schema, '#');
    expect(missing).toEqual([]);
  });

  it.each([CDK_SPEC, TF_SPEC])('validates %s', (file) => {
    const ok = validate(parseYaml(readFileSync(file, 'utf8')));
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  // The parser and the schema agree: what one accepts the other accepts.
  const accepted = [
    'version: 1\nexpect:\n  - { principal: user/a, can: { action: [s3:GetObject, "s3:Put*"], resource: [x, y] } }\n',
    'version: 1\nexpect:\n  - { principal: role/a, only: [], sessionPolicy: { Statement: [] } }\n',
    'version: 1\nexpect:\n  - { principal: user/a, via: [role/a, role/b] }\n',
    'version: 1\nexpect:\n  - { principal: user/a, cannotBecome: [role/Admin] }\n  - { principal: role/b, noEscalation: true }\n',
    'version: 1\nexpect:\n  - { principal: "github:acme/infra@refs/heads/main", via: role/a }\n  - { resource: role/a, action: sts:AssumeRoleWithWebIdentity, onlyPrincipals: ["github:acme/*", "eks:ns/sa", "oidc:accounts.google.com aud=app"] }\n',
    'version: 1\nexpect:\n  - { resource: x, action: "s3:*", onlyPrincipals: [], context: { aws:SecureTransport: false, aws:SourceIp: [1, "2"] } }\n',
    'version: 1\ncontext: { aws:SecureTransport: "true" }\nexpect:\n  - { principal: user/a, only: [] }\n',
    'version: 1\nexpect:\n  - { resource: [x, y], action: [s3:GetObject, "s3:Put*"], onlyPrincipals: [role/a] }\n',
  ];
  const rejected = [
    'version: 2\nexpect:\n  - { principal: user/a, only: [] }\n',
    'version: 1\nexpect: []\n',
    'version: 1\naccount: 629470240201\nexpect:\n  - { principal: user/a, only: [] }\n',
    'version: 1\nexpect:\n  - { principal: user/a }\n',
    'version: 1\nexpect:\n  - { principal: user/a, can: [] }\n',
    'version: 1\nexpect:\n  - { principal: user/a, Can: [{ action: s3:GetObject, resource: x }] }\n',
    'version: 1\nexpect:\n  - { principal: user/a, can: [{ action: s3:GetObject }] }\n',
    'version: 1\nexpect:\n  - { principal: user/a, can: [{ action: GetObject, resource: x }] }\n',
    'version: 1\nexpect:\n  - { principal: user/a, only: [], onlyPrincipals: [] }\n',
    'version: 1\nexpect:\n  - { resource: x, action: s3:GetObject }\n',
    'version: 1\nexpect:\n  - { principal: user/a, via: [] }\n',
    'version: 1\nexpect:\n  - { principal: user/a, noEscalation: false }\n',
    'version: 1\nexpect:\n  - { principal: "", only: [] }\n',
    'version: 1\nexpect:\n  - { principal: user/a, only: [], context: { SecureTransport: "true" } }\n',
    'version: 1\nexpect:\n  - { principal: role/a, only: [], sessionPolicy: { Version: "2012-10-17" } }\n',
    'version: 1\ncontext: { SecureTransport: "true" }\nexpect:\n  - { principal: user/a, only: [] }\n',
    'version: 1\nexpect:\n  - { resource: [], action: s3:GetObject, onlyPrincipals: [] }\n',
    'version: 1\nexpect:\n  - { resource: x, action: [GetObject], onlyPrincipals: [] }\n',
  ];
  it.each(accepted)('accepts, like the parser: %s', (text) => {
    expect(() => parseSpec(text)).not.toThrow();
    expect(validate(parseYaml(text)), JSON.stringify(validate.errors)).toBe(true);
  });
  it.each(rejected)('rejects, like the parser: %s', (text) => {
    expect(() => parseSpec(text)).toThrow(SpecError);
    expect(validate(parseYaml(text))).toBe(false);
  });
});
