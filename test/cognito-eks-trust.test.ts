// Who outside AWS becomes a role through Amazon Cognito identity pools and EKS (IRSA, Pod
// Identity): the pools, their role attachments and the Pod Identity associations of the inputs
// (src/aws/cognito-identity-pools.ts, src/aws/eks-pod-identity.ts, both adapters) and what the
// review says of the trusts (src/analysis/federated-trust.ts, cognito-guests.ts,
// pod-identity-trust.ts), on test/fixtures/cognito-eks and its Terraform twin.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadTemplateObject, parseTemplateText } from '../src/adapters/cloudformation/index.js';
import { loadTerraformConfig } from '../src/adapters/terraform/index.js';
import { listFederatedEntryPoints, weakFederatedTrusts } from '../src/analysis/federated-trust.js';
import { reviewRisks } from '../src/analysis/risks.js';
import { whoCan } from '../src/analysis/who-can.js';
import { compileModel } from '../src/engine/index.js';
import { ModelBuilder } from '../src/model/builder.js';
import { formatWhoCanText } from '../src/report/who-can-text.js';
import type { Model } from '../src/model/types.js';

const ACCOUNT = '111122223333';
const role = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;

function cfnModel(): Model {
  const file = 'test/fixtures/cognito-eks/template.yaml';
  const { value, locate } = parseTemplateText(readFileSync(file, 'utf8'), file);
  const b = new ModelBuilder();
  loadTemplateObject(value, b, { account: ACCOUNT, region: 'us-west-2', stackName: 'ce', file, locate });
  return b.build();
}

function tfModel(): Model {
  const b = new ModelBuilder();
  loadTerraformConfig('test/fixtures/cognito-eks/tf', b, {});
  return b.build();
}

