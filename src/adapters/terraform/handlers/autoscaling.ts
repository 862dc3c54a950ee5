// aws_autoscaling_group: the launch templates each group launches from (`launch_template { id |
// name, version }` and `mixed_instances_policy { launch_template { launch_template_specification
// { launch_template_id | launch_template_name, version }, override { launch_template_specification
// } } }`), recorded in the links phase by the template's address or name; the late phase's
// aws_launch_template (iam.ts `handleLaunchTemplate`) takes them (`LaunchTemplateUse.groups`). The
// version rule lives in aws/launch-template-versions.ts.

import type { AutoScalingGroupLink } from '../../../model/types.js';
import { isUnknown, type Maybe, Unknown } from '../../../model/unknown.js';
import type { TfInstance } from '../instances.js';
import { type TfLoadState, str } from './context.js';

/** Auto Scaling group links by `address:<template address>` or `name:<template name>`, per load. */
const pending = new WeakMap<TfLoadState, Map<string, AutoScalingGroupLink[]>>();

const TEMPLATE_TYPE = 'aws_launch_template';

function blocks(v: unknown): Record<string, unknown>[] {
  const list = Array.isArray(v) ? v : v && typeof v === 'object' && !isUnknown(v) ? [v] : [];
  return list.filter((b): b is Record<string, unknown> => !!b && typeof b === 'object' && !isUnknown(b));
}

/** aws_autoscaling_group: records each launch template specification it names, with its version. */
export function handleAutoScalingGroup(ctx: TfLoadState, inst: TfInstance): void {
  // `idPath`: the id attribute's path for `references` (only a block's first specification)
  const specs: { spec: Record<string, unknown>; name: string; attr: string; idPath?: string }[] = [];
  for (const [i, b] of blocks(inst.values.launch_template).entries())
    specs.push({
      spec: b,
      name: 'name',
      attr: 'launch_template',
      ...(i ? {} : { idPath: 'launch_template.id' }),
    });
  const mixedIdPath =
    'mixed_instances_policy.launch_template.launch_template_specification.launch_template_id';
  for (const m of blocks(inst.values.mixed_instances_policy))
    for (const lt of blocks(m.launch_template)) {
      const attr = 'mixed_instances_policy';
      const name = 'launch_template_name';
      for (const [i, b] of blocks(lt.launch_template_specification).entries())
        specs.push({ spec: b, name, attr, ...(i ? {} : { idPath: mixedIdPath }) });
      for (const o of blocks(lt.override))
        for (const b of blocks(o.launch_template_specification)) specs.push({ spec: b, name, attr });
    }
  if (!specs.length) return;
  const groupName: Maybe<string> =
    str(inst.values, 'name') ??
    (isUnknown(inst.values.name)
      ? inst.values.name
      : new Unknown(`the name of Auto Scaling group ${inst.address} is not known`, inst.source));
  let map = pending.get(ctx);
  if (!map) {
    map = new Map();
    pending.set(ctx, map);
  }
  for (const { spec, name, attr, idPath } of specs) {
    const keys: string[] = [];
    const named = spec[name];
    if (typeof named === 'string' && named) keys.push(`name:${named}`);
    else if (idPath) {
      // the id (known after apply) of one aws_launch_template of the configuration: that one; an
      // override's specification is not followed (its template stays unlinked: indeterminate)
      const templates = inst
        .references(idPath)
        .filter((a) => a.startsWith(`${TEMPLATE_TYPE}.`) || a.includes(`.${TEMPLATE_TYPE}.`));
      if (templates.length === 1) keys.push(`address:${templates[0]}`);
    }
    const v = spec.version;
    const version: Maybe<string> | undefined =
      v === undefined || v === null ? undefined : typeof v === 'string' ? v : isUnknown(v) ? v : String(v);
    const link: AutoScalingGroupLink = { name: groupName, version, source: inst.attrSource(attr) };
    for (const key of keys) map.set(key, [...(map.get(key) ?? []), link]);
  }
}

/** The Auto Scaling groups recorded for the launch template `inst` (by its address and name). */
export function autoScalingGroupsOf(ctx: TfLoadState, inst: TfInstance): AutoScalingGroupLink[] {
  const map = pending.get(ctx);
  if (!map) return [];
  const name = str(inst.values, 'name');
  const byName = name ? (map.get(`name:${name}`) ?? []) : [];
  return [...new Set([...(map.get(`address:${inst.address}`) ?? []), ...byName])];
}
