// The model "in another region": the same inputs deployed to a given region, and the regions
// worth looking at. When the inputs do not pin a region down, the adapters write a stand-in into
// the ARNs (stand-ins.ts): `PLACEHOLDER_REGION` for inputs given no region at all
// (`Account.regionIsStandIn`), `UNKNOWN_REGION` for Terraform resources of a provider
// configuration whose region is unknown. Replacing the stand-in everywhere by `to` gives the
// model the inputs would be if they deployed there; the engine decides a request in such worlds
// to find decisions that depend on the region (src/engine/region-worlds.ts). Owns
// `standInRegions`, `namedRegions`, `requestRegions` and `modelInRegion`.
//
// Neither stand-in is a region code (stand-ins.ts), so a region the inputs write themselves
// (`us-east-1` in a Resource or a condition) is never replaced: only what the adapters resolved
// to the stand-in (`${AWS::Region}`, `data.aws_region.current`) moves from world to world.

import type { PolicyDocument } from '../policy/types.js';
import { compileGlob, type Matcher } from '../policy/wildcard.js';
import { SKIP, substituteStrings } from './account-substitution.js';
import { PLACEHOLDER_REGION, UNKNOWN_REGION } from './stand-ins.js';
import type { Model } from './types.js';

/** A region code: `eu-west-1`, `us-gov-west-1`, `cn-north-1`, `eusc-de-east-1`. */
const REGION = /^[a-z]{2,4}(?:-[a-z]+)+-\d{1,2}$/;
/** A region pattern: region-code characters with at least one `*` / `?`, not `*` alone. */
const REGION_PATTERN = /^[a-z0-9*?-]*[*?][a-z0-9*?-]*$/;

/** True for a string with the shape of a region code. */
export function isRegionCode(s: string): boolean {
  return REGION.test(s);
}

/** The stand-in regions the model's ARNs hold (see the module comment), in a fixed order. */
export function standInRegions(model: Model): string[] {
  const out: string[] = [];
  if (model.accounts.some((a) => a.regionIsStandIn || a.region === PLACEHOLDER_REGION))
    out.push(PLACEHOLDER_REGION);
  // The Terraform adapter warns (tf/unknown-region) wherever it writes UNKNOWN_REGION, a
  // `data.aws_region` read by policies included.
  if (
    model.findings.some((f) => f.code === 'tf/unknown-region') ||
    model.resources.some((r) => r.region === UNKNOWN_REGION || r.arn.includes(`:${UNKNOWN_REGION}:`)) ||
    model.accounts.some((a) => a.region === UNKNOWN_REGION)
  )
    out.push(UNKNOWN_REGION);
  return out;
}

const occurrences = new Map<string, RegExp>();

/** Every occurrence of region `from` as a word (`:us-east-1:`, `-us-east-1`, `us-east-1a`). */
function occurrenceOf(from: string): RegExp {
  let re = occurrences.get(from);
  if (!re) {
    re = new RegExp(`(?<![A-Za-z0-9])${from.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&')}(?![0-9])`, 'g');
    occurrences.set(from, re);
  }
  return re;
}

/** `s` with the region `from` replaced by `to` (see `occurrenceOf`). */
export function substituteRegionInString(s: string, from: string, to: string): string {
  return s.includes(from) ? s.replace(occurrenceOf(from), to) : s;
}

/** A copy of `value` with region `from` replaced by `to` in every string (as `substituteAccount`). */
export function substituteRegion<T>(value: T, from: string, to: string): T {
  return substituteStrings(value, (s) => substituteRegionInString(s, from, to), SKIP);
}

/** The model as it would be if the stand-in region `from` were `to` (see the module comment). */
export function modelInRegion(model: Model, from: string, to: string): Model {
  // SCPs and RCPs (`--scp`/`--rcp` files, organization policies) are written for every account
  // and Region of the organization, never with the deploying Region resolved into them: a
  // `us-east-1` there is that Region itself, so they stay as they are.
  const out = {
    ...substituteRegion({ ...model, organizations: [] }, from, to),
    organizations: model.organizations,
  };
  // In that world the stand-in region is known: its warnings and marks no longer say a stand-in.
  return from === UNKNOWN_REGION
    ? { ...out, findings: out.findings.filter((f) => f.code !== 'tf/unknown-region') }
    : { ...out, accounts: out.accounts.map(({ regionIsStandIn: _, ...a }) => a) };
}

// ---------------------------------------------------------------------------------------
// The regions that matter

/** Region codes and region patterns written in strings. */
export interface RegionNames {
  codes: Set<string>;
  patterns: { text: string; matcher: Matcher }[];
  /** The values of the model's `aws:RequestedRegion` conditions (a stand-in among them or not). */
  requestedRegionValues?: Set<string>;
}

