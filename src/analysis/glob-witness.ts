// Witness strings for IAM wildcard patterns: a string that matches two patterns (intersection),
// one but not another (difference), and one string for every combination of matches a set of
// patterns can produce (the regions of their Venn diagram). Patterns follow the engine's rules
// (src/policy/wildcard.ts): `*` is any run of characters, `?` one character; in an ARN-shaped
// pattern (six colon-separated fields) wildcards in the first five fields never cross a colon
// (IAM User Guide, "IAM JSON policy elements: Resource"). Each pattern is a small automaton over
// characters (the token form of src/catalog/arn-template.ts); the search walks the product of
// their determinized states breadth first, so every reachable combination is found and the
// witnesses are as short as possible. Characters that no pattern names literally all behave
// alike, so one fresh character stands for them and the search is exhaustive.

import { type ArnTokens, compileArnPattern, compileTemplate } from '../catalog/arn-template.js';

export type { ArnTokens } from '../catalog/arn-template.js';

/** Token form of a policy ARN pattern (or plain glob when it is not ARN-shaped). */
export function patternTokens(pattern: string): ArnTokens {
  return compileArnPattern(pattern);
}

/** Token form of a catalog ARN template (`arn:${Partition}:s3:::${BucketName}`). */
export function templateTokens(template: string, finalVariableExcludes = ''): ArnTokens {
  return compileTemplate(template, finalVariableExcludes);
}

function classMatches(tok: ArnTokens[number], ch: string): boolean {
  const cls = tok.cls;
  return cls.lit !== undefined ? cls.lit === ch : !cls.except.includes(ch);
}

/**
 * Several patterns of which only whether one of them matches counts (Resource values of
 * statements that differ in nothing else: src/analysis/exhaustive.ts `patternResources`): one
 * automaton, their union, so that the regions are those of the union, not of each member.
 */
export interface UnionTokens {
  union: readonly ArnTokens[];
}

/** A pattern's tokens or a union's. */
export type PatternAutomaton = ArnTokens | UnionTokens;

function isUnion(x: PatternAutomaton): x is UnionTokens {
  return !Array.isArray(x);
}

/**
 * The token array an automaton walks: a union's members one after the other, each followed by an
 * end marker (`undefined`), so that a position never steps from one member into the next; the
 * members' start positions; and the end positions (a state holding one accepts).
 */
type Walk = { tokens: readonly (ArnTokens[number] | undefined)[]; starts: number[]; ends: Set<number> };

function walkOf(x: PatternAutomaton): Walk {
  if (!isUnion(x)) return { tokens: x, starts: [0], ends: new Set([x.length]) };
  const tokens: (ArnTokens[number] | undefined)[] = [];
  const starts: number[] = [];
  const ends = new Set<number>();
  for (const m of x.union) {
    starts.push(tokens.length);
    tokens.push(...m);
    ends.add(tokens.length);
    tokens.push(undefined);
  }
  return { tokens, starts, ends };
}

/** Adds the star-skipping closure of `pos` to `into`. */
function addClosed(tokens: Walk['tokens'], pos: number, into: Set<number>): void {
  let i = pos;
  while (!into.has(i)) {
    into.add(i);
    if (i < tokens.length && tokens[i]?.star) i++;
    else break;
  }
}

function start(w: Walk): number[] {
  const s = new Set<number>();
  for (const p of w.starts) addClosed(w.tokens, p, s);
  return [...s].sort((a, b) => a - b);
}

/**
 * The position a union's state keeps when one member accepts every continuation (only stars
 * that match any character up to its end): the union then matches every string that goes on.
 */
const ACCEPT_ALL = -1;

function step(w: Walk, state: readonly number[], ch: string): number[] {
  if (state.length === 0) return state as number[];
  if (state[0] === ACCEPT_ALL) return state as number[];
  const tokens = w.tokens;
  const next = new Set<number>();
  for (const i of state) {
    const tok = tokens[i];
    if (!tok) continue;
    if (!classMatches(tok, ch)) continue;
    addClosed(tokens, tok.star ? i : i + 1, next);
  }
  if (next.size === 0) return [];
  if (w.starts.length > 1) for (const i of next) if (acceptsAll(tokens, i)) return [ACCEPT_ALL];
  return [...next].sort((a, b) => a - b);
}

/** Whether position `i` is a star matching any character, followed by such stars to its end. */
function acceptsAll(tokens: Walk['tokens'], i: number): boolean {
  let k = i;
  for (; tokens[k]; k++) {
    const t = tokens[k]!;
    if (!t.star || t.cls.lit !== undefined || t.cls.except.length > 0) return false;
  }
  return k > i;
}

function accepts(w: Walk, state: readonly number[]): boolean {
  if (state[0] === ACCEPT_ALL) return true;
  for (const i of state) if (w.ends.has(i)) return true;
  return false;
}

/**
 * True when `s` matches the token sequence (same answer as the engine's matcher). The token
 * array's automaton is cached, so repeated calls with the same array are table lookups.
 */
