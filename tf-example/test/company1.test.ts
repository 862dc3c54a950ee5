// The company1 scenario (SCENARIO.md) in every Terraform form: the plan alone (tf-example/plan.json),
// the plan with its configuration, the HCL configuration (tf-example/main.tf) and the CDKTF app
// (tf-example/cdktf/main.ts). Checks the seed intents 1-6 of SCENARIO.md "Intended access" with
// the engine, that every complete form gives the same decisions, and that the plan alone is
// indeterminate exactly where a policy is known only after apply, naming its Terraform address.
//
// Evaluation rules pinned here come from the IAM User Guide:
// - "Policy evaluation logic", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
//   (an explicit deny wins; within one account an identity-based or a resource-based allow suffices)
// - "Permissions boundaries for IAM entities", https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html
// - "Session policies" in "Policies and permissions in IAM",
//   https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies.html#policies_session
// - "Granting a user permissions to switch roles" (the trust policy must allow the caller),
//   https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_permissions-to-switch.html
// - "AWS global condition context keys" (aws:SecureTransport; aws:TokenIssueTime is present only
//   for temporary credentials), https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
// - "IAM JSON policy elements: Condition operators" (Null),
//   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Null

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { actionsOfService } from '../../src/catalog/index.js';
import { compileModel, type Decision, type Engine, type Request } from '../../src/engine/index.js';
import { AUTHENTICATION_ONLY_ACTIONS } from '../../src/engine/sts-rules.js';
import type { Model } from '../../src/model/types.js';
import { type Company1Mutations, S3_READ_ONLY_ROLE_NAME } from '../cdktf/main.js';
import { COMPLETE_FORMS, cdktfSynth, EXAMPLE_DIR, FORMS, type FormName } from './forms.js';
import {
  ACCOUNT,
  bucket,
  CASES,
  INSECURE,
  INSTANCE,
  object,
  REGION,
  requestGrid,
  role,
  SESSION_POLICY,
  user,
} from './requests.js';

const NOW = new Date('2025-04-14T10:00:00Z');

const models = new Map<FormName, Model>();
function model(form: FormName): Model {
  let m = models.get(form);
  if (!m) {
    m = FORMS[form]();
    models.set(form, m);
  }
  return m;
}
const engines = new Map<FormName, Engine>();
function engine(form: FormName): Engine {
  let e = engines.get(form);
  if (!e) {
    e = compileModel(model(form), { now: NOW });
    engines.set(form, e);
  }
  return e;
}

function describeRequest(r: Request): string {
  const extra = [
    r.context ? ` context ${JSON.stringify(r.context)}` : '',
    r.sessionPolicy ? ' +session policy' : '',
  ];
  return `${r.principal} ${r.action} ${r.resource}${extra.join('')}`;
}

function decide(form: FormName, r: Request, trace = false): Decision {
  return engine(form).decide(r, { trace });
}

/** What a decision's trace says, flattened: messages, policies and Terraform addresses. */
function traceText(d: Decision): string {
  return (d.trace ?? [])
    .map((t) => [t.message, t.policy ?? '', t.statement ?? '', t.source?.address ?? ''].join(' | '))
    .join('\n');
}

const RESOURCES = [
  ...['company1-hr', 'company1-logs', 'company1-sales', 'company1-uploads'].flatMap((b) => [
    bucket(b),
    object(b),
    object(b, 'reports/2025-04-14.log'),
  ]),
  INSTANCE,
  role('Company1-Logs-Role'),
  role('JohnUploadRole'),
  user('john'),
  '*',
];
/** Every action of the services the scenario touches, from the action catalog. */
// Authentication-only actions (sts:GetCallerIdentity, sts:GetSessionToken) are not permissions:
// no policy controls them (src/engine/sts-rules.ts), so "can do exactly" leaves them out.
const ACTIONS = ['s3', 'ec2', 'iam', 'sts', 'kms', 'lambda'].flatMap((s) =>
  actionsOfService(s)
    .map((a) => a.name)
    .filter((a) => !AUTHENTICATION_ONLY_ACTIONS.has(a.toLowerCase())),
);

/** Everything a principal is allowed over ACTIONS × RESOURCES (`action resource` strings). */
function allowedPairs(form: FormName, principal: string, extra: Partial<Request> = {}): string[] {
  const out: string[] = [];
  for (const action of ACTIONS)
    for (const resource of RESOURCES) {
      const d = decide(form, { principal, action, resource, ...extra });
      if (d.decision !== 'deny') out.push(`${action} ${resource} ${d.decision}`);
    }
  return out;
}

