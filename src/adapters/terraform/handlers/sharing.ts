// Terraform resources that share a resource with other accounts without a policy document:
// aws_ami_launch_permission, aws_snapshot_create_volume_permission, aws_ssm_document
// `permissions`, aws_vpc_endpoint_service `allowed_principals`,
// aws_vpc_endpoint_service_allowed_principal, aws_db_snapshot / aws_db_cluster_snapshot
// `shared_accounts`, aws_imagebuilder_distribution_configuration `launch_permission`. Each share
// becomes the statements `sharingGrantDocument` (src/aws/sharing-grants.ts) makes, on the shared
// resource (added when outside the model); an unknown resource may be any resource of its type
// in the account (`attachToUnknownResource`).

import { SHARING_GRANTS, type SharingKind, sharingGrantDocument } from '../../../aws/sharing-grants.js';
import { isUnknown, type Maybe, Unknown } from '../../../model/unknown.js';
import { parsePolicy } from '../../../policy/parse.js';
import type { TfInstance } from '../instances.js';
import { stringOrUnknown, type TfLoadState } from './context.js';
import { envOf } from './instance-region.js';

type Handler = (ctx: TfLoadState, inst: TfInstance) => void;

/** A list (or set) of strings, Unknown as a whole; undefined when not set. */
function strings(inst: TfInstance, attr: string): Maybe<Maybe<string>[]> | undefined {
  const v = inst.values[attr];
  // computed when the configuration surely leaves it unset (the provider fills it from the
  // separate per-principal resources, modelled on their own)
  if (isUnknown(v)) return inst.configured(attr) === false ? undefined : v;
  if (!Array.isArray(v)) return undefined;
  return v.map(
    (x) =>
      stringOrUnknown(x) ??
      new Unknown(`an element of ${attr} of ${inst.address} is not a string`, inst.attrSource(attr)),
  );
}

/**
 * Adds the share's statements to the shared resource: `arn` when the inputs give it, else the
 * kind's ARN of `id`; an unknown id leaves the resource unknown.
 */
function share(
  ctx: TfLoadState,
  inst: TfInstance,
  kind: SharingKind,
  target: { arn?: Maybe<string> | undefined; id: Maybe<string> | undefined; idAttr: string; name?: string },
  sharedWith: Maybe<readonly Maybe<string>[]>,
  attr: string,
  region?: string,
): void {
  const g = SHARING_GRANTS[kind];
  const env = { ...envOf(ctx, inst.values), ...(region ? { region } : {}) };
  const arn =
    typeof target.arn === 'string'
      ? target.arn
      : typeof target.id === 'string'
        ? g.arn(env.partition, env.region, env.account, target.id)
        : new Unknown(
            `the ${g.what} ${inst.address} shares is not known (${isUnknown(target.id) ? target.id.reason : `no ${target.idAttr}`})`,
            inst.attrSource(target.idAttr),
          );
  const raw = sharingGrantDocument({ kind, sharedWith, resource: arn }, ctx.env.partition);
  const parsed = parsePolicy(raw, { kind: 'resource', source: inst.attrSource(attr) });
  const doc = inst.presence
    ? {
        ...parsed,
        presence: inst.presence,
        statements: parsed.statements.map((st) => ({ ...st, presence: st.presence ?? inst.presence })),
      }
    : parsed;
  if (typeof arn === 'string') {
    if (!ctx.builder.getResource(arn))
      ctx.builder.addResource({
        kind: 'other',
        arn,
        name: target.name ?? (typeof target.id === 'string' ? target.id : inst.address),
        account: env.account,
        region: env.region,
        source: inst.source,
        ...(inst.presence ? { presence: inst.presence } : {}),
      });
    ctx.builder.addResourcePolicy(arn, doc);
    return;
  }
  ctx.builder.attachToUnknownResource({
    kind: 'other',
    account: env.account,
    policy: doc,
    replaces: false,
    reason: arn,
    arnOf: (name) => g.arn(env.partition, env.region, env.account, name),
    region: env.region,
    what: g.what,
    carries: 'sharing',
    among: [g.arn(env.partition, env.region, env.account, '*')],
    hint: inst.address,
    source: inst.attrSource(target.idAttr),
  });
}

