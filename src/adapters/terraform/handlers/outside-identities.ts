// Who outside AWS (or outside IAM) gets a role's credentials through a service, in Terraform:
// aws_cognito_identity_pool (allow_unauthenticated_identities, allow_classic_flow,
// cognito_identity_providers, supported_login_providers, openid_connect_provider_arns,
// saml_provider_arns, developer_provider_name; both flags default to false),
// aws_cognito_identity_pool_roles_attachment (identity_pool_id, roles, role_mapping) and
// aws_eks_pod_identity_association (cluster_name, namespace, service_account, role_arn) and
// aws_eks_cluster (name, arn, identity[0].oidc[0].issuer: the OIDC issuer IRSA trusts, filled by
// eval/computed.ts), as the Terraform AWS provider documents them. What they mean is
// src/aws/cognito-identity-pools.ts's, src/aws/eks-pod-identity.ts's and src/aws/eks-clusters.ts's.

import {
  CLASSIC_FLOW_DEFAULT,
  GUESTS_DEFAULT,
  newIdentityPoolId,
  poolProviderLabels,
} from '../../../aws/cognito-identity-pools.js';
import { issuerHost } from '../../../aws/eks-clusters.js';
import { isUnknown, type Maybe, Unknown } from '../../../model/unknown.js';
import type { TfInstance } from '../instances.js';
import { stringOrUnknown, type TfLoadState } from './context.js';

const presenceOf = (inst: TfInstance) => (inst.presence ? { presence: inst.presence } : {});

function text(inst: TfInstance, v: unknown, attr: string): Maybe<string> {
  return (
    stringOrUnknown(v) ?? new Unknown(`${inst.address}: ${attr} is not a known string`, inst.attrSource(attr))
  );
}

function bool(inst: TfInstance, attr: string, fallback: boolean): Maybe<boolean> {
  const v = inst.values[attr];
  if (v === undefined || v === null) return fallback;
  if (isUnknown(v)) return v;
  if (v === true || v === 'true') return true;
  if (v === false || v === 'false') return false;
  return new Unknown(`${inst.address}: ${attr} is not a known boolean`, inst.attrSource(attr));
}

/** A list (or set) attribute's entries; an unknown list is one unknown entry. */
function entries(inst: TfInstance, attr: string): unknown[] {
  const v = inst.values[attr];
  if (isUnknown(v)) return [v];
  return Array.isArray(v) ? v : [];
}

const field = (o: unknown, k: string): unknown =>
  isUnknown(o) ? o : o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined;

export function handleCognitoIdentityPool(ctx: TfLoadState, inst: TfInstance): void {
  // computed.ts fills the id of a pool the plan does not know (`newIdentityPoolId`)
  const id =
    typeof inst.values.id === 'string' ? inst.values.id : newIdentityPoolId(ctx.env.region, inst.address);
  const social = inst.values.supported_login_providers;
  const developer = inst.values.developer_provider_name;
  ctx.builder.addCognitoIdentityPool({
    id,
    name: text(inst, inst.values.identity_pool_name, 'identity_pool_name'),
    account: ctx.env.account,
    allowUnauthenticated: bool(inst, 'allow_unauthenticated_identities', GUESTS_DEFAULT),
    allowClassicFlow: bool(inst, 'allow_classic_flow', CLASSIC_FLOW_DEFAULT),
    providers: poolProviderLabels({
      userPools: entries(inst, 'cognito_identity_providers').map((p) => ({
        provider: text(inst, field(p, 'provider_name'), 'cognito_identity_providers'),
        client: text(inst, field(p, 'client_id'), 'cognito_identity_providers'),
      })),
      social: isUnknown(social) ? [social] : social && typeof social === 'object' ? Object.keys(social) : [],
      oidc: entries(inst, 'openid_connect_provider_arns').map((v) =>
        text(inst, v, 'openid_connect_provider_arns'),
      ),
      saml: entries(inst, 'saml_provider_arns').map((v) => text(inst, v, 'saml_provider_arns')),
      developer:
        developer === undefined || developer === null
          ? undefined
          : text(inst, developer, 'developer_provider_name'),
    }),
    source: inst.source,
    ...presenceOf(inst),
  });
}

export function handleCognitoPoolRoles(ctx: TfLoadState, inst: TfInstance): void {
  const roles = inst.values.roles;
  const role = (key: string): Maybe<string> | undefined => {
    const v = field(roles, key);
    return v === undefined || v === null ? undefined : text(inst, v, `roles.${key}`);
  };
  const mapped: Maybe<string>[] = [];
  let tokenMapping = false;
  for (const m of entries(inst, 'role_mapping')) {
    const type = field(m, 'type');
    if (type !== 'Rules') tokenMapping = true;
    const rules = field(m, 'mapping_rule');
    if (isUnknown(rules)) mapped.push(rules);
    else if (Array.isArray(rules))
      for (const r of rules) mapped.push(text(inst, field(r, 'role_arn'), 'role_mapping'));
  }
  ctx.builder.addCognitoPoolRoles({
    pool: text(inst, inst.values.identity_pool_id, 'identity_pool_id'),
    authenticated: role('authenticated'),
    unauthenticated: role('unauthenticated'),
    mapped,
    tokenMapping,
    source: inst.source,
    ...presenceOf(inst),
  });
}

export function handlePodIdentityAssociation(ctx: TfLoadState, inst: TfInstance): void {
  ctx.builder.addPodIdentityAssociation({
    cluster: text(inst, inst.values.cluster_name, 'cluster_name'),
    namespace: text(inst, inst.values.namespace, 'namespace'),
    serviceAccount: text(inst, inst.values.service_account, 'service_account'),
    role: text(inst, inst.values.role_arn, 'role_arn'),
    account: ctx.env.account,
    source: inst.source,
    ...presenceOf(inst),
  });
}

export function handleEksCluster(ctx: TfLoadState, inst: TfInstance): void {
  const first = (v: unknown): unknown => (isUnknown(v) ? v : Array.isArray(v) ? v[0] : undefined);
  const issuer = field(first(field(first(inst.values.identity), 'oidc')), 'issuer');
  const url = text(inst, issuer, 'identity[0].oidc[0].issuer');
  ctx.builder.addEksCluster({
    name: text(inst, inst.values.name, 'name'),
    arn: text(inst, inst.values.arn, 'arn'),
    issuer: typeof url === 'string' ? issuerHost(url) : url,
    account: ctx.env.account,
    source: inst.source,
    ...presenceOf(inst),
  });
}
