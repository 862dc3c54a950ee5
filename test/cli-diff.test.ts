// `iamspec diff`: the two-input form (--base INPUT...), an access snapshot as the base (written by
// `iamspec matrix --format json`), a Terraform plan alone (its prior state against its planned
// values) and its agreement with the same two states given as separate inputs; the five formats;
// --fail-on added|risk|none exit codes; usage and input errors (exit 2), and with --fail-on an error
// about the new state that could change a verdict (exit 2).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AccessChange } from '../src/analysis/diff/types.js';
import { readReviewData } from '../src/report/html/review-data.js';
import { runCli } from './fixtures/cli/run.js';
import { ACCOUNT, diffTemplate, type Mutations, REGION } from './helpers/diff-fixtures.js';
import { tempDir, writeFileIn } from './helpers/temp-inputs.js';

const dir = tempDir('iamspec-diff-');
const ENV = ['--account', ACCOUNT, '--region', REGION];
/** The template with `m` as `<dir>/<name>/acme.template.json` (stack Acme, as in a checkout of each branch). */
function template(name: string, m: Mutations = {}): string {
  return writeFileIn(dir, `${name}/acme.template.json`, JSON.stringify(diffTemplate(m), null, 2));
}
const BASE = template('base');
const ADDED = template('added', { statementAdded: true });
const PUBLIC = template('public', { bucketPublic: true });
const RESYNTH = template('resynth', { resynthesized: true });
const PLAN = 'test/fixtures/diff/plan.json';

interface DiffJson {
  added: AccessChange[];
  removed: AccessChange[];
  changed: AccessChange[];
  risks: { added: { kind: string }[]; removed: unknown[] };
}

async function diffJson(args: string[]): Promise<DiffJson> {
  const r = await runCli(['diff', ...args, '--format', 'json']);
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as DiffJson;
}

const brief = (c: AccessChange) => `${c.principal} ${c.action} ${c.resource} ${c.before}->${c.after}`;

