// The names a principal may give the new compute it starts with a passed role. A start request of
// escalation-methods.ts `PASS_ROLE_COMPUTE` (lambda:CreateFunction, ec2:RunInstances, a launch
// configuration and its Auto Scaling group, a Glue job, a stack, ...) names a resource the maker
// names itself; the probe name stands for the names no policy names, and a policy that allows the
// start only on named resources (`function:team-*`) allows it on those: each request is decided
// too on one witness of every class of names the principal's policies tell apart (the engine's
// witness resources, analysis/exhaustive.ts `patternResources`: Allow and Deny patterns of every
// policy that may apply, so a Deny on the pattern is respected). Owns `withStartNames`, used by
// the review (risk-escalation.ts) and the escalation graph (escalation.ts) alike.
// A request on compute that exists already (`EscalationStep.existing`: a function whose
// configuration is updated, an instance given a profile, a group updated), when asked for
// (`existing`, the pass-role starts), is tried on the inputs' resources its pattern matches (a
// sure start) and on the other names, each an alternative that stays open: the resource may not
// exist ("on an existing resource matching P", P the policies' pattern, escalation-existing-starts.ts).

import { isOptInRegion, optInRegionWhy } from '../aws/opt-in-regions.js';
import type { Engine } from '../engine/engine.js';
import type { Model } from '../model/types.js';
import { parseArn } from '../model/arns.js';
import { hasUnknownNamePart, UNKNOWN_NAME_PART_OPEN, unknownPartNote } from '../model/stand-ins.js';
import { escapeRegExp } from '../text/regexp.js';
import type { StartAlternative } from './escalation-launch-templates.js';
import type { EscalationStep } from './escalation-methods.js';
import { existingOpen, inputResourcesFor } from './escalation-existing-starts.js';
import { patternResources } from './exhaustive.js';

/** At most this many names are tried for one request's resource, and this many combinations per alternative. */
const MAX_NAMES = 16;
const MAX_COMBINATIONS = 64;

/** The start alternatives with the names tried, and whether every class of names was. */
export interface NamedStarts {
  alternatives: StartAlternative[];
  /** False when a search stopped at its limit (some names the policies tell apart were not tried). */
  complete: boolean;
}

/** The witnesses of one principal's action within a pattern, by engine (`patternResources`). */
const searched = new WeakMap<Engine, Map<string, { resources: string[]; complete: boolean }>>();

/**
 * `patternResources(engine, principal, action, pattern)`, kept per engine (the review asks each
 * many times); several actions: the names all their requests are decided alike on.
 */
export function witnessesOf(
  engine: Engine,
  principal: string,
  action: string | readonly string[],
  pattern: string,
) {
  let memo = searched.get(engine);
  if (!memo) {
    memo = new Map();
    searched.set(engine, memo);
  }
  const key = `${principal}\u0000${typeof action === 'string' ? action : action.join(' ')}\u0000${pattern}`;
  let hit = memo.get(key);
  if (!hit) {
    hit = patternResources(engine, principal, action, pattern);
    if (memo.size > 10_000) memo.clear();
    memo.set(key, hit);
  }
  return hit;
}

/** The ARNs of each model's resources (a witness may be one: the class's readable member). */
const inputArns = new WeakMap<object, ReadonlySet<string>>();

/**
 * `function team-x` for `arn:…:function:team-x`; an Auto Scaling ARN by its name (`…Name/NAME`).
 * A resource of the inputs (a witness stands for its class: a new name the policies treat alike
 * is what the maker creates) says so.
 */
function nameWords(engine: Engine, arn: string, existing = false, home?: string): string {
  let arns = inputArns.get(engine.model);
  if (!arns) {
    arns = new Set(engine.model.resources.map((r) => r.arn));
    inputArns.set(engine.model, arns);
  }
  const resource = parseArn(arn)?.resource ?? arn;
  const named = /^([^:/]+)[:/].*Name\/(.+)$/.exec(resource);
  const at = resource.search(/[:/]/);
  const words = named
    ? `${named[1]} ${named[2]}`
    : at < 0
      ? resource
      : `${resource.slice(0, at)} ${resource.slice(at + 1)}`;
  const region = parseArn(arn)?.region;
  const open = `${unknownPartNote(words)}${region && home !== undefined && region !== home ? ` in ${region}` : ''}`;
  if (existing) return `existing ${words}${open}`;
  return arns.has(arn) ? `${words}${open} (or a new name its policies treat alike)` : `${words}${open}`;
}

