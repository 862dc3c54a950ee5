// The severity of a cross-account finding on a role is that of the request that grants the
// access, sts:AssumeRole, with its condition considered. The CDK bootstrap roles' trust policies
// allow the trusted accounts sts:TagSession without a condition next to sts:AssumeRole: before,
// the finding took the widest access of every action (TagSession: allowed), so a real condition
// on sts:AssumeRole (an ExternalId the caller must know) was hidden and the finding stayed medium.
// Now it is weighed by the assume requests only (analysis/risk-severity.ts `grantsAccessTo`) and
// is low; the template as published (sts:ExternalId absent, which every caller meets by sending
// none) stays medium.
//
// Pages:
// - IAM User Guide, "Pass session tags in AWS STS": "Session tags are key-value pair attributes
//   that you pass when you assume an IAM role or federate a user in AWS STS" (TagSession goes with
//   an assume request and gives nothing alone).
// - AWS STS API Reference, AssumeRole: "Returns a set of temporary security credentials that you
//   can use to access AWS resources"; ExternalId: "A unique identifier that might be required when
//   you assume a role in another account".

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { reviewRisks } from '../src/analysis/risks.js';
import { compileModel } from '../src/engine/index.js';
import { modelOf } from './fixtures/cfn/load.js';

const PAGE =
  'IAM User Guide, "Pass session tags in AWS STS": "Session tags are key-value pair attributes that you pass when you assume an IAM role or federate a user in AWS STS"';
const PIPELINE = '999988887777';
const TEMPLATE = readFileSync('test/fixtures/cloudformation/cdk-bootstrap-template.yaml', 'utf8');
const DEPLOY = 'arn:aws:iam::111122223333:role/cdk-hnb659fds-deploy-role-111122223333-us-west-2';

/** The cross-account finding on the deploy role of the bootstrap `template`, trusting PIPELINE. */
function deployRoleFinding(template: string) {
  const engine = compileModel(
    modelOf(template, {
      parameters: {
        TrustedAccounts: PIPELINE,
        CloudFormationExecutionPolicies: 'arn:aws:iam::aws:policy/AdministratorAccess',
      },
      file: 'cdk-bootstrap-template.yaml',
    }),
  );
  return reviewRisks(engine).find((f) => f.kind === 'cross-account-access' && f.subject === DEPLOY);
}

describe(`cross-account severity weighs sts:AssumeRole, not sts:TagSession (${PAGE})`, () => {
  it('the published template (sts:ExternalId absent, met by any caller): medium', () => {
    const f = deployRoleFinding(TEMPLATE);
    expect(f?.detail).toBe(`account ${PIPELINE}`);
    expect(f?.severity).toBe('medium');
  });

  it('sts:AssumeRole conditional on an ExternalId the caller must send, TagSession not: low', () => {
    // The same shape with a real condition on each AssumeRole statement.
    const conditional = TEMPLATE.replaceAll(
      `- "Null":
                    "sts:ExternalId": "true"`,
      `- StringEquals:
                    "sts:ExternalId": "pipeline-secret"`,
    ).replaceAll(
      `- "Null":
                        "sts:ExternalId": "true"`,
      `- StringEquals:
                        "sts:ExternalId": "pipeline-secret"`,
    );
    expect(conditional).not.toBe(TEMPLATE);
    const f = deployRoleFinding(conditional);
    expect(f?.detail).toBe(`account ${PIPELINE}`);
    expect(f?.message).toContain('sts:AssumeRole');
    expect(f?.severity, PAGE).toBe('low');
  });
});
