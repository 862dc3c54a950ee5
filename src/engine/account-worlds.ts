// Decisions that depend on which account "this account" is. When the inputs and the options do
// not state the deploying account, the adapters write the stand-in `PLACEHOLDER_ACCOUNT`
// (src/model/stand-ins.ts) for it: its id is unknown, so a decision must not rest on it being
// different from (or equal to) an account id that a policy, an ARN or the request names
// (`aws:PrincipalAccount = 123456789012`, `"Principal": {"AWS": "arn:aws:iam::123456789012:root"}`,
// `aws:SourceAccount`, `aws:ResourceAccount`, the account field of an ARN). The engine decides
// the request again in each world where "this account" is one of those ids
// (`deployingAccountAlternatives`, `modelInAccount`: the placeholder replaced everywhere, in the
// request too); any world deciding otherwise makes the decision indeterminate, with a trace entry
// naming `--account`. Comparisons of "this account" with itself (`${AWS::AccountId}`,
// `data.aws_caller_identity.current.account_id`, the ARNs of what the inputs create) are the
// same in every world, so they stay decided; the account the analyses invent for "some other
// account" is never "this account" (it is not replaced and never a world).
//
// Source: IAM User Guide, "AWS global condition context keys", aws:PrincipalAccount: "Use this
// key to compare the account to which the requesting principal belongs with the account
// identifier that you specify in the policy"
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalaccount).

import { substituteAccount, substituteInString } from '../model/account-substitution.js';
import { accountWorldModel } from '../model/name-world-model.js';
import {
  deployingAccountAlternatives,
  isStandInAccount,
  mayBeNamedAccount,
  PLACEHOLDER_ACCOUNT,
  requestAccountAlternatives,
  standInAccountsIn,
  standInAccountsOf,
  unstatedDeploying,
} from '../model/stand-ins.js';
import type { Source } from '../model/source.js';
import type { Model } from '../model/types.js';
import {
  type DecideOptions,
  type Decision,
  type Request,
  type TraceEntry,
  type UnknownMet,
  worldOptionsOf,
} from './types.js';
import { sharedUnknown } from './unknowns-met.js';
import {
  indeterminateWith,
  otherWorldWords,
  requestInWorld,
  type ValuesChanged,
  valuesHolding,
  worldEntry,
} from './world-decision.js';

/** What the worlds need of an engine: deciding a request without looking at other worlds. */
export interface WorldDecider {
  decideHere(request: Request, options: DecideOptions): Decision;
}

/** The reason a decision that depends on the unstated deploying account is indeterminate. */
export const UNSTATED_ACCOUNT_REASON =
  "the deploying account is not stated (the inputs and options do not name it): pass --account (or the spec's account:)";

/**
 * The request as it is in the world where the stand-in account `from` is `to`; its context and
 * session policy kept as they are (not copied) when `mentions` says none of their strings (keys
 * too) holds `from`: the substitution would copy them unchanged.
 */
function requestInAccount(request: Request, to: string, from: string, mentions: ValuesChanged): Request {
  return requestInWorld(
    request,
    (s) => substituteInString(s, to, from),
    (v) => substituteAccount(v, to, undefined, from),
    mentions,
  );
}

/** The strings of a request that may name accounts. */
function requestStrings(request: Request): string[] {
  const out = [request.principal, request.resource];
  if (request.federatedBy) out.push(request.federatedBy);
  for (const v of Object.values(request.context ?? {})) {
    if (typeof v === 'string') out.push(v);
    else if (Array.isArray(v)) out.push(...v.filter((x): x is string => typeof x === 'string'));
  }
  if (request.sessionPolicy !== undefined) out.push(JSON.stringify(request.sessionPolicy) ?? '');
  return out;
}

/** One world: the stand-in account `from` is the account `to`. */
interface AccountWorld {
  from: string;
  to: string;
}

export class AccountWorlds {
  private readonly model: Model;
  private readonly make: (model: Model) => WorldDecider;
  private readonly engines = new Map<string, WorldDecider>();
  /** `worldUnknown`'s entries by world and pair of decisions. */
  private readonly unknowns = new Map<string, UnknownMet>();
  /** The model's stand-in accounts (src/model/stand-ins.ts `standInAccountId`), each with the ids it may be. */
  private readonly standIns: { id: string; alternatives: readonly string[] }[];

  constructor(model: Model, make: (model: Model) => WorldDecider) {
    this.model = model;
    this.make = make;
    this.standIns = standInAccountsOf(model).map((id) => ({
      id,
      alternatives: deployingAccountAlternatives(model, id),
    }));
  }

  /**
   * Might some world decide a request naming `strings` otherwise (an id the model names, or one
   * of `strings` names)? False lets analyses prune by what the policies name.
   */
  mayMatter(strings: readonly string[]): boolean {
    return (
      this.standIns.some((s) => s.alternatives.length > 0) || requestAccountAlternatives(strings).length > 0
    );
  }

  /**
   * `s` (a principal ARN) as it is in the worlds that may decide it otherwise: each stand-in
   * account it holds replaced by each id that stand-in may be, and each id `s` names replaced by
   * each stand-in (the world where that id is the stand-in's). For analyses that look up what
   * names `s`.
   */
  variants(s: string): string[] {
    const out: string[] = [];
    for (const from of standInAccountsIn(s))
      for (const id of this.standIns.find((x) => x.id === from)?.alternatives ?? [])
        out.push(substituteInString(s, id, from));
    for (const id of requestAccountAlternatives([s]))
      for (const { id: standIn } of this.standIns)
        if (mayBeNamedAccount(this.model, standIn, id)) out.push(s.split(id).join(standIn));
    return out;
  }

