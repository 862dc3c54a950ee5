// The review's outside-escalation finding for an IRSA trust (a role an EKS cluster's OIDC provider
// may assume, analysis/risk-outside-escalation.ts `entryPoints`, worded by
// analysis/irsa-callers.ts `irsaPods`): its callers are the pods of the cluster with the service
// accounts the trust's `sub` admits, that is whoever can run such a pod, not "federated users,
// outside the account" as the finding said before. The severity rule is unchanged: a `sub` over
// every namespace (or none) lets any service account in, high; one namespace or service account,
// a real limit, medium.
// Pages:
// - Amazon EKS User Guide, "Configure a Kubernetes service account to assume an IAM role": "Any
//   Pods that are configured to use the service account can then access any AWS service that the
//   role has permissions to access."; the role's trust tests `OIDC_PROVIDER:sub` =
//   `system:serviceaccount:NAMESPACE:SERVICE_ACCOUNT`.
// - IAM User Guide, "Switch from a user to an IAM role (AWS CLI)": "When you assume a role, you
//   give up your original permissions and take the permissions assigned to the role".

import { describe, expect, it } from 'vitest';
import { reviewRisks } from '../src/analysis/risks.js';
import type { RiskFinding } from '../src/analysis/types.js';
import { describePodSubject } from '../src/aws/eks-clusters.js';
import { compileModel } from '../src/engine/index.js';
import { runCli } from './fixtures/cli/run.js';
import { EKS_CLUSTER_TF } from './helpers/eks-cluster.js';
import { loadTerraformFiles, writeTempFiles } from './helpers/temp-inputs.js';

const ACCOUNT = '111122223333';
const ATTACH = 'Rhino Security Labs method 9';

/** A role `name` the cluster's pods may assume under the `sub` condition `sub`, that may attach any policy to itself. */
function role(name: string, sub?: { test: string; value: string }): string {
  const subCondition = sub
    ? `
    condition {
      test     = "${sub.test}"
      variable = "\${local.issuer}:sub"
      values   = ["${sub.value}"]
    }`
    : '';
  return `
data "aws_iam_policy_document" "${name}" {
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = [aws_iam_openid_connect_provider.prod.arn]
    }
    condition {
      test     = "StringEquals"
      variable = "\${local.issuer}:aud"
      values   = ["sts.amazonaws.com"]
    }${subCondition}
  }
}

resource "aws_iam_role" "${name}" {
  name               = "${name}"
  assume_role_policy = data.aws_iam_policy_document.${name}.json
}

resource "aws_iam_role_policy" "${name}" {
  role = aws_iam_role.${name}.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "iam:AttachRolePolicy", Resource = aws_iam_role.${name}.arn }]
  })
}
`;
}

/** The cluster prod, its OIDC provider and `local.issuer` (account ACCOUNT, us-west-2). */
const CLUSTER = EKS_CLUSTER_TF;

const ROLES = [
  role('api', { test: 'StringEquals', value: 'system:serviceaccount:payments:api' }),
  role('payments', { test: 'StringLike', value: 'system:serviceaccount:payments:*' }),
  role('anyns', { test: 'StringLike', value: 'system:serviceaccount:*' }),
  role('nosub'),
].join('');

const outside = (risks: readonly RiskFinding[]) => risks.filter((f) => f.kind === 'outside-escalation');
/**
 * Each way of an outside-escalation finding as the finding's detail was before the review grouped
 * them (one finding per caller, role and way: `CALLER: WAY`), joined with `, `.
 */
const ways = (f: RiskFinding) => (f.ways ?? []).map((w) => `${f.detail}: ${w.detail}`).join(', ');
const ISSUER =
  /OIDC provider oidc\.eks\.us-west-2\.amazonaws\.com\/id\/\(unknown-segment=aws_eks_cluster\.prod-oidc-issuer-id\)/;

