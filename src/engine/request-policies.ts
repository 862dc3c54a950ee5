// Which policies take part in the decision of one request: the one list `Engine.decide` evaluates
// and analyses read (`Engine.policiesOf`), the principal's side of it as one walk both read
// (`PrincipalSideVisitor`, walked by `Engine.principalSide`), and the rules of which organization
// policies apply (`scpsApply`, `rcpsApply`), which `Engine.orgSide` and the analyses' indexes share,
// and which principals carry a session policy (`carriesSessionPolicy`), which the analyses and the
// spec runner read before they give one to a request.
//
// IAM User Guide, "How AWS enforcement code logic evaluates requests to allow or deny access"
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html):
// "The AWS enforcement code evaluates all policies within the account that apply to the request.
// These include AWS Organizations SCPs and RCPs, resource-based policies, identity-based policies,
// IAM permissions boundaries, and session policies"; SCPs apply "to principals of the account"
// they are attached to, RCPs "to resources of the account". Cross-account ("Cross-account policy
// evaluation logic"): the principal's identity side and the resource's policy, each account's
// organization policies on its own side. AWS Organizations User Guide: "SCPs don't affect
// service-linked roles"; "RCPs do not impact the effective permissions of any service-linked
// role", and RCPs apply only to the services listed in "List of AWS services that support RCPs"
// (policy/rcp-rules.ts `rcpGovernsService`).

import type { Role, User } from '../model/types.js';
import { principalUniqueIdKind } from '../model/unique-ids.js';
import { rcpGovernsService } from '../policy/rcp-rules.js';
import type { CompiledPolicy } from './compile-policy.js';
import type { IdentityIndex, IndexedStatement } from './policy-sets.js';
import type { RequestPrincipal } from './principal.js';

/** The stage `decide` evaluates a participating policy at (the trace's `stage`). */
export type PolicyStage =
  | 'identity'
  | 'boundary'
  | 'session'
  | 'scp'
  | 'rcp'
  | 'resource'
  | 'trust'
  | 'key-policy';

/** One policy that takes part in a request's decision. */
export interface ParticipatingPolicy {
  policy: CompiledPolicy;
  stage: PolicyStage;
}

/** The policies that take part in one request's decision (`Engine.policiesOf`). */
export interface RequestPolicies {
  /** Every policy `decide` evaluates for the request, in the engine's order (principal side first). */
  policies: ParticipatingPolicy[];
  /**
   * Why a Deny no listed policy holds may apply: the trust or key policy of a role or KMS key the
   * inputs do not define, a federated user session whose caller's policies are unknown. Empty
   * when there is none.
   */
  openDenies: string[];
}

/**
 * What a reader does with each policy of the request's principal side, one method per stage, in
 * the order `Engine.principalSide` walks them (identity, boundary, session): the one gathering of
 * those policies, which `decideHere` (evaluating them: `into` its outcomes, `arg` the request's
 * input) and `policiesOf` (listing them) both read. A stage added to the walk is a method added
 * here, which every reader must then implement.
 */
export interface PrincipalSideVisitor<T, A> {
  /**
   * The identity-based policies of a user or role of the model (its own, its groups', unknown
   * attachments: `PolicySets.identityOf`), with the statements indexed under the request's service
   * (`ofService`, the evaluation's fast path; `index.anyService` and `index.unknownPolicies` hold
   * the rest that may apply).
   */
  identity(into: T, arg: A, index: IdentityIndex, ofService: readonly IndexedStatement[] | undefined): void;
  /** The permissions boundary of that user or role. */
  boundary(into: T, arg: A, policy: CompiledPolicy): void;
  /** The request's session policy. */
  session(into: T, arg: A, policy: CompiledPolicy): void;
}

/**
 * The principal side of a user or role of the model (and a session policy), as
 * `Engine.principalSide` walks it for `decide`: what `Engine.principalSideOf` hands an analysis
 * that reads a principal's own policies apart from any one request (its Deny statements, its caps,
 * the statements that may grant).
 */
export interface PrincipalSidePolicies {
  /** Its identity-based policies, indexed by service; undefined for a principal not of the model. */
  identity: IdentityIndex | undefined;
  /** Its permissions boundary. */
  boundary: CompiledPolicy | undefined;
  /** The session policy given. */
  session: CompiledPolicy | undefined;
}

/**
 * Whether the SCPs of `p`'s account apply to `p`: its users, role sessions, root user and
 * federated user sessions, not service-linked roles (nor services or anonymous callers).
 */
export function scpsApply(p: Pick<RequestPrincipal, 'type' | 'account' | 'role'>): boolean {
  return (
    !!p.account &&
    (p.type === 'user' || p.type === 'role-session' || p.type === 'root' || p.type === 'federated-user') &&
    (!p.role || scpsApplyTo(p.role))
  );
}

/** Whether the SCPs of its account apply to a user or role of the model: not to a service-linked role. */
export function scpsApplyTo(element: User | Role): boolean {
  return !(element.kind === 'role' && element.serviceLinked);
}

/**
 * Whether a request of `p` can carry a session policy: the sessions AWS STS creates with one, a
 * role session (AssumeRole, AssumeRoleWithSAML, AssumeRoleWithWebIdentity) and a federated user
 * session (GetFederationToken); not an IAM user, a root user, a service or anonymous caller.
 * IAM User Guide, "Permissions for AssumeRole, AssumeRoleWithSAML, and AssumeRoleWithWebIdentity":
 * "Optionally, you can pass inline or managed session policies as parameters of the AssumeRole,
 * AssumeRoleWithSAML, or AssumeRoleWithWebIdentity API operations"; "Permissions for
 * GetFederationToken": "When you create an AWS STS federated user session and pass session
 * policies, the resulting session's permissions are the intersection of the user's identity-based
 * policy and the session policies."
 */
export function carriesSessionPolicy(p: Pick<RequestPrincipal, 'type' | 'arn'>): boolean {
  // A role named by its unique id (`AROA…`) acts through a session of that role.
  const roleById = p.type === 'unique-id' && principalUniqueIdKind(p.arn ?? '') === 'role';
  return p.type === 'role-session' || p.type === 'federated-user' || roleById;
}

/** The session policy a request of `p` carries when every session is given `sessionPolicy`. */
export function sessionPolicyFor(p: Pick<RequestPrincipal, 'type' | 'arn'>, sessionPolicy: unknown): unknown {
  return carriesSessionPolicy(p) ? sessionPolicy : undefined;
}

/**
 * Whether the RCPs of the resource's account apply to a request of `p` on an action of `service`
 * (a lower-cased prefix): a service that supports RCPs, not a call by a service-linked role nor
 * one assuming a service-linked role (`assumesServiceLinkedRole`).
 */
export function rcpsApply(
  p: Pick<RequestPrincipal, 'role'>,
  service: string,
  assumesServiceLinkedRole: boolean,
): boolean {
  return rcpGovernsService(service) && !p.role?.serviceLinked && !assumesServiceLinkedRole;
}
