// Decisions that depend on which region a stand-in region is. When the inputs do not pin a region
// down, the adapters write a stand-in into the ARNs of what they create (src/model/stand-ins.ts):
// `PLACEHOLDER_REGION` when no region is given at all, `UNKNOWN_REGION` for a Terraform resource
// of a provider configuration whose region is unknown. Its real region is unknown, so a decision
// must not rest on it being different from (or equal to) a region that a policy, an ARN or the
// request names (`"Resource": "arn:aws:sqs:eu-west-1:…"`, `aws:RequestedRegion`, the region field
// of an `aws:SourceArn`). The engine decides the request again in each world where the stand-in
// is one of those regions (`regionAlternatives`, `modelInRegion`: the stand-in replaced
// everywhere, in the request too); any world deciding otherwise makes the decision
// indeterminate, with a trace entry naming `--region` (or the provider configuration's region).
// Comparisons of the stand-in with itself (`${AWS::Region}`, `data.aws_region.current`, the ARNs
// of what the inputs create in the same region) are the same in every world, so they stay
// decided. A request to a global service is made to its endpoint's Region whatever the stand-in
// (global-services.ts): when a policy compares aws:RequestedRegion with the stand-in, those
// Regions are worlds too. This mirrors account-worlds.ts (the unstated deploying account); a world's engine
// decides with its own account worlds, so a decision that depends on both is found too.
//
// Source: IAM User Guide, "IAM identifiers" (ARN format): "region – The Region code. For
// example, us-east-2 for US East (Ohio)." — the region is part of what a Resource ARN matches
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html); and "AWS global
// condition context keys", aws:RequestedRegion: "Use this key to compare the AWS Region that was
// called in the request with the Region that you specify in the policy"
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-requestedregion).

import {
  modelInRegion,
  namedRegions,
  type RegionNames,
  regionAlternatives,
  requestRegions,
  standInRegions,
  substituteRegion,
  substituteRegionInString,
} from '../model/region-substitution.js';
import { PLACEHOLDER_REGION, UNKNOWN_REGION } from '../model/stand-ins.js';
import { globalServiceRegion, globalServiceRegions } from './global-services.js';
import type { Model } from '../model/types.js';
import { type DecideOptions, type Decision, type Request, worldOptionsOf } from './types.js';
import {
  indeterminateInWorld,
  otherWorldWords,
  requestInWorld,
  type ValuesChanged,
  valuesHolding,
} from './world-decision.js';

/** What the worlds need of an engine: deciding a request (with its own account worlds). */
export interface RegionWorldDecider {
  decide(request: Request, options: DecideOptions): Decision;
}

/** What to give to pin the stand-in region `standIn` down. */
function standInRegionHint(standIn: string): string {
  return standIn === PLACEHOLDER_REGION
    ? 'pass --region'
    : "set that provider configuration's region (its variable: --var, --var-file or TF_VAR_name)";
}

/** What the stand-in region `standIn` stands for. */
function standInRegionWhat(standIn: string): string {
  return standIn === PLACEHOLDER_REGION
    ? `the deploying region is not given, so "${standIn}" stands for it in ARNs`
    : `the region of a Terraform provider configuration is not known, so "${standIn}" stands for it in ARNs (tf/unknown-region)`;
}

/** The reason a decision that depends on the stand-in region `standIn` is indeterminate. */
export function standInRegionReason(standIn: string): string {
  return `${standInRegionWhat(standIn)}: ${standInRegionHint(standIn)}`;
}

/**
 * The request as it is in the world where the stand-in region `from` is `to`; its context and
 * session policy kept as they are where `changes` says no string of theirs holds `from`.
 */
function requestInRegion(request: Request, from: string, to: string, changes: ValuesChanged): Request {
  return requestInWorld(
    request,
    (s) => substituteRegionInString(s, from, to),
    (v) => substituteRegion(v, from, to),
    changes,
  );
}

/** The lower-case service prefix of an action (`iam` of `IAM:GetUser`). */
function serviceOf(action: string): string {
  return action.slice(0, action.indexOf(':')).toLowerCase();
}

/** The strings of a request that may name regions. */
function requestStrings(request: Request): string[] {
  const out = [request.resource];
  for (const v of Object.values(request.context ?? {})) {
    if (typeof v === 'string') out.push(v);
    else if (Array.isArray(v)) out.push(...v.filter((x): x is string => typeof x === 'string'));
  }
  if (request.sessionPolicy !== undefined)
    out.push(...JSON.stringify(request.sessionPolicy ?? '').split('"'));
  return out;
}

export class RegionWorlds {
  private readonly model: Model;
  private readonly make: (model: Model) => RegionWorldDecider;
  private readonly engines = new Map<string, RegionWorldDecider>();
  private readonly standIns: readonly string[];
  private readonly names: RegionNames;
  /** Per stand-in, the regions the model names that it might be. */
  private readonly alternatives = new Map<string, readonly string[]>();
  /** Per stand-in, the global services' Regions a request to one of them adds (see the constructor). */
  private readonly globalAlternatives = new Map<string, readonly string[]>();

