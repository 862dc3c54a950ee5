// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${...} is Terraform syntax here.
// Terraform functions, `==` and map reads of the deploying account when no account is given
// (`data.aws_caller_identity.current.account_id` with no --account: the stand-in
// `PLACEHOLDER_ACCOUNT`, "this account, id unknown", src/model/stand-ins.ts). The stand-in is no
// account AWS gives, so reading its digits gave a string no account gives (`substr(account_id, 0,
// 4)` was "0000", `replace(account_id, "0", "x")` "xxxxxxxxxxxx"), `account_id == "123456789012"`
// was false and `var.by_account[account_id]` a "no element" error.
// src/adapters/terraform/eval/fn-account.ts keeps a result only where it places the account
// (`format("%s")`, a template, `split(":")` / `join`, `tostring`) or is the same for every 12-digit
// account (`length`, a set of ARNs no real account makes one); the rule is the shared one
// (src/adapters/stand-in-functions.ts `compareWithAccount`, `accountComparesKeep`).
// Pages the rules come from:
// - AWS Account Management Reference Guide, "View AWS account identifiers": "The AWS account ID
//   is a 12-digit number, such as 012345678901, that uniquely identifies an AWS account."
//   https://docs.aws.amazon.com/accounts/latest/reference/manage-acct-identifiers.html
// - Terraform AWS provider, data source aws_caller_identity: "account_id - AWS Account ID number
//   of the account that owns or contains the calling entity."
// - Terraform language, built-in functions: `substr` "extracts a substring from a given string by
//   offset and (maximum) length"; `replace` "searches a given string for another given
//   substring, and replaces each occurrence"; `toset` "Pass a list value to toset to convert it
//   to a set, which will remove any duplicate elements"; `lookup` "If the given key does not
//   exist, the given default value is returned instead"; `length` "determines the length of a
//   given list, map, or string". https://developer.hashicorp.com/terraform/language/functions
// - Terraform language, "Equality Operators": "a == b returns true if a and b both have the same
//   type and the same value". https://developer.hashicorp.com/terraform/language/expressions/operators

import { describe, expect, it } from 'vitest';
import {
  accountComparesKeep,
  compareWithAccount,
  digitFreePatterns,
} from '../src/adapters/stand-in-functions.js';
import { loadTerraformConfig, loadTerraformConfigObject } from '../src/adapters/terraform/index.js';
import { compileModel } from '../src/engine/index.js';
import { ModelBuilder } from '../src/model/builder.js';
import { PLACEHOLDER_ACCOUNT } from '../src/model/stand-ins.js';
import { isUnknown } from '../src/model/unknown.js';
import { verdict } from './helpers/engine-fixtures.js';

const FX = 'test/fixtures/terraform/account-functions';
const A = PLACEHOLDER_ACCOUNT;

function load(account?: string) {
  const b = new ModelBuilder();
  loadTerraformConfig(FX, b, { region: 'us-east-1', ...(account ? { account } : {}) });
  const m = b.build();
  const dev = m.users.find((u) => u.name === 'dev')!;
  const statements = dev.inlinePolicies.flatMap((p) => p.document.statements);
  const resource = (sid: string) => statements.find((s) => s.sid === sid)!.resource!.values;
  return { m, e: compileModel(m), dev: dev.arn, resource };
}

