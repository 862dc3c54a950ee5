// EKS workloads that become IAM roles: IAM roles for service accounts (IRSA: the cluster's OIDC
// issuer `oidc.eks.REGION.amazonaws.com/id/ID`, whose `sub` is
// `system:serviceaccount:NAMESPACE:SERVICEACCOUNT`) and EKS Pod Identity (the service principal
// `pods.eks.amazonaws.com`, which assumes the role for the pods of the service account a Pod
// Identity association names). analysis/federated-trust.ts reads these facts.
//
// Amazon EKS User Guide, "Create IAM role with trust policy required by EKS Pod Identity": the
// trust lets `"Service": "pods.eks.amazonaws.com"` do `sts:AssumeRole` and `sts:TagSession`:
// "EKS Pod Identity uses AssumeRole to assume the IAM role before passing the temporary
// credentials to your pods." "EKS Pod Identity uses TagSession to include session tags in the
// requests to AWS STS." "You can use these tags in the condition keys in the trust policy to
// restrict which service accounts, namespaces, and clusters can use this role." Without such a
// condition the role serves every Pod Identity association of the account: whoever may create
// one (eks:CreatePodIdentityAssociation, with iam:PassRole on the role) picks the pods.

/** The service principal of EKS Pod Identity. */
export const POD_IDENTITY_SERVICE = 'pods.eks.amazonaws.com';

/** The session tags EKS Pod Identity sets that say which cluster, namespace and service account. */
export const POD_IDENTITY_SCOPE_TAGS = [
  'eks-cluster-arn',
  'eks-cluster-name',
  'kubernetes-namespace',
  'kubernetes-service-account',
] as const;

/** The issuer of an EKS cluster's OIDC provider (IRSA). */
export const EKS_ISSUER = /^oidc\.eks\.[a-z0-9-]+\.amazonaws\.com(\.cn)?\/id\/[^/:]+$/i;

/** True for the OIDC issuer of an EKS cluster. */
export function isEksIssuer(issuer: string): boolean {
  return EKS_ISSUER.test(issuer);
}

/**
 * Does the IRSA `sub` pattern (a StringLike value) admit service accounts of more than one
 * namespace: a wildcard in the namespace segment of `system:serviceaccount:NAMESPACE:NAME`, or
 * before it (`system:*`, `*`)? `system:serviceaccount:apps:*` admits one namespace.
 */
export function subSpansNamespaces(pattern: string): boolean {
  const prefix = 'system:serviceaccount:';
  if (!pattern.startsWith(prefix)) return /[*?]/.test(pattern.split(':').slice(0, 3).join(':'));
  const namespace = pattern.slice(prefix.length).split(':')[0]!;
  return /[*?]/.test(namespace);
}
