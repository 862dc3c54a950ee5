// aws_autoscaling_group: the group itself (name, `launch_configuration`), and the launch templates each group launches from (`launch_template { id |
// name, version }` and `mixed_instances_policy { launch_template { launch_template_specification
// { launch_template_id | launch_template_name, version }, override { launch_template_specification
// } } }`, every block), recorded in the links phase by the template's address, name or literal id;
// a template not pinned down may be any (open links); the late phase's
// aws_launch_template (iam.ts `handleLaunchTemplate`) takes them (`LaunchTemplateUse.groups`); the
// links phase notes every template's known name (`noteLaunchTemplate`, with or without an instance
// profile), so a group naming one is not open to the templates whose names are unknown. A name
// or id links a group only to the templates of its own account and Region (each instance's
// provider configuration: `ctx.env.account`, `regionOf`), maybe where either is not pinned down
// (`templatePlaceMatch`). The version rule lives in aws/launch-template-versions.ts.

import {
  placeMaybeReason,
  type TemplatePlace,
  templatePlaceMatch,
  unmatchedNameReason,
} from '../../../aws/launch-template-versions.js';
import { hasUnknownNamePart } from '../../../model/stand-ins.js';
import type { AutoScalingGroupLink } from '../../../model/types.js';
import { unknownResourceName } from '../eval/computed.js';
import { isUnknown, type Maybe, Unknown } from '../../../model/unknown.js';
import type { TfInstance } from '../instances.js';
import { type TfLoadState, str } from './context.js';
import { regionOf } from './instance-region.js';

/**
 * Auto Scaling group links by `address:<template address>`, `name:<template name>`, `id:<lt-…>` (a
 * literal id, linked to the template whose id the plan or state holds, and open to one whose id is
 * not known) or `any` (a template the inputs do not pin down: open to every template), per load.
 */
const pending = new WeakMap<TfLoadState, Map<string, Pending[]>>();

/** A group's link to a template it names, and where the group is. */
interface Pending {
  link: AutoScalingGroupLink;
  place: TemplatePlace;
}

/** The account and Region of the instance being handled (its provider configuration's). */
function placeOf(ctx: TfLoadState, inst: TfInstance): TemplatePlace {
  return { account: ctx.env.account, region: regionOf(ctx, inst.values) };
}

const TEMPLATE_TYPE = 'aws_launch_template';

function blocks(v: unknown): Record<string, unknown>[] {
  const list = Array.isArray(v) ? v : v && typeof v === 'object' && !isUnknown(v) ? [v] : [];
  return list.filter((b): b is Record<string, unknown> => !!b && typeof b === 'object' && !isUnknown(b));
}

/** One launch template specification of a group: the block, its name and id attributes, their path. */
interface Spec {
  spec: Record<string, unknown>;
  name: string;
  id: string;
  attr: string;
  /** The id attribute's path for `references` (`launch_template[0].id`). */
  idPath: string;
}

/** Every launch template specification of an aws_autoscaling_group (its blocks, mixed policy and overrides). */
function specsOf(inst: TfInstance): Spec[] {
  const specs: Spec[] = [];
  for (const [i, b] of blocks(inst.values.launch_template).entries())
    specs.push({
      spec: b,
      name: 'name',
      id: 'id',
      attr: 'launch_template',
      idPath: `launch_template[${i}].id`,
    });
  const attr = 'mixed_instances_policy';
  for (const [m, mp] of blocks(inst.values.mixed_instances_policy).entries())
    for (const [l, lt] of blocks(mp.launch_template).entries()) {
      const base = `${attr}[${m}].launch_template[${l}]`;
      const add = (b: Record<string, unknown>, path: string) =>
        specs.push({
          spec: b,
          name: 'launch_template_name',
          id: 'launch_template_id',
          attr,
          idPath: `${path}.launch_template_id`,
        });
      for (const [i, b] of blocks(lt.launch_template_specification).entries())
        add(b, `${base}.launch_template_specification[${i}]`);
      for (const [o, ov] of blocks(lt.override).entries())
        for (const [i, b] of blocks(ov.launch_template_specification).entries())
          add(b, `${base}.override[${o}].launch_template_specification[${i}]`);
    }
  return specs;
}