/** Whether the steps of `alt` on `resource` name compute that exists already. */
const isExisting = (alt: StartAlternative, resource: string) =>
  alt.steps.some((s) => s.resource === resource && s.existing);

/**
 * `alternatives` (on the probe name), then each with the same requests on the other names its
 * maker `principal` may give the resources they create (`EscalationStep.names`): one witness of
 * each class of names its policies tell apart for each request's action (the requests on one
 * resource share its name, so the union of their actions' witnesses), every combination of the
 * resources' names, each with `via` naming them (`with function team-x`). A resource whose
 * requests `settled` says are decided on the probe name already (allowed outright: no name does
 * better) is not searched.
 */
export function withStartNames(
  engine: Engine,
  principal: string,
  alternatives: readonly StartAlternative[],
  settled: (step: EscalationStep) => boolean,
  options: { existing?: boolean } = {},
): NamedStarts {
  let complete = true;
  // The alternatives as they are first (a group of the inputs named before a name searched).
  const out: StartAlternative[] = [...alternatives];
  for (const alt of alternatives) {
    // Each resource the maker names, with the names it may take other than the probe's.
    const choices: { resource: string; names: string[] }[] = [];
    for (const s of alt.steps) {
      if (s.names === undefined || choices.some((c) => c.resource === s.resource)) continue;
      if (s.existing && !options.existing) continue;
      const on = alt.steps.filter((x) => x.resource === s.resource);
      // The inputs' own resources of an existing step are tried whatever the probe's decision.
      const own = s.existing
        ? [...new Set(on.flatMap((x) => inputResourcesFor(engine, principal, { ...x, names: s.names })))]
        : [];
      if (on.every(settled)) {
        if (own.length) choices.push({ resource: s.resource, names: own.slice(0, MAX_NAMES) });
        continue;
      }
      const names = new Set<string>(own);
      for (const x of on) {
        const found = witnessesOf(engine, principal, x.action, s.names);
        if (!found.complete) complete = false;
        for (const r of found.resources)
          if (r !== s.resource && r !== '*') names.add(s.existing ? r : namedByMaker(s.resource, s.names, r));
      }
      if (names.size > MAX_NAMES) complete = false;
      if (names.size)
        choices.push({
          resource: s.resource,
          names: classesFirst(names, s.names, parseArn(s.resource)?.region).slice(0, MAX_NAMES),
        });
    }
    const combined = combinations(choices);
    if (combined.cut) complete = false;
    for (const chosen of combined.list)
      out.push({
        steps: alt.steps.map((s) => {
          const name = chosen.get(s.resource);
          if (name === undefined) return s;
          return s.existing
            ? { action: s.action, resource: name, existing: true as const }
            : { action: s.action, resource: name };
        }),
        via: [
          alt.via,
          `with ${[...chosen].map(([r, n]) => nameWords(engine, n, isExisting(alt, r), parseArn(r)?.region)).join(', ')}`,
        ]
          .filter(Boolean)
          .join(' '),
      });
  }
  // A start in an opt-in Region the inputs do not deploy to stays open (it may not be enabled);
  // a start on existing compute outside the inputs too (it may not exist); sure ones first.
  const marked = out.map((alt) => {
    const open = [
      options.existing ? existingOpen(engine, principal, alt.steps) : undefined,
      optInOpen(engine.model, alt.steps),
      alt.open,
    ].filter(Boolean);
    return open.length ? { ...alt, open: [...new Set(open)].join('; ') } : alt;
  });
  return { alternatives: [...marked.filter((a) => !a.open), ...marked.filter((a) => a.open)], complete };
}

/**
 * Why `steps` may start nothing because one of them is in an opt-in Region (aws/opt-in-regions.ts)
 * that the inputs do not deploy to (the Regions of the model's accounts and resources are enabled):
 * the account may not have enabled it. Undefined when every step's Region is enabled or default.
 */
function optInOpen(model: Model, steps: readonly EscalationStep[]): string | undefined {
  const regions = new Set<string>();
  for (const s of steps) {
    const region = parseArn(s.resource)?.region;
    if (region && isOptInRegion(region) && !inputRegions(model).has(region)) regions.add(region);
  }
  return regions.size ? [...regions].map(optInRegionWhy).join('; ') : undefined;
}