describe('the company1 model in each form', () => {
  it.each(Object.keys(FORMS) as FormName[])('%s: account, principals, policies and buckets', (form) => {
    const m = model(form);
    expect(m.accounts).toEqual([{ id: ACCOUNT, region: REGION }]);
    expect(m.users.map((u) => u.name).sort()).toEqual(['Sara-intern', 'john', 'sarah', 'uploader']);
    expect(m.groups.map((g) => g.name).sort()).toEqual(['Developers', 'HR', 'IT']);
    // A plan read alone adds stand-in roles for role policies whose role is known only after apply.
    expect(
      m.roles
        .map((r) => r.name)
        .filter((n) => !n.startsWith('(unknown-'))
        .sort(),
    ).toEqual(['Company1-GitHubDeploy-Role', 'Company1-Logs-Role', 'JohnUploadRole']);
    expect(m.identityProviders.map((p) => p.name)).toEqual(['token.actions.githubusercontent.com']);
    expect(m.policies.map((p) => p.name).sort()).toEqual([
      'Company1-Logs-Policy',
      'Developers_Policy',
      'HRPolicy',
      'InternBoundaryPolicy',
      'SessionPolicy-UploadFile',
    ]);
    // ... and stand-in buckets for bucket policies whose bucket is known only after apply.
    expect(
      m.resources
        .map((r) => r.arn)
        .filter((a) => !a.includes('(unknown-'))
        .sort(),
    ).toEqual(['company1-hr', 'company1-logs', 'company1-sales', 'company1-uploads'].map(bucket));
    const logsRole = m.roles.find((r) => r.name === 'Company1-Logs-Role');
    expect(logsRole?.instanceProfiles.map((p) => p.name)).toEqual(['Company1-Logs-Profile']);
    expect(logsRole?.instanceProfiles[0]?.usedBy.length).toBe(1);
    expect(m.findings.filter((f) => f.severity === 'error')).toEqual([]);
  });

  it('the plan alone keeps the policies that refer to ARNs known only after apply as unknown', () => {
    const m = model('plan');
    const unknownPolicies = [
      ...m.policies.filter((p) => p.document.unknown).map((p) => p.source.address),
      ...m.roles.filter((r) => r.trustPolicy?.unknown).map((r) => r.source.address),
      ...m.roles.flatMap((r) =>
        r.inlinePolicies.filter((p) => p.document.unknown).map((p) => p.source.address),
      ),
      ...m.resources.filter((r) => r.policy?.unknown).map((r) => r.policy?.source.address),
    ];
    // Read alone, a plan links no value known only after apply through its references
    // (src/adapters/terraform/plan/references.ts): the role policies and bucket policies whose
    // role or bucket is such a value, and the policies that refer to such ARNs, are unknown.
    expect([...new Set(unknownPolicies)].sort()).toEqual([
      'aws_iam_policy.logs',
      'aws_iam_role.github_deploy',
      'aws_iam_role.john_upload',
      'aws_iam_role_policy.github_deploy',
      'aws_iam_role_policy.logs_read',
      'aws_s3_bucket_policy.hr',
      'aws_s3_bucket_policy.sales',
    ]);
    // The deploy role's trust refers to the OIDC provider's ARN, known only after apply: read alone,
    // the plan leaves the whole document unknown (with the configuration it is computed, below).
    const deploy = m.roles.find((r) => r.name === 'Company1-GitHubDeploy-Role')!;
    expect(deploy.trustPolicy?.unknown).toBeDefined();
    // with the configuration, nothing is left unknown
    const full = model('plan+config');
    expect(full.policies.filter((p) => p.document.unknown)).toEqual([]);
    expect(full.roles.filter((r) => r.trustPolicy?.unknown)).toEqual([]);
    expect(full.resources.filter((r) => r.policy?.unknown)).toEqual([]);
  });
});

