// The GitHub Action (action.yml and action/) installing the packed package and checking the
// Terraform repository of test/fixtures/consumers/terraform-repo with the inputs its workflow
// gives, run offline by test/helpers/composite-action.ts against a fake `gh` holding the pull
// request's comments. The first job installs the tarball the way the Action installs from the
// registry; the others reuse that install (the install step replaced by its outputs).

import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { type ActionJob, newActionJob, stepOf, workflowInputs } from '../helpers/action-job.js';
import type { ActionRun } from '../helpers/composite-action.js';

const scratch = mkdtempSync(join(inject('consumersDir'), 'action-'));
let stub: Record<string, Record<string, string>>;

const newJob = (event?: unknown) => newActionJob(scratch, event);
const runIn = (job: ActionJob, inputs: Record<string, string>, env?: Record<string, string>): ActionRun =>
  job.run(inputs, { stub, ...(env ? { env } : {}) });

describe('installing: the packed package, production dependencies only', () => {
  let first: ActionRun;
  let installDir: string;
  beforeAll(() => {
    const job = newJob();
    first = job.run({ ...workflowInputs(), package: inject('tarball') });
    const install = stepOf(first, 'install');
    installDir = join(job.dir, 'runner-temp-1', 'iamspec-cli');
    console.log(
      `action: install step ${install.stdout?.match(/installed in ([\d.]+ s)/)?.[1]}; ${first.log.length} bytes of log`,
    );
    stub = {
      install: {
        cli: join(installDir, 'node_modules', 'iamspec', 'bin', 'iamspec.js'),
        version: first.outputs['iamspec-version']!,
      },
    };
  });

  it('installs iamspec without CDK, CDKTF, vitest, puppeteer or any dev dependency, and checks', () => {
    expect(first.success, first.log).toBe(true);
    expect(first.outputs.result).toBe('passed');
    const installed = readdirSync(join(installDir, 'node_modules')).flatMap((d) =>
      d.startsWith('@') ? readdirSync(join(installDir, 'node_modules', d)).map((s) => `${d}/${s}`) : [d],
    );
    expect(installed).toContain('iamspec');
    for (const heavy of [
      'aws-cdk-lib',
      'constructs',
      'cdktf',
      '@cdktf/provider-aws',
      'vitest',
      'puppeteer-core',
      'typescript',
      'esbuild',
      'tsx',
    ]) {
      expect(installed, heavy).not.toContain(heavy);
    }
    expect(existsSync(join(installDir, 'node_modules', 'iamspec', 'dist', 'catalog-cache'))).toBe(true);
    // the shipped catalog index was used: nothing was built into node_modules/.cache
    expect(existsSync(join(installDir, 'node_modules', '.cache', 'iamspec'))).toBe(false);
    expect(first.outputs['iamspec-version']).toMatch(/^\d+\.\d+\.\d+/);
  });
});

