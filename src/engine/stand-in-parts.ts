// A request between two accounts that share the stand-in account only because both have ids the
// inputs do not give. Every account whose id is unknown is modelled as the one stand-in
// `PLACEHOLDER_ACCOUNT` (src/model/stand-ins.ts): an unstated deploying account, a Terraform
// provider configuration assuming a role in an unknown account, each member account a plan
// creates (`Account.standInParts`). Two of those may be two accounts, where the cross-account
// rules apply (both the identity-based and the resource-based policy must allow; a trust policy
// naming the other account's root names another account), so a decision made as within one
// account rests on an equality the inputs do not give: it is indeterminate, with the two
// accounts named. A request whose principal and resource are in the same one (the same
// provider configuration, the same created account) stays decided; with a single unknown
// account nothing changes.
// Source: IAM User Guide, "Cross-account policy evaluation logic": "The principal's
// identity-based policy must allow the requested access to the resource in the trusting service"
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html),
// where within one account "an explicit allow in either an identity-based or a resource-based
// policy" suffices ("Policy evaluation logic").

import type { Source } from '../model/source.js';
import { hasUnstatedAccount, PLACEHOLDER_ACCOUNT } from '../model/stand-ins.js';
import type { Model } from '../model/types.js';
import type { Decision } from './types.js';
import { indeterminateInWorld } from './world-decision.js';

const DEPLOYING = '';
/** The finding of an adapter that could not name the deploying account. */
const UNSTATED_CODE = /^(tf|cfn)\/assumed-account$/;
const DEPLOYING_WHAT = 'the deploying account, which the inputs and options do not state';

/** The cause every such decision gives (eval's summary groups by it). */
export const STAND_IN_PARTS_REASON = `two accounts whose ids the inputs do not give are both modelled as the stand-in account ${PLACEHOLDER_ACCOUNT}: access between them may be cross-account`;

/** A request's principal or resource: its account and the model element, if any. */
export interface PartSide {
  account: string | undefined;
  source: Source | undefined;
}

export class StandInParts {
  private readonly partsOf = new Map<string, string[]>();
  private readonly what = new Map<string, string>();
  /** Where the warning naming each account points (the eval's dependsOn follow it). */
  private readonly sources = new Map<string, Source | undefined>();
  private readonly unstated: boolean;

  private constructor(model: Model) {
    const a = model.accounts.find((x) => x.id === PLACEHOLDER_ACCOUNT);
    this.unstated = model.findings.some((f) => UNSTATED_CODE.test(f.code));
    if (this.unstated) {
      this.what.set(DEPLOYING, DEPLOYING_WHAT);
      this.sources.set(DEPLOYING, model.findings.find((f) => UNSTATED_CODE.test(f.code))?.source);
    }
    for (const p of a?.standInParts ?? []) {
      this.what.set(p.key, p.what);
      this.sources.set(p.key, p.source);
      for (const addr of p.addresses) this.partsOf.set(addr, [...(this.partsOf.get(addr) ?? []), p.key]);
    }
  }

  /** The parts of a model whose stand-in account stands for two accounts or more; null otherwise. */
  static of(model: Model): StandInParts | null {
    if (!hasUnstatedAccount(model)) return null;
    const s = new StandInParts(model);
    return s.what.size > 1 ? s : null;
  }

  /** The accounts a side may be in: one part, or every part when the inputs do not say. */
  private sideParts(side: PartSide): string[] {
    const addr = side.source?.address;
    const mapped = addr !== undefined ? this.partsOf.get(addr) : undefined;
    if (mapped) return mapped;
    // an element of the stand-in that no unknown account claims is the deploying account's
    if (side.source && this.unstated) return [DEPLOYING];
    return [...this.what.keys()];
  }

  /** `home`, or indeterminate when principal and resource may be two of the accounts. */
  check(principal: PartSide, resource: PartSide, home: Decision): Decision {
    if (home.decision === 'indeterminate') return home;
    if (principal.account !== PLACEHOLDER_ACCOUNT || resource.account !== PLACEHOLDER_ACCOUNT) return home;
    const p = this.sideParts(principal);
    const r = this.sideParts(resource);
    if (p.length === 1 && r.length === 1 && p[0] === r[0]) return home;
    const words = (keys: string[]) =>
      keys.length === 1
        ? this.what.get(keys[0]!)!
        : `one of the accounts it stands for (${keys.map((k) => this.what.get(k)).join('; ')})`;
    return indeterminateInWorld(
      home,
      'unknown-world',
      `account ${PLACEHOLDER_ACCOUNT} stands for more than one account whose id is unknown: the principal is in ${words(p)}, the resource in ${words(r)}; were they two accounts, the cross-account rules would apply where it is decided ${home.decision} as within one account${this.unstated ? '; pass --account' : ''}`,
      STAND_IN_PARTS_REASON,
      this.sources.get(p[0]!),
      this.sources.get(r[0]!),
    );
  }
}
