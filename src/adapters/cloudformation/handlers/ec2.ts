// Instance profile usage: AWS::EC2::Instance (IamInstanceProfile = profile name), launch templates
// (LaunchTemplateData.IamInstanceProfile.Name or .Arn) and Auto Scaling launch configurations
// (IamInstanceProfile = name or ARN). Recorded in phase 1 so the InstanceProfile handler can list
// the users of each profile on its role. AWS::AutoScaling::AutoScalingGroup: the launch templates
// it launches from (LaunchTemplate, MixedInstancesPolicy.LaunchTemplate.LaunchTemplateSpecification
// and its Overrides), with the version (aws/launch-template-versions.ts), linked in phase 2, and
// the group itself with its launch configuration (`Model.autoScalingGroups`). A name links a group
// only to the templates of its stack's account and Region, maybe where either is not pinned down
// (`templatePlaceMatch`).

import {
  isVersionNumberAttribute,
  LAUNCH_CONFIGURATION_USE,
  launchTemplateUse,
  placeMaybeReason,
  type TemplatePlace,
  templatePlaceMatch,
  unmatchedNameReason,
  VERSION_NUMBER_AT_DEPLOYMENT,
} from '../../../aws/launch-template-versions.js';
import { ec2InstanceArn } from '../../../aws/plain-resources.js';
import { hasUnknownNamePart } from '../../../model/stand-ins.js';
import { physicalName } from '../resource-identity.js';
import type { AutoScalingGroupLink, InstanceProfileUse, LaunchTemplateUse } from '../../../model/types.js';
import { type Maybe, Unknown } from '../../../model/unknown.js';
import { isRecord, scalarString, type Value } from '../values.js';
import type { CfnResourceScope, ResourceHandler } from './scope.js';

function record(
  scope: CfnResourceScope,
  profile: Value | undefined,
  kind: string,
  path: (string | number)[],
  launchTemplate?: LaunchTemplateUse,
  instance?: InstanceProfileUse['instance'],
): void {
  if (profile === undefined) return;
  const s = scalarString(profile);
  if (s instanceof Unknown) {
    scope.finding(
      'cfn/unresolved-target',
      'info',
      `the instance profile of ${kind} ${scope.logicalId} is unknown (${s.reason})`,
      ...path,
    );
    return;
  }
  if (typeof s !== 'string') return;
  const key = `${scope.account}:${s}`;
  const list = scope.registry.profileUsage.get(key) ?? [];
  const named = scope.str(kind === 'EC2 launch template' ? 'LaunchTemplateName' : 'LaunchConfigurationName');
  list.push({
    kind,
    name: typeof named === 'string' ? named : scope.logicalId,
    source: scope.sourceOf(...path),
    ...(launchTemplate ? { launchTemplate } : {}),
    ...(instance ? { instance } : {}),
  });
  scope.registry.profileUsage.set(key, list);
}

const instance: ResourceHandler = {
  create(scope) {
    const p = scope.prop('IamInstanceProfile');
    // Its id is EC2's (its Ref, resource-identity.ts: an unknown name part), in the stack's Region.
    const id = scope.ctx.identity(scope.logicalId).name;
    // An instance without a profile exists too: a profile may be associated with it later.
    if (id && (p === undefined || scalarString(p as Value) instanceof Unknown)) {
      const at = scope.ctx.scopeOf(scope.resource);
      scope.builder.notePlainResource({
        type: 'AWS::EC2::Instance',
        arn: ec2InstanceArn(id, { partition: at.partition, region: at.region, account: scope.account }),
        source: scope.source,
        ...(scope.presence ? { presence: scope.presence } : {}),
      });
    }
    record(
      scope,
      p as Value | undefined,
      'EC2 instance',
      ['IamInstanceProfile'],
      undefined,
      id ? { id, region: scope.ctx.region } : undefined,
    );
  },
};

/** Where each launch template of the inputs is deployed, and the name its template states. */
const templatePlaces = new WeakMap<LaunchTemplateUse, { place: TemplatePlace; name?: string }>();

