// The requests of the escalation table's launch-template rows (escalation-methods.ts, targets
// `launch-templates`) onto a role: on each EC2 launch template whose instance profile holds the
// role (`InstanceProfile.usedBy`), as the Auto Scaling groups of the inputs launch it
// (`LaunchTemplateUse.groups`, aws/launch-template-versions.ts `versionRun`). Used by
// escalation.ts `edgeRequests` (the escalation graph and the review alike).

import {
  autoScalingGroupResource,
  type LaunchTemplateVersionRun,
  versionRun,
} from '../aws/launch-template-versions.js';
import { PROBE_NAME, unknownNamePart } from '../model/stand-ins.js';
import type {
  AutoScalingGroupLink,
  InstanceProfile,
  InstanceProfileUse,
  Model,
  Role,
} from '../model/types.js';
import { isUnknown } from '../model/unknown.js';
import type { ArnOf, EscalationStep } from './escalation-methods.js';
import type { EdgeRequest } from './escalation.js';
import type { MatrixReason } from './types.js';

/** How an instance profile's use by a launch template is named (adapters, `InstanceProfile.usedBy`). */
export const LAUNCH_TEMPLATE_USE = 'EC2 launch template';

const openWhy = (text: string, source: MatrixReason['source']): MatrixReason => ({
  kind: 'unknown-value',
  text,
  stage: 'result',
  ...(source ? { source } : {}),
});

/**
 * The requests of a launch-template row whose groups run versions as `runs` says, onto `role`,
 * each an alternative, on the template's ARN `launch-template/ID`: its id where the inputs pin it,
 * else the probe name (any id: a policy allowing it allows every id), tried too on the ids the
 * maker's policies name (`onName`, escalation.ts `withNameCandidates`: open, the id is not known).
 * - `default` (ModifyLaunchTemplate makes a new version the default): sure where a group of the
 *   inputs launches its default version; else open with why (a group's version unknown, or none
 *   linked: whether anyone launches from its default version is not known).
 * - `latest` (a new version alone): one per group launching `$Latest`, or a version unknown (open).
 * - `fixed`: one per group pinned to a number, with autoscaling:UpdateAutoScalingGroup on the group
 *   and iam:PassRole on the role as `also` (a group name unknown: the probe name, open).
 * `actions`: the row's actions, the first made on the template with the others but `also`'s.
 */
export function launchTemplateRequests(
  role: Role,
  runs: LaunchTemplateVersionRun,
  actions: readonly string[],
  arnIn: ArnOf,
): EdgeRequest[] {
  const [action, ...rest] = actions;
  const more = rest.filter((a) => a !== 'autoscaling:UpdateAutoScalingGroup' && a !== 'iam:PassRole');
  return role.instanceProfiles.flatMap((p) =>
    p.usedBy
      .filter((u) => u.kind === LAUNCH_TEMPLATE_USE)
      .flatMap((u) => templateUseRequests({ role, p, u, runs, action: action!, more, arnIn })),
  );
}

/** One launch template's use `u` of instance profile `p` (see `launchTemplateRequests`). */
function templateUseRequests(use: {
  role: Role;
  p: InstanceProfile;
  u: InstanceProfileUse;
  runs: LaunchTemplateVersionRun;
  action: string;
  more: string[];
  arnIn: ArnOf;
}): EdgeRequest[] {
  const { role, p, u, runs, arnIn } = use;
  const groups = u.launchTemplate?.groups ?? [];
  const request = (open: MatrixReason | undefined, also?: EdgeRequest['also']) =>
    templateRequest(use, open, also);
  const runOf = (g: AutoScalingGroupLink) => versionRun(g.version);
  const unknownVersion = groups.filter((g) => isUnknown(runOf(g)));
  const versionWhy = (g: AutoScalingGroupLink) => {
    const r = runOf(g);
    return openWhy(
      `the launch template version Auto Scaling group ${typeof g.name === 'string' ? g.name : '(name unknown)'} launches of EC2 launch template ${u.name} is not known${isUnknown(r) ? `: ${r.reason}` : ''}`,
      (isUnknown(g.version) ? g.version.source : undefined) ?? g.source,
    );
  };
  // A group that may launch another template instead (`AutoScalingGroupLink.maybe`): open, with why.
  const maybeWhy = (g: AutoScalingGroupLink) =>
    g.maybe ? openWhy(g.maybe.reason, g.maybe.source ?? g.source) : undefined;
  const sure = groups.filter((g) => !g.maybe);
  const maybeAt = (run: LaunchTemplateVersionRun) => groups.find((g) => g.maybe && runOf(g) === run);
  if (runs === 'default') {
    if (sure.some((g) => runOf(g) === 'default')) return [request(undefined)];
    const maybe = maybeAt('default');
    if (maybe) return [request(maybeWhy(maybe))];
    if (unknownVersion.length) return [request(versionWhy(unknownVersion[0]!))];
    return [
      request(
        openWhy(
          `the id of EC2 launch template ${u.name} (instance profile ${p.name}) is not in the inputs, nor whether an Auto Scaling group or anyone launches instances from its default version${groups.length ? ' (the Auto Scaling groups of the inputs launch other versions)' : ''}`,
          u.source,
        ),
      ),
    ];
  }
  if (runs === 'latest') {
    if (sure.some((g) => runOf(g) === 'latest')) return [request(undefined)];
    const maybe = maybeAt('latest');
    if (maybe) return [request(maybeWhy(maybe))];
    return unknownVersion.slice(0, 1).map((g) => request(versionWhy(g)));
  }
  return groups
    .filter((g) => runOf(g) === 'fixed')
    .map((g) => {
      const name = typeof g.name === 'string' ? g.name : PROBE_NAME;
      const open =
        typeof g.name === 'string'
          ? maybeWhy(g)
          : openWhy(
              `the name of an Auto Scaling group launching EC2 launch template ${u.name} is not known${isUnknown(g.name) ? `: ${g.name.reason}` : ''}`,
              (isUnknown(g.name) ? g.name.source : undefined) ?? g.source,
            );
      return request(open, [
        {
          action: 'autoscaling:UpdateAutoScalingGroup',
          resource: arnIn('autoscaling', autoScalingGroupResource(PROBE_NAME, name)),
        },
        { action: 'iam:PassRole', resource: role.arn },
      ]);
    });
}

