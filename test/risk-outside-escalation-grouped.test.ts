// The review's outside-escalation findings grouped (analysis/risk-outside-escalation.ts): one
// finding per caller × entry role, listing every way the caller climbs through the role (`ways`,
// each with its gain, severity, path and statements), severity the highest. Before, one finding
// per caller × role × escalation method: a role open to anyone with two self-escalations gave two
// findings, and a role with many methods up to sixteen per caller. The diff compares a grouped
// finding way by way (analysis/diff/compare-risks.ts), so a base written before the grouping (one
// finding per way, detail `CALLER: WAY`) shows nothing new when nothing changed, and a new way
// still makes `diff --fail-on risk` fail.
// Pages:
// - IAM User Guide, "Switch from a user to an IAM role (AWS CLI)": "When you assume a role, you
//   give up your original permissions and take the permissions assigned to the role" (every
//   escalation of the role is the caller's, so the ways are one caller's ways through one role).

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareRisks } from '../src/analysis/diff/compare-risks.js';
import type { SideAccess } from '../src/analysis/diff/evaluate.js';
import { reviewRisks } from '../src/analysis/risks.js';
import type { RiskFinding } from '../src/analysis/types.js';
import { compileModel } from '../src/engine/index.js';
import { runCli } from './fixtures/cli/run.js';
import { modelOf } from './fixtures/cfn/load.js';
import { tempDir, writeFileIn } from './helpers/temp-inputs.js';

const ACCOUNT = '111122223333';
const DEPLOY = `arn:aws:iam::${ACCOUNT}:role/deploy`;
const ATTACH = 'Rhino Security Labs method 9';
const PUT = 'Rhino Security Labs method 12';
const doc = (Statement: object[]) => ({ Version: '2012-10-17', Statement });

/** Role `name` that the AWS principal `principal` may assume, with the inline policy `policyName` of `statements`. */
const role = (name: string, principal: string, policyName: string, statements: object[]) => ({
  Type: 'AWS::IAM::Role',
  Properties: {
    RoleName: name,
    AssumeRolePolicyDocument: doc([
      { Effect: 'Allow', Principal: { AWS: principal }, Action: 'sts:AssumeRole' },
    ]),
    Policies: [{ PolicyName: policyName, PolicyDocument: doc(statements) }],
  },
});

/** Role deploy open to anyone, that may run `actions` on itself. */
function template(actions: string[]): object {
  return {
    Resources: {
      Deploy: role('deploy', '*', 'self', [{ Effect: 'Allow', Action: actions, Resource: DEPLOY }]),
    },
  };
}

/** The templates of one way (iam:AttachRolePolicy) and two ways (and iam:PutRolePolicy), written under `dir`. */
function writeStates(dir: string): { one: string; two: string } {
  return {
    one: writeFileIn(dir, 'one/deploy.template.json', JSON.stringify(template(['iam:AttachRolePolicy']))),
    two: writeFileIn(
      dir,
      'two/deploy.template.json',
      JSON.stringify(template(['iam:AttachRolePolicy', 'iam:PutRolePolicy'])),
    ),
  };
}

/** An outside-escalation finding as the review made it before the grouping: one per way, detail `CALLER: WAY`. */
const ungrouped = (f: RiskFinding): RiskFinding[] =>
  f.ways!.map((w) => ({
    kind: f.kind,
    severity: w.severity,
    subject: f.subject,
    detail: `${f.detail}: ${w.detail}`,
    message: w.message,
    statements: w.statements,
    ...(w.indeterminate ? { indeterminate: w.indeterminate } : {}),
  }));

const review = (t: object) =>
  reviewRisks(compileModel(modelOf(JSON.stringify(t, null, 2), { file: 'deploy.json' })));
const outside = (risks: readonly RiskFinding[]) => risks.filter((f) => f.kind === 'outside-escalation');

