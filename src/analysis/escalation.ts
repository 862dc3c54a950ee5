// The escalation graph: "principal X can become principal Y" edges, each with the statements and
// conditions that allow it, and the paths from a principal (spec `cannotBecome`, `noEscalation`).
// Owns `becomeEdges`, `becomePaths`.
//
// Edges (Rhino Security Labs, "AWS IAM Privilege Escalation – Methods and Mitigation",
// https://rhinosecuritylabs.com/aws/aws-privilege-escalation-methods-mitigation/, and the IAM
// User Guide pages each names):
// - assume: sts:AssumeRole (AssumeRoleWithWebIdentity / SAML for a federated caller) into a role
//   (decideHop: trust policy and the caller's permission);
// - pass-role: iam:PassRole on a role a compute service is trusted to assume, with a request that
//   starts that compute (`PASS_ROLE_COMPUTE` of escalation-methods.ts: lambda:CreateFunction,
//   ec2:RunInstances, ecs:RunTask, codebuild:CreateProject, glue:CreateJob / CreateDevEndpoint /
//   UpdateDevEndpoint, cloudformation:CreateStack, sagemaker:CreateNotebookInstance,
//   datapipeline:CreatePipeline, states:CreateStateMachine; autoscaling:CreateLaunchConfiguration
//   only with autoscaling:CreateAutoScalingGroup / UpdateAutoScalingGroup, the update also on each
//   Auto Scaling group of the inputs: the review's list, escalation-launch-templates.ts
//   `passRoleStarts`) on a resource the inputs do not name: the probe name and every name the
//   maker's policies tell apart (escalation-start-names.ts `withStartNames`: `function:team-*`
//   allows creating function team-x). A start on compute that exists already
//   (lambda:UpdateFunctionConfiguration, ec2:AssociateIamInstanceProfile, a group update, ...) is
//   sure on the inputs' own resources and indeterminate on any other name, "on an existing
//   resource matching P" (escalation-existing-starts.ts). When PassRole is allowed but no start is (all its
//   requests, on any name), the edge is indeterminate (a request outside the table may start the
//   service's compute);
// - update-trust: iam:UpdateAssumeRolePolicy on the role (rewrite its trust to let oneself in);
// - credentials: iam:CreateAccessKey, iam:CreateLoginProfile or iam:UpdateLoginProfile on another
//   user (act as that user);
// - ssm: ssm:SendCommand or ssm:StartSession on an EC2 instance whose instance profile holds the role
//   (a profile whose role is outside the inputs: an indeterminate edge onto it, `outsideInstanceRequests`);
// - update-code: lambda:UpdateFunctionCode on a Lambda function of the inputs that runs with the role
//   (Rhino method 17, "Updating the code of an existing Lambda function": the new code runs with the
//   function's execution role; no iam:PassRole is needed, the role is already the function's), or
//   codebuild:StartBuild / StartBuildBatch / UpdateProject on a CodeBuild project whose service
//   role it is (a build with one's own buildspec, `RUN_CODE_AS_ROLE`), lambda:UpdateFunctionConfiguration
//   (a layer of one's own), states:UpdateStateMachine + StartExecution on a state machine,
//   glue:UpdateJob + StartJobRun on a Glue job,
//   sagemaker:Create/UpdateNotebookInstanceLifecycleConfig + UpdateNotebookInstance + Stop/Start
//   on a notebook instance, and ecs:ExecuteCommand on a running task of a task definition whose
//   task role it is. A
//   function whose execution role the inputs do not link (unknown, `model/unlinked-role-use`) may
//   run as any role Lambda is trusted to assume: an indeterminate edge to each. Compute whose role
//   the inputs name by ARN but do not define (`Model.outsideRoleUses`, `outsideRoles`): an
//   indeterminate edge onto that role (what it may do is unknown), and from it onto every user and
//   role of its account and every role of another account (`outsideOnwardEdges`, the onward rule
//   `outsideRoleReach`);
// - stack-role: cloudformation:UpdateStack (or CreateChangeSet + ExecuteChangeSet) on a stack
//   deployed with a service role, which runs the new template with that role without
//   iam:PassRole; a StackSets or Identity Center delegated administrator's deployment into member
//   accounts (aws/stack-roles.ts, model `stackRoles`). A role the model does not hold (unknown,
//   the CDK bootstrap's outside the inputs): an indeterminate edge to every principal it may
//   reach, a stack's role by the onward rule of a role outside the inputs (`outsideRoleReach`), a
//   delegated administrator's the member accounts' roles (`stackRoleEdges`);
// - self-permissions: changing one's own policies (iam:PutUserPolicy / AttachUserPolicy /
//   PutRolePolicy / AttachRolePolicy on oneself, iam:CreatePolicyVersion on an attached customer
//   managed policy, iam:AddUserToGroup onto a group that gives more, escalation-gain.ts
//   `groupGain`) gives any permission the boundary and SCPs allow, so it is
//   an indeterminate edge to every role (what the new permissions reach is not computed).
// Every decision is made under a free request context (free-decision.ts): Deny statements,
// boundaries, SCPs and RCPs count. The graph over-approximates where it cannot pin a step down
// (indeterminate edges), so a check built on it never passes where a path exists.

import type { Engine } from '../engine/engine.js';
import type { Request, RequestContext } from '../engine/types.js';
import { isOpenAccountStandIn } from '../model/open-accounts.js';
import {
  PLACEHOLDER_REGION,
  PROBE_NAME,
  unknownNamePart,
  unknownPartNote,
  unknownPath,
} from '../model/stand-ins.js';
import {
  type Group,
  groupIdsOf,
  type Model,
  type OutsideRoleUse,
  type Role,
  type RoleUse,
  type RoleUseKind,
  type StackRole,
  type User,
} from '../model/types.js';
import { parseArn } from '../model/arns.js';
import { isUnknown } from '../model/unknown.js';
import type { Source } from '../model/source.js';
import { ECS_TASK_ID, ec2InstanceResource, ecsExecRoutes } from '../aws/role-uses.js';
import {
  denyResourcePatterns,
  identityResourcePatterns,
  resourceSideMayName,
} from './escalation-new-principal.js';
import {
  launchTemplateRequests,
  passRoleStarts,
  type StartAlternative,
} from './escalation-launch-templates.js';
import { type NamedStarts, withStartNames } from './escalation-start-names.js';
import { escapeRegExp } from '../text/regexp.js';
import { intersectionWitness } from './glob-witness.js';
import { heldStackRole } from '../aws/stack-roles.js';
import {
  accessRank,
  combineAccess,
  decideHop,
  hopConditionFacts,
  hopConditionKeys,
  trustedServices,
} from './chains.js';
import {
  type ArnOf,
  ESCALATION_METHODS,
  type EscalationEdge,
  type EscalationMethod,
  PASS_ROLE_COMPUTE,
  computeStep,
  type EscalationStep,
  passRoleContext,
  rewriteSteps,
} from './escalation-methods.js';
import { reasonLine, reasonsOfDecision } from './decision-reasons.js';
import { groupGainsOf } from './escalation-gain.js';
import { selfBoundaryContexts } from './escalation-harmless-choice.js';
import { decideAnyContext } from './free-decision.js';
import type { Access, ConditionFacts, FreeDecision, MatrixReason, StatementRef } from './types.js';

export interface BecomeEdge {
  from: string;
  to: string;
  how:
    | 'assume'
    | 'pass-role'
    | 'update-trust'
    | 'credentials'
    | 'ssm'
    | 'update-code'
    | 'self-permissions'
    | 'stack-role'
    // Writing a resource's policy to grant oneself access (spec/check-escalation.ts only).
    | 'resource-policy';
  /** The requests the edge needs, e.g. `iam:PassRole + lambda:CreateFunction`. */
  via: string;
  access: Access;
  conditions: string[];
  /** What the engine reports each condition is about (`FreeDecision.conditionFacts`), for severities. */
  conditionFacts: ConditionFacts[];
  /**
   * For a role assumption: the context keys (lowercased) its decision is conditional on
   * (chains.ts `hopConditionKeys`), which escalation-caller-choices.ts reads.
   */
  conditionKeys?: readonly string[];
  grants: StatementRef[];
  /** For an indeterminate edge: why, each reason in one line with where its unknown is. */
  why?: string[];
  /** The reasons `why` words (analysis/decision-reasons.ts), for the check results and findings built on the edge. */
  reasons?: MatrixReason[];
}

function decide(engine: Engine, principal: string, action: string, resource: string): FreeDecision {
  const request: Request = { principal, action, resource };
  return decideAnyContext(engine, request);
}

