// What a text function can tell of a string holding unknown name parts (`(unknown-…)`,
// src/model/stand-ins.ts) without knowing them, for both adapters: the string as known pieces and
// unknown parts, each part with the characters it may hold (`unknownPartShape`; in an ARN also by
// its place, src/model/slashed-names.ts `partExcludesInArn`, the rule the engine matches by), whether
// a search text may touch a part (`mayMeetUnknown`) and a split around the parts
// (`splitAroundUnknownParts`). Callers: src/adapters/terraform/eval/fn-text.ts (replace, split,
// substr, index...), src/adapters/cloudformation/intrinsics.ts (Fn::Split).

import { partExcludesInArn } from '../model/slashed-names.js';
import { isUnknownPathPart, unknownPartShape } from '../model/stand-ins.js';

/** An unknown part of a partly known string, with what its text may be (`unknownPartShape`). */
export interface UnknownPart {
  text: string;
  excludes: string;
  nonEmpty: boolean;
}

const UNKNOWN_PART = /\(unknown-[^()]*\)/g;

/**
 * A string with unknown name parts as alternating pieces: known text (possibly empty) at the even
 * places, an unknown part at the odd ones (`k0 u1 k1 u2 k2 …`).
 */
export function pieces(s: string): (string | UnknownPart)[] {
  const out: (string | UnknownPart)[] = [];
  let last = 0;
  for (const m of s.matchAll(UNKNOWN_PART)) {
    const shape = unknownPartShape(m[0]);
    const inArn = partExcludesInArn(s, m.index, isUnknownPathPart(m[0]));
    out.push(s.slice(last, m.index), { text: m[0], ...shape, excludes: shape.excludes + inArn });
    last = m.index + m[0].length;
  }
  out.push(s.slice(last));
  return out;
}

export function known(p: string | UnknownPart | undefined): string {
  return typeof p === 'string' ? p : '';
}

/**
 * Whether `from` may occur in a value of `ps` at a place that takes at least one character of an
 * unknown part, or that spans an unknown part which may be empty: for each unknown part, some
 * split `from = x + y + z` with `x` a suffix of the known text before it, `y` text the part may
 * be, `z` a prefix of the known text after it. Where `x` or `z` would reach past that known text
 * into another unknown part, it may.
 */
export function mayMeetUnknown(ps: (string | UnknownPart)[], from: string): boolean {
  for (let i = 1; i < ps.length; i += 2) {
    const part = ps[i] as UnknownPart;
    const before = known(ps[i - 1]);
    const after = known(ps[i + 1]);
    const openBefore = i > 1;
    const openAfter = i + 2 < ps.length;
    for (let a = 0; a <= from.length; a++) {
      const x = from.slice(0, a);
      const xFits = before.endsWith(x) || (openBefore && x.endsWith(before));
      if (!xFits) continue;
      for (let b = a; b <= from.length; b++) {
        const y = from.slice(a, b);
        if ([...y].some((c) => part.excludes.includes(c))) break;
        const z = from.slice(b);
        const zFits = after.startsWith(z) || (openAfter && z.startsWith(after));
        if (!zFits) continue;
        if (y.length > 0 || (!part.nonEmpty && x.length > 0 && z.length > 0)) return true;
      }
    }
  }
  return false;
}

/**
 * `s` split at `sep` around its unknown parts: `head` the pieces each ended by an occurrence of
 * `sep` before the first part that may touch it; `rest` false when no occurrence may touch a part
 * (`mayMeetUnknown`: every occurrence lies in known text, so `head` is the whole list, the parts
 * kept in the pieces they fall in), true when the pieces after `head` depend on the parts.
 * Undefined for an empty separator (pieces of characters), one that may spell a part, or a string
 * without parts.
 */
export function splitAroundUnknownParts(
  sep: string,
  s: string,
): { head: string[]; rest: boolean } | undefined {
  if (sep === '' || sep.length > 1_000 || sep.includes('(') || sep.includes(')')) return undefined;
  const ps = pieces(s);
  if (ps.length === 1) return undefined;
  if (!mayMeetUnknown(ps, sep)) {
    const out: string[] = [];
    let current = '';
    for (const p of ps) {
      if (typeof p !== 'string') {
        current += p.text;
        continue;
      }
      const cut = p.split(sep);
      current += cut[0];
      for (const next of cut.slice(1)) {
        out.push(current);
        current = next;
      }
    }
    out.push(current);
    return { head: out, rest: false };
  }
  // the first known piece's occurrences come before any that may touch a part (leftmost first)
  return { head: (ps[0] as string).split(sep).slice(0, -1), rest: true };
}
