// Which launch templates an Auto Scaling group is linked to, across Terraform provider
// configurations (src/aws/launch-template-versions.ts `templatePlaceMatch`,
// src/adapters/terraform/handlers/autoscaling.ts). Before, a group was linked to every template of
// the name (or id) it names, whatever account and Region each was deployed to: a group in account
// B was linked to account A's template of that name, and, the name being "known", it was not
// open to account B's template whose name is unknown, which it may launch (a silent pass).
//
// Pages:
// - Amazon EC2 User Guide, "Restrictions for Amazon EC2 launch templates": "Quotas – You are
//   limited to creating 5,000 launch templates per Region and 10,000 versions per launch
//   template." (launch templates are Regional), https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/launch-template-restrictions.html
// - Service Authorization Reference, Amazon EC2, resource type launch-template:
//   `arn:${Partition}:ec2:${Region}:${Account}:launch-template/${LaunchTemplateId}` (owned by one
//   account, in one Region).
// - Amazon EC2 Auto Scaling API Reference, LaunchTemplateSpecification, LaunchTemplateName: "The
//   name of the launch template. To get the template name, use the Amazon EC2
//   DescribeLaunchTemplates API operation." (the templates of the group's own account and Region).
// - Terraform, "The provider meta-argument": "The provider meta-argument specifies which provider
//   configuration to use for a resource", https://developer.hashicorp.com/terraform/language/meta-arguments/provider

import { describe, expect, it } from 'vitest';
import type { AutoScalingGroupLink, Model } from '../src/model/types.js';
import { loadModelSync } from '../src/adapters/load.js';
import { loadTerraformFiles, terraformPlanModel, writeTempFiles } from './helpers/temp-inputs.js';
import { plan } from './helpers/unknown-boundary-plans.js';
import { tfServiceRole } from './helpers/terraform-roles.js';

const A = '111111111111';
const B = '222222222222';

const provider = (alias: string | undefined, account: string, region = 'us-west-2') => `provider "aws" {
  ${alias ? `alias = "${alias}"` : ''}
  region = "${region}"
  allowed_account_ids = ["${account}"]
}`;

/** Provider `aws.u` in us-west-2 whose account is unknown (it assumes the role of variable `role`). */
const UNKNOWN_ACCOUNT_PROVIDER = `variable "role" { type = string }
provider "aws" {
  alias = "u"
  region = "us-west-2"
  assume_role { role_arn = var.role }
}`;

