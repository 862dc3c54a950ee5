// The analyses under the presence model (issue 9, item 10): every shortcut that concludes allow
// or deny without the engine respects what might not exist. For each analysis (exhaustive `only`
// and `onlyPrincipals`, matrix, who-can, role chains, risks, the worker-thread model transfer) a
// maybe-present Allow and a maybe-present Deny give indeterminate, never a pass or a silent deny.
//
// AWS rules behind it (what a policy that might exist could do):
// - "An explicit deny in any of these policies overrides the allow." (IAM User Guide, "Policy
//   evaluation logic", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html)
// - "A permissions boundary ... sets the maximum permissions that an identity-based policy can
//   grant" (IAM User Guide, "Permissions boundaries for IAM entities",
//   https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html): one that
//   might not exist may or may not cap.
// - "SCPs ... define the maximum available permissions" (AWS Organizations User Guide, "Service
//   control policies (SCPs)", https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html):
//   one that might not exist may or may not limit.

import { describe, expect, it } from 'vitest';
import { assumableRoles } from '../src/analysis/chains.js';
import { checkOnly, checkOnlyPrincipals } from '../src/analysis/exhaustive.js';
import { buildMatrix } from '../src/analysis/matrix/build.js';
import { buildMatrixParallel } from '../src/analysis/matrix/workers.js';
import { packModel, unpackModel } from '../src/analysis/model-transfer.js';
import { reviewRisks } from '../src/analysis/risks.js';
import { whoCan } from '../src/analysis/who-can.js';
import { compileModel } from '../src/engine/index.js';
import type { Model } from '../src/model/types.js';
import { isUnknown, Unknown } from '../src/model/unknown.js';
import {
  ACCOUNT_A,
  allow,
  arns,
  deny,
  parse,
  policy,
  TestModel,
  testSource,
} from './helpers/engine-fixtures.js';

const maybe = (why: string) => new Unknown(why, testSource(why));
const HR_OBJECT = arns.object('hr', 'f.txt');

/** ann: a certain Allow of s3:GetObject on hr/*, and (kind) a maybe-present Allow or Deny. */
function annModel(kind: 'allow' | 'deny'): { t: TestModel; ann: string } {
  const t = new TestModel();
  const ann = t.user(
    'ann',
    kind === 'deny' ? { inline: [policy(allow('s3:GetObject', 'arn:aws:s3:::hr/*'))] } : {},
  );
  const doc = parse(
    'identity',
    policy(kind === 'allow' ? allow('s3:GetObject', 'arn:aws:s3:::hr/*') : deny('s3:*', '*')),
  );
  doc.statements[0]!.presence = maybe(`Fn::If on an undecided condition (${kind})`);
  t.b.addInlinePolicy(ann, { name: `maybe-${kind}`, document: doc, source: testSource(kind) });
  t.bucket('hr');
  return { t, ann };
}

/** A user allowed s3:* whose permissions boundary (allowing only s3:ListBucket) might not exist. */
function maybeBoundary(): { t: TestModel; dev: string } {
  const t = new TestModel();
  const dev = t.user('dev', { inline: [policy(allow('s3:*', '*'))] });
  const cap = t.managedPolicy('cap', policy(allow('s3:ListBucket', '*')), ACCOUNT_A, 'boundary');
  t.b.setPermissionsBoundary(dev, {
    policyArn: cap,
    source: testSource('cap'),
    presence: maybe('boundary behind count'),
  });
  t.bucket('hr');
  return { t, dev };
}

describe('checkOnly (exhaustive only)', () => {
  it('a maybe-present Allow beyond the list: the check does not hold, the witness is indeterminate', () => {
    const { t, ann } = annModel('allow');
    const r = checkOnly(t.engine(), ann, []);
    expect(r.holds).toBe(false);
    expect(r.violations.map((v) => [v.action, v.access])).toContainEqual(['s3:GetObject', 'indeterminate']);
  });

  it('a maybe-present Deny does not make a certain Allow disappear: indeterminate, not a pass', () => {
    const { t, ann } = annModel('deny');
    const r = checkOnly(t.engine(), ann, []);
    expect(r.holds).toBe(false);
    expect(r.violations.map((v) => v.access)).toEqual(['indeterminate']);
  });

  it('a permissions boundary that might not exist does not cap the candidate actions', () => {
    const { t, dev } = maybeBoundary();
    const r = checkOnly(t.engine(), dev, [{ action: 's3:ListBucket', resource: '*' }]);
    expect(r.holds).toBe(false);
    expect(r.violations.length).toBeGreaterThan(0);
    expect(r.violations.every((v) => v.action.startsWith('s3:') && v.access === 'indeterminate')).toBe(true);
    // With the boundary certain, the check holds.
    const t2 = new TestModel();
    const dev2 = t2.user('dev', { inline: [policy(allow('s3:*', '*'))] });
    const cap2 = t2.managedPolicy('cap', policy(allow('s3:ListBucket', '*')), ACCOUNT_A, 'boundary');
    t2.b.setPermissionsBoundary(dev2, { policyArn: cap2, source: testSource('cap') });
    t2.bucket('hr');
    expect(checkOnly(t2.engine(), dev2, [{ action: 's3:ListBucket', resource: '*' }]).holds).toBe(true);
  });

  it('an SCP that might not exist does not remove candidate actions', () => {
    const t = new TestModel();
    const dev = t.user('dev', { inline: [policy(allow('s3:GetObject', '*'))] });
    const scp = parse('scp', policy(allow('ec2:*', '*')));
    scp.presence = maybe('SCP behind a condition');
    t.b.addScp(ACCOUNT_A, scp);
    const r = checkOnly(t.engine(), dev, []);
    expect(r.holds).toBe(false);
    expect(r.violations.map((v) => [v.action, v.access])).toContainEqual(['s3:GetObject', 'indeterminate']);
  });
});