describe('one outside-escalation finding per caller and role', () => {
  const risks = review(template(['iam:AttachRolePolicy', 'iam:PutRolePolicy']));

  it('two ways through one role: one finding, "2 ways", each way kept with its statements (was two findings)', () => {
    const found = outside(risks);
    expect(found).toHaveLength(1);
    const [f] = found;
    expect(f).toMatchObject({ severity: 'high', subject: DEPLOY, detail: 'anyone' });
    expect(f!.message).toMatch(
      /^anyone \(any AWS account: the trust lets every principal in\) can raise its privileges in account 111122223333 through role deploy, 2 ways: /,
    );
    expect(f!.message).toContain(ATTACH);
    expect(f!.message).toContain(PUT);
    expect(f!.message).toContain('iam:AttachRolePolicy');
    expect(f!.message).toContain('iam:PutRolePolicy');
    // in the order found when equally severe
    expect(f!.ways?.map((w) => `${w.detail} ${w.severity}`)).toEqual([`${ATTACH} high`, `${PUT} high`]);
    for (const w of f!.ways!) {
      expect(w.statements.some((s) => s.stage === 'trust' && s.source?.logicalId === 'Deploy')).toBe(true);
      expect(w.statements.some((s) => s.stage === 'identity' && s.source?.logicalId === 'Deploy')).toBe(true);
      expect(w.message).toContain('sts:AssumeRole into role deploy');
    }
  });

  it("the message gives the paths of the first ways of the list limit, the finding's ways every one", () => {
    const engine = compileModel(
      modelOf(JSON.stringify(template(['iam:AttachRolePolicy', 'iam:PutRolePolicy'])), {
        file: 'deploy.json',
      }),
    );
    const [f] = outside(reviewRisks(engine, undefined, { listLimit: 1 }));
    expect(f!.message).toContain(`2 ways: ${ATTACH}; ${PUT}.`);
    expect(f!.message).toContain('; then (1) role deploy can attach');
    expect(f!.message).toContain("; (2–2) the paths the finding's ways give [anyone]");
    expect(f!.message).not.toContain('(iam:PutRolePolicy)');
    expect(f!.ways?.[1]?.message).toContain('(iam:PutRolePolicy)');
  });

  it('a sure way and an undecided one: the finding holds (not indeterminate), high; the undecided way keeps its reasons; every way undecided: indeterminate', () => {
    const t = template(['iam:AttachRolePolicy']) as {
      Resources: { Deploy: { Properties: { Policies: { PolicyDocument: { Statement: object[] } }[] } } };
    };
    const put = { Effect: 'Allow', Action: 'iam:PutRolePolicy', Resource: DEPLOY };
    t.Resources.Deploy.Properties.Policies[0]!.PolicyDocument.Statement.push({
      'Fn::If': ['MayPut', put, { Ref: 'AWS::NoValue' }],
    });
    const mixed = {
      ...t,
      Parameters: { Put: { Type: 'String' } },
      Conditions: { MayPut: { 'Fn::Equals': [{ Ref: 'Put' }, 'yes'] } },
    };
    const [f, ...rest] = outside(review(mixed));
    expect(rest).toEqual([]);
    expect(f!.severity).toBe('high');
    expect(f!.indeterminate).toBeUndefined();
    expect(f!.ways?.map((w) => `${w.detail} ${w.severity} ${!!w.indeterminate}`)).toEqual([
      `${ATTACH} high false`,
      `${PUT} medium true`,
    ]);
    expect(f!.ways![1]!.indeterminate!.reasons.length).toBeGreaterThan(0);
    // only the undecided way: the finding is undecided, medium
    const only = JSON.parse(JSON.stringify(mixed)) as typeof mixed;
    only.Resources.Deploy.Properties.Policies[0]!.PolicyDocument.Statement.shift();
    const [g] = outside(review(only));
    expect(g).toMatchObject({ severity: 'medium' });
    expect(g!.indeterminate?.reasons.length).toBeGreaterThan(0);
  });

  it('ways whose names hold a comma ("…, through a chain") are told apart: the names are listed with "; "', () => {
    // role deploy, open to anyone, may only become role admin, which may change its own policies
    const ADMIN = `arn:aws:iam::${ACCOUNT}:role/admin`;
    const t = {
      Resources: {
        Deploy: role('deploy', '*', 'hop', [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: ADMIN }]),
        Admin: role('admin', DEPLOY, 'self', [
          { Effect: 'Allow', Action: ['iam:AttachRolePolicy', 'iam:PutRolePolicy'], Resource: ADMIN },
        ]),
      },
    };
    const f = outside(review(t)).find((x) => x.subject === DEPLOY);
    expect(f?.ways?.map((w) => w.detail)).toEqual([`${ATTACH}, through a chain`, `${PUT}, through a chain`]);
    expect(f!.message).toContain(`2 ways: ${ATTACH}, through a chain; ${PUT}, through a chain.`);
  });

  it('near miss: one way only keeps the sentence of one path', () => {
    const [f, ...rest] = outside(review(template(['iam:AttachRolePolicy'])));
    expect(rest).toEqual([]);
    expect(f!.message).toMatch(/through role deploy\. The path: sts:AssumeRole into role deploy/);
    expect(f!.ways?.map((w) => w.detail)).toEqual([ATTACH]);
  });
});