/** aws_ami_launch_permission: one of account_id, group ("all"), organization_arn, organizational_unit_arn. */
const amiLaunchPermission: Handler = (ctx, inst) => {
  const attrs = ['account_id', 'group', 'organization_arn', 'organizational_unit_arn'];
  const given = attrs.map((a) => stringOrUnknown(inst.values[a])).filter((x) => x !== undefined);
  const sharedWith = given.length
    ? given
    : new Unknown(`${inst.address} names none of ${attrs.join(', ')}`, inst.source);
  share(
    ctx,
    inst,
    'ami-launch',
    { id: stringOrUnknown(inst.values.image_id), idAttr: 'image_id' },
    sharedWith,
    'account_id',
  );
};

/** aws_snapshot_create_volume_permission: account_id may create volumes from snapshot_id. */
const snapshotVolumePermission: Handler = (ctx, inst) => {
  const account =
    stringOrUnknown(inst.values.account_id) ??
    new Unknown(`${inst.address} has no account_id`, inst.attrSource('account_id'));
  share(
    ctx,
    inst,
    'ebs-snapshot-volume',
    { id: stringOrUnknown(inst.values.snapshot_id), idAttr: 'snapshot_id' },
    [account],
    'account_id',
  );
};

/**
 * aws_ssm_document `permissions`: a map with `type` "Share" and `account_ids`, "a comma-separated
 * list of AWS account IDs or All" (Terraform AWS provider, aws_ssm_document). Unset: not shared.
 */
const ssmDocument: Handler = (ctx, inst) => {
  const p = inst.values.permissions;
  if (p === undefined || p === null || (isUnknown(p) && inst.configured('permissions') === false)) return;
  let sharedWith: Maybe<Maybe<string>[]>;
  if (isUnknown(p)) sharedWith = p;
  else {
    const perms = (Array.isArray(p) ? p[0] : p) as Record<string, unknown> | undefined;
    if (!perms || typeof perms !== 'object') return;
    const ids = perms.account_ids;
    if (isUnknown(ids)) sharedWith = ids;
    else if (typeof ids === 'string')
      sharedWith = ids
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '');
    else if (Array.isArray(ids))
      sharedWith = ids.map((x) => stringOrUnknown(x) ?? new Unknown('an account id is not a string'));
    else return;
  }
  share(
    ctx,
    inst,
    'ssm-document',
    { arn: stringOrUnknown(inst.values.arn), id: stringOrUnknown(inst.values.name), idAttr: 'name' },
    sharedWith,
    'permissions',
  );
};

/** aws_vpc_endpoint_service `allowed_principals`: principals that may connect ("*": public). */
const endpointService: Handler = (ctx, inst) => {
  const sharedWith = strings(inst, 'allowed_principals');
  if (sharedWith === undefined) return;
  share(
    ctx,
    inst,
    'endpoint-service',
    { arn: stringOrUnknown(inst.values.arn), id: stringOrUnknown(inst.values.id), idAttr: 'id' },
    sharedWith,
    'allowed_principals',
  );
};

/** aws_vpc_endpoint_service_allowed_principal: principal_arn may connect to vpc_endpoint_service_id. */
const endpointServicePrincipal: Handler = (ctx, inst) => {
  const principal =
    stringOrUnknown(inst.values.principal_arn) ??
    new Unknown(`${inst.address} has no principal_arn`, inst.attrSource('principal_arn'));
  share(
    ctx,
    inst,
    'endpoint-service',
    { id: stringOrUnknown(inst.values.vpc_endpoint_service_id), idAttr: 'vpc_endpoint_service_id' },
    [principal],
    'principal_arn',
  );
};

