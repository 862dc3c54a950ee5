// The model builder is the one place of the rule "IAM names are unique in an account"
// (src/model/builder.ts `noteDuplicate`): a second user, group, role or managed policy with the
// ARN of one already added is an error finding that names both sources; the adapters keep no copy
// of the rule.
//
// AWS rule pinned here: IAM API Reference, CreateUser / CreateGroup / CreateRole / CreatePolicy,
// error EntityAlreadyExists: "The request was rejected because it attempted to create a resource
// that already exists." https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html

import { describe, expect, it } from 'vitest';
import { ModelBuilder } from '../src/model/builder.js';
import { Unknown } from '../src/model/unknown.js';
import { parsePolicy } from '../src/policy/parse.js';

const A = { file: 'a.tf', line: 3, column: 1, address: 'aws_iam_role.a' };
const B = { file: 'b.tf', line: 9, column: 1, address: 'aws_iam_role.b' };
const account = '111122223333';
const dups = (b: ModelBuilder) => b.build().findings.filter((f) => f.code === 'model/duplicate-name');

describe('ModelBuilder: one ARN added twice', () => {
  it.each([
    ['user', (b: ModelBuilder, source: typeof A) => b.addUser({ name: 'x', account, source })],
    ['group', (b: ModelBuilder, source: typeof A) => b.addGroup({ name: 'x', account, source })],
    ['role', (b: ModelBuilder, source: typeof A) => b.addRole({ name: 'x', account, source })],
    [
      'managed policy',
      (b: ModelBuilder, source: typeof A) =>
        b.addManagedPolicy({
          name: 'x',
          account,
          source,
          document: parsePolicy({ Version: '2012-10-17', Statement: [] }, { kind: 'identity', source }),
        }),
    ],
  ])('%s: an error finding at the one not kept, naming both', (kind, add) => {
    const b = new ModelBuilder();
    const first = add(b, A);
    const second = add(b, B);
    expect(second).toBe(first);
    const f = dups(b);
    expect(f).toHaveLength(1);
    expect(f[0]!.severity).toBe('error');
    expect(f[0]!.source).toEqual(A);
    expect(f[0]!.message).toContain(`${kind} ${first} is created twice`);
    expect(f[0]!.message).toContain('a.tf:3:1 (aws_iam_role.a)');
    expect(f[0]!.message).toContain('b.tf:9:1 (aws_iam_role.b)');
    expect(f[0]!.message).toContain('EntityAlreadyExists');
  });

  it('the same place added again (a plan and its configuration) is no duplicate', () => {
    const b = new ModelBuilder();
    b.addRole({ name: 'x', account, source: A });
    b.addRole({ name: 'x', account, source: { ...A, line: 4 } });
    expect(dups(b)).toEqual([]);
  });

  it('two CloudFormation logical ids of one stack are; the same one in two stacks too', () => {
    const b = new ModelBuilder();
    b.addUser({ name: 'x', account, source: { logicalId: 'A', stack: 's' } });
    b.addUser({ name: 'x', account, source: { logicalId: 'B', stack: 's' } });
    b.addUser({ name: 'x', account, source: { logicalId: 'B', stack: 't' } });
    expect(dups(b)).toHaveLength(2);
  });

  it('says "if both exist" when one might not', () => {
    const b = new ModelBuilder();
    b.addRole({ name: 'x', account, source: A });
    b.addRole({ name: 'x', account, source: B, presence: new Unknown('count unknown', B) });
    expect(dups(b)[0]!.message).toContain('(if both exist)');
  });

  it('different names are no duplicates', () => {
    const b = new ModelBuilder();
    b.addRole({ name: 'x', account, source: A });
    b.addRole({ name: 'y', account, source: B });
    b.addUser({ name: 'x', account, source: B });
    expect(dups(b)).toEqual([]);
  });
});

// IAM API Reference, CreateRole, RoleName: "IAM user, group, role, and policy names must be unique
// within the account. Names are not distinguished by case. For example, you cannot create
// resources named both "MyResource" and "myresource"."
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html
// IAM User Guide, IAM identifiers, "Friendly names and paths": the path is an optional prefix of
// the ARN, not part of the name.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html
describe('ModelBuilder: one name under two ARNs (path or case)', () => {
  it.each([
    [
      'role',
      'path',
      (b: ModelBuilder, s: typeof A, n: string, path?: string) =>
        b.addRole({ name: n, path, account, source: s }),
    ],
    [
      'user',
      'path',
      (b: ModelBuilder, s: typeof A, n: string, path?: string) =>
        b.addUser({ name: n, path, account, source: s }),
    ],
    [
      'group',
      'path',
      (b: ModelBuilder, s: typeof A, n: string, path?: string) =>
        b.addGroup({ name: n, path, account, source: s }),
    ],
  ])('%s: the same name under another %s is an error finding; both are kept', (kind, _what, add) => {
    const b = new ModelBuilder();
    const first = add(b, A, 'deployer', '/ci/');
    const second = add(b, B, 'deployer');
    expect(second).not.toBe(first);
    const f = dups(b);
    expect(f).toHaveLength(1);
    expect(f[0]!.severity).toBe('error');
    expect(f[0]!.source).toEqual(B);
    expect(f[0]!.message).toContain(`${kind} ${second} has the name of ${kind} ${first}`);
    expect(f[0]!.message).toContain('whatever their path and case');
    const m = b.build();
    const all = [...m.users, ...m.groups, ...m.roles].map((p) => p.arn);
    expect(all).toEqual(expect.arrayContaining([first, second]));
  });

  it('names differing only in case clash (managed policies too)', () => {
    const b = new ModelBuilder();
    b.addRole({ name: 'MyResource', account, source: A });
    b.addRole({ name: 'myresource', account, source: B });
    const doc = parsePolicy({ Version: '2012-10-17', Statement: [] }, { kind: 'identity', source: A });
    b.addManagedPolicy({ name: 'Ops', account, source: A, document: doc });
    b.addManagedPolicy({ name: 'ops', path: '/team/', account, source: B, document: doc });
    expect(dups(b).map((f) => f.message.split(' has the name')[0])).toEqual([
      `role arn:aws:iam::${account}:role/myresource`,
      `managed policy arn:aws:iam::${account}:policy/team/ops`,
    ]);
  });

  it('another kind, another account, the same place, or a name with an unknown part: no finding', () => {
    const b = new ModelBuilder();
    b.addRole({ name: 'x', account, source: A });
    b.addUser({ name: 'X', account, source: B });
    b.addRole({ name: 'X', account: '444455556666', source: B });
    b.addRole({ name: 'X', path: '/p/', account, source: { ...A, line: 4 } });
    b.addRole({ name: 'app-(unknown-name)', account, source: A });
    b.addRole({ name: 'app-(unknown-name)', path: '/p/', account, source: B });
    expect(dups(b)).toEqual([]);
  });
});