describe('a pull request in a Terraform repository: HCL and a variable file, no credentials', () => {
  it('checks, writes the summary and the reports, uploads SARIF, comments once, and passes', () => {
    const job = newJob();
    const r = job.run(workflowInputs(), { stub });
    expect(r.success, r.log).toBe(true);
    expect(r.outputs).toMatchObject({ result: 'passed', expectations: '1', passed: '1', failed: '0' });
    // the step summary holds the markdown report
    expect(r.summary).toContain('reader-reads-reports');
    expect(readFileSync(r.outputs['markdown-file']!, 'utf8')).toBe(r.summary);
    // SARIF and JUnit as asked, and the JSON the verdict came from
    const sarif = JSON.parse(readFileSync(r.outputs['sarif-file']!, 'utf8'));
    expect(sarif.version).toBe('2.1.0');
    expect(readFileSync(r.outputs['junit-file']!, 'utf8')).toMatch(/<testsuites?\b/);
    expect(JSON.parse(readFileSync(r.outputs['json-file']!, 'utf8')).ok).toBe(true);
    // one `iamspec check` run wrote them all
    const runs = (stepOf(r, 'iamspec check').stdout ?? '')
      .split('\n')
      .filter((l) => l.startsWith('iamspec check '));
    expect(runs).toHaveLength(1);
    for (const option of ['--format json --out ', '--sarif ', '--junit ', '--markdown '])
      expect(runs[0]).toContain(option);
    // the account input reached the CLI: no note that the spec's account is not in the inputs
    expect(r.summary).not.toContain('is not an account of the inputs');
    // other actions: Node 24, the npm cache keyed by the package, the SARIF upload
    expect(stepOf(r, 'Set up Node.js').with).toEqual({ 'node-version': '24' });
    const cache = stepOf(r, 'Restore the npm cache');
    expect(cache.uses).toBe('actions/cache@v5');
    expect(cache.with!.key).toMatch(/^iamspec-npm-.*iamspec@\d+\.\d+\.\d+/);
    expect(cache.with!.path).not.toBe('');
    const upload = stepOf(r, 'Upload SARIF to code scanning');
    expect(upload.uses).toBe('github/codeql-action/upload-sarif@v4');
    expect(upload.with).toEqual({ sarif_file: r.outputs['sarif-file'], category: 'iamspec' });
    // one comment with the marker and the report
    const posted = job.comments();
    expect(posted).toHaveLength(1);
    expect(posted[0]).toMatchObject({ issue: 7 });
    expect(posted[0]!.body).toMatch(/^<!-- iamspec-action:iamspec -->\n/);
    expect(posted[0]!.body).toContain('reader-reads-reports');
    expect(posted[0]!.body).toContain('https://github.example/acme/infra/actions/runs/42');
  });

  it('updates the same comment on the next run, and fails the job when an expectation fails', () => {
    const job = newJob();
    expect(runIn(job, workflowInputs()).success).toBe(true);
    // the pull request widens nothing but the spec now asks for less: reading becomes a violation
    writeFileSync(
      join(job.workspace, 'access.yaml'),
      readFileSync(join(job.workspace, 'access.yaml'), 'utf8').replace(
        '- { action: s3:GetObject, resource: "aws_s3_bucket.reports/*" }',
        '- { action: s3:ListBucket, resource: "aws_s3_bucket.reports" }',
      ),
    );
    const r = runIn(job, workflowInputs());
    expect(r.success).toBe(false);
    expect(r.outputs.result).toBe('failed');
    expect(stepOf(r, 'Verdict').status).toBe(1);
    expect(stepOf(r, 'Verdict').stdout).toContain(
      '::error title=iamspec::an expectation of the access spec does not hold',
    );
    // the reports and the comment still came before the verdict
    expect(stepOf(r, 'Upload SARIF to code scanning').ran).toBe(true);
    const posted = job.comments();
    expect(posted).toHaveLength(1);
    expect(posted[0]!.body).toMatch(/✗|fail/i);
    const methods = job.ghCalls().map((c) => c[c.indexOf('--method') + 1] ?? 'GET');
    expect(methods.filter((m) => m === 'POST')).toHaveLength(1);
    expect(methods.filter((m) => m === 'PATCH')).toHaveLength(1);
  });

  it('without the variable file the bucket is unknown: indeterminate fails by default, not with fail-on: failed', () => {
    const inputs = { ...workflowInputs(), 'var-files': '' };
    const strict = runIn(newJob(), inputs);
    expect(strict.outputs.result).toBe('indeterminate');
    expect(strict.success).toBe(false);
    const lenient = runIn(newJob(), { ...inputs, 'fail-on': 'failed' });
    expect(lenient.outputs.result).toBe('indeterminate');
    expect(lenient.success).toBe(true);
    expect(stepOf(lenient, 'Verdict').stdout).toContain(
      '::warning title=iamspec::the check is indeterminate',
    );
  });

  it('a read-only token (a pull request from a fork): the comment is a warning, the job still passes', () => {
    const job = newJob();
    const r = runIn(job, workflowInputs(), { FAKE_GH_FAIL: '403' });
    expect(r.success, r.log).toBe(true);
    expect(stepOf(r, 'Comment on the pull request').stdout).toMatch(
      /::warning title=iamspec::could not comment on pull request #7 \(gh: Resource not accessible/,
    );
    expect(job.comments()).toEqual([]);
    expect(r.summary).toContain('reader-reads-reports');
  });

  it('outside a pull request there is no comment and no call to GitHub', () => {
    const job = newJob({ ref: 'refs/heads/main' });
    const r = runIn(job, workflowInputs());
    expect(r.success).toBe(true);
    expect(stepOf(r, 'Comment on the pull request').stdout).toContain('not a pull request');
    expect(job.ghCalls()).toEqual([]);
  });

  it('comment: false, upload-sarif: false and formats: junit skip those steps', () => {
    const job = newJob();
    const r = runIn(job, {
      ...workflowInputs(),
      comment: 'false',
      'upload-sarif': 'false',
      'step-summary': 'false',
      formats: 'junit',
    });
    expect(r.success).toBe(true);
    expect(stepOf(r, 'Upload SARIF to code scanning').ran).toBe(false);
    expect(stepOf(r, 'Comment on the pull request').ran).toBe(false);
    expect(r.outputs['sarif-file']).toBe('');
    expect(r.summary).toBe('');
    expect(job.ghCalls()).toEqual([]);
  });

  it('an input error stops the job at the check step, with the CLI message as an error annotation', () => {
    const r = runIn(newJob(), { ...workflowInputs(), spec: 'missing.yaml' });
    expect(r.success).toBe(false);
    expect(stepOf(r, 'iamspec check').status).toBe(2);
    expect(stepOf(r, 'iamspec check').stdout).toMatch(
      /::error title=iamspec::iamspec check could not run \(exit 2\)/,
    );
    expect(stepOf(r, 'Upload SARIF to code scanning').ran).toBe(false);
    expect(stepOf(r, 'Verdict').ran).toBe(false);
  });

  it('an error about the inputs (here a warning under --strict) publishes the reports and the comment, then fails the job', () => {
    const job = newJob();
    const r = runIn(job, { ...workflowInputs(), 'var-files': '', args: '--strict' });
    expect(r.success).toBe(false);
    expect(r.outputs.result).toBe('input-error');
    expect(stepOf(r, 'iamspec check').status).toBe(0);
    expect(stepOf(r, 'iamspec check').stdout).toMatch(
      /::error title=iamspec::iamspec check: strict: 2 warnings about the inputs could change a verdict, so the run fails: tf\/unknown-name at infra\/main.tf/,
    );
    expect(stepOf(r, 'Upload SARIF to code scanning').ran).toBe(true);
    expect(job.comments()).toHaveLength(1);
    expect(r.summary).toContain('reader-reads-reports');
    expect(stepOf(r, 'Verdict').status).toBe(1);
    expect(stepOf(r, 'Verdict').stdout).toContain('::error title=iamspec::the inputs have an error');
    // fail-on: never reports verdicts only; an input error still fails the job
    expect(
      runIn(newJob(), { ...workflowInputs(), 'var-files': '', args: '--strict', 'fail-on': 'never' }).success,
    ).toBe(false);
  });

  it('several inputs on one line, vars and extra args reach the CLI', () => {
    const job = newJob();
    const r = runIn(job, {
      ...workflowInputs(),
      inputs: 'infra/main.tf infra/',
      'var-files': '',
      vars: 'env=ci\nreports_bucket=acme-reports-ci',
      args: '--partition aws',
    });
    expect(r.success, r.log).toBe(true);
    expect(stepOf(r, 'iamspec check').stdout).toContain(
      'iamspec check infra/main.tf infra/ --spec access.yaml --account 333333333333 --var env=ci --var reports_bucket=acme-reports-ci --partition aws --format json',
    );
    expect(r.outputs.result).toBe('passed');
  });
});
