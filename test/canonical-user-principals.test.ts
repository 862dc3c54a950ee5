// `Principal: {"CanonicalUser": …}` in an S3 bucket policy grants access to an S3 canonical user:
// an AWS account or a CloudFront origin access identity, outside the inputs. The exhaustive
// principal check, who-can, the risk review and the request engine see it; an id known only after
// deploy (`Fn::GetAtt OAI.S3CanonicalUserId`) is a stand-in linked to the OAI of the inputs.

import { describe, expect, it } from 'vitest';
import { checkOnlyPrincipals } from '../src/analysis/exhaustive.js';
import { candidatePrincipals } from '../src/analysis/principals.js';
import { reviewRisks } from '../src/analysis/risks.js';
import { whoCan } from '../src/analysis/who-can.js';
import { canonicalUserLabel, UNKNOWN_CANONICAL_USER, unknownCanonicalUser } from '../src/engine/principal.js';
import { Unknown } from '../src/model/unknown.js';
import { checkOtherPrincipal } from '../src/validation/arn-validation.js';
import {
  allow,
  arns,
  decide,
  EXTERNAL_ACCOUNT,
  policy,
  TestModel,
  verdict,
} from './helpers/engine-fixtures.js';

const DOC = {
  s3: 'Amazon S3 User Guide, "The Principal" (bucket policies): "Amazon S3 also supports a canonical user ID, which is an obfuscated form of the AWS account ID. ... "Principal":{"CanonicalUser":"64-digit-alphanumeric-value"} ... When you use a canonical user ID in a policy, Amazon S3 might change the canonical ID to the corresponding AWS account ID", https://docs.aws.amazon.com/AmazonS3/latest/userguide/s3-bucket-user-policy-specifying-principal-intro.html',
  account:
    'IAM User Guide, "AWS JSON policy elements: Principal", AWS account principals: "This delegates authority to the account. ... an administrator in that account must then grant access to an identity (IAM user or role) in that account", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html; an S3 canonical user id is "an obfuscated form of the AWS account ID" (Amazon S3 User Guide, "The Principal")',
  oai: 'Amazon CloudFront API Reference, "CloudFrontOriginAccessIdentity": "S3CanonicalUserId: The Amazon S3 canonical user ID for the origin access identity, used when giving the origin access identity read permission to an object in Amazon S3", https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_CloudFrontOriginAccessIdentity.html; CloudFront Developer Guide, "Restricting access to an Amazon S3 origin" (an OAI is named "Principal": {"CanonicalUser": …} or {"AWS": "arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity ID"})',
};

const EXTERNAL_USER = `arn:aws:iam::${EXTERNAL_ACCOUNT}:user/partner`;
const ID = '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be';
const OTHER_ID = 'a'.repeat(64);
const OAI_UNKNOWN = new Unknown(
  'attribute S3CanonicalUserId of AWS::CloudFront::CloudFrontOriginAccessIdentity OAI is not modelled',
);

function site(principal: unknown) {
  const t = new TestModel();
  t.user('alice');
  t.bucket('site', {
    policy: policy(allow('s3:GetObject', 'arn:aws:s3:::site/*', { Principal: principal })),
  });
  return t.engine();
}

