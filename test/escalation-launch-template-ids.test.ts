// Round 7 of the launch-template escalation rows (aws/launch-template-versions.ts,
// analysis/escalation-launch-templates.ts): where a plan or state holds the template's id, its
// requests are decided on its real ARN (a Deny naming it counts; a guard, this held before round
// 7), and the Auto Scaling groups that name it by a literal id are linked to it.
//
// Pages:
// - Service Authorization Reference, Amazon EC2, resource type launch-template:
//   `arn:${Partition}:ec2:${Region}:${Account}:launch-template/${LaunchTemplateId}`;
//   CreateLaunchTemplateVersion and ModifyLaunchTemplate act on it.
// - IAM User Guide, "Policy evaluation logic": an explicit deny in any policy overrides an allow.
// - Amazon EC2 Auto Scaling API Reference, LaunchTemplateSpecification, LaunchTemplateId: "The ID
//   of the launch template. To get the template ID, use the Amazon EC2 DescribeLaunchTemplates API
//   operation", https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_LaunchTemplateSpecification.html

import { describe, expect, it } from 'vitest';
import { compileModel } from '../src/engine/index.js';
import { escalationFindings, noEscalationCheck } from './helpers/escalation-findings.js';
import { terraformPlanModel } from './helpers/temp-inputs.js';

const DEV = 'arn:aws:iam::111122223333:user/dev';
const DETAIL = 'ec2:CreateLaunchTemplateVersion + ModifyLaunchTemplate on a launch template with a role';
const BOTH = ['ec2:CreateLaunchTemplateVersion', 'ec2:ModifyLaunchTemplate'];
const TRUST_EC2 = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});

/** A resource change that leaves `address` as `after` (no change: a resource of the state). */
const kept = (address: string, after: Record<string, unknown>) => ({
  address,
  mode: 'managed',
  type: address.split('.')[0],
  name: address.split('.')[1],
  change: { actions: ['no-op'], before: after, after, after_unknown: {} },
});

/** A plan: the administrator instance profile web, template `lt` (id lt-0abc), group `group`, dev allowed `statements`. */
function planModel(
  statements: readonly Record<string, unknown>[],
  group: Record<string, unknown>,
  template: { id?: string } = { id: 'lt-0abc' },
  extra: readonly object[] = [],
) {
  const plan = {
    format_version: '1.2',
    terraform_version: '1.9.5',
    planned_values: { root_module: {} },
    resource_changes: [
      kept('aws_iam_role.svc', { name: 'svc', path: '/', assume_role_policy: TRUST_EC2 }),
      kept('aws_iam_role_policy_attachment.admin', {
        role: 'svc',
        policy_arn: 'arn:aws:iam::aws:policy/AdministratorAccess',
      }),
      kept('aws_iam_instance_profile.web', { name: 'web', role: 'svc' }),
      template.id === undefined
        ? {
            ...kept('aws_launch_template.lt', {
              name: 'web',
              iam_instance_profile: [{ name: 'web', arn: '' }],
            }),
            change: {
              actions: ['create'],
              before: null,
              after: { name: 'web', iam_instance_profile: [{ name: 'web', arn: '' }] },
              after_unknown: { id: true, arn: true },
            },
          }
        : kept('aws_launch_template.lt', {
            id: template.id,
            name: 'web',
            iam_instance_profile: [{ name: 'web', arn: '' }],
          }),
      kept('aws_autoscaling_group.asg', { name: 'web-asg', ...group }),
      kept('aws_iam_user.dev', { name: 'dev', path: '/' }),
      kept('aws_iam_user_policy.p', {
        user: 'dev',
        name: 'p',
        policy: JSON.stringify({ Version: '2012-10-17', Statement: statements }),
      }),
      ...extra,
    ],
  };
  const engine = compileModel(terraformPlanModel(plan, { account: '111122223333', region: 'us-west-2' }));
  const all = [...escalationFindings(engine, [DEV]).values()];
  return { found: all.filter((f) => f.detail === DETAIL), all, check: noEscalationCheck(engine, 'user/dev') };
}

const BY_NAME = { launch_template: [{ id: '', name: 'web', version: '$Default' }] };

describe('the template id a plan holds: requests on its real ARN', () => {
  it('a Deny naming the real template next to an Allow on *: no path', () => {
    const r = planModel(
      [
        { Effect: 'Allow', Action: BOTH, Resource: '*' },
        { Effect: 'Deny', Action: BOTH, Resource: 'arn:aws:ec2:*:111122223333:launch-template/lt-0abc' },
      ],
      BY_NAME,
    );
    expect(r.found).toEqual([]);
    expect(r.check.status).toBe('pass');
  });

  it('near-miss: a Deny naming another template: a sure path', () => {
    const r = planModel(
      [
        { Effect: 'Allow', Action: BOTH, Resource: '*' },
        { Effect: 'Deny', Action: BOTH, Resource: 'arn:aws:ec2:*:111122223333:launch-template/lt-0other' },
      ],
      BY_NAME,
    );
    expect(r.found).toHaveLength(1);
    expect(r.check.status).toBe('fail');
  });
});

const LATEST = 'ec2:CreateLaunchTemplateVersion on a launch template an Auto Scaling group runs at $Latest';

/** `planModel` with dev allowed CreateLaunchTemplateVersion on *, the findings of the $Latest row. */
/** `templateId` null: the plan creates the template (its id known after apply). */
function latestOf(
  group: Record<string, unknown>,
  templateId: string | null = 'lt-0abc',
  extra: readonly object[] = [],
) {
  const r = planModel(
    [{ Effect: 'Allow', Action: ['ec2:CreateLaunchTemplateVersion'], Resource: '*' }],
    group,
    templateId === null ? {} : { id: templateId },
    extra,
  );
  return { found: r.all.filter((f) => f.detail === LATEST), check: r.check };
}

describe('an Auto Scaling group naming its template by a literal id (a plan read alone)', () => {
  it('the id the plan holds for the template: linked, $Latest is a sure path (before: not linked, noEscalation passed)', () => {
    const r = latestOf({ launch_template: [{ id: 'lt-0abc', name: '', version: '$Latest' }] });
    expect(r.found).toHaveLength(1);
    expect(r.found[0]!.indeterminate).toBeFalsy();
    expect(r.check.status).toBe('fail');
  });

  it('near-miss: another template\u2019s id: not linked, no path by the $Latest row', () => {
    const r = latestOf({ launch_template: [{ id: 'lt-0other', name: '', version: '$Latest' }] });
    expect(r.found).toEqual([]);
    expect(r.check.status).toBe('pass');
  });

  it('the template created by the plan (its id known after apply): the group may launch it, indeterminate with why (before: pass)', () => {
    const r = latestOf({ launch_template: [{ id: 'lt-0abc', name: '', version: '$Latest' }] }, null);
    expect(r.found).toHaveLength(1);
    expect(r.found[0]!.message).toContain('launches launch template lt-0abc');
    expect(r.check.status).toBe('indeterminate');
  });

  it('that id is the one the state holds for another template of the inputs, without an instance profile: the group launches that one, decided (was: indeterminate)', () => {
    const other = kept('aws_launch_template.other', { id: 'lt-0abc', name: 'other' });
    const r = latestOf({ launch_template: [{ id: 'lt-0abc', name: '', version: '$Latest' }] }, null, [other]);
    expect(r.check.status).toBe('pass');
    expect(r.found).toEqual([]);
  });
});
