// The privilege-escalation methods, as a plain data table: the one list of escalation edges that
// both the access review (risk-escalation.ts, escalation-chains.ts, so `diff --fail-on risk`)
// and the spec's `cannotBecome` / `noEscalation` (the escalation graph, escalation.ts) follow.
// Each method: its name (`detail`: the method's number in Rhino Security Labs, "AWS IAM
// Privilege Escalation – Methods and Mitigation",
// https://rhinosecuritylabs.com/aws/aws-privilege-escalation-methods-mitigation/, or the AWS page
// of a method that list lacks), what it does, the requests it needs, which targets it is tried
// on, which edge of the escalation graph it is (`edge`), who can use it and its severity; and the
// compute a passed role runs in (`PASS_ROLE_COMPUTE`: the requests that start it, by service).
// risk-escalation.ts and escalation.ts resolve the targets against the model and decide the
// requests; nothing here knows a model.

import { POD_IDENTITY_SERVICE } from '../aws/eks-pod-identity.js';
import {
  autoScalingGroupResource,
  type LaunchTemplateVersionRun,
  launchConfigurationResource,
} from '../aws/launch-template-versions.js';
import type { RequestContext } from '../engine/types.js';
import {
  IDENTITY_CENTER_DELEGATED_REQUESTS,
  STACK_SET_DELEGATED_REQUESTS,
  STACK_UPDATE_REQUESTS,
} from '../aws/stack-roles.js';
import type { RiskFinding } from './types.js';

/** One request of an escalation: an action on a resource, with the context keys the method sets. */
export interface EscalationStep {
  action: string;
  resource: string;
  context?: RequestContext;
  /**
   * A request on new compute named by the probe name (`resource`): the ARN pattern of every
   * resource it may name instead, the name the maker chooses (`*` for the probe name); the
   * names searched by escalation-start-names.ts `withStartNames`. None on a resource that exists
   * already (`ComputeRequest.existing`) the pattern too, with `existing`.
   */
  names?: string;
  /**
   * The request names compute that exists already (`ComputeRequest.existing`: a function whose
   * configuration it updates, an instance, a group), not one the inputs define: it may not exist
   * (escalation-start-names.ts `withStartNames` with `existing`, which also tries the inputs' own).
   */
  existing?: true;
}

/**
 * The request context of iam:PassRole when a method passes the role to `service` (a service
 * principal of `PASS_ROLE_COMPUTE`): "iam:PassedToService ... Filters access by the AWS service
 * to which this role is passed" (Service Authorization Reference, IAM condition keys). Decided with
 * the key set, not free: a PassRole limited to another service does not pass it to this one.
 */
export function passRoleContext(service: string): RequestContext {
  return { 'iam:PassedToService': service };
}

/**
 * The requests by which a self-permissions method's `action` rewrites the permissions on
 * `resource`, in order: attaching a policy (iam:AttachUserPolicy / AttachRolePolicy /
 * AttachGroupPolicy) is decided with `iam:PolicyARN` ("Filters access by the ARN of an IAM
 * policy", Service Authorization Reference, IAM condition keys) set to AdministratorAccess, then
 * for any other policy (`gainOpen`: what the policies it may attach give is not computed); any
 * other action as it is.
 */
export function rewriteSteps(
  partition: string,
  action: string,
  resource: string,
): { step: EscalationStep; gainOpen?: true }[] {
  if (!/^iam:Attach(User|Role|Group)Policy$/i.test(action)) return [{ step: { action, resource } }];
  const admin = `arn:${partition}:iam::aws:policy/AdministratorAccess`;
  return [
    { step: { action, resource, context: { 'iam:PolicyARN': admin } } },
    { step: { action, resource }, gainOpen: true },
  ];
}

/** Builds an ARN of the principal's account and Region: `arn(service, resource)`. */
export type ArnOf = (service: string, resource: string) => string;

/**
 * Which targets a method is tried on. One-request methods call `actions[0]` on each target
 * (`self-bounded`: the principal itself when a permissions boundary is set on it);
 * `pass-role` passes each role `service` is trusted to assume, then makes the `start` requests;
 * `pass-role-any` passes such a role, then makes any one of `service`'s start requests
 * (`PASS_ROLE_COMPUTE`); `instance-roles`, the EC2 instances whose instance profile holds a
 * role (an instance of the role's account the inputs do not name); `codebuild-projects`,
 * `glue-dev-endpoints`, `glue-jobs`, `sagemaker-notebooks`, `state-machines`, the CodeBuild projects, Glue
 * development endpoints and jobs, SageMaker notebook instances and Step Functions state machines that run
 * with a role; `ecs-tasks`, a running task (of a cluster and id the inputs do not name) of each
 * ECS task definition with a task role; `stack-roles`, the stacks and delegated administrators
 * that run with a service role (model `stackRoles`, aws/stack-roles.ts: the method's actions are
 * one alternative of their requests); `new-principal`, a user, role or group
 * the principal creates (`actions[0]`), gives permissions (one of `permit`) and acts as (one of
 * `use`), on one name every request may name (escalation-new-principal.ts); `launch-templates`,
 * the EC2 launch templates whose instance profile holds a role (by an id the inputs do not hold),
 * run by Auto Scaling groups at the version `runs` says (aws/launch-template-versions.ts).
 */
export type EscalationTargets =
  | { kind: 'attached-customer-policies' }
  | { kind: 'self' }
  | { kind: 'self-bounded' }
  | { kind: 'own-groups' }
  | { kind: 'other-groups' }
  | { kind: 'other-users' }
  | { kind: 'other-roles' }
  | { kind: 'lambda-functions' }
  | { kind: 'instance-roles' }
  | { kind: 'codebuild-projects' }
  | { kind: 'glue-dev-endpoints' }
  | { kind: 'glue-jobs' }
  | { kind: 'sagemaker-notebooks' }
  | { kind: 'ecs-tasks' }
  | { kind: 'state-machines' }
  | { kind: 'stack-roles' }
  | { kind: 'launch-templates'; runs: LaunchTemplateVersionRun }
  | { kind: 'pass-role'; service: string; start: (arn: ArnOf, probe: string) => EscalationStep[] }
  | { kind: 'pass-role-any'; service: string }
  | {
      kind: 'new-principal';
      principal: 'user' | 'role' | 'group';
      /** The requests that give the new principal permissions, any one of them. */
      permit: readonly string[];
      /** The requests that let the creator act as it, any one of them. */
      use: readonly string[];
    };

