// Running access specs against the company1 model built with the ModelBuilder
// (test/helpers/company1.ts): each expectation kind passing and failing, group expansion,
// resource patterns (every matching model resource plus a witness outside the model), and
// references that match nothing being errors at the spec location.
//
// The decisions rest on the IAM User Guide's evaluation rules, pinned in the engine's own tests:
// - "Policy evaluation logic" (explicit deny wins; identity or resource allow in one account),
//   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
// - "Permissions boundaries for IAM entities",
//   https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html
// - "Session policies", https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies.html#policies_session
// - "Granting a user permissions to switch roles" (the trust policy must allow the caller),
//   https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_permissions-to-switch.html
// - "AWS global condition context keys" (aws:SecureTransport; aws:TokenIssueTime only with
//   temporary credentials), https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html

import { describe, expect, it } from 'vitest';
import { compileModel } from '../src/engine/index.js';
import type { Group, Model } from '../src/model/types.js';
import { SpecError } from '../src/spec/errors.js';
import { parseSpec } from '../src/spec/parse.js';
import { OWN_ACCOUNT_PRINCIPALS_NOTE, ROOT_USER_NOTE, runSpec } from '../src/spec/run.js';
import type { SpecResult } from '../src/spec/types.js';
import { ACCOUNT, arn, buildCompany1, type Company1Mutations } from './helpers/company1.js';

const NOW = new Date('2025-06-01T12:00:00Z');

function run(
  yaml: string,
  mutations: Company1Mutations = {},
  model: Model = buildCompany1(mutations),
): SpecResult {
  const spec = parseSpec(`version: 1\naccount: "${ACCOUNT}"\nexpect:\n${yaml}`, 'access.yaml');
  return runSpec(model, spec, { engine: compileModel(model, { now: NOW }), inputs: ['company1.ts'] });
}

function runError(yaml: string, model: Model = buildCompany1()): SpecError {
  try {
    run(yaml, {}, model);
  } catch (e) {
    expect(e).toBeInstanceOf(SpecError);
    return e as SpecError;
  }
  throw new Error('expected a SpecError');
}

const statementNames = (r: SpecResult, i = 0, c = 0) =>
  r.expectations[i]!.checks[c]!.statements.map((s) =>
    `${s.policy?.split(' (')[0]} ${s.statement ?? ''}`.trim(),
  );

