// Structured indeterminate verdicts (src/analysis/indeterminate.ts): a check or a risk finding
// whose verdict depends on what the inputs do not pin down carries `indeterminate: { reasons }`
// (each reason's kind, words and source) in every format, and the stderr summary counts them; a
// model without unknowns carries none. Before, only the message text said so.
// The unknown: a Terraform plan whose inline role policy is known only after apply. Terraform,
// "JSON Output Format": "after_unknown": "An object value with similar structure to "after", but
// with all unknown leaf values replaced with "true", and all known leaf values omitted"
// (https://developer.hashicorp.com/terraform/internals/json-format).

import { describe, expect, it } from 'vitest';
import { runCli, tempJson } from './fixtures/cli/run.js';
import { deployerPlan, doc } from './helpers/unknown-boundary-plans.js';

const ACCOUNT = ['--account', '111122223333'];
const POLICY = 'aws_iam_role_policy.deployer';

const SPEC = [
  'version: 1',
  'expect:',
  '  - id: no-users',
  '    principal: role/deployer',
  '    cannot:',
  '      - action: iam:CreateUser',
  '        resource: "*"',
  '  - id: no-data',
  '    principal: role/deployer',
  '    cannot:',
  '      - action: s3:GetObject',
  '        resource: arn:aws:s3:::iamspec-data/report.csv',
  '',
].join('\n');

// biome-ignore lint/suspicious/noExplicitAny: parsed report documents, navigated freely in assertions
type Json = Record<string, any>;

async function check(known: boolean, format: string) {
  const input = await tempJson('plan.json', deployerPlan(known));
  const spec = await tempJson('access.yaml', SPEC);
  return runCli(['check', input, '--spec', spec, ...ACCOUNT, '--format', format]);
}

const names = (reasons: Json[]) => reasons.map((r) => r.source?.address);