/**
 * aws_autoscaling_group: notes the group (`Model.autoScalingGroups`, with its `launch_configuration`)
 * and records each launch template specification it names, with its version.
 */
export function handleAutoScalingGroup(ctx: TfLoadState, inst: TfInstance): void {
  const groupName: Maybe<string> =
    str(inst.values, 'name') ??
    (isUnknown(inst.values.name)
      ? inst.values.name
      : new Unknown(`the name of Auto Scaling group ${inst.address} is not known`, inst.source));
  const configuration = inst.values.launch_configuration;
  ctx.builder.noteAutoScalingGroup({
    name: groupName,
    ...(typeof configuration === 'string' && configuration
      ? { launchConfiguration: configuration }
      : isUnknown(configuration)
        ? { launchConfiguration: configuration }
        : {}),
    source: inst.source,
  });
  const specs = specsOf(inst);
  if (!specs.length) return;
  let map = pending.get(ctx);
  if (!map) {
    map = new Map();
    pending.set(ctx, map);
  }
  const label = typeof groupName === 'string' ? groupName : inst.address;
  const place = placeOf(ctx, inst);
  for (const { spec, name, id, attr, idPath } of specs) {
    const v = spec.version;
    const version: Maybe<string> | undefined =
      v === undefined || v === null ? undefined : typeof v === 'string' ? v : isUnknown(v) ? v : String(v);
    const link: AutoScalingGroupLink = { name: groupName, version, source: inst.attrSource(attr) };
    const named = spec[name];
    const literalId = spec[id];
    let key: string | undefined;
    let why: string | undefined;
    if (typeof named === 'string' && named) key = `name:${named}`;
    else if (typeof literalId === 'string' && literalId.startsWith('lt-')) key = `id:${literalId}`;
    else {
      // the id (known after apply) of one aws_launch_template of the configuration: that one
      const templates = inst
        .references(idPath)
        .filter((a) => a.startsWith(`${TEMPLATE_TYPE}.`) || a.includes(`.${TEMPLATE_TYPE}.`));
      if (templates.length === 1) key = `address:${templates[0]}`;
      else {
        const unknown = isUnknown(literalId) ? literalId : isUnknown(named) ? named : undefined;
        key = 'any';
        why = `Auto Scaling group ${label} launches a launch template the inputs do not pin down (${unknown ? unknown.reason : `${attr} names none of the configuration by reference`}): it may be this one`;
      }
    }
    const linked = why ? { ...link, maybe: { reason: why, source: inst.attrSource(attr) } } : link;
    map.set(key, [...(map.get(key) ?? []), { link: linked, place }]);
  }
}

/**
 * The Auto Scaling groups recorded for the launch template `inst` (by its address, name or the id
 * a plan or state holds); a group naming a literal id while `inst`'s id is not known, or a template
 * the inputs do not pin down, may launch it (`AutoScalingGroupLink.maybe`).
 */
export function autoScalingGroupsOf(ctx: TfLoadState, inst: TfInstance): AutoScalingGroupLink[] {
  const map = pending.get(ctx);
  if (!map) return [];
  const here = placeOf(ctx, inst);
  const name = str(inst.values, 'name');
  const id = str(inst.values, 'id');
  // by name or id: the groups of the template's account and Region, maybe where either is unknown
  const at = (key: string) => placed(map.get(key) ?? [], here, key.slice(key.indexOf(':') + 1), inst.address);
  const byName = name ? at(`name:${name}`) : [];
  const byId = id?.startsWith('lt-') ? at(`id:${id}`) : [];
  // a literal id or name a template of the inputs has is that template's (`noteLaunchTemplate`)
  const known = knownTemplates.get(ctx) ?? new Map<string, TemplatePlace[]>();
  const maybeById = id?.startsWith('lt-')
    ? []
    : [...map].flatMap(([key, entries]) =>
        key.startsWith('id:')
          ? unclaimed(entries, key, known, here).map((l) => ({
              ...l,
              maybe: {
                reason: `Auto Scaling group ${typeof l.name === 'string' ? l.name : '(name unknown)'} launches launch template ${key.slice(3)}, and the id of ${inst.address} is not in the inputs: it may be this one`,
                source: l.source,
              },
            }))
          : [],
      );
  return [
    ...new Set([...(map.get(`address:${inst.address}`) ?? []).map((e) => e.link), ...byName, ...byId]),
    ...maybeById,
    ...maybeByName(map, inst, known, here),
    ...(map.get('any') ?? []).filter((e) => templatePlaceMatch(e.place, here) !== 'other').map((e) => e.link),
  ];
}

