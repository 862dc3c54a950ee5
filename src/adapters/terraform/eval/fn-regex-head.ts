// regex, regexall and replace with a /regex/ of a partly known string (a name with `(unknown-…)`
// parts, src/model/stand-ins.ts; a template with an unknown interpolation, a PartlyKnown): the
// exact result where the known head (the text before the first unknown part) fixes it, else
// undefined (the caller's unknown). No regex engine here: the match itself is re2js's, run on the
// head alone; this module only proves that the unknown text cannot change it (`reachesEnd`): no
// way of matching the pattern from a start at or before the match's can read the character after
// the head (the first of the unknown part), so the match, its groups and where it ends are the
// same for every text the part may be. It reads patterns of a plain subset of RE2 (literals,
// classes, `.`, groups, alternation, repetition, `^`), each character class tested by re2js
// itself; anything else (`$`, `\b`, flags, `\Q…\E`…) is left unknown. An unknown name part that
// cannot begin with a literal the pattern reads there (`unknownPartShape`, its place in an ARN:
// src/model/slashed-names.ts `partExcludesInArn`) stops that way, as `split` and `substr` reason
// (src/adapters/unknown-part-text.ts). regexall and replace find every match: decided only for a
// pattern anchored at the start (`^`), which matches at most once.
// Terraform: "regex applies a regular expression to a string and returns the matching
// substrings"; "regexall applies a regular expression to a string and returns a list of all
// matches"; replace: "If substring is wrapped in forward slashes, it is treated as a regular
// expression" (https://developer.hashicorp.com/terraform/language/functions/regex, regexall,
// replace).

import type { RE2JS } from 're2js';
import { re2 } from './re2.js';
import type { UnknownPart } from '../../unknown-part-text.js';

/** One node of a pattern of the subset read here. */
type Node =
  | { t: 'char'; source: string; lit?: string }
  | { t: 'bol' }
  | { t: 'seq'; items: Node[] }
  | { t: 'alt'; alts: Node[] }
  | { t: 'rep'; node: Node; min: number; max: number };

/** Longest pattern and head looked at (the proof is quadratic at worst). */
const MAX_PATTERN = 2_000;
const MAX_HEAD = 2_000;

/** Most positions `reachesEnd` follows (nested repetitions multiply them); past it, may. */
const MAX_STEPS = 200_000;

class Unsupported extends Error {}

/** The pattern as a tree of the subset, or undefined when it uses anything else. */
export function parsePattern(pattern: string): Node | undefined {
  if (pattern.length > MAX_PATTERN) return undefined;
  try {
    const p = new Parser([...pattern]);
    const node = p.alternation();
    if (p.i !== p.s.length) return undefined;
    return node;
  } catch (e) {
    if (e instanceof Unsupported) return undefined;
    throw e;
  }
}

class Parser {
  i = 0;
  constructor(readonly s: string[]) {}

  alternation(): Node {
    const alts = [this.sequence()];
    while (this.s[this.i] === '|') {
      this.i++;
      alts.push(this.sequence());
    }
    return alts.length === 1 ? alts[0]! : { t: 'alt', alts };
  }

  sequence(): Node {
    const items: Node[] = [];
    while (this.i < this.s.length && this.s[this.i] !== '|' && this.s[this.i] !== ')') {
      const atom = this.atom();
      items.push(this.repeat(atom));
    }
    return { t: 'seq', items };
  }

  atom(): Node {
    const c = this.s[this.i]!;
    if (c === '(') {
      this.i++;
      if (this.s[this.i] === '?') {
        // (?:…), (?P<name>…), (?<name>…); flags ((?i) and the like) are not read
        const rest = this.s.slice(this.i, this.i + 3).join('');
        if (rest.startsWith('?:')) this.i += 2;
        else if (rest.startsWith('?P<') || rest.startsWith('?<')) {
          const close = this.s.indexOf('>', this.i);
          if (close < 0) throw new Unsupported();
          this.i = close + 1;
        } else throw new Unsupported();
      }
      const inner = this.alternation();
      if (this.s[this.i] !== ')') throw new Unsupported();
      this.i++;
      return inner;
    }
    if (c === '^') {
      this.i++;
      return { t: 'bol' };
    }
    if (c === '.') {
      this.i++;
      return { t: 'char', source: '.' };
    }
    if (c === '[') return { t: 'char', source: this.charClass() };
    if (c === '\\') return this.escape();
    if ('$)*+?{|'.includes(c)) throw new Unsupported();
    this.i++;
    return { t: 'char', source: re2().quote(c), lit: c };
  }