describe('diff --base INPUT INPUT', () => {
  it('prints the headline and the changes by principal with their statements (text)', async () => {
    const r = await runCli(['diff', '--base', BASE, ADDED, ...ENV]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Access diff: 1 principal gains access\./);
    expect(r.stdout).toContain('user/alice (user): +1');
    expect(r.stdout).toMatch(
      /\+ Write on \(unknown-generated-LogsBucket-[0-9a-f]{6}\)\/\*: s3:PutObject \(allow\)/,
    );
    expect(r.stdout).toMatch(
      /by Allow identity policy .*Sid "WriteLogs" \(new state\) at .*added\/acme\.template\.json:\d+:\d+/,
    );
  });

  it('--format json has the stable shape', async () => {
    const d = await diffJson(['--base', BASE, ADDED, ...ENV]);
    expect(Object.keys(d).sort()).toEqual(['added', 'changed', 'notes', 'removed', 'renamed', 'risks']);
    expect(Object.keys(d.risks).sort()).toEqual(['added', 'removed']);
    expect(d.added).toHaveLength(1);
    const c = d.added[0]!;
    expect(Object.keys(c).sort()).toEqual(['action', 'after', 'before', 'grants', 'principal', 'resource']);
    expect(c).toMatchObject({
      principal: `arn:aws:iam::${ACCOUNT}:user/alice`,
      action: 's3:PutObject',
      resource: 'arn:aws:s3:::(unknown-generated-LogsBucket-8fdfc6)/*',
      before: 'deny',
      after: 'allow',
    });
    expect(c.grants[0]).toMatchObject({
      state: 'after',
      effect: 'Allow',
      source: { logicalId: 'DevsPolicy' },
    });
  });

  it('a re-synthesized template: no access change, exit 0 even with --fail-on added', async () => {
    const r = await runCli(['diff', '--base', BASE, RESYNTH, ...ENV, '--fail-on', 'added']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Access diff: No access change\./);
    expect(r.stdout).toContain('Same element under a new generated name');
    // A lone template's stack name is unknown (it is not its file's): its generated names are
    // wholly unknown, each its own unknown part; the same elements, access unchanged.
    const other = writeFileIn(
      dir,
      'other-name.template.json',
      JSON.stringify(diffTemplate({ resynthesized: true })),
    );
    const renamed = await runCli(['diff', '--base', BASE, other, ...ENV, '--fail-on', 'added']);
    expect(renamed.code).toBe(0);
    expect(renamed.stdout).toMatch(/^Access diff: No access change\./);
    expect(renamed.stdout).toContain(
      'role arn:aws:iam::111122223333:role/(unknown-generated-ReaderRole-a3fe77) → arn:aws:iam::111122223333:role/(unknown-generated-ReaderRoleR3nam3d-808a5b)',
    );
  });

  it('--fail-on added exits 1 when access is added; --fail-on risk only when a risk finding appears', async () => {
    expect((await runCli(['diff', '--base', BASE, ADDED, ...ENV, '--fail-on', 'added'])).code).toBe(1);
    expect((await runCli(['diff', '--base', BASE, ADDED, ...ENV, '--fail-on', 'risk'])).code).toBe(0);
    const pub = await runCli(['diff', '--base', BASE, PUBLIC, ...ENV, '--fail-on', 'risk']);
    expect(pub.code).toBe(1);
    expect(pub.stderr).toContain('--fail-on risk');
    expect((await runCli(['diff', '--base', BASE, PUBLIC, ...ENV, '--fail-on', 'none'])).code).toBe(0);
    // Access removed is not added: the reverse change passes --fail-on added.
    expect((await runCli(['diff', '--base', ADDED, BASE, ...ENV, '--fail-on', 'added'])).code).toBe(0);
  });

  it('--principal and --resource restrict the comparison', async () => {
    const d = await diffJson(['--base', BASE, PUBLIC, ...ENV, '--principal', 'user/bob']);
    expect(d.added.map((c) => c.principal)).toEqual([`arn:aws:iam::${ACCOUNT}:user/bob`]);
    const none = await diffJson([
      '--base',
      BASE,
      PUBLIC,
      ...ENV,
      '--resource',
      'arn:aws:s3:::(unknown-generated-LogsBucket-8fdfc6)',
    ]);
    expect(none.added).toEqual([]);
  });

  it('markdown: a pull-request comment with the headline and one collapsible section per principal', async () => {
    const r = await runCli(['diff', '--base', BASE, PUBLIC, ...ENV, '--format', 'markdown']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^### iamspec: effective access changes\n\n\*\*\d+ principals gain access; 1 new risk finding\*\*/,
    );
    expect(r.stdout.match(/<details>/g)?.length).toBeGreaterThan(3);
    expect(r.stdout).toContain('<summary><b>anonymous (*)</b>');
    expect(r.stdout).toContain('**New risk findings**');
  });

  it('sarif: one result per statement that adds access, at the statement', async () => {
    const r = await runCli(['diff', '--base', BASE, ADDED, ...ENV, '--format', 'sarif']);
    const log = JSON.parse(r.stdout);
    expect(log.version).toBe('2.1.0');
    const results = log.runs[0].results;
    expect(results).toHaveLength(1);
    expect(results[0].ruleId).toBe('access-added');
    expect(results[0].locations[0].physicalLocation.artifactLocation.uri).toMatch(
      /added\/acme\.template\.json$/,
    );
    expect(results[0].locations[0].physicalLocation.region.startLine).toBeGreaterThan(1);
    expect(results[0].message.text).toContain('user/alice s3:PutObject');
  });

  it('html: the access review of the new state with the added cells marked', async () => {
    const out = join(dir, 'diff.html');
    const r = await runCli(['diff', '--base', BASE, ADDED, ...ENV, '--format', 'html', '--out', out]);
    expect(r.code).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('<section id="changes"');
    // one level of one cell marked added (the page draws the marks from its data)
    const marks = Object.values(readReviewData(html).core.changes ?? {}).join('');
    expect(marks.replace(/\./g, '')).toBe('+');
  });
});