describe('can', () => {
  it('passes when every request is allowed, fails with the decision and what to fix when one is denied', () => {
    const ok = run(`  - principal: user/Sara-intern
    can: [ { action: s3:ListBucket, resource: "arn:aws:s3:::company1-logs" } ]
`);
    expect(ok.ok).toBe(true);
    expect(ok.expectations[0]!.checks[0]).toMatchObject({
      kind: 'can',
      status: 'pass',
      principal: arn.user('Sara-intern'),
      decision: { decision: 'allow' },
    });

    // Company1-Logs-Policy allows s3:GetObject, the permissions boundary does not.
    const bad = run(`  - principal: user/Sara-intern
    can: [ { action: s3:GetObject, resource: "arn:aws:s3:::company1-logs/app.log" } ]
`);
    expect(bad.ok).toBe(false);
    expect(bad.summary).toEqual({ expectations: 1, passed: 0, failed: 1, indeterminate: 0 });
    const check = bad.expectations[0]!.checks[0]!;
    expect(check).toMatchObject({
      status: 'fail',
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::company1-logs/app.log',
      decision: { decision: 'deny', reason: 'implicit-deny' },
      location: { file: 'access.yaml', line: 5, column: 12, pointer: '/expect/0/can/0' },
    });
    expect(check.message).toContain(
      'user/Sara-intern cannot s3:GetObject on arn:aws:s3:::company1-logs/app.log',
    );
    expect(check.message).toContain('InternBoundaryPolicy');
    expect(statementNames(bad)).toContain('InternBoundaryPolicy');
    expect(bad.expectations[0]!.status).toBe('fail');
  });

  it('a resource pattern means every matching model resource and a witness outside the model', () => {
    // sarah (IT, AdministratorAccess) lists every bucket, in the model or not (over TLS: the
    // company1-hr bucket policy denies every request without it).
    const admin = run(`  - principal: user/sarah
    context: { aws:SecureTransport: "true" }
    can: [ { action: s3:ListBucket, resource: "arn:aws:s3:::company1-*" } ]
`);
    expect(admin.expectations[0]!.checks[0]!.status).toBe('pass');
    // 5 = the four model buckets and an instance of the pattern; 7 = and one bucket per class of
    // the names the policies that could apply to sarah tell apart (spec-pattern-resources.test.ts).
    expect(admin.expectations[0]!.checks[0]!.message).toContain('(7 requests decided)');

    // john lists hr (HRPolicy), logs (Company1-Logs-Policy) and sales (bucket policy), not uploads
    // nor a bucket outside the model.
    const john = run(`  - principal: user/john
    context: { aws:SecureTransport: "true" }
    can: [ { action: s3:ListBucket, resource: "arn:aws:s3:::company1-*" } ]
`);
    const check = john.expectations[0]!.checks[0]!;
    expect(check.status).toBe('fail');
    expect(check.witnesses.map((w) => w.resource).sort()).toEqual([
      'arn:aws:s3:::company1-iamspec-witness',
      'arn:aws:s3:::company1-uploads',
    ]);
    expect(check.message).toContain('(and 1 more of 7 requests)');
  });

  it('must hold under every request context the spec does not pin; a pinned context narrows it (temporary credentials)', () => {
    // uploader may put objects only with temporary credentials (aws:TokenIssueTime present).
    const r = run(`  - principal: user/uploader
    can:
      - action: s3:PutObject
        resource: "arn:aws:s3:::company1-uploads/*"
        context: { aws:TokenIssueTime: "2025-06-01T11:00:00Z" }
    cannot:
      - action: s3:PutObject
        resource: "arn:aws:s3:::company1-uploads/*"
        context: { aws:TokenIssueTime: null }
  - principal: user/uploader
    can: [ { action: s3:PutObject, resource: "arn:aws:s3:::company1-uploads/x" } ]
`);
    expect(r.expectations[0]!.status).toBe('pass');
    // Without the pin, long-term access keys (no aws:TokenIssueTime) are a context that denies.
    const free = r.expectations[1]!.checks[0]!;
    expect(free.status).toBe('fail');
    expect(free.message).toContain(
      'user/uploader can only conditionally s3:PutObject on arn:aws:s3:::company1-uploads/x when aws:TokenIssueTime is present',
    );
    expect(free.message).toContain(
      'a can holds only if every request context the spec does not pin allows it',
    );
    expect(free.witnesses[0]).toMatchObject({ access: 'conditional' });
  });

  it('agrees with toAllow: a Deny under some free context (no TLS) fails a can', () => {
    // company1-hr's bucket policy denies requests with aws:SecureTransport false.
    const r = run(`  - principal: group/HR
    can: [ { action: s3:GetObject, resource: "arn:aws:s3:::company1-hr/x" } ]
  - principal: group/HR
    context: { aws:SecureTransport: "true" }
    can: [ { action: s3:GetObject, resource: "arn:aws:s3:::company1-hr/x" } ]
`);
    expect(r.expectations.map((e) => e.status)).toEqual(['fail', 'pass']);
    expect(r.expectations[0]!.checks[0]!.message).toContain('aws:SecureTransport');
  });
});