  /** `[…]` as written (re2js tests its characters), through its closing `]`. */
  charClass(): string {
    const start = this.i;
    this.i++;
    if (this.s[this.i] === '^') this.i++;
    if (this.s[this.i] === ']') this.i++;
    while (this.i < this.s.length && this.s[this.i] !== ']') {
      const c = this.s[this.i]!;
      if (c === '\\') this.escapeText();
      else if (c === '[' && this.s[this.i + 1] === ':') {
        let close = this.i + 2;
        while (close < this.s.length && !(this.s[close] === ':' && this.s[close + 1] === ']')) close++;
        if (close >= this.s.length) throw new Unsupported();
        this.i = close + 2;
      } else this.i++;
    }
    if (this.s[this.i] !== ']') throw new Unsupported();
    this.i++;
    return this.s.slice(start, this.i).join('');
  }

  /** An escape outside a class: a class (`\d`, `\pL`) or one character. */
  escape(): Node {
    const next = this.s[this.i + 1];
    if (next === undefined) throw new Unsupported();
    const start = this.i;
    this.escapeText();
    const source = this.s.slice(start, this.i).join('');
    if (/^[^\p{L}\p{N}_]$/u.test(next)) return { t: 'char', source, lit: next };
    const control: Record<string, string> = { n: '\n', t: '\t', r: '\r', f: '\f', v: '\v', a: '\x07' };
    if (control[next]) return { t: 'char', source, lit: control[next] };
    return { t: 'char', source };
  }

  /** Moves past one escape (`\.`, `\d`, `\pL`, `\p{Greek}`, `\x41`, `\x{41}`); others unsupported. */
  escapeText(): void {
    const next = this.s[this.i + 1];
    if (next === undefined) throw new Unsupported();
    this.i += 2;
    if (/^[^\p{L}\p{N}_]$/u.test(next) || 'dDwWsSntrfva'.includes(next)) return;
    if (next === 'p' || next === 'P' || next === 'x') {
      if (this.s[this.i] === '{') {
        const close = this.s.indexOf('}', this.i);
        if (close < 0) throw new Unsupported();
        this.i = close + 1;
      } else this.i += next === 'x' ? 2 : 1;
      return;
    }
    throw new Unsupported();
  }

  repeat(atom: Node): Node {
    let node = atom;
    for (;;) {
      const c = this.s[this.i];
      let min: number;
      let max: number;
      if (c === '*') [min, max] = [0, Infinity];
      else if (c === '+') [min, max] = [1, Infinity];
      else if (c === '?') [min, max] = [0, 1];
      else if (c === '{') {
        const m = /^\{(\d+)(,(\d*))?\}/.exec(this.s.slice(this.i, this.i + 12).join(''));
        if (!m) throw new Unsupported();
        min = Number(m[1]);
        max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
        this.i += m[0].length - 1;
      } else return node;
      this.i++;
      if (this.s[this.i] === '?') this.i++;
      if (node.t === 'bol') throw new Unsupported();
      node = { t: 'rep', node, min, max };
    }
  }
}

/** Does every match of `node` begin at the start of the text (`^` first on every way)? */
function anchored(node: Node): boolean {
  switch (node.t) {
    case 'bol':
      return true;
    case 'seq':
      return node.items.length > 0 && anchored(node.items[0]!);
    case 'alt':
      return node.alts.every(anchored);
    case 'rep':
      return node.min > 0 && anchored(node.node);
    default:
      return false;
  }
}

/** Thrown when a way of matching may read the unknown text. */
class ReachesEnd extends Error {}

