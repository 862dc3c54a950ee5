// The groups a user is in or might be in, one accessor (src/model/types.ts `groupIdsOf`) that every
// reader of a user's group policies takes (spec fixes, the escalation review, outside grants, the
// diff's dependencies and unknown-policy rule), so that none leaves out the memberships that might
// not exist (`maybeGroups`).
//
// IAM User Guide, "IAM user groups": "any user in that user group automatically has the
// permissions that are assigned to the user group."
// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_groups.html

import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ModelBuilder } from '../src/model/builder.js';
import { groupIdsOf } from '../src/model/types.js';
import { Unknown } from '../src/model/unknown.js';
import { filesUnder } from './helpers/files.js';

const A = '111122223333';
const src = { file: 'group-ids.test.ts' };

describe('groupIdsOf', () => {
  it("a user's certain and maybe-present memberships, in that order; none for a role", () => {
    const b = new ModelBuilder();
    b.addAccount(A, 'us-east-1');
    const alice = b.addUser({ name: 'alice', account: A, source: src });
    const role = b.addRole({ name: 'r', account: A, source: src });
    const readers = b.addGroup({ name: 'readers', account: A, source: src });
    const writers = b.addGroup({ name: 'writers', account: A, source: src });
    b.addUserToGroup(alice, writers, src, new Unknown('count known only after apply', src));
    b.addUserToGroup(alice, readers, src);
    const m = b.build();
    const user = m.users.find((u) => u.name === 'alice')!;
    expect(groupIdsOf(user)).toEqual([readers, writers]);
    expect(groupIdsOf(m.roles.find((r) => r.arn === role)!)).toEqual([]);
  });

  it('is the one place src/ joins groups and maybeGroups', () => {
    const SRC = join(import.meta.dirname, '..', 'src');
    const copies = filesUnder(SRC, '.ts')
      .filter((f) => /maybeGroups\.map\(\(\w+\) => \w+\.group\)/.test(readFileSync(f, 'utf8')))
      .map((f) => relative(SRC, f));
    expect(copies).toEqual(['model/types.ts']);
  });
});
