/**
 * Wildcard patterns as `--fail` and the preview's dry-run request take them: `*` stands for any
 * run of characters (none included), every other character stands for itself. Matching never
 * builds a regular expression: the pattern is cut at its stars and the literal pieces are found
 * left to right with `indexOf`, the first piece at the start of the text and the last at its end.
 * Each piece is searched for once, from where the previous one ended, so the time grows with the
 * lengths of the text and the pattern, not their product: `*a*a*a*a*a*a*a*a*b` against a long URL
 * is as quick as `*b`.
 */

export interface WildcardOptions {
  /**
   * A pattern without `*` matches every text that contains it, not only the text itself
   * (`ip232.bin` as `*ip232.bin*`). Off by default: a pattern always describes the whole text.
   */
  readonly literalMatchesInside?: boolean;
}

/** A compiled pattern: true when the whole text matches. */
export type WildcardMatcher = (text: string) => boolean;

export function compileWildcard(pattern: string, options: WildcardOptions = {}): WildcardMatcher {
  const pieces = pattern.split("*");
  if (pieces.length === 1) return options.literalMatchesInside ? (text) => text.includes(pattern) : (text) => text === pattern;
  const first = pieces[0]!;
  const last = pieces[pieces.length - 1]!;
  // Empty pieces (from `**`, or a star at either end) constrain nothing.
  const middle = pieces.slice(1, -1).filter((p) => p !== "");
  const least = first.length + last.length + middle.reduce((n, p) => n + p.length, 0);
  return (text) => {
    if (text.length < least || !text.startsWith(first) || !text.endsWith(last)) return false;
    // The middle pieces lie, in order and without overlapping, between the first and the last.
    // Taking each at its leftmost place leaves the most room for the rest, so one pass decides.
    const end = text.length - last.length;
    let from = first.length;
    for (const piece of middle) {
      const at = text.indexOf(piece, from);
      if (at < 0 || at + piece.length > end) return false;
      from = at + piece.length;
    }
    return true;
  };
}

export function matchesWildcard(pattern: string, text: string, options?: WildcardOptions): boolean {
  return compileWildcard(pattern, options)(text);
}
