// Which version of an EC2 launch template an Auto Scaling group launches, and so which requests
// put user data of one's own on its next instances. Shared by both adapters (which link groups to
// templates, `LaunchTemplateUse`) and the escalation table's launch-template rows.
// - Amazon EC2 Auto Scaling API Reference, LaunchTemplateSpecification, Version: "The version
//   number, $Latest, or $Default. ... If the value is $Latest, Amazon EC2 Auto Scaling selects the
//   latest version of the launch template when launching instances. If the value is $Default,
//   Amazon EC2 Auto Scaling selects the default version of the launch template when launching
//   instances. The default value is $Default."
// - CloudFormation AWS::AutoScaling::AutoScalingGroup LaunchTemplateSpecification, Version: a
//   version number, or `Fn::GetAtt` LatestVersionNumber / DefaultVersionNumber of the template
//   (a number fixed when the stack is deployed).
// - Amazon EC2 API Reference, ModifyLaunchTemplate: "You can specify which version of the launch
//   template to set as the default version".
// - Amazon EC2 Auto Scaling User Guide, "Control Amazon EC2 launch template usage in Auto Scaling
//   groups": ec2:RunInstances and iam:PassRole "are checked when an Auto Scaling group is created
//   or updated using a launch template".

import { isStandInAccount, PLACEHOLDER_REGION, UNKNOWN_REGION, unknownNamePart } from '../model/stand-ins.js';
import type { LaunchTemplateUse } from '../model/types.js';
import { isUnknown, type Maybe, Unknown } from '../model/unknown.js';

/**
 * How a group runs new versions: `default`, the version ModifyLaunchTemplate makes the default;
 * `latest`, every new version (CreateLaunchTemplateVersion alone); `fixed`, one number (a new
 * version runs only once the group is updated to it). A version left out is `$Default`.
 */
export type LaunchTemplateVersionRun = 'default' | 'latest' | 'fixed';

export function versionRun(version: Maybe<string> | undefined): LaunchTemplateVersionRun | Unknown {
  if (version === undefined || version === '$Default') return 'default';
  if (version === '$Latest') return 'latest';
  if (isUnknown(version)) return version;
  if (version === VERSION_NUMBER_AT_DEPLOYMENT || /^\d+$/.test(version)) return 'fixed';
  return new Unknown(`launch template version "${version}" is not $Default, $Latest or a number`);
}

/** The version a CloudFormation `Fn::GetAtt` of LatestVersionNumber / DefaultVersionNumber names. */
export const VERSION_NUMBER_AT_DEPLOYMENT = 'a version number fixed at deployment';

/**
 * Whether a CloudFormation `Version` value is `Fn::GetAtt` of a template's LatestVersionNumber or
 * DefaultVersionNumber: a number fixed when the stack is deployed.
 */
export function isVersionNumberAttribute(raw: unknown): boolean {
  if (!raw || typeof raw !== 'object') return false;
  const g = (raw as Record<string, unknown>)['Fn::GetAtt'];
  const attr = Array.isArray(g) ? g[1] : typeof g === 'string' ? g.split('.')[1] : undefined;
  return attr === 'LatestVersionNumber' || attr === 'DefaultVersionNumber';
}

/**
 * How an instance profile's use by an Auto Scaling launch configuration is named
 * (`InstanceProfileUse.kind`, both adapters): AWS::AutoScaling::LaunchConfiguration IamInstanceProfile,
 * Terraform aws_launch_configuration iam_instance_profile.
 */
export const LAUNCH_CONFIGURATION_USE = 'Auto Scaling launch configuration';

/**
 * A new, empty record of a launch template's Auto Scaling groups (adapters fill `groups`), with
 * its id where pinned and its modelled name.
 */
export function launchTemplateUse(id?: string, name?: string): LaunchTemplateUse {
  return { ...(id ? { id } : {}), ...(name !== undefined ? { name } : {}), groups: [] };
}

/**
 * Why an Auto Scaling group naming launch template `named` (a literal name no template of the
 * inputs has) may launch template `label`, whose name `modelled` the inputs leave (partly) unknown;
 * the adapters link it open (`AutoScalingGroupLink.maybe.byName`), the analysis keeps the link only
 * where the engine's rule for unknown names says the names may be equal.
 */