describe('CanonicalUser principals (DOC.s3, DOC.oai)', () => {
  it('a grant to a canonical user id allows that canonical user, no one else (DOC.s3)', () => {
    const e = site({ CanonicalUser: ID });
    expect(verdict(e, ID, 's3:GetObject', 'arn:aws:s3:::site/x'), DOC.s3).toBe('allow');
    expect(verdict(e, ID.toUpperCase(), 's3:GetObject', 'arn:aws:s3:::site/x')).toBe('allow');
    expect(verdict(e, OTHER_ID, 's3:GetObject', 'arn:aws:s3:::site/x')).toBe('deny');
    expect(verdict(e, ID, 's3:PutObject', 'arn:aws:s3:::site/x')).toBe('deny');
    // the account's canonical user id is not in the inputs: alice's account may be that canonical
    // user, and then the grant is an account grant her own policies complete (DOC.account): she
    // has none, and in the bucket's own account a grant to the account adds nothing to them
    // (was: indeterminate)
    expect(verdict(e, arns.user('alice'), 's3:GetObject', 'arn:aws:s3:::site/x'), DOC.account).toBe('deny');
    // a user of another account whose policies allow: the grant may be its account's
    expect(verdict(e, EXTERNAL_USER, 's3:GetObject', 'arn:aws:s3:::site/x'), DOC.s3).toBe('indeterminate');
  });

  it("the grant may be only the account's: a principal of the bucket's account is decided by its own policies (DOC.account)", () => {
    const t = new TestModel();
    t.user('alice', { inline: [policy(allow('s3:GetObject', 'arn:aws:s3:::site/*'))] });
    t.user('bob');
    t.bucket('site', {
      policy: policy(allow('s3:GetObject', 'arn:aws:s3:::site/*', { Principal: { CanonicalUser: ID } })),
    });
    const e = t.engine();
    expect(verdict(e, arns.user('alice'), 's3:GetObject', 'arn:aws:s3:::site/x'), DOC.account).toBe('allow');
    expect(verdict(e, arns.user('bob'), 's3:GetObject', 'arn:aws:s3:::site/x'), DOC.account).toBe('deny');
    // the root user is the account: the grant may be to it
    expect(verdict(e, arns.root(), 's3:GetObject', 'arn:aws:s3:::site/x')).toBe('allow');
    expect(verdict(e, `arn:aws:iam::${EXTERNAL_ACCOUNT}:root`, 's3:GetObject', 'arn:aws:s3:::site/x')).toBe(
      'indeterminate',
    );
    // a Deny to the canonical user may be to the account, all of it: indeterminate
    const d = new TestModel();
    d.user('alice', { inline: [policy(allow('s3:GetObject', 'arn:aws:s3:::site/*'))] });
    d.bucket('site', {
      policy: policy({
        Effect: 'Deny',
        Action: 's3:GetObject',
        Resource: 'arn:aws:s3:::site/*',
        Principal: { CanonicalUser: ID },
      }),
    });
    expect(verdict(d.engine(), arns.user('alice'), 's3:GetObject', 'arn:aws:s3:::site/x')).toBe(
      'indeterminate',
    );
  });

  it("a principal whose account may be the canonical user's: indeterminate, with the reason (DOC.s3)", () => {
    // the warning the verdicts depend on
    expect(checkOtherPrincipal('CanonicalUser', ID).map((x) => [x.code, x.severity])).toEqual([
      ['policy/principal-canonical-user', 'warning'],
    ]);
    const e = site({ CanonicalUser: ID });
    const d = decide(e, EXTERNAL_USER, 's3:GetObject', 'arn:aws:s3:::site/x', { trace: true });
    expect(d.decision).toBe('indeterminate');
    expect(JSON.stringify(d.trace)).toContain(
      `its principal names the S3 canonical user ${ID}, which might be account ${EXTERNAL_ACCOUNT}'s (an account's canonical user id is not in the inputs)`,
    );
    // the OAI of the inputs is no account: its stand-in leaves the account's principals out
    expect(
      verdict(
        site({ CanonicalUser: OAI_UNKNOWN }),
        arns.user('alice'),
        's3:GetObject',
        'arn:aws:s3:::site/x',
      ),
    ).toBe('deny');
    // a service principal is no account's
    expect(verdict(e, 'ec2.amazonaws.com', 's3:GetObject', 'arn:aws:s3:::site/x')).toBe('deny');
  });

  it('onlyPrincipals: [] fails on a bucket granting a canonical user (was: holds)', () => {
    const r = checkOnlyPrincipals(site({ CanonicalUser: ID }), 's3:GetObject', 'arn:aws:s3:::site/x', []);
    expect(r.holds, DOC.s3).toBe(false);
    expect(r.violations.filter((w) => w.access === 'allow').map((w) => w.principal)).toEqual([ID]);
    // naming it: the principals whose accounts may be the canonical user's stay indeterminate
    const named = checkOnlyPrincipals(site({ CanonicalUser: ID }), 's3:GetObject', 'arn:aws:s3:::site/x', [
      ID,
    ]);
    expect(named.holds).toBe(false);
    expect(named.violations.every((w) => w.access === 'indeterminate')).toBe(true);
    // alice, of the bucket's account, has no policy of her own that the account grant completes
    expect(named.violations.map((w) => w.principal)).not.toContain(arns.user('alice'));
    // the principals of an account outside the inputs (its policies taken to allow) may be it
    expect(named.violations.map((w) => w.principal)).toContain('arn:aws:iam::999999999999:user/(any-user)');
  });

  it('who-can lists it, with a label saying it is an account or an origin access identity', () => {
    const r = whoCan(site({ CanonicalUser: ID }), 's3:GetObject', 'arn:aws:s3:::site/x');
    expect(r.entries.filter((x) => x.access === 'allow').map((x) => [x.principal, x.kind])).toEqual([
      [ID, 'canonical-user'],
    ]);
    expect(canonicalUserLabel(ID)).toBe(
      `the S3 canonical user ${ID}, an AWS account or a CloudFront origin access identity`,
    );
  });

  it('the risk review reports it as access from outside the inputs', () => {
    const cross = reviewRisks(site({ CanonicalUser: ID })).filter((f) => f.kind === 'cross-account-access');
    expect(cross.map((f) => [f.subject, f.detail])).toEqual([[arns.bucket('site'), canonicalUserLabel(ID)]]);
    expect(cross[0]!.message).toContain('CloudFront origin access identity');
  });

  it('an id known only after deploy is the stand-in of the OAI of the inputs (DOC.oai)', () => {
    const standIn = unknownCanonicalUser(OAI_UNKNOWN);
    expect(standIn).toBe('canonical-user:(of OAI)');
    expect(
      unknownCanonicalUser(
        new Unknown(
          'aws_cloudfront_origin_access_identity.oai.s3_canonical_user_id is known only after apply',
        ),
      ),
    ).toBe('canonical-user:(of aws_cloudfront_origin_access_identity.oai)');
    expect(unknownCanonicalUser(new Unknown('parameter Id has no value'))).toBe(UNKNOWN_CANONICAL_USER);
    const e = site({ CanonicalUser: OAI_UNKNOWN });
    const candidates = candidatePrincipals(e.model).filter((c) => c.kind === 'canonical-user');
    expect(candidates.map((c) => [c.principal, c.name])).toEqual([
      [
        standIn,
        'the S3 canonical user of the CloudFront origin access identity OAI of the inputs (its id is known only after deploy)',
      ],
    ]);
    expect(verdict(e, standIn, 's3:GetObject', 'arn:aws:s3:::site/x'), DOC.oai).toBe('allow');
    // a known id may be the OAI's: indeterminate, not deny
    expect(verdict(e, ID, 's3:GetObject', 'arn:aws:s3:::site/x')).toBe('indeterminate');
    const r = checkOnlyPrincipals(e, 's3:GetObject', 'arn:aws:s3:::site/x', []);
    expect(r.violations.map((w) => [w.principal, w.access])).toEqual([[standIn, 'allow']]);
  });

  it('an AWS principal naming an account or an OAI ARN may be a canonical user: indeterminate', () => {
    const oai = site({
      AWS: 'arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity E2QWRUHAPOMQZL',
    });
    expect(verdict(oai, ID, 's3:GetObject', 'arn:aws:s3:::site/x'), DOC.oai).toBe('indeterminate');
    const account = site({ AWS: `arn:aws:iam::${EXTERNAL_ACCOUNT}:root` });
    expect(verdict(account, ID, 's3:GetObject', 'arn:aws:s3:::site/x'), DOC.s3).toBe('indeterminate');
    const role = site({ AWS: `arn:aws:iam::${EXTERNAL_ACCOUNT}:role/r` });
    expect(verdict(role, ID, 's3:GetObject', 'arn:aws:s3:::site/x')).toBe('deny');
  });

  it('Principal "*" and NotPrincipal naming others match a canonical user; NotPrincipal naming it does not', () => {
    expect(verdict(site('*'), ID, 's3:GetObject', 'arn:aws:s3:::site/x')).toBe('allow');
    const t = new TestModel();
    t.bucket('site', {
      policy: policy(allow('s3:GetObject', 'arn:aws:s3:::site/*', { Principal: '*' }), {
        Effect: 'Deny',
        Action: 's3:GetObject',
        Resource: 'arn:aws:s3:::site/*',
        NotPrincipal: { CanonicalUser: ID },
      }),
    });
    const e = t.engine();
    expect(verdict(e, ID, 's3:GetObject', 'arn:aws:s3:::site/x')).toBe('allow');
    expect(verdict(e, OTHER_ID, 's3:GetObject', 'arn:aws:s3:::site/x')).toBe('deny');
  });
});