/**
 * The edge of the escalation graph (escalation.ts `BecomeEdge['how']`) a method is: rewriting
 * one's own permissions, taking over another user's credentials, rewriting a role's trust,
 * running code as the role of existing compute (Lambda, CodeBuild), running commands on an EC2
 * instance with a role, passing a role to new compute, running a template with a stack's service
 * role.
 */
export type EscalationEdge =
  | 'self-permissions'
  | 'credentials'
  | 'update-trust'
  | 'update-code'
  | 'ssm'
  | 'pass-role'
  | 'stack-role'
  | 'new-principal';

export interface EscalationMethod {
  /** The method's name, the finding's detail: `Rhino Security Labs method 9`, or another source's. */
  detail: string;
  /** Rhino Security Labs method number (methods of that list only). */
  rhino?: string;
  describe: string;
  /**
   * The actions every alternative needs (a principal none of whose statements match one is
   * skipped); a `pass-role-any` method needs iam:PassRole and one of its service's starts.
   */
  actions: readonly string[];
  targets: EscalationTargets;
  edge: EscalationEdge;
  /** Which principals can use it (a user's own policies and groups, a role's own policies). */
  appliesTo: 'user' | 'role' | 'any';
  severity: RiskFinding['severity'];
  /**
   * The methods (by detail) whose finding says it already: this one is reported only when none
   * of them is found for the principal (a Lambda function created with a passed role, when
   * neither Rhino 15 nor 16 is; StartBuildBatch when StartBuild is not).
   */
  unlessFound?: readonly string[];
  /**
   * Requests on resources of the method's own besides the target, each needed (a lifecycle
   * configuration it creates for a notebook instance): on a resource of the target's account named
   * by the probe name; their actions are among `actions`, not among the target's further requests.
   */
  alsoOn?: readonly ComputeRequest[];
}

const rhinoDetail = (n: string) => `Rhino Security Labs method ${n}`;

/** A request on compute a passed role runs in, on a resource the inputs do not name. */
export interface ComputeRequest {
  action: string;
  /** The resource it names, from an ARN of the principal's account and Region and a probe name. */
  resource: (arn: ArnOf, probe: string) => string;
  /**
   * A start that runs nothing by itself (a launch configuration): the requests of `runs`, one of
   * which is needed with it (`computeStarts`).
   */
  launchedBy?: readonly string[];
  /**
   * A request on a resource that exists already (a group it updates, a cluster, a development
   * endpoint, a task definition), whose name the maker does not choose: the step is `existing`
   * (decided on the inputs' resources, and on other names only as resources that may not exist).
   */
  existing?: true;
}

/**
 * Compute a passed role runs in, by the service principal a role's trust policy names: `starts`,
 * the requests that create compute running with the role (any one of them, with one of its
 * `launchedBy` requests when it has some, is a pass-role edge of the escalation graph,
 * escalation.ts, and of the review's `pass-role-any` method: `computeStarts`; an
 * over-approximation, since some need a second request to run); `runs`, the further requests a
 * Rhino method makes to run it.
 */
export const PASS_ROLE_COMPUTE: Readonly<
  Record<string, { starts: readonly ComputeRequest[]; runs?: readonly ComputeRequest[] }>
