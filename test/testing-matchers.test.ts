// Tests of the test matchers (src/testing/matchers.ts, registered by src/testing/vitest.ts):
// toAllow / toDeny decide a request with the context the test did not pin free, toOnlyAllow is the
// exhaustive `only` check, toSatisfySpec runs an access spec. Each passes and fails (also with
// `.not`), failure messages show the decision, the trace with sources and the witnesses, and the
// matcher functions work as jest calls them (`this` = a matcher context with `isNot`).
//
// Evaluation rules these checks rely on, on the company1 scenario (test/helpers/company1.ts):
// - an explicit Deny overrides any Allow; no Allow = implicit deny:
//   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
// - a permissions boundary caps a user's identity-based permissions:
//   https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html
// - aws:SecureTransport is "true" only for TLS requests; aws:TokenIssueTime is present only in
//   requests signed with temporary credentials:
//   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
// - a user gets the permissions of the groups it is in:
//   https://docs.aws.amazon.com/IAM/latest/UserGuide/id_groups.html

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import '../src/testing/vitest.js';
import { compileModel } from '../src/engine/index.js';
import { UnknownReferenceError } from '../src/requests/references.js';
import { checkedScope } from '../src/spec/check-result.js';
import {
  configureIamspecMatchers,
  iamspecMatchers,
  type MatcherContext,
  type MatcherResult,
} from '../src/testing/matchers.js';
import { buildCompany1, SESSION_POLICY } from './helpers/company1.js';
import { allow, arns, policy, TestModel } from './helpers/engine-fixtures.js';
import { runCli } from './fixtures/cli/run.js';

const model = buildCompany1();
const logs = 'arn:aws:s3:::company1-logs';
const logsObject = 'arn:aws:s3:::company1-logs/reports/x.txt';
const hrObject = 'arn:aws:s3:::company1-hr/payroll.csv';
const uploadsObject = 'arn:aws:s3:::company1-uploads/drop.bin';
const instance = 'arn:aws:ec2:us-west-2:629470240201:instance/i-0123456789abcdef0';

