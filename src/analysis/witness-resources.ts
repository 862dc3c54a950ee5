// Witness resources for exhaustive checks: for one action, a finite list of concrete resource
// ARNs such that every resource the action could name behaves like one of them. A decision
// depends on the resource only through which Resource / NotResource patterns (and the check's
// own allowed patterns) match it, which model resource it belongs to (resource policy, tags,
// key policy, account), its account and region fields, and, for sts:AssumeRole*, which role it
// is. So the resources are split into classes by those features, and each non-empty class gets
// one member: model ARNs and readable instances of the patterns and of the catalog's ARN formats
// first, then the exhaustive region search of glob-witness.ts for every class that is left.
// Resources are limited to the ARN formats of the action's resource types (or `*` for actions
// without resource types, "Actions, resources, and condition keys for AWS services"); actions
// the catalog does not know may name anything.

import { isOpenAccountStandIn } from '../model/open-accounts.js';
import { TRUST_ACTIONS } from '../engine/engine.js';
import { arnSeparatorsOfService, getAction, getResourceType } from '../catalog/index.js';
import { tokensIntersect } from '../catalog/arn-template.js';
import { unknownPartsAsRuns } from '../engine/unknown-names.js';
import { parseArn } from '../model/arns.js';
import type { Model, Resource } from '../model/types.js';
import { isUnknown } from '../model/unknown.js';
import type { ConditionClause } from '../policy/types.js';
import { compileArnPattern, hasWildcard, type Matcher } from '../policy/wildcard.js';
import {
  PLACEHOLDER_ACCOUNT,
  PLACEHOLDER_REGION,
  UNKNOWN_NAME_PART_OPEN,
  unnamedAccount,
} from '../model/stand-ins.js';
import {
  type ArnTokens,
  type PatternAutomaton,
  patternTokens,
  regionWitnesses,
  sampleMembers,
  templateTokens,
  tokensMatch,
} from './glob-witness.js';
import { escapeRegExp } from '../text/regexp.js';

/** Actions whose resource-based policy is the role's trust policy (as the engine decides them). */
export { TRUST_ACTIONS } from '../engine/engine.js';

/** What resources an action can name, from the catalog. */
export interface ActionResourceShape {
  /** ARN templates of the action's resource types; undefined = any string (unknown action). */
  templates: string[] | undefined;
  /** Token forms of `templates`, with the service's separator rules. */
  within: ArnTokens[] | undefined;
  /** The request may name `*` (no resource types, or none of them required). */
  star: boolean;
}

const shapeCache = new Map<string, ActionResourceShape>();
const formatTokenCache = new Map<string, ArnTokens>();

/**
 * The token form of an ARN format, one array per format: the actions of a service share their
 * formats, and so the automata glob-witness.ts builds (and caches) per token array.
 */
function formatTokens(format: string, finalVariableExcludes: string): ArnTokens {
  const key = `${format}\u0000${finalVariableExcludes}`;
  let tokens = formatTokenCache.get(key);
  if (!tokens) {
    tokens = templateTokens(format, finalVariableExcludes);
    if (formatTokenCache.size > 50_000) formatTokenCache.clear();
    formatTokenCache.set(key, tokens);
  }
  return tokens;
}

/**
 * The resources `action` can name in `partition` (a principal names resources of its own
 * partition, so `${Partition}` is fixed).
 */
export function actionResourceShape(action: string, partition = 'aws'): ActionResourceShape {
  const key = `${partition}:${action.toLowerCase()}`;
  const hit = shapeCache.get(key);
  if (hit) return hit;
  const a = getAction(action);
  let shape: ActionResourceShape;
  if (!a) shape = { templates: undefined, within: undefined, star: true };
  else if (a.resourceTypes.length === 0) shape = { templates: [], within: [], star: true };
  else {
    const separators = arnSeparatorsOfService(a.service);
    const templates: string[] = [];
    const within: ArnTokens[] = [];
    for (const t of a.resourceTypes) {
      const rt = getResourceType(a.service, t.name);
      for (const arn of rt?.arns ?? []) {
        const fixed = arn.replace(/\$\{Partition\}/g, partition);
        if (templates.includes(fixed)) continue;
        templates.push(fixed);
        within.push(formatTokens(fixed, separators.get(arn) ?? ''));
      }
    }
    shape =
      templates.length === 0
        ? { templates: undefined, within: undefined, star: true }
        : { templates, within, star: !a.resourceTypes.some((t) => t.required) };
  }
  if (shapeCache.size > 50_000) shapeCache.clear();
  shapeCache.set(key, shape);
  return shape;
}

