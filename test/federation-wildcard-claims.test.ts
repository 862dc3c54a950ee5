// Weak federated trusts whose conditions test the claims only with patterns that match every
// value, or that admit Cognito's unauthenticated identities through a pattern
// (src/analysis/federated-trust.ts `pinningClauses`, `admitsClaim`). Before the fix, a trust with
// `StringLike` `sub: "*"`, `aud: "*"` or `SAML:aud: "*"` counted as pinning the claim, and an amr
// pattern `*authenticated` as limiting Cognito to authenticated identities: no finding.
//
// IAM User Guide, "IAM JSON policy elements: Condition operators", StringLike: "Case-sensitive
// matching. The values can include multi-character match wildcards (*) and single-character
// match wildcards (?) anywhere in the string" (so "*" matches every value).
// IAM User Guide, "Available keys for AWS web identity federation", amr: "If the user is
// unauthenticated, the key contains only unauthenticated" (the pattern `*authenticated` matches it).

import { describe, expect, it } from 'vitest';
import { federatedEntryPoints, weakFederatedTrusts } from '../src/analysis/federated-trust.js';
import { compileModel } from '../src/engine/index.js';
import { ModelBuilder } from '../src/model/builder.js';
import { parsePolicy } from '../src/policy/parse.js';
import { ACCOUNT, EKS, GITHUB, role, SAML } from './federation-helpers.js';

const source = { file: 'trusts.json' };
const COGNITO = 'cognito-identity.amazonaws.com';

/** A model with one role per trust statement, named by the map's keys. */
function findingsOf(trusts: Record<string, Record<string, unknown>>): Map<string, string> {
  const b = new ModelBuilder();
  b.addAccount(ACCOUNT);
  for (const [name, statement] of Object.entries(trusts))
    b.addRole({
      name,
      account: ACCOUNT,
      source,
      trustPolicy: parsePolicy({ Version: '2012-10-17', Statement: [statement] }, { kind: 'trust', source }),
    });
  const engine = compileModel(b.build());
  return new Map(weakFederatedTrusts(engine).map((f) => [f.subject, `${f.severity} ${f.message}`]));
}

const oidc = (principal: string, condition: Record<string, unknown>) => ({
  Effect: 'Allow',
  Principal: { Federated: principal },
  Action: 'sts:AssumeRoleWithWebIdentity',
  Condition: condition,
});

describe('claims tested only with a pattern that matches everything pin nothing', () => {
  const eksSub = `${EKS.split('oidc-provider/')[1]}:sub`;
  const eksAud = `${EKS.split('oidc-provider/')[1]}:aud`;
  const gh = 'token.actions.githubusercontent.com';
  const findings = findingsOf({
    EksAnySub: oidc(EKS, { StringLike: { [eksSub]: '*' }, StringEquals: { [eksAud]: 'sts.amazonaws.com' } }),
    EksPinned: oidc(EKS, {
      StringLike: { [eksSub]: 'system:serviceaccount:app:*' },
      StringEquals: { [eksAud]: 'sts.amazonaws.com' },
    }),
    GithubAnyAud: oidc(GITHUB, {
      StringEquals: { [`${gh}:sub`]: 'repo:acme/infra:ref:refs/heads/main' },
      StringLike: { [`${gh}:aud`]: '*' },
    }),
    CognitoAnyPool: oidc(COGNITO, {
      StringLike: { [`${COGNITO}:aud`]: '*' },
      'ForAnyValue:StringLike': { [`${COGNITO}:amr`]: 'authenticated' },
    }),
    CognitoGuests: oidc(COGNITO, {
      StringEquals: { [`${COGNITO}:aud`]: 'us-east-1:12345678-1234-1234-1234-123456789012' },
      'ForAnyValue:StringLike': { [`${COGNITO}:amr`]: '*authenticated' },
    }),
    SamlAnyAudience: {
      Effect: 'Allow',
      Principal: { Federated: SAML },
      Action: 'sts:AssumeRoleWithSAML',
      Condition: { StringLike: { 'SAML:aud': '*' } },
    },
  });

  it('an OIDC sub or aud matched with "*" is no sub / aud condition', () => {
    expect(findings.get(role('EksAnySub'))).toMatch(
      /^high .*no oidc\.eks\.us-west-2\.amazonaws\.com\/id\/\w+:sub condition/,
    );
    expect(findings.get(role('EksPinned'))).toBeUndefined();
    expect(findings.get(role('GithubAnyAud'))).toContain(`no ${gh}:aud condition`);
  });

  it('Cognito: aud "*" is any identity pool; amr "*authenticated" admits unauthenticated identities', () => {
    expect(findings.get(role('CognitoAnyPool'))).toMatch(/^high .*cognito-identity\.amazonaws\.com:aud/);
    expect(findings.get(role('CognitoAnyPool'))).not.toContain('unauthenticated (guest) identities');
    expect(findings.get(role('CognitoGuests'))).toContain('unauthenticated (guest) identities too');
  });

  it('SAML:aud "*" is no SAML:aud condition', () => {
    expect(findings.get(role('SamlAnyAudience'))).toContain('no SAML:aud condition');
  });
});

describe('a trust that lets any principal in ("Principal": "*") is a federated entry point', () => {
  // IAM User Guide, "AWS JSON policy elements: Principal": "You can use the wildcard (*) to
  // specify all principals in the Principal element" (federated callers included), and
  // "Available keys for AWS web identity federation": Amazon Cognito identity pools need no IAM
  // identity provider in the account. Before the fix the review listed the federated principals a
  // trust names only: a role any Cognito identity (of any pool, guests too) can assume had no
  // federated-entry-point and no weak-federated-trust finding.
  const b = new ModelBuilder();
  b.addAccount(ACCOUNT);
  const trusts = {
    AnyWebIdentity: { Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRoleWithWebIdentity' },
    AnyAwsCaller: { Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' },
  };
  for (const [name, statement] of Object.entries(trusts))
    b.addRole({
      name,
      account: ACCOUNT,
      source,
      trustPolicy: parsePolicy({ Version: '2012-10-17', Statement: [statement] }, { kind: 'trust', source }),
    });
  const engine = compileModel(b.build());

  it('any Cognito identity pool: high; the entry point is listed; an AssumeRole-only trust: none', () => {
    const weak = weakFederatedTrusts(engine).filter((f) => f.message.includes(COGNITO));
    expect(weak.map((f) => [f.subject, f.severity])).toEqual([[role('AnyWebIdentity'), 'high']]);
    const entries = federatedEntryPoints(engine);
    expect(entries.some((f) => f.subject === role('AnyWebIdentity') && f.message.includes(COGNITO))).toBe(
      true,
    );
    expect(entries.some((f) => f.subject === role('AnyAwsCaller'))).toBe(false);
  });
});
