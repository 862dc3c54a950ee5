// The uuid of an Auto Scaling group's ARN (`autoScalingGroup:UUID:autoScalingGroupName/NAME`) is
// the id Auto Scaling gives the group when it creates it: no input holds it. Before, the escalation
// review and graph asked a group update on the probe name in its place
// (`autoScalingGroup:iamspec-any:autoScalingGroupName/web`, analysis/escalation-launch-templates.ts
// `withInputGroups`, the fixed-version group updates, `passRoleStarts`): a policy allowing
// autoscaling:UpdateAutoScalingGroup only on `autoScalingGroup:<a uuid>:autoScalingGroupName/web`
// matched no probe, so the path through group web was missed (the fixed-version row gave no
// finding, noEscalation passed). Now the uuid is an unknown name part
// (aws/launch-template-versions.ts `autoScalingGroupResource`), decided by the engine's rule for
// unknown names (engine/unknown-names.ts): a pattern naming some uuids may name it (indeterminate,
// with why), `autoScalingGroup:*:…` names it surely. The same for a launch configuration's uuid.
//
// Pages:
// - Service Authorization Reference, Amazon EC2 Auto Scaling, resource types autoScalingGroup
//   (`arn:${Partition}:autoscaling:${Region}:${Account}:autoScalingGroup:${GroupId}:autoScalingGroupName/${GroupFriendlyName}`)
//   and launchConfiguration, as the catalog holds them (below).
// - Amazon EC2 Auto Scaling API Reference, UpdateAutoScalingGroup: "If you associate a new launch
//   configuration or template with an Auto Scaling group, all new instances will get the updated
//   configuration",
//   https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_UpdateAutoScalingGroup.html
// - IAM User Guide, "IAM JSON policy elements: Resource": a Resource ARN may hold wildcards ("*"
//   matches any combination of characters); one naming a uuid names only the group of that uuid.

import { describe, expect, it } from 'vitest';
import { getResourceType } from '../src/catalog/index.js';
import { becomeEdges } from '../src/analysis/escalation.js';
import { compileModel } from '../src/engine/index.js';
import { modelOf } from './fixtures/cfn/load.js';
import { cfnAdminInstanceProfile, cfnDevUser, cfnProfileLaunchTemplate } from './helpers/cfn-templates.js';
import { escalationFindings, noEscalationCheck } from './helpers/escalation-findings.js';

const DEV = 'arn:aws:iam::111122223333:user/dev';
const SVC = 'arn:aws:iam::111122223333:role/svcadmin';
const UUID = '1a2b3c4d-0000-4000-8000-123456789abc';
const group = (uuid: string, name: string) =>
  `arn:aws:autoscaling:*:111122223333:autoScalingGroup:${uuid}:autoScalingGroupName/${name}`;
const UPDATE = 'iam:PassRole + autoscaling:CreateLaunchConfiguration + UpdateAutoScalingGroup';
const FIXED =
  'ec2:CreateLaunchTemplateVersion + autoscaling:UpdateAutoScalingGroup on a launch template a group runs at a fixed version';

type Statement = { Effect?: string; Action: readonly string[]; Resource: string };

function review(statements: readonly Statement[], more: string) {
  const template = `Resources:\n${cfnAdminInstanceProfile()}${cfnDevUser(statements)}${more}`;
  const engine = compileModel(modelOf(template, { file: 'inline.yaml', stackName: 's' }));
  const found = escalationFindings(engine, [DEV]);
  return {
    of: (detail: string) => found.get(`${DEV} ${detail}`),
    why: (detail: string) =>
      (found.get(`${DEV} ${detail}`)?.indeterminate?.reasons ?? []).map((x) => x.text).join(' '),
    check: noEscalationCheck(engine, 'user/dev'),
    edges: becomeEdges(engine, DEV).filter((e) => e.how === 'pass-role' && e.to === SVC),
  };
}

it('the catalog\u2019s ARN formats the uuids stand in', () => {
  expect(getResourceType('autoscaling', 'autoScalingGroup')?.arns).toEqual([
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the catalog's ARN template
    'arn:${Partition}:autoscaling:${Region}:${Account}:autoScalingGroup:${GroupId}:autoScalingGroupName/${GroupFriendlyName}',
  ]);
  expect(getResourceType('autoscaling', 'launchConfiguration')?.arns).toEqual([
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the catalog's ARN template
    'arn:${Partition}:autoscaling:${Region}:${Account}:launchConfiguration:${Id}:launchConfigurationName/${LaunchConfigurationName}',
  ]);
});