/** A role, its instance profile and a launch template `lt` (name `name`, or `name_prefix` when it ends in `-`), under `alias`. */
function template(key: string, name: string, alias?: string): string {
  const p = alias ? `  provider = aws.${alias}\n` : '';
  const naming = name.endsWith('-') ? `name_prefix = "${name}"` : `name = "${name}"`;
  return `${tfServiceRole(`svc_${key}`, 'ec2.amazonaws.com').replace('{\n', `{\n${p}`)}
resource "aws_iam_instance_profile" "${key}" {
${p}  name = "profile-${key}"
  role = aws_iam_role.svc_${key}.name
}
resource "aws_launch_template" "${key}" {
${p}  ${naming}
  iam_instance_profile { name = aws_iam_instance_profile.${key}.name }
}`;
}

/** A group `asg_KEY` naming launch template `name`, under `alias`. */
function group(key: string, name: string, alias?: string): string {
  return `resource "aws_autoscaling_group" "asg_${key}" {
${alias ? `  provider = aws.${alias}\n` : ''}  name = "asg-${key}"
  min_size = 1
  max_size = 2
  launch_template {
    name = "${name}"
    version = "$Default"
  }
}`;
}

/** The groups linked to the launch template whose instance profile is `profile-KEY`. */
function groupsOf(m: Model, key: string): AutoScalingGroupLink[] {
  for (const r of m.roles)
    for (const p of r.instanceProfiles)
      if (p.name === `profile-${key}`)
        for (const u of p.usedBy) if (u.launchTemplate) return [...u.launchTemplate.groups];
  throw new Error(`no launch template with profile-${key}`);
}

const names = (links: AutoScalingGroupLink[]) =>
  links.map((l) => `${String(l.name)}${l.maybe ? '?' : ''}`).sort();

describe('Terraform: a group is linked to the launch templates of its own account and Region', () => {
  it('a group in account B naming "web": not account A\u2019s template web, open to account B\u2019s template of unknown name (was linked to A\u2019s, not to B\u2019s)', () => {
    const m = loadTerraformFiles(
      [
        provider(undefined, A),
        provider('b', B),
        template('a', 'web'),
        template('b', 'web-', 'b'),
        group('b', 'web', 'b'),
      ].join('\n'),
    );
    expect(names(groupsOf(m, 'a'))).toEqual([]);
    const b = groupsOf(m, 'b');
    expect(names(b)).toEqual(['asg-b?']);
    expect(b[0]!.maybe?.byName).toBe('web');
  });

  it('a group in another Region of the same account: not linked to the template of that name', () => {
    const m = loadTerraformFiles(
      [
        provider(undefined, A),
        provider('east', A, 'us-east-1'),
        template('a', 'web'),
        group('e', 'web', 'east'),
      ].join('\n'),
    );
    expect(names(groupsOf(m, 'a'))).toEqual([]);
  });

  it('near-miss: the group and the template in the same account and Region (another alias): linked for sure', () => {
    const m = loadTerraformFiles(
      [provider(undefined, A), provider('same', A), template('a', 'web'), group('s', 'web', 'same')].join(
        '\n',
      ),
    );
    expect(names(groupsOf(m, 'a'))).toEqual(['asg-s']);
  });

  it('a group whose provider\u2019s account is unknown: maybe linked to the template of that name, with why', () => {
    const m = loadTerraformFiles(
      [provider(undefined, A), UNKNOWN_ACCOUNT_PROVIDER, template('a', 'web'), group('u', 'web', 'u')].join(
        '\n',
      ),
    );
    const links = groupsOf(m, 'a');
    expect(names(links)).toEqual(['asg-u?']);
    expect(links[0]!.maybe?.reason).toContain('account');
  });
});

/** A stack's template: an EC2 role in instance profile `profile-KEY`, a template `name` (none: generated) and a group naming `group`. */
function cfnStack(key: string, template?: string | null, group?: string): object {
  const resources: Record<string, unknown> = {
    Role: {
      Type: 'AWS::IAM::Role',
      Properties: {
        RoleName: `svc-${key}`,
        AssumeRolePolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' },
          ],
        },
      },
    },
    Profile: {
      Type: 'AWS::IAM::InstanceProfile',
      Properties: { InstanceProfileName: `profile-${key}`, Roles: [{ Ref: 'Role' }] },
    },
  };
  if (template !== undefined)
    resources.Lt = {
      Type: 'AWS::EC2::LaunchTemplate',
      Properties: {
        ...(template === null ? {} : { LaunchTemplateName: template }),
        LaunchTemplateData: { IamInstanceProfile: { Name: { Ref: 'Profile' } } },
      },
    };
  if (group)
    resources.Asg = {
      Type: 'AWS::AutoScaling::AutoScalingGroup',
      Properties: {
        AutoScalingGroupName: `asg-${key}`,
        MinSize: '1',
        MaxSize: '2',
        LaunchTemplate: { LaunchTemplateName: group, Version: '$Default' },
      },
    };
  return { Resources: resources };
}

/** A cloud assembly of stacks `key` → [environment, template]. */
function assembly(stacks: Record<string, [string, object]>): Model {
  const files: Record<string, object> = {};
  const artifacts: Record<string, object> = {};
  for (const [key, [env, template]] of Object.entries(stacks)) {
    artifacts[key] = {
      type: 'aws:cloudformation:stack',
      environment: env,
      properties: { templateFile: `${key}.template.json`, stackName: key },
    };
    files[`${key}.template.json`] = template;
  }
  return loadModelSync([writeTempFiles({ 'manifest.json': { version: '36.0.0', artifacts }, ...files })], {});
}

describe('CloudFormation: a group is linked to the launch templates of its own stack\u2019s account and Region', () => {
  it('a group of a stack in another Region naming "web": not the template web, open to its Region\u2019s template of generated name (was linked to the other Region\u2019s)', () => {
    const m = assembly({
      West: [`aws://${A}/us-west-2`, cfnStack('w', 'web')],
      East: [`aws://${A}/us-east-1`, cfnStack('e', null, 'web')],
    });
    expect(names(groupsOf(m, 'w'))).toEqual([]);
    const e = groupsOf(m, 'e');
    expect(names(e)).toEqual(['asg-e?']);
    expect(e[0]!.maybe?.byName).toBe('web');
  });

  it('near-miss: two stacks of one account and Region: linked for sure', () => {
    const m = assembly({
      One: [`aws://${A}/us-west-2`, cfnStack('w', 'web')],
      Two: [`aws://${A}/us-west-2`, cfnStack('g', undefined, 'web')],
    });
    expect(names(groupsOf(m, 'w'))).toEqual(['asg-g']);
  });

  it('a stack whose Region is not stated (environment-agnostic) naming "web": maybe linked to the template of a stated Region', () => {
    const m = assembly({
      West: [`aws://${A}/us-west-2`, cfnStack('w', 'web')],
      Any: [`aws://${A}/unknown-region`, cfnStack('a', undefined, 'web')],
    });
    const links = groupsOf(m, 'w');
    expect(names(links)).toEqual(['asg-a?']);
    expect(links[0]!.maybe?.reason).toContain('Region');
  });
});