function edge(
  from: string,
  to: string,
  how: BecomeEdge['how'],
  via: string,
  ds: FreeDecision[],
  access?: Access,
): BecomeEdge {
  const combined = access ?? combineAccess(ds.map((d) => d.access));
  const reasons = combined === 'indeterminate' ? reasonsOfFirstOpen(ds) : undefined;
  const facts = ds.flatMap((d) => d.conditionFacts ?? []);
  return {
    from,
    to,
    how,
    via,
    access: combined,
    conditions: ds.flatMap((d) => d.conditions),
    conditionFacts: facts,
    grants: ds.flatMap((d) => d.grants),
    ...(reasons?.length ? { why: reasons.map(reasonLine), reasons } : {}),
  };
}

/**
 * The reasons of the first indeterminate decision of `ds`: its own reasons, or read from its
 * trace or noted unknowns (`decide` keeps the trace of a decision not denied: no decision is made
 * again); undefined when it kept neither.
 */
export function reasonsOfFirstOpen(ds: readonly FreeDecision[]): MatrixReason[] | undefined {
  const d = ds.find((x) => x.access === 'indeterminate');
  if (!d) return undefined;
  if (d.reasons) return d.reasons;
  if (!d.decision.trace && !d.decision.unknowns) return undefined;
  return reasonsOfDecision(d.decision);
}

/** The methods of the table (escalation-methods.ts) by the edge they are, in table order. */
const METHODS_BY_EDGE = new Map<EscalationEdge, EscalationMethod[]>();
for (const m of ESCALATION_METHODS) {
  const list = METHODS_BY_EDGE.get(m.edge) ?? [];
  list.push(m);
  METHODS_BY_EDGE.set(m.edge, list);
}
const methodsOf = (edge: EscalationEdge): readonly EscalationMethod[] => METHODS_BY_EDGE.get(edge) ?? [];

/** How each kind of existing compute that runs with a role is named, and its ARN from its name. */
const RUN_CODE_AS_ROLE: Partial<
  Record<
    RoleUseKind,
    {
      label: string;
      arnOf: (arn: ArnOf, name: string) => string;
      /** The resource the method's requests name when it is not the using resource itself. */
      requestOn?: (arn: ArnOf, cluster: string) => string;
    }
  >
> = {
  'lambda-function': { label: 'Lambda function', arnOf: (arn, name) => arn('lambda', `function:${name}`) },
  'codebuild-project': {
    label: 'CodeBuild project',
    arnOf: (arn, name) => arn('codebuild', `project/${name}`),
  },
  'glue-dev-endpoint': {
    label: 'Glue development endpoint',
    arnOf: (arn, name) => arn('glue', `devEndpoint/${name}`),
  },
  'glue-job': { label: 'Glue job', arnOf: (arn, name) => arn('glue', `job/${name}`) },
  'sagemaker-notebook-instance': {
    label: 'SageMaker notebook instance',
    arnOf: (arn, name) => arn('sagemaker', `notebook-instance/${name}`),
  },
  'state-machine': {
    label: 'Step Functions state machine',
    arnOf: (arn, name) => arn('states', `stateMachine:${name}`),
  },
  // ECS Exec acts on a running task of the task definition, in the cluster of the service running
  // it and with an id the inputs do not name (`task/CLUSTER/TASK-ID`): the request names such a
  // task, not the definition.
  'ecs-task': {
    label: 'ECS task definition',
    arnOf: (arn, name) => arn('ecs', `task-definition/${name}`),
    requestOn: (arn, cluster) => arn('ecs', `task/${cluster}/${ECS_TASK_ID}`),
  },
};

/**
 * The ARN of compute `u` that runs with `role` (a use named by its name alone: the ARN of its kind
 * in the role's account and the use's Region, `RoleUse.region`, else the account's,
 * `RUN_CODE_AS_ROLE`); undefined for a kind without one.
 */
export function roleUseArn(model: Model, role: { account: string }, u: RoleUse): string | undefined {
  if (u.arn.startsWith('arn:')) return u.arn;
  const inAccount = arnInAccountOf(model, role);
  const arn: ArnOf = u.region
    ? (service, type) => `arn:${model.partition}:${service}:${u.region}:${role.account}:${type}`
    : inAccount;
  return RUN_CODE_AS_ROLE[u.kind]?.arnOf(arn, u.name);
}

/** The role-use kind each target kind of the table's update-code methods runs code in. */
const USE_OF_TARGETS: Partial<Record<EscalationMethod['targets']['kind'], RoleUseKind>> = {
  'lambda-functions': 'lambda-function',
  'codebuild-projects': 'codebuild-project',
  'glue-dev-endpoints': 'glue-dev-endpoint',
  'glue-jobs': 'glue-job',
  'sagemaker-notebooks': 'sagemaker-notebook-instance',
  'state-machines': 'state-machine',
  'ecs-tasks': 'ecs-task',
};

/** An ARN of `role`'s account and Region: `arn(service, resource)`. */
export function arnInAccountOf(model: Model, role: { account: string }): ArnOf {
  const region = model.accounts.find((a) => a.id === role.account)?.region ?? PLACEHOLDER_REGION;
  return (service, type) => `arn:${model.partition}:${service}:${region}:${role.account}:${type}`;
}

/** A request of a method that makes its maker become a principal, and what it names (`on`). */
export interface EdgeRequest {
  action: string;
  resource: string;
  /** What the request acts on, for messages: the user or role, the EC2 instances, the function. */
  on: string;
  /** The method's further actions, each on the same resource, all needed (EC2 user data: stop, start). */
  more: readonly string[];
  /** What a finding names as the target when `resource` is a stand-in (an ECS task): the using resource. */
  target?: string;
  /**
   * Why the request may not reach the role, when the inputs leave that open (ECS Exec on a task
   * whose service's EnableExecuteCommand is unknown): the edge is indeterminate with it.
   */
  open?: MatrixReason;
  /**
   * Further requests, each on its own resource, all needed besides `action` and `more` (ECS Exec
   * on the tasks of a service that leaves it off: `ecs:UpdateService` on the service turns it on).
   */
  also?: readonly EscalationStep[];
  /**
   * A request on a resource whose name the inputs do not pin down (the probe name stands for it:
   * an ECS task's cluster, a launch template's id): the same request on the resource of name
   * `name` (`withNameCandidates`).
   */
  onName?: (name: string) => EdgeRequest;
}

/** At most this many names are tried for a request on a resource of an unknown name. */
const MAX_NAMES = 8;

/**
 * `requests`, each on a resource of an unknown name (`EdgeRequest.onName`: the first probe name
 * of its ARN) followed by the same request on each name the maker's (a user or role, or its ARN)
 * identity Allows of its action may name: one per Resource pattern that the ARN with any name
 * matches (glob-witness.ts `intersectionWitness`; a Deny naming names in any policy that takes
 * part in the request, `Engine.policiesOf`, makes the probe open, `denyResourcePatterns`), so a policy limited to one cluster's tasks or
 * one launch template is still weighed against a resource the inputs do not name (an open
 * request: indeterminate, never "no path"). A request whose `also` requests create a resource the
 * maker names (a lifecycle configuration) is tried too on the other names its policies tell apart
 * (`withAlsoNames`).
 */
export function withNameCandidates(
  engine: Engine,
  makerOrArn: User | Role | string,
  requests: readonly EdgeRequest[],
): EdgeRequest[] {
  const makerArn = typeof makerOrArn === 'string' ? makerOrArn : makerOrArn.arn;
  if (!requests.some((r) => r.onName)) return withAlsoNames(engine, makerArn, requests);
  const maker = typeof makerOrArn === 'string' ? principalNamed(engine.model, makerOrArn) : makerOrArn;
  return requests.flatMap((asked) => {
    if (!asked.onName || !maker) return [asked];
    const at = asked.resource.indexOf(PROBE_NAME);
    if (at < 0) return [asked];
    // The Allow side below reads the maker's identity policies only: an assumption about the
    // resources routed here (no resource-based policy may name a name), checked, not silent: where
    // it fails (a shared-resource stand-in's known policy governing any Regional resource), the
    // probe is open with why, never a missed name.
    const resourceSide = resourceSideMayName(engine, maker, asked.action, asked.resource);
    const r = resourceSide
      ? withOpen(
          asked,
          `${resourceSide}: a name it allows is not tried (the names are read from identity policies only)`,
        )
      : asked;
    const prefix = r.resource.slice(0, at);
    const suffix = r.resource.slice(at + PROBE_NAME.length);
    // An unknown name part after the name (an ECS task's id) may be any run: `*` in the search.
    const suffixGlob = suffix.replace(UNKNOWN_PARTS, '*');
    const suffixMatch = new RegExp(`${suffixGlob.split('*').map(escapeRegExp).join('[^/]*')}$`);
    // The Deny statements of every policy that takes part in the request (the engine's list).
    const namesOf = (effect: 'Allow' | 'Deny') => {
      const names = new Set<string>();
      const patterns =
        effect === 'Allow'
          ? identityResourcePatterns(engine, maker, r.action)
          : denyResourcePatterns(engine, maker, r.action, r.resource);
      for (const pattern of patterns) {
        if (names.size >= MAX_NAMES) break;
        const w = intersectionWitness(pattern, `${prefix}*${suffixGlob}`);
        if (!w?.startsWith(prefix)) continue;
        const tail = w.slice(prefix.length);
        // The name ends where the suffix does (`/` before a task id: a cluster name holds none).
        const end =
          suffixGlob === suffix
            ? tail.endsWith(suffix)
              ? tail.length - suffix.length
              : -1
            : suffix.startsWith('/')
              ? tail.indexOf('/')
              : -1;
        if (end < 0 || !suffixMatch.test(tail.slice(end))) continue;
        const name = tail.slice(0, end);
        if (name !== PROBE_NAME && !name.includes('/')) names.add(name);
      }
      return names;
    };
    // A Deny naming some names (in any policy of the decision): the probe (a name no policy names) misses it, and the real name,
    // which the inputs do not hold, may be one of them: what the probe decides is open.
    const denied = [...namesOf('Deny')];
    const probe = denied.length ? openByDeny(r, denied) : r;
    return [probe, ...[...namesOf('Allow')].map((n) => r.onName!(n))];
  });
}