const inFormatCache = new WeakMap<ArnTokens, Map<string, boolean>>();

/**
 * `tokensMatch` of an ARN format, remembered per format: the same readable candidates (model
 * ARNs, instances of the formats) are checked against the formats of every action of a service.
 */
function inFormat(format: ArnTokens, s: string): boolean {
  let known = inFormatCache.get(format);
  if (!known) {
    known = new Map();
    inFormatCache.set(format, known);
  }
  let hit = known.get(s);
  if (hit === undefined) {
    hit = tokensMatch(format, s);
    if (known.size > 10_000) known.clear();
    known.set(s, hit);
  }
  return hit;
}

/** Values that fill wildcards and template variables in readable witnesses. */
export interface WitnessDefaults {
  partition: string;
  region: string;
  account: string;
}

const FILL = 'example';

// Model-independent caches shared by every engine: pattern automata (glob-witness.ts caches them
// per token array), region searches per ARN format and pattern set, containment and overlap.
const tokenCache = new Map<string, ArnTokens>();
const searchCache = new Map<string, { witnesses: string[]; none: string | undefined; complete: boolean }>();
const coverCache = new Map<string, boolean>();
const intersectCache = new Map<string, boolean>();
const MAX_STATES = 200_000;

/** A readable concrete ARN for a pattern: `*` in each ARN field filled with a sensible value. */
export function instantiatePattern(pattern: string, service: string, d: WitnessDefaults): string {
  if (pattern === '*') return `arn:${d.partition}:${service}:${d.region}:${d.account}:${FILL}`;
  const fields = pattern.split(':');
  if (fields.length < 6 || fields[0] !== 'arn') return pattern.replace(/\*/g, FILL).replace(/\?/g, 'x');
  const head = fields.slice(0, 5);
  const fillField = (f: string, value: string) =>
    f === '*' ? value : f.replace(/\*/g, FILL).replace(/\?/g, 'x');
  head[1] = fillField(head[1]!, d.partition);
  head[2] = fillField(head[2]!, service);
  // S3 ARNs carry neither region nor account; keep empty fields empty.
  head[3] = fillField(head[3]!, d.region);
  head[4] = fillField(head[4]!, d.account);
  const rest = fields.slice(5).join(':').replace(/\*/g, FILL).replace(/\?/g, 'x');
  return `${head.join(':')}:${rest}`;
}

/** A catalog ARN template filled with the defaults (`${BucketName}` → `example`). */
export function instantiateTemplate(template: string, d: WitnessDefaults): string {
  return template.replace(/\$\{([^}]*)\}/g, (_m, name: string) => {
    const n = name.toLowerCase();
    if (n === 'partition') return d.partition;
    if (n === 'region') return d.region;
    if (n === 'account' || n === 'accountid') return d.account;
    return FILL;
  });
}

/**
 * Policy-variable forms of a Resource value: `${...}` replaced by `*` (every value the variable
 * could take), and, when `known` resolves some variables, the value with those substituted.
 */
export function variableForms(pattern: string, known: (key: string) => string | undefined): string[] {
  if (!pattern.includes('${')) return [pattern];
  const wild = pattern.replace(/\$\{[^}]*\}/g, '*');
  let resolvedAny = false;
  const substituted = pattern.replace(/\$\{([^}]*)\}/g, (_m, inner: string) => {
    if (inner === '*' || inner === '?' || inner === '$') return '*';
    const comma = inner.indexOf(',');
    const key = (comma >= 0 ? inner.slice(0, comma) : inner).trim().toLowerCase();
    const v = known(key);
    if (v === undefined) return '*';
    resolvedAny = true;
    return v.replace(/[*?]/g, '*');
  });
  return resolvedAny && substituted !== wild ? [wild, substituted] : [wild];
}

