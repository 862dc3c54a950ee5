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
import type { Engine } from '../src/engine/engine.js';
import { compileModel } from '../src/engine/index.js';
import { modelOf } from './fixtures/cfn/load.js';
import { cfnAdminInstanceProfile, cfnProfileLaunchTemplate } from './helpers/cfn-templates.js';
import { escalationFindings, noEscalationCheck } from './helpers/escalation-findings.js';
import { tfAdminServiceRole } from './helpers/terraform-roles.js';
import { tempDir, writeFileIn } from './helpers/temp-inputs.js';

const DEV = 'arn:aws:iam::111122223333:user/dev';
const DETAIL = 'ec2:CreateLaunchTemplateVersion + ModifyLaunchTemplate on a launch template with a role';
const BOTH = ['ec2:CreateLaunchTemplateVersion', 'ec2:ModifyLaunchTemplate'];
/** dev's statements: both requests, or CreateLaunchTemplateVersion alone, on any resource. */
const BOTH_ON_ANY = [{ Action: BOTH, Resource: '*' }];
const CREATE_VERSION = [{ Action: ['ec2:CreateLaunchTemplateVersion'], Resource: '*' }];

/** An administrator role in an instance profile of launch template web, dev allowed `statements`. */
function load(
  statements: readonly { Effect?: 'Deny'; Action: readonly string[]; Resource: string }[],
  more = '',
  detail = DETAIL,
  boundary?: readonly { Effect: 'Allow' | 'Deny'; Action: readonly string[] | string; Resource: string }[],
) {
  const template = `Resources:
${cfnAdminInstanceProfile()}${cfnProfileLaunchTemplate()}  dev:
    Type: AWS::IAM::User
    Properties:
      UserName: dev
${boundary ? '      PermissionsBoundary: !Ref Bound\n' : ''}      Policies:
        - PolicyName: p
          PolicyDocument:
            Statement: ${JSON.stringify(statements.map((s) => ({ Effect: 'Allow', ...s })))}
${more}${
  boundary
    ? `  Bound:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument: { Version: '2012-10-17', Statement: ${JSON.stringify(boundary)} }
`
    : ''
}`;
  return devEscalations(compileModel(modelOf(template, { file: 'inline.yaml', stackName: 's' })), detail);
}

/** dev's escalation findings of `detail` and its `noEscalation` check. */
function devEscalations(engine: Engine, detail: string) {
  const found = [...escalationFindings(engine, [DEV]).values()].filter((f) => f.detail === detail);
  return { found, check: noEscalationCheck(engine, 'user/dev') };
}

/**
 * The Terraform twin of `load`: the administrator role in instance profile web of launch template
 * web, and dev allowed `actions` on `resource`; `group`: the blocks of an Auto Scaling group
 * web-asg (none when left out).
 */
function loadTfTemplate(
  group: string | undefined,
  actions: readonly string[],
  detail = DETAIL,
  resource = '*',
) {
  const asg =
    group === undefined
      ? ''
      : `resource "aws_autoscaling_group" "web" {
  name = "web-asg"
  min_size = 1
  max_size = 2
${group}
}
`;
  const dir = tempDir('iamspec-launch-template-');
  writeFileIn(
    dir,
    'main.tf',
    `${tfAdminServiceRole('svc', 'ec2.amazonaws.com')}
resource "aws_iam_instance_profile" "web" {
  name = "web"
  role = aws_iam_role.svc.name
}
resource "aws_launch_template" "web" {
  name = "web"
  iam_instance_profile { name = aws_iam_instance_profile.web.name }
}
${asg}resource "aws_iam_user" "dev" { name = "dev" }
resource "aws_iam_user_policy" "p" {
  user = aws_iam_user.dev.name
  policy = ${JSON.stringify(JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actions, Resource: resource }] }))}
}
`,
  );
  return devEscalations(
    compileModel(loadModelSync([dir], { account: '111122223333', region: 'us-west-2' })),
    detail,
  );
}

