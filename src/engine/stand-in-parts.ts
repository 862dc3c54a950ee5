// A request between two accounts that share a stand-in account only because both have ids the
// inputs do not give. Each account whose id is unknown gets a stand-in account of its own
// (src/model/stand-ins.ts `standInAccountId`, `StandInAccounts`): an unstated deploying account,
// a Terraform provider configuration assuming a role in an unknown account, each member account a
// plan creates; past the last stand-in id, further ones share it (`Account.standInParts` lists
// what one stand-in stands for). Two of those sharing one id may be two accounts, where the cross-account
// rules apply (both the identity-based and the resource-based policy must allow; a trust policy
// naming the other account's root names another account), so a decision made as within one
// account rests on an equality the inputs do not give: it is indeterminate, with the two
// accounts named. A request whose principal and resource are in the same one (the same
// provider configuration, the same created account) stays decided; with a single unknown
// account nothing changes. A policy of the request's principal or resource (its identity,
// boundary, group, trust or resource policy, or an SCP/RCP of its account) that writes the shared
// id names one of those accounts, which may be another than the principal's: a request whose
// principal is in the shared stand-in is indeterminate then too (the Principal `…:root`, an ARN,
// `aws:PrincipalAccount` it writes may name the principal's account or not), with the two named.
// Source: IAM User Guide, "Cross-account policy evaluation logic": "The principal's
// identity-based policy must allow the requested access to the resource in the trusting service"
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html),
// where within one account "an explicit allow in either an identity-based or a resource-based
// policy" suffices ("Policy evaluation logic").

import type { Source } from '../model/source.js';
import {
  hasUnstatedAccount,
  isStandInAccount,
  standInAccountsIn,
  unstatedDeploying,
} from '../model/stand-ins.js';
import type { Group, Model, Resource, Role, User } from '../model/types.js';
import type { PolicyDocument } from '../policy/types.js';
import type { Decision } from './types.js';
import { indeterminateInWorld } from './world-decision.js';

const DEPLOYING = '';
/** The finding of an adapter that could not name the deploying account. */
const UNSTATED_CODE = /^(tf|cfn)\/assumed-account$/;
const DEPLOYING_WHAT = 'the deploying account, which the inputs and options do not state';

/** The cause every such decision gives (eval's summary groups by it). */
export const STAND_IN_PARTS_REASON =
  'two accounts whose ids the inputs do not give are both modelled as one stand-in account: access between them may be cross-account';

/** A request's principal or resource: its account and the model element, if any. */
export interface PartSide {
  account: string | undefined;
  source: Source | undefined;
  /** The model user, role or resource it is, if any (its policies: `writtenIn`). */
  element?: User | Role | Resource | undefined;
}

/** What one stand-in account stands for at once (`Account.standInParts`). */
class AccountParts {
  readonly partsOf = new Map<string, string[]>();
  readonly what = new Map<string, string>();
  /** Where the warning naming each account points (the eval's dependsOn follow it). */
  readonly sources = new Map<string, Source | undefined>();
  /** This stand-in is also the unstated deploying account. */
  deploying = false;
}

export class StandInParts {
  private readonly accounts = new Map<string, AccountParts>();
  private readonly model: Model;
  /** The stand-in ids each document's statements write (`standInsOf`). */
  private readonly written = new WeakMap<PolicyDocument, readonly string[]>();
  /** The stand-in ids each element's policies write (`writtenIn`). */
  private readonly writtenBy = new WeakMap<User | Role | Resource, ReadonlySet<string>>();
  private managed: Map<string, PolicyDocument> | undefined;

  private constructor(model: Model) {
    this.model = model;
    const deploying = unstatedDeploying(model);
    for (const a of model.accounts) {
      if (!isStandInAccount(a.id)) continue;
      const parts = new AccountParts();
      if (a.id === deploying) {
        parts.deploying = true;
        parts.what.set(DEPLOYING, DEPLOYING_WHAT);
        parts.sources.set(DEPLOYING, model.findings.find((f) => UNSTATED_CODE.test(f.code))?.source);
      }
      for (const p of a.standInParts ?? []) {
        parts.what.set(p.key, p.what);
        parts.sources.set(p.key, p.source);
        for (const addr of p.addresses) parts.partsOf.set(addr, [...(parts.partsOf.get(addr) ?? []), p.key]);
      }
      if (parts.what.size > 1) this.accounts.set(a.id, parts);
    }
  }

  /** The parts of a model some of whose stand-in accounts stand for two accounts or more; null otherwise. */
  static of(model: Model): StandInParts | null {
    if (!hasUnstatedAccount(model)) return null;
    const s = new StandInParts(model);
    return s.accounts.size ? s : null;
  }

  /** Does the stand-in account `account` stand for two accounts or more? */
  shared(account: string | undefined): boolean {
    return account !== undefined && this.accounts.has(account);
  }

