// Role chains: assumeChain (hop by hop: trust policy and the caller's permission together),
// assumableRoles (BFS over sts:AssumeRole, no cycles, depth limit, conditional hops) and
// serviceAssumers (services acting through roles, EC2 through instance profiles).

import { describe, expect, it } from 'vitest';
import {
  assumableRoles,
  assumeChain,
  combineAccess,
  pathAccess,
  principalKindOf,
  serviceAssumers,
} from '../src/analysis/chains.js';
import { compileModel } from '../src/engine/index.js';
import { arn as c1, buildCompany1 } from './helpers/company1.js';
import { ACCOUNT_A, allow, arns, EXTERNAL_ACCOUNT, policy, TestModel } from './helpers/engine-fixtures.js';

const DOC = {
  methods:
    'IAM User Guide, "Methods to assume a role" (role chaining: a role session assumes another role), https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_manage-assume.html',
  switch:
    'IAM User Guide, "Grant a user permissions to switch roles" (the trust policy must trust the caller, and the caller needs sts:AssumeRole when the trust policy names the account), https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_permissions-to-switch.html',
  trustUpdate:
    'IAM User Guide, "Update a role trust policy" ("If a permissions boundary is set for the user, then it must allow the sts:AssumeRole action"), https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_update-role-trust-policy.html',
  ec2: 'IAM User Guide, "Use an IAM role to grant permissions to applications running on Amazon EC2 instances" (the instance profile passes the role to the instance), https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_switch-role-ec2.html',
};

const trustAccount = (account = ACCOUNT_A) =>
  policy(allow('sts:AssumeRole', undefined, { Principal: { AWS: `arn:aws:iam::${account}:root` } }));
const trustArn = (principal: string, extra: Record<string, unknown> = {}) =>
  policy(allow('sts:AssumeRole', undefined, { Principal: { AWS: principal }, ...extra }));

/** user dev → role A (trusts the account; dev may assume it) → role B (trusts role A). */
function chainModel() {
  const t = new TestModel();
  const dev = t.user('dev', { inline: [policy(allow('sts:AssumeRole', arns.role('A')))] });
  const other = t.user('other');
  t.role('A', { trust: trustAccount(), inline: [policy(allow('sts:AssumeRole', arns.role('B')))] });
  t.role('B', { trust: trustArn(arns.role('A')), inline: [policy(allow('s3:GetObject', '*'))] });
  return { engine: t.engine(), dev, other };
}

describe('assumeChain', () => {
  it('decides each hop against the trust policy and the caller (company1: john → JohnUploadRole)', () => {
    // DOC.switch: JohnUploadRole's trust policy names john.
    const engine = compileModel(buildCompany1());
    const hops = assumeChain(engine, c1.user('john'), [c1.role('JohnUploadRole')]);
    expect(hops).toHaveLength(1);
    expect(hops[0], DOC.switch).toMatchObject({
      from: c1.user('john'),
      role: c1.role('JohnUploadRole'),
      access: 'allow',
    });
    expect(hops[0]!.grants.map((g) => `${g.stage} ${g.policy}`)).toContain(
      'trust trust policy of role JohnUploadRole',
    );
  });

  it('an administrator the trust policy does not name cannot assume the role', () => {
    // DOC.switch: identity permissions alone do not let a caller assume a role whose trust policy
    // names someone else.
    const engine = compileModel(buildCompany1());
    const hops = assumeChain(engine, c1.user('sarah'), [c1.role('JohnUploadRole')]);
    expect(
      hops.map((h) => h.access),
      DOC.switch,
    ).toEqual(['deny']);
  });

  it('chains roles: the next hop is made by a session of the previous role, and stops at a denied hop', () => {
    // DOC.methods: role chaining.
    const { engine, dev, other } = chainModel();
    const ok = assumeChain(engine, dev, [arns.role('A'), arns.role('B')]);
    expect(
      ok.map((h) => [h.from, h.role, h.access]),
      DOC.methods,
    ).toEqual([
      [dev, arns.role('A'), 'allow'],
      [arns.role('A'), arns.role('B'), 'allow'],
    ]);
    // `other` has no sts:AssumeRole permission: the account-trusting role A is out of reach, and
    // the chain stops there.
    const broken = assumeChain(engine, other, [arns.role('A'), arns.role('B')]);
    expect(broken.map((h) => h.access)).toEqual(['deny']);
    // Skipping A: B trusts only role A.
    expect(assumeChain(engine, dev, [arns.role('B')]).map((h) => h.access)).toEqual(['deny']);
  });

  it("a user's permissions boundary must allow sts:AssumeRole even when the trust policy names the user", () => {
    // DOC.trustUpdate.
    const t = new TestModel();
    const u = t.user('bounded', { boundary: policy(allow('s3:*', '*')) });
    const free = t.user('free');
    t.role('R', { trust: policy(allow('sts:AssumeRole', undefined, { Principal: { AWS: [u, free] } })) });
    const engine = t.engine();
    expect(assumeChain(engine, u, [arns.role('R')])[0]!.access, DOC.trustUpdate).toBe('deny');
    expect(assumeChain(engine, free, [arns.role('R')])[0]!.access).toBe('allow');
  });
});