/** The region a string names: the region field of an ARN, or the whole string. */
function noteRegion(s: string, out: RegionNames, patterns: boolean): void {
  let field = s;
  if (s.startsWith('arn:')) field = s.split(':', 4)[3] ?? '';
  if (!field || field.length > 40 || field.includes('$')) return;
  if (REGION.test(field)) out.codes.add(field);
  else if (patterns && field !== '*' && REGION_PATTERN.test(field) && field.includes('-'))
    out.patterns.push({ text: field, matcher: compileGlob(field, false) });
}

function collect(value: unknown, out: RegionNames, seen: Set<object>, depth = 0): void {
  if (typeof value === 'string') {
    noteRegion(value, out, true);
    return;
  }
  if (value === null || typeof value !== 'object' || depth > 64 || seen.has(value)) return;
  seen.add(value);
  if (Array.isArray(value)) {
    for (const x of value) collect(x, out, seen, depth + 1);
    return;
  }
  for (const [k, x] of Object.entries(value)) {
    if (k === 'source' || k === 'valueSources' || k === 'findings') continue;
    collect(x, out, seen, depth + 1);
  }
}

/**
 * The region codes and patterns the model names: its accounts' and resources' regions, and the
 * region fields of ARNs and region-shaped values of its policies (Resource, Principal, condition
 * values such as aws:RequestedRegion or an aws:SourceArn).
 */
export function namedRegions(model: Model): RegionNames {
  const out: RegionNames = { codes: new Set(), patterns: [] };
  const seen = new Set<object>();
  const docs: (PolicyDocument | undefined)[] = [];
  for (const a of model.accounts) if (a.region) noteRegion(a.region, out, false);
  for (const p of [...model.users, ...model.groups, ...model.roles]) {
    for (const ip of p.inlinePolicies) docs.push(ip.document);
    collect(p.managedPolicies, out, seen);
  }
  for (const r of model.roles) docs.push(r.trustPolicy);
  for (const p of model.policies) docs.push(p.document);
  for (const r of model.resources) {
    collect(r.arn, out, seen);
    if (r.region) noteRegion(r.region, out, false);
    collect(r.governs, out, seen);
    docs.push(r.policy);
  }
  for (const o of model.organizations) docs.push(...o.scps, ...o.rcps);
  const requested = new Set<string>();
  for (const d of docs) {
    if (!d) continue;
    collect(d.statements, out, seen);
    for (const st of d.statements)
      for (const c of st.conditions)
        if (c.key.toLowerCase() === 'aws:requestedregion')
          for (const v of c.values) if (typeof v === 'string') requested.add(v);
  }
  out.requestedRegionValues = requested;
  return out;
}

/** Region codes named in `strings` (a request's resource and context values). */
export function requestRegions(strings: Iterable<string>): string[] {
  const out: RegionNames = { codes: new Set(), patterns: [] };
  for (const s of strings) noteRegion(s, out, false);
  return [...out.codes];
}

/** Candidates for "a region no pattern names" (never a region code AWS gives). */
const UNNAMED_REGIONS = ['zz-iamspec-9', 'xq-nowhere-8', 'iamspec-elsewhere-7'];

/**
 * The regions the stand-in `standIn` might be that could change a decision: every region code
 * the model names other than itself, one region each region pattern matches (`eu-*` →
 * `eu-x`) when the stand-in does not, and when the stand-in matches some pattern, a region
 * matching as few patterns as possible. Any other region compares with everything the model
 * says as the stand-in does.
 */
export function regionAlternatives(
  names: RegionNames,
  standIn: string,
  standIns: readonly string[],
): string[] {
  const out = new Set<string>();
  // (The other stand-in is added by the engine: src/engine/region-worlds.ts.)
  for (const c of names.codes) if (c !== standIn) out.add(c);
  let standInMatches = false;
  for (const p of names.patterns) {
    if (p.matcher.test(standIn)) {
      standInMatches = true;
      continue;
    }
    const filled = p.text.replace(/[*?]/g, 'x');
    if (p.matcher.test(filled) && !standIns.includes(filled)) out.add(filled);
  }
  if (standInMatches) {
    let best: { region: string; hits: number } | undefined;
    for (const r of UNNAMED_REGIONS) {
      const hits = names.patterns.filter((p) => p.matcher.test(r)).length;
      if (!best || hits < best.hits) best = { region: r, hits };
    }
    if (best) out.add(best.region);
  }
  out.delete(standIn);
  return [...out].sort();
}
