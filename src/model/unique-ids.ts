// IAM unique ids, principal facts next to the ARN facts of model/arns.ts (IAM User Guide, "IAM
// identifiers", "Unique identifiers" and "Understanding unique ID prefixes"): which prefixes name
// which kind of entity, which of them a policy's
// `Principal: {"AWS": …}` may hold (a user's `AIDA…`, a role's `AROA…`), and how reports name
// the principal such an id identifies. Owns the unique-id facts; the principal matching that
// uses them is src/engine/compile-policy.ts's, the request principal src/engine/principal.ts's.
//
// "When you save the policy, AWS transforms the ARN to a unique principal ID … if you delete the
// role or user, then the relationship is broken … the principal ID shows up … because AWS can no
// longer map it back to an ARN" (IAM User Guide, "AWS JSON policy elements: Principal", IAM
// roles): a unique id in a policy identifies one user or role, in an account the id does not
// say. An entity created anew gets a new id: "If you delete and recreate a user or role …, it
// does not match the principal ID stored in the trust policy".

/** Unique id prefixes ("Understanding unique ID prefixes") and the entity kind each names. */
const PREFIXES: Readonly<Record<string, string>> = {
  AIDA: 'user',
  AROA: 'role',
  AGPA: 'group',
  AIPA: 'instance profile',
  ANPA: 'managed policy',
  ANVA: 'managed policy version',
  ASIA: 'temporary access key',
  AKIA: 'access key',
};

const UNIQUE_ID = /^(A[A-Z]{3})[A-Z0-9]{12,}$/;

/** The kind of IAM entity the unique id `s` names (`user`, `role`, `group`…), or undefined. */
export function uniqueIdKind(s: string): string | undefined {
  const m = UNIQUE_ID.exec(s);
  return m ? PREFIXES[m[1]!] : undefined;
}

/**
 * The principal kind a unique id in `Principal: {"AWS": …}` identifies: a user (`AIDA…`) or a
 * role (`AROA…`); undefined for any other string (a group cannot be a principal: "You cannot
 * identify a user group as a principal in a policy", "AWS JSON policy elements: Principal").
 */
export function principalUniqueIdKind(s: string): 'user' | 'role' | undefined {
  const k = uniqueIdKind(s);
  return k === 'user' || k === 'role' ? k : undefined;
}

/** `the IAM role with unique id AROA… (its account unknown)`. */
export function uniqueIdLabel(id: string): string {
  return `the IAM ${principalUniqueIdKind(id) ?? 'entity'} with unique id ${id} (its account and name unknown)`;
}

/**
 * The value the model keeps for a principal the inputs create anew (a Terraform plan's create or
 * replace): IAM gives it a new unique id, none a policy written before could hold.
 */
export const NEW_UNIQUE_ID = 'new';

/**
 * Whether a model user or role whose unique id the inputs say `known` (`User.uniqueId`) may be
 * the one `id` identifies: YES when the inputs pin that id, NO when they pin another or create
 * the principal anew, MAYBE otherwise (it may exist already with any id: a Terraform update, a
 * CloudFormation stack update, a role imported by name).
 */
export function mayHaveUniqueId(known: string | undefined, id: string): 'yes' | 'no' | 'maybe' {
  if (known === undefined) return 'maybe';
  return known === id ? 'yes' : 'no';
}
