// EKS Pod Identity in the review of federated trusts (analysis/federated-trust.ts): the roles
// whose trust lets `pods.eks.amazonaws.com` in without a condition on the session tags that say
// which cluster, namespace or service account (src/aws/eks-pod-identity.ts), and the pods each
// Pod Identity association of the inputs hands a role to, as entry points.

import { POD_IDENTITY_SCOPE_TAGS, POD_IDENTITY_SERVICE } from '../aws/eks-pod-identity.js';
import type { Engine } from '../engine/engine.js';
import type { RequestContext } from '../engine/types.js';
import { describePodSubject } from '../aws/eks-clusters.js';
import type { Model, PodIdentityAssociation, Role } from '../model/types.js';
import { isUnknown, type Maybe } from '../model/unknown.js';
import type { ConditionClause, Statement } from '../policy/types.js';
import { decideAnyContext } from './free-decision.js';
import { indeterminateField } from './indeterminate.js';
import { indeterminateSeverity } from './risk-severity.js';
import { withEntryFacts } from './entry-condition-facts.js';
import type { FederatedEntry, RiskFinding, StatementRef } from './types.js';

const ASSUME = 'sts:AssumeRole';
const WITH_REASONS = Object.freeze({ reasons: true });
const SCOPE_KEYS = new Set(POD_IDENTITY_SCOPE_TAGS.map((t) => `aws:requesttag/${t}`));

/** Does the statement let the Pod Identity service in by name? */
function namesPodIdentity(st: Statement): boolean {
  return (st.principal?.service?.values ?? []).some((v) => v === POD_IDENTITY_SERVICE);
}

/** A positive condition on one of the Pod Identity session tags (cluster, namespace, service account). */
function scopes(c: ConditionClause): boolean {
  if (c.set === 'ForAllValues' || c.ifExists || !SCOPE_KEYS.has(c.key.toLowerCase())) return false;
  return /^(StringEquals|StringLike|StringEqualsIgnoreCase|ArnEquals|ArnLike)$/.test(c.base ?? '');
}

/**
 * `weak-federated-trust` findings for the roles whose trust lets EKS Pod Identity assume them
 * with no condition on the cluster, namespace or service account: any Pod Identity association
 * of the account (made by whoever may call eks:CreatePodIdentityAssociation with iam:PassRole on
 * the role) hands the role to the pods it names.
 */
export function podIdentityWeakTrusts(engine: Engine, roles: readonly Role[]): RiskFinding[] {
  const out: RiskFinding[] = [];
  for (const role of roles) {
    const trust = role.trustPolicy;
    if (!trust || trust.unknown) continue;
    for (const st of trust.statements) {
      if (st.effect !== 'Allow' || st.unknown || !namesPodIdentity(st)) continue;
      if (st.conditions.some(scopes)) continue;
      const d = decideAnyContext(
        engine,
        { principal: POD_IDENTITY_SERVICE, action: ASSUME, resource: role.arn },
        WITH_REASONS,
      );
      if (d.access === 'deny') continue;
      const grants: StatementRef[] = d.grants.filter((g) => g.statement === undefined || g.stage === 'trust');
      out.push({
        kind: 'weak-federated-trust',
        // a trust decision left undecided: one step lower, as weak federated trusts
        // (federated-trust.ts, risk-severity.ts `indeterminateSeverity`)
        severity: d.access === 'indeterminate' ? indeterminateSeverity('medium', false) : 'medium',
        subject: role.arn,
        message: `role ${role.name} trusts ${POD_IDENTITY_SERVICE} (EKS Pod Identity, ${ASSUME}) with no condition on aws:RequestTag/eks-cluster-arn, eks-cluster-name, kubernetes-namespace or kubernetes-service-account: the pods of any cluster, namespace and service account that a Pod Identity association of the account names can assume it (whoever may call eks:CreatePodIdentityAssociation with iam:PassRole on it picks them)`,
        statements: grants.length ? grants : d.grants,
        ...indeterminateField(d.access, d.reasons, {
          text: `EKS Pod Identity entering role ${role.name} depends on what the inputs do not pin down`,
          source: st.source ?? role.source,
        }),
      });
    }
  }
  return out;
}

