// The IAM condition keys an escalation method sets are decided with their value, not left free:
// iam:PassedToService (the service a pass-role method passes the role to: escalation-methods.ts
// `passRoleContext`, used by the escalation graph and the review) and iam:PolicyARN (attaching
// AdministratorAccess to oneself, else a policy whose grant is not computed: `rewriteSteps`).
// Before: both keys were free, so a PassRole limited to another service was a conditional
// escalation (review [low], `noEscalation` failed), an attach limited to AdministratorAccess was
// [low] too, and an attach limited to ReadOnlyAccess made `noEscalation` fail.
//
// Pages: Service Authorization Reference, IAM condition keys: iam:PassedToService "Filters access
// by the AWS service to which this role is passed"; iam:PolicyARN "Filters access by the ARN of an
// IAM policy". IAM User Guide, "Grant a user permissions to pass a role to an AWS service": "To
// pass a role (and its permissions) to an AWS service, a user must have permissions to pass the
// role to the service".

import { describe, expect, it } from 'vitest';
import { reviewRisks } from '../src/analysis/risks.js';
import { parseSpec } from '../src/spec/parse.js';
import { runSpec } from '../src/spec/run.js';
import { allow, arns, policy, type StatementJson, TestModel } from './helpers/engine-fixtures.js';

function verdicts(statements: StatementJson[]) {
  const t = new TestModel();
  t.user('dev', { inline: [policy(...statements)] });
  t.role('admin', {
    trust: policy(allow('sts:AssumeRole', undefined, { Principal: { Service: 'lambda.amazonaws.com' } })),
    managed: ['arn:aws:iam::aws:policy/AdministratorAccess'],
  });
  const engine = t.engine();
  const spec = parseSpec('version: 1\nexpect:\n  - { id: dev, principal: user/dev, noEscalation: true }\n');
  const check = runSpec(engine.model, spec, { engine }).expectations[0]!;
  const findings = reviewRisks(engine).filter(
    (f) => f.kind === 'privilege-escalation' && f.subject === arns.user('dev'),
  );
  return { check: check.status, findings };
}

const passTo = (service: string) =>
  allow('iam:PassRole', arns.role('admin'), {
    Condition: { StringEquals: { 'iam:PassedToService': service } },
  });
const lambda = allow(['lambda:CreateFunction', 'lambda:InvokeFunction'], '*');

describe('iam:PassedToService is the service the method passes the role to', () => {
  it('PassRole limited to EC2 does not pass a Lambda-only role to Lambda: no escalation', () => {
    const r = verdicts([passTo('ec2.amazonaws.com'), lambda]);
    expect(r.check).toBe('pass');
    expect(r.findings).toEqual([]);
  });
  it('PassRole limited to Lambda does: full grants (medium; the administrator role, high), and noEscalation fails', () => {
    const r = verdicts([passTo('lambda.amazonaws.com'), lambda]);
    expect(r.check).toBe('fail');
    expect(r.findings.map((f) => [f.detail, f.severity])).toEqual([
      ['Rhino Security Labs method 15', 'medium'],
      ['administrator access, through a chain', 'high'],
    ]);
  });
});

describe('iam:PolicyARN is the policy the method attaches', () => {
  const attach = (policyArn: string) =>
    allow('iam:AttachUserPolicy', arns.user('dev'), {
      Condition: { ArnEquals: { 'iam:PolicyARN': policyArn } },
    });
  it('attaching AdministratorAccess to itself: high, and noEscalation fails', () => {
    const r = verdicts([attach('arn:aws:iam::aws:policy/AdministratorAccess')]);
    expect(r.check).toBe('fail');
    expect(r.findings.map((f) => [f.detail, f.severity])).toEqual([['Rhino Security Labs method 7', 'high']]);
  });
  it('attaching only ReadOnlyAccess: what it gives is not computed (indeterminate, medium: risk-severity.ts indeterminateSeverity), not a failure', () => {
    const r = verdicts([attach('arn:aws:iam::aws:policy/ReadOnlyAccess')]);
    expect(r.check).toBe('indeterminate');
    expect(r.findings.map((f) => [f.detail, f.severity])).toEqual([
      ['Rhino Security Labs method 7', 'medium'],
    ]);
  });
});
