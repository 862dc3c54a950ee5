// IRSA trusts linked to the EKS cluster of the inputs whose OIDC issuer the trusted provider is
// (src/aws/eks-clusters.ts, analysis/irsa-callers.ts), on test/fixtures/cognito-eks/eks-cluster
// (CloudFormation with AWS::EKS::Cluster and CDK's Custom::AWSCDK-EKS-Cluster) and its Terraform
// twin. Before, `!GetAtt Cluster.OpenIdConnectIssuerUrl` was wholly unknown: the OIDC provider's
// ARN was unknown, and no finding or entry point named the cluster.
//
// Amazon EKS User Guide, "Create an IAM OIDC provider for your cluster": "Your cluster has an
// OpenID Connect (OIDC) issuer URL associated with it. To use AWS Identity and Access Management
// (IAM) roles for service accounts, an IAM OIDC provider must exist for your cluster's OIDC issuer
// URL." EKS API Reference, OIDC: "issuer: The issuer URL for the OIDC identity provider."
// "Configure a Kubernetes service account to assume an IAM role": "Any Pods that are configured to
// use the service account can then access any AWS service that the role has permissions to
// access."; the role's trust tests `$oidc_provider:aud` = `sts.amazonaws.com` and
// `$oidc_provider:sub` = `system:serviceaccount:$namespace:$service_account`.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadTemplateObject, parseTemplateText } from '../src/adapters/cloudformation/index.js';
import { loadTerraformConfig } from '../src/adapters/terraform/index.js';
import { listFederatedEntryPoints, weakFederatedTrusts } from '../src/analysis/federated-trust.js';
import { whoCan } from '../src/analysis/who-can.js';
import { describeSubject, eksIssuerUrl, issuerHost } from '../src/aws/eks-clusters.js';
import type { Engine } from '../src/engine/engine.js';
import { compileModel } from '../src/engine/index.js';
import { ModelBuilder } from '../src/model/builder.js';
import type { Model } from '../src/model/types.js';

const ACCOUNT = '111122223333';
const DIR = 'test/fixtures/cognito-eks/eks-cluster';

function cfnModel(): Model {
  const file = `${DIR}/template.yaml`;
  const { value, locate } = parseTemplateText(readFileSync(file, 'utf8'), file);
  const b = new ModelBuilder();
  loadTemplateObject(value, b, { account: ACCOUNT, region: 'us-west-2', stackName: 'ek', file, locate });
  return b.build();
}

function tfModel(): Model {
  const b = new ModelBuilder();
  loadTerraformConfig(`${DIR}/tf`, b, {});
  return b.build();
}

/** The weak federated trust findings on the role `role` of ACCOUNT. */
const findingsOn = (engine: Engine, role: string) =>
  weakFederatedTrusts(engine).filter((f) => f.subject === `arn:aws:iam::${ACCOUNT}:role/${role}`);
/** The federated entry point into the role `role`. */
const entryOn = (engine: Engine, role: string) =>
  listFederatedEntryPoints(engine).find((e) => e.roleName === role)!;
/** who-can s3:GetObject on payments/q1.csv: the entries of the identity provider `provider`. */
const irsaEntries = (engine: Engine, provider: unknown) =>
  whoCan(engine, 's3:GetObject', 'arn:aws:s3:::payments/q1.csv').entries.filter(
    (e) => e.principal === provider,
  );

describe('the issuer URL of a cluster the inputs create', () => {
  it('has the known host of its Region and an unknown ID', () => {
    const url = eksIssuerUrl('aws', 'eu-west-1', 'Cluster');
    expect(url).toMatch(
      /^https:\/\/oidc\.eks\.eu-west-1\.amazonaws\.com\/id\/\(unknown-segment=Cluster-oidc-issuer-id\)$/,
    );
    expect(eksIssuerUrl('aws-cn', 'cn-north-1', 'c')).toMatch(
      /^https:\/\/oidc\.eks\.cn-north-1\.amazonaws\.com\.cn\/id\//,
    );
    expect(issuerHost(url)).toBe(
      'oidc.eks.eu-west-1.amazonaws.com/id/(unknown-segment=Cluster-oidc-issuer-id)',
    );
  });

  it('names the service accounts of a sub value', () => {
    expect(describeSubject('system:serviceaccount:payments:api')).toBe(
      'service account api of namespace payments',
    );
    expect(describeSubject('system:serviceaccount:jobs:*')).toBe('service accounts * of namespace jobs');
    expect(describeSubject('system:serviceaccount:*:api')).toBe('subject system:serviceaccount:*:api');
  });
});

