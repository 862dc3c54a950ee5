// Terraform maps keyed by a Region that is not given (no --region, no provider region: the stand-in
// `deploying-region`, src/model/stand-ins.ts). A map of Region codes read with the Region
// (`lookup(var.by_region, data.aws_region.current.name)`, `var.by_region[local.region]`) gives the
// entry of whichever Region it is; an object literal with a key built from the Region
// (`{ (data.aws_region.current.name) = 1, "us-east-1" = 2 }`) has one entry fewer in us-east-1.
// Before, such a literal was built as written and read as if the stand-in were a Region of its
// own: `local.here_then_east[local.region]` was "here", while in us-east-1 it is "east". Now
// (src/adapters/terraform/eval/fn-region.ts `regionKeyedRead`) a read is kept only when it is the
// same in every Region; a map of Region codes read with the Region is each entry (and the default)
// as a possibility, the value when they agree; otherwise unknown with the reason, never one
// arbitrary entry.
// Pages the rules come from:
// - Terraform language, "Types and Values", maps/objects: "{ name = "John", age = 52 }"; a key may be
//   any expression in parentheses: "To use a non-literal string as a key, wrap it in parentheses,
//   like (var.business_unit_tag_name) = "SRE"". Index: `local.map["key"]`.
//   https://developer.hashicorp.com/terraform/language/expressions/types
// - Terraform function `lookup`: "retrieves the value of a single element from a map, given its
//   key. If the given key does not exist, the given default value is returned instead."
//   https://developer.hashicorp.com/terraform/language/functions/lookup
// - Terraform AWS provider, data source aws_region: "name - Name of the selected region".
// - AWS General Reference, "AWS Regions": Region codes such as `us-east-1` (each holds a digit).

import { describe, expect, it } from 'vitest';
import { loadTerraformConfig } from '../src/adapters/terraform/index.js';
import { compileModel } from '../src/engine/index.js';
import { ModelBuilder } from '../src/model/builder.js';
import { isUnknown } from '../src/model/unknown.js';
import { verdict } from './helpers/engine-fixtures.js';

const FX = 'test/fixtures/terraform/region-keyed-maps';

function load(region?: string) {
  const b = new ModelBuilder();
  loadTerraformConfig(FX, b, { account: '111122223333', ...(region ? { region } : {}) });
  const m = b.build();
  const dev = m.users.find((u) => u.name === 'dev')!;
  const statements = dev.inlinePolicies.flatMap((p) => p.document.statements);
  const resource = (sid: string) => statements.find((s) => s.sid === sid)!.resource!.values[0];
  return { e: compileModel(m), dev: dev.arn, resource };
}

const reason = (v: unknown) => String((v as { reason: string }).reason);

describe('maps keyed by the Region when no region is given', () => {
  const { e, dev, resource } = load();

  it('a map of Region codes read with the Region: unknown with the reason where the entries differ', () => {
    for (const sid of ['lookup', 'lookupdef', 'index']) {
      expect(isUnknown(resource(sid)), sid).toBe(true);
      expect(reason(resource(sid))).toContain('the key is the deploying region, which is not given');
    }
    expect(verdict(e, dev, 's3:GetObject', 'arn:aws:s3:::b-east/k')).toBe('indeterminate');
    expect(verdict(e, dev, 's3:GetObject', 'arn:aws:s3:::b-other/k')).toBe('indeterminate');
  });

  it('where every entry is the same, that entry', () => {
    expect(resource('same')).toBe('arn:aws:s3:::b-shared/*');
  });

  it('the reproduction: an object literal keyed by the Region and by us-east-1 is unknown (was "here")', () => {
    expect(isUnknown(resource('literalfirst'))).toBe(true);
    expect(reason(resource('literalfirst'))).toContain('it reads a map keyed by a region that is not given');
    expect(verdict(e, dev, 's3:GetObject', 'arn:aws:s3:::b-here/k')).toBe('indeterminate');
  });

  it('the same literal with the Region’s key last reads its entry in every Region', () => {
    expect(resource('literallast')).toBe('arn:aws:s3:::b-mine/*');
  });

  it('a literal key such a map may lose to the Region’s is unknown (was "east")', () => {
    for (const sid of ['eastkey', 'lookupeast']) {
      expect(isUnknown(resource(sid)), sid).toBe(true);
      expect(reason(resource(sid))).toContain('it reads a map keyed by a region');
    }
  });

  it('a key no Region can be (no digit) reads as usual', () => {
    expect(resource('plainkey')).toBe('arn:aws:s3:::b-y/*');
  });
});

describe('with --region, each read is that Region’s', () => {
  it('us-east-1', () => {
    const { resource } = load('us-east-1');
    expect(resource('lookup')).toBe('arn:aws:s3:::b-east/*');
    expect(resource('literalfirst')).toBe('arn:aws:s3:::b-east/*');
    expect(resource('literallast')).toBe('arn:aws:s3:::b-mine/*');
    expect(resource('eastkey')).toBe('arn:aws:s3:::b-mine/*');
  });

  it('eu-west-1', () => {
    const { resource } = load('eu-west-1');
    expect(resource('index')).toBe('arn:aws:s3:::b-west/*');
    expect(resource('literalfirst')).toBe('arn:aws:s3:::b-here/*');
    expect(resource('eastkey')).toBe('arn:aws:s3:::b-east/*');
    expect(resource('lookupdef')).toBe('arn:aws:s3:::b-west/*');
  });
});