describe('the diff compares a grouped finding way by way', () => {
  const side = (risks: RiskFinding[]): SideAccess =>
    ({ risks, riskSubjects: undefined, keyOf: (s: string) => s }) as unknown as SideAccess;
  const grouped = outside(review(template(['iam:AttachRolePolicy', 'iam:PutRolePolicy'])))[0]!;

  it('a base written before the grouping, nothing changed: nothing added or removed', () => {
    expect(compareRisks(side(ungrouped(grouped)), side([grouped]))).toEqual({ added: [], removed: [] });
    expect(compareRisks(side([grouped]), side(ungrouped(grouped)))).toEqual({ added: [], removed: [] });
    expect(compareRisks(side([grouped]), side([grouped]))).toEqual({ added: [], removed: [] });
  });

  it('a new way through the same role is a new finding; a way gone only is a removed one', () => {
    const one = outside(review(template(['iam:AttachRolePolicy'])))[0]!;
    expect(compareRisks(side([one]), side([grouped]))).toEqual({ added: [grouped], removed: [] });
    expect(compareRisks(side(ungrouped(one)), side([grouped]))).toEqual({ added: [grouped], removed: [] });
    expect(compareRisks(side([grouped]), side([one]))).toEqual({ added: [], removed: [grouped] });
  });

  it('diff --fail-on risk: exit 1 when a way appears, 0 when nothing changed', async () => {
    const { one, two } = writeStates(tempDir('iamspec-outside-grouped-'));
    const ENV = ['--account', ACCOUNT, '--region', 'us-west-2', '--format', 'json', '--fail-on', 'risk'];
    const grew = await runCli(['diff', '--base', one, two, ...ENV]);
    expect(grew.code).toBe(1);
    const added = (JSON.parse(grew.stdout).risks.added as RiskFinding[]).filter(
      (f) => f.kind === 'outside-escalation',
    );
    expect(added.map((f) => `${f.detail} ${f.ways?.length}`)).toEqual(['anyone 2']);
    // SARIF: one result, its ways with their paths and the places of their statements
    const sarif = JSON.parse(
      (
        await runCli([
          'diff',
          '--base',
          one,
          two,
          '--account',
          ACCOUNT,
          '--region',
          'us-west-2',
          '--format',
          'sarif',
        ])
      ).stdout,
    );
    const results = (
      sarif.runs[0].results as {
        properties?: { kind?: string; ways?: { detail: string; message: string; locations: unknown[] }[] };
      }[]
    ).filter((r) => r.properties?.kind === 'outside-escalation');
    expect(results).toHaveLength(1);
    expect(results[0]!.properties!.ways!.map((w) => w.detail)).toEqual([ATTACH, PUT]);
    for (const w of results[0]!.properties!.ways!) expect(w.locations.length).toBeGreaterThan(0);
    // text and Markdown: one line for the caller and role, with its ways; the HTML review one row
    const plain = ['--account', ACCOUNT, '--region', 'us-west-2'];
    const OPENS = 'can raise its privileges in account 111122223333 through role deploy, 2 ways: ';
    for (const format of ['text', 'markdown']) {
      const out = (await runCli(['diff', '--base', one, two, ...plain, '--format', format])).stdout;
      expect(out.split('\n').filter((l) => l.includes(OPENS))).toHaveLength(1);
    }
    const html = (await runCli(['matrix', two, ...plain, '--format', 'html'])).stdout;
    const start = html.indexOf('<section class="risk" data-kind="outside-escalation">');
    const section = html.slice(start, html.indexOf('</section>', start));
    expect(section.split('<tr>').filter((r) => r.includes(OPENS))).toHaveLength(1);
    const same = await runCli(['diff', '--base', two, two, ...ENV]);
    expect(JSON.parse(same.stdout).risks).toEqual({ added: [], removed: [] });
  });
});