/** The model resource an ARN belongs to, as the engine finds it (exact, S3 object, Lambda qualifier). */
export function modelResourceOf(byArn: ReadonlyMap<string, Resource>, arn: string): Resource | undefined {
  const exact = byArn.get(arn);
  if (exact) return exact;
  const parsed = parseArn(arn);
  if (!parsed) return undefined;
  if (parsed.service === 's3' && parsed.account === '' && parsed.region === '') {
    const slash = parsed.resource.indexOf('/');
    if (slash > 0) return byArn.get(`arn:${parsed.partition}:s3:::${parsed.resource.slice(0, slash)}`);
  }
  if (parsed.service === 'lambda' && parsed.resource.startsWith('function:')) {
    const name = parsed.resource.split(':')[1];
    return byArn.get(`arn:${parsed.partition}:lambda:${parsed.region}:${parsed.account}:function:${name}`);
  }
  return undefined;
}

/** Patterns that cover a model resource and everything the engine maps to it. */
function resourceSplitPatterns(r: Resource): string[] {
  // An ARN with `*` or `?` in it cannot be a literal pattern; its class is told apart by
  // `modelResourceOf` instead.
  if (hasWildcard(r.arn)) return [];
  const out = [r.arn];
  const parsed = parseArn(r.arn);
  if (
    parsed?.service === 's3' &&
    parsed.account === '' &&
    parsed.region === '' &&
    !parsed.resource.includes('/')
  )
    out.push(`${r.arn}/*`);
  if (parsed?.service === 'lambda' && parsed.resource.startsWith('function:')) out.push(`${r.arn}:*`);
  return out;
}

/**
 * The Regions and accounts conditions name on aws:RequestedRegion and aws:ResourceAccount, added
 * to `regions` and `accounts`: the engine fills both keys from the resource's ARN
 * (engine/request-context.ts), so they tell resources apart as Resource patterns do
 * (WitnessQuery.regions, WitnessQuery.accounts). Unknown values, policy variables and values
 * holding `:` (no Region or account field) are left out.
 */
export function conditionSplits(
  conditions: readonly ConditionClause[],
  regions: Set<string>,
  accounts: Set<string>,
): void {
  for (const c of conditions) {
    const key = c.key.toLowerCase();
    if (key !== 'aws:requestedregion' && key !== 'aws:resourceaccount') continue;
    for (const v of c.values) {
      if (isUnknown(v) || v.includes('${') || v.includes(':')) continue;
      (key === 'aws:requestedregion' ? regions : accounts).add(v);
    }
  }
}

export interface WitnessQuery {
  action: string;
  /** Resource / NotResource values of the statements that could apply, and the allowed patterns. */
  patterns: readonly string[];
  /** Account of the principal(s): resources of other accounts are told apart. */
  principalAccount: string | undefined;
  /** Regions named by conditions on aws:RequestedRegion (split the region field when present). */
  regions?: readonly string[];
  /** Accounts named by conditions on aws:ResourceAccount. */
  accounts?: readonly string[];
  /** Only resources matching this pattern (onlyPrincipals over a resource pattern). */
  restrictTo?: string;
  /**
   * Only whether the search is complete counts: it stops at the first ARN format whose search is
   * not (the witnesses are then not every class's).
   */
  untilIncomplete?: boolean;
}

export interface WitnessSet {
  /** Concrete resources, readable ones first; one per class of equivalent resources. */
  resources: string[];
  /** False when the region search hit its state limit (some classes may be missing). */
  complete: boolean;
}

/** Computes witness resources for a model (caches per query). */
export class WitnessResources {
  private readonly model: Model;
  private readonly byArn = new Map<string, Resource>();
  private readonly roleArns: string[];
  private readonly accounts: string[];
  private readonly modelRegions: string[];
  /** The unnamed external account (model/stand-ins.ts), for witnesses in "some other account". */
  private readonly otherAccount: string;
  private readonly matchers = new Map<string, Matcher>();
  /** Pattern → string → whether it matches: classKey asks the same pairs for every action of a service. */
  private readonly matchMemo = new Map<string, Map<string, boolean>>();
  private readonly cache = new Map<string, WitnessSet>();
  readonly defaults: (account: string | undefined) => WitnessDefaults;

