// AWS RAM resource shares in Terraform: aws_ram_resource_share (the share and its managed
// permissions), aws_ram_permission (a customer managed permission: its policy template),
// aws_ram_resource_share_permission_association (a permission attached to a share),
// aws_ram_principal_association (who it is shared with), aws_ram_resource_association (what it
// shares) and aws_ram_resource_share_associations_exclusive (both), joined by the share's ARN or
// the configuration's reference to the share. Each shared resource gets the statements
// `resourceShareDocument` (src/aws/ram.ts) makes: the share's principals may perform the actions
// of its permissions (a customer managed permission of the configuration: its template's; any
// other: unknown, so what they may do is indeterminate, never nothing).

import { kindOfArn } from '../../../aws/resource-policies.js';
import {
  anySharedResource,
  type CustomerManagedPermission,
  governedByShare,
  resourceShareDocument,
  type SharePermission,
} from '../../../aws/ram.js';
import { parseArn } from '../../../model/arns.js';
import type { Source } from '../../../model/source.js';
import { isUnknown, type Maybe, Unknown } from '../../../model/unknown.js';
import { parsePolicy } from '../../../policy/parse.js';
import type { PolicyDocument } from '../../../policy/types.js';
import { andPresence } from '../eval/branches.js';
import type { TfInstance } from '../instances.js';
import { stringOrUnknown, type TfLoadState } from './context.js';
import { envOf } from './instance-region.js';

/** A permission a share names: a value, or a reference to an aws_ram_permission of the configuration. */
type PermissionEntry = Maybe<string> | { address: string };

interface Share {
  arn: Maybe<string> | undefined;
  name: Maybe<string> | undefined;
  permissions: Maybe<PermissionEntry[]> | undefined;
  retainOnLeave: Maybe<boolean> | undefined;
}

interface PrincipalAssociation {
  /** The share's address (or ARN for a share outside the configuration); Unknown when not known. */
  share: string | Unknown;
  principal: Maybe<string>;
  presence: Unknown | undefined;
  source: Source;
}

interface PermissionAssociation {
  /** As `PrincipalAssociation.share`. */
  share: string | Unknown;
  permission: PermissionEntry;
}

interface RamState {
  shares: Map<string, Share>;
  principals: PrincipalAssociation[];
  /** aws_ram_permission instances by address. */
  permissions: Map<string, { arn: Maybe<string> | undefined; permission: CustomerManagedPermission }>;
  permissionAssociations: PermissionAssociation[];
}

const states = new WeakMap<TfLoadState, RamState>();

function state(ctx: TfLoadState): RamState {
  let s = states.get(ctx);
  if (!s) {
    s = { shares: new Map(), principals: [], permissions: new Map(), permissionAssociations: [] };
    states.set(ctx, s);
  }
  return s;
}

/** The address without its instance key (`aws_ram_resource_share.s["a"]` → `aws_ram_resource_share.s`). */
function base(address: string): string {
  return address.replace(/\[[^\]]*\]$/, '');
}

/** aws_ram_permission: a customer managed permission, recorded for the shares that name it. */
function handlePermission(ctx: TfLoadState, inst: TfInstance): void {
  const v = inst.values;
  const arn = stringOrUnknown(v.arn);
  const template = v.policy_template;
  state(ctx).permissions.set(inst.address, {
    arn,
    permission: {
      label: typeof arn === 'string' ? `${arn} (${inst.address})` : inst.address,
      source: inst.source,
      resourceType: stringOrUnknown(v.resource_type),
      template:
        typeof template === 'string' || isUnknown(template)
          ? template
          : new Unknown(
              `the policy_template of ${inst.address} is not a string`,
              inst.attrSource('policy_template'),
            ),
      ...(inst.action === 'update'
        ? {
            earlierVersions: new Unknown(
              `the plan makes a new version of ${inst.address}; a resource share made before keeps the version it has, whose template is not in the inputs`,
              inst.attrSource('policy_template'),
            ),
          }
        : {}),
    },
  });
}