describe('cannot', () => {
  it('passes when every request is denied, fails naming the statements that allow it', () => {
    const ok = run(`  - principal: role/Company1-Logs-Role
    cannot: [ { action: s3:PutObject, resource: "arn:aws:s3:::company1-logs/*" } ]
`);
    expect(ok.ok).toBe(true);

    const bad = run(`  - principal: user/john
    context: { aws:SecureTransport: "true" }
    cannot: [ { action: s3:GetObject, resource: "arn:aws:s3:::company1-hr/*" } ]
`);
    const check = bad.expectations[0]!.checks[0]!;
    expect(check.status).toBe('fail');
    expect(check.message).toMatch(
      /^user\/john can s3:GetObject on arn:aws:s3:::company1-hr\/iamspec-witness with aws:SecureTransport=true: allowed by HRPolicy/,
    );
    expect(statementNames(bad)).toEqual(['HRPolicy Statement[1]']);
    expect(check.statements[0]!.source).toMatchObject({ file: 'company1.ts' });
  });

  it('means never: access under some request context fails, with its conditions, as toDeny does', () => {
    // john reads company1-hr whenever the request is not aws:SecureTransport false: a cannot
    // with no context fails, naming the condition (it passed when absent keys were absent).
    const r = run(`  - principal: user/john
    cannot: [ { action: s3:GetObject, resource: "arn:aws:s3:::company1-hr/*" } ]
  - principal: user/john
    context: { aws:SecureTransport: "false" }
    cannot: [ { action: s3:GetObject, resource: "arn:aws:s3:::company1-hr/*" } ]
`);
    const check = r.expectations[0]!.checks[0]!;
    expect(check.status).toBe('fail');
    expect(check.message).toMatch(
      /^user\/john can s3:GetObject on arn:aws:s3:::company1-hr\/iamspec-witness when not aws:SecureTransport is "false" \(Bool\).*: allowed by HRPolicy/,
    );
    expect(check.message).toContain(
      'a cannot holds only if no request context the spec does not pin allows it',
    );
    expect(check.witnesses[0]).toMatchObject({
      access: 'conditional',
      conditions: [expect.stringContaining('aws:SecureTransport')],
    });
    // A pinned context narrows it: without TLS the bucket policy denies.
    expect(r.expectations[1]!.status).toBe('pass');
  });

  it('an action pattern checks every matching action of the catalog that fits the resource', () => {
    const ok = run(`  - principal: user/Sara-intern
    cannot: [ { action: "s3:*", resource: "arn:aws:s3:::company1-hr/*" } ]
`);
    expect(ok.expectations[0]!.checks[0]!.status).toBe('pass');
    // john may do s3:* on company1-sales through its bucket policy: many actions fail.
    const bad = run(`  - principal: user/john
    cannot: [ { action: "s3:Delete*", resource: "arn:aws:s3:::company1-sales/*" } ]
`);
    const check = bad.expectations[0]!.checks[0]!;
    expect(check.status).toBe('fail');
    expect(check.witnesses.map((w) => w.action)).toContain('s3:DeleteObject');
    expect(check.witnesses.every((w) => w.resource === 'arn:aws:s3:::company1-sales/iamspec-witness')).toBe(
      true,
    );
  });

  it('an explicit deny passes (Developers never stop instances), for each member of the group', () => {
    const r = run(`  - principal: group/Developers
    cannot: [ { action: ec2:StopInstances, resource: "arn:aws:ec2:us-west-2:${ACCOUNT}:instance/*" } ]
`);
    const checks = r.expectations[0]!.checks;
    expect(checks.map((c) => c.principal).sort()).toEqual([arn.user('Sara-intern'), arn.user('john')].sort());
    expect(checks.every((c) => c.status === 'pass')).toBe(true);
    expect(checks.map((c) => c.message)).toContain(
      `user/john (member of group/Developers) cannot ec2:StopInstances on arn:aws:ec2:us-west-2:${ACCOUNT}:instance/* (3 requests decided)`,
    );
  });
});

