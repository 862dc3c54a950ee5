// Wildcard matching without regular expressions: `*` (any run of characters) and `?` (one
// character), with parts that are literal (text from a policy variable, `${*}`), captures (a
// free policy variable: any run, optionally at least one character) and the ARN rule that each
// of the six colon-separated fields is matched on its own (IAM User Guide, "IAM JSON policy
// elements: Resource" and the ArnLike condition operator). In the Resource element (not in
// ArnLike) "If the * wildcard is the last character of a resource ARN segment, it can expand to
// match beyond the colon boundaries" (same page): such a star may take colons (`crossing`).
//
// Policies, templates and plans come from pull requests, so a pattern may be built to make a
// backtracking matcher take exponential time (`*a*a*a…*a` against a long key). This module
// never backtracks more than one level: a pattern is literal segments separated by stars; the
// first segment is anchored at the start, the last at the end, and every segment in between is
// placed at its leftmost possible position (placing a segment further left never prevents a
// later one from matching, so the greedy choice is exact). The cost is at most
// O(pattern × value), and O(value) when the segments have no `?` (each one is an `indexOf`).
// Characters are UTF-16 code units, as a JavaScript RegExp without the `u` flag sees them.

/** One piece of a pattern. `wild` text has active `*` and `?`; a capture is a free variable. */
export type GlobPiece =
  | { kind: 'text'; text: string; wild: boolean }
  | {
      kind: 'capture';
      /** Least length: 0 (`.*`) or 1 (`.+`). */
      min: number;
    };

interface Segment {
  /** The segment's characters; a `?` position holds any character (see `any`). */
  text: string;
  /** Positions of `?`; undefined when the segment has none. */
  any: Uint8Array | undefined;
}

interface Star {
  /** Least number of characters this star takes. */
  min: number;
  /** Capture index, or -1. */
  capture: number;
}

/** A compiled glob: `segments.length === stars.length + 1`. */
export interface GlobProgram {
  readonly segments: readonly Segment[];
  readonly stars: readonly Star[];
  readonly captures: number;
  readonly caseInsensitive: boolean;
}

class Builder {
  segments: Segment[] = [];
  stars: Star[] = [];
  captures = 0;
  private chars: string[] = [];
  private any: number[] = [];

  char(ch: string, any: boolean): void {
    if (any) this.any.push(this.chars.length);
    this.chars.push(ch);
  }

  star(min: number, capture: boolean): void {
    const last = this.stars[this.stars.length - 1];
    // `**` is `*`: an uncaptured star right after another uncaptured one only adds its minimum.
    if (!capture && this.chars.length === 0 && last && last.capture < 0 && this.segments.length > 0) {
      last.min += min;
      return;
    }
    this.closeSegment();
    this.stars.push({ min, capture: capture ? this.captures++ : -1 });
  }

  closeSegment(): void {
    let any: Uint8Array | undefined;
    if (this.any.length) {
      any = new Uint8Array(this.chars.length);
      for (const i of this.any) any[i] = 1;
    }
    this.segments.push({ text: this.chars.join(''), any });
    this.chars = [];
    this.any = [];
  }
}

/** Compiles pieces to a program; with `caseInsensitive`, text is lowercased (match lowercases the value). */
export function compileGlobPieces(pieces: readonly GlobPiece[], caseInsensitive = false): GlobProgram {
  const b = new Builder();
  for (const p of pieces) {
    if (p.kind === 'capture') {
      b.star(p.min, true);
      continue;
    }
    const text = caseInsensitive ? p.text.toLowerCase() : p.text;
    for (let i = 0; i < text.length; i++) {
      const ch = text[i]!;
      if (p.wild && ch === '*') b.star(0, false);
      else b.char(ch, p.wild && ch === '?');
    }
  }
  b.closeSegment();
  return { segments: b.segments, stars: b.stars, captures: b.captures, caseInsensitive };
}

/** Compiles a policy glob (`*`, `?`). */
export function compileGlobText(pattern: string, caseInsensitive = false): GlobProgram {
  return compileGlobPieces([{ kind: 'text', text: pattern, wild: true }], caseInsensitive);
}

function segmentAt(seg: Segment, s: string, at: number): boolean {
  const t = seg.text;
  const any = seg.any;
  if (any === undefined) return s.startsWith(t, at);
  for (let i = 0; i < t.length; i++) {
    if (any[i] === 0 && s.charCodeAt(at + i) !== t.charCodeAt(i)) return false;
  }
  return true;
}

/** Leftmost start >= from where the segment fits wholly before `end`, or -1. */
function findSegment(seg: Segment, s: string, from: number, end: number): number {
  const len = seg.text.length;
  // (`indexOf` would clamp a start past the end of the string.)
  if (from + len > end) return -1;
  if (seg.any === undefined) {
    const at = s.indexOf(seg.text, from);
    return at >= 0 && at + len <= end ? at : -1;
  }
  for (let at = from; at + len <= end; at++) if (segmentAt(seg, s, at)) return at;
  return -1;
}