  constructor(model: Model) {
    this.model = model;
    for (const r of model.resources) this.byArn.set(r.arn, r);
    // the open-account stand-ins (model/open-accounts.ts) are principals, never targets
    this.roleArns = model.roles.filter((r) => !isOpenAccountStandIn(r)).map((r) => r.arn);
    this.accounts = model.accounts.map((a) => a.id);
    this.modelRegions = [
      ...new Set(
        [...model.accounts.map((a) => a.region), ...model.resources.map((r) => r.region)].filter(
          (x): x is string => !!x,
        ),
      ),
    ];
    this.otherAccount = unnamedAccount(model);
    const firstRegion = this.modelRegions[0] ?? PLACEHOLDER_REGION;
    const firstAccount = this.accounts[0] ?? PLACEHOLDER_ACCOUNT;
    this.defaults = (account) => ({
      partition: model.partition,
      region: model.accounts.find((a) => a.id === account)?.region ?? firstRegion,
      account: account ?? firstAccount,
    });
  }

  private matcher(p: string): Matcher {
    let m = this.matchers.get(p);
    if (!m) {
      const members = unionMembers(p);
      if (members.length === 1) m = compileArnPattern(p);
      else {
        const ms = members.map((x) => compileArnPattern(x));
        m = { pattern: p, test: (s) => ms.some((x) => x.test(s)) };
      }
      this.matchers.set(p, m);
    }
    return m;
  }

  /** `matcher(p).test(s)`, remembered. */
  private matches(p: string, s: string): boolean {
    let known = this.matchMemo.get(p);
    if (!known) {
      known = new Map();
      this.matchMemo.set(p, known);
    }
    let hit = known.get(s);
    if (hit === undefined) {
      hit = this.matcher(p).test(s);
      if (known.size > 10_000) known.clear();
      known.set(s, hit);
    }
    return hit;
  }

  private tokensOf(p: string): ArnTokens {
    let t = tokenCache.get(p);
    if (!t) {
      t = patternTokens(p);
      if (tokenCache.size > 50_000) tokenCache.clear();
      tokenCache.set(p, t);
    }
    return t;
  }

  /** The automaton of a pattern or of a union of patterns (`unionPattern`), one object per key. */
  private automatonOf(p: string): PatternAutomaton {
    const members = unionMembers(p);
    if (members.length === 1) return this.tokensOf(p);
    let u = unionCache.get(p);
    if (!u) {
      u = { union: members.map((x) => this.tokensOf(x)) };
      if (unionCache.size > 10_000) unionCache.clear();
      unionCache.set(p, u);
    }
    return u;
  }

  /**
   * Resources the engine treats specially: a policy, a key policy, tags, another account, a name
   * the inputs leave partly unknown.
   */
  private distinguished(r: Resource, principalAccount: string | undefined): boolean {
    return (
      !!r.policy ||
      r.kind === 'kms-key' ||
      Object.keys(r.tags).length > 0 ||
      (principalAccount !== undefined ? r.account !== principalAccount : this.accounts.length > 1)
    );
  }

  forAction(q: WitnessQuery): WitnessSet {
    const shape = actionResourceShape(q.action, this.model.partition);
    const actionLower = q.action.toLowerCase();
    const trust = TRUST_ACTIONS.has(actionLower);
    const key = [
      actionLower,
      q.principalAccount ?? '',
      q.restrictTo ?? '',
      [...(q.regions ?? [])].sort().join(','),
      [...(q.accounts ?? [])].sort().join(','),
      [...new Set(q.patterns)].sort().join('\n'),
      q.untilIncomplete ? 'until-incomplete' : '',
    ].join('\u0000');
    const hit = this.cache.get(key);
    if (hit) return hit;
    const result = this.compute(q, shape, trust);
    if (this.cache.size > 5000) this.cache.clear();
    this.cache.set(key, result);
    return result;
  }

  /** Can some resource of the ARN format `template` match `pattern`? (cached) */
  private intersects(template: string, within: ArnTokens, pattern: string): boolean {
    const key = `${template}\u0000${pattern}`;
    let hit = intersectCache.get(key);
    if (hit === undefined) {
      hit = unionMembers(pattern).some((x) => tokensIntersect(within, this.tokensOf(x)));
      if (intersectCache.size > 100_000) intersectCache.clear();
      intersectCache.set(key, hit);
    }
    return hit;
  }

