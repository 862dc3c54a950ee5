// AWS RAM resource shares in Terraform: aws_ram_resource_share (the share and its managed
// permissions), aws_ram_principal_association (who it is shared with) and
// aws_ram_resource_association (what it shares), joined by the share's ARN or the configuration's
// reference to the share. Each shared resource gets the statements `resourceShareDocument`
// (src/aws/ram.ts) makes: the share's principals may perform the managed permission's actions,
// which are not in the inputs, so what they may do is indeterminate, never nothing.

import { kindOfArn } from '../../../aws/resource-policies.js';
import { anySharedResource, resourceShareDocument, sharedContents } from '../../../aws/ram.js';
import { parseArn } from '../../../model/arns.js';
import type { Source } from '../../../model/source.js';
import { isUnknown, type Maybe, Unknown } from '../../../model/unknown.js';
import { parsePolicy } from '../../../policy/parse.js';
import type { PolicyDocument } from '../../../policy/types.js';
import { andPresence } from '../eval/branches.js';
import type { TfInstance } from '../instances.js';
import { stringOrUnknown, type TfLoadState } from './context.js';
import { envOf } from './instance-region.js';

interface Share {
  arn: Maybe<string> | undefined;
  name: Maybe<string> | undefined;
  permissions: Maybe<Maybe<string>[]> | undefined;
}

interface PrincipalAssociation {
  /** The share's address (or ARN for a share outside the configuration); Unknown when not known. */
  share: string | Unknown;
  principal: Maybe<string>;
  presence: Unknown | undefined;
  source: Source;
}

interface RamState {
  shares: Map<string, Share>;
  principals: PrincipalAssociation[];
}

const states = new WeakMap<TfLoadState, RamState>();

function state(ctx: TfLoadState): RamState {
  let s = states.get(ctx);
  if (!s) {
    s = { shares: new Map(), principals: [] };
    states.set(ctx, s);
  }
  return s;
}

/** The address without its instance key (`aws_ram_resource_share.s["a"]` → `aws_ram_resource_share.s`). */
function base(address: string): string {
  return address.replace(/\[[^\]]*\]$/, '');
}

/** aws_ram_resource_share: recorded for its associations. */
function handleShare(ctx: TfLoadState, inst: TfInstance): void {
  const v = inst.values;
  const permissions = isUnknown(v.permission_arns)
    ? v.permission_arns
    : Array.isArray(v.permission_arns) && v.permission_arns.length
      ? v.permission_arns.map(
          (p) => stringOrUnknown(p) ?? new Unknown('a permission ARN is not a string', inst.source),
        )
      : undefined;
  state(ctx).shares.set(inst.address, {
    arn: stringOrUnknown(v.arn),
    name: stringOrUnknown(v.name),
    permissions,
  });
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
  const s = state(ctx);
  const share = shareOf(ctx, inst);
  const known = typeof share === 'string' ? s.shares.get(share) : undefined;
  const resource =
    stringOrUnknown(inst.values.resource_arn) ??
    new Unknown(`${inst.address} has no resource_arn`, inst.source);
  const documents: PolicyDocument[] = [];
  const make = (principals: Maybe<Maybe<string>[]>, presence: Unknown | undefined, source: Source) => {
    const raw = resourceShareDocument(
      { name: known?.name, principals, permissions: known?.permissions, resource },
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
  const id = targetOf(ctx, inst, resource);
  // The share lives in the region of the association's provider configuration.
  const env = envOf(ctx, inst.values);
  for (const doc of documents) {
    if (typeof id === 'string') {
      ctx.builder.addResourcePolicy(id, doc);
      ctx.builder.addGoverned(id, sharedContents(id));
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
        source: inst.attrSource('resource_arn'),
      });
  }
}

/** The model resource a resource association shares: by ARN (added when outside the model), by reference, or Unknown. */
function targetOf(ctx: TfLoadState, inst: TfInstance, resource: Maybe<string>): string | Unknown {
  if (typeof resource === 'string') {
    if (!ctx.builder.getResource(resource)) {
      const p = parseArn(resource);
      ctx.builder.addResource({
        kind: kindOfArn(resource)?.kind ?? 'other',
        arn: resource,
        name: p?.resource ?? resource,
        account: p?.account || ctx.env.account,
        region: p?.region || undefined,
        source: inst.attrSource('resource_arn'),
      });
    }
    return resource;
  }
  const refs = ctx.referenced(inst, 'resource_arn', ['resource']);
  if (refs.length === 1) return refs[0]!.id;
  return new Unknown(
    `the resource in resource_arn of ${inst.address} is not known (${resource.reason})`,
    inst.attrSource('resource_arn'),
  );
}

export const RAM_HANDLERS = {
  elements: { aws_ram_resource_share: handleShare },
  links: { aws_ram_principal_association: handlePrincipalAssociation },
  late: { aws_ram_resource_association: handleResourceAssociation },
};