describe('diff against an access snapshot', () => {
  it('takes the JSON that matrix --format json writes as the base', async () => {
    const snapshot = join(dir, 'access.json');
    const m = await runCli(['matrix', BASE, ...ENV, '--format', 'json', '--out', snapshot]);
    expect(m.code).toBe(0);
    expect(JSON.parse(readFileSync(snapshot, 'utf8')).risks).toBeInstanceOf(Array);
    const d = await diffJson(['--base', snapshot, ADDED, ...ENV]);
    expect(d.added.map(brief)).toEqual([
      `arn:aws:iam::${ACCOUNT}:user/alice s3:PutObject arn:aws:s3:::(unknown-generated-LogsBucket-8fdfc6)/* deny->allow`,
    ]);
    expect((await runCli(['diff', '--base', snapshot, BASE, ...ENV, '--fail-on', 'risk'])).code).toBe(0);
    // Generated names in another stack, by shape: the same role and bucket, no access change.
    const other = writeFileIn(
      dir,
      'renamed.template.json',
      JSON.stringify(diffTemplate({ resynthesized: true })),
    );
    const renamed = await diffJson(['--base', snapshot, other, ...ENV]);
    expect([...renamed.added, ...renamed.removed, ...renamed.changed]).toEqual([]);
    expect((await runCli(['diff', '--base', snapshot, PUBLIC, ...ENV, '--fail-on', 'risk'])).code).toBe(1);
  });

  it('says what is wrong with a file that is not a snapshot', async () => {
    const bad = writeFileIn(
      dir,
      'bad.json',
      JSON.stringify({ levels: [], principals: [{ arn: 'x' }], resources: [], cells: [] }),
    );
    const r = await runCli(['diff', '--base', bad, BASE, ...ENV]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.json: not an access snapshot.*one row per principal/);
  });
});

describe('diff plan.json: a Terraform plan alone', () => {
  it('compares the prior state with the planned values, base statements located in prior_state', async () => {
    const d = await diffJson([PLAN]);
    expect(d.added.map(brief)).toEqual([
      `arn:aws:iam::${ACCOUNT}:user/alice s3:PutObject arn:aws:s3:::acme-data/* deny->allow`,
      `arn:aws:iam::${ACCOUNT}:user/carol s3:GetObject arn:aws:s3:::acme-data/* deny->allow`,
      `arn:aws:iam::999988887777:role/(any-role) sts:AssumeRole arn:aws:iam::${ACCOUNT}:role/Deployer deny->allow`,
      `arn:aws:iam::999988887777:user/(any-user) sts:AssumeRole arn:aws:iam::${ACCOUNT}:role/Deployer deny->allow`,
    ]);
    expect(d.removed.map(brief)).toEqual([
      `arn:aws:iam::${ACCOUNT}:user/bob s3:ListBucket arn:aws:s3:::acme-data allow->deny`,
    ]);
    expect(d.removed[0]!.grants[0]!.source?.pointer).toMatch(
      /^\/prior_state\/values\/root_module\/resources\/\d+\/values/,
    );
    expect(d.risks.added.map((f) => f.kind)).toEqual(['cross-account-access']);
  });

  it('agrees with the two states given as separate inputs', async () => {
    const plan = JSON.parse(readFileSync(PLAN, 'utf8'));
    const prior = writeFileIn(
      dir,
      'prior.json',
      JSON.stringify({
        format_version: plan.format_version,
        terraform_version: plan.terraform_version,
        planned_values: plan.prior_state.values,
        configuration: plan.configuration,
      }),
    );
    const { prior_state: _, ...rest } = plan;
    const planned = writeFileIn(dir, 'planned.json', JSON.stringify(rest));
    const alone = await diffJson([PLAN]);
    const two = await diffJson(['--base', prior, planned]);
    const semantic = (d: DiffJson) =>
      [...d.added, ...d.removed, ...d.changed].map((c) => ({
        ...c,
        grants: c.grants.map(
          (g) => `${g.state} ${g.stage} ${g.policy} ${g.statement} ${g.effect} ${g.source?.address}`,
        ),
      }));
    expect(semantic(two)).toEqual(semantic(alone));
    const risks = (d: DiffJson) => d.risks.added.map((f) => JSON.stringify({ ...f, statements: undefined }));
    expect(risks(two)).toEqual(risks(alone));
    expect(two.risks.removed).toEqual(alone.risks.removed);
  });

  it('without --base, the inputs must hold one plan', async () => {
    const r = await runCli(['diff', BASE, ...ENV]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no --base: give the inputs of the old state with --base/);
  });
});

