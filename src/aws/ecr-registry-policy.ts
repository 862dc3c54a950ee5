// The Amazon ECR registry policy (PutRegistryPolicy: CloudFormation AWS::ECR::RegistryPolicy,
// Terraform aws_ecr_registry_policy), shared by both adapters: a resource-based policy of the
// private registry of one account in one Region, which ECR enforces on every request to the
// registry's repositories. Amazon ECR User Guide, "Private registry permissions in Amazon ECR"
// (https://docs.aws.amazon.com/AmazonECR/latest/userguide/registry-permissions-create.html):
// "Amazon ECR uses a registry policy to grant permissions to an AWS principal at the private
// registry level." ... "V2 is the expanded registry policy scope that includes all ECR
// permissions. ... The V2 version is the default registry policy scope." and ("Private registry
// permissions in Amazon ECR", registry-permissions.html) "Amazon ECR allows all ECR actions in the
// policy and enforces the registry policy in all ECR requests." and "V1 – For version 1, Amazon
// ECR only enforces the following permissions at the private registry level." (ecr:ReplicateImage,
// ecr:BatchImportUpstreamImage, ecr:CreateRepository). The scope is the account setting
// REGISTRY_POLICY_SCOPE of the registry ("Switching to the extended registry policy scope":
// `aws ecr put-account-setting --name REGISTRY_POLICY_SCOPE --value V2`; Terraform
// aws_ecr_account_setting; CloudFormation has no resource for it): `registryPolicyInScope` reads
// the policy under it. Under V1 each statement holds only those three actions; when the inputs do
// not set it (an older registry may still be V1: "For new users, your registries are
// automatically configured to use the V2 registry policy upon creation"), an Allow is read as V2
// (the wider grant) and a Deny of other actions may not be enforced (maybe-present), its part on
// the three sure. It is kept as an element of its
// own (the registry has no ARN of its own in IAM) whose policy governs every repository ARN of the
// registry (`Resource.governs`): a request on a repository is decided with it as well as with the
// repository's own policy.

import type { ModelBuilder } from '../model/builder.js';
import type { Source } from '../model/source.js';
import { UNKNOWN_REGION } from '../model/stand-ins.js';
import { isUnknown, type Maybe, Unknown } from '../model/unknown.js';
import type { PolicyDocument, Statement, ValueList } from '../policy/types.js';
import { compileGlob } from '../policy/wildcard.js';

export const ECR_REGISTRY_POLICY_PAGE =
  'https://docs.aws.amazon.com/AmazonECR/latest/userguide/registry-permissions-create.html';

/** The ARN patterns of the repositories of the registry of `account` in `region` (any Region when unknown). */
export function ecrRegistryRepositories(partition: string, region: string, account: string): string[] {
  return [`arn:${partition}:ecr:${region === UNKNOWN_REGION ? '*' : region}:${account}:repository/*`];
}

/** A registry policy as an adapter reads it. */
export interface EcrRegistryPolicy {
  /** The element's ARN: the adapter's stand-in for the policy resource (stack and logical id, address). */
  arn: string;
  name: string;
  partition: string;
  account: string;
  region: string;
  /** The policy (an unknown document when its text is unknown). */
  policy: PolicyDocument;
  /**
   * The registry's REGISTRY_POLICY_SCOPE setting as the inputs set it: `V1`, `V2`, Unknown (a
   * setting of unknown value or presence), undefined (the inputs do not set it): see
   * `registryPolicyInScope`.
   */
  scope?: Maybe<string>;
  source: Source;
  presence?: Unknown;
}

/** Adds a registry policy: an element whose policy governs the registry's repositories. */
export function addEcrRegistryPolicy(builder: ModelBuilder, p: EcrRegistryPolicy): void {
  builder.addResource({
    kind: 'other',
    arn: p.arn,
    name: p.name,
    account: p.account,
    region: p.region,
    policy: registryPolicyInScope(p.policy, p.scope, `account ${p.account} in ${p.region}`),
    source: p.source,
    ...(p.presence ? { presence: p.presence } : {}),
    governs: ecrRegistryRepositories(p.partition, p.region, p.account),
  });
}

/** The actions ECR enforces a registry policy for under the V1 scope (module comment). */
export const V1_REGISTRY_ACTIONS: readonly string[] = [
  'ecr:ReplicateImage',
  'ecr:BatchImportUpstreamImage',
  'ecr:CreateRepository',
];

/**
 * The registry policy `policy` as ECR enforces it under the scope `scope` (`EcrRegistryPolicy.scope`)
 * of the registry `where` names: V2 as written; V1 each statement's actions among
 * V1_REGISTRY_ACTIONS (a statement with none is not enforced; one whose actions cannot be read
 * so stays as written when it allows, maybe-present when it denies); unknown or not set: the
 * Allows as written (V2 grants at least what V1 does), each Deny maybe-present beside its sure V1
 * part.
 */
export function registryPolicyInScope(
  policy: PolicyDocument,
  scope: Maybe<string> | undefined,
  where: string,
): PolicyDocument {
  if (policy.unknown || scope === 'V2') return policy;
  const known = scope === 'V1';
  const statements: Statement[] = [];
  for (const st of policy.statements) {
    const v1 = v1Part(st);
    if (known) {
      if (v1 === undefined) statements.push(st.effect === 'Allow' ? st : maybeEnforced(st, scope, where));
      else if (v1) statements.push(v1);
      continue;
    }
    if (st.effect === 'Allow') {
      statements.push(st);
      continue;
    }
    if (v1) statements.push(v1);
    statements.push(maybeEnforced(st, scope, where));
  }
  return { ...policy, statements };
}

/** A statement enforced only in the scope the inputs do not settle: maybe-present, with why. */
function maybeEnforced(st: Statement, scope: Maybe<string> | undefined, where: string): Statement {
  if (st.presence) return st;
  const setting = isUnknown(scope)
    ? `is unknown (${scope.reason})`
    : scope === undefined
      ? 'is not set by the inputs'
      : `is ${scope}`;
  return {
    ...st,
    presence: new Unknown(
      `the ECR registry policy scope (REGISTRY_POLICY_SCOPE) of ${where} ${setting}: under V1 ECR enforces the registry policy only for ${V1_REGISTRY_ACTIONS.join(', ')}, under V2 for every ECR action`,
      st.source,
    ),
  };
}

/**
 * The statement restricted to V1_REGISTRY_ACTIONS: null when it names none of them, undefined
 * when that cannot be read (the statement or one of its actions unknown).
 */
function v1Part(st: Statement): Statement | null | undefined {
  if (st.unknown) return undefined;
  const list: ValueList | undefined = st.action ?? st.notAction;
  if (!list || list.values.some(isUnknown)) return undefined;
  const patterns = (list.values as string[]).map((v) => compileGlob(v, true));
  const named = (a: string) => patterns.some((p) => p.test(a));
  const kept = V1_REGISTRY_ACTIONS.filter((a) => (st.action ? named(a) : !named(a)));
  if (!kept.length) return null;
  const action: ValueList = { values: kept, source: list.source, valueSources: kept.map(() => list.source) };
  return { ...st, action, notAction: undefined };
}