  /** True when some resource the action can name matches one of `patterns`. */
  couldMatchAction(action: string, patterns: readonly string[]): boolean {
    if (patterns.includes('*')) return true;
    const shape = actionResourceShape(action, this.model.partition);
    if (!shape.templates || !shape.within) return patterns.length > 0;
    for (const p of patterns) {
      if (p === '*') return true;
      if (shape.star && this.matcher(p).test('*')) return true;
      for (let i = 0; i < shape.templates.length; i++)
        if (this.intersects(shape.templates[i]!, shape.within[i]!, p)) return true;
    }
    return false;
  }

  /**
   * True when every resource the action can name matches one of `patterns` (each ARN format
   * inside a single pattern, and `*` when the action may name it). Used to skip actions an
   * allowed entry already covers entirely.
   */
  coversAction(action: string, patterns: readonly string[]): boolean {
    if (patterns.includes('*')) return true;
    const shape = actionResourceShape(action, this.model.partition);
    if (shape.star && !patterns.some((p) => this.matcher(p).test('*'))) return false;
    if (!shape.templates || !shape.within) return false;
    return shape.templates.every((template, i) =>
      patterns.some((p) => {
        return this.coversFormat(template, shape.within![i]!, p);
      }),
    );
  }

  /**
   * True when the pattern matches every ARN of the format (cached). A string of the format the
   * pattern does not match answers no at once (most patterns: an account, a Region, another
   * resource); only the others are searched.
   */
  private coversFormat(template: string, within: ArnTokens, p: string): boolean {
    const key = `${template}\u0000${p}`;
    let hit = coverCache.get(key);
    const members = unionMembers(p);
    // a union covers the format when one of its members does (else it is searched: never wrong)
    if (hit === undefined && members.length > 1)
      hit = members.some((x) => this.coversFormat(template, within, x));
    if (hit === undefined) {
      const tokens = this.tokensOf(p);
      if (!sampleMembers(within).every((s) => tokensMatch(tokens, s))) hit = false;
      else {
        const r = regionWitnesses([tokens], { within: [within], maxStates: MAX_STATES });
        hit = r.complete && r.regions.every((x) => x.matches[0]);
      }
      if (coverCache.size > 20_000) coverCache.clear();
      coverCache.set(key, hit);
    }
    return hit;
  }

  /**
   * Region witnesses of the split patterns inside the action's ARN formats, one format at a
   * time (a class inside the union of the formats is a class inside one of them): patterns that
   * cannot match inside a format, or match all of it (`*`), are constant there and left out, and
   * each format's search is cached, so actions with the same formats share the work.
   */
  private search(
    split: readonly string[],
    shape: ActionResourceShape,
    untilIncomplete: boolean,
  ): { witnesses: string[]; complete: boolean } {
    if (!shape.within || !shape.templates) {
      return this.searchComponents(
        split.filter((p) => p !== '*'),
        undefined,
        '',
      );
    }
    const witnesses: string[] = [];
    let complete = true;
    shape.templates.forEach((template, i) => {
      if (untilIncomplete && !complete) return;
      const within = shape.within![i]!;
      // Patterns that cannot match inside the format, or match all of it, are constant there.
      const relevant = split.filter(
        (p) => p !== '*' && this.intersects(template, within, p) && !this.coversFormat(template, within, p),
      );
      const hit = this.searchComponents(relevant, within, template);
      witnesses.push(...hit.witnesses);
      if (!hit.complete) complete = false;
    });
    return { witnesses, complete };
  }

