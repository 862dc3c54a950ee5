// An ECS service of the inputs without ServiceName (CloudFormation generates its name) or with a
// name the plan leaves unknown: before, its ARN was built on its logical id or address
// (`service/main/EcsService`), so ecs:UpdateService allowed only on `service/main/EcsService` (a
// service that need not exist) was a sure start onto the task role. Now the name in its ARN is
// the generated name with an unknown name part (`RoleUseRunner.arnName`): `service/main/*` still
// names it surely; a pattern naming the logical id does not name it, and the request stays open.
//
// Pages:
// - AWS CloudFormation User Guide, "Name type": "By default, CloudFormation generates a unique
//   physical ID to name a resource" (adapters/cloudformation/generated-names.ts: a known prefix
//   and an unknown part), as for an AWS::ECS::Service without ServiceName.
// - Amazon ECS API Reference, UpdateService, taskDefinition: "If you modify the task definition
//   with UpdateService, Amazon ECS spawns a task with the new version of the task definition".
// - Service Authorization Reference, Amazon ECS, resource type service:
//   `arn:${Partition}:ecs:${Region}:${Account}:service/${ClusterName}/${ServiceName}`.

import { describe, expect, it } from 'vitest';
import { compileModel } from '../src/engine/index.js';
import { modelOf } from './fixtures/cfn/load.js';
import {
  cfnAdminRole,
  cfnDevUser,
  cfnEcsService,
  cfnLowRole,
  cfnTaskDefinition,
} from './helpers/cfn-templates.js';
import { escalationFindings, noEscalationCheck } from './helpers/escalation-findings.js';

const DEV = 'arn:aws:iam::111122223333:user/dev';
const ANY_ECS = 'iam:PassRole to new ecs-tasks.amazonaws.com compute';
const PASS = { Action: 'iam:PassRole', Resource: '*' };

const SERVICE = (name: string) =>
  `${cfnLowRole('ecs-tasks.amazonaws.com')}${cfnTaskDefinition()}${cfnEcsService('main', name)}`;

function load(name: string, resource: string) {
  const engine = compileModel(
    modelOf(
      `Resources:\n${cfnAdminRole('Svc', 'svcadmin', 'ecs-tasks.amazonaws.com')}${SERVICE(name)}${cfnDevUser([
        PASS,
        { Action: 'ecs:UpdateService', Resource: resource },
      ])}`,
      { file: 'inline.yaml', stackName: 's' },
    ),
  );
  const f = [...escalationFindings(engine, [DEV]).values()].find((x) => x.detail === ANY_ECS);
  return { f, check: noEscalationCheck(engine, 'user/dev') };
}

describe('an ECS service without ServiceName: its name is CloudFormation\u2019s, not its logical id', () => {
  it('UpdateService allowed on service/main/EcsService (the logical id): indeterminate (was: a sure start)', () => {
    const r = load('', 'arn:aws:ecs:*:111122223333:service/main/EcsService');
    expect(r.f?.indeterminate).toBeTruthy();
    expect(r.check.status).toBe('indeterminate');
  });

  it('allowed on service/main/*: a sure start on the generated name', () => {
    const r = load('', 'arn:aws:ecs:*:111122223333:service/main/*');
    expect(r.f).toBeDefined();
    expect(r.f?.indeterminate).toBeFalsy();
    expect(r.check.status).toBe('fail');
  });

  it('near miss: ServiceName web, allowed on service/main/web: a sure start as before', () => {
    const r = load('      ServiceName: web\n', 'arn:aws:ecs:*:111122223333:service/main/web');
    expect(r.f?.indeterminate).toBeFalsy();
    expect(r.check.status).toBe('fail');
  });
});