describe('a new default version of a launch template runs with its instance profile\u2019s role', () => {
  it('CreateLaunchTemplateVersion + ModifyLaunchTemplate on *: indeterminate with why (before: no finding, noEscalation passed)', () => {
    const r = load(BOTH_ON_ANY);
    expect(r.found).toHaveLength(1);
    expect(r.found[0]!.severity).toBe('medium');
    expect(r.found[0]!.message).toContain('the id of EC2 launch template web');
    expect(r.check.status).toBe('indeterminate');
  });

  it('allowed on one launch template id only: still indeterminate (its id is not in the inputs)', () => {
    const r = load([{ Action: BOTH, Resource: 'arn:aws:ec2:*:111122223333:launch-template/lt-0abc' }]);
    expect(r.found).toHaveLength(1);
    expect(r.check.status).toBe('indeterminate');
  });

  it('near-miss: CreateLaunchTemplateVersion without ModifyLaunchTemplate (the default stays): no path', () => {
    const r = load(CREATE_VERSION);
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
  const loadTf = (actions: readonly string[]) => loadTfTemplate(undefined, actions);

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

// Round 2: Auto Scaling groups linked to the template (aws/launch-template-versions.ts).
// - Amazon EC2 Auto Scaling API Reference, LaunchTemplateSpecification, Version: "If the value is
//   $Latest, Amazon EC2 Auto Scaling selects the latest version of the launch template when
//   launching instances. If the value is $Default, Amazon EC2 Auto Scaling selects the default
//   version of the launch template when launching instances. The default value is $Default."
// - Amazon EC2 API Reference, ModifyLaunchTemplate: "You can specify which version of the launch
//   template to set as the default version".
// - Amazon EC2 Auto Scaling User Guide, "Control Amazon EC2 launch template usage in Auto Scaling
//   groups": ec2:RunInstances and iam:PassRole "are checked when an Auto Scaling group is created
//   or updated using a launch template".
const LATEST = 'ec2:CreateLaunchTemplateVersion on a launch template an Auto Scaling group runs at $Latest';
const FIXED =
  'ec2:CreateLaunchTemplateVersion + autoscaling:UpdateAutoScalingGroup on a launch template a group runs at a fixed version';
const FIXED_ACTIONS = [
  'ec2:CreateLaunchTemplateVersion',
  'ec2:RunInstances',
  'autoscaling:UpdateAutoScalingGroup',
  'iam:PassRole',
];

/** An Auto Scaling group `web-asg` launching template Lt with `spec` (YAML lines under the spec). */
const cfnGroup = (spec: string, mixed = false) => `  Asg:
    Type: AWS::AutoScaling::AutoScalingGroup
    Properties:
      AutoScalingGroupName: web-asg
      MinSize: '1'
      MaxSize: '2'
${
  mixed
    ? `      MixedInstancesPolicy:
        LaunchTemplate:
          LaunchTemplateSpecification:
${spec
  .split('\n')
  .map((l) => `      ${l}`)
  .join('\n')}`
    : `      LaunchTemplate:
${spec}`
}
`;

/** The group launching Lt by id at $Default (the version left out), and at $Latest. */
const AT_DEFAULT = cfnGroup('        LaunchTemplateId: !Ref Lt');
const AT_LATEST = cfnGroup("        LaunchTemplateId: !Ref Lt\n        Version: '$Latest'");

describe('CloudFormation: an Auto Scaling group linked to the template decides the version it runs', () => {
  it('version left out ($Default) and the requests allowed on *: a sure path (before: always indeterminate)', () => {
    const r = load(BOTH_ON_ANY, AT_DEFAULT);
    expect(r.found).toHaveLength(1);
    expect(r.found[0]!.severity).toBe('medium');
    expect(r.check.status).toBe('fail');
  });

  it('Version $Default through MixedInstancesPolicy, by LaunchTemplateName: a sure path', () => {
    const r = load(
      [{ Action: BOTH, Resource: 'arn:aws:ec2:*:111122223333:launch-template/*' }],
      cfnGroup("        LaunchTemplateName: web\n        Version: '$Default'", true),
    );
    expect(r.found).toHaveLength(1);
    expect(r.check.status).toBe('fail');
  });

  it('$Default but allowed on one launch template id only: indeterminate (its id is not in the inputs)', () => {
    const r = load(
      [{ Action: BOTH, Resource: 'arn:aws:ec2:*:111122223333:launch-template/lt-0abc' }],
      AT_DEFAULT,
    );
    expect(r.found).toHaveLength(1);
    expect(r.found[0]!.message).toContain('lt-0abc is one the policy names');
    expect(r.check.status).toBe('indeterminate');
  });

  // Round 7: the probe id (any id) is not the real one. IAM User Guide, "Policy evaluation logic":
  // "an explicit deny in any of these policies overrides the allow"; a Deny naming one template id
  // may name the real one, which the inputs do not hold.
  it('$Default, allowed on * but denied on one launch template id: indeterminate with why (before: a sure path)', () => {
    const r = load(
      [
        { Action: BOTH, Resource: '*' },
        { Effect: 'Deny', Action: BOTH, Resource: 'arn:aws:ec2:*:111122223333:launch-template/lt-0abc' },
      ],
      AT_DEFAULT,
    );
    expect(r.found).toHaveLength(1);
    expect(r.found[0]!.message).toContain('a Deny of the policies names lt-0abc');
    expect(r.check.status).toBe('indeterminate');
  });

  // The Deny may be in any policy that takes part in the decision ("an explicit deny in any of
  // these policies overrides the allow"): here the permissions boundary. Before, only the user's
  // own policies were read for the ids a Deny names: a sure path.
  it('$Default, allowed on * but the permissions boundary denies one launch template id: indeterminate with why (was a sure path)', () => {
    const r = load([{ Action: BOTH, Resource: '*' }], cfnGroup('        LaunchTemplateId: !Ref Lt'), DETAIL, [
      { Effect: 'Allow', Action: '*', Resource: '*' },
      { Effect: 'Deny', Action: BOTH, Resource: 'arn:aws:ec2:*:111122223333:launch-template/lt-0abc' },
    ]);
    expect(r.found).toHaveLength(1);
    expect(r.found[0]!.message).toContain('a Deny of the policies names lt-0abc');
    expect(r.check.status).toBe('indeterminate');
  });

  it('near-miss: $Default, denied on another account\u2019s templates only: still a sure path', () => {
    const r = load(
      [
        { Action: BOTH, Resource: '*' },
        { Effect: 'Deny', Action: BOTH, Resource: 'arn:aws:ec2:*:444455556666:launch-template/*' },
      ],
      AT_DEFAULT,
    );
    expect(r.found).toHaveLength(1);
    expect(r.check.status).toBe('fail');
  });

  // Round 7: a group naming a literal id. Amazon EC2 Auto Scaling API Reference,
  // LaunchTemplateSpecification, LaunchTemplateId: "The ID of the launch template"; a stack's
  // templates get their ids when deployed, so the literal may be the id of this one.
  it('a group naming a literal LaunchTemplateId at $Latest: it may be this template, indeterminate with why (before: not linked, pass)', () => {
    const r = load(
      CREATE_VERSION,
      cfnGroup("        LaunchTemplateId: lt-0abc\n        Version: '$Latest'"),
      LATEST,
    );
    expect(r.found).toHaveLength(1);
    expect(r.found[0]!.message).toContain('LaunchTemplateId lt-0abc');
    expect(r.check.status).toBe('indeterminate');
  });

  it('near-miss: a group naming another template by a literal name at $Latest: not linked, no path by that row', () => {
    const r = load(
      CREATE_VERSION,
      cfnGroup("        LaunchTemplateName: other\n        Version: '$Latest'"),
      LATEST,
    );
    expect(r.found).toEqual([]);
    expect(r.check.status).toBe('pass');
  });

  it('near-miss: $Default without ModifyLaunchTemplate: no path (the default version stays)', () => {
    const r = load(CREATE_VERSION, AT_DEFAULT);
    expect(r.check.status).toBe('pass');
  });

  it('$Latest: CreateLaunchTemplateVersion alone is a sure path', () => {
    const r = load(CREATE_VERSION, AT_LATEST, LATEST);
    expect(r.found).toHaveLength(1);
    expect(r.check.status).toBe('fail');
  });

  it('near-miss: $Latest, CreateLaunchTemplateVersion allowed on another account only: no path', () => {
    const r = load(
      [
        {
          Action: ['ec2:CreateLaunchTemplateVersion'],
          Resource: 'arn:aws:ec2:*:444455556666:launch-template/*',
        },
      ],
      AT_LATEST,
      LATEST,
    );
    expect(r.found).toEqual([]);
    expect(r.check.status).toBe('pass');
  });

  it('a version unknown (Fn::ImportValue): $Latest may be it, indeterminate with why', () => {
    const r = load(
      CREATE_VERSION,
      cfnGroup('        LaunchTemplateId: !Ref Lt\n        Version: !ImportValue web-version'),
      LATEST,
    );
    expect(r.found).toHaveLength(1);
    expect(r.found[0]!.message).toContain('the launch template version Auto Scaling group web-asg launches');
    expect(r.check.status).toBe('indeterminate');
  });

  it('a fixed version (GetAtt LatestVersionNumber): the new version needs UpdateAutoScalingGroup and PassRole too', () => {
    const spec = '        LaunchTemplateId: !Ref Lt\n        Version: !GetAtt Lt.LatestVersionNumber';
    const both = load(BOTH_ON_ANY, cfnGroup(spec));
    // the default version of a template no group launches: open, as before round 2
    expect(both.check.status).toBe('indeterminate');
    const latest = load(CREATE_VERSION, cfnGroup(spec), LATEST);
    expect(latest.found).toEqual([]);
    expect(latest.check.status).toBe('pass');
    const fixed = load([{ Action: FIXED_ACTIONS, Resource: '*' }], cfnGroup(spec), FIXED);
    expect(fixed.found).toHaveLength(1);
    expect(fixed.check.status).toBe('fail');
  });

  it('near-miss: a fixed version, UpdateAutoScalingGroup allowed on another group only: no path by that row', () => {
    const r = load(
      [
        { Action: ['ec2:CreateLaunchTemplateVersion', 'ec2:RunInstances', 'iam:PassRole'], Resource: '*' },
        {
          Action: ['autoscaling:UpdateAutoScalingGroup'],
          Resource: 'arn:aws:autoscaling:*:111122223333:autoScalingGroup:*:autoScalingGroupName/other',
        },
      ],
      cfnGroup("        LaunchTemplateId: !Ref Lt\n        Version: '3'"),
      FIXED,
    );
    expect(r.found).toEqual([]);
  });
});

describe('Terraform: aws_autoscaling_group launch_template / mixed_instances_policy linked to the template', () => {
  const loadTf = (group: string, actions: readonly string[], detail: string, resource = '*') =>
    loadTfTemplate(group, actions, detail, resource);

  it('launch_template { id } with the version left out ($Default): a sure path (before: indeterminate)', () => {
    const r = loadTf('  launch_template { id = aws_launch_template.web.id }', BOTH, DETAIL);
    expect(r.found).toHaveLength(1);
    expect(r.check.status).toBe('fail');
  });

  it('near-miss: $Default, ModifyLaunchTemplate alone: no path', () => {
    const r = loadTf(
      '  launch_template { id = aws_launch_template.web.id }',
      ['ec2:ModifyLaunchTemplate'],
      DETAIL,
    );
    expect(r.found).toEqual([]);
    expect(r.check.status).toBe('pass');
  });

  it('mixed_instances_policy by name at $Latest: CreateLaunchTemplateVersion alone is a sure path', () => {
    const group = `  mixed_instances_policy {
    launch_template {
      launch_template_specification {
        launch_template_name = aws_launch_template.web.name
        version = "$Latest"
      }
    }
  }`;
    const r = loadTf(group, ['ec2:CreateLaunchTemplateVersion'], LATEST);
    expect(r.found).toHaveLength(1);
    expect(r.check.status).toBe('fail');
    const other = loadTf(
      group,
      ['ec2:CreateLaunchTemplateVersion'],
      LATEST,
      'arn:aws:ec2:*:444455556666:launch-template/*',
    );
    expect(other.found).toEqual([]);
    expect(other.check.status).toBe('pass');
  });

  it('mixed_instances_policy by id, version left out ($Default): a sure path; a group of another template is not linked', () => {
    const group = `  mixed_instances_policy {
    launch_template {
      launch_template_specification { launch_template_id = aws_launch_template.web.id }
    }
  }`;
    expect(loadTf(group, BOTH, DETAIL).check.status).toBe('fail');
    const other = `  mixed_instances_policy {
    launch_template {
      launch_template_specification { launch_template_name = "other" }
    }
  }`;
    expect(loadTf(other, BOTH, DETAIL).check.status).toBe('indeterminate');
  });

  it('an override naming the template by reference at $Latest: linked, a sure path (before: not followed, pass)', () => {
    const group = `  mixed_instances_policy {
    launch_template {
      launch_template_specification { launch_template_name = "other" }
      override {
        instance_type = "t3.micro"
      }
      override {
        instance_type = "t3.large"
        launch_template_specification {
          launch_template_id = aws_launch_template.web.id
          version = "$Latest"
        }
      }
    }
  }`;
    const r = loadTf(group, ['ec2:CreateLaunchTemplateVersion'], LATEST);
    expect(r.found).toHaveLength(1);
    expect(r.found[0]!.indeterminate).toBeFalsy();
    expect(r.check.status).toBe('fail');
  });

  it('a fixed version: UpdateAutoScalingGroup and PassRole too; without them no path by that row', () => {
    const group =
      '  launch_template {\n    id = aws_launch_template.web.id\n    version = aws_launch_template.web.latest_version\n  }';
    // latest_version is known only after apply: the version is unknown, so $Latest may be it
    const unknown = loadTf(group, ['ec2:CreateLaunchTemplateVersion'], LATEST);
    expect(unknown.check.status).toBe('indeterminate');
    const pinned = '  launch_template {\n    id = aws_launch_template.web.id\n    version = "3"\n  }';
    expect(loadTf(pinned, FIXED_ACTIONS, FIXED).check.status).toBe('fail');
    const withoutUpdate = loadTf(
      pinned,
      FIXED_ACTIONS.filter((a) => a !== 'autoscaling:UpdateAutoScalingGroup'),
      FIXED,
    );
    expect(withoutUpdate.found).toEqual([]);
    expect(loadTf(pinned, ['ec2:CreateLaunchTemplateVersion'], LATEST).check.status).toBe('pass');
  });
});

// Round 8: the name of an Auto Scaling group pinned to a fixed version (analysis/
// escalation-launch-templates.ts `templateUseRequests`). Reproduction: a group whose name
// CloudFormation generates (no AutoScalingGroupName) was asked about by the probe name
// (`autoScalingGroupName/iamspec-any`), so a policy allowing the group update only on the names
// CloudFormation generates in the stack (`s-Asg-*`) denied it and the row gave no finding, though
// the real group may be so named. Now the name is an unknown name part, as `inputGroups` names the
// group (engine/unknown-names.ts: a pattern naming every name YES, some MAYBE, none NO).
// - AWS CloudFormation User Guide, AWS::AutoScaling::AutoScalingGroup, AutoScalingGroupName: "The
//   name of the Auto Scaling group. This name must be unique per Region per account."; the
//   resource's name is generated when left out ("If you don't specify a name, AWS CloudFormation
//   generates a unique physical ID", "Name type").
describe('a group pinned to a fixed version whose name CloudFormation generates', () => {
  const spec = "        LaunchTemplateId: !Ref Lt\n        Version: '3'";
  const generated = cfnGroup(spec).replace('      AutoScalingGroupName: web-asg\n', '');
  const only = (resource: string) =>
    load(
      [
        { Action: ['ec2:CreateLaunchTemplateVersion', 'ec2:RunInstances', 'iam:PassRole'], Resource: '*' },
        { Action: ['autoscaling:UpdateAutoScalingGroup'], Resource: resource },
      ],
      generated,
      FIXED,
    );
  const GROUPS = 'arn:aws:autoscaling:*:111122223333:autoScalingGroup:*:autoScalingGroupName/';

  it('the update allowed only on s-Asg-* (the names of the stack): indeterminate with why (was no finding)', () => {
    const r = only(`${GROUPS}s-Asg-*`);
    expect(r.found.map((f) => f.severity)).toEqual(['medium']);
    expect(r.found[0]!.message).toContain(
      'autoScalingGroupName/(unknown-autoscaling-group-web) is not known',
    );
  });

  it('the update allowed on every group: the same finding (sound before: the probe is a group name too)', () => {
    expect(only(`${GROUPS}*`).found.map((f) => f.severity)).toEqual(['medium']);
  });

  it('the update denied on every group name: no finding by that row', () => {
    const r = load(
      [
        { Action: [...FIXED_ACTIONS], Resource: '*' },
        { Effect: 'Deny', Action: ['autoscaling:UpdateAutoScalingGroup'], Resource: `${GROUPS}*` },
      ],
      generated,
      FIXED,
    );
    expect(r.found).toEqual([]);
  });
});