  /**
   * Region witnesses of `patterns` (inside `within`), searched one group at a time: patterns
   * whose literal prefixes (before the first wildcard) differ, neither being a prefix of the
   * other, match no common string, so a string matching a pattern of one group matches none of
   * another, and the regions of the whole set are those of each group plus "matches none". A
   * policy of thousands of statements on distinct buckets is thousands of small searches rather
   * than one over the product of thousands of automata. For "matches none", a witness of one
   * group that matches no pattern of the others is kept; if there is none, the search is
   * incomplete (what depends on it is indeterminate).
   */
  private searchComponents(
    patterns: readonly string[],
    within: ArnTokens | undefined,
    withinKey: string,
  ): { witnesses: string[]; complete: boolean } {
    const groups = prefixGroups(patterns);
    const witnesses: string[] = [];
    let complete = true;
    const noneCandidates: string[] = [];
    for (const group of groups) {
      group.sort();
      const key = `${withinKey}\u0000${group.join('\n')}`;
      let hit = searchCache.get(key);
      if (!hit) {
        const r = regionWitnesses(
          group.map((p) => this.automatonOf(p)),
          { within: within ? [within] : undefined, maxStates: MAX_STATES },
        );
        const none = r.regions.find((x) => x.matches.every((m) => !m))?.witness;
        hit = {
          witnesses: r.regions.filter((x) => x.matches.some((m) => m)).map((x) => x.witness),
          none,
          complete: r.complete,
        };
        if (searchCache.size > 20_000) searchCache.clear();
        searchCache.set(key, hit);
      }
      witnesses.push(...hit.witnesses);
      if (hit.none !== undefined) noneCandidates.push(hit.none);
      if (!hit.complete) complete = false;
    }
    if (groups.length === 0) {
      // No pattern: one witness for the whole format (or any string).
      const r = regionWitnesses([], { within: within ? [within] : undefined, maxStates: MAX_STATES });
      return { witnesses: r.regions.map((x) => x.witness), complete: r.complete };
    }
    if (groups.length === 1) {
      if (noneCandidates.length) witnesses.push(noneCandidates[0]!);
      return { witnesses, complete };
    }
    // "Matches none" exists when every group has such strings; it must avoid every group.
    if (noneCandidates.length === groups.length) {
      const none = noneCandidates.find((w) => !patterns.some((p) => this.matcher(p).test(w)));
      if (none !== undefined) witnesses.push(none);
      else complete = false;
    }
    return { witnesses, complete };
  }

  /**
   * The witnesses of `q`: readable candidates and exhaustive-search witnesses, one per class of
   * resources the patterns, accounts, Regions and model resources split the action's ARN formats
   * into (`classKey`), the readable one first.
   */
  private compute(q: WitnessQuery, shape: ActionResourceShape, trust: boolean): WitnessSet {
    const restrict = q.restrictTo;
    if (restrict !== undefined && !hasWildcard(restrict)) return { resources: [restrict], complete: true };
    const starOnly = shape.within !== undefined && shape.within.length === 0;
    const starOk = shape.star && (restrict === undefined || this.matcher(restrict).test('*'));
    if (starOnly) return { resources: starOk ? ['*'] : [], complete: true };

    const { split, splitResources } = this.splitPatterns(q, trust);
    // Readable candidates before the search splits off more resources (it grows `splitResources`).
    const readable = this.readableCandidates(q, shape, splitResources, trust, starOk);
    const { witnesses, complete } = this.searchUntilSplit(split, splitResources, shape, !!q.untilIncomplete);

    // A search witness is a string of the format it was searched in (glob-witness.ts keeps
    // to `within`): only a readable candidate needs its format checked.
    const inShape = (s: string, searched: boolean): boolean => {
      if (s === '*') return starOk;
      if (restrict !== undefined && !this.matcher(restrict).test(s)) return false;
      return searched || !shape.within || shape.within.some((t) => inFormat(t, s));
    };
    const patterns = [...split];
    const seen = new Set<string>();
    const out: string[] = [];
    const all = [...readable, ...witnesses];
    for (const [i, s] of all.entries()) {
      if (!inShape(s, i >= readable.length)) continue;
      const k = this.classKey(s, patterns, splitResources, trust);
      if (seen.has(k)) continue;
      seen.add(k);
      out.push(
        i < readable.length
          ? s
          : this.filledRuns(
              s,
              splitResources,
              (x) => inShape(x, false) && this.classKey(x, patterns, splitResources, trust) === k,
            ),
      );
    }
    return { resources: out, complete };
  }

