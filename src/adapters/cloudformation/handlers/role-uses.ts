// Resources that run with a role, CloudFormation side: for each type of src/aws/role-uses.ts, the
// role its property names (an ARN, usually `Fn::GetAtt Role.Arn`; a role name where the type
// accepts one, as AWS::Glue::Job's Role does) is recorded on the role as used by the resource, with
// the property's source. An unknown role is reported by the builder (model/unlinked-role-use).
// A resource that runs one of them (an ECS service's TaskDefinition: a `Ref` to a task definition
// of the stack, or its family:revision / ARN) is recorded as its runner.

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
import { type Maybe, Unknown } from '../../../model/unknown.js';
import { isRecord, NO_VALUE, type Resolved, scalarString, type Value } from '../values.js';
import type { CfnResourceScope, ResourceHandler } from './scope.js';
import { physicalName } from '../resource-identity.js';

/** The role values at `path` (`*` = each item of a list) with their property paths. */
function roleValues(
  value: Resolved | undefined,
  path: readonly string[],
  at: (string | number)[],
): { value: string | Unknown; at: (string | number)[] }[] {
  if (value === undefined || value === null || value === NO_VALUE) return [];
  if (value instanceof Unknown) return [{ value, at }];
  if (!path.length) {
    const s = scalarString(value as Value);
    return s === undefined ? [] : [{ value: s, at }];
  }
  const [head, ...rest] = path;
  if (head === '*')
    return Array.isArray(value) ? value.flatMap((v, i) => roleValues(v as Resolved, rest, [...at, i])) : [];
  if (!isRecord(value)) return [];
  return roleValues((value as Record<string, Resolved>)[head!], rest, [...at, head!]);
}

function roleArnOf(scope: CfnResourceScope, partition: string, value: string | Unknown): string | Unknown {
  if (value instanceof Unknown || value.startsWith('arn:')) return value;
  return `arn:${partition}:iam::${scope.account}:role/${value}`;
}

function handlerFor(uses: readonly RoleUseDescription[]): ResourceHandler {
  return {
    attach(scope) {
      for (const use of uses) {
        const [first, ...rest] = use.cfn!.role;
        const name = use.cfn!.name ? scope.str(use.cfn!.name) : undefined;
        const label = typeof name === 'string' ? name : scope.logicalId;
        for (const r of roleValues(scope.prop(first!), rest, [first!])) {
          scope.builder.linkRoleUse(roleArnOf(scope, scope.ctx.partition, r.value), {
            kind: use.kind,
            name: label,
            // Not a model resource: its name stands for it.
            arn: label,
            service: use.service,
            region: scope.ctx.region,
            source: scope.sourceOf(...r.at),
          });
        }
      }
    },
  };
}

/** How a use of the resource `logicalId` of the stack names it (as `handlerFor` does). */
function useLabelOf(scope: CfnResourceScope, logicalId: string): string {
  const resource = scope.ctx.resources.get(logicalId);
  const property = resource && ROLE_USES.find((u) => u.cfn?.type === resource.type)?.cfn?.name;
  const name = property ? scope.ctx.property(logicalId, property) : undefined;
  return typeof name === 'string' ? name : logicalId;
}

/** A boolean property: true / "true", false / "false" or left out (false), else unknown. */
function flagOf(scope: CfnResourceScope, name: string): Maybe<boolean> {
  const v = scope.prop(name);
  if (v === undefined || v === NO_VALUE || v === null || v === false || v === 'false') return false;
  if (v === true || v === 'true') return true;
  if (v instanceof Unknown) return v;
  return new Unknown(`${name} of ${scope.logicalId} is not a known boolean`, scope.sourceOf(name));
}

/**
 * The cluster a runner's `property` names (aws/role-uses.ts `ecsExecRoutes`): left out, the
 * default cluster; a `Ref` or `Fn::GetAtt` to an AWS::ECS::Cluster of the stack, its ClusterName
 * (without one, "AWS CloudFormation generates a unique physical ID for the name": unknown); a
 * name or ARN, its name; anything else unknown.
 */
function clusterOf(scope: CfnResourceScope, property: string): Maybe<string> {
  const raw = scope.resource.properties[property] as Value | undefined;
  if (raw === undefined || raw === null) return ECS_DEFAULT_CLUSTER;
  const ref = isRecord(raw) ? (raw as Record<string, unknown>) : undefined;
  const getAtt = ref?.['Fn::GetAtt'];
  const target =
    typeof ref?.Ref === 'string'
      ? ref.Ref
      : Array.isArray(getAtt) && typeof getAtt[0] === 'string'
        ? getAtt[0]
        : typeof getAtt === 'string'
          ? getAtt.split('.')[0]
          : undefined;
  if (target && scope.ctx.resources.get(target)?.type === ECS_CLUSTER.cfn.type) {
    const name = scope.ctx.property(target, ECS_CLUSTER.cfn.name);
    if (typeof name === 'string') return name;
    return new Unknown(
      `ECS cluster ${target} sets no ${ECS_CLUSTER.cfn.name}: CloudFormation generates its name`,
      scope.sourceOf(property),
    );
  }
  const v = scope.str(property);
  if (typeof v === 'string') return ecsClusterName(v);
  if (v instanceof Unknown) return v;
  return new Unknown(`${property} of ${scope.logicalId} is not a known string`, scope.sourceOf(property));
}

function runnerHandlerFor(runner: RoleUseRunnerDescription): ResourceHandler {
  return {
    attach(scope) {
      const raw = scope.resource.properties[runner.cfn.runs];
      const name = runner.cfn.name ? scope.str(runner.cfn.name) : undefined;
      // A name CloudFormation generates or the template leaves unknown: its ARN's name has unknown parts.
      const arnName =
        typeof name === 'string'
          ? undefined
          : physicalName(scope.ctx.scopeOf(scope.resource), runner.cfn.name).name;
      let use: string | undefined;
      // `{"Ref": TaskDef}`: the task definition of this stack, named as its uses are.
      if (isRecord(raw as Value) && typeof (raw as Record<string, unknown>).Ref === 'string')
        use = useLabelOf(scope, (raw as Record<string, string>).Ref!);
      else {
        const value = scope.str(runner.cfn.runs);
        if (typeof value === 'string') use = taskDefinitionFamily(value);
      }
      if (!use) return;
      scope.builder.linkRoleUseRunner({
        kinds: runner.runs,
        use,
        runner: {
          label: runner.label,
          name: typeof name === 'string' ? name : scope.logicalId,
          ...(arnName ? { arnName } : {}),
          source: scope.sourceOf(runner.cfn.runs),
          ...(runner.cfn.executeCommand ? { executeCommand: flagOf(scope, runner.cfn.executeCommand) } : {}),
          ...(runner.cfn.cluster ? { cluster: clusterOf(scope, runner.cfn.cluster) } : {}),
        },
      });
    },
  };
}

const byType = new Map<string, RoleUseDescription[]>();
for (const u of ROLE_USES) if (u.cfn) byType.set(u.cfn.type, [...(byType.get(u.cfn.type) ?? []), u]);

export const ROLE_USE_HANDLERS: Readonly<Record<string, ResourceHandler>> = Object.fromEntries([
  ...[...byType].map(([type, uses]) => [type, handlerFor(uses)]),
  ...ROLE_USE_RUNNERS.map((r) => [r.cfn.type, runnerHandlerFor(r)]),
]);
