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
//   datapipeline:CreatePipeline, states:CreateStateMachine) on a resource the inputs do not name. When PassRole is allowed but no start request is, the edge is
//   indeterminate (a start permission scoped to names the probe does not have may exist);
// - update-trust: iam:UpdateAssumeRolePolicy on the role (rewrite its trust to let oneself in);
// - credentials: iam:CreateAccessKey, iam:CreateLoginProfile or iam:UpdateLoginProfile on another
//   user (act as that user);
// - ssm: ssm:SendCommand or ssm:StartSession on an EC2 instance whose instance profile holds the role;
// - update-code: lambda:UpdateFunctionCode on a Lambda function of the inputs that runs with the role
//   (Rhino method 17, "Updating the code of an existing Lambda function": the new code runs with the
//   function's execution role; no iam:PassRole is needed, the role is already the function's), or
//   codebuild:StartBuild / StartBuildBatch on a CodeBuild project whose service role it is (a build
//   with one's own buildspec, `RUN_CODE_AS_ROLE`). A
//   function whose execution role the inputs do not link (unknown, `model/unlinked-role-use`) may
//   run as any role Lambda is trusted to assume: an indeterminate edge to each;
// - self-permissions: changing one's own policies (iam:PutUserPolicy / AttachUserPolicy /
//   PutRolePolicy / AttachRolePolicy on oneself, iam:CreatePolicyVersion on an attached customer
//   managed policy, iam:AddUserToGroup) gives any permission the boundary and SCPs allow, so it is
//   an indeterminate edge to every role (what the new permissions reach is not computed).
// Every decision is made under a free request context (free-decision.ts): Deny statements,
// boundaries, SCPs and RCPs count. The graph over-approximates where it cannot pin a step down
// (indeterminate edges), so a check built on it never passes where a path exists.

import type { Engine } from '../engine/engine.js';
import type { Request } from '../engine/types.js';
import { isOpenAccountStandIn } from '../model/open-accounts.js';
import { PLACEHOLDER_REGION, PROBE_NAME } from '../model/stand-ins.js';
import type { Role, RoleUseKind, User } from '../model/types.js';
import { accessRank, combineAccess, decideHop, trustedServices } from './chains.js';
import { type ArnOf, ESCALATION_METHODS, PASS_ROLE_COMPUTE } from './escalation-methods.js';
import { decideAnyContext } from './free-decision.js';
import type { Access, FreeDecision, StatementRef } from './types.js';

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
    // Writing a resource's policy to grant oneself access (spec/check-escalation.ts only).
    | 'resource-policy';
  /** The requests the edge needs, e.g. `iam:PassRole + lambda:CreateFunction`. */
  via: string;
  access: Access;
  conditions: string[];
  grants: StatementRef[];
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
  return {
    from,
    to,
    how,
    via,
    access: access ?? combineAccess(ds.map((d) => d.access)),
    conditions: ds.flatMap((d) => d.conditions),
    grants: ds.flatMap((d) => d.grants),
  };
}

/**
 * The requests that take over another user (keys, console password): the actions of the methods
 * of escalation-methods.ts tried on other users (Rhino Security Labs 4, 5, 6), in table order.
 */
const CREDENTIAL_ACTIONS = ESCALATION_METHODS.filter((m) => m.targets.kind === 'other-users').map(
  (m) => m.actions[0]!,
);

/**
 * The request that replaces an existing Lambda function's code (Rhino Security Labs 17): the action
 * of the escalation-methods.ts method tried on the inputs' Lambda functions.
 */
const UPDATE_CODE_ACTION = ESCALATION_METHODS.find((m) => m.targets.kind === 'lambda-functions')!.actions[0]!;

/**
 * Requests that run code of one's choosing with the role of an existing resource that uses it
 * (`Role.usedBy`), without iam:PassRole (the role is already the resource's), by the use's kind:
 * - a Lambda function: replacing its code (Rhino Security Labs 17, `UPDATE_CODE_ACTION`);
 * - a CodeBuild project: starting a build with a buildspec of one's own (AWS CodeBuild API
 *   Reference, StartBuild `buildspecOverride`: "A buildspec file declaration that overrides the
 *   latest one defined in the build project, for this build only"; StartBuildBatch takes the same
 *   override). The build runs with the project's service role.
 */
