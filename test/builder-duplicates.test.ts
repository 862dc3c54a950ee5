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