> = {
  'lambda.amazonaws.com': {
    // AWS Lambda Developer Guide, "Viewing and updating permissions in the execution role": "You
    // can add or remove permissions from a function's execution role at any time, or configure
    // your function to use a different role"; UpdateFunctionConfiguration's Role is "The Amazon
    // Resource Name (ARN) of the function's execution role", passed to Lambda (iam:PassRole), on
    // a function that exists already.
    starts: [
      { action: 'lambda:CreateFunction', resource: (arn, probe) => arn('lambda', `function:${probe}`) },
      {
        action: 'lambda:UpdateFunctionConfiguration',
        resource: (arn, probe) => arn('lambda', `function:${probe}`),
        existing: true,
      },
    ],
    runs: [
      { action: 'lambda:InvokeFunction', resource: (arn, probe) => arn('lambda', `function:${probe}`) },
      { action: 'lambda:CreateEventSourceMapping', resource: () => '*' },
    ],
  },
  'ec2.amazonaws.com': {
    // Amazon EC2 Auto Scaling User Guide, "Amazon EC2 Auto Scaling API permissions": Create a
    // launch configuration (autoscaling:CreateLaunchConfiguration), "iam:PassRole – To pass an IAM
    // role to EC2 instances on launch. Needed when a launch configuration specifies an instance
    // profile (a container for an IAM role)"; an Auto Scaling group created with it, or updated to
    // it, launches its instances (ec2:RunInstances is asked "when a launch template is provided").
    // A launch configuration alone starts nothing: "A launch configuration is an instance
    // configuration template that an Auto Scaling group uses to launch EC2 instances" (User Guide,
    // "Auto Scaling launch configurations"); "If you associate a new launch configuration or
    // template with an Auto Scaling group, all new instances will get the updated configuration"
    // (API Reference, UpdateAutoScalingGroup): a group create or update is needed with it.
    // Amazon EC2 API Reference, AssociateIamInstanceProfile: "Associates an IAM instance profile
    // with a running or stopped instance"; ReplaceIamInstanceProfileAssociation: "Replaces an IAM
    // instance profile for the specified running instance" (both on the instance, resource type
    // instance; the profile's role is passed to EC2): on an instance that exists already.
    starts: [
      { action: 'ec2:RunInstances', resource: (arn, probe) => arn('ec2', `instance/i-${probe}`) },
      {
        action: 'ec2:AssociateIamInstanceProfile',
        resource: (arn, probe) => arn('ec2', `instance/i-${probe}`),
        existing: true,
      },
      {
        action: 'ec2:ReplaceIamInstanceProfileAssociation',
        resource: (arn, probe) => arn('ec2', `instance/i-${probe}`),
        existing: true,
      },
      {
        action: 'autoscaling:CreateLaunchConfiguration',
        resource: (arn, probe) => arn('autoscaling', launchConfigurationResource(probe)),
        launchedBy: ['autoscaling:CreateAutoScalingGroup', 'autoscaling:UpdateAutoScalingGroup'],
      },
    ],
    runs: [
      {
        action: 'autoscaling:CreateAutoScalingGroup',
        resource: (arn, probe) => arn('autoscaling', autoScalingGroupResource(probe)),
      },
      {
        action: 'autoscaling:UpdateAutoScalingGroup',
        resource: (arn, probe) => arn('autoscaling', autoScalingGroupResource(probe)),
        existing: true,
      },
    ],
  },
  'ecs-tasks.amazonaws.com': {
    // Amazon ECS API Reference, UpdateService, taskDefinition: "The family and revision
    // (family:revision) or full ARN of the task definition to run in your service. ... If you
    // modify the task definition with UpdateService, Amazon ECS spawns a task with the new version
    // of the task definition"; Amazon ECS Developer Guide, "Amazon ECS task IAM role": the task
    // role is what "your application code (on the container)" uses. A service that exists already
    // (`existing`) switched to a revision whose task role is the passed role runs with it.
    starts: [
      {
        action: 'ecs:RunTask',
        resource: (arn, probe) => arn('ecs', `task-definition/${probe}:1`),
        existing: true,
      },
      { action: 'ecs:RegisterTaskDefinition', resource: () => '*' },
      {
        action: 'ecs:UpdateService',
        resource: (arn, probe) => arn('ecs', `service/${probe}/${probe}`),
        existing: true,
      },
    ],
  },
  'codebuild.amazonaws.com': {
    starts: [
      { action: 'codebuild:CreateProject', resource: (arn, probe) => arn('codebuild', `project/${probe}`) },
    ],
  },
  'glue.amazonaws.com': {
    // glue:CreateDevEndpoint has no resource type (Service Authorization Reference, AWS Glue): an
    // action whose Resource types column is empty "does not support specifying a resource ARN in
    // the Resource element of an IAM policy statement. To allow access ... specify "Resource":
    // "*"" ("Actions, resources, and condition keys for AWS services"): asked on `*`.
    starts: [
      { action: 'glue:CreateJob', resource: (arn, probe) => arn('glue', `job/${probe}`) },
      { action: 'glue:CreateDevEndpoint', resource: () => '*' },
      {
        action: 'glue:UpdateDevEndpoint',
        resource: (arn, probe) => arn('glue', `devEndpoint/${probe}`),
        existing: true,
      },
    ],
  },
  'cloudformation.amazonaws.com': {
    // AWS CloudFormation API Reference, CreateChangeSet: "To create a change set for a stack that
    // doesn't exist, for the ChangeSetType parameter, specify CREATE"; RoleARN: "The Amazon
    // Resource Name (ARN) of an IAM role that CloudFormation assumes when executing the change
    // set"; ExecuteChangeSet runs it (how `cdk deploy` deploys with the bootstrap's exec role).
    starts: [
      {
        action: 'cloudformation:CreateStack',
        resource: (arn, probe) => arn('cloudformation', `stack/${probe}/*`),
      },
      {
        action: 'cloudformation:CreateChangeSet',
        resource: (arn, probe) => arn('cloudformation', `stack/${probe}/*`),
      },
    ],
    runs: [
      {
        action: 'cloudformation:ExecuteChangeSet',
        resource: (arn, probe) => arn('cloudformation', `stack/${probe}/*`),
      },
    ],
  },
  'sagemaker.amazonaws.com': {
    // Amazon SageMaker AI API Reference: CreateProcessingJob RoleArn, "The Amazon Resource Name
    // (ARN) of an IAM role that Amazon SageMaker can assume to perform tasks on your behalf";
    // CreateTrainingJob RoleArn, "The Amazon Resource Name (ARN) of an IAM role that SageMaker
    // can assume to perform tasks on your behalf": the job's code runs with the passed role.
    // UpdateNotebookInstance RoleArn: "The Amazon Resource Name (ARN) of the IAM role that
    // SageMaker AI can assume to access the notebook instance ... To be able to pass this role to
    // SageMaker AI, the caller of this API must have the iam:PassRole permission": a notebook
    // instance that exists already given another role.
    starts: [
      {
        action: 'sagemaker:CreateNotebookInstance',
        resource: (arn, probe) => arn('sagemaker', `notebook-instance/${probe}`),
      },
      {
        action: 'sagemaker:UpdateNotebookInstance',
        resource: (arn, probe) => arn('sagemaker', `notebook-instance/${probe}`),
        existing: true,
      },
      {
        action: 'sagemaker:CreateProcessingJob',
        resource: (arn, probe) => arn('sagemaker', `processing-job/${probe}`),
      },
      {
        action: 'sagemaker:CreateTrainingJob',
        resource: (arn, probe) => arn('sagemaker', `training-job/${probe}`),
      },
    ],
  },
  'datapipeline.amazonaws.com': {
    starts: [{ action: 'datapipeline:CreatePipeline', resource: () => '*' }],
    runs: [{ action: 'datapipeline:PutPipelineDefinition', resource: () => '*' }],
  },
  // Amazon EKS API Reference, CreatePodIdentityAssociation: "Creates an EKS Pod Identity association
  // between a service account in an Amazon EKS cluster and an IAM role with EKS Pod Identity";
  // "If a pod uses a service account that has an association, Amazon EKS sets environment
  // variables in the containers of the pod" (the role's credentials): a role trusting
  // pods.eks.amazonaws.com (aws/eks-pod-identity.ts) passed onto a service account of a cluster
  // (one the inputs do not name) reaches the pods that run as it. Whether the principal may run
  // such pods is Kubernetes authorization the inputs do not hold: an over-approximation, as the
  // table's other starts that need a second request to run.
  [POD_IDENTITY_SERVICE]: {
    starts: [
      {
        action: 'eks:CreatePodIdentityAssociation',
        resource: (arn, probe) => arn('eks', `cluster/${probe}`),
        existing: true,
      },
    ],
  },
  'states.amazonaws.com': {
    starts: [
      {
        action: 'states:CreateStateMachine',
        resource: (arn, probe) => arn('states', `stateMachine:${probe}`),
      },
    ],
  },
};

/**
 * Each way to start `service`'s compute (`PASS_ROLE_COMPUTE`), its requests all needed: a start
 * alone, or, for a start with `launchedBy`, the start with one of those requests of `runs`.
 */