// The same class for instance profiles, which are IAM's (account-owned): Service Authorization
// Reference, IAM, resource type instance-profile:
// `arn:${Partition}:iam::${Account}:instance-profile/${InstanceProfileNameWithPath}`. Before, the
// Terraform adapter kept one profile per name across accounts: a launch template of account A
// naming its account's profile "web" was recorded on account B's profile "web" (the last read),
// and A's role showed no launch template.
describe('Terraform: a launch template uses the instance profile of its own account', () => {
  it('profiles named alike in two accounts: each template on its account\u2019s (was: both on the last read)', () => {
    const profile = (key: string, alias?: string) => {
      const p = alias ? `  provider = aws.${alias}\n` : '';
      return `${tfServiceRole(`svc_${key}`, 'ec2.amazonaws.com').replace('{\n', `{\n${p}`)}
resource "aws_iam_instance_profile" "${key}" {
${p}  name = "web"
  role = aws_iam_role.svc_${key}.name
}
resource "aws_launch_template" "${key}" {
${p}  name = "lt-${key}"
  iam_instance_profile { name = "web" }
}`;
    };
    const m = loadTerraformFiles(
      [provider(undefined, A), provider('b', B), profile('a'), profile('b', 'b')].join('\n'),
    );
    const uses = (role: string) =>
      m.roles
        .find((r) => r.name === role)!
        .instanceProfiles.flatMap((p) => p.usedBy.map((u) => u.name))
        .sort();
    expect(uses('svc_a')).toEqual(['lt-a']);
    expect(uses('svc_b')).toEqual(['lt-b']);
  });
});

// A profile whose ARN the plan knows (one read from the prior state) is the account of its ARN,
// whatever account the provider is taken for: a launch configuration naming that ARN names it.
// Before, the profile was keyed by the provider's account (the placeholder without --account)
// and a launch configuration naming it by its ARN found none ("instance profile … is not in
// the inputs"): its role lost the use, and the review the escalations through that instance
// (seen on the corpus: terraform-compliance issue-249, 12 privilege-escalation findings lost).
describe('Terraform: a profile whose ARN the plan knows is of its ARN\u2019s account', () => {
  it('a launch configuration naming the profile by that ARN uses it, without --account', () => {
    const ARN = 'arn:aws:iam::123456789012:instance-profile/web';
    const trust = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
    });
    // the provider is taken for another account (it assumes a role there)
    const assumes = {
      provider_config: {
        aws: {
          name: 'aws',
          expressions: {
            assume_role: [{ role_arn: { constant_value: 'arn:aws:iam::111111111111:role/deployer' } }],
          },
        },
      },
    };
    const m = terraformPlanModel({
      ...plan([
        {
          address: 'aws_iam_role.svc',
          type: 'aws_iam_role',
          values: { name: 'svc', assume_role_policy: trust },
        },
        {
          address: 'aws_iam_instance_profile.p',
          type: 'aws_iam_instance_profile',
          values: { name: 'web', role: 'svc', arn: ARN },
          unknown: { arn: false },
        },
        {
          address: 'aws_launch_configuration.lc',
          type: 'aws_launch_configuration',
          values: { name: 'lc', image_id: 'ami-1', instance_type: 't3.micro', iam_instance_profile: ARN },
        },
      ]),
      configuration: assumes,
    });
    expect(m.findings.filter((f) => f.code === 'tf/unresolved-reference').map((f) => f.message)).toEqual([]);
    const uses = m.roles.find((r) => r.name === 'svc')!.instanceProfiles.flatMap((p) => p.usedBy);
    expect(uses.length).toBe(1);
  });
});

// A profile under a provider whose account is unknown (a stand-in) may be the one another
// account's launch template names: the use is kept (as before the keying by account), not dropped.
describe('Terraform: a profile of an account the inputs do not give may be the one named', () => {
  it('a launch template of account A naming A\u2019s profile web by ARN: uses the profile web of the unknown account', () => {
    const m = loadTerraformFiles(
      [
        provider(undefined, A),
        UNKNOWN_ACCOUNT_PROVIDER,
        `${tfServiceRole('svc_u', 'ec2.amazonaws.com').replace('{\n', '{\n  provider = aws.u\n')}
resource "aws_iam_instance_profile" "u" {
  provider = aws.u
  name = "web"
  role = aws_iam_role.svc_u.name
}
resource "aws_launch_template" "a" {
  name = "lt-a"
  iam_instance_profile { arn = "arn:aws:iam::${A}:instance-profile/web" }
}`,
      ].join('\n'),
    );
    const uses = m.roles.find((r) => r.name === 'svc_u')!.instanceProfiles.flatMap((p) => p.usedBy);
    expect(uses.map((u) => u.name)).toEqual(['lt-a']);
  });
});
