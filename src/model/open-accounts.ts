// The open-account mode (`--open-accounts`, the spec's `openAccounts: true`, the testing helpers'
// `openAccounts` option): the inputs' accounts may hold users and roles the inputs do not define
// (other stacks, the console, IAM Identity Center). By default the exhaustive principal checks
// take the inputs' accounts to hold only the users and roles the inputs define (closed world,
// said in every report: spec/run.ts `OWN_ACCOUNT_PRINCIPALS_NOTE`). In the mode, each account of
// the inputs gets two stand-in principals, "any role" and "any user of account A that the inputs
// do not define" (`withOpenAccounts`), and every analysis that enumerates the model's users and
// roles (onlyPrincipals, who-can, the matrix, the review, the diff) meets them as it meets model
// principals: the engine evaluates them with the same rules (SCPs, RCPs, resource and key
// policies, the account's trust and Block Public Access), with what is not known left unknown:
// - whether such a principal exists at all (`presence`: an Allow is at most `indeterminate`);
// - its identity policies (an inline policy of unknown content: it may allow anything), its
//   permissions boundary, its tags and groups;
// - its name and path (one unknown name part and an unknown path, src/model/stand-ins.ts:
//   `arn:aws:iam::A:role/(unknown-path=outside-the-inputs)/(unknown-role-of-A-outside-the-inputs)`;
//   `ArnLike aws:PrincipalArn role/app-*` may match it, `*` does);
// - but it is none of the users and roles the inputs create for certain (IAM names are unique in
//   an account): a Principal naming one of them names no stand-in (src/engine/unknown-names.ts
//   `CreatedElements`, which takes the stand-ins' ARNs for that reason).
// So a same-account grant to the account root (which needs an identity-policy allow) or to `*`
// under a condition its unknown name may meet is indeterminate for it; a KMS key policy without
// the account root, a role trust policy naming only model principals or a resource of another
// account naming only model principals keeps it out (plain deny).
// Owns `withOpenAccounts`, `isOpenAccountStandIn`, `openAccountStandInOf`, the wording and the
// stand-ins' JSON fields (`openAccountFields`).

import { parsePolicy } from '../policy/parse.js';
import type { Source } from './source.js';
import { iamArn, parseArn } from './arns.js';
import { isStandInAccount, PLACEHOLDER_ACCOUNT, standInPrincipalName, unknownPath } from './stand-ins.js';
import { type Model, OTHER_TAGS, type Role, type User } from './types.js';
import { Unknown } from './unknown.js';

/** The option's name on the command line (reports name it where the stand-ins show). */
export const OPEN_ACCOUNTS_OPTION = '--open-accounts';

/** The hint of the stand-ins' unknown paths (`/(unknown-path=outside-the-inputs)/`). */
const PATH_HINT = 'outside-the-inputs';

/** The hint of a stand-in's unknown name (`(unknown-role-of-111122223333-outside-the-inputs)`): one per account and kind. */
function nameHint(kind: 'user' | 'role', account: string): string {
  return `${kind}-of-${account}-outside-the-inputs`;
}

/**
 * `account 111122223333`; for the unstated deploying account (`PLACEHOLDER_ACCOUNT`,
 * model/stand-ins.ts) what the placeholder stands for, as the account worlds and the adapters'
 * `assumed-account` findings say it: `this account (000000000000 stands for the deploying
 * account, whose id is unknown)`.
 */
export function openAccountWords(account: string): string {
  if (account === PLACEHOLDER_ACCOUNT)
    return `this account (${account} stands for the deploying account, whose id is unknown)`;
  return isStandInAccount(account)
    ? `account ${account} (it stands for an account whose id the inputs do not give)`
    : `account ${account}`;
}

/** Why a stand-in is there, as reports say it: a principal of `account` outside the inputs. */
export function openAccountReason(account: string): string {
  return `a principal of ${openAccountWords(account)} outside the inputs; ${OPEN_ACCOUNTS_OPTION}`;
}

/** A short readable name of the stand-in of `kind` in `account`. */
export function openAccountName(kind: 'user' | 'role', account: string): string {
  return `any ${kind} of ${openAccountWords(account)} outside the inputs`;
}

/**
 * What the JSON renderings add to a stand-in's entry, row or change (`openAccount`): its account,
 * its label and why it is there; undefined for any other principal (`arn` is a principal ARN).
 */
export function openAccountFields(
  arn: string,
): { kind: 'user' | 'role'; account: string; label: string; reason: string } | undefined {
  const open = openAccountStandInOf(arn);
  if (!open) return undefined;
  return {
    kind: open.kind,
    account: open.account,
    label: openAccountLabel(open.kind, open.account),
    reason: openAccountReason(open.account),
  };
}