/**
 * `requests`, each followed by the same request with its `also` requests on a resource the maker
 * names itself (`EscalationStep.names`: a lifecycle configuration it creates) on each other name
 * its policies tell apart (escalation-start-names.ts `withStartNames`).
 */
function withAlsoNames(engine: Engine, maker: string, requests: readonly EdgeRequest[]): EdgeRequest[] {
  return requests.flatMap((r) => {
    if (!r.also?.some((s) => s.names !== undefined)) return [r];
    // A resource that exists already (a lifecycle configuration it rewrites) is tried on the
    // inputs' ones and on each name, open where it may not exist (escalation-existing-starts.ts).
    const { alternatives } = withStartNames(engine, maker, [{ steps: [...r.also] }], () => false, {
      existing: true,
    });
    return alternatives.map(
      (alt): EdgeRequest =>
        alt.open ? withOpen({ ...r, also: alt.steps }, alt.open) : { ...r, also: alt.steps },
    );
  });
}

/** The unknown name parts of an ARN (model/stand-ins.ts `unknownNamePart`). */
const UNKNOWN_PARTS = /\(unknown-[^)]*\)/g;

/** `r` open with `why` besides any reason it has. */
function withOpen(r: EdgeRequest, why: string): EdgeRequest {
  const open: MatrixReason = r.open
    ? { ...r.open, text: `${r.open.text}; ${why}` }
    : { kind: 'unknown-value', text: why, stage: 'result' };
  return { ...r, open };
}

/** `r` (on the probe name) open: its real name may be one of `denied`, which a Deny names. */
function openByDeny(r: EdgeRequest, denied: readonly string[]): EdgeRequest {
  const text = `the name or id of ${r.on} in ${r.resource.replace(PROBE_NAME, '…')} is not in the inputs, and a Deny of the policies names ${denied.join(', ')}, which it may be`;
  const open: MatrixReason = r.open
    ? { ...r.open, text: `${r.open.text}; ${text}` }
    : { kind: 'unknown-value', text, stage: 'result' };
  return { ...r, open };
}

/**
 * The requests by which method `m` of the table (an edge onto another principal: credentials,
 * update-trust, ssm, update-code) makes its maker become `target`, each an alternative:
 * - `other-users` / `other-roles`: the method's action on the user or role itself;
 * - `instance-roles`: on an EC2 instance of the role's account the inputs do not name, when an
 *   instance profile holding the role is used by some instance or launch template (the commands
 *   run with the instance's credentials: "applications that run on the EC2 instance" get the
 *   role's temporary credentials, IAM User Guide, "Use an IAM role to grant permissions to
 *   applications running on Amazon EC2 instances");
 * - `lambda-functions` / `codebuild-projects` / `glue-dev-endpoints` / `glue-jobs` /
 *   `sagemaker-notebooks` / `state-machines`: on each function, project, endpoint, job, notebook
 *   instance or state machine
 *   that runs with the role (`Role.usedBy`; a use outside the model holds its name: its ARN in
 *   the role's account), with the method's requests on a resource of its own (`alsoOn`, a
 *   lifecycle configuration of the probe name) as `also`;
 * - `ecs-tasks`: on a running task (cluster and id unknown) of each task definition whose task
 *   role it is (`target`: the task definition).
 * None for a method of another kind (pass-role, self-permissions: escalation.ts decides those).
 */
export function edgeRequests(model: Model, m: EscalationMethod, target: User | Role): EdgeRequest[] {
  const action = m.actions[0]!;
  // The method's requests on resources of its own (escalation-methods.ts `alsoOn`), in the target's account.
  const alsoOn = m.alsoOn ?? [];
  const more = m.actions.slice(1).filter((a) => !alsoOn.some((r) => r.action === a));
  const kind = m.targets.kind;
  if (kind === 'other-users')
    return target.kind === 'user' ? [{ action, resource: target.arn, on: target.arn, more }] : [];
  if (target.kind !== 'role') return [];
  if (kind === 'other-roles') return [{ action, resource: target.arn, on: target.arn, more }];
  if (kind === 'launch-templates')
    return launchTemplateRequests(target, m.targets.runs, m.actions, arnInAccountOf(model, target), model);
  const useKind = USE_OF_TARGETS[kind];
  const unlinked = useKind ? unlinkedUsesFor(model, useKind, target) : [];
  if (kind === 'instance-roles' ? !target.instanceProfiles.length : !target.usedBy.length && !unlinked.length)
    return [];
  const arnIn = arnInAccountOf(model, target);
  if (kind === 'instance-roles') {
    const uses = target.instanceProfiles.flatMap((p) => p.usedBy);
    if (!uses.length) return [];
    // Every use linked only maybe (a profile name several accounts' profiles hold): open, with why.
    const maybe = uses.every((u) => u.maybe) ? uses[0]!.maybe : undefined;
    const request: EdgeRequest = {
      action,
      resource: arnIn('ec2', ec2InstanceResource(`of-role-${target.name}`)),
      on: 'its EC2 instances',
      more,
    };
    if (!maybe) return [request];
    const open: MatrixReason = {
      kind: 'unknown-value',
      text: maybe.reason,
      stage: 'result',
      ...(maybe.source ? { source: maybe.source } : {}),
    };
    return [{ ...request, open }];
  }
  // The uses linked to the role, then those whose role is not known (it may be this one: open).
  return useRequests(model, m, target, [
    ...target.usedBy.filter((u) => u.kind === useKind).map((u) => ({ u })),
    ...unlinked,
  ]);
}

/**
 * The requests of update-code method `m` on each of `uses` (compute of its kind that runs as a
 * role of `account`), each open with its `open` reason when it has one (`edgeRequests`, and
 * `outsideRoleRequests` for a role outside the inputs).
 */
function useRequests(
  model: Model,
  m: EscalationMethod,
  role: { account: string },
  uses: readonly { u: RoleUse; open?: MatrixReason }[],
): EdgeRequest[] {
  const action = m.actions[0]!;
  const alsoOn = m.alsoOn ?? [];
  const more = m.actions.slice(1).filter((a) => !alsoOn.some((r) => r.action === a));
  const useKind = USE_OF_TARGETS[m.targets.kind];
  const run = useKind && RUN_CODE_AS_ROLE[useKind];
  if (!run) return [];
  const arnIn = arnInAccountOf(model, role);
  return uses.flatMap(({ u, open: unlinkedOpen }): EdgeRequest[] => {
    if (u.kind !== useKind) return [];
    const used = u.arn.startsWith('arn:') ? u.arn : run.arnOf(arnIn, u.name);
    if (!run.requestOn) {
      const also = alsoOn.map((r) => computeStep(r, arnIn, PROBE_NAME));
      return [
        {
          action,
          resource: used,
          on: `${run.label} ${u.name}`,
          more,
          ...(also.length ? { also } : {}),
          ...(unlinkedOpen ? { target: used, open: unlinkedOpen } : {}),
        },
      ];
    }
    return ecsExecRequests({ action, more, run, requestOn: run.requestOn, arnIn, u, used, unlinkedOpen });
  });
}

/**
 * The requests of ECS Exec on a running task of task definition `u`: it reaches one by each ECS
 * service running it, in the service's cluster, turned on or first turned on by ecs:UpdateService
 * on the service (aws/role-uses.ts `ecsExecRoutes`); open with why when the inputs leave that
 * unknown (or the task role is not known: `unlinkedOpen`).
 */
