// A new user or role of one's own whose permissions the creator may choose only among policies it
// has already gains it nothing: `iam:PermissionsBoundary` forcing a read-only policy as the boundary
// (which the creator has, and cannot then remove or replace), or `iam:PolicyARN` limiting what it
// may attach to it. Before, analysis/escalation-new-principal.ts left both open
// (`noEscalation` indeterminate, a low finding); now, when the model pins the documents
// (analysis/escalation-harmless-choice.ts), it decides no escalation. A boundary or policy the
// creator lacks, a boundary it may delete, or a Deny of its own keep it open.
//
// Pages:
// - Service Authorization Reference, IAM condition keys, iam:PermissionsBoundary: "Filters access
//   by whether the specified policy is set as the permissions boundary on the IAM entity (user or
//   role)"; iam:PolicyARN: "Filters access by the ARN of an IAM policy",
//   https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsidentityandaccessmanagementiam.html
// - IAM User Guide, "Permissions boundaries for IAM entities": "A permissions boundary is an
//   advanced feature for using a managed policy to set the maximum permissions that an
//   identity-based policy can grant to an IAM entity",
//   https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html

import { describe, expect, it } from 'vitest';
import { reviewRisks } from '../src/analysis/risks.js';
import {
  ACCOUNT_A,
  allow,
  arns,
  deny,
  policy,
  type StatementJson,
  TestModel,
} from './helpers/engine-fixtures.js';
import { noEscalationCheck } from './helpers/escalation-findings.js';

const PAGE = {
  keys: 'Service Authorization Reference, IAM condition keys: iam:PermissionsBoundary "Filters access by whether the specified policy is set as the permissions boundary on the IAM entity (user or role)"; iam:PolicyARN "Filters access by the ARN of an IAM policy"',
  boundary:
    'IAM User Guide, "Permissions boundaries for IAM entities": "A permissions boundary is an advanced feature for using a managed policy to set the maximum permissions that an identity-based policy can grant to an IAM entity"',
};

/** A customer managed policy that reads S3 (no condition, no variable), attached to dev. */
const READ_ONLY = `arn:aws:iam::${ACCOUNT_A}:policy/s3-readers`;
const NEW_USERS = `arn:aws:iam::${ACCOUNT_A}:user/new-*`;

/** dev (with s3-readers attached) and `statements`: noEscalation's status and dev's new-principal findings. */
function verdicts(statements: StatementJson[]) {
  const t = new TestModel();
  t.managedPolicy('s3-readers', policy(allow(['s3:Get*', 's3:List*'], '*')));
  t.user('dev', { managed: [READ_ONLY], inline: [policy(...statements)] });
  const engine = t.engine();
  const findings = reviewRisks(engine).filter(
    (f) =>
      f.kind === 'privilege-escalation' &&
      f.subject === arns.user('dev') &&
      f.detail?.startsWith('iam:CreateUser'),
  );
  return { check: noEscalationCheck(engine, 'user/dev').status, findings };
}

const forcedBoundary = (arn: string) =>
  allow('iam:CreateUser', NEW_USERS, { Condition: { StringEquals: { 'iam:PermissionsBoundary': arn } } });

describe(`a forced or chosen policy the creator has already gives nothing (${PAGE.keys}; ${PAGE.boundary})`, () => {
  it('CreateUser only with boundary s3-readers (dev has it), then any inline policy and keys: no escalation', () => {
    const r = verdicts([
      forcedBoundary(READ_ONLY),
      allow(['iam:PutUserPolicy', 'iam:CreateAccessKey'], NEW_USERS),
    ]);
    expect(r.check).toBe('pass');
    expect(r.findings).toEqual([]);
  });

  it('near-miss: dev may also delete the new user’s boundary: open (indeterminate), never a pass', () => {
    const r = verdicts([
      forcedBoundary(READ_ONLY),
      allow(['iam:PutUserPolicy', 'iam:CreateAccessKey', 'iam:DeleteUserPermissionsBoundary'], NEW_USERS),
    ]);
    expect(r.check).not.toBe('pass');
    expect(r.findings.length).toBe(1);
  });

  it('near-miss: a boundary dev lacks (AdministratorAccess), or a Deny of its own: open', () => {
    const admin = verdicts([
      forcedBoundary('arn:aws:iam::aws:policy/AdministratorAccess'),
      allow(['iam:PutUserPolicy', 'iam:CreateAccessKey'], NEW_USERS),
    ]);
    expect(admin.check).not.toBe('pass');
    const denied = verdicts([
      forcedBoundary(READ_ONLY),
      allow(['iam:PutUserPolicy', 'iam:CreateAccessKey'], NEW_USERS),
      deny('s3:GetObject', '*'),
    ]);
    expect(denied.check).toBe('indeterminate');
    expect(denied.findings.map((f) => f.severity)).toEqual(['medium']);
  });

  it('AttachUserPolicy limited by iam:PolicyARN to s3-readers (dev has it): no escalation; to a policy it lacks: open', () => {
    const limitedTo = (arn: string) => [
      allow(['iam:CreateUser', 'iam:CreateAccessKey'], NEW_USERS),
      allow('iam:AttachUserPolicy', NEW_USERS, { Condition: { ArnEquals: { 'iam:PolicyARN': arn } } }),
    ];
    const r = verdicts(limitedTo(READ_ONLY));
    expect(r.check).toBe('pass');
    expect(r.findings).toEqual([]);
    const other = verdicts(limitedTo('arn:aws:iam::aws:policy/PowerUserAccess'));
    expect(other.check).toBe('indeterminate');
  });
});