describe('assumableRoles', () => {
  it('finds every role reachable through chains, with the shortest path', () => {
    const { engine, dev, other } = chainModel();
    const reach = assumableRoles(engine, dev);
    expect(reach.map((r) => [r.role, r.path.map((h) => h.role)])).toEqual([
      [arns.role('A'), [arns.role('A')]],
      [arns.role('B'), [arns.role('A'), arns.role('B')]],
    ]);
    expect(assumableRoles(engine, other)).toEqual([]);
    expect(assumableRoles(engine, dev, { maxDepth: 1 }).map((r) => r.role)).toEqual([arns.role('A')]);
    // From role A: only B (a role does not list itself).
    expect(assumableRoles(engine, arns.role('A')).map((r) => r.role)).toEqual([arns.role('B')]);
  });

  it('terminates on trust cycles', () => {
    const t = new TestModel();
    const u = t.user('u', { inline: [policy(allow('sts:AssumeRole', '*'))] });
    t.role('X', {
      trust: policy(allow('sts:AssumeRole', undefined, { Principal: { AWS: [u, arns.role('Y')] } })),
      inline: [policy(allow('sts:AssumeRole', '*'))],
    });
    t.role('Y', { trust: trustArn(arns.role('X')), inline: [policy(allow('sts:AssumeRole', '*'))] });
    const reach = assumableRoles(t.engine(), u);
    expect(reach.map((r) => r.role)).toEqual([arns.role('X'), arns.role('Y')]);
  });

  it('a conditional hop makes the chain conditional, with the condition', () => {
    // DOC.switch: a trust policy may require MFA (aws:MultiFactorAuthPresent), which the request
    // context decides: left free, the hop is conditional.
    const t = new TestModel();
    const u = t.user('u');
    t.role('Mfa', {
      trust: trustArn(arns.user('u'), { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }),
    });
    const engine = t.engine();
    const [reach] = assumableRoles(engine, u);
    expect(reach!.role).toBe(arns.role('Mfa'));
    const { access, conditions } = pathAccess(reach!.path);
    expect(access).toBe('conditional');
    expect(conditions.join(' ')).toContain('aws:MultiFactorAuthPresent');
    // Pinned in the context, the hop is allowed or denied outright.
    const withMfa = assumableRoles(engine, u, { context: { 'aws:MultiFactorAuthPresent': 'true' } });
    expect(pathAccess(withMfa[0]!.path).access).toBe('allow');
    expect(assumableRoles(engine, u, { context: { 'aws:MultiFactorAuthPresent': 'false' } })).toEqual([]);
  });

  it('an account outside the model that a trust policy names reaches the role', () => {
    const t = new TestModel();
    t.role('Partner', { trust: trustAccount(EXTERNAL_ACCOUNT) });
    const engine = t.engine();
    expect(
      assumableRoles(engine, `arn:aws:iam::${EXTERNAL_ACCOUNT}:user/someone`).map((r) => r.role),
    ).toEqual([arns.role('Partner')]);
  });
});

describe('serviceAssumers', () => {
  it('EC2 acts through the role of the instance profile on the log-processor instance (company1)', () => {
    // DOC.ec2.
    const engine = compileModel(buildCompany1());
    const s = serviceAssumers(engine);
    expect(
      s.map((x) => [x.service, x.role, x.via, x.hop.access]),
      DOC.ec2,
    ).toEqual([
      [
        'ec2.amazonaws.com',
        c1.role('Company1-Logs-Role'),
        'EC2 instance log-processor through instance profile Company1-Logs-Profile',
        'allow',
      ],
    ]);
  });

  it('any service the trust policy names: lambda.amazonaws.com after the mutation', () => {
    const engine = compileModel(buildCompany1({ lambdaTrustsLogsRole: true }));
    const services = serviceAssumers(engine).map((x) => x.service);
    expect(services).toEqual(['ec2.amazonaws.com', 'lambda.amazonaws.com']);
    expect(serviceAssumers(engine).find((x) => x.service === 'lambda.amazonaws.com')!.via).toContain(
      'Lambda functions whose execution role is role Company1-Logs-Role',
    );
  });
});

describe('helpers', () => {
  it('combineAccess: every step must succeed', () => {
    expect(combineAccess(['allow', 'allow'])).toBe('allow');
    expect(combineAccess(['allow', 'conditional'])).toBe('conditional');
    expect(combineAccess(['conditional', 'indeterminate'])).toBe('indeterminate');
    expect(combineAccess(['allow', 'deny', 'indeterminate'])).toBe('deny');
  });

  it('principalKindOf', () => {
    expect(principalKindOf(c1.user('john'))).toBe('user');
    expect(principalKindOf(c1.role('JohnUploadRole'))).toBe('role');
    expect(principalKindOf('arn:aws:sts::629470240201:assumed-role/R/s')).toBe('role');
    expect(principalKindOf('ec2.amazonaws.com')).toBe('service');
    expect(principalKindOf('123456789012')).toBe('account');
    expect(principalKindOf('arn:aws:iam::123456789012:root')).toBe('account');
    expect(principalKindOf('anonymous')).toBe('anonymous');
    expect(principalKindOf('arn:aws:iam::123456789012:saml-provider/Okta')).toBe('federated');
  });
});