const RUN_CODE_AS_ROLE: Partial<
  Record<
    RoleUseKind,
    { label: string; actions: readonly string[]; arnOf: (arn: ArnOf, name: string) => string }
  >
> = {
  'lambda-function': {
    label: 'Lambda function',
    actions: [UPDATE_CODE_ACTION],
    arnOf: (arn, name) => arn('lambda', `function:${name}`),
  },
  'codebuild-project': {
    label: 'CodeBuild project',
    actions: ['codebuild:StartBuild', 'codebuild:StartBuildBatch'],
    arnOf: (arn, name) => arn('codebuild', `project/${name}`),
  },
};

/** The first of `requests` not denied to `from`, with its decision. */
function firstAllowed(engine: Engine, from: string, requests: { action: string; resource: string }[]) {
  for (const r of requests) {
    const d = decide(engine, from, r.action, r.resource);
    if (d.access !== 'deny') return { request: r, decision: d };
  }
  return undefined;
}

function passRoleEdges(engine: Engine, from: string, role: Role, arnIn: ArnOf): BecomeEdge[] {
  const pass = decide(engine, from, 'iam:PassRole', role.arn);
  if (pass.access === 'deny') return [];
  const out: BecomeEdge[] = [];
  for (const service of trustedServices(role)) {
    const compute = PASS_ROLE_COMPUTE[service];
    if (!compute) continue;
    const requests = compute.starts.map((r) => ({
      action: r.action,
      resource: r.resource(arnIn, PROBE_NAME),
    }));
    const start = firstAllowed(engine, from, requests);
    if (start)
      out.push(
        edge(from, role.arn, 'pass-role', `iam:PassRole + ${start.request.action} (${service})`, [
          pass,
          start.decision,
        ]),
      );
    else
      out.push(
        edge(
          from,
          role.arn,
          'pass-role',
          `iam:PassRole to ${service} (no start request allowed on a new resource: ${requests.map((r) => r.action).join(', ')})`,
          [pass],
          'indeterminate',
        ),
      );
  }
  return out;
}

/**
 * The pass-role edges from `from` to `role` (see the module comment), as `becomeEdges` makes
 * them: the start requests name new compute in the role's account and Region.
 */
export function passRoleEdgesTo(engine: Engine, from: string, role: Role): BecomeEdge[] {
  const model = engine.model;
  const region = model.accounts.find((a) => a.id === role.account)?.region ?? PLACEHOLDER_REGION;
  return passRoleEdges(
    engine,
    from,
    role,
    (service, type) => `arn:${model.partition}:${service}:${region}:${role.account}:${type}`,
  );
}

/**
 * Update-code edges (see the module comment): `lambda:UpdateFunctionCode` on each function that
 * runs with `role`; on each function whose role the inputs do not link, an indeterminate edge to
 * every role Lambda is trusted to assume (`unlinked`).
 */
function updateCodeEdges(
  engine: Engine,
  from: string,
  role: Role,
  arnIn: ArnOf,
  unlinked: readonly string[],
): BecomeEdge[] {
  const out: BecomeEdge[] = [];
  for (const use of role.usedBy) {
    const run = RUN_CODE_AS_ROLE[use.kind];
    if (!run) continue;
    // A use of a resource outside the model holds its name, not its ARN (in the role's account).
    const resource = use.arn.startsWith('arn:') ? use.arn : run.arnOf(arnIn, use.name);
    const hit = firstAllowed(
      engine,
      from,
      run.actions.map((action) => ({ action, resource })),
    );
    if (hit)
      out.push(
        edge(from, role.arn, 'update-code', `${hit.request.action} on ${run.label} ${use.name}`, [
          hit.decision,
        ]),
      );
  }
  if (!trustedServices(role).includes('lambda.amazonaws.com')) return out;
  for (const fn of unlinked) {
    const d = decide(engine, from, UPDATE_CODE_ACTION, fn);
    if (d.access !== 'deny')
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
  }
  return out;
}

/** The model's Lambda functions no role of the model is linked to as their execution role. */
function unlinkedFunctions(engine: Engine): string[] {
  const linked = new Set<string>();
  for (const r of engine.model.roles)
    for (const u of r.usedBy) if (u.kind === 'lambda-function') linked.add(u.arn);
  return engine.model.resources
    .filter((r) => r.kind === 'lambda-function' && !linked.has(r.arn))
    .map((r) => r.arn);
}