function ecsExecRequests(x: {
  action: string;
  more: readonly string[];
  run: { label: string };
  requestOn: (arn: ArnOf, cluster: string) => string;
  arnIn: ArnOf;
  u: RoleUse;
  used: string;
  unlinkedOpen: MatrixReason | undefined;
}): EdgeRequest[] {
  const { action, more, run, requestOn, arnIn, u, used, unlinkedOpen } = x;
  return ecsExecRoutes(u).map((route): EdgeRequest => {
    const routeOpen: MatrixReason | undefined = route.open
      ? {
          kind: 'unknown-value',
          text: route.open.reason,
          stage: 'result',
          ...(route.open.source ? { source: route.open.source } : {}),
        }
      : undefined;
    const open =
      unlinkedOpen && routeOpen
        ? { ...unlinkedOpen, text: `${unlinkedOpen.text}; ${routeOpen.text}` }
        : (unlinkedOpen ?? routeOpen);
    const onName = (cluster: string): EdgeRequest => ({
      action,
      resource: requestOn(arnIn, cluster),
      on: `${run.label} ${u.name}`,
      more,
      target: used,
      ...(open ? { open } : {}),
      ...(route.turnOn
        ? {
            also: [
              {
                action: 'ecs:UpdateService',
                resource: arnIn('ecs', `service/${cluster}/${route.turnOn}`),
              },
            ],
          }
        : {}),
    });
    const request = onName(route.cluster);
    return route.clusterUnknown ? { ...request, onName } : request;
  });
}

/**
 * The one rule of uses whose role the inputs do not pin down (`Model.unlinkedRoleUses`, a role ARN
 * unknown): such a use may run as any role its service may assume. `unlinkedUsesFor`: those of
 * `kind` that may run as `role` (it trusts their service), each with why, as an open reason of
 * the update-code requests on it (`edgeRequests`). Lambda functions are the model's resources
 * (`unlinkedFunctions`, the same rule: a function whose role is not linked).
 */
function unlinkedUsesFor(model: Model, kind: RoleUseKind, role: Role): { u: RoleUse; open: MatrixReason }[] {
  if (kind === 'lambda-function' || !model.unlinkedRoleUses?.length) return [];
  const services = servicesOf(role);
  return model.unlinkedRoleUses
    .filter((u) => u.kind === kind && services.includes(u.service))
    .map((u) => ({
      u,
      open: {
        kind: 'unknown-value',
        text: `the role of ${RUN_CODE_AS_ROLE[kind]?.label ?? kind} ${u.name} is not pinned down (${u.why}): it may be role ${role.name}`,
        stage: 'result',
        source: u.source,
      },
    }));
}

/** Whether a use whose role is not known may run as `role` (`unlinkedUsesFor`, of any kind but Lambda's). */
export function mayRunUnlinkedUse(model: Model, role: Role): boolean {
  const services = model.unlinkedRoleUses?.length ? servicesOf(role) : [];
  return !!model.unlinkedRoleUses?.some(
    (u) => u.kind !== 'lambda-function' && RUN_CODE_AS_ROLE[u.kind] && services.includes(u.service),
  );
}

/**
 * Why what compute `what` (`Lambda function web`) does as its role `arn`, which the inputs name by
 * ARN but do not define, is unknown: the one wording of the escalation graph, the review and the
 * outside escalations (risk-outside-escalation.ts), at `source`, where the inputs name the role.
 */
export function outsideRoleReason(what: string, arn: string, source: Source | undefined): MatrixReason {
  return {
    kind: 'unknown-value',
    text: `${what}: its role ${arn} is outside the inputs, so what it may do (its policies, permissions boundary) is unknown`,
    stage: 'result',
    ...(source ? { source } : {}),
  };
}

/**
 * The roles the inputs name by a known ARN but do not define that compute of theirs runs as
 * (`Model.outsideRoleUses`), by ARN, each with its uses (once per model). Running code as such a
 * role (an update-code method of the table on its compute) gives its permissions, which the
 * inputs do not show: the escalation graph's edge onto it is indeterminate with why
 * (`outsideRoleReason`), and from it onto every principal it may become (`outsideOnwardEdges`).
 */
export function outsideRoles(model: Model): ReadonlyMap<string, readonly OutsideRoleUse[]> {
  let out = outsideMemo.get(model);
  if (!out) {
    out = new Map<string, OutsideRoleUse[]>();
    for (const u of model.outsideRoleUses ?? []) {
      if (principalNamed(model, u.role)) continue;
      const list = out.get(u.role);
      if (list) list.push(u);
      else out.set(u.role, [u]);
    }
    outsideMemo.set(model, out);
  }
  return out;
}
const outsideMemo = new WeakMap<Model, Map<string, OutsideRoleUse[]>>();

/**
 * The requests of update-code method `m` (escalation-methods.ts) on the compute of the inputs
 * that runs as `arn`, a role outside the inputs (`outsideRoles`), each open with why
 * (`outsideRoleReason`) and naming the compute as its target; for the graph (`methodEdges`) and
 * the review's findings (risk-escalation.ts).
 */
export function outsideRoleRequests(model: Model, m: EscalationMethod, arn: string): EdgeRequest[] {
  if (m.targets.kind === 'instance-roles') return outsideInstanceRequests(model, m, arn);
  const useKind = USE_OF_TARGETS[m.targets.kind];
  const run = useKind && RUN_CODE_AS_ROLE[useKind];
  if (!run) return [];
  const uses = (outsideRoles(model).get(arn) ?? []).filter((u) => u.kind === useKind);
  if (!uses.length) return [];
  const account = parseArn(arn)?.account ?? '';
  return useRequests(
    model,
    m,
    { account },
    uses.map((u) => ({ u, open: outsideRoleReason(`${run.label} ${u.name}`, arn, u.source) })),
  );
}

/**
 * The requests of instance method `m` (ssm:SendCommand, StartSession, EC2 Instance Connect, user
 * data) on the EC2 instances of the inputs whose instance profile holds `arn`, a role outside the
 * inputs (`ModelBuilder.addOutsideInstanceProfile`): one request per profile used by an instance
 * or launch template, on its instances (an id the inputs do not hold), open with why.
 */
function outsideInstanceRequests(model: Model, m: EscalationMethod, arn: string): EdgeRequest[] {
  const action = m.actions[0]!;
  const account = parseArn(arn)?.account ?? '';
  const roleName = arn.slice(arn.lastIndexOf('/') + 1);
  const arnIn = arnInAccountOf(model, { account });
  return (outsideRoles(model).get(arn) ?? []).flatMap((u): EdgeRequest[] =>
    u.instanceProfile?.usedBy.length
      ? [
          {
            action,
            resource: arnIn('ec2', ec2InstanceResource(`of-role-${roleName}`)),
            on: `the EC2 instances of instance profile ${u.name}`,
            more: m.actions.slice(1),
            open: outsideRoleReason(`instance profile ${u.name}`, arn, u.source),
          },
        ]
      : [],
  );
}

/**
 * The principals of the model a role outside the inputs of `account` may become, each with how:
 * what it may do is unknown, so it may hold any IAM permission of its account (rewrite a trust
 * policy, make another user's access key: every user and role of its account) and call
 * sts:AssumeRole on a role of another account (every role of the other accounts: its trust
 * decides, for a caller the engine cannot decide as it is no principal of the model). The one
 * onward rule of such a role: compute running as one (`outsideOnwardEdges`) and a stack's service
 * role the model does not hold (`stackRoleEdges`).
 */
function outsideRoleReach(engine: Engine, account: string | undefined): { to: User | Role; via: string }[] {
  const { roles, users } = edgeTargets(engine);
  const own = 'any request of its own account (its permissions are unknown)';
  const out: { to: User | Role; via: string }[] = [];
  for (const r of roles)
    out.push({ to: r, via: r.account === account ? own : 'sts:AssumeRole (its permissions are unknown)' });
  for (const u of users) if (u.account === account) out.push({ to: u, via: own });
  return out;
}

/**
 * The edges out of a role outside the inputs (`outsideRoles`): an indeterminate edge onto each
 * principal it may become (`outsideRoleReach`), with why.
 */
function outsideOnwardEdges(engine: Engine, arn: string, uses: readonly OutsideRoleUse[]): BecomeEdge[] {
  const first = uses[0]!;
  const why = outsideRoleReason(
    `${RUN_CODE_AS_ROLE[first.kind]?.label ?? (first.kind === 'ec2-instance-profile' ? 'instance profile' : first.kind)} ${first.name}`,
    arn,
    first.source,
  );
  return outsideRoleReach(engine, parseArn(arn)?.account).map(({ to, via }) => ({
    from: arn,
    to: to.arn,
    how: 'self-permissions',
    via,
    access: 'indeterminate',
    conditions: [],
    conditionFacts: [],
    grants: [],
    why: [reasonLine(why)],
    reasons: [why],
  }));
}

/** The user or role of the model whose ARN is `arn`, if any (an index made once per model). */
function principalNamed(model: Model, arn: string): User | Role | undefined {
  let index = principalIndex.get(model);
  if (!index) {
    index = new Map<string, User | Role>();
    for (const r of model.roles) index.set(r.arn, r);
    for (const u of model.users) index.set(u.arn, u);
    principalIndex.set(model, index);
  }
  return index.get(arn);
}
const principalIndex = new WeakMap<Model, Map<string, User | Role>>();

/**
 * The first request of the `edge` methods (in table order) on `target` not denied to `from`: the
 * edge of that kind, or none.
 */
