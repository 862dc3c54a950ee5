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

import { modelInAccount, substituteAccount, substituteInString } from '../model/account-substitution.js';
import {
  deployingAccountAlternatives,
  PLACEHOLDER_ACCOUNT,
  requestAccountAlternatives,
} from '../model/stand-ins.js';
import type { Model } from '../model/types.js';
import { type DecideOptions, type Decision, type Request, worldOptionsOf } from './types.js';
import { indeterminateInWorld, otherWorldWords, requestInWorld } from './world-decision.js';

/** What the worlds need of an engine: deciding a request without looking at other worlds. */
export interface WorldDecider {
  decideHere(request: Request, options: DecideOptions): Decision;
}

/** The reason a decision that depends on the unstated deploying account is indeterminate. */
export const UNSTATED_ACCOUNT_REASON =
  "the deploying account is not stated (the inputs and options do not name it): pass --account (or the spec's account:)";

/** The request as it is in the world where "this account" is `to`. */
function requestInAccount(request: Request, to: string): Request {
  return requestInWorld(
    request,
    (s) => substituteInString(s, to),
    (v) => substituteAccount(v, to),
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

export class AccountWorlds {
  private readonly model: Model;
  private readonly make: (model: Model) => WorldDecider;
  private readonly engines = new Map<string, WorldDecider>();
  private readonly modelIds: readonly string[];

  constructor(model: Model, make: (model: Model) => WorldDecider) {
    this.model = model;
    this.make = make;
    this.modelIds = deployingAccountAlternatives(model);
  }

  /**
   * Might some world decide a request naming `strings` otherwise (an id the model names, or one
   * of `strings` names)? False lets analyses prune by what the policies name.
   */
  mayMatter(strings: readonly string[]): boolean {
    return this.modelIds.length > 0 || requestAccountAlternatives(strings).length > 0;
  }

  /**
   * `s` (a principal ARN) as it is in the worlds that may decide it otherwise: "this account"
   * replaced by each id the model names, and each id `s` names replaced by "this account" (the
   * world where that id is the deploying account). For analyses that look up what names `s`.
   */
  variants(s: string): string[] {
    const out: string[] = [];
    if (s.includes(PLACEHOLDER_ACCOUNT)) for (const id of this.modelIds) out.push(substituteInString(s, id));
    for (const id of requestAccountAlternatives([s])) out.push(s.split(id).join(PLACEHOLDER_ACCOUNT));
    return out;
  }

  /**
   * The worlds every request is decided in (the ids the model names; a request naming other ids
   * adds worlds: `beyond`), each as its id, the map of a string into it and its decider.
   */
  worlds(): { id: string; into: (s: string) => string; decider: WorldDecider }[] {
    return this.modelIds.map((id) => ({
      id,
      into: (s) => substituteInString(s, id),
      decider: this.engineFor(id),
    }));
  }

  /** Does a request naming `strings` add worlds to `worlds()` (an id the model does not name)? */
  beyond(strings: readonly string[]): boolean {
    return requestAccountAlternatives(strings).some((id) => !this.modelIds.includes(id));
  }

  private engineFor(id: string): WorldDecider {
    let e = this.engines.get(id);
    if (!e) {
      e = this.make(modelInAccount(this.model, id));
      this.engines.set(id, e);
    }
    return e;
  }

  /**
   * `home` (the decision with the placeholder) unless some world decides `request` otherwise:
   * then indeterminate, with the world named in the trace.
   */
  check(request: Request, options: DecideOptions, home: Decision): Decision {
    if (home.decision === 'indeterminate') return home;
    const ids = new Set(this.modelIds);
    for (const id of requestAccountAlternatives(requestStrings(request))) ids.add(id);
    const worldOptions = worldOptionsOf(options);
    for (const id of ids) {
      const other = this.engineFor(id).decideHere(requestInAccount(request, id), worldOptions);
      if (other.decision === home.decision) continue;
      return indeterminate(home, id, other.decision, this.standsFor());
    }
    return home;
  }

  /** What the stand-in account stands for besides an unstated deploying account (`Account.standsFor`). */
  private standsFor(): { deploying: boolean; also: readonly string[] } {
    const a = this.model.accounts.find((x) => x.id === PLACEHOLDER_ACCOUNT);
    const also = a?.standsFor ?? [];
    // the deploying account is unstated unless the stand-in is there only for what it also stands for
    return {
      deploying: also.length === 0 || this.model.findings.some((f) => UNSTATED_CODE.test(f.code)),
      also,
    };
  }
}

/** The finding of an adapter that could not name the deploying account (Terraform, CloudFormation). */
const UNSTATED_CODE = /^(tf|cfn)\/assumed-account$/;

/** `home` made indeterminate because the world where "this account" is `id` decides `other`. */
function indeterminate(
  home: Decision,
  id: string,
  other: Decision['decision'],
  standsFor: { deploying: boolean; also: readonly string[] },
): Decision {
  if (!standsFor.deploying && standsFor.also.length) {
    const what = standsFor.also.join('; ');
    return indeterminateInWorld(
      home,
      'unknown-world',
      `account ${PLACEHOLDER_ACCOUNT} stands for an account whose id the inputs do not give (${what}): were it ${id} (an id the inputs or the request name), ${otherWorldWords(other, home.decision)}`,
      `an account of the inputs has an id they do not give (${what})`,
    );
  }
  return indeterminateInWorld(
    home,
    'unknown-world',
    `the deploying account is not stated, so account ${PLACEHOLDER_ACCOUNT} stands for "this account", whose id is unknown${standsFor.also.length ? ` (and for ${standsFor.also.join('; ')})` : ''}: were it ${id} (an id the inputs or the request name), ${otherWorldWords(other, home.decision)}; pass --account (or the spec's account:)`,
    UNSTATED_ACCOUNT_REASON,
  );
}
