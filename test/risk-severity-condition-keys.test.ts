// A finding's severity does not depend on how a condition is worded: with every clause described
// in words that never name its key (engine/conditions/describe.ts `describeClause` replaced), an
// administrator whose access holds only under a TLS-only Deny, or under an Allow asking only that
// sts:ExternalId be absent, is still high (risk-severity.ts `transportOnly` reads the keys the
// engine reports each condition is about, `FreeDecision.conditionFacts` from
// `AssumedCondition.keys` / `absent`). Before, the keys were matched in the words
// (`aws:SecureTransport` in the text, `sts:ExternalId is absent (Null)`), and under other words
// these were medium, as under a real condition.
//
// Pages:
// - IAM User Guide, "AWS global condition context keys", aws:SecureTransport: "Use this key to
//   check whether the request was sent using TLS."
// - AWS STS API Reference, AssumeRole, ExternalId: "A unique identifier that might be required
//   when you assume a role in another account. If the administrator of the account to which the
//   role belongs provided you with an external ID, then provide that value in the ExternalId
//   parameter." (a parameter the caller chooses to send).

import { describe, expect, it, vi } from 'vitest';
import { buildMatrix } from '../src/analysis/matrix/build.js';
import { reviewRisks } from '../src/analysis/risks.js';
import { compileModel } from '../src/engine/index.js';
import { modelOf } from './fixtures/cfn/load.js';
import { cfnUser } from './helpers/cfn-templates.js';
import { deployExecTemplate } from './helpers/deploy-exec-template.js';

vi.mock('../src/engine/conditions/describe.js', () => ({
  describeClause: (c: { operator: string }) => `a condition of the policy (${c.operator})`,
}));

function adminSeverity(statements: readonly object[]): string | undefined {
  const engine = compileModel(
    modelOf(
      `Resources:\n${cfnUser(
        'Dev',
        'dev',
        'p',
        statements.map((s) => JSON.stringify(s)),
      )}`,
      { file: 'inline.yaml', stackName: 's' },
    ),
  );
  const risks = reviewRisks(engine, buildMatrix(engine));
  const admin = risks.find((r) => r.kind === 'admin-equivalent' && r.subject.endsWith(':user/dev'));
  expect(admin?.message).toContain('a condition of the policy');
  return admin?.severity;
}

const ALL = { Effect: 'Allow', Action: '*', Resource: '*' };

describe('admin-equivalent severity whatever the wording of conditions', () => {
  it('a TLS-only Deny: high (was medium under other words)', () => {
    const deny = {
      Effect: 'Deny',
      Action: '*',
      Resource: '*',
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    };
    expect(adminSeverity([ALL, deny])).toBe('high');
  });

  it('an Allow asking only that sts:ExternalId be absent: high (was medium under other words)', () => {
    expect(adminSeverity([{ ...ALL, Condition: { Null: { 'sts:ExternalId': 'true' } } }])).toBe('high');
  });

  it('near miss: sts:ExternalId equal to a value the caller must know: a real limit (medium)', () => {
    expect(adminSeverity([{ ...ALL, Condition: { StringEquals: { 'sts:ExternalId': 'x' } } }])).toBe(
      'medium',
    );
  });

  it('near miss: an Allow on TLS and aws:SourceIp: a real limit (medium)', () => {
    const allow = {
      ...ALL,
      Condition: { Bool: { 'aws:SecureTransport': 'true' }, IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
    };
    expect(adminSeverity([allow])).toBe('medium');
  });
});

/** A role `deploy` that account 999988887777 may assume under `condition`, which may pass the administrator role `exec` to CloudFormation. */
function outsideSeverity(condition: object): string | undefined {
  const template = deployExecTemplate({
    Effect: 'Allow',
    Principal: { AWS: '999988887777' },
    Action: 'sts:AssumeRole',
    Condition: condition,
  });
  const engine = compileModel(modelOf(JSON.stringify(template), { file: 'deploy.json' }));
  const f = reviewRisks(engine).find((r) => r.kind === 'outside-escalation');
  expect(f?.message).toContain('a condition of the policy');
  return f?.severity;
}

describe('outside-escalation severity whatever the wording of the entry hop’s condition', () => {
  it('a trust asking only that sts:ExternalId be absent: high (was medium under other words)', () => {
    expect(outsideSeverity({ Null: { 'sts:ExternalId': 'true' } })).toBe('high');
  });

  it('near miss: a trust asking for an external id the caller must know: medium', () => {
    expect(outsideSeverity({ StringEquals: { 'sts:ExternalId': 'x' } })).toBe('medium');
  });
});