describe('a group of the inputs with a launch configuration (withInputGroups)', () => {
  const GROUP = `  Lc:
    Type: AWS::AutoScaling::LaunchConfiguration
    Properties:
      LaunchConfigurationName: web-lc
      ImageId: ami-0abc
      InstanceType: t3.micro
  Asg:
    Type: AWS::AutoScaling::AutoScalingGroup
    Properties:
      AutoScalingGroupName: web
      MinSize: '1'
      MaxSize: '1'
      LaunchConfigurationName: !Ref Lc
`;
  const LC = { Action: ['iam:PassRole', 'autoscaling:CreateLaunchConfiguration'], Resource: '*' };
  const update = (resource: string): Statement => ({
    Action: ['autoscaling:UpdateAutoScalingGroup'],
    Resource: resource,
  });

  it('the update allowed on one uuid of group web only: the finding names group web, indeterminate with why (was: not through group web)', () => {
    const r = review([LC, update(group(UUID, 'web'))], GROUP);
    expect(r.of(UPDATE)?.message).toContain('Auto Scaling group web (launch configuration web-lc)');
    expect(r.why(UPDATE)).toContain('autoScalingGroup:(unknown-');
    expect(r.check.status).toBe('indeterminate');
    expect(r.edges.some((e) => e.via.includes('through Auto Scaling group web'))).toBe(true);
  });

  it('the update allowed on autoScalingGroup:*:…/web: a sure path through group web', () => {
    const r = review([LC, update(group('*', 'web'))], GROUP);
    expect(r.of(UPDATE)?.indeterminate).toBeFalsy();
    expect(r.check.status).toBe('fail');
  });

  it('near miss: a uuid of another group name only: not through group web', () => {
    const r = review([LC, update(group(UUID, 'api'))], GROUP);
    expect(r.of(UPDATE)?.message ?? '').not.toContain('Auto Scaling group web');
  });
});

describe('a group pinned to a fixed launch template version (templateUseRequests)', () => {
  const GROUP = `${cfnProfileLaunchTemplate()}  Asg:
    Type: AWS::AutoScaling::AutoScalingGroup
    Properties:
      AutoScalingGroupName: web-asg
      MinSize: '1'
      MaxSize: '2'
      LaunchTemplate:
        LaunchTemplateId: !Ref Lt
        Version: '3'
`;
  const rest = {
    Action: ['ec2:CreateLaunchTemplateVersion', 'ec2:RunInstances', 'iam:PassRole'],
    Resource: '*',
  };
  const only = (resource: string) =>
    review([rest, { Action: ['autoscaling:UpdateAutoScalingGroup'], Resource: resource }], GROUP);

  it('the update allowed on one uuid of web-asg only: indeterminate with why (was: no finding, noEscalation passed)', () => {
    const r = only(group(UUID, 'web-asg'));
    expect(r.of(FIXED)?.indeterminate).toBeTruthy();
    expect(r.why(FIXED)).toContain('autoScalingGroup:(unknown-');
  });

  it('the update allowed on autoScalingGroup:*:…/web-asg: a sure path', () => {
    const r = only(group('*', 'web-asg'));
    expect(r.of(FIXED)).toBeDefined();
    expect(r.of(FIXED)?.indeterminate).toBeFalsy();
  });

  it('near miss: a uuid of another group only: no finding by that row', () => {
    expect(only(group(UUID, 'other')).of(FIXED)).toBeUndefined();
  });
});

describe('a new group and launch configuration (passRoleStarts on the probe)', () => {
  const CREATE = 'iam:PassRole + autoscaling:CreateLaunchConfiguration + CreateAutoScalingGroup';

  it('CreateLaunchConfiguration and CreateAutoScalingGroup allowed on uuid-named ARNs only: indeterminate (was: a sure path with a uuid the maker cannot choose)', () => {
    const r = review(
      [
        { Action: ['iam:PassRole'], Resource: '*' },
        {
          Action: ['autoscaling:CreateLaunchConfiguration'],
          Resource: `arn:aws:autoscaling:*:111122223333:launchConfiguration:${UUID}:launchConfigurationName/*`,
        },
        { Action: ['autoscaling:CreateAutoScalingGroup'], Resource: group(UUID, '*') },
      ],
      '',
    );
    expect(r.of(CREATE)?.indeterminate).toBeTruthy();
    expect(r.why(CREATE)).toContain('launchConfiguration:(unknown-');
    expect(r.check.status).toBe('indeterminate');
  });

  it('allowed on autoScalingGroup:*:… and launchConfiguration:*:…: a sure path', () => {
    const r = review(
      [
        { Action: ['iam:PassRole'], Resource: '*' },
        {
          Action: ['autoscaling:CreateLaunchConfiguration'],
          Resource: 'arn:aws:autoscaling:*:111122223333:launchConfiguration:*:launchConfigurationName/*',
        },
        { Action: ['autoscaling:CreateAutoScalingGroup'], Resource: group('*', '*') },
      ],
      '',
    );
    expect(r.of(CREATE)).toBeDefined();
    expect(r.of(CREATE)?.indeterminate).toBeFalsy();
    expect(r.check.status).toBe('fail');
  });
});