function methodEdge(
  engine: Engine,
  from: string,
  target: User | Role,
  how: EscalationEdge,
  mayMake: (action: string, resource: string) => boolean = () => true,
): BecomeEdge[] {
  return requestEdges(engine, from, target.arn, how, (m) => edgeRequests(engine.model, m, target), mayMake);
}

/**
 * The edges of kind `how` from `from` onto principal `to` by the requests `requestsOf` gives for
 * each method of that kind: the first request not denied per thing acted on (`methodEdge`).
 */
function requestEdges(
  engine: Engine,
  from: string,
  to: string,
  how: EscalationEdge,
  requestsOf: (m: EscalationMethod) => EdgeRequest[],
  mayMake: (action: string, resource: string) => boolean = () => true,
): BecomeEdge[] {
  const requests: EdgeRequest[] = [];
  for (const m of methodsOf(how))
    for (const r of withNameCandidates(engine, from, requestsOf(m)))
      if (
        mayMake(r.action, r.resource) &&
        r.more.every((a) => mayMake(a, r.resource)) &&
        (r.also ?? []).every((x) => mayMake(x.action, x.resource))
      )
        requests.push(r);
  if (!requests.length) return [];
  // One edge per thing acted on (each function or project that runs with the role).
  const out: BecomeEdge[] = [];
  for (const on of [...new Set(requests.map((r) => r.on))]) {
    const hit = firstAllowed(
      engine,
      from,
      requests.filter((r) => r.on === on),
    );
    if (!hit) continue;
    const actions = [hit.request.action, ...hit.request.more].join(' + ');
    const also = (hit.request.also ?? [])
      .map((x) => ` + ${x.action} on ${x.resource}${unknownPartNote(x.resource)}`)
      .join('');
    const via = (on === to ? actions : `${actions} on ${on}${unknownPartNote(on)}`) + also;
    const e = edge(from, to, how as BecomeEdge['how'], via, [hit.decision, ...hit.more.map((x) => x.d)]);
    out.push(hit.request.open ? withReasons(e, [hit.request.open]) : e);
  }
  return out;
}

/** The request that replaces an existing Lambda function's code (Rhino Security Labs 17). */
const UPDATE_CODE_ACTION = ESCALATION_METHODS.find((m) => m.targets.kind === 'lambda-functions')!.actions[0]!;

/**
 * The first of `requests` not denied to `from`, with its decision; a request with `more` actions
 * (on the same resource, all needed) counts only when none of them is denied either.
 */
function firstAllowed<
  R extends {
    action: string;
    resource: string;
    more?: readonly string[];
    also?: readonly { action: string; resource: string }[];
    context?: RequestContext;
  },
>(engine: Engine, from: string, requests: readonly R[]) {
  // Requests denied already (many alternatives share their first request: a launch configuration
  // on the probe name with a group update on each group of the inputs), each decided once.
  const denied = new Set<string>();
  for (const r of requests) {
    const key = r.context ? undefined : `${r.action} ${r.resource}`;
    if (key && denied.has(key)) continue;
    const d = r.context
      ? decideAnyContext(engine, {
          principal: from,
          action: r.action,
          resource: r.resource,
          context: r.context,
        })
      : decide(engine, from, r.action, r.resource);
    if (d.access === 'deny') {
      if (key) denied.add(key);
      continue;
    }
    const more: { action: string; d: FreeDecision }[] = [];
    for (const action of r.more ?? []) {
      const x = decide(engine, from, action, r.resource);
      if (x.access === 'deny') break;
      more.push({ action, d: x });
    }
    if (more.length !== (r.more?.length ?? 0)) continue;
    for (const x of r.also ?? []) {
      const y = decide(engine, from, x.action, x.resource);
      if (y.access === 'deny') break;
      more.push({ action: x.action, d: y });
    }
    if (more.length === (r.more?.length ?? 0) + (r.also?.length ?? 0))
      return { request: r, decision: d, more };
  }
  return undefined;
}

function passRoleEdges(engine: Engine, from: string, role: Role, arnIn: ArnOf): BecomeEdge[] {
  // A role no compute of the table may assume makes no edge (no decision for it).
  const services = servicesOf(role);
  if (!services.some((service) => PASS_ROLE_COMPUTE[service])) return [];
  const out: BecomeEdge[] = [];
  for (const service of services) {
    const compute = PASS_ROLE_COMPUTE[service];
    if (!compute) continue;
    const pass = decideAnyContext(engine, {
      principal: from,
      action: 'iam:PassRole',
      resource: role.arn,
      context: passRoleContext(service),
    });
    if (pass.access === 'deny') continue;
    // The review's request lists (escalation-launch-templates.ts `passRoleStarts`): each start with
    // the requests it needs to run anything (a launch configuration: a group create or update, on
    // the probe group and on each group of the inputs), all on their own resources, on the probe
    // name and on every name the maker's policies tell apart (escalation-start-names.ts).
    // A start on existing compute is tried on the inputs' own (sure) before other names (open:
    // the resource may not exist, escalation-existing-starts.ts).
    const named = withStartNames(
      engine,
      from,
      passRoleStarts(engine.model, service, arnIn),
      (s) => decide(engine, from, s.action, s.resource).access === 'allow',
      { existing: true },
    );
    const requests = named.alternatives.map(
      ({ steps: [first, ...rest], via, open }): StartRequest => ({
        action: first!.action,
        resource: first!.resource,
        also: rest,
        ...(first!.existing ? { existing: true } : {}),
        ...(via ? { via } : {}),
        ...(open ? { open } : {}),
      }),
    );
    const start = firstAllowed(engine, from, requests);
    if (start) out.push(passRoleStartEdge(from, role, service, pass, start));
    // No start of the table on any name: a request outside the table may start it (and, when
    // the name search stopped at its limit, a name not tried may be allowed): indeterminate.
    else
      out.push(
        edge(
          from,
          role.arn,
          'pass-role',
          `iam:PassRole to ${service} (no start request allowed ${startWords(requests)}${named.complete ? ', on any name its policies tell apart' : '; not every name was tried'})`,
          [pass],
          'indeterminate',
        ),
      );
  }
  return out;
}

/** The start requests of `requests` in words, by whether they make new compute or need existing compute. */
function startWords(requests: readonly StartRequest[]): string {
  const words = (existing: boolean) => [
    ...new Set(
      requests
        .filter((r) => [r, ...r.also].some((x) => x.existing === true) === existing)
        .map((r) => [r.action, ...r.also.map((x) => x.action)].join(' + ')),
    ),
  ];
  const made = words(false);
  const existing = words(true);
  return [
    ...(made.length ? [`on a new resource: ${made.join(', ')}`] : []),
    ...(existing.length
      ? [`${made.length ? 'nor ' : ''}on an existing resource: ${existing.join(', ')}`]
      : []),
  ].join('; ');
}

/**
 * The pass-role edge of `start`, the first start not denied: open (indeterminate, with why) when
 * it acts on existing compute the inputs do not define (`StartAlternative.open`).
 */
function passRoleStartEdge(
  from: string,
  role: Role,
  service: string,
  pass: FreeDecision,
  start: NonNullable<ReturnType<typeof firstAllowed<StartRequest>>>,
): BecomeEdge {
  const { request: r } = start;
  const actions = [r.action, ...r.also.map((x) => x.action)].join(' + ');
  const ds = [pass, start.decision, ...start.more.map((x) => x.d)];
  const via = `iam:PassRole + ${actions} (${service})${r.via ? ` ${r.via}` : ''}`;
  if (!r.open) return edge(from, role.arn, 'pass-role', via, ds);
  const reason: MatrixReason = { kind: 'unknown-value', text: r.open, stage: 'result' };
  const e = edge(
    from,
    role.arn,
    'pass-role',
    `${via}, ${r.open}`,
    ds,
    combineAccess([...ds.map((d) => d.access), 'indeterminate']),
  );
  const reasons = [...(e.reasons ?? []), reason];
  return { ...e, why: reasons.map(reasonLine), reasons };
}

/** A start request of the pass-role edges: its first step, the others (`also`), and why it is open. */
interface StartRequest {
  action: string;
  resource: string;
  also: EscalationStep[];
  /** The first step names existing compute (`EscalationStep.existing`). */
  existing?: true;
  via?: string;
  open?: string;
}

/**
 * The pass-role edges from `from` to `role` (see the module comment), as `becomeEdges` makes
 * them: the start requests name new compute in the role's account and Region.
 */
export function passRoleEdgesTo(engine: Engine, from: string, role: Role): BecomeEdge[] {
  return passRoleEdges(engine, from, role, arnInAccountOf(engine.model, role));
}

/**
 * Update-code edges (see the module comment): the table's update-code methods on each function or
 * project that runs with `role` (`edgeRequests`); for each function whose role the inputs do not
 * link and whose code `from` may replace (`unlinked`, decided once per `from`), an indeterminate
 * edge to every role Lambda is trusted to assume.
 */
