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
import { PROBE_NAME } from '../model/stand-ins.js';

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
   * boolean property turning ECS Exec on for its tasks (default false).
   */
  cfn: { type: string; runs: string; name?: string; executeCommand?: string };
  /** Terraform: the same attributes. */
  tf: { type: string; runs: string; name?: string; executeCommand?: string };
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
    },
    tf: {
      type: 'aws_ecs_service',
      runs: 'task_definition',
      name: 'name',
      executeCommand: 'enable_execute_command',
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
 * The requests that turn ECS Exec on for the tasks of ECS task definition `use` when every
 * service of the inputs running it leaves it off: `ecs:UpdateService` on such a service with
 * enableExecuteCommand (Amazon ECS API Reference, Service enableExecuteCommand: "Determines
 * whether the execute command functionality is turned on for the service. If true, the execute
 * command functionality is turned on for all containers in tasks as part of the service"; the
 * service's new tasks run with it). One per service, on its ARN `service/CLUSTER/NAME` in the role's account; the
 * cluster the inputs do not link is the probe name, as for the task the ExecuteCommand request
 * names.
 */
export function ecsExecTurnOn(use: {
  runBy?: readonly RoleUseRunner[];
}): { action: string; resource: (arn: (service: string, resource: string) => string) => string }[] {
  return (use.runBy ?? [])
    .filter((r) => r.executeCommand === false && r.label === 'ECS service')
    .map((r) => ({
      action: 'ecs:UpdateService',
      resource: (arn) => arn('ecs', `service/${PROBE_NAME}/${r.name}`),
    }));
}

/** Whether ECS Exec may reach the tasks of a role use (`ecsExecOf`), with why when not known. */
export type EcsExec = { on: true } | { on: false } | { on: 'unknown'; reason: string; source?: Source };

/**
 * Whether the running tasks of ECS task definition `use` may have ECS Exec turned on: ECS
 * ExecuteCommand reaches a task only when it runs with the feature on (Amazon ECS API Reference,
 * CreateService enableExecuteCommand: "Determines whether the execute command functionality is
 * turned on for the service. If true, this enables execute command functionality on all
 * containers in the service tasks"; RunTask enableExecuteCommand: "If true, this enables execute
 * command functionality on all containers in the task"). On when an ECS service of the inputs
 * running it turns it on; off when every service running it is known to leave it off; unknown
 * when a service's setting is not pinned down, or no service of the inputs runs it (its tasks
 * are started some way the inputs do not show, with or without the feature).
 */
export function ecsExecOf(use: { name: string; runBy?: readonly RoleUseRunner[] }): EcsExec {
  const runners = use.runBy ?? [];
  if (runners.some((r) => r.executeCommand === true)) return { on: true };
  const open = runners.find((r) => r.executeCommand !== false);
  if (open) {
    const v = open.executeCommand;
    return {
      on: 'unknown',
      reason: `whether ${open.label} ${open.name} (running ECS task definition ${use.name}) turns ECS Exec on is not known${isUnknown(v) ? `: ${v.reason}` : ''}`,
      ...(isUnknown(v) && v.source ? { source: v.source } : { source: open.source }),
    };
  }
  if (runners.length) return { on: false };
  return {
    on: 'unknown',
    reason: `no ECS service of the inputs runs ECS task definition ${use.name}: whether its tasks run with ECS Exec turned on is not known`,
  };
}

/** The description of a use kind (`lambda-function` is described here too, for messages). */
export function roleUseLabel(kind: RoleUseKind): { label: string; roleLabel: string } {
  if (kind === 'lambda-function') return { label: 'Lambda function', roleLabel: 'execution role' };
  const d = ROLE_USES.find((u) => u.kind === kind)!;
  return { label: d.label, roleLabel: d.roleLabel };
}