describe('functions of the deploying account when no account is given', () => {
  const { m, e, dev, resource } = load();

  it('where the result places the account, it stays the account (not unknown)', () => {
    for (const sid of ['formats', 'template', 'tostring', 'lower', 'pieces'])
      expect(resource(sid)).toEqual([`arn:aws:s3:::b-${A}/*`]);
    expect(resource('joinsplit')).toEqual([`arn:aws:s3:::b-x:${A}:y/*`]);
  });

  it('where the result is the same for every 12-digit account, it is kept', () => {
    expect(resource('length')).toEqual(['arn:aws:s3:::b-12/*']);
    // "prod" is no account id; the account equals itself; both entries of the map agree
    expect(resource('eqname')).toEqual(['arn:aws:s3:::b-no/*']);
    expect(resource('eqself')).toEqual(['arn:aws:s3:::b-yes/*']);
    expect(resource('samekeyed')).toEqual(['arn:aws:s3:::b-shared/*']);
  });

  it('where it is something else, it is unknown with the reason naming the function (was a made-up value)', () => {
    for (const [sid, why] of [
      ['substr', 'substr(): it compares or transforms the deploying account'],
      ['replace', 'replace(): it compares or transforms the deploying account'],
      ['joinother', 'split(): it compares or transforms the deploying account'],
      ['first', 'split(): it compares or transforms the deploying account'],
      ['md5', 'md5(): it compares or transforms the deploying account'],
      ['formatcut', 'format(): it compares or transforms the deploying account'],
      ['contains', 'contains(): it compares or transforms the deploying account'],
      ['setlen', 'toset(): it compares or transforms the deploying account'],
      ['plusone', '+: it compares or transforms the deploying account'],
      ['eqid', 'it compares the deploying account'],
      ['neid', 'it compares the deploying account'],
      ['keyed', 'it reads a map by the deploying account'],
      ['lookup', 'it reads a map by the deploying account'],
    ] as const) {
      const [r] = resource(sid);
      expect(isUnknown(r), sid).toBe(true);
      expect(String((r as { reason: string }).reason), sid).toContain(why);
    }
  });

  it('the reproduction: b-1234 (substr of 123456789012) and b-prod are indeterminate (were deny)', () => {
    expect(verdict(e, dev, 's3:GetObject', 'arn:aws:s3:::b-1234/k')).toBe('indeterminate');
    expect(verdict(e, dev, 's3:GetObject', 'arn:aws:s3:::b-prod/k')).toBe('indeterminate');
    // and b-0000 / b-xxxxxxxxxxxx, which no account gives, are no longer allowed as such
    expect(verdict(e, dev, 's3:GetObject', 'arn:aws:s3:::b-0000/k')).toBe('indeterminate');
    expect(verdict(e, dev, 's3:GetObject', 'arn:aws:s3:::b-xxxxxxxxxxxx/k')).toBe('indeterminate');
  });

  it('ARNs built with the account stay known: a set of them, for_each over it, a root principal', () => {
    expect(resource('Roles')).toEqual([
      `arn:aws:iam::${A}:role/ci`,
      `arn:aws:iam::${A}:role/deploy`,
      'arn:aws:iam::123456789012:role/audit',
    ]);
    const roles = m.roles.filter((r) => r.name.startsWith('r-')).map((r) => r.name);
    expect(roles.sort()).toEqual(['r-audit', 'r-ci', 'r-deploy']);
    for (const r of m.roles.filter((x) => x.name.startsWith('r-')))
      expect(JSON.stringify(r.trustPolicy)).toContain(`arn:aws:iam::${A}:root`);
  });
});

describe('the same configuration with the account given', () => {
  const { e, dev, resource } = load('123456789012');

  it('every function is computed on the account', () => {
    expect(resource('substr')).toEqual(['arn:aws:s3:::b-1234/*']);
    expect(resource('replace')).toEqual(['arn:aws:s3:::b-123456789x12/*']);
    expect(resource('eqid')).toEqual(['arn:aws:s3:::b-yes/*']);
    expect(resource('plusone')).toEqual(['arn:aws:s3:::b-123456789013/*']);
    expect(resource('keyed')).toEqual(['arn:aws:s3:::b-prod/*']);
    expect(resource('setlen')).toEqual(['arn:aws:s3:::b-1/*']);
    expect(verdict(e, dev, 's3:GetObject', 'arn:aws:s3:::b-1234/k')).toBe('allow');
  });
});

