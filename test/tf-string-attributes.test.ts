// A Terraform string argument given a number or a bool is the string Terraform converts it to
// (src/adapters/terraform/handlers/context.ts `stringOrUnknown`, the one reader of string
// attributes of every handler). Terraform Language, "tostring Function": "Explicit type conversions
// are rarely necessary in Terraform because it will convert types automatically where required."
// ... "> tostring(1)" gives "\"1\"", "> tostring(true)" gives "\"true\""
// (https://developer.hashicorp.com/terraform/language/functions/tostring).
//
// Before, two copies of the rule disagreed: resources.ts `maybeStr` converted numbers and bools,
// handlers/context.ts `stringOrUnknown` (the sharing, RAM and access-grant handlers) read them as
// not set, so `account_id = 444455556666` shared a snapshot with an unknown account
// (indeterminate for every account) instead of that account.

import { describe, expect, it } from 'vitest';
import { loadTerraformConfigObject } from '../src/adapters/terraform/index.js';
import { stringOrUnknown } from '../src/adapters/terraform/handlers/context.js';
import { decideAnyContext } from '../src/analysis/free-decision.js';
import { compileModel } from '../src/engine/index.js';
import { ModelBuilder } from '../src/model/builder.js';
import { Unknown } from '../src/model/unknown.js';

const OWN = '111122223333';
const SNAP = 'arn:aws:ec2:us-east-1::snapshot/snap-0123456789abcdef0';

describe('stringOrUnknown', () => {
  it('a number or a bool is its string; an empty string, null, a list or an object is not set', () => {
    expect(stringOrUnknown(444455556666)).toBe('444455556666');
    expect(stringOrUnknown(true)).toBe('true');
    expect(stringOrUnknown('x')).toBe('x');
    const u = new Unknown('known after apply');
    expect(stringOrUnknown(u)).toBe(u);
    for (const v of ['', null, undefined, ['a'], { a: 'b' }]) expect(stringOrUnknown(v)).toBeUndefined();
  });
});

describe('a sharing resource with a numeric account id', () => {
  it('aws_snapshot_create_volume_permission account_id = 444455556666 shares with that account only', () => {
    const b = new ModelBuilder();
    loadTerraformConfigObject(
      {
        provider: { aws: [{ region: 'us-east-1', allowed_account_ids: [OWN] }] },
        resource: {
          aws_snapshot_create_volume_permission: {
            p: { snapshot_id: 'snap-0123456789abcdef0', account_id: 444455556666 },
          },
        },
      },
      b,
    );
    const e = compileModel(b.build());
    const access = (account: string) =>
      decideAnyContext(e, {
        principal: `arn:aws:iam::${account}:root`,
        action: 'ec2:CreateVolume',
        resource: SNAP,
      }).access;
    expect(access('444455556666')).toBe('allow');
    // was indeterminate: the account read as not set, so any account might have been the one
    expect(access('999988887777')).toBe('deny');
  });
});
