// aws/launch-template-versions.ts `versionRun` and analysis/escalation-launch-templates.ts on a
// template whose id the inputs pin. Amazon EC2 Auto Scaling API Reference,
// LaunchTemplateSpecification, Version: "The version number, $Latest, or $Default. ... If the
// value is $Latest, Amazon EC2 Auto Scaling selects the latest version of the launch template when
// launching instances. If the value is $Default, Amazon EC2 Auto Scaling selects the default
// version of the launch template when launching instances. The default value is $Default."
import { describe, expect, it } from 'vitest';
import { VERSION_NUMBER_AT_DEPLOYMENT, versionRun } from '../src/aws/launch-template-versions.js';
import { launchTemplateRequests } from '../src/analysis/escalation-launch-templates.js';
import { PROBE_NAME } from '../src/model/stand-ins.js';
import type { Role } from '../src/model/types.js';
import { isUnknown, Unknown } from '../src/model/unknown.js';

describe('versionRun', () => {
  it('left out and $Default: default; $Latest: latest; a number or a version-number GetAtt: fixed', () => {
    expect(versionRun(undefined)).toBe('default');
    expect(versionRun('$Default')).toBe('default');
    expect(versionRun('$Latest')).toBe('latest');
    expect(versionRun('3')).toBe('fixed');
    expect(versionRun(VERSION_NUMBER_AT_DEPLOYMENT)).toBe('fixed');
  });

  it('unknown, or a value AWS does not accept: unknown (never read as a fixed version)', () => {
    expect(isUnknown(versionRun(new Unknown('a parameter')))).toBe(true);
    expect(isUnknown(versionRun('latest'))).toBe(true);
  });
});

describe('launchTemplateRequests', () => {
  const source = { file: 'main.tf', pointer: '' };
  const role = (id?: string) =>
    ({
      arn: 'arn:aws:iam::111122223333:role/svc',
      instanceProfiles: [
        {
          name: 'web',
          arn: 'arn:aws:iam::111122223333:instance-profile/web',
          source,
          usedBy: [
            {
              kind: 'EC2 launch template',
              name: 'web',
              source,
              launchTemplate: {
                ...(id ? { id } : {}),
                groups: [{ name: 'web-asg', version: undefined, source }],
              },
            },
          ],
        },
      ],
    }) as unknown as Role;
  const arnIn = (service: string, resource: string) =>
    `arn:aws:${service}:us-west-2:111122223333:${resource}`;

  it('an id the inputs pin (a plan): the request names it, no other id is tried', () => {
    const [r, ...rest] = launchTemplateRequests(
      role('lt-0123'),
      'default',
      ['ec2:CreateLaunchTemplateVersion', 'ec2:ModifyLaunchTemplate'],
      arnIn,
    );
    expect(rest).toEqual([]);
    expect(r!.resource).toBe('arn:aws:ec2:us-west-2:111122223333:launch-template/lt-0123');
    expect(r!.more).toEqual(['ec2:ModifyLaunchTemplate']);
    expect(r!.open).toBeUndefined();
    expect(r!.onName).toBeUndefined();
  });

  it('no id: the probe name, sure; another id the policy names is open', () => {
    const [r] = launchTemplateRequests(
      role(),
      'default',
      ['ec2:CreateLaunchTemplateVersion', 'ec2:ModifyLaunchTemplate'],
      arnIn,
    );
    expect(r!.resource).toContain(`launch-template/${PROBE_NAME}`);
    expect(r!.open).toBeUndefined();
    expect(r!.onName!('lt-0abc').open?.text).toContain('lt-0abc is one the policy names');
  });

  it('a group on $Default gives the $Latest and fixed-version rows nothing', () => {
    expect(launchTemplateRequests(role(), 'latest', ['ec2:CreateLaunchTemplateVersion'], arnIn)).toEqual([]);
    expect(
      launchTemplateRequests(
        role(),
        'fixed',
        [
          'ec2:CreateLaunchTemplateVersion',
          'ec2:RunInstances',
          'autoscaling:UpdateAutoScalingGroup',
          'iam:PassRole',
        ],
        arnIn,
      ),
    ).toEqual([]);
  });
});
