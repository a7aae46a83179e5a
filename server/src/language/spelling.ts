/** Did-you-mean suggestions by edit distance (Levenshtein, with a transposition counted as one). */

export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  const rows = a.length + 1;
  const cols = b.length + 1;
  let prevPrev: number[] = [];
  let prev = Array.from({ length: cols }, (_, j) => j);
  for (let i = 1; i < rows; i++) {
    const row = [i];
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, prevPrev[j - 2]! + 1);
      row.push(best);
    }
    prevPrev = prev;
    prev = row;
  }
  return prev[cols - 1]!;
}

/**
 * Candidates close to `word`, best first. Close means at most 1 edit for words up to 4
 * characters, 2 for up to 8 and 3 beyond; a clipped word (`warn` for `warning`) also counts,
 * ranked after real typos. Comparison ignores case.
 */
export function suggestions(word: string, candidates: Iterable<string>): string[] {
  const lower = word.toLowerCase();
  const limit = lower.length <= 4 ? 1 : lower.length <= 8 ? 2 : 3;
  const scored: [string, number][] = [];
  for (const candidate of candidates) {
    const other = candidate.toLowerCase();
    // The distance is at least the difference in length: no need to compute it beyond the limit.
    const distance = Math.abs(lower.length - other.length) > limit ? Infinity : editDistance(lower, other);
    if (distance <= limit) scored.push([candidate, distance]);
    else if (isClipped(lower, other)) scored.push([candidate, limit + 0.5]);
  }
  return scored.sort((x, y) => x[1] - y[1] || (x[0] < y[0] ? -1 : 1)).map(([c]) => c);
}

/** One word is the start of the other and at least half as long (`warn`, `warning`). */
function isClipped(a: string, b: string): boolean {
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  return short.length >= 3 && short.length * 2 >= long.length && long.startsWith(short);
}

/** The one clear suggestion, if a single candidate is closest. */
export function bestSuggestion(word: string, candidates: Iterable<string>): string | undefined {
  const best = closest(word, candidates);
  return best.length === 1 ? best[0] : undefined;
}

/** The closest candidates: all that share the best distance, at most `max`. */
export function closest(word: string, candidates: Iterable<string>, max = 2): string[] {
  const lower = word.toLowerCase();
  const ranked = suggestions(word, candidates);
  const first = ranked[0];
  if (first === undefined) return [];
  const best = rank(lower, first.toLowerCase());
  return ranked.filter((c) => rank(lower, c.toLowerCase()) === best).slice(0, max);
}

function rank(a: string, b: string): number {
  const distance = editDistance(a, b);
  return isClipped(a, b) && distance > 1 ? Infinity : distance;
}

/** ` (did you mean 'x'?)` for the closest candidates, or empty. */
export function didYouMean(word: string, candidates: Iterable<string>): string {
  const ranked = closest(word, candidates);
  if (ranked.length === 0) return "";
  return ` (did you mean ${ranked.map((c) => `'${c}'`).join(" or ")}?)`;
}

/** Whether replacing `word` by `candidate` is a plain typo fix (one edit), safe to apply. */
export function isTypo(word: string, candidate: string): boolean {
  return editDistance(word.toLowerCase(), candidate.toLowerCase()) <= 1;
}
