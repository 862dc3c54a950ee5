// The requests of the escalation table's launch-template rows (escalation-methods.ts, targets
// `launch-templates`) onto a role: on each EC2 launch template whose instance profile holds the
// role (`InstanceProfile.usedBy`), as the Auto Scaling groups of the inputs launch it
// (`LaunchTemplateUse.groups`, aws/launch-template-versions.ts `versionRun`). Used by
// escalation.ts `edgeRequests` (the escalation graph and the review alike). Also the Auto Scaling
// groups of the inputs a group update may name (`inputGroups`) and the start requests of a passed
// role's EC2 compute on them (`passRoleStarts`), one list for the review and the graph.

import {
  autoScalingGroupResource,
  type LaunchTemplateVersionRun,
  versionRun,
} from '../aws/launch-template-versions.js';
import { mightBeNamed, patternTokens } from '../engine/unknown-names.js';
import { hasUnknownNamePart, PROBE_NAME, unknownNamePart } from '../model/stand-ins.js';
import type {
  AutoScalingGroupLink,
  InstanceProfile,
  InstanceProfileUse,
  Model,
  Role,
} from '../model/types.js';
import { isUnknown, type Maybe } from '../model/unknown.js';
import { type ArnOf, computeStarts, type EscalationStep } from './escalation-methods.js';
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
 *   and iam:PassRole on the role as `also` (a group name unknown: an unknown name part, open).
 * `actions`: the row's actions, the first made on the template with the others but `also`'s.
 * `model`: the model whose templates' names a group's literal template name is weighed against.
 */
export function launchTemplateRequests(
  role: Role,
  runs: LaunchTemplateVersionRun,
  actions: readonly string[],
  arnIn: ArnOf,
  model?: Model,
): EdgeRequest[] {
  const [action, ...rest] = actions;
  const more = rest.filter((a) => a !== 'autoscaling:UpdateAutoScalingGroup' && a !== 'iam:PassRole');
  const mayLaunch = groupsByName(model ?? { roles: [role] });
  return role.instanceProfiles.flatMap((p) =>
    p.usedBy
      .filter((u) => u.kind === LAUNCH_TEMPLATE_USE)
      .flatMap((u) => {
        const groups = (u.launchTemplate?.groups ?? []).filter((g) => mayLaunch(g, u.launchTemplate?.name));
        return templateUseRequests({ role, p, u, groups, runs, action: action!, more, arnIn });
      }),
  );
}

/** The known launch template names of each model (`groupsByName`). */
const templateNames = new WeakMap<object, ReadonlySet<string>>();

/**
 * Whether group link `g` may launch the template named `name`: a link by a literal name no
 * template of the inputs has (`AutoScalingGroupLink.maybe.byName`, the adapters open it to each
 * template whose name is not known) only when no template of the model is named so (names are
 * unique in an account and Region) and the engine's rule for unknown names says `name` may be it
 * (engine/unknown-names.ts `mightBeNamed`: a generated `stack-Lt-(unknown-…)` is never `web`).
 */
function groupsByName(
  model: Pick<Model, 'roles'>,
): (g: AutoScalingGroupLink, name: string | undefined) => boolean {
  let known = templateNames.get(model);
  if (!known) {
    const names = new Set<string>();
    for (const r of model.roles)
      for (const p of r.instanceProfiles)
        for (const u of p.usedBy) {
          const n = u.launchTemplate?.name;
          if (n !== undefined && !hasUnknownNamePart(n)) names.add(n);
        }
    known = names;
    templateNames.set(model, known);
  }
  const names = known;
  return (g, name) => {
    const byName = g.maybe?.byName;
    if (byName === undefined || name === undefined) return true;
    return !names.has(byName) && mightBeNamed(patternTokens([byName], false), name);
  };
}