  /**
   * A searched witness `s` with each unknown name part of a split resource that it fills with
   * nothing filled with text (`app-data-example/z`, not `app-data-/z`): the engine takes an
   * unknown part as any run, the empty one included, so the search's shortest string may leave
   * it empty, which reads as a name no one would give. Only another member of the same class
   * replaces it (`sameClass`: in the action's formats, the same class key), so the decisions do
   * not change, only the example shown.
   */
  private filledRuns(
    s: string,
    splitResources: ReadonlySet<Resource>,
    sameClass: (x: string) => boolean,
  ): string {
    let out = s;
    for (const r of splitResources) {
      // a witness of a run pattern of `r` starts with the text before its first unknown part
      const head = r.arn.indexOf(UNKNOWN_NAME_PART_OPEN);
      if (head < 0 || !out.startsWith(r.arn.slice(0, head))) continue;
      for (const split of resourceSplitPatterns(r)) {
        // the split pattern with each unknown part a run: its runs are the unknown parts
        const p = unknownPartsAsRuns(split, '');
        if (!this.matches(p, out)) continue;
        const runs = emptyRuns(p, out);
        // right to left: a fill leaves the places of the runs before it as they are
        for (const at of runs.reverse())
          for (const fill of EMPTY_RUN_FILLS) {
            const x = out.slice(0, at) + fill + out.slice(at);
            if (sameClass(x)) {
              out = x;
              break;
            }
          }
      }
    }
    return out;
  }

  /**
   * The patterns that split resources into classes (the query's, its restriction, each account
   * and Region, the model resources a principal of the query's account tells apart, role ARNs
   * for a trust question) and those resources.
   */
  private splitPatterns(
    q: WitnessQuery,
    trust: boolean,
  ): { split: Set<string>; splitResources: Set<Resource> } {
    const split = new Set<string>();
    for (const p of q.patterns) if (p !== '') split.add(p);
    if (q.restrictTo !== undefined) split.add(q.restrictTo);
    for (const a of [...this.accounts, ...(q.accounts ?? [])]) split.add(`arn:*:*:*:${a}:*`);
    split.add('arn:*:*:*::*');
    if (q.regions && q.regions.length > 0) {
      for (const r of [...this.modelRegions, ...q.regions]) split.add(`arn:*:*:${r}:*:*`);
      split.add('arn:*:*::*:*');
    }
    const splitResources = new Set<Resource>();
    for (const r of this.model.resources)
      if (this.distinguished(r, q.principalAccount)) {
        splitResources.add(r);
        for (const p of resourceSplitPatterns(r)) split.add(p);
      }
    if (trust) for (const a of this.roleArns) split.add(a);
    return { split, splitResources };
  }

  /** Readable candidates: model ARNs, instances of the patterns and of the ARN formats. */
  private readableCandidates(
    q: WitnessQuery,
    shape: ActionResourceShape,
    splitResources: ReadonlySet<Resource>,
    trust: boolean,
    starOk: boolean,
  ): string[] {
    const service = q.action.includes(':') ? q.action.slice(0, q.action.indexOf(':')).toLowerCase() : '*';
    const d = this.defaults(q.principalAccount);
    const readable: string[] = [];
    if (q.restrictTo !== undefined) readable.push(instantiatePattern(q.restrictTo, service, d));
    for (const r of this.model.resources) readable.push(r.arn);
    if (trust) readable.push(...this.roleArns);
    for (const p of q.patterns)
      for (const x of unionMembers(p)) if (x !== '') readable.push(instantiatePattern(x, service, d));
    // The formats filled for the principal's account, then for other accounts (readable
    // stand-ins for resources of other model accounts and of accounts outside the model).
    for (const account of [d.account, ...this.accounts.filter((a) => a !== d.account), this.otherAccount])
      for (const t of shape.templates ?? []) readable.push(instantiateTemplate(t, { ...d, account }));
    for (const r of splitResources) {
      const parsed = parseArn(r.arn);
      if (parsed?.service === 's3' && !parsed.resource.includes('/')) readable.push(`${r.arn}/${FILL}`);
    }
    if (starOk) readable.push('*');
    return readable;
  }

  /**
   * Exhaustive search: one witness per region of the split patterns within the action's ARN
   * formats. A witness that lands on a model resource stands only for that resource's class, so
   * the resource is split off (`split` and `splitResources` grow) and the search repeated until
   * no class is left unrepresented (at most 50 rounds).
   */
  private searchUntilSplit(
    split: Set<string>,
    splitResources: Set<Resource>,
    shape: ActionResourceShape,
    untilIncomplete: boolean,
  ): { witnesses: string[]; complete: boolean } {
    let complete = true;
    let witnesses: string[] = [];
    for (let round = 0; round < 50; round++) {
      const search = this.search([...split], shape, untilIncomplete);
      complete = search.complete;
      witnesses = search.witnesses;
      let added = false;
      for (const w of witnesses) {
        const r = modelResourceOf(this.byArn, w);
        if (r && !splitResources.has(r)) {
          splitResources.add(r);
          for (const p of resourceSplitPatterns(r))
            if (!split.has(p)) {
              split.add(p);
              added = true;
            }
        }
      }
      if (!added || !complete) break;
    }
    return { witnesses, complete };
  }