describe('an IRSA trust into a role that can escalate: the callers are the pods of the cluster', () => {
  const risks = reviewRisks(compileModel(loadTerraformFiles(CLUSTER + ROLES)));
  const byRole = (name: string) =>
    outside(risks).filter((f) => f.subject === `arn:aws:iam::${ACCOUNT}:role/${name}`);

  it('one finding per role, the severity as before (a sub over every namespace, or none: high; one namespace or service account: medium)', () => {
    expect(
      ['api', 'payments', 'anyns', 'nosub'].map((r) =>
        byRole(r).map((f) => `${ways(f).endsWith(ATTACH)} ${f.severity}`),
      ),
    ).toEqual([['true medium'], ['true medium'], ['true high'], ['true high']]);
  });

  it('the message names the pods and who can run them (was: "… of EKS cluster prod (EKS service accounts (OIDC provider …)) (federated users, outside the account)")', () => {
    const opens = (name: string) => byRole(name)[0]!.message.split(' can raise its privileges')[0]!;
    expect(opens('api')).toMatch(
      /^any pod of EKS cluster prod with service account api in namespace payments \(IRSA through OIDC provider .*: whoever can run such a pod in the cluster\)$/,
    );
    expect(opens('payments')).toMatch(
      /^any pod of EKS cluster prod with a service account in namespace payments \(IRSA/,
    );
    expect(opens('anyns')).toMatch(
      /^any pod of EKS cluster prod with any service account of the cluster \(IRSA/,
    );
    expect(opens('nosub')).toMatch(
      /^any pod of EKS cluster prod with any service account of the cluster \(IRSA/,
    );
    for (const name of ['api', 'payments', 'anyns', 'nosub']) {
      expect(opens(name)).toMatch(ISSUER);
      expect(byRole(name)[0]!.message).not.toContain('federated users, outside the account');
    }
  });

  it('the federated entry point and weak-trust findings keep their wording (service accounts of the cluster)', () => {
    const entry = risks.find((f) => f.kind === 'federated-entry-point' && f.subject.endsWith(':role/api'));
    expect(entry?.message).toMatch(
      /^service account api of namespace payments of EKS cluster prod \(EKS service accounts/,
    );
  });
});

describe('the pods a sub value admits, in words (src/aws/eks-clusters.ts describePodSubject)', () => {
  it.each([
    ['system:serviceaccount:payments:api', 'with service account api in namespace payments'],
    ['system:serviceaccount:payments:*', 'with a service account in namespace payments'],
    ['system:serviceaccount:payments:api-*', 'with a service account matching api-* in namespace payments'],
    ['system:serviceaccount:*:*', 'with any service account of the cluster'],
    ['system:serviceaccount:*', 'with any service account of the cluster'],
    ['system:*', 'with any service account of the cluster'],
    ['*', 'with any service account of the cluster'],
    [
      'system:serviceaccount:*:api',
      'with a service account whose subject matches system:serviceaccount:*:api',
    ],
    [
      'system:serviceaccount:pay*:*',
      'with a service account whose subject matches system:serviceaccount:pay*:*',
    ],
  ])('%s: %s', (sub, words) => {
    expect(describePodSubject(sub)).toBe(words);
  });
});

describe('every report writes it so', () => {
  const base = writeTempFiles({ 'main.tf': CLUSTER }, 'iamspec-irsa-base-');
  const next = writeTempFiles({ 'main.tf': CLUSTER + role('nosub') }, 'iamspec-irsa-next-');
  const OPENS =
    'any pod of EKS cluster prod with any service account of the cluster (IRSA through OIDC provider';

  it('matrix: JSON message and HTML', async () => {
    const json = JSON.parse((await runCli(['matrix', next, '--format', 'json'])).stdout);
    const found = outside(json.risks as RiskFinding[]);
    expect(found.map((f) => f.severity)).toEqual(['high']);
    expect(found[0]!.message.startsWith(OPENS)).toBe(true);
    const html = (await runCli(['matrix', next, '--format', 'html'])).stdout;
    const start = html.indexOf('<section class="risk" data-kind="outside-escalation">');
    expect(start).toBeGreaterThanOrEqual(0);
    expect(html.slice(start, html.indexOf('</section>', start))).toContain(OPENS);
  });

  it('diff: text, Markdown, SARIF and JSON', async () => {
    const diff = async (format: string) =>
      (await runCli(['diff', '--base', base, next, '--format', format])).stdout;
    expect(await diff('text')).toContain(`[high] ${OPENS}`);
    expect(await diff('markdown')).toContain(OPENS);
    const sarif = JSON.parse(await diff('sarif'));
    const results = sarif.runs[0].results as { message: { text: string } }[];
    expect(results.some((r) => r.message.text.includes(OPENS))).toBe(true);
    const added = JSON.parse(await diff('json')).risks.added as RiskFinding[];
    expect(outside(added).map((f) => f.message.startsWith(OPENS))).toEqual([true]);
  });
});
