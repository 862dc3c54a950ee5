// The first screen of the HTML access review and its header count (src/report/html/first-look.ts,
// src/report/verdict-counts.ts), and why an undecided administrator or iam:PassRole finding is so
// (src/analysis/risks.ts): what a security engineer reads before anything else.

import { describe, expect, it } from 'vitest';
import { buildMatrix } from '../src/analysis/matrix/build.js';
import { reviewRisks } from '../src/analysis/risks.js';
import { whoCan } from '../src/analysis/who-can.js';
import type { MatrixJson, RiskFinding } from '../src/analysis/types.js';
import { compileModel } from '../src/engine/index.js';
import { loadModel } from '../src/index.js';
import { renderAccessReview } from '../src/report/html/access-review.js';
import { FIRST_LOOK_ENTRIES, renderFirstLook } from '../src/report/html/first-look.js';
import { formatMatrixJson } from '../src/report/matrix-json.js';
import { formatMatrixMarkdown } from '../src/report/matrix-markdown.js';
import { formatMatrixText } from '../src/report/matrix-text.js';
import { indeterminateCount, indeterminateCountText } from '../src/report/verdict-counts.js';
import { formatWhoCanText } from '../src/report/who-can-text.js';
import { ACCOUNT, EVIL, refs, sampleMatrix } from './helpers/matrix-fixtures.js';

const FIXTURE = 'test/fixtures/cloudformation/unknown-targets.yaml';
const role = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;
const user = (name: string) => `arn:aws:iam::${ACCOUNT}:user/${name}`;

function finding(
  kind: RiskFinding['kind'],
  subject: string,
  severity: RiskFinding['severity'],
  message: string,
): RiskFinding {
  return { kind, severity, subject, message, statements: [refs.trust] };
}