/**
 * Matches `s[start, end)`; fills `out` (capture index → text) when given. A case-insensitive
 * program expects the value already lowercased.
 */
function run(prog: GlobProgram, s: string, start: number, end: number, out: string[] | undefined): boolean {
  const { segments, stars } = prog;
  const first = segments[0]!;
  if (stars.length === 0) {
    return end - start === first.text.length && segmentAt(first, s, start);
  }
  const last = segments[segments.length - 1]!;
  const lastAt = end - last.text.length;
  if (lastAt < start + first.text.length || !segmentAt(first, s, start) || !segmentAt(last, s, lastAt)) {
    return false;
  }
  // Middle segments at their leftmost positions, each after its star's minimum.
  const starts = out ? new Array<number>(segments.length) : undefined;
  let pos = start + first.text.length;
  for (let k = 1; k < segments.length - 1; k++) {
    const seg = segments[k]!;
    const at = findSegment(seg, s, pos + stars[k - 1]!.min, lastAt);
    if (at < 0) return false;
    if (starts) starts[k] = at;
    pos = at + seg.text.length;
  }
  if (lastAt < pos + stars[stars.length - 1]!.min) return false;
  if (out && starts) {
    starts[0] = start;
    starts[segments.length - 1] = lastAt;
    for (let k = 0; k < stars.length; k++) {
      const c = stars[k]!.capture;
      if (c >= 0) out[c] = s.slice(starts[k]! + segments[k]!.text.length, starts[k + 1]!);
    }
  }
  return true;
}

/**
 * `s` lower-cased; `s` itself when it has no upper-case or non-ASCII character (matchers are
 * mostly given lower-case actions: `toLowerCase` would allocate a copy for each).
 */
export function lowerCase(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c >= 65 && c <= 90) || c > 127) return s.toLowerCase();
  }
  return s;
}

/** True when the whole value matches. */
export function globMatches(prog: GlobProgram, value: string): boolean {
  const s = prog.caseInsensitive ? lowerCase(value) : value;
  return run(prog, s, 0, s.length, undefined);
}

/**
 * True when `value` from `start` on matches a case-sensitive program: `globMatches(prog,
 * value.slice(start))` without the copy.
 */
export function globMatchesFrom(prog: GlobProgram, value: string, start: number): boolean {
  if (prog.caseInsensitive) return globMatches(prog, value.slice(start));
  return start <= value.length && run(prog, value, start, value.length, undefined);
}

/** The captured texts (one per capture, in order) when the value matches, else undefined. */
export function globCaptures(prog: GlobProgram, value: string): string[] | undefined {
  const s = prog.caseInsensitive ? value.toLowerCase() : value;
  const out = new Array<string>(prog.captures).fill('');
  return run(prog, s, 0, s.length, out) ? out : undefined;
}

// ------------------------------------------------------------------------------------ ARNs

/**
 * An ARN pattern: with five colons or more (in any piece but captures), each of the first five
 * fields is a glob of its own (its wildcards never cross a colon) and the sixth takes the rest;
 * otherwise one glob over the whole value.
 */
export type ArnProgram =
  | { kind: 'whole'; glob: GlobProgram; captures: number }
  | {
      kind: 'fields';
      fields: readonly GlobProgram[];
      captures: number;
      /** Resource element rule: the pattern as tokens where field-ending stars take colons. */
      crossing?: readonly CrossToken[];
    };

/**
 * One token of a pattern whose field-ending stars cross colons: a literal character, `?` or
 * `*`; `noColon` when the wildcard is inside one of the first five fields (it never takes a
 * colon) and does not end it.
 */
interface CrossToken {
  lit: string | undefined;
  star: boolean;
  noColon: boolean;
}

export interface ArnPatternOptions {
  /**
   * The Resource element's rule (IAM User Guide, "IAM JSON policy elements: Resource"): a `*`
   * that is the last character of one of the first five fields may match beyond the colon that
   * ends it. Not for ArnLike, whose "six colon-delimited components of the ARN" are "checked
   * separately". Patterns with captures keep the field-by-field rule.
   */
  segmentEndStarCrosses?: boolean;
}

/** The tokens of `pieces` (text only) for `crossing`, or undefined when no star ends a field. */
function crossTokens(pieces: readonly GlobPiece[]): CrossToken[] | undefined {
  const out: CrossToken[] = [];
  let field = 0;
  let crosses = false;
  for (const p of pieces) {
    if (p.kind === 'capture') return undefined;
    for (let i = 0; i < p.text.length; i++) {
      const ch = p.text[i]!;
      if (p.wild && (ch === '*' || ch === '?')) {
        out.push({ lit: undefined, star: ch === '*', noColon: field < 5 });
        continue;
      }
      if (ch === ':' && field < 5) {
        const prev = out[out.length - 1];
        if (prev?.star && prev.noColon) {
          prev.noColon = false;
          crosses = true;
        }
        field++;
      }
      out.push({ lit: ch, star: false, noColon: false });
    }
  }
  return crosses ? out : undefined;
}

