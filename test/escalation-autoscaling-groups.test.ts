// Escalation through the Auto Scaling groups of the inputs (analysis/escalation-launch-templates.ts
// `inputGroups`, `passRoleStarts`; escalation-methods.ts `computeStarts`). Reproductions of four
// defects:
// 1. A group that uses only a launch configuration (CloudFormation LaunchConfigurationName,
//    Terraform `launch_configuration`) was not in the model: a principal allowed
//    autoscaling:UpdateAutoScalingGroup on it (and CreateLaunchConfiguration + iam:PassRole) got
//    only the generic "iam:PassRole to new ec2.amazonaws.com compute" finding, which rested on
//    CreateLaunchConfiguration alone; now the Update row names the group and its configuration.
// 2. The escalation graph's pass-role edges decided the start requests alone
//    (CreateLaunchConfiguration), never the group create or update: a principal denied the update
//    still had a sure edge, and one allowed it under a condition an unconditional one. Now the
//    graph decides the review's request lists (`passRoleStarts`).
// 3. autoscaling:CreateLaunchConfiguration alone counted as starting EC2 compute.
// 4. A group naming a launch template by a literal name no template of the inputs has was linked
//    to none, though a template whose name the inputs leave unknown may have that name.
//
// Pages:
// - Amazon EC2 Auto Scaling User Guide, "Auto Scaling launch configurations": "A launch
//   configuration is an instance configuration template that an Auto Scaling group uses to launch
//   EC2 instances", https://docs.aws.amazon.com/autoscaling/ec2/userguide/LaunchConfiguration.html
// - Amazon EC2 Auto Scaling API Reference, UpdateAutoScalingGroup: "If you associate a new launch
//   configuration or template with an Auto Scaling group, all new instances will get the updated
//   configuration",
//   https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_UpdateAutoScalingGroup.html
// - Amazon EC2 Auto Scaling User Guide, "Amazon EC2 Auto Scaling API permissions": Create a launch
//   configuration, "iam:PassRole – To pass an IAM role to EC2 instances on launch. Needed when a
//   launch configuration specifies an instance profile (a container for an IAM role)",
//   https://docs.aws.amazon.com/autoscaling/ec2/userguide/ec2-auto-scaling-api-permissions.html
// - Service Authorization Reference, Amazon EC2 Auto Scaling: UpdateAutoScalingGroup on resource
//   type autoScalingGroup, condition key autoscaling:LaunchConfigurationName ("Filters access
//   based on the name of a launch configuration").
// - AWS CloudFormation, AWS::EC2::LaunchTemplate LaunchTemplateName: "A name for the launch
//   template" (left out, CloudFormation generates one: "Name type"); Terraform aws_launch_template
//   `name_prefix`: "Creates a unique name beginning with the specified prefix".

import { describe, expect, it } from 'vitest';
import { loadModelSync } from '../src/adapters/load.js';
import { becomeEdges } from '../src/analysis/escalation.js';
import { compileModel } from '../src/engine/index.js';
import { modelOf } from './fixtures/cfn/load.js';
import { cfnAdminInstanceProfile, cfnDevUser } from './helpers/cfn-templates.js';
import { escalationFindings, noEscalationCheck } from './helpers/escalation-findings.js';
import { riskDiff } from './helpers/risk-diff.js';
import { tfAdminInstanceProfile } from './helpers/terraform-roles.js';
import { tempDir, writeFileIn } from './helpers/temp-inputs.js';

const DEV = 'arn:aws:iam::111122223333:user/dev';
const SVC = 'arn:aws:iam::111122223333:role/svcadmin';
const UPDATE = 'iam:PassRole + autoscaling:CreateLaunchConfiguration + UpdateAutoScalingGroup';
const ANY_EC2 = 'iam:PassRole to new ec2.amazonaws.com compute';
const LATEST = 'ec2:CreateLaunchTemplateVersion on a launch template an Auto Scaling group runs at $Latest';
const LC = ['iam:PassRole', 'autoscaling:CreateLaunchConfiguration'];
const GROUP_WEB = 'arn:aws:autoscaling:*:111122223333:autoScalingGroup:*:autoScalingGroupName/web';

