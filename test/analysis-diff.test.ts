// The effective-access diff (src/analysis/diff): each kind of change of issue 16 shows as the
// right entries (a statement added, a boundary removed, a bucket policy opened to `*`, a trust
// widened, a group membership added, a role chain that appears, a federated principal, access
// that becomes conditional or indeterminate, access removed by an explicit Deny); a re-synthesized
// app (other logical ids, statements in another order) shows none; the incremental evaluation
// gives what evaluating everything gives; an access snapshot as the base gives the same entries.
//
// AWS rules the expected entries follow (IAM User Guide):
// - "A permissions boundary ... sets the maximum permissions that an identity-based policy can
//   grant to an IAM entity" (Permissions boundaries for IAM entities): removing it lets the
//   identity policy's grant through.
//   https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html
// - "An explicit deny in any of these policies overrides the allow" (Policy evaluation logic).
//   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
// - "You can use the Principal element in a role trust policy ... to specify ... AWS accounts"
//   (IAM JSON policy elements: Principal): naming an account lets principals of that account
//   assume the role when their own policies allow it.
//   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
// - "Role chaining is when you use a role to assume a second role" (Roles terms and concepts).
//   https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles.html

import { describe, expect, it, vi } from 'vitest';
import { diffModels, diffSnapshot } from '../src/analysis/diff/access-diff.js';
import type { AccessChange, AccessDiff } from '../src/analysis/diff/types.js';
import { buildMatrix } from '../src/analysis/matrix/build.js';
import { reviewRisks } from '../src/analysis/risks.js';
import { Engine } from '../src/engine/engine.js';
import { compileModel } from '../src/engine/index.js';
import { Unknown } from '../src/model/unknown.js';
import { formatMatrixJson } from '../src/report/matrix-json.js';
import { ACCOUNT, diffModel, EXTERNAL, type Mutations } from './helpers/diff-fixtures.js';
import { allow, parse, policy, TestModel, testSource } from './helpers/engine-fixtures.js';

const alice = `arn:aws:iam::${ACCOUNT}:user/alice`;
const bob = `arn:aws:iam::${ACCOUNT}:user/bob`;
const deployer = `arn:aws:iam::${ACCOUNT}:role/Deployer`;
const ops = `arn:aws:iam::${ACCOUNT}:role/Ops`;
const logs = 'arn:aws:s3:::acme-logsbucket-(unknown-generated-ddb8af)';
const data = 'arn:aws:s3:::acme-data';

const base = diffModel();
const diffs = new Map<string, AccessDiff>();
async function diffOf(m: Mutations, reverse = false): Promise<AccessDiff> {
  const key = JSON.stringify([m, reverse]);
  let d = diffs.get(key);
  if (!d) {
    d = reverse ? await diffModels(diffModel(m), base) : await diffModels(base, diffModel(m));
    diffs.set(key, d);
  }
  return d;
}

const brief = (c: AccessChange) =>
  `${c.principal} ${c.action} ${c.resource} ${c.before}->${c.after}${c.via ? ` via ${c.via.join(',')}` : ''}`;

