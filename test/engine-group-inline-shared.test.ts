// A group's inline policies are compiled once for all its members (src/engine/policy-sets.ts,
// `PolicySets.groupInline`): they were compiled again for every member, which on a 5,000-principal
// organisation held most of a matrix thread's memory. Sharing the compiled policy must not change
// any decision: each member's matrix row is compared with the row an engine of its own (which
// shares nothing with the other members) builds, and a membership that might not exist keeps its
// presence (compiled per member, with it).
//
// "Group: An IAM user group is a collection of IAM users. ... you can attach an identity-based
// policy to a user group so that all of the users in the user group receive the policy's
// permissions." (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_groups.html)

import { describe, expect, it } from 'vitest';
import { generateOrg } from '../bench/generate-org.js';
import { buildMatrix } from '../src/analysis/matrix/build.js';
import { compileModel } from '../src/engine/index.js';
import { PolicySets } from '../src/engine/policy-sets.js';
import { ModelBuilder } from '../src/model/builder.js';
import type { Model, User } from '../src/model/types.js';
import { Unknown } from '../src/model/unknown.js';
import { parsePolicy } from '../src/policy/parse.js';

const now = new Date('2026-11-23T00:00:00Z');
const ACCOUNT = '111122223333';
const src = { file: 'main.tf' };

/** Three certain members of a group with inline policies (an Allow with a condition, a Deny), one maybe member. */
function groupModel(): Model {
  const b = new ModelBuilder();
  b.addBucket({ bucketName: 'logs', account: ACCOUNT, source: src });
  b.addBucket({ bucketName: 'data', account: ACCOUNT, source: src });
  const group = b.addGroup({ name: 'readers', account: ACCOUNT, source: src });
  b.addInlinePolicy(group, {
    name: 'read',
    source: src,
    document: parsePolicy(
      {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: '*' },
          {
            Effect: 'Allow',
            Action: 's3:PutObject',
            Resource: 'arn:aws:s3:::logs/*',
            Condition: { Bool: { 'aws:SecureTransport': 'true' } },
          },
          { Effect: 'Deny', Action: 's3:GetObject', Resource: 'arn:aws:s3:::data/*' },
        ],
      },
      { kind: 'identity', source: src },
    ),
  });
  for (const name of ['ann', 'bob', 'cy']) {
    const u = b.addUser({ name, account: ACCOUNT, source: src });
    b.addUserToGroup(u, group, src);
  }
  const maybe = b.addUser({ name: 'maybe', account: ACCOUNT, source: src });
  b.addUserToGroup(maybe, group, src, new Unknown('count known only after apply', src));
  return b.build();
}

/** Each row built by an engine of its own: no compiled policy shared between members. */
function rowByRow(model: Model): string[] {
  const rows = [...model.users.map((u) => u.arn), ...model.roles.map((r) => r.arn)];
  return rows.map((arn) =>
    JSON.stringify(buildMatrix(compileModel(model, { now }), { principals: [arn] }).cells.row(0)),
  );
}

function oneEngine(model: Model): string[] {
  const m = buildMatrix(compileModel(model, { now }));
  return m.principals.map((_, p) => JSON.stringify(m.cells.row(p)));
}

describe("a group's inline policies, compiled once for its members", () => {
  it('gives every certain member the same compiled policy, and a maybe member its own with the presence', () => {
    const model = groupModel();
    const sets = new PolicySets(model);
    const user = (name: string) => model.users.find((u) => u.name === name) as User;
    const inlineOf = (name: string) =>
      sets.identityOf(user(name)).policies.find((p) => p.name.startsWith('inline policy read of group'));
    const ann = inlineOf('ann');
    expect(ann).toBeDefined();
    expect(inlineOf('bob')).toBe(ann);
    expect(inlineOf('cy')).toBe(ann);
    const maybe = inlineOf('maybe')!;
    expect(maybe).not.toBe(ann);
    expect(maybe.statements.every((st) => st.presence instanceof Unknown)).toBe(true);
    expect(ann!.statements.some((st) => st.presence)).toBe(false);
  });

  it('decides every member as an engine of its own does (matrix rows equal, byte for byte)', () => {
    const model = groupModel();
    const shared = oneEngine(model);
    expect(shared).toEqual(rowByRow(model));
    // The rows differ where they should: the maybe member's access is indeterminate.
    const m = buildMatrix(compileModel(model, { now }));
    const accesses = (name: string) => {
      const p = m.principals.findIndex((x) => x.arn.endsWith(`:user/${name}`));
      return m.cells
        .row(p)
        .flat()
        .map((c) => c.access);
    };
    expect(accesses('ann')).toContain('allow');
    expect(accesses('ann')).toContain('conditional');
    expect(accesses('maybe')).toContain('indeterminate');
    expect(accesses('maybe')).not.toContain('allow');
  });

  it('builds the matrix of a generated organisation with group inline policies as engines of their own do', () => {
    const { model } = generateOrg({ principals: 120, resources: 40, policies: 300, seed: 5 });
    const groupsWithInline = model.groups.filter((g) => g.inlinePolicies.length > 0);
    expect(groupsWithInline.length).toBeGreaterThan(0);
    const members = model.users.filter((u) => u.groups.some((g) => groupsWithInline.some((x) => x.id === g)));
    expect(members.length).toBeGreaterThan(1);
    expect(oneEngine(model)).toEqual(rowByRow(model));
  });
});
