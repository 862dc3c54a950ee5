// The synthetic organisation generator of the scale benchmarks (bench/generate-org.ts): sizes,
// determinism, and that its documents are valid policies the engine can decide on.

import { describe, expect, it } from 'vitest';
import { DEFAULT_ORG_SIZE, generateOrg, ORG_ACCOUNT } from '../bench/generate-org.js';
import { compileModel } from '../src/engine/index.js';

describe('generateOrg', () => {
  const size = { principals: 200, resources: 80, policies: 400, seed: 7 };

  it('produces the requested numbers of principals, resources and identity policies', () => {
    const { model, stats } = generateOrg(size);
    expect(model.users.length + model.roles.length).toBe(200);
    expect(model.resources.length).toBe(80);
    const inline = [...model.users, ...model.roles, ...model.groups].reduce(
      (n, p) => n + p.inlinePolicies.length,
      0,
    );
    expect(model.policies.length + inline).toBe(400);
    expect(stats.managedPolicies + stats.boundaryPolicies + stats.inlinePolicies).toBe(400);
    expect(stats.trustPolicies).toBe(model.roles.length);
    expect(model.roles.every((r) => r.trustPolicy !== undefined)).toBe(true);
    expect(model.groups.length).toBe(4);
    expect(model.users.every((u) => u.groups.length >= 1)).toBe(true);
    expect(model.resources.filter((r) => r.policy).length).toBe(stats.resourcePolicies);
  });

  it('uses the shapes the benchmarks need: boundaries, denies, conditions, wildcards, broad AWS policies', () => {
    const { model } = generateOrg({ principals: 1000, resources: 300, policies: 2000, seed: 3 });
    const statements = [
      ...model.policies.flatMap((p) => p.document.statements),
      ...[...model.users, ...model.roles, ...model.groups].flatMap((p) =>
        p.inlinePolicies.flatMap((i) => i.document.statements),
      ),
    ];
    expect(statements.some((s) => s.effect === 'Deny')).toBe(true);
    expect(statements.some((s) => s.conditions.length > 0)).toBe(true);
    expect(
      statements.some((s) => s.action?.values.some((a) => typeof a === 'string' && a.endsWith('*'))),
    ).toBe(true);
    const attachments = [...model.users, ...model.roles, ...model.groups].flatMap((p) =>
      p.managedPolicies.map((a) => a.policyArn),
    );
    expect(attachments).toContain('arn:aws:iam::aws:policy/AdministratorAccess');
    expect(attachments).toContain('arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess');
    expect([...model.users, ...model.roles].some((p) => p.permissionsBoundary !== undefined)).toBe(true);
    const kinds = new Set(model.resources.map((r) => r.kind));
    for (const k of [
      's3-bucket',
      'sqs-queue',
      'sns-topic',
      'kms-key',
      'lambda-function',
      'secretsmanager-secret',
    ])
      expect(kinds).toContain(k);
    // Cross-account principals in trust or resource policies.
    const named = JSON.stringify([
      model.roles.map((r) => r.trustPolicy),
      model.resources.map((r) => r.policy),
    ]);
    expect(named).toMatch(/arn:aws:iam::(999988887777|123456789012|210987654321):root/);
    // Generated documents are valid: no parse or validation findings.
    expect(model.findings).toEqual([]);
  });

  it('is deterministic for a seed and varies with it', () => {
    const a = JSON.stringify(generateOrg(size).model);
    const b = JSON.stringify(generateOrg(size).model);
    const c = JSON.stringify(generateOrg({ ...size, seed: 8 }).model);
    expect(a).toBe(b);
    expect(c).not.toBe(a);
  });

  it('builds a model the engine decides on', () => {
    const { model } = generateOrg(size);
    const engine = compileModel(model);
    // Members of the admins group (AdministratorAccess) without a boundary are allowed everything
    // in their account unless an explicit Deny applies (no SCPs in generated organisations).
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
    const admins = model.users.filter(
      (u) => u.groups.includes(model.groups[0]!.id) && !u.permissionsBoundary,
    );
    expect(admins.length).toBeGreaterThan(0);
    const buckets = model.resources.filter(
      (r) => r.kind === 's3-bucket' && r.account === ORG_ACCOUNT && !r.policy,
    );
    const reasons = new Set<string>();
    for (const admin of admins)
      for (const bucket of buckets) {
        const d = engine.decide({
          principal: admin.arn,
          action: 's3:GetObject',
          resource: `${bucket.arn}/k`,
        });
        reasons.add(d.reason);
      }
    expect(reasons.has('allowed')).toBe(true);
    expect([...reasons].filter((r) => r !== 'allowed' && r !== 'explicit-deny')).toEqual([]);
  });

  it('defaults to the benchmark size', () => {
    expect(DEFAULT_ORG_SIZE).toEqual({ principals: 5000, resources: 2000, policies: 10000 });
  });
});