/** The account and Region of the stack of `scope`. */
function placeOf(scope: CfnResourceScope): TemplatePlace {
  return { account: scope.account, region: scope.ctx.region };
}

/** Whether a group at `here` may launch template `u` (`templatePlaceMatch`; `maybe` for one not placed). */
function placeMatch(here: TemplatePlace, u: LaunchTemplateUse): 'same' | 'other' | 'maybe' {
  const p = templatePlaces.get(u);
  return p ? templatePlaceMatch(here, p.place) : 'maybe';
}

const launchTemplate: ResourceHandler = {
  create(scope) {
    // Every template is registered (by logical id, and by name where known), so that a group naming
    // one of them is linked to it, not open to the templates whose names are unknown.
    const use = launchTemplateUse(
      undefined,
      physicalName(scope.ctx.scopeOf(scope.resource), 'LaunchTemplateName').name,
    );
    scope.registry.launchTemplates.set(scope.registry.key(scope.ctx, scope.logicalId), use);
    const name = scope.str('LaunchTemplateName');
    templatePlaces.set(use, { place: placeOf(scope), ...(typeof name === 'string' ? { name } : {}) });
    const data = scope.prop('LaunchTemplateData');
    if (!isRecord(data) || !isRecord(data.IamInstanceProfile)) return;
    const p = data.IamInstanceProfile;
    const value = (p.Arn ?? p.Name) as Value | undefined;
    record(
      scope,
      value,
      'EC2 launch template',
      ['LaunchTemplateData', 'IamInstanceProfile', p.Arn !== undefined ? 'Arn' : 'Name'],
      use,
    );
  },
};

/** The logical id a `Ref` or `Fn::GetAtt` names, if any. */
function referencedId(raw: unknown): string | undefined {
  if (!isRecord(raw as Value)) return undefined;
  const r = raw as Record<string, unknown>;
  if (typeof r.Ref === 'string') return r.Ref;
  const g = r['Fn::GetAtt'];
  if (Array.isArray(g) && typeof g[0] === 'string') return g[0];
  return typeof g === 'string' ? g.split('.')[0] : undefined;
}

/**
 * AWS::AutoScaling::AutoScalingGroup: notes the group (`Model.autoScalingGroups`, with its
 * LaunchConfigurationName) and links it to each launch template of the inputs it
 * launches from (LaunchTemplateId / LaunchTemplateName by `Ref`, `Fn::GetAtt` or name), with the
 * Version it names; a template named some other way is not linked (its launch-template rows stay
 * indeterminate).
 */
