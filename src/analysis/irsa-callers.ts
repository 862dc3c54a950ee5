// Who an IRSA trust lets in, in words: the service accounts of which EKS cluster (the cluster of
// the inputs whose OIDC issuer the trusted provider is, src/aws/eks-clusters.ts `clusterOfIssuer`)
// a role's trust admits through its `sub` condition (`system:serviceaccount:NAMESPACE:NAME`), for
// the federated entry points (analysis/federated-trust.ts), the weak-trust findings and who-can's
// `via` (analysis/who-can.ts), and as the pods whoever runs them gets the role through, for the
// review's outside-escalation findings (`irsaPods`).

import {
  clusterOfIssuer,
  describeCluster,
  describePodSubject,
  describeSubject,
} from '../aws/eks-clusters.js';
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

/** What the Allow statements of a role's trust admit through an EKS OIDC provider (`irsaAdmits`). */
interface IrsaAdmits {
  issuer: string;
  /** A statement tests no `sub`: every service account of the cluster. */
  any: boolean;
  /**
   * In the statements' order: the `sub` values they require (the last clause of each), a value
   * the inputs leave unknown (why), a statement whose condition is not known (it may test no `sub`).
   */
  admits: ({ sub: string } | { unknownSub: string } | { unknownCondition: true })[];
}

/**
 * What the Allow statements of `role`'s trust let in through the EKS OIDC provider `p`;
 * undefined when `p` is no EKS issuer's provider or the trust names it in no Allow statement.
 */
function irsaAdmits(role: Role | undefined, p: string): IrsaAdmits | undefined {
  const issuer = claimPrefixOf(p);
  if (!role?.trustPolicy || federationKindOf(p) !== 'oidc' || !issuer || !isEksIssuer(issuer))
    return undefined;
  const key = `${issuer.toLowerCase()}:sub`;
  const out: IrsaAdmits = { issuer, any: false, admits: [] };
  for (const st of role.trustPolicy.statements) {
    if (st.effect !== 'Allow' || st.unknown || !names(st, p)) continue;
    const clauses = pinningClauses(st, key);
    const unknownClause = st.conditions.some((c) => c.key === '' || c.base === undefined);
    if (!clauses.length && unknownClause) out.admits.push({ unknownCondition: true });
    else if (!clauses.length) out.any = true;
    // clauses are ANDed: the last one's values say it as well as any (each must hold)
    for (const v of clauses.at(-1)?.values ?? [])
      out.admits.push(isUnknown(v) ? { unknownSub: v.reason } : { sub: v });
  }
  return out.any || out.admits.length ? out : undefined;
}

/**
 * The service accounts the Allow statements of `role`'s trust let in through the EKS OIDC
 * provider `p`, in words (`service account api of namespace payments of EKS cluster prod`;
 * `any service account of EKS cluster prod` when a statement tests no `sub`); undefined when `p`
 * is no EKS issuer's provider or the trust names it in no Allow statement.
 */
export function irsaCallers(model: Model, role: Role | undefined, p: string): string | undefined {
  const a = irsaAdmits(role, p);
  if (!a) return undefined;
  const cluster = clusterWords(model, a.issuer);
  if (a.any) return `any service account of ${cluster}`;
  const subjects = new Set(
    a.admits.map((x) =>
      'sub' in x
        ? describeSubject(x.sub)
        : 'unknownSub' in x
          ? `a subject not known (${x.unknownSub})`
          : 'service accounts a condition not known admits',
    ),
  );
  return `${[...subjects].join(', ')} of ${cluster}`;
}

/**
 * The callers an IRSA trust lets in as the pods they are (`any pod of EKS cluster prod with
 * service account api in namespace payments`, `any pod of EKS cluster prod with any service
 * account of the cluster`), for the review's outside-escalation findings: whoever can run such a
 * pod in the cluster gets the role. Undefined as `irsaCallers`.
 */
export function irsaPods(model: Model, role: Role | undefined, p: string): string | undefined {
  const a = irsaAdmits(role, p);
  if (!a) return undefined;
  const which = a.any
    ? new Set(['with any service account of the cluster'])
    : new Set(
        a.admits.map((x) =>
          'sub' in x
            ? describePodSubject(x.sub)
            : 'unknownSub' in x
              ? `with a service account not known (${x.unknownSub})`
              : 'with a service account a condition not known admits',
        ),
      );
  return `any pod of ${clusterWords(model, a.issuer)} ${[...which].join(', or ')}`;
}
