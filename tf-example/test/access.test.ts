// The company1 Terraform example checked with the iamspec matchers (`import 'iamspec/vitest'`;
// inside this repository the source module): the example's access spec (access.yaml, written with
// Terraform addresses) holds for the plan read with its configuration and for the HCL alone; the
// plan alone leaves policies unknown until apply, so the spec is indeterminate there (never
// passing, never failing, naming the Terraform address); the CDKTF app is checked with its own
// addresses and with the name-based spec of the same scenario, and each mutation turns a check
// red with a message naming the Terraform address of the statement to fix.
//
// Evaluation rules the checks rely on (IAM User Guide):
// - explicit deny wins; no allow = implicit deny:
//   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
// - a permissions boundary caps identity-based permissions:
//   https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html
// - a session policy caps the role session:
//   https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies.html#policies_session
// - aws:SecureTransport and aws:TokenIssueTime (present only with temporary credentials):
//   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { accessSummary } from '../../src/analysis/access-summary.js';
import { compileModel } from '../../src/engine/index.js';
import { formatAccessSummary } from '../../src/report/access-summary.js';
import '../../src/testing/vitest.js';
import type { Model } from '../../src/model/types.js';
import type { Company1Mutations } from '../cdktf/main.js';
import { cdktfSynth, EXAMPLE_DIR, FORMS, type FormName } from './forms.js';

const SPEC = join(EXAMPLE_DIR, 'access.yaml');
/** The same intents written with names and ARNs only (no Terraform addresses): any form of the scenario. */
const NAME_SPEC = join(EXAMPLE_DIR, '..', 'cdk-example', 'access.yaml');
const sessionPolicy: unknown = JSON.parse(readFileSync(join(EXAMPLE_DIR, 'session-policy.json'), 'utf8'));

const hrObject = 'arn:aws:s3:::company1-hr/new-file.txt';
const tls = { 'aws:SecureTransport': 'true' };

const models = new Map<string, Model>();
function form(name: FormName): Model {
  let m = models.get(name);
  if (!m) {
    m = FORMS[name]();
    models.set(name, m);
  }
  return m;
}
function cdktf(mutations: Company1Mutations = {}): Model {
  const key = `cdktf ${JSON.stringify(mutations)}`;
  let m = models.get(key);
  if (!m) {
    m = cdktfSynth(mutations);
    models.set(key, m);
  }
  return m;
}