function updateCodeEdges(
  engine: Engine,
  from: string,
  role: Role,
  unlinked: readonly { fn: string; d: FreeDecision }[],
  mayMake?: (action: string, resource: string) => boolean,
): BecomeEdge[] {
  const out = methodEdge(engine, from, role, 'update-code', mayMake);
  if (!unlinked.length || !servicesOf(role).includes('lambda.amazonaws.com')) return out;
  for (const { fn, d } of unlinked)
    out.push(
      edge(
        from,
        role.arn,
        'update-code',
        `${UPDATE_CODE_ACTION} on ${fn}, whose execution role the inputs do not pin down (it may be this role)`,
        [d],
        'indeterminate',
      ),
    );
  return out;
}

/** The unlinked functions (`unlinkedFunctions`) whose code `from` may replace, each decided once. */
function replaceableUnlinked(
  engine: Engine,
  from: string,
  mayMake: (action: string, resource: string) => boolean = () => true,
): { fn: string; d: FreeDecision }[] {
  const out: { fn: string; d: FreeDecision }[] = [];
  for (const fn of unlinkedFunctions(engine)) {
    if (!mayMake(UPDATE_CODE_ACTION, fn)) continue;
    const d = decide(engine, from, UPDATE_CODE_ACTION, fn);
    if (d.access !== 'deny') out.push({ fn, d });
  }
  return out;
}

/** A stack or delegated administrator (aws/stack-roles.ts) whose requests `from` may make. */
export interface StackRoleUse {
  stack: StackRole;
  /** The requests, `A + B on <label>`. */
  via: string;
  ds: FreeDecision[];
  /** Its role when the model holds it. */
  role: Role | undefined;
  /** Why the use is not surely what it gives: the stack might not exist, the role is not held. */
  reasons: MatrixReason[];
}

/**
 * Why what a stack's role gives through stack `s` is not surely known (`role`: its role as the
 * model holds it, `heldStackRole`): the stack might not exist, or its role is unknown or not among
 * the inputs. Empty when neither; the stack's name is not among them (the engine decides the
 * requests on its ARN by the rule for unknown name parts). For the escalation graph's edges
 * (`stackRoleUses`) and the review's findings (risk-escalation.ts).
 */
export function stackRoleOpenReasons(s: StackRole, role: Role | undefined): MatrixReason[] {
  const reasons: MatrixReason[] = [];
  if (s.presence)
    reasons.push({
      kind: 'maybe-present',
      text: `${s.label} might not exist: ${s.presence.reason}`,
      stage: 'result',
      ...(s.presence.source ? { source: s.presence.source } : {}),
    });
  if (!role) {
    const why = isUnknown(s.role)
      ? s.role
      : {
          reason: `its service role ${s.role} (${s.what}) is not among the inputs: its permissions are unknown`,
          source: s.source,
        };
    reasons.push({
      kind: 'unknown-policy',
      text: `${s.label}: ${why.reason}; a template run with it may change any role it reaches`,
      stage: 'result',
      ...(why.source ? { source: why.source } : {}),
    });
  }
  return reasons;
}

/**
 * The stacks and delegated administrators of the model whose requests `from` may make: for each,
 * the first alternative none of whose requests is denied (nor surely denied by `mayMake`).
 */
export function stackRoleUses(
  engine: Engine,
  from: string,
  mayMake: (action: string, resource: string) => boolean = () => true,
): StackRoleUse[] {
  const model = engine.model;
  const out: StackRoleUse[] = [];
  for (const s of model.stackRoles ?? []) {
    // A name with unknown parts (a template's, a Terraform stack's known only after apply, a
    // nested stack's generated parts): the engine decides the requests on the ARN as written by
    // the rule for unknown name parts (engine/unknown-names.ts), indeterminate with the name's
    // cause (`StackRole.nameUnknown`) wherever the name matters, decided where a policy names
    // every stack name or none; no reason of its own here.
    // A resource the maker names (a delegated administrator's StackSet): on every name its
    // policies tell apart too (`stackRoleStarts`).
    const starts = stackRoleStarts(engine, from, s);
    const hit =
      firstAllowedAll(engine, from, starts.alternatives, mayMake) ??
      (starts.complete ? undefined : searchCut(engine, from, s, mayMake));
    if (!hit) continue;
    const role = heldStackRole(model, s);
    const reasons = [
      ...(hit.cut ? [hit.cut] : []),
      ...(hit.open ? [hit.open] : []),
      ...stackRoleOpenReasons(s, role),
    ];
    const via = `${hit.requests.map((r) => r.action).join(' + ')} on ${s.label}${hit.via ? ` ${hit.via}` : ''}`;
    out.push({ stack: s, via, ds: hit.ds, role, reasons });
  }
  return out;
}

/**
 * The request alternatives of stack role `s` for `from`: each as written (on the probe name), then
 * the same on each name `from`'s policies tell apart for a resource it names
 * (`StackRoleRequest.names`: a delegated administrator's StackSet; escalation-start-names.ts
 * `withStartNames`, a request allowed outright on the probe name not searched). For the graph
 * (`stackRoleUses`) and the review (risk-escalation.ts `stackRoleAlternatives`).
 */
export function stackRoleStarts(engine: Engine, from: string, s: StackRole): NamedStarts {
  const written = s.requests.map((alt) => ({ steps: [...alt] }));
  if (!s.requests.some((alt) => alt.some((r) => r.names !== undefined)))
    return { alternatives: written, complete: true };
  return withStartNames(
    engine,
    from,
    written,
    (r) => decide(engine, from, r.action, r.resource).access === 'allow',
  );
}

/** The requests of a stack role `from` may make, their decisions, the names (`via`), and a search cut short. */
interface StackRoleHit {
  requests: readonly { action: string; resource: string }[];
  ds: FreeDecision[];
  via?: string;
  cut?: MatrixReason;
  /** Why the alternative may start nothing (`StartAlternative.open`: an opt-in Region). */
  open?: MatrixReason;
}

/**
 * A name search of `s`'s requests stopped at its limit and no name tried was allowed: a name not
 * tried may be, so the first alternative `mayMake` does not rule out stands, indeterminate, with why.
 */
function searchCut(
  engine: Engine,
  from: string,
  s: StackRole,
  mayMake: (action: string, resource: string) => boolean,
): StackRoleHit | undefined {
  const requests = s.requests.find((alt) => alt.every((r) => mayMake(r.action, r.resource)));
  if (!requests) return undefined;
  const ds = requests.map((r) => ({
    ...decide(engine, from, r.action, r.resource),
    access: 'indeterminate' as const,
  }));
  const text = `not every name ${s.label}'s requests may take, of those the policies of ${from} tell apart, was tried (a search limit): one not tried may be allowed`;
  return { requests, ds, cut: { kind: 'unknown-resource', text, stage: 'result', source: s.source } };
}

/**
 * Stack-role edges (see the module comment of aws/stack-roles.ts; model/types.ts `StackRole`): for each use of
 * `stackRoleUses`, an edge to its role when the model holds it, else an indeterminate edge to
 * every role that role may reach (its account's, or every account's but the management
 * account's for a delegated administrator), with why. A stack that might not exist makes the
 * edge indeterminate.
 */
export function stackRoleEdges(
  engine: Engine,
  from: string,
  mayMake: (action: string, resource: string) => boolean = () => true,
): BecomeEdge[] {
  const model = engine.model;
  const out: BecomeEdge[] = [];
  for (const u of stackRoleUses(engine, from, mayMake)) {
    if (u.role) {
      if (u.role.arn !== from)
        out.push(
          withReasons(
            edge(from, u.role.arn, 'stack-role', `${u.via} (runs with its service role)`, u.ds),
            u.reasons,
          ),
        );
      continue;
    }
    // A role of its account the model does not hold: the onward rule of any role outside the
    // inputs (`outsideRoleReach`); a delegated administrator's: the member accounts' roles.
    const reach =
      u.stack.reach === 'account'
        ? outsideRoleReach(engine, u.stack.account)
        : model.roles
            .filter((r) => !isOpenAccountStandIn(r) && stackRoleReaches(model, u.stack, r))
            .map((r) => ({ to: r, via: '' }));
    for (const { to, via } of reach)
      if (to.arn !== from)
        out.push(
          withReasons(
            edge(
              from,
              to.arn,
              'stack-role',
              `${u.via} (runs with a role the inputs do not show${via ? `, then ${via}` : ''})`,
              u.ds,
              'indeterminate',
            ),
            u.reasons,
          ),
        );
  }
  return out;
}

/** The edge, indeterminate with `reasons` added when there are any. */
function withReasons(e: BecomeEdge, reasons: readonly MatrixReason[]): BecomeEdge {
  if (!reasons.length) return e;
  const all = [...reasons, ...(e.reasons ?? [])];
  return { ...e, access: 'indeterminate', why: all.map(reasonLine), reasons: all };
}

