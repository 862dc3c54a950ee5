// Precision where the inputs pin who an identifier is (mission rule: never trade soundness; each
// case that stays unpinned stays indeterminate):
// 1. an ACL grant to the AuthenticatedUsers group admits signed requests of any AWS account, not
//    anonymous ones (src/aws/s3-acl.ts `aclStatements`, `Statement.signedOnly`);
// 2. a grant to a canonical user id is at most a grant to an account: for principals of the
//    bucket's own account, whose identity policies decide anyway, it changes nothing
//    (src/engine/compile-policy.ts `PrincipalMatch.MaybeAccount`); the owner named in an
//    aws_s3_bucket_acl's access_control_policy pins the bucket account's canonical id, so the
//    owner's own FULL_CONTROL grant is no other account's (`aclOwnerCanonicalId`);
// 3. a canonical user id the inputs pin is that account, and no other (`canonicalUserMatch`);
// 4. a unique id (`AROA…`) a policy holds is not a role the inputs create anew, nor one they pin
//    another id for (src/model/unique-ids.ts `mayHaveUniqueId`, `RequestPrincipal.namesOtherEntity`).

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadTemplateFile } from '../src/adapters/cloudformation/index.js';
import { loadPlanValue } from '../src/adapters/terraform/load.js';
import { checkOnlyPrincipals } from '../src/analysis/exhaustive.js';
import { compileModel } from '../src/engine/index.js';
import { ModelBuilder } from '../src/model/builder.js';
import { NEW_UNIQUE_ID } from '../src/model/unique-ids.js';
import {
  ACCOUNT_A,
  allow,
  arns,
  EXTERNAL_ACCOUNT,
  policy,
  TestModel,
  verdict,
} from './helpers/engine-fixtures.js';

const DOC = {
  authenticated:
    'Amazon S3 User Guide, "Access control list (ACL) overview", "Amazon S3 predefined groups": "Authenticated Users group – Represented by http://acs.amazonaws.com/groups/global/AuthenticatedUsers. This group represents all AWS accounts. Access permission to this group allows any AWS account to access the resource. However, all requests must be signed (authenticated)."; "All Users group ... The requests can be signed (authenticated) or unsigned (anonymous)", https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html',
  account:
    'IAM User Guide, "AWS JSON policy elements: Principal", AWS account principals: "This delegates authority to the account. ... an administrator in that account must then grant access to an identity (IAM user or role) in that account", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html; Amazon S3 User Guide, "The Principal": "a canonical user ID, which is an obfuscated form of the AWS account ID"',
  owner:
    'Amazon S3 API Reference, PutBucketAcl, AccessControlPolicy: "Owner — Container for the bucket owner\'s display name and ID", https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketAcl.html; Amazon S3 User Guide, "Access control list (ACL) overview": "When you create a bucket or an object, Amazon S3 creates a default ACL that grants the resource owner full control over the resource"',
  uniqueId:
    'IAM User Guide, "AWS JSON policy elements: Principal": "if you delete the role or user, then the relationship is broken. The policy no longer applies, even if you recreate the user or role because it does not match the principal ID stored in the trust policy", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html',
};

const OWNER = '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be';
const OTHER_ID = 'a'.repeat(64);
const EXTERNAL_USER = `arn:aws:iam::${EXTERNAL_ACCOUNT}:user/partner`;
const ROLE_ID = 'AROAEXAMPLEID1234567';