/** The failure message of an assertion that must fail. */
function failureOf(assertion: () => void): string {
  try {
    assertion();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('the assertion did not fail');
}

describe('toAllow / toDeny', () => {
  it('pass for what the scenario allows and denies', () => {
    expect(model).toAllow({ principal: 'user/Sara-intern', action: 's3:ListBucket', resource: logs });
    expect(model).toDeny({ principal: 'user/Sara-intern', action: 's3:GetObject', resource: logsObject });
    expect(model).toAllow({
      principal: 'role/Company1-Logs-Role',
      action: 's3:GetObject',
      resource: logsObject,
    });
    expect(model).toDeny({
      principal: 'role/Company1-Logs-Role',
      action: 's3:PutObject',
      resource: logsObject,
    });
    expect(model).not.toAllow({
      principal: 'user/Sara-intern',
      action: 's3:GetObject',
      resource: logsObject,
    });
    expect(model).not.toDeny({ principal: 'user/Sara-intern', action: 's3:ListBucket', resource: logs });
  });

  it('a failing toAllow shows the decision, the trace with sources and what would change it', () => {
    const message = failureOf(() =>
      expect(model).toAllow({ principal: 'user/Sara-intern', action: 's3:GetObject', resource: logsObject }),
    );
    expect(message).toContain(`expected user/Sara-intern s3:GetObject on ${logsObject} to be allowed`);
    expect(message).toContain('Decision: DENY under every request context');
    expect(message).toContain('[permissions boundary]');
    expect(message).toContain('InternBoundaryPolicy');
    // Sources: the model's file and element of the statements in the trace.
    expect(message).toContain('at company1.ts#/Company1-Logs-Policy/Statement/0');
    expect(message).toContain('logical id SaraIntern');
    expect(message).toContain('What would change the outcome');
  });

  it('a failing toDeny names the Allow statements that grant the request', () => {
    const message = failureOf(() =>
      expect(model).toDeny({
        principal: 'role/Company1-Logs-Role',
        action: 's3:GetObject',
        resource: logsObject,
      }),
    );
    expect(message).toContain('to be denied');
    expect(message).toContain('Decision: ALLOW under every request context');
    expect(message).toContain('[identity-based policy] Allow applies');
    expect(message).toMatch(/to deny it: remove or narrow .*company1\.ts/);
  });

  it('an explicit Deny: toDeny passes; a failing .not.toDeny names the Deny statement', () => {
    const request = { principal: 'user/john', action: 'ec2:StopInstances', resource: instance };
    expect(model).toDeny(request);
    const message = failureOf(() => expect(model).not.toDeny(request));
    expect(message).toContain('not to be denied');
    expect(message).toContain('explicit deny');
    expect(message).toMatch(/remove or narrow the Deny .*Developers_Policy/);
  });

  it('a group reference means every member: each member must be allowed (or denied)', () => {
    // Developers: john may start instances; Sara-intern's boundary does not allow it.
    const start = { principal: 'group/Developers', action: 'ec2:StartInstances', resource: instance };
    const message = failureOf(() => expect(model).toAllow(start));
    expect(message).toContain('(every member of group/Developers)');
    expect(message).toMatch(/user\/john: ALLOW/);
    expect(message).toMatch(/user\/Sara-intern: DENY/);
    expect(message).toContain('=== member user/Sara-intern of group/Developers ===');
    expect(model).toDeny({ principal: 'group/Developers', action: 'ec2:StopInstances', resource: instance });
    // Not every member is denied either: neither toDeny nor .not.toAllow holds.
    expect(() => expect(model).toDeny(start)).toThrow();
    expect(() => expect(model).not.toAllow(start)).toThrow();
  });

  it('access under some request context only is conditional: neither form passes until the context is pinned', () => {
    const read = { principal: 'user/john', action: 's3:GetObject', resource: hrObject };
    for (const assertion of [
      () => expect(model).toAllow(read),
      () => expect(model).not.toAllow(read),
      () => expect(model).toDeny(read),
      () => expect(model).not.toDeny(read),
    ]) {
      const message = failureOf(assertion);
      expect(message).toContain('CONDITIONAL');
      expect(message).toContain('aws:SecureTransport');
      expect(message).toContain('DenyInsecureTransport');
    }
    expect(model).toAllow({ ...read, context: { 'aws:SecureTransport': 'true' } });
    expect(model).toDeny({ ...read, context: { 'aws:SecureTransport': 'false' } });
  });

  it('temporary-credentials-only access: allowed with aws:TokenIssueTime, denied without it', () => {
    const put = { principal: 'user/uploader', action: 's3:PutObject', resource: uploadsObject };
    expect(failureOf(() => expect(model).toAllow(put))).toContain('aws:TokenIssueTime');
    expect(model).toAllow({ ...put, context: { 'aws:TokenIssueTime': '2025-06-01T11:00:00Z' } });
  });

  it('a session policy caps a role session', () => {
    const role = 'role/JohnUploadRole';
    const tls = { 'aws:SecureTransport': 'true' };
    expect(model).toAllow({ principal: role, action: 's3:GetObject', resource: hrObject, context: tls });
    expect(model).toDeny({
      principal: role,
      action: 's3:GetObject',
      resource: hrObject,
      context: tls,
      sessionPolicy: SESSION_POLICY,
    });
    expect(model).toAllow({
      principal: role,
      action: 's3:PutObject',
      resource: hrObject,
      context: tls,
      sessionPolicy: SESSION_POLICY,
    });
  });

  it('an indeterminate decision satisfies neither form (a matcher never passes on an unknown)', () => {
    const m = new TestModel();
    const u = m.user('u', { managed: [arns.policy('DefinedElsewhere')] });
    const request = { principal: u, action: 's3:GetObject', resource: 'arn:aws:s3:::some-bucket/x' };
    const unknown = m.model();
    for (const assertion of [
      () => expect(unknown).toAllow(request),
      () => expect(unknown).not.toAllow(request),
      () => expect(unknown).toDeny(request),
      () => expect(unknown).not.toDeny(request),
    ]) {
      expect(failureOf(assertion)).toContain('INDETERMINATE');
    }
  });

  it('a reference that names nothing throws with suggestions: a typo never passes', () => {
    expect(() =>
      expect(model).toDeny({ principal: 'user/Sara-inter', action: 's3:GetObject', resource: logsObject }),
    ).toThrow(/unknown principal "user\/Sara-inter".*did you mean user\/Sara-intern/);
    expect(() =>
      expect(model).toDeny({ principal: 'user/john', action: 's3:GetObject', resource: 'LogBucket/x' }),
    ).toThrow(/unknown resource "LogBucket\/x"/);
    expect(() => expect(model).toDeny({ principal: 'user/john', action: 's3:*', resource: logs })).toThrow(
      /not an action/,
    );
  });

  // A request names one resource: `*` in it is a character of the name (IAM User Guide, "IAM JSON
  // policy elements: Resource": wildcards are matched in the policy's Resource element, against the
  // request's resource), so an Allow on `company1-hr/*` never matches the string
  // `company1-h*/payroll.csv`. The matchers decide a pattern as a spec's can / cannot do, on every
  // resource it matches (test/testing-matchers-patterns.test.ts), so toDeny on it fails.
  it('a resource pattern is decided on every matching resource: toDeny on it does not pass vacuously', () => {
    const hrPattern = 'arn:aws:s3:::company1-h*/payroll.csv';
    expect(() =>
      expect(model).toDeny({ principal: 'user/john', action: 's3:GetObject', resource: hrPattern }),
    ).toThrow(
      /decided a resource pattern[\s\S]*Shown: s3:GetObject on arn:aws:s3:::company1-hr\/payroll\.csv/,
    );
    expect(() =>
      expect(model).not.toAllow({
        principal: 'user/john',
        action: 's3:GetObject',
        resource: `${logs}/reports/*`,
      }),
    ).toThrow(/Shown: s3:GetObject on arn:aws:s3:::company1-logs\/reports\//);
  });

  it('takes a compiled Engine as well as a Model (also through .resolves), and rejects anything else', async () => {
    await expect(Promise.resolve(model)).resolves.toAllow({
      principal: 'user/Sara-intern',
      action: 's3:ListBucket',
      resource: logs,
    });
    const engine = compileModel(model);
    expect(engine).toAllow({ principal: 'user/Sara-intern', action: 's3:ListBucket', resource: logs });
    expect(() =>
      expect({}).toAllow({ principal: 'user/x', action: 's3:ListBucket', resource: logs }),
    ).toThrow(/needs an iamspec Model/);
    expect(() =>
      expect(Promise.resolve(model)).toAllow({
        principal: 'user/x',
        action: 's3:ListBucket',
        resource: logs,
      }),
    ).toThrow(/got a Promise/);
  });

  it('resolves logical ids and resource references with suffixes like eval requests', () => {
    expect(model).toAllow({ principal: 'SaraIntern', action: 's3:ListBucket', resource: 'LogsBucket' });
    expect(model).toDeny({
      principal: 'SaraIntern',
      action: 's3:GetObject',
      resource: 'LogsBucket/reports/x.txt',
    });
  });
});

describe('configureIamspecMatchers', () => {
  // aws:CurrentTime is the clock of the evaluation (the engine's `now`), not free context:
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-currenttime
  it('sets the clock of the engines the matchers compile', () => {
    const fixture = () => {
      const m = new TestModel();
      const u = m.user('temp', {
        inline: [
          policy(
            allow('s3:GetObject', 'arn:aws:s3:::data/*', {
              Condition: { DateLessThan: { 'aws:CurrentTime': '2030-01-01T00:00:00Z' } },
            }),
          ),
        ],
      });
      return {
        model: m.model(),
        request: { principal: u, action: 's3:GetObject', resource: 'arn:aws:s3:::data/x' },
      };
    };
    try {
      configureIamspecMatchers({ now: new Date('2029-06-01T00:00:00Z') });
      const before = fixture();
      expect(before.model).toAllow(before.request);
      configureIamspecMatchers({ now: new Date('2031-06-01T00:00:00Z') });
      const after = fixture();
      expect(after.model).toDeny(after.request);
    } finally {
      configureIamspecMatchers({});
    }
  });
});

describe('toOnlyAllow', () => {
  const internOnly = [{ action: 's3:ListBucket', resource: logs }];

  it('passes when the principal has exactly the listed access', () => {
    expect(model).toOnlyAllow('user/Sara-intern', internOnly);
    expect(model).toOnlyAllow('role/Company1-Logs-Role', [{ action: 's3:GetObject', resource: `${logs}/*` }]);
  });

  it('says what it went through in the words of `check` (one wording: checkedScope)', async () => {
    expect(checkedScope({ actions: 1, resources: 6, decisions: 6 })).toBe(
      '1 action × 6 resources checked, 6 decisions',
    );
    expect(checkedScope({ principals: 4, resources: 1, decisions: 1 })).toBe(
      '4 principals × 1 resource checked, 1 decision',
    );
    const scope = /^(\d+ actions? × \d+ resources? checked, \d+ decisions?)\.$/m;
    const message = failureOf(() => expect(model).not.toOnlyAllow('user/Sara-intern', internOnly));
    expect(message).toMatch(scope);
    const r = await runCli([
      'check',
      'tf-example/plan.json',
      'tf-example/',
      '--spec',
      'tf-example/access.yaml',
      '--format',
      'json',
    ]);
    const only = JSON.parse(r.stdout)
      .expectations.flatMap((e: { checks: { kind: string; message: string }[] }) => e.checks)
      .find((c: { kind: string }) => c.kind === 'only');
    expect(only.message).toMatch(/\((\d+ actions? × \d+ resources? checked, \d+ decisions?)\)$/);
  });

  // Issue 13 item 4: the failure is said once, as `check` says it: the statements to change, each
  // with its source (a managed policy: where it is attached) and the access it grants by action
  // family; what merely permits it (the boundary) is context, not the thing to fix.
  it('fails with the worst witness, then the statement to change with its source and the boundary as context', () => {
    const widened = buildCompany1({ internBoundaryGetObject: true });
    const message = failureOf(() => expect(widened).toOnlyAllow('user/Sara-intern', internOnly));
    expect(message).toContain('expected user/Sara-intern to have only this access');
    expect(message).toMatch(/s3:GetObject on arn:aws:s3:::company1-logs\/\S+: ALLOW/);
    expect(message).toContain('what to change (1 statement, worst access first):');
    expect(message).toMatch(
      / {4}1\. Company1-Logs-Policy \(arn:[^)]+\), Statement\[0\] \(identity-based policy\)\n {6}at company1\.ts/,
    );
    expect(message).toContain('attached to group Developers (Sara-intern is a member)');
    expect(message).toMatch(/s3 Read \(1 action\): s3:GetObject on arn:aws:s3:::company1-logs\//);
    expect(message).toMatch(
      /context \(permits it without granting it\):\n.*permissions boundary allows it.*InternBoundaryPolicy/,
    );
    expect(message).not.toContain('granted by');
    expect(message).toContain('Trace of s3:GetObject');
  });

  it('fails when the boundary is dropped (the group policies apply in full), each statement once', () => {
    const unbounded = buildCompany1({ removeInternBoundary: true });
    const message = failureOf(() => expect(unbounded).toOnlyAllow('user/Sara-intern', internOnly));
    expect(message).toMatch(/ec2:\S+ on .*: ALLOW/);
    expect(message).toContain('Developers_Policy');
    const statements = [...message.matchAll(/^ {4}\d+\. (.*)$/gm)].map((m) => m[1]);
    expect(statements.length).toBeGreaterThan(0);
    expect(new Set(statements).size).toBe(statements.length);
    const witnesses = Number(/it can also \((\d+) witnesses; the worst first\)/.exec(message)?.[1]);
    expect(witnesses).toBeGreaterThan(statements.length);
    expect(message).not.toContain('granted by');
  });

  it('.not passes only when there is access beyond the list', () => {
    expect(buildCompany1({ internBoundaryGetObject: true })).not.toOnlyAllow('user/Sara-intern', internOnly);
    const message = failureOf(() => expect(model).not.toOnlyAllow('user/Sara-intern', internOnly));
    expect(message).toContain('to have access beyond');
    expect(message).toContain('found no access beyond it');
  });

  it('takes resource references and reports listed access the principal does not have', () => {
    expect(model).toOnlyAllow('user/Sara-intern', [
      { action: 's3:ListBucket', resource: 'LogsBucket' },
      { action: 's3:GetObject', resource: 'LogsBucket/*' },
    ]);
    const widened = buildCompany1({ internBoundaryGetObject: true });
    const message = failureOf(() =>
      expect(widened).toOnlyAllow('user/Sara-intern', [
        { action: 's3:GetObject', resource: 'LogsBucket/*' },
        { action: 's3:DeleteBucket', resource: 'LogsBucket' },
      ]),
    );
    expect(message).toContain('s3:ListBucket on arn:aws:s3:::company1-logs: ALLOW');
    expect(message).toContain('listed but not allowed: s3:DeleteBucket on arn:aws:s3:::company1-logs');
  });

  it('conditional access counts as access', () => {
    const message = failureOf(() => expect(model).toOnlyAllow('user/uploader', []));
    expect(message).toContain('CONDITIONAL');
    expect(message).toContain('aws:TokenIssueTime');
  });

  it('a group means each member', () => {
    const message = failureOf(() => expect(model).toOnlyAllow('group/Developers', internOnly));
    expect(message).toContain('(each member of group/Developers)');
    expect(message).toMatch(/user\/john: it can also/);
    expect(message).toMatch(/user\/Sara-intern: no access beyond the list/);
  });

  it('an unknown principal throws', () => {
    expect(() => expect(model).toOnlyAllow('user/nobody', internOnly)).toThrow(UnknownReferenceError);
  });
});

describe('toSatisfySpec', () => {
  const internSpec = {
    version: 1 as const,
    account: '629470240201',
    expect: [
      {
        id: 'intern-only',
        principal: 'user/Sara-intern',
        only: [{ action: 's3:ListBucket', resource: logs }],
      },
      {
        id: 'devs-never-stop',
        principal: 'group/Developers',
        cannot: [{ action: 'ec2:StopInstances', resource: instance }],
      },
    ],
  };

  it('passes when every expectation holds (a spec document)', () => {
    expect(model).toSatisfySpec(internSpec);
  });

  it('fails with the text report of the failing expectation', () => {
    const widened = buildCompany1({ internBoundaryGetObject: true });
    const message = failureOf(() => expect(widened).toSatisfySpec(internSpec));
    expect(message).toContain('expected the model to satisfy');
    expect(message).toMatch(/✗ intern-only/);
    expect(message).toMatch(/✓ devs-never-stop/);
    expect(message).toContain('user/Sara-intern can also s3:GetObject');
    expect(message).toContain('1 passed, 1 failed, 0 indeterminate');
  });

  it('.not passes only when an expectation fails', () => {
    expect(buildCompany1({ internBoundaryGetObject: true })).not.toSatisfySpec(internSpec);
    expect(failureOf(() => expect(model).not.toSatisfySpec(internSpec))).toContain('no expectation fails');
  });

  it('reads a spec file: the CDK example spec holds for the company1 model built by hand', () => {
    expect(buildCompany1({ githubDeployRole: true })).toSatisfySpec(
      join(import.meta.dirname, '..', 'cdk-example', 'access.yaml'),
    );
  });

  it('a spec reference that names nothing throws with the spec location', () => {
    const typo = {
      version: 1 as const,
      expect: [{ principal: 'user/jon', can: [{ action: 's3:ListBucket', resource: logs }] }],
    };
    expect(() => expect(model).toSatisfySpec(typo)).toThrow(/user\/jon/);
  });
});

describe('jest compatibility: the plain matcher functions', () => {
  // jest's expect.extend calls a matcher as matcher.call(matcherContext, received, ...args) and
  // inverts `pass` itself for `.not`; a minimal jest-like `expect` does the same.
  function jestLikeExpect(received: unknown) {
    const run = (isNot: boolean, name: keyof typeof iamspecMatchers, args: unknown[]) => {
      const context: MatcherContext = { isNot, promise: '' };
      const matcher = iamspecMatchers[name] as (
        this: MatcherContext,
        r: unknown,
        ...a: unknown[]
      ) => MatcherResult;
      const result = matcher.call(context, received, ...args);
      if (result.pass === isNot) throw new Error(result.message());
    };
    const matchers = (isNot: boolean) => ({
      toAllow: (...a: unknown[]) => run(isNot, 'toAllow', a),
      toDeny: (...a: unknown[]) => run(isNot, 'toDeny', a),
      toOnlyAllow: (...a: unknown[]) => run(isNot, 'toOnlyAllow', a),
      toSatisfySpec: (...a: unknown[]) => run(isNot, 'toSatisfySpec', a),
    });
    return { ...matchers(false), not: matchers(true) };
  }

  it('returns { pass, message } and honours isNot', () => {
    const request = { principal: 'user/Sara-intern', action: 's3:ListBucket', resource: logs };
    const result = iamspecMatchers.toAllow.call({ isNot: false }, model, request);
    expect(result.pass).toBe(true);
    expect(typeof result.message()).toBe('string');
    // With isNot, `pass` still means "the matcher's assertion holds" (jest inverts it).
    expect(iamspecMatchers.toAllow.call({ isNot: true }, model, request).pass).toBe(true);
    jestLikeExpect(model).toAllow(request);
    expect(() => jestLikeExpect(model).not.toAllow(request)).toThrow(/not to be allowed/);
    jestLikeExpect(model).toOnlyAllow('user/Sara-intern', [{ action: 's3:ListBucket', resource: logs }]);
    jestLikeExpect(buildCompany1({ internBoundaryGetObject: true })).not.toOnlyAllow('user/Sara-intern', [
      { action: 's3:ListBucket', resource: logs },
    ]);
  });

  it('works with a context that has nothing but isNot (and with none at all)', () => {
    const request = { principal: 'user/Sara-intern', action: 's3:GetObject', resource: logsObject };
    expect(iamspecMatchers.toDeny.call({}, model, request).pass).toBe(true);
    expect(iamspecMatchers.toDeny.call(undefined as unknown as MatcherContext, model, request).pass).toBe(
      true,
    );
  });

  it('uses the policy fixture of the engine tests too', () => {
    const m = new TestModel();
    const u = m.user('reader', { inline: [policy(allow('s3:GetObject', 'arn:aws:s3:::data/*'))] });
    jestLikeExpect(m.model()).toAllow({
      principal: u,
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::data/x',
    });
    jestLikeExpect(m.model()).not.toAllow({
      principal: u,
      action: 's3:PutObject',
      resource: 'arn:aws:s3:::data/x',
    });
  });
});

describe('what a request names that the model does not have (the request layer, as everywhere)', () => {
  const outside = 'arn:aws:s3:::company1-central-logs/x';

  it('a principal ARN of the model account that the model lacks throws: toDeny never passes on it', () => {
    expect(() =>
      expect(model).toDeny({
        principal: 'arn:aws:iam::629470240201:user/Sara-inter',
        action: 's3:GetObject',
        resource: logsObject,
      }),
    ).toThrow(/names no user of account 629470240201 in the model.*did you mean user\/Sara-intern\?/);
    expect(() => expect(model).toOnlyAllow('arn:aws:iam::629470240201:role/Nope', [])).toThrow(
      /names no role of account 629470240201/,
    );
  });

  it('an unknown action throws (it was passed through silently)', () => {
    expect(() =>
      expect(model).toDeny({ principal: 'user/john', action: 's3:GetObjets', resource: logsObject }),
    ).toThrow(/unknown action "s3:GetObjets".*did you mean s3:GetObject/);
    expect(() =>
      expect(model).toOnlyAllow('user/Sara-intern', [{ action: 's3:ListBuckett', resource: logs }]),
    ).toThrow(/allowed\[0\]: unknown action "s3:ListBuckett"/);
  });

  it('a bucket outside the model is a warning in the message; strict (option or configured) throws', () => {
    const request = { principal: 'user/Sara-intern', action: 's3:GetObject', resource: outside };
    expect(model).toDeny(request);
    const result = iamspecMatchers.toAllow.call({}, model, request);
    expect(result.pass).toBe(false);
    expect(result.message()).toContain(
      'Warnings:\n  - resource "arn:aws:s3:::company1-central-logs/x" names the bucket "company1-central-logs", which is not in the model',
    );
    expect(() => expect(model).toDeny(request, { strict: true })).toThrow(/strict: warnings are errors/);
    const only = iamspecMatchers.toOnlyAllow.call({ isNot: true }, model, 'user/Sara-intern', [
      { action: 's3:ListBucket', resource: 'arn:aws:s3:::company1-logz' },
    ]);
    expect(only.message()).toContain('did you mean company1-logs');
    try {
      configureIamspecMatchers({ strict: true });
      expect(() => expect(model).toDeny(request)).toThrow(/strict/);
      expect(model).toDeny({ ...request, resource: logsObject });
    } finally {
      configureIamspecMatchers({});
    }
  });

  it('toSatisfySpec lists the spec warnings in its report; strict makes them errors', () => {
    const spec = {
      version: 1 as const,
      expect: [{ principal: 'user/Sara-intern', cannot: [{ action: 's3:GetObject', resource: outside }] }],
    };
    expect(model).toSatisfySpec(spec);
    const result = iamspecMatchers.toSatisfySpec.call({ isNot: true }, model, spec);
    expect(result.message()).toContain('warning: resource "arn:aws:s3:::company1-central-logs/x"');
    expect(() => expect(model).toSatisfySpec(spec, { strict: true })).toThrow(/strict: warnings are errors/);
    expect(() => expect(model).toSatisfySpec({ ...spec, strict: true })).toThrow(/strict/);
  });
});