export function computeStarts(service: string, arn: ArnOf, probe: string): EscalationStep[][] {
  const compute = PASS_ROLE_COMPUTE[service];
  if (!compute) return [];
  const step = (r: ComputeRequest) => computeStep(r, arn, probe);
  return compute.starts.flatMap((r) =>
    r.launchedBy
      ? r.launchedBy.flatMap((action) => {
          const run = compute.runs?.find((x) => x.action === action);
          return run ? [[step(r), step(run)]] : [];
        })
      : [[step(r)]],
  );
}

/** The actions of `service`'s starts (`computeStarts`), in words: `a or b + c`. */
export function computeStartWords(service: string): string {
  const compute = PASS_ROLE_COMPUTE[service];
  if (!compute) return '';
  return compute.starts
    .flatMap((r) => (r.launchedBy ? r.launchedBy.map((a) => `${r.action} + ${a}`) : [r.action]))
    .join(' or ');
}

/** The requests on `service`'s compute that start a method, in the order `actions` names them. */
function computeSteps(service: string, actions: readonly string[]) {
  const compute = PASS_ROLE_COMPUTE[service];
  const requests = [...(compute?.starts ?? []), ...(compute?.runs ?? [])];
  const chosen = actions.map((action) => {
    const r = requests.find((x) => x.action === action);
    if (!r) throw new Error(`escalation-methods: ${service} has no compute request ${action}`);
    return r;
  });
  return (arn: ArnOf, probe: string): EscalationStep[] => chosen.map((r) => computeStep(r, arn, probe));
}

/**
 * Request `r` on the compute of name `probe`, with the pattern of the names it may take instead
 * (`EscalationStep.names`) when its resource depends on the name, `existing` when it names
 * compute that exists already.
 */
export function computeStep(r: ComputeRequest, arn: ArnOf, probe: string): EscalationStep {
  const resource = r.resource(arn, probe);
  const names = r.existing ? r.resource(arn, '*') : anyRegion(r.resource(arn, '*'));
  if (names === resource) return { action: r.action, resource };
  return r.existing
    ? { action: r.action, resource, names, existing: true }
    : { action: r.action, resource, names };
}

/**
 * `pattern` with its Region `*`: new compute may be started in any Region its maker's policies
 * allow (IAM is global: a role is passed to compute in any Region; the start service is Regional,
 * the Region the request is sent to), so the names searched (escalation-start-names.ts) span every
 * Region the policies tell apart, not only the role's account's. An ARN without a Region (a global
 * service's) is kept.
 */
function anyRegion(pattern: string): string {
  const parts = pattern.split(':');
  if (parts.length < 6 || parts[0] !== 'arn' || !parts[3]) return pattern;
  parts[3] = '*';
  return parts.join(':');
}

/** A method that passes a role to new compute of `service`, then makes `steps` there. */
function passRoleMethod(
  rhino: string,
  describe: string,
  service: string,
  steps: readonly string[],
): EscalationMethod {
  return {
    detail: rhinoDetail(rhino),
    rhino,
    describe,
    actions: ['iam:PassRole', ...steps],
    targets: { kind: 'pass-role', service, start: computeSteps(service, steps) },
    edge: 'pass-role',
    appliesTo: 'any',
    severity: 'medium',
  };
}

const selfMethod = (
  rhino: string,
  action: string,
  describe: string,
  appliesTo: 'user' | 'role',
  targets: EscalationTargets = { kind: 'self' },
): EscalationMethod => ({
  detail: rhinoDetail(rhino),
  rhino,
  describe,
  actions: [action],
  targets,
  edge: 'self-permissions',
  appliesTo,
  severity: 'high',
});

/** A method of the Rhino Security Labs list other than the two kinds above. */
const rhinoMethod = (
  rhino: string,
  m: Omit<EscalationMethod, 'detail' | 'rhino' | 'appliesTo'>,
): EscalationMethod => ({ detail: rhinoDetail(rhino), rhino, appliesTo: 'any', ...m });

/**
 * The stack-role methods (aws/stack-roles.ts): updating a stack deployed with a service role
 * (UpdateStack, or a change set created and executed), a StackSets delegated administrator's
 * service-managed StackSet, an Identity Center delegated administrator's permission set.
 */
function stackRoleMethods(): EscalationMethod[] {
  const method = (
    detail: string,
    describe: string,
    actions: readonly string[],
    unlessFound?: readonly string[],
  ): EscalationMethod => ({
    detail,
    describe,
    actions,
    targets: { kind: 'stack-roles' },
    edge: 'stack-role',
    appliesTo: 'any',
    severity: 'medium',
    ...(unlessFound ? { unlessFound } : {}),
  });
  const update = 'cloudformation:UpdateStack on a stack with a service role';
  return [
    method(
      update,
      "update an existing CloudFormation stack with a template of its own, run with the stack's service role without iam:PassRole (cloudformation:UpdateStack)",
      STACK_UPDATE_REQUESTS[0]!,
    ),
    method(
      'cloudformation:CreateChangeSet + ExecuteChangeSet on a stack with a service role',
      "create and execute a change set on an existing CloudFormation stack, run with the stack's service role without iam:PassRole (cloudformation:CreateChangeSet + cloudformation:ExecuteChangeSet)",
      STACK_UPDATE_REQUESTS[1]!,
      [update],
    ),
    method(
      'cloudformation:CreateStackSet as a StackSets delegated administrator',
      "deploy a service-managed StackSet into the organization's member accounts from a delegated administrator account (cloudformation:CreateStackSet + cloudformation:CreateStackInstances)",
      STACK_SET_DELEGATED_REQUESTS[0]!,
    ),
    method(
      'sso:CreateAccountAssignment as an IAM Identity Center delegated administrator',
      'write a permission set and assign it in member accounts from an IAM Identity Center delegated administrator account (sso:CreatePermissionSet + sso:PutInlinePolicyToPermissionSet + sso:CreateAccountAssignment)',
      IDENTITY_CENTER_DELEGATED_REQUESTS[0]!,
    ),
  ];
}