describe('usage errors', () => {
  it.each([
    [['diff'], /no INPUT given/],
    [['diff', '--base', BASE, ADDED, '--fail-on', 'sometimes'], /--fail-on expects added, risk, none/],
    [
      ['diff', '--base', BASE, ADDED, '--format', 'csv'],
      /--format expects text, json, markdown, sarif, html/,
    ],
    [['diff', '--base', BASE, ADDED, '--title', 'x'], /--title applies to --format html and markdown only/],
  ])('%j exits 2', async (argv, message) => {
    const r = await runCli(argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it('--help prints the usage', async () => {
    const r = await runCli(['diff', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: iamspec diff --base INPUT\.\.\. INPUT\.\.\./);
  });
});

describe('diff: an error about the new state that could change a verdict', () => {
  // ../shared/DESIGN.md "Contracts": exit 2 = input error. With --fail-on added|risk the diff is a
  // gate, as `check` is: an error of the new state (a role without AssumeRolePolicyDocument,
  // which CloudFormation rejects: cfn/invalid-resource) exits 2 after the diff is written. Without
  // --fail-on the diff is a report (exit 0); an error only in the base does not fail the gate.
  const BROKEN = 'test/fixtures/check/role-without-trust.yaml';
  const FIXED = writeFileIn(
    dir,
    'role-with-trust.yaml',
    readFileSync(BROKEN, 'utf8').replace(
      '      RoleName: reader\n',
      [
        '      RoleName: reader',
        '      AssumeRolePolicyDocument:',
        '        Version: "2012-10-17"',
        '        Statement:',
        '          - Effect: Allow',
        '            Principal: { Service: lambda.amazonaws.com }',
        '            Action: sts:AssumeRole',
        '',
      ].join('\n'),
    ),
  );
  const env = ['--account', '111122223333', '--region', 'us-east-1'];

  it('--fail-on added exits 2 after the diff, naming the error; --fail-on none exits 0', async () => {
    const r = await runCli([
      'diff',
      '--base',
      FIXED,
      BROKEN,
      ...env,
      '--fail-on',
      'added',
      '--format',
      'json',
    ]);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout)).toHaveProperty('added'); // the diff is written in full
    expect(r.stderr.trimEnd().split('\n').pop()).toMatch(
      /^iamspec diff: --fail-on added: 1 error about the inputs could change a verdict, so the run fails: cfn\/invalid-resource at test\/fixtures\/check\/role-without-trust\.yaml:\d+:\d+ \(logical id Reader\); exit 2$/,
    );
    expect((await runCli(['diff', '--base', FIXED, BROKEN, ...env, '--fail-on', 'risk'])).code).toBe(2);
    const report = await runCli(['diff', '--base', FIXED, BROKEN, ...env]);
    expect(report.code).toBe(0);
    expect(report.stderr).toContain('cfn/invalid-resource');
  });

  it('an error only in the base does not fail the gate (the change may fix it)', async () => {
    const r = await runCli(['diff', '--base', BROKEN, FIXED, ...env, '--fail-on', 'risk']);
    expect(r.stderr).toContain('cfn/invalid-resource'); // summarised for the base
    expect(r.code).not.toBe(2);
  });
});