describe('access added', () => {
  it('a statement added: the principals it reaches gain that action, with the statement and its source', async () => {
    const d = await diffOf({ statementAdded: true });
    expect(d.added.map(brief)).toEqual([`${alice} s3:PutObject ${logs}/* deny->allow`]);
    expect(d.removed).toEqual([]);
    expect(d.changed).toEqual([]);
    expect(d.added[0]!.grants).toEqual([
      expect.objectContaining({
        state: 'after',
        stage: 'identity',
        effect: 'Allow',
        statement: 'Sid "WriteLogs"',
        source: expect.objectContaining({ logicalId: 'DevsPolicy', file: 'acme.template.json' }),
      }),
    ]);
  });

  it('a boundary removed: what the identity policy grants beyond the boundary is added', async () => {
    const d = await diffOf({ boundaryRemoved: true });
    expect(d.added.map(brief)).toEqual([`${bob} s3:GetObject ${data}/* deny->allow`]);
    expect(d.added[0]!.grants.map((g) => g.policy)).toEqual(['inline policy DataAll of user bob']);
  });

  it('a bucket policy opened to *: anonymous callers, any other account, services and every principal gain the action; a public-access risk appears', async () => {
    const d = await diffOf({ bucketPublic: true });
    const who = d.added.filter((c) => c.action === 's3:GetObject' && c.resource === `${data}/*`);
    expect(who.map((c) => c.principal)).toEqual(
      expect.arrayContaining(['anonymous', alice, deployer, 'ec2.amazonaws.com']),
    );
    // Any other account (the stand-in the analyses invent for "*").
    expect(who.some((c) => c.principal.endsWith(':root') && !c.principal.includes(ACCOUNT))).toBe(true);
    expect(who.every((c) => c.after === 'allow' && c.grants.some((g) => g.stage === 'resource'))).toBe(true);
    expect(d.removed).toEqual([]);
    expect(d.risks.added.map((f) => `${f.kind} ${f.subject}`)).toEqual([`public-access ${data}`]);
    expect(d.risks.removed).toEqual([]);
  });

  it('a trust widened to another account: that account (its root, any user, any role) may now assume the role; a cross-account risk appears', async () => {
    const d = await diffOf({ trustWidened: true });
    expect(d.added.map(brief)).toEqual([
      `arn:aws:iam::${EXTERNAL}:role/(any-role) sts:AssumeRole ${deployer} deny->allow`,
      `arn:aws:iam::${EXTERNAL}:user/(any-user) sts:AssumeRole ${deployer} deny->allow`,
    ]);
    expect(d.added[0]!.grants[0]).toMatchObject({ stage: 'trust', state: 'after' });
    expect(d.risks.added).toEqual([
      expect.objectContaining({
        kind: 'cross-account-access',
        subject: deployer,
        detail: `account ${EXTERNAL}`,
      }),
    ]);
  });

  it('a group membership added: the member gains what the group grants, as far as its boundary allows', async () => {
    const d = await diffOf({ bobJoinsDevs: true });
    // Devs grants s3:ListBucket and s3:GetObject on the logs; bob's boundary allows only ListBucket.
    expect(d.added.map(brief)).toEqual([`${bob} s3:ListBucket ${logs} deny->allow`]);
    expect(d.added[0]!.grants.map((g) => g.stage).sort()).toEqual(['boundary', 'identity']);
  });

  it('a role chain that appears: the principal reaches the second role through the first', async () => {
    const d = await diffOf({ opsTrustsDeployer: true });
    expect(d.added.map(brief)).toEqual(
      [
        `${deployer} sts:AssumeRole ${ops} deny->allow`,
        `${alice} sts:AssumeRole ${ops} deny->allow via ${deployer}`,
      ].sort(),
    );
    const chain = d.added.find((c) => c.via)!;
    expect(chain.grants.map((g) => g.stage)).toEqual(['identity', 'trust', 'trust']);
  });

  it('a federated principal that a trust policy now names, with the condition it needs', async () => {
    const d = await diffOf({ githubOidc: true });
    const oidc = `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`;
    expect(d.added.map(brief)).toEqual([
      `${oidc} sts:AssumeRoleWithWebIdentity arn:aws:iam::${ACCOUNT}:role/Ci deny->conditional`,
    ]);
    expect(d.added[0]!.conditions?.[0]).toMatch(/token\.actions\.githubusercontent\.com:aud/);
    expect(d.removed.map(brief)).toEqual([
      `codebuild.amazonaws.com sts:AssumeRole arn:aws:iam::${ACCOUNT}:role/Ci allow->deny`,
    ]);
  });
});