describe('CloudFormation: the OIDC provider of a cluster of the template', () => {
  const model = cfnModel();
  const engine = compileModel(model);
  const providerOf = (cluster: string) =>
    model.identityProviders.find((p) => {
      const c = model.eksClusters!.find((x) => x.name === cluster)!;
      return p.arn === `arn:aws:iam::${ACCOUNT}:oidc-provider/${c.issuer}`;
    });

  it('models AWS::EKS::Cluster and the CDK cluster with their issuer, and links each provider to it', () => {
    expect(model.eksClusters?.map((c) => c.name).sort()).toEqual(['cdk-cluster', 'prod']);
    for (const c of model.eksClusters!) {
      expect(c.arn).toBe(`arn:aws:eks:us-west-2:${ACCOUNT}:cluster/${c.name}`);
      expect(c.issuer).toMatch(/^oidc\.eks\.us-west-2\.amazonaws\.com\/id\/\(unknown-/);
      expect(providerOf(c.name as string)).toBeDefined();
    }
  });

  it('an entry point names the cluster, the namespace and the service account', () => {
    const of = (role: string) => entryOn(engine, role);
    expect(of('PaymentsApiRole').callerLabel).toMatch(
      /^service account api of namespace payments of EKS cluster prod \(EKS service accounts/,
    );
    expect(of('PaymentsApiRole').access).toBe('conditional');
    expect(of('WorkerServiceAccountRole').callerLabel).toMatch(
      /^service account worker of namespace jobs of EKS cluster cdk-cluster /,
    );
    expect(of('AnyServiceAccountRole').callerLabel).toMatch(/^any service account of EKS cluster prod /);
  });

  it('a trust without sub is a finding naming the cluster; one pinning the service account is none', () => {
    const of = (role: string) => findingsOn(engine, role);
    const [f] = of('AnyServiceAccountRole');
    expect(f?.severity).toBe('high');
    expect(f?.message).toContain(
      ':sub condition: any service account of EKS cluster prod, in any namespace, can assume it',
    );
    expect(f?.indeterminate).toBeUndefined();
    expect(of('PaymentsApiRole')).toEqual([]);
    expect(of('WorkerServiceAccountRole')).toEqual([]);
  });

  it('who-can says which service account of which cluster gets in', () => {
    const irsa = irsaEntries(engine, providerOf('prod')!.arn);
    expect(irsa.map((e) => [e.access, e.via])).toEqual([
      ['conditional', 'service account api of namespace payments of EKS cluster prod'],
    ]);
  });
});

describe('Terraform: aws_eks_cluster identity[0].oidc[0].issuer', () => {
  const model = tfModel();
  const engine = compileModel(model);

  it('is the issuer of the cluster, and the provider built from it is the cluster provider', () => {
    const [cluster] = model.eksClusters ?? [];
    expect(cluster).toMatchObject({ name: 'prod', arn: `arn:aws:eks:us-west-2:${ACCOUNT}:cluster/prod` });
    expect(cluster!.issuer).toBe(
      'oidc.eks.us-west-2.amazonaws.com/id/(unknown-segment=aws_eks_cluster.prod-oidc-issuer-id)',
    );
    expect(model.identityProviders.map((p) => p.arn)).toEqual([
      `arn:aws:iam::${ACCOUNT}:oidc-provider/${cluster!.issuer}`,
    ]);
  });

  // The claim keys written `${replace(aws_iam_openid_connect_provider.prod.url, "https://", "")}:sub`,
  // with trimprefix, or with replace of the cluster's issuer: the ID is one URL path segment (no
  // `/`, src/aws/eks-clusters.ts), so "https://" occurs only in the known scheme and the key is
  // known (eval/fn-text.ts `partlyKnownTextCall`). Before, replace() of a value holding an
  // unknown name part was unknown and every such trust indeterminate.
  const findingsOf = (role: string) => findingsOn(engine, role);
  const entryOf = (role: string) => entryOn(engine, role);

  it('a trust pinning sub to a service account is decided: no finding, the service account named', () => {
    expect(findingsOf('PaymentsApiRole')).toEqual([]);
    expect(entryOf('PaymentsApiRole').access).toBe('conditional');
    expect(entryOf('PaymentsApiRole').callerLabel).toMatch(
      /^service account api of namespace payments of EKS cluster prod /,
    );
    expect(findingsOf('WorkerServiceAccountRole')).toEqual([]);
    expect(entryOf('WorkerServiceAccountRole').callerLabel).toMatch(
      /^service account worker of namespace jobs of EKS cluster prod /,
    );
  });

  it('a trust without sub is the finding naming the cluster, not indeterminate', () => {
    for (const role of ['AnyServiceAccountRole', 'AnyViaIssuerRole']) {
      const [f, ...rest] = findingsOf(role);
      expect(rest).toEqual([]);
      expect(f?.severity).toBe('high');
      expect(f?.message).toContain(
        ':sub condition: any service account of EKS cluster prod, in any namespace, can assume it',
      );
      expect(f?.indeterminate).toBeUndefined();
      expect(entryOf(role).callerLabel).toMatch(/^any service account of EKS cluster prod /);
    }
  });

  it('who-can says which service account of the cluster gets in', () => {
    const irsa = irsaEntries(engine, model.identityProviders[0]!.arn);
    expect(irsa.map((e) => [e.access, e.via])).toEqual([
      ['conditional', 'service account api of namespace payments of EKS cluster prod'],
    ]);
  });
});