/** aws_ram_resource_share: recorded for its associations. */
function handleShare(ctx: TfLoadState, inst: TfInstance): void {
  const v = inst.values;
  state(ctx).shares.set(inst.address, {
    arn: stringOrUnknown(v.arn),
    name: stringOrUnknown(v.name),
    permissions: permissionEntries(inst),
    retainOnLeave: retainOnLeave(inst),
  });
}

/** `resource_share_configuration[0].retain_sharing_on_account_leave_organization`: a boolean, Unknown, or undefined. */
function retainOnLeave(inst: TfInstance): Maybe<boolean> | undefined {
  const block = inst.values.resource_share_configuration;
  if (isUnknown(block)) return block;
  const first = Array.isArray(block) ? block[0] : block;
  if (isUnknown(first)) return first;
  if (first === null || typeof first !== 'object' || Array.isArray(first)) return undefined;
  const v = (first as Record<string, unknown>).retain_sharing_on_account_leave_organization;
  if (isUnknown(v)) return v;
  return typeof v === 'boolean' ? v : undefined;
}

/**
 * A share's `permission_arns`: known ARNs as they are; unknown ones (an aws_ram_permission's
 * `arn`, known after apply) are the aws_ram_permission instances the expression refers to when
 * they are as many as the unknown elements, else they stay unknown beside those permissions.
 */
function permissionEntries(inst: TfInstance): Maybe<PermissionEntry[]> | undefined {
  const value = inst.values.permission_arns;
  const refs = [
    ...new Set(inst.references('permission_arns').filter((a) => a.startsWith('aws_ram_permission.'))),
  ];
  const referenced: PermissionEntry[] = refs.map((address) => ({ address }));
  if (isUnknown(value)) return refs.length ? [...referenced, value] : value;
  if (!Array.isArray(value) || !value.length) return undefined;
  const entries: Maybe<string>[] = value.map(
    (p) =>
      stringOrUnknown(p) ??
      new Unknown('a permission ARN is not a string', inst.attrSource('permission_arns')),
  );
  const unknowns = entries.filter(isUnknown);
  if (!refs.length) return entries;
  if (unknowns.length === refs.length) return [...entries.filter((e) => !isUnknown(e)), ...referenced];
  return [...entries, ...referenced];
}

/** The customer managed permissions of the configuration an entry names, or the entry itself. */
function resolvePermission(s: RamState, entry: PermissionEntry): SharePermission[] {
  if (isUnknown(entry)) return [entry];
  if (typeof entry === 'string') {
    for (const p of s.permissions.values()) if (p.arn === entry) return [p.permission];
    return [entry];
  }
  const found = [...s.permissions]
    .filter(([a]) => base(a) === base(entry.address))
    .map(([, p]) => p.permission);
  return found.length ? found : [new Unknown(`${entry.address} is not in the configuration`)];
}

/**
 * The permissions of a share: its `permission_arns` and the permissions associated with it by
 * aws_ram_resource_share_permission_association (one whose share is unknown may be this one's).
 * An association replaces the share's permission of the same resource type ("You can associate
 * only one permission with each resource type included in the resource share", CloudFormation,
 * AWS::RAM::ResourceShare `PermissionArns`): both are kept, so the share gives no less than either.
 */
function permissionsOf(s: RamState, address: string | Unknown): Maybe<SharePermission[]> | undefined {
  const share = typeof address === 'string' ? s.shares.get(address) : undefined;
  const associated = s.permissionAssociations
    .filter((a) => isUnknown(a.share) || a.share === address)
    .map((a) => a.permission);
  const own = share?.permissions;
  if (isUnknown(own)) return own;
  if (own === undefined && !associated.length) return undefined;
  // Associations alone name the permission of their resource types: the share's other resource
  // types keep their default one (aws/ram.ts adds it where no permission named covers a resource).
  return [...(own ?? []), ...associated].flatMap((e) => resolvePermission(s, e));
}