/** Whether a delegated administrator's role `s`, which the model does not hold, may reach role `r` (aws/stack-roles.ts `reach`). */
function stackRoleReaches(model: Model, s: StackRole, r: Role): boolean {
  if (s.notIn?.includes(r.account)) return false;
  return !model.accounts.find((a) => a.id === r.account)?.managementAccount;
}

/**
 * The first of `alternatives` (each a list of requests, all needed) none of whose requests is
 * denied to `from` (nor surely denied by `mayMake`), with the decisions; undefined when none.
 */
function firstAllowedAll(
  engine: Engine,
  from: string,
  alternatives: readonly StartAlternative[],
  mayMake: (action: string, resource: string) => boolean,
): StackRoleHit | undefined {
  for (const { steps: requests, via, open } of alternatives) {
    if (!requests.every((r) => mayMake(r.action, r.resource))) continue;
    const ds: FreeDecision[] = [];
    for (const r of requests) {
      const d = decide(engine, from, r.action, r.resource);
      if (d.access === 'deny') break;
      ds.push(d);
    }
    if (ds.length === requests.length)
      return {
        requests,
        ds,
        ...(via ? { via } : {}),
        ...(open ? { open: { kind: 'unknown-value', text: open, stage: 'result' } } : {}),
      };
  }
  return undefined;
}

/** The services a role's trust policy names (chains.ts `trustedServices`), once per role object. */
const servicesMemo = new WeakMap<Role, string[]>();
function servicesOf(role: Role): string[] {
  let s = servicesMemo.get(role);
  if (!s) {
    s = trustedServices(role);
    servicesMemo.set(role, s);
  }
  return s;
}

/** The model's Lambda functions no role of the model is linked to as their execution role (once per engine). */
const unlinkedMemo = new WeakMap<Engine, string[]>();
function unlinkedFunctions(engine: Engine): string[] {
  const known = unlinkedMemo.get(engine);
  if (known) return known;
  const linked = new Set<string>();
  for (const r of engine.model.roles)
    for (const u of r.usedBy) if (u.kind === 'lambda-function') linked.add(u.arn);
  const out = engine.model.resources
    .filter((r) => r.kind === 'lambda-function' && !linked.has(r.arn))
    .map((r) => r.arn);
  unlinkedMemo.set(engine, out);
  return out;
}

/** A request that changes a principal's permissions; `gainOpen`: what it gives is not computed. */
export interface RewriteRequest {
  action: string;
  resource: string;
  context?: RequestContext;
  gainOpen?: true;
  /** Why what it gives is not known, when the inputs leave it open (escalation-gain.ts `groupGain`). */
  why?: string;
}

/** A customer managed policy a new (or another default) version of which changes what a principal may do. */
export interface RewritablePolicy {
  arn: string;
  /**
   * Set when the policy is not known (an attachment whose policy ARN is unknown, a group the
   * inputs do not define, an unknown boundary): `arn` then stands for any policy of the
   * principal's account (an unknown path and name, matched by the rule for unknown name parts,
   * engine/unknown-names.ts), and what a new version gives is open, with why.
   */
  why?: string;
}

/**
 * The customer managed policies a new default version of which (Rhino Security Labs methods 1
 * and 2) changes what `p` may do: those attached to it or to a group it is or may be in, as the
 * engine gathers its identity policies (`Engine.principalSideOf`, engine/policy-sets.ts
 * `IdentityIndex.managedArns`), defined in the inputs or not, and its permissions boundary; not
 * AWS managed policies (AWS owns their versions). A managed policy that applies but is not known
 * by ARN (`IdentityIndex.unknownManaged`, an unknown boundary) may be any customer managed policy
 * of its account ("You can attach customer managed policies only in the same account": a stand-in
 * of an unknown name), never left out: the review and the escalation graph read this one list.
 * IAM API Reference, CreatePolicyVersion: "Creates a new version of the specified managed policy.
 * To update a managed policy, you create a new policy version."
 */
export function rewritablePolicies(engine: Engine, p: User | Role): RewritablePolicy[] {
  const identity = engine.principalSideOf(p).identity;
  const boundary = p.permissionsBoundary?.policyArn;
  const out = new Map<string, RewritablePolicy>();
  const known = [...(identity?.managedArns ?? [])];
  if (boundary !== undefined && !isUnknown(boundary)) known.push(boundary);
  for (const arn of known) if (!arn.includes(':iam::aws:')) out.set(arn, { arn });
  const unknown = [...(identity?.unknownManaged ?? [])];
  if (isUnknown(boundary)) unknown.push(boundary);
  if (unknown.length) {
    const hint = `policy-of-${p.kind}-${p.name}`;
    const arn = `arn:${engine.model.partition}:iam::${p.account}:policy${unknownPath(hint)}${unknownNamePart(hint)}`;
    const more = unknown.length > 1 ? `, and ${unknown.length - 1} more` : '';
    out.set(arn, {
      arn,
      why: `a managed policy that applies to ${p.kind} ${p.name} is not known (${unknown[0]!.reason}${more}): it may be a customer managed policy of its account, which a new version rewrites`,
    });
  }
  return [...out.values()];
}

/**
 * The groups `p` is in whose permissions are its own (Rhino Security Labs methods 8 and 11: a
 * policy attached to or written on a group it is in): its groups of the model, certain or maybe
 * (`groupIdsOf`), and for a membership whose group is not known (`User.unknownGroups`) a stand-in
 * group of its account, of an unknown path and name (matched by the rule for unknown name parts,
 * engine/unknown-names.ts), never left out. The review and the escalation graph read this one list.
 */
export function ownGroupArns(model: Model, p: User | Role): string[] {
  if (p.kind !== 'user') return [];
  // A group's id is its ARN (model/builder.ts: element ids are their ARNs).
  const out = [...groupIdsOf(p)];
  if (p.unknownGroups.length) {
    const hint = `group-of-user-${p.name}`;
    out.push(`arn:${model.partition}:iam::${p.account}:group${unknownPath(hint)}${unknownNamePart(hint)}`);
  }
  return out;
}

/**
 * The groups of the model `p` may join to gain their policies (Rhino Security Labs 13,
 * iam:AddUserToGroup): every group it is not surely in. A membership that might not exist
 * (`User.maybeGroups`) may not be there, so that group's policies are not surely its own and
 * joining may give them (IAM User Guide, "IAM user groups": "any user in that user group
 * automatically has the permissions that are assigned to the user group"). None for a role. The
 * review and the escalation graph read this one list.
 */
export function groupsToJoin(model: Model, p: User | Role): Group[] {
  if (p.kind !== 'user') return [];
  return model.groups.filter((g) => !p.groups.includes(g.id));
}

/**
 * The requests that change the permissions of `target`, a user or role of the model: the table's
 * self-permissions methods (Rhino Security Labs 1, 2, 7–13) on it, in table order: a new or
 * another default version of a customer managed policy attached to it (or to a group of the
 * user), writing or attaching a policy on it or on a group it is in, adding the user to a group
 * it is not in.
 */
function rewriteRequests(engine: Engine, target: string): RewriteRequest[] {
  const model = engine.model;
  const self: User | Role | undefined =
    model.users.find((u) => u.arn === target) ?? model.roles.find((r) => r.arn === target);
  if (!self) return [];
  const requests: RewriteRequest[] = [];
  for (const m of methodsOf('self-permissions')) {
    if (m.appliesTo !== 'any' && m.appliesTo !== self.kind) continue;
    const action = m.actions[0]!;
    const on = (resources: readonly string[]) => {
      for (const resource of resources)
        for (const x of rewriteSteps(model.partition, action, resource))
          requests.push({ ...x.step, ...(x.gainOpen ? { gainOpen: x.gainOpen } : {}) });
    };
    switch (m.targets.kind) {
      case 'self':
        on([self.arn]);
        break;
      case 'self-bounded':
        // Decided with iam:PermissionsBoundary set (escalation-harmless-choice.ts, the review's rule).
        if (self.permissionsBoundary)
          for (const context of selfBoundaryContexts(engine, self, action))
            requests.push({ action, resource: self.arn, ...(context ? { context } : {}) });
        break;
      case 'own-groups':
        on(ownGroupArns(model, self));
        break;
      case 'other-groups':
        // What joining gives (escalation-gain.ts `groupGain`, the review's rule): a group that
        // gives nothing is no rewrite; one whose gain is not known, an open one.
        if (self.kind === 'user') {
          const gainOf = groupGainsOf(engine, self);
          for (const g of groupsToJoin(model, self)) {
            const gain = gainOf(g);
            if (gain.gives === 'nothing') continue;
            requests.push({
              action,
              resource: g.arn,
              ...(gain.gives === 'unknown' ? { gainOpen: true as const, why: gain.why } : {}),
            });
          }
        }
        break;
      case 'attached-customer-policies':
        // A new version of its customer managed boundary widens the boundary too.
        for (const policy of rewritablePolicies(engine, self))
          for (const x of rewriteSteps(model.partition, action, policy.arn))
            requests.push({
              ...x.step,
              ...(x.gainOpen || policy.why ? { gainOpen: true as const } : {}),
              ...(policy.why ? { why: policy.why } : {}),
            });
        break;
    }
  }
  return requests;
}

