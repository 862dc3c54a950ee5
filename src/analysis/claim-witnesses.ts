// Claims of a federated caller for exhaustive checks: which token claims (`sub`, `aud`, `amr`,
// `SAML:aud`...) to try when asking "who else can assume this role through this provider?".
// Claims nobody pinned are free, but the engine's free-context mode would only say "allowed if the
// condition holds" for each; an exhaustive check needs concrete tokens that show another caller
// getting in. So the claim keys the model's conditions name (and the allowed callers pin) get
// witness values: for each key, one value per region of the Venn diagram of every pattern
// conditions and allowed callers use on it (glob-witness.ts), preferring readable values
// (`repo:evil/x:ref:refs/heads/main` over `x`), plus "absent" for a claim the provider does not
// always send; the witnesses of all keys are combined. Decisions depend on a claim only through
// the patterns its conditions test, so one value per region decides every value of the region:
// nothing is sampled. Case-insensitive operators and condition values with policy variables are
// the exception (their values are still tried; see the README's limits).

import type { ContextValue, RequestContext } from '../engine/types.js';
import {
  alwaysPresentClaims,
  claimPrefixOf,
  GITHUB_ISSUER,
  isMultiValuedClaim,
} from '../model/federation.js';
import type { Model } from '../model/types.js';
import { isUnknown } from '../model/unknown.js';
import type { ArnTokens } from '../catalog/arn-template.js';
import { regionWitnesses, tokensMatch } from './glob-witness.js';
import { modelPolicyDocuments } from './principals.js';
import type { AllowedCaller } from './types.js';

/** Most claim combinations tried for one federated principal before the check says it stopped. */
const MAX_ASSIGNMENTS = 4096;

/** A plain glob (`*` any run, `?` one character, across colons): how String*Like compares. */
function globTokens(pattern: string): ArnTokens {
  const out: { cls: { lit: string } | { except: string }; star: boolean }[] = [];
  for (const ch of pattern) {
    if (ch === '*') out.push({ cls: { except: '' }, star: true });
    else if (ch === '?') out.push({ cls: { except: '' }, star: false });
    else out.push({ cls: { lit: ch }, star: false });
  }
  return out as ArnTokens;
}

interface KeyPatterns {
  /** The key as first written. */
  key: string;
  patterns: Set<string>;
}

/** The claim keys of `principal` the model's conditions test, with the values they test. */
function conditionPatterns(model: Model, principal: string): Map<string, KeyPatterns> {
  const prefix = claimPrefixOf(principal)?.toLowerCase();
  const out = new Map<string, KeyPatterns>();
  if (prefix === undefined) return out;
  for (const { doc } of modelPolicyDocuments(model)) {
    if (doc.unknown) continue;
    for (const st of doc.statements)
      for (const c of st.conditions) {
        const lower = c.key.toLowerCase();
        if (!lower.startsWith(`${prefix}:`)) continue;
        const entry = out.get(lower) ?? { key: c.key, patterns: new Set<string>() };
        out.set(lower, entry);
        const ignoreCase = /IgnoreCase/i.test(c.operator);
        for (const v of c.values) {
          if (isUnknown(v) || v.includes('${')) continue;
          entry.patterns.add(v);
          if (ignoreCase) {
            entry.patterns.add(v.toLowerCase());
            entry.patterns.add(v.toUpperCase());
          }
        }
      }
  }
  return out;
}

/** Readable values for a claim, tried before the search's shortest strings. */
function readableValues(key: string, patterns: readonly string[]): string[] {
  const lower = key.toLowerCase();
  const out: string[] = [];
  if (lower === `${GITHUB_ISSUER}:sub`) out.push(...githubSubjects(patterns));
  else if (/^oidc\.eks\.[^:]+:sub$/.test(lower)) out.push(...serviceAccountSubjects(patterns));
  for (const p of patterns) out.push(p.replace(/\*/g, 'x').replace(/\?/g, 'x'));
  out.push('iamspec-other');
  return out;
}

/**
 * GitHub `sub` values (GitHub Docs, "OpenID Connect", "Example subject claims": `repo:ORG/REPO:
 * ref:refs/heads/BRANCH`, `:pull_request`, `:environment:NAME`, `:ref:refs/tags/TAG`) over the
 * owners and repositories the patterns name and another owner (`evil`) and repository (`x`).
 */
