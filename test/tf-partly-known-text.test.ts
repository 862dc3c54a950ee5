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
import { evaluate } from '../src/adapters/terraform/eval/evaluator.js';
import { parseHclExpression } from '../src/adapters/terraform/hcl/parser.js';
import { eksIssuerUrl } from '../src/aws/eks-clusters.js';
import { unknownCharsPart, unknownNamePart } from '../src/model/stand-ins.js';
import { isUnknown } from '../src/model/unknown.js';

const ISSUER = eksIssuerUrl('aws', 'us-west-2', 'aws_eks_cluster.prod');
const ID = ISSUER.slice(ISSUER.lastIndexOf('/') + 1);
const NAME = unknownNamePart('aws_s3_bucket.b');
const CHARS = unknownCharsPart('aws_secretsmanager_secret.s', 6);

const ev = (text: string): unknown =>
  evaluate(parseHclExpression(text), {
    vars: new Map<string, unknown>([
      ['issuer', ISSUER],
      ['name', `logs-${NAME}-eu`],
      ['bare', NAME],
      ['secret', `db-${CHARS}`],
    ]),
    resolver: { moduleDir: '.', workDir: '.', resolve: () => undefined },
    file: 'test.tf',
    address: undefined,
  });

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

  it('a /regex/ substring over an unknown part stays unknown', () => {
    expect(isUnknown(ev('replace(issuer, "/^https:\\\\/\\\\//", "")'))).toBe(true);
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
