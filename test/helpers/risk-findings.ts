// What the severity tests build and read alike: the review's findings of one kind on one subject,
// policy documents whose statements might not exist (behind a CloudFormation Fn::If on a condition
// the inputs leave undecided), and a public and a cross-account bucket.

import { reviewRisks } from '../../src/analysis/risks.js';
import type { RiskFinding } from '../../src/analysis/types.js';
import { Unknown } from '../../src/model/unknown.js';
import type { PolicyDocument, PolicyKind } from '../../src/policy/types.js';
import {
  ACCOUNT_A,
  allow,
  arns,
  EXTERNAL_ACCOUNT,
  parse,
  policy,
  REGION,
  type StatementJson,
  type TestModel,
  testSource,
} from './engine-fixtures.js';

/** The review's findings of `kind` whose subject is `subject`. */
export function reviewFindings(t: TestModel, kind: RiskFinding['kind'], subject: string): RiskFinding[] {
  return reviewRisks(t.engine()).filter((f) => f.kind === kind && f.subject === subject);
}

/** `doc` with every statement maybe-present: behind an Fn::If on an undecided condition. */
export function maybePresent(doc: PolicyDocument): PolicyDocument {
  for (const s of doc.statements)
    s.presence = new Unknown('Fn::If on an undecided condition', testSource('if'));
  return doc;
}

/** A policy document of `kind` whose statements might not exist (behind an undecided Fn::If). */
export function maybeDoc(kind: PolicyKind, ...statements: StatementJson[]): PolicyDocument {
  return maybePresent(parse(kind, policy(...statements)));
}

/**
 * Buckets pub, whose policy lets anyone (`*`) s3:GetObject its objects, and xacct, which lets
 * account EXTERNAL_ACCOUNT do so; `document` makes each bucket's policy of its one Allow statement
 * (under a condition, maybe-present...).
 */
export function publicAndCrossAccountBuckets(
  t: TestModel,
  document: (statement: StatementJson) => PolicyDocument,
): { pub: string; xacct: string } {
  const bucket = (name: string, principal: unknown) =>
    t.b.addBucket({
      bucketName: name,
      account: ACCOUNT_A,
      region: REGION,
      policy: document(allow('s3:GetObject', `${arns.bucket(name)}/*`, { Principal: principal })),
      source: testSource(name),
      kmsKeyId: null,
    });
  return {
    pub: bucket('pub', '*'),
    xacct: bucket('xacct', { AWS: `arn:aws:iam::${EXTERNAL_ACCOUNT}:root` }),
  };
}
