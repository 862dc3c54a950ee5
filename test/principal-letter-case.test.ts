// A Principal value that names a user's or role's ARN in other letter case. IAM API Reference,
// CreateUser / CreateRole (UserName, RoleName): "IAM user, group, role, and policy names must be
// unique within the account. Names are not distinguished by case. For example, you cannot create
// resources named both "MyResource" and "myresource"." IAM User Guide, "AWS JSON policy elements:
// Principal": an ARN naming a user or role in a Principal element "transforms to the ... unique
// principal ID when you save the policy", by a look-up the guide does not say is case-sensitive.
// So `arn:aws:iam::444455556666:user/Alice` may name user `alice`: before, the engine compared the
// ARN exactly and said deny (a silent deny where AWS may allow: a `cannot` check passed).

import { describe, expect, it } from 'vitest';
import { ACCOUNT_B, allow, arns, decide, deny, policy, TestModel } from './helpers/engine-fixtures.js';

const OBJECT = arns.object('bk', 'k');

function decideFor(bucketPolicy: unknown, principal: (m: TestModel) => string) {
  const m = new TestModel();
  const p = principal(m);
  m.bucket('bk', { policy: bucketPolicy });
  return decide(m.engine(), p, 's3:GetObject', OBJECT, { trace: true });
}

const aliceB = (m: TestModel) =>
  m.user('alice', { account: ACCOUNT_B, inline: [policy(allow('s3:GetObject', '*'))] });

describe('Principal naming a user or role in other letter case', () => {
  it('a cross-account grant to user/Alice for user alice: indeterminate with why, not deny', () => {
    const d = decideFor(
      policy(allow('s3:GetObject', '*', { Principal: { AWS: arns.user('Alice', ACCOUNT_B) } })),
      aliceB,
    );
    expect(d.decision).toBe('indeterminate');
    const entry = d.trace?.find((t) => t.outcome === 'unknown');
    expect(entry?.kind).toBe('undocumented-rule');
    expect(entry?.message).toContain('letter case');
  });

  it('a grant to role/App for a session of role app: indeterminate', () => {
    const d = decideFor(
      policy(allow('s3:GetObject', '*', { Principal: { AWS: arns.role('App', ACCOUNT_B) } })),
      (m) => {
        m.role('app', { account: ACCOUNT_B, inline: [policy(allow('s3:GetObject', '*'))] });
        return arns.session('app', 's', ACCOUNT_B);
      },
    );
    expect(d.decision).toBe('indeterminate');
  });

  it('a Deny with NotPrincipal naming the account and user/Alice does not surely exclude alice', () => {
    const d = decideFor(
      policy(
        allow('s3:GetObject', '*', { Principal: { AWS: arns.user('alice', ACCOUNT_B) } }),
        deny('s3:GetObject', '*', {
          NotPrincipal: { AWS: [arns.root(ACCOUNT_B), arns.user('Alice', ACCOUNT_B)] },
        }),
      ),
      aliceB,
    );
    expect(d.decision).toBe('indeterminate');
  });

  it('guards: the exact ARN allows; another name denies', () => {
    expect(
      decideFor(
        policy(allow('s3:GetObject', '*', { Principal: { AWS: arns.user('alice', ACCOUNT_B) } })),
        aliceB,
      ).decision,
    ).toBe('allow');
    expect(
      decideFor(
        policy(allow('s3:GetObject', '*', { Principal: { AWS: arns.user('bob', ACCOUNT_B) } })),
        aliceB,
      ).decision,
    ).toBe('deny');
  });
});