export function unmatchedNameReason(group: string, named: string, label: string, modelled: string): string {
  return `Auto Scaling group ${group} launches launch template ${named}, which no launch template of the inputs is named, and the name of launch template ${label} (${modelled}) is not known: it may be this one`;
}

/** The model account and Region of an Auto Scaling group or a launch template. */
export interface TemplatePlace {
  account: string;
  region: string;
}

/**
 * Whether a group at `group` may launch a template at `template`: launch templates are Regional
 * and owned by one account (EC2 User Guide, "Restrictions for Amazon EC2 launch templates":
 * "You are limited to creating 5,000 launch templates per Region"; Service Authorization
 * Reference: `arn:${Partition}:ec2:${Region}:${Account}:launch-template/${LaunchTemplateId}`),
 * and a group names one of its own account and Region (by name or id, DescribeLaunchTemplates').
 * `same`: one account (equal model accounts, a stand-in standing for one account) and one Region
 * (equal, not `UNKNOWN_REGION`); `other`: known accounts or known Regions that differ; else
 * `maybe` (a stand-in account, the deploying or an unknown Region, on either side).
 */
export function templatePlaceMatch(
  group: TemplatePlace,
  template: TemplatePlace,
): 'same' | 'other' | 'maybe' {
  const account =
    group.account === template.account
      ? 'same'
      : isStandInAccount(group.account) || isStandInAccount(template.account)
        ? 'maybe'
        : 'other';
  const known = (r: string) => r !== UNKNOWN_REGION && r !== PLACEHOLDER_REGION;
  const region =
    group.region === template.region && group.region !== UNKNOWN_REGION
      ? 'same'
      : known(group.region) && known(template.region)
        ? 'other'
        : 'maybe';
  if (account === 'other' || region === 'other') return 'other';
  return account === 'same' && region === 'same' ? 'same' : 'maybe';
}

/** Why a group may launch a template it names whose account or Region may differ (`templatePlaceMatch` `maybe`). */
export function placeMaybeReason(group: string, named: string, label: string): string {
  return `Auto Scaling group ${group} launches launch template ${named}, and whether ${label} is in the group's account and Region is not known (a provider configuration whose account or Region the inputs do not pin down): it may be this one`;
}

/**
 * The uuid of an Auto Scaling group's or launch configuration's ARN: the id Auto Scaling gives it
 * when it creates it, which no input holds (Service Authorization Reference, Amazon EC2 Auto
 * Scaling, resource types autoScalingGroup `…:autoScalingGroup:${GroupId}:autoScalingGroupName/…`
 * and launchConfiguration `…:launchConfiguration:${Id}:launchConfigurationName/…`): an unknown
 * name part (model/stand-ins.ts), one per name (the same name, the same resource), so a policy
 * naming some uuids may name it (the request indeterminate) and `autoScalingGroup:*:…` names it
 * surely. `*` in a pattern of names (`*`, `team-*`: the witness search reads it, a policy is written
 * so): any uuid.
 */
function uuidOf(kind: string, name: string): string {
  return /[*?]/.test(name) ? '*' : unknownNamePart(`${kind}-uuid-${name}`);
}

/**
 * `arn:PARTITION:autoscaling:REGION:ACCOUNT:launchConfiguration:UUID:launchConfigurationName/NAME`
 * (Service Authorization Reference, Amazon EC2 Auto Scaling, resource type launchConfiguration),
 * the uuid unknown (`uuidOf`).
 */
export function launchConfigurationResource(name: string): string {
  return `launchConfiguration:${uuidOf('launch-configuration', name)}:launchConfigurationName/${name}`;
}

/**
 * `arn:PARTITION:autoscaling:REGION:ACCOUNT:autoScalingGroup:UUID:autoScalingGroupName/NAME`, the
 * uuid unknown (`uuidOf`).
 */
export function autoScalingGroupResource(name: string): string {
  return `autoScalingGroup:${uuidOf('autoscaling-group', name)}:autoScalingGroupName/${name}`;
}
