// Test helper: the EKS cluster prod of test/fixtures/cognito-eks/eks-cluster/tf (account
// 111122223333, us-west-2), its OIDC provider and the claim prefix `local.issuer`, as Terraform
// text, for tests that write their own IRSA roles next to it.

import { readFileSync } from 'node:fs';

/** The fixture's cluster.tf: provider, aws_eks_cluster.prod, its OIDC provider, `local.issuer`. */
export const EKS_CLUSTER_TF = readFileSync(
  new URL('../fixtures/cognito-eks/eks-cluster/tf/cluster.tf', import.meta.url),
  'utf8',
);