/**
 * The links of `entries` (groups naming `named`) to a template at `here`: as they are for a group
 * of the same account and Region, maybe (with why) where either is not pinned down, none for a
 * group of another account or Region.
 */
function placed(
  entries: readonly Pending[],
  here: TemplatePlace,
  named: string,
  label: string,
): AutoScalingGroupLink[] {
  return entries.flatMap(({ link, place }) => {
    const match = templatePlaceMatch(place, here);
    if (match === 'other') return [];
    if (match === 'same' || link.maybe) return [link];
    const group = typeof link.name === 'string' ? link.name : '(name unknown)';
    return [{ ...link, maybe: { reason: placeMaybeReason(group, named, label), source: link.source } }];
  });
}

/**
 * The links of `entries` (groups naming `key`, a literal name or id) that no template of the
 * inputs in the group's own account and Region claims (`noteLaunchTemplate`), and whose group may
 * be in the account and Region `here`.
 */
function unclaimed(
  entries: readonly Pending[],
  key: string,
  known: ReadonlyMap<string, readonly TemplatePlace[]>,
  here: TemplatePlace,
): AutoScalingGroupLink[] {
  const claims = known.get(key) ?? [];
  return entries
    .filter(
      ({ place }) =>
        templatePlaceMatch(place, here) !== 'other' &&
        !claims.some((c) => templatePlaceMatch(place, c) === 'same'),
    )
    .map((e) => e.link);
}

/**
 * The aws_launch_template instances surely in the inputs, per load (`noteLaunchTemplate`): their
 * known names and the ids a plan or state holds, as the keys of `pending` (`name:…`, `id:lt-…`),
 * with the account and Region of each.
 */
const knownTemplates = new WeakMap<TfLoadState, Map<string, TemplatePlace[]>>();

/**
 * aws_launch_template, links phase: notes its known name and the id a plan or state holds when
 * the template surely exists (no unknown `count`/`for_each`), with or without an instance
 * profile, so that a group naming it by that name or id launches it and no template whose name or
 * id is not known (`autoScalingGroupsOf`), as the CloudFormation adapter registers every template.
 */
export function noteLaunchTemplate(ctx: TfLoadState, inst: TfInstance): void {
  if (inst.presence) return;
  let known = knownTemplates.get(ctx);
  if (!known) {
    known = new Map();
    knownTemplates.set(ctx, known);
  }
  const place = placeOf(ctx, inst);
  const add = (key: string) => known.set(key, [...(known.get(key) ?? []), place]);
  const name = inst.values.name;
  if (typeof name === 'string' && name && !hasUnknownNamePart(name)) add(`name:${name}`);
  const id = str(inst.values, 'id');
  if (id?.startsWith('lt-')) add(`id:${id}`);
}

/**
 * The groups naming a launch template by a literal name other than `inst`'s, when `inst`'s name
 * is (partly) unknown (`name_prefix`, known after apply): open, with the name
 * (`AutoScalingGroupLink.maybe.byName`; the analysis keeps those it may be, engine/unknown-names.ts).
 * A name a template of the inputs has (`noteLaunchTemplate`) is that template's: names are unique
 * in an account and Region.
 */
function maybeByName(
  map: Map<string, Pending[]>,
  inst: TfInstance,
  known: ReadonlyMap<string, readonly TemplatePlace[]>,
  here: TemplatePlace,
): AutoScalingGroupLink[] {
  const v = inst.values.name;
  const modelled = typeof v === 'string' && v ? v : unknownResourceName(inst.values, 'name', inst.address);
  if (!hasUnknownNamePart(modelled)) return [];
  return [...map].flatMap(([key, entries]) => {
    if (!key.startsWith('name:')) return [];
    const named = key.slice(5);
    return unclaimed(entries, key, known, here).map((l) => ({
      ...l,
      maybe: {
        reason: unmatchedNameReason(
          typeof l.name === 'string' ? l.name : '(name unknown)',
          named,
          inst.address,
          modelled,
        ),
        source: l.source,
        byName: named,
      },
    }));
  });
}
