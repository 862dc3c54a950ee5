// The combination step alone (src/engine/combine.ts): one case per rule, each quoting its page.
import { describe, expect, it } from 'vitest';
import { allowOf, capped, combine, type PolicyVerdicts } from '../src/engine/combine.js';
import { MAYBE, NO, YES } from '../src/engine/tri.js';

function verdicts(over: Partial<PolicyVerdicts> = {}): PolicyVerdicts {
  return {
    caller: 'identity',
    identityAllow: NO,
    boundaryAllow: YES,
    sessionAllow: YES,
    resource: { allowDirect: NO, allowRole: NO, allowAccount: NO },
    resourceRequired: false,
    trust: false,
    sameAccount: true,
    resourceAccount: 'model',
    orgAllow: YES,
    principalMaybeAbsent: false,
    ...over,
  };
}

describe('combine: policy evaluation logic', () => {
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
  // "An explicit deny in any of these policies overrides the allow."
  it('an explicit Deny wins over every Allow', () => {
    expect(combine(YES, YES, verdicts()).decision).toBe('deny');
    expect(combine(YES, YES, verdicts()).reason).toBe('explicit-deny');
  });

  // Same page: "Within a single account ... an explicit allow in either an identity-based or a
  // resource-based policy" (permissions in the same account).
  it('within one account an identity-based OR a resource-based Allow suffices', () => {
    expect(allowOf(verdicts({ identityAllow: YES })).allowed).toBe(YES);
    expect(
      allowOf(verdicts({ resource: { allowDirect: YES, allowRole: NO, allowAccount: NO } })).allowed,
    ).toBe(YES);
    expect(allowOf(verdicts()).allowed).toBe(NO);
  });

  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
  // "the principal making the request must be allowed by both the identity-based policy and the
  // resource-based policy" (cross-account).
  it('across accounts both sides must allow', () => {
    const resource = { allowDirect: YES, allowRole: NO, allowAccount: NO };
    expect(allowOf(verdicts({ sameAccount: false, resource })).allowed).toBe(NO);
    expect(allowOf(verdicts({ sameAccount: false, identityAllow: YES })).allowed).toBe(NO);
    expect(allowOf(verdicts({ sameAccount: false, identityAllow: YES, resource })).allowed).toBe(YES);
  });

  // https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html
  // "An implicit deny in a permissions boundary ... limits the permissions granted by a
  // resource-based policy" when the resource policy names the role (not the session).
  it('the boundary caps identity grants and grants to the role ARN, not to the session', () => {
    const base = { boundaryAllow: NO } as const;
    expect(allowOf(verdicts({ ...base, identityAllow: YES })).allowed).toBe(NO);
    expect(
      allowOf(verdicts({ ...base, resource: { allowDirect: NO, allowRole: YES, allowAccount: NO } })).allowed,
    ).toBe(NO);
    expect(
      allowOf(verdicts({ ...base, resource: { allowDirect: YES, allowRole: NO, allowAccount: NO } })).allowed,
    ).toBe(YES);
    expect(capped(YES, verdicts({ sessionAllow: MAYBE }))).toBe(MAYBE);
  });

  // https://docs.aws.amazon.com/IAM/latest/UserGuide/roles-managingrole-editing-console.html
  // "If the user has a permissions boundary, it must allow sts:AssumeRole": a trust policy that
  // names the user directly is still capped by the boundary.
  it('a trust policy naming the caller is capped by its boundary', () => {
    const v = verdicts({
      trust: true,
      resourceRequired: true,
      boundaryAllow: NO,
      resource: { allowDirect: YES, allowRole: NO, allowAccount: NO },
    });
    expect(allowOf(v).allowed).toBe(NO);
  });

  // https://docs.aws.amazon.com/kms/latest/developerguide/key-policies.html
  // "Unless the key policy explicitly allows it, you cannot use IAM policies to allow access to a
  // KMS key."
  it('a required resource policy must delegate to the account for identity policies to count', () => {
    const v = verdicts({ resourceRequired: true, identityAllow: YES });
    expect(allowOf(v).allowed).toBe(NO);
    expect(allowOf({ ...v, resource: { allowDirect: NO, allowRole: NO, allowAccount: YES } }).allowed).toBe(
      YES,
    );
  });

  it('a resource of an account outside the model has an unknown policy: identity Allow gives MAYBE', () => {
    const v = verdicts({ sameAccount: false, resourceAccount: 'outside', identityAllow: YES });
    expect(allowOf(v)).toEqual({ allowed: MAYBE, gap: 'outside-account-policy-unknown' });
    expect(allowOf({ ...v, identityAllow: NO }).allowed).toBe(NO);
    expect(allowOf({ ...v, resourceAccount: 'outside-no-policy' }).allowed).toBe(NO);
  });

  // https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user.html: the root user has
  // complete access to all resources in its account; another account must grant it.
  it('the root user: full access in its own account unless a trust/key policy must allow', () => {
    expect(allowOf(verdicts({ caller: 'root' })).allowed).toBe(YES);
    expect(allowOf(verdicts({ caller: 'root', resourceRequired: true })).gap).toBe(
      'required-policy-does-not-allow-account',
    );
    expect(allowOf(verdicts({ caller: 'root', sameAccount: false })).allowed).toBe(NO);
  });

  // Policy evaluation logic, "How AWS Organizations SCPs ... affect": an SCP that does not allow
  // denies even when identity-based policies allow.
  it('SCPs/RCPs must allow; a maybe-absent principal is allowed at most MAYBE; MAYBE is indeterminate', () => {
    expect(combine(NO, YES, { orgAllow: NO, principalMaybeAbsent: false }).decision).toBe('deny');
    expect(combine(NO, YES, { orgAllow: YES, principalMaybeAbsent: true }).decision).toBe('indeterminate');
    expect(combine(MAYBE, NO, { orgAllow: YES, principalMaybeAbsent: false }).reason).toBe('implicit-deny');
    expect(combine(MAYBE, YES, { orgAllow: YES, principalMaybeAbsent: false }).decision).toBe(
      'indeterminate',
    );
    expect(combine(NO, YES, { orgAllow: YES, principalMaybeAbsent: false }).decision).toBe('allow');
  });
});