describe('checkOnlyPrincipals (exhaustive onlyPrincipals)', () => {
  it('a maybe-present Allow: the principal is a violation, indeterminate', () => {
    const { t, ann } = annModel('allow');
    const r = checkOnlyPrincipals(t.engine(), 's3:GetObject', 'arn:aws:s3:::hr/*', []);
    expect(r.holds).toBe(false);
    expect(r.violations.map((v) => [v.principal, v.access])).toContainEqual([ann, 'indeterminate']);
  });

  it('a maybe-present Deny in the bucket policy: everyone it might deny is indeterminate, not a pass', () => {
    const t = new TestModel();
    const pol = parse(
      'resource',
      policy(
        allow('s3:GetObject', 'arn:aws:s3:::pub/*', { Principal: '*' }),
        deny('s3:GetObject', 'arn:aws:s3:::pub/*', { Principal: '*' }),
      ),
    );
    pol.statements[1]!.presence = maybe('Deny behind a condition');
    t.b.addBucket({ bucketName: 'pub', account: ACCOUNT_A, source: testSource('pub'), policy: pol });
    const r = checkOnlyPrincipals(t.engine(), 's3:GetObject', 'arn:aws:s3:::pub/*', []);
    expect(r.holds).toBe(false);
    expect(r.violations.map((v) => [v.principal, v.access])).toContainEqual(['anonymous', 'indeterminate']);
  });
});

/** The access of principal `p`'s cell on resource `arn` at level `level` of a matrix. */
function cell(m: ReturnType<typeof buildMatrix>, p: string, arn: string, level: string) {
  const pi = m.principals.findIndex((x) => x.arn === p);
  const ri = m.resources.findIndex((r) => r.arn === arn);
  const li = m.levels.indexOf(level as never);
  return m.cells.at(pi, ri)[li]!.access;
}

describe('buildMatrix', () => {
  it('a maybe-present Allow: the cell is indeterminate', () => {
    const { t, ann } = annModel('allow');
    expect(cell(buildMatrix(t.engine()), ann, arns.bucket('hr'), 'Read')).toBe('indeterminate');
  });

  it('a maybe-present Deny (no condition, Resource *) is not a sure deny: the cell is indeterminate', () => {
    const { t, ann } = annModel('deny');
    expect(cell(buildMatrix(t.engine()), ann, arns.bucket('hr'), 'Read')).toBe('indeterminate');
  });

  it('a boundary that might not exist: actions it does not allow are indeterminate, not left out', () => {
    const { t, dev } = maybeBoundary();
    const m = buildMatrix(t.engine());
    expect(cell(m, dev, arns.bucket('hr'), 'Read')).toBe('indeterminate');
    expect(cell(m, dev, arns.bucket('hr'), 'List')).toBe('allow');
  });

  it('a principal that might not exist is a row, its cells indeterminate (never allow, never left out)', () => {
    const t = new TestModel();
    const debug = t.user('debug', { presence: maybe('count'), inline: [policy(allow('s3:*', '*'))] });
    t.bucket('hr');
    const m = buildMatrix(t.engine());
    expect(m.principals.map((p) => p.arn)).toContain(debug);
    expect(cell(m, debug, arns.bucket('hr'), 'Read')).toBe('indeterminate');
  });
});