describe('an access snapshot written before the grouping (one finding per way) as the base', () => {
  it('nothing changed: no new risk finding, --fail-on risk exits 0; a new way: exits 1', async () => {
    const dir = tempDir('iamspec-outside-grouped-snapshot-');
    const ENV = ['--account', ACCOUNT, '--region', 'us-west-2'];
    const { one, two } = writeStates(dir);
    /** `state`'s snapshot, its outside-escalation findings as the review wrote them before the grouping. */
    const oldSnapshot = async (state: string, name: string) => {
      const out = join(dir, name);
      expect((await runCli(['matrix', state, ...ENV, '--format', 'json', '--out', out])).code).toBe(0);
      const snapshot = JSON.parse(readFileSync(out, 'utf8')) as { risks: RiskFinding[] };
      snapshot.risks = snapshot.risks.flatMap((f) => (f.kind === 'outside-escalation' ? ungrouped(f) : [f]));
      expect(snapshot.risks.filter((f) => f.kind === 'outside-escalation').every((f) => !f.ways)).toBe(true);
      writeFileSync(out, JSON.stringify(snapshot));
      return out;
    };
    /** `diff --fail-on risk` of `two` against the snapshot `base`, in JSON. */
    const failOnRisk = (base: string) =>
      runCli(['diff', '--base', base, two, ...ENV, '--format', 'json', '--fail-on', 'risk']);
    const base2 = await oldSnapshot(two, 'two-old.json');
    const same = await failOnRisk(base2);
    expect(JSON.parse(same.stdout).risks).toEqual({ added: [], removed: [] });
    expect(same.code).toBe(0);
    const base1 = await oldSnapshot(one, 'one-old.json');
    const grew = await failOnRisk(base1);
    expect(
      outside(JSON.parse(grew.stdout).risks.added as RiskFinding[]).map(
        (f) => `${f.detail} ${f.ways?.length}`,
      ),
    ).toEqual(['anyone 2']);
    expect(grew.code).toBe(1);
  });
});

describe('the corpus plan whose local-exec may change every role (checkov runner-plan-55-resources-tf012)', () => {
  const PLAN = '../shared/corpus/tfplan/bridgecrewio__checkov__runner-plan-55-resources-tf012.tfplan.json';

  it('one finding per caller and role, the ways inside (was 16 findings per role, 80 in all)', async () => {
    const r = await runCli(['matrix', PLAN, '--format', 'json']);
    expect(r.code).toBe(0);
    const found = outside(JSON.parse(r.stdout).risks as RiskFinding[]);
    const pairs = found.map((f) => `${f.subject} ${f.detail}`);
    expect(new Set(pairs).size).toBe(pairs.length);
    expect(found.length).toBeGreaterThan(0);
    // 10: the 8 of the plan's account and, since a local-exec's IAM writes reach every account of
    // the model (its credentials are not pinned: aws/deploy-time-changes.ts `anyAccount`), the
    // local-exec's stand-in role in the stand-in account its resource-policy writes brought
    expect(found.length).toBeLessThanOrEqual(10);
    expect(found.every((f) => (f.ways?.length ?? 0) > 1)).toBe(true);
    for (const f of found) {
      const rank = { high: 3, medium: 2, low: 1 };
      expect(rank[f.severity]).toBe(Math.max(...f.ways!.map((w) => rank[w.severity])));
    }
  });
});
