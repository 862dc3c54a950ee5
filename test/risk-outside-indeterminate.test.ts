// The review's public-access and cross-account findings when the access is indeterminate, read
// as a security engineer reads them before a deploy:
// - a resource kept only for a policy iamspec does not model (CloudFormation
//   AWS::S3Tables::TableBucketPolicy: kind `other`, its ARN a CloudFormation stack stand-in) was
//   said to be "open to anyone: cloudformation:CreateStack, cloudformation:DeleteStack..." (the
//   stand-in's service's actions), with no statement and no source. It now might be open to
//   anyone, with whatever its policy allows, why (the policy is not modelled) and where it is;
// - an indeterminate finding said "is open to anyone ... (indeterminate)" with no reason and no
//   statement; it now says "might be open to anyone" and what it depends on (the engine's trace of
//   one of its requests), with the statements of those unknowns.
//
// IAM User Guide, "Policy evaluation logic": "Resource-based policies grant permissions to the
// principal that is specified in the policy" — a policy iamspec cannot read may grant anyone
// anything, so the finding stays (indeterminate), it is only worded for what it is.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html

import { describe, expect, it } from 'vitest';
import { reviewRisks } from '../src/analysis/risks.js';
import type { RiskFinding } from '../src/analysis/types.js';
import { compileModel } from '../src/engine/index.js';
import { arns, EXTERNAL_ACCOUNT } from './helpers/engine-fixtures.js';
import { modelOf } from './fixtures/cfn/load.js';
import { maybeOpenBucket } from './helpers/cfn-templates.js';

const publicOf = (fs: RiskFinding[]) => fs.filter((f) => f.kind === 'public-access');

describe('public access on a resource whose policy iamspec does not model', () => {
  const template = `
Resources:
  TablePolicy:
    Type: AWS::S3Tables::TableBucketPolicy
    Properties:
      TableBucketARN: arn:aws:s3tables:us-west-2:111122223333:bucket/tables
      ResourcePolicy:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal: '*'
            Action: s3tables:GetTableData
            Resource: arn:aws:s3tables:us-west-2:111122223333:bucket/tables/*
`;
  const findings = publicOf(reviewRisks(compileModel(modelOf(template))));

  it('might be open to anyone, says why and where, and lists none of the stand-in ARN service actions', () => {
    expect(findings).toHaveLength(1);
    const [f] = findings;
    expect(f!.severity).toBe('medium');
    expect(f!.message).toMatch(/^resource TablePolicy might be open to anyone/);
    expect(f!.message).toContain('whatever its policy allows');
    expect(f!.message).toContain(
      '(indeterminate: policy content is unknown: AWS::S3Tables::TableBucketPolicy TablePolicy carries a policy',
    );
    expect(f!.message).not.toContain('cloudformation:');
    expect(f!.statements.map((s) => [s.stage, s.source?.line])).toEqual([['resource', 4]]);
  });
});

describe('indeterminate public and cross-account access say what they depend on', () => {
  it('a bucket policy statement that might exist: "might be open", with the statement and its reason', () => {
    const [f, ...rest] = publicOf(reviewRisks(compileModel(modelOf(maybeOpenBucket("'*'")))));
    expect(rest).toEqual([]);
    expect(f!.severity).toBe('medium');
    expect(f!.message).toMatch(
      /^s3-bucket maybe-open might be open to anyone .*: Read: s3:GetObject \(indeterminate: .*Open/,
    );
    expect(f!.statements.map((s) => [s.stage, s.statement])).toEqual([['resource', 'Statement[0]']]);
  });

  it('cross-account: "might let account X in", with the reason', () => {
    const model = modelOf(maybeOpenBucket(`{ AWS: 'arn:aws:iam::${EXTERNAL_ACCOUNT}:root' }`));
    const f = reviewRisks(compileModel(model)).find((x) => x.kind === 'cross-account-access')!;
    expect(f.subject).toBe(arns.bucket('maybe-open'));
    expect(f.message).toMatch(
      new RegExp(
        `^s3-bucket maybe-open might let account ${EXTERNAL_ACCOUNT} \\(outside the inputs\\) in: Read: s3:GetObject \\(indeterminate: .*Open`,
      ),
    );
  });
});