const known = (v: Maybe<string>): string | undefined => (isUnknown(v) ? undefined : v);

/** The caller of a Pod Identity association's entry point, in words (its finding's `entry.callerLabel`). */
function callerLabelOf(a: PodIdentityAssociation): string {
  const [cluster, namespace, account] = [known(a.cluster), known(a.namespace), known(a.serviceAccount)];
  return `EKS pods of service account ${namespace ?? '(unknown namespace)'}/${account ?? '(unknown service account)'} in cluster ${cluster ?? '(unknown cluster)'} (Pod Identity association)`;
}

/**
 * The callers of the Pod Identity entry point `callerLabel` into `role` as the pods they are, as
 * IRSA's (irsa-callers.ts `irsaPods`, src/aws/eks-clusters.ts `describePodSubject`): `any pod of
 * EKS cluster prod with service account api in namespace payments`, whoever can run such a pod
 * gets the role ("EKS Pod Identity uses AssumeRole to assume the IAM role before passing the
 * temporary credentials to your pods", src/aws/eks-pod-identity.ts); with `key`, what tells the
 * associations apart (`EKS Pod Identity prod/payments/api`). Undefined when no association of the
 * inputs is that entry point. For the review's outside-escalation findings.
 */
export function podIdentityPods(
  model: Model,
  role: string,
  callerLabel: string,
): { pods: string; key: string } | undefined {
  const a = (model.podIdentityAssociations ?? []).find(
    (x) => !isUnknown(x.role) && x.role === role && callerLabelOf(x) === callerLabel,
  );
  if (!a) return undefined;
  const [cluster, namespace, account] = [known(a.cluster), known(a.namespace), known(a.serviceAccount)];
  const which =
    namespace !== undefined && account !== undefined
      ? describePodSubject(`system:serviceaccount:${namespace}:${account}`)
      : `with service account ${account ?? '(not known)'} in namespace ${namespace ?? '(not known)'}`;
  return {
    pods: `any pod of ${cluster !== undefined ? `EKS cluster ${cluster}` : 'an EKS cluster not known'} ${which}`,
    key: `EKS Pod Identity ${cluster ?? '(unknown cluster)'}/${namespace ?? '(unknown namespace)'}/${account ?? '(unknown service account)'}`,
  };
}

/**
 * The entry points of the Pod Identity associations of the inputs: the pods of the service
 * account each names, into its role when the role's trust lets EKS Pod Identity in with the
 * session tags of that cluster, namespace and service account (an unknown one stays free).
 */
export function podIdentityEntryPoints(
  engine: Engine,
  roles: readonly Role[],
): (FederatedEntry & { grants: StatementRef[] })[] {
  const out: (FederatedEntry & { grants: StatementRef[] })[] = [];
  const byArn = new Map(roles.map((r) => [r.arn, r]));
  for (const a of engine.model.podIdentityAssociations ?? []) {
    const role = isUnknown(a.role) ? undefined : byArn.get(a.role);
    if (!role) continue;
    const [cluster, namespace, account] = [known(a.cluster), known(a.namespace), known(a.serviceAccount)];
    const context: Record<string, string> = {};
    if (cluster) context['aws:RequestTag/eks-cluster-name'] = cluster;
    if (namespace) context['aws:RequestTag/kubernetes-namespace'] = namespace;
    if (account) context['aws:RequestTag/kubernetes-service-account'] = account;
    const request = {
      principal: POD_IDENTITY_SERVICE,
      action: ASSUME,
      resource: role.arn,
      context: context as RequestContext,
    };
    const d = decideAnyContext(engine, request, WITH_REASONS);
    if (d.access === 'deny') continue;
    out.push(
      withEntryFacts(
        {
          caller: POD_IDENTITY_SERVICE,
          callerLabel: callerLabelOf(a),
          role: role.arn,
          roleName: role.name,
          action: ASSUME,
          access: d.access,
          conditions: d.conditions,
          ...(d.reasons ? { reasons: d.reasons } : {}),
          grants: d.grants,
        },
        d.conditionFacts,
      ),
    );
  }
  return out;
}
