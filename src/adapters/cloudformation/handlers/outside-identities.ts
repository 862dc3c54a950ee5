// Who outside AWS (or outside IAM) gets a role's credentials through a service: Amazon Cognito
// identity pools (AWS::Cognito::IdentityPool: AllowUnauthenticatedIdentities, AllowClassicFlow,
// CognitoIdentityProviders, SupportedLoginProviders, OpenIdConnectProviderARNs,
// SamlProviderARNs, DeveloperProviderName), the roles a pool hands out
// (AWS::Cognito::IdentityPoolRoleAttachment: IdentityPoolId, Roles, RoleMappings) and EKS Pod
// Identity associations (AWS::EKS::PodIdentityAssociation: ClusterName, Namespace,
// ServiceAccount, RoleArn), and EKS clusters (AWS::EKS::Cluster, CDK's Custom::AWSCDK-EKS-Cluster)
// with the OIDC issuer IRSA trusts, as the CloudFormation Template Reference documents them. What
// they mean is src/aws/cognito-identity-pools.ts's, src/aws/eks-pod-identity.ts's and
// src/aws/eks-clusters.ts's.

import {
  classicFlowNotSet,
  GUESTS_DEFAULT,
  poolProviderLabels,
} from '../../../aws/cognito-identity-pools.js';
import { issuerHost } from '../../../aws/eks-clusters.js';
import { type Maybe, Unknown } from '../../../model/unknown.js';
import { isRecord, NO_VALUE, type Resolved, scalarString } from '../values.js';
import type { CfnResourceScope, ResourceHandler } from './scope.js';

const presenceOf = (scope: CfnResourceScope) => (scope.presence ? { presence: scope.presence } : {});

/** A string of a resolved value, Unknown when not a string. */
function text(scope: CfnResourceScope, v: Resolved | undefined, what: string): Maybe<string> {
  const s = v === undefined || v === NO_VALUE ? undefined : scalarString(v);
  return typeof s === 'string' || s instanceof Unknown
    ? s
    : new Unknown(`${what} of ${scope.logicalId} is not a known string`, scope.source);
}

/** A boolean property: `true`/`"true"`, `false`/`"false"`, `fallback` when absent, else Unknown. */
function bool(scope: CfnResourceScope, name: string, fallback: Maybe<boolean>): Maybe<boolean> {
  const v = scope.prop(name);
  if (v === undefined || v === NO_VALUE || v === null) return fallback;
  if (v instanceof Unknown) return v;
  if (v === true || v === 'true') return true;
  if (v === false || v === 'false') return false;
  return new Unknown(`${name} of ${scope.logicalId} is not a known boolean`, scope.sourceOf(name));
}

function strings(scope: CfnResourceScope, name: string): Maybe<string>[] {
  const list = scope.list(name);
  if (list === undefined) return [];
  if (list instanceof Unknown) return [list];
  return list.map((v) => text(scope, v, name));
}

const identityPool: ResourceHandler = {
  create(scope) {
    const id = scope.ctx.identity(scope.logicalId);
    const userPools = scope.list('CognitoIdentityProviders');
    const social = scope.prop('SupportedLoginProviders');
    const developer = scope.prop('DeveloperProviderName');
    scope.builder.addCognitoIdentityPool({
      id: typeof id.ref === 'string' ? id.ref : String(id.name),
      name: text(scope, id.attribute('Name'), 'IdentityPoolName'),
      account: scope.account,
      allowUnauthenticated: bool(scope, 'AllowUnauthenticatedIdentities', GUESTS_DEFAULT),
      allowClassicFlow: bool(scope, 'AllowClassicFlow', classicFlowNotSet(scope.source, scope.logicalId)),
      providers: poolProviderLabels({
        userPools:
          userPools instanceof Unknown
            ? [{ provider: userPools, client: userPools }]
            : (userPools ?? []).map((p) => ({
                provider: text(scope, isRecord(p) ? (p.ProviderName as Resolved) : undefined, 'ProviderName'),
                client: text(scope, isRecord(p) ? (p.ClientId as Resolved) : undefined, 'ClientId'),
              })),
        social: social instanceof Unknown ? [social] : isRecord(social) ? Object.keys(social) : [],
        oidc: strings(scope, 'OpenIdConnectProviderARNs'),
        saml: strings(scope, 'SamlProviderARNs'),
        developer:
          developer === undefined || developer === NO_VALUE
            ? undefined
            : text(scope, developer, 'DeveloperProviderName'),
      }),
      source: scope.source,
      ...presenceOf(scope),
    });
  },
};