describe('indeterminate verdicts: a role policy known only after apply', () => {
  it('JSON: the indeterminate check carries { reasons } with the unknown policy as source; a decided check null', async () => {
    const run = await check(false, 'json');
    const json = JSON.parse(run.stdout) as Json;
    const [users, data] = json.expectations.map((e: Json) => e.checks[0]);
    expect(users.status).toBe('indeterminate');
    expect(users.indeterminate.reasons.length).toBeGreaterThan(0);
    expect(users.indeterminate.reasons[0]).toMatchObject({
      kind: expect.any(String),
      text: expect.any(String),
    });
    expect(names(users.indeterminate.reasons)).toContain(POLICY);
    expect(data.status).toBe('indeterminate');
    expect(names(data.indeterminate.reasons)).toContain(POLICY);
    // the stderr summary counts the indeterminate checks and names the first unknown
    expect(run.stderr).toContain('2 indeterminate checks');
    expect(run.stderr).toContain(`no-users [cannot]: because`);
    expect(run.stderr).toContain(POLICY);

    const known = JSON.parse((await check(true, 'json')).stdout) as Json;
    const checks = known.expectations.map((e: Json) => e.checks[0]);
    expect(checks.map((c: Json) => c.status)).toEqual(['pass', 'fail']);
    expect(checks.map((c: Json) => c.indeterminate)).toEqual([null, null]);
  });

  it('SARIF: properties.indeterminate and the unknown as a related location; none without unknowns', async () => {
    const sarif = JSON.parse((await check(false, 'sarif')).stdout) as Json;
    const results = (sarif.runs[0].results as Json[]).filter((r) => r.ruleId === 'cannot');
    expect(results).toHaveLength(2);
    for (const r of results) {
      expect(r.properties.status).toBe('indeterminate');
      expect(names(r.properties.indeterminate.reasons)).toContain(POLICY);
      const unknown = (r.relatedLocations as Json[]).filter((l) => l.message.text.startsWith('unknown: '));
      expect(unknown.length).toBeGreaterThan(0);
      expect(r.message.text).toContain('indeterminate because:');
    }
    const decided = JSON.parse((await check(true, 'sarif')).stdout) as Json;
    for (const r of decided.runs[0].results as Json[]) {
      expect(r.properties.indeterminate).toBeUndefined();
      expect(r.message.text).not.toContain('indeterminate because');
    }
  });

  it('text, Markdown and JUnit say "indeterminate because" with the source; not without unknowns', async () => {
    for (const format of ['text', 'markdown', 'junit']) {
      const out = (await check(false, format)).stdout;
      expect(out, format).toMatch(/indeterminate because/i);
      expect(out, format).toContain(POLICY);
      const decided = (await check(true, format)).stdout;
      expect(decided, format).not.toMatch(/indeterminate because/i);
    }
    const junit = (await check(false, 'junit')).stdout;
    expect(junit).toMatch(/<failure message="[^"]*indeterminate because [^"]*" type="indeterminate">/);
  });

  it('risk findings (matrix JSON): the possible administrator carries { reasons } at the unknown policy', async () => {
    const input = await tempJson('plan.json', deployerPlan(false));
    const run = await runCli(['matrix', input, ...ACCOUNT, '--format', 'json']);
    const risks = JSON.parse(run.stdout).risks as Json[];
    const admin = risks.find((f) => f.kind === 'admin-equivalent' && f.subject.endsWith(':role/deployer'));
    expect(admin?.message).toContain('might be administrator-equivalent');
    expect(names(admin!.indeterminate.reasons)).toContain(POLICY);
    expect(run.stderr).toMatch(/iamspec matrix: \d+ of \d+ risk findings (is|are) indeterminate/);

    const known = await tempJson('plan.json', deployerPlan(true));
    const decided = JSON.parse((await runCli(['matrix', known, ...ACCOUNT, '--format', 'json'])).stdout);
    expect((decided.risks as Json[]).some((f) => f.kind === 'admin-equivalent')).toBe(false);
    for (const f of decided.risks as Json[]) expect(f.indeterminate).toBeUndefined();
  });

  it('diff: the new possible administrator carries { reasons } in JSON and SARIF, says why in text and Markdown', async () => {
    const base = await tempJson('base.json', deployerPlan(true));
    const pr = await tempJson('pr.json', deployerPlan(false));
    const diff = (format: string) => runCli(['diff', '--base', base, pr, ...ACCOUNT, '--format', format]);
    const json = await diff('json');
    const added = (JSON.parse(json.stdout).risks.added as Json[]).find((f) => f.kind === 'admin-equivalent');
    expect(names(added!.indeterminate.reasons)).toContain(POLICY);
    expect(json.stderr).toMatch(/iamspec diff: \d+ of \d+ new risk findings (is|are) indeterminate/);
    const sarif = JSON.parse((await diff('sarif')).stdout) as Json;
    const result = (sarif.runs[0].results as Json[]).find((r) => r.properties?.kind === 'admin-equivalent');
    expect(names(result!.properties.indeterminate.reasons)).toContain(POLICY);
    for (const format of ['text', 'markdown']) {
      const out = (await diff(format)).stdout;
      expect(out, format).toMatch(/indeterminate because/);
    }
    // the reverse change resolves it: no new finding, nothing indeterminate
    const back = await runCli(['diff', '--base', pr, base, ...ACCOUNT, '--format', 'json']);
    expect(JSON.parse(back.stdout).risks.added).toEqual([]);
    expect(back.stderr).not.toContain('new risk findings');
  });

  it('a CloudFormation parameter-driven policy: the reason is the parameter at its place; with --parameter, none', async () => {
    const template = await tempJson('template.json', {
      Parameters: { ActionName: { Type: 'String' } },
      Resources: {
        Deployer: {
          Type: 'AWS::IAM::Role',
          Properties: {
            AssumeRolePolicyDocument: JSON.parse(
              doc([
                { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' },
              ]),
            ),
            Policies: [
              {
                PolicyName: 'deploy',
                PolicyDocument: JSON.parse(
                  doc([{ Effect: 'Allow', Action: { Ref: 'ActionName' }, Resource: '*' }]),
                ),
              },
            ],
          },
        },
      },
    });
    const spec = await tempJson(
      'access.yaml',
      [
        'version: 1',
        'expect:',
        '  - id: no-users',
        '    principal: Deployer',
        '    cannot:',
        '      - action: iam:CreateUser',
        '        resource: "*"',
        '',
      ].join('\n'),
    );
    const run = (...extra: string[]) =>
      runCli(['check', template, '--spec', spec, ...ACCOUNT, '--format', 'json', ...extra]);
    const open = JSON.parse((await run()).stdout).expectations[0].checks[0];
    expect(open.status).toBe('indeterminate');
    const reason = (open.indeterminate.reasons as Json[]).find((r) => r.text.includes('ActionName'));
    expect(reason).toMatchObject({ kind: 'unknown-action', source: { file: template } });
    const pinned = JSON.parse((await run('--parameter', 'ActionName=s3:GetObject')).stdout).expectations[0]
      .checks[0];
    expect(pinned.status).toBe('pass');
    expect(pinned.indeterminate).toBeNull();
  });
});
