// Services that run with a role's credentials, declared on a resource of the inputs: which
// property of which resource type names the role, the service principal that assumes it, and how
// to name the use (`usedBy` on the role; who-can says "ECS task definition X, through its task
// role Y"). Shared by the CloudFormation and Terraform adapters. Sources (each service's guide):
// - Amazon ECS Developer Guide, "Amazon ECS task IAM role" and "Amazon ECS task execution IAM
//   role": ecs-tasks.amazonaws.com assumes both (TaskRoleArn / ExecutionRoleArn).
// - AWS CodeBuild User Guide, "Allow CodeBuild to interact with other AWS services": the project's
//   service role, assumed by codebuild.amazonaws.com.
// - AWS Step Functions Developer Guide, "How Step Functions works with IAM": the state machine's
//   role, assumed by states.amazonaws.com.
// - Amazon EventBridge User Guide, "Using IAM roles for EventBridge targets" (events.amazonaws.com)
//   and EventBridge Scheduler, "Setting up the execution role" (scheduler.amazonaws.com).
// - API Gateway Developer Guide, "Integration credentials": the role apigateway.amazonaws.com
//   assumes to call the integration.
// - AWS Glue Developer Guide, "Create an IAM role for AWS Glue" (glue.amazonaws.com); a development
//   endpoint's role too (AWS::Glue::DevEndpoint RoleArn: "The Amazon Resource Name (ARN) of the
//   IAM role used in this DevEndpoint").
// - Amazon SageMaker AI Developer Guide, "How to use SageMaker AI execution roles": a notebook
//   instance runs with its execution role (AWS::SageMaker::NotebookInstance RoleArn: "When you
//   send any requests to AWS resources from the notebook instance, SageMaker AI assumes this role
//   to perform tasks on your behalf"), assumed by sagemaker.amazonaws.com.
// - AWS CodePipeline User Guide, "CodePipeline service role" (codepipeline.amazonaws.com).
// Resources that run a role-using resource (`ROLE_USE_RUNNERS`): an ECS service runs the tasks of
// its task definition (CloudFormation AWS::ECS::Service TaskDefinition: "The family and revision
// (family:revision) or full ARN of the task definition to run in your service"; Terraform
// aws_ecs_service task_definition: "Family and revision (family:revision) or full ARN of the task
// definition that you want to run in your service"), so who-can says "ECS service X (task
// definition Y), through its task role Z".

import type { Source } from '../model/source.js';
import type { RoleUseKind, RoleUseRunner } from '../model/types.js';
import { isUnknown } from '../model/unknown.js';
import { PROBE_NAME, unknownNamePart } from '../model/stand-ins.js';

export interface RoleUseDescription {
  kind: RoleUseKind;
  /** How the using resource is named: `ECS task definition`. */
  label: string;
  /** How the role is named for it: `task role`. */
  roleLabel: string;
  service: string;
  /** CloudFormation: resource type, the path to the role (`*` = each list item), the name property. */
  cfn?: { type: string; role: readonly string[]; name?: string };
  /** Terraform: resource type, the attribute path to the role, the name attribute. */
  tf?: { type: string; role: readonly string[]; name?: string };
}

