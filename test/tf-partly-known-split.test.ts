// split, substr and index over a string holding a name the inputs leave unknown (an `(unknown-…)`
// part, model/stand-ins.ts), eval/fn-text.ts `partlyKnownTextCall`: exact where no text the part
// may be changes the result, else unknown as before. Before, every such call was unknown, so
// `split("/", aws_eks_cluster.x.identity[0].oidc[0].issuer)[4]` (the issuer ID, the EKS User
// Guide's `cut -d '/' -f 5`) and the known head of a name (`substr(name, 0, 4)`) were unknown.
// An unknown part of any text may hold the separator: what depends on it stays unknown; only a
// part whose domain the model knows (an EKS issuer ID: one URL path segment, no "/") is split.
//
// Terraform language, "split Function" (https://developer.hashicorp.com/terraform/language/functions/split):
// "split produces a list by dividing a given string at all occurrences of a given separator."
// "substr Function": "substr extracts a substring from a given string by offset and (maximum)
// length." "The offset and length are both counted in unicode characters rather than bytes"
// "The offset index may be negative, in which case it is relative to the end of the given
// string. The length may be -1, in which case the remainder of the string after the given offset
// will be returned."
// "index Function": "index finds the first element index for a given value in a list." "This
// function produces an error if the given value is not present in the list."

import { describe, expect, it } from 'vitest';
import { PLACEHOLDER_REGION } from '../src/model/stand-ins.js';
import { isUnknown, Unknown } from '../src/model/unknown.js';
import {
  CHARS,
  evalWithVars,
  ISSUER,
  ISSUER_ID as ID,
  NAME,
  PARTLY_KNOWN_VARS,
} from './helpers/partly-known-values.js';

const ev = (text: string): unknown =>
  evalWithVars(text, [
    ...PARTLY_KNOWN_VARS,
    ['arn', `arn:aws:iam::123456789012:role/${NAME}`],
    ['accent', `cafe\u0301-${NAME}`],
    ['ssm', `arn:aws:ssm:us-east-1:123456789012:parameter/${NAME}`],
    ['object', `arn:aws:s3:::bucket/${NAME}`],
    ['two', `arn:aws:iam::1:role/x,arn:aws:ssm:us-east-1:1:parameter/${NAME}`],
  ]);

describe('split over a partly known string', () => {
  it('an EKS issuer split at "/": the ID is one element (was unknown)', () => {
    expect(ev('split("/", issuer)')).toEqual(['https:', '', 'oidc.eks.us-west-2.amazonaws.com', 'id', ID]);
    expect(ev('split("/", issuer)[4]')).toBe(ID);
    expect(ev('element(split("/", issuer), 2)')).toBe('oidc.eks.us-west-2.amazonaws.com');
    expect(ev('length(split("/", issuer))')).toBe(5);
  });

  it('a separator only in known text, next to a part of any text, still stays unknown: the part may hold it', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a Terraform template, literal text
    expect(isUnknown(ev('split(".", "a.b.${name}")'))).toBe(true);
  });

  it('a separator an unknown part may hold, or whose ends it may hold, stays unknown', () => {
    // a name part outside an ARN may be any text
    expect(isUnknown(ev('split("-", name)'))).toBe(true);
    // the issuer ID may hold "." (it holds no "/" only)
    expect(isUnknown(ev('split(".", issuer)'))).toBe(true);
    // an empty separator splits into characters: how many, the part decides
    expect(isUnknown(ev('split("", issuer)'))).toBe(true);
  });
});

describe('a name part in an ARN holds what a name at that place may hold (model/slashed-names.ts)', () => {
  // IAM API Reference, CreateRole, RoleName: "upper and lowercase alphanumeric characters with no
  // spaces. You can also include any of the following characters: _+=,.@-" (no ":" nor "/"). The
  // engine matches such a part as a run without "/" or ":" (src/engine/unknown-names.ts).
  it('a role ARN split at ":" or "/": the name is one piece (was unknown)', () => {
    expect(ev('split(":", arn)')).toEqual(['arn', 'aws', 'iam', '', '123456789012', `role/${NAME}`]);
    expect(ev('split("/", arn)[1]')).toBe(NAME);
  });

  it('a name that may hold "/" (an SSM parameter), an S3 object key (any character), two ARNs in one string: unknown', () => {
    expect(isUnknown(ev('split("/", ssm)'))).toBe(true);
    expect(ev('split(":", ssm)[4]')).toBe('123456789012');
    expect(isUnknown(ev('split(":", object)'))).toBe(true);
    expect(isUnknown(ev('split("/", object)'))).toBe(true);
    expect(isUnknown(ev('split("/", two)'))).toBe(true);
  });
});

