// The review's `outside-escalation` finding for callers outside the account other than named
// accounts (analysis/risk-outside-escalation.ts `entryPoints`): a web identity (OIDC, Cognito) or
// SAML provider's users, and anyone (a trust open to every principal, or to every principal of an
// organization), joined with the escalations of the role they become, as the cross-account entries
// are. Before, a GitHub Actions trust to a role that can attach a managed policy to itself showed a
// weak-federated-trust finding and an escalation finding apart, and no finding said that the
// workflows of any GitHub repository can climb through the role.
// Pages:
// - AWS STS API Reference, AssumeRoleWithWebIdentity: "Returns a set of temporary security
//   credentials for users who have been authenticated in a mobile or web application with a web
//   identity provider" (the role's session, with the role's escalations).
// - IAM User Guide, "Switch from a user to an IAM role (AWS CLI)": "When you assume a role, you
//   give up your original permissions and take the permissions assigned to the role".
// - GitHub Docs, "Configuring OpenID Connect in Amazon Web Services": "AWS Identity and Access
//   Management (IAM) recommends that users evaluate the IAM condition key,
//   token.actions.githubusercontent.com:sub, in the trust policy of any role that trusts GitHub's
//   OIDC identity provider (IdP)." (without it, any repository's workflow: its aud condition
//   limits no one, so the finding is high as an unconditional trust's).
// - IAM User Guide, "AWS JSON policy elements: Principal": "After you create the role, you can
//   change the account to "*" to allow everyone to assume the role."

import { describe, expect, it } from 'vitest';
import { reviewRisks } from '../src/analysis/risks.js';
import type { RiskFinding } from '../src/analysis/types.js';
import { compileModel } from '../src/engine/index.js';
import { runCli } from './fixtures/cli/run.js';
import { modelOf } from './fixtures/cfn/load.js';
import { tempDir, writeFileIn } from './helpers/temp-inputs.js';

const PAGE =
  'AWS STS API Reference, AssumeRoleWithWebIdentity: "Returns a set of temporary security credentials for users who have been authenticated in a mobile or web application with a web identity provider"';
const ACCOUNT = '111122223333';
const GH = 'token.actions.githubusercontent.com';
const GITHUB = `arn:aws:iam::${ACCOUNT}:oidc-provider/${GH}`;
const DEPLOY = `arn:aws:iam::${ACCOUNT}:role/deploy`;
const ATTACH = 'Rhino Security Labs method 9';
const doc = (Statement: object[]) => ({ Version: '2012-10-17', Statement });

/** Role deploy with trust statement `trust`, that may (or not) attach any managed policy to itself. */
function template(trust: object, options: { escalates?: boolean; extra?: object } = {}): object {
  return {
    ...options.extra,
    Resources: {
      Deploy: {
        Type: 'AWS::IAM::Role',
        Properties: {
          RoleName: 'deploy',
          AssumeRolePolicyDocument: doc([trust]),
          Policies: [
            {
              PolicyName: 'self',
              PolicyDocument: doc([
                {
                  Effect: 'Allow',
                  Action: options.escalates === false ? 'iam:GetRole' : 'iam:AttachRolePolicy',
                  Resource: DEPLOY,
                },
              ]),
            },
          ],
        },
      },
    },
  };
}

const github = (condition: object, extra: object = {}) => ({
  Effect: 'Allow',
  Principal: { Federated: GITHUB },
  Action: 'sts:AssumeRoleWithWebIdentity',
  Condition: condition,
  ...extra,
});
const AUD = { [`${GH}:aud`]: 'sts.amazonaws.com' };

function review(t: object, parameters: Record<string, string> = {}): RiskFinding[] {
  return reviewRisks(compileModel(modelOf(JSON.stringify(t, null, 2), { file: 'deploy.json', parameters })));
}
const outside = (risks: RiskFinding[]) => risks.filter((f) => f.kind === 'outside-escalation');
/**
 * Each way of an outside-escalation finding as the finding's detail was before the review grouped
 * them (one finding per caller, role and way: `CALLER: WAY`), joined with `, `.
 */
const ways = (f: RiskFinding) => (f.ways ?? []).map((w) => `${f.detail}: ${w.detail}`).join(', ');

