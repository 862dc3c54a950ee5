// The escalation method table (src/analysis/escalation-methods.ts): the prefilter `actions` of a
// method must be exactly the requests its alternatives make, or the review would skip a principal
// that can escalate (a missing action) or never find one (an extra action).
import { describe, expect, it } from 'vitest';
import { ESCALATION_METHODS, PASS_ROLE_COMPUTE } from '../src/analysis/escalation-methods.js';

const arn = (service: string, resource: string) => `arn:aws:${service}:us-east-1:111111111111:${resource}`;

describe('escalation methods table', () => {
  it.each(ESCALATION_METHODS.map((m) => [m.detail, m] as const))(
    '%s: actions are the steps every alternative takes',
    (_, m) => {
      const t = m.targets;
      const steps =
        t.kind === 'pass-role'
          ? ['iam:PassRole', ...t.start(arn, 'probe').map((s) => s.action)]
          : t.kind === 'pass-role-any'
            ? ['iam:PassRole']
            : t.kind === 'instance-roles' ||
                t.kind === 'state-machines' ||
                t.kind === 'glue-jobs' ||
                t.kind === 'stack-roles' ||
                t.kind === 'launch-templates'
              ? // every action on the instance (EC2 user data: modify, stop, start), the state
                // machine or Glue job (update, then start), escalation.ts `edgeRequests`; every request of a
                // stack-role alternative (aws/stack-roles.ts)
                [...m.actions]
              : m.alsoOn
                ? // the requests on the target (escalation.ts `edgeRequests`: the actions but those
                  // of `alsoOn`) and on a resource of the method's own (`alsoOn`)
                  [
                    ...m.actions.filter((a) => !m.alsoOn!.some((r) => r.action === a)),
                    ...m.alsoOn.map((r) => r.action),
                  ]
                : [m.actions[0]];
      expect([...new Set(steps)].sort()).toEqual([...m.actions].sort());
      if (
        t.kind !== 'pass-role' &&
        t.kind !== 'instance-roles' &&
        t.kind !== 'state-machines' &&
        t.kind !== 'glue-jobs' &&
        t.kind !== 'stack-roles' &&
        t.kind !== 'launch-templates' &&
        !m.alsoOn
      )
        expect(m.actions).toHaveLength(1);
    },
  );

  it('names each method once, each Rhino Security Labs method by its number', () => {
    const ids = ESCALATION_METHODS.map((m) => m.detail);
    expect(new Set(ids).size).toBe(ids.length);
    for (const m of ESCALATION_METHODS)
      if (m.rhino) expect(m.detail).toBe(`Rhino Security Labs method ${m.rhino}`);
    const rhino = ESCALATION_METHODS.flatMap((m) => (m.rhino ? [m.rhino] : []));
    expect(new Set(rhino).size).toBe(rhino.length);
  });

  it('a method is reported unless one listed before it is found (`unlessFound` names earlier methods)', () => {
    ESCALATION_METHODS.forEach((m, i) => {
      for (const d of m.unlessFound ?? [])
        expect(
          ESCALATION_METHODS.findIndex((x) => x.detail === d),
          `${m.detail} unless ${d}`,
        ).toBeLessThan(i);
    });
  });

  it('methods on its own policies are split by principal kind', () => {
    const byAction = new Map(ESCALATION_METHODS.map((m) => [m.actions[0], m.appliesTo]));
    expect(byAction.get('iam:AttachUserPolicy')).toBe('user');
    expect(byAction.get('iam:PutRolePolicy')).toBe('role');
    expect(byAction.get('iam:CreateAccessKey')).toBe('any');
  });
});

describe('compute a passed role runs in (one table for the review and the escalation graph)', () => {
  it('every pass-role method starts its compute with a request of PASS_ROLE_COMPUTE', () => {
    for (const m of ESCALATION_METHODS) {
      const t = m.targets;
      if (t.kind !== 'pass-role') continue;
      const compute = PASS_ROLE_COMPUTE[t.service];
      expect(compute, m.detail).toBeDefined();
      const [first] = t.start(arn, 'probe');
      const starts = compute!.starts.map((r) => ({ action: r.action, resource: r.resource(arn, 'probe') }));
      expect(starts).toContainEqual({ action: first!.action, resource: first!.resource });
    }
  });
});

describe('credential takeover (the escalation graph reads the table)', () => {
  it('the methods tried on other users are keys, then a new, then a changed console password', () => {
    expect(
      ESCALATION_METHODS.filter((m) => m.targets.kind === 'other-users').map((m) => m.actions[0]),
    ).toEqual(['iam:CreateAccessKey', 'iam:CreateLoginProfile', 'iam:UpdateLoginProfile']);
  });
});

describe('one edge list: every edge kind of the escalation graph comes from the table', () => {
  it('each edge kind but assume has methods, and every service of PASS_ROLE_COMPUTE a method with any start', () => {
    const kinds = new Set(ESCALATION_METHODS.map((m) => m.edge));
    expect([...kinds].sort()).toEqual(
      [
        'credentials',
        'new-principal',
        'pass-role',
        'self-permissions',
        'ssm',
        'stack-role',
        'update-code',
        'update-trust',
      ].sort(),
    );
    for (const service of Object.keys(PASS_ROLE_COMPUTE))
      expect(
        ESCALATION_METHODS.some((m) => m.targets.kind === 'pass-role-any' && m.targets.service === service),
        service,
      ).toBe(true);
  });
});