describe('group expansion', () => {
  it('`can` for a group fails when one member cannot (the intern is a Developer)', () => {
    const r = run(`  - principal: group/Developers
    can: [ { action: ec2:StartInstances, resource: "arn:aws:ec2:us-west-2:${ACCOUNT}:instance/*" } ]
`);
    const [a, b] = r.expectations[0]!.checks;
    const byPrincipal = Object.fromEntries([a!, b!].map((c) => [c.principal, c.status]));
    expect(byPrincipal).toEqual({ [arn.user('john')]: 'pass', [arn.user('Sara-intern')]: 'fail' });
    expect(r.expectations[0]!.status).toBe('fail');
  });

  it('a group without members is an error: nothing would be checked', () => {
    const base = buildCompany1();
    const hr = base.groups.find((g) => g.name === 'HR')!;
    const empty: Group = {
      ...hr,
      id: arn.user('x').replace(':user/x', ':group/Contractors'),
      arn: arn.user('x').replace(':user/x', ':group/Contractors'),
      name: 'Contractors',
    };
    const model: Model = { ...base, groups: [...base.groups, empty] };
    const e = runError(
      `  - principal: group/Contractors
    can: [ { action: s3:GetObject, resource: "arn:aws:s3:::company1-hr/*" } ]
`,
      model,
    );
    expect(e.reason).toContain('group/Contractors has no members in the model');
    expect([e.line, e.column]).toEqual([4, 16]);
    // As an allowed principal of onlyPrincipals it simply allows nobody.
    const spec = parseSpec(
      `version: 1\nexpect:\n  - { resource: "arn:aws:s3:::company1-hr/*", action: s3:GetObject, onlyPrincipals: [group/Contractors, group/HR, group/IT, role/JohnUploadRole] }\n`,
    );
    expect(runSpec(model, spec).ok).toBe(true);
  });
});