/** aws_ram_resource_share_permission_association: recorded for the resource associations of its share. */
function handlePermissionAssociation(ctx: TfLoadState, inst: TfInstance): void {
  const value = inst.values.permission_arn;
  const refs = inst.references('permission_arn').filter((a) => a.startsWith('aws_ram_permission.'));
  const permission: PermissionEntry =
    typeof value === 'string'
      ? value
      : refs.length === 1
        ? { address: refs[0]! }
        : new Unknown(
            `the permission in permission_arn of ${inst.address} is not known${isUnknown(value) ? ` (${value.reason})` : ''}`,
            inst.attrSource('permission_arn'),
          );
  state(ctx).permissionAssociations.push({ share: shareOf(ctx, inst), permission });
}

/** The share a `resource_share_arn` names: a share of the configuration (its address), an ARN, or Unknown. */
function shareOf(ctx: TfLoadState, inst: TfInstance): string | Unknown {
  const s = state(ctx);
  const value = inst.values.resource_share_arn;
  if (typeof value === 'string' && value) {
    for (const [address, share] of s.shares) if (share.arn === value) return address;
    return value;
  }
  const refs = inst
    .references('resource_share_arn')
    .filter((a) => s.shares.has(a) || [...s.shares.keys()].some((k) => base(k) === base(a)));
  const addresses = [...s.shares.keys()].filter((k) => refs.some((r) => r === k || base(r) === base(k)));
  if (addresses.length === 1) return addresses[0]!;
  return new Unknown(
    `the resource share in resource_share_arn of ${inst.address} is not known (${isUnknown(value) ? value.reason : 'not set'})`,
    inst.attrSource('resource_share_arn'),
  );
}

/** aws_ram_principal_association: recorded for the resource associations of its share. */
function handlePrincipalAssociation(ctx: TfLoadState, inst: TfInstance): void {
  state(ctx).principals.push({
    share: shareOf(ctx, inst),
    principal:
      stringOrUnknown(inst.values.principal) ??
      new Unknown(`${inst.address} has no principal`, inst.attrSource('principal')),
    presence: inst.presence,
    source: inst.attrSource('principal'),
  });
}

/**
 * aws_ram_resource_association: the resource gets the share's statements for each principal
 * associated with the share (maybe-present when the association might not exist, or when its
 * share is unknown and might be this one); an unknown share is shared with unknown principals.
 */
function handleResourceAssociation(ctx: TfLoadState, inst: TfInstance): void {
  const resource =
    stringOrUnknown(inst.values.resource_arn) ??
    new Unknown(`${inst.address} has no resource_arn`, inst.source);
  shareResource(ctx, inst, resource, 'resource_arn');
}

/**
 * aws_ram_resource_share_associations_exclusive: its `principals` are associated with its share
 * (links phase, so every resource association sees them), its `resource_arns` shared like
 * resource associations (late phase). Its `sources` (the source accounts of service principals)
 * only narrow what a service principal gets and are not read: the service principal keeps the
 * share's permissions from any source.
 */
function handleExclusivePrincipals(ctx: TfLoadState, inst: TfInstance): void {
  const share = shareOf(ctx, inst);
  const value = inst.values.principals;
  const principals: Maybe<string>[] = isUnknown(value)
    ? [value]
    : Array.isArray(value)
      ? value.map(
          (p) =>
            stringOrUnknown(p) ??
            new Unknown(`a principal of ${inst.address} is not a string`, inst.attrSource('principals')),
        )
      : [];
  for (const principal of principals)
    state(ctx).principals.push({
      share,
      principal,
      presence: inst.presence,
      source: inst.attrSource('principals'),
    });
}

function handleExclusiveResources(ctx: TfLoadState, inst: TfInstance): void {
  const value = inst.values.resource_arns;
  const resources: Maybe<string>[] = isUnknown(value)
    ? [value]
    : Array.isArray(value)
      ? value.map(
          (r) =>
            stringOrUnknown(r) ??
            new Unknown(
              `a resource ARN of ${inst.address} is not a string`,
              inst.attrSource('resource_arns'),
            ),
        )
      : [];
  for (const resource of resources) shareResource(ctx, inst, resource, 'resource_arns');
}