  /**
   * The worlds every request is decided in (for each stand-in account, the ids it may be; a
   * request naming other ids adds worlds: `beyond`), each as its id, the map of a string into
   * it and its decider.
   */
  worlds(): { id: string; into: (s: string) => string; decider: WorldDecider }[] {
    return this.standIns.flatMap(({ id: from, alternatives }) =>
      alternatives.map((id) => ({
        id,
        into: (s: string) => substituteInString(s, id, from),
        decider: this.engineFor({ from, to: id }),
      })),
    );
  }

  /** Does a request naming `strings` add worlds to `worlds()` (an id the model does not name)? */
  beyond(strings: readonly string[]): boolean {
    const ids = requestAccountAlternatives(strings);
    return this.standIns.some((s) =>
      ids.some((id) => !s.alternatives.includes(id) && mayBeNamedAccount(this.model, s.id, id)),
    );
  }

  private engineFor(w: AccountWorld): WorldDecider {
    const key = `${w.from}>${w.to}`;
    let e = this.engines.get(key);
    if (!e) {
      // a name world's derived from its base's (src/model/name-world-model.ts)
      e = this.make(accountWorldModel(this.model, w.to, w.from));
      this.engines.set(key, e);
    }
    return e;
  }

  /**
   * `home` (the decision with the stand-ins) unless some world decides `request` otherwise:
   * then indeterminate, with the world named in the trace.
   */
  check(request: Request, options: DecideOptions, home: Decision): Decision {
    if (home.decision === 'indeterminate') return home;
    const named = requestAccountAlternatives(requestStrings(request));
    const worldOptions = worldOptionsOf(options);
    for (const { id: from, alternatives } of this.standIns) {
      const ids = new Set(alternatives);
      // an account the plan creates is none of the ids the model names (`mayBeNamedAccount`)
      for (const id of named) if (mayBeNamedAccount(this.model, from, id)) ids.add(id);
      const mentions = valuesHolding(request, from);
      for (const id of ids) {
        const other = this.engineFor({ from, to: id }).decideHere(
          requestInAccount(request, id, from, mentions),
          worldOptions,
        );
        if (other.decision === home.decision) continue;
        return indeterminateWith(home, this.worldUnknown(from, id, other.decision, home.decision));
      }
    }
    return home;
  }

  /**
   * The unknown of a decision `home` that the world where the stand-in `from` is `id` decides
   * `other`: one `sharedUnknown` per such world and pair of decisions, worded once.
   */
  private worldUnknown(
    from: string,
    id: string,
    other: Decision['decision'],
    home: Decision['decision'],
  ): UnknownMet {
    const key = `${from}\u0001${id}\u0001${other}\u0001${home}`;
    let met = this.unknowns.get(key);
    if (!met) {
      met = sharedUnknown(() =>
        worldUnknownEntry(home, from, id, other, this.standsFor(from), [
          this.warningSource(from),
          this.warningSource(id),
        ]),
      );
      this.unknowns.set(key, met);
    }
    return met;
  }

  /**
   * Where the warning saying what the stand-in account `id` stands for points (its first
   * `Account.standInParts`: tf/provider-other-account, tf/org-new-account), for the accounts past
   * the first (`PLACEHOLDER_ACCOUNT`'s reasons name no source, as before there were several).
   */
  private warningSource(id: string): Source | undefined {
    if (id === PLACEHOLDER_ACCOUNT || !isStandInAccount(id)) return undefined;
    return this.model.accounts.find((x) => x.id === id)?.standInParts?.[0]?.source;
  }

  /** What the stand-in account `id` stands for besides an unstated deploying account (`Account.standsFor`). */
  private standsFor(id: string): { deploying: boolean; also: readonly string[] } {
    const a = this.model.accounts.find((x) => x.id === id);
    const also = a?.standsFor ?? [];
    // the deploying account is unstated unless the stand-in is there only for what it also stands for
    return {
      deploying: id === PLACEHOLDER_ACCOUNT && (also.length === 0 || unstatedDeploying(this.model) === id),
      also,
    };
  }
}

/** How the worlds' reasons name the account `id` the stand-in may be. */
function worldAccountWords(id: string): string {
  return isStandInAccount(id)
    ? `${id} (another account whose id the inputs do not give: the two may be one account)`
    : `${id} (an id the inputs or the request name)`;
}

/**
 * The entry that makes a decision `home` indeterminate because the world where the stand-in
 * `from` is `id` decides `other`.
 */
function worldUnknownEntry(
  home: Decision['decision'],
  from: string,
  id: string,
  other: Decision['decision'],
  standsFor: { deploying: boolean; also: readonly string[] },
  [source, otherSource]: (Source | undefined)[],
): TraceEntry {
  if (!standsFor.deploying) {
    // what it stands for, when recorded (said once: the sentence already says its id is unknown)
    const what = standsFor.also.length ? ` (${standsFor.also.join('; ')})` : '';
    return worldEntry(
      'unknown-world',
      `account ${from} stands for an account whose id the inputs do not give${what}: were it ${worldAccountWords(id)}, ${otherWorldWords(other, home)}`,
      `an account of the inputs has an id they do not give${what}`,
      source,
      source ?? otherSource,
    );
  }
  return worldEntry(
    'unknown-world',
    `the deploying account is not stated, so account ${from} stands for "this account", whose id is unknown${standsFor.also.length ? ` (and for ${standsFor.also.join('; ')})` : ''}: were it ${worldAccountWords(id)}, ${otherWorldWords(other, home)}; pass --account (or the spec's account:)`,
    UNSTATED_ACCOUNT_REASON,
    undefined,
    otherSource,
  );
}