export const ROLE_USES: readonly RoleUseDescription[] = [
  {
    kind: 'ecs-task',
    label: 'ECS task definition',
    roleLabel: 'task role',
    service: 'ecs-tasks.amazonaws.com',
    cfn: { type: 'AWS::ECS::TaskDefinition', role: ['TaskRoleArn'], name: 'Family' },
    tf: { type: 'aws_ecs_task_definition', role: ['task_role_arn'], name: 'family' },
  },
  {
    kind: 'ecs-task-execution',
    label: 'ECS task definition',
    roleLabel: 'task execution role',
    service: 'ecs-tasks.amazonaws.com',
    cfn: { type: 'AWS::ECS::TaskDefinition', role: ['ExecutionRoleArn'], name: 'Family' },
    tf: { type: 'aws_ecs_task_definition', role: ['execution_role_arn'], name: 'family' },
  },
  {
    kind: 'codebuild-project',
    label: 'CodeBuild project',
    roleLabel: 'service role',
    service: 'codebuild.amazonaws.com',
    cfn: { type: 'AWS::CodeBuild::Project', role: ['ServiceRole'], name: 'Name' },
    tf: { type: 'aws_codebuild_project', role: ['service_role'], name: 'name' },
  },
  {
    kind: 'state-machine',
    label: 'Step Functions state machine',
    roleLabel: 'role',
    service: 'states.amazonaws.com',
    cfn: { type: 'AWS::StepFunctions::StateMachine', role: ['RoleArn'], name: 'StateMachineName' },
    tf: { type: 'aws_sfn_state_machine', role: ['role_arn'], name: 'name' },
  },
  {
    kind: 'eventbridge-rule',
    label: 'EventBridge rule',
    roleLabel: 'target role',
    service: 'events.amazonaws.com',
    cfn: { type: 'AWS::Events::Rule', role: ['Targets', '*', 'RoleArn'], name: 'Name' },
    tf: { type: 'aws_cloudwatch_event_target', role: ['role_arn'], name: 'rule' },
  },
  {
    kind: 'eventbridge-schedule',
    label: 'EventBridge schedule',
    roleLabel: 'execution role',
    service: 'scheduler.amazonaws.com',
    cfn: { type: 'AWS::Scheduler::Schedule', role: ['Target', 'RoleArn'], name: 'Name' },
    tf: { type: 'aws_scheduler_schedule', role: ['target', '*', 'role_arn'], name: 'name' },
  },
  {
    kind: 'apigateway-integration',
    label: 'API Gateway integration',
    roleLabel: 'integration credentials',
    service: 'apigateway.amazonaws.com',
    cfn: { type: 'AWS::ApiGateway::Method', role: ['Integration', 'Credentials'] },
    tf: { type: 'aws_api_gateway_integration', role: ['credentials'] },
  },
  {
    kind: 'glue-job',
    label: 'Glue job',
    roleLabel: 'role',
    service: 'glue.amazonaws.com',
    cfn: { type: 'AWS::Glue::Job', role: ['Role'], name: 'Name' },
    tf: { type: 'aws_glue_job', role: ['role_arn'], name: 'name' },
  },
  {
    kind: 'glue-dev-endpoint',
    label: 'Glue development endpoint',
    roleLabel: 'role',
    service: 'glue.amazonaws.com',
    cfn: { type: 'AWS::Glue::DevEndpoint', role: ['RoleArn'], name: 'EndpointName' },
    tf: { type: 'aws_glue_dev_endpoint', role: ['role_arn'], name: 'name' },
  },
  {
    kind: 'sagemaker-notebook-instance',
    label: 'SageMaker notebook instance',
    roleLabel: 'execution role',
    service: 'sagemaker.amazonaws.com',
    cfn: { type: 'AWS::SageMaker::NotebookInstance', role: ['RoleArn'], name: 'NotebookInstanceName' },
    tf: { type: 'aws_sagemaker_notebook_instance', role: ['role_arn'], name: 'name' },
  },
  {
    kind: 'codepipeline-pipeline',
    label: 'CodePipeline pipeline',
    roleLabel: 'service role',
    service: 'codepipeline.amazonaws.com',
    cfn: { type: 'AWS::CodePipeline::Pipeline', role: ['RoleArn'], name: 'Name' },
    tf: { type: 'aws_codepipeline', role: ['role_arn'], name: 'name' },
  },
];

/** A resource that runs a role-using resource (an ECS service running a task definition). */
export interface RoleUseRunnerDescription {
  /** How the runner is named: `ECS service`. */
  label: string;
  /** The use kinds of the resource it runs. */
  runs: readonly RoleUseKind[];
  /**
   * CloudFormation: resource type, the property naming what it runs, the name property, the
   * boolean property turning ECS Exec on for its tasks (default false), the property naming its
   * cluster (by name or ARN; left out: `ECS_DEFAULT_CLUSTER`).
   */
  cfn: { type: string; runs: string; name?: string; executeCommand?: string; cluster?: string };
  /** Terraform: the same attributes. */
  tf: { type: string; runs: string; name?: string; executeCommand?: string; cluster?: string };
}

