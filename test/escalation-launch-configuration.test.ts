// An Auto Scaling launch configuration naming an instance profile: a principal allowed
// iam:PassRole on the profile's role, autoscaling:CreateLaunchConfiguration and
// autoscaling:CreateAutoScalingGroup (or UpdateAutoScalingGroup) runs instances of its own with
// the role's credentials, without ec2:RunInstances. Before round 7 the escalation table had no
// such row (the review: no finding; `noEscalation` indeterminate, PassRole allowed but no start),
// and Terraform's aws_launch_configuration was not read (its profile's role had no instances:
// ssm:SendCommand gave no path, noEscalation passed).
//
// Pages:
// - Amazon EC2 Auto Scaling User Guide, "Amazon EC2 Auto Scaling API permissions": "Create a
//   launch configuration (autoscaling:CreateLaunchConfiguration) ... iam:PassRole – To pass an IAM
//   role to EC2 instances on launch. Needed when a launch configuration specifies an instance
//   profile (a container for an IAM role)"; "Create an Auto Scaling group
//   (autoscaling:CreateAutoScalingGroup) ... ec2:RunInstances – To launch instances when a launch
//   template is provided",
//   https://docs.aws.amazon.com/autoscaling/ec2/userguide/ec2-auto-scaling-api-permissions.html
// - Amazon EC2 Auto Scaling User Guide, "IAM role for applications that run on Amazon EC2
//   instances": "For instances in an Auto Scaling group, you must create a launch template or
//   launch configuration and choose an instance profile to associate with the instances",
//   https://docs.aws.amazon.com/autoscaling/ec2/userguide/us-iam-role.html
// - IAM User Guide, "Grant a user permissions to pass a role to an AWS service": "To pass a role
//   (and its permissions) to an AWS service, a user must have permissions to pass the role to the
//   service".

import { describe, expect, it } from 'vitest';
import { loadModelSync } from '../src/adapters/load.js';
import { compileModel } from '../src/engine/index.js';
import { modelOf } from './fixtures/cfn/load.js';
import {
  cfnAdminInstanceProfile,
  cfnDevUser,
  cfnLaunchTemplateGroup,
  cfnProfileLaunchTemplate,
} from './helpers/cfn-templates.js';
import { escalationFindings, noEscalationCheck } from './helpers/escalation-findings.js';
import { tfAdminInstanceProfile, tfDevUser } from './helpers/terraform-roles.js';
import { tempDir, writeFileIn } from './helpers/temp-inputs.js';

const DEV = 'arn:aws:iam::111122223333:user/dev';
const CREATE = 'iam:PassRole + autoscaling:CreateLaunchConfiguration + CreateAutoScalingGroup';
const UPDATE = 'iam:PassRole + autoscaling:CreateLaunchConfiguration + UpdateAutoScalingGroup';
const SSM = 'ssm:SendCommand on an EC2 instance with a role';

/** The administrator instance profile `web` and dev allowed `statements` (a launch configuration: `more`). */
function load(statements: readonly { Action: readonly string[]; Resource: string }[], more = '') {
  const template = `Resources:
${cfnAdminInstanceProfile()}${cfnDevUser(statements)}${more}`;
  const engine = compileModel(modelOf(template, { file: 'inline.yaml', stackName: 's' }));
  return { found: escalationFindings(engine, [DEV]), check: noEscalationCheck(engine, 'user/dev') };
}

const LC = ['iam:PassRole', 'autoscaling:CreateLaunchConfiguration'];

describe('a launch configuration of its own passes the profile\u2019s role to an Auto Scaling group\u2019s instances', () => {
  it('PassRole + CreateLaunchConfiguration + CreateAutoScalingGroup, no RunInstances: a sure path (before: no finding, noEscalation indeterminate)', () => {
    const r = load([{ Action: [...LC, 'autoscaling:CreateAutoScalingGroup'], Resource: '*' }]);
    const f = r.found.get(`${DEV} ${CREATE}`);
    expect(f?.severity).toBe('medium');
    expect(f?.indeterminate).toBeFalsy();
    expect(r.check.status).toBe('fail');
  });

  it('UpdateAutoScalingGroup instead of CreateAutoScalingGroup, no group in the inputs: a path by that row, indeterminate (a group may not exist)', () => {
    const r = load([{ Action: [...LC, 'autoscaling:UpdateAutoScalingGroup'], Resource: '*' }]);
    const f = r.found.get(`${DEV} ${UPDATE}`);
    expect(f?.indeterminate?.reasons.map((x) => x.text).join(' ')).toContain(
      'autoscaling:UpdateAutoScalingGroup on an existing resource matching *',
    );
    expect(r.found.get(`${DEV} ${CREATE}`)).toBeUndefined();
    expect(r.check.status).toBe('indeterminate');
  });

  it('both group requests: reported once, by the CreateAutoScalingGroup row', () => {
    const r = load([
      {
        Action: [...LC, 'autoscaling:CreateAutoScalingGroup', 'autoscaling:UpdateAutoScalingGroup'],
        Resource: '*',
      },
    ]);
    expect(r.found.get(`${DEV} ${CREATE}`)).toBeDefined();
    expect(r.found.get(`${DEV} ${UPDATE}`)).toBeUndefined();
  });

  it('near-miss: PassRole allowed on another role only: no path by these rows, noEscalation passes', () => {
    const r = load([
      { Action: ['iam:PassRole'], Resource: 'arn:aws:iam::111122223333:role/other' },
      {
        Action: ['autoscaling:CreateLaunchConfiguration', 'autoscaling:CreateAutoScalingGroup'],
        Resource: '*',
      },
    ]);
    expect(r.found.get(`${DEV} ${CREATE}`)).toBeUndefined();
    expect(r.check.status).toBe('pass');
  });

  it('near-miss: no group request (CreateLaunchConfiguration alone launches nothing): no finding by these rows', () => {
    const r = load([{ Action: LC, Resource: '*' }]);
    expect(r.found.get(`${DEV} ${CREATE}`)).toBeUndefined();
    expect(r.found.get(`${DEV} ${UPDATE}`)).toBeUndefined();
  });
});

