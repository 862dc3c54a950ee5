// Instance profile usage: AWS::EC2::Instance (IamInstanceProfile = profile name), launch templates
// (LaunchTemplateData.IamInstanceProfile.Name or .Arn) and Auto Scaling launch configurations
// (IamInstanceProfile = name or ARN). Recorded in phase 1 so the InstanceProfile handler can list
// the users of each profile on its role.

import { Unknown } from '../../../model/unknown.js';
import { isRecord, scalarString, type Value } from '../values.js';
import type { CfnResourceScope, ResourceHandler } from './scope.js';

function record(
  scope: CfnResourceScope,
  profile: Value | undefined,
  kind: string,
  path: (string | number)[],
): void {
  if (profile === undefined) return;
  const s = scalarString(profile);
  if (s instanceof Unknown) {
    scope.finding(
      'cfn/unresolved-target',
      'info',
      `the instance profile of ${kind} ${scope.logicalId} is unknown (${s.reason})`,
      ...path,
    );
    return;
  }
  if (typeof s !== 'string') return;
  const key = `${scope.account}:${s}`;
  const list = scope.registry.profileUsage.get(key) ?? [];
  const named = scope.str(kind === 'EC2 launch template' ? 'LaunchTemplateName' : 'LaunchConfigurationName');
  list.push({
    kind,
    name: typeof named === 'string' ? named : scope.logicalId,
    source: scope.sourceOf(...path),
  });
  scope.registry.profileUsage.set(key, list);
}

const instance: ResourceHandler = {
  create(scope) {
    const p = scope.prop('IamInstanceProfile');
    record(scope, p as Value | undefined, 'EC2 instance', ['IamInstanceProfile']);
  },
};

const launchTemplate: ResourceHandler = {
  create(scope) {
    const data = scope.prop('LaunchTemplateData');
    if (!isRecord(data) || !isRecord(data.IamInstanceProfile)) return;
    const p = data.IamInstanceProfile;
    const value = (p.Arn ?? p.Name) as Value | undefined;
    record(scope, value, 'EC2 launch template', [
      'LaunchTemplateData',
      'IamInstanceProfile',
      p.Arn !== undefined ? 'Arn' : 'Name',
    ]);
  },
};

const launchConfiguration: ResourceHandler = {
  create(scope) {
    record(
      scope,
      scope.prop('IamInstanceProfile') as Value | undefined,
      'Auto Scaling launch configuration',
      ['IamInstanceProfile'],
    );
  },
};

export const EC2_HANDLERS: Record<string, ResourceHandler> = {
  'AWS::EC2::Instance': instance,
  'AWS::EC2::LaunchTemplate': launchTemplate,
  'AWS::AutoScaling::LaunchConfiguration': launchConfiguration,
};