describe('access removed and changed', () => {
  it('the reverse of a change removes what it added, with the statements of the base', async () => {
    const d = await diffOf({ statementAdded: true }, true);
    expect(d.added).toEqual([]);
    expect(d.removed.map(brief)).toEqual([`${alice} s3:PutObject ${logs}/* allow->deny`]);
    expect(d.removed[0]!.grants).toEqual([
      expect.objectContaining({ state: 'before', statement: 'Sid "WriteLogs"' }),
    ]);
    const risks = await diffOf({ bucketPublic: true }, true);
    expect(risks.risks.removed.map((f) => f.kind)).toEqual(['public-access']);
  });

  it('access removed by an explicit Deny names the Deny of the new state', async () => {
    const d = await diffOf({ deployerDenied: true });
    expect(d.removed.map(brief)).toEqual([`${deployer} s3:PutObject ${data}/* allow->deny`]);
    expect(d.removed[0]!.grants).toEqual([
      expect.objectContaining({ state: 'before', effect: 'Allow' }),
      expect.objectContaining({ state: 'after', effect: 'Deny', statement: 'Sid "Freeze"' }),
    ]);
  });

  it('allow → conditional, and conditional under other conditions, are changes', async () => {
    const narrowed = await diffOf({ deployerFromNetwork: '10.0.0.0/8' });
    expect(narrowed.changed.map(brief)).toEqual([`${deployer} s3:PutObject ${data}/* allow->conditional`]);
    expect(narrowed.changed[0]!.conditions?.[0]).toMatch(/aws:SourceIp.*10\.0\.0\.0\/8/);
    const widened = await diffModels(
      diffModel({ deployerFromNetwork: '10.0.0.0/8' }),
      diffModel({ deployerFromNetwork: '0.0.0.0/0' }),
    );
    expect(widened.changed.map(brief)).toEqual([
      `${deployer} s3:PutObject ${data}/* conditional->conditional`,
    ]);
    const same = await diffModels(
      diffModel({ deployerFromNetwork: '10.0.0.0/8' }),
      diffModel({ deployerFromNetwork: '10.0.0.0/8', resynthesized: true }),
    );
    expect([...same.added, ...same.removed, ...same.changed]).toEqual([]);
  });

  it('a policy that might exist makes the access it would grant indeterminate (presence model)', async () => {
    const build = (maybe: boolean) => {
      const t = new TestModel();
      const u = t.user('ann');
      t.bucket('hr');
      if (maybe)
        t.b.addInlinePolicy(u, {
          name: 'maybe',
          document: parse('identity', policy(allow('s3:GetObject', 'arn:aws:s3:::hr/*'))),
          source: testSource('maybe'),
          presence: new Unknown('count = var.enabled ? 1 : 0 (var.enabled is unknown)', testSource('count')),
        });
      return t.model();
    };
    const d = await diffModels(build(false), build(true));
    expect(d.added.map((c) => `${c.action} ${c.resource} ${c.after}`)).toEqual([
      's3:GetObject arn:aws:s3:::hr/* indeterminate',
    ]);
  });
});

describe('what is not an access change', () => {
  it('a re-synthesized app (other logical ids, statements reordered) shows no change', async () => {
    const d = await diffOf({ resynthesized: true });
    expect(d.added).toEqual([]);
    expect(d.removed).toEqual([]);
    expect(d.changed).toEqual([]);
    expect(d.risks).toEqual({ added: [], removed: [] });
    expect(d.renamed).toEqual([
      {
        kind: 'role',
        before: `arn:aws:iam::${ACCOUNT}:role/Acme-ReaderRole-(unknown-generated-74b817)`,
        after: `arn:aws:iam::${ACCOUNT}:role/Acme-ReaderRoleR3nam3d-(unknown-generated-368562)`,
      },
      {
        kind: 'resource',
        before: logs,
        after: 'arn:aws:s3:::acme-logsbucketr3nam3d-(unknown-generated-7b0004)',
      },
    ]);
  });

  it('a re-synthesized app with a real change shows only that change, under the new names', async () => {
    const d = await diffOf({ resynthesized: true, statementAdded: true });
    expect(d.added.map(brief)).toEqual([
      `${alice} s3:PutObject arn:aws:s3:::acme-logsbucketr3nam3d-(unknown-generated-7b0004)/* deny->allow`,
    ]);
  });

  it('the same model shows nothing', async () => {
    const d = await diffModels(base, diffModel());
    expect([...d.added, ...d.removed, ...d.changed, ...d.risks.added, ...d.risks.removed]).toEqual([]);
  });
});