describe('1. AuthenticatedUsers grants admit signed requests only (DOC.authenticated)', () => {
  const PLAN = 'test/fixtures/terraform/acl-grants/plan.json';
  const plan = () => {
    const b = new ModelBuilder();
    loadPlanValue(JSON.parse(readFileSync(PLAN, 'utf8')), PLAN, undefined, b, {
      account: ACCOUNT_A,
      region: 'us-east-1',
    });
    return compileModel(b.build());
  };

  it('an explicit grant (aws_s3_bucket grant): any account may write, an anonymous caller may not (was: allow)', () => {
    const e = plan();
    const put = (who: string) =>
      e.decide({ principal: who, action: 's3:PutObject', resource: 'arn:aws:s3:::partners-drop/x' }).decision;
    expect(put('anonymous'), DOC.authenticated).toBe('deny');
    expect(put(EXTERNAL_USER), DOC.authenticated).toBe('allow');
    // the AllUsers grant still admits anonymous requests
    expect(
      e.decide({ principal: 'anonymous', action: 's3:ListBucket', resource: 'arn:aws:s3:::legacy-site' })
        .decision,
    ).toBe('allow');
  });

  it('the canned ACL authenticated-read (CloudFormation AuthenticatedRead): the same', () => {
    const b = new ModelBuilder();
    loadTemplateFile('test/fixtures/cloudformation/authenticated-read.yaml', b, {
      account: ACCOUNT_A,
      region: 'us-east-1',
    });
    const e = compileModel(b.build());
    const list = (who: string) =>
      e.decide({ principal: who, action: 's3:ListBucket', resource: 'arn:aws:s3:::partner-listing' })
        .decision;
    expect(list('anonymous'), DOC.authenticated).toBe('deny');
    expect(list(EXTERNAL_USER)).toBe('allow');
    const only = checkOnlyPrincipals(e, 's3:ListBucket', 'arn:aws:s3:::partner-listing', []);
    expect(only.holds).toBe(false);
    expect(only.violations.map((v) => v.principal)).not.toContain('anonymous');
  });
});

describe("2. the bucket owner's own FULL_CONTROL grant (DOC.account, DOC.owner)", () => {
  const PLAN = 'test/fixtures/terraform/acl-grants/plan.json';
  type Plan = { resource_changes: { address: string; change: { after: Record<string, unknown> } }[] };
  const engine = (edit?: (p: Plan) => void) => {
    const p = JSON.parse(readFileSync(PLAN, 'utf8')) as Plan;
    edit?.(p);
    const b = new ModelBuilder();
    loadPlanValue(p, PLAN, undefined, b, { account: ACCOUNT_A, region: 'us-east-1' });
    return compileModel(b.build());
  };
  // no aws_s3_bucket_acl names the owner: the grant's id may be any account's
  const withoutOwner = (p: Plan) => {
    for (const r of p.resource_changes)
      if (r.address.startsWith('aws_s3_bucket_acl.'))
        for (const acp of r.change.after.access_control_policy as Record<string, unknown>[]) delete acp.owner;
  };
  // legacy-site's ACL (aws_s3_bucket grant blocks): AllUsers READ and FULL_CONTROL to OWNER
  const acl = (e: ReturnType<typeof engine>, who: string) =>
    e.decide({ principal: who, action: 's3:PutBucketAcl', resource: 'arn:aws:s3:::legacy-site' }).decision;

  it("the owner access_control_policy names is the bucket account's canonical user: another account's principals are denied (was: indeterminate)", () => {
    const e = engine();
    expect(e.model.accounts.find((a) => a.id === ACCOUNT_A)?.canonicalUserId, DOC.owner).toBe(OWNER);
    expect(acl(e, EXTERNAL_USER), DOC.owner).toBe('deny');
    expect(acl(e, OWNER)).toBe('allow');
    // only the owner's canonical user holds the grant: onlyPrincipals [OWNER] holds
    // onlyPrincipals [OWNER]: no principal of another account is left, only the stand-in of a
    // canonical user the inputs leave unknown (the e-mail grantee's account), which may be OWNER
    const r = checkOnlyPrincipals(e, 's3:PutBucketAcl', 'arn:aws:s3:::legacy-site', [OWNER]);
    expect(r.violations.map((v) => [v.principal, v.access])).toEqual([
      ['canonical-user:(unknown)', 'indeterminate'],
    ]);
  });

  it('without an owner named, the grant may be another account: indeterminate for its principals', () => {
    const e = engine(withoutOwner);
    expect(e.model.accounts.find((a) => a.id === ACCOUNT_A)?.canonicalUserId).toBeUndefined();
    expect(acl(e, EXTERNAL_USER), DOC.owner).toBe('indeterminate');
    const r = checkOnlyPrincipals(e, 's3:PutBucketAcl', 'arn:aws:s3:::legacy-site', [OWNER]);
    expect(r.violations.every((v) => v.access === 'indeterminate')).toBe(true);
    expect(r.violations.map((v) => v.principal)).toContain(`arn:aws:iam::999999999999:user/(any-user)`);
  });

  it("a grant to a canonical user is at most the account's: the bucket account's principals decide by their own policies (was: indeterminate)", () => {
    const t = new TestModel();
    t.user('reader', { inline: [policy(allow('s3:ListBucket', 'arn:aws:s3:::site'))] });
    t.user('nobody');
    t.bucket('site', {
      policy: policy(allow('s3:ListBucket', 'arn:aws:s3:::site', { Principal: { CanonicalUser: OWNER } })),
    });
    const e = t.engine();
    const list = (who: string) => verdict(e, who, 's3:ListBucket', 'arn:aws:s3:::site');
    expect(list(arns.user('reader')), DOC.account).toBe('allow');
    expect(list(arns.user('nobody')), DOC.account).toBe('deny');
    // unpinned: another account's principal may be the canonical user's
    expect(list(EXTERNAL_USER)).toBe('indeterminate');
  });
});

