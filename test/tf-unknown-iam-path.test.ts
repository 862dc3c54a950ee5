// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${...} is Terraform syntax here.
// Terraform IAM elements whose `path` the inputs leave unknown (a variable with no value, a
// conditional on one, a value known only after apply, a plan's `after_unknown`) or partly known
// (`"/teams/${var.team}/"`): the path is modelled with an unknown path part
// (`/(unknown-path=ADDRESS)/`, src/model/stand-ins.ts `partlyKnownPath`, filled by
// src/adapters/terraform/eval/computed.ts), never as `/`, with a `tf/unknown-path` warning naming
// the attribute and the address; the element's ARN, and every reference to it
// (`aws_iam_role.app.arn`, `aws_iam_policy.shared.arn`), hold the same unknown path, so a pattern
// on a path (`role/app/*`, `ArnLike aws:PrincipalArn role/service-role/*`) is indeterminate for it
// while its own ARN still names it. Known segments of a partly known path are kept.
// Pages the rules come from:
// - IAM User Guide, "IAM identifiers", Friendly names and paths: the ARN is
//   `arn:aws:iam::account:role/PATH/NAME` ("arn:aws:iam::123456789012:user/division_abc/
//   subdivision_xyz/Bob"). https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html
// - IAM API Reference, CreateRole, Path: "a string of characters consisting of either a forward
//   slash (/) by itself or a string that must begin and end with forward slashes. In addition, it
//   can contain any ASCII character from the ! (\u0021) through the DEL character (\u007F)".
//   https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html
// - IAM User Guide, "IAM JSON policy elements: Resource": "An asterisk (*) represents any
//   combination of zero or more characters". IAM User Guide, "AWS global condition context
//   keys", aws:PrincipalArn: "the ARN of the principal that made the request".
// - Terraform AWS provider, aws_iam_role: "path - (Optional) Path to the role"; data source
//   aws_iam_role: attribute "path - Path to the role" (read from AWS).

import { describe, expect, it } from 'vitest';
import { loadTerraformConfig, loadTerraformPlan } from '../src/adapters/terraform/index.js';
import { compileModel } from '../src/engine/index.js';
import { ModelBuilder } from '../src/model/builder.js';
import { partlyKnownPath } from '../src/model/stand-ins.js';
import { verdict } from './helpers/engine-fixtures.js';

const FX = 'test/fixtures/terraform/unknown-iam-path';
const ACCOUNT = '111122223333';
const iam = (rest: string) => `arn:aws:iam::${ACCOUNT}:${rest}`;

describe('partlyKnownPath: known segments kept, each unknown segment run one unknown path part', () => {
  it('wholly unknown, partly known, unknown at either end, two unknowns', () => {
    expect(partlyKnownPath([undefined], 'h')).toBe('/(unknown-path=h)/');
    expect(partlyKnownPath(['/teams/', undefined, '/'], 'h')).toBe('/teams/(unknown-path=h)/');
    expect(partlyKnownPath([undefined, '/apps/'], 'h')).toBe('/(unknown-path=h)/apps/');
    expect(partlyKnownPath(['/a/', undefined], 'h')).toBe('/a/(unknown-path=h)/');
    // a segment with an unknown in it is unknown whole (its `x` may be anywhere in it)
    expect(partlyKnownPath(['/x', undefined, '/b/'], 'h')).toBe('/(unknown-path=h)/b/');
    expect(partlyKnownPath(['/', undefined, '/k/', undefined, '/'], 'h')).toBe(
      '/(unknown-path=h)/k/(unknown-path=h-2)/',
    );
    // adjacent unknown segments are one run
    expect(partlyKnownPath(['/', undefined, '/', undefined, '/'], 'h')).toBe('/(unknown-path=h)/');
    expect(partlyKnownPath(['/known/'], 'h')).toBe('/known/');
  });
});