  private constructor(model: Model, make: (model: Model) => RegionWorldDecider, standIns: string[]) {
    this.model = model;
    this.make = make;
    this.standIns = standIns;
    this.names = namedRegions(model);
    for (const s of standIns) {
      const alternatives = regionAlternatives(this.names, s, standIns);
      // A provider configuration of unknown region may be in the (unstated) deploying region.
      if (s === UNKNOWN_REGION && standIns.includes(PLACEHOLDER_REGION))
        alternatives.push(PLACEHOLDER_REGION);
      this.alternatives.set(s, alternatives.sort());
      // aws:RequestedRegion of a request to a global service is its endpoint's Region, whatever
      // the stand-in: a condition comparing it with the stand-in (`${AWS::Region}`) decides such
      // a request otherwise in a world where the stand-in is that Region. Only there: any other
      // request compares the same in that world as here (no ARN names the Region, else it would
      // be an alternative), so those worlds are not in `worlds()`.
      if ([...(this.names.requestedRegionValues ?? [])].some((v) => v.includes(s)))
        this.globalAlternatives.set(
          s,
          globalServiceRegions(model.partition).filter((g) => !alternatives.includes(g)),
        );
    }
  }

  /** The worlds of `model`, or null when no ARN of it holds a stand-in region. */
  static of(model: Model, make: (model: Model) => RegionWorldDecider): RegionWorlds | null {
    const standIns = standInRegions(model);
    return standIns.length ? new RegionWorlds(model, make, standIns) : null;
  }

  /**
   * Might some world decide a request naming `strings` otherwise (a region the model names, or
   * one of `strings` names)? False lets analyses prune by what the policies name.
   */
  mayMatter(strings: readonly string[]): boolean {
    for (const a of this.alternatives.values()) if (a.length) return true;
    return requestRegions(strings).some((r) => !this.standIns.includes(r));
  }

  /**
   * The worlds every request is decided in (per stand-in, the regions the model names; a request
   * naming other regions adds worlds: `beyond`), each as the map of a string into it and its
   * decider (which decides with its own account worlds).
   */
  worlds(): { into: (s: string) => string; decider: RegionWorldDecider }[] {
    const out: { into: (s: string) => string; decider: RegionWorldDecider }[] = [];
    for (const standIn of this.standIns)
      for (const to of this.alternatives.get(standIn) ?? [])
        out.push({
          into: (s) => substituteRegionInString(s, standIn, to),
          decider: this.engineFor(standIn, to),
        });
    return out;
  }

  /** Does a request naming `strings` add worlds to `worlds()` (a region the model does not name)? */
  beyond(strings: readonly string[]): boolean {
    const named = requestRegions(strings);
    return this.standIns.some((standIn) => {
      const alternatives = this.alternatives.get(standIn) ?? [];
      return named.some((r) => r !== standIn && !alternatives.includes(r));
    });
  }

  private engineFor(from: string, to: string): RegionWorldDecider {
    const key = `${from}\u0000${to}`;
    let e = this.engines.get(key);
    if (!e) {
      e = this.make(modelInRegion(this.model, from, to));
      this.engines.set(key, e);
    }
    return e;
  }

  /**
   * `home` (the decision with the stand-in regions) unless some world decides `request`
   * otherwise: then indeterminate, with the world named in the trace.
   */
  check(request: Request, options: DecideOptions, home: Decision): Decision {
    if (home.decision === 'indeterminate') return home;
    const fromRequest = requestRegions(requestStrings(request));
    const worldOptions = worldOptionsOf(options);
    for (const standIn of this.standIns) {
      const regions = new Set(this.alternatives.get(standIn));
      for (const r of fromRequest) if (r !== standIn) regions.add(r);
      const global = this.globalAlternatives.get(standIn);
      if (global?.length && globalServiceRegion(this.model.partition, serviceOf(request.action)))
        for (const g of global) regions.add(g);
      const changes = valuesHolding(request, standIn);
      for (const to of regions) {
        const other = this.engineFor(standIn, to).decide(
          requestInRegion(request, standIn, to, changes),
          worldOptions,
        );
        if (other.decision === home.decision) continue;
        return indeterminate(home, standIn, to, other.decision);
      }
    }
    return home;
  }
}

/** `home` made indeterminate because the world where `standIn` is `to` decides `other`. */
function indeterminate(home: Decision, standIn: string, to: string, other: Decision['decision']): Decision {
  return indeterminateInWorld(
    home,
    'unknown-world',
    `${standInRegionWhat(standIn)}: were it ${to} (a region the inputs or the request name), ${otherWorldWords(other, home.decision)}; ${standInRegionHint(standIn)}`,
    standInRegionReason(standIn),
  );
}