export const ROLE_USE_RUNNERS: readonly RoleUseRunnerDescription[] = [
  {
    label: 'ECS service',
    runs: ['ecs-task', 'ecs-task-execution'],
    cfn: {
      type: 'AWS::ECS::Service',
      runs: 'TaskDefinition',
      name: 'ServiceName',
      executeCommand: 'EnableExecuteCommand',
      cluster: 'Cluster',
    },
    tf: {
      type: 'aws_ecs_service',
      runs: 'task_definition',
      name: 'name',
      executeCommand: 'enable_execute_command',
      cluster: 'cluster',
    },
  },
];

/**
 * The task definition family a `TaskDefinition` value names: `family:revision`, a full ARN
 * (`arn:aws:ecs:REGION:ACCOUNT:task-definition/family:revision`) or a family alone.
 */
export function taskDefinitionFamily(value: string): string {
  const slash = value.startsWith('arn:') ? value.lastIndexOf('/') : -1;
  const rest = value.slice(slash + 1);
  const colon = rest.lastIndexOf(':');
  return colon > 0 && /^\d+$/.test(rest.slice(colon + 1)) ? rest.slice(0, colon) : rest;
}

/**
 * The cluster name an ECS service's cluster value names: a full ARN
 * (`arn:aws:ecs:REGION:ACCOUNT:cluster/NAME`) or the short name itself (CloudFormation
 * AWS::ECS::Service Cluster: "The short name or full Amazon Resource Name (ARN) of the cluster
 * that you run your service on").
 */
export function ecsClusterName(value: string): string {
  const at = value.startsWith('arn:') ? value.indexOf(':cluster/') : -1;
  return at < 0 ? value : value.slice(at + ':cluster/'.length);
}

/**
 * The cluster a service left without one runs in: "If you do not specify a cluster, the default
 * cluster is assumed" (Amazon ECS API Reference, CreateService, cluster).
 */
export const ECS_DEFAULT_CLUSTER = 'default';

/** How the resources of ECS clusters are declared: the name property, set or generated. */
export const ECS_CLUSTER = {
  cfn: { type: 'AWS::ECS::Cluster', name: 'ClusterName' },
  tf: { type: 'aws_ecs_cluster', name: 'name' },
} as const;

/**
 * The id part of a running ECS task's ARN, `task/CLUSTER/TASK-ID`: the id ECS gives the task when it
 * starts, which no input names (Service Authorization Reference, Amazon ECS, resource type task:
 * `arn:${Partition}:ecs:${Region}:${Account}:task/${ClusterName}/${TaskId}`): an unknown name part
 * (model/stand-ins.ts), so a policy naming some task ids may name it (the request indeterminate)
 * and `task/CLUSTER/*` names it surely.
 */
export const ECS_TASK_ID = unknownNamePart('ecs-task-id');

/**
 * The resource part of the ARN of an EC2 instance whose id the inputs do not hold (`hint` tells
 * the instances apart: the same hint is the same instance): EC2 gives the id at launch (Service
 * Authorization Reference, Amazon EC2, resource type instance:
 * `arn:${Partition}:ec2:${Region}:${Account}:instance/${InstanceId}`, an id of the form
 * `i-…`): `instance/i-` and an unknown name part, so `instance/*` names it surely and a policy
 * naming ids only may name it.
 */
export function ec2InstanceResource(hint: string): string {
  return `instance/i-${unknownNamePart(`ec2-instance-id-${hint}`)}`;
}

/**
 * One way ECS Exec may reach a running task of an ECS task definition (`ecsExecRoutes`): the
 * task's cluster (its ARN is `task/CLUSTER/TASK-ID`, the id one the inputs never name), the ECS
 * service to update first when its tasks leave ECS Exec off, and why the route may not be there
 * when the inputs leave that open.
 */