describe(`a federated caller that may become a role that can escalate (${PAGE})`, () => {
  it('GitHub Actions without sub, into a role that can attach a policy to itself: one high finding with the trust and the escalation (was none)', () => {
    const risks = review(template(github({ StringEquals: AUD })));
    // the halves, as before
    expect(risks.some((f) => f.kind === 'weak-federated-trust' && f.subject === DEPLOY)).toBe(true);
    expect(risks.some((f) => f.kind === 'privilege-escalation' && f.subject === DEPLOY)).toBe(true);
    const [f, ...rest] = outside(risks);
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ severity: 'high', subject: DEPLOY, detail: GITHUB });
    expect(ways(f!)).toBe(`${GITHUB}: ${ATTACH}`);
    expect(f!.indeterminate).toBeUndefined();
    expect(f!.message).toMatch(
      new RegExp(
        `^GitHub Actions \\(OIDC provider ${GH.replace(/\./g, '\\.')}\\) \\(federated users, outside the account\\) can raise its privileges in account ${ACCOUNT} through role deploy\\. The path: sts:AssumeRoleWithWebIdentity into role deploy, allowed by trust policy of role deploy`,
      ),
    );
    expect(f!.message).toContain('iam:AttachRolePolicy');
    const at = f!.statements.map((s) => `${s.stage} ${s.source?.logicalId}`);
    expect(at).toContain('trust Deploy');
    expect(at).toContain('identity Deploy');
  });

  it('a sub wildcard over owners (repo:*) lets anyone in: high; over one owner (repo:acme/*) or one repository: medium, a real limit (risk-severity.ts conditionalSeverity)', () => {
    const sev = (sub: string, op = 'StringLike') =>
      outside(review(template(github({ StringEquals: AUD, [op]: { [`${GH}:sub`]: sub } })))).map(
        (f) => f.severity,
      );
    expect(sev('repo:*')).toEqual(['high']);
    expect(sev('repo:acme/*')).toEqual(['medium']);
    expect(sev('repo:acme/infra:ref:refs/heads/main', 'StringEquals')).toEqual(['medium']);
  });

  it('an administrator role GitHub Actions of one owner may assume (repo:acme/*): administrator access, medium', () => {
    const t = template(github({ StringEquals: AUD, StringLike: { [`${GH}:sub`]: 'repo:acme/*' } }), {
      escalates: false,
    }) as { Resources: { Deploy: { Properties: Record<string, unknown> } } };
    t.Resources.Deploy.Properties.ManagedPolicyArns = ['arn:aws:iam::aws:policy/AdministratorAccess'];
    const found = outside(review(t));
    expect(found.map((f) => `${ways(f)} ${f.severity}`)).toEqual([`${GITHUB}: administrator access medium`]);
    expect(found[0]!.message).toContain('can become administrator-equivalent in account');
  });

  it('near miss: a condition on more than the provider claims (a source IP) limits who: medium, even without sub', () => {
    const f = outside(
      review(template(github({ StringEquals: AUD, IpAddress: { 'aws:SourceIp': '192.0.2.0/24' } }))),
    );
    expect(f.map((x) => x.severity)).toEqual(['medium']);
  });

  it('near miss: a Deny that pins sub (unless repo:acme/*) limits who: medium, though the Allow has no sub', () => {
    const t = template(github({ StringEquals: AUD })) as {
      Resources: { Deploy: { Properties: { AssumeRolePolicyDocument: { Statement: object[] } } } };
    };
    t.Resources.Deploy.Properties.AssumeRolePolicyDocument.Statement.push({
      Effect: 'Deny',
      Principal: { Federated: GITHUB },
      Action: 'sts:AssumeRoleWithWebIdentity',
      Condition: { StringNotLike: { [`${GH}:sub`]: 'repo:acme/*' } },
    });
    expect(outside(review(t)).map((f) => f.severity)).toEqual(['medium']);
  });

  it('near miss: the role cannot escalate: no finding (the weak trust stays its own finding)', () => {
    const risks = review(template(github({ StringEquals: AUD }), { escalates: false }));
    expect(outside(risks)).toEqual([]);
    expect(risks.some((f) => f.kind === 'weak-federated-trust')).toBe(true);
  });

  it('Cognito without aud (any identity pool) and SAML with SAML:aud are entry points too', () => {
    const cognito = outside(
      review(
        template({
          Effect: 'Allow',
          Principal: { Federated: 'cognito-identity.amazonaws.com' },
          Action: 'sts:AssumeRoleWithWebIdentity',
        }),
      ),
    );
    expect(cognito.map((f) => `${ways(f)} ${f.severity}`)).toEqual([
      `cognito-identity.amazonaws.com: ${ATTACH} high`,
    ]);
    const saml = `arn:aws:iam::${ACCOUNT}:saml-provider/corp`;
    const found = outside(
      review(
        template({
          Effect: 'Allow',
          Principal: { Federated: saml },
          Action: 'sts:AssumeRoleWithSAML',
          Condition: { StringEquals: { 'SAML:aud': 'https://signin.aws.amazon.com/saml' } },
        }),
      ),
    );
    expect(found.map((f) => `${ways(f)} ${f.severity}`)).toEqual([`${saml}: ${ATTACH} medium`]);
  });

  it('a trust statement that might not exist: indeterminate, medium, with the reason at its source; pinned: high', () => {
    const t = template(
      { 'Fn::If': ['Open', github({ StringEquals: AUD }), { Ref: 'AWS::NoValue' }] },
      {
        extra: {
          Parameters: { Ci: { Type: 'String' } },
          Conditions: { Open: { 'Fn::Equals': [{ Ref: 'Ci' }, 'yes'] } },
        },
      },
    );
    const [f, ...rest] = outside(review(t));
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ severity: 'medium', detail: GITHUB });
    expect(ways(f!)).toBe(`${GITHUB}: ${ATTACH}`);
    expect(f!.indeterminate?.reasons.length).toBeGreaterThan(0);
    expect(f!.indeterminate!.reasons.some((r) => r.source?.file === 'deploy.json')).toBe(true);
    const [pinned] = outside(review(t, { Ci: 'yes' }));
    expect(pinned).toMatchObject({ severity: 'high' });
    expect(pinned!.indeterminate).toBeUndefined();
    expect(outside(review(t, { Ci: 'no' }))).toEqual([]);
  });
});

