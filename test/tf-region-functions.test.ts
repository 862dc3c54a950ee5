// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${...} is Terraform syntax here.
// Terraform functions of a Region the inputs do not give (data.aws_region with no --region and
// no provider region: the stand-in `deploying-region`; an aliased provider configuration whose
// region is a variable: `unknown-region`; src/model/stand-ins.ts). The stand-in is no region code,
// so a function reading its characters would give a string no Region gives (`replace(region, "-",
// "")` was "deployingregion", `substr(region, 0, 2)` "de"): src/adapters/terraform/eval/fn-region.ts
// keeps the result only where it is the Region (`join("-", split("-", region))`, `format("%s")`,
// `lower`) or the same function of every Region (`length(split(":", arn))`); anything else is
// unknown with the reason, so a policy built from it is indeterminate, never decided on a made-up
// name.
// Pages the rules come from:
// - Terraform language, built-in functions: `split` "produces a list by dividing a given string
//   at all occurrences of a given separator"; `join` "produces a string by concatenating all of
//   the elements of the specified list of strings with the specified separator"; `replace`
//   "searches a given string for another given substring, and replaces each occurrence"; `substr`
//   "extracts a substring from a given string by offset and (maximum) length"; `format` "%s
//   Convert to string and insert the string's characters", "%.3s" a precision.
//   https://developer.hashicorp.com/terraform/language/functions
// - AWS General Reference, "AWS Regions": Region codes such as `us-east-1`, `us-gov-west-1`,
//   `ap-southeast-2` (lower-case letters, digits and hyphens, with a varying number of parts).
//   https://docs.aws.amazon.com/general/latest/gr/rande.html
// - Terraform AWS provider, data source aws_region: "name - Name of the selected region"
//   ("region" in provider v6).

import { describe, expect, it } from 'vitest';
import { loadTerraformConfig, loadTerraformConfigObject } from '../src/adapters/terraform/index.js';
import { compileModel } from '../src/engine/index.js';
import { ModelBuilder } from '../src/model/builder.js';
import { PLACEHOLDER_REGION } from '../src/model/stand-ins.js';
import { isUnknown } from '../src/model/unknown.js';
import { verdict } from './helpers/engine-fixtures.js';

const FX = 'test/fixtures/terraform/region-functions';
const ACCOUNT = '111122223333';

function load(region?: string) {
  const b = new ModelBuilder();
  loadTerraformConfig(FX, b, { account: ACCOUNT, ...(region ? { region } : {}) });
  const m = b.build();
  const dev = m.users.find((u) => u.name === 'dev')!;
  const statements = dev.inlinePolicies.flatMap((p) => p.document.statements);
  const resource = (sid: string) => statements.find((s) => s.sid === sid)!.resource!.values[0];
  return { m, e: compileModel(m), dev: dev.arn, resource };
}

describe('functions of the deploying Region when no region is given', () => {
  const { e, dev, resource } = load();

  it('where the result is the Region itself, it stays the Region (not a literal, not unknown)', () => {
    for (const sid of ['joinsplit', 'formats', 'lower', 'trimspace'])
      expect(resource(sid)).toBe(`arn:aws:s3:::b-${PLACEHOLDER_REGION}/*`);
  });

  it('where it is something else, it is unknown with the reason (was a made-up concrete name)', () => {
    for (const [sid, fn] of [
      ['joinother', 'split'],
      ['replace', 'replace'],
      ['substr', 'substr'],
      ['formatcut', 'format'],
      ['upper', 'upper'],
      ['first', 'split'],
      ['md5', 'md5'],
      ['drreplace', 'replace'],
    ] as const) {
      const r = resource(sid);
      expect(isUnknown(r), sid).toBe(true);
      expect(String((r as { reason: string }).reason)).toContain(
        `${fn}(): it compares or transforms a region`,
      );
    }
  });

  it('the reproduction: b-useast1 (replace of us-east-1) is indeterminate (was deny)', () => {
    expect(verdict(e, dev, 's3:GetObject', 'arn:aws:s3:::b-useast1/k')).toBe('indeterminate');
    expect(verdict(e, dev, 's3:GetObject', 'arn:aws:s3:::b-us/k')).toBe('indeterminate');
  });

  it('a function whose result is the same for every Region keeps it', () => {
    expect(resource('Queue')).toBe(`arn:aws:sqs:${PLACEHOLDER_REGION}:${ACCOUNT}:jobs`);
    expect(resource('Parts')).toBe('arn:aws:sqs:*:*:parts-6');
  });
});

describe('the same configuration with the Region given', () => {
  const { e, dev, resource } = load('us-east-1');

  it('every function is computed on the Region (the aliased provider region aside)', () => {
    expect(resource('joinsplit')).toBe('arn:aws:s3:::b-us-east-1/*');
    expect(resource('replace')).toBe('arn:aws:s3:::b-useast1/*');
    expect(resource('substr')).toBe('arn:aws:s3:::b-us/*');
    expect(resource('upper')).toBe('arn:aws:s3:::b-US-EAST-1/*');
    expect(isUnknown(resource('drreplace'))).toBe(true);
    expect(verdict(e, dev, 's3:GetObject', 'arn:aws:s3:::b-useast1/k')).toBe('allow');
  });
});

describe('format() verbs that cut or pad (%.3s, %10s) read the text: unknown for an unknown name too', () => {
  // Terraform language, format: "%s ... insert the string's characters"; a precision "%.3s"
  // keeps the first three. A name AWS picks (an (unknown-…) part) cut so is not that part.
  const b = new ModelBuilder();
  loadTerraformConfigObject(
    {
      resource: {
        aws_s3_bucket: { logs: {} },
        aws_iam_user: { dev: { name: 'dev' } },
        aws_iam_user_policy: {
          dev: {
            user: 'dev',
            policy:
              '${jsonencode({Version = "2012-10-17", Statement = [{Sid = "Cut", Effect = "Allow", Action = "s3:GetObject", Resource = "arn:aws:s3:::${format("%.3s", aws_s3_bucket.logs.bucket)}/*"}, {Sid = "Whole", Effect = "Allow", Action = "s3:PutObject", Resource = "arn:aws:s3:::${format("%s", aws_s3_bucket.logs.bucket)}/*"}]})}',
          },
        },
      },
    },
    b,
    { account: ACCOUNT, region: 'us-east-1' },
  );
  const m = b.build();
  const statements = m.users[0]!.inlinePolicies.flatMap((p) => p.document.statements);
  const resource = (sid: string) => statements.find((s) => s.sid === sid)!.resource!.values[0];

  it('%.3s of the unknown name is unknown (was "(un"); %s places it as it is', () => {
    expect(isUnknown(resource('Cut'))).toBe(true);
    expect(resource('Whole')).toBe('arn:aws:s3:::(unknown-aws_s3_bucket.logs)/*');
  });
});