const LISTED: readonly EscalationMethod[] = [
  rhinoMethod('1', {
    describe: 'create a new default version of a managed policy attached to itself (iam:CreatePolicyVersion)',
    actions: ['iam:CreatePolicyVersion'],
    targets: { kind: 'attached-customer-policies' },
    edge: 'self-permissions',
    severity: 'high',
  }),
  rhinoMethod('2', {
    describe:
      'switch the default version of a managed policy attached to itself (iam:SetDefaultPolicyVersion)',
    actions: ['iam:SetDefaultPolicyVersion'],
    targets: { kind: 'attached-customer-policies' },
    edge: 'self-permissions',
    severity: 'medium',
  }),
  selfMethod(
    '7',
    'iam:AttachUserPolicy',
    'attach any managed policy to itself (iam:AttachUserPolicy)',
    'user',
  ),
  selfMethod('10', 'iam:PutUserPolicy', 'write an inline policy on itself (iam:PutUserPolicy)', 'user'),
  selfMethod(
    '8',
    'iam:AttachGroupPolicy',
    'attach any managed policy to a group it is in (iam:AttachGroupPolicy)',
    'user',
    { kind: 'own-groups' },
  ),
  selfMethod(
    '11',
    'iam:PutGroupPolicy',
    'write an inline policy on a group it is in (iam:PutGroupPolicy)',
    'user',
    {
      kind: 'own-groups',
    },
  ),
  selfMethod('13', 'iam:AddUserToGroup', 'add itself to another group (iam:AddUserToGroup)', 'user', {
    kind: 'other-groups',
  }),
  selfMethod(
    '9',
    'iam:AttachRolePolicy',
    'attach any managed policy to its own role (iam:AttachRolePolicy)',
    'role',
  ),
  selfMethod('12', 'iam:PutRolePolicy', 'write an inline policy on its own role (iam:PutRolePolicy)', 'role'),
  // Not in the Rhino Security Labs list. IAM API Reference, DeleteUserPermissionsBoundary:
  // "Deleting the permissions boundary for a user might increase its permissions by allowing the
  // user to perform all the actions granted in its permissions policies"; DeleteRolePermissionsBoundary:
  // "Deleting the permissions boundary for a role might increase its permissions"; and
  // PutUserPermissionsBoundary / PutRolePermissionsBoundary: "Adds or updates the policy that is
  // specified as the IAM user's [role's] permissions boundary" (one that allows more).
  ...(
    [
      ['iam:DeleteUserPermissionsBoundary', 'delete its own permissions boundary', 'user'],
      ['iam:PutUserPermissionsBoundary', 'replace its own permissions boundary', 'user'],
      ['iam:DeleteRolePermissionsBoundary', "delete its own role's permissions boundary", 'role'],
      ['iam:PutRolePermissionsBoundary', "replace its own role's permissions boundary", 'role'],
    ] as const
  ).map(
    ([action, what, appliesTo]): EscalationMethod => ({
      detail: `${action} on itself`,
      describe: `${what} (${action})`,
      actions: [action],
      targets: { kind: 'self-bounded' },
      edge: 'self-permissions',
      appliesTo,
      severity: 'high',
    }),
  ),
  rhinoMethod('4', {
    describe: 'create access keys for other users and act as them (iam:CreateAccessKey)',
    actions: ['iam:CreateAccessKey'],
    targets: { kind: 'other-users' },
    edge: 'credentials',
    severity: 'high',
  }),
  rhinoMethod('5', {
    describe: 'create a console password for other users (iam:CreateLoginProfile)',
    actions: ['iam:CreateLoginProfile'],
    targets: { kind: 'other-users' },
    edge: 'credentials',
    severity: 'high',
  }),
  rhinoMethod('6', {
    describe: "change other users' console passwords (iam:UpdateLoginProfile)",
    actions: ['iam:UpdateLoginProfile'],
    targets: { kind: 'other-users' },
    edge: 'credentials',
    severity: 'high',
  }),
  rhinoMethod('14', {
    describe: "rewrite another role's trust policy to let itself assume it (iam:UpdateAssumeRolePolicy)",
    actions: ['iam:UpdateAssumeRolePolicy'],
    targets: { kind: 'other-roles' },
    edge: 'update-trust',
    severity: 'high',
  }),
  passRoleMethod(
    '3',
    'pass a role to a new EC2 instance it launches (iam:PassRole + ec2:RunInstances)',
    'ec2.amazonaws.com',
    ['ec2:RunInstances'],
  ),
  // Not in the Rhino Security Labs list: a launch configuration of its own naming an instance
  // profile that holds the role, launched by an Auto Scaling group it creates or updates (Amazon
  // EC2 Auto Scaling User Guide, "Amazon EC2 Auto Scaling API permissions", quoted at
  // PASS_ROLE_COMPUTE; "For instances in an Auto Scaling group, you must create a launch template
  // or launch configuration and choose an instance profile to associate with the instances", "IAM
  // role for applications that run on Amazon EC2 instances").
  ...(['Create', 'Update'] as const).map(
    (verb, i): EscalationMethod => ({
      detail: `iam:PassRole + autoscaling:CreateLaunchConfiguration + ${verb}AutoScalingGroup`,
      describe: `pass a role to the instances of an Auto Scaling group through a launch configuration of its own naming an instance profile that holds the role (iam:PassRole + autoscaling:CreateLaunchConfiguration + autoscaling:${verb}AutoScalingGroup)`,
      actions: [
        'iam:PassRole',
        'autoscaling:CreateLaunchConfiguration',
        `autoscaling:${verb}AutoScalingGroup`,
      ],
      targets: {
        kind: 'pass-role',
        service: 'ec2.amazonaws.com',
        start: computeSteps('ec2.amazonaws.com', [
          'autoscaling:CreateLaunchConfiguration',
          `autoscaling:${verb}AutoScalingGroup`,
        ]),
      },
      edge: 'pass-role',
      appliesTo: 'any',
      severity: 'medium',
      ...(i
        ? { unlessFound: ['iam:PassRole + autoscaling:CreateLaunchConfiguration + CreateAutoScalingGroup'] }
        : {}),
    }),
  ),
  passRoleMethod(
    '15',
    'pass a role to a new Lambda function and invoke it (iam:PassRole + lambda:CreateFunction + lambda:InvokeFunction)',
    'lambda.amazonaws.com',
    ['lambda:CreateFunction', 'lambda:InvokeFunction'],
  ),
  passRoleMethod(
    '16',
    'pass a role to a new Lambda function triggered by an event source (iam:PassRole + lambda:CreateFunction + lambda:CreateEventSourceMapping)',
    'lambda.amazonaws.com',
    ['lambda:CreateFunction', 'lambda:CreateEventSourceMapping'],
  ),
  rhinoMethod('17', {
    describe:
      'replace the code of an existing Lambda function and run with its role (lambda:UpdateFunctionCode)',
    actions: ['lambda:UpdateFunctionCode'],
    targets: { kind: 'lambda-functions' },
    edge: 'update-code',
    severity: 'medium',
  }),
  passRoleMethod(
    '18',
    'pass a role to a new Glue development endpoint (iam:PassRole + glue:CreateDevEndpoint)',
    'glue.amazonaws.com',
    ['glue:CreateDevEndpoint'],
  ),
  rhinoMethod('19', {
    // AWS Glue API, UpdateDevEndpoint: "Updates a specified development endpoint"
    // (PublicKey / AddPublicKeys: the SSH keys that reach the endpoint, which runs with its role).
    describe:
      "add its own SSH key to an existing Glue development endpoint and run with the endpoint's role (glue:UpdateDevEndpoint)",
    actions: ['glue:UpdateDevEndpoint'],
    targets: { kind: 'glue-dev-endpoints' },
    edge: 'update-code',
    severity: 'medium',
  }),
  passRoleMethod(
    '20',
    'pass a role to a new CloudFormation stack (iam:PassRole + cloudformation:CreateStack)',
    'cloudformation.amazonaws.com',
    ['cloudformation:CreateStack'],
  ),
  passRoleMethod(
    '21',
    'pass a role to a new Data Pipeline (iam:PassRole + datapipeline:CreatePipeline + datapipeline:PutPipelineDefinition)',
    'datapipeline.amazonaws.com',
    ['datapipeline:CreatePipeline', 'datapipeline:PutPipelineDefinition'],
  ),
  // Not in the Rhino Security Labs list: a new principal of one's own (escalation-new-principal.ts).
  // IAM API Reference, CreateUser: "Creates a new IAM user for your AWS account"; CreateRole:
  // "Creates a new role for your AWS account", AssumeRolePolicyDocument: "The trust relationship
  // policy document that grants an entity permission to assume the role"; CreateGroup: "Creates
  // a new group"; AddUserToGroup: "Adds the specified user to the specified group".
  {
    detail: 'iam:CreateUser with a policy and credentials of its own',
    describe:
      'create a new user, give it any policy and sign in as it (iam:CreateUser + iam:PutUserPolicy or AttachUserPolicy + iam:CreateAccessKey or CreateLoginProfile)',
    actions: ['iam:CreateUser'],
    targets: {
      kind: 'new-principal',
      principal: 'user',
      permit: ['iam:PutUserPolicy', 'iam:AttachUserPolicy'],
      use: ['iam:CreateAccessKey', 'iam:CreateLoginProfile'],
    },
    edge: 'new-principal',
    appliesTo: 'any',
    severity: 'high',
  },
  {
    detail: 'iam:CreateRole with a policy and a trust of its own',
    describe:
      'create a new role trusting itself, give it any policy and assume it (iam:CreateRole + iam:PutRolePolicy or AttachRolePolicy + sts:AssumeRole)',
    actions: ['iam:CreateRole'],
    targets: {
      kind: 'new-principal',
      principal: 'role',
      permit: ['iam:PutRolePolicy', 'iam:AttachRolePolicy'],
      use: ['sts:AssumeRole'],
    },
    edge: 'new-principal',
    appliesTo: 'any',
    severity: 'high',
  },
  {
    detail: 'iam:CreateGroup with a policy, joined by itself',
    describe:
      'create a new group, give it any policy and join it (iam:CreateGroup + iam:PutGroupPolicy or AttachGroupPolicy + iam:AddUserToGroup)',
    actions: ['iam:CreateGroup'],
    targets: {
      kind: 'new-principal',
      principal: 'group',
      permit: ['iam:PutGroupPolicy', 'iam:AttachGroupPolicy'],
      use: ['iam:AddUserToGroup'],
    },
    edge: 'new-principal',
    appliesTo: 'user',
    severity: 'high',
  },
  {
    // Amazon EC2 API Reference, ModifyInstanceAttribute: "To modify some attributes, the instance
    // must be stopped"; UserData: "Changes the instance's user data to the specified value"; the
    // user data runs at the next start, on the instance, with its instance profile's role.
    detail: 'ec2:ModifyInstanceAttribute (user data) on a stopped EC2 instance with a role',
    describe:
      "stop EC2 instances whose instance profile holds a role, replace their user data and start them, running with the role's credentials (ec2:ModifyInstanceAttribute + ec2:StopInstances + ec2:StartInstances)",
    actions: ['ec2:ModifyInstanceAttribute', 'ec2:StopInstances', 'ec2:StartInstances'],
    targets: { kind: 'instance-roles' },
    edge: 'ssm',
    appliesTo: 'any',
    severity: 'medium',
  },
  {
    // Amazon EC2 API Reference, ModifyLaunchTemplate: "Modifies a launch template. You can specify
    // which version of the launch template to set as the default version. When launching an
    // instance, the default version applies when a launch template version is not specified";
    // Amazon EC2 Auto Scaling API Reference, LaunchTemplateSpecification, Version: "If the value is
    // $Default, Amazon EC2 Auto Scaling selects the default version of the launch template when
    // launching instances. The default value is $Default". A new version with user data of its own
    // (CreateLaunchTemplateVersion) made the default runs on the next instances launched from the
    // template, with its instance profile's role; no iam:PassRole is asked of the caller.
    detail: 'ec2:CreateLaunchTemplateVersion + ModifyLaunchTemplate on a launch template with a role',
    describe:
      "add a version with user data of its own to an EC2 launch template whose instance profile holds a role and make it the default, so that instances launched from it (an Auto Scaling group's) run it with the role's credentials (ec2:CreateLaunchTemplateVersion + ec2:ModifyLaunchTemplate)",
    actions: ['ec2:CreateLaunchTemplateVersion', 'ec2:ModifyLaunchTemplate'],
    targets: { kind: 'launch-templates', runs: 'default' },
    edge: 'ssm',
    appliesTo: 'any',
    severity: 'medium',
  },
  {
    // Amazon EC2 Auto Scaling API Reference, LaunchTemplateSpecification, Version: "If the value is
    // $Latest, Amazon EC2 Auto Scaling selects the latest version of the launch template when
    // launching instances": a new version (CreateLaunchTemplateVersion) alone runs on its next
    // instances, with the template's instance profile's role.
    detail: 'ec2:CreateLaunchTemplateVersion on a launch template an Auto Scaling group runs at $Latest',
    describe:
      "add a version with user data of its own to an EC2 launch template whose instance profile holds a role and that an Auto Scaling group launches at $Latest, so that the group's next instances run it with the role's credentials (ec2:CreateLaunchTemplateVersion)",
    actions: ['ec2:CreateLaunchTemplateVersion'],
    targets: { kind: 'launch-templates', runs: 'latest' },
    edge: 'ssm',
    appliesTo: 'any',
    severity: 'medium',
  },
  {
    // A group pinned to a version number launches a new version only once updated to it
    // (UpdateAutoScalingGroup LaunchTemplate Version); Amazon EC2 Auto Scaling User Guide,
    // "Control Amazon EC2 launch template usage in Auto Scaling groups": ec2:RunInstances and
    // iam:PassRole "are checked when an Auto Scaling group is created or updated using a launch
    // template" (aws/launch-template-versions.ts).
    detail:
      'ec2:CreateLaunchTemplateVersion + autoscaling:UpdateAutoScalingGroup on a launch template a group runs at a fixed version',
    describe:
      "add a version with user data of its own to an EC2 launch template whose instance profile holds a role and update the Auto Scaling group pinned to one of its versions to launch it, running with the role's credentials (ec2:CreateLaunchTemplateVersion + ec2:RunInstances + autoscaling:UpdateAutoScalingGroup + iam:PassRole)",
    actions: [
      'ec2:CreateLaunchTemplateVersion',
      'ec2:RunInstances',
      'autoscaling:UpdateAutoScalingGroup',
      'iam:PassRole',
    ],
    targets: { kind: 'launch-templates', runs: 'fixed' },
    edge: 'ssm',
    appliesTo: 'any',
    severity: 'medium',
  },
  // Not in the Rhino Security Labs list: a stack's service role, and a delegated administrator's
  // deployments into member accounts (aws/stack-roles.ts quotes the pages).
  ...stackRoleMethods(),
  // Not in the Rhino Security Labs list; the escalation graph follows them (escalation.ts).
  {
    // AWS CodeBuild API Reference, StartBuild, buildspecOverride: "A buildspec file declaration
    // that overrides the latest one defined in the build project, for this build only".
    detail: 'codebuild:StartBuild with a buildspec of its own',
    describe:
      "start a build of a CodeBuild project with a buildspec of its own and run with the project's service role (codebuild:StartBuild)",
    actions: ['codebuild:StartBuild'],
    targets: { kind: 'codebuild-projects' },
    edge: 'update-code',
    appliesTo: 'any',
    severity: 'medium',
  },
  {
    detail: 'codebuild:StartBuildBatch with a buildspec of its own',
    describe:
      "start a batch build of a CodeBuild project with a buildspec of its own and run with the project's service role (codebuild:StartBuildBatch)",
    actions: ['codebuild:StartBuildBatch'],
    targets: { kind: 'codebuild-projects' },
    edge: 'update-code',
    appliesTo: 'any',
    severity: 'medium',
    unlessFound: ['codebuild:StartBuild with a buildspec of its own'],
  },
  {
    // AWS Lambda Developer Guide, "Adding layers to functions": "A Lambda layer is a .zip file
    // archive that contains supplementary code or data"; UpdateFunctionConfiguration, Layers: "A
    // list of function layers to add to the function's execution environment". A layer of its
    // own runs in the function, with the function's execution role.
    detail: 'lambda:UpdateFunctionConfiguration with a layer of its own',
    describe:
      'add a layer of its own to an existing Lambda function and run with its execution role (lambda:UpdateFunctionConfiguration)',
    actions: ['lambda:UpdateFunctionConfiguration'],
    targets: { kind: 'lambda-functions' },
    edge: 'update-code',
    appliesTo: 'any',
    severity: 'medium',
    unlessFound: [rhinoDetail('17')],
  },
  {
    // AWS CodeBuild API Reference, UpdateProject: "Changes the settings of a build project"
    // (its source and buildspec); the next build, however started, runs with the project's
    // service role.
    detail: 'codebuild:UpdateProject with a buildspec of its own',
    describe:
      "replace the buildspec of an existing CodeBuild project and run with the project's service role at its next build (codebuild:UpdateProject)",
    actions: ['codebuild:UpdateProject'],
    targets: { kind: 'codebuild-projects' },
    edge: 'update-code',
    appliesTo: 'any',
    severity: 'medium',
    unlessFound: [
      'codebuild:StartBuild with a buildspec of its own',
      'codebuild:StartBuildBatch with a buildspec of its own',
    ],
  },
  {
    // AWS Step Functions API Reference, UpdateStateMachine: "Updates an existing state machine
    // by modifying its definition, roleArn, loggingConfiguration, or EncryptionConfiguration";
    // StartExecution: "Starts a state machine execution"; the definition's tasks call AWS with
    // the state machine's role.
    detail: 'states:UpdateStateMachine then StartExecution',
    describe:
      "rewrite the definition of an existing Step Functions state machine and start it, running with the state machine's role (states:UpdateStateMachine + states:StartExecution)",
    actions: ['states:UpdateStateMachine', 'states:StartExecution'],
    targets: { kind: 'state-machines' },
    edge: 'update-code',
    appliesTo: 'any',
    severity: 'medium',
  },
  {
    // AWS Glue API, UpdateJob: "Updates an existing job definition. The previous job definition
    // is completely overwritten by this information."; StartJobRun: "Starts a job run using a job
    // definition."; AWS::Glue::Job Role: "The name or Amazon Resource Name (ARN) of the IAM role
    // associated with this job": the job's new script runs with it.
    detail: 'glue:UpdateJob then StartJobRun',
    describe:
      "rewrite the script of an existing Glue job and run it, running with the job's role (glue:UpdateJob + glue:StartJobRun)",
    actions: ['glue:UpdateJob', 'glue:StartJobRun'],
    targets: { kind: 'glue-jobs' },
    edge: 'update-code',
    appliesTo: 'any',
    severity: 'medium',
  },
  {
    // Amazon ECS API Reference, ExecuteCommand: "Runs a command remotely on a container within a
    // task"; Amazon ECS Developer Guide, "Amazon ECS task IAM role": the task role's credentials
    // are what the containers of the task use.
    detail: 'ecs:ExecuteCommand on a task with a task role',
    describe:
      "run commands in a running ECS task whose task definition has a task role, with the task role's credentials (ecs:ExecuteCommand)",
    actions: ['ecs:ExecuteCommand'],
    targets: { kind: 'ecs-tasks' },
    edge: 'update-code',
    appliesTo: 'any',
    severity: 'medium',
  },
  {
    // AWS Systems Manager API Reference, SendCommand: "Runs commands on one or more managed
    // nodes"; the commands run on the instance, with its instance profile's role.
    detail: 'ssm:SendCommand on an EC2 instance with a role',
    describe:
      "run commands on EC2 instances whose instance profile holds a role, with the role's credentials (ssm:SendCommand)",
    actions: ['ssm:SendCommand'],
    targets: { kind: 'instance-roles' },
    edge: 'ssm',
    appliesTo: 'any',
    severity: 'medium',
  },
  {
    // Amazon SageMaker AI API Reference, CreatePresignedNotebookInstanceUrl: "Returns a URL that
    // you can use to connect to the Jupyter server from a notebook instance"; the notebook runs
    // with the instance's execution role.
    detail: 'sagemaker:CreatePresignedNotebookInstanceUrl on a notebook instance with a role',
    describe:
      'open the Jupyter server of an existing SageMaker notebook instance and run with its execution role (sagemaker:CreatePresignedNotebookInstanceUrl)',
    actions: ['sagemaker:CreatePresignedNotebookInstanceUrl'],
    targets: { kind: 'sagemaker-notebooks' },
    edge: 'update-code',
    appliesTo: 'any',
    severity: 'medium',
  },
  // Amazon SageMaker AI API Reference, CreateNotebookInstanceLifecycleConfig: "Creates a lifecycle
  // configuration that you can associate with a notebook instance. A lifecycle configuration is a
  // collection of shell scripts that run when you create or start a notebook instance" (OnStart:
  // "A shell script that runs every time you start a notebook instance"); UpdateNotebookInstance,
  // LifecycleConfigName: "The name of a lifecycle configuration to associate with the notebook
  // instance"; StopNotebookInstance / StartNotebookInstance restart it, and the script runs on the
  // instance, with its execution role's credentials. No iam:PassRole: the role is the notebook's.
  ...(
    [
      ['Create', 'create a lifecycle configuration of its own'],
      ['Update', 'rewrite a lifecycle configuration'],
    ] as const
  ).map(
    ([verb, what], i): EscalationMethod => ({
      detail: `sagemaker:${verb}NotebookInstanceLifecycleConfig + UpdateNotebookInstance on a notebook instance with a role`,
      describe: `${what}, attach it to an existing SageMaker notebook instance and restart the instance, running its script with the instance's execution role (sagemaker:${verb}NotebookInstanceLifecycleConfig + sagemaker:UpdateNotebookInstance + sagemaker:StopNotebookInstance + sagemaker:StartNotebookInstance)`,
      actions: [
        'sagemaker:UpdateNotebookInstance',
        'sagemaker:StopNotebookInstance',
        'sagemaker:StartNotebookInstance',
        `sagemaker:${verb}NotebookInstanceLifecycleConfig`,
      ],
      // A configuration it creates is named by it (the names its policies tell apart are tried
      // too, escalation-start-names.ts); one it rewrites exists already (`existing`).
      alsoOn: [
        {
          action: `sagemaker:${verb}NotebookInstanceLifecycleConfig`,
          resource: (arn, probe) => arn('sagemaker', `notebook-instance-lifecycle-config/${probe}`),
          ...(verb === 'Update' ? { existing: true as const } : {}),
        },
      ],
      targets: { kind: 'sagemaker-notebooks' },
      edge: 'update-code',
      appliesTo: 'any',
      severity: 'medium',
      ...(i
        ? {
            unlessFound: [
              'sagemaker:CreateNotebookInstanceLifecycleConfig + UpdateNotebookInstance on a notebook instance with a role',
            ],
          }
        : {}),
    }),
  ),
  {
    // AWS Systems Manager API Reference, StartSession: "Initiates a connection to a target (for
    // example, a managed node) for a Session Manager session".
    detail: 'ssm:StartSession on an EC2 instance with a role',
    describe:
      "open a shell on EC2 instances whose instance profile holds a role, with the role's credentials (ssm:StartSession)",
    actions: ['ssm:StartSession'],
    targets: { kind: 'instance-roles' },
    edge: 'ssm',
    appliesTo: 'any',
    severity: 'medium',
    unlessFound: ['ssm:SendCommand on an EC2 instance with a role'],
  },
  {
    // Amazon EC2 Instance Connect API Reference, SendSSHPublicKey: "Pushes an SSH public key to the
    // specified EC2 instance for use by the specified user"; a shell on the instance has its
    // instance profile's role credentials.
    detail: 'ec2-instance-connect:SendSSHPublicKey on an EC2 instance with a role',
    describe:
      "push its own SSH key to EC2 instances whose instance profile holds a role and log in, with the role's credentials (ec2-instance-connect:SendSSHPublicKey)",
    actions: ['ec2-instance-connect:SendSSHPublicKey'],
    targets: { kind: 'instance-roles' },
    edge: 'ssm',
    appliesTo: 'any',
    severity: 'medium',
    unlessFound: [
      'ssm:SendCommand on an EC2 instance with a role',
      'ssm:StartSession on an EC2 instance with a role',
    ],
  },
];

export const ESCALATION_METHODS: readonly EscalationMethod[] = [...LISTED, ...anyStartMethods(LISTED)];

/**
 * The pass-role edge of the escalation graph needs only one start of `PASS_ROLE_COMPUTE`
 * (`computeStarts`: a start request, with a request it launches nothing without; an
 * over-approximation, some need a further request to run); for each service, the method that
 * passes a role and makes any one of its starts, reported when no Rhino Security Labs method of
 * the same service is (those name the further request).
 */
function anyStartMethods(listed: readonly EscalationMethod[]): EscalationMethod[] {
  return Object.keys(PASS_ROLE_COMPUTE).map((service) => ({
    detail: `iam:PassRole to new ${service} compute`,
    describe: `pass a role to new compute of ${service} it starts (iam:PassRole + ${computeStartWords(service)})`,
    actions: ['iam:PassRole'],
    targets: { kind: 'pass-role-any', service },
    edge: 'pass-role',
    appliesTo: 'any',
    severity: 'medium',
    unlessFound: listed
      .filter((m) => m.targets.kind === 'pass-role' && m.targets.service === service)
      .map((m) => m.detail),
  }));
}