describe('the launch configuration is a use of its instance profile: commands on its instances', () => {
  const ssmOnly = [{ Action: ['ssm:SendCommand'], Resource: '*' }];

  it('CloudFormation AWS::AutoScaling::LaunchConfiguration IamInstanceProfile: ssm:SendCommand is a path', () => {
    const r = load(
      ssmOnly,
      `  Lc:
    Type: AWS::AutoScaling::LaunchConfiguration
    Properties:
      ImageId: ami-0abc
      InstanceType: t3.micro
      IamInstanceProfile: !Ref Profile
`,
    );
    expect(r.found.get(`${DEV} ${SSM}`)).toBeDefined();
    expect(r.check.status).toBe('fail');
  });

  const loadTf = (actions: readonly string[], more: string) => {
    const dir = tempDir('iamspec-launch-configuration-');
    writeFileIn(dir, 'main.tf', `${tfAdminInstanceProfile()}\n${more}\n${tfDevUser(actions)}\n`);
    const engine = compileModel(loadModelSync([dir], { account: '111122223333', region: 'us-west-2' }));
    return { found: escalationFindings(engine, [DEV]), check: noEscalationCheck(engine, 'user/dev') };
  };
  const TF_LC = `resource "aws_launch_configuration" "web" {
  name = "web"
  image_id = "ami-0abc"
  instance_type = "t3.micro"
  iam_instance_profile = aws_iam_instance_profile.web.name
}`;

  it('Terraform aws_launch_configuration iam_instance_profile: ssm:SendCommand is a path (before: not read, noEscalation passed)', () => {
    const r = loadTf(['ssm:SendCommand'], TF_LC);
    const f = r.found.get(`${DEV} ${SSM}`);
    expect(f).toBeDefined();
    expect(r.check.status).toBe('fail');
  });

  it('near-miss: the profile used by nothing: ssm:SendCommand gives no path', () => {
    const r = loadTf(['ssm:SendCommand'], '');
    expect(r.found.get(`${DEV} ${SSM}`)).toBeUndefined();
    expect(r.check.status).toBe('pass');
  });

  it('Terraform: PassRole + CreateLaunchConfiguration + CreateAutoScalingGroup: a sure path', () => {
    const r = loadTf([...LC, 'autoscaling:CreateAutoScalingGroup'], TF_LC);
    expect(r.found.get(`${DEV} ${CREATE}`)).toBeDefined();
    expect(r.check.status).toBe('fail');
  });
});

// The Update row's group request was asked only on a placeholder group name, so a policy allowing
// autoscaling:UpdateAutoScalingGroup on the named groups of the inputs only missed it (no finding,
// noEscalation passed). Now asked on each Auto Scaling group of the inputs too
// (escalation-launch-templates.ts `withInputGroups`). Service Authorization Reference, Amazon EC2
// Auto Scaling: UpdateAutoScalingGroup on `autoScalingGroup:${GroupId}:autoScalingGroupName/${GroupName}`.
describe('the Update row on the Auto Scaling groups of the inputs', () => {
  const group = (name: string) => `${cfnProfileLaunchTemplate()}${cfnLaunchTemplateGroup(name, '1', "'1'")}`;
  const onGroup = (name: string) => [
    { Action: LC, Resource: '*' },
    {
      Action: ['autoscaling:UpdateAutoScalingGroup'],
      Resource: `arn:aws:autoscaling:*:111122223333:autoScalingGroup:*:autoScalingGroupName/${name}`,
    },
  ];

  it('UpdateAutoScalingGroup allowed on group web only, web in the inputs: a path (was no finding, pass)', () => {
    const r = load(onGroup('web'), group('web'));
    expect(r.found.get(`${DEV} ${UPDATE}`)).toBeDefined();
    expect(r.check.status).toBe('fail');
  });

  it('a group whose name CloudFormation generates: indeterminate on a named-group policy', () => {
    const r = load(onGroup('web*'), group('!Ref AWS::NoValue').replace(/ {6}AutoScalingGroupName: .*\n/, ''));
    const f = r.found.get(`${DEV} ${UPDATE}`);
    expect(f?.indeterminate).toBeTruthy();
    expect(f?.message).toContain('whose name is unknown');
  });

  it('near miss: allowed on another group name only: indeterminate by this row, on a group other that may exist', () => {
    const r = load(onGroup('other'), group('web'));
    const f = r.found.get(`${DEV} ${UPDATE}`);
    expect(f?.indeterminate?.reasons.map((x) => x.text).join(' ')).toContain(
      'on an existing resource matching arn:aws:autoscaling:*:111122223333:autoScalingGroup:*:autoScalingGroupName/other',
    );
  });
});
