// Pass-role starts on compute that exists already (escalation-methods.ts `ComputeRequest.existing`:
// lambda:UpdateFunctionConfiguration with a new execution role, ec2:AssociateIamInstanceProfile /
// ReplaceIamInstanceProfileAssociation on an instance, autoscaling:UpdateAutoScalingGroup, ...).
// Such a request escalates only on a resource that exists: on one the inputs define it is a sure
// start; on any other name its policies allow (a pattern, the probe name for `*`) the resource may
// or may not exist, so the start stays open, with why: "on an existing resource matching P", P the
// Resource pattern of the principal's policies that allows it. The inputs' compute is the model's
// resources, EKS clusters and role uses (with the ECS services running them), each in its own
// Region (`RoleUse.region`), and the EC2 instances using an instance profile
// (`InstanceProfileUse.instance`, their ids unknown name parts); a use whose Region is open is
// tried but never sure. Owns `inputResourcesMatching`,
// `inputResourcesFor` and `existingOpen`, used by escalation-start-names.ts `withStartNames`.

import type { Engine } from '../engine/engine.js';
import type { Model, Role, RoleUse } from '../model/types.js';
import { arnMatches, compileArnText } from '../policy/glob-match.js';
import type { EscalationStep } from './escalation-methods.js';
import { roleUseArn } from './escalation.js';
import { identityResourcePatterns } from './escalation-new-principal.js';
import { UNKNOWN_REGION } from '../model/stand-ins.js';

/**
 * The ARNs of each model's resources, of its EKS clusters (model `eksClusters`, a known ARN) and
 * of the compute its roles run in (`RoleUse.arn`): `sure`, those whose ARN the inputs pin down;
 * `maybe`, a role use whose Region they leave open (no `RoleUse.region`, or Terraform's stand-in
 * for an unknown one): its ARN in the account's Region may name it or a resource of that name in
 * another Region, so a request on it is tried but stays open.
 */
const inputArnsMemo = new WeakMap<Model, { sure: ReadonlySet<string>; maybe: ReadonlySet<string> }>();

function inputArns(model: Model): { sure: ReadonlySet<string>; maybe: ReadonlySet<string> } {
  let out = inputArnsMemo.get(model);
  if (!out) {
    const sure = new Set<string>([
      ...model.resources.map((r) => r.arn),
      ...(model.eksClusters ?? []).flatMap((c) => (typeof c.arn === 'string' && !c.presence ? [c.arn] : [])),
    ]);
    const maybe = new Set<string>();
    // The inputs' resources without a policy (a lifecycle configuration): one that may not be
    // created, or whose Region the inputs leave open, is tried but never sure.
    for (const r of model.plainResources ?? [])
      (r.presence || r.arn.split(':')[3] === UNKNOWN_REGION ? maybe : sure).add(r.arn);
    for (const r of model.roles)
      for (const u of r.usedBy) {
        const arn = roleUseArn(model, r, u);
        if (arn === undefined) continue;
        const regionOpen = !u.arn.startsWith('arn:') && (!u.region || u.region === UNKNOWN_REGION);
        (regionOpen ? maybe : sure).add(arn);
        for (const service of ecsServiceArns(model, r, u)) (regionOpen ? maybe : sure).add(service);
      }
    // The EC2 instances of the inputs, by the id EC2 gives them (an unknown name part: a request
    // allowed on `instance/*` names them, one on some ids only may), in the profile's account.
    for (const r of model.roles)
      for (const p of r.instanceProfiles)
        for (const u of p.usedBy) {
          if (!u.instance) continue;
          const { id, region } = u.instance;
          // A link that is only maybe (another account's profile may be the one used): never sure.
          const open = !region || region === UNKNOWN_REGION || !!u.maybe;
          const inRegion = open
            ? (model.accounts.find((a) => a.id === r.account)?.region ?? UNKNOWN_REGION)
            : region;
          (open ? maybe : sure).add(`arn:${model.partition}:ec2:${inRegion}:${r.account}:instance/${id}`);
        }
    for (const arn of sure) maybe.delete(arn);
    out = { sure, maybe };
    inputArnsMemo.set(model, out);
  }
  return out;
}

/**
 * The ARNs of the ECS services of the inputs that run task definition `u` (`RoleUse.runBy`, in the
 * use's Region and the role's account), where the cluster is known.
 */