describe('anyone: a trust open to every principal', () => {
  it('Principal AWS "*": high, detail anyone (was none)', () => {
    const [f, ...rest] = outside(
      review(template({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' })),
    );
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ severity: 'high', subject: DEPLOY, detail: 'anyone' });
    expect(ways(f!)).toBe(`anyone: ${ATTACH}`);
    expect(f!.message).toMatch(
      /^anyone \(any AWS account: the trust lets every principal in\) can raise its privileges/,
    );
    expect(f!.statements.some((s) => s.stage === 'trust' && s.source?.logicalId === 'Deploy')).toBe(true);
  });

  it('a trust that might be open to every principal (an undecided Fn::If): indeterminate, and says the trust may let everyone in, not that it does', () => {
    const open = { Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' };
    const t = template(
      { 'Fn::If': ['Open', open, { Ref: 'AWS::NoValue' }] },
      {
        extra: {
          Parameters: { Ci: { Type: 'String' } },
          Conditions: { Open: { 'Fn::Equals': [{ Ref: 'Ci' }, 'yes'] } },
        },
      },
    );
    const [f, ...rest] = outside(review(t));
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ severity: 'medium', detail: 'anyone' });
    expect(ways(f!)).toBe(`anyone: ${ATTACH}`);
    expect(f!.indeterminate?.reasons.length).toBeGreaterThan(0);
    expect(f!.message).toMatch(
      /^anyone \(any AWS account: the trust may let every principal in\) can raise its privileges/,
    );
    const [pinned] = outside(review(t, { Ci: 'yes' }));
    expect(pinned!.message).toMatch(/^anyone \(any AWS account: the trust lets every principal in\)/);
  });

  it('every principal of an organization (aws:PrincipalOrgID): medium, a real limit (was none)', () => {
    const found = outside(
      review(
        template({
          Effect: 'Allow',
          Principal: { AWS: '*' },
          Action: 'sts:AssumeRole',
          Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } },
        }),
      ),
    );
    expect(found.map((f) => f.severity)).toEqual(['medium']);
    expect(ways(found[0]!)).toContain(ATTACH);
  });
});

describe('the reports show it as the other findings', () => {
  const dir = tempDir('iamspec-outside-federated-');
  const write = (name: string, t: object) =>
    writeFileIn(dir, `${name}/deploy.template.json`, JSON.stringify(t, null, 2));
  const base = write('base', template(github({ StringEquals: AUD }), { escalates: false }));
  const next = write('next', template(github({ StringEquals: AUD })));
  const ENV = ['--account', ACCOUNT, '--region', 'us-west-2'];
  const OPENS =
    'GitHub Actions (OIDC provider token.actions.githubusercontent.com) (federated users, outside the account) can raise its privileges';

  it('matrix --format json and html', async () => {
    const json = await runCli(['matrix', next, ...ENV, '--format', 'json']);
    const risks = JSON.parse(json.stdout).risks as RiskFinding[];
    expect(risks.filter((f) => f.kind === 'outside-escalation').map(ways)).toEqual([`${GITHUB}: ${ATTACH}`]);
    const html = (await runCli(['matrix', next, ...ENV, '--format', 'html'])).stdout;
    const start = html.indexOf('<section class="risk" data-kind="outside-escalation">');
    expect(start).toBeGreaterThanOrEqual(0);
    expect(html.slice(start, html.indexOf('</section>', start))).toContain(OPENS);
  });

  it('diff: new in text, Markdown, SARIF and JSON; --fail-on risk exits 1', async () => {
    const text = (await runCli(['diff', '--base', base, next, ...ENV])).stdout;
    expect(text).toContain(`[high] ${OPENS}`);
    const md = (await runCli(['diff', '--base', base, next, ...ENV, '--format', 'markdown'])).stdout;
    expect(md).toContain(OPENS);
    const sarif = JSON.parse(
      (await runCli(['diff', '--base', base, next, ...ENV, '--format', 'sarif'])).stdout,
    );
    const results = sarif.runs[0].results as { message: { text: string } }[];
    expect(results.some((r) => r.message.text.includes(OPENS))).toBe(true);
    const json = await runCli([
      'diff',
      '--base',
      base,
      next,
      ...ENV,
      '--format',
      'json',
      '--fail-on',
      'risk',
    ]);
    const added = (JSON.parse(json.stdout).risks.added as RiskFinding[]).filter(
      (f) => f.kind === 'outside-escalation',
    );
    expect(added.map((f) => `${f.subject} ${ways(f)} ${f.severity}`)).toEqual([
      `${DEPLOY} ${GITHUB}: ${ATTACH} high`,
    ]);
    expect(json.code).toBe(1);
  });
});