/** aws_db_snapshot / aws_db_cluster_snapshot `shared_accounts` ("all": public). */
function rdsSnapshot(
  kind: 'rds-snapshot' | 'rds-cluster-snapshot',
  arnAttr: string,
  idAttr: string,
): Handler {
  return (ctx, inst) => {
    const sharedWith = strings(inst, 'shared_accounts');
    if (sharedWith === undefined || (Array.isArray(sharedWith) && !sharedWith.length)) return;
    share(
      ctx,
      inst,
      kind,
      { arn: stringOrUnknown(inst.values[arnAttr]), id: stringOrUnknown(inst.values[idAttr]), idAttr },
      sharedWith,
      'shared_accounts',
    );
  };
}

/**
 * aws_imagebuilder_distribution_configuration: each `distribution`'s
 * `ami_distribution_configuration.launch_permission` (user_ids, user_groups "all",
 * organization_arns, organizational_unit_arns) is a launch permission on the AMIs the pipelines
 * using it make in that region ("Launch permissions can be used to configure which AWS accounts
 * can use the AMI to launch instances", EC2 Image Builder API Reference,
 * LaunchPermissionConfiguration): those AMIs are not in the inputs, so it may be on any AMI of
 * the account in the region.
 */
const imageBuilderDistribution: Handler = (ctx, inst) => {
  const images = new Unknown(
    `the AMIs the Image Builder pipelines using ${inst.address} distribute are made after apply`,
    inst.attrSource('distribution'),
  );
  const dists = inst.values.distribution;
  if (isUnknown(dists)) {
    share(ctx, inst, 'ami-launch', { id: images, idAttr: 'distribution' }, dists, 'distribution');
    return;
  }
  if (!Array.isArray(dists)) return;
  const first = (v: unknown): Record<string, unknown> | Unknown | undefined =>
    isUnknown(v)
      ? v
      : Array.isArray(v) && v[0] && typeof v[0] === 'object'
        ? (v[0] as Record<string, unknown>)
        : undefined;
  for (const d of dists) {
    if (!d || typeof d !== 'object') continue;
    const dist = d as Record<string, unknown>;
    const ami = first(dist.ami_distribution_configuration);
    const lp = isUnknown(ami) ? ami : ami && first(ami.launch_permission);
    if (lp === undefined) continue;
    let sharedWith: Maybe<Maybe<string>[]>;
    if (isUnknown(lp)) sharedWith = lp;
    else {
      const all: Maybe<string>[] = [];
      for (const k of ['user_ids', 'user_groups', 'organization_arns', 'organizational_unit_arns']) {
        const v = lp[k];
        if (isUnknown(v)) all.push(v);
        else if (Array.isArray(v))
          for (const x of v)
            all.push(
              stringOrUnknown(x) ?? new Unknown(`an element of ${k} of ${inst.address} is not a string`),
            );
      }
      if (!all.length) continue;
      sharedWith = all;
    }
    const region = typeof dist.region === 'string' && dist.region ? dist.region : undefined;
    share(
      ctx,
      inst,
      'ami-launch',
      { id: images, idAttr: 'distribution' },
      sharedWith,
      'distribution',
      region,
    );
  }
};

export const SHARING_HANDLERS: Record<string, Handler> = {
  aws_ami_launch_permission: amiLaunchPermission,
  aws_snapshot_create_volume_permission: snapshotVolumePermission,
  aws_ssm_document: ssmDocument,
  aws_vpc_endpoint_service: endpointService,
  aws_vpc_endpoint_service_allowed_principal: endpointServicePrincipal,
  aws_db_snapshot: rdsSnapshot('rds-snapshot', 'db_snapshot_arn', 'db_snapshot_identifier'),
  aws_imagebuilder_distribution_configuration: imageBuilderDistribution,
  aws_db_cluster_snapshot: rdsSnapshot(
    'rds-cluster-snapshot',
    'db_cluster_snapshot_arn',
    'db_cluster_snapshot_identifier',
  ),
};
