// Resources that run with a role, Terraform side: for each type of src/aws/role-uses.ts, the role
// its attribute names is recorded on the role as used by the resource, with the attribute's
// source: the ARN when known, else (unknown in a plan, or set from an expression) the one role the
// configuration refers to; otherwise the builder reports the use as unlinked
// (model/unlinked-role-use), or a finding says the role is not set. A resource that runs one of
// them (an aws_ecs_service's task_definition: a reference to an aws_ecs_task_definition of the
// configuration, or its family:revision / ARN) is recorded as its runner.

import {
  ECS_CLUSTER,
  ECS_DEFAULT_CLUSTER,
  ecsClusterName,
  ROLE_USE_RUNNERS,
  ROLE_USES,
  type RoleUseDescription,
  type RoleUseRunnerDescription,
  taskDefinitionFamily,
} from '../../../aws/role-uses.js';
import { isUnknown, type Maybe, Unknown } from '../../../model/unknown.js';
import type { TfInstance } from '../instances.js';
import { type TfLoadState, str } from './context.js';
import { regionOf } from './instance-region.js';
import { unknownResourceName } from '../eval/computed.js';

type Handler = (ctx: TfLoadState, inst: TfInstance) => void;

/** The values at `path` under an attribute (`*` = each item of a list). */
function valuesAt(value: unknown, path: readonly string[]): unknown[] {
  if (value === undefined || value === null) return [];
  if (!path.length || isUnknown(value)) return [value];
  const [head, ...rest] = path;
  if (head === '*') return Array.isArray(value) ? value.flatMap((v) => valuesAt(v, rest)) : [];
  if (typeof value !== 'object' || Array.isArray(value)) return [];
  return valuesAt((value as Record<string, unknown>)[head!], rest);
}

function link(ctx: TfLoadState, inst: TfInstance, use: RoleUseDescription): void {
  const [attr, ...rest] = use.tf!.role;
  const source = inst.attrSource(attr!);
  const name = (use.tf!.name && str(inst.values, use.tf!.name)) || inst.address;
  const values = valuesAt(inst.values[attr!], rest).filter((v) => v !== '');
  const refs = ctx.referenced(inst, attr!, ['role']);
  let roles: Maybe<string>[] = values.filter(
    (v): v is Maybe<string> => typeof v === 'string' || isUnknown(v),
  );
  // A value the plan does not know, or none, and one role the configuration refers to: that role.
  if (refs.length === 1 && !roles.some((r) => typeof r === 'string')) roles = [refs[0]!.id];
  for (const role of roles)
    ctx.builder.linkRoleUse(role, {
      kind: use.kind,
      name,
      arn: inst.address,
      service: use.service,
      region: regionOf(ctx, inst.values),
      source,
    });
}

/** What `inst` runs: the address of the instance it refers to (its uses' `arn`), else the family (their `name`). */
function runsWhat(inst: TfInstance, runner: RoleUseRunnerDescription): string | undefined {
  const types = new Set(ROLE_USES.filter((u) => runner.runs.includes(u.kind)).map((u) => u.tf?.type));
  const refs = inst
    .references(runner.tf.runs)
    .filter((a) => [...types].some((t) => t && (a.startsWith(`${t}.`) || a.includes(`.${t}.`))));
  if (refs.length === 1) return refs[0];
  const value = str(inst.values, runner.tf.runs);
  return value ? taskDefinitionFamily(value) : undefined;
}

/** A boolean attribute: true, false or left out (false), else unknown (not known until apply). */
function flagOf(inst: TfInstance, attr: string): Maybe<boolean> {
  const v = inst.values[attr];
  if (v === undefined || v === null || v === false) return false;
  if (v === true) return true;
  if (isUnknown(v)) return v;
  return new Unknown(`${attr} of ${inst.address} is not a known boolean`, inst.attrSource(attr));
}

/** The ECS cluster names of the configuration, by address (`ROLE_USE_ELEMENTS`), per load. */
const clusterNames = new WeakMap<TfLoadState, Map<string, string | undefined>>();

/**
 * The cluster `inst`'s `attr` names (aws/role-uses.ts `ecsExecRoutes`): left out, the default
 * cluster ("cluster - (Optional) ARN of an ECS cluster"; the API: "If you do not specify a
 * cluster, the default cluster is assumed"); a name or ARN, its name; a reference to an
 * aws_ecs_cluster of the configuration (its ARN is known only after apply), that cluster's name;
 * anything else unknown.
 */
function clusterOf(ctx: TfLoadState, inst: TfInstance, attr: string): Maybe<string> {
  const v = inst.values[attr];
  if (typeof v === 'string' && v) return ecsClusterName(v);
  const refs = inst
    .references(attr)
    .filter((a) => a.startsWith(`${ECS_CLUSTER.tf.type}.`) || a.includes(`.${ECS_CLUSTER.tf.type}.`));
  const names = clusterNames.get(ctx);
  if (refs.length === 1) {
    const name = names?.get(refs[0]!);
    if (name) return name;
    return new Unknown(`the name of ${refs[0]} is not known`, inst.attrSource(attr));
  }
  if (v === undefined || v === null) return ECS_DEFAULT_CLUSTER;
  if (isUnknown(v)) return v;
  return new Unknown(`${attr} of ${inst.address} is not known`, inst.attrSource(attr));
}

function linkRunner(ctx: TfLoadState, inst: TfInstance, runner: RoleUseRunnerDescription): void {
  const use = runsWhat(inst, runner);
  if (!use) return;
  const named = runner.tf.name ? str(inst.values, runner.tf.name) : undefined;
  // A name the plan leaves unknown: its ARN's name is an unknown name part, not the address.
  const arnName = named
    ? undefined
    : unknownResourceName(inst.values, runner.tf.name ?? 'name', inst.address);
  ctx.builder.linkRoleUseRunner({
    kinds: runner.runs,
    use,
    runner: {
      label: runner.label,
      name: named || inst.address,
      ...(arnName ? { arnName } : {}),
      source: inst.attrSource(runner.tf.runs),
      ...(runner.tf.executeCommand ? { executeCommand: flagOf(inst, runner.tf.executeCommand) } : {}),
      ...(runner.tf.cluster ? { cluster: clusterOf(ctx, inst, runner.tf.cluster) } : {}),
    },
  });
}

const byType = new Map<string, RoleUseDescription[]>();
for (const u of ROLE_USES) if (u.tf) byType.set(u.tf.type, [...(byType.get(u.tf.type) ?? []), u]);
const runnerByType = new Map(ROLE_USE_RUNNERS.map((r) => [r.tf.type, r]));

/** Element-phase handlers: the ECS clusters' names, read by the runners' links. */
export const ROLE_USE_ELEMENTS: Readonly<Record<string, Handler>> = {
  [ECS_CLUSTER.tf.type]: (ctx, inst) => {
    let names = clusterNames.get(ctx);
    if (!names) {
      names = new Map();
      clusterNames.set(ctx, names);
    }
    names.set(inst.address, str(inst.values, ECS_CLUSTER.tf.name));
  },
};

/** Link-phase handlers (every role exists by then). */
export const ROLE_USE_LINKS: Readonly<Record<string, Handler>> = Object.fromEntries([
  ...[...byType].map(([type, uses]) => [
    type,
    (ctx: TfLoadState, inst: TfInstance) => {
      for (const u of uses) link(ctx, inst, u);
    },
  ]),
  ...[...runnerByType].map(([type, runner]) => [
    type,
    (ctx: TfLoadState, inst: TfInstance) => linkRunner(ctx, inst, runner),
  ]),
]);