describe('a Terraform configuration whose IAM paths are unknown', () => {
  const b = new ModelBuilder();
  loadTerraformConfig(`${FX}/config`, b, { account: ACCOUNT });
  const m = b.build();
  const e = compileModel(m);
  const dev = m.users.find((u) => u.name === 'dev')!.arn;
  const role = (name: string) => m.roles.find((r) => r.name === name)!;

  it('each element keeps an unknown path in its path and ARN, never /; known segments kept', () => {
    expect(role('app').arn).toBe(iam('role/(unknown-path=aws_iam_role.app)/app'));
    expect(role('app').path).toBe('/(unknown-path=aws_iam_role.app)/');
    expect(role('team-role').arn).toBe(iam('role/teams/(unknown-path=aws_iam_role.team)/team-role'));
    expect(role('cond').arn).toBe(iam('role/(unknown-path=aws_iam_role.cond)/cond'));
    expect(m.users.find((u) => u.name === 'ops')!.arn).toBe(iam('user/(unknown-path=aws_iam_user.ops)/ops'));
    expect(m.groups[0]!.arn).toBe(iam('group/(unknown-path=aws_iam_group.admins)/admins'));
    expect(m.policies.find((p) => p.name === 'shared')!.arn).toBe(
      iam('policy/(unknown-path=aws_iam_policy.shared)/shared'),
    );
  });

  it('a tf/unknown-path warning names the attribute, the address and why', () => {
    const warnings = m.findings.filter((f) => f.code === 'tf/unknown-path');
    for (const address of [
      'aws_iam_role.app',
      'aws_iam_role.team',
      'aws_iam_role.cond',
      'aws_iam_user.ops',
      'aws_iam_group.admins',
      'aws_iam_policy.shared',
      'aws_iam_instance_profile.app',
      'data.aws_iam_role.exec',
    ])
      expect(warnings.some((f) => f.message.includes(`the path of ${address} `))).toBe(true);
    expect(warnings.every((f) => f.severity === 'warning')).toBe(true);
    const app = warnings.find((f) => f.message.includes('aws_iam_role.app '))!;
    expect(app.message).toContain('(attribute "path")');
    expect(app.message).toContain('input variable "role_path" has no value');
    expect(app.source?.file).toContain('main.tf');
    expect(warnings.find((f) => f.message.includes('aws_iam_user.ops'))!.message).toContain(
      'random_id.suffix.hex is known only after apply',
    );
  });

  it('the reproduction: role/app/* on a role whose path is a variable is indeterminate (was deny)', () => {
    expect(verdict(e, dev, 'iam:PassRole', role('app').arn)).toBe('indeterminate');
    expect(verdict(e, dev, 'iam:PassRole', role('cond').arn)).toBe('indeterminate');
    expect(verdict(e, dev, 'iam:UpdateUser', m.users.find((u) => u.name === 'ops')!.arn)).toBe(
      'indeterminate',
    );
    expect(verdict(e, dev, 'iam:GetGroup', m.groups[0]!.arn)).toBe('indeterminate');
  });

  it('ArnLike aws:PrincipalArn role/service-role/* in a bucket policy is indeterminate for it (was allow)', () => {
    // app holds s3:GetObject through the attached aws_iam_policy.shared (its ARN by reference)
    expect(verdict(e, role('app').arn, 's3:GetObject', 'arn:aws:s3:::data/k')).toBe('indeterminate');
    // the partly known path /teams/…/ is never service-role/…: the Deny cannot apply
    expect(verdict(e, role('team-role').arn, 's3:GetObject', 'arn:aws:s3:::data/k')).toBe('allow');
  });

  it("references to the element's ARN name it by the same unknown path", () => {
    expect(verdict(e, dev, 'iam:GetRole', role('app').arn)).toBe('allow');
    expect(verdict(e, dev, 'iam:GetPolicy', m.policies.find((p) => p.name === 'shared')!.arn)).toBe('allow');
    const profile = m.roles.flatMap((r) => r.instanceProfiles ?? []);
    expect(JSON.stringify(profile)).toContain(
      'instance-profile/(unknown-path=aws_iam_instance_profile.app)/app',
    );
  });

  it('known segments decide what they can: role/teams/* names it, role/ops/* does not', () => {
    expect(verdict(e, dev, 'iam:TagRole', role('team-role').arn)).toBe('allow');
    expect(verdict(e, dev, 'iam:UntagRole', role('team-role').arn)).toBe('deny');
  });

  it('a role looked up by a data source: its path is read from AWS, so unknown', () => {
    const exec = iam('role/(unknown-path=data.aws_iam_role.exec)/lambda-exec');
    expect(verdict(e, dev, 'iam:ListRoleTags', exec)).toBe('allow');
    expect(verdict(e, dev, 'iam:ListRoleTags', iam('role/lambda-exec'))).toBe('indeterminate');
    expect(verdict(e, dev, 'iam:ListRoleTags', iam('role/other'))).toBe('deny');
  });
});

describe('a plan whose role path is known only after apply (after_unknown)', () => {
  const b = new ModelBuilder();
  loadTerraformPlan(`${FX}/plan.json`, b, { account: ACCOUNT });
  const m = b.build();
  const e = compileModel(m);
  const dev = m.users.find((u) => u.name === 'dev')!.arn;
  const app = m.roles.find((r) => r.name === 'app')!.arn;

  it('the role is modelled with an unknown path and a tf/unknown-path warning', () => {
    expect(app).toBe(iam('role/(unknown-path=aws_iam_role.app)/app'));
    const w = m.findings.find((f) => f.code === 'tf/unknown-path');
    expect(w?.message).toContain('aws_iam_role.app.path is known only after apply');
  });

  it('the reproduction: role/app/* and aws:PrincipalArn role/service-role/* are indeterminate (were decided)', () => {
    expect(verdict(e, dev, 'iam:PassRole', app)).toBe('indeterminate');
    expect(verdict(e, app, 's3:GetObject', 'arn:aws:s3:::data/k')).toBe('indeterminate');
    expect(verdict(e, dev, 'iam:GetRole', app)).toBe('allow');
  });
});

// A plan that knows a role's `arn` but not its `path` (after_unknown `path` only: a default the
// provider computes): the ARN holds the path (IAM User Guide, "IAM identifiers":
// `arn:aws:iam::account:role/PATH/NAME`), so the path is taken from it, consistent with the ARN,
// not an unknown path part beside a known ARN.
describe('a plan that knows the role ARN but not its path', () => {
  const b = new ModelBuilder();
  loadTerraformPlan(`${FX}/plan-arn-known.json`, b, { account: ACCOUNT });
  const m = b.build();
  const e = compileModel(m);
  const dev = m.users.find((u) => u.name === 'dev')!.arn;
  const role = m.roles.find((r) => r.name === 'app')!;

  it('the path is the ARN’s, and no tf/unknown-path warning', () => {
    expect(role.arn).toBe(iam('role/app/app'));
    expect(role.path).toBe('/app/');
    expect(m.findings.filter((f) => f.code === 'tf/unknown-path')).toEqual([]);
  });

  it('decisions on the path are decided by the ARN’s path (were indeterminate)', () => {
    expect(verdict(e, dev, 'iam:PassRole', role.arn)).toBe('allow');
    expect(verdict(e, role.arn, 's3:GetObject', 'arn:aws:s3:::data/k')).toBe('allow');
  });
});