const autoScalingGroup: ResourceHandler = {
  attach(scope) {
    const raw = scope.resource.properties as Record<string, unknown>;
    const specs: { spec: Record<string, unknown>; path: (string | number)[] }[] = [];
    if (isRecord(raw.LaunchTemplate as Value))
      specs.push({ spec: raw.LaunchTemplate as Record<string, unknown>, path: ['LaunchTemplate'] });
    const mixed = raw.MixedInstancesPolicy as Record<string, unknown> | undefined;
    const lt = isRecord(mixed as Value)
      ? (mixed!.LaunchTemplate as Record<string, unknown> | undefined)
      : undefined;
    if (isRecord(lt as Value)) {
      const base = ['MixedInstancesPolicy', 'LaunchTemplate'];
      if (isRecord(lt!.LaunchTemplateSpecification as Value))
        specs.push({
          spec: lt!.LaunchTemplateSpecification as Record<string, unknown>,
          path: [...base, 'LaunchTemplateSpecification'],
        });
      const overrides = Array.isArray(lt!.Overrides) ? lt!.Overrides : [];
      overrides.forEach((o, i) => {
        const s = isRecord(o as Value)
          ? (o as Record<string, unknown>).LaunchTemplateSpecification
          : undefined;
        if (isRecord(s as Value))
          specs.push({
            spec: s as Record<string, unknown>,
            path: [...base, 'Overrides', i, 'LaunchTemplateSpecification'],
          });
      });
    }
    const named = scope.str('AutoScalingGroupName');
    const groupName: Maybe<string> =
      named ??
      new Unknown(
        `Auto Scaling group ${scope.logicalId} sets no AutoScalingGroupName: CloudFormation generates its name`,
        scope.source,
      );
    const configuration = launchConfigurationOf(scope, raw.LaunchConfigurationName);
    scope.builder.noteAutoScalingGroup({
      name: groupName,
      ...(configuration !== undefined ? { launchConfiguration: configuration } : {}),
      source: scope.source,
    });
    for (const { spec, path } of specs) {
      const link = {
        name: groupName,
        version: versionOf(scope, spec, path),
        source: scope.sourceOf(...path),
      };
      const resolvedName = propertyAt(scope, path, 'LaunchTemplateName');
      const use = launchTemplateOf(scope, spec);
      if (use) {
        use.groups.push(link);
        continue;
      }
      const label = typeof groupName === 'string' ? groupName : scope.logicalId;
      const here = placeOf(scope);
      // A literal name: the template of that name in the group's account and Region; one that may
      // be there, maybe.
      if (typeof resolvedName === 'string' && linkByName(scope, link, label, resolvedName, here)) continue;
      // A literal name no template of the inputs has there: open to each template whose name is
      // not known, with the name (the analysis keeps those the name may be: engine/unknown-names.ts).
      if (typeof resolvedName === 'string' && spec.LaunchTemplateId === undefined) {
        for (const [key, u] of scope.registry.launchTemplates)
          if (u.name !== undefined && hasUnknownNamePart(u.name) && placeMatch(here, u) !== 'other')
            u.groups.push({
              ...link,
              maybe: {
                reason: unmatchedNameReason(label, resolvedName, key.split(':').pop()!, u.name),
                source: scope.sourceOf(...path),
                byName: resolvedName,
              },
            });
        continue;
      }
      // A literal id (a stack never knows its templates' ids) or a value not resolved: the group
      // may launch any launch template of the inputs (open, with why).
      const why = unpinnedTemplate(scope, spec, path);
      if (!why) continue;
      const maybe = {
        reason: `Auto Scaling group ${label} launches a launch template the inputs do not pin down (${why}): it may be this one`,
        source: scope.sourceOf(...path),
      };
      for (const u of new Set(scope.registry.launchTemplates.values()))
        if (placeMatch(here, u) !== 'other') u.groups.push({ ...link, maybe });
    }
  },
};

/**
 * A group's LaunchConfigurationName: its value, or, for a `Ref` of a launch configuration of the
 * template (whose `Ref` the model does not resolve), that resource's LaunchConfigurationName, else
 * unknown (CloudFormation generates it) with the logical id as its source.
 */
function launchConfigurationOf(scope: CfnResourceScope, raw: unknown): Maybe<string> | undefined {
  const value = scope.str('LaunchConfigurationName');
  const target = referencedId(raw);
  if (!(value instanceof Unknown) || !target) return value;
  const named = scope.ctx.property(target, 'LaunchConfigurationName');
  if (typeof named === 'string' && named) return named;
  return new Unknown(
    `the name of launch configuration ${target} is not known (generated by CloudFormation, or not resolved)`,
    {
      ...scope.source,
      logicalId: target,
    },
  );
}

/**
 * Why a specification's template is not one the inputs pin down: a literal `lt-…` id (the ids of
 * a stack's templates are known only once deployed) or a value not resolved; undefined for a
 * literal name (a template of that name is the one of the account: not one of the inputs').
 */
