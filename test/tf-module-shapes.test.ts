// Red-team of the Terraform shapes real repositories use, as local copies under
// test/fixtures/tf/module-shapes: terraform-aws-modules iam-assumable-role (MFA, external id,
// count-indexed attachments), iam-role-for-service-accounts-eks (a dynamic "statement" per OIDC
// provider), iam-github-oidc-role (subjects normalised with trimprefix), the lambda module's
// policy_statements (a map of statements, conditions as maps), for_each over a map of roles with
// a dynamic "statement", the s3-bucket module's combined source_policy_documents, templatefile()
// / file() / heredoc policies, aws_lambda_permission with a qualifier, aws_kms_grant, secret and
// event bus policies, the iam-role (v6) module's optional-typed statement maps with
// source/override documents, roles x policies through flatten + for_each; and the same shapes
// synthesized by CDKTF (cdk.tf.json). Each shape has an intended request and a near miss.
//
// Two conditions blocks with the same test and variable (one `dynamic "condition"` block per
// allowed VPC) render as ONE key whose values are both blocks' values (the provider's
// IAMPolicyStatementConditionSet.MarshalJSON appends them, then does "flatten entries with a
// single item to match AWS IAM syntax"; IAM: "If a single condition operator includes multiple
// values for a context key, those values are evaluated using a logical OR"). The later block
// replaced the earlier one: a Deny "StringNotEquals aws:SourceVpc" of vpc-aaaa and vpc-bbbb was
// read as "not vpc-bbbb", so a `cannot` from vpc-aaaa passed (exit 0) where the partner can read.
// `data "aws_iam_policy"` looked up by ARN (the lambda module copies AWSXRayDaemonWriteAccess
// with `policy = data.aws_iam_policy.tracing[0].policy`) has that ARN (Terraform AWS provider,
// Data Source: aws_iam_policy: "arn - ARN of the policy") and, for an AWS managed policy, the
// bundled document an attachment of the ARN is evaluated with; it was unknown, so every check of
// the function's role was indeterminate.
// aws_iam_group_membership owns its group's members (test/tf-exclusive-group-members.test.ts):
// the CDKTF stack's bob, whom it does not list, may be removed from the Deny group.

import { describe, expect, it } from 'vitest';
import { runCli } from './fixtures/cli/run.js';

const DIR = 'test/fixtures/tf/module-shapes';

async function statuses(input: string, spec: string): Promise<Record<string, string>> {
  const r = await runCli(['check', input, '--spec', spec, '--format', 'json']);
  const report = JSON.parse(r.stdout) as { expectations: { id: string; status: string }[] };
  return Object.fromEntries(report.expectations.map((e) => [e.id, e.status]));
}

describe('Terraform registry-module and policy-resource shapes', () => {
  it('HCL configuration with local copies of the modules', async () => {
    expect(await statuses(`${DIR}/config`, `${DIR}/config/spec.yaml`)).toEqual({
      'admin-mfa': 'pass',
      'admin-no-mfa': 'pass',
      'admin-no-put': 'pass',
      'vendor-external-id': 'pass',
      'vendor-wrong-external-id': 'pass',
      'irsa-service-account': 'pass',
      'irsa-other-service-account': 'pass',
      'github-main': 'pass',
      'github-infra-any-branch': 'pass',
      'github-app-branch': 'pass',
      'github-other-owner': 'pass',
      'worker-put': 'pass',
      'worker-get-in-org': 'pass',
      'worker-get-other-org': 'pass',
      // data.aws_iam_policy by ARN gives the AWS managed document (it was unknown: both indeterminate)
      'worker-traces': 'pass',
      'worker-no-xray-config': 'pass',
      'worker-delete': 'pass',
      'reader-get': 'pass',
      'reader-put': 'pass',
      'writer-put': 'pass',
      'writer-delete': 'pass',
      'partner-first-vpc': 'pass',
      // the partner can read from the first VPC: this `cannot` fails (it passed)
      'partner-first-vpc-cannot': 'fail',
      'partner-second-vpc': 'pass',
      'partner-other-vpc': 'pass',
      'partner-no-tls': 'pass',
      stranger: 'pass',
      'carol-own-home': 'pass',
      'carol-other-home': 'pass',
      'carol-delete': 'pass',
      'dave-no-version': 'pass',
      'partner-invokes-alias': 'pass',
      'partner-invokes-unqualified': 'pass',
      'grantee-decrypt': 'pass',
      'grantee-encrypt': 'pass',
      'partner-secret': 'pass',
      'stranger-secret': 'pass',
      'partner-put-events': 'pass',
      'stranger-put-events': 'pass',
      'v6-sre-assumes': 'pass',
      'v6-dev-cannot-assume': 'pass',
      'v6-ops-upload': 'pass',
      'v6-ops-put-elsewhere': 'pass',
      'v6-ops-sqs': 'pass',
      'v6-ops-read': 'pass',
      'etl-read': 'pass',
      'etl-put': 'pass',
      'api-put': 'pass',
      'api-other-bucket': 'pass',
    });
  });

  it('the same shapes synthesized by CDKTF (cdk.tf.json)', async () => {
    expect(await statuses(`${DIR}/cdktf/cdk.tf.json`, `${DIR}/cdktf/spec.yaml`)).toEqual({
      'partner-first-vpc': 'pass',
      'partner-first-vpc-cannot': 'fail',
      'partner-other-vpc': 'pass',
      // aws_iam_group_membership does not list bob: his membership may be removed (it passed)
      'bob-delete': 'indeterminate',
      'bob-get': 'pass',
    });
  });
});
