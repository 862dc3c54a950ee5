// Resource types that accept no resource-based policy (src/aws/no-resource-policy.ts): a request
// from another account is denied, because only a resource-based policy can grant it. IAM User
// Guide, "Cross-account policy evaluation logic"
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html):
// "the principal's identity-based policy must allow ... and the resource-based policy ... must
// also allow"; whether a service's resources accept one is the "Resource-based policies" column
// of "AWS services that work with IAM"
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_aws-services-that-work-with-iam.html),
// each service's row pointing to its "How <service> works with IAM" page cited in the data.

import { describe, expect, it } from 'vitest';
import { acceptsNoResourcePolicy, NO_RESOURCE_POLICY_TYPES } from '../src/aws/no-resource-policy.js';
import { getResourceType } from '../src/catalog/index.js';
import {
  ACCOUNT_A,
  allow,
  EXTERNAL_ACCOUNT,
  policy,
  REGION,
  TestModel,
  verdict,
} from './helpers/engine-fixtures.js';

const certificate = `arn:aws:acm:${REGION}:${EXTERNAL_ACCOUNT}:certificate/0f1e2d3c-aaaa-bbbb-cccc-123456789012`;
const dbInstance = `arn:aws:rds:${REGION}:${EXTERNAL_ACCOUNT}:db:orders`;
const dbCluster = `arn:aws:rds:${REGION}:${EXTERNAL_ACCOUNT}:cluster:orders`;
const collection = `arn:aws:rekognition:${REGION}:${EXTERNAL_ACCOUNT}:collection/faces`;
const project = `arn:aws:rekognition:${REGION}:${EXTERNAL_ACCOUNT}:project/labels/1627045542080`;
const queue = `arn:aws:sqs:${REGION}:${EXTERNAL_ACCOUNT}:jobs`;

describe('resource types without resource-based policies', () => {
  const t = new TestModel();
  const user = t.user('alice', { inline: [policy(allow('*', '*'))] });
  const engine = t.engine();

  it('every entry names a resource type of the catalog', () => {
    for (const e of NO_RESOURCE_POLICY_TYPES)
      expect(getResourceType(e.service, e.resourceType)).toBeDefined();
  });

  it('a cross-account request to a type that accepts none is denied, not indeterminate', () => {
    // "Resource-based policies within ACM. Supports resource-based policies: No" (How AWS
    // Certificate Manager works with IAM); "Supports resource-based policies: No." (How Amazon
    // RDS works with IAM); Rekognition's only resource-based policies are Custom Labels project
    // policies ("Examples of Amazon Rekognition resource-based policy").
    expect(verdict(engine, user, 'acm:DescribeCertificate', certificate)).toBe('deny');
    expect(verdict(engine, user, 'rds:DeleteDBInstance', dbInstance)).toBe('deny');
    expect(verdict(engine, user, 'rekognition:SearchFaces', collection)).toBe('deny');
  });

  it('the trace says why', () => {
    const d = engine.decide(
      { principal: user, action: 'acm:DescribeCertificate', resource: certificate },
      { trace: true },
    );
    expect(d.trace?.some((e) => e.message?.includes('accept no resource-based policy'))).toBe(true);
  });

  it('a type that has a resource-based policy (or another way to share) stays indeterminate', () => {
    expect(verdict(engine, user, 'sqs:SendMessage', queue)).toBe('indeterminate');
    // Aurora DB clusters can be shared through AWS RAM
    expect(verdict(engine, user, 'rds:CloneDBCluster', dbCluster)).toBe('indeterminate');
    expect(verdict(engine, user, 'rekognition:CopyProjectVersion', `${project}`)).toBe('indeterminate');
  });

  it('the same account is unaffected: identity policies decide', () => {
    const own = `arn:aws:acm:${REGION}:${ACCOUNT_A}:certificate/0f1e2d3c-aaaa-bbbb-cccc-123456789012`;
    expect(verdict(engine, user, 'acm:DescribeCertificate', own)).toBe('allow');
  });

  it('matches ARNs of the type only (no wildcard, no other type)', () => {
    expect(acceptsNoResourcePolicy(certificate)?.resourceType).toBe('certificate');
    expect(
      acceptsNoResourcePolicy(`arn:aws:acm:${REGION}:${EXTERNAL_ACCOUNT}:certificate/*`),
    ).toBeUndefined();
    expect(acceptsNoResourcePolicy(dbCluster)).toBeUndefined();
    expect(acceptsNoResourcePolicy(queue)).toBeUndefined();
  });
});