describe('substr over a partly known string', () => {
  it('a substring inside the known head: known (was unknown)', () => {
    expect(ev('substr(name, 0, 4)')).toBe('logs');
    expect(ev('substr(issuer, 0, 5)')).toBe('https');
  });

  it('the rest from an offset inside the known head keeps the unknown parts', () => {
    expect(ev('substr(name, 4, -1)')).toBe(`-${NAME}-eu`);
    expect(ev('substr(secret, 0, -1)')).toBe(`db-${CHARS}`);
  });

  it('a substring reaching the last character before the part, a negative offset, or past it: unknown', () => {
    // "logs-" has 5 characters; the fifth may join a combining mark the part begins with
    expect(isUnknown(ev('substr(name, 0, 5)'))).toBe(true);
    expect(isUnknown(ev('substr(name, 3, 10)'))).toBe(true);
    expect(isUnknown(ev('substr(name, -2, 2)'))).toBe(true);
    expect(isUnknown(ev('substr(name, 5, 1)'))).toBe(true);
    expect(isUnknown(ev('substr(name, 6, -1)'))).toBe(true);
    // graphemes: "cafe\u0301-" is five characters, the accent joins the e
    expect(ev('substr(accent, 0, 4)')).toBe('cafe\u0301');
    expect(isUnknown(ev('substr(accent, 0, 5)'))).toBe(true);
  });
});

describe('index over a list with partly known strings', () => {
  it('the first element that is the value, none before it that may be: known (was unknown)', () => {
    expect(ev('index([name, "logs-x"], "logs-x")')).toBe(1);
    // "logs-…-eu" cannot be "a"
    expect(ev('index([name, "a"], "a")')).toBe(0 + 1);
    expect(ev('index(["a", name], "a")')).toBe(0);
  });

  it('an element before it that may be the value: unknown', () => {
    expect(isUnknown(ev('index([name, "logs-x-eu"], "logs-x-eu")'))).toBe(true);
    expect(isUnknown(ev('index([issuer, "z"], "z")'))).toBe(false);
    // the issuer ID holds no "/": "…/id/a/b" is no issuer
    expect(ev(`index([issuer, "${ISSUER.replace(ID, 'a/b')}"], "${ISSUER.replace(ID, 'a/b')}")`)).toBe(1);
    expect(
      isUnknown(ev(`index([issuer, "${ISSUER.replace(ID, 'ab')}"], "${ISSUER.replace(ID, 'ab')}")`)),
    ).toBe(true);
    // a value holding an unknown part: unknown
    expect(isUnknown(ev('index(["a", name], name)'))).toBe(true);
  });
});

// A template with an unknown interpolation is a partly known string (src/model/unknown.ts
// `PartlyKnown`): its unknown text may hold any separator, but the pieces before it are known
// (eval/partial-list.ts `splitHead`, a PartlyKnownList with that known prefix).
describe('split of a template with an unknown interpolation', () => {
  const evUnknown = (text: string): unknown => evalWithVars(text, [['x', new Unknown('var.x has no value')]]);

  it('the pieces before the unknown text: known (was unknown); the piece holding it and after: unknown', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a Terraform template, literal text
    expect(evUnknown('split("/", "team/app/${x}/logs")[0]')).toBe('team');
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a Terraform template, literal text
    expect(evUnknown('element(split("/", "team/app/${x}/logs"), 1)')).toBe('app');
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a Terraform template, literal text
    expect(isUnknown(evUnknown('split("/", "team/app/${x}/logs")[2]'))).toBe(true);
    // the unknown text may hold "/": "logs" is at no known index
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a Terraform template, literal text
    expect(isUnknown(evUnknown('split("/", "team/app/${x}/logs")[3]'))).toBe(true);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a Terraform template, literal text
    expect(isUnknown(evUnknown('length(split("/", "team/app/${x}/logs"))'))).toBe(true);
    // the deploying Region (not given) in the head: its pieces depend on the Region
    expect(isUnknown(evUnknown(`split("-", "${PLACEHOLDER_REGION}-\${x}")[0]`))).toBe(true);
    // "//": the unknown text may begin with "/"
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a Terraform template, literal text
    expect(isUnknown(evUnknown('split("//", "team/${x}")[0]'))).toBe(true);
  });

  it('substr inside the known head of such a template: known (was unknown)', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a Terraform template, literal text
    expect(evUnknown('substr("team-app-${x}", 0, 4)')).toBe('team');
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a Terraform template, literal text
    expect(isUnknown(evUnknown('substr("team-${x}", 0, 5)'))).toBe(true);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a Terraform template, literal text
    expect(isUnknown(evUnknown('substr("team-${x}", 1, -1)'))).toBe(true);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a Terraform template, literal text
    expect(isUnknown(evUnknown('substr("team-${x}", -2, 1)'))).toBe(true);
  });
});