  /** The class of a resource string: which patterns match it, which split resource it is. */
  private classKey(
    s: string,
    patterns: readonly string[],
    splitResources: ReadonlySet<Resource>,
    trust: boolean,
  ): string {
    let bits = '';
    for (const p of patterns) bits += this.matches(p, s) ? '1' : '0';
    const r = modelResourceOf(this.byArn, s);
    const who = r ? (splitResources.has(r) ? `r:${r.id}` : 'm') : '';
    const role = trust && this.roleArns.includes(s) ? `role:${s}` : '';
    return `${bits}|${who}|${role}`;
  }
}

/** Texts tried, in order, for an unknown name part a searched witness leaves empty (`filledRuns`). */
const EMPTY_RUN_FILLS = [FILL, 'x', 'z', '0', '-'];

/**
 * The places in `s` where a run (`*`) of the pattern `p` (no `?`), which matches `s`, takes no
 * character, in the first way of matching (each run as short as it can be).
 */
function emptyRuns(p: string, s: string): number[] {
  const parts = p.split('*').map(escapeRegExp);
  const m = new RegExp(`^${parts.join('(.*?)')}$`, 'ds').exec(s);
  const out: number[] = [];
  if (!m?.indices) return out;
  for (let g = 1; g < m.length; g++) {
    const at = m.indices[g];
    if (at && at[0] === at[1]) out.push(at[0]);
  }
  return out;
}

/**
 * Separates the members of a union of patterns (`unionPattern`): a character no ARN or policy
 * pattern holds.
 */
const UNION = '\u0001';

/**
 * One split pattern for several of which only whether one matches counts (the Resource values of
 * statements that differ in nothing else, src/analysis/exhaustive.ts `patternResources`): a
 * resource matches it when it matches a member. Its classes are those of the union, so N such
 * patterns split resources in two, not in up to 2^N regions. A single pattern is itself.
 */
export function unionPattern(members: readonly string[]): string {
  return [...new Set(members)].sort().join(UNION);
}

/** The members of a pattern made by `unionPattern` (a pattern alone: itself). */
function unionMembers(p: string): string[] {
  return p.includes(UNION) ? p.split(UNION) : [p];
}

const unionCache = new Map<string, PatternAutomaton>();

/**
 * The literal text of a pattern before its first wildcard; of a union, the longest prefix of its
 * members' (a string a member matches starts with it).
 */
function literalPrefix(p: string): string {
  const members = unionMembers(p);
  if (members.length > 1) {
    let out = literalPrefix(members[0]!);
    for (const m of members) {
      const x = literalPrefix(m);
      let i = 0;
      while (i < out.length && i < x.length && out[i] === x[i]) i++;
      out = out.slice(0, i);
    }
    return out;
  }
  let i = 0;
  while (i < p.length && p[i] !== '*' && p[i] !== '?') i++;
  return p.slice(0, i);
}

/**
 * Groups patterns so that two patterns in different groups have incompatible literal prefixes
 * (neither is a prefix of the other) and so match no common string. Sorted prefixes keep every
 * prefix's extensions right after it, so a stack of the open prefixes finds each one's nearest
 * compatible predecessor.
 */
export function prefixGroups(patterns: readonly string[]): string[][] {
  const items = [...new Set(patterns)].map((p) => ({ p, prefix: literalPrefix(p) }));
  items.sort((a, b) => (a.prefix < b.prefix ? -1 : a.prefix > b.prefix ? 1 : 0));
  const groups: string[][] = [];
  const stack: { prefix: string; group: number }[] = [];
  for (const it of items) {
    while (stack.length && !it.prefix.startsWith(stack[stack.length - 1]!.prefix)) stack.pop();
    let group: number;
    if (stack.length) group = stack[stack.length - 1]!.group;
    else {
      group = groups.length;
      groups.push([]);
    }
    groups[group]!.push(it.p);
    stack.push({ prefix: it.prefix, group });
  }
  return groups;
}