/** The statements of the share `inst` names on `resource` (read from `attr`), for each principal of the share. */
function shareResource(ctx: TfLoadState, inst: TfInstance, resource: Maybe<string>, attr: string): void {
  const s = state(ctx);
  const share = shareOf(ctx, inst);
  const known = typeof share === 'string' ? s.shares.get(share) : undefined;
  const permissions = permissionsOf(s, share);
  const documents: PolicyDocument[] = [];
  const make = (principals: Maybe<Maybe<string>[]>, presence: Unknown | undefined, source: Source) => {
    const raw = resourceShareDocument(
      { name: known?.name, principals, permissions, resource, retainOnLeave: known?.retainOnLeave },
      ctx.env.partition,
    );
    const doc = parsePolicy(raw, { kind: 'resource', source });
    const all = andPresence(inst.presence, presence);
    documents.push(
      all
        ? {
            ...doc,
            presence: all,
            statements: doc.statements.map((st) => ({ ...st, presence: st.presence ?? all })),
          }
        : doc,
    );
  };
  if (typeof share !== 'string') make(share, undefined, inst.source);
  else {
    for (const p of s.principals) {
      if (p.share === share) make([p.principal], p.presence, p.source);
      else if (isUnknown(p.share))
        make(
          [p.principal],
          andPresence(p.presence, new Unknown(`${p.share.reason}; it may be ${share}`, p.source)),
          p.source,
        );
    }
  }
  if (!documents.length) return;
  const id = targetOf(ctx, inst, resource, attr);
  // The share lives in the region of the association's provider configuration.
  const env = envOf(ctx, inst.values);
  for (const doc of documents) {
    if (typeof id === 'string') {
      ctx.builder.addResourcePolicy(id, doc);
      ctx.builder.addGoverned(id, governedByShare(id));
    } else
      ctx.builder.attachToUnknownResource({
        kind: 'other',
        account: ctx.env.account,
        policy: doc,
        replaces: false,
        reason: id,
        arnOf: (name) => `arn:${env.partition}:ram:${env.region}:${env.account}:shared-resource/${name}`,
        region: env.region,
        what: 'resource shared through AWS RAM',
        governs: anySharedResource(env.partition, ctx.env.account),
        hint: inst.address,
        source: inst.attrSource(attr),
      });
  }
}

/** The model resource a resource association shares: by ARN (added when outside the model), by reference, or Unknown. */
function targetOf(
  ctx: TfLoadState,
  inst: TfInstance,
  resource: Maybe<string>,
  attr: string,
): string | Unknown {
  if (typeof resource === 'string') {
    if (!ctx.builder.getResource(resource)) {
      const p = parseArn(resource);
      ctx.builder.addResource({
        kind: kindOfArn(resource)?.kind ?? 'other',
        arn: resource,
        name: p?.resource ?? resource,
        account: p?.account || ctx.env.account,
        region: p?.region || undefined,
        source: inst.attrSource(attr),
      });
    }
    return resource;
  }
  const refs = ctx.referenced(inst, attr, ['resource']);
  if (refs.length === 1) return refs[0]!.id;
  return new Unknown(
    `the resource in ${attr} of ${inst.address} is not known (${resource.reason})`,
    inst.attrSource(attr),
  );
}

export const RAM_HANDLERS = {
  elements: { aws_ram_resource_share: handleShare, aws_ram_permission: handlePermission },
  links: {
    aws_ram_principal_association: handlePrincipalAssociation,
    aws_ram_resource_share_permission_association: handlePermissionAssociation,
    aws_ram_resource_share_associations_exclusive: handleExclusivePrincipals,
  },
  late: {
    aws_ram_resource_association: handleResourceAssociation,
    aws_ram_resource_share_associations_exclusive: handleExclusiveResources,
  },
};
