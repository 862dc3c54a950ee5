// Requests on running compute whose id no input holds: a running ECS task (`task/CLUSTER/TASK-ID`,
// the id ECS gives at start) and an EC2 instance (`instance/INSTANCE-ID`, the id EC2 gives at
// launch). Before, the escalation graph and the review asked them on the probe name
// (`task/main/iamspec-any`, `instance/i-0iamspec-any`): a policy allowing ecs:ExecuteCommand only
// on `task/main/abc*` or ssm:SendCommand only on `instance/i-0abc` matched no probe, so the path
// onto the task or instance role was missed (no finding, noEscalation passed). Now the id is an
// unknown name part (aws/role-uses.ts `ECS_TASK_ID`, `ec2InstanceResource`), decided by the
// engine's unknown-name rule: a pattern naming some ids may name it (indeterminate, with why),
// `task/main/*` / `instance/*` names it surely.
//
// Pages (Service Authorization Reference, the resource types tables, as the catalog holds them):
// - Amazon ECS, resource type task: `arn:${Partition}:ecs:${Region}:${Account}:task/${ClusterName}/${TaskId}`;
// - Amazon EC2, resource type instance: `arn:${Partition}:ec2:${Region}:${Account}:instance/${InstanceId}`.

import { describe, expect, it } from 'vitest';
import { compileModel } from '../src/engine/index.js';
import { getResourceType } from '../src/catalog/index.js';
import { modelOf } from './fixtures/cfn/load.js';
import {
  cfnAdminInstanceProfile,
  cfnAdminRole,
  cfnDevUser,
  cfnEcsService,
  cfnTaskDefinition,
} from './helpers/cfn-templates.js';
import { devEscalations } from './helpers/pass-role-starts.js';

type Statement = { Effect?: string; Action: string | readonly string[]; Resource: unknown };

function review(compute: string, statements: readonly Statement[]) {
  return devEscalations(
    compileModel(
      modelOf(`Resources:\n${compute}${cfnDevUser(statements)}`, { file: 'inline.yaml', stackName: 's' }),
    ),
  );
}

it('the catalog\u2019s ARN formats the ids stand in', () => {
  expect(getResourceType('ecs', 'task')?.arns).toEqual([
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the catalog's ARN template
    'arn:${Partition}:ecs:${Region}:${Account}:task/${ClusterName}/${TaskId}',
  ]);
  expect(getResourceType('ec2', 'instance')?.arns).toEqual([
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the catalog's ARN template
    'arn:${Partition}:ec2:${Region}:${Account}:instance/${InstanceId}',
  ]);
});

describe('ECS Exec on a running task: its id unknown', () => {
  const DETAIL = 'ecs:ExecuteCommand on a task with a task role';
  const ECS = (cluster: string) =>
    `${cfnAdminRole('Low', 'low', 'ecs-tasks.amazonaws.com')}${cfnTaskDefinition()}${cfnEcsService(
      cluster,
      '      ServiceName: web\n      EnableExecuteCommand: true\n',
    )}`;
  const exec = (resource: string): Statement => ({ Action: 'ecs:ExecuteCommand', Resource: resource });

  it('allowed on task/main/abc* only: indeterminate, the task id unknown (was: no finding, pass)', () => {
    const r = review(ECS('main'), [exec('arn:aws:ecs:*:111122223333:task/main/abc*')]);
    expect(r.of(DETAIL)).toBeDefined();
    expect(r.why(DETAIL)).toContain('task/main/(unknown-ecs-task-id)');
    expect(r.check.status).toBe('indeterminate');
  });

  it('allowed on task/main/*: a sure path', () => {
    const r = review(ECS('main'), [exec('arn:aws:ecs:*:111122223333:task/main/*')]);
    expect(r.of(DETAIL)?.indeterminate).toBeFalsy();
    expect(r.check.status).toBe('fail');
  });

  it('the cluster unknown, allowed on task/main/abc*: indeterminate (the cluster name found, the id open)', () => {
    const r = review(ECS('!ImportValue cluster-name'), [exec('arn:aws:ecs:*:111122223333:task/main/abc*')]);
    expect(r.of(DETAIL)).toBeDefined();
    expect(r.check.status).toBe('indeterminate');
  });

  it('near miss: allowed on another cluster\u2019s tasks only: no finding, pass', () => {
    const r = review(ECS('main'), [exec('arn:aws:ecs:*:111122223333:task/other/*')]);
    expect(r.of(DETAIL)).toBeUndefined();
    expect(r.check.status).toBe('pass');
  });
});

describe('SSM on an EC2 instance running with the role: its id unknown', () => {
  const DETAIL = 'ssm:SendCommand on an EC2 instance with a role';
  const EC2 = `${cfnAdminInstanceProfile()}  Inst:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: ami-1
      IamInstanceProfile: !Ref Profile
`;
  const DOCUMENT = 'arn:aws:ssm:*:*:document/*';
  const send = (...resources: string[]): Statement => ({
    Action: 'ssm:SendCommand',
    Resource: [...resources, DOCUMENT],
  });

  it('allowed on instance/i-0abc only: indeterminate, the instance id unknown (was: no finding, pass)', () => {
    const r = review(EC2, [send('arn:aws:ec2:*:111122223333:instance/i-0abc')]);
    expect(r.of(DETAIL)).toBeDefined();
    expect(r.why(DETAIL)).toContain('instance/i-(unknown-ec2-instance-id');
    expect(r.check.status).toBe('indeterminate');
  });

  it('allowed on instance/*: a sure path', () => {
    const r = review(EC2, [send('arn:aws:ec2:*:111122223333:instance/*')]);
    expect(r.of(DETAIL)?.indeterminate).toBeFalsy();
    expect(r.check.status).toBe('fail');
  });

  it('near miss: denied on instance/*: no finding, pass', () => {
    const r = review(EC2, [
      send('*'),
      { Effect: 'Deny', Action: 'ssm:SendCommand', Resource: 'arn:aws:ec2:*:*:instance/*' },
    ]);
    expect(r.of(DETAIL)).toBeUndefined();
    expect(r.check.status).toBe('pass');
  });
});