/**
 * The requests that change the permissions of `target`, a user or role of the model (Rhino
 * Security Labs 1, 7, 9, 10, 12, 13): writing or attaching a policy on it, a new default version
 * of a customer managed policy attached to it, adding the user to a group.
 */
function rewriteRequests(engine: Engine, target: string): { action: string; resource: string }[] {
  const model = engine.model;
  const user = model.users.find((u) => u.arn === target);
  const role = model.roles.find((r) => r.arn === target);
  const requests: { action: string; resource: string }[] = [];
  if (user) {
    requests.push(
      { action: 'iam:PutUserPolicy', resource: user.arn },
      { action: 'iam:AttachUserPolicy', resource: user.arn },
    );
    for (const g of model.groups) requests.push({ action: 'iam:AddUserToGroup', resource: g.arn });
  }
  if (role)
    requests.push(
      { action: 'iam:PutRolePolicy', resource: role.arn },
      { action: 'iam:AttachRolePolicy', resource: role.arn },
    );
  const self = (user ?? role) as User | Role | undefined;
  for (const a of self?.managedPolicies ?? [])
    if (typeof a.policyArn === 'string' && !a.policyArn.includes(':iam::aws:'))
      requests.push({ action: 'iam:CreatePolicyVersion', resource: a.policyArn });
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
): { request: { action: string; resource: string }; decision: FreeDecision } | undefined {
  return firstAllowed(engine, from, rewriteRequests(engine, target));
}

/** Can `from` change its own permissions? (see the module comment) */
function selfPermissions(engine: Engine, from: string): FreeDecision | undefined {
  return permissionRewrite(engine, from, from)?.decision;
}

/** Every edge out of `from` (see the module comment). */
export function becomeEdges(engine: Engine, from: string): BecomeEdge[] {
  const model = engine.model;
  const out: BecomeEdge[] = [];
  const arnIn = (account: string, region: string) => (service: string, type: string) =>
    `arn:${model.partition}:${service}:${region}:${account}:${type}`;
  const unlinked = unlinkedFunctions(engine);
  // Targets are the inputs' roles and users: an open-account stand-in (model/open-accounts.ts)
  // is a principal of the checks, not a role or user to become (as for other accounts' roles).
  const roles = model.roles.filter((r) => !isOpenAccountStandIn(r));
  for (const role of roles) {
    if (role.arn === from) continue;
    const region = model.accounts.find((a) => a.id === role.account)?.region ?? PLACEHOLDER_REGION;
    const hop = decideHop(engine, from, role.arn);
    if (hop.access !== 'deny')
      out.push({
        from,
        to: role.arn,
        how: 'assume',
        via: hop.action ?? 'sts:AssumeRole',
        access: hop.access,
        conditions: hop.conditions,
        grants: hop.grants,
      });
    out.push(...passRoleEdges(engine, from, role, arnIn(role.account, region)));
    const trust = decide(engine, from, 'iam:UpdateAssumeRolePolicy', role.arn);
    if (trust.access !== 'deny')
      out.push(edge(from, role.arn, 'update-trust', 'iam:UpdateAssumeRolePolicy', [trust]));
    if (role.instanceProfiles.some((p) => p.usedBy.length)) {
      const ssm = firstAllowed(engine, from, [
        {
          action: 'ssm:SendCommand',
          resource: arnIn(role.account, region)('ec2', `instance/i-0${PROBE_NAME}`),
        },
        {
          action: 'ssm:StartSession',
          resource: arnIn(role.account, region)('ec2', `instance/i-0${PROBE_NAME}`),
        },
      ]);
      if (ssm)
        out.push(edge(from, role.arn, 'ssm', `${ssm.request.action} on its EC2 instances`, [ssm.decision]));
    }
    out.push(...updateCodeEdges(engine, from, role, arnIn(role.account, region), unlinked));
  }
  for (const user of model.users) {
    if (user.arn === from || isOpenAccountStandIn(user)) continue;
    const cred = firstAllowed(
      engine,
      from,
      CREDENTIAL_ACTIONS.map((action) => ({ action, resource: user.arn })),
    );
    if (cred) out.push(edge(from, user.arn, 'credentials', cred.request.action, [cred.decision]));
  }
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