export function tokensMatch(tokens: ArnTokens, s: string): boolean {
  const dfa = dfaOf(tokens);
  let state = dfa.start;
  for (const ch of s) {
    state = dfa.step(state, ch);
    if (state === 0) return false;
  }
  return dfa.accepting[state]!;
}

const FRESH_CANDIDATES = 'xzqkjwvyuhgfdbpmnlortiesca0123456789_-.~+=@,';

/** A character of the class (a literal, else the first of FRESH_CANDIDATES it does not exclude). */
function memberOf(cls: ArnTokens[number]['cls']): string {
  if (cls.lit !== undefined) return cls.lit;
  for (const ch of FRESH_CANDIDATES) if (!cls.except.includes(ch)) return ch;
  for (let code = 0x100; ; code++) {
    const ch = String.fromCharCode(code);
    if (!cls.except.includes(ch)) return ch;
  }
}

/**
 * Two strings the token sequence matches: its shortest (each `*` repeated no time) and one with
 * each `*` taken once. A pattern that fails either cannot cover the sequence's strings, which
 * answers most "does this pattern cover this ARN format" questions without a search.
 */
export function sampleMembers(tokens: ArnTokens): [shortest: string, starsOnce: string] {
  let shortest = '';
  let starsOnce = '';
  for (const t of tokens) {
    const ch = memberOf(t.cls);
    if (!t.star) shortest += ch;
    starsOnce += ch;
  }
  return [shortest, starsOnce];
}

/** The characters the search tries: every literal and excluded one, plus one fresh character. */
function alphabetOf(all: readonly PatternAutomaton[]): string[] {
  const named = new Set<string>();
  for (const tokens of all.flatMap((x) => (isUnion(x) ? x.union : [x])))
    for (const t of tokens) {
      if (t.cls.lit !== undefined) named.add(t.cls.lit);
      else for (const ch of t.cls.except) named.add(ch);
    }
  let fresh: string | undefined;
  for (const ch of FRESH_CANDIDATES)
    if (!named.has(ch)) {
      fresh = ch;
      break;
    }
  for (let code = 0x100; fresh === undefined; code++) {
    const ch = String.fromCharCode(code);
    if (!named.has(ch)) fresh = ch;
  }
  // Fresh character first, then the named ones in a stable order: shortest witnesses prefer
  // the fresh character where any character will do.
  return [fresh, ...[...named].sort()];
}

/** One combination of matches and a string that produces it. */
export interface RegionWitness {
  witness: string;
  /** `matches[i]`: the witness matches `patterns[i]`. */
  matches: boolean[];
}

export interface RegionSearchOptions {
  /**
   * Only strings that match at least one of these count (for example the ARN templates of an
   * action's resource types). Undefined: every string counts.
   */
  within?: readonly ArnTokens[];
  /** Stop after this many product states (default 50,000); `complete` says whether it did. */
  maxStates?: number;
}

export interface RegionSearchResult {
  regions: RegionWitness[];
  /** False when the state limit stopped the search before every region was found. */
  complete: boolean;
  states: number;
}

/** A pattern's automaton, determinized lazily: state 0 is the dead state. */
class LazyDfa {
  private readonly ids = new Map<string, number>();
  private readonly sets: number[][] = [[]];
  private readonly next: Map<string, number>[] = [new Map()];
  readonly accepting: boolean[] = [false];
  /**
   * Per state, the characters its positions name (a literal, or one an except-class leaves
   * out): any other character steps every position as a character no pattern names does.
   */
  private readonly named: (string[] | undefined)[] = [[]];
  readonly start: number;
  private readonly walk: Walk;

  constructor(automaton: PatternAutomaton) {
    this.walk = walkOf(automaton);
    this.ids.set('', 0);
    this.start = this.idOf(start(this.walk));
  }

  private idOf(set: number[]): number {
    const key = set.join(',');
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.sets.length;
      this.ids.set(key, id);
      this.sets.push(set);
      this.next.push(new Map());
      this.accepting.push(accepts(this.walk, set));
      this.named.push(undefined);
    }
    return id;
  }

  /** The characters state `state` tells apart from an unnamed one (see `named`). */
  namedAt(state: number): string[] {
    let out = this.named[state];
    if (!out) {
      const chars = new Set<string>();
      for (const i of this.sets[state]!) {
        const tok = this.walk.tokens[i];
        if (!tok) continue;
        if (tok.cls.lit !== undefined) chars.add(tok.cls.lit);
        else for (const ch of tok.cls.except) chars.add(ch);
      }
      out = [...chars];
      this.named[state] = out;
    }
    return out;
  }

  step(state: number, ch: string): number {
    if (state === 0) return 0;
    const row = this.next[state]!;
    let to = row.get(ch);
    if (to === undefined) {
      to = this.idOf(step(this.walk, this.sets[state]!, ch));
      row.set(ch, to);
    }
    return to;
  }
}

const dfaCache = new WeakMap<PatternAutomaton, LazyDfa>();

