// Every service that runs as a role (issue 15): ECS task and task execution roles, CodeBuild
// projects, Step Functions state machines, EventBridge rule targets and schedules, API Gateway
// integration credentials, Glue jobs and CodePipeline pipelines are `usedBy` entries of their
// role with the property's source, in both adapters, and who-can names them.
//
// Amazon ECS Developer Guide, "Amazon ECS task IAM role": "Your Amazon ECS tasks can have an IAM
// role associated with them. The permissions granted in the IAM role are assumed by the
// containers running in the task" (trust ecs-tasks.amazonaws.com); AWS CodeBuild User Guide,
// "Allow CodeBuild to interact with other AWS services" (codebuild.amazonaws.com); Step
// Functions, "Creating an IAM role for your state machine" (states.amazonaws.com); EventBridge,
// "Using IAM roles for EventBridge targets" (events.amazonaws.com) and EventBridge Scheduler,
// "Setting up the execution role" (scheduler.amazonaws.com); API Gateway, "credentials": "the
// ARN of an IAM role that API Gateway assumes"; Glue, "Create an IAM role for AWS Glue"
// (glue.amazonaws.com); CodePipeline, "CodePipeline service role" (codepipeline.amazonaws.com).

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadTerraformConfig } from '../src/adapters/terraform/index.js';
import { whoCan } from '../src/analysis/who-can.js';
import { compileModel } from '../src/engine/index.js';
import { ModelBuilder } from '../src/model/builder.js';
import type { Model } from '../src/model/types.js';
import { modelOf } from './fixtures/cfn/load.js';

function cfn(): Model {
  const file = 'test/fixtures/role-uses/services.yaml';
  return modelOf(readFileSync(file, 'utf8'), {
    account: '111122223333',
    region: 'us-west-2',
    stackName: 's',
    file,
  });
}

function tf(): Model {
  const b = new ModelBuilder();
  loadTerraformConfig('test/fixtures/role-uses/tf', b, {});
  return b.build();
}

describe.each([
  ['CloudFormation', cfn, { events: 'EventsRole', schedule: 'EventsRole', worker: 'Worker' }],
  ['Terraform', tf, { events: 'EventsRole', schedule: 'ScheduleRole', worker: 'aws_ecs_service.worker' }],
])('resources that run with a role (%s)', (_name, load, names) => {
  const model = load();
  const uses = (role: string) =>
    model.roles.find((r) => r.name === role)!.usedBy.map((u) => `${u.kind} ${u.name} ${u.service}`);

  it('records each use on its role, with the service that assumes it and the source', () => {
    expect(uses('TaskRole')).toEqual(['ecs-task web ecs-tasks.amazonaws.com']);
    expect(uses('ExecutionRole')).toEqual(['ecs-task-execution web ecs-tasks.amazonaws.com']);
    expect(uses('BuildRole')).toEqual(['codebuild-project build codebuild.amazonaws.com']);
    expect(uses('MachineRole')).toEqual(['state-machine machine states.amazonaws.com']);
    expect(uses(names.events)).toContain('eventbridge-rule nightly events.amazonaws.com');
    expect(uses(names.schedule)).toContain('eventbridge-schedule hourly scheduler.amazonaws.com');
    expect(uses('ApiRole').map((u) => u.split(' ')[0])).toEqual(['apigateway-integration']);
    expect(uses('GlueRole')).toEqual(['glue-job etl glue.amazonaws.com']);
    expect(uses('PipelineRole')).toEqual(['codepipeline-pipeline release codepipeline.amazonaws.com']);
    const task = model.roles.find((r) => r.name === 'TaskRole')!.usedBy[0]!;
    expect(task.source.logicalId ?? task.source.address).toMatch(/^(Task|aws_ecs_task_definition\.task)$/);
    expect(model.findings.filter((f) => f.code === 'model/unlinked-role-use')).toEqual([]);
  });

  it('who-can names the ECS services running the task definition, and its task role', () => {
    const r = whoCan(compileModel(model), 's3:GetObject', 'arn:aws:s3:::data/x');
    const ecs = r.entries.filter((e) => e.principal === 'ecs-tasks.amazonaws.com');
    // one service refers to the task definition, the other names its family:revision or ARN
    expect(ecs.map((e) => e.via).sort()).toEqual([
      `ECS service ${names.worker} (task definition web), through its task role TaskRole (ecs-tasks.amazonaws.com)`,
      'ECS service web-svc (task definition web), through its task role TaskRole (ecs-tasks.amazonaws.com)',
    ]);
    expect(ecs.every((e) => e.access === 'allow')).toBe(true);
  });

  it('records the services on the task and execution role uses, with the source of their task definition property', () => {
    for (const role of ['TaskRole', 'ExecutionRole']) {
      const use = model.roles.find((r) => r.name === role)!.usedBy[0]!;
      expect(use.runBy?.map((r) => `${r.label} ${r.name}`).sort()).toEqual([
        `ECS service ${names.worker}`,
        'ECS service web-svc',
      ]);
      const service = use.runBy!.find((r) => r.name === 'web-svc')!;
      expect(service.source.logicalId ?? service.source.address).toMatch(
        /^(Service|aws_ecs_service\.service)$/,
      );
    }
  });
});