function ecsServiceArns(model: Model, role: Role, u: RoleUse): string[] {
  if (u.kind !== 'ecs-task') return [];
  const region = u.region ?? model.accounts.find((a) => a.id === role.account)?.region;
  if (!region) return [];
  return (u.runBy ?? []).flatMap((s) =>
    typeof s.cluster === 'string'
      ? [`arn:${model.partition}:ecs:${region}:${role.account}:service/${s.cluster}/${s.arnName ?? s.name}`]
      : [],
  );
}

/** `pattern` with its Region field any Region (the inputs' resources carry their own). */
function anyRegion(pattern: string): string {
  const f = pattern.split(':');
  if (f.length >= 6) f[3] = '*';
  return f.join(':');
}

/**
 * The inputs' resources an existing-compute request on `pattern` (`EscalationStep.names`) may
 * name: those of the model whose ARN matches it, in any Region.
 */
export function inputResourcesMatching(model: Model, pattern: string): string[] {
  let memo = matchingMemo.get(model);
  if (!memo) {
    memo = new Map();
    matchingMemo.set(model, memo);
  }
  let out = memo.get(pattern);
  if (!out) {
    out = matching(model, pattern);
    memo.set(pattern, out);
  }
  return out;
}

/** `inputResourcesMatching` by model and pattern. */
const matchingMemo = new WeakMap<Model, Map<string, string[]>>();

/**
 * The inputs' resources of `step` (`inputResourcesMatching` its `names`) that `principal`'s own
 * policies may allow it on (a Resource pattern of an Allow matches), those first, then the others
 * (a resource policy may allow the rest): the names tried first, before a search's limit.
 */
export function inputResourcesFor(engine: Engine, principal: string, step: EscalationStep): string[] {
  if (step.names === undefined) return [];
  const all = inputResourcesMatching(engine.model, step.names);
  const p = principalOf(engine, principal);
  if (!all.length || !p) return all;
  const progs = identityResourcePatterns(engine, p, step.action).map((x) => compileArnText(x));
  const allowed = all.filter((arn) => progs.some((g) => arnMatches(g, arn)));
  return [...allowed, ...all.filter((arn) => !allowed.includes(arn))];
}

const principalOf = (engine: Engine, arn: string) =>
  engine.model.users.find((u) => u.arn === arn) ?? engine.model.roles.find((r) => r.arn === arn);

function matching(model: Model, pattern: string): string[] {
  const prog = compileArnText(anyRegion(pattern));
  const out: string[] = [];
  const { sure, maybe } = inputArns(model);
  for (const arn of [...sure, ...maybe]) {
    if (arnMatches(prog, arn)) out.push(arn);
    // An ECS task definition of the inputs is named by its family; a request names a revision.
    else if (REVISION.test(pattern) && arnMatches(prog, `${arn}:1`)) out.push(`${arn}:1`);
  }
  return out;
}

/** A pattern naming a revision (`task-definition/*:1`). */
const REVISION = /:\d+$/;

/** Whether `arn` is in `arns` (a task definition's revision: its family is). */
function isInputResource(arns: ReadonlySet<string>, arn: string): boolean {
  return arns.has(arn) || (REVISION.test(arn) && arns.has(arn.replace(REVISION, '')));
}

/**
 * Why `steps` may not start anything: each request on existing compute (`existing`) whose resource
 * the inputs do not define, worded with the Resource patterns of `principal`'s policies that match
 * it (`*` for the probe name allowed on any); undefined when there is none.
 */
export function existingOpen(
  engine: Engine,
  principal: string,
  steps: readonly EscalationStep[],
): string | undefined {
  const { sure, maybe } = inputArns(engine.model);
  const p = principalOf(engine, principal);
  const texts = steps
    .filter((s) => s.existing && !isInputResource(sure, s.resource))
    .map((s) => {
      const patterns = p
        ? identityResourcePatterns(engine, p, s.action).filter((x) =>
            arnMatches(compileArnText(x), s.resource),
          )
        : [];
      const matching = patterns.length ? patterns.join(' or ') : (s.names ?? s.resource);
      const why = isInputResource(maybe, s.resource)
        ? 'the inputs define one of that name in a Region they do not pin down: it may be another one, or not exist'
        : 'the inputs define none it names: it may not exist';
      return `${s.action} on an existing resource matching ${matching} (${why})`;
    });
  return texts.length ? texts.join('; ') : undefined;
}