describe.each(COMPLETE_FORMS)('seed intents (SCENARIO.md "Intended access") on %s', (form) => {
  it('1. Sara-intern can do exactly one thing: s3:ListBucket on company1-logs (boundary)', () => {
    expect(allowedPairs(form, user('Sara-intern'))).toEqual([
      `s3:ListBucket ${bucket('company1-logs')} allow`,
    ]);
  });

  it('2. Company1-Logs-Role can do exactly s3:GetObject on company1-logs/*, and only EC2 can assume it', () => {
    expect(allowedPairs(form, role('Company1-Logs-Role'))).toEqual([
      `s3:GetObject ${object('company1-logs')} allow`,
      `s3:GetObject ${object('company1-logs', 'reports/2025-04-14.log')} allow`,
    ]);
    const callers = [
      'ec2.amazonaws.com',
      'lambda.amazonaws.com',
      'ecs-tasks.amazonaws.com',
      user('john'),
      user('sarah'), // an administrator still needs the trust policy to allow her
      user('Sara-intern'),
      user('uploader'),
      role('JohnUploadRole'),
      'anonymous',
      'arn:aws:iam::444455556666:root',
    ];
    const allowed = callers.filter(
      (principal) =>
        decide(form, { principal, action: 'sts:AssumeRole', resource: role('Company1-Logs-Role') })
          .decision !== 'deny',
    );
    expect(allowed).toEqual(['ec2.amazonaws.com']);
  });

  it('3. john cannot s3:PutObject to company1-hr himself; through JohnUploadRole with the session policy he can, but not s3:GetObject', () => {
    const put = { action: 's3:PutObject', resource: object('company1-hr', 'new-file.txt') };
    expect(decide(form, { principal: user('john'), ...put }).decision).toBe('deny');
    expect(
      decide(form, { principal: user('john'), action: 'sts:AssumeRole', resource: role('JohnUploadRole') })
        .decision,
    ).toBe('allow');
    const session = { principal: role('JohnUploadRole'), sessionPolicy: SESSION_POLICY };
    expect(decide(form, { ...session, ...put }).decision).toBe('allow');
    const get = decide(form, { ...session, action: 's3:GetObject', resource: object('company1-hr') }, true);
    expect(get.decision).toBe('deny');
    expect(get.trace?.some((t) => t.stage === 'session')).toBe(true);
    // without the session policy the role's own policy allows the read
    expect(
      decide(form, {
        principal: role('JohnUploadRole'),
        action: 's3:GetObject',
        resource: object('company1-hr'),
      }).decision,
    ).toBe('allow');
  });

  it('4. only HR members, IT members and JohnUploadRole can s3:GetObject on company1-hr/*, never without TLS', () => {
    const principals = [
      user('john'),
      user('sarah'),
      user('Sara-intern'),
      user('uploader'),
      role('Company1-Logs-Role'),
      role('JohnUploadRole'),
      'ec2.amazonaws.com',
      'anonymous',
      'arn:aws:iam::444455556666:root',
    ];
    const get = { action: 's3:GetObject', resource: object('company1-hr', 'salaries.xlsx') };
    const readers = principals.filter((principal) => decide(form, { principal, ...get }).decision !== 'deny');
    expect(readers).toEqual([user('john'), user('sarah'), role('JohnUploadRole')]);
    for (const principal of readers) {
      const d = decide(form, { principal, ...get, context: INSECURE }, true);
      expect(d, `${principal} without TLS`).toMatchObject({ decision: 'deny', reason: 'explicit-deny' });
      expect(
        d.trace?.some((t) => t.stage === 'resource' && t.outcome === 'match' && t.effect === 'Deny'),
      ).toBe(true);
    }
  });

  it('5. Developers can start but cannot stop EC2 instances', () => {
    for (const resource of [INSTANCE, '*']) {
      expect(decide(form, { principal: user('john'), action: 'ec2:StartInstances', resource }).decision).toBe(
        'allow',
      );
      expect(decide(form, { principal: user('john'), action: 'ec2:StopInstances', resource })).toMatchObject({
        decision: 'deny',
        reason: 'explicit-deny',
      });
    }
  });

  it('6. uploader can s3:PutObject to company1-uploads only with temporary credentials', () => {
    const put = { principal: user('uploader'), action: 's3:PutObject', resource: object('company1-uploads') };
    // long-term access keys: no aws:TokenIssueTime in the request context
    expect(decide(form, put)).toMatchObject({ decision: 'deny', reason: 'implicit-deny' });
    // temporary credentials (e.g. GetSessionToken) carry aws:TokenIssueTime
    expect(decide(form, { ...put, context: { 'aws:TokenIssueTime': '2025-04-14T09:00:00Z' } }).decision).toBe(
      'allow',
    );
    expect(
      decide(form, {
        ...put,
        resource: object('company1-logs'),
        context: { 'aws:TokenIssueTime': '2025-04-14T09:00:00Z' },
      }).decision,
    ).toBe('deny');
  });
});

describe('the scenario requests', () => {
  it('tf-example/requests.json (for `iamspec eval`) holds exactly these requests', () => {
    const file: unknown = JSON.parse(readFileSync(join(EXAMPLE_DIR, 'requests.json'), 'utf8'));
    expect(file).toEqual(CASES.map((c) => c.request));
  });

  describe.each(COMPLETE_FORMS)('on %s', (form) => {
    it.each(CASES)('$name → $expected', (c) => {
      expect(decide(form, c.request).decision).toBe(c.expected);
    });
  });

  describe('on the plan alone', () => {
    it.each(CASES)('$name', (c) => {
      const d = decide('plan', c.request, true);
      if (typeof c.planAlone === 'string') {
        expect(d.decision, traceText(d)).toBe(c.planAlone);
        return;
      }
      expect(d.decision, traceText(d)).toBe('indeterminate');
      expect(d.reason).toBe('unknown-value');
      const named = c.planAlone.indeterminate.filter((address) => traceText(d).includes(address));
      expect(
        named,
        `the trace names one of ${c.planAlone.indeterminate.join(', ')}:\n${traceText(d)}`,
      ).not.toEqual([]);
    });
  });
});