describe('whoCan', () => {
  it('a maybe-present Allow and a maybe-present Deny: the user is listed, indeterminate', () => {
    for (const kind of ['allow', 'deny'] as const) {
      const { t, ann } = annModel(kind);
      const r = whoCan(t.engine(), 's3:GetObject', HR_OBJECT);
      expect(r.entries.filter((e) => e.principal === ann).map((e) => e.access)).toEqual(['indeterminate']);
    }
  });

  it('a stand-in for a user outside the inputs is listed indeterminate, and maybe memberships are named', () => {
    const t = new TestModel();
    const g = t.b.addGroup({ name: 'HR', account: ACCOUNT_A, source: testSource('HR') });
    t.b.addInlinePolicy(g, {
      name: 'hr',
      document: parse('identity', policy(allow('s3:GetObject', 'arn:aws:s3:::hr/*'))),
      source: testSource('hr'),
    });
    const ann = t.user('ann');
    t.b.addUserToGroup(ann, g, testSource('m'), maybe('membership behind count'));
    t.b.attachToUnknownPrincipal({
      kind: 'user',
      account: ACCOUNT_A,
      policy: {
        inline: {
          name: 'P',
          document: parse('identity', policy(allow('s3:GetObject', 'arn:aws:s3:::hr/*'))),
          source: testSource('P'),
        },
      },
      reason: maybe('Users: [!Ref UserParam]'),
      hint: 'P',
      source: testSource('P'),
    });
    const r = whoCan(t.engine(), 's3:GetObject', HR_OBJECT);
    const annEntry = r.entries.find((e) => e.principal === ann)!;
    expect(annEntry.access).toBe('indeterminate');
    expect(annEntry.groups).toEqual(['HR (if the membership exists)']);
    expect(r.entries.some((e) => e.principal.includes('(unknown-') && e.access === 'indeterminate')).toBe(
      true,
    );
  });
});

describe('assumableRoles (role chains)', () => {
  function chainModel(kind: 'allow' | 'deny') {
    const t = new TestModel();
    const target = t.role('Target', {
      trust: policy(allow('sts:AssumeRole', undefined, { Principal: { AWS: arns.root() } })),
    });
    const doc = parse(
      'identity',
      kind === 'allow'
        ? policy(allow('sts:AssumeRole', '*'))
        : policy(allow('sts:AssumeRole', '*'), deny('sts:AssumeRole', '*')),
    );
    doc.statements[kind === 'allow' ? 0 : 1]!.presence = maybe(`maybe ${kind}`);
    const u = t.user('u');
    t.b.addInlinePolicy(u, { name: 'p', document: doc, source: testSource('p') });
    return { e: t.engine(), u, target };
  }

  it('a maybe-present Allow or Deny of sts:AssumeRole: the hop is indeterminate', () => {
    for (const kind of ['allow', 'deny'] as const) {
      const { e, u, target } = chainModel(kind);
      const reach = assumableRoles(e, u);
      expect(reach.map((r) => [r.role, r.path[0]!.access])).toEqual([[target, 'indeterminate']]);
    }
  });
});

describe('reviewRisks', () => {
  it('a principal that might not exist with AdministratorAccess is reported as maybe administrator-equivalent', () => {
    const t = new TestModel();
    const admin = t.user('breakglass', {
      presence: maybe('count = var.breakglass ? 1 : 0'),
      inline: [policy(allow('*', '*'))],
    });
    const findings = reviewRisks(t.engine());
    const f = findings.find((x) => x.kind === 'admin-equivalent' && x.subject === admin)!;
    expect(f.severity).toBe('medium');
    expect(f.message).toMatch(/might be administrator-equivalent.*might not exist: count = var.breakglass/);
  });

  it('a maybe-present Deny on an administrator: maybe administrator-equivalent, not silently either way', () => {
    const { t, ann } = annModel('deny');
    t.b.addInlinePolicy(ann, {
      name: 'all',
      document: parse('identity', policy(allow('*', '*'))),
      source: testSource('all'),
    });
    const f = reviewRisks(t.engine()).find((x) => x.kind === 'admin-equivalent' && x.subject === ann)!;
    expect(f.message).toMatch(/might be administrator-equivalent/);
  });
});

describe('model transfer to worker threads', () => {
  function presenceModel(): Model {
    const { t, ann } = annModel('allow');
    const g = t.b.addGroup({ name: 'HR', account: ACCOUNT_A, source: testSource('HR') });
    t.b.addUserToGroup(ann, g, testSource('m'), maybe('maybe member'));
    t.b.addImportedPrincipal({
      kind: 'role',
      arn: arns.role('Legacy'),
      reason: 'imported',
      source: testSource('Legacy'),
    });
    for (let i = 0; i < 6; i++)
      t.user(`u${i}`, { inline: [policy(allow('s3:GetObject', 'arn:aws:s3:::hr/*'))] });
    return t.model();
  }

  it('keeps presence, maybe memberships and imported markers as Unknown instances', () => {
    const model = presenceModel();
    const back = unpackModel(packModel(model));
    const ann = back.users.find((u) => u.name === 'ann')!;
    expect(
      isUnknown(ann.inlinePolicies.find((p) => p.name === 'maybe-allow')!.document.statements[0]!.presence),
    ).toBe(true);
    expect(isUnknown(ann.maybeGroups[0]!.presence)).toBe(true);
    expect(isUnknown(back.roles.find((r) => r.name === 'Legacy')!.imported)).toBe(true);
  });

  it('the matrix built in worker threads equals the one built here, indeterminate cells included', async () => {
    const model = presenceModel();
    const now = new Date('2025-04-14T09:00:00Z');
    const here = buildMatrix(compileModel(model, { now }));
    const there = await buildMatrixParallel(model, { workers: 2, engine: { now } });
    expect(there).toEqual(here);
    expect(JSON.stringify(there.cells)).toContain('indeterminate');
  });
});
