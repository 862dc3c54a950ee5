// The organization keys of the principal (aws:PrincipalOrgID, aws:PrincipalOrgPaths) under the
// analyses' free context: present (with a value the model does not pin) only for IAM principals,
// absent for callers that belong to no organization.
//
// AWS rule pinned here: aws:PrincipalOrgID, "Availability – This key is included in the request
// context only if the principal is a member of an organization"; aws:PrincipalOrgPaths, the same
// (IAM User Guide, "AWS global condition context keys")
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalorgid
// An anonymous caller, an AWS service principal and a web identity or SAML provider are members of
// no organization, so the standard "only my organization" bucket policy (`Principal: *` with
// `StringEquals aws:PrincipalOrgID`) is closed to them: `onlyPrincipals` must not list them,
// while a principal of another account may be in the organization (conditional), never dropped.

import { describe, expect, it } from 'vitest';
import { checkOnlyPrincipals } from '../src/analysis/exhaustive.js';
import { decideAnyContext } from '../src/analysis/free-decision.js';
import { buildMatrix } from '../src/analysis/matrix/build.js';
import { compileModel } from '../src/engine/index.js';
import { ModelBuilder } from '../src/model/builder.js';
import { parsePolicy } from '../src/policy/parse.js';

const ACCOUNT = '111122223333';
const BUCKET = 'arn:aws:s3:::org-data';
const OBJECT = `${BUCKET}/report.csv`;
const PARTNER = 'arn:aws:iam::444455556666:role/partner';

function engineWith(condition: Record<string, unknown>) {
  const b = new ModelBuilder();
  b.addAccount(ACCOUNT, 'us-east-1');
  // no default KMS encryption (src/aws/encryption-key-requirement.ts)
  const id = b.addBucket({
    bucketName: 'org-data',
    account: ACCOUNT,
    source: { file: 'main.tf' },
    kmsKeyId: null,
  });
  b.addResourcePolicy(
    id,
    parsePolicy(
      {
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'OrgOnly',
            Effect: 'Allow',
            Principal: '*',
            Action: 's3:GetObject',
            Resource: `${BUCKET}/*`,
            Condition: condition,
          },
        ],
      },
      { kind: 'resource', source: { file: 'main.tf' } },
    ),
  );
  const r = b.addRole({ name: 'reader', account: ACCOUNT, source: { file: 'main.tf' } });
  b.addInlinePolicy(r, {
    name: 'read',
    source: { file: 'main.tf' },
    document: parsePolicy(
      {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: `${BUCKET}/*` }],
      },
      { kind: 'identity', source: { file: 'main.tf' } },
    ),
  });
  return compileModel(b.build());
}

const conditions = {
  'aws:PrincipalOrgID': { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } },
  'aws:PrincipalOrgPaths': { 'ForAnyValue:StringLike': { 'aws:PrincipalOrgPaths': 'o-a1b2c3d4e5/*' } },
};

describe.each(Object.entries(conditions))('a bucket open to the organization by %s', (_key, condition) => {
  const e = engineWith(condition);
  const request = (principal: string) => ({ principal, action: 's3:GetObject', resource: OBJECT });

  it('anonymous, a service principal and a federated provider belong to no organization: denied in any context', () => {
    for (const p of [
      'anonymous',
      'cloudtrail.amazonaws.com',
      `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`,
    ])
      expect(decideAnyContext(e, request(p)).access, p).toBe('deny');
  });

  it('a role of another account may be in the organization: conditional on the key', () => {
    const d = decideAnyContext(e, request(PARTNER));
    expect(d.access).toBe('conditional');
    expect(d.conditions.join(' ').toLowerCase()).toContain(_key.toLowerCase());
  });

  it('onlyPrincipals: the other account is reported, anonymous is not', () => {
    const r = checkOnlyPrincipals(e, 's3:GetObject', OBJECT, [`arn:aws:iam::${ACCOUNT}:role/reader`]);
    expect(r.holds).toBe(false);
    const who = r.violations.map((v) => v.principal);
    expect(who).not.toContain('anonymous');
    expect(who.some((p) => p === '*' || p.includes('444455556666') || /root|account|iamspec/.test(p))).toBe(
      true,
    );
  });

  it('the matrix still decides the model role by its own policy (the key is in the profile)', () => {
    const m = buildMatrix(e);
    const row = m.principals.findIndex((p) => p.arn.endsWith(':role/reader'));
    const col = m.resources.findIndex((r) => r.arn === BUCKET);
    expect(
      m.cells
        .at(row, col)
        .some((c) => c.actions.some((a) => a.action === 's3:GetObject' && a.access === 'allow')),
    ).toBe(true);
  });
});
