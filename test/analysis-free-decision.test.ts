// Free-context decisions (src/analysis/free-decision.ts) and the engine's optimistic and
// pessimistic condition modes; candidate principals for exhaustive checks (principals.ts).

import { describe, expect, it } from 'vitest';
import { decideAnyContext } from '../src/analysis/free-decision.js';
import { candidatePrincipals } from '../src/analysis/principals.js';
import { unnamedAccount } from '../src/model/stand-ins.js';
import { compileModel } from '../src/engine/index.js';
import { ModelBuilder } from '../src/model/builder.js';
import { parsePolicy } from '../src/policy/parse.js';
import { ACCOUNT, arn, buildCompany1 } from './helpers/company1.js';

const engine = compileModel(buildCompany1());

describe('decideAnyContext on company1', () => {
  it('plain identity grants are allowed under every context', () => {
    const d = decideAnyContext(engine, {
      principal: arn.user('Sara-intern'),
      action: 's3:ListBucket',
      resource: arn.bucket('company1-logs'),
    });
    expect(d.access).toBe('allow');
    expect(d.conditions).toEqual([]);
    expect(d.grants.map((g) => g.stage)).toContain('identity');
  });

  it('denied requests stay denied, with no grants', () => {
    const d = decideAnyContext(engine, {
      principal: arn.user('Sara-intern'),
      action: 's3:GetObject',
      resource: `${arn.bucket('company1-logs')}/x`,
    });
    expect(d.access).toBe('deny');
    expect(d.grants).toEqual([]);
  });

  // IAM User Guide, "AWS global condition context keys", aws:TokenIssueTime: present only with
  // temporary credentials, so `Null aws:TokenIssueTime false` requires them; an IAM user may get
  // them with GetSessionToken, so for the user the key is free and the access is conditional.
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-tokenissuetime
  it('the temporary-credentials-only policy gives the uploader conditional access, with the condition', () => {
    const d = decideAnyContext(engine, {
      principal: arn.user('uploader'),
      action: 's3:PutObject',
      resource: `${arn.bucket('company1-uploads')}/f`,
    });
    expect(d.access).toBe('conditional');
    expect(d.conditions.join(' ')).toMatch(/aws:TokenIssueTime/);
    // pinning the key makes it unconditional either way
    const pinned = decideAnyContext(engine, {
      principal: arn.user('uploader'),
      action: 's3:PutObject',
      resource: `${arn.bucket('company1-uploads')}/f`,
      context: { 'aws:TokenIssueTime': '2026-01-01T00:00:00Z' },
    });
    expect(pinned.access).toBe('allow');
  });

  // A Deny whose condition is on a free key (aws:SecureTransport) removes access under some
  // contexts: the HR bucket's TLS-only policy makes john's read conditional on TLS.
  // IAM User Guide, "Policy evaluation logic" (an explicit deny overrides any allow).
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
  it('a Deny on a free key makes access conditional, stated as the negated condition', () => {
    const d = decideAnyContext(engine, {
      principal: arn.user('john'),
      action: 's3:GetObject',
      resource: `${arn.bucket('company1-hr')}/x`,
    });
    expect(d.access).toBe('conditional');
    expect(d.conditions.join(' ')).toMatch(/^not .*aws:SecureTransport/);
    const tls = decideAnyContext(engine, {
      principal: arn.user('john'),
      action: 's3:GetObject',
      resource: `${arn.bucket('company1-hr')}/x`,
      context: { 'aws:SecureTransport': 'true' },
    });
    expect(tls.access).toBe('allow');
  });

  it('strict decisions are unchanged by the new modes', () => {
    const r = {
      principal: arn.user('uploader'),
      action: 's3:PutObject',
      resource: `${arn.bucket('company1-uploads')}/f`,
    };
    expect(engine.decide(r).decision).toBe('deny');
    expect(engine.decide(r, { conditions: 'optimistic' }).decision).toBe('allow');
    expect(engine.decide(r, { conditions: 'pessimistic' }).decision).toBe('deny');
  });

  it('model-determined keys are not free: a principal tag condition is decided, not assumed', () => {
    const b = new ModelBuilder();
    b.addAccount('111122223333', 'us-east-1');
    const u = b.addUser({
      name: 'ana',
      account: '111122223333',
      tags: { team: 'blue' },
      source: { file: 't' },
    });
    b.addInlinePolicy(u, {
      name: 'p',
      source: { file: 't' },
      document: parsePolicy(
        {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: 's3:GetObject',
              Resource: '*',
              Condition: { StringEquals: { 'aws:PrincipalTag/team': 'red' } },
            },
          ],
        },
        { kind: 'identity', source: { file: 't' } },
      ),
    });
    const e = compileModel(b.build());
    const d = decideAnyContext(e, {
      principal: 'arn:aws:iam::111122223333:user/ana',
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::b/k',
    });
    expect(d.access).toBe('deny');
  });
});

describe('candidatePrincipals', () => {
  it('lists model users and roles, anonymous and the unnamed external account, not model roots', () => {
    const model = buildCompany1();
    const c = candidatePrincipals(model);
    const ps = c.map((x) => x.principal);
    expect(ps).toContain(arn.user('Sara-intern'));
    expect(ps).toContain(arn.role('JohnUploadRole'));
    expect(ps).toContain('ec2.amazonaws.com');
    expect(ps).toContain('anonymous');
    expect(ps).toContain(`arn:aws:iam::${unnamedAccount(model)}:root`);
    expect(ps).not.toContain(`arn:aws:iam::${ACCOUNT}:root`);
  });

  it('adds the services of a mutated trust policy', () => {
    const c = candidatePrincipals(buildCompany1({ lambdaTrustsLogsRole: true }));
    expect(c.map((x) => x.principal)).toContain('lambda.amazonaws.com');
  });
});
