// The accounts deploy-time code with unknown permissions reaches (a bound of anything:
// aws/function-role-changes.ts, a template iamspec does not read, an unexpanded macro): its own,
// and every account of the model holding a role whose trust policy the engine does not deny to a
// principal of an account reached, transitively. Such code may call sts:AssumeRole on any role,
// and write any IAM policy of the accounts it reaches, so each of their principals (the users and
// roles of the inputs, and one the code creates, which the inputs do not define) may act with
// permissions the inputs do not show: only the trust policy of a role of another account decides
// whether the code gets in (IAM User Guide, "Cross-account policy evaluation logic": "In IAM, you
// can attach a resource-based policy to an IAM role to allow principals in other accounts to
// assume that role. The role's resource-based policy is called a role trust policy." and "You
// must also attach an identity-based policy to the identity that acts as the principal in the
// request": that identity policy is what the code may write).
// The hops are the engine's, as every role chain (the builder's `roleReach`, model/role-reach.ts):
// over the model with, in the accounts reached, an unknown identity policy on each user and role
// and the open-account stand-ins (model/open-accounts.ts `withOpenAccounts`: a principal of the
// account the inputs do not define, its name unknown), so a trust naming the account root, a
// principal of the account, `*` or an unknown principal, and an unknown trust, all let it in; a
// trust naming only other accounts or services does not. Stand-in accounts count as any other.

import type { ModelBuilder } from '../model/builder.js';
import { withOpenAccounts } from '../model/open-accounts.js';
import type { Model, Role, User } from '../model/types.js';
import { Unknown } from '../model/unknown.js';
import { parsePolicy } from '../policy/parse.js';

/** An account reached on trust, and how: the role of it that a principal of `from` may become. */
export interface TrustReach {
  account: string;
  role: string;
  from: string;
}

/**
 * The accounts beyond `from` that code with unknown permissions in the accounts `from` reaches
 * through trust policies (see the module comment), over `model` (the builder's model as the
 * bounds are decided), each with one role that lets it in; in the order they are reached.
 */
export function accountsReachedOnTrust(
  builder: ModelBuilder,
  model: Model,
  from: readonly string[],
): TrustReach[] {
  const reached = new Set(from);
  const out: TrustReach[] = [];
  const accountOf = new Map(model.roles.map((r) => [r.arn, r.account]));
  // Each pass decides from every principal of the accounts reached so far; a pass that reaches
  // another account makes its principals unknown too (at most one pass per account of the model).
  while (model.roles.some((r) => !reached.has(r.account))) {
    const open = withUnknownIdentities(model, reached);
    const reach = builder.roleReach(open);
    const principals = [...open.users, ...open.roles].filter((p) => reached.has(p.account));
    let grew = false;
    for (const p of principals)
      for (const arn of reach(p.arn)) {
        const account = accountOf.get(arn);
        if (account === undefined || reached.has(account)) continue;
        reached.add(account);
        out.push({ account, role: arn, from: p.account });
        grew = true;
      }
    if (!grew) break;
  }
  return out;
}

/**
 * `model` where the users and roles of `accounts` hold an unknown identity policy, with the
 * open-account stand-ins of those accounts (not of the others: a stand-in role's trust is
 * unknown, so every account would be reached through it).
 */
function withUnknownIdentities(model: Model, accounts: ReadonlySet<string>): Model {
  const open = withOpenAccounts(model);
  const source = { builtIn: 'deploy-time code whose permissions are not known' };
  const unknown = {
    name: '(policies deploy-time code may write)',
    document: parsePolicy(new Unknown('an identity policy deploy-time code may write', source), {
      kind: 'identity',
      source,
    }),
    source,
  };
  const keep = <P extends User | Role>(list: readonly P[]): P[] =>
    list
      .filter((p) => !p.openAccount || accounts.has(p.account))
      .map((p) =>
        accounts.has(p.account) && !p.openAccount
          ? { ...p, inlinePolicies: [...p.inlinePolicies, unknown] }
          : p,
      );
  return { ...open, users: keep(open.users), roles: keep(open.roles) };
}

/** What `reached` adds to a reason, for the warnings and the unknowns it records (`` when nothing). */
export function trustReachWords(reached: readonly TrustReach[]): string {
  if (!reached.length) return '';
  const each = reached.map((r) => `role ${r.role} of account ${r.account} (reached from account ${r.from})`);
  const shown =
    each.length > 3 ? `${each.slice(0, 3).join(', ')} and ${each.length - 3} more` : each.join(', ');
  return `, and it may call sts:AssumeRole on ${shown}, whose trust policy does not deny it, and change access there`;
}
