// Who an IRSA trust lets in, in words: the service accounts of which EKS cluster (the cluster of
// the inputs whose OIDC issuer the trusted provider is, src/aws/eks-clusters.ts `clusterOfIssuer`)
// a role's trust admits through its `sub` condition (`system:serviceaccount:NAMESPACE:NAME`), for
// the federated entry points (analysis/federated-trust.ts), the weak-trust findings and who-can's
// `via` (analysis/who-can.ts).

import { clusterOfIssuer, describeCluster, describeSubject } from '../aws/eks-clusters.js';
import { isEksIssuer } from '../aws/eks-pod-identity.js';
import { claimPrefixOf, federationKindOf } from '../model/federation.js';
import type { Model, Role } from '../model/types.js';
import { isUnknown } from '../model/unknown.js';
import type { Statement } from '../policy/types.js';
import { pinningClauses } from './pinning-clauses.js';

/** The EKS cluster behind an OIDC issuer in words: the cluster of the inputs, or its issuer. */
export function clusterWords(model: Model, issuer: string): string {
  const cluster = clusterOfIssuer(model, issuer);
  return cluster ? describeCluster(cluster) : `the EKS cluster of OIDC issuer ${issuer}`;
}

/** Does the trust statement name federated principal `p` (or any principal)? */
function names(st: Statement, p: string): boolean {
  return !!st.principal?.wildcard || (st.principal?.federated?.values ?? []).includes(p);
}

/**
 * The service accounts the Allow statements of `role`'s trust let in through the EKS OIDC
 * provider `p`, in words (`service account api of namespace payments of EKS cluster prod`;
 * `any service account of EKS cluster prod` when a statement tests no `sub`); undefined when `p`
 * is no EKS issuer's provider or the trust names it in no Allow statement.
 */
export function irsaCallers(model: Model, role: Role | undefined, p: string): string | undefined {
  const issuer = claimPrefixOf(p);
  if (!role?.trustPolicy || federationKindOf(p) !== 'oidc' || !issuer || !isEksIssuer(issuer))
    return undefined;
  const key = `${issuer.toLowerCase()}:sub`;
  const subjects = new Set<string>();
  let any = false;
  for (const st of role.trustPolicy.statements) {
    if (st.effect !== 'Allow' || st.unknown || !names(st, p)) continue;
    const clauses = pinningClauses(st, key);
    const unknownClause = st.conditions.some((c) => c.key === '' || c.base === undefined);
    if (!clauses.length && unknownClause) subjects.add('service accounts a condition not known admits');
    else if (!clauses.length) any = true;
    // clauses are ANDed: the last one's values say it as well as any (each must hold)
    const values = clauses.at(-1)?.values ?? [];
    for (const v of values)
      subjects.add(isUnknown(v) ? `a subject not known (${v.reason})` : describeSubject(v));
  }
  const cluster = clusterWords(model, issuer);
  if (any) return `any service account of ${cluster}`;
  if (!subjects.size) return undefined;
  return `${[...subjects].join(', ')} of ${cluster}`;
}
