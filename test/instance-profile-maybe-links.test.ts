// Terraform: a launch template (or instance, launch configuration) naming an instance profile
// that profiles of several accounts the inputs do not tell apart are named. Since hcorpus24
// (adapters/terraform/handlers/iam.ts `profilesNamed`), where the exact ACCOUNT:NAME misses and an
// account is a stand-in, every profile of the name whose account may be that one takes the use,
// so none is dropped; but each took it as a sure link, and the review and noEscalation said dev
// surely reaches each profile's role through SSM on its instances (a fail), though the template
// uses one profile at most. Now, more than one candidate, each link is `InstanceProfileUse.maybe`
// and the requests through it are open: indeterminate, with why; so is a single candidate found by
// name alone in another account's text (the template's or the profile's account a stand-in).
//
// Pages:
// - Service Authorization Reference, IAM, resource type instance-profile:
//   `arn:${Partition}:iam::${Account}:instance-profile/${InstanceProfileNameWithPath}` (one
//   account's; a name names the profile of one account).
// - Terraform AWS provider, aws_launch_template, iam_instance_profile: "The IAM Instance Profile
//   to launch the instance with".
// - AWS Systems Manager API Reference, SendCommand: "Runs commands on one or more managed nodes".

import { describe, expect, it } from 'vitest';
import { compileModel } from '../src/engine/index.js';
import type { Model } from '../src/model/types.js';
import { escalationFindings, noEscalationCheck } from './helpers/escalation-findings.js';
import { loadTerraformFiles } from './helpers/temp-inputs.js';
import { tfAdminServiceRole } from './helpers/terraform-roles.js';

const A = '111111111111';

/** Providers u1 and u2 of unknown accounts, each with an administrator role and a profile `web`. */
function unknownAccountProfile(alias: string): string {
  return `provider "aws" {
  alias = "${alias}"
  region = "us-west-2"
  assume_role { role_arn = var.role_${alias} }
}
variable "role_${alias}" { type = string }
${tfAdminServiceRole(`svc_${alias}`, 'ec2.amazonaws.com')
  .replaceAll('{\n', `{\n  provider = aws.${alias}\n`)
  .replace('"admin"', `"admin_${alias}"`)}
resource "aws_iam_instance_profile" "${alias}" {
  provider = aws.${alias}
  name = "web"
  role = aws_iam_role.svc_${alias}.name
}`;
}

/** The uses of the `svc_` roles' profiles, dev's SSM escalation findings and its noEscalation check. */
function profileUsesAndSsm(m: Model) {
  const engine = compileModel(m);
  const uses = m.roles
    .filter((r) => r.name.startsWith('svc_'))
    .flatMap((r) => r.instanceProfiles.flatMap((p) => p.usedBy));
  const dev = `arn:aws:iam::${A}:user/dev`;
  const ssm = [...escalationFindings(engine, [dev]).values()].filter(
    (f) => f.detail === 'ssm:SendCommand on an EC2 instance with a role',
  );
  return { uses, ssm, check: noEscalationCheck(engine, 'user/dev') };
}

function load(aliases: readonly string[]) {
  const m = loadTerraformFiles(
    [
      `provider "aws" {
  region = "us-west-2"
  allowed_account_ids = ["${A}"]
}`,
      ...aliases.map(unknownAccountProfile),
      `resource "aws_launch_template" "a" {
  name = "lt-a"
  iam_instance_profile { arn = "arn:aws:iam::${A}:instance-profile/web" }
}
resource "aws_iam_user" "dev" { name = "dev" }
resource "aws_iam_user_policy" "p" {
  user = aws_iam_user.dev.name
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "ssm:SendCommand", Resource = "*" }] })
}`,
    ].join('\n'),
  );
  return profileUsesAndSsm(m);
}

describe('Terraform: a profile name several unknown accounts\u2019 profiles hold', () => {
  it('two candidates of unknown accounts: each link maybe (was: two sure links), SSM onto their roles indeterminate', () => {
    const r = load(['u1', 'u2']);
    expect(r.uses.map((u) => u.name)).toEqual(['lt-a', 'lt-a']);
    expect(r.uses.every((u) => u.maybe?.reason.includes('which one it uses is not known'))).toBe(true);
    expect(r.ssm.length).toBeGreaterThan(0);
    expect(r.ssm.every((f) => f.indeterminate)).toBe(true);
    expect(r.check.status).toBe('indeterminate');
  });

  it('near miss: one candidate: linked as before (the fallback kept, not maybe)', () => {
    const r = load(['u1']);
    expect(r.uses.map((u) => u.name)).toEqual(['lt-a']);
    expect(r.uses[0]!.maybe).toBeUndefined();
    expect(r.ssm.length).toBe(1);
  });
});

/** Profiles `web` of accounts A and B (known), and a launch template under a provider of unknown account naming `web`. */
function loadKnownProfiles(accounts: readonly ('a' | 'b')[] = ['a', 'b']) {
  const B = '222222222222';
  const known = (alias: string, account: string) => `provider "aws" {
  alias = "${alias}"
  region = "us-west-2"
  allowed_account_ids = ["${account}"]
}
${tfAdminServiceRole(`svc_${alias}`, 'ec2.amazonaws.com')
  .replaceAll('{\n', `{\n  provider = aws.${alias}\n`)
  .replace('"admin"', `"admin_${alias}"`)}
resource "aws_iam_instance_profile" "${alias}" {
  provider = aws.${alias}
  name = "web"
  role = aws_iam_role.svc_${alias}.name
}`;
  const m = loadTerraformFiles(
    [
      ...accounts.map((x) => known(x, x === 'a' ? A : B)),
      `variable "role" { type = string }
provider "aws" {
  region = "us-west-2"
  assume_role { role_arn = var.role }
}
resource "aws_launch_template" "u" {
  name = "lt-u"
  iam_instance_profile { name = "web" }
}
resource "aws_iam_user" "dev" {
  provider = aws.a
  name = "dev"
}
resource "aws_iam_user_policy" "p" {
  provider = aws.a
  user = aws_iam_user.dev.name
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "ssm:SendCommand", Resource = "*" }] })
}`,
    ].join('\n'),
  );
  return profileUsesAndSsm(m);
}

describe('Terraform: a template of an unknown account naming a profile of accounts A and B', () => {
  it('each link maybe; SSM onto A\u2019s role indeterminate (was: a sure path, fail)', () => {
    const r = loadKnownProfiles();
    expect(r.uses.map((u) => u.name)).toEqual(['lt-u', 'lt-u']);
    expect(r.ssm.length).toBeGreaterThan(0);
    expect(r.ssm.every((f) => f.indeterminate)).toBe(true);
    expect(r.check.status).toBe('indeterminate');
  });
});

// A single candidate found by name only (not by ARN) from a template whose account the inputs do
// not give: the template's instances use the profile of that name in their own account, which may
// be A or another account (whose profile `web` the inputs do not hold). hexist25 linked it surely;
// now the link is maybe, the requests through it open.
describe('Terraform: a template of an unknown account naming by name the one profile, of account A', () => {
  it('the link maybe (may be another account\u2019s profile); SSM onto A’s role indeterminate (was: a sure path, fail)', () => {
    const r = loadKnownProfiles(['a']);
    expect(r.uses.map((u) => u.name)).toEqual(['lt-u']);
    expect(r.uses[0]!.maybe?.reason).toContain('may be another account');
    expect(r.ssm.length).toBe(1);
    expect(r.ssm[0]!.indeterminate).toBeTruthy();
    expect(r.check.status).toBe('indeterminate');
  });
});