/**
 * A request of `use` on its template's ARN (`launch-template/ID`): its id where the inputs pin it,
 * else the probe name with the ids the maker's policies name (`onName`), each open with why.
 */
function templateRequest(
  use: {
    role: Role;
    p: InstanceProfile;
    u: InstanceProfileUse;
    action: string;
    more: string[];
    arnIn: ArnOf;
  },
  open: MatrixReason | undefined,
  also?: EdgeRequest['also'],
): EdgeRequest {
  const { role, p, u, action, more, arnIn } = use;
  const onName = (id: string): EdgeRequest => {
    const idOpen =
      id === PROBE_NAME || id === u.launchTemplate?.id
        ? undefined
        : openWhy(
            `the id of EC2 launch template ${u.name} (instance profile ${p.name}) is not in the inputs; ${id} is one the policy names`,
            u.source,
          );
    const why = open && idOpen ? { ...open, text: `${open.text}; ${idOpen.text}` } : (open ?? idOpen);
    return {
      action,
      resource: arnIn('ec2', `launch-template/${id}`),
      on: `${LAUNCH_TEMPLATE_USE} ${u.name}`,
      more,
      target: role.arn,
      ...(why ? { open: why } : {}),
      ...(also?.length ? { also } : {}),
    };
  };
  const id = u.launchTemplate?.id;
  return id ? onName(id) : { ...onName(PROBE_NAME), onName };
}

/** The action of a group update, asked on a group ARN (`autoScalingGroupResource`). */
const UPDATE_GROUP = 'autoscaling:UpdateAutoScalingGroup';

/**
 * The Auto Scaling groups of the inputs (those linked to a launch template, `LaunchTemplateUse.groups`)
 * as names in a group ARN: a known name, or an unknown name part the engine decides as any name
 * (engine/unknown-names.ts) for one the inputs leave unknown (a name CloudFormation generates).
 */
export function inputGroupNames(model: Model): string[] {
  const out = new Set<string>();
  for (const r of model.roles)
    for (const p of r.instanceProfiles)
      for (const u of p.usedBy)
        for (const g of u.launchTemplate?.groups ?? [])
          out.add(typeof g.name === 'string' ? g.name : unknownNamePart(`autoscaling-group-${u.name}`));
  return [...out];
}

/**
 * `steps` (a method's start on new compute, its group request on the probe group: the groups
 * outside the inputs) and, when they update a group (autoscaling:UpdateAutoScalingGroup), the same
 * steps on each Auto Scaling group of the inputs (`inputGroupNames`): a policy scoped to named
 * groups allows the update of those, not of the probe.
 */
export function withInputGroups(model: Model, steps: EscalationStep[], arnOf: ArnOf): EscalationStep[][] {
  if (!steps.some((s) => s.action === UPDATE_GROUP)) return [steps];
  return [
    steps,
    ...inputGroupNames(model).map((name) =>
      steps.map((s) =>
        s.action === UPDATE_GROUP
          ? { ...s, resource: arnOf('autoscaling', autoScalingGroupResource(PROBE_NAME, name)) }
          : s,
      ),
    ),
  ];
}