type Statement = { Effect?: string; Action: readonly string[]; Resource: string; Condition?: object };

function analyse(engine: ReturnType<typeof compileModel>) {
  return {
    found: escalationFindings(engine, [DEV]),
    check: noEscalationCheck(engine, 'user/dev'),
    edges: becomeEdges(engine, DEV).filter((e) => e.how === 'pass-role' && e.to === SVC),
  };
}

function cfn(statements: readonly Statement[], more: string) {
  const template = `Resources:\n${cfnAdminInstanceProfile()}${cfnDevUser(statements)}${more}`;
  return analyse(compileModel(modelOf(template, { file: 'inline.yaml', stackName: 's' })));
}

function tf(statements: readonly Statement[], more: string) {
  const dir = tempDir('iamspec-autoscaling-groups-');
  const policy = { Version: '2012-10-17', Statement: statements.map((s) => ({ Effect: 'Allow', ...s })) };
  writeFileIn(
    dir,
    'main.tf',
    `${tfAdminInstanceProfile()}
${more}
resource "aws_iam_user" "dev" { name = "dev" }
resource "aws_iam_user_policy" "p" {
  user = aws_iam_user.dev.name
  policy = ${JSON.stringify(JSON.stringify(policy))}
}
`,
  );
  return analyse(compileModel(loadModelSync([dir], { account: '111122223333', region: 'us-west-2' })));
}

/** A group `web` launching launch configuration `web-lc` (no instance profile of its own). */
const cfnGroup = (groupName = 'AutoScalingGroupName: web') => `  Lc:
    Type: AWS::AutoScaling::LaunchConfiguration
    Properties:
      LaunchConfigurationName: web-lc
      ImageId: ami-0abc
      InstanceType: t3.micro
  Asg:
    Type: AWS::AutoScaling::AutoScalingGroup
    Properties:
      ${groupName}
      MinSize: '1'
      MaxSize: '1'
      LaunchConfigurationName: !Ref Lc
`;

const TF_GROUP = `resource "aws_launch_configuration" "web" {
  name = "web-lc"
  image_id = "ami-0abc"
  instance_type = "t3.micro"
}
resource "aws_autoscaling_group" "web" {
  name = "web"
  min_size = 1
  max_size = 1
  launch_configuration = aws_launch_configuration.web.name
}`;

const updateOnWeb: Statement[] = [
  { Action: LC, Resource: '*' },
  { Action: ['autoscaling:UpdateAutoScalingGroup'], Resource: GROUP_WEB },
];

describe('1. a group of the inputs that uses only a launch configuration', () => {
  it('CloudFormation: UpdateAutoScalingGroup on group web only: the Update row names the group and its configuration (was the generic finding only)', () => {
    const r = cfn(updateOnWeb, cfnGroup());
    const f = r.found.get(`${DEV} ${UPDATE}`);
    expect(f?.message).toContain('Auto Scaling group web (launch configuration web-lc)');
    expect(f?.indeterminate).toBeFalsy();
    expect(r.check.status).toBe('fail');
    expect(r.check.message).toContain('Auto Scaling group web');
  });

  it('Terraform aws_autoscaling_group.launch_configuration: the same finding (was the generic finding only)', () => {
    const r = tf(updateOnWeb, TF_GROUP);
    const f = r.found.get(`${DEV} ${UPDATE}`);
    expect(f?.message).toContain('Auto Scaling group web (launch configuration web-lc)');
    expect(r.check.status).toBe('fail');
  });

  it('a group whose name CloudFormation generates: indeterminate on a named-group policy, with why', () => {
    const r = cfn(updateOnWeb, cfnGroup('Tags: []'));
    const f = r.found.get(`${DEV} ${UPDATE}`);
    expect(f?.indeterminate).toBeTruthy();
    expect(f?.message).toContain('Asg (name unknown) (launch configuration web-lc)');
    expect(r.check.status).toBe('indeterminate');
  });

  it('near miss: the update allowed on another group only (api, not in the inputs): the Update row indeterminate, naming the pattern', () => {
    const r = cfn(
      [
        { Action: LC, Resource: '*' },
        { Action: ['autoscaling:UpdateAutoScalingGroup'], Resource: GROUP_WEB.replace(/web$/, 'api') },
      ],
      cfnGroup(),
    );
    const f = r.found.get(`${DEV} ${UPDATE}`);
    expect(f?.indeterminate?.reasons.map((x) => x.text).join(' ')).toContain(
      `on an existing resource matching ${GROUP_WEB.replace(/web$/, 'api')}`,
    );
    expect(f?.message).not.toContain('Auto Scaling group web');
  });
});