describe('only (exhaustive)', () => {
  const intern = `  - principal: user/Sara-intern
    only: [ { action: s3:ListBucket, resource: "arn:aws:s3:::company1-logs" } ]
`;
  it('passes for the intern, fails with a witness and the statements when the boundary widens', () => {
    expect(run(intern).ok).toBe(true);
    const bad = run(intern, { internBoundaryGetObject: true });
    const check = bad.expectations[0]!.checks[0]!;
    expect(check).toMatchObject({ kind: 'only', status: 'fail', principal: arn.user('Sara-intern') });
    expect(
      check.witnesses.some(
        (w) => w.action === 's3:GetObject' && w.resource.startsWith('arn:aws:s3:::company1-logs/'),
      ),
    ).toBe(true);
    expect(check.message).toMatch(/^user\/Sara-intern can also s3:GetObject on arn:aws:s3:::company1-logs\//);
    // The statement that grants it is the one to change; the boundary that now allows it is
    // named once, as context (it caps, it grants nothing).
    expect(statementNames(bad)).toContain('Company1-Logs-Policy Statement[0]');
    expect(statementNames(bad).some((s) => s.startsWith('InternBoundaryPolicy'))).toBe(false);
    const boundary = check.fix!.context.find((c) => c.kind === 'boundary');
    expect(boundary?.statement?.policy).toMatch(/^InternBoundaryPolicy/);
    expect(boundary?.text).toMatch(/permissions boundary allows it/);
  });

  it('removing the boundary gives the intern all of Developers', () => {
    const bad = run(intern, { removeInternBoundary: true });
    const check = bad.expectations[0]!.checks[0]!;
    expect(check.status).toBe('fail');
    expect(check.witnesses.some((w) => w.action.startsWith('ec2:'))).toBe(true);
    expect(statementNames(bad)).toContain('Company1-Logs-Policy Statement[0]');
  });

  it('an empty list means no access at all', () => {
    const r = run(`  - principal: user/uploader
    only: []
`);
    expect(r.expectations[0]!.status).toBe('fail');
    // Conditional access (only with temporary credentials) is a violation, shown with its condition.
    const w = r.expectations[0]!.checks[0]!.witnesses.find((x) => x.action === 's3:PutObject')!;
    expect(w.access).toBe('conditional');
    expect(w.conditions.join(' ')).toContain('aws:TokenIssueTime');
  });
});

describe('onlyPrincipals (exhaustive over principals)', () => {
  const hrReaders = `  - resource: "arn:aws:s3:::company1-hr/*"
    action: s3:GetObject
    onlyPrincipals: [group/HR, group/IT, role/JohnUploadRole]
`;
  it('passes for company1-hr, and says once that the root user is outside the check', () => {
    const r = run(hrReaders + hrReaders);
    expect(r.ok).toBe(true);
    expect(r.notes).toEqual([ROOT_USER_NOTE, OWN_ACCOUNT_PRINCIPALS_NOTE]);
    expect(run(`  - principal: user/john\n    only: []\n`).notes).toEqual([]);
  });

  it('fails when an EC2 role with AmazonS3ReadOnlyAccess reads company1-hr', () => {
    const r = run(hrReaders, { ec2RoleWithS3ReadOnly: true });
    const check = r.expectations[0]!.checks[0]!;
    expect(check.status).toBe('fail');
    expect(check.principal).toMatch(/^arn:aws:iam::629470240201:role\//);
    expect(statementNames(r).some((s) => s.startsWith('AmazonS3ReadOnlyAccess'))).toBe(true);
  });

  it('leaving a reader out fails: IT (sarah) reads company1-hr', () => {
    const r = run(`  - resource: "arn:aws:s3:::company1-hr/*"
    action: s3:GetObject
    onlyPrincipals: [group/HR, role/JohnUploadRole]
`);
    expect(r.expectations[0]!.checks[0]!.witnesses.map((w) => w.principal)).toContain(arn.user('sarah'));
  });

  it('who can assume a role: only EC2, until Lambda is trusted too', () => {
    const spec = `  - resource: role/Company1-Logs-Role
    action: sts:AssumeRole
    onlyPrincipals: [ec2.amazonaws.com]
`;
    expect(run(spec).ok).toBe(true);
    const bad = run(spec, { lambdaTrustsLogsRole: true });
    expect(bad.expectations[0]!.checks[0]!.message).toMatch(
      /^lambda\.amazonaws\.com can also sts:AssumeRole/,
    );
  });

  it('with a pinned context: nobody reads company1-hr without TLS', () => {
    const r = run(`  - resource: "arn:aws:s3:::company1-hr/*"
    action: s3:GetObject
    context: { aws:SecureTransport: "false" }
    onlyPrincipals: []
`);
    expect(r.ok).toBe(true);
  });
});

describe('onlyPrincipals with lists of actions and resources', () => {
  it('checks every action on every resource, one check each, located at its list item', () => {
    const r = run(`  - resource:
      - "arn:aws:s3:::company1-hr/*"
      - "arn:aws:s3:::company1-sales/*"
    action: [s3:GetObject, s3:PutObject]
    onlyPrincipals: [group/HR, group/IT, role/JohnUploadRole, group/Developers]
`);
    const checks = r.expectations[0]!.checks;
    expect(
      checks.map((c) =>
        c.message
          .match(/can (s3:\w+) on (\S+)/)
          ?.slice(1, 3)
          .join(' '),
      ),
    ).toEqual([
      's3:GetObject arn:aws:s3:::company1-hr/*',
      's3:GetObject arn:aws:s3:::company1-sales/*',
      's3:PutObject arn:aws:s3:::company1-hr/*',
      's3:PutObject arn:aws:s3:::company1-sales/*',
    ]);
    // Each resource of the list is located at its own item.
    expect(new Set(checks.map((c) => c.location.line)).size).toBe(2);
  });

  it('a failure in one pair fails the expectation; the others still pass', () => {
    const r = run(`  - resource: ["arn:aws:s3:::company1-hr/*", "arn:aws:s3:::company1-logs/*"]
    action: s3:GetObject
    onlyPrincipals: [group/HR, group/IT, role/JohnUploadRole]
`);
    expect(r.expectations[0]!.status).toBe('fail');
    expect(r.expectations[0]!.checks.map((c) => c.status)).toEqual(['pass', 'fail']);
  });
});

describe('a default context for the whole spec (top-level context:)', () => {
  function runWithDefault(context: string, yaml: string): SpecResult {
    const model = buildCompany1();
    const spec = parseSpec(
      `version: 1\naccount: "${ACCOUNT}"\ncontext: ${context}\nexpect:\n${yaml}`,
      'access.yaml',
    );
    return runSpec(model, spec, { engine: compileModel(model, { now: NOW }), inputs: ['company1.ts'] });
  }
  const hrRead = `  - principal: group/HR
    can: [ { action: s3:GetObject, resource: "arn:aws:s3:::company1-hr/x" } ]
`;

  it('applies to every expectation (the HR bucket denies requests without TLS)', () => {
    // Without the default, the TLS-only Deny makes the read conditional: can fails.
    expect(run(hrRead).ok).toBe(false);
    expect(runWithDefault('{ aws:SecureTransport: "true" }', hrRead).ok).toBe(true);
  });

  it("an expectation's context overrides it key by key, in any letter case", () => {
    const spec = parseSpec(
      `version: 1\ncontext: { aws:SecureTransport: "true", aws:SourceIp: 10.0.0.1 }\nexpect:\n  - principal: group/HR\n    context: { AWS:securetransport: "false" }\n    cannot: [ { action: s3:GetObject, resource: "arn:aws:s3:::company1-hr/x" } ]\n`,
    );
    expect(spec.context).toEqual({ 'aws:SecureTransport': 'true', 'aws:SourceIp': '10.0.0.1' });
    expect(spec.expect[0]!.context).toEqual({ 'aws:SourceIp': '10.0.0.1', 'AWS:securetransport': 'false' });
    const r = runWithDefault(
      '{ aws:SecureTransport: "true" }',
      `  - principal: group/HR\n    context: { aws:SecureTransport: "false" }\n    cannot: [ { action: s3:GetObject, resource: "arn:aws:s3:::company1-hr/x" } ]\n`,
    );
    expect(r.ok).toBe(true);
  });

  it('a malformed default context is an error at its location', () => {
    expect(() =>
      parseSpec(
        'version: 1\ncontext: { SecureTransport: "true" }\nexpect:\n  - { principal: user/john, only: [] }\n',
        'a.yaml',
      ),
    ).toThrow(/a\.yaml:2/);
  });
});

describe('via (role chains) and session policies', () => {
  const sessionPolicy = `{ Version: "2012-10-17", Statement: [ { Effect: Allow, Action: "s3:PutObject", Resource: "arn:aws:s3:::company1-hr/*" } ] }`;

  it('john reaches JohnUploadRole; the checks run as its session with the session policy', () => {
    const r = run(`  - principal: user/john
    via: role/JohnUploadRole
    sessionPolicy: ${sessionPolicy}
    context: { aws:SecureTransport: "true" }
    can: [ { action: s3:PutObject, resource: "arn:aws:s3:::company1-hr/*" } ]
    cannot: [ { action: s3:GetObject, resource: "arn:aws:s3:::company1-hr/*" } ]
`);
    const checks = r.expectations[0]!.checks;
    expect(checks.map((c) => [c.kind, c.status])).toEqual([
      ['via', 'pass'],
      ['can', 'pass'],
      ['cannot', 'pass'],
    ]);
    expect(checks[1]!.principal).toBe(arn.role('JohnUploadRole'));
    expect(checks[1]!.message).toContain('user/john via role/JohnUploadRole can s3:PutObject');
  });

  it('without the session policy the role session reads company1-hr', () => {
    const r = run(`  - principal: user/john
    via: role/JohnUploadRole
    cannot: [ { action: s3:GetObject, resource: "arn:aws:s3:::company1-hr/*" } ]
`);
    expect(r.expectations[0]!.checks[1]!.status).toBe('fail');
    expect(statementNames(r, 0, 1)).toEqual(['SessionPolicy-UploadFile Statement[0]']);
  });

  it('a hop the trust policy does not allow fails, names the trust policy, and the checks do not run', () => {
    const r = run(`  - principal: user/sarah
    via: [role/JohnUploadRole]
    can: [ { action: s3:PutObject, resource: "arn:aws:s3:::company1-hr/*" } ]
`);
    const checks = r.expectations[0]!.checks;
    expect(checks).toHaveLength(1);
    expect(checks[0]).toMatchObject({ kind: 'via', status: 'fail', resource: arn.role('JohnUploadRole') });
    expect(checks[0]!.message).toContain(
      'user/sarah cannot assume arn:aws:iam::629470240201:role/JohnUploadRole',
    );
    expect(checks[0]!.message).toContain('trust policy');
  });

  it('a session policy needs a role session', () => {
    const e = runError(`  - principal: user/john
    sessionPolicy: ${sessionPolicy}
    can: [ { action: s3:PutObject, resource: "arn:aws:s3:::company1-hr/*" } ]
`);
    expect(e.reason).toContain('sessionPolicy applies to a role session or a federated user session');
    expect(e.line).toBe(5);
    // Naming the role itself is fine: its session with the policy.
    const r = run(`  - principal: role/JohnUploadRole
    sessionPolicy: ${sessionPolicy}
    cannot: [ { action: s3:GetObject, resource: "arn:aws:s3:::company1-hr/*" } ]
`);
    expect(r.ok).toBe(true);
  });

  it('via takes roles only', () => {
    expect(
      runError(`  - principal: user/john
    via: group/HR
    can: [ { action: s3:PutObject, resource: "arn:aws:s3:::company1-hr/*" } ]
`).reason,
    ).toBe('"via" takes roles to assume; "group/HR" is a group');
  });
});

describe('references that match nothing are errors at the spec location', () => {
  it('a misspelt principal, with the close candidates', () => {
    const e = runError(`  - principal: user/jhon
    cannot: [ { action: s3:GetObject, resource: "arn:aws:s3:::company1-hr/*" } ]
`);
    expect(e.message).toMatch(/^access\.yaml:4:16: unknown principal "user\/jhon".*did you mean user\/john/);
  });

  it('a principal ARN of an account of the model that the model does not have, in one sentence with the closest names', () => {
    const e = runError(`  - principal: "arn:aws:iam::${ACCOUNT}:user/jhon"
    cannot: [ { action: s3:GetObject, resource: "arn:aws:s3:::company1-hr/*" } ]
`);
    expect(e.reason).toBe(
      `principal "arn:aws:iam::${ACCOUNT}:user/jhon" names no user of account ${ACCOUNT} in the model; ${ACCOUNT} is an account of the inputs, so no principal outside them can be it; did you mean user/john?`,
    );
    expect([e.line, e.column]).toEqual([4, 16]);
    // An assumed-role session of a role the model does not have, likewise.
    expect(
      runError(`  - principal: "arn:aws:sts::${ACCOUNT}:assumed-role/JohnUpload/s"
    cannot: [ { action: s3:GetObject, resource: "arn:aws:s3:::company1-hr/*" } ]
`).reason,
    ).toContain('names no role of account 629470240201 in the model');
    // A principal of another account is external: no error.
    expect(
      run(`  - principal: "arn:aws:iam::111122223333:role/Partner"
    cannot: [ { action: s3:GetObject, resource: "arn:aws:s3:::company1-hr/*" } ]
`).warnings,
    ).toEqual([]);
    // An IAM role of an account of the model, as a resource, likewise.
    expect(
      runError(`  - resource: "arn:aws:iam::${ACCOUNT}:role/JohnUpload"
    action: sts:AssumeRole
    onlyPrincipals: [user/john]
`).reason,
    ).toContain('names no role');
  });

  it('a principal ARN that is no principal (an instance profile) is an error', () => {
    expect(
      runError(`  - principal: "arn:aws:iam::${ACCOUNT}:instance-profile/web"
    cannot: [ { action: s3:GetObject, resource: "arn:aws:s3:::company1-hr/*" } ]
`).reason,
    ).toMatch(/^principal "arn:aws:iam::629470240201:instance-profile\/web" is not a principal ARN/);
  });
  it('an unknown action, a misspelt onlyPrincipals entry, a misspelt via role', () => {
    expect(
      runError(`  - principal: user/john
    cannot: [ { action: s3:GetObjet, resource: "arn:aws:s3:::company1-hr/*" } ]
`).reason,
    ).toMatch(/^unknown action "s3:GetObjet": it is not in the action catalog; did you mean .*s3:GetObject/);
    const allowed = runError(`  - resource: "arn:aws:s3:::company1-hr/*"
    action: s3:GetObject
    onlyPrincipals: [group/HR, group/TI]
`);
    expect(allowed.reason).toContain('unknown principal "group/TI"');
    expect([allowed.line, allowed.column]).toEqual([6, 32]);
    const via = runError(`  - principal: user/john
    via: [role/JohnUploadRole, role/Nope]
    can: [ { action: s3:PutObject, resource: "arn:aws:s3:::company1-hr/*" } ]
`);
    expect([via.line, via.column]).toEqual([5, 32]);
  });

  it('a pattern that fits no resource type of the action names no request', () => {
    expect(
      runError(`  - principal: user/john
    cannot: [ { action: s3:ListBucket, resource: "arn:aws:s3:::company1-hr/*" } ]
`).reason,
    ).toContain('names no request');
  });
});

describe('a bucket that is not in the model is a warning, not an error (it may be made elsewhere)', () => {
  // company1-central-logs is named by no policy of the model and not created by it.
  it('only on an exact bucket ARN outside the model works, with a warning', () => {
    const r = run(`  - principal: user/Sara-intern
    cannot: [ { action: s3:ListBucket, resource: "arn:aws:s3:::company1-central-logs" } ]
`);
    expect(r.expectations[0]!.status).toBe('pass');
    expect(r.warnings).toEqual([
      {
        code: 'spec/resource-not-in-model',
        severity: 'warning',
        message:
          'resource "arn:aws:s3:::company1-central-logs" names the bucket "company1-central-logs", which is not in the model: it is decided as a bucket outside the inputs, without a bucket policy',
        candidates: [],
        location: expect.objectContaining({ file: 'access.yaml', line: 5, pointer: '/expect/0/cannot/0' }),
      },
    ]);
  });

  it('a resource with $-brace text (a template variable the spec does not have) is an error at it', () => {
    // Nothing substitutes it, so the cannot would hold vacuously (test/spec-unresolved-variable.test.ts).
    const e = runError(`  - principal: user/john
    cannot: [ { action: sqs:SendMessage, resource: "arn:aws:sqs:\${Region}:629470240201:jobs" } ]
`);
    expect(e.message).toContain(`holds "\${Region}"`);
    expect(e.pointer).toBe('/expect/0/cannot/0');
  });

  it('a close bucket name of the model is a "did you mean"; a warning is listed once', () => {
    const r = run(`  - principal: user/john
    cannot: [ { action: s3:GetObject, resource: "arn:aws:s3:::company1-hrr/*" } ]
    only: [ { action: s3:GetObject, resource: "arn:aws:s3:::company1-hrr/*" } ]
`);
    expect(r.warnings.map((w) => [w.message, w.location?.pointer])).toEqual([
      [
        'resource "arn:aws:s3:::company1-hrr/*" names the bucket "company1-hrr", which is not in the model: it is decided as a bucket outside the inputs, without a bucket policy; did you mean company1-hr?',
        '/expect/0/cannot/0',
      ],
      [
        'resource "arn:aws:s3:::company1-hrr/*" names the bucket "company1-hrr", which is not in the model: it is decided as a bucket outside the inputs, without a bucket policy; did you mean company1-hr?',
        '/expect/0/only/0',
      ],
    ]);
    expect(r.warnings[0]!.candidates).toEqual(['company1-hr']);
  });

  it('strict (in the spec or as an option) makes a warning an error at the spec element', () => {
    const yaml = `  - principal: user/john
    cannot: [ { action: s3:GetObject, resource: "arn:aws:s3:::company1-hrr/x" } ]
`;
    const model = buildCompany1();
    const strictSpec = parseSpec(`version: 1\nstrict: true\nexpect:\n${yaml}`, 'access.yaml');
    expect(() => runSpec(model, strictSpec)).toThrow(
      /^access\.yaml:5:15: resource .*did you mean company1-hr\? \(strict: warnings are errors\)$/,
    );
    const spec = parseSpec(`version: 1\nexpect:\n${yaml}`, 'access.yaml');
    expect(runSpec(model, spec).warnings).toHaveLength(1);
    expect(() => runSpec(model, spec, { strict: true })).toThrow(SpecError);
  });
});