/**
 * Can `from` change the permissions of `target` (itself, or a principal it can become)? The
 * first request that does and its decision; undefined when every one is denied.
 */
export function permissionRewrite(
  engine: Engine,
  from: string,
  target: string,
): { request: RewriteRequest; decision: FreeDecision } | undefined {
  return firstAllowed(engine, from, rewriteRequests(engine, target));
}

/** Can `from` change its own permissions? (see the module comment) */
function selfPermissions(engine: Engine, from: string): FreeDecision | undefined {
  return permissionRewrite(engine, from, from)?.decision;
}

/**
 * The roles and users the edges lead to: the inputs' own (an open-account stand-in,
 * model/open-accounts.ts, is a principal of the checks, not a role or user to become, as for
 * other accounts' roles), and the roles some edge kinds can reach at all (once per engine):
 * those a compute service of `PASS_ROLE_COMPUTE` may assume, those an EC2 instance runs with,
 * those existing compute runs with, those Lambda may assume.
 */
interface EdgeTargets {
  roles: Role[];
  users: User[];
  passable: Set<Role>;
  onInstances: Set<Role>;
  used: Set<Role>;
  lambda: Set<Role>;
  /**
   * The roles in any of those four sets, in model order: the only ones an edge other than
   * update-trust can lead to (`methodEdges` walks them alone when update-trust is out).
   */
  reachable: Role[];
}
const targetsMemo = new WeakMap<Engine, EdgeTargets>();
function edgeTargets(engine: Engine): EdgeTargets {
  const known = targetsMemo.get(engine);
  if (known) return known;
  const model = engine.model;
  const roles = model.roles.filter((r) => !isOpenAccountStandIn(r));
  const passable = new Set(roles.filter((r) => servicesOf(r).some((s) => PASS_ROLE_COMPUTE[s])));
  const onInstances = new Set(roles.filter((r) => r.instanceProfiles.some((p) => p.usedBy.length)));
  const used = new Set(roles.filter((r) => r.usedBy.length || mayRunUnlinkedUse(model, r)));
  const lambda = new Set(roles.filter((r) => servicesOf(r).includes('lambda.amazonaws.com')));
  const out: EdgeTargets = {
    roles,
    users: model.users.filter((u) => !isOpenAccountStandIn(u)),
    passable,
    onInstances,
    used,
    lambda,
    reachable: roles.filter((r) => passable.has(r) || onInstances.has(r) || used.has(r) || lambda.has(r)),
  };
  targetsMemo.set(engine, out);
  return out;
}

/**
 * The edges out of `from` that a method of the table makes (escalation-methods.ts): pass-role,
 * update-trust, ssm, update-code, credentials and stack-role; not assume (chains.ts) nor
 * self-permissions.
 * Options (the review's, escalation-chains.ts, which follows these edges after role chains):
 * `mayAct(action)`, false only when no identity Allow of `from` may match the action (the edges
 * of a kind none of whose actions it may be allowed are not looked for, but update-code: a
 * function's resource-based policy may grant it); `mayMake(action, resource)`, false only where
 * the request is surely denied to `from` (no decision is made for it); `unlinked: false` leaves
 * out the indeterminate edges through functions whose role the inputs do not link (the review
 * reports replacing their code as Rhino Security Labs 17 on the function itself); `outside: false`
 * the edges onto a role outside the inputs that compute of theirs runs as (`outsideRoles`; the
 * review reports them as the method's own findings, open with why).
 */
export function methodEdges(
  engine: Engine,
  from: string,
  options: {
    mayAct?: (action: string) => boolean;
    mayMake?: (action: string, resource: string) => boolean;
    unlinked?: boolean;
    outside?: boolean;
  } = {},
): BecomeEdge[] {
  const mayAct = options.mayAct ?? (() => true);
  const mayMake = options.mayMake ?? (() => true);
  const t = edgeTargets(engine);
  const acts = (how: EscalationEdge) => methodsOf(how).some((m) => m.actions.some(mayAct));
  // iam:PassRole is needed by every pass-role edge (roles have no resource-based policy).
  const pass = mayAct('iam:PassRole') && mayMake('iam:PassRole', '*');
  const trust = acts('update-trust');
  const ssm = acts('ssm');
  const unlinked = options.unlinked === false ? [] : replaceableUnlinked(engine, from, mayMake);
  const out: BecomeEdge[] = [];
  // Without update-trust, a role in none of the sets below has no edge (most roles of a large
  // organisation): only the others are walked, in the same order.
  for (const role of trust ? t.roles : t.reachable) {
    if (role.arn === from) continue;
    if (pass && t.passable.has(role)) out.push(...passRoleEdgesTo(engine, from, role));
    if (trust) out.push(...methodEdge(engine, from, role, 'update-trust', mayMake));
    if (ssm && t.onInstances.has(role)) out.push(...methodEdge(engine, from, role, 'ssm', mayMake));
    if (t.used.has(role) || (unlinked.length && t.lambda.has(role)))
      out.push(...updateCodeEdges(engine, from, role, unlinked, mayMake));
  }
  // Compute running as a role outside the inputs (`outsideRoles`): an edge onto that role.
  if (options.outside !== false)
    for (const how of ['update-code', 'ssm'] as const)
      if (acts(how))
        for (const arn of outsideRoles(engine.model).keys())
          if (arn !== from)
            out.push(
              ...requestEdges(
                engine,
                from,
                arn,
                how,
                (m) => outsideRoleRequests(engine.model, m, arn),
                mayMake,
              ),
            );
  if (acts('credentials'))
    for (const user of t.users)
      if (user.arn !== from) out.push(...methodEdge(engine, from, user, 'credentials', mayMake));
  if (engine.model.stackRoles?.length && acts('stack-role'))
    out.push(...stackRoleEdges(engine, from, mayMake));
  return out;
}

/** Every edge out of `from` (see the module comment). */
export function becomeEdges(engine: Engine, from: string): BecomeEdge[] {
  // A role outside the inputs decides nothing as a principal: what it may do is unknown.
  const outside = outsideRoles(engine.model).get(from);
  if (outside) return outsideOnwardEdges(engine, from, outside);
  const { roles } = edgeTargets(engine);
  const out: BecomeEdge[] = [];
  for (const role of roles) {
    if (role.arn === from) continue;
    const hop = decideHop(engine, from, role.arn);
    if (hop.access !== 'deny')
      out.push({
        from,
        to: role.arn,
        how: 'assume',
        via: hop.action ?? 'sts:AssumeRole',
        access: hop.access,
        conditions: hop.conditions,
        conditionFacts: [...hopConditionFacts(hop)],
        ...(hopConditionKeys(hop).length ? { conditionKeys: hopConditionKeys(hop) } : {}),
        grants: hop.grants,
        ...(hop.reasons ? { why: hop.why ?? hop.reasons.map(reasonLine), reasons: hop.reasons } : {}),
      });
  }
  out.push(...methodEdges(engine, from));
  const self = selfPermissions(engine, from);
  if (self)
    for (const role of roles)
      if (role.arn !== from && !out.some((e) => e.to === role.arn && e.access === 'allow'))
        out.push(
          edge(
            from,
            role.arn,
            'self-permissions',
            'rewriting its own permissions, then any request',
            [self],
            'indeterminate',
          ),
        );
  return out;
}

export interface BecomePath {
  to: string;
  path: BecomeEdge[];
  /** Worst step of the path (allow only if every edge allows). */
  access: Access;
  /** For a check that weighs what the end gains (spec `noEscalation`): why that gain is undecided. */
  endReasons?: MatrixReason[];
}

/**
 * Every principal `from` can become, each with its best path (fewest uncertain steps, then
 * shortest), up to `maxDepth` edges (default 6).
 */
export function becomePaths(engine: Engine, from: string, maxDepth = 6): BecomePath[] {
  const best = new Map<string, BecomePath>();
  const cache = new Map<string, BecomeEdge[]>();
  const edgesOf = (x: string) => {
    let e = cache.get(x);
    if (!e) {
      e = becomeEdges(engine, x);
      cache.set(x, e);
    }
    return e;
  };
  let frontier: BecomePath[] = [{ to: from, path: [], access: 'allow' }];
  for (let depth = 0; depth < maxDepth && frontier.length; depth++) {
    const next: BecomePath[] = [];
    for (const node of frontier)
      for (const e of edgesOf(node.to)) {
        if (e.to === from || node.path.some((h) => h.to === e.to)) continue;
        const access = combineAccess([node.access, e.access]);
        const prev = best.get(e.to);
        if (prev && accessRank(prev.access) >= accessRank(access)) continue;
        const p = { to: e.to, path: [...node.path, e], access };
        best.set(e.to, p);
        next.push(p);
      }
    frontier = next;
  }
  return [...best.values()];
}