const render = (risks: RiskFinding[]) =>
  renderFirstLook(
    risks,
    (s) => s.replace(/^.*:(user|role)\//, '$1/'),
    (f) => f.message,
  );

describe('the first screen', () => {
  it('lists the roles reachable from outside the account, most severe first, with their statements; not other resources', () => {
    const html = render([
      finding('federated-entry-point', role('deploy'), 'low', 'GitHub Actions can assume role deploy'),
      finding('cross-account-access', role('audit'), 'medium', 'account 999999999999 can assume role audit'),
      finding('public-access', 'arn:aws:s3:::open-bucket', 'high', 'bucket open-bucket is open to anyone'),
      finding(
        'weak-federated-trust',
        role('deploy'),
        'high',
        `role deploy trusts any GitHub repository ${EVIL}`,
      ),
    ]);
    const outside = html.slice(
      html.indexOf('id="first-look-outside"'),
      html.indexOf('id="first-look-admin"'),
    );
    expect(outside).toContain('Roles reachable from outside the account (3)');
    expect(outside).not.toContain('open-bucket');
    const order = ['any GitHub repository', 'account 999999999999', 'GitHub Actions can assume'].map((t) =>
      outside.indexOf(t),
    );
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(order.every((i) => i > 0)).toBe(true);
    // the trust statement and its source, escaped text
    expect(outside).toContain('<span class="src">at ');
    expect(outside).not.toContain(EVIL);
    expect(outside).toContain('&lt;img src=x');
  });

  it('lists the administrators, then each principal that can raise its privileges by its most severe way', () => {
    const html = render([
      finding('privilege-escalation', user('dev'), 'low', 'user dev can tag itself'),
      finding('privilege-escalation', user('dev'), 'high', 'user dev can attach any policy to itself'),
      finding('privilege-escalation', user('dev'), 'medium', 'user dev can pass a role'),
      finding('admin-equivalent', user('sarah'), 'high', 'user sarah is administrator-equivalent'),
    ]);
    const admin = html.slice(html.indexOf('id="first-look-admin"'));
    expect(admin).toContain('Administrators, and principals that can raise their own privileges (2)');
    expect(admin.indexOf('sarah is administrator-equivalent')).toBeLessThan(
      admin.indexOf('user dev can attach'),
    );
    expect(admin).toContain('user dev can attach any policy to itself');
    expect(admin).toContain('(and 2 other ways to raise its privileges)');
    expect(admin).not.toContain('user dev can tag itself');
  });

  it('says how many more there are past the first entries, and says when there are none', () => {
    const many = Array.from({ length: FIRST_LOOK_ENTRIES + 3 }, (_, i) =>
      finding('federated-entry-point', role(`r${i}`), 'low', `provider can assume role r${i}`),
    );
    const html = render(many);
    expect(html).toContain(`Roles reachable from outside the account (${FIRST_LOOK_ENTRIES + 3})`);
    expect(html).toContain('… and 3 more in <a href="#summary">the summary of risks</a>.');
    expect(html).toContain('The review found no administrator-equivalent principal');
    expect(render([])).toContain('The review found no role that a federated provider (OIDC, SAML)');
  });
});

describe('the count of indeterminate verdicts', () => {
  it('counts every indeterminate level, and every level of a column whose policy iamspec does not model', () => {
    const m = sampleMatrix();
    // uploader's Read on hr is the sample's one indeterminate verdict
    expect(indeterminateCount(m)).toEqual({ verdicts: 1, cells: 1 });
    const unmodelled = {
      ...m,
      resources: m.resources.map((r, i) => (i === 2 ? { ...r, policyNotModelled: true as const } : r)),
    };
    expect(indeterminateCount(unmodelled)).toEqual({
      verdicts: 1 + m.principals.length * m.levels.length,
      cells: 1 + m.principals.length,
    });
    expect(indeterminateCountText({ verdicts: 1, cells: 1 })).toBe(
      '1 indeterminate verdict (access levels, in 1 cell): access that depends on what the inputs leave open',
    );
    expect(indeterminateCountText({ verdicts: 0, cells: 0 })).toMatch(/^no indeterminate verdict/);
  });

  it("the review's header states the JSON's count", async () => {
    const engine = compileModel(await loadModel([FIXTURE]));
    const matrix = buildMatrix(engine, { includeRoles: true });
    const risks = reviewRisks(engine, matrix);
    const json = JSON.parse(formatMatrixJson(matrix, risks)) as MatrixJson;
    const fromJson = json.cells.flat(2).filter((l) => l.access === 'indeterminate').length;
    expect(fromJson).toBeGreaterThan(0);
    const html = renderAccessReview({ matrix, risks, generatedAt: 'now' });
    expect(html).toContain(`data-verdicts="${fromJson}"`);
    expect(html).toContain(`${fromJson} indeterminate verdicts (access levels`);
    // the text and Markdown matrices say it in the same words
    const sentence = indeterminateCountText(indeterminateCount(matrix));
    expect(sentence).toContain(`${fromJson} indeterminate verdicts`);
    expect(html).toContain(sentence);
    expect(formatMatrixText(matrix)).toContain(`${sentence}.`);
    expect(formatMatrixMarkdown(matrix)).toContain(`**${sentence}.**`);
  });
});

describe('an undecided administrator or iam:PassRole finding says why, and where', () => {
  it('role worker, whose managed policy is an import from outside the inputs', async () => {
    const engine = compileModel(await loadModel([FIXTURE]));
    const risks = reviewRisks(engine);
    const worker = 'arn:aws:iam::000000000000:role/worker';
    const admin = risks.find((f) => f.kind === 'admin-equivalent' && f.subject === worker)!;
    const why =
      '(indeterminate: policy content is unknown: export shared-boundary-policy-arn is not among the inputs (at test/fixtures/cloudformation/unknown-targets.yaml:54:11 (logical id Worker)))';
    expect(admin.message).toBe(
      `role worker might be administrator-equivalent: no probe is denied and some depend on what the inputs do not pin down ${why}`,
    );
    // the import's place is among the finding's statements: no "(no statement recorded)"
    expect(admin.statements.map((s) => s.source?.line)).toContain(54);
    const pass = risks.find((f) => f.kind === 'passrole-wildcard' && f.subject === worker)!;
    expect(pass.message).toBe(
      `role worker may pass any role of account 000000000000 to a service (iam:PassRole on every role) ${why}`,
    );
    expect(pass.statements.map((s) => s.source?.line)).toContain(54);
  });
});

describe('an undecided escalation finding says why, and where', () => {
  it("role worker's policy-version and access-key escalations: the import's reason and place, not a bare (indeterminate)", async () => {
    const engine = compileModel(await loadModel([FIXTURE]));
    const risks = reviewRisks(engine);
    const worker = 'arn:aws:iam::000000000000:role/worker';
    const why =
      '(indeterminate: policy content is unknown: export shared-boundary-policy-arn is not among the inputs (at test/fixtures/cloudformation/unknown-targets.yaml:54:11 (logical id Worker)))';
    const version = risks.find(
      (f) =>
        f.kind === 'privilege-escalation' &&
        f.subject === worker &&
        f.detail === 'Rhino Security Labs method 1',
    )!;
    // Its boundary's ARN is not known: it may be any customer managed policy of its account, a
    // target too (escalation.ts `rewritablePolicies`).
    expect(version.message).toBe(
      `role worker can create a new default version of a managed policy attached to itself (iam:CreatePolicyVersion): policy (unknown-generated-ReadSecrets-ee7db4), policy (unknown-path=policy-of-role-worker)/(unknown-policy-of-role-worker) ${why} [Rhino Security Labs method 1]`,
    );
    // the import's place is among the finding's statements: no "(no statement recorded)"
    expect(version.statements.map((s) => s.source?.line)).toContain(54);
    // every escalation finding of the review that is indeterminate says why, with a source
    const open = risks.filter(
      (f) =>
        f.kind === 'privilege-escalation' && / \(indeterminate[:)]/.test(f.message.split('. The path:')[0]!),
    );
    expect(open.length).toBeGreaterThan(10);
    for (const f of open) {
      expect(f.message.split('. The path:')[0]).toContain('(indeterminate: ');
      expect(f.message).toMatch(/\(at test\/fixtures\/cloudformation\/unknown-targets\.yaml:\d+/);
      expect(f.statements.some((s) => s.source)).toBe(true);
    }
    // and no step of a chained escalation's path is a bare "(indeterminate)": each says why
    const escalations = risks.filter((f) => f.kind === 'privilege-escalation');
    expect(escalations.some((f) => f.message.includes('. The path:'))).toBe(true);
    for (const f of escalations) expect(f.message).not.toContain('(indeterminate)');
  });
});

describe("who-can's open lines name every unknown of an indeterminate answer", () => {
  it("alice's read of a secret: the Deny that might exist and the group membership that might not, with their sources", async () => {
    const engine = compileModel(await loadModel([FIXTURE]));
    const text = formatWhoCanText(
      whoCan(
        engine,
        'secretsmanager:GetSecretValue',
        'arn:aws:secretsmanager:us-east-1:000000000000:secret:db-AbCdEf',
      ),
    );
    const alice = text.slice(
      text.indexOf('user/alice: indeterminate'),
      text.indexOf('\n\n', text.indexOf('user/alice: indeterminate')),
    );
    // the statement lines list only the granting statement: the open lines say why it is open
    expect(alice).toContain(
      'open: statement might not exist: Deny might apply: it might not exist (LockdownPolicy exists only if condition Locked is true',
    );
    expect(alice).toContain(
      '(at test/fixtures/cloudformation/unknown-targets.yaml:57:16 (logical id LockdownPolicy)',
    );
    expect(alice).toMatch(
      /open: statement might not exist: Allow might apply: it might not exist \(parameter NewMembers has no value.*\(at test\/fixtures\/cloudformation\/unknown-targets\.yaml:7:15/,
    );
  });

  it('an indeterminate role-chain hop says why, with sources, in who-can text, the JSON chains and the review', async () => {
    const engine = compileModel(await loadModel([FIXTURE]));
    const result = whoCan(
      engine,
      'secretsmanager:GetSecretValue',
      'arn:aws:secretsmanager:us-east-1:000000000000:secret:db-AbCdEf',
    );
    const hops = result.entries.flatMap((x) => x.path).filter((h) => h.access === 'indeterminate');
    expect(hops.length).toBeGreaterThan(0);
    for (const h of hops) {
      expect(h.why?.length).toBeGreaterThan(0);
      expect(h.why!.join('\n')).toMatch(/\(at test\/fixtures\/cloudformation\/unknown-targets\.yaml:\d+/);
    }
    const text = formatWhoCanText(result);
    const hop = hops[0]!;
    const line = text.split('\n').findIndex((l) => / assumes .*: indeterminate$/.test(l));
    expect(line).toBeGreaterThan(0);
    expect(text).toContain(`         open: ${hop.why![0]}`);
    // the matrix's chains (JSON) and the review's role chains carry them too
    const matrix = buildMatrix(engine, { includeRoles: true });
    const chainHops = Object.values(matrix.chains)
      .flat()
      .flatMap((c) => c.path)
      .filter((h) => h.access === 'indeterminate');
    expect(chainHops.length).toBeGreaterThan(0);
    expect(chainHops.every((h) => h.why?.length)).toBe(true);
    const json = JSON.parse(formatMatrixJson(matrix, [])) as MatrixJson;
    expect(JSON.stringify(json.chains)).toContain('"why":[');
    const html = renderAccessReview({ matrix, risks: [], generatedAt: 'now' });
    expect(html).toContain('<ul class="why"><li>indeterminate because ');
  });
});