function githubSubjects(patterns: readonly string[]): string[] {
  const owners = ['evil'];
  const repos = ['x'];
  const suffixes = [
    ':ref:refs/heads/main',
    ':ref:refs/heads/evil',
    ':pull_request',
    ':environment:evil',
    ':ref:refs/tags/evil',
  ];
  for (const p of patterns) {
    const m = /^repo:([^/*?]+)\/([^:*?]+)(:[^*?]*)?/.exec(p);
    if (!m) continue;
    if (!owners.includes(m[1]!)) owners.push(m[1]!);
    if (!repos.includes(m[2]!)) repos.push(m[2]!);
    if (m[3] && !suffixes.includes(m[3])) suffixes.push(m[3]);
  }
  const out: string[] = [];
  for (const o of owners) for (const r of repos) for (const s of suffixes) out.push(`repo:${o}/${r}${s}`);
  return out;
}

/** EKS `sub` values (`system:serviceaccount:NAMESPACE:NAME`) over the named ones and others. */
function serviceAccountSubjects(patterns: readonly string[]): string[] {
  const namespaces = ['evil'];
  const names = ['x'];
  for (const p of patterns) {
    const m = /^system:serviceaccount:([^:*?]+):([^:*?]+)/.exec(p);
    if (!m) continue;
    if (!namespaces.includes(m[1]!)) namespaces.push(m[1]!);
    if (!names.includes(m[2]!)) names.push(m[2]!);
  }
  const out: string[] = [];
  for (const n of namespaces) for (const s of names) out.push(`system:serviceaccount:${n}:${s}`);
  return out;
}

/** One value per region of the patterns' Venn diagram, readable ones first. */
function valuesPerRegion(key: string, patterns: readonly string[]): { values: string[]; complete: boolean } {
  const tokens = patterns.map(globTokens);
  const seen = new Set<string>();
  const values: string[] = [];
  const take = (v: string) => {
    const vector = tokens.map((t) => (tokensMatch(t, v) ? '1' : '0')).join('');
    if (seen.has(vector)) return;
    seen.add(vector);
    values.push(v);
  };
  for (const v of readableValues(key, patterns)) take(v);
  const search = regionWitnesses(tokens);
  for (const r of search.regions) take(r.witness);
  return { values, complete: search.complete };
}

/** Does an allowed caller's pinned claim cover a tried value? (see `callerCovers`) */
function claimCovers(pin: string | readonly string[], value: ContextValue | undefined): boolean {
  if (value === undefined || value === null) return false;
  const have = typeof value === 'string' ? [value] : value;
  const want = typeof pin === 'string' ? [pin] : pin;
  return want.every((p) => {
    const t = globTokens(p);
    return have.some((h) => tokensMatch(t, h));
  });
}

/**
 * True when the allowed caller covers a caller of the same provider with these claims: every claim
 * it pins matches (a pattern; for a list, each pinned value matches one of the token's values).
 */
export function callerCovers(allowed: AllowedCaller, principal: string, context: RequestContext): boolean {
  if (allowed.principal !== principal) return false;
  const byLower = new Map(Object.entries(context).map(([k, v]) => [k.toLowerCase(), v]));
  return Object.entries(allowed.claims).every(([k, pin]) => claimCovers(pin, byLower.get(k.toLowerCase())));
}

export interface ClaimAssignments {
  /** Claim contexts to try, in order (readable witnesses first). */
  assignments: RequestContext[];
  /** False when a search or the combination limit stopped early: the check cannot hold. */
  complete: boolean;
  /** Why it is incomplete, for the witness that says so. */
  reason?: string;
}

/**
 * The claim contexts an exhaustive principal check tries for the federated `principal` (see the
 * module comment). `pinned`: context the check pins (those keys are not varied); `allowed`: the
 * callers of the check's allowed list (their patterns split regions too).
 */
export function claimAssignments(
  model: Model,
  principal: string,
  allowed: readonly AllowedCaller[],
  pinned: RequestContext | undefined,
): ClaimAssignments {
  const keys = conditionPatterns(model, principal);
  for (const a of allowed) {
    if (a.principal !== principal) continue;
    for (const [k, v] of Object.entries(a.claims)) {
      const lower = k.toLowerCase();
      const entry = keys.get(lower) ?? { key: k, patterns: new Set<string>() };
      keys.set(lower, entry);
      for (const x of typeof v === 'string' ? [v] : v) entry.patterns.add(x);
    }
  }
  const pinnedKeys = new Set(Object.keys(pinned ?? {}).map((k) => k.toLowerCase()));
  const prefix = claimPrefixOf(principal)?.toLowerCase() ?? '';
  const present = new Set(alwaysPresentClaims(principal).map((c) => `${prefix}:${c}`));
  let complete = true;
  const dimensions: { key: string; values: ContextValue[] }[] = [];
  for (const [lower, { key, patterns }] of keys) {
    if (pinnedKeys.has(lower)) continue;
    const region = valuesPerRegion(key, [...patterns]);
    if (!region.complete) complete = false;
    let values: ContextValue[] = region.values;
    if (isMultiValuedClaim(key)) {
      // A multi-valued claim is a set: each value alone and each pair (a condition set operator
      // tests any or all of them).
      const sets: string[][] = region.values.map((v) => [v]);
      for (let i = 0; i < region.values.length; i++)
        for (let j = i + 1; j < region.values.length; j++) sets.push([region.values[i]!, region.values[j]!]);
      values = sets;
    }
    if (!present.has(lower)) values = [...values, null];
    dimensions.push({ key, values });
  }
  let total = 1;
  for (const d of dimensions) total *= d.values.length;
  if (total > MAX_ASSIGNMENTS) {
    return {
      assignments: [],
      complete: false,
      reason: `the conditions on the claims of ${principal} (${dimensions.map((d) => d.key).join(', ')}) give ${total} combinations to try, more than ${MAX_ASSIGNMENTS}`,
    };
  }
  let assignments: Record<string, ContextValue>[] = [{}];
  for (const d of dimensions) {
    const next: Record<string, ContextValue>[] = [];
    for (const a of assignments) for (const v of d.values) next.push({ ...a, [d.key]: v });
    assignments = next;
  }
  return complete
    ? { assignments, complete }
    : {
        assignments,
        complete,
        reason: `the witness search over the claim patterns of ${principal} stopped at its limit`,
      };
}