describe('3. a pinned canonical user id against an account value (DOC.account)', () => {
  const site = (principal: unknown, pin: boolean) => {
    const t = new TestModel();
    if (pin) t.b.setCanonicalUserId(ACCOUNT_A, OWNER);
    t.bucket('site', {
      policy: policy(allow('s3:GetObject', 'arn:aws:s3:::site/*', { Principal: principal })),
    });
    return t.engine();
  };
  const get = (e: ReturnType<typeof site>, who: string) =>
    verdict(e, who, 's3:GetObject', 'arn:aws:s3:::site/x');

  it('the pinned id is its account: a grant to the account allows it, one to another account does not (was: indeterminate)', () => {
    expect(get(site({ AWS: ACCOUNT_A }, true), OWNER), DOC.account).toBe('allow');
    expect(get(site({ AWS: arns.root(ACCOUNT_A) }, true), OWNER)).toBe('allow');
    expect(get(site({ AWS: EXTERNAL_ACCOUNT }, true), OWNER), DOC.account).toBe('deny');
    // an id pinned for none is none of the pinned accounts; it may be another account's
    expect(get(site({ AWS: ACCOUNT_A }, true), OTHER_ID)).toBe('deny');
    expect(get(site({ AWS: EXTERNAL_ACCOUNT }, true), OTHER_ID)).toBe('indeterminate');
    // an account's id is no origin access identity
    const oai = { AWS: 'arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity E2QWRUHAPOMQZL' };
    expect(get(site(oai, true), OWNER)).toBe('deny');
    expect(get(site(oai, true), OTHER_ID)).toBe('indeterminate');
  });

  it('unpinned: indeterminate', () => {
    expect(get(site({ AWS: ACCOUNT_A }, false), OWNER), DOC.account).toBe('indeterminate');
    expect(get(site({ AWS: EXTERNAL_ACCOUNT }, false), OWNER)).toBe('indeterminate');
  });
});

describe('4. a unique id against a role the inputs create anew (DOC.uniqueId)', () => {
  const site = (principal: unknown, uniqueId?: string) => {
    const t = new TestModel();
    t.role('app', uniqueId ? { uniqueId } : {});
    t.bucket('site', {
      policy: policy(allow('s3:GetObject', 'arn:aws:s3:::site/*', { Principal: principal })),
    });
    return t.engine();
  };
  const get = (e: ReturnType<typeof site>, who: string) =>
    verdict(e, who, 's3:GetObject', 'arn:aws:s3:::site/x');

  it('a policy naming the created role by ARN grants nothing to the role a unique id names (was: indeterminate)', () => {
    expect(get(site({ AWS: arns.role('app') }, NEW_UNIQUE_ID), ROLE_ID), DOC.uniqueId).toBe('deny');
    expect(get(site({ AWS: arns.session('app', 's1') }, NEW_UNIQUE_ID), ROLE_ID)).toBe('deny');
    // pinned to another id: another role
    expect(get(site({ AWS: arns.role('app') }, 'AROAOTHEREXAMPLE12345'), ROLE_ID)).toBe('deny');
    // the created role itself is no role a policy held the id of (model/unique-ids.ts)
    expect(get(site({ AWS: ROLE_ID }, NEW_UNIQUE_ID), arns.role('app')), DOC.uniqueId).toBe('deny');
  });

  it('a role that may exist already (its id unknown), or one outside the inputs: indeterminate', () => {
    expect(get(site({ AWS: arns.role('app') }), ROLE_ID), DOC.uniqueId).toBe('indeterminate');
    expect(get(site({ AWS: ROLE_ID }), arns.role('app'))).toBe('indeterminate');
    expect(get(site({ AWS: arns.role('r', EXTERNAL_ACCOUNT) }, NEW_UNIQUE_ID), ROLE_ID)).toBe(
      'indeterminate',
    );
  });
});