function failureOf(assertion: () => void): string {
  try {
    assertion();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('the assertion did not fail');
}

describe.each(['plan+config', 'hcl'] as const)('the %s form', (name) => {
  it('satisfies access.yaml', () => {
    expect(form(name)).toSatisfySpec(SPEC);
  });

  it('1. Sara-intern only lists company1-logs (Terraform addresses as references)', () => {
    const model = form(name);
    const internOnly = [{ action: 's3:ListBucket', resource: 'aws_s3_bucket.logs' }];
    expect(model).toOnlyAllow('aws_iam_user.sara_intern', internOnly);
    expect(model).toAllow({
      principal: 'aws_iam_user.sara_intern',
      action: 's3:ListBucket',
      resource: 'aws_s3_bucket.logs',
    });
    const message = failureOf(() =>
      expect(model).toAllow({
        principal: 'aws_iam_user.sara_intern',
        action: 's3:GetObject',
        resource: 'aws_s3_bucket.logs/app.log',
      }),
    );
    // The trace names the boundary by its Terraform address and its place in main.tf / plan.json.
    expect(message).toMatch(/(main\.tf|plan\.json):\d+:\d+ \(aws_iam_policy\.intern_boundary\)/);
  });

  it('3. john uploads to company1-hr only through JohnUploadRole with the session policy', () => {
    const model = form(name);
    expect(model).toDeny({
      principal: 'aws_iam_user.john',
      action: 's3:PutObject',
      resource: hrObject,
      context: tls,
    });
    expect(model).toAllow({
      principal: 'aws_iam_user.john',
      action: 'sts:AssumeRole',
      resource: 'aws_iam_role.john_upload',
    });
    const session = {
      principal: 'aws_iam_role.john_upload',
      resource: hrObject,
      context: tls,
      sessionPolicy,
    };
    expect(model).toAllow({ ...session, action: 's3:PutObject' });
    expect(model).toDeny({ ...session, action: 's3:GetObject' });
  });

  it('5. Developers cannot stop instances', () => {
    expect(form(name)).toDeny({
      principal: 'aws_iam_group.developers',
      action: 'ec2:StopInstances',
      resource: 'arn:aws:ec2:us-west-2:629470240201:instance/i-0123456789abcdef0',
    });
  });
});

describe('the access snapshot (test/__snapshots__/access.test.ts.snap)', () => {
  // The configuration's whole effective access, per principal, in this file's snapshot: a change
  // of access fails here with a diff (`npx vitest -u` accepts it). The plan read with its
  // configuration, the HCL alone and the CDKTF app have other addresses and sources but the same
  // access, so they match one snapshot.
  it('the plan with its configuration grants exactly the access of the stored snapshot', () => {
    expect(form('plan+config')).toMatchAccessSnapshot();
  });

  it('the HCL alone and the CDKTF app have the same access summary', () => {
    const text = (m: Model) => formatAccessSummary(accessSummary(compileModel(m), { context: tls }));
    const planConfig = text(form('plan+config'));
    expect(text(form('hcl'))).toBe(planConfig);
    expect(text(form('cdktf'))).toBe(planConfig);
  });
});

describe('the plan alone', () => {
  it('leaves the spec indeterminate: neither toSatisfySpec nor .not passes, and the address is named', () => {
    const plan = form('plan');
    const report = failureOf(() => expect(plan).toSatisfySpec(SPEC));
    expect(report).toMatch(/\d+ indeterminate/);
    expect(report).toContain('aws_iam_policy.logs');
    expect(report).toContain('known only after apply');
    // Indeterminate is not a failure either (one expectation whose Allow is unknown in the plan).
    const lists = {
      version: 1 as const,
      expect: [
        {
          principal: 'aws_iam_user.sara_intern',
          can: [{ action: 's3:ListBucket', resource: 'aws_s3_bucket.logs' }],
        },
      ],
    };
    expect(failureOf(() => expect(plan).toSatisfySpec(lists))).toContain(
      '0 passed, 0 failed, 1 indeterminate',
    );
    expect(() => expect(plan).not.toSatisfySpec(lists)).toThrow(/no expectation fails/);
  });

  it('toAllow is indeterminate where the Allow is known only after apply', () => {
    const message = failureOf(() =>
      expect(form('plan')).toAllow({
        principal: 'user/Sara-intern',
        action: 's3:ListBucket',
        resource: 'arn:aws:s3:::company1-logs',
      }),
    );
    expect(message).toContain('INDETERMINATE');
    expect(message).toContain('aws_iam_policy.logs');
  });
});

describe('the CDKTF app', () => {
  it('satisfies the scenario spec written with names and ARNs', () => {
    expect(cdktf()).toSatisfySpec(NAME_SPEC);
  });

  it('matchers take the CDKTF stack addresses', () => {
    const model = cdktf();
    expect(model).toOnlyAllow('aws_iam_user.sara_intern', [
      { action: 's3:ListBucket', resource: 'aws_s3_bucket.logs_bucket' },
    ]);
    expect(model).toOnlyAllow('aws_iam_role.logs_role', [
      { action: 's3:GetObject', resource: 'aws_s3_bucket.logs_bucket/*' },
    ]);
    expect(model).toAllow({
      principal: 'user/uploader',
      action: 's3:PutObject',
      resource: 'aws_s3_bucket.uploads_bucket/f',
      context: { 'aws:TokenIssueTime': '2025-06-01T11:00:00Z' },
    });
  });

  it("mutation: the intern's boundary allows s3:GetObject (names aws_iam_policy.intern_boundary)", () => {
    const model = cdktf({ internBoundaryAllowsGetObject: true });
    const message = failureOf(() =>
      expect(model).toOnlyAllow('user/Sara-intern', [
        { action: 's3:ListBucket', resource: 'arn:aws:s3:::company1-logs' },
      ]),
    );
    expect(message).toMatch(/s3:GetObject on arn:aws:s3:::company1-logs\/\S+: ALLOW/);
    expect(message).toContain('(aws_iam_policy.intern_boundary)');
    expect(failureOf(() => expect(model).toSatisfySpec(NAME_SPEC))).toMatch(/✗ intern-lists-logs-only/);
  });

  it("mutation: the intern's boundary is dropped", () => {
    expect(failureOf(() => expect(cdktf({ noInternBoundary: true })).toSatisfySpec(NAME_SPEC))).toMatch(
      /✗ intern-lists-logs-only/,
    );
  });

  it('mutation: a role trusted by EC2 with AmazonS3ReadOnlyAccess reads company1-hr', () => {
    const report = failureOf(() => expect(cdktf({ ec2RoleWithS3ReadOnly: true })).toSatisfySpec(NAME_SPEC));
    expect(report).toMatch(/✗ hr-files-readers/);
    expect(report).toContain('Company1-S3-ReadOnly-Role');
  });

  it('mutation: company1-sales becomes public', () => {
    const model = cdktf({ publicSalesBucket: true });
    expect(model).toAllow({
      principal: 'anonymous',
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::company1-sales/x',
    });
    expect(failureOf(() => expect(model).toSatisfySpec(NAME_SPEC))).toMatch(/✗ sales-not-public/);
  });

  it('mutation: lambda.amazonaws.com may assume Company1-Logs-Role', () => {
    const model = cdktf({ lambdaTrustsLogsRole: true });
    const message = failureOf(() =>
      expect(model).toDeny({
        principal: 'lambda.amazonaws.com',
        action: 'sts:AssumeRole',
        resource: 'role/Company1-Logs-Role',
      }),
    );
    expect(message).toContain('[role trust policy]');
    expect(message).toContain('aws_iam_role.logs_role');
    expect(failureOf(() => expect(model).toSatisfySpec(NAME_SPEC))).toMatch(/✗ only-ec2-assumes-logs-role/);
  });

  // GitHub Docs, "Configuring OpenID Connect in Amazon Web Services": "AWS Identity and Access
  // Management (IAM) recommends that users evaluate the IAM condition key,
  // token.actions.githubusercontent.com:sub, in the trust policy of any role that trusts GitHub's
  // OIDC identity provider (IdP)."
  it("mutation: the GitHub deploy role's trust drops its sub condition, so any repository deploys", () => {
    const model = cdktf({ githubDeployWithoutSub: true });
    const other = {
      principal: 'github:evil/x@refs/heads/main',
      action: 'sts:AssumeRoleWithWebIdentity',
      resource: 'role/Company1-GitHubDeploy-Role',
    };
    expect(cdktf()).toDeny(other);
    expect(model).toAllow(other);
    const report = failureOf(() => expect(model).toSatisfySpec(NAME_SPEC));
    expect(report).toMatch(/✗ github-deploys-from-infra-main/);
    expect(report).toContain('token.actions.githubusercontent.com:sub=repo:evil/x:ref:refs/heads/main');
    expect(report).toContain('aws_iam_role.github_deploy');
  });
});
