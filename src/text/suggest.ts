// "Did you mean ...?": the one edit distance and the one ranking of close names, shared by every
// layer that suggests a correction (spec keys, policy actions, request and spec references,
// actions of requests and specs). Imports nothing, so the lowest layers may use it.

/**
 * Levenshtein distance between `a` and `b` (insertions, deletions and substitutions cost 1).
 * Counting stops once the distance must exceed `limit`: the result is then `limit + 1`.
 */
export function editDistance(a: string, b: string, limit = Number.POSITIVE_INFINITY): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      cur.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > limit) return limit + 1;
    prev = cur;
  }
  return prev[b.length]!;
}

/** The largest edit distance at which a name still counts as close to `want`. */
export function closeDistance(want: string): number {
  return Math.max(2, Math.floor(want.length / 4));
}

export interface RankOptions {
  /**
   * Names that are as good as equal although they differ (e.g. `role/john` for `user/john`):
   * ranked right after a case-insensitive match.
   */
  near?: (want: string, have: string) => boolean;
}

export interface Ranked<T> {
  item: T;
  /** 0 = equal ignoring case, 1 = `near`, otherwise 2 + the edit distance. */
  score: number;
}

/**
 * Every item whose name is close to `want`, best first. Close: equal ignoring case, `near`, one
 * name a prefix of the other (`want` at least 3 characters), or an edit distance of at most
 * `closeDistance(want)` and less than `want`'s length. Ranked by that score (a prefix match
 * scores its edit distance, the length difference), then shorter names, then alphabetically.
 * Comparisons ignore case.
 */
export function rankByCloseness<T>(
  want: string,
  items: Iterable<T>,
  nameOf: (item: T) => string,
  options: RankOptions = {},
): Ranked<T>[] {
  const w = want.toLowerCase();
  const max = closeDistance(w);
  const out: (Ranked<T> & { name: string })[] = [];
  for (const item of items) {
    const name = nameOf(item);
    const h = name.toLowerCase();
    let score: number;
    if (h === w) score = 0;
    else if (options.near?.(w, h)) score = 1;
    else if (w.length >= 3 && (h.startsWith(w) || w.startsWith(h))) score = 2 + Math.abs(h.length - w.length);
    else {
      const d = editDistance(w, h, max);
      if (d > max || d >= w.length) continue;
      score = 2 + d;
    }
    out.push({ item, score, name });
  }
  out.sort((x, y) => x.score - y.score || x.name.length - y.name.length || x.name.localeCompare(y.name));
  return out.map(({ item, score }) => ({ item, score }));
}

/** The (at most `limit`) names closest to `want`, best first; see `rankByCloseness`. */
export function closest(
  want: string,
  names: Iterable<string>,
  limit = 3,
  options: RankOptions = {},
): string[] {
  const out: string[] = [];
  for (const r of rankByCloseness(want, names, (n) => n, options)) {
    if (!out.includes(r.item)) out.push(r.item);
    if (out.length >= limit) break;
  }
  return out;
}

/** `did you mean a, b?` for the candidates, or undefined when there are none. */
export function didYouMean(candidates: readonly string[], quote = false): string | undefined {
  if (!candidates.length) return undefined;
  const shown = quote ? candidates.map((c) => `"${c}"`) : candidates;
  return `did you mean ${shown.join(', ')}?`;
}