describe('literal patterns without a digit never meet the account', () => {
  const b = new ModelBuilder();
  loadTerraformConfigObject(
    {
      data: { aws_caller_identity: { current: {} } },
      locals: { arn: 'arn:aws:iam::${data.aws_caller_identity.current.account_id}:role/ci' },
      resource: {
        aws_iam_user: { dev: { name: 'dev' } },
        aws_iam_user_policy: {
          dev: {
            user: 'dev',
            policy:
              '${jsonencode({Version = "2012-10-17", Statement = [{Sid = "Slash", Effect = "Allow", Action = "s3:GetObject", Resource = "arn:aws:s3:::${replace(local.arn, "/", "-")}/*"}, {Sid = "Prefix", Effect = "Allow", Action = "s3:PutObject", Resource = "arn:aws:s3:::${trimprefix(local.arn, "arn:aws:iam::")}/*"}, {Sid = "Digit", Effect = "Allow", Action = "s3:DeleteObject", Resource = "arn:aws:s3:::${trimprefix(local.arn, "arn:aws:iam::1")}/*"}]})}',
          },
        },
      },
    },
    b,
    { region: 'us-east-1' },
  );
  const statements = b.build().users[0]!.inlinePolicies.flatMap((p) => p.document.statements);
  const resource = (sid: string) => statements.find((s) => s.sid === sid)!.resource!.values[0];

  it('replace and trimprefix at patterns without a digit keep the account; with a digit, unknown', () => {
    expect(resource('Slash')).toBe(`arn:aws:s3:::arn:aws:iam::${A}:role-ci/*`);
    expect(resource('Prefix')).toBe(`arn:aws:s3:::${A}:role/ci/*`);
    expect(isUnknown(resource('Digit'))).toBe(true);
  });
});

describe('the shared rule: strings compared whatever the account', () => {
  it('equal for every account, for none, or for some only', () => {
    expect(compareWithAccount(A, A).equal).toBe('always');
    expect(compareWithAccount(A, '123456789012').equal).toBe('maybe');
    expect(compareWithAccount(A, 'prod').equal).toBe('never');
    // an account is digits: never a letter, and always 12 characters
    expect(compareWithAccount(A, '12345678901x').equal).toBe('never');
    expect(compareWithAccount(A, '1234567890123').equal).toBe('never');
    expect(compareWithAccount(`arn:aws:iam::${A}:role/ci`, 'arn:aws:iam::123456789012:role/ci').equal).toBe(
      'maybe',
    );
    expect(compareWithAccount(`arn:aws:iam::${A}:role/ci`, 'arn:aws:iam::123456789012:role/cd').equal).toBe(
      'never',
    );
  });

  it('their order is fixed where they first differ outside the account', () => {
    expect(compareWithAccount(`a-${A}`, `b-${A}`).orderFixed).toBe(true);
    expect(compareWithAccount(`x:${A}:a`, 'x:123456789012:b').orderFixed).toBe(false);
    expect(compareWithAccount(`x:${A}`, 'x:abc').orderFixed).toBe(true);
  });

  it('whole-string comparisons keep their result only when no pair depends on the account', () => {
    expect(accountComparesKeep([[`arn:aws:iam::${A}:root`, 'arn:aws:iam::123456789012:role/x']], false)).toBe(
      true,
    );
    expect(accountComparesKeep([[A, '123456789012']], false)).toBe(false);
    // a number is converted to a string by toset
    expect(accountComparesKeep([[A, 123456789012]], false)).toBe(false);
    // a map key holding the account
    expect(accountComparesKeep([{ [A]: 1, '210987654321': 2 }], false)).toBe(false);
    expect(accountComparesKeep([[`x:${A}:a`, 'x:123456789012:b']], false)).toBe(true);
    expect(accountComparesKeep([[`x:${A}:a`, 'x:123456789012:b']], true)).toBe(false);
  });

  it('a literal pattern without a digit never matches the account', () => {
    expect(digitFreePatterns(['/', 'arn:aws:iam::'])).toBe(true);
    expect(digitFreePatterns(['0'])).toBe(false);
    expect(digitFreePatterns([''])).toBe(false);
  });
});