function unpinnedTemplate(
  scope: CfnResourceScope,
  spec: Record<string, unknown>,
  path: (string | number)[],
): string | undefined {
  const id = spec.LaunchTemplateId;
  if (typeof id === 'string')
    return `LaunchTemplateId ${id}: the ids of the inputs' launch templates are not known`;
  if (typeof spec.LaunchTemplateName === 'string') return undefined;
  const property = id !== undefined ? 'LaunchTemplateId' : 'LaunchTemplateName';
  const v = propertyAt(scope, path, property);
  if (v instanceof Unknown) return v.reason;
  if (typeof v === 'string')
    return v.startsWith('lt-')
      ? `${property} ${v}: the ids of the inputs' launch templates are not known`
      : undefined;
  return `${property} is not resolved`;
}

function launchTemplateOf(
  scope: CfnResourceScope,
  spec: Record<string, unknown>,
): LaunchTemplateUse | undefined {
  const reg = scope.registry.launchTemplates;
  for (const property of ['LaunchTemplateId', 'LaunchTemplateName']) {
    const target = referencedId(spec[property]);
    if (target) return reg.get(scope.registry.key(scope.ctx, target));
  }
  return undefined;
}

/**
 * Links group `link` to the launch templates of the inputs named `name` (their templates' literal
 * LaunchTemplateName): those of the group's account and Region `here` surely, those that may be
 * there maybe (`placeMaybeReason`). True when one is surely the group's: it is not open to others.
 */
function linkByName(
  scope: CfnResourceScope,
  link: AutoScalingGroupLink,
  label: string,
  name: string,
  here: TemplatePlace,
): boolean {
  let sure = false;
  for (const u of new Set(scope.registry.launchTemplates.values())) {
    const p = templatePlaces.get(u);
    if (p?.name !== name) continue;
    const match = templatePlaceMatch(here, p.place);
    if (match === 'same') {
      u.groups.push(link);
      sure = true;
    } else if (match === 'maybe')
      u.groups.push({ ...link, maybe: { reason: placeMaybeReason(label, name, name), source: link.source } });
  }
  return sure;
}

/** The resolved value of `property` of the specification at `path` (a string, unknown or nothing). */
function propertyAt(scope: CfnResourceScope, path: (string | number)[], property: string) {
  let at: unknown = scope.prop(String(path[0]));
  for (const key of [...path.slice(1), property])
    at =
      isRecord(at as Value) || Array.isArray(at) ? (at as Record<string | number, unknown>)[key] : undefined;
  return at === undefined ? undefined : scalarString(at as Value);
}

/** The Version a specification names: left out `$Default`; a version-number `Fn::GetAtt`; else its value. */
function versionOf(
  scope: CfnResourceScope,
  spec: Record<string, unknown>,
  path: (string | number)[],
): Maybe<string> | undefined {
  const v = spec.Version;
  if (v === undefined || v === null) return undefined;
  if (isVersionNumberAttribute(v)) return VERSION_NUMBER_AT_DEPLOYMENT;
  if (typeof v === 'string' || typeof v === 'number') return String(v);
  let at: unknown = scope.prop(String(path[0]));
  for (const key of [...path.slice(1), 'Version'])
    at =
      isRecord(at as Value) || Array.isArray(at) ? (at as Record<string | number, unknown>)[key] : undefined;
  const resolved = at === undefined ? undefined : scalarString(at as Value);
  if (typeof resolved === 'string') return resolved;
  if (resolved instanceof Unknown) return resolved;
  return new Unknown(
    `the launch template Version of ${scope.logicalId} is not resolved`,
    scope.sourceOf(...path, 'Version'),
  );
}

const launchConfiguration: ResourceHandler = {
  create(scope) {
    record(scope, scope.prop('IamInstanceProfile') as Value | undefined, LAUNCH_CONFIGURATION_USE, [
      'IamInstanceProfile',
    ]);
  },
};

export const EC2_HANDLERS: Record<string, ResourceHandler> = {
  'AWS::EC2::Instance': instance,
  'AWS::EC2::LaunchTemplate': launchTemplate,
  'AWS::AutoScaling::LaunchConfiguration': launchConfiguration,
  'AWS::AutoScaling::AutoScalingGroup': autoScalingGroup,
};