describe.each([
  ['CloudFormation', cfnModel],
  ['Terraform', tfModel],
])('Cognito identity pools and EKS (%s)', (_name, load) => {
  const model = load();
  const engine = compileModel(model);
  const findings = weakFederatedTrusts(engine);
  const of = (name: string) => findings.filter((f) => f.subject === role(name));
  const entries = listFederatedEntryPoints(engine);
  const entriesOf = (name: string) => entries.filter((e) => e.roleName === name);

  it('models each pool, its role attachment and the Pod Identity association', () => {
    const pools = new Map((model.cognitoIdentityPools ?? []).map((p) => [p.name, p]));
    expect([...pools.keys()].sort()).toEqual(['classic', 'guests', 'private']);
    expect(pools.get('guests')).toMatchObject({ allowUnauthenticated: true, allowClassicFlow: false });
    expect(pools.get('classic')).toMatchObject({ allowUnauthenticated: true, allowClassicFlow: true });
    expect(pools.get('private')).toMatchObject({ allowUnauthenticated: false });
    expect(pools.get('guests')!.providers).toEqual([
      'Amazon Cognito user pool cognito-idp.us-west-2.amazonaws.com/us-west-2_abc (app client client123)',
      'web identity provider accounts.google.com',
    ]);
    // the pool id is REGION:GUID; the trust's `aud` names the pool by reference: the same text
    expect(pools.get('guests')!.id).toMatch(/^us-west-2:\(unknown-/);
    const [attachment] = model.cognitoPoolRoles ?? [];
    expect(attachment).toMatchObject({
      pool: pools.get('guests')!.id,
      unauthenticated: role('GuestRole'),
      authenticated: role('UserRole'),
    });
    expect(model.podIdentityAssociations).toMatchObject([
      { cluster: 'prod', namespace: 'payments', serviceAccount: 'api', role: role('PodIdentityScoped') },
    ]);
  });

  // Amazon Cognito Developer Guide, "IAM roles": "You can specify default IAM roles for
  // authenticated and unauthenticated users." ... "Remember that unauthenticated identities will
  // be assumed by users who do not log in to your app." "Role trust and permissions" (the
  // unauthenticated role's trust): "the policy restricts the aud of the token, in this case the
  // identity pool ID, to match the identity pool. Finally, the policy specifies that one of the
  // array members of the multi-value amr claim of the token issued by the Amazon Cognito
  // GetOpenIdToken API operation has the value unauthenticated."
  // The pool's classic flow is off: its guests' credentials carry Cognito's enhanced-flow
  // scope-down (AmazonCognitoUnAuthedIdentitiesSessionPolicy), which allows none of what the role
  // grants (s3:GetObject): low (test/cognito-guest-scope-down-review.test.ts).
  it('the unauthenticated role of a pool that allows guests: anonymous internet users can assume it (low: scoped down)', () => {
    const [f] = of('GuestRole');
    expect(f?.severity).toBe('low');
    expect(f?.message).toContain("but Cognito's scope-down of enhanced-flow guests");
    expect(f?.message).toContain('anonymous internet users (guests of Amazon Cognito identity pool guests (');
    expect(f?.message).toContain('a role attachment of the pool gives its guests this role');
    expect(f?.indeterminate).toBeUndefined();
    const guests = entriesOf('GuestRole').find((e) => e.callerLabel.startsWith('anonymous internet users'));
    expect(guests?.access).toBe('allow');
  });

  // "Identity pools authentication flow": "Amazon Cognito has two different flows for
  // authentication with public providers: enhanced and basic." In the basic flow the app calls
  // GetOpenIdToken, then AssumeRoleWithWebIdentity itself with the role it chooses.
  it('the classic (basic) flow: guests can assume any role that trusts the pool, attached or not (high)', () => {
    const [f] = of('ClassicGuestRole');
    expect(f?.severity).toBe('high');
    expect(f?.message).toContain('guests of Amazon Cognito identity pool classic');
    expect(f?.message).toContain(
      'classic (basic) flow lets its guests call sts:AssumeRoleWithWebIdentity with any role',
    );
  });

  // Near miss. AWS Mobile blog, "Understanding Amazon Cognito Authentication Part 4: Enhanced
  // Flow": "When calling GetCredentialsForIdentity, Amazon Cognito is actually making the call to
  // AssumeRoleWithWebIdentity on your behalf. In order to do so, Amazon Cognito must have an
  // association between your identity pool and the roles the identities in that pool can
  // assume." Terraform AWS provider, aws_cognito_identity_pool: allow_classic_flow "Default is
  // false." With the classic flow off, guests get the attachment's unauthenticated role only.
  it("enhanced flow only: a role that trusts the pool's guests but is not its unauthenticated role is out of their reach", () => {
    expect(of('StrayGuestRole')).toEqual([]);
    expect(entriesOf('StrayGuestRole').some((e) => e.callerLabel.startsWith('anonymous'))).toBe(false);
  });

  // Near miss: with the classic flow off, the pool hands its guests the unauthenticated role and
  // its users the authenticated one (or a role-mapping rule's): a role that trusts the pool but
  // that no attachment names is no pool caller's, though its trust admits the pool's tokens.
  it('a role that trusts the pool but that its role attachment never hands out: no pool caller gets it', () => {
    expect(of('UnattachedRole')).toEqual([]);
    // The trust admits only tokens of that pool (its aud condition), and the pool hands the role
    // to nobody: not even Cognito's own entry is left (analysis/cognito-flow.ts). Before, the trust
    // policy alone listed "Amazon Cognito identity pools" as an entry point into the role.
    expect(entriesOf('UnattachedRole')).toEqual([]);
  });

  // Near miss: a pool that allows no unauthenticated identities has no guests, so a trust
  // without an amr condition admits its signed-in users only.
  it('a pool without guest access: no guest finding, its signed-in users are the entry point', () => {
    expect(of('PrivatePoolRole')).toEqual([]);
    const users = entriesOf('PrivatePoolRole').filter((e) => e.callerLabel.startsWith('users of'));
    expect(users.map((e) => e.callerLabel)).toEqual([
      expect.stringContaining('users of Amazon Cognito identity pool private'),
    ]);
    // no role attachment in the inputs: which role the pool gives its users is not known
    expect(users[0]?.access).toBe('conditional');
    expect(users[0]?.conditions.join('\n')).toContain('no role attachment of the inputs');
  });

  it("the authenticated role: the pool's users, named by their providers", () => {
    expect(of('UserRole')).toEqual([]);
    const users = entriesOf('UserRole').find((e) => e.callerLabel.startsWith('users of'));
    expect(users?.callerLabel).toContain(
      'signed in through Amazon Cognito user pool cognito-idp.us-west-2.amazonaws.com/us-west-2_abc (app client client123), web identity provider accounts.google.com',
    );
    expect(users?.access).toBe('allow');
  });

  it('a pool outside the inputs: guests too, whether the pool allows them unknown (medium)', () => {
    const [f] = of('OutsidePoolRole');
    expect(f?.severity).toBe('medium');
    expect(f?.message).toContain('unauthenticated (guest) identities too');
    expect(f?.message).toContain('is not in the inputs');
  });

  it('a pool id the inputs do not give: indeterminate, with the reason', () => {
    const [f] = of('UnknownPoolRole');
    expect(f?.message).toContain('naming an identity pool that is not known');
    expect(f?.indeterminate?.reasons.map((r) => r.text).join('\n')).toMatch(/PoolIdParam|pool_id/);
  });

  // IAM User Guide, "IAM JSON policy elements: Condition operators", StringLike: "The values can
  // include multi-character match wildcards (*)". DataRobot, "IRSA role" (the trust with StringLike
  // `...:sub` = `system:serviceaccount:*`): "all service accounts in any namespace
  // (system:serviceaccount:*:*) configured to use this role can perform the
  // sts:AssumeRoleWithWebIdentity action."
  it('IRSA: a sub wildcard over namespaces is any service account of the cluster (high); one namespace is not', () => {
    const [f] = of('IrsaAnyNamespace');
    expect(f?.severity).toBe('high');
    expect(f?.message).toContain(
      'any service account of the EKS cluster of OIDC issuer oidc.eks.us-west-2.amazonaws.com/id/ABCDEF0123456789, in any namespace',
    );
    expect(of('IrsaOneNamespace')).toEqual([]);
  });

  // Amazon EKS User Guide, "Create IAM role with trust policy required by EKS Pod Identity":
  // "EKS Pod Identity uses AssumeRole to assume the IAM role before passing the temporary
  // credentials to your pods." "EKS Pod Identity uses TagSession to include session tags in the
  // requests to AWS STS." "You can use these tags in the condition keys in the trust policy to
  // restrict which service accounts, namespaces, and clusters can use this role."
  it('Pod Identity: a trust with no session-tag condition serves any association (medium); a scoped one does not', () => {
    const [f] = of('PodIdentityAnyPod');
    expect(f?.severity).toBe('medium');
    expect(f?.message).toContain('trusts pods.eks.amazonaws.com (EKS Pod Identity, sts:AssumeRole)');
    expect(f?.message).toContain('eks:CreatePodIdentityAssociation');
    expect(f?.statements.map((s) => s.stage)).toContain('trust');
    expect(of('PodIdentityScoped')).toEqual([]);
  });

  it('Pod Identity: the association of the inputs is an entry point into its role', () => {
    const [e] = entriesOf('PodIdentityScoped');
    expect(e).toMatchObject({
      caller: 'pods.eks.amazonaws.com',
      callerLabel: 'EKS pods of service account payments/api in cluster prod (Pod Identity association)',
      action: 'sts:AssumeRole',
      access: 'allow',
    });
  });

  it("who-can names the pool's guests on Cognito's path into the role", () => {
    const r = whoCan(engine, 's3:GetObject', 'arn:aws:s3:::reports/q1.csv');
    const cognito = r.entries.find(
      (e) => e.principal === 'cognito-identity.amazonaws.com' && e.path.at(-1)?.role === role('GuestRole'),
    );
    expect(cognito?.via).toContain(
      'anonymous internet users (guests of Amazon Cognito identity pool guests (',
    );
    // The stray role trusts the pool's guests, but the enhanced flow never hands it to them and
    // the trust admits no other pool's tokens: Cognito has no path into it (before, who-can
    // decided the hop on the trust policy alone and listed the path without a caller).
    const stray = r.entries.find(
      (e) =>
        e.principal === 'cognito-identity.amazonaws.com' &&
        e.path.some((h) => h.role === role('StrayGuestRole')),
    );
    expect(stray).toBeUndefined();
    expect(formatWhoCanText(r)).toContain(
      'via: anonymous internet users (guests of Amazon Cognito identity pool',
    );
  });

  it('the review carries the findings and the entry points', () => {
    const review = reviewRisks(engine);
    const weak = review.filter((r) => r.kind === 'weak-federated-trust').map((r) => r.subject);
    expect(weak).toEqual(
      expect.arrayContaining([role('GuestRole'), role('IrsaAnyNamespace'), role('PodIdentityAnyPod')]),
    );
    const entry = review.filter((r) => r.kind === 'federated-entry-point').map((r) => r.message);
    expect(
      entry.some((m) =>
        m.includes(
          'through the identity pools of the inputs: anonymous internet users (guests of Amazon Cognito identity pool guests',
        ),
      ),
    ).toBe(true);
  });
});