describe('2. the graph decides the group request with the start, as the review does', () => {
  it('the group update denied: no sure pass-role edge (was allow, by CreateLaunchConfiguration alone)', () => {
    const r = cfn(
      [
        { Action: [...LC, 'autoscaling:*'], Resource: '*' },
        {
          Effect: 'Deny',
          Action: ['autoscaling:UpdateAutoScalingGroup', 'autoscaling:CreateAutoScalingGroup'],
          Resource: '*',
        },
      ],
      cfnGroup(),
    );
    expect(r.edges.map((e) => e.access)).not.toContain('allow');
    expect(r.found.get(`${DEV} ${ANY_EC2}`)).toBeUndefined();
    expect(r.check.status).not.toBe('fail');
  });

  it('the update allowed on group web only: a sure edge naming the group (was an edge on CreateLaunchConfiguration alone)', () => {
    const r = cfn(updateOnWeb, cfnGroup());
    expect(r.edges).toHaveLength(1);
    expect(r.edges[0]!.access).toBe('allow');
    expect(r.edges[0]!.via).toContain('autoscaling:UpdateAutoScalingGroup');
    expect(r.edges[0]!.via).toContain('through Auto Scaling group web (launch configuration web-lc)');
  });

  it('the update allowed under a condition: a conditional edge with it (was an unconditional allow)', () => {
    const r = cfn(
      [
        { Action: LC, Resource: '*' },
        {
          Action: ['autoscaling:UpdateAutoScalingGroup'],
          Resource: '*',
          Condition: { StringEquals: { 'autoscaling:LaunchConfigurationName': 'approved' } },
        },
      ],
      cfnGroup(),
    );
    expect(r.edges[0]!.access).toBe('conditional');
    expect(r.edges[0]!.conditions.join(' ')).toContain('autoscaling:LaunchConfigurationName');
    expect(r.found.get(`${DEV} ${UPDATE}`)?.severity).toBeDefined();
  });
});

describe('3. CreateLaunchConfiguration alone starts nothing', () => {
  it('PassRole + CreateLaunchConfiguration, no group request: no finding and no sure edge (was a finding and noEscalation fail)', () => {
    const r = cfn([{ Action: LC, Resource: '*' }], cfnGroup());
    expect(r.found.get(`${DEV} ${ANY_EC2}`)).toBeUndefined();
    expect(r.found.get(`${DEV} ${UPDATE}`)).toBeUndefined();
    expect(r.edges.map((e) => e.access)).toEqual(['indeterminate']);
    expect(r.check.status).toBe('indeterminate');
  });

  it('with CreateAutoScalingGroup: the generic finding names the pair, the edge is sure', () => {
    const r = cfn([{ Action: [...LC, 'autoscaling:CreateAutoScalingGroup'], Resource: '*' }], '');
    expect(r.edges[0]!.access).toBe('allow');
    expect(r.edges[0]!.via).toContain(
      'autoscaling:CreateLaunchConfiguration + autoscaling:CreateAutoScalingGroup',
    );
    expect(r.check.status).toBe('fail');
  });
});