/** The stand-in's label in reports: its name and the option that adds it. */
export function openAccountLabel(kind: 'user' | 'role', account: string): string {
  return `${openAccountName(kind, account)} (${OPEN_ACCOUNTS_OPTION})`;
}

/** The ARN of the stand-in of `kind` in `account`. */
export function openAccountStandInArn(partition: string, account: string, kind: 'user' | 'role'): string {
  return iamArn(
    partition,
    account,
    kind,
    standInPrincipalName(nameHint(kind, account)),
    unknownPath(PATH_HINT),
  );
}

/**
 * The stand-in kind and account when `arn` is the ARN of an open-account stand-in (a user or
 * role ARN of `openAccountStandInArn`), else undefined.
 */
export function openAccountStandInOf(arn: string): { kind: 'user' | 'role'; account: string } | undefined {
  const m = /^arn:[^:]+:iam::(\d{12}):(user|role)\/(.*)$/.exec(arn);
  if (!m) return undefined;
  const [, account, kind] = m as unknown as [string, string, 'user' | 'role'];
  const partition = parseArn(arn)!.partition;
  return arn === openAccountStandInArn(partition, account, kind) ? { kind, account } : undefined;
}

/** True for a user or role `withOpenAccounts` added. */
export function isOpenAccountStandIn(e: { arn: string; openAccount?: boolean }): boolean {
  return e.openAccount === true;
}

/** Does `model` hold the open-account stand-ins (a model `withOpenAccounts` made)? */
export function hasOpenAccounts(model: Model): boolean {
  return model.roles.some((r) => r.openAccount === true);
}

function standIn(partition: string, account: string, kind: 'user' | 'role'): User | Role {
  const what = openAccountName(kind, account);
  const source: Source = { builtIn: `${what} (${OPEN_ACCOUNTS_OPTION})` };
  const unknown = (of: string) => new Unknown(`${of} ${what} (${OPEN_ACCOUNTS_OPTION})`, source);
  const name = standInPrincipalName(nameHint(kind, account));
  const base = {
    id: openAccountStandInArn(partition, account, kind),
    arn: openAccountStandInArn(partition, account, kind),
    name,
    path: unknownPath(PATH_HINT),
    account,
    tags: { [OTHER_TAGS]: unknown('the tags of') },
    inlinePolicies: [
      {
        name: '(policies outside the inputs)',
        document: parsePolicy(unknown('the identity policies of'), { kind: 'identity', source }),
        source,
      },
    ],
    managedPolicies: [],
    permissionsBoundary: { policyArn: unknown('the permissions boundary of'), source },
    source,
    presence: new Unknown(`${openAccountReason(account)}: whether one exists is unknown`, source),
    imported: unknown('a principal the inputs do not define:'),
    openAccount: true,
  };
  if (kind === 'user')
    return { ...base, kind, groups: [], unknownGroups: [], maybeGroups: [], memberships: [] };
  return {
    ...base,
    kind,
    trustPolicy: parsePolicy(unknown('the trust policy of'), { kind: 'trust', source }),
    instanceProfiles: [],
    usedBy: [],
    serviceLinked: false,
  };
}

function deepFreeze<T>(x: T, seen = new Set<unknown>()): T {
  if (x === null || typeof x !== 'object' || seen.has(x)) return x;
  seen.add(x);
  for (const v of Object.values(x as Record<string, unknown>)) deepFreeze(v, seen);
  return Object.freeze(x);
}

/**
 * `model` with, per account of the inputs, the stand-in user and role of the open-account mode
 * (see the module comment); `model` itself when it holds them already. The stand-ins come after
 * the model's own users and roles, so every listing keeps the model's order first.
 */
export function withOpenAccounts(model: Model): Model {
  if (hasOpenAccounts(model)) return model;
  const users: User[] = [];
  const roles: Role[] = [];
  const roots = new Set<string>();
  for (const a of model.accounts) {
    if (roots.has(a.id)) continue;
    roots.add(a.id);
    users.push(standIn(model.partition, a.id, 'user') as User);
    roles.push(standIn(model.partition, a.id, 'role') as Role);
  }
  const out: Model = { ...model, users: [...model.users, ...users], roles: [...model.roles, ...roles] };
  if (!Object.isFrozen(model)) return out;
  // The rest of a frozen model is frozen already.
  for (const e of [...users, ...roles]) deepFreeze(e);
  Object.freeze(out.users);
  Object.freeze(out.roles);
  return Object.freeze(out);
}
