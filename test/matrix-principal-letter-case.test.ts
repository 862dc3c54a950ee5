// The matrix shares a witness's decisions between rows of one profile unless a statement names
// the row (analysis/matrix/shared-decisions.ts `names`, `namesRow`). The engine reads a Principal
// naming a user's or role's ARN in other letter case as may-name (compile-policy.ts
// `caseVariantOf`): IAM API Reference, CreateUser / CreateRole: "IAM user, group, role, and policy
// names must be unique within the account. Names are not distinguished by case." So the sharing
// must compare names ignoring case too: before, a bucket policy granting `user/Alice` made user
// `alice`'s cell the deny of bob's row (shared), while `decide` says indeterminate.

import { describe, expect, it } from 'vitest';
import { ACCESS_LEVELS, buildMatrix } from '../src/analysis/matrix/build.js';
import { buildMatrixParallel } from '../src/analysis/matrix/workers.js';
import type { Matrix } from '../src/analysis/types.js';
import { decidedOneByOne, matrixAnswers, nonDenyAnswers } from './helpers/matrix-oracle.js';
import { ACCOUNT_A, allow, arns, deny, policy, TestModel } from './helpers/engine-fixtures.js';

const now = new Date('2026-01-01T00:00:00Z');

/** Users bob, alice, carol (one managed policy, so one class) and roles ops, App-runner. */
function model(): TestModel {
  const t = new TestModel();
  const common = t.managedPolicy(
    'common',
    policy(allow('sqs:GetQueueUrl', '*'), allow('s3:GetObject', 'arn:aws:s3:::logs/*')),
  );
  for (const name of ['bob', 'alice', 'carol']) t.user(name, { managed: [common] });
  for (const name of ['ops', 'app-runner']) t.role(name, { managed: [common] });
  t.bucket('data', {
    policy: policy(
      allow('s3:GetObject', 'arn:aws:s3:::data/*', {
        Principal: { AWS: [arns.user('Alice', ACCOUNT_A), arns.user('carol', ACCOUNT_A)] },
      }),
      allow('s3:PutObject', 'arn:aws:s3:::data/*', {
        Principal: { AWS: [arns.session('App-Runner', 'build', ACCOUNT_A), arns.role('ops', ACCOUNT_A)] },
      }),
      deny('s3:GetObject', 'arn:aws:s3:::data/*', { Principal: { AWS: arns.user('BOB', ACCOUNT_A) } }),
    ),
  });
  // A Deny naming user/Alice: the rows of the class share decisions unless it names the row.
  t.bucket('logs', {
    policy: policy(
      deny('s3:GetObject', 'arn:aws:s3:::logs/*', {
        Principal: { AWS: [arns.user('Alice', ACCOUNT_A), arns.session('OPS', 'x', ACCOUNT_A)] },
      }),
    ),
  });
  return t;
}

const cell = (m: Matrix, name: string, level: string, bucket = 'data') =>
  m.cells.at(
    m.principals.findIndex((p) => p.name === name),
    m.resources.findIndex((r) => r.name === bucket),
  )[ACCESS_LEVELS.indexOf(level as (typeof ACCESS_LEVELS)[number])]!;

describe('matrix rows named by a Principal in other letter case', () => {
  const t = model();
  const engine = t.engine({ now });

  it("every cell as deciding each action one by one: alice is indeterminate, not bob's allow or deny", () => {
    const m = buildMatrix(engine, { includeRoles: true });
    expect(Object.fromEntries([...matrixAnswers(m)].filter(([, v]) => v !== 'deny').sort())).toEqual(
      nonDenyAnswers(decidedOneByOne(engine, m)),
    );
    expect(cell(m, 'alice', 'Read').access).toBe('indeterminate');
    expect(cell(m, 'carol', 'Read').access).toBe('allow');
    expect(cell(m, 'app-runner', 'Write').access).toBe('indeterminate');
    // bob's allow on logs is not alice's: the Deny naming user/Alice might apply to her
    expect(cell(m, 'bob', 'Read', 'logs').access).toBe('allow');
    expect(cell(m, 'alice', 'Read', 'logs').access).toBe('indeterminate');
    expect(cell(m, 'ops', 'Read', 'logs').access).toBe('indeterminate');
  });

  it("guard: a role whose trust names user/Alice is in alice's chains", () => {
    const c = new TestModel();
    const alice = c.user('alice');
    c.role('deploy', {
      trust: policy(allow('sts:AssumeRole', '*', { Principal: { AWS: arns.user('Alice', ACCOUNT_A) } })),
    });
    const m = buildMatrix(c.engine({ now }));
    const row = m.principals.findIndex((p) => p.arn === alice);
    expect(m.chains[row]?.map((x) => x.role)).toEqual([arns.role('deploy', ACCOUNT_A)]);
  });

  it('in worker threads too (--workers 2): the same matrix', async () => {
    const m = await buildMatrixParallel(t.model(), { workers: 2, includeRoles: true, engine: { now } });
    expect(m).toEqual(buildMatrix(engine, { includeRoles: true }));
    expect(cell(m, 'alice', 'Read').access).toBe('indeterminate');
  });
});