describe('4. a literal launch template name no template of the inputs has', () => {
  const latest = [{ Action: ['ec2:CreateLaunchTemplateVersion'], Resource: '*' }];
  /** Template `Lt` (name `ltName`, the admin profile) and group `web` launching `groupNames` at $Latest. */
  const cfnTemplates = (ltName: string, groupNames: string, other = '') => `  Lt:
    Type: AWS::EC2::LaunchTemplate
    Properties:
      ${ltName}
      LaunchTemplateData:
        IamInstanceProfile: { Name: !Ref Profile }
${other}  Asg:
    Type: AWS::AutoScaling::AutoScalingGroup
    Properties:
      AutoScalingGroupName: web
      MinSize: '1'
      MaxSize: '1'
      LaunchTemplate:
        LaunchTemplateName: ${groupNames}
        Version: $Latest
`;

  it('CloudFormation: a template whose name CloudFormation generates may be it: indeterminate with the reason (was no link, no finding)', () => {
    const r = cfn(latest, cfnTemplates('Tags: []', 'web-lt'));
    const f = r.found.get(`${DEV} ${LATEST}`);
    expect(f?.indeterminate).toBeTruthy();
    expect(f?.message).toContain(
      'launches launch template web-lt, which no launch template of the inputs is named',
    );
    expect(r.check.status).toBe('indeterminate');
  });

  it('CloudFormation near miss: a template of the inputs has that name (no profile): it is that one, not open', () => {
    const other = `  Other:
    Type: AWS::EC2::LaunchTemplate
    Properties:
      LaunchTemplateName: web-lt
      LaunchTemplateData: { ImageId: ami-0abc }
`;
    const r = cfn(latest, cfnTemplates('Tags: []', 'web-lt', other));
    expect(r.found.get(`${DEV} ${LATEST}`)).toBeUndefined();
  });

  const tfTemplates = (groupTemplate: string) => `resource "aws_launch_template" "web" {
  name_prefix = "web-"
  iam_instance_profile { name = aws_iam_instance_profile.web.name }
}
resource "aws_autoscaling_group" "web" {
  name = "web"
  min_size = 1
  max_size = 1
  launch_template {
    name = "${groupTemplate}"
    version = "$Latest"
  }
}`;

  it('Terraform: name_prefix "web-" may give "web-1": indeterminate with the reason (was no link)', () => {
    const r = tf(latest, tfTemplates('web-1'));
    const f = r.found.get(`${DEV} ${LATEST}`);
    expect(f?.indeterminate).toBeTruthy();
    expect(f?.message).toContain('launches launch template web-1');
  });

  it('Terraform near miss: "api-1" is no name "web-" gives (the engine\u2019s unknown-name rule): no finding', () => {
    const r = tf(latest, tfTemplates('api-1'));
    expect(r.found.get(`${DEV} ${LATEST}`)).toBeUndefined();
  });

  it('Terraform: a template of the inputs named "web-1" without an instance profile is the one the group launches, not open (was: indeterminate, noEscalation undecided)', () => {
    const other = `resource "aws_launch_template" "other" {
  name = "web-1"
  image_id = "ami-0abc"
}
`;
    const r = tf(latest, other + tfTemplates('web-1'));
    expect(r.check.status).toBe('pass');
    expect(r.found.get(`${DEV} ${LATEST}`)).toBeUndefined();
  });

  it('Terraform near miss: that template might not exist (count unknown): still open', () => {
    const other = `variable "n" { type = number }
resource "aws_launch_template" "other" {
  count = var.n
  name = "web-1"
  image_id = "ami-0abc"
}
`;
    const r = tf(latest, other + tfTemplates('web-1'));
    expect(r.found.get(`${DEV} ${LATEST}`)?.indeterminate).toBeTruthy();
  });
});

// The diff reviews a principal whose own inputs are unchanged again when what its review reads
// changes (analysis/diff/layout.ts `riskContextOf`): the Auto Scaling groups and a launch
// template's groups were not in it, so a pull request adding group web missed dev's new finding.
describe('diff --fail-on risk: a group added, the principal unchanged', () => {
  it('adds the Update row finding and exits 1 (was: no risk added, exit 0)', async () => {
    const dir = tempDir('iamspec-autoscaling-diff-');
    const base = `Resources:\n${cfnAdminInstanceProfile()}${cfnDevUser(updateOnWeb)}`;
    writeFileIn(dir, 'base.yaml', base);
    writeFileIn(dir, 'next.yaml', `${base}${cfnGroup()}`);
    const r = await riskDiff(
      `${dir}/base.yaml`,
      `${dir}/next.yaml`,
      '--account',
      '111122223333',
      '--region',
      'us-east-1',
    );
    expect(r.added.map((f) => f.detail)).toContain(UPDATE);
    expect(r.code).toBe(1);
  });
});
