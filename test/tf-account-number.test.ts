// The deploying account read as a number when no account is given: `tonumber()`, `convert(x,
// number)` and an input variable of type number (or list(number)) given
// `data.aws_caller_identity.current.account_id`. The account's stand-in
// (`PLACEHOLDER_ACCOUNT`, "this account, id unknown", src/model/stand-ins.ts) is `000000000000`,
// which as a number is 0, a value no account has: the conversion is unknown, its reason naming
// the function or the variable (src/adapters/terraform/eval/type-constraints.ts `convertToType`,
// src/adapters/terraform/eval/fn-account.ts). A given account converts as itself.
// Pages the rules come from:
// - AWS Account Management Reference Guide, "View AWS account identifiers": "The AWS account ID
//   is a 12-digit number, such as 012345678901, that uniquely identifies an AWS account."
//   https://docs.aws.amazon.com/accounts/latest/reference/manage-acct-identifiers.html
// - Terraform language, "Type Constraints", conversion of primitive types: "Terraform will
//   automatically convert number and bool values to string values when needed, and vice-versa as
//   long as the string contains a valid representation of a number or boolean value";
//   `tonumber` "converts its argument to a number value".
//   https://developer.hashicorp.com/terraform/language/expressions/type-constraints

import { describe, expect, it } from 'vitest';
import { loadTerraformConfig } from '../src/adapters/terraform/index.js';
import { compileModel } from '../src/engine/index.js';
import { ModelBuilder } from '../src/model/builder.js';
import { isUnknown } from '../src/model/unknown.js';
import { verdict } from './helpers/engine-fixtures.js';

const FX = 'test/fixtures/terraform/account-number';

function load(account?: string) {
  const b = new ModelBuilder();
  loadTerraformConfig(FX, b, { region: 'us-east-1', ...(account ? { account } : {}) });
  const m = b.build();
  const dev = m.users.find((u) => u.name === 'dev')!;
  const statements = dev.inlinePolicies.flatMap((p) => p.document.statements);
  const resource = (sid: string) => statements.find((s) => s.sid === sid)!.resource!.values;
  return { e: compileModel(m), dev: dev.arn, resource };
}

describe('the deploying account converted to a number, no account given', () => {
  const { e, dev, resource } = load();

  it('is unknown, never 0, its reason naming the function or the variable', () => {
    const why = (sid: string) => {
      const [v] = resource(sid);
      expect(isUnknown(v)).toBe(true);
      return (v as { reason: string }).reason;
    };
    expect(why('tonumber')).toMatch(/^tonumber\(\): .*deploying account/);
    expect(why('convert')).toMatch(/^convert\(\): converting to a number/);
    expect(why('module')).toMatch(/^var\.account: converting to a number/);
    expect(why('list')).toMatch(/^var\.accounts\[0\]: converting to a number/);
    // another element of the same list is a number of its own
    expect(resource('other')).toEqual(['arn:aws:s3:::b-123456789012/*']);
  });

  it('a bucket named by account 0 is not what the policy grants for certain', () => {
    expect(verdict(e, dev, 's3:GetObject', 'arn:aws:s3:::b-0/k')).toBe('indeterminate');
  });
});

describe('a given account converts as itself', () => {
  it('every statement names the bucket of that account', () => {
    const { resource } = load('123456789012');
    for (const sid of ['tonumber', 'convert', 'module', 'list', 'other'])
      expect(resource(sid)).toEqual(['arn:aws:s3:::b-123456789012/*']);
  });
});
