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
 * characters, 2 for up to 8 and 3 beyond; comparison ignores case.
 */
export function suggestions(word: string, candidates: Iterable<string>): string[] {
  const lower = word.toLowerCase();
  const limit = lower.length <= 4 ? 1 : lower.length <= 8 ? 2 : 3;
  const scored: [string, number][] = [];
  for (const candidate of candidates) {
    const distance = editDistance(lower, candidate.toLowerCase());
    if (distance <= limit) scored.push([candidate, distance]);
  }
  return scored.sort((x, y) => x[1] - y[1] || (x[0] < y[0] ? -1 : 1)).map(([c]) => c);
}

/** The one clear suggestion, if the best candidate is unique. */
export function bestSuggestion(word: string, candidates: Iterable<string>): string | undefined {
  const lower = word.toLowerCase();
  const ranked = suggestions(word, candidates);
  const first = ranked[0];
  if (first === undefined) return undefined;
  const second = ranked[1];
  if (second !== undefined && editDistance(lower, second.toLowerCase()) === editDistance(lower, first.toLowerCase())) return undefined;
  return first;
}

/** ` (did you mean 'x'?)`, or empty. */
export function didYouMean(word: string, candidates: Iterable<string>): string {
  const ranked = suggestions(word, candidates).slice(0, 2);
  if (ranked.length === 0) return "";
  return ` (did you mean ${ranked.map((c) => `'${c}'`).join(" or ")}?)`;
}