export interface EcsExecRoute {
  /** The cluster name the task's ARN holds: the service's cluster, else the probe name (unknown). */
  cluster: string;
  /** Set when the cluster is not known (`cluster` is the probe name): it may be any. */
  clusterUnknown?: true;
  /**
   * The name of an ECS service whose tasks leave ECS Exec off: `ecs:UpdateService` with
   * enableExecuteCommand on `service/CLUSTER/NAME` turns it on for its new tasks (Amazon ECS API
   * Reference, Service enableExecuteCommand: "Determines whether the execute command
   * functionality is turned on for the service. If true, the execute command functionality is
   * turned on for all containers in tasks as part of the service").
   */
  turnOn?: string;
  /** Why the route may not reach the task (ECS Exec or the cluster not pinned down), with where. */
  open?: { reason: string; source?: Source };
}

/**
 * The routes by which ECS ExecuteCommand may reach the running tasks of ECS task definition `use`
 * (Amazon ECS API Reference, CreateService enableExecuteCommand: "If true, this enables execute
 * command functionality on all containers in the service tasks"; RunTask enableExecuteCommand:
 * "If true, this enables execute command functionality on all containers in the task"), one per
 * ECS service of the inputs running it, in the service's cluster (`RoleUseRunner.cluster`):
 * ECS Exec on, a route; off, a route through `ecs:UpdateService` on the service (`turnOn`);
 * unknown, an open route with why. A cluster the inputs do not pin down is the probe name, and
 * the route is open with why: a policy limited to other clusters' tasks may still cover it. No
 * service of the inputs: one open route on a task of an unknown cluster (its tasks are started
 * some way the inputs do not show, with or without the feature). Routes on without update first.
 */
export function ecsExecRoutes(use: { name: string; runBy?: readonly RoleUseRunner[] }): EcsExecRoute[] {
  const runners = (use.runBy ?? []).filter((r) => r.label === 'ECS service');
  if (!runners.length)
    return [
      {
        cluster: PROBE_NAME,
        clusterUnknown: true,
        open: {
          reason: `no ECS service of the inputs runs ECS task definition ${use.name}: whether its tasks run with ECS Exec turned on, and in which cluster, is not known`,
        },
      },
    ];
  const routes = runners.map((r): EcsExecRoute => {
    const why: string[] = [];
    let source: Source | undefined;
    const c = r.cluster;
    const cluster = typeof c === 'string' ? c : PROBE_NAME;
    if (typeof c !== 'string') {
      why.push(
        `the cluster of ${r.label} ${r.name} (running ECS task definition ${use.name}) is not known${isUnknown(c) ? `: ${c.reason}` : ''}`,
      );
      source = (isUnknown(c) ? c.source : undefined) ?? r.source;
    }
    const v = r.executeCommand;
    if (v !== true && v !== false) {
      why.push(
        `whether ${r.label} ${r.name} (running ECS task definition ${use.name}) turns ECS Exec on is not known${isUnknown(v) ? `: ${v.reason}` : ''}`,
      );
      source ??= (isUnknown(v) ? v.source : undefined) ?? r.source;
    }
    return {
      cluster,
      ...(typeof c === 'string' ? {} : { clusterUnknown: true as const }),
      ...(v === false ? { turnOn: r.arnName ?? r.name } : {}),
      ...(why.length ? { open: { reason: why.join('; '), ...(source ? { source } : {}) } } : {}),
    };
  });
  return [...routes.filter((r) => !r.turnOn), ...routes.filter((r) => r.turnOn)];
}

/** The description of a use kind (`lambda-function` is described here too, for messages). */
export function roleUseLabel(kind: RoleUseKind): { label: string; roleLabel: string } {
  if (kind === 'lambda-function') return { label: 'Lambda function', roleLabel: 'execution role' };
  const d = ROLE_USES.find((u) => u.kind === kind)!;
  return { label: d.label, roleLabel: d.roleLabel };
}