describe('incremental evaluation', () => {
  const cases: Mutations[] = [
    { statementAdded: true },
    { boundaryRemoved: true },
    { bucketPublic: true },
    { trustWidened: true },
    { bobJoinsDevs: true },
    { opsTrustsDeployer: true },
    { githubOidc: true },
    { deployerDenied: true },
    { resynthesized: true, bucketPublic: true, trustWidened: true },
  ];
  it.each(cases)('gives what evaluating every row and column gives: %j', async (m) => {
    const fast = await diffOf(m);
    const full = await diffModels(base, diffModel(m), { full: true });
    expect(fast.added).toEqual(full.added);
    expect(fast.removed).toEqual(full.removed);
    expect(fast.changed).toEqual(full.changed);
    expect(fast.risks).toEqual(full.risks);
  });
});

describe('an access snapshot as the base', () => {
  it('gives the entries of the two-model diff for the users and roles by resources', async () => {
    const engine = compileModel(base);
    const matrix = buildMatrix(engine);
    const snapshot = JSON.parse(formatMatrixJson(matrix, reviewRisks(engine, matrix)));
    for (const m of [
      { statementAdded: true },
      { boundaryRemoved: true },
      { bobJoinsDevs: true },
    ] as Mutations[]) {
      const fromSnapshot = await diffSnapshot(snapshot, diffModel(m));
      const fromModels = await diffOf(m);
      expect(fromSnapshot.added.map(brief)).toEqual(fromModels.added.map(brief));
      expect(fromSnapshot.added.map((c) => c.grants.map((g) => g.statement))).toEqual(
        fromModels.added.map((c) => c.grants.map((g) => g.statement)),
      );
      expect(fromSnapshot.risks).toEqual({ added: [], removed: [] });
    }
    const open = await diffSnapshot(snapshot, diffModel({ bucketPublic: true }));
    expect(open.risks.added.map((f) => f.kind)).toEqual(['public-access']);
  });

  it('a snapshot without risk findings lists every finding of the new state, and says so', async () => {
    const snapshot = JSON.parse(formatMatrixJson(buildMatrix(compileModel(base))));
    const d = await diffSnapshot(snapshot, base);
    expect(d.added).toEqual([]);
    expect(d.risks.added.length).toBe(reviewRisks(compileModel(base)).length);
    expect(d.notes.join('\n')).toMatch(/without risk findings/);
  });
});

describe('the statements behind each change come from the matrix', () => {
  it("each action lists its own statements, read from the matrix's cells: the diff decides nothing itself", async () => {
    const build = (granted: boolean) => {
      const t = new TestModel();
      const u = t.user('ann');
      t.bucket('hr');
      if (granted)
        t.b.addInlinePolicy(u, {
          name: 'two',
          document: parse(
            'identity',
            policy(
              { Sid: 'Get', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::hr/*' },
              {
                Sid: 'Versions',
                Effect: 'Allow',
                Action: 's3:GetObjectVersion',
                Resource: 'arn:aws:s3:::hr/*',
              },
            ),
          ),
          source: testSource('two'),
        });
      return t.model();
    };
    // Both actions are of the Read level, granted by different statements.
    let comparing = false;
    let decisions = 0;
    const original = Engine.prototype.decide;
    const spy = vi.spyOn(Engine.prototype, 'decide');
    spy.mockImplementation(function (this: Engine, ...args: Parameters<Engine['decide']>) {
      if (comparing) decisions++;
      return original.apply(this, args);
    });
    try {
      const d = await diffModels(build(false), build(true), {
        onPhase: (phase) => {
          comparing = phase === 'comparing';
        },
      });
      const grantsOf = (action: string) =>
        d.added.find((c) => c.action === action)?.grants.map((g) => `${g.state} ${g.statement}`);
      expect(grantsOf('s3:GetObject')).toEqual(['after Sid "Get"']);
      expect(grantsOf('s3:GetObjectVersion')).toEqual(['after Sid "Versions"']);
      expect(decisions).toBe(0);
    } finally {
      spy.mockRestore();
    }
  });
});