/**
 * Matches `s` against crossing tokens: the set of token positions reached after each character
 * (a Thompson simulation), O(tokens × value), never backtracking.
 */
function crossMatches(toks: readonly CrossToken[], s: string): boolean {
  const n = toks.length;
  let cur = new Uint8Array(n + 1);
  let next = new Uint8Array(n + 1);
  const close = (set: Uint8Array) => {
    for (let i = 0; i < n; i++) if (set[i] && toks[i]!.star) set[i + 1] = 1;
  };
  cur[0] = 1;
  close(cur);
  for (let j = 0; j < s.length; j++) {
    const c = s[j]!;
    next.fill(0);
    let any = false;
    for (let i = 0; i < n; i++) {
      if (!cur[i]) continue;
      const t = toks[i]!;
      const ok = t.lit !== undefined ? t.lit === c : !(t.noColon && c === ':');
      if (!ok) continue;
      next[t.star ? i : i + 1] = 1;
      any = true;
    }
    if (!any) return false;
    close(next);
    [cur, next] = [next, cur];
  }
  return cur[n] === 1;
}

/** Compiles an ARN pattern's pieces (case-sensitive, as ARNs are). */
export function compileArnPieces(pieces: readonly GlobPiece[], options: ArnPatternOptions = {}): ArnProgram {
  let colons = 0;
  for (const p of pieces) {
    if (p.kind === 'text')
      for (let i = 0; i < p.text.length && colons < 5; i++) if (p.text[i] === ':') colons++;
  }
  if (colons < 5) {
    const glob = compileGlobPieces(pieces);
    return { kind: 'whole', glob, captures: glob.captures };
  }
  // Split the pieces at the first five colons; captures are numbered across the fields.
  const fieldPieces: GlobPiece[][] = [[]];
  for (const p of pieces) {
    if (p.kind === 'capture') {
      fieldPieces[fieldPieces.length - 1]!.push(p);
      continue;
    }
    let from = 0;
    for (let i = 0; i < p.text.length; i++) {
      if (p.text[i] === ':' && fieldPieces.length < 6) {
        if (i > from) fieldPieces[fieldPieces.length - 1]!.push({ ...p, text: p.text.slice(from, i) });
        fieldPieces.push([]);
        from = i + 1;
      }
    }
    if (from < p.text.length) fieldPieces[fieldPieces.length - 1]!.push({ ...p, text: p.text.slice(from) });
  }
  const fields = fieldPieces.map((f) => compileGlobPieces(f));
  const captures = fields.reduce((n, f) => n + f.captures, 0);
  const crossing = options.segmentEndStarCrosses ? crossTokens(pieces) : undefined;
  return { kind: 'fields', fields, captures, ...(crossing ? { crossing } : {}) };
}

/** Compiles an ARN pattern from a policy (`*`, `?`, no variables). */
export function compileArnText(pattern: string, options: ArnPatternOptions = {}): ArnProgram {
  return compileArnPieces([{ kind: 'text', text: pattern, wild: true }], options);
}

/** True when `s` has more than five colons (only then can a field-ending star take one). */
function moreThanFiveColons(s: string): boolean {
  let at = -1;
  for (let k = 0; k < 6; k++) {
    at = s.indexOf(':', at + 1);
    if (at < 0) return false;
  }
  return true;
}

function runArn(prog: ArnProgram, value: string, out: string[] | undefined): boolean {
  if (prog.kind === 'whole') return run(prog.glob, value, 0, value.length, out);
  let start = 0;
  let base = 0;
  for (let f = 0; f < 6; f++) {
    const end = f < 5 ? value.indexOf(':', start) : value.length;
    if (end < 0) return false;
    const glob = prog.fields[f]!;
    const local = out && glob.captures ? new Array<string>(glob.captures).fill('') : undefined;
    if (!run(glob, value, start, end, local)) return false;
    if (out && local) for (let i = 0; i < local.length; i++) out[base + i] = local[i]!;
    base += glob.captures;
    start = end + 1;
  }
  return true;
}

/** True when the ARN matches the pattern. */
export function arnMatches(prog: ArnProgram, value: string): boolean {
  if (runArn(prog, value, undefined)) return true;
  // A field-ending star that takes no colon matches field by field; one that takes a colon
  // leaves the value's first five colons to the star and needs a sixth for the pattern's own.
  return prog.kind === 'fields' && prog.crossing !== undefined && moreThanFiveColons(value)
    ? crossMatches(prog.crossing, value)
    : false;
}

/** The captured texts when the ARN matches, else undefined. */
export function arnCaptures(prog: ArnProgram, value: string): string[] | undefined {
  const out = new Array<string>(prog.captures).fill('');
  return runArn(prog, value, out) ? out : undefined;
}