/** RoleMappings' rule roles and whether a mapping takes the role from the token. */
function roleMappings(scope: CfnResourceScope): { mapped: Maybe<string>[]; tokenMapping: boolean } {
  const m = scope.prop('RoleMappings');
  if (m === undefined || m === NO_VALUE || m === null) return { mapped: [], tokenMapping: false };
  if (m instanceof Unknown) return { mapped: [m], tokenMapping: true };
  const mapped: Maybe<string>[] = [];
  let tokenMapping = false;
  for (const mapping of isRecord(m) ? Object.values(m) : []) {
    if (!isRecord(mapping)) continue;
    const type = mapping.Type;
    if (type !== 'Rules') tokenMapping = true;
    const rules = isRecord(mapping.RulesConfiguration) ? mapping.RulesConfiguration.Rules : undefined;
    if (rules instanceof Unknown) mapped.push(rules);
    else if (Array.isArray(rules))
      for (const r of rules)
        mapped.push(text(scope, isRecord(r) ? (r.RoleARN as Resolved) : undefined, 'RoleARN'));
  }
  return { mapped, tokenMapping };
}

const poolRoles: ResourceHandler = {
  create(scope) {
    const roles = scope.prop('Roles');
    const role = (key: string): Maybe<string> | undefined => {
      if (roles instanceof Unknown) return roles;
      if (!isRecord(roles) || roles[key] === undefined) return undefined;
      return text(scope, roles[key] as Resolved, `Roles.${key}`);
    };
    scope.builder.addCognitoPoolRoles({
      pool: text(scope, scope.prop('IdentityPoolId'), 'IdentityPoolId'),
      authenticated: role('authenticated'),
      unauthenticated: role('unauthenticated'),
      ...roleMappings(scope),
      source: scope.source,
      ...presenceOf(scope),
    });
  },
};

const podIdentityAssociation: ResourceHandler = {
  create(scope) {
    scope.builder.addPodIdentityAssociation({
      cluster: text(scope, scope.prop('ClusterName'), 'ClusterName'),
      namespace: text(scope, scope.prop('Namespace'), 'Namespace'),
      serviceAccount: text(scope, scope.prop('ServiceAccount'), 'ServiceAccount'),
      role: text(scope, scope.prop('RoleArn'), 'RoleArn'),
      account: scope.account,
      source: scope.source,
      ...presenceOf(scope),
    });
  },
};

/** An EKS cluster: its name, ARN and OIDC issuer as its identity gives them (resource-identity.ts). */
const eksCluster: ResourceHandler = {
  create(scope) {
    const id = scope.ctx.identity(scope.logicalId);
    const url = text(scope, id.attribute('OpenIdConnectIssuerUrl'), 'OpenIdConnectIssuerUrl');
    scope.builder.addEksCluster({
      name: id.name ?? new Unknown(`the name of ${scope.logicalId} is not known`, scope.source),
      arn: id.arn ?? new Unknown(`the ARN of ${scope.logicalId} is not known`, scope.source),
      issuer: typeof url === 'string' ? issuerHost(url) : url,
      account: scope.account,
      source: scope.source,
      ...presenceOf(scope),
    });
  },
};

export const OUTSIDE_IDENTITY_HANDLERS: Record<string, ResourceHandler> = {
  'AWS::Cognito::IdentityPool': identityPool,
  'AWS::Cognito::IdentityPoolRoleAttachment': poolRoles,
  'AWS::EKS::PodIdentityAssociation': podIdentityAssociation,
  'AWS::EKS::Cluster': eksCluster,
  // CDK's cluster is a custom resource: its provider's code runs at deployment as well (index.ts)
  'Custom::AWSCDK-EKS-Cluster': eksCluster,
};
