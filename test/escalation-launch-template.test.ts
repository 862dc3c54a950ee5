// An EC2 launch template whose instance profile holds a role: a principal that may add a version
// with user data of its own (ec2:CreateLaunchTemplateVersion) and make it the default
// (ec2:ModifyLaunchTemplate) runs that user data, with the role's credentials, on the next
// instances launched from the template ($Default, as an Auto Scaling group launches them), without
// iam:PassRole. Before round 6 the escalation table had no such row: no finding and a passing
// `noEscalation`. The template's id (its ARN is `launch-template/ID`) is not in the inputs and no
// Auto Scaling group is linked to it, so the path is indeterminate with why (tried on the ids the
// developer's policies name, escalation.ts `withNameCandidates`), never a silent pass.
//
// Pages:
// - Amazon EC2 API Reference, ModifyLaunchTemplate: "Modifies a launch template. You can specify
//   which version of the launch template to set as the default version. When launching an
//   instance, the default version applies when a launch template version is not specified",
//   https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ModifyLaunchTemplate.html
// - Amazon EC2 Auto Scaling API Reference, LaunchTemplateSpecification, Version: "If the value is
//   $Default, Amazon EC2 Auto Scaling selects the default version of the launch template when
//   launching instances. The default value is $Default",
//   https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_LaunchTemplateSpecification.html
// - Service Authorization Reference, Amazon EC2: CreateLaunchTemplateVersion and
//   ModifyLaunchTemplate on `launch-template/${LaunchTemplateId}`.

import { describe, expect, it } from 'vitest';
import { loadModelSync } from '../src/adapters/load.js';
import { compileModel } from '../src/engine/index.js';
import { modelOf } from './fixtures/cfn/load.js';
import { cfnAdminRole } from './helpers/cfn-templates.js';
import { escalationFindings, noEscalationCheck } from './helpers/escalation-findings.js';
import { tfServiceRole } from './helpers/terraform-roles.js';
import { tempDir, writeFileIn } from './helpers/temp-inputs.js';

const DEV = 'arn:aws:iam::111122223333:user/dev';
const DETAIL = 'ec2:CreateLaunchTemplateVersion + ModifyLaunchTemplate on a launch template with a role';
const BOTH = ['ec2:CreateLaunchTemplateVersion', 'ec2:ModifyLaunchTemplate'];

/** An administrator role in an instance profile of launch template web, dev allowed `statements`. */
function load(statements: readonly { Action: readonly string[]; Resource: string }[]) {
  const template = `Resources:
${cfnAdminRole('Svc', 'svcadmin', 'ec2.amazonaws.com')}  Profile:
    Type: AWS::IAM::InstanceProfile
    Properties:
      InstanceProfileName: web
      Roles: [!Ref Svc]
  Lt:
    Type: AWS::EC2::LaunchTemplate
    Properties:
      LaunchTemplateName: web
      LaunchTemplateData:
        IamInstanceProfile: { Name: !Ref Profile }
  dev:
    Type: AWS::IAM::User
    Properties:
      UserName: dev
      Policies:
        - PolicyName: p
          PolicyDocument:
            Statement: ${JSON.stringify(statements.map((s) => ({ Effect: 'Allow', ...s })))}
`;
  const engine = compileModel(modelOf(template, { file: 'inline.yaml', stackName: 's' }));
  const found = [...escalationFindings(engine, [DEV]).values()].filter((f) => f.detail === DETAIL);
  return { found, check: noEscalationCheck(engine, 'user/dev') };
}

describe('a new default version of a launch template runs with its instance profile\u2019s role', () => {
  it('CreateLaunchTemplateVersion + ModifyLaunchTemplate on *: indeterminate with why (before: no finding, noEscalation passed)', () => {
    const r = load([{ Action: BOTH, Resource: '*' }]);
    expect(r.found).toHaveLength(1);
    expect(r.found[0]!.severity).toBe('low');
    expect(r.found[0]!.message).toContain('the id of EC2 launch template web');
    expect(r.check.status).toBe('indeterminate');
  });

  it('allowed on one launch template id only: still indeterminate (its id is not in the inputs)', () => {
    const r = load([{ Action: BOTH, Resource: 'arn:aws:ec2:*:111122223333:launch-template/lt-0abc' }]);
    expect(r.found).toHaveLength(1);
    expect(r.check.status).toBe('indeterminate');
  });

  it('near-miss: CreateLaunchTemplateVersion without ModifyLaunchTemplate (the default stays): no path', () => {
    const r = load([{ Action: ['ec2:CreateLaunchTemplateVersion'], Resource: '*' }]);
    expect(r.found).toEqual([]);
    expect(r.check.status).toBe('pass');
  });

  it('near-miss: allowed on launch templates of another account only: no path', () => {
    const r = load([{ Action: BOTH, Resource: 'arn:aws:ec2:*:444455556666:launch-template/*' }]);
    expect(r.found).toEqual([]);
    expect(r.check.status).toBe('pass');
  });
});

describe('Terraform: aws_launch_template iam_instance_profile (Terraform AWS provider, aws_launch_template: "The IAM Instance Profile to launch the instance with")', () => {
  const loadTf = (actions: readonly string[]) => {
    const dir = tempDir('iamspec-launch-template-');
    writeFileIn(
      dir,
      'main.tf',
      `${tfServiceRole('svc', 'ec2.amazonaws.com')}
resource "aws_iam_role_policy_attachment" "admin" {
  role = aws_iam_role.svc.name
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}
resource "aws_iam_instance_profile" "web" {
  name = "web"
  role = aws_iam_role.svc.name
}
resource "aws_launch_template" "web" {
  name = "web"
  iam_instance_profile { name = aws_iam_instance_profile.web.name }
}
resource "aws_iam_user" "dev" { name = "dev" }
resource "aws_iam_user_policy" "p" {
  user = aws_iam_user.dev.name
  policy = ${JSON.stringify(JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }] }))}
}
`,
    );
    const engine = compileModel(loadModelSync([dir], { account: '111122223333', region: 'us-west-2' }));
    const found = [...escalationFindings(engine, [DEV]).values()].filter((f) => f.detail === DETAIL);
    return { found, check: noEscalationCheck(engine, 'user/dev') };
  };

  it('the template\u2019s profile is linked: indeterminate with why (before: not linked, no finding, noEscalation passed)', () => {
    const r = loadTf(BOTH);
    expect(r.found).toHaveLength(1);
    expect(r.found[0]!.message).toContain('the id of EC2 launch template web');
    expect(r.check.status).toBe('indeterminate');
  });

  it('near-miss: ModifyLaunchTemplate alone: no path', () => {
    const r = loadTf(['ec2:ModifyLaunchTemplate']);
    expect(r.found).toEqual([]);
    expect(r.check.status).toBe('pass');
  });
});