/**
 * Whether some way of matching `node` from one of the positions `starts` in the code points
 * `head` may read the character after the head (position `head.length`), followed by unknown
 * text: `part` when it is an unknown name part (a literal it cannot begin with stops there), else
 * any text. Over-approximate: it follows every way, whatever order RE2 would try them in.
 */
export function reachesEnd(
  node: Node,
  head: readonly string[],
  starts: Set<number>,
  part?: UnknownPart,
): boolean {
  const testers = new Map<string, RE2JS>();
  const matchesChar = (source: string, c: string) => {
    let re = testers.get(source);
    if (!re) {
      re = re2().compile(`(?:${source})`);
      testers.set(source, re);
    }
    return re.matches(c);
  };
  let budget = MAX_STEPS;
  const step = (n: Node, at: Set<number>): Set<number> => {
    budget -= at.size + 1;
    if (budget < 0) throw new ReachesEnd(); // too long to follow: may
    const out = new Set<number>();
    switch (n.t) {
      case 'bol':
        if (at.has(0)) out.add(0);
        return out;
      case 'char':
        for (const k of at) {
          if (k < head.length) {
            if (matchesChar(n.source, head[k]!)) out.add(k + 1);
          } else if (!(part?.nonEmpty && n.lit !== undefined && part.excludes.includes(n.lit)))
            throw new ReachesEnd();
        }
        return out;
      case 'seq': {
        let cur = at;
        for (const item of n.items) {
          if (!cur.size) break;
          cur = step(item, cur);
        }
        return cur;
      }
      case 'alt':
        for (const a of n.alts) for (const k of step(a, at)) out.add(k);
        return out;
      case 'rep': {
        let cur = at;
        for (let r = 0; r < n.min && cur.size; r++) {
          const next = step(n.node, cur);
          if (sameSet(next, cur)) break;
          cur = next;
        }
        const all = new Set(cur);
        for (let r = n.min; r < n.max && cur.size; r++) {
          const next = new Set([...step(n.node, cur)].filter((k) => !all.has(k)));
          for (const k of next) all.add(k);
          cur = next;
        }
        return all;
      }
    }
  };
  try {
    step(node, starts);
    return false;
  } catch {
    return true; // ReachesEnd, or a class re2js does not take alone: may
  }
}

function sameSet(a: Set<number>, b: Set<number>): boolean {
  return a.size === b.size && [...a].every((k) => b.has(k));
}

/** What `headMatch` proves: the pattern compiled, and where its first match in the head starts. */
export interface HeadMatch {
  re: RE2JS;
  /** The start, in UTF-16 units of the head, of the first match (undefined: no match at all). */
  start: number | undefined;
}

/**
 * The first match of `pattern` in a string that begins with `head` and goes on with unknown text
 * (`part`, the unknown name part right after the head; undefined: any text), when the unknown text
 * cannot change it: the match re2js finds in the head, or, for a pattern anchored at the start,
 * none at all (`start` undefined). `all`: the caller reads every match (regexall, replace), so
 * only an anchored pattern is decided. Undefined otherwise.
 */
export function headMatch(
  pattern: string,
  head: string,
  all: boolean,
  part?: UnknownPart,
): HeadMatch | undefined {
  const node = parsePattern(pattern);
  if (!node || head.length > MAX_HEAD) return undefined;
  const isAnchored = anchored(node);
  if (all && !isAnchored) return undefined;
  let re: RE2JS;
  try {
    re = re2().compile(pattern);
  } catch {
    return undefined; // the call's own error is the caller's
  }
  const m = re.matcher(head);
  const found = m.find();
  if (!found && !isAnchored) return undefined;
  const points = [...head];
  // the starts tried before and at the match (RE2 tries the leftmost start first)
  const through = found ? [...head.slice(0, m.start())].length : points.length;
  const starts = new Set<number>(isAnchored ? [0] : Array.from({ length: through + 1 }, (_x, k) => k));
  if (reachesEnd(node, points, starts, part)) return undefined;
  return { re, start: found ? m.start() : undefined };
}