describe('all forms decide alike', () => {
  const grid = requestGrid();
  const decisions = (form: FormName) => grid.map((r) => decide(form, r).decision);

  it('the request grid is not trivial', () => {
    const reference = decisions('hcl');
    expect(grid.length).toBeGreaterThan(1000);
    expect(reference.filter((d) => d === 'allow').length).toBeGreaterThan(100);
    expect(reference.filter((d) => d === 'deny').length).toBeGreaterThan(100);
    expect(reference.filter((d) => d === 'indeterminate')).toEqual([]);
  });

  it.each(COMPLETE_FORMS.filter((f) => f !== 'hcl'))('%s gives the decisions of main.tf', (form) => {
    const reference = decisions('hcl');
    const here = decisions(form);
    const differences = grid
      .map((r, i) => ({ r, hcl: reference[i], here: here[i] }))
      .filter((x) => x.hcl !== x.here)
      .map((x) => `${describeRequest(x.r)}: main.tf ${x.hcl}, ${form} ${x.here}`);
    expect(differences).toEqual([]);
  });

  it('the plan alone never contradicts them: it is indeterminate or agrees', () => {
    const reference = decisions('plan+config');
    const planOnly = decisions('plan');
    const contradictions = grid
      .map((r, i) => ({ r, full: reference[i], plan: planOnly[i] }))
      .filter((x) => x.plan !== 'indeterminate' && x.plan !== x.full)
      .map((x) => `${describeRequest(x.r)}: plan ${x.plan}, plan+config ${x.full}`);
    expect(contradictions).toEqual([]);
    expect(planOnly.filter((d) => d === 'indeterminate').length).toBeGreaterThan(0);
    // Read alone, a plan decides a part of the grid only (values known only after apply are not
    // linked through the plan's references): about a fifth of it.
    expect(planOnly.filter((d) => d !== 'indeterminate').length).toBeGreaterThan(grid.length / 10);
  });
});

describe('the mutations of SCENARIO.md turn a check red (CDKTF app)', () => {
  const decideWith = (mutations: Company1Mutations, r: Request) =>
    compileModel(cdktfSynth(mutations), { now: NOW }).decide(r).decision;

  it('InternBoundaryPolicy with s3:GetObject on company1-logs/* lets Sara-intern read the logs (breaks 1)', () => {
    const r = { principal: user('Sara-intern'), action: 's3:GetObject', resource: object('company1-logs') };
    expect(decideWith({}, r)).toBe('deny');
    expect(decideWith({ internBoundaryAllowsGetObject: true }, r)).toBe('allow');
  });

  it('without her permissions boundary Sara-intern starts instances (breaks 1)', () => {
    const r = { principal: user('Sara-intern'), action: 'ec2:StartInstances', resource: INSTANCE };
    expect(decideWith({}, r)).toBe('deny');
    expect(decideWith({ noInternBoundary: true }, r)).toBe('allow');
  });

  it('an EC2 role with AmazonS3ReadOnlyAccess reads company1-hr (breaks 4)', () => {
    const r = {
      principal: role(S3_READ_ONLY_ROLE_NAME),
      action: 's3:GetObject',
      resource: object('company1-hr'),
    };
    expect(decideWith({}, r)).toBe('deny');
    expect(decideWith({ ec2RoleWithS3ReadOnly: true }, r)).toBe('allow');
  });

  it('Principal "*" on company1-sales makes it public', () => {
    const r = { principal: 'anonymous', action: 's3:GetObject', resource: object('company1-sales') };
    expect(decideWith({}, r)).toBe('deny');
    expect(decideWith({ publicSalesBucket: true }, r)).toBe('allow');
  });

  it('lambda.amazonaws.com in the trust policy lets Lambda assume Company1-Logs-Role (breaks 2)', () => {
    const r = {
      principal: 'lambda.amazonaws.com',
      action: 'sts:AssumeRole',
      resource: role('Company1-Logs-Role'),
    };
    expect(decideWith({}, r)).toBe('deny');
    expect(decideWith({ lambdaTrustsLogsRole: true }, r)).toBe('allow');
  });
});