  /** The accounts a side may be in: one part, or every part when the inputs do not say. */
  private sideParts(parts: AccountParts, side: PartSide): string[] {
    const addr = side.source?.address;
    const mapped = addr !== undefined ? parts.partsOf.get(addr) : undefined;
    if (mapped) return mapped;
    // an element of the stand-in that no unknown account claims is the deploying account's
    if (side.source && parts.deploying) return [DEPLOYING];
    return [...parts.what.keys()];
  }

  /** The stand-in ids the statements of `doc` write (a 12-digit run). */
  private standInsOf(doc: PolicyDocument | undefined): readonly string[] {
    if (!doc) return [];
    let ids = this.written.get(doc);
    if (!ids) {
      ids = standInAccountsIn(JSON.stringify(doc.statements, (k, v) => (k === 'source' ? undefined : v)));
      this.written.set(doc, ids);
    }
    return ids;
  }

  /**
   * The stand-in ids the policies of `element` write: a user's or role's inline, managed and
   * boundary policies (and its groups'), a role's trust policy, a resource's policy.
   */
  private writtenIn(element: User | Role | Resource): ReadonlySet<string> {
    let out = this.writtenBy.get(element);
    if (out) return out;
    if (!this.managed) this.managed = new Map(this.model.policies.map((p) => [p.arn, p.document]));
    const managed = this.managed;
    const docs: (PolicyDocument | undefined)[] = [];
    const identity = (x: User | Role | Group) => {
      for (const ip of x.inlinePolicies) docs.push(ip.document);
      for (const mp of x.managedPolicies)
        if (typeof mp.policyArn === 'string') docs.push(managed.get(mp.policyArn));
    };
    if (element.kind === 'user' || element.kind === 'role') {
      identity(element);
      const boundary = element.permissionsBoundary?.policyArn;
      if (typeof boundary === 'string') docs.push(managed.get(boundary));
      if (element.kind === 'role') docs.push(element.trustPolicy);
      else for (const g of this.model.groups) if (element.groups.includes(g.id)) identity(g);
    } else docs.push(element.policy);
    out = new Set(docs.flatMap((d) => this.standInsOf(d)));
    this.writtenBy.set(element, out);
    return out;
  }

  /** Does a policy of `side` (its element's, an SCP/RCP of its account) write the stand-in `id`? */
  private writes(side: PartSide, id: string): boolean {
    if (side.element && this.writtenIn(side.element).has(id)) return true;
    const org = side.account ? this.model.organizations.find((o) => o.account === side.account) : undefined;
    return !!org && [...org.scps, ...org.rcps].some((d) => this.standInsOf(d).includes(id));
  }

  /** `home`, or indeterminate when principal and resource may be two of the accounts. */
  check(principal: PartSide, resource: PartSide, home: Decision): Decision {
    if (home.decision === 'indeterminate') return home;
    const written = this.writtenShared(principal, resource, home);
    if (written) return written;
    if (principal.account !== resource.account || principal.account === undefined) return home;
    const account = principal.account;
    const parts = this.accounts.get(account);
    if (!parts) return home;
    const p = this.sideParts(parts, principal);
    const r = this.sideParts(parts, resource);
    if (p.length === 1 && r.length === 1 && p[0] === r[0]) return home;
    const words = (keys: string[]) =>
      keys.length === 1
        ? parts.what.get(keys[0]!)!
        : `one of the accounts it stands for (${keys.map((k) => parts.what.get(k)).join('; ')})`;
    return indeterminateInWorld(
      home,
      'unknown-world',
      `account ${account} stands for more than one account whose id is unknown: the principal is in ${words(p)}, the resource in ${words(r)}; were they two accounts, the cross-account rules would apply where it is decided ${home.decision} as within one account${parts.deploying ? '; pass --account' : ''}`,
      STAND_IN_PARTS_REASON,
      parts.sources.get(p[0]!),
      parts.sources.get(r[0]!),
    );
  }

  /**
   * `home` made indeterminate when the principal is in a shared stand-in and a policy of the
   * request writes that id (`writes`): the account it names may be another of those it stands
   * for. Undefined otherwise.
   */
  private writtenShared(principal: PartSide, resource: PartSide, home: Decision): Decision | undefined {
    const account = principal.account;
    const parts = account !== undefined ? this.accounts.get(account) : undefined;
    if (!parts || account === undefined) return undefined;
    if (!this.writes(principal, account) && !this.writes(resource, account)) return undefined;
    const p = this.sideParts(parts, principal);
    const all = [...parts.what.keys()];
    return indeterminateInWorld(
      home,
      'unknown-world',
      `account ${account} stands for more than one account whose id is unknown (${all.map((k) => parts.what.get(k)).join('; ')}), and a policy of the request writes ${account}: the account it names may be another of them than the principal's (${p.map((k) => parts.what.get(k)).join('; ')}), where it is decided ${home.decision} as the principal's${parts.deploying ? '; pass --account' : ''}`,
      STAND_IN_PARTS_REASON,
      parts.sources.get(p[0]!),
      parts.sources.get(all.find((k) => !p.includes(k)) ?? p[0]!),
    );
  }
}