/** The Regions the inputs deploy to: their accounts' and their resources' (enabled in the account). */
const inputRegionsMemo = new WeakMap<Model, ReadonlySet<string>>();
function inputRegions(model: Model): ReadonlySet<string> {
  let out = inputRegionsMemo.get(model);
  if (!out) {
    const set = new Set<string>();
    for (const a of model.accounts) if (a.region) set.add(a.region);
    for (const r of model.resources) {
      const region = parseArn(r.arn)?.region;
      if (region) set.add(region);
    }
    out = set;
    inputRegionsMemo.set(model, out);
  }
  return out;
}

/**
 * Witness `witness` of a new resource's pattern `names` with the parts of `resource` (the request
 * on the probe name) that the maker does not choose put back: an unknown name part (an Auto Scaling
 * group's or launch configuration's uuid, which Auto Scaling gives at creation,
 * aws/launch-template-versions.ts `autoScalingGroupResource`). The maker names the name only, so a
 * policy naming one uuid may or may not allow the create (indeterminate), never surely.
 */
export function namedByMaker(resource: string, names: string, witness: string): string {
  if (!hasUnknownNamePart(resource)) return witness;
  const fixed = names.split('*');
  const at = new RegExp(`^${fixed.map(escapeRegExp).join('(.*?)')}$`, 's');
  const mine = at.exec(resource);
  const theirs = at.exec(witness);
  if (!mine || !theirs) return witness;
  let out = fixed[0]!;
  for (let i = 1; i < fixed.length; i++) out += keptUnknown(mine[i]!, theirs[i]!) + fixed[i]!;
  return out;
}

/**
 * The witness's text `theirs` for a wildcard whose text in the request on the probe name is `mine`:
 * `mine` itself where it is only an unknown part; where it holds a name the maker chooses before
 * its unknown part (a StackSet's `NAME:(unknown id)`), the witness's name up to the delimiter that
 * precedes the unknown part, then that part (the witness's name kept, its id left unknown).
 */
function keptUnknown(mine: string, theirs: string): string {
  if (!hasUnknownNamePart(mine)) return theirs;
  const at = mine.indexOf(UNKNOWN_NAME_PART_OPEN);
  if (at === 0) return mine;
  const delimiter = mine[at - 1]!;
  const cut = theirs.lastIndexOf(delimiter);
  return cut < 0 ? theirs : theirs.slice(0, cut + 1) + mine.slice(at);
}

/**
 * The witnesses of `pattern` with the classes of names the patterns tell apart first: the
 * witnesses that split a class by an account id written into the name (the witness search splits
 * by every account the model and conditions name where a `*` may span `:`,
 * witness-resources.ts `conditionSplits`) after those that hold none, fewer first, so the cap
 * (`MAX_NAMES`) cuts the account splits before any class of names (before, 16 account splits
 * came before a class named `very-long-team-name-*`, which was not tried). With `home`, the
 * witnesses in that Region (the role's account's) before those of other Regions.
 */
export function classesFirst(names: Iterable<string>, pattern: string, home?: string): string[] {
  // the name part: past the ARN's fifth `:` (its Region may be `*`: every Region, computeStep)
  let at = 0;
  for (let k = 0; k < 5 && at >= 0; k++) at = pattern.indexOf(':', at) + 1 || -1;
  const star = pattern.indexOf('*', Math.max(at, 0));
  const from = star < 0 ? pattern.length : star;
  const splits = (arn: string) => arn.slice(from).match(/\d{12}/g)?.length ?? 0;
  // the home Region first, then the other Regions, the opt-in ones last (a start only there is
  // open, optInOpen: past the cap, a sure one in a default Region is tried first)
  const away = (arn: string) => {
    const region = parseArn(arn)?.region;
    if (home === undefined || region === home) return 0;
    return isOptInRegion(region) ? 2 : 1;
  };
  return [...names]
    .map((arn, i) => ({ arn, i, n: splits(arn), r: away(arn) }))
    .sort((a, b) => a.r - b.r || a.n - b.n || a.i - b.i)
    .map((x) => x.arn);
}

/**
 * Every choice of a name or the probe for each resource of `choices`, but all probes (that is the
 * alternative itself): maps from resource to the name chosen; `cut` past `MAX_COMBINATIONS`.
 */
function combinations(choices: readonly { resource: string; names: string[] }[]): {
  list: Map<string, string>[];
  cut: boolean;
} {
  let list: Map<string, string>[] = [new Map()];
  for (const c of choices)
    list = list.flatMap((m) => [m, ...c.names.map((n) => new Map([...m, [c.resource, n]]))]);
  list = list.filter((m) => m.size > 0);
  return { list: list.slice(0, MAX_COMBINATIONS), cut: list.length > MAX_COMBINATIONS };
}