/** One launch template's use `u` of instance profile `p` (see `launchTemplateRequests`). */
function templateUseRequests(use: {
  role: Role;
  p: InstanceProfile;
  u: InstanceProfileUse;
  /** The groups that may launch it (`groupsByName`). */
  groups: readonly AutoScalingGroupLink[];
  runs: LaunchTemplateVersionRun;
  action: string;
  more: string[];
  arnIn: ArnOf;
}): EdgeRequest[] {
  const { role, p, u, runs, arnIn, groups } = use;
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
      // A name the inputs leave unknown (CloudFormation generates it): an unknown name part the
      // engine decides as any name (engine/unknown-names.ts; `inputGroups`' own, so one group one
      // name), not the probe name, which a policy allowing only `stack-Asg-*` denies.
      const name = typeof g.name === 'string' ? g.name : unknownNamePart(`autoscaling-group-${u.name}`);
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
          resource: arnIn('autoscaling', autoScalingGroupResource(name)),
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
  // A use linked only maybe (InstanceProfileUse.maybe): every request through it open.
  if (u.maybe) {
    const linkOpen = openWhy(u.maybe.reason, u.maybe.source ?? u.source);
    open = open ? { ...open, text: `${open.text}; ${linkOpen.text}` } : linkOpen;
  }
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

/** An Auto Scaling group of the inputs as a group update names it, and in words. */
export interface InputGroup {
  /** The name in the group's ARN: a known name, or an unknown name part (engine/unknown-names.ts). */
  name: string;
  /** `Auto Scaling group web (launch configuration web-lc)`, for findings and edges. */
  words: string;
}

/**
 * The Auto Scaling groups of the inputs (`Model.autoScalingGroups`, both adapters, and those
 * linked to a launch template, `LaunchTemplateUse.groups`), each once: a known name, or an
 * unknown name part the engine decides as any name (engine/unknown-names.ts) for one the inputs
 * leave unknown (a name CloudFormation generates); in words with the launch configuration or
 * template it launches.
 */
export function inputGroups(model: Model): InputGroup[] {
  const out = new Map<Maybe<string>, InputGroup>();
  const add = (name: Maybe<string>, hint: string, launches: string) => {
    if (out.has(name)) return;
    const known = typeof name === 'string';
    out.set(name, {
      name: known ? name : unknownNamePart(`autoscaling-group-${hint}`),
      words: `Auto Scaling group ${known ? name : `${hint} (name unknown)`}${launches}`,
    });
  };
  const text = (v: Maybe<string>) =>
    typeof v === 'string' ? v : `${v.source?.logicalId ? `${v.source.logicalId} ` : ''}(name unknown)`;
  for (const [i, g] of (model.autoScalingGroups ?? []).entries())
    add(
      g.name,
      g.source.logicalId ?? String(i),
      g.launchConfiguration !== undefined ? ` (launch configuration ${text(g.launchConfiguration)})` : '',
    );
  for (const r of model.roles)
    for (const p of r.instanceProfiles)
      for (const u of p.usedBy)
        for (const g of u.launchTemplate?.groups ?? [])
          add(g.name, u.name, ` (EC2 launch template ${u.name})`);
  return [...out.values()];
}

/** Requests that start compute, all needed, and the group of the inputs they update (`via`), if any. */
export interface StartAlternative {
  steps: EscalationStep[];
  /** `through Auto Scaling group web (launch configuration web-lc)`: the group its update names. */
  via?: string;
  /**
   * Why the steps may start nothing: a request on existing compute the inputs do not define, which
   * may not exist (escalation-existing-starts.ts `existingOpen`); the start is indeterminate.
   */
  open?: string;
}

/**
 * `steps` (a method's start on new compute, its group request on the probe group: the groups
 * outside the inputs) and, when they update a group (autoscaling:UpdateAutoScalingGroup), the same
 * steps on each Auto Scaling group of the inputs (`inputGroups`, named by `via`): a policy scoped
 * to named groups allows the update of those, not of the probe.
 */
export function withInputGroups(model: Model, steps: EscalationStep[], arnOf: ArnOf): StartAlternative[] {
  if (!steps.some((s) => s.action === UPDATE_GROUP)) return [{ steps }];
  return [
    { steps },
    ...inputGroups(model).map((g) => ({
      steps: steps.map((s) =>
        // A group of the inputs exists: the update on it is a sure start (no `existing`).
        s.action === UPDATE_GROUP
          ? { action: s.action, resource: arnOf('autoscaling', autoScalingGroupResource(g.name)) }
          : s,
      ),
      via: `through ${g.words}`,
    })),
  ];
}

/**
 * Every way to start `service`'s compute with a passed role (escalation-methods.ts
 * `computeStarts`: a launch configuration only with a group create or update), each group update
 * also on the groups of the inputs (`withInputGroups`): the one request list of the review's
 * `pass-role-any` method (risk-escalation.ts) and of the escalation graph's pass-role edges
 * (escalation.ts).
 */
export function passRoleStarts(model: Model, service: string, arnOf: ArnOf): StartAlternative[] {
  return computeStarts(service, arnOf, PROBE_NAME).flatMap((steps) => withInputGroups(model, steps, arnOf));
}