/** The automaton of a token array or a union (cached per object: reuse them between calls). */
function dfaOf(tokens: PatternAutomaton): LazyDfa {
  let d = dfaCache.get(tokens);
  if (!d) {
    d = new LazyDfa(tokens);
    dfaCache.set(tokens, d);
  }
  return d;
}

/**
 * A product state of the search and the step that reached it first: the string that leads to it
 * is spelled out only for a state that is a new region's witness.
 */
interface Reached {
  states: number[];
  from: Reached | undefined;
  ch: string;
}

function spell(r: Reached): string {
  const chars: string[] = [];
  for (let x: Reached | undefined = r; x?.from; x = x.from) chars.push(x.ch);
  return chars.reverse().join('');
}

/**
 * One witness per non-empty region of the patterns' Venn diagram (restricted to `within`): for
 * every vector of match / no-match that some string produces, the shortest such string.
 * Token arrays are best reused between calls: their automata are cached per array.
 */
export function regionWitnesses(
  patterns: readonly PatternAutomaton[],
  options: RegionSearchOptions = {},
): RegionSearchResult {
  const within = options.within;
  const maxStates = options.maxStates ?? 50_000;
  const all: PatternAutomaton[] = within ? [...patterns, ...within] : [...patterns];
  const dfas = all.map(dfaOf);
  const alphabet = alphabetOf(all);
  const n = patterns.length;
  const m = all.length;
  const regions = new Map<string, RegionWitness>();
  const startStates = dfas.map((d) => d.start);
  const seen = new Set<string>([startStates.join(',')]);
  let queue: Reached[] = [{ states: startStates, from: undefined, ch: '' }];
  let complete = true;
  const scratch = new Array<number>(m).fill(0);
  const order = new Map(alphabet.map((ch, i) => [ch, i]));
  const tried = new Array<boolean>(alphabet.length).fill(false);
  search: while (queue.length > 0) {
    const nextQueue: Reached[] = [];
    for (let q = 0; q < queue.length; q++) {
      const at = queue[q]!;
      const states = at.states;
      let inWithin = !within;
      let alive = !within;
      for (let k = n; k < m; k++) {
        if (states[k] !== 0) alive = true;
        if (dfas[k]!.accepting[states[k]!]) {
          inWithin = true;
          break;
        }
      }
      if (inWithin) {
        let key = '';
        for (let i = 0; i < n; i++) key += dfas[i]!.accepting[states[i]!] ? '1' : '0';
        if (!regions.has(key))
          regions.set(key, { witness: spell(at), matches: [...key].map((c) => c === '1') });
      }
      // A state from which no string can reach `within` again adds nothing.
      if (!alive) continue;
      // Only the fresh character and those some automaton's state names: any other character
      // steps every automaton as the fresh one does (to a product state already seen, since the
      // fresh character comes first), so the characters tried, in alphabet order, find the same
      // states with the same witnesses as trying the whole alphabet.
      tried.fill(false);
      tried[0] = true;
      for (let i = 0; i < m; i++) {
        const named = dfas[i]!.namedAt(states[i]!);
        for (let k = 0; k < named.length; k++) tried[order.get(named[k]!)!] = true;
      }
      for (let c = 0; c < alphabet.length; c++) {
        if (!tried[c]) continue;
        const ch = alphabet[c]!;
        // Stepped into a scratch vector: most product states are seen already, and only a new
        // one is copied (a fresh search runs this loop cold, before the JIT has optimized it).
        let key = '';
        for (let i = 0; i < m; i++) {
          const to = dfas[i]!.step(states[i]!, ch);
          scratch[i] = to;
          key += i === 0 ? `${to}` : `,${to}`;
        }
        if (seen.has(key)) continue;
        if (seen.size >= maxStates) {
          complete = false;
          break search;
        }
        seen.add(key);
        const copy = scratch.slice(0, m);
        nextQueue.push({ states: copy, from: at, ch });
      }
    }
    queue = nextQueue;
  }
  return { regions: [...regions.values()], complete, states: seen.size };
}

/** A string matching both ARN patterns (`*`/`?` globs), or undefined when none exists. */
export function intersectionWitness(a: string, b: string): string | undefined {
  const r = regionWitnesses([patternTokens(a), patternTokens(b)]);
  return r.regions.find((x) => x.matches[0] && x.matches[1])?.witness;
}

/** A string matching ARN pattern `a` but not `b`, or undefined when `a` is covered by `b`. */
export function differenceWitness(a: string, b: string): string | undefined {
  const r = regionWitnesses([patternTokens(a), patternTokens(b)]);
  return r.regions.find((x) => x.matches[0] && !x.matches[1])?.witness;
}

/** True when every string `a` matches is also matched by `b` (pattern containment). */
export function patternCovers(b: string, a: string): boolean {
  return differenceWitness(a, b) === undefined;
}

/** A string matching every ARN pattern of `patterns`, or undefined when none does. */
export function commonWitness(patterns: readonly string[]): string | undefined {
  const r = regionWitnesses(patterns.map(patternTokens));
  return r.regions.find((x) => x.matches.every(Boolean))?.witness;
}
