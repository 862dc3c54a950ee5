// Whether a principal of one account may write the resource-based policy of a resource of another
// account: the one rule aws/deploy-time-changes.ts (code run at deployment) and the Terraform
// adapter (a policy whose target may be elsewhere) give the builder (`UnknownResourceTargetInit.writer`).
// A write of the policy is a request like any other: across accounts the resource's own policy
// must allow it too (IAM User Guide, "Cross-account policy evaluation logic": "To allow
// cross-account access, you attach a resource-based policy to the resource that you want to
// share. You must also attach an identity-based policy to the identity that acts as the principal
// in the request."; Lambda Developer Guide, "Granting Lambda function access to other accounts":
// "The resource-based policy grants permission for the other account to access the function, but
// doesn't allow users in that account to exceed their permissions"; Secrets Manager User Guide,
// "Access AWS Secrets Manager secrets from a different account": "To allow users in one account to
// access secrets in another account (cross-account access), you must allow access both in a
// resource policy and in an identity policy."). So a resource whose own policy, as the inputs give
// it, has no statement that may allow a principal of the writer's account one of the actions that
// write its policy (aws/policy-writers.ts) cannot get the policy. "May allow" is read loosely, to
// stay sound: an Allow (or a statement of unknown effect, or one not known) whose Action may be a
// writer and whose Principal may be a principal of that account (`*`, NotPrincipal, the account
// id, an ARN of the account, an account field with a wildcard or an unknown part, a value not
// known); Conditions, Resource and presence are not read (they only narrow). A policy not known:
// may. No policy: nothing allows it where AWS's absent policy lets only the owner in (a function,
// a topic as iamspec models it, a secret, a key's default key policy: `SHUT_WITHOUT_POLICY`);
// another kind's absent policy may (a default the model gives, as EFS's client-only default file
// system policy, aws/efs.ts, is read as any policy).

import type { ResourceKind } from '../model/types.js';
import { holdsStandInAccount, isStandInAccount } from '../model/stand-ins.js';
import type { PolicyDocument, PrincipalSpec, Statement } from '../policy/types.js';
import { compileGlob } from '../policy/wildcard.js';
import { POLICY_WRITERS } from './policy-writers.js';

/** The kinds whose resource with no policy lets no other account write one (see the module comment). */
const SHUT_WITHOUT_POLICY: ReadonlySet<ResourceKind> = new Set<ResourceKind>([
  'lambda-function',
  'sns-topic',
  'secretsmanager-secret',
  'kms-key',
]);

/** The writer of an unknown policy: its account and whether a resource's own policy may let it write. */
export interface PolicyWriterAccount {
  account: string;
  /** Whether the resource's own policy may allow a principal of `account` to write it. */
  mayAllow: (policy: PolicyDocument | undefined) => boolean;
}

/**
 * The writer of a policy of `kind` from `account`; undefined when the rule cannot narrow (the
 * account is a stand-in whose id is unknown, which may be the resource's own; a kind with no
 * known writer actions).
 */
export function policyWriterAccount(kind: ResourceKind, account: string): PolicyWriterAccount | undefined {
  const writes = POLICY_WRITERS[kind]?.writes;
  if (!writes?.length || isStandInAccount(account)) return undefined;
  return {
    account,
    mayAllow: (policy) =>
      policy || SHUT_WITHOUT_POLICY.has(kind) ? ownPolicyMayAllowWrite(policy, account, writes) : true,
  };
}

/**
 * The `writer` field of a write from `account` whose target is in `where` (an account id, or
 * `'any'`): none where the target is in the writer's own account.
 */
export function writerOf(
  kind: ResourceKind,
  account: string,
  where: string,
): { writer?: PolicyWriterAccount } {
  const writer = where === account ? undefined : policyWriterAccount(kind, account);
  return writer ? { writer } : {};
}

/** Whether `policy` may allow a principal of `account` one of `actions` (see the module comment). */
export function ownPolicyMayAllowWrite(
  policy: PolicyDocument | undefined,
  account: string,
  actions: readonly string[],
): boolean {
  if (!policy) return false;
  if (policy.unknown) return true;
  return policy.statements.some((st) => statementMayAllow(st, account, actions));
}

function statementMayAllow(st: Statement, account: string, actions: readonly string[]): boolean {
  if (st.unknown) return true;
  if (st.effect === 'Deny') return false;
  if (st.notAction) return true;
  if (!actionMayBe(st, actions)) return false;
  if (st.notPrincipal) return true;
  return st.principal !== undefined && principalMayBe(st.principal, account);
}

function actionMayBe(st: Statement, actions: readonly string[]): boolean {
  for (const v of st.action?.values ?? []) {
    if (typeof v !== 'string') return true;
    const m = compileGlob(v, true);
    if (actions.some((a) => m.test(a))) return true;
  }
  return false;
}

/** Whether a Principal may be a principal of `account` (an AWS or canonical-user value). */
function principalMayBe(p: PrincipalSpec, account: string): boolean {
  if (p.wildcard || p.canonicalUser) return true;
  for (const v of p.aws?.values ?? []) {
    if (typeof v !== 'string' || v === '*' || v.includes('${') || holdsStandInAccount(v)) return true;
    if (/^\d{12}$/.test(v)) {
      if (v === account) return true;
      continue;
    }
    const field = v.startsWith('arn:') ? v.split(':')[4] : undefined;
    if (field === undefined || !/^\d{12}$/.test(field) || field === account) return true;
  }
  return false;
}
