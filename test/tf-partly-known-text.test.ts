// replace, trimprefix and trimsuffix of a string holding a name the inputs leave unknown (an
// `(unknown-…)` part, model/stand-ins.ts), eval/fn-text.ts `partlyKnownTextCall`: the result is
// exact when the unknown part's text cannot change it, else unknown as before (never a wrong
// literal). Before, every such call was unknown, so the IRSA trust Terraform users write with
// `"${replace(aws_iam_openid_connect_provider.x.url, "https://", "")}:sub"` was indeterminate.
//
// Terraform language, "replace Function" (https://developer.hashicorp.com/terraform/language/functions/replace):
// "replace searches a given string for another given substring, and replaces each occurrence
// with a given replacement string." "If substring is wrapped in forward slashes, it is treated as
// a regular expression, using the same pattern syntax as regex."
// "trimprefix Function": "trimprefix removes the specified prefix from the start of the given
// string. If the string does not start with the prefix, the string is returned unchanged."
// "trimsuffix Function": "trimsuffix removes the specified suffix from the end of the given
// string."

import { describe, expect, it } from 'vitest';
import { isUnknown } from '../src/model/unknown.js';
import {
  CHARS,
  evalWithVars,
  ISSUER,
  ISSUER_ID as ID,
  NAME,
  PARTLY_KNOWN_VARS,
} from './helpers/partly-known-values.js';

const ev = (text: string): unknown => evalWithVars(text, [...PARTLY_KNOWN_VARS, ['bare', NAME]]);

describe('an EKS issuer ID is one URL path segment: a non-empty run without "/"', () => {
  it('replace of "https://" removes the scheme and keeps the ID (no occurrence can take a character of it)', () => {
    expect(ev('replace(issuer, "https://", "")')).toBe(`oidc.eks.us-west-2.amazonaws.com/id/${ID}`);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a Terraform template, literal text
    expect(ev('"${replace(issuer, "https://", "")}:sub"')).toBe(
      `oidc.eks.us-west-2.amazonaws.com/id/${ID}:sub`,
    );
    expect(ev('replace(issuer, ".com/", ".com.cn/")')).toBe(
      `https://oidc.eks.us-west-2.amazonaws.com.cn/id/${ID}`,
    );
  });

  it('trimprefix / trimsuffix decided by the known text at that end', () => {
    expect(ev('trimprefix(issuer, "https://")')).toBe(`oidc.eks.us-west-2.amazonaws.com/id/${ID}`);
    expect(ev('trimprefix(issuer, "http://")')).toBe(ISSUER);
    // the ID is not empty and holds no "/": the URL does not end with "/"
    expect(ev('trimsuffix(issuer, "/")')).toBe(ISSUER);
  });

  it('a search text that may occur inside the ID, or whose end it may hold, stays unknown', () => {
    expect(isUnknown(ev('replace(issuer, "A", "")'))).toBe(true);
    // the ID may be "amazonaws.com" itself
    expect(isUnknown(ev('replace(issuer, "amazonaws.com", "x")'))).toBe(true);
    expect(isUnknown(ev('replace(issuer, "id/A", "")'))).toBe(true);
    expect(isUnknown(ev('trimsuffix(issuer, "E")'))).toBe(true);
  });

  it('a /regex/ substring that may match in an unknown part stays unknown (tf-partly-known-regex.test.ts: an anchored one in the known text is exact)', () => {
    expect(ev('replace(issuer, "/^https:\\\\/\\\\//", "")')).toBe(
      `oidc.eks.us-west-2.amazonaws.com/id/${ID}`,
    );
    // "/id/" is wrapped in slashes: the regular expression `id`, which may match inside the ID
    expect(isUnknown(ev('replace(issuer, "/id/", "/x/")'))).toBe(true);
  });
});

describe('an unknown name part of any text', () => {
  it('any search text may occur inside a part of any text, or straddle its ends: replace stays unknown', () => {
    expect(isUnknown(ev('replace(name, "ogs", "OGS")'))).toBe(true);
    expect(isUnknown(ev('replace(name, "s-", "S-")'))).toBe(true);
    expect(isUnknown(ev('replace(bare, "x", "y")'))).toBe(true);
    expect(isUnknown(ev('trimprefix(bare, "x")'))).toBe(true);
  });

  it('trimprefix of a prefix the known start decides', () => {
    expect(ev('trimprefix(name, "logs-")')).toBe(`${NAME}-eu`);
    expect(ev('trimprefix(name, "data-")')).toBe(`logs-${NAME}-eu`);
    expect(isUnknown(ev('trimprefix(name, "logs-x")'))).toBe(true);
    expect(ev('trimsuffix(name, "-eu")')).toBe(`logs-${NAME}`);
    expect(isUnknown(ev('trimsuffix(name, "x-eu")'))).toBe(true);
  });

  it('a part of a fixed length is not empty, but may hold any character', () => {
    expect(isUnknown(ev('replace(secret, "-", "_")'))).toBe(true);
    expect(ev('trimprefix(secret, "db-")')).toBe(CHARS);
  });
});
