// `iamspec check INPUT... --spec access.yaml [--format ...] [--out F]` run in-process: exit 0
// when every expectation holds, 1 when one fails (the output names the statement and its
// source), 2 for usage, input and spec errors (file:line:column); every format; --out; and the
// examples' specs (cdk-example on a synthesized cloud assembly, tf-example on plan.json with
// its configuration), which pass, and mutations of them, which fail at the statement to fix; an
// error about the inputs that could change a verdict exits 2 after the reports, without --strict.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { createCompany1App } from '../cdk-example/lib/app.js';
import type { Company1Mutations } from '../cdk-example/lib/company1-stack.js';
import { ACCOUNT, F, positionOf, runCli } from './fixtures/cli/run.js';
import { tempDir, writeFileIn } from './helpers/temp-inputs.js';

// --region: the template does not say its region (else cfn/assumed-region is a warning on stderr).
const COMPANY = [`${F}/cfn/company.yaml`, '--account', ACCOUNT, '--region', 'us-east-1'];
const SPECS = 'test/fixtures/check';

describe('check: exit codes and text output', () => {
  it('exits 0 when every expectation holds, with the summary line last', async () => {
    const r = await runCli(['check', ...COMPANY, '--spec', `${SPECS}/pass.yaml`]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^✓ john-reads-logs — john reads company1-logs objects/m);
    expect(r.stdout).toMatch(/^✓ intern-lists-logs-at-most/m);
    expect(r.stdout.trimEnd().split('\n').pop()).toBe('2 passed, 0 failed, 0 indeterminate');
    expect(r.stdout).not.toMatch(/\u001b\[/);
  });

  it('exits 1 when an expectation fails, naming the statement and its source', async () => {
    const r = await runCli(['check', ...COMPANY, '--spec', `${SPECS}/fail.yaml`]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^✓ developers-never-stop/m);
    expect(r.stdout).toMatch(/^✗ john-never-reads-logs — john must not read company1-logs/m);
    expect(r.stdout).toContain('decision: ALLOW (allowed)');
    expect(r.stdout).toContain('inline policy Developers_Policy of group Developers, Sid "ReadLogs"');
    // the statement's position in the template, and its logical id
    const at = await positionOf(`${F}/cfn/company.yaml`, 'Sid: ReadLogs');
    expect(r.stdout).toContain(`at ${F}/cfn/company.yaml:${at} (logical id Developers)`);
    // and where the expectation is in the spec
    const specAt = await positionOf(`${SPECS}/fail.yaml`, '{ action: s3:GetObject');
    expect(r.stdout).toContain(`spec: ${SPECS}/fail.yaml:${specAt}`);
    expect(r.stdout.trimEnd().split('\n').pop()).toBe('1 passed, 1 failed, 0 indeterminate');
  });

  it('exits 2 for a reference that names nothing, with file:line:column', async () => {
    const r = await runCli(['check', ...COMPANY, '--spec', `${SPECS}/typo.yaml`]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const at = await positionOf(`${SPECS}/typo.yaml`, 'user/jhon');
    expect(r.stderr).toContain(`${SPECS}/typo.yaml:${at}`);
    expect(r.stderr).toContain('user/jhon');
    expect(r.stderr).not.toContain('    at ');
  });

  it('exits 2 for a spec that does not parse, with file:line:column', async () => {
    const r = await runCli(['check', ...COMPANY, '--spec', `${SPECS}/syntax.yaml`]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^iamspec: ${SPECS}/syntax\\.yaml:\\d+:\\d+: `));
  });

  it('exits 2 for a missing spec file, a missing --spec, no input, a bad --format', async () => {
    const missing = await runCli(['check', ...COMPANY, '--spec', `${SPECS}/nope.yaml`]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`${SPECS}/nope.yaml`);
    const noSpec = await runCli(['check', ...COMPANY]);
    expect(noSpec.code).toBe(2);
    expect(noSpec.stderr).toContain('--spec FILE is required');
    const noInput = await runCli(['check', '--spec', `${SPECS}/pass.yaml`]);
    expect(noInput.code).toBe(2);
    expect(noInput.stderr).toContain('no INPUT given');
    const format = await runCli(['check', ...COMPANY, '--spec', `${SPECS}/pass.yaml`, '--format', 'html']);
    expect(format.code).toBe(2);
    expect(format.stderr).toContain('--format expects text, json, sarif, junit, markdown, got "html"');
  });

  it('--help prints usage and exits 0', async () => {
    const r = await runCli(['check', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: iamspec check INPUT\.\.\. --spec access\.yaml/);
    expect(r.stdout).toContain('--out FILE');
    expect(r.stdout).toContain('--account ID');
    expect(r.stdout).toContain('1 an expectation fails or is indeterminate');
    const main = await runCli(['--help']);
    expect(main.stdout).toMatch(/^ {2}check {5}/m);
    expect(main.stdout).not.toMatch(/check +not implemented/);
  });

  it('colours the text when FORCE_COLOR is set, and not when NO_COLOR is', async () => {
    const forced = await runCli(['check', ...COMPANY, '--spec', `${SPECS}/fail.yaml`], { FORCE_COLOR: '1' });
    expect(forced.stdout).toContain('\u001b[31m✗\u001b[39m');
    const off = await runCli(['check', ...COMPANY, '--spec', `${SPECS}/fail.yaml`], {
      FORCE_COLOR: '1',
      NO_COLOR: '1',
    });
    expect(off.stdout).not.toMatch(/\u001b\[/);
  });
});

describe('check: formats and --out', () => {
  it('--format json prints the SpecResult', async () => {
    const r = await runCli(['check', ...COMPANY, '--spec', `${SPECS}/fail.yaml`, '--format', 'json']);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout);
    expect(json.ok).toBe(false);
    expect(json.summary).toEqual({ expectations: 2, passed: 1, failed: 1, indeterminate: 0 });
    expect(json.specFile).toBe(`${SPECS}/fail.yaml`);
    expect(json.inputs).toEqual([`${F}/cfn/company.yaml`]);
    expect(json.expectations[1].checks[0].statements[0]).toMatchObject({
      policy: 'inline policy Developers_Policy of group Developers',
      statement: 'Sid "ReadLogs"',
      source: { file: `${F}/cfn/company.yaml`, logicalId: 'Developers' },
    });
  });

  it('--format sarif locates the failure at the template statement', async () => {
    const r = await runCli(['check', ...COMPANY, '--spec', `${SPECS}/fail.yaml`, '--format', 'sarif']);
    expect(r.code).toBe(1);
    const log = JSON.parse(r.stdout);
    const results = log.runs[0].results;
    expect(results).toHaveLength(1);
    const [line, column] = (await positionOf(`${F}/cfn/company.yaml`, 'Sid: ReadLogs'))
      .split(':')
      .map(Number);
    expect(results[0].ruleId).toBe('cannot');
    expect(results[0].locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: `${F}/cfn/company.yaml` },
      region: { startLine: line, startColumn: column },
    });
    expect(results[0].locations[0].logicalLocations[0].name).toBe('Developers');
    expect(results[0].relatedLocations[0].physicalLocation.artifactLocation.uri).toBe(`${SPECS}/fail.yaml`);
  });

  it('--format junit has one test case per expectation', async () => {
    const r = await runCli(['check', ...COMPANY, '--spec', `${SPECS}/fail.yaml`, '--format', 'junit']);
    expect(r.code).toBe(1);
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(r.stdout);
    const cases = doc.testsuites.testsuite.testcase;
    expect(cases.map((c: { name: string }) => c.name)).toEqual([
      'developers-never-stop',
      'john-never-reads-logs: john must not read company1-logs',
    ]);
    expect(cases[1].failure.message).toContain('user/john can s3:GetObject');
  });

  it('--format markdown has the table and a details block for the failure', async () => {
    const r = await runCli(['check', ...COMPANY, '--spec', `${SPECS}/fail.yaml`, '--format', 'markdown']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('**1 passed, 1 failed, 0 indeterminate**');
    expect(r.stdout).toContain('| ❌ fail | `john-never-reads-logs` |');
    expect(r.stdout.match(/<details>/g)).toHaveLength(1);
  });

  it('--out writes the report to the file and prints only the summary line', async () => {
    const dir = tempDir();
    const out = join(dir, 'reports', 'iamspec.sarif');
    const r = await runCli([
      'check',
      ...COMPANY,
      '--spec',
      `${SPECS}/fail.yaml`,
      '--format',
      'sarif',
      '--out',
      out,
    ]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('1 passed, 1 failed, 0 indeterminate\n');
    const log = JSON.parse(readFileSync(out, 'utf8'));
    expect(log.version).toBe('2.1.0');
    expect(log.runs[0].results).toHaveLength(1);
    // text to a file: no colour even when FORCE_COLOR asks for it on the terminal
    const textOut = join(dir, 'report.txt');
    const t = await runCli(['check', ...COMPANY, '--spec', `${SPECS}/pass.yaml`, '--out', textOut], {
      FORCE_COLOR: '1',
    });
    expect(t.code).toBe(0);
    const text = readFileSync(textOut, 'utf8');
    expect(text).not.toMatch(/\u001b\[/);
    expect(text.trimEnd().split('\n').pop()).toBe('2 passed, 0 failed, 0 indeterminate');
  });

  it('--out to a path that cannot be written is an input error (exit 2)', async () => {
    const dir = tempDir();
    const blocker = writeFileIn(dir, 'file', 'x');
    const r = await runCli([
      'check',
      ...COMPANY,
      '--spec',
      `${SPECS}/pass.yaml`,
      '--out',
      join(blocker, 'r.txt'),
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('cannot write the report (--out)');
  });
});

describe('check: several reports in one run, --fail-on', () => {
  const UNDECIDED = ['test/fixtures/check/undecided.template.yaml', '--account', ACCOUNT];

  it('--sarif, --markdown, --junit and --json write each report from one run; stdout keeps --format', async () => {
    const dir = tempDir();
    const r = await runCli([
      'check',
      ...COMPANY,
      '--spec',
      `${SPECS}/fail.yaml`,
      '--sarif',
      join(dir, 'out', 'iamspec.sarif'),
      '--markdown',
      join(dir, 'iamspec.md'),
      '--junit',
      join(dir, 'junit.xml'),
      '--json',
      join(dir, 'result.json'),
    ]);
    expect(r.code).toBe(1);
    // standard output: the text report, as without the file options
    expect(r.stdout).toMatch(/^✗ john-never-reads-logs/m);
    expect(JSON.parse(readFileSync(join(dir, 'out', 'iamspec.sarif'), 'utf8')).runs[0].results).toHaveLength(
      1,
    );
    expect(readFileSync(join(dir, 'iamspec.md'), 'utf8')).toContain('| ❌ fail | `john-never-reads-logs` |');
    const junit = new XMLParser({ ignoreAttributes: false }).parse(
      readFileSync(join(dir, 'junit.xml'), 'utf8'),
    );
    expect(junit.testsuites['@_failures']).toBe('1');
    expect(JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8')).summary.failed).toBe(1);
  });

  it('with --out, stdout is the summary line and every file is written', async () => {
    const dir = tempDir();
    const r = await runCli([
      'check',
      ...COMPANY,
      '--spec',
      `${SPECS}/pass.yaml`,
      '--format',
      'markdown',
      '--out',
      join(dir, 'a.md'),
      '--text',
      join(dir, 'a.txt'),
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('2 passed, 0 failed, 0 indeterminate\n');
    expect(readFileSync(join(dir, 'a.md'), 'utf8')).toContain('`john-reads-logs`');
    expect(readFileSync(join(dir, 'a.txt'), 'utf8')).toMatch(/^✓ john-reads-logs/m);
  });

  it('two reports to one file, or one format twice, are usage errors', async () => {
    const dir = tempDir();
    const same = await runCli([
      'check',
      ...COMPANY,
      '--spec',
      `${SPECS}/pass.yaml`,
      '--sarif',
      join(dir, 'r'),
      '--junit',
      join(dir, 'r'),
    ]);
    expect(same.code).toBe(2);
    expect(same.stderr).toContain('--sarif and --junit both write');
    const twice = await runCli([
      'check',
      ...COMPANY,
      '--spec',
      `${SPECS}/pass.yaml`,
      '--sarif',
      join(dir, 'a'),
      '--sarif',
      join(dir, 'b'),
    ]);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toContain('--sarif is given 2 times');
    const bad = await runCli(['check', ...COMPANY, '--spec', `${SPECS}/pass.yaml`, '--fail-on', 'warning']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--fail-on expects failed or indeterminate, got "warning"');
  });

  it('an indeterminate expectation exits 1 by default and 0 with --fail-on failed (JUnit: skipped)', async () => {
    const spec = ['--spec', `${SPECS}/undecided.yaml`];
    const byDefault = await runCli(['check', ...UNDECIDED, ...spec]);
    expect(byDefault.code).toBe(1);
    expect(byDefault.stdout.trimEnd().split('\n').pop()).toBe('0 passed, 0 failed, 1 indeterminate');
    const explicit = await runCli(['check', ...UNDECIDED, ...spec, '--fail-on', 'indeterminate']);
    expect(explicit.code).toBe(1);

    const dir = tempDir();
    const lenient = await runCli([
      'check',
      ...UNDECIDED,
      ...spec,
      '--fail-on',
      'failed',
      '--junit',
      join(dir, 'junit.xml'),
    ]);
    expect(lenient.code).toBe(0);
    expect(lenient.stdout).toMatch(/^\? auditor-never-reads/m);
    expect(lenient.stderr).toContain('1 indeterminate expectation');
    expect(lenient.stderr).toContain('--fail-on failed');
    const junit = new XMLParser({ ignoreAttributes: false }).parse(
      readFileSync(join(dir, 'junit.xml'), 'utf8'),
    );
    const suite = junit.testsuites.testsuite;
    expect(suite['@_failures']).toBe('0');
    expect(suite['@_skipped']).toBe('1');
    expect(suite.testcase.skipped['@_message']).toMatch(
      /^indeterminate: user\/auditor may or may not s3:GetObject/,
    );
  });

  it('--fail-on failed still exits 1 for a failure', async () => {
    const r = await runCli([
      'check',
      ...UNDECIDED,
      '--spec',
      `${SPECS}/undecided-fail.yaml`,
      '--fail-on',
      'failed',
    ]);
    expect(r.code).toBe(1);
    expect(r.stdout.trimEnd().split('\n').pop()).toBe('0 passed, 1 failed, 1 indeterminate');
  });
});

describe('check on the examples', () => {
  function synth(mutations?: Company1Mutations): string {
    const outdir = tempDir();
    createCompany1App({ outdir, mutations }).app.synth();
    return outdir;
  }

  it('cdk-example/access.yaml holds for the synthesized CDK app', async () => {
    const r = await runCli(['check', synth(), '--spec', 'cdk-example/access.yaml']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('✗');
    expect(r.stdout.trimEnd().split('\n').pop()).toMatch(/^\d+ passed, 0 failed, 0 indeterminate$/);
  });

  it('the intern boundary allowing s3:GetObject fails the exhaustive intern check at the boundary construct', async () => {
    const out = synth({ internBoundaryAllowsGetObject: true });
    const r = await runCli(['check', out, '--spec', 'cdk-example/access.yaml']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^✗ intern-lists-logs-only/m);
    expect(r.stdout).toContain('✗ [only] user/Sara-intern can also s3:GetObject');
    expect(r.stdout).toMatch(/InternBoundaryPolicy.*Sid "ReadLogs"/);
    expect(r.stdout).toMatch(
      /Company1Stack\.template\.json:\d+:\d+ \(Company1Stack\/InternBoundaryPolicy\/Resource, logical id InternBoundaryPolicy\w+\)/,
    );
    expect(r.stdout.trimEnd().split('\n').pop()).toMatch(/^\d+ passed, 1 failed, 0 indeterminate$/);
  });

  it('tf-example/access.yaml holds for plan.json with its configuration', async () => {
    const r = await runCli([
      'check',
      'tf-example/plan.json',
      'tf-example/',
      '--spec',
      'tf-example/access.yaml',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('✗');
    expect(r.stdout.trimEnd().split('\n').pop()).toMatch(/^\d+ passed, 0 failed, 0 indeterminate$/);
  });

  it('a public sales bucket policy fails sales-not-public, located at the .tf statement in SARIF', async () => {
    const dir = tempDir();
    const hcl = readFileSync('tf-example/main.tf', 'utf8');
    const mutated = hcl.replace('Principal = { AWS = aws_iam_user.john.arn }', 'Principal = "*"');
    expect(mutated).not.toBe(hcl);
    writeFileIn(dir, 'main.tf', mutated);
    const r = await runCli(['check', dir, '--spec', 'tf-example/access.yaml', '--format', 'sarif']);
    expect(r.code).toBe(1);
    const results = JSON.parse(r.stdout).runs[0].results as {
      ruleId: string;
      message: { text: string };
      locations: {
        physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } };
        logicalLocations: { name: string }[];
      }[];
    }[];
    const sales = results.find((x) => x.message.text.includes('sales-not-public'));
    expect(sales?.ruleId).toBe('onlyPrincipals');
    const loc = sales!.locations[0]!;
    expect(loc.physicalLocation.artifactLocation.uri).toMatch(/main\.tf$/);
    const policyLine =
      mutated.split('\n').findIndex((l) => l.includes('resource "aws_s3_bucket_policy" "sales"')) + 1;
    expect(loc.physicalLocation.region.startLine).toBeGreaterThan(policyLine);
    expect(loc.logicalLocations.map((l) => l.name)).toContain('aws_s3_bucket_policy.sales');
  });
});

describe('check: a bucket made elsewhere is a warning, --strict an error', () => {
  // test/fixtures/requests/central-logs.yaml grants s3:ListBucket on company1-logs, which it does
  // not create (a central logs bucket): a spec that names it must work.
  const args = ['check', 'test/fixtures/requests/central-logs.yaml'];
  const spec = ['--spec', 'test/fixtures/requests/central-logs.access.yaml'];

  it('passes (exit 0), with the warning on stderr and in the report', async () => {
    const r = await runCli([...args, ...spec]);
    expect(r.code).toBe(0);
    const warning =
      'test/fixtures/requests/central-logs.access.yaml:10:9: warning: resource "arn:aws:s3:::company1-logs" names the bucket "company1-logs", which is not in the model';
    expect(r.stderr).toContain(`iamspec: ${warning}`);
    expect(r.stdout).toContain(warning);
    const sarif = JSON.parse((await runCli([...args, ...spec, '--format', 'sarif'])).stdout);
    // the template has no Region: the assumption is a result at the template file
    expect(sarif.runs[0].results.map((x: { ruleId: string }) => x.ruleId)).toEqual([
      'spec-warning',
      'spec-warning',
      'cfn/assumed-region',
    ]);
  });

  it('--strict makes it an error at the spec element (exit 2)', async () => {
    const r = await runCli([...args, ...spec, '--strict']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(
      'iamspec: test/fixtures/requests/central-logs.access.yaml:10:9: resource "arn:aws:s3:::company1-logs" names the bucket',
    );
    expect(r.stderr).toContain('(strict: warnings are errors)');
  });
});

describe('check: an error about the inputs that could change a verdict exits 2, without --strict', () => {
  // ../shared/DESIGN.md "Contracts": exit 2 = usage or input error. A role without
  // AssumeRolePolicyDocument is a template CloudFormation rejects (cfn/invalid-resource, severity
  // error, could change a verdict): the spec passes, but the run fails after the reports are written.
  const TEMPLATE = `${SPECS}/role-without-trust.yaml`;
  const args = ['check', TEMPLATE, '--spec', `${SPECS}/role-without-trust.access.yaml`];

  it('writes every report in full, then exits 2 with one line naming the error and its place', async () => {
    const dir = tempDir();
    const [json, junit, sarif, md] = ['r.json', 'r.xml', 'r.sarif', 'r.md'].map((f) => join(dir, f));
    const r = await runCli([
      ...args,
      '--region',
      'us-east-1',
      '--json',
      json!,
      '--junit',
      junit!,
      '--sarif',
      sarif!,
      '--markdown',
      md!,
    ]);
    expect(r.code).toBe(2);
    const at = await positionOf(TEMPLATE, 'Type: AWS::IAM::Role');
    const line = r.stderr.trimEnd().split('\n').pop();
    expect(line).toBe(
      `iamspec: 1 error about the inputs could change a verdict, so the run fails (errors fail without --strict): cfn/invalid-resource at ${TEMPLATE}:${at} (logical id Reader); exit 2`,
    );
    // the text report on stdout: the expectation passed, the run fails on the input error
    expect(r.stdout).toMatch(/^✓ reader-sends/m);
    expect(r.stdout).toContain(
      '1 error about the inputs could change a verdict, so the run fails (errors fail without strict)',
    );
    expect(r.stdout.trimEnd().split('\n').pop()).toBe('1 passed, 0 failed, 0 indeterminate');
    // the JSON report: not ok, with the error listed
    const result = JSON.parse(readFileSync(json!, 'utf8'));
    expect(result.ok).toBe(false);
    expect(result.strict).toBe(false);
    expect(result.summary).toMatchObject({ passed: 1, failed: 0, indeterminate: 0 });
    // JUnit: one failed test case says why the run fails
    const xml = new XMLParser({ ignoreAttributes: false }).parse(readFileSync(junit!, 'utf8'));
    const cases = [xml.testsuites.testsuite.testcase].flat();
    const failing = cases.find((c: { failure?: unknown }) => c.failure);
    expect(failing['@_name']).toBe('no error about the inputs could change a verdict');
    expect(failing.failure['@_type']).toBe('input-error');
    expect(failing.failure['#text']).toContain('role Reader has no AssumeRolePolicyDocument');
    // SARIF: the invocation says why, and the finding is an error result at the template
    const log = JSON.parse(readFileSync(sarif!, 'utf8'));
    expect(log.runs[0].invocations[0].properties).toEqual({
      inputFailure:
        '1 error about the inputs could change a verdict, so the run fails (errors fail without strict)',
    });
    const res = log.runs[0].results.find((x: { ruleId: string }) => x.ruleId === 'cfn/invalid-resource');
    expect(res.level).toBe('error');
    // markdown: the caution block
    expect(readFileSync(md!, 'utf8')).toContain(
      '> [!CAUTION]\n> 1 error about the inputs could change a verdict, so the run fails (errors fail without strict).',
    );
  });

  it('--fail-on failed does not let it pass: it is an input error, not an indeterminate check', async () => {
    const r = await runCli([...args, '--region', 'us-east-1', '--fail-on', 'failed']);
    expect(r.code).toBe(2);
  });

  it('--strict still says strict when a warning fails the run with the error', async () => {
    // no --region: cfn/assumed-region is a warning that could change a verdict
    const r = await runCli([...args, '--strict']);
    expect(r.code).toBe(2);
    const line = r.stderr.trimEnd().split('\n').pop();
    expect(line).toMatch(
      /^iamspec: strict: 2 warnings about the inputs could change a verdict, so the run fails: cfn\/invalid-resource at .* and 1 more; exit 2$/,
    );
    // without --strict, the warning alone would not fail it: only the error is named
    const plain = await runCli(args);
    expect(plain.code).toBe(2);
    expect(plain.stderr.trimEnd().split('\n').pop()).toMatch(
      /^iamspec: 1 error about the inputs .*\(logical id Reader\); exit 2$/,
    );
  });

  it('a warning that could change a verdict alone still passes without --strict', async () => {
    const r = await runCli(['check', ...COMPANY.slice(0, 3), '--spec', `${SPECS}/pass.yaml`]);
    // no --region: cfn/assumed-region, a warning (not an error)
    expect(r.stderr).toContain('cfn/assumed-region');
    expect(r.code).toBe(0);
  });
});
