// EKS clusters of the inputs and their OIDC issuer, the link of IAM roles for service accounts
// (IRSA) to a cluster: both adapters build a cluster's issuer URL here, analysis/federated-trust.ts
// and analysis/who-can.ts find the cluster of a trusted OIDC provider and say which of its service
// accounts a trust lets in.
//
// Amazon EKS User Guide, "Create an IAM OIDC provider for your cluster": "Your cluster has an
// OpenID Connect (OIDC) issuer URL associated with it. To use AWS Identity and Access Management
// (IAM) roles for service accounts, an IAM OIDC provider must exist for your cluster's OIDC issuer
// URL." The issuer is `https://oidc.eks.REGION.amazonaws.com/id/ID` (the same guide reads the ID
// with `cut -d '/' -f 5` of `cluster.identity.oidc.issuer`); EKS picks the ID when it creates the
// cluster, so before deployment the host is known and the ID is an unknown name part (the engine
// matches it as any name, and the same text as the same ID: src/engine/unknown-names.ts). The EKS
// API Reference, OIDC: "issuer: The issuer URL for the OIDC identity provider." (CloudFormation's
// `Fn::GetAtt Cluster.OpenIdConnectIssuerUrl`, CDK's cluster custom resource likewise, Terraform's
// `aws_eks_cluster` `identity[0].oidc[0].issuer`.)
//
// "Configure a Kubernetes service account to assume an IAM role": "Any Pods that are configured
// to use the service account can then access any AWS service that the role has permissions to
// access." The role's trust tests `OIDC_PROVIDER:aud` = `sts.amazonaws.com` and
// `OIDC_PROVIDER:sub` = `system:serviceaccount:NAMESPACE:SERVICE_ACCOUNT`.

import { unknownSegmentPart } from '../model/stand-ins.js';
import type { EksCluster, Model } from '../model/types.js';

/** The DNS suffix of a partition's regional endpoints. */
function dnsSuffix(partition: string): string {
  return partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com';
}

/**
 * The OIDC issuer URL of a cluster the inputs create: the known host of its Region and an
 * unknown ID named after `hint` (the logical id or address), the same text wherever it is read.
 * The ID is the last segment of the URL's path, the fifth `/`-separated field (the EKS User
 * Guide reads it with `cut -d '/' -f 5`): a non-empty run without `/` (`unknownSegmentPart`), so
 * `replace(issuer, "https://", "")` of Terraform's IRSA trusts is known (eval/fn-text.ts).
 */
export function eksIssuerUrl(partition: string, region: string, hint: string): string {
  return `https://oidc.eks.${region}.${dnsSuffix(partition)}/id/${unknownSegmentPart(`${hint}-oidc-issuer-id`)}`;
}

/** An issuer URL as an OIDC provider's name and claim prefix: without `https://` and a trailing `/`. */
export function issuerHost(url: string): string {
  return url.replace(/^https:\/\//i, '').replace(/\/+$/, '');
}

/** `arn:PARTITION:eks:REGION:ACCOUNT:cluster/NAME` (Service Authorization Reference, Amazon EKS, `cluster`). */
export function eksClusterArn(partition: string, region: string, account: string, name: string): string {
  return `arn:${partition}:eks:${region}:${account}:cluster/${name}`;
}

/** The cluster of the inputs whose OIDC issuer is `issuer` (a claim prefix, any case), if any. */
export function clusterOfIssuer(model: Model, issuer: string): EksCluster | undefined {
  const wanted = issuer.toLowerCase();
  return model.eksClusters?.find((c) => typeof c.issuer === 'string' && c.issuer.toLowerCase() === wanted);
}

/** A cluster in words: `EKS cluster NAME`. */
export function describeCluster(cluster: EksCluster): string {
  return `EKS cluster ${typeof cluster.name === 'string' ? cluster.name : `(name not known: ${cluster.name.reason})`}`;
}

const SERVICE_ACCOUNT_SUB = 'system:serviceaccount:';

/**
 * The service accounts an IRSA `sub` value names, in words: `service account NS/SA`,
 * `service accounts of namespace NS` (`system:serviceaccount:NS:*`), or the value as is when it
 * names no single namespace.
 */
export function describeSubject(sub: string): string {
  if (!sub.startsWith(SERVICE_ACCOUNT_SUB)) return `subject ${sub}`;
  const [namespace, account, ...rest] = sub.slice(SERVICE_ACCOUNT_SUB.length).split(':');
  if (namespace === undefined || account === undefined || rest.length || /[*?]/.test(namespace))
    return `subject ${sub}`;
  return /[*?]/.test(account)
    ? `service accounts ${account} of namespace ${namespace}`
    : `service account ${account} of namespace ${namespace}`;
}

/**
 * The pods an IRSA `sub` value lets in, in words, after `any pod of CLUSTER`: `with service
 * account SA in namespace NS`, `with a service account in namespace NS`
 * (`system:serviceaccount:NS:*`), `with any service account of the cluster` (a pattern every
 * service account's subject matches: `*`, `system:serviceaccount:*`, `system:serviceaccount:*:*`),
 * else `with a service account whose subject matches SUB`. "Any Pods that are configured to use
 * the service account can then access any AWS service that the role has permissions to access"
 * (module comment): whoever can run such a pod gets the role.
 */
export function describePodSubject(sub: string): string {
  if (coversEveryServiceAccount(sub)) return 'with any service account of the cluster';
  if (!sub.startsWith(SERVICE_ACCOUNT_SUB)) return `with a service account whose subject matches ${sub}`;
  const [namespace, account, ...rest] = sub.slice(SERVICE_ACCOUNT_SUB.length).split(':');
  if (namespace === undefined || account === undefined || rest.length || /[*?]/.test(namespace))
    return `with a service account whose subject matches ${sub}`;
  if (/^\*+$/.test(account)) return `with a service account in namespace ${namespace}`;
  return /[*?]/.test(account)
    ? `with a service account matching ${account} in namespace ${namespace}`
    : `with service account ${account} in namespace ${namespace}`;
}

/**
 * Does the `sub` pattern match the subject of every service account
 * (`system:serviceaccount:NAMESPACE:NAME`, neither part holding `:`)? Its text before the first
 * wildcard leads to `system:serviceaccount:` and only `*` follow it, or it is
 * `system:serviceaccount:*:*`.
 */
function coversEveryServiceAccount(sub: string): boolean {
  const at = sub.search(/[*?]/);
  if (at < 0) return false;
  const head = sub.slice(0, at);
  if (SERVICE_ACCOUNT_SUB.startsWith(head) && /^\*+$/.test(sub.slice(at))) return true;
  return /^system:serviceaccount:\*+:\*+$/.test(sub);
}
